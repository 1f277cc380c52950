// Hiring routes: decisions, offers, background checks, onboarding and the new hire's links.
// Candidate routes (/api/v1/offer-links/{token}, /api/v1/onboarding-links/{token}) are public: the
// token is the key and reaches one offer or onboarding only.
#include <cstdlib>
#include <memory>

#include "hiring/hiring.h"
#include "http/api.h"
#include "http/route_kit.h"
#include "recruiting/recruiting.h"

namespace http {

using core::Error;
using core::Result;
using nlohmann::json;

namespace {

using kit::Ref;
json Obj() { return {{"type", "object"}}; }

// Test hook (HIREFLOW_TEST_HIRING_DAYS_AHEAD=N): hiring sees the clock N days ahead, so that tests
// of expiry and contract deadlines need no sleeping. Never set in production.
class ShiftedClock final : public core::Clock {
 public:
  ShiftedClock(const core::Clock& base, int days) : base_(base), shift_(std::chrono::hours(24 * days)) {}
  core::Instant Now() const override { return base_.Now() + shift_; }

 private:
  const core::Clock& base_;
  std::chrono::milliseconds shift_;
};

}  // namespace

void Api::AddHiringRoutes() {
  const char* ahead = std::getenv("HIREFLOW_TEST_HIRING_DAYS_AHEAD");
  // The routes share a copy of the deps whose clock is the (possibly shifted) one; both live as long
  // as the last route holding them.
  struct Shared {
    Shared(const ApiDeps& base, int days)
        : clock(base.clock, days),
          deps{base.db, clock, base.cipher, base.web_dir, base.secure_cookies, base.queue, base.files, base.interview} {}
    ShiftedClock clock;  // declared before deps, which refers to it
    ApiDeps deps;
  };
  auto shared = std::make_shared<Shared>(deps_, ahead ? std::atoi(ahead) : 0);
  std::shared_ptr<ApiDeps> dd(shared, &shared->deps);
  ApiDeps& d = *dd;
  auto hd = std::make_shared<hiring::Deps>(hiring::DepsFromEnv(*d.files, d.interview->public_url, d.interview->mailer));
  auto staff = [dd](kit::Gate gate, bool write, const char* id_name, bool has_body, int status, kit::JsonFn fn) {
    return kit::JsonRoute(*dd, gate, write, id_name, has_body, status, std::move(fn));
  };
  auto list = [dd](kit::Gate gate, kit::ListFn fn) { return kit::ListRoute(*dd, gate, nullptr, std::move(fn)); };
  // Candidate routes: the token from the path, a write transaction (expiry is checked on read).
  auto link = [dd](bool has_body, std::function<Result<json>(store::Tx&, const std::string&, const json&, Request&)> fn) {
    return [dd, fn, has_body](Request& req, Context&) -> Result<Response> {
      std::string token = req.params["token"];
      json body = json::object();
      if (has_body) {
        HF_ASSIGN(body, req.JsonBody());
      }
      HF_ASSIGN(auto tx, dd->db.Begin(true));
      HF_ASSIGN(json j, fn(*tx, token, body, req));
      HF_TRY(tx->Commit());
      Response r = Response::Json(j);
      r.headers.emplace_back("Cache-Control", "no-store");
      r.headers.emplace_back("Referrer-Policy", "no-referrer");
      return r;
    };
  };
  auto pdf = [](std::string bytes) {
    Response r;
    r.content_type = "application/pdf";
    r.body = std::move(bytes);
    r.headers.emplace_back("Cache-Control", "no-store");
    r.headers.emplace_back("Content-Disposition", "inline; filename=\"offer.pdf\"");
    return r;
  };
  const kit::Gate staff_gate = hiring::RequireHiringStaff;
  const kit::Gate hr = hiring::RequireHr;
  const kit::Gate admin = org::RequireAdmin;
  const std::vector<std::string> kStaff = {"admin", "hr", "hiring_manager"};
  const std::vector<std::string> kHr = {"admin", "hr"};
  auto add = [this](Route r) { router_.Add(std::move(r)); };
  const json terms = {{"type", "object"},
                      {"properties",
                       {{"template_id", {{"type", "integer"}}}, {"language", {{"type", "string"}, {"enum", {"zh-CN", "en"}}}},
                        {"position", {{"type", "string"}}}, {"start_date", {{"type", "string"}, {"format", "date"}}},
                        {"probation_months", {{"type", "integer"}}}, {"monthly_salary", {{"type", {"string", "number"}}}},
                        {"probation_salary", {{"type", {"string", "number"}}}}, {"bonus", {{"type", "string"}}},
                        {"benefits", {{"type", "string"}}}, {"work_location", {{"type", "string"}}}, {"city", {{"type", "string"}}},
                        {"expires_on", {{"type", "string"}, {"format", "date"}}},
                        {"contract_type", {{"type", "string"}, {"enum", {"fixed", "open_ended", "task"}}}},
                        {"contract_term_months", {{"type", "integer"}}}, {"grade_id", {{"type", "integer"}}},
                        {"manager_id", {{"type", "integer"}}}, {"note", {{"type", "string"}}}, {"version", {{"type", "integer"}}},
                        {"kind", {{"type", "string"}, {"enum", {"revision", "counter"}}}}}}};

  // ---- settings, decisions, approvals ------------------------------------------------------------
  add({.method = "GET", .pattern = "/api/v1/hiring/settings",
       .handler = staff(staff_gate, false, nullptr, false, 200, [](org::Env& e, int64_t, const json&) { return hiring::GetSettings(e); }),
       .tag = "hiring", .summary = "Hiring policy: approval steps, offer validity, background checks, onboarding checklist template",
       .roles = kStaff, .response_schema = Obj()});
  add({.method = "PUT", .pattern = "/api/v1/hiring/settings",
       .handler = staff(admin, true, nullptr, true, 200, [](org::Env& e, int64_t, const json& b) { return hiring::UpdateSettings(e, b); }),
       .tag = "hiring", .summary = "Change the hiring policy (send version)", .roles = {"admin"}, .request_schema = Obj(),
       .response_schema = Obj()});
  add({.method = "GET", .pattern = "/api/v1/applications/{id}/decision",
       .handler = staff(staff_gate, false, "id", false, 200, [](org::Env& e, int64_t id, const json&) { return hiring::GetDecision(e, id); }),
       .tag = "hiring", .summary = "Decisions on an application with their approval steps, and its offer", .roles = kStaff,
       .response_schema = Obj()});
  add({.method = "POST", .pattern = "/api/v1/applications/{id}/decision",
       .handler = staff(staff_gate, true, "id", true, 201, [](org::Env& e, int64_t id, const json& b) { return hiring::Decide(e, id, b); }),
       .tag = "hiring", .summary = "Decide: hire (through the approval steps), reject or hold, with a reason", .roles = kStaff,
       .request_schema = {{"type", "object"}, {"required", {"decision", "reason"}},
                          {"properties", {{"decision", {{"type", "string"}, {"enum", {"hire", "reject", "hold"}}}}, {"reason", {{"type", "string"}}}}}},
       .response_schema = Obj(), .success_status = 201});
  add({.method = "PUT", .pattern = "/api/v1/applications/{id}/expected-salary",
       .handler = staff(hr, true, "id", true, 200, [](org::Env& e, int64_t id, const json& b) { return hiring::SetExpectedSalary(e, id, b); }),
       .tag = "hiring", .summary = "Record the candidate's expected monthly salary (offer pricing compares it with the market)", .roles = kHr,
       .request_schema = {{"type", "object"}, {"required", {"expected_monthly_salary"}},
                          {"properties", {{"expected_monthly_salary", {{"type", {"string", "number", "null"}}}}}}},
       .response_schema = Obj()});
  add({.method = "GET", .pattern = "/api/v1/hiring-approvals",
       .handler = staff(hr, false, nullptr, false, 200, [](org::Env& e, int64_t, const json&) { return hiring::ListApprovals(e); }),
       .tag = "hiring", .summary = "Approval steps waiting for the caller's role", .roles = kHr, .response_schema = Obj()});
  add({.method = "POST", .pattern = "/api/v1/hiring-approvals/{id}",
       .handler = staff(hr, true, "id", true, 200, [](org::Env& e, int64_t id, const json& b) { return hiring::ActOnApproval(e, id, b); }),
       .tag = "hiring", .summary = "Approve or refuse (with a comment) an approval step", .roles = kHr,
       .request_schema = {{"type", "object"}, {"required", {"approve"}},
                          {"properties", {{"approve", {{"type", "boolean"}}}, {"comment", {{"type", "string"}}}}}},
       .response_schema = Obj()});

  // ---- offer templates and offers ---------------------------------------------------------------
  add({.method = "GET", .pattern = "/api/v1/offer-templates",
       .handler = staff(staff_gate, true, nullptr, false, 200, [](org::Env& e, int64_t, const json&) { return hiring::ListTemplates(e); }),
       .tag = "hiring", .summary = "Offer templates (zh-CN and en) and their variables", .roles = kStaff, .response_schema = Obj()});
  const json tpl = {{"type", "object"},
                    {"properties", {{"name", {{"type", "string"}}}, {"language", {{"type", "string"}}}, {"subject", {{"type", "string"}}},
                                    {"body", {{"type", "string"}}}, {"version", {{"type", "integer"}}}}}};
  add({.method = "POST", .pattern = "/api/v1/offer-templates",
       .handler = staff(hr, true, nullptr, true, 201, [](org::Env& e, int64_t, const json& b) { return hiring::CreateTemplate(e, b); }),
       .tag = "hiring", .summary = "Add an offer template", .roles = kHr, .request_schema = tpl, .response_schema = Obj(), .success_status = 201});
  add({.method = "PATCH", .pattern = "/api/v1/offer-templates/{id}",
       .handler = staff(hr, true, "id", true, 200, [](org::Env& e, int64_t id, const json& b) { return hiring::UpdateTemplate(e, id, b); }),
       .tag = "hiring", .summary = "Edit an offer template (send version)", .roles = kHr, .request_schema = tpl, .response_schema = Obj()});
  add({.method = "POST", .pattern = "/api/v1/applications/{id}/offer",
       .handler = staff(staff_gate, true, "id", true, 201, [](org::Env& e, int64_t id, const json& b) { return hiring::CreateOffer(e, id, b); }),
       .tag = "hiring", .summary = "Draft the offer (version 1): band check and approval steps", .roles = kStaff, .request_schema = terms,
       .response_schema = Obj(), .success_status = 201});
  add({.method = "GET", .pattern = "/api/v1/offers",
       .handler = list(staff_gate, [](org::Env& e, int64_t, const Request& r, const org::Page& p) { return hiring::ListOffers(e, r.Query("status"), p); }),
       .tag = "hiring", .summary = "Offers (scoped like the plans)", .roles = kStaff, .response_schema = Obj(),
       .query_params = {{"status", "draft, pending_approval, approved, sent, countered, accepted, declined, expired, withdrawn"}}});
  add({.method = "GET", .pattern = "/api/v1/offers/{id}",
       .handler = staff(staff_gate, true, "id", false, 200, [](org::Env& e, int64_t id, const json&) { return hiring::GetOffer(e, id); }),
       .tag = "hiring", .summary = "The offer with every version, approvals, HTML, check and onboarding", .roles = kStaff,
       .response_schema = Obj()});
  add({.method = "POST", .pattern = "/api/v1/offers/{id}/revise",
       .handler = staff(staff_gate, true, "id", true, 200, [](org::Env& e, int64_t id, const json& b) { return hiring::ReviseOffer(e, id, b); }),
       .tag = "hiring", .summary = "A new version (revision or counter-offer); a sent link stops working", .roles = kStaff,
       .request_schema = terms, .response_schema = Obj()});
  add({.method = "POST", .pattern = "/api/v1/offers/{id}/send",
       .handler = staff(staff_gate, true, "id", false, 200, [hd](org::Env& e, int64_t id, const json&) { return hiring::SendOffer(e, *hd, id); }),
       .tag = "hiring", .summary = "Send the approved offer: e-mail with the PDF; the link is returned once", .roles = kStaff,
       .response_schema = Obj()});
  add({.method = "GET", .pattern = "/api/v1/offers/{id}/pdf",
       .handler = [dd, pdf](Request& req, Context& ctx) -> Result<Response> {
         HF_TRY(hiring::RequireHiringStaff(ctx.who()));
         HF_ASSIGN(int64_t id, req.IdParam());
         return kit::WithEnv(*dd, req, ctx, false, [&](org::Env& env) -> Result<Response> {
           HF_ASSIGN(std::string bytes, hiring::OfferPdf(env, id));
           return pdf(std::move(bytes));
         });
       },
       .tag = "hiring", .summary = "The offer letter as PDF", .roles = kStaff});

  // ---- candidate offer link ---------------------------------------------------------------------
  const std::string ob = "/api/v1/offer-links/{token}";
  add({.method = "GET", .pattern = ob, .access = Access::kPublic,
       .handler = link(false, [dd](store::Tx& tx, const std::string& t, const json&, Request&) { return hiring::OpenOfferLink(tx, dd->clock, t); }),
       .tag = "hiring-candidate", .summary = "The candidate's offer (marks it expired after its last day)", .roles = {"public"},
       .response_schema = Obj()});
  add({.method = "GET", .pattern = ob + "/pdf", .access = Access::kPublic,
       .handler = [dd, pdf](Request& req, Context&) -> Result<Response> {
         HF_ASSIGN(auto tx, dd->db.Begin(true));
         HF_ASSIGN(std::string bytes, hiring::OfferLinkPdf(*tx, dd->clock, req.params["token"]));
         HF_TRY(tx->Commit());
         return pdf(std::move(bytes));
       },
       .tag = "hiring-candidate", .summary = "The candidate's offer as PDF", .roles = {"public"}});
  add({.method = "POST", .pattern = ob + "/accept", .access = Access::kPublic,
       .handler = link(true, [dd, hd](store::Tx& tx, const std::string& t, const json& b, Request&) {
         return hiring::AcceptOffer(tx, dd->clock, *hd, t, b);
       }),
       .tag = "hiring-candidate", .summary = "Accept (with or without consent to the background check)", .roles = {"public"},
       .request_schema = {{"type", "object"}, {"properties", {{"background_check_consent", {{"type", "boolean"}}}}}},
       .response_schema = Obj()});
  add({.method = "POST", .pattern = ob + "/decline", .access = Access::kPublic,
       .handler = link(true, [dd](store::Tx& tx, const std::string& t, const json& b, Request&) { return hiring::DeclineOffer(tx, dd->clock, t, b); }),
       .tag = "hiring-candidate", .summary = "Decline with a reason", .roles = {"public"},
       .request_schema = {{"type", "object"}, {"required", {"reason"}}, {"properties", {{"reason", {{"type", "string"}}}}}},
       .response_schema = Obj()});
  add({.method = "POST", .pattern = ob + "/counter", .access = Access::kPublic,
       .handler = link(true, [dd](store::Tx& tx, const std::string& t, const json& b, Request&) { return hiring::CounterOffer(tx, dd->clock, t, b); }),
       .tag = "hiring-candidate", .summary = "Counter-offer (reason and the monthly salary asked for)", .roles = {"public"},
       .request_schema = {{"type", "object"}, {"required", {"reason", "monthly_salary"}},
                          {"properties", {{"reason", {{"type", "string"}}}, {"monthly_salary", {{"type", {"string", "number"}}}}}}},
       .response_schema = Obj()});
  add({.method = "POST", .pattern = ob + "/consent", .access = Access::kPublic,
       .handler = link(true, [dd, hd](store::Tx& tx, const std::string& t, const json& b, Request&) {
         return hiring::ConsentToCheck(tx, dd->clock, *hd, t, b);
       }),
       .tag = "hiring-candidate", .summary = "Consent to the background check after accepting", .roles = {"public"},
       .request_schema = {{"type", "object"}, {"properties", {{"consent", {{"type", "boolean"}}}}}}, .response_schema = Obj()});

  // ---- background checks ------------------------------------------------------------------------
  add({.method = "GET", .pattern = "/api/v1/background-checks",
       .handler = list(hr, [](org::Env& e, int64_t, const Request& r, const org::Page& p) { return hiring::ListChecks(e, r.Query("status"), p); }),
       .tag = "hiring", .summary = "Background checks (board)", .roles = kHr, .response_schema = Obj(),
       .query_params = {{"status", "awaiting_consent, in_progress, needs_decision, passed, cleared, withdrawn"}}});
  add({.method = "GET", .pattern = "/api/v1/background-checks/{id}",
       .handler = staff(hr, false, "id", false, 200, [](org::Env& e, int64_t id, const json&) { return hiring::GetCheck(e, id); }),
       .tag = "hiring", .summary = "A background check with its items and evidence", .roles = kHr, .response_schema = Obj()});
  add({.method = "PATCH", .pattern = "/api/v1/background-check-items/{id}",
       .handler = staff(hr, true, "id", true, 200,
                        [hd](org::Env& e, int64_t id, const json& b) { return hiring::UpdateCheckItem(e, *hd, id, b); }),
       .tag = "hiring", .summary = "Record an item's result (passed, failed with a note)", .roles = kHr,
       .request_schema = {{"type", "object"}, {"required", {"status", "version"}},
                          {"properties", {{"status", {{"type", "string"}}}, {"result_note", {{"type", "string"}}}, {"version", {{"type", "integer"}}}}}},
       .response_schema = Obj()});
  add({.method = "POST", .pattern = "/api/v1/background-check-items/{id}/evidence",
       .handler = [dd](Request& req, Context& ctx) -> Result<Response> {
         HF_TRY(hiring::RequireHr(ctx.who()));
         HF_ASSIGN(int64_t id, req.IdParam());
         std::string filename = req.Header("x-filename");
         return kit::WithEnv(*dd, req, ctx, true, [&](org::Env& env) -> Result<Response> {
           HF_ASSIGN(json j, hiring::AddEvidence(env, *dd->files, id, req.body_file, filename));
           return Response::Json(j, 201);
         });
       },
       .tag = "hiring", .summary = "Attach an evidence file (raw body, file name in X-Filename)", .roles = kHr,
       .request_content_type = "application/octet-stream", .response_schema = Obj(), .success_status = 201,
       .max_body = 20u << 20, .stream_to_file = true});
  add({.method = "POST", .pattern = "/api/v1/background-checks/{id}/decision",
       .handler = staff(hr, true, "id", true, 200, [hd](org::Env& e, int64_t id, const json& b) { return hiring::DecideCheck(e, *hd, id, b); }),
       .tag = "hiring", .summary = "After a failed check: proceed with onboarding or withdraw the offer", .roles = kHr,
       .request_schema = {{"type", "object"}, {"required", {"decision", "reason"}},
                          {"properties", {{"decision", {{"type", "string"}, {"enum", {"proceed", "withdraw"}}}}, {"reason", {{"type", "string"}}}}}},
       .response_schema = Obj()});
  add({.method = "POST", .pattern = "/api/v1/background-checks/{id}/provider",
       .handler = staff(hr, true, "id", false, 200, [hd](org::Env& e, int64_t id, const json&) { return hiring::SendCheckToProvider(e, *hd, id); }),
       .tag = "hiring", .summary = "Hand the open items to the HTTP background-check provider", .roles = kHr, .response_schema = Obj()});
  add({.method = "POST", .pattern = "/api/v1/background-check-callback", .access = Access::kPublic,
       .handler = [dd, hd](Request& req, Context&) -> Result<Response> {
         HF_ASSIGN(auto tx, dd->db.Begin(true));
         HF_ASSIGN(json j, hiring::ProviderCallback(*tx, dd->clock, *hd, req.Header("x-hireflow-timestamp"), req.Header("x-hireflow-signature"),
                                                     req.body));
         HF_TRY(tx->Commit());
         return Response::Json(j);
       },
       .tag = "hiring-candidate", .summary = "The provider's signed result (X-HireFlow-Timestamp, X-HireFlow-Signature)", .roles = {"public"},
       .request_schema = Obj(), .response_schema = Obj()});

  // ---- onboarding -------------------------------------------------------------------------------
  add({.method = "GET", .pattern = "/api/v1/onboardings",
       .handler = list(staff_gate, [](org::Env& e, int64_t, const Request& r, const org::Page& p) {
         return hiring::ListOnboardings(e, r.Query("status"), p);
       }),
       .tag = "hiring", .summary = "Onboardings by new hire with task progress", .roles = kStaff, .response_schema = Obj(),
       .query_params = {{"status", "active, paused, completed, cancelled"}}});
  add({.method = "GET", .pattern = "/api/v1/onboardings/{id}",
       .handler = staff(staff_gate, false, "id", false, 200, [](org::Env& e, int64_t id, const json&) { return hiring::GetOnboarding(e, id); }),
       .tag = "hiring", .summary = "An onboarding: tasks, form, contract, employee", .roles = kStaff, .response_schema = Obj()});
  add({.method = "POST", .pattern = "/api/v1/onboardings/{id}/link",
       .handler = staff(hr, true, "id", false, 200, [hd](org::Env& e, int64_t id, const json&) { return hiring::IssueFormLink(e, *hd, id); }),
       .tag = "hiring", .summary = "Re-issue the new hire's link (returned once; the old one stops working)", .roles = kHr,
       .response_schema = Obj()});
  add({.method = "GET", .pattern = "/api/v1/onboarding-tasks",
       .handler = list(staff_gate, [](org::Env& e, int64_t, const Request& r, const org::Page& p) {
         return hiring::ListTasks(e, r.Query("late").value_or("") == "true", r.Query("mine").value_or("") == "true", p);
       }),
       .tag = "hiring", .summary = "Onboarding tasks by due date (late=true: who is late; mine=true: the caller's)", .roles = kStaff,
       .response_schema = Obj(), .query_params = {{"late", "true: open tasks past due"}, {"mine", "true: the caller's tasks"}}});
  add({.method = "POST", .pattern = "/api/v1/onboarding-tasks/{id}/complete",
       .handler = staff(staff_gate, true, "id", true, 200, [](org::Env& e, int64_t id, const json& b) { return hiring::CompleteTask(e, id, b); }),
       .tag = "hiring", .summary = "Mark a task done (its owner role, or HR); the last required task creates the employee", .roles = kStaff,
       .request_schema = {{"type", "object"}, {"required", {"version"}}, {"properties", {{"version", {{"type", "integer"}}}, {"note", {{"type", "string"}}}}}},
       .response_schema = Obj()});

  // ---- new hire's link --------------------------------------------------------------------------
  const std::string nb = "/api/v1/onboarding-links/{token}";
  add({.method = "GET", .pattern = nb, .access = Access::kPublic,
       .handler = link(false, [dd](store::Tx& tx, const std::string& t, const json&, Request&) {
         return hiring::OpenFormLink(tx, dd->clock, dd->cipher, t);
       }),
       .tag = "hiring-candidate", .summary = "The new hire's page: known details, form, own tasks", .roles = {"public"}, .response_schema = Obj()});
  add({.method = "PUT", .pattern = nb + "/form", .access = Access::kPublic,
       .handler = link(true, [dd](store::Tx& tx, const std::string& t, const json& b, Request&) {
         return hiring::SubmitForm(tx, dd->clock, dd->cipher, t, b);
       }),
       .tag = "hiring-candidate", .summary = "Submit the new hire form (ID number and bank account encrypted at rest)", .roles = {"public"},
       .request_schema = Obj(), .response_schema = Obj()});
  add({.method = "GET", .pattern = nb + "/contract", .access = Access::kPublic,
       .handler = link(false, [dd](store::Tx& tx, const std::string& t, const json&, Request&) { return hiring::GetContract(tx, dd->clock, t); }),
       .tag = "hiring-candidate", .summary = "The labour contract to sign", .roles = {"public"}, .response_schema = Obj()});
  add({.method = "POST", .pattern = nb + "/contract/sign", .access = Access::kPublic,
       .handler = link(true, [dd](store::Tx& tx, const std::string& t, const json& b, Request& req) {
         return hiring::SignContract(tx, dd->clock, dd->cipher, t, b, req.remote_ip);
       }),
       .tag = "hiring-candidate", .summary = "Sign the contract by typing the full name (click to sign)", .roles = {"public"},
       .request_schema = {{"type", "object"}, {"required", {"full_name", "agree"}},
                          {"properties", {{"full_name", {{"type", "string"}}}, {"agree", {{"type", "boolean"}}}}}},
       .response_schema = Obj()});

  // ---- employees' labour contracts (renewal) ----------------------------------------------------
  add({.method = "GET", .pattern = "/api/v1/labour-contracts",
       .handler = list(hr, [](org::Env& e, int64_t, const Request& r, const org::Page& p) -> Result<org::ListResult> {
         std::optional<int64_t> employee;
         if (auto v = r.Query("employee_id"); v && !v->empty()) {
           try {
             employee = std::stoll(*v);
           } catch (...) {
             return Error::Invalid("employee_id", "employee_id is a number");
           }
         }
         return hiring::ListContracts(e, employee, r.Query("current").value_or("") == "true", p);
       }),
       .tag = "hiring", .summary = "Employees' labour contracts (chain of renewals), newest first per employee", .roles = kHr,
       .response_schema = Obj(),
       .query_params = {{"employee_id", "one employee's contracts"}, {"current", "true: only contracts not yet renewed"}}});
  add({.method = "POST", .pattern = "/api/v1/labour-contracts/{id}/renew",
       .handler = staff(hr, true, "id", true, 201, [](org::Env& e, int64_t id, const json& b) { return hiring::RenewContract(e, id, b); }),
       .tag = "hiring", .summary = "Renew an employee's current contract (new fixed term or open-ended), linked to the previous one",
       .roles = kHr,
       .request_schema = {{"type", "object"}, {"required", {"contract_type", "version"}},
                          {"properties", {{"contract_type", {{"type", "string"}, {"enum", {"fixed", "open_ended"}}}},
                                          {"term_months", {{"type", "integer"}}}, {"start_date", {{"type", "string"}, {"format", "date"}}},
                                          {"monthly_salary", {{"type", {"string", "number"}}}},
                                          {"language", {{"type", "string"}, {"enum", {"zh-CN", "en"}}}}, {"note", {{"type", "string"}}},
                                          {"version", {{"type", "integer"}}}}}},
       .response_schema = Obj(), .success_status = 201});

  // Existing contracts of employees hired outside onboarding (e.g. imported), so that the alerts and
  // renewals see them.
  json contract_in = {{"type", "object"}, {"required", {"employee_id", "contract_type", "start_date", "signed_on"}},
                      {"properties", {{"employee_id", {{"type", "integer"}}}, {"contract_type", {{"type", "string"}, {"enum", {"fixed", "open_ended"}}}},
                                      {"start_date", {{"type", "string"}, {"format", "date"}}},
                                      {"end_date", {{"type", {"string", "null"}}, {"format", "date"}, {"description", "fixed terms: required, after start_date"}}},
                                      {"probation_end", {{"type", {"string", "null"}}, {"format", "date"}}},
                                      {"signed_on", {{"type", "string"}, {"format", "date"}}},
                                      {"monthly_salary", {{"type", {"string", "number", "null"}}, {"description", "default: the compensation record"}}},
                                      {"probation_salary", {{"type", {"string", "number", "null"}}}},
                                      {"city", {{"type", {"string", "null"}}}},
                                      {"fixed_term_sequence", {{"type", {"integer", "null"}}, {"description", "first contract on record only"}}},
                                      {"note", {{"type", {"string", "null"}}}}}}};
  add({.method = "POST", .pattern = "/api/v1/labour-contracts",
       .handler = staff(hr, true, nullptr, true, 201, [](org::Env& e, int64_t, const json& b) { return hiring::RecordContract(e, b); }),
       .tag = "hiring",
       .summary = "Record an employee's existing signed contract (hired outside onboarding); lawful probation, no overlap; "
                  "a newer contract supersedes the previous one",
       .roles = kHr, .request_schema = contract_in, .response_schema = Obj(), .success_status = 201});
  add({.method = "POST", .pattern = "/api/v1/labour-contracts/import",
       .handler = [dd](Request& req, Context& ctx) -> Result<Response> {
         HF_TRY(hiring::RequireHr(ctx.who()));
         auto [dry_run, skip] = kit::ImportFlagsOf(req);
         std::string csv = kit::ReadBodyFile(req);
         // Rows are recorded as they are checked (a later row sees the earlier ones of the same
         // employee); only a real, accepted import commits.
         HF_ASSIGN(auto tx, dd->db.Begin(true));
         org::Env env{*tx, ctx.who(), dd->clock, req.request_id, &dd->cipher};
         HF_ASSIGN(json report, hiring::ImportContractsCsv(env, csv, dry_run, skip));
         if (!dry_run && !report.value("refused", false)) HF_TRY(tx->Commit());
         return kit::ImportResponse(req, report);
       },
       .tag = "hiring",
       .summary = "Import existing contracts from CSV (employee_no, contract_type, start_date, end_date, probation_end, signed_on, "
                  "monthly_salary, probation_salary, city, fixed_term_sequence, note); dry run by default",
       .roles = kHr, .request_schema = {{"type", "string"}}, .request_content_type = "text/csv",
       .response_schema = {{"type", "object"}, {"properties", {{"dry_run", {{"type", "boolean"}}}, {"total_rows", {{"type", "integer"}}},
                                                              {"valid_rows", {{"type", "integer"}}}, {"imported", {{"type", "integer"}}},
                                                              {"refused", {{"type", "boolean"}}}, {"problems", {{"type", "array"}}}}}},
       .query_params = {{"dry_run", "true (default) or false"}, {"skip_invalid", "false (default) or true"}},
       .max_body = 16u << 20, .stream_to_file = true});

  // ---- labour-law alerts ------------------------------------------------------------------------
  add({.method = "GET", .pattern = "/api/v1/hiring-alerts",
       .handler = list(hr, [](org::Env& e, int64_t, const Request& r, const org::Page& p) { return hiring::ListAlerts(e, r.Query("status"), p); }),
       .tag = "hiring", .summary = "Labour-law alerts (contracts, probation, open-ended due)", .roles = kHr,
       .response_schema = Obj(), .query_params = {{"status", "open or resolved"}}});
  add({.method = "POST", .pattern = "/api/v1/hiring-alerts/scan",
       .handler = staff(hr, true, nullptr, false, 200, [](org::Env& e, int64_t, const json&) -> Result<json> {
         return hiring::ScanAlerts(e.tx, e.clock);
       }),
       .tag = "hiring", .summary = "Run the daily labour-law scan now", .roles = kHr, .response_schema = Obj()});
}

}  // namespace http
