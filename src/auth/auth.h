// Accounts and access: users, roles, sessions (cookie + CSRF), personal API tokens, login
// throttling, and the append-only audit log with a hash chain.
// Every function takes the caller's store::Tx; the caller commits. Login() commits its own
// attempt record so that throttling counts failures even though the login itself fails.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/date.h"
#include "core/error.h"
#include "store/store.h"

namespace auth {

enum class Role { kAdmin, kHr, kHiringManager, kInterviewer, kEmployee };
const char* RoleName(Role r);
std::optional<Role> ParseRole(std::string_view s);
inline constexpr Role kAllRoles[] = {Role::kAdmin, Role::kHr, Role::kHiringManager, Role::kInterviewer,
                                     Role::kEmployee};

// Who is calling. Built by Authenticate(); passed to every domain policy function.
struct Principal {
  int64_t user_id = 0;
  std::string username;
  Role role = Role::kEmployee;
  std::optional<int64_t> department_id;  // scope for hiring managers and interviewers
  std::optional<int64_t> employee_id;    // the employee record of this user, if any
  bool via_token = false;                // API token (no CSRF) rather than a session cookie
};

struct User {
  int64_t id = 0;
  std::string username, display_name, locale;
  Role role = Role::kEmployee;
  std::optional<int64_t> department_id, employee_id;
  bool disabled = false;
  int64_t version = 1;
  std::string created_at, updated_at;
  nlohmann::json ToJson() const;
};

struct NewUser {
  std::string username, password, display_name;
  Role role = Role::kEmployee;
  std::optional<int64_t> department_id, employee_id;
};

// Validates and creates a user (argon2id hash). kInvalid names the field; kConflict when taken.
core::Result<User> CreateUser(store::Tx& tx, const NewUser& u, const core::Clock& clock);
core::Result<User> GetUser(store::Tx& tx, int64_t id);
core::Result<User> GetUserByName(store::Tx& tx, std::string_view username);
core::Result<std::vector<User>> ListUsers(store::Tx& tx, int limit, int offset, int64_t* total);
struct UserPatch {
  std::optional<std::string> display_name, locale;
  std::optional<Role> role;
  std::optional<std::optional<int64_t>> department_id;
  std::optional<bool> disabled;
};
// Optimistic: kConflict("version_conflict") when `version` is stale.
core::Result<User> UpdateUser(store::Tx& tx, int64_t id, int64_t version, const UserPatch& p, const core::Clock& clock);
core::Status SetPassword(store::Tx& tx, int64_t id, std::string_view password, const core::Clock& clock);

struct LoginResult {
  User user;
  std::string session_token;  // cookie value; only its hash is stored
  std::string csrf_token;
};
struct LoginLimits {
  int max_failures = 5;
  std::chrono::minutes window{15};
  std::chrono::hours session_ttl{12};
};
// Checks credentials with throttling: after max_failures failures for a username within the
// window, answers kRateLimited without checking the password. Commits the attempt record.
core::Result<LoginResult> Login(store::Db& db, std::string_view username, std::string_view password,
                                std::string_view ip, const core::Clock& clock, const LoginLimits& limits = {});
core::Status Logout(store::Tx& tx, std::string_view session_token);

struct Authenticated {
  Principal principal;
  std::string csrf_token;  // empty for API tokens
};
// Resolves a session cookie value or an API bearer token. kUnauthenticated when unknown/expired/disabled.
core::Result<Authenticated> AuthenticateSession(store::Tx& tx, std::string_view session_token, const core::Clock& clock);
core::Result<Authenticated> AuthenticateToken(store::Tx& tx, std::string_view bearer, const core::Clock& clock);

struct ApiToken {
  int64_t id = 0;
  std::string name, created_at;
  std::optional<std::string> last_used_at, token;  // token: plaintext, only when just created
  nlohmann::json ToJson() const;
};
core::Result<ApiToken> CreateApiToken(store::Tx& tx, int64_t user_id, std::string_view name, const core::Clock& clock);
core::Result<std::vector<ApiToken>> ListApiTokens(store::Tx& tx, int64_t user_id);
core::Status RevokeApiToken(store::Tx& tx, int64_t user_id, int64_t token_id, const core::Clock& clock);

// ---- Audit log -------------------------------------------------------------------------------
struct AuditEntry {
  std::string action;     // "create" | "update" | "delete" | "login" | ...
  std::string entity;     // "department", "employee", ...
  std::string entity_id;
  nlohmann::json before;  // null when absent
  nlohmann::json after;
};
// Appends one entry in the caller's transaction, chained to the previous entry's hash.
core::Status AppendAudit(store::Tx& tx, const Principal* actor, const AuditEntry& e, std::string_view request_id,
                         const core::Clock& clock);
struct AuditVerify {
  bool ok = true;
  int64_t checked = 0;
  std::optional<int64_t> first_bad_id;
};
core::Result<AuditVerify> VerifyAuditChain(store::Tx& tx);

}  // namespace auth
