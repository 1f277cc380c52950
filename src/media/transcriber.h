// media::Transcriber: speech to text behind one narrow interface. Implementations:
// PocketSphinxTranscriber (embedded, en-us, pocketsphinx_transcriber.h) and HttpTranscriber
// (an OpenAI-compatible /v1/audio/transcriptions service, http_transcriber.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "media/decode.h"

namespace media {

enum class Language { kEn, kZh };

// "en", "en-US", "english" -> kEn; "zh", "zh-CN", "cmn", "chinese" -> kZh; anything else nullopt.
std::optional<Language> ParseLanguage(std::string_view tag);
const char* LanguageCode(Language lang);  // "en" or "zh"

struct TranscriptWord {
  std::string w;
  double start = 0;  // seconds from the start of the audio
  double end = 0;
  std::optional<double> conf;  // 0..1 when the engine gives one
};

struct TranscriptSegment {
  double start = 0;
  double end = 0;
  std::string text;
  std::optional<double> confidence;  // 0..1 when the engine gives one
};

struct Transcript {
  std::string text;
  std::vector<TranscriptWord> words;        // empty when the engine gives no word timings
  std::vector<TranscriptSegment> segments;
  std::string engine;                       // "pocketsphinx", "http"
  std::string model;                        // e.g. "en-us", "whisper-1"
  std::optional<double> mean_confidence;    // duration-weighted mean of segment confidences
  bool low_confidence = false;              // see MarkConfidence
};

// Segments whose duration-weighted mean confidence is below this are flagged for a human to
// check the transcript before any use of it (docs/media-analysis.md).
inline constexpr double kLowConfidenceThreshold = 0.5;

// Sets mean_confidence from the segments (duration-weighted; unweighted if all durations are 0)
// and low_confidence when it is below `threshold`. Leaves both unset/false without confidences.
void MarkConfidence(Transcript& t, double threshold = kLowConfidenceThreshold);

class Transcriber {
 public:
  virtual ~Transcriber() = default;
  // Transcribes 16 kHz mono audio. Errors: kUnsupported (language the engine lacks),
  // kUnavailable (service down, timeout, HTTP error), kInternal (engine failure).
  // Implementations are safe to call from several threads.
  virtual core::Result<Transcript> Transcribe(const Audio& audio, Language lang) = 0;
};

}  // namespace media
