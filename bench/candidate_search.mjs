// Candidate search latency through the API over N candidates (default 100,000) on SQLite.
// Loads candidates with the import API (1,000 per request, as HR would), then issues searches by
// skill, company, school and Chinese name from one keep-alive client and prints p50/p99, with the
// ratio against GET /healthz on the same connection (the HTTP floor). Target: p99 < 50 ms.
// Usage: node bench/candidate_search.mjs BIN [N]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = process.argv[2];
const N = Number(process.argv[3] || 100000);
const PORT = 18541;
const dir = mkdtempSync(join(tmpdir(), 'hf-search-bench-'));
const proc = spawn(BIN, ['serve', '--data', dir, '--port', String(PORT), '--bind', '127.0.0.1', '--access-log', 'off', '--workers', '1'],
  { env: { ...process.env, HIREFLOW_ADMIN_PASSWORD: 'Bench-Pass-123' }, stdio: 'ignore' });
const base = `http://127.0.0.1:${PORT}`;
const cleanup = () => { proc.kill('SIGTERM'); rmSync(dir, { recursive: true, force: true }); };

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
  const skills = ['Go', 'Java', 'Python', 'Kubernetes', 'Kafka', 'PostgreSQL', 'React', 'Vue', 'Rust', 'Spark', 'Flink', 'Redis',
    'Docker', 'Terraform', 'TensorFlow', 'PyTorch', 'Swift', 'Kotlin', 'Scala', 'Elixir'];
  const companies = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark', 'Wayne', 'Tyrell', '阿里巴巴', '腾讯', '字节跳动', '美团'];
  const surnames = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周'];
  const given = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '涛', '明'];
  const t0 = performance.now();
  for (let start = 0; start < N; start += 1000) {
    let csv = 'name,email,phone,skills,headline\n';
    for (let i = start; i < Math.min(N, start + 1000); i++) {
      const name = i % 2 ? `${surnames[i % 10]}${given[(i >> 3) % 15]}${given[(i >> 7) % 15]}` : `Person${i} ${companies[i % 12]}`;
      csv += `${name},c${i}@example.com,+86 139${String(i).padStart(8, '0')},"${skills[i % 20]};${skills[(i * 7) % 20]}",Engineer at ${companies[(i >> 2) % 12]}\n`;
    }
    const r = await fetch(`${base}/api/v1/candidates/import?dry_run=false`, { method: 'POST', body: csv,
      headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'text/csv' } });
    if (!r.ok) throw new Error(`import failed: ${r.status} ${await r.text()}`);
  }
  const loadS = (performance.now() - t0) / 1000;
  console.log(`loaded ${N} candidates through the import API in ${loadS.toFixed(1)} s (${Math.round(N / loadS)} per second)`);
  const queries = [...skills.map((s) => s.toLowerCase()), ...companies, ...surnames.map((s, i) => s + given[i]), 'kafka redis', 'go engineer'];
  const time = async (path) => {
    const t = performance.now();
    const r = await fetch(base + path, { headers: { cookie } });
    await r.arrayBuffer();
    if (!r.ok) throw new Error(`${path}: ${r.status}`);
    return performance.now() - t;
  };
  const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
  for (let i = 0; i < 50; i++) await time(`/api/v1/candidates?q=${encodeURIComponent(queries[i % queries.length])}`);  // warm up
  const lat = [], floor = [];
  for (let i = 0; i < 2000; i++) {
    lat.push(await time(`/api/v1/candidates?limit=20&q=${encodeURIComponent(queries[i % queries.length])}`));
    if (i % 4 === 0) floor.push(await time('/healthz'));
  }
  const p50 = pct(lat, 0.5), p99 = pct(lat, 0.99), f99 = pct(floor, 0.99);
  console.log(`search over ${N} candidates: p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms (target p99 < 50 ms)`);
  console.log(`RATIO search: p99 search / p99 healthz = ${(p99 / f99).toFixed(1)} (healthz p99 ${f99.toFixed(2)} ms)`);
} finally {
  cleanup();
}
