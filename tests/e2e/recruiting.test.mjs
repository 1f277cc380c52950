// End-to-end check of the recruiting pages against the real server, in Debian's Chromium: an
// administrator creates a plan with must-have terms and approves it; a candidate applies on the
// public careers page from a phone (no sign-in) with a PDF resume made in this run; the
// administrator finds the application ranked with its score, opens its screening, and moves it on
// the board from "screened" to "interview invited" with a reason. Screenshots for the user guide go
// to docs/images/ (recruiting-plans.png, careers-apply.png, recruiting-board.png).
//
// Server: HIREFLOW_BASE_URL and HIREFLOW_ADMIN_PASSWORD (as scripts/test.sh sets them), or else a
// fresh server started here with tests/harness.mjs (needs build/hireflow and web/dist).
//
// Run: (cd tests/e2e && npm ci) && (cd tests && node --test e2e/recruiting.test.mjs)
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { bin, closeTarget, launchChromium, openPage, openTarget, PHONE, shot, signIn, skipReason, stepper, submitApplication } from './target.mjs'
import { textPdf } from './pdf.mjs'

const skip = skipReason({ needBinary: true })

// Unique per run, so the scenario can run against a database that already has data.
const stamp = Date.now().toString(36).toUpperCase()
const deptName = `E2E招聘部-${stamp}`
const planTitle = `Platform Engineer ${stamp}`
const applicant = { name: 'Alice Morgan', email: `alice.${stamp.toLowerCase()}@example.com`, phone: '+86 138 0013 8000' }
const moveReason = `Strong Kubernetes and Go evidence (${stamp})`

// The candidate's resume: a one-page English PDF with contacts and the plan's must-have skills.
const resumeLines = [
  'ALICE MORGAN',
  'Platform Engineer',
  `Hangzhou, China | ${applicant.phone} | ${applicant.email}`,
  '',
  'EXPERIENCE',
  'Platform Engineer, Initech Ltd (Mar 2019 - Present)',
  '- Runs the Kubernetes clusters behind the payment services.',
  '- Wrote the deployment tooling in Go.',
  'Software Engineer, Hooli Inc. (Jul 2016 - Feb 2019)',
  '- Built REST services in Go and Python.',
  '',
  'EDUCATION',
  'B.Sc. in Computer Science, Zhejiang University (2012 - 2016)',
  '',
  'SKILLS',
  'Languages: Go, Python, SQL',
  'Infrastructure: Kubernetes, Docker, Terraform',
  '',
  'LANGUAGES',
  'English (Fluent), Mandarin (Native)',
]

let server // only when this test started its own
let baseUrl
let adminPassword
let api // admin API client, for set-up and for checking what the UI did
let browser
let admin // the administrator's page (desktop)
let scratch
let resumePdf
let planId
let appId
const pageErrors = []

before(async () => {
  if (skip) return
  scratch = mkdtempSync(join(tmpdir(), 'hireflow-e2e-rec-'))
  ;({ server, baseUrl, adminPassword, api } = await openTarget())
  const dept = await api.post('/api/v1/departments', { name: deptName, code: `REC${stamp}` })
  assert.equal(dept.status, 201, dept.text)

  browser = await launchChromium()
  admin = await openPage(browser, { errors: pageErrors, label: 'admin', viewport: { width: 1280, height: 800 } })
})

after(async () => {
  await closeTarget(browser, server)
  if (scratch) rmSync(scratch, { recursive: true, force: true })
})

// Screenshots: wait until toasts are gone and no transition or animation is running (no sleeps).

const visiblePopper = (page) => page.locator('.el-popper:visible').last()

