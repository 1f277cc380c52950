// core::JsonWriter: appends JSON text directly to a string, for hot paths (list pages) where
// building a nlohmann::json tree first cost more than the query. Invalid UTF-8 in strings is
// replaced with U+FFFD so the output is always valid JSON.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace core {

class JsonWriter {
 public:
  JsonWriter& BeginObject() { Sep(); out_ += '{'; first_ = true; return *this; }
  JsonWriter& EndObject() { out_ += '}'; first_ = false; return *this; }
  JsonWriter& BeginArray() { Sep(); out_ += '['; first_ = true; return *this; }
  JsonWriter& EndArray() { out_ += ']'; first_ = false; return *this; }
  JsonWriter& Key(std::string_view k) { Sep(); AppendString(k); out_ += ':'; first_ = true; return *this; }
  JsonWriter& String(std::string_view s) { Sep(); AppendString(s); return *this; }
  JsonWriter& Int(int64_t v) { Sep(); out_ += std::to_string(v); return *this; }
  JsonWriter& Bool(bool v) { Sep(); out_ += v ? "true" : "false"; return *this; }
  JsonWriter& Null() { Sep(); out_ += "null"; return *this; }
  // Already-serialised JSON (trusted).
  JsonWriter& Raw(std::string_view json) { Sep(); out_ += json; return *this; }
  JsonWriter& OptString(const std::optional<std::string>& s) { return s ? String(*s) : Null(); }
  JsonWriter& OptInt(const std::optional<int64_t>& v) { return v ? Int(*v) : Null(); }
  // A string, or null when `is_null`.
  JsonWriter& StringOrNull(bool is_null, std::string_view s) { return is_null ? Null() : String(s); }

  std::string& str() { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  void Sep() {
    if (!first_) out_ += ',';
    first_ = false;
  }
  void AppendString(std::string_view s);
  std::string out_;
  bool first_ = true;
};

}  // namespace core
