#include "recruit/resume_extract.h"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>
#include <zip.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <tuple>
#include <pugixml.hpp>

#include "recruit/resume_structure.h"
#include "recruit/resume_text.h"

namespace recruit::resume_detail {
namespace {

core::Error Unsupported(std::string message) {
  return core::Error{core::ErrorCode::kUnsupported, std::move(message), "file", {}};
}
core::Error Damaged(std::string message) { return core::Error::Invalid("file", std::move(message)); }

bool StartsWith(std::string_view s, std::string_view p) { return s.size() >= p.size() && s.substr(0, p.size()) == p; }

std::string AsciiLowerCopy(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') c = char(c + 32);
  }
  return out;
}

// ---------------------------------------------------------------- PDF

// Words of a page with their boxes (poppler: origin top-left, y grows downwards).
struct Word {
  std::string text;
  double x0, y0, x1, y1;
  bool space_after;
};

struct PdfSegment {
  std::string text;
  double x0, x1;
};

struct PdfLine {
  double y0, y1;
  std::vector<Word> words;
  std::vector<PdfSegment> segments;
};

bool LooksLikeDate(const std::string& s) {
  if (s.size() > 40) return false;
  int run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    run = std::isdigit(static_cast<unsigned char>(s[i])) ? run + 1 : 0;
    if (run == 4) {
      const int y = std::atoi(s.substr(i - 3, 4).c_str());
      if (y >= 1950 && y <= 2100) return true;
    }
  }
  return false;
}

bool IsHeadingText(const std::string& s) {
  if (s.size() > 80) return false;
  auto h = DetectHeading(ToU32(NormalizeText(s)), false);
  return h && h->rest.empty();
}

