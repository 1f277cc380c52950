// Test harness: starts the real hireflow binary on a free port with a fresh data directory and
// database (SQLite by default, PostgreSQL when db: 'postgresql'), and gives a small HTTP client
// that keeps the session cookie and sends the CSRF token like the web app does.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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
