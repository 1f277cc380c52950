// Compensation planning API against the real binary, on SQLite and on PostgreSQL: salary bands
// (effective dating, overlaps refused, CSV import), market data import (bad rows reported, history
// kept), offer pricing (every tier boundary of the default mapping, expected salary against market P75,
// hiring-manager scope), city rule overrides changing a run's contributions from their effective date,
// and the payslip PDF (Chinese line names and net pay; only the employee and HR).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, adminClient, backends, userClient } from '../harness.mjs';

const CSV = { raw: true, headers: { 'content-type': 'text/csv' } };
const TODAY = new Date().toISOString().slice(0, 10);

// The interview module's scored total is this module's input: the boundary tests set it directly in
// the interviews table (a real interview cannot be steered to exactly 89.9 or 90).
function setInterviewTotal(backend, server, applicationId, total) {
  const now = new Date().toISOString();
  const sql = `INSERT INTO interviews(application_id, token_hash, status, language, deadline, expires_at, invited_at, updated_at, total_score)
    VALUES (${applicationId}, 'test-${applicationId}', 'scored', 'en', '${now}', '${now}', '${now}', '${now}', ${total})
    ON CONFLICT (application_id) DO UPDATE SET total_score = ${total};`;
  if (backend === 'sqlite') execFileSync('sqlite3', ['-cmd', '.timeout 5000', join(server.dir, 'hireflow.db'), sql]);
  else execFileSync('psql', ['-q', '-v', 'ON_ERROR_STOP=1', process.env.HIREFLOW_TEST_PG_URL, '-c', sql]);
}

async function pdfOf(client, server, id) {
  const res = await fetch(`${server.base}/api/v1/payroll/payslips/${id}/pdf`, { headers: { cookie: client.cookieHeader() } });
  return { status: res.status, type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
}

function pdfText(buf) {
  const dir = mkdtempSync(join(tmpdir(), 'payslip-pdf-'));
  try {
    writeFileSync(join(dir, 'p.pdf'), buf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'p.pdf'), '-'], { encoding: 'utf8' });
  } finally { rmSync(dir, { recursive: true, force: true }); }
}