size_t Utf8Chars(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Rebuilds the reading order of one page from its words: words on one baseline form a line, wide
// gaps inside a line become column separators ("阿里巴巴   2019.07 - 至今" stays one line, which
// poppler's own reading order splits apart), and a page with a real two-column layout (a sidebar)
// is read column by column. Tables of labels and values and right-aligned date columns are not
// treated as separate columns.
std::string PageText(const std::vector<Word>& input, double page_width) {
  std::vector<Word> words = input;
  std::sort(words.begin(), words.end(), [](const Word& a, const Word& b) {
    return a.y0 + a.y1 < b.y0 + b.y1 || (a.y0 + a.y1 == b.y0 + b.y1 && a.x0 < b.x0);
  });
  std::vector<PdfLine> lines;
  for (const auto& w : words) {
    const double cy = (w.y0 + w.y1) / 2;
    PdfLine* target = nullptr;
    for (size_t k = lines.size(); k-- > 0 && k + 4 >= lines.size();) {
      if (cy >= lines[k].y0 && cy <= lines[k].y1) {
        target = &lines[k];
        break;
      }
    }
    if (!target) {
      lines.push_back({w.y0, w.y1, {}, {}});
      target = &lines.back();
    }
    target->words.push_back(w);
  }
  std::sort(lines.begin(), lines.end(), [](const PdfLine& a, const PdfLine& b) { return a.y0 < b.y0; });
  size_t total_chars = 0;
  for (auto& l : lines) {
    std::sort(l.words.begin(), l.words.end(), [](const Word& a, const Word& b) { return a.x0 < b.x0; });
    for (size_t i = 0; i < l.words.size(); ++i) {
      const Word& w = l.words[i];
      const double h = std::max(1.0, w.y1 - w.y0);
      if (i == 0 || w.x0 - l.words[i - 1].x1 > std::max(1.2 * h, 14.0)) {
        l.segments.push_back({w.text, w.x0, w.x1});
      } else {
        const Word& prev = l.words[i - 1];
        if (prev.space_after || w.x0 - prev.x1 > 0.15 * h) l.segments.back().text.push_back(' ');
        l.segments.back().text += w.text;
        l.segments.back().x1 = std::max(l.segments.back().x1, w.x1);
      }
      total_chars += Utf8Chars(w.text);
    }
  }
  // Look for a gutter: an x band that (almost) no segment crosses, with real text on both sides.
  double g0 = 0, g1 = 0;
  bool gutter = false;
  if (lines.size() >= 6 && page_width > 100) {
    const int bins = int(page_width / 2) + 1;
    std::vector<int> cover(size_t(bins), 0);
    for (const auto& l : lines) {
      for (const auto& sg : l.segments) {
        for (int b = std::max(0, int(sg.x0 / 2)); b <= std::min(bins - 1, int(sg.x1 / 2)); ++b) ++cover[size_t(b)];
      }
    }
    const int allowed = std::max(1, int(lines.size() / 20));
    int best_start = -1, best_len = 0;
    for (int b = 0; b < bins;) {
      if (cover[size_t(b)] > allowed) {
        ++b;
        continue;
      }
      int e = b;
      while (e < bins && cover[size_t(e)] <= allowed) ++e;
      const double center = (b + e) * 1.0;  // bins are 2pt: (b+e)/2*2
      if ((e - b) * 2 >= 10 && center > page_width * 0.2 && center < page_width * 0.8 && e - b > best_len) {
        best_start = b;
        best_len = e - b;
      }
      b = e;
    }
    if (best_start >= 0) {
      g0 = best_start * 2.0;
      g1 = (best_start + best_len) * 2.0;
      size_t left_chars = 0, right_chars = 0, left_n = 0, right_n = 0, left_dates = 0, right_dates = 0;
      size_t left_lines = 0, right_lines = 0, paired = 0;
      for (const auto& l : lines) {
        bool has_left = false, has_right = false;
        for (const auto& sg : l.segments) {
          const size_t n = Utf8Chars(sg.text);
          if (sg.x0 < g0 && sg.x1 > g1) continue;  // crosses the gutter
          if (sg.x0 + sg.x1 < g0 + g1) {
            left_chars += n;
            ++left_n;
            left_dates += LooksLikeDate(sg.text);
            has_left = true;
          } else {
            right_chars += n;
            ++right_n;
            right_dates += LooksLikeDate(sg.text);
            has_right = true;
          }
        }
        left_lines += has_left;
        right_lines += has_right;
        paired += has_left && has_right;
      }
      const bool both = left_lines >= 3 && right_lines >= 3 && left_chars * 10 >= total_chars &&
                        right_chars * 10 >= total_chars;
      const bool dates = left_dates * 10 >= left_n * 4 || right_dates * 10 >= right_n * 4;
      const double avg_left = left_n ? double(left_chars) / double(left_n) : 0;
      const double avg_right = right_n ? double(right_chars) / double(right_n) : 0;
      // Label/value tables pair short cells on every row; a sidebar beside a main column does not
      // have short text on both sides.
      const bool table_like = paired * 10 >= std::min(left_lines, right_lines) * 7 && avg_left < 12 && avg_right < 12;
      // Section titles in a left margin ("EXPERIENCE" beside its entries) are not a column either.
      size_t left_headings = 0;
      for (const auto& l : lines) {
        for (const auto& sg : l.segments) {
          if (sg.x0 + sg.x1 < g0 + g1 && sg.x1 <= g1 && IsHeadingText(sg.text)) ++left_headings;
        }
      }
      const bool margin_titles = left_n > 0 && left_headings * 2 >= left_n;
      gutter = both && !dates && !table_like && !margin_titles;
    }
  }
  std::string out;
  double last_y1 = -1, last_h = 0;
  auto emit = [&](const std::vector<const PdfSegment*>& segs, double y0, double y1) {
    if (segs.empty()) return;
    if (last_y1 >= 0 && y0 - last_y1 > std::max(4.0, 0.8 * last_h)) out.push_back('\n');  // paragraph gap
    for (size_t i = 0; i < segs.size(); ++i) {
      // A section title in the margin, on the same line as the first entry: its own line.
      if (i == 1 && IsHeadingText(segs[0]->text)) {
        out.push_back('\n');
      } else if (i) {
        out += "   ";
      }
      out += segs[i]->text;
    }
    out.push_back('\n');
    last_y1 = y1;
    last_h = y1 - y0;
  };
  if (!gutter) {
    for (const auto& l : lines) {
      std::vector<const PdfSegment*> segs;
      for (const auto& sg : l.segments) segs.push_back(&sg);
      emit(segs, l.y0, l.y1);
    }
    return out;
  }
  // Bands between full-width lines; in each band the left column, then the right one.
  std::vector<std::tuple<std::vector<const PdfSegment*>, double, double>> left, right;
  auto flush = [&] {
    for (auto* col : {&left, &right}) {
      last_y1 = -1;
      for (auto& [segs, y0, y1] : *col) emit(segs, y0, y1);
      col->clear();
      out.push_back('\n');
    }
  };
  for (const auto& l : lines) {
    bool crossing = false;
    for (const auto& sg : l.segments) crossing = crossing || (sg.x0 < g0 && sg.x1 > g1);
    if (crossing) {
      flush();
      std::vector<const PdfSegment*> segs;
      for (const auto& sg : l.segments) segs.push_back(&sg);
      last_y1 = -1;
      emit(segs, l.y0, l.y1);
      continue;
    }
    std::vector<const PdfSegment*> ls, rs;
    for (const auto& sg : l.segments) ((sg.x0 + sg.x1 < g0 + g1) ? ls : rs).push_back(&sg);
    if (!ls.empty()) left.emplace_back(std::move(ls), l.y0, l.y1);
    if (!rs.empty()) right.emplace_back(std::move(rs), l.y0, l.y1);
  }
  flush();
  return out;
}

core::Result<Extracted> ExtractPdf(std::string_view bytes) {
  static std::once_flag quiet;
  // Poppler reports every syntax problem on stderr; damaged input is expected here.
  std::call_once(quiet, [] { poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr); });

  Extracted ex;
  ex.format = SourceFormat::kPdf;
  // A PDF ends with %%EOF; without one anywhere the file was cut short.
  if (bytes.find("%%EOF") == std::string_view::npos) {
    return Damaged("damaged PDF: the file is truncated (no %%EOF end marker)");
  }
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!doc) return Damaged("damaged PDF: it cannot be opened");
  if (doc->is_locked()) return Unsupported("encrypted PDF: a password is required to read it");
  const int pages = doc->pages();
  if (pages <= 0) return Damaged("damaged PDF: it has no pages");
  if (pages > kMaxPdfPages) {
    ex.warnings.push_back("PDF has " + std::to_string(pages) + " pages; only the first " +
                          std::to_string(kMaxPdfPages) + " were read");
  }
  for (int i = 0; i < std::min(pages, kMaxPdfPages); ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (!page) {
      ex.warnings.push_back("PDF page " + std::to_string(i + 1) + " could not be read");
      continue;
    }
    std::vector<Word> words;
    for (const auto& box : page->text_list()) {
      const poppler::byte_array t = box.text().to_utf8();
      if (t.empty()) continue;
      const poppler::rectf r = box.bbox();
      words.push_back({std::string(t.begin(), t.end()), r.left(), r.top(), r.right(), r.bottom(), box.has_space_after()});
    }
    if (words.empty()) continue;
    ex.text += PageText(words, page->page_rect().width());
    ex.text.push_back('\n');
    if (ex.text.size() > kMaxTextChars * 4) break;
  }
  size_t visible = 0;
  for (char c : ex.text) {
    if (!std::isspace(static_cast<unsigned char>(c))) ++visible;
  }
  if (visible < 10) {
    return Unsupported("PDF has no text layer (a scanned image?); OCR is not supported");
  }
  ex.encoding = "UTF-8";
  return ex;
}

