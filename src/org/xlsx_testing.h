// Test-only builders of ZIP archives and XLSX workbooks in memory (libzip), for
// the readers' tests.
#pragma once

#include "org/zip_testing.h"

#include <string>
#include <utility>
#include <vector>

namespace org::testing {

inline const char *kNs =
    R"(xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main")";

// A workbook whose first sheet (named through the relationships, not
// sheet1.xml) holds `sheet_data`
// (<row> elements). Shared strings 0, 1, 2 are "employee_no", "income" (two
// rich-text runs) and "G001"; `styles` is the inside of styles.xml (numFmts,
// cellXfs), none when empty.
inline std::string Workbook(const std::string &sheet_data,
                            const std::string &styles = "",
                            bool date1904 = false) {
  std::vector<std::pair<std::string, std::string>> parts = {
      {"[Content_Types].xml", "<?xml version=\"1.0\"?><Types/>"},
      {"xl/workbook.xml",
       std::string("<?xml version=\"1.0\"?><workbook ") + kNs +
           " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
           "relationships\">" +
           (date1904 ? "<workbookPr date1904=\"1\"/>" : "") +
           "<sheets><sheet name=\"Balances\" sheetId=\"1\" r:id=\"rId3\"/>"
           "<sheet name=\"Other\" sheetId=\"2\" "
           "r:id=\"rId1\"/></sheets></workbook>"},
      {"xl/_rels/workbook.xml.rels",
       "<?xml version=\"1.0\"?><Relationships><Relationship Id=\"rId1\" "
       "Target=\"worksheets/sheet1.xml\"/>"
       "<Relationship Id=\"rId3\" "
       "Target=\"worksheets/data.xml\"/></Relationships>"},
      {"xl/sharedStrings.xml",
       std::string("<?xml version=\"1.0\"?><sst ") + kNs +
           "><si><t>employee_no</t></si><si><r><t>in</t></r><r><t>come</t></r>"
           "<rPh><t>phonetic</t></rPh></si><si><t>G001</t></si></sst>"},
      {"xl/worksheets/sheet1.xml",
       std::string("<worksheet ") + kNs +
           "><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>wrong "
           "sheet</t></is></c></row></sheetData></worksheet>"},
      {"xl/worksheets/data.xml",
       std::string("<?xml version=\"1.0\"?><worksheet ") + kNs +
           "><sheetData>" + sheet_data + "</sheetData></worksheet>"}};
  if (!styles.empty())
    parts.emplace_back("xl/styles.xml", std::string("<styleSheet ") + kNs +
                                            ">" + styles + "</styleSheet>");
  return MakeZip(parts);
}

// One <row r="r">: a cell starting with '#' is written as a number (the text
// after '#', as Excel would store it, e.g. "#30000.100000000002"), any other as
// an inline string; "" is left out. Columns A–Z.
inline std::string Row(int r, const std::vector<std::string> &cells) {
  std::string out = "<row r=\"";
  out += std::to_string(r);
  out += "\">";
  for (size_t i = 0; i < cells.size() && i < 26; ++i) {
    const std::string &v = cells[i];
    if (v.empty())
      continue;
    std::string ref(1, char('A' + i));
    ref += std::to_string(r);
    if (v[0] == '#')
      out += "<c r=\"" + ref + "\"><v>" + v.substr(1) + "</v></c>";
    else
      out +=
          "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" + v + "</t></is></c>";
  }
  return out + "</row>";
}

} // namespace org::testing
