// Bias audit in the form NYC Local Law 144 (6 RCNY §5-300) asks of automated scoring and selection
// tools: per sex, race/ethnicity and their intersections, the scoring rate (share above the median
// score of everyone scored) or selection rate, the impact ratio against the highest category,
// categories under 2% of the data flagged and left out of the reference, and unknowns counted.
// Self-identification is voluntary, stored apart and encrypted; only aggregates leave this file.
#include <hpdf.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <memory>
#include <set>

#include "analytics/detail.h"
#include "analytics/stats.h"
#include "auth/crypto.h"
#include "core/date.h"

namespace analytics {

using core::Error;
using core::Result;
using core::Status;
using nlohmann::json;
using store::Rows;

namespace {

// EEO-1 categories, the ones LL144's rules refer to.
const std::vector<std::string> kSexes = {"male", "female"};
const std::vector<std::string> kRaces = {"hispanic_or_latino", "white", "black_or_african_american",
                                         "native_hawaiian_or_pacific_islander", "asian",
                                         "native_american_or_alaska_native", "two_or_more_races"};
constexpr const char* kDecline = "decline";

json Categories() { return {{"sex", kSexes}, {"race_ethnicity", kRaces}, {"decline", kDecline}}; }

struct Person {
  std::string sex, race;  // "" = unknown
  std::optional<double> screening_score, interview_score;
  std::optional<std::string> screening_rec, interview_rec;
};

json RateTable(const std::string& tool, const std::string& measure, const std::string& dimension,
               const std::vector<const Person*>& people, const std::function<bool(const Person&)>& selected,
               std::optional<double> median) {
  std::vector<std::string> cats;
  std::function<std::string(const Person&)> cat;
  if (dimension == "sex") {
    cats = kSexes;
    cat = [](const Person& p) { return p.sex; };
  } else if (dimension == "race_ethnicity") {
    cats = kRaces;
    cat = [](const Person& p) { return p.race; };
  } else {
    for (const auto& s : kSexes)
      for (const auto& r : kRaces) cats.push_back(s + " / " + r);
    cat = [](const Person& p) { return p.sex.empty() || p.race.empty() ? std::string() : p.sex + " / " + p.race; };
  }
  std::map<std::string, std::pair<int, int>> counts;
  int unknown = 0, unknown_selected = 0;
  for (const Person* p : people) {
    std::string c = cat(*p);
    bool s = selected(*p);
    if (c.empty()) {
      ++unknown;
      unknown_selected += s;
    } else {
      auto& v = counts[c];
      ++v.first;
      v.second += s;
    }
  }
  std::vector<stats::RateGroup> groups;
  for (const auto& c : cats) groups.push_back({c, counts[c].first, counts[c].second});
  json rows = json::array();
  for (const auto& r : stats::ImpactRatios(groups))
    rows.push_back({{"category", r.category}, {"n", r.n}, {"selected", r.selected}, {"rate", std::round(r.rate * 10000) / 10000},
                    {"share", std::round(r.share * 10000) / 10000}, {"under_2_percent", r.under_2_percent},
                    {"impact_ratio", r.impact_ratio ? json(std::round(*r.impact_ratio * 10000) / 10000) : json(nullptr)}});
  return {{"tool", tool}, {"measure", measure}, {"dimension", dimension}, {"total", int(people.size())},
          {"unknown", unknown}, {"unknown_selected", unknown_selected},
          {"median", median ? json(std::round(*median * 100) / 100) : json(nullptr)}, {"rows", rows}};
}

Result<std::string> DecryptOr(const auth::FieldCipher* cipher, const store::Rows::Row& row, const char* col) {
  if (row.IsNull(col)) return std::string();
  if (!cipher) return Error::Internal("no field key configured");
  HF_ASSIGN(std::string v, cipher->Decrypt(row.Str(col)));
  return v == kDecline ? std::string() : v;
}

}  // namespace

Result<json> BiasAudit(Env& env, const std::optional<std::string>& from, const std::optional<std::string>& to,
                       const std::string& data_source) {
  HF_TRY(RequireAuditReader(env.who));
  store::Params p;
  std::string where = " WHERE 1=1";
  if (from) {
    HF_TRY(core::Date::Parse(*from, "from"));
    where += " AND a.created_at >= ?";
    p.push_back(*from);
  }
  if (to) {
    HF_ASSIGN(core::Date d, core::Date::Parse(*to, "to"));
    where += " AND a.created_at < ?";
    p.push_back(d.AddDays(1).ToString());
  }
  HF_ASSIGN(Rows rows, env.tx.Query("SELECT a.id, a.score, a.recommendation, i.total_score, i.recommendation AS irec, "
                                    "s.sex_enc, s.race_enc FROM applications a LEFT JOIN interviews i ON i.application_id = a.id "
                                    "LEFT JOIN candidate_self_identification s ON s.application_id = a.id" + where,
                                    p));
  std::vector<Person> people;
  people.reserve(rows.size());
  int self_identified = 0;
  for (auto row : rows) {
    Person x;
    HF_ASSIGN(x.sex, DecryptOr(env.cipher, row, "sex_enc"));
    HF_ASSIGN(x.race, DecryptOr(env.cipher, row, "race_enc"));
    self_identified += row.IsNull("sex_enc") ? 0 : 1;
    if (!row.IsNull("score")) x.screening_score = row.Double("score");
    if (!row.IsNull("total_score")) x.interview_score = row.Double("total_score");
    x.screening_rec = row.OptStr("recommendation");
    x.interview_rec = row.OptStr("irec");
    people.push_back(std::move(x));
  }
  json tables = json::array();
  auto scoring = [&](const std::string& tool, std::function<std::optional<double>(const Person&)> score) {
    std::vector<const Person*> scored;
    std::vector<double> values;
    for (const auto& x : people)
      if (auto s = score(x)) {
        scored.push_back(&x);
        values.push_back(*s);
      }
    if (scored.empty()) return;
    double median = stats::Median(values);
    for (const char* dim : {"sex", "race_ethnicity", "intersection"})
      tables.push_back(RateTable(tool, "scoring_rate", dim, scored, [&](const Person& x) { return *score(x) > median; }, median));
  };
  auto selection = [&](const std::string& tool, std::function<std::optional<std::string>(const Person&)> rec) {
    std::vector<const Person*> decided;
    for (const auto& x : people)
      if (rec(x)) decided.push_back(&x);
    if (decided.empty()) return;
    for (const char* dim : {"sex", "race_ethnicity", "intersection"})
      tables.push_back(RateTable(tool, "selection_rate", dim, decided, [&](const Person& x) { return *rec(x) == "advance"; },
                                 std::nullopt));
  };
  scoring("screening", [](const Person& x) { return x.screening_score; });
  selection("screening", [](const Person& x) { return x.screening_rec; });
  scoring("ai_interview", [](const Person& x) { return x.interview_score; });
  selection("ai_interview", [](const Person& x) { return x.interview_rec; });
  std::string now = core::FormatInstant(env.clock.Now());
  json audit = {{"title", "Bias audit of automated employment decision tools (NYC Local Law 144 form)"},
                {"generated_at", now},
                {"date", now.substr(0, 10)},
                {"data_source", data_source + ": applications" + (from ? " from " + *from : std::string()) +
                                    (to ? " to " + *to : std::string()) + " with voluntary self-identification"},
                {"period", {{"from", from ? json(*from) : json(nullptr)}, {"to", to ? json(*to) : json(nullptr)}}},
                {"applicants", int(people.size())},
                {"self_identified", self_identified},
                {"tables", tables},
                {"notes", {"Scoring rate: share of the category scoring above the median score of everyone scored by the tool.",
                           "Selection rate: share of the category the tool recommended to advance.",
                           "Impact ratio: the category's rate divided by the highest rate among categories with at least 2% of the data.",
                           "Categories under 2% of the data are flagged and not used as the reference (6 RCNY §5-301).",
                           "Unknown: applicants who did not self-identify or declined; counted, not placed in a category."}}};
  HF_TRY(org::AuditChange(env.tx, &env.who, env.clock, env.request_id, "read", "bias_audit", "report", nullptr,
                          {{"purpose", "audit"}, {"from", audit["period"]["from"]}, {"to", audit["period"]["to"]}},
                          "bias audit report"));
  return audit;
}

namespace {
struct ErrorSink {
  HPDF_STATUS code = 0;
};
void OnError(HPDF_STATUS code, HPDF_STATUS, void* user) {
  auto* s = static_cast<ErrorSink*>(user);
  if (!s->code) s->code = code;
}
std::string FontPath() {
  if (const char* p = std::getenv("HIREFLOW_PDF_FONT"); p && *p) return p;
  return "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc";
}
std::string Fmt(const json& v, bool pct = false) {
  if (v.is_null()) return "-";
  if (v.is_boolean()) return v.get<bool>() ? "yes" : "";
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_number()) {
    char b[32];
    std::snprintf(b, sizeof b, pct ? "%.1f%%" : "%.3f", pct ? v.get<double>() * 100 : v.get<double>());
    return b;
  }
  return v.is_string() ? v.get<std::string>() : v.dump();
}
}  // namespace

