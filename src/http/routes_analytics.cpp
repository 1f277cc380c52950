// Analytics routes: funnel, quality of hire, prediction, salary trends, exports, the bias audit with
// voluntary self-identification, and post-hire adjustment suggestions. Each handler checks the
// role gate before it reads any input; dashboard reads first fold new events into the read models
// (analytics::Freshen) and answer repeated questions from a cache keyed by the data version.
#include <memory>

#include "analytics/analytics.h"
#include "http/api.h"
#include "http/route_kit.h"

namespace http {

using core::Error;
using core::Result;
using nlohmann::json;

namespace {
// Inline schemas (OpenAPI components are shared; these shapes belong to analytics alone).
json Obj(const char* description, json properties = json::object()) {
  return {{"type", "object"}, {"description", description}, {"properties", properties}};
}
json Paged(const json& item) {
  return {{"type", "object"},
          {"properties", {{"items", {{"type", "array"}, {"items", item}}}, {"total", {{"type", "integer"}}},
                          {"limit", {{"type", "integer"}}}, {"offset", {{"type", "integer"}}}}}};
}
const json kArr = {{"type", "array"}};

std::map<std::string, std::string> QueryMap(const Request& req) {
  std::map<std::string, std::string> q;
  for (const auto& [k, v] : req.query) q[k] = v;
  return q;
}

std::optional<std::string> NonEmpty(const Request& req, const std::string& name) {
  auto v = req.Query(name);
  if (!v || v->empty()) return std::nullopt;
  return v;
}

Result<int> IntQuery(const Request& req, const std::string& name, int def, int lo, int hi) {
  auto v = NonEmpty(req, name);
  if (!v) return def;
  char* end = nullptr;
  long x = std::strtol(v->c_str(), &end, 10);
  if (*end != '\0' || x < lo || x > hi)
    return Error::Invalid(name, name + " must be an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
  return int(x);
}

Response File(std::string bytes, const std::string& type, const std::string& filename) {
  Response r;
  r.content_type = type;
  r.body = std::move(bytes);
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  r.headers.emplace_back("Cache-Control", "private, no-store");
  return r;
}

// A table as CSV or XLSX by ?format=.
Result<Response> TableResponse(const json& table, const std::string& format, const std::string& name) {
  if (format == "csv") return File(analytics::TableCsv(table), "text/csv; charset=utf-8", name + ".csv");
  HF_ASSIGN(std::string x, analytics::TableXlsx(table, name));
  return File(std::move(x), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx");
}

Result<std::string> Format(const Request& req, std::initializer_list<const char*> allowed, const char* def) {
  std::string f = req.Query("format").value_or(def);
  if (f.empty()) f = def;
  for (const char* a : allowed)
    if (f == a) return f;
  std::string list;
  for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  return Error::Invalid("format", "format is one of " + list);
}

}  // namespace

void Api::AddAnalyticsRoutes() {
  ApiDeps& d = deps_;
  auto cache = std::make_shared<analytics::ResultCache>();
  auto add = [this](Route r) { router_.Add(std::move(r)); };
  const std::vector<std::string> kReaders = {"admin", "hr", "hiring_manager"};
  const std::vector<std::string> kHr = {"admin", "hr"};
  const std::vector<std::pair<std::string, std::string>> kFilters = {
      {"requisition_id", "plan"}, {"department_id", "department of the plan"}, {"position_id", "position of the plan"},
      {"source", "application source"}, {"from", "first month YYYY-MM of application"}, {"to", "last month YYYY-MM"}};
  auto with_filters = [kFilters](std::vector<std::pair<std::string, std::string>> extra) {
    extra.insert(extra.end(), kFilters.begin(), kFilters.end());
    return extra;
  };

  // Freshens the read models, then answers fn's JSON from the cache when the data did not change.
  using Compute = std::function<Result<json>(org::Env&, const Request&)>;
  auto cached = [&d, cache](Request& req, Context& ctx, const Compute& fn) -> Result<json> {
    HF_ASSIGN(int64_t version, analytics::Freshen(d.db, d.clock));
    std::string key = std::to_string(ctx.who().user_id) + "|" + req.path;
    for (const auto& [k, v] : req.query)
      if (k != "format") key += "&" + k + "=" + v;
    if (auto hit = cache->Get(key, version)) return *hit;
    HF_ASSIGN(auto tx, d.db.Begin(false));
    org::Env env{*tx, ctx.who(), d.clock, req.request_id, &d.cipher};
    HF_ASSIGN(json j, fn(env, req));
    cache->Put(key, version, j);
    return j;
  };
  // The same, as the serialised body (large group tables cost more to serialise than to look up).
  auto cached_body = [&d, cache, cached](Request& req, Context& ctx, const Compute& fn) -> Result<Response> {
    HF_ASSIGN(int64_t version, analytics::Freshen(d.db, d.clock));
    std::string key = "body|" + std::to_string(ctx.who().user_id) + "|" + req.path;
    for (const auto& [k, v] : req.query) key += "&" + k + "=" + v;
    if (auto hit = cache->Get(key, version)) return Response::RawJson(hit->get<std::string>());
    HF_ASSIGN(json j, cached(req, ctx, fn));
    std::string body = j.dump();
    cache->Put(key, version, body);
    return Response::RawJson(std::move(body));
  };
  Compute funnel = [](org::Env& env, const Request& req) -> Result<json> {
    HF_ASSIGN(auto f, analytics::FunnelFilter::From(QueryMap(req)));
    return analytics::Funnel(env, f);
  };
  Compute quality = [](org::Env& env, const Request& req) -> Result<json> {
    HF_ASSIGN(auto dept, kit::OptIdQuery(req, "department_id"));
    HF_ASSIGN(int h, IntQuery(req, "horizon", 3, 3, 12));
    return analytics::QualityOfHire(env, dept, h);
  };
  Compute salary = [](org::Env& env, const Request& req) -> Result<json> {
    HF_ASSIGN(int ahead, IntQuery(req, "months_ahead", 6, 1, 24));
    return analytics::SalaryTrends(env, NonEmpty(req, "position"), NonEmpty(req, "city"), ahead);
  };

  add({.method = "GET", .pattern = "/api/v1/analytics/funnel",
       .handler = [cached_body, funnel](Request& req, Context& ctx) -> Result<Response> {
         HF_TRY(analytics::RequireAnalyticsReader(ctx.who()));
         return cached_body(req, ctx, funnel);
       },
       .tag = "analytics",
       .summary = "Recruitment funnel: per stage reached, pass and elimination rates, days in stage; time to hire; offer acceptance",
       .roles = kReaders, .response_schema = Obj("funnel groups and totals", {{"stages", kArr}, {"groups", kArr}, {"totals", {{"type", "object"}}}}),
       .query_params = with_filters({{"group_by", "requisition, department, position, source or period (default: one group)"}})});
  add({.method = "GET", .pattern = "/api/v1/analytics/funnel/applications",
       .handler = [&d](Request& req, Context& ctx) -> Result<Response> {
         HF_TRY(analytics::RequireAnalyticsReader(ctx.who()));
         HF_ASSIGN(auto f, analytics::FunnelFilter::From(QueryMap(req)));
         HF_ASSIGN(auto page, org::Page::From(req.Query("limit"), req.Query("offset")));
         HF_TRY(analytics::Freshen(d.db, d.clock));
         HF_ASSIGN(auto tx, d.db.Begin(false));
         org::Env env{*tx, ctx.who(), d.clock, req.request_id, &d.cipher};
         HF_ASSIGN(auto list, analytics::FunnelApplications(env, f, req.Query("stage").value_or(""),
                                                           req.Query("measure").value_or("reached"), page));
         return Response::RawJson(std::move(list).Body(page));
       },
       .tag = "analytics", .summary = "The applications behind a funnel figure (drill-down)", .roles = kReaders,
       .response_schema = Paged(Obj("an application behind a figure")),
       .query_params = with_filters({{"stage", "applied .. hired"}, {"measure", "reached (default), eliminated or hired"},
                                     {"limit", "1..500"}, {"offset", ">= 0"}})});
  add({.method = "GET", .pattern = "/api/v1/analytics/quality",
       .handler = [cached_body, quality](Request& req, Context& ctx) -> Result<Response> {
         HF_TRY(analytics::RequireAnalyticsReader(ctx.who()));
         return cached_body(req, ctx, quality);
       },
       .tag = "analytics",
       .summary = "Quality of hire: interview evidence against performance at 3, 6 and 12 months (Pearson, Spearman, n, 95% CI)",
       .roles = kReaders, .response_schema = Obj("correlations, buckets, scatter", {{"correlations", kArr}, {"buckets", kArr}, {"scatter", {{"type", "object"}}}}),
       .query_params = {{"department_id", "hires of one department"}, {"horizon", "3, 6 or 12: months of the scatter (default 3)"}}});
  add({.method = "GET", .pattern = "/api/v1/analytics/prediction/model",
       .handler = [&d, cache](Request& req, Context& ctx) -> Result<Response> {
         HF_TRY(analytics::RequireAnalyticsReader(ctx.who()));
         HF_ASSIGN(int h, IntQuery(req, "horizon", 3, 3, 12));
         HF_TRY(analytics::Freshen(d.db, d.clock));
         HF_ASSIGN(auto tx, d.db.Begin(false));
         org::Env env{*tx, ctx.who(), d.clock, req.request_id, &d.cipher};
         HF_ASSIGN(json j, analytics::PredictionModel(env, h, cache.get()));
         return Response::Json(j);
       },
       .tag = "analytics",
       .summary = "The prediction model's features and validation (AUC on held-out hires); 409 insufficient_history when too little data",
       .roles = kReaders, .response_schema = {{"type", "object"}}, .query_params = {{"horizon", "3 (default), 6 or 12"}}});
  add({.method = "POST", .pattern = "/api/v1/analytics/predictions",
       .handler = [&d, cache](Request& req, Context& ctx) -> Result<Response> {
         HF_TRY(analytics::RequireAnalyticsReader(ctx.who()));
         HF_ASSIGN(json body, req.JsonBody());
         HF_TRY(analytics::Freshen(d.db, d.clock));
         HF_ASSIGN(auto tx, d.db.Begin(false));
         org::Env env{*tx, ctx.who(), d.clock, req.request_id, &d.cipher};
         HF_ASSIGN(json j, analytics::Predict(env, body, cache.get()));
         return Response::Json(j);
       },
       .tag = "analytics",
       .summary = "Probability that a candidate meets expectations, with the model's validation figures beside it",
       .roles = kReaders,
       .request_schema = {{"type", "object"},
                          {"properties", {{"application_id", {{"type", "integer"}}}, {"interview_total", {{"type", "number"}}},
                                          {"screening_score", {{"type", "number"}}}, {"competencies", {{"type", "object"}}},
                                          {"horizon", {{"type", "integer"}}}}}},
       .response_schema = {{"type", "object"}}});
  add({.method = "GET", .pattern = "/api/v1/analytics/salary-trends",
       .handler = [cached_body, salary](Request& req, Context& ctx) -> Result<Response> {
         HF_TRY(analytics::RequireAnalyticsReader(ctx.who()));
         return cached_body(req, ctx, salary);
       },
       .tag = "analytics",
       .summary = "Market salary series of a position and city with a linear P50 forecast and its holdout error (or the pairs with data)",
       .roles = kReaders, .response_schema = {{"type", "object"}},
       .query_params = {{"position", "position title"}, {"city", "city"}, {"months_ahead", "1..24 (default 6)"}}});
  add({.method = "GET", .pattern = "/api/v1/analytics/export/{table}",
       .handler = [&d, cached, funnel, quality, salary](Request& req, Context& ctx) -> Result<Response> {
         HF_TRY(analytics::RequireAnalyticsReader(ctx.who()));
         HF_ASSIGN(std::string format, Format(req, {"csv", "xlsx"}, "csv"));
         std::string table = req.params["table"];
         json result;
         if (table == "funnel") {
           HF_ASSIGN(result, cached(req, ctx, funnel));
         } else if (table == "quality_correlations" || table == "quality_buckets") {
           HF_ASSIGN(result, cached(req, ctx, quality));
         } else if (table == "salary_trends") {
           HF_ASSIGN(result, cached(req, ctx, salary));
         } else if (table == "funnel_applications") {
           HF_ASSIGN(auto f, analytics::FunnelFilter::From(QueryMap(req)));
           org::Page page{500, 0};
           HF_TRY(analytics::Freshen(d.db, d.clock));
           HF_ASSIGN(auto tx, d.db.Begin(false));
           org::Env env{*tx, ctx.who(), d.clock, req.request_id, &d.cipher};
           HF_ASSIGN(auto list, analytics::FunnelApplications(env, f, req.Query("stage").value_or(""),
                                                             req.Query("measure").value_or("reached"), page));
           result = {{"items", list.items}};
         } else {
           return Error::NotFound("no such table: funnel, funnel_applications, quality_correlations, quality_buckets, salary_trends");
         }
         HF_ASSIGN(json t, analytics::ExportTable(table, result));
         return TableResponse(t, format, table);
       },
       .tag = "analytics",
       .summary = "A dashboard table as CSV or XLSX: funnel, funnel_applications (first 500), quality_correlations, "
                  "quality_buckets, salary_trends (same query parameters as the dashboard)",
       .roles = kReaders, .response_schema = {{"type", "string"}, {"format", "binary"}},
       .query_params = with_filters({{"format", "csv (default) or xlsx"}, {"group_by", "funnel"}, {"stage", "funnel_applications"},
                                     {"measure", "funnel_applications"}, {"horizon", "quality"}, {"position", "salary_trends"},
                                     {"city", "salary_trends"}})});
  add({.method = "GET", .pattern = "/api/v1/analytics/status",
       .handler = [&d](Request& req, Context& ctx) -> Result<Response> {
         HF_TRY(analytics::RequireAnalyticsReader(ctx.who()));
         HF_ASSIGN(auto app, kit::OptIdQuery(req, "application_id"));
         HF_ASSIGN(auto tx, d.db.Begin(false));
         HF_ASSIGN(json j, analytics::ReadModelStatus(*tx, app));
         return Response::Json(j);
       },
       .tag = "analytics",
       .summary = "The read models' freshness (folded by the background consumer; this read folds nothing)",
       .roles = kReaders,
       .response_schema = {{"type", "object"},
                           {"properties",
                            {{"data_version", {{"type", "integer"}}}, {"last_event_id", {{"type", "integer"}}},
                             {"latest_event_id", {{"type", "integer"}}}, {"pending_events", {{"type", "integer"}}},
                             {"current", {{"type", "boolean"}}}, {"last_fold_by", {{"type", {"string", "null"}}}},
                             {"application", {{"type", {"object", "null"}}}}}}},
       .query_params = {{"application_id", "also report this application's fact (status, stages reached)"}}});
  add({.method = "POST", .pattern = "/api/v1/analytics/refresh",
       .handler = [&d, cache](Request& req, Context& ctx) -> Result<Response> {
         HF_TRY(analytics::RequireAuditReader(ctx.who()));
         HF_ASSIGN(json j, analytics::Rebuild(d.db, d.clock));
         return Response::Json(j);
       },
       .tag = "analytics", .summary = "Rebuild the analytics read models from the source records", .roles = kHr,
       .response_schema = {{"type", "object"}}});

  // ---- bias audit -------------------------------------------------------------------------------------
  add({.method = "GET", .pattern = "/api/v1/analytics/bias-audit",
       .handler = [&d](Request& req, Context& ctx) -> Result<Response> {
         HF_TRY(analytics::RequireAuditReader(ctx.who()));
         if (req.Query("purpose").value_or("") != "audit")
           return Error::Invalid("purpose", "self-identification aggregates are read only for an audit: send purpose=audit");
         HF_ASSIGN(std::string format, Format(req, {"json", "csv", "xlsx", "pdf"}, "json"));
         // A write transaction: reading the aggregates is audited.
         HF_ASSIGN(auto tx, d.db.Begin(true));
         org::Env env{*tx, ctx.who(), d.clock, req.request_id, &d.cipher};
         HF_ASSIGN(json audit, analytics::BiasAudit(env, NonEmpty(req, "from"), NonEmpty(req, "to"), d.db.Describe()));
         HF_TRY(tx->Commit());
         std::string name = "bias-audit-" + audit["date"].get<std::string>();
         if (format == "json") return Response::Json(audit);
         if (format == "pdf") {
           HF_ASSIGN(std::string pdf, analytics::BiasAuditPdf(audit));
           return File(std::move(pdf), "application/pdf", name + ".pdf");
         }
         HF_ASSIGN(json t, analytics::ExportTable("bias_audit", audit));
         return TableResponse(t, format, name);
       },
       .tag = "analytics",
       .summary = "NYC Local Law 144 bias audit: scoring and selection rates and impact ratios per sex, race/ethnicity and "
                  "intersection (aggregates only; audited; purpose=audit required)",
       .roles = kHr, .response_schema = Obj("the audit report (json format)", {{"generated_at", {{"type", "string"}}}, {"data_source", {{"type", "string"}}}, {"tables", kArr}}),
       .query_params = {{"purpose", "audit (required)"}, {"from", "first application date YYYY-MM-DD"},
                        {"to", "last application date"}, {"format", "json (default), csv, xlsx or pdf"}}});
  add({.method = "POST", .pattern = "/api/v1/analytics/self-identification/links",
       .handler = kit::JsonRoute(d, analytics::RequireAuditReader, true, nullptr, true, 201,
                                 [](org::Env& e, int64_t, const json& b) { return analytics::CreateSelfIdLink(e, b); }),
       .tag = "analytics", .summary = "A single-use link (30 days) for a candidate to self-identify voluntarily", .roles = kHr,
       .request_schema = {{"type", "object"}, {"required", {"application_id"}}, {"properties", {{"application_id", {{"type", "integer"}}}}}},
       .response_schema = {{"type", "object"}, {"properties", {{"token", {{"type", "string"}}}, {"path", {{"type", "string"}}},
                                                              {"expires_at", {{"type", "string"}}}}}},
       .success_status = 201});
  add({.method = "GET", .pattern = "/api/v1/self-identification/{token}", .access = Access::kPublic,
       .handler = [&d](Request& req, Context&) -> Result<Response> {
         HF_ASSIGN(auto tx, d.db.Begin(false));
         HF_ASSIGN(json j, analytics::SelfIdForm(*tx, d.clock, req.params["token"]));
         return Response::Json(j);
       },
       .tag = "careers", .summary = "The voluntary self-identification form of a link (public)", .response_schema = {{"type", "object"}}});
  add({.method = "POST", .pattern = "/api/v1/self-identification/{token}", .access = Access::kPublic,
       .handler = [&d](Request& req, Context&) -> Result<Response> {
         HF_ASSIGN(json body, req.JsonBody());
         HF_ASSIGN(auto tx, d.db.Begin(true));
         HF_TRY(analytics::SubmitSelfId(*tx, d.clock, d.cipher, req.request_id, req.params["token"], body));
         HF_TRY(tx->Commit());
         return Response::NoContent();
       },
       .tag = "careers", .summary = "Submit voluntary self-identification (public; single use; each answer may be \"decline\")",
       .request_schema = {{"type", "object"}, {"required", {"sex", "race_ethnicity"}},
                          {"properties", {{"sex", {{"type", "string"}}}, {"race_ethnicity", {{"type", "string"}}}}}},
       .success_status = 204, .max_body = 4096});

  // ---- post-hire adjustments ------------------------------------------------------------------------------
  add({.method = "POST", .pattern = "/api/v1/analytics/adjustments/generate",
       .handler = [&d](Request& req, Context& ctx) -> Result<Response> {
         HF_TRY(analytics::RequireAuditReader(ctx.who()));
         HF_TRY(analytics::Freshen(d.db, d.clock));
         return kit::WithEnv(d, req, ctx, true, [](org::Env& env) -> Result<Response> {
           HF_ASSIGN(json j, analytics::GenerateSuggestions(env));
           return Response::Json(j);
         });
       },
       .tag = "analytics", .summary = "Apply the adjustment rules to every hire's evidence; adds pending suggestions", .roles = kHr,
       .response_schema = {{"type", "object"}, {"properties", {{"created", {{"type", "integer"}}}}}}});
  add({.method = "GET", .pattern = "/api/v1/analytics/adjustments",
       .handler = kit::ListRoute(d, analytics::RequireAuditReader, nullptr,
                                 [](org::Env& e, int64_t, const Request& req, const org::Page& page) {
                                   return analytics::ListSuggestions(e, req.Query("status"), page);
                                 }),
       .tag = "analytics", .summary = "Post-hire adjustment suggestions with their reasons", .roles = kHr,
       .response_schema = Paged(Obj("a suggestion")),
       .query_params = {{"status", "pending, approved or rejected"}, {"limit", "1..500"}, {"offset", ">= 0"}}});
  add({.method = "POST", .pattern = "/api/v1/analytics/adjustments/{id}/approve",
       .handler = kit::JsonRoute(d, analytics::RequireAuditReader, true, "id", true, 200,
                                 [](org::Env& e, int64_t id, const json& b) { return analytics::ApproveSuggestion(e, id, b); }),
       .tag = "analytics",
       .summary = "Approve: a raised compensation row from effective_from (default: next month's first day); send version",
       .roles = kHr,
       .request_schema = {{"type", "object"}, {"required", {"version"}},
                          {"properties", {{"version", {{"type", "integer"}}}, {"effective_from", {{"type", "string"}}}}}},
       .response_schema = Obj("a suggestion", {{"id", {{"type", "integer"}}}, {"status", {{"type", "string"}}}, {"reasons", kArr}, {"version", {{"type", "integer"}}}})});
  add({.method = "POST", .pattern = "/api/v1/analytics/adjustments/{id}/reject",
       .handler = kit::JsonRoute(d, analytics::RequireAuditReader, true, "id", true, 200,
                                 [](org::Env& e, int64_t id, const json& b) { return analytics::RejectSuggestion(e, id, b); }),
       .tag = "analytics", .summary = "Reject with a reason; send version", .roles = kHr,
       .request_schema = {{"type", "object"}, {"required", {"version", "reason"}},
                          {"properties", {{"version", {{"type", "integer"}}}, {"reason", {{"type", "string"}}}}}},
       .response_schema = Obj("a suggestion", {{"id", {{"type", "integer"}}}, {"status", {{"type", "string"}}}, {"reasons", kArr}, {"version", {{"type", "integer"}}}})});
}

}  // namespace http
