// Every error the package throws, or rejects a promise with, is a DestinationsError: an Error
// with a catalogued `code`, its `category`, and the error's fields. Bad input is walked through
// every function, method and constructor the package exports.
'use strict'

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const ld = require('..')
const { tempDir, exampleAwaiting } = require('./helpers.js')

const { DestinationsError } = ld
const CATEGORIES = new Map(ld.listErrorCodes().map((k) => [k.code, k.category]))

function assertOurs(e, where) {
  assert.ok(e instanceof DestinationsError, `${where}: ${e && e.constructor && e.constructor.name}: ${e && e.message}`)
  assert.ok(e instanceof Error, where)
  assert.equal(e.name, 'DestinationsError', where)
  assert.ok(CATEGORIES.has(e.code), `${where}: code ${e.code} is not catalogued`)
  assert.equal(e.category, CATEGORIES.get(e.code), where)
  assert.equal(typeof e.message, 'string')
  assert.ok(e.message.length <= 1200, `${where}: a message of ${e.message.length} characters`)
  assert.ok(typeof e.stack === 'string' && e.stack.length > 0, where)
}

// Calls `f` and returns what it threw or rejected with (undefined when it neither did).
async function failure(f) {
  try {
    const out = f()
    if (out && typeof out.then === 'function') await out
  } catch (e) {
    return e
  }
  return undefined
}

const BAD_ARGUMENTS = [
  [],
  [undefined],
  [null],
  [42],
  [-1.5],
  [NaN],
  ['not a value any function takes'],
  ['x'.repeat(100_000)],
  [{}],
  [{ unknownKey: true }],
  [[1, 2, 3]],
  [true],
  [Symbol('s')],
  [10n],
  [() => 1],
  [Buffer.from('PK\u0003\u0004 damaged')],
  ['2025-13-45', 'also bad', { nope: 1 }],
  [{ text: 'Name\nx' }, { asOf: 'yesterday' }],
  ['/no/such/file.csv'],
]

// Functions that block for a long time or wait on an input that never ends are not walked.
const SKIP = new Set(['generatePassword'])

function classesAndFunctions() {
  const functions = []
  const classes = []
  for (const [name, value] of Object.entries(ld)) {
    if (typeof value !== 'function' || name === 'DestinationsError' || name.startsWith('Binding')) continue
    if (/^[A-Z]/.test(name) && value.prototype && Object.getOwnPropertyNames(value.prototype).length > 1) classes.push([name, value])
    else if (/^[A-Z]/.test(name)) classes.push([name, value])
    else functions.push([name, value])
  }
  return { functions, classes }
}

// An instance of each class, made as a user would, for walking its methods.
function instances() {
  const workbook = ld.Workbook.fromBytes(ld.templateXlsx('destinations'))
  return {
    Schemes: new ld.Schemes(),
    Scheme: new ld.Schemes().scheme('wmca'),
    LearnerLists: new ld.LearnerLists(),
    QualificationLists: new ld.QualificationLists(),
    ExportedLearners: new ld.ExportedLearners(),
    SurveyDefinition: new ld.SurveyDefinition(),
    UsernameGenerator: new ld.UsernameGenerator(),
    Workbook: workbook,
  }
}

test('every function: what it throws or rejects with for bad input is a DestinationsError', async () => {
  const { functions } = classesAndFunctions()
  assert.ok(functions.length > 60, `${functions.length} functions`)
  let failures = 0
  for (const [name, f] of functions) {
    if (SKIP.has(name)) continue
    for (const args of BAD_ARGUMENTS) {
      const e = await failure(() => f(...args))
      if (e === undefined) continue
      failures++
      assertOurs(e, `${name}(${args.map((a) => typeof a).join(', ')})`)
    }
  }
  assert.ok(failures > 300, `${failures} failures walked`)
})

test('every class: constructors, static and instance methods throw DestinationsErrors only', async () => {
  const { classes } = classesAndFunctions()
  const made = instances()
  let failures = 0
  for (const [name, C] of classes) {
    if (typeof C.prototype !== 'object') continue
    for (const args of BAD_ARGUMENTS) {
      const e = await failure(() => new C(...args))
      if (e !== undefined) {
        failures++
        assertOurs(e, `new ${name}(...)`)
      }
      const e2 = await failure(() => C(...args))
      assert.ok(e2 === undefined || e2 instanceof DestinationsError, `${name}() without new: ${e2}`)
    }
    for (const key of Object.getOwnPropertyNames(C)) {
      if (typeof C[key] !== 'function' || ['length', 'name', 'prototype'].includes(key)) continue
      for (const args of BAD_ARGUMENTS) {
        const e = await failure(() => C[key](...args))
        if (e === undefined) continue
        failures++
        assertOurs(e, `${name}.${key}(...)`)
      }
    }
    const instance = made[name]
    if (instance === undefined) continue
    for (const key of Object.getOwnPropertyNames(C.prototype)) {
      const d = Object.getOwnPropertyDescriptor(C.prototype, key)
      if (key === 'constructor' || typeof d.value !== 'function') continue
      for (const args of BAD_ARGUMENTS) {
        const e = await failure(() => instance[key](...args))
        if (e === undefined) continue
        failures++
        assertOurs(e, `${name}#${key}(...)`)
      }
    }
  }
  assert.ok(failures > 50, `${failures} failures walked`)
})

