#include "core/json_writer.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace core {

namespace {

// Length of a valid UTF-8 sequence at the start of s, or 0 if invalid.
size_t Utf8Len(std::string_view s) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(0);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (n == 0 || n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k)
    if ((b(k) & 0xC0) != 0x80) return 0;
  if (n == 2 && c < 0xC2) return 0;                            // overlong
  if (n == 3 && c == 0xE0 && b(1) < 0xA0) return 0;            // overlong
  if (n == 3 && c == 0xED && b(1) >= 0xA0) return 0;           // surrogates
  if (n == 4 && (c > 0xF4 || (c == 0xF0 && b(1) < 0x90) || (c == 0xF4 && b(1) >= 0x90))) return 0;
  return n;
}

inline bool Attention(unsigned char c) { return c < 0x20 || c == '"' || c == '\\' || c >= 0x80; }

#ifdef __SSE2__
// Bit i set when byte i of the 16 needs attention: a control character (< 0x20), '"', '\\', or a
// byte >= 0x80 (UTF-8, checked separately). The signed compare catches both < 0x20 and >= 0x80.
inline unsigned AttentionMask(const char* p) {
  __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  __m128i bad = _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),
                             _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
  return unsigned(_mm_movemask_epi8(bad));
}
#endif

// Length of the leading stretch of s that can be copied as it is.
size_t PlainPrefix(std::string_view s) {
  const char* p = s.data();
  size_t n = s.size(), i = 0;
#ifdef __SSE2__
  for (; i + 16 <= n; i += 16)
    if (unsigned m = AttentionMask(p + i)) return i + size_t(__builtin_ctz(m));
  if (i < n) {  // the tail, through a padded copy (never reading past the string)
    char tail[16] = {};
    std::memcpy(tail, p + i, n - i);
    unsigned m = AttentionMask(tail) & ((1u << (n - i)) - 1);
    return m ? i + size_t(__builtin_ctz(m)) : n;
  }
  return n;
#else
  while (i < n && !Attention(static_cast<unsigned char>(p[i]))) ++i;
  return i;
#endif
}

}  // namespace

void JsonWriter::Grow(size_t k) { out_.resize(std::max(out_.size() * 2, n_ + k + 256)); }

void JsonWriter::AppendString(std::string_view s) {
  static const char* kHex = "0123456789abcdef";
  Put('"');
  while (!s.empty()) {
    size_t plain = PlainPrefix(s);
    Put(s.substr(0, plain));
    s.remove_prefix(plain);
    // Valid UTF-8 sequences are copied; anything else that needs attention is escaped or replaced.
    while (!s.empty() && Attention(static_cast<unsigned char>(s[0]))) {
      unsigned char c = static_cast<unsigned char>(s[0]);
      if (c >= 0x80) {
        size_t len = Utf8Len(s);
        Put(len ? s.substr(0, len) : std::string_view("\xEF\xBF\xBD"));
        s.remove_prefix(len ? len : 1);
        continue;
      }
      switch (c) {
        case '"': Put(std::string_view("\\\"")); break;
        case '\\': Put(std::string_view("\\\\")); break;
        case '\n': Put(std::string_view("\\n")); break;
        case '\r': Put(std::string_view("\\r")); break;
        case '\t': Put(std::string_view("\\t")); break;
        default: {
          char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
          Put(std::string_view(esc, 6));
        }
      }
      s.remove_prefix(1);
    }
  }
  Put('"');
}

}  // namespace core
