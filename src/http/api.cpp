#include "http/api.h"

#include <filesystem>
#include <fstream>
#include <chrono>
#include <mutex>
#include <optional>
#include <sstream>
#include <unordered_map>

#include "auth/auth.h"

namespace http {

namespace fs = std::filesystem;
using core::Error;

struct Api::StaticCache {
  struct Entry {
    std::string body, gz, type;
    fs::file_time_type mtime;  // of the file when read: a newer file (a rebuilt web app) replaces the entry
    uintmax_t size = 0;
    std::string etag;
  };
  std::mutex mu;
  std::unordered_map<std::string, std::shared_ptr<const Entry>> files;  // guarded by mu
};

// Resolved credentials, kept for a short time so that a busy client does not cost two look-ups
// per request. Cleared on every account change made through this node (sign-out, password,
// role, token revocation); on other nodes such a change applies within kTtl.
struct Api::SessionCache {
  static constexpr auto kTtl = std::chrono::seconds(2);
  struct Entry {
    auth::Authenticated who;
    std::chrono::steady_clock::time_point until;
  };
  std::mutex mu;
  std::unordered_map<std::string, Entry> map;  // guarded by mu; key: "s:" + cookie or "b:" + token

  std::optional<auth::Authenticated> Get(const std::string& key) {
    std::lock_guard lk(mu);
    auto it = map.find(key);
    if (it == map.end() || it->second.until < std::chrono::steady_clock::now()) return std::nullopt;
    return it->second.who;
  }
  void Put(const std::string& key, const auth::Authenticated& a) {
    std::lock_guard lk(mu);
    if (map.size() > 100'000) map.clear();  // bound memory; entries are cheap to rebuild
    map[key] = {a, std::chrono::steady_clock::now() + kTtl};
  }
  void Clear() {
    std::lock_guard lk(mu);
    map.clear();
  }
};

Api::Api(ApiDeps deps)
    : deps_(std::move(deps)), static_(std::make_unique<StaticCache>()), sessions_(std::make_unique<SessionCache>()) {
  AddFoundationRoutes();
  AddRecruitingRoutes();
  AddPayrollRoutes();
  AddInterviewRoutes();
  AddHiringRoutes();
  AddLifecycleRoutes();
  AddAnalyticsRoutes();
}
Api::~Api() = default;

BodyPolicy Api::Policy(const std::string& method, const std::string& path) const {
  auto m = router_.Find(method, path);
  if (!m.route) return {64 * 1024, false};
  return {m.route->max_body, m.route->stream_to_file};
}

static bool Unsafe(const std::string& m) { return m != "GET" && m != "HEAD" && m != "OPTIONS"; }

Response Api::Handle(Request& req) {
  const std::string& p = req.path;
  bool api = p.rfind("/api/", 0) == 0 || p == "/healthz" || p == "/readyz";
  if (!api) {
    if (req.method != "GET" && req.method != "HEAD")
      return Response::Problem({core::ErrorCode::kNotFound, "no such resource", {}, {}}, req.request_id, p);
    return Static(req);
  }
  auto m = router_.Find(req.method, p);
  if (!m.route) {
    if (m.method_mismatch) {
      return Response::Problem({core::ErrorCode::kInvalid, "method " + req.method + " is not allowed here", {}, "method_not_allowed"},
                               req.request_id, p, nullptr, 405);
    }
    return Response::Problem(Error::NotFound("no such API route: " + p), req.request_id, p);
  }
  req.params = m.params;
  Context ctx;
  if (m.route->access == Access::kUser) {
    std::string authz = req.Header("authorization");
    bool bearer = authz.rfind("Bearer ", 0) == 0;
    std::string key = bearer ? "b:" + authz.substr(7) : "s:" + req.Cookie("hf_session");
    std::optional<auth::Authenticated> who = sessions_->Get(key);
    if (!who) {
      auto tx = deps_.db.Begin(false);
      if (!tx.ok()) return Response::Problem(tx.error(), req.request_id, p);
      auto a = bearer ? auth::AuthenticateToken(**tx, authz.substr(7), deps_.clock)
                      : auth::AuthenticateSession(**tx, req.Cookie("hf_session"), deps_.clock);
      if (!a.ok()) return Response::Problem(a.error(), req.request_id, p);
      who = *a;
      sessions_->Put(key, *who);
    }
    if (!bearer && Unsafe(req.method) && req.Header("x-csrf-token") != who->csrf_token) {
      return Response::Problem({core::ErrorCode::kForbidden, "missing or wrong X-CSRF-Token header", {}, "csrf"},
                               req.request_id, p);
    }
    ctx.principal = who->principal;
    ctx.csrf_token = who->csrf_token;
  }
  auto r = m.route->handler(req, ctx);
  // Account changes (sign-out, passwords, roles, disabling, tokens) drop the cached credentials.
  if (r.ok() && Unsafe(req.method) && (p.rfind("/api/v1/auth/", 0) == 0 || p.rfind("/api/v1/users", 0) == 0))
    sessions_->Clear();
  if (!r.ok()) {
    if (r.error().code == core::ErrorCode::kInternal)
      std::fprintf(stderr, "request %s %s %s: %s\n", req.request_id.c_str(), req.method.c_str(), p.c_str(),
                   r.error().message.c_str());
    return Response::Problem(r.error(), req.request_id, p);
  }
  return std::move(r).value();
}

static const char* ContentType(const std::string& ext) {
  static const std::unordered_map<std::string, const char*> k = {
      {".html", "text/html; charset=utf-8"}, {".js", "application/javascript"}, {".mjs", "application/javascript"},
      {".css", "text/css"}, {".svg", "image/svg+xml"}, {".png", "image/png"}, {".jpg", "image/jpeg"},
      {".ico", "image/x-icon"}, {".json", "application/json"}, {".woff2", "font/woff2"}, {".woff", "font/woff"},
      {".ttf", "font/ttf"}, {".txt", "text/plain; charset=utf-8"}, {".map", "application/json"}, {".webp", "image/webp"}};
  auto it = k.find(ext);
  return it == k.end() ? "application/octet-stream" : it->second;
}

Response Api::Static(const Request& req) {
  namespace fs = std::filesystem;
  std::string rel = req.path;
  if (rel.find("..") != std::string::npos || rel.find('\0') != std::string::npos)
    return Response::Problem(Error::NotFound("no such file"), req.request_id);
  if (rel == "/" || rel.empty()) rel = "/index.html";
  fs::path base(deps_.web_dir);
  fs::path file = base / rel.substr(1);
  bool fallback = false;
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) {
    // SPA fallback: client-side routes get index.html; missing assets are 404.
    if (fs::path(rel).has_extension() && rel.rfind("/assets/", 0) == 0)
      return Response::Problem(Error::NotFound("no such file: " + rel), req.request_id);
    file = base / "index.html";
    fallback = true;
    if (!fs::is_regular_file(file, ec)) {
      Response r;
      r.status = 503;
      r.content_type = "text/html; charset=utf-8";
      r.body = "<!doctype html><meta charset=utf-8><title>HireFlow</title><p>The web app is not built. Run "
               "<code>make build</code> (it builds web/dist).</p>";
      return r;
    }
  }
  std::string key = file.string();
  std::shared_ptr<const StaticCache::Entry> e;
  {
    std::lock_guard lk(static_->mu);
    auto it = static_->files.find(key);
    if (it != static_->files.end()) e = it->second;
  }
  // One stat per request keeps the cache true to the disk: `make build` while serving takes effect
  // on the next request instead of serving an index.html that names deleted assets.
  auto mtime = fs::last_write_time(file, ec);
  auto size = fs::file_size(file, ec);
  if (e && (e->mtime != mtime || e->size != size)) e.reset();
  if (!e) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    auto ne = std::make_shared<StaticCache::Entry>();
    ne->body = ss.str();
    ne->mtime = mtime;
    ne->size = size;
    ne->etag = "\"" + std::to_string(ne->body.size()) + "-" +
               std::to_string(std::hash<std::string>{}(ne->body) & 0xffffffffffffULL) + "\"";
    ne->type = ContentType(file.extension().string());
    if (ne->body.size() >= 1024) ne->gz = Gzip(ne->body);
    e = ne;
    std::lock_guard lk(static_->mu);
    static_->files[key] = e;
  }
  Response r;
  r.content_type = e->type;
  r.headers.emplace_back("ETag", e->etag);
  bool immutable_asset = !fallback && rel.rfind("/assets/", 0) == 0;
  r.headers.emplace_back("Cache-Control", immutable_asset ? "public, max-age=31536000, immutable" : "no-cache");
  if (req.Header("if-none-match") == e->etag) {
    r.status = 304;  // the browser's copy is current (index.html is revalidated on every load)
    return r;
  }
  bool gz = !e->gz.empty() && req.Header("accept-encoding").find("gzip") != std::string::npos;
  r.body = gz ? e->gz : e->body;
  if (gz) r.headers.emplace_back("Content-Encoding", "gzip");
  if (!e->gz.empty()) r.headers.emplace_back("Vary", "Accept-Encoding");
  return r;
}

}  // namespace http
