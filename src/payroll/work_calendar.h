// China's working-day calendar: which days are working days, statutory holidays (法定节假日) or rest
// days, from the State Council's yearly holiday arrangement (data/rules/work_calendar.json). Used to
// count paid days (计薪日) when a month's pay is prorated; docs/payroll-rules.md "Proration".
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/error.h"

namespace payroll {

enum class DayKind : uint8_t {
  kWorkday,           // Monday–Friday, or a weekend day worked by arrangement (调休上班)
  kRestDay,           // Saturday–Sunday, or a weekday given off by arrangement (调休)
  kStatutoryHoliday,  // 法定节假日: paid without work, 300% when worked; also when it falls on a weekend
};

// Paid days (计薪日) are workdays and statutory holidays: 12 × 21.75 = 261 of them in a 365-day year.
constexpr bool IsPaidDay(DayKind k) { return k != DayKind::kRestDay; }

class WorkCalendar {
 public:
  // Parses the work_calendar.json format. kInvalid naming the field on a malformed date, a date outside
  // its year, a weekend listed as a rest day, a weekday listed as a working day, or a repeated year.
  static core::Result<WorkCalendar> Parse(std::string_view json_text, std::string_view file = "work_calendar.json");
  // The embedded data/rules/work_calendar.json, parsed on first use (aborts on a build defect, like RuleBook).
  static const WorkCalendar& Builtin();

  // Whether the official arrangement for `year` is loaded.
  bool Covers(int year) const;
  // The kind of `d`; for a year not covered, Monday–Friday are workdays and weekends rest days.
  DayKind Kind(core::Date d) const;
  // The sources of `year`'s arrangement (empty when not covered).
  const std::vector<std::string>& Sources(int year) const;

 private:
  struct Year {
    int year = 0;
    std::vector<std::string> sources;
    std::vector<std::pair<int64_t, DayKind>> exceptions;  // sorted by day; days that differ from the week
  };
  std::vector<Year> years_;  // sorted by year
};

// The days of one month with their kinds, resolved once per run so the engine counts paid days without
// a lookup per day.
struct MonthDays {
  int year = 0;
  unsigned month = 0;
  unsigned days = 0;               // 28..31
  std::array<DayKind, 31> kind{};  // kind[d - 1] for day d
  bool official_calendar = false;  // false: Monday–Friday fallback (calendar absent or year not covered)

  // Paid days among days first..last of the month (1-based, inclusive); 0 when first > last.
  int PaidDays(unsigned first, unsigned last) const;
};

// `calendar` may be null (Monday–Friday). year/month must be a valid month (asserted).
MonthDays ResolveMonthDays(const WorkCalendar* calendar, int year, unsigned month);

}  // namespace payroll
