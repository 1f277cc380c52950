#include "payroll/iit.h"

#include <gtest/gtest.h>

#include "payroll/rules.h"

namespace payroll {
namespace {

using core::Money;

Money Y(std::string_view text) { return *Money::Parse(text); }

const ComprehensiveIncomeRules& Rules2025() {
  return *RuleBook::Builtin().comprehensive_income.At(core::Date(2025, 1, 1));
}

PayMonth Month(int month, std::string_view gross, std::string_view special = "0", std::string_view additional = "0") {
  PayMonth m;
  m.month = month;
  m.gross = Y(gross);
  m.special_deduction = Y(special);
  m.special_additional_deduction = Y(additional);
  return m;
}

void ExpectWithheld(const WithholdingResult& r, const std::vector<std::string>& withheld) {
  ASSERT_EQ(r.per_month.size(), withheld.size());
  for (size_t i = 0; i < withheld.size(); ++i) {
    EXPECT_EQ(r.per_month[i].withheld_this_month.ToString(), withheld[i]) << "month " << r.per_month[i].month;
  }
}

// --- cumulative withholding ------------------------------------------------------------------------

// 国家税务总局 example: 30,000/month, 专项扣除 4,500, 专项附加扣除 2,000.
//   Jan: 30,000 − 5,000 − 4,500 − 2,000 = 18,500 × 3% = 555
//   Feb: 37,000 × 10% − 2,520 = 1,180; 1,180 − 555 = 625
//   Mar: 55,500 × 10% − 2,520 = 3,030; 3,030 − 1,180 = 1,850
TEST(CumulativeWithholding, TaxAuthorityExampleMonthByMonth) {
  WithholdingInput in;
  for (int m = 1; m <= 3; ++m) in.months.push_back(Month(m, "30000", "4500", "2000"));
  auto r = CumulativeWithholding(in, Rules2025());
  ASSERT_TRUE(r.ok()) << r.error().message;
  ExpectWithheld(*r, {"555.00", "625.00", "1850.00"});
  EXPECT_EQ(r->per_month[0].cum_taxable_income.ToString(), "18500.00");
  EXPECT_EQ(r->per_month[0].rate_bp, 300);
  EXPECT_EQ(r->per_month[1].cum_taxable_income.ToString(), "37000.00");
  EXPECT_EQ(r->per_month[1].rate_bp, 1000);
  EXPECT_EQ(r->per_month[1].quick_deduction.ToString(), "2520.00");
  EXPECT_EQ(r->per_month[1].cum_tax.ToString(), "1180.00");
  EXPECT_EQ(r->per_month[2].cum_tax.ToString(), "3030.00");
  EXPECT_EQ(r->per_month[2].cum_withheld.ToString(), "3030.00");
  EXPECT_EQ(r->total_withheld.ToString(), "3030.00");
}

// 20,000/month Jan–Jun then 50,000 Jul–Dec; 专项扣除 2,000, 专项附加 1,000 throughout.
// Monthly taxable: 20,000 − 5,000 − 3,000 = 12,000 (Jan–Jun); 50,000 − 8,000 = 42,000 (Jul–Dec).
//   cum taxable   bracket   cum tax                       withheld
//   Jan  12,000    3%        360                           360
//   Feb  24,000    3%        720                           360
//   Mar  36,000    3%        1,080 (exactly at the bound)  360
//   Apr  48,000   10%        4,800 − 2,520 = 2,280         1,200
//   May  60,000   10%        3,480                         1,200
//   Jun  72,000   10%        4,680                         1,200
//   Jul 114,000   10%        11,400 − 2,520 = 8,880        4,200
//   Aug 156,000   20%        31,200 − 16,920 = 14,280      5,400
//   Sep 198,000   20%        22,680                        8,400
//   Oct 240,000   20%        31,080                        8,400
//   Nov 282,000   20%        39,480                        8,400
//   Dec 324,000   25%        81,000 − 31,920 = 49,080      9,600
TEST(CumulativeWithholding, MidYearRaiseCrossesIntoTwentyThenTwentyFivePercent) {
  WithholdingInput in;
  for (int m = 1; m <= 12; ++m) in.months.push_back(Month(m, m <= 6 ? "20000" : "50000", "2000", "1000"));
  auto r = CumulativeWithholding(in, Rules2025());
  ASSERT_TRUE(r.ok()) << r.error().message;
  ExpectWithheld(*r, {"360.00", "360.00", "360.00", "1200.00", "1200.00", "1200.00", "4200.00", "5400.00", "8400.00",
                      "8400.00", "8400.00", "9600.00"});
  const int32_t rates[] = {300, 300, 300, 1000, 1000, 1000, 1000, 2000, 2000, 2000, 2000, 2500};
  for (int i = 0; i < 12; ++i) EXPECT_EQ(r->per_month[i].rate_bp, rates[i]) << "month " << i + 1;
  EXPECT_EQ(r->per_month[2].cum_taxable_income.ToString(), "36000.00");
  EXPECT_EQ(r->per_month[11].cum_taxable_income.ToString(), "324000.00");
  EXPECT_EQ(r->per_month[11].cum_tax.ToString(), "49080.00");
  EXPECT_EQ(r->total_withheld.ToString(), "49080.00");
}

// Every bound of the annual table, exactly at it and one fen above, through the whole method: a single
// January with gross = taxable + 5,000. One fen above a bound moves the rate up while the tax stays
// continuous (the quick deduction absorbs the step); one yuan above shows the new rate at work.
TEST(CumulativeWithholding, AnnualTableBoundsAreInclusive) {
  struct Case {
    const char* taxable;
    int32_t rate_bp;
    const char* tax;
  } cases[] = {
      {"0.00", 300, "0.00"},
      {"36000.00", 300, "1080.00"},
      {"36000.01", 1000, "1080.00"},
      {"36001.00", 1000, "1080.10"},
      {"144000.00", 1000, "11880.00"},
      {"144000.01", 2000, "11880.00"},
      {"144001.00", 2000, "11880.20"},
      {"300000.00", 2000, "43080.00"},
      {"300000.01", 2500, "43080.00"},
      {"300001.00", 2500, "43080.25"},
      {"420000.00", 2500, "73080.00"},
      {"420000.01", 3000, "73080.00"},
      {"420001.00", 3000, "73080.30"},
      {"660000.00", 3000, "145080.00"},
      {"660000.01", 3500, "145080.00"},
      {"660001.00", 3500, "145080.35"},
      {"960000.00", 3500, "250080.00"},
      {"960000.01", 4500, "250080.00"},
      {"960001.00", 4500, "250080.45"},
  };
  for (const Case& c : cases) {
    WithholdingInput in;
    PayMonth m;
    m.month = 1;
    m.gross = Y(c.taxable) + Money::Yuan(5000);
    in.months.push_back(m);
    auto r = CumulativeWithholding(in, Rules2025());
    ASSERT_TRUE(r.ok()) << c.taxable;
    EXPECT_EQ(r->per_month[0].cum_taxable_income.ToString(), c.taxable);
    EXPECT_EQ(r->per_month[0].rate_bp, c.rate_bp) << c.taxable;
    EXPECT_EQ(r->per_month[0].cum_tax.ToString(), c.tax) << c.taxable;
  }
}

TEST(CumulativeWithholding, SubFenTaxRoundsHalfUp) {
  // 0.17 × 3% = 0.0051 → 0.01 (half-up); 0.16 × 3% = 0.0048 → 0.00.
  WithholdingInput in;
  in.months.push_back(Month(1, "5000.17"));
  EXPECT_EQ(CumulativeWithholding(in, Rules2025())->per_month[0].cum_tax.ToString(), "0.01");
  in.months[0].gross = Y("5000.16");
  EXPECT_EQ(CumulativeWithholding(in, Rules2025())->per_month[0].cum_tax.ToString(), "0.00");
  // 1.50 × 3% = 0.045: exactly half a fen goes up (banker's rounding would give 0.04).
  in.months[0].gross = Y("5001.50");
  EXPECT_EQ(CumulativeWithholding(in, Rules2025())->per_month[0].cum_tax.ToString(), "0.05");
}

// 公告2020年第19号: 8,000/month, 专项扣除 1,000. Cumulative income net of deductions is 7,000 × m; with
// 60,000 deducted from January nothing is withheld until it passes 60,000:
//   Sep 63,000 − 60,000 = 3,000 × 3% = 90; Oct 10,000 → 300 (210); Nov 17,000 → 510 (210);
//   Dec 24,000 → 720 (210). Same annual total as the monthly method (2,000 × 3% × 12 = 720).
TEST(CumulativeWithholding, UpfrontSixtyThousandDefersWithholding) {
  WithholdingInput in;
  in.annual_basic_deduction_upfront = true;
  for (int m = 1; m <= 12; ++m) in.months.push_back(Month(m, "8000", "1000"));
  auto r = CumulativeWithholding(in, Rules2025());
  ASSERT_TRUE(r.ok()) << r.error().message;
  ExpectWithheld(
      *r, {"0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "90.00", "210.00", "210.00", "210.00"});
  EXPECT_EQ(r->per_month[7].cum_taxable_income.ToString(), "0.00");  // Aug: 56,000 − 60,000 floored
  EXPECT_EQ(r->per_month[8].cum_taxable_income.ToString(), "3000.00");
  EXPECT_EQ(r->total_withheld.ToString(), "720.00");

  in.annual_basic_deduction_upfront = false;
  EXPECT_EQ(CumulativeWithholding(in, Rules2025())->total_withheld.ToString(), "720.00");
  EXPECT_EQ(CumulativeWithholding(in, Rules2025())->per_month[0].withheld_this_month.ToString(), "60.00");
}

TEST(CumulativeWithholding, UpfrontMethodIsRefusedBefore2021AndForMidYearHires) {
  WithholdingInput in;
  in.annual_basic_deduction_upfront = true;
  in.months.push_back(Month(1, "8000"));
  auto before = CumulativeWithholding(in, *RuleBook::Builtin().comprehensive_income.At(core::Date(2020, 6, 1)));
  ASSERT_FALSE(before.ok());
  EXPECT_EQ(before.error().field, "annual_basic_deduction_upfront");
  in.hire_month = 3;
  in.months[0].month = 3;
  auto mid_year = CumulativeWithholding(in, Rules2025());
  ASSERT_FALSE(mid_year.ok());
  EXPECT_EQ(mid_year.error().field, "annual_basic_deduction_upfront");
}

// Hired in July at 15,000, 专项扣除 1,500: Jul 15,000 − 5,000 − 1,500 = 8,500 × 3% = 255; Aug 17,000 →
// 510 (255). Only the months since hire count in the basic deduction, not 5,000 × 7.
TEST(CumulativeWithholding, MidYearJoinerCountsBasicDeductionFromHireMonth) {
  WithholdingInput in;
  in.months = {Month(7, "15000", "1500"), Month(8, "15000", "1500")};
  auto r = CumulativeWithholding(in, Rules2025());
  ASSERT_TRUE(r.ok());
  ExpectWithheld(*r, {"255.00", "255.00"});
  EXPECT_EQ(r->per_month[0].cum_taxable_income.ToString(), "8500.00");
  EXPECT_EQ(r->per_month[1].cum_taxable_income.ToString(), "17000.00");
}

// Hired in July, no pay line for August: September's cumulative basic deduction is 5,000 × 3 because the
// employee was employed in August. Sep: 30,000 − 15,000 − 3,000 = 12,000 → 360; 360 − 255 = 105.
TEST(CumulativeWithholding, OmittedMonthStillCountsInBasicDeduction) {
  WithholdingInput in;
  in.hire_month = 7;
  in.months = {Month(7, "15000", "1500"), Month(9, "15000", "1500")};
  auto r = CumulativeWithholding(in, Rules2025());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->per_month[1].cum_taxable_income.ToString(), "12000.00");
  ExpectWithheld(*r, {"255.00", "105.00"});
}

TEST(CumulativeWithholding, HireMonthEarlierThanFirstPaidMonthCountsTheUnpaidMonths) {
  WithholdingInput in;
  in.hire_month = 1;
  in.months = {Month(3, "20000")};  // 20,000 − 5,000 × 3 = 5,000 × 3% = 150
  auto r = CumulativeWithholding(in, Rules2025());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->per_month[0].cum_taxable_income.ToString(), "5000.00");
  EXPECT_EQ(r->per_month[0].withheld_this_month.ToString(), "150.00");
}

// Jan 30,000 → 25,000 × 3% = 750. Feb no pay → cum taxable 20,000, cum tax 600 < 750 withheld: nothing
// withheld and nothing refunded. Mar 10,000 → 25,000 → 750: still nothing. Apr 10,000 → 30,000 → 900: 150.
TEST(CumulativeWithholding, NeverRefundsDuringTheYear) {
  WithholdingInput in;
  in.months = {Month(1, "30000"), Month(2, "0"), Month(3, "10000"), Month(4, "10000")};
  auto r = CumulativeWithholding(in, Rules2025());
  ASSERT_TRUE(r.ok());
  ExpectWithheld(*r, {"750.00", "0.00", "0.00", "150.00"});
  EXPECT_EQ(r->per_month[1].cum_tax.ToString(), "600.00");
  EXPECT_EQ(r->per_month[1].cum_withheld.ToString(), "750.00");
  EXPECT_EQ(r->total_withheld.ToString(), "900.00");
}

TEST(CumulativeWithholding, TaxFreeAndOtherDeductionsReduceTaxableIncome) {
  WithholdingInput in;
  PayMonth m = Month(1, "20000", "1000", "500");
  m.tax_free_income = Y("300");
  m.other_deduction = Y("200");
  in.months.push_back(m);
  auto r = CumulativeWithholding(in, Rules2025());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->per_month[0].cum_taxable_income.ToString(), "13000.00");  // 20,000 − 300 − 5,000 − 1,000 − 500 − 200
}

TEST(CumulativeWithholding, CustomBasicDeductionPerMonthIsUsed) {
  WithholdingInput in;
  in.basic_deduction_per_month = Y("4000");
  in.months = {Month(1, "10000")};
  EXPECT_EQ(CumulativeWithholding(in, Rules2025())->per_month[0].cum_taxable_income.ToString(), "6000.00");
}

TEST(CumulativeWithholding, RejectsMonthsOutOfOrderRepeatedOrBeforeHire) {
  WithholdingInput in;
  in.months = {Month(2, "1000"), Month(1, "1000")};
  auto r = CumulativeWithholding(in, Rules2025());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kInvalid);
  EXPECT_EQ(r.error().field, "months[1].month");

