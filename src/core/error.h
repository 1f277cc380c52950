// core::Error and core::Result: the one error policy of HireFlow.
// Expected outcomes (not found, invalid input, conflict, forbidden, ...) are values of this type;
// only http/ maps an ErrorCode to an HTTP status and an RFC 9457 problem+json body.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace core {

enum class ErrorCode {
  kInvalid,        // bad input; `field` names the offending field (400/422)
  kUnauthenticated,// no or bad credentials (401)
  kForbidden,      // authenticated but not allowed (403)
  kNotFound,       // no such resource, or not visible to the caller (404)
  kConflict,       // state conflict, e.g. optimistic-lock version mismatch (409)
  kTooLarge,       // body or file over a limit (413)
  kUnsupported,    // unsupported media type or format (415)
  kRateLimited,    // too many attempts (429)
  kUnavailable,    // a dependency is down (503)
  kInternal,       // a bug or an unexpected failure of a dependency (500)
};

// Stable machine-readable slug for a code ("invalid", "not_found", ...).
const char* ErrorCodeName(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;  // human readable, safe to show to the caller
  std::string field;    // JSON pointer-ish name of the offending field, empty if none
  std::string slug;     // optional finer stable code, e.g. "version_conflict"; defaults to the code name

  static Error Invalid(std::string field, std::string message) {
    return {ErrorCode::kInvalid, std::move(message), std::move(field), {}};
  }
  static Error NotFound(std::string message) { return {ErrorCode::kNotFound, std::move(message), {}, {}}; }
  static Error Forbidden(std::string message = "not allowed") {
    return {ErrorCode::kForbidden, std::move(message), {}, {}};
  }
  static Error Conflict(std::string message, std::string slug = {}) {
    return {ErrorCode::kConflict, std::move(message), {}, std::move(slug)};
  }
  static Error Unauthenticated(std::string message = "authentication required") {
    return {ErrorCode::kUnauthenticated, std::move(message), {}, {}};
  }
  static Error Internal(std::string message) { return {ErrorCode::kInternal, std::move(message), {}, {}}; }
  static Error Unavailable(std::string message) { return {ErrorCode::kUnavailable, std::move(message), {}, {}}; }

  std::string Slug() const { return slug.empty() ? ErrorCodeName(code) : slug; }
};

// Result<T>: either a value or an Error. Accessing the wrong side is a programmer error (assert).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}          // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}      // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { assert(ok()); return std::get<0>(v_); }
  const T& value() const& { assert(ok()); return std::get<0>(v_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { assert(!ok()); return std::get<1>(v_); }
  Error&& take_error() { assert(!ok()); return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

// Result<void> equivalent.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : e_(std::move(error)) {}  // NOLINT(google-explicit-constructor)
  static Status Ok() { return {}; }
  bool ok() const { return !e_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const { assert(!ok()); return *e_; }

 private:
  std::optional<Error> e_;
};

}  // namespace core

// Propagate an error from an expression yielding Result<T> or Status.
#define HF_TRY(expr)                                   \
  do {                                                 \
    auto _hf_r = (expr);                               \
    if (!_hf_r.ok()) return _hf_r.error();             \
  } while (0)

#define HF_CONCAT_INNER(a, b) a##b
#define HF_CONCAT(a, b) HF_CONCAT_INNER(a, b)
// HF_ASSIGN(auto x, expr): declare x from a Result or return its error.
#define HF_ASSIGN(decl, expr) HF_ASSIGN_IMPL(HF_CONCAT(_hf_res_, __LINE__), decl, expr)
#define HF_ASSIGN_IMPL(tmp, decl, expr) \
  auto tmp = (expr);                    \
  if (!tmp.ok()) return tmp.error();    \
  decl = std::move(tmp).value()
