#include "recruit/resume_parse.h"

#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <regex>
#include <sstream>

#include "recruit/resume_testing.h"

namespace recruit {
namespace {

using nlohmann::json;
using testing::ReadFixture;

json Parse(const std::string& bytes, const std::string& name = "resume.txt") {
  auto r = ParseResumeBytes(bytes, name);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : json::object();
}

// Every string is non-empty, every date matches the JSON Resume iso8601 pattern, and nothing but
// the schema's top-level keys is present.
void ExpectSchemaShape(const json& doc) {
  static const std::regex kDate(R"(^([1-2][0-9]{3}-[0-1][0-9]-[0-3][0-9]|[1-2][0-9]{3}-[0-1][0-9]|[1-2][0-9]{3})$)");
  static const std::set<std::string> kTop = {"$schema", "basics", "work", "volunteer", "education", "awards",
                                             "certificates", "publications", "skills", "languages", "interests",
                                             "references", "projects", "meta"};
  ASSERT_TRUE(doc.is_object());
  for (auto it = doc.begin(); it != doc.end(); ++it) EXPECT_TRUE(kTop.count(it.key())) << it.key();
  std::function<void(const json&, const std::string&)> walk = [&](const json& v, const std::string& key) {
    if (v.is_string()) {
      if (key != "warnings") {
        EXPECT_FALSE(v.get<std::string>().empty()) << key;
      }
      if (key == "startDate" || key == "endDate" || key == "date" || key == "releaseDate") {
        EXPECT_TRUE(std::regex_match(v.get<std::string>(), kDate)) << key << "=" << v;
      }
      if (key == "url") {
        EXPECT_EQ(v.get<std::string>().rfind("http", 0), 0u) << v;
      }
    } else if (v.is_object()) {
      for (auto it = v.begin(); it != v.end(); ++it) walk(it.value(), it.key());
    } else if (v.is_array()) {
      for (const auto& e : v) walk(e, key);
    }
  };
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    if (it.key() != "meta") walk(it.value(), it.key());
  }
  for (const char* arr : {"work", "education", "skills", "languages", "projects", "certificates"}) {
    if (doc.contains(arr)) {
      EXPECT_TRUE(doc[arr].is_array()) << arr;
    }
  }
  ASSERT_TRUE(doc.contains("meta"));
  EXPECT_TRUE(doc["meta"]["warnings"].is_array());
  EXPECT_EQ(doc["meta"]["parser_version"], kResumeParserVersion);
}

TEST(ResumeParse, ChinesePlainTextResume) {
  const json r = Parse(ReadFixture("zh_engineer.txt"));
  ExpectSchemaShape(r);
  EXPECT_EQ(r["meta"]["language"], "zh");
  EXPECT_EQ(r["meta"]["source_format"], "text");
  const json& b = r["basics"];
  EXPECT_EQ(b["name"], "张伟");
  EXPECT_EQ(b["email"], "zhangwei.dev@example.com");
  EXPECT_EQ(b["phone"], "+8613812345678");
  EXPECT_EQ(b["label"], "高级后端工程师");
  EXPECT_EQ(b["location"]["city"], "杭州");
  EXPECT_EQ(b["location"]["region"], "浙江");
  EXPECT_EQ(b["location"]["countryCode"], "CN");
  EXPECT_EQ(b["profiles"][0]["network"], "GitHub");
  EXPECT_EQ(b["profiles"][0]["username"], "zhangwei-dev");
  ASSERT_TRUE(b.contains("summary"));

  ASSERT_EQ(r["work"].size(), 2u);
  const json& w0 = r["work"][0];
  EXPECT_EQ(w0["name"], "阿里巴巴");
  EXPECT_EQ(w0["position"], "高级工程师");
  EXPECT_EQ(w0["startDate"], "2019-07");
  EXPECT_FALSE(w0.contains("endDate"));  // 至今
  ASSERT_EQ(w0["highlights"].size(), 3u);
  EXPECT_EQ(w0["highlights"][0].get<std::string>().rfind("负责交易系统", 0), 0u);
  const json& w1 = r["work"][1];
  EXPECT_EQ(w1["name"], "杭州网易科技有限公司");
  EXPECT_EQ(w1["position"], "Java开发工程师");
  EXPECT_EQ(w1["startDate"], "2016-07");
  EXPECT_EQ(w1["endDate"], "2019-06");

  ASSERT_EQ(r["education"].size(), 2u);
  EXPECT_EQ(r["education"][0]["institution"], "浙江大学");
  EXPECT_EQ(r["education"][0]["area"], "计算机科学与技术");
  EXPECT_EQ(r["education"][0]["studyType"], "Bachelor");
  EXPECT_EQ(r["education"][0]["startDate"], "2012-09");
  EXPECT_EQ(r["education"][0]["endDate"], "2016-06");
  EXPECT_EQ(r["education"][1]["studyType"], "Master");

  ASSERT_EQ(r["projects"].size(), 1u);
  const json& p = r["projects"][0];
  EXPECT_EQ(p["name"], "订单中心重构");
  EXPECT_EQ(p["roles"][0], "技术负责人");
  EXPECT_EQ(p["startDate"], "2020-03");
  EXPECT_EQ(p["endDate"], "2021-06");
  EXPECT_EQ(p["highlights"].size(), 2u);
  EXPECT_EQ(p["keywords"][1], "Spring Cloud");

  std::set<std::string> skills;
  for (const auto& s : r["skills"]) {
    for (const auto& k : s["keywords"]) skills.insert(k.get<std::string>());
  }
  for (const char* s : {"Java", "Go", "Python", "Spring Boot", "Kubernetes", "Docker", "MySQL", "Istio"}) {
    EXPECT_TRUE(skills.count(s)) << s;
  }
  EXPECT_EQ(r["skills"][0]["name"], "编程语言");

  ASSERT_GE(r["languages"].size(), 2u);
  EXPECT_EQ(r["languages"][0]["language"], "English");
  EXPECT_EQ(r["languages"][0]["fluency"], "CET-6");
  EXPECT_EQ(r["languages"][1]["language"], "Chinese");

  ASSERT_EQ(r["certificates"].size(), 2u);
  EXPECT_EQ(r["certificates"][0]["name"], "PMP项目管理专业人士");
  EXPECT_EQ(r["certificates"][0]["date"], "2020-05");
}

TEST(ResumeParse, EnglishPlainTextResume) {
  const json r = Parse(ReadFixture("en_engineer.txt"));
  ExpectSchemaShape(r);
  EXPECT_EQ(r["meta"]["language"], "en");
  const json& b = r["basics"];
  EXPECT_EQ(b["name"], "John A. Smith");
  EXPECT_EQ(b["label"], "Senior Software Engineer");
  EXPECT_EQ(b["email"], "john.smith@example.com");
  EXPECT_EQ(b["phone"], "(415) 555-0132");
  EXPECT_EQ(b["location"]["city"], "San Francisco");
  EXPECT_EQ(b["location"]["region"], "CA");
  EXPECT_EQ(b["location"]["countryCode"], "US");
  EXPECT_EQ(b["profiles"].size(), 2u);
  EXPECT_EQ(b["summary"].get<std::string>().rfind("Backend engineer", 0), 0u);

  ASSERT_EQ(r["work"].size(), 2u);
  EXPECT_EQ(r["work"][0]["name"], "Acme Corp");
  EXPECT_EQ(r["work"][0]["position"], "Senior Engineer");
  EXPECT_EQ(r["work"][0]["startDate"], "2019-01");
  EXPECT_FALSE(r["work"][0].contains("endDate"));
  EXPECT_EQ(r["work"][0]["highlights"].size(), 2u);
  EXPECT_EQ(r["work"][1]["name"], "Globex Inc.");
  EXPECT_EQ(r["work"][1]["position"], "Software Engineer");
  EXPECT_EQ(r["work"][1]["location"], "San Francisco, CA");
  EXPECT_EQ(r["work"][1]["startDate"], "2015-06");
  EXPECT_EQ(r["work"][1]["endDate"], "2018-12");

  ASSERT_EQ(r["education"].size(), 2u);
  EXPECT_EQ(r["education"][0]["institution"], "Stanford University");
  EXPECT_EQ(r["education"][0]["studyType"], "Bachelor");
  EXPECT_EQ(r["education"][0]["area"], "Computer Science");
  EXPECT_EQ(r["education"][0]["startDate"], "2011");
  EXPECT_EQ(r["education"][1]["institution"], "Carnegie Mellon University");
  EXPECT_EQ(r["education"][1]["studyType"], "Master");
  EXPECT_EQ(r["education"][1]["area"], "Software Engineering");
  EXPECT_EQ(r["education"][1]["score"], "3.9/4.0");

  EXPECT_EQ(r["skills"][0]["name"], "Languages");
  EXPECT_EQ(r["skills"][0]["keywords"], json({"Go", "Python", "Java", "SQL"}));
  EXPECT_EQ(r["projects"][0]["name"], "OpenLedger");
  EXPECT_EQ(r["projects"][0]["url"], "https://github.com/jsmith/openledger");
  EXPECT_EQ(r["languages"][0], json({{"language", "English"}, {"fluency", "Native speaker"}}));
  EXPECT_EQ(r["certificates"][0]["issuer"], "CNCF");
  EXPECT_EQ(r["certificates"][0]["name"], "Certified Kubernetes Administrator (CKA)");
  EXPECT_EQ(r["certificates"][0]["date"], "2021");
}

TEST(ResumeParse, LabelledChineseFormInGbk) {
  const json utf8 = Parse(ReadFixture("zh_table_form.txt"));
  const json gbk = Parse(ReadFixture("zh_table_form_gbk.txt"));
  ExpectSchemaShape(gbk);
  EXPECT_EQ(gbk["meta"]["encoding"], "GB18030");
  json a = utf8, b = gbk;
  a.erase("meta");
  b.erase("meta");
  EXPECT_EQ(a, b);
  EXPECT_EQ(b["basics"]["name"], "李娜");
  EXPECT_EQ(b["basics"]["phone"], "+8613912345678");
  EXPECT_EQ(b["basics"]["email"], "lina@163.com");
  EXPECT_EQ(b["basics"]["location"]["city"], "上海");
  EXPECT_FALSE(b["basics"].contains("gender"));
  ASSERT_EQ(b["work"].size(), 2u);
  EXPECT_EQ(b["work"][0]["name"], "招商银行上海分行");
  EXPECT_EQ(b["work"][0]["position"], "客户经理");
  EXPECT_EQ(b["work"][0]["endDate"], "2020-12");
  EXPECT_EQ(b["work"][1]["name"], "中国平安");
  EXPECT_EQ(b["work"][1]["startDate"], "2021-01");
  EXPECT_FALSE(b["work"][1].contains("endDate"));
  ASSERT_EQ(b["education"].size(), 1u);
  EXPECT_EQ(b["education"][0]["institution"], "复旦大学");
  EXPECT_EQ(b["education"][0]["area"], "金融学");
  EXPECT_EQ(b["education"][0]["studyType"], "Master");
}

TEST(ResumeParse, WorkHeaderVariants) {
  const json r = Parse(
      "王芳\n"
      "工作经历\n"
      "2019.07-至今  阿里巴巴  高级工程师\n"
      "负责搜索排序。\n"
      "字节跳动 | 算法工程师 | 2017年3月 - 2019年6月\n"
      "负责推荐算法。\n"
      "2015/07～2017/02\n"
      "北京百度网讯科技有限公司\n"
      "前端开发工程师\n"
      "- 负责搜索前端\n");
  ASSERT_EQ(r["work"].size(), 3u);
  EXPECT_EQ(r["work"][0], json({{"name", "阿里巴巴"}, {"position", "高级工程师"}, {"startDate", "2019-07"},
                                {"summary", "负责搜索排序。"}}));
  EXPECT_EQ(r["work"][1]["name"], "字节跳动");
  EXPECT_EQ(r["work"][1]["position"], "算法工程师");
  EXPECT_EQ(r["work"][1]["endDate"], "2019-06");
  EXPECT_EQ(r["work"][2]["name"], "北京百度网讯科技有限公司");
  EXPECT_EQ(r["work"][2]["position"], "前端开发工程师");
  EXPECT_EQ(r["work"][2]["startDate"], "2015-07");
  EXPECT_EQ(r["work"][2]["endDate"], "2017-02");
  EXPECT_EQ(r["work"][2]["highlights"][0], "负责搜索前端");
}

TEST(ResumeParse, EnglishWorkHeaderVariants) {
  const json r = Parse(
      "Jane Doe\n"
      "Experience\n"
      "Senior Engineer, Acme Corp (Jan 2019 – Present)\n"
      "• Built things\n"
      "Product Manager at Initech, March 2016 - December 2018\n"
      "• Shipped things\n"
      "Hooli\n"
      "Data Analyst\n"
      "06/2014 - 02/2016\n"
      "• Analysed things\n");
  ASSERT_EQ(r["work"].size(), 3u);
  EXPECT_EQ(r["work"][0]["name"], "Acme Corp");
  EXPECT_EQ(r["work"][0]["position"], "Senior Engineer");
  EXPECT_FALSE(r["work"][0].contains("endDate"));
  EXPECT_EQ(r["work"][1]["name"], "Initech");
  EXPECT_EQ(r["work"][1]["position"], "Product Manager");
  EXPECT_EQ(r["work"][1]["startDate"], "2016-03");
  EXPECT_EQ(r["work"][1]["endDate"], "2018-12");
  EXPECT_EQ(r["work"][2]["position"], "Data Analyst");
  EXPECT_EQ(r["work"][2]["name"], "Hooli");
  EXPECT_EQ(r["work"][2]["startDate"], "2014-06");
}

TEST(ResumeParse, EducationLevelsAndForms) {
  const json r = Parse(
      "赵磊\n教育背景\n"
      "2008.09-2011.06 杭州第二中学 高中\n"
      "2011.09-2014.06 浙江工业职业技术学院 计算机应用 大专\n"
      "2014.09-2016.06 浙江工业大学 软件工程（专升本） 本科\n"
      "2016.09-2021.06 北京大学 计算数学 博士研究生\n");
  ASSERT_EQ(r["education"].size(), 4u);
  EXPECT_EQ(r["education"][0]["studyType"], "High School");
  EXPECT_EQ(r["education"][1]["studyType"], "Associate");
  EXPECT_EQ(r["education"][1]["area"], "计算机应用");
  EXPECT_EQ(r["education"][2]["studyType"], "Bachelor");
  EXPECT_EQ(r["education"][3]["studyType"], "Doctorate");
  EXPECT_EQ(r["education"][3]["institution"], "北京大学");
  EXPECT_EQ(r["education"][3]["area"], "计算数学");
}

TEST(ResumeParse, JsonResumeRoundTrips) {
  const json input = json::parse(R"({
    "$schema": "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json",
    "basics": {"name": " Ada Lovelace ", "email": "ada@example.org", "phone": "+86 138 1234 5678",
               "url": "ada.example.org", "location": {"city": "London", "countryCode": "GB"},
               "profiles": [{"network": "GitHub", "username": "ada", "url": "https://github.com/ada"}]},
    "work": [{"name": "Analytical Engines", "position": "Programmer", "startDate": "1843.07",
              "endDate": "Present", "highlights": ["Notes on the engine", ""]}],
    "education": [{"institution": "Home", "studyType": "Bachelor", "startDate": "1830", "score": 4}],
    "skills": [{"name": "Mathematics", "keywords": ["Algorithms"]}],
    "unknownTopLevel": true,
    "meta": {"version": "v1.0.0"}
  })");
  auto first = ParseResumeBytes(input.dump(), "resume.json");
  ASSERT_TRUE(first.ok()) << first.error().message;
  const json& a = *first;
  ExpectSchemaShape(a);
  EXPECT_EQ(a["meta"]["source_format"], "json");
  EXPECT_EQ(a["meta"]["version"], "v1.0.0");
  EXPECT_EQ(a["basics"]["name"], "Ada Lovelace");
  EXPECT_EQ(a["basics"]["phone"], "+8613812345678");
  EXPECT_EQ(a["basics"]["url"], "https://ada.example.org");
  EXPECT_EQ(a["work"][0]["startDate"], "1843-07");
  EXPECT_FALSE(a["work"][0].contains("endDate"));
  EXPECT_EQ(a["work"][0]["highlights"], json({"Notes on the engine"}));
  EXPECT_EQ(a["education"][0]["score"], "4");
  EXPECT_FALSE(a.contains("unknownTopLevel"));
  EXPECT_FALSE(a["meta"]["warnings"].empty());
  // Normalising again changes nothing but the warnings.
  auto second = ParseResumeBytes(a.dump(2), "again.json");
  ASSERT_TRUE(second.ok());
  json x = a, y = *second;
  x["meta"].erase("warnings");
  y["meta"].erase("warnings");
  EXPECT_EQ(x, y);
  EXPECT_TRUE((*second)["meta"]["warnings"].empty());
}

