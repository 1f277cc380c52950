// Labour-law alerts (raised by a daily scan, listed for HR) and the background work of hiring:
// the offer and form e-mails, the provider request, and the daily scan with task reminders.
#include <chrono>
#include <cstdlib>
#include <map>
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

// Open onboarding tasks due within this many days are reminded to their owners (as are late ones).
constexpr int kDueSoonDays = 2;

Result<ListResult> ListAlerts(Env& env, const std::optional<std::string>& status, const Page& page) {
  HF_TRY(RequireHr(env.who));
  std::string where = " WHERE 1=1";
  store::Params params;
  if (status && !status->empty()) {
    where += " AND a.status = ?";
    params.push_back(*status);
  }
  HF_ASSIGN(Rows n, env.tx.Query("SELECT COUNT(*) AS n FROM hiring_alerts a" + where, params));
  params.push_back(page.limit);
  params.push_back(page.offset);
  // The employee (when the contract belongs to one) is shown with the alert.
  HF_ASSIGN(Rows r, env.tx.Query("SELECT a.*, k.employee_id, e.name AS employee_name FROM hiring_alerts a "
                                 "LEFT JOIN labour_contracts k ON a.subject_type = 'labour_contract' AND k.id = a.subject_id "
                                 "LEFT JOIN employees e ON e.id = k.employee_id" + where + " ORDER BY a.severity, a.id DESC LIMIT ? OFFSET ?", params));
  ListResult out;
  out.total = n[0].Int("n");
  for (const auto& a : r)
    out.items.push_back({{"id", a.Int("id")}, {"kind", a.Str("kind")}, {"severity", a.Str("severity")}, {"subject_type", a.Str("subject_type")},
                         {"subject_id", a.Int("subject_id")}, {"message", a.Str("message")},
                         {"exposure", a.IsNull("exposure") ? json(nullptr) : json(Money::Fen(a.Int("exposure")).ToString())},
                         {"due_on", a.OptStr("due_on")}, {"status", a.Str("status")}, {"raised_on", a.Str("raised_on")},
                         {"updated_at", a.Str("updated_at")}, {"employee_id", a.OptInt("employee_id")},
                         {"employee_name", a.OptStr("employee_name")}, {"params", jobs::ParamsFromText(a.OptStr("params"))}});
  return out;
}

