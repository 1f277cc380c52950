// AI interview API against the real binary (SQLite and PostgreSQL): invitation mail received by a
// real SMTP server (aiosmtpd) with the .ics read by a real iCalendar parser (ical.js), link
// scoping, consent, re-record allowance, chunked upload with resume after interruption, analysis
// of a real recording (ffmpeg + espeak-ng) by the in-process workers, rubric scoring with its
// explanations, totals and the application's move, ratings and overrides.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { createServer } from 'node:http';
import { createHmac } from 'node:crypto';
import { startServer, adminClient, Client, backends, freePort, userClient, startSmtp, mimeParts } from '../harness.mjs';

// A 2 s clip of the face photo shipped for the media tests, or of a test pattern with nobody in it.
function makeClip(face) {
  const dir = mkdtempSync(join(tmpdir(), 'hf-clip-'));
  const input = face ? ['-loop', '1', '-i', new URL('../../data/media/testdata/astronaut_portrait.jpg', import.meta.url).pathname]
    : ['-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=10'];
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', ...input, '-t', '2', '-r', '10', '-vf', 'scale=320:-2', '-c:v', 'libvpx', '-b:v', '300k', join(dir, 'c.webm')]);
  const bytes = readFileSync(join(dir, 'c.webm'));
  rmSync(dir, { recursive: true, force: true });
  return bytes;
}

function makeRecording(text) {
  const dir = mkdtempSync(join(tmpdir(), 'hf-rec-'));
  execFileSync('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', join(dir, 'a.wav'), text]);
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=10', '-i', join(dir, 'a.wav'),
    '-shortest', '-c:v', 'libvpx', '-b:v', '200k', '-c:a', 'libopus', join(dir, 'a.webm')]);
  const bytes = readFileSync(join(dir, 'a.webm'));
  rmSync(dir, { recursive: true, force: true });
  return bytes;
}

