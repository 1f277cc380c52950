// Quality of hire: each hire's interview evidence (total, per competency, screening score) beside
// their final performance ratings nearest 3, 6 and 12 months after hire (analytics_hire_facts),
// correlations with intervals, "interview >= 85 -> x% met expectations" tables, and a logistic
// model of meeting expectations validated on held-out hires.
#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <set>

#include "analytics/detail.h"
#include "analytics/stats.h"
#include "core/date.h"
#include "recruiting/recruiting.h"
#include <chrono>
#include <functional>

namespace analytics {

using core::Error;
using core::Result;
using core::Status;
using nlohmann::json;
using store::Rows;

Status RequireAnalyticsReader(const auth::Principal& p) {
  if (org::IsHrOrAdmin(p) || p.role == auth::Role::kHiringManager) return Status::Ok();
  return Error::Forbidden("analytics are for administrators, HR and hiring managers");
}

Status RequireAuditReader(const auth::Principal& p) {
  if (org::IsHrOrAdmin(p)) return Status::Ok();
  return Error::Forbidden("the bias audit is for administrators and HR");
}

std::optional<json> ResultCache::Get(const std::string& key, int64_t version) {
  std::lock_guard lock(mu_);
  auto it = items_.find(key);
  if (it == items_.end() || it->second.first != version) return std::nullopt;
  return it->second.second;
}

void ResultCache::Put(const std::string& key, int64_t version, json value) {
  std::lock_guard lock(mu_);
  if (items_.size() > 500) items_.clear();
  items_[key] = {version, std::move(value)};
}

namespace detail {

int HorizonOf(double months) {
  if (months >= 1.5 && months < 4.5) return 3;
  if (months >= 4.5 && months < 9) return 6;
  if (months >= 9 && months < 18) return 12;
  return 0;
}

Result<std::string> HireScope(store::Tx& tx, const auth::Principal& who) {
  HF_ASSIGN(auto depts, org::VisibleDepartments(tx, who));
  if (!depts) return std::string("1=1");
  if (depts->empty()) return std::string("1=0");
  std::string s = "h.department_id IN (";
  for (size_t i = 0; i < depts->size(); ++i) s += (i ? "," : "") + std::to_string((*depts)[i]);
  return s + ")";
}

namespace {

std::string IdList(const std::vector<int64_t>& ids) {
  std::string s;
  for (int64_t id : ids) s += (s.empty() ? "" : ",") + std::to_string(id);
  return s;
}

// Recomputes the hire facts of these employees (deleting those no longer linked to an application).
Status RefoldHires(store::Tx& tx, const std::vector<int64_t>& ids) {
  for (size_t at = 0; at < ids.size(); at += 500) {
    std::vector<int64_t> chunk(ids.begin() + long(at), ids.begin() + long(std::min(ids.size(), at + 500)));
    std::string in = IdList(chunk);
    HF_TRY(tx.Exec("DELETE FROM analytics_hire_facts WHERE employee_id IN (" + in + ")"));
    HF_ASSIGN(Rows e, tx.Query("SELECT e.id, e.application_id, e.department_id, e.hire_date, a.score AS screening, "
                               "i.id AS interview_id, i.total_score FROM employees e JOIN applications a ON a.id = e.application_id "
                               "LEFT JOIN interviews i ON i.application_id = e.application_id WHERE e.id IN (" + in + ")"));
    if (e.empty()) continue;
    std::vector<int64_t> interview_ids;
    for (auto row : e)
      if (!row.IsNull("interview_id")) interview_ids.push_back(row.Int("interview_id"));
    std::map<int64_t, json> comps;
    if (!interview_ids.empty()) {
      HF_ASSIGN(Rows c, tx.Query("SELECT ia.interview_id, q.competency, AVG(ia.score) AS s FROM interview_answers ia "
                                 "JOIN interview_questions q ON q.id = ia.question_id WHERE ia.is_final = 1 AND ia.score IS NOT NULL "
                                 "AND q.competency <> '' AND ia.interview_id IN (" + IdList(interview_ids) + ") "
                                 "GROUP BY ia.interview_id, q.competency"));
      for (auto row : c) comps[row.Int("interview_id")][row.Str("competency")] = std::round(row.Double("s") * 100) / 100;
    }
    HF_ASSIGN(Rows pr, tx.Query("SELECT employee_id, period_end, rating, scale_min, scale_max, meets_expectations "
                                "FROM performance_final_ratings WHERE employee_id IN (" + in + ")"));
    struct Pick { double dist = 1e9, rating = 0; int met = 0; bool set = false; };
    std::map<int64_t, std::map<int, Pick>> picks;
    std::map<int64_t, std::string> hire_dates;
    for (auto row : e) hire_dates[row.Int("id")] = row.Str("hire_date");
    for (auto row : pr) {
      int64_t emp = row.Int("employee_id");
      auto hd = core::Date::Parse(hire_dates[emp]);
      auto pe = core::Date::Parse(row.Str("period_end"));
      if (!hd.ok() || !pe.ok()) continue;
      double months = double(pe->DaysSinceEpoch() - hd->DaysSinceEpoch()) / 30.4375;
      int h = HorizonOf(months);
      if (!h) continue;
      double lo = row.Double("scale_min"), hi = row.Double("scale_max");
      if (hi <= lo) continue;
      Pick& p = picks[emp][h];
      double dist = std::fabs(months - h);
      if (!p.set || dist < p.dist) {
        p = {dist, 100.0 * (row.Double("rating") - lo) / (hi - lo), int(row.Int("meets_expectations") != 0), true};
      }
    }
    for (auto row : e) {
      int64_t emp = row.Int("id");
      auto& pk = picks[emp];
      auto R = [&](int h) { return pk.count(h) ? store::Param(pk[h].rating) : store::Param(std::nullopt); };
      auto M = [&](int h) { return pk.count(h) ? store::Param(pk[h].met) : store::Param(std::nullopt); };
      json comp = row.IsNull("interview_id") ? json::object() : comps[row.Int("interview_id")];
      if (comp.is_null()) comp = json::object();
      HF_TRY(tx.Exec("INSERT INTO analytics_hire_facts(employee_id, application_id, department_id, hire_date, interview_total, "
                     "screening_score, competencies, r3, m3, r6, m6, r12, m12) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     {emp, row.Int("application_id"), row.OptInt("department_id"), row.Str("hire_date"),
                      row.IsNull("total_score") ? store::Param(std::nullopt) : store::Param(row.Double("total_score")),
                      row.IsNull("screening") ? store::Param(std::nullopt) : store::Param(row.Double("screening")),
                      comp.dump(), R(3), M(3), R(6), M(6), R(12), M(12)}));
    }
  }
  return Status::Ok();
}

struct Stamps {
  std::string emp, perf, itv;
  std::string Joined() const { return emp + "|" + perf + "|" + itv; }
};

Result<Stamps> CurrentStamps(store::Tx& tx) {
  Stamps s;
  HF_ASSIGN(Rows a, tx.Query("SELECT MAX(updated_at) AS m FROM employees"));
  HF_ASSIGN(Rows b, tx.Query("SELECT MAX(finalized_at) AS m FROM performance_final_ratings"));
  HF_ASSIGN(Rows c, tx.Query("SELECT MAX(updated_at) AS m FROM interviews"));
  s.emp = a[0].Str("m");
  s.perf = b[0].Str("m");
  s.itv = c[0].Str("m");
  return s;
}

Stamps Split(const std::string& joined) {
  Stamps s;
  size_t a = joined.find('|'), b = a == std::string::npos ? a : joined.find('|', a + 1);
  if (b == std::string::npos) return s;
  s.emp = joined.substr(0, a);
  s.perf = joined.substr(a + 1, b - a - 1);
  s.itv = joined.substr(b + 1);
  return s;
}

// PostgreSQL: the employees whose hire facts may have changed since the hire fold that read under
// snapshot `prev` — employees, final ratings and interviews written by transactions it did not see
// (migration 018; not MAX(updated_at) stamps, which a late commit can hide). With `any`, stops at one.
Result<std::set<int64_t>> UnseenHires(store::Tx& tx, const std::string& prev, bool any) {
  std::set<int64_t> ids;
  const std::string lim = any ? " LIMIT 1" : "";
  for (std::string sql : {std::string("SELECT id AS e FROM employees WHERE ") + kUnseenByFold,
                          std::string("SELECT employee_id AS e FROM performance_final_ratings WHERE ") + kUnseenByFold,
                          std::string("SELECT e.id AS e FROM employees e WHERE e.application_id IN (SELECT application_id FROM "
                                      "interviews WHERE ") + kUnseenByFold + ")"}) {
    HF_ASSIGN(Rows r, tx.Query(sql + lim, {prev, prev}));
    for (auto row : r) ids.insert(row.Int("e"));
    if (any && !ids.empty()) break;
  }
  return ids;
}

Result<std::string> PgSnapshot(store::Tx& tx) {
  HF_ASSIGN(Rows s, tx.Query("SELECT pg_current_snapshot()::text AS s"));
  return s[0].Str("s");
}

}  // namespace

Result<bool> HiresPending(store::Tx& tx) {
  if (tx.backend() == store::Backend::kPostgres) {
    HF_ASSIGN(std::string prev, GetState(tx, "hire_snapshot"));
    if (prev.empty()) return true;
    HF_ASSIGN(auto ids, UnseenHires(tx, prev, true));
    return !ids.empty();
  }
  HF_ASSIGN(std::string stamps, GetState(tx, "hire_stamps"));
  HF_ASSIGN(Stamps now, CurrentStamps(tx));
  return stamps != now.Joined();
}

Status RebuildHires(store::Tx& tx, int64_t* hires) {
  std::string snapshot;  // PostgreSQL: taken first (see RebuildFunnel)
  if (tx.backend() == store::Backend::kPostgres) {
    HF_ASSIGN(snapshot, PgSnapshot(tx));
  }
  HF_ASSIGN(Stamps now, CurrentStamps(tx));
  HF_TRY(tx.Exec("DELETE FROM analytics_hire_facts"));
  HF_ASSIGN(Rows ids, tx.Query("SELECT id FROM employees WHERE application_id IS NOT NULL ORDER BY id"));
  std::vector<int64_t> v;
  for (auto row : ids) v.push_back(row.Int("id"));
  HF_TRY(RefoldHires(tx, v));
  // On PostgreSQL the snapshot is also the version the company-wide snapshots are keyed by.
  HF_TRY(SetState(tx, "hire_stamps", snapshot.empty() ? now.Joined() : snapshot));
  if (!snapshot.empty()) HF_TRY(SetState(tx, "hire_snapshot", snapshot));
  if (hires) *hires = int64_t(v.size());
  return Status::Ok();
}

namespace {
Result<bool> CatchUpHiresPg(store::Tx& tx) {
  HF_ASSIGN(std::string prev, GetState(tx, "hire_snapshot"));
  if (prev.empty()) {  // the first fold, or the first since MAX(updated_at) stamps
    HF_TRY(RebuildHires(tx, nullptr));
    return true;
  }
  HF_ASSIGN(std::string snapshot, PgSnapshot(tx));
  HF_ASSIGN(std::set<int64_t> ids, UnseenHires(tx, prev, false));
  if (ids.empty()) return false;
  HF_ASSIGN(Rows d, tx.Query("SELECT h.employee_id FROM analytics_hire_facts h WHERE NOT EXISTS "
                             "(SELECT 1 FROM employees e WHERE e.id = h.employee_id AND e.application_id IS NOT NULL)"));
  for (auto row : d) ids.insert(row.Int("employee_id"));
  HF_TRY(RefoldHires(tx, std::vector<int64_t>(ids.begin(), ids.end())));
  HF_TRY(SetState(tx, "hire_snapshot", snapshot));
  HF_TRY(SetState(tx, "hire_stamps", snapshot));
  return true;
}
}  // namespace

Result<bool> CatchUpHires(store::Tx& tx) {
  if (tx.backend() == store::Backend::kPostgres) return CatchUpHiresPg(tx);
  HF_ASSIGN(std::string joined, GetState(tx, "hire_stamps"));
  HF_ASSIGN(Stamps now, CurrentStamps(tx));
  if (joined == now.Joined()) return false;
  if (joined.empty()) {
    HF_TRY(RebuildHires(tx, nullptr));
    return true;
  }
  Stamps last = Split(joined);
  std::set<int64_t> ids;
  HF_ASSIGN(Rows a, tx.Query("SELECT id FROM employees WHERE updated_at >= ?", {last.emp}));
  for (auto row : a) ids.insert(row.Int("id"));
  HF_ASSIGN(Rows b, tx.Query("SELECT DISTINCT employee_id FROM performance_final_ratings WHERE finalized_at >= ?", {last.perf}));
  for (auto row : b) ids.insert(row.Int("employee_id"));
  HF_ASSIGN(Rows c, tx.Query("SELECT e.id FROM interviews i JOIN employees e ON e.application_id = i.application_id "
                             "WHERE i.updated_at >= ?", {last.itv}));
  for (auto row : c) ids.insert(row.Int("id"));
  // Employees deleted meanwhile.
  HF_ASSIGN(Rows d, tx.Query("SELECT h.employee_id FROM analytics_hire_facts h WHERE NOT EXISTS "
                             "(SELECT 1 FROM employees e WHERE e.id = h.employee_id AND e.application_id IS NOT NULL)"));
  for (auto row : d) ids.insert(row.Int("employee_id"));
  HF_TRY(RefoldHires(tx, std::vector<int64_t>(ids.begin(), ids.end())));
  HF_TRY(SetState(tx, "hire_stamps", now.Joined()));
  return true;
}

}  // namespace detail

