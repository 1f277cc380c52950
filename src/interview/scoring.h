// interview scoring: explainable rubric scoring of one interview answer (text only).
//
// Pure functions, no I/O. A rubric is a list of key points (or a model answer they are derived
// from); an answer scores 0-100 and every point lost is a line item ("key point 'led the project'
// not mentioned: -34"), so 100 + sum(deductions.points) == total, always.
// How the score is composed, and how well it agrees with human graders: docs/interview-scoring.md.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace interview {

// Identifies the scoring rules; stored with every score so a stored judgement can be explained.
inline constexpr std::string_view kScorerVersion = "rubric-v1";

enum class Language { kAuto, kEnglish, kChinese };

// "en", "en-US", "zh", "zh-CN", "zh_Hant", ... ; anything else (or "") is kAuto.
Language ParseLanguage(std::string_view tag);
// "en" or "zh" (kAuto gives "auto").
std::string_view LanguageTag(Language language);
// Chinese when CJK ideographs outnumber Latin-letter words, else English.
Language DetectLanguage(std::string_view text);

struct KeyPoint {
  std::string text;                   // e.g. "led the project", "主导项目"
  double weight = 1.0;                // relative share of the content score; must be > 0
  std::vector<std::string> synonyms;  // alternative phrasings of the whole point; the best counts
};

// How the three sub-scores combine into the total (each 0-100): a weighted mean. The default
// (content 0.8, relevance 0.2, structure 0) is the mix that agrees best with human graders on
// factual questions; give structure a weight for behavioural (STAR) questions.
struct SubScoreWeights {
  double content = 0.8;
  double structure = 0.0;
  double relevance = 0.2;
};

struct Rubric {
  std::string question;  // used to demote words that merely repeat the question
  std::string model_answer;
  std::vector<KeyPoint> key_points;     // empty: derived from model_answer (DeriveKeyPoints)
  Language language = Language::kAuto;  // kAuto: detected from the script of the texts
  SubScoreWeights weights;
};

struct Answer {
  std::string text;  // e.g. a transcript
};

struct KeyPointScore {
  std::string text;
  bool covered = false;  // similarity >= kCoveredThreshold
  std::string evidence;  // verbatim span of the answer that matched it; empty when nothing did
  double weight = 1.0;
  double similarity = 0;  // 0..1: weighted share of the point's content words found in the answer
};

struct Deduction {
  std::string reason;  // e.g. "key point 'led the project' not mentioned"
  int points = 0;      // negative: the points this line takes off the 100
};

struct SubScore {
  std::string name;         // "content", "structure", "relevance"
  double score = 0;         // 0..100
  double weight = 0;        // its weight in the total (SubScoreWeights)
  std::string explanation;  // one human-readable line
};

struct Score {
  int total = 0;  // 0..100 == 100 + sum of deductions' points
  Language language = Language::kEnglish;
  std::vector<KeyPointScore> key_points;
  std::vector<Deduction> deductions;
  std::vector<SubScore> sub_scores;  // content, structure, relevance, in that order
  std::string version{kScorerVersion};
};

inline constexpr double kCoveredThreshold = 0.5;

// Splits a model answer into key points: list items, else sentences split at clause punctuation
// (, ; : ，；：、), merging pieces with fewer than two content words into a neighbour. Weights
// are 1. Returns an empty list when the model answer has no content words.
std::vector<KeyPoint> DeriveKeyPoints(std::string_view model_answer, Language language = Language::kAuto);

// kInvalid (with `field`) when the rubric has neither key points nor a model answer with content
// words, or a key point has no words or a weight that is not a positive finite number.
core::Status ValidateRubric(const Rubric& rubric);

// Scores one answer. Never fails: an invalid rubric (see ValidateRubric) scores 0 with a deduction
// saying so; an empty answer scores 0 with every key point deducted.
Score ScoreAnswer(const Rubric& rubric, const Answer& answer);

// The batch CLI behind `hireflow interview score`.
// Reads JSON Lines from `in`, one object per line:
//   {"question": "...", "model_answer": "...", "key_points": ["..."], "answer": "...", "language": "en"}
// ("key_points" optional, derived from "model_answer" when absent or empty; items may also be
// objects {"text", "weight", "synonyms"}; "language" optional) and writes one line per non-empty
// input line to `out`:
//   {"score": 0-100, "key_points": [{"text","covered","evidence","weight","similarity"}],
//    "deductions": [{"reason","points"}], "sub_scores": [...], "language": "en", "version": "..."}
// A malformed line gives {"error": "...", "line": N} (N counts from 1, empty lines included) and
// processing continues. Empty lines are skipped. Returns 0 if every line was scored, 2 if any
// line failed. `err` gets a one-line summary only when some line failed.
int RunInterviewScoreCli(std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace interview