async function until(fn, what) {
  for (let i = 0; i < 1200; i++) {  // up to 60 s of polling: waiting on background work, not on time
    const v = await fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

for (const backend of backends()) {
  describe(`AI interview API on ${backend}`, () => {
    let smtp, server, admin, hr, hm2, iv, anon, plan, appId, link, token;

    before(async () => {
      smtp = await startSmtp();
      server = await startServer({ db: backend, extraArgs: ['--public-url', 'https://jobs.example.com'], env: { HIREFLOW_SMTP_URL: smtp.url, HIREFLOW_MAIL_FROM: 'HireFlow <hr@example.com>' } });
      admin = await adminClient(server);
      anon = new Client(server.base);
      const dept = (await admin.post('/api/v1/departments', { name: 'Eng', code: 'IENG' })).json;
      const other = (await admin.post('/api/v1/departments', { name: 'Ops', code: 'IOPS' })).json;
      hr = await userClient(server, admin, 'i_hr', 'hr');
      hm2 = await userClient(server, admin, 'i_hm2', 'hiring_manager', { department_id: other.id });
      iv = await userClient(server, admin, 'i_iv', 'interviewer', { department_id: dept.id });
      const p = (await hr.post('/api/v1/requisitions', { title: 'Platform Engineer', department_id: dept.id, headcount: 1, interviewer_ids: [iv.id] })).json;
      plan = (await hr.post(`/api/v1/requisitions/${p.id}/transition`, { to: 'open', version: p.version })).json;
      const apply = await anon.post(`/api/v1/careers/${plan.id}/apply`, { name: 'Casey Lin', email: 'casey@example.com', consent: true, consent_version: 'v1' });
      assert.equal(apply.status, 201, apply.text);
      appId = apply.json.application_id;
    });
    after(async () => { await server?.stop(); smtp?.stop(); });

    test('questions come from a starter bank with rubrics; inviting needs questions', async () => {
      const none = await hr.post(`/api/v1/applications/${appId}/interview`, {});
      assert.equal(none.status, 409);
      assert.equal(none.json.code, 'no_questions');
      const banks = (await hr.get('/api/v1/interview-banks')).json.items.map((b) => b.name);
      assert.ok(banks.includes('general_en') && banks.includes('general_zh'));
      const add = await hr.post(`/api/v1/requisitions/${plan.id}/questions/from-bank`, { bank: 'general_en' });
      assert.equal(add.status, 201, add.text);
      const qs = (await iv.get(`/api/v1/requisitions/${plan.id}/questions`)).json.items;
      assert.equal(qs.filter((q) => q.kind === 'core').length, 3);
      assert.ok(qs.every((q) => q.kind === 'practice' || q.key_points.length > 0));
      const bad = await hr.post(`/api/v1/requisitions/${plan.id}/questions`, { text: 'Q', key_points: [{ text: '', weight: 1 }] });
      assert.equal(bad.status, 422);
      assert.equal(bad.json.field, 'key_points[0].text');
      assert.equal((await hm2.post(`/api/v1/requisitions/${plan.id}/questions`, { text: 'Q' })).status, 404, 'outside the manager\'s scope');
    });

    test('the invitation e-mail arrives over SMTP with a valid iCalendar deadline and the link', async () => {
      const r = await hr.post(`/api/v1/applications/${appId}/interview`, { deadline_days: 5 });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.email_status, 'queued');
      link = r.json.link;
      assert.match(link, /^https:\/\/jobs\.example\.com\/interview\/[A-Za-z0-9_-]{30,}$/);
      token = link.split('/').pop();
      const raw = await until(() => smtp.messages().find((m) => m.includes('casey@example.com')), 'the invitation e-mail');
      const mail = mimeParts(raw);
      assert.match(mail.subject, /AI interview invitation: Platform Engineer/);
      const body = mail.parts.find((p) => p.type === 'text/plain').text;
      assert.ok(body.includes(link), 'the mail carries the link');
      const ics = mail.parts.find((p) => p.type === 'text/calendar');
      assert.equal(ics.filename, 'interview.ics');
      const cal = new ICAL.Component(ICAL.parse(ics.text));
      const ev = new ICAL.Event(cal.getFirstSubcomponent('vevent'));
      assert.equal(ev.endDate.toJSDate().toISOString().slice(0, 16), r.json.deadline.slice(0, 16));
      assert.match(ev.summary, /Platform Engineer/);
      assert.equal(cal.getFirstSubcomponent('vevent').getFirstPropertyValue('url'), link);
      assert.ok(cal.getFirstSubcomponent('vevent').getFirstSubcomponent('valarm'), 'a reminder before the deadline');
      const app = (await hr.get(`/api/v1/applications/${appId}`)).json;
      assert.equal(app.status, 'interview_invited');
      const emailStatus = await until(async () => { const i = (await hr.get(`/api/v1/applications/${appId}/interview`)).json; return i.email_status === 'sent' && i; }, 'email_status sent');
      assert.equal(emailStatus.status, 'invited');
    });

    test('a link reaches only its own interview; a re-issued link replaces the old one; consent comes first', async () => {
      assert.equal((await anon.get(`/api/v1/interview-links/${'x'.repeat(43)}`)).status, 404);
      const re = await hr.post(`/api/v1/applications/${appId}/interview`, {});
      assert.equal(re.status, 201);
      const old = await anon.get(`/api/v1/interview-links/${token}`);
      assert.equal(old.status, 404, 'the replaced link no longer works');
      assert.match(old.json.detail, /replaced/);
      token = re.json.link.split('/').pop();
      const open = await anon.get(`/api/v1/interview-links/${token}`);
      assert.equal(open.status, 200, open.text);
      assert.equal(open.json.position, 'Platform Engineer');
      assert.deepEqual(open.json.questions, [], 'no questions before consent');
      assert.match(open.json.notice.text, /never used for scoring/);
      const qid = (await hr.get(`/api/v1/requisitions/${plan.id}/questions`)).json.items.find((q) => q.kind === 'core').id;
      const early = await anon.post(`/api/v1/interview-links/${token}/questions/${qid}/answers`, { mode: 'text' });
      assert.equal(early.status, 409);
      assert.equal(early.json.code, 'consent_required');
      // Candidates read refusals in their language; code and field stay the same.
      const zh = { headers: { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' } };
      const earlyZh = await anon.req('POST', `/api/v1/interview-links/${token}/questions/${qid}/answers`, { mode: 'text' }, zh);
      assert.deepEqual([earlyZh.status, earlyZh.json.code, earlyZh.json.detail], [409, 'consent_required', '请先阅读并同意面试说明。']);
      const badZh = await anon.get(`/api/v1/interview-links/${'x'.repeat(43)}`, zh);
      assert.deepEqual([badZh.status, badZh.json.detail], [404, '面试链接无效（可能已被新的链接取代）。']);
      assert.match((await anon.get(`/api/v1/interview-links/${'x'.repeat(43)}`)).json.detail, /not valid/, 'English otherwise');
      const wrong = await anon.post(`/api/v1/interview-links/${token}/consent`, { accept: true, notice_version: 'old' });
      assert.equal(wrong.status, 422);
      const ok = await anon.post(`/api/v1/interview-links/${token}/consent`, { accept: true, notice_version: open.json.notice.version });
      assert.equal(ok.status, 200, ok.text);
      const after = (await anon.get(`/api/v1/interview-links/${token}`)).json;
      assert.equal(after.questions[0].kind, 'practice', 'the practice question comes first');
      assert.equal(after.questions[0].scored, false);
      assert.equal(after.questions.length, 4);
      // The device check gives capture advice on a short clip; nothing is stored or scored.
      const check = (clip) => anon.post(`/api/v1/interview-links/${token}/device-check`, clip, { raw: true, headers: { 'content-type': 'application/octet-stream' } });
      const face = await check(makeClip(true));
      assert.equal(face.status, 200, face.text);
      assert.ok(face.json.face_share > 0.5, JSON.stringify(face.json));
      assert.ok(!face.json.flags.includes('no_face'));
      const nobody = await check(makeClip(false));
      assert.ok(nobody.json.flags.includes('no_face'), JSON.stringify(nobody.json));
      assert.equal((await check(Buffer.from('not a video'))).status, 422);
    });

    test('a recording uploads in chunks, resumes after an interruption, and is transcribed and scored', async () => {
      const q = (await anon.get(`/api/v1/interview-links/${token}`)).json.questions.find((x) => x.kind === 'core');
      const video = makeRecording('I analysed the root cause with data and took concrete actions. The result was measured and improved by forty percent.');
      const start = await anon.post(`/api/v1/interview-links/${token}/questions/${q.id}/answers`, { mode: 'video' });
      assert.equal(start.status, 200, start.text);
      const id = start.json.answer_id;
      const put = (offset, buf) => anon.req('PUT', `/api/v1/interview-links/${token}/answers/${id}/chunks?offset=${offset}`, buf,
        { raw: true, headers: { 'content-type': 'application/octet-stream' } });
      const half = Math.floor(video.length / 2);
      assert.equal((await put(0, video.subarray(0, half))).json.received, half);
      const dup = await put(0, video.subarray(0, half));  // the acknowledgement was lost: sent again
      assert.equal(dup.status, 200);
      assert.equal(dup.json.received, half);
      const gap = await put(half + 10, video.subarray(half + 10));
      assert.equal(gap.status, 409);
      assert.equal(gap.json.code, 'offset_mismatch');
      // "Reload": the page asks where the upload stopped and continues from there.
      const st = (await anon.get(`/api/v1/interview-links/${token}/answers/${id}`)).json;
      assert.equal(st.received, half);
      const early = await anon.post(`/api/v1/interview-links/${token}/answers/${id}/finish`, { size: video.length });
      assert.equal(early.status, 409);
      assert.equal(early.json.code, 'upload_incomplete');
      assert.equal((await put(st.received, video.subarray(st.received))).json.received, video.length);
      const fin = await anon.post(`/api/v1/interview-links/${token}/answers/${id}/finish`, { size: video.length, content_type: 'video/webm' });
      assert.equal(fin.status, 200, fin.text);
      const scored = await until(async () => {
        const i = (await hr.get(`/api/v1/applications/${appId}/interview`)).json;
        const a = i.answers.find((x) => x.id === id);
        return a && (a.status === 'scored' || a.status === 'failed') && a;
      }, 'the analysis and score of the recording');
      assert.equal(scored.status, 'scored', JSON.stringify(scored.error));
      assert.match(scored.transcript, /result/i);
      assert.ok(scored.analysis.duration_s > 3, JSON.stringify(scored.analysis).slice(0, 300));
      assert.ok(scored.analysis.speaking_time_s > 2);
      const kp = scored.scoring.key_points.find((k) => /measured result/.test(k.text));
      assert.equal(kp.covered, true, JSON.stringify(scored.scoring.key_points));
      assert.ok(scored.scoring.deductions.every((d) => d.points < 0 && d.reason), 'each deduction has a reason');
      assert.equal(scored.scoring.delivery_note, 'shown to reviewers only; not part of the score');
      assert.ok(scored.scoring.review_flags.includes('no_face'), 'nobody in frame: a person should look at it');
      assert.ok(scored.analysis.capture.flags.includes('no_face'));
      const rec = await iv.get(`/api/v1/interview-answers/${id}/recording`);
      assert.equal(rec.status, 200);
      assert.equal(rec.headers.get('content-type'), 'video/webm');
      assert.equal(rec.headers.get('accept-ranges'), 'bytes');
      // Byte ranges, as Safari and seeking ask for them.
      const part = await fetch(`${server.base}/api/v1/interview-answers/${id}/recording`, { headers: { cookie: iv.cookieHeader(), range: 'bytes=0-99' } });
      assert.equal(part.status, 206);
      assert.equal(part.headers.get('content-range'), `bytes 0-99/${video.length}`);
      assert.deepEqual(Buffer.from(await part.arrayBuffer()), video.subarray(0, 100));
      const tail = await fetch(`${server.base}/api/v1/interview-answers/${id}/recording`, { headers: { cookie: iv.cookieHeader(), range: 'bytes=-10' } });
      assert.deepEqual(Buffer.from(await tail.arrayBuffer()), video.subarray(video.length - 10));
      const beyond = await fetch(`${server.base}/api/v1/interview-answers/${id}/recording`, { headers: { cookie: iv.cookieHeader(), range: `bytes=${video.length + 5}-` } });
      assert.equal(beyond.status, 416);
      assert.equal(beyond.headers.get('content-range'), `bytes */${video.length}`);
      assert.equal((await hm2.get(`/api/v1/interview-answers/${id}/recording`)).status, 404, 'outside the manager\'s scope');
    });

    test('re-recording is limited by the question\'s allowance', async () => {
      const q = (await anon.get(`/api/v1/interview-links/${token}`)).json.questions.find((x) => x.kind === 'core');
      assert.equal(q.attempts_allowed, 2);
      // An attempt abandoned before any byte arrived (the page died) does not use up the allowance.
      const abandoned = await anon.post(`/api/v1/interview-links/${token}/questions/${q.id}/answers`, { mode: 'video' });
      assert.equal(abandoned.status, 200, abandoned.text);
      const second = await anon.post(`/api/v1/interview-links/${token}/questions/${q.id}/answers`, { mode: 'text' });
      assert.equal(second.status, 200, second.text);
      assert.equal(second.json.attempt, 2, 'the abandoned attempt is gone and does not count');
      assert.equal((await anon.get(`/api/v1/interview-links/${token}/answers/${abandoned.json.answer_id}`)).status, 404);
      const t = await anon.post(`/api/v1/interview-links/${token}/answers/${second.json.answer_id}/text`,
        { text: 'The situation mattered because payments failed. I analysed the root cause with data, took concrete actions, and measured the result: errors fell by half. I learned to add alerts.' });
      assert.equal(t.status, 200, t.text);
      const third = await anon.post(`/api/v1/interview-links/${token}/questions/${q.id}/answers`, { mode: 'text' });
      assert.equal(third.status, 409);
      assert.equal(third.json.code, 'rerecord_limit');
    });

    test('completing the interview totals the scores, explains them and moves the application', async () => {
      const qs = (await anon.get(`/api/v1/interview-links/${token}`)).json.questions.filter((x) => x.kind === 'core').slice(1);
      const early = await anon.post(`/api/v1/interview-links/${token}/complete`);
      assert.equal(early.status, 409);
      assert.equal(early.json.code, 'answers_missing');
      for (const q of qs) {
        const s = await anon.post(`/api/v1/interview-links/${token}/questions/${q.id}/answers`, { mode: 'text' });
        const t = await anon.post(`/api/v1/interview-links/${token}/answers/${s.json.answer_id}/text`, { text: 'I listened to their view and we agreed on a decision with respect. The role matches my skills.' });
        assert.equal(t.status, 200, t.text);
      }
      const done = await anon.post(`/api/v1/interview-links/${token}/complete`);
      assert.equal(done.status, 200, done.text);
      const i = await until(async () => { const x = (await hr.get(`/api/v1/applications/${appId}/interview`)).json; return x.status === 'scored' && x; }, 'the interview total');
      assert.equal(typeof i.total_score, 'number');
      assert.ok(['advance', 'review', 'reject'].includes(i.recommendation));
      assert.equal(i.result.per_question.length, 3);
      assert.equal(i.result.humans_decide, true);
      const app = (await hr.get(`/api/v1/applications/${appId}`)).json;
      assert.equal(app.status, 'interviewed', 'humans decide: never rejected automatically');
      assert.equal(app.history.at(-1).rule, 'interview_completed');
      const answer = i.answers.find((a) => a.is_final && a.kind === 'core' && a.status === 'scored');
      const rate = await iv.post(`/api/v1/interview-answers/${answer.id}/ratings`, { rating: 80, reason: 'clear STAR answer' });
      assert.equal(rate.status, 201, rate.text);
      const ivOverride = await iv.post(`/api/v1/interview-answers/${answer.id}/ratings`, { rating: 80, override_score: 90, reason: 'x' });
      assert.equal(ivOverride.status, 403);
      const ov = await hr.post(`/api/v1/interview-answers/${answer.id}/ratings`, { rating: 95, override_score: 95, reason: 'the transcript missed a key sentence' });
      assert.equal(ov.status, 201, ov.text);
      const after = (await hr.get(`/api/v1/applications/${appId}/interview`)).json;
      assert.equal(after.answers.find((a) => a.id === answer.id).score, 95);
      assert.notEqual(after.total_score, i.total_score, 'the total follows the override');
      const second = await hr.get(`/api/v1/applications/${appId}/interview/second-round`);
      assert.equal(second.status, 200, second.text);
      const missed = second.json.items.filter((x) => x.kind === 'missed_key_point');
      assert.ok(missed.length > 0, 'the short text answers missed key points');
      assert.ok(missed.every((x) => x.text.includes(x.key_point) && x.reason.includes(x.key_point)));
      assert.ok(second.json.items.some((x) => x.kind === 'short_answer'), 'a one-sentence answer is flagged as short');
      const finished = await anon.post(`/api/v1/interview-links/${token}/questions/${qs[0].id}/answers`, { mode: 'text' });
      assert.equal(finished.status, 409, 'no answers after the end');
      const review = await anon.post(`/api/v1/interview-links/${token}/human-review`, { reason: 'I had a bad connection' });
      assert.equal(review.status, 200);
      assert.ok((await hr.get(`/api/v1/applications/${appId}/interview`)).json.human_review_requested_at);
      assert.equal((await hm2.get(`/api/v1/applications/${appId}/interview`)).status, 404);
    });

    test('the candidate is told the outcome by e-mail: received for review, then a person\'s rejection', async () => {
      // humans decide (the default): the total leads to "a person reviews your answers", never to an automatic rejection.
      const received = await until(() => smtp.messages().find((m) => m.includes('casey@example.com') && m.includes('was received')), 'the outcome e-mail');
      const mail = mimeParts(received);
      assert.equal(mail.subject, 'Your AI interview for Platform Engineer was received');
      assert.match(mail.parts.find((p) => p.type === 'text/plain').text, /Hello Casey Lin,[\s\S]*review them before any decision/);
      const i = await until(async () => { const x = (await hr.get(`/api/v1/applications/${appId}/interview`)).json; return x.notices.some((n) => n.status === 'sent') && x; }, 'the notice marked sent');
      assert.deepEqual(i.notices.map((n) => [n.kind, n.outcome, n.status, n.channels]), [['outcome', 'in_review', 'sent', ['email']]]);
      // A person confirms the rejection: the candidate is told, in the interview's language.
      const app = (await hr.get(`/api/v1/applications/${appId}`)).json;
      const rej = await hr.post(`/api/v1/applications/${appId}/transition`, { to: 'rejected', reason: 'confirmed after review', version: app.version });
      assert.equal(rej.status, 200, rej.text);
      const rejected = await until(() => smtp.messages().find((m) => m.includes('casey@example.com') && m.includes('Your application for Platform Engineer')), 'the rejection e-mail');
      const body = mimeParts(rejected).parts.find((p) => p.type === 'text/plain').text;
      assert.match(body, /will not move forward/);
      assert.match(body, /human review/, 'the rejection says how to ask for a human review');
      const after = await until(async () => { const x = (await hr.get(`/api/v1/applications/${appId}/interview`)).json; return x.notices.length === 2 && x.notices[1].status === 'sent' && x; }, 'the second notice');
      assert.equal(after.notices[1].outcome, 'rejected');
    });

    test('HR lists and resolves the human-review request with an outcome and a reason; the candidate is told', async () => {
      const list = await hr.get('/api/v1/interview-reviews');
      assert.equal(list.status, 200, list.text);
      const item = list.json.items.find((x) => x.application_id === appId);
      assert.ok(item, JSON.stringify(list.json));
      assert.equal(item.status, 'open');
      assert.equal(item.reason, 'I had a bad connection');
      assert.equal(item.candidate_name, 'Casey Lin');
      assert.equal(item.requisition_title, 'Platform Engineer');
      assert.ok(!(await hm2.get('/api/v1/interview-reviews')).json.items.some((x) => x.application_id === appId), 'outside the manager\'s scope');
      assert.equal((await iv.get('/api/v1/interview-reviews')).status, 403);
      const url = `/api/v1/applications/${appId}/interview/human-review`;
      const bad = await hr.post(url, { outcome: 'maybe', reason: 'x' });
      assert.equal(bad.status, 422);
      assert.equal(bad.json.field, 'outcome');
      const noReason = await hr.post(url, { outcome: 'upheld' });
      assert.equal(noReason.status, 422);
      assert.equal(noReason.json.field, 'reason');
      const moveUpheld = await hr.post(url, { outcome: 'upheld', reason: 'x', to: 'screened' });
      assert.equal(moveUpheld.status, 422);
      assert.equal(moveUpheld.json.field, 'to');
      assert.equal((await hm2.post(url, { outcome: 'upheld', reason: 'x' })).status, 404);
      const ok = await hr.post(url, { outcome: 'upheld', reason: 'Two reviewers watched every answer; the rubric gaps are real.' });
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.json.status, 'resolved');
      assert.equal(ok.json.resolved_by, 'i_hr');
      const again = await hr.post(url, { outcome: 'upheld', reason: 'again' });
      assert.equal(again.status, 409);
      assert.equal(again.json.code, 'review_resolved');
      assert.ok(!(await hr.get('/api/v1/interview-reviews')).json.items.some((x) => x.application_id === appId), 'no longer open');
      const resolved = (await hr.get('/api/v1/interview-reviews?status=resolved')).json.items.find((x) => x.application_id === appId);
      assert.equal(resolved.outcome, 'upheld');
      assert.equal((await hr.get('/api/v1/interview-reviews?status=bogus')).status, 422);
      const audit = (await admin.get('/api/v1/audit?entity=interview')).json.items;
      const entry = audit.find((e) => e.action === 'resolve_review');
      assert.ok(entry, 'the resolution is audited');
      assert.equal(entry.after.outcome, 'upheld');
      // The candidate sees the answer on the link page and receives it by e-mail, reason included.
      const seen = (await anon.get(`/api/v1/interview-links/${token}`)).json.human_review;
      assert.equal(seen.status, 'resolved');
      assert.equal(seen.outcome, 'upheld');
      assert.match(seen.resolution, /rubric gaps are real/);
      const m = await until(() => smtp.messages().find((x) => x.includes('casey@example.com') && x.includes('Human review of your AI interview')), 'the resolution e-mail');
      assert.match(mimeParts(m).parts.find((p) => p.type === 'text/plain').text, /The decision stands\.[\s\S]*Reason: Two reviewers watched every answer/);
      // A new request reopens the review; a revised decision moves the application, recorded as the person's move.
      const again2 = await anon.post(`/api/v1/interview-links/${token}/human-review`, { reason: 'please look again' });
      assert.equal(again2.status, 200);
      assert.equal((await anon.post(`/api/v1/interview-links/${token}/human-review`, { reason: 'twice' })).json.status, 'open', 'asking twice is one request');
      const rev = await hr.post(url, { outcome: 'revised', reason: 'A second look found the answers strong enough.', to: 'screened' });
      assert.equal(rev.status, 200, rev.text);
      assert.equal(rev.json.application_status, 'screened');
      const app = (await hr.get(`/api/v1/applications/${appId}`)).json;
      assert.equal(app.status, 'screened');
      assert.equal(app.history.at(-1).rule, 'human_review_resolution');
      assert.equal(app.history.at(-1).actor, 'i_hr');
      const texts = () => smtp.messages().filter((x) => x.includes('casey@example.com')).map((x) => mimeParts(x).parts.find((p) => p.type === 'text/plain')?.text || '');
      const revised = await until(() => texts().find((x) => x.includes('changed the decision')), 'the revised-decision e-mail');
      assert.match(revised, /Reason: A second look found the answers strong enough/);
    });

    test('agreement between reviewers\' ratings and the automatic scores is computed per plan', async () => {
      const i = (await hr.get(`/api/v1/applications/${appId}/interview`)).json;
      const finals = i.answers.filter((a) => a.is_final && a.kind === 'core' && a.scoring);
      assert.equal(finals.length, 3);
      // Staff see each answer's competency and weight.
      assert.ok(finals.every((a) => typeof a.weight === 'number' && typeof a.competency === 'string'));
      assert.ok(finals.some((a) => a.competency), JSON.stringify(finals.map((a) => a.competency)));
      for (const [k, a] of finals.slice(1).entries()) {
        const r = await iv.post(`/api/v1/interview-answers/${a.id}/ratings`, { rating: 20 + 30 * k, reason: 'rated for agreement' });
        assert.equal(r.status, 201, r.text);
      }
      const ag = await iv.get(`/api/v1/requisitions/${plan.id}/interview-agreement`);
      assert.equal(ag.status, 200, ag.text);
      assert.equal(ag.json.n, 4, 'two earlier ratings plus two now');
      const byId = Object.fromEntries(finals.map((a) => [a.id, a.scoring.score]));
      assert.ok(ag.json.pairs.every((p) => p.automatic === byId[p.answer_id]), 'the automatic score before any override');
      const x = ag.json.pairs.map((p) => p.automatic), y = ag.json.pairs.map((p) => p.human);
      const mean = (v) => v.reduce((s, t) => s + t, 0) / v.length;
      const mx = mean(x), my = mean(y);
      const cov = x.reduce((s, _, k) => s + (x[k] - mx) * (y[k] - my), 0);
      const r = cov / Math.sqrt(x.reduce((s, t) => s + (t - mx) ** 2, 0) * y.reduce((s, t) => s + (t - my) ** 2, 0));
      assert.ok(Math.abs(ag.json.pearson - r) < 0.001, `${ag.json.pearson} vs ${r}`);
      assert.ok(Math.abs(ag.json.mean_abs_diff - mean(x.map((v, k) => Math.abs(v - y[k])))) < 0.001);
      assert.deepEqual(ag.json.by_reviewer.map((b) => [b.reviewer, b.n]), [['i_hr', 1], ['i_iv', 3]]);
      assert.equal(ag.json.by_reviewer[0].pearson, null, 'one pair says nothing about correlation');
      assert.equal((await hm2.get(`/api/v1/requisitions/${plan.id}/interview-agreement`)).status, 404);
    });

    test('resume-based probes are added for a candidate with a parsed resume, each saying why it is asked', async () => {
      const resume = readFileSync(new URL('../fixtures/resumes/en_engineer.txt', import.meta.url));
      const up = await anon.post(`/api/v1/careers/${plan.id}/resume`, resume, { raw: true, headers: { 'content-type': 'application/octet-stream', 'x-filename': 'cv.txt' } });
      const a = await anon.post(`/api/v1/careers/${plan.id}/apply`, { name: 'John Smith', email: 'js@example.com', upload_token: up.json.upload_token, consent: true, consent_version: 'v1' });
      assert.equal(a.status, 201, a.text);
      const inv = await hr.post(`/api/v1/applications/${a.json.application_id}/interview`, {});
      assert.equal(inv.status, 201, inv.text);
      const t = inv.json.link.split('/').pop();
      const open = (await anon.get(`/api/v1/interview-links/${t}`)).json;
      await anon.post(`/api/v1/interview-links/${t}/consent`, { accept: true, notice_version: open.notice.version });
      const probes = (await anon.get(`/api/v1/interview-links/${t}`)).json.questions.filter((q) => q.kind === 'probe');
      assert.ok(probes.length >= 2, JSON.stringify(probes));
      const led = probes.find((q) => /Led the migration of the billing platform to Kubernetes/.test(q.because));
      assert.ok(led, 'a probe quotes the led project');
      assert.ok(led.text.includes(led.because));
      assert.ok(probes.every((q) => q.because));
      assert.equal((await hr.get(`/api/v1/requisitions/${plan.id}/questions`)).json.items.filter((q) => q.kind === 'probe').length, 0,
        'probes belong to the interview, not to the plan');
      // HR sees the same probes with the line that triggered each, scored apart from the total.
      const staff = (await hr.get(`/api/v1/applications/${a.json.application_id}/interview`)).json;
      assert.deepEqual(staff.probes.map((p) => p.because).sort(), probes.map((p) => p.because).sort());
      assert.ok(staff.probes.every((p) => p.because_source && p.kind));
      const first = probes.find((q) => q.scored);
      const st = await anon.post(`/api/v1/interview-links/${t}/questions/${first.id}/answers`, { mode: 'text' });
      await anon.post(`/api/v1/interview-links/${t}/answers/${st.json.answer_id}/text`, { text: 'I led it and we measured the result.' });
      const ans = (await hr.get(`/api/v1/applications/${a.json.application_id}/interview`)).json.answers.find((x) => x.id === st.json.answer_id);
      assert.equal(ans.kind, 'probe');
      assert.equal(ans.because, first.because);
      assert.equal(ans.scored_separately, true);
    });
  });
}

// A worker killed in the middle of an analysis: the job is taken over when its lease runs out and
// the answer is analysed and scored exactly once.
describe('AI interview analysis survives kill -9 of the worker mid-job', () => {
  test('the analysis job is retried after the crash and completes once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hf-kill-'));
    let server = await startServer({ dataDir: dir, extraArgs: ['--job-lease-ms', '500'], env: { HIREFLOW_TEST_PAUSE_ANALYSIS: '1' } });
    try {
      const admin = await adminClient(server);
      const anon = new Client(server.base);
      const dept = (await admin.post('/api/v1/departments', { name: 'K', code: 'KILL' })).json;
      const p = (await admin.post('/api/v1/requisitions', { title: 'Kill test', department_id: dept.id, headcount: 1 })).json;
      const plan = (await admin.post(`/api/v1/requisitions/${p.id}/transition`, { to: 'open', version: p.version })).json;
      await admin.post(`/api/v1/requisitions/${plan.id}/questions/from-bank`, { bank: 'general_en' });
      const a = await anon.post(`/api/v1/careers/${plan.id}/apply`, { name: 'K Person', email: 'k@example.com', consent: true, consent_version: 'v1' });
      const token = (await admin.post(`/api/v1/applications/${a.json.application_id}/interview`, {})).json.link.split('/').pop();
      const open = (await anon.get(`/api/v1/interview-links/${token}`)).json;
      await anon.post(`/api/v1/interview-links/${token}/consent`, { accept: true, notice_version: open.notice.version });
      const q = (await anon.get(`/api/v1/interview-links/${token}`)).json.questions.find((x) => x.kind === 'core');
      const video = makeRecording('I measured the result and it improved.');
      const id = (await anon.post(`/api/v1/interview-links/${token}/questions/${q.id}/answers`, { mode: 'video' })).json.answer_id;
      await anon.req('PUT', `/api/v1/interview-links/${token}/answers/${id}/chunks?offset=0`, video, { raw: true, headers: { 'content-type': 'application/octet-stream' } });
      assert.equal((await anon.post(`/api/v1/interview-links/${token}/answers/${id}/finish`, { size: video.length })).status, 200);
      await until(() => server.output().includes(`analysis of answer ${id} paused`), 'the analysis to start');
      await server.kill9();
      server = await startServer({ dataDir: dir, extraArgs: ['--job-lease-ms', '500'] });
      const hr = await adminClient(server);
      const answer = await until(async () => {
        const i = (await hr.get(`/api/v1/applications/${a.json.application_id}/interview`)).json;
        const x = i.answers.find((y) => y.id === id);
        return x && x.status === 'scored' && x;
      }, 'the analysis after the restart');
      assert.ok(answer.analysis.duration_s > 1);
      const jobs = (await hr.get('/api/v1/jobs?limit=200')).json.items.filter((j) => j.kind === 'interview.analyze_answer');
      assert.equal(jobs.length, 1, 'one job');
      assert.equal(jobs[0].status, 'done');
      assert.equal(jobs[0].attempts, 2, 'taken over after the crash');
      const scores = (await hr.get('/api/v1/jobs?limit=200')).json.items.filter((j) => j.kind === 'interview.score_answer');
      assert.equal(scores.length, 1, 'scored once');
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// SMS gateway and IM robots are outside services: a local HTTP server speaking their protocols
// receives the calls and checks payloads and signatures.
describe('AI interview channels: SMS gateway and DingTalk / WeCom / Feishu robots', () => {
  let hook, hookPort, server, hr, anon, calls = [];
  before(async () => {
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => { body += d; });
      req.on('end', () => {
        calls.push({ url: req.url, headers: req.headers, body: JSON.parse(body) });
        res.setHeader('content-type', 'application/json');
        res.end(req.url.startsWith('/feishu') ? '{"code":0}' : '{"errcode":0}');
      });
    });
    hookPort = await freePort();
    await new Promise((r) => hook.listen(hookPort, '127.0.0.1', r));
    const h = `http://127.0.0.1:${hookPort}`;
    server = await startServer({ env: {
      HIREFLOW_SMS_URL: `${h}/sms`, HIREFLOW_SMS_SECRET: 'sms-secret',
      HIREFLOW_IM_ROBOTS: `dingtalk|${h}/ding?access_token=abc|ding-secret;wecom|${h}/wecom?key=k1;feishu|${h}/feishu|fs-secret` } });
    const admin = await adminClient(server);
    anon = new Client(server.base);
    hr = admin;
    const dept = (await admin.post('/api/v1/departments', { name: 'Sales', code: 'CSALES' })).json;
    const p = (await hr.post('/api/v1/requisitions', { title: '销售代表', department_id: dept.id, headcount: 1 })).json;
    const plan = (await hr.post(`/api/v1/requisitions/${p.id}/transition`, { to: 'open', version: p.version })).json;
    await hr.post(`/api/v1/requisitions/${plan.id}/questions/from-bank`, { bank: 'general_zh' });
    const a = await anon.post(`/api/v1/careers/${plan.id}/apply`, { name: '周杰', email: 'zj@example.com', phone: '+86 139 1111 2222', consent: true, consent_version: 'v1' });
    const inv = await hr.post(`/api/v1/applications/${a.json.application_id}/interview`, {});
    assert.equal(inv.status, 201, inv.text);
    server.token = inv.json.link.split('/').pop();
    server.plan = plan.id;
    server.link = inv.json.link;
  });
  after(async () => { await server?.stop(); hook?.close(); });

  test('the SMS invitation reaches the gateway signed with the shared secret', async () => {
    const sms = await until(() => calls.find((c) => c.url === '/sms'), 'the SMS call');
    assert.equal(sms.body.to, '+86 139 1111 2222');
    assert.ok(sms.body.text.includes(server.link), 'the SMS carries the link');
    const raw = JSON.stringify(sms.body);
    const expected = createHmac('sha256', 'sms-secret').update(`${sms.headers['x-hireflow-timestamp']}.${raw}`).digest('hex');
    assert.equal(sms.headers['x-hireflow-signature'], expected);
  });

  test('a declined interview is announced to the robots with valid signatures and no candidate name', async () => {
    const open = (await anon.get(`/api/v1/interview-links/${server.token}`)).json;
    const d = await anon.post(`/api/v1/interview-links/${server.token}/consent`, { accept: false, notice_version: open.notice.version });
    assert.equal(d.status, 200, d.text);
    assert.ok(d.json.alternative_process);
    const ding = await until(() => calls.find((c) => c.url.startsWith('/ding')), 'the DingTalk call');
    const wecom = await until(() => calls.find((c) => c.url.startsWith('/wecom')), 'the WeCom call');
    const feishu = await until(() => calls.find((c) => c.url.startsWith('/feishu')), 'the Feishu call');
    const q = new URL(ding.url, 'http://x').searchParams;
    assert.equal(q.get('access_token'), 'abc');
    const ts = q.get('timestamp');
    assert.equal(q.get('sign'), createHmac('sha256', 'ding-secret').update(`${ts}\nding-secret`).digest('base64'));
    assert.equal(ding.body.msgtype, 'text');
    assert.match(ding.body.text.content, /declined/);
    assert.equal(wecom.body.msgtype, 'text');
    assert.equal(feishu.body.msg_type, 'text');
    assert.equal(feishu.body.sign, createHmac('sha256', `${feishu.body.timestamp}\nfs-secret`).update('').digest('base64'));
    for (const c of [ding, wecom, feishu]) assert.ok(!JSON.stringify(c.body).includes('周杰'), 'no candidate name in chat rooms');
  });

  test('the outcome of a finished interview reaches the candidate by SMS too, in the interview\'s language', async () => {
    const a = await anon.post(`/api/v1/careers/${server.plan}/apply`, { name: '李娜', email: 'lina@example.com', phone: '+86 139 3333 4444', consent: true, consent_version: 'v1' });
    assert.equal(a.status, 201, a.text);
    const t = (await hr.post(`/api/v1/applications/${a.json.application_id}/interview`, {})).json.link.split('/').pop();
    const open = (await anon.get(`/api/v1/interview-links/${t}`)).json;
    await anon.post(`/api/v1/interview-links/${t}/consent`, { accept: true, notice_version: open.notice.version });
    const qs = (await anon.get(`/api/v1/interview-links/${t}`)).json.questions.filter((q) => q.kind === 'core');
    for (const q of qs) {
      const st = await anon.post(`/api/v1/interview-links/${t}/questions/${q.id}/answers`, { mode: 'text' });
      assert.equal((await anon.post(`/api/v1/interview-links/${t}/answers/${st.json.answer_id}/text`, { text: '我分析了原因，采取了行动，结果提升了百分之三十。' })).status, 200);
    }
    assert.equal((await anon.post(`/api/v1/interview-links/${t}/complete`)).status, 200);
    const sms = await until(() => calls.find((c) => c.url === '/sms' && c.body.to === '+86 139 3333 4444' && c.body.text.includes('AI 面试，招聘人员审阅后')), 'the outcome SMS');
    assert.equal(sms.body.text, '【HireFlow】已收到您「销售代表」的 AI 面试，招聘人员审阅后会通知您结果。');
    const raw = JSON.stringify(sms.body);
    assert.equal(sms.headers['x-hireflow-signature'], createHmac('sha256', 'sms-secret').update(`${sms.headers['x-hireflow-timestamp']}.${raw}`).digest('hex'));
    const i = await until(async () => { const x = (await hr.get(`/api/v1/applications/${a.json.application_id}/interview`)).json; return x.notices[0]?.status === 'sent' && x; }, 'the notice marked sent');
    assert.deepEqual(i.notices[0].channels, ['sms'], 'no mailer configured here: SMS only');
  });
});

// Retention: the daily sweep run on demand "as of" later dates (HIREFLOW_TEST_HOOKS=1 lets the
// test move the sweep's clock; no sleeps): unused careers uploads after 24 h, recordings after the
// recording retention period (score kept, derived transcript and analysis gone), inactive
// candidates after the candidate retention period (erased like a request, audited).
for (const backend of backends()) {
  describe(`retention sweep on ${backend}`, () => {
    let server, admin, anon, plan;
    const day = 24 * 3600 * 1000;
    const asOf = (ms) => new Date(Date.now() + ms).toISOString().replace(/\.\d+Z$/, 'Z');
    before(async () => {
      server = await startServer({ db: backend, env: { HIREFLOW_TEST_HOOKS: '1' } });
      admin = await adminClient(server);
      anon = new Client(server.base);
      const dept = (await admin.post('/api/v1/departments', { name: 'Ret', code: 'RET' })).json;
      const p = (await admin.post('/api/v1/requisitions', { title: 'Retention test', department_id: dept.id, headcount: 1 })).json;
      plan = (await admin.post(`/api/v1/requisitions/${p.id}/transition`, { to: 'open', version: p.version })).json;
      await admin.post(`/api/v1/requisitions/${plan.id}/questions/from-bank`, { bank: 'general_en' });
    });
    after(async () => { await server?.stop(); });

    test('uploads, recordings and inactive candidates are deleted by their retention periods, and each run is audited', async () => {
      const settings = (await admin.get('/api/v1/interview-settings')).json;
      assert.equal(settings.candidate_retention_days, 730, 'the default');
      const bad = await admin.put('/api/v1/interview-settings', { candidate_retention_days: 5 });
      assert.equal(bad.status, 422);
      assert.equal(bad.json.field, 'candidate_retention_days');
      const saved = await admin.put('/api/v1/interview-settings', { retention_days: 30, candidate_retention_days: 365, version: settings.version });
      assert.equal(saved.status, 200, saved.text);
      // A candidate with an interview answer recorded on video.
      const resume = readFileSync(new URL('../fixtures/resumes/en_engineer.txt', import.meta.url));
      const upload = () => anon.post(`/api/v1/careers/${plan.id}/resume`, resume, { raw: true, headers: { 'content-type': 'application/octet-stream', 'x-filename': 'cv.txt' } });
      const used = (await upload()).json.upload_token;
      const a = await anon.post(`/api/v1/careers/${plan.id}/apply`, { name: 'Rita Old', email: 'rita@example.com', upload_token: used, consent: true, consent_version: 'v1' });
      assert.equal(a.status, 201, a.text);
      const token = (await admin.post(`/api/v1/applications/${a.json.application_id}/interview`, {})).json.link.split('/').pop();
      const open = (await anon.get(`/api/v1/interview-links/${token}`)).json;
      await anon.post(`/api/v1/interview-links/${token}/consent`, { accept: true, notice_version: open.notice.version });
      const q = (await anon.get(`/api/v1/interview-links/${token}`)).json.questions.find((x) => x.kind === 'core');
      const video = makeRecording('I measured the result and it improved.');
      const id = (await anon.post(`/api/v1/interview-links/${token}/questions/${q.id}/answers`, { mode: 'video' })).json.answer_id;
      await anon.req('PUT', `/api/v1/interview-links/${token}/answers/${id}/chunks?offset=0`, video, { raw: true, headers: { 'content-type': 'application/octet-stream' } });
      assert.equal((await anon.post(`/api/v1/interview-links/${token}/answers/${id}/finish`, { size: video.length, content_type: 'video/webm' })).status, 200);
      const answer = () => admin.get(`/api/v1/applications/${a.json.application_id}/interview`).then((r) => r.json.answers.find((x) => x.id === id));
      const scored = await until(async () => { const x = await answer(); return x.status === 'scored' && x; }, 'the recording scored');
      assert.ok(scored.transcript && scored.analysis);
      // A careers upload never attached to an application, and a candidate HR added by hand.
      const unused = (await upload()).json.upload_token;
      const c = await admin.post('/api/v1/candidates', { name: 'Carl Idle', email: 'carl@example.com' });
      assert.equal(c.status, 201, c.text);
      const run = (ms) => admin.post('/api/v1/retention/run', { as_of: asOf(ms) });

      const r0 = await run(0);
      assert.equal(r0.status, 200, r0.text);
      assert.deepEqual([r0.json.uploads_deleted, r0.json.recordings_deleted, r0.json.candidates_erased], [0, 0, 0], 'nothing is old yet');
      const r1 = (await run(day + 3600 * 1000)).json;
      assert.deepEqual([r1.uploads_deleted, r1.recordings_deleted, r1.candidates_erased], [1, 0, 0], 'the unused upload after 24 h');
      const late = await anon.post(`/api/v1/careers/${plan.id}/apply`, { name: 'Late', email: 'late@example.com', upload_token: unused, consent: true, consent_version: 'v1' });
      assert.ok(late.status >= 400 && late.status < 500, `the deleted upload cannot be used: ${late.status}`);
      assert.equal((await admin.get(`/api/v1/candidates/${a.json.candidate_id ?? (await admin.get(`/api/v1/applications/${a.json.application_id}`)).json.candidate_id}/resume`)).status, 200, 'an attached upload stays');

      const r2 = (await run(31 * day)).json;
      assert.deepEqual([r2.recordings_deleted, r2.candidates_erased], [1, 0], 'the recording after 30 days');
      const gone = await answer();
      assert.equal(gone.has_recording, false);
      assert.ok(gone.recording_deleted_at);
      assert.equal(gone.transcript, null, 'the transcript derived from the recording goes too');
      assert.equal(gone.analysis, null);
      assert.equal(gone.score, scored.score, 'the score and its explanation stay');
      assert.deepEqual(gone.scoring.key_points, scored.scoring.key_points);
      assert.equal((await admin.get(`/api/v1/interview-answers/${id}/recording`)).status, 404);

      assert.equal((await run(200 * day)).json.candidates_erased, 0, 'within the candidate retention period');
      const r3 = (await run(400 * day)).json;
      assert.equal(r3.candidates_erased, 2, JSON.stringify(r3));
      assert.equal((await admin.get(`/api/v1/candidates/${c.json.id}`)).status, 404);
      assert.equal((await admin.get(`/api/v1/applications/${a.json.application_id}`)).status, 404);
      const audit = (await admin.get('/api/v1/audit?limit=200')).json.items;
      assert.equal(audit.filter((e) => e.action === 'retention_sweep').length, 6, 'every run is audited');
      const erase = audit.find((e) => e.action === 'erase' && e.entity_id === String(c.json.id));
      assert.ok(erase, 'each erasure is audited');
      assert.equal(erase.after.reason, 'retention period without activity');
      assert.ok(!JSON.stringify(audit).includes('carl@example.com'), 'no personal data in the audit log');
    });
  });
}
