// Analytics dashboards over 1,000,000 applications and 100,000 hires on SQLite, through the API.
// Generates the volume directly in SQLite (sqlite3 CLI: plans, candidates, applications with their
// status histories, hires with interviews, competency answers and 3/6/12-month reviews), starts the
// server, rebuilds the read models once (timed), then times every dashboard query cold (first call
// after the rebuild) and warm (p50/max of 20 calls). Target: every dashboard query under 200 ms.
// Usage: node bench/analytics_bench.mjs BIN [APPLICATIONS] [HIRES_PERCENT]
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = process.argv[2];
const N = Number(process.argv[3] || 1000000);
const PLANS = 2000;
const PORT = 18561;
const dir = mkdtempSync(join(tmpdir(), 'hf-analytics-bench-'));
const db = join(dir, 'hireflow.db');
let proc;
const cleanup = () => { proc?.kill('SIGTERM'); rmSync(dir, { recursive: true, force: true }); };
const env = { ...process.env, HIREFLOW_ADMIN_PASSWORD: 'Bench-Pass-123' };

const now = '2026-01-01T00:00:00.000Z';
const sql = `
PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA foreign_keys=OFF;
BEGIN;
CREATE TEMP TABLE seq(i INTEGER PRIMARY KEY);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${N}) INSERT INTO seq SELECT i FROM n;
CREATE TEMP TABLE stages(k INTEGER PRIMARY KEY, name TEXT);
INSERT INTO stages VALUES (1,'applied'),(2,'screened'),(3,'interview_invited'),(4,'interviewed'),(5,'second_round'),(6,'offer'),(7,'hired');
INSERT INTO departments(name, code, created_at, updated_at) SELECT 'Bench department ' || i, 'BD' || i, '${now}', '${now}' FROM seq WHERE i <= 20;
INSERT INTO requisitions(title, department_id, headcount, employment_type, status, created_at, updated_at)
  SELECT 'Bench plan ' || i, (SELECT MIN(id) FROM departments) + (i % 20), 50, 'full_time', 'open', '${now}', '${now}' FROM seq WHERE i <= ${PLANS};
INSERT INTO interview_questions(requisition_id, position, kind, text, language, think_seconds, answer_seconds, rerecords, competency, created_at, updated_at)
  SELECT r.id, k.k, 'core', 'Question ' || k.k, 'en', 30, 120, 1, CASE k.k WHEN 1 THEN 'communication' ELSE 'problem_solving' END, '${now}', '${now}'
  FROM requisitions r JOIN stages k ON k.k <= 2;
INSERT INTO candidates(name, email, email_key, source, created_at, updated_at)
  SELECT 'Bench candidate ' || i, 'b' || i || '@bench.example', 'b' || i || '@bench.example', 'careers', '${now}', '${now}' FROM seq;
-- Furthest stage of each application: 30% stop at screening, 25% after invitation, 20% interviewed,
-- 10% second round, 5% offer, 10% hired; those not hired are rejected, except every 9th who withdraws.
CREATE TEMP TABLE plan AS SELECT i, (i * 2654435761) % 1000 AS h FROM seq;
CREATE TEMP TABLE reach AS SELECT i, CASE WHEN h < 300 THEN 2 WHEN h < 550 THEN 3 WHEN h < 750 THEN 4 WHEN h < 850 THEN 5
  WHEN h < 900 THEN 6 ELSE 7 END AS k FROM plan;
INSERT INTO applications(id, requisition_id, candidate_id, status, source, score, recommendation, created_at, updated_at)
  SELECT r.i, 1 + (r.i % ${PLANS}), r.i, CASE WHEN r.k = 7 THEN 'hired' WHEN r.i % 9 = 0 THEN 'withdrawn' ELSE 'rejected' END,
    CASE r.i % 4 WHEN 0 THEN 'careers' WHEN 1 THEN 'referral' WHEN 2 THEN 'agency' ELSE 'import' END,
    40 + (r.i * 37) % 60, CASE WHEN (r.i * 37) % 60 > 35 THEN 'advance' ELSE 'review' END,
    strftime('%Y-%m-%dT%H:%M:%S.000Z', '2024-01-01', '+' || ((r.i / ${PLANS}) % 720) || ' days'), '${now}'
  FROM reach r;
INSERT INTO application_events(application_id, at, actor, kind, from_status, to_status, reason)
  SELECT r.i, strftime('%Y-%m-%dT%H:%M:%S.000Z', '2024-01-01', '+' || ((r.i / ${PLANS}) % 720 + 3 * (s.k - 1)) || ' days'),
    'bench', 'status', (SELECT name FROM stages WHERE k = s.k - 1), s.name, ''
  FROM reach r JOIN stages s ON s.k <= r.k ORDER BY r.i, s.k;
INSERT INTO application_events(application_id, at, actor, kind, from_status, to_status, reason)
  SELECT r.i, strftime('%Y-%m-%dT%H:%M:%S.000Z', '2024-01-01', '+' || ((r.i / ${PLANS}) % 720 + 3 * r.k) || ' days'),
    'bench', 'status', (SELECT name FROM stages WHERE k = r.k), CASE WHEN r.i % 9 = 0 THEN 'withdrawn' ELSE 'rejected' END, ''
  FROM reach r WHERE r.k < 7;
INSERT INTO interviews(application_id, token_hash, status, language, deadline, expires_at, invited_at, total_score, recommendation, updated_at)
  SELECT r.i, 'bench' || r.i, 'scored', 'en', '${now}', '${now}', '${now}', 50 + (r.i * 31) % 50, 'advance', '${now}' FROM reach r WHERE r.k = 7;
INSERT INTO interview_answers(interview_id, question_id, attempt, mode, status, is_final, score, created_at, updated_at)
  SELECT iv.id, q.id, 1, 'text', 'scored', 1, 40 + (iv.id * 13 + q.position * 7) % 60, '${now}', '${now}'
  FROM interviews iv JOIN applications a ON a.id = iv.application_id JOIN interview_questions q ON q.requisition_id = a.requisition_id;
INSERT INTO employees(employee_no, name, department_id, hire_date, status, application_id, created_at, updated_at)
  SELECT 'BE' || r.i, 'Bench hire ' || r.i, (SELECT MIN(id) FROM departments) + ((1 + (r.i % ${PLANS})) % 20),
    date('2024-01-01', '+' || ((r.i / ${PLANS}) % 720 + 20) || ' days'), 'active', r.i, '${now}', '${now}' FROM reach r WHERE r.k = 7;
INSERT INTO performance_final_ratings(employee_id, cycle_kind, period_start, period_end, rating, scale_min, scale_max, meets_expectations, finalized_at)
  SELECT e.id, c.kind, e.hire_date, date(e.hire_date, '+' || c.m || ' months'), 1 + ((e.id * 17 + c.m) % 9) / 2.0, 1, 5,
    CASE WHEN 1 + ((e.id * 17 + c.m) % 9) / 2.0 >= 3 THEN 1 ELSE 0 END, '${now}'
  FROM employees e JOIN (SELECT 'probation' AS kind, 3 AS m UNION ALL SELECT 'quarterly', 6 UNION ALL SELECT 'annual', 12) c
  WHERE e.application_id IS NOT NULL;
INSERT INTO market_salary_data(position, city, p25, p50, p75, p90, as_of, source, imported_at, position_key)
  SELECT 'Bench Engineer', 'Shanghai', 1500000 + i * 10000, 2000000 + i * 15000, 2500000 + i * 20000, 3000000 + i * 25000,
    date('2024-01-01', '+' || (i - 1) || ' months'), 'bench', '${now}', 'bench engineer' FROM seq WHERE i <= 24;
COMMIT;
ANALYZE;
`;

