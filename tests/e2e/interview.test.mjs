// End-to-end check of the AI interview against the real server, in Debian's Chromium with a fake
// camera and microphone (--use-fake-device-for-media-stream: a test pattern and a beep; the
// permission prompt is accepted by --use-fake-ui-for-media-stream).
//
// Set-up through the API as the administrator: a plan with the general_en starter bank (answer
// times cut to the minimum), an application, an invitation (its link token). Then, on a phone,
// the candidate consents, passes the device check, records the practice question, records the
// first core question and re-records it. The re-recording's upload is cut in the middle (the first
// chunk is let through only half, the next one is held) and the page is reloaded: the upload
// must resume from the server's offset and finish. The other questions are typed; the candidate
// completes the interview and asks for a human review. Finally HR opens the application (once the
// server's background scoring is done, polled through the API) and sees the total and the score
// breakdown, and rates an answer. Screenshots for the user guide: docs/images/interview-candidate.png
// (phone) and docs/images/interview-review.png.
//
// Server: HIREFLOW_BASE_URL and HIREFLOW_ADMIN_PASSWORD (as scripts/test.sh sets them), or else a
// fresh server started here with tests/harness.mjs (needs build/hireflow and web/dist).
//
// Run: (cd tests && node --test e2e/interview.test.mjs)
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { Client, openPlan } from '../harness.mjs'
import { closeTarget, launchChromium, openPage, openTarget, PHONE, shot, signIn, skipReason, stepper } from './target.mjs'

const skip = skipReason()

const stamp = Date.now().toString(36).toUpperCase()
const planTitle = `Customer Success Lead ${stamp}`
const candidate = { name: 'Jordan Lee', email: `jordan.${stamp.toLowerCase()}@example.com` }
const typedAnswers = [
  // Covers the teamwork question's key points, so the review shows highlighted evidence.
  'I listened to their view and understood their perspective. I explained my reasons with facts and data. ' +
    'We agreed on a decision together and kept a respectful relationship built on trust.',
  'The role matches my skills and interests, and I know what the team does for the product. ' +
    'In six months I want to learn the systems and deliver a first project.',
]

let server
let baseUrl
let adminPassword
let api // administrator's API client
let browser
let planId
let appId
let token
let questions // the plan's questions in the order candidates see them
const pageErrors = []

