#include "recruit/resume_structure.h"

#include <algorithm>
#include <map>
#include <set>

#include "recruit/resume_dates.h"
#include "recruit/resume_fields.h"
#include "recruit/resume_text.h"

namespace recruit::resume_detail {
namespace {

using json = nlohmann::json;
constexpr size_t npos = std::u32string::npos;
constexpr size_t kMaxLines = 5000;
constexpr size_t kMaxLineChars = 1000;

struct Line {
  std::u32string text;
  bool blank_before = false;
};

struct Section {
  SectionKind kind = SectionKind::kNone;
  std::vector<Line> lines;
};

const char* KindName(SectionKind k) {
  switch (k) {
    case SectionKind::kWork: return "work";
    case SectionKind::kEducation: return "education";
    case SectionKind::kProjects: return "projects";
    case SectionKind::kVolunteer: return "volunteer";
    case SectionKind::kCertificates: return "certificates";
    case SectionKind::kAwards: return "awards";
    default: return "section";
  }
}

bool Contains(std::u32string_view s, std::u32string_view what) { return s.find(what) != npos; }
bool Contains(std::u32string_view s, char32_t c) { return s.find(c) != npos; }

void SetIf(json& obj, const char* key, const std::u32string& value) {
  const std::u32string_view v = Trim(value);
  if (!v.empty()) obj[key] = ToUtf8(v);
}
void SetIf(json& obj, const char* key, const std::string& value) {
  if (!value.empty()) obj[key] = value;
}

bool EndsSentence(char32_t c) {
  return c == U'。' || c == '.' || c == '!' || c == '?' || c == ';' || c == U'；' || c == U'！' || c == U'？' ||
         c == ':' || c == U'：';
}

// NFKC made "，" into ","; in Chinese prose the full-width forms read better, so free text gets
// them back where a Chinese character precedes the mark.
std::u32string CjkPunctuation(std::u32string s) {
  for (size_t i = 1; i < s.size(); ++i) {
    if (!IsHan(s[i - 1])) continue;
    switch (s[i]) {
      case ',': s[i] = U'，'; break;
      case ';': s[i] = U'；'; break;
      case ':': s[i] = U'：'; break;
      case '!': s[i] = U'！'; break;
      case '?': s[i] = U'？'; break;
      default: break;
    }
  }
  return s;
}

// Joins wrapped lines: no space between Chinese characters, a space between Latin words, and a
// line break after a finished sentence.
std::u32string JoinLines(const std::vector<std::u32string>& parts) {
  std::u32string out;
  for (const auto& raw : parts) {
    const std::u32string p(Trim(raw));
    if (p.empty()) continue;
    if (out.empty()) {
      out = p;
      continue;
    }
    const char32_t last = out.back();
    if (EndsSentence(last)) {
      out.push_back('\n');
    } else if (!IsHan(last) && !IsHan(p.front()) && last != '-' && last != '/') {
      out.push_back(' ');
    }
    out += p;
  }
  return CjkPunctuation(std::move(out));
}

std::u32string StripDecorations(std::u32string_view in) {
  std::u32string s(Trim(in));
  static const std::u32string_view kLead = U"•·●○◦▪■□◆◇▶►▸➢➤★☆※♦❖◎#=*_~|>【[<《(-—–:/\\+．.、 \t";
  static const std::u32string_view kTrail = U"】]>》):-—–=*_~|/\\ \t";
  static const std::u32string_view kRoman[] = {U"viii", U"vii", U"iii", U"ii", U"iv", U"vi", U"ix", U"i", U"v", U"x"};
  for (int guard = 0; guard < 6; ++guard) {
    const size_t before = s.size();
    size_t b = 0;
    while (b < s.size() && kLead.find(s[b]) != npos) ++b;
    s.erase(0, b);
    // "一、" "1." "01" "2 " "IV."
    size_t k = 0;
    while (k < s.size() && (IsAsciiDigit(s[k]) || Contains(U"一二三四五六七八九十", s[k])) && k < 3) ++k;
    if (k > 0 && (k == s.size() || !IsAsciiDigit(s[k]))) {
      if (k < s.size() && (Contains(U".、 ．)", s[k]) || IsHan(s[k]) || IsAsciiAlpha(s[k]))) s.erase(0, k);
    }
    const std::u32string lower = AsciiLower(s);
    for (auto r : kRoman) {
      if (lower.size() > r.size() + 1 && lower.compare(0, r.size(), r) == 0 &&
          (s[r.size()] == '.' || s[r.size()] == U'、')) {
        s.erase(0, r.size() + 1);
        break;
      }
    }
    while (!s.empty() && kTrail.find(s.back()) != npos) s.pop_back();
    s = std::u32string(Trim(s));
    if (s.size() == before) break;
  }
  return s;
}

bool IsAllCapsHeading(const std::u32string& t) {
  if (t.size() < 4 || t.size() > 30) return false;
  size_t letters = 0, words = 1;
  for (char32_t c : t) {
    if (c >= 'A' && c <= 'Z') {
      ++letters;
    } else if (c == ' ') {
      ++words;
    } else if (c != '&' && c != '-' && c != '/') {
      return false;
    }
  }
  if (words > 4 || (words == 1 && letters < 6)) return false;
  return TitleScore(t) == 0 && CompanyScore(t) == 0 && SchoolScore(t) == 0 && !FindPlace(t, false);
}

bool IsPageMarker(const std::u32string& t) {
  if (t.size() > 20) return false;
  std::u32string s = AsciiLower(t);
  for (std::u32string_view w : {U"page", U"of", U"第", U"页", U"共"}) {
    for (size_t p = s.find(w); p != npos; p = s.find(w)) s.replace(p, w.size(), U" ");
  }
  size_t digits = 0, run = 0, runs = 0;
  bool words_removed = s != AsciiLower(t);
  for (char32_t c : s) {
    if (IsAsciiDigit(c)) {
      ++digits;
      if (++run == 1) ++runs;
      if (run > 3) return false;  // "06/2014" is a date, not "page 6/20"
    } else if (!(c == ' ' || c == '/' || IsDash(c) || c == '|')) {
      return false;
    } else {
      run = 0;
    }
  }
  if (runs > 2) return false;
  if (digits == 0) return false;
  return words_removed || Contains(s, U"/") || digits <= 2 || (digits <= 3 && IsDash(Trim(s).front()));
}

std::vector<Line> PrepareLines(std::u32string_view text, std::vector<std::string>& warnings) {
  std::vector<Line> out;
  bool blank = false;
  for (auto& raw : SplitLines(text)) {
    std::u32string t(Trim(raw));
    if (t.empty()) {
      blank = true;
      continue;
    }
    if (IsPageMarker(t)) continue;
    if (t.size() > kMaxLineChars) t.resize(kMaxLineChars);
    out.push_back({std::move(t), blank});
    blank = false;
    if (out.size() >= kMaxLines) {
      warnings.push_back("text has more than " + std::to_string(kMaxLines) + " lines; the rest was ignored");
      break;
    }
  }
  return out;
}

std::string DetectLanguage(const std::vector<Line>& lines) {
  size_t han = 0, latin = 0;
  for (const auto& l : lines) {
    for (char32_t c : l.text) {
      if (IsHan(c)) ++han;
      else if (IsAsciiAlpha(c)) ++latin;
    }
  }
  return han * 10 >= latin && han > 0 ? "zh" : "en";
}

// ---------------------------------------------------------------- labels

bool LabelGroupIs(const std::u32string& key, std::string_view group) {
  for (const auto& g : GetLexicon().LabelGroups(key)) {
    if (g == group) return true;
  }
  return false;
}

// The first of `groups` that the label belongs to, or "".
std::string LabelGroupAmong(const std::u32string& key, std::initializer_list<std::string_view> groups) {
  for (auto want : groups) {
    if (LabelGroupIs(key, want)) return std::string(want);
  }
  return "";
}

// ---------------------------------------------------------------- entries

struct RawEntry {
  std::vector<std::u32string> header;  // header texts with the dates cut out
  std::optional<DateRange> range;
  std::optional<PartialDate> single;
  std::vector<Line> body;
};

struct Anchor {
  std::optional<DateRange> range;
  std::optional<PartialDate> single;
  std::u32string rest;  // the line without its dates
};

std::initializer_list<std::string_view> HeaderLabelGroups(SectionKind kind) {
  static const std::initializer_list<std::string_view> kWork = {"work.company", "work.position", "work.date"};
  static const std::initializer_list<std::string_view> kEdu = {"edu.institution", "edu.area", "edu.degree",
                                                               "work.date"};
  static const std::initializer_list<std::string_view> kProj = {"project.name", "project.role", "project.entity",
                                                                "work.date"};
  switch (kind) {
    case SectionKind::kEducation: return kEdu;
    case SectionKind::kProjects: return kProj;
    default: return kWork;
  }
}

std::initializer_list<std::string_view> BodyLabelGroups(SectionKind kind) {
  static const std::initializer_list<std::string_view> kWork = {"work.summary", "work.highlights", "work.ignore"};
  static const std::initializer_list<std::string_view> kEdu = {"edu.courses", "edu.score"};
  static const std::initializer_list<std::string_view> kProj = {"project.description", "project.highlights",
                                                                "project.keywords", "project.url"};
  switch (kind) {
    case SectionKind::kEducation: return kEdu;
    case SectionKind::kProjects: return kProj;
    default: return kWork;
  }
}

bool IsHeaderLabelLine(const Line& l, SectionKind kind) {
  auto lab = SplitLabel(l.text);
  return lab && !LabelGroupAmong(lab->key, HeaderLabelGroups(kind)).empty();
}

bool IsBodyLabelLine(const Line& l, SectionKind kind) {
  auto lab = SplitLabel(l.text);
  return lab && !LabelGroupAmong(lab->key, BodyLabelGroups(kind)).empty() &&
         LabelGroupAmong(lab->key, HeaderLabelGroups(kind)).empty();
}

bool IsHeaderLike(const Line& l, SectionKind kind) {
  if (StripBullet(l.text)) return false;
  const std::u32string& t = l.text;
  if (t.size() > 70) return false;
  const char32_t last = t.back();
  if (last == U'。' || last == ';' || last == U'；' || last == '!' || last == U'！' || last == U'，' ||
      (last == '.' && t.size() > 40)) {
    return false;
  }
  if (IsBodyLabelLine(l, kind)) return false;
  size_t commas = 0;
  for (char32_t c : t) commas += (c == U'，' || c == U'、') ? 1 : 0;
  return commas < 2;
}

// Removes "(2年3个月)", "[1年2个月]", "(3 yrs)" durations and brackets left empty by cutting dates.
std::u32string RemoveDurations(std::u32string rest) {
  static const std::u32string_view kOpen = U"([【〔", kClose = U")]】〕";
  for (size_t open = 0; open < rest.size(); ++open) {
    const size_t kind = kOpen.find(rest[open]);
    if (kind == npos) continue;
    const size_t close = rest.find(kClose[kind], open + 1);
    if (close == npos) break;
    std::u32string inner = AsciiLower(rest.substr(open + 1, close - open - 1));
    bool has_digit = false;
    for (char32_t c : inner) has_digit = has_digit || IsAsciiDigit(c);
    for (const auto& w : GetLexicon().duration_words) {
      for (size_t p = inner.find(w.text); p != npos; p = inner.find(w.text)) inner.erase(p, w.text.size());
    }
    bool only_numbers = true;
    for (char32_t c : inner) {
      if (!(IsAsciiDigit(c) || IsSpace(c) || c == '.' || c == ',' || c == '+' || c == U'多' || c == U'半' ||
            c == U'共' || c == U'约')) {
        only_numbers = false;
      }
    }
    if ((only_numbers && has_digit) || LookupKey(inner).empty()) {
      rest.erase(open, close - open + 1);
      open = open > 0 ? open - 1 : 0;
    }
  }
  return rest;
}

std::optional<Anchor> FindAnchor(const Line& l, SectionKind kind) {
  std::u32string content = l.text;
  const bool bullet = StripBullet(content).has_value();
  if (bullet) {
    if (content.size() > 90) return std::nullopt;
    content = *StripBullet(content);
  }
  if (auto lab = SplitLabel(content)) {
    const std::string g = LabelGroupAmong(lab->key, {"work.date"});
    if (!g.empty()) content = lab->value;
    else if (!LabelGroupAmong(lab->key, BodyLabelGroups(kind)).empty()) return std::nullopt;
  }
  if (Trim(content).empty()) return std::nullopt;
  Anchor a;
  if (auto r = FindDateRange(content)) {
    const std::u32string_view before = Trim(std::u32string_view(content).substr(0, r->begin));
    const std::u32string_view after = Trim(std::u32string_view(content).substr(r->end_pos));
    // A range in the middle of a long sentence is part of a description, not a header.
    if (content.size() > 100 && before.size() > 25 && after.size() > 25) return std::nullopt;
    if (bullet && before.size() > 3 && after.size() > 3) return std::nullopt;
    a.range = r;
    a.rest = content.substr(0, r->begin) + U"  " + content.substr(r->end_pos);
  } else if (kind == SectionKind::kEducation) {
    if (bullet || content.size() > 120 || IsBodyLabelLine(l, kind)) return std::nullopt;
    const char32_t last = content.back();
    if (last == U'。' || last == ';' || last == U'；') return std::nullopt;
    const auto dates = FindDates(content);
    if (dates.size() != 1) return std::nullopt;
    const bool signal = SchoolScore(content) > 0 || FindDegree(content, true) || IsOnlyDates(content);
    if (!signal) return std::nullopt;
    a.single = dates[0].date;
    a.rest = content.substr(0, dates[0].begin) + U"  " + content.substr(dates[0].end);
  } else {
    return std::nullopt;
  }
  a.rest = RemoveDurations(a.rest);
  return a;
}

bool SignalFor(const Line& l, SectionKind kind) {
  switch (kind) {
    case SectionKind::kEducation: return SchoolScore(l.text) >= 2 || FindDegree(l.text, true).has_value();
    case SectionKind::kProjects: return true;
    default: return TitleScore(l.text) >= 2 || CompanyScore(l.text) >= 2;
  }
}

std::vector<RawEntry> SplitEntries(const std::vector<Line>& lines, SectionKind kind,
                                   std::vector<std::string>& warnings) {
  std::vector<RawEntry> entries;
  std::vector<size_t> anchors;
  std::vector<Anchor> anchor_data;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (auto a = FindAnchor(lines[i], kind)) {
      anchors.push_back(i);
      anchor_data.push_back(std::move(*a));
    }
  }
  if (!anchors.empty()) {
    // How many header lines precede the date line: learned from the first entry, applied to all.
    size_t pre_count = 0;
    for (size_t k = anchors[0]; k > 0 && pre_count < 3;) {
      if (!IsHeaderLike(lines[k - 1], kind)) break;
      if (k < lines.size() && lines[k].blank_before && k != anchors[0]) break;
      if (k == anchors[0] && lines[k].blank_before) break;
      ++pre_count;
      --k;
    }
    std::vector<size_t> start(anchors.size());
    for (size_t n = 0; n < anchors.size(); ++n) {
      const size_t a = anchors[n];
      const size_t lb = n == 0 ? 0 : anchors[n - 1] + 1;
      size_t p = 0;
      while (p < pre_count && a >= lb + p + 1 && IsHeaderLike(lines[a - p - 1], kind) &&
             !lines[a - p].blank_before && !FindAnchor(lines[a - p - 1], kind)) {
        ++p;
      }
      if (p == 0 && a >= lb + 1) {
        // Mixed layouts: "Globex Inc.  San Francisco" above "Engineer  2015 – 2018" although the
        // first entry had everything on its date line. Take the line when it names the
        // organisation (or degree) and the date line alone does not say enough.
        const Line& prev = lines[a - 1];
        const bool boundary = prev.blank_before || a - 1 == lb || StripBullet(lines[a - 2].text) ||
                              EndsSentence(lines[a - 2].text.back());
        size_t rest_segments = 0;
        for (const auto& sg : SplitSegments(anchor_data[n].rest)) {
          if (!sg.paren && !LookupKey(sg.text).empty() && !FindPlace(sg.text, true)) ++rest_segments;
        }
        if (rest_segments == 1 && boundary && IsHeaderLike(prev, kind) && SignalFor(prev, kind) &&
            kind != SectionKind::kProjects) {
          p = 1;
        }
        // A date alone on its line after "Hooli" / "Data Analyst": up to two header lines above it,
        // back to the end of the previous entry (a bullet, a finished sentence or a blank line).
        if (rest_segments == 0 && kind != SectionKind::kProjects) {
          size_t k = 0;
          while (k < 2 && a >= lb + k + 1 && IsHeaderLike(lines[a - k - 1], kind) &&
                 !FindAnchor(lines[a - k - 1], kind) && !lines[a - k].blank_before) {
            ++k;
          }
          while (k > 0) {
            const size_t first = a - k;
            const bool at_boundary = first == lb || lines[first].blank_before || StripBullet(lines[first - 1].text) ||
                                     EndsSentence(lines[first - 1].text.back());
            if (at_boundary) break;
            --k;
          }
          p = k;
        }
      }
      while (a >= lb + p + 1 && IsHeaderLabelLine(lines[a - p - 1], kind) && p < 4) ++p;
      start[n] = a - p;
    }
    for (size_t n = 0; n < anchors.size(); ++n) {
      RawEntry e;
      const size_t a = anchors[n];
      for (size_t k = start[n]; k < a; ++k) e.header.push_back(lines[k].text);
      e.header.push_back(anchor_data[n].rest);
      e.range = anchor_data[n].range;
      e.single = anchor_data[n].single;
      const size_t end = n + 1 < anchors.size() ? start[n + 1] : lines.size();
      size_t j = a + 1;
      while (j < end && IsHeaderLabelLine(lines[j], kind) && j - a <= 4) e.header.push_back(lines[j++].text);
      if (LookupKey(anchor_data[n].rest).empty() && start[n] == a) {
        // "2019.07 - 至今" alone on its line: the organisation and title follow it.
        size_t post = 0;
        while (j < end && post < 2 && IsHeaderLike(lines[j], kind) && lines[j].text.size() <= 50 &&
               (post == 0 || !lines[j].blank_before)) {
          e.header.push_back(lines[j++].text);
          ++post;
        }
      }
      for (; j < end; ++j) e.body.push_back(lines[j]);
      entries.push_back(std::move(e));
    }
    return entries;
  }
  // No dates at all: entries start at header-like lines that look like an organisation, school or
  // (for projects) any title line followed by its description.
  std::vector<size_t> starts;
  for (size_t i = 0; i < lines.size(); ++i) {
    const Line& l = lines[i];
    if (IsHeaderLabelLine(l, kind)) {
      auto lab = SplitLabel(l.text);
      const std::string g = LabelGroupAmong(lab->key, HeaderLabelGroups(kind));
      if (g == "work.company" || g == "edu.institution" || g == "project.name") starts.push_back(i);
      continue;
    }
    if (!IsHeaderLike(l, kind) || !SignalFor(l, kind)) continue;
    if (kind == SectionKind::kProjects) {
      const bool next_is_body = i + 1 < lines.size() && !IsHeaderLike(lines[i + 1], kind);
      if (!next_is_body) continue;
    }
    if (!starts.empty() && starts.back() + 1 == i && kind != SectionKind::kEducation) continue;  // 2nd header line
    starts.push_back(i);
  }
  if (starts.empty()) {
    if (kind == SectionKind::kProjects) {
      // Every project a bullet: "Name: what it is" / "Name - what it is".
      for (const auto& l : lines) {
        auto b = StripBullet(l.text);
        const std::u32string t = b ? *b : l.text;
        RawEntry e;
        size_t cut = t.find(':');
        if (cut == npos || cut > 40) cut = t.find(U" - ");
        if (cut == npos || cut > 40) cut = t.find(U" — ");
        if (cut != npos && cut <= 40) {
          e.header.push_back(t.substr(0, cut));
          e.body.push_back({std::u32string(Trim(std::u32string_view(t).substr(cut + 1 + (t[cut] == ':' ? 0 : 2)))),
                            false});
        } else {
          e.header.push_back(t);
        }
        entries.push_back(std::move(e));
      }
      return entries;
    }
    if (!lines.empty()) warnings.push_back(std::string(KindName(kind)) + " section: no entries recognised");
    return entries;
  }
  for (size_t n = 0; n < starts.size(); ++n) {
    RawEntry e;
    const size_t end = n + 1 < starts.size() ? starts[n + 1] : lines.size();
    size_t j = starts[n];
    e.header.push_back(lines[j++].text);
    while (j < end && (IsHeaderLabelLine(lines[j], kind) ||
                       (kind != SectionKind::kProjects && e.header.size() < 2 && IsHeaderLike(lines[j], kind) &&
                        SignalFor(lines[j], kind)))) {
      e.header.push_back(lines[j++].text);
    }
    for (; j < end; ++j) e.body.push_back(lines[j]);
    entries.push_back(std::move(e));
  }
  return entries;
}

void SetDates(json& obj, const RawEntry& e, const char* start_key, const char* end_key, const std::string& what,
              std::vector<std::string>& warnings) {
  if (e.range) {
    obj[start_key] = e.range->start.Iso();
    if (e.range->end) {
      obj[end_key] = e.range->end->Iso();
      if (e.range->end->Key() < e.range->start.Key()) {
        warnings.push_back(what + ": end date " + e.range->end->Iso() + " is before start date " +
                           e.range->start.Iso());
      }
    }
  } else if (e.single) {
    obj[end_key] = e.single->Iso();
  }
}

struct BodyText {
  std::vector<std::u32string> summary, highlights, description, keywords, courses;
  std::u32string score, url, role, entity;
  std::map<std::string, std::u32string> header_fields;  // header labels found in the body
};

std::vector<std::u32string> SplitList(const std::u32string& text) {
  std::vector<std::u32string> out;
  std::u32string cur;
  auto flush = [&] {
    std::u32string t = TrimPunct(cur);
    if (!t.empty() && t.size() <= 60) out.push_back(t);
    cur.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char32_t c = text[i];
    if (c == ',' || c == U'、' || c == ';' || c == U'；' || c == U'，' || c == '|' || c == U'/' || c == '\t') {
      // "C/C++", "TCP/IP", "A/B" keep their slash.
      if (c == '/' && i > 0 && i + 1 < text.size() && IsAsciiAlnum(text[i - 1]) && IsAsciiAlnum(text[i + 1]) &&
          text[i + 1] != ' ') {
        cur.push_back(c);
        continue;
      }
      flush();
    } else {
      cur.push_back(c);
    }
  }
  flush();
  return out;
}

BodyText SplitBody(const std::vector<Line>& body, SectionKind kind) {
  BodyText out;
  enum class Mode { kSummary, kHighlights, kDescription, kKeywords, kCourses, kSkip } mode = Mode::kSummary;
  bool last_was_bullet = false;
  for (const auto& line : body) {
    std::u32string text = line.text;
    if (auto lab = SplitLabel(text)) {
      const std::string g = LabelGroupAmong(
          lab->key, {"work.summary", "work.highlights", "work.ignore", "project.description", "project.highlights",
                     "project.keywords", "project.url", "project.role", "project.entity", "edu.courses",
                     "edu.score", "work.company", "work.position", "edu.institution", "edu.area", "edu.degree"});
      bool handled = true;
      if (kind == SectionKind::kProjects && (g == "work.summary" || g == "work.highlights")) {
        mode = Mode::kHighlights;  // "工作内容" under a project means responsibilities
      } else if (g == "work.summary") {
        mode = kind == SectionKind::kProjects ? Mode::kDescription : Mode::kSummary;
      } else if (g == "work.highlights" || g == "project.highlights") {
        mode = Mode::kHighlights;
      } else if (g == "project.description") {
        mode = kind == SectionKind::kProjects ? Mode::kDescription : Mode::kSummary;
      } else if (g == "project.keywords") {
        mode = Mode::kKeywords;
      } else if (g == "edu.courses") {
        mode = Mode::kCourses;
      } else if (g == "work.ignore") {
        mode = Mode::kSkip;
        continue;
      } else if (g == "project.url") {
        if (auto urls = FindUrls(lab->value); !urls.empty()) out.url = ToU32(urls[0].value);
        continue;
      } else if (g == "project.role") {
        out.role = lab->value;
        continue;
      } else if (g == "project.entity") {
        out.entity = lab->value;
        continue;
      } else if (g == "edu.score") {
        out.score = lab->value;
        continue;
      } else if (!g.empty()) {
        out.header_fields[g] = lab->value;
        continue;
      } else {
        handled = false;
      }
      if (handled) {
        text = lab->value;
        last_was_bullet = false;
        if (Trim(text).empty()) continue;
      }
    }
    if (mode == Mode::kSkip) {
      if (StripBullet(text)) continue;
      mode = Mode::kSummary;
    }
    auto bullet = StripBullet(text);
    if (mode == Mode::kKeywords) {
      for (auto& k : SplitList(bullet ? *bullet : text)) out.keywords.push_back(k);
      continue;
    }
    if (mode == Mode::kCourses) {
      for (auto& k : SplitList(bullet ? *bullet : text)) out.courses.push_back(k);
      continue;
    }
    if (bullet || mode == Mode::kHighlights) {
      out.highlights.push_back(bullet ? *bullet : text);
      last_was_bullet = bullet.has_value();
      continue;
    }
    if (last_was_bullet && !out.highlights.empty() && !EndsSentence(out.highlights.back().back())) {
      // A wrapped bullet continues in lower case (or in Chinese); a capitalised short line is
      // something else (the next entry's header that was not recognised).
      const char32_t first = text.front();
      const char32_t prev_last = out.highlights.back().back();
      const bool continues = (first >= 'a' && first <= 'z') || IsAsciiDigit(first) || prev_last == ',' ||
                             prev_last == U'、' || prev_last == '-' ||
                             (IsHan(first) && TitleScore(text) < 2 && CompanyScore(text) < 2);
      if (continues) {
        out.highlights.back() = JoinLines({out.highlights.back(), text});
        continue;
      }
    }
    last_was_bullet = false;
    if (mode == Mode::kDescription) {
      out.description.push_back(text);
    } else {
      out.summary.push_back(text);
    }
  }
  return out;
}

json Highlights(const std::vector<std::u32string>& items) {
  json arr = json::array();
  for (const auto& h : items) {
    const std::u32string t(Trim(h));
    if (!t.empty()) arr.push_back(ToUtf8(CjkPunctuation(t)));
  }
  return arr;
}

// ---------------------------------------------------------------- work, volunteer

bool EndsWithWord(const std::u32string& text, std::u32string_view word) {
  const std::u32string lower = AsciiLower(TrimPunct(text));
  return lower.size() > word.size() && lower.compare(lower.size() - word.size(), word.size(), word) == 0 &&
         lower[lower.size() - word.size() - 1] == ' ';
}

struct WorkHeader {
  std::u32string company, position, location;
};

// Company, position and location from the header lines of a work entry.
WorkHeader ClassifyWorkHeader(const std::vector<std::u32string>& header) {
  WorkHeader out;
  std::u32string& company = out.company;
  std::u32string& position = out.position;
  std::u32string& location = out.location;
  std::vector<Segment> segs;
  for (const auto& h : header) {
    if (auto lab = SplitLabel(h)) {
      const std::string g = LabelGroupAmong(lab->key, {"work.company", "work.position", "work.date", "work.ignore"});
      if (g == "work.company") {
        company = TrimPunct(lab->value);
        continue;
      }
      if (g == "work.position") {
        position = TrimPunct(lab->value);
        continue;
      }
      if (!g.empty()) continue;
    }
    for (auto& s : SplitSegments(h)) segs.push_back(std::move(s));
  }
  struct Cand {
    Segment seg;
    int title, company;
    bool used = false;
  };
  std::vector<Cand> cands;
  for (auto& s : segs) {
    if (LookupKey(s.text).empty() || IsOnlyDates(s.text)) continue;
    if (FindPlace(s.text, true)) {
      if (location.empty()) location = s.text;
      continue;
    }
    if (IsWorkType(s.text)) continue;
    if (!s.paren && IsDepartment(s.text)) continue;
    cands.push_back({s, TitleScore(s.text), CompanyScore(s.text)});
  }
  if (position.empty()) {
    // The strongest title, ties to the later segment (Chinese "公司 部门 职位" order).
    int best = -1;
    for (size_t i = 0; i < cands.size(); ++i) {
      if (cands[i].seg.paren || cands[i].title <= 0) continue;
      if (cands[i].company >= 3 && cands[i].title < 3) continue;
      if (best < 0 || cands[i].title >= cands[best].title) best = int(i);
    }
    if (best >= 0) {
      position = cands[best].seg.text;
      cands[best].used = true;
    }
  }
  if (company.empty()) {
    int best = -1, best_score = 0;
    for (size_t i = 0; i < cands.size(); ++i) {
      if (cands[i].used || cands[i].seg.paren) continue;
      const int sc = cands[i].seg.after_at ? 4 : cands[i].company;
      if (sc > best_score) {
        best = int(i);
        best_score = sc;
      }
    }
    if (best >= 0) {
      company = cands[best].seg.text;
      cands[best].used = true;
    }
  }
  // Unscored segments fill what is missing: company first.
  for (auto& c : cands) {
    if (c.used || c.seg.paren) continue;
    if (company.empty() && (position.empty() || c.seg.after_at || c.title == 0)) {
      company = c.seg.text;
      c.used = true;
    } else if (position.empty()) {
      position = c.seg.text;
      c.used = true;
    }
  }
  // "Software Engineer (Intern)": a parenthesised title qualifies the position.
  for (auto& c : cands) {
    if (c.used || !c.seg.paren) continue;
    if (c.title > 0 && !position.empty() && c.seg.text.size() <= 20) {
      position += U" (" + c.seg.text + U")";
      c.used = true;
    } else if (c.title > 0 && position.empty()) {
      position = c.seg.text;
      c.used = true;
    } else if (c.company > 0 && company.empty()) {
      company = c.seg.text;
      c.used = true;
    }
  }
  return out;
}

json BuildWork(RawEntry& e, bool volunteer, size_t index, std::vector<std::string>& warnings) {
  json w = json::object();
  WorkHeader head = ClassifyWorkHeader(e.header);
  // Multi-line headers whose next line is still in the body ("上海携程商务有限公司 | 高级Java开发
  // 工程师" under its dates): take it when it names what is missing.
  if ((head.position.empty() || head.company.empty()) && !e.body.empty() &&
      IsHeaderLike(e.body[0], SectionKind::kWork) && e.body[0].text.size() <= 60 &&
      (TitleScore(e.body[0].text) >= 2 || CompanyScore(e.body[0].text) >= 2)) {
    std::vector<std::u32string> more = e.header;
    more.push_back(e.body[0].text);
    WorkHeader extended = ClassifyWorkHeader(more);
    const bool fills = (head.position.empty() && !extended.position.empty()) ||
                       (head.company.empty() && !extended.company.empty());
    if (fills) {
      head = extended;
      e.body.erase(e.body.begin());
    }
  }
  std::u32string company = head.company, position = head.position, location = head.location;
  // "San Francisco Bay Area" under the dates (LinkedIn exports) is the location.
  if (!e.body.empty() && !StripBullet(e.body[0].text) && e.body[0].text.size() <= 40) {
    if (auto place = FindPlace(e.body[0].text, true); place || EndsWithWord(e.body[0].text, U"area")) {
      if (location.empty()) location = TrimPunct(e.body[0].text);
      e.body.erase(e.body.begin());
    }
  }
  BodyText body = SplitBody(e.body, SectionKind::kWork);
  if (auto it = body.header_fields.find("work.company"); it != body.header_fields.end() && company.empty()) {
    company = it->second;
  }
  if (auto it = body.header_fields.find("work.position"); it != body.header_fields.end() && position.empty()) {
    position = it->second;
  }
  SetIf(w, volunteer ? "organization" : "name", company);
  SetIf(w, "position", position);
  if (!volunteer) SetIf(w, "location", location);
  const std::string what = std::string(volunteer ? "volunteer" : "work") + " entry " + std::to_string(index + 1);
  SetDates(w, e, "startDate", "endDate", what, warnings);
  SetIf(w, "summary", JoinLines(body.summary));
  json hl = Highlights(body.highlights);
  if (!hl.empty()) w["highlights"] = std::move(hl);
  if (company.empty() && position.empty()) warnings.push_back(what + ": organisation and position not recognised");
  if (!e.range) warnings.push_back(what + ": no dates found");
  return w;
}

// ---------------------------------------------------------------- education

std::u32string CleanArea(std::u32string area) {
  area = TrimPunct(area);
  const std::u32string lower = AsciiLower(area);
  for (std::u32string_view p : {U"in ", U"of ", U"major in ", U"majoring in ", U"major: ", U"专业:", U"专业"}) {
    if (lower.compare(0, p.size(), p) == 0) {
      area = TrimPunct(area.substr(p.size()));
      break;
    }
  }
  for (std::u32string_view s : {U"专业", U"学位", U"学历", U"方向", U" degree", U" major"}) {
    if (area.size() > s.size() + 1 && AsciiLower(area).compare(area.size() - s.size(), s.size(), s) == 0) {
      area = TrimPunct(area.substr(0, area.size() - s.size()));
    }
  }
  return area;
}

std::u32string ScoreFrom(const std::u32string& text) {
  const std::u32string lower = AsciiLower(text);
  for (std::u32string_view k : {U"gpa", U"绩点", U"排名", U"rank"}) {
    const size_t p = lower.find(k);
    if (p == npos) continue;
    std::u32string v = TrimPunct(text.substr(p + k.size()));
    if (!v.empty() && v.size() <= 20) return v;
  }
  return {};
}

json BuildEducation(RawEntry& e, size_t index, std::vector<std::string>& warnings) {
  json ed = json::object();
  std::u32string institution, area, study_type_text, score;
  std::string study_type;
  int inst_score = 0;
  std::vector<Segment> segs;
  for (const auto& h : e.header) {
    if (auto lab = SplitLabel(h)) {
      const std::string g =
          LabelGroupAmong(lab->key, {"edu.institution", "edu.area", "edu.degree", "edu.score", "work.date"});
      if (g == "edu.institution") {
        institution = TrimPunct(lab->value);
        inst_score = 9;
        continue;
      }
      if (g == "edu.area") {
        area = CleanArea(lab->value);
        continue;
      }
      if (g == "edu.degree") {
        if (auto d = FindDegree(lab->value, true)) study_type = d->study_type;
        continue;
      }
      if (g == "edu.score") {
        score = lab->value;
        continue;
      }
      if (!g.empty()) continue;
    }
    for (auto& s : SplitSegments(h)) segs.push_back(std::move(s));
  }
  std::vector<std::u32string> area_candidates;
  for (const auto& s : segs) {
    if (LookupKey(s.text).empty() || IsOnlyDates(s.text)) continue;
    if (std::u32string sc = ScoreFrom(s.text); !sc.empty()) {
      if (score.empty()) score = sc;
      continue;
    }
    if (auto d = FindDegree(s.text, true)) {
      if (study_type.empty()) study_type = d->study_type;
      std::u32string rest = s.text.substr(0, d->pos) + U" " + s.text.substr(d->pos + d->len);
      // "B.Sc. in Computer Science", "计算机科学与技术本科"
      std::u32string cleaned = CleanArea(rest);
      if (SchoolScore(cleaned) >= 2 && institution.empty()) {
        institution = cleaned;
      } else if (LookupKey(cleaned).size() >= 2 && !IsWorkType(cleaned) && !s.paren) {
        area_candidates.insert(area_candidates.begin(), cleaned);
      }
      continue;
    }
    const int sc = SchoolScore(s.text);
    if (sc >= 2 && sc > inst_score) {
      if (!institution.empty() && inst_score < 9) area_candidates.push_back(institution);
      institution = s.text;
      inst_score = sc;
      continue;
    }
    if (s.paren || IsWorkType(s.text) || FindPlace(s.text, true)) continue;
    const std::u32string key = LookupKey(s.text);
    if (key == U"全日制" || key == U"统招" || key == U"非全日制" || key == U"fulltime") continue;
    area_candidates.push_back(CleanArea(s.text));
  }
  if (area.empty()) {
    for (const auto& c : area_candidates) {
      if (!LookupKey(c).empty()) {
        area = c;
        break;
      }
    }
  }
  BodyText body = SplitBody(e.body, SectionKind::kEducation);
  if (auto it = body.header_fields.find("edu.institution"); it != body.header_fields.end() && institution.empty()) {
    institution = it->second;
  }
  if (auto it = body.header_fields.find("edu.area"); it != body.header_fields.end() && area.empty()) {
    area = CleanArea(it->second);
  }
  if (auto it = body.header_fields.find("edu.degree"); it != body.header_fields.end() && study_type.empty()) {
    if (auto d = FindDegree(it->second, true)) study_type = d->study_type;
  }
  // The second line of a multi-line entry ("B.Sc. Computer Science") may be in the body.
  for (const auto& l : body.summary) {
    if (l.size() > 60) continue;
    if (study_type.empty()) {
      if (auto d = FindDegree(l, true)) {
        study_type = d->study_type;
        if (area.empty()) area = CleanArea(l.substr(0, d->pos) + U" " + l.substr(d->pos + d->len));
        continue;
      }
    }
    if (institution.empty() && SchoolScore(l) >= 3) institution = TrimPunct(l);
    if (score.empty()) score = ScoreFrom(l);
  }
  if (score.empty() && !body.score.empty()) score = body.score;
  SetIf(ed, "institution", institution);
  SetIf(ed, "area", area);
  SetIf(ed, "studyType", study_type);
  SetDates(ed, e, "startDate", "endDate", "education entry " + std::to_string(index + 1), warnings);
  SetIf(ed, "score", TrimPunct(score));
  json courses = Highlights(body.courses);
  if (!courses.empty()) ed["courses"] = std::move(courses);
  if (institution.empty()) warnings.push_back("education entry " + std::to_string(index + 1) + ": institution not recognised");
  return ed;
}

// ---------------------------------------------------------------- projects

json BuildProject(RawEntry& e, size_t index, std::vector<std::string>& warnings) {
  json p = json::object();
  std::u32string name, description_head;
  std::vector<std::u32string> roles;
  std::u32string entity, url;
  for (const auto& h : e.header) {
    if (auto lab = SplitLabel(h)) {
      const std::string g =
          LabelGroupAmong(lab->key, {"project.name", "project.role", "project.entity", "project.url", "work.date"});
      if (g == "project.name") {
        name = TrimPunct(lab->value);
        continue;
      }
      if (g == "project.role") {
        roles.push_back(TrimPunct(lab->value));
        continue;
      }
      if (g == "project.entity") {
        entity = TrimPunct(lab->value);
        continue;
      }
      if (g == "project.url") {
        if (auto u = FindUrls(lab->value); !u.empty()) url = ToU32(u[0].value);
        continue;
      }
      if (!g.empty()) continue;
    }
    for (const auto& u : FindUrls(h)) {
      if (url.empty()) url = ToU32(u.value);
    }
    for (auto& s : SplitSegments(h)) {
      if (LookupKey(s.text).empty() || IsOnlyDates(s.text) || !FindUrls(s.text).empty()) continue;
      if (name.empty() && !s.paren && TitleScore(s.text) < 2) {
        name = s.text;
      } else if (TitleScore(s.text) >= 2 && s.text.size() <= 30) {
        roles.push_back(s.text);
      } else if (name.empty()) {
        name = s.text;
      } else if (description_head.empty() && s.text.size() >= 12) {
        description_head = s.text;
      } else if (entity.empty() && CompanyScore(s.text) >= 3) {
        entity = s.text;
      }
    }
  }
  BodyText body = SplitBody(e.body, SectionKind::kProjects);
  for (auto it = body.highlights.begin(); it != body.highlights.end();) {
    const auto urls = FindUrls(*it);
    if (urls.size() == 1 && LookupKey(std::u32string(*it).replace(urls[0].begin, urls[0].end - urls[0].begin, U"")).size() <= 12) {
      if (url.empty()) url = ToU32(urls[0].value);
      it = body.highlights.erase(it);
    } else {
      ++it;
    }
  }
  if (!body.role.empty()) roles.push_back(TrimPunct(body.role));
  if (!body.entity.empty() && entity.empty()) entity = TrimPunct(body.entity);
  if (!body.url.empty() && url.empty()) url = body.url;
  std::vector<std::u32string> desc;
  if (!description_head.empty()) desc.push_back(description_head);
  for (auto& d : body.description) desc.push_back(d);
  for (auto& s : body.summary) desc.push_back(s);
  SetIf(p, "name", name);
  SetIf(p, "description", JoinLines(desc));
  SetDates(p, e, "startDate", "endDate", "project " + std::to_string(index + 1), warnings);
  json hl = Highlights(body.highlights);
  if (!hl.empty()) p["highlights"] = std::move(hl);
  json kw = Highlights(body.keywords);
  if (!kw.empty()) p["keywords"] = std::move(kw);
  json rl = Highlights(roles);
  if (!rl.empty()) p["roles"] = std::move(rl);
  SetIf(p, "entity", entity);
  SetIf(p, "url", url);
  if (name.empty()) warnings.push_back("project " + std::to_string(index + 1) + ": name not recognised");
  return p;
}

// ---------------------------------------------------------------- skills and languages

struct SkillCollector {
  const std::string& language;
  std::vector<std::pair<std::u32string, std::vector<std::u32string>>> named;  // explicit categories
  std::map<size_t, std::vector<std::u32string>> by_category;                   // dictionary categories
  std::vector<std::u32string> other;
  std::set<std::u32string> seen;

