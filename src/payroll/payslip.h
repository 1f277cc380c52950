// The monthly payroll engine: one employee-month in, one payslip out. Pure and allocation-free on
// success: rules are resolved once per run into a CityRates (social_insurance.h) and a MonthRules
// (below), then ComputePayslip is called per employee. No database, no JSON; the caller persists the
// CumulativeState between months. Methods, rounding and sources in docs/payroll-rules.md "Payroll engine".
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "core/date.h"
#include "core/error.h"
#include "core/money.h"
#include "payroll/iit.h"
#include "payroll/rules.h"
#include "payroll/social_insurance.h"
#include "payroll/work_calendar.h"

namespace payroll {

// The tax and wage rules and the calendar of one month, resolved once per run. The pointers point into
// the RuleBook, which must outlive this.
struct MonthRules {
  int year = 0;
  unsigned month = 0;
  const ComprehensiveIncomeRules* income_tax = nullptr;        // version in force on 1 January (the tax year's)
  const AnnualBonusRules* annual_bonus = nullptr;              // nullptr: separate taxation not in force this month
  const LaborRemunerationRules* labor_remuneration = nullptr;  // nullptr: no rule this month
  const WageConversionRules* wage = nullptr;                   // 21.75 days, 8 hours, 150/200/300%
  MonthDays days;                                              // paid days of the month (计薪日)
};

// `calendar` may be null: paid days are then Monday–Friday (also for a year the calendar does not cover).
// kInvalid naming "month" when the month is invalid or no income-tax or wage rule is in force.
core::Result<MonthRules> ResolveMonthRules(const RuleBook& book, const WorkCalendar* calendar, int year,
                                           unsigned month);

// Year-to-date figures of one employee at this employer, as on the withholding return (个人所得税扣缴申报表
// 累计 columns): all the engine needs from earlier months of the tax year. Plain values; the store keeps
// one per employee and tax year and passes the previous payslip's `ytd` to the next month.
struct CumulativeState {
  int tax_year = 0;
  int first_month = 0;                          // first month employed here this tax year; 0 before the first payslip
  int last_month = 0;                           // the month of the last payslip in this state; 0 before the first
  int months_employed = 0;                      // last_month − first_month + 1: the months the basic deduction counts
  bool annual_basic_deduction_upfront = false;  // 公告2020年第19号: 60,000 from January; fixed for the year
  bool annual_bonus_taxed_separately = false;   // the separate method was used (once a year, 财税〔2018〕164号)
  core::Money income;                           // 累计收入额 (wages, tax-free allowances included)
  core::Money tax_free_income;                  // 累计免税收入
  core::Money basic_deduction;                  // 累计减除费用
  core::Money special_deduction;                // 累计专项扣除 (employee social insurance and housing fund)
  core::Money special_additional_deduction;     // 累计专项附加扣除
  core::Money other_deduction;                  // 累计依法确定的其他扣除
  core::Money taxable_income;                   // 累计应纳税所得额 (never below 0)
  core::Money tax;                              // 累计应纳税额
  core::Money withheld_tax;                     // 累计已预扣预缴税额 (never decreases within the year)

  // The state before the first payslip of `tax_year`. `upfront`: the employee qualifies for the 60,000
  // up-front method (the caller's fact: same employer every month last year with income ≤ 60,000).
  static CumulativeState NewYear(int tax_year, bool upfront = false) {
    CumulativeState s;
    s.tax_year = tax_year;
    s.annual_basic_deduction_upfront = upfront;
    return s;
  }
};

// How a month with a hire or a termination inside it is paid (docs: "Proration").
enum class ProrationMethod : uint8_t {
  kPaidDays,          // monthly ÷ 21.75 × paid days employed, at most the monthly salary (default)
  kDeductMissedDays,  // monthly − monthly ÷ 21.75 × paid days not employed, at least 0
};

// One employee-month. Amounts are non-negative; hours and days are hundredths (150 = 1.5).
struct PayslipInput {
  core::Money monthly_salary;                  // 月标准工资 per the contract
  std::optional<core::Date> hire_date;         // prorates when in the month; sets the first tax month
  std::optional<core::Date> termination_date;  // last day employed, inclusive; prorates when in the month
  ProrationMethod proration = ProrationMethod::kPaidDays;

  core::Money taxable_allowances;        // 津贴补贴 subject to tax
  core::Money tax_free_allowances;       // paid with wages but exempt (免税收入), e.g. 独生子女补贴
  core::Money bonus;                     // bonuses taxed with this month's wages
  core::Money annual_bonus;              // 全年一次性奖金 paid this month
  bool annual_bonus_separately = false;  // tax it on its own (财税〔2018〕164号) instead of with the wages

  int64_t weekday_overtime_hours_x100 = 0;        // 工作日延长工作时间, 150%
  int64_t rest_day_overtime_hours_x100 = 0;       // 休息日, no time off in lieu, 200%
  int64_t holiday_overtime_hours_x100 = 0;        // 法定休假日, 300%
  std::optional<core::Money> overtime_wage_base;  // default: monthly_salary
  int64_t absence_days_x100 = 0;                  // unpaid paid-days (事假, 旷工), deducted at monthly ÷ 21.75