test('a refused value carries its code, category argument and the value', () => {
  const e = (() => { try { ld.parseUln('1000000042') } catch (e) { return e } })()
  assertOurs(e, 'parseUln')
  assert.deepEqual([e.code, e.category, e.value], ['uln_checksum', 'argument', '1000000042'])
  assert.match(e.message, /should be 3, not 2/)
})

test('an element of an array argument is named in `at`', () => {
  const { enrolments } = exampleAwaiting()
  const e = (() => {
    try {
      ld.awaitingDestinations([enrolments[0], { ...enrolments[1], uln: '9276308687' }], [], '2025-09-23')
    } catch (e) {
      return e
    }
  })()
  assertOurs(e, 'awaitingDestinations')
  assert.deepEqual([e.code, e.at], ['uln_checksum', 'enrolments[1].uln'])
  assert.match(e.message, /^enrolments\[1\]\.uln: /)
})

test('a message echoing a long value is cut, keeping its start and end', () => {
  const e = (() => { try { ld.parseCcis('9'.repeat(100_000)) } catch (e) { return e } })()
  assertOurs(e, 'parseCcis')
  assert.ok(e.message.length < 700, `${e.message.length} characters`)
  assert.match(e.message, /characters left out/)
  assert.ok(e.value.length < 260)
})

test('option errors carry option, accepted and options; file errors path and what', async (t) => {
  const unknown = await failure(() => ld.validateDestinations({ text: 'x' }, { ukrpn: 10012345 }))
  assertOurs(unknown, 'ukrpn')
  assert.equal(unknown.code, 'option_unknown')
  assert.equal(unknown.category, 'option')
  assert.equal(unknown.option, 'ukrpn')
  assert.ok(unknown.accepted.includes('ukprn') && unknown.accepted.includes('schemes'))

  const invalid = await failure(() => ld.validateDestinationsSync({ text: 'x' }, { maxFindings: -1 }))
  assertOurs(invalid, 'maxFindings')
  assert.deepEqual([invalid.code, invalid.option], ['option_invalid', 'maxFindings'])

  const dir = tempDir(t)
  const same = path.join(dir, 'out.csv')
  const shared = await failure(() => ld.validateDestinations({ text: 'x' }, { errorsCsv: same, acceptedCsv: same }))
  assertOurs(shared, 'outputs_share_file')
  assert.deepEqual([shared.code, shared.category, shared.options, shared.path], ['outputs_share_file', 'output', ['errorsCsv', 'acceptedCsv'], same])

  const missing = await failure(() => ld.loadSchemeFile(path.join(dir, 'none.json')))
  assertOurs(missing, 'loadSchemeFile')
  assert.deepEqual([missing.code, missing.category, missing.what, missing.path], ['input_unreadable', 'io', 'scheme file', path.join(dir, 'none.json')])

  const columns = await failure(() => ld.validateDestinations({ text: 'Name,Code\nx,y' }))
  assertOurs(columns, 'missing_columns')
  assert.ok(columns.missing.includes('Unique Learner Number'))
  assert.deepEqual(columns.found, ['Name', 'Code'])

  const scheme = await failure(() => ld.Scheme.fromJson('{"code": 1}'))
  assertOurs(scheme, 'Scheme.fromJson')
  assert.deepEqual([scheme.code, scheme.category], ['scheme_invalid', 'input'])
  const json = await failure(() => ld.deriveSurvey('{"answers": '))
  assertOurs(json, 'deriveSurvey')
  assert.equal(json.code, 'json_invalid')
  assert.equal(typeof json.line, 'number')
})

test("napi's own refusals of a JavaScript type are option_invalid, napi's code kept", () => {
  const e = (() => { try { ld.parseUln(5) } catch (e) { return e } })()
  assertOurs(e, 'parseUln(5)')
  assert.equal(e.code, 'option_invalid')
  assert.equal(e.napiCode, 'StringExpected')
})

test('a getter of the caller that throws while options are read is host_failure with it as cause', async () => {
  const boom = new Error('boom')
  const options = { get asOf() { throw boom } }
  const e = await failure(() => ld.validateDestinations({ text: 'x' }, options))
  assertOurs(e, 'getter')
  assert.equal(e.code, 'host_failure')
  assert.equal(e.cause, boom)
  assert.equal(Object.getPrototypeOf(boom), Error.prototype, "the caller's error is left as it was")
})

test('UploadRows.batches refuses a bad size with a DestinationsError', async () => {
  const report = await ld.validateDestinations({ text: fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'destinations-upload.csv'), 'utf8') }, { asOf: '2025-09-01' })
  const e = await failure(async () => {
    for await (const _ of report.accepted.batches(0)) break
  })
  assertOurs(e, 'batches(0)')
  assert.deepEqual([e.code, e.option], ['option_invalid', 'size'])
})

test('classes keep their identity through the wrapper', () => {
  const schemes = new ld.Schemes()
  assert.ok(schemes instanceof ld.Schemes)
  assert.ok(ld.Schemes.fromSchemes([schemes.scheme('ilr')]) instanceof ld.Schemes)
  const report = ld.validateDestinationsSync({ text: 'UKPRN,Unique Learner Number,Learner Reference Number,Learning Aim Reference,Learning Aim Title,Destination Code\n10012345,9276308686,L1,20000008,T,EMP1' }, { asOf: '2025-09-01', schemes })
  assert.equal(report.summary.accepted, 1)
  assert.equal(new DestinationsError('m', 'no_data', { what: 'destinations' }).category, 'input')
  assert.equal(new DestinationsError('m', 'not_a_code').code, 'host_failure')
})
