// End-to-end check of the web app shell against the real server, in Debian's Chromium.
//
// Needs: HIREFLOW_BASE_URL (e.g. http://127.0.0.1:18080, a running `hireflow serve` that serves
// web/dist) and HIREFLOW_ADMIN_PASSWORD (password of the `admin` account). Without them the test is
// skipped. Screenshots for the user guide go to tests/e2e/artifacts/ (gitignored).
//
// Run: (cd tests/e2e && npm ci) && node --test tests/e2e/
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { artifacts, external as baseUrl, launchChromium, openPage, stepper, submitLogin } from './target.mjs'

const adminPassword = process.env.HIREFLOW_ADMIN_PASSWORD ?? ''
const skip = !baseUrl || !adminPassword ? 'HIREFLOW_BASE_URL and HIREFLOW_ADMIN_PASSWORD are not set' : false

// Unique per run, so the scenario can run against a database that already has data.
const stamp = Date.now().toString(36).toUpperCase()
const deptName = `E2E研发部-${stamp}`
const deptCode = `E2E${stamp}`
const empName = `测试员工${stamp}`
const empNo = `E${stamp}`

let browser, page
const pageErrors = []

before(async () => {
  if (skip) return
  mkdirSync(artifacts, { recursive: true })
  browser = await launchChromium()
  page = await openPage(browser, { errors: pageErrors, viewport: { width: 1280, height: 800 } })
})

after(async () => {
  await browser?.close()
})

const byTestId = (id) => page.getByTestId(id)

// The Element Plus select popper for the most recently opened dropdown.
const visiblePopper = () => page.locator('.el-popper:visible').last()

// Screenshots for the user guide: wait until toasts are gone and transitions have finished.
async function shot(name) {
  await page.waitForFunction(() => !document.querySelector('.el-message'), null, { timeout: 10_000 })
  await page.mouse.move(0, 0) // no hover highlight in the picture
  await page.waitForTimeout(400)
  await page.screenshot({ path: join(artifacts, name), fullPage: false })
}

