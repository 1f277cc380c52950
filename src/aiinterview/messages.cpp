// Problem details for candidates in Chinese: the public candidate and careers endpoints answer a
// refused request in the caller's language (Accept-Language zh…), keeping `code` and `field`.
#include <regex>

#include "aiinterview/aiinterview.h"

namespace aiinterview {

namespace {

std::string FirstNumber(const std::string& s) {
  std::smatch m;
  static const std::regex kNum("([0-9]+)");
  return std::regex_search(s, m, kNum) ? m[1].str() : "";
}

}  // namespace

bool PrefersChinese(std::string_view accept_language) {
  // The first language listed decides ("zh-CN,zh;q=0.9,en;q=0.8" → Chinese).
  size_t i = accept_language.find_first_not_of(" \t");
  return i != std::string_view::npos && accept_language.substr(i).rfind("zh", 0) == 0;
}

core::Error Localize(core::Error e, std::string_view accept_language) {
  if (!PrefersChinese(accept_language)) return e;
  const std::string slug = e.Slug();
  const std::string n = FirstNumber(e.message);
  std::string zh;
  if (slug == "link_expired") zh = "面试链接已过期，请联系 HR 重新发送。";
  else if (slug == "consent_required") zh = "请先阅读并同意面试说明。";
  else if (slug == "interview_finished") zh = "本次面试已经结束。";
  else if (slug == "interview_declined") zh = "您已选择不参加 AI 面试。";
  else if (slug == "rerecord_limit") zh = "该题的作答次数已用完（共 " + n + " 次），以最后一次为准。";
  else if (slug == "offset_mismatch") zh = n.empty() ? "上传进度已变化，请查询进度后重新发送。" : "上传位置不一致，请从第 " + n + " 字节继续上传。";
  else if (slug == "upload_incomplete") zh = "录像尚未上传完整（已收到 " + n + " 字节），请继续上传剩余部分。";
  else if (slug == "upload_finished") zh = "该录像已经上传完成。";
  else if (slug == "answer_finished") zh = "该回答已经提交。";
  else if (slug == "wrong_mode") zh = "作答方式不匹配（录像 / 文字）。";
  else if (slug == "answers_missing") zh = "还有 " + n + " 道题目未作答。";
  else if (slug == "already_applied") zh = "您已经申请过该职位。";
  else if (slug == "rate_limited") zh = "提交过于频繁，请 " + n + " 秒后再试。";
  else if (slug == "too_large") zh = "文件过大。";
  else if (slug == "not_found") zh = e.message.find("link") != std::string::npos ? "面试链接无效（可能已被新的链接取代）。" : "未找到该内容，或职位已关闭。";
  else if (slug == "invalid") {
    if (e.field == "notice_version") zh = "面试说明已更新，请阅读最新版本后重新确认。";
    else if (e.field == "consent") zh = "需要同意隐私声明才能申请。";
    else if (e.field == "email") zh = "请填写有效的邮箱地址。";
    else if (e.field == "phone") zh = "请填写有效的手机号码。";
    else if (e.field == "name") zh = "请填写姓名。";
    else if (e.field == "expected_monthly_salary") zh = "期望月薪须为大于 0、不超过 1000000 元的金额（可不填）。";
    else if (e.field == "file" || e.field == "body") zh = "文件无法读取或为空。";
    else zh = "输入有误（" + e.field + "）：" + e.message;
  }
  if (!zh.empty()) e.message = zh;
  return e;
}

}  // namespace aiinterview
