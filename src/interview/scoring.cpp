#include "interview/scoring.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "interview/scoring_detail.h"
#include "interview/text.h"

namespace interview {
namespace {

using text::Analysis;
using text::Token;
using text::TokenKind;

bool IsAlphaKey(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < 'a' || c > 'z') return false;
  }
  return true;
}

// Optimal-string-alignment edit distance (adjacent transpositions count 1), capped at `cap`+1.
int EditDistance(std::string_view a, std::string_view b, int cap) {
  int n = static_cast<int>(a.size());
  int m = static_cast<int>(b.size());
  if (std::abs(n - m) > cap) return cap + 1;
  std::vector<int> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (int j = 0; j <= m; ++j) prev[j] = j;
  for (int i = 1; i <= n; ++i) {
    cur[0] = i;
    int row_min = cur[0];
    for (int j = 1; j <= m; ++j) {
      int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > cap) return cap + 1;
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[m];
}

// A content word (or merged run of Chinese characters) of a key point.
struct Term {
  std::string key;
  std::string surface;  // normalised word as written (typo matching compares these too)
  double weight = 1;
  bool han = false;    // search as a substring of the answer's Chinese text too
  bool alpha = false;  // alphabetic stem: eligible for typo / prefix matching
};

// Content terms of an analysed text in order of first appearance, deduplicated; weight is -1 for
// generic words (resolved by ResolveWeights) and 1 otherwise.
std::vector<Term> ContentTerms(const Analysis& a, bool include_stopwords) {
  const text::Lexicon& lex = text::GetLexicon();
  std::vector<Term> out;
  std::unordered_set<std::string> seen;
  for (const Token& t : a.tokens) {
    if (t.stop && !include_stopwords) continue;
    if (!seen.insert(t.key).second) continue;
    Term term;
    term.key = t.key;
    term.surface = t.norm;
    term.han = t.kind == TokenKind::kHan && !t.negation;
    term.alpha = t.kind == TokenKind::kWord && !t.negation && !t.stop && IsAlphaKey(t.key);
    bool generic = t.negation || t.generic || lex.en_generic.count(t.key) || lex.zh_generic.count(t.key);
    term.weight = generic ? -1 : 1;
    out.push_back(std::move(term));
  }
  return out;
}

// The answer (or any reference text), indexed for matching key-point terms against it.
class TextIndex {
 public:
  explicit TextIndex(const Analysis& a) : a_(a), lex_(text::GetLexicon()) {
    for (uint32_t i = 0; i < a.tokens.size(); ++i) {
      const Token& t = a.tokens[i];
      by_key_[t.key].push_back(i);
      if (t.stop) continue;
      auto g = lex_.synonym_groups.find(t.key);
      if (g != lex_.synonym_groups.end()) {
        for (uint32_t id : g->second) by_group_[id].push_back(i);
      }
      if (t.kind == TokenKind::kWord && IsAlphaKey(t.key) && alpha_seen_.insert(t.key).second) {
        alpha_.push_back(i);
      }
    }
    // Chinese text as one string (words of a clause glued, '|' between gaps) so that a key-point
    // word is found however ICU segmented the answer.
    for (uint32_t i = 0; i < a.tokens.size(); ++i) {
      const Token& t = a.tokens[i];
      if (t.kind != TokenKind::kHan) continue;
      if (!t.glued && !han_.empty()) {
        han_.push_back('|');
        han_token_.push_back(UINT32_MAX);
      }
      han_ += t.norm;
      han_token_.insert(han_token_.end(), t.norm.size(), i);
    }
  }

  const Analysis& analysis() const { return a_; }
  const std::vector<uint32_t>* Exact(const std::string& key) const {
    auto it = by_key_.find(key);
    return it == by_key_.end() ? nullptr : &it->second;
  }
  const std::vector<uint32_t>* Group(uint32_t id) const {
    auto it = by_group_.find(id);
    return it == by_group_.end() ? nullptr : &it->second;
  }
  // Tokens covered by each occurrence of `s` in the Chinese text (empty if none).
  std::vector<uint32_t> HanFind(std::string_view s) const {
    std::vector<uint32_t> out;
    if (s.empty()) return out;
    for (size_t p = han_.find(s); p != std::string::npos; p = han_.find(s, p + 1)) {
      for (size_t k = p; k < p + s.size(); ++k) {
        if (han_token_[k] != UINT32_MAX && (out.empty() || out.back() != han_token_[k])) out.push_back(han_token_[k]);
      }
    }
    return out;
  }
  bool HanContains(std::string_view s) const { return !s.empty() && han_.find(s) != std::string::npos; }
  const std::vector<uint32_t>& alpha_tokens() const { return alpha_; }

 private:
  const Analysis& a_;
  const text::Lexicon& lex_;
  std::unordered_map<std::string, std::vector<uint32_t>> by_key_;
  std::unordered_map<uint32_t, std::vector<uint32_t>> by_group_;
  std::unordered_set<std::string> alpha_seen_;
  std::vector<uint32_t> alpha_;  // first token of each distinct alphabetic key
  std::string han_;
  std::vector<uint32_t> han_token_;
};

struct TermMatch {
  double credit = 0;
  std::vector<uint32_t> tokens;  // answer tokens that carry the match
};

double SoftLatinCredit(std::string_view a, std::string_view b, const detail::Tuning& tuning) {
  size_t shorter = std::min(a.size(), b.size());
  if (shorter < 5) return 0;
  const std::string_view& s = a.size() <= b.size() ? a : b;
  const std::string_view& l = a.size() <= b.size() ? b : a;
  double credit = 0;
  if (l.substr(0, s.size()) == s) credit = tuning.prefix_credit;
  int cap = shorter >= 8 ? 2 : 1;
  if (a[0] == b[0] && EditDistance(a, b, cap) <= cap) credit = std::max(credit, tuning.typo_credit);
  return credit;
}

TermMatch MatchTerm(const Term& term, const TextIndex& idx, const detail::Tuning& tuning) {
  const text::Lexicon& lex = text::GetLexicon();
  TermMatch m;
  if (const auto* hits = idx.Exact(term.key)) {
    m.credit = 1;
    m.tokens = *hits;
    return m;
  }
  if (term.han) {
    auto hits = idx.HanFind(term.key);
    if (!hits.empty()) {
      m.credit = 1;
      m.tokens = std::move(hits);
      return m;
    }
  }
  if (tuning.synonyms) {
    auto g = lex.synonym_groups.find(term.key);
    if (g != lex.synonym_groups.end()) {
      for (uint32_t id : g->second) {
        if (const auto* hits = idx.Group(id)) {
          m.credit = tuning.synonym_credit;
          m.tokens.insert(m.tokens.end(), hits->begin(), hits->end());
        } else if (term.han) {
          for (const std::string& member : lex.groups[id]) {
            auto found = idx.HanFind(member);
            if (!found.empty()) {
              m.credit = tuning.synonym_credit;
              m.tokens.insert(m.tokens.end(), found.begin(), found.end());
            }
          }
        }
      }
      if (m.credit > 0) return m;
    }
  }
  if (term.alpha && tuning.soft_latin) {
    const Analysis& a = idx.analysis();
    for (uint32_t i : idx.alpha_tokens()) {
      double c = SoftLatinCredit(term.key, a.tokens[i].key, tuning);
      // Misspellings can stem apart ("refrenece" / "reference"): compare the written words too.
      if (c < tuning.typo_credit && term.surface.size() >= 5 && a.tokens[i].norm.size() >= 5 &&
          term.surface[0] == a.tokens[i].norm[0]) {
        int cap = std::min(term.surface.size(), a.tokens[i].norm.size()) >= 8 ? 2 : 1;
        if (EditDistance(term.surface, a.tokens[i].norm, cap) <= cap) c = tuning.typo_credit;
      }
      if (c > m.credit) {
        m.credit = c;
        m.tokens = *idx.Exact(a.tokens[i].key);
      }
    }
    return m;
  }
  if (term.han) {
    // Partial credit for a Chinese word by the share of its character pairs found (3+ chars), or
    // a shared character (2 chars): ICU and the speaker may cut compounds differently.
    std::vector<std::string_view> chars;
    for (size_t i = 0; i < term.key.size();) {
      size_t len = 1;
      unsigned char c = static_cast<unsigned char>(term.key[i]);
      if (c >= 0xF0)
        len = 4;
      else if (c >= 0xE0)
        len = 3;
      else if (c >= 0xC0)
        len = 2;
      chars.push_back(std::string_view(term.key).substr(i, len));
      i += len;
    }
    if (chars.size() >= 3) {
      int found = 0;
      std::vector<uint32_t> toks;
      for (size_t i = 0; i + 1 < chars.size(); ++i) {
        std::string pair(chars[i]);
        pair += chars[i + 1];
        auto hits = idx.HanFind(pair);
        if (!hits.empty()) {
          ++found;
          toks.insert(toks.end(), hits.begin(), hits.end());
        }
      }
      m.credit = 0.8 * found / static_cast<double>(chars.size() - 1);
      m.tokens = std::move(toks);
    } else if (chars.size() == 2) {
      for (auto ch : chars) {
        auto hits = idx.HanFind(ch);
        if (!hits.empty()) {
          m.credit = 0.25;
          m.tokens.insert(m.tokens.end(), hits.begin(), hits.end());
        }
      }
    }
  }
  return m;
}

struct PointResult {
  double similarity = 0;
  std::vector<uint32_t> tokens;  // answer tokens that matched, with their term's weighted credit
  std::vector<double> token_credit;
};

// Similarity of one phrasing of a key point to the answer.
PointResult MatchPhrasing(std::vector<Term> terms, const TextIndex& answer, const detail::Tuning& tuning) {
  PointResult r;
  double total = 0;
  double got = 0;
  std::vector<TermMatch> matches;
  matches.reserve(terms.size());
  for (const Term& t : terms) {
    TermMatch m = MatchTerm(t, answer, tuning);
    total += t.weight;
    got += t.weight * m.credit;
    for (uint32_t tok : m.tokens) {
      r.tokens.push_back(tok);
      r.token_credit.push_back(t.weight * m.credit);
    }
    matches.push_back(std::move(m));
  }
  double unigram = total > 0 ? got / total : 0;
  double similarity = unigram;
  if (tuning.bigram_share > 0 && terms.size() >= 2) {
    double bt = 0;
    double bg = 0;
    for (size_t i = 0; i + 1 < terms.size(); ++i) {
      double w = std::min(terms[i].weight, terms[i + 1].weight);
      bt += w;
      bool ordered = false;
      for (uint32_t x : matches[i].tokens) {
        for (uint32_t y : matches[i + 1].tokens) {
          if (y > x && y - x <= 4) ordered = true;
        }
      }
      if (ordered) bg += w * std::min(matches[i].credit, matches[i + 1].credit);
    }
    if (bt > 0) similarity = (1 - tuning.bigram_share) * unigram + tuning.bigram_share * bg / bt;
  }
  r.similarity = similarity;
  return r;
}

// Verbatim evidence: within the sentence holding most matched weight, the answer text from the
// first to the last clause that holds a match; when that is longer than kEvidenceTokens words
// (transcripts often come without punctuation), the densest window of that many words instead.
constexpr uint32_t kEvidenceTokens = 30;

std::string Evidence(const PointResult& r, const Analysis& a, std::string_view answer) {
  if (r.tokens.empty()) return {};
  std::unordered_map<uint32_t, double> by_sentence;
  for (size_t i = 0; i < r.tokens.size(); ++i) by_sentence[a.tokens[r.tokens[i]].sentence] += r.token_credit[i];
  uint32_t best = 0;
  double best_w = -1;
  for (const auto& [sentence, w] : by_sentence) {
    if (w > best_w || (w == best_w && sentence < best)) {
      best = sentence;
      best_w = w;
    }
  }
  std::vector<std::pair<uint32_t, double>> hits;  // (token, credit) in the best sentence
  for (size_t i = 0; i < r.tokens.size(); ++i) {
    if (a.tokens[r.tokens[i]].sentence == best) hits.emplace_back(r.tokens[i], r.token_credit[i]);
  }
  std::sort(hits.begin(), hits.end());
  uint32_t first_clause = a.tokens[hits.front().first].clause;
  uint32_t last_clause = a.tokens[hits.back().first].clause;
  uint32_t first_tok = hits.front().first;
  uint32_t last_tok = hits.back().first;
  while (first_tok > 0 && a.tokens[first_tok - 1].clause >= first_clause) --first_tok;
  while (last_tok + 1 < a.tokens.size() && a.tokens[last_tok + 1].clause <= last_clause) ++last_tok;
  if (last_tok - first_tok < kEvidenceTokens) {
    uint32_t b = a.clauses[first_clause].begin;
    uint32_t e = a.clauses[last_clause].end;
    return std::string(answer.substr(b, e - b));
  }
  // Sliding window over the hits: most matched credit within kEvidenceTokens words.
  size_t wb = 0, we = 0, lo = 0;
  double sum = 0, best_sum = -1;
  for (size_t hi = 0; hi < hits.size(); ++hi) {
    sum += hits[hi].second;
    while (hits[hi].first - hits[lo].first >= kEvidenceTokens) sum -= hits[lo++].second;
    if (sum > best_sum + 1e-12) {
      best_sum = sum;
      wb = lo;
      we = hi;
    }
  }
  uint32_t b = a.tokens[hits[wb].first].begin;
  uint32_t e = a.tokens[hits[we].first].end;
  return std::string(answer.substr(b, e - b));
}

void ResolveWeights(std::vector<Term>& terms, const TextIndex& question, const detail::Tuning& tuning) {
  for (Term& t : terms) {
    double w = t.weight < 0 ? tuning.generic_weight : 1.0;
    if (question.Exact(t.key) || (t.han && question.HanContains(t.key))) w *= tuning.question_weight;
    t.weight = w;
  }
}

std::vector<Term> TermsOf(std::string_view phrase, const TextIndex& question, const detail::Tuning& tuning) {
  Analysis a = text::Analyze(phrase);
  std::vector<Term> terms = ContentTerms(a, false);
  if (terms.empty()) terms = ContentTerms(a, true);  // a point made only of function words
  ResolveWeights(terms, question, tuning);
  return terms;
}

// STAR: which of situation, task, action, result the answer signals.
std::array<bool, 4> StarComponents(const Analysis& a, const TextIndex& idx) {
  const text::Lexicon& lex = text::GetLexicon();
  std::array<bool, 4> found{};
  for (int k = 0; k < 4; ++k) {
    for (const auto& cue : lex.star_cues[k]) {
      if (!cue.han.empty()) {
        if (idx.HanContains(cue.han)) found[k] = true;
      } else {
        const auto* starts = idx.Exact(cue.keys[0]);
        if (!starts) continue;
        for (uint32_t s : *starts) {
          size_t n = cue.keys.size();
          if (s + n > a.tokens.size()) continue;
          bool all = true;
          for (size_t j = 1; j < n && all; ++j) all = a.tokens[s + j].key == cue.keys[j];
          if (all) found[k] = true;
        }
      }
      if (found[k]) break;
    }
  }
  return found;
}

// Share (0..100) of the answer's content words (weighted as key-point words are, each distinct
// word once) that match the question, the model answer or the key points.
double Relevance(const Analysis& answer, const TextIndex& reference, const detail::Tuning& tuning) {
  std::vector<Term> terms = ContentTerms(answer, false);
  double total = 0;
  double related = 0;
  for (const Term& t : terms) {
    double w = t.weight < 0 ? tuning.generic_weight : 1.0;
    total += w;
    related += w * MatchTerm(t, reference, tuning).credit;
  }
  return total > 0 ? 100.0 * std::min(1.0, related / total / tuning.relevance_full_at) : 0;
}

std::string Percent(double share) { return std::to_string(static_cast<int>(std::lround(share * 100))) + "%"; }

bool IsBlank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

}  // namespace

