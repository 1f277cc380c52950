#include "notify/notify.h"

#include <curl/curl.h>

#include <cstdlib>
#include <cstring>

#include "auth/crypto.h"

namespace notify {

using core::Error;
using core::Status;

namespace {

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

const char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string Base64(std::string_view in, size_t line = 76) {
  std::string out;
  size_t col = 0;
  for (size_t i = 0; i < in.size(); i += 3) {
    uint32_t n = uint32_t(static_cast<unsigned char>(in[i])) << 16;
    if (i + 1 < in.size()) n |= uint32_t(static_cast<unsigned char>(in[i + 1])) << 8;
    if (i + 2 < in.size()) n |= uint32_t(static_cast<unsigned char>(in[i + 2]));
    out += kB64[(n >> 18) & 63];
    out += kB64[(n >> 12) & 63];
    out += i + 1 < in.size() ? kB64[(n >> 6) & 63] : '=';
    out += i + 2 < in.size() ? kB64[n & 63] : '=';
    col += 4;
    if (line && col >= line) {
      out += "\r\n";
      col = 0;
    }
  }
  if (line && col) out += "\r\n";
  return out;
}

bool Ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80 || c == '\r' || c == '\n') return false;
  return true;
}

// RFC 2047 encoded-word for non-ASCII header text.
std::string HeaderText(std::string_view s) {
  if (Ascii(s)) return std::string(s);
  return "=?UTF-8?B?" + Base64(s, 0) + "?=";
}

// The address part of "Name <a@b>" (or the whole text).
std::string Address(const std::string& s) {
  auto a = s.find('<'), b = s.find('>');
  if (a != std::string::npos && b != std::string::npos && b > a) return s.substr(a + 1, b - a - 1);
  return s;
}

std::string FormatRfc5322Date(const core::Instant& t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(std::chrono::time_point_cast<std::chrono::seconds>(t));
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

std::string IcsTime(const core::Instant& t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(std::chrono::time_point_cast<std::chrono::seconds>(t));
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

// RFC 5545 TEXT escaping and 75-octet line folding (never inside a UTF-8 sequence).
std::string IcsEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == ';' || c == ',') out += '\\', out += c;
    else if (c == '\n') out += "\\n";
    else if (c != '\r') out += c;
  }
  return out;
}

std::string Fold(const std::string& line) {
  std::string out;
  size_t col = 0;
  for (size_t i = 0; i < line.size();) {
    size_t len = 1;
    unsigned char c = static_cast<unsigned char>(line[i]);
    if (c >= 0xF0) len = 4;
    else if (c >= 0xE0) len = 3;
    else if (c >= 0xC0) len = 2;
    if (col + len > 75) {
      out += "\r\n ";
      col = 1;
    }
    out.append(line, i, len);
    col += len;
    i += len;
  }
  return out + "\r\n";
}

struct Upload {
  const std::string* data;
  size_t pos = 0;
};

size_t ReadCb(char* buf, size_t size, size_t n, void* p) {
  auto* u = static_cast<Upload*>(p);
  size_t left = u->data->size() - u->pos;
  size_t k = std::min(left, size * n);
  std::memcpy(buf, u->data->data() + u->pos, k);
  u->pos += k;
  return k;
}

}  // namespace

std::optional<SmtpConfig> SmtpConfig::FromEnv() {
  SmtpConfig c;
  c.url = Env("HIREFLOW_SMTP_URL");
  if (c.url.empty()) return std::nullopt;
  c.from = Env("HIREFLOW_MAIL_FROM");
  if (c.from.empty()) c.from = "HireFlow <no-reply@hireflow.local>";
  c.username = Env("HIREFLOW_SMTP_USER");
  c.password = Env("HIREFLOW_SMTP_PASSWORD");
  c.starttls = Env("HIREFLOW_SMTP_STARTTLS") == "1";
  return c;
}

