// DecodeMedia: FFmpeg demux + decode, libswresample to 16 kHz mono float, libswscale to small
// grayscale frames. Every FFmpeg object lives in a unique_ptr with its own free function, so an
// early return on damaged input frees everything.
#include "media/decode.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avstring.h>
#include <libavutil/avutil.h>
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>
}

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <memory>
#include <mutex>

namespace media {
namespace {

struct FormatDeleter {
  void operator()(AVFormatContext* c) const { avformat_close_input(&c); }
};
struct CodecDeleter {
  void operator()(AVCodecContext* c) const { avcodec_free_context(&c); }
};
struct FrameDeleter {
  void operator()(AVFrame* f) const { av_frame_free(&f); }
};
struct PacketDeleter {
  void operator()(AVPacket* p) const { av_packet_free(&p); }
};
struct SwrDeleter {
  void operator()(SwrContext* s) const { swr_free(&s); }
};
struct SwsDeleter {
  void operator()(SwsContext* s) const { sws_freeContext(s); }
};
using FormatPtr = std::unique_ptr<AVFormatContext, FormatDeleter>;
using CodecPtr = std::unique_ptr<AVCodecContext, CodecDeleter>;
using FramePtr = std::unique_ptr<AVFrame, FrameDeleter>;
using PacketPtr = std::unique_ptr<AVPacket, PacketDeleter>;
using SwrPtr = std::unique_ptr<SwrContext, SwrDeleter>;
using SwsPtr = std::unique_ptr<SwsContext, SwsDeleter>;

// Demuxers accepted for recordings. Everything else (images, text, playlists that would open
// other files, subtitles) is refused before its header is parsed.
constexpr const char* kAllowedDemuxers =
    "matroska,webm,mov,mp4,m4a,3gp,3g2,mj2,ogg,wav,w64,mp3,aac,flac,avi,asf,flv,caf,aiff,amr,amrnb,amrwb,"
    "au,mpeg,mpegts,mxf,wv,ape,tta,ac3,eac3,nut";

std::string AvError(int err) {
  char buf[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(err, buf, sizeof buf);
  return buf;
}

std::string Seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", s);
  return buf;
}

void QuietFfmpegOnce() {
  static std::once_flag once;
  // Problems reach the caller as core::Error and warnings; FFmpeg's own log would only add noise
  // to the CLI's stderr.
  std::call_once(once, [] { av_log_set_level(AV_LOG_QUIET); });
}

core::Error InvalidFile(std::string message) { return core::Error::Invalid("file", std::move(message)); }

// Names the format of a file FFmpeg would not open for us, from its first bytes only.
std::string ProbeFormatName(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<unsigned char> buf(64 * 1024 + AVPROBE_PADDING_SIZE, 0);
  in.read(reinterpret_cast<char*>(buf.data()), 64 * 1024);
  std::streamsize n = in.gcount();
  if (n <= 0) return {};
  AVProbeData pd{};
  pd.filename = path.c_str();
  pd.buf = buf.data();
  pd.buf_size = static_cast<int>(n);
  int score = 0;
  const AVInputFormat* fmt = av_probe_input_format3(&pd, 1, &score);
  return fmt && score > AVPROBE_SCORE_EXTENSION / 2 ? fmt->name : "";
}

bool LooksLikeText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char buf[4096];
  in.read(buf, sizeof buf);
  std::streamsize n = in.gcount();
  if (n <= 0) return false;
  for (std::streamsize i = 0; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(buf[i]);
    if (c < 0x09 || (c > 0x0d && c < 0x20 && c != 0x1b)) return false;
  }
  return true;
}

core::Error ExplainUnopenable(const std::string& path, int err) {
  if (err == AVERROR(ENOENT)) return core::Error::NotFound("no such file: " + path);
  if (err == AVERROR(EACCES)) return InvalidFile("cannot read " + path + ": permission denied");
  std::string name = ProbeFormatName(path);
  if (!name.empty() && av_match_list(name.c_str(), kAllowedDemuxers, ',') > 0) {
    return InvalidFile(path + " is a truncated or corrupt " + name + " file (" + AvError(err) + ")");
  }
  if (name == "image2" || name.find("_pipe") != std::string::npos || name == "apng" || name == "gif" ||
      name == "webp_pipe") {
    return InvalidFile(path + " is an image (" + name + "), not an audio or video recording");
  }
  if (name == "tty" || LooksLikeText(path)) return InvalidFile(path + " is a text file, not an audio or video recording");
  if (!name.empty()) return InvalidFile(path + " is a " + name + " file, which is not accepted as a recording");
  return InvalidFile(path + " is not an audio or video file (unrecognised format)");
}

const char* CodecName(const AVCodecParameters* par) {
  const AVCodecDescriptor* d = avcodec_descriptor_get(par->codec_id);
  return d ? d->name : "unknown";
}

core::Result<CodecPtr> OpenDecoder(AVStream* st, int threads) {
  const AVCodec* codec = avcodec_find_decoder(st->codecpar->codec_id);
  if (!codec) {
    return core::Error{core::ErrorCode::kUnsupported,
                       std::string("no decoder for the ") + CodecName(st->codecpar) + " codec", "file", {}};
  }
  CodecPtr c(avcodec_alloc_context3(codec));
  if (!c) return core::Error::Internal("out of memory allocating a decoder");
  int r = avcodec_parameters_to_context(c.get(), st->codecpar);
  if (r < 0) return InvalidFile(std::string("bad ") + CodecName(st->codecpar) + " stream parameters: " + AvError(r));
  c->pkt_timebase = st->time_base;
  c->thread_count = std::max(1, threads);
  r = avcodec_open2(c.get(), codec, nullptr);
  if (r < 0) {
    return InvalidFile(std::string("cannot open the ") + CodecName(st->codecpar) + " decoder: " + AvError(r) +
                       " (corrupt stream header?)");
  }
  return c;
}

// Converts decoded audio frames of any layout/format/rate to 16 kHz mono float, keeping the
// timeline: a gap in the timestamps (a recorder that dropped audio) becomes silence so that
// speech times stay aligned with the file's clock.
class AudioSink {
 public:
  AudioSink(std::vector<float>& out, double max_duration_s) : out_(out), max_samples_(max_duration_s * kSampleRate) {}

