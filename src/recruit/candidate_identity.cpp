#include "recruit/candidate_identity.h"

#include <algorithm>
#include <set>

#include "core/date.h"
#include "recruit/resume_text.h"

namespace recruit {
namespace {

namespace rd = resume_detail;
using nlohmann::json;

std::string Lower(std::string s) {
  for (auto& c : s) {
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  }
  return s;
}

bool IsEmpty(const json& v) {
  if (v.is_null()) return true;
  if (v.is_string()) return rd::Trim(rd::ToU32(v.get_ref<const std::string&>())).empty();
  if (v.is_array() || v.is_object()) return v.empty();
  return false;
}

std::string Escape(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

// A sortable time of a record: RFC 3339 instants and dates both compare as UTC milliseconds.
std::optional<int64_t> TimeOf(const json& record, const char* key) {
  auto it = record.find(key);
  if (it == record.end() || !it->is_string()) return std::nullopt;
  const std::string& s = it->get_ref<const std::string&>();
  if (auto t = core::ParseInstant(s, key); t.ok()) return t->time_since_epoch().count();
  if (auto d = core::Date::Parse(s.substr(0, 10), key); d.ok()) return d->DaysSinceEpoch() * 86'400'000LL;
  return std::nullopt;
}

// "a" unless b is strictly later by `key` (falling back to `fallback`).
bool BIsLater(const json& a, const json& b, const char* key, const char* fallback) {
  auto ta = TimeOf(a, key), tb = TimeOf(b, key);
  if (!ta && !tb) {
    ta = TimeOf(a, fallback);
    tb = TimeOf(b, fallback);
  }
  if (!tb) return false;
  if (!ta) return true;
  return *tb > *ta;
}

// Two values that mean the same for field `key`: equal JSON, or the same e-mail / phone.
bool SameValue(const std::string& key, const json& x, const json& y) {
  if (x == y) return true;
  if (!x.is_string() || !y.is_string()) return false;
  const std::string& sx = x.get_ref<const std::string&>();
  const std::string& sy = y.get_ref<const std::string&>();
  const std::string k = Lower(key);
  if (k.find("email") != std::string::npos) {
    auto ex = NormalizeEmail(sx), ey = NormalizeEmail(sy);
    return ex && ey && *ex == *ey;
  }
  if (k.find("phone") != std::string::npos || k.find("mobile") != std::string::npos) {
    auto px = NormalizePhoneNumber(sx), py = NormalizePhoneNumber(sy);
    return px && py && *px == *py;
  }
  return rd::Trim(rd::ToU32(sx)) == rd::Trim(rd::ToU32(sy));
}

struct Merger {
  bool b_newer = false;
  bool b_earlier = false;  // b was created first: its id and created_at survive
  std::vector<FieldDecision> decisions;
  std::vector<FieldConflict> conflicts;

  const char* Newer() const { return b_newer ? "b" : "a"; }

  json Merge(const json& a, const json& b, const std::string& path, const std::string& key, bool top) {
    if (IsEmpty(b)) {
      if (!IsEmpty(a)) decisions.push_back({path, "only_a", "a"});
      return a;
    }
    if (IsEmpty(a)) {
      decisions.push_back({path, "only_b", "b"});
      return b;
    }
    if (top && (key == "id" || key == "created_at")) {
      if (a != b) {
        decisions.push_back({path, "earliest", b_earlier ? "b" : "a"});
      } else {
        decisions.push_back({path, "same", "both"});
      }
      return b_earlier ? b : a;
    }
    if (top && key == "updated_at") {
      decisions.push_back({path, a == b ? "same" : "latest", a == b ? "both" : Newer()});
      return b_newer ? b : a;
    }
    if (a.is_object() && b.is_object()) {
      json out = json::object();
      std::set<std::string> keys;
      for (auto it = a.begin(); it != a.end(); ++it) keys.insert(it.key());
      for (auto it = b.begin(); it != b.end(); ++it) keys.insert(it.key());
      for (const auto& k : keys) {
        const json& va = a.contains(k) ? a.at(k) : json();
        const json& vb = b.contains(k) ? b.at(k) : json();
        out[k] = Merge(va, vb, path + "/" + Escape(k), k, path.empty());
      }
      return out;
    }
    if (a.is_array() && b.is_array()) {
      const json& first = b_newer ? b : a;
      const json& second = b_newer ? a : b;
      json out = json::array();
      auto add = [&](const json& item) {
        for (const auto& have : out) {
          if (SameValue(key, have, item)) return;
        }
        out.push_back(item);
      };
      for (const auto& item : first) add(item);
      for (const auto& item : second) add(item);
      if (out.size() == first.size() && out.size() == second.size()) {
        decisions.push_back({path, "same", "both"});
      } else {
        decisions.push_back({path, "union", "both"});
      }
      return out;
    }
    if (SameValue(key, a, b)) {
      decisions.push_back({path, "same", "both"});
      return b_newer ? b : a;
    }
    decisions.push_back({path, "newer", Newer()});
    conflicts.push_back({path, b_newer ? b : a, b_newer ? a : b, Newer()});
    return b_newer ? b : a;
  }
};

void AddEmail(std::set<std::string>& out, const json& v) {
  if (!v.is_string()) return;
  if (auto e = NormalizeEmail(v.get_ref<const std::string&>())) out.insert(*e);
}

void AddPhone(std::set<std::string>& out, const json& v) {
  if (!v.is_string()) return;
  if (auto p = NormalizePhoneNumber(v.get_ref<const std::string&>())) out.insert(*p);
}

void CollectKeys(const json& obj, std::set<std::string>& emails, std::set<std::string>& phones) {
  if (!obj.is_object()) return;
  if (auto it = obj.find("email"); it != obj.end()) AddEmail(emails, *it);
  if (auto it = obj.find("phone"); it != obj.end()) AddPhone(phones, *it);
  if (auto it = obj.find("emails"); it != obj.end() && it->is_array()) {
    for (const auto& v : *it) AddEmail(emails, v);
  }
  if (auto it = obj.find("phones"); it != obj.end() && it->is_array()) {
    for (const auto& v : *it) AddPhone(phones, v);
  }
}

}  // namespace

std::optional<std::string> NormalizeEmail(std::string_view email) {
  std::u32string u = rd::ToU32(rd::NormalizeText(email));
  std::u32string s(rd::Trim(u));
  if (s.size() >= 7 && rd::AsciiLower(s.substr(0, 7)) == U"mailto:") s = std::u32string(rd::Trim(s.substr(7)));
  if (s.size() >= 2 && s.front() == '<' && s.back() == '>') s = std::u32string(rd::Trim(s.substr(1, s.size() - 2)));
  const std::string out = Lower(rd::ToUtf8(s));
  const size_t at = out.find('@');
  if (at == std::string::npos || at == 0 || out.find('@', at + 1) != std::string::npos) return std::nullopt;
  const std::string domain = out.substr(at + 1);
  if (domain.size() < 3 || domain.find('.') == std::string::npos || domain.front() == '.' || domain.back() == '.' ||
      domain.front() == '-' || domain.find("..") != std::string::npos) {
    return std::nullopt;
  }
  for (unsigned char c : out) {
    if (c <= ' ' || c == ',' || c == ';' || c == '<' || c == '>' || c == '(' || c == ')' || c == '"') {
      return std::nullopt;
    }
  }
  return out;
}

std::optional<std::string> NormalizePhoneNumber(std::string_view phone) {
  std::string s = Lower(rd::NormalizeText(phone));
  // Extensions are not part of the person's number.
  for (const char* mark : {"ext", "转", "分机", "#", " x"}) {
    if (size_t p = s.find(mark); p != std::string::npos) s.resize(p);
  }
  bool international = false;
  std::string digits;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
    } else if (c == '+' && digits.empty()) {
      international = true;
    }
  }
  if (!international && digits.size() > 2 && digits.compare(0, 2, "00") == 0) {
    international = true;
    digits.erase(0, 2);
  }
  auto mainland_mobile = [](const std::string& d) {
    return d.size() == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9';
  };
  if (digits.size() >= 13 && digits.compare(0, 2, "86") == 0) {
    std::string rest = digits.substr(2);
    if (rest.size() == 12 && rest[0] == '0') rest.erase(0, 1);  // "+86 (0)138..."
    if (mainland_mobile(rest)) return rest;
  }
  if (!international && mainland_mobile(digits)) return digits;
  if (digits.size() < 6 || digits.size() > 15) return std::nullopt;
  return international ? "+" + digits : digits;
}

