#include "recruit/resume_fields.h"

#include <algorithm>

#include "recruit/resume_dates.h"
#include "recruit/resume_text.h"

namespace recruit::resume_detail {
namespace {

constexpr size_t npos = std::u32string::npos;

bool IsEmailLocalChar(char32_t c) {
  return IsAsciiAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}
bool IsDomainChar(char32_t c) { return IsAsciiAlnum(c) || c == '.' || c == '-'; }

bool EndsWith(std::u32string_view s, std::u32string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Text with trailing brackets/punctuation removed, for "ends with" tests.
std::u32string Core(const std::u32string& text) {
  std::u32string t = TrimPunct(text);
  while (!t.empty() && (t.back() == ')' || t.back() == ']')) {
    const size_t open = t.find_last_of(U"([");
    if (open == npos) break;
    t = std::u32string(Trim(std::u32string_view(t).substr(0, open)));
  }
  return t;
}

bool IsUrlChar(char32_t c) {
  if (c <= ' ' || c >= 0x7F) return false;
  return c != '"' && c != '<' && c != '>' && c != '`' && c != '{' && c != '}' && c != '|' && c != '\\' && c != '^';
}

std::string LowerAscii(std::string s) {
  for (auto& c : s) {
    if (c >= 'A' && c <= 'Z') c = char(c + 32);
  }
  return s;
}

std::u32string TitleCase(std::u32string_view word) {
  std::u32string out(word);
  bool start = true;
  for (auto& c : out) {
    if (IsAsciiAlpha(c)) {
      c = start ? (c >= 'a' && c <= 'z' ? c - 32 : c) : AsciiLower(c);
      start = false;
    } else {
      start = (c == '-' || c == '\'' || c == ' ' || c == '.');
    }
  }
  return out;
}

bool IsChineseNumeral(char32_t c) { return std::u32string_view(U"一二三四五六七八九十").find(c) != npos; }

}  // namespace

std::optional<Span> FindEmail(const std::u32string& line) {
  for (size_t at = line.find('@'); at != npos; at = line.find('@', at + 1)) {
    size_t l = at;
    while (l > 0 && IsEmailLocalChar(line[l - 1])) --l;
    size_t r = at + 1;
    while (r < line.size() && IsDomainChar(line[r])) ++r;
    while (l < at && (line[l] == '.' || line[l] == '-')) ++l;
    while (r > at + 1 && (line[r - 1] == '.' || line[r - 1] == '-')) --r;
    if (l == at || at - l > 64 || r <= at + 1) continue;
    const std::u32string domain = AsciiLower(line.substr(at + 1, r - at - 1));
    const size_t dot = domain.rfind('.');
    if (dot == npos || dot == 0 || domain.find(U"..") != npos) continue;
    size_t tld_letters = 0;
    bool tld_ok = true;
    for (size_t i = dot + 1; i < domain.size(); ++i) {
      if (IsAsciiAlpha(domain[i])) {
        ++tld_letters;
      } else {
        tld_ok = false;
      }
    }
    if (!tld_ok || tld_letters < 2) continue;
    const std::u32string local = line.substr(l, at - l);
    if (local.find(U"..") != npos) continue;
    return Span{ToUtf8(local) + "@" + ToUtf8(domain), l, r};
  }
  return std::nullopt;
}

std::optional<Span> FindPhone(const std::u32string& line, bool labelled) {
  const size_t n = line.size();
  for (size_t i = 0; i < n; ++i) {
    const char32_t c = line[i];
    if (!(c == '+' || IsAsciiDigit(c) || c == '(')) continue;
    if (i > 0 && (IsAsciiAlnum(line[i - 1]) || line[i - 1] == '.' || line[i - 1] == '+' || line[i - 1] == '@' ||
                  line[i - 1] == '/' || line[i - 1] == '_')) {
      continue;
    }
    std::string digits;
    std::vector<std::pair<size_t, size_t>> boundaries;  // (digit count, position after) at each group end
    size_t j = i;
    while (j < n && j - i < 28) {
      const char32_t ch = line[j];
      if (IsAsciiDigit(ch)) {
        digits.push_back(char(ch));
        ++j;
        if (j >= n || !IsAsciiDigit(line[j])) boundaries.emplace_back(digits.size(), j);
      } else if (ch == '+' && (j == i || line[j - 1] == '(')) {
        ++j;
      } else if (ch == '-' || ch == '(' || ch == ')' || ch == '.') {
        if (j + 1 < n && (IsAsciiDigit(line[j + 1]) || line[j + 1] == ' ' || line[j + 1] == '(')) {
          ++j;
        } else {
          if (ch == ')') ++j;
          break;
        }
      } else if (ch == ' ' && j + 1 < n && (IsAsciiDigit(line[j + 1]) || line[j + 1] == '(' || line[j + 1] == '-')) {
        ++j;
      } else {
        break;
      }
    }
    if (digits.size() < 7) {
      i = std::max(i, j > 0 ? j - 1 : 0);
      continue;
    }
    const bool plus = line[i] == '+' || (line[i] == '(' && i + 1 < n && line[i + 1] == '+');
    // Chinese mobile at a group boundary: [+]86 / 0086 prefix, then 1[3-9] and nine digits.
    for (const auto& [count, end] : boundaries) {
      std::string d = digits.substr(0, count);
      bool country = false;
      if (d.size() == 15 && d.compare(0, 4, "0086") == 0) {
        d = d.substr(4);
        country = true;
      } else if (d.size() == 13 && d.compare(0, 2, "86") == 0) {
        d = d.substr(2);
        country = true;
      }
      // "+1 415 555 0132" is American although its digits look like a Chinese mobile.
      if (plus && !country) continue;
      if (d.size() == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9') {
        if (end < n && IsAsciiAlnum(line[end])) break;
        return Span{"+86" + d, i, end};
      }
      if (d.size() > 15) break;
    }
    const size_t end = boundaries.empty() ? j : boundaries.back().second;
    if (end < n && IsAsciiDigit(line[end])) continue;
    std::u32string raw = std::u32string(Trim(std::u32string_view(line).substr(i, end - i)));
    if (plus && digits.size() >= 8 && digits.size() <= 15) {
      std::string d = digits;
      if (d.size() > 3 && d.compare(0, 2, "86") == 0 && d[2] == '0') d.erase(2, 1);  // +86 (0)10 ...
      return Span{"+" + d, i, end};
    }
    if (!FindDates(raw).empty()) continue;
    if (labelled && digits.size() >= 7 && digits.size() <= 15) return Span{ToUtf8(raw), i, end};
    // (555) 123-4567, 555-123-4567, 555.123.4567
    if (digits.size() == 10) {
      std::u32string shape;
      for (char32_t ch : raw) shape.push_back(IsAsciiDigit(ch) ? U'9' : ch);
      if (shape == U"(999) 999-9999" || shape == U"999-999-9999" || shape == U"999.999.9999" ||
          shape == U"(999)999-9999") {
        return Span{ToUtf8(raw), i, end};
      }
    }
  }
  return std::nullopt;
}

std::string NormalizePhone(const std::string& phone) {
  const std::u32string u = ToU32(phone);
  if (auto p = FindPhone(u, true); p && !p->value.empty() && p->value[0] == '+') return p->value;
  return ToUtf8(Trim(u));
}

std::vector<Span> FindUrls(const std::u32string& line) {
  const Lexicon& lx = GetLexicon();
  std::vector<Span> out;
  for (size_t i = 0; i < line.size();) {
    if (!IsUrlChar(line[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < line.size() && IsUrlChar(line[j])) ++j;
    size_t b = i, e = j;
    i = j;
    while (b < e && std::u32string_view(U"([<:'\",;").find(line[b]) != npos) ++b;
    while (e > b && std::u32string_view(U".,;:!?)]>'\"").find(line[e - 1]) != npos) --e;
    if (e <= b) continue;
    std::u32string tok = line.substr(b, e - b);
    std::string s = ToUtf8(tok);
    std::string lower = LowerAscii(s);
    const bool scheme = lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0;
    if (!scheme && lower.find('@') != std::string::npos) continue;  // an e-mail
    std::string rest = scheme ? lower.substr(lower.find("://") + 3) : lower;
    const std::string host = rest.substr(0, rest.find_first_of("/?#"));
    bool ok = scheme || lower.rfind("www.", 0) == 0;
    if (!ok) {
      for (const auto& [domain, network] : lx.profile_domains) {
        const std::string d = ToUtf8(domain);
        if ((host == d || (host.size() > d.size() && host.compare(host.size() - d.size(), d.size(), d) == 0 &&
                           host[host.size() - d.size() - 1] == '.')) &&
            rest.size() > host.size() + 1) {
          ok = true;
          break;
        }
      }
    }
    if (!ok || host.find('.') == std::string::npos || host.size() < 4) continue;
    bool host_ok = true;
    for (char ch : host) {
      if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '-' || ch == ':')) host_ok = false;
    }
    if (!host_ok) continue;
    out.push_back(Span{scheme ? s : "https://" + s, b, e});
  }
  return out;
}

std::optional<Profile> ProfileFromUrl(const std::string& url) {
  const Lexicon& lx = GetLexicon();
  const std::string lower = LowerAscii(url);
  const size_t scheme = lower.find("://");
  const std::string rest = scheme == std::string::npos ? lower : lower.substr(scheme + 3);
  const std::string host = rest.substr(0, rest.find_first_of("/?#"));
  for (const auto& [domain, network] : lx.profile_domains) {
    const std::string d = ToUtf8(domain);
    const bool match = host == d || host == "www." + d ||
                       (host.size() > d.size() && host.compare(host.size() - d.size(), d.size(), d) == 0 &&
                        host[host.size() - d.size() - 1] == '.');
    if (!match) continue;
    Profile p{network, "", url};
    // The user name is the first path segment that is not a route word ("/in/", "/people/").
    const std::string original_rest = scheme == std::string::npos ? url : url.substr(scheme + 3);
    std::string path = original_rest.substr(std::min(original_rest.size(), host.size()));
    path = path.substr(0, path.find_first_of("?#"));  // the query and fragment name no user
    size_t pos = 0;
    while (pos < path.size()) {
      while (pos < path.size() && path[pos] == '/') ++pos;
      size_t end = path.find('/', pos);
      if (end == std::string::npos) end = path.size();
      std::string seg = path.substr(pos, end - pos);
      pos = end;
      const std::string ls = LowerAscii(seg);
      if (seg.empty() || ls == "in" || ls == "pub" || ls == "people" || ls == "u" || ls == "user" || ls == "users" ||
          ls == "profile" || ls == "channel" || ls == "org" || ls == "column") {
        continue;
      }
      if (!seg.empty() && seg[0] == '@') seg.erase(0, 1);
      p.username = seg;
      break;
    }
    return p;
  }
  return std::nullopt;
}

std::optional<std::string> AsPersonName(const std::u32string& text, bool strict) {
  const Lexicon& lx = GetLexicon();
  std::u32string t = TrimPunct(text);
  if (t.empty() || t.size() > 40) return std::nullopt;
  const std::u32string key = LookupKey(t);
  if (key.empty() || lx.headings.count(key) || lx.labels.count(key)) return std::nullopt;
  const std::u32string lower = AsciiLower(t);
  for (const auto& w : lx.resume_words) {
    if (FindTerm(t, lower, w) != npos) return std::nullopt;
  }
  size_t han = 0, latin = 0, other = 0;
  for (char32_t c : t) {
    if (IsHan(c)) ++han;
    else if (IsAsciiAlpha(c) || (c >= 0xC0 && c <= 0x24F)) ++latin;
    else if (!IsSpace(c) && c != 0xB7 && c != 0x2022 && c != '.' && c != '-' && c != '\'' && c != 0x30FB) ++other;
  }
  if (other > 0) return std::nullopt;
  if (han > 0 && latin == 0) {
    std::u32string compact;
    for (char32_t c : t) {
      if (!IsSpace(c)) compact.push_back(c == 0x2022 || c == 0x30FB || c == '.' ? U'·' : c);
    }
    const bool dotted = compact.find(U'·') != npos;
    if (han < 2 || han > (dotted ? 10 : 4)) return std::nullopt;
    bool known = lx.surnames.count(compact[0]) > 0;
    for (const auto& cs : lx.compound_surnames) {
      if (compact.compare(0, cs.size(), cs) == 0) known = true;
    }
    if (strict && !known && !dotted) return std::nullopt;
    if (TitleScore(compact) > 0 || CompanyScore(compact) > 0 || SchoolScore(compact) > 0) return std::nullopt;
    if (FindPlace(compact, true)) return std::nullopt;
    for (const auto& [term, lang] : lx.languages) {
      if (term.han && compact.find(term.text) != npos) return std::nullopt;
    }
    if (FindDegree(compact, true)) return std::nullopt;
    return ToUtf8(compact);
  }
  if (latin > 0 && han == 0) {
    std::vector<std::u32string> words;
    size_t start = 0;
    for (size_t i = 0; i <= t.size(); ++i) {
      if (i == t.size() || IsSpace(t[i])) {
        if (i > start) words.push_back(t.substr(start, i - start));
        start = i + 1;
      }
    }
    if (words.size() < 2 || words.size() > 4) return std::nullopt;
    bool all_caps = true;
    for (const auto& w : words) {
      for (char32_t c : w) {
        if (c >= 'a' && c <= 'z') all_caps = false;
      }
    }
    for (const auto& w : words) {
      if (!(w[0] >= 'A' && w[0] <= 'Z') && !(w[0] >= 0xC0 && w[0] <= 0xDE)) return std::nullopt;
      if (w.size() > 20) return std::nullopt;
      const std::u32string lw = AsciiLower(w);
      for (const auto& [name, m] : lx.month_names) {
        if (lw == name) return std::nullopt;
      }
    }
    if (TitleScore(t) > 0 || CompanyScore(t) > 0 || SchoolScore(t) > 0 || FindPlace(t, false)) return std::nullopt;
    for (const auto& [term, lang] : lx.languages) {
      if (FindTerm(t, lower, term) != npos) return std::nullopt;
    }
    if (FindDegree(t, true)) return std::nullopt;
    std::u32string out;
    for (size_t i = 0; i < words.size(); ++i) {
      if (i) out.push_back(' ');
      out += all_caps ? TitleCase(words[i]) : words[i];
    }
    return ToUtf8(out);
  }
  return std::nullopt;
}

std::optional<DegreeHit> FindDegree(const std::u32string& text, bool education_context) {
  const Lexicon& lx = GetLexicon();
  const std::u32string lower = AsciiLower(text);
  for (const auto& level : lx.degrees) {
    TermHit best;
    for (size_t i = 0; i < level.terms.size(); ++i) {
      const Term& t = level.terms[i];
      if (t.exact_case && !education_context) continue;
      const size_t p = FindTerm(text, lower, t);
      if (p == npos) continue;
      if (best.pos == npos || t.text.size() > best.len) best = {i, p, t.text.size()};
    }
    if (best.pos != npos) return DegreeHit{level.study_type, best.pos, best.len};
  }
  return std::nullopt;
}

std::optional<Place> FindPlace(const std::u32string& text, bool whole_text) {
  const Lexicon& lx = GetLexicon();
  const std::u32string t = TrimPunct(text);
  if (t.empty() || t.size() > 60) return std::nullopt;
  const std::u32string lower = AsciiLower(t);
  const TermHit hit = FindLongest(t, lower, lx.cities, [](const auto& p) -> const Term& { return p.first; });
  if (hit.pos != npos) {
    const City& city = lx.cities[hit.index].second;
    Place place{city.name, city.region, city.country_code};
    // A city written in Latin letters keeps its spelling ("San Francisco", not "旧金山").
    if (!lx.cities[hit.index].first.han) place.city = ToUtf8(t.substr(hit.pos, hit.len));
    std::u32string rest = t.substr(0, hit.pos) + U" " + t.substr(hit.pos + hit.len);
    std::u32string rest_key = LookupKey(rest);
    if (!whole_text) return place;
    // Allowed leftovers: 市/省, the region, the country, a district ("浦东新区"), a US state.
    // Longest first, so that "wa" does not eat into "washington".
    std::vector<std::u32string> allowed{LookupKey(ToU32(city.region))};
    for (const auto& [term, cc] : lx.countries) {
      if (cc == city.country_code) allowed.push_back(LookupKey(term.text));
    }
    if (city.country_code == "US") {
      for (const auto& [name, code] : lx.us_states) {
        if (code == city.region) allowed.push_back(LookupKey(name));
      }
    }
    std::sort(allowed.begin(), allowed.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
    auto erase_all = [&](const std::u32string& what) {
      if (what.empty()) return;
      for (size_t p = rest_key.find(what); p != npos; p = rest_key.find(what)) rest_key.erase(p, what.size());
    };
    for (const auto& a : allowed) erase_all(a);
    erase_all(U"市");
    erase_all(U"省");
    erase_all(U"特别行政区");
    if (!rest_key.empty() && (rest_key.back() == U'区' || rest_key.back() == U'县' || rest_key.back() == U'镇') &&
        rest_key.size() <= 8) {
      bool all_han = true;
      for (char32_t c : rest_key) all_han = all_han && IsHan(c);
      if (all_han) rest_key.clear();
    }
    if (rest_key.empty()) return place;
    return std::nullopt;
  }
  // "Austin, TX", "Berlin, Germany".
  const size_t comma = t.rfind(',');
  if (comma != npos && comma > 0) {
    const std::u32string left(Trim(std::u32string_view(t).substr(0, comma)));
    const std::u32string right(Trim(std::u32string_view(t).substr(comma + 1)));
    bool left_ok = !left.empty() && left.size() <= 30 && IsAsciiAlpha(left[0]) && left[0] >= 'A' && left[0] <= 'Z';
    for (char32_t c : left) left_ok = left_ok && (IsAsciiAlpha(c) || c == ' ' || c == '.' || c == '-');
    if (left_ok) {
      if (auto it = lx.us_states.find(AsciiLower(right)); it != lx.us_states.end() &&
                                                          (right.size() == 2 ? right == ToU32(it->second) : true)) {
        return Place{ToUtf8(left), it->second, "US"};
      }
      const std::u32string rl = AsciiLower(right);
      for (const auto& [term, cc] : lx.countries) {
        if (!term.han && term.text == rl) return Place{ToUtf8(left), "", cc};
      }
    }
  }
  if (whole_text) {
    const std::u32string key = LookupKey(t);
    for (const auto& [term, cc] : lx.countries) {
      if (LookupKey(term.text) == key) return Place{"", "", cc};
    }
  }
  return std::nullopt;
}

int TitleScore(const std::u32string& text) {
  const Lexicon& lx = GetLexicon();
  const std::u32string core = Core(text);
  const std::u32string lower = AsciiLower(core);
  int best = 0;
  for (const auto& term : lx.titles) {
    if (term.han) {
      if (EndsWith(core, term.text)) return 3;
      if (core.find(term.text) != npos) best = std::max(best, 1);
      continue;
    }
    const size_t p = FindTerm(core, lower, term);
    if (p == npos) continue;
    best = std::max(best, p + term.text.size() == core.size() ? 3 : 2);
  }
  return best;
}

int CompanyScore(const std::u32string& text) {
  const Lexicon& lx = GetLexicon();
  const std::u32string core = Core(text);
  const std::u32string lower = AsciiLower(core);
  int best = 0;
  for (const auto& term : lx.company_known) {
    if (FindTerm(core, lower, term) != npos) return 3;
  }
  for (const auto& term : lx.company_words) {
    if (term.han) {
      if (EndsWith(core, term.text)) return 3;
      if (core.find(term.text) != npos) best = std::max(best, 1);
      continue;
    }
    const size_t p = FindTerm(core, lower, term);
    if (p == npos) continue;
    best = std::max(best, p + term.text.size() == lower.size() ? 3 : 2);
  }
  return best;
}

int SchoolScore(const std::u32string& text) {
  const Lexicon& lx = GetLexicon();
  const std::u32string core = Core(text);
  const std::u32string lower = AsciiLower(core);
  for (const auto& term : lx.school_known) {
    if (FindTerm(core, lower, term) != npos) return 3;
  }
  int best = 0;
  for (const auto& term : lx.school_words) {
    if (term.han) {
      if (EndsWith(core, term.text)) return 3;
      if (core.find(term.text) != npos) best = std::max(best, 2);
      continue;
    }
    if (FindTerm(core, lower, term) != npos) best = 3;
  }
  return best;
}

bool IsDepartment(const std::u32string& text) {
  const Lexicon& lx = GetLexicon();
  const std::u32string core = Core(text);
  if (TitleScore(core) > 0) return false;
  const std::u32string lower = AsciiLower(core);
  for (const auto& term : lx.department_words) {
    if (term.han) {
      if (EndsWith(core, term.text) && CompanyScore(core) < 3) return true;
    } else if (FindTerm(core, lower, term) != npos) {
      return true;
    }
  }
  return false;
}

bool IsWorkType(const std::u32string& text) {
  const std::u32string key = LookupKey(text);
  for (const auto& term : GetLexicon().worktype_words) {
    if (LookupKey(term.text) == key) return true;
  }
  return false;
}

std::optional<std::u32string> StripBullet(const std::u32string& line) {
  std::u32string_view t = Trim(line);
  if (t.empty()) return std::nullopt;
  static const std::u32string_view kBullets =
      U"•·●○◦▪▫■□◆◇▶►▸▹➢➤✓✔✗★☆※♦❖◎⊙∙⁃‣>*+→⇒❥♥➔✦✧◉◆▷▻";
  auto rest_of = [&](size_t k) -> std::optional<std::u32string> {
    std::u32string r(Trim(t.substr(k)));
    if (r.empty()) return std::nullopt;
    return r;
  };
  if (kBullets.find(t[0]) != npos) return rest_of(1);
  if (IsDash(t[0]) && t.size() > 1 && (IsSpace(t[1]) || !IsAsciiDigit(t[1]))) {
    size_t k = 1;
    while (k < t.size() && IsDash(t[k])) ++k;
    return rest_of(k);
  }
  // "1." "1、" "1)" "(1)" "一、"
  size_t k = 0;
  if (t[0] == '(') {
    k = 1;
    size_t d = k;
    while (d < t.size() && (IsAsciiDigit(t[d]) || IsChineseNumeral(t[d])) && d - k < 2) ++d;
    if (d > k && d < t.size() && t[d] == ')') return rest_of(d + 1);
    return std::nullopt;
  }
  while (k < t.size() && IsAsciiDigit(t[k]) && k < 2) ++k;
  if (k > 0 && k < t.size()) {
    const char32_t m = t[k];
    if ((m == '.' || m == U'、' || m == ')' || m == U'．') && !(k + 1 < t.size() && IsAsciiDigit(t[k + 1]))) {
      return rest_of(k + 1);
    }
    return std::nullopt;
  }
  k = 0;
  while (k < t.size() && IsChineseNumeral(t[k]) && k < 2) ++k;
  if (k > 0 && k < t.size() && (t[k] == U'、' || t[k] == '.')) return rest_of(k + 1);
  return std::nullopt;
}

std::optional<Labelled> SplitLabel(const std::u32string& line) {
  const std::u32string_view t = Trim(line);
  const size_t colon = t.find(':');
  if (colon == npos || colon == 0 || colon > 24) return std::nullopt;
  const std::u32string key = LookupKey(t.substr(0, colon));
  if (key.empty() || !GetLexicon().labels.count(key)) return std::nullopt;
  return Labelled{key, std::u32string(Trim(t.substr(colon + 1)))};
}

// "姓  名：张三" -> "姓名：张三": Chinese templates space out two-character labels to align them.
std::u32string JoinSpacedLabels(const std::u32string& in) {
  const Lexicon& lx = GetLexicon();
  std::u32string line = in;
  for (size_t colon = line.find(':'); colon != npos; colon = line.find(':', colon + 1)) {
    // Walk back over up to 6 Chinese characters separated by spaces.
    size_t b = colon, han = 0;
    while (b > 0 && han < 6) {
      if (IsSpace(line[b - 1])) {
        --b;
        continue;
      }
      if (!IsHan(line[b - 1])) break;
      --b;
      ++han;
    }
    while (b < colon && IsSpace(line[b])) ++b;
    for (size_t start = b; start < colon; ++start) {
      if (IsSpace(line[start])) continue;
      const std::u32string_view cand = std::u32string_view(line).substr(start, colon - start);
      if (cand.find(U' ') == std::u32string_view::npos) break;  // nothing to join
      if (lx.labels.count(LookupKey(cand))) {
        std::u32string joined;
        for (char32_t c : cand) {
          if (!IsSpace(c)) joined.push_back(c);
        }
        line.replace(start, colon - start, joined);
        colon = start + joined.size();
        break;
      }
    }
  }
  return line;
}

std::vector<Labelled> FindLabelledPairs(const std::u32string& raw_line) {
  const Lexicon& lx = GetLexicon();
  const std::u32string line = JoinSpacedLabels(raw_line);
  std::vector<Labelled> out;
  // Cells: tabs, runs of 2+ spaces, '|'.
  std::vector<std::u32string> cells;
  {
    std::u32string cur;
    for (size_t i = 0; i < line.size(); ++i) {
      const char32_t c = line[i];
      const bool sep = c == '\t' || c == '|' || (c == ' ' && i + 1 < line.size() && line[i + 1] == ' ');
      if (sep) {
        if (!Trim(cur).empty()) cells.emplace_back(Trim(cur));
        cur.clear();
        while (i + 1 < line.size() && (line[i + 1] == ' ' || line[i + 1] == '\t')) ++i;
      } else {
        cur.push_back(c);
      }
    }
    if (!Trim(cur).empty()) cells.emplace_back(Trim(cur));
  }
  for (size_t ci = 0; ci < cells.size(); ++ci) {
    const std::u32string& cell = cells[ci];
    if (cell.find(':') == npos) {
      const std::u32string key = LookupKey(cell);
      if (!key.empty() && lx.labels.count(key) && ci + 1 < cells.size() &&
          !lx.labels.count(LookupKey(cells[ci + 1])) && cells[ci + 1].find(':') == npos) {
        out.push_back({key, cells[ci + 1]});
        ++ci;
      }
      continue;
    }
    // "label:value label:value" inside one cell.
    struct Mark {
      size_t label_begin, colon;
      std::u32string key;
    };
    std::vector<Mark> marks;
    size_t floor = 0;
    for (size_t colon = cell.find(':'); colon != npos; colon = cell.find(':', colon + 1)) {
      size_t best = npos;
      std::u32string best_key;
      const size_t lo = colon > 16 ? std::max(floor, colon - 16) : floor;
      for (size_t s = lo; s < colon; ++s) {
        if (s > 0 && IsAsciiAlpha(cell[s]) && IsAsciiAlpha(cell[s - 1])) continue;  // mid-word
        const std::u32string key = LookupKey(std::u32string_view(cell).substr(s, colon - s));
        if (!key.empty() && lx.labels.count(key)) {
          best = s;
          best_key = key;
          break;  // the longest label ending at the colon
        }
      }
      if (best == npos) continue;
      marks.push_back({best, colon, best_key});
      floor = colon + 1;
    }
    for (size_t m = 0; m < marks.size(); ++m) {
      const size_t vb = marks[m].colon + 1;
      const size_t ve = m + 1 < marks.size() ? marks[m + 1].label_begin : cell.size();
      std::u32string value(Trim(std::u32string_view(cell).substr(vb, ve > vb ? ve - vb : 0)));
      if (value.empty() && m + 1 == marks.size() && ci + 1 < cells.size() && cells[ci + 1].find(':') == npos &&
          !lx.labels.count(LookupKey(cells[ci + 1]))) {
        value = cells[++ci];  // "电话:" in one cell, the number in the next
      }
      out.push_back({marks[m].key, value});
    }
  }
  return out;
}

std::vector<Segment> SplitSegments(const std::u32string& text) {
  std::vector<Segment> out;
  Segment cur;
  bool next_after_at = false;
  auto flush = [&](bool paren = false) {
    std::u32string t = TrimPunct(cur.text);
    if (!t.empty()) {
      out.push_back({t, paren, next_after_at && !paren});
      if (!paren) next_after_at = false;
    }
    cur.text.clear();
  };
  const std::u32string lower = AsciiLower(text);
  for (size_t i = 0; i < text.size(); ++i) {
    const char32_t c = text[i];
    if (c == '(' || c == '[' || c == U'【' || c == U'〔') {
      const char32_t close = c == '(' ? ')' : c == '[' ? ']' : c == U'【' ? U'】' : U'〕';
      const size_t e = text.find(close, i + 1);
      // "腾讯科技(深圳)有限公司": brackets inside a name stay in it.
      const bool inside_word = i > 0 && e != npos && e + 1 < text.size() && !IsSpace(text[i - 1]) &&
                               (IsHan(text[e + 1]) || IsAsciiAlnum(text[e + 1]));
      if (inside_word) {
        cur.text += text.substr(i, e - i + 1);
        i = e;
        continue;
      }
      if (e != npos && e - i < 80) {
        flush();
        cur.text = text.substr(i + 1, e - i - 1);
        flush(true);
        i = e;
        continue;
      }
    }
    if (c == '\t' || c == '|' || c == ',' || c == ';' || c == U'；' || c == U'，' || c == U'】' || c == U'【') {
      flush();
      continue;
    }
    if (c == ' ') {
      size_t k = i;
      while (k < text.size() && text[k] == ' ') ++k;
      if (k - i >= 2 || k >= text.size()) {
        flush();
        i = k - 1;
        continue;
      }
      const char32_t prev = i > 0 ? text[i - 1] : U' ';
      const char32_t next = text[k];
      if (lower.compare(k, 3, U"at ") == 0 || lower.compare(k, 2, U"@ ") == 0) {
        flush();
        next_after_at = true;
        i = k + (lower[k] == '@' ? 1 : 2);
        continue;
      }
      if (IsDash(next) || next == '/' || next == 0xB7 || next == 0x2022) {
        size_t m = k;
        while (m < text.size() && (IsDash(text[m]) || text[m] == '/' || text[m] == 0xB7 || text[m] == 0x2022)) ++m;
        if (m < text.size() && text[m] == ' ') {
          flush();
          i = m;
          continue;
        }
      }
      if (IsHan(prev) || (IsHan(next) && !IsAsciiAlnum(prev))) {
        flush();
        continue;
      }
      cur.text.push_back(c);
      continue;
    }
    // "阿里巴巴—高级工程师": a dash between Chinese characters.
    if ((c == 0x2014 || c == 0x2015 || c == 0x2013) && i > 0 && i + 1 < text.size() && IsHan(text[i - 1]) &&
        IsHan(text[i + 1])) {
      flush();
      continue;
    }
    cur.text.push_back(c);
  }
  flush();
  // Re-join "Acme, Inc." and "Austin, TX".
  std::vector<Segment> merged;
  const Lexicon& lx = GetLexicon();
  for (auto& s : out) {
    if (!merged.empty() && !s.paren && !merged.back().paren) {
      const std::u32string key = LookupKey(s.text);
      bool suffix = false;
      for (const auto& w : lx.company_words) {
        if (!w.han && LookupKey(w.text) == key && key.size() <= 5) suffix = true;
      }
      const std::u32string joined = merged.back().text + U", " + s.text;
      bool place = false;
      if (!suffix && s.text.size() <= 20) {
        if (auto p = FindPlace(joined, true); p && !FindPlace(merged.back().text, true)) place = true;
        if (auto it = lx.us_states.find(AsciiLower(s.text)); it != lx.us_states.end() && s.text.size() == 2 &&
                                                              FindPlace(joined, true)) {
          place = true;
        }
      }
      if (suffix || place) {
        merged.back().text = joined;
        continue;
      }
    }
    merged.push_back(std::move(s));
  }
  return merged;
}

}  // namespace recruit::resume_detail
