// Hiring policy, decisions and the approval chain (of decisions and of offer versions).
#include <cstdlib>
#include <set>

#include "hiring/detail.h"

namespace hiring {

using core::Error;
using core::Result;
using core::Status;
using nlohmann::json;
using store::Rows;
using namespace detail;

namespace detail {

core::Date Today(const core::Clock& clock) {
  auto ms = clock.Now().time_since_epoch().count() + int64_t(8) * 3600 * 1000;
  int64_t days = ms >= 0 ? ms / 86'400'000 : (ms - 86'399'999) / 86'400'000;
  return core::Date::FromDays(days);
}

namespace {

json DefaultPolicy() {
  return {
      {"decision_steps", json::array({{{"role", "hr"}}})},
      {"offer_steps", json::array()},
      {"above_midpoint_steps", json::array({{{"role", "hr"}}})},
      {"out_of_band_steps", json::array({{{"role", "admin"}}})},
      {"offer_valid_days", 7},
      {"background_check", {{"required", true}, {"items", {"identity", "education", "employment"}}}},
      {"onboarding_tasks",
       json::array({
           {{"code", "new_hire_form"}, {"title", "New hire information form / 入职信息登记"}, {"category", "form"},
            {"owner_role", "candidate"}, {"due_offset_days", -3}, {"required", true}},
           {{"code", "labour_contract"}, {"title", "Sign the labour contract / 签订劳动合同"}, {"category", "contract"},
            {"owner_role", "candidate"}, {"due_offset_days", 0}, {"required", true}},
           {{"code", "social_insurance"}, {"title", "Social insurance enrolment / 社保增员"}, {"category", "enrolment"},
            {"owner_role", "hr"}, {"due_offset_days", 0}, {"required", true}},
           {{"code", "housing_fund"}, {"title", "Housing fund enrolment / 公积金开户"}, {"category", "enrolment"},
            {"owner_role", "hr"}, {"due_offset_days", 0}, {"required", true}},
           {{"code", "it_accounts"}, {"title", "Accounts and equipment / 账号与设备"}, {"category", "it"},
            {"owner_role", "admin"}, {"due_offset_days", -1}, {"required", true}},
           {{"code", "first_day"}, {"title", "First-day schedule / 入职首日安排"}, {"category", "schedule"},
            {"owner_role", "hiring_manager"}, {"due_offset_days", -1}, {"required", false}},
       })},
  };
}

const std::set<std::string> kStepRoles = {"hr", "admin"};
const std::set<std::string> kOwnerRoles = {"candidate", "hr", "admin", "hiring_manager"};
const std::set<std::string> kCheckKinds = {"identity", "education", "employment", "criminal"};

Status ValidateSteps(const json& steps, const std::string& field) {
  if (!steps.is_array() || steps.size() > 5) return Error::Invalid(field, field + " is an array of at most 5 steps");
  for (size_t i = 0; i < steps.size(); ++i) {
    const json& s = steps[i];
    if (!s.is_object() || !s.contains("role") || !s["role"].is_string() || !kStepRoles.count(s["role"].get<std::string>()))
      return Error::Invalid(field + "[" + std::to_string(i) + "].role", "a step's role is hr or admin");
  }
  return {};
}

Result<Policy> FromJson(const json& j) {
  Policy p;
  p.decision_steps = j.value("decision_steps", json::array());
  p.offer_steps = j.value("offer_steps", json::array());
  p.above_midpoint_steps = j.value("above_midpoint_steps", json::array());
  p.out_of_band_steps = j.value("out_of_band_steps", json::array());
  p.offer_valid_days = j.value("offer_valid_days", 7);
  json bc = j.value("background_check", json::object());
  p.check_required = bc.value("required", true);
  for (const auto& i : bc.value("items", json::array())) p.check_items.push_back(i.get<std::string>());
  p.onboarding_tasks = j.value("onboarding_tasks", json::array());
  return p;
}

}  // namespace

Result<Policy> LoadPolicy(store::Tx& tx) {
  HF_ASSIGN(Rows r, tx.Query("SELECT policy, version FROM hiring_settings WHERE id = 1"));
  json j = r.empty() ? DefaultPolicy() : json::parse(r[0].Str("policy"), nullptr, false);
  if (!j.is_object()) j = DefaultPolicy();
  HF_ASSIGN(Policy p, FromJson(j));
  p.version = r.empty() ? 1 : r[0].Int("version");  // the built-in defaults count as version 1
  return p;
}

json PolicyJson(const Policy& p) {
  return {{"decision_steps", p.decision_steps},
          {"offer_steps", p.offer_steps},
          {"above_midpoint_steps", p.above_midpoint_steps},
          {"out_of_band_steps", p.out_of_band_steps},
          {"offer_valid_days", p.offer_valid_days},
          {"background_check", {{"required", p.check_required}, {"items", p.check_items}}},
          {"onboarding_tasks", p.onboarding_tasks},
          {"version", p.version}};
}

Result<Rows> AppInScope(Env& env, int64_t application_id) {
  HF_ASSIGN(std::string scope, recruiting::RequisitionManageScope(env.tx, env.who));
  HF_ASSIGN(Rows a, env.tx.Query("SELECT a.id, a.status, a.requisition_id, a.candidate_id, a.expected_monthly_salary, c.name AS candidate_name, c.email, c.phone, "
                                 "r.title, r.department_id, r.position_id, r.salary_min, r.salary_max, r.hiring_manager_id, "
                                 "r.location, d.name AS department_name, p.title AS position_name "
                                 "FROM applications a JOIN requisitions r ON r.id = a.requisition_id "
                                 "JOIN candidates c ON c.id = a.candidate_id LEFT JOIN departments d ON d.id = r.department_id "
                                 "LEFT JOIN positions p ON p.id = r.position_id WHERE a.id = ? AND " + scope,
                                 {application_id}));
  if (a.empty()) return Error::NotFound("no such application");
  return a;
}

Result<int> CreateApprovals(store::Tx& tx, const core::Clock& clock, const std::string& subject_type, int64_t subject_id,
                            const std::vector<std::pair<std::string, std::string>>& steps) {
  int n = 0;
  for (const auto& [role, why] : steps) {
    HF_TRY(tx.Exec("INSERT INTO hiring_approvals(subject_type, subject_id, step_no, role, why, status, created_at) "
                   "VALUES (?, ?, ?, ?, ?, 'pending', ?)",
                   {subject_type, subject_id, ++n, role, why, Now(clock)}));
  }
  return n;
}

Status SubjectApproved(store::Tx& tx, const core::Clock& clock, const std::string& subject_type, int64_t subject_id) {
  std::string now = Now(clock);
  if (subject_type == "decision") {
    HF_ASSIGN(Rows d, tx.Query("SELECT application_id FROM hiring_decisions WHERE id = ?", {subject_id}));
    HF_TRY(tx.Exec("UPDATE hiring_decisions SET status = 'approved', version = version + 1, updated_at = ? WHERE id = ?",
                   {now, subject_id}));
    HF_ASSIGN(Rows a, tx.Query("SELECT status FROM applications WHERE id = ?", {d[0].Int("application_id")}));
    if (!a.empty() && a[0].Str("status") != "offer")
      HF_TRY(recruiting::MoveByRule(tx, clock, d[0].Int("application_id"), "offer", "hire decision approved", "hiring_decision"));
    return jobs::Emit(tx, "hiring_decision.approved", "hiring_decision", std::to_string(subject_id), json::object(), clock);
  }
  HF_ASSIGN(Rows v, tx.Query("SELECT offer_id FROM offer_versions WHERE id = ?", {subject_id}));
  HF_TRY(tx.Exec("UPDATE offer_versions SET status = 'approved' WHERE id = ?", {subject_id}));
  HF_TRY(tx.Exec("UPDATE offers SET status = 'approved', version = version + 1, updated_at = ? WHERE id = ?", {now, v[0].Int("offer_id")}));
  return jobs::Emit(tx, "offer.approved", "offer", std::to_string(v[0].Int("offer_id")), json::object(), clock);
}

Status SubjectRejected(store::Tx& tx, const core::Clock& clock, const std::string& subject_type, int64_t subject_id) {
  std::string now = Now(clock);
  HF_TRY(tx.Exec("UPDATE hiring_approvals SET status = 'cancelled' WHERE subject_type = ? AND subject_id = ? AND status = 'pending'",
                 {subject_type, subject_id}));
  if (subject_type == "decision") {
    HF_TRY(tx.Exec("UPDATE hiring_decisions SET status = 'rejected', version = version + 1, updated_at = ? WHERE id = ?",
                   {now, subject_id}));
    return {};
  }
  HF_ASSIGN(Rows v, tx.Query("SELECT offer_id FROM offer_versions WHERE id = ?", {subject_id}));
  HF_TRY(tx.Exec("UPDATE offer_versions SET status = 'rejected' WHERE id = ?", {subject_id}));
  HF_TRY(tx.Exec("UPDATE offers SET status = 'rejected', version = version + 1, updated_at = ? WHERE id = ?", {now, v[0].Int("offer_id")}));
  return {};
}

}  // namespace detail

Status RequireHiringStaff(const auth::Principal& p) { return recruiting::RequireRecruitingManager(p); }
Status RequireHr(const auth::Principal& p) { return org::RequireHrOrAdmin(p); }

// ---- Policy -------------------------------------------------------------------------------------------

Result<json> GetSettings(Env& env) {
  HF_TRY(RequireHiringStaff(env.who));
  HF_ASSIGN(Policy p, LoadPolicy(env.tx));
  return PolicyJson(p);
}

Result<json> UpdateSettings(Env& env, const json& body) {
  HF_TRY(org::RequireAdmin(env.who));
  HF_TRY(OnlyKeys(body, {"decision_steps", "offer_steps", "above_midpoint_steps", "out_of_band_steps", "offer_valid_days",
                         "background_check", "onboarding_tasks", "version"}));
  HF_ASSIGN(int64_t version, RequireVersion(body));
  HF_ASSIGN(Policy cur, LoadPolicy(env.tx));
  if (version != cur.version) return VersionConflict("hiring settings");
  json before = PolicyJson(cur);
  json next = before;
  next.erase("version");
  for (const char* f : {"decision_steps", "offer_steps", "above_midpoint_steps", "out_of_band_steps"})
    if (body.contains(f)) {
      HF_TRY(ValidateSteps(body[f], f));
      next[f] = body[f];
    }
  if (body.contains("offer_valid_days")) {
    const json& v = body["offer_valid_days"];
    if (!v.is_number_integer() || v.get<int64_t>() < 1 || v.get<int64_t>() > 60)
      return Error::Invalid("offer_valid_days", "offer_valid_days is 1 to 60");
    next["offer_valid_days"] = v;
  }
  if (body.contains("background_check")) {
    const json& b = body["background_check"];
    if (!b.is_object()) return Error::Invalid("background_check", "background_check is an object {required, items}");
    if (b.contains("required") && !b["required"].is_boolean())
      return Error::Invalid("background_check.required", "required is true or false");
    if (b.contains("items")) {
      if (!b["items"].is_array()) return Error::Invalid("background_check.items", "items is an array");
      for (size_t i = 0; i < b["items"].size(); ++i)
        if (!b["items"][i].is_string() || !kCheckKinds.count(b["items"][i].get<std::string>()))
          return Error::Invalid("background_check.items[" + std::to_string(i) + "]",
                                "a check is identity, education, employment or criminal");
    }
    for (auto& [k, v] : b.items()) {
      if (k != "required" && k != "items") return Error::Invalid("background_check." + k, "unknown field " + k);
      next["background_check"][k] = v;
    }
  }
  if (body.contains("onboarding_tasks")) {
    const json& t = body["onboarding_tasks"];
    if (!t.is_array() || t.empty() || t.size() > 40) return Error::Invalid("onboarding_tasks", "onboarding_tasks is 1 to 40 tasks");
    std::set<std::string> codes;
    for (size_t i = 0; i < t.size(); ++i) {
      std::string at = "onboarding_tasks[" + std::to_string(i) + "]";
      const json& x = t[i];
      if (!x.is_object()) return Error::Invalid(at, "a task is an object");
      if (!x.contains("code") || !x["code"].is_string() || x["code"].get<std::string>().empty() || !codes.insert(x["code"]).second)
        return Error::Invalid(at + ".code", "a task needs a unique code");
      if (!x.contains("title") || !x["title"].is_string() || x["title"].get<std::string>().empty())
        return Error::Invalid(at + ".title", "a task needs a title");
      if (!x.contains("owner_role") || !x["owner_role"].is_string() || !kOwnerRoles.count(x["owner_role"].get<std::string>()))
        return Error::Invalid(at + ".owner_role", "owner_role is candidate, hr, admin or hiring_manager");
      if (!x.contains("due_offset_days") || !x["due_offset_days"].is_number_integer() || std::abs(x["due_offset_days"].get<int64_t>()) > 90)
        return Error::Invalid(at + ".due_offset_days", "due_offset_days is -90 to 90 (days from the start date)");
      if (x.contains("required") && !x["required"].is_boolean()) return Error::Invalid(at + ".required", "required is true or false");
    }
    for (const char* must : {"new_hire_form", "labour_contract"})
      if (!codes.count(must)) return Error::Invalid("onboarding_tasks", std::string("the checklist must keep the task ") + must);
    next["onboarding_tasks"] = t;
  }
  std::string now = Now(env.clock);
  HF_ASSIGN(Rows saved, env.tx.Query("SELECT 1 FROM hiring_settings WHERE id = 1"));
  if (saved.empty())
    HF_TRY(env.tx.Exec("INSERT INTO hiring_settings(id, policy, version, updated_at) VALUES (1, ?, 2, ?)", {next.dump(), now}));
  else
    HF_TRY(env.tx.Exec("UPDATE hiring_settings SET policy = ?, version = version + 1, updated_at = ? WHERE id = 1", {next.dump(), now}));
  HF_ASSIGN(Policy p, LoadPolicy(env.tx));
  json after = PolicyJson(p);
  HF_TRY(Audit(env.tx, &env.who, env.clock, env.request_id, "update", "hiring_settings", 1, before, after, "hiring settings"));
  return after;
}

// ---- Decisions ----------------------------------------------------------------------------------------

namespace {

Result<json> ApprovalsOf(store::Tx& tx, const std::string& type, int64_t id) {
  HF_ASSIGN(Rows r, tx.Query("SELECT h.id, h.step_no, h.role, h.why, h.status, h.decided_by, u.display_name, h.decided_at, h.comment "
                             "FROM hiring_approvals h LEFT JOIN users u ON u.id = h.decided_by "
                             "WHERE h.subject_type = ? AND h.subject_id = ? ORDER BY h.step_no",
                             {type, id}));
  json out = json::array();
  for (const auto& a : r)
    out.push_back({{"id", a.Int("id")}, {"step", a.Int("step_no")}, {"role", a.Str("role")}, {"why", a.Str("why")},
                   {"status", a.Str("status")}, {"decided_by", a.OptInt("decided_by")}, {"decided_by_name", a.OptStr("display_name")},
                   {"decided_at", a.OptStr("decided_at")}, {"comment", a.Str("comment")}});
  return out;
}

}  // namespace

Result<json> Decide(Env& env, int64_t application_id, const json& body) {
  HF_TRY(RequireHiringStaff(env.who));
  HF_ASSIGN(Rows a, AppInScope(env, application_id));
  HF_TRY(OnlyKeys(body, {"decision", "reason"}));
  std::string decision = body.value("decision", "");
  if (decision != "hire" && decision != "reject" && decision != "hold")
    return Error::Invalid("decision", "decision is hire, reject or hold");
  HF_ASSIGN(auto reason, OptText(body, "reason", 2000));
  if (!reason || reason->empty()) return Error::Invalid("reason", "a decision needs a reason");
  std::string status = a[0].Str("status");
  HF_ASSIGN(Rows open, env.tx.Query("SELECT id FROM hiring_decisions WHERE application_id = ? AND status IN ('pending_approval', 'approved') "
                                    "AND decision = 'hire'",
                                    {application_id}));
  if (decision == "hire") {
    if (!open.empty()) return Error::Conflict("a hire decision already stands for this application", "already_decided");
    if (!recruiting::TransitionAllowed(status, "offer") && status != "offer")
      return Error::Conflict("only an interviewed (or second-round) application can be hired; it is " + status, "transition_refused");
  } else {
    HF_ASSIGN(Rows off, env.tx.Query("SELECT status FROM offers WHERE application_id = ?", {application_id}));
    if (!off.empty() && (off[0].Str("status") == "accepted" || off[0].Str("status") == "sent"))
      return Error::Conflict("the offer is already " + off[0].Str("status") + "; withdraw it through the offer", "offer_out");
  }
  std::string now = Now(env.clock);
  HF_ASSIGN(Rows ins, env.tx.Query("INSERT INTO hiring_decisions(application_id, decision, reason, status, decided_by, decided_at, updated_at) "
                                   "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                                   {application_id, decision, *reason, decision == "hire" ? "pending_approval" : "final",
                                    env.who.user_id, now, now}));
  int64_t id = ins[0].Int("id");
  if (decision == "hire") {
    HF_ASSIGN(Policy p, LoadPolicy(env.tx));
    std::vector<std::pair<std::string, std::string>> steps;
    for (const auto& s : p.decision_steps) steps.emplace_back(s["role"].get<std::string>(), "decision");
    HF_TRY(CreateApprovals(env.tx, env.clock, "decision", id, steps));
    // The decider's own role satisfies a leading step of the same role (an HR decision needs no HR approval).
    HF_ASSIGN(Rows first, env.tx.Query("SELECT id, role FROM hiring_approvals WHERE subject_type = 'decision' AND subject_id = ? "
                                       "ORDER BY step_no", {id}));
    for (const auto& s : first) {
      if (s.Str("role") != auth::RoleName(env.who.role)) break;
      HF_TRY(env.tx.Exec("UPDATE hiring_approvals SET status = 'approved', decided_by = ?, decided_at = ?, comment = 'decider' WHERE id = ?",
                         {env.who.user_id, now, s.Int("id")}));
    }
    HF_ASSIGN(Rows pending, env.tx.Query("SELECT 1 FROM hiring_approvals WHERE subject_type = 'decision' AND subject_id = ? AND status = 'pending'",
                                         {id}));
    if (pending.empty()) HF_TRY(SubjectApproved(env.tx, env.clock, "decision", id));
  } else {
    std::string to = decision == "reject" ? "rejected" : "on_hold";
    if (status != to) HF_TRY(recruiting::MoveByRule(env.tx, env.clock, application_id, to, *reason, "hiring_decision"));
    // A later reject or hold ends an earlier hire decision and its offer draft.
    HF_TRY(env.tx.Exec("UPDATE hiring_decisions SET status = 'superseded', updated_at = ? WHERE application_id = ? AND id <> ? "
                       "AND status IN ('pending_approval', 'approved')",
                       {now, application_id, id}));
    HF_TRY(env.tx.Exec("UPDATE offers SET status = 'withdrawn', token_hash = NULL, updated_at = ?, version = version + 1 "
                       "WHERE application_id = ? AND status NOT IN ('accepted', 'declined', 'withdrawn')",
                       {now, application_id}));
  }
  HF_TRY(Audit(env.tx, &env.who, env.clock, env.request_id, "decide", "hiring_decision", id, nullptr,
               {{"application_id", application_id}, {"decision", decision}, {"reason", *reason}},
               "application #" + std::to_string(application_id)));
  return GetDecision(env, application_id);
}

