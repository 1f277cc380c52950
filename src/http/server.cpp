#include "http/server.h"

#include <zlib.h>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast.hpp>
#include <boost/beast/ssl.hpp>
#include <array>
#include <atomic>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "auth/crypto.h"

namespace http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

std::string Gzip(std::string_view data) {
  z_stream zs{};
  deflateInit2(&zs, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
  std::string out;
  out.resize(deflateBound(&zs, uLong(data.size())));
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = uInt(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = uInt(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

namespace {

constexpr uint64_t kMaxDrain = 64ull << 20;  // oversized bodies up to this are drained before the 413

bool Compressible(const std::string& ct) {
  return ct.rfind("application/json", 0) == 0 || ct.rfind("application/problem+json", 0) == 0 ||
         ct.rfind("text/", 0) == 0 || ct.rfind("application/javascript", 0) == 0 || ct.rfind("image/svg", 0) == 0;
}

// A request id: unique, not secret. A random prefix per process (so that ids from several servers
// and restarts do not collide) and a counter, instead of a random token per request.
std::string NewRequestId() {
  static const std::string prefix = auth::RandomToken(6);
  static std::atomic<uint64_t> counter{0};
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof buf, counter.fetch_add(1, std::memory_order_relaxed), 36);
  std::string id = prefix;
  id += '-';
  id.append(buf, size_t(res.ptr - buf));
  return id;
}

std::string SaneRequestId(const std::string& in) {
  if (in.empty() || in.size() > 64) return NewRequestId();
  for (unsigned char c : in)
    if (!(std::isalnum(c) || c == '-' || c == '_' || c == '.')) return NewRequestId();
  return in;
}

void ParseTarget(Request& r) {
  size_t q = r.target.find('?');
  r.path = UrlDecode(std::string_view(r.target).substr(0, q), false);
  if (q == std::string::npos) return;
  std::string_view qs = std::string_view(r.target).substr(q + 1);
  size_t i = 0;
  while (i <= qs.size()) {
    size_t amp = qs.find('&', i);
    if (amp == std::string_view::npos) amp = qs.size();
    std::string_view kv = qs.substr(i, amp - i);
    if (!kv.empty()) {
      size_t eq = kv.find('=');
      std::string k = UrlDecode(kv.substr(0, eq), true);
      std::string v = eq == std::string_view::npos ? "" : UrlDecode(kv.substr(eq + 1), true);
      r.query.emplace(std::move(k), std::move(v));
    }
    i = amp + 1;
  }
}

}  // namespace

// Line-buffered: each request's line reaches the file when it is written (tail -f, a crash loses
// nothing already logged), at the price of one write(2) per request while logging is on.
static FILE* OpenLog(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "a");
  if (f) std::setvbuf(f, nullptr, _IOLBF, 4096);
  return f;
}

struct Server::Impl {
  ServerOptions opts;
  HandleFn handle;
  PolicyFn policy;
  asio::io_context io;
  std::optional<asio::ssl::context> ssl;
  tcp::acceptor acceptor{io};
  std::vector<std::thread> threads;
  std::atomic<bool> draining{false};
  std::atomic<int> in_flight{0};
  std::atomic<uint64_t> temp_counter{0};
  FILE* access = nullptr;
  std::mutex access_mu;
  bool stopped = false;

  void Log(const Request& r, int status, size_t bytes, double ms) {
    if (opts.access_log.empty()) return;  // off: no lock on the hot path
    std::lock_guard lk(access_mu);        // ReopenAccessLog swaps the file under the same lock
    if (!access) return;
    std::fprintf(access, "%s %s %s \"%s\" %d %zu %.2fms\n", r.request_id.c_str(), r.remote_ip.c_str(), r.method.c_str(),
                 r.target.c_str(), status, bytes, ms);
  }

  // One response on the wire: the status line and header block written by hand into one string
  // (Beast's fields container allocated a node per header on every request), and the body, sent
  // together with one gathering write.
  struct Wire {
    std::string head, body;
  };

  Wire Build(const Request& req, Response&& resp, unsigned version, bool keep_alive, bool gzip_ok) {
    auto given = [&](std::string_view name) {
      for (auto& [k, v] : resp.headers)
        if (beast::iequals(k, name)) return true;
      return false;
    };
    bool gzip = !given("Content-Encoding") && gzip_ok && resp.body.size() >= 1024 && Compressible(resp.content_type);
    if (gzip) resp.body = Gzip(resp.body);
    // 1xx, 204 and 304 have no body and no Content-Length (RFC 9110 §8.6, 15.3.5, 15.4.5).
    bool bodiless = resp.status / 100 == 1 || resp.status == 204 || resp.status == 304;

    Wire w;
    std::string& h = w.head;
    h.reserve(768);
    h += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    h += std::to_string(resp.status);
    h += ' ';
    h += bhttp::obsolete_reason(bhttp::status(resp.status));
    h += "\r\n";
    auto add = [&h](std::string_view name, std::string_view value) {
      h += name;
      h += ": ";
      for (char c : value) h += (c == '\r' || c == '\n') ? ' ' : c;  // a value never ends the header
      h += "\r\n";
    };
    auto add_default = [&](std::string_view name, std::string_view value) {
      if (!given(name)) add(name, value);
    };
    add("Server", "HireFlow");
    if (!resp.content_type.empty()) add_default("Content-Type", resp.content_type);
    add("X-Request-Id", req.request_id);
    add_default("X-Content-Type-Options", "nosniff");
    add_default("Referrer-Policy", "same-origin");
    add_default("X-Frame-Options", "DENY");
    add_default("Content-Security-Policy",
                "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; style-src 'self' 'unsafe-inline'; "
                "script-src 'self'; connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'; base-uri 'self'");
    if (req.tls) add_default("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    for (size_t i = 0; i < resp.headers.size(); ++i) {
      const auto& [k, v] = resp.headers[i];
      bool later = false;  // a handler's later value of the same header wins (Set-Cookie: one line each)
      if (!beast::iequals(k, "Set-Cookie"))
        for (size_t j = i + 1; j < resp.headers.size() && !later; ++j) later = beast::iequals(resp.headers[j].first, k);
      if (!later) add(k, v);
    }
    if (gzip) {
      add("Content-Encoding", "gzip");
      add_default("Vary", "Accept-Encoding");
    }
    if (!bodiless) add("Content-Length", std::to_string(resp.body.size()));
    if (version == 10 && keep_alive) add("Connection", "keep-alive");
    if (version != 10 && !keep_alive) add("Connection", "close");
    h += "\r\n";
    if (!bodiless && req.method != "HEAD") w.body = std::move(resp.body);
    return w;
  }

  // Reads the body of one request whose header has arrived, answers it; false = close the connection.
  template <class Stream>
  asio::awaitable<bool> HandleOne(Stream& stream, beast::flat_buffer& buffer,
                                  bhttp::request_parser<bhttp::empty_body>& header_parser, const std::string& remote_ip,
                                  bool tls) {
      ++in_flight;
      struct Guard { std::atomic<int>& n; ~Guard() { --n; } } guard{in_flight};
      auto started = std::chrono::steady_clock::now();
      beast::get_lowest_layer(stream).expires_after(120s);

      Request req;
      req.tls = tls;
      req.remote_ip = remote_ip;
      auto& h = header_parser.get();
      req.method = std::string(h.method_string());
      req.target = std::string(h.target());
      for (auto& f : h) {
        std::string name(f.name_string());
        for (auto& c : name) c = char(std::tolower(static_cast<unsigned char>(c)));
        auto [it, inserted] = req.headers.emplace(name, std::string(f.value()));
        if (!inserted) it->second += ", " + std::string(f.value());
      }
      req.request_id = SaneRequestId(req.Header("x-request-id"));
      ParseTarget(req);
      unsigned version = h.version();
      bool keep_alive = h.keep_alive();
      bool gzip_ok = req.Header("accept-encoding").find("gzip") != std::string::npos;
      if (h[bhttp::field::expect] == "100-continue") {
        bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, version};
        (void)co_await bhttp::async_write(stream, cont, asio::as_tuple(asio::use_awaitable));
      }

      BodyPolicy bp = policy(req.method, req.path);
      Response resp;
      bool body_ok = true;
      // Beast checks body_limit against Content-Length only while parsing the header, when the
      // route (and so the limit) was not yet known: check the declared length here.
      auto declared = header_parser.content_length();
      if (declared && *declared > bp.max_body) {
        resp = Response::Problem({core::ErrorCode::kTooLarge, "the body is larger than " + std::to_string(bp.max_body) +
                                  " bytes", "body", {}}, req.request_id);
        body_ok = false;
        keep_alive = false;
        // Read and discard a moderately oversized body so that the client, still sending, gets
        // the 413 instead of a connection reset (closing with unread input sends RST).
        if (*declared <= kMaxDrain) {
          bhttp::request_parser<bhttp::buffer_body> drain(std::move(header_parser));
          drain.body_limit(boost::none);
          char sink[16384];
          while (!drain.is_done()) {
            drain.get().body().data = sink;
            drain.get().body().size = sizeof sink;
            auto [dec, dn] = co_await bhttp::async_read(stream, buffer, drain, asio::as_tuple(asio::use_awaitable));
            if (dec == bhttp::error::need_buffer) continue;
            if (dec) co_return false;
          }
        }
      } else if (bp.stream_to_file) {
        bhttp::request_parser<bhttp::file_body> p(std::move(header_parser));
        p.body_limit(bp.max_body);
        std::string path = opts.upload_dir + "/upload-" + std::to_string(::getpid()) + "-" +
                           std::to_string(temp_counter++) + ".part";
        beast::error_code fec;
        p.get().body().open(path.c_str(), beast::file_mode::write, fec);
        if (fec) {
          resp = Response::Problem(core::Error::Internal("cannot open upload file"), req.request_id);
          body_ok = false;
          keep_alive = false;
        } else {
          auto [rec, n] = co_await bhttp::async_read(stream, buffer, p, asio::as_tuple(asio::use_awaitable));
          p.get().body().close();
          if (rec == bhttp::error::body_limit) {
            resp = Response::Problem({core::ErrorCode::kTooLarge, "the body is larger than " +
                                      std::to_string(bp.max_body) + " bytes", "body", {}}, req.request_id);
            body_ok = false;
            keep_alive = false;
          } else if (rec) {
            std::filesystem::remove(path);
            co_return false;
          }
          req.body_file = path;
        }
        if (!body_ok) std::filesystem::remove(path);
      } else {
        bhttp::request_parser<bhttp::string_body> p(std::move(header_parser));
        p.body_limit(bp.max_body);
        auto [rec, n] = co_await bhttp::async_read(stream, buffer, p, asio::as_tuple(asio::use_awaitable));
        if (rec == bhttp::error::body_limit) {
          resp = Response::Problem({core::ErrorCode::kTooLarge, "the body is larger than " +
                                    std::to_string(bp.max_body) + " bytes", "body", {}}, req.request_id);
          body_ok = false;
          keep_alive = false;
        } else if (rec) {
          co_return false;
        } else {
          req.body = std::move(p.get().body());
        }
      }
      if (body_ok) {
        try {
          resp = handle(req);
        } catch (const std::exception& e) {
          std::fprintf(stderr, "request %s: unhandled exception: %s\n", req.request_id.c_str(), e.what());
          resp = Response::Problem(core::Error::Internal(e.what()), req.request_id);
        }
        if (!req.body_file.empty()) {
          std::error_code rm;
          std::filesystem::remove(req.body_file, rm);  // handlers move what they keep
        }
      }
      if (draining) keep_alive = false;
      int status = resp.status;
      Wire wire = Build(req, std::move(resp), version, keep_alive, gzip_ok);
      size_t bytes = wire.body.size();
      std::array<asio::const_buffer, 2> out{asio::buffer(wire.head), asio::buffer(wire.body)};
      auto [wec, wn] = co_await asio::async_write(stream, out, asio::as_tuple(asio::use_awaitable));
      Log(req, status, bytes,
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
      co_return !wec && keep_alive;
  }

  // The loop an idle keep-alive connection waits in: its coroutine frame holds only the buffer and
  // the header parser; everything a request needs lives in HandleOne's frame, freed after each one.
  template <class Stream>
  asio::awaitable<void> Serve(Stream& stream, std::string remote_ip, bool tls) {
    beast::flat_buffer buffer;
    for (;;) {
      if (draining) co_return;
      beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(opts.idle_timeout_s));
      bhttp::request_parser<bhttp::empty_body> header_parser;
      header_parser.header_limit(uint32_t(opts.max_header));
      header_parser.body_limit(boost::none);
      auto [ec, hn] = co_await bhttp::async_read_header(stream, buffer, header_parser, asio::as_tuple(asio::use_awaitable));
      if (ec) co_return;  // closed, timed out or garbage: nothing to answer
      if (!co_await HandleOne(stream, buffer, header_parser, remote_ip, tls)) co_return;
    }
  }

  asio::awaitable<void> Session(tcp::socket socket) {
    beast::error_code ec;
    auto ep = socket.remote_endpoint(ec);
    std::string ip = ec ? "" : ep.address().to_string();
    socket.set_option(tcp::no_delay(true), ec);
    if (ssl) {
      beast::ssl_stream<beast::tcp_stream> stream(beast::tcp_stream(std::move(socket)), *ssl);
      beast::get_lowest_layer(stream).expires_after(30s);
      auto [hec] = co_await stream.async_handshake(asio::ssl::stream_base::server, asio::as_tuple(asio::use_awaitable));
      if (hec) co_return;
      co_await Serve(stream, ip, true);
      beast::get_lowest_layer(stream).expires_after(5s);
      co_await stream.async_shutdown(asio::as_tuple(asio::use_awaitable));
    } else {
      beast::tcp_stream stream(std::move(socket));
      co_await Serve(stream, ip, false);
      stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    }
  }

  asio::awaitable<void> Accept() {
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(io), asio::as_tuple(asio::use_awaitable));
      if (ec) {
        if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
        continue;  // e.g. EMFILE: keep accepting
      }
      auto ex = socket.get_executor();
      asio::co_spawn(ex, Session(std::move(socket)), asio::detached);
    }
  }
};

