// PocketSphinxTranscriber on espeak-ng speech, and its word error rate on the LibriVox recordings
// of pocketsphinx-testdata compared with Debian's pocketsphinx_continuous on the same audio.
#include "media/pocketsphinx_transcriber.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>

#include "media/media_testing.h"
#include "media/speech.h"

namespace media {
namespace {

#ifndef HIREFLOW_PS_TEST_DATA_DIR
#define HIREFLOW_PS_TEST_DATA_DIR "/usr/share/pocketsphinx/test/data"
#endif

using testing::ShellQuote;
using testing::TempDir;

std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string w; in >> w;) {
    std::transform(w.begin(), w.end(), w.begin(), [](unsigned char c) { return std::tolower(c); });
    out.push_back(w);
  }
  return out;
}

size_t EditDistance(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<size_t> d(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) d[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = d[0];
    d[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = d[j];
      d[j] = std::min({d[j] + 1, d[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return d[b.size()];
}

int CountPresent(const std::string& text, const std::vector<std::string>& expected) {
  std::vector<std::string> words = Words(text);
  int n = 0;
  for (const std::string& e : expected) n += std::find(words.begin(), words.end(), e) != words.end();
  return n;
}

PocketSphinxTranscriber& Shared() {
  static auto t = PocketSphinxTranscriber::Create();
  if (!t.ok()) {
    ADD_FAILURE() << t.error().message;
    std::abort();
  }
  return **t;
}

TEST(PocketSphinxTranscriber, TranscribesSynthesizedSpeechWithWordTimes) {
  HF_REQUIRE_TOOL("espeak-ng");
  HF_REQUIRE_TOOL("ffmpeg");
  TempDir dir;
  ASSERT_TRUE(testing::Speak("hello my name is john and i have worked as a software engineer for five years",
                             dir / "a.wav"));
  ASSERT_TRUE(testing::Speak("i think the most important thing is to work with the team", dir / "b.wav"));
  ASSERT_TRUE(testing::SpeechWithSilences({dir / "a.wav", dir / "b.wav"}, {0.7, 1.5, 0.5}, dir / "answer.wav"));
  auto audio = DecodeMedia(dir / "answer.wav");
  ASSERT_TRUE(audio.ok());
  auto t = Shared().Transcribe(audio->audio, Language::kEn);
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->engine, "pocketsphinx");
  // espeak-ng is a synthetic voice: PocketSphinx gets most, not all, of the words.
  EXPECT_GE(CountPresent(t->text, {"my", "name", "software", "engineer", "five", "years"}), 4) << t->text;
  EXPECT_GE(CountPresent(t->text, {"think", "most", "important", "thing", "team"}), 3) << t->text;
  ASSERT_GE(t->segments.size(), 2u) << "the 1.5 s pause separates two utterances";
  ASSERT_FALSE(t->words.empty());
  double prev_end = 0;
  for (const TranscriptWord& w : t->words) {
    EXPECT_GE(w.start, prev_end - 1e-6) << w.w;
    EXPECT_GT(w.end, w.start) << w.w;
    EXPECT_LE(w.end, audio->duration_s + 0.01);
    ASSERT_TRUE(w.conf);
    EXPECT_GE(*w.conf, 0.0);
    EXPECT_LE(*w.conf, 1.0);
    EXPECT_EQ(w.w.find('('), std::string::npos) << "alternate pronunciation marks are stripped";
    EXPECT_NE(w.w[0], '<');
    EXPECT_NE(w.w[0], '[');
    prev_end = w.end;
  }
  // Words of the second sentence come after the inserted pause.
  const TranscriptSegment& second = t->segments.back();
  EXPECT_GT(second.start, 0.7 + 2.0);
  ASSERT_TRUE(second.confidence);
  ASSERT_TRUE(t->mean_confidence);
}

TEST(PocketSphinxTranscriber, SilenceGivesAnEmptyTranscript) {
  Audio silence;
  silence.samples.assign(3 * kSampleRate, 0.0f);
  auto t = Shared().Transcribe(silence, Language::kEn);
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(t->text.empty());
  EXPECT_TRUE(t->words.empty());
  EXPECT_FALSE(t->low_confidence);
}

TEST(PocketSphinxTranscriber, ChineseIsUnsupported) {
  Audio a;
  a.samples.assign(kSampleRate, 0.0f);
  auto t = Shared().Transcribe(a, Language::kZh);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, core::ErrorCode::kUnsupported);
  EXPECT_NE(t.error().message.find("--transcriber"), std::string::npos);
}

TEST(PocketSphinxTranscriber, ResultDoesNotDependOnEarlierCalls) {
  std::string dir = std::string(HIREFLOW_PS_TEST_DATA_DIR) + "/librivox/";
  auto a = DecodeMedia(dir + "sense_and_sensibility_01_austen_64kb-0880.wav");
  auto b = DecodeMedia(dir + "sense_and_sensibility_01_austen_64kb-0870.wav");
  ASSERT_TRUE(a.ok() && b.ok());
  auto first = Shared().Transcribe(a->audio, Language::kEn);
  auto other = Shared().Transcribe(b->audio, Language::kEn);
  auto again = Shared().Transcribe(a->audio, Language::kEn);
  ASSERT_TRUE(first.ok() && other.ok() && again.ok());
  EXPECT_EQ(first->text, again->text);
}

TEST(PocketSphinxTranscriber, MissingModelIsUnavailable) {
  auto t = PocketSphinxTranscriber::Create({.model_dir = "/nonexistent/model"});
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, core::ErrorCode::kUnavailable);
  EXPECT_NE(t.error().message.find("/nonexistent/model"), std::string::npos);
}

// Word error rate of our pipeline (FFmpeg decode + our utterance cutting + our decoder settings)
// against pocketsphinx_continuous with its defaults, and with our settings, on the same files.
TEST(PocketSphinxTranscriber, WordErrorRateNoWorseThanPocketsphinxContinuous) {
  HF_REQUIRE_TOOL("pocketsphinx_continuous");
  std::string dir = std::string(HIREFLOW_PS_TEST_DATA_DIR) + "/librivox/";
  std::ifstream trans(dir + "transcription");
  ASSERT_TRUE(trans) << "pocketsphinx-testdata is not installed (" << dir << ")";
  std::regex line_re(R"(^(.*)\((\S+)\)\s*$)");
  std::string model = DefaultPocketSphinxModelDir();
  std::string cli_base = "pocketsphinx_continuous -hmm " + ShellQuote(model + "/en-us") + " -lm " +
                         ShellQuote(model + "/en-us.lm.bin") + " -dict " + ShellQuote(model + "/cmudict-en-us.dict") +
                         " -logfn /dev/null";
  std::string same_settings;
  for (const auto& [k, v] : Shared().args()) {
    if (k != "-hmm" && k != "-lm" && k != "-dict" && k != "-logfn") same_settings += " " + k + " " + ShellQuote(v);
  }
  size_t n_ref = 0, e_ours = 0, e_cli = 0, e_cli_same = 0, files = 0;
  std::ostringstream report;
  for (std::string line; std::getline(trans, line);) {
    std::smatch m;
    if (!std::regex_match(line, m, line_re)) continue;
    std::vector<std::string> ref;
    for (const std::string& w : Words(m[1])) {
      if (w != "<s>" && w != "</s>") ref.push_back(w);
    }
    std::string wav = dir + m[2].str() + ".wav";
    auto audio = DecodeMedia(wav);
    ASSERT_TRUE(audio.ok()) << audio.error().message;
    auto ours = Shared().Transcribe(audio->audio, Language::kEn);
    ASSERT_TRUE(ours.ok()) << ours.error().message;
    auto cli = testing::Run(cli_base + " -infile " + ShellQuote(wav) + " 2>/dev/null");
    ASSERT_EQ(cli.exit_code, 0) << cli.output;
    auto cli_same = testing::Run(cli_base + same_settings + " -infile " + ShellQuote(wav) + " 2>/dev/null");
    ASSERT_EQ(cli_same.exit_code, 0) << cli_same.output;
    n_ref += ref.size();
    e_ours += EditDistance(ref, Words(ours->text));
    e_cli += EditDistance(ref, Words(cli.output));
    e_cli_same += EditDistance(ref, Words(cli_same.output));
    ++files;
    report << m[2] << "\n  ours: " << ours->text << "\n  cli:  " << Words(cli.output).size() << " words\n";
  }
  ASSERT_EQ(files, 5u);
  double wer_ours = 100.0 * e_ours / n_ref, wer_cli = 100.0 * e_cli / n_ref, wer_same = 100.0 * e_cli_same / n_ref;
  std::cout << "WER on pocketsphinx-testdata/librivox (" << n_ref << " words): ours " << wer_ours
            << "%, pocketsphinx_continuous defaults " << wer_cli << "%, pocketsphinx_continuous with our settings ("
            << same_settings << ") " << wer_same << "%\n"
            << report.str();
  RecordProperty("wer_ours_pct", std::to_string(wer_ours));
  RecordProperty("wer_cli_pct", std::to_string(wer_cli));
  EXPECT_LE(wer_ours, wer_cli + 0.5);
  EXPECT_LE(wer_ours, wer_same + 0.5);
}

}  // namespace
}  // namespace media

namespace media {
namespace {

TEST(PocketSphinxTranscriber, LongSpeechIsCutIntoShortUtterances) {
  HF_REQUIRE_TOOL("espeak-ng");
  HF_REQUIRE_TOOL("ffmpeg");
  TempDir dir;
  ASSERT_TRUE(testing::Speak("hello my name is john and i have worked as a software engineer for five years",
                             dir / "a.wav"));
  auto audio = DecodeMedia(dir / "a.wav");
  ASSERT_TRUE(audio.ok());
  auto t = PocketSphinxTranscriber::Create({.utterance_pause_s = 10, .max_utterance_s = 2.0});
  ASSERT_TRUE(t.ok()) << t.error().message;
  auto r = (*t)->Transcribe(audio->audio, Language::kEn);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_GE(r->segments.size(), 2u);
  for (const TranscriptSegment& s : r->segments) EXPECT_LE(s.end - s.start, 2.0 + 2 * 0.25 + 1e-6);
  EXPECT_GE(CountPresent(r->text, {"my", "name", "software", "engineer", "five", "years"}), 3) << r->text;
}

}  // namespace
}  // namespace media