Result<int64_t> DataVersion(store::Tx& tx) {
  HF_ASSIGN(std::string v, detail::GetState(tx, "data_version"));
  return int64_t(std::atoll(v.c_str()));
}

namespace {
// Cheap test (reads only) of whether a fold would change anything.
Result<bool> Stale(store::Tx& tx) {
  if (tx.backend() == store::Backend::kPostgres) {
    // Not MAX(id) against the cursor: ids are not committed in their order (detail::PendingFunnel).
    HF_ASSIGN(detail::FunnelBacklog backlog, detail::PendingFunnel(tx, false));
    if (backlog.events > 0 || backlog.gone) return true;
  } else {
    HF_ASSIGN(std::string cur, detail::GetState(tx, "funnel_event_cursor"));
    HF_ASSIGN(Rows mx, tx.Query("SELECT COALESCE(MAX(id), 0) AS m FROM application_events"));
    if (mx[0].Int("m") != std::atoll(cur.c_str())) return true;
    HF_ASSIGN(std::string out, detail::GetState(tx, "funnel_outbox_cursor"));
    HF_ASSIGN(Rows mo, tx.Query("SELECT COALESCE(MAX(id), 0) AS m FROM outbox"));
    if (mo[0].Int("m") != std::atoll(out.c_str())) return true;
  }
  return detail::HiresPending(tx);
}
}  // namespace

