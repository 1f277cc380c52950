// Applications and the pipeline: allowed moves, automatic moves by plan rule, manual moves with a
// reason, bulk moves, screening, and the public apply flow of the careers page.
#include <map>
#include <set>

#include "auth/crypto.h"
#include "core/money.h"
#include "jobs/jobs.h"
#include "recruit/screening.h"
#include "recruiting/detail.h"

namespace recruiting {

using core::Error;
using core::Result;
using core::Status;
using nlohmann::json;
using store::Rows;
using namespace detail;

namespace {

const std::vector<std::string> kStages = {"applied", "screened", "interview_invited", "interviewed", "second_round",
                                          "offer", "hired", "rejected", "on_hold", "withdrawn"};

// The candidate's optional expected monthly salary (yuan; number or decimal string; null or "" for
// none), stored in applications.expected_monthly_salary for payroll's offer pricing. A month of more
// than ¥1,000,000 is a typo, not an expectation.
constexpr int64_t kMaxExpectedFen = 1'000'000'00;
Result<std::optional<int64_t>> ExpectedSalaryOf(const json& body) {
  auto it = body.find("expected_monthly_salary");
  if (it == body.end() || it->is_null() || (it->is_string() && it->get<std::string>().empty())) return std::optional<int64_t>();
  HF_ASSIGN(core::Money m, core::Money::FromJson(*it, "expected_monthly_salary"));
  if (m.fen() <= 0) return Error::Invalid("expected_monthly_salary", "expected_monthly_salary must be above 0");
  if (m.fen() > kMaxExpectedFen)
    return Error::Invalid("expected_monthly_salary", "expected_monthly_salary is at most 1000000.00 yuan a month");
  return std::optional<int64_t>(m.fen());
}

// Forward moves of the pipeline. Any open stage may also go to rejected, on_hold or withdrawn; an
// application on hold returns to the stage it was held from; a rejected one may be reopened to
// screened (a person, with a reason). hired and withdrawn are final.
const std::map<std::string, std::set<std::string>>& Moves() {
  static const std::map<std::string, std::set<std::string>> k = {
      {"applied", {"screened", "interview_invited"}},
      {"screened", {"interview_invited", "interviewed", "second_round"}},
      {"interview_invited", {"interviewed", "screened"}},
      {"interviewed", {"second_round", "offer"}},
      {"second_round", {"offer"}},
      {"offer", {"hired"}},
      {"rejected", {"screened"}},
  };
  return k;
}

bool IsOpenStage(std::string_view s) { return s != "hired" && s != "rejected" && s != "withdrawn" && s != "on_hold"; }

std::vector<std::string> AllowedFrom(const std::string& from, const std::string& held_from) {
  std::vector<std::string> out;
  if (from == "on_hold") {
    if (!held_from.empty()) out.push_back(held_from);
    out.insert(out.end(), {"rejected", "withdrawn"});
    return out;
  }
  auto it = Moves().find(from);
  if (it != Moves().end()) out.assign(it->second.begin(), it->second.end());
  if (IsOpenStage(from)) out.insert(out.end(), {"rejected", "on_hold", "withdrawn"});
  if (from == "offer") out.erase(std::remove(out.begin(), out.end(), "on_hold"), out.end());
  return out;
}

constexpr const char* kCols =
    "a.id, a.requisition_id, a.candidate_id, a.status, a.held_from, a.source, a.score, a.recommendation, a.screening, "
    "a.screened_at, a.version, a.created_at, a.updated_at, c.name AS candidate_name, r.title AS requisition_title";
constexpr const char* kFrom =
    " FROM applications a JOIN candidates c ON c.id = a.candidate_id JOIN requisitions r ON r.id = a.requisition_id";

json Row(const Rows::Row& r, bool full) {
  json screening = r.IsNull("screening") ? json(nullptr) : json::parse(r.Str("screening"), nullptr, false);
  json j = {{"id", r.Int("id")}, {"requisition_id", r.Int("requisition_id")}, {"requisition_title", r.Str("requisition_title")},
            {"candidate_id", r.Int("candidate_id")}, {"candidate_name", r.Str("candidate_name")}, {"status", r.Str("status")},
            {"source", r.Str("source")}, {"score", r.IsNull("score") ? json(nullptr) : json(r.Double("score"))},
            {"recommendation", r.OptStr("recommendation") ? json(*r.OptStr("recommendation")) : json(nullptr)},
            {"screened_at", r.OptStr("screened_at") ? json(*r.OptStr("screened_at")) : json(nullptr)},
            {"allowed_moves", AllowedFrom(r.Str("status"), r.Str("held_from"))},
            {"version", r.Int("version")}, {"created_at", r.Str("created_at")}, {"updated_at", r.Str("updated_at")}};
  if (full) j["screening"] = screening;
  else if (screening.is_object() && screening.contains("items")) {
    // The board shows missing must-haves on the card: never hidden behind the number.
    json missing = json::array();
    for (const auto& it : screening["items"])
      if (it.value("kind", "") == "must_have" && !it.value("met", true)) missing.push_back(it.value("requirement", ""));
    j["missing_must_haves"] = missing;
  }
  return j;
}

Result<Rows> LoadRow(store::Tx& tx, int64_t id, const std::string& scope) {
  HF_ASSIGN(Rows r, tx.Query(std::string("SELECT ") + kCols + kFrom + " WHERE a.id = ? AND " + scope, {id}));
  if (r.empty()) return Error::NotFound("no such application");
  return r;
}

Result<int64_t> InsertApplication(store::Tx& tx, const core::Clock& clock, const auth::Principal* who, int64_t req_id,
                                  int64_t cand_id, const std::string& source) {
  HF_ASSIGN(Rows ex, tx.Query("SELECT id FROM applications WHERE requisition_id = ? AND candidate_id = ?", {req_id, cand_id}));
  if (!ex.empty()) {
    Error e = Error::Conflict("this candidate already applied to this plan (application " + ex[0].Str("id") + ")", "already_applied");
    e.field = "candidate_id";
    return e;
  }
  std::string now = Now(clock);
  HF_ASSIGN(Rows r, tx.Query("INSERT INTO applications(requisition_id, candidate_id, status, source, created_at, updated_at) "
                             "VALUES (?, ?, 'applied', ?, ?, ?) RETURNING id",
                             {req_id, cand_id, source, now, now}));
  int64_t id = r[0].Int("id");
  HF_TRY(tx.Exec("INSERT INTO application_events(application_id, at, actor_user_id, actor, kind, to_status, reason) VALUES "
                 "(?, ?, ?, ?, 'status', 'applied', ?)",
                 {id, now, who ? store::Param(who->user_id) : store::Param(std::nullopt), who ? who->username : "candidate",
                  "source: " + source}));
  return id;
}

// Moves one application; `who` null for automatic moves (then `rule` names the rule).
Status Move(store::Tx& tx, const core::Clock& clock, const auth::Principal* who, int64_t id, const std::string& from,
            const std::string& held_from, const std::string& to, const std::string& reason,
            const std::optional<std::string>& rule, std::optional<int64_t> version) {
  auto allowed = AllowedFrom(from, held_from);
  if (std::find(allowed.begin(), allowed.end(), to) == allowed.end()) {
    std::string list;
    for (auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    Error e = Error::Conflict("an application cannot move from " + from + " to " + to +
                                  (list.empty() ? " (" + from + " is final)" : "; allowed: " + list),
                              "transition_refused");
    e.field = "to";
    return e;
  }
  HF_ASSIGN(Rows app, tx.Query("SELECT requisition_id FROM applications WHERE id = ?", {id}));
  int64_t req_id = app[0].Int("requisition_id");
  if (to == "hired") {
    HF_ASSIGN(Rows rq, tx.Query("SELECT headcount, hired_count FROM requisitions WHERE id = ?", {req_id}));
    if (rq[0].Int("hired_count") >= rq[0].Int("headcount"))
      return Error::Conflict("the plan's headcount is already reached; raise the headcount first", "headcount_reached");
  }
  std::string now = Now(clock);
  std::string held = to == "on_hold" ? from : "";
  std::string sql = "UPDATE applications SET status = ?, held_from = ?, updated_at = ?, version = version + 1 WHERE id = ? AND status = ?";
  store::Params params = {to, held.empty() ? store::Param(std::nullopt) : store::Param(held), now, id, from};
  if (version) {
    sql += " AND version = ?";
    params.push_back(*version);
  }
  HF_ASSIGN(int64_t n, tx.Exec(sql, params));
  if (n == 0) return VersionConflict("application");
  HF_TRY(RecordTransition(tx, clock, who, id, from, to, reason, rule));
  if (to == "hired") {
    HF_TRY(tx.Exec("UPDATE requisitions SET hired_count = hired_count + 1, updated_at = ? WHERE id = ?", {now, req_id}));
    HF_ASSIGN(Rows rq, tx.Query("SELECT headcount, hired_count, status FROM requisitions WHERE id = ?", {req_id}));
    if (rq[0].Int("hired_count") >= rq[0].Int("headcount") && rq[0].Str("status") == "open") {
      HF_TRY(tx.Exec("UPDATE requisitions SET status = 'filled', version = version + 1, updated_at = ? WHERE id = ?", {now, req_id}));
      HF_TRY(auth::AppendAudit(tx, who, {"transition", "requisition", std::to_string(req_id), {{"status", "open"}},
                                         {{"status", "filled"}, {"rule", "headcount_reached"}}},
                               "", clock));
      HF_TRY(jobs::Emit(tx, "requisition.filled", "requisition", std::to_string(req_id), {{"rule", "headcount_reached"}}, clock));
    }
  }
  return {};
}

Result<std::string> AppScope(store::Tx& tx, const auth::Principal& who, bool manage) {
  HF_ASSIGN(std::string rs, manage ? RequisitionManageScope(tx, who) : RequisitionScope(tx, who));
  return rs;
}

std::string Today(const core::Clock& clock) { return core::FormatInstant(clock.Now()).substr(0, 10); }

}  // namespace

std::vector<std::string> PipelineStages() { return kStages; }

bool TransitionAllowed(std::string_view from, std::string_view to) {
  auto a = AllowedFrom(std::string(from), "");
  return std::find(a.begin(), a.end(), to) != a.end();
}

Status RecordTransition(store::Tx& tx, const core::Clock& clock, const auth::Principal* who, int64_t app_id,
                        const std::string& from, const std::string& to, const std::string& reason,
                        const std::optional<std::string>& rule) {
  HF_TRY(tx.Exec("INSERT INTO application_events(application_id, at, actor_user_id, actor, kind, from_status, to_status, "
                 "reason, rule) VALUES (?, ?, ?, ?, 'status', ?, ?, ?, ?)",
                 {app_id, Now(clock), who ? store::Param(who->user_id) : store::Param(std::nullopt),
                  who ? who->username : "system", from, to, reason, rule}));
  HF_ASSIGN(Rows a, tx.Query("SELECT requisition_id, candidate_id FROM applications WHERE id = ?", {app_id}));
  json payload = {{"from", from}, {"to", to}, {"requisition_id", a[0].Int("requisition_id")},
                  {"candidate_id", a[0].Int("candidate_id")}, {"actor", who ? who->username : "system"}};
  if (rule) payload["rule"] = *rule;
  return jobs::Emit(tx, "application.status_changed", "application", std::to_string(app_id), payload, clock);
}

namespace detail {

Status ScreenApplication(store::Tx& tx, const core::Clock& clock, int64_t app_id, const recruit::Screener* screener) {
  HF_ASSIGN(Rows a, tx.Query("SELECT a.status, a.held_from, r.requirements, c.resume_json, c.resume_text FROM applications a "
                             "JOIN requisitions r ON r.id = a.requisition_id JOIN candidates c ON c.id = a.candidate_id "
                             "WHERE a.id = ?",
                             {app_id}));
  if (a.empty()) return Error::NotFound("no such application");
  auto row = a[0];
  auto req = recruit::ParseRequirements(json::parse(row.Str("requirements"), nullptr, false));
  recruit::Requirements requirements = req.ok() ? std::move(req).value() : recruit::Requirements{};
  json resume = row.IsNull("resume_json") ? json::object() : json::parse(row.Str("resume_json"), nullptr, false);
  HF_ASSIGN(core::Date today, core::Date::Parse(Today(clock)));
  recruit::ScreeningResult res = screener ? screener->Screen(resume, row.View("resume_text"), today)
                                         : recruit::Screen(requirements, resume, row.View("resume_text"), today);
  json out = recruit::ScreeningResultToJson(res);
  if (row.IsNull("resume_json")) out["warning"] = "no parsed resume: every requirement is unmet until a resume is attached";
  std::string rec = recruit::RecommendationName(res.decision.recommendation);
  HF_TRY(tx.Exec("UPDATE applications SET score = ?, recommendation = ?, screening = ?, screened_at = ? WHERE id = ?",
                 {res.score, rec, out.dump(), Now(clock), app_id}));
  std::string status = row.Str("status");
  // Automatic moves only from the first stages; a person's later decisions are never undone.
  if (status == "applied") {
    HF_TRY(Move(tx, clock, nullptr, app_id, "applied", "", "screened", res.decision.reason_en, "screening_completed", std::nullopt));
    status = "screened";
  }
  if (status != "screened") return {};
  if (res.decision.automatic && res.decision.recommendation == recruit::Recommendation::kReject) {
    HF_TRY(Move(tx, clock, nullptr, app_id, "screened", "", "rejected", res.decision.reason_en, res.decision.rule, std::nullopt));
  } else if (res.decision.recommendation == recruit::Recommendation::kAdvance) {
    // Ready for the AI interview invitation: the interview module consumes this event; with the
    // plan rule auto_advance_at_threshold it invites without a person.
    HF_ASSIGN(Rows ids, tx.Query("SELECT requisition_id, candidate_id FROM applications WHERE id = ?", {app_id}));
    HF_TRY(jobs::Emit(tx, "application.ready_for_interview", "application", std::to_string(app_id),
                      {{"requisition_id", ids[0].Int("requisition_id")}, {"candidate_id", ids[0].Int("candidate_id")},
                       {"score", res.score}, {"automatic", res.decision.automatic}, {"rule", res.decision.rule}},
                      clock));
  }
  return {};
}

}  // namespace detail

Result<json> CreateApplication(Env& env, const json& body) {
  HF_TRY(RequireRecruitingManager(env.who));
  HF_TRY(OnlyKeys(body, {"candidate_id", "requisition_id", "source", "expected_monthly_salary"}));
  int64_t ids[2] = {0, 0};
  int i = 0;
  for (const char* f : {"candidate_id", "requisition_id"}) {
    auto it = body.find(f);
    if (it == body.end() || !it->is_number_integer() || it->get<int64_t>() <= 0) return Error::Invalid(f, std::string(f) + " is required");
    ids[i++] = it->get<int64_t>();
  }
  HF_ASSIGN(auto source, OptText(body, "source", 20));
  std::string src = source && !source->empty() ? *source : "manual";
  static const std::set<std::string> kSources = {"careers", "referral", "import", "api", "agency", "manual"};
  if (!kSources.count(src)) return Error::Invalid("source", "source is one of careers, referral, import, api, agency, manual");
  HF_ASSIGN(auto expected, ExpectedSalaryOf(body));
  HF_ASSIGN(std::string scope, RequisitionManageScope(env.tx, env.who));
  auto in = CheckRequisitionIn(env.tx, ids[1], scope);
  if (!in.ok()) return Error::Invalid("requisition_id", "no such recruitment plan in your scope");
  HF_ASSIGN(Rows st, env.tx.Query("SELECT status FROM requisitions WHERE id = ?", {ids[1]}));
  if (st[0].Str("status") != "open" && st[0].Str("status") != "on_hold") {
    Error e = Error::Conflict("the plan is " + st[0].Str("status") + "; applications are taken while it is open or on hold", "plan_not_open");
    e.field = "requisition_id";
    return e;
  }
  HF_ASSIGN(Rows c, env.tx.Query("SELECT 1 FROM candidates WHERE id = ?", {ids[0]}));
  if (c.empty()) return Error::Invalid("candidate_id", "no such candidate");
  HF_ASSIGN(int64_t id, InsertApplication(env.tx, env.clock, &env.who, ids[1], ids[0], src));
  if (expected) HF_TRY(env.tx.Exec("UPDATE applications SET expected_monthly_salary = ? WHERE id = ?", {*expected, id}));
  HF_TRY(ScreenApplication(env.tx, env.clock, id));
  json created = {{"requisition_id", ids[1]}, {"candidate_id", ids[0]}, {"source", src}};
  if (expected) created["expected_monthly_salary"] = core::Money::Fen(*expected).ToString();
  HF_TRY(Audit(env.tx, &env.who, env.clock, env.request_id, "create", "application", id, nullptr, created,
               "application #" + std::to_string(id)));
  return GetApplication(env, id);
}

Result<ListResult> ListApplications(Env& env, int64_t requisition_id, const ApplicationFilter& f, const Page& page) {
  HF_TRY(RequireRecruitingReader(env.who));
  HF_ASSIGN(std::string scope, AppScope(env.tx, env.who, false));
  HF_TRY(CheckRequisitionIn(env.tx, requisition_id, scope));
  std::string where = " WHERE a.requisition_id = ?";
  store::Params params = {requisition_id};
  if (f.status && !f.status->empty()) {
    if (std::find(kStages.begin(), kStages.end(), *f.status) == kStages.end())
      return Error::Invalid("status", "status is a pipeline stage");
    where += " AND a.status = ?";
    params.push_back(*f.status);
  }
  ListResult out;
  HF_ASSIGN(Rows n, env.tx.Query("SELECT count(*) AS n FROM applications a" + where, params));
  out.total = n[0].Int("n");
  params.push_back(page.limit);
  params.push_back(page.offset);
  // Ranked: highest screening score first (unscreened last), then earliest.
  HF_ASSIGN(Rows r, env.tx.Query(std::string("SELECT ") + kCols + kFrom + where +
                                     " ORDER BY CASE WHEN a.score IS NULL THEN 1 ELSE 0 END, a.score DESC, a.id LIMIT ? OFFSET ?",
                                 params));
  int rank = page.offset;
  for (auto row : r) {
    json j = Row(row, false);
    j["rank"] = ++rank;
    out.items.push_back(std::move(j));
  }
  return out;
}

Result<json> GetApplication(Env& env, int64_t id) {
  HF_TRY(RequireRecruitingReader(env.who));
  HF_ASSIGN(std::string scope, AppScope(env.tx, env.who, false));
  HF_ASSIGN(Rows r, LoadRow(env.tx, id, scope));
  json j = Row(r[0], true);
  // The candidate's expected salary is for the people who make the offer, not for interviewers.
  if (env.who.role == auth::Role::kAdmin || env.who.role == auth::Role::kHr || env.who.role == auth::Role::kHiringManager) {
    HF_ASSIGN(Rows x, env.tx.Query("SELECT expected_monthly_salary FROM applications WHERE id = ?", {id}));
    j["expected_monthly_salary"] =
        x[0].IsNull("expected_monthly_salary") ? json(nullptr) : json(core::Money::Fen(x[0].Int("expected_monthly_salary")).ToString());
  }
  HF_ASSIGN(Rows ev, env.tx.Query("SELECT at, actor, kind, from_status, to_status, reason, rule FROM application_events "
                                  "WHERE application_id = ? ORDER BY id",
                                  {id}));
  json hist = json::array();
  for (auto e : ev)
    hist.push_back({{"at", e.Str("at")}, {"actor", e.Str("actor")}, {"kind", e.Str("kind")},
                    {"from", e.OptStr("from_status") ? json(*e.OptStr("from_status")) : json(nullptr)},
                    {"to", e.OptStr("to_status") ? json(*e.OptStr("to_status")) : json(nullptr)},
                    {"reason", e.Str("reason")}, {"rule", e.OptStr("rule") ? json(*e.OptStr("rule")) : json(nullptr)}});
  j["history"] = hist;
  return j;
}

Result<json> TransitionApplication(Env& env, int64_t id, const json& body) {
  HF_TRY(RequireRecruitingManager(env.who));
  HF_ASSIGN(std::string scope, AppScope(env.tx, env.who, true));
  HF_ASSIGN(Rows r, LoadRow(env.tx, id, scope));
  HF_TRY(OnlyKeys(body, {"to", "reason", "version"}));
  HF_ASSIGN(auto to, OptText(body, "to", 30));
  if (!to || std::find(kStages.begin(), kStages.end(), *to) == kStages.end())
    return Error::Invalid("to", "to is a pipeline stage");
  HF_ASSIGN(auto reason, OptText(body, "reason", 1000));
  if (!reason || reason->empty()) return Error::Invalid("reason", "a person's move needs a reason");
  std::optional<int64_t> version;
  if (body.contains("version")) {
    HF_ASSIGN(version, RequireVersion(body));
  }
  std::string from = r[0].Str("status");
  HF_TRY(Move(env.tx, env.clock, &env.who, id, from, r[0].Str("held_from"), *to, *reason, std::nullopt, version));
  HF_TRY(Audit(env.tx, &env.who, env.clock, env.request_id, "transition", "application", id, {{"status", from}},
               {{"status", *to}, {"reason", *reason}}, "application #" + std::to_string(id)));
  return GetApplication(env, id);
}

Status MoveByRule(store::Tx& tx, const core::Clock& clock, int64_t application_id, const std::string& to,
                  const std::string& reason, const std::string& rule) {
  HF_ASSIGN(Rows r, tx.Query("SELECT status, held_from FROM applications WHERE id = ?", {application_id}));
  if (r.empty()) return Error::NotFound("no such application");
  return Move(tx, clock, nullptr, application_id, r[0].Str("status"), r[0].Str("held_from"), to, reason, rule, std::nullopt);
}

Status MoveAsPerson(Env& env, int64_t application_id, const std::string& to, const std::string& reason, const std::string& rule) {
  HF_TRY(RequireRecruitingManager(env.who));
  HF_ASSIGN(std::string scope, AppScope(env.tx, env.who, true));
  HF_ASSIGN(Rows r, LoadRow(env.tx, application_id, scope));
  std::string from = r[0].Str("status");
  HF_TRY(Move(env.tx, env.clock, &env.who, application_id, from, r[0].Str("held_from"), to, reason, rule, std::nullopt));
  return Audit(env.tx, &env.who, env.clock, env.request_id, "transition", "application", application_id, {{"status", from}},
               {{"status", to}, {"reason", reason}, {"rule", rule}}, "application #" + std::to_string(application_id));
}

Result<json> BulkTransition(Env& env, const json& body) {
  HF_TRY(RequireRecruitingManager(env.who));
  HF_TRY(OnlyKeys(body, {"ids", "to", "reason"}));
  auto it = body.find("ids");
  if (it == body.end() || !it->is_array() || it->empty() || it->size() > 500)
    return Error::Invalid("ids", "ids is an array of 1 to 500 application ids");
  for (const auto& x : *it)
    if (!x.is_number_integer() || x.get<int64_t>() <= 0) return Error::Invalid("ids", "ids must be application ids");
  json results = json::array();
  int moved = 0;
  for (const auto& x : *it) {
    int64_t id = x.get<int64_t>();
    // Each move in its own savepoint-free way: validate first, so one bad id does not poison the rest.
    json one = {{"to", body.value("to", json(nullptr))}, {"reason", body.value("reason", json(nullptr))}};
    auto r = TransitionApplication(env, id, one);
    if (r.ok()) {
      ++moved;
      results.push_back({{"id", id}, {"ok", true}, {"status", (*r)["status"]}});
    } else {
      if (r.error().code == core::ErrorCode::kInvalid) return r.error();  // the request itself is wrong
      if (r.error().code == core::ErrorCode::kInternal) return r.error();
      results.push_back({{"id", id}, {"ok", false}, {"code", r.error().Slug()}, {"detail", r.error().message}});
    }
  }
  return json{{"moved", moved}, {"results", results}};
}

// ---- careers page ---------------------------------------------------------------------------------

Result<json> UploadOpeningResume(store::Tx& tx, const core::Clock& clock, blob::Store& files, int64_t opening_id,
                                 const std::string& temp_path, const std::string& filename) {
  HF_TRY(CheckOpen(tx, clock, opening_id));
  ParsedResume p = ParseResumeFile(temp_path, filename);
  HF_ASSIGN(std::string key, files.PutFile(temp_path));
  std::string token = auth::RandomToken(24);
  HF_TRY(tx.Exec("INSERT INTO resume_uploads(token_hash, requisition_id, file_key, filename, resume_json, resume_text, "
                 "resume_error, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 {auth::Sha256Hex(token), opening_id, key, filename,
                  p.resume ? store::Param(p.resume->dump()) : store::Param(std::nullopt), p.text,
                  p.error.empty() ? store::Param(std::nullopt) : store::Param(p.error), Now(clock)}));
  json parsed = nullptr;
  if (p.resume && (*p.resume)["basics"].is_object()) {
    const json& b = (*p.resume)["basics"];
    parsed = {{"name", b.value("name", "")}, {"email", b.value("email", "")}, {"phone", b.value("phone", "")}};
  }
  return json{{"upload_token", token}, {"filename", filename}, {"parsed", parsed},
              {"problem", p.error.empty() ? json(nullptr) : json(p.error)}};
}

Result<json> ApplyToOpening(store::Tx& tx, const core::Clock& clock, blob::Store& files, const std::string& request_id,
                            int64_t opening_id, const json& body) {
  HF_TRY(CheckOpen(tx, clock, opening_id));
  HF_TRY(OnlyKeys(body, {"name", "email", "phone", "upload_token", "consent", "consent_version", "locale", "source",
                          "expected_monthly_salary"}));
  HF_ASSIGN(auto name, OptText(body, "name", 100));
  if (!name || name->empty()) return Error::Invalid("name", "name is required");
  HF_ASSIGN(auto email, OptText(body, "email", 200));
  if (!email || !ValidEmail(*email)) return Error::Invalid("email", "a valid email address is required");
  HF_ASSIGN(auto phone, OptText(body, "phone", 32));
  if (phone && !phone->empty() && !ValidPhone(*phone)) return Error::Invalid("phone", "not a phone number");
  HF_ASSIGN(auto expected, ExpectedSalaryOf(body));
  auto consent = body.find("consent");
  if (consent == body.end() || !consent->is_boolean() || !consent->get<bool>())
    return Error::Invalid("consent", "the privacy notice must be accepted to apply");
  HF_ASSIGN(auto cv, OptText(body, "consent_version", 40));
  if (!cv || cv->empty()) return Error::Invalid("consent_version", "consent_version (the notice's version) is required");
  HF_ASSIGN(auto source, OptText(body, "source", 20));
  std::string src = source && *source == "referral" ? "referral" : "careers";
  std::optional<ParsedResume> parsed;
  std::string file_key, filename;
  HF_ASSIGN(auto token, OptText(body, "upload_token", 100));
  if (token && !token->empty()) {
    HF_ASSIGN(Rows u, tx.Query("SELECT id, file_key, filename, resume_json, resume_text, resume_error FROM resume_uploads "
                               "WHERE token_hash = ? AND requisition_id = ? AND used_at IS NULL",
                               {auth::Sha256Hex(*token), opening_id}));
    if (u.empty()) return Error::Invalid("upload_token", "the uploaded resume was not found; upload it again");
    ParsedResume p;
    if (!u[0].IsNull("resume_json")) p.resume = json::parse(u[0].Str("resume_json"), nullptr, false);
    p.text = u[0].Str("resume_text");
    p.error = u[0].Str("resume_error");
    parsed = std::move(p);
    file_key = u[0].Str("file_key");
    filename = u[0].Str("filename");
    HF_TRY(tx.Exec("UPDATE resume_uploads SET used_at = ? WHERE id = ?", {Now(clock), u[0].Int("id")}));
  }
  std::string ph = phone.value_or("");
  HF_ASSIGN(auto existing, FindDuplicate(tx, *email, ph, std::nullopt));
  int64_t cand_id;
  if (existing) {
    cand_id = *existing;
  } else {
    HF_ASSIGN(cand_id, InsertCandidate(tx, clock, *name, *email, ph, src, json::array()));
  }
  HF_TRY(tx.Exec("UPDATE candidates SET consent_at = ?, consent_version = ? WHERE id = ?", {Now(clock), *cv, cand_id}));
  std::string replaced;
  if (parsed) {
    HF_ASSIGN(Rows old, tx.Query("SELECT resume_file FROM candidates WHERE id = ?", {cand_id}));
    replaced = old[0].Str("resume_file");
    HF_TRY(SetResume(tx, clock, cand_id, *parsed, file_key, filename));
  } else {
    HF_TRY(IndexCandidate(tx, cand_id));
  }
  auto app = InsertApplication(tx, clock, nullptr, opening_id, cand_id, src);
  if (!app.ok()) {
    if (app.error().slug == "already_applied") {
      Error e = Error::Conflict("you have already applied for this position", "already_applied");
      e.field = "email";
      return e;
    }
    return app.error();
  }
  if (expected) HF_TRY(tx.Exec("UPDATE applications SET expected_monthly_salary = ? WHERE id = ?", {*expected, *app}));
  HF_TRY(ScreenApplication(tx, clock, *app));
  json applied = {{"requisition_id", opening_id}, {"candidate_id", cand_id}, {"source", src}};
  if (expected) applied["expected_monthly_salary"] = core::Money::Fen(*expected).ToString();
  HF_TRY(Audit(tx, nullptr, clock, request_id, "apply", "application", *app, nullptr, applied, "application #" + std::to_string(*app)));
  // The newest resume replaces an earlier one; the replaced file goes (never left unowned).
  if (!replaced.empty() && replaced != file_key) (void)files.Remove(replaced);
  return json{{"application_id", *app}, {"status", "received"}};
}

}  // namespace recruiting