async function waitReady(base) {
  for (let i = 0; ; i++) {
    try { if ((await fetch(`${base}/readyz`)).ok) return; } catch { /* starting */ }
    if (i > 600) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
}

try {
  execFileSync(BIN, ['migrate', '--data', dir], { env, stdio: 'ignore' });
  let t0 = performance.now();
  writeFileSync(join(dir, 'gen.sql'), sql);
  execFileSync('sqlite3', [db], { input: sql, stdio: ['pipe', 'ignore', 'inherit'], maxBuffer: 1 << 20 });
  console.log(`generated ${N.toLocaleString('en')} applications (${PLANS} plans) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  proc = spawn(BIN, ['serve', '--data', dir, '--port', String(PORT), '--bind', '127.0.0.1', '--access-log', 'off', '--workers', '1'],
    { env, stdio: 'ignore' });
  const base = `http://127.0.0.1:${PORT}`;
  await waitReady(base);
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'Bench-Pass-123' }) });
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const csrf = (await login.json()).csrf_token;
  t0 = performance.now();
  const rebuilt = await (await fetch(`${base}/api/v1/analytics/refresh`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf } })).json();
  console.log(`read models rebuilt: ${JSON.stringify(rebuilt)} (${((performance.now() - t0) / 1000).toFixed(1)} s through the API)`);
  const get = async (path) => {
    const t = performance.now();
    const r = await fetch(base + path, { headers: { cookie } });
    const body = await r.text();
    if (r.status !== 200) throw new Error(`${path}: ${r.status} ${body.slice(0, 200)}`);
    return { ms: performance.now() - t, body };
  };
  const queries = [
    '/api/v1/analytics/funnel',
    '/api/v1/analytics/funnel?group_by=department',
    '/api/v1/analytics/funnel?group_by=source',
    '/api/v1/analytics/funnel?group_by=period',
    '/api/v1/analytics/funnel?group_by=requisition',
    '/api/v1/analytics/funnel?department_id=3&from=2024-06&to=2024-12',
    '/api/v1/analytics/funnel/applications?stage=offer&measure=eliminated&requisition_id=7',
    '/api/v1/analytics/funnel/applications?stage=hired',
    '/api/v1/analytics/quality',
    '/api/v1/analytics/quality?horizon=12',
    '/api/v1/analytics/quality?department_id=3',
    '/api/v1/analytics/prediction/model',
    '/api/v1/analytics/salary-trends?position=Bench%20Engineer&city=Shanghai',
  ];
  let worst = 0;
  console.log('query | cold ms | warm p50 ms | warm max ms');
  for (const q of queries) {
    const cold = (await get(q)).ms;
    const warm = [];
    for (let i = 0; i < 20; i++) warm.push((await get(q)).ms);
    warm.sort((a, b) => a - b);
    worst = Math.max(worst, cold, warm[warm.length - 1]);
    console.log(`${q} | ${cold.toFixed(1)} | ${warm[10].toFixed(1)} | ${warm[warm.length - 1].toFixed(1)}`);
  }
  // A new event: the next read folds it in (incremental, not a rebuild).
  const st = performance.now();
  execFileSync('sqlite3', [db], { input: `INSERT INTO application_events(application_id, at, actor, kind, from_status, to_status, reason) VALUES (5, '${now}', 'bench', 'status', 'rejected', 'screened', 'reopened');` });
  const after = await get('/api/v1/analytics/funnel');
  console.log(`one new event folded in and the funnel answered in ${after.ms.toFixed(1)} ms (wall ${(performance.now() - st).toFixed(0)} ms incl. sqlite3)`);
  console.log(`RATIO analytics: slowest dashboard query ${worst.toFixed(1)} ms / 200 ms target = ${(worst / 200).toFixed(3)} (target <= 1)`);
} finally {
  cleanup();
}
