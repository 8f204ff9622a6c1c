// validateLearners / validateLearnersSync: the learner import's report, its options, issued
// credentials, workbook sources and errors.
'use strict'

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const ld = require('..')
const { throwsCode, rejectsCode, assertFindingShape, tempDir, xlsx, declaredKeys } = require('./helpers.js')

const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'learners-import.csv')
const HEADER = 'UKPRN,Learner year group,First name,Last name,Postcode,Dob'
const OPTIONS = { asOf: '2025-09-01', ukprns: [10012345], processedAt: '2025-09-01T10:00:00Z' }

test('the report of the example import: counts, findings, rows keyed by export column', () => {
  const report = ld.validateLearnersSync(EXAMPLE, OPTIONS)
  assert.equal(report.file, EXAMPLE)
  assert.deepEqual(
    [report.summary.template, report.summary.file, report.summary.rows, report.summary.accepted, report.summary.rejected],
    ['learners', 'learners-import.csv', 8, 2, 6],
  )
  assert.deepEqual([report.summary.errors, report.summary.warnings], [9, 2])
  for (const f of report.findings) assertFindingShape(f, f.code)
  assert.deepEqual(
    report.findings.filter((f) => f.severity === 'warning').map((f) => [f.row, f.code]),
    [[3, 'postcode_normalised'], [9, 'postcode_placeholder']],
  )
  assert.ok(report.findings.some((f) => f.row === 7 && f.code === 'duplicate_learner'))
  assert.equal(report.credentials, null, 'no credentials unless asked for')

  // Every export column, values in canonical form; the type declares exactly these keys.
  assert.deepEqual(['row', ...report.columns], declaredKeys('LearnersExportRow'))
  for (const row of report.accepted) assert.deepEqual(Object.keys(row), ['row', ...report.columns])
  const zoe = report.accepted.at(1)
  assert.deepEqual(
    [zoe.row, zoe['Learner year group'], zoe['First name'], zoe.Postcode, zoe.Ethnicity, zoe.ULN],
    [3, 'Year 12', 'Zoë', 'B33 8TH', 'English / Welsh / Scottish / Northern Irish / British', ''],
  )
  assert.deepEqual(report.rejected.map((r) => r.row), [4, 5, 6, 7, 8, 9])
  assert.ok(report.errorsCsv.startsWith(`\uFEFF${fs.readFileSync(EXAMPLE, 'utf8').split('\n')[0]},Row,Errors,Extra values\r\n`))
  assert.ok(report.acceptedCsv.startsWith(`\uFEFF${report.columns.join(',')}\r\n`))
})

test('credentials: a username and password for each accepted learner, avoiding existing usernames', async () => {
  const report = ld.validateLearnersSync(EXAMPLE, { ...OPTIONS, credentials: true, existingUsernames: ['pmarmoshon'] })
  assert.deepEqual(declaredKeys('IssuedCredentials'), [
    'row', 'provider', 'firstName', 'lastName', 'postcode', 'uln', 'dob', 'username', 'password', 'createdOn',
  ])
  assert.equal(report.credentials.length, report.summary.accepted)
  for (const c of report.credentials) {
    assert.deepEqual(Object.keys(c), declaredKeys('IssuedCredentials'))
    assert.equal(ld.checkUsername(c.username), null)
    assert.equal(ld.checkPassword(c.password), null)
    assert.equal(c.createdOn, '2025-09-01')
  }
  const [paul, zoe] = report.credentials
  assert.deepEqual(
    [paul.row, paul.provider, paul.firstName, paul.lastName, paul.postcode, paul.uln, paul.dob, paul.username],
    [2, '10012345', 'Paul', 'Marmoshon', 'B33 8TH', '9276308686', '2010-01-02', 'PMarmoshon2'],
  )
  assert.deepEqual([zoe.row, zoe.postcode, zoe.username], [3, 'B33 8TH', 'ZOSuilleabhain'])
  assert.notEqual(paul.password, zoe.password)

  // Issued even when rows are not kept; the Promise form issues them too.
  const lean = await ld.validateLearners(EXAMPLE, { ...OPTIONS, credentials: true, keepAccepted: false })
  assert.equal(lean.accepted, null)
  assert.deepEqual(lean.credentials.toArray().map((c) => c.username), ['PMarmoshon', 'ZOSuilleabhain'])

  throwsCode(
    () => ld.validateLearnersSync(EXAMPLE, { ...OPTIONS, existingUsernames: ['x'] }),
    'options_conflict',
    /credentials: true/,
  )
})

