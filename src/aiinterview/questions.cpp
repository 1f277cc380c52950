// Interview settings (company compliance switches) and questions with their rubrics.
#include "aiinterview/detail.h"
#include "embed/interview_banks.h"
#include "interview/scoring.h"

namespace aiinterview {

using core::Error;
using core::Result;
using core::Status;
using nlohmann::json;
using store::Rows;
using namespace detail;

namespace {

constexpr const char* kDefaultNoticeEn =
    "How this interview works: you answer each question on video (or in writing). Your answers are transcribed and "
    "compared with the points the company looks for in each question; every point awarded or missed is written down "
    "and a person from HR or the hiring team reviews it before any final decision. Your face, voice tone or emotions "
    "are never used for scoring. Recordings are kept for the retention period below and deleted on request.";

json SettingsRow(const Rows::Row& r) {
  return {{"notice_version", r.Str("notice_version")}, {"notice_text", r.Str("notice_text")},
          {"alternative_process", r.Str("alternative_process")}, {"retention_days", r.Int("retention_days")},
          {"humans_decide", r.Int("humans_decide") != 0}, {"link_valid_days", r.Int("link_valid_days")},
          {"advance_threshold", r.Double("advance_threshold")}, {"reject_threshold", r.Double("reject_threshold")},
          {"auto_advance", r.Int("auto_advance") != 0}, {"version", r.Int("version")}, {"updated_at", r.Str("updated_at")}};
}

constexpr const char* kQCols =
    "id, requisition_id, position, kind, text, language, think_seconds, answer_seconds, rerecords, competency, "
    "model_answer, key_points, weight, version, created_at, updated_at";

struct QuestionValues {
  std::vector<std::pair<std::string, store::Param>> cols;
};

Result<QuestionValues> ValidateQuestion(const json& body, bool creating) {
  HF_TRY(OnlyKeys(body, {"kind", "text", "language", "think_seconds", "answer_seconds", "rerecords", "competency",
                         "model_answer", "key_points", "weight", "version", "id", "requisition_id", "position",
                         "created_at", "updated_at"}));
  QuestionValues v;
  HF_ASSIGN(auto kind, OptText(body, "kind", 20));
  if (kind) {
    if (*kind != "core" && *kind != "practice") return Error::Invalid("kind", "kind is core or practice");
    v.cols.emplace_back("kind", *kind);
  } else if (creating) v.cols.emplace_back("kind", "core");
  HF_ASSIGN(auto text, OptText(body, "text", 2000));
  if (text) {
    if (text->empty()) return Error::Invalid("text", "the question text is empty");
    v.cols.emplace_back("text", *text);
  } else if (creating) return Error::Invalid("text", "text is required");
  HF_ASSIGN(auto lang, OptText(body, "language", 10));
  if (lang) {
    if (*lang != "en" && *lang != "zh") return Error::Invalid("language", "language is en or zh");
    v.cols.emplace_back("language", *lang);
  } else if (creating) {
    v.cols.emplace_back("language", interview::DetectLanguage(text.value_or("")) == interview::Language::kChinese ? "zh" : "en");
  }
  struct Range { const char* f; int64_t lo, hi, def; };
  for (Range r : {Range{"think_seconds", 0, 600, 30}, Range{"answer_seconds", 15, 900, 120}, Range{"rerecords", 0, 10, 1}}) {
    auto it = body.find(r.f);
    if (it == body.end()) {
      if (creating) v.cols.emplace_back(r.f, r.def);
      continue;
    }
    if (!it->is_number_integer() || it->get<int64_t>() < r.lo || it->get<int64_t>() > r.hi)
      return Error::Invalid(r.f, std::string(r.f) + " must be an integer from " + std::to_string(r.lo) + " to " + std::to_string(r.hi));
    v.cols.emplace_back(r.f, it->get<int64_t>());
  }
  HF_ASSIGN(auto comp, OptText(body, "competency", 100));
  if (comp) v.cols.emplace_back("competency", *comp);
  HF_ASSIGN(auto model, OptText(body, "model_answer", 5000));
  if (model) v.cols.emplace_back("model_answer", *model);
  if (auto it = body.find("key_points"); it != body.end()) {
    if (!it->is_array() || it->size() > 20) return Error::Invalid("key_points", "key_points is an array of up to 20 points");
    json kps = json::array();
    for (size_t i = 0; i < it->size(); ++i) {
      const json& k = (*it)[i];
      std::string f = "key_points[" + std::to_string(i) + "]";
      json p = k.is_string() ? json{{"text", k}} : k;
      if (!p.is_object() || !p.contains("text") || !p["text"].is_string() || p["text"].get<std::string>().empty())
        return Error::Invalid(f + ".text", "each key point has a text");
      double w = p.value("weight", 1.0);
      if (!(w > 0 && w <= 100)) return Error::Invalid(f + ".weight", "a weight is a positive number up to 100");
      json syn = p.value("synonyms", json::array());
      if (!syn.is_array()) return Error::Invalid(f + ".synonyms", "synonyms is an array of strings");
      for (const auto& s : syn)
        if (!s.is_string()) return Error::Invalid(f + ".synonyms", "synonyms is an array of strings");
      kps.push_back({{"text", p["text"]}, {"weight", w}, {"synonyms", syn}});
    }
    v.cols.emplace_back("key_points", kps.dump());
  }
  if (auto it = body.find("weight"); it != body.end()) {
    if (!it->is_number() || it->get<double>() <= 0 || it->get<double>() > 100) return Error::Invalid("weight", "weight is a positive number up to 100");
    v.cols.emplace_back("weight", it->get<double>());
  }
  return v;
}

json QuestionRow(const Rows::Row& r) {
  return {{"id", r.Int("id")}, {"requisition_id", r.Int("requisition_id")}, {"position", r.Int("position")},
          {"kind", r.Str("kind")}, {"text", r.Str("text")}, {"language", r.Str("language")},
          {"think_seconds", r.Int("think_seconds")}, {"answer_seconds", r.Int("answer_seconds")},
          {"rerecords", r.Int("rerecords")}, {"competency", r.Str("competency")}, {"model_answer", r.Str("model_answer")},
          {"key_points", json::parse(r.Str("key_points"), nullptr, false)}, {"weight", r.Double("weight")},
          {"version", r.Int("version")}, {"created_at", r.Str("created_at")}, {"updated_at", r.Str("updated_at")}};
}

// A question's requisition, checked against the caller's manage scope.
Result<int64_t> QuestionPlan(Env& env, int64_t id) {
  HF_ASSIGN(Rows q, env.tx.Query("SELECT requisition_id FROM interview_questions WHERE id = ? AND interview_id IS NULL", {id}));
  if (q.empty()) return Error::NotFound("no such question");
  HF_ASSIGN(std::string scope, recruiting::RequisitionManageScope(env.tx, env.who));
  auto in = recruiting::CheckRequisitionIn(env.tx, q[0].Int("requisition_id"), scope);
  if (!in.ok()) return Error::NotFound("no such question");
  return q[0].Int("requisition_id");
}

Result<json> InsertQuestion(Env& env, int64_t req_id, const QuestionValues& v) {
  HF_ASSIGN(Rows mx, env.tx.Query("SELECT COALESCE(MAX(position), 0) AS p FROM interview_questions WHERE requisition_id = ? AND interview_id IS NULL", {req_id}));
  std::string cols, marks;
  store::Params params;
  for (auto& [c, p] : v.cols) {
    cols += c + ", ";
    marks += "?, ";
    params.push_back(p);
  }
  std::string now = Now(env.clock);
  params.insert(params.end(), {req_id, mx[0].Int("p") + 1, now, now});
  HF_ASSIGN(Rows r, env.tx.Query("INSERT INTO interview_questions(" + cols + "requisition_id, position, created_at, updated_at) VALUES (" +
                                     marks + "?, ?, ?, ?) RETURNING " + kQCols,
                                 params));
  return QuestionRow(r[0]);
}

}  // namespace

namespace detail {

Result<Settings> LoadSettings(store::Tx& tx, const core::Clock& clock) {
  HF_ASSIGN(Rows r, tx.Query("SELECT * FROM interview_settings WHERE id = 1"));
  Settings s;
  if (r.empty()) {
    s.notice_version = "ai-interview-notice-1";
    s.notice_text = kDefaultNoticeEn;
    s.alternative_process = "If you prefer not to take an AI-assisted interview, reply to the invitation e-mail and HR will "
                            "arrange an interview with a person instead. Declining does not count against you.";
    return s;
  }
  s.notice_version = r[0].Str("notice_version");
  s.notice_text = r[0].Str("notice_text");
  s.alternative_process = r[0].Str("alternative_process");
  s.retention_days = static_cast<int>(r[0].Int("retention_days"));
  s.humans_decide = r[0].Int("humans_decide") != 0;
  s.link_valid_days = static_cast<int>(r[0].Int("link_valid_days"));
  s.advance_threshold = r[0].Double("advance_threshold");
  s.reject_threshold = r[0].Double("reject_threshold");
  s.auto_advance = r[0].Int("auto_advance") != 0;
  s.candidate_retention_days = static_cast<int>(r[0].Int("candidate_retention_days"));
  s.version = r[0].Int("version");
  (void)clock;
  return s;
}

json SettingsJson(const Settings& s) {
  return {{"notice_version", s.notice_version}, {"notice_text", s.notice_text}, {"alternative_process", s.alternative_process},
          {"retention_days", s.retention_days}, {"candidate_retention_days", s.candidate_retention_days},
          {"humans_decide", s.humans_decide}, {"link_valid_days", s.link_valid_days},
          {"advance_threshold", s.advance_threshold}, {"reject_threshold", s.reject_threshold},
          {"auto_advance", s.auto_advance}, {"version", s.version}};
}

}  // namespace detail

Result<json> GetSettings(Env& env) {
  HF_TRY(recruiting::RequireRecruitingReader(env.who));
  HF_ASSIGN(Settings s, LoadSettings(env.tx, env.clock));
  return SettingsJson(s);
}

Result<json> UpdateSettings(Env& env, const json& body) {
  HF_TRY(org::RequireAdmin(env.who));
  HF_TRY(OnlyKeys(body, {"notice_version", "notice_text", "alternative_process", "retention_days", "candidate_retention_days", "humans_decide",
                         "link_valid_days", "advance_threshold", "reject_threshold", "auto_advance", "version", "updated_at"}));
  HF_ASSIGN(Settings s, LoadSettings(env.tx, env.clock));
  json before = SettingsJson(s);
  if (body.contains("version") && (!body["version"].is_number_integer() || body["version"].get<int64_t>() != s.version))
    return VersionConflict("interview settings");
  HF_ASSIGN(auto nv, OptText(body, "notice_version", 40));
  HF_ASSIGN(auto nt, OptText(body, "notice_text", 20000));
  HF_ASSIGN(auto ap, OptText(body, "alternative_process", 5000));
  // A changed notice text must carry a new version: consent records point at the version.
  if (nt && *nt != s.notice_text && (!nv || *nv == s.notice_version))
    return Error::Invalid("notice_version", "a changed notice needs a new notice_version");
  if (nv) {
    if (nv->empty()) return Error::Invalid("notice_version", "notice_version must not be empty");
    s.notice_version = *nv;
  }
  if (nt) {
    if (nt->empty()) return Error::Invalid("notice_text", "notice_text must not be empty");
    s.notice_text = *nt;
  }
  if (ap) s.alternative_process = *ap;
  auto int_field = [&](const char* f, int lo, int hi, int& out) -> Status {
    auto it = body.find(f);
    if (it == body.end()) return {};
    if (!it->is_number_integer() || it->get<int64_t>() < lo || it->get<int64_t>() > hi)
      return Error::Invalid(f, std::string(f) + " must be an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
    out = static_cast<int>(it->get<int64_t>());
    return {};
  };
  HF_TRY(int_field("retention_days", 1, 3650, s.retention_days));
  HF_TRY(int_field("candidate_retention_days", 30, 3650, s.candidate_retention_days));
  HF_TRY(int_field("link_valid_days", 1, 90, s.link_valid_days));
  for (auto [f, out] : {std::pair{"humans_decide", &s.humans_decide}, std::pair{"auto_advance", &s.auto_advance}}) {
    auto it = body.find(f);
    if (it == body.end()) continue;
    if (!it->is_boolean()) return Error::Invalid(f, std::string(f) + " must be true or false");
    *out = it->get<bool>();
  }
  for (auto [f, out] : {std::pair{"advance_threshold", &s.advance_threshold}, std::pair{"reject_threshold", &s.reject_threshold}}) {
    auto it = body.find(f);
    if (it == body.end()) continue;
    if (!it->is_number() || it->get<double>() < 0 || it->get<double>() > 100) return Error::Invalid(f, std::string(f) + " is 0 to 100");
    *out = it->get<double>();
  }
  if (s.reject_threshold > s.advance_threshold) return Error::Invalid("reject_threshold", "reject_threshold must not exceed advance_threshold");
  std::string now = Now(env.clock);
  HF_TRY(env.tx.Exec("DELETE FROM interview_settings WHERE id = 1"));
  HF_TRY(env.tx.Exec("INSERT INTO interview_settings(id, notice_version, notice_text, alternative_process, retention_days, humans_decide, "
                     "link_valid_days, advance_threshold, reject_threshold, auto_advance, version, updated_at, candidate_retention_days) VALUES "
                     "(1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     {s.notice_version, s.notice_text, s.alternative_process, s.retention_days, s.humans_decide, s.link_valid_days,
                      s.advance_threshold, s.reject_threshold, s.auto_advance, s.version + 1, now, s.candidate_retention_days}));
  s.version += 1;
  json after = SettingsJson(s);
  HF_TRY(Audit(env.tx, &env.who, env.clock, env.request_id, "update", "interview_settings", 1, before, after, "interview settings"));
  return after;
}

Result<json> ListStarterBanks() {
  json out = json::array();
  for (std::string_view name : embed::interview_banks_list()) {
    json b = json::parse(*embed::interview_banks(name), nullptr, false);
    if (!b.is_object()) continue;
    out.push_back({{"name", b["name"]}, {"title", b["title"]}, {"language", b["language"]}, {"questions", b["questions"].size()}});
  }
  return json{{"items", out}};
}

Result<json> ListQuestions(Env& env, int64_t requisition_id) {
  HF_TRY(recruiting::RequireRecruitingReader(env.who));
  HF_ASSIGN(std::string scope, recruiting::RequisitionScope(env.tx, env.who));
  HF_TRY(recruiting::CheckRequisitionIn(env.tx, requisition_id, scope));
  HF_ASSIGN(Rows r, env.tx.Query(std::string("SELECT ") + kQCols + " FROM interview_questions WHERE requisition_id = ? AND interview_id IS NULL ORDER BY position, id",
                                 {requisition_id}));
  json items = json::array();
  for (auto row : r) items.push_back(QuestionRow(row));
  return json{{"items", items}};
}

Result<json> CreateQuestion(Env& env, int64_t requisition_id, const json& body) {
  HF_TRY(recruiting::RequireRecruitingManager(env.who));
  HF_ASSIGN(std::string scope, recruiting::RequisitionManageScope(env.tx, env.who));
  HF_TRY(recruiting::CheckRequisitionIn(env.tx, requisition_id, scope));
  HF_ASSIGN(QuestionValues v, ValidateQuestion(body, true));
  HF_ASSIGN(json q, InsertQuestion(env, requisition_id, v));
  HF_TRY(Audit(env.tx, &env.who, env.clock, env.request_id, "create", "interview_question", q["id"], nullptr, q, "question"));
  return q;
}

Result<json> UpdateQuestion(Env& env, int64_t id, const json& body) {
  HF_TRY(recruiting::RequireRecruitingManager(env.who));
  HF_TRY(QuestionPlan(env, id));
  HF_ASSIGN(int64_t version, RequireVersion(body));
  HF_ASSIGN(QuestionValues v, ValidateQuestion(body, false));
  HF_ASSIGN(Rows before, env.tx.Query(std::string("SELECT ") + kQCols + " FROM interview_questions WHERE id = ?", {id}));
  std::string sets;
  store::Params params;
  for (auto& [c, p] : v.cols) {
    sets += c + " = ?, ";
    params.push_back(p);
  }
  params.insert(params.end(), {Now(env.clock), id, version});
  HF_ASSIGN(int64_t n, env.tx.Exec("UPDATE interview_questions SET " + sets + "version = version + 1, updated_at = ? WHERE id = ? AND version = ?", params));
  if (n == 0) return VersionConflict("question");
  HF_ASSIGN(Rows after, env.tx.Query(std::string("SELECT ") + kQCols + " FROM interview_questions WHERE id = ?", {id}));
  json a = QuestionRow(after[0]);
  HF_TRY(Audit(env.tx, &env.who, env.clock, env.request_id, "update", "interview_question", id, QuestionRow(before[0]), a, "question"));
  return a;
}

Status DeleteQuestion(Env& env, int64_t id) {
  HF_TRY(recruiting::RequireRecruitingManager(env.who));
  HF_TRY(QuestionPlan(env, id));
  HF_ASSIGN(Rows used, env.tx.Query("SELECT 1 FROM interview_answers WHERE question_id = ? LIMIT 1", {id}));
  if (!used.empty()) return Error::Conflict("candidates have answered this question; it cannot be deleted", "in_use");
  HF_TRY(env.tx.Exec("DELETE FROM interview_questions WHERE id = ?", {id}));
  return Audit(env.tx, &env.who, env.clock, env.request_id, "delete", "interview_question", id, {{"id", id}}, nullptr, "question");
}

Result<json> AddStarterBank(Env& env, int64_t requisition_id, const json& body) {
  HF_TRY(recruiting::RequireRecruitingManager(env.who));
  HF_ASSIGN(std::string scope, recruiting::RequisitionManageScope(env.tx, env.who));
  HF_TRY(recruiting::CheckRequisitionIn(env.tx, requisition_id, scope));
  HF_TRY(OnlyKeys(body, {"bank"}));
  HF_ASSIGN(auto name, OptText(body, "bank", 100));
  if (!name || name->empty()) return Error::Invalid("bank", "bank is required");
  auto text = embed::interview_banks(*name + ".json");
  if (!text) return Error::Invalid("bank", "no starter bank named " + *name);
  json bank = json::parse(*text);
  json added = json::array();
  for (const auto& q : bank["questions"]) {
    json qb = q;
    qb["language"] = bank["language"];
    HF_ASSIGN(QuestionValues v, ValidateQuestion(qb, true));
    HF_ASSIGN(json row, InsertQuestion(env, requisition_id, v));
    added.push_back(row);
  }
  HF_TRY(Audit(env.tx, &env.who, env.clock, env.request_id, "add_bank", "requisition", requisition_id, nullptr,
               {{"bank", *name}, {"questions", added.size()}}, "questions"));
  return json{{"items", added}};
}

}  // namespace aiinterview
