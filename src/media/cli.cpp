// RunMediaAnalyzeCli: `hireflow media analyze FILE ...` (see analyze.h).
#include <chrono>
#include <cstdlib>
#include <ostream>
#include <string>
#include <vector>

#include <opencv2/core/utility.hpp>

#include "media/analyze.h"
#include "media/http_transcriber.h"
#include "media/pocketsphinx_transcriber.h"

namespace media {
namespace {

constexpr const char* kUsage =
    "usage: hireflow media analyze FILE [--lang en|zh] [--transcriber URL|pocketsphinx] [--model M] "
    "[--api-key K] [--no-transcript] [--no-video]";

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

struct CliOptions {
  std::string file;
  std::string lang = "en";
  std::string transcriber_url;
  std::string model;
  std::string api_key;
  bool no_transcript = false;
  bool no_video = false;
};

// Parses `args`; returns an error message for bad usage.
std::string ParseCli(const std::vector<std::string>& args, CliOptions& o) {
  bool have_url = false, have_model = false, have_key = false;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string a = args[i];
    if (a == "--") {
      for (++i; i < args.size(); ++i) {
        if (!o.file.empty()) return "more than one FILE given";
        o.file = args[i];
      }
      break;
    }
    if (a.rfind("--", 0) != 0 || a == "-") {
      if (!o.file.empty()) return "more than one FILE given";
      o.file = a;
      continue;
    }
    std::string name = a.substr(2), value;
    bool inline_value = false;
    if (size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      inline_value = true;
    }
    if (name == "no-transcript" || name == "no-video") {
      if (inline_value) return "--" + name + " takes no value";
      (name == "no-transcript" ? o.no_transcript : o.no_video) = true;
      continue;
    }
    if (name != "lang" && name != "transcriber" && name != "model" && name != "api-key") {
      return "unknown option --" + name;
    }
    if (!inline_value) {
      if (i + 1 >= args.size()) return "--" + name + " needs a value";
      value = args[++i];
    }
    if (name == "lang") {
      o.lang = value;
    } else if (name == "transcriber") {
      o.transcriber_url = value;
      have_url = true;
    } else if (name == "model") {
      o.model = value;
      have_model = true;
    } else {
      o.api_key = value;
      have_key = true;
    }
  }
  if (o.file.empty()) return "missing FILE";
  if (!have_url) o.transcriber_url = Env("HIREFLOW_TRANSCRIBER_URL");
  if (!have_model) o.model = Env("HIREFLOW_TRANSCRIBER_MODEL");
  if (!have_key) o.api_key = Env("HIREFLOW_TRANSCRIBER_KEY");
  return {};
}

bool IsEmbeddedName(const std::string& s) { return s.empty() || s == "pocketsphinx" || s == "embedded"; }

}  // namespace

int RunMediaAnalyzeCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  auto start = std::chrono::steady_clock::now();
  for (const std::string& a : args) {
    if (a == "--help" || a == "-h") {
      out << kUsage << "\n(docs/media-analysis.md)\n";
      return 0;
    }
  }
  CliOptions o;
  if (std::string bad = ParseCli(args, o); !bad.empty()) {
    err << "hireflow media analyze: " << bad << " (" << kUsage << ")\n";
    return 2;
  }
  auto lang = ParseLanguage(o.lang);
  if (!lang) {
    err << "hireflow media analyze: unsupported language '" << o.lang << "' (en or zh)\n";
    return 2;
  }
  if (o.file == "-") {
    err << "hireflow media analyze: give a file path (reading a recording from stdin is not supported)\n";
    return 2;
  }

  AnalyzeOptions opts;
  opts.language = *lang;
  opts.transcript = !o.no_transcript;
  opts.video = !o.no_video;
  opts.decode.video_frames = opts.video;

  // Decode first: a bad file is refused before any model is loaded.
  auto t0 = std::chrono::steady_clock::now();
  auto decoded = DecodeMedia(o.file, opts.decode);
  double decode_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  if (!decoded.ok()) {
    const core::Error& e = decoded.error();
    err << "hireflow media analyze: " << e.message << "\n";
    return e.code == core::ErrorCode::kInternal ? 1 : 2;
  }

  t0 = std::chrono::steady_clock::now();
  std::vector<std::string> setup_warnings;
  std::unique_ptr<Transcriber> transcriber;
  std::string transcriber_error;
  if (opts.transcript && decoded->has_audio) {
    if (IsEmbeddedName(o.transcriber_url)) {
      opts.transcriber = {"pocketsphinx", "en-us", ""};
      if (*lang != Language::kEn) {
        transcriber_error =
            "the embedded transcriber (PocketSphinx) has only an English model; give --transcriber URL of an "
            "OpenAI-compatible service for Chinese";
      } else {
        auto ps = PocketSphinxTranscriber::Create();
        if (ps.ok()) {
          transcriber = std::move(ps).value();
        } else {
          transcriber_error = ps.error().message;
        }
      }
    } else {
      HttpTranscriberOptions h;
      h.url = o.transcriber_url;
      if (!o.model.empty()) h.model = o.model;
      h.api_key = o.api_key;
      auto http = std::make_unique<HttpTranscriber>(h);
      opts.transcriber = {"http", h.model, http->endpoint()};
      transcriber = std::move(http);
    }
  } else if (opts.transcript) {
    opts.transcriber = {"none", "", ""};
  }
  std::unique_ptr<CaptureAnalyzer> capture;
  if (opts.video && decoded->has_video) {
    // One analysis, one core: OpenCV's worker threads would compete with the other jobs of the
    // machine, and the stage is small (about 10 ms a frame at 1 fps).
    cv::setNumThreads(1);
    auto c = CaptureAnalyzer::Create();
    if (c.ok()) {
      capture = std::move(c).value();
    } else {
      setup_warnings.push_back("no capture checks: " + c.error().message);
    }
  }
  double load_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();

  MediaAnalysis a = AnalyzeDecoded(std::move(decoded).value(), opts, transcriber.get(), capture.get());
  a.file = o.file;
  if (!transcriber_error.empty()) {
    a.transcript_error = transcriber_error;
    a.warnings.push_back("no transcript: " + transcriber_error);
  }
  a.warnings.insert(a.warnings.end(), setup_warnings.begin(), setup_warnings.end());
  a.stage_ms.decode_ms = decode_ms;
  a.stage_ms.load_models_ms = load_ms;
  a.stage_ms.total_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  out << MediaAnalysisJson(a) << "\n";
  out.flush();
  return 0;
}

}  // namespace media
