// JSON Resume input (recruit::resume_detail): type validation against the v1.0.0 schema and
// normalisation. Internal to src/recruit; the public entry point is recruit::NormalizeJsonResume.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"

namespace recruit::resume_detail {

// Normalises `doc` (see NormalizeJsonResume in resume_parse.h); appends what was dropped or
// changed to `warnings`. "meta" is normalised but not filled in.
core::Result<nlohmann::json> NormalizeJsonResumeDetail(const nlohmann::json& doc, std::vector<std::string>& warnings);

// "zh" or "en", from the Chinese characters vs Latin letters of every string in the document.
std::string DetectJsonLanguage(const nlohmann::json& doc);

}  // namespace recruit::resume_detail
