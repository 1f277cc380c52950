// media::DecodeMedia: reads an interview recording (WebM VP8/VP9 + Opus, MP4 H.264 + AAC, audio-only
// WebM/Ogg/WAV/MP3/M4A/FLAC, ...) with FFmpeg into 16 kHz mono audio and, when asked, a few
// grayscale video frames per second for the capture-quality checks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"

namespace media {

inline constexpr int kSampleRate = 16000;

// Mono PCM at kSampleRate, nominally in [-1, 1] (decoders may overshoot slightly).
struct Audio {
  std::vector<float> samples;
  int sample_rate = kSampleRate;

  double duration_s() const { return sample_rate > 0 ? static_cast<double>(samples.size()) / sample_rate : 0.0; }
};

// One sampled video frame: 8-bit luma, row-major, no padding.
struct GrayFrame {
  double time_s = 0;
  int width = 0;
  int height = 0;
  std::vector<uint8_t> pixels;  // width * height
};

struct DecodeOptions {
  bool audio = true;                 // decode and resample the best audio stream
  bool video_frames = false;         // sample grayscale frames of the best video stream
  double frames_per_second = 1.0;    // sampling rate of video frames
  int max_frame_width = 320;         // frames are downscaled (aspect kept) to at most this width
  size_t max_frames = 240;           // beyond this the sampling interval doubles (bounded memory)
  double max_duration_s = 3 * 3600;  // longer recordings are refused (kTooLarge)
  int threads = 1;                   // codec threads; 1 keeps a job on one core
};

// What the container says, for diagnostics.
struct MediaInfo {
  std::string container;    // FFmpeg demuxer name, e.g. "matroska,webm"
  std::string audio_codec;  // e.g. "opus"; empty when there is no audio stream
  std::string video_codec;  // e.g. "vp8"; empty when there is no video stream
  int width = 0;
  int height = 0;
  int audio_channels = 0;
  int audio_sample_rate = 0;
  double container_duration_s = 0;  // 0 when unknown (Chromium's MediaRecorder WebM has none)
};

struct DecodedMedia {
  MediaInfo info;
  double duration_s = 0;  // decoded length: the longer of the audio and the video timelines
  bool has_audio = false;  // an audio stream was present and decoded to at least one sample
  bool has_video = false;  // a video stream (not cover art) is present
  Audio audio;
  std::vector<GrayFrame> frames;      // only with DecodeOptions::video_frames
  std::vector<std::string> warnings;  // decodable but damaged input, e.g. "data corrupt after 4.2 s"
};

// Decodes `path`. Errors (never a crash, everything freed):
//   kNotFound     no such file;
//   kInvalid      (field "file") empty file, directory, not an audio/video file, an image, a
//                 truncated or corrupt file of which nothing can be decoded, or whose audio
//                 stream yields no sound at all (a file without an audio stream is not an error);
//   kUnsupported  a recognised container whose codecs this FFmpeg build cannot decode;
//   kTooLarge     longer than DecodeOptions::max_duration_s.
// The message says what is wrong in words a user understands.
core::Result<DecodedMedia> DecodeMedia(const std::string& path, const DecodeOptions& options = {});

// RIFF/WAVE, PCM s16le, mono, at audio.sample_rate: what HTTP transcription services accept.
std::string EncodeWav(const Audio& audio);

}  // namespace media
