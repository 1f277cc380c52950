// N candidates (default 1,000) uploading their recorded answers at the same time, in chunks, on
// loopback against the real server (SQLite). Set-up through the API: a plan with one core
// question, N candidates imported straight into the plan, N invitations (one link each), consent
// and one video attempt per link. Then every candidate sends MB megabytes (default 5) in CHUNK-byte
// chunks (default 1 MiB) on its own keep-alive connection, all at once, and finishes the answer.
// Prints: failed uploads (any chunk or finish not acknowledged), chunk acknowledgement latency
// p50/p99/max, throughput, and the server's peak RSS (VmHWM from /proc/<pid>/status).
// Targets (issue 4): no failed upload, RSS < 500 MB, p99 chunk acknowledgement < 250 ms.
// Background workers are off (--workers 0) so that media analysis of the uploads (random bytes,
// refused as unreadable) does not compete with the upload path being measured.
// Pacing: by default every candidate sends at recording pace — an answer of MB megabytes recorded
// over ANSWER_S seconds (default 120) yields a 1 MiB chunk every ANSWER_S / chunks seconds, as the
// web client uploads while MediaRecorder fills them — with the 1,000 candidates' first chunks spread
// over the first interval. ANSWER_S = 0 is the burst case: everyone sends everything as fast as
// the server takes it (then the latency measures queueing behind 1,000 MB in flight).
// Usage: node bench/interview_uploads.mjs BIN [N] [MB] [CHUNK] [ANSWER_S]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import http from 'node:http';
import { randomBytes } from 'node:crypto';

const BIN = process.argv[2];
const N = Number(process.argv[3] || 1000);
const MB = Number(process.argv[4] || 5);
const CHUNK = Number(process.argv[5] || 1 << 20);
const ANSWER_S = Number(process.argv[6] ?? 120);
const PORT = 18551;
const TOTAL = MB * 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'hf-upload-bench-'));
const proc = spawn(BIN, ['serve', '--data', dir, '--port', String(PORT), '--bind', '127.0.0.1', '--access-log', 'off', '--workers', '0'],
  { env: { ...process.env, HIREFLOW_ADMIN_PASSWORD: 'Bench-Pass-123' }, stdio: 'ignore' });
const base = `http://127.0.0.1:${PORT}`;
const cleanup = () => { proc.kill('SIGTERM'); rmSync(dir, { recursive: true, force: true }); };
const agent = new http.Agent({ keepAlive: true, maxSockets: N + 16 });

// One request on the shared keep-alive agent; resolves {status, body}.
function req(method, path, { headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const r = http.request({ host: '127.0.0.1', port: PORT, method, path, headers, agent }, (res) => {
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(parts).toString() }));
    });
    r.on('error', reject);
    if (body) r.end(body); else r.end();
  });
}
const json = (r) => { try { return JSON.parse(r.body); } catch { return null; } };

async function pool(items, width, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => { while (next < items.length) { const i = next++; await fn(items[i], i); } }));
}