Language ParseLanguage(std::string_view tag) {
  auto lower = [](std::string_view s) {
    std::string o(s);
    for (char& c : o) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    return o;
  };
  std::string t = lower(tag);
  auto primary = t.substr(0, t.find_first_of("-_"));
  if (primary == "en" || primary == "english") return Language::kEnglish;
  if (primary == "zh" || primary == "cmn" || primary == "chinese") return Language::kChinese;
  return Language::kAuto;
}

std::string_view LanguageTag(Language language) {
  switch (language) {
    case Language::kEnglish:
      return "en";
    case Language::kChinese:
      return "zh";
    case Language::kAuto:
      break;
  }
  return "auto";
}

Language DetectLanguage(std::string_view s) {
  int han = 0;
  int latin_words = 0;
  bool in_word = false;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    uint32_t cp = c;
    size_t len = 1;
    if (c >= 0xF0 && i + 3 < s.size()) {
      cp = ((c & 0x07u) << 18) | ((s[i + 1] & 0x3Fu) << 12) | ((s[i + 2] & 0x3Fu) << 6) | (s[i + 3] & 0x3Fu);
      len = 4;
    } else if (c >= 0xE0 && i + 2 < s.size()) {
      cp = ((c & 0x0Fu) << 12) | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3Fu);
      len = 3;
    } else if (c >= 0xC0 && i + 1 < s.size()) {
      cp = ((c & 0x1Fu) << 6) | (s[i + 1] & 0x3Fu);
      len = 2;
    }
    // Full-width Latin letters (U+FF21..FF5A) count as Latin.
    bool letter = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= 0xFF21 && cp <= 0xFF5A);
    if (letter && !in_word) ++latin_words;
    in_word = letter;
    if (text::IsHan(cp)) ++han;
    i += len;
  }
  return han > 0 && han >= latin_words ? Language::kChinese : Language::kEnglish;
}

