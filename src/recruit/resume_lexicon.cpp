#include "recruit/resume_lexicon.h"

#include <algorithm>
#include <cassert>
#include <map>

#include "embed/resume_lexicon.h"
#include "recruit/resume_text.h"

namespace recruit::resume_detail {
namespace {

struct RawEntry {
  std::u32string canonical;
  std::vector<std::u32string> aliases;
};
struct RawGroup {
  std::u32string name;
  std::vector<std::u32string> flags;
  std::vector<RawEntry> entries;
};

std::vector<std::u32string> SplitOn(std::u32string_view s, char32_t sep) {
  std::vector<std::u32string> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      std::u32string part(Trim(s.substr(start, i - start)));
      if (!part.empty()) out.push_back(std::move(part));
      start = i + 1;
    }
  }
  return out;
}

std::vector<RawGroup> ParseFile(std::string_view name) {
  const auto data = embed::resume_lexicon(name);
  assert(data && "lexicon file missing from the embedded data");
  std::vector<RawGroup> groups;
  if (!data) return groups;
  for (const auto& raw_line : SplitLines(ToU32(NormalizeText(*data)))) {
    const std::u32string_view line = Trim(raw_line);
    if (line.empty() || line.front() == '#') continue;
    if (line.front() == '[' && line.back() == ']') {
      RawGroup g;
      auto parts = SplitOn(line.substr(1, line.size() - 2), ' ');
      // "[Programming Languages | 编程语言]" keeps its spaces: only "+flag" words are flags.
      std::u32string gname;
      for (auto& p : parts) {
        if (p.front() == '+') {
          g.flags.push_back(p.substr(1));
        } else {
          if (!gname.empty()) gname.push_back(' ');
          gname += p;
        }
      }
      g.name = gname;
      groups.push_back(std::move(g));
      continue;
    }
    if (groups.empty()) groups.push_back({});
    RawEntry e;
    const size_t eq = line.find(U" = ");
    if (eq == std::u32string_view::npos) {
      e.canonical = std::u32string(line);
    } else {
      e.canonical = std::u32string(Trim(line.substr(0, eq)));
      e.aliases = SplitOn(line.substr(eq + 3), ',');
    }
    groups.back().entries.push_back(std::move(e));
  }
  return groups;
}

Term MakeTerm(std::u32string_view s) {
  Term t;
  std::u32string text(Trim(s));
  if (!text.empty() && text.front() == '!') {
    t.exact_case = true;
    text.erase(0, 1);
  }
  for (char32_t c : text) t.han = t.han || IsHan(c);
  t.text = t.exact_case ? text : AsciiLower(text);
  return t;
}

std::vector<Term> TermsOf(const RawGroup& g) {
  std::vector<Term> out;
  for (const auto& e : g.entries) {
    out.push_back(MakeTerm(e.canonical));
    for (const auto& a : e.aliases) out.push_back(MakeTerm(a));
  }
  return out;
}

const RawGroup* FindGroup(const std::vector<RawGroup>& groups, std::u32string_view name) {
  for (const auto& g : groups) {
    if (g.name == name) return &g;
  }
  return nullptr;
}

std::vector<Term> GroupTerms(const std::vector<RawGroup>& groups, std::u32string_view name) {
  const RawGroup* g = FindGroup(groups, name);
  return g ? TermsOf(*g) : std::vector<Term>{};
}

SectionKind KindFromName(std::u32string_view n) {
  static const std::map<std::u32string_view, SectionKind> kKinds = {
      {U"basics", SectionKind::kBasics},         {U"intention", SectionKind::kIntention},
      {U"summary", SectionKind::kSummary},       {U"work", SectionKind::kWork},
      {U"education", SectionKind::kEducation},   {U"projects", SectionKind::kProjects},
      {U"skills", SectionKind::kSkills},         {U"languages", SectionKind::kLanguages},
      {U"certificates", SectionKind::kCertificates}, {U"awards", SectionKind::kAwards},
      {U"publications", SectionKind::kPublications}, {U"interests", SectionKind::kInterests},
      {U"volunteer", SectionKind::kVolunteer},   {U"references", SectionKind::kReferences},
      {U"other", SectionKind::kOther},
  };
  auto it = kKinds.find(n);
  return it == kKinds.end() ? SectionKind::kOther : it->second;
}