TEST(ResumeParse, ParsedTextRoundTripsThroughJsonResume) {
  const json parsed = Parse(ReadFixture("zh_engineer.txt"));
  auto again = ParseResumeBytes(parsed.dump(), "parsed.json");
  ASSERT_TRUE(again.ok());
  json a = parsed, b = *again;
  a.erase("meta");
  b.erase("meta");
  EXPECT_EQ(a, b);
}

TEST(ResumeParse, RejectsEmptyDamagedAndUnknownInput) {
  struct Case {
    std::string bytes, name;
    core::ErrorCode code;
    const char* message_part;
  };
  std::string random_bytes;
  std::mt19937 rng(42);
  for (int i = 0; i < 4096; ++i) random_bytes.push_back(char(rng() & 0xFF));
  const std::string zip_not_docx = testing::MakeZip({{"notes.txt", "hello"}, {"img/a.png", "\x89PNG"}});
  const std::string xlsx = testing::MakeZip({{"xl/workbook.xml", "<workbook/>"}});
  const Case cases[] = {
      {"", "empty.pdf", core::ErrorCode::kInvalid, "empty"},
      {"   \n\t  ", "blank.txt", core::ErrorCode::kInvalid, "no text"},
      {random_bytes, "random.bin", core::ErrorCode::kUnsupported, "unrecognised"},
      {random_bytes, "resume.pdf", core::ErrorCode::kInvalid, "damaged"},
      {"%PDF-1.4\n1 0 obj << /Type /Catalog", "cut.pdf", core::ErrorCode::kInvalid, "truncated"},
      {zip_not_docx, "resume.docx", core::ErrorCode::kUnsupported, "not a DOCX"},
      {xlsx, "resume.xlsx", core::ErrorCode::kUnsupported, "Excel"},
      {"PK\x03\x04garbage-that-is-not-a-zip", "resume.docx", core::ErrorCode::kInvalid, "damaged"},
      {std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(600, '\0'), "old.doc",
       core::ErrorCode::kUnsupported, "Word 97-2003"},
      {"\x89PNG\r\n\x1A\n....", "photo.png", core::ErrorCode::kUnsupported, "image"},
      {"{\"basics\": {\"name\": ", "resume.json", core::ErrorCode::kInvalid, "malformed JSON"},
      {"{\"hello\": 1}", "x.json", core::ErrorCode::kInvalid, "not a JSON Resume"},
      {"{\\rtf1\\ansi hello}", "cv.rtf", core::ErrorCode::kUnsupported, "RTF"},
      {"hello world", "note.txt", core::ErrorCode::kInvalid, "no resume content"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name + ": " + c.message_part);
    auto r = ParseResumeBytes(c.bytes, c.name);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, c.code);
    EXPECT_NE(r.error().message.find(c.message_part), std::string::npos) << r.error().message;
    EXPECT_EQ(r.error().message.find('\n'), std::string::npos);
  }
}

