#include "http/route_kit.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace http::kit {

using core::Error;
using core::Result;
using nlohmann::json;

json Ref(const std::string& schema) { return {{"$ref", "#/components/schemas/" + schema}}; }

json ListOf(const std::string& schema) {
  return {{"type", "object"},
          {"required", {"items", "total", "limit", "offset"}},
          {"properties",
           {{"items", {{"type", "array"}, {"items", Ref(schema)}}},
            {"total", {{"type", "integer"}}},
            {"limit", {{"type", "integer"}}},
            {"offset", {{"type", "integer"}}}}}};
}

Result<std::optional<int64_t>> OptIdQuery(const Request& req, const std::string& name) {
  auto v = req.Query(name);
  if (!v || v->empty()) return std::optional<int64_t>();
  char* end = nullptr;
  long long x = std::strtoll(v->c_str(), &end, 10);
  if (*end != '\0' || x <= 0) return Error::Invalid(name, name + " must be a positive integer");
  return std::optional<int64_t>(x);
}

std::string ReadBodyFile(const Request& req) {
  std::ifstream in(req.body_file, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

ImportFlags ImportFlagsOf(const Request& req) {
  return {req.Query("dry_run").value_or("true") != "false", req.Query("skip_invalid").value_or("false") == "true"};
}

Response ImportResponse(const Request& req, const json& report) {
  if (!report.value("refused", false)) return Response::Json(report);
  Error e = Error::Invalid("file", "the file has " + std::to_string(report["problems"].size()) +
                                       " problem(s); nothing was imported (fix them or choose to skip invalid rows)");
  e.slug = "import_invalid";
  return Response::Problem(e, req.request_id, req.path, {{"report", report}});
}

Result<Response> WithEnv(const ApiDeps& d, Request& req, Context& ctx, bool write, const EnvFn& fn) {
  HF_ASSIGN(auto tx, d.db.Begin(write));
  org::Env env{*tx, ctx.who(), d.clock, req.request_id, &d.cipher};
  HF_ASSIGN(Response r, fn(env));
  if (write) HF_TRY(tx->Commit());
  return r;
}

Handler JsonRoute(const ApiDeps& d, Gate gate, bool write, const char* id_param, bool has_body, int status, JsonFn fn) {
  std::string id_name = id_param ? id_param : "";
  return [&d, gate, write, id_name, has_body, status, fn](Request& req, Context& ctx) -> Result<Response> {
    HF_TRY(gate(ctx.who()));
    int64_t id = 0;
    if (!id_name.empty()) {
      HF_ASSIGN(id, req.IdParam(id_name));
    }
    json body = json::object();
    if (has_body) {
      HF_ASSIGN(body, req.JsonBody());
    }
    return WithEnv(d, req, ctx, write, [&](org::Env& env) -> Result<Response> {
      HF_ASSIGN(json j, fn(env, id, body));
      return Response::Json(j, status);
    });
  };
}

Handler ListRoute(const ApiDeps& d, Gate gate, const char* id_param, ListFn fn) {
  std::string id_name = id_param ? id_param : "";
  return [&d, gate, id_name, fn](Request& req, Context& ctx) -> Result<Response> {
    HF_TRY(gate(ctx.who()));
    int64_t id = 0;
    if (!id_name.empty()) {
      HF_ASSIGN(id, req.IdParam(id_name));
    }
    HF_ASSIGN(org::Page page, org::Page::From(req.Query("limit"), req.Query("offset")));
    return WithEnv(d, req, ctx, false, [&](org::Env& env) -> Result<Response> {
      HF_ASSIGN(org::ListResult lr, fn(env, id, req, page));
      return Response::RawJson(std::move(lr).Body(page));
    });
  };
}

}  // namespace http::kit
