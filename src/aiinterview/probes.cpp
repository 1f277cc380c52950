// Resume-based probe questions: a project the candidate led, a skill they claim (preferring the
// plan's must-haves), a role change, and a gap in dates — each with the resume line that
// triggered it. Templates and their rubrics are data (data/interview/probes.json, zh and en).
#include <algorithm>

#include "aiinterview/aiinterview.h"
#include "embed/interview_probes.h"

namespace aiinterview {

using nlohmann::json;

namespace {

const json& Templates() {
  static const json t = json::parse(*embed::interview_probes("probes.json"));
  return t;
}

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Cuts at a UTF-8 character boundary, adding "…" when cut.
std::string Clip(const std::string& s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  size_t n = max_bytes;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n) + "…";
}

std::string Str(const json& o, const char* k) {
  return o.is_object() && o.contains(k) && o[k].is_string() ? o[k].get<std::string>() : std::string();
}

void Replace(std::string& s, const std::string& key, const std::string& value) {
  for (size_t p = s.find(key); p != std::string::npos; p = s.find(key, p + value.size())) s.replace(p, key.size(), value);
}

// Months since year 0 of "YYYY", "YYYY-MM" or "YYYY-MM-DD" (a bare year counts as July, as the
// screening does); -1 when unparseable.
int Months(const std::string& d) {
  if (d.size() < 4) return -1;
  int y = std::atoi(d.substr(0, 4).c_str());
  if (y < 1950 || y > 2100) return -1;
  int m = d.size() >= 7 ? std::atoi(d.substr(5, 2).c_str()) : 7;
  if (m < 1 || m > 12) return -1;
  return y * 12 + (m - 1);
}

std::string MonthText(int months) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", months / 12, months % 12 + 1);
  return buf;
}

Probe Make(const char* kind, const std::string& lang, const std::string& trigger, const std::string& source,
           const std::vector<std::pair<std::string, std::string>>& vars, bool scored) {
  const json& t = Templates()["templates"][kind];
  std::string l = lang == "zh" ? "zh" : "en";
  Probe p;
  p.kind = kind;
  p.text = t[l].get<std::string>();
  for (const auto& [k, v] : vars) Replace(p.text, "{" + k + "}", v);
  p.trigger_text = trigger;
  p.trigger_source = source;
  p.key_points = t["key_points"][l];
  p.scored = scored;
  return p;
}

}  // namespace