test('options: UKPRNs managed, the as-of date, ages and lists', () => {
  const csv = `${HEADER}\n10012345,Year 11,Ann,Lee,B1 1AA,2010-02-03\n10099999,Year 15,Bo,Li,B1 1AA,1990-02-03\n`
  const any = ld.validateLearnersSync({ text: csv }, { asOf: '2025-09-01' })
  assert.deepEqual(any.findings.map((f) => f.code), ['value_not_in_list', 'age_out_of_range'])
  const managed = ld.validateLearnersSync({ text: csv }, { asOf: '2025-09-01', ukprns: ['10012345', 10000001] })
  assert.ok(managed.findings.some((f) => f.row === 3 && f.code === 'ukprn_not_managed'))

  const wider = ld.validateLearnersSync({ text: csv }, { asOf: '2025-09-01', minAge: 11, maxAge: 40 })
  assert.deepEqual(wider.findings.map((f) => f.code), ['value_not_in_list'])
  const lists = ld.LearnerLists.fromJson(JSON.stringify({
    source: 'test', version: '1', year_groups: ['Year 11', 'Year 15'], genders: ['Female'], ethnicities: ['Other'],
  }))
  const listed = ld.validateLearnersSync({ text: csv }, { asOf: '2025-09-01', maxAge: 40, lists })
  assert.equal(listed.summary.accepted, 2)

  // A date of birth after the as-of date is refused.
  assert.equal(ld.validateLearnersSync({ text: csv }, { asOf: '2010-01-01' }).summary.accepted, 0)

  throwsCode(() => ld.validateLearnersSync({ text: csv }, { ukprns: [10012345, 123] }), 'option_invalid', /^option 'ukprns\[1\]': /)
  throwsCode(() => ld.validateLearnersSync({ text: csv }, { asOf: '2025-13-01' }), 'option_invalid', /^option 'asOf': /)
  throwsCode(() => ld.validateLearnersSync({ text: csv }, { minAge: 30, maxAge: 20 }), 'options_conflict', /minAge \(30\) is above maxAge \(20\)/)
  throwsCode(() => ld.validateLearnersSync({ text: csv }, { lists: {} }), 'option_invalid', /^option 'lists': takes a LearnerLists/)
})

test('a workbook is read as a workbook: its first sheet, or the sheet named', async (t) => {
  const rows = [
    HEADER.split(','),
    [10012345, 'Year 11', 'Ann', 'Lee', 'B1 1AA', '2010-02-03'],
    [10012345, 'Year 11', 'Bo', 'Li', 'B1', '2010-02-04'],
  ]
  const book = xlsx({ Notes: [['read me']], Learners: rows })
  const processedAt = '2025-09-01T10:00:00Z'
  const report = ld.validateLearnersSync(book, { asOf: '2025-09-01', sheet: 'Learners', fileName: 'learners.xlsx', processedAt })
  assert.deepEqual(
    [report.summary.format, report.summary.encoding, report.summary.delimiter, report.summary.rows, report.summary.accepted],
    ['xlsx', null, null, 2, 1],
  )
  assert.equal(report.accepted.at(0).UKPRN, '10012345', 'a number cell is read as the text shown')
  assert.deepEqual(report.findings.map((f) => [f.row, f.code]), [[3, 'postcode_format']])

  // A path to a workbook too; without `sheet`, the first sheet (here not a learner import).
  const dir = tempDir(t)
  const file = path.join(dir, 'learners.xlsx')
  fs.writeFileSync(file, book)
  assert.deepEqual((await ld.validateLearners(file, { asOf: '2025-09-01', sheet: 'Learners', processedAt })).summary, {
    ...report.summary,
  })
  throwsCode(() => ld.validateLearnersSync(file, { asOf: '2025-09-01' }), 'missing_columns')
  throwsCode(() => ld.validateLearnersSync(file, { sheet: 'Sheet9' }), 'sheet_not_found', /Sheet9/)
})

test('files that cannot be processed throw (or reject) with the core\'s code', async () => {
  const cases = [
    [{ text: 'UKPRN,First name\n1,x\n' }, 'missing_columns', /Learner year group/],
    [{ text: `${HEADER}\n` }, 'no_data', /no learners in file/],
    [Buffer.from('PK\x03\x04 not really a workbook'), 'workbook_unreadable', /./],
  ]
  for (const [source, code, message] of cases) {
    throwsCode(() => ld.validateLearnersSync(source, OPTIONS), code, message)
    await rejectsCode(ld.validateLearners(source, OPTIONS), code, message)
  }
  await rejectsCode(ld.validateLearners('/no/such/learners.csv'), 'input_unreadable', /learners\.csv/)
})
