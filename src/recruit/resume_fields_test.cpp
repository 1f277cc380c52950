#include "recruit/resume_fields.h"

#include <gtest/gtest.h>

#include "recruit/resume_structure.h"
#include "recruit/resume_text.h"

namespace recruit::resume_detail {
namespace {

std::u32string N(const char* s) { return ToU32(NormalizeText(s)); }

TEST(ResumeText, NfkcTurnsFullWidthIntoAscii) {
  EXPECT_EQ(NormalizeText("ＡＢＣ１２３：（）　＠"), "ABC123:() @");
  EXPECT_EQ(NormalizeText("①负责后端"), "1. 负责后端");
  EXPECT_EQ(NormalizeText("a\r\nb\rc"), "a\nb\nc");
  EXPECT_EQ(NormalizeText("zero\xE2\x80\x8Bwidth"), "zerowidth");
  EXPECT_EQ(NormalizeText("\xEF\xAC\x81nance"), "finance");  // "ﬁ" ligature from PDFs
}

TEST(ResumeText, DecodesGbkUtf16AndRejectsBinary) {
  // "张三 简历" in GBK.
  auto gbk = DecodeText("\xD5\xC5\xC8\xFD \xBC\xF2\xC0\xFA");
  ASSERT_TRUE(gbk.ok());
  EXPECT_EQ(gbk->utf8, "张三 简历");
  EXPECT_EQ(gbk->encoding, "GB18030");
  auto utf16 = DecodeText(std::string("\xFF\xFE" "A\0B\0", 6));
  ASSERT_TRUE(utf16.ok());
  EXPECT_EQ(utf16->utf8, "AB");
  std::string binary;
  for (int i = 0; i < 512; ++i) binary.push_back(char((i * 7919) % 256));
  EXPECT_FALSE(DecodeText(binary).ok());
}

TEST(ResumeFields, FindsEmails) {
  auto e = FindEmail(N("邮箱：Zhang.San+jobs@Example.COM电话"));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->value, "Zhang.San+jobs@example.com");
  EXPECT_FALSE(FindEmail(N("not an email @ all")));
  EXPECT_FALSE(FindEmail(N("a@b")));
}

TEST(ResumeFields, NormalizesChineseMobilesToE164) {
  const char* forms[] = {"13812345678", "138 1234 5678", "138-1234-5678", "+86 138 1234 5678", "+86-13812345678",
                         "86-13812345678", "0086 13812345678", "(+86) 138-1234-5678", "＋８６ １３８１２３４５６７８",
                         "手机：138.1234.5678"};
  for (const char* f : forms) {
    SCOPED_TRACE(f);
    auto p = FindPhone(N(f), false);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->value, "+8613812345678");
  }
  EXPECT_EQ(NormalizePhone("+1 (415) 555-0132"), "+14155550132");
  EXPECT_EQ(NormalizePhone("010-12345678"), "010-12345678");
  // Not phones: an ID number, a date range, a salary.
  EXPECT_FALSE(FindPhone(N("110101199003071234"), false));
  EXPECT_FALSE(FindPhone(N("2019.07 - 2021.03"), false));
  EXPECT_FALSE(FindPhone(N("年薪 300000"), false));
  EXPECT_TRUE(FindPhone(N("(415) 555-0132"), false));
}

TEST(ResumeFields, FindsUrlsAndProfiles) {
  auto urls = FindUrls(N("GitHub: github.com/zhangsan | 博客：https://blog.example.cn/posts。"));
  ASSERT_EQ(urls.size(), 2u);
  EXPECT_EQ(urls[0].value, "https://github.com/zhangsan");
  EXPECT_EQ(urls[1].value, "https://blog.example.cn/posts");
  auto p = ProfileFromUrl("https://www.linkedin.com/in/jane-doe/");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->network, "LinkedIn");
  EXPECT_EQ(p->username, "jane-doe");
  EXPECT_FALSE(ProfileFromUrl("https://example.com/me"));
}

TEST(ResumeFields, RecognisesPersonNames) {
  EXPECT_EQ(AsPersonName(N("张三"), true), "张三");
  EXPECT_EQ(AsPersonName(N("张 三"), true), "张三");
  EXPECT_EQ(AsPersonName(N("欧阳娜娜"), true), "欧阳娜娜");
  EXPECT_EQ(AsPersonName(N("JOHN SMITH"), true), "John Smith");
  EXPECT_EQ(AsPersonName(N("Mary-Jane O'Neil"), true), "Mary-Jane O'Neil");
  EXPECT_FALSE(AsPersonName(N("个人简历"), false));
  EXPECT_FALSE(AsPersonName(N("工作经历"), false));
  EXPECT_FALSE(AsPersonName(N("高级工程师"), false));
  EXPECT_FALSE(AsPersonName(N("北京"), false));
  EXPECT_FALSE(AsPersonName(N("Senior Software Engineer"), true));
  EXPECT_FALSE(AsPersonName(N("Stanford University"), true));
}