std::vector<KeyPoint> DeriveKeyPoints(std::string_view model_answer, Language /*language*/) {
  Analysis a = text::Analyze(model_answer);
  std::vector<int> content(a.clauses.size(), 0);
  for (const Token& t : a.tokens) {
    if (!t.stop) ++content[t.clause];
  }
  // Within a sentence, a clause with fewer than two content words ("however", "i.e.", "Arrays")
  // joins the clause after it; one left at the end of the sentence joins the clause before it.
  struct Piece {
    uint32_t first, last;  // clause range
    int content;
  };
  std::vector<Piece> pieces;
  for (uint32_t c = 0; c < a.clauses.size();) {
    uint32_t sentence = a.clause_sentence[c];
    size_t sentence_start = pieces.size();
    std::optional<Piece> pending;
    for (; c < a.clauses.size() && a.clause_sentence[c] == sentence; ++c) {
      Piece p = pending ? Piece{pending->first, c, pending->content + content[c]} : Piece{c, c, content[c]};
      pending.reset();
      if (p.content >= 2) {
        pieces.push_back(p);
      } else {
        pending = p;
      }
    }
    if (pending) {
      if (pieces.size() > sentence_start) {
        pieces.back().last = pending->last;
        pieces.back().content += pending->content;
      } else {
        pieces.push_back(*pending);
      }
    }
  }
  std::vector<KeyPoint> out;
  for (const Piece& p : pieces) {
    if (p.content == 0) continue;
    uint32_t b = a.clauses[p.first].begin;
    uint32_t e = a.clauses[p.last].end;
    KeyPoint kp;
    kp.text = std::string(model_answer.substr(b, e - b));
    out.push_back(std::move(kp));
  }
  return out;
}

