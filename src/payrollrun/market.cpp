// Market salary data: percentiles (P25/P50/P75/P90, monthly) per position and city as of a date,
// imported from CSV with a validation report; every date is kept as history (docs/compensation.md).
// The table market_salary_data is also read directly by analytics (salary trends).
#include <algorithm>
#include <set>
#include <tuple>

#include "payrollrun/detail.h"

namespace payrollrun {

using core::Error;
using core::Result;
using core::Status;
using nlohmann::json;
using store::Rows;
using namespace detail;

namespace detail {

std::string PositionKey(std::string_view text) {
  std::string s;
  bool space = false;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !s.empty();
      continue;
    }
    if (space) s += ' ';
    space = false;
    s += char(std::tolower(static_cast<unsigned char>(c)));
  }
  return s;
}

std::string MarketCity(std::string_view text) {
  auto known = KnownCity(text, "city");
  if (known.ok()) return *known;
  return PositionKey(text);
}

json MarketRowJson(const Rows::Row& r) {
  auto pct = [&](const char* c) { return r.IsNull(c) ? json(nullptr) : json(MoneyText(r.Int(c))); };
  return {{"id", r.Int("id")},         {"position", r.Str("position")}, {"city", r.Str("city")},
          {"p25", pct("p25")},         {"p50", pct("p50")},            {"p75", pct("p75")},
          {"p90", pct("p90")},         {"as_of", r.Str("as_of")},      {"source", r.IsNull("source") ? json(nullptr) : json(r.Str("source"))},
          {"imported_at", r.Str("imported_at")}};
}

}  // namespace detail

namespace {
constexpr const char* kCols = "id, position, city, p25, p50, p75, p90, as_of, source, imported_at";
constexpr int64_t kMaxInt32 = 2147483647;
}  // namespace

Result<ListResult> ListMarketData(Env& env, const MarketFilter& f, const Page& page) {
  HF_TRY(RequirePayRight(env.who));
  std::string where = " WHERE 1=1";
  store::Params p;
  if (f.position && !f.position->empty()) {
    where += " AND m.position_key LIKE ?";
    p.push_back("%" + PositionKey(*f.position) + "%");
  }
  if (f.city && !f.city->empty()) {
    where += " AND m.city = ?";
    p.push_back(MarketCity(*f.city));
  }
  if (f.latest)
    where += " AND m.as_of = (SELECT MAX(x.as_of) FROM market_salary_data x WHERE x.position_key = m.position_key AND "
             "x.city = m.city)";
  HF_ASSIGN(Rows n, env.tx.Query("SELECT COUNT(*) AS n FROM market_salary_data m" + where, p));
  store::Params q = p;
  q.push_back(int64_t(page.limit));
  q.push_back(int64_t(page.offset));
  HF_ASSIGN(Rows r, env.tx.Query(std::string("SELECT ") + kCols + " FROM market_salary_data m" + where +
                                     " ORDER BY m.position_key, m.city, m.as_of DESC, m.id DESC LIMIT ? OFFSET ?",
                                 q));
  ListResult out;
  out.total = n[0].Int("n");
  for (auto row : r) out.items.push_back(MarketRowJson(row));
  return out;
}

