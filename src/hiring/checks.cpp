// Background checks: started on acceptance with the candidate's consent, performed by HR (default)
// or an HTTP provider that calls back with a signed result. A failed item waits for HR's decision.
#include <chrono>
#include <cstdlib>

#include "hiring/detail.h"

namespace hiring {

using core::Error;
using core::Result;
using core::Status;
using nlohmann::json;
using store::Rows;
using namespace detail;

namespace detail {

Status StartAfterAcceptance(store::Tx& tx, const core::Clock& clock, int64_t offer_id, bool consent) {
  HF_ASSIGN(Policy p, LoadPolicy(tx));
  if (!p.check_required || p.check_items.empty()) {
    HF_TRY(CreateOnboarding(tx, clock, offer_id));
    return {};
  }
  HF_ASSIGN(Rows o, tx.Query("SELECT application_id FROM offers WHERE id = ?", {offer_id}));
  std::string now = Now(clock);
  HF_ASSIGN(Rows ins, tx.Query("INSERT INTO background_checks(offer_id, application_id, status, consent_at, created_at, updated_at) "
                               "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                               {offer_id, o[0].Int("application_id"), consent ? "in_progress" : "awaiting_consent",
                                consent ? std::optional<std::string>(now) : std::nullopt, now, now}));
  for (const auto& kind : p.check_items)
    HF_TRY(tx.Exec("INSERT INTO background_check_items(check_id, kind, status, updated_at) VALUES (?, ?, 'pending', ?)",
                   {ins[0].Int("id"), kind, now}));
  return jobs::Emit(tx, "background_check.started", "background_check", std::to_string(ins[0].Int("id")), json::object(), clock);
}

Status ApplyItemStatus(store::Tx& tx, const core::Clock& clock, const auth::Principal* who, int64_t item_id, const std::string& status,
                       const std::string& note) {
  HF_ASSIGN(Rows it, tx.Query("SELECT i.check_id, i.status, b.status AS check_status FROM background_check_items i "
                              "JOIN background_checks b ON b.id = i.check_id WHERE i.id = ?",
                              {item_id}));
  if (it.empty()) return Error::NotFound("no such check item");
  std::string cs = it[0].Str("check_status");
  if (cs == "awaiting_consent") return Error::Conflict("the candidate has not consented to the background check yet", "no_consent");
  if (cs != "in_progress") return Error::Conflict("the check is already " + cs, "check_closed");
  std::string now = Now(clock);
  int64_t check_id = it[0].Int("check_id");
  HF_TRY(tx.Exec("UPDATE background_check_items SET status = ?, result_note = ?, version = version + 1, updated_at = ? WHERE id = ?",
                 {status, note, now, item_id}));
  HF_TRY(Audit(tx, who, clock, "", "update", "background_check_item", item_id, {{"status", it[0].Str("status")}},
               {{"status", status}, {"result_note", note}}, "background check #" + std::to_string(check_id)));
  HF_ASSIGN(Rows all, tx.Query("SELECT status FROM background_check_items WHERE check_id = ?", {check_id}));
  bool failed = false, all_passed = true;
  for (const auto& r : all) {
    failed = failed || r.Str("status") == "failed";
    all_passed = all_passed && r.Str("status") == "passed";
  }
  if (failed) {
    // A failure stops the flow: HR decides to proceed or withdraw the offer.
    HF_TRY(tx.Exec("UPDATE background_checks SET status = 'needs_decision', version = version + 1, updated_at = ? WHERE id = ?",
                   {now, check_id}));
    HF_TRY(tx.Exec("UPDATE onboardings SET status = 'paused', updated_at = ? WHERE offer_id = (SELECT offer_id FROM background_checks "
                   "WHERE id = ?) AND status = 'active'",
                   {now, check_id}));
    return jobs::Emit(tx, "background_check.failed", "background_check", std::to_string(check_id), json::object(), clock);
  }
  if (all_passed) {
    HF_TRY(tx.Exec("UPDATE background_checks SET status = 'passed', version = version + 1, updated_at = ? WHERE id = ?", {now, check_id}));
    HF_ASSIGN(Rows b, tx.Query("SELECT offer_id FROM background_checks WHERE id = ?", {check_id}));
    HF_TRY(CreateOnboarding(tx, clock, b[0].Int("offer_id")));
    return jobs::Emit(tx, "background_check.passed", "background_check", std::to_string(check_id), json::object(), clock);
  }
  return {};
}

}  // namespace detail