core::Status ValidateRubric(const Rubric& rubric) {
  if (!rubric.key_points.empty()) {
    for (size_t i = 0; i < rubric.key_points.size(); ++i) {
      const KeyPoint& kp = rubric.key_points[i];
      std::string field = "key_points[" + std::to_string(i) + "]";
      if (text::Analyze(kp.text).tokens.empty()) {
        return core::Error::Invalid(field + ".text", "key point " + std::to_string(i + 1) + " has no words");
      }
      if (!std::isfinite(kp.weight) || kp.weight <= 0) {
        return core::Error::Invalid(field + ".weight", "key point weight must be a positive number");
      }
    }
    return core::Status::Ok();
  }
  if (DeriveKeyPoints(rubric.model_answer).empty()) {
    return core::Error::Invalid("model_answer", "no key points given and the model answer has no content words");
  }
  return core::Status::Ok();
}

namespace detail {

Score ScoreAnswer(const Rubric& rubric, const Answer& answer, const Tuning& tuning) {
  Score score;
  std::vector<KeyPoint> points = rubric.key_points;
  bool derived = points.empty();
  if (derived) points = DeriveKeyPoints(rubric.model_answer, rubric.language);
  if (derived && !tuning.split_model_answer && !points.empty()) points = {KeyPoint{rubric.model_answer, 1.0, {}}};

  if (rubric.language != Language::kAuto) {
    score.language = rubric.language;
  } else {
    std::string sample = answer.text;
    sample += '\n';
    sample += rubric.model_answer;
    for (const KeyPoint& kp : points) (sample += '\n') += kp.text;
    score.language = DetectLanguage(sample);
  }

  core::Status valid = ValidateRubric(rubric);
  if (!valid.ok()) {
    score.total = 0;
    score.deductions.push_back({"rubric cannot be scored: " + valid.error().message, -100});
    score.sub_scores = {{"content", 0, 1, "no key points"}, {"structure", 0, 0, ""}, {"relevance", 0, 0, ""}};
    return score;
  }

  Analysis question_a = text::Analyze(rubric.question);
  TextIndex question(question_a);
  Analysis answer_a = text::Analyze(answer.text);
  TextIndex answer_idx(answer_a);

  // ---- content: key points ----
  double weight_sum = 0;
  std::vector<double> credit(points.size(), 0);
  for (size_t k = 0; k < points.size(); ++k) {
    const KeyPoint& kp = points[k];
    PointResult best;
    bool have = false;
    double mass = 0;
    std::vector<std::string_view> phrasings{kp.text};
    for (const std::string& s : kp.synonyms) {
      if (!IsBlank(s)) phrasings.push_back(s);
    }
    for (size_t p = 0; p < phrasings.size(); ++p) {
      std::vector<Term> terms = TermsOf(phrasings[p], question, tuning);
      if (p == 0) {
        for (const Term& t : terms) mass += t.weight;
      }
      PointResult r = MatchPhrasing(std::move(terms), answer_idx, tuning);
      if (!have || r.similarity > best.similarity) {
        best = std::move(r);
        have = true;
      }
    }
    KeyPointScore ks;
    ks.text = kp.text;
    ks.weight = derived && tuning.mass_weighted_derived ? mass : kp.weight;
    ks.similarity = best.similarity;
    ks.covered = best.similarity >= kCoveredThreshold;
    ks.evidence = Evidence(best, answer_a, answer.text);
    credit[k] = std::min(1.0, best.similarity / tuning.full_credit_at);
    weight_sum += ks.weight;
    score.key_points.push_back(std::move(ks));
  }
  if (weight_sum <= 0) {  // mass weighting of points made only of question words
    weight_sum = 0;
    for (auto& ks : score.key_points) weight_sum += (ks.weight = 1.0);
  }
  double content = 0;
  for (size_t k = 0; k < points.size(); ++k) content += 100.0 * score.key_points[k].weight * credit[k] / weight_sum;

  // ---- structure (STAR) and relevance ----
  std::array<bool, 4> star = StarComponents(answer_a, answer_idx);
  static constexpr const char* kStarNames[4] = {"situation", "task", "action", "result"};
  double structure = 25.0 * static_cast<double>(std::count(star.begin(), star.end(), true));
  std::string found_names;
  std::string missing_names;
  for (int i = 0; i < 4; ++i) {
    std::string& dst = star[i] ? found_names : missing_names;
    if (!dst.empty()) dst += ", ";
    dst += kStarNames[i];
  }

  std::string reference_text = rubric.question + "\n" + rubric.model_answer;
  for (const KeyPoint& kp : points) {
    (reference_text += "\n") += kp.text;
    for (const auto& s : kp.synonyms) (reference_text += "\n") += s;
  }
  Analysis reference_a = text::Analyze(reference_text);
  TextIndex reference(reference_a);
  double relevance = Relevance(answer_a, reference, tuning);

  const SubScoreWeights& w = rubric.weights;
  double wc = std::max(0.0, w.content);
  double ws = std::max(0.0, w.structure);
  double wr = std::max(0.0, w.relevance);
  if (!(wc + ws + wr > 0)) wc = 1;
  double wsum = wc + ws + wr;

  score.sub_scores.push_back({"content", content, wc,
                              std::to_string(std::count_if(score.key_points.begin(), score.key_points.end(),
                                                           [](const KeyPointScore& s) { return s.covered; })) +
                                  " of " + std::to_string(points.size()) + " key points covered"});
  score.sub_scores.push_back({"structure", structure, ws,
                              "STAR " +
                                  (found_names.empty() ? std::string("cues: none") : "cues found: " + found_names) +
                                  (missing_names.empty() ? "" : "; missing: " + missing_names)});
  score.sub_scores.push_back(
      {"relevance", relevance, wr,
       Percent(relevance / 100) + " of the answer's content words relate to the question or the rubric"});

  double raw = (wc * content + ws * structure + wr * relevance) / wsum;
  score.total = static_cast<int>(std::lround(std::clamp(raw, 0.0, 100.0)));

  // ---- line items: every lost point, rounded so they add up to exactly 100 - total ----
  struct Loss {
    std::string reason;
    double points;
    bool always;  // keep the line even if it rounds to 0 (an omitted key point)
  };
  std::vector<Loss> losses;
  for (size_t k = 0; k < points.size(); ++k) {
    const KeyPointScore& ks = score.key_points[k];
    double lost = wc / wsum * 100.0 * ks.weight / weight_sum * (1 - credit[k]);
    std::string quoted = "key point '" + ks.text + "'";
    if (!ks.covered) {
      std::string reason = quoted + " not mentioned";
      if (ks.similarity > 0) reason += " (only " + Percent(ks.similarity) + " of its content found)";
      losses.push_back({reason, lost, true});
    } else if (lost > 0) {
      losses.push_back({quoted + " partly covered (" + Percent(ks.similarity) + " of its content found)", lost, false});
    }
  }
  if (ws > 0 && structure < 100) {
    losses.push_back({"STAR structure incomplete: no " + missing_names, ws / wsum * (100 - structure), false});
  }
  if (wr > 0 && relevance < 100) {
    losses.push_back(
        {Percent(1 - relevance / 100) + " of the answer's content words are unrelated to the question or the rubric",
         wr / wsum * (100 - relevance), false});
  }
  // Largest remainder: floor each, then hand the remaining points to the largest fractions.
  int target = 100 - score.total;
  std::vector<int> pts(losses.size());
  int assigned = 0;
  for (size_t i = 0; i < losses.size(); ++i) {
    pts[i] = static_cast<int>(std::floor(losses[i].points + 1e-9));
    assigned += pts[i];
  }
  std::vector<size_t> order(losses.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t x, size_t y) { return losses[x].points - pts[x] > losses[y].points - pts[y]; });
  for (size_t i = 0; assigned < target && !order.empty(); i = (i + 1) % order.size()) {
    ++pts[order[i]];
    ++assigned;
  }
  for (size_t i = 0; assigned > target && !order.empty(); i = (i + 1) % order.size()) {
    size_t j = order[order.size() - 1 - i];
    if (pts[j] > 0) {
      --pts[j];
      --assigned;
    }
  }
  for (size_t i = 0; i < losses.size(); ++i) {
    if (pts[i] == 0 && !losses[i].always) continue;
    score.deductions.push_back({losses[i].reason, -pts[i]});
  }
  return score;
}

}  // namespace detail

Score ScoreAnswer(const Rubric& rubric, const Answer& answer) {
  static const detail::Tuning kDefaults;
  return detail::ScoreAnswer(rubric, answer, kDefaults);
}

}  // namespace interview
