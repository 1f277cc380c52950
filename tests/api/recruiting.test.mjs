// Recruiting API against the real binary, on SQLite and on PostgreSQL: plans and approval, the
// public careers page with a resume upload, screening and ranking, pipeline moves (409 with the
// allowed moves), scoping, deduplication, search, bulk moves and erasure on request.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, adminClient, Client, backends, userClient } from '../harness.mjs';
import { makeZip, makeXlsx } from '../xlsx.mjs';

const FIX = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'resumes');
const EN_RESUME = readFileSync(join(FIX, 'en_engineer.txt'));
const ZH_RESUME = readFileSync(join(FIX, 'zh_engineer.txt'));

function countFiles(dir) {
  let n = 0;
  try {
    for (const e of readdirSync(dir)) {
      const p = join(dir, e);
      n += statSync(p).isDirectory() ? countFiles(p) : 1;
    }
  } catch { /* missing */ }
  return n;
}

for (const backend of backends()) {
  describe(`recruiting API on ${backend}`, () => {
    let server, admin, hr, hm, hm2, iv, emp, anon, deptA, deptB, plan;

    async function apply(planId, name, email, resume, filename = 'resume.txt') {
      let token;
      if (resume) {
        const up = await anon.post(`/api/v1/careers/${planId}/resume`, resume,
          { raw: true, headers: { 'content-type': 'application/octet-stream', 'x-filename': encodeURIComponent(filename) } });
        assert.equal(up.status, 201, up.text);
        token = up.json.upload_token;
      }
      return anon.post(`/api/v1/careers/${planId}/apply`, { name, email, upload_token: token, consent: true, consent_version: 'privacy-2026-01' });
    }

    before(async () => {
      server = await startServer({ db: backend });
      admin = await adminClient(server);
      anon = new Client(server.base);
      deptA = (await admin.post('/api/v1/departments', { name: '研发部', code: 'RRD' })).json;
      deptB = (await admin.post('/api/v1/departments', { name: 'Sales', code: 'RSALES' })).json;
      hr = await userClient(server, admin, 'r_hr', 'hr');
      hm = await userClient(server, admin, 'r_hm', 'hiring_manager', { department_id: deptA.id });
      hm2 = await userClient(server, admin, 'r_hm2', 'hiring_manager', { department_id: deptB.id });
      iv = await userClient(server, admin, 'r_iv', 'interviewer', { department_id: deptB.id });
      emp = await userClient(server, admin, 'r_emp', 'employee');
    });
    after(async () => { await server?.stop(); });

    test('a hiring manager drafts a plan in their department; HR approves it and it appears on the careers page', async () => {
      const other = await hm.post('/api/v1/requisitions', { title: 'X', department_id: deptB.id, headcount: 1 });
      assert.equal(other.status, 422);
      assert.equal(other.json.field, 'department_id');
      const bad = await hm.post('/api/v1/requisitions', { title: 'X', department_id: deptA.id, headcount: 1,
        requirements: { must_have: [{ term: '' }] } });
      assert.equal(bad.status, 422, bad.text);
      assert.match(bad.json.field, /^requirements\.must_have\[0\]/);
      const r = await hm.post('/api/v1/requisitions', {
        title: 'Backend Engineer', department_id: deptA.id, headcount: 2, location: 'Hangzhou',
        salary_min: '20000', salary_max: 35000, deadline: '2099-12-31', interviewer_ids: [iv.id],
        requirements: { must_have: [{ term: 'Kubernetes' }, { term: 'Go' }], nice_to_have: [{ term: 'Kafka' }],
          min_years_experience: 3, education_level: 'bachelor' },
      });
      assert.equal(r.status, 201, r.text);
      plan = r.json;
      assert.equal(plan.status, 'draft');
      assert.equal(plan.hiring_manager_id, hm.id);
      assert.equal(plan.salary_min, '20000.00');
      assert.deepEqual(plan.interviewer_ids, [iv.id]);
      assert.equal((await anon.get(`/api/v1/careers/${plan.id}`)).status, 404, 'a draft is not public');
      const self = await hm.post(`/api/v1/requisitions/${plan.id}/transition`, { to: 'open', version: plan.version });
      assert.equal(self.status, 403, 'a hiring manager cannot approve');
      const ok = await hr.post(`/api/v1/requisitions/${plan.id}/transition`, { to: 'open', version: plan.version });
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.json.status, 'open');
      plan = ok.json;
      const filled = await hr.post(`/api/v1/requisitions/${plan.id}/transition`, { to: 'draft', version: plan.version });
      assert.equal(filled.status, 409);
      assert.equal(filled.json.code, 'transition_refused');
      const list = (await anon.get('/api/v1/careers')).json.items;
      const pub = list.find((o) => o.id === plan.id);
      assert.ok(pub, 'open plan listed');
      assert.deepEqual(pub.must_have, ['Kubernetes', 'Go']);
      assert.equal(pub.weights, undefined, 'weights are not public');
    });

    test('scope: another department\'s manager and employees see nothing; the listed interviewer reads only', async () => {
      assert.equal((await hm2.get(`/api/v1/requisitions/${plan.id}`)).status, 404);
      assert.ok(!(await hm2.get('/api/v1/requisitions')).json.items.some((p) => p.id === plan.id));
      assert.equal((await emp.get('/api/v1/requisitions')).status, 403);
      assert.equal((await iv.get(`/api/v1/requisitions/${plan.id}`)).status, 200);
      const patch = await iv.patch(`/api/v1/requisitions/${plan.id}`, { title: 'Y', version: plan.version });
      assert.equal(patch.status, 403);
    });

    test('the user directory lists staff to pick for a plan; each plan says which actions the caller may take', async () => {
      const ivs = await hr.get('/api/v1/user-directory?role=interviewer');
      assert.equal(ivs.status, 200, ivs.text);
      const one = ivs.json.items.find((u) => u.username === 'r_iv');
      assert.deepEqual(Object.keys(one).sort(), ['department_id', 'department_name', 'display_name', 'id', 'role', 'username'], 'minimal fields');
      assert.equal(one.department_name, 'Sales');
      assert.ok(ivs.json.items.every((u) => u.role === 'interviewer'));
      const byName = (await hm.get('/api/v1/user-directory?q=R_HM')).json.items.map((u) => u.username).sort();
      assert.deepEqual(byName, ['r_hm', 'r_hm2'], 'hiring managers may use it; q matches names case-insensitively');
      assert.ok(!(await hr.get('/api/v1/user-directory')).json.items.some((u) => u.role === 'employee'), 'no employees');
      assert.equal((await iv.get('/api/v1/user-directory')).status, 403);
      assert.equal((await emp.get('/api/v1/user-directory')).status, 403);
      const bad = await hr.get('/api/v1/user-directory?role=employee');
      assert.equal(bad.status, 422);
      assert.equal(bad.json.field, 'role');
      // The open plan: HR may edit and move it; its hiring manager may not edit an approved plan but works its pipeline.
      const asHr = (await hr.get(`/api/v1/requisitions/${plan.id}`)).json.allowed_actions;
      assert.deepEqual({ ...asHr, transitions: [...asHr.transitions].sort() },
        { edit: true, approve: false, transitions: ['cancelled', 'filled', 'on_hold'], rescreen: true, manage_questions: true, invite: true, move_applications: true });
      const asHm = (await hm.get(`/api/v1/requisitions/${plan.id}`)).json.allowed_actions;
      assert.deepEqual(asHm, { edit: false, approve: false, transitions: [], rescreen: true, manage_questions: true, invite: true, move_applications: true });
      const asIv = (await iv.get(`/api/v1/requisitions/${plan.id}`)).json.allowed_actions;
      assert.deepEqual(asIv, { edit: false, approve: false, transitions: [], rescreen: false, manage_questions: false, invite: false, move_applications: false });
      assert.deepEqual((await hm.get('/api/v1/requisitions')).json.items.find((p) => p.id === plan.id).allowed_actions, asHm, 'the list says the same');
      // A draft: its manager may edit or cancel it; only HR approves it. What each may do is what the server allows.
      const draft = (await hm.post('/api/v1/requisitions', { title: 'Draft', department_id: deptA.id, headcount: 1 })).json;
      assert.deepEqual([draft.allowed_actions.edit, draft.allowed_actions.approve, draft.allowed_actions.transitions], [true, false, ['cancelled']]);
      const hrDraft = (await hr.get(`/api/v1/requisitions/${draft.id}`)).json.allowed_actions;
      assert.equal(hrDraft.approve, true);
      assert.ok(hrDraft.transitions.includes('open'));
      assert.equal((await hm.post(`/api/v1/requisitions/${draft.id}/transition`, { to: 'open', version: draft.version })).status, 403, 'not allowed, not offered');
      const cancelled = await hm.post(`/api/v1/requisitions/${draft.id}/transition`, { to: 'cancelled', version: draft.version });
      assert.equal(cancelled.status, 200, cancelled.text);
      assert.deepEqual(cancelled.json.allowed_actions.transitions, [], 'a cancelled plan allows nothing more');
      assert.equal(cancelled.json.allowed_actions.edit, false);
    });

    test('applying on the careers page stores the resume, screens and ranks the application', async () => {
      const before = countFiles(join(server.dir, 'files'));
      const noConsent = await anon.post(`/api/v1/careers/${plan.id}/apply`, { name: 'A', email: 'a@example.com', consent: false, consent_version: 'v1' });
      assert.equal(noConsent.status, 422);
      assert.equal(noConsent.json.field, 'consent');
      const a1 = await apply(plan.id, 'John Smith', 'john.smith@example.com', EN_RESUME, 'John Smith.txt');
      assert.equal(a1.status, 201, a1.text);
      const a2 = await apply(plan.id, '张伟', 'zhangwei.dev@example.com', ZH_RESUME, '张伟-简历.txt');
      assert.equal(a2.status, 201, a2.text);
      assert.equal(countFiles(join(server.dir, 'files')), before + 2, 'both resume files kept');
      const again = await apply(plan.id, 'John Smith', 'JOHN.SMITH@example.com', null);
      assert.equal(again.status, 409);
      assert.equal(again.json.code, 'already_applied');

      const apps = await hm.get(`/api/v1/requisitions/${plan.id}/applications`);
      assert.equal(apps.status, 200, apps.text);
      assert.equal(apps.json.total, 2);
      const [first, second] = apps.json.items;
      assert.equal(first.rank, 1);
      assert.ok(first.score >= second.score, 'ranked by score');
      assert.ok(apps.json.items.every((a) => a.status === 'screened' || a.status === 'rejected'));
      const john = apps.json.items.find((a) => a.candidate_name === 'John Smith');
      assert.deepEqual(john.missing_must_haves, [], 'the English resume names Kubernetes and Go');
      const detail = (await hm.get(`/api/v1/applications/${john.id}`)).json;
      const k8s = detail.screening.items.find((i) => i.requirement === 'Kubernetes');
      assert.equal(k8s.met, true);
      assert.ok(k8s.evidence.length > 0 && /Kubernetes/i.test(k8s.evidence[0].text), JSON.stringify(k8s));
      assert.equal(detail.history[0].to, 'applied');
      assert.equal(detail.history[1].to, 'screened');
      assert.equal(detail.history[1].rule, 'screening_completed');
      const cand = (await hm.get(`/api/v1/candidates/${john.candidate_id}`)).json;
      assert.equal(cand.resume.basics.name, 'John A. Smith');
      assert.equal(cand.consent_version, 'privacy-2026-01');
      const file = await hm.get(`/api/v1/candidates/${john.candidate_id}/resume`);
      assert.equal(file.status, 200);
      assert.equal(file.text, EN_RESUME.toString());
      assert.match(file.headers.get('content-disposition'), /John%20Smith\.txt/);
      // Editing the requirements and re-screening scores every application again in one action.
      const cur = (await hr.get(`/api/v1/requisitions/${plan.id}`)).json;
      const edited = await hr.patch(`/api/v1/requisitions/${plan.id}`, { version: cur.version,
        requirements: { ...cur.requirements, must_have: [...cur.requirements.must_have, { term: 'Haskell', synonyms: [] }] } });
      assert.equal(edited.status, 200, edited.text);
      const rs = await hm.post(`/api/v1/requisitions/${plan.id}/rescreen`);
      assert.equal(rs.status, 200, rs.text);
      assert.equal(rs.json.rescreened, 2);
      const after = (await hm.get(`/api/v1/applications/${john.id}`)).json;
      assert.deepEqual(after.screening.items.filter((i) => i.kind === 'must_have' && !i.met).map((i) => i.requirement), ['Haskell']);
      plan = (await hr.get(`/api/v1/requisitions/${plan.id}`)).json;
    });

    test('pipeline moves: refused moves are 409 naming the allowed ones; a reason is required; history records the actor', async () => {
      const apps = (await hm.get(`/api/v1/requisitions/${plan.id}/applications`)).json.items;
      const app = apps.find((a) => a.status === 'screened') || apps[0];
      const jump = await hm.post(`/api/v1/applications/${app.id}/transition`, { to: 'hired', reason: 'skip all' });
      assert.equal(jump.status, 409, jump.text);
      assert.equal(jump.json.code, 'transition_refused');
      assert.match(jump.json.detail, /allowed: /);
      const noReason = await hm.post(`/api/v1/applications/${app.id}/transition`, { to: 'on_hold' });
      assert.equal(noReason.status, 422);
      assert.equal(noReason.json.field, 'reason');
      const other = await hm2.post(`/api/v1/applications/${app.id}/transition`, { to: 'on_hold', reason: 'x' });
      assert.equal(other.status, 404, 'outside the manager\'s scope');
      const ivMove = await iv.post(`/api/v1/applications/${app.id}/transition`, { to: 'on_hold', reason: 'x' });
      assert.equal(ivMove.status, 403);
      assert.equal((await iv.get(`/api/v1/applications/${app.id}`)).status, 200, 'the plan\'s interviewer reads it');
      const hold = await hm.post(`/api/v1/applications/${app.id}/transition`, { to: 'on_hold', reason: 'waiting for budget' });
      assert.equal(hold.status, 200, hold.text);
      assert.ok(hold.json.allowed_moves.includes(app.status), 'returns to where it was held');
      const back = await hm.post(`/api/v1/applications/${app.id}/transition`, { to: app.status, reason: 'budget approved' });
      assert.equal(back.status, 200, back.text);
      const last = back.json.history.at(-1);
      assert.equal(last.actor, 'r_hm');
      assert.equal(last.reason, 'budget approved');
    });

    test('bulk moves succeed or fail one by one', async () => {
      const apps = (await hr.get(`/api/v1/requisitions/${plan.id}/applications`)).json.items;
      const open = apps.filter((a) => a.status === 'screened').map((a) => a.id);
      const r = await hr.post('/api/v1/applications/bulk-transition', { ids: [...open, 987654], to: 'interview_invited', reason: 'shortlist' });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.moved, open.length);
      assert.deepEqual(r.json.results.at(-1), { id: 987654, ok: false, code: 'not_found', detail: 'no such application' });
      const again = await hr.post('/api/v1/applications/bulk-transition', { ids: open, to: 'interview_invited', reason: 'again' });
      assert.ok(again.json.results.every((x) => !x.ok && x.code === 'transition_refused'));
    });

    test('candidates: duplicates by email or phone are refused, search finds skills, companies and Chinese names', async () => {
      const dup = await hr.post('/api/v1/candidates', { name: 'Dup', email: ' John.Smith@Example.com' });
      assert.equal(dup.status, 409);
      assert.equal(dup.json.code, 'duplicate_candidate');
      const phone = await hr.post('/api/v1/candidates', { name: 'P1', phone: '+86 139 0000 1111' });
      assert.equal(phone.status, 201, phone.text);
      const phoneDup = await hr.post('/api/v1/candidates', { name: 'P2', phone: '13900001111' });
      assert.equal(phoneDup.status, 409, phoneDup.text);
      const viaJson = await hr.post('/api/v1/candidates', { resume: { basics: { name: 'Lin Qiao', email: 'lin@example.com' },
        skills: [{ name: 'Rust', keywords: ['Tokio'] }] }, tags: ['referral-2026'] });
      assert.equal(viaJson.status, 201, viaJson.text);
      assert.equal(viaJson.json.name, 'Lin Qiao');
      const search = async (q) => (await hr.get(`/api/v1/candidates?q=${encodeURIComponent(q)}`)).json.items.map((c) => c.name);
      assert.deepEqual(await search('tokio'), ['Lin Qiao']);
      assert.ok((await search('kubernetes')).includes('John Smith'));
      assert.ok((await search('张伟')).includes('张伟'));
      assert.ok((await search('Acme')).includes('John Smith'));
      assert.deepEqual(await search('nonexistentskillxyz'), []);
      assert.equal((await hr.get('/api/v1/candidates?q=%20%2B%20')).status, 422);
      // A hiring manager sees only candidates who applied to their plans.
      const seen = (await hm.get('/api/v1/candidates')).json.items.map((c) => c.name);
      assert.ok(seen.includes('John Smith') && !seen.includes('Lin Qiao'));
      assert.equal((await hm2.get('/api/v1/candidates')).json.total, 0);
    });

    test('erasure on request removes the record, file, applications and scores and leaves an audit entry', async () => {
      const apps = (await hr.get(`/api/v1/requisitions/${plan.id}/applications`)).json.items;
      const zh = apps.find((a) => a.candidate_name === '张伟');
      const filesBefore = countFiles(join(server.dir, 'files'));
      const noReason = await hr.post(`/api/v1/candidates/${zh.candidate_id}/erase`, {});
      assert.equal(noReason.status, 422);
      assert.equal((await hm.post(`/api/v1/candidates/${zh.candidate_id}/erase`, { reason: 'x' })).status, 403);
      const r = await hr.post(`/api/v1/candidates/${zh.candidate_id}/erase`, { reason: 'candidate request 2026-11-26' });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.files_removed, 1);
      assert.equal(r.json.applications_removed, 1);
      assert.equal(countFiles(join(server.dir, 'files')), filesBefore - 1);
      assert.equal((await hr.get(`/api/v1/candidates/${zh.candidate_id}`)).status, 404);
      assert.equal((await hr.get(`/api/v1/applications/${zh.id}`)).status, 404);
      assert.deepEqual((await hr.get(`/api/v1/candidates?q=${encodeURIComponent('张伟')}`)).json.items, []);
      const audit = (await admin.get('/api/v1/audit?entity=candidate')).json.items || [];
      const entry = audit.find((e) => e.action === 'erase' && e.entity_id === String(zh.candidate_id));
      assert.ok(entry, 'erasure audited');
      assert.ok(!JSON.stringify(audit).includes('zhangwei.dev@example.com'), 'no personal data in the audit log');
      assert.equal((await admin.get('/api/v1/audit/verify')).json.ok, true);
    });

    test('hiring the headcount fills the plan and closes the careers page', async () => {
      const r = await hr.post('/api/v1/requisitions', { title: 'Solo', department_id: deptA.id, headcount: 1 });
      const p = (await hr.post(`/api/v1/requisitions/${r.json.id}/transition`, { to: 'open', version: r.json.version })).json;
      const a = await apply(p.id, 'Solo Person', 'solo@example.com', EN_RESUME);
      assert.equal(a.status, 201, a.text);
      const id = a.json.application_id;
      for (const to of ['interview_invited', 'interviewed', 'offer', 'hired']) {
        const m = await hr.post(`/api/v1/applications/${id}/transition`, { to, reason: `step ${to}` });
        assert.equal(m.status, 200, `${to}: ${m.text}`);
      }
      const after = (await hr.get(`/api/v1/requisitions/${p.id}`)).json;
      assert.equal(after.status, 'filled');
      assert.equal(after.hired_count, 1);
      assert.equal((await anon.get(`/api/v1/careers/${p.id}`)).status, 404);
      const late = await apply(p.id, 'Late', 'late@example.com', null);
      assert.equal(late.status, 404);
    });

    test('import: CSV dry run reports problems and duplicates; commit is all-or-nothing unless skipping invalid rows', async () => {
      const csv = 'name,email,phone,tags,skills\nAnn Lee,ann@example.com,13700001111,"java, senior",Java;Spring\n' +
        ',nobody@example.com,,,\nJohn Dup,john.smith@example.com,,,\nAnn Again,ANN@example.com,,,\n';
      const imp = (body, q) => hr.post(`/api/v1/candidates/import?${q}`, body, { raw: true, headers: { 'content-type': 'text/csv' } });
      const dry = await imp(csv, 'dry_run=true');
      assert.equal(dry.status, 422, dry.text);
      const rep = dry.json.report;
      assert.equal(rep.format, 'csv');
      assert.deepEqual(rep.problems.map((p) => [p.row, p.field]), [[2, 'name']]);
      assert.deepEqual(rep.duplicates.map((x) => x.row), [3, 4]);
      assert.ok(rep.duplicates[0].existing_candidate_id > 0);
      assert.equal(rep.duplicates[1].duplicate_of_row, 1);
      const refused = await imp(csv, 'dry_run=false');
      assert.equal(refused.status, 422);
      assert.equal((await hr.get('/api/v1/candidates?q=ann')).json.total, 0, 'nothing imported when refused');
      const ok = await imp(csv, `dry_run=false&skip_invalid=true&requisition_id=${plan.id}`);
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.json.imported, 1);
      assert.equal(ok.json.applications_created, 1);
      const ann = (await hr.get('/api/v1/candidates?q=ann')).json.items;
      assert.deepEqual(ann.map((c) => c.name), ['Ann Lee']);
      assert.deepEqual(ann[0].tags, ['java', 'senior']);
      assert.ok(ann[0].skills.includes('Spring'));
    });

    test('import: XLSX, a ZIP of resumes and JSON Lines', async () => {
      const imp = (body, q = 'dry_run=false') => hr.post(`/api/v1/candidates/import?${q}`, body,
        { raw: true, headers: { 'content-type': 'application/octet-stream' } });
      const xlsx = makeXlsx([['姓名', '邮箱', '手机'], ['王芳', 'wangfang@example.com', 13811112222], ['Li Na', 'lina@example.com', '']]);
      const x = await imp(xlsx);
      assert.equal(x.status, 200, x.text);
      assert.equal(x.json.format, 'xlsx');
      assert.equal(x.json.imported, 2);
      const wf = (await hr.get(`/api/v1/candidates?q=${encodeURIComponent('王芳')}`)).json.items[0];
      assert.equal(wf.phone, '13811112222', 'a numeric cell keeps every digit');
      const zip = makeZip({ 'resumes/en.txt': EN_RESUME.toString().replace('john.smith@example.com', 'john2@example.com').replace('555-0132', '555-0199'), 'resumes/broken.pdf': '%PDF-1.4 broken', '__MACOSX/._en.txt': 'x' });
      const z = await imp(zip, 'dry_run=false&skip_invalid=true');
      assert.equal(z.status, 200, z.text);
      assert.equal(z.json.format, 'zip');
      assert.equal(z.json.imported, 1, JSON.stringify(z.json));
      assert.equal(z.json.problems.length, 1);
      assert.equal(z.json.problems[0].label, 'resumes/broken.pdf');
      const jl = '{"basics":{"name":"Jia Lines","email":"jl@example.com"}}\n{"basics":{"name":"Second Line","phone":"+86 136 0000 9999"}}\n';
      const j = await imp(jl);
      assert.equal(j.status, 200, j.text);
      assert.equal(j.json.format, 'json_resume');
      assert.equal(j.json.imported, 2);
      const bomb = await imp(Buffer.from('PK\x03\x04garbage'));
      assert.equal(bomb.status, 422);
    });

    test('an unreadable resume is kept and the application still goes ahead', async () => {
      const up = await anon.post(`/api/v1/careers/${plan.id}/resume`, Buffer.from([0, 1, 2, 3, 255, 254, 0, 0, 7]),
        { raw: true, headers: { 'content-type': 'application/octet-stream', 'x-filename': 'scan.bin' } });
      assert.equal(up.status, 201, up.text);
      assert.ok(up.json.problem, 'the parse problem is reported');
      const r = await anon.post(`/api/v1/careers/${plan.id}/apply`, { name: 'Bin Ary', email: 'bin@example.com',
        upload_token: up.json.upload_token, consent: true, consent_version: 'v1' });
      assert.equal(r.status, 201, r.text);
      const app = (await hr.get(`/api/v1/applications/${r.json.application_id}`)).json;
      const cand = (await hr.get(`/api/v1/candidates/${app.candidate_id}`)).json;
      assert.equal(cand.has_resume, true);
      assert.ok(cand.resume_error);
      const reuse = await anon.post(`/api/v1/careers/${plan.id}/apply`, { name: 'X', email: 'x2@example.com',
        upload_token: up.json.upload_token, consent: true, consent_version: 'v1' });
      assert.equal(reuse.status, 422, 'an upload token is used once');
      assert.equal(reuse.json.field, 'upload_token');
    });
  });
}

