// Internal knobs of rubric scoring, exposed for tests and for bench/interview/asag_eval (which
// prints an ablation table). Production code calls interview::ScoreAnswer, which uses the
// defaults below; docs/interview-scoring.md explains each choice.
#pragma once

#include "interview/scoring.h"

namespace interview::detail {

struct Tuning {
  // Term weights inside a key point.
  double generic_weight = 0.5;    // frequent general words (data/lexicon/*_generic.txt)
  double question_weight = 0.25;  // words that merely repeat the question (Mohler et al. demote)
  // Credit for a key-point word found in the answer other than by its exact stem.
  double synonym_credit = 0.85;  // same hand-written synonym group
  double typo_credit = 0.8;      // edit distance 1 (2 for long words) between stems
  double prefix_credit = 0.7;    // one stem a prefix of the other (>= 5 letters): derivations
  bool soft_latin = true;        // typo + prefix matching
  bool synonyms = true;
  // A key point counts as fully earned once this share of its weighted words is found.
  double full_credit_at = 2.0 / 3.0;
  // Without explicit key points: split the model answer into key points (true) or score it as one.
  bool split_model_answer = true;
  // Derived key points: weight each by its content words' total weight (true) or equally.
  bool mass_weighted_derived = false;
  // Relevance reaches 100 once this share of the answer's content words relate to the rubric.
  double relevance_full_at = 0.5;
  // Blend of contiguous word-pair (bigram) recall into a key point's similarity.
  double bigram_share = 0.0;
};

Score ScoreAnswer(const Rubric& rubric, const Answer& answer, const Tuning& tuning);

}  // namespace interview::detail
