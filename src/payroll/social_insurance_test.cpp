#include "payroll/social_insurance.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "core/json_input.h"
#include "embed/payroll_rule_social_insurance_beijing.h"

namespace payroll {
namespace {

using core::Money;

Money Y(std::string_view text) { return *Money::Parse(text); }

CityRates Rates(std::string_view city, int year, unsigned month, const CityRateOverrides& o = {}) {
  auto r = ResolveCityRates(SocialInsuranceBook::Builtin(), city, year, month, o);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return *r;
}

Contributions Contribute(const CityRates& rates, std::string_view base, std::optional<std::string_view> hf_base = {},
                         std::optional<int32_t> hf_ppm = {}, bool local_hukou = false) {
  ContributionInput in;
  in.social_insurance_base = Y(base);
  if (hf_base) in.housing_fund_base = Y(*hf_base);
  in.housing_fund_ppm = hf_ppm;
  in.local_hukou = local_hukou;
  auto c = ComputeContributions(in, rates);
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().message);
  return *c;
}

TEST(SocialInsuranceBook, BuiltinCitiesLoadWithSources) {
  const SocialInsuranceBook& book = SocialInsuranceBook::Builtin();
  ASSERT_EQ(book.cities.size(), 5u);
  for (std::string_view city : SocialInsuranceBook::BuiltinCities()) {
    const CitySocialInsurance* c = book.Find(city);
    ASSERT_NE(c, nullptr) << city;
    for (const SocialInsuranceRules& v : c->versions.items) {
      EXPECT_GE(v.effective.sources.size(), 2u) << city;
      EXPECT_TRUE(v.schemes[size_t(Scheme::kPension)].separate) << city;
      EXPECT_TRUE(v.schemes[size_t(Scheme::kHousingFund)].separate) << city;
      EXPECT_EQ(v.housing_fund.min_ppm, 5 * kPpmPerPercent) << city;  // 住房公积金管理条例: at least 5%
      // Every version that is not verified says why.
      if (v.provisional) {
        EXPECT_FALSE(v.note.empty()) << city;
      }
    }
  }
  EXPECT_EQ(book.Find("chengdu"), nullptr);
}

TEST(ResolveCityRates, PicksTheVersionInForceOnTheFirstOfTheMonth) {
  EXPECT_EQ(Rates("beijing", 2025, 6)[Scheme::kPension].base_floor, Y("6821"));
  EXPECT_FALSE(Rates("beijing", 2025, 6).provisional);
  EXPECT_EQ(Rates("beijing", 2025, 7)[Scheme::kPension].base_floor, Y("7162"));
  EXPECT_EQ(Rates("beijing", 2025, 7)[Scheme::kPension].base_cap, Y("35811"));
  EXPECT_EQ(Rates("shanghai", 2025, 7)[Scheme::kPension].base_cap, Y("37302"));
  auto before = ResolveCityRates(SocialInsuranceBook::Builtin(), "beijing", 2024, 6);
  ASSERT_FALSE(before.ok());
  EXPECT_EQ(before.error().field, "month");
  auto unknown = ResolveCityRates(SocialInsuranceBook::Builtin(), "chengdu", 2025, 3);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().field, "city");
}

