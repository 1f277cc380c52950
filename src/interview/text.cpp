#include "interview/text.h"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/rbbi.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <array>
#include <cassert>
#include <memory>
#include <mutex>

#include "embed/interview_lexicon.h"

namespace interview::text {
namespace {

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiAlnum(char c) { return IsAsciiAlpha(c) || IsAsciiDigit(c); }
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool AllAsciiLetters(std::string_view s) {
  for (char c : s) {
    if (!(c >= 'a' && c <= 'z')) return false;
  }
  return !s.empty();
}

std::string CanonicalNumber(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != ',') out.push_back(c);
  }
  if (out.find('.') != std::string::npos) {
    while (!out.empty() && out.back() == '0') out.pop_back();
    if (!out.empty() && out.back() == '.') out.pop_back();
  }
  size_t z = 0;
  while (z + 1 < out.size() && out[z] == '0' && out[z + 1] != '.') ++z;
  out.erase(0, z);
  return out.empty() ? "0" : out;
}

size_t Utf8Chars(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// Sets key and flags of a Han token from its norm.
void ClassifyHan(Token& t, const Lexicon& lex) {
  t.negation = lex.zh_negation.count(t.norm) > 0;
  t.stop = !t.negation && lex.zh_stop.count(t.norm) > 0;
  t.generic = lex.zh_generic.count(t.norm) > 0;
  t.key = t.negation ? std::string(kNegationKey) : t.norm;
}

// Re-joins Chinese words that ICU cut into pieces: adjacent glued pieces whose concatenation is a
// known word (longest first, up to four pieces), then runs of two or more unknown single
// characters that are not function words (most such runs are one compound ICU does not know).
void MergeHanPieces(Analysis& a, const Lexicon& lex) {
  // Both passes copy into a new vector (linear even for very long answers).
  auto glued_to_prev = [](const std::vector<Token>& v, size_t i) {
    return i > 0 && v[i].kind == TokenKind::kHan && v[i].glued && v[i].clause == v[i - 1].clause;
  };
  auto append = [&](Token& into, const Token& piece) {
    into.norm += piece.norm;
    into.end = piece.end;
  };
  std::vector<Token> known;
  known.reserve(a.tokens.size());
  for (size_t i = 0; i < a.tokens.size();) {
    size_t best = i;
    if (a.tokens[i].kind == TokenKind::kHan) {
      std::string joined = a.tokens[i].norm;
      for (size_t j = i + 1; j < i + 4 && j < a.tokens.size() && glued_to_prev(a.tokens, j); ++j) {
        joined += a.tokens[j].norm;
        if (lex.zh_words.count(joined)) best = j;
      }
    }
    known.push_back(std::move(a.tokens[i]));
    if (best > i) {
      for (size_t k = i + 1; k <= best; ++k) append(known.back(), a.tokens[k]);
      ClassifyHan(known.back(), lex);
    }
    i = best + 1;
  }
  auto lone_char = [&](const Token& t) {
    return t.kind == TokenKind::kHan && !t.stop && !t.negation && Utf8Chars(t.norm) == 1;
  };
  std::vector<Token> out;
  out.reserve(known.size());
  for (size_t i = 0; i < known.size();) {
    size_t j = i;
    if (lone_char(known[i])) {
      while (j + 1 < known.size() && glued_to_prev(known, j + 1) && lone_char(known[j + 1])) ++j;
    }
    out.push_back(std::move(known[i]));
    if (j > i) {
      for (size_t k = i + 1; k <= j; ++k) append(out.back(), known[k]);
      ClassifyHan(out.back(), lex);
    }
    i = j + 1;
  }
  a.tokens = std::move(out);
}

// Builds tokens and clause/sentence spans; shared by the ASCII and the ICU paths.
class Builder {
 public:
  Builder(Analysis& a, const Lexicon& lex) : a_(a), lex_(lex) {}

  void ClauseBreak() { clause_break_ = true; }
  // An opening bracket or quote at [pos, end): a clause starting right after it quotes it too.
  void Opening(uint32_t pos, uint32_t end) {
    open_pos_ = pos;
    open_end_ = end;
  }
  // A closing bracket, quote or '%' at [pos, end): if it directly follows the last token (or a
  // previous closer), the current clause and sentence end after it.
  void Closing(uint32_t pos, uint32_t end) {
    if (a_.tokens.empty() || pos != trail_end_) return;
    trail_end_ = end;
    a_.clauses.back().end = end;
    a_.sentences.back().end = end;
  }
  void SentenceBreak() { sentence_break_ = true; }
  void Gap() { last_han_end_ = UINT32_MAX; }

  // `norm` is the normalised token text; [begin, end) its bytes in the original.
  void Add(std::string norm, TokenKind kind, uint32_t begin, uint32_t end) {
    Token t;
    t.kind = kind;
    t.begin = begin;
    t.end = end;
    if (kind == TokenKind::kHan) {
      t.glued = last_han_end_ == begin;
      last_han_end_ = end;
      t.norm = std::move(norm);
      ClassifyHan(t, lex_);
      Place(t);
      a_.tokens.push_back(std::move(t));
      return;
    } else {
      last_han_end_ = UINT32_MAX;
      if (kind == TokenKind::kNumber) {
        t.key = CanonicalNumber(norm);
      } else {
        ReplaceCurlyApostrophes(norm);
        ++a_.latin_words;
        if (lex_.en_negation.count(norm)) {
          t.negation = true;
          t.key = std::string(kNegationKey);
        } else if (lex_.en_stop.count(norm)) {
          t.stop = true;
          t.key = norm;
        } else {
          StripPossessive(norm);
          if (norm.empty()) return;
          std::string_view number = NumberWordValue(norm);
          if (!number.empty()) {
            t.kind = TokenKind::kNumber;
            t.key = std::string(number);
          } else if (lex_.en_stop.count(norm)) {
            t.stop = true;
            t.key = norm;
          } else {
            t.key = AllAsciiLetters(norm) ? PorterStem(norm) : norm;
            t.generic = lex_.en_generic.count(t.key) > 0;
          }
        }
        if (t.negation) t.generic = true;
      }
    }
    t.norm = std::move(norm);
    Place(t);
    a_.tokens.push_back(std::move(t));
  }

 private:
  static void ReplaceCurlyApostrophes(std::string& s) {
    if (s.find("\xE2\x80\x99") == std::string::npos) return;
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
      if (s.compare(i, 3, "\xE2\x80\x99") == 0) {
        out.push_back('\'');
        i += 2;
      } else {
        out.push_back(s[i]);
      }
    }
    s = std::move(out);
  }
  static void StripPossessive(std::string& s) {
    if (s.size() > 2 && s.compare(s.size() - 2, 2, "'s") == 0) s.resize(s.size() - 2);
    while (!s.empty() && s.back() == '\'') s.pop_back();
    while (!s.empty() && s.front() == '\'') s.erase(0, 1);
  }
  void Place(Token& t) {
    uint32_t begin = open_end_ == t.begin ? open_pos_ : t.begin;
    if (a_.sentences.empty() || sentence_break_) {
      a_.sentences.push_back({begin, t.end});
      clause_break_ = true;
    }
    if (a_.clauses.empty() || clause_break_) {
      a_.clauses.push_back({begin, t.end});
      a_.clause_sentence.push_back(static_cast<uint32_t>(a_.sentences.size() - 1));
    }
    trail_end_ = t.end;
    sentence_break_ = clause_break_ = false;
    t.clause = static_cast<uint32_t>(a_.clauses.size() - 1);
    t.sentence = static_cast<uint32_t>(a_.sentences.size() - 1);
    a_.clauses.back().end = t.end;
    a_.sentences.back().end = t.end;
  }

  Analysis& a_;
  const Lexicon& lex_;
  bool clause_break_ = false;
  bool sentence_break_ = false;
  uint32_t last_han_end_ = UINT32_MAX;
  uint32_t open_pos_ = UINT32_MAX;
  uint32_t open_end_ = UINT32_MAX;
  uint32_t trail_end_ = UINT32_MAX;
};

