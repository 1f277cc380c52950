#include "payroll/work_calendar.h"

#include <algorithm>
#include <cassert>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "embed/payroll_rule_work_calendar.h"
#include "payroll/json_input.h"

namespace payroll {

using detail::Invalid;
using detail::ObjectReader;

namespace {

DayKind WeekKind(core::Date d) {
  const unsigned wd = d.Weekday();  // 0 = Sunday
  return (wd == 0 || wd == 6) ? DayKind::kRestDay : DayKind::kWorkday;
}

core::Status ReadDays(ObjectReader& y, std::string_view key, int year, DayKind kind,
                      std::vector<std::pair<int64_t, DayKind>>& out) {
  const std::string path = y.Path(key);
  const nlohmann::json* list = y.Raw(key);
  if (!list || !list->is_array()) return Invalid(path, "expected an array of dates");
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string at = path + "[" + std::to_string(i) + "]";
    if (!(*list)[i].is_string()) return Invalid(at, "expected a date as YYYY-MM-DD");
    auto d = core::Date::Parse((*list)[i].get<std::string>(), at);
    if (!d.ok()) return Invalid(at, d.error().message);
    if (d->year() != year) return Invalid(at, "not in year " + std::to_string(year));
    const bool weekend = WeekKind(*d) == DayKind::kRestDay;
    if (kind == DayKind::kRestDay && weekend) return Invalid(at, "a weekend is a rest day already");
    if (kind == DayKind::kWorkday && !weekend) return Invalid(at, "a weekday is a working day already");
    out.emplace_back(d->DaysSinceEpoch(), kind);
  }
  return {};
}

}  // namespace

core::Result<WorkCalendar> WorkCalendar::Parse(std::string_view json_text, std::string_view file) {
  const std::string name(file);
  nlohmann::json j = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Invalid(name, "not valid JSON");
  HF_ASSIGN(ObjectReader top, ObjectReader::Open(j, name));
  HF_TRY(top.String("rule"));
  HF_TRY(top.String("title"));
  HF_TRY(top.String("note"));
  const nlohmann::json* years = top.Raw("years");
  HF_TRY(top.Finish());
  if (!years || !years->is_array()) return Invalid(top.Path("years"), "expected an array");
  WorkCalendar cal;
  for (size_t i = 0; i < years->size(); ++i) {
    HF_ASSIGN(ObjectReader y, ObjectReader::Open((*years)[i], name + ".years[" + std::to_string(i) + "]"));
    Year out;
    HF_ASSIGN(int64_t year, core::Require(y.Integer("year", 1949, 9999), y, "year"));
    out.year = static_cast<int>(year);
    const nlohmann::json* s = y.Raw("sources");
    if (!s || !s->is_array() || s->empty()) return Invalid(y.Path("sources"), "expected a non-empty array of strings");
    for (const auto& item : *s) {
      if (!item.is_string()) return Invalid(y.Path("sources"), "expected strings");
      out.sources.push_back(item.get<std::string>());
    }
    HF_TRY(ReadDays(y, "statutory_holidays", out.year, DayKind::kStatutoryHoliday, out.exceptions));
    HF_TRY(ReadDays(y, "rest_days", out.year, DayKind::kRestDay, out.exceptions));
    HF_TRY(ReadDays(y, "working_days", out.year, DayKind::kWorkday, out.exceptions));
    HF_TRY(y.Finish());
    std::sort(out.exceptions.begin(), out.exceptions.end());
    for (size_t k = 1; k < out.exceptions.size(); ++k) {
      if (out.exceptions[k].first == out.exceptions[k - 1].first) {
        return Invalid(y.Path("statutory_holidays"),
                       "day " + core::Date::FromDays(out.exceptions[k].first).ToString() + " is listed twice");
      }
    }
    for (const Year& prev : cal.years_) {
      if (prev.year == out.year) return Invalid(y.Path("year"), "year listed twice");
    }
    cal.years_.push_back(std::move(out));
  }
  std::sort(cal.years_.begin(), cal.years_.end(), [](const Year& a, const Year& b) { return a.year < b.year; });
  return cal;
}

const WorkCalendar& WorkCalendar::Builtin() {
  static const WorkCalendar calendar = [] {
    auto r = Parse(*embed::payroll_rule_work_calendar("work_calendar.json"));
    if (!r.ok()) {
      std::fprintf(stderr, "hireflow: embedded work calendar is broken: %s\n", r.error().message.c_str());
      std::abort();
    }
    return std::move(r).value();
  }();
  return calendar;
}

bool WorkCalendar::Covers(int year) const {
  return std::any_of(years_.begin(), years_.end(), [&](const Year& y) { return y.year == year; });
}

DayKind WorkCalendar::Kind(core::Date d) const {
  const int year = d.year();
  for (const Year& y : years_) {
    if (y.year != year) continue;
    const int64_t day = d.DaysSinceEpoch();
    auto it = std::lower_bound(y.exceptions.begin(), y.exceptions.end(), std::make_pair(day, DayKind::kWorkday));
    if (it != y.exceptions.end() && it->first == day) return it->second;
    break;
  }
  return WeekKind(d);
}

const std::vector<std::string>& WorkCalendar::Sources(int year) const {
  static const std::vector<std::string> kNone;
  for (const Year& y : years_) {
    if (y.year == year) return y.sources;
  }
  return kNone;
}

int MonthDays::PaidDays(unsigned first, unsigned last) const {
  int n = 0;
  for (unsigned d = first; d <= last && d <= days; ++d) n += IsPaidDay(kind[d - 1]) ? 1 : 0;
  return n;
}

MonthDays ResolveMonthDays(const WorkCalendar* calendar, int year, unsigned month) {
  assert(month >= 1 && month <= 12);
  MonthDays m;
  m.year = year;
  m.month = month;
  m.days = core::Date::DaysInMonth(year, month);
  m.official_calendar = calendar && calendar->Covers(year);
  for (unsigned d = 1; d <= m.days; ++d) {
    const core::Date date(year, month, d);
    m.kind[d - 1] = m.official_calendar ? calendar->Kind(date) : WeekKind(date);
  }
  return m;
}

}  // namespace payroll
