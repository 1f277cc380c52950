// End-to-end check that texts composed on the server follow the reader's language, in Debian's
// Chromium against the real server: an HR user whose account language is English (so the stored
// notification and alert texts are English) opens the notification centre in English, switches the UI
// to 中文 and reads the notification in Chinese, then reads the contract's labour-law alert in Chinese
// on the employee page. Screenshots for the user guide: docs/images/i18n-*.png.
//
// Server: HIREFLOW_BASE_URL and HIREFLOW_ADMIN_PASSWORD, or a fresh server started here.
// Run: (cd tests && node --test e2e/i18n.test.mjs)
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { Client, shanghaiDate } from '../harness.mjs'
import { closeTarget, launchChromium, openPage, openTarget, shot, signIn, skipReason, stepper } from './target.mjs'

const skip = skipReason()

// Unique per run: the database may already hold data from other scenarios.
const stamp = Date.now().toString(36).toUpperCase()
const hrUser = `i18n_hr_${stamp.toLowerCase()}`
const hrPassword = 'I18n-Pass-123'
const employeeName = `吴语言${stamp.slice(-4)}`
const ending = shanghaiDate(15)

let server, baseUrl, api, browser, page, employeeId
const pageErrors = []

before(async () => {
  if (skip) return
  ;({ server, baseUrl, api } = await openTarget())
  // An HR account whose language is English: what the server stores for it is English.
  const u = await api.post('/api/v1/users', { username: hrUser, password: hrPassword, role: 'hr', display_name: `I18n HR ${stamp}` })
  assert.equal(u.status, 201, u.text)
  const p = await api.patch(`/api/v1/users/${u.json.id}`, { locale: 'en', version: u.json.version })
  assert.equal(p.status, 200, p.text)
  // Something to be notified of (a new employee, by the admin) and an alert (a fixed term ending soon).
  const e = await api.post('/api/v1/employees', { employee_no: `I18N${stamp}`, name: employeeName, hire_date: '2023-03-01' })
  assert.equal(e.status, 201, e.text)
  employeeId = e.json.id
  const k = await api.post('/api/v1/labour-contracts', { employee_id: employeeId, contract_type: 'fixed', start_date: '2023-03-01',
    end_date: ending, signed_on: '2023-02-25', monthly_salary: '16000', city: 'shanghai' })
  assert.equal(k.status, 201, k.text)
  assert.equal((await api.post('/api/v1/hiring-alerts/scan')).status, 200)
  // The notification is written by the background worker: bounded wait through the API.
  const hr = new Client(baseUrl)
  await hr.login(hrUser, hrPassword)
  let mine = []
  for (let i = 0; i < 200 && !mine.length; i++) {
    mine = (await hr.get('/api/v1/notifications?limit=50')).json.items.filter((n) => n.link === `/employees/${employeeId}`)
    if (!mine.length) await new Promise((r) => setTimeout(r, 50))
  }
  assert.equal(mine.length, 1, 'the HR user was notified')
  assert.equal(mine[0].title, 'New employee record', 'stored in the account language (English)')

  browser = await launchChromium()
  page = await openPage(browser, { errors: pageErrors, locale: 'en-US' })
})

after(() => closeTarget(browser, server))

test('server texts follow the UI language: a notification and a labour-law alert in Chinese', { skip, timeout: 180_000 }, async (t) => {
  const step = stepper(t, 'i18n', () => page)
  const id = (testid) => page.getByTestId(testid)
  const mine = () => page.locator('.item', { has: page.getByText(employeeName) })

  await step('the English UI shows the notification in English', async () => {
    await signIn(page, baseUrl, { path: '/notifications', username: hrUser, password: hrPassword })
    await mine().getByTestId('notif-title').getByText('New employee record', { exact: true }).waitFor()
    assert.equal(await mine().getByTestId('notif-body').textContent(), `${employeeName} (I18N${stamp}) (by admin)`)
  })

  await step('switching to 中文 shows the same notification in Chinese', async () => {
    await id('lang-switch').click()
    await id('lang-option-zh-CN').click()
    await mine().getByTestId('notif-title').getByText('新员工入职档案已建立', { exact: true }).waitFor()
    assert.equal(await mine().getByTestId('notif-body').textContent(), `${employeeName} (I18N${stamp})（操作人：admin）`)
    await shot(page, 'i18n-notification-zh.png', { clip: await mine().boundingBox() })
  })

  await step('the contract alert on the employee page is in Chinese', async () => {
    await page.goto(`${baseUrl}/employees/${employeeId}`)
    const alert = id('contract-alert-fixed_term_ending')
    await alert.waitFor()
    await alert.getByText(`固定期限劳动合同将于 ${ending} 到期`).waitFor()
    assert.doesNotMatch(await alert.textContent(), /fixed-term contract ends/, 'not the stored English text')
    await alert.scrollIntoViewIfNeeded()
    await shot(page, 'i18n-alert-zh.png', { clip: await id('employee-contract-alerts').boundingBox() })
  })

  await step('no script errors', async () => {
    assert.deepEqual(pageErrors, [])
  })
})
