// Offers: templates, versions with the salary band check and approvals, sending with a single-
// candidate link, and the candidate's answers (accept, decline, counter) with expiry checked on read.
#include <algorithm>
#include <set>

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

const char* kZhBody =
    "{{candidate_name}}，您好：\n\n"
    "我们很高兴地通知您，经过面试评估，公司决定录用您担任{{department}}的{{position}}一职。具体条件如下：\n"
    "入职日期：{{start_date}}\n"
    "工作地点：{{work_location}}\n"
    "合同期限：{{contract_term}}\n"
    "试用期：{{probation_months}}个月，试用期月工资（税前）：人民币{{probation_salary}}元\n"
    "转正后月工资（税前）：人民币{{monthly_salary}}元\n"
    "奖金：{{bonus}}\n"
    "福利：{{benefits}}\n\n"
    "请在{{expires_on}}之前通过邮件中的链接确认接受或拒绝本录用通知，逾期未确认本通知自动失效。\n"
    "入职前需完成背景调查（经您同意）与入职信息登记。期待您的加入！\n";
const char* kEnBody =
    "Dear {{candidate_name}},\n\n"
    "We are pleased to offer you the position of {{position}} in {{department}}. The terms:\n"
    "Start date: {{start_date}}\n"
    "Work location: {{work_location}}\n"
    "Contract term: {{contract_term}}\n"
    "Probation: {{probation_months}} months at a monthly salary of CNY {{probation_salary}} (before tax)\n"
    "Monthly salary after probation (before tax): CNY {{monthly_salary}}\n"
    "Bonus: {{bonus}}\n"
    "Benefits: {{benefits}}\n\n"
    "Please accept or decline through the link in the e-mail by {{expires_on}}; after that day this offer lapses.\n"
    "Before you start we run a background check (with your consent) and ask you to fill in the new hire form.\n";

Status EnsureTemplates(store::Tx& tx, const core::Clock& clock) {
  HF_ASSIGN(Rows n, tx.Query("SELECT COUNT(*) AS n FROM offer_templates"));
  if (n[0].Int("n") > 0) return {};
  std::string now = Now(clock);
  HF_TRY(tx.Exec("INSERT INTO offer_templates(name, language, subject, body, created_at, updated_at) VALUES (?, 'zh-CN', ?, ?, ?, ?)",
                 {"标准录用通知书", "录用通知书：{{position}}", kZhBody, now, now}));
  HF_TRY(tx.Exec("INSERT INTO offer_templates(name, language, subject, body, created_at, updated_at) VALUES (?, 'en', ?, ?, ?, ?)",
                 {"Standard offer letter", "Offer of employment: {{position}}", kEnBody, now, now}));
  return {};
}

json TemplateJson(const store::Rows::Row& r) {
  return {{"id", r.Int("id")},           {"name", r.Str("name")},       {"language", r.Str("language")},
          {"subject", r.Str("subject")}, {"body", r.Str("body")},       {"version", r.Int("version")},
          {"created_at", r.Str("created_at")}, {"updated_at", r.Str("updated_at")}};
}

Status ValidateTemplate(const json& body, bool creating) {
  HF_TRY(OnlyKeys(body, {"name", "language", "subject", "body", "version"}));
  for (const char* f : {"name", "subject", "body"}) {
    HF_ASSIGN(auto v, OptText(body, f, f == std::string("body") ? 20000 : 200));
    if ((creating && !v) || (v && v->empty())) return Error::Invalid(f, std::string(f) + " is required");
  }
  HF_ASSIGN(auto lang, OptText(body, "language", 8));
  if ((creating && !lang) || (lang && *lang != "zh-CN" && *lang != "en")) return Error::Invalid("language", "language is zh-CN or en");
  return {};
}

std::string ContractTermText(const json& t) {
  std::string type = t.value("contract_type", "fixed");
  bool zh = t.value("language", "zh-CN") == "zh-CN";
  if (type == "open_ended") return zh ? "无固定期限" : "open-ended";
  if (type == "task") return zh ? "以完成一定工作任务为期限" : "until the task is completed";
  int64_t m = t.value("contract_term_months", int64_t(36));
  return zh ? std::to_string(m) + "个月" : std::to_string(m) + " months";
}

