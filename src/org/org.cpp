#include "org/org.h"

#include "core/json_writer.h"
#include "jobs/jobs.h"

#include <charconv>
#include <regex>
#include <set>
#include <unordered_map>

namespace org {

using core::Error;
using core::Result;
using core::Status;
using nlohmann::json;
using store::Rows;

Status AuditChange(store::Tx& tx, const auth::Principal* who, const core::Clock& clock, const std::string& request_id,
                   const char* action, std::string_view entity, std::string_view entity_id, const json& before,
                   const json& after, const std::string& subject, std::optional<std::string_view> topic) {
  HF_TRY(auth::AppendAudit(tx, who, {action, std::string(entity), std::string(entity_id), before, after}, request_id, clock));
  json payload = {{"subject", subject}, {"actor", who ? who->username : "public"}};
  if (who) payload["actor_user_id"] = who->user_id;
  std::string t = topic ? std::string(*topic) : std::string(entity) + "." + action;
  return jobs::Emit(tx, t, entity, entity_id, payload, clock);
}

Result<std::optional<std::string>> OptText(const json& body, const char* field, size_t max_len) {
  auto it = body.find(field);
  if (it == body.end()) return std::optional<std::string>();
  if (it->is_null()) return std::optional<std::string>(std::string());
  if (!it->is_string()) return Error::Invalid(field, std::string(field) + " must be a string");
  std::string s = it->get<std::string>();
  size_t a = s.find_first_not_of(" \t\r\n"), b = s.find_last_not_of(" \t\r\n");
  s = a == std::string::npos ? "" : s.substr(a, b - a + 1);
  if (s.size() > max_len) return Error::Invalid(field, std::string(field) + " is longer than " + std::to_string(max_len));
  return std::optional<std::string>(s);
}

Status OnlyKeys(const json& body, std::initializer_list<const char*> keys) {
  for (auto it = body.begin(); it != body.end(); ++it) {
    bool ok = false;
    for (const char* k : keys) ok = ok || it.key() == k;
    if (!ok) return Error::Invalid(it.key(), "unknown field " + it.key());
  }
  return {};
}

Result<int64_t> RequireVersion(const json& body) {
  auto it = body.find("version");
  if (it == body.end() || !it->is_number_integer() || it->get<int64_t>() < 1)
    return Error::Invalid("version", "the record's current version is required (optimistic locking)");
  return it->get<int64_t>();
}

Error VersionConflict(std::string_view what) {
  return Error::Conflict("the " + std::string(what) + " was changed by someone else; reload and retry", "version_conflict");
}

namespace {

std::string Now(const Env& env) { return core::FormatInstant(env.clock.Now()); }

// Every change a person makes: one audit entry and one outbox event, in the change's transaction.
Status Audit(Env& env, const char* action, std::string_view entity, int64_t id, const json& before, const json& after) {
  const json& rec = after.is_null() ? before : after;
  std::string subject = rec.is_object() ? rec.value("name", rec.value("title", rec.value("code", std::string()))) : "";
  if (rec.is_object() && rec.contains("employee_no")) subject += " (" + rec["employee_no"].get<std::string>() + ")";
  return AuditChange(env.tx, &env.who, env.clock, env.request_id, action, entity, std::to_string(id), before, after, subject);
}

// Reads an optional id field: absent -> nullopt; null -> optional(nullopt).
Result<std::optional<std::optional<int64_t>>> OptId(const json& body, const char* field) {
  auto it = body.find(field);
  if (it == body.end()) return std::optional<std::optional<int64_t>>();
  if (it->is_null()) return std::optional<std::optional<int64_t>>(std::optional<int64_t>());
  if (!it->is_number_integer() || it->get<int64_t>() <= 0) return Error::Invalid(field, std::string(field) + " must be a positive integer id or null");
  return std::optional<std::optional<int64_t>>(std::optional<int64_t>(it->get<int64_t>()));
}

Status CheckExists(store::Tx& tx, const char* table, int64_t id, const char* field) {
  HF_ASSIGN(Rows r, tx.Query(std::string("SELECT 1 FROM ") + table + " WHERE id = ?", {id}));
  if (r.empty()) return Error::Invalid(field, std::string("no such ") + field + ": " + std::to_string(id));
  return {};
}

bool ValidCode(const std::string& s) {
  if (s.empty() || s.size() > 32) return false;
  for (unsigned char c : s)
    if (!(std::isalnum(c) || c == '-' || c == '_' || c == '.')) return false;
  return true;
}

// ---- Simple entities ------------------------------------------------------------------------
enum class FType { kText, kCode, kInt, kFk };
struct FieldSpec {
  const char* name;
  FType type;
  bool required;
  const char* fk_table;  // for kFk
};
struct SimpleSpec {
  const char* kind;
  const char* table;
  std::vector<FieldSpec> fields;
  const char* search_col;
};

const SimpleSpec* SpecFor(std::string_view kind) {
  static const SimpleSpec kSpecs[] = {
      {"department", "departments", {{"name", FType::kText, true, nullptr}, {"code", FType::kCode, true, nullptr},
                                     {"parent_id", FType::kFk, false, "departments"}}, "name"},
      {"position", "positions", {{"title", FType::kText, true, nullptr}, {"code", FType::kCode, true, nullptr},
                                 {"department_id", FType::kFk, false, "departments"}}, "title"},
      {"grade", "grades", {{"code", FType::kCode, true, nullptr}, {"name", FType::kText, true, nullptr},
                           {"level", FType::kInt, false, nullptr}}, "name"},
  };
  for (const auto& s : kSpecs)
    if (kind == s.kind) return &s;
  return nullptr;
}

std::string Columns(const SimpleSpec& s) {
  std::string c = "id";
  for (const auto& f : s.fields) c += std::string(", ") + f.name;
  return c + ", version, created_at, updated_at";
}

json SimpleRow(const SimpleSpec& s, const Rows::Row& r) {
  json j = {{"id", r.Int("id")}};
  for (const auto& f : s.fields) {
    if (f.type == FType::kText || f.type == FType::kCode) j[f.name] = r.Str(f.name);
    else if (r.IsNull(f.name)) j[f.name] = nullptr;
    else j[f.name] = r.Int(f.name);
  }
  j["version"] = r.Int("version");
  j["created_at"] = r.Str("created_at");
  j["updated_at"] = r.Str("updated_at");
  return j;
}

// Validates body fields against the spec; `creating` enforces required fields.
Result<std::vector<std::pair<const FieldSpec*, store::Param>>> SimpleValues(store::Tx& tx, const SimpleSpec& s,
                                                                          const json& body, bool creating) {
  std::vector<std::pair<const FieldSpec*, store::Param>> out;
  std::set<std::string> known = {"id", "version", "created_at", "updated_at"};
  for (const auto& f : s.fields) known.insert(f.name);
  for (auto it = body.begin(); it != body.end(); ++it)
    if (!known.count(it.key())) return Error::Invalid(it.key(), "unknown field " + it.key());
  for (const auto& f : s.fields) {
    auto it = body.find(f.name);
    if (it == body.end()) {
      if (creating && f.required) return Error::Invalid(f.name, std::string(f.name) + " is required");
      continue;
    }
    switch (f.type) {
      case FType::kText:
      case FType::kCode: {
        HF_ASSIGN(auto v, OptText(body, f.name, f.type == FType::kCode ? 32 : 200));
        if (v->empty()) {
          if (f.required) return Error::Invalid(f.name, std::string(f.name) + " must not be empty");
          out.emplace_back(&f, std::nullopt);
          break;
        }
        if (f.type == FType::kCode && !ValidCode(*v))
          return Error::Invalid(f.name, "a code has 1 to 32 letters, digits, '-', '_' or '.'");
        out.emplace_back(&f, *v);
        break;
      }
      case FType::kInt:
        if (!it->is_number_integer()) return Error::Invalid(f.name, std::string(f.name) + " must be an integer");
        if (it->get<int64_t>() < 0 || it->get<int64_t>() > 1000) return Error::Invalid(f.name, std::string(f.name) + " must be 0..1000");
        out.emplace_back(&f, it->get<int64_t>());
        break;
      case FType::kFk: {
        HF_ASSIGN(auto v, OptId(body, f.name));
        if (*v) HF_TRY(CheckExists(tx, f.fk_table, **v, f.name));
        out.emplace_back(&f, *v ? store::Param(**v) : store::Param(std::nullopt));
        break;
      }
    }
  }
  return out;
}

Error MapUnique(const Error& e, const SimpleSpec& s) {
  if (e.slug == "unique_violation") {
    Error c = Error::Conflict(std::string("a ") + s.kind + " with this code already exists", "duplicate");
    c.field = "code";
    return c;
  }
  return e;
}

Result<std::vector<int64_t>> Subtree(store::Tx& tx, int64_t root) {
  HF_ASSIGN(Rows r, tx.Query("WITH RECURSIVE sub(id) AS (SELECT CAST(? AS BIGINT) UNION ALL SELECT d.id FROM departments d "
                             "JOIN sub ON d.parent_id = sub.id) SELECT id FROM sub",
                             {root}));
  std::vector<int64_t> ids;
  for (auto row : r) ids.push_back(row.Int("id"));
  return ids;
}

std::string InList(const std::vector<int64_t>& ids) {
  if (ids.empty()) return "(NULL)";
  std::string s = "(";
  for (size_t i = 0; i < ids.size(); ++i) s += (i ? "," : "") + std::to_string(ids[i]);
  return s + ")";
}

}  // namespace

Result<Page> Page::From(const std::optional<std::string>& limit, const std::optional<std::string>& offset) {
  Page p;
  auto parse = [](const std::string& s, int& out) {
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && ptr == s.data() + s.size();
  };
  if (limit && (!parse(*limit, p.limit) || p.limit < 1 || p.limit > 500))
    return Error::Invalid("limit", "limit must be an integer from 1 to 500");
  if (offset && (!parse(*offset, p.offset) || p.offset < 0))
    return Error::Invalid("offset", "offset must be a non-negative integer");
  return p;
}

bool IsHrOrAdmin(const auth::Principal& p) { return p.role == auth::Role::kAdmin || p.role == auth::Role::kHr; }

Status RequireHrOrAdmin(const auth::Principal& p) {
  if (!IsHrOrAdmin(p)) return Error::Forbidden("only HR and administrators may do this");
  return {};
}

Status RequireAdmin(const auth::Principal& p) {
  if (p.role != auth::Role::kAdmin) return Error::Forbidden("only administrators may do this");
  return {};
}

Result<std::optional<std::vector<int64_t>>> VisibleDepartments(store::Tx& tx, const auth::Principal& p) {
  if (IsHrOrAdmin(p)) return std::optional<std::vector<int64_t>>();
  if (!p.department_id) return std::optional<std::vector<int64_t>>(std::vector<int64_t>());
  HF_ASSIGN(auto ids, Subtree(tx, *p.department_id));
  return std::optional<std::vector<int64_t>>(std::move(ids));
}

// ---- Company ------------------------------------------------------------------------------------

Result<json> GetCompany(Env& env) {
  HF_ASSIGN(Rows r, env.tx.Query("SELECT name, time_zone, currency, city, version, updated_at FROM company_settings WHERE id = 1"));
  if (r.empty()) return json{{"name", ""}, {"time_zone", "Asia/Shanghai"}, {"currency", "CNY"}, {"city", ""}, {"version", 0}};
  return json{{"name", r[0].Str("name")}, {"time_zone", r[0].Str("time_zone")}, {"currency", r[0].Str("currency")},
              {"city", r[0].Str("city")}, {"version", r[0].Int("version")}, {"updated_at", r[0].Str("updated_at")}};
}

Result<json> UpdateCompany(Env& env, const json& body) {
  HF_TRY(RequireAdmin(env.who));
  HF_ASSIGN(json before, GetCompany(env));
  HF_ASSIGN(int64_t version, RequireVersion(body));
  json after = before;
  for (const char* f : {"name", "time_zone", "currency", "city"}) {
    HF_ASSIGN(auto v, OptText(body, f, 100));
    if (v) after[f] = *v;
  }
  if (after["name"].get<std::string>().empty()) return Error::Invalid("name", "the company name is required");
  const std::string tz = after["time_zone"];
  static const std::regex kTz("^[A-Za-z]+(/[A-Za-z0-9_+-]+)*$");
  if (!std::regex_match(tz, kTz)) return Error::Invalid("time_zone", "an IANA time zone such as Asia/Shanghai is expected");
  static const std::regex kCur("^[A-Z]{3}$");
  if (!std::regex_match(after["currency"].get<std::string>(), kCur))
    return Error::Invalid("currency", "an ISO 4217 currency code such as CNY is expected");
  std::string now = Now(env);
  if (before["version"].get<int64_t>() == 0) {
    if (version != 1 && version != 0) return VersionConflict("company settings");
    HF_TRY(env.tx.Exec("INSERT INTO company_settings(id, name, time_zone, currency, city, version, created_at, updated_at) "
                       "VALUES (1, ?, ?, ?, ?, 1, ?, ?)",
                       {after["name"].get<std::string>(), tz, after["currency"].get<std::string>(),
                        after["city"].get<std::string>(), now, now}));
  } else {
    HF_ASSIGN(int64_t n, env.tx.Exec("UPDATE company_settings SET name = ?, time_zone = ?, currency = ?, city = ?, "
                                     "version = version + 1, updated_at = ? WHERE id = 1 AND version = ?",
                                     {after["name"].get<std::string>(), tz, after["currency"].get<std::string>(),
                                      after["city"].get<std::string>(), now, version}));
    if (n != 1) return VersionConflict("company settings");
  }
  HF_ASSIGN(json fresh, GetCompany(env));
  HF_TRY(Audit(env, "update", "company_settings", 1, before, fresh));
  return fresh;
}

// ---- Simple entities ----------------------------------------------------------------------------

Result<ListResult> ListSimple(Env& env, std::string_view kind, const std::optional<std::string>& q, const Page& page) {
  const SimpleSpec* s = SpecFor(kind);
  std::string where;
  store::Params params;
  if (q && !q->empty()) {
    where = std::string(" WHERE (") + s->search_col + " LIKE ? OR code LIKE ?)";
    params = {"%" + *q + "%", "%" + *q + "%"};
  }
  HF_ASSIGN(Rows c, env.tx.Query(std::string("SELECT count(*) AS n FROM ") + s->table + where, params));
  params.push_back(page.limit);
  params.push_back(page.offset);
  HF_ASSIGN(Rows r, env.tx.Query("SELECT " + Columns(*s) + " FROM " + s->table + where + " ORDER BY id LIMIT ? OFFSET ?",
                                 params));
  ListResult out;
  out.total = c[0].Int("n");
  for (auto row : r) out.items.push_back(SimpleRow(*s, row));
  return out;
}

Result<json> GetSimple(Env& env, std::string_view kind, int64_t id) {
  const SimpleSpec* s = SpecFor(kind);
  HF_ASSIGN(Rows r, env.tx.QueryOne("SELECT " + Columns(*s) + " FROM " + s->table + " WHERE id = ?", {id}, s->kind));
  return SimpleRow(*s, r[0]);
}

Result<json> CreateSimple(Env& env, std::string_view kind, const json& body) {
  HF_TRY(RequireHrOrAdmin(env.who));
  const SimpleSpec* s = SpecFor(kind);
  HF_ASSIGN(auto values, SimpleValues(env.tx, *s, body, true));
  std::string cols, marks;
  store::Params params;
  for (auto& [f, v] : values) {
    cols += std::string(f->name) + ", ";
    marks += "?, ";
    params.push_back(v);
  }
  std::string now = Now(env);
  params.push_back(now);
  params.push_back(now);
  auto r = env.tx.Query("INSERT INTO " + std::string(s->table) + "(" + cols + "created_at, updated_at) VALUES (" + marks +
                            "?, ?) RETURNING " + Columns(*s),
                        params);
  if (!r.ok()) return MapUnique(r.error(), *s);
  json created = SimpleRow(*s, (*r)[0]);
  HF_TRY(Audit(env, "create", s->kind, created["id"], nullptr, created));
  return created;
}

Result<json> UpdateSimple(Env& env, std::string_view kind, int64_t id, const json& body) {
  HF_TRY(RequireHrOrAdmin(env.who));
  const SimpleSpec* s = SpecFor(kind);
  HF_ASSIGN(json before, GetSimple(env, kind, id));
  HF_ASSIGN(int64_t version, RequireVersion(body));
  HF_ASSIGN(auto values, SimpleValues(env.tx, *s, body, false));
  if (kind == "department") {
    for (auto& [f, v] : values) {
      if (std::string_view(f->name) != "parent_id" || !std::holds_alternative<int64_t>(v.v)) continue;
      HF_ASSIGN(auto sub, Subtree(env.tx, id));
      if (std::find(sub.begin(), sub.end(), std::get<int64_t>(v.v)) != sub.end())
        return Error::Invalid("parent_id", "a department cannot be moved under itself or its own sub-department");
    }
  }
  std::string sets;
  store::Params params;
  for (auto& [f, v] : values) {
    sets += std::string(f->name) + " = ?, ";
    params.push_back(v);
  }
  params.push_back(Now(env));
  params.push_back(id);
  params.push_back(version);
  auto n = env.tx.Exec("UPDATE " + std::string(s->table) + " SET " + sets +
                           "version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
                       params);
  if (!n.ok()) return MapUnique(n.error(), *s);
  if (*n != 1) return VersionConflict(s->kind);
  HF_ASSIGN(json after, GetSimple(env, kind, id));
  HF_TRY(Audit(env, "update", s->kind, id, before, after));
  return after;
}

Status DeleteSimple(Env& env, std::string_view kind, int64_t id) {
  HF_TRY(RequireHrOrAdmin(env.who));
  const SimpleSpec* s = SpecFor(kind);
  HF_ASSIGN(json before, GetSimple(env, kind, id));
  auto n = env.tx.Exec("DELETE FROM " + std::string(s->table) + " WHERE id = ?", {id});
  if (!n.ok()) {
    if (n.error().slug == "foreign_key_violation")
      return Error::Conflict(std::string("the ") + s->kind + " is still in use (sub-departments, positions, employees or users refer to it)", "in_use");
    return n.error();
  }
  HF_TRY(Audit(env, "delete", s->kind, id, before, nullptr));
  return {};
}

// ---- Employees ---------------------------------------------------------------------------------

namespace {

constexpr const char* kEmpCols =
    "id, employee_no, name, email, phone, department_id, position_id, grade_id, manager_id, hire_date, status, "
    "id_number_enc, bank_account_enc, version, created_at, updated_at";
const std::set<std::string> kStatuses = {"active", "probation", "suspended", "left"};

std::string Mask(const std::string& s) {
  if (s.empty()) return s;
  size_t keep = s.size() >= 8 ? 4 : 1;
  return std::string(s.size() - keep, '*') + s.substr(s.size() - keep);
}

// The columns of kEmpCols, found by name once per result (not once per field).
struct EmpColumns {
  int id, employee_no, name, email, phone, department_id, position_id, grade_id, manager_id, hire_date, status,
      id_number_enc, bank_account_enc, version, created_at, updated_at;
  explicit EmpColumns(const store::RowView& r)
      : id(r.Column("id")), employee_no(r.Column("employee_no")), name(r.Column("name")), email(r.Column("email")),
        phone(r.Column("phone")), department_id(r.Column("department_id")), position_id(r.Column("position_id")),
        grade_id(r.Column("grade_id")), manager_id(r.Column("manager_id")), hire_date(r.Column("hire_date")),
        status(r.Column("status")), id_number_enc(r.Column("id_number_enc")),
        bank_account_enc(r.Column("bank_account_enc")), version(r.Column("version")), created_at(r.Column("created_at")),
        updated_at(r.Column("updated_at")) {}
};

// Writes one employee as JSON (list pages write straight from the statement into the response text).
Status WriteEmployee(const Env& env, const store::RowView& r, const EmpColumns& c, core::JsonWriter& w) {
  auto text_or_null = [&](int col) -> core::JsonWriter& { return w.StringOrNull(r.IsNull(col), r.Text(col)); };
  auto opt_int = [&](int col) -> core::JsonWriter& { return r.IsNull(col) ? w.Null() : w.Int(r.Int(col)); };
  int64_t id = r.Int(c.id);
  w.BeginObject().Key("id").Int(id).Key("employee_no").String(r.Text(c.employee_no));
  w.Key("name").String(r.Text(c.name)).Key("email");
  text_or_null(c.email).Key("phone");
  text_or_null(c.phone);
  w.Key("department_id");
  opt_int(c.department_id).Key("position_id");
  opt_int(c.position_id).Key("grade_id");
  opt_int(c.grade_id).Key("manager_id");
  opt_int(c.manager_id);
  w.Key("hire_date").String(r.Text(c.hire_date)).Key("status").String(r.Text(c.status));
  bool full = IsHrOrAdmin(env.who) || (env.who.employee_id && *env.who.employee_id == id);
  for (auto [col, out] : {std::pair{c.id_number_enc, "id_number"}, std::pair{c.bank_account_enc, "bank_account"}}) {
    w.Key(out);
    if (r.IsNull(col) || !env.cipher) {
      w.Null();
      continue;
    }
    HF_ASSIGN(std::string plain, env.cipher->Decrypt(r.Text(col)));
    w.String(full ? plain : Mask(plain));
  }
  w.Key("version").Int(r.Int(c.version)).Key("created_at").String(r.Text(c.created_at));
  w.Key("updated_at").String(r.Text(c.updated_at)).EndObject();
  return {};
}

Result<json> EmployeeRow(const Env& env, const Rows::Row& r) {
  core::JsonWriter w;
  store::RowsRowView view(r);
  HF_TRY(WriteEmployee(env, view, EmpColumns(view), w));
  return json::parse(w.str());
}

// Scope predicate for employee queries as SQL (ids are integers from the database, safe to inline).
Result<std::string> EmployeeScope(const Env& env) {
  if (IsHrOrAdmin(env.who)) return std::string("1=1");
  if (env.who.role == auth::Role::kEmployee)
    return env.who.employee_id ? "id = " + std::to_string(*env.who.employee_id) : std::string("1=0");
  HF_ASSIGN(auto depts, VisibleDepartments(env.tx, env.who));
  return "department_id IN " + InList(*depts);
}

struct EmployeeInput {
  std::vector<std::pair<std::string, store::Param>> cols;
};

const std::regex kEmail(R"(^[^@\s]+@[^@\s]+\.[^@\s]+$)");
const std::regex kPhone(R"(^\+?[0-9][0-9 \-]{4,24}$)");

Result<EmployeeInput> EmployeeValues(Env& env, const json& body, bool creating, std::optional<int64_t> self_id) {
  static const std::set<std::string> known = {"id", "employee_no", "name", "email", "phone", "department_id",
                                              "position_id", "grade_id", "manager_id", "hire_date", "status",
                                              "id_number", "bank_account", "version", "created_at", "updated_at"};
  for (auto it = body.begin(); it != body.end(); ++it)
    if (!known.count(it.key())) return Error::Invalid(it.key(), "unknown field " + it.key());
  EmployeeInput in;
  HF_ASSIGN(auto no, OptText(body, "employee_no", 32));
  if (no) {
    if (no->empty()) return Error::Invalid("employee_no", "employee_no must not be empty");
    in.cols.emplace_back("employee_no", *no);
  } else if (creating) return Error::Invalid("employee_no", "employee_no is required");
  HF_ASSIGN(auto name, OptText(body, "name", 100));
  if (name) {
    if (name->empty()) return Error::Invalid("name", "name must not be empty");
    in.cols.emplace_back("name", *name);
  } else if (creating) return Error::Invalid("name", "name is required");
  HF_ASSIGN(auto email, OptText(body, "email", 200));
  if (email) {
    if (!email->empty() && !std::regex_match(*email, kEmail)) return Error::Invalid("email", "not an email address");
    in.cols.emplace_back("email", email->empty() ? store::Param(std::nullopt) : store::Param(*email));
  }
  HF_ASSIGN(auto phone, OptText(body, "phone", 32));
  if (phone) {
    if (!phone->empty() && !std::regex_match(*phone, kPhone)) return Error::Invalid("phone", "not a phone number");
    in.cols.emplace_back("phone", phone->empty() ? store::Param(std::nullopt) : store::Param(*phone));
  }
  for (auto [f, table] : {std::pair{"department_id", "departments"}, std::pair{"position_id", "positions"},
                          std::pair{"grade_id", "grades"}, std::pair{"manager_id", "employees"}}) {
    HF_ASSIGN(auto v, OptId(body, f));
    if (!v) continue;
    if (*v) {
      if (std::string_view(f) == "manager_id" && self_id && **v == *self_id)
        return Error::Invalid("manager_id", "an employee cannot be their own manager");
      HF_TRY(CheckExists(env.tx, table, **v, f));
    }
    in.cols.emplace_back(f, *v ? store::Param(**v) : store::Param(std::nullopt));
  }
  HF_ASSIGN(auto hire, OptText(body, "hire_date", 10));
  if (hire) {
    HF_TRY(core::Date::Parse(*hire, "hire_date"));
    in.cols.emplace_back("hire_date", *hire);
  } else if (creating) return Error::Invalid("hire_date", "hire_date is required");
  HF_ASSIGN(auto status, OptText(body, "status", 16));
  if (status && !status->empty()) {
    if (!kStatuses.count(*status)) return Error::Invalid("status", "status must be active, probation, suspended or left");
    in.cols.emplace_back("status", *status);
  } else if (creating) in.cols.emplace_back("status", "active");
  HF_ASSIGN(auto idn, OptText(body, "id_number", 32));
  if (idn) {
    static const std::regex kId(R"(^[0-9A-Za-z]{6,32}$)");
    if (!idn->empty() && !std::regex_match(*idn, kId)) return Error::Invalid("id_number", "an ID number has 6 to 32 letters or digits");
    in.cols.emplace_back("id_number_enc", idn->empty() ? store::Param(std::nullopt) : store::Param(env.cipher->Encrypt(*idn)));
  }
  HF_ASSIGN(auto bank, OptText(body, "bank_account", 40));
  if (bank) {
    static const std::regex kBank(R"(^[0-9 ]{8,40}$)");
    if (!bank->empty() && !std::regex_match(*bank, kBank)) return Error::Invalid("bank_account", "a bank account has 8 to 40 digits");
    in.cols.emplace_back("bank_account_enc", bank->empty() ? store::Param(std::nullopt) : store::Param(env.cipher->Encrypt(*bank)));
  }
  return in;
}

Error MapEmployeeUnique(const Error& e) {
  if (e.slug == "unique_violation") {
    Error c = Error::Conflict("an employee with this employee_no already exists", "duplicate");
    c.field = "employee_no";
    return c;
  }
  return e;
}

}  // namespace

Result<ListResult> ListEmployees(Env& env, const EmployeeFilter& f, const Page& page) {
  HF_ASSIGN(std::string scope, EmployeeScope(env));
  std::string where = " WHERE " + scope;
  store::Params params;
  if (f.q && !f.q->empty()) {
    where += " AND (name LIKE ? OR employee_no LIKE ? OR email LIKE ?)";
    std::string like = "%" + *f.q + "%";
    params.insert(params.end(), {like, like, like});
  }
  if (f.status) {
    if (!kStatuses.count(*f.status)) return Error::Invalid("status", "status must be active, probation, suspended or left");
    where += " AND status = ?";
    params.push_back(*f.status);
  }
  if (f.department_id) {
    where += " AND department_id = ?";
    params.push_back(*f.department_id);
  }
  // Unfiltered and unscoped: the trigger-maintained count (no table scan for `total`).
  bool whole_table = params.empty() && scope == "1=1";
  HF_ASSIGN(Rows c, whole_table ? env.tx.Query("SELECT n FROM row_counts WHERE name = 'employees'")
                                : env.tx.Query("SELECT count(*) AS n FROM employees" + where, params));
  params.push_back(page.limit);
  params.push_back(page.offset);
  ListResult out;
  out.total = c[0].Int("n");
  core::JsonWriter w;
  w.Reserve(size_t(page.limit) * 400 + 16);
  w.BeginArray();
  std::optional<EmpColumns> cols;
  HF_TRY(env.tx.Each(std::string("SELECT ") + kEmpCols + " FROM employees" + where + " ORDER BY id LIMIT ? OFFSET ?", params,
                     [&](const store::RowView& row) {
                       if (!cols) cols.emplace(row);
                       return WriteEmployee(env, row, *cols, w);
                     }));
  w.EndArray();
  out.raw_items = w.Take();
  return out;
}

Result<json> GetEmployee(Env& env, int64_t id) {
  HF_ASSIGN(std::string scope, EmployeeScope(env));
  HF_ASSIGN(Rows r, env.tx.QueryOne(std::string("SELECT ") + kEmpCols + " FROM employees WHERE id = ? AND " + scope, {id},
                                    "employee"));
  return EmployeeRow(env, r[0]);
}

Result<json> CreateEmployee(Env& env, const json& body) {
  HF_TRY(RequireHrOrAdmin(env.who));
  HF_ASSIGN(EmployeeInput in, EmployeeValues(env, body, true, std::nullopt));
  std::string cols, marks;
  store::Params params;
  for (auto& [c, v] : in.cols) {
    cols += c + ", ";
    marks += "?, ";
    params.push_back(v);
  }
  std::string now = Now(env);
  params.push_back(now);
  params.push_back(now);
  auto r = env.tx.Query("INSERT INTO employees(" + cols + "created_at, updated_at) VALUES (" + marks + "?, ?) RETURNING id",
                        params);
  if (!r.ok()) return MapEmployeeUnique(r.error());
  HF_ASSIGN(json created, GetEmployee(env, (*r)[0].Int("id")));
  json audited = created;
  audited.erase("id_number");  // the audit log never holds sensitive plaintext
  audited.erase("bank_account");
  HF_TRY(Audit(env, "create", "employee", created["id"], nullptr, audited));
  return created;
}

Result<json> UpdateEmployee(Env& env, int64_t id, const json& body) {
  HF_ASSIGN(json before, GetEmployee(env, id));  // scope first: out of scope is 404
  HF_TRY(RequireHrOrAdmin(env.who));
  HF_ASSIGN(int64_t version, RequireVersion(body));
  HF_ASSIGN(EmployeeInput in, EmployeeValues(env, body, false, id));
  std::string sets;
  store::Params params;
  for (auto& [c, v] : in.cols) {
    sets += c + " = ?, ";
    params.push_back(v);
  }
  params.push_back(Now(env));
  params.push_back(id);
  params.push_back(version);
  auto n = env.tx.Exec("UPDATE employees SET " + sets + "version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
                       params);
  if (!n.ok()) return MapEmployeeUnique(n.error());
  if (*n != 1) return VersionConflict("employee");
  HF_ASSIGN(json after, GetEmployee(env, id));
  json b = before, a = after;
  for (const char* f : {"id_number", "bank_account"}) {
    b.erase(f);
    a.erase(f);
  }
  if (body.contains("id_number") || body.contains("bank_account")) a["sensitive_fields_changed"] = true;
  HF_TRY(Audit(env, "update", "employee", id, b, a));
  return after;
}

Status DeleteEmployee(Env& env, int64_t id) {
  HF_ASSIGN(json before, GetEmployee(env, id));
  HF_TRY(RequireHrOrAdmin(env.who));
  auto n = env.tx.Exec("DELETE FROM employees WHERE id = ?", {id});
  if (!n.ok()) {
    if (n.error().slug == "foreign_key_violation")
      return Error::Conflict("the employee is still referenced (manager of others or linked to a user); set status 'left' instead", "in_use");
    return n.error();
  }
  before.erase("id_number");
  before.erase("bank_account");
  HF_TRY(Audit(env, "delete", "employee", id, before, nullptr));
  return {};
}

// ---- CSV import --------------------------------------------------------------------------------

Result<std::vector<std::vector<std::string>>> ParseCsv(std::string_view t) {
  if (t.substr(0, 3) == "\xEF\xBB\xBF") t.remove_prefix(3);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, field_started = false;
  size_t i = 0;
  auto end_field = [&] { row.push_back(std::move(field)); field.clear(); field_started = false; };
  auto end_row = [&] {
    end_field();
    if (!(row.size() == 1 && row[0].empty())) rows.push_back(std::move(row));
    row.clear();
  };
  while (i < t.size()) {
    char c = t[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < t.size() && t[i + 1] == '"') { field += '"'; i += 2; continue; }
        quoted = false;
        ++i;
        continue;
      }
      field += c;
      ++i;
      continue;
    }
    if (c == '"' && !field_started && field.empty()) { quoted = true; field_started = true; ++i; continue; }
    if (c == ',') { end_field(); ++i; continue; }
    if (c == '\r' || c == '\n') {
      end_row();
      if (c == '\r' && i + 1 < t.size() && t[i + 1] == '\n') ++i;
      ++i;
      continue;
    }
    field += c;
    field_started = true;
    ++i;
  }
  if (quoted) return Error::Invalid("rows[" + std::to_string(rows.size()) + "]", "unterminated quoted field");
  if (!field.empty() || !row.empty()) end_row();
  return rows;
}