Lexicon Build() {
  Lexicon lx;
  for (const auto& g : ParseFile("sections.txt")) {
    const SectionKind kind = KindFromName(g.name);
    for (const auto& f : g.flags) {
      if (f == U"inline") lx.inline_sections.insert(kind);
    }
    for (const auto& e : g.entries) lx.headings[LookupKey(e.canonical)] = kind;
  }
  for (const auto& g : ParseFile("labels.txt")) {
    const std::string group = ToUtf8(g.name);
    for (const auto& e : g.entries) lx.labels[LookupKey(e.canonical)].push_back(group);
  }
  for (const auto& g : ParseFile("degrees.txt")) lx.degrees.push_back({ToUtf8(g.name), TermsOf(g)});

  for (const auto& g : ParseFile("skills.txt")) {
    SkillCategory cat;
    const auto names = SplitOn(g.name, '|');
    cat.en = names.empty() ? "Other" : ToUtf8(names[0]);
    cat.zh = names.size() > 1 ? ToUtf8(names[1]) : cat.en;
    lx.skill_categories.push_back(cat);
    const size_t idx = lx.skill_categories.size() - 1;
    for (const auto& e : g.entries) {
      std::u32string canonical = e.canonical;
      bool canonical_exact = false;
      if (!canonical.empty() && canonical.front() == '!') {
        canonical.erase(0, 1);
        canonical_exact = true;
      }
      const SkillEntry entry{ToUtf8(canonical), idx};
      auto add = [&](std::u32string term, bool exact) {
        if (term.empty()) return;
        if (term.front() == '!') {
          term.erase(0, 1);
          exact = true;
        }
        bool han = false;
        size_t letters = 0, words = 1;
        for (char32_t c : term) {
          han = han || IsHan(c);
          if (IsAsciiAlpha(c)) ++letters;
          if (c == ' ') ++words;
        }
        lx.skill_max_words = std::max(lx.skill_max_words, words);
        if (han) {
          lx.skills_han.emplace_back(AsciiLower(term), entry);
        } else if (exact || (letters <= 2 && term.size() <= 2)) {
          lx.skills_exact.emplace(term, entry);
        } else {
          lx.skills_ci.emplace(AsciiLower(term), entry);
        }
      };
      add(canonical, canonical_exact);
      for (const auto& a : e.aliases) add(a, false);
    }
  }
  std::sort(lx.skills_han.begin(), lx.skills_han.end(),
            [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });

  for (const auto& g : ParseFile("languages.txt")) {
    const std::u32string_view name = g.name;
    for (const auto& e : g.entries) {
      const std::string canonical = ToUtf8(e.canonical);
      std::vector<Term> terms{MakeTerm(e.canonical)};
      for (const auto& a : e.aliases) terms.push_back(MakeTerm(a));
      for (auto& t : terms) {
        if (name == U"languages") {
          lx.languages.emplace_back(t, canonical);
        } else if (name.substr(0, 6) == U"tests ") {
          lx.language_tests.emplace_back(t, LanguageTest{canonical, ToUtf8(name.substr(6))});
        } else if (name == U"fluency") {
          lx.fluency.emplace_back(t, canonical);
        }
      }
    }
  }

  const auto titles = ParseFile("titles.txt");
  for (const auto& g : titles) {
    auto t = TermsOf(g);
    lx.titles.insert(lx.titles.end(), t.begin(), t.end());
  }
  const auto orgs = ParseFile("orgs.txt");
  lx.company_words = GroupTerms(orgs, U"company");
  lx.company_known = GroupTerms(orgs, U"company-known");
  lx.school_words = GroupTerms(orgs, U"school");
  lx.school_known = GroupTerms(orgs, U"school-known");
  lx.department_words = GroupTerms(orgs, U"department");
  lx.worktype_words = GroupTerms(orgs, U"worktype");
  lx.issuers = GroupTerms(orgs, U"issuer");

  const auto places = ParseFile("places.txt");
  if (const RawGroup* g = FindGroup(places, U"city")) {
    for (const auto& e : g->entries) {
      std::vector<std::u32string> parts;
      size_t start = 0;
      for (size_t i = 0; i <= e.canonical.size(); ++i) {
        if (i == e.canonical.size() || e.canonical[i] == '|') {
          parts.emplace_back(Trim(std::u32string_view(e.canonical).substr(start, i - start)));
          start = i + 1;
        }
      }
      parts.resize(3);
      const City city{ToUtf8(parts[0]), ToUtf8(parts[1]), ToUtf8(parts[2])};
      lx.cities.emplace_back(MakeTerm(parts[0]), city);
      for (const auto& a : e.aliases) lx.cities.emplace_back(MakeTerm(a), city);
    }
  }
  if (const RawGroup* g = FindGroup(places, U"us-state")) {
    for (const auto& e : g->entries) {
      const std::string code = ToUtf8(e.canonical);
      lx.us_states[AsciiLower(e.canonical)] = code;
      for (const auto& a : e.aliases) lx.us_states[AsciiLower(a)] = code;
    }
  }
  if (const RawGroup* g = FindGroup(places, U"country")) {
    for (const auto& e : g->entries) {
      const std::string code = ToUtf8(e.canonical);
      for (const auto& a : e.aliases) lx.countries.emplace_back(MakeTerm(a), code);
    }
  }

  const auto dates = ParseFile("dates.txt");
  lx.present_words = GroupTerms(dates, U"present");
  lx.range_words = GroupTerms(dates, U"range");
  lx.since_words = GroupTerms(dates, U"since");
  lx.season_words = GroupTerms(dates, U"season");
  lx.duration_words = GroupTerms(dates, U"duration");
  for (int m = 1; m <= 12; ++m) {
    const std::u32string gname = U"month." + ToU32(std::to_string(m));
    for (const auto& t : GroupTerms(dates, gname)) lx.month_names.emplace_back(t.text, m);
  }
  std::sort(lx.month_names.begin(), lx.month_names.end(),
            [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });

  const auto surnames = ParseFile("surnames.txt");
  if (const RawGroup* g = FindGroup(surnames, U"single")) {
    for (const auto& e : g->entries) {
      for (char32_t c : e.canonical) {
        if (IsHan(c)) lx.surnames.insert(c);
      }
    }
  }
  if (const RawGroup* g = FindGroup(surnames, U"compound")) {
    for (const auto& e : g->entries) {
      for (auto& w : SplitOn(e.canonical, ' ')) lx.compound_surnames.push_back(w);
    }
  }

  const auto misc = ParseFile("misc.txt");
  lx.resume_words = GroupTerms(misc, U"resume-words");
  lx.proficiency_words = GroupTerms(misc, U"proficiency");
  if (const RawGroup* g = FindGroup(misc, U"profiles")) {
    for (const auto& e : g->entries) {
      for (const auto& a : e.aliases) lx.profile_domains.emplace_back(AsciiLower(a), ToUtf8(e.canonical));
    }
  }
  return lx;
}

}  // namespace

