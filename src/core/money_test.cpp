#include "core/money.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using core::Money;
using core::Rounding;

TEST(Money, ParsesDecimalStringsExactly) {
  EXPECT_EQ(Money::Parse("1234.56")->fen(), 123456);
  EXPECT_EQ(Money::Parse("1,234.5")->fen(), 123450);
  EXPECT_EQ(Money::Parse("-3.1")->fen(), -310);
  EXPECT_EQ(Money::Parse("0.005")->fen(), 1);   // half up
  EXPECT_EQ(Money::Parse("0.0049")->fen(), 0);
  EXPECT_EQ(Money::Parse("-0.005")->fen(), -1);  // half away from zero
}

TEST(Money, RejectsGarbageNamingTheField) {
  auto r = Money::Parse("12a", "salary");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "salary");
  EXPECT_FALSE(Money::Parse("").ok());
  EXPECT_FALSE(Money::Parse(".").ok());
  EXPECT_FALSE(Money::Parse("1.2.3").ok());
}

TEST(Money, JsonNumbersAreReadWithoutBinaryDrift) {
  EXPECT_EQ(Money::FromJson(nlohmann::json(0.1))->fen(), 10);
  EXPECT_EQ(Money::FromJson(nlohmann::json(30000))->fen(), 3000000);
  EXPECT_EQ(Money::FromJson(nlohmann::json(1234.565))->fen(), 123457);
  EXPECT_FALSE(Money::FromJson(nlohmann::json(true)).ok());
}

TEST(Money, FormatsTwoDecimals) {
  EXPECT_EQ(Money::Fen(123450).ToString(), "1234.50");
  EXPECT_EQ(Money::Fen(-5).ToString(), "-0.05");
  EXPECT_EQ(Money::Fen(0).ToString(), "0.00");
}

TEST(Money, MulDivRoundsAsAsked) {
  Money m = Money::Fen(1001);
  EXPECT_EQ(m.MulDiv(1, 2, Rounding::kHalfUp).fen(), 501);
  EXPECT_EQ(m.MulDiv(1, 2, Rounding::kDown).fen(), 500);
  EXPECT_EQ(m.MulDiv(1, 2, Rounding::kHalfEven).fen(), 500);
  EXPECT_EQ(Money::Fen(1003).MulDiv(1, 2, Rounding::kHalfEven).fen(), 502);
  EXPECT_EQ(Money::Fen(12345).RoundTo(100).fen(), 12300);
  EXPECT_EQ(Money::Fen(12350).RoundTo(100).fen(), 12400);
}
