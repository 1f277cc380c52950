// Speech metrics. The why of each constant is in docs/media-analysis.md; this file keeps the
// arithmetic.
#include "media/speech.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>
#include <sstream>

#include "embed/media_data.h"

namespace media {
namespace {

constexpr double kLevelFloorDb = -100.0;

double ToDb(double mean_square) { return std::max(kLevelFloorDb, 10.0 * std::log10(mean_square + 1e-10)); }

// Linear-interpolated percentile (0..100) of an unsorted copy.
double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  double pos = std::clamp(p, 0.0, 100.0) / 100.0 * static_cast<double>(v.size() - 1);
  size_t lo = static_cast<size_t>(std::floor(pos));
  size_t hi = std::min(lo + 1, v.size() - 1);
  double frac = pos - static_cast<double>(lo);
  return v[lo] + (v[hi] - v[lo]) * frac;
}

// Sample index range of a span, clamped to the audio.
std::pair<size_t, size_t> SampleRange(const Audio& a, const TimeSpan& s) {
  auto clamp = [&](double t) {
    double i = std::round(t * a.sample_rate);
    return static_cast<size_t>(std::clamp(i, 0.0, static_cast<double>(a.samples.size())));
  };
  return {clamp(s.start), clamp(s.end)};
}

}  // namespace

VoiceActivity DetectVoice(const Audio& audio, const VadOptions& o) {
  VoiceActivity va;
  const size_t hop = std::max<size_t>(1, static_cast<size_t>(std::lround(o.hop_s * audio.sample_rate)));
  const size_t n_blocks = audio.samples.size() / hop;
  if (n_blocks < 2) return va;

  // Energy per hop-sized block of the signal after a first-order high-pass at ~80 Hz (removes DC
  // offset and rumble, which carry energy but no speech). A frame is two consecutive blocks.
  const double r = 1.0 - 2.0 * M_PI * 80.0 / audio.sample_rate;
  std::vector<double> block(n_blocks, 0.0);
  double prev_x = audio.samples.empty() ? 0.0 : audio.samples[0], prev_y = 0.0;
  for (size_t b = 0; b < n_blocks; ++b) {
    double sum = 0;
    for (size_t i = b * hop, end = i + hop; i < end; ++i) {
      double x = audio.samples[i];
      double y = x - prev_x + r * prev_y;
      prev_x = x;
      prev_y = y;
      sum += y * y;
    }
    block[b] = sum;
  }
  const size_t n_frames = n_blocks - 1;
  std::vector<double> db(n_frames);
  for (size_t k = 0; k < n_frames; ++k) db[k] = ToDb((block[k] + block[k + 1]) / (2.0 * static_cast<double>(hop)));

  va.noise_floor_dbfs = Percentile(db, o.noise_percentile);
  va.speech_level_dbfs = Percentile(db, o.speech_percentile);
  double range = va.speech_level_dbfs - va.noise_floor_dbfs;
  double margin = std::clamp(o.range_fraction * range, o.min_margin_db, o.max_margin_db);
  va.threshold_dbfs = std::max(va.noise_floor_dbfs + margin, o.floor_dbfs);
  if (va.speech_level_dbfs < o.floor_dbfs || range < o.min_range_db) return va;

  // Hysteresis: enter above the threshold, leave below threshold - hysteresis_db.
  const double hop_s = static_cast<double>(hop) / audio.sample_rate;
  std::vector<TimeSpan> raw;
  bool in = false;
  size_t first = 0;
  for (size_t k = 0; k <= n_frames; ++k) {
    bool active = k < n_frames && (in ? db[k] > va.threshold_dbfs - o.hysteresis_db : db[k] > va.threshold_dbfs);
    if (active && !in) {
      first = k;
      in = true;
    } else if (!active && in) {
      // Frame k spans blocks k, k+1; its centre is at (k + 1) * hop. A run of frames covers the
      // half-hops around its first and last centres.
      raw.push_back({(static_cast<double>(first) + 0.5) * hop_s, (static_cast<double>(k - 1) + 1.5) * hop_s});
      in = false;
    }
  }
  // Join gaps shorter than a pause, then drop isolated bursts too short to be speech.
  std::vector<TimeSpan> merged;
  for (const TimeSpan& s : raw) {
    if (!merged.empty() && s.start - merged.back().end < o.min_pause_s) {
      merged.back().end = s.end;
    } else {
      merged.push_back(s);
    }
  }
  for (const TimeSpan& s : merged) {
    if (s.duration() >= o.min_speech_s) {
      va.segments.push_back(s);
      va.speaking_time_s += s.duration();
    }
  }
  return va;
}

