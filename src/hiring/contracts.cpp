// Labour contracts of employees: the chain of an employee's contracts and its renewal by HR (a new
// fixed term or an open-ended contract, stored as a new row linked to the previous one). The daily
// scan (work.cpp) then raises fixed_term_ending / open_ended_due on the current contract of each
// employee; a renewed contract no longer raises anything.
#include "hiring/detail.h"

namespace hiring {

using core::Error;
using core::Money;
using core::Result;
using nlohmann::json;
using store::Rows;
using namespace detail;

namespace {

json ContractRow(const store::Rows::Row& c) {
  return {{"id", c.Int("id")},
          {"employee_id", c.OptInt("employee_id")},
          {"employee_name", c.OptStr("employee_name")},
          {"employee_no", c.OptStr("employee_no")},
          {"onboarding_id", c.OptInt("onboarding_id")},
          {"previous_contract_id", c.OptInt("previous_contract_id")},
          {"contract_type", c.Str("contract_type")},
          {"term_months", c.OptInt("term_months")},
          {"start_date", c.Str("start_date")},
          {"end_date", c.OptStr("end_date")},
          {"probation_months", c.Int("probation_months")},
          {"monthly_salary", Money::Fen(c.Int("monthly_salary")).ToString()},
          {"city", c.Str("city")},
          {"fixed_term_sequence", c.Int("fixed_term_sequence")},
          {"status", c.Str("status")},
          {"signed_at", c.OptStr("signed_at")},
          {"body_text", c.Str("body_text")},
          {"version", c.Int("version")},
          {"created_at", c.Str("created_at")}};
}

const char* kSelect =
    "SELECT k.*, e.name AS employee_name, e.employee_no FROM labour_contracts k LEFT JOIN employees e ON e.id = k.employee_id";

Result<json> ContractById(store::Tx& tx, int64_t id) {
  HF_ASSIGN(Rows r, tx.Query(std::string(kSelect) + " WHERE k.id = ?", {id}));
  if (r.empty()) return Error::NotFound("no such labour contract");
  return ContractRow(r[0]);
}

std::string RenewalText(bool zh, const std::string& name, const std::string& type, std::optional<int64_t> term, const std::string& start,
                        const std::optional<std::string>& end, Money monthly, int64_t previous_id) {
  std::string t;
  if (zh) {
    t = "劳动合同续订书\n\n甲方（用人单位）：本公司\n乙方（劳动者）：" + name + "\n\n";
    t += "双方协商一致，续订劳动合同（原合同编号 " + std::to_string(previous_id) + "）。\n";
    t += type == "open_ended" ? "一、合同期限：无固定期限，自" + start + "起。\n"
                              : "一、合同期限：" + std::to_string(*term) + "个月，自" + start + "起至" + end.value_or("") + "止。\n";
    t += "二、劳动报酬：月工资（税前）人民币" + monthly.ToString() + "元。续订合同不再约定试用期（劳动合同法第19条）。\n";
    t += "三、原合同其他条款继续有效；其他事项依照《中华人民共和国劳动合同法》执行。\n";
  } else {
    t = "Labour contract renewal\n\nEmployer: the Company\nEmployee: " + name + "\n\n";
    t += "The parties agree to renew the labour contract (previous contract no. " + std::to_string(previous_id) + ").\n";
    t += type == "open_ended" ? "1. Term: open-ended, from " + start + ".\n"
                              : "1. Term: " + std::to_string(*term) + " months, from " + start + " to " + end.value_or("") + ".\n";
    t += "2. Pay: monthly salary CNY " + monthly.ToString() + " before tax. No probation in a renewed contract (Labour Contract Law art. 19).\n";
    t += "3. The other terms of the previous contract continue; everything else follows the Labour Contract Law of the PRC.\n";
  }
  return t;
}

}  // namespace

Result<ListResult> ListContracts(Env& env, std::optional<int64_t> employee_id, bool current_only, const Page& page) {
  HF_TRY(RequireHr(env.who));
  std::string where = " WHERE k.employee_id IS NOT NULL";
  store::Params params;
  if (employee_id) {
    where += " AND k.employee_id = ?";
    params.push_back(*employee_id);
  }
  if (current_only) where += " AND k.status <> 'renewed'";
  HF_ASSIGN(Rows n, env.tx.Query("SELECT COUNT(*) AS n FROM labour_contracts k" + where, params));
  params.push_back(page.limit);
  params.push_back(page.offset);
  HF_ASSIGN(Rows r, env.tx.Query(std::string(kSelect) + where + " ORDER BY k.employee_id, k.start_date DESC, k.id DESC LIMIT ? OFFSET ?", params));
  ListResult out;
  out.total = n[0].Int("n");
  for (const auto& c : r) out.items.push_back(ContractRow(c));
  return out;
}

Result<json> RenewContract(Env& env, int64_t contract_id, const json& body) {
  HF_TRY(RequireHr(env.who));
  HF_ASSIGN(Rows r, env.tx.Query(std::string(kSelect) + " WHERE k.id = ?", {contract_id}));
  if (r.empty()) return Error::NotFound("no such labour contract");
  HF_TRY(OnlyKeys(body, {"contract_type", "term_months", "start_date", "monthly_salary", "language", "note", "version"}));
  HF_ASSIGN(int64_t version, RequireVersion(body));
  const auto& p = r[0];
  // Input first (the caller learns every field problem before the state conflicts).
  HF_ASSIGN(auto type, OptText(body, "contract_type", 20));
  if (!type || (*type != "fixed" && *type != "open_ended"))
    return Error::Invalid("contract_type", "contract_type is fixed or open_ended (a renewal is not task-based)");
  std::optional<int64_t> term;
  if (*type == "fixed") {
    if (!body.contains("term_months") || !body["term_months"].is_number_integer() || body["term_months"].get<int64_t>() < 1 ||
        body["term_months"].get<int64_t>() > 120)
      return Error::Invalid("term_months", "a fixed term is 1 to 120 months");
    term = body["term_months"].get<int64_t>();
  } else if (body.contains("term_months") && !body["term_months"].is_null()) {
    return Error::Invalid("term_months", "an open-ended contract has no term");
  }
  HF_ASSIGN(Rows emp, env.tx.Query("SELECT id, name FROM employees WHERE id = ?", {p.OptInt("employee_id").value_or(0)}));
  if (p.IsNull("employee_id") || emp.empty())
    return Error::Conflict("only an employee's contract can be renewed (this one belongs to an onboarding not yet complete)", "not_employed");
  if (p.Str("status") == "renewed") return Error::Conflict("this contract was already renewed; renew the current one", "already_renewed");
  if (p.Str("status") != "signed") return Error::Conflict("the contract is not signed yet", "not_signed");
  if (p.Int("version") != version) return VersionConflict("labour contract");
  HF_ASSIGN(core::Date prev_start, core::Date::Parse(p.Str("start_date")));
  HF_ASSIGN(auto start_text, OptText(body, "start_date", 10));
  core::Date start;
  if (start_text) {
    HF_ASSIGN(start, core::Date::Parse(*start_text, "start_date"));
  } else if (!p.IsNull("end_date")) {
    HF_ASSIGN(core::Date prev_end, core::Date::Parse(p.Str("end_date")));
    start = prev_end.AddDays(1);
  } else {
    return Error::Invalid("start_date", "start_date is required (the current contract has no end date)");
  }
  if (!(prev_start < start)) return Error::Invalid("start_date", "the renewal must start after the current contract's start " + prev_start.ToString());
  Money monthly = Money::Fen(p.Int("monthly_salary"));
  if (body.contains("monthly_salary") && !body["monthly_salary"].is_null()) {
    HF_ASSIGN(monthly, Money::FromJson(body["monthly_salary"], "monthly_salary"));
    if (monthly.fen() <= 0) return Error::Invalid("monthly_salary", "monthly_salary must be positive");
  }
  HF_ASSIGN(auto lang, OptText(body, "language", 8));
  if (lang && *lang != "zh-CN" && *lang != "en") return Error::Invalid("language", "language is zh-CN or en");
  bool zh = lang ? *lang == "zh-CN" : p.Str("body_text").find("劳动合同") != std::string::npos || p.Str("body_text").empty();
  HF_ASSIGN(auto note, OptText(body, "note", 2000));

  std::optional<std::string> end;
  if (term) end = start.AddMonths(static_cast<int>(*term)).AddDays(-1).ToString();
  // Consecutive fixed terms count (劳动合同法第14条第2款第3项): fixed after fixed is the next in the sequence.
  int64_t sequence = *type == "fixed" ? (p.Str("contract_type") == "fixed" ? p.Int("fixed_term_sequence") + 1 : 1) : p.Int("fixed_term_sequence");
  std::string now = Now(env.clock);
  std::string text = RenewalText(zh, emp[0].Str("name"), *type, term, start.ToString(), end, monthly, contract_id);
  json signature = {{"provider", "hr_recorded"}, {"recorded_by", env.who.user_id}, {"recorded_at", now}, {"note", note.value_or("")}};
  HF_ASSIGN(int64_t n, env.tx.Exec("UPDATE labour_contracts SET status = 'renewed', version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
                                   {now, contract_id, version}));
  if (n != 1) return VersionConflict("labour contract");
  HF_ASSIGN(Rows ins, env.tx.Query("INSERT INTO labour_contracts(employee_id, previous_contract_id, contract_type, term_months, start_date, end_date, "
                                   "probation_months, probation_end, monthly_salary, probation_salary, city, fixed_term_sequence, body_text, status, "
                                   "signed_at, signature, created_at, updated_at) "
                                   "VALUES (?, ?, ?, ?, ?, ?, 0, NULL, ?, ?, ?, ?, ?, 'signed', ?, ?, ?, ?) RETURNING id",
                                   {emp[0].Int("id"), contract_id, *type, term, start.ToString(), end, monthly.fen(), monthly.fen(), p.Str("city"),
                                    sequence, text, now, signature.dump(), now, now}));
  int64_t id = ins[0].Int("id");
  HF_TRY(Audit(env.tx, &env.who, env.clock, env.request_id, "renew", "labour_contract", contract_id, {{"status", p.Str("status")}},
               {{"status", "renewed"}, {"renewed_by_contract_id", id}}, emp[0].Str("name")));
  HF_TRY(Audit(env.tx, &env.who, env.clock, env.request_id, "create", "labour_contract", id, nullptr,
               {{"employee_id", emp[0].Int("id")}, {"previous_contract_id", contract_id}, {"contract_type", *type}, {"term_months", term},
                {"start_date", start.ToString()}, {"end_date", end}, {"monthly_salary", monthly.ToString()}, {"fixed_term_sequence", sequence},
                {"note", note.value_or("")}},
               emp[0].Str("name")));
  return ContractById(env.tx, id);
}

}  // namespace hiring
