// The checker page (web/) in a real browser: Debian's Chromium driven by playwright-core,
// web/ served on 127.0.0.1. Each upload (the examples and the upload vectors under
// tests/vectors/) is chosen on the page as a user would; the counts shown must equal the
// CLI's (`destinations validate|learners|qualifications FILE --json`) and the downloaded
// errors file must be byte for byte the CLI's `--errors-csv` for the same input and as-of date.
// No request may go to any host but the page's own.
import test from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { ROOT, CLI, serve, launch, checkOnPage, download } from './page.mjs'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ld-wasm-browser-'))

/** The upload cases: the examples, the vector files, and vector texts written to files. */
function cases() {
  const out = [
    { name: 'examples/destinations-upload.csv', template: 'destinations', file: path.join(ROOT, 'examples', 'destinations-upload.csv'), ukprn: '10012345', asOf: '2025-09-01' },
    { name: 'examples/destinations-upload.csv, no UKPRN', template: 'destinations', file: path.join(ROOT, 'examples', 'destinations-upload.csv'), ukprn: '', asOf: '2015-07-01' },
    { name: 'examples/learners-import.csv', template: 'learners', file: path.join(ROOT, 'examples', 'learners-import.csv'), ukprn: '10012345', asOf: '2025-09-01' },
    { name: 'examples/learner-qualifications.csv', template: 'qualifications', file: path.join(ROOT, 'examples', 'learner-qualifications.csv') },
    { name: 'tests/vectors/uploads/over-long-cell.csv', template: 'destinations', file: path.join(ROOT, 'tests', 'vectors', 'uploads', 'over-long-cell.csv'), ukprn: '', asOf: '2025-09-01' },
  ]
  for (const [kind, template] of [['destinations_upload', 'destinations'], ['learners_upload', 'learners'], ['qualifications_upload', 'qualifications']]) {
    const doc = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests', 'vectors', `${kind}.json`), 'utf8'))
    // Vectors that the page can reproduce: a whole file (text or bytes), no inline lists or
    // exported file, and whose expectation is a processed upload.
    const usable = doc.cases.filter((c) =>
      (typeof c.input_text === 'string' || typeof c.input_base64 === 'string') &&
      c.lists === undefined && c.export_text === undefined && c.max_findings === undefined &&
      !(c.expected && typeof c.expected.error === 'string') &&
      !(Array.isArray(c.ukprns) && c.ukprns.length > 1))
    for (const [i, c] of usable.slice(0, 6).entries()) {
      const file = path.join(tmp, `${kind}-${i}.csv`)
      fs.writeFileSync(file, typeof c.input_text === 'string' ? c.input_text : Buffer.from(c.input_base64, 'base64'))
      const ukprn = template === 'destinations' ? (c.ukprn ?? '') : (c.ukprns?.[0] ?? '')
      out.push({ name: `${kind}: ${c.name ?? i}`, template, file, ukprn: String(ukprn), asOf: c.as_of ?? '2025-09-01' })
    }
  }
  return out
}

function cli(c) {
  const errors = path.join(tmp, `cli-${Math.random().toString(36).slice(2)}.errors.csv`)
  const args = [{ destinations: 'validate', learners: 'learners', qualifications: 'qualifications' }[c.template], c.file, '--json', '--errors-csv', errors]
  if (c.template !== 'qualifications') {
    if (c.ukprn) args.push('--ukprn', c.ukprn)
    if (c.asOf) args.push('--as-of', c.asOf)
  }
  const r = spawnSync(CLI, args, { encoding: 'utf8' })
  assert.ok(r.status === 0 || r.status === 1, `CLI ${args.join(' ')} exited ${r.status}: ${r.stderr}`)
  return { summary: JSON.parse(r.stdout).summary, errorsCsv: fs.readFileSync(errors) }
}

test('the page checks each upload as the CLI does, and nothing leaves the machine', async (t) => {
  assert.ok(fs.existsSync(CLI), `the CLI is not built at ${CLI}`)
  const { server, origin } = await serve()
  const { browser, context, requests } = await launch()
  try {
    const page = await context.newPage()
    const all = cases()
    assert.ok(all.length >= 10, `only ${all.length} cases`)
    for (const c of all) {
      await t.test(c.name, async () => {
        const shown = await checkOnPage(page, origin, c)
        assert.equal(shown.state, 'done', `the page said: ${shown.error}`)
        const expected = cli(c)
        assert.deepEqual(
          [shown.rows, shown.accepted, shown.rejected],
          [expected.summary.rows, expected.summary.accepted, expected.summary.rejected].map(String),
        )
        const errors = await download(page, 'download-errors')
        assert.ok(errors.equals(expected.errorsCsv), `errors file differs from the CLI's:\n${errors}\n---\n${expected.errorsCsv}`)
        const exported = await download(page, 'download-export')
        assert.equal(exported.subarray(0, 3).toString('hex'), 'efbbbf')
      })
    }
    // A file that cannot be processed: the page says why, with the core's code.
    await t.test('a file with no usable header is refused with its code', async () => {
      const bad = path.join(tmp, 'bad.csv')
      fs.writeFileSync(bad, 'Name,Code\nx,y\n')
      const shown = await checkOnPage(page, origin, { template: 'destinations', file: bad })
      assert.equal(shown.state, 'error')
      assert.match(shown.error, /\(missing_columns\)$/)
    })
    const foreign = requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('blob:') && !u.startsWith('data:'))
    assert.deepEqual(foreign, [], 'requests to another host')
    assert.ok(requests.some((u) => u.endsWith('.wasm')), 'the worker loaded the WebAssembly from the page\'s host')
  } finally {
    await browser.close()
    server.close()
  }
})
