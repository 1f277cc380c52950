#include "recruit/screening.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "recruit/resume_parse.h"
#include "recruit/resume_testing.h"

namespace recruit {
namespace {

using nlohmann::json;

constexpr core::Date kToday(2025, 6, 30);

Requirements Plan(const json& j) {
  auto r = ParseRequirements(j);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : Requirements{};
}

core::Error PlanError(const json& j) {
  auto r = ParseRequirements(j);
  EXPECT_FALSE(r.ok()) << j.dump();
  return r.ok() ? core::Error{} : r.error();
}

const LineItem* Item(const ScreeningResult& r, LineItemKind kind, const std::string& requirement = "") {
  for (const auto& item : r.items) {
    if (item.kind == kind && (requirement.empty() || item.requirement == requirement)) return &item;
  }
  return nullptr;
}

bool Met(const ScreeningResult& r, const std::string& term) {
  for (const auto& item : r.items) {
    if ((item.kind == LineItemKind::kMustHave || item.kind == LineItemKind::kNiceToHave) && item.requirement == term) {
      return item.met;
    }
  }
  ADD_FAILURE() << "no item " << term;
  return false;
}

// Screens `text` (as resume text, no JSON Resume) against must-haves `terms`.
ScreeningResult ScreenText(const std::vector<std::string>& terms, const std::string& text) {
  Requirements req;
  for (const auto& t : terms) req.must_have.push_back({t, {}});
  return Screen(req, json::object(), text, kToday);
}

// ---- requirements JSON ----

TEST(ScreeningRequirements, ParsesAFullPlanAndSerialisesItBack) {
  const json in = {
      {"must_have", {"Java", {{"term", "Kubernetes"}, {"synonyms", {"容器编排平台"}}}}},
      {"nice_to_have", {{{"term", "Go"}}}},
      {"min_years_experience", 3.5},
      {"education_level", "本科"},
      {"languages", {{{"language", "English"}, {"level", "professional"}}, "日语"}},
      {"weights", {{"must_have", 50}, {"experience", "25.5"}}},
      {"thresholds", {{"advance", 75}, {"reject", 35}}},
      {"auto_reject_missing_must_have", true},
  };
  const Requirements r = Plan(in);
  ASSERT_EQ(r.must_have.size(), 2u);
  EXPECT_EQ(r.must_have[0].term, "Java");
  EXPECT_EQ(r.must_have[1].synonyms, std::vector<std::string>{"容器编排平台"});
  EXPECT_DOUBLE_EQ(r.min_years_experience, 3.5);
  EXPECT_EQ(r.education_level, EducationLevel::kBachelor);
  ASSERT_EQ(r.languages.size(), 2u);
  EXPECT_EQ(r.languages[0].level, LanguageLevel::kProfessional);
  EXPECT_FALSE(r.languages[1].level.has_value());
  EXPECT_DOUBLE_EQ(r.weights.must_have, 50);
  EXPECT_DOUBLE_EQ(r.weights.nice_to_have, 20);  // default kept
  EXPECT_DOUBLE_EQ(r.weights.experience, 25.5);
  EXPECT_TRUE(r.auto_reject_missing_must_have);
  EXPECT_FALSE(r.auto_advance_at_threshold);

  const json out = RequirementsToJson(r);
  EXPECT_EQ(out["education_level"], "bachelor");
  EXPECT_EQ(out["must_have"][0], (json{{"term", "Java"}, {"synonyms", json::array()}}));
  EXPECT_EQ(out["weights"]["experience"], 25.5);
  EXPECT_EQ(out["thresholds"]["advance"], 75);
  const Requirements again = Plan(out);
  EXPECT_EQ(RequirementsToJson(again), out);
}

TEST(ScreeningRequirements, EmptyPlanTakesTheDocumentedDefaults) {
  const Requirements r = Plan(json::object());
  EXPECT_TRUE(r.must_have.empty());
  EXPECT_DOUBLE_EQ(r.weights.must_have, 40);
  EXPECT_DOUBLE_EQ(r.weights.nice_to_have, 20);
  EXPECT_DOUBLE_EQ(r.weights.experience, 20);
  EXPECT_DOUBLE_EQ(r.weights.education, 10);
  EXPECT_DOUBLE_EQ(r.weights.languages, 10);
  EXPECT_DOUBLE_EQ(r.thresholds.advance, 70);
  EXPECT_DOUBLE_EQ(r.thresholds.reject, 40);
  EXPECT_FALSE(r.auto_reject_missing_must_have);
}

TEST(ScreeningRequirements, StrictErrorsNameTheField) {
  struct Case {
    json plan;
    std::string field;
  };
  const std::vector<Case> cases = {
      {{{"must_hav", {"Java"}}}, "must_hav"},
      {{{"must_have", "Java"}}, "must_have"},
      {{{"must_have", {42}}}, "must_have[0]"},
      {{{"must_have", {{{"term", "Java"}, {"synonym", {"J2EE"}}}}}}, "must_have[0].synonym"},
      {{{"must_have", {{{"synonyms", {"J2EE"}}}}}}, "must_have[0].term"},
      {{{"must_have", {"   "}}}, "must_have[0]"},
      {{{"nice_to_have", {{{"term", "Go"}, {"synonyms", {"golang", 7}}}}}}, "nice_to_have[0].synonyms[1]"},
      {{{"min_years_experience", -1}}, "min_years_experience"},
      {{{"min_years_experience", "three"}}, "min_years_experience"},
      {{{"min_years_experience", true}}, "min_years_experience"},
      {{{"education_level", "phd-ish"}}, "education_level"},
      {{{"education_level", 3}}, "education_level"},
      {{{"languages", {{{"language", "English"}, {"level", "expert"}}}}}, "languages[0].level"},
      {{{"languages", {{{"level", "fluent"}}}}}, "languages[0].language"},
      {{{"weights", {{"skills", 10}}}}, "weights.skills"},
      {{{"weights", {{"must_have", -5}}}}, "weights.must_have"},
      {{{"weights", {{"must_have", 0}, {"nice_to_have", 0}, {"experience", 0}, {"education", 0}, {"languages", 0}}}},
       "weights"},
      {{{"thresholds", {{"advance", 50}, {"reject", 60}}}}, "thresholds.reject"},
      {{{"thresholds", {{"advance", 101}}}}, "thresholds.advance"},
      {{{"auto_reject_missing_must_have", "yes"}}, "auto_reject_missing_must_have"},
  };
  for (const auto& c : cases) {
    const core::Error e = PlanError(c.plan);
    EXPECT_EQ(e.code, core::ErrorCode::kInvalid) << c.plan.dump();
    EXPECT_EQ(e.field, c.field) << c.plan.dump() << " -> " << e.message;
  }
  EXPECT_EQ(PlanError(json::array()).field, "input");
  EXPECT_NE(PlanError({{"min_years_experience", -2}}).message.find("must not be negative"), std::string::npos);
}

TEST(ScreeningRequirements, RefusesTermsNamingProtectedAttributes) {
  for (const char* term : {"男", "女性优先", "35岁以下", "已婚已育", "本地户口", "汉族", "Female", "under age 35"}) {
    const core::Error e = PlanError({{"must_have", {term}}});
    EXPECT_EQ(e.field, "must_have[0]") << term;
    EXPECT_NE(e.message.find("protected attribute"), std::string::npos) << e.message;
  }
  EXPECT_EQ(PlanError({{"nice_to_have", {{{"term", "Java"}, {"synonyms", {"男生"}}}}}}).field,
            "nice_to_have[0].synonyms[0]");
  // Ordinary terms that merely contain such letters or words stay allowed.
  const Requirements ok = Plan(
      {{"must_have", {"Single Sign-On", "race condition", "女装设计", "Image processing", "Manager", "Womenswear"}}});
  EXPECT_EQ(ok.must_have.size(), 6u);
}

TEST(ScreeningRequirements, EducationLevelsParseInEnglishAndChinese) {
  EXPECT_EQ(ParseEducationLevel("大专"), EducationLevel::kAssociate);
  EXPECT_EQ(ParseEducationLevel("硕士"), EducationLevel::kMaster);
  EXPECT_EQ(ParseEducationLevel("博士"), EducationLevel::kDoctorate);
  EXPECT_EQ(ParseEducationLevel("High School"), EducationLevel::kHighSchool);
  EXPECT_EQ(ParseEducationLevel("none"), EducationLevel::kNone);
  EXPECT_FALSE(ParseEducationLevel("kindergarten").has_value());
  EXPECT_EQ(ParseLanguageLevel("流利"), LanguageLevel::kFluent);
  EXPECT_EQ(ParseLanguageLevel("Native speaker"), LanguageLevel::kNative);
}

// ---- matching ----

TEST(ScreeningMatch, JavaDoesNotMatchJavaScript) {
  EXPECT_FALSE(Met(ScreenText({"Java"}, "Frontend: JavaScript, TypeScript"), "Java"));
  EXPECT_TRUE(Met(ScreenText({"Java"}, "Backend: Java, Spring"), "Java"));
  EXPECT_TRUE(Met(ScreenText({"Java"}, "熟悉Java开发"), "Java"));
  EXPECT_TRUE(Met(ScreenText({"JavaScript"}, "Frontend: JS and Vue"), "JavaScript"));
}

TEST(ScreeningMatch, GoDoesNotMatchGoogleOrTheVerb) {
  EXPECT_FALSE(Met(ScreenText({"Go"}, "Five years at Google working on search"), "Go"));
  EXPECT_FALSE(Met(ScreenText({"Go"}, "ready to go live in a week"), "Go"));
  EXPECT_TRUE(Met(ScreenText({"Go"}, "Built the billing service in Go."), "Go"));
  EXPECT_TRUE(Met(ScreenText({"Go"}, "熟悉Go语言和微服务"), "Go"));
  EXPECT_TRUE(Met(ScreenText({"Go"}, "golang, gRPC"), "Go"));
  // A lower-case "go" that is a whole skills keyword is the language.
  const json resume = {{"skills", {{{"name", "Languages"}, {"keywords", {"python", "go"}}}}}};
  EXPECT_TRUE(Met(Screen(Plan({{"must_have", {"Go"}}}), resume, "", kToday), "Go"));
}

TEST(ScreeningMatch, CDoesNotMatchCPlusPlusOrCSharp) {
  EXPECT_FALSE(Met(ScreenText({"C"}, "C++ and C# developer"), "C"));
  EXPECT_TRUE(Met(ScreenText({"C"}, "Embedded C, RTOS"), "C"));
  EXPECT_TRUE(Met(ScreenText({"C++"}, "C++17, CMake"), "C++"));
}

TEST(ScreeningMatch, SynonymsFromTheDataFileMatchBothWays) {
  EXPECT_TRUE(Met(ScreenText({"Kubernetes"}, "运维：k8s, Docker"), "Kubernetes"));
  EXPECT_TRUE(Met(ScreenText({"k8s"}, "Deployed on Kubernetes"), "k8s"));
  EXPECT_TRUE(Met(ScreenText({"PostgreSQL"}, "Postgres replication"), "PostgreSQL"));
  EXPECT_TRUE(Met(ScreenText({"Postgres"}, "PostgreSQL 15"), "Postgres"));
  EXPECT_TRUE(Met(ScreenText({"golang"}, "Go, Rust"), "golang"));
  EXPECT_TRUE(Met(ScreenText({"机器学习"}, "Applied machine learning to fraud"), "机器学习"));
  EXPECT_TRUE(Met(ScreenText({"Machine Learning"}, "负责机器学习平台建设"), "Machine Learning"));
  const ScreeningResult r = ScreenText({"Kubernetes"}, "k8s");
  EXPECT_EQ(r.items[0].evidence.at(0).matched, "k8s");
}

TEST(ScreeningMatch, PlanSynonymsCountAsTheTerm) {
  Requirements req = Plan({{"must_have", {{{"term", "消息中间件"}, {"synonyms", {"RocketMQ"}}}}}});
  const ScreeningResult r = Screen(req, json::object(), "使用RocketMQ做异步解耦", kToday);
  EXPECT_TRUE(r.items[0].met);
  EXPECT_EQ(r.items[0].evidence[0].matched, "RocketMQ");
}

TEST(ScreeningMatch, FullWidthInputMatchesAndEvidenceIsQuotedVerbatim) {
  const ScreeningResult r =
      ScreenText({"Kubernetes", "PostgreSQL"}, "个人简历\n精通Ｋｕｂｅｒｎｅｔｅｓ和ｐｏｓｔｇｒｅＳＱＬ");
  ASSERT_TRUE(Met(r, "Kubernetes"));
  ASSERT_TRUE(Met(r, "PostgreSQL"));
  const LineItem* k = Item(r, LineItemKind::kMustHave, "Kubernetes");
  EXPECT_EQ(k->evidence[0].matched, "Ｋｕｂｅｒｎｅｔｅｓ");
  EXPECT_EQ(k->evidence[0].where, "text:2");
  EXPECT_EQ(k->evidence[0].text, "精通Ｋｕｂｅｒｎｅｔｅｓ和ｐｏｓｔｇｒｅＳＱＬ");
  // Full-width terms in the plan work too.
  EXPECT_TRUE(Met(ScreenText({"Ｊａｖａ"}, "java, spring"), "Ｊａｖａ"));
}

TEST(ScreeningMatch, ChineseTermsMatchInsideWords) {
  EXPECT_TRUE(Met(ScreenText({"微服务"}, "主导订单系统微服务化改造"), "微服务"));
  EXPECT_TRUE(Met(ScreenText({"高并发"}, "熟悉高并发分布式系统设计"), "高并发"));
  EXPECT_FALSE(Met(ScreenText({"区块链"}, "熟悉分布式系统"), "区块链"));
}

TEST(ScreeningMatch, SpacesHyphensAndVersionSuffixesAreTolerated) {
  EXPECT_TRUE(Met(ScreenText({"Spring Boot"}, "SpringBoot, MyBatis"), "Spring Boot"));
  EXPECT_TRUE(Met(ScreenText({"machine learning"}, "machine-learning pipelines"), "machine learning"));
  EXPECT_TRUE(Met(ScreenText({"Java"}, "Java8 streams"), "Java"));
  EXPECT_TRUE(Met(ScreenText({"Vue"}, "Vue3 + Vite"), "Vue"));
  EXPECT_FALSE(Met(ScreenText({"Vue"}, "Vuex only"), "Vue"));
}

TEST(ScreeningMatch, EvidenceComesFromStructuredFieldsBeforeTheText) {
  const json resume = {
      {"skills", {{{"name", "Cloud"}, {"keywords", {"Docker", "k8s"}}}}},
      {"work", {{{"name", "Acme"}, {"highlights", {"Moved 40 services to Kubernetes with Helm"}}}}},
      {"projects", {{{"name", "Mesh"}, {"description", "Istio on Kubernetes"}}}},
  };
  Requirements req = Plan({{"must_have", {"Kubernetes"}}});
  const ScreeningResult r = Screen(req, resume, "Kubernetes everywhere", kToday);
  const auto& ev = r.items[0].evidence;
  ASSERT_EQ(ev.size(), 3u);
  EXPECT_EQ(ev[0].where, "skills[0].keywords[1]");
  EXPECT_EQ(ev[1].where, "work[0].highlights[0]");
  EXPECT_EQ(ev[2].where, "projects[0].description");
  EXPECT_EQ(ev[1].text, "Moved 40 services to Kubernetes with Helm");
}

TEST(ScreeningMatch, LongLinesAreCutAroundTheMatch) {
  const std::string pad(120, 'x');
  const ScreeningResult r = ScreenText({"Rust"}, "start " + pad + " Rust " + pad + " end");
  const Evidence& ev = r.items[0].evidence.at(0);
  EXPECT_EQ(ev.text.rfind("…", 0), 0u);
  EXPECT_NE(ev.text.find(" Rust "), std::string::npos);
  EXPECT_LT(ev.text.size(), 100u);
}

// ---- experience ----

json Work(const std::string& start, const std::string& end) {
  json w = {{"name", "Co"}, {"position", "Engineer"}, {"startDate", start}};
  if (!end.empty()) w["endDate"] = end;
  return w;
}

TEST(ScreeningExperience, OverlappingJobsAreCountedOnce) {
  const json resume = {{"work", {Work("2018-01", "2020-12"), Work("2019-06", "2021-06")}}};
  Requirements req = Plan({{"min_years_experience", 3}});
  const ScreeningResult r = Screen(req, resume, "", kToday);
  EXPECT_DOUBLE_EQ(r.years_experience, 3.5);  // 2018-01 .. 2021-06 inclusive
  const LineItem* x = Item(r, LineItemKind::kExperience);
  ASSERT_NE(x, nullptr);
  EXPECT_TRUE(x->met);
  EXPECT_EQ(x->evidence.size(), 2u);
  EXPECT_NE(x->explanation_en.find("overlapping periods counted once"), std::string::npos) << x->explanation_en;
  EXPECT_NE(x->explanation_zh.find("重叠期间只计一次"), std::string::npos);
}

TEST(ScreeningExperience, NestedAndAdjacentJobsMerge) {
  const json resume = {{"work", {Work("2010-01", "2019-12"), Work("2012-03", "2013-02"), Work("2020-01", "2020-12")}}};
  EXPECT_DOUBLE_EQ(Screen({}, resume, "", kToday).years_experience, 11.0);
}

TEST(ScreeningExperience, OngoingJobRunsToToday) {
  const json resume = {{"work", {Work("2020-07", "")}}};
  EXPECT_DOUBLE_EQ(Screen({}, resume, "", kToday).years_experience, 5.0);
  const json present = {{"work", {Work("2020-07", "Present")}}};
  EXPECT_DOUBLE_EQ(Screen({}, present, "", kToday).years_experience, 5.0);
}

TEST(ScreeningExperience, YearMonthAndDayPrecisionsAreAccepted) {
  EXPECT_DOUBLE_EQ(Screen({}, json{{"work", {Work("2015", "2018")}}}, "", kToday).years_experience, 3.0);
  EXPECT_DOUBLE_EQ(Screen({}, json{{"work", {Work("2019-03-15", "2019-09-14")}}}, "", kToday).years_experience, 0.5);
  EXPECT_DOUBLE_EQ(Screen({}, json{{"work", {Work("2019", "2019")}}}, "", kToday).years_experience, 0.5);
  EXPECT_DOUBLE_EQ(Screen({}, json{{"work", {Work("2016.07", "2019.06")}}}, "", kToday).years_experience, 3.0);
}

TEST(ScreeningExperience, UnusableEntriesAreSkippedAndSaid) {
  const json resume = {
      {"work",
       {Work("2019-01", "2018-01"), json{{"name", "NoDates"}}, Work("2030-01", ""), Work("2020-06", "2021-05")}}};
  Requirements req = Plan({{"min_years_experience", 2}});
  const ScreeningResult r = Screen(req, resume, "", kToday);
  EXPECT_DOUBLE_EQ(r.years_experience, 1.0);
  const LineItem* x = Item(r, LineItemKind::kExperience);
  EXPECT_FALSE(x->met);
  EXPECT_DOUBLE_EQ(x->points, 50);  // 1 of 2 years: half of the whole weight (the only component)
  EXPECT_NE(x->explanation_en.find("work[0] ends before it starts"), std::string::npos) << x->explanation_en;
  EXPECT_NE(x->explanation_en.find("work[1] has no start date"), std::string::npos);
  EXPECT_NE(x->explanation_en.find("work[2] starts in the future"), std::string::npos);
}

// ---- education ----

json Edu(const std::string& study_type, const std::string& area = "") {
  json e = {{"institution", "Some University"}, {"studyType", study_type}};
  if (!area.empty()) e["area"] = area;
  return e;
}

TEST(ScreeningEducation, LevelsAreOrdered) {
  EXPECT_LT(EducationLevel::kNone, EducationLevel::kHighSchool);
  EXPECT_LT(EducationLevel::kHighSchool, EducationLevel::kAssociate);
  EXPECT_LT(EducationLevel::kAssociate, EducationLevel::kBachelor);
  EXPECT_LT(EducationLevel::kBachelor, EducationLevel::kMaster);
  EXPECT_LT(EducationLevel::kMaster, EducationLevel::kDoctorate);
}

TEST(ScreeningEducation, HighestDegreeWinsWhateverTheOrder) {
  const json resume = {{"education", {Edu("Master"), Edu("Doctorate"), Edu("Bachelor")}}};
  const ScreeningResult r = Screen({}, resume, "", kToday);
  EXPECT_EQ(r.education_level, EducationLevel::kDoctorate);
  EXPECT_EQ(Item(r, LineItemKind::kEducation)->evidence.at(0).where, "education[1].studyType");
}

TEST(ScreeningEducation, ChineseDegreeWordsAreRecognised) {
  EXPECT_EQ(Screen({}, json{{"education", {Edu("大专")}}}, "", kToday).education_level, EducationLevel::kAssociate);
  EXPECT_EQ(Screen({}, json{{"education", {Edu("本科"), Edu("硕士研究生")}}}, "", kToday).education_level,
            EducationLevel::kMaster);
  EXPECT_EQ(Screen({}, json{{"education", {Edu("博士")}}}, "", kToday).education_level, EducationLevel::kDoctorate);
  EXPECT_EQ(Screen({}, json{{"education", {Edu("", "计算机科学与技术 本科")}}}, "", kToday).education_level,
            EducationLevel::kBachelor);
}

TEST(ScreeningEducation, OneLevelShortEarnsHalfTwoLevelsNothing) {
  Requirements req = Plan({{"education_level", "bachelor"}});
  const ScreeningResult assoc = Screen(req, json{{"education", {Edu("大专")}}}, "", kToday);
  EXPECT_FALSE(Item(assoc, LineItemKind::kEducation)->met);
  EXPECT_DOUBLE_EQ(assoc.score, 50);
  const ScreeningResult high = Screen(req, json{{"education", {Edu("高中")}}}, "", kToday);
  EXPECT_DOUBLE_EQ(high.score, 0);
  const ScreeningResult master = Screen(req, json{{"education", {Edu("Master")}}}, "", kToday);
  EXPECT_TRUE(Item(master, LineItemKind::kEducation)->met);
  EXPECT_DOUBLE_EQ(master.score, 100);
}

TEST(ScreeningEducation, JobTitlesInTheTextAreNotDegrees) {
  EXPECT_EQ(
      Screen({}, json::object(), "Certified Scrum Master\nAWS Solutions Architect – Associate", kToday).education_level,
      EducationLevel::kNone);
  EXPECT_EQ(Screen({}, json::object(), "2012-2016 浙江大学 本科", kToday).education_level, EducationLevel::kBachelor);
}

// ---- languages ----

const CandidateLanguage* Lang(const ScreeningResult& r, const std::string& language) {
  for (const auto& l : r.languages) {
    if (l.language == language) return &l;
  }
  return nullptr;
}

TEST(ScreeningLanguages, Cet6MeansProfessionalEnglish) {
  Requirements req = Plan({{"languages", {{{"language", "英语"}, {"level", "professional"}}}}});
  const ScreeningResult r = Screen(req, json::object(), "证书：英语六级（CET-6）", kToday);
  ASSERT_NE(Lang(r, "English"), nullptr);
  EXPECT_EQ(Lang(r, "English")->level, LanguageLevel::kProfessional);
  EXPECT_TRUE(Item(r, LineItemKind::kLanguage)->met);

  Requirements fluent = Plan({{"languages", {{{"language", "English"}, {"level", "fluent"}}}}});
  const ScreeningResult below = Screen(fluent, json::object(), "英语六级", kToday);
  EXPECT_FALSE(Item(below, LineItemKind::kLanguage)->met);
  EXPECT_DOUBLE_EQ(below.score, 50);  // below the level: half
  EXPECT_EQ(Lang(Screen({}, json::object(), "CET-4 passed", kToday), "English")->level, LanguageLevel::kIntermediate);
  EXPECT_EQ(Lang(Screen({}, json::object(), "专业英语八级", kToday), "English")->level, LanguageLevel::kFluent);
}

TEST(ScreeningLanguages, TestScoresSetTheLevel) {
  EXPECT_EQ(Lang(Screen({}, json::object(), "IELTS 7.5", kToday), "English")->level, LanguageLevel::kFluent);
  EXPECT_EQ(Lang(Screen({}, json::object(), "雅思：6分", kToday), "English")->level, LanguageLevel::kProfessional);
  EXPECT_EQ(Lang(Screen({}, json::object(), "TOEFL 72", kToday), "English")->level, LanguageLevel::kIntermediate);
  EXPECT_EQ(Lang(Screen({}, json::object(), "日语N1", kToday), "Japanese")->level, LanguageLevel::kFluent);
}

TEST(ScreeningLanguages, LanguagesSectionAndFluencyWordsCount) {
  const json resume = {{"languages",
                        {{{"language", "Japanese"}, {"fluency", "Native speaker"}},
                         {{"language", "English"}, {"fluency", "CET-6"}},
                         {{"language", "French"}}}}};
  Requirements req = Plan({{"languages", {{{"language", "日语"}, {"level", "fluent"}}, "法语", "German"}}});
  const ScreeningResult r = Screen(req, resume, "", kToday);
  EXPECT_EQ(Lang(r, "Japanese")->level, LanguageLevel::kNative);
  EXPECT_EQ(Lang(r, "English")->level, LanguageLevel::kProfessional);
  EXPECT_EQ(Lang(r, "French")->level, LanguageLevel::kIntermediate);  // listed without a level
  EXPECT_TRUE(Item(r, LineItemKind::kLanguage, "日语 (fluent)")->met);
  EXPECT_TRUE(Item(r, LineItemKind::kLanguage, "法语")->met);
  EXPECT_FALSE(Item(r, LineItemKind::kLanguage, "German")->met);
  EXPECT_EQ(Item(r, LineItemKind::kLanguage, "German")->points, 0);
  // In the text, a fluency word in the same clause as the language.
  EXPECT_EQ(Lang(Screen({}, json::object(), "普通话：母语\nEnglish (fluent)", kToday), "Chinese")->level,
            LanguageLevel::kNative);
  EXPECT_EQ(Lang(Screen({}, json::object(), "English (fluent)", kToday), "English")->level, LanguageLevel::kFluent);
}

// ---- order, score, decision ----

TEST(ScreeningResultOrder, MissingMustHavesComeFirstThenTheFixedOrder) {
  Requirements req = Plan({{"must_have", {"Java", "Kubernetes", "Go", "Terraform"}},
                           {"nice_to_have", {"Rust", "Kafka"}},
                           {"min_years_experience", 2},
                           {"education_level", "bachelor"},
                           {"languages", {"English"}}});
  const ScreeningResult r = Screen(req, json::object(), "Java, Go, Kafka", kToday);
  std::vector<std::string> order;
  for (const auto& item : r.items) order.push_back(std::string(LineItemKindName(item.kind)) + ":" + item.requirement);
  EXPECT_EQ(order, (std::vector<std::string>{"must_have:Kubernetes", "must_have:Terraform", "must_have:Java",
                                             "must_have:Go", "nice_to_have:Rust", "nice_to_have:Kafka",
                                             "experience:2 years", "education:bachelor", "language:English"}));
}

TEST(ScreeningScore, WeightsAreNormalisedOverTheComponentsThePlanUses) {
  Requirements req = Plan({{"must_have", {"Java", "Go"}}});
  const ScreeningResult r = Screen(req, json::object(), "Java", kToday);
  EXPECT_DOUBLE_EQ(r.weights.must_have, 100);
  EXPECT_DOUBLE_EQ(r.weights.experience, 0);
  EXPECT_DOUBLE_EQ(r.score, 50);
  EXPECT_DOUBLE_EQ(r.items[0].max_points, 50);

  Requirements mixed = Plan({{"must_have", {"Java"}},
                             {"nice_to_have", {"Go", "Rust", "Kafka"}},
                             {"weights", {{"must_have", 3}, {"nice_to_have", 1}}}});
  const ScreeningResult m = Screen(mixed, json::object(), "Java, Go", kToday);
  EXPECT_DOUBLE_EQ(m.weights.must_have, 75);
  EXPECT_DOUBLE_EQ(m.weights.nice_to_have, 25);
  EXPECT_DOUBLE_EQ(m.score, 83.3);  // 75 + 25/3
}

TEST(ScreeningDecision, AutoRejectRuleFiresOnMissingMustHaveAndSaysSo) {
  Requirements req = Plan({{"must_have", {"Java", "Kubernetes"}}, {"auto_reject_missing_must_have", true}});
  const ScreeningResult r = Screen(req, json::object(), "Java developer", kToday);
  EXPECT_EQ(r.decision.recommendation, Recommendation::kReject);
  EXPECT_TRUE(r.decision.automatic);
  EXPECT_EQ(r.decision.rule, "auto_reject_missing_must_have");
  EXPECT_EQ(r.decision.reason_en, "missing must-have: Kubernetes → reject (plan rule auto_reject_missing_must_have)");
  EXPECT_EQ(r.decision.reason_zh, "缺少必备条件：Kubernetes → 淘汰（计划规则 auto_reject_missing_must_have）");
}

TEST(ScreeningDecision, AutoRejectRuleDoesNotFireWhenEveryMustHaveIsMet) {
  Requirements req = Plan({{"must_have", {"Java", "Kubernetes"}}, {"auto_reject_missing_must_have", true}});
  const ScreeningResult r = Screen(req, json::object(), "Java on k8s", kToday);
  EXPECT_EQ(r.decision.recommendation, Recommendation::kAdvance);
  EXPECT_FALSE(r.decision.automatic);
  EXPECT_EQ(r.decision.rule, "advance_threshold");
  EXPECT_TRUE(r.why_not.empty());
}

TEST(ScreeningDecision, MissingMustHaveWithoutThePlanRuleOnlyAsksForReview) {
  Requirements req = Plan({{"must_have", {"Java", "Kubernetes"}},
                           {"nice_to_have", {"Go"}},
                           {"thresholds", {{"advance", 50}, {"reject", 20}}}});
  const ScreeningResult r = Screen(req, json::object(), "Java, Go", kToday);
  EXPECT_GE(r.score, 50);  // would advance on score alone
  EXPECT_EQ(r.decision.recommendation, Recommendation::kReview);
  EXPECT_FALSE(r.decision.automatic);
  EXPECT_EQ(r.decision.rule, "missing_must_have");
  EXPECT_NE(r.decision.reason_en.find("missing must-have: Kubernetes → review"), std::string::npos);
}

TEST(ScreeningDecision, ThresholdsRecommendAndActOnlyWhenThePlanSaysSo) {
  Requirements req = Plan({{"must_have", {"Java", "Go", "Rust", "Kafka"}}});
  const ScreeningResult low = Screen(req, json::object(), "", kToday);
  EXPECT_EQ(low.decision.recommendation, Recommendation::kReject);
  EXPECT_FALSE(low.decision.automatic);
  EXPECT_EQ(low.decision.rule, "reject_threshold");
  EXPECT_NE(low.decision.reason_en.find("a person decides"), std::string::npos);

  req.auto_reject_below_threshold = true;
  req.auto_advance_at_threshold = true;
  const ScreeningResult low_auto = Screen(req, json::object(), "", kToday);
  EXPECT_TRUE(low_auto.decision.automatic);
  EXPECT_EQ(low_auto.decision.rule, "auto_reject_below_threshold");
  const ScreeningResult high_auto = Screen(req, json::object(), "Java Go Rust Kafka", kToday);
  EXPECT_EQ(high_auto.decision.recommendation, Recommendation::kAdvance);
  EXPECT_TRUE(high_auto.decision.automatic);
  EXPECT_EQ(high_auto.decision.rule, "auto_advance_at_threshold");

  // Everything but the bands' edges: 2 of 4 is 50, between 40 and 70.
  const ScreeningResult mid = Screen(req, json::object(), "Java Go", kToday);
  EXPECT_EQ(mid.decision.rule, "missing_must_have");
  EXPECT_EQ(mid.decision.recommendation, Recommendation::kReview);
}

TEST(ScreeningDecision, ReviewBandBetweenThresholds) {
  Requirements req = Plan({{"nice_to_have", {"Java", "Go"}}});
  const ScreeningResult r = Screen(req, json::object(), "Go", kToday);
  EXPECT_DOUBLE_EQ(r.score, 50);
  EXPECT_EQ(r.decision.rule, "review_band");
  EXPECT_EQ(r.decision.recommendation, Recommendation::kReview);
}

TEST(ScreeningWhyNot, ListsWhatCostTheMostFirst) {
  Requirements req =
      Plan({{"must_have", {"Java", "Kubernetes"}},
            {"nice_to_have", {"Go", "Rust", "Kafka", "Redis"}},
            {"min_years_experience", 4},
            {"education_level", "master"},
            {"weights", {{"must_have", 40}, {"nice_to_have", 20}, {"experience", 20}, {"education", 20}}}});
  const json resume = {{"work", {Work("2023-07", "")}}, {"education", {Edu("Bachelor")}}};
  const ScreeningResult r = Screen(req, resume, "Java, Go, Redis", kToday);
  ASSERT_NE(r.decision.recommendation, Recommendation::kAdvance);
  ASSERT_GE(r.why_not.size(), 4u);
  // must_have 40/2 = 20 each, experience 20 * (1 - 2/4) = 10, education 20/2 = 10, nice 20/4 = 5 each.
  EXPECT_EQ(r.why_not[0].requirement, "Kubernetes");
  EXPECT_DOUBLE_EQ(r.why_not[0].points_lost, 20);
  EXPECT_EQ(r.why_not[1].kind, LineItemKind::kExperience);
  EXPECT_DOUBLE_EQ(r.why_not[1].points_lost, 10);
  EXPECT_EQ(r.why_not[2].kind, LineItemKind::kEducation);  // ties keep the line-item order
  EXPECT_EQ(r.why_not[3].requirement, "Rust");
  for (size_t i = 1; i < r.why_not.size(); ++i) EXPECT_GE(r.why_not[i - 1].points_lost, r.why_not[i].points_lost);
}

TEST(ScreeningWhyNot, UnmetMustHaveIsListedEvenWithZeroWeight) {
  Requirements req = Plan({{"must_have", {"Kubernetes"}},
                           {"nice_to_have", {"Go"}},
                           {"weights", {{"must_have", 0}}},
                           {"auto_reject_missing_must_have", true}});
  const ScreeningResult r = Screen(req, json::object(), "Go", kToday);
  EXPECT_DOUBLE_EQ(r.score, 100);
  EXPECT_EQ(r.decision.recommendation, Recommendation::kReject);
  ASSERT_EQ(r.why_not.size(), 1u);
  EXPECT_EQ(r.why_not[0].requirement, "Kubernetes");
}

TEST(ScreeningJson, ResultHasStableFieldNames) {
  Requirements req = Plan({{"must_have", {"Java"}}, {"languages", {"English"}}});
  const json j = ScreeningResultToJson(Screen(req, json::object(), "Java\nEnglish (fluent)", kToday));
  EXPECT_EQ(j["version"], kScreeningVersion);
  for (const char* key : {"score", "decision", "items", "why_not", "weights", "facts"})
    EXPECT_TRUE(j.contains(key)) << key;
  for (const char* key : {"recommendation", "automatic", "rule", "reason"}) EXPECT_TRUE(j["decision"].contains(key));
  const json& item = j["items"][0];
  for (const char* key : {"kind", "requirement", "met", "points", "max_points", "evidence", "explanation"}) {
    EXPECT_TRUE(item.contains(key)) << key;
  }
  EXPECT_EQ(item["evidence"][0], (json{{"where", "text:1"}, {"text", "Java"}, {"matched", "Java"}}));
  EXPECT_TRUE(item["explanation"].contains("en"));
  EXPECT_TRUE(item["explanation"].contains("zh"));
  EXPECT_EQ(j["facts"]["languages"][0]["level"], "fluent");
  EXPECT_EQ(j["facts"]["education_level"], "none");
}

// ---- fairness ----

TEST(ScreeningFairness, ProtectedValuesInTheResumeAreNeverQuoted) {
  const std::string text =
      "张三 | 男 | 28岁 | 汉族 | 已婚 | Java工程师\n"
      "性别：女  年龄：30  技能：Go\n"
      "民族：回族 籍贯：山东 熟悉Kubernetes";
  const ScreeningResult r = ScreenText({"Java", "Go", "Kubernetes"}, text);
  for (const auto& item : r.items) {
    ASSERT_TRUE(item.met) << item.requirement;
    for (const auto& ev : item.evidence) {
      for (const char* banned : {"男", "28岁", "汉族", "已婚", "女", "30", "回族", "山东"}) {
        EXPECT_EQ(ev.text.find(banned), std::string::npos) << banned << " in " << ev.text;
      }
    }
  }
}

TEST(ScreeningFairness, PersonalFieldsOfTheResumeAreNotRead) {
  const json resume = {
      {"basics",
       {{"name", "Kubernetes Zhang"},
        {"email", "kubernetes@example.com"},
        {"location", {{"city", "Kubernetes"}}},
        {"profiles", {{{"network", "GitHub"}, {"username", "kubernetes"}}}}}},
      {"interests", {{{"name", "Kubernetes"}}}},
      {"references", {{{"name", "Kubernetes"}, {"reference", "Kubernetes"}}}},
      {"work", {{{"name", "Kubernetes Inc"}, {"location", "Kubernetes"}, {"startDate", "2020-01"}}}},
      {"education", {{{"institution", "Kubernetes University"}}}},
  };
  EXPECT_FALSE(Met(Screen(Plan({{"must_have", {"Kubernetes"}}}), resume, "", kToday), "Kubernetes"));
}

TEST(ScreeningRobustness, AnyJsonAndTextAreAccepted) {
  Requirements req = Plan({{"must_have", {"Java"}}, {"min_years_experience", 1}, {"languages", {"English"}}});
  for (const json& resume : {json(nullptr), json(42), json::array(), json{{"work", "x"}}, json{{"work", {1, "a"}}},
                             json{{"skills", {{{"keywords", {1, nullptr, {{"a", 1}}}}}}}},
                             json{{"languages", {{{"language", 5}}}}}, json{{"education", {{{"studyType", 3}}}}}}) {
    const ScreeningResult r = Screen(req, resume, std::string("\xff\xfe Java \x80", 10), kToday);
    EXPECT_EQ(r.items.size(), 4u);
    EXPECT_NO_THROW((void)ScreeningResultToJson(r).dump());  // evidence from invalid UTF-8 is repaired
  }
}

// ---- fixture resumes parsed by recruit::ParseResumeBytes ----

json ParseFixture(const std::string& name) {
  auto r = ParseResumeBytes(testing::ReadFixture(name), name);
  EXPECT_TRUE(r.ok()) << name;
  return r.ok() ? *r : json::object();
}

TEST(ScreeningFixtures, ChineseBackendResumeAgainstABackendPlan) {
  const std::string text = testing::ReadFixture("zh_engineer.txt");
  const json resume = ParseFixture("zh_engineer.txt");
  Requirements req = Plan({{"must_have", {"Java", "Kubernetes", "微服务", "MySQL"}},
                           {"nice_to_have", {"Go", "机器学习", "Spring Cloud"}},
                           {"min_years_experience", 5},
                           {"education_level", "本科"},
                           {"languages", {{{"language", "英语"}, {"level", "professional"}}}},
                           {"auto_reject_missing_must_have", true}});
  const ScreeningResult r = Screen(req, resume, text, kToday);
  EXPECT_TRUE(Met(r, "Java"));
  EXPECT_TRUE(Met(r, "Kubernetes"));
  EXPECT_TRUE(Met(r, "微服务"));
  EXPECT_TRUE(Met(r, "Go"));
  EXPECT_TRUE(Met(r, "Spring Cloud"));
  EXPECT_FALSE(Met(r, "机器学习"));
  EXPECT_EQ(Item(r, LineItemKind::kMustHave, "Java")->evidence.at(0).where.rfind("skills[", 0), 0u);
  EXPECT_DOUBLE_EQ(r.years_experience, 9.0);  // 2016-07 .. 2025-06-30
  EXPECT_EQ(r.education_level, EducationLevel::kMaster);
  EXPECT_EQ(Lang(r, "English")->level, LanguageLevel::kProfessional);
  EXPECT_TRUE(Item(r, LineItemKind::kLanguage)->met);
  EXPECT_EQ(r.decision.recommendation, Recommendation::kAdvance);
  EXPECT_DOUBLE_EQ(r.score, 93.3);  // one of three nice-to-haves missing: 20/3 lost
}

TEST(ScreeningFixtures, EnglishResumeMissingAMustHaveIsExplainedInBothLanguages) {
  const std::string text = testing::ReadFixture("en_engineer.txt");
  const json resume = ParseFixture("en_engineer.txt");
  Requirements req = Plan({{"must_have", {"Postgres", "golang", "Rust"}},
                           {"min_years_experience", 8},
                           {"education_level", "master"},
                           {"languages", {{{"language", "Chinese"}, {"level", "professional"}}}},
                           {"auto_reject_missing_must_have", true}});
  const ScreeningResult r = Screen(req, resume, text, kToday);
  EXPECT_EQ(r.items[0].requirement, "Rust");
  EXPECT_FALSE(r.items[0].met);
  EXPECT_TRUE(Met(r, "Postgres"));
  EXPECT_TRUE(Met(r, "golang"));
  EXPECT_DOUBLE_EQ(r.years_experience, 10.1);  // 2015-06 .. 2018-12 and 2019-01 .. today
  EXPECT_EQ(r.education_level, EducationLevel::kMaster);
  EXPECT_EQ(Lang(r, "Chinese")->level, LanguageLevel::kIntermediate);  // "Mandarin (Conversational)"
  EXPECT_FALSE(Item(r, LineItemKind::kLanguage)->met);
  EXPECT_EQ(r.decision.rule, "auto_reject_missing_must_have");
  EXPECT_EQ(r.why_not.at(0).requirement, "Rust");
  EXPECT_NE(r.items[0].explanation_zh.find("简历中未找到"), std::string::npos);
}

// ---- the compiled plan (recruit::Screener) ----

// Every fixture resume as parsed JSON with its text, as JSON only, and as text only.
std::vector<std::pair<json, std::string>> FixtureApplications() {
  std::vector<std::pair<json, std::string>> out;
  for (const char* name : {"en_engineer.txt", "zh_engineer.txt", "zh_table_form.txt", "zh_table_form_gbk.txt"}) {
    const std::string text = testing::ReadFixture(name);
    const json resume = ParseFixture(name);
    out.push_back({resume, text});
    out.push_back({resume, ""});
    out.push_back({json::object(), text});
  }
  return out;
}

std::vector<Requirements> FixturePlans() {
  return {
      Plan({{"must_have", {"Java", "Kubernetes", "微服务", "MySQL"}},
            {"nice_to_have", {"Go", "机器学习", "Spring Cloud"}},
            {"min_years_experience", 5},
            {"education_level", "本科"},
            {"languages", {{{"language", "英语"}, {"level", "professional"}}}},
            {"auto_reject_missing_must_have", true}}),
      Plan({{"must_have", {"Postgres", "golang", "Rust", {{"term", "Kubernetes"}, {"synonyms", {"容器编排平台"}}}}},
            {"nice_to_have", {"C++", "JS", "Spring Boot"}},
            {"min_years_experience", 8},
            {"education_level", "master"},
            {"languages", {{{"language", "Chinese"}, {"level", "professional"}}, "日语"}},
            {"thresholds", {{"advance", 60}, {"reject", 30}}},
            {"auto_advance_at_threshold", true}}),
      Plan(json::object()),
  };
}

TEST(ScreeningScreener, CompiledPlanGivesTheSameResultsAsScreenOnTheFixtures) {
  const auto applications = FixtureApplications();
  for (const Requirements& req : FixturePlans()) {
    const Screener screener(req);
    // One screener for every application, twice over in opposite orders: nothing carries over.
    for (int pass = 0; pass < 2; ++pass) {
      for (size_t k = 0; k < applications.size(); ++k) {
        const auto& [resume, text] = applications[pass == 0 ? k : applications.size() - 1 - k];
        EXPECT_EQ(ScreeningResultToJson(screener.Screen(resume, text, kToday)),
                  ScreeningResultToJson(Screen(req, resume, text, kToday)))
            << "application " << k << " pass " << pass;
      }
    }
  }
}

TEST(ScreeningScreener, OneScreenerServesSeveralThreads) {
  const auto applications = FixtureApplications();
  const Requirements req = FixturePlans().front();
  const Screener screener(req);
  std::vector<json> expected;
  for (const auto& [resume, text] : applications) {
    expected.push_back(ScreeningResultToJson(Screen(req, resume, text, kToday)));
  }
  std::vector<std::vector<json>> got(3);
  std::vector<std::thread> threads;
  for (auto& out : got) {
    threads.emplace_back([&] {
      for (int round = 0; round < 5; ++round) {
        for (const auto& [resume, text] : applications) {
          out.push_back(ScreeningResultToJson(screener.Screen(resume, text, kToday)));
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& out : got) {
    ASSERT_EQ(out.size(), 5 * expected.size());
    for (size_t i = 0; i < out.size(); ++i) EXPECT_EQ(out[i], expected[i % expected.size()]) << i;
  }
}

TEST(ScreeningScreener, MovedScreenerKeepsItsPlan) {
  const Requirements req = FixturePlans().front();
  Screener first(req);
  const Screener moved(std::move(first));
  const auto applications = FixtureApplications();
  const auto& [resume, text] = applications.front();
  EXPECT_EQ(ScreeningResultToJson(moved.Screen(resume, text, kToday)),
            ScreeningResultToJson(Screen(req, resume, text, kToday)));
}

}  // namespace
}  // namespace recruit
