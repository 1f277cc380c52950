// Salary bands: monthly pay ranges (min, midpoint, max) per position and grade, effective-dated, with
// their history, edited one at a time or imported from CSV (docs/compensation.md "Salary bands").
#include <algorithm>
#include <map>

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

constexpr const char* kSelect =
    "SELECT b.id, b.position_id, b.grade_id, b.effective_from, b.effective_to, b.min_salary, b.mid_salary, "
    "b.max_salary, b.note, b.version, b.created_at, b.updated_at, p.title AS position_title, p.code AS position_code, "
    "g.code AS grade_code, g.name AS grade_name, g.level AS grade_level "
    "FROM salary_bands b JOIN positions p ON p.id = b.position_id JOIN grades g ON g.id = b.grade_id";

struct Band {
  int64_t position_id = 0, grade_id = 0;
  core::Date from;
  std::optional<core::Date> to;
  int64_t min = 0, mid = 0, max = 0;
  std::optional<int64_t> mid_given;
  std::string note;
};

json RowJson(const Rows::Row& r) {
  return {{"id", r.Int("id")},
          {"position_id", r.Int("position_id")},
          {"position_title", r.Str("position_title")},
          {"position_code", r.Str("position_code")},
          {"grade_id", r.Int("grade_id")},
          {"grade_code", r.Str("grade_code")},
          {"grade_name", r.Str("grade_name")},
          {"grade_level", r.Int("grade_level")},
          {"effective_from", r.Str("effective_from")},
          {"effective_to", r.IsNull("effective_to") ? json(nullptr) : json(r.Str("effective_to"))},
          {"min_salary", MoneyText(r.Int("min_salary"))},
          {"mid_salary", MoneyText(r.Int("mid_salary"))},
          {"max_salary", MoneyText(r.Int("max_salary"))},
          {"note", r.Str("note")},
          {"version", r.Int("version")},
          {"created_at", r.Str("created_at")},
          {"updated_at", r.Str("updated_at")}};
}

Band FromRow(const Rows::Row& r) {
  Band b;
  b.position_id = r.Int("position_id");
  b.grade_id = r.Int("grade_id");
  b.from = *core::Date::Parse(r.Str("effective_from"));
  if (!r.IsNull("effective_to")) b.to = *core::Date::Parse(r.Str("effective_to"));
  b.min = r.Int("min_salary");
  b.mid = r.Int("mid_salary");
  b.max = r.Int("max_salary");
  b.mid_given = b.mid;
  b.note = r.Str("note");
  return b;
}

Result<json> Load(store::Tx& tx, int64_t id) {
  HF_ASSIGN(Rows r, tx.Query(std::string(kSelect) + " WHERE b.id = ?", {id}));
  if (r.empty()) return Error::NotFound("no such salary band");
  return RowJson(r[0]);
}

// Range and order rules, after every field was read.
Status Check(Band& b) {
  if (b.min <= 0) return Error::Invalid("min_salary", "min_salary must be above 0");
  if (b.max < b.min) return Error::Invalid("max_salary", "max_salary must not be below min_salary");
  b.mid = b.mid_given ? *b.mid_given : b.min + (b.max - b.min) / 2;
  if (b.mid < b.min || b.mid > b.max) return Error::Invalid("mid_salary", "mid_salary must be between min_salary and max_salary");
  if (b.to && *b.to < b.from) return Error::Invalid("effective_to", "effective_to must not be before effective_from");
  return {};
}

Status ReadBody(const json& body, Band& b, bool creating) {
  HF_ASSIGN(core::ObjectReader o, core::ObjectReader::Open(body, ""));
  HF_TRY(o.Only({"position_id", "grade_id", "effective_from", "effective_to", "min_salary", "mid_salary", "max_salary",
                 "note", "version", "id", "position_title", "position_code", "grade_code", "grade_name", "grade_level",
                 "created_at", "updated_at"}));
  HF_ASSIGN(auto pos, o.Integer("position_id", 1, INT64_MAX));
  if (pos) b.position_id = *pos;
  else if (creating) return o.Missing("position_id");
  HF_ASSIGN(auto grade, o.Integer("grade_id", 1, INT64_MAX));
  if (grade) b.grade_id = *grade;
  else if (creating) return o.Missing("grade_id");
  HF_ASSIGN(auto from, o.Day("effective_from"));
  if (from) b.from = *from;
  else if (creating) return o.Missing("effective_from");
  HF_ASSIGN(auto to, o.Day("effective_to"));
  if (to) b.to = *to;
  else if (body.contains("effective_to")) b.to = std::nullopt;
  HF_ASSIGN(auto mn, o.Amount("min_salary"));
  if (mn) b.min = mn->fen();
  else if (creating) return o.Missing("min_salary");
  HF_ASSIGN(auto mx, o.Amount("max_salary"));
  if (mx) b.max = mx->fen();
  else if (creating) return o.Missing("max_salary");
  HF_ASSIGN(auto md, o.Amount("mid_salary"));
  if (md) {
    b.mid_given = md->fen();
  } else if (creating || body.contains("mid_salary")) {
    b.mid_given = std::nullopt;  // the half-way point
  } else if (b.mid_given && (*b.mid_given < b.min || *b.mid_given > b.max)) {
    b.mid_given = std::nullopt;  // the kept midpoint no longer fits the edited range
  }
  HF_ASSIGN(auto note, org::OptText(body, "note", 500));
  if (note) b.note = *note;
  return Check(b);
}