// Reads the offer terms from `body` over `base` (the previous version's terms, or defaults from the plan).
Result<json> ReadTerms(Env& env, const json& base, const json& body, const store::Rows::Row& app, bool creating) {
  HF_TRY(OnlyKeys(body, {"template_id", "language", "position", "start_date", "probation_months", "monthly_salary", "probation_salary",
                         "bonus", "benefits", "work_location", "city", "expires_on", "contract_type", "contract_term_months",
                         "grade_id", "manager_id", "note", "version", "kind"}));
  json t = base;
  core::Date today = Today(env.clock);
  for (const char* f : {"position", "bonus", "benefits", "work_location"}) {
    HF_ASSIGN(auto v, OptText(body, f, 2000));
    if (v) t[f] = *v;
  }
  if (t.value("position", "").empty()) return Error::Invalid("position", "position is required");
  HF_ASSIGN(auto lang, OptText(body, "language", 8));
  if (lang) {
    if (*lang != "zh-CN" && *lang != "en") return Error::Invalid("language", "language is zh-CN or en");
    t["language"] = *lang;
  }
  if (body.contains("template_id")) {
    if (!body["template_id"].is_number_integer()) return Error::Invalid("template_id", "template_id is an offer template id");
    HF_ASSIGN(Rows tpl, env.tx.Query("SELECT id, language FROM offer_templates WHERE id = ?", {body["template_id"].get<int64_t>()}));
    if (tpl.empty()) return Error::Invalid("template_id", "no such offer template");
    t["template_id"] = tpl[0].Int("id");
    if (!lang) t["language"] = tpl[0].Str("language");
  }
  for (const char* f : {"start_date", "expires_on"}) {
    HF_ASSIGN(auto v, OptText(body, f, 10));
    if (v) {
      HF_ASSIGN(core::Date d, core::Date::Parse(*v, f));
      if (d < today) return Error::Invalid(f, std::string(f) + " must not be in the past");
      t[f] = d.ToString();
    } else if (creating && !t.contains(f)) {
      return Error::Invalid(f, std::string(f) + " is required");
    }
  }
  if (t["expires_on"].get<std::string>() > t["start_date"].get<std::string>())
    return Error::Invalid("expires_on", "the offer must expire on or before the start date");
  for (const char* f : {"monthly_salary", "probation_salary"}) {
    if (body.contains(f) && !body[f].is_null()) {
      HF_ASSIGN(Money m, Money::FromJson(body[f], f));
      if (m.fen() <= 0) return Error::Invalid(f, std::string(f) + " must be positive");
      t[f] = m.ToString();
    }
  }
  if (!t.contains("monthly_salary")) return Error::Invalid("monthly_salary", "monthly_salary is required");
  if (!t.contains("probation_salary") || (body.contains("monthly_salary") && !body.contains("probation_salary") && creating))
    t["probation_salary"] = t["monthly_salary"];
  HF_ASSIGN(Money monthly, Money::Parse(t["monthly_salary"].get<std::string>()));
  HF_ASSIGN(Money prob, Money::Parse(t["probation_salary"].get<std::string>()));
  if (prob > monthly) return Error::Invalid("probation_salary", "the probation salary cannot exceed the monthly salary");
  if (body.contains("probation_months")) {
    if (!body["probation_months"].is_number_integer() || body["probation_months"].get<int64_t>() < 0 ||
        body["probation_months"].get<int64_t>() > 6)
      return Error::Invalid("probation_months", "probation_months is 0 to 6");
    t["probation_months"] = body["probation_months"];
  } else if (!t.contains("probation_months")) {
    t["probation_months"] = 0;
  }
  HF_ASSIGN(auto city, OptText(body, "city", 32));
  if (city) t["city"] = *city;
  if (!t.contains("city") || !MinimumWage(t["city"].get<std::string>(), today))
    return Error::Invalid("city", "city is one of beijing, shanghai, guangzhou, shenzhen, hangzhou");
  HF_ASSIGN(auto ctype, OptText(body, "contract_type", 16));
  if (ctype) {
    if (*ctype != "fixed" && *ctype != "open_ended" && *ctype != "task")
      return Error::Invalid("contract_type", "contract_type is fixed, open_ended or task");
    t["contract_type"] = *ctype;
  } else if (!t.contains("contract_type")) {
    t["contract_type"] = "fixed";
  }
  if (body.contains("contract_term_months")) {
    if (!body["contract_term_months"].is_number_integer() || body["contract_term_months"].get<int64_t>() < 1 ||
        body["contract_term_months"].get<int64_t>() > 120)
      return Error::Invalid("contract_term_months", "contract_term_months is 1 to 120");
    t["contract_term_months"] = body["contract_term_months"];
  } else if (!t.contains("contract_term_months")) {
    t["contract_term_months"] = 36;
  }
  if (body.contains("grade_id")) {
    if (body["grade_id"].is_null()) t["grade_id"] = nullptr;
    else {
      if (!body["grade_id"].is_number_integer()) return Error::Invalid("grade_id", "grade_id is a job grade id");
      HF_ASSIGN(Rows g, env.tx.Query("SELECT 1 FROM grades WHERE id = ?", {body["grade_id"].get<int64_t>()}));
      if (g.empty()) return Error::Invalid("grade_id", "no such job grade");
      t["grade_id"] = body["grade_id"];
    }
  }
  if (body.contains("manager_id")) {
    if (body["manager_id"].is_null()) t["manager_id"] = nullptr;
    else {
      if (!body["manager_id"].is_number_integer()) return Error::Invalid("manager_id", "manager_id is an employee id");
      HF_ASSIGN(Rows g, env.tx.Query("SELECT 1 FROM employees WHERE id = ?", {body["manager_id"].get<int64_t>()}));
      if (g.empty()) return Error::Invalid("manager_id", "no such employee");
      t["manager_id"] = body["manager_id"];
    }
  }
  // Probation terms are checked against the law (劳动合同法第19条, 第20条) by ProbationViolations: an
  // unlawful offer is saved with alerts on it and cannot be sent.
  (void)app;
  return t;
}

// Probation violations of stored terms (劳动合同法第19条, 第20条); empty when lawful.
Result<std::vector<ProbationViolation>> ProbationViolations(const json& t) {
  HF_ASSIGN(Money monthly, Money::Parse(t["monthly_salary"].get<std::string>()));
  HF_ASSIGN(Money prob, Money::Parse(t.value("probation_salary", t["monthly_salary"].get<std::string>())));
  ProbationTerms pt;
  std::string ct = t.value("contract_type", "fixed");
  pt.contract_type = ct == "open_ended" ? ContractType::kOpenEnded : ct == "task" ? ContractType::kTask : ContractType::kFixed;
  pt.contract_term_months = t.value("contract_term_months", int64_t(36));
  pt.probation_months = t.value("probation_months", int64_t(0));
  pt.contract_wage = monthly;
  pt.probation_wage = prob;
  HF_ASSIGN(core::Date start, core::Date::Parse(t["start_date"].get<std::string>()));
  pt.local_min_wage = MinimumWage(t["city"].get<std::string>(), start);
  HF_ASSIGN(ProbationCheck pc, CheckProbationTerms(pt, BuiltinProbationRules().back()));
  return pc.violations;
}
std::string ViolationField(const std::string& code) { return code.find("wage") != std::string::npos ? "probation_salary" : "probation_months"; }