  bool Add(std::vector<std::u32string>& list, const std::u32string& v) {
    const std::u32string key = LookupKey(v, true);
    if (key.empty() || !seen.insert(key).second) return false;
    list.push_back(v);
    return true;
  }

  json ToJson() const {
    const Lexicon& lx = GetLexicon();
    std::vector<std::pair<std::string, std::vector<std::u32string>>> groups;
    auto add = [&](const std::string& name, const std::vector<std::u32string>& kws) {
      // One entry per name: dictionary finds join a category the resume already named.
      for (auto& [n, k] : groups) {
        if (LookupKey(ToU32(n)) == LookupKey(ToU32(name))) {
          k.insert(k.end(), kws.begin(), kws.end());
          return;
        }
      }
      groups.emplace_back(name, kws);
    };
    for (const auto& [name, kws] : named) add(ToUtf8(name), kws);
    for (const auto& [cat, kws] : by_category) {
      const auto& c = lx.skill_categories[cat];
      add(language == "zh" ? c.zh : c.en, kws);
    }
    if (!other.empty()) add(language == "zh" ? "其他" : "Other", other);
    json out = json::array();
    for (const auto& [name, kws] : groups) {
      json s = {{"name", name}};
      json k = Highlights(kws);
      if (!k.empty()) s["keywords"] = std::move(k);
      out.push_back(std::move(s));
    }
    return out;
  }
};

// Dictionary skills in free text; returns (category, canonical) in order of appearance.
std::vector<std::pair<size_t, std::u32string>> DictionarySkills(const std::u32string& text) {
  const Lexicon& lx = GetLexicon();
  std::vector<std::tuple<size_t, size_t, std::u32string>> hits;  // (pos, category, canonical)
  std::u32string lower = AsciiLower(text);
  std::vector<bool> taken(text.size(), false);
  for (const auto& [term, entry] : lx.skills_han) {
    for (size_t p = lower.find(term); p != npos; p = lower.find(term, p + term.size())) {
      bool free = true;
      for (size_t k = p; k < p + term.size(); ++k) free = free && !taken[k];
      if (!free) continue;
      for (size_t k = p; k < p + term.size(); ++k) taken[k] = true;
      hits.emplace_back(p, entry.category, ToU32(entry.canonical));
    }
  }
  // Latin tokens: runs of [A-Za-z0-9+#./-] joined by up to skill_max_words spaces.
  struct Tok {
    size_t b, e;
  };
  std::vector<Tok> toks;
  for (size_t i = 0; i < text.size();) {
    auto is_tok = [&](char32_t c) { return IsAsciiAlnum(c) || c == '+' || c == '#' || c == '.' || c == '-' || c == '/'; };
    if (!is_tok(text[i]) || taken[i]) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < text.size() && is_tok(text[j]) && !taken[j]) ++j;
    // Trailing dots and dashes are punctuation ("Java." at the end of a sentence).
    size_t e = j;
    while (e > i && (text[e - 1] == '.' || text[e - 1] == '-' || text[e - 1] == '/')) --e;
    if (e > i) toks.push_back({i, e});
    i = j;
  }
  for (size_t t = 0; t < toks.size();) {
    bool matched = false;
    for (size_t n = std::min(lx.skill_max_words, toks.size() - t); n >= 1 && !matched; --n) {
      // Words must be separated by single spaces.
      bool contiguous = true;
      for (size_t k = t; k + 1 < t + n; ++k) {
        if (toks[k + 1].b != toks[k].e + 1 || text[toks[k].e] != ' ') contiguous = false;
      }
      if (!contiguous) continue;
      const std::u32string phrase = text.substr(toks[t].b, toks[t + n - 1].e - toks[t].b);
      auto try_map = [&](const std::unordered_map<std::u32string, SkillEntry>& m, const std::u32string& key) {
        auto it = m.find(key);
        if (it == m.end()) return false;
        hits.emplace_back(toks[t].b, it->second.category, ToU32(it->second.canonical));
        return true;
      };
      if (try_map(lx.skills_exact, phrase) || try_map(lx.skills_ci, AsciiLower(phrase))) {
        matched = true;
        t += n;
      }
    }
    if (!matched) ++t;
  }
  std::sort(hits.begin(), hits.end());
  std::vector<std::pair<size_t, std::u32string>> out;
  for (auto& [pos, cat, canon] : hits) out.emplace_back(cat, std::move(canon));
  return out;
}

