// Capture quality of a video answer: is a face in view, only one, roughly centred, and is the
// picture neither too dark nor too bright. Used ONLY for warnings to the candidate and review
// flags for a human: never an input to any score, and nothing here reads emotion or expression.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/error.h"
#include "media/decode.h"

namespace media {

struct CaptureOptions {
  // OpenCV Haar cascade; empty: $HIREFLOW_FACE_CASCADE, else haarcascade_frontalface_default.xml
  // of Debian's opencv-data.
  std::string cascade_path{};
  int min_neighbors = 5;             // fewer gives false faces on textured backgrounds
  double scale_factor = 1.15;        // cascade pyramid step (1.1 finds no more faces here, at 1.5x the time)
  double min_face_fraction = 0.12;   // faces narrower than this share of the frame width are ignored
  double second_face_ratio = 0.5;    // another face counts if at least this share of the largest's width
  double centre_tolerance_x = 0.20;  // a centred face's centre is within this of the frame centre ...
  double centre_tolerance_y = 0.25;  // ... (fractions of width / height)
  double dark_mean = 50;             // mean luma (0-255) below this: too dark
  double bright_mean = 215;          // above this: too bright
  // Flag thresholds over the analysed frames.
  double flag_no_face_share = 0.5;    // "no_face" when faces are seen in fewer than this share
  double flag_multiple_share = 0.10;  // "multiple_faces" when at least this share has more than one
  double flag_off_centre_share = 0.5; // "off_centre" when fewer than this share of face frames are centred
  double flag_dark_share = 0.3;       // "too_dark" / "too_bright" when at least this share is
};

struct CaptureSummary {
  int frames = 0;                  // frames analysed
  double face_share = 0;           // frames with at least one face
  double multiple_faces_share = 0; // frames with more than one face
  double centred_share = 0;        // of the frames with a face, those with the largest face centred
  double mean_brightness = 0;      // mean luma 0-255 over frames
  double too_dark_share = 0;
  double too_bright_share = 0;
  std::vector<std::string> flags;  // "no_video", "no_face", "multiple_faces", "off_centre", "too_dark", "too_bright"
};

class CaptureAnalyzer {
 public:
  // Loads the cascade. kUnavailable when the cascade file is missing or unreadable.
  static core::Result<std::unique_ptr<CaptureAnalyzer>> Create(const CaptureOptions& options = {});
  ~CaptureAnalyzer();
  CaptureAnalyzer(const CaptureAnalyzer&) = delete;
  CaptureAnalyzer& operator=(const CaptureAnalyzer&) = delete;

  // Summarises sampled frames (DecodeMedia with video_frames). No frames: flags = {"no_video"}.
  // Not thread-safe (the OpenCV classifier keeps scratch state); use one analyzer per thread.
  CaptureSummary Analyze(const std::vector<GrayFrame>& frames);

 private:
  struct Impl;
  explicit CaptureAnalyzer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;  // set at construction
};

// The cascade path used when CaptureOptions::cascade_path is empty.
std::string DefaultFaceCascadePath();

}  // namespace media
