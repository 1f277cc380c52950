#include "lifecycle/rules.h"

#include <algorithm>
#include <cstdio>

#include "payroll/labor.h"
#include "payroll/rules.h"

namespace lifecycle {

using core::Date;
using core::Error;
using core::Result;

Result<int> ParseClock(std::string_view t, std::string_view field) {
  auto bad = [&] { return Error::Invalid(std::string(field), std::string(field) + " must be a time HH:MM"); };
  if (t.size() != 5 || t[2] != ':') return bad();
  for (size_t i : {0u, 1u, 3u, 4u})
    if (t[i] < '0' || t[i] > '9') return bad();
  int h = (t[0] - '0') * 10 + (t[1] - '0'), m = (t[3] - '0') * 10 + (t[4] - '0');
  if (h > 23 || m > 59) return bad();
  return h * 60 + m;
}

std::string FormatClock(int minutes) {
  char b[8];
  std::snprintf(b, sizeof b, "%02d:%02d", minutes / 60 % 100, minutes % 60);
  return b;
}

namespace {
// Time worked on a day off: the span, less the break when the span is longer than 4 hours.
int WorkedOffDay(const Shift& s, int in, int out) {
  int span = out - in;
  if (span > 4 * 60) span -= std::min(span - 4 * 60, s.break_minutes);
  return std::max(0, span);
}
}  // namespace

DayResult EvaluateDay(const Shift& s, const DayInput& in) {
  DayResult r;
  bool has_in = in.clock_in.has_value(), has_out = in.clock_out.has_value();
  if (in.kind != payroll::DayKind::kWorkday) {
    if (has_in && has_out) {
      int worked = WorkedOffDay(s, *in.clock_in, *in.clock_out);
      if (in.kind == payroll::DayKind::kRestDay)
        r.rest_day_overtime_minutes = worked;
      else
        r.holiday_overtime_minutes = worked;
    } else if (has_in) {
      r.missing_clock_out = true;
    }
    return r;
  }
  if (!has_in) {
    r.absent = !in.on_leave;
    return r;
  }
  if (!in.on_leave && *in.clock_in > s.start + s.grace_minutes) r.late_minutes = *in.clock_in - s.start;
  if (!has_out) {
    r.missing_clock_out = true;
    return r;
  }
  if (!in.on_leave && *in.clock_out < s.end) r.early_leave_minutes = s.end - *in.clock_out;
  if (*in.clock_out > s.end) r.weekday_overtime_minutes = *in.clock_out - std::max(s.end, *in.clock_in);
  r.daily_limit_exceeded = r.weekday_overtime_minutes > kDailyOvertimeLimitMinutes;
  return r;
}

void MonthTotals::Add(const DayResult& d) {
  if (d.late_minutes > 0) ++late_days;
  late_minutes += d.late_minutes;
  if (d.early_leave_minutes > 0) ++early_leave_days;
  if (d.absent) ++absent_days;
  weekday_overtime_minutes += d.weekday_overtime_minutes;
  rest_day_overtime_minutes += d.rest_day_overtime_minutes;
  holiday_overtime_minutes += d.holiday_overtime_minutes;
  if (d.daily_limit_exceeded) ++daily_limit_days;
  monthly_limit_exceeded = OvertimeMinutes() > kMonthlyOvertimeLimitMinutes;
}

int64_t MinutesToHoursX100(int64_t minutes) { return (minutes * 100 + 30) / 60; }

int64_t ServiceYearsX100(Date from, Date to) {
  if (to < from) return 0;
  int64_t months = int64_t(to.year() - from.year()) * 12 + int64_t(to.month()) - int64_t(from.month());
  if (to.day() < from.day() && !(to.day() == Date::DaysInMonth(to.year(), to.month()))) --months;
  return std::max<int64_t>(0, months) * 100 / 12;
}

Result<AnnualLeaveEntitlement> AnnualLeaveFor(const AnnualLeaveQuery& q) {
  const auto& book = payroll::RuleBook::Builtin();
  Date jan1(q.year, 1, 1);
  const payroll::AnnualLeaveRules* rules = book.annual_leave.At(jan1);
  if (!rules) rules = &book.annual_leave.Latest();
  AnnualLeaveEntitlement out;
  Date as_of = std::max(jan1, q.hire_date);
  out.service_years_x100 = ServiceYearsX100(q.work_start, as_of);
  payroll::AnnualLeaveInput in;
  in.cumulative_service_years_x100 = out.service_years_x100;
  in.full_year_entitlement_days = q.override_days;
  if (q.hire_date.year() == q.year) in.hire_date = q.hire_date;
  if (q.termination && q.termination->year() == q.year) in.termination_date = q.termination;
  in.days_taken_x100 = q.days_taken_x100;
  in.avg_monthly_wage_12m_excl_overtime = q.avg_monthly_wage_12m;
  if (q.hire_date.year() > q.year || (q.termination && q.termination->year() < q.year)) return out;  // not employed
  HF_ASSIGN(payroll::AnnualLeaveResult r, payroll::UnusedAnnualLeave(in, *rules));
  out.full_year_days = r.entitlement_days;
  out.days = r.days;
  out.unused_payable_x100 = r.unused_days_payable_x100;
  out.daily_wage = r.daily_wage;
  out.extra_pay_200pct = r.extra_pay_200pct;
  out.total_300pct = r.total_300pct_incl_normal;
  return out;
}

int64_t LeaveDaysX100(const payroll::WorkCalendar& cal, Date from, Date to, bool calendar_days) {
  int64_t n = 0;
  for (Date d = from; d <= to; d = d.AddDays(1))
    if (calendar_days || cal.Kind(d) == payroll::DayKind::kWorkday) n += 100;
  return n;
}

}  // namespace lifecycle
