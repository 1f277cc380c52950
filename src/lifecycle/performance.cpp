// Performance reviews: cycles (probation, quarterly, annual) with a rating scale, one review per
// employee with goals, the self review, the manager review, and HR's calibration, which finalises the
// rating into performance_final_ratings (read by analytics).
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

constexpr const char* kCycleCols =
    "id, name, kind, period_start, period_end, scale_min, scale_max, meets_threshold, status, version, created_at";

json CycleJson(const Rows::Row& r) {
  return {{"id", r.Int("id")}, {"name", r.Str("name")}, {"kind", r.Str("kind")}, {"period_start", r.Str("period_start")},
          {"period_end", r.Str("period_end")}, {"scale_min", r.Double("scale_min")}, {"scale_max", r.Double("scale_max")},
          {"meets_threshold", r.Double("meets_threshold")}, {"status", r.Str("status")}, {"version", r.Int("version")},
          {"created_at", r.Str("created_at")}};
}

constexpr const char* kReviewSelect =
    "SELECT r.id, r.cycle_id, r.employee_id, e.employee_no, e.name, e.manager_id, r.status, r.self_rating, r.self_comment, "
    "r.manager_rating, r.manager_comment, r.final_rating, r.calibration_note, r.finalized_at, r.version, r.updated_at, "
    "r.reviewer_employee_id, "
    "c.name AS cycle_name, c.kind, c.period_start, c.period_end, c.scale_min, c.scale_max, c.meets_threshold FROM reviews r "
    "JOIN employees e ON e.id = r.employee_id JOIN review_cycles c ON c.id = r.cycle_id";

json OptD(const Rows::Row& r, const char* c) { return r.IsNull(c) ? json(nullptr) : json(r.Double(c)); }

json ReviewJson(const Rows::Row& r) {
  return {{"id", r.Int("id")}, {"cycle_id", r.Int("cycle_id")}, {"cycle_name", r.Str("cycle_name")},
          {"cycle_kind", r.Str("kind")}, {"period_start", r.Str("period_start")}, {"period_end", r.Str("period_end")},
          {"scale_min", r.Double("scale_min")}, {"scale_max", r.Double("scale_max")},
          {"meets_threshold", r.Double("meets_threshold")}, {"employee_id", r.Int("employee_id")},
          {"employee_no", r.Str("employee_no")}, {"name", r.Str("name")}, {"status", r.Str("status")},
          {"self_rating", OptD(r, "self_rating")}, {"self_comment", r.Str("self_comment")},
          {"manager_rating", OptD(r, "manager_rating")}, {"manager_comment", r.Str("manager_comment")},
          {"final_rating", OptD(r, "final_rating")}, {"calibration_note", r.Str("calibration_note")},
          {"finalized_at", r.IsNull("finalized_at") ? json(nullptr) : json(r.Str("finalized_at"))},
          {"version", r.Int("version")}, {"updated_at", r.Str("updated_at")},
          {"reviewer_employee_id", r.IsNull("reviewer_employee_id") ? json(nullptr) : json(r.Int("reviewer_employee_id"))}};
}

Result<json> LoadReview(store::Tx& tx, int64_t id) {
  HF_ASSIGN(Rows r, tx.QueryOne(std::string(kReviewSelect) + " WHERE r.id = ?", {id}, "review"));
  json j = ReviewJson(r[0]);
  HF_ASSIGN(Rows g, tx.Query("SELECT id, title, weight, self_rating, manager_rating FROM review_goals WHERE review_id = ? "
                             "ORDER BY id",
                             {id}));
  j["goals"] = json::array();
  for (auto row : g)
    j["goals"].push_back({{"id", row.Int("id")}, {"title", row.Str("title")}, {"weight", row.Int("weight")},
                          {"self_rating", OptD(row, "self_rating")}, {"manager_rating", OptD(row, "manager_rating")}});
  return j;
}

Result<std::optional<double>> Rating(const json& body, const char* field, const json& review) {
  return OptNumber(body, field, review["scale_min"].get<double>(), review["scale_max"].get<double>());
}

}  // namespace