Server::Server(ServerOptions opts, HandleFn handle, PolicyFn policy) : impl_(std::make_unique<Impl>()) {
  impl_->opts = std::move(opts);
  impl_->handle = std::move(handle);
  impl_->policy = std::move(policy);
}

Server::~Server() { Stop(); }

core::Status Server::Start() {
  auto& im = *impl_;
  if (!im.opts.tls_cert.empty() || !im.opts.tls_key.empty()) {
    im.ssl.emplace(asio::ssl::context::tls_server);
    im.ssl->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                        asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1);
    beast::error_code ec;
    im.ssl->use_certificate_chain_file(im.opts.tls_cert, ec);
    if (!ec) im.ssl->use_private_key_file(im.opts.tls_key, asio::ssl::context::pem, ec);
    if (ec) return core::Error::Invalid("tls-cert", "cannot load TLS certificate/key: " + ec.message());
  }
  if (im.opts.access_log == "-") im.access = stderr;
  else if (!im.opts.access_log.empty()) im.access = OpenLog(im.opts.access_log);
  beast::error_code ec;
  auto addr = asio::ip::make_address(im.opts.bind, ec);
  if (ec) return core::Error::Invalid("bind", "bad bind address");
  tcp::endpoint ep(addr, uint16_t(im.opts.port));
  im.acceptor.open(ep.protocol(), ec);
  if (!ec) im.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) im.acceptor.bind(ep, ec);
  if (!ec) im.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return core::Error::Unavailable("cannot listen on " + im.opts.bind + ":" + std::to_string(im.opts.port) + ": " + ec.message());
  asio::co_spawn(im.io, im.Accept(), asio::detached);
  int n = im.opts.threads > 0 ? im.opts.threads : int(std::max(2u, std::thread::hardware_concurrency()));
  for (int i = 0; i < n; ++i) im.threads.emplace_back([&im] { im.io.run(); });
  return {};
}

