#include "recruit/resume_text.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/unistr.h>

#include <memory>

namespace recruit::resume_detail {
namespace {

// Decodes one UTF-8 sequence at s[i]; returns the code point (U+FFFD if invalid) and advances i.
char32_t DecodeOne(std::string_view s, size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  int len = 0;
  char32_t cp = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
    cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    cp = b0 & 0x0F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    cp = b0 & 0x07;
  } else {
    ++i;
    return 0xFFFD;
  }
  if (i + len > s.size()) {
    ++i;
    return 0xFFFD;
  }
  for (int k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  // Overlong forms, surrogates and out-of-range values are invalid.
  if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++i;
    return 0xFFFD;
  }
  i += len;
  return cp;
}

void AppendUtf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    if (c >= 0xD800 && c <= 0xDFFF) c = 0xFFFD;
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c <= 0x10FFFF) {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    AppendUtf8(out, 0xFFFD);
  }
}

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};

// Converts `bytes` in `charset` to UTF-8 with ICU. With `strict`, any illegal or unmappable
// sequence fails the conversion; otherwise such sequences become U+FFFD.
std::optional<std::string> ConvertWithIcu(std::string_view bytes, const char* charset, bool strict) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> conv(ucnv_open(charset, &status));
  if (U_FAILURE(status) || !conv) return std::nullopt;
  if (strict) {
    ucnv_setToUCallBack(conv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    if (U_FAILURE(status)) return std::nullopt;
  }
  icu::UnicodeString u(bytes.data(), static_cast<int32_t>(bytes.size()), conv.get(), status);
  if (U_FAILURE(status) || u.isBogus()) return std::nullopt;
  std::string out;
  u.toUTF8String(out);
  return out;
}

// Rejects text that is really binary data: NULs, or more than 1% control characters / U+FFFD.
bool LooksLikeText(std::string_view utf8) {
  size_t total = 0, bad = 0;
  for (size_t i = 0; i < utf8.size();) {
    const char32_t c = DecodeOne(utf8, i);
    ++total;
    if (c == 0) return false;
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') || c == 0x7F ||
        (c >= 0x80 && c < 0xA0) || c == 0xFFFD || (c >= 0xE000 && c <= 0xF8FF)) {
      ++bad;
    }
  }
  return total > 0 && bad * 100 <= total + 2;
}

std::optional<std::string> TryUtf16(std::string_view bytes) {
  if (bytes.size() < 4) return std::nullopt;
  size_t even_zero = 0, odd_zero = 0;
  const size_t n = std::min<size_t>(bytes.size(), 4096) & ~size_t{1};
  for (size_t i = 0; i < n; i += 2) {
    if (bytes[i] == 0) ++even_zero;
    if (bytes[i + 1] == 0) ++odd_zero;
  }
  const size_t pairs = n / 2;
  // ASCII-heavy UTF-16 has a zero byte in most code units, always on the same side.
  if (odd_zero * 10 >= pairs * 3 && even_zero * 20 < pairs) return ConvertWithIcu(bytes, "UTF-16LE", false);
  if (even_zero * 10 >= pairs * 3 && odd_zero * 20 < pairs) return ConvertWithIcu(bytes, "UTF-16BE", false);
  return std::nullopt;
}

}  // namespace

std::u32string ToU32(std::string_view utf8) {
  std::u32string out;
  out.reserve(utf8.size());
  for (size_t i = 0; i < utf8.size();) out.push_back(DecodeOne(utf8, i));
  return out;
}

std::string ToUtf8(std::u32string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char32_t c : text) AppendUtf8(out, c);
  return out;
}

bool IsValidUtf8(std::string_view bytes) {
  for (size_t i = 0; i < bytes.size();) {
    const size_t before = i;
    const char32_t c = DecodeOne(bytes, i);
    if (c == 0xFFFD) {
      // A literal U+FFFD (EF BF BD) is valid; anything else that decoded to it is not.
      if (i - before != 3 || bytes.substr(before, 3) != "\xEF\xBF\xBD") return false;
    }
  }
  return true;
}

