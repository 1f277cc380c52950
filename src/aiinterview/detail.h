// Helpers shared by the aiinterview sources (not part of the module's face).
#pragma once

#include <string>

#include "aiinterview/aiinterview.h"
#include "recruiting/recruiting.h"

namespace aiinterview::detail {

using org::OnlyKeys;
using org::OptText;
using org::RequireVersion;
using org::VersionConflict;

inline std::string Now(const core::Clock& clock) { return core::FormatInstant(clock.Now()); }
// org::AuditChange for a record with an integer id.
inline core::Status Audit(store::Tx& tx, const auth::Principal* who, const core::Clock& clock, const std::string& request_id,
                          const char* action, std::string_view entity, int64_t id, const nlohmann::json& before,
                          const nlohmann::json& after, const std::string& subject) {
  return org::AuditChange(tx, who, clock, request_id, action, entity, std::to_string(id), before, after, subject);
}

// The company's interview settings (defaults until an admin saves them).
struct Settings {
  std::string notice_version, notice_text, alternative_process;
  int retention_days = 180;             // recordings (and their transcripts and media analysis)
  int candidate_retention_days = 730;   // candidates with no activity are erased after this
  bool humans_decide = true;  // automatic rejections wait for a person
  int link_valid_days = 7;
  double advance_threshold = 75;
  double reject_threshold = 40;
  bool auto_advance = false;  // move to second_round without a person at advance_threshold
  int64_t version = 0;
};
core::Result<Settings> LoadSettings(store::Tx& tx, const core::Clock& clock);
nlohmann::json SettingsJson(const Settings& s);

// The interview a candidate link reaches. kNotFound for an unknown (or replaced) token;
// kConflict "link_expired" after its expiry.
struct Link {
  int64_t interview_id = 0, application_id = 0, requisition_id = 0;
  std::string status, language, deadline, expires_at;
  bool consented = false;
};
core::Result<Link> ResolveLink(store::Tx& tx, const core::Clock& clock, const std::string& token);

// Totals the interview when every final core answer is scored: weighted mean, recommendation,
// application moves by the thresholds. No-op when something is still pending.
core::Status FinishIfScored(store::Tx& tx, const core::Clock& clock, int64_t interview_id);

std::string AddDays(const core::Clock& clock, int days);

// Queues a message to the candidate of `interview_id`: kind "outcome" (advanced, in_review,
// rejected) or "review_resolution" (upheld, revised; `note` is HR's reason). The job sends it by
// the invitation's channels (e-mail, SMS) with the templates in data/interview/notices.json.
core::Status QueueNotice(store::Tx& tx, const core::Clock& clock, int64_t interview_id, const std::string& kind,
                         const std::string& outcome, const std::string& note);
// The notices of an interview, oldest first (for reviewers).
core::Result<nlohmann::json> NoticesOf(store::Tx& tx, int64_t interview_id);
// Registers the notice jobs and the subscriber that tells candidates about a person's move.
void RegisterNoticeJobs(jobs::Queue& queue, const core::Clock& clock, const Deps& deps);
// Registers the daily retention sweep and queues today's run (once per day: the key is the date).
void RegisterRetentionJob(jobs::Queue& queue, store::Db& db, const core::Clock& clock, const Deps& deps);

}  // namespace aiinterview::detail
