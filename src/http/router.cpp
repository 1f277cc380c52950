#include "http/router.h"

#include <charconv>

namespace http {

using core::Error;
using core::Result;

std::string UrlDecode(std::string_view s, bool plus_as_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%' && i + 2 < s.size()) {
      int v = 0;
      auto [p, ec] = std::from_chars(s.data() + i + 1, s.data() + i + 3, v, 16);
      if (ec == std::errc() && p == s.data() + i + 3) {
        out += char(v);
        i += 2;
        continue;
      }
    }
    out += (plus_as_space && c == '+') ? ' ' : c;
  }
  return out;
}

const std::string& Request::Header(const std::string& n) const {
  static const std::string kAbsent;
  auto it = headers.find(n);
  return it == headers.end() ? kAbsent : it->second;
}

std::optional<std::string> Request::Query(const std::string& n) const {
  auto it = query.find(n);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

std::string Request::Cookie(const std::string& name) const {
  const std::string& c = Header("cookie");
  size_t i = 0;
  while (i < c.size()) {
    size_t semi = c.find(';', i);
    if (semi == std::string::npos) semi = c.size();
    std::string_view part(c.data() + i, semi - i);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    size_t eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name) return std::string(part.substr(eq + 1));
    i = semi + 1;
  }
  return {};
}

Result<int64_t> Request::IdParam(const std::string& name) const {
  auto it = params.find(name);
  if (it == params.end()) return Error::Internal("route has no parameter " + name);
  int64_t v = 0;
  auto [p, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), v);
  if (ec != std::errc() || p != it->second.data() + it->second.size() || v <= 0)
    return Error::NotFound("no such record: " + it->second);
  return v;
}

Result<nlohmann::json> Request::JsonBody() const {
  if (body.empty()) return Error::Invalid("body", "a JSON object body is required");
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded()) return Error::Invalid("body", "the body is not valid JSON");
  if (!j.is_object()) return Error::Invalid("body", "the body must be a JSON object");
  return j;
}

Response Response::Json(const nlohmann::json& j, int status) {
  Response r;
  r.status = status;
  r.body = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Response Response::NoContent() {
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

int StatusFor(core::ErrorCode code) {
  switch (code) {
    case core::ErrorCode::kInvalid: return 422;
    case core::ErrorCode::kUnauthenticated: return 401;
    case core::ErrorCode::kForbidden: return 403;
    case core::ErrorCode::kNotFound: return 404;
    case core::ErrorCode::kConflict: return 409;
    case core::ErrorCode::kTooLarge: return 413;
    case core::ErrorCode::kUnsupported: return 415;
    case core::ErrorCode::kRateLimited: return 429;
    case core::ErrorCode::kUnavailable: return 503;
    case core::ErrorCode::kInternal: return 500;
  }
  return 500;
}

static const char* TitleFor(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 503: return "Service Unavailable";
    default: return "Internal Server Error";
  }
}

Response Response::Problem(const core::Error& e, const std::string& request_id, const std::string& instance,
                           const nlohmann::json& extra, int status_override) {
  int status = StatusFor(e.code);
  // Malformed syntax (body not JSON) is 400; well-formed but invalid content is 422.
  if (e.code == core::ErrorCode::kInvalid && e.field == "body") status = 400;
  if (status_override) status = status_override;
  std::string slug = e.Slug();
  nlohmann::json j = {{"type", "https://hireflow.dev/problems/" + slug},
                      {"title", TitleFor(status)},
                      {"status", status},
                      {"detail", status == 500 ? "internal error; quote the request id to support" : e.message},
                      {"code", slug},
                      {"request_id", request_id}};
  if (!e.field.empty()) j["field"] = e.field;
  if (!instance.empty()) j["instance"] = instance;
  if (extra.is_object()) j.update(extra);
  Response r = Json(j, status);
  r.content_type = "application/problem+json";
  return r;
}

static std::vector<std::string> Split(const std::string& path) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') { ++i; continue; }
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

void Router::Add(Route r) {
  compiled_.push_back({Split(r.pattern)});
  routes_.push_back(std::move(r));
}

Router::Match Router::Find(const std::string& method, const std::string& path) const {
  Match m;
  std::vector<std::string> segs = Split(path);
  for (size_t i = 0; i < routes_.size(); ++i) {
    const auto& c = compiled_[i].segments;
    if (c.size() != segs.size()) continue;
    std::map<std::string, std::string> params;
    bool ok = true;
    for (size_t k = 0; k < c.size() && ok; ++k) {
      if (c[k].size() > 2 && c[k].front() == '{' && c[k].back() == '}') params[c[k].substr(1, c[k].size() - 2)] = segs[k];
      else ok = c[k] == segs[k];
    }
    if (!ok) continue;
    if (routes_[i].method != method && !(method == "HEAD" && routes_[i].method == "GET")) {
      m.method_mismatch = true;
      continue;
    }
    m.route = &routes_[i];
    m.params = std::move(params);
    m.method_mismatch = false;
    return m;
  }
  return m;
}

}  // namespace http
