#!/usr/bin/env node
// The longest stall of the event loop while the Node package validates one large destinations
// upload with its default options (target: at most 50 ms for 1,000,000 rows).
//
//   node benches/node-event-loop.mjs [FILE.csv] [--runs N] [--as-of YYYY-MM-DD] [--rows-too]
//
// FILE.csv defaults to benches/data/destinations-1m.csv, written by
//   cargo run --release -p learner-destinations-benches --bin generate-upload
// Build the package in the release profile first (cd bindings-node && npm run build).
//
// A `setInterval(1 ms)` timer runs throughout `await validateDestinations(file, { asOf })`
// (nothing else: every other option at its default, so accepted rows and both CSV files are
// kept); the longest gap between two ticks, less the 1 ms asked for, is the longest stall. The
// figure printed for each run: the stall, the run's wall time and the ticks seen. With
// --rows-too it then also walks every accepted row with `for await` and reports that stall.
// After each run the same timer watches an idle loop for as long as the run took: the longest
// gap there is the machine's own noise (another process holding the CPU), printed beside the
// run's with the load average, so a stall can be told apart from a busy machine.

import { createRequire } from 'node:module'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
// LD_PACKAGE: another build of the package to measure (a folder with its index.js).
const ld = require(process.env.LD_PACKAGE ?? path.join(root, 'bindings-node'))

const args = { file: path.join(root, 'benches/data/destinations-1m.csv'), runs: 3, asOf: '2025-09-01', rowsToo: false }
const argv = process.argv.slice(2)
for (let i = 0; i < argv.length; i++) {
  const a = argv[i]
  if (a === '--runs') args.runs = Number(argv[++i])
  else if (a === '--as-of') args.asOf = argv[++i]
  else if (a === '--rows-too') args.rowsToo = true
  else if (a.startsWith('--')) throw new Error(`unknown argument ${a}`)
  else args.file = a
}
if (!fs.existsSync(args.file)) {
  console.error(`${args.file} does not exist: cargo run --release -p learner-destinations-benches --bin generate-upload`)
  process.exit(2)
}

async function watched(work) {
  let last = performance.now()
  let worst = 0
  let ticks = 0
  const timer = setInterval(() => {
    const now = performance.now()
    worst = Math.max(worst, now - last)
    last = now
    ticks++
  }, 1)
  const started = performance.now()
  const value = await work()
  const wall = performance.now() - started
  // The gap up to the promise's settling counts too.
  worst = Math.max(worst, performance.now() - last)
  clearInterval(timer)
  return { value, wall, ticks, stall: Math.max(0, worst - 1) }
}

const bytes = fs.statSync(args.file).size
console.log(`file: ${args.file} (${(bytes / 1e6).toFixed(1)} MB), Node ${process.version}`)
const stalls = []
const idles = []
for (let run = 1; run <= args.runs; run++) {
  const { value: report, wall, ticks, stall } = await watched(() => ld.validateDestinations(args.file, { asOf: args.asOf }))
  stalls.push(stall)
  const idle = await watched(() => new Promise((resolve) => setTimeout(resolve, wall)))
  idles.push(idle.stall)
  console.log(
    `run ${run}: longest stall ${stall.toFixed(1)} ms; wall ${wall.toFixed(0)} ms; ${ticks} ticks; ` +
      `${report.summary.rows} rows, ${report.summary.accepted} accepted, ${report.findings.length} findings; ` +
      `idle loop over the same time: ${idle.stall.toFixed(1)} ms; load average ${os.loadavg()[0].toFixed(1)}`,
  )
  if (args.rowsToo) {
    const walk = await watched(async () => {
      let n = 0
      for await (const row of report.accepted) if (row.row > 0) n++
      return n
    })
    console.log(`  for await over ${walk.value} accepted rows: longest stall ${walk.stall.toFixed(1)} ms; wall ${walk.wall.toFixed(0)} ms`)
  }
}
stalls.sort((a, b) => a - b)
idles.sort((a, b) => a - b)
console.log(`longest stall: worst ${stalls[stalls.length - 1].toFixed(1)} ms, median ${stalls[Math.floor(stalls.length / 2)].toFixed(1)} ms (target <= 50 ms)`)
console.log(`idle loop: worst ${idles[idles.length - 1].toFixed(1)} ms, median ${idles[Math.floor(idles.length / 2)].toFixed(1)} ms; load average now ${os.loadavg().map((l) => l.toFixed(1)).join(', ')}`)
