// Resume files in binary formats: DOCX and ODT built with libzip, PDF drawn with libharu.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "recruit/resume_parse.h"
#include "recruit/resume_testing.h"

namespace recruit {
namespace {

using nlohmann::json;
using testing::DocxParagraph;
using testing::DocxTable;
using testing::FlowLines;
using testing::MakeDocx;
using testing::MakePdf;

json MustParse(const std::string& bytes, const std::string& name) {
  auto r = ParseResumeBytes(bytes, name);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : json::object();
}

std::string ChineseDocxBody() {
  std::string body;
  body += DocxParagraph({"个人简历"});
  body += DocxTable({{"姓名", "陈晨", "性别", "男"},
                     {"手机", "86-139 8765 4321", "邮箱", "chenchen@example.cn"},
                     {"现居住地", "深圳", "求职意向", "产品经理"}});
  body += DocxParagraph({"工作经历"});
  body += DocxParagraph({"2018.03", "\t", "-", "\t", "至今", "\t", "腾讯科技（深圳）有限公司", "\t", "高级产品经理"});
  body += DocxParagraph({"• 负责微信支付商户端产品规划"});
  body += DocxParagraph({"• 主导海外版本上线"});
  body += DocxParagraph({"2015年7月 - 2018年2月  美团  产品经理"});
  body += DocxParagraph({"负责外卖商家端产品。"});
  // A text box (mc:AlternateContent: the VML fallback duplicates it and must be skipped).
  body += "<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:wsp><wps:txbx>"
          "<w:txbxContent>" + DocxParagraph({"教育背景"}) +
          DocxParagraph({"2011.09-2015.06  中山大学  工业设计  本科"}) +
          "</w:txbxContent></wps:txbx></wps:wsp></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox>"
          "<w:txbxContent>" + DocxParagraph({"2011.09-2015.06  中山大学  工业设计  本科"}) +
          "</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>";
  body += DocxParagraph({"专业技能"});
  body += DocxParagraph({"熟练使用 Axure、Figma、SQL，了解 Python 数据分析"});
  return body;
}

TEST(ResumeDocx, ParsesParagraphsTablesAndTextBoxes) {
  const json r = MustParse(MakeDocx(ChineseDocxBody()), "chen.docx");
  EXPECT_EQ(r["meta"]["source_format"], "docx");
  EXPECT_EQ(r["basics"]["name"], "陈晨");
  EXPECT_EQ(r["basics"]["phone"], "+8613987654321");
  EXPECT_EQ(r["basics"]["email"], "chenchen@example.cn");
  EXPECT_EQ(r["basics"]["label"], "产品经理");
  EXPECT_EQ(r["basics"]["location"]["city"], "深圳");
  ASSERT_EQ(r["work"].size(), 2u);
  EXPECT_EQ(r["work"][0]["name"], "腾讯科技(深圳)有限公司");  // NFKC: full-width brackets become ASCII
  EXPECT_EQ(r["work"][0]["position"], "高级产品经理");
  EXPECT_EQ(r["work"][0]["startDate"], "2018-03");
  EXPECT_FALSE(r["work"][0].contains("endDate"));
  EXPECT_EQ(r["work"][0]["highlights"].size(), 2u);
  EXPECT_EQ(r["work"][1]["name"], "美团");
  EXPECT_EQ(r["work"][1]["endDate"], "2018-02");
  ASSERT_EQ(r["education"].size(), 1u);  // the text box is read once
  EXPECT_EQ(r["education"][0]["institution"], "中山大学");
  EXPECT_EQ(r["education"][0]["studyType"], "Bachelor");
  std::set<std::string> skills;
  for (const auto& s : r["skills"]) {
    for (const auto& k : s["keywords"]) skills.insert(k.get<std::string>());
  }
  for (const char* s : {"Axure", "Figma", "SQL", "Python"}) EXPECT_TRUE(skills.count(s)) << s;
}

TEST(ResumeDocx, DetectedByContentNotByName) {
  const std::string docx = MakeDocx(ChineseDocxBody());
  const json r = MustParse(docx, "resume.pdf");  // a misleading name
  EXPECT_EQ(r["meta"]["source_format"], "docx");
}

TEST(ResumeDocx, DamagedArchivesAreErrors) {
  const std::string docx = MakeDocx(ChineseDocxBody());
  for (size_t cut : {docx.size() / 2, size_t(30), docx.size() - 10}) {
    SCOPED_TRACE(cut);
    auto r = ParseResumeBytes(docx.substr(0, cut), "cut.docx");
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(r.error().code == core::ErrorCode::kInvalid || r.error().code == core::ErrorCode::kUnsupported)
        << r.error().message;
  }
  const std::string bad_xml = testing::MakeZip(
      {{"_rels/.rels", "<Relationships/>"}, {"word/document.xml", "<w:document><w:body><w:p>"}});
  auto r = ParseResumeBytes(bad_xml, "bad.docx");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("XML"), std::string::npos);
}

TEST(ResumeOdt, ParsesOpenDocumentText) {
  const std::string content =
      R"(<?xml version="1.0" encoding="UTF-8"?><office:document-content )"
      R"(xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" )"
      R"(xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>)"
      R"(<text:p>Maria Garcia</text:p><text:p>maria@example.com<text:tab/>+34 612 345 678</text:p>)"
      R"(<text:h>Experience</text:h><text:p>Data Scientist, Globex Corporation<text:s text:c="4"/>2020 – 2023</text:p>)"
      R"(</office:text></office:body></office:document-content>)";
  const std::string odt = testing::MakeZip(
      {{"mimetype", "application/vnd.oasis.opendocument.text"}, {"content.xml", content}});
  const json r = MustParse(odt, "maria.odt");
  EXPECT_EQ(r["meta"]["source_format"], "odt");
  EXPECT_EQ(r["basics"]["name"], "Maria Garcia");
  EXPECT_EQ(r["basics"]["phone"], "+34612345678");
  EXPECT_EQ(r["work"][0]["position"], "Data Scientist");
  EXPECT_EQ(r["work"][0]["name"], "Globex Corporation");
  EXPECT_EQ(r["work"][0]["endDate"], "2023");
}

