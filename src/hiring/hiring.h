// From decision to employee: hiring decisions with a configurable approval chain, offers (templates,
// versions, salary checked against the plan's band, HTML and PDF, candidate link to accept, decline
// or counter), background checks (manual or an HTTP provider with signed callbacks), onboarding
// checklists (new hire's form through a link, labour contract signed by click, enrolment and IT
// tasks with owners and due dates), the employee record created when the required tasks are done,
// and labour-law alerts.
//
// Staff calls take org::Env and apply recruiting's scopes: admin and HR everywhere, a hiring
// manager on the plans of their department subtree; anything else is kForbidden, a record outside
// the scope kNotFound. Candidate calls take a link token: a token reaches exactly one offer or
// onboarding; unknown or replaced tokens are kNotFound.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "blob/blob.h"
#include "core/date.h"
#include "core/error.h"
#include "core/money.h"
#include "jobs/jobs.h"
#include "notify/notify.h"
#include "org/org.h"

namespace hiring {

using org::Env;
using org::ListResult;
using org::Page;

// What link and job code needs besides the database. All outlive the calls.
struct Deps {
  blob::Store& files;
  std::string public_url;            // base of links in e-mails
  notify::Mailer* mailer = nullptr;  // null: nothing is e-mailed (HR passes the link on)
  // Background-check provider over HTTP (HIREFLOW_BGCHECK_URL / HIREFLOW_BGCHECK_SECRET); empty url: manual only.
  std::string bgcheck_url, bgcheck_secret;
};
// Deps with the provider settings read from the environment.
Deps DepsFromEnv(blob::Store& files, std::string public_url, notify::Mailer* mailer);

// Role gates, checked before reading any input.
core::Status RequireHiringStaff(const auth::Principal& p);  // admin, hr, hiring_manager
core::Status RequireHr(const auth::Principal& p);           // admin, hr

// ---- Policy (admin) --------------------------------------------------------------------------------
// {decision_steps, offer_steps, above_midpoint_steps, out_of_band_steps: [{role}], offer_valid_days,
//  background_check: {required, items[]}, onboarding_tasks: [{code, title, category, owner_role,
//  due_offset_days, required}], version}
core::Result<nlohmann::json> GetSettings(Env& env);
core::Result<nlohmann::json> UpdateSettings(Env& env, const nlohmann::json& body);

// ---- Decisions -------------------------------------------------------------------------------------
// body: {decision: hire|reject|hold, reason}. hire needs an interviewed (or second-round) application
// and the policy's decision steps; reject and hold move the application at once.
core::Result<nlohmann::json> Decide(Env& env, int64_t application_id, const nlohmann::json& body);
// The application's decisions (newest first), approvals, and its offer summary.
core::Result<nlohmann::json> GetDecision(Env& env, int64_t application_id);
// Pending approval steps the caller may act on.
core::Result<nlohmann::json> ListApprovals(Env& env);
// body: {approve: bool, comment}. Only the lowest pending step of a subject, by its role (admin any).
core::Result<nlohmann::json> ActOnApproval(Env& env, int64_t approval_id, const nlohmann::json& body);

// body: {expected_monthly_salary: amount | null}: the candidate's expected monthly salary (HR), which
// payroll's offer pricing compares with the market. Audited; {application_id, expected_monthly_salary}.
core::Result<nlohmann::json> SetExpectedSalary(Env& env, int64_t application_id, const nlohmann::json& body);

// ---- Offer templates -------------------------------------------------------------------------------
core::Result<nlohmann::json> ListTemplates(Env& env);
// body: {name, language: zh-CN|en, subject, body} with {{variables}} (see docs/hiring.md).
core::Result<nlohmann::json> CreateTemplate(Env& env, const nlohmann::json& body);
core::Result<nlohmann::json> UpdateTemplate(Env& env, int64_t id, const nlohmann::json& body);

// ---- Offers ----------------------------------------------------------------------------------------
// body: terms {template_id?, language?, position?, start_date, probation_months, monthly_salary,
// probation_salary?, bonus?, benefits?, work_location?, city, expires_on, contract_type?,
// contract_term_months?, grade_id?, manager_id?, note?}. Needs an approved hire decision. The salary
// is checked against the plan's band; approval steps follow the policy. An unlawful probation is saved
// and raised as open alerts on the offer (GetOffer's `alerts`); SendOffer refuses it (kConflict
// "labour_law_violation" naming the field).
core::Result<nlohmann::json> CreateOffer(Env& env, int64_t application_id, const nlohmann::json& body);
// A new version (revision, or kind "counter" answering the candidate's counter-offer): body = terms
// changes + version (of the offer) + kind?. Resets approvals; a sent link stops working.
core::Result<nlohmann::json> ReviseOffer(Env& env, int64_t offer_id, const nlohmann::json& body);
core::Result<nlohmann::json> GetOffer(Env& env, int64_t offer_id);
core::Result<ListResult> ListOffers(Env& env, const std::optional<std::string>& status, const Page& page);
// Sends the approved current version: returns the offer with `link` (shown once) and queues the
// e-mail with the PDF. kConflict "not_approved" while approvals are pending.
core::Result<nlohmann::json> SendOffer(Env& env, const Deps& deps, int64_t offer_id);
// The rendered PDF of the current version.
core::Result<std::string> OfferPdf(Env& env, int64_t offer_id);

// Candidate side (token). Reading an offer past its expiry marks it expired (kConflict "offer_expired"
// for accept/decline/counter).
core::Result<nlohmann::json> OpenOfferLink(store::Tx& tx, const core::Clock& clock, const std::string& token);
core::Result<std::string> OfferLinkPdf(store::Tx& tx, const core::Clock& clock, const std::string& token);
// body: {background_check_consent: bool}. Starts the background check (or onboarding).
core::Result<nlohmann::json> AcceptOffer(store::Tx& tx, const core::Clock& clock, const Deps& deps, const std::string& token,
                                         const nlohmann::json& body);
// body: {reason} (required).
core::Result<nlohmann::json> DeclineOffer(store::Tx& tx, const core::Clock& clock, const std::string& token,
                                          const nlohmann::json& body);
// body: {reason, monthly_salary}: the candidate's counter-offer; HR answers with a new version.
core::Result<nlohmann::json> CounterOffer(store::Tx& tx, const core::Clock& clock, const std::string& token,
                                          const nlohmann::json& body);
// body: {consent: true}: consent to the background check given after accepting.
core::Result<nlohmann::json> ConsentToCheck(store::Tx& tx, const core::Clock& clock, const Deps& deps, const std::string& token,
                                            const nlohmann::json& body);

// ---- Background checks (HR) ------------------------------------------------------------------------
core::Result<ListResult> ListChecks(Env& env, const std::optional<std::string>& status, const Page& page);
core::Result<nlohmann::json> GetCheck(Env& env, int64_t check_id);
// body: {status: passed|failed|in_progress, result_note?, version}. All passed → onboarding; one failed →
// the check waits for HR's decision.
core::Result<nlohmann::json> UpdateCheckItem(Env& env, const Deps& deps, int64_t item_id, const nlohmann::json& body);
// Stores an evidence file (the streamed temp file) on the item.
core::Result<nlohmann::json> AddEvidence(Env& env, blob::Store& files, int64_t item_id, const std::string& temp_path,
                                         const std::string& filename);
// body: {decision: proceed|withdraw, reason}: after a failed check, onboarding goes ahead or the offer
// is withdrawn (application rejected).
core::Result<nlohmann::json> DecideCheck(Env& env, const Deps& deps, int64_t check_id, const nlohmann::json& body);
// Hands the open items to the HTTP provider (a job posts the signed request).
core::Result<nlohmann::json> SendCheckToProvider(Env& env, const Deps& deps, int64_t check_id);
// The provider's callback: verifies X-HireFlow-Signature (hex HMAC-SHA256 of "<timestamp>.<body>")
// and a timestamp within 5 minutes; body {item_id, status: passed|failed, note}.
core::Result<nlohmann::json> ProviderCallback(store::Tx& tx, const core::Clock& clock, const Deps& deps,
                                              const std::string& timestamp, const std::string& signature,
                                              const std::string& raw_body);

// ---- Onboarding ------------------------------------------------------------------------------------
core::Result<ListResult> ListOnboardings(Env& env, const std::optional<std::string>& status, const Page& page);
core::Result<nlohmann::json> GetOnboarding(Env& env, int64_t id);
// Re-issues the new hire's link (the old one stops working): {link} shown once; e-mailed when possible.
core::Result<nlohmann::json> IssueFormLink(Env& env, const Deps& deps, int64_t id);
// Tasks across onboardings the caller can see. filter: late_only, mine (owner is the caller's role or user).
core::Result<ListResult> ListTasks(Env& env, bool late_only, bool mine, const Page& page);
// body: {version, note?}. The task's owner role (or admin/HR). Completing the last required task
// creates the employee record.
core::Result<nlohmann::json> CompleteTask(Env& env, int64_t task_id, const nlohmann::json& body);

// New hire's side (token).
core::Result<nlohmann::json> OpenFormLink(store::Tx& tx, const core::Clock& clock, const auth::FieldCipher& cipher,
                                          const std::string& token);
// body: {id_number, bank_name, bank_account, emergency_contact: {name, phone, relation}, education:
// [{school, degree, graduated}], address?}. Sensitive fields are encrypted at rest.
core::Result<nlohmann::json> SubmitForm(store::Tx& tx, const core::Clock& clock, const auth::FieldCipher& cipher,
                                        const std::string& token, const nlohmann::json& body);
core::Result<nlohmann::json> GetContract(store::Tx& tx, const core::Clock& clock, const std::string& token);
// body: {full_name, agree: true}: the built-in click-to-sign provider; records who, when, what hash.
core::Result<nlohmann::json> SignContract(store::Tx& tx, const core::Clock& clock, const auth::FieldCipher& cipher,
                                          const std::string& token, const nlohmann::json& body, const std::string& ip);

// ---- E-signature ------------------------------------------------------------------------------------
// What a signature provider gets: the exact contract text, the signer's name on record, what the
// signer typed, where from and when.
struct SignRequest {
  std::string document_text, full_name, typed_name, ip;
  core::Instant at;
};
// A pluggable e-signature provider: returns the signature record stored with the contract
// ({provider, full_name, signed_at, document_sha256, ...}) or kInvalid naming the field.
class SignatureProvider {
 public:
  virtual ~SignatureProvider() = default;
  virtual core::Result<nlohmann::json> Sign(const SignRequest& request) const = 0;
};
// The built-in provider: "click to sign" — the signer types their full name exactly and agrees;
// the record keeps the name, IP, time and the SHA-256 of the text agreed to.
class ClickToSign final : public SignatureProvider {
 public:
  core::Result<nlohmann::json> Sign(const SignRequest& request) const override;
};

// ---- Labour contracts of employees (HR) --------------------------------------------------------------
// Employees' contracts, newest first per employee (employee_id: one employee; current_only: the
// contracts not yet renewed). Items: {id, employee_id, employee_name, previous_contract_id,
// contract_type, term_months, start_date, end_date, fixed_term_sequence, status, version, ...}.
core::Result<ListResult> ListContracts(Env& env, std::optional<int64_t> employee_id, bool current_only, const Page& page);
// Renews an employee's current signed contract: body {contract_type: fixed|open_ended, term_months
// (fixed: 1–120), start_date? (default the day after the current end), monthly_salary? (default the
// current), language?, note?, version (of the current contract)}. Writes a new signed row linked by
// previous_contract_id (fixed after fixed: fixed_term_sequence + 1; no probation) and marks the current
// one 'renewed' (its alerts resolve at the next scan). kConflict: not_employed, not_signed, already_renewed.
core::Result<nlohmann::json> RenewContract(Env& env, int64_t contract_id, const nlohmann::json& body);
// Records an existing signed contract of an employee (hired outside onboarding, e.g. imported): body
// {employee_id, contract_type: fixed|open_ended, start_date, end_date (fixed only, after the start),
// probation_end?, signed_on (not in the future), monthly_salary? and city? (default: the employee's
// compensation record in force at the start; the salary is required without one), probation_salary?
// (default the monthly salary), fixed_term_sequence? (1–20, only for the employee's first contract on
// record), note?}. The probation must be lawful (CheckProbationTerms, one probation per employer);
// kConflict "contract_overlap" when it overlaps a contract of the employee, "contract_out_of_order"
// when it starts before the newest one. A newer contract supersedes the previous one (status
// 'renewed', linked by previous_contract_id; fixed after fixed counts the sequence on). Audited.
core::Result<nlohmann::json> RecordContract(Env& env, const nlohmann::json& body);
// CSV import of existing contracts (columns: employee_no, contract_type, start_date, end_date,
// probation_end, signed_on, monthly_salary, probation_salary, city, fixed_term_sequence, note), rows
// recorded in file order by RecordContract in the caller's transaction. Returns {dry_run, total_rows,
// valid_rows, imported, refused, problems: [{row, field, problem}]}; the caller commits only when not
// dry_run and not refused (refused: problems without skip_invalid).
core::Result<nlohmann::json> ImportContractsCsv(Env& env, std::string_view csv, bool dry_run, bool skip_invalid);

// ---- Labour-law alerts -----------------------------------------------------------------------------
core::Result<ListResult> ListAlerts(Env& env, const std::optional<std::string>& status, const Page& page);
// The daily scan as of the clock's date: expires sent offers past their date, recomputes the alerts
// of every current contract (of onboardings and employees; renewed ones resolve), resolves the alerts
// of closed offers, and reminds open tasks late or due within 2 days once a day (event
// onboarding_task.overdue / due_soon; an in-app notification to each owner and an e-mail job per
// owner; an e-mail to the new hire for their own late tasks). Returns {raised, resolved,
// offers_expired, reminded}.
core::Result<nlohmann::json> ScanAlerts(store::Tx& tx, const core::Clock& clock);

// ---- Rendering -------------------------------------------------------------------------------------
// Replaces {{name}} with vars[name] (missing → empty). Pure.
std::string FillTemplate(std::string_view text, const nlohmann::json& vars);
std::string TextToHtml(std::string_view title, std::string_view text);
// A4 PDF of the text with embedded WenQuanYi Zen Hei (Chinese); kUnavailable without the font.
core::Result<std::string> TextToPdf(std::string_view title, std::string_view text);

// ---- Background work -------------------------------------------------------------------------------
// Registers hiring.offer_email, hiring.form_email, hiring.reminder_email, hiring.owner_reminder_email,
// hiring.bgcheck_request and
// hiring.daily (ScanAlerts; re-queues itself for the next day).
void RegisterJobs(jobs::Queue& queue, store::Db& db, const core::Clock& clock, const Deps& deps);

}  // namespace hiring
