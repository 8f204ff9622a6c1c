#!/usr/bin/env node
// Validating one large destinations upload through the Node package and through the Rust CLI,
// timed in one run, and the ratio Node / Rust (target: at most 1.15).
//
//   node benches/node-validate.mjs [FILE.csv] [--rows N] [--runs N] [--as-of YYYY-MM-DD]
//
// FILE.csv defaults to a realistic upload of --rows rows (default 1,000,000) generated once into
// the system's temporary directory (about 10% of rows rejected: bad check digits, unknown codes,
// duplicates; titles with commas and accents). Build both sides in the same profile first:
//
//   cargo build --release -p learner-destinations-cli --target x86_64-unknown-linux-gnu
//   (cd bindings-node && npm run build)
//
// The CLI is found at $DESTINATIONS_BIN, else target/<host>/release/destinations, else
// target/release/destinations. Two comparisons, over --runs runs each (default 5), alternating
// the two sides:
//   report:  validateDestinations(file, { keepAccepted: false })  vs  destinations validate --json
//   files:   the same with errorsCsv / acceptedCsv   vs  --errors-csv / --accepted-csv
// Each side is timed by the wall clock (best and median run) and by the CPU time it used (user +
// system, median; for Node the whole process, libuv's worker thread included, read with
// process.cpuUsage(); for the CLI its process, read from /proc/self/stat's children times, so
// Linux only). On a machine shared with other work the best wall time and the CPU time are the
// steadier figures. The CLI's time includes starting its process (a few milliseconds); Node's is
// the call alone, findings turned into JavaScript objects included.

