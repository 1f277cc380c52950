#include "core/money.h"

#include <charconv>
#include <cstdlib>

#include <nlohmann/json.hpp>

namespace core {

int64_t DivRound(__int128 num, __int128 den, Rounding r) {
  assert(den != 0);
  if (den < 0) { num = -num; den = -den; }
  bool neg = num < 0;
  __int128 a = neg ? -num : num;
  __int128 q = a / den, rem = a % den;
  switch (r) {
    case Rounding::kDown: break;
    case Rounding::kUp: if (rem) ++q; break;
    case Rounding::kHalfUp: if (rem * 2 >= den) ++q; break;
    case Rounding::kHalfEven:
      if (rem * 2 > den || (rem * 2 == den && (q & 1))) ++q;
      break;
  }
  return static_cast<int64_t>(neg ? -q : q);
}

Result<Money> Money::Parse(std::string_view text, std::string_view field, Rounding rounding) {
  auto bad = [&] { return Error::Invalid(std::string(field), "not a decimal amount: '" + std::string(text) + "'"); };
  std::string_view s = text;
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  if (s.empty()) return bad();
  bool neg = false;
  if (s.front() == '-' || s.front() == '+') { neg = s.front() == '-'; s.remove_prefix(1); }
  __int128 whole = 0;
  int int_digits = 0;
  size_t i = 0;
  for (; i < s.size() && s[i] != '.'; ++i) {
    char c = s[i];
    if (c == ',') continue;
    if (c < '0' || c > '9') return bad();
    whole = whole * 10 + (c - '0');
    if (++int_digits > 16) return Error::Invalid(std::string(field), "amount too large");
  }
  // Fraction: keep all digits to round exactly.
  __int128 frac = 0, scale = 1;
  int frac_digits = 0;
  if (i < s.size()) {
    ++i;  // '.'
    for (; i < s.size(); ++i) {
      char c = s[i];
      if (c < '0' || c > '9') return bad();
      if (frac_digits < 18) { frac = frac * 10 + (c - '0'); scale *= 10; ++frac_digits; }
    }
  }
  if (int_digits == 0 && frac_digits == 0) return bad();
  __int128 total = whole * scale + frac;  // in units of 1/scale yuan
  __int128 num = (neg ? -total : total) * 100;
  return Money(DivRound(num, scale, rounding));
}

Result<Money> Money::FromJson(const nlohmann::json& j, std::string_view field) {
  if (j.is_string()) return Parse(j.get_ref<const std::string&>(), field);
  if (j.is_number_integer()) {
    int64_t v = j.get<int64_t>();
    if (v > 90'000'000'000'000'000LL / 100 || v < -90'000'000'000'000'000LL / 100)
      return Error::Invalid(std::string(field), "amount too large");
    return Money(v * 100);
  }
  if (j.is_number_float()) {
    double d = j.get<double>();
    char buf[64];
    // Shortest round-trip representation, then exact decimal parsing: 0.1 stays 0.1.
    auto [p, ec] = std::to_chars(buf, buf + sizeof buf, d);
    if (ec != std::errc()) return Error::Invalid(std::string(field), "not a number");
    std::string s(buf, p);
    if (s.find_first_of("eE") != std::string::npos) {
      std::snprintf(buf, sizeof buf, "%.6f", d);
      s = buf;
    }
    return Parse(s, field);
  }
  return Error::Invalid(std::string(field), "expected a number or a decimal string");
}

std::string Money::ToString() const {
  uint64_t a = fen_ < 0 ? uint64_t(-(fen_ + 1)) + 1 : uint64_t(fen_);
  std::string s = std::to_string(a / 100);
  unsigned cents = unsigned(a % 100);
  s += '.';
  s += char('0' + cents / 10);
  s += char('0' + cents % 10);
  return fen_ < 0 ? "-" + s : s;
}

Money Money::MulDiv(int64_t num, int64_t den, Rounding r) const {
  return Money(DivRound(static_cast<__int128>(fen_) * num, den, r));
}

Money Money::RoundTo(int64_t unit, Rounding r) const {
  return Money(DivRound(fen_, unit, r) * unit);
}

}  // namespace core
