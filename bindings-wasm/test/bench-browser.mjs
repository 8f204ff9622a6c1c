// Benchmark, in one run: validation of FILE (a destinations upload) by the native CLI and by
// the checker page in headless Chromium (the worker's validation time), and the page's longest
// main-thread stall meanwhile (a 10 ms timer's longest gap, and the longest "longtask").
//
//   node bindings-wasm/test/bench-browser.mjs FILE [--ukprn N] [--as-of DATE] [--cli PATH]
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { CLI, serve, launch, checkOnPage } from './page.mjs'

const args = process.argv.slice(2)
const file = args[0]
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt)
const ukprn = opt('--ukprn', '10012345')
const asOf = opt('--as-of', '2025-09-01')
const cli = opt('--cli', CLI)
if (!file || !fs.existsSync(file)) {
  console.error('usage: bench-browser.mjs FILE [--ukprn N] [--as-of DATE] [--cli PATH]')
  process.exit(2)
}
const bytes = fs.statSync(file).size

const t0 = process.hrtime.bigint()
// The same work as the page: every finding kept (and printed), the errors file and the export.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ld-bench-'))
const native = spawnSync(cli, ['validate', file, '--ukprn', ukprn, '--as-of', asOf, '--json',
  '--errors-csv', path.join(tmp, 'errors.csv'), '--accepted-csv', path.join(tmp, 'accepted.csv')], { encoding: 'utf8', maxBuffer: 1 << 30 })
const nativeMs = Number(process.hrtime.bigint() - t0) / 1e6
if (native.status !== 0 && native.status !== 1) throw new Error(`CLI exited ${native.status}: ${native.stderr}`)
const nativeSummary = JSON.parse(native.stdout).summary

const { server, origin } = await serve()
const { browser, context, requests } = await launch()
try {
  const page = await context.newPage()
  await page.goto(`${origin}/index.html`)
  const w0 = Date.now()
  const probe = async () => page.evaluate(() => {
    window.__stall = { max: 0, last: performance.now(), longtask: 0 }
    setInterval(() => {
      const t = performance.now()
      window.__stall.max = Math.max(window.__stall.max, t - window.__stall.last)
      window.__stall.last = t
    }, 10)
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) window.__stall.longtask = Math.max(window.__stall.longtask, e.duration)
    }).observe({ type: 'longtask' })
  })
  page.on('load', () => { probe().catch(() => {}) })
  // checkOnPage reloads the page; the probe is installed on load.
  const shown = await checkOnPage(page, origin, { template: 'destinations', ukprn, asOf, file, timeout: 1_800_000 })
  const wallMs = Date.now() - w0
  const stall = await page.evaluate(() => window.__stall)
  const rows = Number(shown.rows)
  const foreign = requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('blob:'))
  const out = {
    file, bytes, rows,
    nativeMs: Math.round(nativeMs), nativeRowsPerSec: Math.round(nativeSummary.rows / (nativeMs / 1000)),
    wasmWorkerMs: Math.round(shown.elapsedMs), wasmRowsPerSec: Math.round(rows / (shown.elapsedMs / 1000)),
    pageWallMs: wallMs,
    throughputRatio: Number((nativeMs / shown.elapsedMs).toFixed(3)),
    countsEqual: [shown.rows, shown.accepted, shown.rejected].join() === [nativeSummary.rows, nativeSummary.accepted, nativeSummary.rejected].join(),
    longestTimerGapMs: Math.round(stall.max), longestLongTaskMs: Math.round(stall.longtask),
    foreignRequests: foreign.length,
  }
  console.log(JSON.stringify(out, null, 2))
} finally {
  await browser.close()
  server.close()
  fs.rmSync(tmp, { recursive: true, force: true })
}