namespace {

json CheckJson(store::Tx& tx, const store::Rows::Row& b) {
  json items = json::array();
  auto rows = tx.Query("SELECT * FROM background_check_items WHERE check_id = ? ORDER BY id", {b.Int("id")});
  if (rows.ok())
    for (const auto& i : *rows)
      items.push_back({{"id", i.Int("id")}, {"kind", i.Str("kind")}, {"status", i.Str("status")}, {"result_note", i.Str("result_note")},
                       {"evidence", json::parse(i.Str("evidence"))}, {"provider_ref", i.OptStr("provider_ref")},
                       {"version", i.Int("version")}, {"updated_at", i.Str("updated_at")}});
  return {{"id", b.Int("id")},
          {"offer_id", b.Int("offer_id")},
          {"application_id", b.Int("application_id")},
          {"candidate_name", b.Str("name")},
          {"requisition_title", b.Str("title")},
          {"status", b.Str("status")},
          {"consent_at", b.OptStr("consent_at")},
          {"provider", b.Str("provider")},
          {"decision", b.OptStr("decision")},
          {"decision_reason", b.OptStr("decision_reason")},
          {"items", items},
          {"version", b.Int("version")},
          {"created_at", b.Str("created_at")},
          {"updated_at", b.Str("updated_at")}};
}

constexpr const char* kCheckFrom =
    " FROM background_checks b JOIN applications a ON a.id = b.application_id JOIN candidates c ON c.id = a.candidate_id "
    "JOIN requisitions r ON r.id = a.requisition_id";

}  // namespace

Result<ListResult> ListChecks(Env& env, const std::optional<std::string>& status, const Page& page) {
  HF_TRY(RequireHr(env.who));
  std::string where = " WHERE 1=1";
  store::Params params;
  if (status && !status->empty()) {
    where += " AND b.status = ?";
    params.push_back(*status);
  }
  HF_ASSIGN(Rows n, env.tx.Query(std::string("SELECT COUNT(*) AS n") + kCheckFrom + where, params));
  params.push_back(page.limit);
  params.push_back(page.offset);
  HF_ASSIGN(Rows r, env.tx.Query(std::string("SELECT b.*, c.name, r.title") + kCheckFrom + where + " ORDER BY b.id DESC LIMIT ? OFFSET ?", params));
  ListResult out;
  out.total = n[0].Int("n");
  for (const auto& b : r) out.items.push_back(CheckJson(env.tx, b));
  return out;
}

Result<json> GetCheck(Env& env, int64_t check_id) {
  HF_TRY(RequireHr(env.who));
  HF_ASSIGN(Rows r, env.tx.Query(std::string("SELECT b.*, c.name, r.title") + kCheckFrom + " WHERE b.id = ?", {check_id}));
  if (r.empty()) return Error::NotFound("no such background check");
  return CheckJson(env.tx, r[0]);
}

Result<json> UpdateCheckItem(Env& env, const Deps&, int64_t item_id, const json& body) {
  HF_TRY(RequireHr(env.who));
  HF_ASSIGN(Rows it, env.tx.Query("SELECT check_id, version, result_note FROM background_check_items WHERE id = ?", {item_id}));
  if (it.empty()) return Error::NotFound("no such check item");
  HF_TRY(OnlyKeys(body, {"status", "result_note", "version"}));
  HF_ASSIGN(int64_t version, RequireVersion(body));
  if (version != it[0].Int("version")) return VersionConflict("check item");
  std::string status = body.value("status", "");
  if (status != "passed" && status != "failed" && status != "in_progress")
    return Error::Invalid("status", "status is in_progress, passed or failed");
  HF_ASSIGN(auto note, OptText(body, "result_note", 4000));
  if (status == "failed" && (!note || note->empty())) return Error::Invalid("result_note", "a failed check needs a result note");
  HF_TRY(ApplyItemStatus(env.tx, env.clock, &env.who, item_id, status, note.value_or(it[0].Str("result_note"))));
  return GetCheck(env, it[0].Int("check_id"));
}

