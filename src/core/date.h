// core::Date: a calendar date (no time zone). core::Instant helpers: UTC instants as RFC 3339 text.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"

namespace core {

class Date {
 public:
  constexpr Date() = default;
  constexpr Date(int y, unsigned m, unsigned d) : ymd_(std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)) {}
  static Date FromDays(int64_t days_since_epoch);
  // Parses YYYY-MM-DD; kInvalid naming `field` otherwise (including 2023-02-29).
  static Result<Date> Parse(std::string_view text, std::string_view field = "date");

  int year() const { return int(ymd_.year()); }
  unsigned month() const { return unsigned(ymd_.month()); }
  unsigned day() const { return unsigned(ymd_.day()); }
  int64_t DaysSinceEpoch() const { return std::chrono::sys_days(ymd_).time_since_epoch().count(); }
  unsigned Weekday() const;  // 0 = Sunday .. 6 = Saturday
  Date AddDays(int64_t n) const { return FromDays(DaysSinceEpoch() + n); }
  // Adds months; a day past the end of the target month is clamped (Jan 31 + 1 month = Feb 28/29).
  Date AddMonths(int n) const;
  static unsigned DaysInMonth(int year, unsigned month);
  std::string ToString() const;  // YYYY-MM-DD

  auto operator<=>(const Date& o) const { return DaysSinceEpoch() <=> o.DaysSinceEpoch(); }
  bool operator==(const Date& o) const { return DaysSinceEpoch() == o.DaysSinceEpoch(); }

 private:
  std::chrono::year_month_day ymd_{std::chrono::year(1970), std::chrono::month(1), std::chrono::day(1)};
};

using Instant = std::chrono::sys_time<std::chrono::milliseconds>;
// "2026-11-25T08:00:00.000Z": fixed width, so text order equals time order.
std::string FormatInstant(Instant t);
Result<Instant> ParseInstant(std::string_view text, std::string_view field = "at");

// Source of the current time; tests pass a fixed clock.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Instant Now() const = 0;
};
class SystemClock final : public Clock {
 public:
  Instant Now() const override;
};
class FixedClock final : public Clock {
 public:
  explicit FixedClock(Instant t) : t_(t) {}
  Instant Now() const override { return t_; }
  void Advance(std::chrono::milliseconds d) { t_ += d; }
 private:
  Instant t_;
};

}  // namespace core
