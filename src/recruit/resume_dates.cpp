#include "recruit/resume_dates.h"

#include <cstdio>
#include <vector>

#include "core/date.h"
#include "recruit/resume_lexicon.h"
#include "recruit/resume_text.h"

namespace recruit::resume_detail {
namespace {

constexpr int kMinYear = 1940;
constexpr int kMaxYear = 2100;

bool DigitAt(std::u32string_view s, size_t i) { return i < s.size() && IsAsciiDigit(s[i]); }

// Reads a run of 1..max digits at i (not followed by another digit); returns value and advances.
std::optional<int> ReadNumber(std::u32string_view s, size_t& i, size_t min_digits, size_t max_digits) {
  size_t j = i;
  int v = 0;
  while (j < s.size() && IsAsciiDigit(s[j]) && j - i < max_digits) v = v * 10 + int(s[j++] - '0');
  if (j - i < min_digits || DigitAt(s, j)) return std::nullopt;
  i = j;
  return v;
}

size_t SkipSpaces(std::u32string_view s, size_t i) {
  while (i < s.size() && IsSpace(s[i])) ++i;
  return i;
}

bool ValidDay(int y, int m, int d) {
  return d >= 1 && m >= 1 && m <= 12 && d <= int(core::Date::DaysInMonth(y, unsigned(m)));
}

// "2019", "2019.07", "2019-7-1", "2019年7月", "2019年7月1日", "2019/07".
std::optional<DateToken> YearFirst(std::u32string_view s, size_t pos) {
  if (pos > 0 && (IsAsciiAlnum(s[pos - 1]) || s[pos - 1] == '.')) return std::nullopt;
  size_t i = pos;
  auto year = ReadNumber(s, i, 4, 4);
  if (!year || *year < kMinYear || *year > kMaxYear) return std::nullopt;
  DateToken t{{*year, 0, 0}, pos, i};
  size_t j = SkipSpaces(s, i);
  const bool chinese = j < s.size() && s[j] == U'年';
  if (chinese) {
    t.end = j + 1;
    size_t k = SkipSpaces(s, j + 1);
    if (auto m = ReadNumber(s, k, 1, 2); m && *m >= 1 && *m <= 12) {
      k = SkipSpaces(s, k);
      if (k < s.size() && s[k] == U'月') {
        t.date.month = *m;
        t.end = k + 1;
        size_t d_pos = SkipSpaces(s, k + 1);
        if (auto d = ReadNumber(s, d_pos, 1, 2); d && ValidDay(*year, *m, *d)) {
          d_pos = SkipSpaces(s, d_pos);
          if (d_pos < s.size() && (s[d_pos] == U'日' || s[d_pos] == U'号')) {
            t.date.day = *d;
            t.end = d_pos + 1;
          }
        }
      } else if (k >= s.size() || !IsAsciiDigit(s[k])) {
        // "2019年7" without 月 (sloppy but seen)
        t.date.month = *m;
        t.end = k;
      }
    }
    return t;
  }
  if (i < s.size() && (s[i] == '.' || s[i] == '/' || s[i] == '-' || s[i] == '_')) {
    const char32_t sep = s[i];
    size_t k = i + 1;
    if (auto m = ReadNumber(s, k, 1, 2); m && *m >= 1 && *m <= 12) {
      // "2019-20" style academic years are two-digit years, not months: months with '-' must be
      // two digits or the token is followed by another date part.
      t.date.month = *m;
      t.end = k;
      if (k < s.size() && s[k] == sep) {
        size_t d_pos = k + 1;
        if (auto d = ReadNumber(s, d_pos, 1, 2); d && ValidDay(*year, *m, *d)) {
          t.date.day = *d;
          t.end = d_pos;
        }
      }
      if (t.end < s.size() && s[t.end] == U'月') ++t.end;
    }
  }
  return t;
}

// "07/2019", "7.2019", "01/07/2019" (month-day-year unless the first part is over 12).
std::optional<DateToken> MonthFirst(std::u32string_view s, size_t pos) {
  if (pos > 0 && (IsAsciiAlnum(s[pos - 1]) || s[pos - 1] == '.' || s[pos - 1] == '/')) return std::nullopt;
  size_t i = pos;
  auto a = ReadNumber(s, i, 1, 2);
  if (!a || i >= s.size() || (s[i] != '/' && s[i] != '.' && s[i] != '-')) return std::nullopt;
  const char32_t sep = s[i++];
  size_t k = i;
  if (auto y = ReadNumber(s, k, 4, 4); y && *y >= kMinYear && *y <= kMaxYear && *a >= 1 && *a <= 12) {
    return DateToken{{*y, *a, 0}, pos, k};
  }
  auto b = ReadNumber(s, i, 1, 2);
  if (!b || i >= s.size() || s[i] != sep) return std::nullopt;
  ++i;
  auto y = ReadNumber(s, i, 4, 4);
  if (!y || *y < kMinYear || *y > kMaxYear) return std::nullopt;
  int m = *a, d = *b;
  if (m > 12) std::swap(m, d);
  if (!ValidDay(*y, m, d)) return std::nullopt;
  return DateToken{{*y, m, d}, pos, i};
}

// "Jan 2019", "January 5, 2019", "Sept. 2019", "Mar '19".
std::optional<DateToken> MonthName(std::u32string_view s, const std::u32string& lower, size_t pos) {
  if (pos > 0 && IsAsciiAlpha(s[pos - 1])) return std::nullopt;
  for (const auto& [name, month] : GetLexicon().month_names) {
    if (!IsAsciiAlpha(name.front())) continue;
    if (lower.compare(pos, name.size(), name) != 0) continue;
    size_t i = pos + name.size();
    if (i < s.size() && IsAsciiAlpha(s[i])) continue;
    if (i < s.size() && s[i] == '.') ++i;
    i = SkipSpaces(s, i);
    int day = 0;
    {
      size_t k = i;
      if (auto d = ReadNumber(s, k, 1, 2)) {
        size_t after = k;
        if (after < s.size() && (s[after] == ',' || s[after] == ' ')) {
          if (s[after] == ',') ++after;
          after = SkipSpaces(s, after);
          if (DigitAt(s, after)) {
            day = *d;
            i = after;
          }
        }
      }
    }
    if (i < s.size() && s[i] == ',') i = SkipSpaces(s, i + 1);
    if (i < s.size() && (s[i] == '\'' || s[i] == 0x2019)) {
      size_t k = i + 1;
      if (auto yy = ReadNumber(s, k, 2, 2)) {
        const int year = *yy + (*yy > 50 ? 1900 : 2000);
        return DateToken{{year, month, 0}, pos, k};
      }
      continue;
    }
    size_t k = i;
    auto y = ReadNumber(s, k, 4, 4);
    if (!y || *y < kMinYear || *y > kMaxYear) continue;
    if (day && !ValidDay(*y, month, day)) day = 0;
    return DateToken{{*y, month, day}, pos, k};
  }
  return std::nullopt;
}

std::optional<DateToken> DateAt(std::u32string_view s, const std::u32string& lower, size_t pos) {
  if (IsAsciiAlpha(s[pos])) return MonthName(s, lower, pos);
  if (!IsAsciiDigit(s[pos])) return std::nullopt;
  auto a = YearFirst(s, pos);
  auto b = MonthFirst(s, pos);
  if (a && b) return (b->end > a->end) ? b : a;
  return a ? a : b;
}

// Length of a present word ("至今", "Present") at i, 0 if none.
size_t PresentAt(std::u32string_view s, const std::u32string& lower, size_t i) {
  size_t best = 0;
  for (const auto& t : GetLexicon().present_words) {
    if (lower.compare(i, t.text.size(), t.text) != 0) continue;
    const size_t e = i + t.text.size();
    if (!t.han && ((i > 0 && IsAsciiAlpha(s[i - 1])) || (e < s.size() && IsAsciiAlpha(s[e])))) continue;
    best = std::max(best, t.text.size());
  }
  return best;
}

// Skips a range separator at i (dashes, "~", "至", "to", ...); returns the position after it and
// whether one was found.
size_t SkipSeparator(std::u32string_view s, const std::u32string& lower, size_t i, bool* found) {
  *found = false;
  size_t j = SkipSpaces(s, i);
  while (j < s.size() && (IsDash(s[j]) || s[j] == '~' || s[j] == 0x301C || s[j] == 0xFF5E)) {
    *found = true;
    j = SkipSpaces(s, j + 1);
  }
  if (*found) return j;
  for (const auto& t : GetLexicon().range_words) {
    if (lower.compare(j, t.text.size(), t.text) != 0) continue;
    const size_t e = j + t.text.size();
    if (!t.han && IsAsciiAlpha(t.text.front()) && e < s.size() && IsAsciiAlpha(s[e])) continue;
    *found = true;
    return SkipSpaces(s, e);
  }
  return j;
}

bool EndsWithSinceWord(const std::u32string& lower, size_t pos) {
  std::u32string_view before = Trim(std::u32string_view(lower).substr(0, pos));
  for (const auto& t : GetLexicon().since_words) {
    if (t.han || before.size() < t.text.size()) continue;
    if (before.substr(before.size() - t.text.size()) != t.text) continue;
    const size_t b = before.size() - t.text.size();
    if (b == 0 || !IsAsciiAlpha(before[b - 1])) return true;
  }
  return false;
}

}  // namespace

std::string PartialDate::Iso() const {
  char buf[16];
  if (month == 0) {
    std::snprintf(buf, sizeof buf, "%04d", year);
  } else if (day == 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  }
  return buf;
}

std::vector<DateToken> FindDates(std::u32string_view line) {
  std::vector<DateToken> out;
  const std::u32string lower = AsciiLower(line);
  for (size_t i = 0; i < line.size();) {
    if (auto t = DateAt(line, lower, i)) {
      out.push_back(*t);
      i = t->end;
    } else {
      ++i;
    }
  }
  return out;
}

std::optional<DateRange> FindDateRange(std::u32string_view line) {
  const std::u32string lower = AsciiLower(line);
  const auto tokens = FindDates(line);
  for (size_t n = 0; n < tokens.size(); ++n) {
    const DateToken& t1 = tokens[n];
    DateRange r;
    r.start = t1.date;
    r.begin = t1.begin;
    bool sep = false;
    size_t after = SkipSeparator(line, lower, t1.end, &sep);
    // "Fall 2017 – Spring 2019": a season before the end year.
    for (const auto& w : GetLexicon().season_words) {
      if (sep && !w.han && lower.compare(after, w.text.size(), w.text) == 0 && after + w.text.size() < line.size() &&
          line[after + w.text.size()] == ' ') {
        after = SkipSpaces(line, after + w.text.size());
        break;
      }
    }
    if (n + 1 < tokens.size() && tokens[n + 1].begin == after && (sep || after == t1.end)) {
      if (!sep) continue;  // two dates with nothing between are not a range
      r.end = tokens[n + 1].date;
      r.end_pos = tokens[n + 1].end;
      return r;
    }
    if (size_t len = PresentAt(line, lower, after); len > 0) {
      r.ongoing = true;
      r.end_pos = after + len;
      return r;
    }
    if (sep) {
      size_t k = after;
      // "2019.07-10": a month of the same year; "2018-19": a two-digit end year.
      if (auto v = ReadNumber(line, k, 1, 2); v && (k >= line.size() || !IsAsciiAlnum(line[k]))) {
        if (t1.date.month > 0 && *v >= 1 && *v <= 12 && *v >= t1.date.month) {
          r.end = PartialDate{t1.date.year, *v, 0};
          r.end_pos = k;
          return r;
        }
        if (t1.date.month == 0 && k - after == 2) {
          const int y = t1.date.year / 100 * 100 + *v;
          if (y > t1.date.year && y - t1.date.year <= 10) {
            r.end = PartialDate{y, 0, 0};
            r.end_pos = k;
            return r;
          }
        }
      }
      // "2019.07 -" with nothing after: an open range.
      std::u32string_view rest = Trim(line.substr(after));
      if (rest.empty() || rest.front() == ')' || rest.front() == ']' || rest.front() == '|') {
        r.end_pos = after;
        return r;
      }
    }
    // "2019.07 起", "since 2019".
    {
      size_t j = SkipSpaces(line, t1.end);
      for (const auto& t : GetLexicon().since_words) {
        if (t.han && lower.compare(j, t.text.size(), t.text) == 0) {
          r.ongoing = true;
          r.end_pos = j + t.text.size();
          return r;
        }
      }
      if (EndsWithSinceWord(lower, t1.begin)) {
        r.ongoing = true;
        r.end_pos = t1.end;
        return r;
      }
    }
  }
  return std::nullopt;
}

std::optional<std::string> NormalizeDateString(std::string_view text, bool* ongoing) {
  if (ongoing) *ongoing = false;
  std::u32string s = ToU32(NormalizeText(text));
  std::u32string_view v = Trim(s);
  if (v.empty()) return std::nullopt;
  const std::u32string lower = AsciiLower(v);
  if (size_t len = PresentAt(v, lower, 0); len > 0 && Trim(v.substr(len)).empty()) {
    if (ongoing) *ongoing = true;
    return std::nullopt;
  }
  // ISO date-times: keep the date.
  if (v.size() > 10 && v[10] == 'T' && IsAsciiDigit(v[0])) v = v.substr(0, 10);
  // Already in the schema's form (any year 1000-2999, e.g. historical dates): keep it if valid.
  {
    // "YYYY", "YYYY-M", "YYYY.MM.DD", "YYYY/MM": numbers and separators only.
    std::vector<int> parts;
    std::vector<size_t> widths;
    bool ok = !v.empty() && IsAsciiDigit(v.front()) && IsAsciiDigit(v.back());
    for (size_t i = 0; ok && i < v.size();) {
      size_t j = i;
      int n = 0;
      while (j < v.size() && IsAsciiDigit(v[j]) && j - i < 5) n = n * 10 + int(v[j++] - '0');
      if (j == i) {
        ok = false;
        break;
      }
      parts.push_back(n);
      widths.push_back(j - i);
      if (j < v.size()) {
        ok = v[j] == '-' || v[j] == '.' || v[j] == '/';
        ++j;
      }
      i = j;
    }
    if (ok && !parts.empty() && parts.size() <= 3 && widths[0] == 4 && parts[0] >= 1000 && parts[0] <= 2999) {
      PartialDate p{parts[0], 0, 0};
      bool valid = true;
      if (parts.size() >= 2) {
        p.month = parts[1];
        valid = widths[1] <= 2 && p.month >= 1 && p.month <= 12;
      }
      if (valid && parts.size() == 3) {
        p.day = parts[2];
        valid = widths[2] <= 2 && ValidDay(p.year, p.month, p.day);
      }
      if (valid) return p.Iso();
      return std::nullopt;
    }
  }
  const auto tokens = FindDates(v);
  if (tokens.size() != 1) return std::nullopt;
  const auto& t = tokens[0];
  std::u32string rest = std::u32string(v.substr(0, t.begin)) + std::u32string(v.substr(t.end));
  if (!LookupKey(rest).empty()) return std::nullopt;
  return t.date.Iso();
}

bool IsOnlyDates(std::u32string_view text) {
  std::u32string s(text);
  for (int guard = 0; guard < 8; ++guard) {
    auto r = FindDateRange(s);
    if (!r) break;
    s.replace(r->begin, r->end_pos - r->begin, U" ");
  }
  for (const auto& t : FindDates(s)) {
    for (size_t i = t.begin; i < t.end; ++i) s[i] = ' ';
  }
  const std::u32string lower = AsciiLower(s);
  for (size_t i = 0; i < s.size(); ++i) {
    if (size_t len = PresentAt(s, lower, i)) {
      for (size_t k = i; k < i + len; ++k) s[k] = ' ';
    }
  }
  return LookupKey(s).empty();
}

}  // namespace recruit::resume_detail
