// AI interviews: questions per plan (starter banks or HR's own, each with a rubric), invitations
// reached through a single-candidate secret link, the candidate's side (notice and consent,
// answers uploaded in resumable chunks or typed), and the background work that turns an answer
// into a transcript, speech measurements and an explained rubric score, then ranks and moves the
// application by the company's thresholds ("AI assists, humans decide" keeps rejections for a
// person). No emotion or facial-expression inference is used anywhere.
//
// Staff calls take org::Env and apply recruiting's scopes (recruiting/recruiting.h). Candidate
// calls take the link token: a token reaches exactly one interview; an unknown, replaced or
// expired token is kNotFound / kConflict("link_expired").
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "blob/blob.h"
#include "core/error.h"
#include "jobs/jobs.h"
#include "notify/notify.h"
#include "org/org.h"

namespace aiinterview {

using org::Env;

// What the candidate-side and job code needs besides the database. All outlive the calls.
struct Deps {
  blob::Store& files;
  std::string upload_dir;  // part files of chunked uploads (same file system as files.root())
  std::string public_url;  // base of links in messages, e.g. "https://jobs.example.com"
  notify::Mailer* mailer = nullptr;  // null: invitations are not e-mailed (the link is shown to HR)
  notify::SmsGateway* sms = nullptr;  // null: no SMS invitations and reminders
  std::vector<notify::Robot> robots;  // group-chat robots told when interviews finish or need a person
};

// ---- Company settings (admin) ---------------------------------------------------------------
core::Result<nlohmann::json> GetSettings(Env& env);
core::Result<nlohmann::json> UpdateSettings(Env& env, const nlohmann::json& body);

// ---- Questions -----------------------------------------------------------------------------------
core::Result<nlohmann::json> ListStarterBanks();
core::Result<nlohmann::json> ListQuestions(Env& env, int64_t requisition_id);
// body: {kind: core|practice, text, language, think_seconds, answer_seconds, rerecords, competency,
// model_answer, key_points: [{text, weight, synonyms}], weight}
core::Result<nlohmann::json> CreateQuestion(Env& env, int64_t requisition_id, const nlohmann::json& body);
core::Result<nlohmann::json> UpdateQuestion(Env& env, int64_t id, const nlohmann::json& body);
core::Status DeleteQuestion(Env& env, int64_t id);
// body: {bank: name}. Appends the bank's questions to the plan.
core::Result<nlohmann::json> AddStarterBank(Env& env, int64_t requisition_id, const nlohmann::json& body);

// ---- Resume-based probes ------------------------------------------------------------------------
// A personalised question generated from the parsed resume, with the line that triggered it.
struct Probe {
  std::string kind;            // "led_project", "skill", "role_change", "gap"
  std::string text;            // the question, in the interview's language
  std::string trigger_text;    // the resume text it was drawn from
  std::string trigger_source;  // where: "work[0].highlights[1]", "skills[0].keywords[2]", ...
  nlohmann::json key_points;   // the rubric (empty for "gap")
  bool scored = true;          // "gap" is optional context and never scored
};
// Up to `max_probes` scored probes (a led project, a claimed skill — one of `plan_terms` when the
// resume has one — and the latest role change), plus a gap of six months or more between jobs as
// optional, unscored context. Templates: data/interview/probes.json. Pure; never fails.
std::vector<Probe> GenerateProbes(const nlohmann::json& resume, const std::string& language,
                                  const std::vector<std::string>& plan_terms, size_t max_probes = 3);

// ---- Invitations and results (staff) -------------------------------------------------------------
// Invites an application (screened or later, before an interview exists; a second call re-issues
// the link and invalidates the old one). body: {deadline_days?, language?}. Returns the interview
// with `link` (shown once: only its hash is stored) and queues the e-mail.
core::Result<nlohmann::json> Invite(Env& env, const Deps& deps, int64_t application_id, const nlohmann::json& body);
// The interview of an application with answers, transcripts, scores, ratings (scoped like the plan).
core::Result<nlohmann::json> GetInterview(Env& env, int64_t application_id);
// Second-round questions that drill into the first round's weak points: each key point a final
// core answer missed, and each answer too short to judge — with the reason and the first-round
// question it comes from. kConflict "not_scored" until the interview is scored.
core::Result<nlohmann::json> SecondRoundQuestions(Env& env, int64_t application_id);

// The recorded file of an answer, for reviewers who can see the application.
struct Recording {
  std::string path, content_type;
};
core::Result<Recording> GetRecording(Env& env, const Deps& deps, int64_t answer_id);
// A reviewer's rating of one answer (0-100), optionally overriding the automatic score, with a reason.
core::Result<nlohmann::json> RateAnswer(Env& env, int64_t answer_id, const nlohmann::json& body);

// ---- Outcomes, human review, agreement (staff) ------------------------------------------------------
// Candidates are told the outcome (advanced / in_review / rejected) when the interview is totalled,
// and again when a person rejects or advances the application afterwards (e-mail and SMS, zh/en).
// Human-review requests of the caller's plans (managers): status open (default), resolved or all.
core::Result<org::ListResult> ListHumanReviews(Env& env, const std::optional<std::string>& status, const org::Page& page);
// body: {outcome: upheld|revised, reason, to?, version?}. Resolves the open request (audited); a
// revised decision may move the application (`to`); the candidate is told the outcome and reason.
// kConflict "no_review_request" / "review_resolved".
core::Result<nlohmann::json> ResolveHumanReview(Env& env, int64_t application_id, const nlohmann::json& body);
// Agreement between reviewers' ratings and the automatic scores of the plan's answers:
// {n, pearson, spearman, mean_abs_diff, mean_diff, by_reviewer[], pairs[]} (correlations null below 3 pairs).
core::Result<nlohmann::json> PlanAgreement(Env& env, int64_t requisition_id);

// ---- Retention ----------------------------------------------------------------------------------------
// Deletes recordings older than the settings' retention_days (file, transcript of a recording and
// media analysis; the score and its explanation stay and the answer carries recording_deleted_at),
// erases candidates with no activity for candidate_retention_days (recruiting::SweepRetention), and
// deletes careers-page uploads never attached to an application after 24 h. One audit entry per run
// ("retention_sweep", with the counts); each erasure is audited too. `as_of` replaces the clock
// (tests and the admin's dry look at a future date). Runs daily as job "retention.sweep".
core::Result<nlohmann::json> RunRetention(store::Tx& tx, const core::Clock& clock, const Deps& deps, const auth::Principal* who,
                                          const std::string& request_id, std::optional<core::Instant> as_of);

// ---- Candidate side (link token) -----------------------------------------------------------------
core::Result<nlohmann::json> OpenInterview(store::Tx& tx, const core::Clock& clock, const std::string& token);
// body: {accept: bool, notice_version}. Declining records it and returns the alternative process.
core::Result<nlohmann::json> Consent(store::Tx& tx, const core::Clock& clock, const std::string& token,
                                     const nlohmann::json& body);
// Starts an attempt at a question (body: {mode: "video"|"text"}); refuses beyond 1 + rerecords
// (kConflict "rerecord_limit"). Returns {answer_id, attempt, attempts_allowed}.
core::Result<nlohmann::json> StartAnswer(store::Tx& tx, const core::Clock& clock, const std::string& token,
                                         int64_t question_id, const nlohmann::json& body);
// Appends a chunk (the file at chunk_path) at byte `offset` of the answer's upload. A chunk that
// was already received is acknowledged again (idempotent); a gap is kConflict "offset_mismatch"
// carrying the expected offset in the message. Returns {received}. Runs its own short
// transactions: the bytes are written and flushed (fdatasync) outside any transaction, one writer
// per answer (flock), and acknowledged by a compare-and-set of the received size.
core::Result<nlohmann::json> AppendChunk(store::Db& db, const core::Clock& clock, const Deps& deps,
                                         const std::string& token, int64_t answer_id, int64_t offset,
                                         const std::string& chunk_path);
core::Result<nlohmann::json> AnswerStatus(store::Tx& tx, const core::Clock& clock, const std::string& token,
                                          int64_t answer_id);
// body: {size}. Verifies the size, stores the file durably, queues its analysis.
core::Result<nlohmann::json> FinishAnswer(store::Tx& tx, const core::Clock& clock, const Deps& deps,
                                          const std::string& token, int64_t answer_id, const nlohmann::json& body);
// body: {text}. A typed answer (accessibility, no camera): queued for scoring at once.
core::Result<nlohmann::json> TextAnswer(store::Tx& tx, const core::Clock& clock, const std::string& token,
                                        int64_t answer_id, const nlohmann::json& body);
// Capture-quality check of a short clip from the device-check step (face present, one face, roughly
// centred, lighting) — advice for the candidate only: nothing is stored and nothing is scored.
// Returns {flags[], face_share, multiple_faces_share, centred_share, mean_brightness, frames}.
core::Result<nlohmann::json> DeviceCheck(store::Tx& tx, const core::Clock& clock, const std::string& token,
                                         const std::string& clip_path);
// Ends the interview once every core question has a final answer.
core::Result<nlohmann::json> CompleteInterview(store::Tx& tx, const core::Clock& clock, const std::string& token);
// body: {reason}. The candidate asks a person to review the automated decision.
core::Result<nlohmann::json> RequestHumanReview(store::Tx& tx, const core::Clock& clock, const std::string& token,
                                                const nlohmann::json& body);

// ---- Candidate-facing problem texts ----------------------------------------------------------------
// True when the first language of an Accept-Language header is Chinese.
bool PrefersChinese(std::string_view accept_language);
// The error with its message in Chinese for a caller who prefers it (code, slug and field unchanged);
// used by the public candidate-link and careers routes.
core::Error Localize(core::Error e, std::string_view accept_language);

// ---- Background work -----------------------------------------------------------------------------
// Registers: interview.invite_email (SMTP with an .ics), interview.analyze_answer (long job: media
// analysis outside any transaction), interview.score_answer (rubric scoring; when the last core
// answer is scored the interview is totalled, ranked and the application moved by the thresholds).
// `deps` and `clock` outlive the queue's workers.
void RegisterJobs(jobs::Queue& queue, store::Db& db, const core::Clock& clock, const Deps& deps);

}  // namespace aiinterview
