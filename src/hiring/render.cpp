// Rendering of offers and contracts: {{variable}} templates, HTML, and PDF with embedded Chinese
// glyphs (libharu cannot load the OTF/CFF fonts of fonts-noto-cjk; WenQuanYi Zen Hei is TrueType).
#include <filesystem>

#include <hpdf.h>

#include "hiring/hiring.h"

namespace hiring {

namespace {

constexpr const char* kCjkFont = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc";

std::string Escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// Splits a line into pieces of at most `width` columns (CJK and other wide characters count 2).
std::vector<std::string> Wrap(const std::string& line, int width) {
  std::vector<std::string> out;
  std::string cur;
  int cols = 0;
  for (size_t i = 0; i < line.size();) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    int w = n == 1 ? 1 : 2;
    if (cols + w > width) {
      out.push_back(cur);
      cur.clear();
      cols = 0;
    }
    cur.append(line, i, n);
    cols += w;
    i += n;
  }
  out.push_back(cur);
  return out;
}

void OnPdfError(HPDF_STATUS error_no, HPDF_STATUS detail_no, void* user) {
  auto* out = static_cast<std::string*>(user);
  if (out->empty()) out->assign("libharu error " + std::to_string(error_no) + "/" + std::to_string(detail_no));
}

}  // namespace

std::string FillTemplate(std::string_view text, const nlohmann::json& vars) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t open = text.find("{{", i);
    if (open == std::string_view::npos) break;
    size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) break;
    out.append(text.substr(i, open - i));
    std::string name(text.substr(open + 2, close - open - 2));
    while (!name.empty() && name.front() == ' ') name.erase(name.begin());
    while (!name.empty() && name.back() == ' ') name.pop_back();
    if (auto it = vars.find(name); it != vars.end() && !it->is_null())
      out += it->is_string() ? it->get<std::string>() : it->dump();
    i = close + 2;
  }
  out.append(text.substr(i));
  return out;
}

std::string TextToHtml(std::string_view title, std::string_view text) {
  std::string html = "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + Escape(title) +
                     "</title></head><body><article class=\"offer\"><h1>" + Escape(title) + "</h1>";
  size_t i = 0;
  while (i <= text.size()) {
    size_t nl = text.find('\n', i);
    std::string_view line = text.substr(i, nl == std::string_view::npos ? std::string_view::npos : nl - i);
    if (!line.empty()) html += "<p>" + Escape(line) + "</p>";
    if (nl == std::string_view::npos) break;
    i = nl + 1;
  }
  return html + "</article></body></html>";
}

core::Result<std::string> TextToPdf(std::string_view title, std::string_view text) {
  if (!std::filesystem::exists(kCjkFont))
    return core::Error::Unavailable(std::string("the font ") + kCjkFont + " is not installed (Debian package fonts-wqy-zenhei)");
  std::string error;
  HPDF_Doc pdf = HPDF_New(OnPdfError, &error);
  if (!pdf) return core::Error::Internal("cannot create a PDF document");
  HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
  HPDF_UseUTFEncodings(pdf);
  HPDF_SetCurrentEncoder(pdf, "UTF-8");
  const char* name = HPDF_LoadTTFontFromFile2(pdf, kCjkFont, 0, HPDF_TRUE);
  HPDF_Font font = name ? HPDF_GetFont(pdf, name, "UTF-8") : nullptr;
  if (!font || !error.empty()) {
    HPDF_Free(pdf);
    return core::Error::Internal("cannot load the font: " + error);
  }
  std::vector<std::pair<std::string, float>> lines;  // text, size
  for (const auto& l : Wrap(std::string(title), 46)) lines.emplace_back(l, 18.f);
  lines.emplace_back("", 11.f);
  size_t i = 0;
  while (i <= text.size()) {
    size_t nl = text.find('\n', i);
    std::string line(text.substr(i, nl == std::string_view::npos ? std::string_view::npos : nl - i));
    for (const auto& l : Wrap(line, 86)) lines.emplace_back(l, 11.f);
    if (nl == std::string_view::npos) break;
    i = nl + 1;
  }
  HPDF_Page page = nullptr;
  float y = 0;
  for (const auto& [l, size] : lines) {
    if (!page || y < 60) {
      if (page) HPDF_Page_EndText(page);
      page = HPDF_AddPage(pdf);
      HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
      HPDF_Page_BeginText(page);
      y = HPDF_Page_GetHeight(page) - 60;
    }
    HPDF_Page_SetFontAndSize(page, font, size);
    if (!l.empty()) HPDF_Page_TextOut(page, 50, y, l.c_str());
    y -= size * 1.6f;
  }
  if (page) HPDF_Page_EndText(page);
  HPDF_SaveToStream(pdf);
  HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
  std::string out(size, '\0');
  HPDF_ReadFromStream(pdf, reinterpret_cast<HPDF_BYTE*>(out.data()), &size);
  out.resize(size);
  HPDF_Free(pdf);
  if (!error.empty()) return core::Error::Internal("PDF rendering failed: " + error);
  return out;
}

}  // namespace hiring
