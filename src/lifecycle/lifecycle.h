// Employee lifecycle over the database: attendance (shifts, clock records, the month computed against
// the work calendar, statutory overtime alerts, sending a month to payroll), leave (types as data,
// balances with the statutory annual-leave entitlement, requests approved by the manager or HR),
// performance reviews (cycles, goals, self and manager ratings, HR calibration, final ratings),
// training (courses, sessions, attendance, results) and offboarding (final pay from the payroll
// rules, checklist, exit interview, access removed).
//
// Like org/ and payrollrun/, every mutating call takes the caller's transaction, validates its input
// (kInvalid names the field), uses optimistic locking where a person edits a record, and writes the
// audit entry and outbox event in the same transaction. Policy: admin and HR see and manage
// everything; an employee (any user linked to an employee record) sees their own records; a manager
// (a user whose employee record is another's manager_id) sees and decides for their direct reports;
// hiring managers additionally see the attendance of their department. Pay figures (final pay) are
// HR's only. A record outside the caller's reach is kNotFound.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "jobs/jobs.h"
#include "org/org.h"

namespace lifecycle {

using org::Env;
using org::ListResult;
using org::Page;

// Role gates, checked by handlers before reading any input.
core::Status RequireHr(const auth::Principal& p);     // admin, hr
core::Status RequireStaff(const auth::Principal& p);  // any signed-in user (scoped by the call)
core::Status RequireTeamView(const auth::Principal& p);  // admin, hr, hiring_manager, or anyone (scoped)

// ---- Attendance ------------------------------------------------------------------------------------
core::Result<nlohmann::json> ListShifts(Env& env);
// body: {name, start_time "HH:MM", end_time, break_minutes?, grace_minutes?, is_default?}
core::Result<nlohmann::json> CreateShift(Env& env, const nlohmann::json& body);
core::Result<nlohmann::json> UpdateShift(Env& env, int64_t id, const nlohmann::json& body);  // + version
// body: {shift_id} (null = the default shift).
core::Result<nlohmann::json> AssignShift(Env& env, int64_t employee_id, const nlohmann::json& body);

// Clocks the caller in (first punch of the day) or out (later punches), at the clock's time in
// China (UTC+8). kNotFound when the caller has no employee record.
core::Result<nlohmann::json> Clock(Env& env);
// One employee's month ("YYYY-MM"): every day with its kind, record, computed lateness, absence and
// overtime, the totals and alerts. The caller's own, a report's, or anyone's for HR.
core::Result<nlohmann::json> EmployeeMonth(Env& env, std::optional<int64_t> employee_id, const std::string& month);
// Totals and alerts of every visible employee in the month.
core::Result<nlohmann::json> TeamMonth(Env& env, const std::string& month);
// body: {employee_id, work_date, clock_in, clock_out?, version?}: HR correction of one day.
core::Result<nlohmann::json> UpsertRecord(Env& env, const nlohmann::json& body);
// body: {employee_id, work_date, compensation: "pay"|"time_off", version}: HR's choice for a rest day's
// overtime (劳动法第44条第2项: time off in lieu 调休, or 200% pay). kInvalid work_date on a workday or a
// statutory holiday; kNotFound without a record that day; kConflict period_approved once the month's
// payroll is approved. Sending the month to payroll skips the rest-day overtime of time_off days.
core::Result<nlohmann::json> SetRestDayCompensation(Env& env, const nlohmann::json& body);
// Time-clock export: employee_no, date, clock_in, clock_out?. Report like payroll imports.
core::Result<nlohmann::json> ImportRecordsCsv(Env& env, std::string_view csv, bool dry_run, bool skip_invalid);
// Writes the month's overtime hours by kind and absence days (unexcused absence + unpaid leave) of
// every tracked employee into payrollrun's inputs, keeping their other items; one transaction,
// audited. kConflict "period_approved" when payroll of the month is approved.
core::Result<nlohmann::json> SendMonthToPayroll(Env& env, const nlohmann::json& body);

// ---- Leave -------------------------------------------------------------------------------------------
core::Result<nlohmann::json> ListLeaveTypes(Env& env);
// body: {code, name_zh, name_en, paid?, statutory_annual?, quota_days?, calendar_days?, active?}
core::Result<nlohmann::json> CreateLeaveType(Env& env, const nlohmann::json& body);
core::Result<nlohmann::json> UpdateLeaveType(Env& env, int64_t id, const nlohmann::json& body);
// body: {work_start_date, annual_override_days?}: start of cumulative service for annual leave.
core::Result<nlohmann::json> SetLeaveProfile(Env& env, int64_t employee_id, const nlohmann::json& body);
// Balances of one employee (default: the caller) in `year`.
core::Result<nlohmann::json> Balances(Env& env, std::optional<int64_t> employee_id, int year);
// body: {leave_type_id, start_date, end_date, half_day?, reason?}: the caller's request.
core::Result<nlohmann::json> RequestLeave(Env& env, const nlohmann::json& body);
// scope: "mine" (default), "inbox" (pending requests the caller may decide), "all" (HR).
core::Result<ListResult> ListLeaveRequests(Env& env, const std::string& scope, const std::optional<std::string>& status,
                                           const Page& page);
// body: {decision: "approve"|"reject", note?, version}. The employee's manager or HR, never oneself.
core::Result<nlohmann::json> DecideLeave(Env& env, int64_t id, const nlohmann::json& body);
// body: {version}. The requester, while pending or before it starts.
core::Result<nlohmann::json> CancelLeave(Env& env, int64_t id, const nlohmann::json& body);

// ---- Performance ----------------------------------------------------------------------------------
core::Result<ListResult> ListCycles(Env& env, const Page& page);
// body: {name, kind: probation|quarterly|annual, period_start, period_end, scale_min?, scale_max?,
// meets_threshold?, employee_ids?}. Creates a review for each listed employee (default: every
// employee in status active/probation; for probation cycles, status probation).
core::Result<nlohmann::json> CreateCycle(Env& env, const nlohmann::json& body);
// Reviews: scope "mine" (own), "team" (direct reports), "all" (HR); cycle_id filter.
core::Result<ListResult> ListReviews(Env& env, const std::string& scope, std::optional<int64_t> cycle_id, const Page& page);
core::Result<nlohmann::json> GetReview(Env& env, int64_t id);
// body: {self_rating?, self_comment?, goals?[{id?, title, weight, self_rating?}], submit?, version}.
core::Result<nlohmann::json> SelfReview(Env& env, int64_t id, const nlohmann::json& body);
// body: {manager_rating, manager_comment?, goals?[{id, manager_rating}], submit?, version}: the manager or HR.
core::Result<nlohmann::json> ManagerReview(Env& env, int64_t id, const nlohmann::json& body);
// body: {rating?, note?, version}: HR calibrates and finalises; writes performance_final_ratings.
core::Result<nlohmann::json> FinalizeReview(Env& env, int64_t id, const nlohmann::json& body);

// Probation reviews opened automatically (daily job "lifecycle.probation_reviews"): for every employee
// (status active/probation) whose employees.probation_end falls within [as_of, as_of + days_ahead] and
// who has no review in any probation cycle, opens one in the month's automatic probation cycle
// (auto_key "probation:YYYY-MM"), records the manager as reviewer and notifies them (in-app, job
// "lifecycle.review_notify"). Idempotent. as_of defaults to today (China time), days_ahead to the
// setting (default 14). Returns {as_of, days_ahead, until, opened[{review_id, cycle_id, employee_id,
// probation_end, reviewer_employee_id}]}.
core::Result<nlohmann::json> OpenProbationReviews(Env& env, std::optional<core::Date> as_of, std::optional<int> days_ahead);
// HR's "run now": body {as_of?, days_ahead? 0..90}.
core::Result<nlohmann::json> OpenProbationReviewsNow(Env& env, const nlohmann::json& body);
// {probation_review_days (default 14), version, updated_at}; update body {probation_review_days 0..90, version}.
core::Result<nlohmann::json> ProbationSettings(Env& env);
core::Result<nlohmann::json> UpdateProbationSettings(Env& env, const nlohmann::json& body);
// body {probation_end: date|null}: HR records an employee's probation end (staff hired outside the
// hiring module's onboarding, or a corrected date). Not before the hire date.
core::Result<nlohmann::json> SetProbationEnd(Env& env, int64_t employee_id, const nlohmann::json& body);

// Final ratings per period (performance_final_ratings) of one employee: HR, the employee, their manager.
core::Result<nlohmann::json> FinalRatings(Env& env, int64_t employee_id);

// ---- Training ---------------------------------------------------------------------------------------
core::Result<nlohmann::json> ListCourses(Env& env);
core::Result<nlohmann::json> CreateCourse(Env& env, const nlohmann::json& body);    // {title, description?, provider?, hours?}
core::Result<nlohmann::json> CreateSession(Env& env, int64_t course_id, const nlohmann::json& body);  // {session_date, location?, capacity?}
core::Result<nlohmann::json> GetSession(Env& env, int64_t id);
core::Result<nlohmann::json> Enroll(Env& env, int64_t session_id, const nlohmann::json& body);  // {employee_ids}
// body: {attended?, score?, passed?, version}
core::Result<nlohmann::json> RecordResult(Env& env, int64_t enrollment_id, const nlohmann::json& body);
core::Result<nlohmann::json> MyTraining(Env& env);

// ---- Offboarding ------------------------------------------------------------------------------------
core::Result<ListResult> ListOffboardings(Env& env, const Page& page);
core::Result<nlohmann::json> GetOffboarding(Env& env, int64_t id);
// body: {employee_id, kind: resignation|termination|contract_end|mutual, reason, last_day,
// severance?: {kind: none|n|2n, local_prev_year_avg_monthly_wage?, local_min_wage?}, avg_monthly_wage_12m?,
// checklist?[string]}. Computes the final pay (salary to the last day, unused annual leave, severance).
core::Result<nlohmann::json> CreateOffboarding(Env& env, const nlohmann::json& body);
// body: {checklist?[{item, done}], exit_interview?, version}
core::Result<nlohmann::json> UpdateOffboarding(Env& env, int64_t id, const nlohmann::json& body);
// body: {version}: an open offboarding started by mistake (or withdrawn) is cancelled; the record stays.
core::Result<nlohmann::json> CancelOffboarding(Env& env, int64_t id, const nlohmann::json& body);
// body: {version}: status left, user accounts disabled, sessions and tokens revoked.
core::Result<nlohmann::json> CompleteOffboarding(Env& env, int64_t id, const nlohmann::json& body);
// Completes every open offboarding whose last day has passed; returns how many.
core::Result<int> CompleteDueOffboardings(Env& env);
// The job "lifecycle.offboarding_due" (payload {offboarding_id}), enqueued by CreateOffboarding to
// run after the last day (00:00 China time of the next day): completes the offboarding if still open.
// Also registers the daily probation-review job (and queues today's run) and its notification.
void RegisterJobs(jobs::Queue& queue, store::Db& db, const core::Clock& clock);

// Demo data for --seed-demo: one quarterly review cycle, a training course, a few clock records.
core::Status SeedDemo(Env& env);

}  // namespace lifecycle
