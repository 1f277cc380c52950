#include "payroll/payslip.h"

#include <string>

#include "payroll/json_input.h"
#include "payroll/labor.h"

namespace payroll {

using core::Money;
using core::Rounding;
using detail::Invalid;

namespace {

constexpr LineLabel kLabels[kLineCodeCount] = {
    {"base_salary", "基本工资", "Base salary", LineKind::kEarning},
    {"absence_deduction", "缺勤扣款", "Absence deduction", LineKind::kEarning},
    {"overtime_weekday", "工作日加班工资（150%）", "Overtime, working days (150%)", LineKind::kEarning},
    {"overtime_rest_day", "休息日加班工资（200%）", "Overtime, rest days (200%)", LineKind::kEarning},
    {"overtime_holiday", "法定节假日加班工资（300%）", "Overtime, statutory holidays (300%)", LineKind::kEarning},
    {"taxable_allowance", "津贴补贴", "Allowances", LineKind::kEarning},
    {"tax_free_allowance", "免税津贴补贴", "Tax-free allowances", LineKind::kEarning},
    {"bonus", "奖金", "Bonus", LineKind::kEarning},
    {"annual_bonus", "全年一次性奖金", "Annual one-time bonus", LineKind::kEarning},
    {"pension_employee", "养老保险（个人）", "Pension insurance (employee)", LineKind::kEmployeeDeduction},
    {"medical_employee", "医疗保险（个人）", "Medical insurance (employee)", LineKind::kEmployeeDeduction},
    {"unemployment_employee", "失业保险（个人）", "Unemployment insurance (employee)", LineKind::kEmployeeDeduction},
    {"work_injury_employee", "工伤保险（个人）", "Work-injury insurance (employee)", LineKind::kEmployeeDeduction},
    {"maternity_employee", "生育保险（个人）", "Maternity insurance (employee)", LineKind::kEmployeeDeduction},
    {"housing_fund_employee", "住房公积金（个人）", "Housing fund (employee)", LineKind::kEmployeeDeduction},
    {"income_tax", "个人所得税", "Individual income tax", LineKind::kEmployeeDeduction},
    {"annual_bonus_tax", "全年一次性奖金个人所得税", "Income tax on the annual bonus", LineKind::kEmployeeDeduction},
    {"other_deduction", "其他扣除（税前）", "Other deductions (before tax)", LineKind::kEmployeeDeduction},
    {"post_tax_deduction", "其他扣款（税后）", "Other deductions (after tax)", LineKind::kEmployeeDeduction},
    {"pension_employer", "养老保险（单位）", "Pension insurance (employer)", LineKind::kEmployerContribution},
    {"medical_employer", "医疗保险（单位）", "Medical insurance (employer)", LineKind::kEmployerContribution},
    {"unemployment_employer", "失业保险（单位）", "Unemployment insurance (employer)", LineKind::kEmployerContribution},
    {"work_injury_employer", "工伤保险（单位）", "Work-injury insurance (employer)", LineKind::kEmployerContribution},
    {"maternity_employer", "生育保险（单位）", "Maternity insurance (employer)", LineKind::kEmployerContribution},
    {"housing_fund_employer", "住房公积金（单位）", "Housing fund (employer)", LineKind::kEmployerContribution},
};
static_assert(static_cast<size_t>(LineCode::kHousingFundEmployer) + 1 == kLineCodeCount);
static_assert(static_cast<size_t>(LineCode::kHousingFundEmployee) - static_cast<size_t>(LineCode::kPensionEmployee) +
                  1 ==
              kSchemeCount);

// Field names are literals, so the happy path builds no string.
core::Status CheckAmount(Money m, const char* field) {
  if (m.fen() < 0) return Invalid(field, "must not be negative");
  if (m.fen() > core::kMaxAmountFen) return Invalid(field, "amount too large");
  return {};
}

core::Status CheckHours(int64_t x100, const char* field) {
  if (x100 < 0) return Invalid(field, "must not be negative");
  if (x100 > kMaxOvertimeHoursX100) return Invalid(field, "more hours than a month has");
  return {};
}

// Overtime pay for one kind of hours, through labor.h's OvertimePay (劳动法第44条; monthly ÷ 21.75 ÷ 8,
// rounded once half-up), so each payslip line is rounded once.
core::Result<Money> OvertimeLine(Money wage, int64_t weekday, int64_t rest, int64_t holiday,
                                 const WageConversionRules& rules) {
  if (weekday == 0 && rest == 0 && holiday == 0) return Money();
  OvertimeInput in;
  in.monthly_wage = wage;
  in.weekday_hours_x100 = weekday;
  in.rest_day_hours_x100 = rest;
  in.holiday_hours_x100 = holiday;
  HF_ASSIGN(OvertimePayResult r, OvertimePay(in, rules));
  return r.overtime_pay;
}

class LineWriter {
 public:
  explicit LineWriter(Payslip& p) : p_(p) {}
  // Adds a line when the amount is not zero (or always, for the base salary).
  void Add(LineCode code, Money amount, bool always = false) {
    if (amount.fen() == 0 && !always) return;
    p_.line_storage[p_.line_count++] = PayslipLine{code, amount};
  }

