// Post-hire adjustment suggestions: rules over each hire's interview evidence and performance
// reviews propose a raise, kept pending with its reasons until HR approves (a new compensation row
// from the first day of next month, via payrollrun) or rejects it with a reason. Every step audited.
#include <cmath>
#include <cstdio>

#include "analytics/detail.h"
#include "core/date.h"
#include "payrollrun/payrollrun.h"

namespace analytics {

using core::Error;
using core::Result;
using core::Status;
using nlohmann::json;
using store::Rows;

namespace {

struct Rule {
  const char* name;
  double percent;
  double min_interview;
  int horizon;           // months after hire of the review
  double min_rating;     // 0..100 of the scale; 0 = any rating that met expectations
};
// The default rules (docs/analytics.md): strong interview evidence confirmed by a good review.
constexpr Rule kRules[] = {
    {"interview_85_met_3_months", 10.0, 85.0, 3, 0.0},
    {"interview_75_strong_6_months", 5.0, 75.0, 6, 80.0},
};

const char* kCols = "s.id, s.employee_id, s.rule, s.kind, s.percent, s.reasons, s.status, s.period_end, s.decided_by, s.decided_at, "
                    "s.decision_reason, s.compensation_id, s.version, s.created_at, s.updated_at, e.name AS employee_name, "
                    "e.employee_no";

json RowJson(const Rows::Row& r) {
  json reasons = json::parse(r.Str("reasons"), nullptr, false);
  return {{"id", r.Int("id")}, {"employee_id", r.Int("employee_id")}, {"employee_name", r.Str("employee_name")},
          {"employee_no", r.Str("employee_no")}, {"rule", r.Str("rule")}, {"kind", r.Str("kind")},
          {"percent", r.Double("percent")}, {"reasons", reasons.is_discarded() ? json::array() : reasons},
          {"status", r.Str("status")}, {"review", r.Str("period_end")},
          {"decided_by", r.IsNull("decided_by") ? json(nullptr) : json(r.Int("decided_by"))},
          {"decided_at", r.OptStr("decided_at") ? json(*r.OptStr("decided_at")) : json(nullptr)},
          {"decision_reason", r.OptStr("decision_reason") ? json(*r.OptStr("decision_reason")) : json(nullptr)},
          {"compensation_id", r.IsNull("compensation_id") ? json(nullptr) : json(r.Int("compensation_id"))},
          {"version", r.Int("version")}, {"created_at", r.Str("created_at")}, {"updated_at", r.Str("updated_at")}};
}

Result<json> Load(store::Tx& tx, int64_t id) {
  HF_ASSIGN(Rows r, tx.Query(std::string("SELECT ") + kCols +
                                 " FROM adjustment_suggestions s JOIN employees e ON e.id = s.employee_id WHERE s.id = ?",
                             {id}));
  if (r.empty()) return Error::NotFound("no such suggestion");
  return RowJson(r[0]);
}

// "12345.67" -> fen; nullopt when not a plain decimal with at most two decimals.
std::optional<int64_t> Fen(const std::string& s) {
  int64_t whole = 0, frac = 0;
  int digits = 0;
  size_t i = 0;
  if (s.empty()) return std::nullopt;
  for (; i < s.size() && std::isdigit((unsigned char)s[i]); ++i) whole = whole * 10 + (s[i] - '0');
  if (i < s.size()) {
    if (s[i] != '.') return std::nullopt;
    for (++i; i < s.size(); ++i) {
      if (!std::isdigit((unsigned char)s[i]) || ++digits > 2) return std::nullopt;
      frac = frac * 10 + (s[i] - '0');
    }
  }
  if (digits == 1) frac *= 10;
  return whole * 100 + frac;
}

std::string Yuan(int64_t fen) {
  char b[40];
  std::snprintf(b, sizeof b, "%lld.%02lld", (long long)(fen / 100), (long long)(fen % 100));
  return b;
}

std::string Num(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f", v);
  return b;
}

}  // namespace

Result<json> GenerateSuggestions(Env& env) {
  HF_TRY(RequireAuditReader(env.who));
  HF_ASSIGN(Rows hires, env.tx.Query("SELECT h.employee_id, h.hire_date, h.interview_total, h.r3, h.m3, h.r6, h.m6 FROM "
                                     "analytics_hire_facts h JOIN employees e ON e.id = h.employee_id WHERE e.status <> 'terminated' "
                                     "AND h.interview_total IS NOT NULL"));
  int created = 0;
  std::string now = core::FormatInstant(env.clock.Now());
  for (auto h : hires) {
    for (const Rule& rule : kRules) {
      const char* rc = rule.horizon == 3 ? "r3" : "r6";
      const char* mc = rule.horizon == 3 ? "m3" : "m6";
      double total = h.Double("interview_total");
      if (total < rule.min_interview || h.IsNull(mc) || h.Int(mc) != 1) continue;
      double rating = h.Double(rc);
      if (rating < rule.min_rating) continue;
      std::string review = std::to_string(rule.horizon) + " months after " + h.Str("hire_date");
      json reasons = {"interview total " + Num(total) + " >= " + Num(rule.min_interview),
                      std::to_string(rule.horizon) + "-month review met expectations (rating " + Num(rating) + " of 100)"};
      if (rule.min_rating > 0) reasons.push_back("rating >= " + Num(rule.min_rating));
      reasons.push_back("suggest a " + Num(rule.percent) + "% raise of the monthly salary");
      HF_ASSIGN(Rows ins, env.tx.Query("INSERT INTO adjustment_suggestions(employee_id, rule, kind, percent, reasons, status, "
                                       "period_end, created_at, updated_at) VALUES (?, ?, 'raise', ?, ?, 'pending', ?, ?, ?) "
                                       "ON CONFLICT(employee_id, rule, period_end) DO NOTHING RETURNING id",
                                       {h.Int("employee_id"), rule.name, rule.percent, reasons.dump(), review, now, now}));
      if (ins.empty()) continue;
      ++created;
      int64_t id = ins[0].Int("id");
      HF_TRY(org::AuditChange(env.tx, &env.who, env.clock, env.request_id, "create", "adjustment_suggestion", std::to_string(id),
                              nullptr, {{"employee_id", h.Int("employee_id")}, {"rule", rule.name}, {"percent", rule.percent}},
                              "adjustment suggestion #" + std::to_string(id)));
    }
  }
  return json{{"created", created}};
}

Result<org::ListResult> ListSuggestions(Env& env, const std::optional<std::string>& status, const org::Page& page) {
  HF_TRY(RequireAuditReader(env.who));
  std::string where = " WHERE 1=1";
  store::Params p;
  if (status && !status->empty()) {
    if (*status != "pending" && *status != "approved" && *status != "rejected")
      return Error::Invalid("status", "status is pending, approved or rejected");
    where += " AND s.status = ?";
    p.push_back(*status);
  }
  org::ListResult out;
  const std::string from = " FROM adjustment_suggestions s JOIN employees e ON e.id = s.employee_id";
  HF_ASSIGN(Rows n, env.tx.Query("SELECT COUNT(*) AS n" + from + where, p));
  out.total = n[0].Int("n");
  p.push_back(page.limit);
  p.push_back(page.offset);
  HF_ASSIGN(Rows r, env.tx.Query(std::string("SELECT ") + kCols + from + where + " ORDER BY s.id DESC LIMIT ? OFFSET ?", p));
  for (auto row : r) out.items.push_back(RowJson(row));
  return out;
}

namespace {
Result<json> Pending(Env& env, int64_t id, const json& body) {
  HF_ASSIGN(int64_t version, org::RequireVersion(body));
  HF_ASSIGN(json s, Load(env.tx, id));
  if (s["version"].get<int64_t>() != version) return org::VersionConflict("the suggestion");
  if (s["status"] != "pending") return Error::Conflict("the suggestion was already " + s["status"].get<std::string>(), "already_decided");
  return s;
}
}  // namespace

Result<json> ApproveSuggestion(Env& env, int64_t id, const json& body) {
  HF_TRY(RequireAuditReader(env.who));
  HF_TRY(org::OnlyKeys(body, {"version", "effective_from"}));
  HF_ASSIGN(json before, Pending(env, id, body));
  core::Date today = core::Date::FromDays(std::chrono::floor<std::chrono::days>(env.clock.Now()).time_since_epoch().count());
  core::Date from = core::Date(today.year(), today.month(), 1).AddMonths(1);
  if (body.contains("effective_from")) {
    if (!body["effective_from"].is_string()) return Error::Invalid("effective_from", "effective_from is a date YYYY-MM-DD");
    HF_ASSIGN(from, core::Date::Parse(body["effective_from"].get<std::string>(), "effective_from"));
  }
  int64_t emp = before["employee_id"];
  HF_ASSIGN(json history, payrollrun::ListCompensation(env, emp));
  json latest;
  for (const auto& c : history["items"])
    if (c["effective_from"].get<std::string>() <= from.ToString()) {
      latest = c;
      break;
    }
  if (latest.is_null())
    return Error::Conflict("the employee has no pay terms on " + from.ToString() + " to raise", "no_compensation");
  auto fen = Fen(latest["monthly_salary"].get<std::string>());
  if (!fen) return Error::Internal("unreadable monthly salary");
  int64_t bp = std::llround(before["percent"].get<double>() * 100);  // basis points
  int64_t raised = (*fen * (10000 + bp) + 5000) / 10000;             // to the fen, half up
  json terms = latest;
  for (const char* k : {"id", "employee_id", "version", "created_at", "updated_at"}) terms.erase(k);
  terms["effective_from"] = from.ToString();
  terms["monthly_salary"] = Yuan(raised);
  HF_ASSIGN(json comp, payrollrun::CreateCompensation(env, emp, terms));
  std::string now = core::FormatInstant(env.clock.Now());
  HF_TRY(env.tx.Exec("UPDATE adjustment_suggestions SET status = 'approved', decided_by = ?, decided_at = ?, compensation_id = ?, "
                     "version = version + 1, updated_at = ? WHERE id = ?",
                     {env.who.user_id, now, comp["id"].get<int64_t>(), now, id}));
  HF_ASSIGN(json after, Load(env.tx, id));
  HF_TRY(org::AuditChange(env.tx, &env.who, env.clock, env.request_id, "approve", "adjustment_suggestion", std::to_string(id),
                          {{"status", "pending"}}, {{"status", "approved"}, {"compensation_id", comp["id"]}},
                          "adjustment suggestion #" + std::to_string(id)));
  after["compensation"] = comp;
  return after;
}

Result<json> RejectSuggestion(Env& env, int64_t id, const json& body) {
  HF_TRY(RequireAuditReader(env.who));
  HF_TRY(org::OnlyKeys(body, {"version", "reason"}));
  HF_ASSIGN(auto reason, org::OptText(body, "reason", 1000));
  if (!reason || reason->empty()) return Error::Invalid("reason", "a reason is required to reject a suggestion");
  HF_ASSIGN(json before, Pending(env, id, body));
  std::string now = core::FormatInstant(env.clock.Now());
  HF_TRY(env.tx.Exec("UPDATE adjustment_suggestions SET status = 'rejected', decided_by = ?, decided_at = ?, decision_reason = ?, "
                     "version = version + 1, updated_at = ? WHERE id = ?",
                     {env.who.user_id, now, *reason, now, id}));
  HF_ASSIGN(json after, Load(env.tx, id));
  HF_TRY(org::AuditChange(env.tx, &env.who, env.clock, env.request_id, "reject", "adjustment_suggestion", std::to_string(id),
                          {{"status", "pending"}}, {{"status", "rejected"}, {"reason", *reason}},
                          "adjustment suggestion #" + std::to_string(id)));
  return after;
}

}  // namespace analytics
