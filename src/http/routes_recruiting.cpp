// Recruiting routes: plans, candidates, applications and the pipeline, and the public careers page.
// Every handler checks the caller's role gate before it reads any input, then the domain call
// applies the record's scope (recruiting/recruiting.h).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <unordered_map>

#include "http/api.h"
#include "http/route_kit.h"
#include "aiinterview/aiinterview.h"
#include "recruiting/recruiting.h"

namespace http {

using core::Error;
using core::Result;
using nlohmann::json;

namespace {

using kit::ListOf;
using kit::Ref;

// Per-IP token bucket for the public careers upload and apply: `burst` requests at once, then
// `per_minute` a minute. HIREFLOW_CAREERS_RATE="burst/per_minute" (default 30/10) configures it.
class CareersLimiter {
 public:
  CareersLimiter() {
    const char* v = std::getenv("HIREFLOW_CAREERS_RATE");
    if (v && *v) {
      double b = 0, m = 0;
      if (std::sscanf(v, "%lf/%lf", &b, &m) == 2 && b >= 1 && m > 0) {
        burst_ = b;
        per_second_ = m / 60.0;
      }
    }
  }
  // 0 when the request may go ahead; otherwise the seconds to wait for the next token.
  int Take(const std::string& ip) {
    auto now = std::chrono::steady_clock::now();
    std::lock_guard lk(mu_);
    if (buckets_.size() > 50'000) Prune(now);
    auto [it, fresh] = buckets_.try_emplace(ip, Bucket{burst_, now});
    Bucket& b = it->second;
    if (!fresh) {
      double elapsed = std::chrono::duration<double>(now - b.at).count();
      b.tokens = std::min(burst_, b.tokens + elapsed * per_second_);
      b.at = now;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return std::max(1, static_cast<int>(std::ceil((1 - b.tokens) / per_second_)));
  }

 private:
  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point at;
  };
  // Buckets that have refilled completely carry no state worth keeping.
  void Prune(std::chrono::steady_clock::time_point now) {
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      double elapsed = std::chrono::duration<double>(now - it->second.at).count();
      if (it->second.tokens + elapsed * per_second_ >= burst_) it = buckets_.erase(it);
      else ++it;
    }
  }
  double burst_ = 30, per_second_ = 10.0 / 60.0;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
};

CareersLimiter& Limiter() {
  static CareersLimiter l;
  return l;
}

// nullopt when the caller may go ahead; otherwise the 429 problem with Retry-After.
std::optional<Response> RateLimited(const Request& req) {
  int wait = Limiter().Take(req.remote_ip);
  if (wait == 0) return std::nullopt;
  core::Error e{core::ErrorCode::kRateLimited, "too many applications or uploads from this address; try again in " + std::to_string(wait) + " s",
                {}, "rate_limited"};
  Response r = Response::Problem(aiinterview::Localize(e, req.Header("accept-language")), req.request_id, req.path,
                                 json{{"retry_after", wait}}, 429);
  r.headers.emplace_back("Retry-After", std::to_string(wait));
  return r;
}

std::optional<std::string> NonEmpty(std::optional<std::string> s) {
  if (s && s->empty()) return std::nullopt;
  return s;
}

// The uploaded file's name: X-Filename (percent-encoded UTF-8) or ?filename=, without directories.
std::string UploadName(const Request& req) {
  std::string n = req.Header("x-filename");
  n = n.empty() ? req.Query("filename").value_or("") : UrlDecode(n, false);
  auto slash = n.find_last_of("/\\");
  if (slash != std::string::npos) n = n.substr(slash + 1);
  if (n.size() > 200) n = n.substr(n.size() - 200);
  return n.empty() ? "resume" : n;
}

std::string ContentTypeFor(const std::string& filename) {
  std::string ext = std::filesystem::path(filename).extension().string();
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == ".pdf") return "application/pdf";
  if (ext == ".docx") return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  if (ext == ".json") return "application/json";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  if (ext == ".html" || ext == ".htm") return "text/plain; charset=utf-8";  // never rendered as a page
  return "application/octet-stream";
}

std::string PercentEncode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '.' || c == '-' || c == '_') out += static_cast<char>(c);
    else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace

void Api::AddRecruitingRoutes() {
  ApiDeps& d = deps_;
  auto with_env = [&d](Request& req, Context& ctx, bool write, const kit::EnvFn& fn) { return kit::WithEnv(d, req, ctx, write, fn); };
  using Gate = kit::Gate;
  auto json_route = [&d](Gate gate, bool write, bool has_id, bool has_body, int status, kit::JsonFn fn) {
    return kit::JsonRoute(d, gate, write, has_id ? "id" : nullptr, has_body, status, std::move(fn));
  };
  const Gate reader = recruiting::RequireRecruitingReader;
  const Gate manager = recruiting::RequireRecruitingManager;
  const Gate hr = org::RequireHrOrAdmin;
  const std::vector<std::string> kReaders = {"admin", "hr", "hiring_manager", "interviewer"};
  const std::vector<std::string> kManagers = {"admin", "hr", "hiring_manager"};
  const std::vector<std::string> kHr = {"admin", "hr"};
  auto add = [this](Route r) { router_.Add(std::move(r)); };
  json transition_body = {{"type", "object"}, {"required", {"to"}},
                          {"properties", {{"to", {{"type", "string"}}}, {"reason", {{"type", "string"}}}, {"version", {{"type", "integer"}}}}}};

  // ---- plans -----------------------------------------------------------------------------------
  add({.method = "GET", .pattern = "/api/v1/requisitions",
       .handler = [with_env](Request& req, Context& ctx) -> Result<Response> {
         HF_TRY(recruiting::RequireRecruitingReader(ctx.who()));
         HF_ASSIGN(org::Page page, org::Page::From(req.Query("limit"), req.Query("offset")));
         recruiting::RequisitionFilter f;
         f.status = NonEmpty(req.Query("status"));
         f.q = NonEmpty(req.Query("q"));
         HF_ASSIGN(f.department_id, kit::OptIdQuery(req, "department_id"));
         return with_env(req, ctx, false, [&](org::Env& env) -> Result<Response> {
           HF_ASSIGN(auto lr, recruiting::ListRequisitions(env, f, page));
           return Response::RawJson(std::move(lr).Body(page));
         });
       },
       .tag = "recruiting", .summary = "Recruitment plans in the caller's scope", .roles = kReaders,
       .response_schema = ListOf("Requisition"),
       .query_params = {{"status", "draft|open|on_hold|filled|cancelled"}, {"q", "title contains"},
                        {"department_id", "filter"}, {"limit", "1..500"}, {"offset", ">= 0"}}});
  add({.method = "POST", .pattern = "/api/v1/requisitions",
       .handler = json_route(manager, true, false, true, 201,
                             [](org::Env& e, int64_t, const json& b) { return recruiting::CreateRequisition(e, b); }),
       .tag = "recruiting", .summary = "Create a recruitment plan (a draft until HR approves it)", .roles = kManagers,
       .request_schema = Ref("Requisition"), .response_schema = Ref("Requisition"), .success_status = 201});
  add({.method = "GET", .pattern = "/api/v1/requisitions/{id}",
       .handler = json_route(reader, false, true, false, 200,
                             [](org::Env& e, int64_t id, const json&) { return recruiting::GetRequisition(e, id); }),
       .tag = "recruiting", .summary = "A recruitment plan with its progress and application counts", .roles = kReaders,
       .response_schema = Ref("Requisition")});
  add({.method = "PATCH", .pattern = "/api/v1/requisitions/{id}",
       .handler = json_route(manager, true, true, true, 200,
                             [](org::Env& e, int64_t id, const json& b) { return recruiting::UpdateRequisition(e, id, b); }),
       .tag = "recruiting", .summary = "Edit a plan (send version); hiring managers edit drafts only", .roles = kManagers,
       .request_schema = Ref("Requisition"), .response_schema = Ref("Requisition")});
  add({.method = "POST", .pattern = "/api/v1/requisitions/{id}/transition",
       .handler = json_route(manager, true, true, true, 200,
                             [](org::Env& e, int64_t id, const json& b) { return recruiting::TransitionRequisition(e, id, b); }),
       .tag = "recruiting", .summary = "Approve (draft → open), hold, reopen, fill or cancel a plan (409 when not allowed)",
       .roles = kManagers, .request_schema = transition_body, .response_schema = Ref("Requisition")});
  add({.method = "POST", .pattern = "/api/v1/requisitions/{id}/rescreen",
       .handler = json_route(manager, true, true, false, 200,
                             [](org::Env& e, int64_t id, const json&) { return recruiting::RescreenRequisition(e, id); }),
       .tag = "recruiting", .summary = "Screen every application of the plan again (after editing its requirements)",
       .roles = kManagers, .response_schema = {{"type", "object"}, {"properties", {{"rescreened", {{"type", "integer"}}}}}}});
  add({.method = "GET", .pattern = "/api/v1/requisitions/{id}/applications",
       .handler = [with_env](Request& req, Context& ctx) -> Result<Response> {
         HF_TRY(recruiting::RequireRecruitingReader(ctx.who()));
         HF_ASSIGN(int64_t id, req.IdParam());
         HF_ASSIGN(org::Page page, org::Page::From(req.Query("limit"), req.Query("offset")));
         recruiting::ApplicationFilter f;
         f.status = NonEmpty(req.Query("status"));
         return with_env(req, ctx, false, [&](org::Env& env) -> Result<Response> {
           HF_ASSIGN(auto lr, recruiting::ListApplications(env, id, f, page));
           return Response::RawJson(std::move(lr).Body(page));
         });
       },
       .tag = "recruiting", .summary = "The plan's applications ranked by screening score", .roles = kReaders,
       .response_schema = ListOf("Application"),
       .query_params = {{"status", "pipeline stage"}, {"limit", "1..500"}, {"offset", ">= 0"}}});

  // ---- candidates -------------------------------------------------------------------------------
  add({.method = "GET", .pattern = "/api/v1/candidates",
       .handler = [with_env](Request& req, Context& ctx) -> Result<Response> {
         HF_TRY(recruiting::RequireRecruitingReader(ctx.who()));
         HF_ASSIGN(org::Page page, org::Page::From(req.Query("limit"), req.Query("offset")));
         recruiting::CandidateFilter f;
         f.q = NonEmpty(req.Query("q"));
         f.tag = NonEmpty(req.Query("tag"));
         return with_env(req, ctx, false, [&](org::Env& env) -> Result<Response> {
           HF_ASSIGN(auto lr, recruiting::ListCandidates(env, f, page));
           return Response::RawJson(std::move(lr).Body(page));
         });
       },
       .tag = "recruiting", .summary = "Candidates in the caller's scope; q searches names, skills, companies and schools",
       .roles = kReaders, .response_schema = ListOf("Candidate"),
       .query_params = {{"q", "full-text search"}, {"tag", "filter"}, {"limit", "1..500"}, {"offset", ">= 0"}}});
  add({.method = "POST", .pattern = "/api/v1/candidates",
       .handler = json_route(hr, true, false, true, 201,
                             [](org::Env& e, int64_t, const json& b) { return recruiting::CreateCandidate(e, b); }),
       .tag = "recruiting", .summary = "Add a candidate (optionally with a JSON Resume); 409 duplicate_candidate when the email or phone is known",
       .roles = kHr, .request_schema = Ref("Candidate"), .response_schema = Ref("Candidate"), .success_status = 201});
  add({.method = "POST", .pattern = "/api/v1/candidates/import",
       .handler = [with_env, &d](Request& req, Context& ctx) -> Result<Response> {
         HF_TRY(org::RequireHrOrAdmin(ctx.who()));
         recruiting::ImportOptions opt;
         auto flags = kit::ImportFlagsOf(req);
         opt.dry_run = flags.dry_run;
         opt.skip_invalid = flags.skip_invalid;
         HF_ASSIGN(opt.requisition_id, kit::OptIdQuery(req, "requisition_id"));
         std::string bytes = kit::ReadBodyFile(req);
         return with_env(req, ctx, !opt.dry_run, [&](org::Env& env) -> Result<Response> {
           HF_ASSIGN(json report, recruiting::ImportCandidates(env, *d.files, bytes, opt));
           return kit::ImportResponse(req, report);
         });
       },
       .tag = "recruiting",
       .summary = "Import candidates from CSV, XLSX, a ZIP of resumes or JSON Resume (dry run by default; duplicates reported, never merged)",
       .roles = kHr, .request_schema = {{"type", "string"}, {"format", "binary"}},
       .request_content_type = "application/octet-stream", .response_schema = {{"type", "object"}},
       .query_params = {{"dry_run", "true (default) or false"}, {"skip_invalid", "false (default) or true"},
                        {"requisition_id", "also apply every imported candidate to this plan"}},
       .max_body = 64u << 20, .stream_to_file = true});
  add({.method = "GET", .pattern = "/api/v1/candidates/{id}",
       .handler = json_route(reader, false, true, false, 200,
                             [](org::Env& e, int64_t id, const json&) { return recruiting::GetCandidate(e, id); }),
       .tag = "recruiting", .summary = "A candidate's profile: parsed resume, applications, notes", .roles = kReaders,
       .response_schema = Ref("Candidate")});
  add({.method = "PATCH", .pattern = "/api/v1/candidates/{id}",
       .handler = json_route(hr, true, true, true, 200,
                             [](org::Env& e, int64_t id, const json& b) { return recruiting::UpdateCandidate(e, id, b); }),
       .tag = "recruiting", .summary = "Edit a candidate's contacts and tags (send version)", .roles = kHr,
       .request_schema = Ref("Candidate"), .response_schema = Ref("Candidate")});
  add({.method = "POST", .pattern = "/api/v1/candidates/{id}/notes",
       .handler = json_route(reader, true, true, true, 201,
                             [](org::Env& e, int64_t id, const json& b) { return recruiting::AddNote(e, id, b); }),
       .tag = "recruiting", .summary = "Add a note to a candidate", .roles = kReaders,
       .request_schema = {{"type", "object"}, {"required", {"body"}}, {"properties", {{"body", {{"type", "string"}}}}}},
       .response_schema = {{"type", "object"}}, .success_status = 201});
  add({.method = "POST", .pattern = "/api/v1/candidates/{id}/merge",
       .handler = json_route(hr, true, true, true, 200,
                             [](org::Env& e, int64_t id, const json& b) { return recruiting::MergeCandidates(e, id, b); }),
       .tag = "recruiting", .summary = "Merge another candidate record into this one (reports differing values)",
       .roles = kHr, .request_schema = {{"type", "object"}, {"required", {"other_id"}}, {"properties", {{"other_id", {{"type", "integer"}}}}}},
       .response_schema = Ref("Candidate")});
  add({.method = "POST", .pattern = "/api/v1/candidates/{id}/erase",
       .handler = [with_env, &d](Request& req, Context& ctx) -> Result<Response> {
         HF_TRY(org::RequireHrOrAdmin(ctx.who()));
         HF_ASSIGN(int64_t id, req.IdParam());
         HF_ASSIGN(json body, req.JsonBody());
         return with_env(req, ctx, true, [&](org::Env& env) -> Result<Response> {
           HF_ASSIGN(json j, recruiting::EraseCandidate(env, *d.files, id, body));
           return Response::Json(j);
         });
       },
       .tag = "recruiting", .summary = "Erase a candidate on request: record, resume file, parsed data, applications and scores",
       .roles = kHr, .request_schema = {{"type", "object"}, {"required", {"reason"}}, {"properties", {{"reason", {{"type", "string"}}}}}},
       .response_schema = {{"type", "object"}}});
  add({.method = "GET", .pattern = "/api/v1/candidates/{id}/resume",
       .handler = [with_env, &d](Request& req, Context& ctx) -> Result<Response> {
         HF_TRY(recruiting::RequireRecruitingReader(ctx.who()));
         HF_ASSIGN(int64_t id, req.IdParam());
         return with_env(req, ctx, false, [&](org::Env& env) -> Result<Response> {
           HF_ASSIGN(auto f, recruiting::GetResumeFile(env, *d.files, id));
           Response r;
           r.content_type = ContentTypeFor(f.filename);
           r.body = std::move(f.bytes);
           r.headers.emplace_back("Content-Disposition", "inline; filename*=UTF-8''" + PercentEncode(f.filename));
           r.headers.emplace_back("Cache-Control", "private, no-store");
           // The profile page previews the original file in a same-origin frame (HTML resumes are
           // served as text/plain, so nothing in them can run).
           r.headers.emplace_back("X-Frame-Options", "SAMEORIGIN");
           r.headers.emplace_back("Content-Security-Policy", "frame-ancestors 'self'");
           return r;
         });
       },
       .tag = "recruiting", .summary = "The candidate's original resume file", .roles = kReaders,
       .response_schema = {{"type", "string"}, {"format", "binary"}}});
  add({.method = "POST", .pattern = "/api/v1/candidates/{id}/resume",
       .handler = [with_env, &d](Request& req, Context& ctx) -> Result<Response> {
         HF_TRY(org::RequireHrOrAdmin(ctx.who()));
         HF_ASSIGN(int64_t id, req.IdParam());
         if (req.body_file.empty() || std::filesystem::file_size(req.body_file) == 0) return Error::Invalid("file", "the file is empty");
         std::string name = UploadName(req);
         return with_env(req, ctx, true, [&](org::Env& env) -> Result<Response> {
           HF_ASSIGN(json j, recruiting::AttachResume(env, *d.files, id, req.body_file, name));
           return Response::Json(j);
         });
       },
       .tag = "recruiting", .summary = "Upload (replace) a candidate's resume; parsed, and kept even when unreadable",
       .roles = kHr, .request_schema = {{"type", "string"}, {"format", "binary"}},
       .request_content_type = "application/octet-stream", .response_schema = Ref("Candidate"),
       .query_params = {{"filename", "original file name (or the X-Filename header)"}},
       .max_body = 10u << 20, .stream_to_file = true});

  // ---- applications -------------------------------------------------------------------------------
  add({.method = "POST", .pattern = "/api/v1/applications",
       .handler = json_route(manager, true, false, true, 201,
                             [](org::Env& e, int64_t, const json& b) { return recruiting::CreateApplication(e, b); }),
       .tag = "recruiting", .summary = "Add a candidate to a plan (screened at once)", .roles = kManagers,
       .request_schema = {{"type", "object"}, {"required", {"candidate_id", "requisition_id"}},
                          {"properties", {{"candidate_id", {{"type", "integer"}}}, {"requisition_id", {{"type", "integer"}}},
                                          {"source", {{"type", "string"}}},
                                          {"expected_monthly_salary", {{"type", {"string", "number", "null"}},
                                                                       {"description", "optional, yuan a month, above 0 and at most 1000000"}}}}}},
       .response_schema = Ref("Application"), .success_status = 201});
  add({.method = "POST", .pattern = "/api/v1/applications/bulk-transition",
       .handler = json_route(manager, true, false, true, 200,
                             [](org::Env& e, int64_t, const json& b) { return recruiting::BulkTransition(e, b); }),
       .tag = "recruiting", .summary = "Move many applications at once; each succeeds or fails on its own", .roles = kManagers,
       .request_schema = {{"type", "object"}, {"required", {"ids", "to", "reason"}},
                          {"properties", {{"ids", {{"type", "array"}, {"items", {{"type", "integer"}}}}},
                                          {"to", {{"type", "string"}}}, {"reason", {{"type", "string"}}}}}},
       .response_schema = {{"type", "object"}}});
  add({.method = "GET", .pattern = "/api/v1/applications/{id}",
       .handler = json_route(reader, false, true, false, 200,
                             [](org::Env& e, int64_t id, const json&) { return recruiting::GetApplication(e, id); }),
       .tag = "recruiting", .summary = "An application with its screening line items and status history", .roles = kReaders,
       .response_schema = Ref("Application")});
  add({.method = "POST", .pattern = "/api/v1/applications/{id}/transition",
       .handler = json_route(manager, true, true, true, 200,
                             [](org::Env& e, int64_t id, const json& b) { return recruiting::TransitionApplication(e, id, b); }),
       .tag = "recruiting", .summary = "Move an application in the pipeline with a reason (409 transition_refused names the allowed moves)",
       .roles = kManagers, .request_schema = transition_body, .response_schema = Ref("Application")});

  // ---- people HR can pick for a plan ---------------------------------------------------------------
  add({.method = "GET", .pattern = "/api/v1/user-directory",
       .handler = [with_env](Request& req, Context& ctx) -> Result<Response> {
         HF_TRY(recruiting::RequireRecruitingManager(ctx.who()));
         auto role = NonEmpty(req.Query("role"));
         auto q = NonEmpty(req.Query("q"));
         return with_env(req, ctx, false, [&](org::Env& env) -> Result<Response> {
           HF_ASSIGN(json j, recruiting::UserDirectory(env, role, q));
           return Response::Json(j);
         });
       },
       .tag = "recruiting", .summary = "Staff who can be a plan's hiring manager or interviewer (minimal fields; for HR and hiring managers)",
       .roles = kManagers,
       .response_schema = {{"type", "object"}, {"properties", {{"items", {{"type", "array"}, {"items", {{"type", "object"},
                           {"properties", {{"id", {{"type", "integer"}}}, {"display_name", {{"type", "string"}}}, {"username", {{"type", "string"}}},
                                           {"role", {{"type", "string"}}}, {"department_id", {{"type", {"integer", "null"}}}},
                                           {"department_name", {{"type", {"string", "null"}}}}}}}}}}}}},
       .query_params = {{"role", "admin, hr, hiring_manager or interviewer"}, {"q", "part of the name or username"}}});

  // ---- careers page (public) ----------------------------------------------------------------------
  add({.method = "GET", .pattern = "/api/v1/careers", .access = Access::kPublic,
       .handler = [&d](Request&, Context&) -> Result<Response> {
         HF_ASSIGN(auto tx, d.db.Begin(false));
         HF_ASSIGN(json j, recruiting::ListOpenings(*tx, d.clock));
         return Response::Json(j);
       },
       .tag = "careers", .summary = "Open positions (public)",
       .response_schema = {{"type", "object"}, {"properties", {{"items", {{"type", "array"}, {"items", Ref("Opening")}}}}}}});
  add({.method = "GET", .pattern = "/api/v1/careers/{id}", .access = Access::kPublic,
       .handler = [&d](Request& req, Context&) -> Result<Response> {
         HF_ASSIGN(int64_t id, req.IdParam());
         HF_ASSIGN(auto tx, d.db.Begin(false));
         HF_ASSIGN(json j, recruiting::GetOpening(*tx, d.clock, id));
         return Response::Json(j);
       },
       .tag = "careers", .summary = "One open position (public; 404 once closed)", .response_schema = Ref("Opening")});
  add({.method = "POST", .pattern = "/api/v1/careers/{id}/resume", .access = Access::kPublic,
       .handler = [&d](Request& req, Context&) -> Result<Response> {
         if (auto limited = RateLimited(req)) return *limited;
         HF_ASSIGN(int64_t id, req.IdParam());
         if (req.body_file.empty() || std::filesystem::file_size(req.body_file) == 0) return Error::Invalid("file", "the file is empty");
         std::string name = UploadName(req);
         HF_ASSIGN(auto tx, d.db.Begin(true));
         auto res = recruiting::UploadOpeningResume(*tx, d.clock, *d.files, id, req.body_file, name);
         if (!res.ok()) return aiinterview::Localize(res.error(), req.Header("accept-language"));
         json j = std::move(res).value();
         HF_TRY(tx->Commit());
         return Response::Json(j, 201);
       },
       .tag = "careers", .summary = "Upload a resume for an application (public); returns an upload_token for the apply form",
       .request_schema = {{"type", "string"}, {"format", "binary"}}, .request_content_type = "application/octet-stream",
       .response_schema = {{"type", "object"}, {"properties", {{"upload_token", {{"type", "string"}}}, {"filename", {{"type", "string"}}},
                                                              {"parsed", {{"type", {"object", "null"}}}}, {"problem", {{"type", {"string", "null"}}}}}}},
       .success_status = 201, .query_params = {{"filename", "original file name (or the X-Filename header)"}},
       .max_body = 10u << 20, .stream_to_file = true});
  add({.method = "POST", .pattern = "/api/v1/careers/{id}/apply", .access = Access::kPublic,
       .handler = [&d](Request& req, Context&) -> Result<Response> {
         if (auto limited = RateLimited(req)) return *limited;
         HF_ASSIGN(int64_t id, req.IdParam());
         HF_ASSIGN(json body, req.JsonBody());
         HF_ASSIGN(auto tx, d.db.Begin(true));
         auto res = recruiting::ApplyToOpening(*tx, d.clock, *d.files, req.request_id, id, body);
         if (!res.ok()) return aiinterview::Localize(res.error(), req.Header("accept-language"));
         json j = std::move(res).value();
         HF_TRY(tx->Commit());
         return Response::Json(j, 201);
       },
       .tag = "careers", .summary = "Apply for an open position (public; consent to the privacy notice required)",
       .request_schema = {{"type", "object"}, {"required", {"name", "email", "consent", "consent_version"}},
                          {"properties", {{"name", {{"type", "string"}}}, {"email", {{"type", "string"}}}, {"phone", {{"type", "string"}}},
                                          {"upload_token", {{"type", "string"}}}, {"consent", {{"type", "boolean"}}},
                                          {"consent_version", {{"type", "string"}}}, {"locale", {{"type", "string"}}},
                                          {"expected_monthly_salary", {{"type", {"string", "number", "null"}},
                                                                       {"description", "optional, yuan a month, above 0 and at most 1000000"}}}}}},
       .response_schema = {{"type", "object"}, {"properties", {{"application_id", {{"type", "integer"}}}, {"status", {{"type", "string"}}}}}},
       .success_status = 201, .max_body = 64 * 1024});
}