 private:
  Payslip& p_;
};

LineCode Offset(LineCode first, size_t scheme) { return static_cast<LineCode>(static_cast<size_t>(first) + scheme); }

}  // namespace

const LineLabel& Describe(LineCode code) { return kLabels[static_cast<size_t>(code)]; }

core::Result<MonthRules> ResolveMonthRules(const RuleBook& book, const WorkCalendar* calendar, int year,
                                           unsigned month) {
  if (month < 1 || month > 12 || year < 1900 || year > 9999) return Invalid("month", "not a valid month");
  const core::Date first(year, month, 1);
  MonthRules m;
  m.year = year;
  m.month = month;
  // The tax year's table is the one in force on 1 January (as `hireflow calc iit-cumulative` picks it).
  m.income_tax = book.comprehensive_income.At(core::Date(year, 1, 1));
  if (!m.income_tax) return Invalid("month", "no cumulative-withholding rule for tax year " + std::to_string(year));
  m.wage = book.wage_conversion.At(first);
  if (!m.wage) return Invalid("month", "no wage-conversion rule in force on " + first.ToString());
  m.annual_bonus = book.annual_bonus.At(first);
  m.labor_remuneration = book.labor_remuneration.At(first);
  m.days = ResolveMonthDays(calendar, year, month);
  return m;
}

core::Result<Payslip> ComputePayslip(const PayslipInput& in, const CityRates& rates, const MonthRules& month) {
  if (rates.year != month.year || rates.month != month.month) {
    return Invalid("month", "city rates and month rules are for different months");
  }
  const int year = month.year;
  const unsigned mon = month.month;
  const WageConversionRules& wage = *month.wage;
  const ComprehensiveIncomeRules& tax_rules = *month.income_tax;

  HF_TRY(CheckAmount(in.monthly_salary, "monthly_salary"));
  HF_TRY(CheckAmount(in.taxable_allowances, "taxable_allowances"));
  HF_TRY(CheckAmount(in.tax_free_allowances, "tax_free_allowances"));
  HF_TRY(CheckAmount(in.bonus, "bonus"));
  HF_TRY(CheckAmount(in.annual_bonus, "annual_bonus"));
  HF_TRY(CheckAmount(in.special_additional_deduction, "special_additional_deduction"));
  HF_TRY(CheckAmount(in.other_deduction, "other_deduction"));
  HF_TRY(CheckAmount(in.post_tax_deduction, "post_tax_deduction"));
  const Money ot_base = in.overtime_wage_base.value_or(in.monthly_salary);
  HF_TRY(CheckAmount(ot_base, "overtime_wage_base"));
  HF_TRY(CheckHours(in.weekday_overtime_hours_x100, "weekday_overtime_hours"));
  HF_TRY(CheckHours(in.rest_day_overtime_hours_x100, "rest_day_overtime_hours"));
  HF_TRY(CheckHours(in.holiday_overtime_hours_x100, "holiday_overtime_hours"));

  // --- days employed this month ------------------------------------------------------------------------
  const MonthDays& days = month.days;
  const core::Date month_first(year, mon, 1);
  const core::Date month_last(year, mon, days.days);
  unsigned first_day = 1, last_day = days.days;
  if (in.hire_date) {
    if (*in.hire_date > month_last) return Invalid("hire_date", "after the pay month");
    if (*in.hire_date >= month_first) first_day = in.hire_date->day();
  }
  if (in.termination_date) {
    if (*in.termination_date < month_first) return Invalid("termination_date", "before the pay month");
    if (*in.termination_date <= month_last) last_day = in.termination_date->day();
  }
  if (in.hire_date && in.termination_date && *in.hire_date > *in.termination_date) {
    return Invalid("hire_date", "after termination_date");
  }

  // --- tax-year state ----------------------------------------------------------------------------------
  const CumulativeState& prev = in.ytd;
  if (prev.tax_year != year) {
    return Invalid("ytd.tax_year", "is " + std::to_string(prev.tax_year) + ", the payslip is for " +
                                       std::to_string(year) + " (start a year with CumulativeState::NewYear)");
  }
  if (prev.last_month >= static_cast<int>(mon)) {
    return Invalid("ytd.last_month", "already includes month " + std::to_string(prev.last_month));
  }
  // 任职受雇从业月份: from the hire month when hired this year, else from January (公告2018年第61号).
  const int first_month = prev.first_month != 0                            ? prev.first_month
                          : (in.hire_date && in.hire_date->year() == year) ? static_cast<int>(in.hire_date->month())
                                                                           : 1;
  if (first_month < 1 || first_month > static_cast<int>(mon)) return Invalid("ytd.first_month", "after the pay month");
  if (prev.annual_basic_deduction_upfront) {
    if (!tax_rules.annual_basic_deduction_upfront_allowed) {
      return Invalid("ytd.annual_basic_deduction_upfront",
                     "the 60,000 up-front method applies from tax year 2021 (国家税务总局公告2020年第19号)");
    }
    if (first_month != 1) {
      return Invalid("ytd.annual_basic_deduction_upfront", "needs employment at this employer since January");
    }
  }

  Payslip p;
  p.year = year;
  p.month = mon;
  p.official_calendar = days.official_calendar;
  p.rates_provisional = rates.provisional;

  // --- base salary and proration -----------------------------------------------------------------------
  // 劳社部发〔2008〕3号: 月计薪天数 21.75 = (365 − 104) ÷ 12, paid holidays included. A paid day (计薪日) is a
  // workday or a statutory holiday, so a month's paid days average 21.75 (docs: "Proration").
  const Rational paid = wage.monthly_paid_days;  // 2175 / 100
  p.paid_days_in_month = days.PaidDays(1, days.days);
  p.paid_days_employed = days.PaidDays(first_day, last_day);
  p.base_salary = in.monthly_salary;
  if (p.paid_days_employed != p.paid_days_in_month) {
    p.prorated = true;
    if (in.proration == ProrationMethod::kPaidDays) {
      // monthly ÷ 21.75 × paid days employed, rounded once half-up; never more than the monthly salary
      // (a month with 23 paid days would otherwise pay 23/21.75 of it).
      p.base_salary = core::Min(in.monthly_salary,
                                in.monthly_salary.MulDiv(p.paid_days_employed * paid.den, paid.num, Rounding::kHalfUp));
    } else {
      const int missed = p.paid_days_in_month - p.paid_days_employed;
      p.base_salary = core::Max(
          Money(), in.monthly_salary - in.monthly_salary.MulDiv(missed * paid.den, paid.num, Rounding::kHalfUp));
    }
  }

  // --- absence -----------------------------------------------------------------------------------------
  if (in.absence_days_x100 < 0) return Invalid("absence_days", "must not be negative");
  if (in.absence_days_x100 > int64_t{p.paid_days_employed} * 100) {
    return Invalid("absence_days", "more than the " + std::to_string(p.paid_days_employed) + " paid days employed");
  }
  // 日工资 = 月工资 ÷ 21.75 (劳社部发〔2008〕3号); rounded once half-up, never more than the base salary due.
  p.absence_deduction = core::Min(
      p.base_salary, in.monthly_salary.MulDiv(in.absence_days_x100 * paid.den, paid.num * 100, Rounding::kHalfUp));
  // No paid day attended, no base salary: in a month of fewer than 21.75 paid days the daily deduction
  // alone would leave a residue (19 absent days of 19 cost only 19/21.75 of the salary).
  if (p.paid_days_employed > 0 && in.absence_days_x100 == int64_t{p.paid_days_employed} * 100) {
    p.absence_deduction = p.base_salary;
  }

  // --- overtime: one line per kind, each through OvertimePay --------------------------------------------
  HF_ASSIGN(Money ot_weekday, OvertimeLine(ot_base, in.weekday_overtime_hours_x100, 0, 0, wage));
  HF_ASSIGN(Money ot_rest, OvertimeLine(ot_base, 0, in.rest_day_overtime_hours_x100, 0, wage));
  HF_ASSIGN(Money ot_holiday, OvertimeLine(ot_base, 0, 0, in.holiday_overtime_hours_x100, wage));
  p.overtime_pay = ot_weekday + ot_rest + ot_holiday;

  p.gross_pay = p.base_salary - p.absence_deduction + p.overtime_pay + in.taxable_allowances + in.tax_free_allowances +
                in.bonus + in.annual_bonus;

  // --- social insurance and housing fund ---------------------------------------------------------------
  ContributionInput ci;
  ci.social_insurance_base = in.social_insurance_base.value_or(in.monthly_salary);
  ci.housing_fund_base = in.housing_fund_base;
  ci.housing_fund_ppm = in.housing_fund_ppm;
  ci.local_hukou = in.local_hukou;
  ci.social_insurance = in.social_insurance_this_month;
  ci.housing_fund = in.housing_fund_this_month;
  HF_ASSIGN(p.contributions, ComputeContributions(ci, rates));

  // --- annual one-time bonus ---------------------------------------------------------------------------
  CumulativeState next = prev;
  p.wage_income = p.gross_pay;
  Money bonus_tax;
  if (in.annual_bonus_separately && in.annual_bonus.fen() > 0) {
    // 财税〔2018〕164号 第一条(一): 在一个纳税年度内，对每一个纳税人，该计税办法只允许采用一次.
    if (prev.annual_bonus_taxed_separately) {
      return Invalid("annual_bonus_separately",
                     "the separate method was already used in tax year " + std::to_string(year));
    }
    if (!month.annual_bonus) {
      return Invalid("annual_bonus_separately",
                     "separate taxation of the annual bonus is not in force in " + month_first.ToString().substr(0, 7));
    }
    HF_ASSIGN(BonusTax bt, AnnualBonusTax(in.annual_bonus, *month.annual_bonus));
    p.annual_bonus_tax = bt;
    bonus_tax = bt.tax;
    p.wage_income -= in.annual_bonus;
    next.annual_bonus_taxed_separately = true;
  }

  // --- cumulative withholding (累计预扣法, 公告2018年第61号) ---------------------------------------------
  next.first_month = first_month;
  next.last_month = static_cast<int>(mon);
  next.months_employed = next.last_month - first_month + 1;
  next.income += p.wage_income;
  next.tax_free_income += in.tax_free_allowances;
  next.special_deduction += p.contributions.employee_total;
  next.special_additional_deduction += in.special_additional_deduction;
  next.other_deduction += in.other_deduction;
  // 累计减除费用 = 5,000 × months employed this year, paid or not; 60,000 from January under 公告2020年第19号.
  next.basic_deduction = prev.annual_basic_deduction_upfront
                             ? tax_rules.basic_deduction_per_month * 12
                             : tax_rules.basic_deduction_per_month * next.months_employed;
  const Money cum_net = next.income - next.tax_free_income - next.special_deduction -
                        next.special_additional_deduction - next.other_deduction;
  p.withholding =
      WithholdingForMonth(static_cast<int>(mon), cum_net, next.basic_deduction, prev.withheld_tax, tax_rules);
  p.income_tax = p.withholding.withheld_this_month;
  next.taxable_income = p.withholding.cum_taxable_income;
  next.tax = p.withholding.cum_tax;
  next.withheld_tax = p.withholding.cum_withheld;
  p.ytd = next;

  // --- totals ------------------------------------------------------------------------------------------
  p.net_pay = p.gross_pay - p.contributions.employee_total - p.income_tax - bonus_tax - in.other_deduction -
              in.post_tax_deduction;
  p.employer_cost = p.gross_pay + p.contributions.employer_total;

  // --- lines -------------------------------------------------------------------------------------------
  LineWriter w(p);
  w.Add(LineCode::kBaseSalary, p.base_salary, /*always=*/true);
  w.Add(LineCode::kAbsenceDeduction, -p.absence_deduction);
  w.Add(LineCode::kOvertimeWeekday, ot_weekday);
  w.Add(LineCode::kOvertimeRestDay, ot_rest);
  w.Add(LineCode::kOvertimeHoliday, ot_holiday);
  w.Add(LineCode::kTaxableAllowance, in.taxable_allowances);
  w.Add(LineCode::kTaxFreeAllowance, in.tax_free_allowances);
  w.Add(LineCode::kBonus, in.bonus);
  w.Add(LineCode::kAnnualBonus, in.annual_bonus);
  for (size_t s = 0; s < kSchemeCount; ++s)
    w.Add(Offset(LineCode::kPensionEmployee, s), p.contributions.by_scheme[s].employee);
  w.Add(LineCode::kIncomeTax, p.income_tax);
  w.Add(LineCode::kAnnualBonusTax, bonus_tax);
  w.Add(LineCode::kOtherDeduction, in.other_deduction);
  w.Add(LineCode::kPostTaxDeduction, in.post_tax_deduction);
  for (size_t s = 0; s < kSchemeCount; ++s)
    w.Add(Offset(LineCode::kPensionEmployer, s), p.contributions.by_scheme[s].employer);
  return p;
}

core::Result<LaborPayment> ComputeLaborPayment(Money gross, const MonthRules& month) {
  if (gross.fen() < 0) return Invalid("gross", "must not be negative");
  if (!month.labor_remuneration) return Invalid("month", "no labour-remuneration rule in force");
  LaborPayment out;
  out.gross = gross;
  HF_ASSIGN(out.prepayment, LaborRemunerationPrepayment(gross, *month.labor_remuneration));
  out.net_pay = gross - out.prepayment.prepaid_tax;
  return out;
}

}  // namespace payroll