Result<json> ImportMarketCsv(Env& env, std::string_view csv, const ImportOptions& options) {
  HF_TRY(RequirePayRight(env.who));
  // "date" is accepted for as_of (the column list says "date").
  HF_ASSIGN(CsvTable t, CsvTable::Parse(csv, {"position", "city"}, {"p25", "p50", "p75", "p90", "as_of", "date", "source"}));
  struct Row {
    std::string position, key, city, as_of, source;
    std::optional<int64_t> pct[4];
  };
  std::vector<Problem> problems;
  std::vector<Row> valid;
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  const std::string today = Now(env.clock).substr(0, 10);
  static const char* kPct[] = {"p25", "p50", "p75", "p90"};
  for (size_t row = 1; row <= t.size(); ++row) {
    int rowno = t.RowNumber(row);
    size_t before = problems.size();
    auto fail = [&](const std::string& field, const std::string& msg) { problems.push_back({rowno, field, msg}); };
    if (t.TooWide(row)) {
      fail("row", "more cells than header columns");
      continue;
    }
    Row x;
    x.position = t.Cell(row, "position");
    if (x.position.empty()) fail("position", "position is required");
    else if (x.position.size() > 200) fail("position", "position is longer than 200 bytes");
    x.key = PositionKey(x.position);
    std::string city = t.Cell(row, "city");
    if (city.empty()) fail("city", "city is required");
    else if (city.size() > 100) fail("city", "city is longer than 100 bytes");
    x.city = MarketCity(city);
    std::string as_of = t.Cell(row, "as_of");
    const char* date_col = "as_of";
    if (as_of.empty()) {
      as_of = t.Cell(row, "date");
      date_col = "date";
    }
    if (as_of.empty()) {
      fail("as_of", "as_of (or date) is required");
    } else {
      auto d = core::Date::Parse(as_of, date_col);
      if (!d.ok()) fail(date_col, "not a date (YYYY-MM-DD): '" + as_of + "'");
      else if (d->ToString() > today) fail(date_col, "as_of is in the future");
      else x.as_of = d->ToString();
    }
    x.source = t.Cell(row, "source");
    if (x.source.size() > 200) fail("source", "source is longer than 200 bytes");
    int present = 0;
    for (int i = 0; i < 4; ++i) {
      auto m = OptMoneyCell(t.Cell(row, kPct[i]), kPct[i]);
      if (!m.ok()) {
        fail(kPct[i], m.error().message);
        continue;
      }
      if (*m && **m > kMaxInt32) {
        fail(kPct[i], "amount too large");
        continue;
      }
      if (*m && **m == 0) {
        fail(kPct[i], "must be above 0");
        continue;
      }
      x.pct[i] = *m;
      if (*m) ++present;
    }
    if (problems.size() == before && present == 0) fail("p50", "at least one of p25, p50, p75, p90 is required");
    if (problems.size() == before) {
      std::optional<int64_t> last;
      int last_i = 0;
      for (int i = 0; i < 4; ++i) {
        if (!x.pct[i]) continue;
        if (last && *x.pct[i] < *last) {
          fail(kPct[i], std::string(kPct[i]) + " is below " + kPct[last_i] + ": percentiles must not decrease");
          break;
        }
        last = x.pct[i];
        last_i = i;
      }
    }
    if (problems.size() == before && !seen.insert({x.key, x.city, x.as_of}).second)
      fail("position", "the same position, city and date appear twice in the file");
    if (problems.size() == before) valid.push_back(std::move(x));
  }
  bool refused = !options.dry_run && !problems.empty() && !options.skip_invalid;
  size_t imported = 0;
  int64_t replaced = 0;
  // Rows of a (position, city, date) already stored are replaced (counted in the dry run too).
  for (const Row& x : valid) {
    HF_ASSIGN(Rows n, env.tx.Query("SELECT COUNT(*) AS n FROM market_salary_data WHERE position_key = ? AND city = ? AND as_of = ?",
                                   {x.key, x.city, x.as_of}));
    replaced += n[0].Int("n") > 0 ? 1 : 0;
  }
  if (!options.dry_run && !refused) {
    std::string now = Now(env.clock);
    for (const Row& x : valid)
      HF_TRY(env.tx.Exec("DELETE FROM market_salary_data WHERE position_key = ? AND city = ? AND as_of = ?",
                         {x.key, x.city, x.as_of}));
    BatchInsert insert(env.tx, "market_salary_data",
                       {"position", "position_key", "city", "p25", "p50", "p75", "p90", "as_of", "source",
                        "imported_at", "imported_by"},
                       200);
    for (const Row& x : valid) {
      store::Params p = {x.position, x.key, x.city, x.pct[0], x.pct[1], x.pct[2], x.pct[3], x.as_of,
                         x.source.empty() ? store::Param(std::nullopt) : store::Param(x.source), now, env.who.user_id};
      HF_TRY(insert.Add(p));
    }
    HF_TRY(insert.Flush());
    imported = insert.written();
    HF_TRY(Audit(env, "import", "market_salary_data", t.xlsx() ? "xlsx" : "csv", nullptr,
                 {{"imported", imported}, {"replaced", replaced}, {"skipped_rows", t.size() - imported}},
                 std::to_string(imported) + " / " + std::to_string(t.size())));
  }
  json report = ImportReportJson(options.dry_run, t.size(), valid.size(), imported, problems, refused);
  report["replaced"] = replaced;
  return report;
}

}  // namespace payrollrun
