// Payroll routes: compensation, monthly inputs, runs (draft → approved) with their payslips and the
// disbursement file, go-live balances, each employee's own payslips, and the offer calculator. Every
// handler checks the caller's role gate before it reads any input (payrollrun/payrollrun.h).
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "http/api.h"
#include "org/xlsx.h"
#include "http/route_kit.h"
#include "payrollrun/payrollrun.h"

namespace http {

using core::Error;
using core::Result;
using nlohmann::json;

namespace {

using kit::ListOf;
using kit::ReadBodyFile;
using kit::Ref;


payrollrun::ImportOptions ImportOptionsFrom(const Request& req) {
  payrollrun::ImportOptions o;
  auto flags = kit::ImportFlagsOf(req);
  o.dry_run = flags.dry_run;
  o.skip_invalid = flags.skip_invalid;
  return o;
}


// HIREFLOW_TEST_PAUSE_RUN_AFTER=N (tests only): a run sleeps inside its transaction after N payslips.
payrollrun::RunOptions RunOptionsFromEnvironment() {
  payrollrun::RunOptions o;
  if (const char* v = std::getenv("HIREFLOW_TEST_PAUSE_RUN_AFTER"); v && *v) o.pause_after_payslips = std::atoi(v);
  return o;
}

}  // namespace

void Api::AddPayrollRoutes() {
  ApiDeps& d = deps_;
  const payrollrun::RunOptions run_options = RunOptionsFromEnvironment();
  auto with_env = [&d](Request& req, Context& ctx, bool write, const kit::EnvFn& fn) { return kit::WithEnv(d, req, ctx, write, fn); };
  using Gate = kit::Gate;
  auto json_route = [&d](Gate gate, bool write, bool has_id, bool has_body, int status, kit::JsonFn fn) {
    return kit::JsonRoute(d, gate, write, has_id ? "id" : nullptr, has_body, status, std::move(fn));
  };
  // Computing a run: a refusal rolls the transaction back before answering 422 with the employees named.
  using RunFn = std::function<Result<json>(org::Env&, int64_t, const json&, json*)>;
  auto run_route = [&d](bool has_id, int status, RunFn fn) {
    return [&d, has_id, status, fn](Request& req, Context& ctx) -> Result<Response> {
      HF_TRY(payrollrun::RequirePayRight(ctx.who()));
      int64_t id = 0;
      if (has_id) {
        HF_ASSIGN(id, req.IdParam());
      }
      json body = json::object();
      if (!req.body.empty() || !has_id) {
        HF_ASSIGN(body, req.JsonBody());
      }
      HF_ASSIGN(auto tx, d.db.Begin(true));
      org::Env env{*tx, ctx.who(), d.clock, req.request_id, &d.cipher};
      json problems = json::array();
      auto run = fn(env, id, body, &problems);
      if (!run.ok()) {
        tx.reset();  // roll back: nothing of the run is kept
        if (run.error().slug == "run_invalid")
          return Response::Problem(run.error(), req.request_id, req.path, {{"problems", problems}});
        return run.error();
      }
      HF_TRY(tx->Commit());
      return Response::Json(*run, status);
    };
  };
  auto list_route = [&d](Gate gate, bool has_id, kit::ListFn fn) { return kit::ListRoute(d, gate, has_id ? "id" : nullptr, std::move(fn)); };
  auto csv_import_route = [with_env](std::function<Result<json>(org::Env&, const Request&, const std::string&,
                                                                const payrollrun::ImportOptions&)> fn) {
    return [=](Request& req, Context& ctx) -> Result<Response> {
      HF_TRY(payrollrun::RequirePayRight(ctx.who()));
      payrollrun::ImportOptions opt = ImportOptionsFrom(req);
      std::string csv = ReadBodyFile(req);
      // CSV text or an XLSX workbook: the importer tells them apart by the ZIP magic bytes; a body
      // declared as XLSX that is no ZIP archive is refused here rather than read as CSV.
      if (req.Header("content-type").rfind(org::kXlsxContentType, 0) == 0 && !org::LooksLikeZip(csv))
        return Error::Invalid("file", "the body is declared as an XLSX workbook but is not one (no ZIP archive)");
      return with_env(req, ctx, !opt.dry_run, [&](org::Env& env) -> Result<Response> {
        HF_ASSIGN(json report, fn(env, req, csv, opt));
        return kit::ImportResponse(req, report);
      });
    };
  };
  const Gate pay = payrollrun::RequirePayRight;
  const Gate own = payrollrun::RequireOwnPayslipAccess;
  const std::vector<std::string> kPay = {"admin", "hr"};
  const std::vector<std::string> kOwn = {"admin", "hr", "employee"};
  const std::vector<std::string> kPreview = {"admin", "hr", "hiring_manager"};
  const json csv_body = {{"type", "string"}};
  const std::string xlsx_type(org::kXlsxContentType);  // every CSV import here also reads an XLSX workbook
  auto add = [this](Route r) { router_.Add(std::move(r)); };

  // ---- compensation ----------------------------------------------------------------------------------
  add({.method = "GET", .pattern = "/api/v1/payroll/employees/{id}/compensation",
       .handler = json_route(pay, false, true, false, 200,
                             [](org::Env& e, int64_t id, const json&) { return payrollrun::ListCompensation(e, id); }),
       .tag = "payroll", .summary = "An employee's compensation history (effective-dated), newest first", .roles = kPay,
       .response_schema = {{"type", "object"}, {"properties", {{"items", {{"type", "array"}, {"items", Ref("Compensation")}}}}}}});
  add({.method = "POST", .pattern = "/api/v1/payroll/employees/{id}/compensation",
       .handler = json_route(pay, true, true, true, 201,
                             [](org::Env& e, int64_t id, const json& b) { return payrollrun::CreateCompensation(e, id, b); }),
       .tag = "payroll", .summary = "Set an employee's pay terms from a date (409 when that date already has a record)",
       .roles = kPay, .request_schema = Ref("Compensation"), .response_schema = Ref("Compensation"), .success_status = 201});
  add({.method = "POST", .pattern = "/api/v1/payroll/compensation/import",
       .handler = csv_import_route([](org::Env& e, const Request&, const std::string& csv, const payrollrun::ImportOptions& o) {
         return payrollrun::ImportCompensationCsv(e, csv, o);
       }),
       .tag = "payroll",
       .summary = "Import compensation from CSV or XLSX (go-live; dry run by default; all-or-nothing unless skip_invalid)",
       .roles = kPay, .request_schema = csv_body, .request_content_type = "text/csv", .request_also_accepts = {xlsx_type},
       .response_schema = Ref("PayrollImportReport"),
       .query_params = {{"dry_run", "true (default) or false"}, {"skip_invalid", "false (default) or true"}},
       .max_body = 64u << 20, .stream_to_file = true});
  add({.method = "PATCH", .pattern = "/api/v1/payroll/compensation/{id}",
       .handler = json_route(pay, true, true, true, 200,
                             [](org::Env& e, int64_t id, const json& b) { return payrollrun::UpdateCompensation(e, id, b); }),
       .tag = "payroll", .summary = "Edit a compensation record (send version)", .roles = kPay,
       .request_schema = Ref("Compensation"), .response_schema = Ref("Compensation")});
  add({.method = "DELETE", .pattern = "/api/v1/payroll/compensation/{id}",
       .handler = [with_env](Request& req, Context& ctx) -> Result<Response> {
         HF_TRY(payrollrun::RequirePayRight(ctx.who()));
         HF_ASSIGN(int64_t id, req.IdParam());
         return with_env(req, ctx, true, [&](org::Env& env) -> Result<Response> {
           HF_TRY(payrollrun::DeleteCompensation(env, id));
           return Response::NoContent();
         });
       },
       .tag = "payroll", .summary = "Delete a compensation record", .roles = kPay, .success_status = 204});

  // ---- monthly inputs ------------------------------------------------------------------------------------
  add({.method = "GET", .pattern = "/api/v1/payroll/inputs",
       .handler = list_route(pay, false,
                             [](org::Env& e, int64_t, const Request& req, const org::Page& page) {
                               return payrollrun::ListInputs(e, req.Query("period").value_or(""), page);
                             }),
       .tag = "payroll", .summary = "The variable pay items of a period", .roles = kPay,
       .response_schema = ListOf("PayrollInput"),
       .query_params = {{"period", "YYYY-MM (required)"}, {"limit", "1..500"}, {"offset", ">= 0"}}});
  add({.method = "PUT", .pattern = "/api/v1/payroll/inputs",
       .handler = json_route(pay, true, false, true, 200,
                             [](org::Env& e, int64_t, const json& b) { return payrollrun::UpsertInput(e, b); }),
       .tag = "payroll",
       .summary = "Set one employee's inputs of a period (send version to replace saved inputs; 409 once approved)",
       .roles = kPay, .request_schema = Ref("PayrollInput"), .response_schema = Ref("PayrollInput")});
  add({.method = "POST", .pattern = "/api/v1/payroll/inputs/import",
       .handler = csv_import_route([](org::Env& e, const Request& req, const std::string& csv,
                                      const payrollrun::ImportOptions& o) {
         return payrollrun::ImportInputsCsv(e, req.Query("period").value_or(""), csv, o);
       }),
       .tag = "payroll", .summary = "Import a period's inputs from CSV or XLSX; each row replaces that employee's inputs",
       .roles = kPay, .request_schema = csv_body, .request_content_type = "text/csv", .request_also_accepts = {xlsx_type},
       .response_schema = Ref("PayrollImportReport"),
       .query_params = {{"period", "YYYY-MM (required)"}, {"dry_run", "true (default) or false"},
                        {"skip_invalid", "false (default) or true"}},
       .max_body = 64u << 20, .stream_to_file = true});

  // ---- runs ----------------------------------------------------------------------------------------------
  add({.method = "GET", .pattern = "/api/v1/payroll/runs",
       .handler = list_route(pay, false,
                             [](org::Env& e, int64_t, const Request&, const org::Page& page) {
                               return payrollrun::ListRuns(e, page);
                             }),
       .tag = "payroll", .summary = "Payroll runs, newest period first", .roles = kPay,
       .response_schema = ListOf("PayrollRun"), .query_params = {{"limit", "1..500"}, {"offset", ">= 0"}}});
  add({.method = "POST", .pattern = "/api/v1/payroll/runs",
       .handler = run_route(false, 201,
                            [run_options](org::Env& e, int64_t, const json& b, json* problems) {
                              return payrollrun::CreateRun(e, b, run_options, problems);
                            }),
       .tag = "payroll",
       .summary = "Compute a draft run for a period: the run and every payslip in one transaction (422 run_invalid "
                  "names the employees the engine refused; 409 when the period or a later one is approved)",
       .roles = kPay,
       .request_schema = {{"type", "object"}, {"required", {"period"}}, {"properties", {{"period", {{"type", "string"}}}}}},
       .response_schema = Ref("PayrollRun"), .success_status = 201});
  add({.method = "GET", .pattern = "/api/v1/payroll/runs/{id}",
       .handler = json_route(pay, false, true, false, 200,
                             [](org::Env& e, int64_t id, const json&) { return payrollrun::GetRun(e, id); }),
       .tag = "payroll", .summary = "A run with its totals and whether it is stale", .roles = kPay,
       .response_schema = Ref("PayrollRun")});
  add({.method = "DELETE", .pattern = "/api/v1/payroll/runs/{id}",
       .handler = [with_env](Request& req, Context& ctx) -> Result<Response> {
         HF_TRY(payrollrun::RequirePayRight(ctx.who()));
         HF_ASSIGN(int64_t id, req.IdParam());
         return with_env(req, ctx, true, [&](org::Env& env) -> Result<Response> {
           HF_TRY(payrollrun::DeleteRun(env, id));
           return Response::NoContent();
         });
       },
       .tag = "payroll", .summary = "Delete a draft run (409 for an approved one)", .roles = kPay, .success_status = 204});
  add({.method = "GET", .pattern = "/api/v1/payroll/runs/{id}/payslips",
       .handler = list_route(pay, true,
                             [](org::Env& e, int64_t id, const Request& req, const org::Page& page) {
                               return payrollrun::ListRunPayslips(e, id, req.Query("q"), page);
                             }),
       .tag = "payroll",
       .summary = "The run's payslips with each employee's difference to last month's approved payslip",
       .roles = kPay, .response_schema = ListOf("PayslipSummary"),
       .query_params = {{"q", "name or employee number contains"}, {"limit", "1..500"}, {"offset", ">= 0"}}});
  add({.method = "POST", .pattern = "/api/v1/payroll/runs/{id}/recalculate",
       .handler = run_route(true, 200,
                            [run_options](org::Env& e, int64_t id, const json& b, json* problems) {
                              return payrollrun::RecalculateRun(e, id, b, run_options, problems);
                            }),
       .tag = "payroll", .summary = "Recompute a draft from the current data (its payslips replaced in one transaction)",
       .roles = kPay,
       .request_schema = {{"type", "object"}, {"properties", {{"version", {{"type", "integer"}}}}}},
       .response_schema = Ref("PayrollRun")});
  add({.method = "POST", .pattern = "/api/v1/payroll/runs/{id}/approve",
       .handler = json_route(pay, true, true, true, 200,
                             [](org::Env& e, int64_t id, const json& b) { return payrollrun::ApproveRun(e, id, b); }),
       .tag = "payroll",
       .summary = "Approve a draft (send version); 409 for a second run of the period, a period before an approved "
                  "one, or a stale draft",
       .roles = kPay,
       .request_schema = {{"type", "object"}, {"required", {"version"}}, {"properties", {{"version", {{"type", "integer"}}}}}},
       .response_schema = Ref("PayrollRun")});
  add({.method = "GET", .pattern = "/api/v1/payroll/runs/{id}/disbursement",
       .handler = [with_env](Request& req, Context& ctx) -> Result<Response> {
         HF_TRY(payrollrun::RequirePayRight(ctx.who()));
         HF_ASSIGN(int64_t id, req.IdParam());
         // A write transaction: the export of bank accounts is audited.
         return with_env(req, ctx, true, [&](org::Env& env) -> Result<Response> {
           HF_ASSIGN(std::string csv, payrollrun::DisbursementCsv(env, id));
           Response r;
           r.content_type = "text/csv; charset=utf-8";
           r.body = std::move(csv);
           r.headers.emplace_back("Content-Disposition", "attachment; filename=\"disbursement-" + std::to_string(id) + ".csv\"");
           r.headers.emplace_back("Cache-Control", "private, no-store");
           return r;
         });
       },
       .tag = "payroll",
       .summary = "Bank transfer file of an approved run: employee_no, name, bank_account, net_pay (CSV; audited)",
       .roles = kPay, .response_schema = {{"type", "string"}, {"format", "binary"}}});

  // ---- go-live balances ----------------------------------------------------------------------------------
  add({.method = "POST", .pattern = "/api/v1/payroll/opening-balances/import",
       .handler = csv_import_route([](org::Env& e, const Request&, const std::string& csv, const payrollrun::ImportOptions& o) {
         return payrollrun::ImportOpeningBalancesCsv(e, csv, o);
       }),
       .tag = "payroll",
       .summary = "Import year-to-date withholding balances at go-live from CSV or XLSX; every row must add up (validation report)",
       .roles = kPay, .request_schema = csv_body, .request_content_type = "text/csv", .request_also_accepts = {xlsx_type},
       .response_schema = Ref("PayrollImportReport"),
       .query_params = {{"dry_run", "true (default) or false"}, {"skip_invalid", "false (default) or true"}},
       .max_body = 64u << 20, .stream_to_file = true});
  add({.method = "GET", .pattern = "/api/v1/payroll/opening-balances",
       .handler = list_route(pay, false,
                             [&d](org::Env& e, int64_t, const Request& req, const org::Page& page) -> Result<org::ListResult> {
                               int year = std::atoi(core::FormatInstant(d.clock.Now()).substr(0, 4).c_str());
                               if (auto y = req.Query("tax_year"); y && !y->empty()) {
                                 char* end = nullptr;
                                 long v = std::strtol(y->c_str(), &end, 10);
                                 if (*end != '\0' || v < 2000 || v > 2999)
                                   return Error::Invalid("tax_year", "tax_year must be a year");
                                 year = int(v);
                               }
                               return payrollrun::ListOpeningBalances(e, year, page);
                             }),
       .tag = "payroll", .summary = "Imported go-live balances of a tax year", .roles = kPay,
       .response_schema = ListOf("OpeningBalance"),
       .query_params = {{"tax_year", "default: the current year"}, {"limit", "1..500"}, {"offset", ">= 0"}}});

  // ---- payslips --------------------------------------------------------------------------------------------
  add({.method = "GET", .pattern = "/api/v1/payroll/payslips/{id}",
       .handler = json_route(own, false, true, false, 200,
                             [](org::Env& e, int64_t id, const json&) { return payrollrun::GetPayslip(e, id); }),
       .tag = "payroll",
       .summary = "One payslip with its lines and year-to-date figures (HR, or the employee once approved)",
       .roles = kOwn, .response_schema = Ref("Payslip")});
  add({.method = "GET", .pattern = "/api/v1/me/payslips",
       .handler = list_route(own, false,
                             [](org::Env& e, int64_t, const Request&, const org::Page& page) {
                               return payrollrun::ListMyPayslips(e, page);
                             }),
       .tag = "payroll", .summary = "My payslips of approved runs, newest first", .roles = kOwn,
       .response_schema = ListOf("PayslipSummary"), .query_params = {{"limit", "1..500"}, {"offset", ">= 0"}}});

  add({.method = "GET", .pattern = "/api/v1/payroll/payslips/{id}/pdf",
       .handler = [with_env](Request& req, Context& ctx) -> Result<Response> {
         HF_TRY(payrollrun::RequireOwnPayslipAccess(ctx.who()));
         HF_ASSIGN(int64_t id, req.IdParam());
         return with_env(req, ctx, false, [&](org::Env& env) -> Result<Response> {
           HF_ASSIGN(std::string pdf, payrollrun::PayslipPdf(env, id));
           Response r;
           r.content_type = "application/pdf";
           r.body = std::move(pdf);
           r.headers.emplace_back("Content-Disposition", "inline; filename=\"payslip-" + std::to_string(id) + ".pdf\"");
           r.headers.emplace_back("Cache-Control", "private, no-store");
           return r;
         });
       },
       .tag = "payroll", .summary = "One payslip as a PDF (Chinese and English lines; access as for the payslip)",
       .roles = kOwn, .response_schema = {{"type", "string"}, {"format", "binary"}}});

  // ---- salary bands ------------------------------------------------------------------------------------------
  auto opt_id = [](const Request& req, const char* name) -> Result<std::optional<int64_t>> {
    auto v = req.Query(name);
    if (!v || v->empty()) return std::optional<int64_t>();
    char* end = nullptr;
    long long x = std::strtoll(v->c_str(), &end, 10);
    if (*end != '\0' || x <= 0) return Error::Invalid(name, std::string(name) + " must be a positive integer");
    return std::optional<int64_t>(x);
  };
  add({.method = "GET", .pattern = "/api/v1/payroll/bands",
       .handler = list_route(pay, false,
                             [opt_id](org::Env& e, int64_t, const Request& req, const org::Page& page) -> Result<org::ListResult> {
                               payrollrun::BandFilter f;
                               HF_ASSIGN(f.position_id, opt_id(req, "position_id"));
                               HF_ASSIGN(f.grade_id, opt_id(req, "grade_id"));
                               if (auto on = req.Query("on"); on && !on->empty()) f.on = *on;
                               return payrollrun::ListBands(e, f, page);
                             }),
       .tag = "payroll", .summary = "Salary bands per position and grade (every version, or those in force on a day)",
       .roles = kPay, .response_schema = ListOf("SalaryBand"),
       .query_params = {{"position_id", "filter"}, {"grade_id", "filter"}, {"on", "YYYY-MM-DD: in force that day"},
                        {"limit", "1..500"}, {"offset", ">= 0"}}});
  add({.method = "POST", .pattern = "/api/v1/payroll/bands",
       .handler = json_route(pay, true, false, true, 201,
                             [](org::Env& e, int64_t, const json& b) { return payrollrun::CreateBand(e, b); }),
       .tag = "payroll",
       .summary = "Add a salary band from a date (409 band_overlap; an open-ended earlier band is closed the day before)",
       .roles = kPay, .request_schema = Ref("SalaryBand"), .response_schema = Ref("SalaryBand"), .success_status = 201});
  add({.method = "POST", .pattern = "/api/v1/payroll/bands/import",
       .handler = csv_import_route([](org::Env& e, const Request&, const std::string& csv, const payrollrun::ImportOptions& o) {
         return payrollrun::ImportBandsCsv(e, csv, o);
       }),
       .tag = "payroll", .summary = "Import salary bands from CSV or XLSX (dry run by default; all-or-nothing unless skip_invalid)",
       .roles = kPay, .request_schema = csv_body, .request_content_type = "text/csv", .request_also_accepts = {xlsx_type},
       .response_schema = Ref("PayrollImportReport"),
       .query_params = {{"dry_run", "true (default) or false"}, {"skip_invalid", "false (default) or true"}},
       .max_body = 16u << 20, .stream_to_file = true});
  add({.method = "PATCH", .pattern = "/api/v1/payroll/bands/{id}",
       .handler = json_route(pay, true, true, true, 200,
                             [](org::Env& e, int64_t id, const json& b) { return payrollrun::UpdateBand(e, id, b); }),
       .tag = "payroll", .summary = "Edit a salary band (send version)", .roles = kPay,
       .request_schema = Ref("SalaryBand"), .response_schema = Ref("SalaryBand")});
  add({.method = "DELETE", .pattern = "/api/v1/payroll/bands/{id}",
       .handler = [with_env](Request& req, Context& ctx) -> Result<Response> {
         HF_TRY(payrollrun::RequirePayRight(ctx.who()));
         HF_ASSIGN(int64_t id, req.IdParam());
         return with_env(req, ctx, true, [&](org::Env& env) -> Result<Response> {
           HF_TRY(payrollrun::DeleteBand(env, id));
           return Response::NoContent();
         });
       },
       .tag = "payroll", .summary = "Delete a salary band", .roles = kPay, .success_status = 204});

  // ---- market data -------------------------------------------------------------------------------------------
  add({.method = "GET", .pattern = "/api/v1/payroll/market",
       .handler = list_route(pay, false,
                             [](org::Env& e, int64_t, const Request& req, const org::Page& page) {
                               payrollrun::MarketFilter f;
                               f.position = req.Query("position");
                               f.city = req.Query("city");
                               f.latest = req.Query("latest").value_or("false") == "true";
                               return payrollrun::ListMarketData(e, f, page);
                             }),
       .tag = "payroll", .summary = "Market salary percentiles (history: every as_of date kept)", .roles = kPay,
       .response_schema = ListOf("MarketSalary"),
       .query_params = {{"position", "contains"}, {"city", "city"}, {"latest", "true: newest date per position and city"},
                        {"limit", "1..500"}, {"offset", ">= 0"}}});
  add({.method = "POST", .pattern = "/api/v1/payroll/market/import",
       .handler = csv_import_route([](org::Env& e, const Request&, const std::string& csv, const payrollrun::ImportOptions& o) {
         return payrollrun::ImportMarketCsv(e, csv, o);
       }),
       .tag = "payroll",
       .summary = "Import market data from CSV or XLSX: position, city, p25, p50, p75, p90, as_of, source (dry run by default)",
       .roles = kPay, .request_schema = csv_body, .request_content_type = "text/csv", .request_also_accepts = {xlsx_type},
       .response_schema = Ref("PayrollImportReport"),
       .query_params = {{"dry_run", "true (default) or false"}, {"skip_invalid", "false (default) or true"}},
       .max_body = 16u << 20, .stream_to_file = true});

  // ---- offer pricing -----------------------------------------------------------------------------------------
  const Gate pricing = payrollrun::RequireOfferPricingAccess;
  add({.method = "GET", .pattern = "/api/v1/payroll/offer-pricing/rules",
       .handler = json_route(pricing, false, false, false, 200,
                             [](org::Env& e, int64_t, const json&) { return payrollrun::GetPricingRules(e); }),
       .tag = "payroll", .summary = "The offer-pricing configuration in force, its history and the built-in default",
       .roles = kPreview, .response_schema = {{"type", "object"}}});
  add({.method = "POST", .pattern = "/api/v1/payroll/offer-pricing/rules",
       .handler = json_route(pay, true, false, true, 201,
                             [](org::Env& e, int64_t, const json& b) { return payrollrun::CreatePricingRules(e, b); }),
       .tag = "payroll",
       .summary = "Save a new version of the evidence → band position table and the pay-structure rules from a date",
       .roles = kPay, .request_schema = Ref("OfferPricingRules"), .response_schema = Ref("OfferPricingRules"),
       .success_status = 201});
  add({.method = "POST", .pattern = "/api/v1/payroll/offer-pricing",
       .handler = json_route(pricing, false, false, true, 200,
                             [](org::Env& e, int64_t, const json& b) { return payrollrun::PriceOffer(e, b); }),
       .tag = "payroll",
       .summary = "Suggest an offer for an application: band, market, interview total, position in band, range, "
                  "pay structure and reasons (zh, en)",
       .roles = kPreview,
       .request_schema = {{"type", "object"}, {"required", {"application_id"}},
                          {"properties", {{"application_id", {{"type", "integer"}}},
                                          {"expected_monthly_salary", {{"type", {"string", "number"}}}},
                                          {"city", {{"type", "string"}}}, {"grade_id", {{"type", "integer"}}}}}},
       .response_schema = Ref("OfferPricing")});

  // ---- city rule tables ----------------------------------------------------------------------------------------
  add({.method = "GET", .pattern = "/api/v1/payroll/city-rules",
       .handler = json_route(pay, false, false, false, 200,
                             [](org::Env& e, int64_t, const json&) { return payrollrun::ListCityRules(e, std::nullopt); }),
       .tag = "payroll",
       .summary = "Social-insurance and housing-fund rules per city: built-in versions, overrides, rates in force",
       .roles = kPay, .response_schema = {{"type", "object"}}});
  add({.method = "POST", .pattern = "/api/v1/payroll/city-rules/overrides",
       .handler = json_route(pay, true, false, true, 201,
                             [](org::Env& e, int64_t, const json& b) { return payrollrun::CreateCityRuleOverride(e, b); }),
       .tag = "payroll", .summary = "Override a city's scheme (floor, cap, rates) from a date; used by runs from then",
       .roles = kPay, .request_schema = Ref("CityRuleOverride"), .response_schema = Ref("CityRuleOverride"),
       .success_status = 201});
  add({.method = "PATCH", .pattern = "/api/v1/payroll/city-rules/overrides/{id}",
       .handler = json_route(pay, true, true, true, 200,
                             [](org::Env& e, int64_t id, const json& b) { return payrollrun::UpdateCityRuleOverride(e, id, b); }),
       .tag = "payroll", .summary = "Edit a city rule override (send version)", .roles = kPay,
       .request_schema = Ref("CityRuleOverride"), .response_schema = Ref("CityRuleOverride")});
  add({.method = "DELETE", .pattern = "/api/v1/payroll/city-rules/overrides/{id}",
       .handler = [with_env](Request& req, Context& ctx) -> Result<Response> {
         HF_TRY(payrollrun::RequirePayRight(ctx.who()));
         HF_ASSIGN(int64_t id, req.IdParam());
         return with_env(req, ctx, true, [&](org::Env& env) -> Result<Response> {
           HF_TRY(payrollrun::DeleteCityRuleOverride(env, id));
           return Response::NoContent();
         });
       },
       .tag = "payroll", .summary = "Delete a city rule override", .roles = kPay, .success_status = 204});

  // ---- offers --------------------------------------------------------------------------------------------
  add({.method = "POST", .pattern = "/api/v1/payroll/preview",
       .handler = [&d](Request& req, Context& ctx) -> Result<Response> {
         HF_TRY(payrollrun::RequirePreviewAccess(ctx.who()));
         HF_ASSIGN(json body, req.JsonBody());
         // A read transaction: HR's city rule overrides in force that month apply to the preview too.
         HF_ASSIGN(auto tx, d.db.Begin(false));
         org::Env env{*tx, ctx.who(), d.clock, req.request_id, &d.cipher};
         HF_ASSIGN(json j, payrollrun::PreviewPayslipWithOverrides(env, body));
         return Response::Json(j);
       },
       .tag = "payroll",
       .summary = "Gross to net for an offer: one month's payslip of a new hire (no one's data)", .roles = kPreview,
       .request_schema = {{"type", "object"}, {"required", {"monthly_salary", "city"}},
                          {"properties", {{"monthly_salary", {{"type", {"string", "number"}}}}, {"city", {{"type", "string"}}},
                                          {"month", {{"type", "string"}, {"description", "YYYY-MM"}}},
                                          {"housing_fund_rate", {{"type", {"string", "number"}}, {"description", "percent"}}},
                                          {"special_additional_deduction", {{"type", {"string", "number"}}}}}}},
       .response_schema = {{"type", "object"}, {"description", "the `hireflow calc payslip` output (docs/payroll-rules.md)"}}});
}

json Api::PayrollSchemas() {
  json str = {{"type", "string"}}, integer = {{"type", "integer"}}, boolean = {{"type", "boolean"}};
  json money = {{"type", "string"}, {"description", "yuan, two decimals"}};
  json nmoney = {{"type", {"string", "null"}}, {"description", "yuan, two decimals"}};
  json number = {{"type", "number"}};
  json totals = {{"gross_pay", money}, {"net_pay", money}, {"income_tax", money}};
  json summary_props = {{"id", integer}, {"run_id", integer}, {"run_status", str}, {"period", str},
                        {"employee_id", integer}, {"employee_no", str}, {"name", str}, {"city", str},
                        {"paid_days", integer}, {"paid_days_employed", integer}, {"gross_pay", money},
                        {"employee_contributions", money}, {"income_tax", money}, {"annual_bonus_tax", money},
                        {"net_pay", money}, {"employer_contributions", money}, {"employer_cost", money},
                        {"previous", {{"type", {"object", "null"}}, {"properties", totals}}},
                        {"delta", {{"type", {"object", "null"}}, {"properties", totals}}}};
  json payslip_props = summary_props;
  payslip_props["lines"] = {{"type", "array"},
                            {"items", {{"type", "object"},
                                       {"properties", {{"code", str}, {"zh", str}, {"en", str},
                                                       {"kind", {{"type", "string"}, {"enum", {"earning", "employee_deduction", "employer_contribution"}}}},
                                                       {"amount", money}}}}}};
  payslip_props["ytd"] = {{"type", "object"}, {"description", "the cumulative withholding state after this month"}};
  return {
      {"Compensation",
       {{"type", "object"},
        {"required", {"effective_from", "monthly_salary", "city"}},
        {"properties", {{"id", integer}, {"employee_id", integer},
                        {"effective_from", {{"type", "string"}, {"format", "date"}}}, {"monthly_salary", money},
                        {"city", {{"type", "string"}, {"enum", {"beijing", "shanghai", "shenzhen", "guangzhou", "hangzhou"}}}},
                        {"social_insurance_base", nmoney}, {"housing_fund_base", nmoney},
                        {"housing_fund_rate", {{"type", {"number", "null"}}, {"description", "percent, e.g. 12"}}},
                        {"local_hukou", boolean}, {"social_insurance_enrolled", boolean},
                        {"housing_fund_enrolled", boolean}, {"annual_basic_deduction_upfront", boolean},
                        {"special_additional_deduction", money},
                        {"proration", {{"type", "string"}, {"enum", {"paid_days", "deduct_missed_days"}}}},
                        {"version", integer}}}}},
      {"PayrollInput",
       {{"type", "object"},
        {"required", {"period", "employee_id"}},
        {"properties", {{"id", integer}, {"period", str}, {"employee_id", integer}, {"employee_no", str}, {"name", str},
                        {"taxable_allowances", money}, {"tax_free_allowances", money}, {"bonus", money},
                        {"annual_bonus", money}, {"annual_bonus_separately", boolean},
                        {"weekday_overtime_hours", number}, {"rest_day_overtime_hours", number},
                        {"holiday_overtime_hours", number}, {"absence_days", number}, {"other_deduction", money},
                        {"post_tax_deduction", money}, {"note", str}, {"version", integer}}}}},
      {"PayrollRun",
       {{"type", "object"},
        {"properties", {{"id", integer}, {"period", str},
                        {"status", {{"type", "string"}, {"enum", {"draft", "approved"}}}},
                        {"employee_count", integer}, {"gross_total", money}, {"income_tax_total", money},
                        {"employee_contributions_total", money}, {"employer_contributions_total", money},
                        {"net_total", money}, {"employer_cost_total", money}, {"notes", {{"type", "object"}}},
                        {"computed_at", str}, {"approved_at", {{"type", {"string", "null"}}}},
                        {"stale", boolean}, {"version", integer}}}}},
      {"PayslipSummary", {{"type", "object"}, {"properties", summary_props}}},
      {"Payslip", {{"type", "object"}, {"properties", payslip_props}}},
      {"OpeningBalance",
       {{"type", "object"},
        {"properties", {{"employee_no", str}, {"tax_year", integer}, {"through_month", integer},
                        {"months_employed", integer}, {"income", money}, {"tax_free_income", money},
                        {"basic_deduction", money}, {"special_deduction", money},
                        {"special_additional_deduction", money}, {"other_deduction", money},
                        {"taxable_income", money}, {"tax", money}, {"withheld_tax", money}}}}},
      {"SalaryBand",
       {{"type", "object"},
        {"required", {"position_id", "grade_id", "effective_from", "min_salary", "max_salary"}},
        {"properties", {{"id", integer}, {"position_id", integer}, {"position_title", str}, {"position_code", str},
                        {"grade_id", integer}, {"grade_code", str}, {"grade_name", str}, {"grade_level", integer},
                        {"effective_from", {{"type", "string"}, {"format", "date"}}},
                        {"effective_to", {{"type", {"string", "null"}}, {"format", "date"}}},
                        {"min_salary", money}, {"mid_salary", money}, {"max_salary", money}, {"note", str},
                        {"version", integer}}}}},
      {"MarketSalary",
       {{"type", "object"},
        {"properties", {{"id", integer}, {"position", str}, {"city", str}, {"p25", nmoney}, {"p50", nmoney},
                        {"p75", nmoney}, {"p90", nmoney}, {"as_of", str}, {"source", {{"type", {"string", "null"}}}},
                        {"imported_at", str}}}}},
      {"OfferPricingRules",
       {{"type", "object"},
        {"required", {"effective_from", "tiers", "structure"}},
        {"properties", {{"id", integer}, {"effective_from", {{"type", "string"}, {"format", "date"}}},
                        {"tiers", {{"type", "array"}, {"items", {{"type", "object"}, {"properties", {{"min_total", integer}, {"position_pct", integer}, {"label", str}}}}}}},
                        {"structure", {{"type", "array"}, {"items", {{"type", "object"}, {"properties", {{"min_grade_level", integer}, {"bonus_share_pct", integer}, {"position_keyword", str}}}}}}},
                        {"note", str}}}}},
      {"OfferPricing",
       {{"type", "object"},
        {"properties", {{"application_id", integer}, {"band", {{"type", {"object", "null"}}}},
                        {"market", {{"type", {"object", "null"}}}}, {"interview_total", {{"type", {"number", "null"}}}},
                        {"position_in_band", {{"type", "object"}}},
                        {"suggestion", {{"type", {"object", "null"}}, {"properties", {{"min", money}, {"max", money}, {"point", money}}}}},
                        {"structure", {{"type", "object"}, {"properties", {{"base_share", {{"type", "integer"}, {"description", "percent"}}}, {"bonus_share", {{"type", "integer"}, {"description", "percent"}}}}}}},
                        {"reasons", {{"type", "array"}, {"items", {{"type", "object"}, {"properties", {{"zh", str}, {"en", str}}}}}}}}}}},
      {"CityRuleOverride",
       {{"type", "object"},
        {"required", {"city", "scheme", "effective_from"}},
        {"properties", {{"id", integer}, {"city", str},
                        {"scheme", {{"type", "string"}, {"enum", {"pension", "medical", "unemployment", "work_injury", "maternity", "housing_fund"}}}},
                        {"effective_from", {{"type", "string"}, {"format", "date"}}},
                        {"effective_to", {{"type", {"string", "null"}}, {"format", "date"}}},
                        {"employee_rate", {{"type", {"number", "string", "null"}}, {"description", "percent"}}},
                        {"employer_rate", {{"type", {"number", "string", "null"}}, {"description", "percent"}}},
                        {"base_floor", nmoney}, {"base_cap", nmoney}, {"note", str}, {"version", integer}}}}},
      {"PayrollImportReport",
       {{"type", "object"},
        {"properties", {{"dry_run", boolean}, {"total_rows", integer}, {"valid_rows", integer}, {"imported", integer},
                        {"refused", boolean},
                        {"problems", {{"type", "array"},
                                      {"items", {{"type", "object"},
                                                 {"properties", {{"row", integer}, {"field", str}, {"problem", str}}}}}}}}}}},
  };
}

}  // namespace http