namespace {

// Folds what is new into the read models in the caller's write transaction; `by` ("consumer" or
// "read") and the time are recorded with the fold. Folds are serialised: SQLite's write transaction
// is exclusive, and on PostgreSQL a transaction-scoped advisory lock keeps two folds (the consumer
// and a dashboard read, or two workers) from applying the same difference twice; the state is read
// after the lock, so the second finds nothing left to do.
Result<int64_t> FoldInto(store::Tx& tx, const core::Clock& clock, const char* by) {
  if (tx.backend() == store::Backend::kPostgres) HF_TRY(tx.Query("SELECT pg_advisory_xact_lock(7242010)"));
  HF_ASSIGN(bool f, detail::CatchUpFunnel(tx));
  HF_ASSIGN(bool h, detail::CatchUpHires(tx));
  HF_ASSIGN(int64_t v, DataVersion(tx));
  if (f || h) {
    ++v;
    HF_TRY(detail::SetState(tx, "data_version", std::to_string(v)));
    HF_TRY(detail::SetState(tx, "last_fold_at", core::FormatInstant(clock.Now())));
    HF_TRY(detail::SetState(tx, "last_fold_by", by));
  }
  return v;
}

}  // namespace

Result<int64_t> Freshen(store::Db& db, const core::Clock& clock) {
  {
    HF_ASSIGN(auto tx, db.Begin(false));
    HF_ASSIGN(bool stale, Stale(*tx));
    if (!stale) return DataVersion(*tx);
  }
  // The consumer (RegisterJobs) normally got here first; this is the fallback when it is behind or
  // no worker runs.
  HF_ASSIGN(auto tx, db.Begin(true));
  HF_ASSIGN(int64_t v, FoldInto(*tx, clock, "read"));
  HF_TRY(tx->Commit());
  return v;
}

