// End-to-end check of the candidate's expected monthly salary, in Debian's Chromium against the real
// server: a candidate gives it on the careers page from a phone (a bad amount is refused beside the
// field), HR sees it on the application and in the offer editor's pricing.
// Screenshots for the user guide: docs/images/recruiting-expected-salary.png, hiring-offer-expected.png.
//
// Server: HIREFLOW_BASE_URL and HIREFLOW_ADMIN_PASSWORD, or a fresh server started here.
// Run: (cd tests && node --test e2e/expected_salary.test.mjs)
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { openPlan } from '../harness.mjs'
import { closeTarget, launchChromium, openPage, openTarget, PHONE, shot, signIn, skipReason, stepper, submitApplication } from './target.mjs'

const skip = skipReason()

// Unique per run: the database may already hold data from other scenarios.
const stamp = Date.now().toString(36).toUpperCase()
const planTitle = `数据工程师 ${stamp}`
const applicant = { name: '林晓雨', email: `lin.${stamp.toLowerCase()}@example.com` }

let server, baseUrl, adminPassword, api, browser, admin
let planId, appId
const pageErrors = []

before(async () => {
  if (skip) return
  ;({ server, baseUrl, adminPassword, api } = await openTarget())
  const dept = await api.post('/api/v1/departments', { name: `E2E期望薪资-${stamp}`, code: `ES${stamp}` })
  assert.equal(dept.status, 201, dept.text)
  planId = (await openPlan(api, { title: planTitle, department_id: dept.json.id, headcount: 1, location: 'Shanghai' })).id

  browser = await launchChromium()
  admin = await openPage(browser, { errors: pageErrors, label: 'admin' })
})

after(() => closeTarget(browser, server))

test('expected salary: from the careers form to offer pricing', { skip, timeout: 300_000 }, async (t) => {
  let current = admin
  const step = stepper(t, 'expected-salary', () => current)
  const id = (testid) => admin.getByTestId(testid)

  await step('a candidate applies from a phone with an expected monthly salary', async () => {
    const page = await openPage(browser, { ...PHONE, errors: pageErrors, label: 'careers' })
    current = page
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
    appId = await submitApplication(page, planId)
    await page.context().close()
    current = admin
    // Screenshot of the form with the field filled in (a fresh page, phone-sized).
    const again = await browser.newContext({ ...PHONE, locale: 'zh-CN' })
    const p2 = await again.newPage()
    await p2.goto(`${baseUrl}/careers/${planId}`)
    await p2.getByTestId('apply-name').fill('张三')
    await p2.getByTestId('apply-expected').fill('18000')
    await p2.getByTestId('apply-expected').scrollIntoViewIfNeeded()
    await shot(p2, 'recruiting-expected-salary.png')
    await again.close()
  })

  await step('HR sees the expected salary on the application and in the offer editor\'s pricing', async () => {
    await signIn(admin, baseUrl, { path: `/applications/${appId}`, password: adminPassword })
    await id('app-detail-expected').getByText(/18000\.00/).waitFor()

    await admin.goto(`${baseUrl}/applications/${appId}/offer`)
    await admin.waitForFunction(() => document.querySelector('[data-testid="offer-expected"] input, input[data-testid="offer-expected"]')?.value === '18000.00')
    const priced = admin.waitForResponse((r) => r.url().endsWith('/api/v1/payroll/offer-pricing') && r.request().method() === 'POST')
    await id('pricing-run').click()
    const res = await priced
    assert.equal(res.status(), 200, await res.text())
    assert.equal((await res.json()).expected_monthly_salary, '18000.00', 'pricing uses the candidate\'s figure')
    await id('offer-pricing').scrollIntoViewIfNeeded()
    await shot(admin, 'hiring-offer-expected.png')
  })

  await step('no script errors on any page', async () => {
    assert.deepEqual(pageErrors, [])
  })
})