  in.months = {Month(2, "1000"), Month(2, "1000")};
  EXPECT_EQ(CumulativeWithholding(in, Rules2025()).error().field, "months[1].month");

  in.hire_month = 3;
  in.months = {Month(2, "1000")};
  EXPECT_EQ(CumulativeWithholding(in, Rules2025()).error().field, "months[0].month");

  in.hire_month.reset();
  in.months = {Month(13, "1000")};
  EXPECT_EQ(CumulativeWithholding(in, Rules2025()).error().field, "months[0].month");

  in.months.clear();
  EXPECT_EQ(CumulativeWithholding(in, Rules2025()).error().field, "months");
}

TEST(CumulativeWithholding, RejectsNegativeAmounts) {
  WithholdingInput in;
  in.months = {Month(1, "1000"), Month(2, "-1")};
  auto r = CumulativeWithholding(in, Rules2025());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "months[1].gross");
  in.months = {Month(1, "1000", "-0.01")};
  EXPECT_EQ(CumulativeWithholding(in, Rules2025()).error().field, "months[0].special_deduction");
}

// --- annual one-time bonus -------------------------------------------------------------------------

TEST(AnnualBonusTax, MonthlyTableBoundsAreInclusiveOnTheExactQuotient) {
  const AnnualBonusRules& rules = *RuleBook::Builtin().annual_bonus.At(core::Date(2025, 12, 1));
  struct Case {
    const char* bonus;
    int32_t rate_bp;
    const char* quick_deduction;
    const char* tax;
  } cases[] = {
      // 36,000 / 12 = 3,000 → 3%; 36,000.01 / 12 = 3,000.0008 → 10% (the well-known cliff):
      // 36,000.01 × 10% − 210 = 3,390.001 → 3,390.00.
      {"36000.00", 300, "0.00", "1080.00"},        {"36000.01", 1000, "210.00", "3390.00"},
      {"144000.00", 1000, "210.00", "14190.00"},   {"144000.01", 2000, "1410.00", "27390.00"},
      {"300000.00", 2000, "1410.00", "58590.00"},  {"300000.01", 2500, "2660.00", "72340.00"},
      {"420000.00", 2500, "2660.00", "102340.00"}, {"420000.01", 3000, "4410.00", "121590.00"},
      {"660000.00", 3000, "4410.00", "193590.00"}, {"660000.01", 3500, "7160.00", "223840.00"},
      {"960000.00", 3500, "7160.00", "328840.00"}, {"960000.01", 4500, "15160.00", "416840.00"},
  };
  for (const Case& c : cases) {
    auto t = AnnualBonusTax(Y(c.bonus), rules);
    ASSERT_TRUE(t.ok()) << c.bonus;
    EXPECT_EQ(t->rate_bp, c.rate_bp) << c.bonus;
    EXPECT_EQ(t->quick_deduction.ToString(), c.quick_deduction) << c.bonus;
    EXPECT_EQ(t->tax.ToString(), c.tax) << c.bonus;
    EXPECT_EQ((t->tax + t->after_tax).ToString(), Y(c.bonus).ToString());
  }
}