void RegisterJobs(jobs::Queue& queue, store::Db& db, const core::Clock& clock) {
  // Every event that can change a read model: pipeline moves and applications, candidate erasure and
  // merges, employees (hires), performance reviews and final ratings, interviews. Coalescing: one job
  // per dispatched batch of events (a bulk move of 1,000 applications is one fold, not 1,000); a job
  // that finds nothing new (an earlier one folded it) costs a few reads.
  for (const char* prefix : {"application.", "candidate.", "employee.", "review.", "performance.", "interview."})
    queue.Subscribe(prefix, "analytics.fold", /*coalesce=*/true);
  // A long job, so that computing the snapshots over every hire never holds the write lock: the
  // fold commits in its own (short, incremental) write transaction, the snapshots are computed on a
  // read transaction, and the job's own transaction stores them only if the hire facts they were
  // computed from are still current. Both steps are idempotent (a retried job folds nothing twice).
  queue.RegisterLong("analytics.fold", [&db, &clock](const jobs::Job&) -> Result<jobs::Handler> {
    {
      HF_ASSIGN(auto rtx, db.Begin(false));
      HF_ASSIGN(bool stale, Stale(*rtx));
      if (stale) {
        rtx.reset();  // end the read before writing (SQLite: one writer)
        HF_ASSIGN(auto tx, db.Begin(true));
        HF_TRY(FoldInto(*tx, clock, "consumer"));
        HF_TRY(tx->Commit());
      }
    }
    HF_ASSIGN(auto rtx, db.Begin(false));
    HF_ASSIGN(bool snaps, detail::SnapshotsStale(*rtx));
    if (!snaps) return jobs::Handler([](const jobs::Job&, store::Tx&) { return core::Status::Ok(); });
    HF_ASSIGN(auto computed, detail::ComputeSnapshots(*rtx, clock));
    auto shared = std::make_shared<detail::Snapshots>(std::move(computed));
    return jobs::Handler([shared, &clock](const jobs::Job&, store::Tx& tx) { return detail::StoreSnapshots(tx, clock, *shared); });
  });
}

Result<json> ReadModelStatus(store::Tx& tx, std::optional<int64_t> application_id) {
  HF_ASSIGN(std::string cursor, detail::GetState(tx, "funnel_event_cursor"));
  HF_ASSIGN(Rows mx, tx.Query("SELECT COALESCE(MAX(id), 0) AS m FROM application_events"));
  int64_t cur = std::atoll(cursor.c_str()), latest = mx[0].Int("m");
  // Current: no pipeline event, no erasure or merge and no hire change left to fold (other outbox
  // events, e.g. a new user, do not concern the read models).
  HF_ASSIGN(detail::FunnelBacklog backlog, detail::PendingFunnel(tx, true));
  HF_ASSIGN(bool hires_pending, detail::HiresPending(tx));
  bool stale = backlog.events > 0 || backlog.gone || hires_pending;
  HF_ASSIGN(int64_t v, DataVersion(tx));
  HF_ASSIGN(std::string at, detail::GetState(tx, "last_fold_at"));
  HF_ASSIGN(std::string by, detail::GetState(tx, "last_fold_by"));
  HF_ASSIGN(Rows n, tx.Query("SELECT (SELECT COUNT(*) FROM analytics_app_facts) AS apps, (SELECT COUNT(*) FROM "
                             "analytics_hire_facts) AS hires"));
  json out = {{"data_version", v},
              {"last_event_id", cur},
              {"latest_event_id", latest},
              {"pending_events", backlog.events},
              {"current", !stale},
              {"last_fold_at", at.empty() ? json(nullptr) : json(at)},
              {"last_fold_by", by.empty() ? json(nullptr) : json(by)},
              {"applications", n[0].Int("apps")},
              {"hires", n[0].Int("hires")}};
  HF_ASSIGN(bool snaps_stale, detail::SnapshotsStale(tx));
  HF_ASSIGN(Rows sc, tx.Query("SELECT MAX(computed_at) AS m FROM analytics_snapshots"));
  out["snapshots"] = {{"current", !snaps_stale}, {"computed_at", sc.empty() || sc[0].IsNull("m") ? json(nullptr) : json(sc[0].Str("m"))}};
  if (application_id) {
    HF_ASSIGN(Rows f, tx.Query("SELECT status, reached, eliminated_stage FROM analytics_app_facts WHERE application_id = ?",
                               {*application_id}));
    if (f.empty()) {
      out["application"] = nullptr;
    } else {
      json reached = json::array();
      for (int i = 0; i < detail::kStageCount; ++i)
        if (f[0].Int("reached") & (1 << i)) reached.push_back(detail::kStages[i]);
      out["application"] = {{"id", *application_id}, {"status", f[0].Str("status")}, {"reached", reached}};
    }
  }
  return out;
}

Result<json> Rebuild(store::Db& db, const core::Clock& clock) {
  auto t0 = std::chrono::steady_clock::now();
  HF_ASSIGN(auto tx, db.Begin(true));
  int64_t apps = 0, hires = 0;
  HF_TRY(detail::RebuildFunnel(*tx, &apps));
  HF_TRY(detail::RebuildHires(*tx, &hires));
  HF_TRY(detail::RefreshSnapshots(*tx, clock));
  HF_ASSIGN(int64_t v, DataVersion(*tx));
  HF_TRY(detail::SetState(*tx, "data_version", std::to_string(v + 1)));
  HF_TRY(tx->Commit());
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return json{{"applications", apps}, {"hires", hires}, {"seconds", std::round(secs * 1000) / 1000}, {"data_version", v + 1}};
}

// ---- quality of hire ----------------------------------------------------------------------------------

