#include "media/capture.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

namespace media {

struct CaptureAnalyzer::Impl {
  CaptureOptions options;
  cv::CascadeClassifier cascade;
};

std::string DefaultFaceCascadePath() {
  if (const char* env = std::getenv("HIREFLOW_FACE_CASCADE"); env && *env) return env;
#ifdef HIREFLOW_HAAR_DIR
  return std::string(HIREFLOW_HAAR_DIR) + "/haarcascade_frontalface_default.xml";
#else
  return "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml";
#endif
}

core::Result<std::unique_ptr<CaptureAnalyzer>> CaptureAnalyzer::Create(const CaptureOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  std::string path = options.cascade_path.empty() ? DefaultFaceCascadePath() : options.cascade_path;
  if (::access(path.c_str(), R_OK) != 0) {
    return core::Error::Unavailable("face cascade not found: " + path + " (Debian package opencv-data)");
  }
  bool loaded = false;
  try {
    loaded = impl->cascade.load(path);
  } catch (const cv::Exception& e) {
    return core::Error::Unavailable("cannot load face cascade " + path + ": " + e.what());
  }
  if (!loaded || impl->cascade.empty()) return core::Error::Unavailable("cannot load face cascade " + path);
  return std::unique_ptr<CaptureAnalyzer>(new CaptureAnalyzer(std::move(impl)));
}

CaptureAnalyzer::CaptureAnalyzer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CaptureAnalyzer::~CaptureAnalyzer() = default;

CaptureSummary CaptureAnalyzer::Analyze(const std::vector<GrayFrame>& frames) {
  const CaptureOptions& o = impl_->options;
  CaptureSummary s;
  int with_face = 0, multiple = 0, centred = 0, dark = 0, bright = 0;
  double brightness = 0;
  std::vector<cv::Rect> faces;
  cv::Mat equalized;
  for (const GrayFrame& f : frames) {
    if (f.width < 16 || f.height < 16 || f.pixels.size() < static_cast<size_t>(f.width) * f.height) continue;
    ++s.frames;
    cv::Mat gray(f.height, f.width, CV_8UC1, const_cast<uint8_t*>(f.pixels.data()));
    double mean = cv::mean(gray)[0];
    brightness += mean;
    if (mean < o.dark_mean) ++dark;
    if (mean > o.bright_mean) ++bright;

    int min_side = std::max(24, static_cast<int>(std::lround(o.min_face_fraction * f.width)));
    auto detect = [&](const cv::Mat& image) {
      faces.clear();
      try {
        impl_->cascade.detectMultiScale(image, faces, o.scale_factor, o.min_neighbors, 0, cv::Size(min_side, min_side));
      } catch (const cv::Exception&) {
        faces.clear();
      }
    };
    detect(gray);
    if (faces.empty()) {
      // A dim or flat picture hides faces from the cascade; equalising helps there, but on a
      // normal picture it adds false detections, so it is only the second try.
      cv::Scalar mu, sigma;
      cv::meanStdDev(gray, mu, sigma);
      if (mu[0] < 80 || sigma[0] < 35) {
        cv::equalizeHist(gray, equalized);
        detect(equalized);
      }
    }
    if (faces.empty()) continue;
    ++with_face;
    auto largest = *std::max_element(faces.begin(), faces.end(),
                                     [](const cv::Rect& a, const cv::Rect& b) { return a.area() < b.area(); });
    int counted = 0;
    for (const cv::Rect& r : faces) {
      if (r.width >= o.second_face_ratio * largest.width) ++counted;
    }
    if (counted > 1) ++multiple;
    double cx = (largest.x + largest.width / 2.0) / f.width;
    double cy = (largest.y + largest.height / 2.0) / f.height;
    // Webcam framing puts the face a little above the middle.
    if (std::fabs(cx - 0.5) <= o.centre_tolerance_x && std::fabs(cy - 0.45) <= o.centre_tolerance_y) ++centred;
  }
  if (s.frames == 0) {
    s.flags.push_back("no_video");
    return s;
  }
  double n = s.frames;
  s.face_share = with_face / n;
  s.multiple_faces_share = multiple / n;
  s.centred_share = with_face > 0 ? static_cast<double>(centred) / with_face : 0.0;
  s.mean_brightness = brightness / n;
  s.too_dark_share = dark / n;
  s.too_bright_share = bright / n;
  if (s.face_share < o.flag_no_face_share) s.flags.push_back("no_face");
  if (s.multiple_faces_share >= o.flag_multiple_share) s.flags.push_back("multiple_faces");
  if (with_face > 0 && s.centred_share < o.flag_off_centre_share) s.flags.push_back("off_centre");
  if (s.too_dark_share >= o.flag_dark_share) s.flags.push_back("too_dark");
  if (s.too_bright_share >= o.flag_dark_share) s.flags.push_back("too_bright");
  return s;
}

}  // namespace media
