// Shared by the browser test and the browser benchmark: a static file server for web/ on
// 127.0.0.1, headless Chromium (Debian's, through playwright-core), and the page driven as a
// user would drive it.
import http from 'node:http'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const here = path.dirname(fileURLToPath(import.meta.url))
export const ROOT = path.resolve(here, '..', '..')
export const WEB = path.join(ROOT, 'web')
export const CLI = process.env.DESTINATIONS_BIN ??
  path.join(ROOT, 'target', 'x86_64-unknown-linux-gnu', 'debug', 'destinations')

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.ts': 'text/plain; charset=utf-8',
}

/** Serves `dir` on 127.0.0.1 (a free port); resolves to { server, origin }. */
export function serve(dir = WEB) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1')
    const rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)
    const file = path.join(dir, path.normalize(rel))
    if (!file.startsWith(dir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end('not found')
      return
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' })
    fs.createReadStream(file).pipe(res)
  })
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${server.address().port}` }))
  })
}

export async function launch() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox'],
  })
  const context = await browser.newContext({ acceptDownloads: true })
  const requests = []
  context.on('request', (r) => requests.push(r.url()))
  return { browser, context, requests }
}

/**
 * Opens the page, fills the form and chooses `file`; resolves when the check has finished, to
 * what the page shows: { state, rows, accepted, rejected, error, elapsedMs }.
 */
export async function checkOnPage(page, origin, { template, ukprn = '', asOf = '', file, timeout = 120_000 }) {
  await page.goto(`${origin}/index.html`)
  await page.selectOption('[data-testid=template-select]', template)
  if (template !== 'qualifications') {
    await page.fill('[data-testid=ukprn-input]', ukprn)
    if (asOf) await page.fill('[data-testid=as-of-input]', asOf)
  }
  await page.setInputFiles('[data-testid=file-input]', file)
  await page.waitForSelector('body[data-state=done], body[data-state=error]', { timeout })
  return page.evaluate(() => ({
    state: document.body.dataset.state,
    rows: document.querySelector('[data-testid=summary-rows]').textContent,
    accepted: document.querySelector('[data-testid=summary-accepted]').textContent,
    rejected: document.querySelector('[data-testid=summary-rejected]').textContent,
    error: document.getElementById('error').textContent,
    elapsedMs: Number(document.body.dataset.elapsedMs),
  }))
}

/** The bytes of the file behind a download link. */
export async function download(page, testid) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid=${testid}]`)])
  return fs.readFileSync(await dl.path())
}
