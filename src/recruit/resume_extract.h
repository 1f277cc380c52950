// Format detection and text extraction for resume files (recruit::resume_detail).
// Formats are recognised by content (magic bytes), never by the file name alone.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace recruit::resume_detail {

enum class SourceFormat { kText, kPdf, kDocx, kOdt, kHtml, kJson };
const char* SourceFormatName(SourceFormat f);  // "text", "pdf", "docx", "odt", "html", "json"

// Limits that keep parsing bounded on any input.
inline constexpr size_t kMaxInputBytes = 32u << 20;    // whole file
inline constexpr size_t kMaxXmlBytes = 16u << 20;      // one uncompressed part of a DOCX/ODT
inline constexpr int kMaxPdfPages = 30;
inline constexpr size_t kMaxTextChars = 300'000;       // extracted text kept for parsing

struct Extracted {
  SourceFormat format = SourceFormat::kText;
  std::string text;  // UTF-8, lines separated by '\n', not yet normalised (empty for JSON)
  std::string encoding;
  std::vector<std::string> warnings;
};

// Detects the format of `bytes` and extracts its text. JSON is only recognised here (text left
// empty); the caller parses it. Errors: kInvalid (empty, damaged, binary), kUnsupported (known
// but unsupported formats: legacy .doc, encrypted files, images, spreadsheets, scanned PDFs).
core::Result<Extracted> ExtractText(std::string_view bytes, std::string_view filename_hint);

}  // namespace recruit::resume_detail