try {
  for (let i = 0; ; i++) {
    try { if ((await fetch(`${base}/readyz`)).ok) break; } catch { /* starting */ }
    if (i > 300) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'Bench-Pass-123' }) });
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const csrf = (await login.json()).csrf_token;
  const staff = { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' };
  const post = async (path, body) => {
    const r = await req('POST', path, { headers: staff, body: JSON.stringify(body) });
    if (r.status >= 300) throw new Error(`${path}: ${r.status} ${r.body}`);
    return json(r);
  };
  const t0 = performance.now();
  const dept = await post('/api/v1/departments', { name: 'Bench', code: 'BENCHUP' });
  const draft = await post('/api/v1/requisitions', { title: 'Upload bench', department_id: dept.id, headcount: 1 });
  const plan = await post(`/api/v1/requisitions/${draft.id}/transition`, { to: 'open', version: draft.version });
  await post(`/api/v1/requisitions/${plan.id}/questions`, {
    kind: 'core', text: 'Describe a project you are proud of.', language: 'en', think_seconds: 30, answer_seconds: 300, rerecords: 1,
    key_points: [{ text: 'measured result', weight: 1 }] });
  let csv = 'name,email\n';
  for (let i = 0; i < N; i++) csv += `Upload Person ${i},up${i}@example.com\n`;
  const imp = await req('POST', `/api/v1/candidates/import?dry_run=false&requisition_id=${plan.id}`,
    { headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'text/csv' }, body: csv });
  if (imp.status !== 200) throw new Error(`import: ${imp.status} ${imp.body}`);
  const apps = [];
  for (let off = 0; apps.length < N; off += 500) {
    const page = json(await req('GET', `/api/v1/requisitions/${plan.id}/applications?limit=500&offset=${off}`, { headers: { cookie } }));
    apps.push(...page.items);
    if (!page.items.length) break;
  }
  if (apps.length !== N) throw new Error(`expected ${N} applications, got ${apps.length}`);
  const links = new Array(N);
  await pool(apps, 8, async (a, i) => {
    const inv = await post(`/api/v1/applications/${a.id}/interview`, {});
    const token = inv.link.split('/').pop();
    const open = json(await req('GET', `/api/v1/interview-links/${token}`));
    const c = await req('POST', `/api/v1/interview-links/${token}/consent`,
      { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ accept: true, notice_version: open.notice.version }) });
    if (c.status !== 200) throw new Error(`consent: ${c.status} ${c.body}`);
    const qs = json(await req('GET', `/api/v1/interview-links/${token}`)).questions;
    const q = qs.find((x) => x.kind === 'core');
    const s = await req('POST', `/api/v1/interview-links/${token}/questions/${q.id}/answers`,
      { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode: 'video' }) });
    if (s.status !== 200) throw new Error(`start: ${s.status} ${s.body}`);
    links[i] = { token, answer: json(s).answer_id };
  });
  console.log(`set-up: ${N} candidates, invitations, consents and attempts in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  // ---- the measured phase: everyone uploads at once ----
  const chunk = randomBytes(CHUNK);
  const latencies = [];
  let failed = 0, bytes = 0;
  const failures = [];
  const t1 = performance.now();
  const chunks = Math.ceil(TOTAL / CHUNK);
  const interval = (ANSWER_S * 1000) / chunks;  // ms between one candidate's chunks
  const sleep = (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
  await Promise.all(links.map(async ({ token, answer }) => {
    try {
      const startAt = performance.now() + Math.random() * interval;
      for (let off = 0, k = 0; off < TOTAL; off += CHUNK, k++) {
        if (interval > 0) await sleep(startAt + k * interval - performance.now());
        const len = Math.min(CHUNK, TOTAL - off);
        const body = len === CHUNK ? chunk : chunk.subarray(0, len);
        const s = performance.now();
        const r = await req('PUT', `/api/v1/interview-links/${token}/answers/${answer}/chunks?offset=${off}`,
          { headers: { 'content-type': 'application/octet-stream', 'content-length': String(len) }, body });
        latencies.push(performance.now() - s);
        if (r.status !== 200 || json(r)?.received !== off + len) throw new Error(`chunk at ${off}: ${r.status} ${r.body.slice(0, 200)}`);
        bytes += len;
      }
      const f = await req('POST', `/api/v1/interview-links/${token}/answers/${answer}/finish`,
        { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ size: TOTAL, content_type: 'video/webm' }) });
      if (f.status !== 200 || json(f)?.status !== 'uploaded') throw new Error(`finish: ${f.status} ${f.body.slice(0, 200)}`);
    } catch (e) {
      failed++;
      if (failures.length < 5) failures.push(e.message);
    }
  }));
  const secs = (performance.now() - t1) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  const status = readFileSync(`/proc/${proc.pid}/status`, 'utf8');
  const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)[1]) / 1024;
  console.log(`pacing: ${ANSWER_S > 0 ? `recording pace, one chunk per candidate every ${(interval / 1000).toFixed(1)} s` : 'burst (no pacing)'}`);
  console.log(`uploads: ${N} candidates x ${MB} MB in ${CHUNK >> 10} KiB chunks: ${N - failed} complete, ${failed} failed` +
    (failures.length ? ` (${failures.join('; ')})` : ''));
  console.log(`chunks acknowledged: ${latencies.length}; latency p50 ${pct(50).toFixed(1)} ms, p99 ${pct(99).toFixed(1)} ms, max ${latencies.at(-1).toFixed(1)} ms`);
  console.log(`throughput: ${(bytes / 1048576 / secs).toFixed(0)} MB/s over ${secs.toFixed(1)} s`);
  console.log(`server peak RSS (VmHWM): ${hwm.toFixed(0)} MB`);
  console.log(`TARGETS failed uploads = ${failed} (0) | p99 ${pct(99).toFixed(1)} ms (< 250) | RSS ${hwm.toFixed(0)} MB (< 500)`);
  if (failed) process.exitCode = 1;
} finally {
  agent.destroy();
  cleanup();
}
