#include <fstream>
#include <regex>
#include <sstream>

#include "jobs/jobs.h"
#include "recruit/candidate_identity.h"
#include "recruit/resume_extract.h"
#include "recruit/resume_parse.h"
#include "recruiting/detail.h"

namespace recruiting {

using core::Error;
using core::Result;
using core::Status;
using nlohmann::json;

Status RequireRecruitingReader(const auth::Principal& p) {
  if (p.role == auth::Role::kEmployee) return Error::Forbidden("recruiting is for HR, hiring managers and interviewers");
  return {};
}

Status RequireRecruitingManager(const auth::Principal& p) {
  if (p.role == auth::Role::kEmployee || p.role == auth::Role::kInterviewer)
    return Error::Forbidden("only HR and hiring managers may change recruiting records");
  return {};
}

Result<std::string> RequisitionScope(store::Tx& tx, const auth::Principal& who) {
  if (org::IsHrOrAdmin(who)) return std::string("1=1");
  std::string uid = std::to_string(who.user_id);
  std::string interviewer = "r.id IN (SELECT requisition_id FROM requisition_interviewers WHERE user_id = " + uid + ")";
  if (who.role == auth::Role::kInterviewer) return interviewer;
  if (who.role != auth::Role::kHiringManager) return std::string("1=0");
  HF_ASSIGN(auto depts, org::VisibleDepartments(tx, who));
  return "(r.hiring_manager_id = " + uid + " OR r.department_id IN " + detail::InList(depts ? *depts : std::vector<int64_t>{}) +
         " OR " + interviewer + ")";
}

Result<std::string> RequisitionManageScope(store::Tx& tx, const auth::Principal& who) {
  if (org::IsHrOrAdmin(who)) return std::string("1=1");
  if (who.role != auth::Role::kHiringManager) return std::string("1=0");
  HF_ASSIGN(auto depts, org::VisibleDepartments(tx, who));
  return "(r.hiring_manager_id = " + std::to_string(who.user_id) + " OR r.department_id IN " +
         detail::InList(depts ? *depts : std::vector<int64_t>{}) + ")";
}

Status CheckRequisitionIn(store::Tx& tx, int64_t id, const std::string& scope_sql) {
  HF_ASSIGN(store::Rows r, tx.Query("SELECT 1 FROM requisitions r WHERE r.id = ? AND " + scope_sql, {id}));
  if (r.empty()) return Error::NotFound("no such recruitment plan");
  return {};
}

namespace detail {

std::string Now(const core::Clock& clock) { return core::FormatInstant(clock.Now()); }

Status Audit(store::Tx& tx, const auth::Principal* who, const core::Clock& clock, const std::string& request_id,
             const char* action, std::string_view entity, int64_t id, const json& before, const json& after,
             const std::string& subject) {
  return org::AuditChange(tx, who, clock, request_id, action, entity, std::to_string(id), before, after, subject);
}

std::string InList(const std::vector<int64_t>& ids) {
  if (ids.empty()) return "(NULL)";
  std::string s = "(";
  for (size_t i = 0; i < ids.size(); ++i) s += (i ? "," : "") + std::to_string(ids[i]);
  return s + ")";
}

// Identity keys come from recruit/candidate_identity.h (NFKC, lower case; mainland mobiles as 11
// digits whatever the prefix); "" when the value does not normalise.
std::string EmailKey(std::string_view email) { return recruit::NormalizeEmail(email).value_or(""); }
std::string PhoneKey(std::string_view phone) { return recruit::NormalizePhoneNumber(phone).value_or(""); }

bool ValidEmail(const std::string& s) {
  static const std::regex re(R"(^[^@\s]+@[^@\s]+\.[^@\s]+$)");
  return s.size() <= 200 && std::regex_match(s, re);
}

bool ValidPhone(const std::string& s) {
  static const std::regex re(R"(^\+?[0-9(][0-9 \-().]{4,24}$)");
  return std::regex_match(s, re);
}

ParsedResume ParseResumeFile(const std::string& path, const std::string& filename) {
  ParsedResume out;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string bytes = ss.str();
  auto parsed = recruit::ParseResumeBytes(bytes, filename);
  if (!parsed.ok()) {
    out.error = parsed.error().message;
    return out;
  }
  out.resume = std::move(parsed).value();
  auto text = recruit::resume_detail::ExtractText(bytes, filename);
  if (text.ok()) out.text = text->text;
  if (out.text.size() > 200000) {
    size_t n = 200000;
    while (n > 0 && (static_cast<unsigned char>(out.text[n]) & 0xC0) == 0x80) --n;  // keep whole UTF-8 characters
    out.text.resize(n);
  }
  return out;
}

}  // namespace detail
}  // namespace recruiting