const std::vector<std::string>& Lexicon::LabelGroups(const std::u32string& key) const {
  static const std::vector<std::string> kEmpty;
  auto it = labels.find(key);
  return it == labels.end() ? kEmpty : it->second;
}

bool Lexicon::LabelIn(const std::u32string& key, std::string_view group_prefix) const {
  for (const auto& g : LabelGroups(key)) {
    if (g.size() >= group_prefix.size() && std::string_view(g).substr(0, group_prefix.size()) == group_prefix) {
      return true;
    }
  }
  return false;
}

const Lexicon& GetLexicon() {
  static const Lexicon kLexicon = Build();
  return kLexicon;
}

namespace {

// Both FindTerm overloads; Text is std::u32string or std::u32string_view.
template <typename Text>
size_t FindTermIn(const Text& text, const Text& lower, const Term& term, size_t from) {
  if (term.text.empty()) return std::u32string::npos;
  const Text& hay = term.exact_case ? text : lower;
  size_t p = hay.find(term.text, from);
  if (term.han) return p;
  while (p != std::u32string::npos) {
    const bool left_ok = p == 0 || !IsAsciiAlnum(hay[p - 1]) || !IsAsciiAlnum(term.text.front());
    const size_t e = p + term.text.size();
    // "C" must not match "C++"/"C#"; "Java" must not match "JavaScript".
    bool right_ok = e >= hay.size() || !IsAsciiAlnum(hay[e]) || !IsAsciiAlnum(term.text.back());
    if (right_ok && e < hay.size() && IsAsciiAlnum(term.text.back()) && (hay[e] == '+' || hay[e] == '#')) {
      right_ok = false;
    }
    if (left_ok && right_ok) return p;
    p = hay.find(term.text, p + 1);
  }
  return std::u32string::npos;
}

}  // namespace

size_t FindTerm(const std::u32string& text, const std::u32string& lower, const Term& term, size_t from) {
  return FindTermIn(text, lower, term, from);
}

size_t FindTerm(std::u32string_view text, std::u32string_view lower, const Term& term, size_t from) {
  return FindTermIn(text, lower, term, from);
}

}  // namespace recruit::resume_detail
