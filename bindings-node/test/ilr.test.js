// The ILR XML file's uses: ilrAwaiting, ilrContacts, ilrRecords, ilrTemplate (and Sync twins).
'use strict'

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const ld = require('..')
const { throwsCode, rejectsCode, tempDir } = require('./helpers')

const ILR_DIR = path.join(__dirname, '..', '..', 'tests', 'ilr')
const fixture = (code) =>
  path.join(ILR_DIR, fs.readdirSync(ILR_DIR).find((n) => n.startsWith(`ILR-10000001-${code}-`)))

test('awaiting from a path, { path }, a Buffer or { text } is one report, camelCase', async () => {
  const file = fixture('2324')
  const fromPath = ld.ilrAwaitingSync(file)
  assert.deepEqual(ld.ilrAwaitingSync({ path: file }), fromPath)
  assert.deepEqual(ld.ilrAwaitingSync(fs.readFileSync(file)), fromPath)
  assert.deepEqual(ld.ilrAwaitingSync({ text: fs.readFileSync(file, 'utf8') }), fromPath)
  assert.deepEqual(await ld.ilrAwaiting(file), fromPath)
  assert.equal(fromPath.header.year, '2023-24')
  assert.equal(fromPath.asOf, fromPath.header.filePreparationDate)
  assert.equal(typeof fromPath.learnersRead, 'number')
  for (const l of fromPath.learners) assert.ok(Array.isArray(l.rules) && typeof l.learnerRef === 'string')
})

test('sof and asOf reach the core; the defaults are the core\'s', async () => {
  const file = fixture('2526')
  const every = ld.ilrAwaitingSync(file, { asOf: '2027-01-01' })
  const wmca = ld.ilrAwaitingSync(file, { asOf: '2027-01-01', sof: ['112'] })
  assert.equal(wmca.asOf, '2027-01-01')
  assert.ok(wmca.enrolments.length > 0 && wmca.enrolments.length <= every.enrolments.length)
  assert.deepEqual(ld.ilrAwaitingSync(file, { asOf: '2027-01-01', sof: 112 }), wmca)
  assert.equal(ld.ilrContactsSync(fixture('2324')).policy, 'seed')
  throwsCode(() => ld.ilrContactsSync(file, { policy: 'maytas' }), 'option_invalid', /policy/)
  throwsCode(() => ld.ilrAwaitingSync(file, { as_of: '2027-01-01' }), 'option_unknown', /asOf, sof/)
  throwsCode(() => ld.ilrTemplateSync(file, { sof: ['112', '1234567'] }), 'option_invalid', /sof\[1\]/)
  await rejectsCode(ld.ilrAwaiting(file, { asOf: '31/07/2024' }), 'option_invalid', /asOf/)
})

test('the mailing list is owner-only and never the input', (t) => {
  const dir = tempDir(t)
  const source = path.join(dir, 'ilr.xml')
  fs.writeFileSync(source, fs.readFileSync(fixture('2324'), 'utf8').replace('sam@example.org', '=HYPERLINK(1)@example.org'))
  const csv = path.join(dir, 'mailing.csv')
  const report = ld.ilrContactsSync(source, { policy: 'ilr', csv })
  assert.ok(report.contacts.some((c) => c.learnerRef === 'L001'))
  assert.equal(fs.statSync(csv).mode & 0o777, 0o600)
  const lines = fs.readFileSync(csv, 'utf8').split('\r\n')
  assert.match(lines[0], /^\ufeffUKPRN,Learner Reference Number/)
  assert.match(lines[1], /'=HYPERLINK\(1\)@example\.org/)
  throwsCode(() => ld.ilrContactsSync(source, { csv: source }), 'output_is_input', /csv/)
  throwsCode(() => ld.ilrContactsSync(source, { csv: 42 }), 'option_invalid', /csv/)
})

test('records with the header\'s year, and schemes', async () => {
  const file = fixture('2223')
  const report = await ld.ilrRecords(file)
  assert.equal(report.year, '2022-23')
  const codes = report.findings.map((f) => f.code)
  assert.ok(codes.includes('ilr_dp_duplicate') && codes.includes('ilr_dp_uln_mismatch'))
  assert.deepEqual(ld.ilrRecordsSync(file, { schemes: new ld.Schemes() }), report)
  throwsCode(() => ld.ilrRecordsSync(file, { schemes: 'ilr' }), 'option_invalid', /schemes/)
})

test('the template as text or to a file', (t) => {
  const file = fixture('2526')
  const ran = ld.ilrTemplateSync(file, { sof: ['112'] })
  const lines = ran.csv.split('\r\n')
  assert.match(lines[0], /^\ufeffUKPRN,/)
  assert.equal(ran.rows, ran.awaiting.enrolments.length)
  assert.equal(ran.rows, lines.length - 2)
  const out = path.join(tempDir(t), 'upload.csv')
  const toFile = ld.ilrTemplateSync(file, { sof: ['112'], output: out })
  assert.equal(toFile.csv, null)
  assert.equal(fs.readFileSync(out, 'utf8'), ran.csv)
})

test('a file that is not an ILR file', async () => {
  const xxe = Buffer.from('<?xml version="1.0"?>\n<!DOCTYPE Message SYSTEM "http://example.invalid/x.dtd">\n<Message xmlns="ESFA/ILR/2023-24"/>\n')
  throwsCode(() => ld.ilrAwaitingSync(xxe), 'ilr_entity_refused')
  await rejectsCode(ld.ilrRecords(Buffer.from('<Message xmlns="SFA/ILR/2017-18"/>')), 'ilr_namespace_unsupported')
  throwsCode(() => ld.ilrContactsSync(path.join(ILR_DIR, 'none.xml')), 'input_unreadable')
  throwsCode(() => ld.ilrAwaitingSync(42), 'option_invalid', /source/)
})

test('enrolments carry the ILR funding', () => {
  const base = { ukprn: 10000001, uln: '9276308686', learnerRef: 'L1', aimRef: 'ZPROG001', learningEnd: '2024-01-15', completionStatus: 2 }
  const plain = ld.awaitingDestinations([base], [], '2030-01-01')
  assert.deepEqual(plain.learners[0].rules, ['R108'])
  // FundModel 36 is not one R107/R108 look at.
  const apprentice = ld.awaitingDestinations([{ ...base, funding: { fundModel: 36, progType: 25, compStatus: 2 } }], [], '2030-01-01')
  assert.deepEqual(apprentice.learners, [])
  throwsCode(() => ld.awaitingDestinations([{ ...base, funding: { fundModel: 'x' } }], [], '2030-01-01'), 'option_invalid', /funding/)
})