// ---------------------------------------------------------------- XML documents (DOCX, ODT, WordML)

std::string_view LocalName(const pugi::xml_node& n) {
  std::string_view name = n.name();
  const size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

enum class XmlDialect { kWord, kOdf };

// Turns a word-processing XML tree into lines: one per paragraph, table rows as tab-separated cells
// (or one line per cell paragraph when cells hold several), text boxes after their anchor paragraph.
class XmlTextWriter {
 public:
  explicit XmlTextWriter(XmlDialect d) : dialect_(d) {}

  void Block(const pugi::xml_node& node, int depth) {
    if (depth > kMaxDepth) return;
    for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
      if (child.type() != pugi::node_element) continue;
      const std::string_view name = LocalName(child);
      if (IsParagraph(name)) {
        Paragraph(child, depth + 1);
      } else if (IsTable(name)) {
        Table(child, depth + 1);
      } else if (!Skip(name)) {
        Block(child, depth + 1);
      }
    }
  }

  std::string Take() { return std::move(out_); }

 private:
  static constexpr int kMaxDepth = 200;

  bool IsParagraph(std::string_view n) const { return n == "p" || (dialect_ == XmlDialect::kOdf && n == "h"); }
  bool IsTable(std::string_view n) const { return n == "tbl" || (dialect_ == XmlDialect::kOdf && n == "table"); }
  bool IsRow(std::string_view n) const { return n == "tr" || n == "table-row"; }
  bool IsCell(std::string_view n) const { return n == "tc" || n == "table-cell"; }
  bool Skip(std::string_view n) const {
    // Deleted text, field instructions, the VML duplicate of a text box, comments, notes.
    return n == "delText" || n == "instrText" || n == "Fallback" || n == "fldData" || n == "annotation" ||
           n == "tracked-changes" || n == "note" || n == "sectPr" || n == "footnote" || n == "endnote" ||
           (n.size() > 2 && n.substr(n.size() - 2) == "Pr");
  }

  void Paragraph(const pugi::xml_node& p, int depth) {
    std::string line;
    std::vector<pugi::xml_node> boxes;
    Inline(p, line, boxes, depth);
    out_ += line;
    out_.push_back('\n');
    for (const auto& box : boxes) Block(box, depth + 1);
  }

  void Inline(const pugi::xml_node& node, std::string& line, std::vector<pugi::xml_node>& boxes, int depth) {
    if (depth > kMaxDepth) return;
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
      if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
        // Word keeps text only in w:t; ODF has it directly in text:p / text:span.
        if (dialect_ == XmlDialect::kOdf || LocalName(node) == "t") line += c.value();
        continue;
      }
      if (c.type() != pugi::node_element) continue;
      const std::string_view name = LocalName(c);
      if (Skip(name)) continue;
      if (name == "tab" || name == "ptab") {
        line.push_back('\t');
      } else if (name == "br" || name == "cr" || name == "line-break") {
        line.push_back('\n');
      } else if (name == "noBreakHyphen") {
        line.push_back('-');
      } else if (name == "s" && dialect_ == XmlDialect::kOdf) {
        const int n = std::clamp(c.attribute("text:c").as_int(1), 1, 100);
        line.append(size_t(n), ' ');
      } else if (name == "txbxContent" || name == "text-box") {
        boxes.push_back(c);
      } else if (IsParagraph(name)) {
        // A paragraph nested in inline content (ODF frames): its own line.
        line.push_back('\n');
        Inline(c, line, boxes, depth + 1);
        line.push_back('\n');
      } else {
        Inline(c, line, boxes, depth + 1);
      }
    }
  }

  void Table(const pugi::xml_node& tbl, int depth) {
    if (depth > kMaxDepth) return;
    for (pugi::xml_node row = tbl.first_child(); row; row = row.next_sibling()) {
      const std::string_view rn = LocalName(row);
      if (rn == "table-header-rows" || rn == "table-rows") {
        Table(row, depth + 1);
        continue;
      }
      if (!IsRow(rn)) continue;
      std::vector<std::string> cells;
      bool multi = false;
      for (pugi::xml_node cell = row.first_child(); cell; cell = cell.next_sibling()) {
        if (!IsCell(LocalName(cell))) continue;
        XmlTextWriter sub(dialect_);
        sub.Block(cell, depth + 1);
        std::string text = sub.Take();
        while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
        size_t start = 0;
        while (start < text.size() && text[start] == '\n') ++start;
        text.erase(0, start);
        if (text.find('\n') != std::string::npos) multi = true;
        if (!text.empty()) cells.push_back(std::move(text));
      }
      if (cells.empty()) continue;
      if (multi) {
        for (const auto& c : cells) {
          out_ += c;
          out_.push_back('\n');
        }
      } else {
        for (size_t i = 0; i < cells.size(); ++i) {
          if (i) out_.push_back('\t');
          out_ += cells[i];
        }
        out_.push_back('\n');
      }
    }
  }

  XmlDialect dialect_;
  std::string out_;
};

