// Compensation: the effective-dated pay terms of each employee (salary, city, social-insurance and
// housing-fund bases and rate, enrolment, deductions, proration), edited one row at a time or
// imported from CSV at go-live.
#include <set>

#include "core/json_input.h"
#include "payrollrun/detail.h"

namespace payrollrun {

using core::Error;
using core::Result;
using core::Status;
using nlohmann::json;
using store::Rows;
using namespace detail;

namespace {

constexpr const char* kCols =
    "id, employee_id, effective_from, monthly_salary, city, social_insurance_base, housing_fund_base, "
    "housing_fund_ppm, "
    "local_hukou, social_insurance_enrolled, housing_fund_enrolled, annual_basic_deduction_upfront, "
    "special_additional_deduction, proration, version, created_at, updated_at";

struct Terms {
  core::Date effective_from;
  int64_t monthly_salary = 0;
  std::string city;
  std::optional<int64_t> social_insurance_base, housing_fund_base;
  std::optional<int32_t> housing_fund_ppm;
  bool local_hukou = false, social_insurance_enrolled = true, housing_fund_enrolled = true, upfront = false;
  int64_t special_additional_deduction = 0;
  std::string proration = "paid_days";
};

Terms FromRow(const Rows::Row& r) {
  Terms t;
  t.effective_from = *core::Date::Parse(r.Str("effective_from"));
  t.monthly_salary = r.Int("monthly_salary");
  t.city = r.Str("city");
  t.social_insurance_base = r.OptInt("social_insurance_base");
  t.housing_fund_base = r.OptInt("housing_fund_base");
  if (auto p = r.OptInt("housing_fund_ppm")) t.housing_fund_ppm = int32_t(*p);
  t.local_hukou = r.Int("local_hukou") != 0;
  t.social_insurance_enrolled = r.Int("social_insurance_enrolled") != 0;
  t.housing_fund_enrolled = r.Int("housing_fund_enrolled") != 0;
  t.upfront = r.Int("annual_basic_deduction_upfront") != 0;
  t.special_additional_deduction = r.Int("special_additional_deduction");
  t.proration = r.Str("proration");
  return t;
}

json RowJson(const Rows::Row& r) {
  Terms t = FromRow(r);
  return {{"id", r.Int("id")},
          {"employee_id", r.Int("employee_id")},
          {"effective_from", t.effective_from.ToString()},
          {"monthly_salary", MoneyText(t.monthly_salary)},
          {"city", t.city},
          {"social_insurance_base", OptMoney(t.social_insurance_base)},
          {"housing_fund_base", OptMoney(t.housing_fund_base)},
          {"housing_fund_rate", t.housing_fund_ppm ? Percent(*t.housing_fund_ppm) : json(nullptr)},
          {"local_hukou", t.local_hukou},
          {"social_insurance_enrolled", t.social_insurance_enrolled},
          {"housing_fund_enrolled", t.housing_fund_enrolled},
          {"annual_basic_deduction_upfront", t.upfront},
          {"special_additional_deduction", MoneyText(t.special_additional_deduction)},
          {"proration", t.proration},
          {"version", r.Int("version")},
          {"created_at", r.Str("created_at")},
          {"updated_at", r.Str("updated_at")}};
}

// Cross-field rules, after every field was read on its own.
Status Check(const Terms& t) {
  if (t.proration != "paid_days" && t.proration != "deduct_missed_days")
    return Error::Invalid("proration", "proration is paid_days or deduct_missed_days");
  if (t.housing_fund_ppm)
    HF_TRY(CheckHousingFundRate(t.city, t.effective_from, *t.housing_fund_ppm, "housing_fund_rate"));
  return {};
}

// Overlays the JSON body on `t`. Nullable fields: null resets them to their default (derived) value.
Status ReadBody(const json& body, Terms& t, bool creating) {
  HF_ASSIGN(core::ObjectReader o, core::ObjectReader::Open(body, ""));
  HF_TRY(o.Only({"effective_from", "monthly_salary", "city", "social_insurance_base", "housing_fund_base",
                 "housing_fund_rate", "local_hukou", "social_insurance_enrolled", "housing_fund_enrolled",
                 "annual_basic_deduction_upfront", "special_additional_deduction", "proration", "version", "id",
                 "employee_id", "created_at", "updated_at"}));
  HF_ASSIGN(auto from, o.Day("effective_from"));
  if (from)
    t.effective_from = *from;
  else if (creating)
    return o.Missing("effective_from");
  HF_ASSIGN(auto salary, o.Amount("monthly_salary"));
  if (salary)
    t.monthly_salary = salary->fen();
  else if (creating)
    return o.Missing("monthly_salary");
  HF_ASSIGN(auto city, o.String("city"));
  if (city) {
    HF_ASSIGN(t.city, KnownCity(*city, "city"));
  } else if (creating) {
    return o.Missing("city");
  }
  for (auto [key, out] : {std::pair{"social_insurance_base", &t.social_insurance_base},
                          std::pair{"housing_fund_base", &t.housing_fund_base}}) {
    HF_ASSIGN(auto m, o.Amount(key));
    if (m)
      *out = m->fen();
    else if (body.contains(key))
      *out = std::nullopt;  // explicit null
  }
  HF_ASSIGN(auto rate, o.Hundredths("housing_fund_rate", 100 * 100));
  if (rate)
    t.housing_fund_ppm = int32_t(*rate * 100);
  else if (body.contains("housing_fund_rate"))
    t.housing_fund_ppm = std::nullopt;
  for (auto [key, out] :
       {std::pair{"local_hukou", &t.local_hukou}, std::pair{"social_insurance_enrolled", &t.social_insurance_enrolled},
        std::pair{"housing_fund_enrolled", &t.housing_fund_enrolled},
        std::pair{"annual_basic_deduction_upfront", &t.upfront}}) {
    HF_ASSIGN(auto b, o.Boolean(key));
    if (b) *out = *b;
  }
  HF_ASSIGN(auto sad, o.Amount("special_additional_deduction"));
  if (sad) t.special_additional_deduction = sad->fen();
  HF_ASSIGN(auto proration, o.String("proration"));
  if (proration) t.proration = *proration;
  return Check(t);
}

store::Params TermParams(const Terms& t) {
  return {t.effective_from.ToString(),
          t.monthly_salary,
          t.city,
          t.social_insurance_base,
          t.housing_fund_base,
          t.housing_fund_ppm ? store::Param(int64_t(*t.housing_fund_ppm)) : store::Param(std::nullopt),
          t.local_hukou,
          t.social_insurance_enrolled,
          t.housing_fund_enrolled,
          t.upfront,
          t.special_additional_deduction,
          t.proration};
}

constexpr const char* kTermColumns =
    "effective_from, monthly_salary, city, social_insurance_base, housing_fund_base, housing_fund_ppm, local_hukou, "
    "social_insurance_enrolled, housing_fund_enrolled, annual_basic_deduction_upfront, special_additional_deduction, "
    "proration";

Result<json> Load(store::Tx& tx, int64_t id) {
  HF_ASSIGN(Rows r, tx.Query(std::string("SELECT ") + kCols + " FROM employee_compensation WHERE id = ?", {id}));
  if (r.empty()) return Error::NotFound("no such compensation record");
  return RowJson(r[0]);
}

Result<std::string> EmployeeSubject(store::Tx& tx, int64_t employee_id) {
  HF_ASSIGN(Rows e, tx.Query("SELECT employee_no, name FROM employees WHERE id = ?", {employee_id}));
  if (e.empty()) return Error::NotFound("no such employee");
  return e[0].Str("name") + " (" + e[0].Str("employee_no") + ")";
}

Error DuplicateDate(const core::Date& d) {
  Error e =
      Error::Conflict("the employee already has compensation effective from " + d.ToString() + "; edit that record",
                      "duplicate_effective_from");
  e.field = "effective_from";
  return e;
}

}  // namespace

Result<json> ListCompensation(Env& env, int64_t employee_id) {
  HF_TRY(RequirePayRight(env.who));
  HF_TRY(EmployeeSubject(env.tx, employee_id));
  HF_ASSIGN(Rows r, env.tx.Query(std::string("SELECT ") + kCols +
                                     " FROM employee_compensation WHERE employee_id = ? ORDER BY effective_from DESC",
                                 {employee_id}));
  json items = json::array();
  for (auto row : r) items.push_back(RowJson(row));
  return json{{"items", items}};
}

Result<json> CreateCompensation(Env& env, int64_t employee_id, const json& body) {
  HF_TRY(RequirePayRight(env.who));
  HF_ASSIGN(std::string subject, EmployeeSubject(env.tx, employee_id));
  Terms t;
  HF_TRY(ReadBody(body, t, true));
  HF_ASSIGN(Rows dup, env.tx.Query("SELECT 1 FROM employee_compensation WHERE employee_id = ? AND effective_from = ?",
                                   {employee_id, t.effective_from.ToString()}));
  if (!dup.empty()) return DuplicateDate(t.effective_from);
  store::Params p = TermParams(t);
  std::string now = Now(env.clock);
  p.insert(p.begin(), employee_id);
  p.insert(p.end(), {env.who.user_id, now, now});
  HF_ASSIGN(Rows r, env.tx.Query(std::string("INSERT INTO employee_compensation(employee_id, ") + kTermColumns +
                                     ", created_by, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
                                     "RETURNING id",
                                 p));
  int64_t id = r[0].Int("id");
  HF_ASSIGN(json j, Load(env.tx, id));
  HF_TRY(Audit(env, "create", "compensation", std::to_string(id), nullptr, j, subject));
  return j;
}

Result<json> UpdateCompensation(Env& env, int64_t id, const json& body) {
  HF_TRY(RequirePayRight(env.who));
  HF_ASSIGN(Rows cur, env.tx.Query(std::string("SELECT ") + kCols + " FROM employee_compensation WHERE id = ?", {id}));
  if (cur.empty()) return Error::NotFound("no such compensation record");
  HF_ASSIGN(int64_t version, RequireVersion(body));
  json before = RowJson(cur[0]);
  int64_t employee_id = cur[0].Int("employee_id");
  Terms t = FromRow(cur[0]);
  HF_TRY(ReadBody(body, t, false));
  HF_ASSIGN(Rows dup, env.tx.Query("SELECT 1 FROM employee_compensation WHERE employee_id = ? AND effective_from = ? "
                                   "AND id <> ?",
                                   {employee_id, t.effective_from.ToString(), id}));
  if (!dup.empty()) return DuplicateDate(t.effective_from);
  store::Params p = TermParams(t);
  p.insert(p.end(), {Now(env.clock), id, version});
  HF_ASSIGN(int64_t n, env.tx.Exec("UPDATE employee_compensation SET effective_from = ?, monthly_salary = ?, city = ?, "
                                   "social_insurance_base = ?, housing_fund_base = ?, housing_fund_ppm = ?, "
                                   "local_hukou = ?, social_insurance_enrolled = ?, housing_fund_enrolled = ?, "
                                   "annual_basic_deduction_upfront = ?, special_additional_deduction = ?, "
                                   "proration = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
                                   p));
  if (n == 0) return VersionConflict("compensation record");
  HF_ASSIGN(json after, Load(env.tx, id));
  HF_ASSIGN(std::string subject, EmployeeSubject(env.tx, employee_id));
  HF_TRY(Audit(env, "update", "compensation", std::to_string(id), before, after, subject));
  return after;
}

Status DeleteCompensation(Env& env, int64_t id) {
  HF_TRY(RequirePayRight(env.who));
  HF_ASSIGN(json before, Load(env.tx, id));
  HF_TRY(env.tx.Exec("DELETE FROM employee_compensation WHERE id = ?", {id}));
  HF_ASSIGN(std::string subject, EmployeeSubject(env.tx, before["employee_id"].get<int64_t>()));
  return Audit(env, "delete", "compensation", std::to_string(id), before, nullptr, subject);
}

// ---- CSV import -------------------------------------------------------------------------------------------

Result<json> ImportCompensationCsv(Env& env, std::string_view csv, const ImportOptions& options) {
  HF_TRY(RequirePayRight(env.who));
  HF_ASSIGN(CsvTable t,
            CsvTable::Parse(csv, {"employee_no", "effective_from", "monthly_salary", "city"},
                            {"social_insurance_base", "housing_fund_base", "housing_fund_rate", "local_hukou",
                             "social_insurance_enrolled", "housing_fund_enrolled", "annual_basic_deduction_upfront",
                             "special_additional_deduction", "proration"}));
  HF_ASSIGN(auto employees, EmployeeNumbers(env.tx));
  // Existing (employee, date) pairs, loaded once.
  HF_ASSIGN(Rows existing, env.tx.Query("SELECT employee_id, effective_from FROM employee_compensation"));
  std::vector<std::pair<int64_t, std::string>> taken;
  taken.reserve(existing.size());
  for (auto r : existing) taken.emplace_back(r.Int("employee_id"), r.Str("effective_from"));
  std::sort(taken.begin(), taken.end());

  std::vector<Problem> problems;
  std::vector<std::pair<int64_t, Terms>> valid;
  valid.reserve(t.size());
  std::set<std::pair<int64_t, std::string>> seen;
  for (size_t row = 1; row <= t.size(); ++row) {
    int rowno = t.RowNumber(row);
    size_t before = problems.size();
    auto fail = [&](const Error& e) { problems.push_back({rowno, e.field, e.message}); };
    if (t.TooWide(row)) {
      problems.push_back({rowno, "row", "more cells than header columns"});
      continue;
    }
    Terms x;
    std::string no = t.Cell(row, "employee_no");
    auto emp = FindEmployee(employees, no);
    if (!emp) fail(Error::Invalid("employee_no", no.empty() ? "employee_no is required" : "no such employee: " + no));
    auto from = core::Date::Parse(t.Cell(row, "effective_from"), "effective_from");
    if (from.ok())
      x.effective_from = *from;
    else
      fail(from.error());
    auto salary = OptMoneyCell(t.Cell(row, "monthly_salary"), "monthly_salary");
    if (!salary.ok())
      fail(salary.error());
    else if (!*salary)
      fail(Error::Invalid("monthly_salary", "monthly_salary is required"));
    else
      x.monthly_salary = **salary;
    auto city = KnownCity(t.Cell(row, "city"), "city");
    if (city.ok())
      x.city = *city;
    else
      fail(city.error());
    for (auto [col, out] : {std::pair{"social_insurance_base", &x.social_insurance_base},
                            std::pair{"housing_fund_base", &x.housing_fund_base}}) {
      auto m = OptMoneyCell(t.Cell(row, col), col);
      if (m.ok())
        *out = *m;
      else
        fail(m.error());
    }
    if (std::string rate = t.Cell(row, "housing_fund_rate"); !rate.empty()) {
      // "12%" means 12, as a percent-formatted spreadsheet cell reads (CsvTable) and as people write it.
      if (rate.size() > 1 && rate.back() == '%') {
        rate.pop_back();
        while (rate.back() == ' ') rate.pop_back();
      }
      auto r = HundredthsCell(rate, "housing_fund_rate", 100 * 100);
      if (r.ok())
        x.housing_fund_ppm = int32_t(*r * 100);
      else
        fail(r.error());
    }
    for (auto [col, out, def] : {std::tuple{"local_hukou", &x.local_hukou, false},
                                 std::tuple{"social_insurance_enrolled", &x.social_insurance_enrolled, true},
                                 std::tuple{"housing_fund_enrolled", &x.housing_fund_enrolled, true},
                                 std::tuple{"annual_basic_deduction_upfront", &x.upfront, false}}) {
      auto b = BoolCell(t.Cell(row, col), col, def);
      if (b.ok())
        *out = *b;
      else
        fail(b.error());
    }
    auto sad = MoneyCell(t.Cell(row, "special_additional_deduction"), "special_additional_deduction");
    if (sad.ok())
      x.special_additional_deduction = *sad;
    else
      fail(sad.error());
    if (std::string p = t.Cell(row, "proration"); !p.empty()) x.proration = p;
    if (problems.size() == before) {
      auto c = Check(x);
      if (!c.ok()) fail(c.error());
    }
    if (problems.size() == before) {
      std::pair<int64_t, std::string> key{*emp, x.effective_from.ToString()};
      if (std::binary_search(taken.begin(), taken.end(), key)) {
        fail(Error::Invalid("effective_from", "the employee already has compensation effective from " + key.second));
      } else if (!seen.insert(key).second) {
        fail(Error::Invalid("effective_from", "the same employee and date appear twice in the file"));
      }
    }
    if (problems.size() == before) valid.emplace_back(*emp, std::move(x));
  }
  bool refused = !options.dry_run && !problems.empty() && !options.skip_invalid;
  size_t imported = 0;
  if (!options.dry_run && !refused) {
    std::string now = Now(env.clock);
    BatchInsert insert(env.tx, "employee_compensation",
                       {"employee_id", "effective_from", "monthly_salary", "city", "social_insurance_base",
                        "housing_fund_base", "housing_fund_ppm", "local_hukou", "social_insurance_enrolled",
                        "housing_fund_enrolled", "annual_basic_deduction_upfront", "special_additional_deduction",
                        "proration", "created_by", "created_at", "updated_at"},
                       500);
    for (auto& [emp, x] : valid) {
      store::Params p = TermParams(x);
      p.insert(p.begin(), emp);
      p.insert(p.end(), {env.who.user_id, now, now});
      HF_TRY(insert.Add(p));
    }
    HF_TRY(insert.Flush());
    imported = insert.written();
    HF_TRY(Audit(env, "import", "compensation", t.xlsx() ? "xlsx" : "csv", nullptr,
                 {{"imported", imported}, {"skipped_rows", t.size() - imported}},
                 std::to_string(imported) + " / " + std::to_string(t.size())));
  }
  return ImportReportJson(options.dry_run, t.size(), valid.size(), imported, problems, refused);
}

}  // namespace payrollrun
