// Media analysis under a backlog: N candidates each upload a recorded answer at once; the server's
// in-process worker pool (--workers 2) analyses them. Samples the server's CPU time from /proc while
// the backlog drains and prints the mean CPU use in cores (2.0 = both cores busy the whole time),
// the time to drain and the analyses per minute. Usage: node bench/media_backlog.mjs BIN [N] [SECONDS]
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = process.argv[2];
const N = Number(process.argv[3] || 8);
const SECONDS = Number(process.argv[4] || 20);
const PORT = 18561;
const dir = mkdtempSync(join(tmpdir(), 'hf-backlog-'));
const proc = spawn(BIN, ['serve', '--data', dir, '--port', String(PORT), '--bind', '127.0.0.1', '--access-log', 'off', '--workers', '2'],
  { env: { ...process.env, HIREFLOW_ADMIN_PASSWORD: 'Bench-Pass-123' }, stdio: 'ignore' });
const base = `http://127.0.0.1:${PORT}`;
const tick = () => Number(execFileSync('getconf', ['CLK_TCK']).toString());
const cpuSeconds = () => {
  const f = readFileSync(`/proc/${proc.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / tick();  // utime + stime
};

let cookie = '', csrf = '';
async function call(method, path, body, raw) {
  const headers = { cookie };
  if (method !== 'GET') headers['x-csrf-token'] = csrf;
  if (body !== undefined && !raw) headers['content-type'] = 'application/json';
  const r = await fetch(base + path, { method, headers, body: raw ? body : body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

try {
  for (let i = 0; ; i++) {
    try { if ((await fetch(`${base}/readyz`)).ok) break; } catch { /* starting */ }
    if (i > 300) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'Bench-Pass-123' }) });
  cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  csrf = (await login.json()).csrf_token;
  const wav = join(dir, 'a.wav'), webm = join(dir, 'a.webm');
  const words = 'I analysed the root cause with data, agreed a plan with the team and measured the result every week. ';
  execFileSync('espeak-ng', ['-v', 'en-us', '-w', wav, words.repeat(Math.ceil(SECONDS / 6))]);
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=640x480:rate=15', '-i', wav, '-t', String(SECONDS),
    '-c:v', 'libvpx', '-deadline', 'realtime', '-b:v', '500k', '-c:a', 'libopus', webm]);
  const video = readFileSync(webm);
  const dept = await call('POST', '/api/v1/departments', { name: 'B', code: 'BACKLOG' });
  const p = await call('POST', '/api/v1/requisitions', { title: 'Backlog', department_id: dept.id, headcount: 1 });
  const plan = await call('POST', `/api/v1/requisitions/${p.id}/transition`, { to: 'open', version: p.version });
  await call('POST', `/api/v1/requisitions/${plan.id}/questions/from-bank`, { bank: 'general_en' });
  const answers = [];
  for (let i = 0; i < N; i++) {
    const a = await call('POST', `/api/v1/careers/${plan.id}/apply`, { name: `P${i}`, email: `p${i}@example.com`, consent: true, consent_version: 'v1' });
    const token = (await call('POST', `/api/v1/applications/${a.application_id}/interview`, {})).link.split('/').pop();
    const open = await call('GET', `/api/v1/interview-links/${token}`);
    await call('POST', `/api/v1/interview-links/${token}/consent`, { accept: true, notice_version: open.notice.version });
    const q = (await call('GET', `/api/v1/interview-links/${token}`)).questions.find((x) => x.kind === 'core');
    const s = await call('POST', `/api/v1/interview-links/${token}/questions/${q.id}/answers`, { mode: 'video' });
    answers.push({ token, id: s.answer_id, app: a.application_id });
  }
  // Upload everything, then measure from the first finish until the backlog is drained.
  for (const x of answers) await call('PUT', `/api/v1/interview-links/${x.token}/answers/${x.id}/chunks?offset=0`, video, true);
  const cpu0 = cpuSeconds(), t0 = performance.now();
  for (const x of answers) await call('POST', `/api/v1/interview-links/${x.token}/answers/${x.id}/finish`, { size: video.length });
  for (;;) {
    const done = (await call('GET', '/api/v1/jobs?status=done&limit=500')).items.filter((j) => j.kind === 'interview.analyze_answer').length;
    if (done >= N) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const wall = (performance.now() - t0) / 1000, cpu = cpuSeconds() - cpu0;
  console.log(`media backlog: ${N} answers of ${SECONDS} s analysed in ${wall.toFixed(1)} s (${(N * 60 / wall).toFixed(1)} per minute), ` +
    `${(N * SECONDS / wall).toFixed(1)} s of recording per second`);
  console.log(`RATIO media backlog: mean CPU use = ${(cpu / wall).toFixed(2)} cores of 2 (${cpu.toFixed(1)} CPU s over ${wall.toFixed(1)} s)`);
} finally {
  proc.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
