// The package's API in Node: sources, chunked reading and progress, outputs, errors and codes.
import test from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import * as ld from '../pkg/index.js'

const here = path.dirname(fileURLToPath(import.meta.url))
ld.initSync({ module: fs.readFileSync(path.join(here, '..', 'pkg', 'learner_destinations_wasm_bg.wasm')) })

const HEADER = 'UKPRN,Unique Learner Number,Learner Reference Number,Learning Aim Reference,Learning Aim Title,Destination Code'
const csv = [HEADER, '10012345,9276308686,LRN1,20000008,ICT for Users,emp 1', '10012345,9276308687,LRN2,20000008,ICT for Users,EMP1'].join('\n')

/** A destinations upload of `n` rows (every 10th with a bad ULN), as bytes. */
function bigUpload(n) {
  const lines = [HEADER]
  for (let i = 0; i < n; i++) lines.push(`10012345,${i % 10 === 0 ? '1000000042' : '9276308686'},LRN${i},20000008,ICT,EMP1`)
  return new TextEncoder().encode(lines.join('\r\n'))
}

test('a destinations upload: counts, findings, rows and the two files', async () => {
  const r = await ld.validateDestinations({ text: csv }, { asOf: '2025-09-01', ukprn: 10012345, errorsCsv: 'e.csv', acceptedCsv: 'a.csv' })
  assert.deepEqual([r.summary.rows, r.summary.accepted, r.summary.rejected], [2, 1, 1])
  assert.deepEqual([r.findings[0].row, r.findings[0].column, r.findings[0].code], [3, 'Unique Learner Number', 'uln_checksum'])
  assert.equal(r.accepted[0]['Destination Code'], 'EMP1')
  assert.deepEqual(r.rejected[0].findings.map((f) => f.code), ['uln_checksum'])
  assert.ok(ld.utf8Text(r.errorsCsv).startsWith('\uFEFFUKPRN,'))
  assert.ok(ld.utf8Text(r.acceptedCsv).includes('EMP1,EMP1,WMCA1.0'))
  assert.equal(typeof r.summary.blankRowsSkipped, 'number')
})

test('every source form gives the same report', async () => {
  const bytes = bigUpload(50)
  const options = { asOf: '2025-09-01', processedAt: 'fixed', errorsCsv: 'e.csv' }
  const base = await ld.validateDestinations(bytes, options)
  const forms = [
    bytes.buffer.slice(0),
    new Blob([bytes]),
    new Blob([bytes]).stream(),
    new TextDecoder().decode(bytes),
  ]
  for (const form of forms) {
    const r = await ld.validateDestinations(form, options)
    assert.deepEqual(r, base)
  }
  assert.equal(base.summary.rejected, 5)
})

test('a large upload is read in chunks, with progress in bytes and rows', async () => {
  const bytes = bigUpload(150_000) // about 6 MB: several 1 MiB chunks
  const asked = []
  const progress = []
  const source = {
    // A ReadableStream of small pieces: collected to a Blob, then read in chunks.
    stream: new ReadableStream({
      start(controller) {
        for (let at = 0; at < bytes.length; at += 100_000) controller.enqueue(bytes.subarray(at, at + 100_000))
        controller.close()
      },
    }),
  }
  const reader = await ld.openSource(source.stream)
  const wrapped = { read: (max) => { asked.push(max); return reader.read(max) } }
  assert.equal(reader.size, bytes.length)
  // The reader is what validate* uses; drive it through a Uint8Array-backed run too.
  const r = await ld.validateDestinations(bytes, { asOf: '2025-09-01', keepAccepted: false }, {
    onProgress: (b, rows) => progress.push([b, rows]),
  })
  assert.equal(r.summary.rows, 150_000)
  assert.equal(r.accepted, null)
  assert.ok(progress.length >= 10, `progress called ${progress.length} times`)
  for (let i = 1; i < progress.length; i++) {
    assert.ok(progress[i][0] >= progress[i - 1][0] && progress[i][1] >= progress[i - 1][1])
  }
  assert.deepEqual(progress.at(-1), [bytes.length, 150_000])
  assert.ok(progress[0][0] < bytes.length, 'the first progress came before the whole file was read')
  let n = 0
  for (let c = wrapped.read(1 << 20); c !== null; c = wrapped.read(1 << 20)) n += c.length
  assert.equal(n, bytes.length)
  assert.ok(asked.length >= 6)
})

