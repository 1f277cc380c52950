// Server-composed texts in the reader's language: in-app notifications and labour-law alerts carry a
// stable kind and the parameters their text needs (besides the stored text, kept as the e-mail and API
// fallback), and every kind/params pair the server produces has its message in both web catalogues
// (web/src/locales/i18n) with no placeholder the params lack.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, adminClient, backends, openPlan, shanghaiDate, twoFixedTerms, userClient } from '../harness.mjs';

const catalogue = (l) => JSON.parse(readFileSync(new URL(`../../web/src/locales/i18n/${l}.json`, import.meta.url), 'utf8'));
const CATALOGUES = { en: catalogue('en'), 'zh-CN': catalogue('zh-CN') };

// The web's lookup (components/i18n/serverText.ts): <section>.<kind>.<part>[_<variant>], then substitution.
function render(locale, section, kind, part, params) {
  let node = CATALOGUES[locale][section];
  for (const k of kind.split('.')) node = node?.[k];
  const msg = (params.variant && node?.[`${part}_${params.variant}`]) || node?.[part];
  if (typeof msg !== 'string') return null;
  const missing = [...msg.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).filter((p) => !(p in params));
  assert.deepEqual(missing, [], `${locale} ${section}.${kind}.${part}: placeholders without params`);
  return msg.replace(/\{(\w+)\}/g, (_, p) => String(params[p]));
}
function assertRenders(section, kind, parts, params) {
  for (const locale of ['en', 'zh-CN'])
    for (const part of parts) assert.ok(render(locale, section, kind, part, params), `${locale}: ${section}.${kind}.${part}`);
}

