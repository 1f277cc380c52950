// The `social-insurance` and `payslip` kinds of `hireflow calc` (the JSON face of payslip.h).
#include <gtest/gtest.h>

#include "payroll/calc.h"

namespace payroll {
namespace {

using nlohmann::json;

json Calc(std::string_view kind, const json& input) {
  auto r = RunPayrollCalc(kind, input);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : json();
}

std::string InvalidField(std::string_view kind, const json& input) {
  auto r = RunPayrollCalc(kind, input);
  if (r.ok()) return "";
  EXPECT_EQ(r.error().code, core::ErrorCode::kInvalid);
  return r.error().field;
}

TEST(RunPayrollCalc, EngineKindsAreListedApart) {
  ASSERT_EQ(PayrollEngineCalcKinds().size(), 2u);
  EXPECT_EQ(PayrollEngineCalcKinds()[0], "social-insurance");
  EXPECT_EQ(PayrollEngineCalcKinds()[1], "payslip");
  auto r = RunPayrollCalc("nope", json::object());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("payslip"), std::string::npos);
}

TEST(RunPayrollCalc, SocialInsuranceForACityMonthAndBase) {
  json out = Calc("social-insurance", {{"city", "beijing"}, {"year", 2025}, {"month", 3}, {"base", 6821}});
  EXPECT_EQ(out["schemes"]["pension"]["employee"], "545.68");
  EXPECT_EQ(out["schemes"]["medical"]["employee"], "139.42");  // 2% + 3 大病
  EXPECT_EQ(out["schemes"]["housing_fund"]["employee"], "819.00");
  EXPECT_FALSE(out["schemes"].contains("maternity"));  // merged into medical in Beijing
  EXPECT_EQ(out["employee_total"], "1538.21");
  EXPECT_EQ(out["employer_total"], "2626.57");
  EXPECT_EQ(out["housing_fund_rate"], 0.12);
  EXPECT_EQ(out["rules"]["effective_from"], "2024-07-01");
  EXPECT_EQ(out["rules"]["provisional"], false);
  EXPECT_FALSE(out["rules"]["sources"].empty());

  json five = Calc("social-insurance", {{"city", "beijing"},
                                        {"year", 2025},
                                        {"month", 3},
                                        {"base", "6821"},
                                        {"housing_fund_rate", "5"},
                                        {"work_injury_rate", 0.5}});
  EXPECT_EQ(five["schemes"]["housing_fund"]["employer"], "341.00");
  EXPECT_EQ(five["schemes"]["work_injury"]["employer"], "34.11");

  EXPECT_EQ(InvalidField("social-insurance", {{"city", "chengdu"}, {"year", 2025}, {"month", 3}, {"base", 1}}), "city");
  EXPECT_EQ(InvalidField("social-insurance",
                         {{"city", "shanghai"}, {"year", 2025}, {"month", 3}, {"base", 1}, {"housing_fund_rate", 8}}),
            "housing_fund_rate");
  EXPECT_EQ(InvalidField("social-insurance", {{"city", "beijing"}, {"year", 2024}, {"month", 6}, {"base", 1}}),
            "month");
  EXPECT_EQ(InvalidField("social-insurance", {{"city", "beijing"}, {"year", 2025}, {"month", 3}}), "base");
  EXPECT_EQ(
      InvalidField("social-insurance", {{"city", "beijing"}, {"year", 2025}, {"month", 3}, {"base", 1}, {"bse", 1}}),
      "bse");
}

// The tax authority example (555, 625, 1,850) in Hangzhou, where a base of 20,000 with a 12% housing fund
// gives exactly 4,500 (1,600 + 400 + 100 + 2,400); the state is carried between months as JSON.
TEST(RunPayrollCalc, PayslipCarriesTheYearToDateStateAsJson) {
  json in = {{"city", "hangzhou"},       {"year", 2025},
             {"monthly_salary", 30000},  {"social_insurance_base", 20000},
             {"housing_fund_rate", 12},  {"special_additional_deduction", 2000},
             {"hire_date", "2020-06-01"}};
  const char* expected[] = {"555.00", "625.00", "1850.00"};
  for (int m = 1; m <= 3; ++m) {
    in["month"] = m;
    json out = Calc("payslip", in);
    EXPECT_EQ(out["contributions"]["employee_total"], "4500.00");
    EXPECT_EQ(out["income_tax"], expected[m - 1]);
    EXPECT_EQ(out["lines"][0]["code"], "base_salary");
    EXPECT_EQ(out["lines"][0]["zh"], "基本工资");
    EXPECT_EQ(out["rules"]["provisional"], true);
    in["ytd"] = out["ytd"];
  }
  EXPECT_EQ(in["ytd"]["withheld_tax"], "3030.00");
  EXPECT_EQ(in["ytd"]["months_employed"], 3);
  // The same month twice is refused.
  EXPECT_EQ(InvalidField("payslip", in), "ytd.last_month");
}

TEST(RunPayrollCalc, PayslipRejectsBadInputNamingTheField) {
  json base = {{"city", "beijing"}, {"year", 2025}, {"month", 3}, {"monthly_salary", 20000}};
  auto with = [&](const char* key, json v) {
    json j = base;
    j[key] = std::move(v);
    return j;
  };
  EXPECT_EQ(Calc("payslip", base)["gross_pay"], "20000.00");
  EXPECT_EQ(InvalidField("payslip", with("monthly_salry", 1)), "monthly_salry");
  EXPECT_EQ(InvalidField("payslip", with("proration", "calendar_days")), "proration");
  EXPECT_EQ(InvalidField("payslip", with("absence_days", 40)), "absence_days");
  EXPECT_EQ(InvalidField("payslip", with("hire_date", "2025-04-01")), "hire_date");
  EXPECT_EQ(InvalidField("payslip", with("ytd", json{{"tax_year", 2024}})), "ytd.tax_year");
  EXPECT_EQ(InvalidField("payslip", with("ytd", json{{"tax_year", 2025}, {"incom", "1"}})), "ytd.incom");
  json weekdays = with("official_calendar", false);
  weekdays["month"] = 5;
  weekdays["hire_date"] = "2025-05-06";
  weekdays["monthly_salary"] = 21750;
  EXPECT_EQ(Calc("payslip", weekdays)["base_salary"], "19000.00");
}

}  // namespace
}  // namespace payroll
