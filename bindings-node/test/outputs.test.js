// Outputs written to streams: errorsCsv, acceptedCsv, errorsXlsx and credentialsCsv given a
// Node Writable or a web WritableStream instead of a path.
'use strict'

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { Writable, PassThrough } = require('node:stream')
const ld = require('..')
const { rejectsCode, throwsCode, tempDir } = require('./helpers.js')

const HEADER = 'UKPRN,Unique Learner Number,Learner Reference Number,Learning Aim Reference,Learning Aim Title,Destination Code'
const OPTIONS = { asOf: '2025-09-01', processedAt: '2025-09-01T10:00:00Z' }

function upload(rows) {
  const lines = [HEADER]
  for (let i = 0; i < rows; i++) {
    const uln = i % 10 === 0 ? '9276308687' : '9276308686'
    lines.push(`10012345,${uln},L${i},${20000000 + (i % 997)},Aim title ${i % 50},EMP1`)
  }
  return lines.join('\n') + '\n'
}

// A Writable that keeps what it is given, taking `delay` ms for each chunk and holding at
// most `highWaterMark` bytes before asking the writer to wait (backpressure).
function collector({ delay = 0, highWaterMark = 16 * 1024, failAfter = Infinity } = {}) {
  const chunks = []
  let written = 0
  let pending = 0
  let worstPending = 0
  const stream = new Writable({
    highWaterMark,
    write(chunk, _enc, done) {
      pending += chunk.length
      worstPending = Math.max(worstPending, stream.writableLength)
      written += chunk.length
      if (written > failAfter) {
        done(new Error('disk full'))
        return
      }
      const finish = () => {
        chunks.push(chunk)
        pending -= chunk.length
        done()
      }
      if (delay > 0) setTimeout(finish, delay)
      else finish()
    },
  })
  return {
    stream,
    text: () => Buffer.concat(chunks).toString('utf8'),
    bytes: () => Buffer.concat(chunks),
    worstBuffered: () => worstPending,
  }
}

test('errorsCsv and acceptedCsv written to Writables are the bytes the report would hold, and the streams are ended', async () => {
  const text = upload(2_000)
  const inMemory = await ld.validateDestinations({ text }, OPTIONS)
  const errors = collector()
  const accepted = collector()
  let finished = 0
  errors.stream.on('finish', () => finished++)
  accepted.stream.on('finish', () => finished++)
  const report = await ld.validateDestinations({ text }, { ...OPTIONS, errorsCsv: errors.stream, acceptedCsv: accepted.stream })
  assert.equal(report.errorsCsv, null)
  assert.equal(report.acceptedCsv, null)
  assert.equal(report.summary.rejected, 200)
  assert.equal(errors.text(), inMemory.errorsCsv)
  assert.equal(accepted.text(), inMemory.acceptedCsv)
  assert.equal(finished, 2)
  assert.ok(errors.stream.writableEnded && accepted.stream.writableEnded)
})

test('a slow Writable is waited for: the writer never runs ahead of its buffer', async () => {
  const text = upload(20_000)
  const slow = collector({ delay: 1, highWaterMark: 8 * 1024 })
  const report = await ld.validateDestinations({ text }, { ...OPTIONS, acceptedCsv: slow.stream, keepAccepted: false })
  assert.equal(report.summary.accepted, 18_000)
  const expected = (await ld.validateDestinations({ text }, OPTIONS)).acceptedCsv
  assert.equal(slow.text(), expected)
  // One chunk of at most 64 KiB may be handed over past the mark, never more.
  assert.ok(slow.worstBuffered() <= 8 * 1024 + 64 * 1024, `buffered ${slow.worstBuffered()} bytes`)
})

test('a web WritableStream takes an output, with its backpressure', async () => {
  const text = upload(3_000)
  const chunks = []
  const stream = new WritableStream(
    {
      async write(chunk) {
        await new Promise((r) => setTimeout(r, 0))
        chunks.push(Buffer.from(chunk))
      },
    },
    new CountQueuingStrategy({ highWaterMark: 2 }),
  )
  const report = await ld.validateDestinations({ text }, { ...OPTIONS, errorsCsv: stream })
  assert.equal(report.errorsCsv, null)
  const expected = (await ld.validateDestinations({ text }, OPTIONS)).errorsCsv
  assert.equal(Buffer.concat(chunks).toString('utf8'), expected)
  assert.equal(stream.locked, false) // the writer was released after close
})

