// Analytics API against the real binary, on SQLite and on PostgreSQL: the funnel folded from the
// pipeline history (figures worked out by hand), drill-down and exports, department scope, quality
// of hire checked against statistics computed here from the returned points, the prediction with its
// validation (and its refusal on too little history), salary trends against a least-squares line
// computed here, the LL144 bias audit against rates computed here (2% rule, unknowns), voluntary
// self-identification links, and post-hire adjustment suggestions through to a compensation row.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, adminClient, Client, backends, openPlan, userClient } from '../harness.mjs';

const CSV = { raw: true, headers: { 'content-type': 'text/csv' } };

// ---- independent statistics -----------------------------------------------------------------------
const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
function pearson(x, y) {
  const mx = mean(x), my = mean(y);
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < x.length; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) ** 2; syy += (y[i] - my) ** 2; }
  return sxy / Math.sqrt(sxx * syy);
}
function ranks(v) {
  const idx = v.map((_, i) => i).sort((a, b) => v[a] - v[b]);
  const r = new Array(v.length);
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && v[idx[j + 1]] === v[idx[i]]) j++;
    for (let k = i; k <= j; k++) r[idx[k]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}
const spearman = (x, y) => pearson(ranks(x), ranks(y));
function median(v) {
  const s = [...v].sort((a, b) => a - b), n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}
const near = (a, b, eps, msg) => assert.ok(Math.abs(a - b) <= eps, `${msg}: ${a} vs ${b}`);

async function move(c, app, ...to) {
  for (const s of to) {
    const r = await c.post(`/api/v1/applications/${app}/transition`, { to: s, reason: `to ${s}` });
    assert.equal(r.status, 200, `${app} -> ${s}: ${r.text}`);
  }
}

