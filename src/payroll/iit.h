// Individual income tax (个人所得税) for resident individuals: cumulative withholding on wages, the
// annual one-time bonus taxed separately, and prepayment on labour remuneration. Pure functions over a
// rule version from RuleBook; every amount is exact to the fen (rounding in docs/payroll-rules.md).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/error.h"
#include "core/money.h"
#include "payroll/rules.h"

namespace payroll {

// One month's wage income at this employer. Every amount is non-negative.
struct PayMonth {
  int month = 0;                             // 1..12
  core::Money gross;                         // 工资薪金收入
  core::Money tax_free_income;               // 免税收入
  core::Money special_deduction;             // 专项扣除: employee social insurance and housing fund
  core::Money special_additional_deduction;  // 专项附加扣除
  core::Money other_deduction;               // 依法确定的其他扣除
};

struct WithholdingInput {
  std::optional<core::Money> basic_deduction_per_month;  // default: the rule's 5,000
  bool annual_basic_deduction_upfront = false;           // 公告2020年第19号: 60,000 from January
  std::optional<int> hire_month;                         // first month employed this year; default: first month given
  std::vector<PayMonth> months;                          // strictly increasing, none before hire_month
};

struct WithholdingLine {
  int month = 0;
  core::Money cum_taxable_income;  // floored at 0
  int32_t rate_bp = 0;
  core::Money quick_deduction;
  core::Money cum_tax;
  core::Money withheld_this_month;  // max(0, cum_tax − cum_withheld before): never a refund in the year
  core::Money cum_withheld;
};

struct WithholdingResult {
  std::vector<WithholdingLine> per_month;  // one line per month given, same order
  core::Money total_withheld;
};

// Cumulative withholding (累计预扣法, 国家税务总局公告2018年第61号) for the months given, which are
// treated as one tax year at one employer with continuous employment from hire_month. The basic
// deduction counts every month employed (month − hire_month + 1), paid or not. kInvalid naming the
// field ("months[2].month", "hire_month", ...) on empty, unordered or out-of-range months, a month
// before hire_month, a negative amount, or the up-front method when `rules` does not allow it or the
// employee was hired after January.
core::Result<WithholdingResult> CumulativeWithholding(const WithholdingInput& in,
                                                      const ComprehensiveIncomeRules& rules);

// One month of cumulative withholding from year-to-date totals: `cum_net_income` is Σ income − Σ tax-free
// income − Σ special, special additional and other deductions (everything but the basic deduction),
// `cum_basic_deduction` the basic deduction for the months employed so far (or the up-front 60,000), and
// `cum_withheld_before` the tax withheld in earlier months of the year. No validation (the caller's
// amounts are already checked); never a refund: withheld_this_month is at least 0. Used by
// CumulativeWithholding and by the payslip engine (payslip.h).
WithholdingLine WithholdingForMonth(int month, core::Money cum_net_income, core::Money cum_basic_deduction,
                                    core::Money cum_withheld_before, const ComprehensiveIncomeRules& rules);

struct BonusTax {
  core::Money monthly_equivalent;  // bonus / 12 half-up, for display; the row uses the exact quotient
  int32_t rate_bp = 0;
  core::Money quick_deduction;
  core::Money tax;  // bonus × rate − one quick deduction
  core::Money after_tax;
};

// Annual one-time bonus taxed separately (全年一次性奖金单独计税). kInvalid ("bonus") when negative.
core::Result<BonusTax> AnnualBonusTax(core::Money bonus, const AnnualBonusRules& rules);

struct LaborPrepayment {
  core::Money expense_deduction;  // 800 up to 4,000, else 20% half-up to the fen
  core::Money taxable_income;     // gross − expense, floored at 0
  int32_t rate_bp = 0;
  core::Money quick_deduction;
  core::Money prepaid_tax;
};

// Prepayment withheld on one payment of labour remuneration (劳务报酬所得预扣预缴) to a resident.
// kInvalid ("gross_per_payment") when negative.
core::Result<LaborPrepayment> LaborRemunerationPrepayment(core::Money gross_per_payment,
                                                          const LaborRemunerationRules& rules);

}  // namespace payroll