Result<std::string> BiasAuditPdf(const json& audit) {
  ErrorSink sink;
  std::unique_ptr<std::remove_pointer_t<HPDF_Doc>, void (*)(HPDF_Doc)> pdf(HPDF_New(OnError, &sink), HPDF_Free);
  if (!pdf) return Error::Internal("cannot create a PDF document");
  HPDF_Doc doc = pdf.get();
  HPDF_SetCompressionMode(doc, HPDF_COMP_ALL);
  HPDF_UseUTFEncodings(doc);
  HPDF_SetCurrentEncoder(doc, "UTF-8");
  const char* font_name = HPDF_LoadTTFontFromFile2(doc, FontPath().c_str(), 0, HPDF_TRUE);
  if (!font_name || sink.code) return Error::Internal("cannot load the report font " + FontPath());
  HPDF_Font font = HPDF_GetFont(doc, font_name, "UTF-8");
  HPDF_Page page = nullptr;
  float y = 0;
  const float left = 40, top = 800, bottom = 50;
  auto new_page = [&] {
    page = HPDF_AddPage(doc);
    HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    y = top;
  };
  auto text = [&](float x, float size, const std::string& s) {
    HPDF_Page_BeginText(page);
    HPDF_Page_SetFontAndSize(page, font, size);
    HPDF_Page_TextOut(page, x, y, s.c_str());
    HPDF_Page_EndText(page);
  };
  auto line = [&](float size, const std::string& s, float gap = 4) {
    if (y < bottom) new_page();
    text(left, size, s);
    y -= size + gap;
  };
  new_page();
  line(15, "偏差审计报告 Bias audit report", 8);
  line(10, audit.value("title", ""));
  line(10, "Date 日期: " + audit.value("date", "") + "   (generated " + audit.value("generated_at", "") + ")");
  line(10, "Data source 数据来源: " + audit.value("data_source", ""));
  line(10, "Applicants 申请人: " + Fmt(audit["applicants"]) + "   self-identified 自愿申报: " + Fmt(audit["self_identified"]), 10);
  const float cols[] = {left, left + 250, left + 300, left + 350, left + 410, left + 470};
  for (const auto& t : audit["tables"]) {
    if (y < bottom + 80) new_page();
    y -= 4;
    line(11, t["tool"].get<std::string>() + " · " + t["measure"].get<std::string>() + " · " + t["dimension"].get<std::string>() +
                 (t["median"].is_null() ? "" : "  (median " + Fmt(t["median"]) + ")"));
    if (y < bottom) new_page();
    const char* head[] = {"category 类别", "n", "selected", "rate", "impact ratio", "<2%"};
    for (int i = 0; i < 6; ++i) text(cols[i], 8, head[i]);
    y -= 12;
    for (const auto& r : t["rows"]) {
      if (y < bottom) new_page();
      std::string cells[] = {Fmt(r["category"]), Fmt(r["n"]), Fmt(r["selected"]), Fmt(r["rate"], true), Fmt(r["impact_ratio"]),
                             r["under_2_percent"].get<bool>() ? "excluded" : ""};
      for (int i = 0; i < 6; ++i) text(cols[i], 8, cells[i]);
      y -= 11;
    }
    line(8, "unknown 未申报: " + Fmt(t["unknown"]) + " (of " + Fmt(t["total"]) + ")", 6);
  }
  y -= 6;
  for (const auto& n : audit["notes"]) line(8, n.get<std::string>());
  if (sink.code) return Error::Internal("PDF drawing failed");
  HPDF_SaveToStream(doc);
  HPDF_UINT32 size = HPDF_GetStreamSize(doc);
  std::string out(size, '\0');
  HPDF_ReadFromStream(doc, reinterpret_cast<HPDF_BYTE*>(out.data()), &size);
  out.resize(size);
  if (sink.code) return Error::Internal("PDF writing failed");
  return out;
}

