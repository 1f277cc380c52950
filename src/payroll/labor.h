// Labour-law pay calculators: overtime pay, severance (经济补偿/赔偿金) and paid annual leave. Pure
// functions over a rule version from RuleBook; rounding and legal sources in docs/payroll-rules.md.
#pragma once

#include <cstdint>
#include <optional>

#include "core/date.h"
#include "core/error.h"
#include "core/money.h"
#include "payroll/rules.h"

namespace payroll {

// Hours are in hundredths (150 = 1.5 hours), each at most kMaxOvertimeHoursX100.
inline constexpr int64_t kMaxOvertimeHoursX100 = 744 * 100;  // the hours of a 31-day month

struct OvertimeInput {
  core::Money monthly_wage;         // the wage base for overtime (normal working-hours wage)
  int64_t weekday_hours_x100 = 0;   // 工作日延长工作时间
  int64_t rest_day_hours_x100 = 0;  // 休息日工作且未安排补休 (hours with time off in lieu excluded)
  int64_t holiday_hours_x100 = 0;   // 法定休假日工作
};

struct OvertimePayResult {
  core::Money hourly_rate;   // monthly / 21.75 / 8, half-up, for display
  core::Money daily_rate;    // monthly / 21.75, half-up, for display
  core::Money overtime_pay;  // from the exact hourly rate, rounded once, half-up
};

// Overtime pay (劳动法第44条, 劳社部发〔2008〕3号). kInvalid naming the field on negative or too many hours.
core::Result<OvertimePayResult> OvertimePay(const OvertimeInput& in, const WageConversionRules& rules);

struct SeveranceInput {
  int64_t service_years = 0;                     // full years of service (from 2008-01-01, see docs)
  int64_t service_extra_months = 0;              // 0..11 full months beyond the years
  core::Money avg_monthly_wage_12m;              // average monthly wage over the 12 months before termination
  core::Money local_prev_year_avg_monthly_wage;  // 上年度职工月平均工资 of the city
  std::optional<core::Money> local_min_wage;     // 当地最低工资标准; no floor applied when absent
  bool unlawful_termination = false;             // 违法解除或者终止: damages of 2N (第87条)
};

struct SeveranceResult {
  int64_t n_half_months = 0;  // N in half months (7 = 3.5 months), after the 12-year cap; not doubled
  core::Money monthly_base;   // after the 3× cap and the minimum-wage floor
  bool wage_capped_at_3x = false;
  core::Money amount;  // base × N (× 2 when unlawful), half-up to the fen
};

// Severance (劳动合同法第47条, 第87条; 实施条例第27条). kInvalid naming the field on out-of-range input.
core::Result<SeveranceResult> SeverancePay(const SeveranceInput& in, const SeveranceRules& rules);

struct AnnualLeaveInput {
  int64_t cumulative_service_years_x100 = 0;                      // 累计工作年限 in hundredths of a year
  std::optional<int64_t> full_year_entitlement_days;              // overrides the statutory tier when given
  std::optional<core::Date> hire_date;                            // joined this employer (proration when in the year)
  std::optional<core::Date> termination_date;                     // leaves (第12条 settlement when given)
  int64_t days_taken_x100 = 0;                                    // leave already taken this year, hundredths of a day
  std::optional<core::Money> avg_monthly_wage_12m_excl_overtime;  // no pay computed when absent
  bool employee_waived_in_writing = false;
};

struct AnnualLeaveResult {
  int64_t entitlement_days = 0;                         // full-year entitlement: statutory tier or the override
  int64_t days = 0;                                     // this year's days after proration, whole days only
  int64_t unused_days_payable_x100 = 0;                 // hundredths of a day; whole days for a leaver (第12条)
  std::optional<core::Money> daily_wage;                // monthly / 21.75, half-up, for display
  std::optional<core::Money> extra_pay_200pct;          // the 200% due on top of normal pay; 0 if waived
  std::optional<core::Money> total_300pct_incl_normal;  // 300% incl. the 100% normal pay; 100% if waived
};

// Annual leave entitlement and pay for unused days (职工带薪年休假条例, 企业职工带薪年休假实施办法).
// The year considered is termination_date's, else hire_date's, else a full year. kInvalid naming the
// field when hire_date is after termination_date or in a later year.
core::Result<AnnualLeaveResult> UnusedAnnualLeave(const AnnualLeaveInput& in, const AnnualLeaveRules& rules);

}  // namespace payroll
