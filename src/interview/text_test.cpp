#include "interview/text.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using interview::text::Analysis;
using interview::text::Analyze;
using interview::text::PorterStem;
using interview::text::TokenKind;

namespace {

std::vector<std::string> Keys(const Analysis& a, bool content_only = true) {
  std::vector<std::string> out;
  for (const auto& t : a.tokens) {
    if (!content_only || !t.stop) out.push_back(t.key);
  }
  return out;
}

std::string Slice(std::string_view text, uint32_t b, uint32_t e) { return std::string(text.substr(b, e - b)); }

}  // namespace

TEST(PorterStem, FollowsThePublishedExamples) {
  // Examples from Porter (1980), step by step.
  EXPECT_EQ(PorterStem("caresses"), "caress");
  EXPECT_EQ(PorterStem("ponies"), "poni");
  EXPECT_EQ(PorterStem("cats"), "cat");
  EXPECT_EQ(PorterStem("feed"), "feed");
  EXPECT_EQ(PorterStem("agreed"), "agre");
  EXPECT_EQ(PorterStem("plastered"), "plaster");
  EXPECT_EQ(PorterStem("motoring"), "motor");
  EXPECT_EQ(PorterStem("sing"), "sing");
  EXPECT_EQ(PorterStem("conflated"), "conflat");
  EXPECT_EQ(PorterStem("hopping"), "hop");
  EXPECT_EQ(PorterStem("falling"), "fall");
  EXPECT_EQ(PorterStem("filing"), "file");
  EXPECT_EQ(PorterStem("happy"), "happi");
  EXPECT_EQ(PorterStem("relational"), "relat");
  EXPECT_EQ(PorterStem("conditional"), "condit");
  EXPECT_EQ(PorterStem("generalization"), "gener");
  EXPECT_EQ(PorterStem("electricity"), "electr");
  EXPECT_EQ(PorterStem("adjustment"), "adjust");
  EXPECT_EQ(PorterStem("adoption"), "adopt");
  EXPECT_EQ(PorterStem("controlling"), "control");
  EXPECT_EQ(PorterStem("rate"), "rate");
}

TEST(PorterStem, ConflatesInflectionsOfTheSameWord) {
  EXPECT_EQ(PorterStem("managed"), PorterStem("managing"));
  EXPECT_EQ(PorterStem("initialized"), PorterStem("initialization"));
  EXPECT_EQ(PorterStem("simulates"), PorterStem("simulate"));
  EXPECT_EQ(PorterStem("is"), "is");  // two letters are left alone
}

TEST(Analyze, EnglishTokensKeepTheirOriginalByteRange) {
  std::string text = "The Compiler doesn't create 1,000 copies; it's two.";
  Analysis a = Analyze(text);
  ASSERT_FALSE(a.tokens.empty());
  for (const auto& t : a.tokens) {
    std::string surface = Slice(text, t.begin, t.end);
    ASSERT_FALSE(surface.empty());
  }
  EXPECT_EQ(Keys(a), (std::vector<std::string>{"compil", "<not>", "creat", "1000", "copi", "2"}));
  EXPECT_EQ(Slice(text, a.tokens[1].begin, a.tokens[1].end), "Compiler");
  // Two clauses split at ';'; one sentence.
  ASSERT_EQ(a.clauses.size(), 2u);
  EXPECT_EQ(Slice(text, a.clauses[0].begin, a.clauses[0].end), "The Compiler doesn't create 1,000 copies");
  EXPECT_EQ(Slice(text, a.clauses[1].begin, a.clauses[1].end), "it's two");
  EXPECT_EQ(a.sentences.size(), 1u);
}

TEST(Analyze, NumbersAreCanonical) {
  EXPECT_EQ(Keys(Analyze("3.50 and 007 and twelve")), (std::vector<std::string>{"3.5", "7", "12"}));
}