namespace {

constexpr int kSmallSample = 30;

struct Hire {
  int64_t employee_id = 0;
  std::optional<double> total, screening;
  std::map<std::string, double> comps;
  std::optional<double> r[3];
  std::optional<int> m[3];
};
constexpr int kHorizons[3] = {3, 6, 12};

// {"name":82.5,...} as written by RefoldHires, without a general JSON parser (this runs for every
// hire on a cold dashboard). False on anything else (escapes included): the caller falls back.
bool ParseFlatScores(std::string_view s, std::map<std::string, double>& out) {
  size_t i = 0;
  auto skip = [&] { while (i < s.size() && s[i] == ' ') ++i; };
  skip();
  if (i >= s.size() || s[i++] != '{') return false;
  for (;;) {
    skip();
    if (i < s.size() && s[i] == '}') return true;
    if (i >= s.size() || s[i++] != '"') return false;
    size_t start = i;
    while (i < s.size() && s[i] != '"') {
      if (s[i] == '\\') return false;
      ++i;
    }
    if (i >= s.size()) return false;
    std::string key(s.substr(start, i - start));
    ++i;
    skip();
    if (i >= s.size() || s[i++] != ':') return false;
    skip();
    const char* b = s.data() + i;
    char* e = nullptr;
    double v = std::strtod(b, &e);
    if (e == b) return false;
    i += size_t(e - b);
    out[std::move(key)] = v;
    skip();
    if (i < s.size() && s[i] == ',') { ++i; continue; }
    if (i < s.size() && s[i] == '}') return true;
    return false;
  }
}

Result<std::vector<Hire>> LoadHires(Env& env, std::optional<int64_t> department_id) {
  HF_ASSIGN(std::string scope, detail::HireScope(env.tx, env.who));
  store::Params p;
  std::string where = " WHERE " + scope;
  if (department_id) {
    where += " AND h.department_id = ?";
    p.push_back(*department_id);
  }
  HF_ASSIGN(Rows rows, env.tx.Query("SELECT employee_id, interview_total, screening_score, competencies, r3, m3, r6, m6, r12, m12 "
                                    "FROM analytics_hire_facts h" + where + " ORDER BY employee_id", p));
  std::vector<Hire> out;
  out.reserve(rows.size());
  for (auto row : rows) {
    Hire h;
    h.employee_id = row.Int("employee_id");
    if (!row.IsNull("interview_total")) h.total = row.Double("interview_total");
    if (!row.IsNull("screening_score")) h.screening = row.Double("screening_score");
    std::string_view c = row.View("competencies");
    if (c.size() > 2 && !ParseFlatScores(c, h.comps)) {
      h.comps.clear();
      json j = json::parse(c, nullptr, false);
      if (j.is_object())
        for (auto& [k, v] : j.items())
          if (v.is_number()) h.comps[k] = v.get<double>();
    }
    const char* rc[3] = {"r3", "r6", "r12"};
    const char* mc[3] = {"m3", "m6", "m12"};
    for (int i = 0; i < 3; ++i) {
      if (!row.IsNull(rc[i])) h.r[i] = row.Double(rc[i]);
      if (!row.IsNull(mc[i])) h.m[i] = int(row.Int(mc[i]));
    }
    out.push_back(std::move(h));
  }
  return out;
}

json CorrJson(const stats::Correlation& c) {
  auto r4 = [](std::optional<double> v) { return v ? json(std::round(*v * 10000) / 10000) : json(nullptr); };
  return {{"r", r4(c.r)}, {"lo", r4(c.lo)}, {"hi", r4(c.hi)}};
}

std::string Warning(int n) {
  if (n < kSmallSample)
    return "small sample: n = " + std::to_string(n) + " < " + std::to_string(kSmallSample) + "; treat the figure as indicative";
  return "";
}

}  // namespace

namespace {
json QualityFrom(const std::vector<Hire>& hires, int scatter_horizon);
Result<std::optional<json>> ReadSnapshot(store::Tx& tx, const std::string& name);
}  // namespace

Result<json> QualityOfHire(Env& env, std::optional<int64_t> department_id, int scatter_horizon) {
  HF_TRY(RequireAnalyticsReader(env.who));
  if (scatter_horizon != 3 && scatter_horizon != 6 && scatter_horizon != 12)
    return Error::Invalid("horizon", "horizon is 3, 6 or 12 (months after hire)");
  // Every hire visible and no filter: the consumer's snapshot, when it is of the current hire facts.
  if (!department_id) {
    HF_ASSIGN(std::string scope, detail::HireScope(env.tx, env.who));
    if (scope == "1=1") {
      HF_ASSIGN(auto snap, ReadSnapshot(env.tx, "quality:" + std::to_string(scatter_horizon)));
      if (snap) return std::move(*snap);
    }
  }
  HF_ASSIGN(auto hires, LoadHires(env, department_id));
  return QualityFrom(hires, scatter_horizon);
}

