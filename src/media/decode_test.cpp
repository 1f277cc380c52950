// DecodeMedia on media made in the test run with ffmpeg and espeak-ng.
#include "media/decode.h"

#include <gtest/gtest.h>

#include <cmath>

#include "media/media_testing.h"

namespace media {
namespace {

using testing::Ffmpeg;
using testing::ShellQuote;
using testing::TempDir;

constexpr const char* kSentence = "hello my name is john and i have worked as a software engineer for five years";

// A 3 s 440 Hz tone as a 44.1 kHz stereo WAV: a known duration independent of espeak.
::testing::AssertionResult Tone(const std::string& out, double seconds = 3.0, const std::string& codec = "") {
  return Ffmpeg("-f lavfi -i " + ShellQuote("sine=frequency=440:sample_rate=44100:duration=" + std::to_string(seconds)) +
                " -af 'pan=stereo|c0=c0|c1=c0' " + codec + " " + ShellQuote(out));
}

TEST(DecodeMedia, WebmVp8OpusGivesAudioAndFrames) {
  HF_REQUIRE_TOOL("ffmpeg");
  HF_REQUIRE_TOOL("espeak-ng");
  TempDir dir;
  ASSERT_TRUE(testing::Speak(kSentence, dir / "speech.wav"));
  ASSERT_TRUE(testing::FaceVideo(dir / "speech.wav", testing::kVp8Opus, dir / "answer.webm"));
  auto m = DecodeMedia(dir / "answer.webm", {.video_frames = true});
  ASSERT_TRUE(m.ok()) << m.error().message;
  EXPECT_EQ(m->info.video_codec, "vp8");
  EXPECT_EQ(m->info.audio_codec, "opus");
  EXPECT_EQ(m->info.width, 640);
  EXPECT_TRUE(m->has_audio);
  EXPECT_TRUE(m->has_video);
  auto speech = DecodeMedia(dir / "speech.wav");
  ASSERT_TRUE(speech.ok());
  EXPECT_NEAR(m->duration_s, speech->duration_s, 0.15);
  EXPECT_EQ(m->audio.sample_rate, 16000);
  EXPECT_NEAR(m->audio.duration_s(), speech->duration_s, 0.1);
  // ~1 frame per second, downscaled to 320 wide, aspect kept.
  ASSERT_GE(m->frames.size(), static_cast<size_t>(std::floor(m->duration_s)));
  EXPECT_LE(m->frames.size(), static_cast<size_t>(std::ceil(m->duration_s)) + 1);
  EXPECT_EQ(m->frames[0].width, 320);
  EXPECT_EQ(m->frames[0].height, 240);
  EXPECT_EQ(m->frames[0].pixels.size(), 320u * 240u);
  for (size_t i = 1; i < m->frames.size(); ++i) EXPECT_GE(m->frames[i].time_s - m->frames[i - 1].time_s, 0.9);
}

TEST(DecodeMedia, WebmVp9AndMp4H264Aac) {
  HF_REQUIRE_TOOL("ffmpeg");
  HF_REQUIRE_TOOL("espeak-ng");
  TempDir dir;
  ASSERT_TRUE(testing::Speak(kSentence, dir / "speech.wav"));
  auto speech = DecodeMedia(dir / "speech.wav");
  ASSERT_TRUE(speech.ok());
  ASSERT_TRUE(testing::FaceVideo(dir / "speech.wav", testing::kVp9Opus, dir / "answer.webm"));
  ASSERT_TRUE(testing::FaceVideo(dir / "speech.wav", testing::kH264Aac, dir / "answer.mp4"));
  for (auto [file, vcodec, acodec] : {std::tuple{"answer.webm", "vp9", "opus"}, std::tuple{"answer.mp4", "h264", "aac"}}) {
    SCOPED_TRACE(file);
    auto m = DecodeMedia(dir / file, {.video_frames = true});
    ASSERT_TRUE(m.ok()) << m.error().message;
    EXPECT_EQ(m->info.video_codec, vcodec);
    EXPECT_EQ(m->info.audio_codec, acodec);
    EXPECT_NEAR(m->duration_s, speech->duration_s, 0.15);
    EXPECT_NEAR(m->audio.duration_s(), speech->duration_s, 0.12);
    EXPECT_GE(m->frames.size(), 2u);
    EXPECT_TRUE(m->warnings.empty()) << m->warnings.front();
  }
}

TEST(DecodeMedia, AudioOnlyFormatsResampleTo16kMono) {
  HF_REQUIRE_TOOL("ffmpeg");
  TempDir dir;
  ASSERT_TRUE(Tone(dir / "tone.wav"));
  struct Case {
    const char* file;
    const char* codec;
    const char* name;
  };
  for (const Case& c : {Case{"tone.ogg", "-c:a libopus", "opus"}, Case{"tone.webm", "-vn -c:a libopus", "opus"},
                        Case{"tone.mp3", "-c:a libmp3lame", "mp3"}, Case{"tone.m4a", "-c:a aac", "aac"},
                        Case{"tone.flac", "-c:a flac", "flac"}, Case{"tone.oga", "-c:a libvorbis", "vorbis"}}) {
    SCOPED_TRACE(c.file);
    ASSERT_TRUE(Ffmpeg("-i " + ShellQuote(dir / "tone.wav") + " " + c.codec + " " + ShellQuote(dir / c.file)));
    auto m = DecodeMedia(dir / c.file, {.video_frames = true});
    ASSERT_TRUE(m.ok()) << m.error().message;
    EXPECT_EQ(m->info.audio_codec, c.name);
    EXPECT_FALSE(m->has_video);
    EXPECT_TRUE(m->frames.empty());
    EXPECT_NEAR(m->duration_s, 3.0, 0.08);
    EXPECT_EQ(m->audio.sample_rate, 16000);
    // Identical stereo channels downmixed to mono keep their level (lavfi's sine has amplitude 1/8).
    double sq = 0;
    for (float x : m->audio.samples) sq += static_cast<double>(x) * x;
    double rms = std::sqrt(sq / static_cast<double>(m->audio.samples.size()));
    EXPECT_NEAR(rms, 0.125 / std::sqrt(2.0), 0.02);
  }
  auto wav = DecodeMedia(dir / "tone.wav");
  ASSERT_TRUE(wav.ok());
  EXPECT_EQ(wav->info.audio_channels, 2);
  EXPECT_EQ(wav->info.audio_sample_rate, 44100);
  EXPECT_NEAR(wav->audio.duration_s(), 3.0, 0.01);
}

TEST(DecodeMedia, StreamedWebmWithoutDurationIsTimedFromItsPackets) {
  HF_REQUIRE_TOOL("ffmpeg");
  TempDir dir;
  ASSERT_TRUE(Tone(dir / "tone.wav", 4.0));
  // Writing to a pipe leaves no duration and no cues, as Chromium's MediaRecorder does.
  ASSERT_TRUE(Ffmpeg("-f lavfi -i testsrc=size=320x240:rate=15 -i " + ShellQuote(dir / "tone.wav") + " -t 4 " +
                     testing::kVp8Opus + " -f webm - > " + ShellQuote(dir / "streamed.webm")));
  auto m = DecodeMedia(dir / "streamed.webm");
  ASSERT_TRUE(m.ok()) << m.error().message;
  EXPECT_NEAR(m->duration_s, 4.0, 0.1);
  EXPECT_TRUE(m->has_video);
  EXPECT_TRUE(m->frames.empty());  // not asked for
}

TEST(DecodeMedia, MissingEmptyTextAndImageFilesAreClearErrors) {
  HF_REQUIRE_TOOL("ffmpeg");
  TempDir dir;
  auto missing = DecodeMedia(dir / "nope.webm");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);
  EXPECT_NE(missing.error().message.find("no such file"), std::string::npos);

