// Lifecycle rules: annual-leave entitlement and proration at each boundary, the attendance day
// against its shift and the calendar, and the statutory overtime alerts (劳动法第41条).
#include "lifecycle/rules.h"

#include <gtest/gtest.h>

namespace lifecycle {
namespace {

using core::Date;
using core::Money;
using payroll::DayKind;

AnnualLeaveEntitlement Leave(Date work_start, Date hire, int year, std::optional<Date> termination = std::nullopt,
                             int64_t taken_x100 = 0, std::optional<Money> wage = std::nullopt) {
  AnnualLeaveQuery q;
  q.work_start = work_start;
  q.hire_date = hire;
  q.year = year;
  q.termination = termination;
  q.days_taken_x100 = taken_x100;
  q.avg_monthly_wage_12m = wage;
  auto r = AnnualLeaveFor(q);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : AnnualLeaveEntitlement{};
}

TEST(AnnualLeave, UnderOneYearOfServiceGivesNothing) {
  auto a = Leave(Date(2025, 6, 1), Date(2025, 6, 1), 2026);  // 7 months on 1 January
  EXPECT_EQ(a.service_years_x100, 58);
  EXPECT_EQ(a.full_year_days, 0);
  EXPECT_EQ(a.days, 0);
  auto b = Leave(Date(2025, 1, 2), Date(2025, 1, 2), 2026);  // one day short of a year
  EXPECT_EQ(b.full_year_days, 0);
}

TEST(AnnualLeave, ExactlyOneYearGivesFiveDays) {
  auto a = Leave(Date(2025, 1, 1), Date(2025, 1, 1), 2026);
  EXPECT_EQ(a.service_years_x100, 100);
  EXPECT_EQ(a.full_year_days, 5);
  EXPECT_EQ(a.days, 5);
}

TEST(AnnualLeave, TenYearsGiveTenDaysAndNotADayEarlier) {
  EXPECT_EQ(Leave(Date(2016, 1, 1), Date(2020, 3, 1), 2026).full_year_days, 10);  // 满10年 inclusive
  EXPECT_EQ(Leave(Date(2016, 1, 2), Date(2020, 3, 1), 2026).full_year_days, 5);   // 9 years 11 months
}

TEST(AnnualLeave, TwentyYearsGiveFifteenDays) {
  EXPECT_EQ(Leave(Date(2006, 1, 1), Date(2015, 3, 1), 2026).full_year_days, 15);
  EXPECT_EQ(Leave(Date(2006, 1, 2), Date(2015, 3, 1), 2026).full_year_days, 10);
}

TEST(AnnualLeave, JoinerMidYearIsProratedByRemainingCalendarDays) {
  // 5 years of prior service, joins 1 July: 184 of 365 days -> floor(184 / 365 × 5) = 2.
  auto a = Leave(Date(2021, 7, 1), Date(2026, 7, 1), 2026);
  EXPECT_EQ(a.full_year_days, 5);
  EXPECT_EQ(a.days, 2);
  // 10 years: floor(184 / 365 × 10) = 5.
  EXPECT_EQ(Leave(Date(2016, 7, 1), Date(2026, 7, 1), 2026).days, 5);
  // No prior service: a joiner has no annual leave in the year of joining.
  EXPECT_EQ(Leave(Date(2026, 7, 1), Date(2026, 7, 1), 2026).days, 0);
}

TEST(AnnualLeaveLeaver, ProratedToTheLastDayAndPaidFromTheDailyWage) {
  // Leaves 30 June: 181 elapsed days; 181 / 365 × 5 = 2.479 -> 2 days this year; 1 taken ->
  // floor(2.479 - 1) = 1 day payable. Wage 21,750 -> daily 1,000 -> 200% 2,000, 300% 3,000.
  auto a = Leave(Date(2020, 1, 1), Date(2020, 1, 1), 2026, Date(2026, 6, 30), 100, Money::Yuan(21750));
  EXPECT_EQ(a.full_year_days, 5);
  EXPECT_EQ(a.days, 2);
  EXPECT_EQ(a.unused_payable_x100, 100);
  ASSERT_TRUE(a.extra_pay_200pct && a.total_300pct && a.daily_wage);
  EXPECT_EQ(a.daily_wage->ToString(), "1000.00");
  EXPECT_EQ(a.extra_pay_200pct->ToString(), "2000.00");
  EXPECT_EQ(a.total_300pct->ToString(), "3000.00");
  // Half a day taken: the fraction is dropped after subtracting: floor(2.479 - 0.5) = 1.
  EXPECT_EQ(Leave(Date(2020, 1, 1), Date(2020, 1, 1), 2026, Date(2026, 6, 30), 50).unused_payable_x100, 100);
  // Leaving on 31 December: the full year.
  EXPECT_EQ(Leave(Date(2020, 1, 1), Date(2020, 1, 1), 2026, Date(2026, 12, 31)).unused_payable_x100, 500);
}

TEST(AnnualLeaveLeaver, JoinedAndLeftInTheSameYear) {
  // 10 years of prior service; 1 March to 31 August: 184 days -> floor(184 / 365 × 10) = 5.
  auto a = Leave(Date(2016, 3, 1), Date(2026, 3, 1), 2026, Date(2026, 8, 31));
  EXPECT_EQ(a.full_year_days, 10);
  EXPECT_EQ(a.unused_payable_x100, 500);
}

TEST(ServiceYears, WholeMonthsOverTwelve) {
  EXPECT_EQ(ServiceYearsX100(Date(2016, 1, 1), Date(2026, 1, 1)), 1000);
  EXPECT_EQ(ServiceYearsX100(Date(2016, 1, 2), Date(2026, 1, 1)), 991);
  EXPECT_EQ(ServiceYearsX100(Date(2026, 1, 1), Date(2025, 1, 1)), 0);
}

Shift Standard() { return Shift{9 * 60, 18 * 60, 60, 5}; }

TEST(AttendanceDay, LatenessBeyondTheGracePeriodCountsFromShiftStart) {
  DayInput in{DayKind::kWorkday, 9 * 60 + 5, 18 * 60, false};
  EXPECT_EQ(EvaluateDay(Standard(), in).late_minutes, 0);
  in.clock_in = 9 * 60 + 6;
  EXPECT_EQ(EvaluateDay(Standard(), in).late_minutes, 6);
}

TEST(AttendanceDay, EarlyLeaveAbsenceAndLeave) {
  DayInput in{DayKind::kWorkday, 9 * 60, 17 * 60 + 30, false};
  EXPECT_EQ(EvaluateDay(Standard(), in).early_leave_minutes, 30);
  DayInput none{DayKind::kWorkday, std::nullopt, std::nullopt, false};
  EXPECT_TRUE(EvaluateDay(Standard(), none).absent);
  none.on_leave = true;
  EXPECT_FALSE(EvaluateDay(Standard(), none).absent);
  DayInput rest{DayKind::kRestDay, std::nullopt, std::nullopt, false};
  EXPECT_FALSE(EvaluateDay(Standard(), rest).absent);
  DayInput open{DayKind::kWorkday, 9 * 60, std::nullopt, false};
  auto r = EvaluateDay(Standard(), open);
  EXPECT_TRUE(r.missing_clock_out);
  EXPECT_FALSE(r.absent);
}

TEST(AttendanceDay, OvertimeByKind) {
  DayInput wk{DayKind::kWorkday, 9 * 60, 20 * 60 + 30, false};
  auto a = EvaluateDay(Standard(), wk);
  EXPECT_EQ(a.weekday_overtime_minutes, 150);
  EXPECT_EQ(a.rest_day_overtime_minutes, 0);
  DayInput rd{DayKind::kRestDay, 10 * 60, 19 * 60, false};  // 9 h span less the 1 h break
  EXPECT_EQ(EvaluateDay(Standard(), rd).rest_day_overtime_minutes, 480);
  DayInput hd{DayKind::kStatutoryHoliday, 9 * 60, 12 * 60, false};  // 3 h, no break deducted
  auto h = EvaluateDay(Standard(), hd);
  EXPECT_EQ(h.holiday_overtime_minutes, 180);
  EXPECT_FALSE(h.daily_limit_exceeded);  // the 3 h/day limit is on extended working days
}

TEST(OvertimeAlerts, ThreeHoursADayIsTheLimitNotABreach) {
  DayInput in{DayKind::kWorkday, 9 * 60, 21 * 60, false};  // exactly 3 h after 18:00
  EXPECT_EQ(EvaluateDay(Standard(), in).weekday_overtime_minutes, 180);
  EXPECT_FALSE(EvaluateDay(Standard(), in).daily_limit_exceeded);
  in.clock_out = 21 * 60 + 1;
  EXPECT_TRUE(EvaluateDay(Standard(), in).daily_limit_exceeded);
}

TEST(OvertimeAlerts, ThirtySixHoursAMonthIsTheLimitNotABreach) {
  MonthTotals t;
  DayInput in{DayKind::kWorkday, 9 * 60, 21 * 60, false};
  for (int i = 0; i < 12; ++i) t.Add(EvaluateDay(Standard(), in));  // 12 × 3 h = 36 h
  EXPECT_EQ(t.OvertimeMinutes(), 36 * 60);
  EXPECT_FALSE(t.monthly_limit_exceeded);
  EXPECT_EQ(t.daily_limit_days, 0);
  DayInput one{DayKind::kWorkday, 9 * 60, 18 * 60 + 1, false};  // one more minute
  t.Add(EvaluateDay(Standard(), one));
  EXPECT_EQ(t.OvertimeMinutes(), 36 * 60 + 1);
  EXPECT_TRUE(t.monthly_limit_exceeded);
}

TEST(OvertimeAlerts, RestDayHoursCountTowardsTheMonth) {
  MonthTotals t;
  DayInput rd{DayKind::kRestDay, 9 * 60, 18 * 60, false};  // 8 h
  for (int i = 0; i < 4; ++i) t.Add(EvaluateDay(Standard(), rd));
  DayInput wk{DayKind::kWorkday, 9 * 60, 22 * 60, false};  // 4 h
  t.Add(EvaluateDay(Standard(), wk));
  EXPECT_EQ(t.OvertimeMinutes(), 36 * 60);
  EXPECT_FALSE(t.monthly_limit_exceeded);
  EXPECT_EQ(t.daily_limit_days, 1);
}

TEST(Conversions, MinutesToHundredthsOfAnHour) {
  EXPECT_EQ(MinutesToHoursX100(90), 150);
  EXPECT_EQ(MinutesToHoursX100(2160), 3600);
  EXPECT_EQ(MinutesToHoursX100(1), 2);   // 1.67 -> 2
  EXPECT_EQ(MinutesToHoursX100(20), 33);  // 33.3 -> 33
}

TEST(Clock, ParsesAndFormatsHoursAndMinutes) {
  EXPECT_EQ(*ParseClock("09:05", "t"), 545);
  EXPECT_FALSE(ParseClock("24:00", "t").ok());
  EXPECT_FALSE(ParseClock("9:05", "t").ok());
  EXPECT_EQ(ParseClock("x", "clock_in").error().field, "clock_in");
  EXPECT_EQ(FormatClock(545), "09:05");
}

TEST(LeaveDays, WorkingDaysByTheCalendar) {
  const auto& cal = payroll::WorkCalendar::Builtin();
  // National Day 2025: 1–8 October are off (holidays and arranged rest days); 11 October (Saturday) is worked.
  // Working: 29 and 30 September, 9, 10 and 11 October.
  EXPECT_EQ(LeaveDaysX100(cal, Date(2025, 9, 29), Date(2025, 10, 12), false), 500);
  EXPECT_EQ(LeaveDaysX100(cal, Date(2025, 9, 29), Date(2025, 10, 12), true), 1400);  // calendar days (maternity)
}

}  // namespace
}  // namespace lifecycle
