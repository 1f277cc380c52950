// Lexicons of resume parsing, read once from data/resume/*.txt (embedded with hireflow_embed).
// Internal to src/recruit; see data/resume/README.md for the file format.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace recruit::resume_detail {

enum class SectionKind {
  kNone,  // text before the first heading
  kBasics,
  kIntention,
  kSummary,
  kWork,
  kEducation,
  kProjects,
  kSkills,
  kLanguages,
  kCertificates,
  kAwards,
  kPublications,
  kInterests,
  kVolunteer,
  kReferences,
  kOther,
};

// A term to look for in text. Latin terms are stored lower-case and match whole words
// (case-insensitively unless exact_case); terms containing Chinese characters match as substrings.
struct Term {
  std::u32string text;
  bool exact_case = false;
  bool han = false;
};

struct DegreeLevel {
  std::string study_type;  // JSON Resume studyType, e.g. "Bachelor"
  std::vector<Term> terms;
};

struct SkillEntry {
  std::string canonical;
  size_t category = 0;
};
struct SkillCategory {
  std::string en, zh;
};

struct City {
  std::string name, region, country_code;
};

struct LanguageTest {
  std::string test;      // "CET-6"
  std::string language;  // "English"
};

struct Lexicon {
  std::unordered_map<std::u32string, SectionKind> headings;  // LookupKey -> kind
  std::unordered_set<SectionKind> inline_sections;
  // LookupKey of a label -> every group it belongs to ("name", "work.company", ...).
  std::unordered_map<std::u32string, std::vector<std::string>> labels;
  std::vector<DegreeLevel> degrees;  // strongest first

  std::vector<SkillCategory> skill_categories;
  std::unordered_map<std::u32string, SkillEntry> skills_ci;     // lower-case Latin key
  std::unordered_map<std::u32string, SkillEntry> skills_exact;  // exact-case Latin key
  std::vector<std::pair<std::u32string, SkillEntry>> skills_han;
  size_t skill_max_words = 1;

  std::vector<std::pair<Term, std::string>> languages;                // term -> "English"
  std::vector<std::pair<Term, LanguageTest>> language_tests;
  std::vector<std::pair<Term, std::string>> fluency;                  // term -> "Fluent"

  std::vector<Term> titles;
  std::vector<Term> company_words, company_known, school_words, school_known, department_words, worktype_words,
      issuers;

  std::vector<std::pair<Term, City>> cities;
  std::unordered_map<std::u32string, std::string> us_states;  // lower-case code or name -> code
  std::vector<std::pair<Term, std::string>> countries;         // term -> ISO code

  std::vector<Term> present_words, range_words, since_words, season_words, duration_words;
  std::vector<std::pair<std::u32string, int>> month_names;  // lower-case -> 1..12

  std::unordered_set<char32_t> surnames;
  std::vector<std::u32string> compound_surnames;
  std::vector<Term> resume_words, proficiency_words;
  std::vector<std::pair<std::u32string, std::string>> profile_domains;  // domain -> network

  // Groups of the label `key` (a LookupKey), empty if unknown.
  const std::vector<std::string>& LabelGroups(const std::u32string& key) const;
  bool LabelIn(const std::u32string& key, std::string_view group_prefix) const;
};

// The lexicon, parsed on first use from the embedded data (immutable afterwards, thread-safe).
const Lexicon& GetLexicon();

// Finds `term` in `text` (whose Latin letters are already lower-cased in `lower`); whole-word for
// Latin terms. Returns the position or npos. `from` is where to start.
size_t FindTerm(const std::u32string& text, const std::u32string& lower, const Term& term, size_t from = 0);
// The same over views (`lower` as long as `text`), for callers that keep text in shared buffers.
size_t FindTerm(std::u32string_view text, std::u32string_view lower, const Term& term, size_t from = 0);
// The longest term of `terms` found in the text, with its position (npos if none).
struct TermHit {
  size_t index = 0, pos = std::u32string::npos, len = 0;
};
template <typename T, typename Get>
TermHit FindLongest(const std::u32string& text, const std::u32string& lower, const std::vector<T>& terms, Get get) {
  TermHit best;
  for (size_t i = 0; i < terms.size(); ++i) {
    const Term& t = get(terms[i]);
    const size_t p = FindTerm(text, lower, t);
    if (p == std::u32string::npos) continue;
    if (best.pos == std::u32string::npos || t.text.size() > best.len || (t.text.size() == best.len && p < best.pos)) {
      best = {i, p, t.text.size()};
    }
  }
  return best;
}
inline TermHit FindLongest(const std::u32string& text, const std::u32string& lower, const std::vector<Term>& terms) {
  return FindLongest(text, lower, terms, [](const Term& t) -> const Term& { return t; });
}

}  // namespace recruit::resume_detail
