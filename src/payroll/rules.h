// Effective-dated rule tables behind the payroll calculators (DESIGN.md principle 6: rules are data).
// The built-in tables are the JSON files in data/rules/, embedded at build time; docs/payroll-rules.md
// explains every field and its legal source.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/error.h"
#include "core/money.h"

namespace payroll {

// When one version of a rule is in force, and the legal texts it implements.
struct Effective {
  core::Date from;
  std::optional<core::Date> to;  // inclusive; nullopt = until further notice
  std::vector<std::string> sources;

  bool Covers(core::Date d) const { return from <= d && (!to || d <= *to); }
};

// One row of a progressive rate table (税率表).
struct Bracket {
  std::optional<core::Money> up_to;  // inclusive upper bound ("不超过…"); nullopt only on the last row
  int32_t rate_bp = 0;               // basis points: 300 = 3%
  core::Money quick_deduction;       // 速算扣除数
};

struct ProgressiveTable {
  std::vector<Bracket> brackets;  // upper bounds strictly increasing; the last one open

  // The row for amount / divisor, compared exactly (amount <= up_to × divisor), so a quotient of
  // 3,000.0008 is above a 3,000 bound even though it displays as 3,000.00.
  const Bracket& Find(core::Money amount, int64_t divisor = 1) const;
};

// amount × rate − quick deduction, half-up to the fen (see docs/payroll-rules.md "Rounding"), never
// below zero.
core::Money ApplyBracket(const Bracket& row, core::Money amount);

// A decimal constant such as 21.75 days, kept exact as num / den.
struct Rational {
  int64_t num = 0;
  int64_t den = 1;
};

// 综合所得 annual table and the basic deduction, used by cumulative withholding (累计预扣法).
struct ComprehensiveIncomeRules {
  Effective effective;
  core::Money basic_deduction_per_month;                // 基本减除费用 (个人所得税法第六条)
  bool annual_basic_deduction_upfront_allowed = false;  // 国家税务总局公告2020年第19号, from 2021
  ProgressiveTable annual_table;
};

// Separate taxation of the annual one-time bonus (全年一次性奖金).
struct AnnualBonusRules {
  Effective effective;
  int64_t months = 12;  // the bonus is divided by this to pick the row
  ProgressiveTable monthly_table;
};

// Prepayment on labour remuneration (劳务报酬所得预扣预缴), per payment.
struct LaborRemunerationRules {
  Effective effective;
  core::Money flat_expense_up_to;  // 4,000: at most this, the expense deduction is flat_expense
  core::Money flat_expense;        // 800
  int32_t expense_rate_bp = 0;     // 2000 = 20% above flat_expense_up_to
  ProgressiveTable prepayment_table;
};

// Daily/hourly wage conversion and overtime multipliers.
struct WageConversionRules {
  Effective effective;
  Rational monthly_paid_days;  // 21.75 (月计薪天数)
  int64_t hours_per_day = 8;
  int32_t weekday_overtime_pct = 0;   // 150
  int32_t rest_day_overtime_pct = 0;  // 200, only when no compensatory time off is given
  int32_t holiday_overtime_pct = 0;   // 300
};

// Economic compensation on termination (经济补偿) and unlawful termination damages (赔偿金).
struct SeveranceRules {
  Effective effective;
  int64_t partial_year_full_months = 6;  // an extra partial year of at least this counts as a full year
  int64_t high_wage_multiple = 3;        // wage above this × local average is capped at it
  int64_t high_wage_max_years = 12;      // and then at most this many years count
  int64_t unlawful_multiple = 2;
  bool minimum_wage_floor = true;  // 实施条例第27条
};

// Paid annual leave (带薪年休假) entitlement, proration and pay for unused days.
struct AnnualLeaveRules {
  struct Tier {
    int64_t min_service_years_x100 = 0;  // cumulative service in hundredths of a year
    int64_t days = 0;
  };
  Effective effective;
  std::vector<Tier> tiers;  // ascending; below the first tier there is no leave
  int64_t proration_year_days = 365;
  Rational monthly_paid_days;  // 21.75
  int32_t unused_pay_pct = 300;
};

// All versions of one rule, sorted by start date, non-overlapping, never empty.
template <typename T>
struct Versions {
  std::vector<T> items;

  // The version in force on `d`, or nullptr.
  const T* At(core::Date d) const {
    for (const T& v : items) {
      if (v.effective.Covers(d)) return &v;
    }
    return nullptr;
  }
  const T& Latest() const { return items.back(); }
};

struct RuleBook {
  Versions<ComprehensiveIncomeRules> comprehensive_income;  // iit_comprehensive_income.json
  Versions<AnnualBonusRules> annual_bonus;                  // iit_annual_bonus.json
  Versions<LaborRemunerationRules> labor_remuneration;      // iit_labor_remuneration.json
  Versions<WageConversionRules> wage_conversion;            // wage_conversion.json
  Versions<SeveranceRules> severance;                       // severance.json
  Versions<AnnualLeaveRules> annual_leave;                  // annual_leave.json

  // Builds a rule book from files named as in data/rules/ (`read` returns a file's text or nullopt).
  // kInvalid naming file and field on a missing file, unknown field, overlapping versions, or a
  // table whose quick deductions do not follow from its brackets.
  static core::Result<RuleBook> Parse(const std::function<std::optional<std::string_view>(std::string_view)>& read);

  // The tables embedded from data/rules/, parsed on first use and immutable afterwards. The embedded
  // files are checked by rules_test, so a failure here is a build defect: it aborts with the error.
  static const RuleBook& Builtin();
};

}  // namespace payroll