Result<json> GetDecision(Env& env, int64_t application_id) {
  HF_TRY(RequireHiringStaff(env.who));
  HF_ASSIGN(Rows a, AppInScope(env, application_id));
  HF_ASSIGN(Rows ds, env.tx.Query("SELECT h.id, h.decision, h.reason, h.status, h.decided_by, u.display_name, h.decided_at "
                                  "FROM hiring_decisions h LEFT JOIN users u ON u.id = h.decided_by WHERE h.application_id = ? "
                                  "ORDER BY h.id DESC",
                                  {application_id}));
  json decisions = json::array();
  for (const auto& d : ds) {
    HF_ASSIGN(json approvals, ApprovalsOf(env.tx, "decision", d.Int("id")));
    decisions.push_back({{"id", d.Int("id")}, {"decision", d.Str("decision")}, {"reason", d.Str("reason")}, {"status", d.Str("status")},
                         {"decided_by", d.OptInt("decided_by")}, {"decided_by_name", d.OptStr("display_name")},
                         {"decided_at", d.Str("decided_at")}, {"approvals", approvals}});
  }
  HF_ASSIGN(Rows off, env.tx.Query("SELECT id, status, current_version FROM offers WHERE application_id = ?", {application_id}));
  json offer = off.empty() ? json(nullptr)
                           : json{{"id", off[0].Int("id")}, {"status", off[0].Str("status")}, {"current_version", off[0].Int("current_version")}};
  auto money = [](const store::Rows::Row& r, const char* c) -> json {
    return r.IsNull(c) ? json(nullptr) : json(core::Money::Fen(r.Int(c)).ToString());
  };
  return json{{"application_id", application_id},
              {"application_status", a[0].Str("status")},
              {"candidate_id", a[0].Int("candidate_id")},
              {"candidate_name", a[0].Str("candidate_name")},
              {"requisition_id", a[0].Int("requisition_id")},
              {"requisition_title", a[0].Str("title")},
              {"department_name", a[0].Str("department_name")},
              {"salary_min", money(a[0], "salary_min")},
              {"salary_max", money(a[0], "salary_max")},
              {"expected_monthly_salary", money(a[0], "expected_monthly_salary")},
              {"decisions", decisions},
              {"offer", offer}};
}