import { spawnSync, execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const ld = require(path.join(root, 'bindings-node'))

function parseArgs(argv) {
  const args = { file: null, rows: 1_000_000, runs: 5, asOf: '2025-09-01' }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--rows') args.rows = Number(argv[++i])
    else if (a === '--runs') args.runs = Number(argv[++i])
    else if (a === '--as-of') args.asOf = argv[++i]
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`)
    else args.file = a
  }
  if (!Number.isInteger(args.rows) || args.rows < 1) throw new Error('--rows needs a whole number')
  if (!Number.isInteger(args.runs) || args.runs < 1) throw new Error('--runs needs a whole number')
  return args
}

/** A small deterministic generator (mulberry32), so the same file is generated every time. */
function random(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Valid ULNs (the check digit found with the library itself), and one with a wrong digit each. */
function ulnPool(n, rnd) {
  const valid = []
  const wrong = []
  while (valid.length < n) {
    const stem = String(1_000_000_000 + Math.floor(rnd() * 8_999_999_999)).slice(0, 9)
    for (let d = 0; d < 10; d++) {
      if (ld.checkUln(stem + d) === null) {
        valid.push(stem + d)
        wrong.push(stem + ((d + 1) % 10))
        break
      }
    }
  }
  return { valid, wrong }
}

function generate(file, rows) {
  const rnd = random(20250901)
  const { valid, wrong } = ulnPool(5000, rnd)
  const codes = ['EMP1', 'EMP 1', 'emp2', 'WMCA1.0', 'WMCA1.1', 'EDU2', 'EDU1', 'NPE1', 'GAP1', 'VOL1', 'OTH3', 'SDE1']
  const titles = [
    'ICT for Users',
    'Health and Social Care, Level 2',
    'Café skills – level 1',
    'Functional Skills Mathematics',
    'Non regulated SFA formula funded provision, Level 1, Health and Social Care',
  ]
  const out = fs.createWriteStream(file)
  const header = 'UKPRN,Unique Learner Number,Learner Reference Number,Learning Aim Reference,Learning Aim Title,Destination Code\r\n'
  let chunk = header
  for (let i = 0; i < rows; i++) {
    const learner = Math.floor(rnd() * valid.length)
    const r = rnd()
    const uln = r < 0.04 ? wrong[learner] : r < 0.05 ? '4.60E+09' : valid[learner]
    const code = rnd() < 0.03 ? 'EMP9' : codes[Math.floor(rnd() * codes.length)]
    const title = titles[Math.floor(rnd() * titles.length)]
    const quoted = title.includes(',') ? `"${title}"` : title
    // About 2% repeat an earlier row's enrolment (a duplicate destination).
    const ref = rnd() < 0.02 && i > 0 ? `L${i - 1}` : `L${i}`
    chunk += `10012345,${uln},${ref},${String(60000000 + (i % 9973))},${quoted},${code}\r\n`
    if (chunk.length > 1 << 20) {
      out.write(chunk)
      chunk = ''
    }
  }
  out.write(chunk)
  return new Promise((resolve, reject) => {
    out.on('error', reject)
    out.end(resolve)
  })
}

function findCli() {
  const host = execFileSync('rustc', ['-vV'], { encoding: 'utf8' }).match(/^host: (.+)$/m)?.[1]
  const candidates = [
    process.env.DESTINATIONS_BIN,
    host && path.join(root, 'target', host, 'release', 'destinations'),
    path.join(root, 'target', 'release', 'destinations'),
  ].filter(Boolean)
  const found = candidates.find((c) => fs.existsSync(c))
  if (!found) {
    throw new Error(
      `no release build of the CLI (looked at ${candidates.join(', ')}); run: cargo build --release -p learner-destinations-cli --target ${host}`,
    )
  }
  return found
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const best = (xs) => Math.min(...xs)

/** This process's CPU time (user + system, all threads), in milliseconds. */
const ownCpuMs = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

/** CPU time of this process's finished children (user + system), in milliseconds. */
const childrenCpuMs = () => {
  const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ')
  const ticks = Number(fields[13]) + Number(fields[14]) // cutime, cstime
  return (ticks * 1000) / 100 // USER_HZ is 100 on Linux
}

async function timeNode(file, options) {
  const cpu = ownCpuMs()
  const start = process.hrtime.bigint()
  const report = await ld.validateDestinations(file, options)
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, cpu: ownCpuMs() - cpu, report }
}

function timeCli(bin, args) {
  const cpu = childrenCpuMs()
  const start = process.hrtime.bigint()
  const run = spawnSync(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] })
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  if (run.status !== 0 && run.status !== 1) {
    throw new Error(`${bin} ${args.join(' ')} failed (${run.status}): ${run.stderr}`)
  }
  return { ms, cpu: childrenCpuMs() - cpu }
}

async function main() {
  const args = parseArgs(process.argv.slice(2))
  let file = args.file
  if (file === null) {
    file = path.join(os.tmpdir(), `learner-destinations-bench-${args.rows}.csv`)
    if (!fs.existsSync(file)) {
      console.log(`generating ${args.rows.toLocaleString('en-GB')} rows into ${file} ...`)
      await generate(file, args.rows)
    }
  }
  const bin = findCli()
  const size = fs.statSync(file).size
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'learner-destinations-bench-out-'))
  const nodeFiles = { errorsCsv: path.join(out, 'node-errors.csv'), acceptedCsv: path.join(out, 'node-accepted.csv') }
  const cliFiles = ['--errors-csv', path.join(out, 'cli-errors.csv'), '--accepted-csv', path.join(out, 'cli-accepted.csv')]
  const base = { asOf: args.asOf, keepAccepted: false }
  const cliBase = ['validate', file, '--as-of', args.asOf, '--json']

  // One warm-up of each (file cache, lazy initialisation), checked to agree.
  const { report } = await timeNode(file, base)
  timeCli(bin, cliBase)
  const s = report.summary
  console.log(
    `${file}: ${(size / 1e6).toFixed(1)} MB, ${s.rows.toLocaleString('en-GB')} rows (${s.accepted.toLocaleString('en-GB')} accepted, ${s.rejected.toLocaleString('en-GB')} rejected, ${report.findings.length.toLocaleString('en-GB')} findings)`,
  )
  console.log(`Node ${process.version}, CLI ${bin}, ${args.runs} runs each, load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs`)

  const results = []
  for (const [name, nodeOptions, cliArgs] of [
    ['report', base, cliBase],
    ['files', { ...base, ...nodeFiles }, [...cliBase, ...cliFiles]],
  ]) {
    const node = []
    const cli = []
    for (let i = 0; i < args.runs; i++) {
      node.push(await timeNode(file, nodeOptions))
      cli.push(timeCli(bin, cliArgs))
    }
    const ms = (xs) => xs.map((x) => x.ms)
    const cpu = (xs) => xs.map((x) => x.cpu)
    results.push({
      name,
      best: [best(ms(node)), best(ms(cli))],
      median: [median(ms(node)), median(ms(cli))],
      cpu: [median(cpu(node)), median(cpu(cli))],
    })
  }
  if (fs.readFileSync(nodeFiles.errorsCsv, 'utf8') !== fs.readFileSync(path.join(out, 'cli-errors.csv'), 'utf8')) {
    throw new Error('the Node and CLI errors files differ')
  }
  fs.rmSync(out, { recursive: true, force: true })

  console.log('\n| comparison | measure | Node (ms) | Rust CLI (ms) | Node / Rust |')
  console.log('|---|---|---:|---:|---:|')
  const ratio = ([n, c]) => n / c
  for (const r of results) {
    for (const m of ['best', 'median', 'cpu']) {
      const label = { best: 'wall, best run', median: 'wall, median', cpu: 'CPU time, median' }[m]
      console.log(`| ${r.name} | ${label} | ${r[m][0].toFixed(0)} | ${r[m][1].toFixed(0)} | ${ratio(r[m]).toFixed(3)} |`)
    }
  }
  const worst = Math.max(...results.map((r) => ratio(r.best)))
  console.log(`\nworst best-run ratio ${worst.toFixed(3)}: ${worst <= 1.15 ? 'within' : 'OVER'} the 1.15 target`)
}

main().catch((e) => {
  console.error(e.message)
  process.exit(2)
})
