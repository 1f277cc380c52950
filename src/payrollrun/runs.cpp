// Payroll runs: a draft computes every payslip of a month and writes the run and its payslips in
// one transaction; approval fixes it (one approved run per period, periods in order) and makes its
// payslips the basis of the next month's cumulative withholding. Loading is set-based (a handful of
// queries for the whole company), rules are resolved once per run and city, payslips are written with
// multi-row inserts.
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <thread>

#include "core/money.h"
#include "jobs/jobs.h"
#include "payroll/payslip.h"
#include "payrollrun/detail.h"

namespace payrollrun {

using core::Error;
using core::Money;
using core::Result;
using core::Status;
using nlohmann::json;
using store::Rows;
using store::Value;
using namespace detail;

namespace {

int64_t I(const Value& v) {
  if (auto p = std::get_if<int64_t>(&v)) return *p;
  if (auto p = std::get_if<std::string>(&v)) {
    int64_t out = 0;
    std::from_chars(p->data(), p->data() + p->size(), out);
    return out;
  }
  if (auto p = std::get_if<double>(&v)) return int64_t(*p);
  return 0;
}
std::optional<int64_t> OptI(const Value& v) {
  if (std::holds_alternative<std::monostate>(v)) return std::nullopt;
  return I(v);
}
std::string_view S(const Value& v) {
  const auto* p = std::get_if<std::string>(&v);
  return p ? std::string_view(*p) : std::string_view();
}

// Column positions of a result set, looked up once (rows are read by position in the hot loops).
struct Cols {
  const Rows& rows;
  size_t operator()(std::string_view name) const {
    int i = rows.ColumnIndex(name);
    assert(i >= 0);
    return size_t(i);
  }
};

// A lock that orders every change of a run's state on PostgreSQL (SQLite writers are already serial).
Status LockRuns(store::Tx& tx) {
  if (tx.backend() == store::Backend::kPostgres) HF_TRY(tx.Query("SELECT pg_advisory_xact_lock(7242006)"));
  return {};
}

constexpr const char* kRunCols =
    "id, period, status, employee_count, gross_total, income_tax_total, employee_contributions_total, "
    "employer_contributions_total, net_total, employer_cost_total, notes, created_by, created_at, computed_at, "
    "approved_by, approved_at, version, updated_at";

// Whether anything a draft was computed from changed afterwards: compensation, inputs, opening balances or
// employee records, city rule overrides (all audited), or the approval of another run.
Result<bool> IsStale(store::Tx& tx, const std::string& computed_at) {
  HF_ASSIGN(Rows r,
            tx.Query("SELECT 1 FROM audit_log WHERE at > ? AND (entity IN ('compensation', 'payroll_input', "
                     "'payroll_opening', 'employee', 'city_rule_override') OR (entity = 'payroll_run' AND action = 'approve')) LIMIT 1",
                     {computed_at}));
  return !r.empty();
}

Result<json> RunJson(store::Tx& tx, const Rows::Row& r) {
  json notes = json::parse(r.Str("notes"), nullptr, false);
  bool draft = r.Str("status") == "draft";
  bool stale = false;
  if (draft) {
    HF_ASSIGN(stale, IsStale(tx, r.Str("computed_at")));
  }
  return json{{"id", r.Int("id")},
              {"period", r.Str("period")},
              {"status", r.Str("status")},
              {"employee_count", r.Int("employee_count")},
              {"gross_total", MoneyText(r.Int("gross_total"))},
              {"income_tax_total", MoneyText(r.Int("income_tax_total"))},
              {"employee_contributions_total", MoneyText(r.Int("employee_contributions_total"))},
              {"employer_contributions_total", MoneyText(r.Int("employer_contributions_total"))},
              {"net_total", MoneyText(r.Int("net_total"))},
              {"employer_cost_total", MoneyText(r.Int("employer_cost_total"))},
              {"notes", notes.is_discarded() ? json::object() : notes},
              {"created_by", r.OptInt("created_by") ? json(*r.OptInt("created_by")) : json(nullptr)},
              {"created_at", r.Str("created_at")},
              {"computed_at", r.Str("computed_at")},
              {"approved_by", r.OptInt("approved_by") ? json(*r.OptInt("approved_by")) : json(nullptr)},
              {"approved_at", r.OptStr("approved_at") ? json(*r.OptStr("approved_at")) : json(nullptr)},
              {"stale", stale},
              {"version", r.Int("version")},
              {"updated_at", r.Str("updated_at")}};
}

Result<Rows> LoadRunRow(store::Tx& tx, int64_t id) {
  HF_ASSIGN(Rows r, tx.Query(std::string("SELECT ") + kRunCols + " FROM payroll_runs WHERE id = ?", {id}));
  if (r.empty()) return Error::NotFound("no such payroll run");
  return r;
}

Result<json> LoadRun(store::Tx& tx, int64_t id) {
  HF_ASSIGN(Rows r, LoadRunRow(tx, id));
  return RunJson(tx, r[0]);
}

// kConflict when `period` may not get a new computation: approved, or before an approved period.
Status CheckComputable(store::Tx& tx, const Period& period) {
  HF_TRY(CheckPeriodOpen(tx, period.text));
  HF_ASSIGN(Rows later, tx.Query("SELECT max(period) AS p FROM payroll_runs WHERE status = 'approved' AND period > ?",
                                 {period.text}));
  if (!later.empty() && !later[0].IsNull("p"))
    return Error::Conflict("the payroll of " + later[0].Str("p") + " is already approved; a correction for " +
                               period.text + " goes into the next open period's run",
                           "later_period_approved");
  return {};
}

// ---- computing a run ---------------------------------------------------------------------------------

struct Employee {
  int64_t id = 0;
  std::string no;
  core::Date hire;
  bool left = false;
  std::string left_day;  // updated_at's date, for status 'left'
};

struct Terms {
  int64_t monthly_salary = 0;
  std::string city;
  std::optional<int64_t> si_base, hf_base, hf_ppm;
  bool local_hukou = false, si = true, hf = true, upfront = false;
  int64_t sad = 0;
  bool deduct_missed_days = false;
};

struct Work {
  size_t employee = 0;  // index into employees
  Terms terms;
  std::optional<payroll::CumulativeState> state;
  int state_month = 0;        // last_month of `state`
  bool from_opening = false;  // `state` is the go-live balance (else an approved payslip)
};

struct Built {
  int64_t count = 0, gross = 0, tax = 0, employee_contrib = 0, employer_contrib = 0, net = 0, cost = 0;
  json notes;
};

// Appends the lines as [[code, fen], ...].
void AppendLines(const payroll::Payslip& p, std::string& out) {
  out += '[';
  char buf[24];
  bool first = true;
  for (const payroll::PayslipLine& l : p.lines()) {
    if (!first) out += ',';
    first = false;
    out += "[\"";
    out += payroll::Describe(l.code).code;
    out += "\",";
    out.append(buf, std::to_chars(buf, buf + sizeof buf, l.amount.fen()).ptr);
    out += ']';
  }
  out += ']';
}

// Fixed-size IN lists (padded), so the statement is prepared once per query shape.
constexpr size_t kInChunk = 500;
std::string InMarks() {
  std::string s = "(";
  for (size_t i = 0; i < kInChunk; ++i) s += i ? ",?" : "?";
  return s + ")";
}

// For each id in `ids`, calls fn(row) for the rows of `sql_prefix` + " IN (...)" (params: `lead` first).
template <typename Fn>
Status QueryIn(store::Tx& tx, const std::string& sql_prefix, const store::Params& lead, const std::vector<int64_t>& ids,
               Fn fn) {
  static const std::string marks = InMarks();
  for (size_t start = 0; start < ids.size(); start += kInChunk) {
    store::Params p = lead;
    for (size_t i = 0; i < kInChunk; ++i) p.push_back(ids[std::min(start + i, ids.size() - 1)]);
    HF_ASSIGN(Rows r, tx.Query(sql_prefix + " IN " + marks, p));
    fn(r);
  }
  return {};
}

// Computes every payslip of `period` and writes them under run `run_id`. Employee-level refusals of the
// engine are collected in `problems` (nothing is then kept: the caller's transaction rolls back).
Result<Built> ComputeAndWrite(Env& env, int64_t run_id, const Period& period, const RunOptions& options,
                              json& problems) {
  const std::string month_last = period.Last().ToString();
  const std::string month_first = period.First().ToString();

  // 1. Employees hired by the month's end.
  std::vector<Employee> employees;
  {
    HF_ASSIGN(Rows r, env.tx.Query("SELECT id, employee_no, hire_date, status, updated_at FROM employees "
                                   "WHERE hire_date <= ? ORDER BY id",
                                   {month_last}));
    Cols c{r};
    size_t cid = c("id"), cno = c("employee_no"), chire = c("hire_date"), cst = c("status"), cup = c("updated_at");
    employees.reserve(r.size());
    for (size_t i = 0; i < r.size(); ++i) {
      Employee e;
      e.id = I(r.data_[i][cid]);
      e.no = std::string(S(r.data_[i][cno]));
      auto hire = core::Date::Parse(S(r.data_[i][chire]), "hire_date");
      if (!hire.ok()) return Error::Internal("employee " + e.no + " has a malformed hire_date");
      e.hire = *hire;
      e.left = S(r.data_[i][cst]) == "left";
      if (e.left) e.left_day = std::string(S(r.data_[i][cup]).substr(0, 10));
      employees.push_back(std::move(e));
    }
  }

  // 2. The compensation in force on the month's last day (the latest row per employee), merge-joined.
  std::vector<Work> work;
  int64_t no_compensation = 0, left_not_paid = 0;
  std::vector<size_t> left_to_check;  // indexes into `work` of leavers who need last month's payslip
  {
    HF_ASSIGN(Rows r,
              env.tx.Query("SELECT employee_id, monthly_salary, city, social_insurance_base, housing_fund_base, "
                           "housing_fund_ppm, local_hukou, social_insurance_enrolled, housing_fund_enrolled, "
                           "annual_basic_deduction_upfront, special_additional_deduction, proration "
                           "FROM employee_compensation WHERE effective_from <= ? ORDER BY employee_id, effective_from",
                           {month_last}));
    Cols c{r};
    size_t cemp = c("employee_id"), csal = c("monthly_salary"), ccity = c("city"), csi = c("social_insurance_base"),
           chfb = c("housing_fund_base"), cppm = c("housing_fund_ppm"), chk = c("local_hukou"),
           csie = c("social_insurance_enrolled"), chfe = c("housing_fund_enrolled"),
           cup = c("annual_basic_deduction_upfront"), csad = c("special_additional_deduction"), cpro = c("proration");
    size_t k = 0;
    work.reserve(employees.size());
    for (size_t e = 0; e < employees.size(); ++e) {
      const Employee& emp = employees[e];
      std::optional<size_t> latest;
      while (k < r.size() && I(r.data_[k][cemp]) < emp.id) ++k;
      while (k < r.size() && I(r.data_[k][cemp]) == emp.id) latest = k++;
      if (emp.left && emp.left_day < month_first) continue;  // left before the month
      if (!latest) {
        if (!emp.left) ++no_compensation;
        continue;
      }
      const auto& row = r.data_[*latest];
      Work w;
      w.employee = e;
      w.terms.monthly_salary = I(row[csal]);
      w.terms.city = std::string(S(row[ccity]));
      w.terms.si_base = OptI(row[csi]);
      w.terms.hf_base = OptI(row[chfb]);
      w.terms.hf_ppm = OptI(row[cppm]);
      w.terms.local_hukou = I(row[chk]) != 0;
      w.terms.si = I(row[csie]) != 0;
      w.terms.hf = I(row[chfe]) != 0;
      w.terms.upfront = I(row[cup]) != 0;
      w.terms.sad = I(row[csad]);
      w.terms.deduct_missed_days = S(row[cpro]) == "deduct_missed_days";
      if (emp.left && emp.hire < period.First()) left_to_check.push_back(work.size());
      work.push_back(std::move(w));
    }
  }

  // 3. Year-to-date state: the latest approved payslip of the tax year, else the go-live balance.
  HF_ASSIGN(Rows runs, env.tx.Query("SELECT id, period FROM payroll_runs WHERE status = 'approved' AND period >= ? AND "
                                    "period < ? ORDER BY period DESC",
                                    {period.YearStart(), period.text}));
  auto take_state = [&](Work& w, std::string_view ytd) -> Status {
    HF_ASSIGN(payroll::CumulativeState s, DecodeYtd(ytd));
    if (s.tax_year != period.year || s.last_month >= int(period.month)) return {};
    if (!w.state || s.last_month > w.state_month) {
      w.state = s;
      w.state_month = s.last_month;
    }
    return {};
  };
  for (size_t ri = 0; ri < runs.size(); ++ri) {
    int64_t rid = runs[ri].Int("id");
    if (ri == 0) {  // the latest approved run: everyone, merge-joined by employee id
      HF_ASSIGN(
          Rows r,
          env.tx.Query("SELECT employee_id, ytd_after FROM payslips WHERE run_id = ? ORDER BY employee_id", {rid}));
      size_t k = 0;
      for (Work& w : work) {
        int64_t id = employees[w.employee].id;
        while (k < r.size() && I(r.data_[k][0]) < id) ++k;
        if (k < r.size() && I(r.data_[k][0]) == id) HF_TRY(take_state(w, S(r.data_[k][1])));
      }
      continue;
    }
    // Earlier runs: only for employees hired before this month who have no state yet (rare: a month
    // without compensation in force, or unpaid).
    std::vector<int64_t> missing;
    std::vector<size_t> missing_work;
    for (size_t i = 0; i < work.size(); ++i) {
      if (work[i].state || employees[work[i].employee].hire >= period.First()) continue;
      missing.push_back(employees[work[i].employee].id);
      missing_work.push_back(i);
    }
    if (missing.empty()) break;
    std::vector<std::pair<int64_t, std::string>> found;
    HF_TRY(QueryIn(env.tx, "SELECT employee_id, ytd_after FROM payslips WHERE run_id = ? AND employee_id", {rid},
                   missing, [&](const Rows& r) {
                     for (size_t k = 0; k < r.size(); ++k)
                       found.emplace_back(I(r.data_[k][0]), std::string(S(r.data_[k][1])));
                   }));
    std::sort(found.begin(), found.end());
    for (size_t i = 0; i < missing.size(); ++i) {
      auto it = std::lower_bound(found.begin(), found.end(), std::pair<int64_t, std::string>{missing[i], ""});
      if (it != found.end() && it->first == missing[i]) HF_TRY(take_state(work[missing_work[i]], it->second));
    }
  }
  {
    HF_ASSIGN(Rows r, env.tx.Query("SELECT * FROM payroll_ytd_opening WHERE tax_year = ? AND through_month < ? "
                                   "ORDER BY employee_id",
                                   {period.year, int(period.month)}));
    if (!r.empty()) {
      Cols c{r};
      size_t cemp = c("employee_id"), cthrough = c("through_month"), cmonths = c("months_employed"),
             cup = c("annual_basic_deduction_upfront"), csep = c("annual_bonus_taxed_separately"), cinc = c("income"),
             ctf = c("tax_free_income"), cbasic = c("basic_deduction"), csp = c("special_deduction"),
             csad = c("special_additional_deduction"), coth = c("other_deduction"), ctax = c("taxable_income"),
             ct = c("tax"), cw = c("withheld_tax");
      size_t k = 0;
      for (Work& w : work) {
        int64_t id = employees[w.employee].id;
        while (k < r.size() && I(r.data_[k][cemp]) < id) ++k;
        if (k >= r.size() || I(r.data_[k][cemp]) != id) continue;
        const auto& row = r.data_[k];
        int through = int(I(row[cthrough]));
        if (w.state && w.state_month >= through) continue;  // HireFlow payslips already continue from it
        payroll::CumulativeState s;
        s.tax_year = period.year;
        s.months_employed = int(I(row[cmonths]));
        s.last_month = through;
        s.first_month = through - s.months_employed + 1;
        s.annual_basic_deduction_upfront = I(row[cup]) != 0;
        s.annual_bonus_taxed_separately = I(row[csep]) != 0;
        s.income = Money::Fen(I(row[cinc]));
        s.tax_free_income = Money::Fen(I(row[ctf]));
        s.basic_deduction = Money::Fen(I(row[cbasic]));
        s.special_deduction = Money::Fen(I(row[csp]));
        s.special_additional_deduction = Money::Fen(I(row[csad]));
        s.other_deduction = Money::Fen(I(row[coth]));
        s.taxable_income = Money::Fen(I(row[ctax]));
        s.tax = Money::Fen(I(row[ct]));
        s.withheld_tax = Money::Fen(I(row[cw]));
        w.state = s;
        w.state_month = through;
        w.from_opening = true;
      }
    }
  }

  // 4. Leavers (status 'left' since this month) are paid when they were on last month's payroll.
  if (!left_to_check.empty()) {
    Period prev = period.Previous();
    std::vector<int64_t> ids;
    for (size_t i : left_to_check) ids.push_back(employees[work[i].employee].id);
    std::vector<int64_t> paid;
    HF_TRY(QueryIn(env.tx,
                   "SELECT s.employee_id FROM payslips s JOIN payroll_runs r ON r.id = s.run_id "
                   "WHERE r.status = 'approved' AND s.period = ? AND s.employee_id",
                   {prev.text}, ids, [&](const Rows& r) {
                     for (size_t k = 0; k < r.size(); ++k) paid.push_back(I(r.data_[k][0]));
                   }));
    std::sort(paid.begin(), paid.end());
    std::vector<bool> drop(work.size(), false);
    for (size_t i : left_to_check) {
      bool on_last_payroll = std::binary_search(paid.begin(), paid.end(), employees[work[i].employee].id) ||
                             (work[i].state && work[i].state_month == int(prev.month) && prev.year == period.year);
      if (!on_last_payroll) drop[i] = true;
    }
    std::vector<Work> kept;
    kept.reserve(work.size());
    for (size_t i = 0; i < work.size(); ++i) {
      if (drop[i]) {
        ++left_not_paid;
      } else {
        kept.push_back(std::move(work[i]));
      }
    }
    work = std::move(kept);
  }

  // 5. Inputs of the period, merge-joined.
  HF_ASSIGN(Rows inputs,
            env.tx.Query("SELECT employee_id, taxable_allowances, tax_free_allowances, bonus, annual_bonus, "
                         "annual_bonus_separately, weekday_overtime_x100, rest_day_overtime_x100, "
                         "holiday_overtime_x100, absence_days_x100, other_deduction, post_tax_deduction "
                         "FROM payroll_inputs WHERE period = ? ORDER BY employee_id",
                         {period.text}));

  // 6. Rules, once per run and once per city.
  HF_ASSIGN(payroll::MonthRules month,
            payroll::ResolveMonthRules(payroll::RuleBook::Builtin(), &payroll::WorkCalendar::Builtin(), period.year,
                                       period.month));
  std::vector<std::pair<std::string, Result<payroll::CityRates>>> cities;
  cities.reserve(payroll::SocialInsuranceBook::BuiltinCities().size());
  auto rates_for = [&](const std::string& city) -> const Result<payroll::CityRates>& {
    for (auto& [name, r] : cities)
      if (name == city) return r;
    cities.emplace_back(
        city, payroll::ResolveCityRates(payroll::SocialInsuranceBook::Builtin(), city, period.year, period.month));
    // HR's effective-dated overrides of the city's rules (city_rules.cpp), applied before any payslip.
    if (Result<payroll::CityRates>& r = cities.back().second; r.ok()) {
      if (Status s = ApplyCityRuleOverrides(env.tx, *r); !s.ok()) r = s.error();
    }
    return cities.back().second;
  };

  // 7. Compute and write.
  BatchInsert insert(
      env.tx, "payslips",
      {"run_id", "employee_id", "period", "city", "paid_days", "paid_days_employed", "gross", "employee_contributions",
       "income_tax", "annual_bonus_tax", "net", "employer_contributions", "employer_cost", "lines", "ytd_after"},
      500);
  Built b;
  size_t problem_count = 0;
  bool paused = false;
  size_t ki = 0;
  std::string lines;
  for (const Work& w : work) {
    const Employee& emp = employees[w.employee];
    payroll::PayslipInput in;
    in.monthly_salary = Money::Fen(w.terms.monthly_salary);
    in.hire_date = emp.hire;
    in.proration =
        w.terms.deduct_missed_days ? payroll::ProrationMethod::kDeductMissedDays : payroll::ProrationMethod::kPaidDays;
    while (ki < inputs.size() && I(inputs.data_[ki][0]) < emp.id) ++ki;
    if (ki < inputs.size() && I(inputs.data_[ki][0]) == emp.id) {
      const auto& x = inputs.data_[ki];
      in.taxable_allowances = Money::Fen(I(x[1]));
      in.tax_free_allowances = Money::Fen(I(x[2]));
      in.bonus = Money::Fen(I(x[3]));
      in.annual_bonus = Money::Fen(I(x[4]));
      in.annual_bonus_separately = I(x[5]) != 0;
      in.weekday_overtime_hours_x100 = I(x[6]);
      in.rest_day_overtime_hours_x100 = I(x[7]);
      in.holiday_overtime_hours_x100 = I(x[8]);
      in.absence_days_x100 = I(x[9]);
      in.other_deduction = Money::Fen(I(x[10]));
      in.post_tax_deduction = Money::Fen(I(x[11]));
    }
    if (w.terms.si_base) in.social_insurance_base = Money::Fen(*w.terms.si_base);
    if (w.terms.hf_base) in.housing_fund_base = Money::Fen(*w.terms.hf_base);
    if (w.terms.hf_ppm) in.housing_fund_ppm = int32_t(*w.terms.hf_ppm);
    in.local_hukou = w.terms.local_hukou;
    in.social_insurance_this_month = w.terms.si;
    in.housing_fund_this_month = w.terms.hf;
    in.special_additional_deduction = Money::Fen(w.terms.sad);
    in.ytd = w.state ? *w.state : payroll::CumulativeState::NewYear(period.year, w.terms.upfront);

    auto problem = [&](const Error& e) {
      if (problem_count++ < 200)
        problems.push_back(
            {{"employee_id", emp.id}, {"employee_no", emp.no}, {"field", e.field}, {"problem", e.message}});
    };
    const Result<payroll::CityRates>& rates = rates_for(w.terms.city);
    if (!rates.ok()) {
      problem(rates.error());
      continue;
    }
    auto slip = payroll::ComputePayslip(in, *rates, month);
    if (!slip.ok()) {
      problem(slip.error());
      continue;
    }
    if (problem_count) continue;  // nothing will be kept; keep checking the others
    const payroll::Payslip& p = *slip;
    int64_t tax = p.income_tax.fen() + (p.annual_bonus_tax ? p.annual_bonus_tax->tax.fen() : 0);
    lines.clear();
    AppendLines(p, lines);
    store::Params row = {run_id,
                         emp.id,
                         period.text,
                         w.terms.city,
                         p.paid_days_in_month,
                         p.paid_days_employed,
                         p.gross_pay.fen(),
                         p.contributions.employee_total.fen(),
                         p.income_tax.fen(),
                         p.annual_bonus_tax ? p.annual_bonus_tax->tax.fen() : int64_t{0},
                         p.net_pay.fen(),
                         p.contributions.employer_total.fen(),
                         p.employer_cost.fen(),
                         lines,
                         EncodeYtd(p.ytd)};
    HF_TRY(insert.Add(row));
    ++b.count;
    b.gross += p.gross_pay.fen();
    b.tax += tax;
    b.employee_contrib += p.contributions.employee_total.fen();
    b.employer_contrib += p.contributions.employer_total.fen();
    b.net += p.net_pay.fen();
    b.cost += p.employer_cost.fen();
    if (options.pause_after_payslips > 0 && !paused && insert.written() >= size_t(options.pause_after_payslips)) {
      // Test hook (HIREFLOW_TEST_PAUSE_RUN_AFTER): the transaction is open with payslips written.
      paused = true;
      std::fprintf(stderr, "payroll run %lld: test pause after %zu payslips\n", static_cast<long long>(run_id),
                   insert.written());
      std::fflush(stderr);
      std::this_thread::sleep_for(std::chrono::seconds(60));
    }
  }
  if (problem_count) {
    Error e = Error::Invalid("period", std::to_string(problem_count) + " employee(s) could not be paid for " +
                                           period.text + "; nothing was written (see problems)");
    e.slug = "run_invalid";
    return e;
  }
  HF_TRY(insert.Flush());
  if (b.count == 0)
    return Error::Invalid("period",
                          "no employee has compensation in force in " + period.text + " (set compensation first)");
  int64_t from_payslips = 0, from_opening = 0;
  for (const Work& w : work) {
    from_payslips += w.state && !w.from_opening;
    from_opening += w.state && w.from_opening;
  }

  json provisional = json::array();
  for (auto& [name, r] : cities)
    if (r.ok() && r->provisional) provisional.push_back(name);
  b.notes = {{"provisional_cities", provisional},
             {"official_calendar", month.days.official_calendar},
             {"continued_from",
              {{"approved_payslips", from_payslips},
               {"opening_balances", from_opening},
               {"new_tax_year", b.count - from_payslips - from_opening}}},
             {"not_paid", {{"no_compensation", no_compensation}, {"left", left_not_paid}}}};
  return b;
}

Status WriteTotals(store::Tx& tx, int64_t run_id, const Built& b) {
  HF_TRY(tx.Exec(
      "UPDATE payroll_runs SET employee_count = ?, gross_total = ?, income_tax_total = ?, "
      "employee_contributions_total = ?, employer_contributions_total = ?, net_total = ?, "
      "employer_cost_total = ?, notes = ? WHERE id = ?",
      {b.count, b.gross, b.tax, b.employee_contrib, b.employer_contrib, b.net, b.cost, b.notes.dump(), run_id}));
  return {};
}

json Summary(const json& run) {
  return {{"period", run["period"]},
          {"status", run["status"]},
          {"employee_count", run["employee_count"]},
          {"net_total", run["net_total"]},
          {"version", run["version"]}};
}

}  // namespace

Result<ListResult> ListRuns(Env& env, const Page& page) {
  HF_TRY(RequirePayRight(env.who));
  ListResult out;
  HF_ASSIGN(Rows n, env.tx.Query("SELECT count(*) AS n FROM payroll_runs"));
  out.total = n[0].Int("n");
  HF_ASSIGN(Rows r, env.tx.Query(std::string("SELECT ") + kRunCols +
                                     " FROM payroll_runs ORDER BY period DESC, id DESC LIMIT ? OFFSET ?",
                                 {page.limit, page.offset}));
  for (auto row : r) {
    HF_ASSIGN(json j, RunJson(env.tx, row));
    out.items.push_back(std::move(j));
  }
  return out;
}

Result<json> GetRun(Env& env, int64_t id) {
  HF_TRY(RequirePayRight(env.who));
  return LoadRun(env.tx, id);
}

Result<json> CreateRun(Env& env, const json& body, const RunOptions& options, json* problems) {
  HF_TRY(RequirePayRight(env.who));
  for (auto it = body.begin(); it != body.end(); ++it)
    if (it.key() != "period") return Error::Invalid(it.key(), "unknown field " + it.key());
  auto p = body.find("period");
  if (p == body.end() || !p->is_string()) return Error::Invalid("period", "period (YYYY-MM) is required");
  HF_ASSIGN(Period period, ParsePeriod(p->get<std::string>()));
  HF_TRY(LockRuns(env.tx));
  HF_TRY(CheckComputable(env.tx, period));
  std::string now = Now(env.clock);
  HF_ASSIGN(Rows r, env.tx.Query("INSERT INTO payroll_runs(period, status, created_by, created_at, computed_at, "
                                 "updated_at) VALUES (?, 'draft', ?, ?, ?, ?) RETURNING id",
                                 {period.text, env.who.user_id, now, now, now}));
  int64_t id = r[0].Int("id");
  json found = json::array();
  auto built = ComputeAndWrite(env, id, period, options, found);
  if (problems) *problems = std::move(found);
  if (!built.ok()) return built.error();
  HF_TRY(WriteTotals(env.tx, id, *built));
  HF_ASSIGN(json run, LoadRun(env.tx, id));
  HF_TRY(Audit(env, "create", "payroll_run", std::to_string(id), nullptr, Summary(run), period.text));
  return run;
}

Result<json> RecalculateRun(Env& env, int64_t id, const json& body, const RunOptions& options, json* problems) {
  HF_TRY(RequirePayRight(env.who));
  for (auto it = body.begin(); it != body.end(); ++it)
    if (it.key() != "version") return Error::Invalid(it.key(), "unknown field " + it.key());
  HF_TRY(LockRuns(env.tx));
  HF_ASSIGN(json before, LoadRun(env.tx, id));
  if (before["status"] != "draft")
    return Error::Conflict("only a draft run can be recalculated; corrections go into the next period's run",
                           "not_draft");
  if (body.contains("version")) {
    HF_ASSIGN(int64_t v, RequireVersion(body));
    if (v != before["version"].get<int64_t>()) return VersionConflict("payroll run");
  }
  HF_ASSIGN(Period period, ParsePeriod(before["period"].get<std::string>()));
  HF_TRY(CheckComputable(env.tx, period));
  std::string now = Now(env.clock);
  HF_TRY(env.tx.Exec("DELETE FROM payslips WHERE run_id = ?", {id}));
  HF_ASSIGN(int64_t n, env.tx.Exec("UPDATE payroll_runs SET computed_at = ?, updated_at = ?, version = version + 1 "
                                   "WHERE id = ? AND version = ?",
                                   {now, now, id, before["version"].get<int64_t>()}));
  if (n == 0) return VersionConflict("payroll run");
  json found = json::array();
  auto built = ComputeAndWrite(env, id, period, options, found);
  if (problems) *problems = std::move(found);
  if (!built.ok()) return built.error();
  HF_TRY(WriteTotals(env.tx, id, *built));
  HF_ASSIGN(json after, LoadRun(env.tx, id));
  HF_TRY(Audit(env, "recalculate", "payroll_run", std::to_string(id), Summary(before), Summary(after), period.text));
  return after;
}

Result<json> ApproveRun(Env& env, int64_t id, const json& body) {
  HF_TRY(RequirePayRight(env.who));
  for (auto it = body.begin(); it != body.end(); ++it)
    if (it.key() != "version") return Error::Invalid(it.key(), "unknown field " + it.key());
  HF_ASSIGN(int64_t version, RequireVersion(body));
  HF_TRY(LockRuns(env.tx));
  HF_ASSIGN(Rows row, LoadRunRow(env.tx, id));
  HF_ASSIGN(json before, RunJson(env.tx, row[0]));
  if (before["status"] != "draft") return Error::Conflict("the run is already approved", "not_draft");
  if (version != before["version"].get<int64_t>()) return VersionConflict("payroll run");
  HF_ASSIGN(Period period, ParsePeriod(before["period"].get<std::string>()));
  HF_TRY(CheckComputable(env.tx, period));
  if (before["stale"].get<bool>())
    return Error::Conflict("data the run was computed from changed after " + before["computed_at"].get<std::string>() +
                               "; recalculate the run and check it before approving",
                           "run_stale");
  std::string now = Now(env.clock);
  auto n = env.tx.Exec(
      "UPDATE payroll_runs SET status = 'approved', approved_by = ?, approved_at = ?, updated_at = ?, "
      "version = version + 1 WHERE id = ? AND version = ? AND status = 'draft'",
      {env.who.user_id, now, now, id, version});
  if (!n.ok()) {
    if (n.error().slug == "unique_violation")
      return Error::Conflict("the payroll of " + period.text + " is already approved", "period_approved");
    return n.error();
  }
  if (*n == 0) return VersionConflict("payroll run");
  HF_ASSIGN(json after, LoadRun(env.tx, id));
  HF_TRY(auth::AppendAudit(env.tx, &env.who,
                           {"approve", "payroll_run", std::to_string(id), Summary(before), Summary(after)},
                           env.request_id, env.clock));
  HF_TRY(jobs::Emit(env.tx, "payroll.run_approved", "payroll_run", std::to_string(id),
                    {{"actor_user_id", env.who.user_id},
                     {"actor", env.who.username},
                     {"subject", period.text},
                     {"period", period.text},
                     {"run_id", id},
                     {"employee_count", after["employee_count"]}},
                    env.clock));
  return after;
}

Status DeleteRun(Env& env, int64_t id) {
  HF_TRY(RequirePayRight(env.who));
  HF_TRY(LockRuns(env.tx));
  HF_ASSIGN(json before, LoadRun(env.tx, id));
  if (before["status"] != "draft")
    return Error::Conflict("an approved run is kept; corrections go into the next period's run", "not_draft");
  HF_TRY(env.tx.Exec("DELETE FROM payslips WHERE run_id = ?", {id}));
  HF_TRY(env.tx.Exec("DELETE FROM payroll_runs WHERE id = ?", {id}));
  return Audit(env, "delete", "payroll_run", std::to_string(id), Summary(before), nullptr,
               before["period"].get<std::string>());
}

Result<ListResult> ListRunPayslips(Env& env, int64_t run_id, const std::optional<std::string>& q, const Page& page) {
  HF_TRY(RequirePayRight(env.who));
  HF_ASSIGN(Rows run, LoadRunRow(env.tx, run_id));
  HF_ASSIGN(Period period, ParsePeriod(run[0].Str("period")));
  HF_ASSIGN(Rows prev, env.tx.Query("SELECT id FROM payroll_runs WHERE period = ? AND status = 'approved'",
                                    {period.Previous().text}));
  int64_t prev_id = prev.empty() ? 0 : prev[0].Int("id");
  std::string where = " WHERE s.run_id = ?";
  store::Params params = {run_id};
  if (q && !q->empty()) {
    where += " AND (e.name LIKE ? OR e.employee_no LIKE ?)";
    params.push_back("%" + *q + "%");
    params.push_back("%" + *q + "%");
  }
  ListResult out;
  HF_ASSIGN(
      Rows n,
      env.tx.Query("SELECT count(*) AS n FROM payslips s JOIN employees e ON e.id = s.employee_id" + where, params));
  out.total = n[0].Int("n");
  params.insert(params.begin(), prev_id);
  params.push_back(page.limit);
  params.push_back(page.offset);
  HF_ASSIGN(Rows r,
            env.tx.Query("SELECT s.id, s.employee_id, e.employee_no, e.name, s.city, s.paid_days, "
                         "s.paid_days_employed, s.gross, s.employee_contributions, s.income_tax, "
                         "s.annual_bonus_tax, s.net, s.employer_contributions, s.employer_cost, p.id AS prev_id, "
                         "p.gross AS prev_gross, p.net AS prev_net, p.income_tax AS prev_tax, "
                         "p.annual_bonus_tax AS prev_bonus_tax FROM payslips s "
                         "JOIN employees e ON e.id = s.employee_id "
                         "LEFT JOIN payslips p ON p.run_id = ? AND p.employee_id = s.employee_id" +
                             where + " ORDER BY s.employee_id LIMIT ? OFFSET ?",
                         params));
  for (auto row : r) {
    int64_t tax = row.Int("income_tax") + row.Int("annual_bonus_tax");
    json j = {{"id", row.Int("id")},
              {"employee_id", row.Int("employee_id")},
              {"employee_no", row.Str("employee_no")},
              {"name", row.Str("name")},
              {"city", row.Str("city")},
              {"paid_days", row.Int("paid_days")},
              {"paid_days_employed", row.Int("paid_days_employed")},
              {"gross_pay", MoneyText(row.Int("gross"))},
              {"employee_contributions", MoneyText(row.Int("employee_contributions"))},
              {"income_tax", MoneyText(row.Int("income_tax"))},
              {"annual_bonus_tax", MoneyText(row.Int("annual_bonus_tax"))},
              {"net_pay", MoneyText(row.Int("net"))},
              {"employer_contributions", MoneyText(row.Int("employer_contributions"))},
              {"employer_cost", MoneyText(row.Int("employer_cost"))},
              {"previous", nullptr},
              {"delta", nullptr}};
    if (!row.IsNull("prev_id")) {
      int64_t prev_tax = row.Int("prev_tax") + row.Int("prev_bonus_tax");
      j["previous"] = {{"payslip_id", row.Int("prev_id")},
                       {"gross_pay", MoneyText(row.Int("prev_gross"))},
                       {"net_pay", MoneyText(row.Int("prev_net"))},
                       {"income_tax", MoneyText(prev_tax)}};
      j["delta"] = {{"gross_pay", MoneyText(row.Int("gross") - row.Int("prev_gross"))},
                    {"net_pay", MoneyText(row.Int("net") - row.Int("prev_net"))},
                    {"income_tax", MoneyText(tax - prev_tax)}};
    }
    out.items.push_back(std::move(j));
  }
  return out;
}

namespace {
std::string CsvField(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}
}  // namespace

Result<std::string> DisbursementCsv(Env& env, int64_t run_id) {
  HF_TRY(RequirePayRight(env.who));
  if (!env.cipher) return Error::Internal("the field cipher is required for bank accounts");
  HF_ASSIGN(Rows run, LoadRunRow(env.tx, run_id));
  if (run[0].Str("status") != "approved")
    return Error::Conflict("only an approved run can be paid out; approve it first", "not_approved");
  HF_ASSIGN(Rows r, env.tx.Query("SELECT e.employee_no, e.name, e.bank_account_enc, s.net FROM payslips s "
                                 "JOIN employees e ON e.id = s.employee_id WHERE s.run_id = ? AND s.net > 0 "
                                 "ORDER BY e.employee_no",
                                 {run_id}));
  std::string out =
      "\xEF\xBB\xBF"
      "employee_no,name,bank_account,net_pay\r\n";
  out.reserve(out.size() + r.size() * 64);
  int64_t total = 0, missing_accounts = 0;
  for (auto row : r) {
    std::string account;
    if (!row.IsNull("bank_account_enc")) {
      HF_ASSIGN(account, env.cipher->Decrypt(row.Str("bank_account_enc")));
    } else {
      ++missing_accounts;
    }
    out += CsvField(row.View("employee_no")) + "," + CsvField(row.View("name")) + "," + CsvField(account) + "," +
           MoneyText(row.Int("net")) + "\r\n";
    total += row.Int("net");
  }
  HF_TRY(Audit(env, "export", "payroll_run", std::to_string(run_id), nullptr,
               {{"rows", r.size()}, {"total", MoneyText(total)}, {"missing_bank_accounts", missing_accounts}},
               run[0].Str("period")));
  return out;
}

}  // namespace payrollrun