// Polls until fn() returns something truthy: waiting on the server's background work, not on time.
async function until(fn, what, limitMs = 180_000) {
  const end = Date.now() + limitMs
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

before(async () => {
  if (skip) return
  ;({ server, baseUrl, adminPassword, api } = await openTarget())

  const dept = await api.post('/api/v1/departments', { name: `E2E面试部-${stamp}`, code: `AIV${stamp}` })
  assert.equal(dept.status, 201, dept.text)
  planId = (await openPlan(api, { title: planTitle, department_id: dept.json.id, headcount: 1 })).id
  const bank = await api.post(`/api/v1/requisitions/${planId}/questions/from-bank`, { bank: 'general_en' })
  assert.equal(bank.status, 201, bank.text)
  // Short answers: the minimum answer time (recordings are stopped early with the stop button);
  // a long think time, which the test skips with "start recording now".
  for (const q of (await api.get(`/api/v1/requisitions/${planId}/questions`)).json.items) {
    const r = await api.patch(`/api/v1/interview-questions/${q.id}`, { think_seconds: 120, answer_seconds: 15, version: q.version })
    assert.equal(r.status, 200, r.text)
  }
  const items = (await api.get(`/api/v1/requisitions/${planId}/questions`)).json.items
  questions = [...items.filter((q) => q.kind === 'practice'), ...items.filter((q) => q.kind === 'core')]
  assert.deepEqual(questions.map((q) => q.kind), ['practice', 'core', 'core', 'core'])

  const anon = new Client(baseUrl)
  const applied = await anon.post(`/api/v1/careers/${planId}/apply`, { ...candidate, consent: true, consent_version: 'privacy-2026-11' })
  assert.equal(applied.status, 201, applied.text)
  appId = applied.json.application_id
  const invited = await api.post(`/api/v1/applications/${appId}/interview`, {})
  assert.equal(invited.status, 201, invited.text)
  token = invited.json.link.split('/').pop()

  // Only this test's browser: a fake camera and microphone, and camera permission granted.
  browser = await launchChromium(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'])
})

after(() => closeTarget(browser, server))

// Screenshots: wait until toasts are gone and no transition or animation is running (no sleeps).

const isStart = (qid) => (r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith(`/questions/${qid}/answers`)
const linkPath = () => `/api/v1/interview-links/${token}`

test('AI interview: a candidate records, re-records, survives a reload mid-upload, types, completes; HR sees the scores',
  { skip, timeout: 420_000 }, async (t) => {
    let current = null
    const step = stepper(t, 'interview', () => current)

    const page = await openPage(browser, { ...PHONE, locale: 'en-US', timeout: 20_000, errors: pageErrors, label: 'candidate' })
    current = page
    // Leaving with an upload running asks first; the test accepts (a real reload by the candidate).
    let warnedBeforeUnload = false
    page.on('dialog', (d) => {
      if (d.type() === 'beforeunload') {
        warnedBeforeUnload = true
        void d.accept()
      } else void d.dismiss()
    })
    const id = (testid) => page.getByTestId(testid)

    // Records the current question: start, skip the rest of the think time, record until the
    // answer countdown has gone down by two seconds (the recording then holds real frames), stop.
    // Returns the answer id the server gave this attempt.
    async function record(qid, { screenshot } = {}) {
      await id('q-record-now').waitFor()
      assert.ok(Number(await id('q-think-countdown').getAttribute('data-seconds')) > 0, 'the think countdown runs')
      if (screenshot) await shot(page, screenshot, { fullPage: true })
      const started = page.waitForResponse(isStart(qid))
      await id('q-record-now').click()
      const res = await started
      assert.equal(res.status(), 200, await res.text())
      const answerId = (await res.json()).answer_id
      await id('q-recording').waitFor()
      await page.waitForFunction(() => {
        const el = document.querySelector('[data-testid="q-answer-countdown"]')
        return !el || Number(el.getAttribute('data-seconds')) <= 13
      })
      // The 15 s limit may have stopped it already on a very slow machine; both end the same way.
      await id('q-stop').click({ timeout: 2_000 }).catch(() => {})
      await id('q-next').waitFor()
      return answerId
    }

    await step('the candidate opens the link on a phone and accepts the notice', async () => {
      await page.goto(`${baseUrl}/interview/${token}`)
      await id('interview-notice').waitFor()
      assert.match(await id('interview-position').innerText(), new RegExp(planTitle))
      assert.match(await id('notice-text').innerText(), /never used for scoring/)
      const version = (await api.get('/api/v1/interview-settings')).json.notice_version
      assert.match(await id('notice-version').innerText(), new RegExp(version))
      assert.ok(await id('consent-accept').isDisabled(), 'no consent without the tick')
      // Keyboard only: tab to the checkbox, tick it with Space, the accept button is next.
      await id('consent-checkbox').locator('input').focus()
      await page.keyboard.press('Space')
      await page.keyboard.press('Tab')
      const consent = page.waitForResponse((r) => r.url().endsWith('/consent'))
      await page.keyboard.press('Enter')
      assert.equal((await consent).status(), 200)
      const i = (await api.get(`/api/v1/applications/${appId}/interview`)).json
      assert.equal(i.consent_version, version)
      assert.equal(i.status, 'in_progress')
    })

    await step('the device check passes with the fake camera and microphone', async () => {
      await id('device-check').waitFor()
      await id('device-camera').and(page.locator('.ok')).waitFor()
      await id('device-continue').and(page.locator(':enabled')).waitFor()
      // Capture advice from the server on a short clip: Chromium's fake camera shows no face.
      await id('device-advice').waitFor()
      assert.match(await id('device-advice').innerText(), /face|脸/)
      await id('device-continue').click()
    })

    await step('the practice question is labelled as not scored and is recorded', async () => {
      await id('q-practice-label').waitFor()
      assert.match(await id('q-practice-label').innerText(), /not scored/i)
      await id('q-start').click()
      assert.equal(await id('q-text').innerText(), questions[0].text)
      await record(questions[0].id)
      await id('q-next').click()
    })

    let firstAttempt
    let secondAttempt
    await step('the first core question is recorded and then re-recorded once', async () => {
      await id('q-heading').getByText('Question 1 of 3').waitFor()
      assert.match(await id('q-remaining').innerText(), /2 of 2/)
      await id('q-start').click()
      firstAttempt = await record(questions[1].id, { screenshot: 'interview-candidate.png' })
      assert.match(await id('q-rerecord').innerText(), /Re-record \(1 left\)/)
      // The first attempt uploads while the candidate goes on.
      await id('q-upload-state').and(page.locator('[data-phase="done"]')).waitFor()
    })

    await step('a reload in the middle of the re-recording\'s upload resumes from the server\'s offset', async () => {
      // The first chunk of the second attempt reaches the server only half (a dropped connection),
      // the next one is held until the page is reloaded.
      let half = 0
      let held = null
      let heldSeen
      const heldArrived = new Promise((resolve) => (heldSeen = resolve))
      // The first attempt's upload is done: any chunk from now on belongs to the second attempt
      // (whose id is known only once its recording has started, after the upload may have begun).
      const laterAnswer = (path) => Number(path.match(/\/answers\/(\d+)\/chunks$/)?.[1] ?? 0) > firstAttempt
      const isChunk = (url) => laterAnswer(url.pathname)
      let passThrough = false
      await page.route(isChunk, async (route) => {
        if (passThrough) return route.continue()
        const offset = Number(new URL(route.request().url()).searchParams.get('offset'))
        if (offset === 0 && !half) {
          const body = route.request().postDataBuffer()
          half = Math.floor(body.length / 2)
          await route.continue({ postData: body.subarray(0, half) })
        } else {
          held = route
          heldSeen(offset)
        }
      })

      await id('q-rerecord').click()
      const firstChunk = page.waitForResponse((r) => laterAnswer(new URL(r.url()).pathname) && r.url().includes('?offset=0'))
      secondAttempt = await record(questions[1].id)
      assert.ok(secondAttempt > firstAttempt)
      assert.equal(await id('q-rerecord').count(), 0, 'no re-records left')
      assert.equal((await (await firstChunk).json()).received, half)
      assert.equal(await heldArrived, half, 'the page continued from the acknowledged offset')
      const mid = (await api.get(`${linkPath()}/answers/${secondAttempt}`)).json
      assert.deepEqual([mid.status, mid.received], ['uploading', half])

      // The route stays (removing it would release the held request): later chunks pass.
      passThrough = true
      const resumed = page.waitForResponse((r) => r.url().includes(`/answers/${secondAttempt}/chunks?offset=${half}`) && r.status() === 200)
      const finished = page.waitForResponse((r) => r.url().endsWith(`/answers/${secondAttempt}/finish`))
      await page.reload()
      await held?.abort().catch(() => {}) // the old page's request is gone with it
      assert.ok(warnedBeforeUnload, 'the page warned before leaving with an upload running')
      const res = await resumed
      assert.ok((await res.json()).received > half)
      assert.equal((await finished).status(), 200)
      await page.unroute(isChunk)
      const done = (await api.get(`${linkPath()}/answers/${secondAttempt}`)).json
      assert.notEqual(done.status, 'uploading')
      // Back on the page: the next unanswered question, the camera again without a new check.
      await id('q-heading').getByText('Question 2 of 3').waitFor()
    })

    await step('the other questions are answered in writing', async () => {
      for (const [k, text] of typedAnswers.entries()) {
        const q = questions[2 + k]
        await id('q-heading').getByText(`Question ${2 + k} of 3`).waitFor()
        await id('q-use-text').click()
        await id('q-start').click()
        assert.equal(await id('q-text').innerText(), q.text)
        await id('q-textarea').fill(text)
        const sent = page.waitForResponse((r) => r.url().includes('/answers/') && r.url().endsWith('/text'))
        await id('q-submit-text').click()
        assert.equal((await sent).status(), 200)
        await id('q-next').click()
      }
    })

    await step('the candidate completes the interview and asks for a human review', async () => {
      await id('interview-finish').waitFor()
      const completed = page.waitForResponse((r) => r.url().endsWith('/complete'))
      await id('interview-complete').click()
      assert.equal((await completed).status(), 200)
      await id('interview-done').waitFor()
      await id('review-open').click()
      await id('review-reason').fill('My connection dropped during the first question.')
      await id('review-submit').click()
      await id('review-requested').waitFor()
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      assert.ok(overflow <= 0, `the interview page is ${overflow}px wider than the phone`)
      const i = (await api.get(`/api/v1/applications/${appId}/interview`)).json
      assert.ok(i.human_review_requested_at)
      const q1 = i.answers.filter((a) => a.question_id === questions[1].id)
      assert.deepEqual(q1.map((a) => [a.attempt, a.is_final]), [[1, false], [2, true]], 'the re-recording is the final answer')
      await page.context().close()
    })

    let scored
    await step('HR sees the interview total and the score breakdown', async () => {
      scored = await until(async () => {
        const i = (await api.get(`/api/v1/applications/${appId}/interview`)).json
        return i.status === 'scored' && i
      }, 'the interview to be scored')
      const hr = await openPage(browser, { viewport: { width: 1280, height: 1000 }, locale: 'en-US', timeout: 20_000, errors: pageErrors, label: 'hr' })
      current = hr
      // The user guide is in English: choose the language as a person would (kept in the browser).
      await hr.context().addInitScript(() => localStorage.setItem('hireflow.locale', 'en'))
      const hid = (testid) => hr.getByTestId(testid)
      await signIn(hr, baseUrl, { path: `/applications/${appId}`, password: adminPassword })

      await hid('interview-total').waitFor()
      assert.match(await hid('interview-total').innerText(), new RegExp(scored.total_score.toFixed(1).replace('.', '\\.')))
      assert.equal((await hid('interview-recommendation').innerText()).trim().toLowerCase(), scored.recommendation)
      await hid('interview-human-review').waitFor()
      // Every scored question has its card, score and rubric lines (✓ covered / ✗ missed).
      for (const q of questions.slice(1)) {
        const a = scored.answers.find((x) => x.question_id === q.id && x.is_final)
        assert.equal((await hid(`answer-score-${q.id}`).innerText()).replace(/\s/g, ''), `${a.score}/100`)
        const lines = hid(`answer-rubric-${q.id}`).locator('li')
        assert.ok((await lines.count()) >= a.scoring.key_points.length)
      }
      // The typed teamwork answer: its evidence is highlighted in the transcript.
      const teamwork = questions[2]
      const marks = hid(`answer-transcript-${teamwork.id}`).locator('mark')
      const covered = scored.answers.find((x) => x.question_id === teamwork.id && x.is_final).scoring.key_points.filter((k) => k.covered)
      assert.ok(covered.length > 0, 'the typed answer covers key points')
      assert.ok((await marks.count()) > 0, 'evidence highlighted')
      assert.ok(typedAnswers[0].includes(await marks.first().innerText()))
      // The re-recorded video answer: two attempts, the second one final.
      const video = hid(`answer-card-${questions[1].id}`)
      await video.getByText('Attempt 2 ✓').waitFor()
      const finalVideo = scored.answers.find((x) => x.id === secondAttempt)
      if (finalVideo.scoring?.delivery) {
        const delivery = hid(`answer-delivery-${questions[1].id}`)
        await delivery.getByText('not part of the score').waitFor()
        await delivery.locator('summary').click() // open, for the picture
      }
      // The picture: the interview's state, the total, the first two answers (video, typed).
      await hr.setViewportSize({ width: 1280, height: 2000 })
      await hr.evaluate(() => document.querySelector('[data-testid="interview-section"]').scrollIntoView({ block: 'start' }))
      await shot(hr, 'interview-review.png')
      await hr.setViewportSize({ width: 1280, height: 1000 })

      // A reviewer's rating with a reason (no override).
      await hid(`rate-open-${teamwork.id}`).click()
      await hid('rate-reason').fill('Clear example, agreed on a decision with facts.')
      const rated = hr.waitForResponse((r) => r.url().endsWith(`/ratings`))
      await hid('rate-submit').click()
      assert.equal((await rated).status(), 201)
      await hid(`answer-ratings-${teamwork.id}`).getByText('Clear example').waitFor()
    })

    await step('the plan page lists the interview questions', async () => {
      const hr = current
      await hr.goto(`${baseUrl}/requisitions/${planId}?tab=questions`)
      for (const q of questions) await hr.getByTestId(`question-row-${q.id}`).waitFor()
    })

    await step('HR resolves the human-review request, sees the messages to the candidate, second-round questions and the plan\'s rating agreement', async () => {
      const hr = current
      const hid = (testid) => hr.getByTestId(testid)
      await hr.goto(`${baseUrl}/interview-reviews`)
      await hid(`review-open-${appId}`).click()
      await hr.waitForURL(new RegExp(`/applications/${appId}$`))
      // The outcome message of the automatic decision (sent, or "not sent" on a server without SMTP).
      await hid('interview-notices').getByTestId('notice-in_review').waitFor()
      await hid('human-review-resolve').click()
      await hid('human-review-reason').fill('A person watched every answer; the decision stands.')
      const resolved = hr.waitForResponse((r) => r.url().endsWith('/interview/human-review'))
      await hid('human-review-submit').click()
      assert.equal((await resolved).status(), 200)
      await hid('human-review-resolved').getByText('the decision stands').waitFor()
      await hid('interview-notices').getByTestId('notice-upheld').waitFor()
      // Second-round questions, each with its reason.
      await hid('second-round-load').click()
      const items = hid('second-round-list').locator('li')
      await items.first().waitFor()
      const expected = (await api.get(`/api/v1/applications/${appId}/interview/second-round`)).json.items
      assert.equal(await items.count(), expected.length)
      assert.ok((await items.first().innerText()).includes(expected[0].reason))
      await hr.evaluate(() => document.querySelector('[data-testid="human-review-panel"]').scrollIntoView({ block: 'start' }))
      await shot(hr, 'recint-human-review.png')
      // The plan page: agreement of the one rating given above with the automatic score.
      await hr.goto(`${baseUrl}/requisitions/${planId}?tab=questions`)
      await hid('interview-agreement').waitFor()
      assert.equal((await hid('agreement-n').innerText()).trim(), '1')
      await hid('interview-agreement').scrollIntoViewIfNeeded()
      await shot(hr, 'recint-agreement.png')
    })

    await step('no uncaught error on the way', async () => {
      assert.deepEqual(pageErrors, [])
    })
  })
