// Probation reviews opened automatically, on SQLite and PostgreSQL: the run (the daily job's work,
// triggered by HR with an explicit date so no test waits for a day) opens one review for each
// employee whose probation ends within the configured days, assigns the manager, notifies them
// in-app through the job queue, and is idempotent.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, adminClient, backends, userClient } from '../harness.mjs';

// Far from today, so the real daily run (queued at start-up for today) never picks these people.
const AS_OF = '2031-03-01';

for (const backend of backends()) {
  describe(`probation reviews on ${backend}`, () => {
    let server, admin, hr, boss, me;
    let mgr, soon, edge, later, noEnd, gone;

    before(async () => {
      server = await startServer({ db: backend });
      admin = await adminClient(server);
      const rd = (await admin.post('/api/v1/departments', { name: '试用部', code: 'PRB' })).json;
      const emp = async (no, name, extra = {}) => {
        const r = await admin.post('/api/v1/employees', { employee_no: no, name, hire_date: '2030-12-01', department_id: rd.id, ...extra });
        assert.equal(r.status, 201, r.text);
        return r.json;
      };
      mgr = await emp('PM01', '周经理', { hire_date: '2020-01-01' });
      soon = await emp('PB01', '试用一', { status: 'probation', manager_id: mgr.id });
      edge = await emp('PB02', '试用二', { status: 'probation', manager_id: mgr.id });
      later = await emp('PB03', '试用三', { status: 'probation', manager_id: mgr.id });
      noEnd = await emp('PB04', '试用四', { status: 'probation', manager_id: mgr.id });
      gone = await emp('PB05', '试用五', { status: 'left', manager_id: mgr.id });
      hr = await userClient(server, admin, 'pr_hr', 'hr');
      boss = await userClient(server, admin, 'pr_boss', 'employee', { employee_id: mgr.id });
      me = await userClient(server, admin, 'pr_me', 'employee', { employee_id: soon.id });
      const setEnd = async (e, d) => {
        const r = await hr.put(`/api/v1/performance/employees/${e.id}/probation-end`, { probation_end: d });
        assert.equal(r.status, 200, r.text);
      };
      await setEnd(soon, '2031-03-10');   // 9 days ahead
      await setEnd(edge, '2031-03-15');   // exactly 14 days ahead: included
      await setEnd(later, '2031-03-16');  // 15 days ahead: not yet
      await setEnd(gone, '2031-03-05');   // has left: never
    });
    after(async () => { await server?.stop(); });

    test('probation end: HR only, validated, not before the hire date', async () => {
      assert.equal((await me.put(`/api/v1/performance/employees/${soon.id}/probation-end`, { probation_end: '2031-03-10' })).status, 403);
      const bad = await hr.put(`/api/v1/performance/employees/${soon.id}/probation-end`, { probation_end: '2031-02-30' });
      assert.equal(bad.status, 422);
      assert.equal(bad.json.field, 'probation_end');
      const early = await hr.put(`/api/v1/performance/employees/${soon.id}/probation-end`, { probation_end: '2030-11-30' });
      assert.equal(early.status, 422);
      assert.equal(early.json.field, 'probation_end');
      assert.equal((await hr.put('/api/v1/performance/employees/999999/probation-end', { probation_end: '2031-03-10' })).status, 404);
    });

    test('settings: 14 days by default, HR changes them with optimistic locking', async () => {
      const s = await hr.get('/api/v1/performance/probation-settings');
      assert.equal(s.status, 200, s.text);
      assert.equal(s.json.probation_review_days, 14);
      assert.equal((await me.get('/api/v1/performance/probation-settings')).status, 403);
      const bad = await hr.put('/api/v1/performance/probation-settings', { probation_review_days: 91, version: s.json.version });
      assert.equal(bad.status, 422);
      assert.equal(bad.json.field, 'probation_review_days');
      const stale = await hr.put('/api/v1/performance/probation-settings', { probation_review_days: 14, version: s.json.version + 5 });
      assert.equal(stale.status, 409);
      const ok = await hr.put('/api/v1/performance/probation-settings', { probation_review_days: 14, version: s.json.version });
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.json.version, s.json.version + 1);
      const again = await hr.put('/api/v1/performance/probation-settings', { probation_review_days: 14, version: s.json.version });
      assert.equal(again.status, 409, 'the old version is refused once changed');
    });

    test('the run opens a review for probation ending within 14 days, assigns and notifies the manager, once', async () => {
      assert.equal((await me.post('/api/v1/performance/probation-reviews/open', { as_of: AS_OF })).status, 403);
      const bad = await hr.post('/api/v1/performance/probation-reviews/open', { as_of: AS_OF, days_ahead: -1 });
      assert.equal(bad.status, 422);
      assert.equal(bad.json.field, 'days_ahead');
      const r = await hr.post('/api/v1/performance/probation-reviews/open', { as_of: AS_OF });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.days_ahead, 14);
      assert.equal(r.json.until, '2031-03-15');
      assert.deepEqual(r.json.opened.map((o) => o.employee_id).sort((a, b) => a - b), [soon.id, edge.id]);
      for (const o of r.json.opened) assert.equal(o.reviewer_employee_id, mgr.id);
      // One automatic probation cycle for March 2031 holds both.
      assert.equal(new Set(r.json.opened.map((o) => o.cycle_id)).size, 1);
      const cycles = (await hr.get('/api/v1/performance/cycles?limit=500')).json.items;
      const cycle = cycles.find((c) => c.id === r.json.opened[0].cycle_id);
      assert.equal(cycle.kind, 'probation');
      assert.equal(cycle.period_start, '2031-03-01');
      assert.equal(cycle.period_end, '2031-03-31');
      // The employee sees their review; the manager sees it in the team scope.
      const mine = (await me.get('/api/v1/performance/reviews?scope=mine')).json.items;
      assert.equal(mine.length, 1);
      assert.equal(mine[0].cycle_kind, 'probation');
      assert.equal(mine[0].reviewer_employee_id, mgr.id);
      const team = (await boss.get('/api/v1/performance/reviews?scope=team')).json.items.map((x) => x.employee_id);
      assert.ok(team.includes(soon.id) && team.includes(edge.id));
      // The manager is notified in-app by the job queue (bounded wait for the background worker).
      let notes = [];
      for (let i = 0; i < 200 && notes.length < 2; i++) {
        notes = (await boss.get('/api/v1/notifications?limit=100')).json.items.filter((n) => n.kind === 'review.probation_open');
        if (notes.length < 2) await new Promise((res) => setTimeout(res, 50));
      }
      assert.equal(notes.length, 2);
      assert.ok(notes.some((n) => /试用一/.test(n.body)) && notes.some((n) => /试用二/.test(n.body)));
      // Idempotent: a second run (the same day or the next) opens nothing new.
      const again = await hr.post('/api/v1/performance/probation-reviews/open', { as_of: AS_OF });
      assert.deepEqual(again.json.opened, []);
      const next = await hr.post('/api/v1/performance/probation-reviews/open', { as_of: '2031-03-02' });
      assert.deepEqual(next.json.opened.map((o) => o.employee_id), [later.id], 'the next day reaches the 15th-day probation only');
      assert.equal((await me.get('/api/v1/performance/reviews?scope=mine')).json.items.length, 1);
      // The employee without a probation end and the leaver never get one.
      const all = (await hr.get('/api/v1/performance/reviews?scope=all&limit=500')).json.items.map((x) => x.employee_id);
      assert.ok(!all.includes(noEnd.id) && !all.includes(gone.id));
    });

    test('an employee already in a probation cycle opened by HR is skipped', async () => {
      const e = (await admin.post('/api/v1/employees', { employee_no: 'PB06', name: '试用六', hire_date: '2030-12-01', status: 'probation', manager_id: mgr.id })).json;
      assert.equal((await hr.put(`/api/v1/performance/employees/${e.id}/probation-end`, { probation_end: '2031-04-10' })).status, 200);
      const c = await hr.post('/api/v1/performance/cycles', { name: '手工试用期考核', kind: 'probation', period_start: '2031-04-01', period_end: '2031-04-30', employee_ids: [e.id] });
      assert.equal(c.status, 201, c.text);
      const r = await hr.post('/api/v1/performance/probation-reviews/open', { as_of: '2031-04-01' });
      assert.equal(r.status, 200, r.text);
      assert.ok(!r.json.opened.some((o) => o.employee_id === e.id));
    });
  });
}
