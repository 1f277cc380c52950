// Helpers shared by the payrollrun sources (not part of the module's face).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "payroll/payslip.h"
#include "payrollrun/payrollrun.h"

namespace payrollrun::detail {

std::string Now(const core::Clock& clock);
// One audit entry and one outbox event (topic "<entity>.<action>", or `topic` when given) in the
// caller's transaction. The event carries the actor and `subject`, never amounts.
core::Status Audit(Env& env, const char* action, std::string_view entity, const std::string& entity_id,
                   const nlohmann::json& before, const nlohmann::json& after, const std::string& subject,
                   std::optional<std::string_view> topic = std::nullopt);

using org::RequireVersion;
using org::VersionConflict;

// A pay month "YYYY-MM".
struct Period {
  int year = 0;
  unsigned month = 0;
  std::string text;

  core::Date First() const { return core::Date(year, month, 1); }
  core::Date Last() const { return core::Date(year, month, core::Date::DaysInMonth(year, month)); }
  Period Previous() const;
  std::string YearStart() const { return text.substr(0, 5) + "01"; }  // first period of the tax year
};
// kInvalid naming `field` unless "YYYY-MM" with a year 2000–2999.
core::Result<Period> ParsePeriod(std::string_view text, std::string_view field = "period");

// kConflict "period_approved" when `period` has an approved run.
core::Status CheckPeriodOpen(store::Tx& tx, const std::string& period);

std::string MoneyText(int64_t fen);                   // "1234.50"
nlohmann::json OptMoney(std::optional<int64_t> fen);  // "1234.50" or null
nlohmann::json Percent(int32_t ppm);                  // 12 or 12.5 (display; input is hundredths of a percent)

// The engine's city code ("beijing") for "Beijing", " beijing ", "北京"; kInvalid naming `field`.
core::Result<std::string> KnownCity(std::string_view text, std::string_view field);
// kInvalid naming `field` unless `ppm` is within the city's housing-fund range on `on` (the earliest
// version when `on` precedes the rule data).
core::Status CheckHousingFundRate(const std::string& city, core::Date on, int32_t ppm, std::string_view field);

// CumulativeState <-> the payslips.ytd_after text (a JSON array of integers, order in 006_payroll.sql).
std::string EncodeYtd(const payroll::CumulativeState& s);
core::Result<payroll::CumulativeState> DecodeYtd(std::string_view text);
// The state as API JSON (amounts as decimal strings).
nlohmann::json YtdJson(const payroll::CumulativeState& s);

// A parsed import file with a header row: CSV text, or an XLSX workbook (recognised by its ZIP magic
// bytes) whose first worksheet is read with org::ReadXlsx (numbers as the decimal text Excel shows,
// date-formatted numbers as YYYY-MM-DD, percent-formatted ones as "12%"). Data rows are indexed from 1.
class CsvTable {
 public:
  // kInvalid naming "file" (empty, malformed, or a damaged workbook) or "header" (unknown column,
  // missing required one); kTooLarge naming "file" for a workbook over the limits. Header names are
  // matched case-insensitively after trimming.
  static core::Result<CsvTable> Parse(std::string_view csv, const std::vector<std::string_view>& required,
                                      const std::vector<std::string_view>& optional);
  size_t size() const { return rows_.size() - 1; }
  // Trimmed cell of data row `row` (1-based); "" when the column is absent or the row is short.
  std::string Cell(size_t row, std::string_view column) const;
  bool TooWide(size_t row) const { return rows_[row].size() > rows_[0].size(); }
  // The number a validation report gives data row `row`: CSV counts data rows from 1 (the header is
  // row 0); XLSX gives the row number the spreadsheet shows (blank rows left out still count).
  int RowNumber(size_t row) const { return xlsx_ ? row_numbers_[row] : int(row); }
  bool xlsx() const { return xlsx_; }

 private:
  std::vector<std::vector<std::string>> rows_;
  std::vector<std::pair<std::string, size_t>> columns_;
  bool xlsx_ = false;
  std::vector<int> row_numbers_;  // XLSX: the sheet's row number of rows_[i]
};

// Cell readers for CSV imports: "" gives the default; kInvalid naming `field` otherwise.
core::Result<int64_t> MoneyCell(const std::string& text, std::string_view field);  // ≥ 0, fen
core::Result<std::optional<int64_t>> OptMoneyCell(const std::string& text, std::string_view field);
core::Result<bool> BoolCell(const std::string& text, std::string_view field, bool default_value);
core::Result<int64_t> HundredthsCell(const std::string& text, std::string_view field, int64_t max_x100);

struct Problem {
  int row = 0;
  std::string field, problem;
};
// The import report JSON shared by the CSV imports.
nlohmann::json ImportReportJson(bool dry_run, size_t total_rows, size_t valid_rows, size_t imported,
                                const std::vector<Problem>& problems, bool refused);

// Multi-row INSERT: rows are buffered and written `rows_per_statement` at a time with one prepared
// statement per batch size, so 100,000 payslips are a few hundred statements, not 100,000 round trips.
class BatchInsert {
 public:
  // `suffix` follows the VALUES list (e.g. an ON CONFLICT clause).
  BatchInsert(store::Tx& tx, std::string_view table, std::vector<std::string_view> columns, size_t rows_per_statement,
              std::string suffix = {});
  // Adds one row (one Param per column); writes a full batch.
  core::Status Add(store::Params& row);
  core::Status Flush();
  size_t written() const { return written_; }
  size_t pending() const { return pending_rows_; }

 private:
  std::string Sql(size_t rows) const;
  store::Tx& tx_;
  std::string table_;
  std::vector<std::string_view> columns_;
  size_t per_statement_;
  std::string suffix_;
  std::string full_sql_;
  store::Params pending_;
  size_t pending_rows_ = 0;
  size_t written_ = 0;
};

// Employee numbers -> ids, loaded once for an import.
core::Result<std::vector<std::pair<std::string, int64_t>>> EmployeeNumbers(store::Tx& tx);
std::optional<int64_t> FindEmployee(const std::vector<std::pair<std::string, int64_t>>& sorted, std::string_view no);

// Market data (market.cpp): the matching key of a position text (lower case, single spaces) and the
// city code of a known city or the key of any other; a market_salary_data row as API JSON.
std::string PositionKey(std::string_view text);
std::string MarketCity(std::string_view text);
nlohmann::json MarketRowJson(const store::Rows::Row& r);

// City rule overrides (city_rules.cpp): applies the overrides in force on the first day of the rates'
// month to `rates` (resolved from the built-in book). Runs call this before computing any payslip.
core::Status ApplyCityRuleOverrides(store::Tx& tx, payroll::CityRates& rates);

}  // namespace payrollrun::detail