// Raises the terms' violations as open alerts on the offer (subject "offer") and resolves the others.
Status SyncOfferAlerts(store::Tx& tx, const core::Clock& clock, int64_t offer_id, const json& terms) {
  HF_ASSIGN(auto violations, ProbationViolations(terms));
  std::string now = Now(clock), today = Today(clock).ToString();
  std::vector<std::string> live;
  for (const auto& v : violations) {
    std::string key = "offer:" + std::to_string(offer_id) + ":" + v.code;
    live.push_back(key);
    std::string due = terms["start_date"].get<std::string>();
    std::string params = json(v.params).dump();
    HF_ASSIGN(int64_t n, tx.Exec("UPDATE hiring_alerts SET message = ?, params = ?, status = 'open', due_on = ?, updated_at = ? WHERE dedupe_key = ?",
                                 {v.explanation, params, due, now, key}));
    if (n == 0) {
      HF_TRY(tx.Exec("INSERT INTO hiring_alerts(dedupe_key, kind, severity, subject_type, subject_id, message, params, exposure, due_on, status, "
                     "raised_on, updated_at) VALUES (?, ?, 'critical', 'offer', ?, ?, ?, NULL, ?, 'open', ?, ?)",
                     {key, v.code, offer_id, v.explanation, params, due, today, now}));
      HF_TRY(jobs::Emit(tx, "hiring_alert.raised", "offer", std::to_string(offer_id), {{"kind", v.code}}, clock));
    }
  }
  HF_ASSIGN(Rows open, tx.Query("SELECT id, dedupe_key FROM hiring_alerts WHERE subject_type = 'offer' AND subject_id = ? AND status = 'open'", {offer_id}));
  for (const auto& a : open)
    if (std::find(live.begin(), live.end(), a.Str("dedupe_key")) == live.end())
      HF_TRY(tx.Exec("UPDATE hiring_alerts SET status = 'resolved', updated_at = ? WHERE id = ?", {now, a.Int("id")}));
  return {};
}

std::string BandStatus(const store::Rows::Row& app, Money salary) {
  if (app.IsNull("salary_min") && app.IsNull("salary_max")) return "no_band";
  if (!app.IsNull("salary_min") && salary.fen() < app.Int("salary_min")) return "below_band";
  if (!app.IsNull("salary_max") && salary.fen() > app.Int("salary_max")) return "above_band";
  if (!app.IsNull("salary_min") && !app.IsNull("salary_max") && salary.fen() * 2 > app.Int("salary_min") + app.Int("salary_max"))
    return "above_midpoint";
  return "within_band";
}

// Writes a new version (rendered from its template) with its approval chain; returns its id.
Result<int64_t> WriteVersion(Env& env, int64_t offer_id, int version_no, const std::string& kind, const json& terms,
                             const store::Rows::Row& app, const std::string& note) {
  HF_TRY(EnsureTemplates(env.tx, env.clock));
  std::string lang = terms.value("language", "zh-CN");
  Rows tpl;
  if (terms.contains("template_id") && !terms["template_id"].is_null()) {
    HF_ASSIGN(tpl, env.tx.Query("SELECT id, subject, body FROM offer_templates WHERE id = ?", {terms["template_id"].get<int64_t>()}));
  } else {
    HF_ASSIGN(tpl, env.tx.Query("SELECT id, subject, body FROM offer_templates WHERE language = ? ORDER BY id LIMIT 1", {lang}));
  }
  if (tpl.empty()) return Error::Invalid("template_id", "no offer template for the language " + lang);
  json vars = terms;
  vars["candidate_name"] = app.Str("candidate_name");
  vars["department"] = app.Str("department_name");
  vars["contract_term"] = ContractTermText(terms);
  std::string subject = FillTemplate(tpl[0].Str("subject"), vars), text = FillTemplate(tpl[0].Str("body"), vars);
  HF_ASSIGN(Money monthly, Money::Parse(terms["monthly_salary"].get<std::string>()));
  std::string band = BandStatus(app, monthly);
  HF_ASSIGN(Policy p, LoadPolicy(env.tx));
  std::vector<std::pair<std::string, std::string>> steps;
  for (const auto& s : p.offer_steps) steps.emplace_back(s["role"], "offer");
  if (band == "above_midpoint" || band == "above_band")  // above the band is above its midpoint too
    for (const auto& s : p.above_midpoint_steps) steps.emplace_back(s["role"], "above_midpoint");
  if (band == "below_band" || band == "above_band")
    for (const auto& s : p.out_of_band_steps) steps.emplace_back(s["role"], "out_of_band");
  std::string status = steps.empty() ? "approved" : "pending_approval";
  HF_ASSIGN(Rows ins, env.tx.Query("INSERT INTO offer_versions(offer_id, version_no, kind, status, template_id, language, terms, monthly_salary, "
                                   "band_status, expires_on, subject, body_text, note, created_by, created_at) "
                                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                                   {offer_id, version_no, kind, status, tpl[0].Int("id"), lang, terms.dump(), monthly.fen(), band,
                                    terms["expires_on"].get<std::string>(), subject, text, note, env.who.user_id, Now(env.clock)}));
  int64_t vid = ins[0].Int("id");
  HF_TRY(CreateApprovals(env.tx, env.clock, "offer_version", vid, steps));
  HF_TRY(env.tx.Exec("UPDATE offers SET status = ?, current_version = ?, token_hash = NULL, updated_at = ? WHERE id = ?",
                     {status, version_no, Now(env.clock), offer_id}));
  return vid;
}

Result<Rows> OfferInScope(Env& env, int64_t offer_id) {
  HF_ASSIGN(std::string scope, recruiting::RequisitionManageScope(env.tx, env.who));
  HF_ASSIGN(Rows o, env.tx.Query("SELECT o.id, o.application_id, o.status, o.current_version, o.version FROM offers o "
                                 "JOIN applications a ON a.id = o.application_id JOIN requisitions r ON r.id = a.requisition_id "
                                 "WHERE o.id = ? AND " + scope,
                                 {offer_id}));
  if (o.empty()) return Error::NotFound("no such offer");
  return o;
}

