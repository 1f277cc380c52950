// What the scenario E2E tests share: where the binary, web build and Chromium are, the server they run
// against (HIREFLOW_BASE_URL, or one they start themselves with demo data), the headless Chromium they
// drive, its pages, signing in, screenshots and steps.
import assert from 'node:assert/strict'
import { existsSync, mkdirSync } from 'node:fs'
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

// The server to test and an administrator's API client on it, with the folders for screenshots and
// artifacts made. `server` is set only when this process started it (closeTarget stops it).
export async function openTarget() {
  mkdirSync(images, { recursive: true })
  mkdirSync(artifacts, { recursive: true })
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

// For after(): closes the browser and stops the server this process started (either may be unset).
export async function closeTarget(browser, server) {
  await browser?.close()
  await server?.stop()
}

// A phone's screen (390x844, touch), for openPage or browser.newContext.
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }

// A page in a new browser context: a desktop of 1280x860 in Chinese unless told otherwise (other
// context options pass through), actions time out after `timeout` ms, and uncaught page errors are
// collected into `errors`, prefixed with `label` when there is one. The context is page.context().
export async function openPage(browser, { errors, label, timeout = 15_000, viewport = { width: 1280, height: 860 }, locale = 'zh-CN', ...options }) {
  const context = await browser.newContext({ viewport, locale, ...options })
  context.setDefaultTimeout(timeout)
  const page = await context.newPage()
  page.on('pageerror', (e) => errors.push(label ? `${label}: ${e}` : `${e}`))
  return page
}

// Fills in the login form the page shows and submits it.
export async function submitLogin(page, username, password) {
  await page.getByTestId('login-username').fill(username)
  await page.getByTestId('login-password').fill(password)
  await page.getByTestId('login-submit').click()
}

// Signs in through the login page. With `path`: opens that page, is sent to the login page and, once
// signed in, waits to be back on `path`. Without: opens the login page and waits to leave it.
export async function signIn(page, baseUrl, { path, username = 'admin', password }) {
  await page.goto(`${baseUrl}${path ?? '/login'}`)
  if (path) await page.waitForURL(/\/login/)
  await submitLogin(page, username, password)
  await page.waitForURL(path ? (u) => u.pathname === path : (u) => !u.pathname.startsWith('/login'))
}

// Sends the careers form the page shows for plan `planId` (the server must accept it) and waits for the
// thank-you: the new application's id.
export async function submitApplication(page, planId) {
  const applied = page.waitForResponse((r) => r.url().endsWith(`/api/v1/careers/${planId}/apply`))
  await page.getByTestId('apply-submit').click()
  const res = await applied
  assert.equal(res.status(), 201, await res.text())
  const { application_id } = await res.json()
  await page.getByTestId('apply-done').waitFor()
  return application_id
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
