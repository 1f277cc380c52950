// Helpers shared by the lifecycle sources (not part of the module's face).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lifecycle/lifecycle.h"
#include "lifecycle/rules.h"

namespace lifecycle::detail {

using org::OnlyKeys;
using org::OptText;
using org::RequireVersion;
using org::VersionConflict;

std::string Now(const core::Clock& clock);
// The value of `r`, or `fallback` on an error.
template <typename T, typename U>
T Or(core::Result<T> r, U fallback) {
  return r.ok() ? std::move(r).value() : T(fallback);
}
// China time (UTC+8, no daylight saving): today's date and the minutes after midnight.
core::Date LocalToday(const core::Clock& clock);
int LocalMinutes(const core::Clock& clock);

core::Status Audit(Env& env, const char* action, std::string_view entity, int64_t id, const nlohmann::json& before,
                   const nlohmann::json& after, const std::string& subject);

std::string InList(const std::vector<int64_t>& ids);

struct Employee {
  int64_t id = 0;
  std::string employee_no, name, status;
  core::Date hire_date;
  std::optional<int64_t> manager_id, department_id;
};
core::Result<Employee> LoadEmployee(store::Tx& tx, int64_t id);  // kNotFound

// The caller's employee record id, or kNotFound "no employee record is linked to your account".
core::Result<int64_t> Me(const Env& env);
// Whether the caller manages the employee directly (their manager_id is the caller's record).
bool IsManagerOf(const Env& env, const Employee& e);
// HR, the employee, or their manager; `department_scope` also lets hiring managers see their
// department subtree. kNotFound otherwise.
core::Status CheckSees(Env& env, const Employee& e, bool department_scope);

// "YYYY-MM" -> (year, month); kInvalid naming `field`.
core::Result<std::pair<int, unsigned>> ParseMonth(std::string_view text, std::string_view field = "month");

// A required id, text or date from a JSON body; kInvalid naming the field.
core::Result<int64_t> ReqId(const nlohmann::json& body, const char* field);
core::Result<std::string> ReqText(const nlohmann::json& body, const char* field, size_t max_len);
core::Result<core::Date> ReqDate(const nlohmann::json& body, const char* field);
core::Result<std::optional<double>> OptNumber(const nlohmann::json& body, const char* field, double min, double max);
core::Result<std::optional<bool>> OptBool(const nlohmann::json& body, const char* field);

// probation.cpp: the daily probation-review job, its notification, and today's run queued.
void RegisterProbationJobs(jobs::Queue& queue, store::Db& db, const core::Clock& clock);

}  // namespace lifecycle::detail
