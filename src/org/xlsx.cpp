// XLSX reading for the bulk imports: shared strings, the first worksheet
// through the workbook's relationships, and the cell styles that say whether a
// number is a date or a percentage (styles.xml).
#include "org/xlsx.h"
#include "org/zip.h"


#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <pugixml.hpp>

#include "core/date.h"

namespace org {

using core::Date;
using core::ErrorCode;
using core::Error;
using core::Result;

namespace {

Error TooLarge(std::string message) {
  return Error{ErrorCode::kTooLarge, std::move(message), "file", {}};
}

// The workbook's ZIP: any problem reading a part is a damaged workbook (a missing part included).
class Zip {
public:
  static Result<Zip> Open(std::string_view bytes, const XlsxLimits &limits) {
    auto z = ZipReader::Open(bytes, {limits.max_part_bytes, limits.max_total_bytes});
    if (!z.ok())
      return Error::Invalid("file", "damaged XLSX: not a ZIP archive");
    return Zip(std::move(z).value());
  }
  bool Has(const std::string &name) const { return zip_.Has(name); }
  Result<std::string> Read(const std::string &name) {
    auto data = zip_.Read(name);
    if (data.ok() || data.error().code == ErrorCode::kTooLarge)
      return data;
    if (data.error().code == ErrorCode::kNotFound)
      return Error::Invalid("file", "damaged XLSX: no " + name);
    return Error::Invalid("file", "damaged XLSX: " + data.error().message);
  }

private:
  explicit Zip(ZipReader z) : zip_(std::move(z)) {}
  ZipReader zip_;
};

// A decimal as sign, significant digits (no leading zeros) and the position of
// the decimal point counted from the first digit: 12.5 = {"125", 2}, 0.05 =
// {"5", -1}.
struct Decimal {
  bool negative = false;
  std::string digits; // empty: zero
  long point = 0;
};

std::optional<Decimal> ParseDecimal(std::string_view v) {
  size_t a = v.find_first_not_of(" \t"), b = v.find_last_not_of(" \t");
  if (a == std::string_view::npos)
    return std::nullopt;
  v = v.substr(a, b - a + 1);
  Decimal d;
  size_t i = 0;
  if (v[i] == '-' || v[i] == '+')
    d.negative = v[i++] == '-';
  bool any = false, dot = false;
  long int_digits = 0;
  for (; i < v.size(); ++i) {
    char c = v[i];
    if (c >= '0' && c <= '9') {
      any = true;
      d.digits += c;
      if (!dot)
        ++int_digits;
    } else if (c == '.' && !dot) {
      dot = true;
    } else {
      break;
    }
  }
  if (!any)
    return std::nullopt;
  long exponent = 0;
  if (i < v.size()) {
    if (v[i] != 'e' && v[i] != 'E')
      return std::nullopt;
    ++i;
    bool neg = false;
    if (i < v.size() && (v[i] == '-' || v[i] == '+'))
      neg = v[i++] == '-';
    if (i == v.size())
      return std::nullopt;
    for (; i < v.size(); ++i) {
      if (v[i] < '0' || v[i] > '9')
        return std::nullopt;
      exponent = exponent * 10 + (v[i] - '0');
      if (exponent > 400)
        return std::nullopt; // beyond any double
    }
    if (neg)
      exponent = -exponent;
  }
  d.point = int_digits + exponent;
  size_t lead = d.digits.find_first_not_of('0');
  if (lead == std::string::npos)
    return Decimal{}; // zero, whatever its sign
  d.digits.erase(0, lead);
  d.point -= long(lead);
  return d;
}

// Half-up to `significant` digits, then without trailing zeros.
void RoundSignificant(Decimal &d, size_t significant) {
  if (d.digits.size() > significant) {
    bool up = d.digits[significant] >= '5';
    d.digits.resize(significant);
    if (up) {
      size_t k = significant;
      while (k > 0 && d.digits[k - 1] == '9')
        d.digits[--k] = '0';
      if (k == 0) {
        d.digits.insert(d.digits.begin(), '1');
        d.digits.pop_back();
        ++d.point;
      } else {
        ++d.digits[k - 1];
      }
    }
  }
  size_t last = d.digits.find_last_not_of('0');
  d.digits.resize(last == std::string::npos ? 0 : last + 1);
  if (d.digits.empty())
    d = Decimal{};
}

std::string Render(const Decimal &d) {
  if (d.digits.empty())
    return "0";
  std::string s = d.negative ? "-" : "";
  long n = long(d.digits.size());
  if (d.point <= 0) {
    s += "0." + std::string(size_t(-d.point), '0') + d.digits;
  } else if (d.point >= n) {
    s += d.digits + std::string(size_t(d.point - n), '0');
  } else {
    s += d.digits.substr(0, size_t(d.point)) + "." +
         d.digits.substr(size_t(d.point));
  }
  return s;
}

// Column index of a cell reference: "C12" -> 2; -1 when it has no letters.
int ColumnOf(std::string_view ref) {
  int col = 0;
  for (char c : ref) {
    if (c < 'A' || c > 'Z' || col > 100000)
      break;
    col = col * 26 + (c - 'A' + 1);
  }
  return col - 1;
}

enum class NumberKind { kNumber, kDate, kPercent };

// What a number format shows: a date/time when it has date or time letters
// outside quoted text, escapes and [colour]/[locale] sections; a percentage
// when it has '%' there.
NumberKind KindOfFormat(std::string_view code) {
  bool date = false, percent = false;
  for (size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (c == '"') {
      size_t j = code.find('"', i + 1);
      if (j == std::string_view::npos)
        break;
      i = j;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i; // the next character is literal (or padding)
    } else if (c == '[') {
      size_t j = code.find(']', i + 1);
      if (j == std::string_view::npos)
        break;
      i = j; // [Red], [$-804], and elapsed [h]: not a calendar date
    } else if (c == '%') {
      percent = true;
    } else {
      char l = char(std::tolower(static_cast<unsigned char>(c)));
      if (l == 'y' || l == 'm' || l == 'd' || l == 'h' || l == 's')
        date = true;
    }
  }
  if (percent)
    return NumberKind::kPercent;
  return date ? NumberKind::kDate : NumberKind::kNumber;
}

NumberKind KindOfBuiltinFormat(long id) {
  if (id == 9 || id == 10)
    return NumberKind::kPercent;
  if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) ||
      (id >= 45 && id <= 47) || (id >= 50 && id <= 58))
    return NumberKind::kDate;
  return NumberKind::kNumber;
}

