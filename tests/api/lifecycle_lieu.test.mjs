// Time off in lieu (调休) for rest-day overtime, on SQLite and PostgreSQL: HR chooses per rest day
// whether its overtime is paid at 200% or compensated with time off; only rest days have the choice
// (holidays are paid at 300%, 劳动法第44条); the month shows both; sending the month to payroll
// skips the hours compensated with time off.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, adminClient, backends, userClient } from '../harness.mjs';

for (const backend of backends()) {
  describe(`time off in lieu on ${backend}`, () => {
    let server, admin, hr, me, emp;
    const rec = {};

    before(async () => {
      server = await startServer({ db: backend, extraArgs: ['--workers', '0'] });
      admin = await adminClient(server);
      const d = (await admin.post('/api/v1/departments', { name: '调休部', code: 'LIEU' })).json;
      emp = (await admin.post('/api/v1/employees', { employee_no: 'LU-1', name: '周加班', hire_date: '2024-01-01', department_id: d.id })).json;
      hr = await userClient(server, admin, 'lu_hr', 'hr');
      me = await userClient(server, admin, 'lu_me', 'employee', { employee_id: emp.id });
      // Saturday 1 and Sunday 2 November 2025 are rest days (4 h and 3 h, no break under 4 h);
      // Monday 3 November a workday; 1 October 2025 a statutory holiday (National Day).
      for (const [date, inT, outT] of [['2025-11-01', '09:00', '13:00'], ['2025-11-02', '09:00', '12:00'],
        ['2025-11-03', '09:00', '18:00'], ['2025-10-01', '09:00', '12:00']]) {
        const r = await hr.put('/api/v1/attendance/records', { employee_id: emp.id, work_date: date, clock_in: inT, clock_out: outT });
        assert.equal(r.status, 200, r.text);
        rec[date] = r.json;
      }
    });
    after(async () => { await server?.stop(); });

    const set = (c, date, compensation, version) => c.put('/api/v1/attendance/records/rest-day-compensation',
      { employee_id: emp.id, work_date: date, compensation, version: version ?? rec[date].version });

    test('only HR, only rest days, a valid choice, the current version', async () => {
      assert.equal((await set(me, '2025-11-01', 'time_off')).status, 403);
      const wd = await set(hr, '2025-11-03', 'time_off');
      assert.equal(wd.status, 422);
      assert.equal(wd.json.field, 'work_date');
      const hol = await set(hr, '2025-10-01', 'time_off');
      assert.equal(hol.status, 422, 'holiday work is paid at 300%, never in lieu');
      assert.equal(hol.json.field, 'work_date');
      const bad = await set(hr, '2025-11-01', 'bonus');
      assert.equal(bad.status, 422);
      assert.equal(bad.json.field, 'compensation');
      assert.equal((await set(hr, '2025-11-08', 'time_off', 1)).status, 404, 'no record that day');
      assert.equal((await set(hr, '2025-11-01', 'time_off', rec['2025-11-01'].version + 3)).status, 409);
    });

    test('time off on one rest day: the month shows it and payroll gets only the paid rest-day hours', async () => {
      const r = await set(hr, '2025-11-01', 'time_off');
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.rest_day_compensation, 'time_off');
      assert.equal(r.json.version, rec['2025-11-01'].version + 1);
      const month = (await me.get('/api/v1/me/attendance?month=2025-11')).json;
      assert.equal(month.totals.rest_day_overtime_hours, 7, 'both rest days are still overtime (the monthly 36 h counts them)');
      assert.equal(month.totals.rest_day_overtime_in_lieu_hours, 4);
      const day = (d) => month.days.find((x) => x.date === d);
      assert.equal(day('2025-11-01').rest_day_compensation, 'time_off');
      assert.equal(day('2025-11-02').rest_day_compensation, 'pay');
      assert.equal(day('2025-11-03').rest_day_compensation, null);
      const sent = await hr.post('/api/v1/attendance/send-to-payroll', { month: '2025-11' });
      assert.equal(sent.status, 200, sent.text);
      const row = (await hr.get('/api/v1/payroll/inputs?period=2025-11')).json.items.find((x) => x.employee_id === emp.id);
      assert.equal(row.rest_day_overtime_hours, 3, 'only Sunday is paid at 200%');
      // Back to pay: the next send pays both days.
      const back = await set(hr, '2025-11-01', 'pay', r.json.version);
      assert.equal(back.status, 200, back.text);
      assert.equal((await hr.post('/api/v1/attendance/send-to-payroll', { month: '2025-11' })).status, 200);
      const row2 = (await hr.get('/api/v1/payroll/inputs?period=2025-11')).json.items.find((x) => x.employee_id === emp.id);
      assert.equal(row2.rest_day_overtime_hours, 7);
    });
  });
}
