// Stand-alone driver of interview::RunInterviewScoreCli (the `hireflow interview score`
// subcommand), for trying the scorer by hand: score_jsonl < requests.jsonl > scores.jsonl
#include <iostream>

#include "interview/scoring.h"

int main() {
  std::ios::sync_with_stdio(false);
  return interview::RunInterviewScoreCli(std::cin, std::cout, std::cerr);
}