json Api::RecruitingSchemas() {
  json str = {{"type", "string"}}, integer = {{"type", "integer"}}, nid = {{"type", {"integer", "null"}}};
  json nstr = {{"type", {"string", "null"}}}, money = {{"type", {"string", "null"}}, {"description", "yuan, two decimals"}};
  json stages = recruiting::PipelineStages();
  return {
      {"Requisition", {{"type", "object"}, {"required", {"title", "department_id", "headcount"}},
                       {"properties", {{"id", integer}, {"title", str}, {"department_id", integer}, {"department_name", str},
                                       {"position_id", nid}, {"headcount", integer}, {"hired_count", integer}, {"location", str},
                                       {"employment_type", {{"type", "string"}, {"enum", {"full_time", "part_time", "intern", "contract"}}}},
                                       {"salary_min", money}, {"salary_max", money}, {"deadline", nstr},
                                       {"hiring_manager_id", nid}, {"interviewer_ids", {{"type", "array"}, {"items", integer}}},
                                       {"description", str}, {"requirements", {{"type", "object"}, {"description", "see docs/screening.md"}}},
                                       {"status", {{"type", "string"}, {"enum", {"draft", "open", "on_hold", "filled", "cancelled"}}}},
                                       {"application_counts", {{"type", "object"}}}, {"version", integer}}}}},
      {"Candidate", {{"type", "object"}, {"required", {"name"}},
                     {"properties", {{"id", integer}, {"name", str}, {"email", nstr}, {"phone", nstr}, {"source", str},
                                     {"tags", {{"type", "array"}, {"items", str}}}, {"headline", nstr},
                                     {"skills", {{"type", "array"}, {"items", str}}}, {"has_resume", {{"type", "boolean"}}},
                                     {"resume_error", nstr}, {"resume", {{"type", {"object", "null"}}, {"description", "JSON Resume"}}},
                                     {"applications", {{"type", "array"}}}, {"notes", {{"type", "array"}}}, {"version", integer}}}}},
      {"Application", {{"type", "object"},
                       {"properties", {{"id", integer}, {"requisition_id", integer}, {"candidate_id", integer}, {"candidate_name", str},
                                       {"status", {{"type", "string"}, {"enum", stages}}}, {"score", {{"type", {"number", "null"}}}},
                                       {"recommendation", nstr}, {"rank", integer},
                                       {"allowed_moves", {{"type", "array"}, {"items", str}}},
                                       {"missing_must_haves", {{"type", "array"}, {"items", str}}},
                                       {"screening", {{"type", {"object", "null"}}, {"description", "line items, see docs/screening.md"}}},
                                       {"history", {{"type", "array"}}}, {"version", integer},
                                       {"expected_monthly_salary", {{"type", {"string", "null"}},
                                                                    {"description", "yuan a month; one application, for admin, hr and hiring managers"}}}}}}},
      {"Opening", {{"type", "object"},
                   {"properties", {{"id", integer}, {"title", str}, {"department_name", str}, {"location", str},
                                   {"employment_type", str}, {"headcount", integer}, {"deadline", nstr}, {"description", str},
                                   {"salary_min", money}, {"salary_max", money},
                                   {"must_have", {{"type", "array"}, {"items", str}}}, {"nice_to_have", {{"type", "array"}, {"items", str}}}}}}},
  };
}

}  // namespace http
