#include "hiring/labour_law.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "hiring/hiring.h"

namespace hiring {
namespace {

using core::Date;
using core::Money;

Money Y(std::string_view text) { return *Money::Parse(text); }

ContractFacts Fixed(int64_t term, int64_t probation, Date start = Date(2026, 3, 2)) {
  ContractFacts f;
  f.start_date = start;
  f.signed_on = start;
  f.contract_type = ContractType::kFixed;
  f.term_months = term;
  f.end_date = start.AddMonths(static_cast<int>(term)).AddDays(-1);
  f.probation_months = probation;
  f.monthly_salary = Y("20000");
  f.probation_salary = Y("20000");
  f.local_min_wage = Y("2690");
  return f;
}

std::vector<std::string> Kinds(const std::vector<LabourAlert>& v) {
  std::vector<std::string> out;
  for (const auto& a : v) out.push_back(a.kind);
  return out;
}

bool Has(const std::vector<LabourAlert>& v, const std::string& kind) {
  auto k = Kinds(v);
  return std::find(k.begin(), k.end(), kind) != k.end();
}

const LabourAlert& Get(const std::vector<LabourAlert>& v, const std::string& kind) {
  return *std::find_if(v.begin(), v.end(), [&](const LabourAlert& a) { return a.kind == kind; });
}

// 劳动合同法第19条 at each term boundary: 3 months → 1, 1 year → 2, 3 years → 6, open-ended → 6.
TEST(CheckContract, ProbationTooLongAtEachTermBoundary) {
  Date today(2026, 3, 2);
  EXPECT_TRUE(Has(CheckContract(Fixed(2, 1), today), "probation_not_allowed"));  // under 3 months: none
  EXPECT_FALSE(Has(CheckContract(Fixed(3, 1), today), "probation_too_long"));
  EXPECT_TRUE(Has(CheckContract(Fixed(3, 2), today), "probation_too_long"));
  EXPECT_FALSE(Has(CheckContract(Fixed(11, 1), today), "probation_too_long"));
  EXPECT_TRUE(Has(CheckContract(Fixed(11, 2), today), "probation_too_long"));
  EXPECT_FALSE(Has(CheckContract(Fixed(12, 2), today), "probation_too_long"));  // 1 year
  EXPECT_TRUE(Has(CheckContract(Fixed(12, 3), today), "probation_too_long"));
  EXPECT_TRUE(Has(CheckContract(Fixed(35, 3), today), "probation_too_long"));
  EXPECT_FALSE(Has(CheckContract(Fixed(36, 6), today), "probation_too_long"));  // 3 years
  EXPECT_TRUE(Has(CheckContract(Fixed(36, 7), today), "probation_too_long"));
  ContractFacts open = Fixed(36, 6);
  open.contract_type = ContractType::kOpenEnded;
  open.term_months.reset();
  open.end_date.reset();
  EXPECT_TRUE(CheckContract(open, today).empty());
  open.probation_months = 7;
  EXPECT_TRUE(Has(CheckContract(open, today), "probation_too_long"));
}

// 第20条: at least 80% of the contract wage and not below the local minimum wage.
TEST(CheckContract, ProbationWageAtEightyPercentAndMinimumWage) {
  Date today(2026, 3, 2);
  ContractFacts f = Fixed(36, 6);
  f.probation_salary = Y("16000");  // exactly 80%
  EXPECT_TRUE(CheckContract(f, today).empty());
  f.probation_salary = Y("15999.99");
  EXPECT_TRUE(Has(CheckContract(f, today), "probation_wage_below_contract_ratio"));
  f.monthly_salary = Y("3000");
  f.probation_salary = Y("2689.99");  // above 80% of 3000 but below Shanghai's 2690
  EXPECT_TRUE(Has(CheckContract(f, today), "probation_wage_below_min_wage"));
  f.probation_salary = Y("2690");
  EXPECT_TRUE(CheckContract(f, today).empty());
}

// 第10条/第82条: alert from day 20 (start + 19 days), escalation at one month, double wages from then,
// capped at 11 months.
TEST(CheckContract, UnsignedContractDeadlines) {
  Date start(2026, 3, 2);
  ContractFacts f = Fixed(36, 6, start);
  f.signed_on.reset();
  EXPECT_TRUE(CheckContract(f, start.AddDays(18)).empty());  // day 19
  auto day20 = CheckContract(f, start.AddDays(19));
  EXPECT_EQ(Kinds(day20), std::vector<std::string>{"contract_unsigned"});
  EXPECT_EQ(Get(day20, "contract_unsigned").severity, "warning");
  auto before_month = CheckContract(f, Date(2026, 4, 1));
  EXPECT_TRUE(Has(before_month, "contract_unsigned"));
  auto month = CheckContract(f, Date(2026, 4, 2));  // start + 1 month
  EXPECT_EQ(Kinds(month), std::vector<std::string>{"contract_unsigned_escalated"});
  EXPECT_EQ(Get(month, "contract_unsigned_escalated").exposure->ToString(), "666.67");  // 20000 × 1 / 30
  auto later = CheckContract(f, Date(2026, 5, 1));  // 30 days of double wage
  EXPECT_EQ(Get(later, "contract_unsigned_escalated").exposure->ToString(), "20000.00");
  auto capped = CheckContract(f, Date(2028, 1, 1));  // beyond 11 months: capped at the 11-month mark
  int64_t days = Date(2026, 4, 2).AddMonths(11).DaysSinceEpoch() - Date(2026, 4, 2).DaysSinceEpoch() + 1;
  EXPECT_EQ(Get(capped, "contract_unsigned_escalated").exposure->fen(), Y("20000").MulDiv(days, 30).fen());
  f.signed_on = Date(2026, 3, 25);
  EXPECT_TRUE(CheckContract(f, Date(2026, 5, 1)).empty());  // signed in time
}

TEST(CheckContract, FixedTermEndingWithinThirtyDays) {
  ContractFacts f = Fixed(12, 2, Date(2025, 3, 1));  // ends 2026-02-28
  EXPECT_FALSE(Has(CheckContract(f, Date(2026, 1, 28)), "fixed_term_ending"));  // 31 days left
  EXPECT_TRUE(Has(CheckContract(f, Date(2026, 1, 29)), "fixed_term_ending"));   // 30 days
  EXPECT_TRUE(Has(CheckContract(f, Date(2026, 2, 28)), "fixed_term_ending"));   // last day
  EXPECT_FALSE(Has(CheckContract(f, Date(2026, 3, 1)), "fixed_term_ending"));   // ended
}

// 第14条: open-ended contract due after the second consecutive fixed term or ten years of service.
TEST(CheckContract, OpenEndedDueAtSecondFixedTermOrTenYears) {
  Date today(2026, 3, 2);
  ContractFacts f = Fixed(36, 0);
  EXPECT_FALSE(Has(CheckContract(f, today), "open_ended_due"));
  f.fixed_term_sequence = 2;
  EXPECT_TRUE(Has(CheckContract(f, today), "open_ended_due"));
  f.fixed_term_sequence = 1;
  f.service_start = Date(2016, 3, 3);
  EXPECT_FALSE(Has(CheckContract(f, today), "open_ended_due"));  // one day short of ten years
  f.service_start = Date(2016, 3, 2);
  EXPECT_TRUE(Has(CheckContract(f, today), "open_ended_due"));
  f.contract_type = ContractType::kOpenEnded;
  f.term_months.reset();
  f.end_date.reset();
  EXPECT_FALSE(Has(CheckContract(f, today), "open_ended_due"));
}

// data/rules/minimum_wage.json, each boundary on both sides (the figures and their sources are in the
// file's "source" fields and docs/payroll-rules.md "Minimum wage by city").
TEST(MinimumWage, EffectiveDatedPerCity) {
  struct Case {
    const char* city;
    Date on;
    const char* monthly;  // nullptr: no entry in force
  };
  const Case cases[] = {
      {"shanghai", Date(2023, 6, 30), nullptr},   {"shanghai", Date(2023, 7, 1), "2690.00"},
      {"shanghai", Date(2025, 6, 30), "2690.00"}, {"shanghai", Date(2025, 7, 1), "2740.00"},  // 沪人社规〔2025〕10号
      {"beijing", Date(2023, 8, 31), nullptr},    {"beijing", Date(2023, 9, 1), "2420.00"},
      {"beijing", Date(2024, 9, 1), "2420.00"},  // not 2,540 in 2024: 京人社劳发〔2025〕7号 runs from 2025-09-01
      {"beijing", Date(2025, 8, 31), "2420.00"},  {"beijing", Date(2025, 9, 1), "2540.00"},
      {"guangzhou", Date(2025, 2, 28), "2300.00"}, {"guangzhou", Date(2025, 3, 1), "2500.00"},  // 粤府函〔2025〕23号
      {"guangzhou", Date(2026, 8, 31), "2500.00"}, {"guangzhou", Date(2026, 9, 1), "2680.00"},  // 粤府函〔2026〕188号
      {"shenzhen", Date(2025, 2, 28), "2360.00"},  {"shenzhen", Date(2025, 3, 1), "2520.00"},
      {"shenzhen", Date(2026, 8, 31), "2520.00"},  {"shenzhen", Date(2026, 9, 1), "2700.00"},
      {"hangzhou", Date(2023, 12, 31), "2280.00"}, {"hangzhou", Date(2024, 1, 1), "2490.00"},
      {"hangzhou", Date(2025, 12, 31), "2490.00"}, {"hangzhou", Date(2026, 1, 1), "2660.00"},  // 浙政发〔2025〕23号
      {"atlantis", Date(2026, 1, 1), nullptr},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.city) + " " + c.on.ToString());
    auto m = MinimumWage(c.city, c.on);
    if (!c.monthly) {
      EXPECT_FALSE(m.has_value());
      continue;
    }
    ASSERT_TRUE(m.has_value());
    EXPECT_EQ(m->ToString(), c.monthly);
  }
  // Today (2026-11-26), with the entry's date.
  auto gz = MinimumWageEntryOn("guangzhou", Date(2026, 11, 26));
  ASSERT_TRUE(gz);
  EXPECT_EQ(gz->effective_from, Date(2026, 9, 1));
  EXPECT_NE(gz->source.find("粤府函〔2026〕188号"), std::string::npos);
}

