// End-to-end check of two lifecycle settings, in Debian's Chromium against the real server: HR changes
// how many days before a probation ends its review opens (performance page) and chooses time off in
// lieu instead of 200% pay for a rest day's overtime (attendance page).
// Screenshot for the user guide: docs/images/lifecycle-probation-settings.png.
//
// Server: HIREFLOW_BASE_URL and HIREFLOW_ADMIN_PASSWORD, or a fresh server started here.
// Run: (cd tests && node --test e2e/lifecycle_settings.test.mjs)
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { importEmployees, shanghaiDate } from '../harness.mjs'
import { closeTarget, launchChromium, openPage, openTarget, shot, signIn, skipReason, stepper } from './target.mjs'

const skip = skipReason()

// Unique per run: the database may already hold data from other scenarios.
const stamp = Date.now().toString(36).toUpperCase()
const employeeNo = `LS${stamp}`
const employeeName = `周建国${stamp.slice(-4)}`

let server, baseUrl, adminPassword, api, browser, admin
let employeeId, probationBefore
const pageErrors = []

before(async () => {
  if (skip) return
  ;({ server, baseUrl, adminPassword, api } = await openTarget())
  // An employee hired outside onboarding: imported from CSV, with no contract on record.
  employeeId = (await importEmployees(api, [[employeeNo, employeeName, '2023-03-01']]))[employeeNo].id
  probationBefore = (await api.get('/api/v1/performance/probation-settings')).json.probation_review_days

  browser = await launchChromium()
  admin = await openPage(browser, { errors: pageErrors, label: 'admin' })
})

after(async () => {
  // Leave the shared setting as it was for the other scenarios.
  if (api && probationBefore !== undefined) {
    const cur = (await api.get('/api/v1/performance/probation-settings')).json
    if (cur.probation_review_days !== probationBefore)
      await api.put('/api/v1/performance/probation-settings', { probation_review_days: probationBefore, version: cur.version })
  }
  await closeTarget(browser, server)
})

test('lifecycle settings: when probation reviews open, time off in lieu for rest-day overtime', { skip, timeout: 300_000 }, async (t) => {
  let current = admin
  const step = stepper(t, 'lifecycle-settings', () => current)
  const id = (testid) => admin.getByTestId(testid)

  await step('HR signs in', async () => {
    await signIn(admin, baseUrl, { password: adminPassword })
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
    await shot(admin, 'lifecycle-probation-settings.png', { clip: await id('probation-settings').boundingBox() })
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

  await step('no script errors on any page', async () => {
    assert.deepEqual(pageErrors, [])
  })
})