Status CheckRefs(store::Tx& tx, const Band& b) {
  HF_ASSIGN(Rows p, tx.Query("SELECT 1 FROM positions WHERE id = ?", {b.position_id}));
  if (p.empty()) return Error::Invalid("position_id", "no such position");
  HF_ASSIGN(Rows g, tx.Query("SELECT 1 FROM grades WHERE id = ?", {b.grade_id}));
  if (g.empty()) return Error::Invalid("grade_id", "no such grade");
  return {};
}

struct Existing {
  int64_t id;
  core::Date from;
  std::optional<core::Date> to;
};

bool Overlaps(const core::Date& a_from, const std::optional<core::Date>& a_to, const core::Date& b_from,
              const std::optional<core::Date>& b_to) {
  return (!a_to || b_from <= *a_to) && (!b_to || a_from <= *b_to);
}

Error Overlap(const Existing& e) {
  Error err = Error::Conflict("the band overlaps the one effective from " + e.from.ToString() +
                                  (e.to ? " to " + e.to->ToString() : std::string(" (open-ended)")),
                              "band_overlap");
  err.field = "effective_from";
  return err;
}

// Decides how `b` fits among `others` (same position and grade): nullopt = fits; closes = the id of
// the open-ended band that starts earlier and is closed the day before b.from.
struct Fit {
  std::optional<Error> error;
  std::optional<int64_t> closes;
};
Fit FitBand(const Band& b, const std::vector<Existing>& others, bool allow_close) {
  Fit f;
  for (const Existing& e : others) {
    if (!Overlaps(b.from, b.to, e.from, e.to)) continue;
    bool closable = allow_close && !e.to && e.from < b.from && !f.closes;
    if (closable) {
      // Closing it must not leave another overlap: the new band must not reach past later bands (checked
      // by the loop for the others).
      f.closes = e.id;
      continue;
    }
    f.error = Overlap(e);
    return f;
  }
  return f;
}

Result<std::vector<Existing>> Others(store::Tx& tx, int64_t position_id, int64_t grade_id, int64_t except_id) {
  HF_ASSIGN(Rows r, tx.Query("SELECT id, effective_from, effective_to FROM salary_bands WHERE position_id = ? AND "
                             "grade_id = ? AND id <> ? ORDER BY effective_from",
                             {position_id, grade_id, except_id}));
  std::vector<Existing> v;
  for (auto row : r) {
    Existing e{row.Int("id"), *core::Date::Parse(row.Str("effective_from")), std::nullopt};
    if (!row.IsNull("effective_to")) e.to = *core::Date::Parse(row.Str("effective_to"));
    v.push_back(e);
  }
  return v;
}

std::string Subject(const json& j) {
  return j["position_title"].get<std::string>() + " / " + j["grade_code"].get<std::string>() + " from " +
         j["effective_from"].get<std::string>();
}

Status CloseBand(Env& env, int64_t id, const core::Date& new_from) {
  HF_ASSIGN(json before, Load(env.tx, id));
  HF_TRY(env.tx.Exec("UPDATE salary_bands SET effective_to = ?, version = version + 1, updated_at = ? WHERE id = ?",
                     {new_from.AddDays(-1).ToString(), Now(env.clock), id}));
  HF_ASSIGN(json after, Load(env.tx, id));
  return Audit(env, "update", "salary_band", std::to_string(id), before, after, Subject(after));
}

Result<int64_t> Insert(Env& env, const Band& b) {
  std::string now = Now(env.clock);
  HF_ASSIGN(Rows r, env.tx.Query("INSERT INTO salary_bands(position_id, grade_id, effective_from, effective_to, min_salary, "
                                 "mid_salary, max_salary, note, created_by, created_at, updated_at) "
                                 "VALUES (?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
                                 {b.position_id, b.grade_id, b.from.ToString(),
                                  b.to ? store::Param(b.to->ToString()) : store::Param(std::nullopt), b.min, b.mid,
                                  b.max, b.note, env.who.user_id, now, now}));
  return r[0].Int("id");
}

}  // namespace

