#include "payroll/rules.h"

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "embed/payroll_rule_annual_leave.h"
#include "embed/payroll_rule_iit_annual_bonus.h"
#include "embed/payroll_rule_iit_comprehensive_income.h"
#include "embed/payroll_rule_iit_labor_remuneration.h"
#include "embed/payroll_rule_severance.h"
#include "embed/payroll_rule_wage_conversion.h"
#include "payroll/json_input.h"
#include "payroll/rule_file.h"

namespace payroll {

using core::Money;
using detail::Invalid;
using detail::ObjectReader;
using detail::Require;

const Bracket& ProgressiveTable::Find(Money amount, int64_t divisor) const {
  for (const Bracket& b : brackets) {
    if (!b.up_to || static_cast<__int128>(amount.fen()) <= static_cast<__int128>(b.up_to->fen()) * divisor) return b;
  }
  return brackets.back();  // unreachable for a validated table: the last row is open
}

Money ApplyBracket(const Bracket& row, Money amount) {
  // Half-up to the fen: no tax text fixes sub-fen rounding; the fen is the smallest unit of the
  // renminbi (人民币管理条例第三条) and the withholding returns are filed to the fen.
  Money tax = amount.MulDiv(row.rate_bp, 10'000, core::Rounding::kHalfUp) - row.quick_deduction;
  return core::Max(tax, Money());
}

namespace {

using detail::Reader;
using detail::ReadVersions;

core::Result<int32_t> ReadRateBp(ObjectReader& o, std::string_view key) {
  HF_ASSIGN(int64_t bp, Require(o.Integer(key, 0, 10'000), o, key));
  return static_cast<int32_t>(bp);
}

core::Result<Rational> ReadDecimal(ObjectReader& o, std::string_view key) {
  const nlohmann::json* raw = o.Raw(key);
  if (!raw || !raw->is_string()) return Invalid(o.Path(key), "expected a decimal string such as \"21.75\"");
  auto x100 = detail::ParseHundredths(raw->get<std::string>());
  if (!x100 || *x100 == 0) return Invalid(o.Path(key), "expected a positive decimal with at most two decimals");
  return Rational{*x100, 100};
}

// Reads and checks a progressive table: bounds strictly increasing, only the last open, rates
// increasing, first quick deduction 0, and each quick deduction equal to the previous one plus the
// previous bound × the rate step (the identity that makes the table continuous).
core::Result<ProgressiveTable> ReadTable(ObjectReader& v, std::string_view key) {
  std::string path = v.Path(key);
  const nlohmann::json* rows = v.Raw(key);
  if (!rows || !rows->is_array() || rows->empty()) return Invalid(path, "expected a non-empty array of brackets");
  ProgressiveTable t;
  for (size_t i = 0; i < rows->size(); ++i) {
    HF_ASSIGN(ObjectReader r, ObjectReader::Open((*rows)[i], path + "[" + std::to_string(i) + "]"));
    Bracket b;
    HF_ASSIGN(b.up_to, r.Amount("up_to"));
    HF_ASSIGN(b.rate_bp, ReadRateBp(r, "rate_bp"));
    HF_ASSIGN(b.quick_deduction, Require(r.Amount("quick_deduction"), r, "quick_deduction"));
    HF_TRY(r.Finish());
    bool last = i + 1 == rows->size();
    if (last != !b.up_to) return Invalid(r.Path("up_to"), "only the last bracket is open (null)");
    if (i == 0 && b.quick_deduction.fen() != 0) return Invalid(r.Path("quick_deduction"), "first bracket must be 0");
    if (i > 0) {
      const Bracket& p = t.brackets.back();
      if (b.up_to && *b.up_to <= *p.up_to) return Invalid(r.Path("up_to"), "bounds must increase");
      if (b.rate_bp <= p.rate_bp) return Invalid(r.Path("rate_bp"), "rates must increase");
      __int128 step = static_cast<__int128>(p.up_to->fen()) * (b.rate_bp - p.rate_bp);
      if (step % 10'000 != 0 ||
          p.quick_deduction.fen() + static_cast<int64_t>(step / 10'000) != b.quick_deduction.fen()) {
        return Invalid(r.Path("quick_deduction"), "does not follow from the brackets (table is discontinuous)");
      }
    }
    t.brackets.push_back(b);
  }
  return t;
}

core::Status ParseComprehensive(ObjectReader& v, ComprehensiveIncomeRules& r) {
  HF_ASSIGN(r.basic_deduction_per_month,
            Require(v.Amount("basic_deduction_per_month"), v, "basic_deduction_per_month"));
  HF_ASSIGN(r.annual_basic_deduction_upfront_allowed,
            Require(v.Boolean("annual_basic_deduction_upfront_allowed"), v, "annual_basic_deduction_upfront_allowed"));
  HF_ASSIGN(r.annual_table, ReadTable(v, "brackets"));
  return {};
}

core::Status ParseBonus(ObjectReader& v, AnnualBonusRules& r) {
  HF_ASSIGN(r.months, Require(v.Integer("months", 1, 12), v, "months"));
  HF_ASSIGN(r.monthly_table, ReadTable(v, "brackets"));
  return {};
}

core::Status ParseLabor(ObjectReader& v, LaborRemunerationRules& r) {
  HF_ASSIGN(r.flat_expense_up_to, Require(v.Amount("flat_expense_up_to"), v, "flat_expense_up_to"));
  HF_ASSIGN(r.flat_expense, Require(v.Amount("flat_expense"), v, "flat_expense"));
  HF_ASSIGN(r.expense_rate_bp, ReadRateBp(v, "expense_rate_bp"));
  HF_ASSIGN(r.prepayment_table, ReadTable(v, "brackets"));
  return {};
}

core::Status ParseWage(ObjectReader& v, WageConversionRules& r) {
  HF_ASSIGN(r.monthly_paid_days, ReadDecimal(v, "monthly_paid_days"));
  HF_ASSIGN(r.hours_per_day, Require(v.Integer("hours_per_day", 1, 24), v, "hours_per_day"));
  HF_ASSIGN(int64_t weekday, Require(v.Integer("weekday_overtime_pct", 100, 1000), v, "weekday_overtime_pct"));
  HF_ASSIGN(int64_t rest, Require(v.Integer("rest_day_overtime_pct", 100, 1000), v, "rest_day_overtime_pct"));
  HF_ASSIGN(int64_t holiday, Require(v.Integer("holiday_overtime_pct", 100, 1000), v, "holiday_overtime_pct"));
  r.weekday_overtime_pct = int32_t(weekday);
  r.rest_day_overtime_pct = int32_t(rest);
  r.holiday_overtime_pct = int32_t(holiday);
  return {};
}

core::Status ParseSeverance(ObjectReader& v, SeveranceRules& r) {
  HF_ASSIGN(r.partial_year_full_months,
            Require(v.Integer("partial_year_full_months", 1, 11), v, "partial_year_full_months"));
  HF_ASSIGN(r.high_wage_multiple, Require(v.Integer("high_wage_multiple", 1, 100), v, "high_wage_multiple"));
  HF_ASSIGN(r.high_wage_max_years, Require(v.Integer("high_wage_max_years", 1, 100), v, "high_wage_max_years"));
  HF_ASSIGN(r.unlawful_multiple, Require(v.Integer("unlawful_multiple", 1, 10), v, "unlawful_multiple"));
  HF_ASSIGN(r.minimum_wage_floor, Require(v.Boolean("minimum_wage_floor"), v, "minimum_wage_floor"));
  return {};
}

core::Status ParseLeave(ObjectReader& v, AnnualLeaveRules& r) {
  const nlohmann::json* tiers = v.Raw("tiers");
  if (!tiers || !tiers->is_array() || tiers->empty()) return Invalid(v.Path("tiers"), "expected a non-empty array");
  for (size_t i = 0; i < tiers->size(); ++i) {
    HF_ASSIGN(ObjectReader t, ObjectReader::Open((*tiers)[i], v.Path("tiers") + "[" + std::to_string(i) + "]"));
    AnnualLeaveRules::Tier tier;
    HF_ASSIGN(tier.min_service_years_x100,
              Require(t.Hundredths("min_service_years", 100 * 100), t, "min_service_years"));
    HF_ASSIGN(tier.days, Require(t.Integer("days", 0, 366), t, "days"));
    HF_TRY(t.Finish());
    if (!r.tiers.empty() &&
        (tier.min_service_years_x100 <= r.tiers.back().min_service_years_x100 || tier.days < r.tiers.back().days)) {
      return Invalid(t.Path("min_service_years"), "tiers must ascend");
    }
    r.tiers.push_back(tier);
  }
  HF_ASSIGN(r.proration_year_days, Require(v.Integer("proration_year_days", 1, 366), v, "proration_year_days"));
  HF_ASSIGN(r.monthly_paid_days, ReadDecimal(v, "monthly_paid_days"));
  HF_ASSIGN(int64_t pct, Require(v.Integer("unused_pay_pct", 100, 1000), v, "unused_pay_pct"));
  r.unused_pay_pct = int32_t(pct);
  return {};
}

}  // namespace

core::Result<RuleBook> RuleBook::Parse(const Reader& read) {
  RuleBook b;
  HF_ASSIGN(b.comprehensive_income,
            ReadVersions<ComprehensiveIncomeRules>(read, "iit_comprehensive_income.json", ParseComprehensive));
  HF_ASSIGN(b.annual_bonus, ReadVersions<AnnualBonusRules>(read, "iit_annual_bonus.json", ParseBonus));
  HF_ASSIGN(b.labor_remuneration,
            ReadVersions<LaborRemunerationRules>(read, "iit_labor_remuneration.json", ParseLabor));
  HF_ASSIGN(b.wage_conversion, ReadVersions<WageConversionRules>(read, "wage_conversion.json", ParseWage));
  HF_ASSIGN(b.severance, ReadVersions<SeveranceRules>(read, "severance.json", ParseSeverance));
  HF_ASSIGN(b.annual_leave, ReadVersions<AnnualLeaveRules>(read, "annual_leave.json", ParseLeave));
  return b;
}

const RuleBook& RuleBook::Builtin() {
  static const RuleBook book = [] {
    auto r = Parse([](std::string_view path) -> std::optional<std::string_view> {
      // Each data/rules file is embedded on its own (see CMakeLists.txt); each lookup answers only its file.
      for (auto* lookup : {&embed::payroll_rule_iit_comprehensive_income, &embed::payroll_rule_iit_annual_bonus,
                           &embed::payroll_rule_iit_labor_remuneration, &embed::payroll_rule_wage_conversion,
                           &embed::payroll_rule_severance, &embed::payroll_rule_annual_leave}) {
        if (auto text = lookup(path)) return text;
      }
      return std::nullopt;
    });
    if (!r.ok()) {
      std::fprintf(stderr, "hireflow: embedded payroll rules are broken: %s\n", r.error().message.c_str());
      std::abort();
    }
    return std::move(r).value();
  }();
  return book;
}

}  // namespace payroll