test('the errors workbook and a file output can go to a stream and a path in one run', async (t) => {
  const dir = tempDir(t)
  const book = collector()
  const accepted = path.join(dir, 'accepted.csv')
  const report = await ld.validateDestinations({ text: upload(50) }, { ...OPTIONS, errorsXlsx: book.stream, acceptedCsv: accepted })
  assert.equal(report.summary.rejected, 5)
  assert.equal(book.bytes().subarray(0, 2).toString(), 'PK')
  assert.ok(fs.readFileSync(accepted, 'utf8').startsWith('\uFEFFUKPRN,'))
})

test('credentials go to a Writable: the same bytes as the credentials file for one seed', async (t) => {
  const dir = tempDir(t)
  const example = path.join(__dirname, '..', '..', 'examples', 'learners-import.csv')
  const options = { asOf: '2025-09-01', ukprns: [10012345], processedAt: '2025-09-01T10:00:00Z', credentials: true, seed: 7 }
  const file = path.join(dir, 'credentials.csv')
  await ld.validateLearners(example, { ...options, credentialsCsv: file })
  const out = collector()
  const report = await ld.validateLearners(example, { ...options, credentialsCsv: out.stream })
  assert.ok(report.credentials.length > 0)
  assert.ok(out.text().startsWith('\uFEFFProvider,'))
  assert.deepEqual(out.bytes(), fs.readFileSync(file))
})

test('a stream that fails fails the run with output_unwritable, and no file output is put in place', async (t) => {
  const dir = tempDir(t)
  const failing = collector({ failAfter: 10 })
  const accepted = path.join(dir, 'accepted.csv')
  await rejectsCode(
    ld.validateDestinations({ text: upload(500) }, { ...OPTIONS, errorsCsv: failing.stream, acceptedCsv: accepted }),
    'output_unwritable',
    /errorsCsv.*disk full/,
  )
  assert.equal(fs.existsSync(accepted), false)
})

test('a stream destroyed before the run ends fails it with output_unwritable', async () => {
  const gone = new PassThrough()
  gone.destroy()
  await rejectsCode(
    ld.validateDestinations({ text: upload(20) }, { ...OPTIONS, errorsCsv: gone }),
    'output_unwritable',
    /errorsCsv.*closed/,
  )
})

test('a run that fails writes nothing to its stream outputs and leaves them open', async () => {
  const out = collector()
  await rejectsCode(ld.validateDestinations({ text: 'Name,Code\nx,y' }, { ...OPTIONS, errorsCsv: out.stream }), 'missing_columns')
  assert.equal(out.bytes().length, 0)
  assert.equal(out.stream.writableEnded, false)
})

test('a cancelled run writes nothing to its streams', async () => {
  const out = collector()
  const controller = new AbortController()
  const pending = ld.validateDestinations({ text: upload(300_000) }, { ...OPTIONS, acceptedCsv: out.stream, signal: controller.signal })
  setTimeout(() => controller.abort(), 5)
  await rejectsCode(pending, 'cancelled')
  assert.equal(out.bytes().length, 0)
})

test('one stream for two outputs is refused before anything is read', async () => {
  const out = collector()
  await rejectsCode(
    ld.validateDestinations({ text: upload(5) }, { ...OPTIONS, errorsCsv: out.stream, acceptedCsv: out.stream }),
    'outputs_share_file',
  )
  assert.equal(out.bytes().length, 0)
})

test('the Sync functions and objects that are not streams refuse a stream output, naming the option', async () => {
  const out = collector()
  throwsCode(() => ld.validateDestinationsSync({ text: upload(5) }, { ...OPTIONS, errorsCsv: out.stream }), 'option_invalid', /errorsCsv.*asynchronous/)
  await rejectsCode(ld.validateDestinations({ text: upload(5) }, { ...OPTIONS, acceptedCsv: { write: 1 } }), 'option_invalid', /acceptedCsv.*Writable/)
  await rejectsCode(ld.validateDestinations({ text: upload(5) }, { ...OPTIONS, acceptedCsv: 42 }), 'option_invalid', /acceptedCsv/)
})
