// Screening and parsing throughput on one core, against the targets:
//   screening 100,000 parsed applications against one plan in under 1 s;
//   parsing at least 50 PDF resumes per second.
// The resumes are varied (skills, employers, dates, degrees, languages drawn per application) so
// that nothing is cached across applications; PDFs are drawn with libharu in this run.
#include <hpdf.h>

#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "recruit/resume_parse.h"
#include "recruit/screening.h"

namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

double Seconds(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

json MakeResume(std::mt19937& rng) {
  static const char* kSkills[] = {"Go", "Java", "Python", "Kubernetes", "Kafka", "PostgreSQL", "Redis", "Docker", "React",
                                  "Terraform", "Spark", "gRPC", "Rust", "C++", "MySQL", "AWS", "Linux", "Prometheus"};
  static const char* kDegrees[] = {"本科", "硕士", "Bachelor", "Master", "大专", "PhD"};
  static const char* kCompanies[] = {"Acme", "Globex", "阿里巴巴", "腾讯", "Initech", "美团", "Hooli", "字节跳动"};
  std::uniform_int_distribution<int> skill(0, 17), year(2008, 2022), n(1, 4), deg(0, 5), co(0, 7);
  json work = json::array();
  int jobs = n(rng);
  for (int j = 0; j < jobs; ++j) {
    int start = year(rng);
    json w = {{"name", kCompanies[co(rng)]}, {"position", "Engineer"}, {"startDate", std::to_string(start) + "-03"},
              {"highlights", {std::string("Built services with ") + kSkills[skill(rng)] + " and " + kSkills[skill(rng)]}}};
    if (j > 0) w["endDate"] = std::to_string(start + n(rng)) + "-06";
    work.push_back(w);
  }
  json kw = json::array();
  for (int k = 0; k < 6; ++k) kw.push_back(kSkills[skill(rng)]);
  return {{"basics", {{"name", "Candidate"}}},
          {"work", work},
          {"education", {{{"institution", "University"}, {"studyType", kDegrees[deg(rng)]}, {"endDate", "2010"}}}},
          {"skills", {{{"name", "Tech"}, {"keywords", kw}}}},
          {"languages", {{{"language", "English"}, {"fluency", n(rng) > 2 ? "Fluent" : "Intermediate"}}}}};
}

std::string MakePdf(const std::string& text) {
  HPDF_Doc pdf = HPDF_New(nullptr, nullptr);
  HPDF_Page page = HPDF_AddPage(pdf);
  HPDF_Font font = HPDF_GetFont(pdf, "Helvetica", nullptr);
  HPDF_Page_BeginText(page);
  HPDF_Page_SetFontAndSize(page, font, 11);
  float y = 780;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    HPDF_Page_TextOut(page, 50, y, text.substr(start, end - start).c_str());
    y -= 16;
    start = end + 1;
  }
  HPDF_Page_EndText(page);
  HPDF_SaveToStream(pdf);
  std::string out(HPDF_GetStreamSize(pdf), '\0');
  HPDF_UINT32 size = static_cast<HPDF_UINT32>(out.size());
  HPDF_ReadFromStream(pdf, reinterpret_cast<HPDF_BYTE*>(out.data()), &size);
  HPDF_Free(pdf);
  out.resize(size);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 100000;
  std::mt19937 rng(42);
  json req_json = {{"must_have", {{{"term", "Kubernetes"}}, {{"term", "Go"}, {"synonyms", {"golang"}}}}},
                   {"nice_to_have", {"Kafka", "PostgreSQL", "Prometheus"}},
                   {"min_years_experience", 3},
                   {"education_level", "bachelor"},
                   {"languages", {{{"language", "English"}, {"level", "professional"}}}}};
  auto req = recruit::ParseRequirements(req_json);
  if (!req.ok()) {
    std::fprintf(stderr, "requirements: %s\n", req.error().message.c_str());
    return 1;
  }
  std::vector<json> resumes;
  resumes.reserve(n);
  for (int i = 0; i < n; ++i) resumes.push_back(MakeResume(rng));
  auto today = *core::Date::Parse("2026-11-26");
  auto t0 = Clock::now();
  // The plan is compiled once, as a caller screening a requisition's applications does.
  const recruit::Screener screener(*req);
  double sum = 0;
  for (const auto& r : resumes) sum += screener.Screen(r, {}, today).score;
  auto t1 = Clock::now();
  double s = Seconds(t0, t1);
  std::printf("screening: %d applications in %.3f s (%.0f per second, mean score %.1f)\n", n, s, n / s, sum / n);
  std::printf("RATIO screening: time / 1 s target for %d = %.3f (below 1 meets the target)\n", n, s * 100000.0 / n);

  const char* kText =
      "Li Wei\nSenior Backend Engineer\nli.wei@example.com | +86 138 0013 8000\n\nEXPERIENCE\n"
      "Senior Engineer, Acme Corp (Jan 2019 - Present)\n- Led the migration to Kubernetes\n- Built Go services and Kafka pipelines\n"
      "Engineer, Globex (Jun 2015 - Dec 2018)\n- PostgreSQL tuning\n\nEDUCATION\nB.Sc. Computer Science, Zhejiang University (2011 - 2015)\n\n"
      "SKILLS\nGo, Python, Kubernetes, Docker, PostgreSQL, Redis\n\nLANGUAGES\nEnglish (fluent), Chinese (native)\n";
  std::string pdf = MakePdf(kText);
  int parsed = 0, k = 200;
  auto p0 = Clock::now();
  for (int i = 0; i < k; ++i) parsed += recruit::ParseResumeBytes(pdf, "resume.pdf").ok() ? 1 : 0;
  auto p1 = Clock::now();
  double ps = Seconds(p0, p1);
  std::printf("parsing: %d of %d one-page PDF resumes in %.3f s (%.0f per second)\n", parsed, k, ps, k / ps);
  std::printf("RATIO parsing: PDFs per second / 50 target = %.1f (above 1 meets the target)\n", (k / ps) / 50.0);
  return parsed == k ? 0 : 1;
}