  // `t` is the frame's start in seconds on the file's clock, or NaN when unknown.
  bool Push(const AVFrame* f, double t) {
    if (f->nb_samples <= 0 || f->sample_rate <= 0 || f->ch_layout.nb_channels <= 0) return true;
    if (!swr_ || f->format != in_format_ || f->sample_rate != in_rate_ ||
        av_channel_layout_compare(&f->ch_layout, &frame_layout_) != 0) {
      Flush();
      if (!Init(f)) return false;
    }
    if (!std::isnan(t)) FillGapUntil(t);
    int max_out = swr_get_out_samples(swr_.get(), f->nb_samples);
    if (max_out <= 0) return true;
    size_t old = out_.size();
    out_.resize(old + static_cast<size_t>(max_out));
    uint8_t* dst = reinterpret_cast<uint8_t*>(out_.data() + old);
    int n = swr_convert(swr_.get(), &dst, max_out, const_cast<const uint8_t**>(f->extended_data), f->nb_samples);
    out_.resize(old + static_cast<size_t>(std::max(n, 0)));
    return true;
  }

  void Flush() {
    if (!swr_) return;
    for (;;) {
      int max_out = swr_get_out_samples(swr_.get(), 0);
      if (max_out <= 0) break;
      size_t old = out_.size();
      out_.resize(old + static_cast<size_t>(max_out));
      uint8_t* dst = reinterpret_cast<uint8_t*>(out_.data() + old);
      int n = swr_convert(swr_.get(), &dst, max_out, nullptr, 0);
      out_.resize(old + static_cast<size_t>(std::max(n, 0)));
      if (n <= 0) break;
    }
  }

  bool TooLong() const { return static_cast<double>(out_.size()) > max_samples_; }

  ~AudioSink() { av_channel_layout_uninit(&frame_layout_); }

