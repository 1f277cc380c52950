#include "recruit/resume_parse.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "recruit/resume_extract.h"
#include "recruit/resume_fields.h"
#include "recruit/resume_json.h"
#include "recruit/resume_structure.h"
#include "recruit/resume_text.h"

namespace recruit {
namespace {

using nlohmann::json;
using resume_detail::SourceFormat;

constexpr size_t kMaxWarnings = 50;

json Meta(SourceFormat format, const std::string& language, const std::string& encoding,
          std::vector<std::string> warnings, const json& existing = json::object()) {
  json meta = existing.is_object() ? existing : json::object();
  meta["source_format"] = resume_detail::SourceFormatName(format);
  meta["language"] = language;
  meta["parser_version"] = kResumeParserVersion;
  if (!encoding.empty() && encoding != "UTF-8") {
    meta["encoding"] = encoding;
  } else {
    meta.erase("encoding");
  }
  if (warnings.size() > kMaxWarnings) {
    const size_t more = warnings.size() - kMaxWarnings;
    warnings.resize(kMaxWarnings);
    warnings.push_back(std::to_string(more) + " more warnings not shown");
  }
  meta["warnings"] = std::move(warnings);
  return meta;
}

// Cuts text longer than the limit at a line break.
std::string Bounded(std::string text, std::vector<std::string>& warnings) {
  if (text.size() <= resume_detail::kMaxTextChars) return text;
  size_t cut = text.rfind('\n', resume_detail::kMaxTextChars);
  if (cut == std::string::npos) cut = resume_detail::kMaxTextChars;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // UTF-8 boundary
  text.resize(cut);
  warnings.push_back("text longer than " + std::to_string(resume_detail::kMaxTextChars) +
                     " bytes; the rest was ignored");
  return text;
}

core::Result<json> ParseJsonResume(const resume_detail::Extracted& ex) {
  json doc;
  try {
    doc = json::parse(ex.text, nullptr, true, false);
  } catch (const json::parse_error& e) {
    return core::Error::Invalid("file", "malformed JSON at byte " + std::to_string(e.byte));
  }
  std::vector<std::string> warnings = ex.warnings;
  HF_ASSIGN(json out, resume_detail::NormalizeJsonResumeDetail(doc, warnings));
  const json existing = out.contains("meta") ? out["meta"] : json::object();
  out["meta"] = Meta(SourceFormat::kJson, resume_detail::DetectJsonLanguage(out), ex.encoding, std::move(warnings),
                     existing);
  return out;
}

std::optional<std::string> NameFromFileName(std::string_view filename) {
  std::u32string stem = resume_detail::ToU32(resume_detail::NormalizeText(filename));
  if (const size_t slash = stem.find_last_of(U"/\\"); slash != std::u32string::npos) stem.erase(0, slash + 1);
  if (const size_t dot = stem.rfind('.'); dot != std::u32string::npos) stem.erase(dot);
  std::u32string part;
  for (size_t i = 0; i <= stem.size(); ++i) {
    const char32_t c = i < stem.size() ? stem[i] : U'-';
    if (c == '-' || c == '_' || c == ' ' || c == '(' || c == ')' || c == '[' || c == ']' || c == U'【' ||
        c == U'】' || c == '+' || c == ',' || c == U'、') {
      if (auto n = resume_detail::AsPersonName(part, true); n && !part.empty() && resume_detail::IsHan(part[0])) {
        return n;
      }
      part.clear();
    } else {
      part.push_back(c);
    }
  }
  return std::nullopt;
}

core::Result<json> ParseUnchecked(std::string_view bytes, std::string_view filename_hint) {
  HF_ASSIGN(resume_detail::Extracted ex, resume_detail::ExtractText(bytes, filename_hint));
  if (ex.format == SourceFormat::kJson) return ParseJsonResume(ex);
  std::vector<std::string> warnings = std::move(ex.warnings);
  const std::string text = resume_detail::NormalizeText(Bounded(std::move(ex.text), warnings));
  resume_detail::TextParse parsed = resume_detail::ParseResumeText(text);
  if (parsed.resume.empty()) {
    return core::Error::Invalid("file", std::string("no resume content found in the ") +
                                            resume_detail::SourceFormatName(ex.format) + " document");
  }
  for (auto& w : parsed.warnings) warnings.push_back(std::move(w));
  json out = std::move(parsed.resume);
  if (!out.contains("basics") || !out["basics"].contains("name")) {
    // Exported resumes are often named "张三-Java开发-5年.pdf".
    if (auto name = NameFromFileName(filename_hint)) {
      out["basics"]["name"] = *name;
      warnings.erase(std::remove(warnings.begin(), warnings.end(), std::string("name not found")), warnings.end());
      warnings.push_back("name taken from the file name");
    }
  }
  out["meta"] = Meta(ex.format, parsed.language, ex.encoding, std::move(warnings));
  return out;
}

std::string OneLine(std::string s) {
  for (auto& c : s) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return s;
}

}  // namespace

core::Result<json> ParseResumeBytes(std::string_view bytes, std::string_view filename_hint) {
  try {
    return ParseUnchecked(bytes, filename_hint);
  } catch (const std::bad_alloc&) {
    return core::Error{core::ErrorCode::kTooLarge, "the resume needs too much memory to parse", "file", {}};
  } catch (const std::exception& e) {
    return core::Error::Internal(std::string("resume parser failed: ") + e.what());
  } catch (...) {
    return core::Error::Internal("resume parser failed");
  }
}

core::Result<json> ParseResumeFile(const std::string& path) {
  std::error_code ec;
  const std::filesystem::path p(path);
  const auto status = std::filesystem::status(p, ec);
  if (ec || !std::filesystem::exists(status)) return core::Error::NotFound("file not found: " + path);
  if (std::filesystem::is_directory(status)) return core::Error::Invalid("file", path + " is a directory");
  const auto size = std::filesystem::file_size(p, ec);
  if (!ec && size > resume_detail::kMaxInputBytes) {
    return core::Error{core::ErrorCode::kTooLarge,
                       "the file is too large (" + std::to_string(size) + " bytes; limit " +
                           std::to_string(resume_detail::kMaxInputBytes >> 20) + " MiB)",
                       "file", {}};
  }
  std::ifstream in(p, std::ios::binary);
  if (!in) return core::Error::NotFound("cannot read file: " + path);
  std::string data;
  data.reserve(ec ? 0 : size);
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    data.append(buf, size_t(in.gcount()));
    if (data.size() > resume_detail::kMaxInputBytes) {
      return core::Error{core::ErrorCode::kTooLarge, "the file is too large", "file", {}};
    }
  }
  if (in.bad()) return core::Error::NotFound("cannot read file: " + path);
  return ParseResumeBytes(data, p.filename().string());
}

