// The candidate's side of an AI interview, reached through the link token only: notice and
// consent, attempts within the re-record allowance, resumable chunked uploads, typed answers.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "aiinterview/detail.h"
#include "auth/crypto.h"

namespace aiinterview {

using core::Error;
using core::Result;
using core::Status;
using nlohmann::json;
using store::Rows;
using namespace detail;

namespace fs = std::filesystem;

namespace {

constexpr int64_t kMaxAnswerBytes = 200LL << 20;  // one recorded answer

std::string PartPath(const Deps& deps, int64_t answer_id) { return deps.upload_dir + "/answer-" + std::to_string(answer_id) + ".part"; }

Status RequireConsent(const Link& l) {
  if (!l.consented) return Error::Conflict("the notice must be accepted before answering", "consent_required");
  if (l.status == "completed" || l.status == "scored") return Error::Conflict("this interview is already finished", "interview_finished");
  if (l.status == "declined") return Error::Conflict("the AI interview was declined", "interview_declined");
  return {};
}

struct AnswerRow {
  int64_t id = 0, question_id = 0, received = 0;
  std::string status, mode;
};

Result<AnswerRow> LoadAnswer(store::Tx& tx, const Link& l, int64_t answer_id, bool lock) {
  std::string sql = "SELECT id, question_id, received_bytes, status, mode FROM interview_answers WHERE id = ? AND interview_id = ?";
  if (lock && tx.backend() == store::Backend::kPostgres) sql += " FOR UPDATE";
  HF_ASSIGN(Rows r, tx.Query(sql, {answer_id, l.interview_id}));
  if (r.empty()) return Error::NotFound("no such answer in this interview");
  return AnswerRow{r[0].Int("id"), r[0].Int("question_id"), r[0].Int("received_bytes"), r[0].Str("status"), r[0].Str("mode")};
}

// Marks `answer_id` the final answer of its question (the latest completed attempt counts).
Status MakeFinal(store::Tx& tx, int64_t interview_id, int64_t question_id, int64_t answer_id) {
  HF_TRY(tx.Exec("UPDATE interview_answers SET is_final = 0 WHERE interview_id = ? AND question_id = ?", {interview_id, question_id}));
  HF_TRY(tx.Exec("UPDATE interview_answers SET is_final = 1 WHERE id = ?", {answer_id}));
  return {};
}

}  // namespace

namespace detail {

Result<Link> ResolveLink(store::Tx& tx, const core::Clock& clock, const std::string& token) {
  if (token.size() < 20 || token.size() > 100) return Error::NotFound("this interview link is not valid");
  HF_ASSIGN(Rows r, tx.Query("SELECT i.id, i.application_id, a.requisition_id, i.status, i.language, i.deadline, i.expires_at, "
                             "i.consent_at FROM interviews i JOIN applications a ON a.id = i.application_id WHERE i.token_hash = ?",
                             {auth::Sha256Hex(token)}));
  if (r.empty()) return Error::NotFound("this interview link is not valid (it may have been replaced by a newer one)");
  Link l{r[0].Int("id"), r[0].Int("application_id"), r[0].Int("requisition_id"), r[0].Str("status"), r[0].Str("language"),
         r[0].Str("deadline"), r[0].Str("expires_at"), !r[0].IsNull("consent_at")};
  bool finished = l.status == "completed" || l.status == "scored";
  if (!finished && core::FormatInstant(clock.Now()) > l.expires_at)
    return Error::Conflict("this interview link expired on " + l.expires_at.substr(0, 10) + "; ask HR for a new one", "link_expired");
  return l;
}

}  // namespace detail

Result<json> OpenInterview(store::Tx& tx, const core::Clock& clock, const std::string& token) {
  HF_ASSIGN(Link l, ResolveLink(tx, clock, token));
  HF_ASSIGN(Settings s, LoadSettings(tx, clock));
  std::string now = Now(clock);
  if (l.status == "invited") {
    HF_TRY(tx.Exec("UPDATE interviews SET status = 'opened', opened_at = ?, updated_at = ? WHERE id = ?", {now, now, l.interview_id}));
    HF_TRY(jobs::Emit(tx, "interview.opened", "interview", std::to_string(l.interview_id), {{"application_id", l.application_id}}, clock));
    l.status = "opened";
  }
  HF_ASSIGN(Rows t, tx.Query("SELECT r.title, c.name FROM applications a JOIN requisitions r ON r.id = a.requisition_id JOIN candidates c "
                             "ON c.id = a.candidate_id WHERE a.id = ?",
                             {l.application_id}));
  json j = {{"status", l.status}, {"language", l.language}, {"deadline", l.deadline}, {"position", t[0].Str("title")},
            {"candidate_name", t[0].Str("name")},
            {"notice", {{"version", s.notice_version}, {"text", s.notice_text}, {"retention_days", s.retention_days},
                        {"humans_decide", s.humans_decide}}},
            {"consented", l.consented}};
  if (l.status == "declined") j["alternative_process"] = s.alternative_process;
  // The candidate's human-review request and, once HR resolved it, the outcome and reason.
  HF_ASSIGN(Rows hr, tx.Query("SELECT human_review_status, human_review_requested_at, human_review_outcome, human_review_resolution, "
                              "human_review_resolved_at FROM interviews WHERE id = ?",
                              {l.interview_id}));
  if (!hr.empty() && hr[0].OptStr("human_review_status")) {
    auto opt = [&](const char* c) { return hr[0].OptStr(c) ? json(*hr[0].OptStr(c)) : json(nullptr); };
    j["human_review"] = {{"status", opt("human_review_status")}, {"requested_at", opt("human_review_requested_at")},
                         {"outcome", opt("human_review_outcome")}, {"resolution", opt("human_review_resolution")},
                         {"resolved_at", opt("human_review_resolved_at")}};
  } else {
    j["human_review"] = nullptr;
  }
  if (!l.consented) {
    j["questions"] = json::array();  // shown only after consent
    return j;
  }
  HF_ASSIGN(Rows qs, tx.Query("SELECT id, kind, text, think_seconds, answer_seconds, rerecords, trigger_text, probe_kind FROM "
                              "interview_questions WHERE requisition_id = ? AND (interview_id IS NULL OR interview_id = ?) ORDER BY "
                              "CASE WHEN kind = 'practice' THEN 0 WHEN kind = 'core' THEN 1 ELSE 2 END, position, id",
                              {l.requisition_id, l.interview_id}));
  json questions = json::array();
  for (auto q : qs) {
    HF_ASSIGN(Rows at, tx.Query("SELECT id, attempt, mode, status, is_final, received_bytes FROM interview_answers WHERE interview_id = ? "
                                "AND question_id = ? ORDER BY attempt",
                                {l.interview_id, q.Int("id")}));
    json attempts = json::array();
    for (auto a : at)
      attempts.push_back({{"answer_id", a.Int("id")}, {"attempt", a.Int("attempt")}, {"mode", a.Str("mode")}, {"status", a.Str("status")},
                          {"is_final", a.Int("is_final") != 0}, {"received", a.Int("received_bytes")}});
    bool practice = q.Str("kind") == "practice";
    bool optional = q.Str("probe_kind") == "gap";
    json qj = {{"id", q.Int("id")}, {"kind", q.Str("kind")}, {"text", q.Str("text")},
               {"think_seconds", q.Int("think_seconds")}, {"answer_seconds", q.Int("answer_seconds")},
               {"attempts_allowed", practice ? 99 : 1 + q.Int("rerecords")}, {"scored", !practice && !optional},
               {"optional", practice || optional}, {"attempts", attempts}};
    // A probe says why it is asked: the resume line that triggered it.
    if (q.Str("kind") == "probe") qj["because"] = q.Str("trigger_text");
    questions.push_back(std::move(qj));
  }
  j["questions"] = questions;
  return j;
}

Result<json> Consent(store::Tx& tx, const core::Clock& clock, const std::string& token, const json& body) {
  HF_ASSIGN(Link l, ResolveLink(tx, clock, token));
  HF_TRY(OnlyKeys(body, {"accept", "notice_version"}));
  auto it = body.find("accept");
  if (it == body.end() || !it->is_boolean()) return Error::Invalid("accept", "accept is true or false");
  HF_ASSIGN(Settings s, LoadSettings(tx, clock));
  HF_ASSIGN(auto nv, OptText(body, "notice_version", 40));
  if (!nv || *nv != s.notice_version)
    return Error::Invalid("notice_version", "the notice changed; read the current version (" + s.notice_version + ") and answer again");
  if (l.status == "completed" || l.status == "scored") return Error::Conflict("this interview is already finished", "interview_finished");
  std::string now = Now(clock);
  if (it->get<bool>()) {
    HF_TRY(tx.Exec("UPDATE interviews SET consent_at = ?, consent_version = ?, declined_at = NULL, status = 'in_progress', updated_at = ? "
                   "WHERE id = ?",
                   {now, *nv, now, l.interview_id}));
    HF_TRY(jobs::Emit(tx, "interview.consented", "interview", std::to_string(l.interview_id), {{"notice_version", *nv}}, clock));
    return json{{"consented", true}, {"consent_at", now}, {"notice_version", *nv}};
  }
  HF_TRY(tx.Exec("UPDATE interviews SET declined_at = ?, consent_at = NULL, status = 'declined', updated_at = ? WHERE id = ?",
                 {now, now, l.interview_id}));
  HF_TRY(jobs::Emit(tx, "interview.declined", "interview", std::to_string(l.interview_id), {{"application_id", l.application_id}}, clock));
  return json{{"consented", false}, {"declined_at", now}, {"alternative_process", s.alternative_process}};
}

Result<json> StartAnswer(store::Tx& tx, const core::Clock& clock, const std::string& token, int64_t question_id, const json& body) {
  HF_ASSIGN(Link l, ResolveLink(tx, clock, token));
  HF_TRY(RequireConsent(l));
  HF_TRY(OnlyKeys(body, {"mode"}));
  HF_ASSIGN(auto mode, OptText(body, "mode", 10));
  std::string m = mode && !mode->empty() ? *mode : "video";
  if (m != "video" && m != "text") return Error::Invalid("mode", "mode is video or text");
  HF_ASSIGN(Rows q, tx.Query("SELECT kind, rerecords FROM interview_questions WHERE id = ? AND requisition_id = ? AND (interview_id IS NULL "
                             "OR interview_id = ?)",
                             {question_id, l.requisition_id, l.interview_id}));
  if (q.empty()) return Error::NotFound("no such question in this interview");
  bool practice = q[0].Str("kind") == "practice";
  int64_t allowed = practice ? 99 : 1 + q[0].Int("rerecords");
  // An attempt abandoned before any byte or word arrived (the page died) does not use up the allowance.
  HF_TRY(tx.Exec("DELETE FROM interview_answers WHERE interview_id = ? AND question_id = ? AND ((status = 'uploading' AND "
                 "received_bytes = 0) OR status = 'writing')",
                 {l.interview_id, question_id}));
  HF_ASSIGN(Rows n, tx.Query("SELECT count(*) AS n, COALESCE(MAX(attempt), 0) AS last FROM interview_answers WHERE interview_id = ? AND "
                             "question_id = ?",
                             {l.interview_id, question_id}));
  int64_t attempt = n[0].Int("last") + 1;
  if (n[0].Int("n") + 1 > allowed) {
    Error e = Error::Conflict("this question allows " + std::to_string(allowed) + " attempt(s); the last one counts", "rerecord_limit");
    e.field = "question_id";
    return e;
  }
  std::string now = Now(clock);
  HF_ASSIGN(Rows r, tx.Query("INSERT INTO interview_answers(interview_id, question_id, attempt, mode, status, created_at, updated_at) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                             {l.interview_id, question_id, attempt, m, m == "video" ? "uploading" : "writing", now, now}));
  return json{{"answer_id", r[0].Int("id")}, {"attempt", attempt}, {"attempts_allowed", allowed}, {"mode", m}};
}

Result<json> AppendChunk(store::Db& db, const core::Clock& clock, const Deps& deps, const std::string& token, int64_t answer_id,
                         int64_t offset, const std::string& chunk_path) {
  // The bytes are written and flushed with no transaction open; only the final acknowledgement
  // (a compare-and-set of received_bytes) takes the write lock, so that many candidates' chunks
  // are written to disk in parallel instead of one after the other under the database's lock.
  std::error_code ec;
  int64_t len = static_cast<int64_t>(fs::file_size(chunk_path, ec));
  auto check = [&](bool first) -> Result<std::optional<json>> {
    HF_ASSIGN(auto tx, db.Begin(false));
    HF_ASSIGN(Link l, ResolveLink(*tx, clock, token));
    HF_TRY(RequireConsent(l));
    HF_ASSIGN(AnswerRow a, LoadAnswer(*tx, l, answer_id, false));
    if (a.mode != "video") return Error::Conflict("this attempt is a typed answer", "wrong_mode");
    if (a.status != "uploading") return Error::Conflict("this recording was already finished", "upload_finished");
    if (first) {
      if (ec || len == 0) return Error::Invalid("body", "the chunk is empty");
      if (offset < 0) return Error::Invalid("offset", "offset must not be negative");
    }
    // A chunk already received (a retry after a lost acknowledgement) is acknowledged again.
    if (offset + len <= a.received) return std::optional<json>(json{{"received", a.received}, {"duplicate", true}});
    if (offset != a.received) {
      Error e = Error::Conflict("expected the chunk at offset " + std::to_string(a.received), "offset_mismatch");
      e.field = "offset";
      return e;
    }
    if (a.received + len > kMaxAnswerBytes) return Error{core::ErrorCode::kTooLarge, "a recorded answer is limited to 200 MB", "body", {}};
    return std::optional<json>();
  };
  HF_ASSIGN(auto early, check(true));
  if (early) return *early;
  std::string part = PartPath(deps, answer_id);
  fs::create_directories(deps.upload_dir, ec);
  int fd = ::open(part.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Error::Internal("cannot open the upload file");
  // One writer per answer at a time (two tabs, or a retry racing its original): the others wait here.
  ::flock(fd, LOCK_EX);
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }  // also releases the lock
  } closer{fd};
  HF_ASSIGN(auto again, check(false));  // what another writer did while we waited
  if (again) return *again;
  // Bytes past the acknowledged size come from an attempt that was never acknowledged: drop them.
  bool ok = ::ftruncate(fd, offset) == 0;
  int in = ::open(chunk_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) ok = false;
  char buf[1 << 16];
  for (int64_t done = 0; ok && done < len;) {
    ssize_t r = ::read(in, buf, sizeof buf);
    if (r <= 0) {
      ok = false;
      break;
    }
    for (ssize_t w = 0; ok && w < r;) {
      ssize_t x = ::pwrite(fd, buf + w, static_cast<size_t>(r - w), offset + done + w);
      if (x <= 0) ok = false;
      else w += x;
    }
    done += r;
  }
  if (in >= 0) ::close(in);
  ok = ok && ::fdatasync(fd) == 0;  // on disk before the acknowledgement: nothing acknowledged is lost
  if (!ok) return Error::Internal("cannot write the upload file");
  int64_t received = offset + len;
  HF_ASSIGN(auto tx, db.Begin(true));
  HF_ASSIGN(int64_t n, tx->Exec("UPDATE interview_answers SET received_bytes = ?, updated_at = ? WHERE id = ? AND received_bytes = ? AND "
                                "status = 'uploading'",
                                {received, Now(clock), answer_id, offset}));
  if (n != 1) {
    Error e = Error::Conflict("the upload changed meanwhile; ask where it stands and resend", "offset_mismatch");
    e.field = "offset";
    return e;
  }
  HF_TRY(tx->Commit());
  return json{{"received", received}};
}

Result<json> AnswerStatus(store::Tx& tx, const core::Clock& clock, const std::string& token, int64_t answer_id) {
  HF_ASSIGN(Link l, ResolveLink(tx, clock, token));
  HF_ASSIGN(AnswerRow a, LoadAnswer(tx, l, answer_id, false));
  return json{{"answer_id", a.id}, {"received", a.received}, {"status", a.status}, {"mode", a.mode}};
}

Result<json> FinishAnswer(store::Tx& tx, const core::Clock& clock, const Deps& deps, const std::string& token, int64_t answer_id,
                          const json& body) {
  HF_ASSIGN(Link l, ResolveLink(tx, clock, token));
  HF_TRY(RequireConsent(l));
  HF_ASSIGN(AnswerRow a, LoadAnswer(tx, l, answer_id, true));
  HF_TRY(OnlyKeys(body, {"size", "content_type"}));
  if (a.mode != "video") return Error::Conflict("this attempt is a typed answer", "wrong_mode");
  if (a.status != "uploading") return json{{"answer_id", a.id}, {"status", a.status}, {"received", a.received}};  // idempotent
  auto it = body.find("size");
  if (it == body.end() || !it->is_number_integer()) return Error::Invalid("size", "size (bytes of the whole recording) is required");
  if (it->get<int64_t>() != a.received) {
    Error e = Error::Conflict("received " + std::to_string(a.received) + " of " + std::to_string(it->get<int64_t>()) +
                                  " bytes; send the rest from offset " + std::to_string(a.received),
                              "upload_incomplete");
    e.field = "size";
    return e;
  }
  if (a.received == 0) return Error::Invalid("size", "the recording is empty");
  HF_ASSIGN(auto ct, OptText(body, "content_type", 100));
  HF_ASSIGN(std::string key, deps.files.PutFile(PartPath(deps, answer_id)));
  std::string now = Now(clock);
  HF_TRY(tx.Exec("UPDATE interview_answers SET status = 'uploaded', file_key = ?, content_type = ?, updated_at = ? WHERE id = ?",
                 {key, ct.value_or(""), now, answer_id}));
  HF_TRY(MakeFinal(tx, l.interview_id, a.question_id, answer_id));
  jobs::EnqueueOptions o;
  o.dedupe_key = "analyze:" + std::to_string(answer_id);
  o.max_attempts = 4;
  HF_TRY(jobs::Enqueue(tx, "interview.analyze_answer", {{"answer_id", answer_id}}, clock, o));
  return json{{"answer_id", answer_id}, {"status", "uploaded"}, {"received", a.received}};
}

Result<json> TextAnswer(store::Tx& tx, const core::Clock& clock, const std::string& token, int64_t answer_id, const json& body) {
  HF_ASSIGN(Link l, ResolveLink(tx, clock, token));
  HF_TRY(RequireConsent(l));
  HF_ASSIGN(AnswerRow a, LoadAnswer(tx, l, answer_id, true));
  HF_TRY(OnlyKeys(body, {"text"}));
  if (a.mode != "text") return Error::Conflict("this attempt is a recording", "wrong_mode");
  if (a.status != "writing") return Error::Conflict("this answer was already sent", "answer_finished");
  HF_ASSIGN(auto text, OptText(body, "text", 20000));
  if (!text || text->empty()) return Error::Invalid("text", "the answer is empty");
  std::string now = Now(clock);
  HF_TRY(tx.Exec("UPDATE interview_answers SET status = 'uploaded', text_answer = ?, transcript = ?, updated_at = ? WHERE id = ?",
                 {*text, *text, now, answer_id}));
  HF_TRY(MakeFinal(tx, l.interview_id, a.question_id, answer_id));
  jobs::EnqueueOptions o;
  o.dedupe_key = "score:" + std::to_string(answer_id);
  HF_TRY(jobs::Enqueue(tx, "interview.score_answer", {{"answer_id", answer_id}}, clock, o));
  return json{{"answer_id", answer_id}, {"status", "uploaded"}};
}

Result<json> CompleteInterview(store::Tx& tx, const core::Clock& clock, const std::string& token) {
  HF_ASSIGN(Link l, ResolveLink(tx, clock, token));
  if (l.status == "completed" || l.status == "scored") return json{{"status", l.status}};  // idempotent
  HF_TRY(RequireConsent(l));
  HF_ASSIGN(Rows missing, tx.Query("SELECT q.id, q.position FROM interview_questions q WHERE q.requisition_id = ? AND (q.kind = 'core' OR "
                                   "(q.kind = 'probe' AND q.interview_id = ? AND q.probe_kind <> 'gap')) AND NOT EXISTS (SELECT 1 FROM interview_answers a WHERE a.question_id = q.id AND a.interview_id = ? AND "
                                   "a.is_final = 1) ORDER BY q.position",
                                   {l.requisition_id, l.interview_id, l.interview_id}));
  if (!missing.empty()) {
    Error e = Error::Conflict(std::to_string(missing.size()) + " question(s) still need an answer", "answers_missing");
    e.field = "question_id";
    return e;
  }
  std::string now = Now(clock);
  HF_TRY(tx.Exec("UPDATE interviews SET status = 'completed', completed_at = ?, updated_at = ? WHERE id = ?", {now, now, l.interview_id}));
  HF_TRY(jobs::Emit(tx, "interview.completed", "interview", std::to_string(l.interview_id), {{"application_id", l.application_id}}, clock));
  HF_TRY(FinishIfScored(tx, clock, l.interview_id));
  return json{{"status", "completed"}, {"completed_at", now}};
}

Result<json> RequestHumanReview(store::Tx& tx, const core::Clock& clock, const std::string& token, const json& body) {
  HF_ASSIGN(Link l, ResolveLink(tx, clock, token));
  HF_TRY(OnlyKeys(body, {"reason"}));
  HF_ASSIGN(auto reason, OptText(body, "reason", 2000));
  std::string now = Now(clock);
  HF_ASSIGN(Rows cur, tx.Query("SELECT human_review_status, human_review_requested_at FROM interviews WHERE id = ?", {l.interview_id}));
  if (cur[0].OptStr("human_review_status").value_or("") == "open")  // asked again while open: the same request
    return json{{"human_review_requested_at", cur[0].Str("human_review_requested_at")}, {"status", "open"}};
  // A new request after a resolved one reopens the review (the previous resolution is in the audit log).
  HF_TRY(tx.Exec("UPDATE interviews SET human_review_requested_at = ?, human_review_reason = ?, human_review_status = 'open', "
                 "human_review_outcome = NULL, human_review_resolution = NULL, human_review_resolved_at = NULL, "
                 "human_review_resolved_by = NULL, updated_at = ? WHERE id = ?",
                 {now, reason.value_or(""), now, l.interview_id}));
  HF_TRY(jobs::Emit(tx, "interview.human_review_requested", "interview", std::to_string(l.interview_id),
                    {{"application_id", l.application_id}}, clock));
  return json{{"human_review_requested_at", now}, {"status", "open"}};
}

}  // namespace aiinterview
