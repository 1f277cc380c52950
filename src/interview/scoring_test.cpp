#include "interview/scoring.h"

#include <gtest/gtest.h>

#include <numeric>
#include <string>

using interview::Answer;
using interview::DeriveKeyPoints;
using interview::KeyPoint;
using interview::Language;
using interview::Rubric;
using interview::Score;
using interview::ScoreAnswer;

namespace {

Rubric KeyPointsRubric(std::vector<std::string> points, std::string question = "") {
  Rubric r;
  r.question = std::move(question);
  for (auto& p : points) r.key_points.push_back({std::move(p), 1.0, {}});
  r.weights = {1.0, 0.0, 0.0};  // content only: the deductions below are exactly the key points
  return r;
}

int DeductionSum(const Score& s) {
  return std::accumulate(s.deductions.begin(), s.deductions.end(), 0,
                         [](int acc, const interview::Deduction& d) { return acc + d.points; });
}

// Every piece of evidence must be a verbatim substring of the answer.
void ExpectVerbatimEvidence(const Score& s, const std::string& answer) {
  for (const auto& kp : s.key_points) {
    if (!kp.evidence.empty()) {
      EXPECT_NE(answer.find(kp.evidence), std::string::npos) << kp.evidence;
    }
  }
}

}  // namespace

TEST(ScoreAnswer, EnglishAnswerMissingOnePointGetsExactlyThatDeduction) {
  Rubric r = KeyPointsRubric({"led the project", "met the deadline", "reduced the cost"},
                             "Tell me about a time you delivered under pressure.");
  std::string text = "I led the migration project, and the team met the deadline two weeks early.";
  Score s = ScoreAnswer(r, {text});
  ASSERT_EQ(s.key_points.size(), 3u);
  EXPECT_TRUE(s.key_points[0].covered);
  EXPECT_TRUE(s.key_points[1].covered);
  EXPECT_FALSE(s.key_points[2].covered);
  ASSERT_EQ(s.deductions.size(), 1u);
  EXPECT_EQ(s.deductions[0].reason, "key point 'reduced the cost' not mentioned");
  EXPECT_EQ(s.deductions[0].points, -33);
  EXPECT_EQ(s.total, 67);
  EXPECT_EQ(s.total, 100 + DeductionSum(s));
  EXPECT_EQ(s.language, Language::kEnglish);
  EXPECT_EQ(s.key_points[0].evidence, "I led the migration project");
  EXPECT_EQ(s.key_points[1].evidence, "and the team met the deadline two weeks early");
  EXPECT_EQ(s.key_points[2].evidence, "");
  ExpectVerbatimEvidence(s, text);
}

TEST(ScoreAnswer, InflectionsSynonymsAndTyposStillCount) {
  Rubric r = KeyPointsRubric({"managed a team", "increased revenue"});
  Score s = ScoreAnswer(r, {"I was managing the group and we grew revenue; revnue increased."});
  EXPECT_TRUE(s.key_points[0].covered);  // managing ~ managed, group ~ team (synonym)
  EXPECT_TRUE(s.key_points[1].covered);
  EXPECT_EQ(s.total, 100);
  EXPECT_TRUE(s.deductions.empty());
}

TEST(ScoreAnswer, KeyPointWeightsShareTheContentScore) {
  Rubric r = KeyPointsRubric({"led the project", "reduced the cost"});
  r.key_points[0].weight = 3;
  Score s = ScoreAnswer(r, {"I led the project."});
  EXPECT_EQ(s.total, 75);
  ASSERT_EQ(s.deductions.size(), 1u);
  EXPECT_EQ(s.deductions[0].points, -25);
}

TEST(ScoreAnswer, KeyPointSynonymPhrasingsAreAlternatives) {
  Rubric r = KeyPointsRubric({"led the project"});
  r.key_points[0].synonyms = {"project owner"};
  Score s = ScoreAnswer(r, {"I was the project owner for two years."});
  EXPECT_TRUE(s.key_points[0].covered);
  EXPECT_EQ(s.key_points[0].evidence, "I was the project owner for two years");
}

TEST(ScoreAnswer, ChineseAnswerCoversKeyPointThroughSegmentation) {
  Rubric r = KeyPointsRubric({"主导项目", "架构设计", "性能优化"}, "请介绍一个你主导过的项目。");
  std::string text = "我主导了电商平台的搭建，负责架构设计";
  Score s = ScoreAnswer(r, {text});
  EXPECT_EQ(s.language, Language::kChinese);
  ASSERT_EQ(s.key_points.size(), 3u);
  EXPECT_TRUE(s.key_points[0].covered);
  EXPECT_EQ(s.key_points[0].evidence, "我主导了电商平台的搭建");
  EXPECT_TRUE(s.key_points[1].covered);
  EXPECT_EQ(s.key_points[1].evidence, "负责架构设计");
  EXPECT_FALSE(s.key_points[2].covered);
  ASSERT_EQ(s.deductions.size(), 1u);
  EXPECT_EQ(s.deductions[0].reason, "key point '性能优化' not mentioned");
  EXPECT_EQ(s.deductions[0].points, -33);
  EXPECT_EQ(s.total, 67);
  ExpectVerbatimEvidence(s, text);
}