std::u32string StripProficiency(std::u32string item) {
  const Lexicon& lx = GetLexicon();
  for (int guard = 0; guard < 3; ++guard) {
    const std::u32string lower = AsciiLower(item);
    bool changed = false;
    for (const auto& w : lx.proficiency_words) {
      if (lower.compare(0, w.text.size(), w.text) == 0 &&
          (w.han || item.size() == w.text.size() || !IsAsciiAlpha(item[w.text.size()]))) {
        item = TrimPunct(item.substr(w.text.size()));
        changed = true;
        break;
      }
    }
    if (!changed) break;
  }
  return item;
}

struct LanguageCollector {
  std::vector<std::pair<std::string, std::string>> items;  // (language, fluency)

  void Add(const std::string& language, const std::string& fluency) {
    for (auto& [l, f] : items) {
      if (l == language) {
        if (f.empty()) f = fluency;
        return;
      }
    }
    items.emplace_back(language, fluency);
  }

  json ToJson() const {
    json out = json::array();
    for (const auto& [l, f] : items) {
      json o = {{"language", l}};
      if (!f.empty()) o["fluency"] = f;
      out.push_back(std::move(o));
    }
    return out;
  }
};

std::string FluencyOf(const std::u32string& text) {
  const Lexicon& lx = GetLexicon();
  const std::u32string t = TrimPunct(text);
  if (t.empty()) return "";
  const std::u32string lower = AsciiLower(t);
  // A test with its score: "CET-6 (580)", "IELTS 7.5".
  const TermHit test = FindLongest(t, lower, lx.language_tests, [](const auto& p) -> const Term& { return p.first; });
  if (test.pos != npos) {
    std::u32string out = ToU32(lx.language_tests[test.index].second.test);
    size_t k = test.pos + test.len;
    while (k < t.size() && (IsSpace(t[k]) || t[k] == ':' || t[k] == '(')) ++k;
    size_t e = k;
    while (e < t.size() && (IsAsciiDigit(t[e]) || t[e] == '.')) ++e;
    if (e > k && e - k <= 5) out += U" " + t.substr(k, e - k);
    return ToUtf8(out);
  }
  const TermHit fl = FindLongest(t, lower, lx.fluency, [](const auto& p) -> const Term& { return p.first; });
  if (fl.pos != npos) return lx.fluency[fl.index].second;
  if (t.size() <= 30) return ToUtf8(t);
  return "";
}

