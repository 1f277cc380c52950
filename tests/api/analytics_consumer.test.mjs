// The analytics read models are folded by a background consumer (job analytics.fold over the outbox)
// shortly after a pipeline move, without any dashboard read; the fold on read stays as the fallback
// when no worker runs. Inspected through GET /api/v1/analytics/status, which folds nothing.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, adminClient, backends, openPlan, userClient } from '../harness.mjs';

// A plan open for applications and one application to it (HR's are screened at once): its id.
async function planAndApplication(hr, tag) {
  const d = await hr.post('/api/v1/departments', { name: `Consumer ${tag}`, code: `AC${tag}`.toUpperCase().replace(/[^A-Z0-9]/g, '') });
  assert.equal(d.status, 201, d.text);
  const plan = await openPlan(hr, { title: `Consumer plan ${tag}`, department_id: d.json.id, headcount: 1 });
  const c = await hr.post('/api/v1/candidates', { name: `Consumer ${tag}`, email: `consumer-${tag}@analytics.example` });
  assert.equal(c.status, 201, c.text);
  const a = await hr.post('/api/v1/applications', { candidate_id: c.json.id, requisition_id: plan.id, source: 'referral' });
  assert.equal(a.status, 201, a.text);
  return { plan: plan.id, app: a.json.id };
}

// Bounded wait for the background worker: polls the status (which never folds) until `done`.
async function statusUntil(hr, app, done) {
  let s;
  for (let i = 0; i < 200; i++) {
    s = (await hr.get(`/api/v1/analytics/status?application_id=${app}`)).json;
    if (done(s)) return s;
    await new Promise((res) => setTimeout(res, 50));
  }
  assert.fail(`read model never reached the expected state: ${JSON.stringify(s)}`);
}