// The public careers upload and apply are rate-limited per address (token bucket): a burst, then
// 429 problem+json with Retry-After. HIREFLOW_CAREERS_RATE=3/1 makes the burst 3 and the refill one a minute.
describe('careers page rate limit', () => {
  let server, admin, anon, plan;
  before(async () => {
    server = await startServer({ env: { HIREFLOW_CAREERS_RATE: '3/1' } });
    admin = await adminClient(server);
    anon = new Client(server.base);
    const dept = (await admin.post('/api/v1/departments', { name: 'Rate', code: 'RATE' })).json;
    const p = (await admin.post('/api/v1/requisitions', { title: 'Rate limited', department_id: dept.id, headcount: 1 })).json;
    plan = (await admin.post(`/api/v1/requisitions/${p.id}/transition`, { to: 'open', version: p.version })).json;
  });
  after(async () => { await server?.stop(); });

  test('uploads and applications from one address beyond the burst get 429 with Retry-After', async () => {
    const up = await anon.post(`/api/v1/careers/${plan.id}/resume`, Buffer.from('Jane Roe\njane@example.com\nSkills: Go'),
      { raw: true, headers: { 'content-type': 'application/octet-stream', 'x-filename': 'cv.txt' } });
    assert.equal(up.status, 201, up.text);
    const a1 = await anon.post(`/api/v1/careers/${plan.id}/apply`, { name: 'Jane Roe', email: 'jane@example.com', upload_token: up.json.upload_token, consent: true, consent_version: 'v1' });
    assert.equal(a1.status, 201, a1.text);
    const a2 = await anon.post(`/api/v1/careers/${plan.id}/apply`, { name: 'Jim Roe', email: 'jim@example.com', consent: true, consent_version: 'v1' });
    assert.equal(a2.status, 201, a2.text);
    const limited = await anon.post(`/api/v1/careers/${plan.id}/apply`, { name: 'Joe Roe', email: 'joe@example.com', consent: true, consent_version: 'v1' });
    assert.equal(limited.status, 429, limited.text);
    assert.equal(limited.headers.get('content-type'), 'application/problem+json');
    assert.equal(limited.json.code, 'rate_limited');
    assert.equal(limited.json.status, 429);
    const wait = Number(limited.headers.get('retry-after'));
    assert.ok(wait >= 1 && wait <= 60, `Retry-After ${wait}`);
    assert.equal(limited.json.retry_after, wait);
    const upLimited = await anon.post(`/api/v1/careers/${plan.id}/resume`, Buffer.from('x'), { raw: true, headers: { 'content-type': 'application/octet-stream' } });
    assert.equal(upLimited.status, 429, 'the upload shares the bucket');
    const zh = await anon.req('POST', `/api/v1/careers/${plan.id}/apply`, { name: 'Z', email: 'z@example.com', consent: true, consent_version: 'v1' },
      { headers: { 'accept-language': 'zh-CN' } });
    assert.equal(zh.status, 429);
    assert.match(zh.json.detail, /^提交过于频繁，请 \d+ 秒后再试。$/, 'in the candidate\'s language');
    // Nothing was stored for the refused application; staff routes are not limited.
    const apps = (await admin.get(`/api/v1/requisitions/${plan.id}/applications`)).json.items;
    assert.deepEqual(apps.map((x) => x.candidate_name).sort(), ['Jane Roe', 'Jim Roe']);
    assert.equal((await anon.get(`/api/v1/careers/${plan.id}`)).status, 200, 'reading the page is not limited');
  });
});