bool IsOpening(uint32_t c) {
  switch (c) {
    case '(':
    case '[':
    case '{':
    case '"':
    case '\'':
    case 0x201C:
    case 0x2018:
    case 0x300C:
    case 0x300E:
    case 0x3010:
    case 0x300A:
      return true;
    default:
      return false;
  }
}
bool IsClosing(uint32_t c) {
  switch (c) {
    case ')':
    case ']':
    case '}':
    case '"':
    case '\'':
    case '%':
    case 0x201D:
    case 0x2019:
    case 0x300D:
    case 0x300F:
    case 0x3011:
    case 0x300B:
      return true;
    default:
      return false;
  }
}

// Length in bytes of a list marker ("- ", "* ", "1. ", "2) ", "(3) ", "①") at `pos`, else 0.
size_t ListMarkerLength(std::string_view s, size_t pos) {
  size_t i = pos;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  if (i >= s.size()) return 0;
  auto followed_by_space = [&](size_t j) { return j >= s.size() || s[j] == ' ' || s[j] == '\t'; };
  if ((s[i] == '-' || s[i] == '*' || s[i] == '+') && followed_by_space(i + 1)) return i + 1 - pos;
  for (std::string_view bullet : {"\xE2\x80\xA2", "\xC2\xB7", "\xE3\x83\xBB"}) {  // • · ・
    if (s.substr(i, bullet.size()) == bullet) return i + bullet.size() - pos;
  }
  // Circled numbers U+2460..U+2473 (① .. ⑳): E2 91 A0..E2 91 B3.
  if (s.size() >= i + 3 && s[i] == '\xE2' && s[i + 1] == '\x91' && static_cast<unsigned char>(s[i + 2]) >= 0xA0 &&
      static_cast<unsigned char>(s[i + 2]) <= 0xB3) {
    return i + 3 - pos;
  }
  size_t j = i;
  bool paren = s[j] == '(';
  if (paren) ++j;
  size_t digits = j;
  while (j < s.size() && IsAsciiDigit(s[j]) && j - digits < 3) ++j;
  if (j == digits) return 0;
  if (paren) return j < s.size() && s[j] == ')' ? j + 1 - pos : 0;
  if (j < s.size() && (s[j] == '.' || s[j] == ')') && followed_by_space(j + 1)) return j + 1 - pos;
  if (s.substr(j, 3) == "\xE3\x80\x81") return j + 3 - pos;  // "1、"
  return 0;
}