for (const backend of backends()) {
  describe(`analytics consumer on ${backend}`, () => {
    let server, admin, hr, emp;

    before(async () => {
      server = await startServer({ db: backend });
      admin = await adminClient(server);
      hr = await userClient(server, admin, 'ac_hr', 'hr');
      emp = await userClient(server, admin, 'ac_emp', 'employee');
    });
    after(async () => { await server?.stop(); });

    test('the status is for analytics readers and validates its query', async () => {
      assert.equal((await emp.get('/api/v1/analytics/status')).status, 403);
      const bad = await hr.get('/api/v1/analytics/status?application_id=x');
      assert.equal(bad.status, 422);
      assert.equal(bad.json.field, 'application_id');
    });

    test('a pipeline move reaches the read model without a dashboard read', async () => {
      const { plan, app } = await planAndApplication(hr, `w-${backend}`);
      let s = await statusUntil(hr, app, (x) => x.application?.status === 'screened');
      assert.equal(s.last_fold_by, 'consumer', 'only the consumer has folded so far (no dashboard was read)');
      const move = await hr.post(`/api/v1/applications/${app}/transition`, { to: 'interview_invited', reason: 'consumer test' });
      assert.equal(move.status, 200, move.text);
      s = await statusUntil(hr, app, (x) => x.application?.status === 'interview_invited' && x.current);
      assert.deepEqual(s.application.reached, ['applied', 'screened', 'interview_invited']);
      assert.equal(s.last_fold_by, 'consumer');
      assert.equal(s.pending_events, 0);
      assert.equal(s.last_event_id, s.latest_event_id);
      // The dashboard then has nothing to fold: same data version, the move already counted.
      const f = await hr.get(`/api/v1/analytics/funnel?requisition_id=${plan}`);
      assert.equal(f.status, 200, f.text);
      const invited = f.json.totals.stages.find((x) => x.stage === 'interview_invited');
      assert.equal(invited.reached, 1);
      const after = (await hr.get('/api/v1/analytics/status')).json;
      assert.equal(after.data_version, s.data_version, 'the read folded nothing');
      assert.equal(after.last_fold_by, 'consumer');
    });
  });

  describe(`analytics snapshots over seeded history on ${backend}`, () => {
    let server, admin, hr, hm;

    before(async () => {
      server = await startServer({ db: backend, extraArgs: ['--seed-demo'] });
      admin = await adminClient(server);
      hr = await userClient(server, admin, 'ac_hr_s', 'hr');
      const dept = (await admin.post('/api/v1/departments', { name: 'Snapshot scope', code: 'ACSS' })).json;
      hm = await userClient(server, admin, 'ac_hm_s', 'hiring_manager', { department_id: dept.id });
    });
    after(async () => { await server?.stop(); });

    test('the consumer keeps company-wide quality and model results of the current hire facts', async () => {
      let s;
      for (let i = 0; i < 400; i++) {  // bounded wait for the background worker
        s = (await hr.get('/api/v1/analytics/status')).json;
        if (s.current && s.snapshots.current && s.hires > 0) break;
        await new Promise((res) => setTimeout(res, 50));
      }
      assert.ok(s.current && s.snapshots.current, JSON.stringify(s));
      assert.equal(s.last_fold_by, 'consumer');
      // HR's first call reads the snapshot: the same hires as the read model, with its correlations.
      const q = await hr.get('/api/v1/analytics/quality?horizon=6');
      assert.equal(q.status, 200, q.text);
      assert.equal(q.json.n_hires, s.hires);
      assert.equal(q.json.scatter.horizon_months, 6);
      assert.ok(q.json.correlations.some((c) => c.feature === 'interview_total' && c.horizon_months === 3 && c.n > 30));
      const m = await hr.get('/api/v1/analytics/prediction/model?horizon=3');
      assert.equal(m.status, 200, m.text);
      assert.ok(m.json.train_n > 0 && m.json.holdout_n > 0);
      assert.equal(m.json._w, undefined, 'the stored weights stay internal');
      // A hiring manager's scope is computed for them, never read from the company-wide snapshot.
      const mine = await hm.get('/api/v1/analytics/quality');
      assert.equal(mine.status, 200, mine.text);
      assert.equal(mine.json.n_hires, 0);
      // Any change to the employees (here a new one) is a change of the hire facts' stamps: the
      // snapshot is stale until the consumer has computed it again.
      const e = await admin.post('/api/v1/employees', { employee_no: `SNAP-${backend}`, name: '快照', hire_date: '2025-01-01' });
      assert.equal(e.status, 201, e.text);
      let t;
      for (let i = 0; i < 400; i++) {
        t = (await hr.get('/api/v1/analytics/status')).json;
        if (t.current && t.snapshots.current && t.snapshots.computed_at !== s.snapshots.computed_at) break;
        await new Promise((res) => setTimeout(res, 50));
      }
      assert.ok(t.snapshots.current && t.snapshots.computed_at !== s.snapshots.computed_at, JSON.stringify(t));
      assert.ok(t.data_version > s.data_version);
    });
  });

  describe(`analytics fold on read without workers on ${backend}`, () => {
    let server, admin, hr;

    before(async () => {
      server = await startServer({ db: backend, extraArgs: ['--workers', '0'] });
      admin = await adminClient(server);
      hr = await userClient(server, admin, 'ac_hr0', 'hr');
    });
    after(async () => { await server?.stop(); });

    test('with no consumer running the move waits, and the dashboard read folds it in', async () => {
      const { plan, app } = await planAndApplication(hr, `r-${backend}`);
      const move = await hr.post(`/api/v1/applications/${app}/transition`, { to: 'interview_invited', reason: 'fallback test' });
      assert.equal(move.status, 200, move.text);
      const before = (await hr.get(`/api/v1/analytics/status?application_id=${app}`)).json;
      assert.equal(before.current, false);
      assert.ok(before.pending_events > 0);
      assert.equal(before.application, null, 'not folded in: nobody folded yet');
      const f = await hr.get(`/api/v1/analytics/funnel?requisition_id=${plan}`);
      assert.equal(f.status, 200, f.text);
      assert.equal(f.json.totals.stages.find((x) => x.stage === 'interview_invited').reached, 1);
      const s = (await hr.get(`/api/v1/analytics/status?application_id=${app}`)).json;
      assert.equal(s.current, true);
      assert.equal(s.last_fold_by, 'read');
      assert.equal(s.application.status, 'interview_invited');
    });
  });
}