// ---- self-identification ------------------------------------------------------------------------------

Result<json> CreateSelfIdLink(Env& env, const json& body) {
  HF_TRY(RequireAuditReader(env.who));
  HF_TRY(org::OnlyKeys(body, {"application_id"}));
  if (!body.contains("application_id") || !body["application_id"].is_number_integer() || body["application_id"].get<int64_t>() <= 0)
    return Error::Invalid("application_id", "application_id is a positive id");
  int64_t app = body["application_id"];
  HF_ASSIGN(Rows r, env.tx.Query("SELECT id FROM applications WHERE id = ?", {app}));
  if (r.empty()) return Error::NotFound("no such application");
  std::string token = auth::RandomToken(32);
  auto now = env.clock.Now();
  std::string expires = core::FormatInstant(now + std::chrono::hours(24 * 30));
  HF_ASSIGN(Rows ins, env.tx.Query("INSERT INTO self_identification_links(token_hash, application_id, created_at, expires_at) "
                                   "VALUES (?, ?, ?, ?) RETURNING id",
                                   {auth::Sha256Hex(token), app, core::FormatInstant(now), expires}));
  HF_TRY(org::AuditChange(env.tx, &env.who, env.clock, env.request_id, "create", "self_identification_link",
                          std::to_string(ins[0].Int("id")), nullptr, {{"application_id", app}, {"expires_at", expires}},
                          "self-identification link for application #" + std::to_string(app)));
  return json{{"token", token}, {"path", "/self-identification/" + token}, {"expires_at", expires}, {"application_id", app}};
}