// The kind of number each cell style (the cell's s="N", an index into cellXfs)
// shows.
std::vector<NumberKind> StyleKinds(const pugi::xml_document &styles) {
  pugi::xml_node root = styles.document_element();
  std::map<long, NumberKind> custom;
  for (pugi::xml_node f : root.child("numFmts").children("numFmt"))
    custom[f.attribute("numFmtId").as_int()] =
        KindOfFormat(f.attribute("formatCode").value());
  std::vector<NumberKind> out;
  for (pugi::xml_node xf : root.child("cellXfs").children("xf")) {
    long id = xf.attribute("numFmtId").as_int();
    auto it = custom.find(id);
    out.push_back(it != custom.end() ? it->second : KindOfBuiltinFormat(id));
  }
  return out;
}

// Text of a string item (<si> or <is>): its <t>, or the <t> of each rich-text
// run (not phonetic hints).
std::string StringItem(const pugi::xml_node &si) {
  std::string s = si.child_value("t");
  for (pugi::xml_node r : si.children("r"))
    s += r.child_value("t");
  return s;
}

struct SheetContext {
  std::vector<std::string> shared;
  std::vector<NumberKind> styles;
  bool date1904 = false;
};

std::string CellText(const pugi::xml_node &c, const SheetContext &ctx) {
  std::string_view t = c.attribute("t").value();
  if (t == "s") {
    long i = std::strtol(c.child_value("v"), nullptr, 10);
    return i >= 0 && size_t(i) < ctx.shared.size() ? ctx.shared[size_t(i)]
                                                   : std::string();
  }
  if (t == "inlineStr")
    return StringItem(c.child("is"));
  std::string v = c.child_value("v");
  if (t == "d") { // ISO 8601 text; midnight is a plain date
    if (v.size() > 10 && v.compare(10, 9, "T00:00:00") == 0)
      return v.substr(0, 10);
    return v;
  }
  if (!(t.empty() || t == "n"))
    return v; // str (formula text), b (1/0), e (#N/A)
  std::optional<Decimal> d = ParseDecimal(v);
  if (!d)
    return v;
  long s = c.attribute("s").as_int(-1);
  NumberKind kind = s >= 0 && size_t(s) < ctx.styles.size()
                        ? ctx.styles[size_t(s)]
                        : NumberKind::kNumber;
  RoundSignificant(*d, 15);
  if (kind == NumberKind::kDate) {
    if (auto date = XlsxSerialDate(Render(*d), ctx.date1904))
      return *date;
  } else if (kind == NumberKind::kPercent && !d->digits.empty()) {
    d->point += 2;
    return Render(*d) + "%";
  }
  return Render(*d);
}

} // namespace

bool LooksLikeZip(std::string_view bytes) {
  return bytes.size() >= 4 &&
         bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4);
}

std::optional<std::string> XlsxNumberText(std::string_view v) {
  std::optional<Decimal> d = ParseDecimal(v);
  if (!d)
    return std::nullopt;
  RoundSignificant(*d, 15);
  return Render(*d);
}