Result<ListResult> ListCycles(Env& env, const Page& page) {
  ListResult out;
  HF_ASSIGN(Rows n, env.tx.Query("SELECT count(*) AS n FROM review_cycles"));
  out.total = n[0].Int("n");
  HF_ASSIGN(Rows r, env.tx.Query(std::string("SELECT ") + kCycleCols +
                                     " FROM review_cycles ORDER BY period_end DESC, id DESC LIMIT ? OFFSET ?",
                                 {page.limit, page.offset}));
  for (auto row : r) {
    json j = CycleJson(row);
    HF_ASSIGN(Rows c, env.tx.Query("SELECT status, count(*) AS n FROM reviews WHERE cycle_id = ? GROUP BY status", {row.Int("id")}));
    json counts = json::object();
    for (auto x : c) counts[x.Str("status")] = x.Int("n");
    j["review_counts"] = counts;
    out.items.push_back(std::move(j));
  }
  return out;
}

Result<json> CreateCycle(Env& env, const json& body) {
  HF_TRY(RequireHr(env.who));
  HF_TRY(OnlyKeys(body, {"name", "kind", "period_start", "period_end", "scale_min", "scale_max", "meets_threshold",
                         "employee_ids"}));
  HF_ASSIGN(std::string name, ReqText(body, "name", 200));
  HF_ASSIGN(std::string kind, ReqText(body, "kind", 20));
  if (kind != "probation" && kind != "quarterly" && kind != "annual")
    return Error::Invalid("kind", "kind must be probation, quarterly or annual");
  HF_ASSIGN(Date start, ReqDate(body, "period_start"));
  HF_ASSIGN(Date end, ReqDate(body, "period_end"));
  if (end < start) return Error::Invalid("period_end", "period_end must not be before period_start");
  HF_ASSIGN(auto smin, OptNumber(body, "scale_min", 0, 100));
  HF_ASSIGN(auto smax, OptNumber(body, "scale_max", 0, 100));
  double lo = smin.value_or(1), hi = smax.value_or(5);
  if (hi <= lo) return Error::Invalid("scale_max", "scale_max must be above scale_min");
  HF_ASSIGN(auto thr, OptNumber(body, "meets_threshold", lo, hi));
  double threshold = thr.value_or(lo + (hi - lo) / 2);
  std::vector<int64_t> ids;
  if (body.contains("employee_ids") && !body["employee_ids"].is_null()) {
    if (!body["employee_ids"].is_array() || body["employee_ids"].size() > 10000)
      return Error::Invalid("employee_ids", "employee_ids must be an array of ids");
    for (auto& v : body["employee_ids"]) {
      if (!v.is_number_integer()) return Error::Invalid("employee_ids", "employee_ids must be an array of ids");
      HF_ASSIGN(Rows e, env.tx.Query("SELECT id FROM employees WHERE id = ?", {v.get<int64_t>()}));
      if (e.empty()) return Error::Invalid("employee_ids", "no such employee: " + v.dump());
      ids.push_back(v.get<int64_t>());
    }
  } else {
    // Probation: employees whose contract's probation ends within the period (hiring module), and
    // employees in status probation without a recorded probation end.
    HF_ASSIGN(Rows e, kind == "probation"
                          ? env.tx.Query("SELECT id FROM employees WHERE status <> 'left' AND (id IN (SELECT employee_id FROM "
                                         "labour_contracts WHERE employee_id IS NOT NULL AND probation_end >= ? AND "
                                         "probation_end <= ?) OR (status = 'probation' AND hire_date <= ? AND id NOT IN (SELECT "
                                         "employee_id FROM labour_contracts WHERE employee_id IS NOT NULL AND probation_end IS "
                                         "NOT NULL)))",
                                         {start.ToString(), end.ToString(), end.ToString()})
                          : env.tx.Query("SELECT id FROM employees WHERE status IN ('active', 'probation') AND hire_date <= ?",
                                         {end.ToString()}));
    for (auto r : e) ids.push_back(r.Int("id"));
  }
  std::string now = Now(env.clock);
  HF_ASSIGN(Rows r, env.tx.Query("INSERT INTO review_cycles(name, kind, period_start, period_end, scale_min, scale_max, "
                                 "meets_threshold, status, created_at, updated_at) VALUES (?,?,?,?,?,?,?,'open',?,?) "
                                 "RETURNING id",
                                 {name, kind, start.ToString(), end.ToString(), lo, hi, threshold, now, now}));
  int64_t id = r[0].Int("id");
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  for (int64_t e : ids)
    HF_TRY(env.tx.Exec("INSERT INTO reviews(cycle_id, employee_id, status, created_at, updated_at) VALUES (?,?,'self',?,?)",
                       {id, e, now, now}));
  HF_ASSIGN(Rows c, env.tx.Query(std::string("SELECT ") + kCycleCols + " FROM review_cycles WHERE id = ?", {id}));
  json after = CycleJson(c[0]);
  after["reviews"] = ids.size();
  HF_TRY(Audit(env, "create", "review_cycle", id, nullptr, after, name));
  return after;
}

