// Outbound HTTP for the SMS gateway and IM robots (libcurl), and their signatures (libsodium).
#include <curl/curl.h>
#include <sodium.h>

#include <cstdlib>
#include <mutex>
#include <nlohmann/json.hpp>

#include "notify/notify.h"

namespace notify {

using core::Error;
using core::Result;
using core::Status;
using nlohmann::json;

namespace {

size_t Collect(char* p, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(p, size * n);
  return size * n;
}

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

std::string UrlEncode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
    else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

int64_t UnixMillis(const core::Instant& t) { return t.time_since_epoch().count(); }

}  // namespace

Result<HttpReply> PostJson(const std::string& url, const std::string& body, const std::vector<std::string>& headers, long timeout_ms) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  CURL* curl = curl_easy_init();
  if (!curl) return Error::Internal("curl_easy_init failed");
  struct curl_slist* h = curl_slist_append(nullptr, "Content-Type: application/json; charset=utf-8");
  for (const auto& x : headers) h = curl_slist_append(h, x.c_str());
  HttpReply reply;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, h);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reply.body);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  CURLcode rc = curl_easy_perform(curl);
  if (rc == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply.status);
  curl_slist_free_all(h);
  curl_easy_cleanup(curl);
  if (rc != CURLE_OK) return Error::Unavailable(std::string("HTTP: ") + curl_easy_strerror(rc));
  return reply;
}

std::string HmacSha256(std::string_view key, std::string_view message) {
  unsigned char out[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(message.data()), message.size());
  crypto_auth_hmacsha256_final(&st, out);
  return std::string(reinterpret_cast<char*>(out), sizeof out);
}

std::string Hex(std::string_view bytes) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += hex[c >> 4];
    out += hex[c & 15];
  }
  return out;
}

std::string Base64Encode(std::string_view bytes) {
  std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::optional<HttpSmsConfig> HttpSmsConfig::FromEnv() {
  HttpSmsConfig c;
  c.url = Env("HIREFLOW_SMS_URL");
  if (c.url.empty()) return std::nullopt;
  c.secret = Env("HIREFLOW_SMS_SECRET");
  if (!Env("HIREFLOW_SMS_SENDER").empty()) c.sender = Env("HIREFLOW_SMS_SENDER");
  return c;
}

Status HttpSmsGateway::Send(const std::string& to, const std::string& text) {
  std::string body = json{{"to", to}, {"text", text}, {"sender", config_.sender}}.dump();
  std::string ts = std::to_string(std::time(nullptr));
  std::string sig = Hex(HmacSha256(config_.secret, ts + "." + body));
  HF_ASSIGN(HttpReply r, PostJson(config_.url, body, {"X-HireFlow-Timestamp: " + ts, "X-HireFlow-Signature: " + sig}));
  if (r.status < 200 || r.status >= 300)
    return Error::Unavailable("SMS gateway answered " + std::to_string(r.status) + ": " + r.body.substr(0, 200));
  return {};
}

std::vector<Robot> RobotsFromEnv() {
  std::vector<Robot> out;
  std::string spec = Env("HIREFLOW_IM_ROBOTS");
  size_t start = 0;
  while (start < spec.size()) {
    size_t end = spec.find(';', start);
    if (end == std::string::npos) end = spec.size();
    std::string item = spec.substr(start, end - start);
    start = end + 1;
    size_t a = item.find('|');
    if (a == std::string::npos) continue;
    size_t b = item.find('|', a + 1);
    std::string kind = item.substr(0, a);
    Robot r;
    r.webhook = item.substr(a + 1, b == std::string::npos ? std::string::npos : b - a - 1);
    if (b != std::string::npos) r.secret = item.substr(b + 1);
    if (kind == "dingtalk") r.kind = RobotKind::kDingTalk;
    else if (kind == "wecom") r.kind = RobotKind::kWeCom;
    else if (kind == "feishu" || kind == "lark") r.kind = RobotKind::kFeishu;
    else continue;
    if (!r.webhook.empty()) out.push_back(std::move(r));
  }
  return out;
}

Status SendRobotText(const Robot& robot, const std::string& text, const core::Instant& now) {
  std::string url = robot.webhook;
  json body;
  switch (robot.kind) {
    case RobotKind::kDingTalk: {
      body = {{"msgtype", "text"}, {"text", {{"content", text}}}};
      if (!robot.secret.empty()) {
        // DingTalk: sign = urlencode(base64(HMAC-SHA256(key = secret, "timestamp\nsecret"))), timestamp in ms.
        std::string ts = std::to_string(UnixMillis(now));
        std::string sign = UrlEncode(Base64Encode(HmacSha256(robot.secret, ts + "\n" + robot.secret)));
        url += (url.find('?') == std::string::npos ? "?" : "&") + std::string("timestamp=") + ts + "&sign=" + sign;
      }
      break;
    }
    case RobotKind::kWeCom:
      body = {{"msgtype", "text"}, {"text", {{"content", text}}}};
      break;
    case RobotKind::kFeishu: {
      body = {{"msg_type", "text"}, {"content", {{"text", text}}}};
      if (!robot.secret.empty()) {
        // Feishu: sign = base64(HMAC-SHA256(key = "timestamp\nsecret", empty message)), timestamp in s.
        std::string ts = std::to_string(UnixMillis(now) / 1000);
        body["timestamp"] = ts;
        body["sign"] = Base64Encode(HmacSha256(ts + "\n" + robot.secret, ""));
      }
      break;
    }
  }
  HF_ASSIGN(HttpReply r, PostJson(url, body.dump()));
  if (r.status < 200 || r.status >= 300) return Error::Unavailable("robot answered HTTP " + std::to_string(r.status));
  json answer = json::parse(r.body, nullptr, false);
  if (answer.is_object()) {
    int code = answer.value("errcode", answer.value("code", answer.value("StatusCode", 0)));
    if (code != 0) return Error::Unavailable("robot refused the message: " + r.body.substr(0, 200));
  }
  return {};
}

}  // namespace notify