core::Result<DecodedText> DecodeText(std::string_view bytes) {
  auto finish = [](std::string utf8, std::string enc) -> core::Result<DecodedText> {
    if (!LooksLikeText(utf8)) {
      return core::Error::Invalid("file", "file is binary data, not a text document");
    }
    return DecodedText{std::move(utf8), std::move(enc)};
  };
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    return finish(ToUtf8(ToU32(bytes.substr(3))), "UTF-8");
  }
  if (bytes.size() >= 2 && bytes.substr(0, 2) == "\xFF\xFE") {
    if (auto s = ConvertWithIcu(bytes.substr(2), "UTF-16LE", false)) return finish(std::move(*s), "UTF-16LE");
  }
  if (bytes.size() >= 2 && bytes.substr(0, 2) == "\xFE\xFF") {
    if (auto s = ConvertWithIcu(bytes.substr(2), "UTF-16BE", false)) return finish(std::move(*s), "UTF-16BE");
  }
  if (auto s = TryUtf16(bytes)) return finish(std::move(*s), "UTF-16");
  if (bytes.find('\0') != std::string_view::npos) {
    return core::Error::Invalid("file", "file is binary data, not a text document");
  }
  if (IsValidUtf8(bytes)) return finish(std::string(bytes), "UTF-8");
  if (auto s = ConvertWithIcu(bytes, "GB18030", true)) return finish(std::move(*s), "GB18030");
  // Not GB18030 either: ask ICU's detector (Big5, Shift_JIS, windows-1252, ...).
  UErrorCode status = U_ZERO_ERROR;
  UCharsetDetector* det = ucsdet_open(&status);
  std::string name;
  int32_t confidence = 0;
  if (U_SUCCESS(status)) {
    ucsdet_setText(det, bytes.data(), static_cast<int32_t>(std::min<size_t>(bytes.size(), 1 << 20)), &status);
    const UCharsetMatch* match = U_SUCCESS(status) ? ucsdet_detect(det, &status) : nullptr;
    if (match && U_SUCCESS(status)) {
      if (const char* n = ucsdet_getName(match, &status); n && U_SUCCESS(status)) name = n;
      confidence = ucsdet_getConfidence(match, &status);
    }
  }
  if (det) ucsdet_close(det);
  if (!name.empty() && confidence >= 20 && name != "UTF-8") {
    if (auto s = ConvertWithIcu(bytes, name.c_str(), false)) return finish(std::move(*s), name);
  }
  return core::Error::Invalid("file", "text is neither UTF-8 nor GB18030 and its encoding could not be detected");
}

std::string NormalizeText(std::string_view utf8) {
  // Pre-pass: circled numbers would become bare digits under NFKC ("①负责" -> "1负责"); make them
  // list markers instead.
  std::u32string pre;
  pre.reserve(utf8.size());
  for (size_t i = 0; i < utf8.size();) {
    const char32_t c = DecodeOne(utf8, i);
    int n = 0;
    if (c >= 0x2460 && c <= 0x2473) n = int(c - 0x2460) + 1;         // ①..⑳
    else if (c >= 0x2776 && c <= 0x277F) n = int(c - 0x2776) + 1;    // ❶..❿
    else if (c >= 0x2780 && c <= 0x2789) n = int(c - 0x2780) + 1;    // ➀..➉
    else if (c >= 0x278A && c <= 0x2793) n = int(c - 0x278A) + 1;    // ➊..➓
    if (n > 0) {
      for (char ch : std::to_string(n)) pre.push_back(char32_t(ch));
      pre += U". ";
    } else {
      pre.push_back(c);
    }
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  std::string pre8 = ToUtf8(pre);
  std::u32string norm;
  if (U_SUCCESS(status) && nfkc) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(pre8);
    icu::UnicodeString out = nfkc->normalize(u, status);
    if (U_SUCCESS(status)) {
      std::string s;
      out.toUTF8String(s);
      norm = ToU32(s);
    }
  }
  if (norm.empty()) norm = std::move(pre);

  std::u32string post;
  post.reserve(norm.size());
  for (size_t i = 0; i < norm.size(); ++i) {
    char32_t c = norm[i];
    if (c == '\r') {
      if (i + 1 < norm.size() && norm[i + 1] == '\n') continue;
      c = '\n';
    }
    if (c == 0x2028 || c == 0x2029 || c == 0x85 || c == '\v' || c == '\f') c = '\n';
    if (c == '\n' || c == '\t') {
      post.push_back(c);
      continue;
    }
    if (c < 0x20 || (c >= 0x7F && c < 0xA0)) continue;
    if ((c >= 0x200B && c <= 0x200F) || c == 0x2060 || c == 0xFEFF || c == 0x00AD || c == 0xFFFD) continue;
    if ((c >= 0xE000 && c <= 0xF8FF) || c >= 0xF0000) {
      post.push_back(' ');
      continue;
    }
    post.push_back(c);
  }
  return ToUtf8(post);
}

