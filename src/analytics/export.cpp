// Tables of the dashboards as CSV (RFC 4180 with a UTF-8 BOM so that spreadsheet programs read
// Chinese correctly) and XLSX (libxlsxwriter), and the flattening of each dashboard result.
#include <cstdio>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include <xlsxwriter.h>

#include "analytics/analytics.h"

namespace analytics {

using core::Error;
using core::Result;
using nlohmann::json;

namespace {
std::string Cell(const json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_number()) {
    std::ostringstream o;
    o << v.get<double>();
    return o.str();
  }
  return v.dump();
}
std::string CsvField(const std::string& s) {
  bool quote = s.find_first_of(",\"\r\n") != std::string::npos;
  // A leading =, +, - or @ would be read as a formula by spreadsheet programs: prefix a quote.
  std::string v = (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '@' || (s[0] == '-' && s.size() > 1 && !std::isdigit((unsigned char)s[1]))))
                      ? "'" + s : s;
  if (!quote) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}
}  // namespace

std::string TableCsv(const json& table) {
  std::string out = "\xEF\xBB\xBF";
  bool first = true;
  for (const auto& c : table["columns"]) {
    if (!first) out += ',';
    out += CsvField(Cell(c));
    first = false;
  }
  out += "\r\n";
  for (const auto& row : table["rows"]) {
    first = true;
    for (const auto& v : row) {
      if (!first) out += ',';
      out += CsvField(Cell(v));
      first = false;
    }
    out += "\r\n";
  }
  return out;
}

Result<std::string> TableXlsx(const json& table, const std::string& sheet) {
  char path[] = "/tmp/hireflow-xlsx-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return Error::Internal("cannot create a temporary file for the XLSX export");
  close(fd);
  lxw_workbook* wb = workbook_new(path);
  if (!wb) {
    unlink(path);
    return Error::Internal("cannot start the XLSX workbook");
  }
  lxw_worksheet* ws = workbook_add_worksheet(wb, sheet.substr(0, 31).c_str());
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  lxw_col_t c = 0;
  for (const auto& col : table["columns"]) worksheet_write_string(ws, 0, c++, Cell(col).c_str(), bold);
  lxw_row_t r = 1;
  for (const auto& row : table["rows"]) {
    c = 0;
    for (const auto& v : row) {
      if (v.is_number()) worksheet_write_number(ws, r, c, v.get<double>(), nullptr);
      else if (!v.is_null()) worksheet_write_string(ws, r, c, Cell(v).c_str(), nullptr);
      ++c;
    }
    ++r;
  }
  lxw_error err = workbook_close(wb);
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  unlink(path);
  if (err != LXW_NO_ERROR) return Error::Internal(std::string("XLSX export failed: ") + lxw_strerror(err));
  return bytes;
}

Result<json> ExportTable(const std::string& name, const json& result) {
  json rows = json::array();
  if (name == "funnel") {
    json cols = {"group", "stage", "reached", "passed", "pass_rate", "eliminated", "elimination_rate", "avg_days_in_stage"};
    auto add = [&](const json& g, const std::string& label) {
      for (const auto& s : g["stages"])
        rows.push_back({label, s["stage"], s["reached"], s["passed"], s["pass_rate"], s["eliminated"], s["elimination_rate"],
                        s["avg_days_in_stage"]});
      rows.push_back({label, "(summary)", g["applications"], g["hires"], nullptr, g["withdrawn"], nullptr, g["avg_days_to_hire"]});
      rows.push_back({label, "offer acceptance", g["offers_decided"], g["offers_accepted"], g["offer_acceptance_rate"], nullptr,
                      nullptr, nullptr});
    };
    for (const auto& g : result["groups"]) add(g, g["label"].is_string() ? g["label"].get<std::string>() : Cell(g["key"]));
    if (result["groups"].size() != 1) add(result["totals"], "total");
    return json{{"columns", cols}, {"rows", rows}};
  }
  if (name == "funnel_applications") {
    for (const auto& a : result["items"])
      rows.push_back({a["application_id"], a["candidate_name"], a["requisition_title"], a["source"], a["period"], a["status"],
                      a["applied_at"]});
    return json{{"columns", {"application_id", "candidate", "plan", "source", "period", "status", "applied_at"}}, {"rows", rows}};
  }
  if (name == "quality_correlations") {
    for (const auto& c : result["correlations"])
      rows.push_back({c["feature"], c["horizon_months"], c["n"], c["pearson"]["r"], c["pearson"]["lo"], c["pearson"]["hi"],
                      c["spearman"]["r"], c["spearman"]["lo"], c["spearman"]["hi"], c["warning"]});
    return json{{"columns", {"feature", "horizon_months", "n", "pearson_r", "pearson_lo95", "pearson_hi95", "spearman_rho",
                             "spearman_lo95", "spearman_hi95", "warning"}},
                {"rows", rows}};
  }
  if (name == "quality_buckets") {
    for (const auto& b : result["buckets"])
      rows.push_back({b["band"], b["horizon_months"], b["n"], b["met"], b["met_rate"], b["warning"]});
    return json{{"columns", {"interview_band", "horizon_months", "n", "met_expectations", "met_rate", "warning"}}, {"rows", rows}};
  }
  if (name == "salary_trends") {
    for (const auto& p : result.value("series", json::array()))
      rows.push_back({p["as_of"], p["p25"], p["p50"], p["p75"], p["p90"], "observed"});
    for (const auto& p : result.value("forecast", json::array()))
      rows.push_back({p["as_of"], nullptr, p["p50"], nullptr, nullptr, "forecast"});
    return json{{"columns", {"as_of", "p25", "p50", "p75", "p90", "kind"}}, {"rows", rows}};
  }
  if (name == "bias_audit") {
    for (const auto& t : result["tables"])
      for (const auto& r : t["rows"])
        rows.push_back({t["tool"], t["measure"], t["dimension"], r["category"], r["n"], r["selected"], r["rate"], r["impact_ratio"],
                        r["under_2_percent"]});
    return json{{"columns", {"tool", "measure", "dimension", "category", "n", "selected_or_above_median", "rate", "impact_ratio",
                             "under_2_percent_excluded"}},
                {"rows", rows}};
  }
  return Error::NotFound("no such table: funnel, funnel_applications, quality_correlations, quality_buckets, salary_trends, bias_audit");
}

}  // namespace analytics
