// Labour contracts of employees: the chain of an employee's contracts and its renewal by HR (a new
// fixed term or an open-ended contract, stored as a new row linked to the previous one). The daily
// scan (work.cpp) then raises fixed_term_ending / open_ended_due on the current contract of each
// employee; a renewed contract no longer raises anything.
#include <algorithm>
#include <map>

#include "hiring/detail.h"
#include "hiring/labour_law.h"

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


// ---- Existing contracts recorded by HR (employees hired outside onboarding, e.g. imported) ---------

namespace {

// The probation rules in force on a date (the last version when none matches).
const ProbationRules& ProbationRulesOn(core::Date on) {
  const auto& all = BuiltinProbationRules();
  for (const auto& v : all)
    if (v.effective_from <= on && (!v.effective_to || on <= *v.effective_to)) return v;
  return all.back();
}

Result<std::optional<core::Date>> OptDate(const json& body, const char* field) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null() || (it->is_string() && it->get<std::string>().empty())) return std::optional<core::Date>();
  if (!it->is_string()) return Error::Invalid(field, std::string(field) + " is a date (YYYY-MM-DD)");
  HF_ASSIGN(core::Date d, core::Date::Parse(it->get<std::string>(), field));
  return std::optional<core::Date>(d);
}

Result<std::optional<Money>> OptAmount(const json& body, const char* field) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null() || (it->is_string() && it->get<std::string>().empty())) return std::optional<Money>();
  HF_ASSIGN(Money m, Money::FromJson(*it, field));
  if (m.fen() <= 0) return Error::Invalid(field, std::string(field) + " must be above 0");
  if (m.fen() > 1'000'000'00) return Error::Invalid(field, std::string(field) + " is at most 1000000.00 yuan a month");
  return std::optional<Money>(m);
}

}  // namespace

