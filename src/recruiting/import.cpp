// Bulk import of candidates: CSV, XLSX (org/xlsx.h), a ZIP of resume files, and JSON Resume
// (one document, an array, or JSON Lines). Every row is validated first; duplicates (a known
// email or phone, or a repeat inside the file) are reported and never merged; nothing is written
// when a row is invalid unless the caller chose to skip invalid rows; a dry run writes nothing.

#include <map>
#include <set>

#include "recruit/resume_extract.h"
#include "recruit/resume_parse.h"
#include "core/money.h"
#include "org/xlsx.h"
#include "org/zip.h"
#include "recruiting/detail.h"

namespace recruiting {

using core::Error;
using core::Result;
using core::Status;
using nlohmann::json;
using namespace detail;

namespace {

constexpr size_t kMaxEntries = 1000;              // rows or files in one import
constexpr size_t kMaxEntryBytes = 10u << 20;       // one resume in a ZIP, or one XLSX part
constexpr size_t kMaxTotalBytes = 256u << 20;      // everything decompressed (zip bombs)


struct Entry {
  int row = 0;                 // 1-based data row, or file number in a ZIP/JSON list
  std::string label;           // file name in a ZIP, else empty (the report then shows the name)
  std::string name, email, phone, source;
  std::string expected;        // expected monthly salary (yuan), for the application to the chosen plan
  json tags = json::array();
  std::optional<json> resume;  // JSON Resume
  std::string resume_text, resume_error;
  std::string file_bytes, filename;  // the original resume file (ZIP imports)
};

struct Problem {
  int row;
  std::string label, field, problem;
};

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Header names accepted for each column (English and Chinese).
std::optional<std::string> ColumnFor(const std::string& header) {
  static const std::map<std::string, std::string> k = {
      {"name", "name"}, {"姓名", "name"}, {"email", "email"}, {"e-mail", "email"}, {"邮箱", "email"}, {"电子邮件", "email"},
      {"phone", "phone"}, {"mobile", "phone"}, {"手机", "phone"}, {"电话", "phone"}, {"手机号", "phone"},
      {"tags", "tags"}, {"标签", "tags"}, {"source", "source"}, {"来源", "source"},
      {"headline", "headline"}, {"title", "headline"}, {"职位", "headline"},
      {"skills", "skills"}, {"技能", "skills"},
      {"expected_monthly_salary", "expected"}, {"expected_salary", "expected"}, {"期望月薪", "expected"}, {"期望薪资", "expected"}};
  std::string h = Lower(header);
  size_t a = h.find_first_not_of(" \t\xEF\xBB\xBF"), b = h.find_last_not_of(" \t");
  h = a == std::string::npos ? "" : h.substr(a, b - a + 1);
  auto it = k.find(h);
  if (it == k.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> SplitList(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    size_t a = cur.find_first_not_of(' '), b = cur.find_last_not_of(' ');
    if (a != std::string::npos) out.push_back(cur.substr(a, b - a + 1));
    cur.clear();
  };
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ',' || s[i] == ';' || s[i] == '|') flush();
    else if (s.compare(i, 3, "，") == 0 || s.compare(i, 3, "、") == 0 || s.compare(i, 3, "；") == 0) {
      flush();
      i += 2;
    } else cur += s[i];
  }
  flush();
  return out;
}

Result<std::vector<Entry>> FromTable(const std::vector<std::vector<std::string>>& table, std::vector<Problem>& problems) {
  if (table.empty()) return Error::Invalid("file", "the file is empty");
  std::vector<std::optional<std::string>> cols;
  bool has_name = false;
  for (const auto& h : table[0]) {
    cols.push_back(ColumnFor(h));
    has_name = has_name || cols.back() == "name";
  }
  if (!has_name) return Error::Invalid("file", "the first row must name the columns; a 'name' (姓名) column is required");
  std::vector<Entry> out;
  for (size_t r = 1; r < table.size(); ++r) {
    const auto& row = table[r];
    bool blank = true;
    for (const auto& c : row) blank = blank && c.find_first_not_of(" \t\r") == std::string::npos;
    if (blank) continue;
    Entry e;
    e.row = int(r);
    std::string headline, skills;
    for (size_t c = 0; c < row.size() && c < cols.size(); ++c) {
      if (!cols[c]) continue;
      std::string v = row[c];
      size_t a = v.find_first_not_of(" \t\r"), b = v.find_last_not_of(" \t\r");
      v = a == std::string::npos ? "" : v.substr(a, b - a + 1);
      const std::string& col = *cols[c];
      if (col == "name") e.name = v;
      else if (col == "email") e.email = v;
      else if (col == "phone") e.phone = v;
      else if (col == "source") e.source = Lower(v);
      else if (col == "expected") e.expected = v;
      else if (col == "tags") for (auto& t : SplitList(v)) e.tags.push_back(t);
      else if (col == "headline") headline = v;
      else if (col == "skills") skills = v;
    }
    if (!headline.empty() || !skills.empty()) {
      json resume = {{"basics", {{"name", e.name}}}};
      if (!headline.empty()) resume["basics"]["label"] = headline;
      if (!skills.empty()) {
        json kw = json::array();
        for (auto& s : SplitList(skills)) kw.push_back(s);
        resume["skills"] = json::array({{{"name", "Skills"}, {"keywords", kw}}});
      }
      e.resume = resume;
    }
    out.push_back(std::move(e));
    if (out.size() > kMaxEntries) return Error{core::ErrorCode::kTooLarge, "more than 1000 rows in one import", "file", {}};
  }
  (void)problems;
  return out;
}

void FromResume(Entry& e, const json& resume) {
  e.resume = resume;
  if (resume.contains("basics") && resume["basics"].is_object()) {
    const json& b = resume["basics"];
    if (e.name.empty()) e.name = b.value("name", "");
    if (e.email.empty()) e.email = b.value("email", "");
    if (e.phone.empty()) e.phone = b.value("phone", "");
  }
  // Contacts read from a resume are hints: a malformed one is dropped, not a reason to refuse.
  if (!e.email.empty() && !ValidEmail(e.email)) e.email.clear();
  if (!e.phone.empty() && !ValidPhone(e.phone)) e.phone.clear();
}

Result<std::vector<Entry>> FromJson(std::string_view bytes, std::vector<Problem>& problems) {
  std::vector<json> docs;
  json all = json::parse(bytes, nullptr, false);
  if (!all.is_discarded()) {
    if (all.is_array()) docs.assign(all.begin(), all.end());
    else docs.push_back(all);
  } else {  // JSON Lines
    size_t start = 0;
    while (start < bytes.size()) {
      size_t end = bytes.find('\n', start);
      if (end == std::string_view::npos) end = bytes.size();
      std::string_view line = bytes.substr(start, end - start);
      if (line.find_first_not_of(" \t\r") != std::string_view::npos) {
        json j = json::parse(line, nullptr, false);
        if (j.is_discarded()) return Error::Invalid("file", "line " + std::to_string(docs.size() + 1) + " is not JSON");
        docs.push_back(std::move(j));
      }
      start = end + 1;
    }
  }
  if (docs.size() > kMaxEntries) return Error{core::ErrorCode::kTooLarge, "more than 1000 resumes in one import", "file", {}};
  std::vector<Entry> out;
  for (size_t i = 0; i < docs.size(); ++i) {
    Entry e;
    e.row = int(i + 1);
    auto norm = recruit::NormalizeJsonResume(docs[i]);
    if (!norm.ok()) {
      problems.push_back({e.row, "", "resume", norm.error().message});
      continue;
    }
    FromResume(e, *norm);
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::vector<Entry>> FromZip(std::string_view bytes, std::vector<Problem>& problems) {
  HF_ASSIGN(org::ZipReader z, org::ZipReader::Open(bytes, {kMaxEntryBytes, kMaxTotalBytes}));
  std::vector<Entry> out;
  int n = 0;
  for (const auto& name : z.Names()) {
    if (name.empty() || name.back() == '/' || name.rfind("__MACOSX/", 0) == 0) continue;
    std::string base = name.substr(name.find_last_of('/') == std::string::npos ? 0 : name.find_last_of('/') + 1);
    if (base.empty() || base[0] == '.') continue;
    if (++n > int(kMaxEntries)) return Error{core::ErrorCode::kTooLarge, "more than 1000 files in one import", "file", {}};
    Entry e;
    e.row = n;
    e.label = name;
    auto data = z.Read(name);
    if (!data.ok()) {
      if (data.error().code == core::ErrorCode::kTooLarge) return data.error();
      problems.push_back({n, name, "file", data.error().message});
      continue;
    }
    e.file_bytes = std::move(data).value();
    e.filename = base;
    auto parsed = recruit::ParseResumeBytes(e.file_bytes, base);
    if (!parsed.ok()) {
      // Kept as a problem row: a candidate needs at least a name, which an unreadable file lacks.
      problems.push_back({n, name, "file", parsed.error().message});
      continue;
    }
    FromResume(e, *parsed);
    auto text = recruit::resume_detail::ExtractText(e.file_bytes, base);
    if (text.ok()) e.resume_text = text->text.substr(0, 200000);
    out.push_back(std::move(e));
  }
  if (n == 0) return Error::Invalid("file", "the ZIP file holds no resumes");
  return out;
}

}  // namespace

Result<json> ImportCandidates(Env& env, blob::Store& files, std::string_view bytes, const ImportOptions& opt) {
  HF_TRY(org::RequireHrOrAdmin(env.who));
  if (opt.requisition_id) {
    auto in = CheckRequisitionIn(env.tx, *opt.requisition_id, "1=1");
    if (!in.ok()) return Error::Invalid("requisition_id", "no such recruitment plan");
    HF_ASSIGN(store::Rows st, env.tx.Query("SELECT status FROM requisitions WHERE id = ?", {*opt.requisition_id}));
    if (st[0].Str("status") != "open" && st[0].Str("status") != "on_hold")
      return Error::Invalid("requisition_id", "the plan is " + st[0].Str("status") + "; import into an open plan");
  }
  if (bytes.empty()) return Error::Invalid("file", "the file is empty");
  std::vector<Problem> problems;
  std::vector<Entry> entries;
  std::string format;
  bool zip = bytes.size() > 4 && bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4);
  size_t first = bytes.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (zip) {
    auto probe = org::ZipReader::Open(bytes, {kMaxEntryBytes, kMaxTotalBytes});
    if (!probe.ok()) return Error::Invalid("file", "damaged ZIP file");
    if (probe->Has("xl/workbook.xml")) {
      format = "xlsx";
      HF_ASSIGN(auto table, org::ReadXlsx(bytes, {kMaxEntries + 1, kMaxEntryBytes, kMaxTotalBytes}));
      HF_ASSIGN(entries, FromTable(table, problems));
    } else {
      format = "zip";
      HF_ASSIGN(entries, FromZip(bytes, problems));
    }
  } else if (first != std::string_view::npos && (bytes[first] == '{' || bytes[first] == '[')) {
    format = "json_resume";
    HF_ASSIGN(entries, FromJson(bytes, problems));
  } else {
    format = "csv";
    HF_ASSIGN(auto table, org::ParseCsv(bytes));
    HF_ASSIGN(entries, FromTable(table, problems));
  }
  // Validate every entry and find duplicates (in the database and inside the file).
  static const std::set<std::string> kSources = {"careers", "referral", "import", "api", "agency", "manual"};
  json duplicates = json::array();
  std::map<std::string, int> seen;  // identity key -> row
  std::vector<const Entry*> valid;
  for (const auto& e : entries) {
    // The label the report shows: the file in a ZIP, else the row's name (so that people find the row).
    const std::string label = e.label.empty() ? e.name : e.label;
    auto bad = [&](const char* field, std::string msg) { problems.push_back({e.row, label, field, std::move(msg)}); };
    if (e.name.empty()) { bad("name", "name is empty"); continue; }
    if (e.name.size() > 100) { bad("name", "name is longer than 100"); continue; }
    if (!e.email.empty() && !ValidEmail(e.email)) { bad("email", "not an email address: " + e.email); continue; }
    if (!e.phone.empty() && !ValidPhone(e.phone)) { bad("phone", "not a phone number: " + e.phone); continue; }
    if (!e.source.empty() && !kSources.count(e.source)) { bad("source", "unknown source: " + e.source); continue; }
    if (!e.expected.empty()) {
      auto m = core::Money::Parse(e.expected);
      if (!m.ok() || m->fen() <= 0 || m->fen() > 1'000'000'00) {
        bad("expected_monthly_salary", "expected_monthly_salary is an amount above 0 and at most 1000000.00 yuan: " + e.expected);
        continue;
      }
    }
    std::string ek = EmailKey(e.email), pk = PhoneKey(e.phone);
    std::optional<int> dup_row;
    for (const std::string& k : {ek.empty() ? "" : "e:" + ek, pk.empty() ? "" : "p:" + pk})
      if (!k.empty() && seen.count(k)) dup_row = seen[k];
    if (dup_row) {
      duplicates.push_back({{"row", e.row}, {"label", label}, {"duplicate_of_row", *dup_row}});
      continue;
    }
    HF_ASSIGN(auto existing, FindDuplicate(env.tx, e.email, e.phone, std::nullopt));
    if (existing) {
      duplicates.push_back({{"row", e.row}, {"label", label}, {"existing_candidate_id", *existing}});
      continue;
    }
    if (!ek.empty()) seen["e:" + ek] = e.row;
    if (!pk.empty()) seen["p:" + pk] = e.row;
    valid.push_back(&e);
  }
  std::sort(problems.begin(), problems.end(), [](const Problem& a, const Problem& b) { return a.row < b.row; });
  json report = {{"dry_run", opt.dry_run}, {"format", format}, {"total_rows", entries.size() + problems.size()},
                 {"valid_rows", valid.size()}, {"imported", 0}, {"applications_created", 0}, {"duplicates", duplicates}};
  json pj = json::array();
  for (const auto& p : problems) pj.push_back({{"row", p.row}, {"label", p.label}, {"field", p.field}, {"problem", p.problem}});
  report["problems"] = pj;
  // total_rows counts the entries read plus the files/lines that could not be read at all.
  report["total_rows"] = entries.size() + std::count_if(problems.begin(), problems.end(), [&](const Problem& p) {
                           return std::none_of(entries.begin(), entries.end(), [&](const Entry& e) { return e.row == p.row; });
                         });
  bool refused = !problems.empty() && !opt.skip_invalid;
  report["refused"] = refused;
  if (opt.dry_run || refused) return report;
  int imported = 0, apps = 0;
  for (const Entry* e : valid) {
    std::string src = e->source.empty() ? "import" : e->source;
    HF_ASSIGN(int64_t id, InsertCandidate(env.tx, env.clock, e->name, e->email, e->phone, src, e->tags));
    if (e->resume) {
      ParsedResume p;
      p.resume = e->resume;
      p.text = e->resume_text;
      std::string key;
      if (!e->file_bytes.empty()) {
        HF_ASSIGN(key, files.PutBytes(e->file_bytes));
      }
      HF_TRY(SetResume(env.tx, env.clock, id, p, key, e->filename));
    } else {
      HF_TRY(IndexCandidate(env.tx, id));
    }
    ++imported;
    if (opt.requisition_id) {
      json body = {{"candidate_id", id}, {"requisition_id", *opt.requisition_id}, {"source", "import"}};
      if (!e->expected.empty()) body["expected_monthly_salary"] = e->expected;
      HF_TRY(CreateApplication(env, body));
      ++apps;
    }
  }
  report["imported"] = imported;
  report["applications_created"] = apps;
  HF_TRY(Audit(env.tx, &env.who, env.clock, env.request_id, "import", "candidate", 0, nullptr,
               {{"format", format}, {"imported", imported}, {"applications", apps}, {"duplicates", duplicates.size()},
                {"skipped_invalid", problems.size()}},
               "import"));
  return report;
}

}  // namespace recruiting