 private:
  bool Init(const AVFrame* f) {
    swr_.reset();
    in_format_ = -1;
    in_rate_ = 0;
    av_channel_layout_uninit(&frame_layout_);
    if (av_channel_layout_copy(&frame_layout_, &f->ch_layout) < 0) return false;
    AVChannelLayout in_layout{};
    if (f->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC) {
      av_channel_layout_default(&in_layout, f->ch_layout.nb_channels);
    } else if (av_channel_layout_copy(&in_layout, &f->ch_layout) < 0) {
      return false;
    }
    AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
    SwrContext* raw = nullptr;
    int r = swr_alloc_set_opts2(&raw, &mono, AV_SAMPLE_FMT_FLT, kSampleRate, &in_layout,
                                static_cast<AVSampleFormat>(f->format), f->sample_rate, 0, nullptr);
    av_channel_layout_uninit(&in_layout);
    if (r < 0) return false;
    SwrPtr swr(raw);
    // Normalise the downmix (stereo -> 0.5 L + 0.5 R) so that a clipped source stays at 1.0.
    av_opt_set_double(swr.get(), "rematrix_maxval", 1.0, 0);
    if (swr_init(swr.get()) < 0) return false;
    swr_ = std::move(swr);
    in_format_ = f->format;
    in_rate_ = f->sample_rate;
    return true;
  }

  void FillGapUntil(double t) {
    double pending = swr_ ? static_cast<double>(swr_get_delay(swr_.get(), kSampleRate)) : 0.0;
    double expected = t * kSampleRate;
    double have = static_cast<double>(out_.size()) + pending;
    double gap = expected - have;
    // Gaps under 0.1 s are codec framing jitter; over 30 s the timestamps are not believable.
    if (gap > 0.1 * kSampleRate && gap < 30.0 * kSampleRate) out_.resize(out_.size() + static_cast<size_t>(gap), 0.0f);
  }

  std::vector<float>& out_;
  double max_samples_;
  SwrPtr swr_;
  int in_format_ = -1;
  int in_rate_ = 0;
  AVChannelLayout frame_layout_{};  // as the decoder reported it, to notice changes
};

// Keeps one downscaled grayscale frame per sampling interval, halving the rate when full.
class FrameSampler {
 public:
  FrameSampler(std::vector<GrayFrame>& out, const DecodeOptions& o)
      : out_(out), interval_(1.0 / std::max(0.01, o.frames_per_second)), max_width_(std::max(16, o.max_frame_width)),
        max_frames_(std::max<size_t>(2, o.max_frames)) {}

  bool Wants(double t) const { return t + 1e-6 >= next_t_; }

  void Push(const AVFrame* f, double t) {
    if (f->width <= 0 || f->height <= 0 || f->width > 16384 || f->height > 16384) return;
    int ow = std::min(max_width_, f->width) & ~1;
    int oh = std::max(2, static_cast<int>(std::lround(static_cast<double>(f->height) * ow / f->width))) & ~1;
    if (ow < 2) return;
    sws_.reset(sws_getCachedContext(sws_.release(), f->width, f->height, static_cast<AVPixelFormat>(f->format), ow,
                                    oh, AV_PIX_FMT_GRAY8, SWS_AREA, nullptr, nullptr, nullptr));
    if (!sws_) return;
    GrayFrame g;
    g.time_s = t;
    g.width = ow;
    g.height = oh;
    g.pixels.resize(static_cast<size_t>(ow) * oh);
    uint8_t* dst[4] = {g.pixels.data(), nullptr, nullptr, nullptr};
    int dst_stride[4] = {ow, 0, 0, 0};
    if (sws_scale(sws_.get(), f->data, f->linesize, 0, f->height, dst, dst_stride) <= 0) return;
    out_.push_back(std::move(g));
    next_t_ = (std::floor(t / interval_ + 1e-9) + 1.0) * interval_;
    if (out_.size() > max_frames_) {
      std::vector<GrayFrame> kept;
      kept.reserve(out_.size() / 2 + 1);
      for (size_t i = 0; i < out_.size(); i += 2) kept.push_back(std::move(out_[i]));
      out_ = std::move(kept);
      interval_ *= 2;
      next_t_ = (std::floor(t / interval_ + 1e-9) + 1.0) * interval_;
    }
  }

