#include "recruit/resume_dates.h"

#include <gtest/gtest.h>

#include "recruit/resume_text.h"

namespace recruit::resume_detail {
namespace {

struct RangeCase {
  const char* text;
  const char* start;
  const char* end;  // "" = no end
  bool ongoing;
};

std::u32string N(const char* s) { return ToU32(NormalizeText(s)); }

TEST(ResumeDates, ParsesChineseAndEnglishRanges) {
  const RangeCase cases[] = {
      {"2019.07-至今", "2019-07", "", true},
      {"2019年7月 - 2021年3月", "2019-07", "2021-03", false},
      {"2019/07～2021/03", "2019-07", "2021-03", false},
      {"2019.7—2020.12", "2019-07", "2020-12", false},
      {"２０１９．０７－２０２０．０１", "2019-07", "2020-01", false},
      {"2016年9月——2020年6月", "2016-09", "2020-06", false},
      {"Jan 2019 – Present", "2019-01", "", true},
      {"January 2019 to March 2021", "2019-01", "2021-03", false},
      {"Sept. 2015 - May 2019", "2015-09", "2019-05", false},
      {"07/2018 - 09/2020", "2018-07", "2020-09", false},
      {"2015 - 2019", "2015", "2019", false},
      {"2018-19", "2018", "2019", false},
      {"2019.07-10", "2019-07", "2019-10", false},
      {"2019.07 - now", "2019-07", "", true},
      {"2020.03至今", "2020-03", "", true},
      {"2021-05 ~ 现在", "2021-05", "", true},
      {"Since 2020", "2020", "", true},
      {"2019.07.01-2020.01.15", "2019-07-01", "2020-01-15", false},
      {"Mar '19 - Current", "2019-03", "", true},
      {"Fall 2017 – Spring 2019", "2017", "2019", false},
      {"2019年7月至2021年3月", "2019-07", "2021-03", false},
      {"01/2019 – Present", "2019-01", "", true},
      {"2019–2021", "2019", "2021", false},
      {"2019.07 - 2021.03 (1年8个月)", "2019-07", "2021-03", false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    auto r = FindDateRange(N(c.text));
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->start.Iso(), c.start);
    EXPECT_EQ(r->end ? r->end->Iso() : std::string(), c.end);
    EXPECT_EQ(r->ongoing, c.ongoing);
  }
}

TEST(ResumeDates, RangeSpanCoversTheDatesOnly) {
  const std::u32string line = N("2019.07-至今  阿里巴巴  高级工程师");
  auto r = FindDateRange(line);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->begin, 0u);
  EXPECT_EQ(ToUtf8(line.substr(r->end_pos)), "  阿里巴巴  高级工程师");
}

TEST(ResumeDates, IgnoresNumbersThatAreNotDates) {
  for (const char* s : {"13812345678", "138-1234-5678", "GPA 3.8/4.0", "团队规模 20-30 人", "110101199003071234",
                        "increased revenue by 2000-3000 units"}) {
    SCOPED_TRACE(s);
    EXPECT_FALSE(FindDateRange(N(s)).has_value());
  }
}

TEST(ResumeDates, NormalizesJsonResumeDates) {
  bool ongoing = false;
  EXPECT_EQ(NormalizeDateString("2019.07"), "2019-07");
  EXPECT_EQ(NormalizeDateString("2019-7-1"), "2019-07-01");
  EXPECT_EQ(NormalizeDateString("2019-07-01T08:00:00Z"), "2019-07-01");
  EXPECT_EQ(NormalizeDateString("2019"), "2019");
  EXPECT_EQ(NormalizeDateString("Jan 2019"), "2019-01");
  EXPECT_FALSE(NormalizeDateString("Present", &ongoing).has_value());
  EXPECT_TRUE(ongoing);
  EXPECT_FALSE(NormalizeDateString("2019-02-30").has_value());
  EXPECT_FALSE(NormalizeDateString("someday").has_value());
}

}  // namespace
}  // namespace recruit::resume_detail
