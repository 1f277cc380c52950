// Background work of AI interviews: the invitation e-mail (with an .ics for the deadline), media
// analysis of recorded answers (outside any transaction), rubric scoring, and totalling.
#include <cstdio>
#include <mutex>
#include <thread>

#include "aiinterview/detail.h"
#include "interview/scoring.h"
#include "media/analyze.h"
#include "media/http_transcriber.h"
#include "media/pocketsphinx_transcriber.h"

namespace aiinterview {

using core::Error;
using core::Result;
using core::Status;
using nlohmann::json;
using store::Rows;
using namespace detail;

namespace {

// One face detector per worker thread (OpenCV's classifier keeps scratch state).
Result<media::CaptureAnalyzer*> ThreadCaptureAnalyzer() {
  thread_local std::unique_ptr<media::CaptureAnalyzer> analyzer;
  if (!analyzer) {
    HF_ASSIGN(analyzer, media::CaptureAnalyzer::Create());
  }
  return analyzer.get();
}


// Transcribers are expensive to build (the embedded model is ~90 MB): the embedded one is built
// once per worker thread (its decoder is serialised by a mutex, so sharing one would leave all but
// one core idle under a backlog); the HTTP one is stateless and shared.
class Transcribers {
 public:
  Result<media::Transcriber*> For(media::Language lang, media::TranscriberInfo& info) {
    std::lock_guard lk(mu_);
    std::string url = Env("HIREFLOW_TRANSCRIBER_URL");
    if (!url.empty()) {
      if (!http_) {
        media::HttpTranscriberOptions o;
        o.url = url;
        if (!Env("HIREFLOW_TRANSCRIBER_MODEL").empty()) o.model = Env("HIREFLOW_TRANSCRIBER_MODEL");
        o.api_key = Env("HIREFLOW_TRANSCRIBER_KEY");
        http_ = std::make_unique<media::HttpTranscriber>(o);
        http_model_ = o.model;
      }
      info = {"http", http_model_, url};
      return static_cast<media::Transcriber*>(http_.get());
    }
    if (lang == media::Language::kZh)
      return Error{core::ErrorCode::kUnsupported,
                   "no Mandarin transcriber is configured (set HIREFLOW_TRANSCRIBER_URL to an OpenAI-compatible endpoint)", {}, {}};
    thread_local std::unique_ptr<media::PocketSphinxTranscriber> ps;  // one per worker thread
    if (!ps) {
      HF_ASSIGN(ps, media::PocketSphinxTranscriber::Create());
    }
    info = {"pocketsphinx", "en-us", ""};
    return static_cast<media::Transcriber*>(ps.get());
  }

