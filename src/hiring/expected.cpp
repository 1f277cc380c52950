// The candidate's expected monthly salary on an application (applications.expected_monthly_salary,
// read by payroll's offer pricing to compare with the market), recorded by HR from the offer editor.
#include "hiring/detail.h"

namespace hiring {

using core::Error;
using core::Money;
using core::Result;
using nlohmann::json;
using store::Rows;
using namespace detail;

Result<json> SetExpectedSalary(Env& env, int64_t application_id, const json& body) {
  HF_TRY(RequireHr(env.who));
  HF_ASSIGN(Rows a, AppInScope(env, application_id));
  HF_TRY(OnlyKeys(body, {"expected_monthly_salary"}));
  if (!body.contains("expected_monthly_salary"))
    return Error::Invalid("expected_monthly_salary", "expected_monthly_salary is required (null clears it)");
  std::optional<int64_t> fen;
  const json& v = body["expected_monthly_salary"];
  if (!v.is_null() && !(v.is_string() && v.get<std::string>().empty())) {
    HF_ASSIGN(Money m, Money::FromJson(v, "expected_monthly_salary"));
    if (m.fen() <= 0) return Error::Invalid("expected_monthly_salary", "expected_monthly_salary must be above 0");
    if (m.fen() > 100'000'000'00) return Error::Invalid("expected_monthly_salary", "expected_monthly_salary is implausibly large");
    fen = m.fen();
  }
  auto text = [](std::optional<int64_t> f) { return f ? json(Money::Fen(*f).ToString()) : json(nullptr); };
  std::optional<int64_t> before = a[0].OptInt("expected_monthly_salary");
  if (before != fen) {
    HF_TRY(env.tx.Exec("UPDATE applications SET expected_monthly_salary = ? WHERE id = ?", {fen, application_id}));
    HF_TRY(Audit(env.tx, &env.who, env.clock, env.request_id, "update", "application", application_id,
                 {{"expected_monthly_salary", text(before)}}, {{"expected_monthly_salary", text(fen)}}, a[0].Str("candidate_name")));
  }
  return json{{"application_id", application_id}, {"expected_monthly_salary", text(fen)}};
}

}  // namespace hiring