void AnalyzeAscii(std::string_view s, Builder& b) {
  size_t i = 0;
  size_t n = s.size();
  bool line_start = true;
  while (i < n) {
    if (line_start) {
      line_start = false;
      size_t m = ListMarkerLength(s, i);
      if (m > 0) {
        i += m;
        b.SentenceBreak();
        continue;
      }
    }
    char c = s[i];
    if (IsAsciiAlnum(c)) {
      size_t start = i;
      bool has_alpha = false;
      std::string norm;
      while (i < n) {
        char d = s[i];
        if (IsAsciiAlnum(d)) {
          has_alpha |= IsAsciiAlpha(d);
          norm.push_back(Lower(d));
          ++i;
        } else if (i + 1 < n && i > start && IsAsciiAlnum(s[i + 1]) &&
                   ((d == '\'' && IsAsciiAlpha(s[i - 1]) && IsAsciiAlpha(s[i + 1])) ||
                    ((d == '.' || d == ',') && IsAsciiDigit(s[i - 1]) && IsAsciiDigit(s[i + 1])) ||
                    (d == '.' && IsAsciiAlpha(s[i - 1]) && IsAsciiAlpha(s[i + 1]) &&
                     (i + 2 >= n || !IsAsciiAlpha(s[i + 2])) && i - start == 1))) {
          // Inner apostrophe (don't), decimal/thousands separator (3.14, 1,000), and one-letter
          // abbreviations (e.g, i.e).
          norm.push_back(d);
          ++i;
        } else {
          break;
        }
      }
      if (!has_alpha) {
        b.Add(std::move(norm), TokenKind::kNumber, static_cast<uint32_t>(start), static_cast<uint32_t>(i));
      } else {
        b.Add(std::move(norm), TokenKind::kWord, static_cast<uint32_t>(start), static_cast<uint32_t>(i));
      }
      continue;
    }
    switch (c) {
      case '\n':
        b.SentenceBreak();
        line_start = true;
        break;
      case '.':
      case '!':
      case '?':
        if (i + 1 >= n || s[i + 1] == ' ' || s[i + 1] == '\n' || s[i + 1] == '\r' || s[i + 1] == '\t' ||
            s[i + 1] == '"' || s[i + 1] == ')') {
          b.SentenceBreak();
        }
        break;
      case ',':
      case ';':
      case ':':
        b.ClauseBreak();
        break;
      default:
        break;
    }
    // Quotes close when they follow a word, open otherwise.
    if (IsClosing(static_cast<unsigned char>(c))) b.Closing(static_cast<uint32_t>(i), static_cast<uint32_t>(i + 1));
    if (IsOpening(static_cast<unsigned char>(c))) b.Opening(static_cast<uint32_t>(i), static_cast<uint32_t>(i + 1));
    ++i;
  }
}

