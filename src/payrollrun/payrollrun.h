// Payroll over the database: compensation per employee (effective-dated), monthly inputs, payroll
// runs (a draft with every payslip, then approval), payslips, the year-to-date balances imported at
// go-live, the disbursement file, and a gross-to-net preview for offers. The arithmetic is the pure
// engine in payroll/payslip.h; this module loads its inputs set-based, stores its outputs, and keeps
// the cumulative withholding state from month to month (docs/payroll-rules.md "Payroll runs").
//
// Like org/ and recruiting/, every mutating call takes the caller's transaction (org::Env), validates
// its input (kInvalid names the field), uses optimistic locking where a person edits a record, and
// writes the audit entry and outbox event in the same transaction. Policy ("the pay right"): admin and
// HR see and run payroll; everyone else is kForbidden, except that a user linked to an employee record
// (and any user of role employee) sees that employee's own payslips of approved runs. Hiring managers
// and interviewers never see anyone else's pay. A payslip outside the caller's reach is kNotFound.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "org/org.h"

namespace payrollrun {

using org::Env;
using org::ListResult;
using org::Page;

// Role gates, checked by handlers before reading any input so that a refused caller learns nothing.
core::Status RequirePayRight(const auth::Principal& p);          // admin, hr
core::Status RequireOwnPayslipAccess(const auth::Principal& p);  // pay right, role employee, or linked to an employee
core::Status RequirePreviewAccess(const auth::Principal& p);     // admin, hr, hiring_manager (no one's data)

// ---- Compensation ---------------------------------------------------------------------------------
// History of one employee, newest first. kNotFound for an unknown employee.
core::Result<nlohmann::json> ListCompensation(Env& env, int64_t employee_id);
// body: {effective_from, monthly_salary, city, social_insurance_base?, housing_fund_base?,
// housing_fund_rate? (percent), local_hukou?, social_insurance_enrolled?, housing_fund_enrolled?,
// annual_basic_deduction_upfront?, special_additional_deduction?, proration?}. The city must be one the
// engine knows; the housing-fund rate must be within the city's range on effective_from. kConflict
// "duplicate_effective_from" when the employee already has a row for that date.
core::Result<nlohmann::json> CreateCompensation(Env& env, int64_t employee_id, const nlohmann::json& body);
// Partial update of one row; body carries version (optimistic locking).
core::Result<nlohmann::json> UpdateCompensation(Env& env, int64_t id, const nlohmann::json& body);
core::Status DeleteCompensation(Env& env, int64_t id);

// Report of a CSV import (like org::ImportReport): every row validated; with problems and not
// skip_invalid nothing is written (refused). Written rows are in the caller's transaction.
struct ImportOptions {
  bool dry_run = true;
  bool skip_invalid = false;
};
// Columns: employee_no, effective_from, monthly_salary, city (required); social_insurance_base,
// housing_fund_base, housing_fund_rate, local_hukou, social_insurance_enrolled, housing_fund_enrolled,
// annual_basic_deduction_upfront, special_additional_deduction, proration. Returns the report as JSON
// {dry_run, total_rows, valid_rows, imported, problems[{row, field, problem}], refused}.
core::Result<nlohmann::json> ImportCompensationCsv(Env& env, std::string_view csv, const ImportOptions& options);

// ---- Monthly inputs --------------------------------------------------------------------------------
// Inputs of a period ("YYYY-MM"), by employee number.
core::Result<ListResult> ListInputs(Env& env, const std::string& period, const Page& page);
// body: {period, employee_id, taxable_allowances?, tax_free_allowances?, bonus?, annual_bonus?,
// annual_bonus_separately?, weekday_overtime_hours?, rest_day_overtime_hours?, holiday_overtime_hours?,
// absence_days?, other_deduction?, post_tax_deduction?, note?, version?}. Creates the row, or replaces
// it when it exists (then version is required). Absent items are zero. kConflict "period_approved"
// when the period's run is approved (corrections go to the next period).
core::Result<nlohmann::json> UpsertInput(Env& env, const nlohmann::json& body);
// Columns: employee_no (required) and the item names above (hours and days as decimals). Each row
// replaces that employee's inputs of `period`.
core::Result<nlohmann::json> ImportInputsCsv(Env& env, const std::string& period, std::string_view csv,
                                             const ImportOptions& options);

// ---- Runs ------------------------------------------------------------------------------------------
// Test-only behaviour (HIREFLOW_TEST_PAUSE_RUN_AFTER, read by http/): sleep after writing this many
// payslips of a run, inside its transaction, so a test can kill the process at a known point.
struct RunOptions {
  int pause_after_payslips = 0;  // 0 = never
};

core::Result<ListResult> ListRuns(Env& env, const Page& page);
// A run with its totals and `stale` (inputs, compensation or opening balances changed, or another run
// was approved, after it was computed: recalculate before approving).
core::Result<nlohmann::json> GetRun(Env& env, int64_t id);
// body: {period}. Computes a payslip for every employee paid in the month who has compensation in
// force, and writes the run and every payslip in the caller's transaction (all or nothing). kConflict
// "period_approved" when the period (or a later one) is approved. When the engine refuses any
// employee, nothing is written and the result is kInvalid "run_invalid"; `problems` receives them.
core::Result<nlohmann::json> CreateRun(Env& env, const nlohmann::json& body, const RunOptions& options,
                                       nlohmann::json* problems);
// Deletes the draft's payslips and computes them again, in one transaction. body: {version?}.
core::Result<nlohmann::json> RecalculateRun(Env& env, int64_t id, const nlohmann::json& body, const RunOptions& options,
                                            nlohmann::json* problems);
// body: {version}. Refuses (kConflict) a run that is not a draft ("not_draft"), a period that already
// has an approved run ("period_approved"), a period before an approved one ("later_period_approved"),
// and a stale draft ("run_stale"). Emits payroll.run_approved.
core::Result<nlohmann::json> ApproveRun(Env& env, int64_t id, const nlohmann::json& body);
// Drafts only (kConflict "not_draft" otherwise).
core::Status DeleteRun(Env& env, int64_t id);
// The run's payslips (no lines) with each employee's difference to their payslip of the previous
// month's approved run: delta {gross_pay, net_pay, income_tax} or null when there is none.
core::Result<ListResult> ListRunPayslips(Env& env, int64_t run_id, const std::optional<std::string>& q,
                                         const Page& page);
// The bank transfer file of an approved run: CSV (UTF-8 with BOM) employee_no,name,bank_account,net_pay
// with the account decrypted (env.cipher required); rows with net pay ≤ 0 are left out. Audited.
// kConflict "not_approved" for a draft.
core::Result<std::string> DisbursementCsv(Env& env, int64_t run_id);

// ---- Go-live balances --------------------------------------------------------------------------------
// Columns: employee_no, tax_year, through_month, months_employed, income, taxable_income, withheld_tax
// (required); tax_free_income, special_deduction, special_additional_deduction, other_deduction (or their
// total as `deductions`), tax, basic_deduction, annual_basic_deduction_upfront,
// annual_bonus_taxed_separately (optional). Each row must add up: the taxable income and the tax are
// recomputed from the others with the tax year's rules. A row replaces the employee's balance for that
// year unless approved payslips of that year already continue from it.
core::Result<nlohmann::json> ImportOpeningBalancesCsv(Env& env, std::string_view csv, const ImportOptions& options);
core::Result<ListResult> ListOpeningBalances(Env& env, int tax_year, const Page& page);

// ---- Payslips ------------------------------------------------------------------------------------------
// One payslip with its lines and year-to-date figures: the pay right, or the employee themselves once
// the run is approved; kNotFound otherwise.
core::Result<nlohmann::json> GetPayslip(Env& env, int64_t id);
// The caller's own payslips of approved runs, newest first (empty without an employee record).
core::Result<ListResult> ListMyPayslips(Env& env, const Page& page);

// ---- Offers ------------------------------------------------------------------------------------------
// Gross-to-net for a new hire starting on the 1st of `month` (default: the current month): body
// {monthly_salary, city, month? "YYYY-MM", housing_fund_rate? (percent), special_additional_deduction?}.
// Returns the `hireflow calc payslip` output.
core::Result<nlohmann::json> PreviewPayslip(const core::Clock& clock, const nlohmann::json& body);

}  // namespace payrollrun