// Floors and caps per city and scheme for March 2025 (the versions in force on 2025-03-01: Beijing, Shenzhen
// and Guangzhou 2024-07, Shanghai and Hangzhou 2025-01), stated here as data so a change to a rule file
// shows up as a failing row, and each clamped at and one fen around its limits.
struct Limit {
  std::string_view city;
  Scheme scheme;
  std::string_view floor;
  std::optional<std::string_view> cap;
};
const Limit kLimits[] = {
    {"beijing", Scheme::kPension, "6821", "35283"},        {"beijing", Scheme::kMedical, "6821", "35283"},
    {"beijing", Scheme::kUnemployment, "6821", "35283"},   {"beijing", Scheme::kWorkInjury, "6821", "35283"},
    {"beijing", Scheme::kHousingFund, "2420", "35283"},    {"shanghai", Scheme::kPension, "7384", "36921"},
    {"shanghai", Scheme::kMedical, "7384", "36921"},       {"shanghai", Scheme::kUnemployment, "7384", "36921"},
    {"shanghai", Scheme::kWorkInjury, "7384", "36921"},    {"shanghai", Scheme::kHousingFund, "2690", "36921"},
    {"shenzhen", Scheme::kPension, "4492", "27501"},       {"shenzhen", Scheme::kMedical, "6475", "32376"},
    {"shenzhen", Scheme::kUnemployment, "2360", "43659"},  {"shenzhen", Scheme::kWorkInjury, "2360", std::nullopt},
    {"shenzhen", Scheme::kMaternity, "6475", "32376"},     {"shenzhen", Scheme::kHousingFund, "2360", "43659"},
    {"guangzhou", Scheme::kPension, "5500", "27501"},      {"guangzhou", Scheme::kMedical, "5996", "29979"},
    {"guangzhou", Scheme::kUnemployment, "2300", "38082"}, {"guangzhou", Scheme::kWorkInjury, "2100", std::nullopt},
    {"guangzhou", Scheme::kHousingFund, "2300", "39579"},  {"hangzhou", Scheme::kPension, "4986", "25299"},
    {"hangzhou", Scheme::kMedical, "4986", "25299"},       {"hangzhou", Scheme::kUnemployment, "4986", "25299"},
    {"hangzhou", Scheme::kWorkInjury, "4986", "25299"},    {"hangzhou", Scheme::kHousingFund, "2490", "40694"},
};

TEST(ComputeContributions, BaseIsClampedAtEachSchemesFloorAndCapPerCity) {
  for (const Limit& l : kLimits) {
    SCOPED_TRACE(std::string(l.city) + " " + std::string(SchemeCode(l.scheme)));
    const CityRates rates = Rates(l.city, 2025, 3);
    const SchemeRates& s = rates[l.scheme];
    ASSERT_TRUE(s.separate);
    const Money floor = Y(l.floor);
    EXPECT_EQ(s.base_floor, floor);
    EXPECT_EQ(s.base_cap.has_value(), l.cap.has_value());
    auto base_for = [&](Money declared) {
      ContributionInput in;
      in.social_insurance_base = declared;
      in.housing_fund_base = declared;
      auto c = ComputeContributions(in, rates);
      EXPECT_TRUE(c.ok());
      return (*c)[l.scheme].base;
    };
    EXPECT_EQ(base_for(floor), floor);                  // exactly at the floor
    EXPECT_EQ(base_for(floor - Money::Fen(1)), floor);  // one fen below: raised to the floor
    EXPECT_EQ(base_for(floor + Money::Fen(1)), floor + Money::Fen(1));
    EXPECT_EQ(base_for(Money()), floor);  // nothing declared: the floor
    if (l.cap) {
      const Money cap = Y(*l.cap);
      EXPECT_EQ(*s.base_cap, cap);
      EXPECT_EQ(base_for(cap), cap);                  // exactly at the cap
      EXPECT_EQ(base_for(cap + Money::Fen(1)), cap);  // one fen above: lowered to the cap
      EXPECT_EQ(base_for(cap - Money::Fen(1)), cap - Money::Fen(1));
    } else {
      EXPECT_EQ(base_for(Y("1000000")), Y("1000000"));  // no cap
    }
  }
}

