// Onboarding: the checklist from the policy's template, the new hire's form and contract through a
// link (click to sign), task completion by owners, and the employee record created when every
// required task is done — from what is already known, nothing typed twice.
#include <regex>

#include "auth/crypto.h"
#include "hiring/detail.h"
#include "hiring/labour_law.h"

namespace hiring {

using core::Error;
using core::Money;
using core::Result;
using core::Status;
using nlohmann::json;
using store::Rows;
using namespace detail;

namespace {

const char* kContractZh =
    "劳动合同\n\n"
    "甲方（用人单位）：本公司\n"
    "乙方（劳动者）：{{name}}，身份证号码：{{id_number_masked}}\n\n"
    "一、合同期限：{{contract_term}}，自{{start_date}}起{{end_clause}}。\n"
    "二、试用期：{{probation_months}}个月{{probation_clause}}。\n"
    "三、工作内容与地点：乙方在{{department}}担任{{position}}，工作地点为{{work_location}}。\n"
    "四、劳动报酬：月工资（税前）人民币{{monthly_salary}}元；试用期月工资人民币{{probation_salary}}元，"
    "于每月发放至乙方银行账户。\n"
    "五、社会保险与住房公积金：甲方依法为乙方缴纳。\n"
    "六、其他事项依照《中华人民共和国劳动合同法》执行。\n";
const char* kContractEn =
    "Labour contract\n\n"
    "Employer: the Company\n"
    "Employee: {{name}}, ID number {{id_number_masked}}\n\n"
    "1. Term: {{contract_term}}, from {{start_date}}{{end_clause}}.\n"
    "2. Probation: {{probation_months}} months{{probation_clause}}.\n"
    "3. Work: {{position}} in {{department}}, at {{work_location}}.\n"
    "4. Pay: monthly salary CNY {{monthly_salary}} before tax; CNY {{probation_salary}} during probation.\n"
    "5. Social insurance and housing fund: paid by the employer as the law requires.\n"
    "6. Everything else follows the Labour Contract Law of the People's Republic of China.\n";

std::string Mask(const std::string& s) { return s.size() <= 4 ? std::string(s.size(), '*') : std::string(s.size() - 4, '*') + s.substr(s.size() - 4); }

// Chinese resident ID (GB 11643-1999): 17 digits and a check character.
bool ValidResidentId(const std::string& id) {
  if (id.size() != 18) return false;
  static const int kW[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static const char kC[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    if (id[i] < '0' || id[i] > '9') return false;
    sum += (id[i] - '0') * kW[i];
  }
  char last = static_cast<char>(std::toupper(static_cast<unsigned char>(id[17])));
  return kC[sum % 11] == last;
}

struct OnbLink {
  int64_t onboarding_id = 0, offer_id = 0, application_id = 0;
  std::string status;
};

Result<OnbLink> ResolveFormLink(store::Tx& tx, const std::string& token) {
  if (token.size() < 20) return Error::NotFound("no such onboarding link");
  HF_ASSIGN(Rows r, tx.Query("SELECT id, offer_id, application_id, status FROM onboardings WHERE token_hash = ?", {auth::Sha256Hex(token)}));
  if (r.empty()) return Error::NotFound("no such onboarding link");
  if (r[0].Str("status") == "cancelled") return Error::Conflict("this onboarding was cancelled", "onboarding_closed");
  return OnbLink{r[0].Int("id"), r[0].Int("offer_id"), r[0].Int("application_id"), r[0].Str("status")};
}

Result<Rows> ContractOf(store::Tx& tx, int64_t onboarding_id) {
  return tx.Query("SELECT * FROM labour_contracts WHERE onboarding_id = ? ORDER BY id DESC LIMIT 1", {onboarding_id});
}

json ContractJson(const store::Rows::Row& c) {
  json sig = c.IsNull("signature") ? json(nullptr) : json::parse(c.Str("signature"));
  return {{"id", c.Int("id")},
          {"contract_type", c.Str("contract_type")},
          {"term_months", c.OptInt("term_months")},
          {"start_date", c.Str("start_date")},
          {"end_date", c.OptStr("end_date")},
          {"probation_months", c.Int("probation_months")},
          {"probation_end", c.OptStr("probation_end")},
          {"monthly_salary", Money::Fen(c.Int("monthly_salary")).ToString()},
          {"probation_salary", Money::Fen(c.Int("probation_salary")).ToString()},
          {"city", c.Str("city")},
          {"status", c.Str("status")},
          {"signed_at", c.OptStr("signed_at")},
          {"signature", sig},
          {"body_text", c.Str("body_text")},
          {"employee_id", c.OptInt("employee_id")}};
}

// Renders the contract text from the offer's terms and (when known) the new hire's ID number.
Status RenderContract(store::Tx& tx, int64_t onboarding_id, const std::string& id_number) {
  HF_ASSIGN(Rows r, tx.Query("SELECT v.terms, c.name, d.name AS department FROM onboardings o JOIN offers f ON f.id = o.offer_id "
                             "JOIN offer_versions v ON v.offer_id = f.id AND v.version_no = f.current_version "
                             "JOIN applications a ON a.id = o.application_id JOIN candidates c ON c.id = a.candidate_id "
                             "JOIN requisitions q ON q.id = a.requisition_id LEFT JOIN departments d ON d.id = q.department_id WHERE o.id = ?",
                             {onboarding_id}));
  HF_ASSIGN(Rows k, ContractOf(tx, onboarding_id));
  json t = json::parse(r[0].Str("terms"));
  bool zh = t.value("language", "zh-CN") == "zh-CN";
  json vars = t;
  vars["name"] = r[0].Str("name");
  vars["department"] = r[0].Str("department");
  vars["id_number_masked"] = id_number.empty() ? (zh ? "（待填写）" : "(to be filled in)") : Mask(id_number);
  std::string type = t.value("contract_type", "fixed");
  vars["contract_term"] = type == "open_ended" ? (zh ? "无固定期限" : "open-ended")
                          : type == "task"     ? (zh ? "以完成一定工作任务为期限" : "until the task is completed")
                                               : std::to_string(t.value("contract_term_months", int64_t(36))) + (zh ? "个月" : " months");
  vars["end_clause"] = k[0].IsNull("end_date") ? "" : (zh ? "至" : " to ") + k[0].Str("end_date");
  vars["probation_clause"] = k[0].IsNull("probation_end") ? "" : (zh ? "，至" : ", to ") + k[0].Str("probation_end");
  std::string text = FillTemplate(zh ? kContractZh : kContractEn, vars);
  HF_TRY(tx.Exec("UPDATE labour_contracts SET body_text = ? WHERE id = ?", {text, k[0].Int("id")}));
  return {};
}

std::string NewEmployeeNo(int64_t onboarding_id, core::Date start) {
  std::string n = std::to_string(onboarding_id);
  while (n.size() < 5) n = "0" + n;
  return "HF" + std::to_string(start.year()) + "-" + n;
}

}  // namespace

namespace detail {

Result<int64_t> CreateOnboarding(store::Tx& tx, const core::Clock& clock, int64_t offer_id) {
  HF_ASSIGN(Rows existing, tx.Query("SELECT id FROM onboardings WHERE offer_id = ?", {offer_id}));
  if (!existing.empty()) return existing[0].Int("id");
  HF_ASSIGN(Rows o, tx.Query("SELECT f.application_id, v.terms, q.hiring_manager_id FROM offers f "
                             "JOIN offer_versions v ON v.offer_id = f.id AND v.version_no = f.current_version "
                             "JOIN applications a ON a.id = f.application_id JOIN requisitions q ON q.id = a.requisition_id WHERE f.id = ?",
                             {offer_id}));
  json t = json::parse(o[0].Str("terms"));
  HF_ASSIGN(core::Date start, core::Date::Parse(t["start_date"].get<std::string>()));
  std::string now = Now(clock);
  std::string token = auth::RandomToken(32);
  HF_ASSIGN(Rows ins, tx.Query("INSERT INTO onboardings(offer_id, application_id, status, start_date, token_hash, created_at, updated_at) "
                               "VALUES (?, ?, 'active', ?, ?, ?, ?) RETURNING id",
                               {offer_id, o[0].Int("application_id"), start.ToString(), auth::Sha256Hex(token), now, now}));
  int64_t id = ins[0].Int("id");
  HF_ASSIGN(Policy p, LoadPolicy(tx));
  for (const auto& task : p.onboarding_tasks) {
    std::string owner = task["owner_role"];
    std::optional<int64_t> owner_user;
    if (owner == "hiring_manager" && !o[0].IsNull("hiring_manager_id")) owner_user = o[0].Int("hiring_manager_id");
    HF_TRY(tx.Exec("INSERT INTO onboarding_tasks(onboarding_id, code, title, category, owner_role, owner_user_id, due_date, required, status, "
                   "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)",
                   {id, task["code"].get<std::string>(), task["title"].get<std::string>(), task.value("category", "other"), owner, owner_user,
                    start.AddDays(task["due_offset_days"].get<int64_t>()).ToString(), task.value("required", true), now}));
  }
  // The contract from the offer's terms (text completed when the new hire gives the ID number).
  std::string type = t.value("contract_type", "fixed");
  int64_t prob = t.value("probation_months", int64_t(0));
  std::optional<int64_t> term;
  std::optional<std::string> end, prob_end;
  if (type == "fixed") {
    term = t.value("contract_term_months", int64_t(36));
    end = start.AddMonths(static_cast<int>(*term)).AddDays(-1).ToString();
  }
  if (prob > 0) prob_end = start.AddMonths(static_cast<int>(prob)).AddDays(-1).ToString();
  HF_ASSIGN(Money monthly, Money::Parse(t["monthly_salary"].get<std::string>()));
  HF_ASSIGN(Money probation, Money::Parse(t.value("probation_salary", t["monthly_salary"].get<std::string>())));
  HF_TRY(tx.Exec("INSERT INTO labour_contracts(onboarding_id, contract_type, term_months, start_date, end_date, probation_months, probation_end, "
                 "monthly_salary, probation_salary, city, body_text, status, created_at, updated_at) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', 'draft', ?, ?)",
                 {id, type, term, start.ToString(), end, prob, prob_end, monthly.fen(), probation.fen(), t["city"].get<std::string>(), now, now}));
  HF_TRY(RenderContract(tx, id, ""));
  HF_TRY(Audit(tx, nullptr, clock, "", "create", "onboarding", id, nullptr, {{"offer_id", offer_id}, {"start_date", start.ToString()}},
               "onboarding #" + std::to_string(id)));
  HF_TRY(jobs::Emit(tx, "onboarding.created", "onboarding", std::to_string(id), json::object(), clock));
  // The new hire's link goes out by e-mail (when a mailer is configured; HR can re-issue it).
  HF_TRY(jobs::Enqueue(tx, "hiring.form_email", {{"onboarding_id", id}, {"token", token}}, clock));
  jobs::EnqueueOptions daily;
  daily.dedupe_key = "hiring.daily:" + Today(clock).ToString();
  HF_TRY(jobs::Enqueue(tx, "hiring.daily", json::object(), clock, daily));
  return id;
}

Status CompleteTaskByCode(store::Tx& tx, const core::Clock& clock, int64_t onboarding_id, const std::string& code) {
  HF_TRY(tx.Exec("UPDATE onboarding_tasks SET status = 'done', done_at = ?, version = version + 1, updated_at = ? "
                 "WHERE onboarding_id = ? AND code = ? AND status = 'open'",
                 {Now(clock), Now(clock), onboarding_id, code}));
  return {};
}

Status MaybeCreateEmployee(store::Tx& tx, const core::Clock& clock, const auth::Principal* who, int64_t onboarding_id) {
  HF_ASSIGN(Rows ob, tx.Query("SELECT o.*, c.name, c.email, c.phone, q.department_id, q.position_id, v.terms FROM onboardings o "
                              "JOIN applications a ON a.id = o.application_id JOIN candidates c ON c.id = a.candidate_id "
                              "JOIN requisitions q ON q.id = a.requisition_id JOIN offers f ON f.id = o.offer_id "
                              "JOIN offer_versions v ON v.offer_id = f.id AND v.version_no = f.current_version WHERE o.id = ?",
                              {onboarding_id}));
  if (ob.empty() || ob[0].Str("status") != "active" || !ob[0].IsNull("employee_id")) return {};
  HF_ASSIGN(Rows open, tx.Query("SELECT 1 FROM onboarding_tasks WHERE onboarding_id = ? AND required = 1 AND status <> 'done'", {onboarding_id}));
  if (!open.empty()) return {};
  const auto& x = ob[0];
  json t = json::parse(x.Str("terms"));
  HF_ASSIGN(core::Date start, core::Date::Parse(x.Str("start_date")));
  HF_ASSIGN(Rows k, ContractOf(tx, onboarding_id));
  int64_t prob = t.value("probation_months", int64_t(0));
  std::string now = Now(clock);
  auto opt_id = [&](const char* f) -> std::optional<int64_t> {
    return t.contains(f) && t[f].is_number_integer() ? std::optional<int64_t>(t[f].get<int64_t>()) : std::nullopt;
  };
  HF_ASSIGN(Rows e, tx.Query("INSERT INTO employees(employee_no, name, email, phone, department_id, position_id, grade_id, manager_id, hire_date, "
                             "status, id_number_enc, bank_account_enc, application_id, probation_end, created_at, updated_at) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                             {NewEmployeeNo(onboarding_id, start), x.Str("name"), x.OptStr("email"), x.OptStr("phone"), x.OptInt("department_id"),
                              x.OptInt("position_id"), opt_id("grade_id"), opt_id("manager_id"), start.ToString(),
                              prob > 0 ? "probation" : "active", x.OptStr("id_number_enc"), x.OptStr("bank_account_enc"),
                              x.Int("application_id"), k[0].OptStr("probation_end"), now, now}));
  int64_t emp = e[0].Int("id");
  HF_TRY(tx.Exec("UPDATE labour_contracts SET employee_id = ?, updated_at = ? WHERE id = ?", {emp, now, k[0].Int("id")}));
  HF_TRY(tx.Exec("UPDATE onboardings SET employee_id = ?, status = 'completed', version = version + 1, updated_at = ? WHERE id = ?",
                 {emp, now, onboarding_id}));
  HF_TRY(recruiting::MoveByRule(tx, clock, x.Int("application_id"), "hired", "onboarding checklist complete", "onboarding_complete"));
  HF_TRY(org::AuditChange(tx, who, clock, "", "create", "employee", std::to_string(emp), nullptr,
                          {{"name", x.Str("name")}, {"application_id", x.Int("application_id")}, {"hire_date", start.ToString()},
                           {"source", "onboarding #" + std::to_string(onboarding_id)}},
                          x.Str("name")));
  // The payroll profile is payroll's to write: a durable job (payroll sits above hiring).
  jobs::EnqueueOptions o;
  o.dedupe_key = "payroll.create_profile:" + std::to_string(emp);
  o.max_attempts = 8;
  HF_TRY(jobs::Enqueue(tx, "payroll.create_profile",
                       {{"employee_id", emp}, {"effective_from", start.ToString()}, {"monthly_salary", t["monthly_salary"]},
                        {"city", t["city"]}, {"actor_user_id", who ? std::optional<int64_t>(who->user_id) : std::nullopt}},
                       clock, o));
  return {};
}

}  // namespace detail

Result<json> ClickToSign::Sign(const SignRequest& r) const {
  if (r.typed_name != r.full_name) return Error::Invalid("full_name", "type your full name exactly as in the contract");
  if (r.document_text.empty()) return Error::Invalid("document", "there is no contract text to sign");
  return json{{"provider", "click"}, {"full_name", r.full_name}, {"ip", r.ip}, {"signed_at", core::FormatInstant(r.at)},
              {"document_sha256", auth::Sha256Hex(r.document_text)}};
}

// ---- Staff side ----------------------------------------------------------------------------------------

namespace {

constexpr const char* kOnbFrom =
    " FROM onboardings o JOIN applications a ON a.id = o.application_id JOIN candidates c ON c.id = a.candidate_id "
    "JOIN requisitions r ON r.id = a.requisition_id";

json TaskJson(const store::Rows::Row& t, const std::string& today) {
  return {{"id", t.Int("id")},
          {"onboarding_id", t.Int("onboarding_id")},
          {"code", t.Str("code")},
          {"title", t.Str("title")},
          {"category", t.Str("category")},
          {"owner_role", t.Str("owner_role")},
          {"owner_user_id", t.OptInt("owner_user_id")},
          {"due_date", t.Str("due_date")},
          {"required", t.Int("required") != 0},
          {"status", t.Str("status")},
          {"late", t.Str("status") == "open" && t.Str("due_date") < today},
          {"done_by", t.OptInt("done_by")},
          {"done_at", t.OptStr("done_at")},
          {"note", t.Str("note")},
          {"reminded_on", t.OptStr("reminded_on")},
          {"version", t.Int("version")}};
}

}  // namespace

Result<ListResult> ListOnboardings(Env& env, const std::optional<std::string>& status, const Page& page) {
  HF_TRY(RequireHiringStaff(env.who));
  HF_ASSIGN(std::string scope, recruiting::RequisitionManageScope(env.tx, env.who));
  std::string where = " WHERE " + scope;
  store::Params params;
  if (status && !status->empty()) {
    where += " AND o.status = ?";
    params.push_back(*status);
  }
  HF_ASSIGN(Rows n, env.tx.Query(std::string("SELECT COUNT(*) AS n") + kOnbFrom + where, params));
  params.push_back(page.limit);
  params.push_back(page.offset);
  HF_ASSIGN(Rows r, env.tx.Query(std::string("SELECT o.id, o.status, o.start_date, o.employee_id, o.form_submitted_at, c.name, r.title") + kOnbFrom +
                                     where + " ORDER BY o.id DESC LIMIT ? OFFSET ?",
                                 params));
  std::string today = Today(env.clock).ToString();
  ListResult out;
  out.total = n[0].Int("n");
  for (const auto& x : r) {
    HF_ASSIGN(Rows ts, env.tx.Query("SELECT status, due_date FROM onboarding_tasks WHERE onboarding_id = ?", {x.Int("id")}));
    int done = 0, late = 0;
    for (const auto& t : ts) {
      done += t.Str("status") == "done";
      late += t.Str("status") == "open" && t.Str("due_date") < today;
    }
    out.items.push_back({{"id", x.Int("id")}, {"status", x.Str("status")}, {"start_date", x.Str("start_date")},
                         {"employee_id", x.OptInt("employee_id")}, {"candidate_name", x.Str("name")}, {"requisition_title", x.Str("title")},
                         {"form_submitted", !x.IsNull("form_submitted_at")}, {"tasks_total", ts.size()}, {"tasks_done", done},
                         {"tasks_late", late}});
  }
  return out;
}

Result<json> GetOnboarding(Env& env, int64_t id) {
  HF_TRY(RequireHiringStaff(env.who));
  HF_ASSIGN(std::string scope, recruiting::RequisitionManageScope(env.tx, env.who));
  HF_ASSIGN(Rows r, env.tx.Query(std::string("SELECT o.*, c.name, c.email, c.phone, r.title") + kOnbFrom + " WHERE o.id = ? AND " + scope, {id}));
  if (r.empty()) return Error::NotFound("no such onboarding");
  const auto& x = r[0];
  HF_ASSIGN(Rows ts, env.tx.Query("SELECT * FROM onboarding_tasks WHERE onboarding_id = ? ORDER BY due_date, id", {id}));
  std::string today = Today(env.clock).ToString();
  json tasks = json::array();
  for (const auto& t : ts) tasks.push_back(TaskJson(t, today));
  HF_ASSIGN(Rows k, ContractOf(env.tx, id));
  json form = x.IsNull("form") ? json(nullptr) : json::parse(x.Str("form"));
  // Sensitive fields: HR sees them decrypted, a hiring manager only masked.
  if (form.is_object() && env.cipher) {
    for (const auto& [col, key] : {std::pair{"id_number_enc", "id_number"}, std::pair{"bank_account_enc", "bank_account"}}) {
      if (x.IsNull(col)) continue;
      HF_ASSIGN(std::string plain, env.cipher->Decrypt(x.Str(col)));
      form[key] = org::IsHrOrAdmin(env.who) ? plain : Mask(plain);
    }
  }
  return json{{"id", id},
              {"offer_id", x.Int("offer_id")},
              {"application_id", x.Int("application_id")},
              {"status", x.Str("status")},
              {"start_date", x.Str("start_date")},
              {"candidate_name", x.Str("name")},
              {"candidate_email", x.OptStr("email")},
              {"candidate_phone", x.OptStr("phone")},
              {"requisition_title", x.Str("title")},
              {"form", form},
              {"form_submitted_at", x.OptStr("form_submitted_at")},
              {"employee_id", x.OptInt("employee_id")},
              {"tasks", tasks},
              {"contract", k.empty() ? json(nullptr) : ContractJson(k[0])},
              {"version", x.Int("version")}};
}

Result<json> IssueFormLink(Env& env, const Deps& deps, int64_t id) {
  HF_TRY(RequireHr(env.who));
  HF_ASSIGN(Rows r, env.tx.Query("SELECT status FROM onboardings WHERE id = ?", {id}));
  if (r.empty()) return Error::NotFound("no such onboarding");
  if (r[0].Str("status") == "cancelled") return Error::Conflict("the onboarding was cancelled", "onboarding_closed");
  std::string token = auth::RandomToken(32);
  HF_TRY(env.tx.Exec("UPDATE onboardings SET token_hash = ?, updated_at = ? WHERE id = ?", {auth::Sha256Hex(token), Now(env.clock), id}));
  if (deps.mailer) HF_TRY(jobs::Enqueue(env.tx, "hiring.form_email", {{"onboarding_id", id}, {"token", token}}, env.clock));
  HF_TRY(Audit(env.tx, &env.who, env.clock, env.request_id, "issue_link", "onboarding", id, nullptr, {{"link", "re-issued"}},
               "onboarding #" + std::to_string(id)));
  return json{{"id", id}, {"link", deps.public_url + "/onboarding/" + token}};
}

Result<ListResult> ListTasks(Env& env, bool late_only, bool mine, const Page& page) {
  HF_TRY(RequireHiringStaff(env.who));
  HF_ASSIGN(std::string scope, recruiting::RequisitionManageScope(env.tx, env.who));
  std::string today = Today(env.clock).ToString();
  std::string where = " WHERE o.status IN ('active', 'paused') AND " + scope;
  store::Params params;
  if (late_only) {
    where += " AND t.status = 'open' AND t.due_date < ?";
    params.push_back(today);
  }
  if (mine) {
    where += " AND (t.owner_user_id = ? OR (t.owner_user_id IS NULL AND t.owner_role = ?))";
    params.push_back(env.who.user_id);
    params.push_back(std::string(auth::RoleName(env.who.role)));
  }
  const std::string from = " FROM onboarding_tasks t JOIN onboardings o ON o.id = t.onboarding_id JOIN applications a ON a.id = o.application_id "
                           "JOIN candidates c ON c.id = a.candidate_id JOIN requisitions r ON r.id = a.requisition_id";
  HF_ASSIGN(Rows n, env.tx.Query("SELECT COUNT(*) AS n" + from + where, params));
  params.push_back(page.limit);
  params.push_back(page.offset);
  HF_ASSIGN(Rows r, env.tx.Query("SELECT t.*, c.name, u.display_name AS owner_name" + from +
                                     " LEFT JOIN users u ON u.id = t.owner_user_id" + where + " ORDER BY t.due_date, t.id LIMIT ? OFFSET ?",
                                 params));
  ListResult out;
  out.total = n[0].Int("n");
  for (const auto& t : r) {
    json j = TaskJson(t, today);
    j["candidate_name"] = t.Str("name");
    j["owner_name"] = t.OptStr("owner_name");
    out.items.push_back(j);
  }
  return out;
}

Result<json> CompleteTask(Env& env, int64_t task_id, const json& body) {
  HF_TRY(RequireHiringStaff(env.who));
  HF_ASSIGN(std::string scope, recruiting::RequisitionManageScope(env.tx, env.who));
  HF_ASSIGN(Rows r, env.tx.Query("SELECT t.*, o.status AS onboarding_status FROM onboarding_tasks t JOIN onboardings o ON o.id = t.onboarding_id "
                                 "JOIN applications a ON a.id = o.application_id JOIN requisitions r ON r.id = a.requisition_id "
                                 "WHERE t.id = ? AND " + scope,
                                 {task_id}));
  if (r.empty()) return Error::NotFound("no such task");
  HF_TRY(OnlyKeys(body, {"version", "note"}));
  HF_ASSIGN(int64_t version, RequireVersion(body));
  HF_ASSIGN(auto note, OptText(body, "note", 2000));
  const auto& t = r[0];
  std::string owner = t.Str("owner_role");
  if (owner == "candidate") return Error::Conflict("the new hire completes this task through their link", "new_hire_task");
  if (!org::IsHrOrAdmin(env.who) && owner != auth::RoleName(env.who.role))
    return Error::Forbidden("this task belongs to the role " + owner);
  if (t.Str("onboarding_status") != "active")
    return Error::Conflict("the onboarding is " + t.Str("onboarding_status") + (t.Str("onboarding_status") == "paused" ? " (background check)" : ""),
                           "onboarding_not_active");
  if (t.Str("status") == "done") return Error::Conflict("the task is already done", "already_done");
  std::string now = Now(env.clock);
  HF_ASSIGN(int64_t n, env.tx.Exec("UPDATE onboarding_tasks SET status = 'done', done_by = ?, done_at = ?, note = ?, version = version + 1, "
                                   "updated_at = ? WHERE id = ? AND version = ?",
                                   {env.who.user_id, now, note.value_or(""), now, task_id, version}));
  if (n != 1) return VersionConflict("task");
  HF_TRY(Audit(env.tx, &env.who, env.clock, env.request_id, "complete", "onboarding_task", task_id, {{"status", "open"}},
               {{"status", "done"}, {"note", note.value_or("")}}, "onboarding #" + std::to_string(t.Int("onboarding_id"))));
  HF_TRY(MaybeCreateEmployee(env.tx, env.clock, &env.who, t.Int("onboarding_id")));
  return GetOnboarding(env, t.Int("onboarding_id"));
}

// ---- New hire's side -----------------------------------------------------------------------------------

Result<json> OpenFormLink(store::Tx& tx, const core::Clock& clock, const auth::FieldCipher& cipher, const std::string& token) {
  HF_ASSIGN(OnbLink l, ResolveFormLink(tx, token));
  HF_ASSIGN(Rows r, tx.Query("SELECT o.*, c.name, c.email, c.phone, v.terms, d.name AS department FROM onboardings o "
                             "JOIN applications a ON a.id = o.application_id JOIN candidates c ON c.id = a.candidate_id "
                             "JOIN requisitions q ON q.id = a.requisition_id LEFT JOIN departments d ON d.id = q.department_id "
                             "JOIN offers f ON f.id = o.offer_id JOIN offer_versions v ON v.offer_id = f.id AND v.version_no = f.current_version "
                             "WHERE o.id = ?",
                             {l.onboarding_id}));
  const auto& x = r[0];
  json terms = json::parse(x.Str("terms"));
  json form = x.IsNull("form") ? json::object() : json::parse(x.Str("form"));
  for (const auto& [col, key] : {std::pair{"id_number_enc", "id_number"}, std::pair{"bank_account_enc", "bank_account"}}) {
    if (x.IsNull(col)) continue;
    HF_ASSIGN(std::string plain, cipher.Decrypt(x.Str(col)));
    form[key + std::string("_masked")] = Mask(plain);  // the link never shows the full number again
  }
  HF_ASSIGN(Rows ts, tx.Query("SELECT * FROM onboarding_tasks WHERE onboarding_id = ? AND owner_role = 'candidate' ORDER BY due_date", {l.onboarding_id}));
  std::string today = Today(clock).ToString();
  json tasks = json::array();
  for (const auto& t : ts) {
    json j = TaskJson(t, today);
    j.erase("done_by");
    tasks.push_back(j);
  }
  HF_ASSIGN(Rows k, ContractOf(tx, l.onboarding_id));
  return json{{"status", l.status},
              {"name", x.Str("name")},
              {"email", x.OptStr("email")},
              {"phone", x.OptStr("phone")},
              {"position", terms.value("position", "")},
              {"department", x.Str("department")},
              {"start_date", x.Str("start_date")},
              {"language", terms.value("language", "zh-CN")},
              {"form", form},
              {"form_submitted_at", x.OptStr("form_submitted_at")},
              {"tasks", tasks},
              {"contract_status", k.empty() ? json(nullptr) : json(k[0].Str("status"))}};
}

Result<json> SubmitForm(store::Tx& tx, const core::Clock& clock, const auth::FieldCipher& cipher, const std::string& token, const json& body) {
  HF_ASSIGN(OnbLink l, ResolveFormLink(tx, token));
  if (l.status != "active" && l.status != "paused") return Error::Conflict("the onboarding is " + l.status, "onboarding_closed");
  HF_TRY(OnlyKeys(body, {"id_number", "bank_name", "bank_account", "emergency_contact", "education", "address"}));
  HF_ASSIGN(auto idn, OptText(body, "id_number", 18));
  if (!idn || !ValidResidentId(*idn)) return Error::Invalid("id_number", "a resident ID number has 17 digits and a check character");
  HF_ASSIGN(auto bank_name, OptText(body, "bank_name", 100));
  if (!bank_name || bank_name->empty()) return Error::Invalid("bank_name", "bank_name is required");
  HF_ASSIGN(auto bank, OptText(body, "bank_account", 40));
  static const std::regex kBank("^[0-9]{8,40}$");
  if (!bank || !std::regex_match(*bank, kBank)) return Error::Invalid("bank_account", "a bank account has 8 to 40 digits");
  const json ec = body.value("emergency_contact", json(nullptr));
  if (!ec.is_object()) return Error::Invalid("emergency_contact", "emergency_contact is {name, phone, relation}");
  for (const char* f : {"name", "phone", "relation"}) {
    HF_ASSIGN(auto v, OptText(ec, f, 100));
    if (!v || v->empty()) return Error::Invalid(std::string("emergency_contact.") + f, std::string(f) + " is required");
  }
  json education = body.value("education", json::array());
  if (!education.is_array() || education.size() > 10) return Error::Invalid("education", "education is a list of at most 10 entries");
  for (size_t i = 0; i < education.size(); ++i) {
    if (!education[i].is_object()) return Error::Invalid("education[" + std::to_string(i) + "]", "an entry is {school, degree, graduated}");
    HF_ASSIGN(auto school, OptText(education[i], "school", 200));
    if (!school || school->empty()) return Error::Invalid("education[" + std::to_string(i) + "].school", "school is required");
  }
  HF_ASSIGN(auto address, OptText(body, "address", 500));
  json form = {{"bank_name", *bank_name}, {"emergency_contact", ec}, {"education", education}, {"address", address.value_or("")}};
  std::string now = Now(clock);
  HF_TRY(tx.Exec("UPDATE onboardings SET form = ?, id_number_enc = ?, bank_account_enc = ?, form_submitted_at = ?, version = version + 1, "
                 "updated_at = ? WHERE id = ?",
                 {form.dump(), cipher.Encrypt(*idn), cipher.Encrypt(*bank), now, now, l.onboarding_id}));
  HF_TRY(RenderContract(tx, l.onboarding_id, *idn));
  HF_TRY(CompleteTaskByCode(tx, clock, l.onboarding_id, "new_hire_form"));
  HF_TRY(Audit(tx, nullptr, clock, "", "submit_form", "onboarding", l.onboarding_id, nullptr,
               {{"fields", {"id_number", "bank_name", "bank_account", "emergency_contact", "education", "address"}}},
               "onboarding #" + std::to_string(l.onboarding_id)));
  HF_TRY(MaybeCreateEmployee(tx, clock, nullptr, l.onboarding_id));
  return OpenFormLink(tx, clock, cipher, token);
}

Result<json> GetContract(store::Tx& tx, const core::Clock&, const std::string& token) {
  HF_ASSIGN(OnbLink l, ResolveFormLink(tx, token));
  HF_ASSIGN(Rows k, ContractOf(tx, l.onboarding_id));
  if (k.empty()) return Error::NotFound("no contract yet");
  json j = ContractJson(k[0]);
  j.erase("employee_id");
  return j;
}

Result<json> SignContract(store::Tx& tx, const core::Clock& clock, const auth::FieldCipher& cipher, const std::string& token, const json& body,
                          const std::string& ip) {
  HF_ASSIGN(OnbLink l, ResolveFormLink(tx, token));
  HF_TRY(OnlyKeys(body, {"full_name", "agree"}));
  HF_ASSIGN(Rows onb, tx.Query("SELECT o.form_submitted_at, c.name FROM onboardings o JOIN applications a ON a.id = o.application_id "
                               "JOIN candidates c ON c.id = a.candidate_id WHERE o.id = ?",
                               {l.onboarding_id}));
  if (onb[0].IsNull("form_submitted_at")) return Error::Conflict("fill in the new hire form first (the contract needs your ID number)", "form_first");
  if (!body.contains("agree") || body["agree"] != true) return Error::Invalid("agree", "tick the box to agree to the contract");
  HF_ASSIGN(auto name, OptText(body, "full_name", 100));
  HF_ASSIGN(Rows k, ContractOf(tx, l.onboarding_id));
  if (k[0].Str("status") == "signed") return Error::Conflict("the contract is already signed", "already_signed");
  std::string now = Now(clock);
  static const ClickToSign kClick;
  const SignatureProvider& provider = kClick;
  HF_ASSIGN(json signature, provider.Sign({k[0].Str("body_text"), onb[0].Str("name"), name.value_or(""), ip, clock.Now()}));
  HF_TRY(tx.Exec("UPDATE labour_contracts SET status = 'signed', signed_at = ?, signature = ?, updated_at = ? WHERE id = ?",
                 {now, signature.dump(), now, k[0].Int("id")}));
  HF_TRY(CompleteTaskByCode(tx, clock, l.onboarding_id, "labour_contract"));
  HF_TRY(Audit(tx, nullptr, clock, "", "sign", "labour_contract", k[0].Int("id"), {{"status", "draft"}}, {{"status", "signed"}, {"signature", signature}},
               "onboarding #" + std::to_string(l.onboarding_id)));
  HF_TRY(MaybeCreateEmployee(tx, clock, nullptr, l.onboarding_id));
  (void)cipher;
  return GetContract(tx, clock, token);
}

}  // namespace hiring