TEST(AnnualBonusTax, MonthlyEquivalentIsRoundedForDisplayOnly) {
  const AnnualBonusRules& rules = RuleBook::Builtin().annual_bonus.Latest();
  auto t = AnnualBonusTax(Y("36000.01"), rules);
  EXPECT_EQ(t->monthly_equivalent.ToString(), "3000.00");  // displays at the bound…
  EXPECT_EQ(t->rate_bp, 1000);                             // …but the exact quotient is above it
  EXPECT_EQ(AnnualBonusTax(Y("50"), rules)->monthly_equivalent.ToString(), "4.17");  // 4.1666… half-up
}

TEST(AnnualBonusTax, QuickDeductionIsSubtractedOnceNotTwelveTimes) {
  // 60,000 / 12 = 5,000 → 10%, qd 210: 6,000 − 210 = 5,790 (not 6,000 − 2,520).
  auto t = AnnualBonusTax(Y("60000"), RuleBook::Builtin().annual_bonus.Latest());
  EXPECT_EQ(t->tax.ToString(), "5790.00");
  EXPECT_EQ(t->after_tax.ToString(), "54210.00");
}

TEST(AnnualBonusTax, RuleEndsWithTwentyTwentySeven) {
  EXPECT_NE(RuleBook::Builtin().annual_bonus.At(core::Date(2027, 12, 31)), nullptr);
  EXPECT_EQ(RuleBook::Builtin().annual_bonus.At(core::Date(2028, 1, 1)), nullptr);
}

