// Foundation routes: health, auth, company, departments/positions/grades, employees (+ CSV
// import), users, audit, notifications, OpenAPI. Each handler applies its resource's policy
// through the domain call (org::Require*, org::VisibleDepartments) and never trusts the client.
#include <fstream>
#include <set>
#include <sstream>

#include "auth/auth.h"
#include "http/api.h"
#include "http/route_kit.h"
#include "org/org.h"

namespace http {

using core::Error;
using core::Result;
using nlohmann::json;

namespace {

using kit::ListOf;
using kit::Ref;

std::string CookieAttrs(bool secure) { return std::string("; Path=/; SameSite=Lax") + (secure ? "; Secure" : ""); }

using kit::OptIdQuery;

// Applies a change to a user record at the version the client saw (optimistic), with its audit
// entry, and answers the new record.
Result<Response> SaveUser(ApiDeps& d, const Request& req, const Context& ctx, int64_t id, const json& body,
                          const auth::UserPatch& p) {
  if (!body.contains("version") || !body["version"].is_number_integer())
    return Error::Invalid("version", "the record's current version is required (optimistic locking)");
  HF_ASSIGN(auto tx, d.db.Begin(true));
  HF_ASSIGN(auth::User before, auth::GetUser(*tx, id));
  HF_ASSIGN(auth::User u, auth::UpdateUser(*tx, id, body["version"].get<int64_t>(), p, d.clock));
  HF_TRY(auth::AppendAudit(*tx, &ctx.who(), {"update", "user", std::to_string(id), before.ToJson(), u.ToJson()}, req.request_id, d.clock));
  HF_TRY(tx->Commit());
  return Response::Json(u.ToJson());
}

}  // namespace

void Api::AddFoundationRoutes() {
  ApiDeps& d = deps_;
  // Runs fn in a transaction with an org::Env; commits when `write` and fn succeeded.
  auto with_env = [&d](Request& req, Context& ctx, bool write, const kit::EnvFn& fn) { return kit::WithEnv(d, req, ctx, write, fn); };
  const std::vector<std::string> kStaff = {"admin", "hr", "hiring_manager", "interviewer", "employee"};
  const std::vector<std::string> kHr = {"admin", "hr"};
  const std::vector<std::string> kAdmin = {"admin"};
  auto add = [this](Route r) { router_.Add(std::move(r)); };

  // ---- health --------------------------------------------------------------------------------
  add({.method = "GET", .pattern = "/healthz", .access = Access::kPublic,
       .handler = [](Request&, Context&) -> Result<Response> { return Response::Json({{"status", "ok"}}); },
       .tag = "health", .summary = "Liveness: the process is serving",
       .response_schema = {{"type", "object"}, {"properties", {{"status", {{"type", "string"}}}}}}});
  add({.method = "GET", .pattern = "/readyz", .access = Access::kPublic,
       .handler = [&d](Request&, Context&) -> Result<Response> {
         auto s = d.db.Ping();
         if (!s.ok()) return Error::Unavailable("database unreachable: " + s.error().message);
         return Response::Json({{"status", "ready"}, {"database", d.db.backend() == store::Backend::kSqlite ? "sqlite" : "postgresql"}});
       },
       .tag = "health", .summary = "Readiness: the database answers (503 otherwise)",
       .response_schema = {{"type", "object"}, {"properties", {{"status", {{"type", "string"}}}, {"database", {{"type", "string"}}}}}}});
  add({.method = "GET", .pattern = "/api/v1/openapi.json", .access = Access::kPublic,
       .handler = [this](Request&, Context&) -> Result<Response> { return Response::Json(OpenApi()); },
       .tag = "meta", .summary = "This OpenAPI 3.1 document", .response_schema = {{"type", "object"}}});

  // ---- auth ------------------------------------------------------------------------------------
  add({.method = "POST", .pattern = "/api/v1/auth/login", .access = Access::kPublic,
       .handler = [&d](Request& req, Context&) -> Result<Response> {
         HF_ASSIGN(json body, req.JsonBody());
         if (!body.contains("username") || !body["username"].is_string()) return Error::Invalid("username", "username is required");
         if (!body.contains("password") || !body["password"].is_string()) return Error::Invalid("password", "password is required");
         HF_ASSIGN(auth::LoginResult lr, auth::Login(d.db, body["username"].get<std::string>(), body["password"].get<std::string>(),
                                                     req.remote_ip, d.clock));
         Response r = Response::Json({{"user", lr.user.ToJson()}, {"csrf_token", lr.csrf_token}});
         r.headers.emplace_back("Set-Cookie", "hf_session=" + lr.session_token + CookieAttrs(d.secure_cookies) + "; HttpOnly; Max-Age=43200");
         r.headers.emplace_back("Set-Cookie", "hf_csrf=" + lr.csrf_token + CookieAttrs(d.secure_cookies) + "; Max-Age=43200");
         return r;
       },
       .tag = "auth", .summary = "Sign in with username and password; sets the session cookie",
       .request_schema = {{"type", "object"}, {"required", {"username", "password"}},
                          {"properties", {{"username", {{"type", "string"}}}, {"password", {{"type", "string"}}}}}},
       .response_schema = Ref("Session"), .max_body = 16 * 1024});
  add({.method = "POST", .pattern = "/api/v1/auth/logout",
       .handler = [&d](Request& req, Context&) -> Result<Response> {
         HF_ASSIGN(auto tx, d.db.Begin(true));
         HF_TRY(auth::Logout(*tx, req.Cookie("hf_session")));
         HF_TRY(tx->Commit());
         Response r = Response::NoContent();
         r.headers.emplace_back("Set-Cookie", "hf_session=" + CookieAttrs(d.secure_cookies) + "; HttpOnly; Max-Age=0");
         r.headers.emplace_back("Set-Cookie", "hf_csrf=" + CookieAttrs(d.secure_cookies) + "; Max-Age=0");
         return r;
       },
       .tag = "auth", .summary = "Sign out (ends the session)", .roles = kStaff, .success_status = 204});
  add({.method = "GET", .pattern = "/api/v1/auth/me",
       .handler = [&d](Request&, Context& ctx) -> Result<Response> {
         HF_ASSIGN(auto tx, d.db.Begin(false));
         HF_ASSIGN(auth::User u, auth::GetUser(*tx, ctx.who().user_id));
         return Response::Json({{"user", u.ToJson()}, {"csrf_token", ctx.csrf_token}});
       },
       .tag = "auth", .summary = "The signed-in user and the CSRF token", .roles = kStaff, .response_schema = Ref("Session")});
  add({.method = "PATCH", .pattern = "/api/v1/auth/me",
       .handler = [&d](Request& req, Context& ctx) -> Result<Response> {
         HF_ASSIGN(json body, req.JsonBody());
         HF_TRY(org::OnlyKeys(body, {"display_name", "locale", "version"}));
         auth::UserPatch p;  // only what a person may change about themselves
         HF_ASSIGN(p.display_name, org::OptText(body, "display_name", 100));
         if (p.display_name && p.display_name->empty()) return Error::Invalid("display_name", "display_name must not be empty");
         if (body.contains("locale")) {
           if (!body["locale"].is_string()) return Error::Invalid("locale", "locale must be zh-CN or en");
           p.locale = body["locale"].get<std::string>();
         }
         return SaveUser(d, req, ctx, ctx.who().user_id, body, p);
       },
       .tag = "auth",
       .summary = "Change your own display name or language (zh-CN, en: the language of your e-mails and notifications; send version)",
       .roles = kStaff,
       .request_schema = {{"type", "object"}, {"required", {"version"}},
                          {"properties", {{"display_name", {{"type", "string"}}}, {"locale", {{"type", "string"}, {"enum", {"zh-CN", "en"}}}},
                                          {"version", {{"type", "integer"}}}}}},
       .response_schema = Ref("User"), .max_body = 16 * 1024});
  add({.method = "GET", .pattern = "/api/v1/auth/tokens",
       .handler = [&d](Request&, Context& ctx) -> Result<Response> {
         HF_ASSIGN(auto tx, d.db.Begin(false));
         HF_ASSIGN(auto list, auth::ListApiTokens(*tx, ctx.who().user_id));
         json items = json::array();
         for (auto& t : list) items.push_back(t.ToJson());
         return Response::Json({{"items", items}});
       },
       .tag = "auth", .summary = "The caller's personal API tokens", .roles = kStaff,
       .response_schema = {{"type", "object"}, {"properties", {{"items", {{"type", "array"}, {"items", Ref("ApiToken")}}}}}}});
  add({.method = "POST", .pattern = "/api/v1/auth/tokens",
       .handler = [&d](Request& req, Context& ctx) -> Result<Response> {
         HF_ASSIGN(json body, req.JsonBody());
         std::string name = body.value("name", "");
         HF_ASSIGN(auto tx, d.db.Begin(true));
         HF_ASSIGN(auth::ApiToken t, auth::CreateApiToken(*tx, ctx.who().user_id, name, d.clock));
         HF_TRY(auth::AppendAudit(*tx, &ctx.who(), {"create", "api_token", std::to_string(t.id), nullptr, {{"name", name}}},
                                  req.request_id, d.clock));
         HF_TRY(tx->Commit());
         return Response::Json(t.ToJson(), 201);
       },
       .tag = "auth", .summary = "Create a personal API token (shown once)", .roles = kStaff,
       .request_schema = {{"type", "object"}, {"required", {"name"}}, {"properties", {{"name", {{"type", "string"}}}}}},
       .response_schema = Ref("ApiToken"), .success_status = 201});
  add({.method = "DELETE", .pattern = "/api/v1/auth/tokens/{id}",
       .handler = [&d](Request& req, Context& ctx) -> Result<Response> {
         HF_ASSIGN(int64_t id, req.IdParam());
         HF_ASSIGN(auto tx, d.db.Begin(true));
         HF_TRY(auth::RevokeApiToken(*tx, ctx.who().user_id, id, d.clock));
         HF_TRY(auth::AppendAudit(*tx, &ctx.who(), {"revoke", "api_token", std::to_string(id), nullptr, nullptr}, req.request_id, d.clock));
         HF_TRY(tx->Commit());
         return Response::NoContent();
       },
       .tag = "auth", .summary = "Revoke one of the caller's API tokens", .roles = kStaff, .success_status = 204});

  // ---- company settings -------------------------------------------------------------------------
  add({.method = "GET", .pattern = "/api/v1/settings/company",
       .handler = [with_env](Request& req, Context& ctx) -> Result<Response> {
         return with_env(req, ctx, false, [](org::Env& env) -> Result<Response> {
           HF_ASSIGN(json j, org::GetCompany(env));
           return Response::Json(j);
         });
       },
       .tag = "settings", .summary = "Company settings", .roles = kStaff, .response_schema = Ref("Company")});
  add({.method = "PUT", .pattern = "/api/v1/settings/company",
       .handler = [with_env](Request& req, Context& ctx) -> Result<Response> {
         HF_ASSIGN(json body, req.JsonBody());
         return with_env(req, ctx, true, [&](org::Env& env) -> Result<Response> {
           HF_ASSIGN(json j, org::UpdateCompany(env, body));
           return Response::Json(j);
         });
       },
       .tag = "settings", .summary = "Update company settings (optimistic: send version)", .roles = kAdmin,
       .request_schema = Ref("Company"), .response_schema = Ref("Company")});

  // ---- departments, positions, grades -------------------------------------------------------------
  struct Simple { const char* kind; const char* plural; const char* schema; };
  for (Simple s : {Simple{"department", "departments", "Department"}, Simple{"position", "positions", "Position"},
                   Simple{"grade", "grades", "Grade"}}) {
    std::string base = std::string("/api/v1/") + s.plural;
    std::string kind = s.kind;
    add({.method = "GET", .pattern = base,
         .handler = [with_env, kind](Request& req, Context& ctx) -> Result<Response> {
           HF_ASSIGN(org::Page page, org::Page::From(req.Query("limit"), req.Query("offset")));
           return with_env(req, ctx, false, [&](org::Env& env) -> Result<Response> {
             HF_ASSIGN(org::ListResult lr, org::ListSimple(env, kind, req.Query("q"), page));
             return Response::RawJson(std::move(lr).Body(page));
           });
         },
         .tag = "organisation", .summary = "List " + std::string(s.plural), .roles = kStaff, .response_schema = ListOf(s.schema),
         .query_params = {{"q", "search text"}, {"limit", "1..500, default 50"}, {"offset", "default 0"}}});
    add({.method = "POST", .pattern = base,
         .handler = [with_env, kind](Request& req, Context& ctx) -> Result<Response> {
           HF_ASSIGN(json body, req.JsonBody());
           return with_env(req, ctx, true, [&](org::Env& env) -> Result<Response> {
             HF_ASSIGN(json j, org::CreateSimple(env, kind, body));
             return Response::Json(j, 201);
           });
         },
         .tag = "organisation", .summary = "Create a " + kind, .roles = kHr, .request_schema = Ref(s.schema),
         .response_schema = Ref(s.schema), .success_status = 201});
    add({.method = "GET", .pattern = base + "/{id}",
         .handler = [with_env, kind](Request& req, Context& ctx) -> Result<Response> {
           HF_ASSIGN(int64_t id, req.IdParam());
           return with_env(req, ctx, false, [&](org::Env& env) -> Result<Response> {
             HF_ASSIGN(json j, org::GetSimple(env, kind, id));
             return Response::Json(j);
           });
         },
         .tag = "organisation", .summary = "Get a " + kind, .roles = kStaff, .response_schema = Ref(s.schema)});
    add({.method = "PATCH", .pattern = base + "/{id}",
         .handler = [with_env, kind](Request& req, Context& ctx) -> Result<Response> {
           HF_ASSIGN(int64_t id, req.IdParam());
           HF_ASSIGN(json body, req.JsonBody());
           return with_env(req, ctx, true, [&](org::Env& env) -> Result<Response> {
             HF_ASSIGN(json j, org::UpdateSimple(env, kind, id, body));
             return Response::Json(j);
           });
         },
         .tag = "organisation", .summary = "Update a " + kind + " (send version)", .roles = kHr,
         .request_schema = Ref(s.schema), .response_schema = Ref(s.schema)});
    add({.method = "DELETE", .pattern = base + "/{id}",
         .handler = [with_env, kind](Request& req, Context& ctx) -> Result<Response> {
           HF_ASSIGN(int64_t id, req.IdParam());
           return with_env(req, ctx, true, [&](org::Env& env) -> Result<Response> {
             HF_TRY(org::DeleteSimple(env, kind, id));
             return Response::NoContent();
           });
         },
         .tag = "organisation", .summary = "Delete a " + kind + " (409 while in use)", .roles = kHr, .success_status = 204});
  }

  // ---- employees ---------------------------------------------------------------------------------
  add({.method = "GET", .pattern = "/api/v1/employees",
       .handler = [with_env](Request& req, Context& ctx) -> Result<Response> {
         HF_ASSIGN(org::Page page, org::Page::From(req.Query("limit"), req.Query("offset")));
         org::EmployeeFilter f;
         f.q = req.Query("q");
         auto st = req.Query("status");
         if (st && !st->empty()) f.status = st;
         HF_ASSIGN(f.department_id, OptIdQuery(req, "department_id"));
         return with_env(req, ctx, false, [&](org::Env& env) -> Result<Response> {
           HF_ASSIGN(org::ListResult lr, org::ListEmployees(env, f, page));
           return Response::RawJson(std::move(lr).Body(page));
         });
       },
       .tag = "employees", .summary = "List employees in the caller's scope", .roles = kStaff,
       .response_schema = ListOf("Employee"),
       .query_params = {{"q", "name, number or email"}, {"department_id", "filter"}, {"status", "filter"},
                        {"limit", "1..500"}, {"offset", ">= 0"}}});
  add({.method = "POST", .pattern = "/api/v1/employees",
       .handler = [with_env](Request& req, Context& ctx) -> Result<Response> {
         HF_ASSIGN(json body, req.JsonBody());
         return with_env(req, ctx, true, [&](org::Env& env) -> Result<Response> {
           HF_ASSIGN(json j, org::CreateEmployee(env, body));
           return Response::Json(j, 201);
         });
       },
       .tag = "employees", .summary = "Create an employee", .roles = kHr, .request_schema = Ref("Employee"),
       .response_schema = Ref("Employee"), .success_status = 201});
  add({.method = "POST", .pattern = "/api/v1/employees/import",
       .handler = [with_env](Request& req, Context& ctx) -> Result<Response> {
         auto [dry, skip] = kit::ImportFlagsOf(req);
         std::string csv = kit::ReadBodyFile(req);
         return with_env(req, ctx, !dry, [&](org::Env& env) -> Result<Response> {
           HF_ASSIGN(org::ImportReport report, org::ImportEmployeesCsv(env, csv, dry, skip));
           json j = report.ToJson();
           j["refused"] = report.refused;
           return kit::ImportResponse(req, j);
         });
       },
       .tag = "employees", .summary = "Import employees from CSV (dry run by default; all-or-nothing unless skip_invalid)",
       .roles = kHr, .request_schema = {{"type", "string"}}, .request_content_type = "text/csv",
       .response_schema = Ref("ImportReport"),
       .query_params = {{"dry_run", "true (default) or false"}, {"skip_invalid", "false (default) or true"}},
       .max_body = 64u << 20, .stream_to_file = true});
  add({.method = "GET", .pattern = "/api/v1/employees/{id}",
       .handler = [with_env](Request& req, Context& ctx) -> Result<Response> {
         HF_ASSIGN(int64_t id, req.IdParam());
         return with_env(req, ctx, false, [&](org::Env& env) -> Result<Response> {
           HF_ASSIGN(json j, org::GetEmployee(env, id));
           return Response::Json(j);
         });
       },
       .tag = "employees", .summary = "Get an employee (404 outside the caller's scope)", .roles = kStaff,
       .response_schema = Ref("Employee")});
  add({.method = "PATCH", .pattern = "/api/v1/employees/{id}",
       .handler = [with_env](Request& req, Context& ctx) -> Result<Response> {
         HF_ASSIGN(int64_t id, req.IdParam());
         HF_ASSIGN(json body, req.JsonBody());
         return with_env(req, ctx, true, [&](org::Env& env) -> Result<Response> {
           HF_ASSIGN(json j, org::UpdateEmployee(env, id, body));
           return Response::Json(j);
         });
       },
       .tag = "employees", .summary = "Update an employee (send version)", .roles = kHr, .request_schema = Ref("Employee"),
       .response_schema = Ref("Employee")});
  add({.method = "DELETE", .pattern = "/api/v1/employees/{id}",
       .handler = [with_env](Request& req, Context& ctx) -> Result<Response> {
         HF_ASSIGN(int64_t id, req.IdParam());
         return with_env(req, ctx, true, [&](org::Env& env) -> Result<Response> {
           HF_TRY(org::DeleteEmployee(env, id));
           return Response::NoContent();
         });
       },
       .tag = "employees", .summary = "Delete an employee record", .roles = kHr, .success_status = 204});

  // ---- users -----------------------------------------------------------------------------------
  add({.method = "GET", .pattern = "/api/v1/users",
       .handler = [&d](Request& req, Context& ctx) -> Result<Response> {
         HF_TRY(org::RequireAdmin(ctx.who()));
         HF_ASSIGN(org::Page page, org::Page::From(req.Query("limit"), req.Query("offset")));
         HF_ASSIGN(auto tx, d.db.Begin(false));
         int64_t total = 0;
         HF_ASSIGN(auto users, auth::ListUsers(*tx, page.limit, page.offset, &total));
         json items = json::array();
         for (auto& u : users) items.push_back(u.ToJson());
         return Response::Json({{"items", items}, {"total", total}, {"limit", page.limit}, {"offset", page.offset}});
       },
       .tag = "users", .summary = "List users", .roles = kAdmin, .response_schema = ListOf("User")});
  add({.method = "POST", .pattern = "/api/v1/users",
       .handler = [&d](Request& req, Context& ctx) -> Result<Response> {
         HF_TRY(org::RequireAdmin(ctx.who()));
         HF_ASSIGN(json body, req.JsonBody());
         auth::NewUser nu;
         nu.username = body.value("username", "");
         nu.password = body.value("password", "");
         nu.display_name = body.value("display_name", "");
         auto role = auth::ParseRole(body.value("role", ""));
         if (!role) return Error::Invalid("role", "role must be admin, hr, hiring_manager, interviewer or employee");
         nu.role = *role;
         if (body.contains("department_id") && !body["department_id"].is_null()) {
           if (!body["department_id"].is_number_integer()) return Error::Invalid("department_id", "must be an integer id");
           nu.department_id = body["department_id"].get<int64_t>();
         }
         if (body.contains("employee_id") && !body["employee_id"].is_null()) {
           if (!body["employee_id"].is_number_integer()) return Error::Invalid("employee_id", "must be an integer id");
           nu.employee_id = body["employee_id"].get<int64_t>();
         }
         HF_ASSIGN(auto tx, d.db.Begin(true));
         HF_ASSIGN(auth::User u, auth::CreateUser(*tx, nu, d.clock));
         HF_TRY(auth::AppendAudit(*tx, &ctx.who(), {"create", "user", std::to_string(u.id), nullptr, u.ToJson()}, req.request_id, d.clock));
         HF_TRY(tx->Commit());
         return Response::Json(u.ToJson(), 201);
       },
       .tag = "users", .summary = "Create a user", .roles = kAdmin, .request_schema = Ref("NewUser"),
       .response_schema = Ref("User"), .success_status = 201, .max_body = 16 * 1024});
  add({.method = "GET", .pattern = "/api/v1/users/{id}",
       .handler = [&d](Request& req, Context& ctx) -> Result<Response> {
         HF_TRY(org::RequireAdmin(ctx.who()));
         HF_ASSIGN(int64_t id, req.IdParam());
         HF_ASSIGN(auto tx, d.db.Begin(false));
         HF_ASSIGN(auth::User u, auth::GetUser(*tx, id));
         return Response::Json(u.ToJson());
       },
       .tag = "users", .summary = "Get a user", .roles = kAdmin, .response_schema = Ref("User")});
  add({.method = "PATCH", .pattern = "/api/v1/users/{id}",
       .handler = [&d](Request& req, Context& ctx) -> Result<Response> {
         HF_TRY(org::RequireAdmin(ctx.who()));
         HF_ASSIGN(int64_t id, req.IdParam());
         HF_ASSIGN(json body, req.JsonBody());
         if (!body.contains("version") || !body["version"].is_number_integer())
           return Error::Invalid("version", "the record's current version is required (optimistic locking)");
         auth::UserPatch p;
         if (body.contains("display_name")) {
           if (!body["display_name"].is_string()) return Error::Invalid("display_name", "must be a string");
           p.display_name = body["display_name"].get<std::string>();
         }
         if (body.contains("locale")) {
           if (!body["locale"].is_string()) return Error::Invalid("locale", "must be a string");
           p.locale = body["locale"].get<std::string>();
         }
         if (body.contains("role")) {
           auto r = auth::ParseRole(body["role"].is_string() ? body["role"].get<std::string>() : "");
           if (!r) return Error::Invalid("role", "role must be admin, hr, hiring_manager, interviewer or employee");
           p.role = r;
         }
         if (body.contains("department_id")) {
           if (body["department_id"].is_null()) p.department_id = std::optional<int64_t>();
           else if (body["department_id"].is_number_integer()) p.department_id = std::optional<int64_t>(body["department_id"].get<int64_t>());
           else return Error::Invalid("department_id", "must be an integer id or null");
         }
         if (body.contains("disabled")) {
           if (!body["disabled"].is_boolean()) return Error::Invalid("disabled", "must be true or false");
           p.disabled = body["disabled"].get<bool>();
         }
         if (id == ctx.who().user_id && ((p.role && *p.role != auth::Role::kAdmin) || (p.disabled && *p.disabled)))
           return Error::Invalid("role", "administrators cannot demote or disable themselves");
         return SaveUser(d, req, ctx, id, body, p);
       },
       .tag = "users", .summary = "Change a user's role, department, name or disabled flag (send version)", .roles = kAdmin,
       .request_schema = Ref("User"), .response_schema = Ref("User")});
  add({.method = "POST", .pattern = "/api/v1/users/{id}/reset-password",
       .handler = [&d](Request& req, Context& ctx) -> Result<Response> {
         HF_TRY(org::RequireAdmin(ctx.who()));
         HF_ASSIGN(int64_t id, req.IdParam());
         HF_ASSIGN(json body, req.JsonBody());
         if (!body.contains("password") || !body["password"].is_string()) return Error::Invalid("password", "password is required");
         HF_ASSIGN(auto tx, d.db.Begin(true));
         HF_TRY(auth::GetUser(*tx, id));
         HF_TRY(auth::SetPassword(*tx, id, body["password"].get<std::string>(), d.clock));
         HF_TRY(auth::AppendAudit(*tx, &ctx.who(), {"reset_password", "user", std::to_string(id), nullptr, nullptr}, req.request_id, d.clock));
         HF_TRY(tx->Commit());
         return Response::NoContent();
       },
       .tag = "users", .summary = "Set a new password for a user (ends their sessions)", .roles = kAdmin,
       .request_schema = {{"type", "object"}, {"required", {"password"}}, {"properties", {{"password", {{"type", "string"}}}}}},
       .success_status = 204, .max_body = 16 * 1024});

  // ---- audit -----------------------------------------------------------------------------------
  add({.method = "GET", .pattern = "/api/v1/audit",
       .handler = [&d](Request& req, Context& ctx) -> Result<Response> {
         HF_TRY(org::RequireAdmin(ctx.who()));
         HF_ASSIGN(org::Page page, org::Page::From(req.Query("limit"), req.Query("offset")));
         std::string where = " WHERE 1=1";
         store::Params params;
         for (auto [q, col] : {std::pair{"entity", "entity"}, std::pair{"entity_id", "entity_id"}, std::pair{"actor", "actor"},
                               std::pair{"action", "action"}}) {
           auto v = req.Query(q);
           if (v && !v->empty()) {
             where += std::string(" AND ") + col + " = ?";
             params.push_back(*v);
           }
         }
         HF_ASSIGN(auto tx, d.db.Begin(false));
         HF_ASSIGN(store::Rows c, tx->Query("SELECT count(*) AS n FROM audit_log" + where, params));
         params.push_back(page.limit);
         params.push_back(page.offset);
         HF_ASSIGN(store::Rows r, tx->Query("SELECT id, at, actor, action, entity, entity_id, before_json, after_json, request_id, hash "
                                               "FROM audit_log" + where + " ORDER BY id DESC LIMIT ? OFFSET ?", params));
         json items = json::array();
         for (auto row : r) {
           auto parse = [](const std::optional<std::string>& s) { return s ? json::parse(*s, nullptr, false) : json(nullptr); };
           items.push_back({{"id", row.Int("id")}, {"at", row.Str("at")}, {"actor", row.Str("actor")}, {"action", row.Str("action")},
                            {"entity", row.Str("entity")}, {"entity_id", row.Str("entity_id")},
                            {"before", parse(row.OptStr("before_json"))}, {"after", parse(row.OptStr("after_json"))},
                            {"request_id", row.Str("request_id")}, {"hash", row.Str("hash")}});
         }
         return Response::Json({{"items", items}, {"total", c[0].Int("n")}, {"limit", page.limit}, {"offset", page.offset}});
       },
       .tag = "audit", .summary = "Audit log, newest first", .roles = kAdmin, .response_schema = ListOf("AuditEntry"),
       .query_params = {{"entity", "filter"}, {"entity_id", "filter"}, {"actor", "username"}, {"action", "filter"},
                        {"limit", "1..500"}, {"offset", ">= 0"}}});
  add({.method = "GET", .pattern = "/api/v1/audit/verify",
       .handler = [&d](Request&, Context& ctx) -> Result<Response> {
         HF_TRY(org::RequireAdmin(ctx.who()));
         HF_ASSIGN(auto tx, d.db.Begin(false));
         HF_ASSIGN(auth::AuditVerify v, auth::VerifyAuditChain(*tx));
         json j = {{"ok", v.ok}, {"checked", v.checked}};
         if (v.first_bad_id) j["first_bad_id"] = *v.first_bad_id;
         return Response::Json(j);
       },
       .tag = "audit", .summary = "Verify the audit hash chain", .roles = kAdmin,
       .response_schema = {{"type", "object"}, {"properties", {{"ok", {{"type", "boolean"}}}, {"checked", {{"type", "integer"}}},
                                                               {"first_bad_id", {{"type", "integer"}}}}}}});

  // ---- jobs (admin) ------------------------------------------------------------------------------
  add({.method = "GET", .pattern = "/api/v1/jobs",
       .handler = [&d](Request& req, Context& ctx) -> Result<Response> {
         HF_TRY(org::RequireAdmin(ctx.who()));
         HF_ASSIGN(org::Page page, org::Page::From(req.Query("limit"), req.Query("offset")));
         std::string where;
         store::Params params;
         if (auto st = req.Query("status"); st && !st->empty()) {
           static const std::set<std::string> kStatus = {"queued", "running", "failed", "dead", "done"};
           if (!kStatus.count(*st)) return Error::Invalid("status", "status must be queued, running, failed, dead or done");
           where = " WHERE status = ?";
           params.push_back(*st);
         }
         HF_ASSIGN(auto tx, d.db.Begin(false));
         HF_ASSIGN(store::Rows c, tx->Query("SELECT count(*) AS n FROM jobs" + where, params));
         HF_ASSIGN(store::Rows counts, tx->Query("SELECT status, count(*) AS n FROM jobs GROUP BY status"));
         params.push_back(page.limit);
         params.push_back(page.offset);
         HF_ASSIGN(store::Rows r, tx->Query("SELECT id, kind, status, attempts, max_attempts, run_at, last_error, created_at, "
                                            "updated_at, finished_at FROM jobs" + where + " ORDER BY id DESC LIMIT ? OFFSET ?", params));
         json items = json::array();
         for (auto row : r)
           items.push_back({{"id", row.Int("id")}, {"kind", row.Str("kind")}, {"status", row.Str("status")},
                            {"attempts", row.Int("attempts")}, {"max_attempts", row.Int("max_attempts")}, {"run_at", row.Str("run_at")},
                            {"last_error", row.OptStr("last_error") ? json(*row.OptStr("last_error")) : json(nullptr)},
                            {"created_at", row.Str("created_at")},
                            {"finished_at", row.OptStr("finished_at") ? json(*row.OptStr("finished_at")) : json(nullptr)}});
         json by_status = json::object();
         for (auto row : counts) by_status[row.Str("status")] = row.Int("n");
         return Response::Json({{"items", items}, {"total", c[0].Int("n")}, {"by_status", by_status},
                                {"limit", page.limit}, {"offset", page.offset}});
       },
       .tag = "jobs", .summary = "Background jobs, newest first, with counts by status", .roles = kAdmin,
       .response_schema = ListOf("Job"), .query_params = {{"status", "queued, running, failed, dead or done"},
                                                          {"limit", "1..500"}, {"offset", ">= 0"}}});
  add({.method = "POST", .pattern = "/api/v1/jobs/{id}/retry",
       .handler = [&d](Request& req, Context& ctx) -> Result<Response> {
         HF_TRY(org::RequireAdmin(ctx.who()));
         HF_ASSIGN(int64_t id, req.IdParam());
         if (!d.queue) return Error::Unavailable("no job queue in this process");
         HF_ASSIGN(auto tx, d.db.Begin(true));
         HF_ASSIGN(store::Rows r, tx->QueryOne("SELECT id FROM jobs WHERE id = ?", {id}, "job"));
         HF_TRY(d.queue->Retry(*tx, id));
         HF_TRY(auth::AppendAudit(*tx, &ctx.who(), {"retry", "job", std::to_string(id), nullptr, nullptr}, req.request_id, d.clock));
         HF_TRY(tx->Commit());
         return Response::NoContent();
       },
       .tag = "jobs", .summary = "Put a failed or dead job back in the queue (409 otherwise)", .roles = kAdmin,
       .success_status = 204});

  // ---- notifications ---------------------------------------------------------------------------
  add({.method = "GET", .pattern = "/api/v1/notifications",
       .handler = [&d](Request& req, Context& ctx) -> Result<Response> {
         HF_ASSIGN(org::Page page, org::Page::From(req.Query("limit"), req.Query("offset")));
         HF_ASSIGN(auto tx, d.db.Begin(false));
         int64_t uid = ctx.who().user_id;
         HF_ASSIGN(store::Rows c, tx->Query("SELECT count(*) AS n, sum(CASE WHEN read_at IS NULL THEN 1 ELSE 0 END) AS unread "
                                               "FROM notifications WHERE user_id = ?", {uid}));
         HF_ASSIGN(store::Rows r, tx->Query("SELECT id, kind, title, body, link, params, read_at, created_at FROM notifications "
                                               "WHERE user_id = ? ORDER BY id DESC LIMIT ? OFFSET ?", {uid, page.limit, page.offset}));
         json items = json::array();
         for (auto row : r)
           items.push_back({{"id", row.Int("id")}, {"kind", row.Str("kind")}, {"title", row.Str("title")}, {"body", row.Str("body")},
                            {"link", row.OptStr("link") ? json(*row.OptStr("link")) : json(nullptr)},
                            {"params", jobs::ParamsFromText(row.OptStr("params"))},
                            {"read", !row.IsNull("read_at")}, {"created_at", row.Str("created_at")}});
         return Response::Json({{"items", items}, {"total", c[0].Int("n")}, {"unread", c[0].Int("unread")},
                                {"limit", page.limit}, {"offset", page.offset}});
       },
       .tag = "notifications", .summary = "The caller's in-app notifications, newest first", .roles = kStaff,
       .response_schema = ListOf("Notification")});
  add({.method = "POST", .pattern = "/api/v1/notifications/{id}/read",
       .handler = [&d](Request& req, Context& ctx) -> Result<Response> {
         HF_ASSIGN(int64_t id, req.IdParam());
         HF_ASSIGN(auto tx, d.db.Begin(true));
         HF_ASSIGN(store::Rows r, tx->Query("SELECT id FROM notifications WHERE id = ? AND user_id = ?", {id, ctx.who().user_id}));
         if (r.empty()) return Error::NotFound("notification not found");
         HF_TRY(tx->Exec("UPDATE notifications SET read_at = ? WHERE id = ? AND read_at IS NULL",
                            {core::FormatInstant(d.clock.Now()), id}));
         HF_TRY(tx->Commit());
         return Response::NoContent();
       },
       .tag = "notifications", .summary = "Mark a notification read", .roles = kStaff, .success_status = 204});
}

// ---- OpenAPI -------------------------------------------------------------------------------------

json Api::OpenApi() const {
  json str = {{"type", "string"}}, integer = {{"type", "integer"}}, nid = {{"type", {"integer", "null"}}};
  json nstr = {{"type", {"string", "null"}}};
  json schemas = {
      {"Problem", {{"type", "object"}, {"required", {"type", "title", "status", "code"}},
                   {"properties", {{"type", str}, {"title", str}, {"status", integer}, {"detail", str}, {"code", str},
                                   {"field", str}, {"instance", str}, {"request_id", str}}}}},
      {"User", {{"type", "object"}, {"properties", {{"id", integer}, {"username", str}, {"display_name", str},
                                                    {"role", {{"type", "string"}, {"enum", {"admin", "hr", "hiring_manager", "interviewer", "employee"}}}},
                                                    {"department_id", nid}, {"employee_id", nid}, {"disabled", {{"type", "boolean"}}},
                                                    {"locale", str}, {"version", integer}, {"created_at", str}, {"updated_at", str}}}}},
      {"NewUser", {{"type", "object"}, {"required", {"username", "password", "role"}},
                   {"properties", {{"username", str}, {"password", str}, {"display_name", str}, {"role", str},
                                   {"department_id", nid}, {"employee_id", nid}}}}},
      {"Session", {{"type", "object"}, {"properties", {{"user", Ref("User")}, {"csrf_token", str}}}}},
      {"ApiToken", {{"type", "object"}, {"properties", {{"id", integer}, {"name", str}, {"created_at", str},
                                                        {"last_used_at", nstr}, {"token", str}}}}},
      {"Company", {{"type", "object"}, {"properties", {{"name", str}, {"time_zone", str}, {"currency", str}, {"city", str},
                                                       {"version", integer}}}}},
      {"Department", {{"type", "object"}, {"required", {"name", "code"}},
                      {"properties", {{"id", integer}, {"name", str}, {"code", str}, {"parent_id", nid}, {"version", integer},
                                      {"created_at", str}, {"updated_at", str}}}}},
      {"Position", {{"type", "object"}, {"required", {"title", "code"}},
                    {"properties", {{"id", integer}, {"title", str}, {"code", str}, {"department_id", nid}, {"version", integer},
                                    {"created_at", str}, {"updated_at", str}}}}},
      {"Grade", {{"type", "object"}, {"required", {"code", "name"}},
                 {"properties", {{"id", integer}, {"code", str}, {"name", str}, {"level", integer}, {"version", integer},
                                 {"created_at", str}, {"updated_at", str}}}}},
      {"Employee", {{"type", "object"}, {"required", {"employee_no", "name", "hire_date"}},
                    {"properties", {{"id", integer}, {"employee_no", str}, {"name", str}, {"email", nstr}, {"phone", nstr},
                                    {"department_id", nid}, {"position_id", nid}, {"grade_id", nid}, {"manager_id", nid},
                                    {"hire_date", {{"type", "string"}, {"format", "date"}}},
                                    {"status", {{"type", "string"}, {"enum", {"active", "probation", "suspended", "left"}}}},
                                    {"id_number", nstr}, {"bank_account", nstr}, {"version", integer},
                                    {"created_at", str}, {"updated_at", str}}}}},
      {"ImportReport", {{"type", "object"}, {"properties", {{"dry_run", {{"type", "boolean"}}}, {"total_rows", integer},
                                                            {"valid_rows", integer}, {"imported", integer},
                                                            {"problems", {{"type", "array"}, {"items", {{"type", "object"},
                                                              {"properties", {{"row", integer}, {"field", str}, {"problem", str}}}}}}}}}}},
      {"AuditEntry", {{"type", "object"}, {"properties", {{"id", integer}, {"at", str}, {"actor", str}, {"action", str},
                                                          {"entity", str}, {"entity_id", str}, {"before", json::object()},
                                                          {"after", json::object()}, {"request_id", str}, {"hash", str}}}}},
      {"Job", {{"type", "object"}, {"properties", {{"id", integer}, {"kind", str}, {"status", str}, {"attempts", integer},
                                                   {"max_attempts", integer}, {"run_at", str}, {"last_error", nstr},
                                                   {"created_at", str}, {"finished_at", nstr}}}}},
      {"Notification", {{"type", "object"}, {"properties", {{"id", integer}, {"kind", str}, {"title", str}, {"body", str},
                                                            {"link", nstr}, {"params", {{"type", json::array({"object", "null"})}}},
                                                            {"read", {{"type", "boolean"}}}, {"created_at", str}}}}},
  };
  schemas.update(RecruitingSchemas());
  schemas.update(PayrollSchemas());
  schemas.update(InterviewSchemas());
  json paths = json::object();
  for (const Route& r : router_.routes()) {
    json op = {{"summary", r.summary}, {"tags", {r.tag}},
               {"operationId", r.method + " " + r.pattern}};
    if (!r.roles.empty()) op["description"] = "Roles: " + [&] {
      std::string s;
      for (auto& x : r.roles) s += (s.empty() ? "" : ", ") + x;
      return s;
    }();
    json params = json::array();
    size_t i = 0;
    while ((i = r.pattern.find('{', i)) != std::string::npos) {
      size_t j = r.pattern.find('}', i);
      params.push_back({{"name", r.pattern.substr(i + 1, j - i - 1)}, {"in", "path"}, {"required", true}, {"schema", r.pattern.substr(i + 1, j - i - 1) == "token" ? str : integer}});
      i = j;
    }
    for (auto& [n, desc] : r.query_params) params.push_back({{"name", n}, {"in", "query"}, {"description", desc}, {"schema", str}});
    if (!params.empty()) op["parameters"] = params;
    if (!r.request_schema.is_null()) {
      op["requestBody"] = {{"required", true}, {"content", {{r.request_content_type, {{"schema", r.request_schema}}}}}};
      for (const std::string& type : r.request_also_accepts)
        op["requestBody"]["content"][type] = {{"schema", {{"type", "string"}, {"format", "binary"}}}};
    }
    json responses = json::object();
    std::string ok = std::to_string(r.success_status);
    if (r.response_schema.is_null()) responses[ok] = {{"description", "Done"}};
    else responses[ok] = {{"description", "Success"}, {"content", {{"application/json", {{"schema", r.response_schema}}}}}};
    json problem = {{"description", "Problem (RFC 9457)"}, {"content", {{"application/problem+json", {{"schema", Ref("Problem")}}}}}};
    responses["default"] = problem;
    op["responses"] = responses;
    if (r.access == Access::kPublic) op["security"] = json::array();
    std::string path = r.pattern;
    std::string method = r.method;
    for (auto& c : method) c = char(std::tolower(static_cast<unsigned char>(c)));
    paths[path][method] = op;
  }
  return {{"openapi", "3.1.0"},
          {"info", {{"title", "HireFlow API"}, {"version", "1.0.0"},
                    {"description", "HR from recruitment plan to payslip. Errors are RFC 9457 problem+json."}}},
          {"servers", {{{"url", "/"}}}},
          {"paths", paths},
          {"components", {{"schemas", schemas},
                          {"securitySchemes", {{"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "hf_session"}}},
                                               {"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}}}},
          {"security", {{{"session", json::array()}}, {{"bearer", json::array()}}}}};
}

}  // namespace http
