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
