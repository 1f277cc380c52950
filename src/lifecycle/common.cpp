#include <chrono>

#include "lifecycle/detail.h"

namespace lifecycle {

using core::Error;
using core::Result;
using core::Status;
using nlohmann::json;

Status RequireHr(const auth::Principal& p) { return org::RequireHrOrAdmin(p); }
Status RequireStaff(const auth::Principal&) { return {}; }
Status RequireTeamView(const auth::Principal&) { return {}; }

namespace detail {

std::string Now(const core::Clock& clock) { return core::FormatInstant(clock.Now()); }

namespace {
constexpr int64_t kOffsetMs = 8LL * 3600 * 1000;
constexpr int64_t kDayMs = 86400LL * 1000;
int64_t LocalMs(const core::Clock& clock) { return clock.Now().time_since_epoch().count() + kOffsetMs; }
}  // namespace

core::Date LocalToday(const core::Clock& clock) {
  int64_t ms = LocalMs(clock);
  int64_t days = ms >= 0 ? ms / kDayMs : -((-ms + kDayMs - 1) / kDayMs);
  return core::Date::FromDays(days);
}
int LocalMinutes(const core::Clock& clock) {
  int64_t ms = LocalMs(clock) % kDayMs;
  if (ms < 0) ms += kDayMs;
  return int(ms / 60000);
}

Status Audit(Env& env, const char* action, std::string_view entity, int64_t id, const json& before, const json& after,
             const std::string& subject) {
  return org::AuditChange(env.tx, &env.who, env.clock, env.request_id, action, entity, std::to_string(id), before, after,
                          subject);
}

std::string InList(const std::vector<int64_t>& ids) {
  if (ids.empty()) return "(NULL)";
  std::string s = "(";
  for (size_t i = 0; i < ids.size(); ++i) s += (i ? "," : "") + std::to_string(ids[i]);
  return s + ")";
}

Result<Employee> LoadEmployee(store::Tx& tx, int64_t id) {
  HF_ASSIGN(store::Rows r, tx.Query("SELECT id, employee_no, name, status, hire_date, manager_id, department_id FROM "
                                    "employees WHERE id = ?",
                                    {id}));
  if (r.empty()) return Error::NotFound("no such employee");
  Employee e;
  e.id = r[0].Int("id");
  e.employee_no = r[0].Str("employee_no");
  e.name = r[0].Str("name");
  e.status = r[0].Str("status");
  HF_ASSIGN(e.hire_date, core::Date::Parse(r[0].Str("hire_date"), "hire_date"));
  e.manager_id = r[0].OptInt("manager_id");
  e.department_id = r[0].OptInt("department_id");
  return e;
}

Result<int64_t> Me(const Env& env) {
  if (!env.who.employee_id) return Error::NotFound("no employee record is linked to your account");
  return *env.who.employee_id;
}

bool IsManagerOf(const Env& env, const Employee& e) {
  return env.who.employee_id && e.manager_id && *e.manager_id == *env.who.employee_id && e.id != *env.who.employee_id;
}

Status CheckSees(Env& env, const Employee& e, bool department_scope) {
  if (org::IsHrOrAdmin(env.who)) return {};
  if (env.who.employee_id && *env.who.employee_id == e.id) return {};
  if (IsManagerOf(env, e)) return {};
  if (department_scope && env.who.role == auth::Role::kHiringManager && e.department_id) {
    HF_ASSIGN(auto depts, org::VisibleDepartments(env.tx, env.who));
    if (depts && std::find(depts->begin(), depts->end(), *e.department_id) != depts->end()) return {};
  }
  return Error::NotFound("no such employee");
}

Result<std::pair<int, unsigned>> ParseMonth(std::string_view t, std::string_view field) {
  auto bad = Error::Invalid(std::string(field), std::string(field) + " must be a month YYYY-MM");
  if (t.size() != 7 || t[4] != '-') return bad;
  auto d = core::Date::Parse(std::string(t) + "-01", field);
  if (!d.ok() || d->year() < 2000 || d->year() > 2999) return bad;
  return std::make_pair(d->year(), d->month());
}

Result<int64_t> ReqId(const json& body, const char* field) {
  if (!body.contains(field) || body[field].is_null()) return Error::Invalid(field, std::string(field) + " is required");
  if (!body[field].is_number_integer() || body[field].get<int64_t>() <= 0)
    return Error::Invalid(field, std::string(field) + " must be a positive integer id");
  return body[field].get<int64_t>();
}

Result<std::string> ReqText(const json& body, const char* field, size_t max_len) {
  HF_ASSIGN(auto v, OptText(body, field, max_len));
  if (!v || v->empty()) return Error::Invalid(field, std::string(field) + " is required");
  return *v;
}

Result<core::Date> ReqDate(const json& body, const char* field) {
  if (!body.contains(field) || !body[field].is_string()) return Error::Invalid(field, std::string(field) + " is required (YYYY-MM-DD)");
  return core::Date::Parse(body[field].get<std::string>(), field);
}

Result<std::optional<double>> OptNumber(const json& body, const char* field, double min, double max) {
  if (!body.contains(field) || body[field].is_null()) return std::optional<double>();
  if (!body[field].is_number()) return Error::Invalid(field, std::string(field) + " must be a number");
  double v = body[field].get<double>();
  if (!(v >= min && v <= max))
    return Error::Invalid(field, std::string(field) + " must be between " + json(min).dump() + " and " + json(max).dump());
  return std::optional<double>(v);
}

Result<std::optional<bool>> OptBool(const json& body, const char* field) {
  if (!body.contains(field) || body[field].is_null()) return std::optional<bool>();
  if (!body[field].is_boolean()) return Error::Invalid(field, std::string(field) + " must be true or false");
  return std::optional<bool>(body[field].get<bool>());
}

}  // namespace detail
}  // namespace lifecycle