TEST(ResumeHtml, ParsesHtmlExports) {
  const std::string html =
      "<!DOCTYPE html><html><head><title>简历</title><style>p{color:red}</style></head><body>"
      "<h1>刘洋</h1><p>电话：186&nbsp;0000&nbsp;1111 &nbsp; 邮箱：liuyang@example.com</p>"
      "<h2>工作经历</h2><table><tr><td>2020.01-至今</td><td>京东</td><td>运营经理</td></tr></table>"
      "<ul><li>负责618大促活动策划</li></ul></body></html>";
  const json r = MustParse(html, "liu.html");
  EXPECT_EQ(r["meta"]["source_format"], "html");
  EXPECT_EQ(r["basics"]["name"], "刘洋");
  EXPECT_EQ(r["basics"]["phone"], "+8618600001111");
  EXPECT_EQ(r["work"][0]["name"], "京东");
  EXPECT_EQ(r["work"][0]["position"], "运营经理");
  EXPECT_EQ(r["work"][0]["highlights"][0], "负责618大促活动策划");
}

std::vector<std::pair<double, std::string>> ChinesePdfLines() {
  return {
      {50, "王小明"},
      {50, "电话：+86 137-0000-1234   邮箱：wangxm@example.com   现居：北京"},
      {0, ""},
      {50, "工作经历"},
      {50, "字节跳动"},
      {-430, "2020.04 - 至今"},
      {50, "资深算法工程师"},
      {60, "• 负责抖音推荐排序模型的迭代，点击率提升 8%"},
      {60, "• 搭建实时特征平台"},
      {0, ""},
      {50, "百度在线网络技术（北京）有限公司"},
      {-430, "2017.07 - 2020.03"},
      {50, "机器学习工程师"},
      {60, "• 负责凤巢广告点击率预估"},
      {0, ""},
      {50, "教育背景"},
      {50, "2013.09 - 2017.06    清华大学    计算机科学与技术    本科"},
      {0, ""},
      {50, "专业技能"},
      {50, "编程语言：Python、C++、Go"},
      {50, "框架：TensorFlow、PyTorch、Spark"},
  };
}