core::Result<std::string> XmlToText(std::string_view xml, XmlDialect dialect, std::string_view what) {
  pugi::xml_document doc;
  const pugi::xml_parse_result r =
      doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata, pugi::encoding_auto);
  if (!r) {
    return Damaged("damaged " + std::string(what) + ": its XML is not well-formed (" + r.description() + ")");
  }
  XmlTextWriter w(dialect);
  w.Block(doc, 0);
  return w.Take();
}

// ---------------------------------------------------------------- ZIP containers

struct ZipArchive {
  zip_t* za = nullptr;
  ~ZipArchive() {
    if (za) zip_discard(za);
  }
};

core::Result<std::string> ReadZipEntry(zip_t* za, const char* name, std::string_view what) {
  const zip_int64_t idx = zip_name_locate(za, name, ZIP_FL_NOCASE);
  if (idx < 0) return core::Error::NotFound(name);
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(za, zip_uint64_t(idx), 0, &st) != 0) return Damaged("damaged " + std::string(what));
  if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
    return Unsupported("encrypted " + std::string(what) + ": a password is required to read it");
  }
  if ((st.valid & ZIP_STAT_SIZE) && st.size > kMaxXmlBytes) {
    return core::Error{core::ErrorCode::kTooLarge, std::string(what) + " part " + name + " is too large", "file", {}};
  }
  zip_file_t* f = zip_fopen_index(za, zip_uint64_t(idx), 0);
  if (!f) {
    const int ze = zip_error_code_zip(zip_get_error(za));
    if (ze == ZIP_ER_NOPASSWD || ze == ZIP_ER_WRONGPASSWD || ze == ZIP_ER_ENCRNOTSUPP) {
      return Unsupported("encrypted " + std::string(what) + ": a password is required to read it");
    }
    return Damaged("damaged " + std::string(what) + ": " + zip_strerror(za));
  }
  std::string data;
  char buf[64 * 1024];
  for (;;) {
    const zip_int64_t n = zip_fread(f, buf, sizeof buf);
    if (n < 0) {
      zip_fclose(f);
      return Damaged("damaged " + std::string(what) + ": part " + name + " cannot be decompressed");
    }
    if (n == 0) break;
    data.append(buf, size_t(n));
    if (data.size() > kMaxXmlBytes) {
      zip_fclose(f);
      return core::Error{core::ErrorCode::kTooLarge, std::string(what) + " part " + name + " is too large", "file", {}};
    }
  }
  zip_fclose(f);
  return data;
}

