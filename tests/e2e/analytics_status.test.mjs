// End-to-end check of the analytics status line, in Debian's Chromium against the real server: the
// funnel dashboard says how fresh its figures are (last fold, events waiting) and refreshes.
// Screenshot for the user guide: docs/images/analytics-status.png.
//
// Server: HIREFLOW_BASE_URL and HIREFLOW_ADMIN_PASSWORD, or a fresh server started here.
// Run: (cd tests && node --test e2e/analytics_status.test.mjs)
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { closeTarget, launchChromium, openPage, openTarget, shot, signIn, skipReason, stepper } from './target.mjs'

const skip = skipReason()

let server, baseUrl, adminPassword, api, browser, admin
const pageErrors = []

before(async () => {
  if (skip) return
  ;({ server, baseUrl, adminPassword, api } = await openTarget())

  browser = await launchChromium()
  admin = await openPage(browser, { errors: pageErrors, label: 'admin' })
})

after(() => closeTarget(browser, server))

test('analytics status: the dashboard shows how fresh its figures are', { skip, timeout: 300_000 }, async (t) => {
  let current = admin
  const step = stepper(t, 'analytics-status', () => current)
  const id = (testid) => admin.getByTestId(testid)

  await step('HR signs in', async () => {
    await signIn(admin, baseUrl, { password: adminPassword })
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
    await shot(admin, 'analytics-status.png', { clip: { x: 0, y: 0, width: 1280, height: 260 } })
  })

  await step('no script errors on any page', async () => {
    assert.deepEqual(pageErrors, [])
  })
})
