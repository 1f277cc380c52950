// End-to-end check of the screens that closed product gaps, in Debian's Chromium against the real
// server: a candidate gives an expected monthly salary on the careers page from a phone (a bad amount
// is refused beside the field), HR sees it on the application and in the offer editor's pricing; HR
// records an imported employee's existing fixed-term contract on the employee page and sees the
// "fixed term ending" alert; HR changes the probation-review setting on the performance page, chooses
// time off in lieu for a rest day's overtime on the attendance page, and sees the analytics status.
// Screenshots for the user guide: docs/images/gaps-*.png.
//
// Server: HIREFLOW_BASE_URL and HIREFLOW_ADMIN_PASSWORD, or a fresh server started here.
// Run: (cd tests && node --test e2e/gaps.test.mjs)
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { artifacts, images, launchChromium, openTarget, shot, skipReason, stepper } from './target.mjs'

const skip = skipReason()

// Unique per run: the database may already hold data from other scenarios.
const stamp = Date.now().toString(36).toUpperCase()
const planTitle = `数据工程师 ${stamp}`
const applicant = { name: '林晓雨', email: `lin.${stamp.toLowerCase()}@example.com` }
const employeeNo = `GAP${stamp}`
const employeeName = `周建国${stamp.slice(-4)}`

// The company's calendar date (Asia/Shanghai).
const shanghaiDate = (offsetDays = 0) => new Date(Date.now() + 8 * 3600e3 + offsetDays * 86400e3).toISOString().slice(0, 10)

let server
let baseUrl
let adminPassword
let api
let browser
let admin
let planId
let appId
let employeeId
let probationBefore
const pageErrors = []

before(async () => {
  if (skip) return
  mkdirSync(images, { recursive: true })
  mkdirSync(artifacts, { recursive: true })
  ;({ server, baseUrl, adminPassword, api } = await openTarget())
  const dept = await api.post('/api/v1/departments', { name: `E2E缺口-${stamp}`, code: `GAP${stamp}` })
  assert.equal(dept.status, 201, dept.text)
  const plan = await api.post('/api/v1/requisitions', { title: planTitle, department_id: dept.json.id, headcount: 1, location: 'Shanghai' })
  assert.equal(plan.status, 201, plan.text)
  const open = await api.post(`/api/v1/requisitions/${plan.json.id}/transition`, { to: 'open', version: plan.json.version })
  assert.equal(open.status, 200, open.text)
  planId = plan.json.id
  // An employee hired outside onboarding: imported from CSV, with no contract on record.
  const csv = `employee_no,name,hire_date\n${employeeNo},${employeeName},2023-03-01\n`
  const imp = await api.post('/api/v1/employees/import?dry_run=false', csv, { raw: true, headers: { 'content-type': 'text/csv' } })
  assert.equal(imp.status, 200, imp.text)
  employeeId = (await api.get(`/api/v1/employees?q=${employeeNo}`)).json.items.find((e) => e.employee_no === employeeNo).id
  probationBefore = (await api.get('/api/v1/performance/probation-settings')).json.probation_review_days

  browser = await launchChromium()
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' })
  context.setDefaultTimeout(15_000)
  admin = await context.newPage()
  admin.on('pageerror', (e) => pageErrors.push(`admin: ${e}`))
})

after(async () => {
  // Leave the shared setting as it was for the other scenarios.
  if (api && probationBefore !== undefined) {
    const cur = (await api.get('/api/v1/performance/probation-settings')).json
    if (cur.probation_review_days !== probationBefore)
      await api.put('/api/v1/performance/probation-settings', { probation_review_days: probationBefore, version: cur.version })
  }
  await browser?.close()
  await server?.stop()
})

// el-date-picker passes data-testid to its input or to a wrapper, depending on the version.
async function fillDate(page, testid, value) {
  const el = page.getByTestId(testid)
  const input = (await el.evaluate((n) => n.tagName)) === 'INPUT' ? el : el.locator('input').first()
  await input.fill(value)
  await input.press('Enter')
}

