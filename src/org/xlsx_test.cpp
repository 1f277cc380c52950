#include "org/xlsx.h"

#include <gtest/gtest.h>

#include "core/money.h"
#include "org/xlsx_testing.h"

namespace {

using org::ReadXlsx;
using org::XlsxNumberText;
using org::XlsxSerialDate;
using org::testing::MakeZip;
using org::testing::Workbook;

TEST(XlsxNumberText, GivesBackTheTypedFigureFromExcelsBinaryNoise) {
  EXPECT_EQ(*XlsxNumberText("30000"), "30000");
  EXPECT_EQ(*XlsxNumberText("30000.5"), "30000.5");
  EXPECT_EQ(*XlsxNumberText("30000.10000000001"), "30000.1");
  EXPECT_EQ(*XlsxNumberText("30000.100000000002"), "30000.1");
  EXPECT_EQ(*XlsxNumberText("30000.099999999999"), "30000.1");
  EXPECT_EQ(*XlsxNumberText("1180.0000000000002"), "1180");
  EXPECT_EQ(*XlsxNumberText("0.30000000000000004"), "0.3");
  // 1234.005 has no exact double: Excel writes 1234.0049999999999, which is
  // still 1234.005 at 15 digits.
  EXPECT_EQ(*XlsxNumberText("1234.0049999999999"), "1234.005");
  EXPECT_EQ(*XlsxNumberText("9.9999999999999999"), "10");
  EXPECT_EQ(*XlsxNumberText("-0.5"), "-0.5");
  EXPECT_EQ(*XlsxNumberText("-0"), "0");
  EXPECT_EQ(*XlsxNumberText("000.000"), "0");
  EXPECT_EQ(*XlsxNumberText("123456789012345678"), "123456789012346000");
}

TEST(XlsxNumberText, ExpandsExponentsWithoutFloatingPoint) {
  EXPECT_EQ(*XlsxNumberText("1.2345E4"), "12345");
  EXPECT_EQ(*XlsxNumberText("1.23456E4"), "12345.6");
  EXPECT_EQ(*XlsxNumberText("1.3800138E10"), "13800138000");
  EXPECT_EQ(*XlsxNumberText("3.0000100000000001E4"), "30000.1");
  EXPECT_EQ(*XlsxNumberText("1.5e-2"), "0.015");
  EXPECT_EQ(*XlsxNumberText("-2.5E+1"), "-25");
  EXPECT_EQ(*XlsxNumberText("1.4210854715202004E-14"),
            "0.000000000000014210854715202");
}

TEST(XlsxNumberText, RefusesWhatIsNotANumber) {
  for (const char *v : {"", " ", "abc", "1e", "1e+", "12,3", "1.2.3", "--1",
                        "1E999", "NaN", "#N/A"})
    EXPECT_FALSE(XlsxNumberText(v).has_value()) << v;
}

// The money rule of the payroll imports: the cell's 15-digit figure, then fen
// half up like a CSV amount.
TEST(XlsxNumberText, MoneyFromCellsIsExactToTheFen) {
  auto fen = [](const char *v) {
    return core::Money::Parse(*XlsxNumberText(v))->fen();
  };
  EXPECT_EQ(fen("30000"), 3000000);
  EXPECT_EQ(fen("30000.5"), 3000050);
  EXPECT_EQ(fen("30000.10000000001"), 3000010);
  EXPECT_EQ(fen("30000.099999999999"), 3000010);
  EXPECT_EQ(fen("1.2345E4"), 1234500);
  EXPECT_EQ(fen("1234.0049999999999"), 123401); // the typed 1234.005, half up
  EXPECT_EQ(fen("2400.0000000001"), 240000);
  EXPECT_EQ(fen("1.4210854715202004E-14"), 0);
}

TEST(XlsxSerialDate, CountsDaysAsExcelDoes) {
  EXPECT_EQ(*XlsxSerialDate("45658"), "2025-01-01");
  EXPECT_EQ(*XlsxSerialDate("1"), "1900-01-01");
  EXPECT_EQ(*XlsxSerialDate("59"), "1900-02-28");
  EXPECT_FALSE(
      XlsxSerialDate("60").has_value()); // Excel's 1900-02-29 never was
  EXPECT_EQ(*XlsxSerialDate("61"), "1900-03-01");
  EXPECT_EQ(*XlsxSerialDate("45658.5"), "2025-01-01 12:00:00");
  EXPECT_EQ(*XlsxSerialDate("45658.999999999"), "2025-01-02");
  EXPECT_EQ(*XlsxSerialDate("0", true), "1904-01-01");
  EXPECT_EQ(*XlsxSerialDate("44196", true), "2025-01-01");
  EXPECT_FALSE(XlsxSerialDate("0").has_value());
  EXPECT_FALSE(XlsxSerialDate("-1").has_value());
  EXPECT_FALSE(XlsxSerialDate("99999999").has_value());
}

TEST(ReadXlsx, ReadsTheFirstSheetWithStringsNumbersDatesAndPercentages) {
  // Styles: 0 general, 1 built-in date (14), 2 built-in percent (10), 3 custom
  // date, 4 custom number with a quoted "days" (not a date), 5 custom percent.
  std::string styles =
      "<numFmts count=\"3\"><numFmt numFmtId=\"164\" "
      "formatCode=\"yyyy/mm/dd;@\"/>"
      "<numFmt numFmtId=\"165\" formatCode=\"0.00&quot; days&quot;\"/><numFmt "
      "numFmtId=\"166\" formatCode=\"[Red]0.0%\"/></numFmts>"
      "<cellXfs count=\"6\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf "
      "numFmtId=\"10\"/><xf numFmtId=\"164\"/>"
      "<xf numFmtId=\"165\"/><xf numFmtId=\"166\"/></cellXfs>";
  std::string data =
      "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" "
      "t=\"s\"><v>1</v></c></row>"
      "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>2</v></c><c "
      "r=\"B2\"><v>30000.100000000002</v></c>"
      "<c r=\"C2\" s=\"1\"><v>45658</v></c><c r=\"D2\" "
      "s=\"2\"><v>0.12</v></c><c r=\"E2\" s=\"3\"><v>45659</v></c>"
      "<c r=\"F2\" s=\"4\"><v>1.5</v></c><c r=\"G2\" "
      "s=\"5\"><v>0.075</v></c><c r=\"H2\" t=\"b\"><v>1</v></c>"
      "<c r=\"I2\" t=\"str\"><f>A2</f><v>G001</v></c><c r=\"J2\" "
      "t=\"e\"><v>#N/A</v></c><c r=\"K2\" "
      "t=\"d\"><v>2025-03-01T00:00:00</v></c></row>"
      // a blank row keeps its place; styled empty cells are not data
      "<row r=\"4\"><c r=\"B4\" t=\"inlineStr\"><is><t>inline</t></is></c><c "
      "r=\"C4\" s=\"1\"/><c r=\"Z4\" s=\"2\"/></row>"
      "<row r=\"1048576\"><c r=\"A1048576\" s=\"1\"/></row>";
  auto rows = ReadXlsx(Workbook(data, styles));
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  ASSERT_EQ(rows->size(), 4u);
  EXPECT_EQ((*rows)[0], (std::vector<std::string>{"employee_no", "income"}));
  EXPECT_EQ((*rows)[1],
            (std::vector<std::string>{"G001", "30000.1", "2025-01-01", "12%",
                                      "2025-01-02", "1.5", "7.5%", "1", "G001",
                                      "#N/A", "2025-03-01"}));
  EXPECT_TRUE((*rows)[2].empty());
  EXPECT_EQ((*rows)[3], (std::vector<std::string>{"", "inline"}));
}

TEST(ReadXlsx, ReadsDatesOfThe1904System) {
  auto rows = ReadXlsx(Workbook(
      "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>44196</v></c></row>",
      "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/></cellXfs>", true));
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ((*rows)[0][0], "2025-01-01");
}

TEST(ReadXlsx, NamesTheFileWhenTheWorkbookIsDamaged) {
  for (std::string bytes :
       {std::string("PK\x03\x04 this is no archive", 25),
        std::string("name,income\n"), MakeZip({{"word/document.xml", "<w/>"}}),
        MakeZip(
            {{"xl/workbook.xml",
              "<workbook><sheets><sheet r:id=\"rId1\"/></sheets></workbook>"}}),
        Workbook("<row><c><v>1</v></c></row")}) {
    auto r = ReadXlsx(bytes);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, core::ErrorCode::kInvalid);
    EXPECT_EQ(r.error().field, "file");
    EXPECT_NE(r.error().message.find("XLSX"), std::string::npos)
        << r.error().message;
  }
}

