// JSON Resume input: validation against the v1.0.0 schema's types and normalisation.
#include <cctype>
#include <vector>

#include "recruit/resume_dates.h"
#include "recruit/resume_fields.h"
#include "recruit/resume_json.h"
#include "recruit/resume_text.h"

namespace recruit::resume_detail {
namespace {

using json = nlohmann::json;

enum class F { kString, kDate, kUrl, kEmail, kPhone, kStringArray, kObject, kObjectArray };

struct FieldSpec {
  const char* name;
  F type;
  const std::vector<FieldSpec>* children = nullptr;
};

const std::vector<FieldSpec> kLocation = {
    {"address", F::kString}, {"postalCode", F::kString}, {"city", F::kString},
    {"countryCode", F::kString}, {"region", F::kString},
};
const std::vector<FieldSpec> kProfile = {{"network", F::kString}, {"username", F::kString}, {"url", F::kUrl}};
const std::vector<FieldSpec> kBasics = {
    {"name", F::kString},  {"label", F::kString},   {"image", F::kString},
    {"email", F::kEmail},  {"phone", F::kPhone},    {"url", F::kUrl},
    {"summary", F::kString}, {"location", F::kObject, &kLocation}, {"profiles", F::kObjectArray, &kProfile},
};
const std::vector<FieldSpec> kWork = {
    {"name", F::kString},      {"location", F::kString}, {"description", F::kString}, {"position", F::kString},
    {"url", F::kUrl},          {"startDate", F::kDate},  {"endDate", F::kDate},       {"summary", F::kString},
    {"highlights", F::kStringArray},
};
const std::vector<FieldSpec> kVolunteer = {
    {"organization", F::kString}, {"position", F::kString}, {"url", F::kUrl},          {"startDate", F::kDate},
    {"endDate", F::kDate},        {"summary", F::kString},  {"highlights", F::kStringArray},
};
const std::vector<FieldSpec> kEducation = {
    {"institution", F::kString}, {"url", F::kUrl},      {"area", F::kString},  {"studyType", F::kString},
    {"startDate", F::kDate},     {"endDate", F::kDate}, {"score", F::kString}, {"courses", F::kStringArray},
};
const std::vector<FieldSpec> kAwards = {
    {"title", F::kString}, {"date", F::kDate}, {"awarder", F::kString}, {"summary", F::kString}};
const std::vector<FieldSpec> kCertificates = {
    {"name", F::kString}, {"date", F::kDate}, {"url", F::kUrl}, {"issuer", F::kString}};
const std::vector<FieldSpec> kPublications = {{"name", F::kString},     {"publisher", F::kString},
                                              {"releaseDate", F::kDate}, {"url", F::kUrl},
                                              {"summary", F::kString}};
const std::vector<FieldSpec> kSkills = {{"name", F::kString}, {"level", F::kString}, {"keywords", F::kStringArray}};
const std::vector<FieldSpec> kLanguages = {{"language", F::kString}, {"fluency", F::kString}};
const std::vector<FieldSpec> kInterests = {{"name", F::kString}, {"keywords", F::kStringArray}};
const std::vector<FieldSpec> kReferences = {{"name", F::kString}, {"reference", F::kString}};
const std::vector<FieldSpec> kProjects = {
    {"name", F::kString},  {"description", F::kString}, {"highlights", F::kStringArray},
    {"keywords", F::kStringArray}, {"startDate", F::kDate}, {"endDate", F::kDate},
    {"url", F::kUrl},      {"roles", F::kStringArray},  {"entity", F::kString},
    {"type", F::kString},
};
const std::vector<FieldSpec> kMeta = {{"canonical", F::kUrl}, {"version", F::kString}, {"lastModified", F::kString}};
const std::vector<FieldSpec> kTop = {
    {"$schema", F::kUrl},
    {"basics", F::kObject, &kBasics},
    {"work", F::kObjectArray, &kWork},
    {"volunteer", F::kObjectArray, &kVolunteer},
    {"education", F::kObjectArray, &kEducation},
    {"awards", F::kObjectArray, &kAwards},
    {"certificates", F::kObjectArray, &kCertificates},
    {"publications", F::kObjectArray, &kPublications},
    {"skills", F::kObjectArray, &kSkills},
    {"languages", F::kObjectArray, &kLanguages},
    {"interests", F::kObjectArray, &kInterests},
    {"references", F::kObjectArray, &kReferences},
    {"projects", F::kObjectArray, &kProjects},
    {"meta", F::kObject, &kMeta},
};

constexpr int kMaxDepth = 32;

std::optional<std::string> AsString(const json& v) {
  if (v.is_string()) {
    // Text is kept as written (no NFKC): a JSON Resume is already structured, and normalising it
    // again must not change it.
    const std::u32string u = ToU32(v.get<std::string>());
    std::u32string_view t = Trim(u);
    if (t.empty()) return std::nullopt;
    return ToUtf8(t);
  }
  if (v.is_number_integer() || v.is_number_unsigned() || v.is_number_float()) return v.dump();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  return std::nullopt;
}

// Copies a value of an unknown (but allowed) key, dropping nulls and empty strings inside.
json CleanUnknown(const json& v, int depth) {
  if (depth > kMaxDepth) return json();
  if (v.is_object()) {
    json o = json::object();
    for (auto it = v.begin(); it != v.end(); ++it) {
      json c = CleanUnknown(it.value(), depth + 1);
      if (!c.is_null()) o[it.key()] = std::move(c);
    }
    return o.empty() ? json() : o;
  }
  if (v.is_array()) {
    json a = json::array();
    for (const auto& e : v) {
      json c = CleanUnknown(e, depth + 1);
      if (!c.is_null()) a.push_back(std::move(c));
    }
    return a.empty() ? json() : a;
  }
  if (v.is_string()) {
    auto s = AsString(v);
    return s ? json(*s) : json();
  }
  return v;
}

json NormalizeObject(const json& in, const std::vector<FieldSpec>& spec, const std::string& path,
                     std::vector<std::string>& warnings, int depth);

json NormalizeValue(const json& v, const FieldSpec& f, const std::string& path, std::vector<std::string>& warnings,
                    int depth) {
  if (v.is_null()) return json();
  switch (f.type) {
    case F::kString: {
      auto s = AsString(v);
      if (!s && !v.is_string()) warnings.push_back(path + ": expected a string; dropped");
      return s ? json(*s) : json();
    }
    case F::kDate: {
      auto s = AsString(v);
      if (!s) return json();
      bool ongoing = false;
      auto d = NormalizeDateString(*s, &ongoing);
      if (!d && !ongoing) warnings.push_back(path + ": \"" + s->substr(0, 40) + "\" is not a date; dropped");
      return d ? json(*d) : json();
    }
    case F::kUrl: {
      auto s = AsString(v);
      if (!s) return json();
      auto urls = FindUrls(ToU32(*s));
      if (urls.size() == 1 && urls[0].begin == 0 && urls[0].end == ToU32(*s).size()) return urls[0].value;
      if (s->find("://") != std::string::npos && s->find(' ') == std::string::npos) return *s;
      // A bare host ("ada.example.org/blog") in a URL field.
      const std::string host = s->substr(0, s->find('/'));
      bool host_ok = host.find('.') != std::string::npos && host.front() != '.' && host.back() != '.' &&
                     s->find(' ') == std::string::npos && s->find('@') == std::string::npos;
      for (char c : host) host_ok = host_ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-');
      if (host_ok) return "https://" + *s;
      warnings.push_back(path + ": \"" + s->substr(0, 60) + "\" is not a URL; dropped");
      return json();
    }
    case F::kEmail: {
      auto s = AsString(v);
      if (!s) return json();
      const std::u32string u = ToU32(*s);
      auto e = FindEmail(u);
      if (e && e->begin == 0 && e->end == u.size()) return e->value;
      warnings.push_back(path + ": \"" + s->substr(0, 60) + "\" is not an e-mail address; dropped");
      return json();
    }
    case F::kPhone: {
      auto s = AsString(v);
      return s ? json(NormalizePhone(*s)) : json();
    }
    case F::kStringArray: {
      json a = json::array();
      if (v.is_array()) {
        for (const auto& e : v) {
          if (auto s = AsString(e)) a.push_back(*s);
        }
      } else if (auto s = AsString(v)) {
        warnings.push_back(path + ": expected an array of strings; wrapped");
        a.push_back(*s);
      }
      return a.empty() ? json() : a;
    }
    case F::kObject: {
      if (!v.is_object()) {
        warnings.push_back(path + ": expected an object; dropped");
        return json();
      }
      json o = NormalizeObject(v, *f.children, path, warnings, depth + 1);
      return o.empty() ? json() : o;
    }
    case F::kObjectArray: {
      if (!v.is_array()) {
        warnings.push_back(path + ": expected an array; dropped");
        return json();
      }
      json a = json::array();
      size_t i = 0;
      for (const auto& e : v) {
        const std::string p = path + "[" + std::to_string(i++) + "]";
        if (!e.is_object()) {
          if (!e.is_null()) warnings.push_back(p + ": expected an object; dropped");
          continue;
        }
        json o = NormalizeObject(e, *f.children, p, warnings, depth + 1);
        if (!o.empty()) a.push_back(std::move(o));
      }
      return a.empty() ? json() : a;
    }
  }
  return json();
}

json NormalizeObject(const json& in, const std::vector<FieldSpec>& spec, const std::string& path,
                     std::vector<std::string>& warnings, int depth) {
  json out = json::object();
  if (depth > kMaxDepth) return out;
  for (auto it = in.begin(); it != in.end(); ++it) {
    const FieldSpec* f = nullptr;
    for (const auto& s : spec) {
      if (it.key() == s.name) f = &s;
    }
    json v = f ? NormalizeValue(it.value(), *f, path + "." + it.key(), warnings, depth) : CleanUnknown(it.value(), depth + 1);
    if (!v.is_null()) out[it.key()] = std::move(v);
  }
  return out;
}

}  // namespace

core::Result<nlohmann::json> NormalizeJsonResumeDetail(const nlohmann::json& doc, std::vector<std::string>& warnings) {
  if (!doc.is_object()) return core::Error::Invalid("file", "JSON document is not a JSON Resume (expected an object)");
  bool any_section = false;
  for (const auto& f : kTop) {
    if (std::string_view(f.name) != "meta" && std::string_view(f.name) != "$schema" && doc.contains(f.name)) {
      any_section = true;
    }
  }
  if (!any_section) {
    return core::Error::Invalid("file", "JSON document is not a JSON Resume (no basics, work, education or other section)");
  }
  json out = json::object();
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    const FieldSpec* f = nullptr;
    for (const auto& s : kTop) {
      if (it.key() == s.name) f = &s;
    }
    if (!f) {
      warnings.push_back("top-level key \"" + it.key().substr(0, 40) + "\" is not part of JSON Resume; dropped");
      continue;
    }
    json v = NormalizeValue(it.value(), *f, it.key(), warnings, 0);
    if (!v.is_null()) out[it.key()] = std::move(v);
  }
  return out;
}

std::string DetectJsonLanguage(const nlohmann::json& doc) {
  size_t han = 0, latin = 0;
  std::vector<const json*> stack{&doc};
  size_t visited = 0;
  while (!stack.empty() && ++visited < 100000) {
    const json* v = stack.back();
    stack.pop_back();
    if (v->is_string()) {
      for (char32_t c : ToU32(v->get_ref<const std::string&>())) {
        if (IsHan(c)) ++han;
        else if (IsAsciiAlpha(c)) ++latin;
      }
    } else if (v->is_structured()) {
      for (const auto& c : *v) stack.push_back(&c);
    }
  }
  return han * 10 >= latin && han > 0 ? "zh" : "en";
}

}  // namespace recruit::resume_detail
