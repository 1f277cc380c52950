// Demo recruiting data for `hireflow serve --seed-demo`: two open plans with requirements and a
// handful of candidates applying through the same code paths as real ones (screened and ranked).
#include "recruiting/detail.h"

namespace recruiting {

using core::Result;
using core::Status;
using nlohmann::json;

Status SeedDemo(Env& env) {
  HF_ASSIGN(store::Rows r, env.tx.Query("SELECT count(*) AS n FROM requisitions"));
  if (r[0].Int("n") > 0) return {};
  HF_ASSIGN(store::Rows d, env.tx.Query("SELECT id, code FROM departments WHERE code IN ('RD', 'SALES') ORDER BY code"));
  if (d.size() < 2) return {};
  int64_t rd = d[0].Str("code") == "RD" ? d[0].Int("id") : d[1].Int("id");
  int64_t sales = d[0].Str("code") == "RD" ? d[1].Int("id") : d[0].Int("id");
  HF_ASSIGN(json be, CreateRequisition(env, {
      {"title", "高级后端工程师 Senior Backend Engineer"}, {"department_id", rd}, {"headcount", 2}, {"location", "上海 Shanghai"},
      {"salary_min", "25000"}, {"salary_max", "40000"},
      {"description", "负责交易与结算平台的后端服务。Build the services behind our payments and settlement platform."},
      {"requirements", {{"must_have", {{{"term", "Go"}}, {{"term", "Kubernetes"}}}},
                        {"nice_to_have", {{{"term", "Kafka"}}, {{"term", "PostgreSQL"}}}},
                        {"min_years_experience", 3}, {"education_level", "bachelor"},
                        {"languages", {{{"language", "English"}, {"level", "professional"}}}}}}}));
  HF_TRY(TransitionRequisition(env, be["id"], {{"to", "open"}, {"version", be["version"]}}));
  HF_ASSIGN(json sr, CreateRequisition(env, {
      {"title", "销售代表 Sales Representative"}, {"department_id", sales}, {"headcount", 3}, {"location", "杭州 Hangzhou"},
      {"salary_min", "8000"}, {"salary_max", "15000"}, {"description", "开拓华东区企业客户。Grow enterprise accounts in East China."},
      {"requirements", {{"must_have", {{{"term", "销售"}, {"synonyms", {"sales"}}}}}, {"min_years_experience", 1},
                        {"education_level", "associate"}}}}));
  HF_TRY(TransitionRequisition(env, sr["id"], {{"to", "open"}, {"version", sr["version"]}}));
  struct Person {
    const char* name;
    const char* email;
    json resume;
    int64_t plan;
  };
  std::vector<Person> people = {
      {"陈晨", "chen.chen@example.com",
       {{"basics", {{"name", "陈晨"}, {"label", "后端工程师"}}},
        {"work", {{{"name", "蚂蚁集团"}, {"position", "高级工程师"}, {"startDate", "2019-07"},
                   {"highlights", {"主导过支付清结算平台迁移到 Kubernetes", "使用 Go 与 Kafka 构建消息系统"}}}}},
        {"education", {{{"institution", "浙江大学"}, {"studyType", "硕士"}, {"area", "计算机科学"}, {"endDate", "2019"}}}},
        {"skills", {{{"name", "后端"}, {"keywords", {"Go", "Kubernetes", "Kafka", "PostgreSQL"}}}}},
        {"languages", {{{"language", "English"}, {"fluency", "Professional"}}}}},
       be["id"]},
      {"Emily Zhou", "emily.zhou@example.com",
       {{"basics", {{"name", "Emily Zhou"}, {"label", "Software Engineer"}}},
        {"work", {{{"name", "Globex"}, {"position", "Engineer"}, {"startDate", "2021-03"}, {"highlights", {"Built Go services"}}}}},
        {"education", {{{"institution", "Fudan University"}, {"studyType", "Bachelor"}, {"area", "Software"}, {"endDate", "2021"}}}},
        {"skills", {{{"name", "Backend"}, {"keywords", {"Go", "PostgreSQL"}}}}}},
       be["id"]},
      {"刘洋", "liu.yang@example.com",
       {{"basics", {{"name", "刘洋"}}},
        {"work", {{{"name", "某软件公司"}, {"position", "Java 开发"}, {"startDate", "2023-06"}}}},
        {"education", {{{"institution", "南京某学院"}, {"studyType", "大专"}, {"endDate", "2023"}}}},
        {"skills", {{{"name", "开发"}, {"keywords", {"Java", "MySQL"}}}}}},
       be["id"]},
      {"赵敏", "zhao.min@example.com",
       {{"basics", {{"name", "赵敏"}, {"label", "销售经理"}}},
        {"work", {{{"name", "华东贸易"}, {"position", "销售经理"}, {"startDate", "2020-02"}, {"highlights", {"负责企业客户销售，年度销售额 800 万"}}}}},
        {"education", {{{"institution", "杭州师范大学"}, {"studyType", "本科"}, {"endDate", "2019"}}}}},
       sr["id"]},
  };
  for (const auto& p : people) {
    HF_ASSIGN(json c, CreateCandidate(env, {{"name", p.name}, {"email", p.email}, {"source", "referral"}, {"resume", p.resume}}));
    HF_TRY(CreateApplication(env, {{"candidate_id", c["id"]}, {"requisition_id", p.plan}, {"source", "referral"}}));
  }
  return {};
}

}  // namespace recruiting
