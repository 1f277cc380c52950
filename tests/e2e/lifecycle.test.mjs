// End-to-end check of the lifecycle pages against the real server, in Debian's Chromium: an employee
// clocks in on a phone and requests annual leave; their manager approves it from the approvals inbox;
// HR finalises a performance review in the calibration table; HR sees the team attendance month.
// Screenshots for the user guide go to docs/images/lifecycle-*.png.
//
// Server: HIREFLOW_BASE_URL and HIREFLOW_ADMIN_PASSWORD (as scripts/test.sh sets them), or else a
// fresh server started here with tests/harness.mjs (needs build/hireflow and web/dist).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { Client, shanghaiDate } from '../harness.mjs'
import { closeTarget, launchChromium, openPage, openTarget, PHONE, shot, signIn, skipReason, stepper } from './target.mjs'

const skip = skipReason()
const stamp = Date.now().toString(36).toUpperCase()
const password = 'Life-Pass-123'
const empUser = `lc_emp_${stamp.toLowerCase()}`
const bossUser = `lc_boss_${stamp.toLowerCase()}`
const empName = `李员工${stamp.slice(-4)}`

let server, baseUrl, adminPassword, api, browser, emp, reviewId
const pageErrors = []

// A Monday and Tuesday two weeks or more ahead, in one year.
function leaveDates() {
  const d = new Date(shanghaiDate(14))
  while (d.getUTCDay() !== 1) d.setUTCDate(d.getUTCDate() + 1)
  for (;;) {
    const e = new Date(d.getTime() + 86400e3)
    if (e.getUTCFullYear() === d.getUTCFullYear()) return [d.toISOString().slice(0, 10), e.toISOString().slice(0, 10)]
    d.setUTCDate(d.getUTCDate() + 7)
  }
}

before(async () => {
  if (skip) return
  ;({ server, baseUrl, adminPassword, api } = await openTarget())
  const dept = (await api.post('/api/v1/departments', { name: `生命周期-${stamp}`, code: `LC${stamp}` })).json
  const boss = (await api.post('/api/v1/employees', { employee_no: `LB${stamp}`, name: `王经理${stamp.slice(-4)}`, hire_date: '2015-03-01', department_id: dept.id })).json
  emp = (await api.post('/api/v1/employees', { employee_no: `LE${stamp}`, name: empName, hire_date: '2020-01-01', department_id: dept.id, manager_id: boss.id })).json
  assert.ok(emp.id, JSON.stringify(emp))
  for (const [username, e] of [[empUser, emp], [bossUser, boss]]) {
    const u = await api.post('/api/v1/users', { username, password, role: 'employee', display_name: e.name, employee_id: e.id })
    assert.equal(u.status, 201, u.text)
  }
  // 16 years of cumulative service: 10 days of annual leave.
  assert.equal((await api.put(`/api/v1/leave/profiles/${emp.id}`, { work_start_date: '2010-01-01' })).status, 200)
  // A review that went through the employee and the manager, waiting for HR's calibration.
  const cyc = await api.post('/api/v1/performance/cycles', { name: `E2E 季度考核 ${stamp}`, kind: 'quarterly', period_start: '2026-07-01', period_end: '2026-09-30', employee_ids: [emp.id] })
  assert.equal(cyc.status, 201, cyc.text)
  const me = new Client(baseUrl)
  await me.login(empUser, password)
  const r = (await me.get('/api/v1/performance/reviews')).json.items.find((x) => x.cycle_id === cyc.json.id)
  reviewId = r.id
  const s = await me.patch(`/api/v1/performance/reviews/${r.id}/self`, { self_rating: 4, self_comment: '按时交付', goals: [{ title: '交付支付对账', weight: 100, self_rating: 4 }], submit: true, version: r.version })
  assert.equal(s.status, 200, s.text)
  const bossApi = new Client(baseUrl)
  await bossApi.login(bossUser, password)
  const m = await bossApi.patch(`/api/v1/performance/reviews/${r.id}/manager`, { manager_rating: 3.5, manager_comment: '稳定', submit: true, version: s.json.version })
  assert.equal(m.status, 200, m.text)
  browser = await launchChromium()
})

after(() => closeTarget(browser, server))

const visiblePopper = (page) => page.locator('.el-popper:visible').last()
// The text box of an Element Plus input: the test id lands on the native input or on its wrapper.
const field = (page, testid) => page.locator(`input[data-testid=${testid}], textarea[data-testid=${testid}], [data-testid=${testid}] input, [data-testid=${testid}] textarea`).first()