PauseStats MeasurePauses(const std::vector<TimeSpan>& segments, double min_pause_s) {
  PauseStats p;
  for (size_t i = 1; i < segments.size(); ++i) {
    double gap = segments[i].start - segments[i - 1].end;
    if (gap + 1e-9 < min_pause_s) continue;
    ++p.count;
    p.total_s += gap;
    p.longest_s = std::max(p.longest_s, gap);
  }
  if (p.count > 0) p.mean_s = p.total_s / p.count;
  return p;
}

LevelStats MeasureLevels(const Audio& audio, const std::vector<TimeSpan>& speech) {
  LevelStats l;
  const auto& x = audio.samples;
  if (x.empty()) return l;
  double sum = 0;
  float peak = 0;
  size_t clipped = 0;
  for (float v : x) {
    sum += v;
    float a = std::fabs(v);
    peak = std::max(peak, a);
    if (a >= kClipLevel) ++clipped;
  }
  const double mean = sum / static_cast<double>(x.size());
  l.clipping_ratio = static_cast<double>(clipped) / static_cast<double>(x.size());
  if (peak > 0) l.peak_dbfs = 20.0 * std::log10(peak);
  double sq = 0;
  size_t n = 0;
  auto add = [&](size_t a, size_t b) {
    for (size_t i = a; i < b; ++i) {
      double d = x[i] - mean;
      sq += d * d;
    }
    n += b - a;
  };
  if (speech.empty()) {
    add(0, x.size());
  } else {
    for (const TimeSpan& s : speech) {
      auto [a, b] = SampleRange(audio, s);
      add(a, b);
    }
  }
  if (n > 0 && sq > 0) l.loudness_dbfs = 10.0 * std::log10(sq / static_cast<double>(n));
  return l;
}

PitchStats MeasurePitch(const Audio& audio, const std::vector<TimeSpan>& speech) {
  PitchStats ps;
  if (audio.sample_rate != kSampleRate || speech.empty()) return ps;
  // 16 kHz -> 8 kHz through a short half-band low-pass: pitch lives far below 4 kHz, and half
  // the rate quarters the cost of the difference function.
  constexpr double kRate = kSampleRate / 2.0;
  constexpr int kWindow = 240;                          // 30 ms
  constexpr int kHop = 160;                             // 20 ms
  constexpr int kMinLag = static_cast<int>(kRate / 500);  // 500 Hz
  constexpr int kMaxLag = static_cast<int>(kRate / 60);   // 60 Hz
  constexpr double kThreshold = 0.15;                   // YIN absolute threshold
  static const double kHalfBand[7] = {-0.0322, 0.0, 0.2822, 0.5, 0.2822, 0.0, -0.0322};

  std::vector<double> f0s;
  std::vector<double> x;
  std::vector<double> d(kMaxLag + 2);
  for (const TimeSpan& s : speech) {
    auto [a, b] = SampleRange(audio, s);
    if (b <= a + 2 * (kWindow + kMaxLag)) continue;
    x.clear();
    for (size_t i = a; i + 1 < b; i += 2) {
      double acc = 0;
      for (int t = 0; t < 7; ++t) {
        long j = static_cast<long>(i) + t - 3;
        if (j >= 0 && j < static_cast<long>(audio.samples.size())) acc += kHalfBand[t] * audio.samples[j];
      }
      x.push_back(acc);
    }
    for (size_t start = 0; start + kWindow + kMaxLag < x.size(); start += kHop) {
      const double* w = x.data() + start;
      double energy = 0;
      for (int j = 0; j < kWindow; ++j) energy += w[j] * w[j];
      if (energy < 1e-7 * kWindow) continue;  // below -70 dBFS: nothing to measure
      // Difference function and its cumulative-mean normalisation (de Cheveigné & Kawahara 2002).
      d[0] = 1;
      double running = 0;
      int found = -1;
      for (int tau = 1; tau <= kMaxLag; ++tau) {
        double sum = 0;
        for (int j = 0; j < kWindow; ++j) {
          double diff = w[j] - w[j + tau];
          sum += diff * diff;
        }
        running += sum;
        d[tau] = running > 0 ? sum * tau / running : 1;
        if (found < 0 && tau >= kMinLag && d[tau] < kThreshold) found = tau;
        if (found >= 0 && tau > found && d[tau] >= d[tau - 1]) break;  // past the dip's minimum
      }
      if (found < 0) continue;
      int best = found;
      while (best + 1 <= kMaxLag && d[best + 1] < d[best]) ++best;
      double shift = 0;
      if (best > 1 && best < kMaxLag) {
        double denom = d[best - 1] - 2 * d[best] + d[best + 1];
        if (std::fabs(denom) > 1e-12) shift = std::clamp(0.5 * (d[best - 1] - d[best + 1]) / denom, -0.5, 0.5);
      }
      f0s.push_back(kRate / (best + shift));
    }
  }
  if (f0s.size() < 10) return ps;
  // Octave errors: keep estimates within 0.9 octave of the median.
  double median = Percentile(f0s, 50);
  std::vector<double> kept;
  for (double f : f0s) {
    if (f >= median * std::pow(2.0, -0.9) && f <= median * std::pow(2.0, 0.9)) kept.push_back(f);
  }
  if (kept.size() < 10) return ps;
  ps.voiced_frames = static_cast<int>(kept.size());
  ps.median_hz = Percentile(kept, 50);
  ps.p5_hz = Percentile(kept, 5);
  ps.p95_hz = Percentile(kept, 95);
  double mean_st = 0;
  std::vector<double> st;
  st.reserve(kept.size());
  for (double f : kept) st.push_back(12.0 * std::log2(f / *ps.median_hz));
  mean_st = std::accumulate(st.begin(), st.end(), 0.0) / static_cast<double>(st.size());
  double var = 0;
  for (double v : st) var += (v - mean_st) * (v - mean_st);
  ps.variability_st = std::sqrt(var / static_cast<double>(st.size()));
  return ps;
}