TEST(ReadXlsx, RefusesTooManyRowsAndZipBombs) {
  std::string data;
  for (int i = 1; i <= 5; ++i)
    data += "<row r=\"" + std::to_string(i) +
            "\"><c t=\"inlineStr\"><is><t>x</t></is></c></row>";
  auto many = ReadXlsx(Workbook(data), {.max_rows = 4});
  ASSERT_FALSE(many.ok());
  EXPECT_EQ(many.error().code, core::ErrorCode::kTooLarge);
  EXPECT_EQ(many.error().message, "more than 3 rows in one import");
  EXPECT_TRUE(ReadXlsx(Workbook(data), {.max_rows = 5}).ok());
  auto bomb = ReadXlsx(
      Workbook("<row r=\"1\"><c><v>1</v></c></row>" + std::string(200000, ' ')),
      {.max_part_bytes = 100000});
  ASSERT_FALSE(bomb.ok());
  EXPECT_EQ(bomb.error().code, core::ErrorCode::kTooLarge);
  EXPECT_EQ(bomb.error().field, "file");
}

TEST(LooksLikeZip, ChecksTheLocalFileHeader) {
  EXPECT_TRUE(org::LooksLikeZip(std::string("PK\x03\x04rest", 8)));
  EXPECT_FALSE(org::LooksLikeZip("PK"));
  EXPECT_FALSE(org::LooksLikeZip("employee_no,tax_year\n"));
}

} // namespace
