// Field recognisers of resume parsing (recruit::resume_detail): e-mail, phone, URLs and profiles,
// person names, degrees, places, list markers. Pure functions over one line of normalised text.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "recruit/resume_lexicon.h"

namespace recruit::resume_detail {

struct Span {
  std::string value;  // normalised value (UTF-8)
  size_t begin = 0, end = 0;
};

// The first e-mail address in the line (domain lower-cased).
std::optional<Span> FindEmail(const std::u32string& line);

// The first phone number in the line. Chinese mobiles (with or without +86 / 0086 / 86-, spaces,
// dashes) become E.164 "+8613812345678"; numbers written with a "+" country code become "+" and
// digits; other numbers are accepted only when `labelled` (the line names a phone field) or in
// the North-American (555) 123-4567 form, and are kept as written.
std::optional<Span> FindPhone(const std::u32string& line, bool labelled);
// Normalises a phone string from a JSON Resume (E.164 for Chinese mobiles, else trimmed as is).
std::string NormalizePhone(const std::string& phone);

// URLs in the line: "http(s)://...", "www....", and bare links to known profile sites
// ("github.com/zhangsan"). Values get an "https://" scheme when they had none.
std::vector<Span> FindUrls(const std::u32string& line);
struct Profile {
  std::string network, username, url;
};
// A profile when the URL is on a known network (GitHub, LinkedIn, Gitee, ...).
std::optional<Profile> ProfileFromUrl(const std::string& url);

// A person's name if the text is one: 2-4 Chinese characters starting with a known surname
// (`strict`) or any 2-4 (not strict), optionally spaced ("张 三"); or 2-4 capitalised Latin words.
// ALL-CAPS Latin names are returned in Title Case.
std::optional<std::string> AsPersonName(const std::u32string& text, bool strict);

struct DegreeHit {
  std::string study_type;
  size_t pos = 0, len = 0;
};
// The strongest education level named in the text. `education_context` enables the ambiguous
// abbreviations (MS, MA, BA, BS).
std::optional<DegreeHit> FindDegree(const std::u32string& text, bool education_context);

struct Place {
  std::string city, region, country_code;
};
// A place named by the whole text ("北京", "上海市浦东新区", "San Francisco, CA", "London, UK").
// With `whole_text`, the text must be nothing but the place.
std::optional<Place> FindPlace(const std::u32string& text, bool whole_text);

// Scores of a header segment being a job title / an organisation / a school (0 = no sign).
int TitleScore(const std::u32string& text);
int CompanyScore(const std::u32string& text);
int SchoolScore(const std::u32string& text);
bool IsDepartment(const std::u32string& text);
bool IsWorkType(const std::u32string& text);

// Strips a list marker ("•", "-", "1.", "1、", "(1)", "一、") and returns the rest; nullopt if the
// line has no marker.
std::optional<std::u32string> StripBullet(const std::u32string& line);

// Splits "label: value" when the label is known to the lexicon; returns the label's LookupKey.
struct Labelled {
  std::u32string key, value;
};
std::optional<Labelled> SplitLabel(const std::u32string& line);
// Every "label: value" pair on a line ("姓名：张三  性别：男  电话：138..."), including
// tab-separated table cells where a cell is just a label and the next cell its value.
std::vector<Labelled> FindLabelledPairs(const std::u32string& line);

// Splits an entry header into segments: tabs, runs of 2+ spaces, "|", " / ", spaced dashes,
// commas, a space after a Chinese character, " at " and parentheses.
struct Segment {
  std::u32string text;
  bool paren = false;     // was inside (...) or （...）
  bool after_at = false;  // followed " at " / " @ " (the organisation of "Engineer at Acme")
};
std::vector<Segment> SplitSegments(const std::u32string& text);

}  // namespace recruit::resume_detail