for (const backend of backends()) {
  describe(`analytics API on ${backend}`, () => {
    let server, admin, hr, hm, hmB, iv, emp, anon, deptA, deptB, planA, planB;
    const apps = {};

    before(async () => {
      server = await startServer({ db: backend });
      admin = await adminClient(server);
      anon = new Client(server.base);
      deptA = (await admin.post('/api/v1/departments', { name: '销售部', code: 'ANS' })).json;
      deptB = (await admin.post('/api/v1/departments', { name: 'Ops', code: 'ANO' })).json;
      hr = await userClient(server, admin, 'an_hr', 'hr');
      hm = await userClient(server, admin, 'an_hm', 'hiring_manager', { department_id: deptA.id });
      hmB = await userClient(server, admin, 'an_hm_b', 'hiring_manager', { department_id: deptB.id });
      iv = await userClient(server, admin, 'an_iv', 'interviewer', { department_id: deptA.id });
      emp = await userClient(server, admin, 'an_emp', 'employee');
      for (const [key, dept] of [['A', deptA], ['B', deptB]]) {
        const open = await openPlan(hr, { title: `Analytics plan ${key}`, department_id: dept.id, headcount: 3 });
        if (key === 'A') planA = open; else planB = open;
      }
      const add = async (name, plan, source) => {
        const c = await hr.post('/api/v1/candidates', { name, email: `${name.toLowerCase()}@analytics.example` });
        assert.equal(c.status, 201, c.text);
        const a = await hr.post('/api/v1/applications', { candidate_id: c.json.id, requisition_id: plan.id, source });
        assert.equal(a.status, 201, a.text);
        return a.json.id;
      };
      apps.hired = await add('Hired', planA, 'referral');
      apps.rejected = await add('Rejected', planA, 'referral');
      apps.declined = await add('Declined', planA, 'agency');
      apps.waiting = await add('Waiting', planA, 'agency');
      apps.b1 = await add('Bee', planB, 'referral');
      apps.b2 = await add('Bea', planB, 'referral');
      // Applications added by HR are screened at once (status screened).
      await move(hr, apps.hired, 'interview_invited', 'interviewed', 'offer', 'hired');
      await move(hr, apps.rejected, 'rejected');
      await move(hr, apps.declined, 'interview_invited', 'interviewed', 'offer', 'withdrawn');
      await move(hr, apps.b1, 'interview_invited');
    });
    after(async () => { await server?.stop(); });

    // Plan A: 4 applied and screened (one rejected there); 2 invited, 2 interviewed, none in a second
    // round but both passed on to offer; 2 offers: 1 hired, 1 withdrawn.
    test('the funnel of a plan counts each stage, pass and elimination rates and offer acceptance', async () => {
      const r = await hr.get(`/api/v1/analytics/funnel?requisition_id=${planA.id}`);
      assert.equal(r.status, 200, r.text);
      const t = r.json.totals;
      const by = Object.fromEntries(t.stages.map((s) => [s.stage, s]));
      assert.deepEqual(t.stages.map((s) => s.reached), [4, 4, 2, 2, 2, 2, 1]);
      assert.equal(t.applications, 4);
      assert.equal(by.screened.eliminated, 1);
      assert.equal(by.screened.elimination_rate, 0.25);
      assert.equal(by.screened.pass_rate, 0.5);
      assert.equal(by.applied.pass_rate, 1);
      assert.equal(by.offer.pass_rate, 0.5);
      assert.equal(t.hires, 1);
      assert.equal(t.offers_decided, 2);
      assert.equal(t.offer_acceptance_rate, 0.5);
      assert.equal(t.withdrawn, 1);
      assert.ok(t.avg_days_to_hire >= 0);
      const bySource = await hr.get(`/api/v1/analytics/funnel?requisition_id=${planA.id}&group_by=source`);
      const groups = Object.fromEntries(bySource.json.groups.map((g) => [g.key, g]));
      assert.deepEqual(Object.keys(groups).sort(), ['agency', 'referral']);
      assert.equal(groups.referral.hires, 1);
      assert.equal(groups.agency.applications, 2);
      const byDept = await hr.get('/api/v1/analytics/funnel?group_by=department');
      const a = byDept.json.groups.find((g) => g.key === String(deptA.id));
      assert.equal(a.label, '销售部');
      assert.equal(a.applications, 4);
    });

    test('a new move is folded into the funnel at the next read', async () => {
      await move(hr, apps.waiting, 'interview_invited');
      const r = await hr.get(`/api/v1/analytics/funnel?requisition_id=${planA.id}`);
      assert.equal(r.json.totals.stages[2].reached, 3);
      const back = await hr.get(`/api/v1/analytics/funnel?requisition_id=${planA.id}&from=2000-01&to=2099-12`);
      assert.equal(back.json.totals.applications, 4);
      const none = await hr.get(`/api/v1/analytics/funnel?requisition_id=${planA.id}&to=2000-01`);
      assert.equal(none.json.totals.applications, 0);
    });

    test('every funnel figure drills down to its applications', async () => {
      const elim = await hr.get(`/api/v1/analytics/funnel/applications?requisition_id=${planA.id}&stage=screened&measure=eliminated`);
      assert.equal(elim.status, 200, elim.text);
      assert.deepEqual(elim.json.items.map((a) => a.application_id), [apps.rejected]);
      assert.equal(elim.json.items[0].candidate_name, 'Rejected');
      const offer = await hr.get(`/api/v1/analytics/funnel/applications?requisition_id=${planA.id}&stage=offer`);
      assert.deepEqual(offer.json.items.map((a) => a.application_id).sort((x, y) => x - y), [apps.hired, apps.declined].sort((x, y) => x - y));
      assert.equal(offer.json.total, 2);
      const hired = await hr.get(`/api/v1/analytics/funnel/applications?measure=hired&requisition_id=${planA.id}`);
      assert.deepEqual(hired.json.items.map((a) => a.application_id), [apps.hired]);
      const bad = await hr.get('/api/v1/analytics/funnel/applications?stage=nowhere');
      assert.equal(bad.status, 422);
      assert.equal(bad.json.field, 'stage');
      const badMonth = await hr.get('/api/v1/analytics/funnel?from=2024-13');
      assert.equal(badMonth.json.field, 'from');
      const badGroup = await hr.get('/api/v1/analytics/funnel?group_by=colour');
      assert.equal(badGroup.json.field, 'group_by');
    });

    test('funnel tables export as CSV and XLSX', async () => {
      const csv = await hr.get(`/api/v1/analytics/export/funnel?requisition_id=${planA.id}&format=csv`);
      assert.equal(csv.status, 200, csv.text);
      assert.match(csv.headers.get('content-type'), /text\/csv/);
      assert.match(csv.headers.get('content-disposition'), /attachment; filename="funnel.csv"/);
      const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
      assert.equal(lines[0], 'group,stage,reached,passed,pass_rate,eliminated,elimination_rate,avg_days_in_stage');
      assert.ok(lines.some((l) => l.startsWith('all,screened,4,3,0.75,1,0.25,')), lines.join('\n'));
      const x = await fetch(`${server.base}/api/v1/analytics/export/funnel_applications?requisition_id=${planA.id}&stage=offer&format=xlsx`,
        { headers: { cookie: hr.cookieHeader() } });
      assert.equal(x.status, 200);
      const bytes = Buffer.from(await x.arrayBuffer());
      assert.equal(bytes.subarray(0, 2).toString(), 'PK');
      const bad = await hr.get('/api/v1/analytics/export/nothing');
      assert.equal(bad.status, 404);
      const fmt = await hr.get('/api/v1/analytics/export/funnel?format=pdf');
      assert.equal(fmt.json.field, 'format');
    });

    test('a hiring manager sees only the plans of their department; others may not read analytics', async () => {
      const mine = await hm.get('/api/v1/analytics/funnel');
      assert.equal(mine.status, 200, mine.text);
      assert.equal(mine.json.totals.applications, 4);
      const other = await hmB.get('/api/v1/analytics/funnel');
      assert.equal(other.json.totals.applications, 2);
      const peek = await hmB.get(`/api/v1/analytics/funnel?requisition_id=${planA.id}`);
      assert.equal(peek.json.totals.applications, 0);
      const drill = await hmB.get(`/api/v1/analytics/funnel/applications?requisition_id=${planA.id}&stage=applied`);
      assert.equal(drill.json.total, 0);
      for (const c of [iv, emp]) {
        assert.equal((await c.get('/api/v1/analytics/funnel')).status, 403);
        assert.equal((await c.get('/api/v1/analytics/quality')).status, 403);
      }
      assert.equal((await hm.get('/api/v1/analytics/bias-audit?purpose=audit')).status, 403);
      assert.equal((await hm.get('/api/v1/analytics/adjustments')).status, 403);
      assert.equal((await anon.get('/api/v1/analytics/funnel')).status, 401);
    });

    test('a prediction is refused with a clear problem when the history is too small', async () => {
      const r = await hr.post('/api/v1/analytics/predictions', { interview_total: 90 });
      assert.equal(r.status, 409, r.text);
      assert.match(r.json.type, /insufficient_history/);
      assert.match(r.json.detail, /not enough history/);
      const bad = await hr.post('/api/v1/analytics/predictions', { interview_total: 190 });
      assert.equal(bad.json.field, 'interview_total');
    });

    test('salary trends fit a line through P50 and report the forecast and its holdout error', async () => {
      const rows = [['2025-01-01', 10000], ['2025-02-01', 10400], ['2025-03-01', 11100], ['2025-04-01', 11300], ['2025-05-01', 12500]];
      const csv = 'position,city,p25,p50,p75,p90,as_of,source\n' +
        rows.map(([d, p50]) => `Analytics Analyst,Shanghai,${p50 - 2000},${p50},${p50 + 2000},${p50 + 4000},${d},survey`).join('\n') + '\n';
      const imp = await hr.post('/api/v1/payroll/market/import?dry_run=false', csv, CSV);
      assert.equal(imp.status, 200, imp.text);
      const pairs = await hm.get('/api/v1/analytics/salary-trends');
      assert.ok(pairs.json.pairs.some((p) => p.position === 'Analytics Analyst' && p.points === 5));
      const r = await hm.get('/api/v1/analytics/salary-trends?position=Analytics%20Analyst&city=Shanghai&months_ahead=3');
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.series.length, 5);
      assert.equal(r.json.series[0].p50, '10000.00');
      // Least squares over t = days since the first date / 30.4375, computed here.
      const day = (s) => Date.parse(`${s}T00:00:00Z`) / 86400000;
      const t = rows.map(([d]) => (day(d) - day(rows[0][0])) / 30.4375), y = rows.map(([, v]) => v);
      const fit = (tt, yy) => {
        const mt = mean(tt), my = mean(yy);
        let stt = 0, sty = 0;
        for (let i = 0; i < tt.length; i++) { stt += (tt[i] - mt) ** 2; sty += (tt[i] - mt) * (yy[i] - my); }
        const slope = sty / stt;
        return { slope, at: (v) => my + slope * (v - mt) };
      };
      const all = fit(t, y);
      near(Number(r.json.trend.p50_change_per_month), all.slope, 0.01, 'slope');
      assert.equal(r.json.forecast.length, 3);
      assert.equal(r.json.forecast[0].as_of, '2025-06-01');
      near(Number(r.json.forecast[0].p50), all.at((day('2025-06-01') - day(rows[0][0])) / 30.4375), 0.01, 'forecast');
      const train = fit(t.slice(0, 4), y.slice(0, 4));
      const miss = Math.abs(y[4] - train.at(t[4]));
      assert.equal(r.json.error.holdout_points, 1);
      near(Number(r.json.error.mae), miss, 0.01, 'holdout MAE');
      near(r.json.error.mape_percent, (100 * miss) / y[4], 0.01, 'holdout MAPE');
      const xlsx = await hm.get('/api/v1/analytics/export/salary_trends?position=Analytics%20Analyst&city=Shanghai&format=csv');
      assert.match(xlsx.text, /2025-06-\d\d,,\d+\.\d\d,,,forecast/);
    });

    test('self-identification: single-use link from HR, public form, strict categories, never shown back', async () => {
      const noLink = await hm.post('/api/v1/analytics/self-identification/links', { application_id: apps.hired });
      assert.equal(noLink.status, 403);
      const link = await hr.post('/api/v1/analytics/self-identification/links', { application_id: apps.hired });
      assert.equal(link.status, 201, link.text);
      assert.match(link.json.path, /^\/self-identification\//);
      const form = await anon.get(`/api/v1/self-identification/${link.json.token}`);
      assert.equal(form.status, 200);
      assert.ok(form.json.categories.race_ethnicity.includes('asian'));
      assert.equal(form.json.used, false);
      const bad = await anon.post(`/api/v1/self-identification/${link.json.token}`, { sex: 'female', race_ethnicity: 'martian' });
      assert.equal(bad.status, 422);
      assert.equal(bad.json.field, 'race_ethnicity');
      const ok = await anon.post(`/api/v1/self-identification/${link.json.token}`, { sex: 'female', race_ethnicity: 'asian' });
      assert.equal(ok.status, 204, ok.text);
      const again = await anon.post(`/api/v1/self-identification/${link.json.token}`, { sex: 'male', race_ethnicity: 'asian' });
      assert.equal(again.status, 409);
      assert.equal((await anon.get('/api/v1/self-identification/not-a-token')).status, 404);
      const app = await hr.get(`/api/v1/applications/${apps.hired}`);
      assert.ok(!JSON.stringify(app.json).includes('asian'));
      const noPurpose = await hr.get('/api/v1/analytics/bias-audit');
      assert.equal(noPurpose.status, 422);
      assert.equal(noPurpose.json.field, 'purpose');
    });
  });

  describe(`analytics API over seeded history on ${backend}`, () => {
    let server, admin, hr, hm, anon, plan, demoApps;

    before(async () => {
      server = await startServer({ db: backend, seed: true });
      admin = await adminClient(server);
      anon = new Client(server.base);
      hr = await userClient(server, admin, 'sa_hr', 'hr');
      const list = await hr.get('/api/v1/requisitions?q=Analytics%20demo');
      plan = list.json.items[0];
      assert.ok(plan, list.text);
      hm = await userClient(server, admin, 'sa_hm', 'hiring_manager', { department_id: plan.department_id });
      demoApps = (await hr.get(`/api/v1/requisitions/${plan.id}/applications?limit=500`)).json.items.sort((a, b) => a.id - b.id);
      assert.equal(demoApps.length, 200);
    });
    after(async () => { await server?.stop(); });

    test('quality of hire reports Pearson and Spearman that match the points it returns', async () => {
      for (const horizon of [3, 6, 12]) {
        const r = await hm.get(`/api/v1/analytics/quality?horizon=${horizon}`);
        assert.equal(r.status, 200, r.text);
        assert.equal(r.json.n_hires, 80);
        const pts = r.json.scatter.points;
        assert.equal(pts.length, 80);
        const x = pts.map((p) => p[0]), y = pts.map((p) => p[1]);
        const c = r.json.correlations.find((k) => k.feature === 'interview_total' && k.horizon_months === horizon);
        assert.equal(c.n, 80);
        near(c.pearson.r, pearson(x, y), 2e-3, 'pearson');
        near(c.spearman.r, spearman(x, y), 2e-3, 'spearman');
        const z = Math.atanh(c.pearson.r), se = 1 / Math.sqrt(77);
        near(c.pearson.lo, Math.tanh(z - 1.959964 * se), 2e-3, 'pearson lower bound');
        near(c.pearson.hi, Math.tanh(z + 1.959964 * se), 2e-3, 'pearson upper bound');
        assert.ok(c.pearson.r > 0.3, 'the demo interview predicts performance');
        assert.equal(c.warning, null);
        // The fitted line is the least-squares line of the same points.
        const mx = mean(x), my = mean(y);
        let sxy = 0, sxx = 0;
        for (let i = 0; i < x.length; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) ** 2; }
        near(r.json.scatter.fit.slope, sxy / sxx, 5e-3, 'slope');
      }
      const q = (await hr.get('/api/v1/analytics/quality')).json;
      assert.ok(q.correlations.some((c) => c.feature === 'competency:communication'));
      const top = q.buckets.find((b) => b.band === '>= 85' && b.horizon_months === 3);
      assert.ok(top.n > 0 && top.n < 30);
      assert.match(top.warning, /small sample: n = \d+ < 30/);
      assert.match(top.statement, /^interview >= 85 -> \d+% met expectations at 3 months \(n = \d+\)$/);
      assert.equal(top.met_rate, Math.round((10000 * top.met) / top.n) / 10000);
      const csv = await hr.get('/api/v1/analytics/export/quality_correlations?format=csv');
      assert.match(csv.text, /\ninterview_total,3,80,/);
    });

    test('predictions come with the model\'s validation on held-out hires', async () => {
      const m = await hr.get('/api/v1/analytics/prediction/model');
      assert.equal(m.status, 200, m.text);
      assert.equal(m.json.train_n + m.json.holdout_n, 80);
      assert.ok(m.json.holdout_auc > 0.5 && m.json.holdout_auc <= 1);
      const hi = await hr.post('/api/v1/analytics/predictions', { interview_total: 95, screening_score: 90 });
      const lo = await hr.post('/api/v1/analytics/predictions', { interview_total: 55, screening_score: 50 });
      assert.equal(hi.status, 200, hi.text);
      assert.ok(hi.json.probability_meets_expectations > lo.json.probability_meets_expectations);
      assert.equal(hi.json.model.holdout_auc, m.json.holdout_auc);
      const app = demoApps.find((a) => a.status === 'rejected');
      const byApp = await hm.post('/api/v1/analytics/predictions', { application_id: app.id });
      assert.ok([200, 422].includes(byApp.status), byApp.text);
      if (byApp.status === 200) assert.equal(byApp.json.application_id, app.id);
    });

    test('the bias audit matches scoring and selection rates computed here, with the 2% rule and unknowns', async () => {
      // Categories by position: every 10th declines, the one after never answers; the first three
      // are the only Native Hawaiian or Pacific Islander applicants (3 of 160 known = 1.9% < 2%).
      const races = ['white', 'asian', 'black_or_african_american', 'hispanic_or_latino'];
      const who = demoApps.map((a, i) => {
        if (i % 10 === 9) return { a, sex: null, race: null, submit: false };
        if (i % 10 === 8) return { a, sex: null, race: null, submit: true };
        if (i < 3) return { a, sex: 'female', race: 'native_hawaiian_or_pacific_islander', submit: true };
        return { a, sex: i % 2 ? 'female' : 'male', race: races[Math.floor(i / 2) % 4], submit: true };
      });
      for (const p of who.filter((w) => w.submit)) {
        const link = await hr.post('/api/v1/analytics/self-identification/links', { application_id: p.a.id });
        assert.equal(link.status, 201, link.text);
        const s = await anon.post(`/api/v1/self-identification/${link.json.token}`,
          { sex: p.sex ?? 'decline', race_ethnicity: p.race ?? 'decline' });
        assert.equal(s.status, 204, s.text);
      }
      const days = demoApps.map((a) => a.created_at.slice(0, 10)).sort();
      const range = `from=${days[0]}&to=${days[days.length - 1]}`;
      const r = await hr.get(`/api/v1/analytics/bias-audit?purpose=audit&${range}`);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.applicants, 200);
      assert.equal(r.json.self_identified, 180);
      assert.ok(r.json.data_source.includes(`applications from ${days[0]} to ${days[days.length - 1]}`), r.json.data_source);
      assert.match(r.json.date, /^\d{4}-\d\d-\d\d$/);
      const scored = who.filter((w) => w.a.score !== null);
      const med = median(scored.map((w) => w.a.score));
      const expect = (people, dim, cats, selected) => {
        const known = people.filter((w) => w[dim] !== null);
        const rows = cats.map((c) => {
          const g = known.filter((w) => w[dim] === c);
          return { category: c, n: g.length, selected: g.filter(selected).length };
        });
        for (const row of rows) { row.rate = row.n ? row.selected / row.n : 0; row.share = row.n / known.length; }
        const best = Math.max(...rows.filter((x) => x.share >= 0.02).map((x) => x.rate));
        for (const row of rows) row.impact_ratio = row.share >= 0.02 && best > 0 ? row.rate / best : null;
        return { rows, unknown: people.length - known.length };
      };
      const check = (tool, measure, dim, people, selected) => {
        const table = r.json.tables.find((t) => t.tool === tool && t.measure === measure && t.dimension === dim);
        assert.ok(table, `${tool} ${measure} ${dim}`);
        const cats = table.rows.map((x) => x.category);
        const e = expect(people, dim === 'sex' ? 'sex' : 'race', cats, selected);
        assert.equal(table.unknown, e.unknown, `${tool} ${measure} ${dim} unknown`);
        for (const [i, row] of table.rows.entries()) {
          const x = e.rows[i];
          assert.equal(row.n, x.n, `${dim} ${row.category} n`);
          assert.equal(row.selected, x.selected, `${dim} ${row.category} selected`);
          near(row.rate, x.rate, 1e-4, `${dim} ${row.category} rate`);
          assert.equal(row.under_2_percent, x.share < 0.02, `${dim} ${row.category} 2% flag`);
          if (x.impact_ratio === null) assert.equal(row.impact_ratio, null);
          else near(row.impact_ratio, x.impact_ratio, 1e-4, `${dim} ${row.category} impact ratio`);
        }
        return table;
      };
      const sex = check('screening', 'scoring_rate', 'sex', scored, (w) => w.a.score > med);
      near(sex.median, med, 0.01, 'median');
      assert.equal(sex.unknown, scored.filter((w) => w.sex === null).length);
      const race = check('screening', 'scoring_rate', 'race_ethnicity', scored, (w) => w.a.score > med);
      const nh = race.rows.find((x) => x.category === 'native_hawaiian_or_pacific_islander');
      assert.equal(nh.n, 3);
      assert.equal(nh.under_2_percent, true);
      assert.equal(nh.impact_ratio, null);
      const recommended = who.filter((w) => w.a.recommendation !== null);
      check('screening', 'selection_rate', 'sex', recommended, (w) => w.a.recommendation === 'advance');
      assert.ok(r.json.tables.some((t) => t.tool === 'ai_interview' && t.dimension === 'intersection'));
      const pdf = await fetch(`${server.base}/api/v1/analytics/bias-audit?purpose=audit&format=pdf`, { headers: { cookie: hr.cookieHeader() } });
      assert.equal(pdf.status, 200);
      assert.equal(pdf.headers.get('content-type'), 'application/pdf');
      assert.equal(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString(), '%PDF-');
      const csv = await hr.get(`/api/v1/analytics/bias-audit?purpose=audit&format=csv&${range}`);
      assert.match(csv.text, /screening,scoring_rate,race_ethnicity,native_hawaiian_or_pacific_islander,3,\d+,[\d.]+,,true/);
    });

    test('adjustment suggestions wait for HR; approval adds the raised pay, rejection keeps its reason', async () => {
      const gen = await hr.post('/api/v1/analytics/adjustments/generate', {});
      assert.equal(gen.status, 200, gen.text);
      assert.ok(gen.json.created > 1);
      const again = await hr.post('/api/v1/analytics/adjustments/generate', {});
      assert.equal(again.json.created, 0);
      const pending = (await hr.get('/api/v1/analytics/adjustments?status=pending&limit=500')).json.items;
      assert.equal(pending.length, gen.json.created);
      const s = pending[0];
      assert.ok(s.reasons.some((x) => /interview total [\d.]+ >= /.test(x)), JSON.stringify(s.reasons));
      const none = await hr.post(`/api/v1/analytics/adjustments/${s.id}/approve`, { version: s.version, effective_from: '2025-01-01' });
      assert.equal(none.status, 409);
      assert.match(none.json.type, /no_compensation/);
      const comp = await hr.post(`/api/v1/payroll/employees/${s.employee_id}/compensation`,
        { effective_from: '2024-03-01', monthly_salary: '10000', city: 'shanghai' });
      assert.equal(comp.status, 201, comp.text);
      const stale = await hr.post(`/api/v1/analytics/adjustments/${s.id}/approve`, { version: s.version + 7 });
      assert.equal(stale.status, 409);
      const ok = await hr.post(`/api/v1/analytics/adjustments/${s.id}/approve`, { version: s.version, effective_from: '2025-01-01' });
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.json.status, 'approved');
      const expected = (Math.round(1000000 * (1 + s.percent / 100)) / 100).toFixed(2);
      assert.equal(ok.json.compensation.monthly_salary, expected);
      const history = (await hr.get(`/api/v1/payroll/employees/${s.employee_id}/compensation`)).json.items;
      assert.equal(history[0].effective_from, '2025-01-01');
      assert.equal(history[0].city, 'shanghai');
      const twice = await hr.post(`/api/v1/analytics/adjustments/${s.id}/approve`, { version: ok.json.version });
      assert.equal(twice.status, 409);
      const other = pending[1];
      const noReason = await hr.post(`/api/v1/analytics/adjustments/${other.id}/reject`, { version: other.version });
      assert.equal(noReason.status, 422);
      assert.equal(noReason.json.field, 'reason');
      const rej = await hr.post(`/api/v1/analytics/adjustments/${other.id}/reject`, { version: other.version, reason: 'budget frozen' });
      assert.equal(rej.status, 200, rej.text);
      assert.equal(rej.json.decision_reason, 'budget frozen');
      const audit = await admin.get('/api/v1/audit?entity=adjustment_suggestion&limit=200');
      if (audit.status === 200) assert.ok(JSON.stringify(audit.json).includes('budget frozen'));
    });
  });
}