json VersionJson(const store::Rows::Row& v) {
  return {{"id", v.Int("id")},
          {"version_no", v.Int("version_no")},
          {"kind", v.Str("kind")},
          {"status", v.Str("status")},
          {"language", v.Str("language")},
          {"terms", json::parse(v.Str("terms"))},
          {"band_status", v.Str("band_status")},
          {"expires_on", v.Str("expires_on")},
          {"subject", v.Str("subject")},
          {"body_text", v.Str("body_text")},
          {"note", v.Str("note")},
          {"created_by", v.OptInt("created_by")},
          {"created_at", v.Str("created_at")}};
}

// Marks a sent offer expired once its last day has passed (checked whenever it is read).
Status ExpireIfDue(store::Tx& tx, const core::Clock& clock, int64_t offer_id) {
  HF_ASSIGN(Rows o, tx.Query("SELECT o.status, v.expires_on FROM offers o JOIN offer_versions v ON v.offer_id = o.id AND "
                             "v.version_no = o.current_version WHERE o.id = ?",
                             {offer_id}));
  if (o.empty()) return {};
  std::string st = o[0].Str("status");
  if ((st == "sent" || st == "countered") && Today(clock).ToString() > o[0].Str("expires_on")) {
    HF_TRY(tx.Exec("UPDATE offers SET status = 'expired', version = version + 1, updated_at = ? WHERE id = ?", {Now(clock), offer_id}));
    HF_TRY(Audit(tx, nullptr, clock, "", "expire", "offer", offer_id, {{"status", st}}, {{"status", "expired"}},
                 "offer #" + std::to_string(offer_id)));
  }
  return {};
}

struct LinkedOffer {
  int64_t offer_id = 0, application_id = 0, version_id = 0;
  std::string status, expires_on, language;
};

Result<LinkedOffer> ResolveOfferLink(store::Tx& tx, const core::Clock& clock, const std::string& token) {
  if (token.size() < 20) return Error::NotFound("no such offer link");
  HF_ASSIGN(Rows o, tx.Query("SELECT id FROM offers WHERE token_hash = ?", {auth::Sha256Hex(token)}));
  if (o.empty()) return Error::NotFound("no such offer link");
  HF_TRY(ExpireIfDue(tx, clock, o[0].Int("id")));
  HF_ASSIGN(Rows r, tx.Query("SELECT o.id, o.application_id, o.status, v.id AS vid, v.expires_on, v.language FROM offers o "
                             "JOIN offer_versions v ON v.offer_id = o.id AND v.version_no = o.current_version WHERE o.id = ?",
                             {o[0].Int("id")}));
  return LinkedOffer{r[0].Int("id"), r[0].Int("application_id"), r[0].Int("vid"), r[0].Str("status"), r[0].Str("expires_on"),
                     r[0].Str("language")};
}

Status RequireOpen(const LinkedOffer& l) {
  if (l.status == "expired") return Error::Conflict("this offer expired on " + l.expires_on, "offer_expired");
  if (l.status != "sent" && l.status != "countered")
    return Error::Conflict("this offer can no longer be answered (it is " + l.status + ")", "offer_closed");
  return {};
}

}  // namespace

namespace detail {

json TermsOf(const store::Rows::Row& v) { return json::parse(v.Str("terms")); }

Result<int> ExpireDueOffers(store::Tx& tx, const core::Clock& clock) {
  HF_ASSIGN(Rows due, tx.Query("SELECT o.id FROM offers o JOIN offer_versions v ON v.offer_id = o.id AND v.version_no = o.current_version "
                               "WHERE o.status IN ('sent', 'countered') AND v.expires_on < ?",
                               {Today(clock).ToString()}));
  for (const auto& o : due) HF_TRY(ExpireIfDue(tx, clock, o.Int("id")));
  return static_cast<int>(due.size());
}

}  // namespace detail

// ---- Templates -----------------------------------------------------------------------------------------

Result<json> ListTemplates(Env& env) {
  HF_TRY(RequireHiringStaff(env.who));
  HF_TRY(EnsureTemplates(env.tx, env.clock));
  HF_ASSIGN(Rows r, env.tx.Query("SELECT * FROM offer_templates ORDER BY id"));
  json items = json::array();
  for (const auto& x : r) items.push_back(TemplateJson(x));
  return json{{"items", items},
              {"variables", {"candidate_name", "position", "department", "start_date", "probation_months", "probation_salary",
                             "monthly_salary", "bonus", "benefits", "work_location", "contract_term", "expires_on"}}};
}

Result<json> CreateTemplate(Env& env, const json& body) {
  HF_TRY(RequireHr(env.who));
  HF_TRY(ValidateTemplate(body, true));
  std::string now = Now(env.clock);
  HF_ASSIGN(Rows r, env.tx.Query("INSERT INTO offer_templates(name, language, subject, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) "
                                 "RETURNING id",
                                 {body["name"].get<std::string>(), body["language"].get<std::string>(), body["subject"].get<std::string>(),
                                  body["body"].get<std::string>(), now, now}));
  HF_ASSIGN(Rows t, env.tx.Query("SELECT * FROM offer_templates WHERE id = ?", {r[0].Int("id")}));
  json j = TemplateJson(t[0]);
  HF_TRY(Audit(env.tx, &env.who, env.clock, env.request_id, "create", "offer_template", r[0].Int("id"), nullptr, j, j["name"]));
  return j;
}

Result<json> UpdateTemplate(Env& env, int64_t id, const json& body) {
  HF_TRY(RequireHr(env.who));
  HF_ASSIGN(Rows cur, env.tx.Query("SELECT * FROM offer_templates WHERE id = ?", {id}));
  if (cur.empty()) return Error::NotFound("no such offer template");
  HF_TRY(ValidateTemplate(body, false));
  HF_ASSIGN(int64_t version, RequireVersion(body));
  json before = TemplateJson(cur[0]), next = before;
  for (const char* f : {"name", "language", "subject", "body"})
    if (body.contains(f)) next[f] = body[f];
  HF_ASSIGN(int64_t n, env.tx.Exec("UPDATE offer_templates SET name = ?, language = ?, subject = ?, body = ?, version = version + 1, "
                                   "updated_at = ? WHERE id = ? AND version = ?",
                                   {next["name"].get<std::string>(), next["language"].get<std::string>(), next["subject"].get<std::string>(),
                                    next["body"].get<std::string>(), Now(env.clock), id, version}));
  if (n != 1) return VersionConflict("offer template");
  HF_ASSIGN(Rows t, env.tx.Query("SELECT * FROM offer_templates WHERE id = ?", {id}));
  json j = TemplateJson(t[0]);
  HF_TRY(Audit(env.tx, &env.who, env.clock, env.request_id, "update", "offer_template", id, before, j, j["name"]));
  return j;
}

