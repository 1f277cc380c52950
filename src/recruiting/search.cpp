// Candidate full-text search. Both backends index the same application-made tokens: lower-case
// Latin words (c++ and c# kept as cplusplus/csharp), every CJK character and every CJK bigram, so
// "张三" and "Java" match alike on SQLite FTS5 and PostgreSQL tsvector without a Chinese
// dictionary in the database.
#include "recruiting/detail.h"

namespace recruiting {

using core::Result;
using core::Status;
using nlohmann::json;

namespace {

// Decodes one UTF-8 code point at s[i] and advances i; invalid bytes become U+FFFD.
char32_t Next(std::string_view s, size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (n == 0 || i + n > s.size()) {
    ++i;
    return 0xFFFD;
  }
  char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
  for (int k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += n;
  return cp;
}

void Append(std::string& out, char32_t cp) {
  if (cp < 0x80) out += static_cast<char>(cp);
  else if (cp < 0x800) { out += static_cast<char>(0xC0 | (cp >> 6)); out += static_cast<char>(0x80 | (cp & 0x3F)); }
  else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12)); out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18)); out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F)); out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool IsCjk(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF);
}

// Word or CJK runs of the text, full-width ASCII folded to ASCII and Latin lower-cased.
struct Runs {
  std::vector<std::string> words;                  // Latin/digit words
  std::vector<std::vector<std::string>> cjk;       // CJK runs as characters
};

Runs Split(std::string_view text) {
  Runs r;
  std::string word;
  std::vector<std::string> run;
  auto flush = [&] {
    if (!word.empty()) r.words.push_back(std::move(word)), word.clear();
    if (!run.empty()) r.cjk.push_back(std::move(run)), run.clear();
  };
  size_t i = 0;
  while (i < text.size()) {
    char32_t c = Next(text, i);
    if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;  // full-width ASCII
    if (IsCjk(c)) {
      if (!word.empty()) r.words.push_back(std::move(word)), word.clear();
      std::string ch;
      Append(ch, c);
      run.push_back(ch);
      continue;
    }
    if (!run.empty()) r.cjk.push_back(std::move(run)), run.clear();
    if (c < 0x80 && std::isalnum(static_cast<int>(c))) {
      word += static_cast<char>(std::tolower(static_cast<int>(c)));
    } else if ((c == '+' || c == '#') && !word.empty()) {
      if (word == "c" || word == "c+") word = c == '#' ? "csharp" : (word == "c" ? "c+" : "cplusplus");
      else flush();
    } else if (c >= 0xC0 && c != 0xFFFD && c < 0x2000) {
      Append(word, c);  // accented Latin, Cyrillic, Greek: kept as is
    } else {
      flush();
    }
  }
  flush();
  for (auto& w : r.words)
    if (w == "c+") w = "c";
  return r;
}

}  // namespace

std::string SearchTokens(std::string_view text) {
  Runs r = Split(text);
  std::string out;
  for (auto& w : r.words) out += w + " ";
  for (auto& run : r.cjk) {
    for (size_t i = 0; i < run.size(); ++i) {
      out += run[i] + " ";
      if (i + 1 < run.size()) out += run[i] + run[i + 1] + " ";
    }
  }
  if (!out.empty()) out.pop_back();
  return out;
}

namespace detail {

std::string FtsQuery(std::string_view q, store::Backend backend) {
  Runs r = Split(q);
  std::vector<std::pair<std::string, bool>> terms;  // token, prefix
  for (size_t i = 0; i < r.words.size(); ++i) terms.emplace_back(r.words[i], i + 1 == r.words.size());
  for (auto& run : r.cjk) {
    if (run.size() == 1) terms.emplace_back(run[0], false);
    for (size_t i = 0; i + 1 < run.size(); ++i) terms.emplace_back(run[i] + run[i + 1], false);
  }
  std::string out;
  for (auto& [t, prefix] : terms) {
    // Tokens hold only letters and digits (no quotes), so quoting them is enough.
    if (backend == store::Backend::kSqlite) out += (out.empty() ? "" : " ") + ("\"" + t + "\"") + (prefix ? " *" : "");
    else out += (out.empty() ? "" : " & ") + ("'" + t + "'") + (prefix ? ":*" : "");
  }
  return out;
}

Status IndexCandidate(store::Tx& tx, int64_t id) {
  HF_ASSIGN(store::Rows r, tx.Query("SELECT name, email, phone, tags, resume_json FROM candidates WHERE id = ?", {id}));
  if (r.empty()) return {};
  auto row = r[0];
  std::string text = row.Str("name") + " " + row.Str("email") + " " + row.Str("phone") + " " + row.Str("tags");
  if (!row.IsNull("resume_json")) {
    json resume = json::parse(row.Str("resume_json"), nullptr, false);
    auto add = [&](const json& obj, const char* key) {
      if (obj.is_object() && obj.contains(key) && obj[key].is_string()) text += " " + obj[key].get<std::string>();
    };
    if (resume.is_object()) {
      if (resume.contains("basics")) add(resume["basics"], "label");
      for (const char* sec : {"work", "education", "skills", "projects", "languages", "certificates"}) {
        if (!resume.contains(sec) || !resume[sec].is_array()) continue;
        for (const auto& e : resume[sec]) {
          for (const char* k : {"name", "position", "institution", "area", "studyType", "language", "issuer"}) add(e, k);
          if (e.contains("keywords") && e["keywords"].is_array())
            for (const auto& k : e["keywords"])
              if (k.is_string()) text += " " + k.get<std::string>();
        }
      }
    }
  }
  std::string tokens = SearchTokens(text);
  HF_TRY(tx.Exec("UPDATE candidates SET search_text = ? WHERE id = ?", {tokens, id}));
  if (tx.backend() == store::Backend::kSqlite) {
    HF_TRY(tx.Exec("DELETE FROM candidate_fts WHERE rowid = ?", {id}));
    HF_TRY(tx.Exec("INSERT INTO candidate_fts(rowid, body) VALUES (?, ?)", {id, tokens}));
  }
  return {};
}

}  // namespace detail
}  // namespace recruiting
