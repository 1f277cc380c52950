#include "auth/auth.h"

#include <cctype>

#include "auth/crypto.h"

namespace auth {

using core::Error;
using core::Result;
using core::Status;
using store::Rows;

const char* RoleName(Role r) {
  switch (r) {
    case Role::kAdmin: return "admin";
    case Role::kHr: return "hr";
    case Role::kHiringManager: return "hiring_manager";
    case Role::kInterviewer: return "interviewer";
    case Role::kEmployee: return "employee";
  }
  return "employee";
}

std::optional<Role> ParseRole(std::string_view s) {
  for (Role r : kAllRoles)
    if (s == RoleName(r)) return r;
  return std::nullopt;
}

nlohmann::json User::ToJson() const {
  return {{"id", id},
          {"username", username},
          {"display_name", display_name},
          {"role", RoleName(role)},
          {"department_id", department_id ? nlohmann::json(*department_id) : nlohmann::json(nullptr)},
          {"employee_id", employee_id ? nlohmann::json(*employee_id) : nlohmann::json(nullptr)},
          {"disabled", disabled},
          {"locale", locale},
          {"version", version},
          {"created_at", created_at},
          {"updated_at", updated_at}};
}

nlohmann::json ApiToken::ToJson() const {
  nlohmann::json j = {{"id", id}, {"name", name}, {"created_at", created_at},
                      {"last_used_at", last_used_at ? nlohmann::json(*last_used_at) : nlohmann::json(nullptr)}};
  if (token) j["token"] = *token;
  return j;
}

namespace {

constexpr const char* kUserCols =
    "id, username, display_name, role, department_id, employee_id, disabled, locale, version, created_at, updated_at";

User UserFromRow(const Rows::Row& r) {
  User u;
  u.id = r.Int("id");
  u.username = r.Str("username");
  u.display_name = r.Str("display_name");
  u.role = ParseRole(r.Str("role")).value_or(Role::kEmployee);
  u.department_id = r.OptInt("department_id");
  u.employee_id = r.OptInt("employee_id");
  u.disabled = r.Int("disabled") != 0;
  u.locale = r.Str("locale");
  u.version = r.Int("version");
  u.created_at = r.Str("created_at");
  u.updated_at = r.Str("updated_at");
  return u;
}

Status CheckUsername(std::string_view name) {
  if (name.size() < 3 || name.size() > 64)
    return Error::Invalid("username", "username must have 3 to 64 characters");
  for (unsigned char c : name)
    if (!(std::isalnum(c) || c == '.' || c == '_' || c == '-' || c == '@'))
      return Error::Invalid("username", "username may contain letters, digits and . _ - @ only");
  return {};
}

std::string Now(const core::Clock& c) { return core::FormatInstant(c.Now()); }

}  // namespace

Result<User> CreateUser(store::Tx& tx, const NewUser& u, const core::Clock& clock) {
  HF_TRY(CheckUsername(u.username));
  HF_TRY(CheckPasswordPolicy(u.password));
  std::string display = u.display_name.empty() ? u.username : u.display_name;
  if (display.size() > 128) return Error::Invalid("display_name", "display name too long");
  HF_ASSIGN(std::string hash, HashPassword(u.password));
  std::string now = Now(clock);
  auto r = tx.Query(std::string("INSERT INTO users(username, password_hash, display_name, role, department_id, employee_id, "
                                "disabled, locale, created_at, updated_at) VALUES (?,?,?,?,?,?,0,'zh-CN',?,?) RETURNING ") +
                        kUserCols,
                    {u.username, hash, display, RoleName(u.role), u.department_id, u.employee_id, now, now});
  if (!r.ok()) {
    if (r.error().slug == "unique_violation") {
      Error e = Error::Conflict("username '" + u.username + "' is taken", "username_taken");
      e.field = "username";
      return e;
    }
    if (r.error().slug == "foreign_key_violation") return Error::Invalid("department_id", "no such department");
    return r.error();
  }
  return UserFromRow((*r)[0]);
}

Result<User> GetUser(store::Tx& tx, int64_t id) {
  HF_ASSIGN(Rows r, tx.QueryOne(std::string("SELECT ") + kUserCols + " FROM users WHERE id = ?", {id}, "user"));
  return UserFromRow(r[0]);
}

Result<User> GetUserByName(store::Tx& tx, std::string_view username) {
  HF_ASSIGN(Rows r, tx.QueryOne(std::string("SELECT ") + kUserCols + " FROM users WHERE username = ?",
                                {std::string(username)}, "user"));
  return UserFromRow(r[0]);
}

Result<std::vector<User>> ListUsers(store::Tx& tx, int limit, int offset, int64_t* total) {
  HF_ASSIGN(Rows c, tx.Query("SELECT count(*) AS n FROM users"));
  *total = c[0].Int("n");
  HF_ASSIGN(Rows r, tx.Query(std::string("SELECT ") + kUserCols + " FROM users ORDER BY id LIMIT ? OFFSET ?",
                             {limit, offset}));
  std::vector<User> out;
  for (auto row : r) out.push_back(UserFromRow(row));
  return out;
}

Result<User> UpdateUser(store::Tx& tx, int64_t id, int64_t version, const UserPatch& p, const core::Clock& clock) {
  HF_ASSIGN(User u, GetUser(tx, id));
  if (u.version != version) return Error::Conflict("the user was changed by someone else; reload", "version_conflict");
  if (p.display_name) {
    if (p.display_name->empty() || p.display_name->size() > 128)
      return Error::Invalid("display_name", "display name must have 1 to 128 characters");
    u.display_name = *p.display_name;
  }
  if (p.locale) {
    if (*p.locale != "zh-CN" && *p.locale != "en") return Error::Invalid("locale", "locale must be zh-CN or en");
    u.locale = *p.locale;
  }
  if (p.role) u.role = *p.role;
  if (p.department_id) u.department_id = *p.department_id;
  if (p.disabled) u.disabled = *p.disabled;
  auto n = tx.Exec(
      "UPDATE users SET display_name = ?, locale = ?, role = ?, department_id = ?, disabled = ?, version = version + 1, "
      "updated_at = ? WHERE id = ? AND version = ?",
      {u.display_name, u.locale, RoleName(u.role), u.department_id, u.disabled, Now(clock), id, version});
  if (!n.ok()) {
    if (n.error().slug == "foreign_key_violation") return Error::Invalid("department_id", "no such department");
    return n.error();
  }
  if (*n != 1) return Error::Conflict("the user was changed by someone else; reload", "version_conflict");
  if (u.disabled) HF_TRY(tx.Exec("DELETE FROM sessions WHERE user_id = ?", {id}));
  return GetUser(tx, id);
}

Status SetPassword(store::Tx& tx, int64_t id, std::string_view password, const core::Clock& clock) {
  HF_TRY(CheckPasswordPolicy(password));
  HF_ASSIGN(std::string hash, HashPassword(password));
  HF_ASSIGN(int64_t n, tx.Exec("UPDATE users SET password_hash = ?, version = version + 1, updated_at = ? WHERE id = ?",
                               {hash, Now(clock), id}));
  if (n != 1) return Error::NotFound("user not found");
  // A new password ends every existing session of that user.
  HF_TRY(tx.Exec("DELETE FROM sessions WHERE user_id = ?", {id}));
  return {};
}

Result<LoginResult> Login(store::Db& db, std::string_view username, std::string_view password, std::string_view ip,
                          const core::Clock& clock, const LoginLimits& limits) {
  if (username.empty()) return Error::Invalid("username", "username is required");
  if (password.empty()) return Error::Invalid("password", "password is required");
  std::string now = Now(clock);
  std::string since = core::FormatInstant(clock.Now() - limits.window);
  HF_ASSIGN(auto tx, db.Begin(true));
  HF_ASSIGN(Rows fails, tx->Query("SELECT count(*) AS n FROM login_attempts WHERE username = ? AND success = 0 AND at > ?",
                                  {std::string(username), since}));
  if (fails[0].Int("n") >= limits.max_failures)
    return Error{core::ErrorCode::kRateLimited, "too many failed logins; try again later", {}, {}};
  HF_ASSIGN(Rows r, tx->Query("SELECT id, password_hash, disabled FROM users WHERE username = ?", {std::string(username)}));
  bool ok = !r.empty() && VerifyPassword(r[0].Str("password_hash"), password) && r[0].Int("disabled") == 0;
  if (r.empty()) {
    // Spend comparable time on unknown users so that timing does not reveal which names exist.
    static const std::string dummy = *HashPassword("timing-equaliser-0");
    (void)VerifyPassword(dummy, password);
  }
  HF_TRY(tx->Exec("INSERT INTO login_attempts(username, ip, success, at) VALUES (?,?,?,?)",
                  {std::string(username), std::string(ip), ok, now}));
  if (!ok) {
    HF_TRY(tx->Commit());
    return Error::Unauthenticated("wrong username or password");
  }
  int64_t uid = r[0].Int("id");
  HF_TRY(tx->Exec("DELETE FROM login_attempts WHERE username = ? AND success = 0", {std::string(username)}));
  LoginResult out;
  out.session_token = RandomToken(32);
  out.csrf_token = RandomToken(24);
  std::string expires = core::FormatInstant(clock.Now() + limits.session_ttl);
  HF_TRY(tx->Exec("INSERT INTO sessions(token_hash, user_id, csrf_token, created_at, expires_at) VALUES (?,?,?,?,?)",
                  {Sha256Hex(out.session_token), uid, out.csrf_token, now, expires}));
  HF_ASSIGN(out.user, GetUser(*tx, uid));
  Principal p{uid, out.user.username, out.user.role, out.user.department_id, out.user.employee_id, false};
  HF_TRY(AppendAudit(*tx, &p, {"login", "user", std::to_string(uid), nullptr, nlohmann::json{{"ip", ip}}}, "", clock));
  HF_TRY(tx->Commit());
  return out;
}

Status Logout(store::Tx& tx, std::string_view session_token) {
  HF_TRY(tx.Exec("DELETE FROM sessions WHERE token_hash = ?", {Sha256Hex(session_token)}));
  return {};
}

static Result<Principal> PrincipalFor(store::Tx& tx, int64_t uid) {
  HF_ASSIGN(User u, GetUser(tx, uid));
  if (u.disabled) return Error::Unauthenticated("account disabled");
  return Principal{u.id, u.username, u.role, u.department_id, u.employee_id, false};
}

Result<Authenticated> AuthenticateSession(store::Tx& tx, std::string_view token, const core::Clock& clock) {
  if (token.empty()) return Error::Unauthenticated();
  HF_ASSIGN(Rows r, tx.Query("SELECT user_id, csrf_token, expires_at FROM sessions WHERE token_hash = ?",
                             {Sha256Hex(token)}));
  if (r.empty() || r[0].Str("expires_at") <= Now(clock)) return Error::Unauthenticated("session expired; sign in again");
  auto p = PrincipalFor(tx, r[0].Int("user_id"));
  if (!p.ok()) return Error::Unauthenticated(p.error().message);
  return Authenticated{*p, r[0].Str("csrf_token")};
}

Result<Authenticated> AuthenticateToken(store::Tx& tx, std::string_view bearer, const core::Clock& clock) {
  HF_ASSIGN(Rows r, tx.Query("SELECT id, user_id FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL",
                             {Sha256Hex(bearer)}));
  if (r.empty()) return Error::Unauthenticated("unknown or revoked API token");
  auto p = PrincipalFor(tx, r[0].Int("user_id"));
  if (!p.ok()) return Error::Unauthenticated(p.error().message);
  p->via_token = true;
  return Authenticated{*p, ""};
}

Result<ApiToken> CreateApiToken(store::Tx& tx, int64_t user_id, std::string_view name, const core::Clock& clock) {
  if (name.empty() || name.size() > 100) return Error::Invalid("name", "token name must have 1 to 100 characters");
  std::string token = "hf_" + RandomToken(32);
  std::string now = Now(clock);
  HF_ASSIGN(Rows r, tx.Query("INSERT INTO api_tokens(user_id, name, token_hash, created_at) VALUES (?,?,?,?) RETURNING id",
                             {user_id, std::string(name), Sha256Hex(token), now}));
  return ApiToken{r[0].Int("id"), std::string(name), now, std::nullopt, token};
}

Result<std::vector<ApiToken>> ListApiTokens(store::Tx& tx, int64_t user_id) {
  HF_ASSIGN(Rows r, tx.Query("SELECT id, name, created_at, last_used_at FROM api_tokens WHERE user_id = ? AND revoked_at "
                             "IS NULL ORDER BY id",
                             {user_id}));
  std::vector<ApiToken> out;
  for (auto row : r) out.push_back({row.Int("id"), row.Str("name"), row.Str("created_at"), row.OptStr("last_used_at"), {}});
  return out;
}

Status RevokeApiToken(store::Tx& tx, int64_t user_id, int64_t token_id, const core::Clock& clock) {
  HF_ASSIGN(int64_t n, tx.Exec("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
                               {Now(clock), token_id, user_id}));
  if (n != 1) return Error::NotFound("token not found");
  return {};
}

// ---- Audit -----------------------------------------------------------------------------------

static std::string AuditCanonical(const std::string& prev, const std::string& at, const std::string& actor,
                                  const std::string& action, const std::string& entity, const std::string& entity_id,
                                  const std::string& before, const std::string& after) {
  // Length-prefixed fields: no separator ambiguity.
  std::string s = prev;
  for (const std::string* f : {&at, &actor, &action, &entity, &entity_id, &before, &after}) {
    s += '|';
    s += std::to_string(f->size());
    s += ':';
    s += *f;
  }
  return s;
}

Status AppendAudit(store::Tx& tx, const Principal* actor, const AuditEntry& e, std::string_view request_id,
                   const core::Clock& clock) {
  if (tx.backend() == store::Backend::kPostgres) {
    // Serialise appenders so that the chain never forks (SQLite writers are already serialised).
    HF_TRY(tx.Query("SELECT pg_advisory_xact_lock(7242002)"));
  }
  HF_ASSIGN(Rows last, tx.Query("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1"));
  std::string prev = last.empty() ? std::string(64, '0') : last[0].Str("hash");
  std::string at = Now(clock);
  std::string actor_name = actor ? actor->username : "system";
  std::string before = e.before.is_null() ? "" : e.before.dump();
  std::string after = e.after.is_null() ? "" : e.after.dump();
  std::string hash = Sha256Hex(AuditCanonical(prev, at, actor_name, e.action, e.entity, e.entity_id, before, after));
  std::optional<int64_t> actor_id;
  if (actor) actor_id = actor->user_id;
  HF_TRY(tx.Exec("INSERT INTO audit_log(at, actor_user_id, actor, action, entity, entity_id, before_json, after_json, "
                 "request_id, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                 {at, actor_id, actor_name, e.action, e.entity, e.entity_id,
                  before.empty() ? store::Param(std::nullopt) : store::Param(before),
                  after.empty() ? store::Param(std::nullopt) : store::Param(after), std::string(request_id), prev, hash}));
  return {};
}

Result<AuditVerify> VerifyAuditChain(store::Tx& tx) {
  AuditVerify v;
  std::string prev(64, '0');
  int64_t after_id = 0;
  for (;;) {
    HF_ASSIGN(Rows r, tx.Query("SELECT id, at, actor, action, entity, entity_id, before_json, after_json, prev_hash, hash "
                               "FROM audit_log WHERE id > ? ORDER BY id LIMIT 5000",
                               {after_id}));
    if (r.empty()) break;
    for (auto row : r) {
      std::string expect = Sha256Hex(AuditCanonical(prev, row.Str("at"), row.Str("actor"), row.Str("action"),
                                                    row.Str("entity"), row.Str("entity_id"), row.Str("before_json"),
                                                    row.Str("after_json")));
      ++v.checked;
      if (row.Str("prev_hash") != prev || row.Str("hash") != expect) {
        v.ok = false;
        v.first_bad_id = row.Int("id");
        return v;
      }
      prev = row.Str("hash");
      after_id = row.Int("id");
    }
  }
  return v;
}

}  // namespace auth