// ---- Offers --------------------------------------------------------------------------------------------

Result<json> CreateOffer(Env& env, int64_t application_id, const json& body) {
  HF_TRY(RequireHiringStaff(env.who));
  HF_ASSIGN(Rows a, AppInScope(env, application_id));
  HF_ASSIGN(Rows d, env.tx.Query("SELECT status FROM hiring_decisions WHERE application_id = ? AND decision = 'hire' ORDER BY id DESC LIMIT 1",
                                 {application_id}));
  if (d.empty() || d[0].Str("status") != "approved")
    return Error::Conflict("the application needs an approved hire decision first", "no_hire_decision");
  HF_ASSIGN(Rows existing, env.tx.Query("SELECT id FROM offers WHERE application_id = ?", {application_id}));
  if (!existing.empty()) {
    Error e = Error::Conflict("the application already has an offer; revise it instead", "offer_exists");
    e.field = "application_id";
    return e;
  }
  json base = {{"language", "zh-CN"},
               {"position", a[0].Str("position_name").empty() ? a[0].Str("title") : a[0].Str("position_name")},
               {"work_location", a[0].Str("location")}};
  // The plan's hiring manager is the new hire's manager when they have an employee record.
  if (!a[0].IsNull("hiring_manager_id")) {
    HF_ASSIGN(Rows m, env.tx.Query("SELECT employee_id FROM users WHERE id = ?", {a[0].Int("hiring_manager_id")}));
    if (!m.empty() && !m[0].IsNull("employee_id")) base["manager_id"] = m[0].Int("employee_id");
  }
  HF_ASSIGN(json terms, ReadTerms(env, base, body, a[0], true));
  HF_ASSIGN(auto note, OptText(body, "note", 2000));
  std::string now = Now(env.clock);
  HF_ASSIGN(Rows ins, env.tx.Query("INSERT INTO offers(application_id, status, current_version, created_by, created_at, updated_at) "
                                   "VALUES (?, 'draft', 1, ?, ?, ?) RETURNING id",
                                   {application_id, env.who.user_id, now, now}));
  int64_t id = ins[0].Int("id");
  HF_TRY(WriteVersion(env, id, 1, "initial", terms, a[0], note.value_or("")));
  HF_TRY(SyncOfferAlerts(env.tx, env.clock, id, terms));
  HF_ASSIGN(json j, GetOffer(env, id));
  HF_TRY(Audit(env.tx, &env.who, env.clock, env.request_id, "create", "offer", id, nullptr,
               {{"application_id", application_id}, {"terms", terms}, {"band_status", j["versions"][0]["band_status"]}},
               "offer #" + std::to_string(id)));
  return j;
}

Result<json> ReviseOffer(Env& env, int64_t offer_id, const json& body) {
  HF_TRY(RequireHiringStaff(env.who));
  HF_ASSIGN(Rows o, OfferInScope(env, offer_id));
  HF_ASSIGN(int64_t version, RequireVersion(body));
  if (version != o[0].Int("version")) return VersionConflict("offer");
  HF_TRY(ExpireIfDue(env.tx, env.clock, offer_id));
  HF_ASSIGN(Rows cur, env.tx.Query("SELECT status FROM offers WHERE id = ?", {offer_id}));
  std::string st = cur[0].Str("status");
  if (st == "accepted" || st == "declined" || st == "withdrawn")
    return Error::Conflict("an offer that is " + st + " cannot be revised", "offer_closed");
  HF_ASSIGN(auto kind, OptText(body, "kind", 16));
  std::string k = kind && !kind->empty() ? *kind : "revision";
  if (k != "revision" && k != "counter") return Error::Invalid("kind", "kind is revision or counter");
  if (k == "counter" && st != "countered") return Error::Conflict("the candidate has not made a counter-offer", "no_counter");
  HF_ASSIGN(Rows a, AppInScope(env, o[0].Int("application_id")));
  HF_ASSIGN(Rows prev, env.tx.Query("SELECT * FROM offer_versions WHERE offer_id = ? AND version_no = ?", {offer_id, o[0].Int("current_version")}));
  json before = VersionJson(prev[0]);
  HF_ASSIGN(json terms, ReadTerms(env, TermsOf(prev[0]), body, a[0], false));
  HF_ASSIGN(auto note, OptText(body, "note", 2000));
  HF_TRY(env.tx.Exec("UPDATE offer_versions SET status = 'superseded' WHERE id = ?", {prev[0].Int("id")}));
  HF_TRY(env.tx.Exec("UPDATE hiring_approvals SET status = 'cancelled' WHERE subject_type = 'offer_version' AND subject_id = ? "
                     "AND status = 'pending'",
                     {prev[0].Int("id")}));
  int next = static_cast<int>(o[0].Int("current_version")) + 1;
  HF_TRY(WriteVersion(env, offer_id, next, k, terms, a[0], note.value_or("")));
  HF_TRY(SyncOfferAlerts(env.tx, env.clock, offer_id, terms));
  HF_TRY(env.tx.Exec("UPDATE offers SET version = version + 1 WHERE id = ?", {offer_id}));
  HF_ASSIGN(json j, GetOffer(env, offer_id));
  HF_TRY(Audit(env.tx, &env.who, env.clock, env.request_id, k == "counter" ? "counter" : "revise", "offer", offer_id, before["terms"], terms,
               "offer #" + std::to_string(offer_id)));
  return j;
}

