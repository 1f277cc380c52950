#include "recruit/candidate_identity.h"

#include <gtest/gtest.h>

namespace recruit {
namespace {

using nlohmann::json;

TEST(CandidateEmail, IsTrimmedLowerCasedAndKeepsPlusAddressing) {
  EXPECT_EQ(NormalizeEmail("  Zhang.Wei@Example.COM "), "zhang.wei@example.com");
  EXPECT_EQ(NormalizeEmail("ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ"), "zhang@example.com");
  EXPECT_EQ(NormalizeEmail("mailto:Wei@Example.com"), "wei@example.com");
  EXPECT_EQ(NormalizeEmail("<wei@example.com>"), "wei@example.com");
  EXPECT_EQ(NormalizeEmail("Wei+Jobs@example.com"), "wei+jobs@example.com");
  EXPECT_NE(NormalizeEmail("wei+jobs@example.com"), NormalizeEmail("wei@example.com"));
}

TEST(CandidateEmail, RejectsWhatIsNotAnAddress) {
  for (const char* bad : {"", "   ", "wei", "wei@", "@example.com", "wei@example", "a@b@c.com", "wei zhang@example.com",
                          "wei@.com", "wei@example..com"}) {
    EXPECT_FALSE(NormalizeEmail(bad).has_value()) << bad;
  }
}

TEST(CandidatePhone, MainlandMobilesBecomeElevenDigitsWhateverThePrefix) {
  for (const char* written :
       {"+86 138 0013 8000", "0086-13800138000", "138-0013-8000", "13800138000", "86 13800138000", "+86-138-0013-8000",
        "(+86) 138 0013 8000", "+86 (0)138 0013 8000", "１３８ ００１３ ８０００", "Tel: +86 138.0013.8000",
        "138 0013 8000 转 123", "+8613800138000 ext. 9"}) {
    EXPECT_EQ(NormalizePhoneNumber(written), "13800138000") << written;
  }
}

TEST(CandidatePhone, OtherNumbersKeepTheirCountryCodeOrDigits) {
  EXPECT_EQ(NormalizePhoneNumber("+44 20 7946 0958"), "+442079460958");
  EXPECT_EQ(NormalizePhoneNumber("0044 20 7946 0958"), "+442079460958");
  EXPECT_EQ(NormalizePhoneNumber("+1 (415) 555-0132"), "+14155550132");
  EXPECT_EQ(NormalizePhoneNumber("(415) 555-0132"), "4155550132");
  EXPECT_EQ(NormalizePhoneNumber("010-6512 3456"), "01065123456");
  EXPECT_EQ(NormalizePhoneNumber("+86 10 6512 3456"), "+861065123456");  // a Beijing landline, not a mobile
  EXPECT_FALSE(NormalizePhoneNumber("12345").has_value());
  EXPECT_FALSE(NormalizePhoneNumber("1234567890123456").has_value());
  EXPECT_FALSE(NormalizePhoneNumber("n/a").has_value());
}

TEST(CandidateMatchKeys, CollectsEveryEmailAndPhoneOfTheRecord) {
  const json record = {
      {"email", "Wei@Example.com"},
      {"phones", {"+86 138 0013 8000", "not a phone"}},
      {"resume", {{"basics", {{"email", "wei@example.com"}, {"phone", "+8613900139000"}}}}},
      {"basics", {{"email", "wei.zhang@work.example.cn"}}},
  };
  const MatchKeys keys = MatchKeysOf(record);
  EXPECT_EQ(keys.emails, (std::vector<std::string>{"wei.zhang@work.example.cn", "wei@example.com"}));
  EXPECT_EQ(keys.phones, (std::vector<std::string>{"13800138000", "13900139000"}));
  EXPECT_EQ(keys.Strings().front(), "email:wei.zhang@work.example.cn");
  EXPECT_TRUE(MatchKeysOf(json::object()).empty());
  EXPECT_TRUE(MatchKeysOf(json("x")).empty());
}

TEST(CandidateMatchKeys, SamePersonByPhoneWrittenDifferently) {
  const MatchKeys a = MatchKeysOf({{"email", "a@example.com"}, {"phone", "0086-13800138000"}});
  const MatchKeys b = MatchKeysOf({{"email", "b@example.com"}, {"phone", "138-0013-8000"}});
  EXPECT_EQ(a.SharedWith(b), std::vector<std::string>{"phone:13800138000"});
  const MatchKeys c = MatchKeysOf({{"email", "A@Example.com"}});
  EXPECT_EQ(a.SharedWith(c), std::vector<std::string>{"email:a@example.com"});
  EXPECT_TRUE(b.SharedWith(c).empty());
}

const FieldDecision* Decision(const CandidateMerge& m, const std::string& field) {
  for (const auto& d : m.decisions) {
    if (d.field == field) return &d;
  }
  return nullptr;
}

TEST(CandidateMerge, NonEmptyWinsListsUnionAndNewerWinsConflicts) {
  const json older = {
      {"id", 17},
      {"created_at", "2025-01-10T09:00:00.000Z"},
      {"updated_at", "2025-02-01T09:00:00.000Z"},
      {"name", "张伟"},
      {"email", "Zhang.Wei@example.com"},
      {"phone", "+86 138 0013 8000"},
      {"location", "杭州"},
      {"wechat", ""},
      {"tags", {"java", "referral"}},
      {"resume", {{"basics", {{"label", "后端工程师"}}}, {"skills", {{{"name", "编程语言"}, {"keywords", {"Java"}}}}}}},
  };
  const json newer = {
      {"id", 42},
      {"created_at", "2025-03-05T09:00:00.000Z"},
      {"updated_at", "2025-03-05T09:00:00.000Z"},
      {"name", "Zhang Wei"},
      {"email", "zhang.wei@example.com"},
      {"phone", "13800138000"},
      {"location", nullptr},
      {"wechat", "zw_dev"},
      {"tags", {"golang", "java"}},
      {"resume", {{"basics", {{"label", "高级后端工程师"}, {"summary", "8年经验"}}}}},
  };
  auto r = MergePlan(older, newer);
  ASSERT_TRUE(r.ok());
  const CandidateMerge& m = *r;
  EXPECT_EQ(m.newer, "b");
  EXPECT_EQ(m.shared_keys, (std::vector<std::string>{"email:zhang.wei@example.com", "phone:13800138000"}));
  // Record identity: the first record's id and creation survive, the last update is kept.
  EXPECT_EQ(m.merged["id"], 17);
  EXPECT_EQ(Decision(m, "/id")->action, "earliest");
  EXPECT_EQ(m.merged["created_at"], "2025-01-10T09:00:00.000Z");
  EXPECT_EQ(m.merged["updated_at"], "2025-03-05T09:00:00.000Z");
  EXPECT_EQ(Decision(m, "/updated_at")->action, "latest");
  // Non-empty wins.
  EXPECT_EQ(m.merged["location"], "杭州");
  EXPECT_EQ(Decision(m, "/location")->action, "only_a");
  EXPECT_EQ(m.merged["wechat"], "zw_dev");
  EXPECT_EQ(Decision(m, "/wechat")->action, "only_b");
  EXPECT_EQ(m.merged["resume"]["basics"]["summary"], "8年经验");
  EXPECT_EQ(m.merged["resume"]["skills"][0]["keywords"][0], "Java");
  // Same e-mail and phone written differently: not conflicts.
  EXPECT_EQ(Decision(m, "/email")->action, "same");
  EXPECT_EQ(Decision(m, "/phone")->action, "same");
  // Lists are unioned, newer record's items first.
  EXPECT_EQ(m.merged["tags"], (json{"golang", "java", "referral"}));
  EXPECT_EQ(Decision(m, "/tags")->action, "union");
  // Different values: the newer wins and a person is asked.
  EXPECT_EQ(m.merged["name"], "Zhang Wei");
  EXPECT_EQ(m.merged["resume"]["basics"]["label"], "高级后端工程师");
  ASSERT_EQ(m.conflicts.size(), 2u);
  EXPECT_EQ(m.conflicts[0].field, "/name");
  EXPECT_EQ(m.conflicts[0].kept, "Zhang Wei");
  EXPECT_EQ(m.conflicts[0].discarded, "张伟");
  EXPECT_EQ(m.conflicts[0].kept_from, "b");
  EXPECT_EQ(m.conflicts[1].field, "/resume/basics/label");
}

TEST(CandidateMerge, FirstRecordWinsTiesAndConflictsAreReportedAsJson) {
  const json a = {{"name", "Li Na"}, {"email", "lina@example.com"}};
  const json b = {{"name", "Li  Na"}, {"email", "lina@example.org"}};
  auto r = MergePlan(a, b);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->newer, "a");
  EXPECT_TRUE(r->shared_keys.empty());  // nothing says these are the same person
  EXPECT_EQ(r->merged["email"], "lina@example.com");
  const json j = CandidateMergeToJson(*r);
  ASSERT_EQ(j["conflicts"].size(), 2u);
  EXPECT_EQ(
      j["conflicts"][0],
      (json{{"field", "/email"}, {"kept", "lina@example.com"}, {"discarded", "lina@example.org"}, {"kept_from", "a"}}));
  EXPECT_EQ(j["conflicts"][1]["field"], "/name");
  for (const char* key : {"merged", "shared_keys", "newer", "decisions", "conflicts"}) EXPECT_TRUE(j.contains(key));
}

TEST(CandidateMerge, ListsOfPhonesUnionByNormalisedNumber) {
  const json a = {{"phones", {"+86 138 0013 8000"}}, {"updated_at", "2025-05-01"}};
  const json b = {{"phones", {"138-0013-8000", "+44 20 7946 0958"}}, {"updated_at", "2025-04-01"}};
  auto r = MergePlan(a, b);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->newer, "a");
  EXPECT_EQ(r->merged["phones"], (json{"+86 138 0013 8000", "+44 20 7946 0958"}));
  EXPECT_TRUE(r->conflicts.empty());
}

TEST(CandidateMerge, RejectsRecordsThatAreNotObjects) {
  auto r = MergePlan(json::array(), json::object());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kInvalid);
  EXPECT_EQ(r.error().field, "a");
  EXPECT_EQ(MergePlan(json::object(), "x").error().field, "b");
}

}  // namespace
}  // namespace recruit
