#include "payroll/labor.h"

#include <gtest/gtest.h>

#include "payroll/rules.h"

namespace payroll {
namespace {

using core::Date;
using core::Money;

Money Y(std::string_view text) { return *Money::Parse(text); }

// --- overtime --------------------------------------------------------------------------------------

const WageConversionRules& Wage() { return RuleBook::Builtin().wage_conversion.Latest(); }

TEST(OvertimePay, UsesTwentyOnePointSevenFiveDaysAndTheStatutoryMultiples) {
  // 21,750 / 21.75 = 1,000 a day, / 8 = 125 an hour.
  // 10 weekday hours × 125 × 150% = 1,875; 8 rest-day hours × 200% = 2,000; 8 holiday hours × 300% = 3,000.
  OvertimeInput in;
  in.monthly_wage = Y("21750");
  in.weekday_hours_x100 = 1000;
  in.rest_day_hours_x100 = 800;
  in.holiday_hours_x100 = 800;
  auto r = OvertimePay(in, Wage());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->daily_rate.ToString(), "1000.00");
  EXPECT_EQ(r->hourly_rate.ToString(), "125.00");
  EXPECT_EQ(r->overtime_pay.ToString(), "6875.00");
}

TEST(OvertimePay, PayComesFromTheExactRateNotTheRoundedOne) {
  // 10,000 / 174 = 57.4712… an hour (shown 57.47). 36 weekday hours: 10,000 × 1.5 × 36 / 174 = 3,103.448…
  // → 3,103.45, whereas the rounded rate would give 57.47 × 1.5 × 36 = 3,103.38.
  OvertimeInput in;
  in.monthly_wage = Y("10000");
  in.weekday_hours_x100 = 3600;
  auto r = OvertimePay(in, Wage());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->daily_rate.ToString(), "459.77");
  EXPECT_EQ(r->hourly_rate.ToString(), "57.47");
  EXPECT_EQ(r->overtime_pay.ToString(), "3103.45");
  // 8,000 × 3 × 24 / 174 = 3,310.344… (the rounded rate 45.98 would give 3,310.56).
  in.monthly_wage = Y("8000");
  in.weekday_hours_x100 = 0;
  in.holiday_hours_x100 = 2400;
  EXPECT_EQ(OvertimePay(in, Wage())->overtime_pay.ToString(), "3310.34");
}

TEST(OvertimePay, FractionalHours) {
  OvertimeInput in;
  in.monthly_wage = Y("21750");
  in.weekday_hours_x100 = 150;  // 1.5 h × 125 × 1.5 = 281.25
  EXPECT_EQ(OvertimePay(in, Wage())->overtime_pay.ToString(), "281.25");
}

TEST(OvertimePay, RejectsNegativeWageAndImpossibleHours) {
  OvertimeInput in;
  in.monthly_wage = Y("-1");
  EXPECT_EQ(OvertimePay(in, Wage()).error().field, "monthly_wage");
  in.monthly_wage = Y("1");
  in.holiday_hours_x100 = kMaxOvertimeHoursX100 + 1;
  EXPECT_EQ(OvertimePay(in, Wage()).error().field, "holiday_ot_hours");
}

// --- severance -------------------------------------------------------------------------------------

const SeveranceRules& Sev() { return RuleBook::Builtin().severance.Latest(); }

SeveranceInput Sev(int64_t years, int64_t months, std::string_view wage, std::string_view local_avg = "8000") {
  SeveranceInput in;
  in.service_years = years;
  in.service_extra_months = months;
  in.avg_monthly_wage_12m = Y(wage);
  in.local_prev_year_avg_monthly_wage = Y(local_avg);
  return in;
}

TEST(SeverancePay, PartialYearSixMonthsOrMoreIsAFullYearLessIsHalf) {
  struct Case {
    int64_t years, months, half_months;
    const char* amount;
  } cases[] = {
      {3, 0, 6, "30000.00"},  {3, 1, 7, "35000.00"}, {3, 5, 7, "35000.00"},
      {3, 6, 8, "40000.00"},  // exactly six months counts as a year (六个月以上 includes six)
      {3, 11, 8, "40000.00"}, {0, 3, 1, "5000.00"},  {0, 0, 0, "0.00"},
  };
  for (const Case& c : cases) {
    auto r = SeverancePay(Sev(c.years, c.months, "10000"), Sev());
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->n_half_months, c.half_months) << c.years << "y" << c.months << "m";
    EXPECT_EQ(r->amount.ToString(), c.amount) << c.years << "y" << c.months << "m";
    EXPECT_FALSE(r->wage_capped_at_3x);
  }
}

