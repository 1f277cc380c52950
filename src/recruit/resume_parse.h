// Resume parsing: PDF, DOCX, ODT, HTML, plain text (UTF-8, UTF-16, GB18030/GBK) and JSON Resume
// files in Chinese or English become a JSON Resume v1.0.0 object (https://jsonresume.org/schema).
//
// Output: basics, work, education, skills, languages, projects, certificates (and awards,
// volunteer, publications, interests when present). Dates are "YYYY", "YYYY-MM" or "YYYY-MM-DD";
// an ongoing entry ("至今", "Present") has no endDate. Only fields that were found are present
// (no empty strings). Parser metadata is in "meta": {source_format, language ("zh"|"en"),
// parser_version, warnings[]}; warnings say what was doubtful or left out, and a resume with
// warnings is still a result. Personal data that must not drive hiring decisions (gender, age,
// birth date, ethnicity, marital status, photo) is deliberately not extracted.
//
// Formats are detected from the content, not the file name. Time and memory are bounded for any
// input (see resume_extract.h limits); no function here throws.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/error.h"

namespace recruit {

// Version string written to meta.parser_version.
inline constexpr const char* kResumeParserVersion = "hireflow-resume/1.0";

// Parses resume bytes. `filename_hint` (may be empty) improves error messages and, when the text
// names nobody, supplies the name of files like "张三-Java开发.pdf" (with a warning).
// Errors: kInvalid (empty, damaged, binary or malformed JSON), kUnsupported (encrypted, legacy
// .doc, images/scans, spreadsheets, unknown formats), kTooLarge (over 32 MiB).
core::Result<nlohmann::json> ParseResumeBytes(std::string_view bytes, std::string_view filename_hint = {});

// Reads and parses a file. kNotFound if it does not exist or cannot be read; otherwise as above.
core::Result<nlohmann::json> ParseResumeFile(const std::string& path);

// Normalises a JSON Resume document (trims strings, drops empty and mistyped fields, normalises
// dates, URLs and Chinese mobile numbers, drops top-level keys the schema forbids). Idempotent.
// kInvalid if `doc` is not an object holding at least one JSON Resume section.
core::Result<nlohmann::json> NormalizeJsonResume(const nlohmann::json& doc);

// `hireflow resume parse [--compact] FILE` (argv = the arguments after "resume parse"; "-" reads
// stdin). Prints the JSON Resume (pretty, UTF-8) to `out` and returns 0; on unreadable,
// unsupported or damaged input prints one line to `err` and returns 2.
int RunResumeParseCli(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace recruit