// Languages named in the text ("英语：CET-6", "English (fluent), Mandarin (native)", "CET-6").
// Returns false if the text names none.
bool ParseLanguages(const std::u32string& text, LanguageCollector& out, bool tests_alone) {
  const Lexicon& lx = GetLexicon();
  const std::u32string lower = AsciiLower(text);
  struct Hit {
    size_t pos, len;
    std::string language;
  };
  std::vector<Hit> hits;
  for (const auto& [term, name] : lx.languages) {
    for (size_t p = FindTerm(text, lower, term); p != npos; p = FindTerm(text, lower, term, p + term.text.size())) {
      bool overlap = false;
      for (auto& h : hits) {
        if (p < h.pos + h.len && h.pos < p + term.text.size()) {
          overlap = true;
          if (term.text.size() > h.len) h = {p, term.text.size(), name};
        }
      }
      if (!overlap) hits.push_back({p, term.text.size(), name});
    }
  }
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) { return a.pos < b.pos; });
  for (size_t i = 0; i < hits.size(); ++i) {
    const size_t b = hits[i].pos + hits[i].len;
    size_t e = i + 1 < hits.size() ? hits[i + 1].pos : text.size();
    // "普通话二级甲等、计算机二级": the fluency ends at the next list separator.
    for (size_t k = b; k < e; ++k) {
      if (text[k] == U'、' || text[k] == ',' || text[k] == ';' || text[k] == U'，' || text[k] == U'；' ||
          text[k] == '|') {
        if (!LookupKey(text.substr(b, k - b)).empty()) {
          e = k;
          break;
        }
      }
    }
    out.Add(hits[i].language, FluencyOf(text.substr(b, e > b ? e - b : 0)));
  }
  if (!hits.empty()) return true;
  if (!tests_alone) return false;
  bool any = false;
  for (const auto& [term, test] : lx.language_tests) {
    const size_t p = FindTerm(text, lower, term);
    if (p == npos) continue;
    out.Add(test.language, FluencyOf(text.substr(p)));
    any = true;
  }
  return any;
}

