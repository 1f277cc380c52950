// AI interview routes: staff (questions, settings, invitations, results, ratings) and the
// candidate's link routes under /api/v1/interview-links/{token} (public: the token is the key).
#include <fstream>
#include <sstream>

#include "aiinterview/aiinterview.h"
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

Result<int64_t> IdOf(const Request& req, const char* name) { return req.IdParam(name); }

}  // namespace

void Api::AddInterviewRoutes() {
  ApiDeps& d = deps_;
  auto with_env = [&d](Request& req, Context& ctx, bool write, const kit::EnvFn& fn) { return kit::WithEnv(d, req, ctx, write, fn); };
  using Gate = kit::Gate;
  auto staff = [&d](Gate gate, bool write, const char* id_name, bool has_body, int status, kit::JsonFn fn) {
    return kit::JsonRoute(d, gate, write, id_name, has_body, status, std::move(fn));
  };
  // Candidate routes: the token from the path, a transaction, the domain call.
  auto link = [&d](bool write, bool has_body, const char* id_name,
                   std::function<Result<json>(store::Tx&, const std::string&, int64_t, const json&, Request&)> fn) {
    return [=, &d](Request& req, Context&) -> Result<Response> {
      std::string token = req.params["token"];
      int64_t id = 0;
      if (id_name) {
        HF_ASSIGN(id, IdOf(req, id_name));
      }
      json body = json::object();
      if (has_body) {
        HF_ASSIGN(body, req.JsonBody());
      }
      HF_ASSIGN(auto tx, d.db.Begin(write));
      auto res = fn(*tx, token, id, body, req);
      // Candidates read refusals in their language (Accept-Language zh…).
      if (!res.ok()) return aiinterview::Localize(res.error(), req.Header("accept-language"));
      json j = std::move(res).value();
      if (write) HF_TRY(tx->Commit());
      Response r = Response::Json(j);
      r.headers.emplace_back("Cache-Control", "no-store");
      r.headers.emplace_back("Referrer-Policy", "no-referrer");  // the token is in the path
      return r;
    };
  };
  const Gate reader = recruiting::RequireRecruitingReader;
  const Gate manager = recruiting::RequireRecruitingManager;
  const Gate admin = org::RequireAdmin;
  const std::vector<std::string> kReaders = {"admin", "hr", "hiring_manager", "interviewer"};
  const std::vector<std::string> kManagers = {"admin", "hr", "hiring_manager"};
  auto add = [this](Route r) { router_.Add(std::move(r)); };
  aiinterview::Deps& deps = *d.interview;

  // ---- settings, banks, questions ----------------------------------------------------------------
  add({.method = "GET", .pattern = "/api/v1/interview-settings",
       .handler = staff(reader, false, nullptr, false, 200, [](org::Env& e, int64_t, const json&) { return aiinterview::GetSettings(e); }),
       .tag = "interviews", .summary = "The company's AI interview settings (notice, consent, retention, thresholds)",
       .roles = kReaders, .response_schema = Ref("InterviewSettings")});
  add({.method = "PUT", .pattern = "/api/v1/interview-settings",
       .handler = staff(admin, true, nullptr, true, 200, [](org::Env& e, int64_t, const json& b) { return aiinterview::UpdateSettings(e, b); }),
       .tag = "interviews", .summary = "Change the AI interview settings (a changed notice needs a new notice_version)",
       .roles = {"admin"}, .request_schema = Ref("InterviewSettings"), .response_schema = Ref("InterviewSettings")});
  add({.method = "GET", .pattern = "/api/v1/interview-banks",
       .handler = [](Request&, Context& ctx) -> Result<Response> {
         HF_TRY(recruiting::RequireRecruitingReader(ctx.who()));
         HF_ASSIGN(json j, aiinterview::ListStarterBanks());
         return Response::Json(j);
       },
       .tag = "interviews", .summary = "Shipped starter question banks (zh-CN and en)", .roles = kReaders, .response_schema = Obj()});
  add({.method = "GET", .pattern = "/api/v1/requisitions/{id}/questions",
       .handler = staff(reader, false, "id", false, 200, [](org::Env& e, int64_t id, const json&) { return aiinterview::ListQuestions(e, id); }),
       .tag = "interviews", .summary = "The plan's interview questions with their rubrics", .roles = kReaders, .response_schema = Obj()});
  add({.method = "POST", .pattern = "/api/v1/requisitions/{id}/questions",
       .handler = staff(manager, true, "id", true, 201,
                        [](org::Env& e, int64_t id, const json& b) { return aiinterview::CreateQuestion(e, id, b); }),
       .tag = "interviews", .summary = "Add a question with its rubric (key points with weights and synonyms, model answer)",
       .roles = kManagers, .request_schema = Ref("InterviewQuestion"), .response_schema = Ref("InterviewQuestion"), .success_status = 201});
  add({.method = "POST", .pattern = "/api/v1/requisitions/{id}/questions/from-bank",
       .handler = staff(manager, true, "id", true, 201,
                        [](org::Env& e, int64_t id, const json& b) { return aiinterview::AddStarterBank(e, id, b); }),
       .tag = "interviews", .summary = "Append a starter bank's questions to the plan", .roles = kManagers,
       .request_schema = {{"type", "object"}, {"required", {"bank"}}, {"properties", {{"bank", {{"type", "string"}}}}}},
       .response_schema = Obj(), .success_status = 201});
  add({.method = "PATCH", .pattern = "/api/v1/interview-questions/{id}",
       .handler = staff(manager, true, "id", true, 200,
                        [](org::Env& e, int64_t id, const json& b) { return aiinterview::UpdateQuestion(e, id, b); }),
       .tag = "interviews", .summary = "Edit a question (send version)", .roles = kManagers,
       .request_schema = Ref("InterviewQuestion"), .response_schema = Ref("InterviewQuestion")});
  add({.method = "DELETE", .pattern = "/api/v1/interview-questions/{id}",
       .handler = [with_env](Request& req, Context& ctx) -> Result<Response> {
         HF_TRY(recruiting::RequireRecruitingManager(ctx.who()));
         HF_ASSIGN(int64_t id, req.IdParam());
         return with_env(req, ctx, true, [&](org::Env& env) -> Result<Response> {
           HF_TRY(aiinterview::DeleteQuestion(env, id));
           return Response::NoContent();
         });
       },
       .tag = "interviews", .summary = "Delete a question nobody has answered (409 otherwise)", .roles = kManagers, .success_status = 204});

  // ---- invitations and results ----------------------------------------------------------------------
  add({.method = "POST", .pattern = "/api/v1/applications/{id}/interview",
       .handler = staff(manager, true, "id", true, 201,
                        [&deps](org::Env& e, int64_t id, const json& b) { return aiinterview::Invite(e, deps, id, b); }),
       .tag = "interviews", .summary = "Invite to the AI interview (or re-issue the link): e-mail with an .ics; the link is returned once",
       .roles = kManagers,
       .request_schema = {{"type", "object"}, {"properties", {{"deadline_days", {{"type", "integer"}}}, {"language", {{"type", "string"}}}}}},
       .response_schema = Obj(), .success_status = 201});
  add({.method = "GET", .pattern = "/api/v1/applications/{id}/interview",
       .handler = staff(reader, false, "id", false, 200, [](org::Env& e, int64_t id, const json&) { return aiinterview::GetInterview(e, id); }),
       .tag = "interviews", .summary = "The interview: answers, transcripts, rubric lines, scores, ratings, total and recommendation",
       .roles = kReaders, .response_schema = Obj()});
  add({.method = "GET", .pattern = "/api/v1/interview-answers/{id}/recording",
       .handler = [with_env, &deps](Request& req, Context& ctx) -> Result<Response> {
         HF_TRY(recruiting::RequireRecruitingReader(ctx.who()));
         HF_ASSIGN(int64_t id, req.IdParam());
         return with_env(req, ctx, false, [&](org::Env& env) -> Result<Response> {
           HF_ASSIGN(auto rec, aiinterview::GetRecording(env, deps, id));
           std::ifstream in(rec.path, std::ios::binary | std::ios::ate);
           if (!in) return Error::NotFound("the recording file is missing");
           int64_t size = static_cast<int64_t>(in.tellg());
           // Byte ranges (RFC 9110 §14): Safari plays and every browser seeks video only with them.
           int64_t first = 0, last = size - 1;
           std::string range = req.Header("range");
           bool partial = false;
           if (range.rfind("bytes=", 0) == 0 && range.find(',') == std::string::npos && size > 0) {
             std::string spec = range.substr(6);
             size_t dash = spec.find('-');
             if (dash != std::string::npos) {
               std::string a = spec.substr(0, dash), b = spec.substr(dash + 1);
               if (a.empty() && !b.empty()) {  // the last N bytes
                 first = std::max<int64_t>(0, size - std::atoll(b.c_str()));
               } else if (!a.empty()) {
                 first = std::atoll(a.c_str());
                 if (!b.empty()) last = std::min<int64_t>(size - 1, std::atoll(b.c_str()));
               }
               if (first > last || first >= size) {
                 Response r = Response::Problem({core::ErrorCode::kInvalid, "the requested range is outside the recording", "range", "range_not_satisfiable"},
                                                req.request_id, req.path, nullptr, 416);
                 r.headers.emplace_back("Content-Range", "bytes */" + std::to_string(size));
                 return r;
               }
               partial = true;
             }
           }
           std::string body(static_cast<size_t>(last - first + 1), '\0');
           in.seekg(first);
           in.read(body.data(), static_cast<std::streamsize>(body.size()));
           Response r;
           r.status = partial ? 206 : 200;
           r.content_type = rec.content_type;
           r.body = std::move(body);
           r.headers.emplace_back("Accept-Ranges", "bytes");
           if (partial)
             r.headers.emplace_back("Content-Range", "bytes " + std::to_string(first) + "-" + std::to_string(last) + "/" + std::to_string(size));
           r.headers.emplace_back("Cache-Control", "private, no-store");
           return r;
         });
       },
       .tag = "interviews", .summary = "The recorded answer (video/audio) for reviewers of the plan", .roles = kReaders,
       .response_schema = {{"type", "string"}, {"format", "binary"}}});
  add({.method = "GET", .pattern = "/api/v1/applications/{id}/interview/second-round",
       .handler = staff(reader, false, "id", false, 200,
                        [](org::Env& e, int64_t id, const json&) { return aiinterview::SecondRoundQuestions(e, id); }),
       .tag = "interviews", .summary = "Suggested second-round questions from the first round's missed key points and short answers",
       .roles = kReaders, .response_schema = Obj()});
  add({.method = "POST", .pattern = "/api/v1/interview-answers/{id}/ratings",
       .handler = staff(reader, true, "id", true, 201,
                        [](org::Env& e, int64_t id, const json& b) { return aiinterview::RateAnswer(e, id, b); }),
       .tag = "interviews", .summary = "Rate an answer (0-100) with a reason; HR and hiring managers may override the score (audited)",
       .roles = kReaders,
       .request_schema = {{"type", "object"}, {"required", {"rating", "reason"}},
                          {"properties", {{"rating", {{"type", "number"}}}, {"override_score", {{"type", "number"}}}, {"reason", {{"type", "string"}}}}}},
       .response_schema = Obj(), .success_status = 201});

  // ---- human-review requests, agreement ---------------------------------------------------------------
  add({.method = "GET", .pattern = "/api/v1/interview-reviews",
       .handler = kit::ListRoute(d, manager, nullptr,
                                 [](org::Env& e, int64_t, const Request& req, const org::Page& page) {
                                   auto st = req.Query("status");
                                   return aiinterview::ListHumanReviews(e, st && !st->empty() ? st : std::nullopt, page);
                                 }),
       .tag = "interviews", .summary = "Candidates' requests for a human review of an automated decision (open by default)",
       .roles = kManagers, .response_schema = kit::ListOf("HumanReviewRequest"),
       .query_params = {{"status", "open (default), resolved or all"}, {"limit", "1..500"}, {"offset", ">= 0"}}});
  add({.method = "POST", .pattern = "/api/v1/applications/{id}/interview/human-review",
       .handler = staff(manager, true, "id", true, 200,
                        [](org::Env& e, int64_t id, const json& b) { return aiinterview::ResolveHumanReview(e, id, b); }),
       .tag = "interviews",
       .summary = "Resolve the candidate's human-review request: upheld or revised (optionally moving the application), with a reason "
                  "sent to the candidate (audited)",
       .roles = kManagers,
       .request_schema = {{"type", "object"}, {"required", {"outcome", "reason"}},
                          {"properties", {{"outcome", {{"type", "string"}, {"enum", {"upheld", "revised"}}}}, {"reason", {{"type", "string"}}},
                                          {"to", {{"type", "string"}}}, {"version", {{"type", "integer"}}}}}},
       .response_schema = Obj()});
  add({.method = "GET", .pattern = "/api/v1/requisitions/{id}/interview-agreement",
       .handler = staff(reader, false, "id", false, 200,
                        [](org::Env& e, int64_t id, const json&) { return aiinterview::PlanAgreement(e, id); }),
       .tag = "interviews", .summary = "Agreement between reviewers' ratings and the automatic answer scores of the plan",
       .roles = kReaders, .response_schema = Obj()});

  // ---- retention ------------------------------------------------------------------------------------
  add({.method = "POST", .pattern = "/api/v1/retention/run",
       .handler = [with_env, &deps](Request& req, Context& ctx) -> Result<Response> {
         HF_TRY(org::RequireAdmin(ctx.who()));
         HF_ASSIGN(json body, req.JsonBody());
         HF_TRY(org::OnlyKeys(body, {"as_of"}));
         std::optional<core::Instant> as_of;
         if (auto it = body.find("as_of"); it != body.end() && !it->is_null()) {
           // A sweep "as of" another date exists for tests only: on a real server it would delete early.
           const char* hooks = std::getenv("HIREFLOW_TEST_HOOKS");
           if (!hooks || std::string(hooks) != "1") return Error::Invalid("as_of", "as_of is accepted only by test servers (HIREFLOW_TEST_HOOKS=1)");
           if (!it->is_string()) return Error::Invalid("as_of", "as_of is an RFC 3339 instant");
           HF_ASSIGN(as_of, core::ParseInstant(it->get<std::string>(), "as_of"));
         }
         return with_env(req, ctx, true, [&](org::Env& env) -> Result<Response> {
           HF_ASSIGN(json j, aiinterview::RunRetention(env.tx, env.clock, deps, &env.who, env.request_id, as_of));
           return Response::Json(j);
         });
       },
       .tag = "interviews",
       .summary = "Run the retention sweep now (recordings, inactive candidates, unused careers uploads); it also runs daily",
       .roles = {"admin"}, .request_schema = {{"type", "object"}, {"properties", {{"as_of", {{"type", "string"}}}}}},
       .response_schema = Obj(), .max_body = 4 * 1024});

  // ---- candidate link -------------------------------------------------------------------------------
  const std::string base = "/api/v1/interview-links/{token}";
  add({.method = "GET", .pattern = base, .access = Access::kPublic,
       .handler = link(true, false, nullptr, [&d](store::Tx& tx, const std::string& t, int64_t, const json&, Request&) {
         return aiinterview::OpenInterview(tx, d.clock, t);
       }),
       .tag = "interview-link", .summary = "Open the interview (notice; questions after consent)", .response_schema = Obj()});
  add({.method = "POST", .pattern = base + "/consent", .access = Access::kPublic,
       .handler = link(true, true, nullptr, [&d](store::Tx& tx, const std::string& t, int64_t, const json& b, Request&) {
         return aiinterview::Consent(tx, d.clock, t, b);
       }),
       .tag = "interview-link", .summary = "Accept or decline the notice (declining returns the alternative process)",
       .request_schema = {{"type", "object"}, {"required", {"accept", "notice_version"}},
                          {"properties", {{"accept", {{"type", "boolean"}}}, {"notice_version", {{"type", "string"}}}}}},
       .response_schema = Obj(), .max_body = 16 * 1024});
  add({.method = "POST", .pattern = base + "/questions/{question}/answers", .access = Access::kPublic,
       .handler = link(true, true, "question", [&d](store::Tx& tx, const std::string& t, int64_t q, const json& b, Request&) {
         return aiinterview::StartAnswer(tx, d.clock, t, q, b);
       }),
       .tag = "interview-link", .summary = "Start an attempt (video or text) within the re-record allowance (409 rerecord_limit)",
       .request_schema = {{"type", "object"}, {"properties", {{"mode", {{"type", "string"}, {"enum", {"video", "text"}}}}}}},
       .response_schema = Obj(), .max_body = 16 * 1024});
  add({.method = "GET", .pattern = base + "/answers/{answer}", .access = Access::kPublic,
       .handler = link(false, false, "answer", [&d](store::Tx& tx, const std::string& t, int64_t a, const json&, Request&) {
         return aiinterview::AnswerStatus(tx, d.clock, t, a);
       }),
       .tag = "interview-link", .summary = "Bytes received so far (resume an interrupted upload from here)", .response_schema = Obj()});
  add({.method = "POST", .pattern = base + "/device-check", .access = Access::kPublic,
       .handler = link(false, false, nullptr, [&d](store::Tx& tx, const std::string& t, int64_t, const json&, Request& req) {
         return aiinterview::DeviceCheck(tx, d.clock, t, req.body_file);
       }),
       .tag = "interview-link", .summary = "Capture-quality advice on a short test clip (face, one face, centred, lighting); nothing is stored",
       .request_schema = {{"type", "string"}, {"format", "binary"}}, .request_content_type = "application/octet-stream",
       .response_schema = Obj(), .max_body = 5u << 20, .stream_to_file = true});
  add({.method = "PUT", .pattern = base + "/answers/{answer}/chunks", .access = Access::kPublic,
       .handler = [&d, &deps](Request& req, Context&) -> Result<Response> {
         HF_ASSIGN(int64_t a, IdOf(req, "answer"));
         auto off = req.Query("offset");
         char* end = nullptr;
         long long offset = off ? std::strtoll(off->c_str(), &end, 10) : -1;
         if (!off || off->empty() || *end != '\0' || offset < 0) return Error::Invalid("offset", "offset (bytes already sent) is required");
         // Its own short transactions: the bytes reach the disk with no database lock held.
         auto res = aiinterview::AppendChunk(d.db, d.clock, deps, req.params["token"], a, offset, req.body_file);
         if (!res.ok()) return aiinterview::Localize(res.error(), req.Header("accept-language"));
         Response r = Response::Json(*res);
         r.headers.emplace_back("Cache-Control", "no-store");
         r.headers.emplace_back("Referrer-Policy", "no-referrer");
         return r;
       },
       .tag = "interview-link", .summary = "Append a chunk of the recording at ?offset= (idempotent; 409 offset_mismatch names the expected offset)",
       .request_schema = {{"type", "string"}, {"format", "binary"}}, .request_content_type = "application/octet-stream",
       .response_schema = Obj(), .query_params = {{"offset", "byte offset of this chunk"}},
       .max_body = 8u << 20, .stream_to_file = true});
  add({.method = "POST", .pattern = base + "/answers/{answer}/finish", .access = Access::kPublic,
       .handler = link(true, true, "answer", [&d, &deps](store::Tx& tx, const std::string& t, int64_t a, const json& b, Request&) {
         return aiinterview::FinishAnswer(tx, d.clock, deps, t, a, b);
       }),
       .tag = "interview-link", .summary = "Finish a recording (size must match the bytes received); queues its analysis",
       .request_schema = {{"type", "object"}, {"required", {"size"}}, {"properties", {{"size", {{"type", "integer"}}}, {"content_type", {{"type", "string"}}}}}},
       .response_schema = Obj(), .max_body = 16 * 1024});
  add({.method = "POST", .pattern = base + "/answers/{answer}/text", .access = Access::kPublic,
       .handler = link(true, true, "answer", [&d](store::Tx& tx, const std::string& t, int64_t a, const json& b, Request&) {
         return aiinterview::TextAnswer(tx, d.clock, t, a, b);
       }),
       .tag = "interview-link", .summary = "Send a typed answer (accessibility, or no camera)",
       .request_schema = {{"type", "object"}, {"required", {"text"}}, {"properties", {{"text", {{"type", "string"}}}}}},
       .response_schema = Obj(), .max_body = 128 * 1024});
  add({.method = "POST", .pattern = base + "/complete", .access = Access::kPublic,
       .handler = link(true, false, nullptr, [&d](store::Tx& tx, const std::string& t, int64_t, const json&, Request&) {
         return aiinterview::CompleteInterview(tx, d.clock, t);
       }),
       .tag = "interview-link", .summary = "Finish the interview (409 answers_missing while a question has no answer)", .response_schema = Obj()});
  add({.method = "POST", .pattern = base + "/human-review", .access = Access::kPublic,
       .handler = link(true, true, nullptr, [&d](store::Tx& tx, const std::string& t, int64_t, const json& b, Request&) {
         return aiinterview::RequestHumanReview(tx, d.clock, t, b);
       }),
       .tag = "interview-link", .summary = "Ask for a person to review the automated decision",
       .request_schema = {{"type", "object"}, {"properties", {{"reason", {{"type", "string"}}}}}}, .response_schema = Obj(),
       .max_body = 16 * 1024});
}

