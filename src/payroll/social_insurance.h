// Social insurance and housing fund (五险一金) by city: effective-dated rule data per city
// (data/rules/social_insurance_<city>.json), resolved once per (city, month) into a CityRates, and the
// employee and employer contributions for one employee-month. Sources, figures and rounding choices in
// docs/payroll-rules.md "Social insurance and housing fund".
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/money.h"
#include "payroll/rules.h"

namespace payroll {

// The schemes of 五险一金, in payslip order.
enum class Scheme : uint8_t { kPension, kMedical, kUnemployment, kWorkInjury, kMaternity, kHousingFund };
inline constexpr size_t kSchemeCount = 6;
inline constexpr std::array<Scheme, kSchemeCount> kSchemes = {Scheme::kPension,      Scheme::kMedical,
                                                              Scheme::kUnemployment, Scheme::kWorkInjury,
                                                              Scheme::kMaternity,    Scheme::kHousingFund};
// "pension", "medical", "unemployment", "work_injury", "maternity", "housing_fund" (the JSON keys).
std::string_view SchemeCode(Scheme s);

// Contribution rates are parts per million of the base: 80'000 = 8%, 1'600 = 0.16%.
inline constexpr int32_t kPpmPerPercent = 10'000;
inline constexpr int32_t kPpmWhole = 1'000'000;

// How each contribution amount is rounded: to a multiple of unit_fen (1 = fen, 100 = yuan) with `mode`.
struct ContributionRounding {
  int64_t unit_fen = 1;
  core::Rounding mode = core::Rounding::kHalfUp;
};

// One scheme of one city in one period. Amount = round(clamp(base, floor, cap) × rate) + fixed.
struct SchemeRates {
  bool separate = false;  // false: no separate scheme in this city (maternity merged into medical)
  int32_t employee_ppm = 0;
  int32_t employer_ppm = 0;
  int32_t employer_ppm_local_hukou = 0;  // equals employer_ppm unless the city differs (Shenzhen pension)
  core::Money employee_fixed;            // per month on top of the rate, e.g. Beijing's 3 yuan 大额医疗互助
  core::Money employer_fixed;
  core::Money base_floor;
  std::optional<core::Money> base_cap;  // nullopt: no cap (work injury in Shenzhen and Guangzhou)
  ContributionRounding rounding;
};

// The housing-fund rate the employer may choose (住房公积金管理条例第18条: at least 5%; cities cap it,
// usually at 12%) and the default used when neither the run nor the employee picks one. The same rate
// applies to employer and employee.
struct HousingFundRange {
  int32_t min_ppm = 0;
  int32_t max_ppm = 0;
  int32_t default_ppm = 0;
};

// One version of a city's rules (one social-insurance year, usually July to June).
struct SocialInsuranceRules {
  Effective effective;
  bool provisional = false;  // bases or rates not confirmed by two independent sources (see `note`)
  std::string note;
  std::array<SchemeRates, kSchemeCount> schemes;  // indexed by Scheme; housing fund rates = the default rate
  HousingFundRange housing_fund;
};

struct CitySocialInsurance {
  std::string city;  // "beijing": the file is social_insurance_<city>.json
  Versions<SocialInsuranceRules> versions;
};

struct SocialInsuranceBook {
  std::vector<CitySocialInsurance> cities;

  // nullptr when the city is unknown.
  const CitySocialInsurance* Find(std::string_view city) const;

  // Reads social_insurance_<city>.json for each city through `read` (file text or nullopt). kInvalid
  // naming file and field on a missing file or field, an unknown field, a rate above 100%, a cap below
  // the floor, a housing-fund default outside its range, or overlapping versions.
  static core::Result<SocialInsuranceBook> Parse(
      const std::function<std::optional<std::string_view>(std::string_view)>& read,
      std::span<const std::string_view> cities);
  // The embedded files of the five built-in cities, parsed on first use (aborts on a build defect).
  static const SocialInsuranceBook& Builtin();
  // "beijing", "shanghai", "shenzhen", "guangzhou", "hangzhou".
  static std::span<const std::string_view> BuiltinCities();
};

// Run-level choices that the rule data leaves to the employer.
struct CityRateOverrides {
  std::optional<int32_t> work_injury_employer_ppm;  // the employer's industry-class rate (工伤保险行业费率), ≤ 10%
  std::optional<int32_t> housing_fund_default_ppm;  // the employer's housing-fund rate, within the city's range
};

// Everything the contribution calculation needs for one (city, month): plain values, no lookups.
// `city` and `rules` point into the SocialInsuranceBook, which must outlive this.
struct CityRates {
  std::string_view city;
  int year = 0;
  unsigned month = 0;
  std::array<SchemeRates, kSchemeCount> schemes;
  HousingFundRange housing_fund;
  bool provisional = false;
  const SocialInsuranceRules* rules = nullptr;  // the version in force (sources, note)

  const SchemeRates& operator[](Scheme s) const { return schemes[static_cast<size_t>(s)]; }
};

// The version in force on the first day of year-month, with `overrides` applied. kInvalid naming "city"
// (unknown city), "month" (no version in force), "work_injury_rate" or "housing_fund_rate" (override out
// of range).
core::Result<CityRates> ResolveCityRates(const SocialInsuranceBook& book, std::string_view city, int year,
                                         unsigned month, const CityRateOverrides& overrides = {});

struct ContributionInput {
  core::Money social_insurance_base;             // declared 缴费基数 (usually last year's average monthly wage)
  std::optional<core::Money> housing_fund_base;  // default: social_insurance_base
  std::optional<int32_t> housing_fund_ppm;       // default: the city's (or run's) default rate
  bool local_hukou = false;                      // selects employer_ppm_local_hukou
  bool social_insurance = true;                  // false: no social insurance this month
  bool housing_fund = true;                      // false: no housing fund this month
};

struct SchemeContribution {
  core::Money base;  // the declared base clamped to the scheme's floor and cap; 0 when not contributed
  core::Money employee;
  core::Money employer;
};

struct Contributions {
  std::array<SchemeContribution, kSchemeCount> by_scheme;  // indexed by Scheme
  int32_t housing_fund_ppm = 0;
  core::Money employee_total;  // 专项扣除 for the income tax (三险一金)
  core::Money employer_total;

  const SchemeContribution& operator[](Scheme s) const { return by_scheme[static_cast<size_t>(s)]; }
};

// One employee-month. Each amount is rounded on its own with the scheme's rule, then the fixed amount is
// added. kInvalid naming "social_insurance_base" / "housing_fund_base" (negative or too large) or
// "housing_fund_rate" (outside the city's range). Allocates nothing unless it fails.
core::Result<Contributions> ComputeContributions(const ContributionInput& in, const CityRates& rates);

}  // namespace payroll