namespace {

json QualityFrom(const std::vector<Hire>& hires, int scatter_horizon) {
  // Features: the interview total, the screening score and each competency seen in the evidence.
  std::set<std::string> comp_names;
  for (const auto& h : hires)
    for (const auto& [k, v] : h.comps) comp_names.insert(k);
  struct Feature { std::string name, label; std::function<std::optional<double>(const Hire&)> get; };
  std::vector<Feature> features = {
      {"interview_total", "interview total", [](const Hire& h) { return h.total; }},
      {"screening_score", "screening score", [](const Hire& h) { return h.screening; }}};
  for (const auto& c : comp_names)
    features.push_back({"competency:" + c, c, [c](const Hire& h) -> std::optional<double> {
                          auto it = h.comps.find(c);
                          return it == h.comps.end() ? std::nullopt : std::optional<double>(it->second);
                        }});
  json correlations = json::array(), warnings = json::array();
  // Ranks are the costly part (a sort per variable): the same variable over the same hires is
  // ranked once, e.g. the 3-month rating for every feature every rated hire has.
  std::map<std::pair<std::string, std::vector<int>>, std::vector<double>> rank_memo;
  auto ranks = [&](const std::string& name, const std::vector<int>& idx, const std::vector<double>& values)
      -> const std::vector<double>& {
    auto key = std::make_pair(name, idx);
    auto it = rank_memo.find(key);
    if (it == rank_memo.end()) it = rank_memo.emplace(std::move(key), stats::AverageRanks(values)).first;
    return it->second;
  };
  for (const auto& f : features) {
    for (int i = 0; i < 3; ++i) {
      std::vector<double> x, y;
      std::vector<int> idx;
      for (size_t k = 0; k < hires.size(); ++k) {
        const auto& h = hires[k];
        if (!h.r[i]) continue;
        auto v = f.get(h);
        if (v) {
          x.push_back(*v);
          y.push_back(*h.r[i]);
          idx.push_back(int(k));
        }
      }
      auto pe = stats::Pearson(x, y);
      auto sp = stats::SpearmanOfRanks(ranks(f.name, idx, x), ranks("rating" + std::to_string(i), idx, y));
      std::string w = Warning(int(x.size()));
      correlations.push_back({{"feature", f.name}, {"label", f.label}, {"horizon_months", kHorizons[i]}, {"n", int(x.size())},
                              {"pearson", CorrJson(pe)}, {"spearman", CorrJson(sp)},
                              {"warning", w.empty() ? json(nullptr) : json(w)}});
    }
  }
  // Bands of the interview total against meeting expectations.
  struct Band { const char* name; double lo, hi; };
  const Band bands[] = {{">= 85", 85, 1e9}, {"75-85", 75, 85}, {"65-75", 65, 75}, {"< 65", -1e9, 65}};
  json buckets = json::array();
  for (const auto& b : bands) {
    for (int i = 0; i < 3; ++i) {
      int n = 0, met = 0;
      for (const auto& h : hires)
        if (h.total && *h.total >= b.lo && *h.total < b.hi && h.m[i]) {
          ++n;
          met += *h.m[i];
        }
      std::string w = Warning(n);
      json row = {{"band", b.name}, {"horizon_months", kHorizons[i]}, {"n", n}, {"met", met},
                  {"met_rate", n ? json(std::round(10000.0 * met / n) / 10000) : json(nullptr)},
                  {"warning", w.empty() ? json(nullptr) : json(w)}};
      if (n) {
        row["statement"] = "interview " + std::string(b.name) + " -> " + std::to_string(int(std::lround(100.0 * met / n))) +
                           "% met expectations at " + std::to_string(kHorizons[i]) + " months (n = " + std::to_string(n) + ")";
      }
      buckets.push_back(std::move(row));
    }
  }
  // Scatter of the interview total against the rating, with the least-squares line.
  int hi = scatter_horizon == 3 ? 0 : scatter_horizon == 6 ? 1 : 2;
  std::vector<double> x, y;
  for (const auto& h : hires)
    if (h.total && h.r[hi]) {
      x.push_back(*h.total);
      y.push_back(*h.r[hi]);
    }
  json points = json::array();
  size_t step = std::max<size_t>(1, x.size() / 2000);  // at most ~2,000 points drawn; every one is in the fit
  for (size_t i = 0; i < x.size(); i += step) points.push_back({std::round(x[i] * 100) / 100, std::round(y[i] * 100) / 100});
  auto fit = stats::FitTrend(x, y);
  json fit_j = fit ? json{{"intercept", std::round(fit->intercept * 10000) / 10000}, {"slope", std::round(fit->slope * 10000) / 10000}}
                   : json(nullptr);
  if (x.size() < size_t(kSmallSample)) warnings.push_back(Warning(int(x.size())));
  int rated = 0;
  for (const auto& h : hires) rated += (h.r[0] || h.r[1] || h.r[2]) ? 1 : 0;
  return json{{"n_hires", int(hires.size())}, {"n_rated", rated}, {"correlations", correlations}, {"buckets", buckets},
              {"scatter", {{"horizon_months", scatter_horizon}, {"n", int(x.size())}, {"points", points}, {"fit", fit_j}}},
              {"warnings", warnings},
              {"method", "ratings normalised to 0-100 of their scale; the review nearest 3 (1.5-4.5), 6 (4.5-9) and 12 "
                         "(9-18) months after the hire date; 95% intervals by Fisher's z"}};
}

// ---- prediction -------------------------------------------------------------------------------------------

constexpr int kMinTrain = 40, kMinClass = 5;

struct Model {
  stats::LogisticModel lr;
  std::vector<std::string> features;  // interview_total, screening_score, competency:<name>
  std::vector<double> fill;           // mean of each feature (used for a missing value)
  int horizon = 3, train_n = 0, holdout_n = 0, positives = 0;
  double auc = 0, base_rate = 0;
};

std::vector<double> Row(const Model& m, std::optional<double> total, std::optional<double> screening,
                        const std::map<std::string, double>& comps) {
  std::vector<double> x;
  for (size_t j = 0; j < m.features.size(); ++j) {
    const auto& f = m.features[j];
    std::optional<double> v;
    if (f == "interview_total") v = total;
    else if (f == "screening_score") v = screening;
    else if (auto it = comps.find(f.substr(11)); it != comps.end()) v = it->second;
    x.push_back(v.value_or(m.fill[j]));
  }
  return x;
}

json ModelJson(const Model& m) {
  json w = json::object();
  for (size_t j = 0; j < m.features.size(); ++j) w[m.features[j]] = std::round(m.lr.w[j] * 10000) / 10000;
  return {{"horizon_months", m.horizon}, {"features", m.features}, {"weights_standardised", w},
          {"train_n", m.train_n}, {"holdout_n", m.holdout_n}, {"holdout_auc", std::round(m.auc * 10000) / 10000},
          {"base_rate", std::round(m.base_rate * 10000) / 10000},
          {"validation", "trained on hires whose employee id is not a multiple of 5; AUC measured on the others"},
          {"method", "logistic regression (Newton-Raphson, L2 penalty 1.0 on standardised features)"}};
}

Result<Model> TrainOn(const std::vector<Hire>& hires, int horizon);
Result<Model> Train(Env& env, int horizon) {
  HF_ASSIGN(auto hires, LoadHires(env, std::nullopt));
  return TrainOn(hires, horizon);
}

Result<Model> TrainOn(const std::vector<Hire>& hires, int horizon) {
  int hi = horizon == 3 ? 0 : horizon == 6 ? 1 : 2;
  std::vector<const Hire*> usable;
  for (const auto& h : hires)
    if (h.total && h.m[hi]) usable.push_back(&h);
  Model m;
  m.horizon = horizon;
  m.features = {"interview_total"};
  int with_screening = 0;
  std::map<std::string, int> comp_cover;
  for (auto* h : usable) {
    with_screening += h->screening ? 1 : 0;
    for (auto& [k, v] : h->comps) ++comp_cover[k];
  }
  if (!usable.empty() && with_screening >= int(usable.size() * 0.8)) m.features.push_back("screening_score");
  for (auto& [k, n] : comp_cover)
    if (n >= int(usable.size() * 0.8) && m.features.size() < 8) m.features.push_back("competency:" + k);
  m.fill.assign(m.features.size(), 0.0);
  std::vector<int> cnt(m.features.size(), 0);
  for (auto* h : usable) {
    for (size_t j = 0; j < m.features.size(); ++j) {
      std::optional<double> v = j == 0 ? h->total : m.features[j] == "screening_score" ? h->screening : std::nullopt;
      if (m.features[j].rfind("competency:", 0) == 0)
        if (auto it = h->comps.find(m.features[j].substr(11)); it != h->comps.end()) v = it->second;
      if (v) { m.fill[j] += *v; ++cnt[j]; }
    }
  }
  for (size_t j = 0; j < m.fill.size(); ++j) m.fill[j] = cnt[j] ? m.fill[j] / cnt[j] : 0;
  std::vector<std::vector<double>> X, Xt;
  std::vector<int> y, yt;
  for (auto* h : usable) {
    auto row = Row(m, h->total, h->screening, h->comps);
    if (h->employee_id % 5 == 0) { Xt.push_back(row); yt.push_back(*h->m[hi]); }
    else { X.push_back(row); y.push_back(*h->m[hi]); }
  }
  int pos = 0, tpos = 0;
  for (int v : y) pos += v;
  for (int v : yt) tpos += v;
  auto refuse = [&](const std::string& why) {
    Error e = Error::Conflict("not enough history to train and validate a prediction for " + std::to_string(horizon) +
                              " months: " + why, "insufficient_history");
    return e;
  };
  if (int(X.size()) < kMinTrain)
    return refuse(std::to_string(X.size()) + " training hires with an interview score and a review (need " + std::to_string(kMinTrain) + ")");
  if (pos < kMinClass || int(X.size()) - pos < kMinClass)
    return refuse("each outcome needs at least " + std::to_string(kMinClass) + " training hires");
  if (tpos < 2 || int(Xt.size()) - tpos < 2) return refuse("the held-out hires need both outcomes (at least 2 each)");
  m.lr = stats::FitLogistic(X, y, 1.0);
  std::vector<double> p;
  for (auto& row : Xt) p.push_back(m.lr.Predict(row));
  m.auc = *stats::Auc(p, yt);
  m.train_n = int(X.size());
  m.holdout_n = int(Xt.size());
  m.positives = pos;
  m.base_rate = double(pos) / double(X.size());
  return m;
}

// The cached model is kept as JSON (weights included) so that the cache stays plain data.
json ModelCacheJson(const Model& m) {
  json j = ModelJson(m);
  j["_mean"] = m.lr.mean;
  j["_scale"] = m.lr.scale;
  j["_w"] = m.lr.w;
  j["_b"] = m.lr.b;
  j["_fill"] = m.fill;
  return j;
}
Model ModelFromCache(const json& j) {
  Model m;
  m.horizon = j["horizon_months"];
  m.features = j["features"].get<std::vector<std::string>>();
  m.lr.mean = j["_mean"].get<std::vector<double>>();
  m.lr.scale = j["_scale"].get<std::vector<double>>();
  m.lr.w = j["_w"].get<std::vector<double>>();
  m.lr.b = j["_b"];
  m.fill = j["_fill"].get<std::vector<double>>();
  return m;
}
json PublicModel(json j) {
  for (const char* k : {"_mean", "_scale", "_w", "_b", "_fill"}) j.erase(k);
  return j;
}

Result<json> CachedModel(Env& env, int horizon, ResultCache* cache) {
  if (horizon != 3 && horizon != 6 && horizon != 12) return Error::Invalid("horizon", "horizon is 3, 6 or 12 (months after hire)");
  HF_ASSIGN(int64_t version, DataVersion(env.tx));
  // The model is trained on every visible hire: HR's model and a manager's differ only by scope.
  HF_ASSIGN(std::string scope, detail::HireScope(env.tx, env.who));
  std::string key = "model|" + std::to_string(horizon) + "|" + scope;
  if (cache)
    if (auto hit = cache->Get(key, version)) return *hit;
  if (scope == "1=1") {  // every hire: the consumer's snapshot of the model (or of its refusal)
    HF_ASSIGN(auto snap, ReadSnapshot(env.tx, "model:" + std::to_string(horizon)));
    if (snap) {
      if (snap->contains("_refused")) return Error::Conflict((*snap)["_refused"].get<std::string>(), "insufficient_history");
      if (cache) cache->Put(key, version, *snap);
      return std::move(*snap);
    }
  }
  HF_ASSIGN(Model m, Train(env, horizon));
  json j = ModelCacheJson(m);
  if (cache) cache->Put(key, version, j);
  return j;
}

}  // namespace