Result<json> AddEvidence(Env& env, blob::Store& files, int64_t item_id, const std::string& temp_path, const std::string& filename) {
  HF_TRY(RequireHr(env.who));
  HF_ASSIGN(Rows it, env.tx.Query("SELECT check_id, evidence FROM background_check_items WHERE id = ?", {item_id}));
  if (it.empty()) return Error::NotFound("no such check item");
  if (filename.empty() || filename.size() > 200) return Error::Invalid("filename", "send the file name in X-Filename (1 to 200 bytes)");
  HF_ASSIGN(std::string key, files.PutFile(temp_path));
  json ev = json::parse(it[0].Str("evidence"));
  ev.push_back({{"key", key}, {"filename", filename}, {"added_at", Now(env.clock)}, {"added_by", env.who.user_id}});
  HF_TRY(env.tx.Exec("UPDATE background_check_items SET evidence = ?, version = version + 1, updated_at = ? WHERE id = ?",
                     {ev.dump(), Now(env.clock), item_id}));
  HF_TRY(Audit(env.tx, &env.who, env.clock, env.request_id, "add_evidence", "background_check_item", item_id, nullptr,
               {{"filename", filename}, {"key", key}}, "background check #" + std::to_string(it[0].Int("check_id"))));
  return GetCheck(env, it[0].Int("check_id"));
}

Result<json> DecideCheck(Env& env, const Deps&, int64_t check_id, const json& body) {
  HF_TRY(RequireHr(env.who));
  HF_ASSIGN(Rows b, env.tx.Query("SELECT offer_id, application_id, status FROM background_checks WHERE id = ?", {check_id}));
  if (b.empty()) return Error::NotFound("no such background check");
  HF_TRY(OnlyKeys(body, {"decision", "reason"}));
  std::string decision = body.value("decision", "");
  if (decision != "proceed" && decision != "withdraw") return Error::Invalid("decision", "decision is proceed or withdraw");
  HF_ASSIGN(auto reason, OptText(body, "reason", 2000));
  if (!reason || reason->empty()) return Error::Invalid("reason", "a decision needs a reason");
  if (b[0].Str("status") != "needs_decision")
    return Error::Conflict("the check does not wait for a decision (it is " + b[0].Str("status") + ")", "no_decision_needed");
  std::string now = Now(env.clock);
  HF_TRY(env.tx.Exec("UPDATE background_checks SET status = ?, decision = ?, decision_reason = ?, decided_by = ?, version = version + 1, "
                     "updated_at = ? WHERE id = ?",
                     {decision == "proceed" ? "cleared" : "withdrawn", decision, *reason, env.who.user_id, now, check_id}));
  if (decision == "proceed") {
    HF_ASSIGN(Rows ob, env.tx.Query("SELECT id FROM onboardings WHERE offer_id = ?", {b[0].Int("offer_id")}));
    if (ob.empty()) HF_TRY(CreateOnboarding(env.tx, env.clock, b[0].Int("offer_id")));
    else HF_TRY(env.tx.Exec("UPDATE onboardings SET status = 'active', updated_at = ? WHERE id = ? AND status = 'paused'", {now, ob[0].Int("id")}));
  } else {
    HF_TRY(env.tx.Exec("UPDATE offers SET status = 'withdrawn', token_hash = NULL, version = version + 1, updated_at = ? WHERE id = ?",
                       {now, b[0].Int("offer_id")}));
    HF_TRY(env.tx.Exec("UPDATE onboardings SET status = 'cancelled', updated_at = ? WHERE offer_id = ?", {now, b[0].Int("offer_id")}));
    HF_TRY(recruiting::MoveByRule(env.tx, env.clock, b[0].Int("application_id"), "rejected", "background check failed: " + *reason,
                                  "background_check"));
  }
  HF_TRY(Audit(env.tx, &env.who, env.clock, env.request_id, "decide", "background_check", check_id, {{"status", "needs_decision"}},
               {{"decision", decision}, {"reason", *reason}}, "background check #" + std::to_string(check_id)));
  return GetCheck(env, check_id);
}

