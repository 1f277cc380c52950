// Pure lifecycle rules (no I/O): one attendance day against its shift and the work calendar, the
// statutory overtime limits, and the annual-leave entitlement (reusing payroll's annual-leave rule).
// docs/lifecycle.md gives the sources and the choices made where the law is silent.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/error.h"
#include "core/money.h"
#include "payroll/work_calendar.h"

namespace lifecycle {

// 劳动法第41条: extended hours at most 3 a day and 36 a month.
inline constexpr int kDailyOvertimeLimitMinutes = 3 * 60;
inline constexpr int kMonthlyOvertimeLimitMinutes = 36 * 60;

// "HH:MM" (00:00–23:59) as minutes after midnight; kInvalid naming `field`.
core::Result<int> ParseClock(std::string_view text, std::string_view field);
std::string FormatClock(int minutes);

struct Shift {
  int start = 9 * 60, end = 18 * 60;  // minutes after midnight, end > start
  int break_minutes = 60;
  int grace_minutes = 0;
};

struct DayInput {
  payroll::DayKind kind = payroll::DayKind::kWorkday;
  std::optional<int> clock_in, clock_out;  // minutes; clock_out ≥ clock_in
  bool on_leave = false;                   // approved leave covers the day
};

struct DayResult {
  int late_minutes = 0;         // workday: minutes after shift start when beyond the grace period
  int early_leave_minutes = 0;  // workday: minutes before shift end
  bool absent = false;          // workday without a record and without leave (旷工)
  bool missing_clock_out = false;
  int weekday_overtime_minutes = 0;   // workday: after shift end
  int rest_day_overtime_minutes = 0;  // rest day: the time worked (less the break beyond 4 hours)
  int holiday_overtime_minutes = 0;   // statutory holiday: the time worked (same)
  bool daily_limit_exceeded = false;  // weekday overtime > 3 h
  int OvertimeMinutes() const { return weekday_overtime_minutes + rest_day_overtime_minutes + holiday_overtime_minutes; }
};

DayResult EvaluateDay(const Shift& shift, const DayInput& in);

struct MonthTotals {
  int late_days = 0, late_minutes = 0, early_leave_days = 0, absent_days = 0;
  int weekday_overtime_minutes = 0, rest_day_overtime_minutes = 0, holiday_overtime_minutes = 0;
  int daily_limit_days = 0;
  bool monthly_limit_exceeded = false;  // all overtime of the month > 36 h
  void Add(const DayResult& d);
  int OvertimeMinutes() const { return weekday_overtime_minutes + rest_day_overtime_minutes + holiday_overtime_minutes; }
};

// Minutes as hundredths of an hour, half-up (90 -> 150).
int64_t MinutesToHoursX100(int64_t minutes);

// Cumulative service in hundredths of a year between two dates (whole months / 12, rounded down).
int64_t ServiceYearsX100(core::Date from, core::Date to);

struct AnnualLeaveQuery {
  core::Date work_start;                   // start of cumulative service (累计工作年限)
  core::Date hire_date;                    // joined this employer
  std::optional<core::Date> termination;   // last day, when leaving in `year`
  int year = 0;
  std::optional<int64_t> override_days;    // full-year days replacing the statutory tier
  int64_t days_taken_x100 = 0;
  std::optional<core::Money> avg_monthly_wage_12m;  // for the pay of unused days (leavers)
};
struct AnnualLeaveEntitlement {
  int64_t service_years_x100 = 0;  // as of 1 January of the year, or the hire date when later
  int64_t full_year_days = 0;      // statutory tier (5/10/15) or the override
  int64_t days = 0;                // this year's days after proration (joiner/leaver), whole days
  int64_t unused_payable_x100 = 0; // leaver: unused days to pay for (第12条)
  std::optional<core::Money> daily_wage, extra_pay_200pct, total_300pct;  // with the wage
};
// 职工带薪年休假条例 第3条 and 实施办法 第5条/第12条 through payroll::UnusedAnnualLeave.
core::Result<AnnualLeaveEntitlement> AnnualLeaveFor(const AnnualLeaveQuery& q);

// Leave days between two dates: working days by the calendar (statutory holidays and rest days not
// counted), or every calendar day when `calendar_days`; in hundredths.
int64_t LeaveDaysX100(const payroll::WorkCalendar& cal, core::Date from, core::Date to, bool calendar_days);

}  // namespace lifecycle
