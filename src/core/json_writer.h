// core::JsonWriter: appends JSON text directly to a string, for hot paths (list pages) where
// building a nlohmann::json tree first cost more than the query. Invalid UTF-8 in strings is
// replaced with U+FFFD so the output is always valid JSON.
//
// The text is written into a buffer whose size runs ahead of the text (n_ bytes written): one
// bounds check per piece and no per-character std::string::push_back, which profiled at ~9% of a
// list request.
#pragma once

#include <charconv>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace core {

class JsonWriter {
 public:
  JsonWriter& BeginObject() { Sep(); Put('{'); first_ = true; return *this; }
  JsonWriter& EndObject() { Put('}'); first_ = false; return *this; }
  JsonWriter& BeginArray() { Sep(); Put('['); first_ = true; return *this; }
  JsonWriter& EndArray() { Put(']'); first_ = false; return *this; }
  JsonWriter& Key(std::string_view k) { Sep(); AppendString(k); Put(':'); first_ = true; return *this; }
  // A key spelled in the source (a string literal) needs no escaping: written as it is.
  template <size_t N>
  JsonWriter& Key(const char (&literal)[N]) {
    Sep();
    char* p = Room(N + 2);
    *p++ = '"';
    std::memcpy(p, literal, N - 1);
    p[N - 1] = '"';
    p[N] = ':';
    n_ += N + 2;
    first_ = true;
    return *this;
  }
  JsonWriter& String(std::string_view s) { Sep(); AppendString(s); return *this; }
  JsonWriter& Int(int64_t v) {
    Sep();
    char* p = Room(20);
    n_ += size_t(std::to_chars(p, p + 20, v).ptr - p);
    return *this;
  }
  JsonWriter& Bool(bool v) { Sep(); Put(v ? std::string_view("true") : std::string_view("false")); return *this; }
  JsonWriter& Null() { Sep(); Put(std::string_view("null")); return *this; }
  // Already-serialised JSON (trusted).
  JsonWriter& Raw(std::string_view json) { Sep(); Put(json); return *this; }
  JsonWriter& OptString(const std::optional<std::string>& s) { return s ? String(*s) : Null(); }
  JsonWriter& OptInt(const std::optional<int64_t>& v) { return v ? Int(*v) : Null(); }
  // A string, or null when `is_null`.
  JsonWriter& StringOrNull(bool is_null, std::string_view s) { return is_null ? Null() : String(s); }

  // Room for about `bytes` of text without growing.
  void Reserve(size_t bytes) {
    if (out_.size() < bytes) out_.resize(bytes);
  }
  // The text so far. Writing after this is allowed.
  const std::string& str() {
    out_.resize(n_);
    return out_;
  }
  std::string Take() {
    out_.resize(n_);
    n_ = 0;
    return std::move(out_);
  }

 private:
  void Sep() {
    if (!first_) Put(',');
    first_ = false;
  }
  // Pointer to at least k writable bytes at the end of the text (n_ is advanced by the caller).
  char* Room(size_t k) {
    if (n_ + k > out_.size()) Grow(k);
    return out_.data() + n_;
  }
  void Put(char c) {
    *Room(1) = c;
    ++n_;
  }
  void Put(std::string_view s) {
    std::memcpy(Room(s.size()), s.data(), s.size());
    n_ += s.size();
  }
  void Grow(size_t k);
  void AppendString(std::string_view s);

  std::string out_;  // [0, n_) is the text; the rest is room
  size_t n_ = 0;
  bool first_ = true;
};

}  // namespace core