std::vector<Probe> GenerateProbes(const json& resume, const std::string& language, const std::vector<std::string>& plan_terms,
                                  size_t max_probes) {
  std::vector<Probe> out;
  if (!resume.is_object()) return out;
  const json& words = Templates()["lead_words"];
  auto leads = [&](const std::string& line) {
    std::string low = Lower(line);
    for (const auto& w : words) {
      std::string lw = w.get<std::string>();
      size_t p = low.find(lw);
      // Latin lead words must start a word ("led" in "led the", not in "scheduled").
      if (p != std::string::npos && (static_cast<unsigned char>(lw[0]) >= 0x80 || p == 0 || !std::isalpha(static_cast<unsigned char>(low[p - 1]))))
        return true;
    }
    return false;
  };
  const json work = resume.value("work", json::array()).is_array() ? resume.value("work", json::array()) : json::array();
  // 1. A project or achievement the candidate led.
  bool found = false;
  for (size_t i = 0; i < work.size() && !found; ++i) {
    const json hs = work[i].is_object() ? work[i].value("highlights", json::array()) : json::array();
    for (size_t j = 0; hs.is_array() && j < hs.size() && !found; ++j)
      if (hs[j].is_string() && leads(hs[j].get<std::string>())) {
        std::string line = Clip(hs[j].get<std::string>(), 160);
        out.push_back(Make("led_project", language, line, "work[" + std::to_string(i) + "].highlights[" + std::to_string(j) + "]",
                           {{"trigger", line}}, true));
        found = true;
      }
  }
  const json projects = resume.value("projects", json::array());
  for (size_t i = 0; projects.is_array() && i < projects.size() && !found; ++i) {
    std::string line = Str(projects[i], "description");
    if (line.empty()) line = Str(projects[i], "name");
    if (!line.empty() && (leads(line) || Str(projects[i], "name") == line)) {
      line = Clip(line, 160);
      out.push_back(Make("led_project", language, line, "projects[" + std::to_string(i) + "]", {{"trigger", line}}, true));
      found = true;
    }
  }
  // 2. A claimed skill, preferring one the plan requires.
  std::string skill, skill_source;
  const json skills = resume.value("skills", json::array());
  for (size_t i = 0; skills.is_array() && i < skills.size(); ++i) {
    std::vector<std::pair<std::string, std::string>> names;
    if (!Str(skills[i], "name").empty()) names.emplace_back(Str(skills[i], "name"), "skills[" + std::to_string(i) + "].name");
    const json kw = skills[i].is_object() ? skills[i].value("keywords", json::array()) : json::array();
    for (size_t k = 0; kw.is_array() && k < kw.size(); ++k)
      if (kw[k].is_string()) names.emplace_back(kw[k].get<std::string>(), "skills[" + std::to_string(i) + "].keywords[" + std::to_string(k) + "]");
    for (const auto& [n, src] : names) {
      bool wanted = std::any_of(plan_terms.begin(), plan_terms.end(), [&](const std::string& t) { return Lower(t) == Lower(n); });
      if (wanted || (skill.empty() && !src.ends_with(".name"))) {
        skill = n;
        skill_source = src;
        if (wanted) break;
      }
    }
    if (!skill.empty() && std::any_of(plan_terms.begin(), plan_terms.end(), [&](const std::string& t) { return Lower(t) == Lower(skill); }))
      break;
  }
  if (!skill.empty() && out.size() < max_probes)
    out.push_back(Make("skill", language, Clip(skill, 60), skill_source, {{"skill", Clip(skill, 60)}}, true));
  // 3. The latest role change (position or field differs between consecutive jobs).
  struct Job {
    size_t index;
    int start, end;
    std::string org, role;
  };
  std::vector<Job> jobs;
  for (size_t i = 0; i < work.size(); ++i) {
    int s = Months(Str(work[i], "startDate"));
    if (s < 0) continue;
    int e = Str(work[i], "endDate").empty() ? 1 << 30 : Months(Str(work[i], "endDate"));
    jobs.push_back({i, s, e < 0 ? s : e, Str(work[i], "name"), Str(work[i], "position")});
  }
  std::sort(jobs.begin(), jobs.end(), [](const Job& a, const Job& b) { return a.start < b.start; });
  for (size_t k = jobs.size(); k-- > 1 && out.size() < max_probes;) {
    const Job& from = jobs[k - 1];
    const Job& to = jobs[k];
    if (from.role.empty() || to.role.empty() || Lower(from.role) == Lower(to.role) || from.org == to.org) continue;
    out.push_back(Make("role_change", language, from.role + " @ " + from.org + " → " + to.role + " @ " + to.org,
                       "work[" + std::to_string(from.index) + "] → work[" + std::to_string(to.index) + "]",
                       {{"from_role", from.role}, {"from_org", from.org.empty() ? "?" : from.org}, {"to_role", to.role},
                        {"to_org", to.org.empty() ? "?" : to.org}},
                       true));
    break;
  }
  // 4. The longest gap of at least six months between jobs: optional context, never scored.
  int best = 0, gap_from = 0, gap_to = 0;
  int covered_until = -1;
  for (const auto& j : jobs) {
    if (covered_until >= 0 && j.start - covered_until - 1 > best) {
      best = j.start - covered_until - 1;
      gap_from = covered_until;
      gap_to = j.start;
    }
    covered_until = std::max(covered_until, j.end);
  }
  if (best >= 6 && out.size() < max_probes + 1)
    out.push_back(Make("gap", language, MonthText(gap_from) + " – " + MonthText(gap_to), "work dates",
                       {{"from", MonthText(gap_from)}, {"to", MonthText(gap_to)}}, false));
  return out;
}

}  // namespace aiinterview
