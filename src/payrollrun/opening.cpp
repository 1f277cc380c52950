// Go-live: the year-to-date withholding figures of each employee from the previous payroll system
// (the withholding return's 累计 columns), imported once so that the first HireFlow run of the tax
// year continues the cumulative withholding exactly.
#include <charconv>
#include <set>

#include "payroll/rules.h"
#include "payrollrun/detail.h"

namespace payrollrun {

using core::Error;
using core::Money;
using core::Result;
using core::Status;
using nlohmann::json;
using store::Rows;
using namespace detail;

namespace {

constexpr const char* kAmountColumns[] = {"income",
                                          "tax_free_income",
                                          "special_deduction",
                                          "special_additional_deduction",
                                          "other_deduction",
                                          "taxable_income",
                                          "tax",
                                          "withheld_tax"};

struct Opening {
  int64_t employee_id = 0;
  int tax_year = 0, through_month = 0, months_employed = 0;
  bool upfront = false, bonus_separately = false;
  int64_t amounts[8] = {};  // kAmountColumns order
  int64_t basic_deduction = 0;
};

}  // namespace

Result<json> ImportOpeningBalancesCsv(Env& env, std::string_view csv, const ImportOptions& options) {
  HF_TRY(RequirePayRight(env.who));
  // Required: what the withholding return always states. The deduction breakdown may come as the three
  // columns or as one total `deductions`; the cumulative tax, when absent, follows from the taxable income.
  HF_ASSIGN(CsvTable t, CsvTable::Parse(csv,
                                        {"employee_no", "tax_year", "through_month", "months_employed", "income",
                                         "taxable_income", "withheld_tax"},
                                        {"tax_free_income", "special_deduction", "special_additional_deduction",
                                         "other_deduction", "deductions", "tax", "basic_deduction",
                                         "annual_basic_deduction_upfront", "annual_bonus_taxed_separately", "name"}));
  HF_ASSIGN(auto employees, EmployeeNumbers(env.tx));
  // Employees whose tax year already continues in HireFlow: their opening balance is history now.
  HF_ASSIGN(Rows continued, env.tx.Query("SELECT DISTINCT s.employee_id, substr(s.period, 1, 4) AS y FROM payslips s "
                                         "JOIN payroll_runs r ON r.id = s.run_id WHERE r.status = 'approved'"));
  std::set<std::pair<int64_t, int>> locked;
  for (auto r : continued) locked.emplace(r.Int("employee_id"), std::stoi(r.Str("y")));
  const payroll::RuleBook& book = payroll::RuleBook::Builtin();

  std::vector<Problem> problems;
  std::vector<Opening> valid;
  std::set<std::pair<int64_t, int>> seen;
  for (size_t row = 1; row <= t.size(); ++row) {
    int rowno = t.RowNumber(row);
    size_t before = problems.size();
    auto fail = [&](std::string field, std::string msg) {
      problems.push_back({rowno, std::move(field), std::move(msg)});
    };
    if (t.TooWide(row)) {
      fail("row", "more cells than header columns");
      continue;
    }
    Opening o;
    std::string no = t.Cell(row, "employee_no");
    auto emp = FindEmployee(employees, no);
    if (!emp)
      fail("employee_no", no.empty() ? "employee_no is required" : "no such employee: " + no);
    else
      o.employee_id = *emp;
    auto integer = [&](const char* col, int min, int max) -> int {
      std::string s = t.Cell(row, col);
      int v = 0;
      auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
      if (s.empty() || ec != std::errc() || p != s.data() + s.size() || v < min || v > max) {
        fail(col, std::string(col) + " must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
        return 0;
      }
      return v;
    };
    o.tax_year = integer("tax_year", 2019, 2999);
    // Through December there is nothing left to continue: the next year starts afresh.
    o.through_month = integer("through_month", 1, 11);
    o.months_employed = integer("months_employed", 1, 12);
    for (size_t i = 0; i < 8; ++i) {
      auto m = MoneyCell(t.Cell(row, kAmountColumns[i]), kAmountColumns[i]);
      if (m.ok())
        o.amounts[i] = *m;
      else
        fail(m.error().field, m.error().message);
    }
    // One total instead of the breakdown: recorded as 专项扣除 (only the sum matters for the withholding).
    if (std::string total = t.Cell(row, "deductions"); !total.empty()) {
      if (!t.Cell(row, "special_deduction").empty() || !t.Cell(row, "special_additional_deduction").empty() ||
          !t.Cell(row, "other_deduction").empty()) {
        fail("deductions",
             "give either deductions or special_deduction, special_additional_deduction and other_deduction");
      } else {
        auto m = MoneyCell(total, "deductions");
        if (m.ok())
          o.amounts[2] = *m;
        else
          fail(m.error().field, m.error().message);
      }
    }
    bool tax_given = !t.Cell(row, "tax").empty();
    auto up = BoolCell(t.Cell(row, "annual_basic_deduction_upfront"), "annual_basic_deduction_upfront", false);
    if (up.ok())
      o.upfront = *up;
    else
      fail(up.error().field, up.error().message);
    auto sep = BoolCell(t.Cell(row, "annual_bonus_taxed_separately"), "annual_bonus_taxed_separately", false);
    if (sep.ok())
      o.bonus_separately = *sep;
    else
      fail(sep.error().field, sep.error().message);
    auto basic = OptMoneyCell(t.Cell(row, "basic_deduction"), "basic_deduction");
    if (!basic.ok()) fail(basic.error().field, basic.error().message);
    if (problems.size() != before) continue;

    if (o.months_employed > o.through_month) {
      fail("months_employed", "months_employed is more than the months through through_month");
      continue;
    }
    const payroll::ComprehensiveIncomeRules* rules = book.comprehensive_income.At(core::Date(o.tax_year, 1, 1));
    if (!rules) {
      fail("tax_year", "no cumulative-withholding rule for tax year " + std::to_string(o.tax_year));
      continue;
    }
    if (o.upfront && (!rules->annual_basic_deduction_upfront_allowed || o.months_employed != o.through_month)) {
      fail("annual_basic_deduction_upfront",
           "the 60,000 up-front method needs tax year 2021 or later and employment here since January");
      continue;
    }
    // The figures must add up exactly as the engine will continue them (docs: "Go-live").
    Money basic_expected =
        o.upfront ? rules->basic_deduction_per_month * 12 : rules->basic_deduction_per_month * o.months_employed;
    o.basic_deduction = basic_expected.fen();
    if (*basic && **basic != basic_expected.fen()) {
      fail("basic_deduction", "basic_deduction should be " + basic_expected.ToString() + " for " +
                                  std::to_string(o.months_employed) + " month(s) employed");
      continue;
    }
    Money net = Money::Fen(o.amounts[0] - o.amounts[1] - o.amounts[2] - o.amounts[3] - o.amounts[4]) - basic_expected;
    Money taxable = core::Max(Money(), net);
    if (taxable.fen() != o.amounts[5]) {
      fail("taxable_income",
           "taxable_income does not add up: income − tax-free − basic − special − special additional − "
           "other = " +
               taxable.ToString());
      continue;
    }
    Money tax = payroll::ApplyBracket(rules->annual_table.Find(taxable), taxable);
    if (!tax_given) o.amounts[6] = tax.fen();
    if (tax.fen() != o.amounts[6]) {
      fail("tax", "tax does not follow from taxable_income with the " + std::to_string(o.tax_year) +
                      " table: expected " + tax.ToString());
      continue;
    }
    if (locked.count({o.employee_id, o.tax_year})) {
      fail("employee_no", "approved HireFlow payslips of " + std::to_string(o.tax_year) + " already continue from " +
                              no + "'s balance; it can no longer change");
      continue;
    }
    if (!seen.insert({o.employee_id, o.tax_year}).second) {
      fail("employee_no", "the employee and tax year appear twice in the file");
      continue;
    }
    valid.push_back(o);
  }
  bool refused = !options.dry_run && !problems.empty() && !options.skip_invalid;
  size_t imported = 0;
  if (!options.dry_run && !refused) {
    std::string now = Now(env.clock);
    BatchInsert upsert(env.tx, "payroll_ytd_opening",
                       {"employee_id", "tax_year", "through_month", "months_employed", "annual_basic_deduction_upfront",
                        "annual_bonus_taxed_separately", "income", "tax_free_income", "basic_deduction",
                        "special_deduction", "special_additional_deduction", "other_deduction", "taxable_income", "tax",
                        "withheld_tax", "created_at", "updated_at"},
                       500,
                       "ON CONFLICT (employee_id, tax_year) DO UPDATE SET through_month = excluded.through_month, "
                       "months_employed = excluded.months_employed, "
                       "annual_basic_deduction_upfront = excluded.annual_basic_deduction_upfront, "
                       "annual_bonus_taxed_separately = excluded.annual_bonus_taxed_separately, "
                       "income = excluded.income, tax_free_income = excluded.tax_free_income, "
                       "basic_deduction = excluded.basic_deduction, special_deduction = excluded.special_deduction, "
                       "special_additional_deduction = excluded.special_additional_deduction, "
                       "other_deduction = excluded.other_deduction, taxable_income = excluded.taxable_income, "
                       "tax = excluded.tax, withheld_tax = excluded.withheld_tax, updated_at = excluded.updated_at");
    for (const Opening& o : valid) {
      store::Params p = {o.employee_id,
                         o.tax_year,
                         o.through_month,
                         o.months_employed,
                         o.upfront,
                         o.bonus_separately,
                         o.amounts[0],
                         o.amounts[1],
                         o.basic_deduction,
                         o.amounts[2],
                         o.amounts[3],
                         o.amounts[4],
                         o.amounts[5],
                         o.amounts[6],
                         o.amounts[7],
                         now,
                         now};
      HF_TRY(upsert.Add(p));
    }
    HF_TRY(upsert.Flush());
    imported = upsert.written();
    HF_TRY(Audit(env, "import", "payroll_opening", t.xlsx() ? "xlsx" : "csv", nullptr,
                 {{"imported", imported}, {"skipped_rows", t.size() - imported}},
                 std::to_string(imported) + " / " + std::to_string(t.size())));
  }
  return ImportReportJson(options.dry_run, t.size(), valid.size(), imported, problems, refused);
}

Result<ListResult> ListOpeningBalances(Env& env, int tax_year, const Page& page) {
  HF_TRY(RequirePayRight(env.who));
  ListResult out;
  HF_ASSIGN(Rows n, env.tx.Query("SELECT count(*) AS n FROM payroll_ytd_opening WHERE tax_year = ?", {tax_year}));
  out.total = n[0].Int("n");
  HF_ASSIGN(Rows r, env.tx.Query("SELECT o.*, e.employee_no, e.name FROM payroll_ytd_opening o "
                                 "JOIN employees e ON e.id = o.employee_id WHERE o.tax_year = ? "
                                 "ORDER BY e.employee_no LIMIT ? OFFSET ?",
                                 {tax_year, page.limit, page.offset}));
  for (auto row : r) {
    json j = {{"id", row.Int("id")},
              {"employee_id", row.Int("employee_id")},
              {"employee_no", row.Str("employee_no")},
              {"name", row.Str("name")},
              {"tax_year", row.Int("tax_year")},
              {"through_month", row.Int("through_month")},
              {"months_employed", row.Int("months_employed")},
              {"annual_basic_deduction_upfront", row.Int("annual_basic_deduction_upfront") != 0},
              {"annual_bonus_taxed_separately", row.Int("annual_bonus_taxed_separately") != 0},
              {"basic_deduction", MoneyText(row.Int("basic_deduction"))},
              {"updated_at", row.Str("updated_at")}};
    for (const char* c : kAmountColumns) j[c] = MoneyText(row.Int(c));
    out.items.push_back(std::move(j));
  }
  return out;
}

}  // namespace payrollrun