Result<json> RecordContract(Env& env, const json& body) {
  HF_TRY(RequireHr(env.who));
  HF_TRY(OnlyKeys(body, {"employee_id", "contract_type", "start_date", "end_date", "probation_end", "signed_on", "monthly_salary",
                         "probation_salary", "city", "fixed_term_sequence", "note"}));
  // Input first: every field problem before any state conflict.
  auto eid = body.find("employee_id");
  if (eid == body.end() || !eid->is_number_integer() || eid->get<int64_t>() <= 0) return Error::Invalid("employee_id", "employee_id is required");
  int64_t employee_id = eid->get<int64_t>();
  HF_ASSIGN(auto type, OptText(body, "contract_type", 20));
  if (!type || (*type != "fixed" && *type != "open_ended")) return Error::Invalid("contract_type", "contract_type is fixed or open_ended");
  bool fixed = *type == "fixed";
  HF_ASSIGN(auto start_opt, OptDate(body, "start_date"));
  if (!start_opt) return Error::Invalid("start_date", "start_date is required");
  core::Date start = *start_opt;
  HF_ASSIGN(auto end, OptDate(body, "end_date"));
  if (fixed && !end) return Error::Invalid("end_date", "a fixed-term contract needs its end_date");
  if (!fixed && end) return Error::Invalid("end_date", "an open-ended contract has no end date");
  if (end && !(start < *end)) return Error::Invalid("end_date", "end_date must be after start_date " + start.ToString());
  HF_ASSIGN(auto probation_end, OptDate(body, "probation_end"));
  if (probation_end && *probation_end < start) return Error::Invalid("probation_end", "probation_end must not be before start_date");
  if (probation_end && end && !(*probation_end < *end)) return Error::Invalid("probation_end", "probation_end must be before end_date");
  HF_ASSIGN(auto signed_on, OptDate(body, "signed_on"));
  if (!signed_on) return Error::Invalid("signed_on", "signed_on (the date the contract was signed) is required");
  core::Date today = Today(env.clock);
  if (today < *signed_on) return Error::Invalid("signed_on", "signed_on must not be in the future");
  HF_ASSIGN(auto monthly_in, OptAmount(body, "monthly_salary"));
  HF_ASSIGN(auto probation_salary_in, OptAmount(body, "probation_salary"));
  HF_ASSIGN(auto city_in, OptText(body, "city", 100));
  HF_ASSIGN(auto note, OptText(body, "note", 2000));
  std::optional<int64_t> sequence_in;
  if (body.contains("fixed_term_sequence") && !body["fixed_term_sequence"].is_null()) {
    const json& v = body["fixed_term_sequence"];
    if (!v.is_number_integer() || v.get<int64_t>() < 1 || v.get<int64_t>() > 20)
      return Error::Invalid("fixed_term_sequence", "fixed_term_sequence is 1 to 20");
    sequence_in = v.get<int64_t>();
  }

  // Term and probation in whole months, as the rules count them: the term is the number of full
  // months from the start to the end date; a probation that runs into a month counts that month.
  std::optional<int64_t> term;
  if (end) {
    int64_t n = 0;
    while (n < 1200 && !(*end < start.AddMonths(static_cast<int>(n + 1)).AddDays(-1))) ++n;
    term = n;
  }
  int64_t probation_months = 0;
  if (probation_end) {
    probation_months = 1;
    while (probation_months < 121 && start.AddMonths(static_cast<int>(probation_months)).AddDays(-1) < *probation_end) ++probation_months;
    if (term && *term < 1)
      return Error::Invalid("probation_end", "no probation may be agreed in a contract shorter than a month (劳动合同法第十九条)");
  }

  HF_ASSIGN(Rows emp, env.tx.Query("SELECT id, name, hire_date FROM employees WHERE id = ?", {employee_id}));
  if (emp.empty()) return Error::Invalid("employee_id", "no such employee");
  // Pay and city from the contract, else from the employee's compensation record in force at the start.
  HF_ASSIGN(Rows comp, env.tx.Query("SELECT monthly_salary, city FROM employee_compensation WHERE employee_id = ? "
                                    "ORDER BY CASE WHEN effective_from <= ? THEN 0 ELSE 1 END, "
                                    "CASE WHEN effective_from <= ? THEN effective_from END DESC, effective_from LIMIT 1",
                                    {employee_id, start.ToString(), start.ToString()}));
  std::optional<Money> monthly = monthly_in;
  if (!monthly && !comp.empty()) monthly = Money::Fen(comp[0].Int("monthly_salary"));
  if (!monthly)
    return Error::Invalid("monthly_salary", "monthly_salary is required (the employee has no compensation record to take it from)");
  Money probation_salary = probation_salary_in.value_or(*monthly);
  if (*monthly < probation_salary) return Error::Invalid("probation_salary", "probation_salary must not exceed monthly_salary");
  std::string city = city_in && !city_in->empty() ? *city_in : comp.empty() ? "" : comp[0].Str("city");

  // The employee's chain: the new contract must not overlap any, and must be the newest.
  HF_ASSIGN(Rows chain, env.tx.Query("SELECT id, contract_type, start_date, end_date, probation_months, fixed_term_sequence, status "
                                     "FROM labour_contracts WHERE employee_id = ? ORDER BY start_date DESC, id DESC",
                                     {employee_id}));
  bool prior_probation = false;
  for (const auto& k : chain) {
    HF_ASSIGN(core::Date ks, core::Date::Parse(k.Str("start_date")));
    std::optional<core::Date> ke;
    if (!k.IsNull("end_date")) {
      HF_ASSIGN(ke, core::Date::Parse(k.Str("end_date")));
    }
    bool overlaps = (!ke || !(*ke < start)) && (!end || !(*end < ks));
    if (overlaps) {
      Error e = Error::Conflict("the contract overlaps contract #" + k.Str("id") + " (" + ks.ToString() + " – " +
                                    (ke ? ke->ToString() : std::string("open-ended")) + ")",
                                "contract_overlap");
      e.field = "start_date";
      return e;
    }
    if (start < ks) {
      Error e = Error::Conflict("record an employee's contracts oldest first: contract #" + k.Str("id") + " starts later, on " + ks.ToString(),
                                "contract_out_of_order");
      e.field = "start_date";
      return e;
    }
    if (k.Int("probation_months") > 0) prior_probation = true;
  }
  std::optional<Rows::Row> previous;
  if (!chain.empty()) previous = chain[0];
  if (previous && sequence_in)
    return Error::Invalid("fixed_term_sequence", "fixed_term_sequence follows from the previous contract #" + previous->Str("id"));

  // Probation terms (劳动合同法第19条, 第20条) by the same rules as offers and the daily scan.
  ProbationTerms pt;
  pt.contract_type = fixed ? ContractType::kFixed : ContractType::kOpenEnded;
  pt.contract_term_months = term;
  pt.probation_months = probation_months;
  pt.contract_wage = *monthly;
  pt.probation_wage = probation_salary;
  pt.local_min_wage = MinimumWage(city, start);
  pt.prior_probation_with_same_employer = prior_probation;
  if (!term || *term >= 1) {
    HF_ASSIGN(ProbationCheck check, CheckProbationTerms(pt, ProbationRulesOn(start)));
    if (!check.violations.empty()) {
      const auto& v = check.violations.front();
      std::string field = v.code.rfind("probation_wage", 0) == 0 ? "probation_salary" : "probation_end";
      Error e = Error::Invalid(field, v.explanation);
      return e;
    }
  }

  // Consecutive fixed terms (劳动合同法第14条第2款第3项): fixed after fixed is the next in the sequence.
  int64_t sequence = sequence_in.value_or(1);
  if (previous) {
    if (fixed) sequence = previous->Str("contract_type") == "fixed" ? previous->Int("fixed_term_sequence") + 1 : 1;
    else sequence = previous->Int("fixed_term_sequence");
  }
  std::string now = Now(env.clock);
  // The newer contract supersedes the previous one (its alerts resolve at the next scan).
  if (previous && previous->Str("status") == "signed") {
    HF_ASSIGN(int64_t n, env.tx.Exec("UPDATE labour_contracts SET status = 'renewed', version = version + 1, updated_at = ? "
                                     "WHERE id = ? AND status = 'signed'",
                                     {now, previous->Int("id")}));
    if (n != 1) return VersionConflict("labour contract");
    HF_TRY(Audit(env.tx, &env.who, env.clock, env.request_id, "renew", "labour_contract", previous->Int("id"), {{"status", "signed"}},
                 {{"status", "renewed"}, {"superseded_by", "recorded contract"}}, emp[0].Str("name")));
  }
  std::string text = "劳动合同（已线下签订，由 HR 补录）/ Existing signed labour contract recorded by HR\n" + emp[0].Str("name") + ": " +
                     (fixed ? "固定期限 / fixed term " + start.ToString() + " – " + end->ToString()
                            : "无固定期限 / open-ended from " + start.ToString()) +
                     "\n签订日期 / signed on " + signed_on->ToString() + (note && !note->empty() ? "\n" + *note : "");
  json signature = {{"provider", "recorded"}, {"recorded_by", env.who.user_id}, {"recorded_at", now},
                    {"signed_on", signed_on->ToString()}, {"note", note.value_or("")}};
  std::optional<std::string> end_text, probation_text;
  if (end) end_text = end->ToString();
  if (probation_end) probation_text = probation_end->ToString();
  HF_ASSIGN(Rows ins, env.tx.Query("INSERT INTO labour_contracts(employee_id, previous_contract_id, contract_type, term_months, start_date, end_date, "
                                   "probation_months, probation_end, monthly_salary, probation_salary, city, fixed_term_sequence, body_text, status, "
                                   "signed_at, signature, created_at, updated_at) "
                                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'signed', ?, ?, ?, ?) RETURNING id",
                                   {employee_id, previous ? store::Param(previous->Int("id")) : store::Param(std::nullopt), *type, term,
                                    start.ToString(), end_text, probation_months, probation_text, monthly->fen(), probation_salary.fen(), city,
                                    sequence, text, signed_on->ToString() + "T00:00:00Z", signature.dump(), now, now}));
  int64_t id = ins[0].Int("id");
  // A probation still running is the employee's probation: the lifecycle module opens its review
  // from employees.probation_end. A date HR already set is left alone.
  bool sets_probation_end = false;
  if (probation_end && !(*probation_end < today)) {
    HF_ASSIGN(int64_t n, env.tx.Exec("UPDATE employees SET probation_end = ?, version = version + 1, updated_at = ? "
                                     "WHERE id = ? AND probation_end IS NULL",
                                     {*probation_text, now, employee_id}));
    sets_probation_end = n == 1;
  }
  HF_TRY(Audit(env.tx, &env.who, env.clock, env.request_id, "record", "labour_contract", id, nullptr,
               {{"employee_id", employee_id}, {"previous_contract_id", previous ? json(previous->Int("id")) : json(nullptr)},
                {"contract_type", *type}, {"term_months", term}, {"start_date", start.ToString()}, {"end_date", end_text},
                {"probation_end", probation_text}, {"signed_on", signed_on->ToString()}, {"monthly_salary", monthly->ToString()},
                {"city", city}, {"fixed_term_sequence", sequence}, {"note", note.value_or("")},
                {"employee_probation_end_set", sets_probation_end}},
               emp[0].Str("name")));
  HF_ASSIGN(json out, ContractById(env.tx, id));
  out["employee_probation_end_set"] = sets_probation_end;
  out["probation_end"] = probation_text;
  out["signed_on"] = signed_on->ToString();
  return out;
}