test('lifecycle: clock in, leave request and approval, HR finalises a review', { skip, timeout: 300_000 }, async (t) => {
  let current = null
  const step = stepper(t, 'lifecycle', () => current)
  const [start, end] = leaveDates()
  const meApi = new Client(baseUrl)
  await meApi.login(empUser, password)

  const phone = await openPage(browser, { ...PHONE, errors: pageErrors, label: 'phone' })

  await step('the employee clocks in on a phone', async () => {
    current = phone
    await signIn(phone, baseUrl, { path: '/attendance', username: empUser, password })
    await phone.getByTestId('clock-button').click()
    await phone.getByTestId('att-today').getByText(/\d\d:\d\d →/).waitFor()
    const month = (await meApi.get('/api/v1/me/attendance?month=' + shanghaiDate().slice(0, 7))).json
    const today = shanghaiDate()
    const day = month.days.find((d) => d.date === today)
    assert.match(day.clock_in, /^\d\d:\d\d$/, 'the punch is stored')
    assert.equal(await phone.getByTestId('clock-button').textContent().then((s) => s.trim()), '下班打卡')
    await shot(phone, 'lifecycle-attendance-phone.png')
  })

  let requestId
  await step('the employee requests two days of annual leave', async () => {
    await phone.goto(`${baseUrl}/leave`)
    await phone.getByTestId('balance-annual').getByText('10', { exact: true }).waitFor()
    await phone.locator('.req-form .el-select__wrapper').click()
    await visiblePopper(phone).getByText('年休假', { exact: true }).click()
    const inputs = phone.locator('.req-form .el-range-input')
    await inputs.nth(0).fill(start)
    await inputs.nth(1).fill(end)
    await inputs.nth(1).press('Enter')
    await field(phone, 'leave-reason').fill('家庭旅行')
    await phone.getByTestId('leave-submit').click()
    await phone.getByText(`${start} – ${end}`).waitFor()
    const mine = (await meApi.get('/api/v1/leave/requests')).json.items
    const r = mine.find((x) => x.start_date === start)
    assert.ok(r, JSON.stringify(mine))
    assert.equal(r.status, 'pending')
    assert.equal(r.days, 2)
    requestId = r.id
    await phone.getByTestId('balance-annual').getByText('8', { exact: true }).waitFor()
    await shot(phone, 'lifecycle-leave-phone.png', { fullPage: true })
  })

  await step('the manager approves it from the approvals inbox', async () => {
    const page = await openPage(browser, { errors: pageErrors, label: 'manager', viewport: { width: 1280, height: 800 } })
    current = page
    await signIn(page, baseUrl, { path: '/leave', username: bossUser, password })
    await page.getByRole('tab', { name: /待我审批/ }).click()
    await page.getByTestId(`inbox-${requestId}`).waitFor()
    await shot(page, 'lifecycle-leave-approvals.png')
    await page.getByTestId(`approve-${requestId}`).click()
    await page.getByTestId(`inbox-${requestId}`).waitFor({ state: 'detached' })
    const r = (await meApi.get('/api/v1/leave/requests')).json.items.find((x) => x.id === requestId)
    assert.equal(r.status, 'approved')
    await page.context().close()
  })

  await step('HR finalises the review in the calibration table', async () => {
    const page = await openPage(browser, { errors: pageErrors, label: 'hr', viewport: { width: 1280, height: 800 } })
    current = page
    await signIn(page, baseUrl, { path: '/performance', password: adminPassword })
    const row = page.getByTestId('calibration-table').locator('tr', { hasText: empName })
    await row.waitFor()
    await shot(page, 'lifecycle-performance-calibration.png')
    await row.click()
    await page.getByTestId('review-drawer').getByText('交付支付对账').waitFor().catch(() => {})
    const rating = field(page, 'review-rating')
    await rating.fill('4')
    await rating.press('Tab')
    await field(page, 'review-comment').fill('校准：跨团队贡献突出')
    await page.getByTestId('review-submit').click()
    await page.getByTestId(`review-status-${reviewId}`).getByText('已定稿').waitFor()
    const r = (await meApi.get(`/api/v1/performance/reviews/${reviewId}`)).json
    assert.equal(r.status, 'finalized')
    assert.equal(r.final_rating, 4)
    const fr = (await meApi.get(`/api/v1/performance/employees/${emp.id}/final-ratings`)).json.items
    assert.equal(fr[0].rating, 4)
    assert.equal(fr[0].meets_expectations, true)

    await page.goto(`${baseUrl}/attendance`)
    await page.getByTestId('att-team').getByText(empName).waitFor()
    await shot(page, 'lifecycle-attendance-team.png')
    await page.context().close()
  })

  await step('HR sees a leaver\'s final pay line by line', async () => {
    const page = await openPage(browser, { errors: pageErrors, label: 'offboarding', viewport: { width: 1280, height: 800 } })
    current = page
    const who = (await api.post('/api/v1/employees', { employee_no: `LX${stamp}`, name: `赵离职${stamp.slice(-4)}`, hire_date: '2019-04-01' })).json
    assert.equal((await api.post(`/api/v1/payroll/employees/${who.id}/compensation`, { effective_from: '2024-01-01', monthly_salary: '21750', city: 'shanghai' })).status, 201)
    // A last day ahead, so that the record is still open (the background job completes past ones).
    const lastDay = shanghaiDate(20)
    const o = await api.post('/api/v1/offboarding', { employee_id: who.id, kind: 'termination', reason: '岗位撤销', last_day: lastDay,
      severance: { kind: 'n', local_prev_year_avg_monthly_wage: '12183' } })
    assert.equal(o.status, 201, o.text)
    await signIn(page, baseUrl, { path: '/offboarding', password: adminPassword })
    await page.locator('tr', { hasText: `LX${stamp}` }).click()
    await page.getByTestId('off-complete').waitFor()
    await page.getByTestId('off-total').getByText(o.json.final_pay.total).waitFor()
    const salary = o.json.final_pay.lines.find((l) => l.code === 'salary_to_last_day').amount
    await page.getByTestId('off-final-pay').getByText(salary, { exact: true }).waitFor()
    assert.equal(o.json.status, 'open')
    await shot(page, 'lifecycle-offboarding.png')
    await page.context().close()
  })

  await step('no page errors', async () => {
    assert.deepEqual(pageErrors, [])
  })
})
