// Strict reading of one JSON object for the calculators and rule files: every accessor marks its key
// as known and Finish() rejects the keys nobody asked for, so a typo ("gros") is an error, not a zero.
// Used by the calculators (payroll, hiring); errors are core::Error kInvalid naming the field path.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "core/date.h"
#include "core/error.h"
#include "core/money.h"

namespace core {

// Largest amount accepted anywhere (1 trillion yuan): keeps every sum and product far from int64 overflow.
inline constexpr int64_t kMaxAmountFen = 100'000'000'000'000LL;

// kInvalid with `path` as the field and "path: message" as the message.
core::Error InvalidAt(const std::string& path, std::string_view message);

class ObjectReader {
 public:
  // kInvalid unless `j` is an object. `path` is the object's own path ("months[2]"), empty for the root.
  static core::Result<ObjectReader> Open(const nlohmann::json& j, std::string path);

  // Each returns nullopt when the key is absent or null. Amounts must be 0 ≤ x ≤ kMaxAmountFen.
  core::Result<std::optional<core::Money>> Amount(std::string_view key);
  core::Result<std::optional<int64_t>> Integer(std::string_view key, int64_t min, int64_t max);
  core::Result<std::optional<bool>> Boolean(std::string_view key);
  core::Result<std::optional<std::string>> String(std::string_view key);
  core::Result<std::optional<core::Date>> Day(std::string_view key);
  // A non-negative decimal with at most two decimals (hours, days, years) as hundredths: 1.5 -> 150.
  // Accepts a JSON number or a decimal string; rejects more than two decimals and values above max_x100.
  core::Result<std::optional<int64_t>> Hundredths(std::string_view key, int64_t max_x100);
  // The raw value (marks the key known), nullptr when absent or null.
  const nlohmann::json* Raw(std::string_view key);

  // kInvalid "<path>: required".
  core::Error Missing(std::string_view key) const;
  // kInvalid naming the first key that no accessor read.
  core::Status Finish() const;
  // Declares the object's whole schema up front: kInvalid naming the first key not in `keys`. Called
  // before reading, so a misspelt field is reported as unknown rather than the real one as missing.
  core::Status Only(std::initializer_list<std::string_view> keys);
  std::string Path(std::string_view key) const;

 private:
  ObjectReader(const nlohmann::json* j, std::string path) : j_(j), path_(std::move(path)) {}
  const nlohmann::json* j_;  // not owned; must outlive the reader
  std::string path_;
  std::set<std::string, std::less<>> seen_;
};

// Turns an optional value into a required one: nullopt becomes o.Missing(key).
template <typename T>
core::Result<T> Require(core::Result<std::optional<T>> r, const ObjectReader& o, std::string_view key) {
  if (!r.ok()) return r.take_error();
  if (!r.value().has_value()) return o.Missing(key);
  return std::move(*r.value());
}

// Parses a non-negative decimal text with at most two decimals into hundredths ("21.75" -> 2175).
std::optional<int64_t> ParseHundredths(std::string_view text);

}  // namespace core