TEST(ScoreAnswer, ChineseSynonymsAndCompoundsSplitDifferently) {
  Rubric r = KeyPointsRubric({"数据库优化", "带领团队"});
  std::string text = "我负责小组的工作，后来把数据库的查询改进了";
  Score s = ScoreAnswer(r, {text});
  EXPECT_TRUE(s.key_points[0].covered) << s.key_points[0].similarity;  // 数据库 + 改进~优化
  EXPECT_TRUE(s.key_points[1].covered) << s.key_points[1].similarity;  // 负责~带领, 小组~团队
  ExpectVerbatimEvidence(s, text);
}

TEST(ScoreAnswer, FullWidthInputIsNormalised) {
  Rubric r = KeyPointsRubric({"led the project", "reduced cost by 30%"});
  std::string text = "Ｉ　ＬＥＤ　ｔｈｅ　ＰＲＯＪＥＣＴ，ａｎｄ　ｒｅｄｕｃｅｄ　ｃｏｓｔ　ｂｙ　３０％。";
  Score s = ScoreAnswer(r, {text});
  EXPECT_EQ(s.total, 100);
  EXPECT_EQ(s.language, Language::kEnglish);
  EXPECT_EQ(s.key_points[0].evidence, "Ｉ　ＬＥＤ　ｔｈｅ　ＰＲＯＪＥＣＴ");
  EXPECT_EQ(s.key_points[1].evidence, "ａｎｄ　ｒｅｄｕｃｅｄ　ｃｏｓｔ　ｂｙ　３０％");
  Score zh = ScoreAnswer(KeyPointsRubric({"提升30%"}), {"性能提升了３０％"});
  EXPECT_TRUE(zh.key_points[0].covered);
}

TEST(ScoreAnswer, EmptyAnswerScoresZeroWithEveryPointDeducted) {
  Rubric r = KeyPointsRubric({"led the project", "met the deadline", "reduced the cost"});
  r.weights = {};  // default mix, relevance included
  Score s = ScoreAnswer(r, {""});
  EXPECT_EQ(s.total, 0);
  ASSERT_GE(s.deductions.size(), 3u);
  EXPECT_EQ(s.deductions[0].reason, "key point 'led the project' not mentioned");
  EXPECT_EQ(s.deductions[1].reason, "key point 'met the deadline' not mentioned");
  EXPECT_EQ(s.deductions[2].reason, "key point 'reduced the cost' not mentioned");
  EXPECT_EQ(DeductionSum(s), -100);
  for (const auto& kp : s.key_points) {
    EXPECT_FALSE(kp.covered);
    EXPECT_EQ(kp.evidence, "");
  }
  Score blank = ScoreAnswer(r, {"  \n "});
  EXPECT_EQ(blank.total, 0);
}

TEST(ScoreAnswer, QuestionWordsCountLess) {
  // "queue" repeats the question; the answer that only repeats it earns less than one that
  // gives the substance.
  Rubric r;
  r.question = "What is a queue?";
  r.key_points = {{"a queue is first in first out", 1.0, {}}};
  Score echo = ScoreAnswer(r, {"A queue is a queue."});
  Score substance = ScoreAnswer(r, {"First in, first out."});
  EXPECT_LT(echo.total, substance.total);
}

TEST(ScoreAnswer, SubScoresAreSeparateLinesAndCombineByWeight) {
  Rubric r = KeyPointsRubric({"led the project"});
  r.weights = {0.5, 0.5, 0.0};
  std::string text =
      "When I was at my previous company, my task was to rescue a late release. I led the project "
      "and as a result we shipped on time.";
  Score s = ScoreAnswer(r, {text});
  ASSERT_EQ(s.sub_scores.size(), 3u);
  EXPECT_EQ(s.sub_scores[0].name, "content");
  EXPECT_EQ(s.sub_scores[1].name, "structure");
  EXPECT_EQ(s.sub_scores[2].name, "relevance");
  EXPECT_DOUBLE_EQ(s.sub_scores[0].score, 100);
  EXPECT_DOUBLE_EQ(s.sub_scores[1].score, 100);  // situation, task, action, result all cued
  EXPECT_EQ(s.total, 100);

  Score flat = ScoreAnswer(r, {"I led the project."});
  EXPECT_LT(flat.sub_scores[1].score, 100);
  EXPECT_EQ(flat.total, 100 + DeductionSum(flat));
  bool star_line = false;
  for (const auto& d : flat.deductions) star_line |= d.reason.rfind("STAR structure incomplete", 0) == 0;
  EXPECT_TRUE(star_line);
}

