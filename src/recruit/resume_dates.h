// Dates in resumes: "2019.07", "2019年7月", "Jan 2019", "07/2019", ranges with any dash, "至", "to",
// and ongoing ends ("至今", "present"). Output is the JSON Resume ISO-8601 subset: YYYY, YYYY-MM or
// YYYY-MM-DD. Internal to src/recruit.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace recruit::resume_detail {

struct PartialDate {
  int year = 0;
  int month = 0;  // 0 = unknown
  int day = 0;    // 0 = unknown
  std::string Iso() const;  // "2019", "2019-07", "2019-07-01"
  // Comparable key; unknown parts count as the start of the period.
  int Key() const { return year * 10000 + month * 100 + day; }
};

struct DateToken {
  PartialDate date;
  size_t begin = 0, end = 0;  // span in the line
};

struct DateRange {
  PartialDate start;
  std::optional<PartialDate> end;  // nullopt with ongoing = true: "至今"; both unset: open
  bool ongoing = false;
  size_t begin = 0, end_pos = 0;  // span of the whole range in the line (to cut it out)
};

// Every single date in the line, left to right.
std::vector<DateToken> FindDates(std::u32string_view line);
// The first date range in the line ("2019.07 - 至今", "Jan 2019 – Mar 2021", "2015-2019",
// "since 2020", "2019.07起"), or nullopt.
std::optional<DateRange> FindDateRange(std::u32string_view line);
// Normalises a date string of a JSON Resume input ("2019.07", "2019-7-1", "Jan 2019") to ISO form;
// nullopt if it is not a date. `*ongoing` is set for "present"/"至今".
std::optional<std::string> NormalizeDateString(std::string_view text, bool* ongoing = nullptr);
// True when the text is (after trimming) a date, a date range or a present word only.
bool IsOnlyDates(std::u32string_view text);

}  // namespace recruit::resume_detail
