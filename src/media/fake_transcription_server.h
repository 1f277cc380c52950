// A tiny OpenAI-compatible transcription server for tests (POSIX sockets, one thread, one request
// per connection). It records each request, parses the multipart form enough to check its fields,
// and answers with whatever the test's handler returns.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace media::testing {

struct FormPart {
  std::string name;
  std::string filename;
  std::string content_type;
  std::string data;
};

struct FakeRequest {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body{};
  std::vector<FormPart> parts;  // multipart/form-data, parsed

  std::vector<std::string> Values(const std::string& name) const {
    std::vector<std::string> out;
    for (const FormPart& p : parts) {
      if (p.name == name) out.push_back(p.data);
    }
    return out;
  }
  const FormPart* Part(const std::string& name) const {
    for (const FormPart& p : parts) {
      if (p.name == name) return &p;
    }
    return nullptr;
  }
};

struct FakeResponse {
  int status = 200;
  std::string body{};
  bool hang = false;  // never answer (for timeout tests)
};

inline std::vector<FormPart> ParseMultipart(const std::string& content_type, const std::string& body) {
  std::vector<FormPart> parts;
  size_t b = content_type.find("boundary=");
  if (b == std::string::npos) return parts;
  std::string boundary = content_type.substr(b + 9);
  if (!boundary.empty() && boundary.front() == '"') boundary = boundary.substr(1, boundary.find('"', 1) - 1);
  std::string delim = "--" + boundary;
  size_t pos = body.find(delim);
  while (pos != std::string::npos) {
    pos += delim.size();
    if (body.compare(pos, 2, "--") == 0) break;
    pos += 2;  // CRLF
    size_t head_end = body.find("\r\n\r\n", pos);
    if (head_end == std::string::npos) break;
    std::string head = body.substr(pos, head_end - pos);
    size_t next = body.find("\r\n" + delim, head_end + 4);
    if (next == std::string::npos) break;
    FormPart part;
    part.data = body.substr(head_end + 4, next - head_end - 4);
    auto attr = [&](const std::string& key) -> std::string {
      size_t k = head.find(key + "=\"");
      if (k == std::string::npos) return "";
      k += key.size() + 2;
      return head.substr(k, head.find('"', k) - k);
    };
    part.name = attr("name");
    part.filename = attr("filename");
    std::string lower = head;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (size_t ct = lower.find("content-type:"); ct != std::string::npos) {
      size_t e = head.find("\r\n", ct);
      part.content_type = head.substr(ct + 13, e == std::string::npos ? std::string::npos : e - ct - 13);
      part.content_type.erase(0, part.content_type.find_first_not_of(' '));
    }
    parts.push_back(std::move(part));
    pos = next + 2;
  }
  return parts;
}

class FakeTranscriptionServer {
 public:
  using Handler = std::function<FakeResponse(const FakeRequest&)>;

