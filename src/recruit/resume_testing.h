// Test helpers for the resume parser tests (header-only, used by resume_*_test.cpp only):
// fixtures, in-memory ZIP/DOCX archives built with libzip, and PDFs drawn with libharu.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#ifdef HIREFLOW_HAVE_HPDF
#include <hpdf.h>
#endif

#include "org/zip_testing.h"

namespace recruit::testing {

inline std::filesystem::path FixtureDir() {
  const char* src = std::getenv("HIREFLOW_SOURCE_DIR");
  std::filesystem::path base = src ? src : HIREFLOW_TEST_SOURCE_DIR;
  return base / "tests" / "fixtures" / "resumes";
}

inline std::string ReadFixture(const std::string& name) {
  std::ifstream in(FixtureDir() / name, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

using org::testing::MakeZip;  // ZIP archives in memory (DOCX files, ZIPs of resumes)

// A minimal DOCX whose word/document.xml body is `body_xml` (WordprocessingML inside <w:body>).
inline std::string MakeDocx(const std::string& body_xml) {
  const std::string content_types =
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
      R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
      R"(<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)"
      R"(<Default Extension="xml" ContentType="application/xml"/>)"
      R"(<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>)"
      R"(</Types>)";
  const std::string rels =
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
      R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
      R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>)"
      R"(</Relationships>)";
  const std::string document =
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
      R"(<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" )"
      R"(xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" )"
      R"(xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" )"
      R"(xmlns:v="urn:schemas-microsoft-com:vml"><w:body>)" +
      body_xml + R"(<w:sectPr/></w:body></w:document>)";
  return MakeZip({{"[Content_Types].xml", content_types}, {"_rels/.rels", rels}, {"word/document.xml", document}});
}

inline std::string XmlEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

// <w:p> with one run per piece; "\t" pieces become <w:tab/>.
inline std::string DocxParagraph(const std::vector<std::string>& pieces) {
  std::string p = "<w:p><w:pPr><w:spacing w:after=\"0\"/></w:pPr>";
  for (const auto& t : pieces) {
    if (t == "\t") {
      p += "<w:r><w:tab/></w:r>";
    } else {
      p += "<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">" + XmlEscape(t) + "</w:t></w:r>";
    }
  }
  return p + "</w:p>";
}

inline std::string DocxTable(const std::vector<std::vector<std::string>>& rows) {
  std::string t = "<w:tbl><w:tblPr/>";
  for (const auto& row : rows) {
    t += "<w:tr>";
    for (const auto& cell : row) t += "<w:tc><w:tcPr/>" + DocxParagraph({cell}) + "</w:tc>";
    t += "</w:tr>";
  }
  return t + "</w:tbl>";
}

inline const char* kCjkFont = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc";

struct PdfText {
  double x, y;  // points from the bottom-left corner of an A4 page
  double size;
  std::string text;
};

// Draws pages of text into a PDF. `cjk` embeds WenQuanYi Zen Hei (needed for Chinese); without it
// Helvetica is used. nullopt (with `why`) when libharu or the font is not available.
inline std::optional<std::string> MakePdf(const std::vector<std::vector<PdfText>>& pages, bool cjk, std::string* why,
                                          const char* user_password = nullptr) {
#ifdef HIREFLOW_HAVE_HPDF
  if (cjk && !std::filesystem::exists(kCjkFont)) {
    if (why) *why = std::string("font ") + kCjkFont + " not installed (Debian package fonts-wqy-zenhei)";
    return std::nullopt;
  }
  HPDF_Doc pdf = HPDF_New(nullptr, nullptr);
  if (!pdf) return std::nullopt;
  HPDF_Font font;
  if (cjk) {
    HPDF_UseUTFEncodings(pdf);
    HPDF_SetCurrentEncoder(pdf, "UTF-8");
    const char* name = HPDF_LoadTTFontFromFile2(pdf, kCjkFont, 0, HPDF_TRUE);
    font = HPDF_GetFont(pdf, name, "UTF-8");
  } else {
    font = HPDF_GetFont(pdf, "Helvetica", "WinAnsiEncoding");
  }
  for (const auto& texts : pages) {
    HPDF_Page page = HPDF_AddPage(pdf);
    HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    HPDF_Page_BeginText(page);
    for (const auto& t : texts) {
      HPDF_Page_SetFontAndSize(page, font, HPDF_REAL(t.size));
      HPDF_Page_TextOut(page, HPDF_REAL(t.x), HPDF_REAL(t.y), t.text.c_str());
    }
    HPDF_Page_EndText(page);
  }
  if (user_password) {
    HPDF_SetPassword(pdf, "owner-secret", user_password);
    HPDF_SetEncryptionMode(pdf, HPDF_ENCRYPT_R3, 16);
  }
  HPDF_SaveToStream(pdf);
  HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
  std::string out(size, '\0');
  HPDF_ReadFromStream(pdf, reinterpret_cast<HPDF_BYTE*>(out.data()), &size);
  out.resize(size);
  HPDF_Free(pdf);
  return out;
#else
  if (why) *why = "libharu (libhpdf-dev) not available at build time";
  return std::nullopt;
#endif
}

// Lays out lines top-down from y = 800 with the given line height, starting new pages as needed.
inline std::vector<std::vector<PdfText>> FlowLines(const std::vector<std::pair<double, std::string>>& lines,
                                                   double size = 10.5, double leading = 15) {
  std::vector<std::vector<PdfText>> pages(1);
  double y = 800;
  for (const auto& [x, text] : lines) {
    if (text.empty()) {
      y -= leading / 2;
      continue;
    }
    if (x < 0) {  // same baseline as the previous line, at -x
      pages.back().push_back({-x, y + leading, size, text});
      continue;
    }
    if (y < 60) {
      pages.emplace_back();
      y = 800;
    }
    pages.back().push_back({x, y, size, text});
    y -= leading;
  }
  return pages;
}

}  // namespace recruit::testing