TEST(ResumeParse, NameFromFileNameWhenTheTextHasNone) {
  const std::string text = "工作经历\n2019.07-至今  阿里巴巴  高级工程师\n";
  const json r = Parse(text, "张伟-Java开发-5年.txt");
  EXPECT_EQ(r["basics"]["name"], "张伟");
  EXPECT_NE(r["meta"]["warnings"].dump().find("file name"), std::string::npos);
  const json anonymous = Parse(text, "resume-final-v2.txt");
  EXPECT_FALSE(anonymous.contains("basics"));
}

TEST(ResumeParse, FileErrors) {
  auto r = ParseResumeFile("/nonexistent/dir/resume.pdf");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kNotFound);
  auto dir = ParseResumeFile(testing::FixtureDir().string());
  ASSERT_FALSE(dir.ok());
  auto ok = ParseResumeFile((testing::FixtureDir() / "en_engineer.txt").string());
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ((*ok)["basics"]["name"], "John A. Smith");
}

// Mutation fuzzing of every format. HIREFLOW_FUZZ_ITERATIONS raises the count per seed (e.g. under
// -fsanitize=address,undefined); the default keeps the test fast.
TEST(ResumeParse, NeverCrashesAndStaysBoundedOnMutatedInput) {
  std::vector<std::string> seeds = {ReadFixture("zh_engineer.txt"), ReadFixture("en_engineer.txt"),
                                    testing::MakeDocx(testing::DocxParagraph({"张三"}) +
                                                      testing::DocxTable({{"工作经历", "2019-至今"}})),
                                    R"({"basics":{"name":"A"},"work":[{"startDate":"2019"}]})",
                                    "<html><body><h1>A B</h1><p>Experience &amp; &bogus; & more</p>"
                                    "<a href=x>https://github.com/ab#c</a><td>2019 - now</td></body></html>"};
  if (auto pdf = testing::MakePdf(testing::FlowLines({{50, "Jane Roe"}, {50, "Experience"},
                                                      {50, "Engineer, Acme Corp   2019 - Present"}}),
                                  false, nullptr)) {
    seeds.push_back(*pdf);
  }
  const char* env = std::getenv("HIREFLOW_FUZZ_ITERATIONS");
  const int iterations = env ? std::max(1, std::atoi(env)) : 60;
  std::mt19937 rng(7);
  const auto start = std::chrono::steady_clock::now();
  int parsed = 0;
  for (const auto& seed : seeds) {
    for (int i = 0; i < iterations; ++i) {
      std::string m = seed;
      const int edits = 1 + int(rng() % 8);
      for (int k = 0; k < edits && !m.empty(); ++k) {
        const size_t pos = rng() % m.size();
        switch (rng() % 4) {
          case 0: m[pos] = char(rng() & 0xFF); break;
          case 1: m.erase(pos, std::min<size_t>(m.size() - pos, rng() % 64)); break;
          case 2: m.insert(pos, std::string(rng() % 16, char(rng() & 0xFF))); break;
          case 3: m.resize(pos); break;
        }
      }
      auto r = ParseResumeBytes(m, "fuzz");
      if (r.ok()) {
        ++parsed;
        EXPECT_NO_THROW((void)r->dump(-1, ' ', false, json::error_handler_t::strict));
      } else {
        EXPECT_NE(r.error().code, core::ErrorCode::kInternal) << r.error().message;
      }
    }
  }
  // DOCX with a damaged document.xml inside a valid archive (mutating the archive itself mostly
  // breaks its checksums).
  const std::string xml = testing::DocxParagraph({"李雷"}) + testing::DocxParagraph({"教育背景"}) +
                          testing::DocxTable({{"2015.09-2019.06", "北京大学", "本科"}});
  for (int i = 0; i < iterations; ++i) {
    std::string m = xml;
    for (int k = 0; k < 4; ++k) {
      const size_t pos = rng() % m.size();
      if (rng() % 2) {
        m[pos] = "<>/&\"w:pt"[rng() % 8];
      } else {
        m.erase(pos, rng() % 12);
      }
    }
    auto r = ParseResumeBytes(testing::MakeDocx(m), "fuzz.docx");
    if (!r.ok()) {
      EXPECT_NE(r.error().code, core::ErrorCode::kInternal) << r.error().message;
    }
  }
  EXPECT_GT(parsed, 0);
  if (!env) {
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
  }
}

