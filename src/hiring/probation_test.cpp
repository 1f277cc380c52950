#include "hiring/probation.h"

#include <gtest/gtest.h>

namespace hiring {
namespace {

using core::Money;
using nlohmann::json;

Money Y(std::string_view text) { return *Money::Parse(text); }
const ProbationRules& Rules() { return BuiltinProbationRules().back(); }

ProbationTerms Fixed(int64_t term, int64_t probation) {
  ProbationTerms t;
  t.contract_type = ContractType::kFixed;
  t.contract_term_months = term;
  t.probation_months = probation;
  return t;
}

std::vector<std::string> Codes(const ProbationCheck& c) {
  std::vector<std::string> v;
  for (const auto& x : c.violations) v.push_back(x.code);
  return v;
}

// 劳动合同法第19条, "以上" inclusive: 3 months → 1, 12 → 2, 36 → 6; below 3 months none.
TEST(CheckProbationTerms, MaximumAtEachTermBoundary) {
  struct Case {
    int64_t term, max;
  } cases[] = {{1, 0}, {2, 0}, {3, 1}, {11, 1}, {12, 2}, {35, 2}, {36, 6}, {120, 6}};
  for (const Case& c : cases) {
    auto r = CheckProbationTerms(Fixed(c.term, 0), Rules());
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->max_probation_months, c.max) << "term " << c.term;
    EXPECT_TRUE(r->compliant());
  }
}

TEST(CheckProbationTerms, AtTheMaximumIsCompliantOneMonthMoreIsTooLong) {
  for (auto [term, max] : {std::pair{3, 1}, std::pair{12, 2}, std::pair{36, 6}}) {
    EXPECT_TRUE(CheckProbationTerms(Fixed(term, max), Rules())->compliant()) << term;
    auto over = CheckProbationTerms(Fixed(term, max + 1), Rules());
    EXPECT_EQ(Codes(*over), std::vector<std::string>{"probation_too_long"}) << term;
  }
  // Just below each boundary the lower limit applies.
  EXPECT_EQ(Codes(*CheckProbationTerms(Fixed(11, 2), Rules())), std::vector<std::string>{"probation_too_long"});
  EXPECT_EQ(Codes(*CheckProbationTerms(Fixed(35, 3), Rules())), std::vector<std::string>{"probation_too_long"});
}

TEST(CheckProbationTerms, NoProbationUnderThreeMonthsOrForTaskContracts) {
  EXPECT_EQ(Codes(*CheckProbationTerms(Fixed(2, 1), Rules())), std::vector<std::string>{"probation_not_allowed"});
  ProbationTerms task;
  task.contract_type = ContractType::kTask;
  task.probation_months = 1;
  auto r = CheckProbationTerms(task, Rules());
  EXPECT_EQ(r->max_probation_months, 0);
  EXPECT_EQ(Codes(*r), std::vector<std::string>{"probation_not_allowed"});
}

TEST(CheckProbationTerms, OpenEndedAllowsSixMonths) {
  ProbationTerms t;
  t.contract_type = ContractType::kOpenEnded;
  t.probation_months = 6;
  EXPECT_TRUE(CheckProbationTerms(t, Rules())->compliant());
  t.probation_months = 7;
  EXPECT_EQ(Codes(*CheckProbationTerms(t, Rules())), std::vector<std::string>{"probation_too_long"});
}

TEST(CheckProbationTerms, OnlyOneProbationPerEmployer) {
  ProbationTerms t = Fixed(36, 1);
  t.prior_probation_with_same_employer = true;
  auto r = CheckProbationTerms(t, Rules());
  EXPECT_EQ(r->max_probation_months, 0);
  EXPECT_EQ(Codes(*r), std::vector<std::string>{"repeat_probation"});
  t.probation_months = 0;  // a new contract without probation is fine
  EXPECT_TRUE(CheckProbationTerms(t, Rules())->compliant());
}

TEST(CheckProbationTerms, WageFloorIsTheHigherOfEightyPercentAndMinimumWage) {
  ProbationTerms t = Fixed(36, 3);
  t.contract_wage = Y("5000");
  t.local_min_wage = Y("2690");
  t.probation_wage = Y("4000");
  auto r = CheckProbationTerms(t, Rules());
  EXPECT_EQ(r->min_probation_wage->ToString(), "4000.00");
  EXPECT_TRUE(r->compliant());
  t.probation_wage = Y("3999.99");
  EXPECT_EQ(Codes(*CheckProbationTerms(t, Rules())), std::vector<std::string>{"probation_wage_below_contract_ratio"});

  t.contract_wage = Y("3000");  // 80% = 2,400 < 2,690
  t.probation_wage = Y("2500");
  r = CheckProbationTerms(t, Rules());
  EXPECT_EQ(r->min_probation_wage->ToString(), "2690.00");
  EXPECT_EQ(Codes(*r), std::vector<std::string>{"probation_wage_below_min_wage"});
  t.probation_wage = Y("2300");
  EXPECT_EQ(Codes(*CheckProbationTerms(t, Rules())),
            (std::vector<std::string>{"probation_wage_below_contract_ratio", "probation_wage_below_min_wage"}));
}

TEST(CheckProbationTerms, EightyPercentIsRoundedUpSoTheShownMinimumIsAlwaysLawful) {
  ProbationTerms t = Fixed(12, 1);
  t.contract_wage = Y("3333.33");  // × 80% = 2,666.664
  t.probation_wage = Y("2666.66");
  auto r = CheckProbationTerms(t, Rules());
  EXPECT_EQ(r->min_probation_wage->ToString(), "2666.67");
  EXPECT_EQ(Codes(*r), std::vector<std::string>{"probation_wage_below_contract_ratio"});
  t.probation_wage = Y("2666.67");
  EXPECT_TRUE(CheckProbationTerms(t, Rules())->compliant());
}

// The parameters of each violation's text (web/src/locales/i18n alert.<code>; docs/i18n.md).
TEST(CheckProbationTerms, ViolationsCarryTheParametersOfTheirText) {
  using P = std::map<std::string, std::string>;
  auto task = Fixed(0, 1);
  task.contract_type = ContractType::kTask;
  task.contract_term_months.reset();
  auto c = *CheckProbationTerms(task, Rules());
  ASSERT_EQ(Codes(c), std::vector<std::string>{"probation_not_allowed"});
  EXPECT_EQ(c.violations[0].params, (P{{"basis", "task"}, {"variant", "task"}}));
  auto short_term = *CheckProbationTerms(Fixed(2, 1), Rules());
  EXPECT_EQ(short_term.violations[0].params, (P{{"basis", "fixed"}, {"variant", "fixed"}, {"term_months", "2"}}));
  auto wage = Fixed(36, 3);
  wage.contract_wage = Y("10000");
  wage.probation_wage = Y("2000");
  wage.local_min_wage = Y("2690");
  auto w = *CheckProbationTerms(wage, Rules());
  ASSERT_EQ(Codes(w), (std::vector<std::string>{"probation_wage_below_contract_ratio", "probation_wage_below_min_wage"}));
  EXPECT_EQ(w.violations[0].params, (P{{"probation_wage", "2000.00"}, {"pct", "80"}, {"floor", "8000.00"}}));
  EXPECT_EQ(w.violations[1].params, (P{{"probation_wage", "2000.00"}, {"min_wage", "2690.00"}}));
  auto repeat = Fixed(36, 1);
  repeat.prior_probation_with_same_employer = true;
  EXPECT_TRUE((*CheckProbationTerms(repeat, Rules())).violations[0].params.empty());
}

TEST(CheckProbationTerms, FixedTermWithoutTermIsInvalid) {
  ProbationTerms t;
  auto r = CheckProbationTerms(t, Rules());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "contract_term_months");
}

