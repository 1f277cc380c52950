#include "core/json_input.h"

#include <charconv>

namespace core {

core::Error InvalidAt(const std::string& path, std::string_view message) {
  return core::Error::Invalid(path, path + ": " + std::string(message));
}

core::Result<ObjectReader> ObjectReader::Open(const nlohmann::json& j, std::string path) {
  if (!j.is_object()) return InvalidAt(path.empty() ? "input" : path, "expected a JSON object");
  return ObjectReader(&j, std::move(path));
}

std::string ObjectReader::Path(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

core::Error ObjectReader::Missing(std::string_view key) const { return InvalidAt(Path(key), "required"); }

const nlohmann::json* ObjectReader::Raw(std::string_view key) {
  seen_.emplace(key);
  auto it = j_->find(key);
  if (it == j_->end() || it->is_null()) return nullptr;
  return &*it;
}

core::Status ObjectReader::Finish() const {
  for (const auto& [key, value] : j_->items()) {
    if (!seen_.contains(key)) return InvalidAt(Path(key), "unknown field");
  }
  return {};
}

core::Status ObjectReader::Only(std::initializer_list<std::string_view> keys) {
  for (std::string_view k : keys) seen_.emplace(k);
  return Finish();
}

core::Result<std::optional<core::Money>> ObjectReader::Amount(std::string_view key) {
  const nlohmann::json* v = Raw(key);
  if (!v) return std::optional<core::Money>();
  std::string path = Path(key);
  if (!v->is_string() && !v->is_number()) return InvalidAt(path, "expected an amount (number or decimal string)");
  auto m = core::Money::FromJson(*v, path);
  if (!m.ok()) return InvalidAt(path, m.error().message);
  if (m->fen() < 0) return InvalidAt(path, "must not be negative");
  if (m->fen() > kMaxAmountFen) return InvalidAt(path, "amount too large");
  return std::optional<core::Money>(*m);
}

core::Result<std::optional<int64_t>> ObjectReader::Integer(std::string_view key, int64_t min, int64_t max) {
  const nlohmann::json* v = Raw(key);
  if (!v) return std::optional<int64_t>();
  std::string path = Path(key);
  if (!v->is_number_integer()) return InvalidAt(path, "expected an integer");
  if (v->is_number_unsigned() && v->get<uint64_t>() > uint64_t(INT64_MAX)) {
    return InvalidAt(path, "must be at most " + std::to_string(max));
  }
  int64_t n = v->get<int64_t>();
  if (n < min || n > max) {
    return InvalidAt(path, "must be between " + std::to_string(min) + " and " + std::to_string(max));
  }
  return std::optional<int64_t>(n);
}

core::Result<std::optional<bool>> ObjectReader::Boolean(std::string_view key) {
  const nlohmann::json* v = Raw(key);
  if (!v) return std::optional<bool>();
  if (!v->is_boolean()) return InvalidAt(Path(key), "expected true or false");
  return std::optional<bool>(v->get<bool>());
}

core::Result<std::optional<std::string>> ObjectReader::String(std::string_view key) {
  const nlohmann::json* v = Raw(key);
  if (!v) return std::optional<std::string>();
  if (!v->is_string()) return InvalidAt(Path(key), "expected a string");
  return std::optional<std::string>(v->get<std::string>());
}

core::Result<std::optional<core::Date>> ObjectReader::Day(std::string_view key) {
  const nlohmann::json* v = Raw(key);
  if (!v) return std::optional<core::Date>();
  std::string path = Path(key);
  if (!v->is_string()) return InvalidAt(path, "expected a date as YYYY-MM-DD");
  auto d = core::Date::Parse(v->get_ref<const std::string&>(), path);
  if (!d.ok()) return InvalidAt(path, d.error().message);
  return std::optional<core::Date>(*d);
}

std::optional<int64_t> ParseHundredths(std::string_view s) {
  if (s.empty()) return std::nullopt;
  int64_t whole = 0;
  size_t i = 0;
  int digits = 0;
  for (; i < s.size() && s[i] != '.'; ++i) {
    if (s[i] < '0' || s[i] > '9' || ++digits > 12) return std::nullopt;
    whole = whole * 10 + (s[i] - '0');
  }
  int64_t frac = 0;
  int frac_digits = 0;
  if (i < s.size()) {
    for (++i; i < s.size(); ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      int d = s[i] - '0';
      // Trailing zeros beyond the second decimal are harmless ("1.500"); any other digit is not.
      if (frac_digits >= 2) {
        if (d != 0) return std::nullopt;
        continue;
      }
      frac = frac * 10 + d;
      ++frac_digits;
    }
  }
  if (digits == 0 && frac_digits == 0) return std::nullopt;
  for (; frac_digits < 2; ++frac_digits) frac *= 10;
  return whole * 100 + frac;
}

core::Result<std::optional<int64_t>> ObjectReader::Hundredths(std::string_view key, int64_t max_x100) {
  const nlohmann::json* v = Raw(key);
  if (!v) return std::optional<int64_t>();
  std::string path = Path(key);
  std::string text;
  if (v->is_number_integer()) {
    text = v->dump();
  } else if (v->is_number_float()) {
    double d = v->get<double>();
    char buf[64];
    // Shortest round-trip text, so 1.1 stays "1.1" rather than 1.100000000000000088...
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
    if (ec != std::errc()) return InvalidAt(path, "not a number");
    text.assign(buf, end);
  } else if (v->is_string()) {
    text = v->get<std::string>();
  } else {
    return InvalidAt(path, "expected a number or a decimal string");
  }
  if (!text.empty() && text.front() == '-') return InvalidAt(path, "must not be negative");
  auto parsed = ParseHundredths(text);
  if (!parsed) return InvalidAt(path, "expected a non-negative decimal with at most two decimals, got '" + text + "'");
  if (*parsed > max_x100) {
    return InvalidAt(path, "must be at most " + std::to_string(max_x100 / 100) + "." +
                             std::to_string(max_x100 % 100 / 10) + std::to_string(max_x100 % 10));
  }
  return std::optional<int64_t>(*parsed);
}

}  // namespace core
