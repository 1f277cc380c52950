// Monthly inputs: one employee's variable pay items of one period (allowances, bonuses, overtime,
// absence, deductions), entered one at a time or imported from CSV. Closed once the period is approved.
#include <set>

#include "core/json_input.h"
#include "payroll/labor.h"
#include "payrollrun/detail.h"

namespace payrollrun {

using core::Error;
using core::Result;
using core::Status;
using nlohmann::json;
using store::Rows;
using namespace detail;

namespace {

constexpr int64_t kMaxAbsenceX100 = 31 * 100;

struct Items {
  int64_t taxable_allowances = 0, tax_free_allowances = 0, bonus = 0, annual_bonus = 0;
  bool annual_bonus_separately = false;
  int64_t weekday_x100 = 0, rest_day_x100 = 0, holiday_x100 = 0, absence_x100 = 0;
  int64_t other_deduction = 0, post_tax_deduction = 0;
  std::string note;
};

// Amount fields: JSON key = CSV column = the member.
constexpr std::pair<const char*, int64_t Items::*> kAmounts[] = {{"taxable_allowances", &Items::taxable_allowances},
                                                                 {"tax_free_allowances", &Items::tax_free_allowances},
                                                                 {"bonus", &Items::bonus},
                                                                 {"annual_bonus", &Items::annual_bonus},
                                                                 {"other_deduction", &Items::other_deduction},
                                                                 {"post_tax_deduction", &Items::post_tax_deduction}};
struct HoursField {
  const char* name;
  int64_t Items::*member;
  int64_t max_x100;
};
constexpr HoursField kHours[] = {{"weekday_overtime_hours", &Items::weekday_x100, payroll::kMaxOvertimeHoursX100},
                                 {"rest_day_overtime_hours", &Items::rest_day_x100, payroll::kMaxOvertimeHoursX100},
                                 {"holiday_overtime_hours", &Items::holiday_x100, payroll::kMaxOvertimeHoursX100},
                                 {"absence_days", &Items::absence_x100, kMaxAbsenceX100}};

json Hundredths(int64_t x100) {
  if (x100 % 100 == 0) return json(x100 / 100);
  return json(double(x100) / 100.0);
}

constexpr const char* kSelect =
    "SELECT i.id, i.period, i.employee_id, e.employee_no, e.name, i.taxable_allowances, i.tax_free_allowances, "
    "i.bonus, "
    "i.annual_bonus, i.annual_bonus_separately, i.weekday_overtime_x100, i.rest_day_overtime_x100, "
    "i.holiday_overtime_x100, i.absence_days_x100, i.other_deduction, i.post_tax_deduction, i.note, i.version, "
    "i.created_at, i.updated_at FROM payroll_inputs i JOIN employees e ON e.id = i.employee_id";

json RowJson(const Rows::Row& r) {
  json j = {{"id", r.Int("id")},
            {"period", r.Str("period")},
            {"employee_id", r.Int("employee_id")},
            {"employee_no", r.Str("employee_no")},
            {"name", r.Str("name")}};
  for (const char* k :
       {"taxable_allowances", "tax_free_allowances", "bonus", "annual_bonus", "other_deduction", "post_tax_deduction"})
    j[k] = MoneyText(r.Int(k));
  j["annual_bonus_separately"] = r.Int("annual_bonus_separately") != 0;
  j["weekday_overtime_hours"] = Hundredths(r.Int("weekday_overtime_x100"));
  j["rest_day_overtime_hours"] = Hundredths(r.Int("rest_day_overtime_x100"));
  j["holiday_overtime_hours"] = Hundredths(r.Int("holiday_overtime_x100"));
  j["absence_days"] = Hundredths(r.Int("absence_days_x100"));
  j["note"] = r.Str("note");
  j["version"] = r.Int("version");
  j["created_at"] = r.Str("created_at");
  j["updated_at"] = r.Str("updated_at");
  return j;
}

constexpr const char* kItemColumns =
    "taxable_allowances, tax_free_allowances, bonus, annual_bonus, annual_bonus_separately, weekday_overtime_x100, "
    "rest_day_overtime_x100, holiday_overtime_x100, absence_days_x100, other_deduction, post_tax_deduction, note";

void AppendItems(const Items& x, store::Params& p) {
  p.insert(p.end(), {x.taxable_allowances, x.tax_free_allowances, x.bonus, x.annual_bonus, x.annual_bonus_separately,
                     x.weekday_x100, x.rest_day_x100, x.holiday_x100, x.absence_x100, x.other_deduction,
                     x.post_tax_deduction, x.note});
}

Result<json> Load(store::Tx& tx, const std::string& period, int64_t employee_id) {
  HF_ASSIGN(Rows r,
            tx.Query(std::string(kSelect) + " WHERE i.period = ? AND i.employee_id = ?", {period, employee_id}));
  if (r.empty()) return Error::NotFound("no inputs for this employee and period");
  return RowJson(r[0]);
}

}  // namespace

Result<ListResult> ListInputs(Env& env, const std::string& period_text, const Page& page) {
  HF_TRY(RequirePayRight(env.who));
  HF_ASSIGN(Period period, ParsePeriod(period_text));
  ListResult out;
  HF_ASSIGN(Rows n, env.tx.Query("SELECT count(*) AS n FROM payroll_inputs WHERE period = ?", {period.text}));
  out.total = n[0].Int("n");
  HF_ASSIGN(Rows r, env.tx.Query(std::string(kSelect) + " WHERE i.period = ? ORDER BY e.employee_no LIMIT ? OFFSET ?",
                                 {period.text, page.limit, page.offset}));
  for (auto row : r) out.items.push_back(RowJson(row));
  return out;
}

Result<json> UpsertInput(Env& env, const json& body) {
  HF_TRY(RequirePayRight(env.who));
  HF_ASSIGN(core::ObjectReader o, core::ObjectReader::Open(body, ""));
  HF_TRY(o.Only({"period",
                 "employee_id",
                 "taxable_allowances",
                 "tax_free_allowances",
                 "bonus",
                 "annual_bonus",
                 "annual_bonus_separately",
                 "weekday_overtime_hours",
                 "rest_day_overtime_hours",
                 "holiday_overtime_hours",
                 "absence_days",
                 "other_deduction",
                 "post_tax_deduction",
                 "note",
                 "version",
                 "id",
                 "employee_no",
                 "name",
                 "created_at",
                 "updated_at"}));
  HF_ASSIGN(std::string period_text, core::Require(o.String("period"), o, "period"));
  HF_ASSIGN(Period period, ParsePeriod(period_text));
  HF_ASSIGN(int64_t employee_id, core::Require(o.Integer("employee_id", 1, INT64_MAX), o, "employee_id"));
  Items x;
  for (auto [key, member] : kAmounts) {
    HF_ASSIGN(auto m, o.Amount(key));
    x.*member = m ? m->fen() : 0;
  }
  HF_ASSIGN(auto sep, o.Boolean("annual_bonus_separately"));
  x.annual_bonus_separately = sep.value_or(false);
  for (const HoursField& h : kHours) {
    HF_ASSIGN(auto v, o.Hundredths(h.name, h.max_x100));
    x.*(h.member) = v.value_or(0);
  }
  HF_ASSIGN(auto note, o.String("note"));
  x.note = note.value_or("");
  if (x.note.size() > 1000) return Error::Invalid("note", "note is longer than 1000");
  HF_ASSIGN(Rows emp, env.tx.Query("SELECT employee_no, name FROM employees WHERE id = ?", {employee_id}));
  if (emp.empty()) return Error::Invalid("employee_id", "no such employee: " + std::to_string(employee_id));
  std::string subject = emp[0].Str("name") + " (" + emp[0].Str("employee_no") + ") " + period.text;
  HF_TRY(CheckPeriodOpen(env.tx, period.text));

  HF_ASSIGN(Rows cur, env.tx.Query(std::string(kSelect) + " WHERE i.period = ? AND i.employee_id = ?",
                                   {period.text, employee_id}));
  std::string now = Now(env.clock);
  store::Params p;
  if (cur.empty()) {
    if (body.contains("version") && !body["version"].is_null())
      return Error::NotFound("these inputs were deleted or never saved; reload");
    p = {period.text, employee_id};
    AppendItems(x, p);
    p.insert(p.end(), {now, now});
    HF_TRY(env.tx.Exec(std::string("INSERT INTO payroll_inputs(period, employee_id, ") + kItemColumns +
                           ", created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                       p));
    HF_ASSIGN(json after, Load(env.tx, period.text, employee_id));
    HF_TRY(Audit(env, "create", "payroll_input", std::to_string(after["id"].get<int64_t>()), nullptr, after, subject));
    return after;
  }
  json before = RowJson(cur[0]);
  HF_ASSIGN(int64_t version, RequireVersion(body));
  AppendItems(x, p);
  p.insert(p.end(), {now, before["id"].get<int64_t>(), version});
  HF_ASSIGN(int64_t n,
            env.tx.Exec("UPDATE payroll_inputs SET taxable_allowances = ?, tax_free_allowances = ?, bonus = ?, "
                        "annual_bonus = ?, annual_bonus_separately = ?, weekday_overtime_x100 = ?, "
                        "rest_day_overtime_x100 = ?, holiday_overtime_x100 = ?, absence_days_x100 = ?, "
                        "other_deduction = ?, post_tax_deduction = ?, note = ?, version = version + 1, "
                        "updated_at = ? WHERE id = ? AND version = ?",
                        p));
  if (n == 0) return VersionConflict("payroll inputs");
  HF_ASSIGN(json after, Load(env.tx, period.text, employee_id));
  HF_TRY(Audit(env, "update", "payroll_input", std::to_string(after["id"].get<int64_t>()), before, after, subject));
  return after;
}

Result<json> ImportInputsCsv(Env& env, const std::string& period_text, std::string_view csv,
                             const ImportOptions& options) {
  HF_TRY(RequirePayRight(env.who));
  HF_ASSIGN(Period period, ParsePeriod(period_text));
  HF_TRY(CheckPeriodOpen(env.tx, period.text));
  std::vector<std::string_view> optional;
  for (auto [key, member] : kAmounts) optional.push_back(key);
  for (const HoursField& h : kHours) optional.push_back(h.name);
  optional.push_back("annual_bonus_separately");
  optional.push_back("note");
  HF_ASSIGN(CsvTable t, CsvTable::Parse(csv, {"employee_no"}, optional));
  HF_ASSIGN(auto employees, EmployeeNumbers(env.tx));
  std::vector<Problem> problems;
  std::vector<std::pair<int64_t, Items>> valid;
  std::set<int64_t> seen;
  for (size_t row = 1; row <= t.size(); ++row) {
    int rowno = t.RowNumber(row);
    size_t before = problems.size();
    auto fail = [&](const Error& e) { problems.push_back({rowno, e.field, e.message}); };
    if (t.TooWide(row)) {
      fail(Error::Invalid("row", "more cells than header columns"));
      continue;
    }
    std::string no = t.Cell(row, "employee_no");
    auto emp = FindEmployee(employees, no);
    if (!emp)
      fail(Error::Invalid("employee_no", no.empty() ? "employee_no is required" : "no such employee: " + no));
    else if (!seen.insert(*emp).second)
      fail(Error::Invalid("employee_no", "the employee appears twice in the file: " + no));
    Items x;
    for (auto [key, member] : kAmounts) {
      auto m = MoneyCell(t.Cell(row, key), key);
      if (m.ok())
        x.*member = *m;
      else
        fail(m.error());
    }
    for (const HoursField& h : kHours) {
      auto v = HundredthsCell(t.Cell(row, h.name), h.name, h.max_x100);
      if (v.ok())
        x.*(h.member) = *v;
      else
        fail(v.error());
    }
    auto sep = BoolCell(t.Cell(row, "annual_bonus_separately"), "annual_bonus_separately", false);
    if (sep.ok())
      x.annual_bonus_separately = *sep;
    else
      fail(sep.error());
    x.note = t.Cell(row, "note");
    if (x.note.size() > 1000) fail(Error::Invalid("note", "note is longer than 1000"));
    if (problems.size() == before) valid.emplace_back(*emp, std::move(x));
  }
  bool refused = !options.dry_run && !problems.empty() && !options.skip_invalid;
  size_t imported = 0;
  if (!options.dry_run && !refused) {
    std::string now = Now(env.clock);
    // Each row replaces the employee's inputs of the period (one upsert statement per batch).
    BatchInsert upsert(
        env.tx, "payroll_inputs",
        {"period", "employee_id", "taxable_allowances", "tax_free_allowances", "bonus", "annual_bonus",
         "annual_bonus_separately", "weekday_overtime_x100", "rest_day_overtime_x100", "holiday_overtime_x100",
         "absence_days_x100", "other_deduction", "post_tax_deduction", "note", "created_at", "updated_at"},
        500,
        "ON CONFLICT (period, employee_id) DO UPDATE SET taxable_allowances = excluded.taxable_allowances, "
        "tax_free_allowances = excluded.tax_free_allowances, bonus = excluded.bonus, "
        "annual_bonus = excluded.annual_bonus, annual_bonus_separately = excluded.annual_bonus_separately, "
        "weekday_overtime_x100 = excluded.weekday_overtime_x100, "
        "rest_day_overtime_x100 = excluded.rest_day_overtime_x100, "
        "holiday_overtime_x100 = excluded.holiday_overtime_x100, "
        "absence_days_x100 = excluded.absence_days_x100, other_deduction = excluded.other_deduction, "
        "post_tax_deduction = excluded.post_tax_deduction, note = excluded.note, "
        "version = payroll_inputs.version + 1, updated_at = excluded.updated_at");
    for (auto& [emp, x] : valid) {
      store::Params p = {period.text, emp};
      AppendItems(x, p);
      p.insert(p.end(), {now, now});
      HF_TRY(upsert.Add(p));
    }
    HF_TRY(upsert.Flush());
    imported = upsert.written();
    HF_TRY(Audit(env, "import", "payroll_input", period.text, nullptr,
                 {{"period", period.text}, {"imported", imported}, {"skipped_rows", t.size() - imported}},
                 period.text + ": " + std::to_string(imported) + " / " + std::to_string(t.size())));
  }
  return ImportReportJson(options.dry_run, t.size(), valid.size(), imported, problems, refused);
}

}  // namespace payrollrun
