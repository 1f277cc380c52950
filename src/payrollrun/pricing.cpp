// Offer pricing: from the interview evidence (the application's interview total) to a position in the
// salary band through an editable, effective-dated tier table; the candidate's expected salary compared
// with the market percentiles and the band; a suggested range with its reasons in Chinese and English;
// and a suggested pay structure (base vs performance bonus) by grade level and position keyword.
// docs/compensation.md "Offer pricing".
#include <algorithm>
#include <cmath>

#include "core/json_input.h"
#include "payrollrun/detail.h"
#include "recruiting/recruiting.h"

namespace payrollrun {

using core::Error;
using core::Result;
using core::Status;
using nlohmann::json;
using store::Rows;
using namespace detail;

namespace {

// The default of the issue: ≥ 90 top of band, 80–89 upper-middle, 70–79 midpoint, 60–69 lower-middle,
// < 60 band minimum. Position in band: 0 = minimum, 50 = midpoint, 100 = maximum.
json DefaultTiers() {
  return json::array({{{"min_total", 90}, {"position_pct", 100}, {"label", "top"}},
                      {{"min_total", 80}, {"position_pct", 75}, {"label", "upper_middle"}},
                      {{"min_total", 70}, {"position_pct", 50}, {"label", "midpoint"}},
                      {{"min_total", 60}, {"position_pct", 25}, {"label", "lower_middle"}},
                      {{"min_total", 0}, {"position_pct", 0}, {"label", "minimum"}}});
}
// Our choice (the issue is silent): a larger variable share as responsibility grows, and a sales-type
// position mostly on commission-like bonus. The first rule with a matching keyword wins; otherwise the
// keyword-less rule with the highest min_grade_level not above the grade's level.
json DefaultStructure() {
  return json::array({{{"min_grade_level", 0}, {"bonus_share_pct", 10}},
                      {{"min_grade_level", 5}, {"bonus_share_pct", 15}},
                      {{"min_grade_level", 8}, {"bonus_share_pct", 20}},
                      {{"min_grade_level", 0}, {"bonus_share_pct", 30}, {"position_keyword", "sales"}},
                      {{"min_grade_level", 0}, {"bonus_share_pct", 30}, {"position_keyword", "销售"}}});
}

json Number(const json& v) { return v; }

// Validates and normalises the tier table: sorted by min_total descending, one row at 0.
Result<json> ReadTiers(const json* raw) {
  if (!raw || !raw->is_array() || raw->empty() || raw->size() > 20)
    return Error::Invalid("tiers", "tiers must be an array of 1 to 20 rows");
  json out = json::array();
  std::vector<double> seen;
  for (size_t i = 0; i < raw->size(); ++i) {
    std::string path = "tiers[" + std::to_string(i) + "]";
    HF_ASSIGN(core::ObjectReader o, core::ObjectReader::Open((*raw)[i], path));
    HF_TRY(o.Only({"min_total", "position_pct", "label"}));
    HF_ASSIGN(int64_t min_total, core::Require(o.Integer("min_total", 0, 100), o, "min_total"));
    HF_ASSIGN(int64_t pct, core::Require(o.Integer("position_pct", 0, 100), o, "position_pct"));
    HF_ASSIGN(auto label, o.String("label"));
    if (label && label->size() > 50) return Error::Invalid(path + ".label", "label is longer than 50 bytes");
    if (std::find(seen.begin(), seen.end(), double(min_total)) != seen.end())
      return Error::Invalid(path + ".min_total", "two tiers start at " + std::to_string(min_total));
    seen.push_back(double(min_total));
    out.push_back({{"min_total", min_total}, {"position_pct", pct}, {"label", label.value_or("")}});
  }
  std::sort(out.begin(), out.end(), [](const json& a, const json& b) { return a["min_total"] > b["min_total"]; });
  if (out.back()["min_total"] != 0) return Error::Invalid("tiers", "one tier must start at 0 so that every total has a row");
  for (size_t i = 1; i < out.size(); ++i)
    if (out[i]["position_pct"].get<int64_t>() > out[i - 1]["position_pct"].get<int64_t>())
      return Error::Invalid("tiers", "a higher interview total must not give a lower position in the band");
  return out;
}

Result<json> ReadStructure(const json* raw) {
  if (!raw || !raw->is_array() || raw->empty() || raw->size() > 50)
    return Error::Invalid("structure", "structure must be an array of 1 to 50 rules");
  json out = json::array();
  bool fallback = false;
  for (size_t i = 0; i < raw->size(); ++i) {
    std::string path = "structure[" + std::to_string(i) + "]";
    HF_ASSIGN(core::ObjectReader o, core::ObjectReader::Open((*raw)[i], path));
    HF_TRY(o.Only({"min_grade_level", "bonus_share_pct", "position_keyword"}));
    HF_ASSIGN(int64_t level, core::Require(o.Integer("min_grade_level", 0, 1000), o, "min_grade_level"));
    HF_ASSIGN(int64_t pct, core::Require(o.Integer("bonus_share_pct", 0, 100), o, "bonus_share_pct"));
    HF_ASSIGN(auto kw, o.String("position_keyword"));
    json rule = {{"min_grade_level", level}, {"bonus_share_pct", pct}};
    if (kw && !kw->empty()) {
      if (kw->size() > 50) return Error::Invalid(path + ".position_keyword", "keyword is longer than 50 bytes");
      rule["position_keyword"] = *kw;
    } else if (level == 0) {
      fallback = true;
    }
    out.push_back(rule);
  }
  if (!fallback)
    return Error::Invalid("structure", "one rule without a keyword must start at grade level 0 so that every offer has a structure");
  return out;
}

json ConfigJson(const Rows::Row& r) {
  return {{"id", r.Int("id")},
          {"effective_from", r.Str("effective_from")},
          {"tiers", json::parse(r.Str("tiers"))},
          {"structure", json::parse(r.Str("structure"))},
          {"note", r.Str("note")},
          {"created_at", r.Str("created_at")},
          {"builtin", false}};
}

json BuiltinConfig() {
  return {{"id", nullptr}, {"effective_from", nullptr}, {"tiers", DefaultTiers()}, {"structure", DefaultStructure()},
          {"note", "built-in default"}, {"builtin", true}};
}

Result<json> CurrentConfig(store::Tx& tx, const std::string& today) {
  HF_ASSIGN(Rows r, tx.Query("SELECT id, effective_from, tiers, structure, note, created_at FROM offer_pricing_rules "
                             "WHERE effective_from <= ? ORDER BY effective_from DESC LIMIT 1",
                             {today}));
  if (r.empty()) return BuiltinConfig();
  return ConfigJson(r[0]);
}

std::string Lower(std::string s) {
  for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// "15K", "13.5K", "13.25K"; below 1,000 yuan the amount in yuan.
std::string K(int64_t fen) {
  int64_t yuan = fen / 100;
  if (yuan < 1000) return MoneyText(fen);
  char buf[32];
  if (yuan % 1000 == 0) std::snprintf(buf, sizeof buf, "%lldK", (long long)(yuan / 1000));
  else if (yuan % 100 == 0) std::snprintf(buf, sizeof buf, "%lld.%lldK", (long long)(yuan / 1000), (long long)(yuan % 1000 / 100));
  else std::snprintf(buf, sizeof buf, "%.2fK", double(fen) / 100000.0);
  return buf;
}

// Position in band → amount: piecewise linear through min (0), mid (50), max (100).
int64_t AtPosition(int64_t mn, int64_t mid, int64_t mx, int64_t pct) {
  if (pct <= 50) return mn + (mid - mn) * pct / 50;
  return mid + (mx - mid) * (pct - 50) / 50;
}

int64_t RoundTo(int64_t fen, int64_t unit, int dir) {  // dir: -1 down, 0 nearest, 1 up
  if (dir < 0) return fen / unit * unit;
  if (dir > 0) return (fen + unit - 1) / unit * unit;
  return (fen + unit / 2) / unit * unit;
}

struct Reasons {
  json lines = json::array();
  void Add(std::string zh, std::string en) { lines.push_back({{"zh", std::move(zh)}, {"en", std::move(en)}}); }
};

std::string TotalText(double t) {
  char buf[32];
  if (std::fabs(t - std::round(t)) < 1e-9) std::snprintf(buf, sizeof buf, "%.0f", t);
  else std::snprintf(buf, sizeof buf, "%.1f", t);
  return buf;
}

}  // namespace

Status RequireOfferPricingAccess(const auth::Principal& p) {
  if (org::IsHrOrAdmin(p) || p.role == auth::Role::kHiringManager) return {};
  return Error::Forbidden("offer pricing is for HR and hiring managers");
}

Result<json> GetPricingRules(Env& env) {
  HF_TRY(RequireOfferPricingAccess(env.who));
  std::string today = Now(env.clock).substr(0, 10);
  HF_ASSIGN(json current, CurrentConfig(env.tx, today));
  HF_ASSIGN(Rows r, env.tx.Query("SELECT id, effective_from, tiers, structure, note, created_at FROM offer_pricing_rules "
                                 "ORDER BY effective_from DESC"));
  json history = json::array();
  for (auto row : r) history.push_back(ConfigJson(row));
  return json{{"current", current}, {"history", history}, {"default", BuiltinConfig()}};
}

Result<json> CreatePricingRules(Env& env, const json& body) {
  HF_TRY(RequirePayRight(env.who));
  HF_ASSIGN(core::ObjectReader o, core::ObjectReader::Open(body, ""));
  HF_TRY(o.Only({"effective_from", "tiers", "structure", "note"}));
  HF_ASSIGN(core::Date from, core::Require(o.Day("effective_from"), o, "effective_from"));
  HF_ASSIGN(json tiers, ReadTiers(o.Raw("tiers")));
  HF_ASSIGN(json structure, ReadStructure(o.Raw("structure")));
  HF_ASSIGN(auto note, org::OptText(body, "note", 500));
  HF_ASSIGN(Rows dup, env.tx.Query("SELECT 1 FROM offer_pricing_rules WHERE effective_from = ?", {from.ToString()}));
  if (!dup.empty()) {
    Error e = Error::Conflict("a pricing configuration already starts on " + from.ToString(), "duplicate_effective_from");
    e.field = "effective_from";
    return e;
  }
  HF_ASSIGN(Rows r, env.tx.Query("INSERT INTO offer_pricing_rules(effective_from, tiers, structure, note, created_by, created_at) "
                                 "VALUES (?,?,?,?,?,?) RETURNING id, effective_from, tiers, structure, note, created_at",
                                 {from.ToString(), tiers.dump(), structure.dump(), note.value_or(""), env.who.user_id,
                                  Now(env.clock)}));
  json j = ConfigJson(r[0]);
  HF_TRY(Audit(env, "create", "offer_pricing_rules", std::to_string(j["id"].get<int64_t>()), nullptr, j,
               "from " + from.ToString()));
  return j;
}

Result<json> PriceOffer(Env& env, const json& body) {
  HF_TRY(RequireOfferPricingAccess(env.who));
  HF_ASSIGN(core::ObjectReader o, core::ObjectReader::Open(body, ""));
  HF_TRY(o.Only({"application_id", "expected_monthly_salary", "city", "grade_id"}));
  HF_ASSIGN(int64_t app_id, core::Require(o.Integer("application_id", 1, INT64_MAX), o, "application_id"));
  HF_ASSIGN(auto expected_in, o.Amount("expected_monthly_salary"));
  if (expected_in && expected_in->fen() <= 0) return Error::Invalid("expected_monthly_salary", "expected_monthly_salary must be above 0");
  HF_ASSIGN(auto city_in, o.String("city"));
  if (city_in && city_in->size() > 100) return Error::Invalid("city", "city is longer than 100 bytes");
  HF_ASSIGN(auto grade_in, o.Integer("grade_id", 1, INT64_MAX));

  HF_ASSIGN(std::string scope, recruiting::RequisitionManageScope(env.tx, env.who));
  HF_ASSIGN(Rows a, env.tx.Query("SELECT a.id, a.expected_monthly_salary, r.id AS requisition_id, r.title AS req_title, "
                                 "r.location, r.position_id, p.title AS position_title, p.code AS position_code "
                                 "FROM applications a JOIN requisitions r ON r.id = a.requisition_id "
                                 "LEFT JOIN positions p ON p.id = r.position_id WHERE a.id = ? AND " + scope,
                                 {app_id}));
  if (a.empty()) return Error::NotFound("no such application");
  const auto app = a[0];
  std::string today = Now(env.clock).substr(0, 10);
  HF_ASSIGN(json config, CurrentConfig(env.tx, today));
  Reasons why;

  // 1. Evidence.
  HF_ASSIGN(Rows iv, env.tx.Query("SELECT total_score FROM interviews WHERE application_id = ? AND total_score IS NOT NULL",
                                  {app_id}));
  std::optional<double> total;
  if (!iv.empty()) total = iv[0].Double("total_score");
  json tier;
  for (const json& t : config["tiers"]) {
    if (total && *total >= t["min_total"].get<double>()) {
      tier = t;
      break;
    }
  }
  int64_t pct = 50;
  if (total) {
    pct = tier["position_pct"].get<int64_t>();
    why.Add("面试总分 " + TotalText(*total) + "（≥ " + tier["min_total"].dump() + "）→ 薪资带位置 " + std::to_string(pct) + "%",
            "Interview total " + TotalText(*total) + " (≥ " + tier["min_total"].dump() + ") → position " +
                std::to_string(pct) + "% of the band");
  } else {
    why.Add("暂无面试总分：按薪资带中点（50%）", "No interview total yet: the band midpoint (50%)");
  }

  // 2. Band of the plan's position (and grade).
  json band = nullptr;
  int64_t grade_level = 0;
  std::string position_title = app.IsNull("position_title") ? app.Str("req_title") : app.Str("position_title");
  if (!app.IsNull("position_id")) {
    std::string sql =
        "SELECT b.id, b.grade_id, b.effective_from, b.effective_to, b.min_salary, b.mid_salary, b.max_salary, g.code AS "
        "grade_code, g.name AS grade_name, g.level AS grade_level FROM salary_bands b JOIN grades g ON g.id = b.grade_id "
        "WHERE b.position_id = ? AND b.effective_from <= ? AND (b.effective_to IS NULL OR b.effective_to >= ?)";
    store::Params p = {app.Int("position_id"), today, today};
    if (grade_in) {
      sql += " AND b.grade_id = ?";
      p.push_back(*grade_in);
    }
    HF_ASSIGN(Rows bands, env.tx.Query(sql + " ORDER BY b.mid_salary, g.level", p));
    if (!bands.empty()) {
      // Without a grade: the band with the median midpoint among the position's grades.
      const auto b = bands[(bands.size() - 1) / 2];
      grade_level = b.Int("grade_level");
      band = {{"id", b.Int("id")},
              {"grade_id", b.Int("grade_id")},
              {"grade_code", b.Str("grade_code")},
              {"grade_name", b.Str("grade_name")},
              {"grade_level", grade_level},
              {"effective_from", b.Str("effective_from")},
              {"effective_to", b.IsNull("effective_to") ? json(nullptr) : json(b.Str("effective_to"))},
              {"min", MoneyText(b.Int("min_salary"))},
              {"mid", MoneyText(b.Int("mid_salary"))},
              {"max", MoneyText(b.Int("max_salary"))},
              {"min_fen", b.Int("min_salary")},
              {"mid_fen", b.Int("mid_salary")},
              {"max_fen", b.Int("max_salary")}};
      std::string range = K(b.Int("min_salary")) + "–" + K(b.Int("max_salary"));
      std::string choice_zh = grade_in || bands.size() == 1 ? "" : "（未指定职级，取中位的职级）";
      std::string choice_en = grade_in || bands.size() == 1 ? "" : " (no grade given: the median of the position's grades)";
      why.Add("薪资带 " + position_title + " / " + b.Str("grade_code") + "：" + range + "，中点 " + K(b.Int("mid_salary")) + choice_zh,
              "Band " + position_title + " / " + b.Str("grade_code") + ": " + range + ", midpoint " + K(b.Int("mid_salary")) + choice_en);
    }
  }
  if (band.is_null()) {
    if (grade_in) {
      HF_ASSIGN(Rows g, env.tx.Query("SELECT level FROM grades WHERE id = ?", {*grade_in}));
      if (g.empty()) return Error::Invalid("grade_id", "no such grade");
      grade_level = g[0].Int("level");
    }
    why.Add("职位 " + position_title + " 没有当前有效的薪资带", "No salary band in force for " + position_title);
  }

  // 3. Market percentiles, newest as_of for the position in the city.
  std::string city = city_in && !city_in->empty() ? MarketCity(*city_in) : MarketCity(app.Str("location"));
  std::vector<std::string> keys = {PositionKey(position_title), PositionKey(app.Str("req_title"))};
  if (!app.IsNull("position_code")) keys.push_back(PositionKey(app.Str("position_code")));
  json market = nullptr;
  std::optional<int64_t> mp[4];
  if (!city.empty()) {
    HF_ASSIGN(Rows m, env.tx.Query("SELECT id, position, city, p25, p50, p75, p90, as_of, source, imported_at FROM "
                                   "market_salary_data WHERE city = ? AND position_key IN (?, ?, ?) "
                                   "ORDER BY as_of DESC, id DESC LIMIT 1",
                                   {city, keys[0], keys[1], keys.size() > 2 ? keys[2] : keys[0]}));
    if (!m.empty()) {
      market = MarketRowJson(m[0]);
      const char* cols[] = {"p25", "p50", "p75", "p90"};
      std::string zh, en;
      for (int i = 0; i < 4; ++i) {
        if (m[0].IsNull(cols[i])) continue;
        mp[i] = m[0].Int(cols[i]);
        std::string part = std::string(i ? ", " : "") + "P" + std::string(cols[i] + 1) + " " + K(*mp[i]);
        en += part;
        zh += part;
      }
      why.Add("市场数据（" + city + "，" + m[0].Str("as_of") + "）：" + zh,
              "Market (" + city + ", as of " + m[0].Str("as_of") + "): " + en);
    }
  }
  if (market.is_null())
    why.Add("没有 " + position_title + " 在 " + (city.empty() ? "（未指定城市）" : city) + " 的市场数据",
            "No market data for " + position_title + " in " + (city.empty() ? "(no city)" : city));

  // 4. The range the evidence points to.
  std::optional<int64_t> lo_b, mid_b, hi_b;
  if (!band.is_null()) {
    lo_b = band["min_fen"].get<int64_t>();
    mid_b = band["mid_fen"].get<int64_t>();
    hi_b = band["max_fen"].get<int64_t>();
  } else if (mp[1]) {
    // No band: the market's P25–P75 around P50 stands in for it.
    lo_b = mp[0].value_or(*mp[1]);
    mid_b = *mp[1];
    hi_b = mp[2].value_or(mp[3].value_or(*mp[1]));
    why.Add("以市场 P25–P75 代替薪资带", "Market P25–P75 used in place of a band");
  }
  json suggestion = nullptr;
  std::optional<int64_t> expected;
  if (expected_in) expected = expected_in->fen();
  else if (!app.IsNull("expected_monthly_salary")) expected = app.Int("expected_monthly_salary");
  if (lo_b) {
    const int64_t unit = 10000;  // 100 yuan
    int64_t point = AtPosition(*lo_b, *mid_b, *hi_b, pct);
    int64_t lo = std::max(*lo_b, RoundTo(point * 95 / 100, unit, -1));
    int64_t hi = std::min(*hi_b, RoundTo(point * 105 / 100, unit, 1));
    point = std::clamp(RoundTo(point, unit, 0), lo, hi);
    why.Add("按面试表现建议 " + K(point) + "（区间 " + K(lo) + "–" + K(hi) + "）",
            "Evidence points to " + K(point) + " (range " + K(lo) + "–" + K(hi) + ")");
    if (expected) {
      int64_t e = *expected;
      std::string zh = "期望 " + K(e), en = "expected " + K(e);
      // Against the market.
      static const char* kNames[] = {"P25", "P50", "P75", "P90"};
      if (mp[3] && e > *mp[3]) {
        zh += " 高于市场 P90 " + K(*mp[3]);
        en += " is above market P90 " + K(*mp[3]);
      } else if (mp[2] && e > *mp[2]) {
        zh += " 高于市场 P75 " + K(*mp[2]);
        en += " is above market P75 " + K(*mp[2]);
      } else if (mp[0] && e < *mp[0]) {
        zh += " 低于市场 P25 " + K(*mp[0]);
        en += " is below market P25 " + K(*mp[0]);
      } else {
        int below = -1;
        for (int i = 0; i < 4; ++i)
          if (mp[i] && e <= *mp[i]) {
            below = i;
            break;
          }
        if (below >= 0) {
          zh += " 不高于市场 " + std::string(kNames[below]) + " " + K(*mp[below]);
          en += " is at or below market " + std::string(kNames[below]) + " " + K(*mp[below]);
        } else if (market.is_null()) {
          zh += "（无市场数据可比）";
          en += " (no market data to compare)";
        }
      }
      // Against the band.
      if (!band.is_null() && e > *hi_b) {
        zh += "，高于薪资带上限 " + K(*hi_b);
        en += ", above the band maximum " + K(*hi_b);
      } else if (!band.is_null() && e < *lo_b) {
        zh += "，低于薪资带下限 " + K(*lo_b);
        en += ", below the band minimum " + K(*lo_b);
      }
      if (e >= lo && e <= hi) {
        point = RoundTo(e, 100, 0);  // meet the ask inside the evidence range
        zh += "，在建议区间内；建议按期望 " + K(point);
        en += ", within the suggested range; suggest meeting it at " + K(point);
      } else if (e > hi) {
        zh += "；建议 " + K(lo) + "–" + K(hi);
        en += "; suggest " + K(lo) + "–" + K(hi);
      } else {
        zh += "；仍建议 " + K(lo) + "–" + K(hi) + "（同岗同酬，按证据定位）";
        en += "; still suggest " + K(lo) + "–" + K(hi) + " (pay equity: the evidence sets the position)";
      }
      why.Add(zh, en);
    }
    suggestion = {{"min", MoneyText(lo)}, {"max", MoneyText(hi)}, {"point", MoneyText(point)}};
  } else {
    why.Add("既无薪资带也无市场 P50：无法给出建议区间", "Neither a band nor a market P50: no suggested range");
  }

  // 5. Pay structure.
  json rule;
  std::string hay = Lower(position_title + " " + app.Str("req_title") + " " + app.Str("position_code"));
  for (const json& r : config["structure"]) {
    if (!r.contains("position_keyword")) continue;
    if (grade_level >= r["min_grade_level"].get<int64_t>() &&
        hay.find(Lower(r["position_keyword"].get<std::string>())) != std::string::npos) {
      rule = r;
      break;
    }
  }
  if (rule.is_null()) {
    for (const json& r : config["structure"]) {
      if (r.contains("position_keyword") || grade_level < r["min_grade_level"].get<int64_t>()) continue;
      if (rule.is_null() || r["min_grade_level"].get<int64_t>() > rule["min_grade_level"].get<int64_t>()) rule = r;
    }
  }
  int64_t bonus = rule["bonus_share_pct"].get<int64_t>();
  json structure = {{"base_share", 100 - bonus}, {"bonus_share", bonus}, {"rule", rule}};
  if (!suggestion.is_null()) {
    int64_t point = core::Money::Parse(suggestion["point"].get<std::string>())->fen();
    int64_t base = RoundTo(point * (100 - bonus) / 100, 100, 0);
    structure["base_monthly"] = MoneyText(base);
    structure["bonus_monthly_target"] = MoneyText(point - base);
  }
  if (rule.contains("position_keyword")) {
    std::string kw = rule["position_keyword"].get<std::string>();
    why.Add("职位包含“" + kw + "”：基本工资 " + std::to_string(100 - bonus) + "%，绩效奖金 " + std::to_string(bonus) + "%（可调整）",
            "Position matches '" + kw + "': " + std::to_string(100 - bonus) + "% base, " + std::to_string(bonus) +
                "% performance bonus (editable)");
  } else {
    std::string lv = std::to_string(grade_level), from = rule["min_grade_level"].dump();
    why.Add("职级等级 " + lv + "（≥ " + from + "）：基本工资 " + std::to_string(100 - bonus) + "%，绩效奖金 " +
                std::to_string(bonus) + "%（可调整）",
            "Grade level " + lv + " (≥ " + from + "): " + std::to_string(100 - bonus) + "% base, " + std::to_string(bonus) +
                "% performance bonus (editable)");
  }
  if (!band.is_null()) {
    band.erase("min_fen");
    band.erase("mid_fen");
    band.erase("max_fen");
  }
  return json{{"application_id", app_id},
              {"position", position_title},
              {"city", city},
              {"band", band},
              {"market", market},
              {"interview_total", total ? json(*total) : json(nullptr)},
              {"expected_monthly_salary", expected ? json(MoneyText(*expected)) : json(nullptr)},
              {"position_in_band", {{"pct", pct}, {"tier", tier}, {"from_evidence", total.has_value()}}},
              {"suggestion", suggestion},
              {"structure", structure},
              {"reasons", why.lines},
              {"config", {{"id", config["id"]}, {"effective_from", config["effective_from"]}, {"builtin", config["builtin"]}}}};
}

}  // namespace payrollrun
