// Salary trends per position and city from imported market data (market_salary_data, payroll's
// table), with a least-squares line through P50 over time, its forecast and its holdout error.
#include <cmath>

#include "analytics/detail.h"
#include "analytics/stats.h"
#include "core/date.h"
#include "core/money.h"

namespace analytics {

using core::Error;
using core::Result;
using nlohmann::json;
using store::Rows;

namespace {
std::string Yuan(double fen) {
  int64_t f = int64_t(std::llround(fen));
  std::string sign = f < 0 ? "-" : "";
  f = std::llabs(f);
  std::string cents = std::to_string(f % 100);
  if (cents.size() < 2) cents = "0" + cents;
  return sign + std::to_string(f / 100) + "." + cents;
}
json OptYuan(const store::Rows::Row& r, const char* col) { return r.IsNull(col) ? json(nullptr) : json(Yuan(r.Double(col))); }
}  // namespace

Result<json> SalaryTrends(Env& env, const std::optional<std::string>& position, const std::optional<std::string>& city,
                          int months_ahead) {
  HF_TRY(RequireAnalyticsReader(env.who));
  if (months_ahead < 1 || months_ahead > 24) return Error::Invalid("months_ahead", "months_ahead is 1 to 24");
  if (!position || position->empty() || !city || city->empty()) {
    HF_ASSIGN(Rows r, env.tx.Query("SELECT position, city, COUNT(*) AS n, MIN(as_of) AS first_as_of, MAX(as_of) AS last_as_of "
                                   "FROM market_salary_data GROUP BY position, city ORDER BY position, city"));
    json items = json::array();
    for (auto row : r)
      items.push_back({{"position", row.Str("position")}, {"city", row.Str("city")}, {"points", row.Int("n")},
                       {"first_as_of", row.Str("first_as_of")}, {"last_as_of", row.Str("last_as_of")}});
    return json{{"pairs", items}};
  }
  if (position->size() > 200) return Error::Invalid("position", "position is at most 200 characters");
  if (city->size() > 100) return Error::Invalid("city", "city is at most 100 characters");
  // One point per as_of date: the latest import of that date.
  HF_ASSIGN(Rows r, env.tx.Query("SELECT m.as_of, m.p25, m.p50, m.p75, m.p90, m.source FROM market_salary_data m WHERE "
                                 "lower(m.position) = lower(?) AND lower(m.city) = lower(?) AND m.id = (SELECT MAX(x.id) FROM "
                                 "market_salary_data x WHERE lower(x.position) = lower(m.position) AND lower(x.city) = lower(m.city) "
                                 "AND x.as_of = m.as_of) ORDER BY m.as_of",
                                 {*position, *city}));
  json series = json::array(), forecast = json::array();
  std::vector<double> t, y;
  std::optional<core::Date> first, last;
  for (auto row : r) {
    series.push_back({{"as_of", row.Str("as_of")}, {"p25", OptYuan(row, "p25")}, {"p50", OptYuan(row, "p50")},
                      {"p75", OptYuan(row, "p75")}, {"p90", OptYuan(row, "p90")}, {"source", row.Str("source")}});
    auto d = core::Date::Parse(row.Str("as_of"));
    if (!d.ok() || row.IsNull("p50")) continue;
    if (!first) first = *d;
    last = *d;
    t.push_back(double(d->DaysSinceEpoch() - first->DaysSinceEpoch()) / 30.4375);
    y.push_back(row.Double("p50"));
  }
  json out = {{"position", *position}, {"city", *city}, {"series", series}, {"months_ahead", months_ahead}};
  auto trend = t.size() >= 3 ? stats::FitTrend(t, y) : std::nullopt;
  if (!trend) {
    out["forecast"] = json::array();
    out["trend"] = nullptr;
    out["error"] = nullptr;
    out["note"] = "a forecast needs at least 3 dated P50 values at different dates";
    return out;
  }
  for (int k = 1; k <= months_ahead; ++k) {
    core::Date d = last->AddMonths(k);
    double tt = double(d.DaysSinceEpoch() - first->DaysSinceEpoch()) / 30.4375;
    forecast.push_back({{"as_of", d.ToString()}, {"p50", Yuan(trend->At(tt))}});
  }
  out["forecast"] = forecast;
  out["trend"] = {{"p50_change_per_month", Yuan(trend->slope)}, {"n", trend->n}};
  int holdout = std::max(1, int(t.size()) / 4);
  auto err = stats::HoldoutError(t, y, holdout);
  if (err)
    out["error"] = {{"holdout_points", err->holdout_n}, {"train_points", err->train_n}, {"mae", Yuan(err->mae)},
                    {"mape_percent", err->mape ? json(std::round(*err->mape * 100) / 100) : json(nullptr)},
                    {"method", "line fitted without the last points, compared with them"}};
  else
    out["error"] = nullptr;
  return out;
}

}  // namespace analytics
