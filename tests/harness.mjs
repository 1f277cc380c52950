// Test harness: starts the real hireflow binary on a free port with a fresh data directory and
// database (SQLite by default, PostgreSQL when db: 'postgresql'), and gives a small HTTP client
// that keeps the session cookie and sends the CSRF token like the web app does.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import pg from './pgreset.mjs';

export const ADMIN_PASSWORD = 'Admin-Pass-123';
const BIN = process.env.HIREFLOW_BIN || new URL('../build/hireflow', import.meta.url).pathname;
const WEB = process.env.HIREFLOW_WEB || new URL('../web/dist', import.meta.url).pathname;

export async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
    s.on('error', reject);
  });
}

// Backends to run a suite on: SQLite always; PostgreSQL when make test started one.
export function backends() {
  return process.env.HIREFLOW_TEST_PG_URL ? ['sqlite', 'postgresql'] : ['sqlite'];
}

export async function startServer({ db = 'sqlite', seed = false, dataDir, extraArgs = [], env = {} } = {}) {
  const dir = dataDir || mkdtempSync(join(tmpdir(), 'hireflow-api-'));
  const port = await freePort();
  const args = ['serve', '--data', dir, '--port', String(port), '--bind', '127.0.0.1', '--web', WEB, ...extraArgs];
  if (db === 'postgresql' || db === 'postgresql-keep') {
    if (db === 'postgresql') await pg.reset();  // 'postgresql-keep' reopens the same data
    args.push('--db', process.env.HIREFLOW_TEST_PG_URL);
  }
  if (seed) args.push('--seed-demo');
  const proc = spawn(BIN, args, { env: { ...process.env, HIREFLOW_ADMIN_PASSWORD: ADMIN_PASSWORD, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout.on('data', (d) => { output += d; });
  proc.stderr.on('data', (d) => { output += d; });
  const base = `http://127.0.0.1:${port}`;
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  // Wait for readiness: poll /readyz until it answers or the process dies (no fixed sleeps).
  for (let i = 0; ; i++) {
    const done = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 50))]);
    if (done) throw new Error(`server exited before ready:\n${output}`);
    try {
      const r = await fetch(`${base}/readyz`);
      if (r.ok) break;
    } catch { /* not listening yet */ }
    if (i > 600) throw new Error(`server not ready after 30 s:\n${output}`);
  }
  return {
    base, port, dir, proc, output: () => output, exited,
    async stop() { proc.kill('SIGTERM'); await exited; if (!dataDir) rmSync(dir, { recursive: true, force: true }); },
    async kill9() { proc.kill('SIGKILL'); return exited; },
  };
}