namespace {
Result<Rows> LinkRow(store::Tx& tx, const std::string& token) {
  if (token.empty() || token.size() > 200) return Error::NotFound("no such link");
  HF_ASSIGN(Rows r, tx.Query("SELECT id, application_id, expires_at, used_at FROM self_identification_links WHERE token_hash = ?",
                             {auth::Sha256Hex(token)}));
  if (r.empty()) return Error::NotFound("no such link");
  return r;
}
}  // namespace

Result<json> SelfIdForm(store::Tx& tx, const core::Clock& clock, const std::string& token) {
  HF_ASSIGN(Rows r, LinkRow(tx, token));
  bool expired = r[0].Str("expires_at") < core::FormatInstant(clock.Now());
  return json{{"categories", Categories()}, {"used", !r[0].IsNull("used_at")}, {"expired", expired},
              {"notice", "Answering is voluntary and has no effect on your application. Your answers are stored apart from "
                         "your application, encrypted, never shown to the people who review you and never used in scoring; "
                         "they are only counted in aggregate for a bias audit."}};
}

Status SubmitSelfId(store::Tx& tx, const core::Clock& clock, const auth::FieldCipher& cipher, const std::string& request_id,
                    const std::string& token, const json& body) {
  HF_ASSIGN(Rows r, LinkRow(tx, token));
  if (!r[0].IsNull("used_at")) return Error::Conflict("this link has already been used", "link_used");
  if (r[0].Str("expires_at") < core::FormatInstant(clock.Now())) return Error::Conflict("this link has expired", "link_expired");
  HF_TRY(org::OnlyKeys(body, {"sex", "race_ethnicity"}));
  auto pick = [&](const char* field, const std::vector<std::string>& allowed) -> Result<std::string> {
    if (!body.contains(field) || !body[field].is_string()) return Error::Invalid(field, std::string(field) + " is required (or \"decline\")");
    std::string v = body[field];
    if (v != kDecline && std::find(allowed.begin(), allowed.end(), v) == allowed.end())
      return Error::Invalid(field, std::string(field) + " is not one of the offered categories");
    return v;
  };
  HF_ASSIGN(std::string sex, pick("sex", kSexes));
  HF_ASSIGN(std::string race, pick("race_ethnicity", kRaces));
  int64_t app = r[0].Int("application_id");
  std::string now = core::FormatInstant(clock.Now());
  HF_TRY(tx.Exec("INSERT INTO candidate_self_identification(application_id, sex_enc, race_enc, submitted_at) VALUES (?, ?, ?, ?) "
                 "ON CONFLICT(application_id) DO UPDATE SET sex_enc = excluded.sex_enc, race_enc = excluded.race_enc, "
                 "submitted_at = excluded.submitted_at",
                 {app, cipher.Encrypt(sex), cipher.Encrypt(race), now}));
  HF_TRY(tx.Exec("UPDATE self_identification_links SET used_at = ? WHERE id = ?", {now, r[0].Int("id")}));
  // The audit entry records that an answer was given, never the answer.
  HF_TRY(org::AuditChange(tx, nullptr, clock, request_id, "submit", "self_identification", std::to_string(app), nullptr,
                          {{"application_id", app}}, "self-identification for application #" + std::to_string(app)));
  return Status::Ok();
}

}  // namespace analytics
