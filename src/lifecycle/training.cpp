// Training: courses, dated sessions, enrolments with attendance and results.
#include "lifecycle/detail.h"

namespace lifecycle {

using core::Date;
using core::Error;
using core::Result;
using nlohmann::json;
using store::Rows;
using namespace detail;

namespace {
json Hours(int64_t x) { return x % 100 == 0 ? json(x / 100) : json(double(x) / 100.0); }
json OptI(const Rows::Row& r, const char* c) { return r.IsNull(c) ? json(nullptr) : json(r.Int(c) != 0); }
json OptD(const Rows::Row& r, const char* c) { return r.IsNull(c) ? json(nullptr) : json(r.Double(c)); }
}  // namespace

Result<json> ListCourses(Env& env) {
  HF_ASSIGN(Rows r, env.tx.Query("SELECT id, title, description, provider, hours_x100, version FROM training_courses ORDER BY id DESC"));
  HF_ASSIGN(Rows s, env.tx.Query("SELECT s.id, s.course_id, s.session_date, s.location, s.capacity, (SELECT count(*) FROM "
                                 "training_enrollments x WHERE x.session_id = s.id) AS enrolled FROM training_sessions s "
                                 "ORDER BY s.session_date"));
  json items = json::array();
  for (auto c : r) {
    json sessions = json::array();
    for (auto x : s)
      if (x.Int("course_id") == c.Int("id"))
        sessions.push_back({{"id", x.Int("id")}, {"session_date", x.Str("session_date")}, {"location", x.Str("location")},
                            {"capacity", x.IsNull("capacity") ? json(nullptr) : json(x.Int("capacity"))},
                            {"enrolled", x.Int("enrolled")}});
    items.push_back({{"id", c.Int("id")}, {"title", c.Str("title")}, {"description", c.Str("description")},
                     {"provider", c.Str("provider")}, {"hours", Hours(c.Int("hours_x100"))}, {"version", c.Int("version")},
                     {"sessions", sessions}});
  }
  return json{{"items", items}};
}

Result<json> CreateCourse(Env& env, const json& body) {
  HF_TRY(RequireHr(env.who));
  HF_TRY(OnlyKeys(body, {"title", "description", "provider", "hours"}));
  HF_ASSIGN(std::string title, ReqText(body, "title", 300));
  HF_ASSIGN(auto desc, OptText(body, "description", 5000));
  HF_ASSIGN(auto provider, OptText(body, "provider", 200));
  HF_ASSIGN(auto hours, OptNumber(body, "hours", 0, 1000));
  std::string now = Now(env.clock);
  HF_ASSIGN(Rows r, env.tx.Query("INSERT INTO training_courses(title, description, provider, hours_x100, created_at, updated_at) "
                                 "VALUES (?,?,?,?,?,?) RETURNING id",
                                 {title, desc.value_or(""), provider.value_or(""), int64_t(hours.value_or(0) * 100 + 0.5), now, now}));
  json after = {{"id", r[0].Int("id")}, {"title", title}, {"description", desc.value_or("")},
                {"provider", provider.value_or("")}, {"hours", hours.value_or(0)}, {"version", 1}, {"sessions", json::array()}};
  HF_TRY(Audit(env, "create", "training_course", r[0].Int("id"), nullptr, after, title));
  return after;
}

Result<json> CreateSession(Env& env, int64_t course_id, const json& body) {
  HF_TRY(RequireHr(env.who));
  HF_TRY(OnlyKeys(body, {"session_date", "location", "capacity"}));
  HF_ASSIGN(Rows c, env.tx.QueryOne("SELECT title FROM training_courses WHERE id = ?", {course_id}, "course"));
  HF_ASSIGN(Date d, ReqDate(body, "session_date"));
  HF_ASSIGN(auto loc, OptText(body, "location", 300));
  std::optional<int64_t> cap;
  if (body.contains("capacity") && !body["capacity"].is_null()) {
    if (!body["capacity"].is_number_integer() || body["capacity"].get<int64_t>() < 1 || body["capacity"].get<int64_t>() > 100000)
      return Error::Invalid("capacity", "capacity must be a positive integer");
    cap = body["capacity"].get<int64_t>();
  }
  HF_ASSIGN(Rows r, env.tx.Query("INSERT INTO training_sessions(course_id, session_date, location, capacity, created_at) VALUES "
                                 "(?,?,?,?,?) RETURNING id",
                                 {course_id, d.ToString(), loc.value_or(""), cap, Now(env.clock)}));
  HF_ASSIGN(json after, GetSession(env, r[0].Int("id")));
  HF_TRY(Audit(env, "create", "training_session", r[0].Int("id"), nullptr, after, c[0].Str("title") + " " + d.ToString()));
  return after;
}

Result<json> GetSession(Env& env, int64_t id) {
  HF_TRY(RequireHr(env.who));
  HF_ASSIGN(Rows s, env.tx.QueryOne("SELECT s.id, s.course_id, c.title, s.session_date, s.location, s.capacity FROM "
                                    "training_sessions s JOIN training_courses c ON c.id = s.course_id WHERE s.id = ?",
                                    {id}, "session"));
  HF_ASSIGN(Rows e, env.tx.Query("SELECT x.id, x.employee_id, e.employee_no, e.name, x.attended, x.score, x.passed, x.version "
                                 "FROM training_enrollments x JOIN employees e ON e.id = x.employee_id WHERE x.session_id = ? "
                                 "ORDER BY e.employee_no",
                                 {id}));
  json people = json::array();
  for (auto r : e)
    people.push_back({{"id", r.Int("id")}, {"employee_id", r.Int("employee_id")}, {"employee_no", r.Str("employee_no")},
                      {"name", r.Str("name")}, {"attended", OptI(r, "attended")}, {"score", OptD(r, "score")},
                      {"passed", OptI(r, "passed")}, {"version", r.Int("version")}});
  return json{{"id", s[0].Int("id")}, {"course_id", s[0].Int("course_id")}, {"title", s[0].Str("title")},
              {"session_date", s[0].Str("session_date")}, {"location", s[0].Str("location")},
              {"capacity", s[0].IsNull("capacity") ? json(nullptr) : json(s[0].Int("capacity"))}, {"enrollments", people}};
}

Result<json> Enroll(Env& env, int64_t session_id, const json& body) {
  HF_TRY(RequireHr(env.who));
  HF_TRY(OnlyKeys(body, {"employee_ids"}));
  HF_ASSIGN(json s, GetSession(env, session_id));
  if (!body.contains("employee_ids") || !body["employee_ids"].is_array() || body["employee_ids"].empty() ||
      body["employee_ids"].size() > 1000)
    return Error::Invalid("employee_ids", "employee_ids must be a non-empty array of ids");
  int64_t count = s["enrollments"].size();
  std::string now = Now(env.clock);
  for (auto& v : body["employee_ids"]) {
    if (!v.is_number_integer()) return Error::Invalid("employee_ids", "employee_ids must be ids");
    HF_ASSIGN(Rows e, env.tx.Query("SELECT id FROM employees WHERE id = ?", {v.get<int64_t>()}));
    if (e.empty()) return Error::Invalid("employee_ids", "no such employee: " + v.dump());
    HF_ASSIGN(Rows dup, env.tx.Query("SELECT id FROM training_enrollments WHERE session_id = ? AND employee_id = ?",
                                     {session_id, v.get<int64_t>()}));
    if (!dup.empty()) continue;
    if (!s["capacity"].is_null() && count >= s["capacity"].get<int64_t>())
      return Error::Conflict("the session is full", "session_full");
    HF_TRY(env.tx.Exec("INSERT INTO training_enrollments(session_id, employee_id, updated_at) VALUES (?,?,?)",
                       {session_id, v.get<int64_t>(), now}));
    ++count;
  }
  HF_ASSIGN(json after, GetSession(env, session_id));
  HF_TRY(Audit(env, "enroll", "training_session", session_id, s, after, s["title"].get<std::string>()));
  return after;
}

Result<json> RecordResult(Env& env, int64_t id, const json& body) {
  HF_TRY(RequireHr(env.who));
  HF_ASSIGN(Rows cur, env.tx.QueryOne("SELECT session_id, attended, score, passed FROM training_enrollments WHERE id = ?", {id},
                                      "enrolment"));
  HF_TRY(OnlyKeys(body, {"attended", "score", "passed", "version"}));
  HF_ASSIGN(auto attended, OptBool(body, "attended"));
  HF_ASSIGN(auto score, OptNumber(body, "score", 0, 1000));
  HF_ASSIGN(auto passed, OptBool(body, "passed"));
  HF_ASSIGN(int64_t version, RequireVersion(body));
  json before = {{"attended", OptI(cur[0], "attended")}, {"score", OptD(cur[0], "score")}, {"passed", OptI(cur[0], "passed")}};
  HF_ASSIGN(int64_t n, env.tx.Exec("UPDATE training_enrollments SET attended = COALESCE(?, attended), score = COALESCE(?, score), "
                                   "passed = COALESCE(?, passed), version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
                                   {attended, score, passed, Now(env.clock), id, version}));
  if (n == 0) return VersionConflict("enrolment");
  HF_ASSIGN(json after, GetSession(env, cur[0].Int("session_id")));
  HF_TRY(Audit(env, "record_result", "training_enrollment", id, before,
               {{"attended", attended ? json(*attended) : before["attended"]}, {"score", score ? json(*score) : before["score"]},
                {"passed", passed ? json(*passed) : before["passed"]}},
               after["title"].get<std::string>()));
  return after;
}

Result<json> MyTraining(Env& env) {
  json items = json::array();
  if (!env.who.employee_id) return json{{"items", items}};
  HF_ASSIGN(Rows r, env.tx.Query("SELECT c.title, c.hours_x100, s.session_date, s.location, x.attended, x.score, x.passed FROM "
                                 "training_enrollments x JOIN training_sessions s ON s.id = x.session_id JOIN training_courses c "
                                 "ON c.id = s.course_id WHERE x.employee_id = ? ORDER BY s.session_date DESC",
                                 {*env.who.employee_id}));
  for (auto row : r)
    items.push_back({{"title", row.Str("title")}, {"hours", Hours(row.Int("hours_x100"))},
                     {"session_date", row.Str("session_date")}, {"location", row.Str("location")},
                     {"attended", OptI(row, "attended")}, {"score", OptD(row, "score")}, {"passed", OptI(row, "passed")}});
  return json{{"items", items}};
}

}  // namespace lifecycle