TEST(SeverancePay, WageAboveThreeTimesLocalAverageIsCappedAndYearsAtTwelve) {
  // 30,000 > 3 × 8,000: base 24,000 and 15 years → 12: 288,000.
  auto r = SeverancePay(Sev(15, 0, "30000"), Sev());
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->wage_capped_at_3x);
  EXPECT_EQ(r->monthly_base.ToString(), "24000.00");
  EXPECT_EQ(r->n_half_months, 24);
  EXPECT_EQ(r->amount.ToString(), "288000.00");
  // The cap limits N to 12 including a half year (12 years 5 months → 12.5 → 12)…
  EXPECT_EQ(SeverancePay(Sev(12, 5, "30000"), Sev())->n_half_months, 24);
  // …but does not raise a shorter service: 10 years stay 10.
  EXPECT_EQ(SeverancePay(Sev(10, 0, "30000"), Sev())->amount.ToString(), "240000.00");
}

TEST(SeverancePay, ExactlyThreeTimesIsNotCapped) {
  auto at = SeverancePay(Sev(15, 0, "24000"), Sev());  // 高于 is strict
  EXPECT_FALSE(at->wage_capped_at_3x);
  EXPECT_EQ(at->n_half_months, 30);
  EXPECT_EQ(at->amount.ToString(), "360000.00");
  auto above = SeverancePay(Sev(15, 0, "24000.01"), Sev());
  EXPECT_TRUE(above->wage_capped_at_3x);
  EXPECT_EQ(above->monthly_base.ToString(), "24000.00");
  EXPECT_EQ(above->amount.ToString(), "288000.00");
}

TEST(SeverancePay, AverageBelowMinimumWageUsesTheMinimumWage) {
  SeveranceInput in = Sev(2, 0, "1800");
  EXPECT_EQ(SeverancePay(in, Sev())->amount.ToString(), "3600.00");  // no minimum given: no floor
  in.local_min_wage = Y("2000");
  auto r = SeverancePay(in, Sev());
  EXPECT_EQ(r->monthly_base.ToString(), "2000.00");
  EXPECT_EQ(r->amount.ToString(), "4000.00");
  in.avg_monthly_wage_12m = Y("2500");  // above the minimum: unchanged
  EXPECT_EQ(SeverancePay(in, Sev())->monthly_base.ToString(), "2500.00");
}

TEST(SeverancePay, UnlawfulTerminationPaysTwiceNButReportsN) {
  SeveranceInput in = Sev(3, 3, "10000");
  in.unlawful_termination = true;
  auto r = SeverancePay(in, Sev());
  EXPECT_EQ(r->n_half_months, 7);
  EXPECT_EQ(r->amount.ToString(), "70000.00");
  SeveranceInput capped = Sev(15, 0, "30000");
  capped.unlawful_termination = true;
  EXPECT_EQ(SeverancePay(capped, Sev())->amount.ToString(), "576000.00");  // 24,000 × 12 × 2
}

TEST(SeverancePay, HalfMonthRoundsHalfUpToTheFen) {
  EXPECT_EQ(SeverancePay(Sev(0, 1, "10000.01"), Sev())->amount.ToString(), "5000.01");  // 5,000.005
}

TEST(SeverancePay, RejectsOutOfRangeService) {
  EXPECT_EQ(SeverancePay(Sev(1, 12, "1"), Sev()).error().field, "service_extra_months");
  EXPECT_EQ(SeverancePay(Sev(-1, 0, "1"), Sev()).error().field, "service_years");
  EXPECT_EQ(SeverancePay(Sev(1, 0, "-1"), Sev()).error().field, "avg_monthly_wage_12m");
}

// --- annual leave ----------------------------------------------------------------------------------

const AnnualLeaveRules& Leave() { return RuleBook::Builtin().annual_leave.Latest(); }

AnnualLeaveInput Years(int64_t x100) {
  AnnualLeaveInput in;
  in.cumulative_service_years_x100 = x100;
  return in;
}

TEST(UnusedAnnualLeave, StatutoryTiersAtTheirBoundaries) {
  struct Case {
    int64_t years_x100, days;
  } cases[] = {{0, 0}, {99, 0}, {100, 5}, {999, 5}, {1000, 10}, {1999, 10}, {2000, 15}, {4000, 15}};
  for (const Case& c : cases) {
    auto r = UnusedAnnualLeave(Years(c.years_x100), Leave());
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->entitlement_days, c.days) << c.years_x100;
    EXPECT_EQ(r->days, c.days) << c.years_x100;
    EXPECT_EQ(r->unused_days_payable_x100, c.days * 100) << c.years_x100;
    EXPECT_FALSE(r->daily_wage.has_value());
  }
}

TEST(UnusedAnnualLeave, JoinerGetsRemainingDaysOverThreeSixtyFiveWholeDaysOnly) {
  AnnualLeaveInput in = Years(300);
  in.hire_date = Date(2025, 7, 1);  // 1 Jul – 31 Dec = 184 days; 184 / 365 × 5 = 2.52 → 2
  auto r = UnusedAnnualLeave(in, Leave());
  EXPECT_EQ(r->entitlement_days, 5);
  EXPECT_EQ(r->days, 2);
  in.hire_date = Date(2025, 1, 1);  // the whole year
  EXPECT_EQ(UnusedAnnualLeave(in, Leave())->days, 5);
  in.hire_date = Date(2024, 1, 1);  // 366 days in a leap year still give no more than 5
  EXPECT_EQ(UnusedAnnualLeave(in, Leave())->days, 5);
  in = Years(1200);
  in.hire_date = Date(2025, 10, 1);  // 92 days / 365 × 10 = 2.52 → 2
  EXPECT_EQ(UnusedAnnualLeave(in, Leave())->days, 2);
  in.hire_date = Date(2025, 12, 31);  // 1 / 365 × 10 → 0
  EXPECT_EQ(UnusedAnnualLeave(in, Leave())->days, 0);
}