test('admin signs in, builds org data, switches language and sees the audit trail', { skip, timeout: 240_000 }, async (t) => {
  // Steps share one browser page, so once one fails the rest are skipped (with a screenshot of
  // the failure in artifacts/) instead of each timing out.
  const step = stepper(t, 'shell', () => page)

  await step('signs in as admin', async () => {
    await page.goto(`${baseUrl}/employees`)
    // Not signed in yet: the router sends us to the login page and remembers where we were going.
    await page.waitForURL(/\/login/)
    await shot('login.png')
    await submitLogin(page, 'admin', adminPassword)
    await page.waitForURL(/\/employees$/)
    await byTestId('nav-departments').waitFor()
  })

  await step('creates a department', async () => {
    await byTestId('nav-departments').click()
    await page.waitForURL(/\/departments$/)
    await byTestId('dept-create').click()
    await byTestId('dept-name').fill(deptName)
    await byTestId('dept-code').fill(deptCode)
    await byTestId('dept-save').click()
    await byTestId('dept-table').getByText(deptName, { exact: true }).waitFor()
    await page.locator('.el-overlay-dialog').waitFor({ state: 'hidden' })
    await shot('departments.png')
  })

  await step('creates an employee in that department', async () => {
    await byTestId('nav-employees').click()
    await page.waitForURL(/\/employees$/)
    await byTestId('emp-create').click()
    await page.waitForURL(/\/employees\/new$/)
    await byTestId('emp-no').fill(empNo)
    await byTestId('emp-name').fill(empName)
    await byTestId('emp-email').fill(`${empNo.toLowerCase()}@example.com`)

    // Department: open the tree select and pick the new department.
    await page.locator('.el-form-item', { has: byTestId('emp-dept') }).locator('.el-select__wrapper').click()
    await visiblePopper().getByText(deptName, { exact: true }).click()

    // Hire date: type into the date picker (YYYY-MM-DD) and confirm with Enter.
    const hireDate = byTestId('emp-hire-date').locator('input')
    await hireDate.click()
    await hireDate.fill('2026-01-05')
    await hireDate.press('Enter')

    await byTestId('emp-save').click()
    await page.waitForURL(/\/employees\/\d+$/)
    assert.equal(await byTestId('emp-name').inputValue(), empName)
    await shot('employee-detail.png')

    // Back on the list, a search by number finds the employee with the department's name.
    await byTestId('nav-employees').click()
    await byTestId('emp-search').fill(empNo)
    await byTestId('emp-search').press('Enter')
    const row = byTestId('emp-table').locator('.el-table__row', { hasText: empNo })
    await row.waitFor()
    assert.match(await row.innerText(), new RegExp(deptName))
  })

  await step('switches the language to English and back to Chinese', async () => {
    const nav = byTestId('nav-departments')
    assert.match(await nav.innerText(), /部门/)
    // The choice becomes the account's language too (its e-mails and notifications follow it).
    const savedEn = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/me') && r.request().method() === 'PATCH')
    await byTestId('lang-switch').click()
    await byTestId('lang-option-en').click()
    await page.waitForFunction(() => document.documentElement.lang === 'en')
    assert.match(await nav.innerText(), /Departments/)
    const en = await savedEn
    assert.equal(en.status(), 200)
    assert.equal((await en.json()).locale, 'en')
    // Element Plus follows (pagination "Total" text comes from its own locale).
    await page.locator('.el-pagination__total', { hasText: 'Total' }).first().waitFor()
    await shot('employees-en.png')

    const savedZh = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/me') && r.request().method() === 'PATCH')
    await byTestId('lang-switch').click()
    await byTestId('lang-option-zh-CN').click()
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN')
    assert.match(await nav.innerText(), /部门/)
    assert.equal((await (await savedZh).json()).locale, 'zh-CN')
    // The choice survives a reload.
    await page.reload()
    await byTestId('nav-departments').waitFor()
    assert.match(await byTestId('nav-departments').innerText(), /部门/)
  })

  await step('the audit log shows the department creation', async () => {
    await byTestId('nav-audit').click()
    await page.waitForURL(/\/audit$/)
    const table = byTestId('audit-table')
    await table.locator('.el-table__row').first().waitFor()

    // Newest first: the employee came after the department. Expand department rows until one
    // shows our department in its "after" state.
    const deptRows = table.locator('.el-table__row', { hasText: /depart/i })
    const n = await deptRows.count()
    assert.ok(n > 0, 'no department entries in the audit log')
    let found = false
    for (let i = 0; i < Math.min(n, 10) && !found; i++) {
      const row = deptRows.nth(i)
      await row.locator('.el-table__expand-icon').click()
      const after = table.getByTestId('audit-after').filter({ hasText: deptName })
      found = (await after.count()) > 0
    }
    assert.ok(found, `no audit entry shows the creation of ${deptName}`)

    await byTestId('audit-verify').click()
    await byTestId('audit-verdict').waitFor()
    await shot('audit.png')
  })

  await step('every admin page opens without an error message', async () => {
    const pages = ['departments', 'positions', 'grades', 'employees', 'requisitions', 'candidates', 'users', 'audit', 'jobs',
      'notifications', 'settings']
    for (const name of pages) {
      await byTestId(`nav-${name}`).click()
      await page.waitForURL(new RegExp(`/${name}$`))
      await page.waitForFunction(() => !document.querySelector('.el-loading-mask:not([style*="display: none"])'))
      await page.waitForTimeout(300)
      const errors = await page.locator('.el-message--error').allInnerTexts()
      assert.deepEqual(errors, [], `error shown on /${name}`)
    }
  })

  await step('the jobs page lists background jobs with their status', async () => {
    await page.goto(`${baseUrl}/jobs`)
    await byTestId('jobs-table').locator('.el-table__row').first().waitFor()
    await byTestId('jobs-filter-done').click()
    await byTestId('jobs-table').locator('.el-table__row').first().waitFor()
    const statuses = await byTestId('jobs-table').locator('.el-tag').allInnerTexts()
    assert.ok(statuses.length > 0 && statuses.every((s) => /Done|已完成/.test(s)), statuses.join(','))
    await shot('jobs.png')
  })

  await step('works at phone width (375x812)', async () => {
    await page.setViewportSize({ width: 375, height: 812 })
    await page.goto(`${baseUrl}/employees`)
    await byTestId('emp-table').locator('.el-table__row').first().waitFor()
    // The side menu is a drawer here; the page itself must not scroll sideways.
    assert.equal(await byTestId('nav-departments').count(), 0)
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`)
    await shot('employees-phone.png')
    await byTestId('nav-toggle').click()
    await byTestId('nav-departments').waitFor()
    await shot('menu-phone.png')
  })

  assert.deepEqual(pageErrors, [], 'uncaught errors in the page')
})