  std::optional<core::Money> social_insurance_base;  // declared 缴费基数, clamped per scheme; default monthly_salary
  std::optional<core::Money> housing_fund_base;      // default: the social-insurance base
  std::optional<int32_t> housing_fund_ppm;           // default: the run's / city's default rate
  bool local_hukou = false;                          // local-hukou employer pension rate where it differs
  bool social_insurance_this_month = true;           // false: no social insurance this month (e.g. not yet enrolled)
  bool housing_fund_this_month = true;

  core::Money special_additional_deduction;  // 专项附加扣除 declared for this month (may catch up earlier months)
  core::Money other_deduction;     // 依法确定的其他扣除 withheld from pay (pre-tax), e.g. 商业健康保险
  core::Money post_tax_deduction;  // deducted from net pay, not from taxable income

  CumulativeState ytd;  // after the previous payslip of this tax year, or CumulativeState::NewYear(year)
};

enum class LineKind : uint8_t { kEarning, kEmployeeDeduction, kEmployerContribution };

// Payslip line codes, in payslip order. Employee and employer contribution codes follow Scheme order.
enum class LineCode : uint8_t {
  kBaseSalary,
  kAbsenceDeduction,  // an earning with a negative amount
  kOvertimeWeekday,
  kOvertimeRestDay,
  kOvertimeHoliday,
  kTaxableAllowance,
  kTaxFreeAllowance,
  kBonus,
  kAnnualBonus,
  kPensionEmployee,
  kMedicalEmployee,
  kUnemploymentEmployee,
  kWorkInjuryEmployee,
  kMaternityEmployee,
  kHousingFundEmployee,
  kIncomeTax,
  kAnnualBonusTax,
  kOtherDeduction,
  kPostTaxDeduction,
  kPensionEmployer,
  kMedicalEmployer,
  kUnemploymentEmployer,
  kWorkInjuryEmployer,
  kMaternityEmployer,
  kHousingFundEmployer,
};
inline constexpr size_t kLineCodeCount = 25;

struct LineLabel {
  std::string_view code;  // stable machine code, e.g. "pension_employee"
  std::string_view zh;    // 养老保险（个人）
  std::string_view en;    // Pension (employee)
  LineKind kind;
};
const LineLabel& Describe(LineCode code);

struct PayslipLine {
  LineCode code = LineCode::kBaseSalary;
  core::Money amount;  // earnings positive (absence negative); deductions and contributions positive
};

struct Payslip {
  int year = 0;
  unsigned month = 0;

  int paid_days_in_month = 0;  // 计薪日 of the month: workdays and statutory holidays
  int paid_days_employed = 0;  // those between hire and termination
  bool prorated = false;
  bool official_calendar = false;  // false: paid days counted Monday–Friday

  core::Money base_salary;        // after proration
  core::Money absence_deduction;  // positive; shown as a negative earning line
  core::Money overtime_pay;       // sum of the three overtime lines
  core::Money gross_pay;          // 应发工资: every earning, tax-free allowances and the annual bonus included

  Contributions contributions;  // per scheme, employee and employer

  core::Money wage_income;      // this month's 工资薪金收入: gross pay less a separately taxed annual bonus
  WithholdingLine withholding;  // cumulative taxable income, rate, cumulative tax, tax this month
  core::Money income_tax;       // withheld this month on wages (never negative: no refund in the year)
  std::optional<BonusTax> annual_bonus_tax;  // when the annual bonus is taxed separately

  core::Money net_pay;        // 实发工资; negative when deductions exceed pay (the employee owes the difference)
  core::Money employer_cost;  // gross pay + employer contributions
  CumulativeState ytd;        // the state after this month: next month's PayslipInput::ytd
  bool rates_provisional = false;  // the city's figures are provisional (see the rule version's note)

  std::span<const PayslipLine> lines() const { return {line_storage.data(), line_count}; }
  std::array<PayslipLine, kLineCodeCount> line_storage{};  // the first line_count are the payslip's lines
  uint8_t line_count = 0;
};

// One employee-month. `rates` and `month` must be for the same year and month. kInvalid naming the
// input field: a negative or too large amount, too many hours or absence days, a hire or termination
// date that leaves no day of the month employed, a ytd state of another tax year or already containing
// this month, the up-front method without employment since January, the separate annual-bonus method
// used twice in a year or when not in force, a housing-fund rate outside the city's range.
core::Result<Payslip> ComputePayslip(const PayslipInput& in, const CityRates& rates, const MonthRules& month);

// Labour remuneration paid to a non-employee resident (劳务报酬, e.g. a contractor): prepayment per
// payment, no social insurance. kInvalid naming "gross" (negative) or "month" (no rule in force).
struct LaborPayment {
  core::Money gross;
  LaborPrepayment prepayment;  // expense deduction, taxable income, rate, prepaid tax
  core::Money net_pay;         // gross − prepaid tax
};
core::Result<LaborPayment> ComputeLaborPayment(core::Money gross, const MonthRules& month);

}  // namespace payroll
