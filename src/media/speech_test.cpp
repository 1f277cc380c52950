// Speech metrics on synthetic signals with known answers, and on espeak-ng speech padded with
// known silences.
#include "media/speech.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "media/media_testing.h"

namespace media {
namespace {

constexpr double kRate = kSampleRate;

// Appends `seconds` of a harmonic tone at f0 (or low noise when f0 == 0) with peak ~`amp`.
void Append(Audio& a, double seconds, double f0, double amp, std::mt19937& rng) {
  std::normal_distribution<double> noise(0.0, 1e-4);  // -80 dBFS room tone
  size_t n = static_cast<size_t>(seconds * kRate);
  double phase = 0;
  for (size_t i = 0; i < n; ++i) {
    double x = noise(rng);
    if (f0 > 0) {
      phase += 2 * M_PI * f0 / kRate;
      x += amp * (0.6 * std::sin(phase) + 0.3 * std::sin(2 * phase) + 0.1 * std::sin(3 * phase));
    }
    a.samples.push_back(static_cast<float>(x));
  }
}

TEST(DetectVoice, FindsBurstsJoinsShortGapsAndIgnoresEdges) {
  std::mt19937 rng(7);
  Audio a;
  Append(a, 0.8, 0, 0, rng);     // leading silence: not a pause
  Append(a, 1.0, 150, 0.3, rng);
  Append(a, 0.6, 0, 0, rng);     // a pause
  Append(a, 1.0, 150, 0.3, rng);
  Append(a, 0.1, 0, 0, rng);     // too short for a pause: joined
  Append(a, 0.5, 150, 0.3, rng);
  Append(a, 1.2, 0, 0, rng);     // a longer pause
  Append(a, 0.7, 150, 0.3, rng);
  Append(a, 1.0, 0, 0, rng);     // trailing silence: not a pause
  VoiceActivity va = DetectVoice(a);
  ASSERT_EQ(va.segments.size(), 3u);
  EXPECT_NEAR(va.segments[0].start, 0.8, 0.03);
  EXPECT_NEAR(va.segments[0].end, 1.8, 0.03);
  EXPECT_NEAR(va.segments[1].start, 2.4, 0.03);
  EXPECT_NEAR(va.segments[1].end, 4.0, 0.03);
  EXPECT_NEAR(va.segments[2].start, 5.2, 0.03);
  EXPECT_NEAR(va.segments[2].end, 5.9, 0.03);
  EXPECT_NEAR(va.speaking_time_s, 1.0 + 1.6 + 0.7, 0.06);
  EXPECT_LT(va.noise_floor_dbfs, -70);
  PauseStats p = MeasurePauses(va.segments);
  EXPECT_EQ(p.count, 2);
  EXPECT_NEAR(p.total_s, 0.6 + 1.2, 0.06);
  EXPECT_NEAR(p.longest_s, 1.2, 0.03);
  EXPECT_NEAR(p.mean_s, 0.9, 0.03);
}

TEST(DetectVoice, AdaptsToALoudNoiseFloor) {
  std::mt19937 rng(11);
  std::normal_distribution<double> hum(0.0, 0.01);  // -40 dBFS fan noise throughout
  Audio a;
  Append(a, 1.0, 0, 0, rng);
  Append(a, 1.5, 180, 0.2, rng);
  Append(a, 1.0, 0, 0, rng);
  Append(a, 1.5, 180, 0.2, rng);
  Append(a, 1.0, 0, 0, rng);
  for (float& x : a.samples) x += static_cast<float>(hum(rng));
  VoiceActivity va = DetectVoice(a);
  ASSERT_EQ(va.segments.size(), 2u);
  EXPECT_NEAR(va.noise_floor_dbfs, -40, 2);
  EXPECT_GT(va.threshold_dbfs, va.noise_floor_dbfs + 5);
  EXPECT_NEAR(va.speaking_time_s, 3.0, 0.08);
  EXPECT_EQ(MeasurePauses(va.segments).count, 1);
}

TEST(DetectVoice, SilenceAndSteadyNoiseHaveNoSpeech) {
  Audio silence;
  silence.samples.assign(3 * kSampleRate, 0.0f);
  EXPECT_TRUE(DetectVoice(silence).segments.empty());
  Audio noise;
  std::mt19937 rng(3);
  std::normal_distribution<double> n(0.0, 0.05);
  for (int i = 0; i < 3 * kSampleRate; ++i) noise.samples.push_back(static_cast<float>(n(rng)));
  EXPECT_TRUE(DetectVoice(noise).segments.empty());
  Audio tiny;
  tiny.samples.assign(100, 0.5f);
  EXPECT_TRUE(DetectVoice(tiny).segments.empty());
}

TEST(MeasurePauses, CountsOnlyGapsBetweenSegments) {
  std::vector<TimeSpan> s = {{1.0, 2.0}, {2.1, 3.0}, {3.5, 4.0}, {6.0, 7.0}};
  PauseStats p = MeasurePauses(s, 0.25);
  EXPECT_EQ(p.count, 2);
  EXPECT_NEAR(p.total_s, 2.5, 1e-9);
  EXPECT_NEAR(p.longest_s, 2.0, 1e-9);
  EXPECT_EQ(MeasurePauses({}, 0.25).count, 0);
  EXPECT_EQ(MeasurePauses({{0, 1}}, 0.25).count, 0);
}

TEST(MeasureLevels, RmsPeakAndClipping) {
  Audio a;
  for (int i = 0; i < kSampleRate; ++i) a.samples.push_back(0.5f * static_cast<float>(std::sin(2 * M_PI * 200 * i / kRate)));
  LevelStats l = MeasureLevels(a, {{0.0, 1.0}});
  ASSERT_TRUE(l.loudness_dbfs);
  EXPECT_NEAR(*l.loudness_dbfs, 20 * std::log10(0.5 / std::sqrt(2.0)), 0.05);  // -9.03 dBFS
  EXPECT_NEAR(*l.peak_dbfs, 20 * std::log10(0.5), 0.01);
  EXPECT_EQ(l.clipping_ratio, 0.0);

  Audio clipped;
  for (int i = 0; i < kSampleRate; ++i) {
    clipped.samples.push_back(std::clamp(1.5f * static_cast<float>(std::sin(2 * M_PI * 200 * i / kRate)), -1.0f, 1.0f));
  }
  LevelStats c = MeasureLevels(clipped, {});
  EXPECT_NEAR(*c.peak_dbfs, 0.0, 1e-6);
  // |1.5 sin| >= 0.98 for a share 1 - (2/pi) asin(0.98/1.5) = 0.547 of the time.
  EXPECT_NEAR(c.clipping_ratio, 1 - 2 / M_PI * std::asin(0.98 / 1.5), 0.03);  // 80 samples a period

  Audio digital_silence;
  digital_silence.samples.assign(1000, 0.0f);
  LevelStats s = MeasureLevels(digital_silence, {});
  EXPECT_FALSE(s.loudness_dbfs);
  EXPECT_FALSE(s.peak_dbfs);
}

TEST(MeasurePitch, SteadyVoiceHasItsF0AndNoVariability) {
  std::mt19937 rng(5);
  Audio a;
  Append(a, 2.0, 150, 0.3, rng);
  PitchStats p = MeasurePitch(a, {{0.0, 2.0}});
  ASSERT_TRUE(p.median_hz);
  EXPECT_NEAR(*p.median_hz, 150, 2);
  EXPECT_NEAR(*p.p5_hz, 150, 3);
  EXPECT_NEAR(*p.p95_hz, 150, 3);
  EXPECT_LT(*p.variability_st, 0.2);
  EXPECT_GT(p.voiced_frames, 80);
}

TEST(MeasurePitch, GlideSpansItsRange) {
  // F0 rising from 120 Hz to 240 Hz (one octave) over 2 s.
  Audio a;
  double phase = 0;
  for (int i = 0; i < 2 * kSampleRate; ++i) {
    double f0 = 120.0 * std::pow(2.0, i / (2.0 * kRate));
    phase += 2 * M_PI * f0 / kRate;
    a.samples.push_back(static_cast<float>(0.3 * (0.6 * std::sin(phase) + 0.3 * std::sin(2 * phase))));
  }
  PitchStats p = MeasurePitch(a, {{0.0, 2.0}});
  ASSERT_TRUE(p.median_hz);
  EXPECT_NEAR(*p.median_hz, 120 * std::sqrt(2.0), 6);  // 170 Hz
  EXPECT_NEAR(*p.p5_hz, 120 * std::pow(2.0, 0.05), 6);
  EXPECT_NEAR(*p.p95_hz, 120 * std::pow(2.0, 0.95), 10);
  // Uniform over one octave: stdev 12 / sqrt(12) = 3.46 semitones.
  EXPECT_NEAR(*p.variability_st, 12 / std::sqrt(12.0), 0.3);
}

TEST(MeasurePitch, NoSpeechNoPitch) {
  Audio a;
  a.samples.assign(kSampleRate, 0.0f);
  EXPECT_FALSE(MeasurePitch(a, {{0.0, 1.0}}).median_hz);
  EXPECT_FALSE(MeasurePitch(a, {}).median_hz);
}

TEST(CountFillers, EnglishHesitationsAndDiscourseLike) {
  FillerStats f = CountFillers("Um, so I was, like, working there and uh I like my job. You know, it was like really hard, "
                               "and I would like to do it again. Do you know what I mean? um",
                               Language::kEn);
  EXPECT_EQ(f.counts["um"], 2);
  EXPECT_EQ(f.counts["uh"], 1);
  EXPECT_EQ(f.counts["like"], 2);  // "like," and "like really"; not "I like", "would like to"
  EXPECT_EQ(f.counts["you know"], 1);  // not "do you know what"
  EXPECT_EQ(f.total, 6);
}

TEST(CountFillers, EnglishWithoutPunctuation) {
  // PocketSphinx transcripts have no punctuation: context words decide.
  FillerStats f = CountFillers("and like we had um things like that and you know we did it the team like really liked it", Language::kEn);
  EXPECT_EQ(f.counts["like"], 2);  // "and like we", "team like really"; not "things like that"
  EXPECT_EQ(f.counts["um"], 1);
  EXPECT_EQ(f.counts["you know"], 1);
  EXPECT_EQ(CountFillers("", Language::kEn).total, 0);
  EXPECT_EQ(CountFillers("umbrella under her", Language::kEn).total, 0);
}

TEST(CountFillers, ChineseMarkersNeedAPauseOrRepetition) {
  FillerStats f = CountFillers("嗯，我觉得那个，就是说我们然后然后做了那个项目。呃 就是", Language::kZh);
  EXPECT_EQ(f.counts["嗯"], 1);
  EXPECT_EQ(f.counts["呃"], 1);
  EXPECT_EQ(f.counts["那个"], 1);  // "那个，" yes; "那个项目" (that project) no
  EXPECT_EQ(f.counts["然后"], 1);  // the first of "然后然后"
  EXPECT_EQ(f.counts["就是"], 1);  // at the end; "就是说" no
  EXPECT_EQ(f.total, 5);
}

TEST(CountSpokenUnits, WordsAndCharacters) {
  EXPECT_EQ(CountSpokenUnits("I've worked there for five years.", Language::kEn), 6);
  EXPECT_EQ(CountSpokenUnits("  ", Language::kEn), 0);
  EXPECT_EQ(CountSpokenUnits("我在公司工作了五年，负责 Java 开发。", Language::kZh), 14);
}

TEST(SpeechMetrics, EspeakSpeechWithKnownSilences) {
  HF_REQUIRE_TOOL("ffmpeg");
  HF_REQUIRE_TOOL("espeak-ng");
  testing::TempDir dir;
  ASSERT_TRUE(testing::Speak("I think the most important thing is to work with the team", dir / "a.wav"));
  ASSERT_TRUE(testing::Speak("last year our team finished the project two weeks before the deadline", dir / "b.wav"));
  ASSERT_TRUE(testing::Speak("thank you", dir / "c.wav"));
  // Each piece alone: its own speaking time (espeak adds a little silence around each piece).
  double alone = 0;
  for (const char* p : {"a.wav", "b.wav", "c.wav"}) {
    auto m = DecodeMedia(dir / p);
    ASSERT_TRUE(m.ok());
    VoiceActivity va = DetectVoice(m->audio);
    ASSERT_FALSE(va.segments.empty());
    alone += va.speaking_time_s;
  }
  ASSERT_TRUE(testing::SpeechWithSilences({dir / "a.wav", dir / "b.wav", dir / "c.wav"}, {1.0, 1.5, 2.0, 1.0},
                                          dir / "answer.wav"));
  auto m = DecodeMedia(dir / "answer.wav");
  ASSERT_TRUE(m.ok());
  VoiceActivity va = DetectVoice(m->audio);
  PauseStats p = MeasurePauses(va.segments);
  EXPECT_NEAR(va.speaking_time_s, alone, 0.15);
  // The inserted silences are the two longest pauses (plus espeak's own padding around pieces).
  std::vector<double> gaps;
  for (size_t i = 1; i < va.segments.size(); ++i) gaps.push_back(va.segments[i].start - va.segments[i - 1].end);
  std::sort(gaps.rbegin(), gaps.rend());
  ASSERT_GE(gaps.size(), 2u);
  EXPECT_EQ(p.count, static_cast<int>(gaps.size()));
  EXPECT_GE(gaps[0], 2.0);
  EXPECT_LE(gaps[0], 2.5);
  EXPECT_GE(gaps[1], 1.5);
  EXPECT_LE(gaps[1], 2.0);
  for (size_t i = 2; i < gaps.size(); ++i) EXPECT_LT(gaps[i], 0.8);
  EXPECT_NEAR(p.longest_s, gaps[0], 1e-9);
  // Leading silence is not a pause: speech starts after ~1 s.
  EXPECT_NEAR(va.segments.front().start, 1.0, 0.3);
  PitchStats pitch = MeasurePitch(m->audio, va.segments);
  ASSERT_TRUE(pitch.median_hz);
  EXPECT_GT(*pitch.median_hz, 70);
  EXPECT_LT(*pitch.median_hz, 250);
}

}  // namespace
}  // namespace media