Result<json> ScanAlerts(store::Tx& tx, const core::Clock& clock) {
  HF_ASSIGN(int expired, ExpireDueOffers(tx, clock));
  core::Date today = Today(clock);
  std::string now = Now(clock);
  HF_ASSIGN(Rows ks, tx.Query("SELECT k.*, o.status AS onboarding_status, e.hire_date AS employee_hire_date FROM labour_contracts k "
                              "LEFT JOIN onboardings o ON o.id = k.onboarding_id LEFT JOIN employees e ON e.id = k.employee_id "
                              "WHERE o.status IS NULL OR o.status <> 'cancelled'"));
  int raised = 0, resolved = 0;
  for (const auto& k : ks) {
    ContractFacts f;
    HF_ASSIGN(f.start_date, core::Date::Parse(k.Str("start_date")));
    if (!k.IsNull("signed_at")) {
      HF_ASSIGN(f.signed_on, core::Date::Parse(k.Str("signed_at").substr(0, 10)));
    }
    std::string type = k.Str("contract_type");
    f.contract_type = type == "open_ended" ? ContractType::kOpenEnded : type == "task" ? ContractType::kTask : ContractType::kFixed;
    f.term_months = k.OptInt("term_months");
    if (!k.IsNull("end_date")) {
      HF_ASSIGN(f.end_date, core::Date::Parse(k.Str("end_date")));
    }
    f.probation_months = k.Int("probation_months");
    f.monthly_salary = Money::Fen(k.Int("monthly_salary"));
    f.probation_salary = Money::Fen(k.Int("probation_salary"));
    f.local_min_wage = MinimumWage(k.Str("city"), f.start_date);
    f.fixed_term_sequence = k.Int("fixed_term_sequence");
    // Continuous service counts from the employee's hire date (renewals keep it).
    if (!k.IsNull("employee_hire_date")) {
      HF_ASSIGN(f.service_start, core::Date::Parse(k.Str("employee_hire_date")));
    }
    std::set<std::string> live;
    // A renewed contract is history: nothing to raise, its open alerts resolve below.
    std::vector<LabourAlert> found;
    if (k.Str("status") != "renewed") found = CheckContract(f, today);
    for (const auto& a : found) {
      std::string key = "contract:" + std::to_string(k.Int("id")) + ":" + a.kind;
      live.insert(key);
      std::optional<int64_t> exposure = a.exposure ? std::optional<int64_t>(a.exposure->fen()) : std::nullopt;
      std::optional<std::string> due = a.due_on ? std::optional<std::string>(a.due_on->ToString()) : std::nullopt;
      std::string params = json(a.params).dump();
      HF_ASSIGN(int64_t n, tx.Exec("UPDATE hiring_alerts SET message = ?, params = ?, severity = ?, exposure = ?, due_on = ?, status = 'open', "
                                   "updated_at = ? WHERE dedupe_key = ?",
                                   {a.message, params, a.severity, exposure, due, now, key}));
      if (n == 0) {
        HF_TRY(tx.Exec("INSERT INTO hiring_alerts(dedupe_key, kind, severity, subject_type, subject_id, message, params, exposure, due_on, status, "
                       "raised_on, updated_at) VALUES (?, ?, ?, 'labour_contract', ?, ?, ?, ?, ?, 'open', ?, ?)",
                       {key, a.kind, a.severity, k.Int("id"), a.message, params, exposure, due, today.ToString(), now}));
        HF_TRY(jobs::Emit(tx, "hiring_alert.raised", "labour_contract", std::to_string(k.Int("id")), {{"kind", a.kind}}, clock));
        ++raised;
      }
    }
    HF_ASSIGN(Rows open, tx.Query("SELECT id, dedupe_key FROM hiring_alerts WHERE subject_type = 'labour_contract' AND subject_id = ? AND status = 'open'",
                                  {k.Int("id")}));
    for (const auto& a : open)
      if (!live.count(a.Str("dedupe_key"))) {
        HF_TRY(tx.Exec("UPDATE hiring_alerts SET status = 'resolved', updated_at = ? WHERE id = ?", {now, a.Int("id")}));
        ++resolved;
      }
  }
  // Alerts on offers that can no longer be sent (declined, withdrawn, expired) resolve themselves.
  HF_ASSIGN(int64_t closed, tx.Exec("UPDATE hiring_alerts SET status = 'resolved', updated_at = ? WHERE subject_type = 'offer' AND status = 'open' "
                                    "AND subject_id IN (SELECT id FROM offers WHERE status IN ('declined', 'withdrawn', 'expired'))",
                                    {now}));
  resolved += static_cast<int>(closed);
  // Reminders, once a day per open task that is late or due within kDueSoonDays: an event for the
  // subscribers (onboarding_task.overdue / onboarding_task.due_soon), an in-app notification to each
  // owner (the assigned user, else every active user of the owner role; HR for a hiring manager's task
  // without one) with one e-mail per owner listing their tasks (when the owner's employee record has an
  // address and SMTP is configured), and one e-mail per new hire whose own tasks are late.
  std::string day = today.ToString();
  HF_ASSIGN(Rows late, tx.Query("SELECT t.id, t.onboarding_id, t.owner_role, t.owner_user_id, t.title, t.due_date, c.name AS candidate_name "
                                "FROM onboarding_tasks t JOIN onboardings o ON o.id = t.onboarding_id "
                                "JOIN applications a ON a.id = o.application_id JOIN candidates c ON c.id = a.candidate_id "
                                "WHERE o.status = 'active' AND t.status = 'open' AND t.due_date <= ? AND (t.reminded_on IS NULL OR t.reminded_on < ?) "
                                "ORDER BY t.onboarding_id, t.due_date",
                                {today.AddDays(kDueSoonDays).ToString(), day}));
  std::map<int64_t, json> to_new_hire;
  std::map<int64_t, json> to_owner;  // user id → [{task_id, title, candidate, due_date, late}]
  HF_ASSIGN(Rows staff, tx.Query("SELECT id, role, locale FROM users WHERE disabled = 0 AND role IN ('admin', 'hr', 'hiring_manager')"));
  std::map<int64_t, std::string> locale_of;
  for (const auto& u : staff) locale_of[u.Int("id")] = u.Str("locale");
  for (const auto& t : late) {
    bool is_late = t.Str("due_date") < day;
    std::string role = t.Str("owner_role");
    HF_TRY(tx.Exec("UPDATE onboarding_tasks SET reminded_on = ? WHERE id = ?", {day, t.Int("id")}));
    HF_TRY(jobs::Emit(tx, is_late ? "onboarding_task.overdue" : "onboarding_task.due_soon", "onboarding_task", std::to_string(t.Int("id")),
                      {{"onboarding_id", t.Int("onboarding_id")}, {"owner_role", role}, {"due_date", t.Str("due_date")}}, clock));
    if (role == "candidate") {
      if (is_late) to_new_hire[t.Int("onboarding_id")].push_back(t.Str("title"));
      continue;
    }
    std::vector<int64_t> owners;
    if (!t.IsNull("owner_user_id") && locale_of.count(t.Int("owner_user_id"))) {
      owners.push_back(t.Int("owner_user_id"));
    } else {
      std::string target = role == "hiring_manager" ? "hr" : role;
      for (const auto& u : staff)
        if (u.Str("role") == target) owners.push_back(u.Int("id"));
    }
    for (int64_t uid : owners) {
      bool zh = locale_of[uid] != "en";
      std::string title = is_late ? (zh ? "入职任务已逾期" : "Onboarding task overdue") : (zh ? "入职任务即将到期" : "Onboarding task due soon");
      std::string body = t.Str("candidate_name") + " · " + t.Str("title") + (zh ? " · 截止 " : " · due ") + t.Str("due_date");
      HF_TRY(jobs::Notify(tx,
                          {uid, "onboarding_task.reminder", title, body, std::string("/onboarding"),
                           {{"candidate", t.Str("candidate_name")}, {"task", t.Str("title")}, {"due_date", t.Str("due_date")},
                            {"late", is_late}, {"variant", is_late ? "late" : "due_soon"}},
                           std::nullopt},
                          clock));
      to_owner[uid].push_back({{"task_id", t.Int("id")}, {"title", t.Str("title")}, {"candidate", t.Str("candidate_name")},
                               {"due_date", t.Str("due_date")}, {"late", is_late}});
    }
  }
  for (const auto& [onboarding_id, titles] : to_new_hire) {
    jobs::EnqueueOptions o;
    o.dedupe_key = "hiring.reminder:" + std::to_string(onboarding_id) + ":" + day;
    HF_TRY(jobs::Enqueue(tx, "hiring.reminder_email", {{"onboarding_id", onboarding_id}, {"tasks", titles}}, clock, o));
  }
  for (const auto& [uid, tasks] : to_owner)
    HF_TRY(jobs::Enqueue(tx, "hiring.owner_reminder_email", {{"user_id", uid}, {"day", day}, {"tasks", tasks}}, clock));
  return json{{"raised", raised}, {"resolved", resolved}, {"offers_expired", expired}, {"reminded", late.size()},
              {"as_of", today.ToString()}};
}

