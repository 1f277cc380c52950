// Helpers shared by the recruiting sources (not part of the module's face).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "recruit/screening.h"
#include "recruiting/recruiting.h"

namespace recruiting::detail {

std::string Now(const core::Clock& clock);
// One audit entry and one outbox event in the caller's transaction. `who` may be null (public).
core::Status Audit(store::Tx& tx, const auth::Principal* who, const core::Clock& clock, const std::string& request_id,
                   const char* action, std::string_view entity, int64_t id, const nlohmann::json& before,
                   const nlohmann::json& after, const std::string& subject);

using org::OnlyKeys;
using org::OptText;
using org::RequireVersion;
using org::VersionConflict;
std::string InList(const std::vector<int64_t>& ids);

// Normalised identity keys (lower-case email; digits of a phone with a mainland +86 prefix removed).
std::string EmailKey(std::string_view email);
std::string PhoneKey(std::string_view phone);
bool ValidEmail(const std::string& s);
bool ValidPhone(const std::string& s);


// Screens application `app_id` against its plan and applies the plan's automatic rules (the
// applied → screened move, auto-advance and auto-reject), recording which rule fired.
// `screener` (the plan compiled once, for re-screening many applications) may be null.
core::Status ScreenApplication(store::Tx& tx, const core::Clock& clock, int64_t app_id,
                               const recruit::Screener* screener = nullptr);


// Rewrites the candidate's search index entry (search_text column, and FTS5 row on SQLite).
core::Status IndexCandidate(store::Tx& tx, int64_t candidate_id);
// Builds a backend's full-text query from user input; empty when the input has no tokens.
std::string FtsQuery(std::string_view q, store::Backend backend);

// kNotFound unless the plan is open and before its deadline (careers page).
core::Status CheckOpen(store::Tx& tx, const core::Clock& clock, int64_t id);

// Applies a parsed resume (or its error) to a candidate row's columns.
struct ParsedResume {
  std::optional<nlohmann::json> resume;
  std::string text, error;
};
ParsedResume ParseResumeFile(const std::string& path, const std::string& filename);

// The first candidate (other than `except`) with the same normalised email or phone.
core::Result<std::optional<int64_t>> FindDuplicate(store::Tx& tx, const std::string& email, const std::string& phone,
                                                   std::optional<int64_t> except);
core::Result<int64_t> InsertCandidate(store::Tx& tx, const core::Clock& clock, const std::string& name,
                                      const std::string& email, const std::string& phone, const std::string& source,
                                      const nlohmann::json& tags);
// Stores the parse result (and file key when not empty) on the candidate and re-indexes it.
core::Status SetResume(store::Tx& tx, const core::Clock& clock, int64_t id, const ParsedResume& p,
                       const std::string& file_key, const std::string& filename);

}  // namespace recruiting::detail