TEST(Analyze, PossessivesAndAbbreviations) {
  EXPECT_EQ(Keys(Analyze("the user's files, e.g. logs")), (std::vector<std::string>{"user", "file", "log"}));
}

TEST(Analyze, ListMarkersAreNotWords) {
  Analysis a = Analyze("1. Led the team\n2) Cut costs\n- Shipped on time");
  EXPECT_EQ(Keys(a), (std::vector<std::string>{"led", "team", "cut", "cost", "ship", "time"}));
  EXPECT_EQ(a.sentences.size(), 3u);
}

TEST(Analyze, FullWidthTextIsNormalisedButQuotedVerbatim) {
  std::string text = "Ｉ　ＬＥＤ　ｔｈｅ　ＰＲＯＪＥＣＴ，１２３％";
  Analysis a = Analyze(text);
  EXPECT_EQ(Keys(a, false), (std::vector<std::string>{"i", "led", "the", "project", "123"}));
  EXPECT_EQ(a.tokens[1].norm, "led");
  EXPECT_EQ(Slice(text, a.tokens[1].begin, a.tokens[1].end), "ＬＥＤ");
  EXPECT_EQ(a.tokens[4].kind, TokenKind::kNumber);
  ASSERT_EQ(a.clauses.size(), 2u);
  EXPECT_EQ(Slice(text, a.clauses[1].begin, a.clauses[1].end), "１２３％");  // '%' stays with the number
}

TEST(Analyze, ChineseIsSegmentedAndStopwordsMarked) {
  std::string text = "我主导了电商平台的搭建，负责架构设计。";
  Analysis a = Analyze(text);
  EXPECT_GT(a.han_chars, 10);
  std::vector<std::string> content = Keys(a);
  EXPECT_NE(std::find(content.begin(), content.end(), "主导"), content.end());
  EXPECT_NE(std::find(content.begin(), content.end(), "架构"), content.end());
  EXPECT_NE(std::find(content.begin(), content.end(), "电商"), content.end());  // ICU: 电 / 商
  EXPECT_EQ(std::find(content.begin(), content.end(), "我"), content.end());    // stopword
  EXPECT_EQ(std::find(content.begin(), content.end(), "了"), content.end());
  ASSERT_EQ(a.clauses.size(), 2u);
  EXPECT_EQ(Slice(text, a.clauses[0].begin, a.clauses[0].end), "我主导了电商平台的搭建");
  EXPECT_EQ(Slice(text, a.clauses[1].begin, a.clauses[1].end), "负责架构设计");
}

TEST(Analyze, ChineseNegationSharesTheEnglishKey) {
  Analysis zh = Analyze("没有完成");
  Analysis en = Analyze("not finished");
  EXPECT_EQ(zh.tokens[0].key, interview::text::kNegationKey);
  EXPECT_EQ(en.tokens[0].key, interview::text::kNegationKey);
  Analysis curly = Analyze("it doesn\u2019t work");
  ASSERT_EQ(curly.tokens.size(), 3u);
  EXPECT_TRUE(curly.tokens[1].negation);
}

TEST(Analyze, InvalidUtf8DoesNotBreakIt) {
  std::string text = "good \xFF\xFE bytes 好";
  Analysis a = Analyze(text);
  EXPECT_GE(a.tokens.size(), 3u);
  for (const auto& t : a.tokens) EXPECT_LE(t.end, text.size());
}

TEST(Lexicon, LoadsEveryList) {
  const auto& lex = interview::text::GetLexicon();
  EXPECT_TRUE(lex.en_stop.count("the"));
  EXPECT_TRUE(lex.zh_stop.count("的"));
  EXPECT_TRUE(lex.en_negation.count("not"));
  EXPECT_TRUE(lex.en_generic.count(PorterStem("thing")));
  EXPECT_TRUE(lex.synonym_groups.count(PorterStem("begin")));
  EXPECT_TRUE(lex.synonym_groups.count("负责"));
  for (const auto& cues : lex.star_cues) EXPECT_FALSE(cues.empty());
}