const icu::Normalizer2* Nfkc() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
  assert(U_SUCCESS(status));
  return n;
}

icu::BreakIterator& WordBreaker() {
  // Creating a word BreakIterator loads rules and dictionaries (slow); clone a prototype once
  // per thread instead.
  static const std::unique_ptr<icu::BreakIterator> prototype = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> bi(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    assert(U_SUCCESS(status));
    return bi;
  }();
  thread_local std::unique_ptr<icu::BreakIterator> mine(prototype->clone());
  return *mine;
}

void AnalyzeUnicode(std::string_view s, Builder& b, Analysis& a) {
  // 1. UTF-8 -> UTF-16, remembering each UTF-16 unit's byte offset.
  icu::UnicodeString src;
  std::vector<uint32_t> src_byte;  // byte offset of each UTF-16 unit, plus one past the end
  src_byte.reserve(s.size() + 1);
  std::vector<size_t> marker_end_at;  // byte offset where a list marker ends, for line starts
  {
    int32_t i = 0;
    int32_t len = static_cast<int32_t>(s.size());
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    while (i < len) {
      int32_t start = i;
      UChar32 c;
      U8_NEXT(p, i, len, c);
      if (c < 0) c = 0xFFFD;
      if (IsHan(static_cast<uint32_t>(c))) ++a.han_chars;
      if (c <= 0xFFFF) {
        src.append(static_cast<UChar>(c));
        src_byte.push_back(static_cast<uint32_t>(start));
      } else {
        src.append(c);
        src_byte.push_back(static_cast<uint32_t>(start));
        src_byte.push_back(static_cast<uint32_t>(start));
      }
    }
    src_byte.push_back(static_cast<uint32_t>(s.size()));
  }

  // 2. NFKC case-fold segment by segment (segments start where the normaliser has a boundary),
  //    so every normalised unit maps back to the source segment it came from.
  const icu::Normalizer2* nfkc = Nfkc();
  icu::UnicodeString norm;
  std::vector<int32_t> seg_begin;  // per normalised unit: source segment start (UTF-16 index)
  std::vector<int32_t> seg_end;
  {
    int32_t n = src.length();
    int32_t i = 0;
    while (i < n) {
      int32_t j = i;
      UChar32 c = src.char32At(j);
      j += U16_LENGTH(c);
      while (j < n) {
        UChar32 d = src.char32At(j);
        if (nfkc->hasBoundaryBefore(d)) break;
        j += U16_LENGTH(d);
      }
      icu::UnicodeString seg = src.tempSubStringBetween(i, j);
      UErrorCode status = U_ZERO_ERROR;
      int32_t before = norm.length();
      if (nfkc->isNormalized(seg, status) && U_SUCCESS(status)) {
        norm.append(seg);
      } else {
        status = U_ZERO_ERROR;
        nfkc->normalizeSecondAndAppend(norm, seg, status);
        if (U_FAILURE(status)) norm.append(seg);
      }
      for (int32_t k = before; k < norm.length(); ++k) {
        seg_begin.push_back(i);
        seg_end.push_back(j);
      }
      i = j;
    }
  }
  auto orig_begin = [&](int32_t p) { return src_byte[static_cast<size_t>(seg_begin[static_cast<size_t>(p)])]; };
  auto orig_end = [&](int32_t q) { return src_byte[static_cast<size_t>(seg_end[static_cast<size_t>(q - 1)])]; };

  // 3. Word segmentation over the normalised text.
  icu::BreakIterator& bi = WordBreaker();
  bi.setText(norm);
  bool line_start = true;
  size_t skip_until = 0;  // bytes of a list marker at a line start are not words
  int32_t p = bi.first();
  for (int32_t q = bi.next(); q != icu::BreakIterator::DONE; p = q, q = bi.next()) {
    int32_t status = bi.getRuleStatus();
    uint32_t ob = orig_begin(p);
    uint32_t oe = orig_end(q);
    if (line_start) {
      line_start = false;
      size_t m = ListMarkerLength(s, ob);
      if (m > 0) {
        skip_until = ob + m;
        b.SentenceBreak();
      }
    }
    if (ob < skip_until) continue;
    if (status >= UBRK_WORD_NONE && status < UBRK_WORD_NONE_LIMIT) {
      b.Gap();
      for (int32_t k = p; k < q;) {
        UChar32 c = norm.char32At(k);
        int32_t k0 = k;
        k += U16_LENGTH(c);
        uint32_t cb = orig_begin(k0);
        uint32_t ce = orig_end(k);
        if (IsClosing(static_cast<uint32_t>(c))) b.Closing(cb, ce);
        if (IsOpening(static_cast<uint32_t>(c))) b.Opening(cb, ce);
        switch (c) {
          case '\n':
          case 0x2029:
          case 0x2028:
            b.SentenceBreak();
            line_start = true;
            break;
          case '.':
          case '!':
          case '?':
          case 0x3002:
          case 0x2026:
          case 0xFF61:
            b.SentenceBreak();
            break;
          case ',':
          case ';':
          case ':':
          case 0x3001:
            b.ClauseBreak();
            break;
          default:
            break;
        }
      }
      continue;
    }
    std::string word;
    norm.tempSubStringBetween(p, q).toUTF8String(word);
    TokenKind kind = TokenKind::kWord;
    if (status >= UBRK_WORD_NUMBER && status < UBRK_WORD_NUMBER_LIMIT) {
      kind = TokenKind::kNumber;
    } else if (status >= UBRK_WORD_KANA && status < UBRK_WORD_IDEO_LIMIT) {
      kind = TokenKind::kHan;
    }
    b.Add(std::move(word), kind, ob, oe);
  }
}