 private:
  std::vector<GrayFrame>& out_;
  double interval_;
  int max_width_;
  size_t max_frames_;
  double next_t_ = 0;
  SwsPtr sws_;
};

}  // namespace

core::Result<DecodedMedia> DecodeMedia(const std::string& path, const DecodeOptions& options) {
  QuietFfmpegOnce();
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return core::Error::NotFound("no such file: " + path);
    return InvalidFile("cannot read " + path + ": " + std::strerror(errno));
  }
  if (S_ISDIR(st.st_mode)) return InvalidFile(path + " is a directory, not a media file");
  if (!S_ISREG(st.st_mode)) return InvalidFile(path + " is not a regular file");
  if (st.st_size == 0) return InvalidFile(path + " is empty (0 bytes)");

  AVFormatContext* raw = avformat_alloc_context();
  if (!raw) return core::Error::Internal("out of memory");
  raw->format_whitelist = av_strdup(kAllowedDemuxers);  // freed by avformat_close_input
  AVDictionary* open_opts = nullptr;
  av_dict_set(&open_opts, "protocol_whitelist", "file", 0);
  // "file:" keeps a name such as "a:b.webm" or "concat:x" from being read as a protocol.
  std::string url = "file:" + path;
  int r = avformat_open_input(&raw, url.c_str(), nullptr, &open_opts);
  av_dict_free(&open_opts);
  if (r < 0) return ExplainUnopenable(path, r);  // raw was freed by avformat_open_input
  FormatPtr fmt(raw);

  r = avformat_find_stream_info(fmt.get(), nullptr);
  if (r < 0) return InvalidFile(path + " is truncated or corrupt: cannot read its streams (" + AvError(r) + ")");

  DecodedMedia media;
  media.info.container = fmt->iformat ? fmt->iformat->name : "";
  if (fmt->duration != AV_NOPTS_VALUE && fmt->duration > 0) {
    media.info.container_duration_s = static_cast<double>(fmt->duration) / AV_TIME_BASE;
  }
  if (media.info.container_duration_s > options.max_duration_s + 1) {
    return core::Error{core::ErrorCode::kTooLarge,
                       path + " is " + Seconds(media.info.container_duration_s) + " long; the limit is " +
                           Seconds(options.max_duration_s),
                       "file", {}};
  }

  int audio_idx = av_find_best_stream(fmt.get(), AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0);
  int video_idx = -1;
  int64_t best_area = -1;
  for (unsigned i = 0; i < fmt->nb_streams; ++i) {
    AVStream* s = fmt->streams[i];
    if (s->codecpar->codec_type != AVMEDIA_TYPE_VIDEO || (s->disposition & AV_DISPOSITION_ATTACHED_PIC)) continue;
    int64_t area = static_cast<int64_t>(s->codecpar->width) * s->codecpar->height;
    if (area > best_area) {
      best_area = area;
      video_idx = static_cast<int>(i);
    }
  }
  if (audio_idx < 0 && video_idx < 0) return InvalidFile(path + " has no audio or video stream");
  for (unsigned i = 0; i < fmt->nb_streams; ++i) {
    if (static_cast<int>(i) != audio_idx && static_cast<int>(i) != video_idx) fmt->streams[i]->discard = AVDISCARD_ALL;
  }

  CodecPtr adec;
  if (audio_idx >= 0) {
    AVStream* s = fmt->streams[audio_idx];
    media.info.audio_codec = CodecName(s->codecpar);
    media.info.audio_channels = s->codecpar->ch_layout.nb_channels;
    media.info.audio_sample_rate = s->codecpar->sample_rate;
    if (options.audio) {
      auto dec = OpenDecoder(s, options.threads);
      if (!dec.ok()) {
        if (video_idx < 0) return dec.error();
        media.warnings.push_back("audio stream not decoded: " + dec.error().message);
      } else {
        adec = std::move(dec).value();
      }
    }
  }
  CodecPtr vdec;
  if (video_idx >= 0) {
    AVStream* s = fmt->streams[video_idx];
    media.has_video = true;
    media.info.video_codec = CodecName(s->codecpar);
    media.info.width = s->codecpar->width;
    media.info.height = s->codecpar->height;
    if (options.video_frames) {
      auto dec = OpenDecoder(s, options.threads);
      if (!dec.ok()) {
        media.warnings.push_back("video frames not decoded: " + dec.error().message);
      } else {
        vdec = std::move(dec).value();
        // Frames nothing else refers to are never needed for sampling at ~1 fps.
        vdec->skip_frame = AVDISCARD_NONREF;
      }
    }
  }

  // The file's clock starts at the container's start time (or the first timestamp seen).
  double origin = fmt->start_time != AV_NOPTS_VALUE ? static_cast<double>(fmt->start_time) / AV_TIME_BASE : NAN;
  auto to_seconds = [&](int64_t ts, AVRational tb) -> double {
    if (ts == AV_NOPTS_VALUE) return NAN;
    double t = static_cast<double>(ts) * av_q2d(tb);
    if (std::isnan(origin)) origin = t;
    return t - origin;
  };

  AudioSink audio_sink(media.audio.samples, options.max_duration_s);
  FrameSampler sampler(media.frames, options);
  double video_end = 0;
  double packet_end = 0;  // the furthest point any packet of a chosen stream reaches
  long audio_packets = 0, audio_bad = 0, video_frames_seen = 0;
  int read_error = 0;
  bool audio_failed = false;
  PacketPtr pkt(av_packet_alloc());
  FramePtr frame(av_frame_alloc());
  if (!pkt || !frame) return core::Error::Internal("out of memory");

  auto drain_audio = [&]() {
    for (;;) {
      int rr = avcodec_receive_frame(adec.get(), frame.get());
      if (rr == AVERROR(EAGAIN) || rr == AVERROR_EOF) break;
      if (rr < 0) {
        ++audio_bad;
        break;
      }
      double t = to_seconds(frame->best_effort_timestamp, fmt->streams[audio_idx]->time_base);
      if (!audio_sink.Push(frame.get(), t)) audio_failed = true;
      av_frame_unref(frame.get());
    }
  };
  auto drain_video = [&]() {
    AVStream* s = fmt->streams[video_idx];
    for (;;) {
      int rr = avcodec_receive_frame(vdec.get(), frame.get());
      if (rr == AVERROR(EAGAIN) || rr == AVERROR_EOF) break;
      if (rr < 0) break;
      double t = to_seconds(frame->best_effort_timestamp, s->time_base);
      if (std::isnan(t)) {
        double fps = s->avg_frame_rate.num > 0 && s->avg_frame_rate.den > 0 ? av_q2d(s->avg_frame_rate) : 30.0;
        t = static_cast<double>(video_frames_seen) / fps;
      }
      ++video_frames_seen;
      if (sampler.Wants(t)) sampler.Push(frame.get(), t);
      av_frame_unref(frame.get());
    }
  };

  for (;;) {
    r = av_read_frame(fmt.get(), pkt.get());
    if (r == AVERROR(EAGAIN)) continue;
    if (r < 0) {
      if (r != AVERROR_EOF) read_error = r;
      break;
    }
    AVStream* s = fmt->streams[pkt->stream_index];
    if (pkt->stream_index == audio_idx || pkt->stream_index == video_idx) {
      int64_t ts = pkt->pts != AV_NOPTS_VALUE ? pkt->pts : pkt->dts;
      double t = to_seconds(ts, s->time_base);
      if (!std::isnan(t)) {
        double end = t + (pkt->duration > 0 ? static_cast<double>(pkt->duration) * av_q2d(s->time_base) : 0.0);
        if (end < options.max_duration_s * 2) packet_end = std::max(packet_end, end);
        if (pkt->stream_index == video_idx) video_end = std::max(video_end, std::min(end, options.max_duration_s * 2));
      }
    }
    if (pkt->stream_index == audio_idx && adec) {
      ++audio_packets;
      int sr = avcodec_send_packet(adec.get(), pkt.get());
      if (sr < 0 && sr != AVERROR(EAGAIN)) ++audio_bad;
      drain_audio();
    } else if (pkt->stream_index == video_idx && vdec) {
      if (avcodec_send_packet(vdec.get(), pkt.get()) >= 0) drain_video();
    }
    av_packet_unref(pkt.get());
    if (audio_sink.TooLong() || video_end > options.max_duration_s + 1) {
      return core::Error{core::ErrorCode::kTooLarge,
                         path + " is longer than the limit of " + Seconds(options.max_duration_s), "file", {}};
    }
  }
  if (adec) {
    avcodec_send_packet(adec.get(), nullptr);
    drain_audio();
    audio_sink.Flush();
  }
  if (vdec) {
    avcodec_send_packet(vdec.get(), nullptr);
    drain_video();
  }

  double audio_s = media.audio.duration_s();
  media.has_audio = !media.audio.samples.empty();
  media.duration_s = std::max(audio_s, video_end);
  if (media.duration_s <= 0 && !media.has_audio && media.frames.empty()) {
    if (read_error) {
      return InvalidFile(path + " is truncated or corrupt: nothing could be decoded (" + AvError(read_error) + ")");
    }
    return InvalidFile(path + " is truncated or corrupt: it holds no decodable audio or video");
  }
  if (adec && !media.has_audio) {
    // The recording declares sound but none of it decodes: whatever video remains, there is no
    // answer to analyse, and all-zero speech metrics would read as "said nothing".
    return InvalidFile(path + " is truncated or corrupt: its " + media.info.audio_codec +
                       " audio holds no decodable sound" + (read_error ? " (" + AvError(read_error) + ")" : ""));
  }
  if (media.duration_s <= 0) media.duration_s = packet_end > 0 ? packet_end : media.info.container_duration_s;

  if (audio_idx < 0) media.warnings.push_back("the recording has no audio stream");
  if (audio_failed) media.warnings.push_back("audio in an unsupported sample layout was skipped");
  if (audio_bad > 0 && audio_packets > 0) {
    media.warnings.push_back(std::to_string(audio_bad) + " of " + std::to_string(audio_packets) +
                             " audio packets were corrupt and skipped");
  }
  if (read_error) {
    media.warnings.push_back("the file is damaged or truncated: reading stopped at " + Seconds(media.duration_s) +
                             " (" + AvError(read_error) + ")");
  } else if (media.info.container_duration_s > 0 &&
             media.duration_s < media.info.container_duration_s - std::max(1.0, 0.05 * media.info.container_duration_s)) {
    media.warnings.push_back("decoded " + Seconds(media.duration_s) + " of the " +
                             Seconds(media.info.container_duration_s) + " the file declares (truncated?)");
  }
  return media;
}

std::string EncodeWav(const Audio& audio) {
  const uint32_t n = static_cast<uint32_t>(audio.samples.size());
  const uint32_t data_bytes = n * 2;
  std::string out;
  out.reserve(44 + data_bytes);
  auto u32 = [&](uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  };
  auto u16 = [&](uint16_t v) {
    out.push_back(static_cast<char>(v & 0xff));
    out.push_back(static_cast<char>(v >> 8));
  };
  const uint32_t rate = static_cast<uint32_t>(audio.sample_rate);
  out += "RIFF";
  u32(36 + data_bytes);
  out += "WAVEfmt ";
  u32(16);
  u16(1);  // PCM
  u16(1);  // mono
  u32(rate);
  u32(rate * 2);
  u16(2);
  u16(16);
  out += "data";
  u32(data_bytes);
  for (float x : audio.samples) {
    float c = std::clamp(x, -1.0f, 1.0f);
    auto v = static_cast<int16_t>(std::lrintf(c * 32767.0f));
    u16(static_cast<uint16_t>(v));
  }
  return out;
}

}  // namespace media
