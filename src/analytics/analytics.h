// Analytics: the recruitment funnel, quality of hire (interview evidence against later performance),
// a prediction of meeting expectations, salary trends from market data, the NYC Local Law 144 bias
// audit over voluntary self-identification, and post-hire adjustment suggestions.
//
// Read models (analytics_* tables) are folded from the recruiting history and the hire records:
// Freshen() brings them up to date (cheap when nothing changed) and bumps a data version that keys
// the in-process ResultCache. Policy: admin and HR see everything; a hiring manager sees the plans
// and hires of their department subtree (recruiting::RequisitionScope); the bias audit and
// self-identification are admin/HR only and never reach reviewers or scoring; others kForbidden.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "jobs/jobs.h"
#include "org/org.h"
#include "store/store.h"

namespace analytics {

using org::Env;

// Role gates, checked by handlers before reading any input.
core::Status RequireAnalyticsReader(const auth::Principal& p);  // admin, hr, hiring_manager
core::Status RequireAuditReader(const auth::Principal& p);      // admin, hr

// ---- Read models ----------------------------------------------------------------------------------
// Folds new recruiting events and changed hires into the read models in one write transaction of
// its own; does nothing (one read) when they are current. Returns the data version.
core::Result<int64_t> Freshen(store::Db& db, const core::Clock& clock);
// Rebuilds both read models from scratch (admin/HR). Returns {"applications", "hires", "seconds"}.
core::Result<nlohmann::json> Rebuild(store::Db& db, const core::Clock& clock);
// The current data version (0 before the first fold).
core::Result<int64_t> DataVersion(store::Tx& tx);
// The background consumer: job "analytics.fold", subscribed to the events that can change a read
// model (application., candidate., employee., review., performance., interview.), folds them in
// shortly after they commit; Freshen stays as the fallback on read.
// It also keeps the company-wide quality-of-hire and prediction-model results (per horizon) as
// snapshots of the current hire facts, computed outside the write transaction.
void RegisterJobs(jobs::Queue& queue, store::Db& db, const core::Clock& clock);  // db, clock outlive queue
// The read models' state without folding anything: {data_version, last_event_id (the funnel's
// cursor), latest_event_id, pending_events, current, last_fold_at, last_fold_by ("consumer" |
// "read"), applications, hires} and, with an id, that application's fact {id, status, reached[]}
// (null when not folded in yet).
core::Result<nlohmann::json> ReadModelStatus(store::Tx& tx, std::optional<int64_t> application_id);

// Results of heavy queries by key and data version; thread-safe. Owned by the HTTP layer.
class ResultCache {
 public:
  std::optional<nlohmann::json> Get(const std::string& key, int64_t version);
  void Put(const std::string& key, int64_t version, nlohmann::json value);

