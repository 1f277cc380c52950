// What the scenario E2E tests (recruiting, interview) share: where the binary, web build and
// Chromium are, the server they run against (HIREFLOW_BASE_URL, or one they start themselves with
// demo data), and the headless Chromium they drive.
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { ADMIN_PASSWORD, Client, startServer } from '../harness.mjs'

const here = dirname(fileURLToPath(import.meta.url))
export const bin = process.env.HIREFLOW_BIN ?? join(here, '..', '..', 'build', 'hireflow')
export const webDist = process.env.HIREFLOW_WEB ?? join(here, '..', '..', 'web', 'dist')
export const chromiumPath = process.env.HIREFLOW_CHROMIUM ?? '/usr/bin/chromium'
export const images = join(here, '..', '..', 'docs', 'images')
export const artifacts = join(here, 'artifacts')
export const external = (process.env.HIREFLOW_BASE_URL ?? '').replace(/\/$/, '')

// Why the scenario cannot run here, or false. `needBinary`: the test also runs the CLI itself.
export function skipReason({ needBinary = false } = {}) {
  return (needBinary || !external) && !existsSync(bin) ? `no server binary at ${bin}`
    : !external && !existsSync(join(webDist, 'index.html')) ? `no web build at ${webDist}`
      : !existsSync(chromiumPath) ? `no chromium at ${chromiumPath}`
        : false
}

// The server to test and an administrator's API client on it. `server` is set only when this
// process started it (stop it in after()).
export async function openTarget() {
  let server, baseUrl, adminPassword
  if (external) {
    baseUrl = external
    adminPassword = process.env.HIREFLOW_ADMIN_PASSWORD ?? ADMIN_PASSWORD
  } else {
    server = await startServer({ seed: true })
    baseUrl = server.base
    adminPassword = ADMIN_PASSWORD
  }
  const api = new Client(baseUrl)
  await api.login('admin', adminPassword)
  return { server, baseUrl, adminPassword, api }
}

// Headless Chromium with the flags this machine needs (no sandbox as root, no GPU, no background
// network calls), plus `extraArgs` for one test (e.g. the fake camera).
export function launchChromium(extraArgs = []) {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', ...extraArgs],
  })
}

// Screenshot for the user guide, taken once toasts are gone and animations have settled.
export async function shot(page, name, opts = {}) {
  await page.waitForFunction(() => !document.querySelector('.el-message'), null, { timeout: 10_000 })
  await page.mouse.move(0, 0)
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'))
  await page.screenshot({ path: join(images, name), ...opts })
}

// Steps of one scenario as subtests: after the first failure the later steps are skipped (they build
// on it), and the page the scenario is on (`currentPage()`) is saved as artifacts/<prefix>-failure.png.
export function stepper(t, prefix, currentPage) {
  let failed = null
  return (name, fn) =>
    t.test(name, { skip: failed ? `"${failed}" failed` : false }, async () => {
      try {
        await fn()
      } catch (e) {
        failed = name
        await currentPage()?.screenshot({ path: join(artifacts, `${prefix}-failure.png`) }).catch(() => {})
        throw e
      }
    })
}
