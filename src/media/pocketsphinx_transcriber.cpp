// PocketSphinx transcription: the audio is cut into utterances at pauses found by our VAD (as
// pocketsphinx_continuous does with its own), each decoded as a full utterance so that cepstral
// mean normalisation uses the whole utterance; word times come from ps_seg_iter and word
// confidences from the lattice posteriors (-bestpath yes).
#include "media/pocketsphinx_transcriber.h"

#include <pocketsphinx.h>
#include <sphinxbase/err.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "media/speech.h"

namespace media {
namespace {

constexpr double kFrameRate = 100.0;  // -frate default: 10 ms frames

bool Readable(const std::string& path) { return ::access(path.c_str(), R_OK) == 0; }

// Non-words of the en-us model: sentence marks, silence and the noise dictionary.
bool IsFillerToken(const char* w) {
  if (!w || !*w) return true;
  return w[0] == '<' || w[0] == '[' || w[0] == '+';
}

std::string CleanWord(const char* w) {
  std::string s(w);
  // Alternate pronunciations are "word(2)".
  if (size_t p = s.find('('); p != std::string::npos && p > 0 && s.back() == ')') s.erase(p);
  return s;
}

// Groups speech segments into utterances: a new one starts after a pause of at least `pause_s`
// or when the current one would exceed `max_s` (a single longer segment is cut into pieces).
// The quietest 10 ms in [from, to): where a long stretch of speech is cut with least damage.
double QuietestPoint(const Audio& audio, double from, double to) {
  const size_t hop = kSampleRate / 100;
  size_t a = static_cast<size_t>(std::max(0.0, from) * kSampleRate);
  size_t b = std::min(audio.samples.size(), static_cast<size_t>(std::max(0.0, to) * kSampleRate));
  double best_energy = -1, best_t = to;
  for (size_t i = a; i + hop <= b; i += hop) {
    double e = 0;
    for (size_t k = i; k < i + hop; ++k) e += static_cast<double>(audio.samples[k]) * audio.samples[k];
    if (best_energy < 0 || e < best_energy) {
      best_energy = e;
      best_t = (static_cast<double>(i) + hop / 2.0) / kSampleRate;
    }
  }
  return best_t;
}

std::vector<TimeSpan> Utterances(const Audio& audio, const std::vector<TimeSpan>& speech, double pause_s, double max_s) {
  const double total_s = audio.duration_s();
  std::vector<TimeSpan> out;
  for (const TimeSpan& s : speech) {
    if (!out.empty() && s.start - out.back().end < pause_s && s.end - out.back().start <= max_s) {
      out.back().end = s.end;
    } else {
      out.push_back(s);
    }
  }
  std::vector<TimeSpan> cut;
  for (const TimeSpan& u : out) {
    double start = u.start;
    while (u.end - start > max_s) {
      // Cut at the quietest moment of the last fifth before the limit (between words, mostly).
      double at = QuietestPoint(audio, start + 0.8 * max_s, start + max_s);
      cut.push_back({start, at});
      start = at;
    }
    cut.push_back({start, u.end});
  }
  // Pad each with up to 0.25 s of context, never overlapping a neighbour.
  constexpr double kPad = 0.25;
  for (size_t i = 0; i < cut.size(); ++i) {
    double lo = i > 0 ? (cut[i - 1].end + cut[i].start) / 2 : 0.0;
    double hi = i + 1 < cut.size() ? (cut[i].end + cut[i + 1].start) / 2 : total_s;
    cut[i].start = std::max(lo, cut[i].start - kPad);
    cut[i].end = std::min(hi, cut[i].end + kPad);
  }
  return cut;
}

}  // namespace

std::string DefaultPocketSphinxModelDir() {
#ifdef HIREFLOW_PS_MODEL_DIR
  return HIREFLOW_PS_MODEL_DIR;
#else
  return "/usr/share/pocketsphinx/model/en-us";
#endif
}

core::Result<std::unique_ptr<PocketSphinxTranscriber>> PocketSphinxTranscriber::Create(
    const PocketSphinxOptions& options) {
  std::string dir = options.model_dir.empty() ? DefaultPocketSphinxModelDir() : options.model_dir;
  std::string hmm = options.hmm.empty() ? dir + "/en-us" : options.hmm;
  std::string lm = options.lm.empty() ? dir + "/en-us.lm.bin" : options.lm;
  std::string dict = options.dict.empty() ? dir + "/cmudict-en-us.dict" : options.dict;
  for (const std::string& p : {hmm + "/mdef", lm, dict}) {
    if (!Readable(p)) {
      return core::Error::Unavailable("PocketSphinx model file not found: " + p +
                                      " (Debian package pocketsphinx-en-us)");
    }
  }
  std::unique_ptr<PocketSphinxTranscriber> t(new PocketSphinxTranscriber());
  t->options_ = options;
  t->args_ = {{"-hmm", hmm}, {"-lm", lm}, {"-dict", dict}, {"-logfn", "/dev/null"}};
  for (const auto& kv : options.decoder_args) t->args_.push_back(kv);

  // Logging goes nowhere even before -logfn takes effect (cmd_ln prints its configuration).
  err_set_logfp(nullptr);
  std::vector<std::string> storage;
  storage.emplace_back("hireflow");
  for (const auto& [k, v] : t->args_) {
    storage.push_back(k);
    storage.push_back(v);
  }
  std::vector<char*> argv;
  for (std::string& s : storage) argv.push_back(s.data());
  cmd_ln_t* config = cmd_ln_parse_r(nullptr, ps_args(), static_cast<int32>(argv.size() - 1), argv.data() + 1, TRUE);
  if (!config) return core::Error::Internal("PocketSphinx rejected its configuration (bad decoder_args?)");
  t->ps_ = ps_init(config);
  cmd_ln_free_r(config);  // ps_init holds its own reference
  if (!t->ps_) return core::Error::Unavailable("PocketSphinx could not load its model from " + dir);
  return t;
}

PocketSphinxTranscriber::~PocketSphinxTranscriber() {
  if (ps_) ps_free(ps_);
}

core::Result<Transcript> PocketSphinxTranscriber::Transcribe(const Audio& audio, Language lang) {
  if (lang != Language::kEn) {
    return core::Error{core::ErrorCode::kUnsupported,
                       "the embedded transcriber (PocketSphinx) has only an English model; configure an "
                       "OpenAI-compatible transcription service (--transcriber URL) for Chinese",
                       "lang",
                       {}};
  }
  if (audio.sample_rate != kSampleRate) return core::Error::Internal("PocketSphinx needs 16 kHz audio");
  Transcript out;
  out.engine = "pocketsphinx";
  out.model = "en-us";

  VoiceActivity va = DetectVoice(audio);
  std::vector<TimeSpan> utts = Utterances(audio, va.segments, options_.utterance_pause_s, options_.max_utterance_s);

  std::lock_guard<std::mutex> lock(mu_);
  logmath_t* lmath = ps_get_logmath(ps_);
  // A new stream per call: the noise estimate of -remove_noise must not carry over from the
  // previous recording (it changed results depending on what was decoded before).
  ps_start_stream(ps_);
  std::vector<int16_t> pcm;
  for (const TimeSpan& u : utts) {
    size_t a = static_cast<size_t>(std::max(0.0, std::round(u.start * kSampleRate)));
    size_t b = std::min(audio.samples.size(), static_cast<size_t>(std::round(u.end * kSampleRate)));
    if (b <= a + kSampleRate / 10) continue;
    pcm.resize(b - a);
    for (size_t i = a; i < b; ++i) {
      pcm[i - a] = static_cast<int16_t>(std::lrint(std::clamp(audio.samples[i], -1.0f, 1.0f) * 32767.0f));
    }
    if (ps_start_utt(ps_) < 0) return core::Error::Internal("PocketSphinx could not start an utterance");
    if (ps_process_raw(ps_, pcm.data(), pcm.size(), FALSE, TRUE) < 0) {
      ps_end_utt(ps_);
      return core::Error::Internal("PocketSphinx failed to decode the audio");
    }
    if (ps_end_utt(ps_) < 0) return core::Error::Internal("PocketSphinx could not finish an utterance");

    TranscriptSegment seg;
    double conf_sum = 0;
    size_t first_word = out.words.size();
    for (ps_seg_t* it = ps_seg_iter(ps_); it; it = ps_seg_next(it)) {
      const char* w = ps_seg_word(it);
      if (IsFillerToken(w)) continue;
      int sf = 0, ef = 0;
      ps_seg_frames(it, &sf, &ef);
      int32 ascr = 0, lscr = 0, lback = 0;
      int32 prob = ps_seg_prob(it, &ascr, &lscr, &lback);
      double conf = std::clamp(logmath_exp(lmath, prob), 0.0, 1.0);
      TranscriptWord word;
      word.w = CleanWord(w);
      word.start = u.start + sf / kFrameRate;
      word.end = u.start + (ef + 1) / kFrameRate;
      word.conf = conf;
      conf_sum += conf;
      if (!seg.text.empty()) seg.text += ' ';
      seg.text += word.w;
      out.words.push_back(std::move(word));
    }
    size_t n = out.words.size() - first_word;
    if (n == 0) continue;
    seg.start = out.words[first_word].start;
    seg.end = out.words.back().end;
    seg.confidence = conf_sum / static_cast<double>(n);
    if (!out.text.empty()) out.text += ' ';
    out.text += seg.text;
    out.segments.push_back(std::move(seg));
  }
  MarkConfidence(out);
  return out;
}

}  // namespace media