// Beijing, March 2025, declared base at the 6,821 floor (hand-computed):
//   pension        8% = 545.68            16% = 1,091.36
//   medical        2% = 136.42 + 3 大病    9.8% = 668.458 → 668.46
//   unemployment 0.5% = 34.105 → 34.11 (an exact half fen goes up)      0.5% = 34.11
//   work injury    —                       0.2% = 13.642 → 13.64
//   housing fund  12% = 818.52 → 819 (to the yuan)                      12% = 819.00
TEST(ComputeContributions, BeijingAtTheFloorRoundsFenHalfUpAndTheHousingFundToTheYuan) {
  Contributions c = Contribute(Rates("beijing", 2025, 3), "6821");
  EXPECT_EQ(c[Scheme::kPension].employee.ToString(), "545.68");
  EXPECT_EQ(c[Scheme::kPension].employer.ToString(), "1091.36");
  EXPECT_EQ(c[Scheme::kMedical].employee.ToString(), "139.42");
  EXPECT_EQ(c[Scheme::kMedical].employer.ToString(), "668.46");
  EXPECT_EQ(c[Scheme::kUnemployment].employee.ToString(), "34.11");
  EXPECT_EQ(c[Scheme::kUnemployment].employer.ToString(), "34.11");
  EXPECT_EQ(c[Scheme::kWorkInjury].employee.ToString(), "0.00");
  EXPECT_EQ(c[Scheme::kWorkInjury].employer.ToString(), "13.64");
  EXPECT_EQ(c[Scheme::kMaternity].base.ToString(), "0.00");  // merged into medical
  EXPECT_EQ(c[Scheme::kHousingFund].employee.ToString(), "819.00");
  EXPECT_EQ(c[Scheme::kHousingFund].employer.ToString(), "819.00");
  EXPECT_EQ(c.employee_total.ToString(), "1538.21");
  EXPECT_EQ(c.employer_total.ToString(), "2626.57");
  EXPECT_EQ(c.housing_fund_ppm, 12 * kPpmPerPercent);
}

TEST(ComputeContributions, RoundingPerCityAndScheme) {
  // Beijing housing fund 12%: 1,200.48 → 1,200; 1,200.51 → 1,201.
  EXPECT_EQ(Contribute(Rates("beijing", 2025, 3), "10004")[Scheme::kHousingFund].employee.ToString(), "1200.00");
  EXPECT_EQ(Contribute(Rates("beijing", 2025, 3), "10004.25")[Scheme::kHousingFund].employee.ToString(), "1201.00");
  // Shanghai: housing fund 7% of 7,384 = 516.88 → 517; work injury (class 1 0.2% from 2025-01-01)
  // 0.2% = 14.768 → 14.77.
  Contributions sh = Contribute(Rates("shanghai", 2025, 3), "7384");
  EXPECT_EQ(sh[Scheme::kHousingFund].employee.ToString(), "517.00");
  EXPECT_EQ(sh[Scheme::kWorkInjury].employer.ToString(), "14.77");
  EXPECT_EQ(sh[Scheme::kMedical].employee.ToString(), "147.68");  // no fixed add-on in Shanghai
  // Shenzhen housing fund 5% of 2,370 = 118.50 → 119 (half a yuan goes up).
  EXPECT_EQ(Contribute(Rates("shenzhen", 2025, 3), "10000", "2370")[Scheme::kHousingFund].employee.ToString(),
            "119.00");
  // Guangzhou medical 5.35% of 5,996 = 320.786 → 320.79.
  EXPECT_EQ(Contribute(Rates("guangzhou", 2025, 3), "5996")[Scheme::kMedical].employer.ToString(), "320.79");
  // Hangzhou medical 9.5% of the 4,986 floor = 473.67.
  EXPECT_EQ(Contribute(Rates("hangzhou", 2025, 3), "4986")[Scheme::kMedical].employer.ToString(), "473.67");
}

