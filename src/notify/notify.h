// Outbound messages: e-mail over SMTP (with attachments such as an iCalendar invitation) and the
// iCalendar text itself. Sending is done by jobs (never inside a request), so a slow or down mail
// server delays a message but never loses it or blocks a person.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/error.h"

namespace notify {

struct Attachment {
  std::string filename, content_type, content;  // content_type e.g. "text/calendar; method=REQUEST"
};

struct Email {
  std::string to, subject, text;  // text: UTF-8 plain body
  std::optional<std::string> html;
  std::vector<Attachment> attachments;
};

class Mailer {
 public:
  virtual ~Mailer() = default;
  // kUnavailable when the server cannot be reached or refuses the message (the job retries).
  virtual core::Status Send(const Email& email) = 0;
};

struct SmtpConfig {
  std::string url;   // smtp://host:port or smtps://host:port
  std::string from;  // "HireFlow <no-reply@example.com>"
  std::string username, password;
  bool starttls = false;
  long timeout_seconds = 30;
  // From HIREFLOW_SMTP_URL, HIREFLOW_MAIL_FROM, HIREFLOW_SMTP_USER, HIREFLOW_SMTP_PASSWORD,
  // HIREFLOW_SMTP_STARTTLS; nullopt when HIREFLOW_SMTP_URL is not set.
  static std::optional<SmtpConfig> FromEnv();
};

class SmtpMailer : public Mailer {
 public:
  explicit SmtpMailer(SmtpConfig config) : config_(std::move(config)) {}
  core::Status Send(const Email& email) override;

 private:
  SmtpConfig config_;  // set at construction
};

// The RFC 5322 message (MIME multipart when there are attachments or HTML; UTF-8 headers
// encoded per RFC 2047). `message_id_domain` names the Message-ID's right-hand side.
std::string BuildMessage(const Email& email, const std::string& from, const core::Instant& date,
                         const std::string& message_id_domain);

// An RFC 5545 VCALENDAR with one VEVENT (e.g. "complete your interview by ..."): UID, DTSTAMP,
// DTSTART/DTEND in UTC, SUMMARY, DESCRIPTION, URL and a VALARM reminder `remind_minutes` before.
struct CalendarEvent {
  std::string uid, summary, description, url, organizer_email;
  core::Instant start, end;
  int remind_minutes = 24 * 60;
};
std::string BuildIcs(const CalendarEvent& event, const core::Instant& stamp);

}  // namespace notify

namespace notify {

// ---- Outbound HTTP (SMS gateway, IM robots) -----------------------------------------------------
struct HttpReply {
  long status = 0;
  std::string body;
};
// POSTs a JSON body. kUnavailable on connection errors and timeouts (the HTTP status is returned
// as is: the caller decides what a refusal means).
core::Result<HttpReply> PostJson(const std::string& url, const std::string& body,
                                 const std::vector<std::string>& headers = {}, long timeout_ms = 10'000);
std::string HmacSha256(std::string_view key, std::string_view message);  // raw 32 bytes
std::string Hex(std::string_view bytes);
std::string Base64Encode(std::string_view bytes);

// A pluggable SMS gateway. The built-in HTTP one POSTs {"to", "text", "sender"} as JSON with
// X-HireFlow-Timestamp (Unix seconds) and X-HireFlow-Signature: hex HMAC-SHA256 of
// "<timestamp>.<body>" under the shared secret; any 2xx is success. An adapter for a provider
// (Aliyun, Tencent Cloud, Twilio, ...) is a small service speaking this contract.
class SmsGateway {
 public:
  virtual ~SmsGateway() = default;
  virtual core::Status Send(const std::string& to, const std::string& text) = 0;
};

struct HttpSmsConfig {
  std::string url, secret, sender = "HireFlow";
  // HIREFLOW_SMS_URL, HIREFLOW_SMS_SECRET, HIREFLOW_SMS_SENDER; nullopt without a URL.
  static std::optional<HttpSmsConfig> FromEnv();
};

class HttpSmsGateway : public SmsGateway {
 public:
  explicit HttpSmsGateway(HttpSmsConfig config) : config_(std::move(config)) {}
  core::Status Send(const std::string& to, const std::string& text) override;

 private:
  HttpSmsConfig config_;  // set at construction
};

// Group-chat robots for internal notices (never for candidates): DingTalk custom robots (signed
// with timestamp + HMAC-SHA256 in the query when a secret is set), WeCom group robots (key in the
// webhook URL) and Feishu/Lark custom bots (timestamp + sign in the body when a secret is set).
enum class RobotKind { kDingTalk, kWeCom, kFeishu };
struct Robot {
  RobotKind kind = RobotKind::kDingTalk;
  std::string webhook, secret;
};
// HIREFLOW_IM_ROBOTS: "dingtalk|URL|SECRET;wecom|URL;feishu|URL|SECRET" (secrets optional).
std::vector<Robot> RobotsFromEnv();
// kUnavailable when the platform refuses (HTTP error, or errcode/code not 0 in its answer).
core::Status SendRobotText(const Robot& robot, const std::string& text, const core::Instant& now);

}  // namespace notify
