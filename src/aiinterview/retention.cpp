// Retention: recordings past the company's retention period (with the transcript and media
// analysis derived from them; the score and its explanation stay, marked), candidates with no
// activity past the candidate retention period (recruiting's erasure), and careers-page uploads
// never attached to an application after 24 hours. Runs daily as a job and on an admin's request.
#include <filesystem>

#include "aiinterview/detail.h"

namespace aiinterview {

using core::Error;
using core::Result;
using core::Status;
using nlohmann::json;
using store::Rows;
using namespace detail;

namespace {

constexpr const char* kJob = "retention.sweep";

std::string DayKey(core::Instant t) { return "retention:" + core::FormatInstant(t).substr(0, 10); }

Status ScheduleNext(store::Tx& tx, const core::Clock& clock) {
  jobs::EnqueueOptions o;
  o.delay = std::chrono::hours(24);
  o.dedupe_key = DayKey(clock.Now() + std::chrono::hours(24));
  HF_TRY(jobs::Enqueue(tx, kJob, json::object(), clock, o));
  return {};
}

}  // namespace

Result<json> RunRetention(store::Tx& tx, const core::Clock& clock, const Deps& deps, const auth::Principal* who,
                          const std::string& request_id, std::optional<core::Instant> as_of) {
  core::Instant now = as_of.value_or(clock.Now());
  HF_ASSIGN(Settings s, LoadSettings(tx, clock));
  std::string recording_cutoff = core::FormatInstant(now - std::chrono::hours(24 * s.retention_days));
  std::string candidate_cutoff = core::FormatInstant(now - std::chrono::hours(24 * s.candidate_retention_days));
  std::string upload_cutoff = core::FormatInstant(now - std::chrono::hours(24));
  std::string stamp = Now(clock);
  // Recordings: the file, its transcript and media analysis go; the score and its explanation stay
  // (a decision may still be questioned) and the answer says when the recording was deleted.
  HF_ASSIGN(Rows recs, tx.Query("SELECT id, file_key FROM interview_answers WHERE file_key IS NOT NULL AND created_at < ? ORDER BY id "
                                "LIMIT 5000",
                                {recording_cutoff}));
  std::vector<std::string> keys;
  for (auto r : recs) {
    keys.push_back(r.Str("file_key"));
    HF_TRY(tx.Exec("UPDATE interview_answers SET file_key = NULL, transcript = CASE WHEN mode = 'video' THEN NULL ELSE transcript END, "
                   "analysis = NULL, recording_deleted_at = ?, updated_at = ? WHERE id = ?",
                   {stamp, stamp, r.Int("id")}));
  }
  // Uploads of recordings abandoned half-way: the part files go too.
  HF_ASSIGN(Rows parts, tx.Query("SELECT id FROM interview_answers WHERE status = 'uploading' AND updated_at < ? ORDER BY id LIMIT 5000",
                                 {recording_cutoff}));
  size_t parts_removed = 0;
  for (auto p : parts) {
    std::error_code ec;
    if (std::filesystem::remove(deps.upload_dir + "/answer-" + std::to_string(p.Int("id")) + ".part", ec)) ++parts_removed;
  }
  HF_ASSIGN(json swept, recruiting::SweepRetention(tx, clock, deps.files, candidate_cutoff, upload_cutoff));
  json report = {{"as_of", core::FormatInstant(now)},
                 {"recordings_deleted", recs.size()},
                 {"partial_uploads_deleted", parts_removed},
                 {"candidates_erased", swept["candidates_erased"].size()},
                 {"uploads_deleted", swept["uploads_deleted"]},
                 {"cutoffs", {{"recordings", recording_cutoff}, {"candidates", candidate_cutoff}, {"uploads", upload_cutoff}}}};
  HF_TRY(org::AuditChange(tx, who, clock, request_id, "retention_sweep", "retention", core::FormatInstant(now).substr(0, 10), nullptr,
                          report, "retention sweep"));
  for (const auto& k : keys) HF_TRY(deps.files.Remove(k));
  return report;
}

namespace detail {

void RegisterRetentionJob(jobs::Queue& queue, store::Db& db, const core::Clock& clock, const Deps& deps) {
  queue.Register(kJob, [&clock, &deps](const jobs::Job&, store::Tx& tx) -> Status {
    HF_TRY(RunRetention(tx, clock, deps, nullptr, "", std::nullopt));
    return ScheduleNext(tx, clock);
  });
  // The first run of the day: once per day however many processes start (the key is the date).
  auto tx = db.Begin(true);
  if (!tx.ok()) return;
  jobs::EnqueueOptions o;
  o.dedupe_key = DayKey(clock.Now());
  if (jobs::Enqueue(**tx, kJob, json::object(), clock, o).ok()) (void)(*tx)->Commit();
}

}  // namespace detail

}  // namespace aiinterview