Result<ListResult> ListReviews(Env& env, const std::string& scope, std::optional<int64_t> cycle_id, const Page& page) {
  std::string where;
  store::Params p;
  if (scope.empty() || scope == "mine") {
    where = "r.employee_id = ?";
    p.push_back(env.who.employee_id.value_or(-1));
  } else if (scope == "team") {
    where = "e.manager_id = ?";
    p.push_back(env.who.employee_id.value_or(-1));
  } else if (scope == "all") {
    HF_TRY(RequireHr(env.who));
    where = "1=1";
  } else {
    return Error::Invalid("scope", "scope must be mine, team or all");
  }
  if (cycle_id) {
    where += " AND r.cycle_id = ?";
    p.push_back(*cycle_id);
  }
  ListResult out;
  HF_ASSIGN(Rows n, env.tx.Query("SELECT count(*) AS n FROM reviews r JOIN employees e ON e.id = r.employee_id WHERE " + where, p));
  out.total = n[0].Int("n");
  p.push_back(page.limit);
  p.push_back(page.offset);
  HF_ASSIGN(Rows r, env.tx.Query(std::string(kReviewSelect) + " WHERE " + where +
                                     " ORDER BY c.period_end DESC, e.employee_no LIMIT ? OFFSET ?",
                                 p));
  for (auto row : r) out.items.push_back(ReviewJson(row));
  return out;
}

Result<json> GetReview(Env& env, int64_t id) {
  HF_ASSIGN(json j, LoadReview(env.tx, id));
  HF_ASSIGN(Employee e, LoadEmployee(env.tx, j["employee_id"].get<int64_t>()));
  auto sees = CheckSees(env, e, false);
  if (!sees.ok()) return Error::NotFound("no such review");
  bool own = env.who.employee_id && *env.who.employee_id == e.id;
  // The employee sees the manager's rating and the final rating once finalised.
  if (own && !org::IsHrOrAdmin(env.who) && j["status"] != "finalized") {
    j["manager_rating"] = nullptr;
    j["manager_comment"] = "";
    for (auto& g : j["goals"]) g["manager_rating"] = nullptr;
  }
  return j;
}

