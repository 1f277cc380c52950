#include "core/date.h"

#include <gtest/gtest.h>

using core::Date;

TEST(Date, ParsesAndRejectsImpossibleDates) {
  auto d = Date::Parse("2024-02-29");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->ToString(), "2024-02-29");
  EXPECT_FALSE(Date::Parse("2023-02-29").ok());
  EXPECT_FALSE(Date::Parse("2023-2-1").ok());
  EXPECT_EQ(Date::Parse("x", "hire_date").error().field, "hire_date");
}

TEST(Date, AddMonthsClampsToMonthEnd) {
  EXPECT_EQ(Date(2024, 1, 31).AddMonths(1).ToString(), "2024-02-29");
  EXPECT_EQ(Date(2023, 1, 31).AddMonths(1).ToString(), "2023-02-28");
  EXPECT_EQ(Date(2023, 12, 15).AddMonths(3).ToString(), "2024-03-15");
  EXPECT_EQ(Date(2024, 3, 15).AddMonths(-3).ToString(), "2023-12-15");
}

TEST(Date, WeekdayAndDays) {
  EXPECT_EQ(Date(2026, 11, 25).Weekday(), 3u);  // Wednesday
  EXPECT_EQ(Date(1970, 1, 1).DaysSinceEpoch(), 0);
  EXPECT_EQ(Date::FromDays(Date(2000, 3, 1).DaysSinceEpoch() - 1).ToString(), "2000-02-29");
}

TEST(Instant, RoundTripsFixedWidthText) {
  auto t = core::ParseInstant("2026-11-25T08:09:10.123Z");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(core::FormatInstant(*t), "2026-11-25T08:09:10.123Z");
  EXPECT_FALSE(core::ParseInstant("2026-11-25 08:09:10").ok());
}