 private:
  static std::string Env(const char* n) {
    const char* v = std::getenv(n);
    return v ? v : "";
  }
  std::mutex mu_;
  std::unique_ptr<media::HttpTranscriber> http_;        // guarded by mu_ (creation only)
  std::string http_model_;
};

Transcribers& SharedTranscribers() {
  static Transcribers t;
  return t;
}

std::string Localized(const std::string& lang, const char* zh, const char* en) { return lang == "zh" ? zh : en; }

Status SendInvitation(const jobs::Job& job, store::Tx& tx, const core::Clock& clock, const Deps& deps) {
  const json& p = job.payload;
  int64_t id = p.value("interview_id", int64_t(0));
  HF_ASSIGN(Rows r, tx.Query("SELECT status FROM interviews WHERE id = ?", {id}));
  if (r.empty()) return {};  // erased meanwhile
  std::string lang = p.value("language", "en");
  std::string title = p.value("title", ""), name = p.value("name", ""), link = p.value("link", ""), deadline = p.value("deadline", "");
  notify::Email mail;
  mail.to = p.value("to", "");
  mail.subject = Localized(lang, "AI 面试邀请：", "AI interview invitation: ") + title;
  mail.text = Localized(lang, "您好 ", "Hello ") + name + ",\n\n" +
              Localized(lang, "感谢您应聘「", "Thank you for applying for ") + title +
              Localized(lang, "」。请在截止时间前完成在线视频面试：\n", ". Please complete the online video interview before the deadline:\n") +
              link + "\n\n" + Localized(lang, "截止时间（UTC）：", "Deadline (UTC): ") + (deadline.size() >= 16 ? deadline.substr(0, 10) + " " + deadline.substr(11, 5) : deadline) +
              "\n" +
              Localized(lang, "您需要一台带摄像头和麦克风的设备；没有摄像头时可以文字作答。面试前会说明评估方式并征得您的同意。\n",
                        "You need a device with a camera and microphone; without a camera you can type your answers. Before you "
                        "start, the page explains how answers are evaluated and asks for your consent.\n") +
              Localized(lang, "此链接仅供您本人使用，请勿转发。\n", "This link is for you only; please do not forward it.\n");
  notify::CalendarEvent ev;
  ev.uid = "interview-" + std::to_string(id) + "@hireflow";
  ev.summary = Localized(lang, "完成 AI 面试：", "Complete the AI interview: ") + title;
  ev.description = Localized(lang, "面试链接：", "Interview link: ") + link;
  ev.url = link;
  HF_ASSIGN(core::Instant end, core::ParseInstant(deadline, "deadline"));
  ev.end = end;
  ev.start = end - std::chrono::hours(1);
  ev.remind_minutes = 24 * 60;
  mail.attachments.push_back({"interview.ics", "text/calendar; charset=UTF-8; method=REQUEST", notify::BuildIcs(ev, clock.Now())});
  HF_TRY(deps.mailer->Send(mail));  // a failure retries the job with backoff
  HF_TRY(tx.Exec("UPDATE interviews SET email_status = 'sent', updated_at = ? WHERE id = ?", {Now(clock), id}));
  return jobs::Emit(tx, "interview.invitation_sent", "interview", std::to_string(id), {{"channel", "email"}}, clock);
}

// Prepare step of the analysis: reads what it needs in its own short read, decodes and analyses
// the file with no transaction open, and returns the step that stores the result.
Result<jobs::Handler> AnalyzeAnswer(const jobs::Job& job, store::Db& db, const core::Clock& clock, const Deps& deps) {
  int64_t answer_id = job.payload.value("answer_id", int64_t(0));
  std::string file_key, language, status;
  {
    HF_ASSIGN(auto tx, db.Begin(false));
    HF_ASSIGN(Rows r, tx->Query("SELECT a.file_key, a.status, i.language FROM interview_answers a JOIN interviews i ON i.id = a.interview_id "
                                "WHERE a.id = ?",
                                {answer_id}));
    if (r.empty() || r[0].Str("status") != "uploaded") {
      return jobs::Handler([](const jobs::Job&, store::Tx&) -> Status { return {}; });  // erased or done already
    }
    file_key = r[0].Str("file_key");
    language = r[0].Str("language");
  }
  HF_ASSIGN(std::string path, deps.files.PathOf(file_key));
  // Test-only hook (HIREFLOW_TEST_PAUSE_ANALYSIS=1): the first analysis after start parks here,
  // mid-job, so a test can kill the worker at a known point. Never set in production.
  if (const char* v = std::getenv("HIREFLOW_TEST_PAUSE_ANALYSIS"); v && std::string(v) == "1") {
    std::fprintf(stderr, "test hook: analysis of answer %lld paused\n", static_cast<long long>(answer_id));
    std::this_thread::sleep_for(std::chrono::hours(1));
  }
  media::AnalyzeOptions o;
  o.language = language == "zh" ? media::Language::kZh : media::Language::kEn;
  o.video = true;  // capture checks flag a recording for a person to look at; they never score
  media::Transcriber* transcriber = nullptr;
  std::string transcriber_error;
  auto t = SharedTranscribers().For(o.language, o.transcriber);
  if (t.ok()) transcriber = *t;
  else transcriber_error = t.error().message;
  o.transcript = transcriber != nullptr;
  auto capture = ThreadCaptureAnalyzer();
  auto analysis = media::AnalyzeMedia(path, o, transcriber, capture.ok() ? *capture : nullptr);
  json result;
  std::string transcript, error;
  bool ok = analysis.ok();
  if (ok) {
    result = json::parse(media::MediaAnalysisJson(*analysis), nullptr, false);
    if (analysis->transcript) transcript = analysis->transcript->text;
    if (!transcriber_error.empty()) result["transcript_error"] = transcriber_error;
  } else {
    error = analysis.error().message;  // a damaged recording is a stored outcome, not a retry
  }
  return jobs::Handler([answer_id, ok, result, transcript, error, &clock](const jobs::Job&, store::Tx& tx) -> Status {
    std::string now = Now(clock);
    if (!ok) {
      HF_TRY(tx.Exec("UPDATE interview_answers SET status = 'failed', error = ?, updated_at = ? WHERE id = ? AND status = 'uploaded'",
                     {error, now, answer_id}));
      return {};
    }
    HF_ASSIGN(int64_t n, tx.Exec("UPDATE interview_answers SET status = 'analyzed', analysis = ?, transcript = ?, updated_at = ? "
                                 "WHERE id = ? AND status = 'uploaded'",
                                 {result.dump(), transcript, now, answer_id}));
    if (n == 0) return {};
    jobs::EnqueueOptions eo;
    eo.dedupe_key = "score:" + std::to_string(answer_id);
    HF_TRY(jobs::Enqueue(tx, "interview.score_answer", {{"answer_id", answer_id}}, clock, eo));
    return jobs::Emit(tx, "interview.answer_analyzed", "interview_answer", std::to_string(answer_id), json::object(), clock);
  });
}

Status ScoreAnswerJob(const jobs::Job& job, store::Tx& tx, const core::Clock& clock) {
  int64_t answer_id = job.payload.value("answer_id", int64_t(0));
  HF_ASSIGN(Rows r, tx.Query("SELECT a.interview_id, a.status, a.transcript, a.analysis, q.text, q.model_answer, q.key_points, q.language, "
                             "q.kind, q.probe_kind FROM interview_answers a JOIN interview_questions q ON q.id = a.question_id WHERE a.id = ?",
                             {answer_id}));
  if (r.empty()) return {};
  auto row = r[0];
  if (row.Str("status") != "analyzed" && row.Str("status") != "uploaded") return {};
  if (row.Str("kind") == "practice" || row.Str("probe_kind") == "gap") {
    // Practice answers and optional context are kept for the candidate's sake but never scored.
    HF_TRY(tx.Exec("UPDATE interview_answers SET status = 'scored', score = NULL, scoring = ?, updated_at = ? WHERE id = ?",
                   {json{{"note", "not scored"}}.dump(), Now(clock), answer_id}));
    return {};
  }
  interview::Rubric rubric;
  rubric.question = row.Str("text");
  rubric.model_answer = row.Str("model_answer");
  rubric.language = interview::ParseLanguage(row.Str("language"));
  json kps = json::parse(row.Str("key_points"), nullptr, false);
  if (kps.is_array())
    for (const auto& k : kps) {
      interview::KeyPoint kp;
      kp.text = k.value("text", "");
      kp.weight = k.value("weight", 1.0);
      for (const auto& s : k.value("synonyms", json::array()))
        if (s.is_string()) kp.synonyms.push_back(s.get<std::string>());
      rubric.key_points.push_back(std::move(kp));
    }
  // Behavioural questions are scored for structure (STAR) too; the mix is documented.
  rubric.weights = {0.7, 0.1, 0.2};
  interview::Score s = interview::ScoreAnswer(rubric, {row.Str("transcript")});
  json kp = json::array();
  for (const auto& k : s.key_points)
    kp.push_back({{"text", k.text}, {"covered", k.covered}, {"evidence", k.evidence}, {"weight", k.weight}, {"similarity", k.similarity}});
  json ded = json::array();
  for (const auto& d : s.deductions) ded.push_back({{"reason", d.reason}, {"points", d.points}});
  json subs = json::array();
  for (const auto& x : s.sub_scores)
    subs.push_back({{"name", x.name}, {"score", x.score}, {"weight", x.weight}, {"explanation", x.explanation}});
  json scoring = {{"score", s.total}, {"key_points", kp}, {"deductions", ded}, {"sub_scores", subs},
                  {"language", std::string(interview::LanguageTag(s.language))}, {"version", s.version}};
  // Delivery signals are shown to reviewers and never change the score: speech rate, pauses and
  // fillers penalise non-native speakers, stammers and some disabilities (docs/ai-interview.md).
  json analysis = row.IsNull("analysis") ? json(nullptr) : json::parse(row.Str("analysis"), nullptr, false);
  if (analysis.is_object()) {
    json delivery = json::object();
    for (const char* k : {"speaking_time_s", "speech_rate_wpm", "speech_rate_cpm", "pause_count", "longest_pause_s", "fillers",
                          "fillers_per_minute", "low_confidence"})
      if (analysis.contains(k)) delivery[k] = analysis[k];
    scoring["delivery"] = delivery;
    scoring["delivery_note"] = "shown to reviewers only; not part of the score";
    // Reasons for a person to watch the recording before relying on the score.
    json flags = json::array();
    if (analysis.value("low_confidence", false)) flags.push_back("low_confidence_transcript");
    if (analysis.contains("capture") && analysis["capture"].is_object())
      for (const auto& f : analysis["capture"].value("flags", json::array()))
        if (f.is_string() && f != "no_video") flags.push_back(f);
    scoring["review_flags"] = flags;
  }
  std::string now = Now(clock);
  HF_TRY(tx.Exec("UPDATE interview_answers SET status = 'scored', score = ?, scoring = ?, updated_at = ? WHERE id = ?",
                 {static_cast<double>(s.total), scoring.dump(), now, answer_id}));
  return FinishIfScored(tx, clock, row.Int("interview_id"));
}

}  // namespace


Result<json> DeviceCheck(store::Tx& tx, const core::Clock& clock, const std::string& token, const std::string& clip_path) {
  HF_ASSIGN(Link l, ResolveLink(tx, clock, token));
  if (!l.consented) return Error::Conflict("the notice must be accepted before the device check", "consent_required");
  media::DecodeOptions o;
  o.audio = false;
  o.video_frames = true;
  o.frames_per_second = 4;
  o.max_duration_s = 10;
  auto decoded = media::DecodeMedia(clip_path, o);
  if (!decoded.ok()) return Error::Invalid("file", "the test clip cannot be read: " + decoded.error().message);
  HF_ASSIGN(media::CaptureAnalyzer* analyzer, ThreadCaptureAnalyzer());
  media::CaptureSummary c = analyzer->Analyze(decoded->frames);
  return json{{"frames", c.frames}, {"face_share", c.face_share}, {"multiple_faces_share", c.multiple_faces_share},
              {"centred_share", c.centred_share}, {"mean_brightness", c.mean_brightness}, {"flags", c.flags},
              {"use", "advice for the candidate only; never stored or scored"}};
}

namespace detail {

Status FinishIfScored(store::Tx& tx, const core::Clock& clock, int64_t interview_id) {
  HF_ASSIGN(Rows i, tx.Query("SELECT i.status, i.application_id, a.requisition_id, a.status AS app_status FROM interviews i JOIN "
                             "applications a ON a.id = i.application_id WHERE i.id = ?",
                             {interview_id}));
  if (i.empty()) return {};
  std::string status = i[0].Str("status");
  if (status != "completed" && status != "scored") return {};
  HF_ASSIGN(Rows ans, tx.Query("SELECT q.id, q.weight, q.competency, a.status, a.score FROM interview_questions q LEFT JOIN interview_answers a "
                               "ON a.question_id = q.id AND a.interview_id = ? AND a.is_final = 1 WHERE q.requisition_id = ? AND "
                               "q.kind = 'core' ORDER BY q.position",
                               {interview_id, i[0].Int("requisition_id")}));
  double total_w = 0, sum = 0;
  json per_question = json::array();
  json competencies = json::object();
  for (auto a : ans) {
    std::string st = a.Str("status");
    if (st == "failed") {
      // An unreadable recording scores 0 and says so; a person sees the error on the answer.
    } else if (st != "scored") {
      return {};  // still pending
    }
    double score = st == "scored" ? a.Double("score") : 0;
    double w = a.Double("weight");
    total_w += w;
    sum += w * score;
    per_question.push_back({{"question_id", a.Int("id")}, {"score", score}, {"weight", w}, {"failed", st == "failed"}});
    std::string c = a.Str("competency");
    if (!c.empty()) {
      json& cj = competencies[c];
      if (!cj.is_object()) cj = {{"weight", 0.0}, {"sum", 0.0}};
      cj["weight"] = cj["weight"].get<double>() + w;
      cj["sum"] = cj["sum"].get<double>() + w * score;
    }
  }
  for (auto& [name, c] : competencies.items()) c = std::round(10 * c["sum"].get<double>() / c["weight"].get<double>()) / 10;
  double total = total_w > 0 ? std::round(10 * sum / total_w) / 10 : 0;
  HF_ASSIGN(Settings s, LoadSettings(tx, clock));
  std::string rec = total >= s.advance_threshold ? "advance" : total < s.reject_threshold ? "reject" : "review";
  // Probes are scored apart from the total, so candidates asked different probes stay comparable.
  HF_ASSIGN(Rows probes, tx.Query("SELECT q.id, q.probe_kind, q.trigger_text, a.status, a.score FROM interview_questions q LEFT JOIN "
                                  "interview_answers a ON a.question_id = q.id AND a.is_final = 1 WHERE q.interview_id = ? AND "
                                  "q.kind = 'probe' AND q.probe_kind <> 'gap' ORDER BY q.position",
                                  {interview_id}));
  json probe_list = json::array();
  double probe_sum = 0;
  int probe_n = 0;
  for (auto p : probes) {
    std::string st = p.Str("status");
    if (st != "scored" && st != "failed") return {};  // still pending
    double score = st == "scored" ? p.Double("score") : 0;
    probe_sum += score;
    ++probe_n;
    probe_list.push_back({{"question_id", p.Int("id")}, {"kind", p.Str("probe_kind")}, {"because", p.Str("trigger_text")}, {"score", score}});
  }
  json result = {{"total", total}, {"per_question", per_question}, {"competencies", competencies}, {"recommendation", rec},
                 {"thresholds", {{"advance", s.advance_threshold}, {"reject", s.reject_threshold}}},
                 {"humans_decide", s.humans_decide},
                 {"probes", {{"mean", probe_n ? json(std::round(10 * probe_sum / probe_n) / 10) : json(nullptr)}, {"items", probe_list},
                             {"note", "scored separately; not part of the total"}}}};
  std::string now = Now(clock);
  bool first = status == "completed";
  HF_TRY(tx.Exec("UPDATE interviews SET status = 'scored', total_score = ?, recommendation = ?, result = ?, scored_at = ?, updated_at = ? "
                 "WHERE id = ?",
                 {total, rec, result.dump(), now, now, interview_id}));
  if (!first) return {};  // a re-total after an override never moves the application again
  int64_t app = i[0].Int("application_id");
  std::string reason = "interview total " + std::to_string(static_cast<int>(total)) + " (advance ≥ " +
                       std::to_string(static_cast<int>(s.advance_threshold)) + ", reject < " +
                       std::to_string(static_cast<int>(s.reject_threshold)) + ")";
  if (i[0].Str("app_status") == "interview_invited")
    HF_TRY(recruiting::MoveByRule(tx, clock, app, "interviewed", reason, "interview_completed"));
  if (rec == "advance" && s.auto_advance) HF_TRY(recruiting::MoveByRule(tx, clock, app, "second_round", reason, "interview_advance_threshold"));
  if (rec == "reject" && !s.humans_decide) HF_TRY(recruiting::MoveByRule(tx, clock, app, "rejected", reason, "interview_reject_threshold"));
  // The candidate hears the outcome: the move a rule made, or that a person reviews the answers
  // (every "review", every "reject" that waits for a person, every "advance" without auto-advance).
  std::string outcome = rec == "advance" && s.auto_advance ? "advanced" : rec == "reject" && !s.humans_decide ? "rejected" : "in_review";
  HF_TRY(QueueNotice(tx, clock, interview_id, "outcome", outcome, ""));
  return jobs::Emit(tx, "interview.scored", "interview", std::to_string(interview_id),
                    {{"application_id", app}, {"total", total}, {"recommendation", rec}}, clock);
}

}  // namespace detail

namespace {

Status SendSms(const jobs::Job& job, store::Tx& tx, const core::Clock& clock, const Deps& deps) {
  int64_t id = job.payload.value("interview_id", int64_t(0));
  HF_ASSIGN(Rows r, tx.Query("SELECT status FROM interviews WHERE id = ?", {id}));
  if (r.empty()) return {};
  HF_TRY(deps.sms->Send(job.payload.value("to", ""), job.payload.value("text", "")));
  return jobs::Emit(tx, "interview.invitation_sent", "interview", std::to_string(id), {{"channel", "sms"}}, clock);
}

// Sent only while the interview is unfinished and the link is the one the reminder was made for.
Status SendReminder(const jobs::Job& job, store::Tx& tx, const core::Clock& clock, const Deps& deps) {
  const json& p = job.payload;
  int64_t id = p.value("interview_id", int64_t(0));
  HF_ASSIGN(Rows r, tx.Query("SELECT i.status, i.deadline, c.phone FROM interviews i JOIN applications a ON a.id = i.application_id "
                             "JOIN candidates c ON c.id = a.candidate_id WHERE i.id = ?",
                             {id}));
  if (r.empty()) return {};
  std::string st = r[0].Str("status");
  if (st != "invited" && st != "opened" && st != "in_progress") return {};
  if (r[0].Str("deadline") != p.value("deadline", "")) return {};  // re-issued meanwhile: a newer reminder exists
  std::string lang = p.value("language", "en"), title = p.value("title", ""), link = p.value("link", "");
  std::string text = Localized(lang, "提醒：请在明天截止前完成「", "Reminder: please complete your AI interview for ") + title +
                     Localized(lang, "」的 AI 面试：", " before the deadline tomorrow: ") + link;
  if (deps.mailer && !p.value("to", "").empty()) {
    notify::Email mail;
    mail.to = p.value("to", "");
    mail.subject = Localized(lang, "AI 面试提醒：", "Reminder: AI interview for ") + title;
    mail.text = text + "\n";
    HF_TRY(deps.mailer->Send(mail));
  }
  if (deps.sms && !r[0].Str("phone").empty()) HF_TRY(deps.sms->Send(r[0].Str("phone"), text));
  return jobs::Emit(tx, "interview.reminder_sent", "interview", std::to_string(id), json::object(), clock);
}

// Internal notices to group-chat robots: an interview finished, was declined, or needs a person.
Status NoticeRobots(const jobs::Job& job, store::Tx& tx, const core::Clock& clock, const Deps& deps) {
  std::string topic = job.payload.value("topic", "");
  int64_t id = std::atoll(job.payload.value("entity_id", "0").c_str());
  HF_ASSIGN(Rows r, tx.Query("SELECT r.title, a.id AS app, i.total_score FROM interviews i JOIN applications a ON a.id = i.application_id "
                             "JOIN requisitions r ON r.id = a.requisition_id WHERE i.id = ?",
                             {id}));
  if (r.empty()) return {};
  // Candidate names stay out of chat rooms: the notice links to the application instead.
  std::string what = topic == "interview.completed"               ? "完成了 AI 面试 / finished the AI interview"
                     : topic == "interview.declined"              ? "拒绝了 AI 面试，需要安排人工面试 / declined the AI interview: arrange a person"
                     : topic == "interview.human_review_requested" ? "申请人工复核 / asked for a human review"
                                                                   : topic;
  std::string text = "HireFlow: " + r[0].Str("title") + " — application #" + r[0].Str("app") + " " + what + "\n" +
                     deps.public_url + "/applications/" + r[0].Str("app");
  for (const auto& robot : deps.robots) HF_TRY(notify::SendRobotText(robot, text, clock.Now()));
  return {};
}

}  // namespace

void RegisterJobs(jobs::Queue& queue, store::Db& db, const core::Clock& clock, const Deps& deps) {
  if (deps.sms) queue.Register("interview.sms", [&clock, &deps](const jobs::Job& j, store::Tx& tx) { return SendSms(j, tx, clock, deps); });
  queue.Register("interview.reminder", [&clock, &deps](const jobs::Job& j, store::Tx& tx) { return SendReminder(j, tx, clock, deps); });
  if (!deps.robots.empty()) {
    for (const char* t : {"interview.completed", "interview.declined", "interview.human_review_requested"}) queue.Subscribe(t, "interview.robots");
    queue.Register("interview.robots", [&clock, &deps](const jobs::Job& j, store::Tx& tx) { return NoticeRobots(j, tx, clock, deps); });
  }
  if (deps.mailer)
    queue.Register("interview.invite_email",
                   [&clock, &deps](const jobs::Job& j, store::Tx& tx) { return SendInvitation(j, tx, clock, deps); });
  queue.RegisterLong("interview.analyze_answer",
                     [&db, &clock, &deps](const jobs::Job& j) { return AnalyzeAnswer(j, db, clock, deps); });
  queue.Register("interview.score_answer", [&clock](const jobs::Job& j, store::Tx& tx) { return ScoreAnswerJob(j, tx, clock); });
  RegisterNoticeJobs(queue, clock, deps);
  RegisterRetentionJob(queue, db, clock, deps);
}

}  // namespace aiinterview