TEST(UnusedAnnualLeave, LeaverIsPaidWholeDaysOfElapsedShareMinusTaken) {
  AnnualLeaveInput in = Years(1200);        // 10 days a year
  in.termination_date = Date(2025, 3, 31);  // 90 days elapsed: 90 / 365 × 10 = 2.47
  auto r = UnusedAnnualLeave(in, Leave());
  EXPECT_EQ(r->days, 2);
  EXPECT_EQ(r->unused_days_payable_x100, 200);
  // Half a day taken: 2.47 − 0.5 = 1.97 → 1 (the fraction is dropped after subtracting, per 第12条;
  // dropping it first would give 1.5).
  in.days_taken_x100 = 50;
  EXPECT_EQ(UnusedAnnualLeave(in, Leave())->unused_days_payable_x100, 100);
  // More taken than earned: nothing paid and nothing clawed back.
  in.days_taken_x100 = 300;
  EXPECT_EQ(UnusedAnnualLeave(in, Leave())->unused_days_payable_x100, 0);
}

TEST(UnusedAnnualLeave, JoinerWhoLeavesTheSameYearCountsDaysFromHire) {
  AnnualLeaveInput in = Years(2500);  // 15 days
  in.hire_date = Date(2025, 3, 1);
  in.termination_date = Date(2025, 8, 31);  // 184 days: 184 / 365 × 15 = 7.56 → 7
  auto r = UnusedAnnualLeave(in, Leave());
  EXPECT_EQ(r->days, 7);
  EXPECT_EQ(r->unused_days_payable_x100, 700);
  in.hire_date = Date(2019, 3, 1);  // hired in an earlier year: the whole year to date counts
  in.termination_date = Date(2025, 12, 31);
  EXPECT_EQ(UnusedAnnualLeave(in, Leave())->days, 15);
}

TEST(UnusedAnnualLeave, PaysTwoHundredPercentExtraOrOnlyNormalPayWhenWaived) {
  AnnualLeaveInput in = Years(500);
  in.avg_monthly_wage_12m_excl_overtime = Y("21750");  // 1,000 a day
  in.days_taken_x100 = 300;                            // 2 of 5 days unused
  auto r = UnusedAnnualLeave(in, Leave());
  EXPECT_EQ(r->unused_days_payable_x100, 200);
  EXPECT_EQ(r->daily_wage->ToString(), "1000.00");
  EXPECT_EQ(r->extra_pay_200pct->ToString(), "4000.00");
  EXPECT_EQ(r->total_300pct_incl_normal->ToString(), "6000.00");
  in.employee_waived_in_writing = true;
  r = UnusedAnnualLeave(in, Leave());
  EXPECT_EQ(r->extra_pay_200pct->ToString(), "0.00");
  EXPECT_EQ(r->total_300pct_incl_normal->ToString(), "2000.00");
}

TEST(UnusedAnnualLeave, PayIsRoundedOnceFromTheExactDailyWage) {
  AnnualLeaveInput in = Years(500);
  in.avg_monthly_wage_12m_excl_overtime = Y("10000");
  auto r = UnusedAnnualLeave(in, Leave());
  EXPECT_EQ(r->daily_wage->ToString(), "459.77");
  EXPECT_EQ(r->extra_pay_200pct->ToString(), "4597.70");          // 10,000 × 2 × 5 / 21.75 = 4,597.701…
  EXPECT_EQ(r->total_300pct_incl_normal->ToString(), "6896.55");  // 6,896.551…
}

TEST(UnusedAnnualLeave, FractionalTakenLeavesFractionalUnusedDaysForStayers) {
  AnnualLeaveInput in = Years(500);
  in.days_taken_x100 = 50;
  EXPECT_EQ(UnusedAnnualLeave(in, Leave())->unused_days_payable_x100, 450);
}

TEST(UnusedAnnualLeave, OverrideReplacesTheStatutoryTier) {
  AnnualLeaveInput in = Years(500);
  in.full_year_entitlement_days = 12;
  auto r = UnusedAnnualLeave(in, Leave());
  EXPECT_EQ(r->entitlement_days, 12);
  EXPECT_EQ(r->days, 12);
}

TEST(UnusedAnnualLeave, RejectsHireAfterTermination) {
  AnnualLeaveInput in = Years(500);
  in.hire_date = Date(2025, 6, 1);
  in.termination_date = Date(2025, 5, 31);
  auto r = UnusedAnnualLeave(in, Leave());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "hire_date");
}

}  // namespace
}  // namespace payroll