TEST(ComputeContributions, ShenzhenPensionDependsOnHukouAndWorkInjuryHasNoCap) {
  const CityRates sz = Rates("shenzhen", 2025, 3);
  EXPECT_EQ(Contribute(sz, "10000")[Scheme::kPension].employer.ToString(), "1500.00");
  EXPECT_EQ(Contribute(sz, "10000", {}, {}, /*local_hukou=*/true)[Scheme::kPension].employer.ToString(), "1600.00");
  Contributions high = Contribute(sz, "100000");
  EXPECT_EQ(high[Scheme::kPension].employee.ToString(), "2200.08");    // 8% of the 27,501 cap
  EXPECT_EQ(high[Scheme::kWorkInjury].employer.ToString(), "200.00");  // 0.2% of the whole 100,000
  EXPECT_EQ(high[Scheme::kMaternity].employer.ToString(), "161.88");   // 0.5% of the 32,376 cap
  // A base beyond int64 × ppm takes the 128-bit path: 0.2% of 10^15 yuan.
  ContributionInput huge;
  huge.social_insurance_base = Money::Fen(core::kMaxAmountFen);
  auto c = ComputeContributions(huge, sz);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ((*c)[Scheme::kWorkInjury].employer.fen(), core::kMaxAmountFen / 500);
}

TEST(ComputeContributions, HousingFundRateMustBeInTheCitysRange) {
  const CityRates sh = Rates("shanghai", 2025, 3);
  EXPECT_EQ(Contribute(sh, "10000", {}, 5 * kPpmPerPercent)[Scheme::kHousingFund].employer.ToString(), "500.00");
  ContributionInput in;
  in.social_insurance_base = Y("10000");
  in.housing_fund_ppm = 8 * kPpmPerPercent;  // Shanghai's basic fund stops at 7%
  auto r = ComputeContributions(in, sh);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "housing_fund_rate");
  in.housing_fund_ppm = 4 * kPpmPerPercent;
  EXPECT_FALSE(ComputeContributions(in, sh).ok());
  in.housing_fund_ppm.reset();
  in.social_insurance_base = Money::Fen(-1);
  EXPECT_EQ(ComputeContributions(in, sh).error().field, "social_insurance_base");
}

TEST(ResolveCityRates, RunOverridesTheWorkInjuryClassAndTheHousingFundDefault) {
  CityRateOverrides o;
  o.work_injury_employer_ppm = 5'000;               // 0.5%
  o.housing_fund_default_ppm = 5 * kPpmPerPercent;  // the employer chose 5%
  Contributions c = Contribute(Rates("beijing", 2025, 3, o), "6821");
  EXPECT_EQ(c[Scheme::kWorkInjury].employer.ToString(), "34.11");    // 0.5% of 6,821 = 34.105
  EXPECT_EQ(c[Scheme::kHousingFund].employee.ToString(), "341.00");  // 5% of 6,821 = 341.05 → 341
  o.housing_fund_default_ppm = 13 * kPpmPerPercent;
  auto bad = ResolveCityRates(SocialInsuranceBook::Builtin(), "beijing", 2025, 3, o);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "housing_fund_rate");
  o.housing_fund_default_ppm.reset();
  o.work_injury_employer_ppm = 11 * kPpmPerPercent;
  EXPECT_EQ(ResolveCityRates(SocialInsuranceBook::Builtin(), "beijing", 2025, 3, o).error().field, "work_injury_rate");
}

TEST(ComputeContributions, NothingWhenTheMonthIsNotContributed) {
  ContributionInput in;
  in.social_insurance_base = Y("10000");
  in.social_insurance = false;
  auto c = ComputeContributions(in, Rates("beijing", 2025, 3));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->employee_total.ToString(), "1200.00");  // the housing fund only
  in.housing_fund = false;
  EXPECT_EQ(ComputeContributions(in, Rates("beijing", 2025, 3))->employer_total.ToString(), "0.00");
}

// The versions added from the 2025 (and Shanghai's 2026) notices, one test per city: floor, cap, one rate
// and the housing-fund rounding, each expected value computed by hand from the figures in the rule file.

