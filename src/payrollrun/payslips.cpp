// Payslips as people read them (HR, and each employee their own once approved), and the gross-to-net
// preview used when making an offer.
#include <algorithm>
#include <charconv>

#include "payroll/calc.h"
#include "payrollrun/detail.h"

namespace payrollrun {

using core::Error;
using core::Result;
using nlohmann::json;
using store::Rows;
using namespace detail;

namespace {

const char* KindName(payroll::LineKind k) {
  switch (k) {
    case payroll::LineKind::kEarning:
      return "earning";
    case payroll::LineKind::kEmployeeDeduction:
      return "employee_deduction";
    case payroll::LineKind::kEmployerContribution:
      return "employer_contribution";
  }
  return "earning";
}

const payroll::LineLabel* Label(std::string_view code) {
  for (size_t i = 0; i < payroll::kLineCodeCount; ++i) {
    const payroll::LineLabel& l = payroll::Describe(static_cast<payroll::LineCode>(i));
    if (l.code == code) return &l;
  }
  return nullptr;
}

json LinesJson(const std::string& text) {
  json stored = json::parse(text, nullptr, false);
  json out = json::array();
  if (!stored.is_array()) return out;
  for (const json& l : stored) {
    if (!l.is_array() || l.size() != 2 || !l[0].is_string() || !l[1].is_number_integer()) continue;
    std::string code = l[0].get<std::string>();
    const payroll::LineLabel* label = Label(code);
    out.push_back({{"code", code},
                   {"zh", label ? std::string(label->zh) : code},
                   {"en", label ? std::string(label->en) : code},
                   {"kind", label ? KindName(label->kind) : "earning"},
                   {"amount", MoneyText(l[1].get<int64_t>())}});
  }
  return out;
}

constexpr const char* kSelect =
    "SELECT s.id, s.run_id, s.employee_id, s.period, s.city, s.paid_days, s.paid_days_employed, s.gross, "
    "s.employee_contributions, s.income_tax, s.annual_bonus_tax, s.net, s.employer_contributions, s.employer_cost, "
    "s.lines, s.ytd_after, r.status AS run_status, e.employee_no, e.name FROM payslips s "
    "JOIN payroll_runs r ON r.id = s.run_id JOIN employees e ON e.id = s.employee_id";

json Summary(const Rows::Row& r) {
  return {{"id", r.Int("id")},
          {"run_id", r.Int("run_id")},
          {"run_status", r.Str("run_status")},
          {"period", r.Str("period")},
          {"employee_id", r.Int("employee_id")},
          {"employee_no", r.Str("employee_no")},
          {"name", r.Str("name")},
          {"city", r.Str("city")},
          {"paid_days", r.Int("paid_days")},
          {"paid_days_employed", r.Int("paid_days_employed")},
          {"gross_pay", MoneyText(r.Int("gross"))},
          {"employee_contributions", MoneyText(r.Int("employee_contributions"))},
          {"income_tax", MoneyText(r.Int("income_tax"))},
          {"annual_bonus_tax", MoneyText(r.Int("annual_bonus_tax"))},
          {"net_pay", MoneyText(r.Int("net"))},
          {"employer_contributions", MoneyText(r.Int("employer_contributions"))},
          {"employer_cost", MoneyText(r.Int("employer_cost"))}};
}

}  // namespace

Result<json> GetPayslip(Env& env, int64_t id) {
  HF_TRY(RequireOwnPayslipAccess(env.who));
  HF_ASSIGN(Rows r, env.tx.Query(std::string(kSelect) + " WHERE s.id = ?", {id}));
  bool own = !r.empty() && env.who.employee_id && *env.who.employee_id == r[0].Int("employee_id") &&
             r[0].Str("run_status") == "approved";
  if (r.empty() || !(org::IsHrOrAdmin(env.who) || own)) return Error::NotFound("no such payslip");
  json j = Summary(r[0]);
  j["lines"] = LinesJson(r[0].Str("lines"));
  HF_ASSIGN(payroll::CumulativeState ytd, DecodeYtd(r[0].View("ytd_after")));
  j["ytd"] = YtdJson(ytd);
  return j;
}

Result<ListResult> ListMyPayslips(Env& env, const Page& page) {
  HF_TRY(RequireOwnPayslipAccess(env.who));
  ListResult out;
  if (!env.who.employee_id) return out;
  int64_t me = *env.who.employee_id;
  HF_ASSIGN(Rows n, env.tx.Query("SELECT count(*) AS n FROM payslips s JOIN payroll_runs r ON r.id = s.run_id "
                                 "WHERE s.employee_id = ? AND r.status = 'approved'",
                                 {me}));
  out.total = n[0].Int("n");
  HF_ASSIGN(Rows r, env.tx.Query(std::string(kSelect) +
                                     " WHERE s.employee_id = ? AND r.status = 'approved' ORDER BY s.period DESC "
                                     "LIMIT ? OFFSET ?",
                                 {me, page.limit, page.offset}));
  for (auto row : r) out.items.push_back(Summary(row));
  return out;
}

Result<json> PreviewPayslip(const core::Clock& clock, const json& body) {
  if (!body.is_object()) return Error::Invalid("body", "the body must be a JSON object");
  for (auto it = body.begin(); it != body.end(); ++it) {
    static const char* kKeys[] = {"monthly_salary", "city", "month", "housing_fund_rate",
                                  "special_additional_deduction"};
    if (std::find(std::begin(kKeys), std::end(kKeys), it.key()) == std::end(kKeys))
      return Error::Invalid(it.key(), it.key() + ": unknown field");
  }
  auto city_it = body.find("city");
  if (city_it == body.end() || !city_it->is_string()) return Error::Invalid("city", "city: required");
  HF_ASSIGN(std::string city, KnownCity(city_it->get<std::string>(), "city"));
  std::string month_text = core::FormatInstant(clock.Now()).substr(0, 7);
  if (auto m = body.find("month"); m != body.end() && !m->is_null()) {
    if (!m->is_string()) return Error::Invalid("month", "month must be YYYY-MM");
    month_text = m->get<std::string>();
  }
  HF_ASSIGN(Period period, ParsePeriod(month_text, "month"));
  // A new hire from the 1st: a full month, the first month of the tax year at this employer.
  json in = {{"city", city}, {"year", period.year}, {"month", period.month}, {"hire_date", period.First().ToString()}};
  for (const char* k : {"monthly_salary", "housing_fund_rate", "special_additional_deduction"})
    if (body.contains(k)) in[k] = body[k];
  auto out = payroll::RunPayrollCalc("payslip", in);
  if (!out.ok()) {
    Error e = out.error();
    if (e.field == "year") e.field = "month";
    return e;
  }
  json j = std::move(out).value();
  j["city"] = city;
  j["month"] = period.text;
  return j;
}

}  // namespace payrollrun
