// interview::text: the language layer under rubric scoring (internal to the interview module;
// scoring.h is the module's face). Pure functions, no I/O: the word lists are compiled in from
// data/lexicon/.
//
// Analyze() turns an answer into content tokens that keep their byte range in the ORIGINAL text,
// so evidence quoted back to a reviewer is always a verbatim substring of what the candidate said.
//   - ASCII text takes a fast path (lowercasing, own tokenizer).
//   - Anything else is NFKC case-folded with ICU (full-width "ＡＢＣ，１２" becomes "abc,12") and
//     segmented with ICU's word BreakIterator (dictionary segmentation for Chinese).
//   - English words are stemmed (Porter); numbers are canonicalised ("1,000" -> "1000",
//     "two" -> "2"); negations ("not", "doesn't", "没有") share one key.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace interview::text {

enum class TokenKind : uint8_t {
  kWord,    // alphabetic (Latin or other non-CJK letters)
  kHan,     // CJK ideographs (or kana) as segmented by ICU
  kNumber,  // digits, canonicalised
};

struct Token {
  std::string norm;    // normalised surface: NFKC case-folded, possessive 's removed
  std::string key;     // matching key: Porter stem, canonical number, Han word, or kNegationKey
  uint32_t begin = 0;  // byte range [begin, end) in the original text
  uint32_t end = 0;
  uint32_t clause = 0;    // index into Analysis::clauses
  uint32_t sentence = 0;  // index into Analysis::sentences
  TokenKind kind = TokenKind::kWord;
  bool stop = false;     // function word: not a content term
  bool generic = false;  // frequent general word: half weight as a key-point term
  bool negation = false;
  bool glued = false;  // kHan token that directly follows another kHan token (no gap)
};

struct Span {
  uint32_t begin = 0;  // byte range in the original text
  uint32_t end = 0;
};

struct Analysis {
  std::vector<Token> tokens;  // words and numbers, in text order (punctuation dropped)
  std::vector<Span> clauses;  // clause i spans its first to last token; may be empty (no tokens)
  std::vector<Span> sentences;
  std::vector<uint32_t> clause_sentence;  // sentence index of each clause
  int han_chars = 0;                      // CJK ideographs seen
  int latin_words = 0;                    // Latin-letter word tokens seen
};

inline constexpr std::string_view kNegationKey = "<not>";

// Tokenises and normalises `text`. Never fails: invalid UTF-8 bytes are treated as U+FFFD.
Analysis Analyze(std::string_view text);

// Porter (1980) stemmer for a lowercase ASCII word.
std::string PorterStem(std::string_view word);

// Hand-written word lists from data/lexicon/, parsed once (thread-safe) on first use.
struct Lexicon {
  std::unordered_set<std::string> en_stop;      // surface forms
  std::unordered_set<std::string> en_negation;  // surface forms
  std::unordered_set<std::string> en_generic;   // stems
  std::unordered_set<std::string> zh_stop;
  std::unordered_set<std::string> zh_negation;
  std::unordered_set<std::string> zh_generic;
  // Chinese words that ICU may cut into pieces: zh_words.txt plus every multi-character word of the
  // other Chinese lists. Adjacent pieces whose concatenation is listed are merged back.
  std::unordered_set<std::string> zh_words;
  // Matching key (English stem or Chinese word) -> ids of the synonym groups it belongs to.
  std::unordered_map<std::string, std::vector<uint32_t>> synonym_groups;
  std::vector<std::vector<std::string>> groups;  // group id -> member keys
  // STAR cues per component (0 situation, 1 task, 2 action, 3 result). An English cue is a
  // sequence of matching keys that must appear consecutively; a Chinese cue is a substring.
  struct Cue {
    std::vector<std::string> keys;
    std::string han;
  };
  std::vector<Cue> star_cues[4];
};
const Lexicon& GetLexicon();

// Number words to digits ("two" -> "2"), or empty if `word` is not a number word.
std::string_view NumberWordValue(std::string_view word);

// True if the code point is a CJK ideograph (Han).
bool IsHan(uint32_t cp);

}  // namespace interview::text
