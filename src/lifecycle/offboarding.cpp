// Offboarding: resignation or termination with its reason and last day, the handover checklist, the
// final pay from the payroll rules (salary to the last day, unused annual leave, severance N or 2N),
// the exit interview (encrypted), and completion: status left, accounts disabled, access revoked.
#include "lifecycle/detail.h"
#include "payroll/labor.h"
#include "payroll/rules.h"
#include "payroll/work_calendar.h"

namespace lifecycle {

using core::Date;
using core::Error;
using core::Money;
using core::Result;
using core::Status;
using nlohmann::json;
using store::Rows;
using namespace detail;

namespace {

const char* const kDefaultChecklist[] = {"Hand over work and documents / 工作交接", "Return laptop, badge and keys / 归还设备",
                                         "Settle expenses and loans / 结清报销借款",
                                         "Transfer social insurance and housing fund / 社保公积金转移",
                                         "Issue separation certificate / 出具离职证明"};

constexpr const char* kSelect =
    "SELECT o.id, o.employee_id, e.employee_no, e.name, o.kind, o.reason, o.last_day, o.status, o.checklist_json, "
    "o.final_pay_json, o.exit_interview_enc, o.completed_at, o.version, o.created_at, o.updated_at FROM offboardings o "
    "JOIN employees e ON e.id = o.employee_id";

json RowJson(const Rows::Row& r, const auth::FieldCipher* cipher) {
  json j = {{"id", r.Int("id")}, {"employee_id", r.Int("employee_id")}, {"employee_no", r.Str("employee_no")},
            {"name", r.Str("name")}, {"kind", r.Str("kind")}, {"reason", r.Str("reason")}, {"last_day", r.Str("last_day")},
            {"status", r.Str("status")}, {"checklist", json::parse(r.Str("checklist_json"), nullptr, false)},
            {"final_pay", json::parse(r.Str("final_pay_json"), nullptr, false)},
            {"completed_at", r.IsNull("completed_at") ? json(nullptr) : json(r.Str("completed_at"))},
            {"version", r.Int("version")}, {"created_at", r.Str("created_at")}};
  j["exit_interview"] = nullptr;
  if (!r.IsNull("exit_interview_enc") && cipher) {
    auto t = cipher->Decrypt(r.Str("exit_interview_enc"));
    j["exit_interview"] = t.ok() ? json(*t) : json(nullptr);
  }
  return j;
}

Result<json> Load(Env& env, int64_t id) {
  HF_ASSIGN(Rows r, env.tx.QueryOne(std::string(kSelect) + " WHERE o.id = ?", {id}, "offboarding"));
  return RowJson(r[0], env.cipher);
}

Result<std::optional<Money>> OptMoney(const json& body, const char* field) {
  if (!body.contains(field) || body[field].is_null()) return std::optional<Money>();
  HF_ASSIGN(Money m, Money::FromJson(body[field], field));
  if (m.fen() < 0) return Error::Invalid(field, std::string(field) + " must not be negative");
  return std::optional<Money>(m);
}

// Full months of service from the hire date to the day after the last day.
int64_t ServiceMonths(Date hire, Date last) {
  Date end = last.AddDays(1);
  int64_t months = int64_t(end.year() - hire.year()) * 12 + int64_t(end.month()) - int64_t(hire.month());
  if (end.day() < hire.day()) --months;
  return std::max<int64_t>(0, months);
}

}  // namespace

// Runs the completion job at 00:00 China time after the last day.
static Status EnqueueDue(store::Tx& tx, const core::Clock& clock, int64_t id, Date last_day) {
  int64_t due_ms = (last_day.AddDays(1).DaysSinceEpoch() * 86400LL - 8 * 3600LL) * 1000;
  int64_t now_ms = clock.Now().time_since_epoch().count();
  jobs::EnqueueOptions o;
  o.dedupe_key = "lifecycle.offboarding_due:" + std::to_string(id) + ":" + last_day.ToString();
  o.delay = std::chrono::milliseconds(std::max<int64_t>(0, due_ms - now_ms));
  return jobs::Enqueue(tx, "lifecycle.offboarding_due", {{"offboarding_id", id}}, clock, o).ok()
             ? Status()
             : Status(Error::Internal("could not enqueue the offboarding job"));
}

// The final pay statement. Exposed for the API test through CreateOffboarding's result.
static Result<json> FinalPay(Env& env, const Employee& e, Date last_day, const json& body) {
  HF_ASSIGN(Rows comp, env.tx.Query("SELECT monthly_salary FROM employee_compensation WHERE employee_id = ? AND "
                                    "effective_from <= ? ORDER BY effective_from DESC LIMIT 1",
                                    {e.id, last_day.ToString()}));
  if (comp.empty()) return Error::Invalid("employee_id", "the employee has no compensation in force on the last day");
  Money monthly = Money::Fen(comp[0].Int("monthly_salary"));
  HF_ASSIGN(auto avg_opt, OptMoney(body, "avg_monthly_wage_12m"));
  Money avg = avg_opt.value_or(monthly);
  json lines = json::array();
  Money total;
  // 1. Salary to the last day: the month's salary × paid days employed ÷ paid days of the month.
  payroll::MonthDays md = payroll::ResolveMonthDays(&payroll::WorkCalendar::Builtin(), last_day.year(), last_day.month());
  unsigned first = (e.hire_date.year() == last_day.year() && e.hire_date.month() == last_day.month()) ? e.hire_date.day() : 1;
  int worked = md.PaidDays(first, last_day.day()), paid = md.PaidDays(1, md.days);
  Money salary = paid > 0 ? monthly.MulDiv(worked, paid) : Money();
  lines.push_back({{"code", "salary_to_last_day"}, {"en", "Salary to the last day"}, {"zh", "工资（至最后工作日）"},
                   {"amount", salary.ToString()},
                   {"detail", {{"monthly_salary", monthly.ToString()}, {"paid_days_worked", worked}, {"paid_days_in_month", paid}}}});
  total += salary;
  // 2. Unused annual leave (实施办法第12条): the 200% due on top of the normal pay already paid.
  HF_ASSIGN(Rows annual, env.tx.Query("SELECT coalesce(sum(lr.days_x100), 0) AS n FROM leave_requests lr JOIN leave_types t ON "
                                      "t.id = lr.leave_type_id WHERE lr.employee_id = ? AND t.statutory_annual = 1 AND "
                                      "lr.status = 'approved' AND lr.start_date >= ? AND lr.start_date <= ?",
                                      {e.id, std::to_string(last_day.year()) + "-01-01", last_day.ToString()}));
  HF_ASSIGN(Rows prof, env.tx.Query("SELECT work_start_date, annual_override_days FROM leave_profiles WHERE employee_id = ?", {e.id}));
  AnnualLeaveQuery q;
  q.hire_date = e.hire_date;
  q.work_start = prof.empty() ? e.hire_date : Or(Date::Parse(prof[0].Str("work_start_date")), e.hire_date);
  if (!prof.empty()) q.override_days = prof[0].OptInt("annual_override_days");
  q.termination = last_day;
  q.year = last_day.year();
  q.days_taken_x100 = annual[0].Int("n");
  q.avg_monthly_wage_12m = avg;
  HF_ASSIGN(AnnualLeaveEntitlement al, AnnualLeaveFor(q));
  Money leave_pay = al.extra_pay_200pct.value_or(Money());
  lines.push_back({{"code", "unused_annual_leave"}, {"en", "Unused annual leave"}, {"zh", "未休年休假工资报酬"},
                   {"amount", leave_pay.ToString()},
                   {"detail", {{"full_year_days", al.full_year_days}, {"prorated_days", al.days},
                               {"days_taken", double(q.days_taken_x100) / 100.0},
                               {"unused_days_payable", double(al.unused_payable_x100) / 100.0},
                               {"daily_wage", al.daily_wage ? json(al.daily_wage->ToString()) : json(nullptr)},
                               {"total_300pct_incl_normal", al.total_300pct ? json(al.total_300pct->ToString()) : json(nullptr)}}}});
  total += leave_pay;
  // 3. Severance (劳动合同法第47条, 第87条).
  json sev = body.contains("severance") && body["severance"].is_object() ? body["severance"] : json::object();
  std::string kind = sev.value("kind", "none");
  if (kind != "none" && kind != "n" && kind != "2n") return Error::Invalid("severance.kind", "severance.kind must be none, n or 2n");
  Money sev_amount;
  json sev_detail = {{"kind", kind}};
  if (kind != "none") {
    HF_ASSIGN(auto local_avg, OptMoney(sev, "local_prev_year_avg_monthly_wage"));
    if (!local_avg) return Error::Invalid("severance.local_prev_year_avg_monthly_wage", "the local average wage of last year is required");
    HF_ASSIGN(auto min_wage, OptMoney(sev, "local_min_wage"));
    int64_t months = ServiceMonths(e.hire_date, last_day);
    payroll::SeveranceInput in;
    in.service_years = months / 12;
    in.service_extra_months = months % 12;
    in.avg_monthly_wage_12m = avg;
    in.local_prev_year_avg_monthly_wage = *local_avg;
    in.local_min_wage = min_wage;
    in.unlawful_termination = kind == "2n";
    const auto& book = payroll::RuleBook::Builtin();
    const payroll::SeveranceRules* rules = book.severance.At(last_day);
    if (!rules) rules = &book.severance.Latest();
    HF_ASSIGN(payroll::SeveranceResult r, payroll::SeverancePay(in, *rules));
    sev_amount = r.amount;
    sev_detail["service_years"] = in.service_years;
    sev_detail["service_extra_months"] = in.service_extra_months;
    sev_detail["n_months"] = r.n_half_months % 2 == 0 ? json(r.n_half_months / 2) : json(double(r.n_half_months) / 2.0);
    sev_detail["monthly_base"] = r.monthly_base.ToString();
    sev_detail["wage_capped_at_3x"] = r.wage_capped_at_3x;
  }
  lines.push_back({{"code", "severance"}, {"en", kind == "2n" ? "Damages (2N)" : "Severance (N)"},
                   {"zh", kind == "2n" ? "违法解除赔偿金 (2N)" : "经济补偿 (N)"}, {"amount", sev_amount.ToString()},
                   {"detail", sev_detail}});
  total += sev_amount;
  return json{{"last_day", last_day.ToString()}, {"avg_monthly_wage_12m", avg.ToString()}, {"lines", lines},
              {"total", total.ToString()}};
}

Result<ListResult> ListOffboardings(Env& env, const Page& page) {
  HF_TRY(RequireHr(env.who));
  ListResult out;
  HF_ASSIGN(Rows n, env.tx.Query("SELECT count(*) AS n FROM offboardings"));
  out.total = n[0].Int("n");
  HF_ASSIGN(Rows r, env.tx.Query(std::string(kSelect) + " ORDER BY o.last_day DESC, o.id DESC LIMIT ? OFFSET ?",
                                 {page.limit, page.offset}));
  for (auto row : r) {
    json j = RowJson(row, nullptr);
    j.erase("exit_interview");
    out.items.push_back(std::move(j));
  }
  return out;
}

Result<json> GetOffboarding(Env& env, int64_t id) {
  HF_TRY(RequireHr(env.who));
  return Load(env, id);
}

Result<json> CreateOffboarding(Env& env, const json& body) {
  HF_TRY(RequireHr(env.who));
  HF_TRY(OnlyKeys(body, {"employee_id", "kind", "reason", "last_day", "severance", "avg_monthly_wage_12m", "checklist"}));
  HF_ASSIGN(int64_t emp_id, ReqId(body, "employee_id"));
  HF_ASSIGN(std::string kind, ReqText(body, "kind", 20));
  if (kind != "resignation" && kind != "termination" && kind != "contract_end" && kind != "mutual")
    return Error::Invalid("kind", "kind must be resignation, termination, contract_end or mutual");
  HF_ASSIGN(std::string reason, ReqText(body, "reason", 2000));
  HF_ASSIGN(Date last_day, ReqDate(body, "last_day"));
  if (body.contains("severance") && !body["severance"].is_null()) {
    if (!body["severance"].is_object()) return Error::Invalid("severance", "severance must be an object");
    HF_TRY(OnlyKeys(body["severance"], {"kind", "local_prev_year_avg_monthly_wage", "local_min_wage"}));
  }
  auto emp = LoadEmployee(env.tx, emp_id);
  if (!emp.ok()) return Error::Invalid("employee_id", "no such employee");
  if (emp->status == "left") return Error::Invalid("employee_id", "the employee has already left");
  if (last_day < emp->hire_date) return Error::Invalid("last_day", "last_day must not be before the hire date");
  HF_ASSIGN(Rows open, env.tx.Query("SELECT id FROM offboardings WHERE employee_id = ? AND status = 'open'", {emp_id}));
  if (!open.empty()) return Error::Conflict("the employee already has an open offboarding", "offboarding_open");
  json checklist = json::array();
  if (body.contains("checklist") && !body["checklist"].is_null()) {
    if (!body["checklist"].is_array() || body["checklist"].size() > 50) return Error::Invalid("checklist", "checklist must be an array of items");
    for (auto& it : body["checklist"]) {
      if (!it.is_string() || it.get<std::string>().empty() || it.get<std::string>().size() > 300)
        return Error::Invalid("checklist", "each checklist item must be a text of 1..300 bytes");
      checklist.push_back({{"item", it}, {"done", false}});
    }
  } else {
    for (const char* it : kDefaultChecklist) checklist.push_back({{"item", it}, {"done", false}});
  }
  HF_ASSIGN(json pay, FinalPay(env, *emp, last_day, body));
  std::string now = Now(env.clock);
  HF_ASSIGN(Rows r, env.tx.Query("INSERT INTO offboardings(employee_id, kind, reason, last_day, status, checklist_json, "
                                 "final_pay_json, created_at, updated_at) VALUES (?,?,?,?,'open',?,?,?,?) RETURNING id",
                                 {emp_id, kind, reason, last_day.ToString(), checklist.dump(), pay.dump(), now, now}));
  int64_t id = r[0].Int("id");
  HF_ASSIGN(json after, Load(env, id));
  json audited = after;
  audited.erase("final_pay");
  HF_TRY(Audit(env, "create", "offboarding", id, nullptr, audited, emp->name));
  HF_TRY(EnqueueDue(env.tx, env.clock, id, last_day));
  return after;
}

Result<json> UpdateOffboarding(Env& env, int64_t id, const json& body) {
  HF_TRY(RequireHr(env.who));
  HF_ASSIGN(json before, Load(env, id));
  HF_TRY(OnlyKeys(body, {"checklist", "exit_interview", "reason", "version"}));
  HF_ASSIGN(int64_t version, RequireVersion(body));
  json checklist = before["checklist"];
  if (body.contains("checklist")) {
    if (!body["checklist"].is_array() || body["checklist"].size() > 50) return Error::Invalid("checklist", "checklist must be an array");
    checklist = json::array();
    for (auto& it : body["checklist"]) {
      if (!it.is_object() || !it.contains("item") || !it["item"].is_string() || it["item"].get<std::string>().empty() ||
          !it.contains("done") || !it["done"].is_boolean())
        return Error::Invalid("checklist", "each item is {item: text, done: boolean}");
      checklist.push_back({{"item", it["item"]}, {"done", it["done"]}});
    }
  }
  HF_ASSIGN(auto interview, OptText(body, "exit_interview", 20000));
  HF_ASSIGN(auto reason, OptText(body, "reason", 2000));
  std::optional<std::string> enc;
  if (interview) {
    if (!env.cipher) return Error::Internal("no field cipher");
    enc = env.cipher->Encrypt(*interview);
  }
  HF_ASSIGN(int64_t n, env.tx.Exec("UPDATE offboardings SET checklist_json = ?, exit_interview_enc = COALESCE(?, "
                                   "exit_interview_enc), reason = COALESCE(?, reason), version = version + 1, updated_at = ? "
                                   "WHERE id = ? AND version = ?",
                                   {checklist.dump(), enc, reason && !reason->empty() ? reason : std::nullopt, Now(env.clock),
                                    id, version}));
  if (n == 0) return VersionConflict("offboarding");
  HF_ASSIGN(json after, Load(env, id));
  json b = before, a = after;
  for (json* x : {&b, &a}) {
    x->erase("final_pay");
    (*x)["exit_interview"] = (*x)["exit_interview"].is_null() ? json(nullptr) : json("(encrypted)");
  }
  HF_TRY(Audit(env, "update", "offboarding", id, b, a, before["name"].get<std::string>()));
  return after;
}

namespace {
Status Complete(Env& env, const json& before) {
  int64_t id = before["id"], emp = before["employee_id"];
  std::string now = Now(env.clock);
  HF_ASSIGN(Rows e, env.tx.Query("SELECT status FROM employees WHERE id = ?", {emp}));
  HF_TRY(env.tx.Exec("UPDATE employees SET status = 'left', version = version + 1, updated_at = ? WHERE id = ?", {now, emp}));
  HF_TRY(org::AuditChange(env.tx, &env.who, env.clock, env.request_id, "update", "employee", std::to_string(emp),
                          {{"status", e.empty() ? "" : e[0].Str("status")}}, {{"status", "left"}},
                          before["name"].get<std::string>()));
  HF_ASSIGN(Rows users, env.tx.Query("SELECT id, username FROM users WHERE employee_id = ? AND disabled = 0", {emp}));
  for (auto u : users) {
    int64_t uid = u.Int("id");
    HF_TRY(env.tx.Exec("UPDATE users SET disabled = 1, version = version + 1, updated_at = ? WHERE id = ?", {now, uid}));
    HF_TRY(env.tx.Exec("DELETE FROM sessions WHERE user_id = ?", {uid}));
    HF_TRY(env.tx.Exec("UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", {now, uid}));
    HF_TRY(org::AuditChange(env.tx, &env.who, env.clock, env.request_id, "disable", "user", std::to_string(uid),
                            {{"disabled", false}}, {{"disabled", true}}, u.Str("username")));
  }
  HF_TRY(env.tx.Exec("UPDATE offboardings SET status = 'completed', completed_at = ?, version = version + 1, updated_at = ? "
                     "WHERE id = ?",
                     {now, now, id}));
  HF_TRY(Audit(env, "complete", "offboarding", id, {{"status", "open"}},
               {{"status", "completed"}, {"accounts_disabled", users.size()}}, before["name"].get<std::string>()));
  return {};
}
}  // namespace

Result<json> CompleteOffboarding(Env& env, int64_t id, const json& body) {
  HF_TRY(RequireHr(env.who));
  HF_ASSIGN(json before, Load(env, id));
  HF_TRY(OnlyKeys(body, {"version"}));
  HF_ASSIGN(int64_t version, RequireVersion(body));
  if (before["version"].get<int64_t>() != version) return VersionConflict("offboarding");
  if (before["status"] != "open") return Error::Conflict("the offboarding is " + before["status"].get<std::string>(), "not_open");
  HF_TRY(Complete(env, before));
  return Load(env, id);
}

Result<json> CancelOffboarding(Env& env, int64_t id, const json& body) {
  HF_TRY(RequireHr(env.who));
  HF_ASSIGN(json before, Load(env, id));
  HF_TRY(OnlyKeys(body, {"version"}));
  HF_ASSIGN(int64_t version, RequireVersion(body));
  if (before["status"] != "open") return Error::Conflict("the offboarding is " + before["status"].get<std::string>(), "not_open");
  HF_ASSIGN(int64_t n, env.tx.Exec("UPDATE offboardings SET status = 'cancelled', version = version + 1, updated_at = ? WHERE "
                                   "id = ? AND version = ?",
                                   {Now(env.clock), id, version}));
  if (n == 0) return VersionConflict("offboarding");
  HF_TRY(Audit(env, "cancel", "offboarding", id, {{"status", "open"}}, {{"status", "cancelled"}}, before["name"].get<std::string>()));
  return Load(env, id);
}

Result<int> CompleteDueOffboardings(Env& env) {
  HF_ASSIGN(Rows r, env.tx.Query("SELECT id FROM offboardings WHERE status = 'open' AND last_day < ?",
                                 {LocalToday(env.clock).ToString()}));
  int n = 0;
  for (auto row : r) {
    HF_ASSIGN(json before, Load(env, row.Int("id")));
    HF_TRY(Complete(env, before));
    ++n;
  }
  return n;
}

void RegisterJobs(jobs::Queue& queue, store::Db& db, const core::Clock& clock) {
  RegisterProbationJobs(queue, db, clock);
  // Leave requests: the manager hears of a new request, the employee of the decision (in-app).
  queue.Subscribe("leave_request.", "lifecycle.leave_notify");
  queue.Register("lifecycle.leave_notify", [&clock](const jobs::Job& job, store::Tx& tx) -> Status {
    std::string topic = job.payload.value("topic", "");
    int64_t id = std::atoll(job.payload.value("entity_id", std::string("0")).c_str());
    HF_ASSIGN(Rows r, tx.Query("SELECT lr.employee_id, e.manager_id, e.name, lr.start_date, lr.end_date, lr.days_x100 FROM "
                               "leave_requests lr JOIN employees e ON e.id = lr.employee_id WHERE lr.id = ?",
                               {id}));
    if (r.empty()) return {};
    std::optional<int64_t> to_employee;
    std::pair<const char*, const char*> title;
    if (topic == "leave_request.create") {
      to_employee = r[0].OptInt("manager_id");
      title = {"新的休假申请待审批", "New leave request to approve"};
    } else if (topic == "leave_request.approve") {
      to_employee = r[0].Int("employee_id");
      title = {"休假申请已批准", "Leave request approved"};
    } else if (topic == "leave_request.reject") {
      to_employee = r[0].Int("employee_id");
      title = {"休假申请已驳回", "Leave request rejected"};
    }
    if (!to_employee) return {};
    std::string body = r[0].Str("name") + " " + r[0].Str("start_date") + " – " + r[0].Str("end_date");
    HF_ASSIGN(Rows users, tx.Query("SELECT id, locale FROM users WHERE employee_id = ? AND disabled = 0", {*to_employee}));
    for (auto u : users) {
      bool zh = u.Str("locale") != "en";
      HF_TRY(jobs::Notify(tx,
                          {u.Int("id"), topic, zh ? title.first : title.second, body, std::string("/leave"),
                           {{"employee", r[0].Str("name")}, {"start_date", r[0].Str("start_date")}, {"end_date", r[0].Str("end_date")}},
                           job.payload.value("event_id", int64_t(0))},
                          clock));
    }
    return {};
  });
  queue.Register("lifecycle.offboarding_due", [&clock](const jobs::Job& job, store::Tx& tx) -> Status {
    auth::Principal system{0, "system", auth::Role::kAdmin, {}, {}, false};
    Env env{tx, system, clock, "job-" + std::to_string(job.id), nullptr};
    int64_t id = job.payload.value("offboarding_id", int64_t(0));
    HF_ASSIGN(Rows r, tx.Query(std::string(kSelect) + " WHERE o.id = ?", {id}));
    if (r.empty() || r[0].Str("status") != "open") return {};  // cancelled, completed by hand, or gone
    HF_ASSIGN(Date last, Date::Parse(r[0].Str("last_day")));
    if (!(last < LocalToday(clock))) return EnqueueDue(tx, clock, id, last);  // early (clock skew): try again
    return Complete(env, RowJson(r[0], nullptr));
  });
}

}  // namespace lifecycle
