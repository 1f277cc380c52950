// End-to-end check of the payroll pages against the real server, in Debian's Chromium: HR runs the
// wizard for a month (draft → preview with the difference to last month → a correction makes the draft
// stale → recalculate → approve → the bank file downloads), then the employee opens the payslip on a
// phone (390x844). Also the salary-band and city-rule pages for the user guide. Screenshots go to
// docs/images/payroll-*.png.
//
// The server is shared with the other E2E files and never assumed clean: everything is created here
// through the API with unique names, and the months are chosen after the latest approved run.
//
// Run: (cd tests && node --test e2e/payroll.test.mjs), with HIREFLOW_BASE_URL or a build to start.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { closeTarget, launchChromium, openPage, openTarget, PHONE, shot, signIn, skipReason, stepper } from './target.mjs'
import { Client, openPlan } from '../harness.mjs'

const skip = skipReason()
const stamp = Date.now().toString(36).toUpperCase()
const empNo = `P${stamp}`
const empName = `薪资测试员${stamp.slice(-4)}`
const empUser = `pay_e2e_${stamp.toLowerCase()}`
const empPassword = 'Payslip-Pass-123'

let server, baseUrl, adminPassword, api, browser, hrPage
let employee, previousPeriod, period, applicationId
const pageErrors = []

function nextMonth(p) {
  let [y, m] = p.split('-').map(Number)
  m += 1
  if (m > 12) { m = 1; y += 1 }
  return `${y}-${String(m).padStart(2, '0')}`
}

before(async () => {
  if (skip) return
  ;({ server, baseUrl, adminPassword, api } = await openTarget())
  const dept = await api.post('/api/v1/departments', { name: `E2E薪资部-${stamp}`, code: `PAY${stamp}` })
  assert.equal(dept.status, 201, dept.text)
  const e = await api.post('/api/v1/employees', { employee_no: empNo, name: empName, hire_date: '2024-01-01',
    department_id: dept.json.id, bank_account: '6222020200998877' })
  assert.equal(e.status, 201, e.text)
  employee = e.json
  const c = await api.post(`/api/v1/payroll/employees/${employee.id}/compensation`, { effective_from: '2024-01-01',
    monthly_salary: '18000', city: 'beijing', social_insurance_base: '18000', housing_fund_rate: 12 })
  assert.equal(c.status, 201, c.text)
  const u = await api.post('/api/v1/users', { username: empUser, password: empPassword, role: 'employee',
    display_name: empName, employee_id: employee.id })
  assert.equal(u.status, 201, u.text)

  // Months after anything already approved on this server: one approved through the API (last
  // month for the preview's differences), the next one through the wizard.
  const runs = (await api.get('/api/v1/payroll/runs?limit=500')).json.items
  const approved = runs.filter((r) => r.status === 'approved').map((r) => r.period).sort()
  const now = new Date()
  const fallback = `${now.getFullYear() - 1}-${String(now.getMonth() + 1).padStart(2, '0')}`
  previousPeriod = approved.length ? nextMonth(approved.at(-1)) : fallback
  period = nextMonth(previousPeriod)
  for (const r of runs.filter((x) => x.status === 'draft' && (x.period === previousPeriod || x.period === period))) {
    await api.del(`/api/v1/payroll/runs/${r.id}`)
  }
  const prev = await api.post('/api/v1/payroll/runs', { period: previousPeriod })
  assert.equal(prev.status, 201, prev.text)
  const ok = await api.post(`/api/v1/payroll/runs/${prev.json.id}/approve`, { version: prev.json.version })
  assert.equal(ok.status, 200, ok.text)
  // This month's bonus: the preview shows the difference to last month.
  const input = await api.put('/api/v1/payroll/inputs', { period, employee_id: employee.id, bonus: '2000' })
  assert.equal(input.status, 200, input.text)

  // A band, market data and an application for the offer-pricing page.
  const position = await api.post('/api/v1/positions', { title: `薪资测试岗位 ${stamp}`, code: `PP${stamp}`, department_id: dept.json.id })
  assert.equal(position.status, 201, position.text)
  const grade = await api.post('/api/v1/grades', { code: `PG${stamp}`, name: '高级', level: 5 })
  assert.equal(grade.status, 201, grade.text)
  const band = await api.post('/api/v1/payroll/bands', { position_id: position.json.id, grade_id: grade.json.id,
    effective_from: '2025-01-01', min_salary: '15000', max_salary: '25000' })
  assert.equal(band.status, 201, band.text)
  const today = new Date().toISOString().slice(0, 10)
  const market = await api.post('/api/v1/payroll/market/import?dry_run=false',
    `position,city,p25,p50,p75,p90,as_of,source\n薪资测试岗位 ${stamp},杭州,16000,19000,22000,26000,${today},E2E survey\n`,
    { raw: true, headers: { 'content-type': 'text/csv' } })
  assert.equal(market.status, 200, market.text)
  const req = await openPlan(api, { title: `薪资测试岗位 ${stamp}`, department_id: dept.json.id,
    position_id: position.json.id, headcount: 1, location: 'Hangzhou' })
  const cand = await api.post('/api/v1/candidates', { name: `Offer Person ${stamp}`, email: `offer.${stamp.toLowerCase()}@example.com` })
  assert.equal(cand.status, 201, cand.text)
  const app = await api.post('/api/v1/applications', { candidate_id: cand.json.id, requisition_id: req.id })
  assert.equal(app.status, 201, app.text)
  applicationId = app.json.id

  browser = await launchChromium()
  hrPage = await openPage(browser, { errors: pageErrors, label: 'hr' })
})