  testing::WriteFile(dir / "empty.webm", "");
  auto empty = DecodeMedia(dir / "empty.webm");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, core::ErrorCode::kInvalid);
  EXPECT_NE(empty.error().message.find("empty (0 bytes)"), std::string::npos);

  testing::WriteFile(dir / "notes.txt", "This is my answer, typed instead of recorded.\nSecond line.\n");
  auto text = DecodeMedia(dir / "notes.txt");
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().code, core::ErrorCode::kInvalid);
  EXPECT_NE(text.error().message.find("text file"), std::string::npos) << text.error().message;

  testing::WriteFile(dir / "answer.webm", std::string("\x01\x02garbage\xff\xfe", 12) + std::string(5000, '\x07'));
  auto junk = DecodeMedia(dir / "answer.webm");
  ASSERT_FALSE(junk.ok());
  EXPECT_EQ(junk.error().code, core::ErrorCode::kInvalid);
  EXPECT_NE(junk.error().message.find("not an audio or video file"), std::string::npos) << junk.error().message;

  ASSERT_TRUE(Ffmpeg("-i " + ShellQuote(testing::FacePhoto()) + " " + ShellQuote(dir / "photo.png")));
  auto image = DecodeMedia(dir / "photo.png");
  ASSERT_FALSE(image.ok());
  EXPECT_EQ(image.error().code, core::ErrorCode::kInvalid);
  EXPECT_NE(image.error().message.find("image"), std::string::npos) << image.error().message;

  auto directory = DecodeMedia(dir.path());
  ASSERT_FALSE(directory.ok());
  EXPECT_NE(directory.error().message.find("directory"), std::string::npos);
}

