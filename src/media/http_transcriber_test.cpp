// HttpTranscriber against a local server speaking the OpenAI-compatible API.
#include "media/http_transcriber.h"

#include <gtest/gtest.h>

#include <cmath>

#include "media/fake_transcription_server.h"

namespace media {
namespace {

using testing::FakeRequest;
using testing::FakeResponse;
using testing::FakeTranscriptionServer;

Audio Tone(double seconds) {
  Audio a;
  for (int i = 0; i < static_cast<int>(seconds * kSampleRate); ++i) {
    a.samples.push_back(0.2f * static_cast<float>(std::sin(2 * M_PI * 220 * i / kSampleRate)));
  }
  return a;
}

TEST(HttpTranscriber, PostsMultipartWavAndParsesVerboseJson) {
  FakeTranscriptionServer server([](const FakeRequest&) { return FakeResponse{200, testing::VerboseJson()}; });
  HttpTranscriber t({.url = server.url(), .model = "whisper-large-v3", .api_key = "sk-test-123"});
  Audio audio = Tone(1.5);
  auto r = t.Transcribe(audio, Language::kEn);
  ASSERT_TRUE(r.ok()) << r.error().message;

  auto reqs = server.requests();
  ASSERT_EQ(reqs.size(), 1u);
  const FakeRequest& q = reqs[0];
  EXPECT_EQ(q.method, "POST");
  EXPECT_EQ(q.target, "/v1/audio/transcriptions");
  EXPECT_EQ(q.headers.at("authorization"), "Bearer sk-test-123");
  EXPECT_NE(q.headers.at("content-type").find("multipart/form-data"), std::string::npos);
  EXPECT_EQ(q.Values("model"), std::vector<std::string>{"whisper-large-v3"});
  EXPECT_EQ(q.Values("language"), std::vector<std::string>{"en"});
  EXPECT_EQ(q.Values("response_format"), std::vector<std::string>{"verbose_json"});
  EXPECT_EQ(q.Values("timestamp_granularities[]"), (std::vector<std::string>{"word", "segment"}));
  const testing::FormPart* file = q.Part("file");
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(file->filename, "answer.wav");
  EXPECT_EQ(file->content_type, "audio/wav");
  ASSERT_EQ(file->data.size(), 44 + audio.samples.size() * 2);
  EXPECT_EQ(file->data.substr(0, 4), "RIFF");
  EXPECT_EQ(file->data.substr(8, 4), "WAVE");

  EXPECT_EQ(r->engine, "http");
  EXPECT_EQ(r->model, "whisper-large-v3");
  EXPECT_EQ(r->text, "I think the most important thing is the team.");
  ASSERT_EQ(r->segments.size(), 2u);
  EXPECT_NEAR(*r->segments[0].confidence, std::exp(-0.105), 1e-9);
  EXPECT_NEAR(*r->segments[1].confidence, std::exp(-0.223), 1e-9);
  EXPECT_EQ(r->segments[1].text, "is the team.");
  ASSERT_EQ(r->words.size(), 9u);
  EXPECT_EQ(r->words[4].w, "important");
  EXPECT_DOUBLE_EQ(r->words[4].start, 1.3);
  EXPECT_DOUBLE_EQ(r->words[4].end, 1.8);
  ASSERT_TRUE(r->mean_confidence);
  double expected = (std::exp(-0.105) * 1.5 + std::exp(-0.223) * 1.1) / 2.6;
  EXPECT_NEAR(*r->mean_confidence, expected, 1e-9);
  EXPECT_FALSE(r->low_confidence);
}

TEST(HttpTranscriber, NoKeyNoAuthorizationHeaderAndChineseLanguage) {
  FakeTranscriptionServer server([](const FakeRequest&) {
    return FakeResponse{200, R"({"text":"我觉得团队最重要","segments":[{"start":0,"end":2,"text":"我觉得团队最重要","avg_logprob":-1.2}]})"};
  });
  HttpTranscriber t({.url = server.url() + "/v1/"});
  auto r = t.Transcribe(Tone(0.5), Language::kZh);
  ASSERT_TRUE(r.ok()) << r.error().message;
  auto reqs = server.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].target, "/v1/audio/transcriptions");
  EXPECT_EQ(reqs[0].headers.count("authorization"), 0u);
  EXPECT_EQ(reqs[0].Values("language"), std::vector<std::string>{"zh"});
  EXPECT_EQ(reqs[0].Values("model"), std::vector<std::string>{"whisper-1"});
  EXPECT_EQ(r->text, "我觉得团队最重要");
  EXPECT_TRUE(r->words.empty());
  EXPECT_TRUE(r->low_confidence) << "exp(-1.2) = 0.30 is below the threshold";
}

