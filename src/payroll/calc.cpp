#include "payroll/calc.h"

#include <string>

#include "payroll/iit.h"
#include "payroll/json_input.h"
#include "payroll/labor.h"
#include "payroll/rules.h"

namespace payroll {

using core::Money;
using detail::Invalid;
using detail::ObjectReader;
using detail::Require;
using nlohmann::json;

namespace {

json Rate(int32_t bp) { return json(bp / 10'000.0); }  // display only: 300 -> 0.03

// Hundredths as a JSON number: whole values as integers (3), others as decimals (3.5).
json Hundredths(int64_t x100) {
  if (x100 % 100 == 0) return json(x100 / 100);
  return json(static_cast<double>(x100) / 100.0);
}

json OptMoney(const std::optional<Money>& m) { return m ? json(m->ToString()) : json(nullptr); }

// The version in force on the optional "as_of" date, or the newest version when it is absent.
template <typename T>
core::Result<const T*> PickVersion(ObjectReader& o, const Versions<T>& versions, std::string_view rule) {
  HF_ASSIGN(std::optional<core::Date> as_of, o.Day("as_of"));
  if (!as_of) return &versions.Latest();
  const T* v = versions.At(*as_of);
  if (!v) return Invalid("as_of", "no " + std::string(rule) + " rule in force on " + as_of->ToString());
  return v;
}

core::Result<json> IitCumulative(const json& input) {
  HF_ASSIGN(ObjectReader o, ObjectReader::Open(input, ""));
  HF_TRY(o.Only({"basic_deduction_per_month", "annual_basic_deduction_upfront", "hire_month", "tax_year", "months"}));
  WithholdingInput in;
  HF_ASSIGN(in.basic_deduction_per_month, o.Amount("basic_deduction_per_month"));
  HF_ASSIGN(auto upfront, o.Boolean("annual_basic_deduction_upfront"));
  in.annual_basic_deduction_upfront = upfront.value_or(false);
  HF_ASSIGN(auto hire, o.Integer("hire_month", 1, 12));
  if (hire) in.hire_month = static_cast<int>(*hire);
  HF_ASSIGN(auto tax_year, o.Integer("tax_year", 1900, 9999));
  const json* months = o.Raw("months");
  if (!months) return o.Missing("months");
  if (!months->is_array()) return Invalid("months", "expected an array");
  for (size_t i = 0; i < months->size(); ++i) {
    HF_ASSIGN(ObjectReader m, ObjectReader::Open((*months)[i], "months[" + std::to_string(i) + "]"));
    HF_TRY(m.Only(
        {"month", "gross", "tax_free_income", "special_deduction", "special_additional_deduction", "other_deduction"}));
    PayMonth pm;
    HF_ASSIGN(int64_t month, Require(m.Integer("month", 1, 12), m, "month"));
    pm.month = static_cast<int>(month);
    HF_ASSIGN(pm.gross, Require(m.Amount("gross"), m, "gross"));
    HF_ASSIGN(auto tax_free, m.Amount("tax_free_income"));
    HF_ASSIGN(auto special, m.Amount("special_deduction"));
    HF_ASSIGN(auto additional, m.Amount("special_additional_deduction"));
    HF_ASSIGN(auto other, m.Amount("other_deduction"));
    pm.tax_free_income = tax_free.value_or(Money());
    pm.special_deduction = special.value_or(Money());
    pm.special_additional_deduction = additional.value_or(Money());
    pm.other_deduction = other.value_or(Money());
    in.months.push_back(pm);
  }
  const auto& versions = RuleBook::Builtin().comprehensive_income;
  const ComprehensiveIncomeRules* rules = &versions.Latest();
  if (tax_year) {
    rules = versions.At(core::Date(static_cast<int>(*tax_year), 1, 1));
    if (!rules) return Invalid("tax_year", "no cumulative-withholding rule for tax year " + std::to_string(*tax_year));
  }
  HF_ASSIGN(WithholdingResult r, CumulativeWithholding(in, *rules));
  json lines = json::array();
  for (const WithholdingLine& l : r.per_month) {
    lines.push_back({{"month", l.month},
                     {"cum_taxable_income", l.cum_taxable_income.ToString()},
                     {"rate", Rate(l.rate_bp)},
                     {"quick_deduction", l.quick_deduction.ToString()},
                     {"cum_tax", l.cum_tax.ToString()},
                     {"withheld_this_month", l.withheld_this_month.ToString()},
                     {"cum_withheld", l.cum_withheld.ToString()}});
  }
  return json{{"per_month", std::move(lines)}, {"total_withheld", r.total_withheld.ToString()}};
}

core::Result<json> AnnualBonus(const json& input) {
  HF_ASSIGN(ObjectReader o, ObjectReader::Open(input, ""));
  HF_TRY(o.Only({"bonus", "as_of"}));
  HF_ASSIGN(Money bonus, Require(o.Amount("bonus"), o, "bonus"));
  HF_ASSIGN(const AnnualBonusRules* rules, PickVersion(o, RuleBook::Builtin().annual_bonus, "annual-bonus"));
  HF_ASSIGN(BonusTax t, AnnualBonusTax(bonus, *rules));
  return json{{"monthly_equivalent", t.monthly_equivalent.ToString()},
              {"rate", Rate(t.rate_bp)},
              {"quick_deduction", t.quick_deduction.ToString()},
              {"tax", t.tax.ToString()},
              {"after_tax", t.after_tax.ToString()}};
}

core::Result<json> LaborRemuneration(const json& input) {
  HF_ASSIGN(ObjectReader o, ObjectReader::Open(input, ""));
  HF_TRY(o.Only({"gross_per_payment", "as_of"}));
  HF_ASSIGN(Money gross, Require(o.Amount("gross_per_payment"), o, "gross_per_payment"));
  HF_ASSIGN(const LaborRemunerationRules* rules,
            PickVersion(o, RuleBook::Builtin().labor_remuneration, "labor-remuneration"));
  HF_ASSIGN(LaborPrepayment p, LaborRemunerationPrepayment(gross, *rules));
  return json{{"expense_deduction", p.expense_deduction.ToString()},
              {"taxable_income", p.taxable_income.ToString()},
              {"rate", Rate(p.rate_bp)},
              {"quick_deduction", p.quick_deduction.ToString()},
              {"prepaid_tax", p.prepaid_tax.ToString()}};
}

core::Result<json> Overtime(const json& input) {
  HF_ASSIGN(ObjectReader o, ObjectReader::Open(input, ""));
  HF_TRY(o.Only({"monthly_wage", "weekday_ot_hours", "restday_ot_hours_no_comp_leave", "holiday_ot_hours", "as_of"}));
  OvertimeInput in;
  HF_ASSIGN(in.monthly_wage, Require(o.Amount("monthly_wage"), o, "monthly_wage"));
  HF_ASSIGN(auto weekday, o.Hundredths("weekday_ot_hours", kMaxOvertimeHoursX100));
  HF_ASSIGN(auto rest, o.Hundredths("restday_ot_hours_no_comp_leave", kMaxOvertimeHoursX100));
  HF_ASSIGN(auto holiday, o.Hundredths("holiday_ot_hours", kMaxOvertimeHoursX100));
  HF_ASSIGN(const WageConversionRules* rules, PickVersion(o, RuleBook::Builtin().wage_conversion, "overtime-pay"));
  in.weekday_hours_x100 = weekday.value_or(0);
  in.rest_day_hours_x100 = rest.value_or(0);
  in.holiday_hours_x100 = holiday.value_or(0);
  HF_ASSIGN(OvertimePayResult r, OvertimePay(in, *rules));
  return json{{"hourly_rate", r.hourly_rate.ToString()},
              {"daily_rate", r.daily_rate.ToString()},
              {"overtime_pay", r.overtime_pay.ToString()}};
}

core::Result<json> Severance(const json& input) {
  HF_ASSIGN(ObjectReader o, ObjectReader::Open(input, ""));
  HF_TRY(o.Only({"service_years", "service_extra_months", "avg_monthly_wage_12m", "local_prev_year_avg_monthly_wage",
                 "local_min_wage", "unlawful_termination", "as_of"}));
  SeveranceInput in;
  HF_ASSIGN(in.service_years, Require(o.Integer("service_years", 0, 100), o, "service_years"));
  HF_ASSIGN(auto extra, o.Integer("service_extra_months", 0, 11));
  in.service_extra_months = extra.value_or(0);
  HF_ASSIGN(in.avg_monthly_wage_12m, Require(o.Amount("avg_monthly_wage_12m"), o, "avg_monthly_wage_12m"));
  HF_ASSIGN(in.local_prev_year_avg_monthly_wage,
            Require(o.Amount("local_prev_year_avg_monthly_wage"), o, "local_prev_year_avg_monthly_wage"));
  HF_ASSIGN(in.local_min_wage, o.Amount("local_min_wage"));
  HF_ASSIGN(auto unlawful, o.Boolean("unlawful_termination"));
  in.unlawful_termination = unlawful.value_or(false);
  HF_ASSIGN(const SeveranceRules* rules, PickVersion(o, RuleBook::Builtin().severance, "severance"));
  HF_ASSIGN(SeveranceResult r, SeverancePay(in, *rules));
  return json{{"n_months", Hundredths(r.n_half_months * 50)},
              {"monthly_base", r.monthly_base.ToString()},
              {"wage_capped_at_3x", r.wage_capped_at_3x},
              {"amount", r.amount.ToString()}};
}

core::Result<json> AnnualLeave(const json& input) {
  HF_ASSIGN(ObjectReader o, ObjectReader::Open(input, ""));
  HF_TRY(o.Only({"cumulative_service_years", "full_year_entitlement_days", "hire_date", "termination_date",
                 "days_taken", "avg_monthly_wage_12m_excl_overtime", "employee_waived_in_writing", "as_of"}));
  AnnualLeaveInput in;
  HF_ASSIGN(in.cumulative_service_years_x100,
            Require(o.Hundredths("cumulative_service_years", 100 * 100), o, "cumulative_service_years"));
  HF_ASSIGN(in.full_year_entitlement_days, o.Integer("full_year_entitlement_days", 0, 366));
  HF_ASSIGN(in.hire_date, o.Day("hire_date"));
  HF_ASSIGN(in.termination_date, o.Day("termination_date"));
  HF_ASSIGN(auto taken, o.Hundredths("days_taken", 366 * 100));
  in.days_taken_x100 = taken.value_or(0);
  HF_ASSIGN(in.avg_monthly_wage_12m_excl_overtime, o.Amount("avg_monthly_wage_12m_excl_overtime"));
  HF_ASSIGN(auto waived, o.Boolean("employee_waived_in_writing"));
  in.employee_waived_in_writing = waived.value_or(false);
  HF_ASSIGN(const AnnualLeaveRules* rules, PickVersion(o, RuleBook::Builtin().annual_leave, "annual-leave"));
  HF_ASSIGN(AnnualLeaveResult r, UnusedAnnualLeave(in, *rules));
  return json{{"entitlement_days", r.entitlement_days},
              {"days", r.days},
              {"unused_days_payable", Hundredths(r.unused_days_payable_x100)},
              {"daily_wage", OptMoney(r.daily_wage)},
              {"extra_pay_200pct", OptMoney(r.extra_pay_200pct)},
              {"total_300pct_incl_normal", OptMoney(r.total_300pct_incl_normal)}};
}

struct Kind {
  std::string_view name;
  core::Result<json> (*run)(const json&);
};

constexpr Kind kKinds[] = {
    {"iit-cumulative", IitCumulative}, {"annual-bonus", AnnualBonus}, {"labor-remuneration", LaborRemuneration},
    {"overtime-pay", Overtime},        {"severance", Severance},      {"annual-leave", AnnualLeave},
};

}  // namespace

core::Result<json> RunPayrollCalc(std::string_view kind, const json& input) {
  for (const Kind& k : kKinds) {
    if (k.name == kind) return k.run(input);
  }
  std::string known;
  for (const Kind& k : kKinds) known += (known.empty() ? "" : ", ") + std::string(k.name);
  return Invalid("kind", "unknown calculator '" + std::string(kind) + "' (known: " + known + ")");
}

std::vector<std::string_view> PayrollCalcKinds() {
  std::vector<std::string_view> v;
  for (const Kind& k : kKinds) v.push_back(k.name);
  return v;
}

}  // namespace payroll