std::vector<std::string> MatchKeys::Strings() const {
  std::vector<std::string> out;
  for (const auto& e : emails) out.push_back("email:" + e);
  for (const auto& p : phones) out.push_back("phone:" + p);
  return out;
}

std::vector<std::string> MatchKeys::SharedWith(const MatchKeys& other) const {
  const std::vector<std::string> mine = Strings(), theirs = other.Strings();
  const std::set<std::string> set(theirs.begin(), theirs.end());
  std::vector<std::string> out;
  for (const auto& k : mine) {
    if (set.count(k)) out.push_back(k);
  }
  return out;
}

MatchKeys MatchKeysOf(const json& candidate) {
  std::set<std::string> emails, phones;
  CollectKeys(candidate, emails, phones);
  if (candidate.is_object()) {
    if (auto it = candidate.find("basics"); it != candidate.end()) CollectKeys(*it, emails, phones);
    if (auto it = candidate.find("resume"); it != candidate.end() && it->is_object()) {
      if (auto b = it->find("basics"); b != it->end()) CollectKeys(*b, emails, phones);
    }
  }
  return {{emails.begin(), emails.end()}, {phones.begin(), phones.end()}};
}

core::Result<CandidateMerge> MergePlan(const json& a, const json& b) {
  if (!a.is_object()) return core::Error::Invalid("a", "a: expected a candidate JSON object");
  if (!b.is_object()) return core::Error::Invalid("b", "b: expected a candidate JSON object");
  Merger m;
  m.b_newer = BIsLater(a, b, "updated_at", "created_at");
  {
    auto ca = TimeOf(a, "created_at"), cb = TimeOf(b, "created_at");
    m.b_earlier = ca && cb ? *cb < *ca : (!ca && cb);
  }
  CandidateMerge out;
  out.merged = m.Merge(a, b, "", "", false);
  std::stable_sort(m.decisions.begin(), m.decisions.end(),
                   [](const FieldDecision& x, const FieldDecision& y) { return x.field < y.field; });
  out.decisions = std::move(m.decisions);
  out.conflicts = std::move(m.conflicts);
  out.newer = m.Newer();
  out.shared_keys = MatchKeysOf(a).SharedWith(MatchKeysOf(b));
  return out;
}

json CandidateMergeToJson(const CandidateMerge& merge) {
  json decisions = json::array();
  for (const auto& d : merge.decisions) {
    decisions.push_back({{"field", d.field}, {"action", d.action}, {"kept_from", d.kept_from}});
  }
  json conflicts = json::array();
  for (const auto& c : merge.conflicts) {
    conflicts.push_back({{"field", c.field}, {"kept", c.kept}, {"discarded", c.discarded}, {"kept_from", c.kept_from}});
  }
  return {{"merged", merge.merged},
          {"shared_keys", merge.shared_keys},
          {"newer", merge.newer},
          {"decisions", std::move(decisions)},
          {"conflicts", std::move(conflicts)}};
}

}  // namespace recruit
