#include "payroll/iit.h"

#include <string>

#include "payroll/json_input.h"

namespace payroll {

using core::Money;
using detail::Invalid;

namespace {

// The path is a view so that valid input builds no string (the payslip engine calls these per employee).
core::Status CheckAmount(Money m, std::string_view path) {
  if (m.fen() < 0) return Invalid(std::string(path), "must not be negative");
  if (m.fen() > detail::kMaxAmountFen) return Invalid(std::string(path), "amount too large");
  return {};
}

}  // namespace

WithholdingLine WithholdingForMonth(int month, Money cum_net_income, Money cum_basic_deduction,
                                    Money cum_withheld_before, const ComprehensiveIncomeRules& rules) {
  WithholdingLine line;
  line.month = month;
  line.cum_taxable_income = core::Max(cum_net_income - cum_basic_deduction, Money());
  const Bracket& row = rules.annual_table.Find(line.cum_taxable_income);
  line.rate_bp = row.rate_bp;
  line.quick_deduction = row.quick_deduction;
  line.cum_tax = ApplyBracket(row, line.cum_taxable_income);
  // 本期应预扣预缴税额 = 累计应纳税额 − 累计已预扣预缴税额; a negative result is not refunded
  // during the year (settled in the annual reconciliation, 汇算清缴).
  line.withheld_this_month = core::Max(line.cum_tax - cum_withheld_before, Money());
  line.cum_withheld = cum_withheld_before + line.withheld_this_month;
  return line;
}

core::Result<WithholdingResult> CumulativeWithholding(const WithholdingInput& in,
                                                      const ComprehensiveIncomeRules& rules) {
  if (in.months.empty()) return Invalid("months", "at least one month is required");
  for (size_t i = 0; i < in.months.size(); ++i) {
    const std::string at = "months[" + std::to_string(i) + "].month";
    if (in.months[i].month < 1 || in.months[i].month > 12) return Invalid(at, "must be between 1 and 12");
    if (i > 0 && in.months[i].month <= in.months[i - 1].month) return Invalid(at, "months must be strictly increasing");
  }
  const int hire_month = in.hire_month.value_or(in.months.front().month);
  if (hire_month < 1 || hire_month > 12) return Invalid("hire_month", "must be between 1 and 12");
  const Money basic = in.basic_deduction_per_month.value_or(rules.basic_deduction_per_month);
  HF_TRY(CheckAmount(basic, "basic_deduction_per_month"));
  if (in.annual_basic_deduction_upfront) {
    if (!rules.annual_basic_deduction_upfront_allowed) {
      return Invalid("annual_basic_deduction_upfront",
                     "the 60,000 up-front method applies from tax year 2021 (国家税务总局公告2020年第19号)");
    }
    // 公告2020年第19号 covers employees paid by the same employer in every month of the previous year,
    // so they are employed here from January.
    if (hire_month != 1) {
      return Invalid("annual_basic_deduction_upfront",
                     "the up-front method needs employment at this employer since January (hire_month 1)");
    }
  }

  WithholdingResult out;
  Money cum_income;  // gross − tax-free − special − special additional − other, summed
  for (size_t i = 0; i < in.months.size(); ++i) {
    const PayMonth& m = in.months[i];
    const std::string at = "months[" + std::to_string(i) + "]";
    if (m.month < hire_month) return Invalid(at + ".month", "before hire_month " + std::to_string(hire_month));
    HF_TRY(CheckAmount(m.gross, at + ".gross"));
    HF_TRY(CheckAmount(m.tax_free_income, at + ".tax_free_income"));
    HF_TRY(CheckAmount(m.special_deduction, at + ".special_deduction"));
    HF_TRY(CheckAmount(m.special_additional_deduction, at + ".special_additional_deduction"));
    HF_TRY(CheckAmount(m.other_deduction, at + ".other_deduction"));

    cum_income +=
        m.gross - m.tax_free_income - m.special_deduction - m.special_additional_deduction - m.other_deduction;
    // 累计减除费用 = 5,000 × months employed at this employer this year up to this month (公告2018年第61号);
    // months without pay still count. 公告2020年第19号: 60,000 from the first month instead.
    const Money cum_basic = in.annual_basic_deduction_upfront ? basic * 12 : basic * (m.month - hire_month + 1);

    WithholdingLine line = WithholdingForMonth(m.month, cum_income, cum_basic, out.total_withheld, rules);
    out.total_withheld = line.cum_withheld;
    out.per_month.push_back(line);
  }
  return out;
}

core::Result<BonusTax> AnnualBonusTax(Money bonus, const AnnualBonusRules& rules) {
  HF_TRY(CheckAmount(bonus, "bonus"));
  BonusTax t;
  t.monthly_equivalent = bonus.MulDiv(1, rules.months, core::Rounding::kHalfUp);
  // 财税〔2018〕164号: the row is chosen by bonus ÷ 12 — compared exactly, not after rounding.
  const Bracket& row = rules.monthly_table.Find(bonus, rules.months);
  t.rate_bp = row.rate_bp;
  t.quick_deduction = row.quick_deduction;  // once, not × 12
  t.tax = ApplyBracket(row, bonus);
  t.after_tax = bonus - t.tax;
  return t;
}

core::Result<LaborPrepayment> LaborRemunerationPrepayment(Money gross, const LaborRemunerationRules& rules) {
  HF_TRY(CheckAmount(gross, "gross_per_payment"));
  LaborPrepayment p;
  // 个人所得税法第六条: 每次收入不超过四千元的减除费用八百元，四千元以上的减除百分之二十. At exactly
  // 4,000 both give 800. The 20% is rounded half-up to the fen because the return shows it to the fen.
  p.expense_deduction = gross <= rules.flat_expense_up_to
                            ? rules.flat_expense
                            : gross.MulDiv(rules.expense_rate_bp, 10'000, core::Rounding::kHalfUp);
  p.taxable_income = core::Max(gross - p.expense_deduction, Money());
  const Bracket& row = rules.prepayment_table.Find(p.taxable_income);
  p.rate_bp = row.rate_bp;
  p.quick_deduction = row.quick_deduction;
  p.prepaid_tax = ApplyBracket(row, p.taxable_income);
  return p;
}

}  // namespace payroll
