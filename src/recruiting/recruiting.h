// Recruiting records: plans (requisitions) with approval and states, candidates (deduplicated by
// email and phone, merged by HR, erased on request), applications moving through the pipeline
// with every change recorded, the public careers page, and screening of applications against
// their plan (recruit/screening.h).
//
// Like org/, every mutating call takes the caller's transaction (org::Env), validates its input
// (kInvalid names the field), uses optimistic locking where a person edits a record, and writes
// the audit entry and outbox event in the same transaction. Policy: admin and HR see everything;
// a hiring manager sees the plans they manage or that belong to their department subtree and the
// candidates who applied to those; an interviewer sees (read-only) the plans they interview for;
// employees see nothing here (kForbidden). A record outside the caller's scope is kNotFound.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "blob/blob.h"
#include "core/error.h"
#include "org/org.h"

namespace recruiting {

using org::Env;
using org::ListResult;
using org::Page;

// Role gates checked by handlers before reading any input, so that a refused caller learns nothing.
core::Status RequireRecruitingReader(const auth::Principal& p);   // not employee
core::Status RequireRecruitingManager(const auth::Principal& p);  // admin, hr, hiring_manager

// Scopes as SQL over alias r (requisitions), for this module and the ones built on it (interviews):
// the plans the caller may read ("1=0" when none), and may act on (interviewers excluded).
core::Result<std::string> RequisitionScope(store::Tx& tx, const auth::Principal& who);
core::Result<std::string> RequisitionManageScope(store::Tx& tx, const auth::Principal& who);
// kNotFound unless the plan exists and is within `scope_sql`.
core::Status CheckRequisitionIn(store::Tx& tx, int64_t id, const std::string& scope_sql);
// Records a status change in the application's history and emits application.status_changed
// (the caller has already moved the application). `who` null for automatic moves.
core::Status RecordTransition(store::Tx& tx, const core::Clock& clock, const auth::Principal* who, int64_t app_id,
                              const std::string& from, const std::string& to, const std::string& reason,
                              const std::optional<std::string>& rule);

// ---- Plans ------------------------------------------------------------------------------------
// States: draft → open (approval by admin/HR) → on_hold ↔ open → filled | cancelled.
struct RequisitionFilter {
  std::optional<std::string> status, q;
  std::optional<int64_t> department_id;
};
core::Result<ListResult> ListRequisitions(Env& env, const RequisitionFilter& f, const Page& page);
core::Result<nlohmann::json> GetRequisition(Env& env, int64_t id);
// Admin/HR anywhere; a hiring manager in their department subtree (always as draft).
core::Result<nlohmann::json> CreateRequisition(Env& env, const nlohmann::json& body);
core::Result<nlohmann::json> UpdateRequisition(Env& env, int64_t id, const nlohmann::json& body);
// body: {"to": state, "reason"?, "version"}. Approval (draft → open) is admin/HR only.
core::Result<nlohmann::json> TransitionRequisition(Env& env, int64_t id, const nlohmann::json& body);
// Re-screens every application of the plan (after a requirements edit); returns {"rescreened": n}.
core::Result<nlohmann::json> RescreenRequisition(Env& env, int64_t id);

// Admin, HR and hiring managers: the people who can be picked as a plan's hiring manager or
// interviewers (enabled staff accounts; role filter admin|hr|hiring_manager|interviewer, q over
// name and username), with minimal fields {id, display_name, username, role, department_id,
// department_name}; up to 500. Plans (list, detail, update, transition) carry `allowed_actions`
// for the caller: {edit, approve, transitions[], rescreen, manage_questions, invite, move_applications}.
core::Result<nlohmann::json> UserDirectory(Env& env, const std::optional<std::string>& role, const std::optional<std::string>& q);

// ---- Careers page (public, no login) ------------------------------------------------------------
core::Result<nlohmann::json> ListOpenings(store::Tx& tx, const core::Clock& clock);
core::Result<nlohmann::json> GetOpening(store::Tx& tx, const core::Clock& clock, int64_t id);
// Stores an uploaded resume (the streamed temp file) for a later application to the opening and
// parses it; returns {"upload_token", "filename", "parsed": {name, email, phone} | null, "problem"}.
// An unreadable resume is still kept: the application goes ahead and HR sees the parse error.
core::Result<nlohmann::json> UploadOpeningResume(store::Tx& tx, const core::Clock& clock, blob::Store& files,
                                                 int64_t opening_id, const std::string& temp_path,
                                                 const std::string& filename);
// body: {name, email, phone?, upload_token?, consent: true, consent_version, locale?}.
// Reuses the candidate with the same email or phone; refuses a second application to the same plan
// (kConflict "already_applied"). Screens the application. Returns {"application_id", "status"}.
core::Result<nlohmann::json> ApplyToOpening(store::Tx& tx, const core::Clock& clock, blob::Store& files,
                                            const std::string& request_id, int64_t opening_id,
                                            const nlohmann::json& body);

// ---- Candidates ---------------------------------------------------------------------------------
struct CandidateFilter {
  std::optional<std::string> q, tag;  // q: full-text over name, email, skills, companies, schools
};
core::Result<ListResult> ListCandidates(Env& env, const CandidateFilter& f, const Page& page);
core::Result<nlohmann::json> GetCandidate(Env& env, int64_t id);
// Admin/HR. body: {name, email?, phone?, tags?, source?, resume? (JSON Resume)}. A candidate with
// the same email or phone is kConflict "duplicate_candidate" carrying existing_id (never merged
// silently).
core::Result<nlohmann::json> CreateCandidate(Env& env, const nlohmann::json& body);
core::Result<nlohmann::json> UpdateCandidate(Env& env, int64_t id, const nlohmann::json& body);
// Replaces the candidate's resume with the uploaded file (kept even when it cannot be parsed).
core::Result<nlohmann::json> AttachResume(Env& env, blob::Store& files, int64_t id, const std::string& temp_path,
                                          const std::string& filename);
struct ResumeFile {
  std::string bytes, filename;
};
core::Result<ResumeFile> GetResumeFile(Env& env, const blob::Store& files, int64_t id);
core::Result<nlohmann::json> AddNote(Env& env, int64_t candidate_id, const nlohmann::json& body);
// Admin/HR: moves `other_id`'s applications and notes to `keep_id` and deletes `other_id`. Empty
// fields of the kept record are filled from the other; differing values are reported.
core::Result<nlohmann::json> MergeCandidates(Env& env, int64_t keep_id, const nlohmann::json& body);
// Admin/HR, on the candidate's request: deletes the record, resume file, parsed data, applications
// and scores; keeps an erasure record (no personal data) and the audit entry.
core::Result<nlohmann::json> EraseCandidate(Env& env, blob::Store& files, int64_t id, const nlohmann::json& body);
// The erasure itself, in the caller's transaction; `who` null for the retention sweep (audited as
// the system). No role check: callers check.
core::Result<nlohmann::json> EraseCandidateRecord(store::Tx& tx, const core::Clock& clock, blob::Store& files,
                                                  const auth::Principal* who, const std::string& request_id, int64_t id,
                                                  const std::string& reason);
// Retention: erases candidates with no activity (record, applications, history, notes, interviews)
// since `candidate_cutoff` (RFC 3339; candidates at offer or hired stay), and deletes careers-page
// uploads never attached to an application created before `upload_cutoff`. Up to 1,000 candidates
// and 5,000 uploads per call. Returns {candidates_erased: [ids], uploads_deleted: n}.
core::Result<nlohmann::json> SweepRetention(store::Tx& tx, const core::Clock& clock, blob::Store& files,
                                            const std::string& candidate_cutoff, const std::string& upload_cutoff);

// Admin/HR: bulk import from CSV or XLSX (columns name, email, phone, tags, source, headline,
// skills; Chinese headers too), a ZIP of resume files, or JSON Resume (object, array or JSON
// Lines); the format is detected from the content. Returns the report {dry_run, format,
// total_rows, valid_rows, imported, applications_created, duplicates[], problems[], refused}.
// Duplicates (known email/phone, or repeated in the file) are reported and skipped, never merged.
// With problems and !skip_invalid nothing is imported (refused). With requisition_id every
// imported candidate also applies to that plan (and is screened).
struct ImportOptions {
  bool dry_run = true;
  bool skip_invalid = false;
  std::optional<int64_t> requisition_id;
};
core::Result<nlohmann::json> ImportCandidates(Env& env, blob::Store& files, std::string_view bytes,
                                              const ImportOptions& options);

// ---- Applications and the pipeline -------------------------------------------------------------
// Stages: applied → screened → interview_invited → interviewed → second_round → offer → hired,
// plus rejected, on_hold, withdrawn. Allowed moves are in kTransitions (recruiting.cpp).
std::vector<std::string> PipelineStages();
bool TransitionAllowed(std::string_view from, std::string_view to);

// Admin/HR or the plan's hiring manager. body: {candidate_id, requisition_id, source?}.
core::Result<nlohmann::json> CreateApplication(Env& env, const nlohmann::json& body);
struct ApplicationFilter {
  std::optional<std::string> status;
};
// Ranked by screening score (highest first), then by date.
core::Result<ListResult> ListApplications(Env& env, int64_t requisition_id, const ApplicationFilter& f, const Page& page);
core::Result<nlohmann::json> GetApplication(Env& env, int64_t id);
// body: {to, reason, version?}. A move the pipeline does not allow is kConflict "transition_refused"
// naming the allowed moves.
core::Result<nlohmann::json> TransitionApplication(Env& env, int64_t id, const nlohmann::json& body);
// An automatic move made by a rule (no person; recorded with actor "system" and the rule's name).
// kConflict "transition_refused" when the pipeline does not allow it from the current stage.
core::Status MoveByRule(store::Tx& tx, const core::Clock& clock, int64_t application_id, const std::string& to,
                        const std::string& reason, const std::string& rule);
// A person's move made through another workflow (e.g. resolving a human-review request): recorded
// with the person as actor and `rule` naming the workflow, audited. Scoped like TransitionApplication.
core::Status MoveAsPerson(Env& env, int64_t application_id, const std::string& to, const std::string& reason,
                          const std::string& rule);
// body: {ids: [...], to, reason}; each id succeeds or fails on its own: {"results": [...]}.
core::Result<nlohmann::json> BulkTransition(Env& env, const nlohmann::json& body);

// Seeds two open demo plans with candidates and screened applications when there are no plans
// (idempotent); expects org::SeedDemo's departments RD and SALES.
core::Status SeedDemo(Env& env);

// ---- Search -------------------------------------------------------------------------------------
// Index tokens of `text`: lower-case Latin words, each CJK character and each CJK bigram.
std::string SearchTokens(std::string_view text);

}  // namespace recruiting
