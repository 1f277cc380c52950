#include "recruit/screening.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cassert>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <unordered_map>
#include <utility>

#include "core/json_input.h"
#include "embed/screening_data.h"
#include "recruit/resume_dates.h"
#include "recruit/resume_fields.h"
#include "recruit/resume_lexicon.h"
#include "recruit/resume_text.h"

namespace recruit {
namespace {

namespace rd = resume_detail;
using nlohmann::json;
constexpr size_t npos = std::u32string::npos;

// Limits that keep a plan small enough to read and screening fast on any resume.
constexpr size_t kMaxTerms = 50;
constexpr size_t kMaxSynonyms = 20;
constexpr size_t kMaxLanguages = 10;
constexpr size_t kMaxTermChars = 100;
constexpr size_t kMaxRawTextBytes = 300'000;  // as the resume parser (docs/resume-parsing.md)
constexpr size_t kMaxEvidence = 3;
constexpr size_t kSnippetContext = 40;  // characters kept on each side of a match

// The rd:: character classes with their ASCII answers inlined, for per-character loops.
inline char32_t LowerAscii(char32_t c) { return c - 'A' < 26u ? c + 32 : c; }  // rd::AsciiLower
inline bool IsDigit(char32_t c) { return c - '0' < 10u; }                      // rd::IsAsciiDigit
inline bool IsAsciiAlnum(char32_t c) { return IsDigit(c) || (c | 0x20) - 'a' < 26u; }
inline bool IsSpace(char32_t c) { return c == ' ' || c == '\t' || c == '\n' || (c >= 0x80 && rd::IsSpace(c)); }

// ---------------------------------------------------------------------------------------------
// Character signatures: a superset summary of the characters and adjacent character pairs of a
// text. A term with a character or pair missing from a field's signature cannot occur in the
// field, so most (term, field) pairs are ruled out in a few instructions instead of a search.
// Signatures only ever skip work whose answer is known to be "not found": results do not depend
// on them.

class CharSig {
 public:
  // Bits 0-127: ASCII characters; 128-255: other characters, hashed; 256-511: pairs, hashed.
  void AddChar(char32_t c) { Set(c < 128 ? uint32_t(c) : 128 + ((static_cast<uint32_t>(c) * 0x9E3779B1u) >> 25)); }
  void AddPair(char32_t a, char32_t b) { Set(256 + (((static_cast<uint32_t>(a) << 7) ^ b) * 0x9E3779B1u >> 24)); }
  bool Covers(const CharSig& need) const {
    uint64_t missing = 0;
    for (size_t i = 0; i < w_.size(); ++i) missing |= need.w_[i] & ~w_[i];
    return missing == 0;
  }
  bool HasAsciiDigit() const { return (w_[0] & (uint64_t{0x3FF} << '0')) != 0; }
  bool HasAscii(char c) const { return (w_[size_t(c) >> 6] >> (size_t(c) & 63)) & 1; }
  // One set bit (a pair if there is one), for a quick first test and to file terms by.
  std::pair<uint8_t, uint64_t> Probe() const {
    for (size_t i : {4, 5, 6, 7, 0, 1, 2, 3}) {
      if (w_[i]) return {uint8_t(i), w_[i] & (~w_[i] + 1)};
    }
    return {0, 0};
  }
  bool Has(uint8_t word, uint64_t mask) const { return (w_[word] & mask) != 0; }
  uint64_t word(size_t i) const { return w_[i]; }
  static constexpr size_t kWords = 8;

 private:
  void Set(uint32_t bit) { w_[bit >> 6] |= uint64_t{1} << (bit & 63); }
  std::array<uint64_t, kWords> w_{};
};

// The characters and pairs a match of a term needs.
struct Need {
  CharSig sig;
  uint8_t probe_word = 0;
  uint64_t probe_mask = 0;

  explicit Need(const CharSig& s = {}) : sig(s) { std::tie(probe_word, probe_mask) = s.Probe(); }
  bool PossibleIn(const CharSig& text) const {
    return (probe_mask == 0 || text.Has(probe_word, probe_mask)) && text.Covers(sig);
  }
};

// A set of term numbers below TermIndex::kMaxTerms.
using TermSet = std::array<uint64_t, 4>;

// Calls fn(i) for each term number in `set`, in increasing order.
template <typename Fn>
void ForEachIn(const TermSet& set, Fn fn) {
  for (size_t w = 0; w < set.size(); ++w) {
    for (uint64_t m = set[w]; m; m &= m - 1) fn(w * 64 + size_t(std::countr_zero(m)));
  }
}

// Many terms (a lexicon list) filed by their probe bit: a text's signature leads straight to the
// few terms it may contain, instead of testing every term. A list longer than kMaxTerms is
// tested term by term.
class TermIndex {
 public:
  static constexpr size_t kMaxTerms = 256;

  TermIndex() = default;
  // `needs` in term order; they must outlive the index.
  explicit TermIndex(std::vector<const Need*> needs) : needs_(std::move(needs)) {
    if (needs_.size() > kMaxTerms) return;
    usable_ = true;
    std::vector<std::vector<uint16_t>> by_bit(CharSig::kWords * 64);
    for (size_t i = 0; i < needs_.size(); ++i) {
      const Need& n = *needs_[i];
      if (n.probe_mask == 0) {
        always_[i >> 6] |= uint64_t{1} << (i & 63);
        continue;
      }
      probes_[n.probe_word] |= n.probe_mask;
      by_bit[n.probe_word * 64 + size_t(std::countr_zero(n.probe_mask))].push_back(uint16_t(i));
    }
    offsets_.push_back(0);
    for (const auto& members : by_bit) {
      members_.insert(members_.end(), members.begin(), members.end());
      offsets_.push_back(uint16_t(members_.size()));
    }
  }
  // Calls fn(i), in increasing order, for each term i whose need `text` covers.
  template <typename Fn>
  void ForEachCandidate(const CharSig& text, Fn fn) const {
    if (!usable_) {
      for (size_t i = 0; i < needs_.size(); ++i) {
        if (needs_[i]->PossibleIn(text)) fn(i);
      }
      return;
    }
    ForEachIn(Candidates(text), fn);
  }

 private:
  TermSet Candidates(const CharSig& text) const {
    TermSet out = always_;
    for (size_t w = 0; w < CharSig::kWords; ++w) {
      for (uint64_t m = text.word(w) & probes_[w]; m; m &= m - 1) {
        const size_t bit = w * 64 + size_t(std::countr_zero(m));
        for (size_t k = offsets_[bit]; k < offsets_[bit + 1]; ++k) {
          const size_t i = members_[k];
          if (text.Covers(needs_[i]->sig)) out[i >> 6] |= uint64_t{1} << (i & 63);
        }
      }
    }
    return out;
  }

  std::vector<const Need*> needs_;
  bool usable_ = false;                             // needs_.size() <= kMaxTerms
  TermSet always_{};                                // terms that need nothing
  std::array<uint64_t, CharSig::kWords> probes_{};  // every probe bit in use
  // members_[offsets_[bit], offsets_[bit + 1]): the terms filed under `bit`.
  std::vector<uint16_t> offsets_, members_;
};

// Signature of the text a search looks in. Searches in a folded text's `lower` use SigOf(lower);
// the parser's degree look-ups search rd::AsciiLower(text) and use its signature.
CharSig SigOf(std::u32string_view hay) {
  CharSig s;
  char32_t prev = 0;
  for (size_t i = 0; i < hay.size(); ++i) {
    const char32_t c = hay[i];
    s.AddChar(c);
    if (i > 0) s.AddPair(prev, c);
    prev = c;
  }
  return s;
}

// What rd::FindTerm needs: every character and pair of the term in the (lower-case) text it
// searches. An exact-case term searches the cased text, which signatures do not cover: it needs
// nothing, so it is always searched.
Need TermNeed(const rd::Term& t) {
  CharSig s;
  if (t.exact_case) return Need(s);
  for (size_t i = 0; i < t.text.size(); ++i) {
    s.AddChar(t.text[i]);
    if (i > 0) s.AddPair(t.text[i - 1], t.text[i]);
  }
  return Need(s);
}

// A run of whole lines of the resume text, with the signature of its `lower`.
struct TextBlock {
  size_t begin = 0, end = 0;  // folded characters; `end` follows a line break or ends the text
  CharSig sig;
};
constexpr size_t kBlockChars = 48;  // a block ends at the first line break after this many characters

// Where to look for a term in a text: all of it, or (the resume text) only the runs of lines whose
// signature allows the term. No match of a pattern or lexicon term spans a line break, so a run
// that is skipped holds none, and searching a run up to its end finds what searching the whole
// text from the run's start finds there.
struct SearchArea {
  const CharSig* sig = nullptr;                    // of the whole text
  const std::vector<TextBlock>* blocks = nullptr;  // nullptr: one run, the whole text
  size_t size = 0;

  // Calls fn(begin, end) for each run that may hold `need`, in text order, until fn returns true.
  template <typename Fn>
  void ForEachRun(const Need& need, Fn fn) const {
    if (!need.PossibleIn(*sig)) return;
    if (!blocks) {
      fn(size_t{0}, size);
      return;
    }
    for (const TextBlock& b : *blocks) {
      if (need.PossibleIn(b.sig) && fn(b.begin, b.end)) return;
    }
  }
};

// ---------------------------------------------------------------------------------------------
// Folded text: NFKC per code point and case-folded, with the byte range of the original code point
// behind every folded character, so that evidence is always quoted verbatim from the resume.

const icu::Normalizer2* Nfkc() {
  static const icu::Normalizer2* const kNfkc = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCInstance(status);
    return U_SUCCESS(status) ? n : nullptr;
  }();
  return kNfkc;
}

char32_t FoldCase(char32_t c) {
  if (c < 0x80) return LowerAscii(c);
  return static_cast<char32_t>(u_foldCase(static_cast<UChar32>(c), U_FOLD_CASE_DEFAULT));
}

// A growable array of a trivially copyable T that, unlike std::vector, leaves new elements
// uninitialised (they are written right after).
template <typename T>
class PodBuffer {
 public:
  size_t size() const { return size_; }
  size_t capacity() const { return capacity_; }
  T* data() { return data_.get(); }
  const T* data() const { return data_.get(); }
  const T* begin() const { return data_.get(); }
  const T* end() const { return data_.get() + size_; }
  void clear() { size_ = 0; }
  // Room for n more elements after the last; Commit(k <= n) then adds the first k written there.
  T* Reserve(size_t n) {
    if (size_ + n > capacity_) Grow(size_ + n);
    return data_.get() + size_;
  }
  void Commit(size_t k) { size_ += k; }
  void push_back(T value) {
    *Reserve(1) = value;
    ++size_;
  }

 private:
  void Grow(size_t n) {
    const size_t capacity = std::max({n, capacity_ * 2, size_t{64}});
    auto data = std::make_unique_for_overwrite<T[]>(capacity);
    if (size_) std::memcpy(data.get(), data_.get(), size_ * sizeof(T));
    data_ = std::move(data);
    capacity_ = capacity;
  }
  std::unique_ptr<T[]> data_;
  size_t size_ = 0, capacity_ = 0;
};

// Folded strings appended one after another (all fields of a resume share one buffer).
struct FoldBuffer {
  PodBuffer<char32_t> cased;       // NFKC (full-width "Ｋ８ｓ" -> "K8s"); masked characters are U+0000
  PodBuffer<char32_t> lower;       // `cased` case-folded
  PodBuffer<uint32_t> begin, end;  // byte range of each folded character in its own original string

  size_t size() const { return lower.size(); }
  void Clear() {
    cased.clear();
    lower.clear();
    begin.clear();
    end.clear();
  }
  // Appends the folded form of `utf8` (byte offsets from its start); returns SigOf() of the
  // appended part of `lower`.
  CharSig Append(std::string_view utf8) {
    const icu::Normalizer2* nfkc = Nfkc();
    CharSig sig;
    char32_t prev = 0;
    bool any = false;
    auto push = [&](char32_t x, int32_t b, int32_t e) {
      if (x == '\r') x = ' ';
      if (x != '\n' && x != '\t' && (x < 0x20 || (x >= 0x7F && x < 0xA0))) return;
      if ((x >= 0x200B && x <= 0x200F) || x == 0x2060 || x == 0xFEFF || x == 0x00AD) return;
      const char32_t l = FoldCase(x);
      cased.push_back(x);
      lower.push_back(l);
      begin.push_back(static_cast<uint32_t>(b));
      end.push_back(static_cast<uint32_t>(e));
      sig.AddChar(l);
      if (any) sig.AddPair(prev, l);
      prev = l;
      any = true;
    };
    const char* s = utf8.data();
    const int32_t n = static_cast<int32_t>(utf8.size());
    for (int32_t i = 0; i < n;) {
      if (static_cast<unsigned char>(s[i]) - 0x20u < 0x5Fu) {
        // A run of printable ASCII: NFKC leaves it alone and push() would keep every character.
        const size_t room = size_t(n - i);
        char32_t* const c = cased.Reserve(room);
        char32_t* const l = lower.Reserve(room);
        uint32_t* const b = begin.Reserve(room);
        uint32_t* const e = end.Reserve(room);
        size_t j = 0;
        do {
          const char32_t x = static_cast<unsigned char>(s[i]);
          const char32_t lx = LowerAscii(x);
          c[j] = x;
          l[j] = lx;
          b[j] = static_cast<uint32_t>(i);
          e[j] = static_cast<uint32_t>(i + 1);
          sig.AddChar(lx);
          if (any) sig.AddPair(prev, lx);
          prev = lx;
          any = true;
          ++j;
          ++i;
        } while (i < n && static_cast<unsigned char>(s[i]) - 0x20u < 0x5Fu);
        cased.Commit(j);
        lower.Commit(j);
        begin.Commit(j);
        end.Commit(j);
        continue;
      }
      const int32_t start = i;
      UChar32 c = 0;
      U8_NEXT(s, i, n, c);
      if (c < 0) {
        push(0xFFFD, start, i);
        continue;
      }
      if (c < 0x80 || !nfkc || nfkc->isInert(c)) {
        push(static_cast<char32_t>(c), start, i);
        continue;
      }
      UErrorCode status = U_ZERO_ERROR;
      const icu::UnicodeString out = nfkc->normalize(icu::UnicodeString(c), status);
      if (U_FAILURE(status)) {
        push(static_cast<char32_t>(c), start, i);
        continue;
      }
      for (int32_t k = 0; k < out.length();) {
        const UChar32 d = out.char32At(k);
        k += U16_LENGTH(d);
        push(static_cast<char32_t>(d), start, i);
      }
    }
    return sig;
  }
};

// A folded string: views into a FoldBuffer (or a pattern) and the original it came from.
struct FoldedView {
  std::string_view original;
  std::u32string_view cased, lower;
  const uint32_t* begin = nullptr;
  const uint32_t* end = nullptr;

