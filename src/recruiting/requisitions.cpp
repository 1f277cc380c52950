// Recruitment plans (requisitions): validation, approval and states, progress, careers page.
#include <set>

#include "core/money.h"
#include "recruit/screening.h"
#include "recruiting/detail.h"

namespace recruiting {

using core::Error;
using core::Result;
using core::Status;
using nlohmann::json;
using store::Rows;
using namespace detail;

namespace {

constexpr const char* kCols =
    "r.id, r.title, r.department_id, d.name AS department_name, r.position_id, r.headcount, r.hired_count, r.location, "
    "r.employment_type, r.salary_min, r.salary_max, r.deadline, r.hiring_manager_id, u.display_name AS hiring_manager_name, "
    "r.description, r.requirements, r.status, r.approved_by, r.approved_at, r.created_by, r.version, r.created_at, "
    "r.updated_at";
constexpr const char* kFrom =
    " FROM requisitions r JOIN departments d ON d.id = r.department_id LEFT JOIN users u ON u.id = r.hiring_manager_id";

const std::set<std::string> kEmploymentTypes = {"full_time", "part_time", "intern", "contract"};
const std::set<std::string> kStates = {"draft", "open", "on_hold", "filled", "cancelled"};

bool StateMoveAllowed(const std::string& from, const std::string& to) {
  static const std::set<std::pair<std::string, std::string>> k = {
      {"draft", "open"},   {"draft", "cancelled"},  {"open", "on_hold"},   {"open", "filled"},
      {"open", "cancelled"}, {"on_hold", "open"},   {"on_hold", "cancelled"}, {"filled", "open"}};
  return k.count({from, to}) > 0;
}

json Money(const Rows::Row& r, const char* col) {
  if (r.IsNull(col)) return nullptr;
  return core::Money::Fen(r.Int(col)).ToString();
}

Result<json> Row(store::Tx& tx, const Rows::Row& r, bool with_counts) {
  json j = {{"id", r.Int("id")},
            {"title", r.Str("title")},
            {"department_id", r.Int("department_id")},
            {"department_name", r.Str("department_name")},
            {"position_id", r.OptInt("position_id") ? json(*r.OptInt("position_id")) : json(nullptr)},
            {"headcount", r.Int("headcount")},
            {"hired_count", r.Int("hired_count")},
            {"location", r.Str("location")},
            {"employment_type", r.Str("employment_type")},
            {"salary_min", Money(r, "salary_min")},
            {"salary_max", Money(r, "salary_max")},
            {"deadline", r.OptStr("deadline") ? json(*r.OptStr("deadline")) : json(nullptr)},
            {"hiring_manager_id", r.OptInt("hiring_manager_id") ? json(*r.OptInt("hiring_manager_id")) : json(nullptr)},
            {"hiring_manager_name", r.Str("hiring_manager_name")},
            {"description", r.Str("description")},
            {"requirements", json::parse(r.Str("requirements"), nullptr, false)},
            {"status", r.Str("status")},
            {"approved_by", r.OptInt("approved_by") ? json(*r.OptInt("approved_by")) : json(nullptr)},
            {"approved_at", r.OptStr("approved_at") ? json(*r.OptStr("approved_at")) : json(nullptr)},
            {"version", r.Int("version")},
            {"created_at", r.Str("created_at")},
            {"updated_at", r.Str("updated_at")}};
  int64_t id = r.Int("id");
  HF_ASSIGN(Rows iv, tx.Query("SELECT user_id FROM requisition_interviewers WHERE requisition_id = ? ORDER BY user_id", {id}));
  json ids = json::array();
  for (auto x : iv) ids.push_back(x.Int("user_id"));
  j["interviewer_ids"] = ids;
  if (with_counts) {
    HF_ASSIGN(Rows c, tx.Query("SELECT status, count(*) AS n FROM applications WHERE requisition_id = ? GROUP BY status", {id}));
    json counts = json::object();
    int64_t total = 0;
    for (auto x : c) {
      counts[x.Str("status")] = x.Int("n");
      total += x.Int("n");
    }
    j["application_counts"] = counts;
    j["applications_total"] = total;
  }
  return j;
}

// What the caller may do with the plan (the web shows only these buttons); the server still
// checks every call. `can_manage`: the plan is in the caller's manage scope.
json AllowedActions(const auth::Principal& who, const json& plan, bool can_manage) {
  bool hr = org::IsHrOrAdmin(who);
  std::string st = plan.value("status", "");
  bool closed = st == "filled" || st == "cancelled";
  json moves = json::array();
  if (can_manage)
    for (const auto& to : kStates)
      if (StateMoveAllowed(st, to) && (hr || (st == "draft" && to == "cancelled"))) moves.push_back(to);
  return {{"edit", can_manage && !closed && (hr || st == "draft")},
          {"approve", can_manage && hr && st == "draft"},
          {"transitions", moves},
          {"rescreen", can_manage},
          {"manage_questions", can_manage && !closed},
          {"invite", can_manage && st == "open"},
          {"move_applications", can_manage}};
}

Result<json> WithActions(Env& env, json plan) {
  HF_ASSIGN(std::string manage, RequisitionManageScope(env.tx, env.who));
  bool can_manage = org::IsHrOrAdmin(env.who) || CheckRequisitionIn(env.tx, plan["id"].get<int64_t>(), manage).ok();
  plan["allowed_actions"] = AllowedActions(env.who, plan, can_manage);
  return plan;
}

Result<json> Load(store::Tx& tx, int64_t id, const std::string& scope, bool with_counts) {
  HF_ASSIGN(Rows r, tx.Query(std::string("SELECT ") + kCols + kFrom + " WHERE r.id = ? AND " + scope, {id}));
  if (r.empty()) return Error::NotFound("no such recruitment plan");
  return Row(tx, r[0], with_counts);
}

struct Values {
  std::vector<std::pair<std::string, store::Param>> cols;
  std::optional<std::vector<int64_t>> interviewers;
};

Result<std::optional<int64_t>> OptAmount(const json& body, const char* field) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::optional<int64_t>();
  HF_ASSIGN(core::Money m, core::Money::FromJson(*it, field));
  if (m.fen() < 0) return Error::Invalid(field, std::string(field) + " must not be negative");
  if (m.fen() > 100'000'000'00LL) return Error::Invalid(field, std::string(field) + " is implausibly large (monthly, yuan)");
  return std::optional<int64_t>(m.fen());
}

Result<Values> Validate(Env& env, const json& body, bool creating, const json* current) {
  HF_TRY(OnlyKeys(body, {"title", "department_id", "position_id", "headcount", "location", "employment_type",
                         "salary_min", "salary_max", "deadline", "hiring_manager_id", "interviewer_ids", "description",
                         "requirements", "version", "id", "status", "hired_count", "department_name",
                         "hiring_manager_name", "approved_by", "approved_at", "created_at", "updated_at",
                         "application_counts", "applications_total"}));
  Values v;
  HF_ASSIGN(auto title, OptText(body, "title", 200));
  if (title) {
    if (title->empty()) return Error::Invalid("title", "title must not be empty");
    v.cols.emplace_back("title", *title);
  } else if (creating) return Error::Invalid("title", "title is required");
  for (const char* f : {"department_id", "position_id", "hiring_manager_id"}) {
    auto it = body.find(f);
    if (it == body.end()) {
      if (creating && std::string_view(f) == "department_id") return Error::Invalid(f, "department_id is required");
      continue;
    }
    if (it->is_null()) {
      if (std::string_view(f) == "department_id") return Error::Invalid(f, "department_id is required");
      v.cols.emplace_back(f, std::nullopt);
      continue;
    }
    if (!it->is_number_integer() || it->get<int64_t>() <= 0) return Error::Invalid(f, std::string(f) + " must be a positive id");
    int64_t id = it->get<int64_t>();
    std::string table = std::string_view(f) == "department_id" ? "departments" : std::string_view(f) == "position_id" ? "positions" : "users";
    HF_ASSIGN(Rows ex, env.tx.Query("SELECT 1 FROM " + table + " WHERE id = ?", {id}));
    if (ex.empty()) return Error::Invalid(f, std::string("no such ") + f + ": " + std::to_string(id));
    v.cols.emplace_back(f, id);
  }
  if (auto it = body.find("headcount"); it != body.end()) {
    if (!it->is_number_integer() || it->get<int64_t>() < 1 || it->get<int64_t>() > 10000)
      return Error::Invalid("headcount", "headcount must be an integer from 1 to 10000");
    v.cols.emplace_back("headcount", it->get<int64_t>());
  } else if (creating) return Error::Invalid("headcount", "headcount is required");
  HF_ASSIGN(auto location, OptText(body, "location", 200));
  if (location) v.cols.emplace_back("location", *location);
  HF_ASSIGN(auto et, OptText(body, "employment_type", 20));
  if (et) {
    if (!kEmploymentTypes.count(*et)) return Error::Invalid("employment_type", "employment_type is one of full_time, part_time, intern, contract");
    v.cols.emplace_back("employment_type", *et);
  } else if (creating) v.cols.emplace_back("employment_type", "full_time");
  HF_ASSIGN(auto smin, OptAmount(body, "salary_min"));
  HF_ASSIGN(auto smax, OptAmount(body, "salary_max"));
  std::optional<int64_t> cur_min, cur_max;
  if (current) {
    if (!(*current)["salary_min"].is_null()) cur_min = core::Money::Parse((*current)["salary_min"].get<std::string>())->fen();
    if (!(*current)["salary_max"].is_null()) cur_max = core::Money::Parse((*current)["salary_max"].get<std::string>())->fen();
  }
  auto eff_min = body.contains("salary_min") ? smin : cur_min;
  auto eff_max = body.contains("salary_max") ? smax : cur_max;
  if (eff_min && eff_max && *eff_min > *eff_max) return Error::Invalid("salary_max", "salary_max must not be below salary_min");
  if (body.contains("salary_min")) v.cols.emplace_back("salary_min", smin);
  if (body.contains("salary_max")) v.cols.emplace_back("salary_max", smax);
  HF_ASSIGN(auto deadline, OptText(body, "deadline", 10));
  if (deadline) {
    if (deadline->empty()) v.cols.emplace_back("deadline", std::nullopt);
    else {
      HF_ASSIGN(core::Date d, core::Date::Parse(*deadline, "deadline"));
      v.cols.emplace_back("deadline", d.ToString());
    }
  }
  HF_ASSIGN(auto desc, OptText(body, "description", 20000));
  if (desc) v.cols.emplace_back("description", *desc);
  if (auto it = body.find("requirements"); it != body.end()) {
    // Validated by the screening module's strict reader so that a typo is an error, not ignored.
    auto req = recruit::ParseRequirements(*it);
    if (!req.ok()) {
      Error e = req.error();
      e.field = e.field.empty() ? "requirements" : "requirements." + e.field;
      return e;
    }
    v.cols.emplace_back("requirements", recruit::RequirementsToJson(*req).dump());
  }
  if (auto it = body.find("interviewer_ids"); it != body.end()) {
    if (!it->is_array()) return Error::Invalid("interviewer_ids", "interviewer_ids must be an array of user ids");
    std::vector<int64_t> ids;
    for (size_t i = 0; i < it->size(); ++i) {
      const json& x = (*it)[i];
      std::string f = "interviewer_ids[" + std::to_string(i) + "]";
      if (!x.is_number_integer() || x.get<int64_t>() <= 0) return Error::Invalid(f, f + " must be a user id");
      HF_ASSIGN(Rows ex, env.tx.Query("SELECT 1 FROM users WHERE id = ?", {x.get<int64_t>()}));
      if (ex.empty()) return Error::Invalid(f, "no such user: " + std::to_string(x.get<int64_t>()));
      if (std::find(ids.begin(), ids.end(), x.get<int64_t>()) == ids.end()) ids.push_back(x.get<int64_t>());
    }
    v.interviewers = ids;
  }
  return v;
}

Status WriteInterviewers(store::Tx& tx, int64_t id, const std::optional<std::vector<int64_t>>& ids) {
  if (!ids) return {};
  HF_TRY(tx.Exec("DELETE FROM requisition_interviewers WHERE requisition_id = ?", {id}));
  for (int64_t u : *ids) HF_TRY(tx.Exec("INSERT INTO requisition_interviewers(requisition_id, user_id) VALUES (?, ?)", {id, u}));
  return {};
}

// A hiring manager may only place plans inside their own department subtree.
Status CheckDepartmentInScope(Env& env, const Values& v) {
  if (org::IsHrOrAdmin(env.who)) return {};
  for (auto& [c, p] : v.cols) {
    if (c != "department_id") continue;
    HF_ASSIGN(auto depts, org::VisibleDepartments(env.tx, env.who));
    int64_t id = std::get<int64_t>(p.v);
    if (!depts || std::find(depts->begin(), depts->end(), id) == depts->end())
      return Error::Invalid("department_id", "a hiring manager can only plan for their own department");
  }
  return {};
}

}  // namespace

Result<ListResult> ListRequisitions(Env& env, const RequisitionFilter& f, const Page& page) {
  HF_TRY(RequireRecruitingReader(env.who));
  HF_ASSIGN(std::string scope, RequisitionScope(env.tx, env.who));
  std::string where = " WHERE " + scope;
  store::Params params;
  if (f.status) {
    if (!kStates.count(*f.status)) return Error::Invalid("status", "status is one of draft, open, on_hold, filled, cancelled");
    where += " AND r.status = ?";
    params.push_back(*f.status);
  }
  if (f.department_id) {
    where += " AND r.department_id = ?";
    params.push_back(*f.department_id);
  }
  if (f.q && !f.q->empty()) {
    where += " AND lower(r.title) LIKE ?";
    std::string q;
    for (char c : *f.q) q += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    params.push_back("%" + q + "%");
  }
  ListResult out;
  HF_ASSIGN(Rows n, env.tx.Query(std::string("SELECT count(*) AS n") + kFrom + where, params));
  out.total = n[0].Int("n");
  params.push_back(page.limit);
  params.push_back(page.offset);
  HF_ASSIGN(std::string manage, RequisitionManageScope(env.tx, env.who));
  HF_ASSIGN(Rows r, env.tx.Query(std::string("SELECT ") + kCols + ", CASE WHEN " + manage + " THEN 1 ELSE 0 END AS can_manage" + kFrom +
                                     where + " ORDER BY r.id DESC LIMIT ? OFFSET ?",
                                 params));
  for (auto row : r) {
    HF_ASSIGN(json j, Row(env.tx, row, true));
    j["allowed_actions"] = AllowedActions(env.who, j, row.Int("can_manage") != 0);
    out.items.push_back(std::move(j));
  }
  return out;
}

Result<json> GetRequisition(Env& env, int64_t id) {
  HF_TRY(RequireRecruitingReader(env.who));
  HF_ASSIGN(std::string scope, RequisitionScope(env.tx, env.who));
  HF_ASSIGN(json j, Load(env.tx, id, scope, true));
  return WithActions(env, std::move(j));
}

Result<json> CreateRequisition(Env& env, const json& body) {
  HF_TRY(RequireRecruitingManager(env.who));
  HF_ASSIGN(Values v, Validate(env, body, true, nullptr));
  HF_TRY(CheckDepartmentInScope(env, v));
  bool has_manager = false;
  for (auto& [c, p] : v.cols) has_manager = has_manager || c == "hiring_manager_id";
  if (!has_manager && env.who.role == auth::Role::kHiringManager) v.cols.emplace_back("hiring_manager_id", env.who.user_id);
  std::string cols, marks;
  store::Params params;
  for (auto& [c, p] : v.cols) {
    cols += c + ", ";
    marks += "?, ";
    params.push_back(p);
  }
  std::string now = Now(env.clock);
  params.insert(params.end(), {std::string("draft"), env.who.user_id, now, now});
  HF_ASSIGN(Rows r, env.tx.Query("INSERT INTO requisitions(" + cols + "status, created_by, created_at, updated_at) VALUES (" +
                                     marks + "?, ?, ?, ?) RETURNING id",
                                 params));
  int64_t id = r[0].Int("id");
  HF_TRY(WriteInterviewers(env.tx, id, v.interviewers));
  HF_ASSIGN(json j, Load(env.tx, id, "1=1", true));
  HF_TRY(Audit(env.tx, &env.who, env.clock, env.request_id, "create", "requisition", id, nullptr, j, j["title"].get<std::string>()));
  return WithActions(env, std::move(j));
}

Result<json> UpdateRequisition(Env& env, int64_t id, const json& body) {
  HF_TRY(RequireRecruitingManager(env.who));
  HF_ASSIGN(std::string scope, RequisitionManageScope(env.tx, env.who));
  HF_ASSIGN(json before, Load(env.tx, id, scope, false));
  HF_ASSIGN(int64_t version, RequireVersion(body));
  if (!org::IsHrOrAdmin(env.who) && before["status"] != "draft")
    return Error::Forbidden("only HR changes a plan after it was approved");
  if (before["status"] == "filled" || before["status"] == "cancelled")
    return Error::Conflict("a " + before["status"].get<std::string>() + " plan cannot be edited", "plan_closed");
  HF_ASSIGN(Values v, Validate(env, body, false, &before));
  HF_TRY(CheckDepartmentInScope(env, v));
  if (auto it = body.find("headcount"); it != body.end() && it->get<int64_t>() < before["hired_count"].get<int64_t>())
    return Error::Invalid("headcount", "headcount cannot be below the number already hired");
  std::string sets;
  store::Params params;
  for (auto& [c, p] : v.cols) {
    sets += c + " = ?, ";
    params.push_back(p);
  }
  params.insert(params.end(), {Now(env.clock), id, version});
  HF_ASSIGN(int64_t n, env.tx.Exec("UPDATE requisitions SET " + sets + "version = version + 1, updated_at = ? WHERE id = ? AND version = ?", params));
  if (n == 0) return VersionConflict("recruitment plan");
  HF_TRY(WriteInterviewers(env.tx, id, v.interviewers));
  HF_ASSIGN(json after, Load(env.tx, id, "1=1", true));
  HF_TRY(Audit(env.tx, &env.who, env.clock, env.request_id, "update", "requisition", id, before, after, after["title"].get<std::string>()));
  return WithActions(env, std::move(after));
}

Result<json> TransitionRequisition(Env& env, int64_t id, const json& body) {
  HF_TRY(RequireRecruitingManager(env.who));
  HF_ASSIGN(std::string scope, RequisitionManageScope(env.tx, env.who));
  HF_ASSIGN(json before, Load(env.tx, id, scope, false));
  HF_TRY(OnlyKeys(body, {"to", "reason", "version"}));
  HF_ASSIGN(auto to, OptText(body, "to", 20));
  if (!to || !kStates.count(*to)) return Error::Invalid("to", "to is one of open, on_hold, filled, cancelled");
  HF_ASSIGN(auto reason, OptText(body, "reason", 1000));
  HF_ASSIGN(int64_t version, RequireVersion(body));
  std::string from = before["status"];
  if (!org::IsHrOrAdmin(env.who) && !(from == "draft" && *to == "cancelled"))
    return Error::Forbidden("approving, holding and closing plans is for HR");
  if (!StateMoveAllowed(from, *to)) {
    Error e = Error::Conflict("a plan cannot move from " + from + " to " + *to, "transition_refused");
    e.field = "to";
    return e;
  }
  if (*to == "filled" && before["hired_count"].get<int64_t>() < before["headcount"].get<int64_t>() && (!reason || reason->empty()))
    return Error::Invalid("reason", "closing a plan as filled before its headcount is reached needs a reason");
  std::string now = Now(env.clock);
  store::Params params = {*to, now};
  std::string extra;
  if (from == "draft" && *to == "open") {
    extra = ", approved_by = ?, approved_at = ?";
    params.push_back(env.who.user_id);
    params.push_back(now);
  }
  params.push_back(id);
  params.push_back(version);
  HF_ASSIGN(int64_t n, env.tx.Exec("UPDATE requisitions SET status = ?, updated_at = ?" + extra +
                                       ", version = version + 1 WHERE id = ? AND version = ?",
                                   params));
  if (n == 0) return VersionConflict("recruitment plan");
  HF_ASSIGN(json after, Load(env.tx, id, "1=1", true));
  json a = after;
  a["reason"] = reason.value_or("");
  HF_TRY(Audit(env.tx, &env.who, env.clock, env.request_id, from == "draft" && *to == "open" ? "approve" : "transition",
               "requisition", id, before, a, after["title"].get<std::string>()));
  return WithActions(env, std::move(after));
}

Result<json> RescreenRequisition(Env& env, int64_t id) {
  HF_TRY(RequireRecruitingManager(env.who));
  HF_ASSIGN(std::string scope, RequisitionManageScope(env.tx, env.who));
  HF_TRY(CheckRequisitionIn(env.tx, id, scope));
  HF_ASSIGN(Rows apps, env.tx.Query("SELECT id FROM applications WHERE requisition_id = ? ORDER BY id", {id}));
  HF_ASSIGN(Rows rq, env.tx.Query("SELECT requirements FROM requisitions WHERE id = ?", {id}));
  auto req = recruit::ParseRequirements(json::parse(rq[0].Str("requirements"), nullptr, false));
  const recruit::Screener screener(req.ok() ? *req : recruit::Requirements{});  // the plan compiled once
  for (auto a : apps) HF_TRY(ScreenApplication(env.tx, env.clock, a.Int("id"), &screener));
  HF_TRY(Audit(env.tx, &env.who, env.clock, env.request_id, "rescreen", "requisition", id, nullptr,
               {{"applications", apps.size()}}, ""));
  return json{{"rescreened", apps.size()}};
}

// ---- careers page --------------------------------------------------------------------------------

namespace {

json PublicOpening(const json& j) {
  json o = {{"id", j["id"]}, {"title", j["title"]}, {"department_name", j["department_name"]},
            {"location", j["location"]}, {"employment_type", j["employment_type"]}, {"headcount", j["headcount"]},
            {"deadline", j["deadline"]}, {"description", j["description"]},
            {"salary_min", j["salary_min"]}, {"salary_max", j["salary_max"]}};
  // Candidates see what the plan asks for, never its weights or thresholds.
  const json& req = j["requirements"];
  json must = json::array(), nice = json::array();
  if (req.is_object()) {
    for (const char* k : {"must_have", "nice_to_have"})
      if (req.contains(k) && req[k].is_array())
        for (const auto& t : req[k])
          (std::string_view(k) == "must_have" ? must : nice).push_back(t.is_object() ? json(t.value("term", "")) : t);
    o["min_years_experience"] = req.value("min_years_experience", json(nullptr));
    o["education_level"] = req.value("education_level", json(nullptr));
  }
  o["must_have"] = must;
  o["nice_to_have"] = nice;
  return o;
}

std::string OpenScope(const core::Clock& clock) {
  // Open plans whose deadline has not passed (the deadline day itself still accepts).
  std::string today = core::FormatInstant(clock.Now()).substr(0, 10);
  return "r.status = 'open' AND (r.deadline IS NULL OR r.deadline >= '" + today + "')";
}

}  // namespace

Result<json> ListOpenings(store::Tx& tx, const core::Clock& clock) {
  HF_ASSIGN(Rows r, tx.Query(std::string("SELECT ") + kCols + kFrom + " WHERE " + OpenScope(clock) + " ORDER BY r.id DESC LIMIT 500"));
  json items = json::array();
  for (auto row : r) {
    HF_ASSIGN(json j, Row(tx, row, false));
    items.push_back(PublicOpening(j));
  }
  return json{{"items", items}};
}

Result<json> GetOpening(store::Tx& tx, const core::Clock& clock, int64_t id) {
  auto j = Load(tx, id, OpenScope(clock), false);
  if (!j.ok()) return Error::NotFound("this position is not open for applications");
  return PublicOpening(*j);
}

namespace detail {
Status CheckOpen(store::Tx& tx, const core::Clock& clock, int64_t id) {
  HF_ASSIGN(Rows r, tx.Query("SELECT 1 FROM requisitions r WHERE r.id = ? AND " + OpenScope(clock), {id}));
  if (r.empty()) return Error::NotFound("this position is not open for applications");
  return {};
}
}  // namespace detail

Result<json> UserDirectory(Env& env, const std::optional<std::string>& role, const std::optional<std::string>& q) {
  HF_TRY(RequireRecruitingManager(env.who));
  std::string where = " WHERE u.disabled = 0 AND u.role <> 'employee'";
  store::Params params;
  if (role && !role->empty()) {
    if (*role != "admin" && *role != "hr" && *role != "hiring_manager" && *role != "interviewer")
      return Error::Invalid("role", "role is admin, hr, hiring_manager or interviewer");
    where += " AND u.role = ?";
    params.push_back(*role);
  }
  if (q && !q->empty()) {
    std::string lq;
    for (char c : *q) lq += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    where += " AND (lower(u.display_name) LIKE ? OR lower(u.username) LIKE ?)";
    params.push_back("%" + lq + "%");
    params.push_back("%" + lq + "%");
  }
  HF_ASSIGN(Rows r, env.tx.Query("SELECT u.id, u.display_name, u.username, u.role, u.department_id, d.name AS department_name FROM users u "
                                 "LEFT JOIN departments d ON d.id = u.department_id" + where + " ORDER BY u.display_name, u.id LIMIT 500",
                                 params));
  json items = json::array();
  for (auto x : r)
    items.push_back({{"id", x.Int("id")}, {"display_name", x.Str("display_name")}, {"username", x.Str("username")},
                     {"role", x.Str("role")},
                     {"department_id", x.OptInt("department_id") ? json(*x.OptInt("department_id")) : json(nullptr)},
                     {"department_name", x.OptStr("department_name") ? json(*x.OptStr("department_name")) : json(nullptr)}});
  return json{{"items", items}};
}

}  // namespace recruiting