TEST(ResumeFields, MapsDegreesToStudyType) {
  const std::pair<const char*, const char*> cases[] = {
      {"本科", "Bachelor"},      {"硕士研究生", "Master"},  {"博士", "Doctorate"},     {"大专", "Associate"},
      {"高中", "High School"},   {"B.Sc.", "Bachelor"},     {"BS in Physics", "Bachelor"}, {"Bachelor of Arts", "Bachelor"},
      {"MSc", "Master"},         {"MBA", "Master"},         {"Ph.D.", "Doctorate"},    {"PhD candidate", "Doctorate"},
      {"统招本科", "Bachelor"},  {"博士研究生", "Doctorate"}, {"M.S. Statistics", "Master"},
  };
  for (const auto& [text, type] : cases) {
    SCOPED_TRACE(text);
    auto d = FindDegree(N(text), true);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->study_type, type);
  }
  EXPECT_FALSE(FindDegree(N("MS Office"), false));
}

TEST(ResumeFields, FindsPlaces) {
  auto p = FindPlace(N("浙江省杭州市西湖区"), true);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->city, "杭州");
  EXPECT_EQ(p->region, "浙江");
  EXPECT_EQ(p->country_code, "CN");
  p = FindPlace(N("Austin, TX"), true);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->city, "Austin");
  EXPECT_EQ(p->region, "TX");
  EXPECT_EQ(p->country_code, "US");
  p = FindPlace(N("Shanghai, China"), true);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->city, "Shanghai");
  EXPECT_FALSE(FindPlace(N("北京字节跳动科技有限公司"), true));
}

TEST(ResumeFields, ScoresTitlesAndCompanies) {
  EXPECT_GT(TitleScore(N("高级工程师")), 0);
  EXPECT_GT(TitleScore(N("Senior Software Engineer")), 0);
  EXPECT_EQ(TitleScore(N("阿里巴巴")), 0);
  EXPECT_GT(CompanyScore(N("阿里巴巴")), 0);
  EXPECT_GT(CompanyScore(N("杭州网易科技有限公司")), 0);
  EXPECT_GT(CompanyScore(N("Acme Corp")), 0);
  EXPECT_GT(SchoolScore(N("浙江大学")), 0);
  EXPECT_GT(SchoolScore(N("University of Toronto")), 0);
}

TEST(ResumeFields, SplitsEntryHeaders) {
  auto segs = SplitSegments(N("阿里巴巴  高级工程师"));
  ASSERT_EQ(segs.size(), 2u);
  EXPECT_EQ(ToUtf8(segs[0].text), "阿里巴巴");
  segs = SplitSegments(N("Senior Engineer at Acme, Inc. | San Francisco, CA"));
  ASSERT_EQ(segs.size(), 3u);
  EXPECT_EQ(ToUtf8(segs[1].text), "Acme, Inc.");
  EXPECT_TRUE(segs[1].after_at);
  EXPECT_EQ(ToUtf8(segs[2].text), "San Francisco, CA");
}

TEST(ResumeFields, FindsLabelledPairs) {
  auto pairs = FindLabelledPairs(N("姓名：张三    性别：男    电话：13812345678"));
  ASSERT_EQ(pairs.size(), 3u);
  EXPECT_EQ(ToUtf8(pairs[0].value), "张三");
  EXPECT_EQ(ToUtf8(pairs[2].value), "13812345678");
  pairs = FindLabelledPairs(N("姓名\t李四\t邮箱\tli@example.com"));
  ASSERT_EQ(pairs.size(), 2u);
  EXPECT_EQ(ToUtf8(pairs[1].value), "li@example.com");
  pairs = FindLabelledPairs(N("Email: a@b.com Phone: +1 415 555 0100"));
  ASSERT_EQ(pairs.size(), 2u);
}

TEST(ResumeFields, StripsListMarkers) {
  EXPECT_EQ(ToUtf8(*StripBullet(N("• Led the team"))), "Led the team");
  EXPECT_EQ(ToUtf8(*StripBullet(N("1、负责开发"))), "负责开发");
  EXPECT_EQ(ToUtf8(*StripBullet(N("（2）参与设计"))), "参与设计");
  EXPECT_EQ(ToUtf8(*StripBullet(N("- item"))), "item");
  EXPECT_FALSE(StripBullet(N("2019.07-至今 阿里巴巴")));
  EXPECT_FALSE(StripBullet(N("1.5年经验")));
}

TEST(ResumeHeadings, RecognisesHeadingsInBothLanguages) {
  const std::pair<const char*, SectionKind> cases[] = {
      {"工作经历", SectionKind::kWork},
      {"【工作经验】", SectionKind::kWork},
      {"二、项目经历", SectionKind::kProjects},
      {"工 作 经 历", SectionKind::kWork},
      {"教育背景 Education", SectionKind::kEducation},
      {"WORK EXPERIENCE", SectionKind::kWork},
      {"Employment History:", SectionKind::kWork},
      {"■ 专业技能", SectionKind::kSkills},
      {"语言能力", SectionKind::kLanguages},
      {"Certifications", SectionKind::kCertificates},
      {"自我评价", SectionKind::kSummary},
      {"Summary", SectionKind::kSummary},
  };
  for (const auto& [text, kind] : cases) {
    SCOPED_TRACE(text);
    auto h = DetectHeading(N(text), false);
    ASSERT_TRUE(h);
    EXPECT_EQ(h->kind, kind);
    EXPECT_TRUE(h->rest.empty());
  }
  auto h = DetectHeading(N("技能：Java、Python"), false);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->kind, SectionKind::kSkills);
  EXPECT_EQ(ToUtf8(h->rest), "Java、Python");
  EXPECT_FALSE(DetectHeading(N("负责工作经历的整理"), false));
  EXPECT_FALSE(DetectHeading(N("学历：本科"), false));
}

}  // namespace
}  // namespace recruit::resume_detail
