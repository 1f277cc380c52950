// Internals shared by the analytics sources (not part of the module's face).
#pragma once

#include <array>
#include <string>
#include <vector>

#include "analytics/analytics.h"

namespace analytics::detail {

inline constexpr std::array<const char*, 7> kStages = {"applied",      "screened", "interview_invited", "interviewed",
                                                       "second_round", "offer",    "hired"};
inline constexpr int kStageCount = 7;
int StageIndex(std::string_view status);  // -1 for rejected, on_hold, withdrawn, unknown

// One application's status history, oldest first.
struct StatusEvent {
  double at = 0;  // seconds since the epoch
  std::string to;
};
// What one application adds to the funnel cube, in kMetricColumns order.
struct Contribution {
  std::vector<double> m;
  int reached = 0;            // bit i: stage i reached (cumulative: reaching a stage reaches the ones before)
  int eliminated_stage = -1;  // stage at which the application was rejected (still rejected now)
};
const std::vector<std::string>& MetricColumns();
Contribution Contribute(const std::vector<StatusEvent>& events);

double Seconds(std::string_view instant);  // RFC 3339 -> epoch seconds (0 when unreadable)

core::Result<std::string> GetState(store::Tx& tx, const std::string& name);  // "" when unset
core::Status SetState(store::Tx& tx, const std::string& name, const std::string& value);

// Hire horizons: the review nearest 3, 6 or 12 months after hire within its window.
int HorizonOf(double months_after_hire);  // 3, 6, 12 or 0

core::Status RebuildFunnel(store::Tx& tx, int64_t* applications);
core::Status RebuildHires(store::Tx& tx, int64_t* hires);
core::Result<bool> CatchUpFunnel(store::Tx& tx);

// What the funnel fold has not taken in yet. SQLite (one writer at a time, so ids become visible in
// id order): rows after the id cursors funnel_event_cursor / funnel_outbox_cursor. PostgreSQL (ids
// are drawn at INSERT, transactions commit in any order): rows whose writing transaction was not
// visible in funnel_snapshot, the snapshot the last fold read under (migration 018, written_xid);
// bind the snapshot text twice.
inline constexpr const char* kUnseenByFold =
    "written_xid >= pg_snapshot_xmin(CAST(? AS pg_snapshot)) "
    "AND NOT pg_visible_in_snapshot(written_xid, CAST(? AS pg_snapshot))";
// The outbox events that take applications away (the partial index of migration 018 has this predicate).
inline constexpr const char* kFunnelOutboxTopics = "(topic LIKE 'candidate.%' OR topic LIKE 'application.delete%')";
struct FunnelBacklog {
  int64_t events = 0;  // application events not folded (with count = false: 0 or 1)
  bool gone = false;   // an erasure, merge or deletion not applied
};
core::Result<FunnelBacklog> PendingFunnel(store::Tx& tx, bool count);  // reads only
core::Result<bool> CatchUpHires(store::Tx& tx);
// Whether the hire facts are behind (reads only). SQLite: MAX(updated_at/finalized_at) stamps against
// hire_stamps; PostgreSQL: rows written by transactions hire_snapshot did not see (as the funnel).
core::Result<bool> HiresPending(store::Tx& tx);
// Company-wide snapshots (quality per horizon, model per horizon) of the current hire facts.
core::Result<bool> SnapshotsStale(store::Tx& tx);
struct Snapshots {
  std::string stamps;                                      // the hire_stamps they were computed from
  std::vector<std::pair<std::string, std::string>> items;  // name, JSON body
};
core::Result<Snapshots> ComputeSnapshots(store::Tx& tx, const core::Clock& clock);
// Stores them only when the hire facts are still those they were computed from.
core::Status StoreSnapshots(store::Tx& tx, const core::Clock& clock, const Snapshots& s);
core::Status RefreshSnapshots(store::Tx& tx, const core::Clock& clock);  // both, in one transaction

// Department filter SQL for hires over alias h (analytics_hire_facts); "1=1" for admin/HR.
core::Result<std::string> HireScope(store::Tx& tx, const auth::Principal& who);
std::string SqlQuote(std::string_view s);

}  // namespace analytics::detail
