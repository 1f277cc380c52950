// City rule tables: the built-in social-insurance and housing-fund rules per city (embedded JSON,
// payroll/social_insurance.h) and the effective-dated overrides HR saves in the database (floor, cap and
// rates per scheme). Runs resolve the built-in rates of the month and then apply the overrides in force
// on its first day (ApplyCityRuleOverrides), so the engine itself stays pure. docs/compensation.md.
#include <algorithm>

#include "core/json_input.h"
#include "payroll/payslip.h"
#include "payroll/social_insurance.h"
#include "payroll/work_calendar.h"
#include "payrollrun/detail.h"

namespace payrollrun {

using core::Error;
using core::Money;
using core::Result;
using core::Status;
using nlohmann::json;
using store::Rows;
using namespace detail;

namespace {

constexpr const char* kCols =
    "id, city, scheme, effective_from, effective_to, employee_ppm, employer_ppm, base_floor, base_cap, note, version, "
    "created_at, updated_at";

std::optional<payroll::Scheme> SchemeOf(std::string_view code) {
  for (payroll::Scheme s : payroll::kSchemes)
    if (payroll::SchemeCode(s) == code) return s;
  return std::nullopt;
}

json PctOf(int32_t ppm) {
  // percent with up to four decimals: 160000 ppm = 16, 1600 = 0.16
  if (ppm % 10000 == 0) return ppm / 10000;
  return double(ppm) / 10000.0;
}

json OptPct(const Rows::Row& r, const char* col) { return r.IsNull(col) ? json(nullptr) : PctOf(int32_t(r.Int(col))); }

json RowJson(const Rows::Row& r) {
  return {{"id", r.Int("id")},
          {"city", r.Str("city")},
          {"scheme", r.Str("scheme")},
          {"effective_from", r.Str("effective_from")},
          {"effective_to", r.IsNull("effective_to") ? json(nullptr) : json(r.Str("effective_to"))},
          {"employee_rate", OptPct(r, "employee_ppm")},
          {"employer_rate", OptPct(r, "employer_ppm")},
          {"base_floor", OptMoney(r.OptInt("base_floor"))},
          {"base_cap", OptMoney(r.OptInt("base_cap"))},
          {"note", r.Str("note")},
          {"version", r.Int("version")},
          {"created_at", r.Str("created_at")},
          {"updated_at", r.Str("updated_at")}};
}

json SchemeJson(const payroll::SchemeRates& s) {
  return {{"separate", s.separate},
          {"employee_rate", PctOf(s.employee_ppm)},
          {"employer_rate", PctOf(s.employer_ppm)},
          {"employer_rate_local_hukou", PctOf(s.employer_ppm_local_hukou)},
          {"employee_fixed", s.employee_fixed.ToString()},
          {"employer_fixed", s.employer_fixed.ToString()},
          {"base_floor", s.base_floor.ToString()},
          {"base_cap", s.base_cap ? json(s.base_cap->ToString()) : json(nullptr)},
          {"rounding_unit_fen", s.rounding.unit_fen}};
}

json VersionJson(const payroll::SocialInsuranceRules& v) {
  json schemes = json::object();
  for (payroll::Scheme s : payroll::kSchemes)
    schemes[std::string(payroll::SchemeCode(s))] = SchemeJson(v.schemes[size_t(s)]);
  return {{"effective_from", v.effective.from.ToString()},
          {"effective_to", v.effective.to ? json(v.effective.to->ToString()) : json(nullptr)},
          {"provisional", v.provisional},
          {"note", v.note},
          {"sources", v.effective.sources},
          {"housing_fund_range",
           {{"min_rate", PctOf(v.housing_fund.min_ppm)},
            {"max_rate", PctOf(v.housing_fund.max_ppm)},
            {"default_rate", PctOf(v.housing_fund.default_ppm)}}},
          {"schemes", schemes}};
}

struct Override {
  std::string city, scheme;
  core::Date from;
  std::optional<core::Date> to;
  std::optional<int64_t> employee_ppm, employer_ppm, floor, cap;
  std::string note;
};

Override FromRow(const Rows::Row& r) {
  Override o;
  o.city = r.Str("city");
  o.scheme = r.Str("scheme");
  o.from = *core::Date::Parse(r.Str("effective_from"));
  if (!r.IsNull("effective_to")) o.to = *core::Date::Parse(r.Str("effective_to"));
  o.employee_ppm = r.OptInt("employee_ppm");
  o.employer_ppm = r.OptInt("employer_ppm");
  o.floor = r.OptInt("base_floor");
  o.cap = r.OptInt("base_cap");
  o.note = r.Str("note");
  return o;
}

// Overlays the override's fields on one scheme (and the housing-fund default rate).
void Overlay(const Override& o, payroll::Scheme s, payroll::SchemeRates& r, payroll::HousingFundRange& hf) {
  if (o.employee_ppm) r.employee_ppm = int32_t(*o.employee_ppm);
  if (o.employer_ppm) {
    // A single employer rate replaces the local-hukou one too (the override is the city's new rate).
    r.employer_ppm = int32_t(*o.employer_ppm);
    r.employer_ppm_local_hukou = int32_t(*o.employer_ppm);
  }
  if (o.floor) r.base_floor = Money::Fen(*o.floor);
  if (o.cap) r.base_cap = Money::Fen(*o.cap);
  if (s == payroll::Scheme::kHousingFund) {
    if (o.employee_ppm) hf.default_ppm = int32_t(*o.employee_ppm);
    else if (o.employer_ppm) hf.default_ppm = int32_t(*o.employer_ppm);
    r.employee_ppm = r.employer_ppm = r.employer_ppm_local_hukou = hf.default_ppm;
  }
}

// The built-in version of `city` in force on `d` (or the nearest one when `d` is outside the data).
const payroll::SocialInsuranceRules* VersionOn(const std::string& city, core::Date d) {
  const payroll::CitySocialInsurance* c = payroll::SocialInsuranceBook::Builtin().Find(city);
  if (!c || c->versions.items.empty()) return nullptr;
  const payroll::SocialInsuranceRules* v = c->versions.At(d);
  if (!v) v = d < c->versions.items.front().effective.from ? &c->versions.items.front() : &c->versions.Latest();
  return v;
}

Status Validate(const Override& o) {
  auto scheme = SchemeOf(o.scheme);
  if (!scheme) return Error::Invalid("scheme", "scheme is one of pension, medical, unemployment, work_injury, maternity, housing_fund");
  if (o.to && *o.to < o.from) return Error::Invalid("effective_to", "effective_to must not be before effective_from");
  if (!o.employee_ppm && !o.employer_ppm && !o.floor && !o.cap)
    return Error::Invalid("employee_rate", "an override needs at least one of employee_rate, employer_rate, base_floor, base_cap");
  for (auto [f, v] : {std::pair{"employee_rate", o.employee_ppm}, std::pair{"employer_rate", o.employer_ppm}})
    if (v && (*v < 0 || *v > payroll::kPpmWhole)) return Error::Invalid(f, std::string(f) + " must be between 0 and 100 (percent)");
  const payroll::SocialInsuranceRules* v = VersionOn(o.city, o.from);
  if (!v) return Error::Invalid("city", "no rules for " + o.city);
  payroll::SchemeRates r = v->schemes[size_t(*scheme)];
  if (!r.separate && *scheme != payroll::Scheme::kHousingFund)
    return Error::Invalid("scheme", "there is no separate " + o.scheme + " scheme in " + o.city);
  payroll::HousingFundRange hf = v->housing_fund;
  if (*scheme == payroll::Scheme::kHousingFund) {
    if (o.employee_ppm && o.employer_ppm && *o.employee_ppm != *o.employer_ppm)
      return Error::Invalid("employer_rate", "the housing fund has one rate for employer and employee");
    for (auto [f, x] : {std::pair{"employee_rate", o.employee_ppm}, std::pair{"employer_rate", o.employer_ppm}})
      if (x && (*x < hf.min_ppm || *x > hf.max_ppm))
        return Error::Invalid(f, std::string(f) + " must be within the city's housing-fund range " +
                                     PctOf(hf.min_ppm).dump() + "%–" + PctOf(hf.max_ppm).dump() + "%");
  }
  Overlay(o, *scheme, r, hf);
  if (r.base_cap && *r.base_cap < r.base_floor)
    return Error::Invalid(o.cap ? "base_cap" : "base_floor", "the base cap must not be below the floor (" +
                                                                  r.base_floor.ToString() + " > " + r.base_cap->ToString() + ")");
  return {};
}

Status ReadBody(const json& body, Override& o, bool creating) {
  HF_ASSIGN(core::ObjectReader r, core::ObjectReader::Open(body, ""));
  HF_TRY(r.Only({"city", "scheme", "effective_from", "effective_to", "employee_rate", "employer_rate", "base_floor",
                 "base_cap", "note", "version", "id", "created_at", "updated_at"}));
  HF_ASSIGN(auto city, r.String("city"));
  if (city) {
    HF_ASSIGN(o.city, KnownCity(*city, "city"));
  } else if (creating) {
    return r.Missing("city");
  }
  HF_ASSIGN(auto scheme, r.String("scheme"));
  if (scheme) o.scheme = *scheme;
  else if (creating) return r.Missing("scheme");
  HF_ASSIGN(auto from, r.Day("effective_from"));
  if (from) o.from = *from;
  else if (creating) return r.Missing("effective_from");
  HF_ASSIGN(auto to, r.Day("effective_to"));
  if (to) o.to = *to;
  else if (body.contains("effective_to")) o.to = std::nullopt;
  // Percent with up to two decimals (hundredths of a percent) → ppm.
  for (auto [key, out] : {std::pair{"employee_rate", &o.employee_ppm}, std::pair{"employer_rate", &o.employer_ppm}}) {
    HF_ASSIGN(auto x100, r.Hundredths(key, 100 * 100));
    if (x100) *out = *x100 * 100;
    else if (body.contains(key)) *out = std::nullopt;
  }
  for (auto [key, out] : {std::pair{"base_floor", &o.floor}, std::pair{"base_cap", &o.cap}}) {
    HF_ASSIGN(auto m, r.Amount(key));
    if (m) *out = m->fen();
    else if (body.contains(key)) *out = std::nullopt;
  }
  HF_ASSIGN(auto note, org::OptText(body, "note", 500));
  if (note) o.note = *note;
  return Validate(o);
}

store::Params Params(const Override& o) {
  return {o.city,
          o.scheme,
          o.from.ToString(),
          o.to ? store::Param(o.to->ToString()) : store::Param(std::nullopt),
          o.employee_ppm,
          o.employer_ppm,
          o.floor,
          o.cap,
          o.note};
}

Result<json> Load(store::Tx& tx, int64_t id) {
  HF_ASSIGN(Rows r, tx.Query(std::string("SELECT ") + kCols + " FROM payroll_city_rule_overrides WHERE id = ?", {id}));
  if (r.empty()) return Error::NotFound("no such city rule override");
  return RowJson(r[0]);
}

Error Duplicate(const Override& o) {
  Error e = Error::Conflict("an override of " + o.city + " " + o.scheme + " already starts on " + o.from.ToString(),
                            "duplicate_effective_from");
  e.field = "effective_from";
  return e;
}

std::string Subject(const Override& o) { return o.city + " " + o.scheme + " from " + o.from.ToString(); }

}  // namespace

namespace detail {

Status ApplyCityRuleOverrides(store::Tx& tx, payroll::CityRates& rates) {
  std::string day = core::Date(rates.year, rates.month, 1).ToString();
  HF_ASSIGN(Rows r, tx.Query(std::string("SELECT ") + kCols +
                                 " FROM payroll_city_rule_overrides WHERE city = ? AND effective_from <= ? "
                                 "ORDER BY scheme, effective_from DESC",
                                 {std::string(rates.city), day}));
  std::string done;
  for (auto row : r) {
    std::string scheme = row.Str("scheme");
    if (scheme == done) continue;  // an older override of a scheme that has a newer one
    done = scheme;
    Override o = FromRow(row);
    if (o.to && o.to->ToString() < day) continue;  // ended: the built-in rule is back
    auto s = SchemeOf(scheme);
    if (!s) continue;
    Overlay(o, *s, rates.schemes[size_t(*s)], rates.housing_fund);
  }
  return {};
}

}  // namespace detail

Result<json> ListCityRules(Env& env, const std::optional<std::string>& city) {
  HF_TRY(RequirePayRight(env.who));
  std::vector<std::string> cities;
  if (city && !city->empty()) {
    HF_ASSIGN(std::string c, KnownCity(*city, "city"));
    cities.push_back(c);
  } else {
    for (std::string_view c : payroll::SocialInsuranceBook::BuiltinCities()) cities.emplace_back(c);
  }
  json out = json::array();
  for (const std::string& c : cities) {
    const payroll::CitySocialInsurance* cs = payroll::SocialInsuranceBook::Builtin().Find(c);
    json versions = json::array();
    if (cs)
      for (const auto& v : cs->versions.items) versions.push_back(VersionJson(v));
    HF_ASSIGN(Rows r, env.tx.Query(std::string("SELECT ") + kCols +
                                       " FROM payroll_city_rule_overrides WHERE city = ? ORDER BY scheme, effective_from DESC",
                                   {c}));
    json overrides = json::array();
    for (auto row : r) overrides.push_back(RowJson(row));
    // The rates in force today with the overrides applied, as runs of this month would use them.
    std::string today = Now(env.clock).substr(0, 10);
    auto d = core::Date::Parse(today);
    json effective = nullptr;
    auto rates = payroll::ResolveCityRates(payroll::SocialInsuranceBook::Builtin(), c, d->year(), d->month());
    if (rates.ok()) {
      HF_TRY(ApplyCityRuleOverrides(env.tx, *rates));
      json schemes = json::object();
      for (payroll::Scheme s : payroll::kSchemes) schemes[std::string(payroll::SchemeCode(s))] = SchemeJson((*rates)[s]);
      effective = {{"month", today.substr(0, 7)},
                   {"schemes", schemes},
                   {"housing_fund_range",
                    {{"min_rate", PctOf(rates->housing_fund.min_ppm)},
                     {"max_rate", PctOf(rates->housing_fund.max_ppm)},
                     {"default_rate", PctOf(rates->housing_fund.default_ppm)}}}};
    }
    out.push_back({{"city", c}, {"versions", versions}, {"overrides", overrides}, {"in_force", effective}});
  }
  return json{{"cities", out}};
}

Result<json> PreviewPayslipWithOverrides(Env& env, const json& body) {
  HF_ASSIGN(json j, PreviewPayslip(env.clock, body));  // validates the body; the built-in rules' answer
  const std::string city = j["city"].get<std::string>();
  HF_ASSIGN(Period period, ParsePeriod(j["month"].get<std::string>(), "month"));
  HF_ASSIGN(Rows any, env.tx.Query("SELECT 1 FROM payroll_city_rule_overrides WHERE city = ? AND effective_from <= ? "
                                   "AND (effective_to IS NULL OR effective_to >= ?) LIMIT 1",
                                   {city, period.First().ToString(), period.First().ToString()}));
  if (any.empty()) {
    j["city_rule_overrides"] = false;
    return j;
  }
  // The same new hire computed again with the overrides applied to the month's rates.
  HF_ASSIGN(core::ObjectReader o, core::ObjectReader::Open(body, ""));
  payroll::PayslipInput in;
  HF_ASSIGN(in.monthly_salary, core::Require(o.Amount("monthly_salary"), o, "monthly_salary"));
  in.hire_date = period.First();
  HF_ASSIGN(auto rate, o.Hundredths("housing_fund_rate", 100 * 100));
  if (rate) in.housing_fund_ppm = int32_t(*rate * 100);
  HF_ASSIGN(auto sad, o.Amount("special_additional_deduction"));
  if (sad) in.special_additional_deduction = *sad;
  in.ytd = payroll::CumulativeState::NewYear(period.year);
  HF_ASSIGN(payroll::CityRates rates,
            payroll::ResolveCityRates(payroll::SocialInsuranceBook::Builtin(), city, period.year, period.month));
  HF_TRY(ApplyCityRuleOverrides(env.tx, rates));
  HF_ASSIGN(payroll::MonthRules month, payroll::ResolveMonthRules(payroll::RuleBook::Builtin(),
                                                                  &payroll::WorkCalendar::Builtin(), period.year,
                                                                  period.month));
  HF_ASSIGN(payroll::Payslip p, payroll::ComputePayslip(in, rates, month));
  json lines = json::array();
  static constexpr const char* kKinds[] = {"earning", "employee_deduction", "employer_contribution"};
  for (const payroll::PayslipLine& l : p.lines()) {
    const payroll::LineLabel& label = payroll::Describe(l.code);
    lines.push_back({{"code", std::string(label.code)}, {"zh", std::string(label.zh)}, {"en", std::string(label.en)},
                     {"kind", kKinds[static_cast<size_t>(label.kind)]}, {"amount", l.amount.ToString()}});
  }
  json schemes = json::object();
  for (payroll::Scheme s : payroll::kSchemes) {
    if (!rates[s].separate) continue;
    const auto& c = p.contributions[s];
    schemes[std::string(payroll::SchemeCode(s))] = {
        {"base", c.base.ToString()}, {"employee", c.employee.ToString()}, {"employer", c.employer.ToString()}};
  }
  j["contributions"] = {{"schemes", schemes},
                        {"housing_fund_rate", p.contributions.housing_fund_ppm / 1'000'000.0},
                        {"employee_total", p.contributions.employee_total.ToString()},
                        {"employer_total", p.contributions.employer_total.ToString()}};
  j["gross_pay"] = p.gross_pay.ToString();
  j["base_salary"] = p.base_salary.ToString();
  j["wage_income"] = p.wage_income.ToString();
  j["cum_taxable_income"] = p.withholding.cum_taxable_income.ToString();
  j["rate"] = p.withholding.rate_bp / 10'000.0;
  j["quick_deduction"] = p.withholding.quick_deduction.ToString();
  j["cum_tax"] = p.withholding.cum_tax.ToString();
  j["income_tax"] = p.income_tax.ToString();
  j["net_pay"] = p.net_pay.ToString();
  j["employer_cost"] = p.employer_cost.ToString();
  j["lines"] = std::move(lines);
  j["ytd"] = YtdJson(p.ytd);
  j["city_rule_overrides"] = true;
  return j;
}

Result<json> CreateCityRuleOverride(Env& env, const json& body) {
  HF_TRY(RequirePayRight(env.who));
  Override o;
  HF_TRY(ReadBody(body, o, true));
  HF_ASSIGN(Rows dup, env.tx.Query("SELECT 1 FROM payroll_city_rule_overrides WHERE city = ? AND scheme = ? AND effective_from = ?",
                                   {o.city, o.scheme, o.from.ToString()}));
  if (!dup.empty()) return Duplicate(o);
  store::Params p = Params(o);
  std::string now = Now(env.clock);
  p.insert(p.end(), {env.who.user_id, now, now});
  HF_ASSIGN(Rows r, env.tx.Query("INSERT INTO payroll_city_rule_overrides(city, scheme, effective_from, effective_to, "
                                 "employee_ppm, employer_ppm, base_floor, base_cap, note, created_by, created_at, updated_at) "
                                 "VALUES (?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
                                 p));
  int64_t id = r[0].Int("id");
  HF_ASSIGN(json j, Load(env.tx, id));
  HF_TRY(Audit(env, "create", "city_rule_override", std::to_string(id), nullptr, j, Subject(o)));
  return j;
}

Result<json> UpdateCityRuleOverride(Env& env, int64_t id, const json& body) {
  HF_TRY(RequirePayRight(env.who));
  HF_ASSIGN(Rows cur, env.tx.Query(std::string("SELECT ") + kCols + " FROM payroll_city_rule_overrides WHERE id = ?", {id}));
  if (cur.empty()) return Error::NotFound("no such city rule override");
  HF_ASSIGN(int64_t version, RequireVersion(body));
  json before = RowJson(cur[0]);
  Override o = FromRow(cur[0]);
  HF_TRY(ReadBody(body, o, false));
  HF_ASSIGN(Rows dup, env.tx.Query("SELECT 1 FROM payroll_city_rule_overrides WHERE city = ? AND scheme = ? AND "
                                   "effective_from = ? AND id <> ?",
                                   {o.city, o.scheme, o.from.ToString(), id}));
  if (!dup.empty()) return Duplicate(o);
  store::Params p = Params(o);
  p.insert(p.end(), {Now(env.clock), id, version});
  HF_ASSIGN(int64_t n, env.tx.Exec("UPDATE payroll_city_rule_overrides SET city = ?, scheme = ?, effective_from = ?, "
                                   "effective_to = ?, employee_ppm = ?, employer_ppm = ?, base_floor = ?, base_cap = ?, "
                                   "note = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
                                   p));
  if (n == 0) return VersionConflict("city rule override");
  HF_ASSIGN(json after, Load(env.tx, id));
  HF_TRY(Audit(env, "update", "city_rule_override", std::to_string(id), before, after, Subject(o)));
  return after;
}

Status DeleteCityRuleOverride(Env& env, int64_t id) {
  HF_TRY(RequirePayRight(env.who));
  HF_ASSIGN(Rows cur, env.tx.Query(std::string("SELECT ") + kCols + " FROM payroll_city_rule_overrides WHERE id = ?", {id}));
  if (cur.empty()) return Error::NotFound("no such city rule override");
  json before = RowJson(cur[0]);
  HF_TRY(env.tx.Exec("DELETE FROM payroll_city_rule_overrides WHERE id = ?", {id}));
  return Audit(env, "delete", "city_rule_override", std::to_string(id), before, nullptr, Subject(FromRow(cur[0])));
}

}  // namespace payrollrun