Analysis AnalyzeWith(std::string_view text, const Lexicon& lex);

// ---- Lexicon --------------------------------------------------------------------------------

std::vector<std::string_view> Lines(std::string_view data) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (pos <= data.size()) {
    size_t nl = data.find('\n', pos);
    if (nl == std::string_view::npos) nl = data.size();
    std::string_view line = data.substr(pos, nl - pos);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (!line.empty() && line.front() != '#') out.push_back(line);
    pos = nl + 1;
  }
  return out;
}

std::string_view Embedded(std::string_view path) {
  auto d = embed::interview_lexicon(path);
  assert(d.has_value());
  return d.value_or(std::string_view());
}

std::vector<std::string_view> Words(std::string_view line) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    size_t j = i;
    while (j < line.size() && line[j] != ' ' && line[j] != '\t') ++j;
    if (j > i) out.push_back(line.substr(i, j - i));
    i = j;
  }
  return out;
}

bool IsAscii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

std::string Lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = Lower(c);
  return out;
}

Lexicon LoadLexicon() {
  Lexicon lex;
  for (auto w : Lines(Embedded("en_stopwords.txt"))) lex.en_stop.insert(Lowercase(w));
  for (auto w : Lines(Embedded("en_negations.txt"))) lex.en_negation.insert(Lowercase(w));
  for (auto w : Lines(Embedded("en_generic.txt"))) lex.en_generic.insert(PorterStem(Lowercase(w)));
  for (auto w : Lines(Embedded("zh_stopwords.txt"))) lex.zh_stop.insert(std::string(w));
  for (auto w : Lines(Embedded("zh_negations.txt"))) lex.zh_negation.insert(std::string(w));
  for (auto w : Lines(Embedded("zh_generic.txt"))) lex.zh_generic.insert(std::string(w));
  for (auto w : Lines(Embedded("zh_words.txt"))) lex.zh_words.insert(std::string(w));
  for (const auto* list : {&lex.zh_stop, &lex.zh_negation, &lex.zh_generic}) {
    for (const auto& w : *list) {
      if (Utf8Chars(w) > 1) lex.zh_words.insert(w);
    }
  }
  uint32_t group = 0;
  for (std::string_view file : {"en_synonyms.txt", "zh_synonyms.txt"}) {
    for (auto line : Lines(Embedded(file))) {
      auto words = Words(line);
      if (words.size() < 2) continue;
      lex.groups.emplace_back();
      for (auto w : words) {
        std::string key = IsAscii(w) ? PorterStem(Lowercase(w)) : std::string(w);
        auto& groups = lex.synonym_groups[key];
        if (groups.empty() || groups.back() != group) groups.push_back(group);
        if (!IsAscii(w) && Utf8Chars(w) > 1) lex.zh_words.insert(key);
        lex.groups.back().push_back(std::move(key));
      }
      ++group;
    }
  }
  return lex;
}