Result<json> PredictionModel(Env& env, int horizon, ResultCache* cache) {
  HF_TRY(RequireAnalyticsReader(env.who));
  HF_ASSIGN(json j, CachedModel(env, horizon, cache));
  return PublicModel(j);
}

Result<json> Predict(Env& env, const json& body, ResultCache* cache) {
  HF_TRY(RequireAnalyticsReader(env.who));
  HF_TRY(org::OnlyKeys(body, {"application_id", "interview_total", "screening_score", "competencies", "horizon"}));
  int horizon = 3;
  if (body.contains("horizon")) {
    if (!body["horizon"].is_number_integer()) return Error::Invalid("horizon", "horizon is 3, 6 or 12");
    horizon = body["horizon"];
  }
  std::optional<double> total, screening;
  std::map<std::string, double> comps;
  auto num = [&](const char* f, std::optional<double>& out) -> Status {
    if (!body.contains(f) || body[f].is_null()) return Status::Ok();
    if (!body[f].is_number() || body[f].get<double>() < 0 || body[f].get<double>() > 100)
      return Error::Invalid(f, std::string(f) + " is a number from 0 to 100");
    out = body[f].get<double>();
    return Status::Ok();
  };
  json subject = nullptr;
  if (body.contains("application_id")) {
    if (!body["application_id"].is_number_integer() || body["application_id"].get<int64_t>() <= 0)
      return Error::Invalid("application_id", "application_id is a positive id");
    int64_t app = body["application_id"];
    HF_ASSIGN(std::string scope, recruiting::RequisitionScope(env.tx, env.who));
    HF_ASSIGN(Rows r, env.tx.Query("SELECT a.id, a.score, i.id AS interview_id, i.total_score FROM applications a "
                                   "JOIN requisitions r ON r.id = a.requisition_id LEFT JOIN interviews i ON i.application_id = a.id "
                                   "WHERE a.id = ? AND " + scope, {app}));
    if (r.empty()) return Error::NotFound("no such application");
    if (r[0].IsNull("total_score"))
      return Error::Invalid("application_id", "the application has no scored interview to predict from");
    total = r[0].Double("total_score");
    if (!r[0].IsNull("score")) screening = r[0].Double("score");
    HF_ASSIGN(Rows c, env.tx.Query("SELECT q.competency, AVG(ia.score) AS s FROM interview_answers ia JOIN interview_questions q "
                                   "ON q.id = ia.question_id WHERE ia.interview_id = ? AND ia.is_final = 1 AND ia.score IS NOT NULL "
                                   "AND q.competency <> '' GROUP BY q.competency", {r[0].Int("interview_id")}));
    for (auto row : c) comps[row.Str("competency")] = row.Double("s");
    subject = app;
  } else {
    HF_TRY(num("interview_total", total));
    if (!total) return Error::Invalid("interview_total", "interview_total (or application_id) is required");
    HF_TRY(num("screening_score", screening));
    if (body.contains("competencies")) {
      if (!body["competencies"].is_object()) return Error::Invalid("competencies", "competencies is an object {name: score}");
      for (auto& [k, v] : body["competencies"].items()) {
        if (!v.is_number() || v.get<double>() < 0 || v.get<double>() > 100)
          return Error::Invalid("competencies", "competency scores are numbers from 0 to 100");
        comps[k] = v.get<double>();
      }
    }
  }
  HF_ASSIGN(json cached, CachedModel(env, horizon, cache));
  Model m = ModelFromCache(cached);
  double p = m.lr.Predict(Row(m, total, screening, comps));
  return json{{"application_id", subject}, {"probability_meets_expectations", std::round(p * 10000) / 10000},
              {"horizon_months", horizon}, {"model", PublicModel(cached)},
              {"inputs", {{"interview_total", total ? json(*total) : json(nullptr)},
                          {"screening_score", screening ? json(*screening) : json(nullptr)}, {"competencies", comps}}}};
}

