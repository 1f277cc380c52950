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
#include "jobs/jobs.h"
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
// Every *Csv import below also takes an XLSX workbook (recognised by its ZIP magic bytes): the first
// worksheet, same columns, numbers as Excel shows them (15 significant digits, then amounts to the fen
// half up); report rows are then the spreadsheet's row numbers (docs/payroll-rules.md, "Go-live").
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

// ---- Salary bands (bands.cpp; docs/compensation.md) -----------------------------------------------------
// Monthly pay ranges per position and grade, effective-dated (effective_to inclusive, null = open). The
// pay right only. Ranges of one (position, grade) never overlap: kConflict "band_overlap" naming
// effective_from, except that a new band starting after an open-ended one closes that one the day before.
struct BandFilter {
  std::optional<int64_t> position_id, grade_id;
  std::optional<std::string> on;  // YYYY-MM-DD: only the bands in force that day; absent: every version
};
core::Result<ListResult> ListBands(Env& env, const BandFilter& f, const Page& page);
// body: {position_id, grade_id, effective_from, effective_to?, min_salary, mid_salary?, max_salary, note?}
// (mid defaults to the half-way point; min ≤ mid ≤ max, min > 0).
core::Result<nlohmann::json> CreateBand(Env& env, const nlohmann::json& body);
core::Result<nlohmann::json> UpdateBand(Env& env, int64_t id, const nlohmann::json& body);  // partial; version
core::Status DeleteBand(Env& env, int64_t id);
// Columns: position (code or title), grade (code or name), effective_from, min_salary, max_salary
// (required); mid_salary, effective_to, note (optional). Report as ImportCompensationCsv.
core::Result<nlohmann::json> ImportBandsCsv(Env& env, std::string_view csv, const ImportOptions& options);

// ---- Market data (market.cpp) ----------------------------------------------------------------------------
// Table market_salary_data (a contract with analytics). A row of the same position, city and as_of
// replaces the earlier import of that date; other dates are kept as history.
struct MarketFilter {
  std::optional<std::string> position, city;
  bool latest = false;  // only the newest as_of per (position, city)
};
core::Result<ListResult> ListMarketData(Env& env, const MarketFilter& f, const Page& page);
// Columns: position, city, as_of (or date) (required); p25, p50, p75, p90 (yuan; at least one; not
// decreasing), source (optional). Report as ImportCompensationCsv plus `replaced`.
core::Result<nlohmann::json> ImportMarketCsv(Env& env, std::string_view csv, const ImportOptions& options);

// ---- Offer pricing (pricing.cpp) -------------------------------------------------------------------------
// admin, hr, hiring_manager (the latter within their plans' departments: recruiting::RequisitionScope).
core::Status RequireOfferPricingAccess(const auth::Principal& p);
// The configuration in force today and every version: {current, history[]}; the built-in default when
// none was saved. Readable with offer-pricing access; saved by the pay right.
core::Result<nlohmann::json> GetPricingRules(Env& env);
// body: {effective_from, tiers[{min_total, position_pct, label?}], structure[{min_grade_level,
// bonus_share_pct, position_keyword?}], note?}. A new version; kConflict "duplicate_effective_from".
core::Result<nlohmann::json> CreatePricingRules(Env& env, const nlohmann::json& body);
// body: {application_id, expected_monthly_salary?, city?, grade_id?} -> {band, market, interview_total,
// position_in_band, suggestion {min,max,point}, structure {base_share, bonus_share}, reasons[{zh,en}]}.
// kNotFound for an application outside the caller's plans.
core::Result<nlohmann::json> PriceOffer(Env& env, const nlohmann::json& body);

// ---- City rule overrides (city_rules.cpp) ----------------------------------------------------------------
// The built-in social-insurance versions of a city (or every city) with the overrides saved in the
// database: {cities:[{city, versions[...], overrides[...]}]}. The pay right.
core::Result<nlohmann::json> ListCityRules(Env& env, const std::optional<std::string>& city);
// body: {city, scheme, effective_from, effective_to?, employee_rate?, employer_rate? (percent), base_floor?,
// base_cap?, note?}. Each present field replaces the built-in value from effective_from until effective_to
// (inclusive) or the next override of the same city and scheme, whichever is first. Validated against the rates in force (rate ≤ 100%, cap ≥ floor, housing fund within
// the city's range with equal employee and employer rates).
core::Result<nlohmann::json> CreateCityRuleOverride(Env& env, const nlohmann::json& body);
core::Result<nlohmann::json> UpdateCityRuleOverride(Env& env, int64_t id, const nlohmann::json& body);
core::Status DeleteCityRuleOverride(Env& env, int64_t id);
// PreviewPayslip with the overrides in force in the month applied (`city_rule_overrides`: whether any
// was); the preview route calls this inside a read transaction.
core::Result<nlohmann::json> PreviewPayslipWithOverrides(Env& env, const nlohmann::json& body);

// ---- Payslip PDF (payslip_pdf.cpp) -------------------------------------------------------------------------
// The payslip as a PDF (Chinese and English line names, net pay, year to date); access as GetPayslip.
core::Result<std::string> PayslipPdf(Env& env, int64_t id);

// ---- New hires (hiring_profile.cpp) -------------------------------------------------------------------------
// Registers payroll.create_profile: the compensation row of a new hire queued by hiring when the
// onboarding checklist completes (payload employee_id, effective_from, monthly_salary, city,
// actor_user_id). Idempotent: an existing row for that date is left alone. `clock` outlives the queue.
void RegisterHiringJobs(jobs::Queue& queue, store::Db& db, const core::Clock& clock);

}  // namespace payrollrun
