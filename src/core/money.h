// core::Money: an amount in integer fen (1/100 yuan). No floating point ever holds money.
// JSON edge: decimal strings with two decimals out ("1234.50"); numbers or decimal strings in.
#pragma once

#include <cstdint>
#include <compare>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "core/error.h"

namespace core {

enum class Rounding {
  kHalfUp,    // 0.005 -> 0.01, -0.005 -> -0.01 (half away from zero): the usual Chinese payroll rule (四舍五入)
  kDown,      // toward zero (truncate)
  kUp,        // away from zero (ceiling for positives)
  kHalfEven,  // banker's rounding
};

class Money {
 public:
  constexpr Money() = default;
  static constexpr Money Fen(int64_t fen) { return Money(fen); }
  static constexpr Money Yuan(int64_t yuan) { return Money(yuan * 100); }

  // Parses "1234", "1234.5", "1234.56", "-3.10", "1,234.56"; more than two decimals are rounded
  // with `rounding`. Returns kInvalid with `field` on anything else.
  static Result<Money> Parse(std::string_view text, std::string_view field = "amount",
                             Rounding rounding = Rounding::kHalfUp);
  // Accepts a JSON number or a decimal string.
  static Result<Money> FromJson(const nlohmann::json& j, std::string_view field = "amount");

  constexpr int64_t fen() const { return fen_; }
  std::string ToString() const;  // "-1234.50"

  // this * num / den, rounded with `r`, computed in 128 bits (no overflow for realistic amounts).
  Money MulDiv(int64_t num, int64_t den, Rounding r = Rounding::kHalfUp) const;
  // Rounds to a multiple of `unit` fen (e.g. 100 = whole yuan, 10 = jiao).
  Money RoundTo(int64_t unit, Rounding r = Rounding::kHalfUp) const;

  constexpr Money operator+(Money o) const { return Money(fen_ + o.fen_); }
  constexpr Money operator-(Money o) const { return Money(fen_ - o.fen_); }
  constexpr Money operator-() const { return Money(-fen_); }
  constexpr Money& operator+=(Money o) { fen_ += o.fen_; return *this; }
  constexpr Money& operator-=(Money o) { fen_ -= o.fen_; return *this; }
  constexpr Money operator*(int64_t k) const { return Money(fen_ * k); }
  constexpr auto operator<=>(const Money&) const = default;

 private:
  constexpr explicit Money(int64_t fen) : fen_(fen) {}
  int64_t fen_ = 0;
};

constexpr Money Max(Money a, Money b) { return a < b ? b : a; }
constexpr Money Min(Money a, Money b) { return a < b ? a : b; }

// Divides a 128-bit numerator by den with the given rounding (helper shared by Money and rates).
int64_t DivRound(__int128 num, __int128 den, Rounding r);

}  // namespace core
