// Payroll API against the real binary, on SQLite and on PostgreSQL: compensation, runs and approval,
// the tax authority's example across January–March, who sees which payslip, inputs and stale drafts,
// the bank file, the offer calculator, go-live balances, and kill -9 during a large run.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, adminClient, backends, userClient } from '../harness.mjs';

const CSV = { raw: true, headers: { 'content-type': 'text/csv' } };

// 国家税务总局's example: 30,000 a month, 专项扣除 4,500, 专项附加扣除 2,000 → 555.00, 625.00, 1,850.00.
// In Beijing (rules from 2024-07) a social-insurance base of 20,000 costs the employee 8% + 2% + 3 yuan +
// 0.5% = 2,103.00, and a housing-fund base of 19,975 at 12% costs 2,397.00: 4,500.00 together.
const TAX_EXAMPLE = {
  effective_from: '2024-12-01', monthly_salary: '30000', city: 'beijing', social_insurance_base: '20000',
  housing_fund_base: '19975', housing_fund_rate: 12, special_additional_deduction: '2000',
};

for (const backend of backends()) {
  describe(`payroll API on ${backend}`, () => {
    let server, admin, hr, manager, interviewer, me, other;
    let tax, colleague;
    const runs = {};

    before(async () => {
      server = await startServer({ db: backend });
      admin = await adminClient(server);
      const rd = (await admin.post('/api/v1/departments', { name: '研发部', code: 'RD' })).json;
      tax = (await admin.post('/api/v1/employees', { employee_no: 'T001', name: '张伟', hire_date: '2023-03-01',
        department_id: rd.id, bank_account: '6222020200112233' })).json;
      colleague = (await admin.post('/api/v1/employees', { employee_no: 'T002', name: '李娜', hire_date: '2023-05-01',
        department_id: rd.id, bank_account: '6222020200445566' })).json;
      hr = await userClient(server, admin, 'pay_hr', 'hr');
      manager = await userClient(server, admin, 'pay_manager', 'hiring_manager', { department_id: rd.id });
      interviewer = await userClient(server, admin, 'pay_interviewer', 'interviewer', { department_id: rd.id });
      me = await userClient(server, admin, 'pay_me', 'employee', { employee_id: tax.id });
      other = await userClient(server, admin, 'pay_other', 'employee', { employee_id: colleague.id });
    });
    after(async () => { await server?.stop(); });

    test('compensation is set per employee from a date and validated field by field', async () => {
      const bad = await hr.post(`/api/v1/payroll/employees/${tax.id}/compensation`, { ...TAX_EXAMPLE, housing_fund_rate: 15 });
      assert.equal(bad.status, 422);
      assert.equal(bad.json.field, 'housing_fund_rate');
      const city = await hr.post(`/api/v1/payroll/employees/${tax.id}/compensation`, { ...TAX_EXAMPLE, city: 'Atlantis' });
      assert.equal(city.json.field, 'city');
      const created = await hr.post(`/api/v1/payroll/employees/${tax.id}/compensation`, TAX_EXAMPLE);
      assert.equal(created.status, 201, created.text);
      assert.equal(created.json.monthly_salary, '30000.00');
      assert.equal(created.json.housing_fund_rate, 12);
      const dup = await hr.post(`/api/v1/payroll/employees/${tax.id}/compensation`, TAX_EXAMPLE);
      assert.equal(dup.status, 409);
      assert.equal(dup.json.code, 'duplicate_effective_from');
      const c2 = await hr.post(`/api/v1/payroll/employees/${colleague.id}/compensation`,
        { effective_from: '2024-12-01', monthly_salary: '12000', city: '上海' });
      assert.equal(c2.status, 201, c2.text);
      assert.equal(c2.json.city, 'shanghai');
      const patched = await hr.patch(`/api/v1/payroll/compensation/${c2.json.id}`, { monthly_salary: '15000', version: c2.json.version });
      assert.equal(patched.status, 200, patched.text);
      assert.equal(patched.json.monthly_salary, '15000.00');
      const stale = await hr.patch(`/api/v1/payroll/compensation/${c2.json.id}`, { monthly_salary: '1', version: c2.json.version });
      assert.equal(stale.status, 409);
      const list = await hr.get(`/api/v1/payroll/employees/${tax.id}/compensation`);
      assert.equal(list.json.items.length, 1);
      for (const c of [manager, interviewer, me]) {
        assert.equal((await c.get(`/api/v1/payroll/employees/${tax.id}/compensation`)).status, 403);
      }
    });

    test('the tax authority example across January–March runs: 555.00, 625.00, 1,850.00', async () => {
      const expected = { '2025-01': '555.00', '2025-02': '625.00', '2025-03': '1850.00' };
      for (const [period, withheld] of Object.entries(expected)) {
        const r = await hr.post('/api/v1/payroll/runs', { period });
        assert.equal(r.status, 201, r.text);
        assert.equal(r.json.status, 'draft');
        assert.equal(r.json.employee_count, 2);
        const slips = (await hr.get(`/api/v1/payroll/runs/${r.json.id}/payslips`)).json.items;
        const mine = slips.find((s) => s.employee_no === 'T001');
        assert.equal(mine.gross_pay, '30000.00');
        assert.equal(mine.employee_contributions, '4500.00');
        assert.equal(mine.income_tax, withheld, period);
        assert.equal(mine.net_pay, (30000 - 4500 - Number(withheld)).toFixed(2));
        if (period === '2025-01') assert.equal(mine.delta, null);
        else assert.equal(mine.previous.income_tax, expected[period === '2025-02' ? '2025-01' : '2025-02']);
        // A draft is HR's preview: the employee does not see it yet.
        assert.equal((await me.get(`/api/v1/payroll/payslips/${mine.id}`)).status, 404);
        const ok = await hr.post(`/api/v1/payroll/runs/${r.json.id}/approve`, { version: r.json.version });
        assert.equal(ok.status, 200, ok.text);
        assert.equal(ok.json.status, 'approved');
        runs[period] = { ...ok.json, mine: mine.id, theirs: slips.find((s) => s.employee_no === 'T002').id };
      }
      const full = (await hr.get(`/api/v1/payroll/payslips/${runs['2025-03'].mine}`)).json;
      assert.equal(full.ytd.taxable_income, '55500.00');
      assert.equal(full.ytd.withheld_tax, '3030.00');
      assert.deepEqual(full.lines.map((l) => l.code), ['base_salary', 'pension_employee', 'medical_employee',
        'unemployment_employee', 'housing_fund_employee', 'income_tax', 'pension_employer', 'medical_employer',
        'unemployment_employer', 'work_injury_employer', 'housing_fund_employer']);
      assert.equal(full.lines.find((l) => l.code === 'income_tax').zh, '个人所得税');
    });

    test('an employee sees only their own approved payslips; hiring managers and interviewers see no pay', async () => {
      const mine = await me.get('/api/v1/me/payslips');
      assert.equal(mine.status, 200);
      assert.deepEqual(mine.json.items.map((s) => s.period), ['2025-03', '2025-02', '2025-01']);
      assert.ok(mine.json.items.every((s) => s.employee_no === 'T001'));
      assert.equal((await me.get(`/api/v1/payroll/payslips/${runs['2025-01'].mine}`)).json.income_tax, '555.00');
      assert.equal((await me.get(`/api/v1/payroll/payslips/${runs['2025-01'].theirs}`)).status, 404);
      assert.equal((await other.get(`/api/v1/payroll/payslips/${runs['2025-01'].mine}`)).status, 404);
      for (const c of [manager, interviewer]) {
        assert.equal((await c.get('/api/v1/me/payslips')).status, 403);
        assert.equal((await c.get(`/api/v1/payroll/payslips/${runs['2025-01'].mine}`)).status, 403);
        assert.equal((await c.get('/api/v1/payroll/runs')).status, 403);
        assert.equal((await c.get(`/api/v1/payroll/runs/${runs['2025-01'].id}/payslips`)).status, 403);
        assert.equal((await c.post('/api/v1/payroll/runs', { period: '2025-04' })).status, 403);
      }
      for (const c of [me, other]) {
        assert.equal((await c.get('/api/v1/payroll/runs')).status, 403);
        assert.equal((await c.get(`/api/v1/payroll/runs/${runs['2025-01'].id}/disbursement`)).status, 403);
      }
    });

    test('a second approved run for a period is refused with 409, and so is an earlier period', async () => {
      const a = (await hr.post('/api/v1/payroll/runs', { period: '2025-04' })).json;
      const b = (await admin.post('/api/v1/payroll/runs', { period: '2025-04' })).json;
      assert.equal((await hr.post(`/api/v1/payroll/runs/${a.id}/approve`, { version: a.version })).status, 200);
      const second = await admin.post(`/api/v1/payroll/runs/${b.id}/approve`, { version: b.version });
      assert.equal(second.status, 409);
      assert.equal(second.json.code, 'period_approved');
      const again = await hr.post('/api/v1/payroll/runs', { period: '2025-04' });
      assert.equal(again.status, 409);
      assert.equal(again.json.code, 'period_approved');
      const earlier = await hr.post('/api/v1/payroll/runs', { period: '2024-12' });
      assert.equal(earlier.status, 409);
      assert.equal(earlier.json.code, 'later_period_approved');
      assert.equal((await hr.del(`/api/v1/payroll/runs/${a.id}`)).status, 409);
      assert.equal((await hr.del(`/api/v1/payroll/runs/${b.id}`)).status, 204);
      const list = (await hr.get('/api/v1/payroll/runs')).json;
      assert.deepEqual(list.items.map((r) => `${r.period} ${r.status}`),
        ['2025-04 approved', '2025-03 approved', '2025-02 approved', '2025-01 approved']);
    });

    test('inputs change a draft: it is stale until recalculated, then approved; the period then closes', async () => {
      const run = (await hr.post('/api/v1/payroll/runs', { period: '2025-05' })).json;
      const put = await hr.put('/api/v1/payroll/inputs', { period: '2025-05', employee_id: tax.id, bonus: '1000',
        weekday_overtime_hours: 10.5 });
      assert.equal(put.status, 200, put.text);
      assert.equal(put.json.weekday_overtime_hours, 10.5);
      const again = await hr.put('/api/v1/payroll/inputs', { period: '2025-05', employee_id: tax.id, bonus: '2000' });
      assert.equal(again.status, 422);
      assert.equal(again.json.field, 'version');
      const got = (await hr.get(`/api/v1/payroll/runs/${run.id}`)).json;
      assert.equal(got.stale, true);
      const refused = await hr.post(`/api/v1/payroll/runs/${run.id}/approve`, { version: got.version });
      assert.equal(refused.status, 409);
      assert.equal(refused.json.code, 'run_stale');
      const re = await hr.post(`/api/v1/payroll/runs/${run.id}/recalculate`, { version: got.version });
      assert.equal(re.status, 200, re.text);
      assert.equal(re.json.stale, false);
      assert.equal(re.json.version, got.version + 1);
      const slip = (await hr.get(`/api/v1/payroll/runs/${run.id}/payslips?q=T001`)).json.items[0];
      // 10.5 weekday hours at 30,000 / 21.75 / 8 × 150% = 2,715.52; plus the 1,000 bonus.
      assert.equal(slip.gross_pay, '33715.52');
      assert.equal(slip.delta.gross_pay, '3715.52');
      assert.equal((await hr.post(`/api/v1/payroll/runs/${run.id}/approve`, { version: re.json.version })).status, 200);
      const closed = await hr.put('/api/v1/payroll/inputs', { period: '2025-05', employee_id: tax.id, bonus: '1', version: put.json.version });
      assert.equal(closed.status, 409);
      assert.equal(closed.json.code, 'period_approved');
      const csv = 'employee_no,bonus,absence_days\nT001,300,1\nNOBODY,1,0\n';
      const dry = await hr.post('/api/v1/payroll/inputs/import?period=2025-06', csv, CSV);
      assert.equal(dry.status, 200);
      assert.equal(dry.json.valid_rows, 1);
      assert.equal(dry.json.problems[0].field, 'employee_no');
      const all = await hr.post('/api/v1/payroll/inputs/import?period=2025-06&dry_run=false', csv, CSV);
      assert.equal(all.status, 422);
      assert.equal(all.json.code, 'import_invalid');
      const some = await hr.post('/api/v1/payroll/inputs/import?period=2025-06&dry_run=false&skip_invalid=true', csv, CSV);
      assert.equal(some.json.imported, 1);
      const inputs = (await hr.get('/api/v1/payroll/inputs?period=2025-06')).json;
      assert.equal(inputs.total, 1);
      assert.equal(inputs.items[0].bonus, '300.00');
    });

    test('an employee the engine refuses is named and nothing of the run is kept', async () => {
      await hr.put('/api/v1/payroll/inputs', { period: '2025-06', employee_id: colleague.id, absence_days: 30 });
      const r = await hr.post('/api/v1/payroll/runs', { period: '2025-06' });
      assert.equal(r.status, 422, r.text);
      assert.equal(r.json.code, 'run_invalid');
      assert.deepEqual(r.json.problems.map((p) => [p.employee_no, p.field]), [['T002', 'absence_days']]);
      assert.equal((await hr.get('/api/v1/payroll/runs')).json.items.filter((x) => x.period === '2025-06').length, 0);
    });

    test('the disbursement file of an approved run carries the decrypted bank accounts', async () => {
      const r = await hr.get(`/api/v1/payroll/runs/${runs['2025-01'].id}/disbursement`);
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type'), /text\/csv/);
      const lines = r.text.replace(/^\uFEFF/, '').trim().split('\r\n');
      assert.equal(lines[0], 'employee_no,name,bank_account,net_pay');
      assert.equal(lines[1], 'T001,张伟,6222020200112233,24945.00');
      assert.match(lines[2], /^T002,李娜,6222020200445566,\d+\.\d\d$/);
      const draft = (await hr.post('/api/v1/payroll/runs', { period: '2025-07' })).json;
      assert.equal((await hr.get(`/api/v1/payroll/runs/${draft.id}/disbursement`)).status, 409);
      const audit = (await admin.get('/api/v1/audit?entity=payroll_run')).json;
      assert.ok(audit.items.some((a) => a.action === 'export'), 'the export is audited');
    });

    test('the offer calculator gives a new hire\'s first month to hiring managers, not to employees', async () => {
      const r = await manager.post('/api/v1/payroll/preview', { monthly_salary: 30000, city: 'beijing', month: '2025-03',
        special_additional_deduction: 2000 });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.gross_pay, '30000.00');
      assert.equal(r.json.month, '2025-03');
      assert.ok(Array.isArray(r.json.lines));
      assert.equal((await manager.post('/api/v1/payroll/preview', { monthly_salary: 1, city: 'nowhere' })).json.field, 'city');
      assert.equal((await me.post('/api/v1/payroll/preview', { monthly_salary: 1, city: 'beijing' })).status, 403);
      assert.equal((await interviewer.post('/api/v1/payroll/preview', { monthly_salary: 1, city: 'beijing' })).status, 403);
    });
  });

  describe(`payroll go-live on ${backend}`, () => {
    let server, admin;
    before(async () => {
      server = await startServer({ db: backend });
      admin = await adminClient(server);
    });
    after(async () => { await server?.stop(); });

    test('opening balances are validated, and the first run continues the withholding from them', async () => {
      const emp = (await admin.post('/api/v1/employees', { employee_no: 'G001', name: 'Go Live', hire_date: '2020-01-01' })).json;
      const comp = 'employee_no,effective_from,monthly_salary,city,social_insurance_base,housing_fund_base,housing_fund_rate,special_additional_deduction\n' +
        'G001,2025-01-01,30000,beijing,20000,19975,12,2000\n';
      const c = await admin.post('/api/v1/payroll/compensation/import?dry_run=false', comp, CSV);
      assert.equal(c.status, 200, c.text);
      assert.equal(c.json.imported, 1);
      const header = 'employee_no,tax_year,through_month,months_employed,income,tax_free_income,special_deduction,' +
        'special_additional_deduction,other_deduction,taxable_income,tax,withheld_tax\n';
      const wrong = await admin.post('/api/v1/payroll/opening-balances/import?dry_run=false',
        header + 'G001,2025,2,2,60000,0,9000,4000,0,37000,1080,1080\n', CSV);
      assert.equal(wrong.status, 422);
      assert.equal(wrong.json.report.problems[0].field, 'tax');
      assert.match(wrong.json.report.problems[0].problem, /1180\.00/);
      // January and February of the example from the previous system: the March run withholds 1,850.00.
      const ok = await admin.post('/api/v1/payroll/opening-balances/import?dry_run=false',
        header + 'G001,2025,2,2,60000,0,9000,4000,0,37000,1180,1180\n', CSV);
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.json.imported, 1);
      const listed = (await admin.get('/api/v1/payroll/opening-balances?tax_year=2025')).json;
      assert.equal(listed.items[0].withheld_tax, '1180.00');
      const run = await admin.post('/api/v1/payroll/runs', { period: '2025-03' });
      assert.equal(run.status, 201, run.text);
      assert.equal(run.json.notes.continued_from.opening_balances, 1);
      const slip = (await admin.get(`/api/v1/payroll/runs/${run.json.id}/payslips`)).json.items[0];
      assert.equal(slip.employee_id, emp.id);
      assert.equal(slip.income_tax, '1850.00');
      assert.equal((await admin.post(`/api/v1/payroll/runs/${run.json.id}/approve`, { version: run.json.version })).status, 200);
      // Once approved payslips continue from it, the balance is history.
      const late = await admin.post('/api/v1/payroll/opening-balances/import?dry_run=true',
        header + 'G001,2025,2,2,60000,0,9000,4000,0,37000,1180,1180\n', CSV);
      assert.equal(late.json.valid_rows, 0);
      assert.match(late.json.problems[0].problem, /already continue/);
    });
  });

  test(`kill -9 during a large run leaves no run, and a rerun succeeds (${backend})`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'hireflow-payroll-crash-'));
    const N = 20000;
    // Test-only hook: the run sleeps inside its transaction after 5,000 payslips, so the kill lands mid-run.
    process.env.HIREFLOW_TEST_PAUSE_RUN_AFTER = '5000';
    let server;
    try {
      server = await startServer({ db: backend, dataDir: dir });
    } finally {
      delete process.env.HIREFLOW_TEST_PAUSE_RUN_AFTER;
    }
    try {
      const admin = await adminClient(server);
      let emp = 'employee_no,name,hire_date\n';
      let comp = 'employee_no,effective_from,monthly_salary,city\n';
      const cities = ['beijing', 'shanghai', 'shenzhen', 'guangzhou', 'hangzhou'];
      for (let i = 0; i < N; i++) {
        emp += `K${i},Crash Pay ${i},2024-01-01\n`;
        comp += `K${i},2024-12-01,${8000 + (i % 50) * 500},${cities[i % 5]}\n`;
      }
      const e = await admin.post('/api/v1/employees/import?dry_run=false', emp, CSV);
      assert.equal(e.json.imported, N, e.text);
      const c = await admin.post('/api/v1/payroll/compensation/import?dry_run=false', comp, CSV);
      assert.equal(c.json.imported, N, c.text);
      const pending = admin.post('/api/v1/payroll/runs', { period: '2025-01' }).catch((err) => ({ error: err }));
      for (let i = 0; i < 3000 && !server.output().includes('test pause after'); i++) await new Promise((r) => setTimeout(r, 20));
      assert.match(server.output(), /payroll run \d+: test pause after 5000 payslips/);
      await server.kill9();
      await pending;
      server = await startServer({ db: backend === 'postgresql' ? 'postgresql-keep' : backend, dataDir: dir });
      const again = await adminClient(server);
      const list = (await again.get('/api/v1/payroll/runs')).json;
      assert.equal(list.total, 0, 'a run survived kill -9');
      const t0 = performance.now();
      const rerun = await again.post('/api/v1/payroll/runs', { period: '2025-01' });
      assert.equal(rerun.status, 201, rerun.text);
      assert.equal(rerun.json.employee_count, N);
      t.diagnostic(`rerun of ${N} employees: ${((performance.now() - t0) / 1000).toFixed(2)} s`);
      assert.equal((await again.get(`/api/v1/payroll/runs/${rerun.json.id}/payslips?limit=1`)).json.total, N);
      assert.equal((await again.get('/api/v1/audit/verify')).json.ok, true);
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
