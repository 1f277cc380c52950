// Attendance: shifts, clock records (web punches, HR corrections, time-clock CSV), the month computed
// against the work calendar (lateness, early leave, absence, overtime by kind), the statutory overtime
// alerts, and sending a month's overtime and absence to payroll.
#include <algorithm>
#include <map>
#include <set>

#include "lifecycle/detail.h"
#include "payroll/work_calendar.h"

namespace lifecycle {

using core::Date;
using core::Error;
using core::Result;
using core::Status;
using nlohmann::json;
using store::Rows;
using namespace detail;

namespace {

json ShiftJson(const Rows::Row& r) {
  return {{"id", r.Int("id")}, {"name", r.Str("name")}, {"start_time", r.Str("start_time")},
          {"end_time", r.Str("end_time")}, {"break_minutes", r.Int("break_minutes")},
          {"grace_minutes", r.Int("grace_minutes")}, {"is_default", r.Int("is_default") != 0},
          {"version", r.Int("version")}};
}

constexpr const char* kShiftCols = "id, name, start_time, end_time, break_minutes, grace_minutes, is_default, version";

Shift ToShift(const Rows::Row& r) {
  Shift s;
  s.start = Or(ParseClock(r.Str("start_time"), "start_time"), 9 * 60);
  s.end = Or(ParseClock(r.Str("end_time"), "end_time"), 18 * 60);
  s.break_minutes = int(r.Int("break_minutes"));
  s.grace_minutes = int(r.Int("grace_minutes"));
  return s;
}

struct ShiftFields {
  std::string name;
  int start = 0, end = 0;
  int64_t break_minutes = 60, grace = 0;
  bool is_default = false;
};

Result<ShiftFields> ReadShift(const json& body, const ShiftFields* base) {
  HF_TRY(OnlyKeys(body, {"name", "start_time", "end_time", "break_minutes", "grace_minutes", "is_default", "version", "id"}));
  ShiftFields f = base ? *base : ShiftFields{};
  if (!base || body.contains("name")) { HF_ASSIGN(f.name, ReqText(body, "name", 100)); }
  for (auto [key, member] : {std::pair{"start_time", &ShiftFields::start}, std::pair{"end_time", &ShiftFields::end}}) {
    if (!base || body.contains(key)) {
      if (!body.contains(key) || !body[key].is_string()) return Error::Invalid(key, std::string(key) + " is required (HH:MM)");
      HF_ASSIGN(f.*member, ParseClock(body[key].get<std::string>(), key));
    }
  }
  if (f.end <= f.start) return Error::Invalid("end_time", "end_time must be after start_time (night shifts are not supported)");
  for (auto [key, member, max] : {std::tuple{"break_minutes", &ShiftFields::break_minutes, 240},
                                  std::tuple{"grace_minutes", &ShiftFields::grace, 120}}) {
    if (body.contains(key) && !body[key].is_null()) {
      if (!body[key].is_number_integer() || body[key].get<int64_t>() < 0 || body[key].get<int64_t>() > max)
        return Error::Invalid(key, std::string(key) + " must be an integer 0.." + std::to_string(max));
      f.*member = body[key].get<int64_t>();
    }
  }
  HF_ASSIGN(auto d, OptBool(body, "is_default"));
  if (d) f.is_default = *d;
  return f;
}

// Everything needed to compute employees' months, loaded set-based.
struct MonthData {
  int year = 0;
  unsigned month = 0;
  payroll::MonthDays days;
  Shift default_shift;
  std::map<int64_t, Shift> shift_of;
  struct Rec {
    std::optional<int> in, out;
    int64_t version = 0;
    bool time_off = false;  // rest-day overtime compensated with time off (调休), not 200% pay
  };
  std::map<int64_t, std::map<unsigned, Rec>> records;  // employee -> day -> record
  struct Leave {
    std::string code;
    bool paid = true, half = false;
  };
  std::map<int64_t, std::map<unsigned, Leave>> leave;  // employee -> day -> approved leave
  std::map<int64_t, Date> last_day;                    // employees leaving (offboarding)
};

Result<MonthData> LoadMonth(store::Tx& tx, int year, unsigned month, const std::vector<int64_t>* only) {
  MonthData m;
  m.year = year;
  m.month = month;
  m.days = payroll::ResolveMonthDays(&payroll::WorkCalendar::Builtin(), year, month);
  Date first(year, month, 1), last(year, month, Date::DaysInMonth(year, month));
  std::string emp_filter = only ? " AND employee_id IN " + InList(*only) : "";
  HF_ASSIGN(Rows ds, tx.Query(std::string("SELECT ") + kShiftCols + " FROM shifts WHERE is_default = 1 ORDER BY id LIMIT 1"));
  if (!ds.empty()) m.default_shift = ToShift(ds[0]);
  HF_ASSIGN(Rows as, tx.Query("SELECT es.employee_id, s.start_time, s.end_time, s.break_minutes, s.grace_minutes FROM "
                              "employee_shifts es JOIN shifts s ON s.id = es.shift_id WHERE 1=1" + emp_filter));
  for (auto r : as) m.shift_of[r.Int("employee_id")] = ToShift(r);
  HF_ASSIGN(Rows recs, tx.Query("SELECT employee_id, work_date, clock_in, clock_out, version, rest_day_compensation FROM attendance_records WHERE "
                                "work_date >= ? AND work_date <= ?" + emp_filter,
                                {first.ToString(), last.ToString()}));
  for (auto r : recs) {
    MonthData::Rec rec;
    rec.in = Or(ParseClock(r.Str("clock_in"), "clock_in"), 0);
    if (!r.IsNull("clock_out")) rec.out = Or(ParseClock(r.Str("clock_out"), "clock_out"), 0);
    rec.version = r.Int("version");
    rec.time_off = r.Str("rest_day_compensation") == "time_off";
    unsigned day = unsigned(std::stoi(r.Str("work_date").substr(8, 2)));
    m.records[r.Int("employee_id")][day] = rec;
  }
  HF_ASSIGN(Rows lv, tx.Query("SELECT lr.employee_id, lr.start_date, lr.end_date, lr.half_day, t.code, t.paid FROM "
                              "leave_requests lr JOIN leave_types t ON t.id = lr.leave_type_id WHERE lr.status = "
                              "'approved' AND lr.start_date <= ? AND lr.end_date >= ?" +
                                  (only ? " AND lr.employee_id IN " + InList(*only) : std::string()),
                              {last.ToString(), first.ToString()}));
  for (auto r : lv) {
    auto s = Date::Parse(r.Str("start_date")), e = Date::Parse(r.Str("end_date"));
    if (!s.ok() || !e.ok()) continue;
    for (Date d = std::max(*s, first); d <= std::min(*e, last); d = d.AddDays(1))
      m.leave[r.Int("employee_id")][d.day()] = {r.Str("code"), r.Int("paid") != 0, r.Int("half_day") != 0};
  }
  HF_ASSIGN(Rows ob, tx.Query("SELECT employee_id, last_day FROM offboardings WHERE status <> 'cancelled'" +
                              (only ? " AND employee_id IN " + InList(*only) : std::string())));
  for (auto r : ob)
    if (auto d = Date::Parse(r.Str("last_day")); d.ok()) m.last_day[r.Int("employee_id")] = *d;
  return m;
}

const char* KindName(payroll::DayKind k) {
  switch (k) {
    case payroll::DayKind::kWorkday: return "workday";
    case payroll::DayKind::kRestDay: return "rest_day";
    default: return "holiday";
  }
}

json HoursJson(int64_t minutes) {
  int64_t x = MinutesToHoursX100(minutes);
  if (x % 100 == 0) return x / 100;
  return double(x) / 100.0;
}

struct Computed {
  MonthTotals totals;
  int64_t unpaid_leave_x100 = 0;
  bool tracked = false;  // has a record or approved leave in the month
  int lieu_minutes = 0;  // rest-day overtime compensated with time off (part of the rest-day minutes)
  json days = json::array();
  json alerts = json::array();
};

// One employee's month; days after `today` (and before hire / after the last day) are not evaluated.
Computed ComputeEmployee(const MonthData& m, const Employee& e, Date today, bool with_days) {
  Computed c;
  const Shift& shift = m.shift_of.count(e.id) ? m.shift_of.at(e.id) : m.default_shift;
  auto rit = m.records.find(e.id);
  auto lit = m.leave.find(e.id);
  c.tracked = rit != m.records.end() || lit != m.leave.end();
  std::optional<Date> last;
  if (auto it = m.last_day.find(e.id); it != m.last_day.end()) last = it->second;
  for (unsigned day = 1; day <= m.days.days; ++day) {
    Date d(m.year, m.month, day);
    payroll::DayKind kind = m.days.kind[day - 1];
    json dj = {{"date", d.ToString()}, {"kind", KindName(kind)}};
    bool employed = d >= e.hire_date && (!last || d <= *last);
    const MonthData::Rec* rec = nullptr;
    if (rit != m.records.end()) {
      auto x = rit->second.find(day);
      if (x != rit->second.end()) rec = &x->second;
    }
    const MonthData::Leave* lv = nullptr;
    if (lit != m.leave.end()) {
      auto x = lit->second.find(day);
      if (x != lit->second.end()) lv = &x->second;
    }
    dj["clock_in"] = rec ? json(FormatClock(*rec->in)) : json(nullptr);
    dj["clock_out"] = rec && rec->out ? json(FormatClock(*rec->out)) : json(nullptr);
    dj["leave"] = lv ? json(lv->code) : json(nullptr);
    dj["record_version"] = rec ? json(rec->version) : json(nullptr);
    dj["rest_day_compensation"] = rec && kind == payroll::DayKind::kRestDay ? json(rec->time_off ? "time_off" : "pay") : json(nullptr);
    bool evaluate = employed && (d < today || (d == today && rec));
    if (evaluate) {
      DayInput in;
      in.kind = kind;
      if (rec) {
        in.clock_in = rec->in;
        in.clock_out = rec->out;
      }
      in.on_leave = lv != nullptr;
      if (d == today && rec && !rec->out) in.clock_out.reset();
      DayResult r = EvaluateDay(shift, in);
      if (d == today) r.missing_clock_out = false;  // the day is not over
      c.totals.Add(r);
      if (rec && rec->time_off && kind == payroll::DayKind::kRestDay) c.lieu_minutes += r.rest_day_overtime_minutes;
      if (lv && !lv->paid && kind == payroll::DayKind::kWorkday) c.unpaid_leave_x100 += lv->half ? 50 : 100;
      dj["late_minutes"] = r.late_minutes;
      dj["early_leave_minutes"] = r.early_leave_minutes;
      dj["absent"] = r.absent;
      dj["missing_clock_out"] = r.missing_clock_out;
      dj["overtime_minutes"] = {{"weekday", r.weekday_overtime_minutes}, {"rest_day", r.rest_day_overtime_minutes},
                                {"holiday", r.holiday_overtime_minutes}};
      dj["daily_limit_exceeded"] = r.daily_limit_exceeded;
      if (r.daily_limit_exceeded)
        c.alerts.push_back({{"kind", "daily_overtime"}, {"date", d.ToString()}, {"minutes", r.weekday_overtime_minutes},
                            {"limit_minutes", kDailyOvertimeLimitMinutes}});
    }
    dj["evaluated"] = evaluate;
    if (with_days) c.days.push_back(std::move(dj));
  }
  if (c.totals.monthly_limit_exceeded)
    c.alerts.push_back({{"kind", "monthly_overtime"}, {"minutes", c.totals.OvertimeMinutes()},
                        {"limit_minutes", kMonthlyOvertimeLimitMinutes}});
  return c;
}

json TotalsJson(const Computed& c) {
  const MonthTotals& t = c.totals;
  return {{"late_days", t.late_days}, {"late_minutes", t.late_minutes}, {"early_leave_days", t.early_leave_days},
          {"absent_days", t.absent_days}, {"unpaid_leave_days", double(c.unpaid_leave_x100) / 100.0},
          {"weekday_overtime_hours", HoursJson(t.weekday_overtime_minutes)},
          {"rest_day_overtime_hours", HoursJson(t.rest_day_overtime_minutes)},
          {"rest_day_overtime_in_lieu_hours", HoursJson(c.lieu_minutes)},
          {"holiday_overtime_hours", HoursJson(t.holiday_overtime_minutes)},
          {"overtime_minutes", t.OvertimeMinutes()}, {"daily_limit_days", t.daily_limit_days},
          {"monthly_limit_exceeded", t.monthly_limit_exceeded}};
}

json EmployeeHead(const Employee& e) {
  return {{"employee_id", e.id}, {"employee_no", e.employee_no}, {"name", e.name}};
}

Result<json> RecordJson(store::Tx& tx, int64_t employee_id, const std::string& date) {
  HF_ASSIGN(Rows r, tx.QueryOne("SELECT id, employee_id, work_date, clock_in, clock_out, source, rest_day_compensation, version, "
                                "updated_at FROM "
                                "attendance_records WHERE employee_id = ? AND work_date = ?",
                                {employee_id, date}, "attendance record"));
  return json{{"id", r[0].Int("id")}, {"employee_id", r[0].Int("employee_id")}, {"work_date", r[0].Str("work_date")},
              {"clock_in", r[0].Str("clock_in")}, {"clock_out", r[0].OptStr("clock_out") ? json(r[0].Str("clock_out")) : json(nullptr)},
              {"source", r[0].Str("source")}, {"rest_day_compensation", r[0].Str("rest_day_compensation")},
              {"version", r[0].Int("version")}, {"updated_at", r[0].Str("updated_at")}};
}

}  // namespace

// ---- Shifts ---------------------------------------------------------------------------------------------

Result<json> ListShifts(Env& env) {
  HF_ASSIGN(Rows r, env.tx.Query(std::string("SELECT ") + kShiftCols + " FROM shifts ORDER BY id"));
  json items = json::array();
  for (auto row : r) items.push_back(ShiftJson(row));
  return json{{"items", items}};
}

Result<json> CreateShift(Env& env, const json& body) {
  HF_TRY(RequireHr(env.who));
  HF_ASSIGN(ShiftFields f, ReadShift(body, nullptr));
  HF_ASSIGN(Rows dup, env.tx.Query("SELECT id FROM shifts WHERE name = ?", {f.name}));
  if (!dup.empty()) return Error::Invalid("name", "a shift with this name exists");
  std::string now = Now(env.clock);
  if (f.is_default) HF_TRY(env.tx.Exec("UPDATE shifts SET is_default = 0, version = version + 1 WHERE is_default = 1"));
  HF_ASSIGN(Rows r, env.tx.Query("INSERT INTO shifts(name, start_time, end_time, break_minutes, grace_minutes, is_default, "
                                 "created_at, updated_at) VALUES (?,?,?,?,?,?,?,?) RETURNING id",
                                 {f.name, FormatClock(f.start), FormatClock(f.end), f.break_minutes, f.grace, f.is_default,
                                  now, now}));
  int64_t id = r[0].Int("id");
  HF_ASSIGN(Rows s, env.tx.Query(std::string("SELECT ") + kShiftCols + " FROM shifts WHERE id = ?", {id}));
  json after = ShiftJson(s[0]);
  HF_TRY(Audit(env, "create", "shift", id, nullptr, after, f.name));
  return after;
}

Result<json> UpdateShift(Env& env, int64_t id, const json& body) {
  HF_TRY(RequireHr(env.who));
  HF_ASSIGN(Rows cur, env.tx.QueryOne(std::string("SELECT ") + kShiftCols + " FROM shifts WHERE id = ?", {id}, "shift"));
  json before = ShiftJson(cur[0]);
  ShiftFields base{cur[0].Str("name"), ToShift(cur[0]).start, ToShift(cur[0]).end, cur[0].Int("break_minutes"),
                   cur[0].Int("grace_minutes"), cur[0].Int("is_default") != 0};
  HF_ASSIGN(ShiftFields f, ReadShift(body, &base));
  HF_ASSIGN(int64_t version, RequireVersion(body));
  if (f.is_default && !base.is_default)
    HF_TRY(env.tx.Exec("UPDATE shifts SET is_default = 0, version = version + 1 WHERE is_default = 1"));
  HF_ASSIGN(int64_t n, env.tx.Exec("UPDATE shifts SET name = ?, start_time = ?, end_time = ?, break_minutes = ?, "
                                   "grace_minutes = ?, is_default = ?, version = version + 1, updated_at = ? WHERE id = ? "
                                   "AND version = ?",
                                   {f.name, FormatClock(f.start), FormatClock(f.end), f.break_minutes, f.grace, f.is_default,
                                    Now(env.clock), id, version}));
  if (n == 0) return VersionConflict("shift");
  HF_ASSIGN(Rows s, env.tx.Query(std::string("SELECT ") + kShiftCols + " FROM shifts WHERE id = ?", {id}));
  json after = ShiftJson(s[0]);
  HF_TRY(Audit(env, "update", "shift", id, before, after, f.name));
  return after;
}

Result<json> AssignShift(Env& env, int64_t employee_id, const json& body) {
  HF_TRY(RequireHr(env.who));
  HF_TRY(OnlyKeys(body, {"shift_id"}));
  HF_ASSIGN(Employee e, LoadEmployee(env.tx, employee_id));
  HF_ASSIGN(Rows cur, env.tx.Query("SELECT shift_id FROM employee_shifts WHERE employee_id = ?", {employee_id}));
  json before = {{"shift_id", cur.empty() ? json(nullptr) : json(cur[0].Int("shift_id"))}};
  HF_TRY(env.tx.Exec("DELETE FROM employee_shifts WHERE employee_id = ?", {employee_id}));
  json after = {{"employee_id", employee_id}, {"shift_id", nullptr}};
  if (body.contains("shift_id") && !body["shift_id"].is_null()) {
    HF_ASSIGN(int64_t sid, ReqId(body, "shift_id"));
    HF_ASSIGN(Rows s, env.tx.Query("SELECT id FROM shifts WHERE id = ?", {sid}));
    if (s.empty()) return Error::Invalid("shift_id", "no such shift");
    HF_TRY(env.tx.Exec("INSERT INTO employee_shifts(employee_id, shift_id) VALUES (?, ?)", {employee_id, sid}));
    after["shift_id"] = sid;
  }
  HF_TRY(Audit(env, "assign_shift", "employee", employee_id, before, after, e.name));
  return after;
}

// ---- Records ---------------------------------------------------------------------------------------------

Result<json> Clock(Env& env) {
  HF_ASSIGN(int64_t me, Me(env));
  HF_ASSIGN(Employee e, LoadEmployee(env.tx, me));
  if (e.status == "left") return Error::Forbidden("you have left the company");
  Date today = LocalToday(env.clock);
  std::string now_hm = FormatClock(LocalMinutes(env.clock)), now = Now(env.clock), day = today.ToString();
  HF_ASSIGN(Rows cur, env.tx.Query("SELECT id, clock_in, clock_out, version FROM attendance_records WHERE employee_id = ? "
                                   "AND work_date = ?",
                                   {me, day}));
  std::string action;
  int64_t inserted = 0;
  if (cur.empty()) {
    // Two punches at once: the second finds the row and becomes the clock-out.
    HF_ASSIGN(inserted, env.tx.Exec("INSERT INTO attendance_records(employee_id, work_date, clock_in, source, created_at, "
                                    "updated_at) VALUES (?,?,?,'web',?,?) ON CONFLICT (employee_id, work_date) DO NOTHING",
                                    {me, day, now_hm, now, now}));
  }
  if (inserted == 1) {
    action = "clock_in";
  } else {
    HF_ASSIGN(cur, env.tx.Query("SELECT id FROM attendance_records WHERE employee_id = ? AND work_date = ?", {me, day}));
    HF_TRY(env.tx.Exec("UPDATE attendance_records SET clock_out = ?, version = version + 1, updated_at = ? WHERE id = ?",
                       {now_hm, now, cur[0].Int("id")}));
    action = "clock_out";
  }
  HF_ASSIGN(json rec, RecordJson(env.tx, me, day));
  HF_TRY(Audit(env, action.c_str(), "attendance_record", rec["id"].get<int64_t>(), nullptr, rec, e.name + " " + day));
  rec["action"] = action;
  return rec;
}

Result<json> UpsertRecord(Env& env, const json& body) {
  HF_TRY(RequireHr(env.who));
  HF_TRY(OnlyKeys(body, {"employee_id", "work_date", "clock_in", "clock_out", "version"}));
  HF_ASSIGN(int64_t emp, ReqId(body, "employee_id"));
  HF_ASSIGN(Date day, ReqDate(body, "work_date"));
  HF_ASSIGN(std::string in_text, ReqText(body, "clock_in", 5));
  HF_ASSIGN(int in, ParseClock(in_text, "clock_in"));
  std::optional<int> out;
  if (body.contains("clock_out") && !body["clock_out"].is_null()) {
    if (!body["clock_out"].is_string()) return Error::Invalid("clock_out", "clock_out must be a time HH:MM");
    HF_ASSIGN(out, ParseClock(body["clock_out"].get<std::string>(), "clock_out"));
    if (*out < in) return Error::Invalid("clock_out", "clock_out must not be before clock_in");
  }
  auto e = LoadEmployee(env.tx, emp);
  if (!e.ok()) return Error::Invalid("employee_id", "no such employee");
  std::string now = Now(env.clock), d = day.ToString();
  HF_ASSIGN(Rows cur, env.tx.Query("SELECT id, version FROM attendance_records WHERE employee_id = ? AND work_date = ?", {emp, d}));
  json before = nullptr;
  if (cur.empty()) {
    HF_TRY(env.tx.Exec("INSERT INTO attendance_records(employee_id, work_date, clock_in, clock_out, source, created_at, "
                       "updated_at) VALUES (?,?,?,?,'manual',?,?)",
                       {emp, d, FormatClock(in), out ? store::Param(FormatClock(*out)) : store::Param(std::nullopt), now, now}));
  } else {
    HF_ASSIGN(before, RecordJson(env.tx, emp, d));
    HF_ASSIGN(int64_t version, RequireVersion(body));
    HF_ASSIGN(int64_t n, env.tx.Exec("UPDATE attendance_records SET clock_in = ?, clock_out = ?, source = 'manual', "
                                     "version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
                                     {FormatClock(in), out ? store::Param(FormatClock(*out)) : store::Param(std::nullopt), now,
                                      cur[0].Int("id"), version}));
    if (n == 0) return VersionConflict("attendance record");
  }
  HF_ASSIGN(json after, RecordJson(env.tx, emp, d));
  HF_TRY(Audit(env, before.is_null() ? "create" : "update", "attendance_record", after["id"].get<int64_t>(), before, after,
               e->name + " " + d));
  return after;
}

Result<json> SetRestDayCompensation(Env& env, const json& body) {
  HF_TRY(RequireHr(env.who));
  HF_TRY(OnlyKeys(body, {"employee_id", "work_date", "compensation", "version"}));
  HF_ASSIGN(int64_t emp, ReqId(body, "employee_id"));
  HF_ASSIGN(Date day, ReqDate(body, "work_date"));
  HF_ASSIGN(std::string choice, ReqText(body, "compensation", 10));
  if (choice != "pay" && choice != "time_off") return Error::Invalid("compensation", "compensation must be pay or time_off");
  HF_ASSIGN(int64_t version, RequireVersion(body));
  auto e = LoadEmployee(env.tx, emp);
  if (!e.ok()) return Error::Invalid("employee_id", "no such employee");
  // 劳动法第44条: rest-day work may be compensated with time off (第2项); holiday work must be paid at
  // 300% (第3项) and weekday extensions at 150% (第1项), so only rest days have the choice.
  payroll::MonthDays md = payroll::ResolveMonthDays(&payroll::WorkCalendar::Builtin(), day.year(), day.month());
  if (md.kind[day.day() - 1] != payroll::DayKind::kRestDay)
    return Error::Invalid("work_date", "only rest-day overtime can be compensated with time off (holidays are paid at 300%)");
  std::string month = day.ToString().substr(0, 7);
  HF_ASSIGN(Rows approved, env.tx.Query("SELECT id FROM payroll_runs WHERE period = ? AND status = 'approved'", {month}));
  if (!approved.empty()) return Error::Conflict("payroll of " + month + " is approved; corrections go to the next period", "period_approved");
  std::string d = day.ToString();
  HF_ASSIGN(Rows cur, env.tx.Query("SELECT id, rest_day_compensation FROM attendance_records WHERE employee_id = ? AND work_date = ?",
                                   {emp, d}));
  if (cur.empty()) return Error::NotFound("no attendance record for the employee on that day");
  json before = {{"rest_day_compensation", cur[0].Str("rest_day_compensation")}};
  HF_ASSIGN(int64_t n, env.tx.Exec("UPDATE attendance_records SET rest_day_compensation = ?, version = version + 1, updated_at = ? "
                                   "WHERE id = ? AND version = ?",
                                   {choice, Now(env.clock), cur[0].Int("id"), version}));
  if (n == 0) return VersionConflict("attendance record");
  HF_ASSIGN(json after, RecordJson(env.tx, emp, d));
  HF_TRY(Audit(env, "set_rest_day_compensation", "attendance_record", after["id"].get<int64_t>(), before,
               {{"rest_day_compensation", choice}}, e->name + " " + d));
  return after;
}

Result<json> ImportRecordsCsv(Env& env, std::string_view csv, bool dry_run, bool skip_invalid) {
  HF_TRY(RequireHr(env.who));
  HF_ASSIGN(auto rows, org::ParseCsv(csv));
  if (rows.empty()) return Error::Invalid("file", "the CSV file is empty");
  std::map<std::string, size_t> col;
  for (size_t i = 0; i < rows[0].size(); ++i) {
    std::string h = rows[0][i];
    while (!h.empty() && std::isspace((unsigned char)h.back())) h.pop_back();
    while (!h.empty() && std::isspace((unsigned char)h.front())) h.erase(h.begin());
    std::transform(h.begin(), h.end(), h.begin(), [](unsigned char c) { return std::tolower(c); });
    if (h != "employee_no" && h != "date" && h != "clock_in" && h != "clock_out")
      return Error::Invalid("header", "unknown column: " + h);
    col[h] = i;
  }
  for (const char* req : {"employee_no", "date", "clock_in"})
    if (!col.count(req)) return Error::Invalid("header", std::string("missing column: ") + req);
  HF_ASSIGN(Rows emps, env.tx.Query("SELECT id, employee_no FROM employees"));
  std::map<std::string, int64_t> by_no;
  for (auto r : emps) by_no[r.Str("employee_no")] = r.Int("id");
  org::ImportReport rep;
  rep.dry_run = dry_run;
  struct Row {
    int64_t emp;
    std::string date, in;
    std::optional<std::string> out;
  };
  std::vector<Row> valid;
  std::set<std::pair<int64_t, std::string>> seen;
  auto cell = [&](const std::vector<std::string>& r, const char* c) -> std::string {
    if (!col.count(c) || col[c] >= r.size()) return "";
    std::string v = r[col[c]];
    while (!v.empty() && std::isspace((unsigned char)v.back())) v.pop_back();
    while (!v.empty() && std::isspace((unsigned char)v.front())) v.erase(v.begin());
    return v;
  };
  for (size_t i = 1; i < rows.size(); ++i) {
    const auto& r = rows[i];
    if (r.size() == 1 && r[0].empty()) continue;
    ++rep.total_rows;
    int rowno = int(i);
    size_t before = rep.problems.size();
    auto fail = [&](const std::string& field, const std::string& msg) { rep.problems.push_back({rowno, field, msg}); };
    Row x{};
    std::string no = cell(r, "employee_no");
    if (!by_no.count(no)) fail("employee_no", no.empty() ? "employee_no is required" : "no such employee: " + no);
    else x.emp = by_no[no];
    auto d = Date::Parse(cell(r, "date"), "date");
    if (!d.ok()) fail("date", "date must be YYYY-MM-DD");
    else x.date = d->ToString();
    auto in = ParseClock(cell(r, "clock_in"), "clock_in");
    if (!in.ok()) fail("clock_in", in.error().message);
    else x.in = FormatClock(*in);
    std::string out_text = cell(r, "clock_out");
    if (!out_text.empty()) {
      auto out = ParseClock(out_text, "clock_out");
      if (!out.ok()) fail("clock_out", out.error().message);
      else if (in.ok() && *out < *in) fail("clock_out", "clock_out must not be before clock_in");
      else x.out = FormatClock(*out);
    }
    if (rep.problems.size() == before && !seen.insert({x.emp, x.date}).second)
      fail("date", "the employee and date appear twice in the file");
    if (rep.problems.size() == before) valid.push_back(x);
  }
  rep.valid_rows = int(valid.size());
  rep.refused = !dry_run && !rep.problems.empty() && !skip_invalid;
  if (!dry_run && !rep.refused) {
    std::string now = Now(env.clock);
    for (const Row& x : valid) {
      HF_TRY(env.tx.Exec("INSERT INTO attendance_records(employee_id, work_date, clock_in, clock_out, source, created_at, "
                         "updated_at) VALUES (?,?,?,?,'import',?,?) ON CONFLICT (employee_id, work_date) DO UPDATE SET "
                         "clock_in = excluded.clock_in, clock_out = excluded.clock_out, source = 'import', "
                         "version = attendance_records.version + 1, updated_at = excluded.updated_at",
                         {x.emp, x.date, x.in, x.out, now, now}));
      ++rep.imported;
    }
    HF_TRY(org::AuditChange(env.tx, &env.who, env.clock, env.request_id, "import", "attendance_record", "csv", nullptr,
                            {{"imported", rep.imported}, {"total_rows", rep.total_rows}},
                            std::to_string(rep.imported) + " / " + std::to_string(rep.total_rows)));
  }
  json j = rep.ToJson();
  j["refused"] = rep.refused;
  return j;
}

// ---- Months ----------------------------------------------------------------------------------------------

Result<json> EmployeeMonth(Env& env, std::optional<int64_t> employee_id, const std::string& month) {
  HF_ASSIGN(auto ym, ParseMonth(month));
  int64_t id = 0;
  if (employee_id) id = *employee_id;
  else { HF_ASSIGN(id, Me(env)); }
  HF_ASSIGN(Employee e, LoadEmployee(env.tx, id));
  HF_TRY(CheckSees(env, e, true));
  std::vector<int64_t> only = {id};
  HF_ASSIGN(MonthData m, LoadMonth(env.tx, ym.first, ym.second, &only));
  Computed c = ComputeEmployee(m, e, LocalToday(env.clock), true);
  const Shift& s = m.shift_of.count(id) ? m.shift_of.at(id) : m.default_shift;
  json out = EmployeeHead(e);
  out["month"] = month;
  out["official_calendar"] = m.days.official_calendar;
  out["shift"] = {{"start_time", FormatClock(s.start)}, {"end_time", FormatClock(s.end)},
                  {"break_minutes", s.break_minutes}, {"grace_minutes", s.grace_minutes}};
  out["days"] = std::move(c.days);
  out["totals"] = TotalsJson(c);
  out["alerts"] = std::move(c.alerts);
  return out;
}

namespace {
// Employees whose attendance the caller sees in a team view.
Result<std::vector<Employee>> VisibleEmployees(Env& env) {
  std::string where;
  if (org::IsHrOrAdmin(env.who)) {
    where = "1=1";
  } else {
    where = "manager_id = " + std::to_string(env.who.employee_id.value_or(-1));
    if (env.who.role == auth::Role::kHiringManager) {
      HF_ASSIGN(auto depts, org::VisibleDepartments(env.tx, env.who));
      where = "(" + where + " OR department_id IN " + InList(depts ? *depts : std::vector<int64_t>{}) + ")";
    }
  }
  HF_ASSIGN(Rows r, env.tx.Query("SELECT id, employee_no, name, status, hire_date, manager_id, department_id FROM employees "
                                 "WHERE " + where + " ORDER BY employee_no"));
  std::vector<Employee> out;
  for (auto row : r) {
    Employee e;
    e.id = row.Int("id");
    e.employee_no = row.Str("employee_no");
    e.name = row.Str("name");
    e.status = row.Str("status");
    e.hire_date = Or(Date::Parse(row.Str("hire_date")), Date(2000, 1, 1));
    e.manager_id = row.OptInt("manager_id");
    e.department_id = row.OptInt("department_id");
    out.push_back(e);
  }
  return out;
}
}  // namespace

Result<json> TeamMonth(Env& env, const std::string& month) {
  HF_ASSIGN(auto ym, ParseMonth(month));
  HF_ASSIGN(std::vector<Employee> emps, VisibleEmployees(env));
  std::vector<int64_t> ids;
  for (auto& e : emps) ids.push_back(e.id);
  HF_ASSIGN(MonthData m, LoadMonth(env.tx, ym.first, ym.second, org::IsHrOrAdmin(env.who) ? nullptr : &ids));
  Date today = LocalToday(env.clock);
  json items = json::array();
  int alerts = 0;
  for (auto& e : emps) {
    Computed c = ComputeEmployee(m, e, today, false);
    if (!c.tracked && e.status == "left") continue;
    json j = EmployeeHead(e);
    j["tracked"] = c.tracked;
    j["totals"] = TotalsJson(c);
    j["alerts"] = c.alerts;
    alerts += int(c.alerts.size());
    items.push_back(std::move(j));
  }
  // Employees with alerts first, then those with attendance data, then the rest (stable).
  std::stable_sort(items.begin(), items.end(), [](const json& a, const json& b) {
    auto rank = [](const json& x) { return x["alerts"].empty() ? (x["tracked"].get<bool>() ? 1 : 2) : 0; };
    return rank(a) < rank(b);
  });
  HF_ASSIGN(Rows ex, env.tx.Query("SELECT exported_at FROM attendance_payroll_exports WHERE period = ? ORDER BY id DESC LIMIT 1",
                                  {month}));
  return json{{"month", month}, {"items", items}, {"alert_count", alerts},
              {"sent_to_payroll_at", ex.empty() ? json(nullptr) : json(ex[0].Str("exported_at"))}};
}

Result<json> SendMonthToPayroll(Env& env, const json& body) {
  HF_TRY(RequireHr(env.who));
  HF_TRY(OnlyKeys(body, {"month"}));
  HF_ASSIGN(std::string month, ReqText(body, "month", 7));
  HF_ASSIGN(auto ym, ParseMonth(month));
  HF_ASSIGN(Rows approved, env.tx.Query("SELECT id FROM payroll_runs WHERE period = ? AND status = 'approved'", {month}));
  if (!approved.empty()) return Error::Conflict("payroll of " + month + " is approved; corrections go to the next period", "period_approved");
  HF_ASSIGN(std::vector<Employee> emps, VisibleEmployees(env));
  HF_ASSIGN(MonthData m, LoadMonth(env.tx, ym.first, ym.second, nullptr));
  Date today = LocalToday(env.clock);
  std::string now = Now(env.clock);
  json written = json::array();
  int untracked = 0;
  for (auto& e : emps) {
    Computed c = ComputeEmployee(m, e, today, false);
    if (!c.tracked) {
      ++untracked;
      continue;
    }
    int64_t wk = MinutesToHoursX100(c.totals.weekday_overtime_minutes);
    // Rest-day hours compensated with time off (调休) are not paid at 200%.
    int64_t rd = MinutesToHoursX100(c.totals.rest_day_overtime_minutes - c.lieu_minutes);
    int64_t hd = MinutesToHoursX100(c.totals.holiday_overtime_minutes);
    int64_t absence = int64_t(c.totals.absent_days) * 100 + c.unpaid_leave_x100;
    HF_ASSIGN(Rows cur, env.tx.Query("SELECT id, weekday_overtime_x100, rest_day_overtime_x100, holiday_overtime_x100, "
                                     "absence_days_x100 FROM payroll_inputs WHERE period = ? AND employee_id = ?",
                                     {month, e.id}));
    json before = nullptr;
    if (!cur.empty())
      before = {{"weekday_overtime_x100", cur[0].Int("weekday_overtime_x100")},
                {"rest_day_overtime_x100", cur[0].Int("rest_day_overtime_x100")},
                {"holiday_overtime_x100", cur[0].Int("holiday_overtime_x100")},
                {"absence_days_x100", cur[0].Int("absence_days_x100")}};
    HF_TRY(env.tx.Exec("INSERT INTO payroll_inputs(period, employee_id, weekday_overtime_x100, rest_day_overtime_x100, "
                       "holiday_overtime_x100, absence_days_x100, note, created_at, updated_at) VALUES "
                       "(?,?,?,?,?,?,'attendance',?,?) ON CONFLICT (period, employee_id) DO UPDATE SET "
                       "weekday_overtime_x100 = excluded.weekday_overtime_x100, rest_day_overtime_x100 = "
                       "excluded.rest_day_overtime_x100, holiday_overtime_x100 = excluded.holiday_overtime_x100, "
                       "absence_days_x100 = excluded.absence_days_x100, version = payroll_inputs.version + 1, "
                       "updated_at = excluded.updated_at",
                       {month, e.id, wk, rd, hd, absence, now, now}));
    json after = {{"weekday_overtime_x100", wk}, {"rest_day_overtime_x100", rd}, {"holiday_overtime_x100", hd},
                  {"absence_days_x100", absence}};
    HF_ASSIGN(Rows id, env.tx.Query("SELECT id FROM payroll_inputs WHERE period = ? AND employee_id = ?", {month, e.id}));
    HF_TRY(org::AuditChange(env.tx, &env.who, env.clock, env.request_id, "from_attendance", "payroll_input",
                            std::to_string(id[0].Int("id")), before, after, e.name + " (" + e.employee_no + ") " + month));
    written.push_back({{"employee_id", e.id}, {"employee_no", e.employee_no}, {"name", e.name},
                       {"weekday_overtime_hours", double(wk) / 100.0}, {"rest_day_overtime_hours", double(rd) / 100.0},
                       {"holiday_overtime_hours", double(hd) / 100.0}, {"absence_days", double(absence) / 100.0}});
  }
  HF_ASSIGN(Rows ex, env.tx.Query("INSERT INTO attendance_payroll_exports(period, employees, exported_by, exported_at) VALUES "
                                  "(?,?,?,?) RETURNING id",
                                  {month, int64_t(written.size()), env.who.user_id, now}));
  HF_TRY(Audit(env, "send_to_payroll", "attendance_month", ex[0].Int("id"), nullptr,
               {{"month", month}, {"employees", written.size()}}, month));
  return json{{"month", month}, {"written", written}, {"untracked_employees", untracked}, {"exported_at", now}};
}

}  // namespace lifecycle