json ImportReport::ToJson() const {
  json p = json::array();
  for (const auto& x : problems) p.push_back({{"row", x.row}, {"field", x.field}, {"problem", x.problem}});
  return {{"dry_run", dry_run}, {"total_rows", total_rows}, {"valid_rows", valid_rows}, {"imported", imported}, {"problems", p}};
}

Result<ImportReport> ImportEmployeesCsv(Env& env, std::string_view csv, bool dry_run, bool skip_invalid) {
  HF_TRY(RequireHrOrAdmin(env.who));
  HF_ASSIGN(auto rows, ParseCsv(csv));
  ImportReport rep;
  rep.dry_run = dry_run;
  if (rows.empty()) return Error::Invalid("file", "the CSV file is empty");
  static const std::vector<std::string> kCols = {"employee_no", "name", "email", "phone", "department_code", "position_code",
                                                 "grade_code", "hire_date", "status", "id_number", "bank_account"};
  std::unordered_map<std::string, size_t> col;
  for (size_t i = 0; i < rows[0].size(); ++i) {
    std::string h = rows[0][i];
    for (auto& ch : h) ch = char(std::tolower(static_cast<unsigned char>(ch)));
    h.erase(0, h.find_first_not_of(' '));
    h.erase(h.find_last_not_of(' ') + 1);
    if (std::find(kCols.begin(), kCols.end(), h) == kCols.end())
      return Error::Invalid("header", "unknown column '" + rows[0][i] + "'");
    col[h] = i;
  }
  for (const char* req : {"employee_no", "name", "hire_date"})
    if (!col.count(req)) return Error::Invalid("header", std::string("missing required column '") + req + "'");
  // Lookups by code, loaded once.
  std::unordered_map<std::string, int64_t> dept, pos, grade;
  for (auto [table, map] : {std::pair{"departments", &dept}, std::pair{"positions", &pos}, std::pair{"grades", &grade}}) {
    HF_ASSIGN(Rows r, env.tx.Query(std::string("SELECT id, code FROM ") + table));
    for (auto row : r) (*map)[row.Str("code")] = row.Int("id");
  }
  // Builds a row's request body; unknown codes are reported to `problems` (and make it null) or,
  // without `problems`, simply left out.
  auto make_body = [&](const std::vector<std::string>& cells, int rowno, std::vector<ImportProblem>* problems) -> json {
    auto cell = [&](const char* name) -> std::string {
      auto it = col.find(name);
      if (it == col.end() || it->second >= cells.size()) return {};
      std::string v = cells[it->second];
      size_t a = v.find_first_not_of(" \t"), b = v.find_last_not_of(" \t");
      return a == std::string::npos ? "" : v.substr(a, b - a + 1);
    };
    json body = {{"employee_no", cell("employee_no")}, {"name", cell("name")}, {"hire_date", cell("hire_date")}};
    for (const char* f : {"email", "phone", "status", "id_number", "bank_account"})
      if (!cell(f).empty()) body[f] = cell(f);
    bool bad = false;
    for (auto [f, map, out] : {std::tuple{"department_code", &dept, "department_id"}, std::tuple{"position_code", &pos, "position_id"},
                               std::tuple{"grade_code", &grade, "grade_id"}}) {
      std::string code = cell(f);
      if (code.empty()) continue;
      auto it = map->find(code);
      if (it != map->end()) {
        body[out] = it->second;
      } else if (problems) {
        problems->push_back({rowno, f, "no such code: " + code});
        bad = true;
      }
    }
    return bad ? json() : body;
  };
  std::set<std::string> seen;
  std::vector<size_t> valid;  // data row numbers; bodies are rebuilt at insert time (memory stays flat)
  rep.total_rows = int(rows.size()) - 1;
  // Numbers already taken, looked up in chunks of 500 (not one query per row: on PostgreSQL each round
  // trip costs ~150 µs, 15 s per 100,000 rows).
  std::set<std::string> taken;
  {
    auto it = col.find("employee_no");
    std::vector<std::string> numbers;
    numbers.reserve(rows.size());
    for (size_t r = 1; r < rows.size(); ++r) {
      if (it->second >= rows[r].size()) continue;
      std::string v = rows[r][it->second];
      size_t a = v.find_first_not_of(" \t"), b = v.find_last_not_of(" \t");
      if (a != std::string::npos) numbers.push_back(v.substr(a, b - a + 1));
    }
    for (size_t i = 0; i < numbers.size(); i += 500) {
      size_t n = std::min<size_t>(500, numbers.size() - i);
      std::string sql = "SELECT employee_no FROM employees WHERE employee_no IN (?";
      store::Params p = {numbers[i]};
      for (size_t k = 1; k < n; ++k) {
        sql += ",?";
        p.push_back(numbers[i + k]);
      }
      HF_ASSIGN(Rows ex, env.tx.Query(sql + ")", p));
      for (auto row : ex) taken.insert(row.Str("employee_no"));
    }
  }
  for (size_t r = 1; r < rows.size(); ++r) {
    const auto& cells = rows[r];
    int rowno = int(r);
    if (cells.size() > rows[0].size()) {
      rep.problems.push_back({rowno, "row", "more cells than header columns"});
      continue;
    }
    json body = make_body(cells, rowno, &rep.problems);
    bool bad = body.is_null();
    if (bad) body = make_body(cells, rowno, nullptr);  // still validate the other fields
    auto v = EmployeeValues(env, body, true, std::nullopt);
    if (!v.ok()) {
      rep.problems.push_back({rowno, v.error().field, v.error().message});
      bad = true;
    }
    std::string no = body["employee_no"].get<std::string>();
    if (!no.empty()) {
      if (!seen.insert(no).second) {
        rep.problems.push_back({rowno, "employee_no", "duplicate employee_no in the file: " + no});
        bad = true;
      } else {
        if (taken.count(no)) {
          rep.problems.push_back({rowno, "employee_no", "an employee with this number already exists: " + no});
          bad = true;
        }
      }
    }
    if (!bad) valid.push_back(r);
  }
  rep.valid_rows = int(valid.size());
  if (dry_run) return rep;
  if (!rep.problems.empty() && !skip_invalid) {
    rep.refused = true;  // all-or-nothing: nothing is written
    return rep;
  }
  std::string now = Now(env);
  json numbers = json::array();
  // Multi-row INSERTs of up to 500 rows with the same columns (a row whose optional cells differ starts
  // a new statement, so file order is kept): 200 statements for 100,000 rows instead of 100,000 round
  // trips, and on PostgreSQL 200 updates of the row count instead of 100,000 (its statement-level
  // trigger, 017_employee_count_per_statement.postgresql.sql; the row-level one made this import quadratic).
  std::string batch_cols;
  store::Params batch;
  size_t batch_rows = 0, marks_per_row = 0;
  auto flush = [&]() -> Status {
    if (batch_rows == 0) return {};
    std::string one = "(";
    for (size_t k = 0; k < marks_per_row; ++k) one += k ? ",?" : "?";
    one += ")";
    std::string sql = "INSERT INTO employees(" + batch_cols + "created_at, updated_at) VALUES ";
    sql.reserve(sql.size() + batch_rows * (one.size() + 1));
    for (size_t k = 0; k < batch_rows; ++k) sql += (k ? "," : "") + one;
    auto r = env.tx.Exec(sql, batch);
    if (!r.ok()) return MapEmployeeUnique(r.error());
    batch.clear();
    batch_rows = 0;
    return {};
  };
  for (size_t row_index : valid) {
    json body = make_body(rows[row_index], int(row_index), nullptr);
    HF_ASSIGN(EmployeeInput in, EmployeeValues(env, body, true, std::nullopt));
    std::string cols;
    for (auto& [c, v] : in.cols) cols += c + ", ";
    if (cols != batch_cols || batch_rows == 500) {
      HF_TRY(flush());
      batch_cols = cols;
      marks_per_row = in.cols.size() + 2;
    }
    for (auto& [c, v] : in.cols) batch.push_back(v);
    batch.push_back(now);
    batch.push_back(now);
    ++batch_rows;
    ++rep.imported;
    numbers.push_back(body["employee_no"]);
  }
  HF_TRY(flush());
  HF_TRY(auth::AppendAudit(env.tx, &env.who,
                           {"import", "employee", "csv", nullptr,
                            {{"imported", rep.imported}, {"skipped_rows", rep.total_rows - rep.imported}, {"employee_nos", numbers}}},
                           env.request_id, env.clock));
  HF_TRY(jobs::Emit(env.tx, "employee.import", "employee", "csv",
                    {{"actor_user_id", env.who.user_id}, {"actor", env.who.username},
                     {"subject", std::to_string(rep.imported) + " / " + std::to_string(rep.total_rows)}}, env.clock));
  return rep;
}