Result<json> GetOffer(Env& env, int64_t offer_id) {
  HF_TRY(RequireHiringStaff(env.who));
  HF_ASSIGN(Rows o, OfferInScope(env, offer_id));
  HF_TRY(ExpireIfDue(env.tx, env.clock, offer_id));
  HF_ASSIGN(Rows r, env.tx.Query("SELECT o.*, c.name AS candidate_name, c.email AS candidate_email, rq.title, rq.salary_min, rq.salary_max, "
                                 "rq.id AS requisition_id FROM offers o JOIN applications a ON a.id = o.application_id "
                                 "JOIN candidates c ON c.id = a.candidate_id JOIN requisitions rq ON rq.id = a.requisition_id WHERE o.id = ?",
                                 {offer_id}));
  HF_ASSIGN(Rows vs, env.tx.Query("SELECT * FROM offer_versions WHERE offer_id = ? ORDER BY version_no DESC", {offer_id}));
  json versions = json::array();
  for (const auto& v : vs) {
    json j = VersionJson(v);
    HF_ASSIGN(Rows ap, env.tx.Query("SELECT id, step_no, role, why, status, decided_by, decided_at, comment FROM hiring_approvals "
                                    "WHERE subject_type = 'offer_version' AND subject_id = ? ORDER BY step_no",
                                    {v.Int("id")}));
    json approvals = json::array();
    for (const auto& x : ap)
      approvals.push_back({{"id", x.Int("id")}, {"step", x.Int("step_no")}, {"role", x.Str("role")}, {"why", x.Str("why")},
                           {"status", x.Str("status")}, {"decided_by", x.OptInt("decided_by")}, {"decided_at", x.OptStr("decided_at")},
                           {"comment", x.Str("comment")}});
    j["approvals"] = approvals;
    versions.push_back(j);
  }
  // Labour-law alerts on the offer (unlawful probation): the editor shows them; sending is refused.
  HF_ASSIGN(Rows al, env.tx.Query("SELECT id, kind, severity, message, params, raised_on FROM hiring_alerts WHERE subject_type = 'offer' AND subject_id = ? "
                                  "AND status = 'open' ORDER BY id",
                                  {offer_id}));
  json alerts = json::array();
  for (const auto& x : al)
    alerts.push_back({{"id", x.Int("id")}, {"kind", x.Str("kind")}, {"severity", x.Str("severity")}, {"message", x.Str("message")},
                      {"params", jobs::ParamsFromText(x.OptStr("params"))}, {"field", ViolationField(x.Str("kind"))},
                      {"raised_on", x.Str("raised_on")}});
  HF_ASSIGN(Rows bc, env.tx.Query("SELECT id, status FROM background_checks WHERE offer_id = ?", {offer_id}));
  HF_ASSIGN(Rows ob, env.tx.Query("SELECT id, status, employee_id FROM onboardings WHERE offer_id = ?", {offer_id}));
  const auto& x = r[0];
  auto money = [&](const char* c) -> json { return x.IsNull(c) ? json(nullptr) : json(Money::Fen(x.Int(c)).ToString()); };
  return json{{"id", offer_id},
              {"application_id", x.Int("application_id")},
              {"requisition_id", x.Int("requisition_id")},
              {"requisition_title", x.Str("title")},
              {"candidate_name", x.Str("candidate_name")},
              {"candidate_email", x.Str("candidate_email")},
              {"salary_min", money("salary_min")},
              {"salary_max", money("salary_max")},
              {"status", x.Str("status")},
              {"current_version", x.Int("current_version")},
              {"sent_at", x.OptStr("sent_at")},
              {"responded_at", x.OptStr("responded_at")},
              {"response_reason", x.OptStr("response_reason")},
              {"counter_salary", money("counter_salary")},
              {"email_status", x.OptStr("email_status")},
              {"html", versions.empty() ? "" : TextToHtml(versions[0]["subject"].get<std::string>(), versions[0]["body_text"].get<std::string>())},
              {"versions", versions},
              {"alerts", alerts},
              {"background_check", bc.empty() ? json(nullptr) : json{{"id", bc[0].Int("id")}, {"status", bc[0].Str("status")}}},
              {"onboarding", ob.empty() ? json(nullptr)
                                        : json{{"id", ob[0].Int("id")}, {"status", ob[0].Str("status")}, {"employee_id", ob[0].OptInt("employee_id")}}},
              {"version", x.Int("version")},
              {"created_at", x.Str("created_at")},
              {"updated_at", x.Str("updated_at")}};
}

Result<ListResult> ListOffers(Env& env, const std::optional<std::string>& status, const Page& page) {
  HF_TRY(RequireHiringStaff(env.who));
  HF_ASSIGN(std::string scope, recruiting::RequisitionManageScope(env.tx, env.who));
  std::string where = " WHERE " + scope;
  store::Params params;
  if (status && !status->empty()) {
    where += " AND o.status = ?";
    params.push_back(*status);
  }
  const std::string from = " FROM offers o JOIN applications a ON a.id = o.application_id JOIN requisitions r ON r.id = a.requisition_id "
                           "JOIN candidates c ON c.id = a.candidate_id JOIN offer_versions v ON v.offer_id = o.id AND v.version_no = o.current_version";
  HF_ASSIGN(Rows n, env.tx.Query("SELECT COUNT(*) AS n" + from + where, params));
  params.push_back(page.limit);
  params.push_back(page.offset);
  HF_ASSIGN(Rows r, env.tx.Query("SELECT o.id, o.application_id, o.status, o.current_version, o.sent_at, o.updated_at, c.name, r.title, "
                                 "v.monthly_salary, v.band_status, v.expires_on" + from + where + " ORDER BY o.id DESC LIMIT ? OFFSET ?",
                                 params));
  ListResult out;
  out.total = n[0].Int("n");
  for (const auto& x : r)
    out.items.push_back({{"id", x.Int("id")}, {"application_id", x.Int("application_id")}, {"status", x.Str("status")},
                         {"current_version", x.Int("current_version")}, {"candidate_name", x.Str("name")},
                         {"requisition_title", x.Str("title")}, {"monthly_salary", Money::Fen(x.Int("monthly_salary")).ToString()},
                         {"band_status", x.Str("band_status")}, {"expires_on", x.Str("expires_on")}, {"sent_at", x.OptStr("sent_at")},
                         {"updated_at", x.Str("updated_at")}});
  return out;
}