Result<json> ImportContractsCsv(Env& env, std::string_view csv, bool dry_run, bool skip_invalid) {
  HF_TRY(RequireHr(env.who));
  HF_ASSIGN(auto rows, org::ParseCsv(csv));
  if (rows.empty()) return Error::Invalid("file", "the CSV file is empty");
  static const std::vector<std::string> kCols = {"employee_no", "contract_type", "start_date", "end_date", "probation_end", "signed_on",
                                                 "monthly_salary", "probation_salary", "city", "fixed_term_sequence", "note"};
  std::map<std::string, size_t> col;
  for (size_t i = 0; i < rows[0].size(); ++i) {
    std::string h = rows[0][i];
    for (auto& ch : h) ch = char(std::tolower(static_cast<unsigned char>(ch)));
    h.erase(0, h.find_first_not_of(' '));
    h.erase(h.find_last_not_of(' ') + 1);
    if (std::find(kCols.begin(), kCols.end(), h) == kCols.end()) return Error::Invalid("header", "unknown column '" + rows[0][i] + "'");
    col[h] = i;
  }
  for (const char* req : {"employee_no", "contract_type", "start_date", "signed_on"})
    if (!col.count(req)) return Error::Invalid("header", std::string("missing required column '") + req + "'");
  json problems = json::array();
  int valid = 0;
  for (size_t r = 1; r < rows.size(); ++r) {
    const auto& cells = rows[r];
    int rowno = static_cast<int>(r);
    if (cells.size() > rows[0].size()) {
      problems.push_back({{"row", rowno}, {"field", "row"}, {"problem", "more cells than header columns"}});
      continue;
    }
    auto cell = [&](const std::string& name) -> std::string {
      auto it = col.find(name);
      if (it == col.end() || it->second >= cells.size()) return {};
      std::string v = cells[it->second];
      size_t a = v.find_first_not_of(" \t"), b = v.find_last_not_of(" \t");
      return a == std::string::npos ? "" : v.substr(a, b - a + 1);
    };
    std::string no = cell("employee_no");
    HF_ASSIGN(Rows e, env.tx.Query("SELECT id FROM employees WHERE employee_no = ?", {no}));
    if (e.empty()) {
      problems.push_back({{"row", rowno}, {"field", "employee_no"}, {"problem", no.empty() ? "employee_no is required" : "no such employee: " + no}});
      continue;
    }
    json body = {{"employee_id", e[0].Int("id")}};
    for (const auto& c : kCols) {
      if (c == "employee_no") continue;
      std::string v = cell(c);
      if (v.empty()) continue;
      if (c == "fixed_term_sequence") {
        try {
          size_t used = 0;
          long long n = std::stoll(v, &used);
          if (used != v.size()) throw std::invalid_argument(v);
          body[c] = n;
        } catch (...) {
          problems.push_back({{"row", rowno}, {"field", c}, {"problem", "fixed_term_sequence is a whole number"}});
          body = nullptr;
          break;
        }
      } else {
        body[c] = v;
      }
    }
    if (body.is_null()) continue;
    // Rows are recorded in file order in the caller's transaction, so a later row sees the earlier
    // ones (an employee's chain in one file); the caller commits only a real, accepted import.
    auto res = RecordContract(env, body);
    if (!res.ok()) {
      if (res.error().code == core::ErrorCode::kInternal) return res.error();
      problems.push_back({{"row", rowno}, {"field", res.error().field.empty() ? "row" : res.error().field}, {"problem", res.error().message}});
      continue;
    }
    ++valid;
  }
  bool refused = !dry_run && !problems.empty() && !skip_invalid;
  return json{{"dry_run", dry_run}, {"total_rows", static_cast<int>(rows.size()) - 1}, {"valid_rows", valid},
              {"imported", dry_run || refused ? 0 : valid}, {"refused", refused}, {"problems", problems}};
}

}  // namespace hiring
