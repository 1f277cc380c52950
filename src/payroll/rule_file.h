// Reading of one effective-dated rule file of data/rules/ ({"rule", "title", "note", "versions": [...]}),
// shared by RuleBook and SocialInsuranceBook. Internal to the payroll module.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "payroll/json_input.h"
#include "payroll/rules.h"

namespace payroll::detail {

// Returns a rule file's text by its name in data/rules/, or nullopt.
using Reader = std::function<std::optional<std::string_view>(std::string_view)>;

// effective_from (required), effective_to (optional, not before effective_from), sources (non-empty strings).
inline core::Result<Effective> ReadEffective(ObjectReader& v) {
  Effective e;
  HF_ASSIGN(e.from, Require(v.Day("effective_from"), v, "effective_from"));
  HF_ASSIGN(e.to, v.Day("effective_to"));
  if (e.to && *e.to < e.from) return Invalid(v.Path("effective_to"), "before effective_from");
  const nlohmann::json* s = v.Raw("sources");
  if (!s || !s->is_array() || s->empty()) return Invalid(v.Path("sources"), "expected a non-empty array of strings");
  for (const auto& item : *s) {
    if (!item.is_string()) return Invalid(v.Path("sources"), "expected strings");
    e.sources.push_back(item.get<std::string>());
  }
  return e;
}

// Reads `file` as {"rule", "title", "note", "versions": [...]}, parsing each version with `parse`,
// which must read every field it knows; the versions must be in order and must not overlap.
template <typename T, typename Parse>
core::Result<Versions<T>> ReadVersions(const Reader& read, std::string_view file, Parse parse) {
  std::string name(file);
  auto text = read(file);
  if (!text) return Invalid(name, "rule file missing");
  nlohmann::json j = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Invalid(name, "not valid JSON");
  HF_ASSIGN(ObjectReader top, ObjectReader::Open(j, name));
  HF_TRY(top.String("rule"));
  HF_TRY(top.String("title"));
  HF_TRY(top.String("note"));
  const nlohmann::json* versions = top.Raw("versions");
  HF_TRY(top.Finish());
  if (!versions || !versions->is_array() || versions->empty()) {
    return Invalid(top.Path("versions"), "expected a non-empty array");
  }
  Versions<T> out;
  for (size_t i = 0; i < versions->size(); ++i) {
    HF_ASSIGN(ObjectReader v, ObjectReader::Open((*versions)[i], name + ".versions[" + std::to_string(i) + "]"));
    T item;
    HF_ASSIGN(item.effective, ReadEffective(v));
    HF_TRY(parse(v, item));
    HF_TRY(v.Finish());
    if (!out.items.empty()) {
      const Effective& prev = out.items.back().effective;
      if (!prev.to || !(*prev.to < item.effective.from)) {
        return Invalid(v.Path("effective_from"), "overlaps the previous version");
      }
    }
    out.items.push_back(std::move(item));
  }
  return out;
}

}  // namespace payroll::detail
