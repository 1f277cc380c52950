// The payslip as a PDF (工资条): libharu (libhpdf) with the WenQuanYi Zen Hei TrueType font embedded
// (libharu cannot load the OTF/CFF fonts of fonts-noto-cjk). Access as GetPayslip: the pay right, or
// the employee themselves once the run is approved.
#include <hpdf.h>

#include <cstdlib>
#include <memory>

#include "payrollrun/detail.h"

namespace payrollrun {

using core::Error;
using core::Result;
using nlohmann::json;

namespace {

struct ErrorSink {
  HPDF_STATUS code = 0;
  HPDF_STATUS detail = 0;
};

void OnError(HPDF_STATUS code, HPDF_STATUS detail, void* user) {
  auto* s = static_cast<ErrorSink*>(user);
  if (s->code == 0) {
    s->code = code;
    s->detail = detail;
  }
}

std::string FontPath() {
  if (const char* p = std::getenv("HIREFLOW_PDF_FONT"); p && *p) return p;
  return "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc";
}

const char* KindTitleZh(const std::string& k) {
  return k == "earning" ? "应发项目" : k == "employee_deduction" ? "个人扣款" : "单位缴纳（不从工资中扣除）";
}
const char* KindTitleEn(const std::string& k) {
  return k == "earning" ? "Earnings" : k == "employee_deduction" ? "Deductions"
                                                                 : "Employer contributions (not deducted)";
}

}  // namespace

Result<std::string> PayslipPdf(Env& env, int64_t id) {
  HF_ASSIGN(json slip, GetPayslip(env, id));
  ErrorSink sink;
  std::unique_ptr<std::remove_pointer_t<HPDF_Doc>, void (*)(HPDF_Doc)> pdf(HPDF_New(OnError, &sink), HPDF_Free);
  if (!pdf) return Error::Internal("cannot create a PDF document");
  HPDF_Doc doc = pdf.get();
  HPDF_SetCompressionMode(doc, HPDF_COMP_ALL);
  HPDF_UseUTFEncodings(doc);
  HPDF_SetCurrentEncoder(doc, "UTF-8");
  const char* font_name = HPDF_LoadTTFontFromFile2(doc, FontPath().c_str(), 0, HPDF_TRUE);
  if (!font_name || sink.code) return Error::Internal("cannot load the payslip font " + FontPath());
  HPDF_Font font = HPDF_GetFont(doc, font_name, "UTF-8");
  HPDF_Page page = HPDF_AddPage(doc);
  HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
  const float left = 50, right = 545, top = 800;
  float y = top;
  auto text = [&](float x, float size, const std::string& s) {
    HPDF_Page_BeginText(page);
    HPDF_Page_SetFontAndSize(page, font, size);
    HPDF_Page_TextOut(page, x, y, s.c_str());
    HPDF_Page_EndText(page);
  };
  auto right_text = [&](float x_right, float size, const std::string& s) {
    HPDF_Page_SetFontAndSize(page, font, size);
    float w = HPDF_Page_TextWidth(page, s.c_str());
    text(x_right - w, size, s);
  };
  auto rule = [&] {
    HPDF_Page_SetLineWidth(page, 0.5);
    HPDF_Page_MoveTo(page, left, y - 4);
    HPDF_Page_LineTo(page, right, y - 4);
    HPDF_Page_Stroke(page);
  };
  auto str = [&](const char* k) { return slip.contains(k) && slip[k].is_string() ? slip[k].get<std::string>() : std::string(); };

  text(left, 18, "工资条 Payslip " + str("period"));
  y -= 26;
  text(left, 11, "员工 Employee: " + str("name") + " (" + str("employee_no") + ")");
  right_text(right, 11, "城市 City: " + str("city"));
  y -= 16;
  text(left, 11, "计薪天数 Paid days: " + std::to_string(slip.value("paid_days_employed", 0)) + " / " +
                     std::to_string(slip.value("paid_days", 0)));
  right_text(right, 11, "状态 Status: " + str("run_status"));
  y -= 22;
  for (const char* kind : {"earning", "employee_deduction", "employer_contribution"}) {
    bool any = false;
    for (const json& l : slip["lines"]) any = any || l["kind"] == kind;
    if (!any) continue;
    text(left, 12, std::string(KindTitleZh(kind)) + "  " + KindTitleEn(kind));
    rule();
    y -= 18;
    for (const json& l : slip["lines"]) {
      if (l["kind"] != kind) continue;
      text(left + 10, 10, l["zh"].get<std::string>());
      text(left + 170, 10, l["en"].get<std::string>());
      right_text(right, 10, l["amount"].get<std::string>());
      y -= 15;
      if (y < 120) {
        page = HPDF_AddPage(doc);
        HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
        y = top;
      }
    }
    y -= 8;
  }
  rule();
  y -= 18;
  for (auto [zh, en, key] : {std::tuple{"应发合计", "Gross pay", "gross_pay"},
                             std::tuple{"个人社保公积金", "Employee contributions", "employee_contributions"},
                             std::tuple{"个人所得税", "Income tax", "income_tax"},
                             std::tuple{"实发工资", "Net pay", "net_pay"}}) {
    text(left + 10, 11, std::string(zh) + "  " + en);
    right_text(right, 11, str(key));
    y -= 16;
  }
  y -= 10;
  if (slip.contains("ytd") && slip["ytd"].is_object()) {
    const json& ytd = slip["ytd"];
    text(left, 12, "本年累计  Year to date (" + std::to_string(ytd.value("tax_year", 0)) + ")");
    rule();
    y -= 18;
    for (auto [zh, en, key] : {std::tuple{"累计收入额", "Income", "income"},
                               std::tuple{"累计减除费用", "Basic deduction", "basic_deduction"},
                               std::tuple{"累计专项扣除", "Special deductions", "special_deduction"},
                               std::tuple{"累计专项附加扣除", "Special additional deductions", "special_additional_deduction"},
                               std::tuple{"累计应纳税所得额", "Taxable income", "taxable_income"},
                               std::tuple{"累计已预扣税额", "Tax withheld", "withheld_tax"}}) {
      if (!ytd.contains(key) || !ytd[key].is_string()) continue;
      text(left + 10, 10, std::string(zh) + "  " + en);
      right_text(right, 10, ytd[key].get<std::string>());
      y -= 15;
    }
  }
  y -= 20;
  text(left, 8, "HireFlow · 金额单位：元 Amounts in CNY");
  if (sink.code) return Error::Internal("PDF error " + std::to_string(sink.code) + "/" + std::to_string(sink.detail));
  if (HPDF_SaveToStream(doc) != HPDF_OK) return Error::Internal("cannot write the PDF");
  HPDF_UINT32 size = HPDF_GetStreamSize(doc);
  std::string out(size, '\0');
  HPDF_UINT32 got = size;
  HPDF_ResetStream(doc);
  if (HPDF_ReadFromStream(doc, reinterpret_cast<HPDF_BYTE*>(out.data()), &got) != HPDF_OK && got != size)
    return Error::Internal("cannot read the PDF stream");
  out.resize(got);
  return out;
}

}  // namespace payrollrun
