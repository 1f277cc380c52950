#include "payroll/work_calendar.h"

#include <gtest/gtest.h>

namespace payroll {
namespace {

using core::Date;

int PaidDaysInYear(const WorkCalendar* cal, int year) {
  int n = 0;
  for (unsigned m = 1; m <= 12; ++m) {
    MonthDays d = ResolveMonthDays(cal, year, m);
    n += d.PaidDays(1, d.days);
  }
  return n;
}

TEST(WorkCalendar, PaidDaysOfAYearAreTwelveTimesTwentyOnePointSevenFive) {
  const WorkCalendar& cal = WorkCalendar::Builtin();
  ASSERT_TRUE(cal.Covers(2024));
  ASSERT_TRUE(cal.Covers(2025));
  // 2025: 248 workdays + 13 statutory holidays = 261 = 12 × 21.75 (劳社部发〔2008〕3号).
  EXPECT_EQ(PaidDaysInYear(&cal, 2025), 261);
  // 2024 is a leap year starting on a Monday: 262 weekdays, and 251 workdays + 11 holidays = 262.
  EXPECT_EQ(PaidDaysInYear(&cal, 2024), 262);
  EXPECT_FALSE(cal.Sources(2025).empty());
  EXPECT_TRUE(cal.Sources(2030).empty());
}

TEST(WorkCalendar, ArrangedDaysDifferFromTheWeek) {
  const WorkCalendar& cal = WorkCalendar::Builtin();
  EXPECT_EQ(cal.Kind(Date(2025, 1, 26)), DayKind::kWorkday);           // Sunday worked (调休上班)
  EXPECT_EQ(cal.Kind(Date(2025, 1, 28)), DayKind::kStatutoryHoliday);  // 除夕, statutory from 2025
  EXPECT_EQ(cal.Kind(Date(2025, 2, 3)), DayKind::kRestDay);            // Monday off by arrangement
  EXPECT_EQ(cal.Kind(Date(2025, 5, 31)), DayKind::kStatutoryHoliday);  // 端午 on a Saturday
  EXPECT_EQ(cal.Kind(Date(2025, 6, 2)), DayKind::kRestDay);            // the Monday given for it
  EXPECT_EQ(cal.Kind(Date(2025, 3, 4)), DayKind::kWorkday);            // an ordinary Tuesday
  EXPECT_EQ(cal.Kind(Date(2025, 3, 8)), DayKind::kRestDay);            // an ordinary Saturday
  EXPECT_EQ(cal.Kind(Date(2030, 1, 1)), DayKind::kWorkday);            // not covered: Monday–Friday
}

TEST(MonthDays, CountsPaidDaysWithTheCalendarOrMondayToFriday) {
  const WorkCalendar& cal = WorkCalendar::Builtin();
  MonthDays may = ResolveMonthDays(&cal, 2025, 5);
  EXPECT_TRUE(may.official_calendar);
  EXPECT_EQ(may.PaidDays(1, 31), 22);  // 19 workdays + 1, 2 and 31 May
  EXPECT_EQ(may.PaidDays(6, 31), 20);
  MonthDays plain = ResolveMonthDays(nullptr, 2025, 5);
  EXPECT_FALSE(plain.official_calendar);
  EXPECT_EQ(plain.PaidDays(1, 31), 22);
  EXPECT_EQ(plain.PaidDays(6, 31), 19);
  EXPECT_EQ(plain.PaidDays(10, 9), 0);
  EXPECT_FALSE(ResolveMonthDays(&cal, 2031, 1).official_calendar);
}

TEST(WorkCalendar, ParseRejectsImpossibleArrangements) {
  auto parse = [](const std::string& year_body) {
    return WorkCalendar::Parse(
        R"({"rule":"work_calendar","title":"t","note":"n","years":[{"year":2025,"sources":["s"],)" + year_body + "}]}");
  };
  EXPECT_TRUE(parse(R"("statutory_holidays":[],"rest_days":[],"working_days":[])").ok());
  auto weekend_rest = parse(R"("statutory_holidays":[],"rest_days":["2025-03-08"],"working_days":[])");
  ASSERT_FALSE(weekend_rest.ok());
  EXPECT_EQ(weekend_rest.error().field, "work_calendar.json.years[0].rest_days[0]");
  auto weekday_work = parse(R"("statutory_holidays":[],"rest_days":[],"working_days":["2025-03-07"])");
  ASSERT_FALSE(weekday_work.ok());
  EXPECT_EQ(weekday_work.error().field, "work_calendar.json.years[0].working_days[0]");
  EXPECT_FALSE(parse(R"("statutory_holidays":["2024-12-31"],"rest_days":[],"working_days":[])").ok());
  EXPECT_FALSE(parse(R"("statutory_holidays":["2025-01-01","2025-01-01"],"rest_days":[],"working_days":[])").ok());
  EXPECT_FALSE(parse(R"("statutory_holidays":[],"rest_days":[],"working_days":[],"extra":1)").ok());
}

}  // namespace
}  // namespace payroll
