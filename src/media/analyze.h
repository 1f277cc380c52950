// media::AnalyzeMedia: the whole analysis of one interview answer (decode, voice activity,
// pauses, levels, pitch, transcript, speech rate, fillers, capture quality), and the CLI
// `hireflow media analyze` that prints it as one JSON object. Metric definitions:
// docs/media-analysis.md. Nothing here scores a candidate or reads emotion.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "media/capture.h"
#include "media/decode.h"
#include "media/speech.h"
#include "media/transcriber.h"

namespace media {

// What to report about the transcriber (it is echoed in the output, errors included).
struct TranscriberInfo {
  std::string engine;  // "pocketsphinx", "http", "none"
  std::string model;
  std::string url;     // HTTP endpoint; empty for the embedded engine
};

struct AnalyzeOptions {
  Language language = Language::kEn;
  bool transcript = true;  // transcribe (needs a Transcriber)
  bool video = true;       // capture checks on sampled frames (needs a CaptureAnalyzer)
  DecodeOptions decode;    // video_frames is derived from `video`
  VadOptions vad;
  TranscriberInfo transcriber;
};

struct StageTimes {
  double decode_ms = 0;
  double vad_ms = 0;  // voice activity, pauses, levels
  double pitch_ms = 0;
  double transcribe_ms = 0;
  double capture_ms = 0;
  double load_models_ms = 0;  // PocketSphinx model and face cascade (CLI only)
  double total_ms = 0;
};

struct MediaAnalysis {
  std::string file;
  MediaInfo info;
  double duration_s = 0;
  bool has_audio = false;
  bool has_video = false;
  Language language = Language::kEn;

  VoiceActivity voice;
  PauseStats pauses;
  LevelStats levels;
  PitchStats pitch;

  TranscriberInfo transcriber;
  std::optional<Transcript> transcript;     // nullopt: not asked, or the transcriber failed
  std::optional<std::string> transcript_error;
  int spoken_units = 0;                     // words (en) or characters (zh) in the transcript
  std::optional<double> speech_rate;        // spoken_units per minute of speaking time
  std::optional<FillerStats> fillers;
  std::optional<double> fillers_per_minute;  // per minute of speaking time
  std::optional<bool> low_confidence;       // nullopt without a transcript

  std::optional<CaptureSummary> capture;    // nullopt for audio-only files or when not asked
  std::vector<std::string> warnings;
  StageTimes stage_ms;
};

// Analyses decoded media. `transcriber` and `capture` may be null (no transcript / no capture
// summary). Transcriber failures do not fail the analysis: they land in transcript_error.
MediaAnalysis AnalyzeDecoded(DecodedMedia media, const AnalyzeOptions& options, Transcriber* transcriber,
                             CaptureAnalyzer* capture);

// Decodes `path` and analyses it; decode errors as DecodeMedia.
core::Result<MediaAnalysis> AnalyzeMedia(const std::string& path, const AnalyzeOptions& options,
                                         Transcriber* transcriber, CaptureAnalyzer* capture);

// The CLI's JSON object (one line, UTF-8).
std::string MediaAnalysisJson(const MediaAnalysis& analysis);

// hireflow media analyze FILE [--lang en|zh] [--transcriber URL|pocketsphinx] [--model M]
//                        [--api-key K] [--no-transcript] [--no-video]
// `args` are the words after "media analyze". Prints one JSON object to `out`. Exit 0 on success,
// 2 with one line on `err` for bad usage or an unreadable/invalid input file, 1 for internal
// failures. HIREFLOW_TRANSCRIBER_URL / _MODEL / _KEY stand in for the options.
int RunMediaAnalyzeCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace media
