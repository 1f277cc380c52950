// The command line contracts of the real binary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

const BIN = process.env.HIREFLOW_BIN || new URL('../../build/hireflow', import.meta.url).pathname;
const run = (args, input) => spawnSync(BIN, args, { input, encoding: 'utf8' });

test('--help lists every command', () => {
  const r = run(['--help']);
  assert.equal(r.status, 0);
  for (const c of ['serve', 'migrate', 'user create', 'user reset-password', 'calc']) assert.ok(r.stdout.includes(c), c);
});

test('an unknown command exits 2 with the help', () => {
  const r = run(['frobnicate']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown command/);
});

test('calc iit-cumulative reproduces the tax authority example (555 / 625 / 1850)', () => {
  const month = (m) => ({ month: m, gross: 30000, special_deduction: 4500, special_additional_deduction: 2000 });
  const r = run(['calc', 'iit-cumulative'], JSON.stringify({ months: [month(1), month(2), month(3)] }));
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(out.per_month.map((m) => m.withheld_this_month), ['555.00', '625.00', '1850.00']);
  assert.equal(out.total_withheld, '3030.00');
});

test('calc rejects invalid input with exit code 2 and a message', () => {
  for (const [kind, input] of [['annual-bonus', '{"bonus": -5}'], ['annual-bonus', 'not json'], ['no-such-kind', '{}'],
    ['iit-cumulative', '{"months":[{"month":3,"gross":1},{"month":2,"gross":1}]}']]) {
    const r = run(['calc', kind], input);
    assert.equal(r.status, 2, `${kind} ${input}`);
    assert.ok(r.stderr.trim().length > 0);
  }
});

test('user create and reset-password work against a fresh database', async () => {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const dir = mkdtempSync('/tmp/hireflow-cli-');
  try {
    const c = spawnSync(BIN, ['user', 'create', '--data', dir, '--username', 'carol', '--role', 'hr'],
      { env: { ...process.env, HIREFLOW_USER_PASSWORD: 'Carol-Pass-123' }, encoding: 'utf8' });
    assert.equal(c.status, 0, c.stderr);
    assert.match(c.stdout, /created user carol/);
    const weak = spawnSync(BIN, ['user', 'reset-password', '--data', dir, '--username', 'carol', '--password', 'short'], { encoding: 'utf8' });
    assert.equal(weak.status, 2);
    const ok = spawnSync(BIN, ['user', 'reset-password', '--data', dir, '--username', 'carol', '--password', 'Carol-Pass-456'], { encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