for (const backend of backends()) {
  describe(`compensation API on ${backend}`, () => {
    let server, admin, hr, manager, outsider, interviewer, me, other;
    let rd, ops, position, g5, g6, plan, app, appNoInterview, staff, colleague;

    before(async () => {
      server = await startServer({ db: backend });
      admin = await adminClient(server);
      rd = (await admin.post('/api/v1/departments', { name: '研发部', code: 'RD' })).json;
      ops = (await admin.post('/api/v1/departments', { name: '运营部', code: 'OPS' })).json;
      position = (await admin.post('/api/v1/positions', { title: 'Backend Engineer', code: 'BE-T', department_id: rd.id })).json;
      g5 = (await admin.post('/api/v1/grades', { code: 'G5', name: 'Senior', level: 5 })).json;
      g6 = (await admin.post('/api/v1/grades', { code: 'G6', name: 'Staff', level: 6 })).json;
      assert.ok(position.id && g5.id && g6.id, 'org records');
      staff = (await admin.post('/api/v1/employees', { employee_no: 'C001', name: '王芳', hire_date: '2023-03-01',
        department_id: rd.id, bank_account: '6222020200112233' })).json;
      colleague = (await admin.post('/api/v1/employees', { employee_no: 'C002', name: '赵磊', hire_date: '2023-03-01',
        department_id: rd.id })).json;
      hr = await userClient(server, admin, 'comp_hr', 'hr');
      manager = await userClient(server, admin, 'comp_manager', 'hiring_manager', { department_id: rd.id });
      outsider = await userClient(server, admin, 'comp_outsider', 'hiring_manager', { department_id: ops.id });
      interviewer = await userClient(server, admin, 'comp_interviewer', 'interviewer', { department_id: rd.id });
      me = await userClient(server, admin, 'comp_me', 'employee', { employee_id: staff.id });
      other = await userClient(server, admin, 'comp_other', 'employee', { employee_id: colleague.id });
      const r = await hr.post('/api/v1/requisitions', { title: 'Backend Engineer (payments)', department_id: rd.id,
        position_id: position.id, headcount: 2, location: 'Hangzhou' });
      assert.equal(r.status, 201, r.text);
      plan = (await hr.post(`/api/v1/requisitions/${r.json.id}/transition`, { to: 'open', version: r.json.version })).json;
      const c1 = (await hr.post('/api/v1/candidates', { name: 'Offer Candidate', email: 'offer1@example.com' })).json;
      const c2 = (await hr.post('/api/v1/candidates', { name: 'No Interview', email: 'offer2@example.com' })).json;
      const a1 = await hr.post('/api/v1/applications', { candidate_id: c1.id, requisition_id: plan.id });
      assert.equal(a1.status, 201, a1.text);
      app = a1.json;
      appNoInterview = (await hr.post('/api/v1/applications', { candidate_id: c2.id, requisition_id: plan.id })).json;
    });
    after(async () => { await server?.stop(); });

    test('salary bands are effective-dated: overlaps refused, an open band closed by its successor, history kept', async () => {
      const base = { position_id: position.id, grade_id: g5.id };
      const first = await hr.post('/api/v1/payroll/bands', { ...base, effective_from: '2025-01-01', min_salary: '9000', mid_salary: '11000', max_salary: '13000' });
      assert.equal(first.status, 201, first.text);
      assert.equal(first.json.effective_to, null);
      const bad = await hr.post('/api/v1/payroll/bands', { ...base, effective_from: '2026-01-01', min_salary: '15000', max_salary: '10000' });
      assert.equal(bad.status, 422);
      assert.equal(bad.json.field, 'max_salary');
      const next = await hr.post('/api/v1/payroll/bands', { ...base, effective_from: '2026-01-01', min_salary: '10000', max_salary: '15000' });
      assert.equal(next.status, 201, next.text);
      assert.equal(next.json.mid_salary, '12500.00', 'the midpoint defaults to half way');
      const list = (await hr.get(`/api/v1/payroll/bands?position_id=${position.id}&grade_id=${g5.id}`)).json;
      assert.deepEqual(list.items.map((b) => [b.effective_from, b.effective_to]), [['2026-01-01', null], ['2025-01-01', '2025-12-31']]);
      const overlap = await hr.post('/api/v1/payroll/bands', { ...base, effective_from: '2025-06-01', effective_to: '2025-08-31', min_salary: '1', max_salary: '2' });
      assert.equal(overlap.status, 409);
      assert.equal(overlap.json.code, 'band_overlap');
      assert.equal(overlap.json.field, 'effective_from');
      const onOld = (await hr.get(`/api/v1/payroll/bands?position_id=${position.id}&on=2025-06-01`)).json.items;
      assert.deepEqual(onOld.map((b) => b.max_salary), ['13000.00']);
      const onNew = (await hr.get(`/api/v1/payroll/bands?position_id=${position.id}&on=${TODAY}`)).json.items;
      assert.deepEqual(onNew.map((b) => b.max_salary), ['15000.00']);
      // Moving the old band into the new one's period is an overlap too.
      const old = list.items[1];
      const moved = await hr.patch(`/api/v1/payroll/bands/${old.id}`, { effective_to: '2026-02-28', version: old.version });
      assert.equal(moved.status, 409);
      const stale = await hr.patch(`/api/v1/payroll/bands/${old.id}`, { note: 'x', version: old.version - 1 });
      assert.equal(stale.status, 409);
      assert.equal(stale.json.code, 'version_conflict');
      for (const c of [manager, interviewer, me]) assert.equal((await c.get('/api/v1/payroll/bands')).status, 403);
    });

    test('band CSV import: a dry run reports each bad row; a commit is all-or-nothing unless skipping', async () => {
      const csv = 'position,grade,effective_from,min_salary,mid_salary,max_salary\n' +
        'BE-T,G6,2026-01-01,14000,,20000\n' +
        'Nonexistent,G6,2026-01-01,1,,2\n' +
        'Backend Engineer,G5,2024-06-01,1,,2\n' +   // open-ended from before the closed 2025 band: overlaps it
        'BE-T,G6,2026-06-01,300,,200\n';
      const dry = await hr.post('/api/v1/payroll/bands/import', csv, CSV);
      assert.equal(dry.status, 200, dry.text);
      assert.equal(dry.json.total_rows, 4);
      assert.deepEqual(dry.json.problems.map((p) => [p.row, p.field]), [[2, 'position'], [3, 'effective_from'], [4, 'max_salary']]);
      assert.equal((await hr.get(`/api/v1/payroll/bands?grade_id=${g6.id}`)).json.total, 0, 'a dry run writes nothing');
      const refused = await hr.post('/api/v1/payroll/bands/import?dry_run=false', csv, CSV);
      assert.equal(refused.status, 422);
      const clean = 'position,grade,effective_from,min_salary,max_salary\nBE-T,G6,2026-01-01,14000,20000\n';
      const ok = await hr.post('/api/v1/payroll/bands/import?dry_run=false', clean, CSV);
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.json.imported, 1);
      const dup = await hr.post('/api/v1/payroll/bands/import', clean, CSV);
      assert.equal(dup.json.problems[0].field, 'effective_from', 'the same band again overlaps');
    });

    test('market data import: bad rows reported by row and field, history kept, same date replaced', async () => {
      const csv = 'position,city,p25,p50,p75,p90,as_of,source\n' +
        `Backend Engineer,杭州,11000,12000,13500,16000,${TODAY},survey-a\n` +
        'Backend Engineer,Hangzhou,11000,12000,11500,16000,2025-01-01,survey-a\n' +
        'Backend Engineer,Hangzhou,,,,,2025-01-01,survey-a\n' +
        'Backend Engineer,Hangzhou,9000,10000,11000,12000,2025-13-01,survey-a\n' +
        'Data Analyst,Shanghai,8000,9000,,,2025-06-30,\n';
      const dry = await hr.post('/api/v1/payroll/market/import', csv, CSV);
      assert.equal(dry.status, 200, dry.text);
      assert.deepEqual(dry.json.problems.map((p) => [p.row, p.field]), [[2, 'p75'], [3, 'p50'], [4, 'as_of']]);
      assert.equal(dry.json.valid_rows, 2);
      const refused = await hr.post('/api/v1/payroll/market/import?dry_run=false', csv, CSV);
      assert.equal(refused.status, 422);
      assert.equal((await hr.get('/api/v1/payroll/market')).json.total, 0);
      const some = await hr.post('/api/v1/payroll/market/import?dry_run=false&skip_invalid=true', csv, CSV);
      assert.equal(some.json.imported, 2);
      const older = `position,city,p25,p50,p75,p90,as_of\nBackend Engineer,hangzhou,10000,11000,12500,15000,2025-06-30\n`;
      assert.equal((await hr.post('/api/v1/payroll/market/import?dry_run=false', older, CSV)).json.imported, 1);
      const history = (await hr.get('/api/v1/payroll/market?position=backend&city=hangzhou')).json;
      assert.deepEqual(history.items.map((m) => [m.as_of, m.p75]), [[TODAY, '13500.00'], ['2025-06-30', '12500.00']]);
      assert.equal(history.items[0].city, 'hangzhou', 'Chinese city names are normalised');
      const latest = (await hr.get('/api/v1/payroll/market?position=backend&latest=true')).json;
      assert.equal(latest.total, 1);
      const again = await hr.post('/api/v1/payroll/market/import?dry_run=false', older, CSV);
      assert.equal(again.json.replaced, 1);
      assert.equal((await hr.get('/api/v1/payroll/market?position=backend')).json.total, 2, 'the same date is replaced, not added');
      for (const c of [manager, me]) assert.equal((await c.get('/api/v1/payroll/market')).status, 403);
    });

    test('offer pricing: each boundary of the default mapping places the offer in the band', async () => {
      // Band G5 in force today: 10,000 / 12,500 / 15,000 (piecewise through the midpoint).
      const cases = [[90, 100, '15000.00'], [89.9, 75, '13800.00'], [80, 75, '13800.00'], [79.9, 50, '12500.00'],
        [70, 50, '12500.00'], [69.9, 25, '11300.00'], [60, 25, '11300.00'], [59.9, 0, '10000.00'], [0, 0, '10000.00']];
      for (const [total, pct, point] of cases) {
        setInterviewTotal(backend, server, app.id, total);
        const r = await hr.post('/api/v1/payroll/offer-pricing', { application_id: app.id, grade_id: g5.id });
        assert.equal(r.status, 200, r.text);
        assert.equal(r.json.interview_total, total);
        assert.equal(r.json.position_in_band.pct, pct, `total ${total}`);
        assert.equal(r.json.suggestion.point, point, `total ${total}`);
        assert.equal(r.json.band.grade_code, 'G5');
        assert.equal(r.json.band.max, '15000.00');
      }
      const none = await hr.post('/api/v1/payroll/offer-pricing', { application_id: appNoInterview.id, grade_id: g5.id });
      assert.equal(none.json.interview_total, null);
      assert.equal(none.json.position_in_band.pct, 50);
      assert.equal(none.json.suggestion.point, '12500.00');
    });

    test('offer pricing: an expected salary above market P75 gives the reason line and a range; structure by grade', async () => {
      setInterviewTotal(backend, server, app.id, 85);
      const r = await manager.post('/api/v1/payroll/offer-pricing', { application_id: app.id, grade_id: g5.id, expected_monthly_salary: 15000 });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.market.p75, '13500.00');
      assert.equal(r.json.city, 'hangzhou', 'the plan\'s location');
      assert.deepEqual(r.json.suggestion, { min: '13000.00', max: '14500.00', point: '13800.00' });
      const en = r.json.reasons.map((x) => x.en);
      const zh = r.json.reasons.map((x) => x.zh);
      assert.ok(en.includes('expected 15K is above market P75 13.5K; suggest 13K–14.5K'), en.join('\n'));
      assert.ok(zh.includes('期望 15K 高于市场 P75 13.5K；建议 13K–14.5K'), zh.join('\n'));
      assert.deepEqual([r.json.structure.base_share, r.json.structure.bonus_share], [85, 15]);
      assert.ok(en.some((l) => l.startsWith('Grade level 5 (≥ 5): 85% base, 15% performance bonus')), en.join('\n'));
      // Within the range: meet the ask.
      const within = await hr.post('/api/v1/payroll/offer-pricing', { application_id: app.id, grade_id: g5.id, expected_monthly_salary: '14000' });
      assert.equal(within.json.suggestion.point, '14000.00');
      // Validation, scope and roles.
      const bad = await hr.post('/api/v1/payroll/offer-pricing', { application_id: app.id, expected_monthly_salary: -1 });
      assert.equal(bad.status, 422);
      assert.equal(bad.json.field, 'expected_monthly_salary');
      assert.equal((await hr.post('/api/v1/payroll/offer-pricing', {})).json.field, 'application_id');
      assert.equal((await outsider.post('/api/v1/payroll/offer-pricing', { application_id: app.id })).status, 404);
      for (const c of [interviewer, me]) assert.equal((await c.post('/api/v1/payroll/offer-pricing', { application_id: app.id })).status, 403);
    });

    test('offer pricing rules are an editable table with effective history', async () => {
      const cur = await manager.get('/api/v1/payroll/offer-pricing/rules');
      assert.equal(cur.status, 200);
      assert.equal(cur.json.current.builtin, true);
      assert.deepEqual(cur.json.current.tiers.map((t) => [t.min_total, t.position_pct]), [[90, 100], [80, 75], [70, 50], [60, 25], [0, 0]]);
      assert.equal((await manager.post('/api/v1/payroll/offer-pricing/rules', {})).status, 403);
      const bad = await hr.post('/api/v1/payroll/offer-pricing/rules', { effective_from: TODAY,
        tiers: [{ min_total: 90, position_pct: 100 }], structure: [{ min_grade_level: 0, bonus_share_pct: 10 }] });
      assert.equal(bad.status, 422);
      assert.equal(bad.json.field, 'tiers');
      const saved = await hr.post('/api/v1/payroll/offer-pricing/rules', { effective_from: TODAY,
        tiers: [{ min_total: 85, position_pct: 90 }, { min_total: 0, position_pct: 40 }],
        structure: [{ min_grade_level: 0, bonus_share_pct: 20 }] });
      assert.equal(saved.status, 201, saved.text);
      setInterviewTotal(backend, server, app.id, 85);
      const r = (await hr.post('/api/v1/payroll/offer-pricing', { application_id: app.id, grade_id: g5.id })).json;
      assert.equal(r.position_in_band.pct, 90);
      assert.equal(r.structure.bonus_share, 20);
      const after = (await hr.get('/api/v1/payroll/offer-pricing/rules')).json;
      assert.equal(after.current.id, saved.json.id);
      assert.equal(after.history.length, 1);
      const twice = await hr.post('/api/v1/payroll/offer-pricing/rules', { effective_from: TODAY,
        tiers: [{ min_total: 0, position_pct: 50 }], structure: [{ min_grade_level: 0, bonus_share_pct: 0 }] });
      assert.equal(twice.status, 409);
    });

    test('a city rule override changes a run\'s contributions from its effective date only', async () => {
      const comp = await hr.post(`/api/v1/payroll/employees/${staff.id}/compensation`, { effective_from: '2025-07-01',
        monthly_salary: '20000', city: 'beijing', social_insurance_base: '20000', housing_fund_rate: 12 });
      assert.equal(comp.status, 201, comp.text);
      const draft = (await hr.post('/api/v1/payroll/runs', { period: '2025-09' })).json;
      // Validation: named fields.
      const capBelow = await hr.post('/api/v1/payroll/city-rules/overrides', { city: 'beijing', scheme: 'pension', effective_from: '2025-09-01', base_cap: '5000' });
      assert.equal(capBelow.status, 422);
      assert.equal(capBelow.json.field, 'base_cap');
      const hf = await hr.post('/api/v1/payroll/city-rules/overrides', { city: 'beijing', scheme: 'housing_fund', effective_from: '2025-09-01', employee_rate: 13 });
      assert.equal(hf.json.field, 'employee_rate');
      const mat = await hr.post('/api/v1/payroll/city-rules/overrides', { city: 'beijing', scheme: 'maternity', effective_from: '2025-09-01', employer_rate: 1 });
      assert.equal(mat.json.field, 'scheme');
      assert.equal((await manager.post('/api/v1/payroll/city-rules/overrides', {})).status, 403);
      const o = await hr.post('/api/v1/payroll/city-rules/overrides', { city: '北京', scheme: 'pension', effective_from: '2025-09-01', employee_rate: 9, note: 'test' });
      assert.equal(o.status, 201, o.text);
      assert.equal(o.json.city, 'beijing');
      assert.equal(o.json.employee_rate, 9);
      assert.equal((await hr.get(`/api/v1/payroll/runs/${draft.id}`)).json.stale, true, 'a draft computed before the override is stale');
      const aug = (await hr.post('/api/v1/payroll/runs', { period: '2025-08' })).json;
      const re = (await hr.post(`/api/v1/payroll/runs/${draft.id}/recalculate`, { version: draft.version })).json;
      assert.equal(re.stale, false);
      const pension = async (runId) => {
        const s = (await hr.get(`/api/v1/payroll/runs/${runId}/payslips?q=C001`)).json.items[0];
        return (await hr.get(`/api/v1/payroll/payslips/${s.id}`)).json.lines.find((l) => l.code === 'pension_employee').amount;
      };
      assert.equal(await pension(aug.id), '1600.00', 'August: the built-in 8%');
      assert.equal(await pension(draft.id), '1800.00', 'September: the override\'s 9%');
      // The offer calculator applies the override from its month too.
      const preview = async (month) => (await manager.post('/api/v1/payroll/preview', { monthly_salary: '20000', city: 'beijing', month })).json;
      const before = await preview('2025-08'), after = await preview('2025-09');
      assert.equal(before.contributions.schemes.pension.employee, '1600.00');
      assert.equal(before.city_rule_overrides, false);
      assert.equal(after.contributions.schemes.pension.employee, '1800.00');
      assert.equal(after.city_rule_overrides, true);
      assert.equal(after.lines.find((l) => l.code === 'pension_employee').amount, '1800.00');
      assert.equal(Number(before.net_pay) - Number(after.net_pay) > 0, true, 'a higher employee rate lowers the net pay');
      const rules = (await hr.get('/api/v1/payroll/city-rules')).json.cities.find((c) => c.city === 'beijing');
      assert.equal(rules.overrides.length, 1);
      assert.ok(rules.versions.length >= 2);
      assert.equal(rules.in_force.schemes.pension.employee_rate, 9);
      const audit = (await admin.get('/api/v1/audit?entity=city_rule_override')).json;
      assert.ok((audit.items || []).some((e) => e.action === 'create'), 'audited');
      await hr.del(`/api/v1/payroll/runs/${draft.id}`);
      // The August run, approved, gives the employee a payslip for the PDF test.
      const ok = await hr.post(`/api/v1/payroll/runs/${aug.id}/approve`, { version: aug.version });
      assert.equal(ok.status, 200, ok.text);
    });

    test('employee CSV import (batched inserts, statement-level count trigger on PostgreSQL) keeps the list total exact', async () => {
      const total = async () => (await admin.get('/api/v1/employees?limit=1')).json.total;
      const before = await total();
      // Rows with different optional cells are inserted in separate statements; all of them count.
      const csv = 'employee_no,name,hire_date,email,bank_account\nIMP1,甲,2024-01-01,imp1@example.com,6222000011112222\n' +
        'IMP2,乙,2024-01-01,,\nIMP3,丙,2024-01-01,imp3@example.com,\nIMP4,丁,2024-01-01,,\n';
      const r = await admin.post('/api/v1/employees/import?dry_run=false', csv, CSV);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.imported, 4);
      assert.equal(await total(), before + 4);
      const again = await admin.post('/api/v1/employees/import?dry_run=true', csv, CSV);
      assert.deepEqual(again.json.problems.map((p) => [p.row, p.field]), [[1, 'employee_no'], [2, 'employee_no'], [3, 'employee_no'], [4, 'employee_no']]);
      const list = (await admin.get('/api/v1/employees?q=IMP&limit=10')).json.items;
      assert.equal(list.length, 4);
      const imp2 = list.find((e) => e.employee_no === 'IMP2');
      assert.equal((await admin.del(`/api/v1/employees/${imp2.id}`)).status, 204);
      assert.equal(await total(), before + 3);
    });

    test('payslip PDF: the employee and HR get it with Chinese line names and the net pay; nobody else', async () => {
      const mine = (await me.get('/api/v1/me/payslips')).json.items[0];
      assert.ok(mine, 'the approved August payslip');
      const slip = (await me.get(`/api/v1/payroll/payslips/${mine.id}`)).json;
      const pdf = await pdfOf(me, server, mine.id);
      assert.equal(pdf.status, 200);
      assert.equal(pdf.type, 'application/pdf');
      assert.equal(pdf.body.subarray(0, 5).toString(), '%PDF-');
      const text = pdfText(pdf.body);
      for (const l of slip.lines) assert.ok(text.includes(l.zh), `line ${l.zh} in the PDF`);
      assert.ok(text.includes('实发工资'));
      assert.ok(text.includes(slip.net_pay), `net pay ${slip.net_pay} in the PDF`);
      assert.equal((await pdfOf(hr, server, mine.id)).status, 200);
      assert.equal((await pdfOf(other, server, mine.id)).status, 404);
      assert.equal((await pdfOf(manager, server, mine.id)).status, 403);
      assert.equal((await pdfOf(interviewer, server, mine.id)).status, 403);
    });
  });
}