export class Client {
  constructor(base) { this.base = base; this.cookies = new Map(); this.csrf = ''; this.bearer = ''; }
  cookieHeader() { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '); }
  async req(method, path, body, { headers = {}, raw = false } = {}) {
    const h = { ...headers };
    if (this.bearer) h.authorization = `Bearer ${this.bearer}`;
    else if (this.cookies.size) h.cookie = this.cookieHeader();
    if (this.csrf && !['GET', 'HEAD'].includes(method) && !('x-csrf-token' in h)) h['x-csrf-token'] = this.csrf;
    let payload;
    if (body !== undefined) {
      if (raw) payload = body;
      else { payload = JSON.stringify(body); h['content-type'] = 'application/json'; }
    }
    const res = await fetch(this.base + path, { method, headers: h, body: payload });
    for (const c of res.headers.getSetCookie?.() || []) {
      const [kv] = c.split(';');
      const i = kv.indexOf('=');
      const k = kv.slice(0, i), v = kv.slice(i + 1);
      if (v) this.cookies.set(k, v); else this.cookies.delete(k);
    }
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
    return { status: res.status, headers: res.headers, json, text };
  }
  get(p, o) { return this.req('GET', p, undefined, o); }
  post(p, b, o) { return this.req('POST', p, b, o); }
  patch(p, b, o) { return this.req('PATCH', p, b, o); }
  put(p, b, o) { return this.req('PUT', p, b, o); }
  del(p, o) { return this.req('DELETE', p, undefined, o); }
  async login(username, password) {
    const r = await this.post('/api/v1/auth/login', { username, password });
    if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${r.text}`);
    this.csrf = r.json.csrf_token;
    return r.json.user;
  }
}

export async function adminClient(server) {
  const c = new Client(server.base);
  await c.login('admin', ADMIN_PASSWORD);
  return c;
}

export const ROLE_PASSWORD = 'Role-Pass-123';

// A user with `role` created by `admin` (`extra`: department_id, employee_id, display_name, …) and
// signed in: their client, with the new account as `.user` and its id as `.id`.
export async function userClient(server, admin, username, role, extra = {}) {
  const r = await admin.post('/api/v1/users', { username, password: ROLE_PASSWORD, role, display_name: username, ...extra });
  assert.equal(r.status, 201, r.text);
  const c = new Client(server.base);
  await c.login(username, ROLE_PASSWORD);
  c.user = r.json;
  c.id = r.json.id;
  return c;
}

// The company's calendar date (Asia/Shanghai, UTC+8), `offsetDays` from today: the day the server's
// daily scans call today.
export function shanghaiDate(offsetDays = 0) {
  return new Date(Date.now() + 8 * 3600e3 + offsetDays * 86400e3).toISOString().slice(0, 10);
}

// Employees hired outside onboarding, imported by `client` from a CSV of [employee_no, name, hire_date]
// rows (no contract on record): their records by employee number.
export async function importEmployees(client, rows) {
  const csv = 'employee_no,name,hire_date\n' + rows.map((r) => r.join(',')).join('\n') + '\n';
  const r = await client.post('/api/v1/employees/import?dry_run=false', csv, { raw: true, headers: { 'content-type': 'text/csv' } });
  assert.equal(r.status, 200, r.text);
  const out = {};
  for (const [no] of rows) out[no] = (await client.get(`/api/v1/employees?q=${no}`)).json.items.find((e) => e.employee_no === no);
  return out;
}

// Two consecutive fixed-term contracts of one employee (hired 2020-03-01) recorded by `client`, the
// second ending on `ending`: a fixed term ending and, being the second, an open-ended contract due.
// The two responses.
export async function twoFixedTerms(client, employeeId, ending) {
  const first = await client.post('/api/v1/labour-contracts', { employee_id: employeeId, contract_type: 'fixed', start_date: '2020-03-01',
    end_date: '2023-02-28', probation_end: '2020-05-31', signed_on: '2020-03-01', monthly_salary: 15000, city: 'beijing' });
  assert.equal(first.status, 201, first.text);
  const second = await client.post('/api/v1/labour-contracts', { employee_id: employeeId, contract_type: 'fixed', start_date: '2023-03-01',
    end_date: ending, signed_on: '2023-02-20', monthly_salary: 16000, city: 'beijing' });
  assert.equal(second.status, 201, second.text);
  return [first, second];
}

// A hiring plan (requisition: title, department_id, headcount, …) created by `client` and opened for
// applications: the open plan.
export async function openPlan(client, fields) {
  const r = await client.post('/api/v1/requisitions', fields);
  assert.equal(r.status, 201, r.text);
  const open = await client.post(`/api/v1/requisitions/${r.json.id}/transition`, { to: 'open', version: r.json.version });
  assert.equal(open.status, 200, open.text);
  return open.json;
}

// A real SMTP server (aiosmtpd) writing every message into a maildir; messages() reads them all.
export async function startSmtp() {
  const dir = mkdtempSync(join(tmpdir(), 'hf-smtp-'));
  const port = await freePort();
  const proc = spawn('/usr/bin/python3', ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`, '-c', 'aiosmtpd.handlers.Mailbox', join(dir, 'mail')],
    { stdio: 'ignore' });
  for (let i = 0; ; i++) {
    try {
      await new Promise((resolve, reject) => {
        import('node:net').then(({ connect }) => { const s = connect(port, '127.0.0.1', () => { s.end(); resolve(); }); s.on('error', reject); });
      });
      break;
    } catch { if (i > 200) throw new Error('SMTP server did not start'); await new Promise((r) => setTimeout(r, 50)); }
  }
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages() {
      const out = [];
      for (const sub of ['new', 'cur']) {
        try { for (const f of readdirSync(join(dir, 'mail', sub))) out.push(readFileSync(join(dir, 'mail', sub, f), 'utf8')); } catch { /* none yet */ }
      }
      return out;
    },
    stop() { proc.kill('SIGTERM'); rmSync(dir, { recursive: true, force: true }); },
  };
}

// The MIME parts of a message, decoded by Python's email package (a real MIME parser); attachments
// (non-text parts) are written to files named by `path`.
export function mimeParts(raw) {
  const dir = mkdtempSync(join(tmpdir(), 'hf-mime-'));
  const out = execFileSync('/usr/bin/python3', ['-c', `
import email, json, sys, os
from email import policy
m = email.message_from_string(sys.stdin.read(), policy=policy.default)
parts = []
for i, p in enumerate(m.walk()):
    if p.is_multipart(): continue
    item = {"type": p.get_content_type(), "filename": p.get_filename(), "text": p.get_content() if p.get_content_maintype() == "text" else ""}
    if p.get_content_maintype() != "text":
        path = os.path.join(sys.argv[1], "part%d" % i)
        open(path, "wb").write(p.get_payload(decode=True))
        item["path"] = path
    parts.append(item)
print(json.dumps({"subject": str(m["subject"]), "to": str(m["to"]), "parts": parts}))
`, dir], { input: raw });
  return JSON.parse(out.toString());
}