Result<json> SendOffer(Env& env, const Deps& deps, int64_t offer_id) {
  HF_TRY(RequireHiringStaff(env.who));
  HF_ASSIGN(Rows o, OfferInScope(env, offer_id));
  HF_TRY(ExpireIfDue(env.tx, env.clock, offer_id));
  HF_ASSIGN(Rows cur, env.tx.Query("SELECT o.status, v.expires_on, v.subject, v.language, c.email, c.name FROM offers o "
                                   "JOIN offer_versions v ON v.offer_id = o.id AND v.version_no = o.current_version "
                                   "JOIN applications a ON a.id = o.application_id JOIN candidates c ON c.id = a.candidate_id WHERE o.id = ?",
                                   {offer_id}));
  std::string st = cur[0].Str("status");
  if (st == "pending_approval" || st == "rejected" || st == "draft")
    return Error::Conflict("the offer's current version is not approved (it is " + st + ")", "not_approved");
  if (st != "approved" && st != "sent") return Error::Conflict("an offer that is " + st + " cannot be sent", "offer_closed");
  if (cur[0].Str("expires_on") < Today(env.clock).ToString())
    return Error::Conflict("the offer's expiry date has passed; revise it with a new expires_on", "offer_expired");
  {
    // An offer must never promise an unlawful probation (劳动合同法第19条, 第20条): revise it first.
    HF_ASSIGN(Rows tv, env.tx.Query("SELECT v.* FROM offers o JOIN offer_versions v ON v.offer_id = o.id AND v.version_no = o.current_version "
                                    "WHERE o.id = ?",
                                    {offer_id}));
    HF_ASSIGN(auto violations, ProbationViolations(TermsOf(tv[0])));
    if (!violations.empty()) {
      Error e = Error::Conflict(violations.front().explanation, "labour_law_violation");
      e.field = ViolationField(violations.front().code);
      return e;
    }
  }
  std::string token = auth::RandomToken(32);
  std::string link = deps.public_url + "/offer/" + token;
  std::string email = cur[0].Str("email");
  std::string email_status = !deps.mailer ? "not_configured" : email.empty() ? "no_email" : "queued";
  std::string now = Now(env.clock);
  HF_TRY(env.tx.Exec("UPDATE offers SET status = 'sent', token_hash = ?, sent_at = ?, email_status = ?, version = version + 1, updated_at = ? "
                     "WHERE id = ?",
                     {auth::Sha256Hex(token), now, email_status, now, offer_id}));
  if (deps.mailer && !email.empty()) {
    jobs::EnqueueOptions eo;
    eo.max_attempts = 8;
    HF_TRY(jobs::Enqueue(env.tx, "hiring.offer_email",
                         {{"offer_id", offer_id}, {"link", link}, {"to", email}, {"name", cur[0].Str("name")},
                          {"subject", cur[0].Str("subject")}, {"expires_on", cur[0].Str("expires_on")}, {"language", cur[0].Str("language")}},
                         env.clock, eo));
  }
  HF_TRY(Audit(env.tx, &env.who, env.clock, env.request_id, st == "sent" ? "resend" : "send", "offer", offer_id, {{"status", st}},
               {{"status", "sent"}, {"email_status", email_status}}, "offer #" + std::to_string(offer_id)));
  HF_ASSIGN(json j, GetOffer(env, offer_id));
  j["link"] = link;
  return j;
}

Result<std::string> OfferPdf(Env& env, int64_t offer_id) {
  HF_TRY(RequireHiringStaff(env.who));
  HF_ASSIGN(Rows o, OfferInScope(env, offer_id));
  HF_ASSIGN(Rows v, env.tx.Query("SELECT subject, body_text FROM offer_versions WHERE offer_id = ? AND version_no = ?",
                                 {offer_id, o[0].Int("current_version")}));
  return TextToPdf(v[0].Str("subject"), v[0].Str("body_text"));
}

// ---- Candidate side ------------------------------------------------------------------------------------

Result<json> OpenOfferLink(store::Tx& tx, const core::Clock& clock, const std::string& token) {
  HF_ASSIGN(LinkedOffer l, ResolveOfferLink(tx, clock, token));
  HF_ASSIGN(Rows v, tx.Query("SELECT v.*, c.name, o.response_reason, o.counter_salary FROM offer_versions v JOIN offers o ON o.id = v.offer_id "
                             "JOIN applications a ON a.id = o.application_id JOIN candidates c ON c.id = a.candidate_id WHERE v.id = ?",
                             {l.version_id}));
  json terms = TermsOf(v[0]);
  terms.erase("grade_id");
  terms.erase("manager_id");
  terms.erase("template_id");
  HF_ASSIGN(Rows bc, tx.Query("SELECT status, consent_at FROM background_checks WHERE offer_id = ?", {l.offer_id}));
  return json{{"status", l.status},
              {"candidate_name", v[0].Str("name")},
              {"language", l.language},
              {"subject", v[0].Str("subject")},
              {"body_text", v[0].Str("body_text")},
              {"html", TextToHtml(v[0].Str("subject"), v[0].Str("body_text"))},
              {"terms", terms},
              {"expires_on", l.expires_on},
              {"version_no", v[0].Int("version_no")},
              {"can_respond", l.status == "sent"},
              {"background_check", bc.empty() ? json(nullptr)
                                              : json{{"status", bc[0].Str("status")}, {"consented", !bc[0].IsNull("consent_at")}}}};
}