TEST(CheckProbation, JsonContract) {
  auto r = CheckProbation({{"contract_term_months", 12},
                           {"contract_type", "fixed"},
                           {"probation_months", 3},
                           {"contract_wage", 5000},
                           {"probation_wage", "3500"},
                           {"local_min_wage", 2690},
                           {"prior_probation_with_same_employer", false}});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ((*r)["max_probation_months"], 2);
  EXPECT_EQ((*r)["min_probation_wage"], "4000.00");
  EXPECT_EQ((*r)["compliant"], false);
  ASSERT_EQ((*r)["violations"].size(), 2u);
  EXPECT_EQ((*r)["violations"][0].get<std::string>().rfind("probation_too_long: ", 0), 0u);
  EXPECT_EQ((*r)["violations"][1].get<std::string>().rfind("probation_wage_below_contract_ratio: ", 0), 0u);

  auto ok = CheckProbation({{"contract_type", "open_ended"}, {"probation_months", 6}});
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ((*ok)["compliant"], true);
  EXPECT_TRUE((*ok)["min_probation_wage"].is_null());
  EXPECT_TRUE((*ok)["violations"].empty());
}

TEST(CheckProbation, RejectsBadInputNamingTheField) {
  auto field = [](const json& in) {
    auto r = CheckProbation(in);
    if (r.ok()) return std::string();
    EXPECT_EQ(r.error().code, core::ErrorCode::kInvalid);
    return r.error().field;
  };
  EXPECT_EQ(field({{"contract_type", "permanent"}, {"probation_months", 1}}), "contract_type");
  EXPECT_EQ(field({{"contract_type", "fixed"}, {"probation_months", 1}}), "contract_term_months");
  EXPECT_EQ(field({{"contract_type", "task"}, {"probation_months", -1}}), "probation_months");
  EXPECT_EQ(field({{"contract_type", "task"}, {"probation_months", "1"}}), "probation_months");
  EXPECT_EQ(field({{"contract_type", "task"}, {"probation_months", 0}, {"probation_wage", -5}}), "probation_wage");
  EXPECT_EQ(field({{"contract_type", "task"}, {"probation_month", 0}}), "probation_month");
  EXPECT_EQ(field({{"contract_type", "task"}, {"probation_months", 0}, {"as_of", "2007-12-31"}}), "as_of");
  EXPECT_EQ(field(json::array()), "input");
}

TEST(ProbationRulesFile, RejectsUnknownFieldsAndOverlaps) {
  auto r = ParseProbationRules(R"({"rule":"probation","versions":[{"effective_from":"2008-01-01","sources":["x"],
    "fixed_term_tiers":[{"min_term_months":3,"max_probation_months":1}],"open_ended_max_probation_months":6,
    "task_based_max_probation_months":0,"min_wage_pct_of_contract_wage":80,"one_probation_per_employer":true,
    "max":1}]})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "probation.json.versions[0].max");
  EXPECT_EQ(BuiltinProbationRules().front().fixed_term_tiers.size(), 3u);
}

}  // namespace
}  // namespace hiring
