#include "payroll/social_insurance.h"

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "embed/payroll_rule_social_insurance_beijing.h"
#include "embed/payroll_rule_social_insurance_guangzhou.h"
#include "embed/payroll_rule_social_insurance_hangzhou.h"
#include "embed/payroll_rule_social_insurance_shanghai.h"
#include "embed/payroll_rule_social_insurance_shenzhen.h"
#include "payroll/json_input.h"
#include "payroll/rule_file.h"

namespace payroll {

using core::Money;
using detail::Invalid;
using detail::ObjectReader;

namespace {

constexpr std::string_view kSchemeCodes[kSchemeCount] = {"pension",     "medical",   "unemployment",
                                                         "work_injury", "maternity", "housing_fund"};
constexpr std::string_view kBuiltinCities[] = {"beijing", "shanghai", "shenzhen", "guangzhou", "hangzhou"};

// A percentage as a decimal string with at most 4 decimals ("9.8", "0.16") → parts per million.
std::optional<int32_t> ParsePercentPpm(std::string_view s) {
  if (s.empty()) return std::nullopt;
  int64_t whole = 0, frac = 0;
  int frac_digits = 0;
  size_t i = 0;
  for (; i < s.size() && s[i] != '.'; ++i) {
    if (s[i] < '0' || s[i] > '9' || i >= 3) return std::nullopt;
    whole = whole * 10 + (s[i] - '0');
  }
  if (i == 0) return std::nullopt;
  if (i < s.size()) {
    if (++i == s.size()) return std::nullopt;
    for (; i < s.size(); ++i) {
      if (s[i] < '0' || s[i] > '9' || ++frac_digits > 4) return std::nullopt;
      frac = frac * 10 + (s[i] - '0');
    }
  }
  for (int k = frac_digits; k < 4; ++k) frac *= 10;
  const int64_t ppm = whole * kPpmPerPercent + frac;
  if (ppm > kPpmWhole) return std::nullopt;
  return static_cast<int32_t>(ppm);
}

core::Result<std::optional<int32_t>> ReadPercent(ObjectReader& o, std::string_view key) {
  const nlohmann::json* raw = o.Raw(key);
  if (!raw) return std::optional<int32_t>();
  if (!raw->is_string()) return Invalid(o.Path(key), "expected a percentage as a decimal string such as \"0.5\"");
  auto ppm = ParsePercentPpm(raw->get<std::string>());
  if (!ppm) return Invalid(o.Path(key), "expected a percentage from 0 to 100 with at most 4 decimals");
  return std::optional<int32_t>(*ppm);
}

core::Result<int32_t> RequirePercent(ObjectReader& o, std::string_view key) {
  HF_ASSIGN(auto v, ReadPercent(o, key));
  if (!v) return o.Missing(key);
  return *v;
}

// "<unit>_<mode>": unit fen | jiao | yuan, mode half_up | down | up | half_even. Absent: fen_half_up.
core::Result<ContributionRounding> ReadRounding(ObjectReader& o) {
  HF_ASSIGN(auto text, o.String("rounding"));
  ContributionRounding r;
  if (!text) return r;
  std::string_view s = *text;
  const size_t cut = s.find('_');
  const std::string_view unit = s.substr(0, cut);
  const std::string_view mode = cut == std::string_view::npos ? std::string_view() : s.substr(cut + 1);
  if (unit == "fen")
    r.unit_fen = 1;
  else if (unit == "jiao")
    r.unit_fen = 10;
  else if (unit == "yuan")
    r.unit_fen = 100;
  else
    return Invalid(o.Path("rounding"), "expected fen_half_up, yuan_half_up, ... (unit fen|jiao|yuan)");
  if (mode == "half_up")
    r.mode = core::Rounding::kHalfUp;
  else if (mode == "down")
    r.mode = core::Rounding::kDown;
  else if (mode == "up")
    r.mode = core::Rounding::kUp;
  else if (mode == "half_even")
    r.mode = core::Rounding::kHalfEven;
  else
    return Invalid(o.Path("rounding"), "expected a mode half_up|down|up|half_even after the unit");
  return r;
}

core::Status ReadBase(ObjectReader& o, SchemeRates& s) {
  HF_ASSIGN(s.base_floor, detail::Require(o.Amount("base_floor"), o, "base_floor"));
  HF_ASSIGN(s.base_cap, o.Amount("base_cap"));  // null: no cap
  if (s.base_cap && *s.base_cap < s.base_floor) return Invalid(o.Path("base_cap"), "below base_floor");
  HF_ASSIGN(s.rounding, ReadRounding(o));
  return {};
}

core::Status ReadScheme(ObjectReader& v, Scheme scheme, SocialInsuranceRules& r) {
  const std::string_view key = SchemeCode(scheme);
  SchemeRates& s = r.schemes[static_cast<size_t>(scheme)];
  const nlohmann::json* raw = v.Raw(key);
  if (!raw) {
    // Only maternity may be absent (merged into medical, 国办发〔2019〕10号).
    if (scheme != Scheme::kMaternity) return v.Missing(key);
    return {};
  }
  HF_ASSIGN(ObjectReader o, ObjectReader::Open(*raw, v.Path(key)));
  s.separate = true;
  if (scheme == Scheme::kHousingFund) {
    HF_ASSIGN(r.housing_fund.min_ppm, RequirePercent(o, "min_pct"));
    HF_ASSIGN(r.housing_fund.max_ppm, RequirePercent(o, "max_pct"));
    HF_ASSIGN(r.housing_fund.default_ppm, RequirePercent(o, "default_pct"));
    if (r.housing_fund.min_ppm > r.housing_fund.max_ppm) return Invalid(o.Path("max_pct"), "below min_pct");
    if (r.housing_fund.default_ppm < r.housing_fund.min_ppm || r.housing_fund.default_ppm > r.housing_fund.max_ppm) {
      return Invalid(o.Path("default_pct"), "outside min_pct..max_pct");
    }
    s.employee_ppm = s.employer_ppm = s.employer_ppm_local_hukou = r.housing_fund.default_ppm;
  } else {
    HF_ASSIGN(s.employee_ppm, RequirePercent(o, "employee_pct"));
    HF_ASSIGN(s.employer_ppm, RequirePercent(o, "employer_pct"));
    HF_ASSIGN(auto local, ReadPercent(o, "employer_pct_local_hukou"));
    s.employer_ppm_local_hukou = local.value_or(s.employer_ppm);
    HF_ASSIGN(auto ee_fixed, o.Amount("employee_fixed"));
    HF_ASSIGN(auto er_fixed, o.Amount("employer_fixed"));
    s.employee_fixed = ee_fixed.value_or(Money());
    s.employer_fixed = er_fixed.value_or(Money());
  }
  HF_TRY(ReadBase(o, s));
  return o.Finish();
}

core::Status ParseVersion(ObjectReader& v, SocialInsuranceRules& r) {
  HF_ASSIGN(r.provisional, detail::Require(v.Boolean("provisional"), v, "provisional"));
  HF_ASSIGN(auto note, v.String("note"));
  r.note = note.value_or("");
  for (Scheme s : kSchemes) HF_TRY(ReadScheme(v, s, r));
  return {};
}

// base × ppm / 10^6 rounded to a multiple of r.unit_fen; int64 arithmetic unless the product could
// overflow (bases are ≥ 0 and at most kMaxAmountFen, so the 128-bit path only serves absurd uncapped bases).
Money ApplyRate(Money base, int32_t ppm, const ContributionRounding& r) {
  const int64_t b = base.fen();
  const int64_t den = int64_t{kPpmWhole} * r.unit_fen;
  int64_t q;
  if (b <= INT64_MAX / kPpmWhole) {
    const int64_t num = b * ppm;
    q = num / den;
    const int64_t rem = num % den;
    switch (r.mode) {
      case core::Rounding::kDown:
        break;
      case core::Rounding::kUp:
        q += rem != 0;
        break;
      case core::Rounding::kHalfUp:
        q += rem * 2 >= den;
        break;
      case core::Rounding::kHalfEven:
        q += rem * 2 > den || (rem * 2 == den && (q & 1));
        break;
    }
  } else {
    q = core::DivRound(static_cast<__int128>(b) * ppm, den, r.mode);
  }
  return Money::Fen(q * r.unit_fen);
}

Money ClampBase(Money declared, const SchemeRates& s) {
  Money b = core::Max(declared, s.base_floor);
  if (s.base_cap) b = core::Min(b, *s.base_cap);
  return b;
}

}  // namespace

std::string_view SchemeCode(Scheme s) { return kSchemeCodes[static_cast<size_t>(s)]; }

const CitySocialInsurance* SocialInsuranceBook::Find(std::string_view city) const {
  for (const CitySocialInsurance& c : cities) {
    if (c.city == city) return &c;
  }
  return nullptr;
}

core::Result<SocialInsuranceBook> SocialInsuranceBook::Parse(
    const std::function<std::optional<std::string_view>(std::string_view)>& read,
    std::span<const std::string_view> cities) {
  SocialInsuranceBook book;
  for (std::string_view city : cities) {
    CitySocialInsurance c;
    c.city = std::string(city);
    const std::string file = "social_insurance_" + c.city + ".json";
    HF_ASSIGN(c.versions, detail::ReadVersions<SocialInsuranceRules>(read, file, ParseVersion));
    book.cities.push_back(std::move(c));
  }
  return book;
}

std::span<const std::string_view> SocialInsuranceBook::BuiltinCities() { return kBuiltinCities; }

const SocialInsuranceBook& SocialInsuranceBook::Builtin() {
  static const SocialInsuranceBook book = [] {
    auto r = Parse(
        [](std::string_view path) -> std::optional<std::string_view> {
          // One embed per file (see CMakeLists.txt); each lookup answers only its own file.
          for (auto* lookup :
               {&embed::payroll_rule_social_insurance_beijing, &embed::payroll_rule_social_insurance_shanghai,
                &embed::payroll_rule_social_insurance_shenzhen, &embed::payroll_rule_social_insurance_guangzhou,
                &embed::payroll_rule_social_insurance_hangzhou}) {
            if (auto text = lookup(path)) return text;
          }
          return std::nullopt;
        },
        kBuiltinCities);
    if (!r.ok()) {
      std::fprintf(stderr, "hireflow: embedded social-insurance rules are broken: %s\n", r.error().message.c_str());
      std::abort();
    }
    return std::move(r).value();
  }();
  return book;
}

core::Result<CityRates> ResolveCityRates(const SocialInsuranceBook& book, std::string_view city, int year,
                                         unsigned month, const CityRateOverrides& overrides) {
  const CitySocialInsurance* c = book.Find(city);
  if (!c) {
    std::string known;
    for (const auto& k : book.cities) known += (known.empty() ? "" : ", ") + k.city;
    return Invalid("city", "no social-insurance rules for '" + std::string(city) + "' (known: " + known + ")");
  }
  if (month < 1 || month > 12 || year < 1900 || year > 9999) return Invalid("month", "not a valid month");
  const core::Date first(year, month, 1);
  const SocialInsuranceRules* v = c->versions.At(first);
  if (!v) {
    return Invalid("month", "no social-insurance rules for " + c->city + " in force on " + first.ToString() +
                                " (add a version to data/rules/social_insurance_" + c->city + ".json)");
  }
  CityRates r;
  r.city = c->city;
  r.year = year;
  r.month = month;
  r.schemes = v->schemes;
  r.housing_fund = v->housing_fund;
  r.provisional = v->provisional;
  r.rules = v;
  if (overrides.work_injury_employer_ppm) {
    // 人社部发〔2015〕71号: eight industry classes, base rates 0.2%–1.9% with up to ±50% floating; 10%
    // is a sanity bound, not a legal one.
    const int32_t ppm = *overrides.work_injury_employer_ppm;
    if (ppm < 0 || ppm > 10 * kPpmPerPercent) return Invalid("work_injury_rate", "must be between 0% and 10%");
    SchemeRates& wi = r.schemes[static_cast<size_t>(Scheme::kWorkInjury)];
    wi.employer_ppm = wi.employer_ppm_local_hukou = ppm;
  }
  if (overrides.housing_fund_default_ppm) {
    const int32_t ppm = *overrides.housing_fund_default_ppm;
    if (ppm < r.housing_fund.min_ppm || ppm > r.housing_fund.max_ppm) {
      return Invalid("housing_fund_rate", "outside the range allowed in " + c->city);
    }
    r.housing_fund.default_ppm = ppm;
  }
  return r;
}

core::Result<Contributions> ComputeContributions(const ContributionInput& in, const CityRates& rates) {
  const Money hf_declared = in.housing_fund_base.value_or(in.social_insurance_base);
  if (in.social_insurance_base.fen() < 0) return Invalid("social_insurance_base", "must not be negative");
  if (in.social_insurance_base.fen() > core::kMaxAmountFen) return Invalid("social_insurance_base", "amount too large");
  if (hf_declared.fen() < 0) return Invalid("housing_fund_base", "must not be negative");
  if (hf_declared.fen() > core::kMaxAmountFen) return Invalid("housing_fund_base", "amount too large");
  const int32_t hf_ppm = in.housing_fund_ppm.value_or(rates.housing_fund.default_ppm);
  if (hf_ppm < rates.housing_fund.min_ppm || hf_ppm > rates.housing_fund.max_ppm) {
    return Invalid("housing_fund_rate", "outside the range allowed in " + std::string(rates.city));
  }

  Contributions c;
  c.housing_fund_ppm = hf_ppm;
  for (size_t i = 0; i < kSchemeCount; ++i) {
    const SchemeRates& s = rates.schemes[i];
    const bool hf = static_cast<Scheme>(i) == Scheme::kHousingFund;
    if (!s.separate || !(hf ? in.housing_fund : in.social_insurance)) continue;
    SchemeContribution& out = c.by_scheme[i];
    out.base = ClampBase(hf ? hf_declared : in.social_insurance_base, s);
    const int32_t ee_ppm = hf ? hf_ppm : s.employee_ppm;
    const int32_t er_ppm = hf ? hf_ppm : (in.local_hukou ? s.employer_ppm_local_hukou : s.employer_ppm);
    out.employee = ApplyRate(out.base, ee_ppm, s.rounding) + s.employee_fixed;
    out.employer = ApplyRate(out.base, er_ppm, s.rounding) + s.employer_fixed;
    c.employee_total += out.employee;
    c.employer_total += out.employer;
  }
  return c;
}

}  // namespace payroll