Result<json> ListApprovals(Env& env) {
  HF_TRY(RequireHr(env.who));
  HF_ASSIGN(Rows r, env.tx.Query("SELECT h.id, h.subject_type, h.subject_id, h.step_no, h.role, h.why, h.created_at FROM hiring_approvals h "
                                 "WHERE h.status = 'pending' AND NOT EXISTS (SELECT 1 FROM hiring_approvals e WHERE e.subject_type = h.subject_type "
                                 "AND e.subject_id = h.subject_id AND e.status = 'pending' AND e.step_no < h.step_no) ORDER BY h.id"));
  json items = json::array();
  for (const auto& x : r) {
    if (env.who.role != auth::Role::kAdmin && x.Str("role") != auth::RoleName(env.who.role)) continue;
    json item = {{"id", x.Int("id")}, {"subject_type", x.Str("subject_type")}, {"subject_id", x.Int("subject_id")},
                 {"step", x.Int("step_no")}, {"role", x.Str("role")}, {"why", x.Str("why")}, {"created_at", x.Str("created_at")}};
    if (x.Str("subject_type") == "decision") {
      HF_ASSIGN(Rows d, env.tx.Query("SELECT h.application_id, h.reason, c.name FROM hiring_decisions h JOIN applications a ON a.id = h.application_id "
                                     "JOIN candidates c ON c.id = a.candidate_id WHERE h.id = ?",
                                     {x.Int("subject_id")}));
      if (!d.empty()) item.update({{"application_id", d[0].Int("application_id")}, {"candidate_name", d[0].Str("name")}, {"reason", d[0].Str("reason")}});
    } else {
      HF_ASSIGN(Rows d, env.tx.Query("SELECT o.id, o.application_id, v.monthly_salary, v.band_status, c.name FROM offer_versions v "
                                     "JOIN offers o ON o.id = v.offer_id JOIN applications a ON a.id = o.application_id "
                                     "JOIN candidates c ON c.id = a.candidate_id WHERE v.id = ?",
                                     {x.Int("subject_id")}));
      if (!d.empty())
        item.update({{"offer_id", d[0].Int("id")}, {"application_id", d[0].Int("application_id")}, {"candidate_name", d[0].Str("name")},
                     {"monthly_salary", core::Money::Fen(d[0].Int("monthly_salary")).ToString()}, {"band_status", d[0].Str("band_status")}});
    }
    items.push_back(item);
  }
  return json{{"items", items}};
}

