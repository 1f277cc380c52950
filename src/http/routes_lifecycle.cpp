// Lifecycle routes: attendance, leave, performance reviews, training and offboarding. Every handler
// checks the caller's role gate before it reads any input (lifecycle/lifecycle.h); routes open to
// every signed-in user scope the data to the caller (own records, direct reports, or all for HR).
#include <cstdlib>

#include "http/api.h"
#include "http/route_kit.h"
#include "lifecycle/lifecycle.h"

namespace http {

using core::Error;
using core::Result;
using nlohmann::json;

namespace {

json Obj(std::initializer_list<std::pair<const std::string, json>> props, std::vector<std::string> required = {}) {
  json j = {{"type", "object"}, {"properties", json(props)}};
  if (!required.empty()) j["required"] = required;
  return j;
}

json ListOfObjects() {
  return {{"type", "object"},
          {"required", {"items", "total", "limit", "offset"}},
          {"properties",
           {{"items", {{"type", "array"}, {"items", {{"type", "object"}}}}}, {"total", {{"type", "integer"}}},
            {"limit", {{"type", "integer"}}}, {"offset", {{"type", "integer"}}}}}};
}

Result<int> YearQuery(const Request& req, const core::Clock& clock) {
  int year = std::atoi(core::FormatInstant(clock.Now()).substr(0, 4).c_str());
  if (auto y = req.Query("year"); y && !y->empty()) {
    char* end = nullptr;
    long v = std::strtol(y->c_str(), &end, 10);
    if (*end != '\0' || v < 2000 || v > 2999) return Error::Invalid("year", "year must be a year");
    year = int(v);
  }
  return year;
}

}  // namespace

void Api::AddLifecycleRoutes() {
  ApiDeps& d = deps_;
  using Gate = kit::Gate;
  auto json_route = [&d](Gate gate, bool write, bool has_id, bool has_body, int status, kit::JsonFn fn) {
    return kit::JsonRoute(d, gate, write, has_id ? "id" : nullptr, has_body, status, std::move(fn));
  };
  // A read returning one JSON document computed from the query string.
  using QueryFn = std::function<Result<json>(org::Env&, int64_t, const Request&)>;
  auto query_route = [&d](Gate gate, bool has_id, QueryFn fn) -> Handler {
    return [&d, gate, has_id, fn](Request& req, Context& ctx) -> Result<Response> {
      HF_TRY(gate(ctx.who()));
      int64_t id = 0;
      if (has_id) {
        HF_ASSIGN(id, req.IdParam());
      }
      return kit::WithEnv(d, req, ctx, false, [&](org::Env& env) -> Result<Response> {
        HF_ASSIGN(json j, fn(env, id, req));
        return Response::Json(j);
      });
    };
  };
  auto list_route = [&d](Gate gate, bool has_id, kit::ListFn fn) { return kit::ListRoute(d, gate, has_id ? "id" : nullptr, std::move(fn)); };
  const Gate hr = lifecycle::RequireHr;
  const Gate staff = lifecycle::RequireStaff;
  const std::vector<std::string> kHr = {"admin", "hr"};
  const std::vector<std::string> kStaff = {"admin", "hr", "hiring_manager", "interviewer", "employee"};
  const json any = {{"type", "object"}};
  const json str = {{"type", "string"}}, integer = {{"type", "integer"}}, number = {{"type", "number"}},
             boolean = {{"type", "boolean"}}, date = {{"type", "string"}, {"format", "date"}},
             hhmm = {{"type", "string"}, {"description", "HH:MM (China time)"}},
             nhhmm = {{"type", {"string", "null"}}, {"description", "HH:MM (China time)"}};
  const json version_body = Obj({{"version", integer}}, {"version"});
  auto add = [this](Route r) { router_.Add(std::move(r)); };
  const std::pair<std::string, std::string> kMonth = {"month", "YYYY-MM (required)"};

  // ---- attendance ------------------------------------------------------------------------------------------
  const json shift = Obj({{"id", integer}, {"name", str}, {"start_time", hhmm}, {"end_time", hhmm},
                          {"break_minutes", integer}, {"grace_minutes", integer}, {"is_default", boolean},
                          {"version", integer}});
  add({.method = "GET", .pattern = "/api/v1/attendance/shifts",
       .handler = json_route(staff, false, false, false, 200, [](org::Env& e, int64_t, const json&) { return lifecycle::ListShifts(e); }),
       .tag = "lifecycle", .summary = "Shifts (start, end, break, grace minutes)", .roles = kStaff,
       .response_schema = Obj({{"items", {{"type", "array"}, {"items", shift}}}})});
  add({.method = "POST", .pattern = "/api/v1/attendance/shifts",
       .handler = json_route(hr, true, false, true, 201, [](org::Env& e, int64_t, const json& b) { return lifecycle::CreateShift(e, b); }),
       .tag = "lifecycle", .summary = "Create a shift", .roles = kHr, .request_schema = shift, .response_schema = shift,
       .success_status = 201});
  add({.method = "PATCH", .pattern = "/api/v1/attendance/shifts/{id}",
       .handler = json_route(hr, true, true, true, 200, [](org::Env& e, int64_t id, const json& b) { return lifecycle::UpdateShift(e, id, b); }),
       .tag = "lifecycle", .summary = "Edit a shift (send version)", .roles = kHr, .request_schema = shift, .response_schema = shift});
  add({.method = "PUT", .pattern = "/api/v1/attendance/employees/{id}/shift",
       .handler = json_route(hr, true, true, true, 200, [](org::Env& e, int64_t id, const json& b) { return lifecycle::AssignShift(e, id, b); }),
       .tag = "lifecycle", .summary = "Assign an employee's shift (null: the default shift)", .roles = kHr,
       .request_schema = Obj({{"shift_id", {{"type", {"integer", "null"}}}}}), .response_schema = any});
  add({.method = "POST", .pattern = "/api/v1/me/attendance/clock",
       .handler = json_route(staff, true, false, false, 200, [](org::Env& e, int64_t, const json&) { return lifecycle::Clock(e); }),
       .tag = "lifecycle", .summary = "Clock in (first punch of the day) or out (later punches), now", .roles = kStaff,
       .response_schema = Obj({{"action", {{"type", "string"}, {"enum", {"clock_in", "clock_out"}}}}, {"work_date", date},
                               {"clock_in", hhmm}, {"clock_out", nhhmm}})});
  const json month_doc = {{"type", "object"}, {"description", "days with kind, record, lateness, absence, overtime; totals; alerts"}};
  add({.method = "GET", .pattern = "/api/v1/me/attendance",
       .handler = query_route(staff, false, [](org::Env& e, int64_t, const Request& req) {
         return lifecycle::EmployeeMonth(e, std::nullopt, req.Query("month").value_or(""));
       }),
       .tag = "lifecycle", .summary = "My attendance month computed against my shift and the work calendar", .roles = kStaff,
       .response_schema = month_doc, .query_params = {kMonth}});
  add({.method = "GET", .pattern = "/api/v1/attendance/employees/{id}/month",
       .handler = query_route(staff, true, [](org::Env& e, int64_t id, const Request& req) {
         return lifecycle::EmployeeMonth(e, id, req.Query("month").value_or(""));
       }),
       .tag = "lifecycle", .summary = "An employee's attendance month (HR, their manager, or their hiring manager)",
       .roles = kStaff, .response_schema = month_doc, .query_params = {kMonth}});
  add({.method = "GET", .pattern = "/api/v1/attendance/team",
       .handler = query_route(staff, false, [](org::Env& e, int64_t, const Request& req) {
         return lifecycle::TeamMonth(e, req.Query("month").value_or(""));
       }),
       .tag = "lifecycle",
       .summary = "Month totals and overtime alerts (over 3 h a day or 36 h a month) of the employees the caller sees",
       .roles = kStaff, .response_schema = any, .query_params = {kMonth}});
  add({.method = "PUT", .pattern = "/api/v1/attendance/records",
       .handler = json_route(hr, true, false, true, 200, [](org::Env& e, int64_t, const json& b) { return lifecycle::UpsertRecord(e, b); }),
       .tag = "lifecycle", .summary = "Set or correct one employee's record of a day (send version to replace)", .roles = kHr,
       .request_schema = Obj({{"employee_id", integer}, {"work_date", date}, {"clock_in", hhmm}, {"clock_out", nhhmm},
                              {"version", integer}},
                             {"employee_id", "work_date", "clock_in"}),
       .response_schema = any});
  add({.method = "PUT", .pattern = "/api/v1/attendance/records/rest-day-compensation",
       .handler = json_route(hr, true, false, true, 200, [](org::Env& e, int64_t, const json& b) { return lifecycle::SetRestDayCompensation(e, b); }),
       .tag = "lifecycle",
       .summary = "Compensate a rest day's overtime with time off in lieu (调休) or 200% pay (send the record's version)",
       .roles = kHr,
       .request_schema = Obj({{"employee_id", integer}, {"work_date", date},
                              {"compensation", {{"type", "string"}, {"enum", {"pay", "time_off"}}}}, {"version", integer}},
                             {"employee_id", "work_date", "compensation", "version"}),
       .response_schema = any});
  add({.method = "POST", .pattern = "/api/v1/attendance/import",
       .handler = [&d](Request& req, Context& ctx) -> Result<Response> {
         HF_TRY(lifecycle::RequireHr(ctx.who()));
         auto [dry_run, skip] = kit::ImportFlagsOf(req);
         std::string csv = kit::ReadBodyFile(req);
         return kit::WithEnv(d, req, ctx, !dry_run, [&](org::Env& env) -> Result<Response> {
           HF_ASSIGN(json report, lifecycle::ImportRecordsCsv(env, csv, dry_run, skip));
           return kit::ImportResponse(req, report);
         });
       },
       .tag = "lifecycle",
       .summary = "Import time-clock records from CSV (employee_no, date, clock_in, clock_out); dry run by default",
       .roles = kHr, .request_schema = str, .request_content_type = "text/csv",
       .response_schema = Obj({{"dry_run", boolean}, {"total_rows", integer}, {"valid_rows", integer}, {"imported", integer},
                               {"refused", boolean}, {"problems", {{"type", "array"}}}}),
       .query_params = {{"dry_run", "true (default) or false"}, {"skip_invalid", "false (default) or true"}},
       .max_body = 64u << 20, .stream_to_file = true});
  add({.method = "POST", .pattern = "/api/v1/attendance/send-to-payroll",
       .handler = json_route(hr, true, false, true, 200, [](org::Env& e, int64_t, const json& b) { return lifecycle::SendMonthToPayroll(e, b); }),
       .tag = "lifecycle",
       .summary = "Write the month's overtime hours by kind and absence days into payroll inputs (one transaction; 409 "
                  "once the month's payroll is approved)",
       .roles = kHr, .request_schema = Obj({{"month", str}}, {"month"}), .response_schema = any});

  // ---- leave -------------------------------------------------------------------------------------------------
  const json leave_type = Obj({{"id", integer}, {"code", str}, {"name_zh", str}, {"name_en", str}, {"paid", boolean},
                               {"statutory_annual", boolean}, {"quota_days", {{"type", {"number", "null"}}}},
                               {"calendar_days", boolean}, {"active", boolean}, {"version", integer}});
  const json leave_req = Obj({{"id", integer}, {"employee_id", integer}, {"leave_type_id", integer}, {"leave_type", str},
                              {"start_date", date}, {"end_date", date}, {"half_day", boolean}, {"days", number},
                              {"reason", str}, {"status", {{"type", "string"}, {"enum", {"pending", "approved", "rejected", "cancelled"}}}},
                              {"version", integer}});
  add({.method = "GET", .pattern = "/api/v1/leave/types",
       .handler = json_route(staff, false, false, false, 200, [](org::Env& e, int64_t, const json&) { return lifecycle::ListLeaveTypes(e); }),
       .tag = "lifecycle", .summary = "Leave types", .roles = kStaff,
       .response_schema = Obj({{"items", {{"type", "array"}, {"items", leave_type}}}})});
  add({.method = "POST", .pattern = "/api/v1/leave/types",
       .handler = json_route(hr, true, false, true, 201, [](org::Env& e, int64_t, const json& b) { return lifecycle::CreateLeaveType(e, b); }),
       .tag = "lifecycle", .summary = "Create a leave type", .roles = kHr, .request_schema = leave_type,
       .response_schema = leave_type, .success_status = 201});
  add({.method = "PATCH", .pattern = "/api/v1/leave/types/{id}",
       .handler = json_route(hr, true, true, true, 200, [](org::Env& e, int64_t id, const json& b) { return lifecycle::UpdateLeaveType(e, id, b); }),
       .tag = "lifecycle", .summary = "Edit a leave type (send version)", .roles = kHr, .request_schema = leave_type,
       .response_schema = leave_type});
  add({.method = "PUT", .pattern = "/api/v1/leave/profiles/{id}",
       .handler = json_route(hr, true, true, true, 200, [](org::Env& e, int64_t id, const json& b) { return lifecycle::SetLeaveProfile(e, id, b); }),
       .tag = "lifecycle", .summary = "Set an employee's start of cumulative service (累计工作年限) for annual leave",
       .roles = kHr, .request_schema = Obj({{"work_start_date", date}, {"annual_override_days", {{"type", {"integer", "null"}}}}}, {"work_start_date"}),
       .response_schema = any});
  add({.method = "GET", .pattern = "/api/v1/leave/balances",
       .handler = query_route(staff, false, [&d](org::Env& e, int64_t, const Request& req) -> Result<json> {
         HF_ASSIGN(auto emp, kit::OptIdQuery(req, "employee_id"));
         HF_ASSIGN(int year, YearQuery(req, d.clock));
         return lifecycle::Balances(e, emp, year);
       }),
       .tag = "lifecycle",
       .summary = "Leave balances of a year: mine, or an employee's for HR and their manager (annual leave by "
                  "cumulative service, prorated for joiners and leavers)",
       .roles = kStaff, .response_schema = any,
       .query_params = {{"employee_id", "default: mine"}, {"year", "default: this year"}}});
  add({.method = "POST", .pattern = "/api/v1/me/leave-requests",
       .handler = json_route(staff, true, false, true, 201, [](org::Env& e, int64_t, const json& b) { return lifecycle::RequestLeave(e, b); }),
       .tag = "lifecycle", .summary = "Request leave (working days by the calendar; checked against the balance)",
       .roles = kStaff,
       .request_schema = Obj({{"leave_type_id", integer}, {"start_date", date}, {"end_date", date}, {"half_day", boolean},
                              {"reason", str}},
                             {"leave_type_id", "start_date", "end_date"}),
       .response_schema = leave_req, .success_status = 201});
  add({.method = "GET", .pattern = "/api/v1/leave/requests",
       .handler = list_route(staff, false, [](org::Env& e, int64_t, const Request& req, const org::Page& page) {
         return lifecycle::ListLeaveRequests(e, req.Query("scope").value_or("mine"), req.Query("status"), page);
       }),
       .tag = "lifecycle", .summary = "Leave requests: mine, my inbox (to decide), my team's, or all (HR)", .roles = kStaff,
       .response_schema = ListOfObjects(),
       .query_params = {{"scope", "mine (default), inbox, team, all"}, {"status", "pending, approved, rejected, cancelled"},
                        {"limit", "1..500"}, {"offset", ">= 0"}}});
  add({.method = "POST", .pattern = "/api/v1/leave/requests/{id}/decide",
       .handler = json_route(staff, true, true, true, 200, [](org::Env& e, int64_t id, const json& b) { return lifecycle::DecideLeave(e, id, b); }),
       .tag = "lifecycle", .summary = "Approve or reject a request: the employee's manager or HR, never one's own",
       .roles = kStaff,
       .request_schema = Obj({{"decision", {{"type", "string"}, {"enum", {"approve", "reject"}}}}, {"note", str}, {"version", integer}},
                             {"decision", "version"}),
       .response_schema = leave_req});
  add({.method = "POST", .pattern = "/api/v1/leave/requests/{id}/cancel",
       .handler = json_route(staff, true, true, true, 200, [](org::Env& e, int64_t id, const json& b) { return lifecycle::CancelLeave(e, id, b); }),
       .tag = "lifecycle", .summary = "Cancel my request (pending, or approved and not started)", .roles = kStaff,
       .request_schema = version_body, .response_schema = leave_req});

  // ---- performance ---------------------------------------------------------------------------------------------
  const json rating = {{"type", {"number", "null"}}};
  const json review = Obj({{"id", integer}, {"cycle_id", integer}, {"cycle_kind", str}, {"employee_id", integer},
                           {"status", {{"type", "string"}, {"enum", {"self", "manager", "calibration", "finalized"}}}},
                           {"self_rating", rating}, {"manager_rating", rating}, {"final_rating", rating},
                           {"goals", {{"type", "array"}}}, {"version", integer}});
  add({.method = "GET", .pattern = "/api/v1/performance/cycles",
       .handler = list_route(staff, false, [](org::Env& e, int64_t, const Request&, const org::Page& page) { return lifecycle::ListCycles(e, page); }),
       .tag = "lifecycle", .summary = "Review cycles, newest first", .roles = kStaff, .response_schema = ListOfObjects(),
       .query_params = {{"limit", "1..500"}, {"offset", ">= 0"}}});
  add({.method = "POST", .pattern = "/api/v1/performance/cycles",
       .handler = json_route(hr, true, false, true, 201, [](org::Env& e, int64_t, const json& b) { return lifecycle::CreateCycle(e, b); }),
       .tag = "lifecycle", .summary = "Open a review cycle (probation, quarterly, annual) with a review per employee",
       .roles = kHr,
       .request_schema = Obj({{"name", str}, {"kind", {{"type", "string"}, {"enum", {"probation", "quarterly", "annual"}}}},
                              {"period_start", date}, {"period_end", date}, {"scale_min", number}, {"scale_max", number},
                              {"meets_threshold", number}, {"employee_ids", {{"type", "array"}, {"items", integer}}}},
                             {"name", "kind", "period_start", "period_end"}),
       .response_schema = any, .success_status = 201});
  add({.method = "GET", .pattern = "/api/v1/performance/reviews",
       .handler = list_route(staff, false, [](org::Env& e, int64_t, const Request& req, const org::Page& page) -> Result<org::ListResult> {
         HF_ASSIGN(auto cycle, kit::OptIdQuery(req, "cycle_id"));
         return lifecycle::ListReviews(e, req.Query("scope").value_or("mine"), cycle, page);
       }),
       .tag = "lifecycle", .summary = "Reviews: mine, my team's, or all (HR)", .roles = kStaff, .response_schema = ListOfObjects(),
       .query_params = {{"scope", "mine (default), team, all"}, {"cycle_id", "filter"}, {"limit", "1..500"}, {"offset", ">= 0"}}});
  add({.method = "GET", .pattern = "/api/v1/performance/reviews/{id}",
       .handler = json_route(staff, false, true, false, 200, [](org::Env& e, int64_t id, const json&) { return lifecycle::GetReview(e, id); }),
       .tag = "lifecycle", .summary = "A review with its goals (the manager's rating is shown to the employee once final)",
       .roles = kStaff, .response_schema = review});
  add({.method = "PATCH", .pattern = "/api/v1/performance/reviews/{id}/self",
       .handler = json_route(staff, true, true, true, 200, [](org::Env& e, int64_t id, const json& b) { return lifecycle::SelfReview(e, id, b); }),
       .tag = "lifecycle", .summary = "My self review: goals, rating, comment; submit moves it to my manager", .roles = kStaff,
       .request_schema = Obj({{"self_rating", number}, {"self_comment", str}, {"goals", {{"type", "array"}}}, {"submit", boolean},
                              {"version", integer}},
                             {"version"}),
       .response_schema = review});
  add({.method = "PATCH", .pattern = "/api/v1/performance/reviews/{id}/manager",
       .handler = json_route(staff, true, true, true, 200, [](org::Env& e, int64_t id, const json& b) { return lifecycle::ManagerReview(e, id, b); }),
       .tag = "lifecycle", .summary = "The manager's rating of a direct report; submit moves it to HR calibration",
       .roles = kStaff,
       .request_schema = Obj({{"manager_rating", number}, {"manager_comment", str}, {"goals", {{"type", "array"}}},
                              {"submit", boolean}, {"version", integer}},
                             {"version"}),
       .response_schema = review});
  add({.method = "POST", .pattern = "/api/v1/performance/reviews/{id}/finalize",
       .handler = json_route(hr, true, true, true, 200, [](org::Env& e, int64_t id, const json& b) { return lifecycle::FinalizeReview(e, id, b); }),
       .tag = "lifecycle",
       .summary = "HR calibration: the final rating (default: the manager's) stored per period for analytics",
       .roles = kHr, .request_schema = Obj({{"rating", number}, {"note", str}, {"version", integer}}, {"version"}),
       .response_schema = review});

  const json prob_settings = Obj({{"probation_review_days", integer}, {"version", integer}, {"updated_at", {{"type", {"string", "null"}}}}});
  add({.method = "GET", .pattern = "/api/v1/performance/probation-settings",
       .handler = json_route(hr, false, false, false, 200, [](org::Env& e, int64_t, const json&) { return lifecycle::ProbationSettings(e); }),
       .tag = "lifecycle", .summary = "Days before a probation end when its review opens automatically (default 14)",
       .roles = kHr, .response_schema = prob_settings});
  add({.method = "PUT", .pattern = "/api/v1/performance/probation-settings",
       .handler = json_route(hr, true, false, true, 200, [](org::Env& e, int64_t, const json& b) { return lifecycle::UpdateProbationSettings(e, b); }),
       .tag = "lifecycle", .summary = "Set the days before a probation end when its review opens (send version)", .roles = kHr,
       .request_schema = Obj({{"probation_review_days", integer}, {"version", integer}}, {"probation_review_days", "version"}),
       .response_schema = prob_settings});
  add({.method = "PUT", .pattern = "/api/v1/performance/employees/{id}/probation-end",
       .handler = json_route(hr, true, true, true, 200, [](org::Env& e, int64_t id, const json& b) { return lifecycle::SetProbationEnd(e, id, b); }),
       .tag = "lifecycle", .summary = "Record an employee's probation end (hires made outside onboarding, corrections)",
       .roles = kHr, .request_schema = Obj({{"probation_end", {{"type", {"string", "null"}}, {"format", "date"}}}}, {"probation_end"}),
       .response_schema = Obj({{"employee_id", integer}, {"probation_end", {{"type", {"string", "null"}}}}})});
  add({.method = "POST", .pattern = "/api/v1/performance/probation-reviews/open",
       .handler = json_route(hr, true, false, true, 200, [](org::Env& e, int64_t, const json& b) { return lifecycle::OpenProbationReviewsNow(e, b); }),
       .tag = "lifecycle",
       .summary = "Open the probation reviews due now (also run daily): probation ending within the set days, none opened yet",
       .roles = kHr, .request_schema = Obj({{"as_of", date}, {"days_ahead", integer}}),
       .response_schema = Obj({{"as_of", date}, {"days_ahead", integer}, {"until", date}, {"opened", {{"type", "array"}}}})});

  add({.method = "GET", .pattern = "/api/v1/performance/employees/{id}/final-ratings",
       .handler = json_route(staff, false, true, false, 200, [](org::Env& e, int64_t id, const json&) { return lifecycle::FinalRatings(e, id); }),
       .tag = "lifecycle", .summary = "An employee's final ratings per period (HR, the employee, their manager)",
       .roles = kStaff, .response_schema = any});

  // ---- training --------------------------------------------------------------------------------------------------
  add({.method = "GET", .pattern = "/api/v1/training/courses",
       .handler = json_route(staff, false, false, false, 200, [](org::Env& e, int64_t, const json&) { return lifecycle::ListCourses(e); }),
       .tag = "lifecycle", .summary = "Training courses with their sessions", .roles = kStaff, .response_schema = any});
  add({.method = "POST", .pattern = "/api/v1/training/courses",
       .handler = json_route(hr, true, false, true, 201, [](org::Env& e, int64_t, const json& b) { return lifecycle::CreateCourse(e, b); }),
       .tag = "lifecycle", .summary = "Create a course", .roles = kHr,
       .request_schema = Obj({{"title", str}, {"description", str}, {"provider", str}, {"hours", number}}, {"title"}),
       .response_schema = any, .success_status = 201});
  add({.method = "POST", .pattern = "/api/v1/training/courses/{id}/sessions",
       .handler = json_route(hr, true, true, true, 201, [](org::Env& e, int64_t id, const json& b) { return lifecycle::CreateSession(e, id, b); }),
       .tag = "lifecycle", .summary = "Schedule a session of a course", .roles = kHr,
       .request_schema = Obj({{"session_date", date}, {"location", str}, {"capacity", integer}}, {"session_date"}),
       .response_schema = any, .success_status = 201});
  add({.method = "GET", .pattern = "/api/v1/training/sessions/{id}",
       .handler = json_route(hr, false, true, false, 200, [](org::Env& e, int64_t id, const json&) { return lifecycle::GetSession(e, id); }),
       .tag = "lifecycle", .summary = "A session with its enrolments, attendance and results", .roles = kHr, .response_schema = any});
  add({.method = "POST", .pattern = "/api/v1/training/sessions/{id}/enrollments",
       .handler = json_route(hr, true, true, true, 200, [](org::Env& e, int64_t id, const json& b) { return lifecycle::Enroll(e, id, b); }),
       .tag = "lifecycle", .summary = "Enrol employees (409 when the session is full)", .roles = kHr,
       .request_schema = Obj({{"employee_ids", {{"type", "array"}, {"items", integer}}}}, {"employee_ids"}), .response_schema = any});
  add({.method = "PATCH", .pattern = "/api/v1/training/enrollments/{id}",
       .handler = json_route(hr, true, true, true, 200, [](org::Env& e, int64_t id, const json& b) { return lifecycle::RecordResult(e, id, b); }),
       .tag = "lifecycle", .summary = "Record attendance and the result of an enrolment (send version)", .roles = kHr,
       .request_schema = Obj({{"attended", boolean}, {"score", number}, {"passed", boolean}, {"version", integer}}, {"version"}),
       .response_schema = any});
  add({.method = "GET", .pattern = "/api/v1/me/training",
       .handler = json_route(staff, false, false, false, 200, [](org::Env& e, int64_t, const json&) { return lifecycle::MyTraining(e); }),
       .tag = "lifecycle", .summary = "My training sessions and results", .roles = kStaff, .response_schema = any});

  // ---- offboarding -----------------------------------------------------------------------------------------------
  const json offboarding = Obj({{"id", integer}, {"employee_id", integer}, {"kind", str}, {"reason", str}, {"last_day", date},
                                {"status", {{"type", "string"}, {"enum", {"open", "completed", "cancelled"}}}},
                                {"checklist", {{"type", "array"}}}, {"final_pay", {{"type", "object"}}},
                                {"exit_interview", {{"type", {"string", "null"}}}}, {"version", integer}});
  add({.method = "GET", .pattern = "/api/v1/offboarding",
       .handler = list_route(hr, false, [](org::Env& e, int64_t, const Request&, const org::Page& page) { return lifecycle::ListOffboardings(e, page); }),
       .tag = "lifecycle", .summary = "Offboardings, latest last day first", .roles = kHr, .response_schema = ListOfObjects(),
       .query_params = {{"limit", "1..500"}, {"offset", ">= 0"}}});
  add({.method = "POST", .pattern = "/api/v1/offboarding",
       .handler = json_route(hr, true, false, true, 201, [](org::Env& e, int64_t, const json& b) { return lifecycle::CreateOffboarding(e, b); }),
       .tag = "lifecycle",
       .summary = "Start an offboarding: reason, last day, checklist and the final pay (salary to the last day, unused "
                  "annual leave, severance N or 2N with the 3× and 12-year caps)",
       .roles = kHr,
       .request_schema = Obj({{"employee_id", integer},
                              {"kind", {{"type", "string"}, {"enum", {"resignation", "termination", "contract_end", "mutual"}}}},
                              {"reason", str}, {"last_day", date}, {"avg_monthly_wage_12m", {{"type", {"string", "number"}}}},
                              {"severance", Obj({{"kind", {{"type", "string"}, {"enum", {"none", "n", "2n"}}}},
                                                 {"local_prev_year_avg_monthly_wage", {{"type", {"string", "number"}}}},
                                                 {"local_min_wage", {{"type", {"string", "number"}}}}})},
                              {"checklist", {{"type", "array"}, {"items", str}}}},
                             {"employee_id", "kind", "reason", "last_day"}),
       .response_schema = offboarding, .success_status = 201});
  add({.method = "GET", .pattern = "/api/v1/offboarding/{id}",
       .handler = json_route(hr, false, true, false, 200, [](org::Env& e, int64_t id, const json&) { return lifecycle::GetOffboarding(e, id); }),
       .tag = "lifecycle", .summary = "An offboarding with its final pay and exit interview", .roles = kHr,
       .response_schema = offboarding});
  add({.method = "PATCH", .pattern = "/api/v1/offboarding/{id}",
       .handler = json_route(hr, true, true, true, 200, [](org::Env& e, int64_t id, const json& b) { return lifecycle::UpdateOffboarding(e, id, b); }),
       .tag = "lifecycle", .summary = "Tick the handover checklist, record the exit interview (encrypted); send version",
       .roles = kHr,
       .request_schema = Obj({{"checklist", {{"type", "array"}}}, {"exit_interview", str}, {"reason", str}, {"version", integer}},
                             {"version"}),
       .response_schema = offboarding});
  add({.method = "POST", .pattern = "/api/v1/offboarding/{id}/complete",
       .handler = json_route(hr, true, true, true, 200, [](org::Env& e, int64_t id, const json& b) { return lifecycle::CompleteOffboarding(e, id, b); }),
       .tag = "lifecycle",
       .summary = "Complete: the employee's status becomes left, their accounts are disabled and sessions and tokens revoked",
       .roles = kHr, .request_schema = version_body, .response_schema = offboarding});
  add({.method = "POST", .pattern = "/api/v1/offboarding/{id}/cancel",
       .handler = json_route(hr, true, true, true, 200, [](org::Env& e, int64_t id, const json& b) { return lifecycle::CancelOffboarding(e, id, b); }),
       .tag = "lifecycle", .summary = "Cancel an open offboarding (started by mistake or withdrawn); the record is kept",
       .roles = kHr, .request_schema = version_body, .response_schema = offboarding});
  add({.method = "POST", .pattern = "/api/v1/offboarding/complete-due",
       .handler = json_route(hr, true, false, false, 200, [](org::Env& e, int64_t, const json&) -> Result<json> {
         HF_ASSIGN(int n, lifecycle::CompleteDueOffboardings(e));
         return json{{"completed", n}};
       }),
       .tag = "lifecycle", .summary = "Complete every open offboarding whose last day has passed (also run daily)",
       .roles = kHr, .response_schema = Obj({{"completed", integer}})});
}

}  // namespace http
