// Foundation API behaviour against the real binary, on SQLite and on PostgreSQL.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import SwaggerParser from '@apidevtools/swagger-parser';
import { startServer, adminClient, Client, backends, ADMIN_PASSWORD, ROLE_PASSWORD, userClient } from '../harness.mjs';

import { readdirSync } from 'node:fs';
import { ROLES, STAFF, HR, ADMIN, READERS, MANAGERS } from './matrix/roles.mjs';
// Who may call each route. Every route in the OpenAPI document must be listed here or in a domain's
// tests/api/matrix/<domain>.mjs.
const CORE_MATRIX = {
  'GET /healthz': 'public', 'GET /readyz': 'public', 'GET /api/v1/openapi.json': 'public', 'POST /api/v1/auth/login': 'public',
  'POST /api/v1/auth/logout': STAFF, 'GET /api/v1/auth/me': STAFF, 'PATCH /api/v1/auth/me': STAFF, 'GET /api/v1/auth/tokens': STAFF,
  'POST /api/v1/auth/tokens': STAFF, 'DELETE /api/v1/auth/tokens/{id}': STAFF,
  'GET /api/v1/settings/company': STAFF, 'PUT /api/v1/settings/company': ADMIN,
  'GET /api/v1/departments': STAFF, 'POST /api/v1/departments': HR, 'GET /api/v1/departments/{id}': STAFF,
  'PATCH /api/v1/departments/{id}': HR, 'DELETE /api/v1/departments/{id}': HR,
  'GET /api/v1/positions': STAFF, 'POST /api/v1/positions': HR, 'GET /api/v1/positions/{id}': STAFF,
  'PATCH /api/v1/positions/{id}': HR, 'DELETE /api/v1/positions/{id}': HR,
  'GET /api/v1/grades': STAFF, 'POST /api/v1/grades': HR, 'GET /api/v1/grades/{id}': STAFF,
  'PATCH /api/v1/grades/{id}': HR, 'DELETE /api/v1/grades/{id}': HR,
  'GET /api/v1/employees': STAFF, 'POST /api/v1/employees': HR, 'POST /api/v1/employees/import': HR,
  'GET /api/v1/employees/{id}': STAFF, 'PATCH /api/v1/employees/{id}': HR, 'DELETE /api/v1/employees/{id}': HR,
  'GET /api/v1/users': ADMIN, 'POST /api/v1/users': ADMIN, 'GET /api/v1/users/{id}': ADMIN,
  'PATCH /api/v1/users/{id}': ADMIN, 'POST /api/v1/users/{id}/reset-password': ADMIN,
  'GET /api/v1/audit': ADMIN, 'GET /api/v1/audit/verify': ADMIN,
  'GET /api/v1/jobs': ADMIN, 'POST /api/v1/jobs/{id}/retry': ADMIN,
  'GET /api/v1/notifications': STAFF, 'POST /api/v1/notifications/{id}/read': STAFF,
  'GET /api/v1/requisitions': READERS, 'POST /api/v1/requisitions': MANAGERS, 'GET /api/v1/requisitions/{id}': READERS,
  'PATCH /api/v1/requisitions/{id}': MANAGERS, 'POST /api/v1/requisitions/{id}/transition': MANAGERS,
  'POST /api/v1/requisitions/{id}/rescreen': MANAGERS, 'GET /api/v1/requisitions/{id}/applications': READERS,
  'GET /api/v1/candidates': READERS, 'POST /api/v1/candidates': HR, 'GET /api/v1/candidates/{id}': READERS,
  'PATCH /api/v1/candidates/{id}': HR, 'POST /api/v1/candidates/{id}/notes': READERS, 'POST /api/v1/candidates/{id}/merge': HR,
  'POST /api/v1/candidates/{id}/erase': HR, 'GET /api/v1/candidates/{id}/resume': READERS, 'POST /api/v1/candidates/{id}/resume': HR,
  'POST /api/v1/candidates/import': HR,
  'POST /api/v1/applications': MANAGERS, 'POST /api/v1/applications/bulk-transition': MANAGERS,
  'GET /api/v1/applications/{id}': READERS, 'POST /api/v1/applications/{id}/transition': MANAGERS,
  'GET /api/v1/careers': 'public', 'GET /api/v1/careers/{id}': 'public', 'POST /api/v1/careers/{id}/resume': 'public',
  'POST /api/v1/careers/{id}/apply': 'public',
  'GET /api/v1/interview-settings': READERS, 'PUT /api/v1/interview-settings': ADMIN, 'GET /api/v1/interview-banks': READERS,
  'GET /api/v1/requisitions/{id}/questions': READERS, 'POST /api/v1/requisitions/{id}/questions': MANAGERS,
  'POST /api/v1/requisitions/{id}/questions/from-bank': MANAGERS, 'PATCH /api/v1/interview-questions/{id}': MANAGERS,
  'DELETE /api/v1/interview-questions/{id}': MANAGERS, 'POST /api/v1/applications/{id}/interview': MANAGERS,
  'GET /api/v1/applications/{id}/interview': READERS, 'POST /api/v1/interview-answers/{id}/ratings': READERS,
  'GET /api/v1/interview-answers/{id}/recording': READERS,
  'GET /api/v1/applications/{id}/interview/second-round': READERS,
  'GET /api/v1/interview-links/{token}': 'public', 'POST /api/v1/interview-links/{token}/consent': 'public',
  'POST /api/v1/interview-links/{token}/questions/{question}/answers': 'public',
  'GET /api/v1/interview-links/{token}/answers/{answer}': 'public',
  'PUT /api/v1/interview-links/{token}/answers/{answer}/chunks': 'public',
  'POST /api/v1/interview-links/{token}/answers/{answer}/finish': 'public',
  'POST /api/v1/interview-links/{token}/answers/{answer}/text': 'public',
  'POST /api/v1/interview-links/{token}/complete': 'public', 'POST /api/v1/interview-links/{token}/device-check': 'public', 'POST /api/v1/interview-links/{token}/human-review': 'public',
  // Payroll: the pay right is admin and HR; an employee reads their own payslips; the offer calculator is for managers.
  'GET /api/v1/payroll/employees/{id}/compensation': HR, 'POST /api/v1/payroll/employees/{id}/compensation': HR,
  'POST /api/v1/payroll/compensation/import': HR, 'PATCH /api/v1/payroll/compensation/{id}': HR,
  'DELETE /api/v1/payroll/compensation/{id}': HR, 'GET /api/v1/payroll/inputs': HR, 'PUT /api/v1/payroll/inputs': HR,
  'POST /api/v1/payroll/inputs/import': HR, 'GET /api/v1/payroll/runs': HR, 'POST /api/v1/payroll/runs': HR,
  'GET /api/v1/payroll/runs/{id}': HR, 'DELETE /api/v1/payroll/runs/{id}': HR, 'GET /api/v1/payroll/runs/{id}/payslips': HR,
  'POST /api/v1/payroll/runs/{id}/recalculate': HR, 'POST /api/v1/payroll/runs/{id}/approve': HR,
  'GET /api/v1/payroll/runs/{id}/disbursement': HR, 'POST /api/v1/payroll/opening-balances/import': HR,
  'GET /api/v1/payroll/opening-balances': HR, 'GET /api/v1/payroll/payslips/{id}': ['admin', 'hr', 'employee'],
  'GET /api/v1/me/payslips': ['admin', 'hr', 'employee'], 'POST /api/v1/payroll/preview': MANAGERS,
};
const MATRIX = { ...CORE_MATRIX };
for (const file of readdirSync(new URL('./matrix/', import.meta.url)).filter((f) => f !== 'roles.mjs').sort()) {
  const part = (await import(new URL(`./matrix/${file}`, import.meta.url))).default;
  for (const [route, roles] of Object.entries(part)) {
    if (route in MATRIX) throw new Error(`route ${route} listed twice in the role matrix (matrix/${file})`);
    MATRIX[route] = roles;
  }
}