Result<json> SelfReview(Env& env, int64_t id, const json& body) {
  HF_ASSIGN(json before, LoadReview(env.tx, id));
  if (!env.who.employee_id || *env.who.employee_id != before["employee_id"].get<int64_t>())
    return Error::NotFound("no such review");
  HF_TRY(OnlyKeys(body, {"self_rating", "self_comment", "goals", "submit", "version"}));
  if (before["status"] != "self") return Error::Conflict("the self review was already submitted", "not_self_stage");
  HF_ASSIGN(auto rating, Rating(body, "self_rating", before));
  HF_ASSIGN(auto comment, OptText(body, "self_comment", 5000));
  HF_ASSIGN(auto submit, OptBool(body, "submit"));
  HF_ASSIGN(int64_t version, RequireVersion(body));
  if (body.contains("goals")) {
    if (!body["goals"].is_array() || body["goals"].size() > 20) return Error::Invalid("goals", "goals must be an array of at most 20");
    HF_TRY(env.tx.Exec("DELETE FROM review_goals WHERE review_id = ?", {id}));
    for (size_t i = 0; i < body["goals"].size(); ++i) {
      const json& g = body["goals"][i];
      std::string f = "goals[" + std::to_string(i) + "]";
      if (!g.is_object()) return Error::Invalid(f, f + " must be an object");
      HF_ASSIGN(std::string title, ReqText(g, "title", 300));
      int64_t weight = 0;
      if (g.contains("weight") && !g["weight"].is_null()) {
        if (!g["weight"].is_number_integer() || g["weight"].get<int64_t>() < 0 || g["weight"].get<int64_t>() > 100)
          return Error::Invalid(f + ".weight", "weight must be an integer 0..100");
        weight = g["weight"].get<int64_t>();
      }
      HF_ASSIGN(auto gr, Rating(g, "self_rating", before));
      HF_TRY(env.tx.Exec("INSERT INTO review_goals(review_id, title, weight, self_rating) VALUES (?,?,?,?)",
                         {id, title, weight, gr}));
    }
  }
  if (submit.value_or(false) && !rating && before["self_rating"].is_null())
    return Error::Invalid("self_rating", "self_rating is required to submit");
  std::string status = submit.value_or(false) ? "manager" : "self";
  HF_ASSIGN(int64_t n, env.tx.Exec("UPDATE reviews SET self_rating = COALESCE(?, self_rating), self_comment = COALESCE(?, "
                                   "self_comment), status = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
                                   {rating, comment, status, Now(env.clock), id, version}));
  if (n == 0) return VersionConflict("review");
  HF_ASSIGN(json after, LoadReview(env.tx, id));
  HF_TRY(Audit(env, submit.value_or(false) ? "submit_self" : "update_self", "review", id, before, after,
               before["name"].get<std::string>()));
  return after;
}

Result<json> ManagerReview(Env& env, int64_t id, const json& body) {
  HF_ASSIGN(json before, LoadReview(env.tx, id));
  HF_ASSIGN(Employee e, LoadEmployee(env.tx, before["employee_id"].get<int64_t>()));
  if (!IsManagerOf(env, e) && !org::IsHrOrAdmin(env.who)) return Error::NotFound("no such review");
  if (env.who.employee_id && *env.who.employee_id == e.id) return Error::Forbidden("you cannot rate yourself as manager");
  HF_TRY(OnlyKeys(body, {"manager_rating", "manager_comment", "goals", "submit", "version"}));
  if (before["status"] == "finalized") return Error::Conflict("the review is finalised", "finalized");
  HF_ASSIGN(auto rating, Rating(body, "manager_rating", before));
  HF_ASSIGN(auto comment, OptText(body, "manager_comment", 5000));
  HF_ASSIGN(auto submit, OptBool(body, "submit"));
  HF_ASSIGN(int64_t version, RequireVersion(body));
  if (body.contains("goals")) {
    if (!body["goals"].is_array()) return Error::Invalid("goals", "goals must be an array");
    for (size_t i = 0; i < body["goals"].size(); ++i) {
      const json& g = body["goals"][i];
      std::string f = "goals[" + std::to_string(i) + "]";
      if (!g.is_object()) return Error::Invalid(f, f + " must be an object");
      HF_ASSIGN(int64_t gid, ReqId(g, "id"));
      HF_ASSIGN(auto gr, Rating(g, "manager_rating", before));
      HF_ASSIGN(int64_t n, env.tx.Exec("UPDATE review_goals SET manager_rating = ? WHERE id = ? AND review_id = ?", {gr, gid, id}));
      if (n == 0) return Error::Invalid(f + ".id", "no such goal in this review");
    }
  }
  if (submit.value_or(false) && !rating && before["manager_rating"].is_null())
    return Error::Invalid("manager_rating", "manager_rating is required to submit");
  std::string status = submit.value_or(false) ? "calibration" : before["status"].get<std::string>();
  HF_ASSIGN(int64_t n, env.tx.Exec("UPDATE reviews SET manager_rating = COALESCE(?, manager_rating), manager_comment = "
                                   "COALESCE(?, manager_comment), status = ?, version = version + 1, updated_at = ? WHERE "
                                   "id = ? AND version = ?",
                                   {rating, comment, status, Now(env.clock), id, version}));
  if (n == 0) return VersionConflict("review");
  HF_ASSIGN(json after, LoadReview(env.tx, id));
  HF_TRY(Audit(env, submit.value_or(false) ? "submit_manager" : "update_manager", "review", id, before, after,
               before["name"].get<std::string>()));
  return after;
}