Result<json> SendCheckToProvider(Env& env, const Deps& deps, int64_t check_id) {
  HF_TRY(RequireHr(env.who));
  HF_ASSIGN(Rows b, env.tx.Query("SELECT status FROM background_checks WHERE id = ?", {check_id}));
  if (b.empty()) return Error::NotFound("no such background check");
  if (deps.bgcheck_url.empty() || deps.bgcheck_secret.empty())
    return Error::Conflict("no background-check provider is configured (HIREFLOW_BGCHECK_URL and HIREFLOW_BGCHECK_SECRET)", "no_provider");
  if (b[0].Str("status") != "in_progress") return Error::Conflict("the check is " + b[0].Str("status"), "check_closed");
  std::string now = Now(env.clock);
  HF_TRY(env.tx.Exec("UPDATE background_checks SET provider = 'http', version = version + 1, updated_at = ? WHERE id = ?", {now, check_id}));
  HF_TRY(env.tx.Exec("UPDATE background_check_items SET status = 'requested', updated_at = ? WHERE check_id = ? AND status IN ('pending', 'in_progress')",
                     {now, check_id}));
  jobs::EnqueueOptions o;
  o.max_attempts = 8;
  HF_TRY(jobs::Enqueue(env.tx, "hiring.bgcheck_request", {{"check_id", check_id}}, env.clock, o));
  HF_TRY(Audit(env.tx, &env.who, env.clock, env.request_id, "send_to_provider", "background_check", check_id, nullptr,
               {{"provider", "http"}}, "background check #" + std::to_string(check_id)));
  return GetCheck(env, check_id);
}

Result<json> ProviderCallback(store::Tx& tx, const core::Clock& clock, const Deps& deps, const std::string& timestamp,
                              const std::string& signature, const std::string& raw_body) {
  if (deps.bgcheck_secret.empty()) return Error::NotFound("no background-check provider is configured");
  std::string expected = notify::Hex(notify::HmacSha256(deps.bgcheck_secret, timestamp + "." + raw_body));
  // Constant-time comparison of the hex digests.
  unsigned diff = expected.size() ^ signature.size();
  for (size_t i = 0; i < expected.size() && i < signature.size(); ++i) diff |= unsigned(expected[i] ^ signature[i]);
  if (diff != 0) return Error::Unauthenticated("bad signature");
  char* end = nullptr;
  long long ts = std::strtoll(timestamp.c_str(), &end, 10);
  long long now = std::chrono::duration_cast<std::chrono::seconds>(clock.Now().time_since_epoch()).count();
  if (timestamp.empty() || *end || std::llabs(now - ts) > 300) return Error::Unauthenticated("stale or missing timestamp");
  json body = json::parse(raw_body, nullptr, false);
  if (!body.is_object()) return Error::Invalid("body", "the body is a JSON object");
  HF_TRY(OnlyKeys(body, {"item_id", "status", "note", "reference"}));
  if (!body.contains("item_id") || !body["item_id"].is_number_integer()) return Error::Invalid("item_id", "item_id is required");
  std::string status = body.value("status", "");
  if (status != "passed" && status != "failed") return Error::Invalid("status", "status is passed or failed");
  int64_t item_id = body["item_id"].get<int64_t>();
  HF_ASSIGN(Rows it, tx.Query("SELECT i.status, b.provider FROM background_check_items i JOIN background_checks b ON b.id = i.check_id "
                              "WHERE i.id = ?",
                              {item_id}));
  if (it.empty() || it[0].Str("provider") != "http") return Error::NotFound("no such check item with the provider");
  if (it[0].Str("status") == status) return json{{"item_id", item_id}, {"status", status}, {"duplicate", true}};  // retried callback
  if (body.contains("reference") && body["reference"].is_string())
    HF_TRY(tx.Exec("UPDATE background_check_items SET provider_ref = ? WHERE id = ?", {body["reference"].get<std::string>(), item_id}));
  HF_TRY(ApplyItemStatus(tx, clock, nullptr, item_id, status, body.value("note", "")));
  return json{{"item_id", item_id}, {"status", status}};
}

}  // namespace hiring