test('outputs can be taken chunk by chunk', async () => {
  const chunks = []
  const r = await ld.validateDestinations(bigUpload(30_000), { asOf: '2025-09-01', keepAccepted: false, acceptedCsv: 'a.csv' }, {
    onAcceptedCsv: (c) => chunks.push(c),
    onRestart: () => { chunks.length = 0 },
  })
  assert.ok(chunks.length > 1, `${chunks.length} chunks`)
  assert.equal(r.acceptedCsv, undefined)
  const text = ld.utf8Text(new Uint8Array(await new Blob(chunks).arrayBuffer()))
  assert.equal(text.split('\r\n').filter(Boolean).length, 1 + r.summary.accepted)
})

// EMP1 and NPE1 for one enrolment (OutType_04) conflict: the first pass cannot know about row 2
// when it writes row 1, so the upload is read again and the outputs start over.
const conflicting = [HEADER, '10012345,9276308686,LRN1,20000008,,EMP1', '10012345,9276308686,LRN1,20000008,,NPE1', '10012345,9276308686,LRN1,20000010,,EMP1'].join('\n')

test('rows in conflict reject every row of the conflict, whatever the source', async () => {
  const options = { asOf: '2025-09-01', errorsCsv: 'e.csv', acceptedCsv: 'a.csv' }
  for (const source of [{ text: conflicting }, new Blob([conflicting]), new Blob([conflicting]).stream()]) {
    const r = await ld.validateDestinations(source, options)
    assert.deepEqual([r.summary.rows, r.summary.accepted, r.summary.rejected], [3, 1, 2])
    assert.deepEqual(r.rejected.map((x) => x.row), [2, 3])
    const errors = ld.utf8Text(r.errorsCsv).split('\r\n').filter(Boolean)
    assert.equal(errors.length, 3, errors.join('\n'))
    assert.equal(ld.utf8Text(r.acceptedCsv).split('\r\n').filter(Boolean).length, 2)
  }
})

test('a hook for an output that was not asked for is refused', async () => {
  await assert.rejects(ld.validateDestinations({ text: csv }, {}, { onErrorsCsv: () => {} }), (e) => e.code === 'options_conflict')
})

test('cancel stops the run with cancelled', async () => {
  await assert.rejects(ld.validateDestinations(bigUpload(20_000), {}, { cancel: () => true }), (e) => e.code === 'cancelled')
})

test('unknown option keys are refused, named in camelCase', async () => {
  await assert.rejects(ld.validateDestinations({ text: csv }, { ukrpn: 10012345 }), (e) => {
    assert.equal(e.code, 'option_unknown')
    assert.equal(e.option, 'ukrpn')
    assert.ok(e.accepted.includes('asOf') && e.accepted.includes('maxFindings'))
    return true
  })
  await assert.rejects(ld.validateLearners({ text: csv }, { minAge: 'x' }), (e) => e.code === 'option_invalid' && e.option === 'minAge')
  assert.throws(() => ld.jobOptions('destinations', { asOf: 'tomorrow' }), (e) => e.code === 'option_invalid')
  assert.equal(ld.jobOptions('learners', {}).minAge, 11)
})

test('a file that cannot be processed throws with its code', async () => {
  await assert.rejects(ld.validateDestinations({ text: 'Name,Code\nx,y' }), (e) => e instanceof Error && e.code === 'missing_columns')
  await assert.rejects(ld.validateDestinations(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0])), (e) => e.code === 'workbook_unreadable')
  await assert.rejects(ld.validateDestinations(42), (e) => e.code === 'option_invalid')
})