// The main document part named by _rels/.rels (usually word/document.xml).
std::string MainDocumentPart(zip_t* za) {
  auto rels = ReadZipEntry(za, "_rels/.rels", "DOCX");
  if (rels.ok()) {
    pugi::xml_document doc;
    if (doc.load_buffer(rels->data(), rels->size())) {
      for (pugi::xml_node r = doc.first_child().first_child(); r; r = r.next_sibling()) {
        const std::string_view type = r.attribute("Type").value();
        if (type.size() >= 15 && type.substr(type.size() - 15) == "/officeDocument") {
          std::string target = r.attribute("Target").value();
          while (!target.empty() && target.front() == '/') target.erase(0, 1);
          if (!target.empty()) return target;
        }
      }
    }
  }
  return "word/document.xml";
}

core::Result<Extracted> ExtractZip(std::string_view bytes) {
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &ze);
  if (!src) return Damaged("damaged ZIP container");
  ZipArchive archive;
  archive.za = zip_open_from_source(src, ZIP_RDONLY, &ze);
  if (!archive.za) {
    const std::string why = zip_error_strerror(&ze);
    zip_source_free(src);
    zip_error_fini(&ze);
    return Damaged("damaged DOCX/ZIP file: " + why);
  }
  zip_error_fini(&ze);
  zip_t* za = archive.za;
  auto has = [&](const char* name) { return zip_name_locate(za, name, ZIP_FL_NOCASE) >= 0; };

  Extracted ex;
  ex.encoding = "UTF-8";
  const std::string main_part = MainDocumentPart(za);
  if (has(main_part.c_str()) && main_part.find("word/") != std::string::npos) {
    ex.format = SourceFormat::kDocx;
    HF_ASSIGN(std::string xml, ReadZipEntry(za, main_part.c_str(), "DOCX"));
    HF_ASSIGN(std::string body, XmlToText(xml, XmlDialect::kWord, "DOCX"));
    // Page headers often carry the name and contact line; they come first. A damaged header is
    // skipped rather than failing the document.
    const zip_int64_t n = zip_get_num_entries(za, 0);
    for (zip_int64_t i = 0; i < n && i < 10000; ++i) {
      const char* name = zip_get_name(za, zip_uint64_t(i), 0);
      if (!name) continue;
      const std::string_view nm = name;
      if (!StartsWith(nm, "word/header") || nm.size() < 16 || nm.substr(nm.size() - 4) != ".xml") continue;
      auto part = ReadZipEntry(za, name, "DOCX");
      if (!part.ok()) continue;
      auto text = XmlToText(*part, XmlDialect::kWord, "DOCX");
      if (text.ok() && ex.text.find(*text) == std::string::npos) ex.text += *text;
    }
    ex.text += body;
    return ex;
  }
  if (has("mimetype") && has("content.xml")) {
    HF_ASSIGN(std::string mime, ReadZipEntry(za, "mimetype", "ODF document"));
    if (StartsWith(mime, "application/vnd.oasis.opendocument.text")) {
      ex.format = SourceFormat::kOdt;
      HF_ASSIGN(std::string xml, ReadZipEntry(za, "content.xml", "ODT"));
      HF_ASSIGN(ex.text, XmlToText(xml, XmlDialect::kOdf, "ODT"));
      return ex;
    }
    return Unsupported("unsupported OpenDocument type (" + mime.substr(0, 80) + "); only text documents are read");
  }
  if (has("xl/workbook.xml")) return Unsupported("the file is an Excel workbook, not a resume document");
  if (has("ppt/presentation.xml")) return Unsupported("the file is a PowerPoint presentation, not a resume document");
  if (has("EncryptedPackage")) return Unsupported("encrypted Office document: a password is required to read it");
  return Unsupported("the file is a ZIP archive but not a DOCX document (no word/document.xml)");
}

