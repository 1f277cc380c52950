// Capture-quality checks on videos made from a real face photo with ffmpeg.
#include "media/capture.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "media/media_testing.h"

namespace media {
namespace {

using testing::Ffmpeg;
using testing::ShellQuote;
using testing::TempDir;

bool HasFlag(const CaptureSummary& s, const std::string& flag) {
  return std::find(s.flags.begin(), s.flags.end(), flag) != s.flags.end();
}

// Decodes `video` with 1 fps frame sampling and summarises it.
CaptureSummary Summarise(const std::string& video) {
  auto m = DecodeMedia(video, {.video_frames = true});
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().message);
  if (!m.ok()) return {};
  auto analyzer = CaptureAnalyzer::Create();
  EXPECT_TRUE(analyzer.ok()) << (analyzer.ok() ? "" : analyzer.error().message);
  if (!analyzer.ok()) return {};
  return (*analyzer)->Analyze(m->frames);
}

// 5 s of silence as the sound track (capture checks do not look at sound).
std::string Silence(const TempDir& dir) {
  std::string out = dir / "silence.wav";
  EXPECT_TRUE(Ffmpeg("-f lavfi -i anullsrc=r=16000:cl=mono -t 5 " + ShellQuote(out)));
  return out;
}

TEST(CaptureAnalyzer, CentredWellLitFaceRaisesNoFlag) {
  HF_REQUIRE_TOOL("ffmpeg");
  TempDir dir;
  ASSERT_TRUE(testing::FaceVideo(Silence(dir), testing::kVp8Opus, dir / "face.webm"));
  CaptureSummary s = Summarise(dir / "face.webm");
  EXPECT_GE(s.frames, 4);
  EXPECT_GE(s.face_share, 0.8);
  EXPECT_EQ(s.multiple_faces_share, 0.0);
  EXPECT_GE(s.centred_share, 0.8);
  EXPECT_GT(s.mean_brightness, 60);
  EXPECT_LT(s.mean_brightness, 200);
  EXPECT_TRUE(s.flags.empty()) << s.flags.front();
}

TEST(CaptureAnalyzer, TwoPeopleInViewAreMultipleFaces) {
  HF_REQUIRE_TOOL("ffmpeg");
  TempDir dir;
  std::string photo = ShellQuote(testing::FacePhoto());
  ASSERT_TRUE(Ffmpeg("-loop 1 -framerate 15 -i " + photo + " -loop 1 -framerate 15 -i " + photo + " -i " +
                     ShellQuote(Silence(dir)) +
                     " -filter_complex '[0:v]scale=-2:300[a];[1:v]scale=-2:300,hflip[b];[a][b]hstack,"
                     "pad=640:480:(ow-iw)/2:(oh-ih)/2:color=0x808080,format=yuv420p[v]' -map '[v]' -map 2:a -shortest " +
                     testing::kVp8Opus + " " + ShellQuote(dir / "two.webm")));
  CaptureSummary s = Summarise(dir / "two.webm");
  EXPECT_GE(s.multiple_faces_share, 0.8);
  EXPECT_TRUE(HasFlag(s, "multiple_faces"));
  EXPECT_FALSE(HasFlag(s, "no_face"));
}

TEST(CaptureAnalyzer, TestPatternHasNoFace) {
  HF_REQUIRE_TOOL("ffmpeg");
  TempDir dir;
  ASSERT_TRUE(Ffmpeg("-f lavfi -i testsrc=size=640x480:rate=15 -i " + ShellQuote(Silence(dir)) + " -shortest " +
                     testing::kVp8Opus + " " + ShellQuote(dir / "pattern.webm")));
  CaptureSummary s = Summarise(dir / "pattern.webm");
  EXPECT_GE(s.frames, 4);
  EXPECT_LE(s.face_share, 0.2);
  EXPECT_TRUE(HasFlag(s, "no_face"));
  EXPECT_FALSE(HasFlag(s, "off_centre"));
}

TEST(CaptureAnalyzer, FaceInACornerIsOffCentre) {
  HF_REQUIRE_TOOL("ffmpeg");
  TempDir dir;
  ASSERT_TRUE(Ffmpeg("-loop 1 -framerate 15 -i " + ShellQuote(testing::FacePhoto()) + " -i " +
                     ShellQuote(Silence(dir)) +
                     " -filter_complex '[0:v]scale=-2:320,pad=640:480:0:0:color=0x808080,format=yuv420p[v]' "
                     "-map '[v]' -map 1:a -shortest " +
                     testing::kH264Aac + " " + ShellQuote(dir / "corner.mp4")));
  CaptureSummary s = Summarise(dir / "corner.mp4");
  EXPECT_GE(s.face_share, 0.8);
  EXPECT_LE(s.centred_share, 0.2);
  EXPECT_TRUE(HasFlag(s, "off_centre"));
}

TEST(CaptureAnalyzer, DarkRoomIsTooDark) {
  HF_REQUIRE_TOOL("ffmpeg");
  TempDir dir;
  ASSERT_TRUE(testing::FaceVideo(Silence(dir), testing::kVp8Opus, dir / "dark.webm", "lutyuv=y=val*0.2"));
  CaptureSummary s = Summarise(dir / "dark.webm");
  EXPECT_LT(s.mean_brightness, 40);
  EXPECT_GE(s.too_dark_share, 0.8);
  EXPECT_TRUE(HasFlag(s, "too_dark"));
  EXPECT_FALSE(HasFlag(s, "too_bright"));
}

TEST(CaptureAnalyzer, NoFramesMeansNoVideo) {
  auto analyzer = CaptureAnalyzer::Create();
  ASSERT_TRUE(analyzer.ok()) << analyzer.error().message;
  CaptureSummary s = (*analyzer)->Analyze({});
  EXPECT_EQ(s.frames, 0);
  EXPECT_EQ(s.flags, std::vector<std::string>{"no_video"});
}

TEST(CaptureAnalyzer, MissingCascadeIsUnavailable) {
  auto analyzer = CaptureAnalyzer::Create({.cascade_path = "/nonexistent/cascade.xml"});
  ASSERT_FALSE(analyzer.ok());
  EXPECT_EQ(analyzer.error().code, core::ErrorCode::kUnavailable);
  EXPECT_NE(analyzer.error().message.find("/nonexistent/cascade.xml"), std::string::npos);
}

}  // namespace
}  // namespace media