test('learner imports issue credentials from Web Crypto, or from a seed', async () => {
  const learners = [
    'UKPRN,Learner year group,First name,Last name,Postcode,Dob,ULN',
    '10012345,year 12,Zoë,Ó Súilleabháin,b338th,2009-05-17,',
  ].join('\n')
  const r = await ld.validateLearners({ text: learners }, { asOf: '2025-09-01', ukprns: [10012345], credentials: true, existingUsernames: ['zosuilleabhain'], credentialsCsv: 'c.csv' })
  assert.equal(r.credentials[0].username, 'ZOSuilleabhain2')
  assert.equal(r.credentials[0].firstName, 'Zoë')
  assert.equal(ld.checkUln('1000000063').code, 'uln_checksum')
  assert.ok(ld.utf8Text(r.credentialsCsv).startsWith('\uFEFF'))
  const seeded = (seed) => ld.validateLearners({ text: learners }, { asOf: '2025-09-01', credentials: true, seed, credentialsCsv: 'c.csv' })
  assert.deepEqual((await seeded(7)).credentialsCsv, (await seeded(7)).credentialsCsv)
})

test('templates to download', () => {
  assert.ok(ld.templateCsv('learners').startsWith('\uFEFFUKPRN,Learner year group,First name,'))
  const x = ld.templateXlsx('qualifications')
  assert.ok(x instanceof Uint8Array)
  assert.equal(String.fromCharCode(x[0], x[1]), 'PK')
  assert.throws(() => ld.templateCsv('nope'), (e) => e.code === 'option_invalid')
})

test('catalogues: every thrown code is catalogued', async () => {
  const errors = new Set(ld.listErrorCodes().map((k) => k.code))
  for (const code of ['option_unknown', 'option_invalid', 'options_conflict', 'cancelled', 'missing_columns', 'host_failure', 'uln_checksum']) {
    assert.ok(errors.has(code), code)
  }
  assert.equal(ld.findingKind('uln_checksum').mirrors, 'ULN_04')
  assert.equal(ld.findingKind('nope'), null)
  assert.throws(() => ld.parseUln('1000000042'), (e) => e.code === 'uln_checksum' && /should be 3, not 2/.test(e.message))
  assert.equal(ld.parseUkprn('10000001'), ld.parseUkprn(10000001))
})

test('rows in conflict: the upload is checked twice, and the output hooks start again', async () => {
  // Three EDU destinations for one enrolment (OutType_03): the first pass finds the conflict at
  // the third row, so the earlier two are rejected only by the second pass.
  const upload = [HEADER, '10012345,9276308686,LRN1,20000008,,EDU1', '10012345,9276308686,LRN1,20000008,,EDU4',
    '10012345,9276308686,LRN1,20000008,,EDU5', '10012345,9276308686,LRN2,20000008,,EDU4'].join('\n')
  const options = { asOf: '2025-09-01', processedAt: 'fixed', errorsCsv: 'e.csv', acceptedCsv: 'a.csv' }
  const returned = await ld.validateDestinations({ text: upload }, options)
  assert.deepEqual([returned.summary.accepted, returned.summary.rejected], [1, 3])
  assert.deepEqual(returned.rejected.map((r) => r.row), [2, 3, 4])
  assert.equal(ld.utf8Text(returned.errorsCsv).trim().split('\r\n').length, 4)
  const chunks = { errors: [], accepted: [] }
  let restarts = 0
  const hooked = await ld.validateDestinations(new Blob([upload]), options, {
    onErrorsCsv: (c) => chunks.errors.push(c.slice()),
    onAcceptedCsv: (c) => chunks.accepted.push(c.slice()),
    onRestart: () => { restarts += 1; chunks.errors.length = 0; chunks.accepted.length = 0 },
  })
  assert.equal(restarts, 1)
  assert.deepEqual(hooked.summary, returned.summary)
  assert.deepEqual(Buffer.concat(chunks.errors), Buffer.from(returned.errorsCsv))
  assert.deepEqual(Buffer.concat(chunks.accepted), Buffer.from(returned.acceptedCsv))
  // Output hooks without onRestart would keep the first pass's chunks: refused.
  await assert.rejects(
    ld.validateDestinations({ text: upload }, options, { onErrorsCsv: () => {}, onAcceptedCsv: () => {} }),
    (e) => e.code === 'options_conflict' && e.options.includes('onRestart'),
  )
})

