// Organisation records: company settings, departments (tree), positions, job grades, employees.
// Every mutating function takes the caller's transaction, validates its input (kInvalid names
// the field), applies optimistic locking (kConflict "version_conflict") and writes the audit
// entry in the same transaction. Reads apply the resource's policy: a record outside the
// caller's scope is kNotFound, an action the role may never take is kForbidden.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "auth/auth.h"
#include "auth/crypto.h"
#include "core/date.h"
#include "core/error.h"
#include "store/store.h"

namespace org {

// Everything a domain call needs besides its arguments. All references outlive the call.
struct Env {
  store::Tx& tx;
  const auth::Principal& who;
  const core::Clock& clock;
  std::string request_id;
  const auth::FieldCipher* cipher = nullptr;  // required for employees
};

struct Page {
  int limit = 50;
  int offset = 0;
  // Reads limit/offset from query strings; kInvalid on out-of-range values.
  static core::Result<Page> From(const std::optional<std::string>& limit, const std::optional<std::string>& offset);
};

struct ListResult {
  nlohmann::json items = nlohmann::json::array();
  std::string raw_items;  // when set: the items as serialised JSON text, used instead of `items`
  int64_t total = 0;
  // The list page as JSON text; moves the items out.
  std::string Body(const Page& p) && {
    std::string items_text = raw_items.empty() ? items.dump() : std::move(raw_items);
    return "{\"items\":" + items_text + ",\"total\":" + std::to_string(total) + ",\"limit\":" + std::to_string(p.limit) +
           ",\"offset\":" + std::to_string(p.offset) + "}";
  }
};

// ---- Helpers for every domain module ------------------------------------------------------------
// One audit entry and one outbox event (topic "<entity>.<action>", or `topic`) in the caller's
// transaction. `who` is null for actions of the public (the careers page, candidate links). The
// event carries the actor and `subject` only: never amounts or personal data.
core::Status AuditChange(store::Tx& tx, const auth::Principal* who, const core::Clock& clock, const std::string& request_id,
                         const char* action, std::string_view entity, std::string_view entity_id,
                         const nlohmann::json& before, const nlohmann::json& after, const std::string& subject,
                         std::optional<std::string_view> topic = std::nullopt);
// An optional string field: absent -> nullopt; null -> ""; trimmed; kInvalid naming the field when
// mistyped or longer than max_len bytes.
core::Result<std::optional<std::string>> OptText(const nlohmann::json& body, const char* field, size_t max_len);
// kInvalid naming the first key of `body` not in `keys`.
core::Status OnlyKeys(const nlohmann::json& body, std::initializer_list<const char*> keys);
// The record's current "version" for optimistic locking (kInvalid when missing).
core::Result<int64_t> RequireVersion(const nlohmann::json& body);
// kConflict "version_conflict": someone changed `what` meanwhile.
core::Error VersionConflict(std::string_view what);

// ---- Policy -----------------------------------------------------------------------------------
bool IsHrOrAdmin(const auth::Principal& p);
// Departments whose records the caller may see: nullopt = all; otherwise the subtree of the
// caller's department (empty when the caller has none).
core::Result<std::optional<std::vector<int64_t>>> VisibleDepartments(store::Tx& tx, const auth::Principal& p);
core::Status RequireHrOrAdmin(const auth::Principal& p);
core::Status RequireAdmin(const auth::Principal& p);

// ---- Company settings --------------------------------------------------------------------------
core::Result<nlohmann::json> GetCompany(Env& env);
core::Result<nlohmann::json> UpdateCompany(Env& env, const nlohmann::json& body);  // admin

// ---- Departments, positions, grades (JSON in, JSON out) ---------------------------------------
// kind: "department" | "position" | "grade"
core::Result<ListResult> ListSimple(Env& env, std::string_view kind, const std::optional<std::string>& q, const Page& page);
core::Result<nlohmann::json> GetSimple(Env& env, std::string_view kind, int64_t id);
core::Result<nlohmann::json> CreateSimple(Env& env, std::string_view kind, const nlohmann::json& body);
core::Result<nlohmann::json> UpdateSimple(Env& env, std::string_view kind, int64_t id, const nlohmann::json& body);
core::Status DeleteSimple(Env& env, std::string_view kind, int64_t id);

// ---- Employees ---------------------------------------------------------------------------------
struct EmployeeFilter {
  std::optional<std::string> q, status;
  std::optional<int64_t> department_id;
};
core::Result<ListResult> ListEmployees(Env& env, const EmployeeFilter& f, const Page& page);
core::Result<nlohmann::json> GetEmployee(Env& env, int64_t id);
core::Result<nlohmann::json> CreateEmployee(Env& env, const nlohmann::json& body);
core::Result<nlohmann::json> UpdateEmployee(Env& env, int64_t id, const nlohmann::json& body);
core::Status DeleteEmployee(Env& env, int64_t id);

struct ImportProblem {
  int row;  // 1-based data row (the header is row 0)
  std::string field, problem;
};
struct ImportReport {
  bool dry_run = true;
  bool refused = false;  // problems found and skip_invalid not set: nothing was imported
  int total_rows = 0, valid_rows = 0, imported = 0;
  std::vector<ImportProblem> problems;
  nlohmann::json ToJson() const;
};
// Validates every row; imports nothing (report.refused) when any row is invalid unless
// skip_invalid. All rows are written in the caller's transaction (all-or-nothing on a crash).
core::Result<ImportReport> ImportEmployeesCsv(Env& env, std::string_view csv, bool dry_run, bool skip_invalid);

// RFC 4180 CSV parsing (quotes, doubled quotes, CRLF, optional UTF-8 BOM). kInvalid on an
// unterminated quote, naming the row.
core::Result<std::vector<std::vector<std::string>>> ParseCsv(std::string_view text);

// Seeds demo organisation data when the database has no departments (idempotent).
core::Status SeedDemo(Env& env);

}  // namespace org
