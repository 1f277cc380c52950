// Text helpers of resume parsing (recruit::resume_detail): UTF-8 <-> UTF-32, decoding of legacy
// encodings with ICU, NFKC normalisation and character classes. Internal to src/recruit.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace recruit::resume_detail {

// UTF-8 -> UTF-32; invalid sequences become U+FFFD. Never fails.
std::u32string ToU32(std::string_view utf8);
std::string ToUtf8(std::u32string_view text);
bool IsValidUtf8(std::string_view bytes);

struct DecodedText {
  std::string utf8;
  std::string encoding;  // "UTF-8", "UTF-16LE", "GB18030", ...
};
// Decodes the bytes of a text document: BOMs, UTF-8, UTF-16 and, when the bytes are not valid
// UTF-8, GB18030 (a superset of GBK/GB2312) or what ICU's detector names. kInvalid when the bytes
// look binary (NULs, many control characters) or cannot be decoded.
core::Result<DecodedText> DecodeText(std::string_view bytes);

// NFKC (full-width letters, digits and punctuation become ASCII; ligatures split), plus: line
// breaks unified to '\n', circled numbers become "1. " list markers, zero-width and control
// characters dropped, private-use glyphs (icon fonts) become spaces.
std::string NormalizeText(std::string_view utf8);

bool IsHan(char32_t c);
bool IsAsciiAlpha(char32_t c);
bool IsAsciiDigit(char32_t c);
bool IsAsciiAlnum(char32_t c);
// Any Unicode letter or digit (ICU).
bool IsAlnum(char32_t c);
bool IsSpace(char32_t c);  // space, tab, and Unicode space separators
bool IsDash(char32_t c);   // - ‐ ‑ ‒ – — ― − ﹣ and similar
char32_t AsciiLower(char32_t c);
std::u32string AsciiLower(std::u32string_view s);

std::u32string_view Trim(std::u32string_view s);
std::u32string TrimPunct(std::u32string_view s);  // trims spaces and surrounding punctuation
// Key for dictionary look-ups: ASCII lower-cased, whitespace removed, and punctuation removed
// unless `keep_symbols` (then + # . / & ' - stay, for "C++", "C#", "Node.js").
std::u32string LookupKey(std::u32string_view s, bool keep_symbols = false);

std::vector<std::u32string> SplitLines(std::u32string_view text);

}  // namespace recruit::resume_detail