// Beijing from 2025-07-01: 7,162–35,811 (京人社发〔2025〕11号); the housing-fund floor is still uncertain.
//   at the floor  pension 8% = 572.96, 16% = 1,145.92; medical 2% = 143.24 + 3 = 146.24, 9.8% = 701.876 → 701.88
//                 work injury 0.2% = 14.324 → 14.32; housing fund 12% of 7,162 = 859.44 → 859
//   above the cap pension 8% of 35,811 = 2,864.88; housing fund 12% of 35,811 = 4,297.32 → 4,297
TEST(CityVersions2025, BeijingFrom2025July) {
  const CityRates bj = Rates("beijing", 2025, 8);
  EXPECT_TRUE(bj.provisional);
  Contributions low = Contribute(bj, "7000");
  EXPECT_EQ(low[Scheme::kPension].base.ToString(), "7162.00");
  EXPECT_EQ(low[Scheme::kPension].employee.ToString(), "572.96");
  EXPECT_EQ(low[Scheme::kPension].employer.ToString(), "1145.92");
  EXPECT_EQ(low[Scheme::kMedical].employee.ToString(), "146.24");
  EXPECT_EQ(low[Scheme::kMedical].employer.ToString(), "701.88");
  EXPECT_EQ(low[Scheme::kWorkInjury].employer.ToString(), "14.32");
  EXPECT_EQ(low[Scheme::kHousingFund].employee.ToString(), "840.00");  // own base: the declared 7,000 × 12%
  EXPECT_EQ(Contribute(bj, "7000", "7162")[Scheme::kHousingFund].employee.ToString(), "859.00");
  Contributions high = Contribute(bj, "100000");
  EXPECT_EQ(high[Scheme::kPension].base.ToString(), "35811.00");
  EXPECT_EQ(high[Scheme::kPension].employee.ToString(), "2864.88");
  EXPECT_EQ(high[Scheme::kHousingFund].employee.ToString(), "4297.00");
  EXPECT_EQ(Contribute(bj, "7000", "2000")[Scheme::kHousingFund].base.ToString(), "2420.00");
}

// Shanghai: 2024-07 – 2024-12 work injury 0.16%, from 2025-01-01 0.2% (class 1); from 2025-07-01 bases
// 7,460–37,302 and housing fund 2,690–37,302; from 2026-07-01 bases 7,546–37,731 and housing fund 2,740–37,731.
//   2024-12 / 2025-01, base 10,000: work injury 16.00 / 20.00
//   2025-09 floor  pension 8% of 7,460 = 596.80; medical 9% = 671.40; work injury 0.2% = 14.92
//           HF     7% of the 2,690 floor = 188.30 → 188; 7% of the 37,302 cap = 2,611.14 → 2,611
//           cap    pension 8% of 37,302 = 2,984.16; medical 9% = 3,357.18
//   2026-08 floor  pension 8% of 7,546 = 603.68; cap 8% of 37,731 = 3,018.48
//           HF     5% of the 2,740 floor = 137.00; 7% of the 37,731 cap = 2,641.17 → 2,641
TEST(CityVersions2025, ShanghaiWorkInjuryFrom2025AndThe2025And2026Bases) {
  EXPECT_TRUE(Rates("shanghai", 2024, 12).provisional);
  EXPECT_EQ(Contribute(Rates("shanghai", 2024, 12), "10000")[Scheme::kWorkInjury].employer.ToString(), "16.00");
  EXPECT_FALSE(Rates("shanghai", 2025, 1).provisional);
  EXPECT_EQ(Contribute(Rates("shanghai", 2025, 1), "10000")[Scheme::kWorkInjury].employer.ToString(), "20.00");

  const CityRates y25 = Rates("shanghai", 2025, 9);
  EXPECT_FALSE(y25.provisional);
  Contributions low = Contribute(y25, "5000", "2000");
  EXPECT_EQ(low[Scheme::kPension].base.ToString(), "7460.00");
  EXPECT_EQ(low[Scheme::kPension].employee.ToString(), "596.80");
  EXPECT_EQ(low[Scheme::kMedical].employer.ToString(), "671.40");
  EXPECT_EQ(low[Scheme::kWorkInjury].employer.ToString(), "14.92");
  EXPECT_EQ(low[Scheme::kHousingFund].base.ToString(), "2690.00");
  EXPECT_EQ(low[Scheme::kHousingFund].employee.ToString(), "188.00");
  Contributions high = Contribute(y25, "50000");
  EXPECT_EQ(high[Scheme::kPension].employee.ToString(), "2984.16");
  EXPECT_EQ(high[Scheme::kMedical].employer.ToString(), "3357.18");
  EXPECT_EQ(high[Scheme::kHousingFund].employer.ToString(), "2611.00");

  const CityRates y26 = Rates("shanghai", 2026, 8);
  EXPECT_FALSE(y26.provisional);
  EXPECT_EQ(Contribute(y26, "5000")[Scheme::kPension].employee.ToString(), "603.68");
  EXPECT_EQ(Contribute(y26, "50000")[Scheme::kPension].employee.ToString(), "3018.48");
  EXPECT_EQ(Contribute(y26, "5000", "2000", 5 * kPpmPerPercent)[Scheme::kHousingFund].employee.ToString(), "137.00");
  EXPECT_EQ(Contribute(y26, "50000")[Scheme::kHousingFund].employee.ToString(), "2641.00");
}

