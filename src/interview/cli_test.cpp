#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "interview/scoring.h"

namespace {

struct CliRun {
  int rc = 0;
  std::vector<nlohmann::json> lines;
  std::string err;
};

CliRun RunCli(const std::string& input) {
  std::istringstream in(input);
  std::ostringstream out, err;
  CliRun r;
  r.rc = interview::RunInterviewScoreCli(in, out, err);
  std::istringstream lines(out.str());
  std::string line;
  while (std::getline(lines, line)) r.lines.push_back(nlohmann::json::parse(line));
  r.err = err.str();
  return r;
}

}  // namespace

TEST(InterviewScoreCli, RoundTripsJsonLinesIncludingAMalformedLine) {
  std::string input =
      R"({"question": "Tell me about a project you led.", "key_points": ["led the project", "met the deadline", "reduced the cost"], "answer": "I led the project and we met the deadline.", "language": "en"})"
      "\n"
      "{\"question\": \"oops\", \"answer\": \n"  // malformed
      "\n"                                       // empty: skipped
      R"({"model_answer": "A function that calls itself.", "answer": "a function which calls itself", "language": "xx"})"
      "\r\n"
      R"({"key_points": ["主导项目"], "answer": "我主导了电商平台的搭建，负责架构设计"})"
      "\n";
  CliRun r = RunCli(input);
  EXPECT_EQ(r.rc, 2);
  EXPECT_NE(r.err.find("1 of 4 lines failed"), std::string::npos);
  ASSERT_EQ(r.lines.size(), 4u);

  const auto& first = r.lines[0];
  ASSERT_TRUE(first.contains("score"));
  int score = first["score"];
  EXPECT_GE(score, 0);
  EXPECT_LE(score, 100);
  ASSERT_EQ(first["key_points"].size(), 3u);
  for (const auto& kp : first["key_points"]) {
    EXPECT_TRUE(kp.contains("text"));
    EXPECT_TRUE(kp["covered"].is_boolean());
    EXPECT_TRUE(kp["evidence"].is_string());
    EXPECT_TRUE(kp["weight"].is_number());
  }
  EXPECT_EQ(first["key_points"][0]["evidence"], "I led the project and we met the deadline");
  bool found = false;
  int sum = 0;
  for (const auto& d : first["deductions"]) {
    found |= d["reason"] == "key point 'reduced the cost' not mentioned";
    sum += d["points"].get<int>();
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(score, 100 + sum);

  EXPECT_EQ(r.lines[1], nlohmann::json({{"error", "malformed JSON"}, {"line", 2}}));

  // Unknown language: detected from the script. Key points derived from the model answer.
  EXPECT_EQ(r.lines[2]["language"], "en");
  ASSERT_EQ(r.lines[2]["key_points"].size(), 1u);
  EXPECT_EQ(r.lines[2]["key_points"][0]["text"], "A function that calls itself");
  EXPECT_TRUE(r.lines[2]["key_points"][0]["covered"]);

  EXPECT_EQ(r.lines[3]["language"], "zh");
  EXPECT_TRUE(r.lines[3]["key_points"][0]["covered"]);
  EXPECT_EQ(r.lines[3]["key_points"][0]["evidence"], "我主导了电商平台的搭建");
}

TEST(InterviewScoreCli, ExitsZeroWhenEveryLineScores) {
  CliRun r = RunCli(R"({"key_points": ["a"], "answer": ""})"
                    "\n\n   \n");
  EXPECT_EQ(r.rc, 0);
  ASSERT_EQ(r.lines.size(), 1u);
  EXPECT_EQ(r.lines[0]["score"], 0);
  EXPECT_TRUE(r.err.empty());
  EXPECT_EQ(RunCli("").rc, 0);
}

TEST(InterviewScoreCli, ReportsWhatIsWrongWithALine) {
  CliRun r = RunCli(
      "[1, 2]\n"
      R"({"key_points": ["x"]})"
      "\n"
      R"({"key_points": ["x"], "answer": 3})"
      "\n"
      R"({"key_points": "x", "answer": "y"})"
      "\n"
      R"({"model_answer": "", "answer": "y"})"
      "\n"
      R"({"key_points": [{"text": "x", "weight": 0}], "answer": "y"})"
      "\n"
      R"({"key_points": ["ok", "..."], "answer": "y"})"
      "\n"
      R"({"key_points": [{"text": "led", "weight": 2, "synonyms": ["headed"]}], "answer": "I headed it"})"
      "\n");
  EXPECT_EQ(r.rc, 2);
  ASSERT_EQ(r.lines.size(), 8u);
  EXPECT_EQ(r.lines[0]["error"], "line is not a JSON object");
  EXPECT_EQ(r.lines[1]["error"], "missing \"answer\"");
  EXPECT_EQ(r.lines[2]["error"], "\"answer\" must be a string");
  EXPECT_EQ(r.lines[3]["error"], "\"key_points\" must be an array");
  EXPECT_EQ(r.lines[4]["error"], "no key points given and the model answer has no content words");
  EXPECT_EQ(r.lines[5]["error"], "key point weight must be a positive number");
  EXPECT_EQ(r.lines[6]["error"], "key point 2 has no words");
  for (int i = 0; i < 7; ++i) EXPECT_EQ(r.lines[i]["line"], i + 1);
  EXPECT_EQ(r.lines[7]["key_points"][0]["weight"], 2.0);
  EXPECT_TRUE(r.lines[7]["key_points"][0]["covered"]);
}
