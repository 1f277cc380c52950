// End-to-end check of the analytics dashboards against the real server, in Debian's Chromium: the
// quality-of-hire dashboard draws the scatter of interview totals against reviews from the seeded
// history (the canvas really has ink on it, the counts and fitted line are shown), the correlation
// table is downloaded as CSV and read back, the funnel opens the applications behind a figure, and
// the bias audit shows its impact-ratio bars. Screenshots for the user guide go to docs/images/
// (analytics-quality.png, analytics-funnel.png, analytics-audit.png).
//
// Server: HIREFLOW_BASE_URL and HIREFLOW_ADMIN_PASSWORD (as scripts/test.sh sets them), or else a
// fresh server started here with tests/harness.mjs (needs build/hireflow and web/dist). Either way
// the server was started with --seed-demo, which includes analytics::SeedDemo's 80 hires.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { artifacts, closeTarget, launchChromium, openPage, openTarget, shot as guideShot, signIn, skipReason, stepper } from './target.mjs'

const skip = skipReason()
let server, baseUrl, adminPassword, browser, page
const pageErrors = []

before(async () => {
  if (skip) return
  ;({ server, baseUrl, adminPassword } = await openTarget())
  browser = await launchChromium()
  page = await openPage(browser, { errors: pageErrors, viewport: { width: 1360, height: 900 }, acceptDownloads: true, timeout: 20_000 })
})

after(() => closeTarget(browser, server))

async function shot(name) {
  // The layout scrolls inside its main area: back to the top, so the picture starts at the title.
  await page.evaluate(() => document.querySelectorAll('*').forEach((e) => { if (e.scrollTop) e.scrollTop = 0 }))
  await guideShot(page, name)
}

// Share of the chart canvas's pixels that are not background: a drawn scatter has plenty.
const inkOf = (selector) => page.evaluate((sel) => {
  const c = document.querySelector(`${sel} canvas`)
  if (!c) return 0
  const ctx = c.getContext('2d')
  const { data } = ctx.getImageData(0, 0, c.width, c.height)
  let ink = 0
  for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && (data[i] < 235 || data[i + 1] < 235 || data[i + 2] < 235)) ink++
  return ink / (c.width * c.height)
}, selector)

test('analytics: quality-of-hire chart from seeded history, CSV export, funnel drill-down, bias audit', { skip, timeout: 300_000 }, async (t) => {
  const step = stepper(t, 'analytics', () => page)
  const id = (x) => page.getByTestId(x)

  await step('sign in and open the quality-of-hire dashboard', async () => {
    await signIn(page, baseUrl, { path: '/analytics/quality', password: adminPassword })
    await id('quality-correlations').locator('tbody tr').first().waitFor()
  })

  await step('the scatter is drawn with its fitted line from the seeded hires', async () => {
    await id('quality-fit').waitFor()
    assert.match(await id('quality-fit').innerText(), /拟合直线：绩效 = -?[\d.]+ \+ [\d.]+ × 面试总分/)
    const counts = await page.locator('[data-testid=analytics-quality] .help', { hasText: '位入职者有面试证据' }).innerText()
    const [, hires] = counts.match(/(\d+) 位入职者有面试证据/)
    assert.ok(Number(hires) >= 80, counts)
    await page.waitForFunction(() => document.querySelector('[data-testid=analytics-quality] [data-testid=echart] canvas'))
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'))
    const ink = await inkOf('[data-testid=analytics-quality] [data-testid=echart]')
    assert.ok(ink > 0.01, `chart ink ${ink}`)
    const first = await id('quality-correlations').locator('tbody tr').first().innerText()
    assert.match(first, /面试总分/)
    await id('prediction-validation').waitFor()
    assert.match(await id('prediction-validation').innerText(), /AUC 0\.\d{3}/)
    await id('prediction-run').click()
    await id('prediction-result').waitFor()
    await shot('analytics-quality.png')
  })

  await step('the correlation table downloads as CSV and reads back', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), id('quality-export-csv').click()])
    assert.equal(download.suggestedFilename(), 'quality_correlations.csv')
    const file = join(artifacts, 'analytics-quality_correlations.csv')
    await download.saveAs(file)
    const lines = readFileSync(file, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n')
    assert.equal(lines[0], 'feature,horizon_months,n,pearson_r,pearson_lo95,pearson_hi95,spearman_rho,spearman_lo95,spearman_hi95,warning')
    const row = lines.find((l) => l.startsWith('interview_total,3,'))
    assert.ok(row, lines.join('\n'))
    const [, , n, r] = row.split(',')
    assert.ok(Number(n) >= 80 && Number(r) > 0, row)
  })

  await step('the funnel opens the applications behind a figure', async () => {
    await page.goto(`${baseUrl}/analytics/funnel`)
    await id('funnel-stages').locator('tbody tr').first().waitFor()
    const hired = id('funnel-stages').locator('tbody tr').last()
    assert.match(await hired.innerText(), /已入职/)
    await hired.locator('.el-link').first().click()
    await id('funnel-drill').locator('tbody tr').first().waitFor()
    assert.match(await page.locator('.el-dialog').innerText(), /已入职：到达/)
    await page.keyboard.press('Escape')
    await page.locator('.el-dialog').waitFor({ state: 'hidden' })
    await shot('analytics-funnel.png')
  })

  await step('the bias audit shows impact-ratio bars and its date and data source', async () => {
    await page.goto(`${baseUrl}/analytics/audit`)
    await id('audit-summary').waitFor()
    assert.match(await id('audit-summary').innerText(), /审计日期\s+\d{4}-\d\d-\d\d/)
    await id('audit-table').locator('tbody tr').first().waitFor()
    await shot('analytics-audit.png')
  })

  assert.deepEqual(pageErrors, [])
})