void LoadStarCues(Lexicon& lex) {
  static constexpr std::string_view kSections[4] = {"[situation]", "[task]", "[action]", "[result]"};
  for (std::string_view file : {"star_en.txt", "star_zh.txt"}) {
    int section = -1;
    for (auto line : Lines(Embedded(file))) {
      bool header = false;
      for (int k = 0; k < 4; ++k) {
        if (line == kSections[k]) {
          section = k;
          header = true;
        }
      }
      if (header || section < 0) continue;
      Lexicon::Cue cue;
      if (IsAscii(line)) {
        Analysis a = AnalyzeWith(line, lex);
        for (const Token& t : a.tokens) cue.keys.push_back(t.key);
        if (cue.keys.empty()) continue;
      } else {
        cue.han = std::string(line);
      }
      lex.star_cues[section].push_back(std::move(cue));
    }
  }
}

}  // namespace

bool IsHan(uint32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0x20000 && cp <= 0x3134F);
}

std::string_view NumberWordValue(std::string_view word) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 32> kWords = {{
      {"zero", "0"},      {"one", "1"},         {"two", "2"},           {"three", "3"},
      {"four", "4"},      {"five", "5"},        {"six", "6"},           {"seven", "7"},
      {"eight", "8"},     {"nine", "9"},        {"ten", "10"},          {"eleven", "11"},
      {"twelve", "12"},   {"thirteen", "13"},   {"fourteen", "14"},     {"fifteen", "15"},
      {"sixteen", "16"},  {"seventeen", "17"},  {"eighteen", "18"},     {"nineteen", "19"},
      {"twenty", "20"},   {"thirty", "30"},     {"forty", "40"},        {"fifty", "50"},
      {"sixty", "60"},    {"seventy", "70"},    {"eighty", "80"},       {"ninety", "90"},
      {"hundred", "100"}, {"thousand", "1000"}, {"million", "1000000"}, {"billion", "1000000000"},
  }};
  for (const auto& [w, v] : kWords) {
    if (w == word) return v;
  }
  return {};
}

const Lexicon& GetLexicon() {
  static const Lexicon lex = [] {
    Lexicon l = LoadLexicon();
    LoadStarCues(l);  // cues are analysed with the word lists loaded just above
    return l;
  }();
  return lex;
}

namespace {
Analysis AnalyzeWith(std::string_view text, const Lexicon& lex) {
  Analysis a;
  Builder b(a, lex);
  if (IsAscii(text)) {
    AnalyzeAscii(text, b);
  } else {
    AnalyzeUnicode(text, b, a);
    if (a.han_chars > 0) MergeHanPieces(a, lex);
  }
  return a;
}
}  // namespace

Analysis Analyze(std::string_view text) { return AnalyzeWith(text, GetLexicon()); }

}  // namespace interview::text
