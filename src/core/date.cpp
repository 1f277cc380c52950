#include "core/date.h"

#include <cstdio>

namespace core {

Date Date::FromDays(int64_t days) {
  std::chrono::year_month_day ymd{std::chrono::sys_days(std::chrono::days(days))};
  return Date(int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()));
}

static bool ParseInt(std::string_view s, int& out) {
  if (s.empty()) return false;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

Result<Date> Date::Parse(std::string_view t, std::string_view field) {
  int y, m, d;
  if (t.size() != 10 || t[4] != '-' || t[7] != '-' || !ParseInt(t.substr(0, 4), y) || !ParseInt(t.substr(5, 2), m) ||
      !ParseInt(t.substr(8, 2), d))
    return Error::Invalid(std::string(field), "expected a date as YYYY-MM-DD");
  std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(unsigned(m)), std::chrono::day(unsigned(d))};
  if (!ymd.ok()) return Error::Invalid(std::string(field), "no such date: " + std::string(t));
  return Date(y, unsigned(m), unsigned(d));
}

unsigned Date::Weekday() const { return std::chrono::weekday(std::chrono::sys_days(ymd_)).c_encoding(); }

unsigned Date::DaysInMonth(int year, unsigned month) {
  return unsigned(std::chrono::year_month_day_last(std::chrono::year(year),
                                                    std::chrono::month_day_last(std::chrono::month(month)))
                      .day());
}

Date Date::AddMonths(int n) const {
  int total = year() * 12 + int(month()) - 1 + n;
  int y = total / 12;
  unsigned m = unsigned(total % 12) + 1;
  unsigned d = std::min(day(), DaysInMonth(y, m));
  return Date(y, m, d);
}

std::string Date::ToString() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", year(), month(), day());
  return buf;
}

std::string FormatInstant(Instant t) {
  auto days = std::chrono::floor<std::chrono::days>(t);
  std::chrono::year_month_day ymd{days};
  auto ms = (t - days).count();
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ", int(ymd.year()), unsigned(ymd.month()),
                unsigned(ymd.day()), (long long)(ms / 3600000), (long long)(ms / 60000 % 60),
                (long long)(ms / 1000 % 60), (long long)(ms % 1000));
  return buf;
}

Result<Instant> ParseInstant(std::string_view t, std::string_view field) {
  auto bad = [&] { return Error::Invalid(std::string(field), "expected an RFC 3339 UTC instant"); };
  if (t.size() < 20) return bad();
  HF_ASSIGN(Date d, Date::Parse(t.substr(0, 10), field));
  int hh, mm, ss, ms = 0;
  if (t[10] != 'T' || t[13] != ':' || t[16] != ':' || !ParseInt(t.substr(11, 2), hh) || !ParseInt(t.substr(14, 2), mm) ||
      !ParseInt(t.substr(17, 2), ss))
    return bad();
  size_t i = 19;
  if (i < t.size() && t[i] == '.') {
    size_t j = i + 1;
    while (j < t.size() && t[j] >= '0' && t[j] <= '9') ++j;
    std::string frac(t.substr(i + 1, j - i - 1));
    frac.resize(3, '0');
    if (!ParseInt(frac, ms)) return bad();
    i = j;
  }
  if (i + 1 != t.size() || t[i] != 'Z' || hh > 23 || mm > 59 || ss > 60) return bad();
  return Instant(std::chrono::milliseconds(d.DaysSinceEpoch() * 86400000LL + hh * 3600000LL + mm * 60000LL +
                                           ss * 1000LL + ms));
}

Instant SystemClock::Now() const {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

}  // namespace core