bool StartsWithLanguage(const std::u32string& text) {
  const std::u32string t = TrimPunct(text);
  const std::u32string lower = AsciiLower(t);
  for (const auto& [term, name] : GetLexicon().languages) {
    if (FindTerm(t, lower, term) == 0) return true;
  }
  return false;
}

void ParseSkillLine(const std::u32string& raw, SkillCollector& skills, LanguageCollector& langs) {
  const Lexicon& lx = GetLexicon();
  auto b = StripBullet(raw);
  const std::u32string text = b ? *b : raw;
  // "Category: a, b, c"
  const size_t colon = text.find(':');
  if (colon != npos && colon > 0 && colon <= 24) {
    const std::u32string cat = TrimPunct(text.substr(0, colon));
    const std::u32string value(Trim(std::u32string_view(text).substr(colon + 1)));
    const std::u32string key = LookupKey(cat);
    const bool lang_label = key == U"语言" || key == U"外语" || key == U"languages" || key == U"language" ||
                            key == U"语言能力" || key == U"外语水平" || StartsWithLanguage(cat);
    if (lang_label && ParseLanguages(StartsWithLanguage(cat) ? text : value, langs, true)) return;
    if (!value.empty() && !LookupKey(cat).empty() && LookupKey(cat).size() <= 20) {
      std::vector<std::u32string> items;
      for (auto& it : SplitList(value)) {
        std::u32string s = StripProficiency(it);
        if (!LookupKey(s).empty()) items.push_back(s);
      }
      // Items that are sentences: keep only the dictionary skills in them.
      bool sentence = false;
      for (const auto& it : items) sentence = sentence || it.size() > 40;
      if (sentence) {
        items.clear();
        for (auto& [c, canon] : DictionarySkills(value)) items.push_back(canon);
      }
      if (!items.empty()) {
        std::vector<std::u32string> kept;
        for (auto& it : items) skills.Add(kept, it);
        if (!kept.empty()) skills.named.emplace_back(cat, std::move(kept));
        return;
      }
    }
  }
  if (StartsWithLanguage(text) && ParseLanguages(text, langs, true)) return;
  ParseLanguages(text, langs, true);  // "CET-6" inside a skills line also tells a language
  const auto dict = DictionarySkills(text);
  std::set<std::u32string> dict_keys;
  for (const auto& [cat, canon] : dict) {
    skills.Add(skills.by_category[cat], canon);
    dict_keys.insert(LookupKey(canon, true));
  }
  // A plain list ("Python, Go, Docker"): keep the items the dictionary does not know.
  const auto items = SplitList(text);
  bool list = items.size() >= 2;
  for (const auto& it : items) list = list && it.size() <= 30;
  size_t han = 0, latin = 0;
  for (char32_t c : text) {
    if (IsHan(c)) ++han;
    else if (IsAsciiAlpha(c)) ++latin;
  }
  if (list) {
    for (const auto& it : items) {
      const std::u32string s = StripProficiency(it);
      if (LookupKey(s).empty() || DictionarySkills(s).size() > 0) continue;
      if (!lx.skills_ci.count(AsciiLower(s))) skills.Add(skills.other, s);
    }
  } else if (han > latin) {
    // Chinese sentences ("熟悉 Istio 服务网格"): Latin words in them are technology names.
    for (size_t i = 0; i < text.size();) {
      if (!IsAsciiAlpha(text[i])) {
        ++i;
        continue;
      }
      size_t j = i;
      while (j < text.size() && (IsAsciiAlnum(text[j]) || text[j] == '+' || text[j] == '#' || text[j] == '.' ||
                                 text[j] == '-' || (text[j] == ' ' && j + 1 < text.size() && IsAsciiAlpha(text[j + 1])))) {
        ++j;
      }
      std::u32string word = TrimPunct(text.substr(i, j - i));
      i = j;
      if (word.size() < 2 || word.size() > 25) continue;
      if (!DictionarySkills(word).empty() || dict_keys.count(LookupKey(word, true))) continue;
      bool is_lang = false;
      for (const auto& [term, t] : lx.language_tests) {
        if (!term.han && AsciiLower(word).find(term.text) != npos) is_lang = true;
      }
      if (!is_lang) skills.Add(skills.other, word);
    }
  }
}

