// The payroll profile (compensation row) of a new hire, queued by hiring when the onboarding
// checklist completes. Hiring sits below payroll, so it asks through a durable job instead of a call.
#include "payrollrun/payrollrun.h"

namespace payrollrun {

using core::Result;
using core::Status;
using nlohmann::json;

namespace {

Status CreateProfile(const jobs::Job& job, store::Tx& tx, const core::Clock& clock) {
  const json& p = job.payload;
  int64_t employee_id = p.value("employee_id", int64_t(0));
  std::string from = p.value("effective_from", "");
  HF_ASSIGN(store::Rows e, tx.Query("SELECT 1 FROM employees WHERE id = ?", {employee_id}));
  if (e.empty()) return {};  // deleted meanwhile
  HF_ASSIGN(store::Rows dup, tx.Query("SELECT 1 FROM employee_compensation WHERE employee_id = ? AND effective_from = ?", {employee_id, from}));
  if (!dup.empty()) return {};  // a retried job, or HR was faster
  // Acts as the person who completed the checklist, or the first administrator when the new hire did.
  std::optional<int64_t> actor;
  if (p.contains("actor_user_id") && p["actor_user_id"].is_number_integer()) actor = p["actor_user_id"].get<int64_t>();
  if (!actor) {
    HF_ASSIGN(store::Rows a, tx.Query("SELECT id FROM users WHERE role = 'admin' ORDER BY id LIMIT 1"));
    if (a.empty()) return core::Error::Internal("no administrator to record the payroll profile");
    actor = a[0].Int("id");
  }
  auth::Principal who{*actor, "hiring", auth::Role::kHr, {}, {}, false};
  org::Env env{tx, who, clock, "job-" + std::to_string(job.id), nullptr};
  HF_ASSIGN(json created, CreateCompensation(env, employee_id,
                                             {{"effective_from", from}, {"monthly_salary", p.value("monthly_salary", "0")},
                                              {"city", p.value("city", "")}}));
  (void)created;
  return {};
}

}  // namespace

void RegisterHiringJobs(jobs::Queue& queue, store::Db&, const core::Clock& clock) {
  queue.Register("payroll.create_profile", [&clock](const jobs::Job& j, store::Tx& tx) { return CreateProfile(j, tx, clock); });
}

}  // namespace payrollrun