TEST(ResumePdf, ChinesePdfWithRightAlignedDates) {
  std::string why;
  auto pdf = MakePdf(FlowLines(ChinesePdfLines()), true, &why);
  if (!pdf) GTEST_SKIP() << "cannot make a Chinese PDF: " << why;
  const json r = MustParse(*pdf, "wang.pdf");
  EXPECT_EQ(r["meta"]["source_format"], "pdf");
  EXPECT_EQ(r["meta"]["language"], "zh");
  EXPECT_EQ(r["basics"]["name"], "王小明");
  EXPECT_EQ(r["basics"]["phone"], "+8613700001234");
  EXPECT_EQ(r["basics"]["email"], "wangxm@example.com");
  EXPECT_EQ(r["basics"]["location"]["city"], "北京");
  ASSERT_EQ(r["work"].size(), 2u) << r.dump(2);
  EXPECT_EQ(r["work"][0]["name"], "字节跳动");
  EXPECT_EQ(r["work"][0]["position"], "资深算法工程师");
  EXPECT_EQ(r["work"][0]["startDate"], "2020-04");
  EXPECT_FALSE(r["work"][0].contains("endDate"));
  EXPECT_EQ(r["work"][0]["highlights"].size(), 2u);
  EXPECT_EQ(r["work"][1]["name"], "百度在线网络技术(北京)有限公司");
  EXPECT_EQ(r["work"][1]["position"], "机器学习工程师");
  EXPECT_EQ(r["work"][1]["endDate"], "2020-03");
  ASSERT_EQ(r["education"].size(), 1u);
  EXPECT_EQ(r["education"][0]["institution"], "清华大学");
  EXPECT_EQ(r["education"][0]["studyType"], "Bachelor");
  EXPECT_EQ(r["skills"][0]["keywords"], json({"Python", "C++", "Go"}));
}

TEST(ResumePdf, EnglishTwoColumnPdfIsReadColumnByColumn) {
  // A sidebar (contact, skills) left of the main column; both columns start at the same height.
  std::vector<testing::PdfText> page;
  double y = 800;
  page.push_back({40, y, 18, "Emily Chen"});
  page.push_back({40, y - 20, 10, "Product Designer"});
  const char* side[] = {"CONTACT", "emily.chen@example.com", "+1 212 555 0199", "New York, NY", "",
                        "SKILLS", "Figma", "Sketch", "User Research", "Prototyping"};
  const char* main_col[] = {"EXPERIENCE",
                            "Lead Designer, Initech",
                            "Mar 2020 - Present",
                            "- Redesigned the onboarding flow for two million users",
                            "- Built the design system used by eight product teams",
                            "Designer, Hooli",
                            "Jul 2016 - Feb 2020",
                            "- Shipped the mobile checkout experience for the store",
                            "",
                            "EDUCATION",
                            "BFA in Graphic Design, Rhode Island School of Design, 2012 - 2016"};
  y = 740;
  for (const char* s : side) {
    if (*s) page.push_back({40, y, 10, s});
    y -= 16;
  }
  y = 740;
  for (const char* s : main_col) {
    if (*s) page.push_back({230, y, 10, s});
    y -= 16;
  }
  std::string why;
  auto pdf = MakePdf({page}, false, &why);
  if (!pdf) GTEST_SKIP() << why;
  const json r = MustParse(*pdf, "emily.pdf");
  EXPECT_EQ(r["basics"]["name"], "Emily Chen");
  EXPECT_EQ(r["basics"]["label"], "Product Designer");
  EXPECT_EQ(r["basics"]["email"], "emily.chen@example.com");
  EXPECT_EQ(r["basics"]["phone"], "+12125550199");
  EXPECT_EQ(r["basics"]["location"]["city"], "New York");
  ASSERT_EQ(r["work"].size(), 2u) << r.dump(2);
  EXPECT_EQ(r["work"][0]["name"], "Initech");
  EXPECT_EQ(r["work"][0]["position"], "Lead Designer");
  EXPECT_EQ(r["work"][0]["startDate"], "2020-03");
  EXPECT_FALSE(r["work"][0].contains("endDate"));
  EXPECT_EQ(r["work"][1]["name"], "Hooli");
  EXPECT_EQ(r["work"][1]["endDate"], "2020-02");
  ASSERT_EQ(r["education"].size(), 1u);
  EXPECT_EQ(r["education"][0]["studyType"], "Bachelor");
  EXPECT_EQ(r["education"][0]["area"], "Graphic Design");
  EXPECT_EQ(r["education"][0]["institution"], "Rhode Island School of Design");
  std::set<std::string> skills;
  for (const auto& s : r["skills"]) {
    for (const auto& k : s["keywords"]) skills.insert(k.get<std::string>());
  }
  EXPECT_TRUE(skills.count("Figma"));
  EXPECT_TRUE(skills.count("User Research"));
}