// ---------------------------------------------------------------- certificates, awards, lists

std::vector<std::u32string> ItemsOfLine(const std::u32string& raw) {
  auto b = StripBullet(raw);
  std::u32string text = b ? *b : raw;
  if (auto lab = SplitLabel(text)) text = lab->value;
  const auto items = SplitList(text);
  bool short_list = items.size() >= 2;
  for (const auto& it : items) short_list = short_list && it.size() <= 25 && !Contains(it, U" - ");
  if (short_list) return items;
  return {TrimPunct(text)};
}

bool IsIssuer(const std::u32string& text) {
  const Lexicon& lx = GetLexicon();
  const std::u32string lower = AsciiLower(text);
  for (const auto& t : lx.issuers) {
    if (FindTerm(text, lower, t) != npos) return true;
  }
  return CompanyScore(text) >= 2 || SchoolScore(text) >= 2;
}

// One certificate / award / publication line: the name, its date, and its issuer when a segment
// names an organisation ("Certified Kubernetes Administrator (CKA) - CNCF, 2021").
json BuildDatedItem(const std::u32string& item, const char* name_key, const char* date_key, const char* org_key) {
  json o = json::object();
  std::u32string text = item;
  std::string date;
  if (auto dates = FindDates(text); !dates.empty()) {
    date = dates[0].date.Iso();
    text = RemoveDurations(text.substr(0, dates[0].begin) + U" " + text.substr(dates[0].end));
  }
  std::u32string org;
  const std::u32string lower = AsciiLower(text);
  for (std::u32string_view k : {U"issued by", U"awarded by", U"颁发机构:", U"发证机构:", U"颁发单位:", U"颁发机构",
                                U"发证机构", U"颁发单位"}) {
    const size_t p = lower.find(k);
    if (p == npos) continue;
    org = TrimPunct(text.substr(p + k.size()));
    text = text.substr(0, p);
    break;
  }
  if (org.empty()) {
    // The issuer is a separate segment (not in brackets) that names an organisation.
    const auto segs = SplitSegments(text);
    for (size_t i = segs.size(); i-- > 1;) {
      const Segment& sg = segs[i];
      if (sg.paren || LookupKey(sg.text).empty() || sg.text.size() > 40 || !IsIssuer(sg.text)) continue;
      const size_t p = text.rfind(sg.text);
      if (p == npos) continue;
      org = sg.text;
      text = text.substr(0, p) + text.substr(p + sg.text.size());
      break;
    }
  }
  std::u32string name = TrimPunct(text);
  // Separators left at the end by the cuts ("Name -", "Name,").
  while (!name.empty() && (IsDash(name.back()) || name.back() == ',' || name.back() == '|' || IsSpace(name.back()))) {
    name.pop_back();
  }
  name = TrimPunct(name);
  if (LookupKey(name).empty()) return json();
  SetIf(o, name_key, name);
  SetIf(o, date_key, date);
  SetIf(o, org_key, org);
  return o;
}

