// Agreement between automatic scores and human grades: correlation measures and a reader for
// short-answer grading sets in the ASAG TSV layout (qid, question, reference_answer, answer,
// score_grader1, score_grader2, score_avg). Pure functions; callers read the files.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace interview {

// Pearson product-moment correlation; 0 when either side has no variance or sizes differ/are < 2.
double PearsonR(const std::vector<double>& x, const std::vector<double>& y);
// Spearman rank correlation (Pearson over average ranks, so ties are handled).
double SpearmanRho(const std::vector<double>& x, const std::vector<double>& y);

struct GradedAnswer {
  std::string qid;
  std::string question;
  std::string reference_answer;
  std::string answer;
  double grade = 0;  // score_avg
};

// Parses the TSV text (header line first). kInvalid naming the 1-based line when a row has fewer
// than 7 columns or a non-numeric score_avg.
core::Result<std::vector<GradedAnswer>> ParseAsagTsv(std::string_view tsv);

}  // namespace interview
