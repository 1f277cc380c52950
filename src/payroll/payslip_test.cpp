#include "payroll/payslip.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "payroll/labor.h"

namespace payroll {
namespace {

using core::Date;
using core::Money;

Money Y(std::string_view text) { return *Money::Parse(text); }

MonthRules Month(int year, unsigned month, const WorkCalendar* calendar = &WorkCalendar::Builtin()) {
  auto m = ResolveMonthRules(RuleBook::Builtin(), calendar, year, month);
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().message);
  return *m;
}

CityRates City(std::string_view city, int year, unsigned month) {
  auto r = ResolveCityRates(SocialInsuranceBook::Builtin(), city, year, month);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return *r;
}

// A city of round numbers, independent of the rule files: pension 8%/16%, medical 2%/9.5%, unemployment
// 0.5%/0.5%, housing fund 12%, no floors or caps, fen half-up. At a base of 20,000 the employee pays
// 1,600 + 400 + 100 + 2,400 = 4,500.
CityRates PlainCity(int year, unsigned month) {
  CityRates r;
  r.city = "plain";
  r.year = year;
  r.month = month;
  auto set = [&](Scheme s, int32_t ee, int32_t er) {
    SchemeRates& x = r.schemes[static_cast<size_t>(s)];
    x.separate = true;
    x.employee_ppm = ee;
    x.employer_ppm = x.employer_ppm_local_hukou = er;
  };
  set(Scheme::kPension, 80'000, 160'000);
  set(Scheme::kMedical, 20'000, 95'000);
  set(Scheme::kUnemployment, 5'000, 5'000);
  set(Scheme::kHousingFund, 120'000, 120'000);
  r.housing_fund = {50'000, 120'000, 120'000};
  return r;
}

Payslip Compute(const PayslipInput& in, const CityRates& rates, const MonthRules& month) {
  auto p = ComputePayslip(in, rates, month);
  EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().message);
  return p.ok() ? *p : Payslip();
}

std::string InvalidField(const PayslipInput& in, const CityRates& rates, const MonthRules& month) {
  auto p = ComputePayslip(in, rates, month);
  if (p.ok()) return "";
  EXPECT_EQ(p.error().code, core::ErrorCode::kInvalid);
  return p.error().field;
}

Money LineAmount(const Payslip& p, LineCode code) {
  for (const PayslipLine& l : p.lines()) {
    if (l.code == code) return l.amount;
  }
  return Money();
}

// --- the tax authority example through the engine --------------------------------------------------------

// 国家税务总局 example: 30,000 a month, 专项扣除 4,500 (here computed: base 20,000 in PlainCity),
// 专项附加扣除 2,000 → withheld 555.00, 625.00, 1,850.00 for January to March.
TEST(ComputePayslip, TaxAuthorityExampleWithTheSocialInsuranceComputed) {
  PayslipInput in;
  in.monthly_salary = Y("30000");
  in.social_insurance_base = Y("20000");
  in.special_additional_deduction = Y("2000");
  in.ytd = CumulativeState::NewYear(2025);
  const char* expected[] = {"555.00", "625.00", "1850.00"};
  for (unsigned m = 1; m <= 3; ++m) {
    Payslip p = Compute(in, PlainCity(2025, m), Month(2025, m));
    EXPECT_EQ(p.contributions.employee_total.ToString(), "4500.00");
    EXPECT_EQ(p.income_tax.ToString(), expected[m - 1]) << "month " << m;
    EXPECT_EQ(p.net_pay, Y("30000") - Y("4500") - p.income_tax);
    in.ytd = p.ytd;
  }
  EXPECT_EQ(in.ytd.months_employed, 3);
  EXPECT_EQ(in.ytd.income.ToString(), "90000.00");
  EXPECT_EQ(in.ytd.basic_deduction.ToString(), "15000.00");
  EXPECT_EQ(in.ytd.special_deduction.ToString(), "13500.00");
  EXPECT_EQ(in.ytd.special_additional_deduction.ToString(), "6000.00");
  EXPECT_EQ(in.ytd.taxable_income.ToString(), "55500.00");
  EXPECT_EQ(in.ytd.withheld_tax.ToString(), "3030.00");
}

// --- a year in Beijing with a mid-year raise -------------------------------------------------------------

// Beijing 2025, declared base 20,000 all year (inside both the 2024-07 and 2025-07 limits), housing fund
// 12%, 专项附加扣除 2,000. Salary 20,000 Jan–Jun, 50,000 Jul–Dec. Expected values by hand from the annual
// table (个人所得税法 税率表一; 公告2018年第61号 预扣率表一), not from the engine:
//   employee SI/HF: pension 1,600 + medical 400 + 3 + unemployment 100 + housing fund 2,400 = 4,503
//   monthly net: Jan–Jun 20,000 − 4,503 − 2,000 − 5,000 = 8,497; Jul–Dec 50,000 − ... = 38,497
//   month  cum taxable  rate  cum tax                          withheld
//   Jan      8,497       3%     254.91                          254.91
//   Feb     16,994       3%     509.82                          254.91
//   Mar     25,491       3%     764.73                          254.91
//   Apr     33,988       3%   1,019.64                          254.91
//   May     42,485      10%   4,248.50 − 2,520 = 1,728.50       708.86   (crosses 36,000)
//   Jun     50,982      10%   5,098.20 − 2,520 = 2,578.20       849.70
//   Jul     89,479      10%   8,947.90 − 2,520 = 6,427.90     3,849.70
//   Aug    127,976      10%  12,797.60 − 2,520 = 10,277.60    3,849.70
//   Sep    166,473      20%  33,294.60 − 16,920 = 16,374.60   6,097.00   (crosses 144,000)
//   Oct    204,970      20%  40,994.00 − 16,920 = 24,074.00   7,699.40
//   Nov    243,467      20%  48,693.40 − 16,920 = 31,773.40   7,699.40
//   Dec    281,964      20%  56,392.80 − 16,920 = 39,472.80   7,699.40
TEST(ComputePayslip, TwelveMonthsWithAMidYearRaiseCrossingTwoBrackets) {
  struct Expect {
    const char* cum_taxable;
    int32_t rate_bp;
    const char* withheld;
    const char* net;
  };
  const Expect expected[12] = {
      {"8497.00", 300, "254.91", "15242.09"},     {"16994.00", 300, "254.91", "15242.09"},
      {"25491.00", 300, "254.91", "15242.09"},    {"33988.00", 300, "254.91", "15242.09"},
      {"42485.00", 1000, "708.86", "14788.14"},   {"50982.00", 1000, "849.70", "14647.30"},
      {"89479.00", 1000, "3849.70", "41647.30"},  {"127976.00", 1000, "3849.70", "41647.30"},
      {"166473.00", 2000, "6097.00", "39400.00"}, {"204970.00", 2000, "7699.40", "37797.60"},
      {"243467.00", 2000, "7699.40", "37797.60"}, {"281964.00", 2000, "7699.40", "37797.60"},
  };
  PayslipInput in;
  in.social_insurance_base = Y("20000");
  in.special_additional_deduction = Y("2000");
  in.hire_date = Date(2019, 4, 1);
  in.ytd = CumulativeState::NewYear(2025);
  for (unsigned m = 1; m <= 12; ++m) {
    SCOPED_TRACE("month " + std::to_string(m));
    in.monthly_salary = m <= 6 ? Y("20000") : Y("50000");
    Payslip p = Compute(in, City("beijing", 2025, m), Month(2025, m));
    EXPECT_EQ(p.contributions.employee_total.ToString(), "4503.00");
    EXPECT_EQ(p.withholding.cum_taxable_income.ToString(), expected[m - 1].cum_taxable);
    EXPECT_EQ(p.withholding.rate_bp, expected[m - 1].rate_bp);
    EXPECT_EQ(p.income_tax.ToString(), expected[m - 1].withheld);
    EXPECT_EQ(p.net_pay.ToString(), expected[m - 1].net);
    // Employer: pension 3,200 + medical 1,960 + unemployment 100 + work injury 40 + housing fund 2,400.
    EXPECT_EQ(p.contributions.employer_total.ToString(), "7700.00");
    EXPECT_EQ(p.employer_cost, p.gross_pay + Y("7700"));
    EXPECT_EQ(p.rates_provisional, m >= 7);  // the 2025-07 Beijing figures are not verified
    in.ytd = p.ytd;
  }
  EXPECT_EQ(in.ytd.withheld_tax.ToString(), "39472.80");
  EXPECT_EQ(in.ytd.months_employed, 12);
}

// --- proration ---------------------------------------------------------------------------------------------

// March 2025 has 21 paid days (no holiday). A salary of 21,750 makes the daily wage exactly 1,000.
struct ProrationCase {
  const char* name;
  std::optional<Date> hire;
  std::optional<Date> termination;
  ProrationMethod method;
  int paid_days;
  const char* base_salary;
  bool prorated;
};

TEST(ComputePayslip, ProrationForJoinersAndLeavers) {
  const ProrationCase cases[] = {
      {"employed all month", Date(2024, 1, 1), std::nullopt, ProrationMethod::kPaidDays, 21, "21750.00", false},
      {"hired mid-month (Mon 17th)", Date(2025, 3, 17), std::nullopt, ProrationMethod::kPaidDays, 11, "11000.00", true},
      {"hired on Saturday the 1st", Date(2025, 3, 1), std::nullopt, ProrationMethod::kPaidDays, 21, "21750.00", false},
      {"hired Monday the 3rd, after the weekend", Date(2025, 3, 3), std::nullopt, ProrationMethod::kPaidDays, 21,
       "21750.00", false},
      {"leaves on the last day", Date(2024, 1, 1), Date(2025, 3, 31), ProrationMethod::kPaidDays, 21, "21750.00",
       false},
      {"leaves on Friday the 28th", Date(2024, 1, 1), Date(2025, 3, 28), ProrationMethod::kPaidDays, 20, "20000.00",
       true},
      {"leaves the 28th, missed-day method", Date(2024, 1, 1), Date(2025, 3, 28), ProrationMethod::kDeductMissedDays,
       20, "20750.00", true},
      {"hired and leaves in the month", Date(2025, 3, 10), Date(2025, 3, 21), ProrationMethod::kPaidDays, 10,
       "10000.00", true},
      {"hired on the last day", Date(2025, 3, 31), std::nullopt, ProrationMethod::kPaidDays, 1, "1000.00", true},
  };
  for (const ProrationCase& c : cases) {
    SCOPED_TRACE(c.name);
    PayslipInput in;
    in.monthly_salary = Y("21750");
    in.hire_date = c.hire;
    in.termination_date = c.termination;
    in.proration = c.method;
    in.ytd = CumulativeState::NewYear(2025);
    in.ytd.first_month = 1;
    in.ytd.last_month = 2;
    Payslip p = Compute(in, PlainCity(2025, 3), Month(2025, 3));
    EXPECT_EQ(p.paid_days_in_month, 21);
    EXPECT_EQ(p.paid_days_employed, c.paid_days);
    EXPECT_EQ(p.base_salary.ToString(), c.base_salary);
    EXPECT_EQ(p.prorated, c.prorated);
  }
}

TEST(ComputePayslip, ProrationCountsHolidaysWithTheCalendarAndWeekdaysWithout) {
  // Hired Tuesday 6 May 2025. Official calendar: 19 workdays + 31 May (端午, a Saturday) = 20 paid days;
  // Monday–Friday: 19. The month has 22 paid days either way.
  PayslipInput in;
  in.monthly_salary = Y("21750");
  in.hire_date = Date(2025, 5, 6);
  in.ytd = CumulativeState::NewYear(2025);
  Payslip official = Compute(in, PlainCity(2025, 5), Month(2025, 5));
  EXPECT_TRUE(official.official_calendar);
  EXPECT_EQ(official.paid_days_employed, 20);
  EXPECT_EQ(official.base_salary.ToString(), "20000.00");
  Payslip weekdays = Compute(in, PlainCity(2025, 5), Month(2025, 5, nullptr));
  EXPECT_FALSE(weekdays.official_calendar);
  EXPECT_EQ(weekdays.paid_days_employed, 19);
  EXPECT_EQ(weekdays.base_salary.ToString(), "19000.00");
  // Hired in May: the basic deduction counts from May, so the state starts there.
  EXPECT_EQ(official.ytd.first_month, 5);
  EXPECT_EQ(official.ytd.basic_deduction.ToString(), "5000.00");
}

TEST(ComputePayslip, ProratedMonthNeverPaysMoreThanTheSalary) {
  // October 2025: 18 workdays (11 October, a Saturday, included) + 4 statutory days (1–3 and 6 October)
  // = 22 paid days; leaving on the 30th leaves 21 → 21/21.75. July 2025 has 23 paid days: leaving on the
  // 30th leaves 22, and 22/21.75 of the salary is capped at the salary.
  PayslipInput in;
  in.monthly_salary = Y("21750");
  in.termination_date = Date(2025, 10, 30);
  in.ytd = CumulativeState::NewYear(2025);
  Payslip oct = Compute(in, PlainCity(2025, 10), Month(2025, 10));
  EXPECT_EQ(oct.paid_days_in_month, 22);
  EXPECT_EQ(oct.base_salary.ToString(), "21000.00");
  in.termination_date = Date(2025, 7, 30);
  Payslip jul = Compute(in, PlainCity(2025, 7), Month(2025, 7));
  EXPECT_EQ(jul.paid_days_in_month, 23);
  EXPECT_EQ(jul.paid_days_employed, 22);
  EXPECT_TRUE(jul.prorated);
  EXPECT_EQ(jul.base_salary.ToString(), "21750.00");
}

TEST(ComputePayslip, RejectsDatesThatLeaveNoDayEmployed) {
  PayslipInput in;
  in.monthly_salary = Y("10000");
  in.ytd = CumulativeState::NewYear(2025);
  in.hire_date = Date(2025, 4, 1);
  EXPECT_EQ(InvalidField(in, PlainCity(2025, 3), Month(2025, 3)), "hire_date");
  in.hire_date.reset();
  in.termination_date = Date(2025, 2, 28);
  EXPECT_EQ(InvalidField(in, PlainCity(2025, 3), Month(2025, 3)), "termination_date");
  in.hire_date = Date(2025, 3, 20);
  in.termination_date = Date(2025, 3, 10);
  EXPECT_EQ(InvalidField(in, PlainCity(2025, 3), Month(2025, 3)), "hire_date");
}

// --- overtime and absence ----------------------------------------------------------------------------------

// 17,400 a month → hourly 17,400 / 21.75 / 8 = 100.00 exactly.
TEST(ComputePayslip, OvertimeByKindAtOneHundredFiftyTwoHundredAndThreeHundredPercent) {
  PayslipInput in;
  in.monthly_salary = Y("17400");
  in.weekday_overtime_hours_x100 = 1050;  // 10.5 h × 150 = 1,575.00
  in.rest_day_overtime_hours_x100 = 800;  // 8 h × 200 = 1,600.00
  in.holiday_overtime_hours_x100 = 800;   // 8 h × 300 = 2,400.00
  in.ytd = CumulativeState::NewYear(2025);
  Payslip p = Compute(in, PlainCity(2025, 3), Month(2025, 3));
  EXPECT_EQ(LineAmount(p, LineCode::kOvertimeWeekday).ToString(), "1575.00");
  EXPECT_EQ(LineAmount(p, LineCode::kOvertimeRestDay).ToString(), "1600.00");
  EXPECT_EQ(LineAmount(p, LineCode::kOvertimeHoliday).ToString(), "2400.00");
  EXPECT_EQ(p.overtime_pay.ToString(), "5575.00");
  EXPECT_EQ(p.gross_pay.ToString(), "22975.00");
  // A separate overtime base (e.g. a local rule's wage base) replaces the salary.
  in.overtime_wage_base = Y("8700");  // hourly 50
  EXPECT_EQ(Compute(in, PlainCity(2025, 3), Month(2025, 3)).overtime_pay.ToString(), "2787.50");
  in.holiday_overtime_hours_x100 = kMaxOvertimeHoursX100 + 1;
  EXPECT_EQ(InvalidField(in, PlainCity(2025, 3), Month(2025, 3)), "holiday_overtime_hours");
}

TEST(ComputePayslip, AbsenceIsDeductedAtMonthlyOverTwentyOnePointSevenFivePerDay) {
  PayslipInput in;
  in.monthly_salary = Y("21750");
  in.ytd = CumulativeState::NewYear(2025);
  in.absence_days_x100 = 200;
  Payslip two = Compute(in, PlainCity(2025, 3), Month(2025, 3));
  EXPECT_EQ(two.absence_deduction.ToString(), "2000.00");
  EXPECT_EQ(LineAmount(two, LineCode::kAbsenceDeduction).ToString(), "-2000.00");
  EXPECT_EQ(two.gross_pay.ToString(), "19750.00");
  in.absence_days_x100 = 50;
  EXPECT_EQ(Compute(in, PlainCity(2025, 3), Month(2025, 3)).absence_deduction.ToString(), "500.00");
  // A joiner's absence comes off the prorated salary: 11 paid days employed, 1 absent → 10,000.
  in.hire_date = Date(2025, 3, 17);
  in.absence_days_x100 = 100;
  EXPECT_EQ(Compute(in, PlainCity(2025, 3), Month(2025, 3)).gross_pay.ToString(), "10000.00");
  in.absence_days_x100 = 1101;
  EXPECT_EQ(InvalidField(in, PlainCity(2025, 3), Month(2025, 3)), "absence_days");
  // Absent every paid day of February 2025 (19 paid days): nothing is paid, although 19 × 1,000 is less
  // than the salary.
  in.hire_date.reset();
  in.absence_days_x100 = 1900;
  Payslip feb = Compute(in, PlainCity(2025, 2), Month(2025, 2));
  EXPECT_EQ(feb.paid_days_in_month, 19);
  EXPECT_EQ(feb.base_salary.ToString(), "21750.00");
  EXPECT_EQ(feb.gross_pay.ToString(), "0.00");
}

// --- no refund within the year -------------------------------------------------------------------------

// January: 30,000, SI 4,500 → cumulative taxable 20,500 → 615.00. February: absent all month, SI still due
// → cumulative taxable 20,500 − 4,500 − 5,000 = 11,000 → cumulative tax 330 < 615 withheld: nothing is
// withheld and nothing refunded; the employee owes the SI (net −4,500). March: 30,000 again → 31,500 →
// 945.00 − 615.00 = 330.00: the excess withheld earlier is used up, not refunded.
TEST(ComputePayslip, NoRefundWithinTheYearTheExcessCarries) {
  PayslipInput in;
  in.monthly_salary = Y("30000");
  in.social_insurance_base = Y("20000");
  in.ytd = CumulativeState::NewYear(2025);
  Payslip jan = Compute(in, PlainCity(2025, 1), Month(2025, 1));
  EXPECT_EQ(jan.income_tax.ToString(), "615.00");
  in.ytd = jan.ytd;
  in.absence_days_x100 = 1900;
  Payslip feb = Compute(in, PlainCity(2025, 2), Month(2025, 2));
  EXPECT_EQ(feb.withholding.cum_tax.ToString(), "330.00");
  EXPECT_EQ(feb.income_tax.ToString(), "0.00");
  EXPECT_EQ(feb.ytd.withheld_tax.ToString(), "615.00");
  EXPECT_EQ(feb.net_pay.ToString(), "-4500.00");
  in.ytd = feb.ytd;
  in.absence_days_x100 = 0;
  Payslip mar = Compute(in, PlainCity(2025, 3), Month(2025, 3));
  EXPECT_EQ(mar.withholding.cum_taxable_income.ToString(), "31500.00");
  EXPECT_EQ(mar.income_tax.ToString(), "330.00");
  EXPECT_EQ(mar.ytd.withheld_tax.ToString(), "945.00");
}

TEST(ComputePayslip, UpfrontSixtyThousandStartsTaxOnlyAboveIt) {
  // 8,000 a month without social insurance: with the up-front method nothing is withheld until the
  // cumulative income passes 60,000 (August: 64,000 − 60,000 = 4,000 × 3% = 120.00).
  PayslipInput in;
  in.monthly_salary = Y("8000");
  in.social_insurance_this_month = false;
  in.housing_fund_this_month = false;
  in.ytd = CumulativeState::NewYear(2025, /*upfront=*/true);
  for (unsigned m = 1; m <= 8; ++m) {
    Payslip p = Compute(in, PlainCity(2025, m), Month(2025, m));
    EXPECT_EQ(p.income_tax.ToString(), m < 8 ? "0.00" : "120.00") << "month " << m;
    EXPECT_EQ(p.ytd.basic_deduction.ToString(), "60000.00");
    in.ytd = p.ytd;
  }
  // Without it, January alone is taxed: 3,000 × 3% = 90.00.
  in.ytd = CumulativeState::NewYear(2025);
  EXPECT_EQ(Compute(in, PlainCity(2025, 1), Month(2025, 1)).income_tax.ToString(), "90.00");
  // The method needs employment here since January.
  in.ytd = CumulativeState::NewYear(2025, true);
  in.hire_date = Date(2025, 3, 1);
  EXPECT_EQ(InvalidField(in, PlainCity(2025, 3), Month(2025, 3)), "ytd.annual_basic_deduction_upfront");
}

TEST(ComputePayslip, RejectsAStateOfAnotherYearOrAMonthAlreadyCounted) {
  PayslipInput in;
  in.monthly_salary = Y("10000");
  in.ytd = CumulativeState::NewYear(2024);
  EXPECT_EQ(InvalidField(in, PlainCity(2025, 1), Month(2025, 1)), "ytd.tax_year");
  in.ytd = CumulativeState::NewYear(2025);
  Payslip jan = Compute(in, PlainCity(2025, 1), Month(2025, 1));
  in.ytd = jan.ytd;
  EXPECT_EQ(InvalidField(in, PlainCity(2025, 1), Month(2025, 1)), "ytd.last_month");
  EXPECT_EQ(InvalidField(in, PlainCity(2025, 2), Month(2025, 3)), "month");
}

// --- bonuses -----------------------------------------------------------------------------------------------

TEST(ComputePayslip, AnnualBonusTaxedSeparatelyHasTheCliffAboveThirtySixThousand) {
  PayslipInput in;
  in.monthly_salary = Y("5000");
  in.social_insurance_this_month = false;
  in.housing_fund_this_month = false;
  in.annual_bonus_separately = true;
  in.ytd = CumulativeState::NewYear(2025);
  // 36,000 / 12 = 3,000 → 3%: 1,080.00. One fen more → 10% − 210: 3,390.00 (财税〔2018〕164号 table).
  in.annual_bonus = Y("36000");
  Payslip at = Compute(in, PlainCity(2025, 2), Month(2025, 2));
  EXPECT_EQ(at.annual_bonus_tax->tax.ToString(), "1080.00");
  EXPECT_EQ(LineAmount(at, LineCode::kAnnualBonusTax).ToString(), "1080.00");
  EXPECT_EQ(at.income_tax.ToString(), "0.00");  // wages 5,000 − 5,000: the bonus stays out of the cumulative
  EXPECT_EQ(at.wage_income.ToString(), "5000.00");
  EXPECT_EQ(at.ytd.income.ToString(), "5000.00");
  EXPECT_EQ(at.net_pay.ToString(), "39920.00");
  EXPECT_TRUE(at.ytd.annual_bonus_taxed_separately);
  in.annual_bonus = Y("36000.01");
  Payslip above = Compute(in, PlainCity(2025, 2), Month(2025, 2));
  EXPECT_EQ(above.annual_bonus_tax->tax.ToString(), "3390.00");
  EXPECT_EQ(above.net_pay.ToString(), "37610.01");  // one fen more bonus, 2,309.99 less pay
}

TEST(ComputePayslip, SeparateBonusTaxIsAllowedOncePerYearAndNotAfterTwentyTwentySeven) {
  PayslipInput in;
  in.monthly_salary = Y("10000");
  in.annual_bonus = Y("20000");
  in.annual_bonus_separately = true;
  in.ytd = CumulativeState::NewYear(2025);
  Payslip jan = Compute(in, PlainCity(2025, 1), Month(2025, 1));
  in.ytd = jan.ytd;
  EXPECT_EQ(InvalidField(in, PlainCity(2025, 2), Month(2025, 2)), "annual_bonus_separately");
  // Merged into the wages instead, the second bonus is fine.
  in.annual_bonus_separately = false;
  Payslip feb = Compute(in, PlainCity(2025, 2), Month(2025, 2));
  EXPECT_FALSE(feb.annual_bonus_tax.has_value());
  EXPECT_EQ(feb.wage_income.ToString(), "30000.00");
  // 财政部 税务总局公告2023年第30号 extends the separate method to 2027-12-31 only.
  in.annual_bonus_separately = true;
  in.ytd = CumulativeState::NewYear(2028);
  EXPECT_EQ(InvalidField(in, PlainCity(2028, 1), Month(2028, 1)), "annual_bonus_separately");
  // A flag without a bonus uses nothing up.
  in.ytd = CumulativeState::NewYear(2025);
  in.annual_bonus = Money();
  EXPECT_FALSE(Compute(in, PlainCity(2025, 1), Month(2025, 1)).ytd.annual_bonus_taxed_separately);
}

// January, 10,000 salary and a 50,000 bonus, no SI. Separately: wages 5,000 × 3% = 150; bonus 50,000 / 12
// = 4,166.67 → 10% − 210 = 4,790; total 4,940. Merged: 55,000 × 10% − 2,520 = 2,980. Separate is not
// always cheaper: the caller must choose per employee.
TEST(ComputePayslip, MergingTheBonusCanBeCheaperThanTaxingItSeparately) {
  PayslipInput in;
  in.monthly_salary = Y("10000");
  in.annual_bonus = Y("50000");
  in.social_insurance_this_month = false;
  in.housing_fund_this_month = false;
  in.ytd = CumulativeState::NewYear(2025);
  in.annual_bonus_separately = true;
  Payslip separate = Compute(in, PlainCity(2025, 1), Month(2025, 1));
  EXPECT_EQ(separate.income_tax.ToString(), "150.00");
  EXPECT_EQ(separate.annual_bonus_tax->tax.ToString(), "4790.00");
  in.annual_bonus_separately = false;
  Payslip merged = Compute(in, PlainCity(2025, 1), Month(2025, 1));
  EXPECT_EQ(merged.income_tax.ToString(), "2980.00");
  EXPECT_EQ(merged.net_pay.ToString(), "57020.00");
  EXPECT_EQ(separate.net_pay.ToString(), "55060.00");
  // A merged bonus (奖金) is just wages.
  in.annual_bonus = Money();
  in.bonus = Y("50000");
  EXPECT_EQ(Compute(in, PlainCity(2025, 1), Month(2025, 1)).income_tax.ToString(), "2980.00");
}

// --- lines, deductions, totals -----------------------------------------------------------------------------

TEST(ComputePayslip, LinesAddUpToGrossNetAndEmployerCost) {
  PayslipInput in;
  in.monthly_salary = Y("21750");
  in.hire_date = Date(2020, 5, 1);
  in.taxable_allowances = Y("800");
  in.tax_free_allowances = Y("10");  // e.g. 独生子女父母奖励
  in.bonus = Y("1000");
  in.weekday_overtime_hours_x100 = 400;
  in.absence_days_x100 = 100;
  in.social_insurance_base = Y("20000");
  in.special_additional_deduction = Y("3000");
  in.other_deduction = Y("200");        // 商业健康保险
  in.post_tax_deduction = Y("150.50");  // canteen
  in.ytd = CumulativeState::NewYear(2025);
  Payslip p = Compute(in, City("shanghai", 2025, 1), Month(2025, 1));
  Money earnings, deductions, employer;
  for (const PayslipLine& l : p.lines()) {
    const LineLabel& label = Describe(l.code);
    EXPECT_FALSE(label.code.empty());
    EXPECT_FALSE(label.zh.empty());
    EXPECT_FALSE(label.en.empty());
    if (label.kind == LineKind::kEarning) earnings += l.amount;
    if (label.kind == LineKind::kEmployeeDeduction) deductions += l.amount;
    if (label.kind == LineKind::kEmployerContribution) employer += l.amount;
  }
  EXPECT_EQ(earnings, p.gross_pay);
  EXPECT_EQ(p.gross_pay - deductions, p.net_pay);
  EXPECT_EQ(p.gross_pay + employer, p.employer_cost);
  EXPECT_EQ(Describe(LineCode::kPensionEmployee).code, "pension_employee");
  EXPECT_EQ(Describe(LineCode::kHousingFundEmployer).zh, "住房公积金（单位）");
  EXPECT_EQ(LineAmount(p, LineCode::kOvertimeWeekday).ToString(), "750.00");  // 21,750/174 × 1.5 × 4
  EXPECT_EQ(LineAmount(p, LineCode::kPensionEmployee).ToString(), "1600.00");
  EXPECT_EQ(LineAmount(p, LineCode::kHousingFundEmployee).ToString(), "1400.00");  // Shanghai 7%
  EXPECT_EQ(LineAmount(p, LineCode::kWorkInjuryEmployee).ToString(), "0.00");      // no such line
  // Taxable: 21,750 − 1,000 + 750 + 800 + 1,000 = 23,300 (+10 tax-free); SI 1,600 + 400 + 100 + 1,400
  // = 3,500; 23,300 − 3,500 − 3,000 − 200 − 5,000 = 11,600 × 3% = 348.00.
  EXPECT_EQ(p.contributions.employee_total.ToString(), "3500.00");
  EXPECT_EQ(p.withholding.cum_taxable_income.ToString(), "11600.00");
  EXPECT_EQ(p.income_tax.ToString(), "348.00");
  EXPECT_EQ(p.gross_pay.ToString(), "23310.00");
  EXPECT_EQ(p.net_pay.ToString(), "19111.50");  // 23,310 − 3,500 − 348 − 200 − 150.50
  EXPECT_FALSE(p.rates_provisional);  // Shanghai 2025-01 – 2025-06 is confirmed by two sources
}

TEST(ComputePayslip, RejectsNegativeAmountsNamingTheField) {
  PayslipInput in;
  in.monthly_salary = Y("10000");
  in.ytd = CumulativeState::NewYear(2025);
  in.bonus = Money::Fen(-1);
  EXPECT_EQ(InvalidField(in, PlainCity(2025, 1), Month(2025, 1)), "bonus");
  in.bonus = Money();
  in.social_insurance_base = Money::Fen(-1);
  EXPECT_EQ(InvalidField(in, PlainCity(2025, 1), Month(2025, 1)), "social_insurance_base");
  in.social_insurance_base.reset();
  in.housing_fund_ppm = 13 * kPpmPerPercent;
  EXPECT_EQ(InvalidField(in, PlainCity(2025, 1), Month(2025, 1)), "housing_fund_rate");
}

// --- contractors -------------------------------------------------------------------------------------------

TEST(ComputeLaborPayment, PrepaymentOnLabourRemuneration) {
  auto big = ComputeLaborPayment(Y("25000"), Month(2025, 3));
  ASSERT_TRUE(big.ok());
  EXPECT_EQ(big->prepayment.expense_deduction.ToString(), "5000.00");
  EXPECT_EQ(big->prepayment.prepaid_tax.ToString(), "4000.00");  // 20,000 × 20%
  EXPECT_EQ(big->net_pay.ToString(), "21000.00");
  auto small = ComputeLaborPayment(Y("3000"), Month(2025, 3));
  EXPECT_EQ(small->prepayment.prepaid_tax.ToString(), "440.00");  // (3,000 − 800) × 20%
  EXPECT_EQ(ComputeLaborPayment(Money::Fen(-1), Month(2025, 3)).error().field, "gross");
}

TEST(ResolveMonthRules, PicksTheTaxYearsTableAndKnowsWhenTheBonusOptionEnds) {
  MonthRules m = Month(2027, 12);
  EXPECT_NE(m.annual_bonus, nullptr);
  EXPECT_EQ(Month(2028, 1).annual_bonus, nullptr);
  EXPECT_EQ(m.income_tax->basic_deduction_per_month.ToString(), "5000.00");
  EXPECT_FALSE(ResolveMonthRules(RuleBook::Builtin(), nullptr, 2018, 6).ok());  // before 累计预扣法
  EXPECT_EQ(ResolveMonthRules(RuleBook::Builtin(), nullptr, 2025, 13).error().field, "month");
}

}  // namespace
}  // namespace payroll