  explicit FakeTranscriptionServer(Handler handler) : handler_(std::move(handler)) {
    // libcurl honours http_proxy: a machine with a proxy configured must still reach us directly.
    std::string no_proxy = std::getenv("no_proxy") ? std::getenv("no_proxy") : "";
    if (no_proxy.find("127.0.0.1") == std::string::npos) {
      std::string value = no_proxy.empty() ? "127.0.0.1,localhost" : no_proxy + ",127.0.0.1,localhost";
      ::setenv("no_proxy", value.c_str(), 1);
    }
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(listen_fd_, 8);
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Loop(); });
  }

  ~FakeTranscriptionServer() {
    stop_ = true;
    thread_.join();
    ::close(listen_fd_);
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  std::vector<FakeRequest> requests() {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }

 private:
  void Loop() {
    while (!stop_) {
      pollfd p{listen_fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      int fd = ::accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) continue;
      Serve(fd);
      ::close(fd);
    }
  }

  // Appends what arrives next to `buf`, waiting at most until stop. False on EOF or stop.
  bool ReadMore(int fd, std::string& buf) {
    while (!stop_) {
      pollfd p{fd, POLLIN, 0};
      int r = ::poll(&p, 1, 50);
      if (r == 0) continue;
      if (r < 0) return false;
      char tmp[65536];
      ssize_t n = ::read(fd, tmp, sizeof tmp);
      if (n <= 0) return false;
      buf.append(tmp, static_cast<size_t>(n));
      return true;
    }
    return false;
  }

  void Send(int fd, const std::string& s) {
    size_t off = 0;
    while (off < s.size()) {
      ssize_t n = ::write(fd, s.data() + off, s.size() - off);
      if (n <= 0) return;
      off += static_cast<size_t>(n);
    }
  }

  void Serve(int fd) {
    std::string buf;
    size_t head_end;
    while ((head_end = buf.find("\r\n\r\n")) == std::string::npos) {
      if (!ReadMore(fd, buf)) return;
    }
    FakeRequest req;
    std::string head = buf.substr(0, head_end);
    size_t line_end = head.find("\r\n");
    std::string request_line = head.substr(0, line_end);
    size_t sp1 = request_line.find(' '), sp2 = request_line.rfind(' ');
    req.method = request_line.substr(0, sp1);
    req.target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
    for (size_t pos = line_end + 2; pos < head.size();) {
      size_t e = head.find("\r\n", pos);
      if (e == std::string::npos) e = head.size();
      std::string h = head.substr(pos, e - pos);
      size_t colon = h.find(':');
      if (colon != std::string::npos) {
        std::string name = h.substr(0, colon);
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
        std::string value = h.substr(colon + 1);
        value.erase(0, value.find_first_not_of(' '));
        req.headers[name] = value;
      }
      pos = e + 2;
    }
    if (req.headers.count("expect")) Send(fd, "HTTP/1.1 100 Continue\r\n\r\n");
    size_t length = req.headers.count("content-length") ? std::stoul(req.headers["content-length"]) : 0;
    std::string body = buf.substr(head_end + 4);
    while (body.size() < length) {
      if (!ReadMore(fd, body)) return;
    }
    req.body = body.substr(0, length);
    req.parts = ParseMultipart(req.headers["content-type"], req.body);
    FakeResponse resp = handler_(req);
    {
      std::lock_guard<std::mutex> lock(mu_);
      requests_.push_back(req);
    }
    if (resp.hang) {
      std::string ignored;
      while (ReadMore(fd, ignored)) {
      }
      return;
    }
    Send(fd, "HTTP/1.1 " + std::to_string(resp.status) + " X\r\nContent-Type: application/json\r\nContent-Length: " +
                 std::to_string(resp.body.size()) + "\r\nConnection: close\r\n\r\n" + resp.body);
  }

  // Set at construction.
  Handler handler_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::thread thread_;  // owned; joined in the destructor

  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::vector<FakeRequest> requests_;  // guarded by mu_
};

// A verbose_json answer as OpenAI's API gives it.
inline std::string VerboseJson(const std::string& text = "I think the most important thing is the team.") {
  return R"({"task":"transcribe","language":"english","duration":4.2,"text":")" + text +
         R"(","segments":[{"id":0,"seek":0,"start":0.5,"end":2.0,"text":" I think the most important thing","tokens":[1,2],"temperature":0.0,"avg_logprob":-0.105,"compression_ratio":1.1,"no_speech_prob":0.01},{"id":1,"seek":0,"start":2.0,"end":3.1,"text":" is the team.","tokens":[3],"temperature":0.0,"avg_logprob":-0.223,"compression_ratio":1.1,"no_speech_prob":0.02}],"words":[{"word":"I","start":0.5,"end":0.62},{"word":"think","start":0.62,"end":0.9},{"word":"the","start":0.9,"end":1.0},{"word":"most","start":1.0,"end":1.3},{"word":"important","start":1.3,"end":1.8},{"word":"thing","start":1.8,"end":2.0},{"word":"is","start":2.0,"end":2.2},{"word":"the","start":2.2,"end":2.4},{"word":"team.","start":2.4,"end":3.1}]})";
}

}  // namespace media::testing