TEST(ResumePdf, DamagedEncryptedAndScannedPdfsAreErrors) {
  std::string why;
  auto pdf = MakePdf(FlowLines({{50, "Jane Roe"}, {50, "Experience"}}), false, &why);
  if (!pdf) GTEST_SKIP() << why;
  auto truncated = ParseResumeBytes(pdf->substr(0, pdf->size() / 2), "cut.pdf");
  ASSERT_FALSE(truncated.ok());
  EXPECT_EQ(truncated.error().code, core::ErrorCode::kInvalid);
  EXPECT_NE(truncated.error().message.find("damaged PDF"), std::string::npos);

  auto locked = MakePdf(FlowLines({{50, "Jane Roe"}}), false, &why, "secret");
  ASSERT_TRUE(locked);
  auto enc = ParseResumeBytes(*locked, "locked.pdf");
  ASSERT_FALSE(enc.ok());
  EXPECT_EQ(enc.error().code, core::ErrorCode::kUnsupported);
  EXPECT_NE(enc.error().message.find("encrypted"), std::string::npos);

  auto blank = MakePdf({{}}, false, &why);  // a page without text, like a scan
  ASSERT_TRUE(blank);
  auto scan = ParseResumeBytes(*blank, "scan.pdf");
  ASSERT_FALSE(scan.ok());
  EXPECT_EQ(scan.error().code, core::ErrorCode::kUnsupported);
  EXPECT_NE(scan.error().message.find("OCR"), std::string::npos);

  std::string garbage = *pdf;
  for (size_t i = 200; i < garbage.size(); i += 7) garbage[i] = char(garbage[i] ^ 0x5A);
  auto g = ParseResumeBytes(garbage, "garbage.pdf");
  if (!g.ok()) {
    EXPECT_NE(g.error().code, core::ErrorCode::kInternal);
  }
}

// Performance target: at least 50 PDF resumes per second per core. The figure is printed; the
// assertion is looser so that a loaded CI machine does not fail the build.
TEST(ResumePdf, ThroughputOfTwoPageResumes) {
  std::vector<std::pair<double, std::string>> lines = ChinesePdfLines();
  for (int i = 0; i < 6; ++i) {
    lines.push_back({0, ""});
    lines.push_back({50, "项目经历"});
    lines.push_back({50, "2019.0" + std::to_string(i + 1) + " - 2019.1" + std::to_string(i % 3) + "  推荐系统优化项目"});
    lines.push_back({60, "担任角色：技术负责人"});
    lines.push_back({60, "• 设计并实现多目标排序模型，线上 A/B 实验点击率提升 3.2%，人均时长提升 1.5%"});
    lines.push_back({60, "• 优化特征抽取流水线，训练耗时从 6 小时降到 2 小时"});
    lines.push_back({60, "技术栈：Python、TensorFlow、Spark、Kafka、Redis"});
  }
  std::string why;
  auto pdf = MakePdf(FlowLines(lines), true, &why);
  if (!pdf) GTEST_SKIP() << why;
  auto first = ParseResumeBytes(*pdf, "perf.pdf");
  ASSERT_TRUE(first.ok());
  const int n = 40;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) {
    auto r = ParseResumeBytes(*pdf, "perf.pdf");
    ASSERT_TRUE(r.ok());
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double per_second = n / secs;
  std::printf("[ perf     ] 2-page Chinese PDF (%zu bytes, %zu projects): %.1f resumes/s on one core\n",
              pdf->size(), (*first)["projects"].size(), per_second);
  RecordProperty("pdf_resumes_per_second", std::to_string(per_second));
  EXPECT_GT(per_second, 10.0);

  // The same shape in English with a standard font (no embedded font program), for comparison.
  std::vector<std::pair<double, std::string>> en = {{50, "Jane Roe"}, {50, "jane.roe@example.com | +1 415 555 0100"},
                                                    {50, "EXPERIENCE"}};
  for (int i = 0; i < 12; ++i) {
    en.push_back({50, "Senior Engineer, Company " + std::to_string(i) + " Inc.   Jan 201" + std::to_string(i % 10) +
                          " - Dec 201" + std::to_string(i % 10)});
    en.push_back({60, "- Designed and shipped a distributed job scheduler handling 5M jobs per day"});
    en.push_back({60, "- Cut p99 latency of the billing API from 800 ms to 120 ms"});
    en.push_back({60, "- Mentored six engineers and ran the on-call rotation"});
  }
  auto en_pdf = MakePdf(FlowLines(en), false, &why);
  ASSERT_TRUE(en_pdf);
  const auto en_start = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) ASSERT_TRUE(ParseResumeBytes(*en_pdf, "perf-en.pdf").ok());
  const double en_per_second =
      n / std::chrono::duration<double>(std::chrono::steady_clock::now() - en_start).count();
  std::printf("[ perf     ] 2-page English PDF (%zu bytes): %.1f resumes/s on one core\n", en_pdf->size(), en_per_second);
  EXPECT_GT(en_per_second, 10.0);
}

}  // namespace
}  // namespace recruit
