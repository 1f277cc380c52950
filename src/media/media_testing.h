// Test helpers of the media module (included by *_test.cpp only): a temp dir, and test media made
// during the test run with real tools (ffmpeg, espeak-ng). A missing tool fails the test: CI
// installs them (scripts/deps.sh), so a skip would hide a broken machine.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace media::testing {

#ifndef HIREFLOW_TEST_SOURCE_DIR
#define HIREFLOW_TEST_SOURCE_DIR "."
#endif

inline std::string SourceDir() {
  if (const char* env = std::getenv("HIREFLOW_SOURCE_DIR"); env && *env) return env;
  return HIREFLOW_TEST_SOURCE_DIR;
}

// A public-domain NASA portrait (astronaut Eileen Collins), taken from Debian's python3-skimage
// (skimage/data/astronaut.png), cropped and reduced: data/media/testdata/README.md.
inline std::string FacePhoto() { return SourceDir() + "/data/media/testdata/astronaut_portrait.jpg"; }

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "hireflow-media-XXXXXX").string();
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    if (char* p = ::mkdtemp(buf.data())) path_ = p;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

inline std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

struct RunResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

inline RunResult Run(const std::string& command) {
  RunResult r;
  FILE* p = ::popen((command + " 2>&1").c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.output.append(buf.data(), n);
  int status = ::pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

inline bool HaveTool(const std::string& name) { return Run("command -v " + ShellQuote(name)).exit_code == 0; }

#define HF_REQUIRE_TOOL(name) \
  ASSERT_TRUE(::media::testing::HaveTool(name)) << (name) << " is required by this test (Debian package: see scripts/deps.sh)"

// Runs ffmpeg quietly with `args`; the test fails with ffmpeg's output on error.
inline ::testing::AssertionResult Ffmpeg(const std::string& args) {
  RunResult r = Run("ffmpeg -nostdin -hide_banner -loglevel error -y " + args);
  if (r.exit_code == 0) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "ffmpeg " << args << "\n" << r.output;
}

// espeak-ng speech as a WAV file (22.05 kHz mono). The Klatt voice variant is recognised far
// better by PocketSphinx than the default formant voice.
inline ::testing::AssertionResult Speak(const std::string& text, const std::string& wav,
                                        const std::string& voice = "en-us+klatt") {
  RunResult r = Run("espeak-ng -v " + ShellQuote(voice) + " -w " + ShellQuote(wav) + " " + ShellQuote(text));
  if (r.exit_code == 0) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "espeak-ng failed\n" << r.output;
}

// Concatenates WAV pieces with silences: silence[0], piece[0], silence[1], piece[1], ...,
// silence[n] (silence has one more entry than pieces), as 16 kHz mono s16 WAV at `out`.
inline ::testing::AssertionResult SpeechWithSilences(const std::vector<std::string>& pieces,
                                                     const std::vector<double>& silences, const std::string& out) {
  if (silences.size() != pieces.size() + 1) return ::testing::AssertionFailure() << "silences must be pieces + 1";
  std::ostringstream inputs, graph, chain;
  for (const std::string& p : pieces) inputs << " -i " << ShellQuote(p);
  const char* fmt = "aformat=sample_fmts=s16:sample_rates=16000:channel_layouts=mono";
  size_t n = 0;
  for (size_t i = 0; i < silences.size(); ++i) {
    graph << "aevalsrc=0:s=16000:c=mono:d=" << silences[i] << "," << fmt << "[z" << i << "];";
    chain << "[z" << i << "]";
    ++n;
    if (i < pieces.size()) {
      graph << "[" << i << ":a]aresample=16000," << fmt << "[p" << i << "];";
      chain << "[p" << i << "]";
      ++n;
    }
  }
  std::string filter = graph.str() + chain.str() + "concat=n=" + std::to_string(n) + ":v=0:a=1[out]";
  return Ffmpeg(inputs.str() + " -filter_complex " + ShellQuote(filter) + " -map '[out]' -c:a pcm_s16le " +
                ShellQuote(out));
}

// A video of the face photo centred on a grey 640x480 background with `audio` as sound track,
// encoded with the given ffmpeg codec options (e.g. "-c:v libvpx -c:a libopus").
inline ::testing::AssertionResult FaceVideo(const std::string& audio, const std::string& codecs, const std::string& out,
                                            const std::string& video_filter = "") {
  std::string vf = "[0:v]scale=-2:360,pad=640:480:(ow-iw)/2:(oh-ih)/2:color=0x808080,format=yuv420p";
  if (!video_filter.empty()) vf += "," + video_filter;
  vf += "[v]";
  // -t with the sound's length, not -shortest: encoders buffer video past the end of the sound.
  RunResult probe = Run("ffprobe -v error -show_entries format=duration -of csv=p=0 " + ShellQuote(audio));
  if (probe.exit_code != 0) return ::testing::AssertionFailure() << "ffprobe failed\n" << probe.output;
  std::string seconds = probe.output.substr(0, probe.output.find_first_of("\r\n"));
  return Ffmpeg("-loop 1 -framerate 15 -i " + ShellQuote(FacePhoto()) + " -i " + ShellQuote(audio) +
                " -filter_complex " + ShellQuote(vf) + " -map '[v]' -map 1:a -t " + seconds + " " + codecs + " " +
                ShellQuote(out));
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void WriteFile(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary);
  out << data;
}

// Fast encoder settings for tests.
// (libvpx's "realtime" deadline adapts quality to the CPU time it gets, so its output differs from
// run to run: "good" with a high cpu-used is fast and deterministic.)
inline constexpr const char* kVp8Opus = "-c:v libvpx -deadline good -cpu-used 5 -b:v 800k -c:a libopus -b:a 48k";
inline constexpr const char* kVp9Opus =
    "-c:v libvpx-vp9 -deadline good -cpu-used 5 -row-mt 1 -b:v 800k -c:a libopus -b:a 48k";
inline constexpr const char* kH264Aac = "-c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -b:a 96k";

}  // namespace media::testing