json Api::InterviewSchemas() {
  json str = {{"type", "string"}}, integer = {{"type", "integer"}}, num = {{"type", "number"}}, boolean = {{"type", "boolean"}};
  return {
      {"InterviewSettings", {{"type", "object"},
                             {"properties", {{"notice_version", str}, {"notice_text", str}, {"alternative_process", str},
                                             {"retention_days", integer}, {"candidate_retention_days", integer},
                                             {"humans_decide", boolean}, {"link_valid_days", integer},
                                             {"advance_threshold", num}, {"reject_threshold", num}, {"auto_advance", boolean},
                                             {"version", integer}}}}},
      {"HumanReviewRequest", {{"type", "object"},
                              {"properties", {{"interview_id", integer}, {"application_id", integer}, {"requisition_id", integer},
                                              {"requisition_title", str}, {"candidate_name", str}, {"application_status", str},
                                              {"requested_at", str}, {"reason", str}, {"status", str}, {"outcome", str},
                                              {"resolution", str}, {"resolved_at", str}, {"resolved_by", str}}}}},
      {"InterviewQuestion", {{"type", "object"}, {"required", {"text"}},
                             {"properties", {{"id", integer}, {"kind", {{"type", "string"}, {"enum", {"core", "practice"}}}}, {"text", str},
                                             {"language", str}, {"think_seconds", integer}, {"answer_seconds", integer},
                                             {"rerecords", integer}, {"competency", str}, {"model_answer", str},
                                             {"key_points", {{"type", "array"}, {"items", {{"type", "object"}}}}}, {"weight", num},
                                             {"version", integer}}}}},
  };
}

}  // namespace http
