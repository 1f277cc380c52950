// Helpers shared by the hiring sources (not part of the module's face).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "hiring/hiring.h"
#include "recruiting/recruiting.h"

// Optional columns (Row::OptStr, Row::OptInt) become JSON null when absent.
namespace nlohmann {
template <typename T>
struct adl_serializer<std::optional<T>> {
  static void to_json(json& j, const std::optional<T>& o) {
    if (o) j = *o;
    else j = nullptr;
  }
  static void from_json(const json& j, std::optional<T>& o) {
    if (j.is_null()) o.reset();
    else o = j.get<T>();
  }
};
}  // namespace nlohmann

namespace hiring::detail {

using org::OnlyKeys;
using org::OptText;
using org::RequireVersion;
using org::VersionConflict;

inline std::string Now(const core::Clock& clock) { return core::FormatInstant(clock.Now()); }
// The company's calendar date (Asia/Shanghai, UTC+8, no daylight saving).
core::Date Today(const core::Clock& clock);
inline core::Status Audit(store::Tx& tx, const auth::Principal* who, const core::Clock& clock, const std::string& request_id,
                          const char* action, std::string_view entity, int64_t id, const nlohmann::json& before,
                          const nlohmann::json& after, const std::string& subject) {
  return org::AuditChange(tx, who, clock, request_id, action, entity, std::to_string(id), before, after, subject);
}

struct Policy {
  nlohmann::json decision_steps, offer_steps, above_midpoint_steps, out_of_band_steps;  // [{role}]
  int offer_valid_days = 7;
  bool check_required = true;
  std::vector<std::string> check_items;
  nlohmann::json onboarding_tasks;  // [{code, title, category, owner_role, due_offset_days, required}]
  int64_t version = 0;
};
core::Result<Policy> LoadPolicy(store::Tx& tx);
nlohmann::json PolicyJson(const Policy& p);

// The application (with plan and candidate columns) if within the caller's managing scope.
core::Result<store::Rows> AppInScope(Env& env, int64_t application_id);

// Creates pending approval steps; returns how many.
core::Result<int> CreateApprovals(store::Tx& tx, const core::Clock& clock, const std::string& subject_type, int64_t subject_id,
                                  const std::vector<std::pair<std::string, std::string>>& steps);
// Runs when the last step of a subject is approved (decision → application to "offer"; offer version → approved).
core::Status SubjectApproved(store::Tx& tx, const core::Clock& clock, const std::string& subject_type, int64_t subject_id);
core::Status SubjectRejected(store::Tx& tx, const core::Clock& clock, const std::string& subject_type, int64_t subject_id);

// After acceptance: the background check (or onboarding when the policy needs none).
core::Status StartAfterAcceptance(store::Tx& tx, const core::Clock& clock, int64_t offer_id, bool consent);
// Creates the onboarding with its tasks and contract; returns its id.
core::Result<int64_t> CreateOnboarding(store::Tx& tx, const core::Clock& clock, int64_t offer_id);
// Creates the employee when every required task is done (no-op otherwise). who: null for the new hire.
core::Status MaybeCreateEmployee(store::Tx& tx, const core::Clock& clock, const auth::Principal* who, int64_t onboarding_id);
// Marks a task done by code (the new hire's tasks).
core::Status CompleteTaskByCode(store::Tx& tx, const core::Clock& clock, int64_t onboarding_id, const std::string& code);
// Applies a check item's new status and moves the check (all passed → onboarding; a failure → HR decides).
core::Status ApplyItemStatus(store::Tx& tx, const core::Clock& clock, const auth::Principal* who, int64_t item_id,
                             const std::string& status, const std::string& note);

// Marks every sent or countered offer past its expiry date expired (the daily job; reads check too).
core::Result<int> ExpireDueOffers(store::Tx& tx, const core::Clock& clock);
// Offer terms as stored (monthly_salary etc. as decimal strings).
nlohmann::json TermsOf(const store::Rows::Row& version_row);

}  // namespace hiring::detail
