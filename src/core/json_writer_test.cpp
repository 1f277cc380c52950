#include "core/json_writer.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

TEST(JsonWriter, WritesNestedValuesWithCommas) {
  core::JsonWriter w;
  w.BeginObject().Key("items").BeginArray();
  for (int i = 0; i < 2; ++i) w.BeginObject().Key("id").Int(i).Key("name").String("张三").Key("m").Null().EndObject();
  w.EndArray().Key("ok").Bool(true).EndObject();
  EXPECT_EQ(w.str(), R"({"items":[{"id":0,"name":"张三","m":null},{"id":1,"name":"张三","m":null}],"ok":true})");
  EXPECT_FALSE(nlohmann::json::parse(w.str(), nullptr, false).is_discarded());
}

TEST(JsonWriter, EscapesControlCharactersAndQuotes) {
  core::JsonWriter w;
  w.String(std::string("a\"b\\c\n\x01", 7));
  EXPECT_EQ(w.str(), R"("a\"b\\c\n\u0001")");
  EXPECT_EQ(nlohmann::json::parse(w.str()).get<std::string>(), std::string("a\"b\\c\n\x01", 7));
}

TEST(JsonWriter, ReplacesInvalidUtf8SoOutputStaysValid) {
  core::JsonWriter w;
  w.String("ok\xff\xc0\xafz\xe4\xb8");  // stray byte, overlong, truncated sequence
  auto j = nlohmann::json::parse(w.str(), nullptr, false);
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(j.get<std::string>(), "ok\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDz\xEF\xBF\xBD\xEF\xBF\xBD");
}

// The writer skips plain text a word at a time; every character that needs escaping (or UTF-8
// checking) must be caught wherever it falls relative to the 8-byte words, including the tail.
TEST(JsonWriter, EscapesAtEveryPositionAcrossWordBoundaries) {
  const std::vector<std::string> specials = {"\"", "\\", "\n", "\t", std::string("\x01", 1), std::string("\x1f", 1),
                                             "\x7f", "é", "张", " ", "~"};
  for (size_t len = 1; len <= 20; ++len) {
    for (size_t pos = 0; pos < len; ++pos) {
      for (const auto& sp : specials) {
        std::string s(len, 'a');
        s.replace(pos, 1, sp);
        core::JsonWriter w;
        w.String(s);
        EXPECT_EQ(w.str(), nlohmann::json(s).dump()) << "len " << len << " pos " << pos << " special " << sp;
      }
    }
  }
}

// Keys spelled as literals skip escaping; keys from data (string_view) are escaped. Both write the
// same text for a plain key, and negative and extreme integers are written exactly.
TEST(JsonWriter, LiteralKeysAndDataKeysWriteTheSameTextAndDataKeysAreEscaped) {
  core::JsonWriter a, b;
  std::string_view plain = "employee_no";
  a.BeginObject().Key("employee_no").Int(-42).EndObject();
  b.BeginObject().Key(plain).Int(-42).EndObject();
  EXPECT_EQ(a.str(), b.str());
  EXPECT_EQ(a.str(), R"({"employee_no":-42})");
  core::JsonWriter c;
  std::string odd = "a\"b";
  c.BeginObject().Key(std::string_view(odd)).Int(INT64_MIN).Key("max").Int(INT64_MAX).EndObject();
  auto j = nlohmann::json::parse(c.str());
  EXPECT_EQ(j["a\"b"].get<int64_t>(), INT64_MIN);
  EXPECT_EQ(j["max"].get<int64_t>(), INT64_MAX);
}
