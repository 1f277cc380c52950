// Existing labour contracts of employees hired outside onboarding (SQLite and PostgreSQL): recorded
// one by one or by CSV import (dry run, all-or-nothing, skip invalid), checked against the labour-law
// rules, and feeding the contract alerts, renewal and the employee's probation end.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, adminClient, backends, importEmployees, shanghaiDate, twoFixedTerms, userClient } from '../harness.mjs';

for (const backend of backends()) {
  describe(`existing labour contracts on ${backend}`, () => {
    let server, admin, hr, hm, dept;

    const contractsOf = async (employeeId) => (await hr.get(`/api/v1/labour-contracts?employee_id=${employeeId}`)).json.items;
    const openAlertsFor = async (contractId) =>
      (await hr.get('/api/v1/hiring-alerts?status=open&limit=200')).json.items.filter((a) => a.subject_type === 'labour_contract' && a.subject_id === contractId);

    before(async () => {
      server = await startServer({ db: backend });
      admin = await adminClient(server);
      dept = (await admin.post('/api/v1/departments', { name: 'Contracts', code: 'LCON' })).json;
      hr = await userClient(server, admin, 'lc_hr', 'hr');
      hm = await userClient(server, admin, 'lc_hm', 'hiring_manager', { department_id: dept.id });
    });
    after(async () => { await server?.stop(); });

    test('recording an existing contract: validation, roles, overlap and order', async () => {
      const { C001: e } = await importEmployees(hr, [['C001', '赵敏', '2021-01-01']]);
      const base = { employee_id: e.id, contract_type: 'fixed', start_date: '2021-01-01', end_date: '2023-12-31', probation_end: '2021-06-30',
        signed_on: '2020-12-20', monthly_salary: '12000', city: 'shanghai', note: 'paper contract in the file room' };
      assert.equal((await hm.post('/api/v1/labour-contracts', base)).status, 403, 'HR and admin only');
      const cases = [
        [{ employee_id: undefined }, 'employee_id'],
        [{ employee_id: 999999 }, 'employee_id'],
        [{ contract_type: 'task' }, 'contract_type'],
        [{ end_date: undefined }, 'end_date'],
        [{ end_date: '2020-12-31' }, 'end_date'],
        [{ contract_type: 'open_ended' }, 'end_date'],
        [{ start_date: '2021-02-30' }, 'start_date'],
        [{ probation_end: '2020-12-01' }, 'probation_end'],
        [{ probation_end: '2021-07-01' }, 'probation_end'],  // 7 months: more than 6 for a 3-year term
        [{ end_date: '2021-12-31', probation_end: '2021-03-31' }, 'probation_end'],  // 1 year: at most 2 months
        [{ end_date: '2021-02-28', probation_end: '2021-01-15' }, 'probation_end'],  // below 3 months: none
        [{ signed_on: shanghaiDate(5) }, 'signed_on'],
        [{ signed_on: undefined }, 'signed_on'],
        [{ monthly_salary: undefined }, 'monthly_salary'],  // no compensation record to take it from
        [{ monthly_salary: '0' }, 'monthly_salary'],
        [{ probation_salary: '9000' }, 'probation_salary'],  // below 80% of 12000 (劳动合同法第20条)
        [{ unknown: 1 }, 'unknown'],
      ];
      for (const [patch, field] of cases) {
        const r = await hr.post('/api/v1/labour-contracts', { ...base, ...patch });
        assert.equal(r.status, 422, `${JSON.stringify(patch)}: ${r.text}`);
        assert.equal(r.json.field, field, JSON.stringify(patch));
      }
      const k1 = await hr.post('/api/v1/labour-contracts', base);
      assert.equal(k1.status, 201, k1.text);
      assert.equal(k1.json.term_months, 36);
      assert.equal(k1.json.probation_months, 6);
      assert.equal(k1.json.fixed_term_sequence, 1);
      assert.equal(k1.json.status, 'signed');
      assert.equal(k1.json.signed_on, '2020-12-20');
      assert.equal(k1.json.monthly_salary, '12000.00');
      const overlap = await hr.post('/api/v1/labour-contracts', { ...base, start_date: '2023-06-01', end_date: '2024-05-31', probation_end: null });
      assert.equal(overlap.status, 409);
      assert.equal(overlap.json.code, 'contract_overlap');
      assert.equal(overlap.json.field, 'start_date');
      const earlier = await hr.post('/api/v1/labour-contracts', { ...base, start_date: '2019-01-01', end_date: '2019-12-31', probation_end: null, signed_on: '2019-01-01' });
      assert.equal(earlier.status, 409);
      assert.equal(earlier.json.code, 'contract_out_of_order');
      // A second probation with the same employer is unlawful (劳动合同法第19条第2款).
      const repeat = await hr.post('/api/v1/labour-contracts', { ...base, start_date: '2024-01-01', end_date: '2026-12-31', probation_end: '2024-01-31', signed_on: '2023-12-15' });
      assert.equal(repeat.status, 422);
      assert.equal(repeat.json.field, 'probation_end');
      assert.match(repeat.json.detail, /already had a probation/);
      // fixed_term_sequence is only for the first contract on record.
      const seq = await hr.post('/api/v1/labour-contracts', { ...base, start_date: '2024-01-01', end_date: '2026-12-31', probation_end: null, fixed_term_sequence: 3 });
      assert.equal(seq.status, 422);
      assert.equal(seq.json.field, 'fixed_term_sequence');
      const audit = (await admin.get(`/api/v1/audit?entity=labour_contract&entity_id=${k1.json.id}`)).json.items;
      assert.ok(audit.some((a) => a.action === 'record' && a.after.note === 'paper contract in the file room' && a.after.employee_id === e.id), JSON.stringify(audit));
    });

    test('recorded contracts feed the alerts (fixed term ending, open-ended due) and renewal', async () => {
      const { C002: e } = await importEmployees(hr, [['C002', '钱进', '2020-03-01']]);
      const ending = shanghaiDate(20);
      const [k1, k2] = await twoFixedTerms(hr, e.id, ending);
      assert.equal(k2.json.fixed_term_sequence, 2, 'the second consecutive fixed term');
      assert.equal(k2.json.previous_contract_id, k1.json.id);
      const chain = await contractsOf(e.id);
      assert.deepEqual(chain.map((k) => [k.id, k.status]), [[k2.json.id, 'signed'], [k1.json.id, 'renewed']]);

      const scan = await hr.post('/api/v1/hiring-alerts/scan');
      assert.equal(scan.status, 200, scan.text);
      const kinds = (await openAlertsFor(k2.json.id)).map((a) => a.kind).sort();
      assert.deepEqual(kinds, ['fixed_term_ending', 'open_ended_due']);
      const alert = (await openAlertsFor(k2.json.id)).find((a) => a.kind === 'fixed_term_ending');
      assert.equal(alert.due_on, ending);
      assert.equal(alert.employee_id, e.id);
      assert.deepEqual(await openAlertsFor(k1.json.id), [], 'the superseded contract raises nothing');

      // Renewal of a recorded contract: open-ended (劳动合同法第14条); the alerts resolve.
      const renewed = await hr.post(`/api/v1/labour-contracts/${k2.json.id}/renew`, { contract_type: 'open_ended', version: chain[0].version });
      assert.equal(renewed.status, 201, renewed.text);
      await hr.post('/api/v1/hiring-alerts/scan');
      assert.deepEqual(await openAlertsFor(k2.json.id), []);
      assert.deepEqual(await openAlertsFor(renewed.json.id), []);

      // The salary and city come from the compensation record when the contract does not say.
      const { C003: e3 } = await importEmployees(hr, [['C003', '孙丽', '2024-01-01']]);
      const comp = await hr.post(`/api/v1/payroll/employees/${e3.id}/compensation`, { effective_from: '2024-01-01', monthly_salary: '20000', city: 'beijing' });
      assert.equal(comp.status, 201, comp.text);
      const k = await hr.post('/api/v1/labour-contracts', { employee_id: e3.id, contract_type: 'open_ended', start_date: '2024-01-01',
        probation_end: '2024-06-30', signed_on: '2024-01-01' });
      assert.equal(k.status, 201, k.text);
      assert.equal(k.json.monthly_salary, '20000.00');
      assert.equal(k.json.city, 'beijing');
      assert.equal(k.json.end_date, null);
      assert.equal(k.json.probation_months, 6);
      assert.equal(k.json.employee_probation_end_set, false, 'a probation over long ago is not the employee\'s probation');
    });

    test('a recorded contract whose probation still runs gives the employee the probation end the reviews open from', async () => {
      const start = shanghaiDate(-30);
      const { C020: running, C021: preset } = await importEmployees(hr, [['C020', '周试用', start], ['C021', '吴已设', start]]);
      const contract = (employee_id) => ({ employee_id, contract_type: 'fixed', start_date: start, end_date: shanghaiDate(700),
        probation_end: shanghaiDate(20), signed_on: start, monthly_salary: '10000', city: 'shanghai' });
      const k = await hr.post('/api/v1/labour-contracts', contract(running.id));
      assert.equal(k.status, 201, k.text);
      assert.equal(k.json.employee_probation_end_set, true);
      // HR's own date is kept.
      assert.equal((await hr.put(`/api/v1/performance/employees/${preset.id}/probation-end`, { probation_end: shanghaiDate(60) })).status, 200);
      const k2 = await hr.post('/api/v1/labour-contracts', contract(preset.id));
      assert.equal(k2.status, 201, k2.text);
      assert.equal(k2.json.employee_probation_end_set, false);
      // The review opens from the recorded date for the first, not yet for the second (its end is 60 days out).
      const opened = await hr.post('/api/v1/performance/probation-reviews/open', { as_of: shanghaiDate(10), days_ahead: 14 });
      assert.equal(opened.status, 200, opened.text);
      const ids = opened.json.opened.map((o) => o.employee_id);
      assert.ok(ids.includes(running.id), JSON.stringify(opened.json));
      assert.ok(!ids.includes(preset.id));
    });

    test('CSV import of existing contracts: dry run, all-or-nothing, skip invalid, chains within the file', async () => {
      const emps = await importEmployees(hr, [['C010', 'Chen Yu', '2022-01-01'], ['C011', 'Zhou Li', '2022-06-01']]);
      const csv = [
        'employee_no,contract_type,start_date,end_date,probation_end,signed_on,monthly_salary,city,note',
        'C010,fixed,2022-01-01,2024-12-31,2022-03-31,2021-12-28,11000,hangzhou,first',
        'C010,fixed,2025-01-01,2027-12-31,,2024-12-20,12000,hangzhou,second',
        'C011,fixed,2022-06-01,2023-05-31,2022-09-30,2022-06-01,9000,hangzhou,too long a probation',
        'C999,open_ended,2022-01-01,,,2022-01-01,9000,,no such employee',
      ].join('\n') + '\n';
      const post = (q) => hr.post(`/api/v1/labour-contracts/import${q}`, csv, { raw: true, headers: { 'content-type': 'text/csv' } });
      assert.equal((await hm.post('/api/v1/labour-contracts/import', csv, { raw: true, headers: { 'content-type': 'text/csv' } })).status, 403);
      const dry = await post('');
      assert.equal(dry.status, 200, dry.text);
      assert.equal(dry.json.dry_run, true);
      assert.equal(dry.json.total_rows, 4);
      assert.equal(dry.json.valid_rows, 2, 'the second C010 row sees the first');
      assert.equal(dry.json.imported, 0);
      assert.deepEqual(dry.json.problems.map((p) => [p.row, p.field]), [[3, 'probation_end'], [4, 'employee_no']]);
      assert.deepEqual(await contractsOf(emps.C010.id), [], 'a dry run writes nothing');
      const refused = await post('?dry_run=false');
      assert.equal(refused.status, 422);
      assert.equal(refused.json.code, 'import_invalid');
      assert.equal(refused.json.report.refused, true);
      assert.deepEqual(await contractsOf(emps.C010.id), [], 'all-or-nothing');
      const done = await post('?dry_run=false&skip_invalid=true');
      assert.equal(done.status, 200, done.text);
      assert.equal(done.json.imported, 2);
      const chain = await contractsOf(emps.C010.id);
      assert.deepEqual(chain.map((k) => [k.start_date, k.fixed_term_sequence, k.status]), [['2025-01-01', 2, 'signed'], ['2022-01-01', 1, 'renewed']]);
      assert.deepEqual(await contractsOf(emps.C011.id), []);
      const header = await hr.post('/api/v1/labour-contracts/import', 'employee_no,colour\nG010,red\n', { raw: true, headers: { 'content-type': 'text/csv' } });
      assert.equal(header.status, 422);
      assert.equal(header.json.field, 'header');
    });
  });
}