Result<json> FinalizeReview(Env& env, int64_t id, const json& body) {
  HF_TRY(RequireHr(env.who));
  HF_ASSIGN(json before, LoadReview(env.tx, id));
  HF_TRY(OnlyKeys(body, {"rating", "note", "version"}));
  if (before["status"] == "finalized") return Error::Conflict("the review is already finalised", "finalized");
  HF_ASSIGN(auto rating, Rating(body, "rating", before));
  HF_ASSIGN(auto note, OptText(body, "note", 5000));
  HF_ASSIGN(int64_t version, RequireVersion(body));
  if (!rating) {
    if (before["manager_rating"].is_null()) return Error::Invalid("rating", "rating is required (no manager rating to confirm)");
    rating = before["manager_rating"].get<double>();
  }
  if (env.who.employee_id && *env.who.employee_id == before["employee_id"].get<int64_t>())
    return Error::Forbidden("you cannot finalise your own review");
  std::string now = Now(env.clock);
  HF_ASSIGN(int64_t n, env.tx.Exec("UPDATE reviews SET final_rating = ?, calibration_note = ?, status = 'finalized', "
                                   "finalized_at = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
                                   {*rating, note.value_or(""), now, now, id, version}));
  if (n == 0) return VersionConflict("review");
  bool meets = *rating >= before["meets_threshold"].get<double>();
  HF_TRY(env.tx.Exec("INSERT INTO performance_final_ratings(employee_id, cycle_id, cycle_kind, period_start, period_end, "
                     "rating, scale_min, scale_max, meets_expectations, finalized_at) VALUES (?,?,?,?,?,?,?,?,?,?) ON "
                     "CONFLICT (employee_id, cycle_kind, period_end) DO UPDATE SET cycle_id = excluded.cycle_id, "
                     "period_start = excluded.period_start, rating = excluded.rating, scale_min = excluded.scale_min, "
                     "scale_max = excluded.scale_max, meets_expectations = excluded.meets_expectations, "
                     "finalized_at = excluded.finalized_at",
                     {before["employee_id"].get<int64_t>(), before["cycle_id"].get<int64_t>(),
                      before["cycle_kind"].get<std::string>(), before["period_start"].get<std::string>(),
                      before["period_end"].get<std::string>(), *rating, before["scale_min"].get<double>(),
                      before["scale_max"].get<double>(), meets ? 1 : 0, now}));
  HF_ASSIGN(json after, LoadReview(env.tx, id));
  after["meets_expectations"] = meets;
  HF_TRY(org::AuditChange(env.tx, &env.who, env.clock, env.request_id, "finalize", "review", std::to_string(id), before,
                          after, before["name"].get<std::string>(), "performance.finalized"));
  return after;
}

Result<json> FinalRatings(Env& env, int64_t employee_id) {
  HF_ASSIGN(Employee e, LoadEmployee(env.tx, employee_id));
  HF_TRY(CheckSees(env, e, false));
  HF_ASSIGN(Rows r, env.tx.Query("SELECT cycle_id, cycle_kind, period_start, period_end, rating, scale_min, scale_max, "
                                 "meets_expectations, finalized_at FROM performance_final_ratings WHERE employee_id = ? "
                                 "ORDER BY period_end DESC, cycle_kind",
                                 {employee_id}));
  json items = json::array();
  for (auto row : r)
    items.push_back({{"cycle_id", row.IsNull("cycle_id") ? json(nullptr) : json(row.Int("cycle_id"))},
                     {"cycle_kind", row.Str("cycle_kind")}, {"period_start", row.Str("period_start")},
                     {"period_end", row.Str("period_end")}, {"rating", row.Double("rating")},
                     {"scale_min", row.Double("scale_min")}, {"scale_max", row.Double("scale_max")},
                     {"meets_expectations", row.Int("meets_expectations") != 0}, {"finalized_at", row.Str("finalized_at")}});
  return json{{"employee_id", e.id}, {"employee_no", e.employee_no}, {"name", e.name}, {"items", items}};
}

}  // namespace lifecycle