core::Result<json> NormalizeJsonResume(const json& doc) {
  try {
    std::vector<std::string> warnings;
    HF_ASSIGN(json out, resume_detail::NormalizeJsonResumeDetail(doc, warnings));
    const json existing = out.contains("meta") ? out["meta"] : json::object();
    out["meta"] = Meta(SourceFormat::kJson, resume_detail::DetectJsonLanguage(out), "", std::move(warnings), existing);
    return out;
  } catch (const std::exception& e) {
    return core::Error::Internal(std::string("JSON Resume normalisation failed: ") + e.what());
  }
}

int RunResumeParseCli(int argc, char** argv, std::ostream& out, std::ostream& err) {
  static const char kUsage[] = "usage: hireflow resume parse [--compact] FILE   (FILE may be - for stdin)";
  bool compact = false;
  std::string file;
  bool have_file = false;
  for (int i = 0; i < argc; ++i) {
    const std::string arg = argv[i] ? argv[i] : "";
    if (arg == "-h" || arg == "--help") {
      out << kUsage << "\n";
      return 0;
    }
    if (arg == "--compact") {
      compact = true;
    } else if (arg.size() > 1 && arg[0] == '-' && arg != "-") {
      err << "resume parse: unknown option " << arg << "; " << kUsage << "\n";
      return 2;
    } else if (!have_file) {
      file = arg;
      have_file = true;
    } else {
      err << "resume parse: too many arguments; " << kUsage << "\n";
      return 2;
    }
  }
  if (!have_file || file.empty()) {
    err << kUsage << "\n";
    return 2;
  }
  core::Result<json> r = core::Error::Internal("not parsed");
  if (file == "-") {
    std::string data((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    r = ParseResumeBytes(data, "stdin");
  } else {
    r = ParseResumeFile(file);
  }
  if (!r.ok()) {
    err << "resume parse: " << file << ": " << OneLine(r.error().message) << "\n";
    return 2;
  }
  out << r->dump(compact ? -1 : 2, ' ', false, json::error_handler_t::replace) << "\n";
  return out.good() ? 0 : 2;
}

}  // namespace recruit