namespace {

std::string L(const std::string& lang, const char* zh, const char* en) { return lang == "zh-CN" ? zh : en; }

Status SendOfferEmail(const jobs::Job& job, store::Tx& tx, const core::Clock& clock, const Deps& deps) {
  const json& p = job.payload;
  int64_t id = p.value("offer_id", int64_t(0));
  HF_ASSIGN(Rows r, tx.Query("SELECT v.subject, v.body_text FROM offers o JOIN offer_versions v ON v.offer_id = o.id AND "
                             "v.version_no = o.current_version WHERE o.id = ?",
                             {id}));
  if (r.empty() || !deps.mailer) return {};
  std::string lang = p.value("language", "zh-CN"), link = p.value("link", "");
  notify::Email mail;
  mail.to = p.value("to", "");
  mail.subject = r[0].Str("subject");
  mail.text = r[0].Str("body_text") + "\n" + L(lang, "查看并答复录用通知：", "View and answer the offer: ") + link + "\n" +
              L(lang, "此链接仅供您本人使用，请勿转发。\n", "This link is for you only; please do not forward it.\n");
  mail.html = TextToHtml(r[0].Str("subject"), r[0].Str("body_text") + "\n" + link);
  HF_ASSIGN(std::string pdf, TextToPdf(r[0].Str("subject"), r[0].Str("body_text")));
  mail.attachments.push_back({"offer.pdf", "application/pdf", pdf});
  HF_TRY(deps.mailer->Send(mail));
  HF_TRY(tx.Exec("UPDATE offers SET email_status = 'sent', updated_at = ? WHERE id = ?", {Now(clock), id}));
  return jobs::Emit(tx, "offer.email_sent", "offer", std::to_string(id), json::object(), clock);
}

Status SendFormEmail(const jobs::Job& job, store::Tx& tx, const core::Clock&, const Deps& deps) {
  if (!deps.mailer) return {};
  int64_t id = job.payload.value("onboarding_id", int64_t(0));
  HF_ASSIGN(Rows r, tx.Query("SELECT c.name, c.email, v.language, o.start_date, o.token_hash FROM onboardings o JOIN applications a ON a.id = o.application_id "
                             "JOIN candidates c ON c.id = a.candidate_id JOIN offers f ON f.id = o.offer_id "
                             "JOIN offer_versions v ON v.offer_id = f.id AND v.version_no = f.current_version WHERE o.id = ?",
                             {id}));
  if (r.empty() || r[0].Str("email").empty()) return {};
  std::string token = job.payload.value("token", "");
  if (auth::Sha256Hex(token) != r[0].Str("token_hash")) return {};  // re-issued meanwhile: the newer job sends the live link
  std::string lang = r[0].Str("language"), link = deps.public_url + "/onboarding/" + token;
  notify::Email mail;
  mail.to = r[0].Str("email");
  mail.subject = L(lang, "入职准备：请填写入职信息并签署劳动合同", "Before your first day: your details and your labour contract");
  mail.text = L(lang, "您好 ", "Hello ") + r[0].Str("name") + ",\n\n" +
              L(lang, "欢迎加入！请在入职日（", "Welcome! Before your first day (") + r[0].Str("start_date") +
              L(lang, "）前通过以下链接填写入职信息并签署劳动合同：\n", ") please fill in your details and sign your labour contract here:\n") +
              link + "\n" + L(lang, "此链接仅供您本人使用。\n", "This link is for you only.\n");
  return deps.mailer->Send(mail);
}

Status SendReminder(const jobs::Job& job, store::Tx& tx, const core::Clock&, const Deps& deps) {
  if (!deps.mailer) return {};
  int64_t id = job.payload.value("onboarding_id", int64_t(0));
  HF_ASSIGN(Rows r, tx.Query("SELECT c.name, c.email, v.language, o.status FROM onboardings o JOIN applications a ON a.id = o.application_id "
                             "JOIN candidates c ON c.id = a.candidate_id JOIN offers f ON f.id = o.offer_id "
                             "JOIN offer_versions v ON v.offer_id = f.id AND v.version_no = f.current_version WHERE o.id = ?",
                             {id}));
  if (r.empty() || r[0].Str("email").empty() || r[0].Str("status") != "active") return {};
  std::string lang = r[0].Str("language");
  std::string list;
  for (const auto& t : job.payload.value("tasks", json::array())) list += "- " + t.get<std::string>() + "\n";
  notify::Email mail;
  mail.to = r[0].Str("email");
  mail.subject = L(lang, "提醒：请尽快完成入职事项", "Reminder: your onboarding tasks are due");
  mail.text = L(lang, "您好 ", "Hello ") + r[0].Str("name") + ",\n\n" +
              L(lang, "以下入职事项已到期，请通过此前邮件中的链接尽快完成：\n", "These onboarding tasks are due; please complete them through the link in our earlier e-mail:\n") +
              list + L(lang, "如需新的链接，请联系人事。\n", "Ask HR if you need a new link.\n");
  return deps.mailer->Send(mail);
}

// One e-mail per task owner and scan: their tasks due soon or late (the owner's address is their
// employee record's e-mail; no address or no SMTP: the in-app notification is the reminder).
Status SendOwnerReminder(const jobs::Job& job, store::Tx& tx, const core::Clock&, const Deps& deps) {
  if (!deps.mailer) return {};
  HF_ASSIGN(Rows r, tx.Query("SELECT u.display_name, u.locale, e.email FROM users u LEFT JOIN employees e ON e.id = u.employee_id "
                             "WHERE u.id = ? AND u.disabled = 0",
                             {job.payload.value("user_id", int64_t(0))}));
  if (r.empty() || r[0].IsNull("email") || r[0].Str("email").empty()) return {};
  std::string lang = r[0].Str("locale") == "en" ? "en" : "zh-CN";
  std::string list;
  for (const auto& t : job.payload.value("tasks", json::array()))
    list += "- " + t.value("candidate", "") + " · " + t.value("title", "") + L(lang, "（截止 ", " (due ") + t.value("due_date", "") +
            (t.value("late", false) ? L(lang, "，已逾期）", ", overdue)") : L(lang, "）", ")")) + "\n";
  notify::Email mail;
  mail.to = r[0].Str("email");
  mail.subject = L(lang, "入职任务提醒：", "Onboarding tasks reminder: ") + std::to_string(job.payload.value("tasks", json::array()).size()) +
                 L(lang, " 项待办", " to do");
  mail.text = L(lang, "您好 ", "Hello ") + r[0].Str("display_name") + ",\n\n" +
              L(lang, "以下入职任务即将到期或已逾期：\n", "These onboarding tasks are due soon or overdue:\n") + list + "\n" +
              deps.public_url + "/onboarding\n";
  return deps.mailer->Send(mail);
}

Status RequestProvider(const jobs::Job& job, store::Tx& tx, const core::Clock& clock, const Deps& deps) {
  int64_t id = job.payload.value("check_id", int64_t(0));
  if (deps.bgcheck_url.empty()) return {};
  HF_ASSIGN(Rows c, tx.Query("SELECT c.name, c.email, c.phone FROM background_checks b JOIN applications a ON a.id = b.application_id "
                             "JOIN candidates c ON c.id = a.candidate_id WHERE b.id = ?",
                             {id}));
  if (c.empty()) return {};
  HF_ASSIGN(Rows items, tx.Query("SELECT id, kind FROM background_check_items WHERE check_id = ? AND status = 'requested'", {id}));
  json req = {{"check_id", id},
              {"callback_url", deps.public_url + "/api/v1/background-check-callback"},
              {"candidate", {{"name", c[0].Str("name")}, {"email", c[0].Str("email")}, {"phone", c[0].Str("phone")}}},
              {"items", json::array()}};
  for (const auto& i : items) req["items"].push_back({{"item_id", i.Int("id")}, {"kind", i.Str("kind")}});
  std::string body = req.dump();
  std::string ts = std::to_string(std::chrono::duration_cast<std::chrono::seconds>(clock.Now().time_since_epoch()).count());
  std::string sig = notify::Hex(notify::HmacSha256(deps.bgcheck_secret, ts + "." + body));
  HF_ASSIGN(notify::HttpReply reply, notify::PostJson(deps.bgcheck_url, body, {"X-HireFlow-Timestamp: " + ts, "X-HireFlow-Signature: " + sig}));
  if (reply.status < 200 || reply.status >= 300)
    return Error::Unavailable("the background-check provider answered " + std::to_string(reply.status));
  return jobs::Emit(tx, "background_check.requested", "background_check", std::to_string(id), json::object(), clock);
}

// Daily: the scan (offers past their expiry, alerts, reminders of late tasks), and tomorrow's run.
Status Daily(const jobs::Job&, store::Tx& tx, const core::Clock& clock) {
  HF_TRY(ScanAlerts(tx, clock));
  jobs::EnqueueOptions o;
  o.delay = std::chrono::hours(24);
  o.dedupe_key = "hiring.daily:" + Today(clock).AddDays(1).ToString();
  HF_TRY(jobs::Enqueue(tx, "hiring.daily", json::object(), clock, o));
  return {};
}

}  // namespace

