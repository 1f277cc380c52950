#include <gtest/gtest.h>

#include "aiinterview/aiinterview.h"

namespace {

using nlohmann::json;

const json kResume = {
    {"work",
     {{{"name", "Globex"}, {"position", "QA Engineer"}, {"startDate", "2014-03"}, {"endDate", "2017-06"},
       {"highlights", {"Scheduled regression runs", "Wrote test plans"}}},
      {{"name", "Acme"}, {"position", "Backend Engineer"}, {"startDate", "2018-04"},
       {"highlights", {"Maintained billing jobs", "Led the migration of billing to Kubernetes"}}}}},
    {"skills", {{{"name", "Backend"}, {"keywords", {"Python", "Go", "Kubernetes"}}}}}};

TEST(Probes, LedProjectQuotesTheResumeLineThatTriggeredIt) {
  auto probes = aiinterview::GenerateProbes(kResume, "en", {});
  ASSERT_FALSE(probes.empty());
  EXPECT_EQ(probes[0].kind, "led_project");
  EXPECT_EQ(probes[0].trigger_text, "Led the migration of billing to Kubernetes");
  EXPECT_EQ(probes[0].trigger_source, "work[1].highlights[1]");
  EXPECT_NE(probes[0].text.find("Led the migration of billing to Kubernetes"), std::string::npos);
  EXPECT_FALSE(probes[0].key_points.empty());
}

TEST(Probes, LeadWordsMatchWholeWordsOnly) {
  // "Scheduled" contains "led" but is not a lead verb; without the Acme line nothing is led.
  json r = kResume;
  r["work"][1]["highlights"] = {"Maintained billing jobs"};
  for (const auto& p : aiinterview::GenerateProbes(r, "en", {})) EXPECT_NE(p.kind, "led_project") << p.trigger_text;
}

TEST(Probes, SkillProbePrefersAMustHaveOfThePlan) {
  auto probes = aiinterview::GenerateProbes(kResume, "en", {"kubernetes"});
  auto it = std::find_if(probes.begin(), probes.end(), [](const auto& p) { return p.kind == "skill"; });
  ASSERT_NE(it, probes.end());
  EXPECT_EQ(it->trigger_text, "Kubernetes");
  EXPECT_EQ(it->trigger_source, "skills[0].keywords[2]");
  auto plain = aiinterview::GenerateProbes(kResume, "en", {});
  auto jt = std::find_if(plain.begin(), plain.end(), [](const auto& p) { return p.kind == "skill"; });
  ASSERT_NE(jt, plain.end());
  EXPECT_EQ(jt->trigger_text, "Python");  // the first claimed keyword when the plan asks for none
}

TEST(Probes, RoleChangeAndGapAreFoundFromDates) {
  auto probes = aiinterview::GenerateProbes(kResume, "en", {});
  auto rc = std::find_if(probes.begin(), probes.end(), [](const auto& p) { return p.kind == "role_change"; });
  ASSERT_NE(rc, probes.end());
  EXPECT_NE(rc->text.find("QA Engineer at Globex to Backend Engineer at Acme"), std::string::npos) << rc->text;
  auto gap = std::find_if(probes.begin(), probes.end(), [](const auto& p) { return p.kind == "gap"; });
  ASSERT_NE(gap, probes.end());
  EXPECT_EQ(gap->trigger_text, "2017-06 – 2018-04");
  EXPECT_FALSE(gap->scored);  // optional context, never scored
}

TEST(Probes, ChineseTemplatesAndChineseLeadWords) {
  json r = {{"work", {{{"name", "某电商公司"}, {"position", "技术负责人"}, {"startDate", "2019-07"},
                       {"highlights", {"主导过电商平台搭建项目"}}}}}};
  auto probes = aiinterview::GenerateProbes(r, "zh", {});
  ASSERT_FALSE(probes.empty());
  EXPECT_EQ(probes[0].kind, "led_project");
  EXPECT_NE(probes[0].text.find("主导过电商平台搭建项目"), std::string::npos);
  EXPECT_NE(probes[0].text.find("最大挑战"), std::string::npos);
}

TEST(Probes, NoGapProbeForContiguousJobsAndNothingFromAnEmptyResume) {
  json r = {{"work", {{{"name", "A"}, {"position", "Dev"}, {"startDate", "2018-01"}, {"endDate", "2019-12"}},
                      {{"name", "B"}, {"position", "Dev"}, {"startDate", "2020-03"}}}}};
  for (const auto& p : aiinterview::GenerateProbes(r, "en", {})) EXPECT_NE(p.kind, "gap");
  EXPECT_TRUE(aiinterview::GenerateProbes(json::object(), "en", {}).empty());
  EXPECT_TRUE(aiinterview::GenerateProbes(json("not a resume"), "en", {}).empty());
}

}  // namespace
