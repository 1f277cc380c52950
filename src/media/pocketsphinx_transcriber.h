// PocketSphinxTranscriber: the embedded default transcriber (CMU PocketSphinx 5prealpha with the
// en-us acoustic model, language model and dictionary of Debian's pocketsphinx-en-us).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "media/transcriber.h"

struct ps_decoder_s;

namespace media {

struct PocketSphinxOptions {
  std::string model_dir{};  // holds en-us/, en-us.lm.bin, cmudict-en-us.dict; empty: the Debian path
  std::string hmm{};      // overrides model_dir/en-us
  std::string lm{};       // overrides model_dir/en-us.lm.bin
  std::string dict{};     // overrides model_dir/cmudict-en-us.dict
  // Decoder arguments after -hmm/-lm/-dict/-logfn. The defaults halve the CPU time of the
  // decoder's own defaults: at most 5000 active HMMs per frame (bounds the worst case on noisy
  // audio) and no second flat-lexicon pass. Measured on pocketsphinx-testdata's LibriVox
  // recordings: WER 25.4% (decoder defaults in our pipeline 26.8%, pocketsphinx_continuous 36.6%);
  // see docs/media-analysis.md.
  std::vector<std::pair<std::string, std::string>> decoder_args = {{"-maxhmmpf", "5000"}, {"-fwdflat", "no"}};
  // Audio is cut at pauses of at least this length into utterances decoded one by one (each with
  // its own cepstral mean), and no utterance is longer than max_utterance_s.
  double utterance_pause_s = 0.3;
  double max_utterance_s = 25;
};

class PocketSphinxTranscriber final : public Transcriber {
 public:
  // Loads the model (~0.3 s, ~100 MB). kUnavailable when model files are missing or unreadable.
  static core::Result<std::unique_ptr<PocketSphinxTranscriber>> Create(const PocketSphinxOptions& options = {});
  ~PocketSphinxTranscriber() override;
  PocketSphinxTranscriber(const PocketSphinxTranscriber&) = delete;
  PocketSphinxTranscriber& operator=(const PocketSphinxTranscriber&) = delete;

  // English only (kUnsupported for kZh: no Chinese model ships with Debian). Words carry timings
  // and posterior confidences; one segment per decoded utterance.
  core::Result<Transcript> Transcribe(const Audio& audio, Language lang) override;

  // The decoder arguments in effect (for reports and the WER comparison with the CLI).
  const std::vector<std::pair<std::string, std::string>>& args() const { return args_; }

 private:
  PocketSphinxTranscriber() = default;

  // Set at construction.
  PocketSphinxOptions options_;
  std::vector<std::pair<std::string, std::string>> args_;

  std::mutex mu_;
  ps_decoder_s* ps_ = nullptr;  // guarded by mu_; owned, freed in the destructor
};

// The model directory Debian's pocketsphinx-en-us installs.
std::string DefaultPocketSphinxModelDir();

}  // namespace media