Deps DepsFromEnv(blob::Store& files, std::string public_url, notify::Mailer* mailer) {
  const char* url = std::getenv("HIREFLOW_BGCHECK_URL");
  const char* secret = std::getenv("HIREFLOW_BGCHECK_SECRET");
  return Deps{files, std::move(public_url), mailer, url ? url : "", secret ? secret : ""};
}

void RegisterJobs(jobs::Queue& queue, store::Db&, const core::Clock& clock, const Deps& deps) {
  queue.Register("hiring.offer_email", [&clock, &deps](const jobs::Job& j, store::Tx& tx) { return SendOfferEmail(j, tx, clock, deps); });
  queue.Register("hiring.form_email", [&clock, &deps](const jobs::Job& j, store::Tx& tx) { return SendFormEmail(j, tx, clock, deps); });
  queue.Register("hiring.reminder_email", [&clock, &deps](const jobs::Job& j, store::Tx& tx) { return SendReminder(j, tx, clock, deps); });
  queue.Register("hiring.owner_reminder_email", [&clock, &deps](const jobs::Job& j, store::Tx& tx) { return SendOwnerReminder(j, tx, clock, deps); });
  queue.Register("hiring.bgcheck_request", [&clock, &deps](const jobs::Job& j, store::Tx& tx) { return RequestProvider(j, tx, clock, deps); });
  queue.Register("hiring.daily", [&clock](const jobs::Job& j, store::Tx& tx) { return Daily(j, tx, clock); });
}

}  // namespace hiring