std::string BuildMessage(const Email& email, const std::string& from, const core::Instant& date,
                         const std::string& message_id_domain) {
  std::string boundary = "hf-" + auth::RandomToken(12);
  std::string m;
  m += "From: " + from + "\r\n";
  m += "To: " + email.to + "\r\n";
  m += "Subject: " + HeaderText(email.subject) + "\r\n";
  m += "Date: " + FormatRfc5322Date(date) + "\r\n";
  m += "Message-ID: <" + auth::RandomToken(16) + "@" + message_id_domain + ">\r\n";
  m += "MIME-Version: 1.0\r\n";
  bool multipart = email.html || !email.attachments.empty();
  auto text_part = [&](const std::string& type, const std::string& body) {
    return "Content-Type: " + type + "; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" + Base64(body);
  };
  if (!multipart) {
    m += text_part("text/plain", email.text);
    return m;
  }
  m += "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n";
  if (email.html) {
    std::string alt = "hfa-" + auth::RandomToken(12);
    m += "--" + boundary + "\r\nContent-Type: multipart/alternative; boundary=\"" + alt + "\"\r\n\r\n";
    m += "--" + alt + "\r\n" + text_part("text/plain", email.text);
    m += "--" + alt + "\r\n" + text_part("text/html", *email.html);
    m += "--" + alt + "--\r\n";
  } else {
    m += "--" + boundary + "\r\n" + text_part("text/plain", email.text);
  }
  for (const auto& a : email.attachments) {
    m += "--" + boundary + "\r\n";
    m += "Content-Type: " + a.content_type + "; name=\"" + a.filename + "\"\r\n";
    m += "Content-Disposition: attachment; filename=\"" + a.filename + "\"\r\n";
    m += "Content-Transfer-Encoding: base64\r\n\r\n" + Base64(a.content);
  }
  m += "--" + boundary + "--\r\n";
  return m;
}

Status SmtpMailer::Send(const Email& email) {
  if (email.to.empty() || email.to.find('\n') != std::string::npos || email.to.find('\r') != std::string::npos)
    return Error::Invalid("to", "no valid recipient");
  CURL* curl = curl_easy_init();
  if (!curl) return Error::Internal("curl_easy_init failed");
  std::string from_addr = Address(config_.from);
  std::string domain = from_addr.substr(from_addr.find('@') == std::string::npos ? 0 : from_addr.find('@') + 1);
  std::string msg = BuildMessage(email, config_.from, std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()),
                                 domain.empty() ? "hireflow.local" : domain);
  Upload up{&msg};
  struct curl_slist* rcpt = curl_slist_append(nullptr, ("<" + Address(email.to) + ">").c_str());
  curl_easy_setopt(curl, CURLOPT_URL, config_.url.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, ("<" + from_addr + ">").c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadCb);
  curl_easy_setopt(curl, CURLOPT_READDATA, &up);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, config_.timeout_seconds);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  if (!config_.username.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, config_.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, config_.password.c_str());
  }
  if (config_.starttls) curl_easy_setopt(curl, CURLOPT_USE_SSL, long(CURLUSESSL_ALL));
  CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(rcpt);
  curl_easy_cleanup(curl);
  if (rc != CURLE_OK) return Error::Unavailable(std::string("SMTP: ") + curl_easy_strerror(rc));
  return {};
}

std::string BuildIcs(const CalendarEvent& e, const core::Instant& stamp) {
  std::string s;
  s += "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//HireFlow//Interview//EN\r\nCALSCALE:GREGORIAN\r\nMETHOD:REQUEST\r\n";
  s += "BEGIN:VEVENT\r\n";
  s += Fold("UID:" + e.uid);
  s += "DTSTAMP:" + IcsTime(stamp) + "\r\n";
  s += "DTSTART:" + IcsTime(e.start) + "\r\n";
  s += "DTEND:" + IcsTime(e.end) + "\r\n";
  s += Fold("SUMMARY:" + IcsEscape(e.summary));
  s += Fold("DESCRIPTION:" + IcsEscape(e.description));
  if (!e.url.empty()) s += Fold("URL:" + e.url);
  if (!e.organizer_email.empty()) s += Fold("ORGANIZER:mailto:" + e.organizer_email);
  s += "BEGIN:VALARM\r\nACTION:DISPLAY\r\n";
  s += Fold("DESCRIPTION:" + IcsEscape(e.summary));
  s += "TRIGGER:-PT" + std::to_string(e.remind_minutes) + "M\r\nEND:VALARM\r\n";
  s += "END:VEVENT\r\nEND:VCALENDAR\r\n";
  return s;
}

}  // namespace notify