TEST(ScoreAnswer, DefaultMixIncludesRelevanceAndStillAddsUp) {
  Rubric r;
  r.key_points = {{"led the project", 1.0, {}}};
  Score s =
      ScoreAnswer(r, {"I led the project. I also like football, cooking, travelling, gardening, chess and hiking."});
  EXPECT_DOUBLE_EQ(s.sub_scores[0].score, 100);
  EXPECT_LT(s.sub_scores[2].score, 60);
  EXPECT_LT(s.total, 100);
  EXPECT_EQ(s.total, 100 + DeductionSum(s));
}

TEST(ScoreAnswer, InvalidRubricScoresZeroAndSaysWhy) {
  Rubric r;
  r.model_answer = "...";
  Score s = ScoreAnswer(r, {"anything"});
  EXPECT_EQ(s.total, 0);
  ASSERT_EQ(s.deductions.size(), 1u);
  EXPECT_EQ(s.deductions[0].points, -100);
  EXPECT_FALSE(interview::ValidateRubric(r).ok());
  r.key_points = {{"x", -1, {}}};
  EXPECT_EQ(interview::ValidateRubric(r).error().field, "key_points[0].weight");
}

TEST(DeriveKeyPoints, SplitsModelAnswerIntoClauses) {
  auto points = DeriveKeyPoints(
      "Divide a problem into smaller subproblems, solve them recursively, and then combine the solutions "
      "into a solution for the original problem.");
  ASSERT_EQ(points.size(), 3u);
  EXPECT_EQ(points[0].text, "Divide a problem into smaller subproblems");
  EXPECT_EQ(points[1].text, "solve them recursively");
  EXPECT_EQ(points[2].text, "and then combine the solutions into a solution for the original problem");
  for (const auto& p : points) EXPECT_EQ(p.weight, 1.0);
}

TEST(DeriveKeyPoints, MergesFragmentsAndKeepsSentences) {
  auto points = DeriveKeyPoints("By reference. Arrays, however, are passed by pointer.");
  ASSERT_EQ(points.size(), 2u);
  EXPECT_EQ(points[0].text, "By reference");
  EXPECT_EQ(points[1].text, "Arrays, however, are passed by pointer");
}

TEST(DeriveKeyPoints, ListItemsAndChinese) {
  auto list = DeriveKeyPoints("- Led the migration to the cloud\n- Cut hosting costs by 30%\n- Mentored two engineers");
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[1].text, "Cut hosting costs by 30%");
  auto zh = DeriveKeyPoints("负责需求分析、架构设计、代码评审；最终按时上线。");
  ASSERT_EQ(zh.size(), 4u);
  EXPECT_EQ(zh[0].text, "负责需求分析");
  EXPECT_EQ(zh[3].text, "最终按时上线");
  EXPECT_TRUE(DeriveKeyPoints("It is.").size() <= 1);
  EXPECT_TRUE(DeriveKeyPoints("").empty());
}

TEST(ScoreAnswer, DerivesKeyPointsWhenNoneAreGiven) {
  Rubric r;
  r.question = "What is a stack?";
  r.model_answer = "A data structure that stores elements; the last item added is the first removed.";
  Score s = ScoreAnswer(r, {"It stores elements, and the last one added is the first one removed."});
  ASSERT_EQ(s.key_points.size(), 2u);
  EXPECT_EQ(s.key_points[0].text, "A data structure that stores elements");
  EXPECT_GT(s.total, 70);
}

TEST(Language, ParsedFromTagsOrDetectedFromScript) {
  EXPECT_EQ(interview::ParseLanguage("zh-CN"), Language::kChinese);
  EXPECT_EQ(interview::ParseLanguage("EN_us"), Language::kEnglish);
  EXPECT_EQ(interview::ParseLanguage("fr"), Language::kAuto);
  EXPECT_EQ(interview::DetectLanguage("我用Java和Redis开发了系统"), Language::kChinese);
  EXPECT_EQ(interview::DetectLanguage("I worked with 张伟 on the billing system"), Language::kEnglish);
  EXPECT_EQ(interview::DetectLanguage("ＡＢＣ ｄｅｆ"), Language::kEnglish);
}
