// Staff side of AI interviews: invitations, results with their explanations, reviewer ratings.
#include "aiinterview/detail.h"
#include "auth/crypto.h"

namespace aiinterview {

using core::Error;
using core::Result;
using core::Status;
using nlohmann::json;
using store::Rows;
using namespace detail;

namespace detail {

std::string AddDays(const core::Clock& clock, int days) {
  return core::FormatInstant(clock.Now() + std::chrono::hours(24 * days));
}

}  // namespace detail

namespace {

// Personalised questions from the candidate's parsed resume, stored with the interview.
Status AddProbes(Env& env, int64_t interview_id, int64_t application_id, int64_t req_id, const std::string& language) {
  HF_ASSIGN(Rows c, env.tx.Query("SELECT c.resume_json, r.requirements FROM applications a JOIN candidates c ON c.id = a.candidate_id "
                                 "JOIN requisitions r ON r.id = a.requisition_id WHERE a.id = ?",
                                 {application_id}));
  if (c.empty() || c[0].IsNull("resume_json")) return {};
  json resume = json::parse(c[0].Str("resume_json"), nullptr, false);
  json req = json::parse(c[0].Str("requirements"), nullptr, false);
  std::vector<std::string> terms;
  if (req.is_object() && req.contains("must_have") && req["must_have"].is_array())
    for (const auto& t : req["must_have"])
      if (t.is_object() && t.contains("term") && t["term"].is_string()) terms.push_back(t["term"].get<std::string>());
  std::string now = Now(env.clock);
  int pos = 1000;
  for (const auto& p : GenerateProbes(resume, language, terms)) {
    HF_TRY(env.tx.Exec("INSERT INTO interview_questions(requisition_id, position, kind, text, language, think_seconds, answer_seconds, "
                       "rerecords, competency, model_answer, key_points, weight, interview_id, trigger_text, trigger_source, probe_kind, "
                       "created_at, updated_at) VALUES (?, ?, 'probe', ?, ?, 30, 120, 1, '', '', ?, 1, ?, ?, ?, ?, ?, ?)",
                       {req_id, ++pos, p.text, language, p.key_points.dump(), interview_id, p.trigger_text, p.trigger_source, p.kind,
                        now, now}));
  }
  return {};
}

}  // namespace

Result<json> Invite(Env& env, const Deps& deps, int64_t application_id, const json& body) {
  HF_TRY(recruiting::RequireRecruitingManager(env.who));
  HF_ASSIGN(std::string scope, recruiting::RequisitionManageScope(env.tx, env.who));
  HF_ASSIGN(Rows a, env.tx.Query("SELECT a.id, a.status, a.requisition_id, c.email, c.name, r.title FROM applications a "
                                 "JOIN requisitions r ON r.id = a.requisition_id JOIN candidates c ON c.id = a.candidate_id "
                                 "WHERE a.id = ? AND " + scope,
                                 {application_id}));
  if (a.empty()) return Error::NotFound("no such application");
  HF_TRY(OnlyKeys(body, {"deadline_days", "language"}));
  HF_ASSIGN(Settings s, LoadSettings(env.tx, env.clock));
  int days = s.link_valid_days;
  if (auto it = body.find("deadline_days"); it != body.end()) {
    if (!it->is_number_integer() || it->get<int64_t>() < 1 || it->get<int64_t>() > 90)
      return Error::Invalid("deadline_days", "deadline_days is 1 to 90");
    days = static_cast<int>(it->get<int64_t>());
  }
  HF_ASSIGN(auto lang, OptText(body, "language", 5));
  std::string language = lang && !lang->empty() ? *lang : "";
  if (!language.empty() && language != "en" && language != "zh") return Error::Invalid("language", "language is en or zh");
  int64_t req_id = a[0].Int("requisition_id");
  HF_ASSIGN(Rows qs, env.tx.Query("SELECT language FROM interview_questions WHERE requisition_id = ? AND kind = 'core'", {req_id}));
  if (qs.empty()) {
    Error e = Error::Conflict("the plan has no interview questions yet; add questions or a starter bank first", "no_questions");
    e.field = "requisition_id";
    return e;
  }
  if (language.empty()) language = qs[0].Str("language");
  std::string status = a[0].Str("status");
  HF_ASSIGN(Rows existing, env.tx.Query("SELECT id, status FROM interviews WHERE application_id = ?", {application_id}));
  if (existing.empty() && status != "screened" && status != "applied")
    return Error::Conflict("only a screened application can be invited (it is " + status + ")", "transition_refused");
  if (!existing.empty() && existing[0].Str("status") != "invited" && existing[0].Str("status") != "opened")
    return Error::Conflict("the candidate already started or finished this interview; the link cannot be re-issued", "interview_started");
  std::string token = auth::RandomToken(32);
  std::string now = Now(env.clock), deadline = AddDays(env.clock, days);
  std::string email_status = !deps.mailer ? "not_configured" : a[0].Str("email").empty() ? "no_email" : "queued";
  int64_t interview_id;
  if (existing.empty()) {
    HF_ASSIGN(Rows ins, env.tx.Query("INSERT INTO interviews(application_id, token_hash, status, language, deadline, expires_at, "
                                     "invited_at, invited_by, email_status, updated_at) VALUES (?, ?, 'invited', ?, ?, ?, ?, ?, ?, ?) "
                                     "RETURNING id",
                                     {application_id, auth::Sha256Hex(token), language, deadline, deadline, now, env.who.user_id,
                                      email_status, now}));
    interview_id = ins[0].Int("id");
    HF_TRY(AddProbes(env, interview_id, application_id, req_id, language));
    if (status == "applied") HF_TRY(recruiting::MoveByRule(env.tx, env.clock, application_id, "screened", "invited", "invitation"));
    HF_TRY(recruiting::RecordTransition(env.tx, env.clock, &env.who, application_id, "screened", "interview_invited",
                                                "AI interview invitation sent", std::string("interview_invitation")));
    HF_TRY(env.tx.Exec("UPDATE applications SET status = 'interview_invited', updated_at = ?, version = version + 1 WHERE id = ?",
                       {now, application_id}));
  } else {
    // Re-issue: the old link stops working at once.
    interview_id = existing[0].Int("id");
    HF_TRY(env.tx.Exec("UPDATE interviews SET token_hash = ?, deadline = ?, expires_at = ?, language = ?, email_status = ?, "
                       "version = version + 1, updated_at = ? WHERE id = ?",
                       {auth::Sha256Hex(token), deadline, deadline, language, email_status, now, interview_id}));
  }
  std::string link = deps.public_url + "/interview/" + token;
  if (deps.mailer && !a[0].Str("email").empty()) {
    // The job carries the link: it is the only copy besides this answer (the database keeps a hash).
    jobs::EnqueueOptions o;
    o.max_attempts = 8;
    HF_TRY(jobs::Enqueue(env.tx, "interview.invite_email",
                         {{"interview_id", interview_id}, {"link", link}, {"to", a[0].Str("email")}, {"name", a[0].Str("name")},
                          {"title", a[0].Str("title")}, {"deadline", deadline}, {"language", language}},
                         env.clock, o));
  }
  if (deps.sms) {
    HF_ASSIGN(Rows ph, env.tx.Query("SELECT c.phone FROM applications a JOIN candidates c ON c.id = a.candidate_id WHERE a.id = ?",
                                    {application_id}));
    if (!ph.empty() && !ph[0].Str("phone").empty()) {
      jobs::EnqueueOptions o;
      o.max_attempts = 6;
      std::string text = language == "zh" ? "【HireFlow】您好，请在" + deadline.substr(0, 10) + "前完成「" + a[0].Str("title") + "」的 AI 面试：" + link
                                          : "HireFlow: please complete your AI interview for " + a[0].Str("title") + " by " +
                                                deadline.substr(0, 10) + ": " + link;
      HF_TRY(jobs::Enqueue(env.tx, "interview.sms", {{"interview_id", interview_id}, {"to", ph[0].Str("phone")}, {"text", text}},
                           env.clock, o));
    }
  }
  // A reminder a day before the deadline (sent only if the interview is still unfinished then).
  if ((deps.mailer || deps.sms) && days > 1) {
    jobs::EnqueueOptions o;
    o.delay = std::chrono::hours(24 * (days - 1));
    o.dedupe_key = "reminder:" + std::to_string(interview_id) + ":" + deadline;
    HF_TRY(jobs::Enqueue(env.tx, "interview.reminder",
                         {{"interview_id", interview_id}, {"link", link}, {"to", a[0].Str("email")}, {"name", a[0].Str("name")},
                          {"title", a[0].Str("title")}, {"deadline", deadline}, {"language", language}},
                         env.clock, o));
  }
  HF_TRY(Audit(env.tx, &env.who, env.clock, env.request_id, existing.empty() ? "invite" : "reissue", "interview", interview_id,
               nullptr, {{"application_id", application_id}, {"deadline", deadline}}, "interview #" + std::to_string(interview_id)));
  return json{{"interview_id", interview_id}, {"application_id", application_id}, {"link", link}, {"deadline", deadline},
              {"language", language}, {"email_status", email_status}};
}

Result<json> GetInterview(Env& env, int64_t application_id) {
  HF_TRY(recruiting::RequireRecruitingReader(env.who));
  HF_ASSIGN(std::string scope, recruiting::RequisitionScope(env.tx, env.who));
  HF_ASSIGN(Rows r, env.tx.Query("SELECT i.* FROM interviews i JOIN applications a ON a.id = i.application_id JOIN requisitions r "
                                 "ON r.id = a.requisition_id WHERE i.application_id = ? AND " + scope,
                                 {application_id}));
  if (r.empty()) return Error::NotFound("this application has no interview");
  auto i = r[0];
  auto opt = [&](const char* c) { return i.OptStr(c) ? json(*i.OptStr(c)) : json(nullptr); };
  json j = {{"id", i.Int("id")}, {"application_id", application_id}, {"status", i.Str("status")}, {"language", i.Str("language")},
            {"deadline", i.Str("deadline")}, {"invited_at", i.Str("invited_at")}, {"email_status", i.Str("email_status")},
            {"opened_at", opt("opened_at")}, {"consent_at", opt("consent_at")}, {"consent_version", opt("consent_version")},
            {"declined_at", opt("declined_at")}, {"completed_at", opt("completed_at")}, {"scored_at", opt("scored_at")},
            {"total_score", i.IsNull("total_score") ? json(nullptr) : json(i.Double("total_score"))},
            {"recommendation", opt("recommendation")},
            {"result", i.IsNull("result") ? json(nullptr) : json::parse(i.Str("result"), nullptr, false)},
            {"human_review_requested_at", opt("human_review_requested_at")}, {"human_review_reason", opt("human_review_reason")},
            {"human_review_status", opt("human_review_status")}, {"human_review_outcome", opt("human_review_outcome")},
            {"human_review_resolution", opt("human_review_resolution")}, {"human_review_resolved_at", opt("human_review_resolved_at")},
            {"human_review_resolved_by", opt("human_review_resolved_by")}, {"version", i.Int("version")}};
  HF_ASSIGN(j["notices"], NoticesOf(env.tx, i.Int("id")));
  // The resume-based probes of this interview (answered or not), each with the line that triggered it.
  HF_ASSIGN(Rows pq, env.tx.Query("SELECT id, text, probe_kind, trigger_text, trigger_source FROM interview_questions WHERE "
                                  "interview_id = ? AND kind = 'probe' ORDER BY position, id",
                                  {i.Int("id")}));
  json probes = json::array();
  for (auto p : pq)
    probes.push_back({{"question_id", p.Int("id")}, {"text", p.Str("text")}, {"kind", p.Str("probe_kind")},
                      {"because", p.Str("trigger_text")}, {"because_source", p.Str("trigger_source")},
                      {"scored", p.Str("probe_kind") != "gap"}});
  j["probes"] = probes;
  HF_ASSIGN(Rows ans, env.tx.Query("SELECT a.id, a.question_id, q.text AS question, q.kind, q.competency, q.weight, q.probe_kind, "
                                   "q.trigger_text, q.trigger_source, a.recording_deleted_at, a.attempt, a.mode, a.status, a.is_final, "
                                   "a.received_bytes, a.file_key, a.text_answer, a.transcript, a.analysis, a.score, a.scoring, a.error, "
                                   "a.created_at FROM interview_answers a JOIN interview_questions q ON q.id = a.question_id "
                                   "WHERE a.interview_id = ? ORDER BY q.position, a.attempt",
                                   {i.Int("id")}));
  json answers = json::array();
  for (auto x : ans) {
    json aj = {{"id", x.Int("id")}, {"question_id", x.Int("question_id")}, {"question", x.Str("question")}, {"kind", x.Str("kind")},
               {"attempt", x.Int("attempt")}, {"mode", x.Str("mode")}, {"status", x.Str("status")}, {"is_final", x.Int("is_final") != 0},
               {"has_recording", !x.IsNull("file_key")},
               {"text_answer", x.OptStr("text_answer") ? json(*x.OptStr("text_answer")) : json(nullptr)},
               {"transcript", x.OptStr("transcript") ? json(*x.OptStr("transcript")) : json(nullptr)},
               {"analysis", x.IsNull("analysis") ? json(nullptr) : json::parse(x.Str("analysis"), nullptr, false)},
               {"score", x.IsNull("score") ? json(nullptr) : json(x.Double("score"))},
               {"scoring", x.IsNull("scoring") ? json(nullptr) : json::parse(x.Str("scoring"), nullptr, false)},
               {"error", x.OptStr("error") ? json(*x.OptStr("error")) : json(nullptr)},
               {"competency", x.Str("competency")}, {"weight", x.Double("weight")},
               {"recording_deleted_at", x.OptStr("recording_deleted_at") ? json(*x.OptStr("recording_deleted_at")) : json(nullptr)}};
    // A probe is scored apart from the total and says which resume line it was drawn from.
    if (x.Str("kind") == "probe") {
      aj["probe_kind"] = x.Str("probe_kind");
      aj["because"] = x.Str("trigger_text");
      aj["because_source"] = x.Str("trigger_source");
      aj["scored_separately"] = true;
    }
    HF_ASSIGN(Rows rt, env.tx.Query("SELECT reviewer, rating, override_score, reason, created_at FROM interview_ratings WHERE answer_id = ? "
                                    "ORDER BY id",
                                    {x.Int("id")}));
    json ratings = json::array();
    for (auto y : rt)
      ratings.push_back({{"reviewer", y.Str("reviewer")}, {"rating", y.Double("rating")},
                         {"override_score", y.IsNull("override_score") ? json(nullptr) : json(y.Double("override_score"))},
                         {"reason", y.Str("reason")}, {"created_at", y.Str("created_at")}});
    aj["ratings"] = ratings;
    answers.push_back(std::move(aj));
  }
  j["answers"] = answers;
  return j;
}

Result<json> SecondRoundQuestions(Env& env, int64_t application_id) {
  HF_TRY(recruiting::RequireRecruitingReader(env.who));
  HF_ASSIGN(std::string scope, recruiting::RequisitionScope(env.tx, env.who));
  HF_ASSIGN(Rows i, env.tx.Query("SELECT i.id, i.status, i.language FROM interviews i JOIN applications a ON a.id = i.application_id JOIN "
                                 "requisitions r ON r.id = a.requisition_id WHERE i.application_id = ? AND " + scope,
                                 {application_id}));
  if (i.empty()) return Error::NotFound("this application has no interview");
  if (i[0].Str("status") != "scored") return Error::Conflict("the first round is not scored yet", "not_scored");
  bool zh = i[0].Str("language") == "zh";
  HF_ASSIGN(Rows ans, env.tx.Query("SELECT q.id, q.text, a.transcript, a.scoring FROM interview_answers a JOIN interview_questions q ON "
                                   "q.id = a.question_id WHERE a.interview_id = ? AND a.is_final = 1 AND q.kind = 'core' ORDER BY q.position",
                                   {i[0].Int("id")}));
  json items = json::array();
  for (auto a : ans) {
    json scoring = json::parse(a.Str("scoring"), nullptr, false);
    std::string q = a.Str("text");
    if (scoring.is_object() && scoring.contains("key_points"))
      for (const auto& kp : scoring["key_points"]) {
        if (kp.value("covered", true)) continue;
        std::string point = kp.value("text", "");
        items.push_back({{"kind", "missed_key_point"}, {"from_question_id", a.Int("id")}, {"from_question", q}, {"key_point", point},
                         {"text", zh ? "第一轮回答「" + q + "」时没有谈到「" + point + "」。请结合一个具体的例子谈谈这一点。"
                                     : "In the first round, answering \"" + q + "\", you did not cover \"" + point +
                                           "\". Please walk us through a concrete example of it."},
                         {"reason", zh ? "第一轮未覆盖的要点：" + point : "key point missed in round one: " + point}});
      }
    // Short answers: fewer than 40 words (or 80 CJK characters, ~3 bytes each) give too little to judge.
    std::string t = a.Str("transcript");
    size_t words = 0, cjk_bytes = 0;
    bool in_word = false;
    for (unsigned char c : t) {
      if (c >= 0x80) ++cjk_bytes;
      bool w = std::isalnum(c) != 0;
      if (w && !in_word) ++words;
      in_word = w;
    }
    bool short_answer = cjk_bytes > t.size() / 2 ? cjk_bytes / 3 < 80 : words < 40;
    if (short_answer)
      items.push_back({{"kind", "short_answer"}, {"from_question_id", a.Int("id")}, {"from_question", q},
                       {"text", zh ? "你对「" + q + "」的回答比较简短。请详细描述一个真实的经历：情况、你的行动和结果。"
                                   : "Your answer to \"" + q + "\" was brief. Please describe one real situation in detail: what happened, "
                                     "what you did and the result."},
                       {"reason", zh ? "第一轮回答过短，难以评估" : "the first-round answer was too short to judge"}});
  }
  return json{{"items", items}};
}

Result<Recording> GetRecording(Env& env, const Deps& deps, int64_t answer_id) {
  HF_TRY(recruiting::RequireRecruitingReader(env.who));
  HF_ASSIGN(std::string scope, recruiting::RequisitionScope(env.tx, env.who));
  HF_ASSIGN(Rows r, env.tx.Query("SELECT x.file_key, x.content_type FROM interview_answers x JOIN interviews i ON i.id = x.interview_id "
                                 "JOIN applications a ON a.id = i.application_id JOIN requisitions r ON r.id = a.requisition_id "
                                 "WHERE x.id = ? AND " + scope,
                                 {answer_id}));
  if (r.empty() || r[0].IsNull("file_key")) return Error::NotFound("no recording for this answer");
  HF_ASSIGN(std::string path, deps.files.PathOf(r[0].Str("file_key")));
  std::string ct = r[0].Str("content_type");
  // Only media types are echoed back; anything else is served as an opaque download.
  if (ct.rfind("video/", 0) != 0 && ct.rfind("audio/", 0) != 0) ct = "application/octet-stream";
  return Recording{path, ct};
}

Result<json> RateAnswer(Env& env, int64_t answer_id, const json& body) {
  HF_TRY(recruiting::RequireRecruitingReader(env.who));
  HF_ASSIGN(std::string scope, recruiting::RequisitionScope(env.tx, env.who));
  HF_ASSIGN(Rows r, env.tx.Query("SELECT x.id, x.interview_id, x.score FROM interview_answers x JOIN interviews i ON i.id = x.interview_id "
                                 "JOIN applications a ON a.id = i.application_id JOIN requisitions r ON r.id = a.requisition_id "
                                 "WHERE x.id = ? AND " + scope,
                                 {answer_id}));
  if (r.empty()) return Error::NotFound("no such answer");
  HF_TRY(OnlyKeys(body, {"rating", "override_score", "reason"}));
  auto num = [&](const char* f, bool required) -> Result<std::optional<double>> {
    auto it = body.find(f);
    if (it == body.end() || it->is_null()) {
      if (required) return Error::Invalid(f, std::string(f) + " is required");
      return std::optional<double>();
    }
    if (!it->is_number() || it->get<double>() < 0 || it->get<double>() > 100) return Error::Invalid(f, std::string(f) + " is 0 to 100");
    return std::optional<double>(it->get<double>());
  };
  HF_ASSIGN(auto rating, num("rating", true));
  HF_ASSIGN(auto override_score, num("override_score", false));
  HF_ASSIGN(auto reason, OptText(body, "reason", 2000));
  if (!reason || reason->empty()) return Error::Invalid("reason", "a rating needs a reason");
  if (override_score && env.who.role == auth::Role::kInterviewer)
    return Error::Forbidden("interviewers rate answers; overriding a score is for HR and the hiring manager");
  std::string now = Now(env.clock);
  HF_TRY(env.tx.Exec("INSERT INTO interview_ratings(answer_id, reviewer_user_id, reviewer, rating, override_score, reason, created_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)",
                     {answer_id, env.who.user_id, env.who.username, *rating, override_score, *reason, now}));
  if (override_score) {
    HF_TRY(env.tx.Exec("UPDATE interview_answers SET score = ?, updated_at = ? WHERE id = ?", {*override_score, now, answer_id}));
    // The total follows the override (the automatic score stays in `scoring` for the record).
    HF_TRY(env.tx.Exec("UPDATE interviews SET scored_at = NULL WHERE id = ?", {r[0].Int("interview_id")}));
    HF_TRY(FinishIfScored(env.tx, env.clock, r[0].Int("interview_id")));
  }
  HF_TRY(Audit(env.tx, &env.who, env.clock, env.request_id, override_score ? "override" : "rate", "interview_answer", answer_id,
               {{"score", r[0].IsNull("score") ? json(nullptr) : json(r[0].Double("score"))}},
               {{"rating", *rating}, {"override_score", override_score ? json(*override_score) : json(nullptr)}, {"reason", *reason}},
               "answer #" + std::to_string(answer_id)));
  return json{{"answer_id", answer_id}, {"rating", *rating}, {"override_score", override_score ? json(*override_score) : json(nullptr)},
              {"reason", *reason}, {"reviewer", env.who.username}, {"created_at", now}};
}

}  // namespace aiinterview
