#include "payroll/rules.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "embed/payroll_rule_annual_leave.h"
#include "embed/payroll_rule_iit_annual_bonus.h"
#include "embed/payroll_rule_iit_comprehensive_income.h"
#include "embed/payroll_rule_iit_labor_remuneration.h"
#include "embed/payroll_rule_severance.h"
#include "embed/payroll_rule_wage_conversion.h"

namespace payroll {
namespace {

using core::Date;
using core::Money;

TEST(RuleBook, BuiltinTablesLoadWithTheStatutoryValues) {
  const RuleBook& b = RuleBook::Builtin();
  const auto& annual = b.comprehensive_income.Latest().annual_table.brackets;
  ASSERT_EQ(annual.size(), 7u);
  EXPECT_EQ(annual.front().up_to->ToString(), "36000.00");
  EXPECT_EQ(annual.back().rate_bp, 4500);
  EXPECT_EQ(annual.back().quick_deduction.ToString(), "181920.00");
  EXPECT_EQ(b.comprehensive_income.Latest().basic_deduction_per_month.ToString(), "5000.00");
  EXPECT_EQ(b.annual_bonus.Latest().months, 12);
  EXPECT_EQ(b.annual_bonus.Latest().monthly_table.brackets.back().quick_deduction.ToString(), "15160.00");
  EXPECT_EQ(b.labor_remuneration.Latest().flat_expense.ToString(), "800.00");
  EXPECT_EQ(b.wage_conversion.Latest().monthly_paid_days.num, 2175);
  EXPECT_EQ(b.wage_conversion.Latest().monthly_paid_days.den, 100);
  EXPECT_EQ(b.severance.Latest().high_wage_max_years, 12);
  EXPECT_EQ(b.annual_leave.Latest().tiers.size(), 3u);
  for (const auto* e : {&b.comprehensive_income.Latest().effective, &b.annual_bonus.Latest().effective}) {
    EXPECT_FALSE(e->sources.empty());
  }
}

TEST(RuleBook, VersionsAreChosenByDate) {
  const auto& ci = RuleBook::Builtin().comprehensive_income;
  EXPECT_EQ(ci.At(Date(2018, 12, 31)), nullptr);  // before the cumulative method
  EXPECT_FALSE(ci.At(Date(2020, 12, 31))->annual_basic_deduction_upfront_allowed);
  EXPECT_TRUE(ci.At(Date(2021, 1, 1))->annual_basic_deduction_upfront_allowed);
  EXPECT_EQ(RuleBook::Builtin().annual_leave.At(Date(2008, 9, 17)), nullptr);
}

TEST(ProgressiveTable, FindComparesTheExactQuotient) {
  const ProgressiveTable& t = RuleBook::Builtin().annual_bonus.Latest().monthly_table;
  EXPECT_EQ(t.Find(Money::Fen(3'600'000), 12).rate_bp, 300);
  EXPECT_EQ(t.Find(Money::Fen(3'600'001), 12).rate_bp, 1000);
  EXPECT_EQ(t.Find(Money::Yuan(1'000'000'000)).rate_bp, 4500);
}

// A rule book made of the real (embedded) files with one file replaced.
class BrokenRules : public ::testing::Test {
 protected:
  core::Result<RuleBook> ParseWith(const std::string& file, const std::string& text) {
    std::map<std::string, std::string, std::less<>> files;
    for (const char* name : {"iit_comprehensive_income.json", "iit_annual_bonus.json", "iit_labor_remuneration.json",
                             "wage_conversion.json", "severance.json", "annual_leave.json"}) {
      files[name] = std::string(*Original(name));
    }
    files[file] = text;
    return RuleBook::Parse([&](std::string_view p) -> std::optional<std::string_view> {
      auto it = files.find(p);
      if (it == files.end()) return std::nullopt;
      return std::string_view(it->second);
    });
  }
  // The embedded text of a real rule file.
  static std::optional<std::string_view> Original(std::string_view name) {
    for (auto* lookup : {&embed::payroll_rule_iit_comprehensive_income, &embed::payroll_rule_iit_annual_bonus,
                         &embed::payroll_rule_iit_labor_remuneration, &embed::payroll_rule_wage_conversion,
                         &embed::payroll_rule_severance, &embed::payroll_rule_annual_leave}) {
      if (auto text = lookup(name)) return text;
    }
    return std::nullopt;
  }
};

const char* kBonusHead = R"({"rule":"iit_annual_bonus","title":"t","versions":[)";

TEST_F(BrokenRules, RealFilesParse) {
  EXPECT_TRUE(ParseWith("severance.json", std::string(*Original("severance.json"))).ok());
}

TEST_F(BrokenRules, DiscontinuousQuickDeductionIsRejected) {
  std::string text = std::string(kBonusHead) + R"({"effective_from":"2019-01-01","sources":["x"],"months":12,
    "brackets":[{"up_to":"3000","rate_bp":300,"quick_deduction":"0"},
                {"up_to":null,"rate_bp":1000,"quick_deduction":"200"}]}]})";
  auto r = ParseWith("iit_annual_bonus.json", text);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "iit_annual_bonus.json.versions[0].brackets[1].quick_deduction");
}

TEST_F(BrokenRules, OverlappingVersionsAreRejected) {
  std::string v = R"({"effective_from":"2019-01-01","sources":["x"],"months":12,
    "brackets":[{"up_to":null,"rate_bp":300,"quick_deduction":"0"}]})";
  auto r = ParseWith("iit_annual_bonus.json", std::string(kBonusHead) + v + "," + v + "]}");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "iit_annual_bonus.json.versions[1].effective_from");
}

TEST_F(BrokenRules, UnknownFieldAndMissingFileAreRejected) {
  std::string text = std::string(kBonusHead) + R"({"effective_from":"2019-01-01","sources":["x"],"months":12,
    "rate":"0.03","brackets":[{"up_to":null,"rate_bp":300,"quick_deduction":"0"}]}]})";
  auto r = ParseWith("iit_annual_bonus.json", text);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "iit_annual_bonus.json.versions[0].rate");
  auto missing = RuleBook::Parse([](std::string_view) { return std::optional<std::string_view>(); });
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().field, "iit_comprehensive_income.json");
}

TEST_F(BrokenRules, OpenBracketBeforeTheLastIsRejected) {
  std::string text = std::string(kBonusHead) + R"({"effective_from":"2019-01-01","sources":["x"],"months":12,
    "brackets":[{"up_to":null,"rate_bp":300,"quick_deduction":"0"},
                {"up_to":null,"rate_bp":1000,"quick_deduction":"0"}]}]})";
  EXPECT_FALSE(ParseWith("iit_annual_bonus.json", text).ok());
}

}  // namespace
}  // namespace payroll