test('recruiting: plan, public application with a PDF resume, ranking and the pipeline board', { skip, timeout: 300_000 }, async (t) => {
  let current = admin
  const step = stepper(t, 'recruiting', () => current)
  const id = (testid) => admin.getByTestId(testid)

  await step('the test resume is a real PDF that the server\'s parser reads', async () => {
    resumePdf = textPdf(resumeLines, { title: 'Alice Morgan - Resume' })
    const file = join(scratch, 'alice-morgan-resume.pdf')
    writeFileSync(file, resumePdf)
    const parsed = JSON.parse(execFileSync(bin, ['resume', 'parse', file], { encoding: 'utf8' }))
    assert.equal(parsed.meta.source_format, 'pdf')
    assert.equal(parsed.basics.name, applicant.name)
    assert.equal(parsed.basics.email, applicant.email)
    assert.match(parsed.basics.phone, /13800138000/)
    const skills = parsed.skills.flatMap((s) => s.keywords ?? [])
    assert.ok(skills.includes('Kubernetes') && skills.includes('Go'), JSON.stringify(parsed.skills))
  })

  await step('admin signs in and creates a plan with must-have terms', async () => {
    await signIn(admin, baseUrl, { path: '/requisitions', password: adminPassword })

    await id('req-create').click()
    await id('req-dialog').waitFor()
    await id('req-title').fill(planTitle)
    await admin.locator('.el-form-item', { has: id('req-dept') }).locator('.el-select__wrapper').click()
    await visiblePopper(admin).getByText(deptName, { exact: true }).click()
    await id('req-location').fill('Hangzhou')
    await id('req-salary-min').fill('25000')
    await id('req-salary-max').fill('40000')
    await id('req-description').fill('Run and grow the Kubernetes platform behind our payment services.')
    // The tag inputs: type a term, Enter makes it a tag (the test id is on the text input).
    const mustHave = id('req-must-have')
    for (const term of ['Kubernetes', 'Go']) {
      await mustHave.fill(term)
      await mustHave.press('Enter')
    }
    await id('req-nice-to-have').fill('Terraform')
    await id('req-nice-to-have').press('Enter')
    const tags = admin.locator('.el-form-item', { has: mustHave }).locator('.el-tag')
    assert.deepEqual(await tags.allInnerTexts(), ['Kubernetes', 'Go'])

    const created = admin.waitForResponse((r) => r.url().endsWith('/api/v1/requisitions') && r.request().method() === 'POST')
    await id('req-save').click()
    const res = await created
    assert.equal(res.status(), 201, await res.text())
    planId = (await res.json()).id
    await admin.waitForURL(new RegExp(`/requisitions/${planId}$`))
    await id('req-detail-title').getByText(planTitle).waitFor()
    assert.equal((await id('req-status').innerText()).trim(), '草稿')

    const plan = (await api.get(`/api/v1/requisitions/${planId}`)).json
    assert.deepEqual(plan.requirements.must_have.map((x) => x.term), ['Kubernetes', 'Go'])
    assert.equal(plan.salary_min, '25000.00')
  })

  await step('admin approves the plan', async () => {
    await id('req-action-open').click()
    await id('req-transition-dialog').waitFor()
    await id('req-transition-reason').fill('Budget approved for 2026')
    await id('req-transition-confirm').click()
    await id('req-status').getByText('招聘中').waitFor()
    await id('req-transition-dialog').waitFor({ state: 'hidden' })
    assert.equal((await api.get(`/api/v1/requisitions/${planId}`)).json.status, 'open')
  })

  await step('a candidate applies on the careers page from a phone, without signing in', async () => {
    const page = await openPage(browser, { ...PHONE, locale: 'en-US', errors: pageErrors, label: 'careers' })
    current = page
    const pid = (testid) => page.getByTestId(testid)

    await page.goto(`${baseUrl}/careers`)
    await pid(`opening-${planId}`).click()
    await page.waitForURL(new RegExp(`/careers/${planId}$`))
    assert.doesNotMatch(page.url(), /login/)
    await pid('opening-title').getByText(planTitle).waitFor()
    assert.deepEqual(await pid('opening-must-have').locator('.el-tag').allInnerTexts(), ['Kubernetes', 'Go'])

    // The language switch works without an account.
    await pid('lang-switch').click()
    await pid('lang-option-zh-CN').click()
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN')
    assert.match(await pid('apply-submit').innerText(), /提交申请/)
    await pid('lang-switch').click()
    await pid('lang-option-en').click()
    await page.waitForFunction(() => document.documentElement.lang === 'en')
    assert.match(await pid('apply-submit').innerText(), /Send application/)

    // Choosing the file uploads it; the parsed contacts fill the empty fields.
    const uploaded = page.waitForResponse((r) => r.url().endsWith(`/api/v1/careers/${planId}/resume`))
    await pid('apply-file').setInputFiles({ name: 'Alice Morgan resume.pdf', mimeType: 'application/pdf', buffer: resumePdf })
    const up = await uploaded
    assert.equal(up.status(), 201, await up.text())
    const upload = await up.json()
    assert.equal(upload.problem, null)
    await pid('apply-uploaded').waitFor()
    assert.equal(await pid('apply-name').inputValue(), applicant.name)
    assert.equal(await pid('apply-email').inputValue(), applicant.email)
    assert.match(await pid('apply-phone').inputValue(), /138\s*0013\s*8000|13800138000/)
    assert.equal(await pid('apply-problem').count(), 0)

    await pid('apply-privacy').getByText('privacy-2026-11').waitFor()
    await pid('apply-consent').click()
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert.ok(overflow <= 0, `the careers page is ${overflow}px wider than the phone`)
    await shot(page, 'careers-apply.png', { fullPage: true })

    appId = await submitApplication(page, planId)
    await page.context().close()
    current = admin
  })

  await step('admin sees the application ranked in the plan with its score', async () => {
    await id('nav-requisitions').click()
    await admin.waitForURL(/\/requisitions$/)
    const counts = id(`req-counts-${planId}`)
    await counts.locator('strong', { hasText: /^1$/ }).waitFor()
    await shot(admin, 'recruiting-plans.png')

    await id(`req-row-${planId}`).click()
    await admin.waitForURL(new RegExp(`/requisitions/${planId}`))
    const row = id('app-table').locator('.el-table__row', { has: id(`app-row-${appId}`) })
    await row.waitFor()
    const listed = (await api.get(`/api/v1/requisitions/${planId}/applications`)).json.items.find((a) => a.id === appId)
    assert.equal(listed.status, 'screened')
    assert.deepEqual(listed.missing_must_haves, [])
    assert.equal(listed.rank, 1)
    assert.equal((await id(`app-score-${appId}`).innerText()).trim(), String(listed.score))
    assert.equal((await row.locator('td').nth(1).innerText()).trim(), '1', 'rank column')
    assert.match(await row.innerText(), new RegExp(applicant.name))

    // The drawer explains the score: both must-haves met, with the resume text as evidence.
    await id(`app-row-${appId}`).click()
    const items = id('screening-items')
    await items.waitFor()
    const k8s = items.locator('li', { hasText: 'Kubernetes' }).first()
    assert.equal(await k8s.locator('.ok').count(), 1, 'Kubernetes is met')
    assert.match(await k8s.locator('.evidence').first().innerText(), /Kubernetes/)
    await id('app-history').getByText(/已筛选/).first().waitFor()
    await admin.keyboard.press('Escape')
    await id('app-drawer').waitFor({ state: 'hidden' })
  })

  await step('admin moves the card from screened to interview invited with a reason', async () => {
    await id('view-board').click()
    const card = id('board-column-screened').getByTestId(`app-card-${appId}`)
    await card.waitFor()
    await card.getByTestId('move-menu').click()
    await admin.getByTestId('move-to-interview_invited').filter({ visible: true }).click()
    await id('move-dialog').waitFor()
    assert.match(await id('move-target').innerText(), /已邀面试/)
    await id('move-reason').fill(moveReason)
    const moved = admin.waitForResponse((r) => r.url().endsWith(`/api/v1/applications/${appId}/transition`))
    await id('move-confirm').click()
    assert.equal((await moved).status(), 200)
    await id('board-column-interview_invited').getByTestId(`app-card-${appId}`).waitFor()
    await id('move-dialog').waitFor({ state: 'hidden' })
    await shot(admin, 'recruiting-board.png')

    const app = (await api.get(`/api/v1/applications/${appId}`)).json
    assert.equal(app.status, 'interview_invited')
    const last = app.history.at(-1)
    assert.deepEqual([last.from, last.to, last.reason, last.actor], ['screened', 'interview_invited', moveReason, 'admin'])
  })

  await step('dragging a card onto an allowed column asks for the reason (cancelled here)', async () => {
    const card = id('board-column-interview_invited').getByTestId(`app-card-${appId}`)
    await card.dragTo(id('board-column-screened'))
    await id('move-dialog').waitFor()
    assert.match(await id('move-target').innerText(), /已筛选/)
    await id('move-dialog').getByRole('button', { name: '取消' }).click()
    await id('move-dialog').waitFor({ state: 'hidden' })
    assert.equal((await api.get(`/api/v1/applications/${appId}`)).json.status, 'interview_invited')
  })

  await step('admin imports candidates with the wizard: a dry run lists problems and duplicates, nothing is written until the bad rows are skipped', async () => {
    const lower = stamp.toLowerCase()
    const csv = join(scratch, 'candidates.csv')
    writeFileSync(csv, [
      'name,email,phone,tags',
      `Ivy Chen,ivy.${lower}@example.com,,import`,
      `Omar Diaz,omar.${lower}@example.com,,import`,
      `Bad Row,not-an-email,,import`,
      `Alice Again,alice.again.${lower}@example.com,${applicant.phone},import`, // the applicant's phone: a known candidate
      `Ivy Twice,ivy.${lower}@example.com,,import`,
    ].join('\n') + '\n')
    await admin.goto(`${baseUrl}/candidates`)
    await id('cand-import').click()
    await admin.waitForURL(/\/candidates\/import$/)
    await id('cand-import-file').setInputFiles(csv)
    await id('cand-import-check').click()
    await id('cand-import-total').waitFor()
    assert.equal((await id('cand-import-format').innerText()).trim(), 'csv')
    assert.equal((await id('cand-import-total').innerText()).trim(), '5')
    assert.equal((await id('cand-import-valid').innerText()).trim(), '2')
    assert.match(await id('cand-import-problems').innerText(), /Bad Row[\s\S]*not-an-email/)
    const dups = id('cand-import-duplicates')
    assert.equal(await dups.locator('tbody tr').count(), 2)
    assert.match(await dups.innerText(), /Alice Again[\s\S]*候选人 #\d+/, 'a known candidate, linked')
    assert.match(await dups.innerText(), /Ivy Twice[\s\S]*本文件第 1 行/, 'an earlier row of the file')
    // All or nothing: with a bad row the import is not offered until the user chooses to skip it.
    assert.equal(await id('cand-import-commit').isDisabled(), true)
    await shot(admin, 'recint-import.png', { fullPage: true })
    const none = (await api.get(`/api/v1/candidates?q=${encodeURIComponent(`ivy.${lower}`)}`)).json
    assert.equal(none.total, 0, 'the dry run wrote nothing')
    await id('cand-import-skip').click()
    const done = admin.waitForResponse((r) => r.url().includes('/api/v1/candidates/import') && r.url().includes('dry_run=false'))
    await id('cand-import-commit').click()
    assert.equal((await done).status(), 200)
    await id('cand-import-result').waitFor()
    const imported = (await api.get('/api/v1/candidates?limit=200')).json.items.filter((c) => c.email && c.email.endsWith(`${lower}@example.com`) && c.source === 'import')
    assert.deepEqual(imported.map((c) => c.name).sort(), ['Ivy Chen', 'Omar Diaz'])
  })

  await step('no error message and no uncaught error on the way', async () => {
    assert.deepEqual(await admin.locator('.el-message--error').allInnerTexts(), [])
    assert.deepEqual(pageErrors, [])
  })
})
