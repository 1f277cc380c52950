#include "core/json_writer.h"

#include <cstdint>
#include <cstring>

namespace core {

namespace {
// Length of a valid UTF-8 sequence starting at s[i], or 0 if invalid.
size_t Utf8Len(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k)
    if ((b(i + k) & 0xC0) != 0x80) return 0;
  if (n == 2 && c < 0xC2) return 0;                                  // overlong
  if (n == 3 && c == 0xE0 && b(i + 1) < 0xA0) return 0;              // overlong
  if (n == 3 && c == 0xED && b(i + 1) >= 0xA0) return 0;             // surrogates
  if (n == 4 && (c > 0xF4 || (c == 0xF0 && b(i + 1) < 0x90) || (c == 0xF4 && b(i + 1) >= 0x90))) return 0;
  return n;
}
}  // namespace

namespace {

// True when none of the 8 bytes needs attention: no control character (< 0x20), no '"', no '\\',
// no byte >= 0x80 (UTF-8 is validated byte by byte). The classic "has a byte less than n" bit trick
// (exact for n <= 0x80), applied to x, x ^ '"' and x ^ '\\'.
inline bool PlainWord(uint64_t x) {
  constexpr uint64_t k01 = 0x0101010101010101ULL, k80 = 0x8080808080808080ULL;
  auto less = [](uint64_t v, uint64_t n) { return (v - k01 * n) & ~v & k80; };
  return ((x & k80) | less(x, 0x20) | less(x ^ (k01 * '"'), 1) | less(x ^ (k01 * '\\'), 1)) == 0;
}

}  // namespace

void JsonWriter::AppendString(std::string_view s) {
  static const char* kHex = "0123456789abcdef";
  out_ += '"';
  size_t i = 0, run = 0;  // [run, i) is a stretch that needs no escaping, appended in one go
  auto flush = [&] {
    if (i > run) out_.append(s.data() + run, i - run);
  };
  while (i < s.size()) {
    // Skip plain text eight bytes at a time; most names, numbers and e-mail addresses are plain ASCII.
    while (i + 8 <= s.size()) {
      uint64_t word;
      std::memcpy(&word, s.data() + i, 8);
      if (!PlainWord(word)) break;
      i += 8;
    }
    if (i >= s.size()) break;
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      size_t n = Utf8Len(s, i);
      if (n != 0) {
        i += n;
        continue;
      }
      flush();
      out_ += "\xEF\xBF\xBD";
      run = ++i;
      continue;
    }
    flush();
    switch (c) {
      case '"': out_ += "\\\""; break;
      case '\\': out_ += "\\\\"; break;
      case '\n': out_ += "\\n"; break;
      case '\r': out_ += "\\r"; break;
      case '\t': out_ += "\\t"; break;
      default:
        out_ += "\\u00";
        out_ += kHex[c >> 4];
        out_ += kHex[c & 15];
    }
    run = ++i;
  }
  flush();
  out_ += '"';
}

}  // namespace core
