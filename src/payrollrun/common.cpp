#include <algorithm>
#include <charconv>

#include "core/json_input.h"
#include "core/money.h"
#include "org/xlsx.h"
#include "jobs/jobs.h"
#include "payroll/social_insurance.h"
#include "payroll/calc.h"
#include "payrollrun/detail.h"

namespace payrollrun {

using core::Error;
using core::Result;
using core::Status;
using nlohmann::json;

Status RequirePayRight(const auth::Principal& p) {
  if (org::IsHrOrAdmin(p)) return {};
  return Error::Forbidden("payroll is for HR and administrators");
}

Status RequireOwnPayslipAccess(const auth::Principal& p) {
  if (org::IsHrOrAdmin(p) || p.role == auth::Role::kEmployee || p.employee_id) return {};
  return Error::Forbidden("payslips are for HR and for the employee they belong to");
}

Status RequirePreviewAccess(const auth::Principal& p) {
  if (org::IsHrOrAdmin(p) || p.role == auth::Role::kHiringManager) return {};
  return Error::Forbidden("the offer calculator is for HR and hiring managers");
}

namespace detail {

std::string Now(const core::Clock& clock) { return core::FormatInstant(clock.Now()); }

Status Audit(Env& env, const char* action, std::string_view entity, const std::string& entity_id, const json& before,
             const json& after, const std::string& subject, std::optional<std::string_view> topic) {
  return org::AuditChange(env.tx, &env.who, env.clock, env.request_id, action, entity, entity_id, before, after, subject, topic);
}

Period Period::Previous() const {
  Period p;
  p.year = month == 1 ? year - 1 : year;
  p.month = month == 1 ? 12 : month - 1;
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04d-%02u", p.year, p.month);
  p.text = buf;
  return p;
}

Result<Period> ParsePeriod(std::string_view text, std::string_view field) {
  auto bad = [&] { return Error::Invalid(std::string(field), std::string(field) + " must be a month as YYYY-MM"); };
  if (text.size() != 7 || text[4] != '-') return bad();
  int y = 0, m = 0;
  auto r1 = std::from_chars(text.data(), text.data() + 4, y);
  auto r2 = std::from_chars(text.data() + 5, text.data() + 7, m);
  if (r1.ec != std::errc() || r1.ptr != text.data() + 4 || r2.ec != std::errc() || r2.ptr != text.data() + 7)
    return bad();
  if (y < 2000 || y > 2999 || m < 1 || m > 12) return bad();
  return Period{y, unsigned(m), std::string(text)};
}

Status CheckPeriodOpen(store::Tx& tx, const std::string& period) {
  HF_ASSIGN(store::Rows r, tx.Query("SELECT id FROM payroll_runs WHERE period = ? AND status = 'approved'", {period}));
  if (!r.empty())
    return Error::Conflict("the payroll of " + period + " is approved; corrections go into the next period's run",
                           "period_approved");
  return {};
}

std::string MoneyText(int64_t fen) { return core::Money::Fen(fen).ToString(); }
json OptMoney(std::optional<int64_t> fen) { return fen ? json(MoneyText(*fen)) : json(nullptr); }

json Percent(int32_t ppm) {
  int64_t x100 = ppm / 100;
  if (x100 % 100 == 0) return json(x100 / 100);
  return json(double(x100) / 100.0);
}

Result<std::string> KnownCity(std::string_view text, std::string_view field) {
  std::string s;
  for (char c : text)
    if (!std::isspace(static_cast<unsigned char>(c))) s += char(std::tolower(static_cast<unsigned char>(c)));
  static const std::pair<std::string_view, std::string_view> kChinese[] = {
      {"北京", "beijing"}, {"上海", "shanghai"}, {"深圳", "shenzhen"}, {"广州", "guangzhou"}, {"杭州", "hangzhou"}};
  for (auto [zh, code] : kChinese)
    if (s == zh || s == std::string(zh) + "市") s = code;
  for (std::string_view c : payroll::SocialInsuranceBook::BuiltinCities())
    if (s == c) return s;
  std::string known;
  for (std::string_view c : payroll::SocialInsuranceBook::BuiltinCities())
    known += (known.empty() ? "" : ", ") + std::string(c);
  return Error::Invalid(std::string(field), std::string(field) + " must be a city the payroll rules cover (" + known +
                                                "), not '" + std::string(text) + "'");
}

Status CheckHousingFundRate(const std::string& city, core::Date on, int32_t ppm, std::string_view field) {
  const auto& book = payroll::SocialInsuranceBook::Builtin();
  const payroll::CitySocialInsurance* c = book.Find(city);
  if (!c || c->versions.items.empty()) return Error::Invalid("city", "unknown city " + city);
  const payroll::SocialInsuranceRules* v = c->versions.At(on);
  if (!v) v = on < c->versions.items.front().effective.from ? &c->versions.items.front() : &c->versions.Latest();
  if (ppm < v->housing_fund.min_ppm || ppm > v->housing_fund.max_ppm) {
    return Error::Invalid(std::string(field), std::string(field) + " must be between " +
                                                  Percent(v->housing_fund.min_ppm).dump() + "% and " +
                                                  Percent(v->housing_fund.max_ppm).dump() + "% in " + city);
  }
  return {};
}

// ---- year-to-date state -----------------------------------------------------------------------------

std::string EncodeYtd(const payroll::CumulativeState& s) {
  const int64_t v[15] = {s.tax_year,
                         s.first_month,
                         s.last_month,
                         s.months_employed,
                         s.annual_basic_deduction_upfront ? 1 : 0,
                         s.annual_bonus_taxed_separately ? 1 : 0,
                         s.income.fen(),
                         s.tax_free_income.fen(),
                         s.basic_deduction.fen(),
                         s.special_deduction.fen(),
                         s.special_additional_deduction.fen(),
                         s.other_deduction.fen(),
                         s.taxable_income.fen(),
                         s.tax.fen(),
                         s.withheld_tax.fen()};
  char buf[15 * 21 + 2];
  char* p = buf;
  *p++ = '[';
  for (int i = 0; i < 15; ++i) {
    if (i) *p++ = ',';
    p = std::to_chars(p, buf + sizeof buf, v[i]).ptr;
  }
  *p++ = ']';
  return std::string(buf, p);
}

Result<payroll::CumulativeState> DecodeYtd(std::string_view text) {
  int64_t v[15];
  const char* p = text.data();
  const char* end = text.data() + text.size();
  auto bad = [&] { return Error::Internal("malformed ytd_after: " + std::string(text.substr(0, 80))); };
  if (p == end || *p != '[') return bad();
  ++p;
  for (int i = 0; i < 15; ++i) {
    auto r = std::from_chars(p, end, v[i]);
    if (r.ec != std::errc()) return bad();
    p = r.ptr;
    if (p == end || *p != (i == 14 ? ']' : ',')) return bad();
    ++p;
  }
  payroll::CumulativeState s;
  s.tax_year = int(v[0]);
  s.first_month = int(v[1]);
  s.last_month = int(v[2]);
  s.months_employed = int(v[3]);
  s.annual_basic_deduction_upfront = v[4] != 0;
  s.annual_bonus_taxed_separately = v[5] != 0;
  s.income = core::Money::Fen(v[6]);
  s.tax_free_income = core::Money::Fen(v[7]);
  s.basic_deduction = core::Money::Fen(v[8]);
  s.special_deduction = core::Money::Fen(v[9]);
  s.special_additional_deduction = core::Money::Fen(v[10]);
  s.other_deduction = core::Money::Fen(v[11]);
  s.taxable_income = core::Money::Fen(v[12]);
  s.tax = core::Money::Fen(v[13]);
  s.withheld_tax = core::Money::Fen(v[14]);
  return s;
}

json YtdJson(const payroll::CumulativeState& s) { return payroll::CumulativeStateJson(s); }

// ---- CSV ----------------------------------------------------------------------------------------------

namespace {
// An XLSX import may be as long as a sheet can be (the request body limit of the route bounds it first).
constexpr org::XlsxLimits kXlsxLimits{.max_rows = 1'048'576, .max_part_bytes = 256u << 20, .max_total_bytes = 512u << 20};

std::string Trim(std::string_view v) {
  size_t a = v.find_first_not_of(" \t"), b = v.find_last_not_of(" \t");
  return a == std::string_view::npos ? std::string() : std::string(v.substr(a, b - a + 1));
}
}  // namespace

Result<CsvTable> CsvTable::Parse(std::string_view csv, const std::vector<std::string_view>& required,
                                 const std::vector<std::string_view>& optional) {
  CsvTable t;
  if (org::LooksLikeZip(csv)) {
    // An XLSX workbook (every XLSX is a ZIP; no CSV starts with "PK\3\4"): the first worksheet, whose
    // first non-blank row is the header. Blank rows are left out; each row keeps the number the
    // spreadsheet shows for it, so the report points at the right line.
    HF_ASSIGN(auto sheet, org::ReadXlsx(csv, kXlsxLimits));
    t.xlsx_ = true;
    for (size_t i = 0; i < sheet.size(); ++i) {
      auto& cells = sheet[i];
      while (!cells.empty() && Trim(cells.back()).empty()) cells.pop_back();
      if (cells.empty()) continue;
      t.rows_.push_back(std::move(cells));
      t.row_numbers_.push_back(int(i + 1));
    }
    if (t.rows_.empty()) return Error::Invalid("file", "the worksheet is empty");
  } else {
    HF_ASSIGN(t.rows_, org::ParseCsv(csv));
    if (t.rows_.empty()) return Error::Invalid("file", "the CSV file is empty");
  }
  for (size_t i = 0; i < t.rows_[0].size(); ++i) {
    std::string h = Trim(t.rows_[0][i]);
    for (auto& ch : h) ch = char(std::tolower(static_cast<unsigned char>(ch)));
    bool known = std::find(required.begin(), required.end(), h) != required.end() ||
                 std::find(optional.begin(), optional.end(), h) != optional.end();
    if (!known) return Error::Invalid("header", "unknown column '" + t.rows_[0][i] + "'");
    for (auto& [name, idx] : t.columns_)
      if (name == h) return Error::Invalid("header", "column '" + h + "' appears twice");
    t.columns_.emplace_back(h, i);
  }
  for (std::string_view req : required) {
    bool found = false;
    for (auto& [name, idx] : t.columns_) found = found || name == req;
    if (!found) return Error::Invalid("header", "missing required column '" + std::string(req) + "'");
  }
  return t;
}

std::string CsvTable::Cell(size_t row, std::string_view column) const {
  for (auto& [name, idx] : columns_) {
    if (name != column) continue;
    const auto& cells = rows_[row];
    return idx < cells.size() ? Trim(cells[idx]) : std::string();
  }
  return {};
}

Result<int64_t> MoneyCell(const std::string& text, std::string_view field) {
  HF_ASSIGN(auto m, OptMoneyCell(text, field));
  return m.value_or(0);
}

Result<std::optional<int64_t>> OptMoneyCell(const std::string& text, std::string_view field) {
  if (text.empty()) return std::optional<int64_t>();
  auto m = core::Money::Parse(text, field);
  if (!m.ok()) return Error::Invalid(std::string(field), "not an amount: '" + text + "'");
  if (m->fen() < 0) return Error::Invalid(std::string(field), "must not be negative");
  if (m->fen() > core::kMaxAmountFen) return Error::Invalid(std::string(field), "amount too large");
  return std::optional<int64_t>(m->fen());
}

Result<bool> BoolCell(const std::string& text, std::string_view field, bool default_value) {
  if (text.empty()) return default_value;
  std::string s;
  for (char c : text) s += char(std::tolower(static_cast<unsigned char>(c)));
  if (s == "true" || s == "1" || s == "yes" || s == "y" || s == "是") return true;
  if (s == "false" || s == "0" || s == "no" || s == "n" || s == "否") return false;
  return Error::Invalid(std::string(field), "expected true or false, not '" + text + "'");
}

Result<int64_t> HundredthsCell(const std::string& text, std::string_view field, int64_t max_x100) {
  if (text.empty()) return int64_t{0};
  auto v = core::ParseHundredths(text);
  if (!v)
    return Error::Invalid(std::string(field),
                          "expected a non-negative decimal with at most two decimals, not '" + text + "'");
  if (*v > max_x100) return Error::Invalid(std::string(field), "too large: " + text);
  return *v;
}

json ImportReportJson(bool dry_run, size_t total_rows, size_t valid_rows, size_t imported,
                      const std::vector<Problem>& problems, bool refused) {
  json p = json::array();
  for (const auto& x : problems) p.push_back({{"row", x.row}, {"field", x.field}, {"problem", x.problem}});
  return {{"dry_run", dry_run}, {"total_rows", total_rows}, {"valid_rows", valid_rows}, {"imported", imported},
          {"problems", p},      {"refused", refused}};
}

// ---- batch insert -------------------------------------------------------------------------------------

BatchInsert::BatchInsert(store::Tx& tx, std::string_view table, std::vector<std::string_view> columns,
                         size_t rows_per_statement, std::string suffix)
    : tx_(tx),
      table_(table),
      columns_(std::move(columns)),
      per_statement_(rows_per_statement),
      suffix_(std::move(suffix)) {
  full_sql_ = Sql(per_statement_);
  pending_.reserve(per_statement_ * columns_.size());
}

std::string BatchInsert::Sql(size_t rows) const {
  std::string sql = "INSERT INTO " + table_ + "(";
  std::string marks = "(";
  for (size_t i = 0; i < columns_.size(); ++i) {
    sql += (i ? ", " : "") + std::string(columns_[i]);
    marks += i ? ",?" : "?";
  }
  marks += ")";
  sql += ") VALUES ";
  sql.reserve(sql.size() + rows * (marks.size() + 1));
  for (size_t r = 0; r < rows; ++r) {
    if (r) sql += ',';
    sql += marks;
  }
  if (!suffix_.empty()) sql += " " + suffix_;
  return sql;
}

Status BatchInsert::Add(store::Params& row) {
  assert(row.size() == columns_.size());
  for (auto& p : row) pending_.push_back(std::move(p));
  ++pending_rows_;
  if (pending_rows_ == per_statement_) return Flush();
  return {};
}

Status BatchInsert::Flush() {
  if (pending_rows_ == 0) return {};
  std::string partial;
  if (pending_rows_ != per_statement_) partial = Sql(pending_rows_);
  HF_TRY(tx_.Exec(partial.empty() ? full_sql_ : partial, pending_));
  written_ += pending_rows_;
  pending_rows_ = 0;
  pending_.clear();
  return {};
}

Result<std::vector<std::pair<std::string, int64_t>>> EmployeeNumbers(store::Tx& tx) {
  HF_ASSIGN(store::Rows r, tx.Query("SELECT id, employee_no FROM employees"));
  std::vector<std::pair<std::string, int64_t>> out;
  out.reserve(r.size());
  for (auto row : r) out.emplace_back(std::string(row.View("employee_no")), row.Int("id"));
  std::sort(out.begin(), out.end());
  return out;
}

std::optional<int64_t> FindEmployee(const std::vector<std::pair<std::string, int64_t>>& sorted, std::string_view no) {
  auto it = std::lower_bound(sorted.begin(), sorted.end(), no,
                             [](const std::pair<std::string, int64_t>& a, std::string_view b) { return a.first < b; });
  if (it == sorted.end() || it->first != no) return std::nullopt;
  return it->second;
}

}  // namespace detail
}  // namespace payrollrun