TEST(AnnualBonusTax, RejectsNegativeBonus) {
  auto t = AnnualBonusTax(Y("-1"), RuleBook::Builtin().annual_bonus.Latest());
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().field, "bonus");
}

// --- labour remuneration ---------------------------------------------------------------------------

TEST(LaborRemunerationPrepayment, ExpenseAndBracketBoundaries) {
  const LaborRemunerationRules& rules = RuleBook::Builtin().labor_remuneration.Latest();
  struct Case {
    const char* gross;
    const char* expense;
    const char* taxable;
    int32_t rate_bp;
    const char* quick_deduction;
    const char* tax;
  } cases[] = {
      {"500.00", "800.00", "0.00", 2000, "0.00", "0.00"},  // below the flat expense: nothing taxable
      {"800.00", "800.00", "0.00", 2000, "0.00", "0.00"},
      {"4000.00", "800.00", "3200.00", 2000, "0.00", "640.00"},  // flat 800 up to and including 4,000
      {"4000.01", "800.00", "3200.01", 2000, "0.00", "640.00"},  // 20% = 800.002 → 800.00
      {"4000.03", "800.01", "3200.02", 2000, "0.00", "640.00"},  // 20% = 800.006 → 800.01 (half-up)
      {"20000.00", "4000.00", "16000.00", 2000, "0.00", "3200.00"},
      {"25000.00", "5000.00", "20000.00", 2000, "0.00", "4000.00"},  // taxable exactly 20,000: 20%
      {"25000.01", "5000.00", "20000.01", 3000, "2000.00", "4000.00"},
      {"50000.00", "10000.00", "40000.00", 3000, "2000.00", "10000.00"},
      {"62500.00", "12500.00", "50000.00", 3000, "2000.00", "13000.00"},  // taxable exactly 50,000: 30%
      {"62500.01", "12500.00", "50000.01", 4000, "7000.00", "13000.00"},
      {"100000.00", "20000.00", "80000.00", 4000, "7000.00", "25000.00"},
  };
  for (const Case& c : cases) {
    auto p = LaborRemunerationPrepayment(Y(c.gross), rules);
    ASSERT_TRUE(p.ok()) << c.gross;
    EXPECT_EQ(p->expense_deduction.ToString(), c.expense) << c.gross;
    EXPECT_EQ(p->taxable_income.ToString(), c.taxable) << c.gross;
    EXPECT_EQ(p->rate_bp, c.rate_bp) << c.gross;
    EXPECT_EQ(p->quick_deduction.ToString(), c.quick_deduction) << c.gross;
    EXPECT_EQ(p->prepaid_tax.ToString(), c.tax) << c.gross;
  }
}

TEST(LaborRemunerationPrepayment, RejectsNegativeGross) {
  auto p = LaborRemunerationPrepayment(Y("-0.01"), RuleBook::Builtin().labor_remuneration.Latest());
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().field, "gross_per_payment");
}

}  // namespace
}  // namespace payroll