after(() => closeTarget(browser, server))

test('payroll: HR runs the wizard and approves; the employee reads the payslip on a phone', { skip, timeout: 300_000 }, async (t) => {
  let current = hrPage
  const step = stepper(t, 'payroll', () => current)
  const id = (testid) => hrPage.getByTestId(testid)
  let runId

  await step('HR signs in and opens the run wizard from the menu', async () => {
    await signIn(hrPage, baseUrl, { path: '/employees', password: adminPassword })
    await id('nav-payroll-runs').click()
    await hrPage.waitForURL(/\/payroll\/runs/)
    await id('run-steps').waitFor()
  })

  await step('choosing the month and creating the draft previews every payslip with the difference to last month', async () => {
    await hrPage.goto(`${baseUrl}/payroll/runs?period=${period}`)
    await id('run-create').click()
    await id('run-summary').waitFor()
    await hrPage.waitForURL(/run=\d+/)
    runId = Number(new URL(hrPage.url()).searchParams.get('run'))
    await id('run-payslips').getByText(empNo).waitFor()
    const row = id('run-payslips').locator('tr', { hasText: empNo })
    const api1 = (await api.get(`/api/v1/payroll/runs/${runId}/payslips?q=${empNo}`)).json.items[0]
    assert.equal(api1.delta.gross_pay, '2000.00', 'the bonus is the difference to last month')
    const cells = (await row.locator('td').allInnerTexts()).map((x) => x.trim())
    assert.deepEqual(cells.slice(0, 2), [empNo, empName])
    assert.equal(cells[5], api1.net_pay, 'net pay column')
    assert.equal(cells[6], api1.delta.net_pay, 'net vs last month column')
    assert.equal(cells[7], '2000.00', 'gross vs last month column')
    await shot(hrPage, 'payroll-run-preview.png')
  })

  await step('a correction makes the draft stale; recalculating brings it up to date', async () => {
    const cur = (await api.get(`/api/v1/payroll/inputs?period=${period}`)).json.items.find((x) => x.employee_id === employee.id)
    const put = await api.put('/api/v1/payroll/inputs', { period, employee_id: employee.id, bonus: '3000', version: cur.version })
    assert.equal(put.status, 200, put.text)
    await hrPage.reload()
    await id('run-stale').waitFor()
    assert.equal(await id('run-approve').isDisabled(), true, 'a stale draft cannot be approved')
    await id('run-recalc').click()
    await id('run-stale').waitFor({ state: 'detached' })
    const slip = (await api.get(`/api/v1/payroll/runs/${runId}/payslips?q=${empNo}`)).json.items[0]
    assert.equal(slip.delta.gross_pay, '3000.00')
  })

  await step('approving publishes the payslips and offers the bank file', async () => {
    await id('run-approve').click()
    await hrPage.locator('.el-message-box').getByRole('button', { name: '审批通过' }).click()
    await id('run-disbursement').waitFor()
    assert.equal((await api.get(`/api/v1/payroll/runs/${runId}`)).json.status, 'approved')
    const [download] = await Promise.all([hrPage.waitForEvent('download'), id('run-disbursement').click()])
    const path = await download.path()
    const { readFileSync } = await import('node:fs')
    const csv = readFileSync(path, 'utf8')
    assert.match(csv, new RegExp(`${empNo},${empName},6222020200998877,`))
    await shot(hrPage, 'payroll-run-approved.png')
  })

  await step('the salary bands and city rule pages show their tables', async () => {
    await id('nav-payroll-bands').click()
    await id('band-table').getByText(`PG${stamp}`).waitFor()
    await shot(hrPage, 'payroll-bands.png')
    await id('nav-payroll-city-rules').click()
    await id('city-in-force').waitFor()
    await id('city-builtin').waitFor()
    await shot(hrPage, 'payroll-city-rules.png')
  })

  await step('offer pricing for an application: band, market, a suggestion with its reasons and a pay structure', async () => {
    await hrPage.goto(`${baseUrl}/applications/${applicationId}/offer-pricing`)
    const panel = id('offer-pricing-panel')
    await id('pricing-suggestion').waitFor()
    await id('pricing-expected').locator('input').fill('26000')
    await id('pricing-run').click()
    const reasons = id('pricing-reasons')
    await reasons.getByText('期望 26K 高于市场 P75 22K').waitFor()
    const api1 = (await api.post('/api/v1/payroll/offer-pricing', { application_id: applicationId, expected_monthly_salary: 26000 })).json
    assert.ok(api1.reasons.some((r) => r.zh.startsWith('期望 26K 高于市场 P75 22K')), JSON.stringify(api1.reasons))
    await panel.getByText(`${api1.suggestion.min} – ${api1.suggestion.max}`).waitFor()
    await shot(hrPage, 'payroll-offer-pricing.png')
  })

  await step('the employee opens the payslip on a phone, with its lines and year to date', async () => {
    const phone = await openPage(browser, { ...PHONE, errors: pageErrors, label: 'phone' })
    current = phone
    await signIn(phone, baseUrl, { path: '/me/payslips', username: empUser, password: empPassword })
    await phone.getByTestId(`my-payslip-${period}`).click()
    const view = phone.getByTestId('payslip-view')
    await view.waitFor()
    const me = new Client(baseUrl)
    await me.login(empUser, empPassword)
    const mine = (await me.get('/api/v1/me/payslips')).json.items.find((s) => s.period === period)
    assert.equal(await phone.getByTestId('payslip-net').textContent(), mine.net_pay)
    await view.getByText('个人所得税').first().waitFor()
    await phone.getByTestId('payslip-ytd-withheld_tax').waitFor()
    const pdf = await fetch(`${baseUrl}/api/v1/payroll/payslips/${mine.id}/pdf`, { headers: { cookie: me.cookieHeader() } })
    assert.equal(pdf.status, 200)
    assert.equal(pdf.headers.get('content-type'), 'application/pdf')
    await shot(phone, 'payroll-payslip-mobile.png', { fullPage: true })
    await phone.context().close()
    current = hrPage
  })

  await step('no page errors', async () => {
    assert.deepEqual(pageErrors, [])
  })
})