Result<json> ActOnApproval(Env& env, int64_t approval_id, const json& body) {
  HF_TRY(RequireHr(env.who));
  HF_TRY(OnlyKeys(body, {"approve", "comment"}));
  if (!body.contains("approve") || !body["approve"].is_boolean()) return Error::Invalid("approve", "approve is true or false");
  bool approve = body["approve"].get<bool>();
  HF_ASSIGN(auto comment, OptText(body, "comment", 2000));
  if (!approve && (!comment || comment->empty())) return Error::Invalid("comment", "a refusal needs a comment");
  HF_ASSIGN(Rows r, env.tx.Query("SELECT subject_type, subject_id, step_no, role, status FROM hiring_approvals WHERE id = ?", {approval_id}));
  if (r.empty()) return Error::NotFound("no such approval step");
  if (r[0].Str("status") != "pending") return Error::Conflict("this step is already " + r[0].Str("status"), "already_decided");
  std::string type = r[0].Str("subject_type");
  int64_t subject = r[0].Int("subject_id");
  HF_ASSIGN(Rows earlier, env.tx.Query("SELECT 1 FROM hiring_approvals WHERE subject_type = ? AND subject_id = ? AND status = 'pending' AND step_no < ?",
                                       {type, subject, r[0].Int("step_no")}));
  if (!earlier.empty()) return Error::Conflict("an earlier step is still pending", "earlier_step_pending");
  if (env.who.role != auth::Role::kAdmin && r[0].Str("role") != auth::RoleName(env.who.role))
    return Error::Forbidden("this step is for the role " + r[0].Str("role"));
  std::string now = Now(env.clock);
  HF_TRY(env.tx.Exec("UPDATE hiring_approvals SET status = ?, decided_by = ?, decided_at = ?, comment = ? WHERE id = ?",
                     {approve ? "approved" : "rejected", env.who.user_id, now, comment.value_or(""), approval_id}));
  if (!approve) {
    HF_TRY(SubjectRejected(env.tx, env.clock, type, subject));
  } else {
    HF_ASSIGN(Rows left, env.tx.Query("SELECT 1 FROM hiring_approvals WHERE subject_type = ? AND subject_id = ? AND status = 'pending'",
                                      {type, subject}));
    if (left.empty()) HF_TRY(SubjectApproved(env.tx, env.clock, type, subject));
  }
  HF_TRY(Audit(env.tx, &env.who, env.clock, env.request_id, approve ? "approve" : "refuse", "hiring_approval", approval_id,
               {{"status", "pending"}}, {{"status", approve ? "approved" : "rejected"}, {"comment", comment.value_or("")}},
               type + " #" + std::to_string(subject)));
  return json{{"id", approval_id}, {"status", approve ? "approved" : "rejected"}, {"subject_type", type}, {"subject_id", subject}};
}

}  // namespace hiring