// Shenzhen from 2025-07-01: pension 4,775–27,549 (粤人社发〔2025〕32号), medical 6,922–34,612 until 2025-12 and
// 6,727–33,633 from 2026-01, unemployment 2,520–44,265 with the employee at 0.3%, housing fund 2,360–44,265.
//   2025-10 floor  pension 8% of 4,775 = 382.00; unemployment 0.3% of 2,520 = 7.56; medical 2% of 6,922 = 138.44
//           cap    pension 8% of 27,549 = 2,203.92; housing fund 5% of 44,265 = 2,213.25 → 2,213
//   2026-02 floor  medical 2% of 6,727 = 134.54; cap maternity 0.5% of 33,633 = 168.165 → 168.17
TEST(CityVersions2025, ShenzhenFrom2025July) {
  const CityRates sz = Rates("shenzhen", 2025, 10);
  EXPECT_TRUE(sz.provisional);
  Contributions low = Contribute(sz, "1000");
  EXPECT_EQ(low[Scheme::kPension].employee.ToString(), "382.00");
  EXPECT_EQ(low[Scheme::kUnemployment].employee.ToString(), "7.56");
  EXPECT_EQ(low[Scheme::kMedical].employee.ToString(), "138.44");
  Contributions high = Contribute(sz, "100000");
  EXPECT_EQ(high[Scheme::kPension].employee.ToString(), "2203.92");
  EXPECT_EQ(high[Scheme::kHousingFund].employee.ToString(), "2213.00");
  const CityRates sz26 = Rates("shenzhen", 2026, 2);
  EXPECT_EQ(Contribute(sz26, "1000")[Scheme::kMedical].employee.ToString(), "134.54");
  EXPECT_EQ(Contribute(sz26, "100000")[Scheme::kMaternity].employer.ToString(), "168.17");
}

// Guangzhou from 2025-07-01: pension 5,510–27,549 (粤人社发〔2025〕32号), medical 6,236–31,179, unemployment
// 2,500–41,112, housing fund 2,500–39,828.
//   floor  pension 15% of 5,510 = 826.50; medical 5.35% of 6,236 = 333.626 → 333.63; unemployment 0.2% of 2,500 = 5.00
//   cap    pension 8% of 27,549 = 2,203.92; housing fund 5% of 39,828 = 1,991.40 → 1,991
TEST(CityVersions2025, GuangzhouFrom2025July) {
  const CityRates gz = Rates("guangzhou", 2025, 9);
  EXPECT_TRUE(gz.provisional);
  Contributions low = Contribute(gz, "1000");
  EXPECT_EQ(low[Scheme::kPension].employer.ToString(), "826.50");
  EXPECT_EQ(low[Scheme::kMedical].employer.ToString(), "333.63");
  EXPECT_EQ(low[Scheme::kUnemployment].employee.ToString(), "5.00");
  Contributions high = Contribute(gz, "100000");
  EXPECT_EQ(high[Scheme::kPension].employee.ToString(), "2203.92");
  EXPECT_EQ(high[Scheme::kHousingFund].employee.ToString(), "1991.00");
}

