// Lifecycle API against the real binary, on SQLite and on PostgreSQL: time-clock import and the month
// computed against China's work calendar (lateness, absence, overtime by kind), the statutory overtime
// alerts (3 h a day, 36 h a month), leave requests decided by the employee's own manager, sending a
// month to payroll inputs, performance reviews finalised by HR, training, and a leaver's final pay
// line by line with their access removed.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, adminClient, Client, backends, ROLE_PASSWORD, userClient } from '../harness.mjs';

const CSV = { raw: true, headers: { 'content-type': 'text/csv' } };

// October 2025's working days (National Day 1–8 October off; Saturday 11 October worked by arrangement).
const OCT_WORKDAYS = [9, 10, 11, 13, 14, 15, 16, 17, 20, 21, 22, 23, 24, 27, 28, 29, 30, 31];
const NOV_WORKDAYS = [3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 17, 18, 19];
const dd = (m, d) => `2025-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

for (const backend of backends()) {
  describe(`lifecycle API on ${backend}`, () => {
    let server, admin, hr, hm, boss, me, other, leaverUser;
    let rd, mgr, emp, colleague, leaver;
    let types;

    before(async () => {
      // No background workers: the offboardings below have past last days, which the completion job
      // would otherwise close at once (that job is tested with workers further down).
      server = await startServer({ db: backend, extraArgs: ['--workers', '0'] });
      admin = await adminClient(server);
      rd = (await admin.post('/api/v1/departments', { name: '研发部', code: 'RD' })).json;
      mgr = (await admin.post('/api/v1/employees', { employee_no: 'M001', name: '王经理', hire_date: '2019-01-01', department_id: rd.id })).json;
      emp = (await admin.post('/api/v1/employees', { employee_no: 'E101', name: '张伟', hire_date: '2021-03-01', department_id: rd.id, manager_id: mgr.id })).json;
      colleague = (await admin.post('/api/v1/employees', { employee_no: 'E102', name: '李娜', hire_date: '2022-05-01', department_id: rd.id })).json;
      leaver = (await admin.post('/api/v1/employees', { employee_no: 'L001', name: '赵离', hire_date: '2018-04-01', department_id: rd.id, manager_id: mgr.id })).json;
      for (const e of [mgr, emp, colleague, leaver]) assert.ok(e.id, JSON.stringify(e));
      hr = await userClient(server, admin, 'lc_hr', 'hr');
      hm = await userClient(server, admin, 'lc_hm', 'hiring_manager', { department_id: rd.id });
      boss = await userClient(server, admin, 'lc_boss', 'employee', { employee_id: mgr.id });
      me = await userClient(server, admin, 'lc_me', 'employee', { employee_id: emp.id });
      other = await userClient(server, admin, 'lc_other', 'employee', { employee_id: colleague.id });
      leaverUser = await userClient(server, admin, 'lc_leaver', 'employee', { employee_id: leaver.id });
      types = Object.fromEntries((await me.get('/api/v1/leave/types')).json.items.map((t) => [t.code, t]));
    });
    after(async () => { await server?.stop(); });

    test('leave types are data: the statutory set is there and HR adds one', async () => {
      for (const code of ['annual', 'sick', 'personal', 'marriage', 'maternity', 'paternity', 'bereavement']) assert.ok(types[code], code);
      assert.equal(types.personal.paid, false);
      assert.equal(types.maternity.quota_days, 98);
      assert.equal(types.maternity.calendar_days, true);
      assert.equal((await me.post('/api/v1/leave/types', { code: 'x', name_zh: 'x', name_en: 'x' })).status, 403);
      const bad = await hr.post('/api/v1/leave/types', { code: 'nursing', name_zh: '哺乳假', name_en: 'Nursing', quota_days: 400 });
      assert.equal(bad.status, 422);
      assert.equal(bad.json.field, 'quota_days');
      const ok = await hr.post('/api/v1/leave/types', { code: 'nursing', name_zh: '哺乳假', name_en: 'Nursing', quota_days: 10 });
      assert.equal(ok.status, 201, ok.text);
    });

    test('time-clock CSV: the dry run reports every bad row and writes nothing; the import writes', async () => {
      const bad = 'employee_no,date,clock_in,clock_out\nE101,2025-10-09,25:00,18:00\nNOPE,2025-10-09,09:00,18:00\nE101,2025-13-01,09:00,\nE101,2025-10-10,10:00,09:00\n';
      const dry = await hr.post('/api/v1/attendance/import?dry_run=true', bad, CSV);
      assert.equal(dry.status, 200, dry.text);
      assert.deepEqual(dry.json.problems.map((p) => [p.row, p.field]), [[1, 'clock_in'], [2, 'employee_no'], [3, 'date'], [4, 'clock_out']]);
      const refused = await hr.post('/api/v1/attendance/import?dry_run=false', bad, CSV);
      assert.equal(refused.status, 422);
      assert.equal(refused.json.code, 'import_invalid');
      assert.equal((await me.post('/api/v1/attendance/import?dry_run=true', bad, CSV)).status, 403);
      // E101 in October 2025: a normal day on every working day except: 9 Oct 10 minutes late, 10 Oct until
      // 21:01 (3 h 1 min overtime), 31 Oct absent, 30 Oct personal leave (requested below). Plus work on
      // the 1 October holiday (8 h span less the 1 h break) and on Saturday 4 October (4 h, no break).
      const rows = ['employee_no,date,clock_in,clock_out'];
      for (const d of OCT_WORKDAYS) {
        if (d === 30 || d === 31) continue;
        const inT = d === 9 ? '09:10' : '08:58';
        const outT = d === 10 ? '21:01' : '18:00';
        rows.push(`E101,${dd(10, d)},${inT},${outT}`);
      }
      rows.push('E101,2025-10-01,09:00,17:00', 'E101,2025-10-04,10:00,14:00');
      const r = await hr.post('/api/v1/attendance/import?dry_run=false', rows.join('\n') + '\n', CSV);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.imported, 18);
      assert.deepEqual(r.json.problems, []);
    });

    test('leave: the employee requests, only their own manager (or HR) decides, never themselves', async () => {
      const req = await me.post('/api/v1/me/leave-requests', { leave_type_id: types.personal.id, start_date: '2025-10-30', end_date: '2025-10-30', reason: '搬家' });
      assert.equal(req.status, 201, req.text);
      assert.equal(req.json.days, 1);
      assert.equal(req.json.status, 'pending');
      const overlap = await me.post('/api/v1/me/leave-requests', { leave_type_id: types.sick.id, start_date: '2025-10-29', end_date: '2025-10-30' });
      assert.equal(overlap.status, 422);
      assert.equal(overlap.json.field, 'start_date');
      const holiday = await me.post('/api/v1/me/leave-requests', { leave_type_id: types.sick.id, start_date: '2025-10-01', end_date: '2025-10-08' });
      assert.equal(holiday.status, 422, 'National Day has no working day to take off');
      // The inbox of the manager holds it; a colleague's inbox does not.
      const inbox = await boss.get('/api/v1/leave/requests?scope=inbox');
      assert.deepEqual(inbox.json.items.map((x) => x.id), [req.json.id]);
      assert.equal((await other.get('/api/v1/leave/requests?scope=inbox')).json.total, 0);
      assert.equal((await other.get('/api/v1/leave/requests?scope=all')).status, 403);
      const body = { decision: 'approve', version: req.json.version };
      assert.equal((await other.post(`/api/v1/leave/requests/${req.json.id}/decide`, body)).status, 404);
      assert.equal((await hm.post(`/api/v1/leave/requests/${req.json.id}/decide`, body)).status, 404, 'a hiring manager is not the manager');
      assert.equal((await me.post(`/api/v1/leave/requests/${req.json.id}/decide`, body)).status, 403);
      const ok = await boss.post(`/api/v1/leave/requests/${req.json.id}/decide`, { ...body, note: '同意' });
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.json.status, 'approved');
      const again = await boss.post(`/api/v1/leave/requests/${req.json.id}/decide`, { decision: 'reject', version: ok.json.version });
      assert.equal(again.status, 409);
      // The employee sees only their own requests.
      const mine = await other.get('/api/v1/leave/requests');
      assert.equal(mine.json.total, 0);
    });

    test('annual leave balance by cumulative service, and a request beyond it is refused', async () => {
      assert.equal((await me.put(`/api/v1/leave/profiles/${emp.id}`, { work_start_date: '2015-01-01' })).status, 403);
      const p = await hr.put(`/api/v1/leave/profiles/${emp.id}`, { work_start_date: '2015-01-01' });
      assert.equal(p.status, 200, p.text);
      const bal = await me.get('/api/v1/leave/balances?year=2025');
      const annual = bal.json.items.find((x) => x.leave_type === 'annual');
      assert.equal(annual.annual.service_years, 10);
      assert.equal(annual.entitlement, 10, '满10年: 10 days');
      assert.equal(annual.remaining, 10);
      const five = await me.post('/api/v1/me/leave-requests', { leave_type_id: types.annual.id, start_date: '2025-11-03', end_date: '2025-11-07' });
      assert.equal(five.status, 201, five.text);
      assert.equal(five.json.days, 5);
      const six = await me.post('/api/v1/me/leave-requests', { leave_type_id: types.annual.id, start_date: '2025-11-10', end_date: '2025-11-17' });
      assert.equal(six.status, 422);
      assert.equal(six.json.field, 'end_date');
      const after = (await me.get('/api/v1/leave/balances?year=2025')).json.items.find((x) => x.leave_type === 'annual');
      assert.equal(after.pending, 5);
      assert.equal(after.remaining, 5);
      // 2016-01-02 start: 9 years 11 months on 1 January 2025 -> 5 days.
      await hr.put(`/api/v1/leave/profiles/${colleague.id}`, { work_start_date: '2015-01-02' });
      const c = (await hr.get(`/api/v1/leave/balances?employee_id=${colleague.id}&year=2025`)).json.items.find((x) => x.leave_type === 'annual');
      assert.equal(c.entitlement, 5);
      // Access: another employee's balance is not found; the manager sees their report's.
      assert.equal((await other.get(`/api/v1/leave/balances?employee_id=${emp.id}&year=2025`)).status, 404);
      assert.equal((await boss.get(`/api/v1/leave/balances?employee_id=${emp.id}&year=2025`)).status, 200);
      const cancel = await me.post(`/api/v1/leave/requests/${five.json.id}/cancel`, { version: five.json.version });
      assert.equal(cancel.status, 200, cancel.text);
      assert.equal(cancel.json.status, 'cancelled');
    });

    test('the month against the calendar: lateness, absence, leave, overtime by kind and the 3 h/day alert', async () => {
      const m = await me.get('/api/v1/me/attendance?month=2025-10');
      assert.equal(m.status, 200, m.text);
      const t = m.json.totals;
      assert.equal(t.late_days, 1);
      assert.equal(t.late_minutes, 10);
      assert.equal(t.absent_days, 1, '31 October only: 30 October is approved leave');
      assert.equal(t.unpaid_leave_days, 1);
      assert.equal(t.weekday_overtime_hours, 3.02);  // 181 minutes
      assert.equal(t.rest_day_overtime_hours, 4);
      assert.equal(t.holiday_overtime_hours, 7);
      assert.equal(t.daily_limit_days, 1);
      assert.deepEqual(m.json.alerts.map((a) => [a.kind, a.date, a.minutes]), [['daily_overtime', '2025-10-10', 181]]);
      const day = (d) => m.json.days.find((x) => x.date === d);
      assert.equal(day('2025-10-01').kind, 'holiday');
      assert.equal(day('2025-10-07').kind, 'rest_day');
      assert.equal(day('2025-10-11').kind, 'workday');
      assert.equal(day('2025-10-30').leave, 'personal');
      assert.equal(day('2025-10-31').absent, true);
      // Access: a colleague's month is not found; the manager and the department's hiring manager see it.
      assert.equal((await other.get(`/api/v1/attendance/employees/${emp.id}/month?month=2025-10`)).status, 404);
      assert.equal((await boss.get(`/api/v1/attendance/employees/${emp.id}/month?month=2025-10`)).status, 200);
      assert.equal((await hm.get(`/api/v1/attendance/employees/${emp.id}/month?month=2025-10`)).status, 200);
      const bad = await me.get('/api/v1/me/attendance?month=2025-13');
      assert.equal(bad.status, 422);
      assert.equal(bad.json.field, 'month');
    });

    test('36 hours of overtime in a month is the limit; one more minute raises the alert', async () => {
      const rows = ['employee_no,date,clock_in,clock_out'];
      for (const d of NOV_WORKDAYS.slice(0, 12)) rows.push(`E102,${dd(11, d)},09:00,21:00`);
      assert.equal((await hr.post('/api/v1/attendance/import?dry_run=false', rows.join('\n'), CSV)).status, 200);
      const team = async () => (await hr.get('/api/v1/attendance/team?month=2025-11')).json.items.find((x) => x.employee_id === colleague.id);
      let c = await team();
      assert.equal(c.totals.overtime_minutes, 36 * 60);
      assert.equal(c.totals.monthly_limit_exceeded, false);
      assert.equal(c.totals.daily_limit_days, 0, 'exactly 3 h a day is within the limit');
      assert.deepEqual(c.alerts, []);
      const put = await hr.put('/api/v1/attendance/records', { employee_id: colleague.id, work_date: '2025-11-19', clock_in: '09:00', clock_out: '18:01' });
      assert.equal(put.status, 200, put.text);
      c = await team();
      assert.equal(c.totals.overtime_minutes, 36 * 60 + 1);
      assert.equal(c.totals.monthly_limit_exceeded, true);
      assert.deepEqual(c.alerts.map((a) => a.kind), ['monthly_overtime']);
      // A correction needs the version; a stale one conflicts.
      const stale = await hr.put('/api/v1/attendance/records', { employee_id: colleague.id, work_date: '2025-11-19', clock_in: '09:00', clock_out: '18:00', version: put.json.version + 5 });
      assert.equal(stale.status, 409);
      // The department's hiring manager sees the month (attendance only: no pay in it).
      const hmTeam = await hm.get('/api/v1/attendance/team?month=2025-11');
      assert.ok(hmTeam.json.items.some((x) => x.employee_id === colleague.id));
      assert.doesNotMatch(hmTeam.text, /salary|amount|pay"/);
      // Team views are scoped: an employee without reports sees nobody; the manager sees their reports.
      assert.equal((await other.get('/api/v1/attendance/team?month=2025-11')).json.items.length, 0);
      const bossTeam = (await boss.get('/api/v1/attendance/team?month=2025-11')).json.items.map((x) => x.employee_no).sort();
      assert.deepEqual(bossTeam, ['E101', 'L001']);
    });

    test('send month to payroll writes overtime hours and absence days into payroll inputs, keeping other items', async () => {
      const pre = await hr.put('/api/v1/payroll/inputs', { period: '2025-10', employee_id: emp.id, bonus: '500' });
      assert.equal(pre.status, 200, pre.text);
      assert.equal((await me.post('/api/v1/attendance/send-to-payroll', { month: '2025-10' })).status, 403);
      const sent = await hr.post('/api/v1/attendance/send-to-payroll', { month: '2025-10' });
      assert.equal(sent.status, 200, sent.text);
      const w = sent.json.written.find((x) => x.employee_id === emp.id);
      assert.deepEqual([w.weekday_overtime_hours, w.rest_day_overtime_hours, w.holiday_overtime_hours, w.absence_days], [3.02, 4, 7, 2]);
      assert.ok(!sent.json.written.some((x) => x.employee_id === mgr.id), 'employees without attendance data are left alone');
      const inputs = (await hr.get('/api/v1/payroll/inputs?period=2025-10')).json.items;
      const row = inputs.find((x) => x.employee_id === emp.id);
      assert.equal(row.bonus, '500.00');
      assert.equal(row.weekday_overtime_hours, 3.02);
      assert.equal(row.rest_day_overtime_hours, 4);
      assert.equal(row.holiday_overtime_hours, 7);
      assert.equal(row.absence_days, 2);
      assert.ok(!inputs.some((x) => x.employee_id === mgr.id));
      const audit = await admin.get('/api/v1/audit?entity=payroll_input&action=from_attendance');
      assert.ok(audit.json.items.length >= 1, audit.text);
    });

    test('clock in and out from the web: first punch of the day is in, later ones out', async () => {
      const a = await me.post('/api/v1/me/attendance/clock');
      assert.equal(a.status, 200, a.text);
      assert.equal(a.json.action, 'clock_in');
      assert.match(a.json.clock_in, /^\d\d:\d\d$/);
      const b = await me.post('/api/v1/me/attendance/clock');
      assert.equal(b.json.action, 'clock_out');
      assert.equal(b.json.work_date, a.json.work_date);
      assert.equal((await admin.post('/api/v1/me/attendance/clock')).status, 404, 'no employee record');
    });

    test('performance: self review, manager review, HR calibrates and the final rating is stored per period', async () => {
      const cyc = await hr.post('/api/v1/performance/cycles', { name: '2025 Q3', kind: 'quarterly', period_start: '2025-07-01', period_end: '2025-09-30', scale_min: 1, scale_max: 5, meets_threshold: 3, employee_ids: [emp.id] });
      assert.equal(cyc.status, 201, cyc.text);
      assert.equal((await me.post('/api/v1/performance/cycles', { name: 'x', kind: 'annual', period_start: '2025-01-01', period_end: '2025-12-31' })).status, 403);
      const badKind = await hr.post('/api/v1/performance/cycles', { name: 'x', kind: 'monthly', period_start: '2025-01-01', period_end: '2025-12-31' });
      assert.equal(badKind.json.field, 'kind');
      const mine = (await me.get('/api/v1/performance/reviews')).json.items;
      assert.equal(mine.length, 1);
      let r = mine[0];
      assert.equal((await other.get(`/api/v1/performance/reviews/${r.id}`)).status, 404);
      const outOfScale = await me.patch(`/api/v1/performance/reviews/${r.id}/self`, { self_rating: 6, version: r.version });
      assert.equal(outOfScale.status, 422);
      assert.equal(outOfScale.json.field, 'self_rating');
      const self = await me.patch(`/api/v1/performance/reviews/${r.id}/self`, { self_rating: 4, self_comment: '完成了迁移', goals: [{ title: '数据库迁移', weight: 100, self_rating: 4 }], submit: true, version: r.version });
      assert.equal(self.status, 200, self.text);
      assert.equal(self.json.status, 'manager');
      assert.equal((await other.patch(`/api/v1/performance/reviews/${r.id}/manager`, { manager_rating: 2, version: self.json.version })).status, 404);
      const mgrR = await boss.patch(`/api/v1/performance/reviews/${r.id}/manager`, { manager_rating: 3.5, goals: [{ id: self.json.goals[0].id, manager_rating: 3.5 }], submit: true, version: self.json.version });
      assert.equal(mgrR.status, 200, mgrR.text);
      assert.equal(mgrR.json.status, 'calibration');
      assert.equal((await me.get(`/api/v1/performance/reviews/${r.id}`)).json.manager_rating, null, 'hidden from the employee until final');
      assert.equal((await boss.post(`/api/v1/performance/reviews/${r.id}/finalize`, { rating: 4, version: mgrR.json.version })).status, 403);
      const fin = await hr.post(`/api/v1/performance/reviews/${r.id}/finalize`, { rating: 4, note: '校准上调', version: mgrR.json.version });
      assert.equal(fin.status, 200, fin.text);
      assert.equal(fin.json.status, 'finalized');
      assert.equal(fin.json.final_rating, 4);
      assert.equal(fin.json.meets_expectations, true);
      const seen = await me.get(`/api/v1/performance/reviews/${r.id}`);
      assert.equal(seen.json.manager_rating, 3.5);
      // A probation cycle without a list takes the employees on probation.
      const prob = (await admin.post('/api/v1/employees', { employee_no: 'P001', name: '试用', hire_date: '2025-08-01', status: 'probation', department_id: rd.id })).json;
      const pc = await hr.post('/api/v1/performance/cycles', { name: '试用期考核', kind: 'probation', period_start: '2025-08-01', period_end: '2025-10-31' });
      assert.equal(pc.status, 201, pc.text);
      const pr = (await hr.get(`/api/v1/performance/reviews?scope=all&cycle_id=${pc.json.id}`)).json.items;
      assert.deepEqual(pr.map((x) => x.employee_id), [prob.id]);
      const fr = await me.get(`/api/v1/performance/employees/${emp.id}/final-ratings`);
      assert.deepEqual(fr.json.items.map((x) => [x.cycle_kind, x.period_start, x.period_end, x.rating, x.scale_min, x.scale_max, x.meets_expectations]),
        [['quarterly', '2025-07-01', '2025-09-30', 4, 1, 5, true]]);
      assert.equal((await other.get(`/api/v1/performance/employees/${emp.id}/final-ratings`)).status, 404);
    });

    test('training: a course, a session, enrolment, attendance and result; the employee sees their own', async () => {
      const c = await hr.post('/api/v1/training/courses', { title: '安全意识', hours: 2.5 });
      assert.equal(c.status, 201, c.text);
      const s = await hr.post(`/api/v1/training/courses/${c.json.id}/sessions`, { session_date: '2025-12-01', location: 'Room 1', capacity: 1 });
      assert.equal(s.status, 201, s.text);
      const e = await hr.post(`/api/v1/training/sessions/${s.json.id}/enrollments`, { employee_ids: [emp.id] });
      assert.equal(e.status, 200, e.text);
      const full = await hr.post(`/api/v1/training/sessions/${s.json.id}/enrollments`, { employee_ids: [colleague.id] });
      assert.equal(full.status, 409);
      const en = e.json.enrollments[0];
      const res = await hr.patch(`/api/v1/training/enrollments/${en.id}`, { attended: true, score: 92, passed: true, version: en.version });
      assert.equal(res.status, 200, res.text);
      const mine = (await me.get('/api/v1/me/training')).json.items;
      assert.deepEqual(mine.map((x) => [x.title, x.hours, x.attended, x.score, x.passed]), [['安全意识', 2.5, true, 92, true]]);
      assert.equal((await other.get('/api/v1/me/training')).json.items.length, 0);
    });

    test('final pay for a leaver: salary to the last day, unused annual leave, severance N; access removed', async () => {
      // 21,750 a month: a daily wage (÷ 21.75) of exactly 1,000.
      const comp = await hr.post(`/api/v1/payroll/employees/${leaver.id}/compensation`, { effective_from: '2024-01-01', monthly_salary: '21750', city: 'shanghai' });
      assert.equal(comp.status, 201, comp.text);
      const body = { employee_id: leaver.id, kind: 'termination', reason: '岗位撤销（第40条第3项）', last_day: '2025-06-13',
        severance: { kind: 'n', local_prev_year_avg_monthly_wage: '12183' } };
      assert.equal((await hm.post('/api/v1/offboarding', body)).status, 403);
      const missing = await hr.post('/api/v1/offboarding', { ...body, severance: { kind: 'n' } });
      assert.equal(missing.status, 422);
      assert.equal(missing.json.field, 'severance.local_prev_year_avg_monthly_wage');
      const o = await hr.post('/api/v1/offboarding', body);
      assert.equal(o.status, 201, o.text);
      const line = (code) => o.json.final_pay.lines.find((l) => l.code === code);
      // June 2025 has 20 paid days (2 June is an arranged rest day); 1–13 June holds 9 of them.
      assert.equal(line('salary_to_last_day').amount, '9787.50');
      assert.equal(line('salary_to_last_day').detail.paid_days_worked, 9);
      assert.equal(line('salary_to_last_day').detail.paid_days_in_month, 20);
      // 6.75 years of service on 1 January -> 5 days a year; 164 days to 13 June -> 164/365 × 5 = 2.25 -> 2 unused
      // days, paid at 200% on top of the normal pay: 2 × 1,000 × 2 = 4,000.00 (300% incl. normal: 6,000.00).
      assert.equal(line('unused_annual_leave').detail.full_year_days, 5);
      assert.equal(line('unused_annual_leave').detail.unused_days_payable, 2);
      assert.equal(line('unused_annual_leave').amount, '4000.00');
      assert.equal(line('unused_annual_leave').detail.total_300pct_incl_normal, '6000.00');
      // 1 April 2018 – 13 June 2025: 7 years 2 months -> N = 7.5; 21,750 ≤ 3 × 12,183, no cap -> 163,125.00.
      assert.equal(line('severance').detail.n_months, 7.5);
      assert.equal(line('severance').detail.wage_capped_at_3x, false);
      assert.equal(line('severance').amount, '163125.00');
      assert.equal(o.json.final_pay.total, '176912.50');
      assert.equal(o.json.checklist.length, 5);
      // Hiring managers and employees see no pay.
      assert.equal((await hm.get(`/api/v1/offboarding/${o.json.id}`)).status, 403);
      assert.equal((await leaverUser.get(`/api/v1/offboarding/${o.json.id}`)).status, 403);
      assert.equal((await hm.get('/api/v1/offboarding')).status, 403);
      const upd = await hr.patch(`/api/v1/offboarding/${o.json.id}`, { exit_interview: '希望有更多培训机会', checklist: o.json.checklist.map((c) => ({ ...c, done: true })), version: o.json.version });
      assert.equal(upd.status, 200, upd.text);
      assert.equal(upd.json.exit_interview, '希望有更多培训机会');
      assert.ok(upd.json.checklist.every((c) => c.done));
      const dup = await hr.post('/api/v1/offboarding', body);
      assert.equal(dup.status, 409);
      // Before completion the leaver can still sign in; completion sets status left and removes access.
      assert.equal((await leaverUser.get('/api/v1/me/training')).status, 200);
      const done = await hr.post(`/api/v1/offboarding/${o.json.id}/complete`, { version: upd.json.version });
      assert.equal(done.status, 200, done.text);
      assert.equal(done.json.status, 'completed');
      assert.equal((await hr.get(`/api/v1/employees/${leaver.id}`)).json.status, 'left');
      const relogin = await new Client(server.base).post('/api/v1/auth/login', { username: 'lc_leaver', password: ROLE_PASSWORD });
      assert.equal(relogin.status, 401);
      const users = (await admin.get('/api/v1/users?limit=200')).json.items;
      assert.equal(users.find((u) => u.username === 'lc_leaver').disabled, true);
      const list = await hr.get('/api/v1/offboarding');
      assert.equal(list.json.items[0].status, 'completed', 'the record is kept');
    });

    test('2N for an unlawful termination, with the 3× wage cap and 12 years', async () => {
      const vet = (await admin.post('/api/v1/employees', { employee_no: 'V001', name: '老员工', hire_date: '2008-01-01', department_id: rd.id })).json;
      await hr.post(`/api/v1/payroll/employees/${vet.id}/compensation`, { effective_from: '2024-01-01', monthly_salary: '50000', city: 'shanghai' });
      const o = await hr.post('/api/v1/offboarding', { employee_id: vet.id, kind: 'termination', reason: '违法解除', last_day: '2025-06-30',
        severance: { kind: '2n', local_prev_year_avg_monthly_wage: '12000' } });
      assert.equal(o.status, 201, o.text);
      const sev = o.json.final_pay.lines.find((l) => l.code === 'severance');
      // 17.5 years, but the wage 50,000 > 3 × 12,000: base 36,000, N capped at 12 -> 2 × 36,000 × 12 = 864,000.00.
      assert.equal(sev.detail.wage_capped_at_3x, true);
      assert.equal(sev.detail.n_months, 12);
      assert.equal(sev.detail.monthly_base, '36000.00');
      assert.equal(sev.amount, '864000.00');
      assert.equal(o.json.final_pay.lines.find((l) => l.code === 'salary_to_last_day').amount, '50000.00');
      // Started by mistake: cancelled, the record kept, the employee untouched; a new one can start.
      const c = await hr.post(`/api/v1/offboarding/${o.json.id}/cancel`, { version: o.json.version });
      assert.equal(c.status, 200, c.text);
      assert.equal(c.json.status, 'cancelled');
      assert.equal((await hr.post(`/api/v1/offboarding/${o.json.id}/complete`, { version: c.json.version })).status, 409);
      assert.notEqual((await hr.get(`/api/v1/employees/${vet.id}`)).json.status, 'left');
      assert.equal((await hr.post('/api/v1/offboarding', { employee_id: vet.id, kind: 'mutual', reason: '协商', last_day: '2026-12-31' })).status, 201);
    });
  });

  describe(`lifecycle background jobs on ${backend}`, () => {
    let server, admin, hr, boss, me, rd, emp;
    before(async () => {
      server = await startServer({ db: backend });
      admin = await adminClient(server);
      rd = (await admin.post('/api/v1/departments', { name: '研发部', code: 'RD' })).json;
      const mgr = (await admin.post('/api/v1/employees', { employee_no: 'M001', name: '王经理', hire_date: '2019-01-01', department_id: rd.id })).json;
      emp = (await admin.post('/api/v1/employees', { employee_no: 'E101', name: '张伟', hire_date: '2021-03-01', department_id: rd.id, manager_id: mgr.id })).json;
      hr = await userClient(server, admin, 'lc_hr', 'hr');
      boss = await userClient(server, admin, 'lc_boss', 'employee', { employee_id: mgr.id });
      me = await userClient(server, admin, 'lc_me', 'employee', { employee_id: emp.id });
    });
    after(async () => { await server?.stop(); });

    // Bounded wait for the background worker.
    const until = async (c, kind) => {
      for (let i = 0; i < 200; i++) {
        const n = (await c.get('/api/v1/notifications?limit=100')).json.items.filter((x) => x.kind === kind);
        if (n.length) return n;
        await new Promise((r) => setTimeout(r, 50));
      }
      return [];
    };

    test('in-app notifications: the manager of a new leave request, the employee of the decision', async () => {
      const personal = (await me.get('/api/v1/leave/types')).json.items.find((t) => t.code === 'personal');
      const req = await me.post('/api/v1/me/leave-requests', { leave_type_id: personal.id, start_date: '2025-10-30', end_date: '2025-10-30' });
      assert.equal(req.status, 201, req.text);
      const toBoss = await until(boss, 'leave_request.create');
      assert.equal(toBoss.length, 1);
      assert.equal(toBoss[0].link, '/leave');
      assert.match(toBoss[0].body, /张伟 2025-10-30/);
      const ok = await boss.post(`/api/v1/leave/requests/${req.json.id}/decide`, { decision: 'approve', version: req.json.version });
      assert.equal(ok.status, 200, ok.text);
      assert.equal((await until(me, 'leave_request.approve')).length, 1);
    });

    test('an offboarding whose last day has passed is completed by the background job', async () => {
      const d = (await admin.post('/api/v1/employees', { employee_no: 'D001', name: '到期', hire_date: '2024-01-01', department_id: rd.id })).json;
      await hr.post(`/api/v1/payroll/employees/${d.id}/compensation`, { effective_from: '2024-01-01', monthly_salary: '10000', city: 'shanghai' });
      const u = await userClient(server, admin, 'lc_due', 'employee', { employee_id: d.id });
      assert.equal((await u.get('/api/v1/me/training')).status, 200);
      const o = await hr.post('/api/v1/offboarding', { employee_id: d.id, kind: 'resignation', reason: '个人原因', last_day: '2025-01-10' });
      assert.equal(o.status, 201, o.text);
      let status = o.json.status;
      for (let i = 0; i < 200 && status === 'open'; i++) {  // bounded wait for the background worker
        await new Promise((r) => setTimeout(r, 50));
        status = (await hr.get(`/api/v1/offboarding/${o.json.id}`)).json.status;
      }
      assert.equal(status, 'completed');
      assert.equal((await hr.get(`/api/v1/employees/${d.id}`)).json.status, 'left');
      const relogin = await new Client(server.base).post('/api/v1/auth/login', { username: 'lc_due', password: ROLE_PASSWORD });
      assert.equal(relogin.status, 401, 'the account is disabled');
    });

  });
}