// ---------------------------------------------------------------------------------------------
// Transcript text: filler words and spoken units.
namespace {

// Decodes one UTF-8 code point at s[i], advancing i; invalid bytes come back as U+FFFD.
char32_t NextCodePoint(std::string_view s, size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
  if (len == 0 || i + len > s.size()) {
    ++i;
    return 0xfffd;
  }
  char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1f) : len == 3 ? (c & 0x0f) : (c & 0x07);
  for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
  i += len;
  return cp;
}

bool IsHan(char32_t c) {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff) ||
         (c >= 0x20000 && c <= 0x2ebef);
}

bool IsPunct(char32_t c) {
  if (c < 0x80) return std::ispunct(static_cast<int>(c)) && c != '\'';
  return (c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xff0f) || (c >= 0xff1a && c <= 0xff20) ||
         (c >= 0x2010 && c <= 0x2027) || c == 0xff5e;
}

void AppendUtf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xc0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xe0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
  } else {
    out.push_back(static_cast<char>(0xf0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
  }
}

bool IsSpace(char32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x3000 || c == 0xa0; }

struct FillerEntry {
  std::string rule;  // always, like, you_know, marker
  std::string text;
  std::vector<std::string> words;           // en: the phrase split on spaces
  std::u32string chars;                     // zh: the phrase as code points
};

struct FillerLexicon {
  std::vector<FillerEntry> en, zh;
  std::map<std::string, std::set<std::string>> not_after, not_before;  // key: the filler's first word
};

std::u32string ToU32(std::string_view s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) out.push_back(NextCodePoint(s, i));
  return out;
}

FillerLexicon LoadFillers() {
  FillerLexicon lex;
  auto data = embed::media_data("fillers.txt");
  if (!data) return lex;
  std::istringstream in{std::string(*data)};
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    std::stringstream ls(line);
    for (std::string part; std::getline(ls, part, '\t');) f.push_back(part);
    if (f.size() < 3) continue;
    const std::string& lang = f[0];
    const std::string& rule = f[1];
    std::vector<std::string> words;
    std::istringstream ws(f[2]);
    for (std::string w; ws >> w;) words.push_back(w);
    if (words.empty()) continue;
    if (rule == "not_after" || rule == "not_before") {
      auto& m = rule == "not_after" ? lex.not_after : lex.not_before;
      m[words[0]].insert(words.begin() + 1, words.end());
      continue;
    }
    FillerEntry e{rule, f[2], words, ToU32(f[2])};
    (lang == "zh" ? lex.zh : lex.en).push_back(std::move(e));
  }
  return lex;
}

const FillerLexicon& Fillers() {
  static const FillerLexicon lex = LoadFillers();
  return lex;
}

struct Token {
  std::string w;
  bool punct_before = false;
  bool punct_after = false;
};

