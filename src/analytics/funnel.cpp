// The recruitment funnel: each application's status history folded into a contribution (reached
// stages, elimination, time in each stage, time to hire, offer outcome), summed per plan, source and
// month in analytics_funnel_cube. New events replace an application's contribution by its
// difference, so the cube stays exact without rescanning a million applications.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "analytics/detail.h"
#include "core/date.h"
#include "jobs/jobs.h"
#include "recruiting/recruiting.h"

namespace analytics {

using core::Error;
using core::Result;
using core::Status;
using nlohmann::json;
using store::Rows;

namespace detail {

int StageIndex(std::string_view s) {
  for (int i = 0; i < kStageCount; ++i)
    if (s == kStages[size_t(i)]) return i;
  return -1;
}

double Seconds(std::string_view instant) {
  auto t = core::ParseInstant(instant);
  if (!t.ok()) return 0;
  return double(t->time_since_epoch().count()) / 1000.0;
}

const std::vector<std::string>& MetricColumns() {
  static const std::vector<std::string> cols = [] {
    std::vector<std::string> c = {"applications"};
    for (const char* prefix : {"r_", "e_", "s_", "n_"})
      for (const char* s : kStages) c.push_back(std::string(prefix) + s);
    for (const char* x : {"withdrawn", "hire_secs", "hires_timed", "offers_decided", "offers_accepted"}) c.push_back(x);
    return c;
  }();
  return cols;
}

namespace {
constexpr int kR = 1, kE = kR + kStageCount, kS = kE + kStageCount, kN = kS + kStageCount, kWithdrawn = kN + kStageCount,
              kHireSecs = kWithdrawn + 1, kHiresTimed = kHireSecs + 1, kOffersDecided = kHiresTimed + 1,
              kOffersAccepted = kOffersDecided + 1, kMetricCount = kOffersAccepted + 1;
}  // namespace

Contribution Contribute(const std::vector<StatusEvent>& events) {
  Contribution c;
  c.m.assign(kMetricCount, 0.0);
  c.m[0] = 1;
  c.reached = 1;  // every application is applied
  int cur = events.empty() ? 0 : -1;
  bool held = false;
  double entered = 0, applied_at = events.empty() ? 0 : events.front().at;
  std::optional<double> hired_at;
  for (const auto& ev : events) {
    int idx = StageIndex(ev.to);
    bool resume = held && idx == cur && cur >= 0;
    if (cur >= 0) {
      if (!held) c.m[size_t(kS + cur)] += std::max(0.0, ev.at - entered);
      if (ev.to != "on_hold" && !resume) c.m[size_t(kN + cur)] += 1;
    }
    if (idx >= 0) {
      if (!resume) {
        cur = idx;
        for (int k = 0; k <= idx; ++k) c.reached |= 1 << k;
        if (idx == kStageCount - 1) hired_at = ev.at;
      }
      entered = ev.at;
      held = false;
      c.eliminated_stage = -1;
    } else if (ev.to == "on_hold") {
      held = true;
    } else if (ev.to == "rejected") {
      c.eliminated_stage = cur < 0 ? 0 : cur;
      cur = -1;
      held = false;
    } else if (ev.to == "withdrawn") {
      cur = -1;
      held = false;
    }
  }
  std::string final_status = events.empty() ? "applied" : events.back().to;
  for (int k = 0; k < kStageCount; ++k)
    if (c.reached & (1 << k)) c.m[size_t(kR + k)] = 1;
  if (c.eliminated_stage >= 0) c.m[size_t(kE + c.eliminated_stage)] = 1;
  if (final_status == "withdrawn") c.m[kWithdrawn] = 1;
  if (final_status == "hired" && hired_at) {
    c.m[kHireSecs] = std::max(0.0, *hired_at - applied_at);
    c.m[kHiresTimed] = 1;
  }
  bool offered = c.reached & (1 << 5);
  if (offered && (final_status == "hired" || final_status == "rejected" || final_status == "withdrawn")) {
    c.m[kOffersDecided] = 1;
    if (final_status == "hired") c.m[kOffersAccepted] = 1;
  }
  return c;
}

Result<std::string> GetState(store::Tx& tx, const std::string& name) {
  HF_ASSIGN(Rows r, tx.Query("SELECT value FROM analytics_state WHERE name = ?", {name}));
  return r.empty() ? std::string() : r[0].Str("value");
}

Status SetState(store::Tx& tx, const std::string& name, const std::string& value) {
  HF_TRY(tx.Exec("INSERT INTO analytics_state(name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
                 {name, value}));
  return Status::Ok();
}

std::string SqlQuote(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

namespace {

std::string Encode(const std::vector<double>& m) {
  std::string s;
  for (size_t i = 0; i < m.size(); ++i) {
    if (i) s += ',';
    double v = m[i];
    if (v == std::floor(v) && std::fabs(v) < 1e15) s += std::to_string(int64_t(v));
    else {
      std::ostringstream o;
      o.precision(17);
      o << v;
      s += o.str();
    }
  }
  return s;
}

std::vector<double> Decode(std::string_view s) {
  std::vector<double> m;
  std::string cur;
  for (char c : s) {
    if (c == ',') {
      m.push_back(std::strtod(cur.c_str(), nullptr));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) m.push_back(std::strtod(cur.c_str(), nullptr));
  m.resize(size_t(kMetricCount), 0.0);
  return m;
}

using CubeKey = std::tuple<int64_t, std::string, std::string>;
using CubeDelta = std::map<CubeKey, std::vector<double>>;

void AddTo(CubeDelta& d, const CubeKey& k, const std::vector<double>& m, double sign) {
  auto& v = d[k];
  if (v.empty()) v.assign(size_t(kMetricCount), 0.0);
  for (size_t i = 0; i < m.size(); ++i) v[i] += sign * m[i];
}

Status WriteCube(store::Tx& tx, const CubeDelta& d) {
  const auto& cols = MetricColumns();
  std::string col_list, set_list;
  for (const auto& c : cols) {
    col_list += ", " + c;
    if (!set_list.empty()) set_list += ", ";
    set_list += c + " = analytics_funnel_cube." + c + " + excluded." + c;
  }
  const size_t kBatch = 100;
  std::vector<const std::pair<const CubeKey, std::vector<double>>*> items;
  for (const auto& kv : d) items.push_back(&kv);
  for (size_t at = 0; at < items.size(); at += kBatch) {
    std::string sql = "INSERT INTO analytics_funnel_cube(requisition_id, source, period" + col_list + ") VALUES ";
    store::Params p;
    for (size_t i = at; i < std::min(items.size(), at + kBatch); ++i) {
      if (i > at) sql += ", ";
      sql += "(?, ?, ?";
      for (size_t c = 0; c < cols.size(); ++c) sql += ", ?";
      sql += ")";
      const auto& [key, m] = *items[i];
      p.push_back(std::get<0>(key));
      p.push_back(std::get<1>(key));
      p.push_back(std::get<2>(key));
      for (size_t c = 0; c < cols.size(); ++c) {
        if (cols[c].rfind("s_", 0) == 0 || cols[c] == "hire_secs") p.push_back(m[c]);
        else p.push_back(int64_t(std::llround(m[c])));
      }
    }
    sql += " ON CONFLICT(requisition_id, source, period) DO UPDATE SET " + set_list;
    HF_TRY(tx.Exec(sql, p));
  }
  return Status::Ok();
}

struct AppRow {
  int64_t id = 0, requisition_id = 0;
  std::string source, period, status, applied_at;
  std::vector<StatusEvent> events;
};

Status WriteFacts(store::Tx& tx, const std::vector<std::pair<const AppRow*, Contribution>>& facts) {
  const size_t kBatch = 200;
  for (size_t at = 0; at < facts.size(); at += kBatch) {
    std::string sql = "INSERT INTO analytics_app_facts(application_id, requisition_id, source, period, status, applied_at, "
                      "reached, eliminated_stage, contrib) VALUES ";
    store::Params p;
    for (size_t i = at; i < std::min(facts.size(), at + kBatch); ++i) {
      if (i > at) sql += ", ";
      sql += "(?, ?, ?, ?, ?, ?, ?, ?, ?)";
      const auto& [a, c] = facts[i];
      p.insert(p.end(), {a->id, a->requisition_id, a->source, a->period, a->status, a->applied_at, c.reached,
                         c.eliminated_stage, Encode(c.m)});
    }
    sql += " ON CONFLICT(application_id) DO UPDATE SET requisition_id = excluded.requisition_id, source = excluded.source, "
           "period = excluded.period, status = excluded.status, applied_at = excluded.applied_at, reached = excluded.reached, "
           "eliminated_stage = excluded.eliminated_stage, contrib = excluded.contrib";
    HF_TRY(tx.Exec(sql, p));
  }
  return Status::Ok();
}

// Loads applications (by id list or id range) with their status histories.
Result<std::vector<AppRow>> LoadApps(store::Tx& tx, const std::string& app_where, const std::string& ev_where,
                                     const store::Params& params) {
  std::vector<AppRow> apps;
  std::map<int64_t, size_t> at;
  HF_ASSIGN(Rows r, tx.Query("SELECT id, requisition_id, source, created_at, status FROM applications WHERE " + app_where +
                                 " ORDER BY id",
                             params));
  for (auto row : r) {
    AppRow a;
    a.id = row.Int("id");
    a.requisition_id = row.Int("requisition_id");
    a.source = row.Str("source");
    a.applied_at = row.Str("created_at");
    a.period = a.applied_at.substr(0, 7);
    a.status = row.Str("status");
    at[a.id] = apps.size();
    apps.push_back(std::move(a));
  }
  if (apps.empty()) return apps;
  HF_ASSIGN(Rows ev, tx.Query("SELECT application_id, at, to_status FROM application_events WHERE " + ev_where +
                                  " AND to_status IS NOT NULL ORDER BY application_id, id",
                              params));
  for (auto row : ev) {
    auto it = at.find(row.Int("application_id"));
    if (it == at.end()) continue;
    apps[it->second].events.push_back({Seconds(row.View("at")), row.Str("to_status")});
  }
  return apps;
}

std::string IdList(const std::vector<int64_t>& ids) {
  std::string s;
  for (int64_t id : ids) s += (s.empty() ? "" : ",") + std::to_string(id);
  return s;
}

// Recomputes the facts of these applications and applies the differences to the cube.
Status Refold(store::Tx& tx, const std::vector<int64_t>& ids) {
  for (size_t at = 0; at < ids.size(); at += 500) {
    std::vector<int64_t> chunk(ids.begin() + long(at), ids.begin() + long(std::min(ids.size(), at + 500)));
    std::string in = IdList(chunk);
    HF_ASSIGN(auto apps, LoadApps(tx, "id IN (" + in + ")", "application_id IN (" + in + ")", {}));
    HF_ASSIGN(Rows old, tx.Query("SELECT application_id, requisition_id, source, period, contrib FROM analytics_app_facts "
                                 "WHERE application_id IN (" + in + ")"));
    CubeDelta delta;
    for (auto row : old)
      AddTo(delta, {row.Int("requisition_id"), row.Str("source"), row.Str("period")}, Decode(row.View("contrib")), -1);
    std::set<int64_t> present;
    std::vector<std::pair<const AppRow*, Contribution>> facts;
    for (const auto& a : apps) {
      present.insert(a.id);
      Contribution c = Contribute(a.events);
      AddTo(delta, {a.requisition_id, a.source, a.period}, c.m, +1);
      facts.emplace_back(&a, std::move(c));
    }
    for (auto row : old)
      if (!present.count(row.Int("application_id")))
        HF_TRY(tx.Exec("DELETE FROM analytics_app_facts WHERE application_id = ?", {row.Int("application_id")}));
    HF_TRY(WriteFacts(tx, facts));
    HF_TRY(WriteCube(tx, delta));
  }
  return Status::Ok();
}

}  // namespace

Status RebuildFunnel(store::Tx& tx, int64_t* applications) {
  // PostgreSQL: the snapshot first, so that every row it sees is read below (later statements see
  // at least as much); rows committed meanwhile are folded again by the next fold (a refold is exact).
  std::string snapshot;
  if (tx.backend() == store::Backend::kPostgres) {
    HF_ASSIGN(Rows s, tx.Query("SELECT pg_current_snapshot()::text AS s"));
    snapshot = s[0].Str("s");
  }
  HF_ASSIGN(Rows mx, tx.Query("SELECT COALESCE(MAX(id), 0) AS m FROM application_events"));
  HF_ASSIGN(Rows mo, tx.Query("SELECT COALESCE(MAX(id), 0) AS m FROM outbox"));
  HF_TRY(tx.Exec("DELETE FROM analytics_app_facts"));
  HF_TRY(tx.Exec("DELETE FROM analytics_funnel_cube"));
  int64_t last = 0, count = 0;
  CubeDelta cube;
  for (;;) {
    HF_ASSIGN(Rows ids, tx.Query("SELECT MIN(id) AS lo, MAX(id) AS hi FROM (SELECT id FROM applications WHERE id > ? "
                                 "ORDER BY id LIMIT 20000) x",
                                 {last}));
    if (ids.empty() || ids[0].IsNull("lo")) break;
    int64_t lo = ids[0].Int("lo"), hi = ids[0].Int("hi");
    HF_ASSIGN(auto apps, LoadApps(tx, "id BETWEEN ? AND ?", "application_id BETWEEN ? AND ?", {lo, hi}));
    std::vector<std::pair<const AppRow*, Contribution>> facts;
    facts.reserve(apps.size());
    for (const auto& a : apps) {
      Contribution c = Contribute(a.events);
      AddTo(cube, {a.requisition_id, a.source, a.period}, c.m, +1);
      facts.emplace_back(&a, std::move(c));
    }
    HF_TRY(WriteFacts(tx, facts));
    count += int64_t(apps.size());
    last = hi;
  }
  HF_TRY(WriteCube(tx, cube));
  HF_TRY(SetState(tx, "funnel_event_cursor", std::to_string(mx[0].Int("m"))));
  HF_TRY(SetState(tx, "funnel_outbox_cursor", std::to_string(mo[0].Int("m"))));
  if (!snapshot.empty()) HF_TRY(SetState(tx, "funnel_snapshot", snapshot));
  if (applications) *applications = count;
  return Status::Ok();
}

namespace {

// Drops the facts of applications that no longer exist (candidate erased or merged, application
// deleted). True when some were dropped.
Result<bool> DropOrphans(store::Tx& tx) {
  HF_ASSIGN(Rows orphans, tx.Query("SELECT f.application_id FROM analytics_app_facts f WHERE NOT EXISTS "
                                   "(SELECT 1 FROM applications a WHERE a.id = f.application_id)"));
  std::vector<int64_t> ids;
  for (auto row : orphans) ids.push_back(row.Int("application_id"));
  if (ids.empty()) return false;
  HF_TRY(Refold(tx, ids));
  return true;
}

// PostgreSQL: the rows the last fold's snapshot did not see (see FunnelBacklog).
Result<bool> CatchUpFunnelPg(store::Tx& tx) {
  HF_ASSIGN(std::string prev, GetState(tx, "funnel_snapshot"));
  if (prev.empty()) {  // the first fold, or the first since id cursors (which may have skipped rows)
    HF_TRY(RebuildFunnel(tx, nullptr));
    return true;
  }
  HF_ASSIGN(Rows now, tx.Query("SELECT pg_current_snapshot()::text AS s, "
                               "(SELECT COALESCE(MAX(id), 0) FROM application_events) AS m"));
  bool changed = false;
  HF_ASSIGN(Rows gone, tx.Query(std::string("SELECT 1 AS g FROM outbox WHERE ") + kFunnelOutboxTopics + " AND " +
                                    kUnseenByFold + " LIMIT 1",
                                {prev, prev}));
  if (!gone.empty()) {
    HF_ASSIGN(changed, DropOrphans(tx));
  }
  HF_ASSIGN(Rows n,
            tx.Query(std::string("SELECT COUNT(*) AS n FROM application_events WHERE ") + kUnseenByFold, {prev, prev}));
  int64_t pending = n[0].Int("n");
  if (pending > 50000) {
    HF_TRY(RebuildFunnel(tx, nullptr));
    return true;
  }
  if (pending > 0) {
    HF_ASSIGN(Rows apps,
              tx.Query(std::string("SELECT DISTINCT application_id FROM application_events WHERE ") + kUnseenByFold,
                       {prev, prev}));
    std::vector<int64_t> ids;
    for (auto row : apps) ids.push_back(row.Int("application_id"));
    HF_TRY(Refold(tx, ids));
    changed = true;
  }
  if (pending > 0 || !gone.empty()) {
    HF_TRY(SetState(tx, "funnel_snapshot", now[0].Str("s")));
    HF_TRY(SetState(tx, "funnel_event_cursor", std::to_string(now[0].Int("m"))));
  }
  return changed;
}

}  // namespace

Result<FunnelBacklog> PendingFunnel(store::Tx& tx, bool count) {
  FunnelBacklog b;
  if (tx.backend() == store::Backend::kPostgres) {
    HF_ASSIGN(std::string prev, GetState(tx, "funnel_snapshot"));
    if (prev.empty()) {
      HF_ASSIGN(Rows n, tx.Query(count ? "SELECT COUNT(*) AS n FROM application_events"
                                       : "SELECT COUNT(*) AS n FROM (SELECT 1 FROM application_events LIMIT 1) x"));
      b.events = n[0].Int("n");
      return b;
    }
    std::string sql = std::string("SELECT COUNT(*) AS n FROM application_events WHERE ") + kUnseenByFold;
    if (!count)
      sql = "SELECT COUNT(*) AS n FROM (SELECT 1 FROM application_events WHERE " + std::string(kUnseenByFold) +
            " LIMIT 1) x";
    HF_ASSIGN(Rows n, tx.Query(sql, {prev, prev}));
    b.events = n[0].Int("n");
    HF_ASSIGN(Rows g, tx.Query(std::string("SELECT 1 AS g FROM outbox WHERE ") + kFunnelOutboxTopics + " AND " +
                                   kUnseenByFold + " LIMIT 1",
                               {prev, prev}));
    b.gone = !g.empty();
    return b;
  }
  HF_ASSIGN(std::string cur_s, GetState(tx, "funnel_event_cursor"));
  HF_ASSIGN(std::string out_s, GetState(tx, "funnel_outbox_cursor"));
  HF_ASSIGN(Rows n, tx.Query("SELECT COUNT(*) AS n FROM application_events WHERE id > ?",
                             {int64_t(std::atoll(cur_s.c_str()))}));
  b.events = n[0].Int("n");
  HF_ASSIGN(Rows g, tx.Query(std::string("SELECT COUNT(*) AS n FROM outbox WHERE id > ? AND ") + kFunnelOutboxTopics,
                             {int64_t(std::atoll(out_s.c_str()))}));
  b.gone = g[0].Int("n") > 0;
  return b;
}

Result<bool> CatchUpFunnel(store::Tx& tx) {
  if (tx.backend() == store::Backend::kPostgres) return CatchUpFunnelPg(tx);
  HF_ASSIGN(std::string cur_s, GetState(tx, "funnel_event_cursor"));
  HF_ASSIGN(std::string out_s, GetState(tx, "funnel_outbox_cursor"));
  int64_t cursor = std::atoll(cur_s.c_str()), out_cursor = std::atoll(out_s.c_str());
  HF_ASSIGN(Rows mx, tx.Query("SELECT COALESCE(MAX(id), 0) AS m FROM application_events"));
  HF_ASSIGN(Rows mo, tx.Query("SELECT COALESCE(MAX(id), 0) AS m FROM outbox"));
  int64_t max_id = mx[0].Int("m"), max_out = mo[0].Int("m");
  bool changed = false;
  // Candidates erased or merged take their applications (and histories) with them: drop their facts.
  if (max_out > out_cursor) {
    HF_ASSIGN(Rows gone, tx.Query("SELECT COUNT(*) AS n FROM outbox WHERE id > ? AND id <= ? AND (topic LIKE 'candidate.%' "
                                  "OR topic LIKE 'application.delete%')",
                                  {out_cursor, max_out}));
    if (gone[0].Int("n") > 0) {
      HF_ASSIGN(changed, DropOrphans(tx));
    }
    HF_TRY(SetState(tx, "funnel_outbox_cursor", std::to_string(max_out)));
  }
  if (max_id <= cursor) return changed;
  HF_ASSIGN(Rows n, tx.Query("SELECT COUNT(*) AS n FROM application_events WHERE id > ?", {cursor}));
  if (n[0].Int("n") > 50000 || cursor == 0) {
    HF_TRY(RebuildFunnel(tx, nullptr));
    return true;
  }
  HF_ASSIGN(Rows apps, tx.Query("SELECT DISTINCT application_id FROM application_events WHERE id > ? AND id <= ?", {cursor, max_id}));
  std::vector<int64_t> ids;
  for (auto row : apps) ids.push_back(row.Int("application_id"));
  HF_TRY(Refold(tx, ids));
  HF_TRY(SetState(tx, "funnel_event_cursor", std::to_string(max_id)));
  return true;
}

}  // namespace detail

// ---- queries ----------------------------------------------------------------------------------------

namespace {
using detail::kStageCount;
using detail::kStages;

Result<std::optional<int64_t>> OptId(const std::map<std::string, std::string>& q, const char* name) {
  auto it = q.find(name);
  if (it == q.end() || it->second.empty()) return std::optional<int64_t>();
  char* end = nullptr;
  long long v = std::strtoll(it->second.c_str(), &end, 10);
  if (*end != '\0' || v <= 0) return Error::Invalid(name, std::string(name) + " must be a positive id");
  return std::optional<int64_t>(v);
}

bool IsMonth(const std::string& s) {
  return s.size() == 7 && std::isdigit((unsigned char)s[0]) && std::isdigit((unsigned char)s[1]) &&
         std::isdigit((unsigned char)s[2]) && std::isdigit((unsigned char)s[3]) && s[4] == '-' &&
         ((s[5] == '0' && s[6] >= '1' && s[6] <= '9') || (s[5] == '1' && s[6] >= '0' && s[6] <= '2'));
}

// WHERE clause over the requisition alias r and the cube/facts alias `a`.
Result<std::string> FilterSql(Env& env, const FunnelFilter& f, const char* a, store::Params& p) {
  HF_ASSIGN(std::string scope, recruiting::RequisitionScope(env.tx, env.who));
  std::string w = " WHERE " + scope;
  std::string al(a);
  if (f.requisition_id) { w += " AND " + al + ".requisition_id = ?"; p.push_back(*f.requisition_id); }
  if (f.department_id) { w += " AND r.department_id = ?"; p.push_back(*f.department_id); }
  if (f.position_id) { w += " AND r.position_id = ?"; p.push_back(*f.position_id); }
  if (f.source) { w += " AND " + al + ".source = ?"; p.push_back(*f.source); }
  if (f.from) { w += " AND " + al + ".period >= ?"; p.push_back(*f.from); }
  if (f.to) { w += " AND " + al + ".period <= ?"; p.push_back(*f.to); }
  return w;
}

std::optional<double> Ratio(double a, double b) {
  if (b <= 0) return std::nullopt;
  return a / b;
}
json J(std::optional<double> v, int digits = 4) {
  if (!v) return nullptr;
  double k = std::pow(10.0, digits);
  return std::round(*v * k) / k;
}

constexpr size_t kMaxGroups = 200;

json GroupJson(const std::vector<double>& m) {
  using namespace detail;
  const int R = 1, E = R + kStageCount, S = E + kStageCount, N = S + kStageCount;
  json stages = json::array();
  for (int i = 0; i < kStageCount; ++i) {
    double reached = m[size_t(R + i)], next = i + 1 < kStageCount ? m[size_t(R + i + 1)] : 0;
    json st = {{"stage", kStages[size_t(i)]}, {"reached", int64_t(reached)}, {"eliminated", int64_t(m[size_t(E + i)])},
               {"elimination_rate", J(Ratio(m[size_t(E + i)], reached))},
               {"avg_days_in_stage", J(Ratio(m[size_t(S + i)] / 86400.0, m[size_t(N + i)]), 2)},
               {"left", int64_t(m[size_t(N + i)])}};
    if (i + 1 < kStageCount) {
      st["passed"] = int64_t(next);
      st["pass_rate"] = J(Ratio(next, reached));
    } else {
      st["passed"] = nullptr;
      st["pass_rate"] = nullptr;
    }
    stages.push_back(std::move(st));
  }
  size_t w = size_t(N + kStageCount);
  return {{"applications", int64_t(m[0])}, {"stages", stages}, {"hires", int64_t(m[size_t(R + kStageCount - 1)])},
          {"withdrawn", int64_t(m[w])}, {"avg_days_to_hire", J(Ratio(m[w + 1] / 86400.0, m[w + 2]), 2)},
          {"offers_decided", int64_t(m[w + 3])}, {"offers_accepted", int64_t(m[w + 4])},
          {"offer_acceptance_rate", J(Ratio(m[w + 4], m[w + 3]))}};
}
}  // namespace

Result<FunnelFilter> FunnelFilter::From(const std::map<std::string, std::string>& q) {
  FunnelFilter f;
  HF_ASSIGN(f.requisition_id, OptId(q, "requisition_id"));
  HF_ASSIGN(f.department_id, OptId(q, "department_id"));
  HF_ASSIGN(f.position_id, OptId(q, "position_id"));
  if (auto it = q.find("source"); it != q.end() && !it->second.empty()) {
    if (it->second.size() > 100) return Error::Invalid("source", "source is at most 100 characters");
    f.source = it->second;
  }
  for (const char* name : {"from", "to"}) {
    auto it = q.find(name);
    if (it == q.end() || it->second.empty()) continue;
    if (!IsMonth(it->second)) return Error::Invalid(name, std::string(name) + " must be a month YYYY-MM");
    (std::string(name) == "from" ? f.from : f.to) = it->second;
  }
  if (auto it = q.find("group_by"); it != q.end()) {
    static const std::set<std::string> kGroups = {"", "requisition", "department", "position", "source", "period"};
    if (!kGroups.count(it->second))
      return Error::Invalid("group_by", "group_by is one of requisition, department, position, source, period");
    f.group_by = it->second;
  }
  return f;
}

Result<json> Funnel(Env& env, const FunnelFilter& f) {
  HF_TRY(RequireAnalyticsReader(env.who));
  store::Params p;
  HF_ASSIGN(std::string where, FilterSql(env, f, "c", p));
  std::string key = "'all'", label = "'all'";
  if (f.group_by == "requisition") { key = "c.requisition_id"; label = "r.title"; }
  else if (f.group_by == "department") { key = "r.department_id"; label = "d.name"; }
  else if (f.group_by == "position") { key = "r.position_id"; label = "pos.title"; }
  else if (f.group_by == "source") { key = "c.source"; label = "c.source"; }
  else if (f.group_by == "period") { key = "c.period"; label = "c.period"; }
  std::string sums;
  for (const auto& c : detail::MetricColumns()) sums += ", SUM(c." + c + ") AS " + c;
  const std::string from = " FROM analytics_funnel_cube c JOIN requisitions r ON r.id = c.requisition_id";
  const std::string joins = " LEFT JOIN departments d ON d.id = r.department_id LEFT JOIN positions pos ON pos.id = r.position_id";
  // Plans and positions can be many: the 200 largest groups are listed, the totals cover all.
  const bool many = f.group_by == "requisition" || f.group_by == "position";
  std::string sql = "SELECT " + key + " AS gkey, " + label + " AS glabel" + sums + from + joins + where;
  if (!f.group_by.empty())
    sql += " GROUP BY " + key + (label == key ? "" : ", " + label) +
           (many ? " ORDER BY SUM(c.applications) DESC, 1 LIMIT " + std::to_string(kMaxGroups + 1) : " ORDER BY 1");
  HF_ASSIGN(Rows rows, env.tx.Query(sql, p));
  const auto& cols = detail::MetricColumns();
  auto metrics = [&](const store::Rows::Row& row) {
    std::vector<double> m(cols.size());
    for (size_t i = 0; i < cols.size(); ++i) m[i] = row.Double(cols[i]);
    return m;
  };
  json groups = json::array();
  bool truncated = false;
  for (auto row : rows) {
    if (groups.size() == kMaxGroups) {
      truncated = true;
      break;
    }
    json g = GroupJson(metrics(row));
    g["key"] = row.IsNull("gkey") ? json(nullptr) : json(row.Str("gkey"));
    g["label"] = row.IsNull("glabel") ? json("") : json(row.Str("glabel"));
    groups.push_back(std::move(g));
  }
  json totals;
  if (f.group_by.empty()) {
    totals = groups.empty() ? GroupJson(std::vector<double>(cols.size(), 0.0)) : groups[0];
    totals.erase("key");
    totals.erase("label");
  } else {
    HF_ASSIGN(Rows t, env.tx.Query("SELECT 1 AS one" + sums + from + where, p));
    totals = GroupJson(metrics(t[0]));
  }
  json stages = json::array();
  for (const char* s : kStages) stages.push_back(s);
  return json{{"stages", stages}, {"group_by", f.group_by.empty() ? json(nullptr) : json(f.group_by)},
              {"groups", groups}, {"groups_truncated", truncated}, {"totals", totals}};
}

Result<org::ListResult> FunnelApplications(Env& env, const FunnelFilter& f, const std::string& stage,
                                           const std::string& measure, const org::Page& page) {
  HF_TRY(RequireAnalyticsReader(env.who));
  int idx = detail::StageIndex(stage);
  if (measure != "hired" && idx < 0)
    return Error::Invalid("stage", "stage is one of applied, screened, interview_invited, interviewed, second_round, offer, hired");
  if (measure != "reached" && measure != "eliminated" && measure != "hired")
    return Error::Invalid("measure", "measure is reached, eliminated or hired");
  store::Params p;
  HF_ASSIGN(std::string where, FilterSql(env, f, "f", p));
  if (measure == "reached") where += " AND (f.reached & " + std::to_string(1 << idx) + ") <> 0";
  else if (measure == "eliminated") where += " AND f.eliminated_stage = " + std::to_string(idx);
  else where += " AND f.status = 'hired'";
  org::ListResult out;
  // The count comes from the cube (the same fold, pre-summed): exact and independent of volume.
  {
    store::Params cp;
    HF_ASSIGN(std::string cwhere, FilterSql(env, f, "c", cp));
    std::string col = measure == "hired" ? "r_hired" : std::string(measure == "reached" ? "r_" : "e_") + kStages[size_t(idx)];
    HF_ASSIGN(Rows n, env.tx.Query("SELECT SUM(c." + col + ") AS n FROM analytics_funnel_cube c JOIN requisitions r ON "
                                   "r.id = c.requisition_id" + cwhere, cp));
    out.total = n.empty() ? 0 : n[0].Int("n");
  }
  // Newest first: without a plan filter SQLite walks the facts backwards by id (CROSS JOIN keeps
  // that order) and stops at the page; with one, the plan's index is used.
  const std::string join = f.requisition_id ? " JOIN requisitions r ON r.id = f.requisition_id JOIN applications a ON "
                                              "a.id = f.application_id JOIN candidates cand ON cand.id = a.candidate_id"
                                            : " CROSS JOIN requisitions r CROSS JOIN applications a CROSS JOIN candidates cand";
  std::string where2 = where + (f.requisition_id ? "" : " AND r.id = f.requisition_id AND a.id = f.application_id AND "
                                                        "cand.id = a.candidate_id");
  p.push_back(page.limit);
  p.push_back(page.offset);
  HF_ASSIGN(Rows rows, env.tx.Query("SELECT f.application_id, f.source, f.period, f.status, f.applied_at, r.id AS requisition_id, "
                                    "r.title, cand.name AS candidate_name FROM analytics_app_facts f" + join + where2 + " ORDER BY f.application_id DESC LIMIT ? OFFSET ?",
                                    p));
  for (auto row : rows)
    out.items.push_back({{"application_id", row.Int("application_id")}, {"candidate_name", row.Str("candidate_name")},
                         {"requisition_id", row.Int("requisition_id")}, {"requisition_title", row.Str("title")},
                         {"source", row.Str("source")}, {"period", row.Str("period")}, {"status", row.Str("status")},
                         {"applied_at", row.Str("applied_at")}});
  return out;
}

}  // namespace analytics