// --- The ILR XML file's uses -----------------------------------------------------------------

const ILR_DIR = path.join(here, '..', '..', 'tests', 'ilr')
const ilrFixture = (code) => fs.readFileSync(path.join(ILR_DIR, fs.readdirSync(ILR_DIR).find((n) => n.startsWith(`ILR-10000001-${code}-`))))

test('ILR awaiting from a Uint8Array, a Blob, an ArrayBuffer or text is one report', async () => {
  const bytes = new Uint8Array(ilrFixture('2324'))
  const fromBytes = await ld.ilrAwaiting(bytes)
  assert.deepEqual(await ld.ilrAwaiting(new Blob([bytes])), fromBytes)
  assert.deepEqual(await ld.ilrAwaiting(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)), fromBytes)
  assert.deepEqual(await ld.ilrAwaiting({ text: new TextDecoder().decode(bytes) }), fromBytes)
  assert.equal(fromBytes.header.year, '2023-24')
  assert.equal(fromBytes.asOf, fromBytes.header.filePreparationDate)
  const wmca = await ld.ilrAwaiting(new Uint8Array(ilrFixture('2526')), { asOf: '2027-01-01', sof: ['112'] })
  assert.equal(wmca.asOf, '2027-01-01')
  assert.ok(wmca.enrolments.length > 0)
})

test('ILR options are the core\'s, named in camelCase', async () => {
  const bytes = new Uint8Array(ilrFixture('2324'))
  assert.equal((await ld.ilrContacts(bytes)).policy, 'seed')
  await assert.rejects(ld.ilrContacts(bytes, { policy: 'maytas' }), (e) => e.code === 'option_invalid' && /policy/.test(e.message))
  await assert.rejects(ld.ilrAwaiting(bytes, { as_of: '2024-01-01' }), (e) => e.code === 'option_unknown' && /asOf, sof/.test(e.message))
  await assert.rejects(ld.ilrContacts(bytes, { csv: 'mailing.csv' }), (e) => e.code === 'option_invalid')
  await assert.rejects(ld.ilrAwaiting(new TextEncoder().encode('<Message xmlns="SFA/ILR/2017-18"/>')), (e) => e.code === 'ilr_namespace_unsupported')
})

test('ILR contacts with the mailing list, records, and the pre-filled template', async () => {
  const contacts = await ld.ilrContacts(new Uint8Array(ilrFixture('2324')), { policy: 'ilr', csv: true })
  assert.match(contacts.csv, /^\ufeffUKPRN,Learner Reference Number/)
  assert.ok(contacts.contacts.some((c) => c.learnerRef === 'L001'))
  assert.equal((await ld.ilrContacts(new Uint8Array(ilrFixture('2324')))).csv, undefined)
  const records = await ld.ilrRecords(new Uint8Array(ilrFixture('2223')))
  assert.equal(records.year, '2022-23')
  assert.ok(records.findings.some((f) => f.code === 'ilr_dp_duplicate'))
  const t = await ld.ilrTemplate(new Uint8Array(ilrFixture('2526')), { sof: ['112'] })
  assert.equal(t.rows, t.awaiting.enrolments.length)
  assert.equal(t.csv.split('\r\n').length - 2, t.rows)
})