// ---------------------------------------------------------------- basics

struct Basics {
  std::u32string name, label, email, phone, url, summary;
  std::optional<Place> place;
  std::u32string address;
  std::vector<Profile> profiles;

  void AddProfile(Profile p) {
    for (const auto& q : profiles) {
      if (q.network == p.network && q.username == p.username) return;
    }
    profiles.push_back(std::move(p));
  }
  void AddUrl(const std::string& url) {
    if (auto p = ProfileFromUrl(url)) {
      AddProfile(*p);
    } else if (this->url.empty()) {
      this->url = ToU32(url);
    }
  }
};

void ApplyBasicsLabel(Basics& b, const Labelled& pair) {
  const std::string g = LabelGroupAmong(pair.key, {"name", "email", "phone", "location", "label", "url",
                                                   "profile.github", "profile.linkedin", "profile.wechat",
                                                   "profile.qq", "ignore"});
  const std::u32string& v = pair.value;
  if (g.empty() || g == "ignore" || Trim(v).empty()) return;
  if (g == "name") {
    if (b.name.empty()) {
      if (auto n = AsPersonName(v, false)) b.name = ToU32(*n);
      else if (v.size() <= 30) b.name = TrimPunct(v);
    }
  } else if (g == "email") {
    if (auto e = FindEmail(v); e && b.email.empty()) b.email = ToU32(e->value);
  } else if (g == "phone") {
    if (auto p = FindPhone(v, true); p && b.phone.empty()) b.phone = ToU32(p->value);
    if (auto e = FindEmail(v); e && b.email.empty()) b.email = ToU32(e->value);  // "联系方式: a@b.com"
  } else if (g == "location") {
    if (b.place || !b.address.empty()) return;
    if (auto p = FindPlace(v, false)) {
      b.place = p;
      if (!FindPlace(v, true) && v.size() > 6) b.address = TrimPunct(v);
    } else if (v.size() <= 60) {
      b.address = TrimPunct(v);
    }
  } else if (g == "label") {
    if (b.label.empty() && v.size() <= 40) b.label = TrimPunct(v);
  } else if (g == "url") {
    for (const auto& u : FindUrls(v)) b.AddUrl(u.value);
  } else if (g == "profile.github" || g == "profile.linkedin") {
    const auto urls = FindUrls(v);
    if (!urls.empty()) {
      b.AddUrl(urls[0].value);
    } else {
      const std::string user = ToUtf8(TrimPunct(v));
      if (user.empty() || user.find(' ') != std::string::npos) return;
      if (g == "profile.github") b.AddProfile({"GitHub", user, "https://github.com/" + user});
      else b.AddProfile({"LinkedIn", user, "https://www.linkedin.com/in/" + user});
    }
  } else if (g == "profile.wechat") {
    const std::string user = ToUtf8(TrimPunct(v));
    if (!user.empty() && user.size() <= 40) b.AddProfile({"WeChat", user, ""});
  } else if (g == "profile.qq") {
    std::string digits;
    for (char32_t c : v) {
      if (IsAsciiDigit(c)) digits.push_back(char(c));
    }
    if (digits.size() >= 5 && digits.size() <= 12) b.AddProfile({"QQ", digits, ""});
  }
}

// Removes e-mails, phones, URLs and resume words from a header line before looking for a name.
std::u32string WithoutContacts(std::u32string t) {
  for (int guard = 0; guard < 6; ++guard) {
    bool changed = false;
    if (auto e = FindEmail(t)) {
      t.replace(e->begin, e->end - e->begin, U"  ");
      changed = true;
    }
    if (auto p = FindPhone(t, false)) {
      t.replace(p->begin, p->end - p->begin, U"  ");
      changed = true;
    }
    if (!changed) break;
  }
  const auto urls = FindUrls(t);
  for (auto it = urls.rbegin(); it != urls.rend(); ++it) t.replace(it->begin, it->end - it->begin, U"  ");
  for (const auto& w : GetLexicon().resume_words) {
    const size_t p = FindTerm(t, AsciiLower(t), w);
    if (p != npos) t.replace(p, w.text.size(), std::u32string(w.text.size(), U' '));
  }
  return t;
}

json BasicsJson(const Basics& b) {
  json o = json::object();
  SetIf(o, "name", b.name);
  SetIf(o, "label", b.label);
  SetIf(o, "email", b.email);
  SetIf(o, "phone", b.phone);
  SetIf(o, "url", b.url);
  SetIf(o, "summary", b.summary);
  json loc = json::object();
  if (b.place) {
    SetIf(loc, "city", b.place->city);
    SetIf(loc, "region", b.place->region);
    SetIf(loc, "countryCode", b.place->country_code);
  }
  SetIf(loc, "address", b.address);
  if (!loc.empty()) o["location"] = std::move(loc);
  json profiles = json::array();
  for (const auto& p : b.profiles) {
    json q = json::object();
    SetIf(q, "network", p.network);
    SetIf(q, "username", p.username);
    SetIf(q, "url", p.url);
    profiles.push_back(std::move(q));
  }
  if (!profiles.empty()) o["profiles"] = std::move(profiles);
  return o;
}

}  // namespace

std::optional<Heading> DetectHeading(const std::u32string& line, bool after_first_heading) {
  const Lexicon& lx = GetLexicon();
  const std::u32string t(Trim(line));
  if (t.empty()) return std::nullopt;
  if (t.size() <= 48) {
    const std::u32string core = StripDecorations(t);
    if (!core.empty() && core.size() <= 36) {
      const std::u32string key = LookupKey(core);
      if (auto it = lx.headings.find(key); it != lx.headings.end()) return Heading{it->second, {}};
      // Bilingual headings: "工作经历 Work Experience", "教育背景/EDUCATION".
      std::u32string han, latin;
      for (char32_t c : core) {
        if (IsHan(c)) han.push_back(c);
        else latin.push_back(c);
      }
      const std::u32string hk = LookupKey(han), lk = LookupKey(latin);
      auto hit = lx.headings.find(hk);
      if (!hk.empty() && hit != lx.headings.end() && (lk.empty() || lx.headings.count(lk))) {
        return Heading{hit->second, {}};
      }
      // Compound headings: "Skills & Tools", "Awards and Certifications", "技能与证书", "项目/科研经历".
      {
        std::vector<std::u32string> parts(1);
        const std::u32string lower = AsciiLower(core);
        for (size_t i = 0; i < core.size(); ++i) {
          const char32_t c = core[i];
          const bool sep = c == '&' || c == '/' || c == '+' || c == U'、' || c == U'及' || c == U'与' ||
                           c == U'和' || (lower.compare(i, 5, U" and ") == 0);
          if (sep) {
            parts.emplace_back();
            if (lower.compare(i, 5, U" and ") == 0) i += 4;
          } else {
            parts.back().push_back(c);
          }
        }
        if (parts.size() >= 2 && parts.size() <= 3) {
          for (const auto& part : parts) {
            auto it = lx.headings.find(LookupKey(part));
            if (it != lx.headings.end()) return Heading{it->second, {}};
          }
        }
      }
      if (after_first_heading && (core.front() == U'【' || t.front() == U'【') && core.size() <= 12 && han.size() >= 2) {
        return Heading{SectionKind::kOther, {}};
      }
    }
    if (after_first_heading && IsAllCapsHeading(t)) return Heading{SectionKind::kOther, {}};
  }
  const size_t colon = t.find(':');
  if (colon != npos && colon > 0 && colon <= 24) {
    const std::u32string key = LookupKey(StripDecorations(t.substr(0, colon)));
    auto it = lx.headings.find(key);
    if (it != lx.headings.end() && lx.inline_sections.count(it->second)) {
      std::u32string rest(Trim(std::u32string_view(t).substr(colon + 1)));
      if (rest.empty()) return Heading{it->second, {}};
      return Heading{it->second, rest};
    }
    if (it != lx.headings.end() && Trim(std::u32string_view(t).substr(colon + 1)).empty()) {
      return Heading{it->second, {}};
    }
  }
  return std::nullopt;
}

