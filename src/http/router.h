// The HTTP face seen by handlers: plain Request/Response values, a router with path parameters
// and per-route metadata (from which the OpenAPI document is generated). No Beast types here.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "auth/auth.h"
#include "core/error.h"

namespace http {

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // raw target with query
  std::string path;    // decoded path without query
  std::multimap<std::string, std::string> query;
  std::map<std::string, std::string> headers;  // lower-case names
  std::map<std::string, std::string> params;   // from the route pattern, e.g. {id}
  std::string body;       // in-memory body
  std::string body_file;  // when the route streams its body to disk: the temp file (deleted after)
  std::string remote_ip;
  std::string request_id;
  bool tls = false;

  const std::string& Header(const std::string& lower_name) const;  // "" when absent
  std::optional<std::string> Query(const std::string& name) const;
  std::string Cookie(const std::string& name) const;
  // Path parameter parsed as a positive integer id; kInvalid/kNotFound otherwise.
  core::Result<int64_t> IdParam(const std::string& name = "id") const;
  // Body parsed as a JSON object; kInvalid("body") otherwise.
  core::Result<nlohmann::json> JsonBody() const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  static Response Json(const nlohmann::json& j, int status = 200);
  static Response NoContent();
  // A body that is already serialised JSON.
  static Response RawJson(std::string body, int status = 200) {
    Response r;
    r.status = status;
    r.body = std::move(body);
    return r;
  }
  // RFC 9457 problem+json from an Error; the only place codes become statuses. `status` overrides
  // the code's status (405); `extra` members are added to the body (extension members).
  static Response Problem(const core::Error& e, const std::string& request_id, const std::string& instance = {},
                          const nlohmann::json& extra = nullptr, int status = 0);
};
int StatusFor(core::ErrorCode code);

// Per-request context given to handlers. `principal` is set for authenticated routes.
struct Context {
  std::optional<auth::Principal> principal;
  std::string csrf_token;
  const auth::Principal& who() const { return *principal; }
};

using Handler = std::function<core::Result<Response>(Request&, Context&)>;

enum class Access {
  kPublic,  // no authentication
  kUser,    // any signed-in user (the handler applies the resource's policy function)
};

struct Route {
  std::string method;
  std::string pattern;  // "/api/v1/departments/{id}"
  Access access = Access::kUser;
  Handler handler;
  // Documentation for OpenAPI.
  std::string tag, summary;
  std::vector<std::string> roles;  // who may call it (documentation; enforcement is in the handler's policy)
  nlohmann::json request_schema;   // null when no JSON body
  std::string request_content_type = "application/json";
  std::vector<std::string> request_also_accepts;  // further request content types (binary bodies in OpenAPI)
  nlohmann::json response_schema;  // null for 204
  int success_status = 200;
  std::vector<std::pair<std::string, std::string>> query_params;  // name, description
  // Body handling.
  size_t max_body = 1 << 20;     // bytes
  bool stream_to_file = false;   // body written to a temp file (Request::body_file), not memory
};

class Router {
 public:
  void Add(Route r);
  struct Match {
    const Route* route = nullptr;
    std::map<std::string, std::string> params;
    bool method_mismatch = false;  // path exists with another method
  };
  Match Find(const std::string& method, const std::string& path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  struct Compiled {
    std::vector<std::string> segments;  // "{name}" = parameter
  };
  std::vector<Route> routes_;
  std::vector<Compiled> compiled_;
};

std::string UrlDecode(std::string_view s, bool plus_as_space);

}  // namespace http
