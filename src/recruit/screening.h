// Explainable screening of one application against its recruiting plan's requirements (issue 3).
//
// Pure functions: no database, no HTTP, no clock (the caller passes `today`), no exceptions.
// Screen() returns line items in a fixed order (missing must-haves, met must-haves, nice-to-haves,
// experience, education, languages), each with the points it earned, the verbatim resume text
// that satisfied it and where it was found, and an English and a Chinese explanation; a 0-100
// score; and a recommendation that acts on its own only when a plan rule says so (the rule that
// fired is always named). Protected attributes (age, gender, marital status, photo, ethnicity,
// hometown) are never read; a plan naming them is refused. Formula, matching rules and JSON field
// names: docs/screening.md.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/error.h"

namespace recruit {

// Written to ScreeningResult JSON "version"; bumped when scoring or matching rules change.
inline constexpr const char* kScreeningVersion = "hireflow-screening/1";

// Ordered: a higher level satisfies a lower requirement.
enum class EducationLevel { kNone, kHighSchool, kAssociate, kBachelor, kMaster, kDoctorate };
// "none", "high_school", "associate", "bachelor", "master", "doctorate".
const char* EducationLevelName(EducationLevel level);
// Accepts the names above and 高中/大专/本科/硕士/博士 (and 不限); nullopt otherwise.
std::optional<EducationLevel> ParseEducationLevel(std::string_view text);

// Ordered. CET-6 and similar tests map to these as documented in docs/screening.md.
enum class LanguageLevel { kBeginner, kIntermediate, kProfessional, kFluent, kNative };
// "beginner", "intermediate", "professional", "fluent", "native".
const char* LanguageLevelName(LanguageLevel level);
// Accepts the names above and the fluency words of data/resume/languages.txt ("流利", "母语", ...).
std::optional<LanguageLevel> ParseLanguageLevel(std::string_view text);

// ---- the plan's side ----

struct RequiredTerm {
  std::string term;                   // as the plan wrote it, trimmed
  std::vector<std::string> synonyms;  // extra spellings; data/screening/synonyms.txt adds more
};

struct RequiredLanguage {
  std::string language;                // "English", "英语", "Japanese", ...
  std::optional<LanguageLevel> level;  // nullopt: any mention of the language meets it
};

// Relative weights of the five components. Screen() drops the components the plan does not use
// (no must-haves, min_years_experience 0, education none, no languages) and scales the rest to
// sum to 100.
struct ScreeningWeights {
  double must_have = 40;
  double nice_to_have = 20;
  double experience = 20;
  double education = 10;
  double languages = 10;
};

struct ScreeningThresholds {
  double advance = 70;  // score >= advance recommends advance
  double reject = 40;   // score < reject recommends reject; in between: review
};

struct Requirements {
  std::vector<RequiredTerm> must_have;
  std::vector<RequiredTerm> nice_to_have;
  double min_years_experience = 0;
  EducationLevel education_level = EducationLevel::kNone;
  std::vector<RequiredLanguage> languages;
  ScreeningWeights weights;
  ScreeningThresholds thresholds;
  // Plan rules that let a recommendation act without a person. All off by default: then every
  // recommendation is advice for a reviewer.
  bool auto_reject_missing_must_have = false;
  bool auto_reject_below_threshold = false;
  bool auto_advance_at_threshold = false;
};

// Strict: unknown fields, wrong types, negative numbers, empty terms, unknown levels, reject above
// advance, all-zero weights and terms naming a protected attribute are kInvalid naming the field
// ("must_have[1].term"). Absent fields take the defaults above.
core::Result<Requirements> ParseRequirements(const nlohmann::json& json);
// Every field, defaults included; ParseRequirements(RequirementsToJson(r)) gives back r.
nlohmann::json RequirementsToJson(const Requirements& requirements);

// ---- the result ----

enum class LineItemKind { kMustHave, kNiceToHave, kExperience, kEducation, kLanguage };
// "must_have", "nice_to_have", "experience", "education", "language".
const char* LineItemKindName(LineItemKind kind);

struct Evidence {
  // Where it was found: a JSON Resume path ("skills[0].keywords[2]", "work[1].highlights[0]",
  // "work[0]") or "text:12" (line 12 of the resume text, 1-based).
  std::string where;
  std::string text;     // verbatim resume text around the match ("…" where cut)
  std::string matched;  // the verbatim text that matched ("k8s"); empty for computed items
};

struct LineItem {
  LineItemKind kind = LineItemKind::kMustHave;
  std::string requirement;  // "Kubernetes", "3 years", "bachelor", "English (professional)"
  bool met = false;
  double points = 0;               // earned, 0..max_points
  double max_points = 0;           // 0 for an informational item (experience/education not required)
  std::vector<Evidence> evidence;  // best first; empty when nothing was found
  std::string explanation_en, explanation_zh;
};

enum class Recommendation { kAdvance, kReview, kReject };
const char* RecommendationName(Recommendation r);  // "advance", "review", "reject"

struct Decision {
  Recommendation recommendation = Recommendation::kReview;
  // True only when a plan rule allows acting without a person; `rule` then names that plan rule
  // ("auto_reject_missing_must_have", "auto_reject_below_threshold", "auto_advance_at_threshold").
  // Otherwise `rule` is "missing_must_have", "advance_threshold", "reject_threshold" or "review_band".
  bool automatic = false;
  std::string rule;
  std::string reason_en, reason_zh;  // "missing must-have: Kubernetes → reject (plan rule ...)"
};

struct WhyNot {
  LineItemKind kind = LineItemKind::kMustHave;
  std::string requirement;
  double points_lost = 0;
  bool met = false;
  std::string explanation_en, explanation_zh;
};

struct CandidateLanguage {
  std::string language;  // English name when known ("English"), else as written
  LanguageLevel level = LanguageLevel::kIntermediate;
  Evidence evidence;
};

struct ScreeningResult {
  double score = 0;  // 0..100, one decimal
  Decision decision;
  std::vector<LineItem> items;
  // Empty for advance. Otherwise every item that lost points or is an unmet must-have, the
  // biggest loss first.
  std::vector<WhyNot> why_not;
  ScreeningWeights weights;  // effective: unused components 0, the rest summing to 100
  // Facts computed from the resume, whether or not the plan asks for them.
  double years_experience = 0;  // one decimal; overlapping jobs counted once
  EducationLevel education_level = EducationLevel::kNone;
  std::vector<CandidateLanguage> languages;
};

// Scores a JSON Resume (as ParseResumeBytes/NormalizeJsonResume produce; any JSON is accepted,
// mistyped parts are skipped) plus the resume's plain text (may be empty) against `requirements`.
// `today` ends ongoing jobs. Never fails. Compiles the plan on every call: to screen many
// applications against one plan, build a Screener once.
ScreeningResult Screen(const Requirements& requirements, const nlohmann::json& json_resume,
                       std::string_view resume_text, core::Date today);

// A plan compiled once for screening many applications against it: spellings with their synonym
// groups, effective weights and the plan's half of every explanation. Keeps no reference to
// `requirements`. Immutable after construction; Screen() may run on several threads at once.
class Screener {
 public:
  explicit Screener(const Requirements& requirements);
  ~Screener();
  Screener(Screener&&) noexcept;
  Screener& operator=(Screener&&) noexcept;

  // Equal to recruit::Screen(requirements, json_resume, resume_text, today). Never fails.
  ScreeningResult Screen(const nlohmann::json& json_resume, std::string_view resume_text, core::Date today) const;

 private:
  struct Plan;
  std::unique_ptr<const Plan> plan_;  // null only in a moved-from Screener
};

// Stable JSON of a result (field names in docs/screening.md).
nlohmann::json ScreeningResultToJson(const ScreeningResult& result);

}  // namespace recruit
