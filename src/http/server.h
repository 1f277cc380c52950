// The HTTP server: Boost.Beast over Asio with C++20 coroutines. Keep-alive, request size limits,
// bodies streamed to disk for upload routes, gzip, request ids, access log, security headers,
// optional TLS, graceful drain on Stop(). The only translation unit that includes Beast.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "http/router.h"

namespace http {

struct ServerOptions {
  std::string bind = "0.0.0.0";
  int port = 8080;
  int threads = 0;              // 0 = hardware concurrency
  std::string tls_cert, tls_key;  // both set = HTTPS
  std::string upload_dir;       // where streamed bodies go (must exist)
  std::string access_log;       // file path; "-" = stderr; "" = off
  size_t max_header = 16 * 1024;
  int idle_timeout_s = 120;     // keep-alive connections idle longer than this are closed
  int drain_timeout_s = 20;     // Stop(): time given to in-flight requests
};

struct BodyPolicy {
  size_t max_body = 1 << 20;
  bool stream_to_file = false;
};

class Server {
 public:
  using HandleFn = std::function<Response(Request&)>;
  using PolicyFn = std::function<BodyPolicy(const std::string& method, const std::string& path)>;
  Server(ServerOptions opts, HandleFn handle, PolicyFn policy);
  ~Server();  // stops and joins
  // Binds and starts the worker threads; returns kUnavailable when the port cannot be bound.
  core::Status Start();
  int port() const;  // the bound port (useful with port 0)
  // Graceful: stop accepting, let in-flight requests finish (up to drain_timeout_s), close.
  void Stop();
  // Blocks until SIGINT/SIGTERM, then Stop(). SIGHUP reopens the access log (after logrotate or
  // `mv access.log access.log.1`) and keeps serving.
  void RunUntilSignal();
  // Closes and reopens the access log file at its configured path; no-op when it is off or stderr.
  void ReopenAccessLog();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// gzip-compresses `data` (level 6). Exposed for the static file cache and tests.
std::string Gzip(std::string_view data);

}  // namespace http
