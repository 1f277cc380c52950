// Leave: types as data, service profiles, balances (statutory annual leave through payroll's rule),
// requests by the employee and decisions by their manager or HR.
#include "lifecycle/detail.h"
#include "payroll/work_calendar.h"

namespace lifecycle {

using core::Date;
using core::Error;
using core::Result;
using core::Status;
using nlohmann::json;
using store::Rows;
using namespace detail;

namespace {

json X100(int64_t x) { return x % 100 == 0 ? json(x / 100) : json(double(x) / 100.0); }

constexpr const char* kTypeCols =
    "id, code, name_zh, name_en, paid, statutory_annual, quota_days_x100, calendar_days, active, version";

json TypeJson(const Rows::Row& r) {
  return {{"id", r.Int("id")}, {"code", r.Str("code")}, {"name_zh", r.Str("name_zh")}, {"name_en", r.Str("name_en")},
          {"paid", r.Int("paid") != 0}, {"statutory_annual", r.Int("statutory_annual") != 0},
          {"quota_days", r.IsNull("quota_days_x100") ? json(nullptr) : X100(r.Int("quota_days_x100"))},
          {"calendar_days", r.Int("calendar_days") != 0}, {"active", r.Int("active") != 0}, {"version", r.Int("version")}};
}

constexpr const char* kReqSelect =
    "SELECT lr.id, lr.employee_id, e.employee_no, e.name, e.manager_id, lr.leave_type_id, t.code, t.name_zh, t.name_en, "
    "lr.start_date, lr.end_date, lr.half_day, lr.days_x100, lr.reason, lr.status, lr.decided_by, lr.decided_at, "
    "lr.decision_note, lr.version, lr.created_at, lr.updated_at FROM leave_requests lr JOIN employees e ON e.id = "
    "lr.employee_id JOIN leave_types t ON t.id = lr.leave_type_id";

json ReqJson(const Rows::Row& r) {
  return {{"id", r.Int("id")}, {"employee_id", r.Int("employee_id")}, {"employee_no", r.Str("employee_no")},
          {"name", r.Str("name")}, {"leave_type_id", r.Int("leave_type_id")}, {"leave_type", r.Str("code")},
          {"leave_type_zh", r.Str("name_zh")}, {"leave_type_en", r.Str("name_en")}, {"start_date", r.Str("start_date")},
          {"end_date", r.Str("end_date")}, {"half_day", r.Int("half_day") != 0}, {"days", X100(r.Int("days_x100"))},
          {"reason", r.Str("reason")}, {"status", r.Str("status")},
          {"decided_by", r.IsNull("decided_by") ? json(nullptr) : json(r.Int("decided_by"))},
          {"decided_at", r.IsNull("decided_at") ? json(nullptr) : json(r.Str("decided_at"))},
          {"decision_note", r.Str("decision_note")}, {"version", r.Int("version")}, {"created_at", r.Str("created_at")}};
}

Result<json> LoadReq(store::Tx& tx, int64_t id) {
  HF_ASSIGN(Rows r, tx.QueryOne(std::string(kReqSelect) + " WHERE lr.id = ?", {id}, "leave request"));
  return ReqJson(r[0]);
}

struct TypeFields {
  std::string code, name_zh, name_en;
  bool paid = true, statutory_annual = false, calendar_days = false, active = true;
  std::optional<int64_t> quota_x100;
};

Result<TypeFields> ReadType(const json& body, const TypeFields* base) {
  HF_TRY(OnlyKeys(body, {"code", "name_zh", "name_en", "paid", "statutory_annual", "quota_days", "calendar_days", "active",
                         "version", "id"}));
  TypeFields f = base ? *base : TypeFields{};
  if (!base) { HF_ASSIGN(f.code, ReqText(body, "code", 40)); }
  if (!base || body.contains("name_zh")) { HF_ASSIGN(f.name_zh, ReqText(body, "name_zh", 100)); }
  if (!base || body.contains("name_en")) { HF_ASSIGN(f.name_en, ReqText(body, "name_en", 100)); }
  for (auto [k, m] : {std::pair{"paid", &TypeFields::paid}, std::pair{"statutory_annual", &TypeFields::statutory_annual},
                      std::pair{"calendar_days", &TypeFields::calendar_days}, std::pair{"active", &TypeFields::active}}) {
    HF_ASSIGN(auto v, OptBool(body, k));
    if (v) f.*m = *v;
  }
  if (body.contains("quota_days")) {
    if (body["quota_days"].is_null()) f.quota_x100.reset();
    else {
      HF_ASSIGN(auto q, OptNumber(body, "quota_days", 0, 366));
      f.quota_x100 = int64_t(*q * 100 + 0.5);
    }
  }
  return f;
}

struct Balance {
  std::optional<int64_t> entitlement_x100;
  int64_t taken_x100 = 0, pending_x100 = 0;
  json detail = nullptr;
};

// Balance of one type for one employee and year.
Result<Balance> BalanceOf(store::Tx& tx, const Employee& e, const Rows::Row& type, int year) {
  Balance b;
  std::string y0 = std::to_string(year) + "-01-01", y1 = std::to_string(year) + "-12-31";
  HF_ASSIGN(Rows s, tx.Query("SELECT status, sum(days_x100) AS n FROM leave_requests WHERE employee_id = ? AND "
                             "leave_type_id = ? AND start_date >= ? AND start_date <= ? AND status IN ('approved', "
                             "'pending') GROUP BY status",
                             {e.id, type.Int("id"), y0, y1}));
  for (auto r : s) (r.Str("status") == "approved" ? b.taken_x100 : b.pending_x100) = r.Int("n");
  if (type.Int("statutory_annual")) {
    HF_ASSIGN(Rows p, tx.Query("SELECT work_start_date, annual_override_days FROM leave_profiles WHERE employee_id = ?", {e.id}));
    HF_ASSIGN(Rows ob, tx.Query("SELECT last_day FROM offboardings WHERE employee_id = ? AND status <> 'cancelled' ORDER BY id "
                                "DESC LIMIT 1",
                                {e.id}));
    AnnualLeaveQuery q;
    q.hire_date = e.hire_date;
    q.work_start = e.hire_date;
    if (!p.empty()) {
      q.work_start = Or(Date::Parse(p[0].Str("work_start_date")), e.hire_date);
      q.override_days = p[0].OptInt("annual_override_days");
    }
    if (!ob.empty()) q.termination = Or(Date::Parse(ob[0].Str("last_day")), Date(2999, 12, 31));
    q.year = year;
    q.days_taken_x100 = b.taken_x100;
    HF_ASSIGN(AnnualLeaveEntitlement a, AnnualLeaveFor(q));
    b.entitlement_x100 = a.days * 100;
    b.detail = {{"work_start_date", q.work_start.ToString()}, {"service_years", double(a.service_years_x100) / 100.0},
                {"full_year_days", a.full_year_days}, {"prorated", a.days != a.full_year_days}};
  } else if (!type.IsNull("quota_days_x100")) {
    b.entitlement_x100 = type.Int("quota_days_x100");
  }
  return b;
}

}  // namespace

Result<json> ListLeaveTypes(Env& env) {
  HF_ASSIGN(Rows r, env.tx.Query(std::string("SELECT ") + kTypeCols + " FROM leave_types ORDER BY id"));
  json items = json::array();
  for (auto row : r) items.push_back(TypeJson(row));
  return json{{"items", items}};
}

Result<json> CreateLeaveType(Env& env, const json& body) {
  HF_TRY(RequireHr(env.who));
  HF_ASSIGN(TypeFields f, ReadType(body, nullptr));
  HF_ASSIGN(Rows dup, env.tx.Query("SELECT id FROM leave_types WHERE code = ?", {f.code}));
  if (!dup.empty()) return Error::Invalid("code", "a leave type with this code exists");
  std::string now = Now(env.clock);
  HF_ASSIGN(Rows r, env.tx.Query("INSERT INTO leave_types(code, name_zh, name_en, paid, statutory_annual, quota_days_x100, "
                                 "calendar_days, active, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?) RETURNING id",
                                 {f.code, f.name_zh, f.name_en, f.paid, f.statutory_annual, f.quota_x100, f.calendar_days,
                                  f.active, now, now}));
  int64_t id = r[0].Int("id");
  HF_ASSIGN(Rows t, env.tx.Query(std::string("SELECT ") + kTypeCols + " FROM leave_types WHERE id = ?", {id}));
  json after = TypeJson(t[0]);
  HF_TRY(Audit(env, "create", "leave_type", id, nullptr, after, f.code));
  return after;
}

Result<json> UpdateLeaveType(Env& env, int64_t id, const json& body) {
  HF_TRY(RequireHr(env.who));
  HF_ASSIGN(Rows cur, env.tx.QueryOne(std::string("SELECT ") + kTypeCols + " FROM leave_types WHERE id = ?", {id}, "leave type"));
  json before = TypeJson(cur[0]);
  TypeFields base{cur[0].Str("code"), cur[0].Str("name_zh"), cur[0].Str("name_en"), cur[0].Int("paid") != 0,
                  cur[0].Int("statutory_annual") != 0, cur[0].Int("calendar_days") != 0, cur[0].Int("active") != 0,
                  cur[0].OptInt("quota_days_x100")};
  HF_ASSIGN(TypeFields f, ReadType(body, &base));
  HF_ASSIGN(int64_t version, RequireVersion(body));
  HF_ASSIGN(int64_t n, env.tx.Exec("UPDATE leave_types SET name_zh = ?, name_en = ?, paid = ?, statutory_annual = ?, "
                                   "quota_days_x100 = ?, calendar_days = ?, active = ?, version = version + 1, updated_at = ? "
                                   "WHERE id = ? AND version = ?",
                                   {f.name_zh, f.name_en, f.paid, f.statutory_annual, f.quota_x100, f.calendar_days, f.active,
                                    Now(env.clock), id, version}));
  if (n == 0) return VersionConflict("leave type");
  HF_ASSIGN(Rows t, env.tx.Query(std::string("SELECT ") + kTypeCols + " FROM leave_types WHERE id = ?", {id}));
  json after = TypeJson(t[0]);
  HF_TRY(Audit(env, "update", "leave_type", id, before, after, f.code));
  return after;
}

Result<json> SetLeaveProfile(Env& env, int64_t employee_id, const json& body) {
  HF_TRY(RequireHr(env.who));
  HF_TRY(OnlyKeys(body, {"work_start_date", "annual_override_days"}));
  HF_ASSIGN(Employee e, LoadEmployee(env.tx, employee_id));
  HF_ASSIGN(Date start, ReqDate(body, "work_start_date"));
  if (start > e.hire_date) return Error::Invalid("work_start_date", "work_start_date must not be after the hire date");
  std::optional<int64_t> override_days;
  if (body.contains("annual_override_days") && !body["annual_override_days"].is_null()) {
    if (!body["annual_override_days"].is_number_integer() || body["annual_override_days"].get<int64_t>() < 0 ||
        body["annual_override_days"].get<int64_t>() > 366)
      return Error::Invalid("annual_override_days", "annual_override_days must be an integer 0..366");
    override_days = body["annual_override_days"].get<int64_t>();
  }
  HF_ASSIGN(Rows cur, env.tx.Query("SELECT work_start_date, annual_override_days FROM leave_profiles WHERE employee_id = ?",
                                   {employee_id}));
  json before = cur.empty() ? json(nullptr)
                            : json{{"work_start_date", cur[0].Str("work_start_date")},
                                   {"annual_override_days", cur[0].OptInt("annual_override_days") ? json(cur[0].Int("annual_override_days")) : json(nullptr)}};
  HF_TRY(env.tx.Exec("INSERT INTO leave_profiles(employee_id, work_start_date, annual_override_days, updated_at) VALUES "
                     "(?,?,?,?) ON CONFLICT (employee_id) DO UPDATE SET work_start_date = excluded.work_start_date, "
                     "annual_override_days = excluded.annual_override_days, version = leave_profiles.version + 1, "
                     "updated_at = excluded.updated_at",
                     {employee_id, start.ToString(), override_days, Now(env.clock)}));
  json after = {{"employee_id", employee_id}, {"work_start_date", start.ToString()},
                {"annual_override_days", override_days ? json(*override_days) : json(nullptr)}};
  HF_TRY(Audit(env, "set_leave_profile", "employee", employee_id, before, after, e.name));
  return after;
}

Result<json> Balances(Env& env, std::optional<int64_t> employee_id, int year) {
  int64_t id = 0;
  if (employee_id) id = *employee_id;
  else { HF_ASSIGN(id, Me(env)); }
  HF_ASSIGN(Employee e, LoadEmployee(env.tx, id));
  HF_TRY(CheckSees(env, e, false));
  HF_ASSIGN(Rows types, env.tx.Query(std::string("SELECT ") + kTypeCols + " FROM leave_types WHERE active = 1 ORDER BY id"));
  json items = json::array();
  for (auto t : types) {
    HF_ASSIGN(Balance b, BalanceOf(env.tx, e, t, year));
    json j = {{"leave_type_id", t.Int("id")}, {"leave_type", t.Str("code")}, {"name_zh", t.Str("name_zh")},
              {"name_en", t.Str("name_en")}, {"paid", t.Int("paid") != 0},
              {"entitlement", b.entitlement_x100 ? X100(*b.entitlement_x100) : json(nullptr)},
              {"taken", X100(b.taken_x100)}, {"pending", X100(b.pending_x100)},
              {"remaining", b.entitlement_x100 ? X100(*b.entitlement_x100 - b.taken_x100 - b.pending_x100) : json(nullptr)}};
    if (!b.detail.is_null()) j["annual"] = b.detail;
    items.push_back(std::move(j));
  }
  json out = {{"employee_id", e.id}, {"employee_no", e.employee_no}, {"name", e.name}, {"year", year}, {"items", items}};
  return out;
}

Result<json> RequestLeave(Env& env, const json& body) {
  HF_ASSIGN(int64_t me, Me(env));
  HF_TRY(OnlyKeys(body, {"leave_type_id", "start_date", "end_date", "half_day", "reason"}));
  HF_ASSIGN(int64_t type_id, ReqId(body, "leave_type_id"));
  HF_ASSIGN(Date start, ReqDate(body, "start_date"));
  HF_ASSIGN(Date end, ReqDate(body, "end_date"));
  HF_ASSIGN(auto half, OptBool(body, "half_day"));
  HF_ASSIGN(auto reason, OptText(body, "reason", 1000));
  HF_ASSIGN(Rows type, env.tx.Query(std::string("SELECT ") + kTypeCols + " FROM leave_types WHERE id = ? AND active = 1", {type_id}));
  if (type.empty()) return Error::Invalid("leave_type_id", "no such leave type");
  if (end < start) return Error::Invalid("end_date", "end_date must not be before start_date");
  if (end.year() != start.year()) return Error::Invalid("end_date", "a request must not span two years; make two requests");
  if (end.DaysSinceEpoch() - start.DaysSinceEpoch() > 200) return Error::Invalid("end_date", "a request covers at most 200 days");
  if (half.value_or(false) && !(start == end)) return Error::Invalid("half_day", "a half day starts and ends on the same date");
  HF_ASSIGN(Employee e, LoadEmployee(env.tx, me));
  if (e.status == "left") return Error::Forbidden("you have left the company");
  int64_t days = LeaveDaysX100(payroll::WorkCalendar::Builtin(), start, end, type[0].Int("calendar_days") != 0);
  if (half.value_or(false) && days > 0) days = 50;
  if (days == 0) return Error::Invalid("start_date", "the dates contain no working day");
  HF_ASSIGN(Rows overlap, env.tx.Query("SELECT id FROM leave_requests WHERE employee_id = ? AND status IN ('pending', "
                                       "'approved') AND start_date <= ? AND end_date >= ?",
                                       {me, end.ToString(), start.ToString()}));
  if (!overlap.empty()) return Error::Invalid("start_date", "you already have leave on these dates");
  HF_ASSIGN(Balance b, BalanceOf(env.tx, e, type[0], start.year()));
  if (b.entitlement_x100 && *b.entitlement_x100 - b.taken_x100 - b.pending_x100 < days)
    return Error::Invalid("end_date", "not enough balance: " + X100(*b.entitlement_x100 - b.taken_x100 - b.pending_x100).dump() +
                                          " day(s) left, " + X100(days).dump() + " requested");
  std::string now = Now(env.clock);
  HF_ASSIGN(Rows r, env.tx.Query("INSERT INTO leave_requests(employee_id, leave_type_id, start_date, end_date, half_day, "
                                 "days_x100, reason, status, created_at, updated_at) VALUES (?,?,?,?,?,?,?,'pending',?,?) "
                                 "RETURNING id",
                                 {me, type_id, start.ToString(), end.ToString(), half.value_or(false), days,
                                  reason.value_or(""), now, now}));
  HF_ASSIGN(json after, LoadReq(env.tx, r[0].Int("id")));
  HF_TRY(Audit(env, "create", "leave_request", r[0].Int("id"), nullptr, after, e.name + " " + start.ToString()));
  return after;
}

Result<ListResult> ListLeaveRequests(Env& env, const std::string& scope, const std::optional<std::string>& status,
                                     const Page& page) {
  std::string where;
  store::Params p;
  int64_t me = env.who.employee_id.value_or(-1);
  if (scope.empty() || scope == "mine") {
    where = "lr.employee_id = ?";
    p.push_back(me);
  } else if (scope == "inbox") {
    if (org::IsHrOrAdmin(env.who)) where = "lr.status = 'pending' AND lr.employee_id <> ?";
    else where = "lr.status = 'pending' AND e.manager_id = ? AND lr.employee_id <> e.manager_id";
    p.push_back(me);
  } else if (scope == "team") {
    where = "e.manager_id = ?";
    p.push_back(me);
  } else if (scope == "all") {
    HF_TRY(RequireHr(env.who));
    where = "1=1";
  } else {
    return Error::Invalid("scope", "scope must be mine, inbox, team or all");
  }
  if (status && !status->empty()) {
    if (*status != "pending" && *status != "approved" && *status != "rejected" && *status != "cancelled")
      return Error::Invalid("status", "status must be pending, approved, rejected or cancelled");
    where += " AND lr.status = ?";
    p.push_back(*status);
  }
  ListResult out;
  HF_ASSIGN(Rows n, env.tx.Query("SELECT count(*) AS n FROM leave_requests lr JOIN employees e ON e.id = lr.employee_id WHERE " +
                                     where,
                                 p));
  out.total = n[0].Int("n");
  p.push_back(page.limit);
  p.push_back(page.offset);
  HF_ASSIGN(Rows r, env.tx.Query(std::string(kReqSelect) + " WHERE " + where +
                                     " ORDER BY lr.start_date DESC, lr.id DESC LIMIT ? OFFSET ?",
                                 p));
  for (auto row : r) out.items.push_back(ReqJson(row));
  return out;
}

Result<json> DecideLeave(Env& env, int64_t id, const json& body) {
  HF_ASSIGN(json before, LoadReq(env.tx, id));
  HF_ASSIGN(Employee e, LoadEmployee(env.tx, before["employee_id"].get<int64_t>()));
  bool own = env.who.employee_id && *env.who.employee_id == e.id;
  if (!org::IsHrOrAdmin(env.who) && !IsManagerOf(env, e)) {
    if (own) return Error::Forbidden("you cannot decide your own leave request");
    return Error::NotFound("no such leave request");
  }
  if (own) return Error::Forbidden("you cannot decide your own leave request");
  HF_TRY(OnlyKeys(body, {"decision", "note", "version"}));
  HF_ASSIGN(std::string decision, ReqText(body, "decision", 10));
  if (decision != "approve" && decision != "reject") return Error::Invalid("decision", "decision must be approve or reject");
  HF_ASSIGN(auto note, OptText(body, "note", 1000));
  HF_ASSIGN(int64_t version, RequireVersion(body));
  if (before["status"] != "pending") return Error::Conflict("the request is " + before["status"].get<std::string>(), "not_pending");
  std::string now = Now(env.clock);
  HF_ASSIGN(int64_t n, env.tx.Exec("UPDATE leave_requests SET status = ?, decided_by = ?, decided_at = ?, decision_note = ?, "
                                   "version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
                                   {decision == "approve" ? "approved" : "rejected", env.who.user_id, now, note.value_or(""),
                                    now, id, version}));
  if (n == 0) return VersionConflict("leave request");
  HF_ASSIGN(json after, LoadReq(env.tx, id));
  HF_TRY(Audit(env, decision == "approve" ? "approve" : "reject", "leave_request", id, before, after,
               e.name + " " + before["start_date"].get<std::string>()));
  return after;
}

Result<json> CancelLeave(Env& env, int64_t id, const json& body) {
  HF_ASSIGN(int64_t me, Me(env));
  HF_ASSIGN(json before, LoadReq(env.tx, id));
  if (before["employee_id"].get<int64_t>() != me) return Error::NotFound("no such leave request");
  HF_TRY(OnlyKeys(body, {"version"}));
  HF_ASSIGN(int64_t version, RequireVersion(body));
  std::string st = before["status"];
  bool future = before["start_date"].get<std::string>() > LocalToday(env.clock).ToString();
  if (!(st == "pending" || (st == "approved" && future)))
    return Error::Conflict("only pending requests, or approved ones that have not started, can be cancelled", "not_cancellable");
  HF_ASSIGN(int64_t n, env.tx.Exec("UPDATE leave_requests SET status = 'cancelled', version = version + 1, updated_at = ? "
                                   "WHERE id = ? AND version = ?",
                                   {Now(env.clock), id, version}));
  if (n == 0) return VersionConflict("leave request");
  HF_ASSIGN(json after, LoadReq(env.tx, id));
  HF_TRY(Audit(env, "cancel", "leave_request", id, before, after, before["name"].get<std::string>()));
  return after;
}

}  // namespace lifecycle