TEST(MinimumWage, EveryShippedEntryNamesItsSourceInDateOrder) {
  const std::vector<std::string> cities = MinimumWageCities();
  EXPECT_EQ(cities, (std::vector<std::string>{"beijing", "guangzhou", "hangzhou", "shanghai", "shenzhen"}));
  for (const std::string& city : cities) {
    const auto history = MinimumWageHistory(city);
    ASSERT_FALSE(history.empty()) << city;
    for (size_t i = 0; i < history.size(); ++i) {
      EXPECT_FALSE(history[i].source.empty()) << city << " " << history[i].effective_from.ToString();
      if (i > 0) {
        EXPECT_LT(history[i - 1].effective_from, history[i].effective_from) << city;
      }
    }
    // Every city has an entry in force on 2023-09-01 (the latest first entry, Beijing's) and later.
    EXPECT_TRUE(MinimumWage(city, Date(2023, 9, 1))) << city;
  }
  EXPECT_TRUE(MinimumWageHistory("atlantis").empty());
}

// The labour-law check with the looked-up minimum: Guangzhou, contract 3,000, probation wage 2,600 (80% of
// 3,000 = 2,400 is met). Starting 2026-08-31 the minimum is 2,500: lawful; from 2026-09-01 it is 2,680.
TEST(CheckContract, ProbationWageBelowTheGuangdong2026MinimumWage) {
  ContractFacts f = Fixed(36, 3, Date(2026, 8, 31));
  f.monthly_salary = Y("3000");
  f.probation_salary = Y("2600");
  f.local_min_wage = MinimumWage("guangzhou", f.start_date);
  EXPECT_FALSE(Has(CheckContract(f, f.start_date), "probation_wage_below_min_wage"));
  EXPECT_FALSE(Has(CheckContract(f, f.start_date), "probation_wage_below_contract_ratio"));
  f = Fixed(36, 3, Date(2026, 9, 1));
  f.monthly_salary = Y("3000");
  f.probation_salary = Y("2600");
  f.local_min_wage = MinimumWage("guangzhou", f.start_date);
  EXPECT_TRUE(Has(CheckContract(f, f.start_date), "probation_wage_below_min_wage"));
  f.probation_salary = Y("2680");  // exactly the minimum: lawful
  EXPECT_FALSE(Has(CheckContract(f, f.start_date), "probation_wage_below_min_wage"));
}

