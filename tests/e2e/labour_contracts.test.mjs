// End-to-end check of existing labour contracts (employees hired outside onboarding), in Debian's
// Chromium against the real server: HR records an imported employee's fixed-term contract on the
// employee page and sees the "fixed term ending" alert; HR imports contracts from a CSV in the import
// wizard (the dry run names the bad row and field; "skip invalid rows" imports the good one).
// Screenshots for the user guide: docs/images/hiring-employee-contracts.png, hiring-contracts-import.png.
//
// Server: HIREFLOW_BASE_URL and HIREFLOW_ADMIN_PASSWORD, or a fresh server started here.
// Run: (cd tests && node --test e2e/labour_contracts.test.mjs)
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { importEmployees, shanghaiDate } from '../harness.mjs'
import { closeTarget, launchChromium, openPage, openTarget, shot, signIn, skipReason, stepper } from './target.mjs'

const skip = skipReason()

// Unique per run: the database may already hold data from other scenarios.
const stamp = Date.now().toString(36).toUpperCase()
const employeeNo = `LC${stamp}`
const employeeName = `周建国${stamp.slice(-4)}`
const importNo = `LCI${stamp}`
const badNo = `LCX${stamp}`

let server, baseUrl, adminPassword, api, browser, admin
let employeeId, importId, badId
const pageErrors = []

before(async () => {
  if (skip) return
  ;({ server, baseUrl, adminPassword, api } = await openTarget())
  // Employees hired outside onboarding: imported from CSV, with no contract on record.
  const imported = await importEmployees(api, [[employeeNo, employeeName, '2023-03-01'],
    [importNo, `陈合同${stamp.slice(-4)}`, '2022-07-01'], [badNo, `吴试用${stamp.slice(-4)}`, '2022-07-01']])
  ;[employeeId, importId, badId] = [employeeNo, importNo, badNo].map((no) => imported[no].id)

  browser = await launchChromium()
  admin = await openPage(browser, { errors: pageErrors, label: 'admin' })
})

after(() => closeTarget(browser, server))

// el-date-picker passes data-testid to its input or to a wrapper, depending on the version.
async function fillDate(page, testid, value) {
  const el = page.getByTestId(testid)
  const input = (await el.evaluate((n) => n.tagName)) === 'INPUT' ? el : el.locator('input').first()
  await input.fill(value)
  await input.press('Enter')
}

test('existing labour contracts: recorded on the employee page and imported from a CSV', { skip, timeout: 300_000 }, async (t) => {
  let current = admin
  const step = stepper(t, 'labour-contracts', () => current)
  const id = (testid) => admin.getByTestId(testid)

  await step('HR signs in', async () => {
    await signIn(admin, baseUrl, { password: adminPassword })
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
    await shot(admin, 'hiring-employee-contracts.png')
  })

  await step('HR imports existing contracts from a CSV: the dry run names the bad row and field, skipping it imports the good one', async () => {
    await admin.goto(`${baseUrl}/employees`)
    await id('emp-contract-import').click()
    await admin.waitForURL(/\/employees\/contracts\/import$/)
    const csv = [
      'employee_no,contract_type,start_date,end_date,probation_end,signed_on,monthly_salary,city,note',
      `${importNo},fixed,2022-07-01,2025-06-30,2022-09-30,2022-06-25,13000,hangzhou,纸质合同`,
      // A one-year term allows at most two months of probation (劳动合同法第19条).
      `${badNo},fixed,2022-07-01,2023-06-30,2022-10-31,2022-06-25,9000,hangzhou,试用期过长`,
    ].join('\n') + '\n'
    await id('contract-import-file').setInputFiles({ name: 'contracts.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
    const checked = admin.waitForResponse((r) => r.url().includes('/api/v1/labour-contracts/import') && r.url().includes('dry_run=true'))
    await id('contract-import-check').click()
    assert.equal((await checked).status(), 200)
    await id('contract-import-total').waitFor()
    assert.equal((await id('contract-import-total').innerText()).trim(), '2')
    assert.equal((await id('contract-import-valid').innerText()).trim(), '1')
    const problems = await id('contract-import-problems').locator('tbody tr').allInnerTexts()
    assert.equal(problems.length, 1, problems.join(' / '))
    assert.match(problems[0], /^\s*2\s+probation_end\s[\s\S]*劳动合同法/, 'the second data row, field probation_end, with the rule')
    // All or nothing: importing is offered only once the bad row is to be skipped.
    assert.equal(await id('contract-import-commit').isDisabled(), true)
    assert.deepEqual((await api.get(`/api/v1/labour-contracts?employee_id=${importId}`)).json.items, [], 'the dry run wrote nothing')
    await shot(admin, 'hiring-contracts-import.png', { fullPage: true })

    await id('contract-import-skip').click()
    const done = admin.waitForResponse((r) => r.url().includes('/api/v1/labour-contracts/import') && r.url().includes('dry_run=false'))
    await id('contract-import-commit').click()
    const res = await done
    assert.equal(res.status(), 200, await res.text())
    assert.equal((await res.json()).imported, 1)
    await id('contract-import-result').waitFor()
    const recorded = (await api.get(`/api/v1/labour-contracts?employee_id=${importId}`)).json.items
    assert.deepEqual(recorded.map((k) => [k.start_date, k.end_date, k.probation_months, k.status]), [['2022-07-01', '2025-06-30', 3, 'signed']])
    assert.deepEqual((await api.get(`/api/v1/labour-contracts?employee_id=${badId}`)).json.items, [], 'the skipped row is not recorded')
  })

  await step('no script errors on any page', async () => {
    assert.deepEqual(pageErrors, [])
  })
})
