// validateDestinations / validateDestinationsSync: sources, options, the report, the output
// files, errors with `code`, and that the Promise form leaves the event loop free.
'use strict'

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const ld = require('..')
const { throwsCode, rejectsCode, assertFindingShape, tempDir, xlsx, declaredKeys } = require('./helpers.js')

const HEADER = 'UKPRN,Unique Learner Number,Learner Reference Number,Learning Aim Reference,Learning Aim Title,Destination Code'
const CSV = [
  HEADER,
  '10012345,9276308686,LRN1,20000008,ICT for Users,emp 1',
  '10012345,9276308687,LRN2,20000008,ICT for Users,EMP1',
  '',
  '10012345,9276308686,LRN3,20000008,=cmd(),WMCA1.1',
].join('\r\n')
// A fixed processing time: reports of two runs are then equal (the default is the host's clock).
const OPTIONS = { asOf: '2025-09-01', processedAt: '2025-09-01T10:00:00Z' }

test('the report: summary, findings, accepted rows keyed by export column, rejected rows, CSVs', () => {
  const report = ld.validateDestinationsSync({ text: CSV }, { ...OPTIONS, fileName: 'up.csv', processedAt: '2025-09-01T10:00:00Z' })
  assert.equal(report.file, 'up.csv')
  assert.deepEqual(report.summary, {
    template: 'destinations',
    file: 'up.csv',
    processedAt: '2025-09-01T10:00:00Z',
    format: 'csv',
    encoding: 'UTF-8',
    delimiter: 'comma',
    rows: 3,
    accepted: 2,
    rejected: 1,
    warnings: 0,
    errors: 1,
    blankRowsSkipped: 1,
    duplicateRows: 0,
  })
  assert.equal(report.truncated, false)
  const [f] = report.findings
  assertFindingShape(f, 'uln_checksum')
  assert.deepEqual([f.row, f.column, f.value], [3, 'Unique Learner Number', '9276308687'])

  assert.deepEqual(report.columns, [...HEADER.split(','), 'ILR Code', 'WMCA Code', 'Destination'])
  // The declared row type (index.d.ts) names the same keys the rows have.
  assert.deepEqual(['row', ...report.columns], declaredKeys('DestinationsExportRow'))
  for (const row of report.accepted) assert.deepEqual(Object.keys(row), ['row', ...report.columns])
  assert.deepEqual(report.accepted.at(0), {
    row: 2,
    UKPRN: '10012345',
    'Unique Learner Number': '9276308686',
    'Learner Reference Number': 'LRN1',
    'Learning Aim Reference': '20000008',
    'Learning Aim Title': 'ICT for Users',
    'Destination Code': 'EMP1',
    'ILR Code': 'EMP1',
    'WMCA Code': 'WMCA1.0',
    Destination: 'In paid employment for 16 hours or more per week (WMCA1.0)',
  })
  assert.equal(report.accepted.at(1).row, 5)
  assert.equal(report.accepted.at(1)['Learning Aim Title'], '=cmd()', 'rows hold values as given')

  assert.deepEqual(report.rejected.map((r) => [r.row, r.cells[1], r.findings.map((x) => x.code)]), [
    [3, '9276308687', ['uln_checksum']],
  ])
  assert.ok(report.errorsCsv.startsWith(`\uFEFF${HEADER},Row,Errors,Extra values\r\n`))
  assert.match(report.errorsCsv, /,3,"Unique Learner Number: ULN '9276308687' fails the ESFA checksum/)
  assert.ok(report.acceptedCsv.startsWith(`\uFEFF${report.columns.join(',')}\r\n`))
  assert.match(report.acceptedCsv, /,'=cmd\(\),/, 'cells a spreadsheet would run are neutralised in the files')
})

test('findings keep every character of values and messages, surrogate pairs included', () => {
  const odd = [HEADER, '10012345,9276308686,Zoë😀,20000008,Café – level 1,ÉMP1😀', '10012345,9276308686,LRN1,20000008,,EMP1'].join('\n')
  const report = ld.validateDestinationsSync(Buffer.from(odd), OPTIONS)
  const values = report.findings.map((f) => [f.row, f.column, f.value])
  assert.deepEqual(values, [
    [2, 'Learner Reference Number', 'Zoë😀'],
    [2, 'Destination Code', 'ÉMP1😀'],
  ])
  for (const f of report.findings) {
    assertFindingShape(f, f.code)
    assert.ok(f.message.includes(f.value.trim()), f.message)
  }
  assert.deepEqual(report.findings, report.rejected[0].findings)
})

test('sources: a path string, Buffer, Uint8Array, { path } and { text } give the same report', async (t) => {
  const dir = tempDir(t)
  const file = path.join(dir, 'upload.csv')
  fs.writeFileSync(file, CSV)
  const base = ld.validateDestinationsSync({ text: CSV }, OPTIONS)
  const same = (report) => {
    // The rows (made on demand) are compared as arrays.
    assert.deepEqual({ ...report, file: null, accepted: null, summary: { ...report.summary, file: null } }, { ...base, accepted: null })
    assert.deepEqual(report.accepted.toArray(), base.accepted.toArray())
  }
  const fromPath = ld.validateDestinationsSync(file, OPTIONS)
  assert.equal(fromPath.file, file)
  assert.equal(fromPath.summary.file, 'upload.csv', 'the file name defaults to the path\'s')
  same(fromPath)
  same(ld.validateDestinationsSync({ path: file }, OPTIONS))
  same(ld.validateDestinationsSync(Buffer.from(CSV), OPTIONS))
  same(ld.validateDestinationsSync(new TextEncoder().encode(CSV), OPTIONS))
  same(await ld.validateDestinations(file, OPTIONS))
  same(await ld.validateDestinations(Buffer.from(CSV), OPTIONS))
  same(await ld.validateDestinations({ text: CSV }, OPTIONS))

  // A plain string is always a path: CSV text given that way is a file that does not exist.
  throwsCode(() => ld.validateDestinationsSync(CSV, OPTIONS), 'input_unreadable', /give CSV text as \{ text \}/)
  throwsCode(() => ld.validateDestinationsSync({ path: file, text: CSV }), 'option_invalid', /exactly one/)
  throwsCode(() => ld.validateDestinationsSync({}), 'option_invalid', /exactly one/)
  assert.throws(() => ld.validateDestinationsSync(42), (e) => e instanceof Error && typeof e.code === 'string')
})

test('workbook sources: bytes or a path read as a workbook, its first sheet or `sheet`', async (t) => {
  const rows = [
    HEADER.split(','),
    [10012345, 9276308686, 'LRN1', 20000008, 'ICT for Users', 'emp 1'],
    [],
    [10012345, 9276308687, 'LRN2', 20000008, null, 'EMP1'],
  ]
  const book = xlsx({ Destinations: rows, Other: [['x']] })
  const report = ld.validateDestinationsSync(book, OPTIONS)
  assert.deepEqual(
    [report.summary.format, report.summary.encoding, report.summary.delimiter],
    ['xlsx', null, null],
  )
  assert.deepEqual(
    [report.summary.rows, report.summary.accepted, report.summary.blankRowsSkipped],
    [2, 1, 1],
  )
  assert.equal(report.accepted.at(0)['Unique Learner Number'], '9276308686', 'numbers read as the text shown')
  assert.deepEqual(report.findings.map((f) => [f.row, f.code]), [[4, 'uln_checksum']])

  const dir = tempDir(t)
  const file = path.join(dir, 'june.xlsx')
  fs.writeFileSync(file, xlsx({ Notes: [['read me']], June: rows }))
  const named = await ld.validateDestinations(file, { ...OPTIONS, sheet: 'June' })
  assert.deepEqual(named.summary, { ...report.summary, file: 'june.xlsx' })
  throwsCode(() => ld.validateDestinationsSync(file, OPTIONS), 'missing_columns', /read me/)
  await rejectsCode(ld.validateDestinations(file, { ...OPTIONS, sheet: 'July' }), 'sheet_not_found', /July/)
  // `sheet` means nothing to CSV: refused, never quietly ignored.
  throwsCode(() => ld.validateDestinationsSync({ text: CSV }, { ...OPTIONS, sheet: 'June' }), 'option_invalid', /no sheets/)
})

test('options: UKPRN, as-of date, findings cap, user schemes', () => {
  const other = ld.validateDestinationsSync({ text: CSV }, { ...OPTIONS, ukprn: 10099999 })
  assert.equal(other.summary.accepted, 0)
  assert.ok(other.findings.some((f) => f.code === 'ukprn_not_uploader'))
  assert.equal(ld.validateDestinationsSync({ text: CSV }, { ...OPTIONS, ukprn: '10012345' }).summary.accepted, 2)

  const emp3 = `${HEADER}\n10012345,9276308686,LRN1,20000008,,EMP3\n`
  assert.equal(ld.validateDestinationsSync({ text: emp3 }, { asOf: '2015-07-31' }).summary.accepted, 1)
  assert.equal(ld.validateDestinationsSync({ text: emp3 }, { asOf: '2015-08-01' }).findings[0].code, 'destination_code_not_valid')
  // Without asOf, codes are checked on today's date.
  assert.equal(ld.validateDestinationsSync({ text: emp3 }).findings[0].code, 'destination_code_not_valid')

  const many = [HEADER, ...Array.from({ length: 10 }, (_, i) => `10012345,1,LRN${i},A,,EMP1`)].join('\n')
  const capped = ld.validateDestinationsSync({ text: many }, { ...OPTIONS, maxFindings: 3 })
  assert.equal(capped.findings.length, 3)
  assert.equal(capped.truncated, true)
  assert.equal(capped.summary.errors, 10, 'counts stay exact')

  const lcr = `${HEADER}\n10012345,9276308686,LRN1,20000008,,LCR1\n`
  assert.equal(ld.validateDestinationsSync({ text: lcr }, OPTIONS).summary.rejected, 1)
  const schemes = new ld.Schemes()
  schemes.add(ld.Scheme.fromCsv('code,title,ilr_equivalent\nLCR1,In paid employment,EMP1', 'lcr', 'test'))
  const withLcr = ld.validateDestinationsSync({ text: lcr }, { ...OPTIONS, schemes })
  assert.equal(withLcr.summary.accepted, 1)
  assert.equal(withLcr.accepted.at(0)['ILR Code'], 'EMP1')

  throwsCode(() => ld.validateDestinationsSync({ text: CSV }, { ukprn: 123 }), 'option_invalid', /^option 'ukprn': .*'123'/)
  throwsCode(() => ld.validateDestinationsSync({ text: CSV }, { asOf: '2025-02-30' }), 'option_invalid', /^option 'asOf': .*February 2025 has 28 days/)
  throwsCode(() => ld.validateDestinationsSync({ text: CSV }, { maxFindings: -1 }), 'option_invalid', /^option 'maxFindings': /)
  // Without processedAt, the summary says when the upload was processed (the host's clock).
  assert.match(ld.validateDestinationsSync({ text: CSV }, { asOf: '2025-09-01' }).summary.processedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/)
})

test('files that cannot be processed throw (or reject) with the core\'s code', async () => {
  const cases = [
    [{ text: 'Name,Code\nx,y\n' }, 'missing_columns', /missing required columns? .*'UKPRN'/],
    [{ text: `${HEADER}\n` }, 'no_data', /no destinations in file/],
    [{ text: `${HEADER},UKPRN\n1,2,3,4,5,6,7\n` }, 'duplicate_column', /appears twice/],
    // Workbook bytes are read as a workbook, so a damaged one is unreadable, not "not CSV".
    [Buffer.from('PK\x03\x04rest of a zip'), 'workbook_unreadable', /./],
    [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n'), 'not_csv', /./],
  ]
  for (const [source, code, message] of cases) {
    throwsCode(() => ld.validateDestinationsSync(source, OPTIONS), code, message)
    await rejectsCode(ld.validateDestinations(source, OPTIONS), code, message)
  }
  await rejectsCode(ld.validateDestinations('/no/such/upload.csv', OPTIONS), 'input_unreadable', /upload\.csv/)
  await rejectsCode(ld.validateDestinations({ text: CSV }, { asOf: 'today' }), 'option_invalid', /^option 'asOf': /)
})

test('keepAccepted: false with output paths writes the files and keeps counts, findings and rejected rows', (t) => {
  const dir = tempDir(t)
  const errorsCsv = path.join(dir, 'errors.csv')
  const acceptedCsv = path.join(dir, 'accepted.csv')
  const kept = ld.validateDestinationsSync({ text: CSV }, OPTIONS)
  const lean = ld.validateDestinationsSync({ text: CSV }, { ...OPTIONS, keepAccepted: false, errorsCsv, acceptedCsv })
  assert.deepEqual([lean.accepted, lean.errorsCsv, lean.acceptedCsv], [null, null, null])
  assert.deepEqual(lean.rejected, kept.rejected)
  // Without paths and with keepAccepted: false, neither file is kept; the rejected rows are.
  const noPaths = ld.validateDestinationsSync({ text: CSV }, { ...OPTIONS, keepAccepted: false })
  assert.deepEqual([noPaths.accepted, noPaths.acceptedCsv, noPaths.errorsCsv], [null, null, null])
  assert.deepEqual(noPaths.rejected, kept.rejected)
  // A path for one file keeps the other in the report.
  const one = ld.validateDestinationsSync({ text: CSV }, { ...OPTIONS, errorsCsv: path.join(dir, 'e1.csv') })
  assert.deepEqual([one.errorsCsv, one.acceptedCsv], [null, kept.acceptedCsv])
  fs.rmSync(path.join(dir, 'e1.csv'))
  assert.deepEqual(lean.summary, kept.summary)
  assert.deepEqual(lean.findings, kept.findings)
  assert.equal(fs.readFileSync(errorsCsv, 'utf8'), kept.errorsCsv)
  assert.equal(fs.readFileSync(acceptedCsv, 'utf8'), kept.acceptedCsv)

  // When the file cannot be processed, no output file is left behind, not even in part.
  fs.rmSync(errorsCsv)
  throwsCode(
    () => ld.validateDestinationsSync({ text: `${HEADER}\n` }, { errorsCsv, acceptedCsv: path.join(dir, 'a2.csv') }),
    'no_data',
  )
  assert.deepEqual(fs.readdirSync(dir).sort(), ['accepted.csv'])
  throwsCode(
    () => ld.validateDestinationsSync({ text: CSV }, { errorsCsv: path.join(dir, 'no', 'such', 'dir.csv') }),
    'output_unwritable',
    /errorsCsv/,
  )
})

test('validateDestinations runs off the main thread: timers keep firing while a large file validates', async (t) => {
  const dir = tempDir(t)
  const big = path.join(dir, 'big.csv')
  const lines = [HEADER]
  for (let i = 0; i < 200_000; i++) {
    // Every tenth ULN fails its check digit, so the run also builds findings.
    const uln = i % 10 === 0 ? '9276308687' : '9276308686'
    lines.push(`10012345,${uln},L${i},${20000000 + (i % 997)},Aim title ${i % 50},EMP1`)
  }
  fs.writeFileSync(big, lines.join('\n'))

  let ticks = 0
  const timer = setInterval(() => ticks++, 1)
  const started = process.hrtime.bigint()
  const report = await ld.validateDestinations(big, { ...OPTIONS, keepAccepted: false })
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6
  clearInterval(timer)
  assert.equal(report.summary.rows, 200_000)
  assert.equal(report.summary.rejected, 20_000)
  assert.equal(report.findings.length, 20_000)
  assert.ok(elapsedMs > 50, `the run should take a while (${elapsedMs} ms)`)
  // The timer could fire about once a millisecond; ask for a good part of that.
  assert.ok(ticks >= elapsedMs / 20, `${ticks} timer ticks in ${elapsedMs.toFixed(0)} ms`)

  // The Sync twin blocks: no timer fires while it runs.
  ticks = 0
  const timer2 = setInterval(() => ticks++, 1)
  const sync = ld.validateDestinationsSync(big, { ...OPTIONS, keepAccepted: false })
  const ticksDuringSync = ticks
  clearInterval(timer2)
  assert.equal(ticksDuringSync, 0)
  assert.deepEqual(sync, report)
})
