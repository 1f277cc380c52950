#include "payroll/calc.h"

#include <string>

#include "payroll/iit.h"
#include "payroll/json_input.h"
#include "payroll/labor.h"
#include "payroll/payslip.h"
#include "payroll/rules.h"
#include "payroll/social_insurance.h"
#include "payroll/work_calendar.h"

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

// --- social-insurance and payslip: the monthly engine (payslip.h) ------------------------------------

json RatePpm(int32_t ppm) { return json(ppm / 1'000'000.0); }  // display only: 120000 -> 0.12

// A percentage with at most two decimals ("12", 0.16) as parts per million.
core::Result<std::optional<int32_t>> PercentPpm(ObjectReader& o, std::string_view key) {
  HF_ASSIGN(auto x100, o.Hundredths(key, 100 * 100));
  if (!x100) return std::optional<int32_t>();
  return std::optional<int32_t>(static_cast<int32_t>(*x100 * 100));
}

struct PayPeriod {
  std::string city;
  int year = 0;
  unsigned month = 0;
};

core::Result<PayPeriod> ReadPeriod(ObjectReader& o) {
  PayPeriod p;
  HF_ASSIGN(p.city, Require(o.String("city"), o, "city"));
  HF_ASSIGN(int64_t year, Require(o.Integer("year", 1900, 9999), o, "year"));
  HF_ASSIGN(int64_t month, Require(o.Integer("month", 1, 12), o, "month"));
  p.year = static_cast<int>(year);
  p.month = static_cast<unsigned>(month);
  return p;
}

json ContributionsJson(const Contributions& c, const CityRates& rates) {
  json schemes = json::object();
  for (Scheme s : kSchemes) {
    if (!rates[s].separate) continue;
    schemes[std::string(SchemeCode(s))] = {
        {"base", c[s].base.ToString()}, {"employee", c[s].employee.ToString()}, {"employer", c[s].employer.ToString()}};
  }
  return json{{"schemes", std::move(schemes)},
              {"housing_fund_rate", RatePpm(c.housing_fund_ppm)},
              {"employee_total", c.employee_total.ToString()},
              {"employer_total", c.employer_total.ToString()}};
}

json RulesJson(const CityRates& rates) {
  return json{{"city", std::string(rates.city)},
              {"effective_from", rates.rules->effective.from.ToString()},
              {"provisional", rates.provisional},
              {"note", rates.rules->note},
              {"sources", rates.rules->effective.sources}};
}

core::Result<json> SocialInsurance(const json& input) {
  HF_ASSIGN(ObjectReader o, ObjectReader::Open(input, ""));
  HF_TRY(o.Only(
      {"city", "year", "month", "base", "housing_fund_base", "housing_fund_rate", "local_hukou", "work_injury_rate"}));
  HF_ASSIGN(PayPeriod period, ReadPeriod(o));
  ContributionInput in;
  HF_ASSIGN(in.social_insurance_base, Require(o.Amount("base"), o, "base"));
  HF_ASSIGN(in.housing_fund_base, o.Amount("housing_fund_base"));
  HF_ASSIGN(in.housing_fund_ppm, PercentPpm(o, "housing_fund_rate"));
  HF_ASSIGN(auto hukou, o.Boolean("local_hukou"));
  in.local_hukou = hukou.value_or(false);
  CityRateOverrides overrides;
  HF_ASSIGN(overrides.work_injury_employer_ppm, PercentPpm(o, "work_injury_rate"));
  HF_ASSIGN(CityRates rates,
            ResolveCityRates(SocialInsuranceBook::Builtin(), period.city, period.year, period.month, overrides));
  // The reader has already refused a negative or too large base, so an error here is the housing-fund rate.
  HF_ASSIGN(Contributions c, ComputeContributions(in, rates));
  json out = ContributionsJson(c, rates);
  out["rules"] = RulesJson(rates);
  return out;
}

core::Result<CumulativeState> ReadYtd(ObjectReader& parent, int year) {
  const json* raw = parent.Raw("ytd");
  if (!raw) return CumulativeState::NewYear(year);
  HF_ASSIGN(ObjectReader y, ObjectReader::Open(*raw, "ytd"));
  CumulativeState s;
  HF_ASSIGN(int64_t tax_year, Require(y.Integer("tax_year", 1900, 9999), y, "tax_year"));
  s.tax_year = static_cast<int>(tax_year);
  HF_ASSIGN(auto first, y.Integer("first_month", 0, 12));
  HF_ASSIGN(auto last, y.Integer("last_month", 0, 12));
  HF_ASSIGN(auto employed, y.Integer("months_employed", 0, 12));
  s.first_month = static_cast<int>(first.value_or(0));
  s.last_month = static_cast<int>(last.value_or(0));
  s.months_employed = static_cast<int>(employed.value_or(0));
  HF_ASSIGN(auto upfront, y.Boolean("annual_basic_deduction_upfront"));
  HF_ASSIGN(auto bonus_used, y.Boolean("annual_bonus_taxed_separately"));
  s.annual_basic_deduction_upfront = upfront.value_or(false);
  s.annual_bonus_taxed_separately = bonus_used.value_or(false);
  struct Field {
    const char* key;
    Money CumulativeState::*member;
  };
  for (const Field& f :
       {Field{"income", &CumulativeState::income}, Field{"tax_free_income", &CumulativeState::tax_free_income},
        Field{"basic_deduction", &CumulativeState::basic_deduction},
        Field{"special_deduction", &CumulativeState::special_deduction},
        Field{"special_additional_deduction", &CumulativeState::special_additional_deduction},
        Field{"other_deduction", &CumulativeState::other_deduction},
        Field{"taxable_income", &CumulativeState::taxable_income}, Field{"tax", &CumulativeState::tax},
        Field{"withheld_tax", &CumulativeState::withheld_tax}}) {
    HF_ASSIGN(auto m, y.Amount(f.key));
    s.*f.member = m.value_or(Money());
  }
  HF_TRY(y.Finish());
  return s;
}


