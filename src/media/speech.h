// Speech metrics of a recording: voice activity, pauses, loudness, clipping, pitch (from 16 kHz
// mono audio), and speech rate and filler words (from a transcript). Pure functions, no I/O.
// Formulas, units and thresholds: docs/media-analysis.md.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "media/decode.h"
#include "media/transcriber.h"

namespace media {

struct TimeSpan {
  double start = 0;  // seconds
  double end = 0;
  double duration() const { return end - start; }
};

// Energy-based voice activity detection with a threshold adapted to each recording.
struct VadOptions {
  double frame_s = 0.025;        // analysis window
  double hop_s = 0.010;          // frame step
  double noise_percentile = 10;  // frame level taken as the noise floor
  double speech_percentile = 95; // frame level taken as the speech level
  double range_fraction = 0.3;   // threshold = noise + fraction * (speech - noise) ...
  double min_margin_db = 6;      // ... but at least this far above the noise floor
  double max_margin_db = 20;     // ... and at most this far
  double floor_dbfs = -60;       // frames below this are never speech
  double min_range_db = 8;       // speech - noise below this: no speech-like modulation, no speech
  double hysteresis_db = 3;      // once in speech, stay while level > threshold - this
  double min_pause_s = 0.25;     // shorter gaps are joined (so every reported pause is >= this)
  double min_speech_s = 0.08;    // shorter isolated bursts (clicks, knocks) are dropped
};

struct VoiceActivity {
  std::vector<TimeSpan> segments;  // sorted, disjoint, separated by >= min_pause_s
  double noise_floor_dbfs = -100;
  double speech_level_dbfs = -100;
  double threshold_dbfs = 0;
  double speaking_time_s = 0;      // sum of segment durations
};

VoiceActivity DetectVoice(const Audio& audio, const VadOptions& options = {});

struct PauseStats {
  int count = 0;           // gaps between consecutive speech segments; leading/trailing silence excluded
  double total_s = 0;
  double longest_s = 0;
  double mean_s = 0;
};

// Gaps of at least `min_pause_s` between consecutive segments.
PauseStats MeasurePauses(const std::vector<TimeSpan>& segments, double min_pause_s = 0.25);

inline constexpr float kClipLevel = 0.98f;  // |sample| at or above this counts as clipped

struct LevelStats {
  std::optional<double> loudness_dbfs;  // RMS of the speech segments (whole file if none), dBFS
  std::optional<double> peak_dbfs;      // max |sample|, dBFS; nullopt for digital silence
  double clipping_ratio = 0;            // share of samples with |x| >= kClipLevel
};

LevelStats MeasureLevels(const Audio& audio, const std::vector<TimeSpan>& speech);

struct PitchStats {
  std::optional<double> median_hz;
  std::optional<double> p5_hz;
  std::optional<double> p95_hz;
  std::optional<double> variability_st;  // standard deviation of 12*log2(f0/median), semitones
  int voiced_frames = 0;                 // 20 ms frames with an F0 estimate (after octave filtering)
};

// YIN F0 estimation (60-500 Hz) on 8 kHz audio, every 20 ms inside `speech`.
PitchStats MeasurePitch(const Audio& audio, const std::vector<TimeSpan>& speech);

struct FillerStats {
  int total = 0;
  std::map<std::string, int> counts;  // filler -> occurrences (only those found)
};

// Counts filler words/phrases of `lang` in a transcript, with the context rules of
// data/media/fillers.txt (e.g. "like" counts only as a discourse marker).
FillerStats CountFillers(std::string_view transcript, Language lang);

// en: words (letters/digits/apostrophes); zh: Han characters plus any Latin words.
int CountSpokenUnits(std::string_view transcript, Language lang);

}  // namespace media
