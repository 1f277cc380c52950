#include "media/transcriber.h"

#include <algorithm>
#include <cctype>

namespace media {

std::optional<Language> ParseLanguage(std::string_view tag) {
  std::string t;
  for (char c : tag) {
    if (c == '_' || c == '-') break;
    t.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  if (t == "en" || t == "eng" || t == "english") return Language::kEn;
  if (t == "zh" || t == "cmn" || t == "zho" || t == "chi" || t == "chinese" || t == "mandarin") return Language::kZh;
  return std::nullopt;
}

const char* LanguageCode(Language lang) { return lang == Language::kZh ? "zh" : "en"; }

void MarkConfidence(Transcript& t, double threshold) {
  double weighted = 0, weight = 0, plain = 0;
  int n = 0;
  for (const TranscriptSegment& s : t.segments) {
    if (!s.confidence) continue;
    double d = std::max(0.0, s.end - s.start);
    weighted += *s.confidence * d;
    weight += d;
    plain += *s.confidence;
    ++n;
  }
  if (n == 0) {
    t.mean_confidence.reset();
    t.low_confidence = false;
    return;
  }
  t.mean_confidence = weight > 0 ? weighted / weight : plain / n;
  t.low_confidence = *t.mean_confidence < threshold;
}

}  // namespace media
