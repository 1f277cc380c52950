// Hiring API against the real binary (SQLite and PostgreSQL): decisions with approval steps, offers
// checked against the plan's band, the offer PDF read back with poppler (pdftotext), the e-mail
// received by a real SMTP server, the candidate's link (accept, decline, counter, expiry), background
// checks (manual, failed, and a fake provider over HTTP with HMAC-signed callbacks), the onboarding
// checklist (new hire's form, click-to-sign contract, late tasks), the employee record created with
// every field carried over, the payroll profile job, labour-law alerts, and scoping.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:http';
import { createHmac } from 'node:crypto';
import { startServer, adminClient, Client, backends, freePort, shanghaiDate, userClient, startSmtp, mimeParts } from '../harness.mjs';

const SECRET = 'bgcheck-test-secret';
const ID_NUMBER = '11010519491231002X';  // a valid GB 11643 check character
const BANK = '6222020200112233445';

function pdfText(bytes) {
  const dir = mkdtempSync(join(tmpdir(), 'hf-pdf-'));
  writeFileSync(join(dir, 'a.pdf'), bytes);
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'a.pdf'), '-']).toString();
  rmSync(dir, { recursive: true, force: true });
  return text;
}

async function until(fn, what) {
  for (let i = 0; i < 400; i++) {
    const v = await fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

// A fake background-check provider speaking the documented protocol: verifies the signed request,
// answers 202, then posts one signed callback per item (passed, or failed for kinds in failKinds).
async function startProvider() {
  const port = await freePort();
  const received = [];
  const state = { base: '' };  // where the public callback URL is reachable (the test server)
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', async () => {
      const ts = req.headers['x-hireflow-timestamp'];
      const sig = createHmac('sha256', SECRET).update(`${ts}.${body}`).digest('hex');
      const ok = sig === req.headers['x-hireflow-signature'];
      received.push({ ok, body: JSON.parse(body) });
      res.writeHead(ok ? 202 : 401).end();
      if (!ok) return;
      const reqBody = JSON.parse(body);
      for (const item of reqBody.items) {
        const cb = JSON.stringify({ item_id: item.item_id, status: 'passed', note: `verified ${item.kind}`, reference: `P-${item.item_id}` });
        const t = String(Math.floor(Date.now() / 1000));
        await fetch(state.base + new URL(reqBody.callback_url).pathname, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hireflow-timestamp': t,
          'x-hireflow-signature': createHmac('sha256', SECRET).update(`${t}.${cb}`).digest('hex') }, body: cb });
      }
    });
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${port}/checks`, received, state, stop: () => new Promise((r) => server.close(r)) };
}

for (const backend of backends()) {
  describe(`hiring API on ${backend}`, () => {
    let dataDir, server, smtp, provider, admin, hr, hm, hm2, emp, anon, deptA, deptB, plan, grade, managerEmp, position;
    let seq = 0;

    // A candidate interviewed for the plan: the application id.
    async function interviewed(name) {
      seq += 1;
      const c = await hr.post('/api/v1/candidates', { name, email: `cand${seq}@example.com`, phone: `1390000${String(1000 + seq)}` });
      assert.equal(c.status, 201, c.text);
      const a = await hr.post('/api/v1/applications', { candidate_id: c.json.id, requisition_id: plan.id });
      assert.equal(a.status, 201, a.text);
      for (const to of ['screened', 'interviewed'].filter((s) => s !== a.json.status)) {
        const t = await hr.post(`/api/v1/applications/${a.json.id}/transition`, { to, reason: 'test' });
        assert.equal(t.status, 200, t.text);
      }
      return { appId: a.json.id, candidate: c.json };
    }

    // Decided (HR, so no further approval), offered within the band's lower half, sent: {offer, token}.
    async function sentOffer(name, terms = {}) {
      const { appId, candidate } = await interviewed(name);
      const d = await hr.post(`/api/v1/applications/${appId}/decision`, { decision: 'hire', reason: 'strong interview' });
      assert.equal(d.status, 201, d.text);
      const o = await hr.post(`/api/v1/applications/${appId}/offer`, {
        start_date: shanghaiDate(14), expires_on: shanghaiDate(7), monthly_salary: '22000', probation_months: 3, probation_salary: '18000',
        city: 'shanghai', contract_term_months: 36, bonus: '年终奖 2 个月', benefits: '六险一金', grade_id: grade.id, ...terms,
      });
      assert.equal(o.status, 201, o.text);
      const s = await hr.post(`/api/v1/offers/${o.json.id}/send`);
      assert.equal(s.status, 200, s.text);
      return { appId, candidate, offer: s.json, token: s.json.link.split('/offer/')[1] };
    }

    // Accepted with consent and every check passed by HR: the onboarding id.
    async function onboarded(name, terms) {
      const x = await sentOffer(name, terms);
      const acc = await anon.post(`/api/v1/offer-links/${x.token}/accept`, { background_check_consent: true });
      assert.equal(acc.status, 200, acc.text);
      const off = (await hr.get(`/api/v1/offers/${x.offer.id}`)).json;
      let check = (await hr.get(`/api/v1/background-checks/${off.background_check.id}`)).json;
      for (const item of check.items) {
        const r = await hr.patch(`/api/v1/background-check-items/${item.id}`, { status: 'passed', result_note: 'ok', version: item.version });
        assert.equal(r.status, 200, r.text);
        check = r.json;
      }
      assert.equal(check.status, 'passed');
      const o2 = (await hr.get(`/api/v1/offers/${x.offer.id}`)).json;
      assert.ok(o2.onboarding, 'onboarding created when the checks pass');
      const link = await hr.post(`/api/v1/onboardings/${o2.onboarding.id}/link`);
      assert.equal(link.status, 200, link.text);
      return { ...x, onboardingId: o2.onboarding.id, formToken: link.json.link.split('/onboarding/')[1] };
    }

    // Onboarded, form filled, contract signed and every required task done: {employeeId, contract, ...}.
    async function hired(name, terms) {
      const x = await onboarded(name, terms);
      const form = await anon.put(`/api/v1/onboarding-links/${x.formToken}/form`, { id_number: ID_NUMBER, bank_name: '招商银行',
        bank_account: BANK, emergency_contact: { name: '联系人', phone: '13800000000', relation: '配偶' } });
      assert.equal(form.status, 200, form.text);
      const signed = await anon.post(`/api/v1/onboarding-links/${x.formToken}/contract/sign`, { full_name: name, agree: true });
      assert.equal(signed.status, 200, signed.text);
      let onb = (await hr.get(`/api/v1/onboardings/${x.onboardingId}`)).json;
      for (const t of onb.tasks.filter((k) => k.status === 'open' && k.required)) {
        const r = await admin.post(`/api/v1/onboarding-tasks/${t.id}/complete`, { version: t.version });
        assert.equal(r.status, 200, r.text);
        onb = r.json;
      }
      assert.ok(onb.employee_id, 'employee created');
      return { ...x, employeeId: onb.employee_id, contract: onb.contract };
    }

    before(async () => {
      smtp = await startSmtp();
      provider = await startProvider();
      dataDir = mkdtempSync(join(tmpdir(), 'hf-hiring-'));
      server = await startServer({ db: backend, dataDir, extraArgs: ['--public-url', 'https://jobs.example.com'],
        env: { HIREFLOW_SMTP_URL: smtp.url, HIREFLOW_MAIL_FROM: 'HireFlow <hr@example.com>', HIREFLOW_BGCHECK_URL: provider.url,
          HIREFLOW_BGCHECK_SECRET: SECRET } });
      provider.state.base = server.base;
      admin = await adminClient(server);
      anon = new Client(server.base);
      deptA = (await admin.post('/api/v1/departments', { name: '研发部', code: 'HRD' })).json;
      deptB = (await admin.post('/api/v1/departments', { name: 'Sales', code: 'HSALES' })).json;
      grade = (await admin.post('/api/v1/grades', { code: 'P6', name: 'Senior' })).json;
      position = (await admin.post('/api/v1/positions', { title: '后端工程师', code: 'BE' })).json;
      managerEmp = (await admin.post('/api/v1/employees', { employee_no: 'M001', name: '王经理', department_id: deptA.id, hire_date: '2020-01-01' })).json;
      hr = await userClient(server, admin, 'h_hr', 'hr');
      hm = await userClient(server, admin, 'h_hm', 'hiring_manager', { department_id: deptA.id, employee_id: managerEmp.id });
      hm2 = await userClient(server, admin, 'h_hm2', 'hiring_manager', { department_id: deptB.id });
      emp = await userClient(server, admin, 'h_emp', 'employee');
      const r = await hm.post('/api/v1/requisitions', { title: '后端工程师', department_id: deptA.id, position_id: position.id, headcount: 10,
        location: '上海', salary_min: '20000', salary_max: '30000' });
      assert.equal(r.status, 201, r.text);
      const ok = await hr.post(`/api/v1/requisitions/${r.json.id}/transition`, { to: 'open', version: r.json.version });
      assert.equal(ok.status, 200, ok.text);
      plan = ok.json;
    });
    after(async () => { await server?.stop(); smtp?.stop(); await provider?.stop(); rmSync(dataDir, { recursive: true, force: true }); });

    test('decision: the hiring manager decides, HR approves the step, the application moves to offer; all audited', async () => {
      const { appId } = await interviewed('李决定');
      const noReason = await hm.post(`/api/v1/applications/${appId}/decision`, { decision: 'hire' });
      assert.equal(noReason.status, 422);
      assert.equal(noReason.json.field, 'reason');
      assert.equal((await hm2.post(`/api/v1/applications/${appId}/decision`, { decision: 'hire', reason: 'x' })).status, 404, 'other department');
      assert.equal((await emp.get(`/api/v1/applications/${appId}/decision`)).status, 403);
      const d = await hm.post(`/api/v1/applications/${appId}/decision`, { decision: 'hire', reason: '技术扎实，沟通清楚' });
      assert.equal(d.status, 201, d.text);
      assert.equal(d.json.decisions[0].status, 'pending_approval');
      assert.equal(d.json.decisions[0].approvals[0].role, 'hr');
      const early = await hm.post(`/api/v1/applications/${appId}/offer`, { start_date: shanghaiDate(10), expires_on: shanghaiDate(5), monthly_salary: 21000, city: 'shanghai' });
      assert.equal(early.status, 409);
      assert.equal(early.json.code, 'no_hire_decision');
      const pending = (await hr.get('/api/v1/hiring-approvals')).json.items.find((a) => a.application_id === appId);
      assert.ok(pending, 'HR sees the pending step');
      assert.equal((await hm.post(`/api/v1/hiring-approvals/${pending.id}`, { approve: true })).status, 403);
      const ap = await hr.post(`/api/v1/hiring-approvals/${pending.id}`, { approve: true, comment: '同意' });
      assert.equal(ap.status, 200, ap.text);
      const after = (await hm.get(`/api/v1/applications/${appId}/decision`)).json;
      assert.equal(after.decisions[0].status, 'approved');
      assert.equal(after.application_status, 'offer');
      const audit = (await admin.get('/api/v1/audit?entity=hiring_decision')).json;
      assert.ok(JSON.stringify(audit).includes('技术扎实'), 'decision and reason audited');
    });

    test('offer: band check drives approvals; PDF text (pdftotext) has the Chinese text and the salary; e-mail carries the PDF', async () => {
      const { appId } = await interviewed('张三');
      await hr.post(`/api/v1/applications/${appId}/decision`, { decision: 'hire', reason: 'ok' });
      // An unlawful probation is saved (a draft to fix) with a labour-law alert on the offer, never sent.
      const bad = await hm.post(`/api/v1/applications/${appId}/offer`, { start_date: shanghaiDate(10), expires_on: shanghaiDate(5), monthly_salary: 21000,
        city: 'shanghai', probation_months: 3, probation_salary: 10000 });
      assert.equal(bad.status, 201, bad.text);
      assert.deepEqual(bad.json.alerts.map((a) => [a.kind, a.field, a.severity]), [['probation_wage_below_contract_ratio', 'probation_salary', 'critical']]);
      assert.match(bad.json.alerts[0].message, /劳动合同法第二十条/);
      const hrList = (await hr.get('/api/v1/hiring-alerts?status=open&limit=200')).json.items;
      assert.ok(hrList.some((a) => a.subject_type === 'offer' && a.subject_id === bad.json.id && a.kind === 'probation_wage_below_contract_ratio'));
      const tooLong = await hm.post(`/api/v1/offers/${bad.json.id}/revise`, { probation_salary: 21000, contract_term_months: 6, version: bad.json.version });
      assert.equal(tooLong.status, 200, tooLong.text);
      assert.deepEqual(tooLong.json.alerts.map((a) => [a.kind, a.field]), [['probation_too_long', 'probation_months']], 'the wage alert resolved');
      assert.match(tooLong.json.alerts[0].message, /劳动合同法第十九条/);
      assert.equal(tooLong.json.status, 'approved', 'within the band: no approval step');
      const refused = await hm.post(`/api/v1/offers/${bad.json.id}/send`);
      assert.equal(refused.status, 409, 'sending is refused while the violation stands');
      assert.equal(refused.json.code, 'labour_law_violation');
      assert.equal(refused.json.field, 'probation_months');
      const o = await hm.post(`/api/v1/offers/${bad.json.id}/revise`, { monthly_salary: '26000', contract_term_months: 36,
        probation_months: 6, probation_salary: '20800', bonus: '年终奖 2 个月', benefits: '六险一金，补充医疗', version: tooLong.json.version });
      assert.equal(o.status, 200, o.text);
      assert.deepEqual(o.json.alerts, [], 'lawful terms: the alerts resolve');
      const resolved = (await hr.get('/api/v1/hiring-alerts?status=resolved&limit=200')).json.items.filter((a) => a.subject_id === bad.json.id && a.subject_type === 'offer');
      assert.deepEqual(resolved.map((a) => a.kind).sort(), ['probation_too_long', 'probation_wage_below_contract_ratio']);
      assert.equal(o.json.status, 'pending_approval');
      assert.equal(o.json.versions[0].band_status, 'above_midpoint');
      assert.deepEqual(o.json.versions[0].approvals.map((a) => [a.role, a.why]), [['hr', 'above_midpoint']]);
      assert.equal((await hm.post(`/api/v1/offers/${o.json.id}/send`)).json.code, 'not_approved');
      // Raising it above the band adds the admin's step.
      const rev = await hm.post(`/api/v1/offers/${o.json.id}/revise`, { monthly_salary: '32000', probation_salary: '32000', version: o.json.version });
      assert.equal(rev.status, 200, rev.text);
      assert.equal(rev.json.versions[0].band_status, 'above_band');
      assert.deepEqual(rev.json.versions[0].approvals.map((a) => a.role), ['hr', 'admin']);
      assert.equal(rev.json.versions[1].status, 'superseded');
      const steps = rev.json.versions[0].approvals;
      assert.equal((await admin.post(`/api/v1/hiring-approvals/${steps[1].id}`, { approve: true })).json.code, 'earlier_step_pending');
      assert.equal((await hr.post(`/api/v1/hiring-approvals/${steps[0].id}`, { approve: true })).status, 200);
      assert.equal((await hr.post(`/api/v1/hiring-approvals/${steps[1].id}`, { approve: true })).status, 403, 'the admin step');
      assert.equal((await admin.post(`/api/v1/hiring-approvals/${steps[1].id}`, { approve: true })).status, 200);
      const pdf = await fetch(`${server.base}/api/v1/offers/${o.json.id}/pdf`, { headers: { cookie: hm.cookieHeader() } });
      assert.equal(pdf.status, 200);
      assert.equal(pdf.headers.get('content-type'), 'application/pdf');
      const text = pdfText(Buffer.from(await pdf.arrayBuffer()));
      assert.match(text, /录用通知书/);
      assert.match(text, /张三/);
      assert.match(text, /32000\.00/);
      assert.match(text, /研发部/);
      const s = await hm.post(`/api/v1/offers/${o.json.id}/send`);
      assert.equal(s.status, 200, s.text);
      assert.match(s.json.link, /^https:\/\/jobs\.example\.com\/offer\//);
      const mail = await until(() => smtp.messages().map(mimeParts).find((m) => m.subject.includes('录用通知书') && m.to.includes(o.json.candidate_email)), 'offer e-mail');
      const att = mail.parts.find((p) => p.type === 'application/pdf');
      assert.ok(att, 'the PDF is attached');
      assert.match(pdfText(readFileSync(att.path)), /32000\.00/);
      assert.ok(mail.parts.some((p) => p.text.includes(s.json.link)), 'the link is in the mail');
      const tok = s.json.link.split('/offer/')[1];
      const view = await anon.get(`/api/v1/offer-links/${tok}`);
      assert.equal(view.status, 200);
      assert.equal(view.json.terms.monthly_salary, '32000.00');
      assert.equal(view.json.terms.grade_id, undefined, 'internal fields are not shown');
      const lp = await fetch(`${server.base}/api/v1/offer-links/${tok}/pdf`);
      assert.match(pdfText(Buffer.from(await lp.arrayBuffer())), /张三/);
    });

    test('accept → checks → form on the link → contract signed → tasks → employee with every field carried over, hired, payroll profile', async () => {
      const x = await onboarded('陈新人', { manager_id: managerEmp.id });
      const open = await anon.get(`/api/v1/onboarding-links/${x.formToken}`);
      assert.equal(open.status, 200, open.text);
      assert.equal(open.json.name, '陈新人');
      assert.equal(open.json.email, x.candidate.email, 'known details are prefilled');
      const early = await anon.post(`/api/v1/onboarding-links/${x.formToken}/contract/sign`, { full_name: '陈新人', agree: true });
      assert.equal(early.status, 409);
      assert.equal(early.json.code, 'form_first');
      const badId = await anon.put(`/api/v1/onboarding-links/${x.formToken}/form`, { id_number: '110105194912310021', bank_name: '招商银行',
        bank_account: BANK, emergency_contact: { name: '陈父', phone: '13800000000', relation: '父亲' } });
      assert.equal(badId.status, 422);
      assert.equal(badId.json.field, 'id_number');
      const form = await anon.put(`/api/v1/onboarding-links/${x.formToken}/form`, { id_number: ID_NUMBER, bank_name: '招商银行',
        bank_account: BANK, emergency_contact: { name: '陈父', phone: '13800000000', relation: '父亲' },
        education: [{ school: '浙江大学', degree: '硕士', graduated: '2020' }] });
      assert.equal(form.status, 200, form.text);
      assert.equal(form.json.form.id_number_masked, '**************002X');
      assert.equal(form.json.form.bank_account, undefined, 'the full account is never shown on the link again');
      const contract = (await anon.get(`/api/v1/onboarding-links/${x.formToken}/contract`)).json;
      assert.match(contract.body_text, /劳动合同/);
      assert.match(contract.body_text, /002X/);
      assert.equal((await anon.post(`/api/v1/onboarding-links/${x.formToken}/contract/sign`, { full_name: '别人', agree: true })).json.field, 'full_name');
      const signed = await anon.post(`/api/v1/onboarding-links/${x.formToken}/contract/sign`, { full_name: '陈新人', agree: true });
      assert.equal(signed.status, 200, signed.text);
      assert.equal(signed.json.status, 'signed');
      assert.equal(signed.json.signature.provider, 'click');
      assert.match(signed.json.signature.document_sha256, /^[0-9a-f]{64}$/);
      let onb = (await hr.get(`/api/v1/onboardings/${x.onboardingId}`)).json;
      assert.equal(onb.form.id_number, ID_NUMBER, 'HR sees the decrypted ID number');
      assert.equal((await hm.get(`/api/v1/onboardings/${x.onboardingId}`)).json.form.id_number, '**************002X', 'a manager sees it masked');
      const task = (code) => onb.tasks.find((t) => t.code === code);
      assert.equal(task('new_hire_form').status, 'done');
      assert.equal(task('labour_contract').status, 'done');
      const it = await hm.post(`/api/v1/onboarding-tasks/${task('it_accounts').id}/complete`, { version: task('it_accounts').version });
      assert.equal(it.status, 403, 'IT accounts belong to the admin role');
      const fd = await hm.post(`/api/v1/onboarding-tasks/${task('first_day').id}/complete`, { version: task('first_day').version, note: '9:30 报到' });
      assert.equal(fd.status, 200, fd.text);
      for (const [code, who] of [['social_insurance', hr], ['housing_fund', hr]]) {
        const r = await who.post(`/api/v1/onboarding-tasks/${task(code).id}/complete`, { version: task(code).version });
        assert.equal(r.status, 200, r.text);
        onb = r.json;
        assert.equal(onb.employee_id, null, 'not before every required task is done');
      }
      const last = await admin.post(`/api/v1/onboarding-tasks/${task('it_accounts').id}/complete`, { version: task('it_accounts').version });
      assert.equal(last.status, 200, last.text);
      onb = last.json;
      assert.equal(onb.status, 'completed');
      assert.ok(onb.employee_id, 'the employee record exists');
      const e = (await hr.get(`/api/v1/employees/${onb.employee_id}`)).json;
      assert.equal(e.name, '陈新人');
      assert.equal(e.email, x.candidate.email);
      assert.equal(e.phone, x.candidate.phone);
      assert.equal(e.department_id, deptA.id);
      assert.equal(e.position_id, position.id);
      assert.equal(e.grade_id, grade.id);
      assert.equal(e.manager_id, managerEmp.id);
      assert.equal(e.hire_date, shanghaiDate(14));
      assert.equal(e.status, 'probation');
      assert.equal(e.id_number, ID_NUMBER);
      assert.equal(e.bank_account, BANK);
      assert.equal(onb.contract.employee_id, e.id);
      assert.equal(onb.contract.start_date, shanghaiDate(14));
      assert.equal(onb.contract.monthly_salary, '22000.00');
      assert.equal(onb.contract.probation_salary, '18000.00');
      const start = new Date(`${shanghaiDate(14)}T00:00:00Z`);
      const addMonths = (d, m) => { const r = new Date(d); r.setUTCMonth(r.getUTCMonth() + m); r.setUTCDate(r.getUTCDate() - 1); return r.toISOString().slice(0, 10); };
      if (start.getUTCDate() <= 28) {  // month-end clamping aside
        assert.equal(onb.contract.probation_end, addMonths(start, 3));
        assert.equal(onb.contract.end_date, addMonths(start, 36));
      }
      const app = (await hr.get(`/api/v1/applications/${x.appId}`)).json;
      assert.equal(app.status, 'hired');
      assert.ok((await hr.get(`/api/v1/requisitions/${plan.id}`)).json.hired_count >= 1, 'the plan counts the hire');
      const comp = await until(async () => {
        const r = await hr.get(`/api/v1/payroll/employees/${e.id}/compensation`);
        return r.json?.items?.length ? r.json.items : null;
      }, 'payroll profile');
      assert.equal(comp[0].monthly_salary, '22000.00');
      assert.equal(comp[0].city, 'shanghai');
      assert.equal(comp[0].effective_from, shanghaiDate(14));
    });

    test('expected salary: HR records it on the application (validated, audited); offer pricing compares it with the market', async () => {
      const { appId } = await interviewed('钱期望');
      assert.equal((await hm.put(`/api/v1/applications/${appId}/expected-salary`, { expected_monthly_salary: '26000' })).status, 403);
      const bad = await hr.put(`/api/v1/applications/${appId}/expected-salary`, { expected_monthly_salary: 'abc' });
      assert.equal(bad.status, 422);
      assert.equal(bad.json.field, 'expected_monthly_salary');
      const neg = await hr.put(`/api/v1/applications/${appId}/expected-salary`, { expected_monthly_salary: '-1' });
      assert.equal(neg.status, 422);
      const ok = await hr.put(`/api/v1/applications/${appId}/expected-salary`, { expected_monthly_salary: '26000' });
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.json.expected_monthly_salary, '26000.00');
      assert.equal((await hm.get(`/api/v1/applications/${appId}/decision`)).json.expected_monthly_salary, '26000.00');
      const priced = await hr.post('/api/v1/payroll/offer-pricing', { application_id: appId });
      assert.equal(priced.status, 200, priced.text);
      assert.equal(priced.json.expected_monthly_salary, '26000.00', 'pricing reads the recorded expectation');
      const audit = (await admin.get(`/api/v1/audit?entity=application&entity_id=${appId}`)).json.items;
      assert.ok(audit.some((a) => a.after?.expected_monthly_salary === '26000.00'), JSON.stringify(audit));
      const cleared = await hr.put(`/api/v1/applications/${appId}/expected-salary`, { expected_monthly_salary: null });
      assert.equal(cleared.status, 200, cleared.text);
      assert.equal(cleared.json.expected_monthly_salary, null);
      assert.equal((await hm2.put(`/api/v1/applications/${appId}/expected-salary`, { expected_monthly_salary: '1' })).status, 403);
    });

    test('decline with a reason withdraws the application; the link then refuses answers', async () => {
      const x = await sentOffer('周拒绝');
      const noReason = await anon.post(`/api/v1/offer-links/${x.token}/decline`, {});
      assert.equal(noReason.status, 422);
      assert.equal(noReason.json.field, 'reason');
      const d = await anon.post(`/api/v1/offer-links/${x.token}/decline`, { reason: '已接受其他公司的录用' });
      assert.equal(d.status, 200, d.text);
      assert.equal(d.json.status, 'declined');
      assert.equal((await hr.get(`/api/v1/applications/${x.appId}`)).json.status, 'withdrawn');
      const again = await anon.post(`/api/v1/offer-links/${x.token}/accept`, { background_check_consent: true });
      assert.equal(again.status, 409);
      assert.equal(again.json.code, 'offer_closed');
      const off = (await hr.get(`/api/v1/offers/${x.offer.id}`)).json;
      assert.equal(off.response_reason, '已接受其他公司的录用');
    });

    test('counter-offer answered by a new version: history kept, the old link stops working', async () => {
      const x = await sentOffer('吴还价');
      const c = await anon.post(`/api/v1/offer-links/${x.token}/counter`, { reason: '期望 25000', monthly_salary: '25000' });
      assert.equal(c.status, 200, c.text);
      assert.equal(c.json.status, 'countered');
      let off = (await hr.get(`/api/v1/offers/${x.offer.id}`)).json;
      assert.equal(off.counter_salary, '25000.00');
      const v2 = await hr.post(`/api/v1/offers/${x.offer.id}/revise`, { kind: 'counter', monthly_salary: '24000', probation_salary: '24000', version: off.version, note: '折中' });
      assert.equal(v2.status, 200, v2.text);
      assert.deepEqual(v2.json.versions.map((v) => [v.version_no, v.kind]), [[2, 'counter'], [1, 'initial']]);
      assert.equal(v2.json.versions[1].terms.monthly_salary, '22000.00', 'the first version is kept as it was');
      assert.equal((await anon.get(`/api/v1/offer-links/${x.token}`)).status, 404, 'the old link stopped working');
      // 24000 is below the midpoint (25000): no approval, send again with a new link.
      const s = await hr.post(`/api/v1/offers/${x.offer.id}/send`);
      assert.equal(s.status, 200, s.text);
      const tok = s.json.link.split('/offer/')[1];
      const view = (await anon.get(`/api/v1/offer-links/${tok}`)).json;
      assert.equal(view.version_no, 2);
      assert.equal(view.terms.monthly_salary, '24000.00');
      off = (await hr.get(`/api/v1/offers/${x.offer.id}`)).json;
      const audit = (await admin.get('/api/v1/audit?entity=offer')).json;
      assert.ok(JSON.stringify(audit).includes('"counter"'), 'the counter-offer is audited');
    });

    test('a failed check waits for HR; withdrawing rejects the application; consent can be given later', async () => {
      const x = await sentOffer('孙背调');
      const acc = await anon.post(`/api/v1/offer-links/${x.token}/accept`, { background_check_consent: false });
      assert.equal(acc.status, 200, acc.text);
      assert.equal(acc.json.background_check.status, 'awaiting_consent');
      let off = (await hr.get(`/api/v1/offers/${x.offer.id}`)).json;
      let check = (await hr.get(`/api/v1/background-checks/${off.background_check.id}`)).json;
      const noConsent = await hr.patch(`/api/v1/background-check-items/${check.items[0].id}`, { status: 'passed', version: check.items[0].version });
      assert.equal(noConsent.status, 409);
      assert.equal(noConsent.json.code, 'no_consent');
      const consent = await anon.post(`/api/v1/offer-links/${x.token}/consent`, { consent: true });
      assert.equal(consent.status, 200, consent.text);
      // Evidence file in the blob store.
      const ev = await hr.post(`/api/v1/background-check-items/${check.items[1].id}/evidence`, Buffer.from('%PDF-1.4 diploma scan'),
        { raw: true, headers: { 'content-type': 'application/octet-stream', 'x-filename': 'diploma.pdf' } });
      assert.equal(ev.status, 201, ev.text);
      check = ev.json;
      assert.equal(check.items[1].evidence[0].filename, 'diploma.pdf');
      const noNote = await hr.patch(`/api/v1/background-check-items/${check.items[2].id}`, { status: 'failed', version: check.items[2].version });
      assert.equal(noNote.json.field, 'result_note');
      const failed = await hr.patch(`/api/v1/background-check-items/${check.items[2].id}`, { status: 'failed', result_note: '前雇主否认任职经历', version: check.items[2].version });
      assert.equal(failed.status, 200, failed.text);
      assert.equal(failed.json.status, 'needs_decision');
      off = (await hr.get(`/api/v1/offers/${x.offer.id}`)).json;
      assert.equal(off.onboarding, null, 'no onboarding while HR decides');
      assert.ok((await hr.get('/api/v1/background-checks?status=needs_decision')).json.items.some((c) => c.id === check.id), 'on the board');
      const w = await hr.post(`/api/v1/background-checks/${check.id}/decision`, { decision: 'withdraw', reason: '任职经历不实' });
      assert.equal(w.status, 200, w.text);
      assert.equal(w.json.status, 'withdrawn');
      assert.equal((await hr.get(`/api/v1/applications/${x.appId}`)).json.status, 'rejected');
      assert.equal((await hr.get(`/api/v1/offers/${x.offer.id}`)).json.status, 'withdrawn');
    });

    test('provider: a signed request to the HTTP provider and signed callbacks pass the check; bad signatures are refused', async () => {
      const x = await sentOffer('钱供应商');
      await anon.post(`/api/v1/offer-links/${x.token}/accept`, { background_check_consent: true });
      const off = (await hr.get(`/api/v1/offers/${x.offer.id}`)).json;
      const forged = await anon.post('/api/v1/background-check-callback', { item_id: 1, status: 'passed' },
        { headers: { 'x-hireflow-timestamp': String(Math.floor(Date.now() / 1000)), 'x-hireflow-signature': 'deadbeef' } });
      assert.equal(forged.status, 401);
      const p = await hr.post(`/api/v1/background-checks/${off.background_check.id}/provider`);
      assert.equal(p.status, 200, p.text);
      assert.equal(p.json.provider, 'http');
      const check = await until(async () => {
        const c = (await hr.get(`/api/v1/background-checks/${off.background_check.id}`)).json;
        return c.status === 'passed' ? c : null;
      }, 'provider callbacks');
      assert.ok(check.items.every((i) => i.provider_ref?.startsWith('P-')));
      const req = provider.received.find((r) => r.body.check_id === check.id);
      assert.ok(req.ok, 'the request was correctly signed');
      assert.equal(req.body.candidate.name, '钱供应商');
      assert.equal(req.body.callback_url, 'https://jobs.example.com/api/v1/background-check-callback');
      assert.ok((await hr.get(`/api/v1/offers/${x.offer.id}`)).json.onboarding, 'onboarding started');
    });

    test('checklist late: tasks past due are listed by owner; hiring manager scoped; links reach only their own record', async () => {
      const x = await onboarded('郑迟到', { start_date: shanghaiDate(0), expires_on: shanghaiDate(0) });
      const late = (await hr.get('/api/v1/onboarding-tasks?late=true')).json.items.filter((t) => t.onboarding_id === x.onboardingId);
      assert.deepEqual(late.map((t) => t.code).sort(), ['first_day', 'it_accounts', 'new_hire_form'].sort());
      assert.ok(late.every((t) => t.late));
      const mine = (await hm.get('/api/v1/onboarding-tasks?mine=true')).json.items.filter((t) => t.onboarding_id === x.onboardingId);
      assert.deepEqual(mine.map((t) => t.code), ['first_day']);
      const board = (await hm.get('/api/v1/onboardings')).json.items.find((o) => o.id === x.onboardingId);
      assert.equal(board.tasks_late, 3);
      assert.equal((await hm2.get(`/api/v1/onboardings/${x.onboardingId}`)).status, 404, 'another department');
      assert.ok(!(await hm2.get('/api/v1/onboardings')).json.items.some((o) => o.id === x.onboardingId));
      assert.equal((await hm2.get(`/api/v1/offers/${x.offer.id}`)).status, 404);
      assert.equal((await emp.get('/api/v1/onboardings')).status, 403);
      assert.equal((await anon.get(`/api/v1/offer-links/${x.formToken}`)).status, 404, 'a form token is not an offer link');
      assert.equal((await anon.get(`/api/v1/onboarding-links/${x.token}`)).status, 404, 'an offer token is not a form link');
      assert.equal((await anon.get('/api/v1/onboarding-links/not-a-real-token-at-all-xxxxxxxx')).status, 404);
      const scan = await hr.post('/api/v1/hiring-alerts/scan');
      assert.equal(scan.status, 200, scan.text);
      assert.ok(scan.json.reminded >= 3, scan.text);
      const reminded = (await hr.get('/api/v1/onboarding-tasks?late=true')).json.items.filter((t) => t.onboarding_id === x.onboardingId);
      assert.ok(reminded.every((t) => t.reminded_on === shanghaiDate(0)), 'each late task is reminded once today');
      assert.equal((await hr.post('/api/v1/hiring-alerts/scan')).json.reminded, 0, 'not twice a day');
      const mail = await until(() => smtp.messages().map(mimeParts).find((m) => m.subject.includes('请尽快完成入职事项') && m.to.includes(x.candidate.email)),
        'reminder e-mail to the new hire');
      assert.ok(mail.parts.some((p) => p.text.includes('入职信息登记')), 'the reminder names the late task');
    });

    test('reminders: tasks due soon or late notify their owners in the app once a day, and by e-mail when the owner has an address', async () => {
      const me = (await hr.get(`/api/v1/employees/${managerEmp.id}`)).json;
      const upd = await admin.patch(`/api/v1/employees/${managerEmp.id}`, { email: 'wang.manager@example.com', version: me.version });
      assert.equal(upd.status, 200, upd.text);
      const mine = async (c) => (await c.get('/api/v1/notifications?limit=200')).json.items
        .filter((n) => n.kind === 'onboarding_task.reminder' && n.body.includes('孙提醒'));
      // Starts in two days: the hiring manager's first-day task (due tomorrow) and HR's enrolment tasks (due on the start) are due soon.
      const x = await onboarded('孙提醒', { start_date: shanghaiDate(2), expires_on: shanghaiDate(0) });
      assert.deepEqual(await mine(hm), [], 'nothing before the daily scan');
      const scan = await hr.post('/api/v1/hiring-alerts/scan');
      assert.equal(scan.status, 200, scan.text);
      const hmNotes = await mine(hm);
      assert.equal(hmNotes.length, 1, JSON.stringify(hmNotes));
      assert.match(hmNotes[0].body, /入职首日安排/);
      assert.match(hmNotes[0].body, new RegExp(shanghaiDate(1)));
      assert.equal(hmNotes[0].link, '/onboarding');
      const hrNotes = await mine(hr);
      assert.equal(hrNotes.length, 2, 'social insurance and housing fund belong to HR');
      assert.deepEqual(await mine(hm2), [], 'not another department\'s manager');
      assert.deepEqual(await mine(emp), []);
      const tasks = (await hr.get(`/api/v1/onboardings/${x.onboardingId}`)).json.tasks;
      assert.ok(tasks.filter((t) => t.owner_role !== 'candidate').every((t) => t.reminded_on === shanghaiDate(0)), 'due within two days: reminded today');
      await hr.post('/api/v1/hiring-alerts/scan');
      assert.equal((await mine(hm)).length, 1, 'once a day per task');
      assert.equal((await mine(hr)).length, 2);
      const mail = await until(() => smtp.messages().map(mimeParts).find((m) => m.to.includes('wang.manager@example.com') &&
        m.parts.some((p) => p.text.includes('孙提醒'))), 'reminder e-mail to the hiring manager');
      assert.match(mail.subject, /入职任务提醒/);
      assert.ok(mail.parts.some((p) => p.text.includes(shanghaiDate(1))), 'the e-mail lists the task with its due date');
    });

    // Renewal: an employee on a two-month fixed term (no probation), seen today and again 40 days ahead.
    let renewing;
    test('contracts: an employee hired on a two-month fixed term has a signed contract and no deadline alert yet', async () => {
      renewing = await hired('杨续签', { start_date: shanghaiDate(0), expires_on: shanghaiDate(0), contract_term_months: 2, probation_months: 0, probation_salary: '22000' });
      const list = await hr.get(`/api/v1/labour-contracts?employee_id=${renewing.employeeId}`);
      assert.equal(list.status, 200, list.text);
      assert.deepEqual(list.json.items.map((k) => [k.id, k.status, k.employee_name, k.fixed_term_sequence]),
        [[renewing.contract.id, 'signed', '杨续签', 1]]);
      assert.equal((await hm.get(`/api/v1/labour-contracts?employee_id=${renewing.employeeId}`)).status, 403);
      const scan = await hr.post('/api/v1/hiring-alerts/scan');
      assert.equal(scan.status, 200, scan.text);
      const alerts = (await hr.get('/api/v1/hiring-alerts?status=open&limit=200')).json.items.filter((a) => a.subject_id === renewing.contract.id);
      assert.deepEqual(alerts.map((a) => a.kind), [], 'about 60 days left: nothing to raise yet');
    });

    test('expiry and contract deadlines with the clock 40 days ahead: offer expired, unsigned contract escalated with double-wage exposure', async () => {
      const exp = await sentOffer('冯过期', { start_date: shanghaiDate(0), expires_on: shanghaiDate(0) });
      const unread = await sentOffer('褚未读', { start_date: shanghaiDate(0), expires_on: shanghaiDate(0) });
      const unsigned = await onboarded('卫未签', { start_date: shanghaiDate(0), expires_on: shanghaiDate(0) });
      await server.stop();
      server = await startServer({ db: backend === 'postgresql' ? 'postgresql-keep' : backend, dataDir,
        extraArgs: ['--public-url', 'https://jobs.example.com'], env: { HIREFLOW_TEST_HIRING_DAYS_AHEAD: '40' } });
      for (const c of [admin, hr, hm, hm2, emp, anon]) c.base = server.base;
      const view = await anon.get(`/api/v1/offer-links/${exp.token}`);
      assert.equal(view.status, 200);
      assert.equal(view.json.status, 'expired');
      assert.equal(view.json.can_respond, false);
      const acc = await anon.post(`/api/v1/offer-links/${exp.token}/accept`, { background_check_consent: true });
      assert.equal(acc.status, 409);
      assert.equal(acc.json.code, 'offer_expired');
      const resend = await hr.post(`/api/v1/offers/${exp.offer.id}/send`);
      assert.equal(resend.status, 409);
      const scan = await hr.post('/api/v1/hiring-alerts/scan');
      assert.equal(scan.status, 200, scan.text);
      assert.ok(scan.json.offers_expired >= 1, 'the daily scan expires offers nobody opened');
      const expiredList = (await hr.get('/api/v1/offers?status=expired')).json.items.map((o) => o.id);
      assert.ok(expiredList.includes(unread.offer.id), 'an unread offer past its date is expired by the scan');
      const onb = (await hr.get(`/api/v1/onboardings/${unsigned.onboardingId}`)).json;
      const alerts = (await hr.get('/api/v1/hiring-alerts?status=open')).json.items.filter((a) => a.subject_id === onb.contract.id);
      const esc = alerts.find((a) => a.kind === 'contract_unsigned_escalated');
      assert.ok(esc, JSON.stringify(alerts));
      assert.equal(esc.severity, 'critical');
      assert.ok(Number(esc.exposure) > 0, 'double-wage exposure computed');
      assert.match(esc.message, /第82条/);
      assert.equal((await hm.get('/api/v1/hiring-alerts')).status, 403);
    });

    test('contracts 40 days ahead: fixed term ending raised on the employee; renewal (fixed, then open-ended) links rows, raises and resolves open_ended_due', async () => {
      // (the server runs 40 days ahead since the expiry test)
      assert.ok(renewing, 'the employee from the previous contracts test');
      const k1 = renewing.contract;
      await hr.post('/api/v1/hiring-alerts/scan');
      const openFor = async (id) => (await hr.get('/api/v1/hiring-alerts?status=open&limit=200')).json.items.filter((a) => a.subject_id === id);
      let alerts = await openFor(k1.id);
      assert.deepEqual(alerts.map((a) => a.kind), ['fixed_term_ending'], JSON.stringify(alerts));
      assert.equal(alerts[0].employee_id, renewing.employeeId);
      assert.equal(alerts[0].employee_name, '杨续签');
      assert.equal(alerts[0].due_on, k1.end_date);
      const cur = (await hr.get(`/api/v1/labour-contracts?employee_id=${renewing.employeeId}`)).json.items[0];
      // Validation names the field; the role gate and the version are checked.
      const task = await hr.post(`/api/v1/labour-contracts/${k1.id}/renew`, { contract_type: 'task', version: cur.version });
      assert.equal(task.status, 422);
      assert.equal(task.json.field, 'contract_type');
      const noTerm = await hr.post(`/api/v1/labour-contracts/${k1.id}/renew`, { contract_type: 'fixed', version: cur.version });
      assert.equal(noTerm.status, 422);
      assert.equal(noTerm.json.field, 'term_months');
      assert.equal((await hm.post(`/api/v1/labour-contracts/${k1.id}/renew`, { contract_type: 'fixed', term_months: 12, version: cur.version })).status, 403);
      const stale = await hr.post(`/api/v1/labour-contracts/${k1.id}/renew`, { contract_type: 'fixed', term_months: 12, version: cur.version + 1 });
      assert.equal(stale.status, 409);
      assert.equal(stale.json.code, 'version_conflict');
      // A second consecutive fixed term: linked to the first, starting the day after it ends, no probation.
      const r2 = await hr.post(`/api/v1/labour-contracts/${k1.id}/renew`, { contract_type: 'fixed', term_months: 12, monthly_salary: '24000',
        note: '续签一年', version: cur.version });
      assert.equal(r2.status, 201, r2.text);
      const k2 = r2.json;
      assert.equal(k2.previous_contract_id, k1.id);
      assert.equal(k2.employee_id, renewing.employeeId);
      const dayAfter = new Date(`${k1.end_date}T00:00:00Z`); dayAfter.setUTCDate(dayAfter.getUTCDate() + 1);
      assert.equal(k2.start_date, dayAfter.toISOString().slice(0, 10));
      assert.equal(k2.fixed_term_sequence, 2);
      assert.equal(k2.probation_months, 0);
      assert.equal(k2.monthly_salary, '24000.00');
      assert.equal(k2.status, 'signed');
      assert.match(k2.body_text, /续订/);
      const again = await hr.post(`/api/v1/labour-contracts/${k1.id}/renew`, { contract_type: 'fixed', term_months: 12, version: cur.version + 1 });
      assert.equal(again.status, 409);
      assert.equal(again.json.code, 'already_renewed');
      const chain = (await hr.get(`/api/v1/labour-contracts?employee_id=${renewing.employeeId}`)).json.items;
      assert.deepEqual(chain.map((k) => [k.id, k.status]), [[k2.id, 'signed'], [k1.id, 'renewed']]);
      assert.deepEqual((await hr.get(`/api/v1/labour-contracts?employee_id=${renewing.employeeId}&current=true`)).json.items.map((k) => k.id), [k2.id]);
      // The daily scan: the renewed term's alert resolves; the second fixed term raises open_ended_due (第14条).
      await hr.post('/api/v1/hiring-alerts/scan');
      assert.deepEqual((await openFor(k1.id)).map((a) => a.kind), [], 'the renewed contract raises nothing');
      alerts = await openFor(k2.id);
      assert.deepEqual(alerts.map((a) => a.kind), ['open_ended_due'], JSON.stringify(alerts));
      assert.match(alerts[0].message, /第14条/);
      assert.equal(alerts[0].employee_name, '杨续签');
      const resolved = (await hr.get('/api/v1/hiring-alerts?status=resolved&limit=200')).json.items;
      assert.ok(resolved.some((a) => a.subject_id === k1.id && a.kind === 'fixed_term_ending'));
      // Open-ended next: the alert resolves.
      const r3 = await hr.post(`/api/v1/labour-contracts/${k2.id}/renew`, { contract_type: 'open_ended', version: k2.version });
      assert.equal(r3.status, 201, r3.text);
      assert.equal(r3.json.contract_type, 'open_ended');
      assert.equal(r3.json.end_date, null);
      assert.equal(r3.json.previous_contract_id, k2.id);
      await hr.post('/api/v1/hiring-alerts/scan');
      assert.deepEqual((await openFor(k2.id)).map((a) => a.kind), []);
      assert.deepEqual((await openFor(r3.json.id)).map((a) => a.kind), []);
      const audit = (await admin.get(`/api/v1/audit?entity=labour_contract&entity_id=${k1.id}`)).json.items;
      assert.ok(audit.some((a) => a.action === 'renew' && a.after.renewed_by_contract_id === k2.id), JSON.stringify(audit));
      // An onboarding's contract (no employee yet) cannot be renewed.
      const pending = await onboarded('吕待入', { start_date: shanghaiDate(45), expires_on: shanghaiDate(41) });
      const pc = (await hr.get(`/api/v1/onboardings/${pending.onboardingId}`)).json.contract;
      const notEmp = await hr.post(`/api/v1/labour-contracts/${pc.id}/renew`, { contract_type: 'open_ended', start_date: shanghaiDate(400), version: 1 });
      assert.equal(notEmp.status, 409);
      assert.equal(notEmp.json.code, 'not_employed');
    });

    test('policy: approval steps and the checklist are company data, validated, versioned and audited', async () => {
      const cur = (await hm.get('/api/v1/hiring/settings')).json;
      assert.deepEqual(cur.decision_steps, [{ role: 'hr' }]);
      assert.equal((await hm.put('/api/v1/hiring/settings', { offer_steps: [], version: cur.version })).status, 403);
      const bad = await admin.put('/api/v1/hiring/settings', { offer_steps: [{ role: 'hr' }, { role: 'finance' }], version: cur.version });
      assert.equal(bad.status, 422);
      assert.equal(bad.json.field, 'offer_steps[1].role');
      const noForm = await admin.put('/api/v1/hiring/settings', { onboarding_tasks: [{ code: 'x', title: 'X', owner_role: 'hr', due_offset_days: 0 }], version: cur.version });
      assert.equal(noForm.status, 422);
      assert.equal(noForm.json.field, 'onboarding_tasks');
      const ok = await admin.put('/api/v1/hiring/settings', { offer_steps: [{ role: 'hr' }], background_check: { items: ['identity', 'education', 'employment', 'criminal'] }, version: cur.version });
      assert.equal(ok.status, 200, ok.text);
      assert.deepEqual(ok.json.offer_steps, [{ role: 'hr' }]);
      assert.equal(ok.json.version, cur.version + 1);
      const stale = await admin.put('/api/v1/hiring/settings', { offer_steps: [], version: cur.version });
      assert.equal(stale.status, 409);
      assert.equal(stale.json.code, 'version_conflict');
      // Every offer now needs the HR step, even within the band.
      const { appId } = await interviewed('秦政策');
      await hr.post(`/api/v1/applications/${appId}/decision`, { decision: 'hire', reason: 'ok' });
      // (the server runs 40 days ahead since the expiry test)
      const o = await hr.post(`/api/v1/applications/${appId}/offer`, { start_date: shanghaiDate(60), expires_on: shanghaiDate(50), monthly_salary: '21000', city: 'beijing' });
      assert.equal(o.status, 201, o.text);
      assert.equal(o.json.versions[0].band_status, 'within_band');
      assert.deepEqual(o.json.versions[0].approvals.map((a) => [a.role, a.why]), [['hr', 'offer']]);
      const audit = (await admin.get('/api/v1/audit?entity=hiring_settings')).json;
      assert.ok(audit.items.length >= 1, 'the change is audited');
    });
  });
}
