// End-to-end check of the hiring pages against the real server, in Debian's Chromium: the
// administrator decides to hire an interviewed candidate on the decision screen (and approves the
// HR step), writes the offer in the editor with the gross-to-net preview and sends it; the
// candidate accepts on a phone through the offer link; HR passes the background checks on the
// board; the new hire fills in the information form and signs the contract on a phone (390x844);
// the checklist is finished on the onboarding board and the employee record opens with every field
// carried over. Screenshots for the user guide go to docs/images/hiring-*.png.
//
// Server: HIREFLOW_BASE_URL and HIREFLOW_ADMIN_PASSWORD, or a fresh server started here.
// Run: (cd tests && node --test e2e/hiring.test.mjs)
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { openPlan, shanghaiDate } from '../harness.mjs'
import { artifacts, closeTarget, images, launchChromium, openPage, openTarget, PHONE, signIn, skipReason } from './target.mjs'

const skip = skipReason()
const stamp = Date.now().toString(36).toUpperCase()
const candidateName = `林入职${stamp.slice(-4)}`
const idNumber = '11010519491231002X'
const bank = '6222020200112233445'

let server, baseUrl, adminPassword, api, browser, admin, phone
let appId, employeeId
const pageErrors = []

before(async () => {
  if (skip) return
  ;({ server, baseUrl, adminPassword, api } = await openTarget())
  const dept = await api.post('/api/v1/departments', { name: `E2E入职部-${stamp}`, code: `HIR${stamp}` })
  assert.equal(dept.status, 201, dept.text)
  // A position with a salary band, so that payroll's offer pricing has a suggestion to apply in the editor.
  const position = await api.post('/api/v1/positions', { title: `后端工程师 ${stamp}`, code: `HIRP${stamp}` })
  assert.equal(position.status, 201, position.text)
  const grade = await api.post('/api/v1/grades', { code: `HIRG${stamp}`, name: `E2E 级别 ${stamp}` })
  assert.equal(grade.status, 201, grade.text)
  const band = await api.post('/api/v1/payroll/bands', { position_id: position.json.id, grade_id: grade.json.id, effective_from: '2020-01-01',
    min_salary: '20000', mid_salary: '25000', max_salary: '30000' })
  assert.equal(band.status, 201, band.text)
  const plan = await openPlan(api, { title: `后端工程师 ${stamp}`, department_id: dept.json.id, position_id: position.json.id,
    headcount: 2, location: '上海', salary_min: '20000', salary_max: '30000' })
  const cand = await api.post('/api/v1/candidates', { name: candidateName, email: `lin.${stamp.toLowerCase()}@example.com`, phone: `139${String(Date.now() % 1e8).padStart(8, '0')}` })
  assert.equal(cand.status, 201, cand.text)
  const app = await api.post('/api/v1/applications', { candidate_id: cand.json.id, requisition_id: plan.id })
  assert.equal(app.status, 201, app.text)
  appId = app.json.id
  for (const to of ['screened', 'interviewed'].filter((s) => s !== app.json.status)) {
    const t = await api.post(`/api/v1/applications/${appId}/transition`, { to, reason: 'E2E' })
    assert.equal(t.status, 200, t.text)
  }
  browser = await launchChromium()
  admin = await openPage(browser, { errors: pageErrors, label: 'admin', viewport: { width: 1366, height: 900 } })
  phone = await openPage(browser, { ...PHONE, errors: pageErrors, label: 'phone' })
})

after(() => closeTarget(browser, server))