let seq = 0;
const uniq = (p) => `${p}${Date.now().toString(36)}${seq++}`;

for (const backend of backends()) {
  describe(`foundation API on ${backend}`, () => {
    let server, admin, org;
    const users = {};

    before(async () => {
      server = await startServer({ db: backend });
      admin = await adminClient(server);
      const rd = (await admin.post('/api/v1/departments', { name: '研发部', code: 'RD' })).json;
      const rdA = (await admin.post('/api/v1/departments', { name: 'RD-A', code: 'RDA', parent_id: rd.id })).json;
      const sales = (await admin.post('/api/v1/departments', { name: 'Sales', code: 'SALES' })).json;
      const e1 = (await admin.post('/api/v1/employees', { employee_no: 'E1', name: 'In RD-A', department_id: rdA.id,
        hire_date: '2024-01-01', id_number: '110101199003077777', bank_account: '6222020200112233' })).json;
      const e2 = (await admin.post('/api/v1/employees', { employee_no: 'E2', name: 'In Sales', department_id: sales.id, hire_date: '2024-02-01' })).json;
      org = { rd, rdA, sales, e1, e2 };
      for (const role of ROLES.filter((r) => r !== 'admin')) {
        const extra = { display_name: role };
        if (role === 'hiring_manager' || role === 'interviewer') extra.department_id = rd.id;
        if (role === 'employee') extra.employee_id = e1.id;
        users[role] = await userClient(server, admin, `u_${role}`, role, extra);
      }
      users.admin = admin;
    });
    after(async () => { await server?.stop(); });

    test('health and readiness answer', async () => {
      const c = new Client(server.base);
      assert.deepEqual((await c.get('/healthz')).json, { status: 'ok' });
      const r = await c.get('/readyz');
      assert.equal(r.status, 200);
      assert.equal(r.json.database, backend);
    });

    test('every response has a request id and security headers', async () => {
      const r = await new Client(server.base).get('/healthz', { headers: { 'x-request-id': 'trace-abc-1' } });
      assert.equal(r.headers.get('x-request-id'), 'trace-abc-1');
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
      assert.match(r.headers.get('content-security-policy'), /default-src 'self'/);
    });

    test('login sets an HttpOnly session cookie and wrong passwords get 401 problem+json', async () => {
      const c = new Client(server.base);
      const bad = await c.post('/api/v1/auth/login', { username: 'admin', password: 'nope-nope-nope' });
      assert.equal(bad.status, 401);
      assert.equal(bad.headers.get('content-type'), 'application/problem+json');
      assert.equal(bad.json.code, 'unauthenticated');
      const ok = await fetch(server.base + '/api/v1/auth/login', { method: 'POST', body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
      const cookies = ok.headers.getSetCookie();
      assert.ok(cookies.some((c) => c.startsWith('hf_session=') && /HttpOnly/.test(c) && /SameSite=Lax/.test(c)));
      assert.ok(cookies.some((c) => c.startsWith('hf_csrf=')));
    });

    test('unsafe requests with the session cookie need the CSRF token', async () => {
      const r = await admin.post('/api/v1/departments', { name: 'x', code: uniq('C') }, { headers: { 'x-csrf-token': 'wrong' } });
      assert.equal(r.status, 403);
      assert.equal(r.json.code, 'csrf');
      const ok = await admin.post('/api/v1/departments', { name: 'x', code: uniq('C') });
      assert.equal(ok.status, 201);
    });

    test('API tokens authenticate without CSRF and stop working when revoked', async () => {
      const t = await admin.post('/api/v1/auth/tokens', { name: 'integration' });
      assert.equal(t.status, 201);
      assert.match(t.json.token, /^hf_/);
      const bot = new Client(server.base);
      bot.bearer = t.json.token;
      const created = await bot.post('/api/v1/grades', { code: uniq('G'), name: 'via token', level: 3 });
      assert.equal(created.status, 201, created.text);
      assert.equal((await admin.del(`/api/v1/auth/tokens/${t.json.id}`)).status, 204);
      assert.equal((await bot.get('/api/v1/grades')).status, 401);
    });

    test('people change their own name and language, nothing else, and it is audited', async () => {
      const me = (await users.employee.get('/api/v1/auth/me')).json.user;
      assert.equal(me.locale, 'zh-CN');
      const bad = [
        [{ locale: 'fr', version: me.version }, 'locale'],
        [{ display_name: '', version: me.version }, 'display_name'],
        [{ locale: 'en' }, 'version'],
        [{ role: 'admin', version: me.version }, 'role'],
        [{ department_id: 1, version: me.version }, 'department_id'],
      ];
      for (const [body, field] of bad) {
        const r = await users.employee.patch('/api/v1/auth/me', body);
        assert.equal(r.status, 422, `${JSON.stringify(body)}: ${r.text}`);
        assert.equal(r.json.field, field);
      }
      const ok = await users.employee.patch('/api/v1/auth/me', { locale: 'en', display_name: 'Employee Self', version: me.version });
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.json.locale, 'en');
      assert.equal(ok.json.role, 'employee');
      assert.equal((await users.employee.get('/api/v1/auth/me')).json.user.display_name, 'Employee Self');
      const stale = await users.employee.patch('/api/v1/auth/me', { locale: 'zh-CN', version: me.version });
      assert.equal(stale.status, 409);
      const audit = (await admin.get(`/api/v1/audit?entity=user&entity_id=${me.id}&limit=20`)).json.items;
      assert.ok(audit.some((a) => a.action === 'update' && a.after?.locale === 'en' && a.before?.locale === 'zh-CN'), JSON.stringify(audit));
      assert.equal((await users.employee.patch('/api/v1/auth/me', { locale: 'zh-CN', version: ok.json.version })).status, 200);
    });

    test('five failed logins throttle the account with 429', async () => {
      const r0 = await admin.post('/api/v1/users', { username: 'victim', password: 'Victim-Pass-1', role: 'employee' });
      assert.equal(r0.status, 201);
      const c = new Client(server.base);
      for (let i = 0; i < 5; i++) assert.equal((await c.post('/api/v1/auth/login', { username: 'victim', password: 'bad-password-x' })).status, 401);
      const r = await c.post('/api/v1/auth/login', { username: 'victim', password: 'Victim-Pass-1' });
      assert.equal(r.status, 429);
      assert.equal(r.json.code, 'rate_limited');
    });

    test('validation errors are 422 problem+json naming the field', async () => {
      const r = await admin.post('/api/v1/employees', { employee_no: 'E9', name: 'x', hire_date: '2024-02-30' });
      assert.equal(r.status, 422);
      assert.equal(r.json.field, 'hire_date');
      assert.equal(r.json.status, 422);
      assert.match(r.json.type, /problems\/invalid$/);
      const r2 = await admin.post('/api/v1/employees', { employee_no: 'E9', name: 'x', hire_date: '2024-02-01', email: 'not-mail' });
      assert.equal(r2.json.field, 'email');
      const r3 = await admin.post('/api/v1/departments', { name: 'x', code: 'ok', colour: 'red' });
      assert.equal(r3.json.field, 'colour');
      const r4 = await admin.req('POST', '/api/v1/departments', '{not json', { raw: true });
      assert.equal(r4.status, 400);
      assert.equal(r4.json.field, 'body');
      const r5 = await admin.get('/api/v1/employees?limit=100000');
      assert.equal(r5.status, 422);
      assert.equal(r5.json.field, 'limit');
    });

    test('a duplicate code is 409 naming the field', async () => {
      const r = await admin.post('/api/v1/departments', { name: 'again', code: 'RD' });
      assert.equal(r.status, 409);
      assert.equal(r.json.field, 'code');
    });

    test('a stale version is a 409 version_conflict and changes nothing', async () => {
      const d = (await admin.post('/api/v1/departments', { name: 'Lock', code: uniq('L') })).json;
      const first = await admin.patch(`/api/v1/departments/${d.id}`, { name: 'First', version: d.version });
      assert.equal(first.status, 200);
      assert.equal(first.json.version, d.version + 1);
      const stale = await admin.patch(`/api/v1/departments/${d.id}`, { name: 'Second', version: d.version });
      assert.equal(stale.status, 409);
      assert.equal(stale.json.code, 'version_conflict');
      assert.equal((await admin.get(`/api/v1/departments/${d.id}`)).json.name, 'First');
      const noVersion = await admin.patch(`/api/v1/departments/${d.id}`, { name: 'Third' });
      assert.equal(noVersion.json.field, 'version');
    });

    test('changes are audited with before/after and the hash chain verifies', async () => {
      const d = (await admin.post('/api/v1/departments', { name: 'Audited', code: uniq('A') })).json;
      await admin.patch(`/api/v1/departments/${d.id}`, { name: 'Audited 2', version: 1 });
      const log = await admin.get(`/api/v1/audit?entity=department&entity_id=${d.id}`);
      assert.equal(log.status, 200);
      assert.deepEqual(log.json.items.map((e) => e.action), ['update', 'create']);
      assert.equal(log.json.items[0].before.name, 'Audited');
      assert.equal(log.json.items[0].after.name, 'Audited 2');
      assert.equal(log.json.items[0].actor, 'admin');
      const v = await admin.get('/api/v1/audit/verify');
      assert.equal(v.json.ok, true);
      assert.ok(v.json.checked >= 2);
    });

    test('sensitive fields: full for HR, masked for others, never in the audit log', async () => {
      const full = await users.hr.get(`/api/v1/employees/${org.e1.id}`);
      assert.equal(full.json.id_number, '110101199003077777');
      const masked = await users.hiring_manager.get(`/api/v1/employees/${org.e1.id}`);
      assert.equal(masked.status, 200);
      assert.equal(masked.json.id_number, '**************7777');
      const log = await admin.get(`/api/v1/audit?entity=employee&entity_id=${org.e1.id}`);
      assert.ok(!log.text.includes('110101199003077777'));
    });

    test('a hiring manager sees only their department subtree', async () => {
      const hm = users.hiring_manager;
      const list = await hm.get('/api/v1/employees');
      assert.deepEqual(list.json.items.map((e) => e.employee_no), ['E1']);
      assert.equal((await hm.get(`/api/v1/employees/${org.e2.id}`)).status, 404);
      const emp = users.employee;
      assert.deepEqual((await emp.get('/api/v1/employees')).json.items.map((e) => e.employee_no), ['E1']);
      assert.equal((await emp.get(`/api/v1/employees/${org.e2.id}`)).status, 404);
    });

    test('CSV import: dry run reports per-row problems, commit is all-or-nothing unless skipping', async () => {
      const csv = 'employee_no,name,hire_date,department_code,email\nC1,Ok One,2024-01-01,RD,one@example.com\n' +
        'C2,Bad Date,2024-13-01,RD,\nC3,Bad Dept,2024-01-02,NOPE,\nC1,Dup,2024-01-03,RD,\n';
      const opts = { raw: true, headers: { 'content-type': 'text/csv' } };
      const dry = await admin.post('/api/v1/employees/import?dry_run=true', csv, opts);
      assert.equal(dry.status, 200);
      assert.equal(dry.json.total_rows, 4);
      assert.equal(dry.json.valid_rows, 1);
      assert.deepEqual(dry.json.problems.map((p) => [p.row, p.field]), [[2, 'hire_date'], [3, 'department_code'], [4, 'employee_no']]);
      const refused = await admin.post('/api/v1/employees/import?dry_run=false', csv, opts);
      assert.equal(refused.status, 422);
      assert.equal(refused.json.report.problems.length, 3);
      assert.equal((await admin.get('/api/v1/employees?q=C1')).json.total, 0);
      const skipped = await admin.post('/api/v1/employees/import?dry_run=false&skip_invalid=true', csv, opts);
      assert.equal(skipped.status, 200);
      assert.equal(skipped.json.imported, 1);
      assert.equal((await admin.get('/api/v1/employees?q=Ok%20One')).json.total, 1);
    });

    test('bodies over the limit get 413', async () => {
      const big = JSON.stringify({ name: 'x'.repeat(2 << 20), code: 'BIG' });
      const r = await admin.req('POST', '/api/v1/departments', big, { raw: true, headers: { 'content-type': 'application/json' } });
      assert.equal(r.status, 413);
      assert.equal(r.json.code, 'too_large');
    });

    test('JSON is gzipped when asked', async () => {
      const res = await fetch(server.base + '/api/v1/openapi.json', { headers: { 'accept-encoding': 'gzip' } });
      assert.equal(res.headers.get('content-encoding'), 'gzip');
    });

    test('unauthenticated calls to protected routes get 401', async () => {
      const anon = new Client(server.base);
      const doc = (await anon.get('/api/v1/openapi.json')).json;
      for (const [path, ops] of Object.entries(doc.paths)) {
        for (const method of Object.keys(ops)) {
          if (MATRIX[`${method.toUpperCase()} ${path}`] === 'public') continue;
          const r = await anon.req(method.toUpperCase(), path.replace(/\{[^}]+\}/g, '1'), method === 'get' ? undefined : {});
          assert.equal(r.status, 401, `${method} ${path}`);
        }
      }
    });

    test('role matrix: every route x every role is allowed or refused with 403/404', async () => {
      const doc = (await admin.get('/api/v1/openapi.json')).json;
      const routes = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
      const unlisted = routes.filter((r) => !(r in MATRIX));
      assert.deepEqual(unlisted, [], 'routes missing from the role matrix');
      for (const route of routes) {
        const allowed = MATRIX[route];
        if (allowed === 'public') continue;
        for (const role of ROLES) {
          const c = route === 'POST /api/v1/auth/logout' ? new Client(server.base) : users[role];
          if (c !== users[role]) await c.login(role === 'admin' ? 'admin' : `u_${role}`, role === 'admin' ? ADMIN_PASSWORD : ROLE_PASSWORD);
          const [method, pattern] = route.split(' ');
          const { path, body, raw } = await target(method, pattern, role);
          const r = await c.req(method, path, body, raw ? { raw: true, headers: { 'content-type': 'text/csv' } } : {});
          const label = `${route} as ${role}: ${r.status} ${r.text.slice(0, 160)}`;
          assert.ok(r.status < 500, label);
          if (allowed.includes(role)) assert.ok(![401, 403].includes(r.status), label);
          else assert.ok([403, 404].includes(r.status), label);
        }
      }
    });

    // A fresh target for each call, so that deletes and edits never disturb other checks.
    async function target(method, pattern, role) {
      const mk = async (kind, extra = {}) => (await admin.post(`/api/v1/${kind}`, extra)).json;
      let path = pattern, body = method === 'GET' || method === 'DELETE' ? undefined : {}, raw = false;
      const sub = (id) => pattern.replace('{id}', String(id));
      if (/departments\/\{id\}/.test(pattern)) {
        const d = await mk('departments', { name: 'T', code: uniq('T'), parent_id: org.rd.id });
        path = sub(d.id); if (method === 'PATCH') body = { name: 'T2', version: d.version };
      } else if (/positions\/\{id\}/.test(pattern)) {
        const p = await mk('positions', { title: 'T', code: uniq('P') });
        path = sub(p.id); if (method === 'PATCH') body = { title: 'T2', version: p.version };
      } else if (/grades\/\{id\}/.test(pattern)) {
        const g = await mk('grades', { code: uniq('G'), name: 'T' });
        path = sub(g.id); if (method === 'PATCH') body = { name: 'T2', version: g.version };
      } else if (/employees\/\{id\}/.test(pattern)) {
        const e = method === 'GET' ? org.e1 : await mk('employees', { employee_no: uniq('X'), name: 'T', hire_date: '2024-01-01', department_id: org.rdA.id });
        path = sub(e.id); if (method === 'PATCH') body = { name: 'T2', version: e.version };
      } else if (/users\/\{id\}/.test(pattern)) {
        const u = await mk('users', { username: uniq('m'), password: 'Matrix-Pass-1', role: 'employee' });
        path = pattern.replace('{id}', String(u.id));
        if (method === 'PATCH') body = { display_name: 'M2', version: u.version };
        if (pattern.endsWith('reset-password')) body = { password: 'Matrix-Pass-2' };
      } else if (/tokens\/\{id\}/.test(pattern)) {
        const t = await users[role].post('/api/v1/auth/tokens', { name: 'matrix' });
        path = sub(t.json.id);
      } else if (/jobs\/\{id\}/.test(pattern)) {
        path = sub(999999);
      } else if (/notifications\/\{id\}/.test(pattern)) {
        path = sub(999999);
      } else if (pattern === '/api/v1/employees/import') {
        path = `${pattern}?dry_run=true`; body = 'employee_no,name,hire_date\nM1,Matrix,2024-01-01\n'; raw = true;
      } else if (method === 'POST' && pattern === '/api/v1/departments') body = { name: 'M', code: uniq('M') };
      else if (method === 'POST' && pattern === '/api/v1/positions') body = { title: 'M', code: uniq('M') };
      else if (method === 'POST' && pattern === '/api/v1/grades') body = { name: 'M', code: uniq('M') };
      else if (method === 'POST' && pattern === '/api/v1/employees') body = { employee_no: uniq('N'), name: 'M', hire_date: '2024-01-01' };
      else if (method === 'POST' && pattern === '/api/v1/users') body = { username: uniq('n'), password: 'Matrix-Pass-1', role: 'employee' };
      else if (method === 'POST' && pattern === '/api/v1/auth/tokens') body = { name: 'm' };
      else if (method === 'PUT' && pattern === '/api/v1/settings/company') {
        const cur = (await admin.get('/api/v1/settings/company')).json;
        body = { name: 'Matrix Co', time_zone: 'Asia/Shanghai', currency: 'CNY', city: 'Shanghai', version: cur.version || 1 };
      }
      return { path, body, raw };
    }

    test('changes reach HR and admins as in-app notifications through the job queue', async () => {
      const e = (await admin.post('/api/v1/employees', { employee_no: uniq('NT'), name: '通知测试', hire_date: '2024-03-01' })).json;
      let mine = [];
      for (let i = 0; i < 200 && mine.length === 0; i++) {  // bounded wait for the background worker
        mine = (await users.hr.get('/api/v1/notifications?limit=100')).json.items.filter((n) => n.link === `/employees/${e.id}`);
        if (!mine.length) await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal(mine.length, 1);
      assert.equal(mine[0].read, false);
      assert.match(mine[0].body, /通知测试/);
      // The actor is not notified of their own change; employees are not notified at all.
      assert.equal((await admin.get('/api/v1/notifications?limit=100')).json.items.filter((n) => n.link === `/employees/${e.id}`).length, 0);
      assert.equal((await users.employee.get('/api/v1/notifications')).json.total, 0);
      assert.equal((await users.hr.post(`/api/v1/notifications/${mine[0].id}/read`)).status, 204);
      assert.equal((await users.employee.post(`/api/v1/notifications/${mine[0].id}/read`)).status, 404);
      const jobs = await admin.get('/api/v1/jobs?status=done');
      assert.ok(jobs.json.items.some((j) => j.kind === 'notify'));
      assert.equal((await admin.get('/api/v1/jobs?status=bogus')).json.field, 'status');
    });

    test('the OpenAPI document is valid OpenAPI 3.1 and covers every route', async () => {
      const doc = (await admin.get('/api/v1/openapi.json')).json;
      assert.equal(doc.openapi, '3.1.0');
      await SwaggerParser.validate(structuredClone(doc));
      assert.equal(Object.keys(MATRIX).length, Object.values(doc.paths).reduce((n, ops) => n + Object.keys(ops).length, 0));
    });

    test('the web app is served with SPA fallback and unknown assets are 404', async () => {
      const r = await fetch(server.base + '/employees/42');
      assert.ok([200, 503].includes(r.status));
      assert.match(r.headers.get('content-type'), /text\/html/);
      const a = await fetch(server.base + '/assets/missing-file.js');
      assert.equal(a.status, 404);
    });
  });
}