TEST(FillTemplate, ReplacesKnownAndBlanksUnknown) {
  nlohmann::json v = {{"name", "张三"}, {"n", 3}};
  EXPECT_EQ(FillTemplate("{{name}}，试用期{{ n }}个月{{missing}}。", v), "张三，试用期3个月。");
  EXPECT_EQ(TextToHtml("<T>", "a&b\n\nc"), "<!doctype html><html><head><meta charset=\"utf-8\"><title>&lt;T&gt;</title></head><body>"
                                              "<article class=\"offer\"><h1>&lt;T&gt;</h1><p>a&amp;b</p><p>c</p></article></body></html>");
}

TEST(ClickToSign, RecordsTheTextHashAndRefusesAnotherName) {
  ClickToSign click;
  core::Instant at = *core::ParseInstant("2026-03-01T02:00:00.000Z");
  auto bad = click.Sign({"劳动合同……", "陈新人", "陈 新人", "127.0.0.1", at});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "full_name");
  auto ok = click.Sign({"劳动合同……", "陈新人", "陈新人", "127.0.0.1", at});
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ((*ok)["provider"], "click");
  EXPECT_EQ((*ok)["signed_at"], "2026-03-01T02:00:00.000Z");
  EXPECT_EQ((*ok)["document_sha256"].get<std::string>().size(), 64u);
}

