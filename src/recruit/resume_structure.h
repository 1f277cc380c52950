// From normalised resume text to JSON Resume (recruit::resume_detail): sections by heading,
// entries by date anchors, fields by lexicon. Internal to src/recruit; see docs/resume-parsing.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "recruit/resume_lexicon.h"

namespace recruit::resume_detail {

struct Heading {
  SectionKind kind = SectionKind::kOther;
  std::u32string rest;  // content after "技能：" on the same line, if any
};
// A section heading line ("工作经历", "【教育背景】", "二、项目经验", "WORK EXPERIENCE", "工作经历
// Work Experience"), or nullopt. `after_first_heading` enables the guess that a short ALL-CAPS
// line is a heading of an unknown section.
std::optional<Heading> DetectHeading(const std::u32string& line, bool after_first_heading);

struct TextParse {
  nlohmann::json resume = nlohmann::json::object();  // JSON Resume without "meta"
  std::string language;                               // "zh" or "en"
  std::vector<std::string> warnings;
};
// Parses text that went through NormalizeText(). Never throws; bounded in time by the number of
// lines (capped) times the lexicon size.
TextParse ParseResumeText(std::string_view normalized_utf8);

}  // namespace recruit::resume_detail