 private:
  std::mutex mu_;
  std::map<std::string, std::pair<int64_t, nlohmann::json>> items_;  // guarded by mu_
};

// ---- Funnel ---------------------------------------------------------------------------------------
struct FunnelFilter {
  std::optional<int64_t> requisition_id, department_id, position_id;
  std::optional<std::string> source, from, to;  // from/to: months YYYY-MM of application, inclusive
  std::string group_by;  // "" (one group), requisition, department, position, source, period
  // Reads the filter from query values; kInvalid naming the parameter.
  static core::Result<FunnelFilter> From(const std::map<std::string, std::string>& q);
};
// {"stages": [...], "groups": [{key, label, applications, stages: [{stage, reached, passed,
// pass_rate, eliminated, elimination_rate, avg_days_in_stage}], hires, avg_days_to_hire,
// offer_acceptance_rate, withdrawn}], "totals": {...same...}}
core::Result<nlohmann::json> Funnel(Env& env, const FunnelFilter& f);
// The applications behind a figure: measure "reached" | "eliminated" at `stage`, or "hired".
core::Result<org::ListResult> FunnelApplications(Env& env, const FunnelFilter& f, const std::string& stage,
                                                 const std::string& measure, const org::Page& page);

// ---- Quality of hire and prediction -----------------------------------------------------------------
// {"n_hires", "correlations": [{feature, horizon_months, n, pearson{r,lo,hi}, spearman{...}, warning}],
//  "buckets": [{band, horizon_months, n, met, met_rate, warning}], "scatter": {horizon_months, points,
//  fit{intercept, slope}}, "warnings"}. horizon for the scatter: 3, 6 or 12.
core::Result<nlohmann::json> QualityOfHire(Env& env, std::optional<int64_t> department_id, int scatter_horizon);
// Trains (or reuses) the model for `horizon` and predicts for body {application_id} or
// {interview_total, screening_score?, competencies?{name: score}}. kConflict "insufficient_history"
// when the company's history is too small to train and validate a model.
core::Result<nlohmann::json> Predict(Env& env, const nlohmann::json& body, ResultCache* cache);
core::Result<nlohmann::json> PredictionModel(Env& env, int horizon, ResultCache* cache);

// ---- Salary trends --------------------------------------------------------------------------------
// Without position/city: the pairs with data. With both: the series (p25..p90 by as_of, yuan) with a
// linear forecast of P50 for `months_ahead` and its holdout error.
core::Result<nlohmann::json> SalaryTrends(Env& env, const std::optional<std::string>& position,
                                          const std::optional<std::string>& city, int months_ahead);

// ---- Bias audit (NYC Local Law 144) -----------------------------------------------------------------
// Aggregates only; audited as a read with its purpose. from/to: dates of application (optional).
core::Result<nlohmann::json> BiasAudit(Env& env, const std::optional<std::string>& from, const std::optional<std::string>& to,
                                       const std::string& data_source);
// The printable report as PDF bytes (Chinese-capable font).
core::Result<std::string> BiasAuditPdf(const nlohmann::json& audit);
// HR: a single-use link for the candidate of `application_id` to self-identify. {token, path, expires_at}.
core::Result<nlohmann::json> CreateSelfIdLink(Env& env, const nlohmann::json& body);
// Public: categories offered and whether the link is still usable.
core::Result<nlohmann::json> SelfIdForm(store::Tx& tx, const core::Clock& clock, const std::string& token);
// Public: body {sex, race_ethnicity} (each may be "decline"). Stored encrypted; the link is used up.
core::Status SubmitSelfId(store::Tx& tx, const core::Clock& clock, const auth::FieldCipher& cipher,
                          const std::string& request_id, const std::string& token, const nlohmann::json& body);

// ---- Post-hire adjustment suggestions ---------------------------------------------------------------
// Applies the rules to every hire's evidence; adds pending suggestions not made before. {"created": n}.
core::Result<nlohmann::json> GenerateSuggestions(Env& env);
core::Result<org::ListResult> ListSuggestions(Env& env, const std::optional<std::string>& status, const org::Page& page);
// body {version, effective_from?}: creates the raised compensation row (payrollrun) and marks approved.
core::Result<nlohmann::json> ApproveSuggestion(Env& env, int64_t id, const nlohmann::json& body);
// body {version, reason}.
core::Result<nlohmann::json> RejectSuggestion(Env& env, int64_t id, const nlohmann::json& body);

// ---- Export -----------------------------------------------------------------------------------------
// A table {"columns": [..], "rows": [[..]..]} as CSV (RFC 4180, UTF-8 BOM) or XLSX bytes.
std::string TableCsv(const nlohmann::json& table);
core::Result<std::string> TableXlsx(const nlohmann::json& table, const std::string& sheet);
// The named table of a dashboard result: funnel, quality_correlations, quality_buckets, salary_trends,
// bias_audit. kNotFound for another name.
core::Result<nlohmann::json> ExportTable(const std::string& name, const nlohmann::json& result);

// Demo history (hires with interview scores and performance ratings) when none exists (idempotent).
core::Status SeedDemo(Env& env);

}  // namespace analytics
