// Candidates: identity (deduplicated by email and phone), resumes, notes, merge and erasure.
// Audit entries and events about candidates carry ids and sources only, never personal data, so
// that erasing a candidate on request leaves nothing personal behind in the append-only log.
#include <set>

#include "recruit/resume_parse.h"
#include "recruiting/detail.h"

namespace recruiting {

using core::Error;
using core::Result;
using core::Status;
using nlohmann::json;
using store::Rows;
using namespace detail;

namespace {

constexpr const char* kCols =
    "c.id, c.name, c.email, c.phone, c.source, c.tags, c.resume_json, c.resume_file, c.resume_filename, c.resume_error, "
    "c.consent_at, c.consent_version, c.version, c.created_at, c.updated_at";

const std::set<std::string> kSources = {"careers", "referral", "import", "api", "agency", "manual"};

std::string MaskEmail(const std::string& e) {
  auto at = e.find('@');
  if (at == std::string::npos || at == 0) return "***";
  return e.substr(0, 1) + "***" + e.substr(at);
}
std::string MaskPhone(const std::string& p) { return p.size() <= 4 ? "****" : "*******" + p.substr(p.size() - 4); }

// Interviewers assess answers, not contacts: they get masked email and phone.
bool SeesContacts(const auth::Principal& who) { return who.role != auth::Role::kInterviewer; }

json Row(const auth::Principal& who, const Rows::Row& r, bool full) {
  json resume = r.IsNull("resume_json") ? json(nullptr) : json::parse(r.Str("resume_json"), nullptr, false);
  std::string email = r.Str("email"), phone = r.Str("phone");
  if (!SeesContacts(who)) {
    if (!email.empty()) email = MaskEmail(email);
    if (!phone.empty()) phone = MaskPhone(phone);
  }
  json j = {{"id", r.Int("id")}, {"name", r.Str("name")},
            {"email", email.empty() ? json(nullptr) : json(email)}, {"phone", phone.empty() ? json(nullptr) : json(phone)},
            {"source", r.Str("source")}, {"tags", json::parse(r.Str("tags"), nullptr, false)},
            {"has_resume", !r.IsNull("resume_file")}, {"resume_error", r.OptStr("resume_error") ? json(*r.OptStr("resume_error")) : json(nullptr)},
            {"version", r.Int("version")}, {"created_at", r.Str("created_at")}, {"updated_at", r.Str("updated_at")}};
  json headline = nullptr, skills = json::array();
  if (resume.is_object()) {
    if (resume.contains("basics") && resume["basics"].is_object() && resume["basics"].contains("label"))
      headline = resume["basics"]["label"];
    if (resume.contains("work") && resume["work"].is_array() && !resume["work"].empty() && headline.is_null()) {
      const json& w = resume["work"][0];
      if (w.is_object() && w.contains("position")) headline = w["position"];
    }
    if (resume.contains("skills") && resume["skills"].is_array())
      for (const auto& s : resume["skills"]) {
        if (s.is_object() && s.contains("name") && s["name"].is_string()) skills.push_back(s["name"]);
        if (s.is_object() && s.contains("keywords") && s["keywords"].is_array())
          for (const auto& k : s["keywords"])
            if (k.is_string() && skills.size() < 12) skills.push_back(k);
        if (skills.size() >= 12) break;
      }
  }
  j["headline"] = headline;
  j["skills"] = skills;
  if (full) {
    j["resume"] = resume;
    j["resume_filename"] = r.OptStr("resume_filename") ? json(*r.OptStr("resume_filename")) : json(nullptr);
    j["consent_at"] = r.OptStr("consent_at") ? json(*r.OptStr("consent_at")) : json(nullptr);
    j["consent_version"] = r.OptStr("consent_version") ? json(*r.OptStr("consent_version")) : json(nullptr);
  }
  return j;
}

Result<std::string> CandidateScope(store::Tx& tx, const auth::Principal& who) {
  if (org::IsHrOrAdmin(who)) return std::string("1=1");
  HF_ASSIGN(std::string rs, RequisitionScope(tx, who));
  return "c.id IN (SELECT a.candidate_id FROM applications a JOIN requisitions r ON r.id = a.requisition_id WHERE " + rs + ")";
}

Result<Rows> LoadRow(store::Tx& tx, int64_t id, const std::string& scope) {
  HF_ASSIGN(Rows r, tx.Query(std::string("SELECT ") + kCols + " FROM candidates c WHERE c.id = ? AND " + scope, {id}));
  if (r.empty()) return Error::NotFound("no such candidate");
  return r;
}

json AuditView(const Rows::Row& r) { return {{"id", r.Int("id")}, {"source", r.Str("source")}, {"version", r.Int("version")}}; }

struct Contact {
  std::optional<std::string> name, email, phone;
  std::optional<json> tags;
};

Result<Contact> ReadContact(const json& body, bool creating) {
  Contact c;
  HF_ASSIGN(c.name, OptText(body, "name", 100));
  if (c.name && c.name->empty()) return Error::Invalid("name", "name must not be empty");
  HF_ASSIGN(c.email, OptText(body, "email", 200));
  if (c.email && !c.email->empty() && !ValidEmail(*c.email)) return Error::Invalid("email", "not an email address");
  HF_ASSIGN(c.phone, OptText(body, "phone", 32));
  if (c.phone && !c.phone->empty() && !ValidPhone(*c.phone)) return Error::Invalid("phone", "not a phone number");
  if (auto it = body.find("tags"); it != body.end()) {
    if (!it->is_array()) return Error::Invalid("tags", "tags must be an array of strings");
    json tags = json::array();
    for (const auto& t : *it) {
      if (!t.is_string() || t.get<std::string>().empty() || t.get<std::string>().size() > 40)
        return Error::Invalid("tags", "each tag is a string of 1 to 40 bytes");
      if (std::find(tags.begin(), tags.end(), t) == tags.end()) tags.push_back(t);
    }
    if (tags.size() > 30) return Error::Invalid("tags", "at most 30 tags");
    c.tags = tags;
  }
  (void)creating;
  return c;
}

}  // namespace

namespace detail {

Result<std::optional<int64_t>> FindDuplicate(store::Tx& tx, const std::string& email, const std::string& phone,
                                             std::optional<int64_t> except) {
  std::string ek = EmailKey(email), pk = PhoneKey(phone);
  if (ek.empty() && pk.empty()) return std::optional<int64_t>();
  HF_ASSIGN(Rows r, tx.Query("SELECT id FROM candidates WHERE ((email_key = ? AND email_key <> '') OR (phone_key = ? AND "
                             "phone_key <> '')) AND id <> ? ORDER BY id LIMIT 1",
                             {ek, pk, except.value_or(0)}));
  if (r.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(r[0].Int("id"));
}

Result<int64_t> InsertCandidate(store::Tx& tx, const core::Clock& clock, const std::string& name, const std::string& email,
                                const std::string& phone, const std::string& source, const json& tags) {
  std::string now = Now(clock);
  HF_ASSIGN(Rows r, tx.Query("INSERT INTO candidates(name, email, phone, email_key, phone_key, source, tags, created_at, "
                             "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                             {name, email.empty() ? store::Param(std::nullopt) : store::Param(email),
                              phone.empty() ? store::Param(std::nullopt) : store::Param(phone), EmailKey(email),
                              PhoneKey(phone), source, tags.dump(), now, now}));
  return r[0].Int("id");
}

Status SetResume(store::Tx& tx, const core::Clock& clock, int64_t id, const ParsedResume& p, const std::string& file_key,
                 const std::string& filename) {
  HF_TRY(tx.Exec("UPDATE candidates SET resume_json = ?, resume_text = ?, resume_error = ?, resume_file = ?, "
                 "resume_filename = ?, updated_at = ?, version = version + 1 WHERE id = ?",
                 {p.resume ? store::Param(p.resume->dump()) : store::Param(std::nullopt), p.text,
                  p.error.empty() ? store::Param(std::nullopt) : store::Param(p.error),
                  file_key.empty() ? store::Param(std::nullopt) : store::Param(file_key), filename, Now(clock), id}));
  return IndexCandidate(tx, id);
}

}  // namespace detail

Result<ListResult> ListCandidates(Env& env, const CandidateFilter& f, const Page& page) {
  HF_TRY(RequireRecruitingReader(env.who));
  HF_ASSIGN(std::string scope, CandidateScope(env.tx, env.who));
  std::string where = " WHERE " + scope;
  store::Params params;
  bool searching = false;
  if (f.q && !f.q->empty()) {
    std::string fq = FtsQuery(*f.q, env.tx.backend());
    if (fq.empty()) return Error::Invalid("q", "the search has no words to look for");
    searching = true;
    if (env.tx.backend() == store::Backend::kSqlite) where += " AND c.id IN (SELECT rowid FROM candidate_fts WHERE candidate_fts MATCH ?)";
    else where += " AND to_tsvector('simple', c.search_text) @@ to_tsquery('simple', ?)";
    params.push_back(fq);
  }
  if (f.tag && !f.tag->empty()) {
    where += " AND c.tags LIKE ?";
    params.push_back("%" + json(*f.tag).dump() + "%");
  }
  ListResult out;
  HF_ASSIGN(Rows n, env.tx.Query("SELECT count(*) AS n FROM candidates c" + where, params));
  out.total = n[0].Int("n");
  params.push_back(page.limit);
  params.push_back(page.offset);
  (void)searching;
  HF_ASSIGN(Rows r, env.tx.Query(std::string("SELECT ") + kCols + " FROM candidates c" + where + " ORDER BY c.id DESC LIMIT ? OFFSET ?", params));
  for (auto row : r) out.items.push_back(Row(env.who, row, false));
  return out;
}

Result<json> GetCandidate(Env& env, int64_t id) {
  HF_TRY(RequireRecruitingReader(env.who));
  HF_ASSIGN(std::string scope, CandidateScope(env.tx, env.who));
  HF_ASSIGN(Rows r, LoadRow(env.tx, id, scope));
  json j = Row(env.who, r[0], true);
  HF_ASSIGN(std::string rs, RequisitionScope(env.tx, env.who));
  HF_ASSIGN(Rows apps, env.tx.Query("SELECT a.id, a.requisition_id, r.title, a.status, a.score, a.recommendation, a.source, "
                                    "a.created_at FROM applications a JOIN requisitions r ON r.id = a.requisition_id "
                                    "WHERE a.candidate_id = ? AND " + rs + " ORDER BY a.id",
                                    {id}));
  json list = json::array();
  for (auto a : apps)
    list.push_back({{"id", a.Int("id")}, {"requisition_id", a.Int("requisition_id")}, {"requisition_title", a.Str("title")},
                    {"status", a.Str("status")}, {"score", a.IsNull("score") ? json(nullptr) : json(a.Double("score"))},
                    {"recommendation", a.OptStr("recommendation") ? json(*a.OptStr("recommendation")) : json(nullptr)},
                    {"source", a.Str("source")}, {"created_at", a.Str("created_at")}});
  j["applications"] = list;
  HF_ASSIGN(Rows notes, env.tx.Query("SELECT id, author, body, created_at FROM candidate_notes WHERE candidate_id = ? ORDER BY id", {id}));
  json nl = json::array();
  for (auto n : notes) nl.push_back({{"id", n.Int("id")}, {"author", n.Str("author")}, {"body", n.Str("body")}, {"created_at", n.Str("created_at")}});
  j["notes"] = nl;
  return j;
}

Result<json> CreateCandidate(Env& env, const json& body) {
  HF_TRY(org::RequireHrOrAdmin(env.who));
  HF_TRY(OnlyKeys(body, {"name", "email", "phone", "tags", "source", "resume"}));
  HF_ASSIGN(Contact c, ReadContact(body, true));
  HF_ASSIGN(auto source, OptText(body, "source", 20));
  std::string src = source && !source->empty() ? *source : "api";
  if (!kSources.count(src)) return Error::Invalid("source", "source is one of careers, referral, import, api, agency, manual");
  ParsedResume parsed;
  if (auto it = body.find("resume"); it != body.end() && !it->is_null()) {
    auto norm = recruit::NormalizeJsonResume(*it);
    if (!norm.ok()) return Error::Invalid("resume", "resume: " + norm.error().message);
    parsed.resume = *norm;
  }
  std::string name = c.name.value_or("");
  if (name.empty() && parsed.resume && (*parsed.resume)["basics"].is_object())
    name = (*parsed.resume)["basics"].value("name", "");
  if (name.empty()) return Error::Invalid("name", "name is required");
  std::string email = c.email.value_or(""), phone = c.phone.value_or("");
  if (email.empty() && phone.empty() && parsed.resume && (*parsed.resume)["basics"].is_object()) {
    email = (*parsed.resume)["basics"].value("email", "");
    phone = (*parsed.resume)["basics"].value("phone", "");
  }
  HF_ASSIGN(auto dup, FindDuplicate(env.tx, email, phone, std::nullopt));
  if (dup) {
    Error e = Error::Conflict("a candidate with this email or phone already exists (candidate " + std::to_string(*dup) +
                                  "); add the application to that record or merge them",
                              "duplicate_candidate");
    e.field = email.empty() ? "phone" : "email";
    return e;
  }
  HF_ASSIGN(int64_t id, InsertCandidate(env.tx, env.clock, name, email, phone, src, c.tags.value_or(json::array())));
  if (parsed.resume) HF_TRY(SetResume(env.tx, env.clock, id, parsed, "", ""));
  else HF_TRY(IndexCandidate(env.tx, id));
  HF_ASSIGN(Rows r, LoadRow(env.tx, id, "1=1"));
  HF_TRY(Audit(env.tx, &env.who, env.clock, env.request_id, "create", "candidate", id, nullptr, AuditView(r[0]),
               "candidate #" + std::to_string(id)));
  return GetCandidate(env, id);
}

Result<json> UpdateCandidate(Env& env, int64_t id, const json& body) {
  HF_TRY(org::RequireHrOrAdmin(env.who));
  HF_ASSIGN(Rows before, LoadRow(env.tx, id, "1=1"));
  HF_TRY(OnlyKeys(body, {"name", "email", "phone", "tags", "version"}));
  HF_ASSIGN(int64_t version, RequireVersion(body));
  HF_ASSIGN(Contact c, ReadContact(body, false));
  std::string email = c.email.value_or(before[0].Str("email")), phone = c.phone.value_or(before[0].Str("phone"));
  HF_ASSIGN(auto dup, FindDuplicate(env.tx, email, phone, id));
  if (dup) {
    Error e = Error::Conflict("another candidate (" + std::to_string(*dup) + ") has this email or phone; merge them instead",
                              "duplicate_candidate");
    e.field = c.email ? "email" : "phone";
    return e;
  }
  HF_ASSIGN(int64_t n, env.tx.Exec("UPDATE candidates SET name = ?, email = ?, phone = ?, email_key = ?, phone_key = ?, tags = ?, "
                                    "version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
                                    {c.name.value_or(before[0].Str("name")), email.empty() ? store::Param(std::nullopt) : store::Param(email),
                                     phone.empty() ? store::Param(std::nullopt) : store::Param(phone), EmailKey(email), PhoneKey(phone),
                                     c.tags ? c.tags->dump() : before[0].Str("tags"), Now(env.clock), id, version}));
  if (n == 0) return VersionConflict("candidate");
  HF_TRY(IndexCandidate(env.tx, id));
  HF_ASSIGN(Rows after, LoadRow(env.tx, id, "1=1"));
  HF_TRY(Audit(env.tx, &env.who, env.clock, env.request_id, "update", "candidate", id, AuditView(before[0]), AuditView(after[0]),
               "candidate #" + std::to_string(id)));
  return GetCandidate(env, id);
}

Result<json> AttachResume(Env& env, blob::Store& files, int64_t id, const std::string& temp_path, const std::string& filename) {
  HF_TRY(org::RequireHrOrAdmin(env.who));
  HF_ASSIGN(Rows before, LoadRow(env.tx, id, "1=1"));
  ParsedResume p = ParseResumeFile(temp_path, filename);
  HF_ASSIGN(std::string key, files.PutFile(temp_path));
  HF_TRY(SetResume(env.tx, env.clock, id, p, key, filename));
  HF_TRY(Audit(env.tx, &env.who, env.clock, env.request_id, "attach_resume", "candidate", id, AuditView(before[0]),
               {{"id", id}, {"parsed", p.error.empty()}}, "candidate #" + std::to_string(id)));
  // Screen again every application of this candidate with the new resume.
  HF_ASSIGN(Rows apps, env.tx.Query("SELECT id FROM applications WHERE candidate_id = ?", {id}));
  for (auto a : apps) HF_TRY(ScreenApplication(env.tx, env.clock, a.Int("id")));
  std::string old = before[0].Str("resume_file");
  if (!old.empty()) (void)files.Remove(old);  // the replaced file; the new one is already durable
  return GetCandidate(env, id);
}

Result<ResumeFile> GetResumeFile(Env& env, const blob::Store& files, int64_t id) {
  HF_TRY(RequireRecruitingReader(env.who));
  HF_ASSIGN(std::string scope, CandidateScope(env.tx, env.who));
  HF_ASSIGN(Rows r, LoadRow(env.tx, id, scope));
  std::string key = r[0].Str("resume_file");
  if (key.empty()) return Error::NotFound("this candidate has no resume file");
  HF_ASSIGN(std::string bytes, files.Read(key));
  return ResumeFile{std::move(bytes), r[0].Str("resume_filename")};
}

Result<json> AddNote(Env& env, int64_t candidate_id, const json& body) {
  HF_TRY(RequireRecruitingReader(env.who));
  HF_ASSIGN(std::string scope, CandidateScope(env.tx, env.who));
  HF_TRY(LoadRow(env.tx, candidate_id, scope));
  HF_TRY(OnlyKeys(body, {"body"}));
  HF_ASSIGN(auto text, OptText(body, "body", 5000));
  if (!text || text->empty()) return Error::Invalid("body", "the note is empty");
  std::string now = Now(env.clock);
  HF_ASSIGN(Rows r, env.tx.Query("INSERT INTO candidate_notes(candidate_id, author_user_id, author, body, created_at) VALUES "
                                 "(?, ?, ?, ?, ?) RETURNING id",
                                 {candidate_id, env.who.user_id, env.who.username, *text, now}));
  int64_t nid = r[0].Int("id");
  HF_TRY(Audit(env.tx, &env.who, env.clock, env.request_id, "note", "candidate", candidate_id, nullptr, {{"note_id", nid}},
               "candidate #" + std::to_string(candidate_id)));
  return json{{"id", nid}, {"author", env.who.username}, {"body", *text}, {"created_at", now}};
}

Result<json> MergeCandidates(Env& env, int64_t keep_id, const json& body) {
  HF_TRY(org::RequireHrOrAdmin(env.who));
  HF_TRY(OnlyKeys(body, {"other_id"}));
  auto it = body.find("other_id");
  if (it == body.end() || !it->is_number_integer() || it->get<int64_t>() <= 0) return Error::Invalid("other_id", "other_id is required");
  int64_t other_id = it->get<int64_t>();
  if (other_id == keep_id) return Error::Invalid("other_id", "a candidate cannot be merged into itself");
  HF_ASSIGN(Rows keep, LoadRow(env.tx, keep_id, "1=1"));
  auto other_r = LoadRow(env.tx, other_id, "1=1");
  if (!other_r.ok()) return Error::Invalid("other_id", "no such candidate: " + std::to_string(other_id));
  Rows other = std::move(other_r).value();
  // Both applied to the same plan: a person decides which application stays.
  HF_ASSIGN(Rows clash, env.tx.Query("SELECT a.requisition_id FROM applications a JOIN applications b ON b.requisition_id = "
                                     "a.requisition_id WHERE a.candidate_id = ? AND b.candidate_id = ?",
                                     {keep_id, other_id}));
  if (!clash.empty()) {
    Error e = Error::Conflict("both candidates applied to plan " + clash[0].Str("requisition_id") +
                                  "; withdraw or erase one application before merging",
                              "merge_conflict");
    e.field = "other_id";
    return e;
  }
  json conflicts = json::array();
  std::vector<std::pair<std::string, store::Param>> fill;
  for (const char* col : {"email", "phone", "resume_json", "resume_text", "resume_file", "resume_filename"}) {
    std::string k = keep[0].Str(col), o = other[0].Str(col);
    if (k.empty() && !o.empty()) fill.emplace_back(col, o);
    else if (!k.empty() && !o.empty() && k != o && std::string_view(col).rfind("resume", 0) != 0)
      conflicts.push_back({{"field", col}, {"kept", k}, {"dropped", o}});
  }
  json tags = json::parse(keep[0].Str("tags"), nullptr, false);
  for (const auto& t : json::parse(other[0].Str("tags"), nullptr, false))
    if (std::find(tags.begin(), tags.end(), t) == tags.end()) tags.push_back(t);
  std::string sets;
  store::Params params;
  for (auto& [c, p] : fill) {
    sets += c + " = ?, ";
    params.push_back(p);
  }
  HF_TRY(env.tx.Exec("UPDATE applications SET candidate_id = ? WHERE candidate_id = ?", {keep_id, other_id}));
  HF_TRY(env.tx.Exec("UPDATE candidate_notes SET candidate_id = ? WHERE candidate_id = ?", {keep_id, other_id}));
  if (env.tx.backend() == store::Backend::kSqlite) HF_TRY(env.tx.Exec("DELETE FROM candidate_fts WHERE rowid = ?", {other_id}));
  HF_TRY(env.tx.Exec("DELETE FROM candidates WHERE id = ?", {other_id}));
  params.insert(params.end(), {tags.dump(), Now(env.clock), keep_id});
  HF_TRY(env.tx.Exec("UPDATE candidates SET " + sets + "tags = ?, updated_at = ?, version = version + 1 WHERE id = ?", params));
  HF_TRY(env.tx.Exec("UPDATE candidates SET email_key = ?, phone_key = ? WHERE id = ?",
                     {EmailKey(keep[0].Str("email").empty() ? other[0].Str("email") : keep[0].Str("email")),
                      PhoneKey(keep[0].Str("phone").empty() ? other[0].Str("phone") : keep[0].Str("phone")), keep_id}));
  HF_TRY(IndexCandidate(env.tx, keep_id));
  HF_TRY(Audit(env.tx, &env.who, env.clock, env.request_id, "merge", "candidate", keep_id, {{"merged_id", other_id}},
               {{"id", keep_id}, {"conflicts", conflicts.size()}}, "candidate #" + std::to_string(keep_id)));
  HF_ASSIGN(json j, GetCandidate(env, keep_id));
  j["merge_conflicts"] = conflicts;
  return j;
}

Result<json> EraseCandidate(Env& env, blob::Store& files, int64_t id, const json& body) {
  HF_TRY(org::RequireHrOrAdmin(env.who));
  HF_ASSIGN(Rows r, LoadRow(env.tx, id, "1=1"));
  HF_TRY(OnlyKeys(body, {"reason"}));
  HF_ASSIGN(auto reason, OptText(body, "reason", 500));
  if (!reason || reason->empty()) return Error::Invalid("reason", "say why the candidate is erased (e.g. the candidate's request)");
  return EraseCandidateRecord(env.tx, env.clock, files, &env.who, env.request_id, id, *reason);
}

Result<json> EraseCandidateRecord(store::Tx& tx, const core::Clock& clock, blob::Store& files, const auth::Principal* who,
                                  const std::string& request_id, int64_t id, const std::string& reason) {
  HF_ASSIGN(Rows r, tx.Query("SELECT resume_file FROM candidates WHERE id = ?", {id}));
  if (r.empty()) return Error::NotFound("no such candidate");
  std::vector<std::string> keys;
  if (!r[0].Str("resume_file").empty()) keys.push_back(r[0].Str("resume_file"));
  HF_ASSIGN(Rows apps, tx.Query("SELECT id FROM applications WHERE candidate_id = ?", {id}));
  // Interview recordings and the probe questions drawn from this resume go too.
  const std::string interviews = "SELECT i.id FROM interviews i JOIN applications a ON a.id = i.application_id WHERE a.candidate_id = ?";
  HF_ASSIGN(Rows recs, tx.Query("SELECT file_key FROM interview_answers WHERE file_key IS NOT NULL AND interview_id IN (" + interviews + ")", {id}));
  for (auto x : recs) keys.push_back(x.Str("file_key"));
  HF_TRY(tx.Exec("DELETE FROM interview_questions WHERE interview_id IN (" + interviews + ")", {id}));
  HF_TRY(tx.Exec("DELETE FROM interviews WHERE id IN (" + interviews + ")", {id}));
  HF_TRY(tx.Exec("DELETE FROM resume_uploads WHERE file_key = ?", {r[0].Str("resume_file")}));
  HF_TRY(tx.Exec("DELETE FROM application_events WHERE application_id IN (SELECT id FROM applications WHERE candidate_id = ?)", {id}));
  HF_TRY(tx.Exec("DELETE FROM applications WHERE candidate_id = ?", {id}));
  HF_TRY(tx.Exec("DELETE FROM candidate_notes WHERE candidate_id = ?", {id}));
  if (tx.backend() == store::Backend::kSqlite) HF_TRY(tx.Exec("DELETE FROM candidate_fts WHERE rowid = ?", {id}));
  HF_TRY(tx.Exec("DELETE FROM candidates WHERE id = ?", {id}));
  std::string now = Now(clock);
  HF_TRY(tx.Exec("INSERT INTO candidate_erasures(candidate_id, erased_at, erased_by, reason, files_removed, "
                 "applications_removed) VALUES (?, ?, ?, ?, ?, ?)",
                 {id, now, who ? store::Param(who->user_id) : store::Param(std::nullopt), reason, static_cast<int64_t>(keys.size()),
                  static_cast<int64_t>(apps.size())}));
  HF_TRY(Audit(tx, who, clock, request_id, "erase", "candidate", id, {{"id", id}},
               {{"reason", reason}, {"files_removed", keys.size()}, {"applications_removed", apps.size()}},
               "candidate #" + std::to_string(id)));
  // Files go now: if the transaction then fails, the record survives without its file (the erasure
  // request is retried); a file never outlives its erased record.
  for (const auto& k : keys) HF_TRY(files.Remove(k));
  return json{{"erased", id}, {"files_removed", keys.size()}, {"applications_removed", apps.size()}, {"erased_at", now}};
}

Result<json> SweepRetention(store::Tx& tx, const core::Clock& clock, blob::Store& files, const std::string& candidate_cutoff,
                            const std::string& upload_cutoff) {
  // No activity: the record, its applications, their history, notes and interviews all older than
  // the cutoff. Candidates at offer or hired stay (the hiring records refer to them).
  HF_ASSIGN(Rows stale, tx.Query(
      "SELECT c.id FROM candidates c WHERE c.updated_at < ? AND c.created_at < ? "
      "AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.candidate_id = c.id AND (a.updated_at >= ? OR a.status IN ('offer', 'hired'))) "
      "AND NOT EXISTS (SELECT 1 FROM application_events e JOIN applications a ON a.id = e.application_id WHERE a.candidate_id = c.id AND e.at >= ?) "
      "AND NOT EXISTS (SELECT 1 FROM candidate_notes n WHERE n.candidate_id = c.id AND n.created_at >= ?) "
      "AND NOT EXISTS (SELECT 1 FROM interviews i JOIN applications a ON a.id = i.application_id WHERE a.candidate_id = c.id AND i.updated_at >= ?) "
      "ORDER BY c.id LIMIT 1000",
      {candidate_cutoff, candidate_cutoff, candidate_cutoff, candidate_cutoff, candidate_cutoff, candidate_cutoff}));
  json erased = json::array();
  for (auto c : stale) {
    HF_TRY(EraseCandidateRecord(tx, clock, files, nullptr, "", c.Int("id"), "retention period without activity"));
    erased.push_back(c.Int("id"));
  }
  // Careers-page uploads never attached to an application.
  HF_ASSIGN(Rows ups, tx.Query("SELECT id, file_key FROM resume_uploads WHERE used_at IS NULL AND created_at < ? ORDER BY id LIMIT 5000",
                               {upload_cutoff}));
  std::vector<std::string> keys;
  for (auto u : ups) {
    HF_ASSIGN(Rows other, tx.Query("SELECT 1 FROM candidates WHERE resume_file = ?", {u.Str("file_key")}));
    if (other.empty()) keys.push_back(u.Str("file_key"));
    HF_TRY(tx.Exec("DELETE FROM resume_uploads WHERE id = ?", {u.Int("id")}));
  }
  for (const auto& k : keys) HF_TRY(files.Remove(k));
  return json{{"candidates_erased", erased}, {"uploads_deleted", ups.size()}};
}

}  // namespace recruiting