int Server::port() const { return impl_->acceptor.is_open() ? impl_->acceptor.local_endpoint().port() : 0; }

void Server::Stop() {
  auto& im = *impl_;
  if (im.stopped) return;
  im.stopped = true;
  im.draining = true;
  asio::post(im.io, [&im] {
    beast::error_code ec;
    im.acceptor.close(ec);
  });
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(im.opts.drain_timeout_s);
  while (im.in_flight > 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(10ms);
  im.io.stop();
  for (auto& t : im.threads) t.join();
  im.threads.clear();
  if (im.access && im.access != stderr) std::fclose(im.access);
  im.access = nullptr;
}

void Server::ReopenAccessLog() {
  auto& im = *impl_;
  if (im.opts.access_log.empty() || im.opts.access_log == "-") return;
  std::lock_guard lk(im.access_mu);
  if (im.access) std::fclose(im.access);
  im.access = OpenLog(im.opts.access_log);
}

void Server::RunUntilSignal() {
  asio::io_context sig_io;
  asio::signal_set signals(sig_io, SIGINT, SIGTERM, SIGHUP);
  std::function<void(const beast::error_code&, int)> on_signal = [&](const beast::error_code& ec, int sig) {
    if (!ec && sig == SIGHUP) {
      ReopenAccessLog();
      signals.async_wait(on_signal);  // keep serving; wait for the next signal
    }
  };
  signals.async_wait(on_signal);
  sig_io.run();
  Stop();
}

}  // namespace http
