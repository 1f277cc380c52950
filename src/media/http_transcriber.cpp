#include "media/http_transcriber.h"

#include <curl/curl.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>

namespace media {
namespace {

struct EasyDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct MimeDeleter {
  void operator()(curl_mime* m) const { curl_mime_free(m); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

constexpr size_t kMaxResponseBytes = 32 << 20;

void CurlGlobalInitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

size_t CollectBody(char* data, size_t size, size_t n, void* user) {
  auto* out = static_cast<std::string*>(user);
  size_t bytes = size * n;
  if (out->size() + bytes > kMaxResponseBytes) return 0;  // aborts the transfer
  out->append(data, bytes);
  return bytes;
}

std::string Trim(std::string s) {
  size_t a = s.find_first_not_of(" \t\r\n");
  if (a == std::string::npos) return {};
  size_t b = s.find_last_not_of(" \t\r\n");
  return s.substr(a, b - a + 1);
}

double Number(const nlohmann::json& j, const char* key, double def = 0) {
  auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<double>() : def;
}

// The service's own words for an error answer, if it gave any.
std::string ServiceMessage(const std::string& body) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_object()) {
    if (auto e = j.find("error"); e != j.end()) {
      if (e->is_string()) return e->get<std::string>();
      if (e->is_object() && e->contains("message") && (*e)["message"].is_string()) {
        return (*e)["message"].get<std::string>();
      }
    }
    if (auto d = j.find("detail"); d != j.end()) return d->is_string() ? d->get<std::string>() : d->dump();
    if (auto m = j.find("message"); m != j.end() && m->is_string()) return m->get<std::string>();
  }
  std::string s = Trim(body.substr(0, 200));
  for (char& c : s) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return s;
}

void AddWords(const nlohmann::json& arr, std::vector<TranscriptWord>& out) {
  if (!arr.is_array()) return;
  for (const auto& w : arr) {
    if (!w.is_object()) continue;
    auto text = w.find("word");
    if (text == w.end() || !text->is_string()) continue;
    TranscriptWord tw;
    tw.w = Trim(text->get<std::string>());
    if (tw.w.empty()) continue;
    tw.start = Number(w, "start");
    tw.end = Number(w, "end", tw.start);
    if (auto p = w.find("probability"); p != w.end() && p->is_number()) {
      tw.conf = std::clamp(p->get<double>(), 0.0, 1.0);
    } else if (auto c = w.find("confidence"); c != w.end() && c->is_number()) {
      tw.conf = std::clamp(c->get<double>(), 0.0, 1.0);
    }
    out.push_back(std::move(tw));
  }
}

}  // namespace

std::string TranscriptionEndpoint(std::string_view base_url) {
  std::string url(base_url);
  while (!url.empty() && url.back() == '/') url.pop_back();
  auto ends_with = [&](std::string_view suffix) {
    return url.size() >= suffix.size() && url.compare(url.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (ends_with("/audio/transcriptions")) return url;
  if (ends_with("/v1")) return url + "/audio/transcriptions";
  return url + "/v1/audio/transcriptions";
}

core::Result<Transcript> ParseTranscriptionJson(std::string_view body, const std::string& model) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_object() || !j.contains("text") || !j["text"].is_string()) {
    return core::Error::Unavailable("the transcription service's answer is not a transcription JSON object");
  }
  Transcript t;
  t.engine = "http";
  t.model = model;
  t.text = Trim(j["text"].get<std::string>());
  bool top_level_words = j.contains("words") && j["words"].is_array();
  if (top_level_words) AddWords(j["words"], t.words);
  if (auto segs = j.find("segments"); segs != j.end() && segs->is_array()) {
    for (const auto& s : *segs) {
      if (!s.is_object()) continue;
      TranscriptSegment seg;
      seg.start = Number(s, "start");
      seg.end = Number(s, "end", seg.start);
      if (auto tx = s.find("text"); tx != s.end() && tx->is_string()) seg.text = Trim(tx->get<std::string>());
      if (auto lp = s.find("avg_logprob"); lp != s.end() && lp->is_number()) {
        seg.confidence = std::clamp(std::exp(lp->get<double>()), 0.0, 1.0);
      } else if (auto c = s.find("confidence"); c != s.end() && c->is_number()) {
        seg.confidence = std::clamp(c->get<double>(), 0.0, 1.0);
      }
      if (!top_level_words && s.contains("words")) AddWords(s["words"], t.words);
      t.segments.push_back(std::move(seg));
    }
  }
  MarkConfidence(t);
  return t;
}

HttpTranscriber::HttpTranscriber(HttpTranscriberOptions options)
    : options_(std::move(options)), endpoint_(TranscriptionEndpoint(options_.url)) {
  CurlGlobalInitOnce();
}

core::Result<Transcript> HttpTranscriber::Transcribe(const Audio& audio, Language lang) {
  std::unique_ptr<CURL, EasyDeleter> curl(curl_easy_init());
  if (!curl) return core::Error::Internal("libcurl could not start a request");
  std::string wav = EncodeWav(audio);

  std::unique_ptr<curl_mime, MimeDeleter> mime(curl_mime_init(curl.get()));
  auto add_field = [&](const char* name, const std::string& value) {
    curl_mimepart* part = curl_mime_addpart(mime.get());
    curl_mime_name(part, name);
    curl_mime_data(part, value.data(), value.size());
  };
  curl_mimepart* file = curl_mime_addpart(mime.get());
  curl_mime_name(file, "file");
  curl_mime_filename(file, "answer.wav");
  curl_mime_type(file, "audio/wav");
  curl_mime_data(file, wav.data(), wav.size());
  add_field("model", options_.model);
  add_field("language", LanguageCode(lang));
  add_field("response_format", "verbose_json");
  add_field("timestamp_granularities[]", "word");
  add_field("timestamp_granularities[]", "segment");

  std::string auth = "Authorization: Bearer " + options_.api_key;
  curl_slist* list = curl_slist_append(nullptr, "Accept: application/json");
  if (!options_.api_key.empty()) list = curl_slist_append(list, auth.c_str());
  std::unique_ptr<curl_slist, SlistDeleter> headers(list);

  long timeout_ms = options_.timeout_ms > 0 ? options_.timeout_ms
                                            : 60'000 + static_cast<long>(std::ceil(audio.duration_s() * 1000));
  std::string body;
  char errbuf[CURL_ERROR_SIZE] = {};
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, endpoint_.c_str());
  curl_easy_setopt(c, CURLOPT_MIMEPOST, mime.get());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, CollectBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, options_.connect_timeout_ms);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_USERAGENT, "hireflow-media/1");

  CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) {
    std::string detail = errbuf[0] ? errbuf : curl_easy_strerror(rc);
    if (rc == CURLE_OPERATION_TIMEDOUT) {
      return core::Error::Unavailable("transcription service " + endpoint_ + " timed out: " + detail);
    }
    return core::Error::Unavailable("transcription service " + endpoint_ + " unreachable: " + detail);
  }
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (status < 200 || status >= 300) {
    std::string msg = ServiceMessage(body);
    return core::Error::Unavailable("transcription service " + endpoint_ + " answered HTTP " + std::to_string(status) +
                                    (msg.empty() ? "" : ": " + msg));
  }
  auto t = ParseTranscriptionJson(body, options_.model);
  if (!t.ok()) {
    return core::Error::Unavailable("transcription service " + endpoint_ +
                                    " sent an answer that is not verbose_json: " + ServiceMessage(body));
  }
  return t;
}

}  // namespace media