TEST(ResumeParse, PathologicalTextIsBounded) {
  std::string big = "工作经历\n";
  for (int i = 0; i < 40000; ++i) big += "2019.07-至今 阿里巴巴 高级工程师 • 1、(((( [[[[ :::: @@@ 138\n";
  const auto start = std::chrono::steady_clock::now();
  auto r = ParseResumeBytes(big, "big.txt");
  ASSERT_TRUE(r.ok());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
  EXPECT_FALSE((*r)["meta"]["warnings"].empty());
  std::string one_line(200000, 'a');
  EXPECT_NO_FATAL_FAILURE((void)ParseResumeBytes(one_line, "line.txt"));
}

TEST(ResumeParseCli, PrintsJsonAndFailsWithExitCodeTwo) {
  std::ostringstream out, err;
  std::string path = (testing::FixtureDir() / "zh_engineer.txt").string();
  char* ok_args[] = {path.data()};
  EXPECT_EQ(RunResumeParseCli(1, ok_args, out, err), 0);
  EXPECT_TRUE(err.str().empty());
  const json printed = json::parse(out.str());
  EXPECT_EQ(printed["basics"]["name"], "张伟");
  EXPECT_NE(out.str().find("\n  \"basics\""), std::string::npos);  // pretty
  EXPECT_NE(out.str().find("张伟"), std::string::npos);             // UTF-8, not \u escapes

  std::ostringstream out2, err2;
  std::string missing = "/nonexistent/resume.pdf";
  char* missing_args[] = {missing.data()};
  EXPECT_EQ(RunResumeParseCli(1, missing_args, out2, err2), 2);
  EXPECT_TRUE(out2.str().empty());
  const std::string message = err2.str();
  EXPECT_EQ(std::count(message.begin(), message.end(), '\n'), 1);
  EXPECT_NE(message.find("not found"), std::string::npos);

  std::ostringstream out3, err3;
  EXPECT_EQ(RunResumeParseCli(0, nullptr, out3, err3), 2);
  EXPECT_NE(err3.str().find("usage"), std::string::npos);
}

}  // namespace
}  // namespace recruit
