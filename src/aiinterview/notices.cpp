// Telling candidates the outcome of their AI interview (by the channels of the invitation: e-mail
// over SMTP and SMS through the gateway), HR's handling of human-review requests, and the
// agreement between reviewers' ratings and the automatic scores of a plan.
#include <cmath>
#include <map>

#include "aiinterview/detail.h"
#include "embed/interview_notices.h"
#include "interview/agreement.h"

namespace aiinterview {

using core::Error;
using core::Result;
using core::Status;
using nlohmann::json;
using store::Rows;
using namespace detail;

namespace {

const json& Templates() {
  static const json t = json::parse(*embed::interview_notices("notices.json"));
  return t;
}

std::string Fill(std::string s, const std::map<std::string, std::string>& vars) {
  for (const auto& [k, v] : vars) {
    std::string key = "{" + k + "}";
    for (size_t p = s.find(key); p != std::string::npos; p = s.find(key, p + v.size())) s.replace(p, key.size(), v);
  }
  return s;
}

// The notice's template in the interview's language ("zh" or "en").
const json* Template(const std::string& kind, const std::string& outcome, const std::string& language) {
  const json& t = Templates();
  if (!t.contains(kind) || !t[kind].contains(outcome)) return nullptr;
  const json& o = t[kind][outcome];
  return &o[language == "zh" ? "zh" : "en"];
}

struct NoticeRow {
  int64_t id = 0, interview_id = 0;
  std::string kind, outcome, note, language, title, name, email, phone;
};

Result<std::optional<NoticeRow>> LoadNotice(store::Tx& tx, int64_t notice_id) {
  HF_ASSIGN(Rows r, tx.Query("SELECT n.id, n.interview_id, n.kind, n.outcome, n.note, n.language, r.title, c.name, c.email, c.phone "
                             "FROM interview_notices n JOIN interviews i ON i.id = n.interview_id JOIN applications a ON "
                             "a.id = i.application_id JOIN requisitions r ON r.id = a.requisition_id JOIN candidates c ON "
                             "c.id = a.candidate_id WHERE n.id = ?",
                             {notice_id}));
  if (r.empty()) return std::optional<NoticeRow>();  // erased meanwhile
  auto x = r[0];
  return std::optional<NoticeRow>(NoticeRow{x.Int("id"), x.Int("interview_id"), x.Str("kind"), x.Str("outcome"), x.Str("note"),
                                            x.Str("language"), x.Str("title"), x.Str("name"), x.Str("email"), x.Str("phone")});
}

// Decides the channels of a queued notice and queues one send job per channel (so that a failing
// SMS gateway never sends the e-mail twice).
Status FanOut(const jobs::Job& job, store::Tx& tx, const core::Clock& clock, const Deps& deps) {
  int64_t id = job.payload.value("notice_id", int64_t(0));
  HF_ASSIGN(auto n, LoadNotice(tx, id));
  if (!n) return {};
  json channels = json::array();
  if (deps.mailer && !n->email.empty()) channels.push_back("email");
  if (deps.sms && !n->phone.empty()) channels.push_back("sms");
  for (const auto& c : channels) {
    jobs::EnqueueOptions o;
    o.max_attempts = 8;
    o.dedupe_key = "notice:" + std::to_string(id) + ":" + c.get<std::string>();
    HF_TRY(jobs::Enqueue(tx, "interview.notice_send", {{"notice_id", id}, {"channel", c}}, clock, o));
  }
  HF_TRY(tx.Exec("UPDATE interview_notices SET status = ?, channels = ? WHERE id = ?",
                 {channels.empty() ? "no_channel" : "queued", channels.dump(), id}));
  return {};
}

Status SendOne(const jobs::Job& job, store::Tx& tx, const core::Clock& clock, const Deps& deps) {
  int64_t id = job.payload.value("notice_id", int64_t(0));
  std::string channel = job.payload.value("channel", "");
  HF_ASSIGN(auto n, LoadNotice(tx, id));
  if (!n) return {};
  const json* t = Template(n->kind, n->outcome, n->language);
  if (!t) return Error::Internal("no notice template for " + n->kind + "/" + n->outcome);
  std::map<std::string, std::string> vars = {{"name", n->name}, {"title", n->title}, {"note", n->note}};
  if (channel == "email" && deps.mailer) {
    notify::Email mail;
    mail.to = n->email;
    mail.subject = Fill(t->value("subject", ""), vars);
    mail.text = Fill(t->value("text", ""), vars);
    HF_TRY(deps.mailer->Send(mail));  // a failure retries the job with backoff
  } else if (channel == "sms" && deps.sms) {
    HF_TRY(deps.sms->Send(n->phone, Fill(t->value("sms", ""), vars)));
  } else {
    return {};
  }
  HF_TRY(tx.Exec("UPDATE interview_notices SET status = 'sent', sent_at = ? WHERE id = ?", {Now(clock), id}));
  return jobs::Emit(tx, "interview.notice_sent", "interview", std::to_string(n->interview_id),
                    {{"notice_id", id}, {"channel", channel}, {"outcome", n->outcome}}, clock);
}

// A person moved an application after its interview was scored: rejecting it (confirming an
// automatic "reject") or advancing it to the second round is an outcome the candidate is told.
// Moves made by rules (which send their own notice) or other workflows carry a rule and are skipped.
Status OnApplicationMoved(const jobs::Job& job, store::Tx& tx, const core::Clock& clock) {
  const json& d = job.payload.contains("data") ? job.payload["data"] : json::object();
  if (!d.is_object() || d.contains("rule")) return {};
  std::string to = d.value("to", "");
  std::string outcome = to == "rejected" ? "rejected" : to == "second_round" ? "advanced" : "";
  if (outcome.empty()) return {};
  int64_t app = std::atoll(job.payload.value("entity_id", "0").c_str());
  HF_ASSIGN(Rows i, tx.Query("SELECT id FROM interviews WHERE application_id = ? AND status = 'scored'", {app}));
  if (i.empty()) return {};
  HF_ASSIGN(Rows sent, tx.Query("SELECT 1 FROM interview_notices WHERE interview_id = ? AND kind = 'outcome' AND outcome = ?",
                                {i[0].Int("id"), outcome}));
  if (!sent.empty()) return {};  // told already
  return QueueNotice(tx, clock, i[0].Int("id"), "outcome", outcome, "");
}

json NoticeJson(const store::Rows::Row& n) {
  return {{"id", n.Int("id")}, {"kind", n.Str("kind")}, {"outcome", n.Str("outcome")}, {"status", n.Str("status")},
          {"channels", json::parse(n.Str("channels"), nullptr, false)}, {"created_at", n.Str("created_at")},
          {"sent_at", n.OptStr("sent_at") ? json(*n.OptStr("sent_at")) : json(nullptr)}};
}

}  // namespace

namespace detail {

Status QueueNotice(store::Tx& tx, const core::Clock& clock, int64_t interview_id, const std::string& kind, const std::string& outcome,
                   const std::string& note) {
  HF_ASSIGN(Rows i, tx.Query("SELECT language FROM interviews WHERE id = ?", {interview_id}));
  if (i.empty()) return Error::NotFound("no such interview");
  std::string now = Now(clock);
  HF_ASSIGN(Rows r, tx.Query("INSERT INTO interview_notices(interview_id, kind, outcome, note, language, status, created_at) "
                             "VALUES (?, ?, ?, ?, ?, 'pending', ?) RETURNING id",
                             {interview_id, kind, outcome, note, i[0].Str("language"), now}));
  jobs::EnqueueOptions o;
  o.dedupe_key = "notice:" + std::to_string(r[0].Int("id"));
  HF_TRY(jobs::Enqueue(tx, "interview.notice", {{"notice_id", r[0].Int("id")}}, clock, o));
  return {};
}

Result<json> NoticesOf(store::Tx& tx, int64_t interview_id) {
  HF_ASSIGN(Rows r, tx.Query("SELECT * FROM interview_notices WHERE interview_id = ? ORDER BY id", {interview_id}));
  json out = json::array();
  for (auto n : r) out.push_back(NoticeJson(n));
  return out;
}

void RegisterNoticeJobs(jobs::Queue& queue, const core::Clock& clock, const Deps& deps) {
  queue.Register("interview.notice", [&clock, &deps](const jobs::Job& j, store::Tx& tx) { return FanOut(j, tx, clock, deps); });
  queue.Register("interview.notice_send", [&clock, &deps](const jobs::Job& j, store::Tx& tx) { return SendOne(j, tx, clock, deps); });
  queue.Subscribe("application.status_changed", "interview.outcome_on_move");
  queue.Register("interview.outcome_on_move", [&clock](const jobs::Job& j, store::Tx& tx) { return OnApplicationMoved(j, tx, clock); });
}

}  // namespace detail

// ---- Human-review requests ----------------------------------------------------------------------

Result<org::ListResult> ListHumanReviews(Env& env, const std::optional<std::string>& status, const org::Page& page) {
  HF_TRY(recruiting::RequireRecruitingManager(env.who));
  std::string st = status.value_or("open");
  if (st != "open" && st != "resolved" && st != "all") return Error::Invalid("status", "status is open, resolved or all");
  HF_ASSIGN(std::string scope, recruiting::RequisitionManageScope(env.tx, env.who));
  std::string where = " FROM interviews i JOIN applications a ON a.id = i.application_id JOIN requisitions r ON r.id = a.requisition_id "
                      "JOIN candidates c ON c.id = a.candidate_id WHERE i.human_review_status IS NOT NULL AND " + scope;
  store::Params params;
  if (st != "all") {
    where += " AND i.human_review_status = ?";
    params.push_back(st);
  }
  HF_ASSIGN(Rows n, env.tx.Query("SELECT count(*) AS n" + where, params));
  store::Params p2 = params;
  p2.push_back(int64_t(page.limit));
  p2.push_back(int64_t(page.offset));
  HF_ASSIGN(Rows r, env.tx.Query("SELECT i.id, i.application_id, a.requisition_id, r.title, c.name, a.status AS application_status, "
                                 "i.total_score, i.recommendation, i.human_review_requested_at, i.human_review_reason, "
                                 "i.human_review_status, i.human_review_outcome, i.human_review_resolution, i.human_review_resolved_at, "
                                 "i.human_review_resolved_by" + where + " ORDER BY i.human_review_requested_at, i.id LIMIT ? OFFSET ?",
                                 p2));
  org::ListResult out;
  out.total = n[0].Int("n");
  auto opt = [](const store::Rows::Row& x, const char* c) { return x.OptStr(c) ? json(*x.OptStr(c)) : json(nullptr); };
  for (auto x : r)
    out.items.push_back({{"interview_id", x.Int("id")}, {"application_id", x.Int("application_id")},
                         {"requisition_id", x.Int("requisition_id")}, {"requisition_title", x.Str("title")},
                         {"candidate_name", x.Str("name")}, {"application_status", x.Str("application_status")},
                         {"total_score", x.IsNull("total_score") ? json(nullptr) : json(x.Double("total_score"))},
                         {"recommendation", opt(x, "recommendation")}, {"requested_at", opt(x, "human_review_requested_at")},
                         {"reason", opt(x, "human_review_reason")}, {"status", opt(x, "human_review_status")},
                         {"outcome", opt(x, "human_review_outcome")}, {"resolution", opt(x, "human_review_resolution")},
                         {"resolved_at", opt(x, "human_review_resolved_at")}, {"resolved_by", opt(x, "human_review_resolved_by")}});
  return out;
}

Result<json> ResolveHumanReview(Env& env, int64_t application_id, const json& body) {
  HF_TRY(recruiting::RequireRecruitingManager(env.who));
  HF_ASSIGN(std::string scope, recruiting::RequisitionManageScope(env.tx, env.who));
  HF_ASSIGN(Rows r, env.tx.Query("SELECT i.id, i.human_review_status, i.version, a.status AS app_status FROM interviews i JOIN "
                                 "applications a ON a.id = i.application_id JOIN requisitions r ON r.id = a.requisition_id "
                                 "WHERE i.application_id = ? AND " + scope,
                                 {application_id}));
  if (r.empty()) return Error::NotFound("this application has no interview");
  HF_TRY(OnlyKeys(body, {"outcome", "reason", "to", "version"}));
  HF_ASSIGN(auto outcome, OptText(body, "outcome", 20));
  if (!outcome || (*outcome != "upheld" && *outcome != "revised")) return Error::Invalid("outcome", "outcome is upheld or revised");
  HF_ASSIGN(auto reason, OptText(body, "reason", 2000));
  if (!reason || reason->empty()) return Error::Invalid("reason", "a resolution needs a reason (it is sent to the candidate)");
  HF_ASSIGN(auto to, OptText(body, "to", 30));
  if (to && !to->empty() && *outcome != "revised") return Error::Invalid("to", "only a revised decision moves the application");
  int64_t interview_id = r[0].Int("id");
  if (body.contains("version")) {
    HF_ASSIGN(int64_t v, RequireVersion(body));
    if (v != r[0].Int("version")) return VersionConflict("interview");
  }
  std::string st = r[0].OptStr("human_review_status").value_or("");
  if (st.empty()) return Error::Conflict("the candidate has not asked for a human review", "no_review_request");
  if (st == "resolved") return Error::Conflict("this human-review request is already resolved", "review_resolved");
  std::string from = r[0].Str("app_status");
  if (to && !to->empty() && *to != from)
    HF_TRY(recruiting::MoveAsPerson(env, application_id, *to, "human review: " + *reason, "human_review_resolution"));
  std::string now = Now(env.clock);
  HF_TRY(env.tx.Exec("UPDATE interviews SET human_review_status = 'resolved', human_review_outcome = ?, human_review_resolution = ?, "
                     "human_review_resolved_at = ?, human_review_resolved_by = ?, version = version + 1, updated_at = ? WHERE id = ?",
                     {*outcome, *reason, now, env.who.username, now, interview_id}));
  HF_TRY(QueueNotice(env.tx, env.clock, interview_id, "review_resolution", *outcome, *reason));
  HF_TRY(Audit(env.tx, &env.who, env.clock, env.request_id, "resolve_review", "interview", interview_id, {{"human_review_status", "open"}},
               {{"human_review_status", "resolved"}, {"outcome", *outcome}, {"reason", *reason},
                {"application_status", to && !to->empty() ? *to : from}},
               "interview #" + std::to_string(interview_id)));
  HF_TRY(jobs::Emit(env.tx, "interview.human_review_resolved", "interview", std::to_string(interview_id),
                    {{"application_id", application_id}, {"outcome", *outcome}}, env.clock));
  return json{{"interview_id", interview_id}, {"application_id", application_id}, {"status", "resolved"}, {"outcome", *outcome},
              {"resolution", *reason}, {"resolved_at", now}, {"resolved_by", env.who.username},
              {"application_status", to && !to->empty() ? *to : from}};
}

// ---- Agreement ------------------------------------------------------------------------------------

Result<json> PlanAgreement(Env& env, int64_t requisition_id) {
  HF_TRY(recruiting::RequireRecruitingReader(env.who));
  HF_ASSIGN(std::string scope, recruiting::RequisitionScope(env.tx, env.who));
  HF_TRY(recruiting::CheckRequisitionIn(env.tx, requisition_id, scope));
  HF_ASSIGN(Rows r, env.tx.Query("SELECT t.answer_id, t.reviewer, t.rating, x.scoring, i.application_id, q.text AS question FROM "
                                 "interview_ratings t JOIN interview_answers x ON x.id = t.answer_id JOIN interviews i ON "
                                 "i.id = x.interview_id JOIN applications a ON a.id = i.application_id JOIN interview_questions q ON "
                                 "q.id = x.question_id WHERE a.requisition_id = ? ORDER BY t.id",
                                 {requisition_id}));
  std::vector<double> automatic, human;
  json pairs = json::array();
  std::map<std::string, std::pair<std::vector<double>, std::vector<double>>> by_reviewer;
  for (auto x : r) {
    json scoring = json::parse(x.Str("scoring"), nullptr, false);
    // The automatic score stays in `scoring` after an override; answers never scored are skipped.
    if (!scoring.is_object() || !scoring.contains("score") || !scoring["score"].is_number()) continue;
    double a = scoring["score"].get<double>(), h = x.Double("rating");
    automatic.push_back(a);
    human.push_back(h);
    by_reviewer[x.Str("reviewer")].first.push_back(a);
    by_reviewer[x.Str("reviewer")].second.push_back(h);
    pairs.push_back({{"answer_id", x.Int("answer_id")}, {"application_id", x.Int("application_id")}, {"question", x.Str("question")},
                     {"reviewer", x.Str("reviewer")}, {"automatic", a}, {"human", h}});
  }
  auto round3 = [](double v) { return std::round(v * 1000) / 1000; };
  auto summary = [&](const std::vector<double>& a, const std::vector<double>& h) {
    double mad = 0, bias = 0;
    for (size_t k = 0; k < a.size(); ++k) {
      mad += std::fabs(a[k] - h[k]);
      bias += a[k] - h[k];
    }
    bool enough = a.size() >= 3;  // fewer pairs say nothing about correlation
    return json{{"n", a.size()},
                {"pearson", enough ? json(round3(interview::PearsonR(a, h))) : json(nullptr)},
                {"spearman", enough ? json(round3(interview::SpearmanRho(a, h))) : json(nullptr)},
                {"mean_abs_diff", a.empty() ? json(nullptr) : json(round3(mad / static_cast<double>(a.size())))},
                {"mean_diff", a.empty() ? json(nullptr) : json(round3(bias / static_cast<double>(a.size())))}};
  };
  json j = summary(automatic, human);
  json reviewers = json::array();
  for (const auto& [name, v] : by_reviewer) {
    json s = summary(v.first, v.second);
    s["reviewer"] = name;
    reviewers.push_back(s);
  }
  j["requisition_id"] = requisition_id;
  j["by_reviewer"] = reviewers;
  j["pairs"] = pairs;
  j["note"] = "automatic: the rubric score of the answer before any override; human: each reviewer's rating (0-100); "
              "mean_diff > 0 means the automatic score is higher; correlations need at least 3 pairs";
  return j;
}

}  // namespace aiinterview
