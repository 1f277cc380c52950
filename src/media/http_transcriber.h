// HttpTranscriber: an OpenAI-compatible transcription service (OpenAI, faster-whisper-server,
// whisper.cpp server, vLLM, LocalAI, ...) over libcurl:
//   POST {url}/v1/audio/transcriptions, multipart: file=<WAV 16 kHz mono>, model, language,
//   response_format=verbose_json, timestamp_granularities[]=word and =segment.
#pragma once

#include <string>
#include <string_view>

#include "media/transcriber.h"

namespace media {

struct HttpTranscriberOptions {
  // Base URL: "http://host:8000" or ".../v1" (then "/audio/transcriptions" is appended), or the
  // full ".../audio/transcriptions" endpoint.
  std::string url{};
  std::string model = "whisper-1";
  std::string api_key{};  // sent as "Authorization: Bearer KEY" when not empty
  long connect_timeout_ms = 10'000;
  // Whole request; 0 = 60 s plus the audio's duration (a slow service on CPU runs near real time).
  long timeout_ms = 0;
};

class HttpTranscriber final : public Transcriber {
 public:
  explicit HttpTranscriber(HttpTranscriberOptions options);

  // kUnavailable on connection failures, timeouts, HTTP errors (the message carries the status
  // and the service's error message) and unparseable answers.
  core::Result<Transcript> Transcribe(const Audio& audio, Language lang) override;

  const std::string& endpoint() const { return endpoint_; }

 private:
  // Set at construction.
  HttpTranscriberOptions options_;
  std::string endpoint_;
};

// The endpoint for a base URL, as described at HttpTranscriberOptions::url.
std::string TranscriptionEndpoint(std::string_view base_url);

// Parses a verbose_json (or plain json) answer: text, segments (confidence = exp(avg_logprob)),
// words. `model` is recorded in the transcript. kUnavailable when it is not such a JSON object.
core::Result<Transcript> ParseTranscriptionJson(std::string_view body, const std::string& model);

}  // namespace media
