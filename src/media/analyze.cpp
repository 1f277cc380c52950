#include "media/analyze.h"

#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>

namespace media {
namespace {

using Clock = std::chrono::steady_clock;
using OrderedJson = nlohmann::ordered_json;

double MsSince(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

double Round(double x, int digits) {
  double f = std::pow(10.0, digits);
  double r = std::round(x * f) / f;
  return r == 0 ? 0.0 : r;  // no "-0.0"
}

OrderedJson Opt(const std::optional<double>& v, int digits) {
  return v && std::isfinite(*v) ? OrderedJson(Round(*v, digits)) : OrderedJson(nullptr);
}

// With at least this much speech and no word recognised, the transcript is not to be trusted.
constexpr double kSpeechWithoutWordsS = 2.0;

}  // namespace

MediaAnalysis AnalyzeDecoded(DecodedMedia media, const AnalyzeOptions& options, Transcriber* transcriber,
                             CaptureAnalyzer* capture) {
  MediaAnalysis a;
  a.info = media.info;
  a.duration_s = media.duration_s;
  a.has_audio = media.has_audio;
  a.has_video = media.has_video;
  a.language = options.language;
  a.transcriber = options.transcriber;
  a.warnings = std::move(media.warnings);

  auto t0 = Clock::now();
  a.voice = DetectVoice(media.audio, options.vad);
  a.pauses = MeasurePauses(a.voice.segments, options.vad.min_pause_s);
  a.levels = MeasureLevels(media.audio, a.voice.segments);
  a.stage_ms.vad_ms = MsSince(t0);

  t0 = Clock::now();
  a.pitch = MeasurePitch(media.audio, a.voice.segments);
  a.stage_ms.pitch_ms = MsSince(t0);

  if (options.transcript && transcriber && media.has_audio) {
    t0 = Clock::now();
    auto t = transcriber->Transcribe(media.audio, options.language);
    a.stage_ms.transcribe_ms = MsSince(t0);
    if (t.ok()) {
      a.transcript = std::move(t).value();
    } else {
      a.transcript_error = t.error().message;
      a.warnings.push_back("no transcript: " + t.error().message);
    }
  } else if (options.transcript && !media.has_audio) {
    a.transcript_error = "no audio to transcribe";
  }
  if (a.transcript) {
    const Transcript& tr = *a.transcript;
    a.spoken_units = CountSpokenUnits(tr.text, options.language);
    double minutes = a.voice.speaking_time_s / 60.0;
    if (minutes > 0) a.speech_rate = a.spoken_units / minutes;
    a.fillers = CountFillers(tr.text, options.language);
    if (minutes > 0) a.fillers_per_minute = a.fillers->total / minutes;
    a.low_confidence = tr.low_confidence || (a.spoken_units == 0 && a.voice.speaking_time_s >= kSpeechWithoutWordsS);
  }

  if (options.video && capture && media.has_video) {
    t0 = Clock::now();
    a.capture = capture->Analyze(media.frames);
    a.stage_ms.capture_ms = MsSince(t0);
  }
  if (!media.has_audio && a.warnings.empty()) a.warnings.push_back("the recording has no usable audio");
  return a;
}

core::Result<MediaAnalysis> AnalyzeMedia(const std::string& path, const AnalyzeOptions& options,
                                         Transcriber* transcriber, CaptureAnalyzer* capture) {
  auto start = Clock::now();
  DecodeOptions d = options.decode;
  d.video_frames = options.video && capture != nullptr;
  HF_ASSIGN(DecodedMedia media, DecodeMedia(path, d));
  double decode_ms = MsSince(start);
  MediaAnalysis a = AnalyzeDecoded(std::move(media), options, transcriber, capture);
  a.file = path;
  a.stage_ms.decode_ms = decode_ms;
  a.stage_ms.total_ms = MsSince(start);
  return a;
}

std::string MediaAnalysisJson(const MediaAnalysis& a) {
  const bool zh = a.language == Language::kZh;
  OrderedJson j;
  j["file"] = a.file;
  j["duration_s"] = Round(a.duration_s, 3);
  j["language"] = LanguageCode(a.language);
  j["has_audio"] = a.has_audio;
  j["has_video"] = a.has_video;
  j["format"] = {{"container", a.info.container},
                 {"audio_codec", a.info.audio_codec.empty() ? OrderedJson(nullptr) : OrderedJson(a.info.audio_codec)},
                 {"video_codec", a.info.video_codec.empty() ? OrderedJson(nullptr) : OrderedJson(a.info.video_codec)},
                 {"width", a.info.width > 0 ? OrderedJson(a.info.width) : OrderedJson(nullptr)},
                 {"height", a.info.height > 0 ? OrderedJson(a.info.height) : OrderedJson(nullptr)}};

  // Transcript.
  if (a.transcript) {
    const Transcript& t = *a.transcript;
    j["transcript"] = t.text;
    OrderedJson words = OrderedJson::array();
    for (const TranscriptWord& w : t.words) {
      OrderedJson jw = {{"w", w.w}, {"start", Round(w.start, 3)}, {"end", Round(w.end, 3)}};
      if (w.conf) jw["conf"] = Round(*w.conf, 3);
      words.push_back(std::move(jw));
    }
    j["words"] = std::move(words);
    OrderedJson segs = OrderedJson::array();
    for (const TranscriptSegment& s : t.segments) {
      segs.push_back({{"start", Round(s.start, 3)},
                      {"end", Round(s.end, 3)},
                      {"text", s.text},
                      {"confidence", Opt(s.confidence, 3)}});
    }
    j["segments"] = std::move(segs);
  } else {
    j["transcript"] = nullptr;
    j["words"] = OrderedJson::array();
    j["segments"] = OrderedJson::array();
  }
  j["low_confidence"] = a.low_confidence ? OrderedJson(*a.low_confidence) : OrderedJson(nullptr);
  OrderedJson tr = {{"engine", a.transcriber.engine.empty() ? OrderedJson(nullptr) : OrderedJson(a.transcriber.engine)},
                    {"model", a.transcriber.model.empty() ? OrderedJson(nullptr) : OrderedJson(a.transcriber.model)},
                    {"url", a.transcriber.url.empty() ? OrderedJson(nullptr) : OrderedJson(a.transcriber.url)},
                    {"mean_confidence", a.transcript ? Opt(a.transcript->mean_confidence, 3) : OrderedJson(nullptr)},
                    {"low_confidence_threshold", kLowConfidenceThreshold},
                    {"error", a.transcript_error ? OrderedJson(*a.transcript_error) : OrderedJson(nullptr)}};
  j["transcriber"] = std::move(tr);

  // Speech metrics.
  OrderedJson segs = OrderedJson::array();
  for (const TimeSpan& s : a.voice.segments) segs.push_back({{"start", Round(s.start, 3)}, {"end", Round(s.end, 3)}});
  j["voice_segments"] = std::move(segs);
  j["speaking_time_s"] = Round(a.voice.speaking_time_s, 3);
  j["speech_ratio"] = a.duration_s > 0 ? OrderedJson(Round(a.voice.speaking_time_s / a.duration_s, 4))
                                       : OrderedJson(nullptr);
  j["pause_count"] = a.pauses.count;
  j["total_pause_s"] = Round(a.pauses.total_s, 3);
  j["longest_pause_s"] = Round(a.pauses.longest_s, 3);
  j["mean_pause_s"] = Round(a.pauses.mean_s, 3);
  j[zh ? "character_count" : "word_count"] = a.transcript ? OrderedJson(a.spoken_units) : OrderedJson(nullptr);
  j["speech_rate_wpm"] = zh ? OrderedJson(nullptr) : Opt(a.speech_rate, 1);
  j["speech_rate_cpm"] = zh ? Opt(a.speech_rate, 1) : OrderedJson(nullptr);
  j["loudness_dbfs"] = Opt(a.levels.loudness_dbfs, 2);
  j["peak_dbfs"] = Opt(a.levels.peak_dbfs, 2);
  j["clipping_ratio"] = Round(a.levels.clipping_ratio, 6);
  j["pitch_hz"] = {{"median", Opt(a.pitch.median_hz, 1)}, {"p5", Opt(a.pitch.p5_hz, 1)}, {"p95", Opt(a.pitch.p95_hz, 1)}};
  j["pitch_variability_st"] = Opt(a.pitch.variability_st, 2);
  j["voiced_frames"] = a.pitch.voiced_frames;
  if (a.fillers) {
    OrderedJson counts = OrderedJson::object();
    for (const auto& [k, v] : a.fillers->counts) counts[k] = v;
    j["fillers"] = {{"total", a.fillers->total}, {"per_minute", Opt(a.fillers_per_minute, 2)}, {"counts", counts}};
  } else {
    j["fillers"] = nullptr;
  }
  j["vad"] = {{"noise_floor_dbfs", Round(a.voice.noise_floor_dbfs, 1)},
              {"speech_level_dbfs", Round(a.voice.speech_level_dbfs, 1)},
              {"threshold_dbfs", Round(a.voice.threshold_dbfs, 1)}};

  // Capture quality: review flags only.
  if (a.capture) {
    const CaptureSummary& c = *a.capture;
    j["capture"] = {{"frames", c.frames},
                    {"face_share", Round(c.face_share, 3)},
                    {"multiple_faces_share", Round(c.multiple_faces_share, 3)},
                    {"centred_share", Round(c.centred_share, 3)},
                    {"mean_brightness", Round(c.mean_brightness, 1)},
                    {"too_dark_share", Round(c.too_dark_share, 3)},
                    {"too_bright_share", Round(c.too_bright_share, 3)},
                    {"flags", c.flags},
                    {"use", "warnings and review flags only; never scoring"}};
  } else {
    j["capture"] = nullptr;
  }
  j["warnings"] = a.warnings;
  j["stage_ms"] = {{"decode", Round(a.stage_ms.decode_ms, 1)},
                   {"vad", Round(a.stage_ms.vad_ms, 1)},
                   {"pitch", Round(a.stage_ms.pitch_ms, 1)},
                   {"transcribe", Round(a.stage_ms.transcribe_ms, 1)},
                   {"capture", Round(a.stage_ms.capture_ms, 1)},
                   {"load_models", Round(a.stage_ms.load_models_ms, 1)},
                   {"total", Round(a.stage_ms.total_ms, 1)}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace media