std::optional<std::string> XlsxSerialDate(std::string_view number_text,
                                          bool date1904) {
  std::optional<Decimal> d = ParseDecimal(number_text);
  if (!d || d->negative)
    return std::nullopt;
  RoundSignificant(*d, 15);
  std::string text = Render(*d);
  size_t dot = text.find('.');
  std::string whole = text.substr(0, dot);
  if (whole.size() > 7)
    return std::nullopt;
  long serial = std::strtol(whole.c_str(), nullptr, 10);
  long seconds = 0;
  if (dot != std::string::npos) {
    std::string fraction = "0";
    fraction.append(text, dot, std::string::npos);
    seconds = std::lround(std::strtod(fraction.c_str(), nullptr) * 86400.0);
    if (seconds >= 86400) {
      ++serial;
      seconds -= 86400;
    }
  }
  int64_t days;
  if (date1904) {
    days = serial - 24107; // 1904-01-01 is day 0
  } else {
    // Day 1 is 1900-01-01; day 60 is the 1900-02-29 that Lotus and Excel count
    // but never was.
    if (serial < 1 || serial == 60)
      return std::nullopt;
    days = serial < 60 ? serial - 25568 : serial - 25569;
  }
  if (serial > 2958465)
    return std::nullopt; // 9999-12-31
  std::string out = Date::FromDays(days).ToString();
  if (seconds > 0) {
    char buf[32];
    std::snprintf(buf, sizeof buf, " %02d:%02d:%02d", int(seconds / 3600),
                  int(seconds / 60 % 60), int(seconds % 60));
    out += buf;
  }
  return out;
}

Result<std::vector<std::vector<std::string>>>
ReadXlsx(std::string_view bytes, const XlsxLimits &limits) {
  HF_ASSIGN(Zip z, Zip::Open(bytes, limits));
  SheetContext ctx;
  if (z.Has("xl/sharedStrings.xml")) {
    HF_ASSIGN(std::string xml, z.Read("xl/sharedStrings.xml"));
    pugi::xml_document doc;
    if (!doc.load_buffer(xml.data(), xml.size()))
      return Error::Invalid("file", "damaged XLSX: sharedStrings.xml");
    for (pugi::xml_node si : doc.document_element().children("si"))
      ctx.shared.push_back(StringItem(si));
  }
  if (z.Has("xl/styles.xml")) {
    HF_ASSIGN(std::string xml, z.Read("xl/styles.xml"));
    pugi::xml_document doc;
    if (doc.load_buffer(xml.data(), xml.size()))
      ctx.styles = StyleKinds(doc);
  }
  // The first sheet named by the workbook, through its relationship (not always
  // sheet1.xml).
  std::string sheet = "xl/worksheets/sheet1.xml";
  if (!z.Has("xl/workbook.xml"))
    return Error::Invalid("file",
                          "damaged XLSX: no xl/workbook.xml (not a workbook)");
  HF_ASSIGN(std::string wb, z.Read("xl/workbook.xml"));
  pugi::xml_document wd;
  if (!wd.load_buffer(wb.data(), wb.size()))
    return Error::Invalid("file",
                          "damaged XLSX: workbook.xml is not well-formed");
  std::string_view d1904 =
      wd.document_element().child("workbookPr").attribute("date1904").value();
  ctx.date1904 = d1904 == "1" || d1904 == "true";
  if (z.Has("xl/_rels/workbook.xml.rels")) {
    HF_ASSIGN(std::string rels, z.Read("xl/_rels/workbook.xml.rels"));
    pugi::xml_document rd;
    if (rd.load_buffer(rels.data(), rels.size())) {
      pugi::xml_node first =
          wd.document_element().child("sheets").child("sheet");
      std::string rid = first.attribute("r:id").value();
      for (pugi::xml_node r : rd.document_element().children("Relationship"))
        if (rid == r.attribute("Id").value()) {
          std::string target = r.attribute("Target").value();
          sheet = target.rfind("/", 0) == 0 ? target.substr(1) : "xl/" + target;
        }
    }
  }
  if (!z.Has(sheet))
    return Error::Invalid("file", "damaged XLSX: no worksheet");
  HF_ASSIGN(std::string xml, z.Read(sheet));
  pugi::xml_document doc;
  if (!doc.load_buffer(xml.data(), xml.size()))
    return Error::Invalid("file",
                          "damaged XLSX: the worksheet is not well-formed");
  std::vector<std::vector<std::string>> rows;
  for (pugi::xml_node row :
       doc.document_element().child("sheetData").children("row")) {
    std::vector<std::string> cells;
    int next = 0;
    for (pugi::xml_node c : row.children("c")) {
      int col = c.attribute("r") ? ColumnOf(c.attribute("r").value()) : next;
      next = col + 1;
      if (col < 0 || col >= 1000)
        continue;
      std::string text = CellText(c, ctx);
      if (text.empty())
        continue;
      if (cells.size() <= size_t(col))
        cells.resize(size_t(col) + 1);
      cells[size_t(col)] = std::move(text);
    }
    // Formatted but empty rows (often down to row 1048576) are not data: leave
    // them out; the row numbers of the rows that follow them are kept by
    // padding.
    if (cells.empty())
      continue;
    long rn = row.attribute("r").as_llong(long(rows.size() + 1));
    if (rn < long(rows.size() + 1))
      rn = long(rows.size() + 1); // rows out of order: keep the order
    if (size_t(rn) > limits.max_rows)
      return TooLarge("more than " + std::to_string(limits.max_rows - 1) +
                      " rows in one import");
    while (rows.size() + 1 < size_t(rn))
      rows.emplace_back();
    rows.push_back(std::move(cells));
  }
  return rows;
}

} // namespace org
