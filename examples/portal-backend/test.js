// Starts the sample portal backend on 127.0.0.1, uploads files from the shared test vectors and
// the examples, and checks its answers against the command line's (`destinations validate FILE
// --json`) and against the rows stored in SQLite.
//
// The command line: $DESTINATIONS, else the workspace's debug or release build
// (cargo build -p learner-destinations-cli).
'use strict'

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { spawnSync } = require('node:child_process')
const Database = require('better-sqlite3')
const { createServer } = require('./server.js')

const root = path.resolve(__dirname, '..', '..')
const AS_OF = '2025-09-01'
const FILES = [
  path.join(root, 'examples', 'destinations-upload.csv'),
  path.join(root, 'tests', 'vectors', 'uploads', 'over-long-cell.csv'),
  path.join(root, 'tests', 'vectors', 'uploads', 'destinations-spreadsheet-damage.xlsx'),
]

function cli() {
  if (process.env.DESTINATIONS) return process.env.DESTINATIONS
  const candidates = []
  for (const dir of [path.join(root, 'target'), path.join(root, 'target', 'x86_64-unknown-linux-gnu')]) {
    for (const profile of ['debug', 'release']) candidates.push(path.join(dir, profile, 'destinations'))
  }
  const found = candidates.filter((c) => fs.existsSync(c)).sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)
  if (found.length === 0) throw new Error(`no destinations binary in ${candidates.join(', ')}: cargo build -p learner-destinations-cli, or set DESTINATIONS`)
  return found[0]
}

function cliReport(file) {
  const run = spawnSync(cli(), ['validate', file, '--json', '--as-of', AS_OF], { encoding: 'utf8', maxBuffer: 1 << 28 })
  assert.ok(run.status === 0 || run.status === 1, `destinations exited ${run.status}: ${run.stderr}`)
  return JSON.parse(run.stdout)
}

async function started(t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-backend-'))
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }))
  const database = path.join(dir, 'portal.db')
  const server = createServer(database)
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.after(() => new Promise((resolve) => server.close(resolve)))
  const base = `http://127.0.0.1:${server.address().port}`
  return { base, database }
}

async function upload(base, file) {
  const res = await fetch(`${base}/uploads?asOf=${AS_OF}&file=${encodeURIComponent(path.basename(file))}`, {
    method: 'POST',
    body: fs.createReadStream(file),
    duplex: 'half',
  })
  return { status: res.status, body: await res.json() }
}

test('uploads: the counts are the command line\'s, the accepted rows are stored, the errors file is served', async (t) => {
  const { base, database } = await started(t)
  for (const file of FILES) {
    const expected = cliReport(file)
    const { status, body } = await upload(base, file)
    assert.equal(status, 201, JSON.stringify(body))
    for (const key of ['rows', 'accepted', 'rejected', 'warnings', 'errors']) {
      assert.equal(body.summary[key], expected.summary[key], `${path.basename(file)}: ${key}`)
    }
    assert.equal(body.summary.file, path.basename(file))
    assert.ok(body.errorsCsv.startsWith('\uFEFFUKPRN,'))

    const db = new Database(database, { readonly: true })
    const stored = db.prepare('SELECT * FROM destinations WHERE upload = ? ORDER BY row').all(body.upload)
    db.close()
    assert.equal(stored.length, expected.summary.accepted, `${path.basename(file)}: rows stored`)
    const rejectedRows = new Set(expected.findings.filter((f) => f.severity === 'error' && f.row !== null).map((f) => f.row))
    for (const r of stored) assert.ok(!rejectedRows.has(r.row), `row ${r.row} was rejected by the command line`)
    const served = await fetch(`${base}/uploads/${body.upload}/rows`).then((r) => r.json())
    assert.deepEqual(served, stored)

    const errors = await fetch(`${base}/uploads/${body.upload}/errors.csv`)
    assert.equal(errors.status, 200)
    assert.match(errors.headers.get('content-type'), /^text\/csv/)
    // The bytes as sent (a Response's text() would drop the byte-order mark).
    assert.equal(Buffer.from(await errors.arrayBuffer()).toString('utf8'), body.errorsCsv)
  }
  const history = await fetch(`${base}/uploads`).then((r) => r.json())
  assert.deepEqual(history.map((h) => h.file), FILES.map((f) => path.basename(f)))
})

test('a file that cannot be processed is a 422 with the catalogued code; the server keeps serving', async (t) => {
  const { base } = await started(t)
  const res = await fetch(`${base}/uploads?asOf=${AS_OF}`, { method: 'POST', body: 'Name,Code\nx,y\n' })
  assert.equal(res.status, 422)
  const body = await res.json()
  assert.deepEqual([body.code, body.category], ['missing_columns', 'input'])
  const bad = await fetch(`${base}/uploads?asOf=tomorrow`, { method: 'POST', body: 'x' })
  assert.equal(bad.status, 400)
  assert.equal((await bad.json()).code, 'option_invalid')
  assert.equal(await fetch(`${base}/health`).then((r) => r.text()), 'ok')
  assert.equal((await fetch(`${base}/uploads`).then((r) => r.json())).length, 0, 'nothing stored for a refused file')
})

test('the health check answers while a large upload is checked', async (t) => {
  const { base } = await started(t)
  const header = fs.readFileSync(FILES[0], 'utf8').split('\n')[0]
  const lines = [header]
  for (let i = 0; i < 100_000; i++) lines.push(`10012345,9276308686,L${i},20000008,Title,EMP1`)
  const pending = fetch(`${base}/uploads?asOf=${AS_OF}`, { method: 'POST', body: lines.join('\n') })
  const started_ = performance.now()
  let answered = 0
  let worst = 0
  let settled = false
  pending.then(() => { settled = true }, () => { settled = true })
  while (!settled && performance.now() - started_ < 60_000) {
    const t0 = performance.now()
    assert.equal(await fetch(`${base}/health`).then((r) => r.text()), 'ok')
    worst = Math.max(worst, performance.now() - t0)
    answered++
  }
  const res = await pending
  assert.equal(res.status, 201)
  assert.equal((await res.json()).summary.accepted, 100_000)
  assert.ok(answered >= 1, `${answered} health checks answered during the upload (slowest ${worst.toFixed(0)} ms)`)
})
