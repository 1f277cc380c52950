// Agreement of interview::ScoreAnswer with human graders on an ASAG-format TSV (default:
// $HIREFLOW_SHARED_DIR/data/asag/dev.tsv, else ../shared beside the source tree), plus the
// throughput of RunInterviewScoreCli on one core. Reference figures on dev.tsv (see
// ../shared/data/asag/README.md): content-word overlap r = 0.52, bag-of-words cosine r = 0.45.
//
//   asag_eval [file.tsv] [--ablation]
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "interview/agreement.h"
#include "interview/scoring.h"
#include "interview/scoring_detail.h"

namespace {

using interview::GradedAnswer;

struct Agreement {
  double pearson = 0;
  double spearman = 0;
  double pearson_even = 0;  // questions 0, 2, 4, ... (in file order)
  double pearson_odd = 0;
  double mean_per_question = 0;  // mean within-question Pearson
};

Agreement Evaluate(const std::vector<GradedAnswer>& rows, const interview::detail::Tuning& tuning,
                   const interview::SubScoreWeights& weights = {}) {
  std::vector<double> scores, grades;
  std::vector<double> s_half[2], g_half[2];
  std::map<std::string, int> qindex;
  std::map<std::string, std::pair<std::vector<double>, std::vector<double>>> per_q;
  for (const GradedAnswer& r : rows) {
    interview::Rubric rubric;
    rubric.question = r.question;
    rubric.model_answer = r.reference_answer;
    rubric.language = interview::Language::kEnglish;
    rubric.weights = weights;
    interview::Score s = interview::detail::ScoreAnswer(rubric, {r.answer}, tuning);
    scores.push_back(s.total);
    grades.push_back(r.grade);
    int q = qindex.emplace(r.qid, static_cast<int>(qindex.size())).first->second;
    s_half[q % 2].push_back(s.total);
    g_half[q % 2].push_back(r.grade);
    per_q[r.qid].first.push_back(s.total);
    per_q[r.qid].second.push_back(r.grade);
  }
  Agreement a;
  a.pearson = interview::PearsonR(scores, grades);
  a.spearman = interview::SpearmanRho(scores, grades);
  a.pearson_even = interview::PearsonR(s_half[0], g_half[0]);
  a.pearson_odd = interview::PearsonR(s_half[1], g_half[1]);
  double sum = 0;
  for (const auto& [q, v] : per_q) sum += interview::PearsonR(v.first, v.second);
  a.mean_per_question = per_q.empty() ? 0 : sum / static_cast<double>(per_q.size());
  return a;
}

std::string DefaultPath() {
  if (const char* shared = std::getenv("HIREFLOW_SHARED_DIR")) return std::string(shared) + "/data/asag/dev.tsv";
  return std::string(HIREFLOW_DEFAULT_SHARED_DIR) + "/data/asag/dev.tsv";
}

void PrintRow(const std::string& name, const Agreement& a) {
  std::cout << std::left << std::setw(44) << name << std::right << std::fixed << std::setprecision(3)
            << " r=" << a.pearson << "  rho=" << a.spearman << "  halves " << a.pearson_even << "/" << a.pearson_odd
            << "  per-q " << a.mean_per_question << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::string path = DefaultPath();
  bool ablation = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--ablation")
      ablation = true;
    else
      path = arg;
  }
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    std::cerr << "asag_eval: cannot read " << path << "\n";
    return 1;
  }
  std::stringstream buf;
  buf << f.rdbuf();
  auto rows = interview::ParseAsagTsv(buf.str());
  if (!rows.ok()) {
    std::cerr << "asag_eval: " << rows.error().field << ": " << rows.error().message << "\n";
    return 1;
  }
  std::cout << "set: " << path << " (" << rows->size() << " answers)\n";
  std::cout << "reference on dev.tsv: content-word overlap r=0.52, bag-of-words cosine r=0.45\n";

  interview::detail::Tuning defaults;
  PrintRow("rubric-v1 (defaults)", Evaluate(*rows, defaults));

  if (ablation) {
    using T = interview::detail::Tuning;
    using W = interview::SubScoreWeights;
    struct Variant {
      std::string name;
      T tuning;
      W weights;
    };
    std::vector<Variant> variants;
    auto add = [&](std::string name, auto change) {
      Variant v{std::move(name), defaults, W{}};
      change(v.tuning, v.weights);
      variants.push_back(std::move(v));
    };
    add("no question demotion (question_weight=1)", [](T& t, W& w) { t.question_weight = 1; });
    add("question words dropped (question_weight=0)", [](T& t, W& w) { t.question_weight = 0; });
    add("no generic-word weight (generic_weight=1)", [](T& t, W& w) { t.generic_weight = 1; });
    add("no synonyms", [](T& t, W& w) { t.synonyms = false; });
    add("no typo/prefix matching", [](T& t, W& w) { t.soft_latin = false; });
    add("exact stems only", [](T& t, W& w) {
      t.synonyms = false;
      t.soft_latin = false;
    });
    add("model answer as one key point (no split)", [](T& t, W& w) { t.split_model_answer = false; });
    add("derived points weighted by word mass", [](T& t, W& w) { t.mass_weighted_derived = true; });
    add("bigram share 0.2", [](T& t, W& w) { t.bigram_share = 0.2; });
    add("relevance proportional (full only at 100%)", [](T& t, W& w) { t.relevance_full_at = 1.0; });
    add("no relevance in the total (content only)", [](T& t, W& w) {
      w.content = 1;
      w.relevance = 0;
    });
    add("relevance weight 0.3", [](T& t, W& w) {
      w.content = 0.7;
      w.relevance = 0.3;
    });
    add("structure (STAR) weight 0.2", [](T& t, W& w) {
      w.content = 0.6;
      w.structure = 0.2;
    });
    for (double f : {0.6, 0.8, 1.0}) {
      add("full credit at " + std::to_string(f).substr(0, 3) + " of a key point",
          [f](T& t, W& w) { t.full_credit_at = f; });
    }
    for (const Variant& v : variants) PrintRow(v.name, Evaluate(*rows, v.tuning, v.weights));
  }

  // Throughput through the CLI function: every row as one JSON line, whole set repeated.
  std::string jsonl;
  for (const GradedAnswer& r : *rows) {
    nlohmann::json j = {
        {"question", r.question}, {"model_answer", r.reference_answer}, {"answer", r.answer}, {"language", "en"}};
    jsonl += j.dump() + "\n";
  }
  const int kRepeats = 5;
  size_t lines = 0;
  auto t0 = std::chrono::steady_clock::now();
  for (int k = 0; k < kRepeats; ++k) {
    std::istringstream in(jsonl);
    std::ostringstream out, err;
    int rc = interview::RunInterviewScoreCli(in, out, err);
    if (rc != 0) {
      std::cerr << "asag_eval: CLI failed: " << err.str();
      return 1;
    }
    lines += rows->size();
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cout << std::fixed << std::setprecision(0) << "throughput (en, this set): " << static_cast<double>(lines) / secs
            << " answers/s on one core through RunInterviewScoreCli (target >= 2000)\n";

  // Chinese goes through ICU normalisation and dictionary segmentation: measure it too.
  const char* kZh[] = {
      R"({"question":"请介绍一个你主导的项目。","key_points":["主导项目","架构设计","性能优化","按时上线"],"answer":"我在上一家公司主导了电商平台的搭建，负责整体架构设计和数据库优化，带领五个人的小组按时上线，最终把接口响应时间降低了百分之四十。"})",
      R"({"question":"你如何处理团队冲突？","model_answer":"先了解双方的诉求，再组织沟通会对齐目标，最后跟进执行并复盘。","answer":"当时两个同事对技术方案有分歧，我先分别和他们聊了各自的顾虑，然后组织了一次讨论会，把目标对齐，后来方案顺利落地。"})",
      R"({"question":"说说你的优点和缺点","key_points":["学习能力强","有责任心","不足之处及改进"],"answer":"我学习新技术比较快，做事认真负责；缺点是有时过于追求细节，现在我会先定优先级再动手。"})",
  };
  std::string zh;
  const int kZhLines = 3000;
  for (int i = 0; i < kZhLines; ++i) (zh += kZh[i % 3]) += "\n";
  t0 = std::chrono::steady_clock::now();
  {
    std::istringstream in(zh);
    std::ostringstream out, err;
    if (interview::RunInterviewScoreCli(in, out, err) != 0) {
      std::cerr << "asag_eval: CLI failed on Chinese lines: " << err.str();
      return 1;
    }
  }
  secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cout << "throughput (zh, synthetic interview answers): " << kZhLines / secs << " answers/s on one core\n";
  return 0;
}