// Guangdong's minimum wages from 2026-09-01 (粤府函〔2026〕188号: Guangzhou 2,680, Shenzhen 2,700) raise the
// unemployment and housing-fund floors; everything else is carried over. Declared base 1,000 (below every floor):
//   Guangzhou 2026-08  unemployment 0.2% of 2,500 = 5.00;  housing fund 5% of 2,500 = 125.00
//             2026-10  unemployment 0.2% of 2,680 = 5.36, employer 0.8% = 21.44; housing fund 5% of 2,680 = 134.00
//                      work injury unchanged: 0.2% of 2,100 = 4.20; pension floor unchanged: 15% of 5,510 = 826.50
//   Shenzhen  2026-08  unemployment 0.3% of 2,520 = 7.56;  housing fund 5% of 2,360 = 118.00
//             2026-10  unemployment 0.3% of 2,700 = 8.10, employer 0.8% = 21.60; housing fund 5% of 2,700 = 135.00
//                      work injury unchanged: 0.2% of 2,520 = 5.04; medical unchanged: 2% of 6,727 = 134.54
TEST(CityVersions2026, GuangdongMinimumWageFloorsFrom2026September) {
  const CityRates gz8 = Rates("guangzhou", 2026, 8);
  EXPECT_EQ(Contribute(gz8, "1000")[Scheme::kUnemployment].employee.ToString(), "5.00");
  EXPECT_EQ(Contribute(gz8, "1000")[Scheme::kHousingFund].employee.ToString(), "125.00");
  const CityRates gz = Rates("guangzhou", 2026, 10);
  EXPECT_TRUE(gz.provisional);
  EXPECT_EQ(gz[Scheme::kUnemployment].base_floor, Y("2680"));
  EXPECT_EQ(gz[Scheme::kHousingFund].base_floor, Y("2680"));
  Contributions g = Contribute(gz, "1000");
  EXPECT_EQ(g[Scheme::kUnemployment].employee.ToString(), "5.36");
  EXPECT_EQ(g[Scheme::kUnemployment].employer.ToString(), "21.44");
  EXPECT_EQ(g[Scheme::kHousingFund].employee.ToString(), "134.00");
  EXPECT_EQ(g[Scheme::kWorkInjury].employer.ToString(), "4.20");
  EXPECT_EQ(g[Scheme::kPension].employer.ToString(), "826.50");
  EXPECT_EQ(*gz[Scheme::kUnemployment].base_cap, Y("41112"));  // caps carried over
  EXPECT_EQ(*gz[Scheme::kHousingFund].base_cap, Y("39828"));

  const CityRates sz8 = Rates("shenzhen", 2026, 8);
  EXPECT_EQ(Contribute(sz8, "1000")[Scheme::kUnemployment].employee.ToString(), "7.56");
  EXPECT_EQ(Contribute(sz8, "1000")[Scheme::kHousingFund].employee.ToString(), "118.00");
  const CityRates sz = Rates("shenzhen", 2026, 10);
  EXPECT_TRUE(sz.provisional);
  Contributions s = Contribute(sz, "1000");
  EXPECT_EQ(s[Scheme::kUnemployment].employee.ToString(), "8.10");
  EXPECT_EQ(s[Scheme::kUnemployment].employer.ToString(), "21.60");
  EXPECT_EQ(s[Scheme::kHousingFund].employee.ToString(), "135.00");
  EXPECT_EQ(s[Scheme::kWorkInjury].employer.ToString(), "5.04");
  EXPECT_EQ(s[Scheme::kMedical].employee.ToString(), "134.54");
  EXPECT_EQ(*sz[Scheme::kUnemployment].base_cap, Y("44265"));
}