TEST(HttpTranscriber, HttpErrorsCarryStatusAndServiceMessage) {
  FakeTranscriptionServer server([](const FakeRequest&) {
    return FakeResponse{401, R"({"error":{"message":"Incorrect API key provided","type":"invalid_request_error"}})"};
  });
  HttpTranscriber t({.url = server.url(), .api_key = "wrong"});
  auto r = t.Transcribe(Tone(0.5), Language::kEn);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kUnavailable);
  EXPECT_NE(r.error().message.find("HTTP 401"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("Incorrect API key provided"), std::string::npos) << r.error().message;
}

TEST(HttpTranscriber, NonJsonAnswerIsAnError) {
  FakeTranscriptionServer server([](const FakeRequest&) { return FakeResponse{200, "<html>proxy login</html>"}; });
  HttpTranscriber t({.url = server.url()});
  auto r = t.Transcribe(Tone(0.5), Language::kEn);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kUnavailable);
  EXPECT_NE(r.error().message.find("not verbose_json"), std::string::npos) << r.error().message;
}

TEST(HttpTranscriber, ServerThatNeverAnswersTimesOut) {
  FakeTranscriptionServer server([](const FakeRequest&) { return FakeResponse{.hang = true}; });
  HttpTranscriber t({.url = server.url(), .timeout_ms = 300});
  auto r = t.Transcribe(Tone(0.5), Language::kEn);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kUnavailable);
  EXPECT_NE(r.error().message.find("timed out"), std::string::npos) << r.error().message;
}

TEST(HttpTranscriber, UnreachableServiceIsUnavailable) {
  int port;
  {
    FakeTranscriptionServer closed([](const FakeRequest&) { return FakeResponse{}; });
    port = std::stoi(closed.url().substr(closed.url().rfind(':') + 1));
  }  // the port is free again: nothing listens there
  HttpTranscriber t({.url = "http://127.0.0.1:" + std::to_string(port)});
  auto r = t.Transcribe(Tone(0.2), Language::kEn);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kUnavailable);
  EXPECT_NE(r.error().message.find("unreachable"), std::string::npos) << r.error().message;
}

TEST(TranscriptionEndpoint, AcceptsBaseV1OrFullUrls) {
  EXPECT_EQ(TranscriptionEndpoint("http://h:8000"), "http://h:8000/v1/audio/transcriptions");
  EXPECT_EQ(TranscriptionEndpoint("http://h:8000/"), "http://h:8000/v1/audio/transcriptions");
  EXPECT_EQ(TranscriptionEndpoint("https://api.example.com/v1"), "https://api.example.com/v1/audio/transcriptions");
  EXPECT_EQ(TranscriptionEndpoint("http://h/x/v1/audio/transcriptions"), "http://h/x/v1/audio/transcriptions");
}

TEST(ParseTranscriptionJson, WordsNestedInSegmentsAndPlainJson) {
  auto r = ParseTranscriptionJson(
      R"({"text":" hello there ","segments":[{"start":0,"end":1,"text":"hello there","avg_logprob":-0.1,
          "words":[{"word":" hello","start":0.1,"end":0.4,"probability":0.9},{"word":" there","start":0.5,"end":0.9,"probability":0.8}]}]})",
      "m");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->text, "hello there");
  ASSERT_EQ(r->words.size(), 2u);
  EXPECT_EQ(r->words[1].w, "there");
  EXPECT_DOUBLE_EQ(*r->words[1].conf, 0.8);
  auto plain = ParseTranscriptionJson(R"({"text":"just text"})", "m");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->text, "just text");
  EXPECT_FALSE(plain->mean_confidence);
  EXPECT_FALSE(plain->low_confidence);
  EXPECT_FALSE(ParseTranscriptionJson("[1,2]", "m").ok());
  EXPECT_FALSE(ParseTranscriptionJson("not json", "m").ok());
}

TEST(Language, ParsesTags) {
  EXPECT_EQ(ParseLanguage("en"), Language::kEn);
  EXPECT_EQ(ParseLanguage("en-US"), Language::kEn);
  EXPECT_EQ(ParseLanguage("ZH_cn"), Language::kZh);
  EXPECT_EQ(ParseLanguage("cmn"), Language::kZh);
  EXPECT_FALSE(ParseLanguage("fr"));
  EXPECT_STREQ(LanguageCode(Language::kZh), "zh");
}

TEST(MarkConfidence, WeightsByDurationAndFlagsLow) {
  Transcript t;
  t.segments = {{0, 1, "a", 0.9}, {1, 4, "b", 0.3}};
  MarkConfidence(t, 0.5);
  EXPECT_NEAR(*t.mean_confidence, (0.9 + 0.9) / 4, 1e-12);
  EXPECT_TRUE(t.low_confidence);
  MarkConfidence(t, 0.4);
  EXPECT_FALSE(t.low_confidence);
}

}  // namespace
}  // namespace media