// Every alert carries the parameters its text needs, so the UI can say it in the reader's language
// (web/src/locales/i18n alert.<kind>; docs/i18n.md).
TEST(CheckContract, AlertsCarryTheParametersOfTheirText) {
  using P = std::map<std::string, std::string>;
  Date start(2026, 3, 2);
  ContractFacts f = Fixed(36, 6, start);
  f.signed_on.reset();
  EXPECT_EQ(Get(CheckContract(f, start.AddDays(19)), "contract_unsigned").params, (P{{"start_date", "2026-03-02"}, {"sign_by", "2026-04-02"}}));
  EXPECT_EQ(Get(CheckContract(f, Date(2026, 5, 1)), "contract_unsigned_escalated").params,
            (P{{"start_date", "2026-03-02"}, {"from", "2026-04-02"}, {"exposure", "20000.00"}}));
  ContractFacts e = Fixed(12, 2, Date(2025, 3, 1));  // ends 2026-02-28
  EXPECT_EQ(Get(CheckContract(e, Date(2026, 2, 18)), "fixed_term_ending").params, (P{{"end_date", "2026-02-28"}, {"days_left", "10"}}));
  ContractFacts s = Fixed(36, 0);
  s.fixed_term_sequence = 2;
  EXPECT_EQ(Get(CheckContract(s, Date(2026, 3, 2)), "open_ended_due").params, (P{{"variant", "second_fixed_term"}}));
  s.fixed_term_sequence = 1;
  s.service_start = Date(2016, 3, 2);
  EXPECT_EQ(Get(CheckContract(s, Date(2026, 3, 2)), "open_ended_due").params, (P{{"variant", "ten_years"}, {"service_from", "2016-03-02"}}));
  ContractFacts p = Fixed(12, 3);  // at most 2 months for a one-year term
  EXPECT_EQ(Get(CheckContract(p, p.start_date), "probation_too_long").params,
            (P{{"basis", "fixed"}, {"variant", "fixed"}, {"term_months", "12"}, {"agreed_months", "3"}, {"max_months", "2"}}));
}

}  // namespace
}  // namespace hiring