test('decide, offer, accept on a phone, checks, new hire form on a phone, checklist, employee record', { skip }, async () => {
  const id = (t) => admin.getByTestId(t)
  try {
    // Decision screen: hire with a reason; the administrator also approves the HR step.
    await signIn(admin, baseUrl, { path: `/applications/${appId}/decision`, password: adminPassword })
    await id('decision-reason').fill('系统设计扎实，AI 面试 86 分，沟通清楚')
    await id('decision-submit').click()
    await id('approve-step').click()
    await assert.doesNotReject(id('go-offer').waitFor())
    await admin.screenshot({ path: join(images, 'hiring-decision.png'), fullPage: true })

    // Offer editor: terms, the gross-to-net preview, save (within the band: no approval), send.
    await id('go-offer').click()
    await admin.waitForURL(/\/offer$/)
    // Offer pricing in the editor: HR records the candidate's expectation; the panel prices again with
    // it, and the suggested point can be put into the salary field.
    await id('offer-expected').fill('25000')
    const saved = admin.waitForResponse((r) => r.url().endsWith(`/api/v1/applications/${appId}/expected-salary`) && r.request().method() === 'PUT')
    await id('offer-expected-save').click()
    assert.equal((await saved).status(), 200)
    assert.equal((await api.get(`/api/v1/applications/${appId}/decision`)).json.expected_monthly_salary, '25000.00')
    const priced = (await api.post('/api/v1/payroll/offer-pricing', { application_id: appId })).json
    assert.equal(priced.expected_monthly_salary, '25000.00')
    assert.ok(priced.suggestion, JSON.stringify(priced.reasons))
    await id('offer-apply-suggestion').click()
    assert.equal(Number(await id('offer-salary').inputValue()), Number(priced.suggestion.point))
    await id('offer-pricing').screenshot({ path: join(images, 'hiring-offer-pricing.png') })
    await id('offer-salary').fill('22000')
    await id('offer-probation-salary').fill('10000')
    await id('offer-bonus').fill('年终奖 2 个月')
    await admin.getByTestId('offer-net').waitFor()
    const net = await admin.getByTestId('offer-net').innerText()
    assert.match(net, /^\d+\.\d{2}$/, 'the payroll preview shows the net pay')
    // An unlawful probation wage (below 80%) is saved with a labour-law alert and cannot be sent.
    await id('offer-save').click()
    await id('offer-law-alerts').waitFor()
    assert.match(await id('offer-law-alerts').innerText(), /第二十条/)
    assert.equal(await id('offer-send').count(), 0, 'no send button while the alert stands')
    await admin.screenshot({ path: join(images, 'hiring-offer-law-alert.png'), fullPage: true })
    await id('offer-probation-salary').fill('18000')
    await id('offer-save').click()
    await id('offer-law-alerts').waitFor({ state: 'detached' })
    await id('offer-letter').waitFor()
    assert.match(await id('offer-letter').innerText(), /22000\.00/)
    await admin.screenshot({ path: join(images, 'hiring-offer-editor.png'), fullPage: true })
    await id('offer-send').click()
    const link = await id('offer-link').locator('code').innerText()
    const offerToken = link.split('/offer/')[1]
    assert.ok(offerToken, link)

    // The candidate accepts on a phone (consent to the background check ticked by default).
    await phone.goto(`${baseUrl}/offer/${offerToken}`)
    await phone.getByTestId('candidate-offer-letter').waitFor()
    assert.match(await phone.getByTestId('candidate-offer-letter').innerText(), new RegExp(candidateName))
    await phone.screenshot({ path: join(images, 'hiring-candidate-offer.png'), fullPage: true })
    await phone.getByTestId('offer-accept').click()
    await phone.getByTestId('offer-accepted').waitFor()

    // Background checks board: pass every check.
    await admin.goto(`${baseUrl}/background-checks`)
    const card = admin.getByTestId('check-card').filter({ hasText: candidateName })
    await card.waitFor()
    await admin.screenshot({ path: join(images, 'hiring-checks.png'), fullPage: true })
    for (let i = 0; i < 3; i++) {
      await card.getByTestId('check-pass').first().click()
      await card.locator('.el-tag', { hasText: '通过' }).nth(i).waitFor()
    }
    await card.locator('.el-tag', { hasText: '已通过' }).waitFor()

    // Onboarding board: the new hire's link.
    await admin.goto(`${baseUrl}/onboardings`)
    await admin.getByTestId('onboarding-table').locator('.el-table__row', { hasText: candidateName }).click()
    await id('issue-link').click()
    const formLink = await id('form-link').locator('code').innerText()
    const formToken = formLink.split('/onboarding/')[1]

    // The new hire's form and contract on a phone.
    await phone.goto(`${baseUrl}/onboarding/${formToken}`)
    const p = (t) => phone.getByTestId(t)
    await p('nh-id').fill(idNumber)
    await p('nh-bank-name').fill('招商银行')
    await p('nh-bank').fill(bank)
    await p('nh-ec-name').fill('林父')
    await p('nh-ec-phone').fill('13800000000')
    await p('nh-ec-relation').fill('父亲')
    await p('nh-school').fill('浙江大学')
    await phone.screenshot({ path: join(images, 'hiring-newhire-form.png'), fullPage: true })
    await phone.getByTestId('nh-submit').click()
    await phone.getByTestId('newhire-contract').waitFor()
    await p('nh-sign-name').fill(candidateName)
    await phone.getByTestId('nh-agree').click()
    await phone.getByTestId('nh-sign').click()
    await phone.getByTestId('nh-signed').waitFor()
    await phone.screenshot({ path: join(images, 'hiring-newhire-contract.png'), fullPage: true })

    // Finish the checklist; the employee record is created from what is known.
    await admin.reload()
    await admin.getByTestId('onboarding-table').locator('.el-table__row', { hasText: candidateName }).click()
    for (const code of ['social_insurance', 'housing_fund', 'first_day', 'it_accounts']) {
      await id(`task-${code}`).click()
      await id(`task-${code}`).waitFor({ state: 'detached' })
    }
    await id('open-employee').waitFor()
    await admin.screenshot({ path: join(images, 'hiring-onboarding.png'), fullPage: true })
    await id('open-employee').click()
    await admin.waitForURL(/\/employees\/\d+$/)
    employeeId = Number(admin.url().split('/').pop())
    await admin.waitForFunction((v) => document.querySelector('[data-testid="emp-id-number"]')?.value === v, idNumber)
    assert.equal(await id('emp-name').inputValue(), candidateName)
    await admin.screenshot({ path: join(images, 'hiring-employee.png'), fullPage: true })
    const e = (await api.get(`/api/v1/employees/${employeeId}`)).json
    assert.equal(e.name, candidateName)
    assert.equal(e.id_number, idNumber)
    assert.equal(e.bank_account, bank)
    assert.equal(e.hire_date, shanghaiDate(14))
    assert.equal(e.status, 'probation')
    assert.equal((await api.get(`/api/v1/applications/${appId}`)).json.status, 'hired')
    // Contract renewal (HR) on the onboarding board: a new fixed term linked to the first contract.
    await admin.goto(`${baseUrl}/onboardings`)
    await admin.getByTestId('onboarding-table').locator('.el-table__row', { hasText: candidateName }).click()
    await id('contracts-table').locator('.el-table__row').first().waitFor()
    await id('renew-contract').click()
    await id('renew-save').click()
    await id('contracts-table').locator('.el-table__row', { hasText: '已续签' }).waitFor()
    const chain = (await api.get(`/api/v1/labour-contracts?employee_id=${employeeId}`)).json.items
    assert.equal(chain.length, 2)
    assert.equal(chain[0].previous_contract_id, chain[1].id)
    assert.equal(chain[0].fixed_term_sequence, 2)
    await id('contracts').screenshot({ path: join(images, 'hiring-contract-renewal.png') })
    // The company's hiring policy (administrators): approval steps and the checklist template.
    await admin.goto(`${baseUrl}/offers`)
    await admin.getByRole('tab', { name: '录用政策' }).click()
    await id('hiring-policy').waitFor()
    await admin.screenshot({ path: join(images, 'hiring-policy.png'), fullPage: true })
    // Offer templates (HR): a new zh-CN template with a live preview, saved, then edited (versioned).
    await admin.getByRole('tab', { name: '录用通知模板' }).click()
    await id('tpl-new').click()
    const tplName = `E2E 模板 ${stamp}`
    await id('tpl-name').fill(tplName)
    await id('tpl-subject').fill('录用通知：{{candidate_name}}')
    await id('tpl-body').fill('{{candidate_name}} 您好，月薪 {{monthly_salary}} 元，{{no_such_var}}入职日 ')
    await id('tpl-variables').getByText('{{start_date}}').click()
    await assert.doesNotReject(id('tpl-preview').getByText('录用通知：林晓').waitFor())
    assert.match(await id('tpl-preview').locator('pre').innerText(), /^林晓 您好，月薪 22000\.00 元，入职日 2026-12-01$/)
    await id('tpl-unknown').waitFor()
    await id('tpl-save').click()
    await id('tpl-table').locator('.el-table__row', { hasText: tplName }).waitFor()
    let tpl = (await api.get('/api/v1/offer-templates')).json.items.find((x) => x.name === tplName)
    assert.equal(tpl.body, '{{candidate_name}} 您好，月薪 {{monthly_salary}} 元，{{no_such_var}}入职日 {{start_date}}')
    assert.equal(tpl.language, 'zh-CN')
    await admin.screenshot({ path: join(images, 'hiring-offer-templates.png'), fullPage: true })
    await id('tpl-subject').fill('录用通知书：{{candidate_name}}（{{position}}）')
    await id('tpl-save').click()
    await id('tpl-table').locator('.el-table__row', { hasText: tplName }).filter({ hasText: '2' }).waitFor()
    tpl = (await api.get('/api/v1/offer-templates')).json.items.find((x) => x.name === tplName)
    assert.equal(tpl.subject, '录用通知书：{{candidate_name}}（{{position}}）')
    assert.equal(tpl.version, 2)
    assert.deepEqual(pageErrors, [])
  } catch (err) {
    await admin?.screenshot({ path: join(artifacts, 'hiring-failure.png'), fullPage: true }).catch(() => {})
    await phone?.screenshot({ path: join(artifacts, 'hiring-failure-phone.png'), fullPage: true }).catch(() => {})
    throw err
  }
})