for (const backend of backends()) {
  describe(`localizable server texts on ${backend}`, () => {
    let server, admin, hr, hrEn, boss, me, dept;
    before(async () => {
      server = await startServer({ db: backend });
      admin = await adminClient(server);
      dept = (await admin.post('/api/v1/departments', { name: '国际化部', code: 'I18N' })).json;
      const mgr = (await admin.post('/api/v1/employees', { employee_no: 'I001', name: '王经理', hire_date: '2019-01-01', department_id: dept.id })).json;
      const emp = (await admin.post('/api/v1/employees', { employee_no: 'I002', name: '张伟', hire_date: '2021-03-01', department_id: dept.id, manager_id: mgr.id })).json;
      hr = await userClient(server, admin, 'i18n_hr', 'hr');
      hrEn = await userClient(server, admin, 'i18n_hr_en', 'hr');
      const p = await admin.patch(`/api/v1/users/${hrEn.id}`, { locale: 'en', version: hrEn.user.version });
      assert.equal(p.status, 200, p.text);
      boss = await userClient(server, admin, 'i18n_boss', 'employee', { employee_id: mgr.id });
      me = await userClient(server, admin, 'i18n_me', 'employee', { employee_id: emp.id });
    });
    after(async () => { await server?.stop(); });

    // Bounded wait for the background worker (notifications are written by jobs).
    const until = async (c, pred) => {
      for (let i = 0; i < 200; i++) {
        const n = (await c.get('/api/v1/notifications?limit=200')).json.items.filter(pred);
        if (n.length) return n;
        await new Promise((r) => setTimeout(r, 50));
      }
      return [];
    };

    test('notifications carry kind + params (employee.create, department.create, leave_request.*); stored text in the account language', async () => {
      const e = (await admin.post('/api/v1/employees', { employee_no: 'I100', name: '李国际', hire_date: '2024-03-01' })).json;
      const [zh] = await until(hr, (n) => n.link === `/employees/${e.id}`);
      assert.equal(zh.kind, 'employee.create');
      assert.deepEqual(zh.params, { subject: '李国际 (I100)', actor: 'admin', variant: 'by' });
      assert.equal(zh.title, '新员工入职档案已建立', 'stored in the zh-CN account language');
      assertRenders('notice', zh.kind, ['title', 'body'], zh.params);
      assert.equal(render('zh-CN', 'notice', zh.kind, 'body', zh.params), zh.body, 'the catalogue says what the server stored');
      const [en] = await until(hrEn, (n) => n.link === `/employees/${e.id}`);
      assert.equal(en.title, 'New employee record', 'stored in the en account language');
      assert.deepEqual(en.params, zh.params, 'the same parameters whatever the account language');
      assert.equal(render('en', 'notice', en.kind, 'body', en.params), en.body);
      assert.equal(render('zh-CN', 'notice', en.kind, 'title', en.params), '新员工入职档案已建立', 'the web can show it in Chinese');

      const d = (await admin.post('/api/v1/departments', { name: '本地化组', code: 'L10N' })).json;
      const [dn] = await until(hr, (n) => n.kind === 'department.create' && n.params?.subject?.includes('本地化组'));
      assert.ok(dn, 'department notification');
      assert.equal(dn.link, '/departments');
      assert.equal(dn.params.actor, 'admin');
      assertRenders('notice', dn.kind, ['title', 'body'], dn.params);
      assert.ok(d.id);

      const personal = (await me.get('/api/v1/leave/types')).json.items.find((t) => t.code === 'personal');
      const req = await me.post('/api/v1/me/leave-requests', { leave_type_id: personal.id, start_date: '2025-10-30', end_date: '2025-10-31' });
      assert.equal(req.status, 201, req.text);
      const [lv] = await until(boss, (n) => n.kind === 'leave_request.create');
      assert.deepEqual(lv.params, { employee: '张伟', start_date: '2025-10-30', end_date: '2025-10-31' });
      assertRenders('notice', lv.kind, ['title', 'body'], lv.params);
      assert.equal(render('zh-CN', 'notice', lv.kind, 'title', lv.params), '新的休假申请待审批');
      const ok = await boss.post(`/api/v1/leave/requests/${req.json.id}/decide`, { decision: 'reject', version: req.json.version });
      assert.equal(ok.status, 200, ok.text);
      const [rej] = await until(me, (n) => n.kind === 'leave_request.reject');
      assert.equal(rej.params.employee, '张伟');
      assert.equal(render('en', 'notice', rej.kind, 'title', rej.params), 'Leave request rejected');
    });

    test('labour-law alerts on contracts carry kind + params (fixed_term_ending, open_ended_due with its variant)', async () => {
      const e = (await admin.post('/api/v1/employees', { employee_no: 'I200', name: '钱续签', hire_date: '2020-03-01' })).json;
      const ending = shanghaiDate(20);
      const [, k2] = await twoFixedTerms(hr, e.id, ending);
      assert.equal((await hr.post('/api/v1/hiring-alerts/scan')).status, 200);
      const alerts = (await hr.get('/api/v1/hiring-alerts?status=open&limit=500')).json.items.filter((a) => a.subject_id === k2.json.id);
      const byKind = Object.fromEntries(alerts.map((a) => [a.kind, a]));
      assert.deepEqual(Object.keys(byKind).sort(), ['fixed_term_ending', 'open_ended_due']);
      const left = Math.round((Date.parse(ending) - Date.parse(shanghaiDate())) / 86400e3);
      assert.deepEqual(byKind.fixed_term_ending.params, { end_date: ending, days_left: String(left) });
      assert.match(byKind.fixed_term_ending.message, new RegExp(ending), 'the stored English text stays');
      assert.deepEqual(byKind.open_ended_due.params, { variant: 'second_fixed_term' });
      for (const a of alerts) assertRenders('alert', a.kind, ['message'], a.params);
      assert.equal(render('zh-CN', 'alert', 'fixed_term_ending', 'message', byKind.fixed_term_ending.params),
        `固定期限劳动合同将于 ${ending} 到期（还有 ${left} 天），请书面续签或终止`);
      assert.match(render('zh-CN', 'alert', 'open_ended_due', 'message', byKind.open_ended_due.params), /已连续订立两次固定期限劳动合同/);
    });

    test('labour-law alerts on offers carry kind + params (probation wage under 80%, probation too long)', async () => {
      const position = (await admin.post('/api/v1/positions', { title: '翻译', code: 'I18NP' })).json;
      const plan = await openPlan(hr, { title: '翻译', department_id: dept.id, position_id: position.id, headcount: 2,
        location: '上海', salary_min: '20000', salary_max: '30000' });
      const c = await hr.post('/api/v1/candidates', { name: '赵译', email: 'zhao.yi@example.com', phone: '13900001234' });
      assert.equal(c.status, 201, c.text);
      const a = await hr.post('/api/v1/applications', { candidate_id: c.json.id, requisition_id: plan.id });
      assert.equal(a.status, 201, a.text);
      for (const to of ['screened', 'interviewed'].filter((s) => s !== a.json.status))
        assert.equal((await hr.post(`/api/v1/applications/${a.json.id}/transition`, { to, reason: 'test' })).status, 200);
      assert.equal((await hr.post(`/api/v1/applications/${a.json.id}/decision`, { decision: 'hire', reason: 'ok' })).status, 201);
      const bad = await hr.post(`/api/v1/applications/${a.json.id}/offer`, { start_date: shanghaiDate(10), expires_on: shanghaiDate(5), monthly_salary: 21000,
        city: 'shanghai', probation_months: 3, probation_salary: 10000, contract_term_months: 36 });
      assert.equal(bad.status, 201, bad.text);
      assert.equal(bad.json.alerts.length, 1, JSON.stringify(bad.json.alerts));
      const wage = bad.json.alerts[0];
      assert.equal(wage.kind, 'probation_wage_below_contract_ratio');
      assert.deepEqual(wage.params, { probation_wage: '10000.00', pct: '80', floor: '16800.00' });
      assertRenders('alert', wage.kind, ['message'], wage.params);
      assert.equal(render('zh-CN', 'alert', wage.kind, 'message', wage.params),
        '试用期工资 10000.00 元低于劳动合同约定工资的 80%（16800.00 元，劳动合同法第二十条）');
      const listed = (await hr.get('/api/v1/hiring-alerts?status=open&limit=500')).json.items.find((x) => x.subject_type === 'offer' && x.subject_id === bad.json.id);
      assert.deepEqual(listed.params, wage.params, 'the HR alert list carries the same params');

      const long = await hr.post(`/api/v1/offers/${bad.json.id}/revise`, { probation_salary: 21000, contract_term_months: 6, version: bad.json.version });
      assert.equal(long.status, 200, long.text);
      const [tl] = long.json.alerts;
      assert.equal(tl.kind, 'probation_too_long');
      assert.deepEqual(tl.params, { basis: 'fixed', variant: 'fixed', term_months: '6', agreed_months: '3', max_months: '1' });
      assert.equal(render('zh-CN', 'alert', tl.kind, 'message', tl.params),
        '约定试用期 3 个月，劳动合同期限 6 个月的试用期最长 1 个月（劳动合同法第十九条）');
      assert.equal(render('en', 'alert', tl.kind, 'message', tl.params),
        '3 months of probation agreed; for a 6-month fixed term the most allowed is 1 (劳动合同法第十九条)');
    });

    test('the notifications schema declares params', async () => {
      const spec = (await admin.get('/api/v1/openapi.json')).json;
      assert.deepEqual(spec.components.schemas.Notification.properties.params.type, ['object', 'null']);
    });
  });
}