TEST(DecodeMedia, TruncatedFiles) {
  HF_REQUIRE_TOOL("ffmpeg");
  TempDir dir;
  ASSERT_TRUE(Tone(dir / "tone.wav", 6.0));
  ASSERT_TRUE(Ffmpeg("-f lavfi -i testsrc=size=320x240:rate=15 -i " + ShellQuote(dir / "tone.wav") + " -t 6 " +
                     testing::kVp8Opus + " " + ShellQuote(dir / "full.webm")));
  ASSERT_TRUE(Ffmpeg("-f lavfi -i testsrc=size=320x240:rate=15 -i " + ShellQuote(dir / "tone.wav") + " -t 6 " +
                     testing::kH264Aac + " " + ShellQuote(dir / "full.mp4")));
  std::string webm = testing::ReadFile(dir / "full.webm");
  std::string mp4 = testing::ReadFile(dir / "full.mp4");
  ASSERT_GT(webm.size(), 10000u);

  // Half a WebM: what was recorded before the upload broke off is still analysable, with a warning.
  testing::WriteFile(dir / "half.webm", webm.substr(0, webm.size() / 2));
  auto half = DecodeMedia(dir / "half.webm");
  ASSERT_TRUE(half.ok()) << half.error().message;
  EXPECT_GT(half->duration_s, 1.0);
  EXPECT_LT(half->duration_s, 5.5);
  ASSERT_FALSE(half->warnings.empty());

  // Only the first bytes of the header: nothing to decode.
  testing::WriteFile(dir / "head.webm", webm.substr(0, 200));
  auto head = DecodeMedia(dir / "head.webm");
  ASSERT_FALSE(head.ok());
  EXPECT_EQ(head.error().code, core::ErrorCode::kInvalid);
  EXPECT_NE(head.error().message.find("truncated or corrupt"), std::string::npos) << head.error().message;

  // An MP4 whose index (moov, written last) was cut off.
  testing::WriteFile(dir / "cut.mp4", mp4.substr(0, mp4.size() / 2));
  auto cut = DecodeMedia(dir / "cut.mp4");
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.error().code, core::ErrorCode::kInvalid);
  EXPECT_NE(cut.error().message.find("truncated or corrupt"), std::string::npos) << cut.error().message;
}

TEST(DecodeMedia, GarbageInTheMiddleIsSkippedNotFatal) {
  HF_REQUIRE_TOOL("ffmpeg");
  TempDir dir;
  ASSERT_TRUE(Tone(dir / "tone.wav", 6.0));
  ASSERT_TRUE(Ffmpeg("-f lavfi -i testsrc=size=320x240:rate=15 -i " + ShellQuote(dir / "tone.wav") + " -t 6 " +
                     testing::kVp8Opus + " " + ShellQuote(dir / "full.webm")));
  std::string webm = testing::ReadFile(dir / "full.webm");
  uint32_t state = 12345;
  for (size_t i = webm.size() / 3; i < webm.size() / 3 + 4000 && i < webm.size(); ++i) {
    state = state * 1103515245u + 12345u;
    webm[i] = static_cast<char>(state >> 24);
  }
  testing::WriteFile(dir / "damaged.webm", webm);
  auto m = DecodeMedia(dir / "damaged.webm", {.video_frames = true});
  ASSERT_TRUE(m.ok()) << m.error().message;
  EXPECT_GT(m->duration_s, 1.0);
}

TEST(DecodeMedia, LongRecordingsAreRefusedOverTheLimit) {
  HF_REQUIRE_TOOL("ffmpeg");
  TempDir dir;
  ASSERT_TRUE(Tone(dir / "tone.wav", 3.0));
  auto m = DecodeMedia(dir / "tone.wav", {.max_duration_s = 1.0});
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().code, core::ErrorCode::kTooLarge);
}

TEST(DecodeMedia, FrameSamplingHalvesItsRateWhenFull) {
  HF_REQUIRE_TOOL("ffmpeg");
  TempDir dir;
  ASSERT_TRUE(Ffmpeg("-f lavfi -i testsrc=size=320x240:rate=10 -f lavfi -i anullsrc=r=16000:cl=mono -t 12 " +
                     std::string(testing::kVp8Opus) + " " + ShellQuote(dir / "v.webm")));
  auto m = DecodeMedia(dir / "v.webm", {.video_frames = true, .frames_per_second = 1.0, .max_frames = 4});
  ASSERT_TRUE(m.ok()) << m.error().message;
  EXPECT_LE(m->frames.size(), 4u);
  EXPECT_GE(m->frames.size(), 2u);
  EXPECT_GT(m->frames.back().time_s, 6.0);  // spread over the whole recording, not its start
}

TEST(EncodeWav, RoundTripsThroughTheDecoder) {
  Audio a;
  for (int i = 0; i < 16000; ++i) a.samples.push_back(0.5f * static_cast<float>(std::sin(2 * M_PI * 300 * i / 16000.0)));
  std::string wav = EncodeWav(a);
  ASSERT_EQ(wav.size(), 44u + 32000u);
  EXPECT_EQ(wav.substr(0, 4), "RIFF");
  EXPECT_EQ(wav.substr(8, 8), "WAVEfmt ");
  TempDir dir;
  testing::WriteFile(dir / "a.wav", wav);
  auto m = DecodeMedia(dir / "a.wav");
  ASSERT_TRUE(m.ok()) << m.error().message;
  ASSERT_EQ(m->audio.samples.size(), a.samples.size());
  for (size_t i = 0; i < a.samples.size(); i += 997) EXPECT_NEAR(m->audio.samples[i], a.samples[i], 1e-3);
}

}  // namespace
}  // namespace media
