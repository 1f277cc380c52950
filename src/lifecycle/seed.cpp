// Demo lifecycle data for `hireflow serve --seed-demo`: a quarterly review cycle over the demo
// employees, a training course with a session, and a reporting line for the leave inbox.
#include "lifecycle/detail.h"
#include "payroll/work_calendar.h"

namespace lifecycle {

using core::Status;
using nlohmann::json;

Status SeedDemo(Env& env) {
  HF_ASSIGN(store::Rows c, env.tx.Query("SELECT count(*) AS n FROM review_cycles"));
  if (c[0].Int("n") > 0) return {};
  HF_ASSIGN(store::Rows e, env.tx.Query("SELECT id FROM employees ORDER BY id"));
  if (e.empty()) return {};
  core::Date today = detail::LocalToday(env.clock);
  int q = int((today.month() - 1) / 3);
  core::Date start(today.year(), unsigned(q * 3 + 1), 1);
  core::Date end = start.AddMonths(3).AddDays(-1);
  std::string label = std::to_string(today.year()) + " Q" + std::to_string(q + 1);
  HF_TRY(CreateCycle(env, {{"name", label + " 季度考核 Quarterly review"}, {"kind", "quarterly"},
                           {"period_start", start.ToString()}, {"period_end", end.ToString()}}));
  HF_ASSIGN(json course, CreateCourse(env, {{"title", "信息安全意识 Security awareness"}, {"provider", "Internal"}, {"hours", 2}}));
  HF_TRY(CreateSession(env, course["id"], {{"session_date", today.AddDays(14).ToString()}, {"location", "上海 Room 3A"},
                                           {"capacity", 30}}));
  // Clock records of the demo employees for last month and this month up to yesterday: E0001 often
  // stays late (two days beyond the 3-hour limit), E0002 keeps to the shift and is late once.
  HF_ASSIGN(store::Rows people, env.tx.Query("SELECT id, employee_no FROM employees WHERE employee_no IN ('E0001', 'E0002')"));
  const auto& cal = payroll::WorkCalendar::Builtin();
  std::string now = detail::Now(env.clock);
  core::Date from = core::Date(today.year(), today.month(), 1).AddMonths(-1);
  for (auto p : people) {
    bool late_worker = p.Str("employee_no") == "E0001";
    int n = 0;
    for (core::Date d = from; d < today; d = d.AddDays(1)) {
      if (cal.Kind(d) != payroll::DayKind::kWorkday) continue;
      ++n;
      std::string in = !late_worker && n == 3 ? "09:12" : "08:55";
      std::string out = late_worker ? (n % 9 == 4 ? "21:30" : "19:30") : "18:05";
      HF_TRY(env.tx.Exec("INSERT INTO attendance_records(employee_id, work_date, clock_in, clock_out, source, created_at, "
                         "updated_at) VALUES (?,?,?,?,'import',?,?)",
                         {p.Int("id"), d.ToString(), in, out, now, now}));
    }
  }
  return {};
}

}  // namespace lifecycle
