// org::ReadXlsx: the first worksheet of an XLSX workbook (Office Open XML, a
// ZIP of XML parts) as rows of cell texts, for the bulk imports (candidates,
// payroll). libzip + pugixml; no I/O besides the bytes.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace org {

using core::Result;

// Limits against zip bombs and oversized sheets: rows of the sheet (the header
// counts), bytes of one decompressed part, bytes decompressed in all.
struct XlsxLimits {
  size_t max_rows = 1001;
  size_t max_part_bytes = 10u << 20;
  size_t max_total_bytes = 256u << 20;
};

// The first sheet named by the workbook (through its relationship, not always
// sheet1.xml), as rows of cell texts: row i of the result is the sheet's row i
// + 1 (blank rows in between stay as empty rows; empty cells are ""). Cell
// texts:
//   shared and inline strings, formula string results: the text as stored;
//   numbers: XlsxNumberText (plain decimal, at most 15 significant digits: what
//   Excel shows); numbers formatted as a date: "YYYY-MM-DD" ("YYYY-MM-DD
//   HH:MM:SS" with a time of day), 1900 or 1904 date system as the workbook
//   says; formatted as a percentage: the percent figure with "%" ("12%");
//   booleans: "1" / "0"; errors (#N/A): the error text.
// kInvalid naming "file" when the bytes are not a readable workbook; kTooLarge
// naming "file" over `limits`.
Result<std::vector<std::vector<std::string>>>
ReadXlsx(std::string_view bytes, const XlsxLimits &limits = {});

// True when `bytes` start like a ZIP archive (local file header "PK\3\4"), as
// every XLSX does.
bool LooksLikeZip(std::string_view bytes);

// The content type of an XLSX workbook.
inline constexpr std::string_view kXlsxContentType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// A number as a spreadsheet stores it ("12345.6", "1.2345E4",
// "30000.100000000002", "-0.5") as plain decimal text rounded half-up to 15
// significant digits, with no exponent and no trailing zeros
// ("12345.6", "12345", "30000.1", "-0.5"). Excel keeps 15 significant digits of
// what people type and writes the binary double's 17-digit expansion; rounding
// to 15 gives back the typed figure exactly. nullopt unless `v` is a decimal
// number (optional exponent).
std::optional<std::string> XlsxNumberText(std::string_view v);

// A date serial number (days since 1899-12-30 in the 1900 system, after Excel's
// fictitious 1900-02-29; since 1904-01-01 in the 1904 system) as "YYYY-MM-DD",
// with " HH:MM:SS" when it has a time of day. nullopt for negative or
// out-of-range serials.
std::optional<std::string> XlsxSerialDate(std::string_view number_text,
                                          bool date1904 = false);

} // namespace org