Result<std::string> OfferLinkPdf(store::Tx& tx, const core::Clock& clock, const std::string& token) {
  HF_ASSIGN(LinkedOffer l, ResolveOfferLink(tx, clock, token));
  HF_ASSIGN(Rows v, tx.Query("SELECT subject, body_text FROM offer_versions WHERE id = ?", {l.version_id}));
  return TextToPdf(v[0].Str("subject"), v[0].Str("body_text"));
}

Result<json> AcceptOffer(store::Tx& tx, const core::Clock& clock, const Deps&, const std::string& token, const json& body) {
  HF_ASSIGN(LinkedOffer l, ResolveOfferLink(tx, clock, token));
  HF_TRY(OnlyKeys(body, {"background_check_consent"}));
  HF_TRY(RequireOpen(l));
  if (l.status != "sent") return Error::Conflict("the offer is being revised after your counter-offer", "offer_closed");
  bool consent = body.value("background_check_consent", false);
  if (body.contains("background_check_consent") && !body["background_check_consent"].is_boolean())
    return Error::Invalid("background_check_consent", "background_check_consent is true or false");
  std::string now = Now(clock);
  HF_TRY(tx.Exec("UPDATE offers SET status = 'accepted', responded_at = ?, version = version + 1, updated_at = ? WHERE id = ?",
                 {now, now, l.offer_id}));
  HF_TRY(Audit(tx, nullptr, clock, "", "accept", "offer", l.offer_id, {{"status", l.status}},
               {{"status", "accepted"}, {"background_check_consent", consent}}, "offer #" + std::to_string(l.offer_id)));
  HF_TRY(jobs::Emit(tx, "offer.accepted", "offer", std::to_string(l.offer_id), json::object(), clock));
  HF_TRY(StartAfterAcceptance(tx, clock, l.offer_id, consent));
  return OpenOfferLink(tx, clock, token);
}

Result<json> DeclineOffer(store::Tx& tx, const core::Clock& clock, const std::string& token, const json& body) {
  HF_ASSIGN(LinkedOffer l, ResolveOfferLink(tx, clock, token));
  HF_TRY(OnlyKeys(body, {"reason"}));
  HF_TRY(RequireOpen(l));
  HF_ASSIGN(auto reason, OptText(body, "reason", 2000));
  if (!reason || reason->empty()) return Error::Invalid("reason", "please tell us why you decline");
  std::string now = Now(clock);
  HF_TRY(tx.Exec("UPDATE offers SET status = 'declined', responded_at = ?, response_reason = ?, version = version + 1, updated_at = ? "
                 "WHERE id = ?",
                 {now, *reason, now, l.offer_id}));
  HF_TRY(recruiting::MoveByRule(tx, clock, l.application_id, "withdrawn", "offer declined: " + *reason, "offer_declined"));
  HF_TRY(Audit(tx, nullptr, clock, "", "decline", "offer", l.offer_id, {{"status", l.status}},
               {{"status", "declined"}, {"reason", *reason}}, "offer #" + std::to_string(l.offer_id)));
  HF_TRY(jobs::Emit(tx, "offer.declined", "offer", std::to_string(l.offer_id), json::object(), clock));
  return OpenOfferLink(tx, clock, token);
}

Result<json> CounterOffer(store::Tx& tx, const core::Clock& clock, const std::string& token, const json& body) {
  HF_ASSIGN(LinkedOffer l, ResolveOfferLink(tx, clock, token));
  HF_TRY(OnlyKeys(body, {"reason", "monthly_salary"}));
  HF_TRY(RequireOpen(l));
  if (l.status != "sent") return Error::Conflict("your counter-offer is already with us", "already_countered");
  HF_ASSIGN(auto reason, OptText(body, "reason", 2000));
  if (!reason || reason->empty()) return Error::Invalid("reason", "please explain your counter-offer");
  if (!body.contains("monthly_salary")) return Error::Invalid("monthly_salary", "monthly_salary is required");
  HF_ASSIGN(Money m, Money::FromJson(body["monthly_salary"], "monthly_salary"));
  if (m.fen() <= 0) return Error::Invalid("monthly_salary", "monthly_salary must be positive");
  std::string now = Now(clock);
  HF_TRY(tx.Exec("UPDATE offers SET status = 'countered', response_reason = ?, counter_salary = ?, version = version + 1, updated_at = ? "
                 "WHERE id = ?",
                 {*reason, m.fen(), now, l.offer_id}));
  HF_TRY(Audit(tx, nullptr, clock, "", "counter", "offer", l.offer_id, {{"status", l.status}},
               {{"status", "countered"}, {"reason", *reason}}, "offer #" + std::to_string(l.offer_id)));
  HF_TRY(jobs::Emit(tx, "offer.countered", "offer", std::to_string(l.offer_id), json::object(), clock));
  return OpenOfferLink(tx, clock, token);
}

Result<json> ConsentToCheck(store::Tx& tx, const core::Clock& clock, const Deps&, const std::string& token, const json& body) {
  HF_ASSIGN(LinkedOffer l, ResolveOfferLink(tx, clock, token));
  HF_TRY(OnlyKeys(body, {"consent"}));
  if (!body.contains("consent") || body["consent"] != true) return Error::Invalid("consent", "consent must be true");
  HF_ASSIGN(Rows bc, tx.Query("SELECT id, status FROM background_checks WHERE offer_id = ?", {l.offer_id}));
  if (bc.empty() || bc[0].Str("status") != "awaiting_consent")
    return Error::Conflict("no background check is waiting for your consent", "no_consent_needed");
  std::string now = Now(clock);
  HF_TRY(tx.Exec("UPDATE background_checks SET status = 'in_progress', consent_at = ?, version = version + 1, updated_at = ? WHERE id = ?",
                 {now, now, bc[0].Int("id")}));
  HF_TRY(Audit(tx, nullptr, clock, "", "consent", "background_check", bc[0].Int("id"), {{"status", "awaiting_consent"}},
               {{"status", "in_progress"}}, "background check #" + std::to_string(bc[0].Int("id"))));
  return OpenOfferLink(tx, clock, token);
}

}  // namespace hiring