// ---------------------------------------------------------------- HTML

std::string DecodeEntity(std::string_view name) {
  if (!name.empty() && name[0] == '#') {
    long cp = 0;
    if (name.size() > 1 && (name[1] == 'x' || name[1] == 'X')) {
      cp = std::strtol(std::string(name.substr(2)).c_str(), nullptr, 16);
    } else {
      cp = std::strtol(std::string(name.substr(1)).c_str(), nullptr, 10);
    }
    if (cp <= 0 || cp > 0x10FFFF) return " ";
    return ToUtf8(std::u32string(1, char32_t(cp)));
  }
  static const std::pair<std::string_view, std::string_view> kNamed[] = {
      {"nbsp", " "}, {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"},
      {"middot", "·"}, {"bull", "•"}, {"mdash", "—"}, {"ndash", "–"}, {"hellip", "…"}, {"copy", "©"},
      {"ensp", " "}, {"emsp", " "}, {"thinsp", " "}, {"rsquo", "'"}, {"lsquo", "'"}, {"rdquo", "\""},
      {"ldquo", "\""}, {"times", "×"}, {"reg", "®"},
  };
  for (const auto& [n, v] : kNamed) {
    if (n == name) return std::string(v);
  }
  return "";
}

std::string HtmlToText(std::string_view html) {
  static const std::string_view kBlock[] = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
                                            "table", "section", "article", "header", "footer", "ul", "ol",
                                            "dt", "dd", "dl", "hr", "blockquote", "pre", "title", "aside",
                                            "nav", "main", "address", "figure", "form", "fieldset"};
  std::string out;
  bool space_pending = false;
  auto put = [&](std::string_view s) {
    if (space_pending && !out.empty() && out.back() != '\n' && out.back() != '\t') out.push_back(' ');
    space_pending = false;
    out += s;
  };
  for (size_t i = 0; i < html.size();) {
    const char c = html[i];
    if (c == '<') {
      if (html.compare(i, 4, "<!--") == 0) {
        const size_t e = html.find("-->", i + 4);
        i = e == std::string_view::npos ? html.size() : e + 3;
        continue;
      }
      const size_t e = html.find('>', i + 1);
      if (e == std::string_view::npos) break;
      std::string_view tag = html.substr(i + 1, e - i - 1);
      i = e + 1;
      const bool closing = !tag.empty() && tag[0] == '/';
      if (closing) tag.remove_prefix(1);
      size_t n = 0;
      while (n < tag.size() && (std::isalnum(static_cast<unsigned char>(tag[n])) != 0)) ++n;
      const std::string name = AsciiLowerCopy(tag.substr(0, n));
      if (!closing && (name == "script" || name == "style" || name == "head" || name == "noscript")) {
        const std::string close = "</" + name;
        const std::string lower_rest = AsciiLowerCopy(html.substr(i, std::min<size_t>(html.size() - i, 1 << 22)));
        const size_t ce = lower_rest.find(close);
        i = ce == std::string::npos ? html.size() : i + ce;
        continue;
      }
      if (name == "td" || name == "th") {
        if (!closing && !out.empty() && out.back() != '\n') out.push_back('\t');
        space_pending = false;
        continue;
      }
      for (auto b : kBlock) {
        if (name == b) {
          if (!out.empty() && out.back() != '\n') out.push_back('\n');
          if (name == "li" && !closing) out += "• ";
          space_pending = false;
          break;
        }
      }
      continue;
    }
    if (c == '&') {
      const size_t semi = html.find(';', i + 1);
      if (semi != std::string_view::npos && semi - i <= 10) {
        const std::string v = DecodeEntity(html.substr(i + 1, semi - i - 1));
        if (!v.empty()) {
          if (v == " ") {
            space_pending = true;
          } else {
            put(v);
          }
          i = semi + 1;
          continue;
        }
      }
    }
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
      space_pending = true;
      ++i;
      continue;
    }
    size_t j = i + 1;  // html[i] may be an '&' that starts no entity
    while (j < html.size() && html[j] != '<' && html[j] != '&' && html[j] != ' ' && html[j] != '\n' &&
           html[j] != '\r' && html[j] != '\t') {
      ++j;
    }
    put(html.substr(i, j - i));
    i = j;
  }
  return out;
}