bool IsHan(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2EBEF) ||
         (c >= 0xF900 && c <= 0xFAFF) || c == 0x3007;
}
bool IsAsciiAlpha(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiDigit(char32_t c) { return c >= '0' && c <= '9'; }
bool IsAsciiAlnum(char32_t c) { return IsAsciiAlpha(c) || IsAsciiDigit(c); }
bool IsAlnum(char32_t c) {
  if (c < 0x80) return IsAsciiAlnum(c);
  return u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_POSIX_ALNUM);
}
bool IsSpace(char32_t c) {
  if (c == ' ' || c == '\t' || c == '\n') return true;
  if (c < 0x80) return false;
  return u_isUWhiteSpace(static_cast<UChar32>(c));
}
bool IsDash(char32_t c) {
  return c == '-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0xFE58 || c == 0xFE63 || c == 0xFF0D ||
         c == 0x2E3A || c == 0x2E3B || c == 0x30FC;
}
char32_t AsciiLower(char32_t c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }
std::u32string AsciiLower(std::u32string_view s) {
  std::u32string out(s);
  for (auto& c : out) c = AsciiLower(c);
  return out;
}

std::u32string_view Trim(std::u32string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && IsSpace(s[b])) ++b;
  while (e > b && IsSpace(s[e - 1])) --e;
  return s.substr(b, e - b);
}

std::u32string TrimPunct(std::u32string_view s) {
  auto strip = [](char32_t c) {
    if (IsSpace(c)) return true;
    if (IsAlnum(c) || IsHan(c)) return false;
    // Keep closing/opening brackets that belong to the text, and symbols that end "C++"/"C#".
    switch (c) {
      case '+': case '#': case ')': case '(': case ']': case '[': case '%': case '$': case '"': case '\'':
        return false;
      default:
        return true;
    }
  };
  size_t b = 0, e = s.size();
  while (b < e && strip(s[b])) ++b;
  while (e > b && strip(s[e - 1])) --e;
  // Keep the period of a trailing abbreviation: "Acme Inc.", "Globex Co.", "B.Sc.".
  if (e < s.size() && s[e] == '.' && e > b) {
    size_t w = e;
    while (w > b && !IsSpace(s[w - 1])) --w;
    const std::u32string_view word = s.substr(w, e - w);
    bool letters = !word.empty() && word.size() <= 4;
    for (char32_t c : word) letters = letters && (IsAsciiAlpha(c) || c == '.');
    if (letters && ((word[0] >= 'A' && word[0] <= 'Z') || word.find('.') != std::u32string_view::npos)) ++e;
  }
  std::u32string out(s.substr(b, e - b));
  // Unbalanced surrounding brackets: "(实习)" stays, "(Intern" loses "(".
  auto balance = [&](char32_t open, char32_t close) {
    if (out.empty()) return;
    size_t opens = 0, closes = 0;
    for (char32_t c : out) {
      if (c == open) ++opens;
      if (c == close) ++closes;
    }
    if (opens > closes && out.front() == open) out.erase(0, 1);
    if (closes > opens && out.back() == close) out.pop_back();
  };
  balance('(', ')');
  balance('[', ']');
  if (!out.empty() && (out.front() == '"' || out.front() == '\'') && out.back() != out.front()) out.erase(0, 1);
  return std::u32string(Trim(out));
}

std::u32string LookupKey(std::u32string_view s, bool keep_symbols) {
  std::u32string out;
  out.reserve(s.size());
  for (char32_t c : s) {
    if (IsSpace(c)) continue;
    if (IsAlnum(c) || IsHan(c)) {
      out.push_back(AsciiLower(c));
    } else if (keep_symbols && (c == '+' || c == '#' || c == '.' || c == '/' || c == '&' || c == '\'' || c == '-')) {
      out.push_back(c);
    }
  }
  return out;
}

std::vector<std::u32string> SplitLines(std::u32string_view text) {
  std::vector<std::u32string> lines;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '\n') {
      lines.emplace_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  return lines;
}

}  // namespace recruit::resume_detail
