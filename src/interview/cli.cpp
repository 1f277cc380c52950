// RunInterviewScoreCli: JSON Lines in, one JSON line out per input line (see scoring.h).
#include <cmath>
#include <istream>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "interview/scoring.h"

namespace interview {
namespace {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

double Round3(double x) { return std::round(x * 1000.0) / 1000.0; }

// Reads one request object into a rubric and an answer, or says what is wrong with it.
core::Status ParseRequest(const Json& j, Rubric& rubric, Answer& answer) {
  if (!j.is_object()) return core::Error::Invalid("", "line is not a JSON object");
  auto optional_string = [&](const char* name, std::string& dst) -> core::Status {
    auto it = j.find(name);
    if (it == j.end() || it->is_null()) return core::Status::Ok();
    if (!it->is_string()) return core::Error::Invalid(name, std::string("\"") + name + "\" must be a string");
    dst = it->get<std::string>();
    return core::Status::Ok();
  };
  auto it = j.find("answer");
  if (it == j.end()) return core::Error::Invalid("answer", "missing \"answer\"");
  HF_TRY(optional_string("answer", answer.text));
  HF_TRY(optional_string("question", rubric.question));
  HF_TRY(optional_string("model_answer", rubric.model_answer));
  std::string language;
  HF_TRY(optional_string("language", language));
  rubric.language = ParseLanguage(language);

  if (auto kp = j.find("key_points"); kp != j.end() && !kp->is_null()) {
    if (!kp->is_array()) return core::Error::Invalid("key_points", "\"key_points\" must be an array");
    for (size_t i = 0; i < kp->size(); ++i) {
      const Json& item = (*kp)[i];
      std::string field = "key_points[" + std::to_string(i) + "]";
      KeyPoint point;
      if (item.is_string()) {
        point.text = item.get<std::string>();
      } else if (item.is_object() && item.contains("text") && item["text"].is_string()) {
        point.text = item["text"].get<std::string>();
        if (auto w = item.find("weight"); w != item.end() && !w->is_null()) {
          if (!w->is_number()) return core::Error::Invalid(field + ".weight", field + ".weight must be a number");
          point.weight = w->get<double>();
        }
        if (auto s = item.find("synonyms"); s != item.end() && !s->is_null()) {
          if (!s->is_array()) return core::Error::Invalid(field + ".synonyms", field + ".synonyms must be an array");
          for (const Json& syn : *s) {
            if (!syn.is_string()) {
              return core::Error::Invalid(field + ".synonyms", field + ".synonyms must hold strings");
            }
            point.synonyms.push_back(syn.get<std::string>());
          }
        }
      } else {
        return core::Error::Invalid(field, field + " must be a string or an object with \"text\"");
      }
      rubric.key_points.push_back(std::move(point));
    }
  }
  if (auto w = j.find("weights"); w != j.end() && !w->is_null()) {
    if (!w->is_object()) return core::Error::Invalid("weights", "\"weights\" must be an object");
    for (auto [name, dst] : {std::pair<const char*, double*>{"content", &rubric.weights.content},
                             {"structure", &rubric.weights.structure},
                             {"relevance", &rubric.weights.relevance}}) {
      if (auto v = w->find(name); v != w->end()) {
        if (!v->is_number() || !std::isfinite(v->get<double>()) || v->get<double>() < 0) {
          return core::Error::Invalid(std::string("weights.") + name,
                                      std::string("weights.") + name + " must be a non-negative number");
        }
        *dst = v->get<double>();
      }
    }
  }
  return ValidateRubric(rubric);
}

OrderedJson ToJson(const Score& s) {
  OrderedJson out;
  out["score"] = s.total;
  OrderedJson points = OrderedJson::array();
  for (const KeyPointScore& k : s.key_points) {
    points.push_back({{"text", k.text},
                      {"covered", k.covered},
                      {"evidence", k.evidence},
                      {"weight", k.weight},
                      {"similarity", Round3(k.similarity)}});
  }
  out["key_points"] = std::move(points);
  OrderedJson deductions = OrderedJson::array();
  for (const Deduction& d : s.deductions) deductions.push_back({{"reason", d.reason}, {"points", d.points}});
  out["deductions"] = std::move(deductions);
  OrderedJson subs = OrderedJson::array();
  for (const SubScore& sub : s.sub_scores) {
    subs.push_back(
        {{"name", sub.name}, {"score", Round3(sub.score)}, {"weight", sub.weight}, {"explanation", sub.explanation}});
  }
  out["sub_scores"] = std::move(subs);
  out["language"] = std::string(LanguageTag(s.language));
  out["version"] = s.version;
  return out;
}

void WriteLine(std::ostream& out, const OrderedJson& j) {
  out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace

int RunInterviewScoreCli(std::istream& in, std::ostream& out, std::ostream& err) {
  std::string line;
  long line_no = 0;
  long failed = 0;
  long scored = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line_no == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // UTF-8 BOM
    if (line.find_first_not_of(" \t\r\n") == std::string::npos) continue;
    auto fail = [&](const std::string& message) {
      ++failed;
      OrderedJson e;
      e["error"] = message;
      e["line"] = line_no;
      WriteLine(out, e);
    };
    Json request = Json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (request.is_discarded()) {
      fail("malformed JSON");
      continue;
    }
    Rubric rubric;
    Answer answer;
    core::Status st = ParseRequest(request, rubric, answer);
    if (!st.ok()) {
      fail(st.error().message);
      continue;
    }
    WriteLine(out, ToJson(ScoreAnswer(rubric, answer)));
    ++scored;
  }
  out.flush();
  if (failed > 0) {
    err << "interview score: " << failed << " of " << (failed + scored) << " lines failed\n";
    return 2;
  }
  return 0;
}

}  // namespace interview
