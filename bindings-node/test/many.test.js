// The Promise versions of the functions that take a list: the same values and errors as their
// synchronous twins, with the work done off the JavaScript thread.
'use strict'

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const ld = require('..')
const { exampleAwaiting } = require('./helpers.js')

const { example, enrolments: ENROLMENTS } = exampleAwaiting()

async function errorOf(f) {
  try {
    await f()
  } catch (e) {
    return e
  }
  assert.fail('not refused')
}

// How many times a 0 ms timer fired while `promise` was pending.
async function ticksDuring(promise) {
  let ticks = 0
  let running = true
  const tick = () => {
    ticks++
    if (running) setTimeout(tick, 0)
  }
  setTimeout(tick, 0)
  const value = await promise
  running = false
  return { value, ticks }
}

test('awaitingDestinationsAsync: the same report as awaitingDestinations, off the thread', async () => {
  const many = []
  for (let i = 0; i < 20_000; i++) many.push({ ...ENROLMENTS[i % ENROLMENTS.length], learnerRef: `L${i}` })
  const sync = ld.awaitingDestinations(many, [], '2025-09-23')
  const { value, ticks } = await ticksDuring(ld.awaitingDestinationsAsync(many, [], '2025-09-23'))
  assert.deepEqual(value, sync)
  assert.ok(value.learners.length > 1000)
  assert.ok(ticks >= 1, `${ticks} ticks`)
  const bad = [ENROLMENTS[0], { ...ENROLMENTS[1], uln: '9276308687' }]
  const e = await errorOf(() => ld.awaitingDestinationsAsync(bad, [], '2025-09-23'))
  assert.ok(e instanceof ld.DestinationsError)
  assert.deepEqual([e.code, e.at], ['uln_checksum', 'enrolments[1].uln'])
})

test('checkDestinationRecordsAsync: the same findings, with the caller\'s schemes', async () => {
  const records = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'destination-records.json'), 'utf8'))
  const list = Array.isArray(records) ? records : records.records
  const input = list.map((r) => ({ code: r.code, start: r.start, end: r.end ?? undefined, collection: r.collection }))
  const options = { filePreparationDate: '2025-10-02', schemes: new ld.Schemes() }
  assert.deepEqual(await ld.checkDestinationRecordsAsync(input, options), ld.checkDestinationRecords(input, options))
  const e = await errorOf(() => ld.checkDestinationRecordsAsync([{ code: 'EMP1', start: '1/9/2025', collection: '2025-10-01' }]))
  assert.deepEqual([e.code, e.at], ['date_format', 'records[0].start'])
})

test('deriveSurveysAsync: one derivation a document, as deriveSurvey gives it', async () => {
  const doc = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'survey-answers.json'), 'utf8'))
  const options = { asOf: '2025-10-02', learningEnd: '2025-07-18' }
  const docs = [doc, JSON.stringify(doc), doc]
  const out = await ld.deriveSurveysAsync(docs, options)
  assert.equal(out.length, 3)
  for (const d of out) assert.deepEqual(d, ld.deriveSurvey(doc, options))
  const e = await errorOf(() => ld.deriveSurveysAsync([doc, '{"answers": '], options))
  assert.ok(e instanceof ld.DestinationsError)
  assert.equal(e.code, 'json_invalid')
  assert.match(e.at, /^answers\[1\]/)
})

test('trackSurveysAsync: one tracking a survey, as trackSurvey gives it', async () => {
  const surveys = [
    { learningEnd: '2025-07-31', sent: '2025-08-01', reminders: 1 },
    { learningEnd: '2025-07-31', sent: '2025-08-01', answered: '2025-08-10' },
  ]
  const out = await ld.trackSurveysAsync(surveys, '2025-09-30')
  assert.deepEqual(out, surveys.map((s) => ld.trackSurvey(s, '2025-09-30')))
  const e = await errorOf(() => ld.trackSurveysAsync([surveys[0], { learningEnd: '2025-07-31', sent: '2025-07-01' }], '2025-09-30'))
  assert.equal(e.code, 'date_order')
  assert.match(e.at, /^surveys\[1\]/)
})