core::Result<json> PayslipKind(const json& input) {
  HF_ASSIGN(ObjectReader o, ObjectReader::Open(input, ""));
  HF_TRY(o.Only({"city",
                 "year",
                 "month",
                 "monthly_salary",
                 "hire_date",
                 "termination_date",
                 "proration",
                 "taxable_allowances",
                 "tax_free_allowances",
                 "bonus",
                 "annual_bonus",
                 "annual_bonus_separately",
                 "weekday_overtime_hours",
                 "rest_day_overtime_hours",
                 "holiday_overtime_hours",
                 "overtime_wage_base",
                 "absence_days",
                 "social_insurance_base",
                 "housing_fund_base",
                 "housing_fund_rate",
                 "local_hukou",
                 "social_insurance_this_month",
                 "housing_fund_this_month",
                 "work_injury_rate",
                 "special_additional_deduction",
                 "other_deduction",
                 "post_tax_deduction",
                 "official_calendar",
                 "ytd"}));
  HF_ASSIGN(PayPeriod period, ReadPeriod(o));
  PayslipInput in;
  HF_ASSIGN(in.monthly_salary, Require(o.Amount("monthly_salary"), o, "monthly_salary"));
  HF_ASSIGN(in.hire_date, o.Day("hire_date"));
  HF_ASSIGN(in.termination_date, o.Day("termination_date"));
  HF_ASSIGN(auto proration, o.String("proration"));
  if (proration && *proration == "deduct_missed_days") {
    in.proration = ProrationMethod::kDeductMissedDays;
  } else if (proration && *proration != "paid_days") {
    return Invalid("proration", "expected \"paid_days\" or \"deduct_missed_days\"");
  }
  auto amount = [&](const char* key, Money& out) -> core::Status {
    HF_ASSIGN(auto m, o.Amount(key));
    out = m.value_or(Money());
    return {};
  };
  HF_TRY(amount("taxable_allowances", in.taxable_allowances));
  HF_TRY(amount("tax_free_allowances", in.tax_free_allowances));
  HF_TRY(amount("bonus", in.bonus));
  HF_TRY(amount("annual_bonus", in.annual_bonus));
  HF_TRY(amount("special_additional_deduction", in.special_additional_deduction));
  HF_TRY(amount("other_deduction", in.other_deduction));
  HF_TRY(amount("post_tax_deduction", in.post_tax_deduction));
  auto flag = [&](const char* key, bool& out) -> core::Status {
    HF_ASSIGN(auto b, o.Boolean(key));
    if (b) out = *b;
    return {};
  };
  HF_TRY(flag("annual_bonus_separately", in.annual_bonus_separately));
  HF_TRY(flag("local_hukou", in.local_hukou));
  HF_TRY(flag("social_insurance_this_month", in.social_insurance_this_month));
  HF_TRY(flag("housing_fund_this_month", in.housing_fund_this_month));
  bool official_calendar = true;
  HF_TRY(flag("official_calendar", official_calendar));
  auto hundredths = [&](const char* key, int64_t max, int64_t& out) -> core::Status {
    HF_ASSIGN(auto h, o.Hundredths(key, max));
    out = h.value_or(0);
    return {};
  };
  HF_TRY(hundredths("weekday_overtime_hours", kMaxOvertimeHoursX100, in.weekday_overtime_hours_x100));
  HF_TRY(hundredths("rest_day_overtime_hours", kMaxOvertimeHoursX100, in.rest_day_overtime_hours_x100));
  HF_TRY(hundredths("holiday_overtime_hours", kMaxOvertimeHoursX100, in.holiday_overtime_hours_x100));
  HF_TRY(hundredths("absence_days", 31 * 100, in.absence_days_x100));
  HF_ASSIGN(in.overtime_wage_base, o.Amount("overtime_wage_base"));
  HF_ASSIGN(in.social_insurance_base, o.Amount("social_insurance_base"));
  HF_ASSIGN(in.housing_fund_base, o.Amount("housing_fund_base"));
  HF_ASSIGN(in.housing_fund_ppm, PercentPpm(o, "housing_fund_rate"));
  CityRateOverrides overrides;
  HF_ASSIGN(overrides.work_injury_employer_ppm, PercentPpm(o, "work_injury_rate"));
  HF_ASSIGN(in.ytd, ReadYtd(o, period.year));

  HF_ASSIGN(CityRates rates,
            ResolveCityRates(SocialInsuranceBook::Builtin(), period.city, period.year, period.month, overrides));
  HF_ASSIGN(MonthRules month,
            ResolveMonthRules(RuleBook::Builtin(), official_calendar ? &WorkCalendar::Builtin() : nullptr, period.year,
                              period.month));
  HF_ASSIGN(Payslip p, ComputePayslip(in, rates, month));

  json lines = json::array();
  for (const PayslipLine& l : p.lines()) {
    const LineLabel& label = Describe(l.code);
    static constexpr const char* kKinds[] = {"earning", "employee_deduction", "employer_contribution"};
    lines.push_back({{"code", std::string(label.code)},
                     {"zh", std::string(label.zh)},
                     {"en", std::string(label.en)},
                     {"kind", kKinds[static_cast<size_t>(label.kind)]},
                     {"amount", l.amount.ToString()}});
  }
  json bonus = nullptr;
  if (p.annual_bonus_tax) {
    bonus = {{"rate", Rate(p.annual_bonus_tax->rate_bp)},
             {"quick_deduction", p.annual_bonus_tax->quick_deduction.ToString()},
             {"tax", p.annual_bonus_tax->tax.ToString()}};
  }
  return json{{"paid_days_in_month", p.paid_days_in_month},
              {"paid_days_employed", p.paid_days_employed},
              {"prorated", p.prorated},
              {"official_calendar", p.official_calendar},
              {"base_salary", p.base_salary.ToString()},
              {"gross_pay", p.gross_pay.ToString()},
              {"contributions", ContributionsJson(p.contributions, rates)},
              {"wage_income", p.wage_income.ToString()},
              {"cum_taxable_income", p.withholding.cum_taxable_income.ToString()},
              {"rate", Rate(p.withholding.rate_bp)},
              {"quick_deduction", p.withholding.quick_deduction.ToString()},
              {"cum_tax", p.withholding.cum_tax.ToString()},
              {"income_tax", p.income_tax.ToString()},
              {"annual_bonus_tax", std::move(bonus)},
              {"net_pay", p.net_pay.ToString()},
              {"employer_cost", p.employer_cost.ToString()},
              {"lines", std::move(lines)},
              {"ytd", CumulativeStateJson(p.ytd)},
              {"rules", RulesJson(rates)}};
}