// Lower-case word tokens of an English text; apostrophes (' and ’) stay inside words.
std::vector<Token> TokenizeEn(std::string_view text) {
  std::vector<Token> toks;
  std::string cur;
  bool pending_punct = false;
  auto flush = [&] {
    if (cur.empty()) return;
    Token t;
    t.w = std::move(cur);
    t.punct_before = pending_punct;
    pending_punct = false;
    toks.push_back(std::move(t));
    cur.clear();
  };
  for (size_t i = 0; i < text.size();) {
    char32_t c = NextCodePoint(text, i);
    if (c == 0x2019) c = '\'';
    if (IsSpace(c)) {
      flush();
    } else if (IsPunct(c)) {
      flush();
      if (!toks.empty()) toks.back().punct_after = true;
      pending_punct = true;
    } else if (c < 0x80) {
      cur.push_back(static_cast<char>(std::tolower(static_cast<int>(c))));
    } else {
      AppendUtf8(cur, c);  // other letters (é, ü, ...) still make a word
    }
  }
  flush();
  return toks;
}

bool InSet(const std::map<std::string, std::set<std::string>>& m, const std::string& key, const std::string& w) {
  auto it = m.find(key);
  return it != m.end() && it->second.count(w) > 0;
}

void CountEn(std::string_view text, FillerStats& out) {
  const FillerLexicon& lex = Fillers();
  std::vector<Token> toks = TokenizeEn(text);
  for (size_t i = 0; i < toks.size(); ++i) {
    for (const FillerEntry& e : lex.en) {
      size_t n = e.words.size();
      if (i + n > toks.size()) continue;
      bool match = true;
      for (size_t k = 0; k < n && match; ++k) match = toks[i + k].w == e.words[k];
      if (!match) continue;
      bool counts = false;
      if (e.rule == "always") {
        counts = true;
      } else {
        const std::string& key = e.words[0];
        const std::string prev = i > 0 && !toks[i].punct_before ? toks[i - 1].w : "";
        const std::string next = i + n < toks.size() && !toks[i + n - 1].punct_after ? toks[i + n].w : "";
        if (toks[i].punct_before || toks[i + n - 1].punct_after) {
          // A comma or full stop touching it marks a discourse marker ("so, like, ...", "..., you know,").
          counts = !(e.rule == "you_know" && InSet(lex.not_after, key, prev));
        } else {
          counts = !InSet(lex.not_after, key, prev) && !InSet(lex.not_before, key, next);
        }
      }
      if (counts) {
        ++out.total;
        ++out.counts[e.text];
        i += n - 1;
        break;
      }
    }
  }
}

void CountZh(std::string_view text, FillerStats& out) {
  const FillerLexicon& lex = Fillers();
  std::u32string s;
  for (char32_t c : ToU32(text)) {
    if (!IsSpace(c)) s.push_back(c);
  }
  auto starts_with_at = [&](size_t pos, const std::u32string& what) {
    return pos + what.size() <= s.size() && s.compare(pos, what.size(), what) == 0;
  };
  for (size_t i = 0; i < s.size();) {
    bool matched = false;
    for (const FillerEntry& e : lex.zh) {
      if (e.chars.empty() || !starts_with_at(i, e.chars)) continue;
      size_t after = i + e.chars.size();
      bool counts = e.rule == "always";
      if (e.rule == "marker") {
        if (after >= s.size() || IsPunct(s[after]) || starts_with_at(after, e.chars)) {
          counts = true;
        } else {
          for (const FillerEntry& other : lex.zh) {
            if (other.rule == "always" && starts_with_at(after, other.chars)) counts = true;
          }
        }
      }
      if (counts) {
        ++out.total;
        ++out.counts[e.text];
        i = after;
        matched = true;
        break;
      }
    }
    if (!matched) ++i;
  }
}

}  // namespace

FillerStats CountFillers(std::string_view transcript, Language lang) {
  FillerStats out;
  if (lang == Language::kZh) {
    CountZh(transcript, out);
    // Mixed-language answers: English hesitations in a Chinese transcript count too.
    FillerStats en;
    CountEn(transcript, en);
    for (auto& [k, v] : en.counts) {
      if (k == "um" || k == "uh" || k == "er" || k == "erm" || k == "uhm") {
        out.counts[k] += v;
        out.total += v;
      }
    }
  } else {
    CountEn(transcript, out);
  }
  return out;
}

int CountSpokenUnits(std::string_view transcript, Language lang) {
  int units = 0;
  bool in_word = false;
  for (size_t i = 0; i < transcript.size();) {
    char32_t c = NextCodePoint(transcript, i);
    if (c == 0x2019) c = '\'';
    bool han = IsHan(c);
    if (lang == Language::kZh && han) {
      ++units;
      in_word = false;
      continue;
    }
    bool word_char = !IsSpace(c) && !IsPunct(c) && !(han && lang == Language::kZh);
    if (c == '\'' && !in_word) word_char = false;
    if (word_char && !in_word) ++units;
    in_word = word_char;
  }
  return units;
}

}  // namespace media
