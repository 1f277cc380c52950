// `hireflow media analyze` end to end, in process: real files in, one JSON object out.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "media/analyze.h"
#include "media/fake_transcription_server.h"
#include "media/media_testing.h"

namespace media {
namespace {

using Json = nlohmann::json;
using testing::Ffmpeg;
using testing::ShellQuote;
using testing::TempDir;

struct CliRun {
  int code = -1;
  std::string out;
  std::string err;
  Json json;
};

CliRun RunCli(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  CliRun r;
  r.code = RunMediaAnalyzeCli(args, out, err);
  r.out = out.str();
  r.err = err.str();
  if (r.code == 0) r.json = Json::parse(r.out, nullptr, false);
  return r;
}

// Unsets HIREFLOW_TRANSCRIBER_* for the test's duration and restores nothing (tests run alone).
void ClearTranscriberEnv() {
  ::unsetenv("HIREFLOW_TRANSCRIBER_URL");
  ::unsetenv("HIREFLOW_TRANSCRIBER_MODEL");
  ::unsetenv("HIREFLOW_TRANSCRIBER_KEY");
}

bool LineCount1(const std::string& s) { return !s.empty() && s.find('\n') == s.size() - 1; }

TEST(MediaAnalyzeCli, WebmAnswerGivesEveryMetric) {
  HF_REQUIRE_TOOL("ffmpeg");
  HF_REQUIRE_TOOL("espeak-ng");
  ClearTranscriberEnv();
  TempDir dir;
  ASSERT_TRUE(testing::Speak("hello my name is john and i have worked as a software engineer for five years",
                             dir / "a.wav"));
  ASSERT_TRUE(testing::Speak("i think the most important thing is to work with the team", dir / "b.wav"));
  ASSERT_TRUE(testing::SpeechWithSilences({dir / "a.wav", dir / "b.wav"}, {0.8, 1.6, 0.8}, dir / "speech.wav"));
  ASSERT_TRUE(testing::FaceVideo(dir / "speech.wav", testing::kVp8Opus, dir / "answer.webm"));

  CliRun r = RunCli({dir / "answer.webm"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  ASSERT_TRUE(LineCount1(r.out)) << "one JSON object on one line";
  const Json& j = r.json;
  ASSERT_TRUE(j.is_object()) << r.out;
  EXPECT_NEAR(j["duration_s"].get<double>(), 0.8 + 1.6 + 0.8 + 7.0, 2.5);
  EXPECT_EQ(j["format"]["video_codec"], "vp8");
  EXPECT_EQ(j["format"]["audio_codec"], "opus");
  ASSERT_TRUE(j["transcript"].is_string());
  EXPECT_NE(j["transcript"].get<std::string>().find("software engineer"), std::string::npos) << j["transcript"];
  ASSERT_FALSE(j["words"].empty());
  for (const Json& w : j["words"]) {
    EXPECT_TRUE(w["w"].is_string());
    EXPECT_LE(w["start"].get<double>(), w["end"].get<double>());
  }
  EXPECT_GE(j["segments"].size(), 2u);
  EXPECT_EQ(j["transcriber"]["engine"], "pocketsphinx");
  EXPECT_TRUE(j["low_confidence"].is_boolean());
  EXPECT_GE(j["voice_segments"].size(), 2u);
  EXPECT_GT(j["speaking_time_s"].get<double>(), 4.0);
  EXPECT_GE(j["pause_count"].get<int>(), 1);
  EXPECT_GE(j["longest_pause_s"].get<double>(), 1.6);
  EXPECT_LE(j["longest_pause_s"].get<double>(), 2.1);
  EXPECT_GE(j["total_pause_s"].get<double>(), j["longest_pause_s"].get<double>());
  EXPECT_GT(j["speech_rate_wpm"].get<double>(), 60);
  EXPECT_LT(j["speech_rate_wpm"].get<double>(), 400);
  EXPECT_TRUE(j["speech_rate_cpm"].is_null());
  EXPECT_LT(j["loudness_dbfs"].get<double>(), 0);
  EXPECT_LE(j["peak_dbfs"].get<double>(), 0.5);
  EXPECT_GE(j["clipping_ratio"].get<double>(), 0);
  EXPECT_TRUE(j["pitch_hz"]["median"].is_number());
  EXPECT_LE(j["pitch_hz"]["p5"].get<double>(), j["pitch_hz"]["p95"].get<double>());
  EXPECT_TRUE(j["pitch_variability_st"].is_number());
  EXPECT_TRUE(j["fillers"]["total"].is_number_integer());
  ASSERT_TRUE(j["capture"].is_object());
  EXPECT_GE(j["capture"]["face_share"].get<double>(), 0.8);
  EXPECT_TRUE(j["capture"]["flags"].empty()) << j["capture"]["flags"];
  for (const char* k : {"decode", "vad", "pitch", "transcribe", "capture", "total"}) {
    EXPECT_TRUE(j["stage_ms"][k].is_number()) << k;
  }
}

TEST(MediaAnalyzeCli, AudioOnlyAndOptionsThatSkipStages) {
  HF_REQUIRE_TOOL("ffmpeg");
  HF_REQUIRE_TOOL("espeak-ng");
  ClearTranscriberEnv();
  TempDir dir;
  ASSERT_TRUE(testing::Speak("thank you very much for the opportunity", dir / "a.wav"));
  ASSERT_TRUE(Ffmpeg("-i " + ShellQuote(dir / "a.wav") + " -c:a libopus " + ShellQuote(dir / "a.ogg")));
  ASSERT_TRUE(testing::FaceVideo(dir / "a.wav", testing::kH264Aac, dir / "a.mp4"));

  CliRun audio_only = RunCli({dir / "a.ogg"});
  ASSERT_EQ(audio_only.code, 0) << audio_only.err;
  EXPECT_TRUE(audio_only.json["capture"].is_null());
  EXPECT_FALSE(audio_only.json["has_video"].get<bool>());
  EXPECT_TRUE(audio_only.json["transcript"].is_string());

  CliRun no_transcript = RunCli({dir / "a.mp4", "--no-transcript", "--no-video"});
  ASSERT_EQ(no_transcript.code, 0) << no_transcript.err;
  EXPECT_TRUE(no_transcript.json["transcript"].is_null());
  EXPECT_TRUE(no_transcript.json["speech_rate_wpm"].is_null());
  EXPECT_TRUE(no_transcript.json["fillers"].is_null());
  EXPECT_TRUE(no_transcript.json["low_confidence"].is_null());
  EXPECT_TRUE(no_transcript.json["capture"].is_null());
  EXPECT_TRUE(no_transcript.json["has_video"].get<bool>());
  EXPECT_GT(no_transcript.json["speaking_time_s"].get<double>(), 1.0);
  EXPECT_EQ(no_transcript.json["stage_ms"]["transcribe"], 0);
}

TEST(MediaAnalyzeCli, SilentRecording) {
  HF_REQUIRE_TOOL("ffmpeg");
  ClearTranscriberEnv();
  TempDir dir;
  ASSERT_TRUE(Ffmpeg("-f lavfi -i anullsrc=r=48000:cl=stereo -t 4 -c:a libopus " + ShellQuote(dir / "silent.webm")));
  CliRun r = RunCli({dir / "silent.webm"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NEAR(r.json["duration_s"].get<double>(), 4.0, 0.1);
  EXPECT_EQ(r.json["speaking_time_s"], 0);
  EXPECT_EQ(r.json["pause_count"], 0);
  EXPECT_TRUE(r.json["voice_segments"].empty());
  EXPECT_EQ(r.json["transcript"], "");
  EXPECT_TRUE(r.json["speech_rate_wpm"].is_null());
  EXPECT_TRUE(r.json["pitch_hz"]["median"].is_null());
  EXPECT_TRUE(r.json["loudness_dbfs"].is_null());
}

TEST(MediaAnalyzeCli, BadInputExitsTwoWithOneLine) {
  HF_REQUIRE_TOOL("ffmpeg");
  TempDir dir;
  testing::WriteFile(dir / "zero.webm", "");
  testing::WriteFile(dir / "notes.txt", "not a recording\n");
  ASSERT_TRUE(Ffmpeg("-f lavfi -i sine=duration=3 -f lavfi -i testsrc=size=320x240 -t 3 " +
                     std::string(testing::kH264Aac) + " " + ShellQuote(dir / "full.mp4")));
  std::string mp4 = testing::ReadFile(dir / "full.mp4");
  testing::WriteFile(dir / "cut.mp4", mp4.substr(0, mp4.size() / 3));
  struct Case {
    std::vector<std::string> args;
    const char* says;
  };
  for (const Case& c : {Case{{dir / "missing.webm"}, "no such file"}, Case{{dir / "zero.webm"}, "empty"},
                        Case{{dir / "notes.txt"}, "text file"}, Case{{dir / "cut.mp4"}, "truncated or corrupt"},
                        Case{{}, "missing FILE"}, Case{{dir / "cut.mp4", "--bogus"}, "unknown option"},
                        Case{{dir / "cut.mp4", "--lang", "fr"}, "unsupported language"},
                        Case{{dir / "cut.mp4", "--lang"}, "needs a value"}}) {
    CliRun r = RunCli(c.args);
    EXPECT_EQ(r.code, 2) << c.says;
    EXPECT_TRUE(r.out.empty()) << r.out;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << r.err;
    EXPECT_EQ(r.err.rfind("hireflow media analyze: ", 0), 0u) << r.err;
  }
  // A file problem is exactly one line.
  CliRun zero = RunCli({dir / "zero.webm"});
  EXPECT_TRUE(LineCount1(zero.err)) << zero.err;
}

TEST(MediaAnalyzeCli, ChineseWithoutAServiceHasMetricsButNoTranscript) {
  HF_REQUIRE_TOOL("ffmpeg");
  HF_REQUIRE_TOOL("espeak-ng");
  ClearTranscriberEnv();
  TempDir dir;
  ASSERT_TRUE(testing::Speak("我觉得团队合作最重要", dir / "zh.wav", "cmn"));
  CliRun r = RunCli({dir / "zh.wav", "--lang", "zh"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(r.json["transcript"].is_null());
  EXPECT_NE(r.json["transcriber"]["error"].get<std::string>().find("English"), std::string::npos);
  EXPECT_GT(r.json["speaking_time_s"].get<double>(), 0.5);
  EXPECT_EQ(r.json["language"], "zh");
}

TEST(MediaAnalyzeCli, HttpTranscriberFromOptionsOrEnvironment) {
  HF_REQUIRE_TOOL("ffmpeg");
  HF_REQUIRE_TOOL("espeak-ng");
  ClearTranscriberEnv();
  testing::FakeTranscriptionServer server([](const testing::FakeRequest& q) {
    if (q.Values("language") == std::vector<std::string>{"zh"}) {
      return testing::FakeResponse{
          200, R"({"text":"嗯，我觉得那个，团队合作最重要。","segments":[{"start":0.1,"end":2.0,"text":"嗯，我觉得那个，团队合作最重要。","avg_logprob":-0.2}]})"};
    }
    return testing::FakeResponse{200, testing::VerboseJson("Um, I think the most important thing is the team.")};
  });
  TempDir dir;
  ASSERT_TRUE(testing::Speak("i think the most important thing is the team", dir / "en.wav"));

  CliRun r = RunCli({dir / "en.wav", "--transcriber", server.url(), "--model", "m1", "--api-key", "k1"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.json["transcript"], "Um, I think the most important thing is the team.");
  EXPECT_EQ(r.json["transcriber"]["engine"], "http");
  EXPECT_EQ(r.json["transcriber"]["model"], "m1");
  EXPECT_EQ(r.json["transcriber"]["url"], server.url() + "/v1/audio/transcriptions");
  EXPECT_EQ(r.json["words"].size(), 9u);
  EXPECT_EQ(r.json["fillers"]["counts"]["um"], 1);
  EXPECT_EQ(r.json["word_count"], 10);
  EXPECT_FALSE(r.json["low_confidence"].get<bool>());
  ASSERT_EQ(server.requests().size(), 1u);
  EXPECT_EQ(server.requests()[0].headers.at("authorization"), "Bearer k1");

  ::setenv("HIREFLOW_TRANSCRIBER_URL", server.url().c_str(), 1);
  ::setenv("HIREFLOW_TRANSCRIBER_MODEL", "env-model", 1);
  ::setenv("HIREFLOW_TRANSCRIBER_KEY", "env-key", 1);
  CliRun zh = RunCli({dir / "en.wav", "--lang", "zh"});
  ClearTranscriberEnv();
  ASSERT_EQ(zh.code, 0) << zh.err;
  EXPECT_EQ(zh.json["transcriber"]["model"], "env-model");
  EXPECT_EQ(server.requests().back().headers.at("authorization"), "Bearer env-key");
  EXPECT_EQ(zh.json["character_count"], 13);
  EXPECT_TRUE(zh.json["speech_rate_cpm"].is_number());
  EXPECT_TRUE(zh.json["speech_rate_wpm"].is_null());
  EXPECT_EQ(zh.json["fillers"]["counts"]["嗯"], 1);
  EXPECT_EQ(zh.json["fillers"]["counts"]["那个"], 1);
}

TEST(MediaAnalyzeCli, TranscriberDownStillGivesMetrics) {
  HF_REQUIRE_TOOL("ffmpeg");
  HF_REQUIRE_TOOL("espeak-ng");
  ClearTranscriberEnv();
  TempDir dir;
  ASSERT_TRUE(testing::Speak("i think the team matters", dir / "en.wav"));
  int port;
  {
    testing::FakeTranscriptionServer gone([](const testing::FakeRequest&) { return testing::FakeResponse{}; });
    port = std::stoi(gone.url().substr(gone.url().rfind(':') + 1));
  }
  CliRun r = RunCli({dir / "en.wav", "--transcriber", "http://127.0.0.1:" + std::to_string(port)});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(r.json["transcript"].is_null());
  EXPECT_NE(r.json["transcriber"]["error"].get<std::string>().find("unreachable"), std::string::npos);
  EXPECT_FALSE(r.json["warnings"].empty());
  EXPECT_GT(r.json["speaking_time_s"].get<double>(), 0.5);
}

}  // namespace
}  // namespace media