// Hangzhou: 4,812–24,930 until 2024-12, then 4,986–25,299 (浙人社发〔2025〕52号) and housing fund 2,490–40,694.
//   2024-12 floor pension 8% of 4,812 = 384.96
//   2025-05 cap   pension 8% of 25,299 = 2,023.92; housing fund 12% of 40,694 = 4,883.28 → 4,883
//           floor housing fund 12% of 2,490 = 298.80 → 299
TEST(CityVersions2025, HangzhouFrom2025) {
  EXPECT_EQ(Contribute(Rates("hangzhou", 2024, 12), "1000")[Scheme::kPension].employee.ToString(), "384.96");
  const CityRates hz = Rates("hangzhou", 2025, 5);
  EXPECT_TRUE(hz.provisional);
  Contributions high = Contribute(hz, "100000");
  EXPECT_EQ(high[Scheme::kPension].employee.ToString(), "2023.92");
  EXPECT_EQ(high[Scheme::kHousingFund].employee.ToString(), "4883.00");
  EXPECT_EQ(Contribute(hz, "1000")[Scheme::kHousingFund].employee.ToString(), "299.00");
}

// The Beijing file with one substitution, parsed as the only city.
core::Result<SocialInsuranceBook> ParseBeijingWith(std::string_view from, std::string_view to) {
  std::string text(*embed::payroll_rule_social_insurance_beijing("social_insurance_beijing.json"));
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  text.replace(at, from.size(), to);
  const std::string_view cities[] = {"beijing"};
  return SocialInsuranceBook::Parse(
      [&](std::string_view f) -> std::optional<std::string_view> {
        if (f == "social_insurance_beijing.json") return std::string_view(text);
        return std::nullopt;
      },
      cities);
}

TEST(SocialInsuranceBook, ParseRejectsBrokenRuleFiles) {
  EXPECT_TRUE(ParseBeijingWith("\"provisional\": false", "\"provisional\": false").ok());
  auto rate = ParseBeijingWith("\"employer_pct\": \"16\"", "\"employer_pct\": \"116\"");
  ASSERT_FALSE(rate.ok());
  EXPECT_EQ(rate.error().field, "social_insurance_beijing.json.versions[0].pension.employer_pct");
  auto cap = ParseBeijingWith("\"base_cap\": \"35283.00\"", "\"base_cap\": \"100.00\"");
  ASSERT_FALSE(cap.ok());
  EXPECT_EQ(cap.error().field, "social_insurance_beijing.json.versions[0].pension.base_cap");
  auto hf = ParseBeijingWith("\"default_pct\": \"12\"", "\"default_pct\": \"13\"");
  ASSERT_FALSE(hf.ok());
  EXPECT_EQ(hf.error().field, "social_insurance_beijing.json.versions[0].housing_fund.default_pct");
  auto unknown = ParseBeijingWith("\"min_pct\": \"5\"", "\"min_pct\": \"5\", \"typo\": 1");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().field, "social_insurance_beijing.json.versions[0].housing_fund.typo");
  auto rounding = ParseBeijingWith("\"rounding\": \"yuan_half_up\"", "\"rounding\": \"yuan_nearest\"");
  ASSERT_FALSE(rounding.ok());
  EXPECT_EQ(rounding.error().field, "social_insurance_beijing.json.versions[0].housing_fund.rounding");
  EXPECT_FALSE(ParseBeijingWith("\"pension\":", "\"pensions\":").ok());
  EXPECT_FALSE(ParseBeijingWith("\"employee_pct\": \"8\"", "\"employee_pct\": \"8.12345\"").ok());
  EXPECT_FALSE(ParseBeijingWith("\"effective_from\": \"2025-07-01\"", "\"effective_from\": \"2025-06-01\"").ok());
}

}  // namespace
}  // namespace payroll
