// Building blocks shared by the route files (routes_*.cpp): OpenAPI schema references, the
// transaction-per-request pattern, and the common route shapes. Every shape checks the caller's
// role gate before it reads any input, so a refused caller learns nothing about the request.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "http/api.h"
#include "org/org.h"

namespace http::kit {

nlohmann::json Ref(const std::string& schema);
// The paged list envelope {items, total, limit, offset} of `schema` items.
nlohmann::json ListOf(const std::string& schema);

// Query parameter as a positive id; nullopt when absent or empty; kInvalid naming it otherwise.
core::Result<std::optional<int64_t>> OptIdQuery(const Request& req, const std::string& name);
// The streamed request body (Request::body_file) as bytes.
std::string ReadBodyFile(const Request& req);
// An import report {refused, problems, ...}: 200 with it, or 422 "import_invalid" carrying it
// when the import was refused (so that the caller sees every bad row at once).
Response ImportResponse(const Request& req, const nlohmann::json& report);
// The query convention of every import: ?dry_run (default true: only "false" writes) and
// ?skip_invalid (default false: any bad row refuses the whole file).
struct ImportFlags {
  bool dry_run = true;
  bool skip_invalid = false;
};
ImportFlags ImportFlagsOf(const Request& req);

using Gate = core::Status (*)(const auth::Principal&);
using EnvFn = std::function<core::Result<Response>(org::Env&)>;
// Runs fn in a transaction with an org::Env; commits when `write` and fn succeeded.
core::Result<Response> WithEnv(const ApiDeps& d, Request& req, Context& ctx, bool write, const EnvFn& fn);

// JSON in, JSON out: gate, then the path id (`id_param`, or none when null) and the JSON body
// (when has_body), then fn in a transaction; answers `status` with fn's JSON.
using JsonFn = std::function<core::Result<nlohmann::json>(org::Env&, int64_t, const nlohmann::json&)>;
Handler JsonRoute(const ApiDeps& d, Gate gate, bool write, const char* id_param, bool has_body, int status, JsonFn fn);

// A paged list: gate, then the path id (when id_param), limit/offset, then fn in a read transaction.
using ListFn = std::function<core::Result<org::ListResult>(org::Env&, int64_t, const Request&, const org::Page&)>;
Handler ListRoute(const ApiDeps& d, Gate gate, const char* id_param, ListFn fn);

}  // namespace http::kit