// ---- Demo seed ---------------------------------------------------------------------------------

Status SeedDemo(Env& env) {
  HF_ASSIGN(Rows r, env.tx.Query("SELECT count(*) AS n FROM departments"));
  if (r[0].Int("n") > 0) return {};
  HF_TRY(UpdateCompany(env, {{"name", "华信科技有限公司"}, {"time_zone", "Asia/Shanghai"}, {"currency", "CNY"},
                             {"city", "Shanghai"}, {"version", 1}}));
  HF_ASSIGN(json hq, CreateSimple(env, "department", {{"name", "总部"}, {"code", "HQ"}}));
  HF_ASSIGN(json rd, CreateSimple(env, "department", {{"name", "研发部"}, {"code", "RD"}, {"parent_id", hq["id"]}}));
  HF_ASSIGN(json sales, CreateSimple(env, "department", {{"name", "销售部"}, {"code", "SALES"}, {"parent_id", hq["id"]}}));
  HF_ASSIGN(json hrd, CreateSimple(env, "department", {{"name", "人力资源部"}, {"code", "HR"}, {"parent_id", hq["id"]}}));
  HF_ASSIGN(json g1, CreateSimple(env, "grade", {{"code", "P5"}, {"name", "工程师"}, {"level", 5}}));
  HF_ASSIGN(json g2, CreateSimple(env, "grade", {{"code", "P6"}, {"name", "高级工程师"}, {"level", 6}}));
  HF_ASSIGN(json p1, CreateSimple(env, "position", {{"title", "后端工程师"}, {"code", "BE"}, {"department_id", rd["id"]}}));
  HF_ASSIGN(json p2, CreateSimple(env, "position", {{"title", "销售代表"}, {"code", "SR"}, {"department_id", sales["id"]}}));
  HF_ASSIGN(json p3, CreateSimple(env, "position", {{"title", "招聘专员"}, {"code", "REC"}, {"department_id", hrd["id"]}}));
  HF_TRY(CreateEmployee(env, {{"employee_no", "E0001"}, {"name", "张伟"}, {"email", "zhang.wei@example.com"},
                              {"department_id", rd["id"]}, {"position_id", p1["id"]}, {"grade_id", g2["id"]},
                              {"hire_date", "2021-03-01"}, {"status", "active"}}));
  HF_TRY(CreateEmployee(env, {{"employee_no", "E0002"}, {"name", "李娜"}, {"email", "li.na@example.com"},
                              {"department_id", sales["id"]}, {"position_id", p2["id"]}, {"grade_id", g1["id"]},
                              {"hire_date", "2023-07-10"}, {"status", "active"}}));
  HF_TRY(CreateEmployee(env, {{"employee_no", "E0003"}, {"name", "王芳"}, {"email", "wang.fang@example.com"},
                              {"department_id", hrd["id"]}, {"position_id", p3["id"]}, {"grade_id", g1["id"]},
                              {"hire_date", "2026-09-01"}, {"status", "probation"}}));
  return {};
}

}  // namespace org
