// The hostile corpus (tests/hostile/manifest.json) through Node: every case ends with the
// catalogued error or the summary and findings its manifest entry states (the same comparison as
// the Rust runner, tests/run_hostile.rs), never a crash of the process, through the Promise API
// (the work off the JavaScript thread) and the synchronous one. The process's peak memory while
// a case is read stays within the corpus's bound (Linux, where the peak can be reset). The large
// cases are made by the generator the Rust runner uses, the `hostile-generate` binary
// (HOSTILE_GENERATE names it; else the one `cargo test --workspace --all-targets` built, else
// `cargo run`).
'use strict'

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const ld = require('..')

const REPO_ROOT = path.join(__dirname, '..', '..')
const HOSTILE_DIR = path.join(REPO_ROOT, 'tests', 'hostile')
const MANIFEST = JSON.parse(fs.readFileSync(path.join(HOSTILE_DIR, 'manifest.json'), 'utf8'))

function generator() {
  if (process.env.HOSTILE_GENERATE) return [process.env.HOSTILE_GENERATE, []]
  const target = process.env.CARGO_TARGET_DIR || path.join(REPO_ROOT, 'target')
  const triple = process.env.CARGO_BUILD_TARGET || ''
  for (const candidate of [
    path.join(target, triple, 'debug', 'hostile-generate'),
    path.join(target, 'debug', 'hostile-generate'),
  ]) {
    if (fs.existsSync(candidate)) return [candidate, []]
  }
  return ['cargo', ['run', '--quiet', '-p', 'learner-destinations-vectors', '--bin', 'hostile-generate', '--']]
}

/** Every case's file by name (the generator prints one path per case, in manifest order). */
function caseFiles() {
  const [program, args] = generator()
  // The generated cases go to tests/hostile/generated/ (not committed), made once.
  const folder = path.join(HOSTILE_DIR, 'generated')
  const out = execFileSync(program, [...args, folder], { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 1 << 20 })
  const paths = out.split('\n').filter((l) => l.trim() !== '')
  assert.equal(paths.length, MANIFEST.cases.length, out)
  return new Map(MANIFEST.cases.map((c, i) => [c.name, paths[i]]))
}

function statusKib(field) {
  try {
    const line = fs
      .readFileSync('/proc/self/status', 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${field}:`))
    return line ? Number(line.split(/\s+/)[1]) : null
  } catch {
    return null
  }
}

/** Resets the process's peak resident memory (VmHWM), as the Rust runner does (Linux). */
function resetPeak() {
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5')
    return true
  } catch {
    return false
  }
}

function shape(report) {
  const s = report.summary
  assert.equal(s.rows, s.accepted + s.rejected, 'every row accepted or rejected')
  return {
    summary: { rows: s.rows, accepted: s.accepted, rejected: s.rejected, blank_rows_skipped: s.blankRowsSkipped },
    findings: report.findings.map((f) => ({ code: f.code, row: f.row })),
  }
}

function refusal(e) {
  assert.ok(e instanceof Error, `an Error, not ${e}`)
  assert.equal(typeof e.code, 'string', `a catalogued code on ${e}`)
  return { error: e.code, message: e.message }
}

function check(c, actual) {
  const expect = c.expect
  if (expect.error !== undefined) {
    // The limit that stopped the reader is named by the Rust runner (Error::WorkbookTooLarge
    // carries it); here the catalogued code is what callers see.
    assert.equal(actual.error, expect.error, JSON.stringify(actual))
  } else {
    assert.equal(actual.error, undefined, JSON.stringify(actual))
    assert.deepEqual(actual.summary, expect.summary)
    assert.deepEqual(actual.findings, expect.findings)
  }
}

const options = (c) => ({ asOf: c.as_of || '2025-09-01', keepAccepted: false })

test('the hostile corpus', async (t) => {
  const files = caseFiles()
  for (const c of MANIFEST.cases) {
    await t.test(c.name, async () => {
      const file = files.get(c.name)
      const size = fs.statSync(file).size
      assert.ok(size <= c.max_file_bytes, `${size} bytes, more than the ${c.max_file_bytes} stated`)
      const measured = resetPeak()
      const before = statusKib('VmRSS') || 0
      const viaPromise = await ld.validateDestinations(file, options(c)).then(shape, refusal)
      check(c, viaPromise)
      let viaSync
      try {
        viaSync = shape(ld.validateDestinationsSync({ path: file }, options(c)))
      } catch (e) {
        viaSync = refusal(e)
      }
      check(c, viaSync)
      const peak = statusKib('VmHWM')
      if (measured && peak !== null) {
        // Node and the addon were resident before the case: the bound is on what reading the
        // case added to them.
        const grownMib = Math.max(peak - before, 0) / 1024
        assert.ok(grownMib <= MANIFEST.peak_memory_mib, `${c.name}: grew ${grownMib.toFixed(0)} MiB`)
      }
    })
  }
})