  size_t size() const { return lower.size(); }
};

FoldedView ViewOf(const FoldBuffer& f, size_t offset, size_t size, std::string_view original) {
  return {original, std::u32string_view(f.cased.data() + offset, size),
          std::u32string_view(f.lower.data() + offset, size), f.begin.data() + offset, f.end.data() + offset};
}

// All bytes below 0x80 (then valid UTF-8), eight at a time.
bool IsAscii(std::string_view s) {
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    if (w & 0x8080808080808080ull) return false;
  }
  for (; i < s.size(); ++i) {
    if (static_cast<unsigned char>(s[i]) >= 0x80) return false;
  }
  return true;
}

// Valid UTF-8 (invalid bytes become U+FFFD), so that results always serialise.
std::string ValidUtf8(std::string_view s) {
  return IsAscii(s) || rd::IsValidUtf8(s) ? std::string(s) : rd::ToUtf8(rd::ToU32(s));
}

// The verbatim original text of folded characters [b, e).
std::string OriginalOf(const FoldedView& f, size_t b, size_t e) {
  if (b >= e || e > f.size()) return {};
  return ValidUtf8(f.original.substr(f.begin[b], f.end[e - 1] - f.begin[b]));
}

// rd::ToUtf8(rd::Trim(rd::ToU32(s))) for valid UTF-8 `s`, without the round trip.
std::string_view TrimSpaces(std::string_view s) {
  const char* p = s.data();
  const int32_t n = static_cast<int32_t>(s.size());
  int32_t b = 0;
  while (b < n) {
    int32_t i = b;
    UChar32 c = 0;
    U8_NEXT(p, i, n, c);
    if (c < 0 || !IsSpace(static_cast<char32_t>(c))) break;
    b = i;
  }
  int32_t e = n;
  while (e > b) {
    int32_t i = e;
    UChar32 c = 0;
    U8_PREV(p, b, i, c);
    if (c < 0 || !IsSpace(static_cast<char32_t>(c))) break;
    e = i;
  }
  return s.substr(static_cast<size_t>(b), static_cast<size_t>(e - b));
}

// The concatenation of `parts`, allocated once.
std::string Concat(std::initializer_list<std::string_view> parts) {
  size_t n = 0;
  for (auto p : parts) n += p.size();
  std::string s;
  s.reserve(n);
  for (auto p : parts) s += p;
  return s;
}

