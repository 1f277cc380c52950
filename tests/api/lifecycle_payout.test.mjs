// Annual-leave payout at offboarding comes from the leaver's actual balance, on SQLite and
// PostgreSQL: an approved annual-leave day reduces the unused days paid (实施办法第12条), a pending
// request does not, and the balance shown to the employee agrees with the final pay's figures.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, adminClient, backends, userClient } from '../harness.mjs';

for (const backend of backends()) {
  describe(`annual-leave payout from the balance on ${backend}`, () => {
    let server, admin, hr, boss, me, emp;

    before(async () => {
      server = await startServer({ db: backend, extraArgs: ['--workers', '0'] });
      admin = await adminClient(server);
      const d = (await admin.post('/api/v1/departments', { name: '结算部', code: 'PAYO' })).json;
      const mgr = (await admin.post('/api/v1/employees', { employee_no: 'PO-M', name: '钱经理', hire_date: '2015-01-01', department_id: d.id })).json;
      emp = (await admin.post('/api/v1/employees', { employee_no: 'PO-E', name: '孙离职', hire_date: '2018-04-01', department_id: d.id, manager_id: mgr.id })).json;
      hr = await userClient(server, admin, 'po_hr', 'hr');
      boss = await userClient(server, admin, 'po_boss', 'employee', { employee_id: mgr.id });
      me = await userClient(server, admin, 'po_me', 'employee', { employee_id: emp.id });
      // 21,750 a month: a daily wage (÷ 21.75) of exactly 1,000.
      const comp = await hr.post(`/api/v1/payroll/employees/${emp.id}/compensation`, { effective_from: '2024-01-01', monthly_salary: '21750', city: 'shanghai' });
      assert.equal(comp.status, 201, comp.text);
    });
    after(async () => { await server?.stop(); });

    test('one approved day of annual leave is one day less paid; a pending day is not', async () => {
      const types = Object.fromEntries((await me.get('/api/v1/leave/types')).json.items.map((t) => [t.code, t]));
      const taken = await me.post('/api/v1/me/leave-requests', { leave_type_id: types.annual.id, start_date: '2025-03-03', end_date: '2025-03-03' });
      assert.equal(taken.status, 201, taken.text);
      const ok = await boss.post(`/api/v1/leave/requests/${taken.json.id}/decide`, { decision: 'approve', version: taken.json.version });
      assert.equal(ok.status, 200, ok.text);
      const pending = await me.post('/api/v1/me/leave-requests', { leave_type_id: types.annual.id, start_date: '2025-04-07', end_date: '2025-04-07' });
      assert.equal(pending.status, 201, pending.text);
      const bal = (await me.get('/api/v1/leave/balances?year=2025')).json.items.find((b) => b.leave_type === 'annual');
      assert.equal(bal.taken, 1);
      assert.equal(bal.pending, 1);
      const o = await hr.post('/api/v1/offboarding', { employee_id: emp.id, kind: 'resignation', reason: '个人原因', last_day: '2025-06-13' });
      assert.equal(o.status, 201, o.text);
      const line = o.json.final_pay.lines.find((l) => l.code === 'unused_annual_leave');
      // 5 days a year (6 y 9 m of service on 1 January); 164 of 365 days to 13 June -> 2.25 -> 2 days
      // for the leaver, less the 1 approved day taken = 1 day at 200% on top: 1 × 1,000 × 2 = 2,000.00.
      assert.equal(line.detail.full_year_days, 5);
      assert.equal(line.detail.days_taken, 1, 'the approved day, not the pending one');
      assert.equal(line.detail.unused_days_payable, 1);
      assert.equal(line.amount, '2000.00');
      assert.equal(line.detail.total_300pct_incl_normal, '3000.00');
    });
  });
}