// ---- snapshots (company-wide results computed by the consumer) --------------------------------------------

namespace {

Result<std::optional<json>> ReadSnapshot(store::Tx& tx, const std::string& name) {
  HF_ASSIGN(Rows r, tx.Query("SELECT s.body FROM analytics_snapshots s JOIN analytics_state st ON st.name = 'hire_stamps' "
                             "AND st.value = s.stamps WHERE s.name = ?",
                             {name}));
  if (r.empty()) return std::optional<json>();
  json j = json::parse(r[0].View("body"), nullptr, false);
  if (j.is_discarded()) return std::optional<json>();
  return std::optional<json>(std::move(j));
}

}  // namespace

namespace detail {

Result<bool> SnapshotsStale(store::Tx& tx) {
  HF_ASSIGN(Rows r, tx.Query("SELECT COUNT(*) AS n FROM analytics_snapshots s JOIN analytics_state st ON st.name = "
                             "'hire_stamps' AND st.value = s.stamps"));
  return r[0].Int("n") < 6;
}

Result<Snapshots> ComputeSnapshots(store::Tx& tx, const core::Clock& clock) {
  Snapshots out;
  HF_ASSIGN(out.stamps, GetState(tx, "hire_stamps"));
  if (out.stamps.empty()) return out;  // no hire read model yet
  auth::Principal system{0, "system", auth::Role::kAdmin, {}, {}, false};
  Env env{tx, system, clock, "analytics-snapshot", nullptr};
  HF_ASSIGN(auto hires, LoadHires(env, std::nullopt));  // once for the six results
  for (int h : kHorizons) {
    out.items.emplace_back("quality:" + std::to_string(h), QualityFrom(hires, h).dump());
    auto m = TrainOn(hires, h);
    if (m.ok()) out.items.emplace_back("model:" + std::to_string(h), ModelCacheJson(*m).dump());
    else if (m.error().code == core::ErrorCode::kConflict)
      out.items.emplace_back("model:" + std::to_string(h), json{{"_refused", m.error().message}}.dump());
    else return m.error();
  }
  return out;
}

Status StoreSnapshots(store::Tx& tx, const core::Clock& clock, const Snapshots& s) {
  if (s.stamps.empty()) return Status::Ok();
  HF_ASSIGN(std::string current, GetState(tx, "hire_stamps"));
  if (current != s.stamps) return Status::Ok();  // the hires changed meanwhile: the next job computes again
  std::string now = core::FormatInstant(clock.Now());
  for (const auto& [name, body] : s.items)
    HF_TRY(tx.Exec("INSERT INTO analytics_snapshots(name, stamps, body, computed_at) VALUES (?, ?, ?, ?) ON CONFLICT(name) "
                   "DO UPDATE SET stamps = excluded.stamps, body = excluded.body, computed_at = excluded.computed_at",
                   {name, s.stamps, body, now}));
  return Status::Ok();
}

Status RefreshSnapshots(store::Tx& tx, const core::Clock& clock) {
  HF_ASSIGN(Snapshots s, ComputeSnapshots(tx, clock));
  return StoreSnapshots(tx, clock, s);
}

}  // namespace detail

}  // namespace analytics