struct Kind {
  std::string_view name;
  core::Result<json> (*run)(const json&);
};

constexpr Kind kKinds[] = {
    {"iit-cumulative", IitCumulative}, {"annual-bonus", AnnualBonus}, {"labor-remuneration", LaborRemuneration},
    {"overtime-pay", Overtime},        {"severance", Severance},      {"annual-leave", AnnualLeave},
};

// The monthly engine's kinds, listed apart from the statutory calculators (see calc.h).
constexpr Kind kEngineKinds[] = {{"social-insurance", SocialInsurance}, {"payslip", PayslipKind}};

}  // namespace

core::Result<json> RunPayrollCalc(std::string_view kind, const json& input) {
  for (const Kind& k : kKinds) {
    if (k.name == kind) return k.run(input);
  }
  for (const Kind& k : kEngineKinds) {
    if (k.name == kind) return k.run(input);
  }
  std::string known;
  for (const Kind& k : kKinds) known += (known.empty() ? "" : ", ") + std::string(k.name);
  for (const Kind& k : kEngineKinds) known += ", " + std::string(k.name);
  return Invalid("kind", "unknown calculator '" + std::string(kind) + "' (known: " + known + ")");
}

std::vector<std::string_view> PayrollCalcKinds() {
  std::vector<std::string_view> v;
  for (const Kind& k : kKinds) v.push_back(k.name);
  return v;
}

std::vector<std::string_view> PayrollEngineCalcKinds() {
  std::vector<std::string_view> v;
  for (const Kind& k : kEngineKinds) v.push_back(k.name);
  return v;
}

json CumulativeStateJson(const CumulativeState& s) {
  return json{{"tax_year", s.tax_year},
              {"first_month", s.first_month},
              {"last_month", s.last_month},
              {"months_employed", s.months_employed},
              {"annual_basic_deduction_upfront", s.annual_basic_deduction_upfront},
              {"annual_bonus_taxed_separately", s.annual_bonus_taxed_separately},
              {"income", s.income.ToString()},
              {"tax_free_income", s.tax_free_income.ToString()},
              {"basic_deduction", s.basic_deduction.ToString()},
              {"special_deduction", s.special_deduction.ToString()},
              {"special_additional_deduction", s.special_additional_deduction.ToString()},
              {"other_deduction", s.other_deduction.ToString()},
              {"taxable_income", s.taxable_income.ToString()},
              {"tax", s.tax.ToString()},
              {"withheld_tax", s.withheld_tax.ToString()}};
}

}  // namespace payroll
