// Probation reviews opened automatically: a daily job (and HR's "run now") opens a review for every
// employee whose probation (employees.probation_end, set by hiring's onboarding or by HR) ends within
// the configured number of days and who has no probation review yet. Reviews go into one probation
// cycle per month of the probation end (review_cycles.auto_key "probation:YYYY-MM", unique, so two
// runs never open two cycles), the employee's manager is recorded as the reviewer, and the manager's
// accounts are notified in-app (job lifecycle.review_notify, from the audit's outbox event).
#include "lifecycle/detail.h"

namespace lifecycle {

using core::Date;
using core::Error;
using core::Result;
using core::Status;
using nlohmann::json;
using store::Rows;
using namespace detail;

namespace {

constexpr int kDefaultDays = 14;
constexpr const char* kDailyJob = "lifecycle.probation_reviews";

Result<json> LoadSettings(store::Tx& tx) {
  HF_ASSIGN(Rows r, tx.Query("SELECT probation_review_days, version, updated_at FROM lifecycle_settings WHERE id = 1"));
  if (r.empty()) return json{{"probation_review_days", kDefaultDays}, {"version", 1}, {"updated_at", nullptr}, {"stored", false}};
  return json{{"probation_review_days", r[0].Int("probation_review_days")}, {"version", r[0].Int("version")},
              {"updated_at", r[0].Str("updated_at")}, {"stored", true}};
}

std::string DayKey(const Date& d) { return std::string("lifecycle.probation:") + d.ToString(); }

}  // namespace

Result<json> ProbationSettings(Env& env) {
  HF_TRY(RequireHr(env.who));
  HF_ASSIGN(json s, LoadSettings(env.tx));
  s.erase("stored");
  return s;
}

Result<json> UpdateProbationSettings(Env& env, const json& body) {
  HF_TRY(RequireHr(env.who));
  HF_TRY(OnlyKeys(body, {"probation_review_days", "version"}));
  if (!body.contains("probation_review_days") || !body["probation_review_days"].is_number_integer() ||
      body["probation_review_days"].get<int64_t>() < 0 || body["probation_review_days"].get<int64_t>() > 90)
    return Error::Invalid("probation_review_days", "probation_review_days must be a whole number of days from 0 to 90");
  HF_ASSIGN(int64_t version, RequireVersion(body));
  HF_ASSIGN(json before, LoadSettings(env.tx));
  if (before["version"].get<int64_t>() != version) return VersionConflict("lifecycle settings");
  int64_t days = body["probation_review_days"].get<int64_t>();
  std::string now = Now(env.clock);
  if (!before["stored"].get<bool>()) {  // the defaults are version 1; the first stored row is version 2
    HF_ASSIGN(Rows ins, env.tx.Query("INSERT INTO lifecycle_settings(id, probation_review_days, version, updated_at) VALUES "
                                     "(1, ?, 2, ?) ON CONFLICT (id) DO NOTHING RETURNING id",
                                     {days, now}));
    if (ins.empty()) {
      return VersionConflict("lifecycle settings");
    }
  } else {
    HF_ASSIGN(int64_t n, env.tx.Exec("UPDATE lifecycle_settings SET probation_review_days = ?, version = version + 1, "
                                     "updated_at = ? WHERE id = 1 AND version = ?",
                                     {days, now, version}));
    if (n != 1) {
      return VersionConflict("lifecycle settings");
    }
  }
  HF_ASSIGN(json after, LoadSettings(env.tx));
  before.erase("stored");
  after.erase("stored");
  HF_TRY(Audit(env, "update", "lifecycle_settings", 1, before, after, "lifecycle settings"));
  return after;
}

Result<json> SetProbationEnd(Env& env, int64_t employee_id, const json& body) {
  HF_TRY(RequireHr(env.who));
  HF_TRY(OnlyKeys(body, {"probation_end"}));
  if (!body.contains("probation_end")) return Error::Invalid("probation_end", "probation_end is required (a date or null)");
  std::optional<std::string> end;
  if (!body["probation_end"].is_null()) {
    HF_ASSIGN(Date d, ReqDate(body, "probation_end"));
    end = d.ToString();
  }
  HF_ASSIGN(Employee e, LoadEmployee(env.tx, employee_id));
  HF_ASSIGN(Rows r, env.tx.Query("SELECT probation_end FROM employees WHERE id = ?", {employee_id}));
  json before = {{"probation_end", r[0].IsNull("probation_end") ? json(nullptr) : json(r[0].Str("probation_end"))}};
  if (end && Date::Parse(*end).value() < e.hire_date)
    return Error::Invalid("probation_end", "probation_end must not be before the hire date");
  HF_TRY(env.tx.Exec("UPDATE employees SET probation_end = ?, version = version + 1, updated_at = ? WHERE id = ?",
                     {end ? store::Param(*end) : store::Param(std::nullopt), Now(env.clock), employee_id}));
  json after = {{"employee_id", employee_id}, {"probation_end", end ? json(*end) : json(nullptr)}};
  HF_TRY(Audit(env, "set_probation_end", "employee", employee_id, before, after, e.name));
  return after;
}

Result<json> OpenProbationReviews(Env& env, std::optional<Date> as_of, std::optional<int> days_ahead) {
  Date today = as_of.value_or(LocalToday(env.clock));
  int days = 0;
  if (days_ahead) {
    days = *days_ahead;
  } else {
    HF_ASSIGN(json s, LoadSettings(env.tx));
    days = int(s["probation_review_days"].get<int64_t>());
  }
  Date until = today.AddDays(days);
  // Employees still employed whose probation ends in [today, today + days] and who have no review in
  // any probation cycle (whoever opened it: HR by hand or an earlier run).
  HF_ASSIGN(Rows due, env.tx.Query("SELECT e.id, e.name, e.manager_id, e.probation_end FROM employees e WHERE e.status IN "
                                   "('active', 'probation') AND e.probation_end IS NOT NULL AND e.probation_end >= ? AND "
                                   "e.probation_end <= ? AND NOT EXISTS (SELECT 1 FROM reviews r JOIN review_cycles c ON "
                                   "c.id = r.cycle_id WHERE r.employee_id = e.id AND c.kind = 'probation') ORDER BY e.id",
                                   {today.ToString(), until.ToString()}));
  json opened = json::array();
  std::string now = Now(env.clock);
  for (auto row : due) {
    std::string end = row.Str("probation_end");
    std::string month = end.substr(0, 7);
    HF_ASSIGN(Date first, Date::Parse(month + "-01"));
    Date last = first.AddDays(31);
    last = Date::Parse(last.ToString().substr(0, 7) + "-01").value().AddDays(-1);
    std::string key = "probation:" + month;
    HF_TRY(env.tx.Exec("INSERT INTO review_cycles(name, kind, period_start, period_end, scale_min, scale_max, meets_threshold, "
                       "status, auto_key, created_at, updated_at) VALUES (?, 'probation', ?, ?, 1, 5, 3, 'open', ?, ?, ?) "
                       "ON CONFLICT (auto_key) DO NOTHING",
                       {"试用期考核 Probation " + month, first.ToString(), last.ToString(), key, now, now}));
    HF_ASSIGN(Rows c, env.tx.Query("SELECT id FROM review_cycles WHERE auto_key = ?", {key}));
    int64_t cycle_id = c[0].Int("id");
    auto manager = row.OptInt("manager_id");
    HF_ASSIGN(Rows ins, env.tx.Query("INSERT INTO reviews(cycle_id, employee_id, status, reviewer_employee_id, created_at, "
                                     "updated_at) VALUES (?,?,'self',?,?,?) ON CONFLICT (cycle_id, employee_id) DO NOTHING "
                                     "RETURNING id",
                                     {cycle_id, row.Int("id"), manager ? store::Param(*manager) : store::Param(std::nullopt), now, now}));
    if (ins.empty()) continue;
    int64_t review_id = ins[0].Int("id");
    json after = {{"review_id", review_id}, {"cycle_id", cycle_id}, {"employee_id", row.Int("id")},
                  {"probation_end", end}, {"reviewer_employee_id", manager ? json(*manager) : json(nullptr)}};
    HF_TRY(Audit(env, "probation_open", "review", review_id, nullptr, after, row.Str("name")));
    opened.push_back(after);
  }
  return json{{"as_of", today.ToString()}, {"days_ahead", days}, {"until", until.ToString()}, {"opened", opened}};
}

Result<json> OpenProbationReviewsNow(Env& env, const json& body) {
  HF_TRY(RequireHr(env.who));
  HF_TRY(OnlyKeys(body, {"as_of", "days_ahead"}));
  std::optional<Date> as_of;
  if (body.contains("as_of") && !body["as_of"].is_null()) {
    HF_ASSIGN(Date d, ReqDate(body, "as_of"));
    as_of = d;
  }
  std::optional<int> days;
  if (body.contains("days_ahead") && !body["days_ahead"].is_null()) {
    if (!body["days_ahead"].is_number_integer() || body["days_ahead"].get<int64_t>() < 0 || body["days_ahead"].get<int64_t>() > 90)
      return Error::Invalid("days_ahead", "days_ahead must be a whole number of days from 0 to 90");
    days = int(body["days_ahead"].get<int64_t>());
  }
  return OpenProbationReviews(env, as_of, days);
}

namespace detail {

void RegisterProbationJobs(jobs::Queue& queue, store::Db& db, const core::Clock& clock) {
  queue.Register(kDailyJob, [&clock](const jobs::Job& job, store::Tx& tx) -> Status {
    auth::Principal system{0, "system", auth::Role::kAdmin, {}, {}, false};
    Env env{tx, system, clock, "job-" + std::to_string(job.id), nullptr};
    HF_TRY(OpenProbationReviews(env, std::nullopt, std::nullopt));
    jobs::EnqueueOptions o;  // tomorrow's run, once however many processes run it
    o.delay = std::chrono::hours(24);
    o.dedupe_key = DayKey(LocalToday(clock).AddDays(1));
    HF_TRY(jobs::Enqueue(tx, kDailyJob, json::object(), clock, o));
    return {};
  });
  queue.Subscribe("review.probation_open", "lifecycle.review_notify");
  queue.Register("lifecycle.review_notify", [&clock](const jobs::Job& job, store::Tx& tx) -> Status {
    int64_t id = std::atoll(job.payload.value("entity_id", std::string("0")).c_str());
    HF_ASSIGN(Rows r, tx.Query("SELECT r.reviewer_employee_id, e.name, e.probation_end FROM reviews r JOIN employees e ON "
                               "e.id = r.employee_id WHERE r.id = ?",
                               {id}));
    if (r.empty() || r[0].IsNull("reviewer_employee_id")) return {};
    std::string body = r[0].Str("name") + " " + (r[0].IsNull("probation_end") ? "" : r[0].Str("probation_end"));
    HF_ASSIGN(Rows users, tx.Query("SELECT id, locale FROM users WHERE employee_id = ? AND disabled = 0",
                                   {r[0].Int("reviewer_employee_id")}));
    for (auto u : users) {
      bool zh = u.Str("locale") != "en";
      HF_TRY(jobs::Notify(tx,
                          {u.Int("id"), "review.probation_open", zh ? "试用期考核待评估" : "Probation review to complete", body,
                           std::string("/performance"),
                           {{"employee", r[0].Str("name")}, {"probation_end", r[0].IsNull("probation_end") ? "" : r[0].Str("probation_end")}},
                           job.payload.value("event_id", int64_t(0))},
                          clock));
    }
    return {};
  });
  // Today's run: once per day however many processes start (the key is the date).
  auto tx = db.Begin(true);
  if (!tx.ok()) return;
  jobs::EnqueueOptions o;
  o.dedupe_key = DayKey(LocalToday(clock));
  if (jobs::Enqueue(**tx, kDailyJob, json::object(), clock, o).ok()) (void)(*tx)->Commit();
}

}  // namespace detail

}  // namespace lifecycle
