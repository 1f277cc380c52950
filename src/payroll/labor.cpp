#include "payroll/labor.h"

#include <algorithm>
#include <string>

#include "payroll/json_input.h"

namespace payroll {

using core::Money;
using core::Rounding;
using detail::Invalid;

namespace {

// The path is a view so that valid input builds no string (the payslip engine calls these per employee).
core::Status CheckAmount(Money m, std::string_view path) {
  if (m.fen() < 0) return Invalid(std::string(path), "must not be negative");
  if (m.fen() > detail::kMaxAmountFen) return Invalid(std::string(path), "amount too large");
  return {};
}

core::Status CheckHours(int64_t x100, std::string_view path) {
  if (x100 < 0) return Invalid(std::string(path), "must not be negative");
  if (x100 > kMaxOvertimeHoursX100) return Invalid(std::string(path), "more hours than a month has");
  return {};
}

}  // namespace

core::Result<OvertimePayResult> OvertimePay(const OvertimeInput& in, const WageConversionRules& rules) {
  HF_TRY(CheckAmount(in.monthly_wage, "monthly_wage"));
  HF_TRY(CheckHours(in.weekday_hours_x100, "weekday_ot_hours"));
  HF_TRY(CheckHours(in.rest_day_hours_x100, "restday_ot_hours_no_comp_leave"));
  HF_TRY(CheckHours(in.holiday_hours_x100, "holiday_ot_hours"));
  const Rational days = rules.monthly_paid_days;  // 21.75 = 2175 / 100
  OvertimePayResult r;
  // 劳社部发〔2008〕3号: 日工资 = 月工资收入 ÷ 21.75, 小时工资 = 日工资 ÷ 8. Shown rounded half-up.
  r.daily_rate = in.monthly_wage.MulDiv(days.den, days.num, Rounding::kHalfUp);
  r.hourly_rate = in.monthly_wage.MulDiv(days.den, days.num * rules.hours_per_day, Rounding::kHalfUp);
  // 劳动法第44条: 150% / 200% / 300% of the hourly wage. Computed from the exact hourly wage and rounded
  // once, half-up to the fen, so the pay does not depend on how the rate was displayed.
  const int64_t pct_hours_x100 = rules.weekday_overtime_pct * in.weekday_hours_x100 +
                                 rules.rest_day_overtime_pct * in.rest_day_hours_x100 +
                                 rules.holiday_overtime_pct * in.holiday_hours_x100;
  r.overtime_pay =
      in.monthly_wage.MulDiv(days.den * pct_hours_x100, days.num * rules.hours_per_day * 100 * 100, Rounding::kHalfUp);
  return r;
}

core::Result<SeveranceResult> SeverancePay(const SeveranceInput& in, const SeveranceRules& rules) {
  if (in.service_years < 0 || in.service_years > 100) return Invalid("service_years", "must be between 0 and 100");
  if (in.service_extra_months < 0 || in.service_extra_months > 11) {
    return Invalid("service_extra_months", "must be between 0 and 11");
  }
  HF_TRY(CheckAmount(in.avg_monthly_wage_12m, "avg_monthly_wage_12m"));
  HF_TRY(CheckAmount(in.local_prev_year_avg_monthly_wage, "local_prev_year_avg_monthly_wage"));
  if (in.local_min_wage) HF_TRY(CheckAmount(*in.local_min_wage, "local_min_wage"));

  SeveranceResult r;
  // 第47条: 每满一年一个月; 六个月以上不满一年的按一年; 不满六个月的半个月. "以上" includes the number
  // (刑法第99条 reads 以上 as inclusive, and labour practice follows), so exactly 6 months is a full year.
  r.n_half_months = in.service_years * 2;
  if (in.service_extra_months >= rules.partial_year_full_months) {
    r.n_half_months += 2;
  } else if (in.service_extra_months > 0) {
    r.n_half_months += 1;
  }
  r.monthly_base = in.avg_monthly_wage_12m;
  // 实施条例第27条: an average below the local minimum wage is replaced by the minimum wage.
  if (rules.minimum_wage_floor && in.local_min_wage) r.monthly_base = core::Max(r.monthly_base, *in.local_min_wage);
  // 第47条第2款: 高于…三倍的 — strictly above; then the base is 3× and at most 12 years count.
  const Money cap = in.local_prev_year_avg_monthly_wage * rules.high_wage_multiple;
  if (r.monthly_base > cap) {
    r.wage_capped_at_3x = true;
    r.monthly_base = cap;
    r.n_half_months = std::min(r.n_half_months, rules.high_wage_max_years * 2);
  }
  // 第87条: 违法解除或者终止 → 经济补偿标准的二倍. One rounding: base × half-months × multiple / 2.
  const int64_t multiple = in.unlawful_termination ? rules.unlawful_multiple : 1;
  r.amount = r.monthly_base.MulDiv(r.n_half_months * multiple, 2, Rounding::kHalfUp);
  return r;
}

core::Result<AnnualLeaveResult> UnusedAnnualLeave(const AnnualLeaveInput& in, const AnnualLeaveRules& rules) {
  if (in.cumulative_service_years_x100 < 0) return Invalid("cumulative_service_years", "must not be negative");
  if (in.days_taken_x100 < 0) return Invalid("days_taken", "must not be negative");
  if (in.full_year_entitlement_days && (*in.full_year_entitlement_days < 0 || *in.full_year_entitlement_days > 366)) {
    return Invalid("full_year_entitlement_days", "must be between 0 and 366");
  }
  if (in.avg_monthly_wage_12m_excl_overtime) {
    HF_TRY(CheckAmount(*in.avg_monthly_wage_12m_excl_overtime, "avg_monthly_wage_12m_excl_overtime"));
  }
  if (in.hire_date && in.termination_date) {
    if (*in.hire_date > *in.termination_date) return Invalid("hire_date", "after termination_date");
  }

  AnnualLeaveResult r;
  // 条例第3条: 满1年不满10年 5天, 满10年不满20年 10天, 满20年 15天 — "满" is inclusive: exactly 10 years is 10 days.
  int64_t tier_days = 0;
  for (const auto& t : rules.tiers) {
    if (in.cumulative_service_years_x100 >= t.min_service_years_x100) tier_days = t.days;
  }
  r.entitlement_days = in.full_year_entitlement_days.value_or(tier_days);
  const int64_t e = r.entitlement_days;
  const int64_t year_days = rules.proration_year_days;  // 365 by the text, also in leap years

  if (in.termination_date) {
    // 实施办法第12条: (当年度在本单位已过日历天数 ÷ 365) × 全年应享受天数 − 当年度已安排天数, 不足1整天
    // 的部分不支付. Days counted from 1 January (or the hire date if later) to the termination date,
    // both inclusive, at most 365 so day 366 of a leap year adds nothing.
    const core::Date end = *in.termination_date;
    core::Date start(end.year(), 1, 1);
    if (in.hire_date && *in.hire_date > start) start = *in.hire_date;
    const int64_t elapsed = std::min(end.DaysSinceEpoch() - start.DaysSinceEpoch() + 1, year_days);
    r.days = elapsed * e / year_days;  // floor: whole days only
    // Subtract first, then drop the fraction, exactly as the formula reads; leave taken beyond the
    // prorated days is not clawed back (same article).
    const int64_t num = elapsed * e * 100 - in.days_taken_x100 * year_days;  // hundredths × year_days
    r.unused_days_payable_x100 = num <= 0 ? 0 : num / (year_days * 100) * 100;
  } else {
    r.days = e;
    if (in.hire_date) {
      // 实施办法第5条: (当年度在本单位剩余日历天数 ÷ 365) × 全年应享受天数, 不足1整天的部分不享受.
      // Remaining days run from the hire date to 31 December, both inclusive.
      const core::Date end(in.hire_date->year(), 12, 31);
      const int64_t remaining = std::min(end.DaysSinceEpoch() - in.hire_date->DaysSinceEpoch() + 1, year_days);
      r.days = remaining * e / year_days;
    }
    // 条例第5条 / 实施办法第10条: days not taken in the year are paid; no whole-day rule applies here.
    r.unused_days_payable_x100 = std::max<int64_t>(0, r.days * 100 - in.days_taken_x100);
  }

  if (in.avg_monthly_wage_12m_excl_overtime) {
    const Money monthly = *in.avg_monthly_wage_12m_excl_overtime;
    const Rational d = rules.monthly_paid_days;
    // 实施办法第11条: 日工资收入 = 月工资收入 ÷ 21.75. Amounts are computed from the exact daily wage
    // and rounded once, half-up to the fen.
    r.daily_wage = monthly.MulDiv(d.den, d.num, Rounding::kHalfUp);
    auto pay = [&](int64_t pct) {
      return monthly.MulDiv(d.den * pct * r.unused_days_payable_x100, d.num * 100 * 100, Rounding::kHalfUp);
    };
    // 实施办法第10条: 300% includes the 100% normal pay already paid for the working day, so 200% is due
    // on top. If the employee declined the leave in writing for personal reasons, only normal pay.
    if (in.employee_waived_in_writing) {
      r.extra_pay_200pct = Money();
      r.total_300pct_incl_normal = pay(100);
    } else {
      r.extra_pay_200pct = pay(rules.unused_pay_pct - 100);
      r.total_300pct_incl_normal = pay(rules.unused_pay_pct);
    }
  }
  return r;
}

}  // namespace payroll