TextParse ParseResumeText(std::string_view normalized_utf8) {
  TextParse out;
  const Lexicon& lx = GetLexicon();
  std::vector<Line> lines = PrepareLines(ToU32(normalized_utf8), out.warnings);
  out.language = DetectLanguage(lines);

  // Sections.
  std::vector<Section> sections(1);
  bool seen_heading = false;
  for (auto& l : lines) {
    auto h = DetectHeading(l.text, seen_heading);
    if (h && !h->rest.empty()) {
      // "技术栈：Java" inside a project is a field of the entry, not a new skills section.
      const SectionKind cur = sections.back().kind;
      const bool entry_section = cur == SectionKind::kWork || cur == SectionKind::kProjects ||
                                 cur == SectionKind::kEducation || cur == SectionKind::kVolunteer;
      auto lab = SplitLabel(l.text);
      if (entry_section && lab && lx.labels.count(lab->key)) h.reset();
      // "Languages: Go, Python" under Skills lists programming languages.
      if (h && h->kind == SectionKind::kLanguages && cur == SectionKind::kSkills) {
        LanguageCollector probe;
        if (!ParseLanguages(h->rest, probe, true)) h.reset();
      }
    }
    if (h) {
      // A heading word inside an entry ("Projects" as a sub-title) still starts a section; the
      // cost of the rare mistake is lower than missing real sections.
      sections.push_back({h->kind, {}});
      seen_heading = true;
      if (!h->rest.empty()) sections.back().lines.push_back({h->rest, false});
      continue;
    }
    sections.back().lines.push_back(l);
  }
  if (!seen_heading) out.warnings.push_back("no section headings found; only contact details were extracted");

  // ---- basics
  Basics b;
  std::vector<const Line*> header_lines;
  for (const auto& s : sections) {
    if (s.kind == SectionKind::kNone || s.kind == SectionKind::kBasics) {
      for (const auto& l : s.lines) header_lines.push_back(&l);
    }
  }
  std::set<const Line*> labelled_lines;
  for (const Line* l : header_lines) {
    const auto pairs = FindLabelledPairs(l->text);
    for (const auto& p : pairs) ApplyBasicsLabel(b, p);
    if (!pairs.empty()) labelled_lines.insert(l);
  }
  for (const auto& s : sections) {
    if (s.kind != SectionKind::kIntention) continue;
    for (const auto& l : s.lines) {
      const auto pairs = FindLabelledPairs(l.text);
      for (const auto& p : pairs) ApplyBasicsLabel(b, p);
      if (pairs.empty() && b.label.empty() && l.text.size() <= 30 && TitleScore(l.text) > 0) {
        b.label = TrimPunct(l.text);
      }
    }
  }
  auto scan_contacts = [&](const Line& l, bool header) {
    if (b.email.empty()) {
      if (auto e = FindEmail(l.text)) b.email = ToU32(e->value);
    }
    if (b.phone.empty()) {
      if (auto p = FindPhone(l.text, false)) b.phone = ToU32(p->value);
    }
    if (header) {
      for (const auto& u : FindUrls(l.text)) b.AddUrl(u.value);
    }
  };
  for (const Line* l : header_lines) scan_contacts(*l, true);
  for (const auto& s : sections) {
    const bool profile_ok = s.kind == SectionKind::kSummary || s.kind == SectionKind::kOther ||
                            s.kind == SectionKind::kIntention;
    for (const auto& l : s.lines) scan_contacts(l, profile_ok);
  }
  // Name: a labelled field, else the first header lines.
  const Section& top = sections[0];
  size_t name_line = npos;
  if (b.name.empty()) {
    const size_t limit = std::min<size_t>(header_lines.size(), 8);
    for (int pass = 0; pass < 2 && b.name.empty(); ++pass) {
      for (size_t i = 0; i < limit && b.name.empty(); ++i) {
        if (labelled_lines.count(header_lines[i])) continue;
        const std::u32string t = WithoutContacts(header_lines[i]->text);
        const auto segs = SplitSegments(t);
        for (size_t k = 0; k < segs.size() && k < 3; ++k) {
          // The first line may hold a name without a known surname; later lines must be surer.
          if (auto n = AsPersonName(segs[k].text, !(pass == 1 && i == 0))) {
            b.name = ToU32(*n);
            name_line = i;
            for (size_t m = k + 1; m < segs.size() && b.label.empty(); ++m) {
              if (TitleScore(segs[m].text) >= 2 && segs[m].text.size() <= 40) b.label = segs[m].text;
            }
            break;
          }
          // "张三 Zhang San": the Chinese part alone.
          std::u32string han;
          for (char32_t c : segs[k].text) {
            if (IsHan(c) || c == U'·') han.push_back(c);
          }
          if (!han.empty() && han.size() < segs[k].text.size()) {
            if (auto n = AsPersonName(han, true)) {
              b.name = ToU32(*n);
              name_line = i;
              break;
            }
          }
        }
      }
    }
  }
  if (b.name.empty()) out.warnings.push_back("name not found");
  // Label: a short title line near the name.
  if (b.label.empty()) {
    for (size_t i = 0; i < std::min<size_t>(top.lines.size(), 6); ++i) {
      const Line& l = top.lines[i];
      if (name_line != npos && header_lines.size() > name_line && &l == header_lines[name_line]) continue;
      if (labelled_lines.count(&l) || l.text.size() > 120) continue;
      for (const auto& sg : SplitSegments(WithoutContacts(l.text))) {
        const std::u32string& t = sg.text;
        if (t.empty() || t.size() > 40 || sg.paren) continue;
        bool digits = false;
        for (char32_t c : t) digits = digits || IsAsciiDigit(c);
        if (!digits && TitleScore(t) >= 2 && CompanyScore(t) < 3 && !FindPlace(t, true)) {
          b.label = t;
          break;
        }
      }
      if (!b.label.empty()) break;
    }
  }
  // Location: a header segment that is a place.
  if (!b.place && b.address.empty()) {
    for (const Line* l : header_lines) {
      if (labelled_lines.count(l)) continue;
      for (const auto& s : SplitSegments(WithoutContacts(l->text))) {
        if (auto p = FindPlace(s.text, true); p && !p->city.empty()) {
          b.place = p;
          break;
        }
      }
      if (b.place) break;
    }
  }

  // ---- sections
  json work = json::array(), volunteer = json::array(), education = json::array(), projects = json::array();
  json certificates = json::array(), awards = json::array(), publications = json::array(), interests = json::array();
  std::vector<std::u32string> summary_lines;
  SkillCollector skills{out.language, {}, {}, {}, {}};
  LanguageCollector langs;
  for (auto& s : sections) {
    switch (s.kind) {
      case SectionKind::kNone: {
        // An unheaded profile paragraph under the name (common in English resumes).
        for (const auto& l : s.lines) {
          if (l.text.size() >= 80 && !labelled_lines.count(&l) && !FindEmail(l.text) && !FindPhone(l.text, false)) {
            summary_lines.push_back(l.text);
          }
        }
        break;
      }
      case SectionKind::kSummary:
        for (const auto& l : s.lines) {
          auto bl = StripBullet(l.text);
          summary_lines.push_back(bl ? *bl : l.text);
        }
        break;
      case SectionKind::kWork:
      case SectionKind::kVolunteer: {
        const bool vol = s.kind == SectionKind::kVolunteer;
        auto entries = SplitEntries(s.lines, SectionKind::kWork, out.warnings);
        for (auto& e : entries) {
          json& target = vol ? volunteer : work;
          json w = BuildWork(e, vol, target.size(), out.warnings);
          if (!w.empty()) target.push_back(std::move(w));
        }
        break;
      }
      case SectionKind::kEducation: {
        auto entries = SplitEntries(s.lines, SectionKind::kEducation, out.warnings);
        for (auto& e : entries) {
          json ed = BuildEducation(e, education.size(), out.warnings);
          if (!ed.empty()) education.push_back(std::move(ed));
        }
        break;
      }
      case SectionKind::kProjects: {
        auto entries = SplitEntries(s.lines, SectionKind::kProjects, out.warnings);
        for (auto& e : entries) {
          json p = BuildProject(e, projects.size(), out.warnings);
          if (!p.empty()) projects.push_back(std::move(p));
        }
        break;
      }
      case SectionKind::kSkills:
        for (const auto& l : s.lines) ParseSkillLine(l.text, skills, langs);
        break;
      case SectionKind::kLanguages:
        for (const auto& l : s.lines) {
          auto bl = StripBullet(l.text);
          ParseLanguages(bl ? *bl : l.text, langs, true);
        }
        break;
      case SectionKind::kCertificates:
      case SectionKind::kAwards: {
        const bool cert = s.kind == SectionKind::kCertificates;
        for (const auto& l : s.lines) {
          for (const auto& item : ItemsOfLine(l.text)) {
            ParseLanguages(item, langs, true);
            json o = cert ? BuildDatedItem(item, "name", "date", "issuer") : BuildDatedItem(item, "title", "date", "awarder");
            if (!o.is_null() && !o.empty()) (cert ? certificates : awards).push_back(std::move(o));
          }
        }
        break;
      }
      case SectionKind::kPublications:
        for (const auto& l : s.lines) {
          auto bl = StripBullet(l.text);
          json o = BuildDatedItem(bl ? *bl : l.text, "name", "releaseDate", "publisher");
          if (!o.is_null() && !o.empty()) publications.push_back(std::move(o));
        }
        break;
      case SectionKind::kInterests:
        for (const auto& l : s.lines) {
          for (const auto& item : ItemsOfLine(l.text)) {
            if (item.size() <= 40 && !LookupKey(item).empty()) interests.push_back({{"name", ToUtf8(item)}});
          }
        }
        break;
      case SectionKind::kBasics:
      case SectionKind::kIntention:
      case SectionKind::kReferences:
      case SectionKind::kOther:
        break;
    }
  }
  if (!summary_lines.empty()) b.summary = JoinLines(summary_lines);

  json& r = out.resume;
  json basics = BasicsJson(b);
  if (!basics.empty()) r["basics"] = std::move(basics);
  if (!work.empty()) r["work"] = std::move(work);
  if (!volunteer.empty()) r["volunteer"] = std::move(volunteer);
  if (!education.empty()) r["education"] = std::move(education);
  if (!projects.empty()) r["projects"] = std::move(projects);
  json sk = skills.ToJson();
  if (!sk.empty()) r["skills"] = std::move(sk);
  json lg = langs.ToJson();
  if (!lg.empty()) r["languages"] = std::move(lg);
  if (!certificates.empty()) r["certificates"] = std::move(certificates);
  if (!awards.empty()) r["awards"] = std::move(awards);
  if (!publications.empty()) r["publications"] = std::move(publications);
  if (!interests.empty()) r["interests"] = std::move(interests);
  return out;
}

}  // namespace recruit::resume_detail
