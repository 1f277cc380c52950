#include "payroll/calc.h"

#include <gtest/gtest.h>

namespace payroll {
namespace {

using nlohmann::json;

json Calc(std::string_view kind, const json& input) {
  auto r = RunPayrollCalc(kind, input);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : json();
}

// The field named by a kInvalid error (empty string if the call unexpectedly succeeded).
std::string InvalidField(std::string_view kind, const json& input) {
  auto r = RunPayrollCalc(kind, input);
  if (r.ok()) return "";
  EXPECT_EQ(r.error().code, core::ErrorCode::kInvalid);
  EXPECT_NE(r.error().message.find(r.error().field), std::string::npos) << "message must name the field";
  return r.error().field;
}

TEST(RunPayrollCalc, IitCumulativeTaxAuthorityExampleAsJson) {
  json in = {{"months", json::array()}};
  for (int m = 1; m <= 3; ++m) {
    in["months"].push_back(
        {{"month", m}, {"gross", 30000}, {"special_deduction", "4500.00"}, {"special_additional_deduction", 2000}});
  }
  json out = Calc("iit-cumulative", in);
  ASSERT_EQ(out["per_month"].size(), 3u);
  EXPECT_EQ(out["per_month"][0]["withheld_this_month"], "555.00");
  EXPECT_EQ(out["per_month"][1]["withheld_this_month"], "625.00");
  EXPECT_EQ(out["per_month"][2]["withheld_this_month"], "1850.00");
  EXPECT_EQ(out["per_month"][1]["rate"], 0.1);
  EXPECT_EQ(out["per_month"][0]["rate"].dump(), "0.03");
  EXPECT_EQ(out["per_month"][1]["quick_deduction"], "2520.00");
  EXPECT_EQ(out["per_month"][2]["cum_taxable_income"], "55500.00");
  EXPECT_EQ(out["per_month"][2]["cum_tax"], "3030.00");
  EXPECT_EQ(out["per_month"][2]["cum_withheld"], "3030.00");
  EXPECT_EQ(out["per_month"][2]["month"], 3);
  EXPECT_EQ(out["total_withheld"], "3030.00");
}

TEST(RunPayrollCalc, IitCumulativeAcceptsTheUpfrontFlagAndTaxYear) {
  json in = {
      {"annual_basic_deduction_upfront", true}, {"tax_year", 2025}, {"months", {{{"month", 1}, {"gross", 8000}}}}};
  EXPECT_EQ(Calc("iit-cumulative", in)["per_month"][0]["cum_taxable_income"], "0.00");
  in["tax_year"] = 2020;
  EXPECT_EQ(InvalidField("iit-cumulative", in), "annual_basic_deduction_upfront");
  in["tax_year"] = 2018;
  EXPECT_EQ(InvalidField("iit-cumulative", in), "tax_year");
}

TEST(RunPayrollCalc, IitCumulativeRejectsBadInputNamingTheField) {
  auto months = [](json m) { return json{{"months", json::array({m})}}; };
  EXPECT_EQ(InvalidField("iit-cumulative", months({{"month", 1}, {"gross", -100}})), "months[0].gross");
  EXPECT_EQ(InvalidField("iit-cumulative", months({{"month", 1}, {"gross", "12a"}})), "months[0].gross");
  EXPECT_EQ(InvalidField("iit-cumulative", months({{"month", 1}, {"gross", true}})), "months[0].gross");
  EXPECT_EQ(InvalidField("iit-cumulative", months({{"month", "1"}, {"gross", 1}})), "months[0].month");
  EXPECT_EQ(InvalidField("iit-cumulative", months({{"month", 1.0}, {"gross", 1}})), "months[0].month");
  EXPECT_EQ(InvalidField("iit-cumulative", months({{"month", 0}, {"gross", 1}})), "months[0].month");
  EXPECT_EQ(InvalidField("iit-cumulative", months({{"month", 1}})), "months[0].gross");
  EXPECT_EQ(InvalidField("iit-cumulative", months({{"month", 1}, {"gross", 1}, {"bonus", 5}})), "months[0].bonus");
  EXPECT_EQ(InvalidField("iit-cumulative", months(json::array())), "months[0]");

  json out_of_order = {{"months", {{{"month", 3}, {"gross", 1}}, {{"month", 2}, {"gross", 1}}}}};
  EXPECT_EQ(InvalidField("iit-cumulative", out_of_order), "months[1].month");
  EXPECT_EQ(InvalidField("iit-cumulative", {{"months", json::array()}}), "months");
  EXPECT_EQ(InvalidField("iit-cumulative", json::object()), "months");
  EXPECT_EQ(InvalidField("iit-cumulative", {{"months", "Jan"}}), "months");
  EXPECT_EQ(InvalidField("iit-cumulative", {{"montsh", json::array()}}), "montsh");
  EXPECT_EQ(InvalidField("iit-cumulative", {{"hire_month", 13}, {"months", json::array()}}), "hire_month");
  EXPECT_EQ(InvalidField("iit-cumulative", {{"annual_basic_deduction_upfront", "yes"}}),
            "annual_basic_deduction_upfront");
  EXPECT_EQ(InvalidField("iit-cumulative", json::array()), "input");
}

TEST(RunPayrollCalc, NullMeansAbsentForOptionalFields) {
  json in = {{"hire_month", nullptr}, {"months", {{{"month", 1}, {"gross", 10000}, {"special_deduction", nullptr}}}}};
  EXPECT_EQ(Calc("iit-cumulative", in)["per_month"][0]["cum_taxable_income"], "5000.00");
}

TEST(RunPayrollCalc, AnnualBonus) {
  json out = Calc("annual-bonus", {{"bonus", "36000.01"}});
  EXPECT_EQ(out["monthly_equivalent"], "3000.00");
  EXPECT_EQ(out["rate"], 0.1);
  EXPECT_EQ(out["quick_deduction"], "210.00");
  EXPECT_EQ(out["tax"], "3390.00");
  EXPECT_EQ(out["after_tax"], "32610.01");
  EXPECT_EQ(Calc("annual-bonus", {{"bonus", 36000}})["tax"], "1080.00");
  EXPECT_EQ(InvalidField("annual-bonus", {{"bonus", 36000}, {"as_of", "2028-01-01"}}), "as_of");
  EXPECT_EQ(InvalidField("annual-bonus", {{"bonus", 36000}, {"as_of", "2025-13-01"}}), "as_of");
  EXPECT_EQ(Calc("annual-bonus", {{"bonus", 36000}, {"as_of", "2027-12-31"}})["tax"], "1080.00");
  EXPECT_EQ(InvalidField("annual-bonus", json::object()), "bonus");
  EXPECT_EQ(InvalidField("annual-bonus", {{"bonus", -1}}), "bonus");
}

TEST(RunPayrollCalc, LaborRemuneration) {
  json out = Calc("labor-remuneration", {{"gross_per_payment", 4000}});
  EXPECT_EQ(out["expense_deduction"], "800.00");
  EXPECT_EQ(out["taxable_income"], "3200.00");
  EXPECT_EQ(out["rate"], 0.2);
  EXPECT_EQ(out["quick_deduction"], "0.00");
  EXPECT_EQ(out["prepaid_tax"], "640.00");
  out = Calc("labor-remuneration", {{"gross_per_payment", "62500.01"}});
  EXPECT_EQ(out["rate"], 0.4);
  EXPECT_EQ(out["prepaid_tax"], "13000.00");
  EXPECT_EQ(InvalidField("labor-remuneration", {{"gross", 1}}), "gross");
}

TEST(RunPayrollCalc, OvertimePay) {
  json out = Calc("overtime-pay", {{"monthly_wage", 21750},
                                   {"weekday_ot_hours", 10},
                                   {"restday_ot_hours_no_comp_leave", "8"},
                                   {"holiday_ot_hours", 8.0}});
  EXPECT_EQ(out["daily_rate"], "1000.00");
  EXPECT_EQ(out["hourly_rate"], "125.00");
  EXPECT_EQ(out["overtime_pay"], "6875.00");
  EXPECT_EQ(Calc("overtime-pay", {{"monthly_wage", 21750}, {"weekday_ot_hours", 1.5}})["overtime_pay"], "281.25");
  EXPECT_EQ(InvalidField("overtime-pay", {{"monthly_wage", 1}, {"weekday_ot_hours", -1}}), "weekday_ot_hours");
  EXPECT_EQ(InvalidField("overtime-pay", {{"monthly_wage", 1}, {"weekday_ot_hours", 1.125}}), "weekday_ot_hours");
  EXPECT_EQ(InvalidField("overtime-pay", {{"monthly_wage", 1}, {"holiday_ot_hours", 745}}), "holiday_ot_hours");
  EXPECT_EQ(InvalidField("overtime-pay", {{"monthly_wage", 1}, {"restday_ot_hours", 1}}), "restday_ot_hours");
}

TEST(RunPayrollCalc, Severance) {
  json in = {{"service_years", 3},
             {"service_extra_months", 3},
             {"avg_monthly_wage_12m", 10000},
             {"local_prev_year_avg_monthly_wage", 8000},
             {"local_min_wage", 2690}};
  json out = Calc("severance", in);
  EXPECT_EQ(out["n_months"], 3.5);
  EXPECT_EQ(out["monthly_base"], "10000.00");
  EXPECT_EQ(out["wage_capped_at_3x"], false);
  EXPECT_EQ(out["amount"], "35000.00");
  in["service_extra_months"] = 6;
  EXPECT_EQ(Calc("severance", in)["n_months"].dump(), "4");
  in["unlawful_termination"] = true;
  EXPECT_EQ(Calc("severance", in)["amount"], "80000.00");
  in["avg_monthly_wage_12m"] = 30000;
  in["service_years"] = 20;
  out = Calc("severance", in);
  EXPECT_EQ(out["wage_capped_at_3x"], true);
  EXPECT_EQ(out["n_months"], 12);
  EXPECT_EQ(out["amount"], "576000.00");
  EXPECT_EQ(InvalidField("severance", {{"service_years", 1}, {"avg_monthly_wage_12m", 1}}),
            "local_prev_year_avg_monthly_wage");
  in["service_extra_months"] = 12;
  EXPECT_EQ(InvalidField("severance", in), "service_extra_months");
}

TEST(RunPayrollCalc, AnnualLeave) {
  json out = Calc("annual-leave", {{"cumulative_service_years", 12},
                                   {"termination_date", "2025-03-31"},
                                   {"avg_monthly_wage_12m_excl_overtime", "21750"}});
  EXPECT_EQ(out["entitlement_days"], 10);
  EXPECT_EQ(out["days"], 2);
  EXPECT_EQ(out["unused_days_payable"], 2);
  EXPECT_EQ(out["daily_wage"], "1000.00");
  EXPECT_EQ(out["extra_pay_200pct"], "4000.00");
  EXPECT_EQ(out["total_300pct_incl_normal"], "6000.00");
  out = Calc("annual-leave", {{"cumulative_service_years", 1}, {"days_taken", 0.5}});
  EXPECT_EQ(out["unused_days_payable"], 4.5);
  EXPECT_TRUE(out["daily_wage"].is_null());
  EXPECT_EQ(Calc("annual-leave", {{"cumulative_service_years", "9.99"}})["entitlement_days"], 5);
  EXPECT_EQ(InvalidField("annual-leave", json::object()), "cumulative_service_years");
  EXPECT_EQ(InvalidField("annual-leave", {{"cumulative_service_years", 3}, {"hire_date", "2025/01/01"}}), "hire_date");
  EXPECT_EQ(InvalidField("annual-leave", {{"cumulative_service_years", 3}, {"employee_waived_in_writing", 1}}),
            "employee_waived_in_writing");
}

TEST(RunPayrollCalc, UnknownKindIsInvalidAndKindsAreListed) {
  EXPECT_EQ(InvalidField("income-tax", json::object()), "kind");
  EXPECT_EQ(PayrollCalcKinds().size(), 6u);
  for (auto kind : PayrollCalcKinds()) EXPECT_NE(InvalidField(kind, json::array()), "kind") << kind;
}

}  // namespace
}  // namespace payroll
