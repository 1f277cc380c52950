// End-to-end check of the go-live balances import with an Excel workbook, in Debian's Chromium: HR picks
// an .xlsx on the go-live tab of the payroll inputs page and checks it (dry run); the report names the
// bad row by the number the spreadsheet shows, and the good row counts as valid. Nothing is written,
// so the shared server keeps no trace besides the employees created here (unique numbers).
// Screenshot for the user guide: docs/images/payroll-opening-xlsx.png.
//
// Run: (cd tests && node --test e2e/payroll_xlsx.test.mjs), with HIREFLOW_BASE_URL or a build to start.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { closeTarget, launchChromium, openPage, openTarget, shot, signIn, skipReason, stepper } from './target.mjs'
import { makeXlsx, XLSX_TYPE } from '../xlsx.mjs'

const skip = skipReason()
const stamp = Date.now().toString(36).toUpperCase()
const goodNo = `XO${stamp}`
const badNo = `XB${stamp}`

let server, baseUrl, adminPassword, api, browser, page
const pageErrors = []

before(async () => {
  if (skip) return
  ;({ server, baseUrl, adminPassword, api } = await openTarget())
  for (const [no, name] of [[goodNo, `期初导入${stamp.slice(-4)}`], [badNo, `期初错误${stamp.slice(-4)}`]]) {
    const e = await api.post('/api/v1/employees', { employee_no: no, name, hire_date: '2020-01-01' })
    assert.equal(e.status, 201, e.text)
  }
  browser = await launchChromium()
  page = await openPage(browser, { errors: pageErrors })
})

after(() => closeTarget(browser, server))

test('payroll: go-live balances are checked from an Excel workbook', { skip, timeout: 120_000 }, async (t) => {
  const step = stepper(t, 'payroll-xlsx', () => page)
  const id = (testid) => page.getByTestId(testid)

  await step('HR signs in and opens the go-live tab, which says Excel workbooks are read', async () => {
    await signIn(page, baseUrl, { path: '/payroll/inputs', password: adminPassword })
    await page.locator('#tab-opening').click()
    const formats = id('opening-import').getByTestId('import-formats')
    await formats.waitFor()
    assert.match(await formats.innerText(), /Excel/)
    assert.match(await id('opening-file').getAttribute('accept'), /\.xlsx/)
  })

  await step('checking the workbook reports the bad row by its spreadsheet row number and field', async () => {
    const header = ['employee_no', 'tax_year', 'through_month', 'months_employed', 'income', 'tax_free_income',
      'special_deduction', 'special_additional_deduction', 'other_deduction', 'taxable_income', 'tax', 'withheld_tax']
    const book = makeXlsx([
      header,
      [goodNo, 2025, 2, 2, { n: '60000.000000000007' }, 0, { n: '9.0E3' }, 4000, 0, 37000, 1180, { n: '1.18E3' }],
      [],
      [badNo, 2025, 2, 2, 60000, 0, 9000, 4000, 0, 37001, 1180, 1180],
    ])
    await id('opening-file').setInputFiles({ name: '期初累计.xlsx', mimeType: XLSX_TYPE, buffer: book })
    await id('opening-check').click()
    const report = id('opening-report')
    const row = report.locator('tbody tr', { hasText: 'taxable_income' })
    await row.waitFor()
    const cells = await row.locator('td').allInnerTexts()
    assert.deepEqual(cells.slice(0, 2).map((c) => c.trim()), ['4', 'taxable_income'])
    assert.match(await report.locator('.el-alert').innerText(), /共 2 行，有效 1 行，已导入 0 行/)
    await shot(page, 'payroll-opening-xlsx.png')
    const listed = (await api.get('/api/v1/payroll/opening-balances?tax_year=2025&limit=500')).json.items
    assert.equal(listed.filter((x) => x.employee_no === goodNo).length, 0)  // a dry run writes nothing
    assert.deepEqual(pageErrors, [])
  })
})
