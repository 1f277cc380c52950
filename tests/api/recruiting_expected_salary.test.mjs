// The candidate's expected monthly salary (SQLite and PostgreSQL): given on the careers form, by HR
// adding a candidate to a plan or in a candidate import, validated (422 naming the field), audited,
// and read by the offer editor and offer pricing.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, adminClient, Client, backends, userClient } from '../harness.mjs';

for (const backend of backends()) {
  describe(`expected salary on ${backend}`, () => {
    let server, admin, hr, hm, anon, dept, plan, plan2;

    async function openPlan(title) {
      const p = (await admin.post('/api/v1/requisitions', { title, department_id: dept.id, headcount: 1 })).json;
      const r = await admin.post(`/api/v1/requisitions/${p.id}/transition`, { to: 'open', version: p.version });
      assert.equal(r.status, 200, r.text);
      return r.json;
    }
    before(async () => {
      server = await startServer({ db: backend });
      admin = await adminClient(server);
      dept = (await admin.post('/api/v1/departments', { name: 'Expected salary', code: 'EXPSAL' })).json;
      hr = await userClient(server, admin, 'es_hr', 'hr');
      hm = await userClient(server, admin, 'es_hm', 'hiring_manager', { department_id: dept.id });
      anon = new Client(server.base);
      plan = await openPlan('Backend engineer');
      plan2 = await openPlan('Platform engineer');
    });
    after(async () => { await server?.stop(); });

    test('careers apply: the expected monthly salary is stored and offer pricing uses it', async () => {
      const apply = (body) => anon.post(`/api/v1/careers/${plan.id}/apply`, { consent: true, consent_version: 'privacy-2026-01', ...body });
      const r = await apply({ name: '王芳', email: 'wangfang@example.com', phone: '13800138000', expected_monthly_salary: '18000' });
      assert.equal(r.status, 201, r.text);
      const app = await hr.get(`/api/v1/applications/${r.json.application_id}`);
      assert.equal(app.json.expected_monthly_salary, '18000.00', 'HR sees it on the application');
      assert.equal((await hm.get(`/api/v1/applications/${r.json.application_id}`)).json.expected_monthly_salary, '18000.00');
      const decision = await hr.get(`/api/v1/applications/${r.json.application_id}/decision`);
      assert.equal(decision.json.expected_monthly_salary, '18000.00', 'the offer editor reads it');
      const pricing = await hr.post('/api/v1/payroll/offer-pricing', { application_id: r.json.application_id });
      assert.equal(pricing.status, 200, pricing.text);
      assert.equal(pricing.json.expected_monthly_salary, '18000.00', 'offer pricing uses the candidate\'s own figure');
      // The audit records it with the application.
      const audit = (await admin.get(`/api/v1/audit?entity=application&entity_id=${r.json.application_id}`)).json.items;
      assert.ok(audit.some((a) => a.action === 'apply' && a.after?.expected_monthly_salary === '18000.00'), JSON.stringify(audit));

      // Optional: absent or empty means none.
      const none = await apply({ name: 'Li Lei', email: 'lilei@example.com', expected_monthly_salary: '' });
      assert.equal(none.status, 201, none.text);
      assert.equal((await hr.get(`/api/v1/applications/${none.json.application_id}`)).json.expected_monthly_salary, null);
    });

    test('careers apply: a bad expected salary is 422 naming expected_monthly_salary (in Chinese on request)', async () => {
      for (const v of [0, -100, 'abc', '1000000.01', true]) {
        const r = await anon.post(`/api/v1/careers/${plan.id}/apply`,
          { name: 'Bad Salary', email: 'bad.salary@example.com', consent: true, consent_version: 'v1', expected_monthly_salary: v });
        assert.equal(r.status, 422, `${v}: ${r.text}`);
        assert.equal(r.json.field, 'expected_monthly_salary', String(v));
        assert.match(r.headers.get('content-type'), /application\/problem\+json/);
      }
      const zh = await anon.post(`/api/v1/careers/${plan.id}/apply`,
        { name: '错薪', email: 'cuoxin@example.com', consent: true, consent_version: 'v1', expected_monthly_salary: 0 },
        { headers: { 'accept-language': 'zh-CN,zh;q=0.9' } });
      assert.equal(zh.status, 422);
      assert.match(zh.json.detail, /期望月薪/);
      // The upper bound itself is accepted.
      const top = await anon.post(`/api/v1/careers/${plan.id}/apply`,
        { name: 'Top Ask', email: 'top.ask@example.com', consent: true, consent_version: 'v1', expected_monthly_salary: 1000000 });
      assert.equal(top.status, 201, top.text);
    });

    test('HR adding a candidate to a plan may give the expected salary too', async () => {
      const cand = (await hr.post('/api/v1/candidates', { name: 'Api Candidate', email: 'api.cand@example.com' })).json;
      const bad = await hr.post('/api/v1/applications', { candidate_id: cand.id, requisition_id: plan2.id, expected_monthly_salary: -1 });
      assert.equal(bad.status, 422);
      assert.equal(bad.json.field, 'expected_monthly_salary');
      const r = await hr.post('/api/v1/applications', { candidate_id: cand.id, requisition_id: plan2.id, expected_monthly_salary: 9500.5 });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.expected_monthly_salary, '9500.50');
      const pricing = await hm.post('/api/v1/payroll/offer-pricing', { application_id: r.json.id });
      assert.equal(pricing.json.expected_monthly_salary, '9500.50');
    });

    test('candidate import into a plan carries the expected salary column to the application', async () => {
      const imp = (csv, q) => hr.post(`/api/v1/candidates/import?${q}`, csv, { raw: true, headers: { 'content-type': 'text/csv' } });
      const bad = await imp('姓名,邮箱,期望月薪\n钱多多,qdd@example.com,-5\n', `requisition_id=${plan2.id}&dry_run=false`);
      assert.equal(bad.status, 422, bad.text);
      assert.deepEqual(bad.json.report.problems.map((p) => p.field), ['expected_monthly_salary']);
      const ok = await imp('name,email,expected_monthly_salary\nImport Ed,import.ed@example.com,21000\nNo Ask,no.ask@example.com,\n',
        `requisition_id=${plan2.id}&dry_run=false`);
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.json.applications_created, 2);
      const apps = (await hr.get(`/api/v1/requisitions/${plan2.id}/applications?limit=100`)).json.items;
      const ask = async (name) => (await hr.get(`/api/v1/applications/${apps.find((a) => a.candidate_name === name).id}`)).json.expected_monthly_salary;
      assert.equal(await ask('Import Ed'), '21000.00');
      assert.equal(await ask('No Ask'), null);
    });
  });
}