test('product gaps: expected salary, existing contracts, probation reviews, time off in lieu, analytics status', { skip, timeout: 300_000 }, async (t) => {
  let current = admin
  const step = stepper(t, 'gaps', () => current)
  const id = (testid) => admin.getByTestId(testid)

  await step('a candidate applies from a phone with an expected monthly salary', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' })
    phone.setDefaultTimeout(15_000)
    const page = await phone.newPage()
    current = page
    page.on('pageerror', (e) => pageErrors.push(`careers: ${e}`))
    const pid = (testid) => page.getByTestId(testid)
    await page.goto(`${baseUrl}/careers/${planId}`)
    await pid('opening-title').getByText(planTitle).waitFor()
    await pid('apply-name').fill(applicant.name)
    await pid('apply-email').fill(applicant.email)
    await pid('apply-consent').click()

    // A bad amount: the server refuses it and the form shows why beside the field.
    await pid('apply-expected').fill('0')
    const refused = page.waitForResponse((r) => r.url().endsWith(`/api/v1/careers/${planId}/apply`))
    await pid('apply-submit').click()
    const bad = await refused
    assert.equal(bad.status(), 422)
    assert.equal((await bad.json()).field, 'expected_monthly_salary')
    await page.locator('.el-form-item', { has: pid('apply-expected') }).locator('.el-form-item__error').getByText(/期望月薪/).waitFor()

    await pid('apply-expected').fill('18000')
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert.ok(overflow <= 0, `the careers page is ${overflow}px wider than the phone`)
    const applied = page.waitForResponse((r) => r.url().endsWith(`/api/v1/careers/${planId}/apply`))
    await pid('apply-submit').click()
    const res = await applied
    assert.equal(res.status(), 201, await res.text())
    appId = (await res.json()).application_id
    await pid('apply-done').waitFor()
    await phone.close()
    current = admin
    // Screenshot of the form with the field filled in (a fresh page, phone-sized).
    const again = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' })
    const p2 = await again.newPage()
    await p2.goto(`${baseUrl}/careers/${planId}`)
    await p2.getByTestId('apply-name').fill('张三')
    await p2.getByTestId('apply-expected').fill('18000')
    await p2.getByTestId('apply-expected').scrollIntoViewIfNeeded()
    await shot(p2, 'gaps-careers-expected.png')
    await again.close()
  })

  await step('HR sees the expected salary on the application and in the offer editor\'s pricing', async () => {
    await admin.goto(`${baseUrl}/applications/${appId}`)
    await admin.waitForURL(/\/login/)
    await id('login-username').fill('admin')
    await id('login-password').fill(adminPassword)
    await id('login-submit').click()
    await admin.waitForURL(new RegExp(`/applications/${appId}$`))
    await id('app-detail-expected').getByText(/18000\.00/).waitFor()

    await admin.goto(`${baseUrl}/applications/${appId}/offer`)
    await admin.waitForFunction(() => document.querySelector('[data-testid="offer-expected"] input, input[data-testid="offer-expected"]')?.value === '18000.00')
    const priced = admin.waitForResponse((r) => r.url().endsWith('/api/v1/payroll/offer-pricing') && r.request().method() === 'POST')
    await id('pricing-run').click()
    const res = await priced
    assert.equal(res.status(), 200, await res.text())
    assert.equal((await res.json()).expected_monthly_salary, '18000.00', 'pricing uses the candidate\'s figure')
    await id('offer-pricing').scrollIntoViewIfNeeded()
    await shot(admin, 'gaps-offer-expected.png')
  })

  await step('HR records the imported employee\'s existing contract and sees the deadline alert', async () => {
    await admin.goto(`${baseUrl}/employees/${employeeId}`)
    await id('employee-contracts').waitFor()
    assert.equal(await id('employee-contract-alerts').count(), 0)
    await id('record-contract').click()
    await id('record-contract-dialog').waitFor()
    const ending = shanghaiDate(20)
    await fillDate(admin, 'record-start', '2023-03-01')
    await fillDate(admin, 'record-end', ending)
    await fillDate(admin, 'record-probation-end', '2023-05-31')
    await fillDate(admin, 'record-signed', '2023-02-25')
    await id('record-salary').fill('16000')
    await id('record-city').fill('shanghai')
    await id('record-note').fill('纸质合同存档于人事部')
    const saved = admin.waitForResponse((r) => r.url().endsWith('/api/v1/labour-contracts') && r.request().method() === 'POST')
    await id('record-save').click()
    const res = await saved
    assert.equal(res.status(), 201, await res.text())
    const k = await res.json()
    assert.deepEqual([k.start_date, k.end_date, k.probation_months, k.status], ['2023-03-01', ending, 3, 'signed'])
    await id('record-contract-dialog').waitFor({ state: 'hidden' })
    await id('contract-alert-fixed_term_ending').waitFor()
    await id('contracts-table').getByText(`2023-03-01 – ${ending}`).waitFor()
    const alerts = (await api.get('/api/v1/hiring-alerts?status=open&limit=500')).json.items.filter((a) => a.subject_id === k.id)
    assert.deepEqual(alerts.map((a) => a.kind), ['fixed_term_ending'])
    await id('employee-contracts').scrollIntoViewIfNeeded()
    await shot(admin, 'gaps-employee-contracts.png')
  })

  await step('HR changes when probation reviews open', async () => {
    await admin.goto(`${baseUrl}/performance`)
    await id('probation-settings').waitFor()
    const target = probationBefore === 21 ? 20 : 21
    const input = id('probation-days').locator('input')
    await input.fill(String(target))
    await input.press('Tab')
    const saved = admin.waitForResponse((r) => r.url().endsWith('/api/v1/performance/probation-settings') && r.request().method() === 'PUT')
    await id('probation-save').click()
    assert.equal((await saved).status(), 200)
    await id('probation-updated').waitFor()
    assert.equal((await api.get('/api/v1/performance/probation-settings')).json.probation_review_days, target)
    await shot(admin, 'gaps-probation-settings.png', { clip: await id('probation-settings').boundingBox() })
  })

  await step('HR chooses time off in lieu for a rest day\'s overtime', async () => {
    // A past rest day of this month (or the last one) with a clock record.
    let month = shanghaiDate().slice(0, 7)
    let days = (await api.get(`/api/v1/attendance/employees/${employeeId}/month?month=${month}`)).json.days
    let rest = days.filter((d) => d.kind === 'rest_day' && d.date < shanghaiDate()).pop()
    if (!rest) {
      const d = new Date(`${month}-01T00:00:00Z`)
      d.setUTCDate(0)
      month = d.toISOString().slice(0, 7)
      days = (await api.get(`/api/v1/attendance/employees/${employeeId}/month?month=${month}`)).json.days
      rest = days.filter((x) => x.kind === 'rest_day').pop()
    }
    const put = await api.put('/api/v1/attendance/records', { employee_id: employeeId, work_date: rest.date, clock_in: '10:00', clock_out: '15:00' })
    assert.ok([200, 201].includes(put.status), put.text)
    await admin.goto(`${baseUrl}/attendance`)
    await id('att-team').waitFor()
    if (month !== shanghaiDate().slice(0, 7)) {
      // The month picker at the top of the page.
      const input = admin.locator('.page-header .el-date-editor input').first()
      await input.fill(month)
      await input.press('Enter')
    }
    await id('att-team').locator('.el-table__row', { hasText: employeeName }).click()
    const choice = id(`lieu-${rest.date}`)
    await choice.waitFor()
    const saved = admin.waitForResponse((r) => r.url().endsWith('/api/v1/attendance/records/rest-day-compensation'))
    await choice.getByText('调休').click()
    assert.equal((await saved).status(), 200)
    const rec = (await api.get(`/api/v1/attendance/employees/${employeeId}/month?month=${month}`)).json.days.find((d) => d.date === rest.date)
    assert.equal(rec.rest_day_compensation, 'time_off')
    await choice.locator('.is-active', { hasText: '调休' }).waitFor()
    await admin.keyboard.press('Escape')
  })

  await step('the analytics dashboard shows how fresh its figures are', async () => {
    await admin.goto(`${baseUrl}/analytics/funnel`)
    await id('analytics-status-state').waitFor()
    const status = (await api.get('/api/v1/analytics/status')).json
    if (status.last_fold_at) await id('analytics-status-fold').getByText(/最近更新/).waitFor()
    else await id('analytics-status-fold').getByText('尚未汇总').waitFor()
    const again = admin.waitForResponse((r) => r.url().endsWith('/api/v1/analytics/status'))
    await id('analytics-status-refresh').click()
    assert.equal((await again).status(), 200)
    await shot(admin, 'gaps-analytics-status.png', { clip: { x: 0, y: 0, width: 1280, height: 260 } })
  })

  await step('no script errors on any page', async () => {
    assert.deepEqual(pageErrors, [])
  })
})