Result<ListResult> ListBands(Env& env, const BandFilter& f, const Page& page) {
  HF_TRY(RequirePayRight(env.who));
  std::string where = " WHERE 1=1";
  store::Params p;
  if (f.position_id) {
    where += " AND b.position_id = ?";
    p.push_back(*f.position_id);
  }
  if (f.grade_id) {
    where += " AND b.grade_id = ?";
    p.push_back(*f.grade_id);
  }
  if (f.on) {
    HF_ASSIGN(core::Date d, core::Date::Parse(*f.on, "on"));
    where += " AND b.effective_from <= ? AND (b.effective_to IS NULL OR b.effective_to >= ?)";
    p.push_back(d.ToString());
    p.push_back(d.ToString());
  }
  HF_ASSIGN(Rows n, env.tx.Query("SELECT COUNT(*) AS n FROM salary_bands b" + where, p));
  store::Params q = p;
  q.push_back(int64_t(page.limit));
  q.push_back(int64_t(page.offset));
  HF_ASSIGN(Rows r, env.tx.Query(std::string(kSelect) + where +
                                     " ORDER BY p.title, g.level, g.code, b.effective_from DESC LIMIT ? OFFSET ?",
                                 q));
  ListResult out;
  out.total = n[0].Int("n");
  for (auto row : r) out.items.push_back(RowJson(row));
  return out;
}

Result<json> CreateBand(Env& env, const json& body) {
  HF_TRY(RequirePayRight(env.who));
  Band b;
  HF_TRY(ReadBody(body, b, true));
  HF_TRY(CheckRefs(env.tx, b));
  HF_ASSIGN(auto others, Others(env.tx, b.position_id, b.grade_id, 0));
  Fit fit = FitBand(b, others, true);
  if (fit.error) return *fit.error;
  if (fit.closes) HF_TRY(CloseBand(env, *fit.closes, b.from));
  HF_ASSIGN(int64_t id, Insert(env, b));
  HF_ASSIGN(json j, Load(env.tx, id));
  HF_TRY(Audit(env, "create", "salary_band", std::to_string(id), nullptr, j, Subject(j)));
  return j;
}

Result<json> UpdateBand(Env& env, int64_t id, const json& body) {
  HF_TRY(RequirePayRight(env.who));
  HF_ASSIGN(Rows cur, env.tx.Query(std::string(kSelect) + " WHERE b.id = ?", {id}));
  if (cur.empty()) return Error::NotFound("no such salary band");
  HF_ASSIGN(int64_t version, RequireVersion(body));
  json before = RowJson(cur[0]);
  Band b = FromRow(cur[0]);
  HF_TRY(ReadBody(body, b, false));
  HF_TRY(CheckRefs(env.tx, b));
  HF_ASSIGN(auto others, Others(env.tx, b.position_id, b.grade_id, id));
  Fit fit = FitBand(b, others, false);
  if (fit.error) return *fit.error;
  HF_ASSIGN(int64_t n, env.tx.Exec("UPDATE salary_bands SET position_id = ?, grade_id = ?, effective_from = ?, "
                                   "effective_to = ?, min_salary = ?, mid_salary = ?, max_salary = ?, note = ?, "
                                   "version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
                                   {b.position_id, b.grade_id, b.from.ToString(),
                                    b.to ? store::Param(b.to->ToString()) : store::Param(std::nullopt), b.min, b.mid,
                                    b.max, b.note, Now(env.clock), id, version}));
  if (n == 0) return VersionConflict("salary band");
  HF_ASSIGN(json after, Load(env.tx, id));
  HF_TRY(Audit(env, "update", "salary_band", std::to_string(id), before, after, Subject(after)));
  return after;
}

Status DeleteBand(Env& env, int64_t id) {
  HF_TRY(RequirePayRight(env.who));
  HF_ASSIGN(json before, Load(env.tx, id));
  HF_TRY(env.tx.Exec("DELETE FROM salary_bands WHERE id = ?", {id}));
  return Audit(env, "delete", "salary_band", std::to_string(id), before, nullptr, Subject(before));
}