bool LooksLikeHtml(std::string_view text) {
  const std::string head = AsciiLowerCopy(text.substr(0, 4096));
  return head.find("<html") != std::string::npos || head.find("<!doctype html") != std::string::npos ||
         head.find("<body") != std::string::npos;
}

}  // namespace

const char* SourceFormatName(SourceFormat f) {
  switch (f) {
    case SourceFormat::kText: return "text";
    case SourceFormat::kPdf: return "pdf";
    case SourceFormat::kDocx: return "docx";
    case SourceFormat::kOdt: return "odt";
    case SourceFormat::kHtml: return "html";
    case SourceFormat::kJson: return "json";
  }
  return "text";
}

core::Result<Extracted> ExtractText(std::string_view bytes, std::string_view filename_hint) {
  if (bytes.empty()) return Damaged("the file is empty");
  if (bytes.size() > kMaxInputBytes) {
    return core::Error{core::ErrorCode::kTooLarge,
                       "the file is too large (" + std::to_string(bytes.size()) + " bytes; limit " +
                           std::to_string(kMaxInputBytes >> 20) + " MiB)",
                       "file", {}};
  }
  const std::string hint = AsciiLowerCopy(filename_hint);
  auto hint_is = [&](std::string_view ext) {
    return hint.size() >= ext.size() && std::string_view(hint).substr(hint.size() - ext.size()) == ext;
  };
  if (bytes.substr(0, 1024).find("%PDF-") != std::string_view::npos) return ExtractPdf(bytes);
  if (StartsWith(bytes, "PK\x03\x04") || StartsWith(bytes, std::string_view("PK\x05\x06", 4))) {
    return ExtractZip(bytes);
  }
  if (StartsWith(bytes, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) {
    static const char kEncrypted[] = "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e";
    if (bytes.find(std::string_view(kEncrypted, sizeof kEncrypted - 1)) != std::string_view::npos) {
      return Unsupported("encrypted Office document: a password is required to read it");
    }
    return Unsupported("legacy Word 97-2003 (.doc/.wps) files are not supported; save the resume as DOCX or PDF");
  }
  if (StartsWith(bytes, "{\\rtf")) {
    return Unsupported("RTF files are not supported; save the resume as DOCX or PDF");
  }
  if (StartsWith(bytes, "\x89PNG") || StartsWith(bytes, "\xFF\xD8\xFF") || StartsWith(bytes, "GIF8") ||
      StartsWith(bytes, std::string_view("II*\0", 4)) || StartsWith(bytes, std::string_view("MM\0*", 4)) ||
      (StartsWith(bytes, "RIFF") && bytes.substr(8, 4) == "WEBP")) {
    return Unsupported("the file is an image; OCR of scanned resumes is not supported");
  }
  if (StartsWith(bytes, "\x1F\x8B") || StartsWith(bytes, "Rar!") || StartsWith(bytes, "7z\xBC\xAF")) {
    return Unsupported("the file is a compressed archive, not a resume document");
  }

  auto decoded = DecodeText(bytes);
  if (!decoded.ok()) {
    if (hint_is(".pdf") || hint_is(".docx") || hint_is(".doc")) {
      return Damaged("damaged file: the content is not a valid " + hint.substr(hint.rfind('.') + 1) + " document");
    }
    return Unsupported("unrecognised file format: binary data that is not PDF, DOCX, ODT, HTML, JSON or text");
  }
  Extracted ex;
  ex.encoding = decoded->encoding;
  std::string& text = decoded->utf8;
  size_t first = 0;
  while (first < text.size() && std::isspace(static_cast<unsigned char>(text[first]))) ++first;
  if (first == text.size()) return Damaged("the file contains no text");
  const std::string_view body = std::string_view(text).substr(first);
  if (body.front() == '{' || body.front() == '[') {
    ex.format = SourceFormat::kJson;
    ex.text = std::move(text);
    return ex;
  }
  if (body.front() == '<') {
    const std::string head = AsciiLowerCopy(body.substr(0, 2048));
    if (head.find("w:worddocument") != std::string::npos) {
      ex.format = SourceFormat::kDocx;
      HF_ASSIGN(ex.text, XmlToText(text, XmlDialect::kWord, "Word XML document"));
      return ex;
    }
    if (LooksLikeHtml(body)) {
      ex.format = SourceFormat::kHtml;
      ex.text = HtmlToText(body);
      return ex;
    }
  }
  if (StartsWith(body, "MIME-Version:") && AsciiLowerCopy(body.substr(0, 4096)).find("multipart/related") != std::string::npos) {
    return Unsupported("MHT web archives are not supported; save the resume as DOCX or PDF");
  }
  if (hint_is(".pdf") || hint_is(".docx")) {
    return Damaged("damaged file: the content is not a valid " + hint.substr(hint.rfind('.') + 1) + " document");
  }
  ex.format = SourceFormat::kText;
  ex.text = std::move(text);
  return ex;
}

}  // namespace recruit::resume_detail