// rd::Trim(rd::ToU32(s)).empty(), without converting.
bool IsBlank(std::string_view s) {
  const char* p = s.data();
  const int32_t n = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c = 0;
    U8_NEXT(p, i, n, c);
    if (c < 0 || !IsSpace(static_cast<char32_t>(c))) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Patterns and matching.

// '_', or a space (not a line break) or dash (rd::IsSpace, rd::IsDash).
bool IsSeparator(char32_t c) {
  return c == '_' || c == ' ' || c == '\t' || c == '-' || (c >= 0x80 && (rd::IsSpace(c) || rd::IsDash(c)));
}

// A letter or digit of a Latin-like script (not Han, kana or hangul): the characters a Latin word
// boundary looks at.
bool IsWordChar(char32_t c) {
  if (c < 0x80) return IsAsciiAlnum(c);
  return c < 0x2E80 && rd::IsAlnum(c);
}

bool IsHanLike(char32_t c) { return rd::IsHan(c) || (c >= 0x3040 && c <= 0x30FF) || (c >= 0xAC00 && c <= 0xD7AF); }

// A space or a dash after the first character of a pattern matches separators or nothing.
bool IsPatternSeparator(const std::u32string& q, size_t i) { return q[i] == ' ' || (q[i] == '-' && i > 0); }

struct Pattern {
  std::u32string text;       // folded, lower case, single spaces, trimmed
  std::string spelling;      // as written
  bool short_latin = false;  // one or two ASCII letters ("Go", "JS"): an all-lower-case hit is not one
  Need need;                 // the characters and pairs every match contains
};

Need PatternNeed(const std::u32string& q) {
  CharSig s;
  for (size_t i = 0; i < q.size(); ++i) {
    if (IsPatternSeparator(q, i)) continue;
    s.AddChar(q[i]);
    if (i > 0 && !IsPatternSeparator(q, i - 1)) s.AddPair(q[i - 1], q[i]);
  }
  return Need(s);
}

std::optional<Pattern> MakePattern(std::string_view spelling) {
  FoldBuffer f;
  f.Append(spelling);
  Pattern p;
  for (char32_t c : f.lower) {
    if (c == 0) continue;
    if (rd::IsSpace(c)) {
      if (!p.text.empty() && p.text.back() != ' ') p.text.push_back(' ');
    } else {
      p.text.push_back(c);
    }
  }
  while (!p.text.empty() && p.text.back() == ' ') p.text.pop_back();
  if (p.text.empty()) return std::nullopt;
  p.spelling = rd::ToUtf8(rd::Trim(rd::ToU32(spelling)));
  p.short_latin = p.text.size() <= 2 && std::all_of(p.text.begin(), p.text.end(), rd::IsAsciiAlpha);
  p.need = PatternNeed(p.text);
  return p;
}

struct Match {
  size_t begin = 0, end = 0;
};

// The end of a match of `p` starting exactly at `b`, or npos. A space or dash of the pattern
// matches any run of spaces, dashes and underscores, or nothing ("Spring Boot" = "SpringBoot").
size_t MatchAt(std::u32string_view s, const std::u32string& q, size_t b, size_t n) {
  size_t j = b;
  for (size_t i = 0; i < q.size(); ++i) {
    if (IsPatternSeparator(q, i)) {
      while (j < n && IsSeparator(s[j])) ++j;
      continue;
    }
    if (j >= n || s[j] != q[i]) return npos;
    ++j;
  }
  return j;
}

enum class HanBoundary { kSubstring, kIsolated };

// The first match of `p` in t.lower[from, limit): Latin ends of the pattern must sit on word
// boundaries ("Java" is not in "JavaScript", "Go" not in "Google", "C" not in "C++"), except that
// a version number may follow a name of 3+ letters ("Java8", "Vue3"); Chinese ends match inside
// words unless `han` is kIsolated.
std::optional<Match> FindPattern(const FoldedView& t, const Pattern& p, size_t from = 0, size_t limit = npos,
                                 HanBoundary han = HanBoundary::kSubstring) {
  const std::u32string_view s = t.lower;
  const std::u32string& q = p.text;
  const size_t n = std::min(limit, s.size());
  if (q.empty()) return std::nullopt;
  const std::u32string_view starts = s.substr(0, n);  // a match starts before the limit
  for (size_t b = starts.find(q[0], from); b != npos; b = starts.find(q[0], b + 1)) {
    const size_t e = MatchAt(s, q, b, n);
    if (e == npos || e == b) continue;
    if (IsWordChar(q.front()) && b > 0 && IsWordChar(s[b - 1])) continue;
    if (IsWordChar(q.back()) && e < n) {
      if (s[e] == '+' || s[e] == '#') continue;
      if (IsWordChar(s[e])) {
        bool version = rd::IsAsciiAlpha(q.back()) && q.size() >= 3 && IsDigit(s[e]);
        if (version) {
          size_t k = e;
          while (k < n && (IsDigit(s[k]) || (s[k] == '.' && k + 1 < n && IsDigit(s[k + 1])))) ++k;
          version = k >= n || !IsWordChar(s[k]);
        }
        if (!version) continue;
      }
    }
    if (han == HanBoundary::kIsolated) {
      if (IsHanLike(q.front()) && b > 0 && IsHanLike(s[b - 1])) continue;
      if (IsHanLike(q.back()) && e < n && IsHanLike(s[e])) continue;
    }
    if (p.short_latin) {
      // "go", "js" in lower case are usually ordinary words, unless they are the whole field (a
      // skills keyword "go").
      bool upper = false;
      for (size_t k = b; k < e; ++k) upper = upper || (t.cased[k] >= 'A' && t.cased[k] <= 'Z');
      bool whole = true;
      for (size_t k = 0; k < s.size() && whole; ++k) whole = (k >= b && k < e) || IsSpace(s[k]);
      if (!upper && !whole) continue;
    }
    return Match{b, e};
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Data files (data/screening), parsed once, and what screening needs of the parser's lexicon.

std::vector<std::u32string> SplitList(std::u32string_view s, char32_t sep) {
  std::vector<std::u32string> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      std::u32string part(rd::Trim(s.substr(start, i - start)));
      if (!part.empty()) out.push_back(std::move(part));
      start = i + 1;
    }
  }
  return out;
}

struct ProtectedWord {
  Pattern pattern;
  bool exact = false;
  std::string attribute;
};

struct MaskValue {
  Pattern pattern;  // for "<n>岁": the part after the number
  bool number_first = false;
};

std::optional<LanguageLevel> LevelOfFluencyName(std::string_view canonical) {
  static const std::map<std::string_view, LanguageLevel> kLevels = {
      {"Native speaker", LanguageLevel::kNative},     {"Fluent", LanguageLevel::kFluent},
      {"Professional", LanguageLevel::kProfessional}, {"Intermediate", LanguageLevel::kIntermediate},
      {"Beginner", LanguageLevel::kBeginner},
  };
  auto it = kLevels.find(canonical);
  if (it == kLevels.end()) return std::nullopt;
  return it->second;
}

std::optional<EducationLevel> LevelOfStudyType(std::string_view study_type) {
  static const std::map<std::string_view, EducationLevel> kLevels = {
      {"Doctorate", EducationLevel::kDoctorate},    {"Master", EducationLevel::kMaster},
      {"Bachelor", EducationLevel::kBachelor},      {"Associate", EducationLevel::kAssociate},
      {"High School", EducationLevel::kHighSchool}, {"Middle School", EducationLevel::kNone},
  };
  auto it = kLevels.find(study_type);
  if (it == kLevels.end()) return std::nullopt;
  return it->second;
}

// Lexicon entries (rd::GetLexicon(), immutable) with what a search needs, computed once.
struct LexLanguage {
  const rd::Term* term;
  const std::string* name;  // "English"
  const std::string* key;   // LanguageKey(*name)
  Need need;
};
struct LexTest {
  const rd::Term* term;
  const std::string* test;      // "CET-6"
  const std::string* language;  // "English"
  const std::string* key;       // LanguageKey(*language)
  Need need;
};
struct LexFluency {
  const rd::Term* term;
  std::optional<LanguageLevel> level;
  Need need;
};
struct LexDegreeTerm {
  const rd::Term* term;
  size_t level;  // in ScreeningData::degrees
  Need need;
};
struct LexDegreeLevel {
  std::optional<EducationLevel> level;  // of the group's studyType; nullopt if it has none
  size_t first = 0, last = 0;           // its terms in ScreeningData::degree_terms
};

template <typename T>
TermIndex IndexOf(const std::vector<T>& terms) {
  std::vector<const Need*> needs;
  for (const auto& t : terms) needs.push_back(&t.need);
  return TermIndex(std::move(needs));
}

struct ScreeningData {
  std::vector<std::vector<std::string>> groups;                      // synonym groups, spellings as written
  std::unordered_map<std::u32string, std::vector<size_t>> group_of;  // pattern text -> groups
  std::vector<ProtectedWord> protected_words;
  std::vector<MaskValue> mask_values;

  std::unordered_map<std::string, std::string> language_keys;  // LanguageKey of every lexicon language name
  std::vector<LexLanguage> languages;
  std::vector<LexTest> tests;
  std::vector<LexFluency> fluency;
  std::vector<LexDegreeLevel> degrees;  // strongest first, as the lexicon
  std::vector<LexDegreeTerm> degree_terms;
  TermIndex language_index, test_index, fluency_index, degree_index, mask_index;
  std::vector<CharSig> ignore_labels;  // characters of every label whose value is never read
  // No present word ("至今", "now") starts like a numeric date, so "2019-07" needs no lexicon.
  bool numeric_dates_are_plain = true;
};

std::vector<std::u32string> DataLines(std::string_view file) {
  const auto data = embed::screening_data(file);
  assert(data && "screening data file missing from the embedded data");
  std::vector<std::u32string> out;
  if (!data) return out;
  for (const auto& raw : rd::SplitLines(rd::ToU32(*data))) {
    std::u32string line(rd::Trim(raw));
    if (!line.empty() && line.front() != '#') out.push_back(std::move(line));
  }
  return out;
}

std::string ComputeLanguageKey(std::string_view name) {
  auto p = MakePattern(name);
  return p ? rd::ToUtf8(p->text) : std::string();
}

ScreeningData LoadData() {
  ScreeningData d;
  for (const auto& line : DataLines("synonyms.txt")) {
    std::vector<std::string> group;
    const size_t eq = line.find(U" = ");
    group.push_back(rd::ToUtf8(rd::Trim(std::u32string_view(line).substr(0, eq))));
    if (eq != npos) {
      for (const auto& a : SplitList(std::u32string_view(line).substr(eq + 3), ',')) group.push_back(rd::ToUtf8(a));
    }
    const size_t id = d.groups.size();
    for (const auto& spelling : group) {
      if (auto p = MakePattern(spelling)) {
        auto& ids = d.group_of[p->text];
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
      }
    }
    d.groups.push_back(std::move(group));
  }
  std::string attribute;
  for (const auto& line : DataLines("protected.txt")) {
    if (line.front() == '[' && line.back() == ']') {
      attribute = rd::ToUtf8(line.substr(1, line.size() - 2));
      continue;
    }
    ProtectedWord w;
    std::u32string word = line;
    if (word.front() == '=') {
      w.exact = true;
      word.erase(0, 1);
    }
    auto p = MakePattern(rd::ToUtf8(word));
    if (!p) continue;
    w.pattern = std::move(*p);
    w.pattern.short_latin = false;
    w.attribute = attribute;
    d.protected_words.push_back(std::move(w));
  }
  for (const auto& line : DataLines("masked_values.txt")) {
    MaskValue m;
    std::u32string value = line;
    if (value.rfind(U"<n>", 0) == 0) {
      m.number_first = true;
      value.erase(0, 3);
    }
    auto p = MakePattern(rd::ToUtf8(value));
    if (!p) continue;
    m.pattern = std::move(*p);
    m.pattern.short_latin = false;
    d.mask_values.push_back(std::move(m));
  }

  const rd::Lexicon& lx = rd::GetLexicon();
  auto key_of = [&](const std::string& name) -> const std::string* {
    auto it = d.language_keys.find(name);
    if (it == d.language_keys.end()) it = d.language_keys.emplace(name, ComputeLanguageKey(name)).first;
    return &it->second;
  };
  for (const auto& [term, name] : lx.languages) d.languages.push_back({&term, &name, key_of(name), TermNeed(term)});
  for (const auto& [term, test] : lx.language_tests) {
    d.tests.push_back({&term, &test.test, &test.language, key_of(test.language), TermNeed(term)});
  }
  for (const auto& [term, canonical] : lx.fluency) {
    d.fluency.push_back({&term, LevelOfFluencyName(canonical), TermNeed(term)});
  }
  for (const auto& level : lx.degrees) {
    LexDegreeLevel l{LevelOfStudyType(level.study_type), d.degree_terms.size(), 0};
    for (const auto& t : level.terms) d.degree_terms.push_back({&t, d.degrees.size(), TermNeed(t)});
    l.last = d.degree_terms.size();
    d.degrees.push_back(l);
  }
  d.language_index = IndexOf(d.languages);
  d.test_index = IndexOf(d.tests);
  d.fluency_index = IndexOf(d.fluency);
  d.degree_index = IndexOf(d.degree_terms);
  std::vector<const Need*> mask_needs;
  for (const auto& m : d.mask_values) mask_needs.push_back(&m.pattern.need);
  d.mask_index = TermIndex(std::move(mask_needs));
  for (const auto& [key, groups] : lx.labels) {
    if (!lx.LabelIn(key, "ignore")) continue;
    CharSig s;
    for (char32_t c : key) s.AddChar(c);
    d.ignore_labels.push_back(s);
  }
  for (const auto& t : lx.present_words) {
    const char32_t c = t.text.empty() ? 0 : t.text.front();
    if (t.text.empty() || rd::IsAsciiDigit(c) || c == '-' || c == '.' || c == '/') d.numeric_dates_are_plain = false;
  }
  return d;
}

const ScreeningData& Data() {
  static const ScreeningData kData = LoadData();
  return kData;
}

// The protected attribute a plan term names, if any.
std::optional<std::string> ProtectedAttributeOf(std::string_view term) {
  const auto p = MakePattern(term);
  if (!p) return std::nullopt;
  FoldedView f;
  f.cased = f.lower = p->text;
  for (const auto& w : Data().protected_words) {
    if (w.exact ? p->text == w.pattern.text : FindPattern(f, w.pattern).has_value()) return w.attribute;
  }
  return std::nullopt;
}

// Key that compares language names: "english" for "English" and " ENGLISH ".
std::string LanguageKey(const std::string& name) {
  const auto& keys = Data().language_keys;
  if (auto it = keys.find(name); it != keys.end()) return it->second;
  return ComputeLanguageKey(name);
}

// ---------------------------------------------------------------------------------------------
// Masking: protected attributes written in the resume (labelled "性别：男", or standalone cells
// such as "男 | 28岁 | 汉族") become U+0000, so they can neither match nor appear in evidence.

// False when no label whose value is never read can be on the line: rd::FindLabelledPairs keys are
// made of the line's characters, ASCII lower-cased.
bool MayHoldIgnoredLabel(std::u32string_view line) {
  CharSig s;
  for (char32_t c : line) s.AddChar(LowerAscii(c));
  for (const CharSig& label : Data().ignore_labels) {
    if (s.Covers(label)) return true;
  }
  return false;
}

// Masks the folded characters [offset, offset + size) of `f`; `area` is where they may be searched.
void MaskProtected(FoldBuffer& f, size_t offset, size_t size, const SearchArea& area) {
  const CharSig& sig = *area.sig;
  const rd::Lexicon& lx = rd::GetLexicon();
  char32_t* const cased = f.cased.data() + offset;
  char32_t* const lower = f.lower.data() + offset;
  const std::u32string_view cased_view(cased, size), lower_view(lower, size);
  auto mask_range = [&](size_t b, size_t e) {
    for (size_t k = b; k < e && k < size; ++k) cased[k] = lower[k] = 0;
  };
  // Labelled values, line by line; none without a label mark (`sig` is of `lower`, where ':', '\t'
  // and '|' are as in `cased`).
  const bool any_label_mark = sig.HasAscii(':') || sig.HasAscii('\t') || sig.HasAscii('|');
  for (size_t lb = 0; any_label_mark && lb < size;) {
    size_t le = cased_view.find('\n', lb);
    if (le == npos) le = size;
    const std::u32string_view line_view = cased_view.substr(lb, le - lb);
    const bool has_label_mark =
        std::any_of(line_view.begin(), line_view.end(), [](char32_t c) { return c == ':' || c == '\t' || c == '|'; });
    if (has_label_mark && MayHoldIgnoredLabel(line_view)) {
      const std::u32string line(line_view);
      for (const auto& pair : rd::FindLabelledPairs(line)) {
        if (!lx.LabelIn(pair.key, "ignore")) continue;
        std::u32string value(rd::Trim(pair.value));
        // A Chinese value ends at the first space ("籍贯：山东 熟悉Kubernetes" masks only "山东");
        // a Latin one ("12 March 1995") is masked whole.
        if (!value.empty() && rd::IsHan(value.front())) value = value.substr(0, value.find_first_of(U" \t"));
        bool found = false;
        for (size_t p = value.empty() ? npos : line.find(value); p != npos; p = line.find(value, p + 1)) {
          mask_range(lb + p, lb + p + value.size());
          found = true;
        }
        if (!found) mask_range(lb, le);
      }
    }
    lb = le + 1;
  }
  // Standalone values.
  FoldedView view;
  view.cased = cased_view;
  view.lower = lower_view;
  const ScreeningData& data = Data();
  // Left to right, as masking one value can free the next: a run's signature, taken before
  // masking, still covers what is left in it.
  data.mask_index.ForEachCandidate(sig, [&](size_t mi) {
    const MaskValue& m = data.mask_values[mi];
    if (!m.number_first) {
      area.ForEachRun(m.pattern.need, [&](size_t from, size_t to) {
        for (auto hit = FindPattern(view, m.pattern, from, to, HanBoundary::kIsolated); hit;
             hit = FindPattern(view, m.pattern, hit->end, to, HanBoundary::kIsolated)) {
          mask_range(hit->begin, hit->end);
        }
        return false;
      });
      return;
    }
    // "<n>岁", "<n> years old": 1-3 digits, then the rest.
    if (!sig.HasAsciiDigit()) return;
    area.ForEachRun(m.pattern.need, [&](size_t from, size_t to) {
      for (size_t i = from; i < to; ++i) {
        if (!IsDigit(lower[i]) || (i > 0 && IsWordChar(lower[i - 1]))) continue;
        size_t j = i;
        while (j < size && IsDigit(lower[j])) ++j;
        if (j - i > 3) {
          i = j;
          continue;
        }
        size_t k = j;
        while (k < size && lower[k] == ' ') ++k;
        const size_t e = MatchAt(lower_view, m.pattern.text, k, size);
        if (e != npos && (e >= size || !IsWordChar(lower[e]))) mask_range(i, e);
        i = j;
      }
      return false;
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Where resume text is looked for.

// A JSON Resume path ("skills[0].keywords[2]", "basics.summary") or the resume text, kept as its
// parts: the string is only built for evidence.
struct Where {
  const char* section = nullptr;  // nullptr: the resume text
  const char* key = nullptr;
  int32_t index = -1;  // of the entry in `section`; -1 for basics
  int32_t item = -1;   // of the string in the array `key`; -1 when `key` is a string

  // With `line` > 0: the resume text's "text:12".
  std::string ToString(size_t line = 0) const {
    char buf[128];
    size_t n = 0;
    auto put = [&](std::string_view s) {
      std::memcpy(buf + n, s.data(), s.size());
      n += s.size();
    };
    auto put_number = [&](uint64_t v) { n = size_t(std::to_chars(buf + n, buf + sizeof buf, v).ptr - buf); };
    if (!section) {
      put("text");
    } else {
      put(section);
      if (index >= 0) {
        put("[");
        put_number(uint64_t(index));
        put("]");
      }
      put(".");
      put(key);
      if (item >= 0) {
        put("[");
        put_number(uint64_t(item));
        put("]");
      }
    }
    if (line > 0) {
      put(":");
      put_number(line);
    }
    return std::string(buf, n);
  }
};

struct Source {
  Where where;
  bool raw = false;             // the resume text
  size_t offset = 0, size = 0;  // folded characters in Scratch::fields
  std::string_view original;
  CharSig sig;                                     // SigOf(lower) before masking
  const std::vector<TextBlock>* blocks = nullptr;  // the resume text's runs of lines
  FoldedView text;                                 // set once every source is folded

  SearchArea Area() const { return {&sig, blocks, size}; }
};

// The JSON Resume sections screening reads, in order of strength of evidence, and their members
// it reads. The first `source_keys` members are looked for terms (in that order); the rest serve
// years of experience. basics is an object, the others arrays of objects.
enum Section {
  kSkills,
  kWork,
  kProjects,
  kCertificates,
  kAwards,
  kPublications,
  kEducation,
  kLanguages,
  kBasics,
  kVolunteer
};
constexpr size_t kSections = 10;
constexpr size_t kMaxMembers = 7;
struct SectionSpec {
  std::string_view name;
  std::array<std::string_view, kMaxMembers> keys;
  size_t key_count, source_keys;
};
constexpr std::array<SectionSpec, kSections> kSectionSpecs = {{
    {"skills", {"keywords", "name"}, 2, 2},
    {"work", {"highlights", "summary", "description", "position", "startDate", "endDate", "name"}, 7, 4},
    {"projects", {"keywords", "highlights", "description", "name", "roles"}, 5, 5},
    {"certificates", {"name"}, 1, 1},
    {"awards", {"title", "summary"}, 2, 2},
    {"publications", {"name", "summary"}, 2, 2},
    {"education", {"area", "courses", "studyType"}, 3, 3},
    {"languages", {"language", "fluency"}, 2, 2},
    {"basics", {"label", "summary"}, 2, 2},
    {"volunteer", {"highlights", "summary", "position"}, 3, 3},
}};
// Members of kSectionSpecs[kWork], kSectionSpecs[kEducation] and kSectionSpecs[kLanguages].
enum WorkMember { kWorkPosition = 3, kWorkStartDate = 4, kWorkEndDate = 5, kWorkName = 6 };
enum EducationMember { kEducationArea = 0, kEducationStudyType = 2 };
enum LanguageMember { kLanguageLanguage = 0, kLanguageFluency = 1 };

// An object entry of a section: its index in the array and its members (nullptr where absent).
struct Entry {
  int32_t index = -1;  // -1 for basics
  std::array<const json*, kMaxMembers> members{};
};

struct Interval {
  int64_t begin = 0, end = 0;  // days since epoch, [begin, end)
};

// Buffers one Screen() call reuses instead of allocating: one thread's, never shared.
struct Scratch {
  std::array<std::vector<Entry>, kSections> entries;  // of the resume being screened
  std::vector<Interval> intervals;                    // jobs
  std::vector<std::string> language_keys;             // LanguageKey of each candidate language
  FoldBuffer fields;                                  // every source, folded, one after another
  FoldBuffer temp;                                    // one-off folds (a languages[] entry)
  std::vector<Source> sources;
  std::vector<size_t> line_starts;  // folded index where each line of the resume text starts
  std::vector<TextBlock> blocks;    // of the resume text
  std::u32string text, lower;       // education: a degree field or a line of the resume text
  std::string joined;
  bool in_use = false;
};

// Buffers kept between calls up to this many folded characters (a long resume text is not kept).
constexpr size_t kKeptScratchChars = 1 << 16;

// a == b, inlined for the short member names of a JSON Resume.
inline bool SameKey(const std::string& a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < b.size(); ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

// Sets out[i] to the member keys[i] of `obj` (an object), in one pass over the object.
void FindMembers(const json& obj, const std::string_view* keys, size_t count, const json** out) {
  for (const auto& [name, value] : obj.get_ref<const json::object_t&>()) {
    for (size_t i = 0; i < count; ++i) {
      if (SameKey(name, keys[i])) {
        out[i] = &value;
        break;
      }
    }
  }
}

// Fills s.entries from the resume: one pass over each object screening reads.
void FindEntries(const json& resume, Scratch& s) {
  for (auto& e : s.entries) e.clear();
  if (!resume.is_object()) return;
  std::array<std::string_view, kSections> names;
  for (size_t i = 0; i < kSections; ++i) names[i] = kSectionSpecs[i].name;
  std::array<const json*, kSections> sections{};
  FindMembers(resume, names.data(), kSections, sections.data());
  // The resume is usually not in cache: start loading every entry object, then the first member
  // of each, before walking any (the loads overlap instead of following one another).
  for (const json* section : sections) {
    if (!section || !section->is_array()) continue;
    for (const json& item : section->get_ref<const json::array_t&>()) {
      if (item.is_object()) __builtin_prefetch(&item.get_ref<const json::object_t&>());
    }
  }
  for (const json* section : sections) {
    if (!section || !section->is_array()) continue;
    for (const json& item : section->get_ref<const json::array_t&>()) {
      if (!item.is_object()) continue;
      const auto& o = item.get_ref<const json::object_t&>();
      if (!o.empty()) __builtin_prefetch(&*o.begin());
    }
  }
  for (size_t k = 0; k < kSections; ++k) {
    const json* section = sections[k];
    const SectionSpec& spec = kSectionSpecs[k];
    if (!section) continue;
    if (k == kBasics) {
      if (!section->is_object()) continue;
      Entry& e = s.entries[k].emplace_back();
      FindMembers(*section, spec.keys.data(), spec.key_count, e.members.data());
      continue;
    }
    if (!section->is_array()) continue;
    const auto& items = section->get_ref<const json::array_t&>();
    for (size_t i = 0; i < items.size(); ++i) {
      if (!items[i].is_object()) continue;
      Entry& e = s.entries[k].emplace_back();
      e.index = int32_t(i);
      FindMembers(items[i], spec.keys.data(), spec.key_count, e.members.data());
    }
  }
}

// "section[i]".
std::string EntryPath(std::string_view section, int32_t i) {
  char buf[48];
  std::memcpy(buf, section.data(), section.size());
  char* end = buf + section.size();
  *end++ = '[';
  end = std::to_chars(end, buf + sizeof buf - 1, i).ptr;
  *end++ = ']';
  return std::string(buf, size_t(end - buf));
}

void AddString(Scratch& s, const json& v, const Where& where) {
  if (!v.is_string()) return;
  const std::string& str = v.get_ref<const std::string&>();
  if (IsBlank(str)) return;
  Source& src = s.sources.emplace_back();
  src.where = where;
  src.original = str;
  src.offset = s.fields.size();
  src.sig = s.fields.Append(str);
  src.size = s.fields.size() - src.offset;
}

// The string, or each string of the array, `value` (may be null) of member `key`.
void AddStrings(Scratch& s, const json* value, const char* key, const char* section, int32_t index) {
  if (!value) return;
  if (value->is_string()) {
    AddString(s, *value, {section, key, index, -1});
  } else if (value->is_array()) {
    const auto& items = value->get_ref<const json::array_t&>();
    for (size_t i = 0; i < items.size(); ++i) AddString(s, items[i], {section, key, index, int32_t(i)});
  }
}

// The resume text's runs of lines (each of at least kBlockChars characters, but the last) and the
// start of each line.
void SplitIntoRuns(std::u32string_view lower, std::vector<TextBlock>& blocks, std::vector<size_t>& line_starts) {
  line_starts.push_back(0);
  size_t begin = 0;
  for (size_t i = 0; i < lower.size(); ++i) {
    const bool line_end = lower[i] == '\n';
    if (line_end) line_starts.push_back(i + 1);
    if ((line_end && i + 1 - begin >= kBlockChars) || i + 1 == lower.size()) {
      blocks.push_back({begin, i + 1, SigOf(lower.substr(begin, i + 1 - begin))});
      begin = i + 1;
    }
  }
}

// Structured fields in order of strength of evidence (s.entries), then the resume text, folded
// into s.fields, signed and masked. basics.name, email, phone, url, image, location and profiles,
// work/education organisation names and locations, interests and references are never read
// (docs/screening.md, "Fairness").
void CollectSources(std::string_view resume_text, Scratch& s) {
  s.fields.Clear();
  s.sources.clear();
  s.line_starts.clear();
  // Start loading the strings (and arrays of strings) before reading any.
  for (size_t k = 0; k < kSections; ++k) {
    for (const Entry& e : s.entries[k]) {
      for (size_t m = 0; m < kSectionSpecs[k].source_keys; ++m) {
        const json* v = e.members[m];
        if (!v) continue;
        if (v->is_string()) __builtin_prefetch(v->get_ref<const std::string&>().data());
        if (v->is_array()) __builtin_prefetch(v->get_ref<const json::array_t&>().data());
      }
    }
  }
  for (size_t k = 0; k < kSections; ++k) {
    const SectionSpec& spec = kSectionSpecs[k];
    for (const Entry& e : s.entries[k]) {
      for (size_t m = 0; m < spec.source_keys; ++m) {
        AddStrings(s, e.members[m], spec.keys[m].data(), spec.name.data(), e.index);
      }
    }
  }
  if (!resume_text.empty()) {
    Source& raw = s.sources.emplace_back();
    raw.raw = true;
    raw.original = resume_text.substr(0, std::min(resume_text.size(), kMaxRawTextBytes));
    raw.offset = s.fields.size();
    raw.sig = s.fields.Append(raw.original);
    raw.size = s.fields.size() - raw.offset;
  }
  // The buffer no longer grows: views into it stay valid.
  s.blocks.clear();
  for (Source& src : s.sources) {
    if (src.raw) {
      SplitIntoRuns(std::u32string_view(s.fields.lower.data() + src.offset, src.size), s.blocks, s.line_starts);
      src.blocks = &s.blocks;
    }
    MaskProtected(s.fields, src.offset, src.size, src.Area());
    src.text = ViewOf(s.fields, src.offset, src.size, src.original);
  }
}

bool IsLineBreak(char32_t c) { return c == '\n' || c == 0; }

// Evidence for a match: the match with up to kSnippetContext characters on each side, cut at line
// ends and masked text. The resume text's `where` gets the 1-based line number.
Evidence MakeEvidence(const Source& src, Match m, const std::vector<size_t>& line_starts) {
  const FoldedView& f = src.text;
  size_t lb = m.begin;
  while (lb > 0 && !IsLineBreak(f.lower[lb - 1])) --lb;
  size_t le = m.end;
  while (le < f.lower.size() && !IsLineBreak(f.lower[le])) ++le;
  const size_t wb = m.begin - lb > kSnippetContext ? m.begin - kSnippetContext : lb;
  const size_t we = le - m.end > kSnippetContext ? m.end + kSnippetContext : le;
  Evidence ev;
  size_t line = 0;
  if (src.raw) line = size_t(std::upper_bound(line_starts.begin(), line_starts.end(), m.begin) - line_starts.begin());
  ev.where = src.where.ToString(line);
  const std::string_view snippet =
      wb < we && we <= f.size() ? f.original.substr(f.begin[wb], f.end[we - 1] - f.begin[wb]) : std::string_view();
  const std::string_view open = wb > lb ? "…" : "", close = we < le ? "…" : "";
  if (IsAscii(snippet) || rd::IsValidUtf8(snippet)) {
    ev.text = Concat({open, TrimSpaces(snippet), close});
  } else {
    const std::string repaired = ValidUtf8(snippet);
    ev.text = Concat({open, TrimSpaces(repaired), close});
  }
  ev.matched = OriginalOf(f, m.begin, m.end);
  return ev;
}

// ---------------------------------------------------------------------------------------------
// Terms.

// The term, the plan's synonyms, then every member of a synonym group of any of them.
std::vector<Pattern> SpellingsOf(const RequiredTerm& t) {
  std::vector<Pattern> out;
  auto add = [&](std::string_view s) {
    auto p = MakePattern(s);
    if (!p) return;
    for (const auto& q : out) {
      if (q.text == p->text) return;
    }
    out.push_back(std::move(*p));
  };
  add(t.term);
  for (const auto& s : t.synonyms) add(s);
  const ScreeningData& d = Data();
  const size_t own = out.size();
  for (size_t i = 0; i < own; ++i) {
    auto it = d.group_of.find(out[i].text);
    if (it == d.group_of.end()) continue;
    for (size_t g : it->second) {
      for (const auto& s : d.groups[g]) add(s);
    }
  }
  return out;
}

// Evidence of the first spelling found in each source, strongest source first, at most
// kMaxEvidence.
std::vector<Evidence> MatchTerm(const std::vector<Pattern>& patterns, const Scratch& s) {
  std::vector<Evidence> out;
  for (const auto& src : s.sources) {
    const SearchArea area = src.Area();
    for (const auto& p : patterns) {
      std::optional<Match> m;
      area.ForEachRun(p.need,
                      [&](size_t from, size_t to) { return (m = FindPattern(src.text, p, from, to)).has_value(); });
      if (m) {
        if (out.empty()) out.reserve(kMaxEvidence);
        out.push_back(MakeEvidence(src, *m, s.line_starts));
        break;
      }
    }
    if (out.size() >= kMaxEvidence) break;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Formatting.

double Round(double x, int decimals) {
  // pow(10, 1) and pow(10, 2) are exact: the same factors without the call.
  const double f = decimals == 1 ? 10.0 : decimals == 2 ? 100.0 : std::pow(10.0, decimals);
  return std::round(x * f) / f;
}

// `units` (an integer count of 10^-decimals) as printf's "%.<decimals>f" writes it.
std::string FixedPoint(long long units, int decimals) {
  const bool negative = units < 0;
  const unsigned long long u = negative ? 0ull - static_cast<unsigned long long>(units) : units;
  const unsigned long long scale = decimals == 1 ? 10 : 100;
  std::string s = negative ? "-" : "";
  s += std::to_string(u / scale);
  s += '.';
  const unsigned long long frac = u % scale;
  if (decimals == 2) s += char('0' + frac / 10);
  s += char('0' + frac % 10);
  return s;
}

// "3", "3.5", "72.25": at most two decimals, no trailing zeros.
std::string FormatNumber(double x) {
  const double r = Round(x, 2);
  std::string s;
  if (std::fabs(r) < 1e12) {
    // r is within an ulp of hundredths/100, far from a rounding boundary of "%.2f": the same
    // digits as snprintf without the formatting machinery.
    s = FixedPoint(std::llround(r * 100), 2);
  } else {
    char buf[400];
    std::snprintf(buf, sizeof buf, "%.2f", r);
    s = buf;
  }
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

// "%.1f" of a score (already rounded to one decimal).
std::string FormatScore(double x) {
  if (std::fabs(x) < 1e12 && Round(x, 1) == x) return FixedPoint(std::llround(x * 10), 1);
  char buf[400];
  std::snprintf(buf, sizeof buf, "%.1f", x);
  return buf;
}

json NumberJson(double x) {
  const double r = Round(x, 2);
  if (r == std::floor(r) && std::fabs(r) < 1e15) return json(static_cast<int64_t>(r));
  return json(r);
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep, size_t max = 8) {
  std::string out;
  for (size_t i = 0; i < parts.size() && i < max; ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  if (parts.size() > max) out += std::string(sep) + "…";
  return out;
}

// Human name of the place an evidence was found (views into `where` or static text).
std::pair<std::string_view, std::string_view> PlaceOf(std::string_view where) {
  const std::string_view head = where.substr(0, where.find_first_of("[.:"));
  static constexpr std::array<std::array<std::string_view, 3>, 11> kPlaces = {{
      {"skills", "skills", "技能"},
      {"work", "work experience", "工作经历"},
      {"projects", "projects", "项目经历"},
      {"certificates", "certificates", "证书"},
      {"awards", "awards", "获奖"},
      {"publications", "publications", "论文著作"},
      {"education", "education", "教育背景"},
      {"languages", "languages", "语言能力"},
      {"basics", "profile", "个人简介"},
      {"volunteer", "volunteering", "志愿经历"},
      {"text", "resume text", "简历原文"},
  }};
  for (const auto& p : kPlaces) {
    if (p[0] == head) return {p[1], p[2]};
  }
  return {head, head};
}

const char* EducationZh(EducationLevel l) {
  switch (l) {
    case EducationLevel::kNone:
      return "不限";
    case EducationLevel::kHighSchool:
      return "高中";
    case EducationLevel::kAssociate:
      return "大专";
    case EducationLevel::kBachelor:
      return "本科";
    case EducationLevel::kMaster:
      return "硕士";
    case EducationLevel::kDoctorate:
      return "博士";
  }
  return "";
}

const char* LanguageLevelZh(LanguageLevel l) {
  switch (l) {
    case LanguageLevel::kBeginner:
      return "入门";
    case LanguageLevel::kIntermediate:
      return "一般";
    case LanguageLevel::kProfessional:
      return "工作熟练";
    case LanguageLevel::kFluent:
      return "流利";
    case LanguageLevel::kNative:
      return "母语";
  }
  return "";
}

// ---------------------------------------------------------------------------------------------
// Years of experience.

struct IsoDate {
  int year = 0;
  unsigned month = 0, day = 0;  // 0 = not given
};

// rd::NormalizeDateString's result for a date written as digits and "-./" only ("2019-07",
// "2019.7.1"), the form JSON Resumes use, without its general machinery: nullopt when the
// answer needs the general parser, else the date or (inner nullopt) not a date. The same rules
// as its "already in the schema's form" branch.
std::optional<std::optional<IsoDate>> PlainNumericDate(std::string_view v) {
  if (v.empty() || !Data().numeric_dates_are_plain) return std::nullopt;
  for (char c : v) {
    if (!rd::IsAsciiDigit(static_cast<unsigned char>(c)) && c != '-' && c != '.' && c != '/') return std::nullopt;
  }
  if (!rd::IsAsciiDigit(static_cast<unsigned char>(v.front())) ||
      !rd::IsAsciiDigit(static_cast<unsigned char>(v.back()))) {
    return std::nullopt;
  }
  int parts[4] = {0, 0, 0, 0};
  size_t widths[4] = {0, 0, 0, 0}, count = 0;
  for (size_t i = 0; i < v.size();) {
    size_t j = i;
    int n = 0;
    while (j < v.size() && rd::IsAsciiDigit(static_cast<unsigned char>(v[j])) && j - i < 5)
      n = n * 10 + int(v[j++] - '0');
    if (j == i || count == 4) return std::nullopt;  // "2019--07", or more parts than the branch takes
    parts[count] = n;
    widths[count++] = j - i;
    if (j < v.size()) {
      if (v[j] != '-' && v[j] != '.' && v[j] != '/') return std::nullopt;  // a digit run longer than 5
      ++j;
    }
    i = j;
  }
  if (count > 3 || widths[0] != 4 || parts[0] < 1000 || parts[0] > 2999) return std::nullopt;
  IsoDate d{parts[0], 0, 0};
  if (count >= 2) {
    if (widths[1] > 2 || parts[1] < 1 || parts[1] > 12) return std::optional<IsoDate>();
    d.month = unsigned(parts[1]);
  }
  if (count == 3) {
    if (widths[2] > 2 || parts[2] < 1 || parts[2] > int(core::Date::DaysInMonth(d.year, d.month))) {
      return std::optional<IsoDate>();
    }
    d.day = unsigned(parts[2]);
  }
  return std::optional<IsoDate>(d);
}

std::optional<IsoDate> ReadDate(const json* value) {
  if (!value || !value->is_string()) return std::nullopt;
  const std::string& text = value->get_ref<const std::string&>();
  IsoDate d;
  if (auto plain = PlainNumericDate(text)) {
    if (!*plain) return std::nullopt;
    d = **plain;
  } else {
    auto iso = rd::NormalizeDateString(text);
    if (!iso) return std::nullopt;
    if (std::sscanf(iso->c_str(), "%d-%u-%u", &d.year, &d.month, &d.day) < 1) return std::nullopt;
  }
  if (d.month > 12 || (d.month && d.day > core::Date::DaysInMonth(d.year, d.month))) return std::nullopt;
  return d;
}

// Year-only dates are taken as 1 July, so "2016 – 2019" is three years.
int64_t StartDay(const IsoDate& d) {
  if (d.month == 0) return core::Date(d.year, 7, 1).DaysSinceEpoch();
  return core::Date(d.year, d.month, d.day ? d.day : 1).DaysSinceEpoch();
}

// Exclusive end: the end month or day counts in full.
int64_t EndDay(const IsoDate& d, int64_t start) {
  if (d.month == 0) {
    const int64_t mid = core::Date(d.year, 7, 1).DaysSinceEpoch();
    // An end year equal to the start's year ("2019 – 2019", "2019-03 – 2019") runs to the year's end.
    return mid > start ? mid : core::Date(d.year + 1, 1, 1).DaysSinceEpoch();
  }
  if (d.day == 0) return core::Date(d.year, d.month, 1).AddMonths(1).DaysSinceEpoch();
  return core::Date(d.year, d.month, d.day).DaysSinceEpoch() + 1;
}

struct Experience {
  double years = 0;         // merged, one decimal
  double summed_years = 0;  // without merging, one decimal
  size_t jobs = 0;
  std::vector<Evidence> evidence;
  std::vector<std::string> skipped_en, skipped_zh;
};

// The string `value` (may be null) as valid UTF-8; empty if it is not a string.
std::string StringOf(const json* value) {
  return value && value->is_string() ? ValidUtf8(value->get_ref<const std::string&>()) : std::string();
}

// StringOf(value) without a copy when the string is valid already (else repaired into `storage`).
std::string_view StringViewOf(const json* value, std::string& storage) {
  if (!value || !value->is_string()) return {};
  const std::string& s = value->get_ref<const std::string&>();
  if (IsAscii(s) || rd::IsValidUtf8(s)) return s;
  storage = ValidUtf8(s);
  return storage;
}

// `intervals` is scratch space.
Experience ComputeExperience(const std::vector<Entry>& work, core::Date today, std::vector<Interval>& intervals) {
  Experience x;
  intervals.clear();
  const int64_t now = today.DaysSinceEpoch();
  x.evidence.reserve(work.size());
  for (const Entry& e : work) {
    const int32_t index = e.index;
    const json* start_value = e.members[kWorkStartDate];
    const json* end_value = e.members[kWorkEndDate];
    const json* position = e.members[kWorkPosition];
    const json* name = e.members[kWorkName];
    const std::string path = EntryPath("work", index);
    const auto start = ReadDate(start_value);
    const auto end = ReadDate(end_value);
    if (!start) {
      x.skipped_en.push_back(path + " has no start date");
      x.skipped_zh.push_back(path + " 缺少开始日期");
      continue;
    }
    const int64_t b = StartDay(*start);
    int64_t en = end ? EndDay(*end, b) : now;
    en = std::min(en, now);
    if (b >= now) {
      x.skipped_en.push_back(path + " starts in the future");
      x.skipped_zh.push_back(path + " 开始日期在未来");
      continue;
    }
    if (en <= b) {
      x.skipped_en.push_back(path + " ends before it starts");
      x.skipped_zh.push_back(path + " 结束日期早于开始日期");
      continue;
    }
    intervals.push_back({b, en});
    ++x.jobs;
    std::string storage[4];
    const std::string_view start_text = StringViewOf(start_value, storage[0]);
    const std::string_view end_text = end ? StringViewOf(end_value, storage[1]) : "present";
    const std::string_view position_text = StringViewOf(position, storage[2]);
    const std::string_view name_text = StringViewOf(name, storage[3]);
    x.evidence.push_back({path,
                          Concat({start_text, " – ", end_text, position_text.empty() ? "" : " · ", position_text,
                                  name_text.empty() ? "" : " · ", name_text}),
                          ""});
  }
  std::sort(intervals.begin(), intervals.end(), [](const Interval& a, const Interval& b) { return a.begin < b.begin; });
  int64_t merged = 0, summed = 0;
  std::optional<Interval> cur;
  for (const auto& iv : intervals) {
    summed += iv.end - iv.begin;
    if (cur && iv.begin <= cur->end) {
      cur->end = std::max(cur->end, iv.end);
      continue;
    }
    if (cur) merged += cur->end - cur->begin;
    cur = iv;
  }
  if (cur) merged += cur->end - cur->begin;
  constexpr double kDaysPerYear = 365.2425;
  x.years = Round(double(merged) / kDaysPerYear, 1);
  x.summed_years = Round(double(summed) / kDaysPerYear, 1);
  return x;
}

// ---------------------------------------------------------------------------------------------
// Education.

struct EducationFact {
  EducationLevel level = EducationLevel::kNone;
  std::optional<Evidence> evidence;
};

// rd::NormalizeText(s) == s: valid UTF-8 of printable characters that NFKC leaves alone and the
// parser's normalisation neither drops nor rewrites.
bool IsNormalizedText(std::string_view s) {
  const icu::Normalizer2* nfkc = Nfkc();
  const char* p = s.data();
  const int32_t n = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c = 0;
    U8_NEXT(p, i, n, c);
    if (c < 0) return false;
    if (c < 0x80) {
      if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) return false;
      continue;
    }
    if (!nfkc || !nfkc->isInert(c)) return false;
    if (c < 0xA0 || (c >= 0x2460 && c <= 0x2473) || (c >= 0x2776 && c <= 0x2793) || c == 0x2028 || c == 0x2029 ||
        (c >= 0x200B && c <= 0x200F) || c == 0x2060 || c == 0xFEFF || c == 0x00AD || c == 0xFFFD ||
        (c >= 0xE000 && c <= 0xF8FF) || c >= 0xF0000) {
      return false;
    }
  }
  return true;
}

struct DegreeHit {
  std::optional<EducationLevel> level;
  size_t pos = 0, len = 0;
};

// rd::FindDegree(text, education_context) with `lower` = rd::AsciiLower(text) and `sig` =
// SigOf(lower), answered as the level of the hit's studyType.
std::optional<DegreeHit> FindDegree(std::u32string_view text, std::u32string_view lower, const CharSig& sig,
                                    bool education_context) {
  const ScreeningData& data = Data();
  // The first level (strongest) with a hit wins, with its longest term.
  const LexDegreeLevel* best_level = nullptr;
  const rd::Term* best = nullptr;
  size_t best_pos = npos;
  data.degree_index.ForEachCandidate(sig, [&](size_t i) {
    const LexDegreeTerm& t = data.degree_terms[i];
    const LexDegreeLevel& level = data.degrees[t.level];
    if (best_level && &level != best_level) return;  // a weaker level than the one found
    if (t.term->exact_case && !education_context) return;
    const size_t p = rd::FindTerm(text, lower, *t.term);
    if (p == npos) return;
    if (!best || t.term->text.size() > best->text.size()) {
      best_level = &level;
      best = t.term;
      best_pos = p;
    }
  });
  if (!best) return std::nullopt;
  return DegreeHit{best_level->level, best_pos, best->text.size()};
}

EducationFact ComputeEducation(Scratch& s) {
  EducationFact best;
  bool any = false;
  auto better = [&](EducationLevel level) { return !any || level > best.level; };
  auto consider = [&](EducationLevel level, Evidence ev) {
    best.level = level;
    best.evidence = std::move(ev);
    any = true;
  };
  for (const Entry& e : s.entries[kEducation]) {
    for (const size_t member : {kEducationStudyType, kEducationArea}) {
      const std::string v = StringOf(e.members[member]);
      if (v.empty()) continue;
      s.text = IsNormalizedText(v) ? rd::ToU32(v) : rd::ToU32(rd::NormalizeText(v));
      s.lower = s.text;
      for (char32_t& c : s.lower) c = LowerAscii(c);
      auto hit = FindDegree(s.text, s.lower, SigOf(s.lower), true);
      if (!hit || !hit->level || !better(*hit->level)) continue;
      std::string where = EntryPath("education", e.index);
      where += '.';
      where += kSectionSpecs[kEducation].keys[member];
      consider(*hit->level,
               Evidence{std::move(where), v, rd::ToUtf8(std::u32string_view(s.text).substr(hit->pos, hit->len))});
    }
  }
  if (any) return best;
  // No education entry named a degree: look in the resume text, but not at English words that are
  // also job titles or certificate levels ("Scrum Master", "Solutions Architect – Associate").
  for (const auto& src : s.sources) {
    if (!src.raw) continue;
    const FoldedView& f = src.text;
    for (size_t lb = 0; lb < f.cased.size();) {
      size_t le = f.cased.find('\n', lb);
      if (le == npos) le = f.cased.size();
      const std::u32string_view line = f.cased.substr(lb, le - lb);
      s.lower.assign(line);
      for (char32_t& c : s.lower) c = LowerAscii(c);
      if (auto hit = FindDegree(line, s.lower, SigOf(s.lower), false)) {
        const std::u32string word = rd::AsciiLower(line.substr(hit->pos, hit->len));
        const bool ambiguous =
            word == U"master" || word == U"masters" || word == U"associate" || word == U"associate's";
        if (hit->level && !ambiguous && better(*hit->level)) {
          consider(*hit->level, MakeEvidence(src, {lb + hit->pos, lb + hit->pos + hit->len}, s.line_starts));
        }
      }
      lb = le + 1;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Languages.

// A number written right after a test name ("IELTS 7.5", "托福：105分", "TOEIC(860)").
std::optional<double> ScoreAfter(const FoldedView& f, size_t pos) {
  size_t i = pos;
  for (size_t skipped = 0; i < f.lower.size() && skipped < 4; ++i, ++skipped) {
    const char32_t c = f.lower[i];
    if (rd::IsAsciiDigit(c)) break;
    if (!(c == ' ' || c == ':' || c == '(' || c == '[' || c == '-' || c == '=')) return std::nullopt;
  }
  if (i >= f.lower.size() || !rd::IsAsciiDigit(f.lower[i])) return std::nullopt;
  std::string num;
  while (i < f.lower.size() && (rd::IsAsciiDigit(f.lower[i]) || f.lower[i] == '.') && num.size() < 6) {
    num.push_back(char(f.lower[i++]));
  }
  char* end = nullptr;
  const double v = std::strtod(num.c_str(), &end);
  if (end == num.c_str()) return std::nullopt;
  return v;
}

// The level a test result shows (docs/screening.md, "Languages").
LanguageLevel LevelOfTest(const std::string& test, std::optional<double> score) {
  if (test == "CET-4") return LanguageLevel::kIntermediate;
  if (test == "CET-6" || test == "TEM-4" || test == "BEC") return LanguageLevel::kProfessional;
  if (test == "TEM-8" || test == "JLPT N1") return LanguageLevel::kFluent;
  if (test == "JLPT N2") return LanguageLevel::kProfessional;
  if (test == "JLPT N3" || test == "TOPIK") return LanguageLevel::kIntermediate;
  struct Band {
    const char* test;
    double max, fluent, professional, intermediate;
  };
  static const Band kBands[] = {
      {"IELTS", 9, 7, 6, 5},
      {"TOEFL", 120, 100, 80, 60},
      {"TOEIC", 990, 900, 785, 550},
  };
  for (const auto& b : kBands) {
    if (test != b.test) continue;
    if (!score || *score <= 0 || *score > b.max) return LanguageLevel::kProfessional;
    if (*score >= b.fluent) return LanguageLevel::kFluent;
    if (*score >= b.professional) return LanguageLevel::kProfessional;
    if (*score >= b.intermediate) return LanguageLevel::kIntermediate;
    return LanguageLevel::kBeginner;
  }
  return LanguageLevel::kIntermediate;
}

// Calls fn(p) for each position of `term` in `f`, left to right, as repeated rd::FindTerm calls
// would; `need` is the term's.
template <typename Fn>
void ForEachTermIn(const FoldedView& f, const SearchArea& area, const rd::Term& term, const Need& need, Fn fn) {
  area.ForEachRun(need, [&](size_t from, size_t to) {
    const std::u32string_view cased = f.cased.substr(0, to), lower = f.lower.substr(0, to);
    for (size_t p = rd::FindTerm(cased, lower, term, from); p != npos; p = rd::FindTerm(cased, lower, term, p + 1)) {
      fn(p);
    }
    return false;
  });
}

// Calls fn(match, test, level) for every language test in `f`: by test, then left to right.
template <typename Fn>
void ForEachTest(const FoldedView& f, const SearchArea& area, Fn fn) {
  const ScreeningData& data = Data();
  data.test_index.ForEachCandidate(*area.sig, [&](size_t i) {
    const LexTest& t = data.tests[i];
    ForEachTermIn(f, area, *t.term, t.need, [&](size_t p) {
      const size_t e = p + t.term->text.size();
      fn(Match{p, e}, t, LevelOfTest(*t.test, ScoreAfter(f, e)));
    });
  });
}

struct LanguageHit {
  const LexLanguage* language;
  Match match;
};

// Every language name in `f` (lexicon terms; the longest at a position), left to right.
std::vector<LanguageHit> FindLanguageNames(const FoldedView& f, const SearchArea& area) {
  std::vector<LanguageHit> hits;
  const ScreeningData& data = Data();
  data.language_index.ForEachCandidate(*area.sig, [&](size_t i) {
    const LexLanguage& l = data.languages[i];
    ForEachTermIn(f, area, *l.term, l.need, [&](size_t p) { hits.push_back({&l, {p, p + l.term->text.size()}}); });
  });
  std::sort(hits.begin(), hits.end(), [](const LanguageHit& a, const LanguageHit& b) {
    return a.match.begin != b.match.begin ? a.match.begin < b.match.begin : a.match.end > b.match.end;
  });
  std::vector<LanguageHit> out;
  for (auto& h : hits) {
    if (!out.empty() && h.match.begin < out.back().match.end) continue;  // inside a longer name
    out.push_back(h);
  }
  return out;
}

// The strongest fluency word in f[from, limit); `sig` covers f.
std::optional<LanguageLevel> FluencyIn(const FoldedView& f, const CharSig& sig, size_t from, size_t limit) {
  limit = std::min(limit, f.lower.size());
  if (from >= limit) return std::nullopt;
  const std::u32string_view cased = f.cased.substr(from, limit - from), lower = f.lower.substr(from, limit - from);
  std::optional<LanguageLevel> best;
  const ScreeningData& data = Data();
  data.fluency_index.ForEachCandidate(sig, [&](size_t i) {
    const LexFluency& t = data.fluency[i];
    if (rd::FindTerm(cased, lower, *t.term) == npos) return;
    if (t.level && (!best || *t.level > *best)) best = t.level;
  });
  return best;
}

struct CanonicalName {
  std::string name;  // "English"
  std::string key;   // LanguageKey(name)
};

// Canonical English name of a language as the plan or resume wrote it ("英语" -> "English"), with
// its key. Folds into `buffer`.
CanonicalName CanonicalLanguage(std::string_view written, FoldBuffer& buffer) {
  buffer.Clear();
  const CharSig sig = buffer.Append(written);
  const FoldedView f = ViewOf(buffer, 0, buffer.size(), written);
  if (auto hits = FindLanguageNames(f, SearchArea{&sig, nullptr, f.size()}); !hits.empty()) {
    return {*hits.front().language->name, *hits.front().language->key};
  }
  std::string name = rd::ToUtf8(rd::Trim(rd::ToU32(written)));
  std::string key = LanguageKey(name);
  return {std::move(name), std::move(key)};
}

std::string LanguageZh(const std::string& canonical) {
  const rd::Lexicon& lx = rd::GetLexicon();
  for (const auto& [term, name] : lx.languages) {
    if (name == canonical && term.han) return rd::ToUtf8(term.text);
  }
  return canonical;
}

// The candidate's languages, and the LanguageKey of each.
// CanonicalLanguage of the lexicon's own spellings ("English", "英语", "english"), computed once.
const std::unordered_map<std::string, CanonicalName>& KnownLanguageSpellings() {
  static const auto kKnown = [] {
    std::unordered_map<std::string, CanonicalName> known;
    FoldBuffer buffer;
    for (const auto& [term, name] : rd::GetLexicon().languages) {
      for (const std::string& spelling : {name, rd::ToUtf8(term.text)}) {
        if (!known.count(spelling)) known.emplace(spelling, CanonicalLanguage(spelling, buffer));
      }
    }
    return known;
  }();
  return kKnown;
}

void ComputeLanguages(Scratch& s, std::vector<CandidateLanguage>& out, std::vector<std::string>& keys) {
  // `evidence` is only called when the level is news: a long text may name a test many times.
  auto upgrade = [&](const std::string& language, const std::string& key, LanguageLevel level, const auto& evidence) {
    for (size_t i = 0; i < out.size(); ++i) {
      if (keys[i] != key) continue;
      if (level > out[i].level) {
        out[i].level = level;
        out[i].evidence = evidence();
      }
      return;
    }
    out.push_back({language, level, evidence()});
    keys.push_back(key);
  };
  // languages[]: the language with its fluency words and tests; a language listed without a
  // recognisable level counts as intermediate.
  {
    const auto& known = KnownLanguageSpellings();
    for (const Entry& e : s.entries[kLanguages]) {
      const int32_t index = e.index;
      const json* language_value = e.members[kLanguageLanguage];
      const json* fluency_value = e.members[kLanguageFluency];
      const std::string written = StringOf(language_value);
      if (IsBlank(written)) continue;
      const std::string fluency = StringOf(fluency_value);
      CanonicalName computed;
      const CanonicalName* known_name = nullptr;
      if (auto it = known.find(written); it != known.end()) {
        known_name = &it->second;
      } else {
        computed = CanonicalLanguage(written, s.temp);
      }
      const CanonicalName& language = known_name ? *known_name : computed;
      s.joined = written;
      s.joined += ' ';
      s.joined += fluency;
      s.temp.Clear();
      const CharSig sig = s.temp.Append(s.joined);
      const FoldedView f = ViewOf(s.temp, 0, s.temp.size(), s.joined);
      LanguageLevel level = LanguageLevel::kIntermediate;
      if (auto l = FluencyIn(f, sig, 0, f.lower.size())) level = *l;
      ForEachTest(f, SearchArea{&sig, nullptr, f.size()}, [&](Match, const LexTest& t, LanguageLevel test_level) {
        if (*t.key == language.key) level = std::max(level, test_level);
      });
      upgrade(language.name, language.key, level, [&] {
        return Evidence{EntryPath("languages", index), fluency.empty() ? written : written + ": " + fluency, fluency};
      });
    }
  }
  for (const auto& src : s.sources) {
    // Tests anywhere: "CET-6" in a certificate, "雅思 7.5" in the text.
    ForEachTest(src.text, src.Area(), [&](Match m, const LexTest& t, LanguageLevel level) {
      upgrade(*t.language, *t.key, level, [&] { return MakeEvidence(src, m, s.line_starts); });
    });
    // In the resume text: a language with a fluency word in the same clause ("普通话：母语",
    // "English (fluent)"); the clause ends at a comma or full stop.
    if (!src.raw) continue;
    const FoldedView& f = src.text;
    for (const auto& hit : FindLanguageNames(f, src.Area())) {
      size_t limit = hit.match.end;
      while (limit < f.lower.size() && limit - hit.match.end < 16 && !IsLineBreak(f.lower[limit]) &&
             std::u32string_view(U",;。、.").find(f.lower[limit]) == std::u32string_view::npos) {
        ++limit;
      }
      if (auto level = FluencyIn(f, src.sig, hit.match.end, limit)) {
        upgrade(*hit.language->name, *hit.language->key, *level, [&] {
          return MakeEvidence(src, {hit.match.begin, limit}, s.line_starts);
        });
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Requirements JSON.

std::string TrimmedUtf8(const std::string& s) { return rd::ToUtf8(rd::Trim(rd::ToU32(s))); }

core::Status CheckTerm(const std::string& term, const std::string& path) {
  if (rd::ToU32(term).size() > kMaxTermChars) {
    return core::InvalidAt(path, "longer than " + std::to_string(kMaxTermChars) + " characters");
  }
  if (!MakePattern(term)) return core::InvalidAt(path, "must not be empty");
  if (auto attribute = ProtectedAttributeOf(term)) {
    return core::InvalidAt(path, "\"" + term + "\" refers to a protected attribute (" + *attribute +
                                     "); screening never reads age, gender, marital status, photo, "
                                     "ethnicity or hometown");
  }
  return {};
}

core::Result<std::vector<RequiredTerm>> ParseTerms(const json* v, const std::string& path) {
  std::vector<RequiredTerm> out;
  if (!v) return out;
  if (!v->is_array()) return core::InvalidAt(path, "expected an array");
  if (v->size() > kMaxTerms) return core::InvalidAt(path, "at most " + std::to_string(kMaxTerms) + " items");
  for (size_t i = 0; i < v->size(); ++i) {
    const json& item = (*v)[i];
    const std::string ip = path + "[" + std::to_string(i) + "]";
    RequiredTerm t;
    if (item.is_string()) {
      t.term = TrimmedUtf8(item.get<std::string>());
      HF_TRY(CheckTerm(t.term, ip));
      out.push_back(std::move(t));
      continue;
    }
    if (!item.is_object()) return core::InvalidAt(ip, "expected a string or an object {term, synonyms}");
    HF_ASSIGN(auto o, core::ObjectReader::Open(item, ip));
    HF_TRY(o.Only({"term", "synonyms"}));
    HF_ASSIGN(std::string term, core::Require(o.String("term"), o, "term"));
    t.term = TrimmedUtf8(term);
    HF_TRY(CheckTerm(t.term, o.Path("term")));
    if (const json* syn = o.Raw("synonyms")) {
      const std::string sp = o.Path("synonyms");
      if (!syn->is_array()) return core::InvalidAt(sp, "expected an array of strings");
      if (syn->size() > kMaxSynonyms) return core::InvalidAt(sp, "at most " + std::to_string(kMaxSynonyms) + " items");
      for (size_t k = 0; k < syn->size(); ++k) {
        const std::string kp = sp + "[" + std::to_string(k) + "]";
        if (!(*syn)[k].is_string()) return core::InvalidAt(kp, "expected a string");
        std::string s = TrimmedUtf8((*syn)[k].get<std::string>());
        HF_TRY(CheckTerm(s, kp));
        t.synonyms.push_back(std::move(s));
      }
    }
    out.push_back(std::move(t));
  }
  return out;
}

core::Result<std::vector<RequiredLanguage>> ParseLanguages(const json* v, const std::string& path) {
  std::vector<RequiredLanguage> out;
  if (!v) return out;
  if (!v->is_array()) return core::InvalidAt(path, "expected an array");
  if (v->size() > kMaxLanguages) return core::InvalidAt(path, "at most " + std::to_string(kMaxLanguages) + " items");
  for (size_t i = 0; i < v->size(); ++i) {
    const json& item = (*v)[i];
    const std::string ip = path + "[" + std::to_string(i) + "]";
    RequiredLanguage l;
    std::string language_path = ip;
    if (item.is_string()) {
      l.language = TrimmedUtf8(item.get<std::string>());
    } else if (item.is_object()) {
      HF_ASSIGN(auto o, core::ObjectReader::Open(item, ip));
      HF_TRY(o.Only({"language", "level"}));
      HF_ASSIGN(std::string language, core::Require(o.String("language"), o, "language"));
      l.language = TrimmedUtf8(language);
      language_path = o.Path("language");
      HF_ASSIGN(auto level, o.String("level"));
      if (level) {
        l.level = ParseLanguageLevel(*level);
        if (!l.level) {
          return core::InvalidAt(o.Path("level"),
                                 "expected one of beginner, intermediate, professional, fluent, native");
        }
      }
    } else {
      return core::InvalidAt(ip, "expected a string or an object {language, level}");
    }
    if (l.language.empty()) return core::InvalidAt(language_path, "must not be empty");
    if (rd::ToU32(l.language).size() > kMaxTermChars) return core::InvalidAt(language_path, "too long");
    out.push_back(std::move(l));
  }
  return out;
}

core::Result<double> ReadNumber(core::ObjectReader& o, std::string_view key, double fallback, int64_t max_x100) {
  HF_ASSIGN(auto v, o.Hundredths(key, max_x100));
  return v ? double(*v) / 100.0 : fallback;
}

// ---------------------------------------------------------------------------------------------
// The compiled plan.

struct CompiledTerm {
  std::string requirement;  // the term as the plan wrote it (valid UTF-8)
  std::vector<Pattern> patterns;
  double max_points = 0;
  std::string found_en, found_zh;      // the explanation up to the place: "Must-have \"Go\": found in "
  std::string missing_en, missing_zh;  // the whole explanation when nothing is found
};

CompiledTerm CompileTerm(const RequiredTerm& t, LineItemKind kind, double max_points) {
  CompiledTerm c;
  c.requirement = ValidUtf8(t.term);
  c.patterns = SpellingsOf(t);
  c.max_points = max_points;
  std::vector<std::string> spellings;
  for (const auto& p : c.patterns) spellings.push_back(p.spelling);
  const bool must = kind == LineItemKind::kMustHave;
  const std::string label_en = must ? "Must-have" : "Nice-to-have";
  const std::string label_zh = must ? "必备条件" : "加分项";
  c.found_en = label_en + " \"" + c.requirement + "\": found in ";
  c.found_zh = label_zh + "“" + c.requirement + "”：在";
  c.missing_en =
      label_en + " \"" + c.requirement + "\": not found in the resume (looked for " + Join(spellings, ", ") + ")";
  c.missing_zh = label_zh + "“" + c.requirement + "”：简历中未找到（查找了 " + Join(spellings, "、") + "）";
  return c;
}

struct CompiledLanguage {
  std::optional<LanguageLevel> level;
  std::string canonical;    // "English" (valid UTF-8)
  std::string key;          // LanguageKey(canonical)
  std::string zh_name;      // "英语"
  std::string requirement;  // "English (professional)"
  double max_points = 0;
  std::string asks_en, asks_zh;  // "; the plan asks for professional or better", or empty
};

// Scratch of the calling thread, marked in use for the lifetime of this object.
class ScratchLease {
 public:
  ScratchLease() : s_(Thread()) {
    assert(!s_.in_use && "Screen() is not re-entrant");
    s_.in_use = true;
  }
  ~ScratchLease() {
    s_.in_use = false;
    if (s_.fields.cased.capacity() > kKeptScratchChars) s_.fields = FoldBuffer{};
    if (s_.sources.capacity() > kKeptScratchChars / 16) s_.sources = {};
    if (s_.line_starts.capacity() > kKeptScratchChars) s_.line_starts = {};
  }
  ScratchLease(const ScratchLease&) = delete;
  ScratchLease& operator=(const ScratchLease&) = delete;
  Scratch& get() { return s_; }

 private:
  static Scratch& Thread() {
    thread_local Scratch scratch;
    return scratch;
  }
  Scratch& s_;
};

}  // namespace

struct Screener::Plan {
  explicit Plan(const Requirements& req);

  std::vector<CompiledTerm> must_have, nice_to_have;
  double eff[5] = {0, 0, 0, 0, 0};  // effective weights, in ScreeningWeights order
  double weight_sum = 0;            // of the raw weights of the components in use
  double min_years = 0;
  std::string experience_requirement, experience_need_en, experience_need_zh;
  EducationLevel education_level = EducationLevel::kNone;
  std::string education_need_en, education_need_zh;
  std::vector<CompiledLanguage> languages;
  ScreeningThresholds thresholds;
  std::string advance_text, reject_text;  // FormatNumber of the thresholds
  bool auto_reject_missing_must_have = false;
  bool auto_reject_below_threshold = false;
  bool auto_advance_at_threshold = false;
};

Screener::Plan::Plan(const Requirements& req) {
  // Effective weights: unused components drop out, the rest scale to 100.
  const bool used[5] = {!req.must_have.empty(), !req.nice_to_have.empty(), req.min_years_experience > 0,
                        req.education_level > EducationLevel::kNone, !req.languages.empty()};
  const double raw[5] = {req.weights.must_have, req.weights.nice_to_have, req.weights.experience, req.weights.education,
                         req.weights.languages};
  for (int i = 0; i < 5; ++i) weight_sum += used[i] ? raw[i] : 0;
  for (int i = 0; i < 5; ++i) eff[i] = used[i] && weight_sum > 0 ? raw[i] * 100.0 / weight_sum : 0;

  for (const auto& t : req.must_have) {
    must_have.push_back(CompileTerm(t, LineItemKind::kMustHave, eff[0] / double(req.must_have.size())));
  }
  for (const auto& t : req.nice_to_have) {
    nice_to_have.push_back(CompileTerm(t, LineItemKind::kNiceToHave, eff[1] / double(req.nice_to_have.size())));
  }

  min_years = req.min_years_experience;
  experience_requirement = min_years > 0 ? FormatNumber(min_years) + " years" : "none";
  if (min_years > 0) {
    experience_need_en = "; the plan asks for " + FormatNumber(min_years);
    experience_need_zh = "；要求 " + FormatNumber(min_years) + " 年";
  } else {
    experience_need_en = "; not required by the plan";
    experience_need_zh = "；计划未要求";
  }

  education_level = req.education_level;
  if (education_level > EducationLevel::kNone) {
    education_need_en = std::string("; the plan asks for ") + EducationLevelName(education_level) + " or higher";
    education_need_zh = std::string("；要求") + EducationZh(education_level) + "及以上";
  } else {
    education_need_en = "; not required by the plan";
    education_need_zh = "；计划未要求";
  }

  FoldBuffer buffer;
  for (const auto& need : req.languages) {
    CompiledLanguage l;
    l.level = need.level;
    l.canonical = ValidUtf8(CanonicalLanguage(need.language, buffer).name);
    l.key = LanguageKey(l.canonical);
    l.zh_name = LanguageZh(l.canonical);
    const std::string written = ValidUtf8(need.language);
    l.requirement = need.level ? written + " (" + LanguageLevelName(*need.level) + ")" : written;
    l.max_points = eff[4] / double(req.languages.size());
    if (need.level) {
      l.asks_en = std::string("; the plan asks for ") + LanguageLevelName(*need.level) + " or better";
      l.asks_zh = std::string("；要求") + LanguageLevelZh(*need.level) + "及以上";
    }
    languages.push_back(std::move(l));
  }

  thresholds = req.thresholds;
  advance_text = FormatNumber(req.thresholds.advance);
  reject_text = FormatNumber(req.thresholds.reject);
  auto_reject_missing_must_have = req.auto_reject_missing_must_have;
  auto_reject_below_threshold = req.auto_reject_below_threshold;
  auto_advance_at_threshold = req.auto_advance_at_threshold;
}

Screener::Screener(const Requirements& requirements) : plan_(std::make_unique<const Plan>(requirements)) {}
Screener::~Screener() = default;
Screener::Screener(Screener&&) noexcept = default;
Screener& Screener::operator=(Screener&&) noexcept = default;

// ---------------------------------------------------------------------------------------------
// Screening.

ScreeningResult Screen(const Requirements& requirements, const json& json_resume, std::string_view resume_text,
                       core::Date today) {
  return Screener(requirements).Screen(json_resume, resume_text, today);
}

ScreeningResult Screener::Screen(const json& resume, std::string_view resume_text, core::Date today) const {
  const Plan& plan = *plan_;
  ScratchLease lease;
  Scratch& s = lease.get();
  FindEntries(resume, s);
  CollectSources(resume_text, s);

  ScreeningResult result;
  const double* eff = plan.eff;
  result.weights = {eff[0], eff[1], eff[2], eff[3], eff[4]};
  result.items.reserve(plan.must_have.size() + plan.nice_to_have.size() + 2 + plan.languages.size());

  // Must-haves and nice-to-haves.
  auto term_item = [&](const CompiledTerm& t, LineItemKind kind) {
    LineItem item;
    item.kind = kind;
    item.requirement = t.requirement;
    item.max_points = t.max_points;
    item.evidence = MatchTerm(t.patterns, s);
    item.met = !item.evidence.empty();
    item.points = item.met ? t.max_points : 0;
    if (item.met) {
      const Evidence& ev = item.evidence.front();
      const auto [place_en, place_zh] = PlaceOf(ev.where);
      item.explanation_en = Concat({t.found_en, place_en, " (", ev.where, ") as \"", ev.matched, "\""});
      item.explanation_zh = Concat({t.found_zh, place_zh, "（", ev.where, "）中找到“", ev.matched, "”"});
    } else {
      item.explanation_en = t.missing_en;
      item.explanation_zh = t.missing_zh;
    }
    return item;
  };
  for (const auto& t : plan.must_have) result.items.push_back(term_item(t, LineItemKind::kMustHave));
  // Missing must-haves first, each group in plan order (a stable partition without a buffer).
  size_t missing = 0;
  for (size_t i = 0; i < result.items.size(); ++i) {
    if (result.items[i].met) continue;
    std::rotate(result.items.begin() + long(missing), result.items.begin() + long(i),
                result.items.begin() + long(i) + 1);
    ++missing;
  }
  // Join() of the missing must-haves' requirements.
  auto missing_terms = [&](std::string_view sep) {
    constexpr size_t kMax = 20;
    std::string out;
    for (size_t i = 0; i < missing && i < kMax; ++i) {
      if (i) out += sep;
      out += result.items[i].requirement;
    }
    if (missing > kMax) {
      out += sep;
      out += "…";
    }
    return out;
  };
  for (const auto& t : plan.nice_to_have) result.items.push_back(term_item(t, LineItemKind::kNiceToHave));

  // Experience.
  {
    Experience x = ComputeExperience(s.entries[kWork], today, s.intervals);
    result.years_experience = x.years;
    LineItem item;
    item.kind = LineItemKind::kExperience;
    const double need = plan.min_years;
    item.requirement = plan.experience_requirement;
    item.max_points = eff[2];
    item.met = need <= 0 || x.years >= need;
    item.points = need > 0 ? eff[2] * std::min(1.0, x.years / need) : 0;
    item.evidence = std::move(x.evidence);
    const std::string years = FormatNumber(x.years), jobs = std::to_string(x.jobs);
    const bool overlap = x.summed_years > x.years;
    const std::string summed = overlap ? FormatNumber(x.summed_years) : std::string();
    const bool skipped = !x.skipped_en.empty();
    const std::string skipped_en = skipped ? Join(x.skipped_en, ", ") : std::string();
    const std::string skipped_zh = skipped ? Join(x.skipped_zh, "、") : std::string();
    item.explanation_en =
        Concat({years, " years of work experience from ", jobs, x.jobs == 1 ? " job" : " jobs",
                overlap ? " (overlapping periods counted once; " : "", summed, overlap ? " years if added up)" : "",
                plan.experience_need_en, skipped ? "; not counted: " : "", skipped_en});
    item.explanation_zh =
        Concat({"工作经验 ", years, " 年（", jobs, " 段工作", overlap ? "，重叠期间只计一次，简单相加为 " : "", summed,
                overlap ? " 年" : "", "）", plan.experience_need_zh, skipped ? "；未计入：" : "", skipped_zh});
    result.items.push_back(std::move(item));
  }

  // Education.
  {
    EducationFact edu = ComputeEducation(s);
    result.education_level = edu.level;
    const EducationLevel need = plan.education_level;
    LineItem item;
    item.kind = LineItemKind::kEducation;
    item.requirement = EducationLevelName(need);
    item.max_points = eff[3];
    item.met = edu.level >= need;
    if (need > EducationLevel::kNone) {
      // One level short earns half: a strong associate degree against a bachelor requirement is
      // worth a reviewer's look, two levels short is not.
      item.points = item.met ? eff[3] : (int(edu.level) + 1 == int(need) ? eff[3] / 2 : 0);
    }
    const std::string_view level_zh = edu.level == EducationLevel::kNone ? "未写明" : EducationZh(edu.level);
    if (edu.evidence) {
      const Evidence& ev = *edu.evidence;
      item.explanation_en = Concat({"Highest education: ", EducationLevelName(edu.level), " (", ev.where, " \"",
                                    ev.matched, "\")", plan.education_need_en});
      item.explanation_zh =
          Concat({"最高学历：", level_zh, "（", ev.where, "“", ev.matched, "”）", plan.education_need_zh});
      item.evidence.push_back(std::move(*edu.evidence));
    } else {
      item.explanation_en =
          Concat({"Highest education: ", EducationLevelName(edu.level), " (no degree found)", plan.education_need_en});
      item.explanation_zh = Concat({"最高学历：", level_zh, "（未找到学历）", plan.education_need_zh});
    }
    result.items.push_back(std::move(item));
  }

  // Languages.
  std::vector<std::string>& language_keys = s.language_keys;
  language_keys.clear();
  ComputeLanguages(s, result.languages, language_keys);
  for (const auto& need : plan.languages) {
    const CandidateLanguage* have = nullptr;
    for (size_t i = 0; i < result.languages.size(); ++i) {
      if (language_keys[i] == need.key) have = &result.languages[i];
    }
    LineItem item;
    item.kind = LineItemKind::kLanguage;
    item.requirement = need.requirement;
    item.max_points = need.max_points;
    item.met = have && (!need.level || have->level >= *need.level);
    item.points = item.met ? item.max_points : (have ? item.max_points / 2 : 0);
    const bool below = need.level && have && !item.met;
    const std::string_view below_en = below ? " (below the level: half the points)" : "";
    const std::string_view below_zh = below ? "（未达到要求水平：得一半分）" : "";
    if (have) {
      item.evidence.push_back(have->evidence);
      const std::string& quoted = have->evidence.matched.empty() ? have->evidence.text : have->evidence.matched;
      item.explanation_en = Concat({need.canonical, ": ", LanguageLevelName(have->level), " (", have->evidence.where,
                                    " \"", quoted, "\")", need.asks_en, below_en});
      item.explanation_zh = Concat({need.zh_name, "：", LanguageLevelZh(have->level), "（", have->evidence.where, "“",
                                    quoted, "”）", need.asks_zh, below_zh});
    } else {
      item.explanation_en = Concat({need.canonical, ": not found in the resume", need.asks_en});
      item.explanation_zh = Concat({need.zh_name, "：简历中未找到", need.asks_zh});
    }
    result.items.push_back(std::move(item));
  }

  // Score.
  double total = 0;
  for (const auto& item : result.items) total += item.points;
  result.score = plan.weight_sum > 0 ? Round(std::clamp(total, 0.0, 100.0), 1) : 100.0;
  for (auto& item : result.items) {
    item.points = Round(item.points, 2);
    item.max_points = Round(item.max_points, 2);
  }

  // Decision.
  Decision& d = result.decision;
  const std::string score = FormatScore(result.score);
  const std::string& adv = plan.advance_text;
  const std::string& rej = plan.reject_text;
  constexpr std::string_view kAdvisoryEn = " (recommendation only; a person decides)";
  constexpr std::string_view kAdvisoryZh = "（仅为建议，由人工决定）";
  if (missing > 0 && plan.auto_reject_missing_must_have) {
    d = {Recommendation::kReject, true, "auto_reject_missing_must_have",
         Concat({"missing must-have: ", missing_terms(", "), " → reject (plan rule auto_reject_missing_must_have)"}),
         Concat({"缺少必备条件：", missing_terms("、"), " → 淘汰（计划规则 auto_reject_missing_must_have）"})};
  } else if (result.score < plan.thresholds.reject) {
    const bool automatic = plan.auto_reject_below_threshold;
    d = {Recommendation::kReject, automatic, automatic ? "auto_reject_below_threshold" : "reject_threshold",
         Concat({"score ", score, " < reject threshold ", rej, " → reject",
                 automatic ? " (plan rule auto_reject_below_threshold)" : kAdvisoryEn}),
         Concat({"得分 ", score, " 低于淘汰线 ", rej, " → 淘汰",
                 automatic ? "（计划规则 auto_reject_below_threshold）" : kAdvisoryZh})};
  } else if (missing > 0) {
    d = {Recommendation::kReview, false, "missing_must_have",
         Concat({"missing must-have: ", missing_terms(", "), " → review (score ", score,
                 "; the plan does not reject automatically, a person decides)"}),
         Concat({"缺少必备条件：", missing_terms("、"), " → 人工复核（得分 ", score,
                 "；计划未设置自动淘汰，由人工决定）"})};
  } else if (result.score >= plan.thresholds.advance) {
    const bool automatic = plan.auto_advance_at_threshold;
    d = {Recommendation::kAdvance, automatic, automatic ? "auto_advance_at_threshold" : "advance_threshold",
         Concat({"score ", score, " ≥ advance threshold ", adv, " → advance",
                 automatic ? " (plan rule auto_advance_at_threshold)" : kAdvisoryEn}),
         Concat({"得分 ", score, " 达到晋级线 ", adv, " → 晋级",
                 automatic ? "（计划规则 auto_advance_at_threshold）" : kAdvisoryZh})};
  } else {
    d = {Recommendation::kReview, false, "review_band",
         Concat({"score ", score, " is between reject threshold ", rej, " and advance threshold ", adv, " → review"}),
         Concat({"得分 ", score, " 介于淘汰线 ", rej, " 与晋级线 ", adv, " 之间 → 人工复核"})};
  }

  // Why not: what cost the most.
  if (d.recommendation != Recommendation::kAdvance) {
    result.why_not.reserve(result.items.size());
    for (const auto& item : result.items) {
      const double lost = Round(item.max_points - item.points, 2);
      if (lost <= 0 && !(item.kind == LineItemKind::kMustHave && !item.met)) continue;
      result.why_not.push_back(
          {item.kind, item.requirement, std::max(0.0, lost), item.met, item.explanation_en, item.explanation_zh});
    }
    // Biggest loss first, ties in line-item order: std::stable_sort's order, by insertion (a few
    // items; stable_sort would allocate a buffer).
    std::vector<WhyNot>& w = result.why_not;
    for (size_t i = 1; i < w.size(); ++i) {
      for (size_t j = i; j > 0 && w[j - 1].points_lost < w[j].points_lost; --j) std::swap(w[j - 1], w[j]);
    }
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Names.

const char* EducationLevelName(EducationLevel level) {
  switch (level) {
    case EducationLevel::kNone:
      return "none";
    case EducationLevel::kHighSchool:
      return "high_school";
    case EducationLevel::kAssociate:
      return "associate";
    case EducationLevel::kBachelor:
      return "bachelor";
    case EducationLevel::kMaster:
      return "master";
    case EducationLevel::kDoctorate:
      return "doctorate";
  }
  return "none";
}

std::optional<EducationLevel> ParseEducationLevel(std::string_view text) {
  std::string key = TrimmedUtf8(std::string(text));
  for (auto& c : key) {
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    if (c == ' ' || c == '-') c = '_';
  }
  static const std::map<std::string, EducationLevel, std::less<>> kNames = {
      {"none", EducationLevel::kNone},
      {"不限", EducationLevel::kNone},
      {"high_school", EducationLevel::kHighSchool},
      {"高中", EducationLevel::kHighSchool},
      {"associate", EducationLevel::kAssociate},
      {"大专", EducationLevel::kAssociate},
      {"专科", EducationLevel::kAssociate},
      {"bachelor", EducationLevel::kBachelor},
      {"本科", EducationLevel::kBachelor},
      {"master", EducationLevel::kMaster},
      {"硕士", EducationLevel::kMaster},
      {"研究生", EducationLevel::kMaster},
      {"doctorate", EducationLevel::kDoctorate},
      {"博士", EducationLevel::kDoctorate},
  };
  auto it = kNames.find(key);
  if (it == kNames.end()) return std::nullopt;
  return it->second;
}

const char* LanguageLevelName(LanguageLevel level) {
  switch (level) {
    case LanguageLevel::kBeginner:
      return "beginner";
    case LanguageLevel::kIntermediate:
      return "intermediate";
    case LanguageLevel::kProfessional:
      return "professional";
    case LanguageLevel::kFluent:
      return "fluent";
    case LanguageLevel::kNative:
      return "native";
  }
  return "intermediate";
}

std::optional<LanguageLevel> ParseLanguageLevel(std::string_view text) {
  const auto p = MakePattern(text);
  if (!p) return std::nullopt;
  for (LanguageLevel l : {LanguageLevel::kBeginner, LanguageLevel::kIntermediate, LanguageLevel::kProfessional,
                          LanguageLevel::kFluent, LanguageLevel::kNative}) {
    if (p->text == rd::ToU32(LanguageLevelName(l))) return l;
  }
  for (const auto& [term, canonical] : rd::GetLexicon().fluency) {
    if (term.text == p->text) return LevelOfFluencyName(canonical);
  }
  return std::nullopt;
}

const char* LineItemKindName(LineItemKind kind) {
  switch (kind) {
    case LineItemKind::kMustHave:
      return "must_have";
    case LineItemKind::kNiceToHave:
      return "nice_to_have";
    case LineItemKind::kExperience:
      return "experience";
    case LineItemKind::kEducation:
      return "education";
    case LineItemKind::kLanguage:
      return "language";
  }
  return "must_have";
}

const char* RecommendationName(Recommendation r) {
  switch (r) {
    case Recommendation::kAdvance:
      return "advance";
    case Recommendation::kReview:
      return "review";
    case Recommendation::kReject:
      return "reject";
  }
  return "review";
}

// ---------------------------------------------------------------------------------------------
// Requirements.

core::Result<Requirements> ParseRequirements(const json& j) {
  HF_ASSIGN(auto o, core::ObjectReader::Open(j, ""));
  HF_TRY(o.Only({"must_have", "nice_to_have", "min_years_experience", "education_level", "languages", "weights",
                 "thresholds", "auto_reject_missing_must_have", "auto_reject_below_threshold",
                 "auto_advance_at_threshold"}));
  Requirements r;
  HF_ASSIGN(r.must_have, ParseTerms(o.Raw("must_have"), "must_have"));
  HF_ASSIGN(r.nice_to_have, ParseTerms(o.Raw("nice_to_have"), "nice_to_have"));
  HF_ASSIGN(r.min_years_experience, ReadNumber(o, "min_years_experience", 0, 60'00));
  HF_ASSIGN(auto education, o.String("education_level"));
  if (education) {
    auto level = ParseEducationLevel(*education);
    if (!level) {
      return core::InvalidAt("education_level",
                             "expected one of none, high_school, associate, bachelor, master, doctorate "
                             "(or 高中, 大专, 本科, 硕士, 博士)");
    }
    r.education_level = *level;
  }
  HF_ASSIGN(r.languages, ParseLanguages(o.Raw("languages"), "languages"));
  if (const json* w = o.Raw("weights")) {
    HF_ASSIGN(auto wo, core::ObjectReader::Open(*w, "weights"));
    HF_TRY(wo.Only({"must_have", "nice_to_have", "experience", "education", "languages"}));
    constexpr int64_t kMaxWeight = 1000'00;
    HF_ASSIGN(r.weights.must_have, ReadNumber(wo, "must_have", r.weights.must_have, kMaxWeight));
    HF_ASSIGN(r.weights.nice_to_have, ReadNumber(wo, "nice_to_have", r.weights.nice_to_have, kMaxWeight));
    HF_ASSIGN(r.weights.experience, ReadNumber(wo, "experience", r.weights.experience, kMaxWeight));
    HF_ASSIGN(r.weights.education, ReadNumber(wo, "education", r.weights.education, kMaxWeight));
    HF_ASSIGN(r.weights.languages, ReadNumber(wo, "languages", r.weights.languages, kMaxWeight));
    const ScreeningWeights& x = r.weights;
    if (x.must_have + x.nice_to_have + x.experience + x.education + x.languages <= 0) {
      return core::InvalidAt("weights", "at least one weight must be positive");
    }
  }
  if (const json* t = o.Raw("thresholds")) {
    HF_ASSIGN(auto to, core::ObjectReader::Open(*t, "thresholds"));
    HF_TRY(to.Only({"advance", "reject"}));
    HF_ASSIGN(r.thresholds.advance, ReadNumber(to, "advance", r.thresholds.advance, 100'00));
    HF_ASSIGN(r.thresholds.reject, ReadNumber(to, "reject", r.thresholds.reject, 100'00));
    if (r.thresholds.reject > r.thresholds.advance) {
      return core::InvalidAt("thresholds.reject", FormatNumber(r.thresholds.reject) +
                                                      " must not be above thresholds.advance " +
                                                      FormatNumber(r.thresholds.advance));
    }
  }
  HF_ASSIGN(auto auto_must, o.Boolean("auto_reject_missing_must_have"));
  HF_ASSIGN(auto auto_below, o.Boolean("auto_reject_below_threshold"));
  HF_ASSIGN(auto auto_advance, o.Boolean("auto_advance_at_threshold"));
  r.auto_reject_missing_must_have = auto_must.value_or(false);
  r.auto_reject_below_threshold = auto_below.value_or(false);
  r.auto_advance_at_threshold = auto_advance.value_or(false);
  return r;
}

json RequirementsToJson(const Requirements& r) {
  auto terms = [](const std::vector<RequiredTerm>& v) {
    json a = json::array();
    for (const auto& t : v) a.push_back({{"term", t.term}, {"synonyms", t.synonyms}});
    return a;
  };
  json languages = json::array();
  for (const auto& l : r.languages) {
    json item = {{"language", l.language}};
    if (l.level) item["level"] = LanguageLevelName(*l.level);
    languages.push_back(std::move(item));
  }
  return {
      {"must_have", terms(r.must_have)},
      {"nice_to_have", terms(r.nice_to_have)},
      {"min_years_experience", NumberJson(r.min_years_experience)},
      {"education_level", EducationLevelName(r.education_level)},
      {"languages", std::move(languages)},
      {"weights",
       {{"must_have", NumberJson(r.weights.must_have)},
        {"nice_to_have", NumberJson(r.weights.nice_to_have)},
        {"experience", NumberJson(r.weights.experience)},
        {"education", NumberJson(r.weights.education)},
        {"languages", NumberJson(r.weights.languages)}}},
      {"thresholds", {{"advance", NumberJson(r.thresholds.advance)}, {"reject", NumberJson(r.thresholds.reject)}}},
      {"auto_reject_missing_must_have", r.auto_reject_missing_must_have},
      {"auto_reject_below_threshold", r.auto_reject_below_threshold},
      {"auto_advance_at_threshold", r.auto_advance_at_threshold},
  };
}
json ScreeningResultToJson(const ScreeningResult& r) {
  auto evidence = [](const Evidence& e) { return json{{"where", e.where}, {"text", e.text}, {"matched", e.matched}}; };
  json items = json::array();
  for (const auto& item : r.items) {
    json ev = json::array();
    for (const auto& e : item.evidence) ev.push_back(evidence(e));
    items.push_back({{"kind", LineItemKindName(item.kind)},
                     {"requirement", item.requirement},
                     {"met", item.met},
                     {"points", NumberJson(item.points)},
                     {"max_points", NumberJson(item.max_points)},
                     {"evidence", std::move(ev)},
                     {"explanation", {{"en", item.explanation_en}, {"zh", item.explanation_zh}}}});
  }
  json why_not = json::array();
  for (const auto& w : r.why_not) {
    why_not.push_back({{"kind", LineItemKindName(w.kind)},
                       {"requirement", w.requirement},
                       {"met", w.met},
                       {"points_lost", NumberJson(w.points_lost)},
                       {"explanation", {{"en", w.explanation_en}, {"zh", w.explanation_zh}}}});
  }
  json languages = json::array();
  for (const auto& l : r.languages) {
    languages.push_back(
        {{"language", l.language}, {"level", LanguageLevelName(l.level)}, {"evidence", evidence(l.evidence)}});
  }
  return {
      {"version", kScreeningVersion},
      {"score", NumberJson(r.score)},
      {"decision",
       {{"recommendation", RecommendationName(r.decision.recommendation)},
        {"automatic", r.decision.automatic},
        {"rule", r.decision.rule},
        {"reason", {{"en", r.decision.reason_en}, {"zh", r.decision.reason_zh}}}}},
      {"items", std::move(items)},
      {"why_not", std::move(why_not)},
      {"weights",
       {{"must_have", NumberJson(r.weights.must_have)},
        {"nice_to_have", NumberJson(r.weights.nice_to_have)},
        {"experience", NumberJson(r.weights.experience)},
        {"education", NumberJson(r.weights.education)},
        {"languages", NumberJson(r.weights.languages)}}},
      {"facts",
       {{"years_experience", NumberJson(r.years_experience)},
        {"education_level", EducationLevelName(r.education_level)},
        {"languages", std::move(languages)}}},
  };
}

}  // namespace recruit