Result<json> ImportBandsCsv(Env& env, std::string_view csv, const ImportOptions& options) {
  HF_TRY(RequirePayRight(env.who));
  HF_ASSIGN(CsvTable t, CsvTable::Parse(csv, {"position", "grade", "effective_from", "min_salary", "max_salary"},
                                        {"mid_salary", "effective_to", "note"}));
  auto lower = [](std::string s) {
    for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  HF_ASSIGN(Rows pos, env.tx.Query("SELECT id, code, title FROM positions"));
  HF_ASSIGN(Rows grd, env.tx.Query("SELECT id, code, name FROM grades"));
  auto find = [&](const Rows& rows, const char* a, const char* b, const std::string& text) -> std::optional<int64_t> {
    for (auto r : rows)
      if (r.Str(a) == text) return r.Int("id");
    std::optional<int64_t> hit;
    for (auto r : rows)
      if (lower(r.Str(b)) == lower(text)) {
        if (hit) return std::nullopt;  // ambiguous title
        hit = r.Int("id");
      }
    return hit;
  };
  // Existing bands per (position, grade), extended with the file's rows as they are accepted.
  std::map<std::pair<int64_t, int64_t>, std::vector<Existing>> taken;
  HF_ASSIGN(Rows all, env.tx.Query("SELECT id, position_id, grade_id, effective_from, effective_to FROM salary_bands"));
  for (auto row : all) {
    Existing e{row.Int("id"), *core::Date::Parse(row.Str("effective_from")), std::nullopt};
    if (!row.IsNull("effective_to")) e.to = *core::Date::Parse(row.Str("effective_to"));
    taken[{row.Int("position_id"), row.Int("grade_id")}].push_back(e);
  }
  std::vector<Problem> problems;
  std::vector<Band> valid;
  int64_t next_fake_id = -1;  // file rows are "existing" with negative ids for the overlap check
  for (size_t row = 1; row <= t.size(); ++row) {
    int rowno = t.RowNumber(row);
    size_t before = problems.size();
    auto fail = [&](const Error& e) { problems.push_back({rowno, e.field, e.message}); };
    if (t.TooWide(row)) {
      problems.push_back({rowno, "row", "more cells than header columns"});
      continue;
    }
    Band b;
    std::string ptext = t.Cell(row, "position"), gtext = t.Cell(row, "grade");
    if (auto p = find(pos, "code", "title", ptext)) b.position_id = *p;
    else fail(Error::Invalid("position", ptext.empty() ? "position is required" : "no such position (code or title): " + ptext));
    if (auto g = find(grd, "code", "name", gtext)) b.grade_id = *g;
    else fail(Error::Invalid("grade", gtext.empty() ? "grade is required" : "no such grade (code or name): " + gtext));
    auto from = core::Date::Parse(t.Cell(row, "effective_from"), "effective_from");
    if (from.ok()) b.from = *from;
    else fail(from.error());
    if (std::string to = t.Cell(row, "effective_to"); !to.empty()) {
      auto d = core::Date::Parse(to, "effective_to");
      if (d.ok()) b.to = *d;
      else fail(d.error());
    }
    for (auto [col, out] : {std::pair{"min_salary", &b.min}, std::pair{"max_salary", &b.max}}) {
      auto m = OptMoneyCell(t.Cell(row, col), col);
      if (!m.ok()) fail(m.error());
      else if (!*m) fail(Error::Invalid(col, std::string(col) + " is required"));
      else *out = **m;
    }
    auto mid = OptMoneyCell(t.Cell(row, "mid_salary"), "mid_salary");
    if (mid.ok()) b.mid_given = *mid;
    else fail(mid.error());
    b.note = t.Cell(row, "note");
    if (b.note.size() > 500) fail(Error::Invalid("note", "note is longer than 500 bytes"));
    if (problems.size() == before) {
      Status c = Check(b);
      if (!c.ok()) fail(c.error());
    }
    if (problems.size() == before) {
      auto& others = taken[{b.position_id, b.grade_id}];
      Fit fit = FitBand(b, others, true);
      if (fit.error) {
        fail(Error::Invalid("effective_from", fit.error->message));
      } else {
        if (fit.closes)
          for (auto& e : others)
            if (e.id == *fit.closes) e.to = b.from.AddDays(-1);
        others.push_back({next_fake_id--, b.from, b.to});
        valid.push_back(b);
      }
    }
  }
  bool refused = !options.dry_run && !problems.empty() && !options.skip_invalid;
  size_t imported = 0;
  if (!options.dry_run && !refused) {
    for (const Band& b : valid) {
      HF_ASSIGN(auto others, Others(env.tx, b.position_id, b.grade_id, 0));
      Fit fit = FitBand(b, others, true);
      if (fit.error) return *fit.error;  // cannot happen: checked above
      if (fit.closes) HF_TRY(CloseBand(env, *fit.closes, b.from));
      HF_TRY(Insert(env, b));
      ++imported;
    }
    HF_TRY(Audit(env, "import", "salary_band", t.xlsx() ? "xlsx" : "csv", nullptr, {{"imported", imported}, {"skipped_rows", t.size() - imported}},
                 std::to_string(imported) + " / " + std::to_string(t.size())));
  }
  return ImportReportJson(options.dry_run, t.size(), valid.size(), imported, problems, refused);
}

}  // namespace payrollrun
