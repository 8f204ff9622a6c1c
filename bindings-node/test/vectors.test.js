// Runs every language-neutral vector file under tests/vectors/ through the Node API.
//
// Each `kind` has one function turning a case into the "actual" object, shaped as the Rust
// runner (tests/run_vectors.rs) shapes it; every key of `expected` must be in it with the same
// value (`subsetMismatch`, the same comparison as tests/lib.rs `subset_mismatch`). A file whose
// `kind` this runner does not know fails, so no vector goes unrun.
//
// Vector inputs and expectations use the core's JSON names (`learning_end`); the API uses
// camelCase (`learningEnd`). `camel` and `snake` convert keys, nothing else: values, and the
// export columns of accepted rows, are compared as they are.
'use strict'

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { isDeepStrictEqual } = require('node:util')
const ld = require('..')
const { Schemes, parseUln } = ld

const VECTORS_DIR = path.join(__dirname, '..', '..', 'tests', 'vectors')

/** Where `expected` is not contained in `actual`: the first difference, or null. */
function subsetMismatch(expected, actual, at = '') {
  const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v)
  if (isObject(expected) && isObject(actual)) {
    for (const [key, value] of Object.entries(expected)) {
      if (!Object.hasOwn(actual, key)) {
        return `${at}.${key}: expected ${JSON.stringify(value)}, missing`
      }
      const m = subsetMismatch(value, actual[key], `${at}.${key}`)
      if (m !== null) return m
    }
    return null
  }
  if (Array.isArray(expected) && Array.isArray(actual) && expected.length === actual.length) {
    for (let i = 0; i < expected.length; i++) {
      const m = subsetMismatch(expected[i], actual[i], `${at}[${i}]`)
      if (m !== null) return m
    }
    return null
  }
  if (isDeepStrictEqual(expected, actual)) return null
  return `${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`
}

/** A refusal thrown by the API as the Rust runner's `{error, message}`; anything else rethrows. */
function refusal(e) {
  if (!(e instanceof Error) || typeof e.code !== 'string') throw e
  return { error: e.code, message: e.message }
}

const str = (c, key) => (typeof c[key] === 'string' ? c[key] : '')

const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v)

/** `value` with every object key converted by `rename`, recursively. */
function renameKeys(value, rename) {
  if (Array.isArray(value)) return value.map((v) => renameKeys(v, rename))
  if (!isPlainObject(value)) return value
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [rename(k), renameKeys(v, rename)]))
}
/** `learning_end` -> `learningEnd`, recursively over keys. */
const camel = (value) => renameKeys(value, (k) => k.replace(/_([a-z])/g, (_, c) => c.toUpperCase()))
/** `learningEnd` -> `learning_end`, recursively over keys. */
const snake = (value) => renameKeys(value, (k) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`))

const MIRRORS = new Map(ld.listFindingCodes().map((k) => [k.code, k.mirrors]))

/** A finding returned by a check* function as the Rust runner's refusal, or null. */
const findingAsRefusal = (f) => (f === null ? null : { error: f.code, message: f.message })

/** Runs `fn`; a thrown refusal becomes `{error, message, ...extra}`. */
function orRefusal(fn, extra = {}) {
  try {
    return fn()
  } catch (e) {
    return { ...refusal(e), ...extra }
  }
}

const input = (c) => (isPlainObject(c.input) ? c.input : {})

/** The source of an upload case, in each of the forms the API takes. */
function uploadSource(c) {
  if (typeof c.input_text === 'string') return { text: c.input_text }
  if (typeof c.input_base64 === 'string') return Buffer.from(c.input_base64, 'base64')
  return path.join(VECTORS_DIR, str(c, 'input_file')) // a plain string is a path
}

/** The options every upload case may give, as the API names them. */
function commonOptions(c) {
  const options = {}
  if (typeof c.max_findings === 'number') options.maxFindings = c.max_findings
  if (typeof c.file_name === 'string') options.fileName = c.file_name
  if (typeof c.processed_at === 'string') options.processedAt = c.processed_at
  return options
}

function destinationsOptions(c) {
  const options = { ...commonOptions(c), asOf: str(c, 'as_of') }
  if (typeof c.ukprn === 'string') options.ukprn = c.ukprn
  return options
}

function learnersOptions(c) {
  const options = { ...commonOptions(c), asOf: str(c, 'as_of') }
  if (Array.isArray(c.ukprns)) options.ukprns = c.ukprns
  return options
}

function qualificationsOptions(c) {
  const options = commonOptions(c)
  if (c.lists !== undefined) options.lists = ld.QualificationLists.fromJson(JSON.stringify(c.lists))
  if (typeof c.export_text === 'string') options.export = { text: c.export_text }
  return options
}

/**
 * Runs an upload case through both halves of a pair (`name` and `nameSync`), which must agree,
 * and gives the report in the Rust runner's shape, or the thrown refusal.
 */
async function bothHalves(name, c, options) {
  let sync
  try {
    sync = uploadActual(ld[`${name}Sync`](uploadSource(c), options(c)))
  } catch (e) {
    sync = refusal(e)
  }
  let promised
  try {
    promised = uploadActual(await ld[name](uploadSource(c), options(c)))
  } catch (e) {
    promised = refusal(e)
  }
  if (!isDeepStrictEqual(sync, promised)) {
    return { sync_and_async_differ: { sync, promised } }
  }
  return sync
}

/** An upload report in the Rust runner's shape. */
function uploadActual(report) {
  return {
    summary: snake(report.summary),
    findings: report.findings,
    truncated: report.truncated,
    rejected_rows: report.rejected.map((r) => ({
      row: r.row,
      codes: r.findings.filter((f) => f.severity === 'error').map((f) => f.code),
    })),
    accepted_rows: report.accepted,
    errors_csv: report.errorsCsv,
    accepted_csv: report.acceptedCsv,
  }
}

const runners = {
  uln(c) {
    try {
      const uln = parseUln(str(c, 'input'))
      return { valid: true, unknown: uln.unknown }
    } catch (e) {
      return { ...refusal(e), valid: false, unknown: false }
    }
  },

  destination_code(c, schemes) {
    try {
      const code = schemes.parse(str(c, 'input'))
      return { scheme: code.scheme, code: code.code, title: code.title }
    } catch (e) {
      return refusal(e)
    }
  },

  code_mapping(c, schemes) {
    try {
      const entry = schemes.parse(str(c, 'input'))
      if (typeof c.target === 'string') {
        const qualifiers = Array.isArray(c.qualifiers)
          ? c.qualifiers.filter((q) => typeof q === 'string')
          : []
        const mapped = schemes.toScheme(entry.code, c.target, qualifiers)
        return { mapped: mapped.code, scheme: mapped.scheme }
      }
      const valid = schemes.isValidOn(entry.code, str(c, 'as_of'))
      return {
        code: entry.code,
        scheme: entry.scheme,
        valid,
        equivalents: schemes.equivalents(entry.code).map((e) => e.code),
      }
    } catch (e) {
      return refusal(e)
    }
  },

  learner_field(c) {
    const value = str(c, 'input')
    const lists = new ld.LearnerLists()
    const accepted = (v, warnings = []) => ({ valid: true, value: v, warnings })
    const checked = (f) => (f === null ? accepted(null) : { ...findingAsRefusal(f), valid: false })
    const fields = {
      upn: () => accepted(ld.parseUpn(value).value),
      postcode: () => {
        const p = ld.parsePostcode(value)
        return accepted(p.value, p.warnings.map((w) => w.code))
      },
      telephone: () => accepted(ld.parseUkTelephone(value)),
      email: () => accepted(ld.parseEmail(value)),
      dob: () => {
        const d = ld.parseDateOfBirth(value, str(c, 'as_of'))
        return accepted(d.date, d.warning === null ? [] : [d.warning.code])
      },
      year_group: () => accepted(lists.yearGroup(value)),
      gender: () => accepted(lists.gender(value)),
      ethnicity: () => accepted(lists.ethnicity(value)),
      ccis: () => accepted(ld.parseCcis(value)),
      text: () => accepted(ld.parseTextField('Street', value)),
      username: () => checked(ld.checkUsername(value, 'learner')),
      staff_username: () => checked(ld.checkUsername(value, 'staff')),
      password: () => checked(ld.checkPassword(value)),
    }
    const field = str(c, 'field')
    if (!Object.hasOwn(fields, field)) return { error: `unknown field '${field}'` }
    return orRefusal(fields[field], { valid: false })
  },

  survey(c) {
    try {
      // The answers document as the parsed object (the Rust runner passes its JSON text; the
      // API tests check both forms agree).
      const options = { asOf: str(c, 'as_of') }
      if (typeof c.learning_end === 'string') options.learningEnd = c.learning_end
      const out = ld.deriveSurvey(c.answers === undefined ? '' : c.answers, options)
      return {
        records: snake(out.records),
        findings: out.findings,
        finding_codes: out.findings.map((f) => f.code),
      }
    } catch (e) {
      return refusal(e)
    }
  },

  contact(c) {
    const i = input(c)
    const options = { policy: i.policy ?? 'seed' }
    if (typeof i.learning_end === 'string' && typeof i.as_of === 'string') {
      options.learningEnd = i.learning_end
      options.asOf = i.as_of
    }
    const prefs = { rui: i.rui ?? [], pmc: i.pmc ?? [] }
    if (Object.hasOwn(i, 'email')) prefs.email = i.email
    if (Object.hasOwn(i, 'mobile')) prefs.mobile = i.mobile
    return orRefusal(() => {
      const d = snake(ld.decideContact(prefs, options))
      if (options.learningEnd === undefined) delete d.record
      return d
    })
  },

  contact_preferences(c) {
    const i = input(c)
    const findings = ld.checkContactPreferences({ rui: i.rui, pmc: i.pmc }, i.first_start)
    return { findings: findings.map((f) => ({ ...f, mirrors: MIRRORS.get(f.code) ?? null })) }
  },

  uk_mobile(c) {
    return orRefusal(() => ({ valid: true, ...ld.parseUkMobile(str(c, 'input')) }), { valid: false })
  },

  tracking(c) {
    const i = input(c)
    return orRefusal(() => snake(ld.trackSurvey(camel(i.survey), i.as_of, camel(i.settings))))
  },

  destination_records(c) {
    const i = input(c)
    const findings = ld.checkDestinationRecords(i.records, {
      year: i.year,
      filePreparationDate: i.file_preparation_date,
    })
    return { findings }
  },

  awaiting(c) {
    const i = input(c)
    return snake(ld.awaitingDestinations(camel(i.enrolments), camel(i.destinations), i.as_of))
  },

  add_months(c) {
    const i = input(c)
    return { date: ld.addMonths(i.date, i.months) }
  },

  // Uploads go through both halves of their pair: the Promise must give what the Sync call
  // gives.
  destinations_upload: (c) => bothHalves('validateDestinations', c, destinationsOptions),
  learners_upload: (c) => bothHalves('validateLearners', c, learnersOptions),
  qualifications_upload: (c) => bothHalves('validateQualifications', c, qualificationsOptions),

  template_csv(c) {
    const name = str(c, 'template')
    try {
      return { csv: ld.templateCsv(name) }
    } catch (e) {
      // The Rust runner names a template it does not know in its own words.
      if (e.code === 'option_invalid') return { error: `unknown template '${name}'` }
      throw e
    }
  },
}

/** Runs one vector document; returns the failures and the number of cases. */
async function runVectorFile(name, doc, schemes) {
  const run = Object.hasOwn(runners, doc.kind) ? runners[doc.kind] : undefined
  if (run === undefined) {
    return { failures: [`${name}: unknown vector kind '${doc.kind}'`], count: 0 }
  }
  const cases = Array.isArray(doc.cases) ? doc.cases : []
  if (cases.length === 0) return { failures: [`${name}: no cases`], count: 0 }
  const failures = []
  for (const [i, c] of cases.entries()) {
    const m = subsetMismatch(c.expected ?? null, await run(c, schemes))
    if (m !== null) failures.push(`${name} case ${i} (${JSON.stringify(c.name ?? c.input)}): ${m}`)
  }
  return { failures, count: cases.length }
}

const files = fs
  .readdirSync(VECTORS_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()

test('vector files are found', () => {
  assert.ok(files.length > 0, `no vector files in ${VECTORS_DIR}`)
})

for (const file of files) {
  test(`vectors: ${file}`, async () => {
    const doc = JSON.parse(fs.readFileSync(path.join(VECTORS_DIR, file), 'utf8'))
    const { failures, count } = await runVectorFile(file, doc, new Schemes())
    assert.deepEqual(failures, [], `${failures.length} of ${count} cases failed`)
    assert.ok(count > 0)
  })
}

test('a vector file of an unknown kind fails the run', async () => {
  const doc = { kind: 'no_such_kind', cases: [{ input: 'x', expected: {} }] }
  const { failures } = await runVectorFile('made-up.json', doc, new Schemes())
  assert.deepEqual(failures, ["made-up.json: unknown vector kind 'no_such_kind'"])
  // Names of Object.prototype are not kinds either.
  const proto = await runVectorFile('x.json', { kind: 'toString', cases: [{}] }, new Schemes())
  assert.equal(proto.failures.length, 1)
})

test('every kind of the Rust runner has a runner here', () => {
  const rust = fs.readFileSync(path.join(VECTORS_DIR, '..', 'run_vectors.rs'), 'utf8')
  const start = rust.indexOf('match kind.as_str()')
  const dispatch = rust.slice(start, rust.indexOf('other =>', start))
  const kinds = [...dispatch.matchAll(/"([a-z_]+)" => /g)].map((m) => m[1])
  assert.ok(kinds.length >= 13, `kinds found in run_vectors.rs: ${kinds}`)
  assert.deepEqual(kinds.filter((k) => !Object.hasOwn(runners, k)), [])
})

test('a case whose expectation differs fails the run', async () => {
  const doc = {
    kind: 'uln',
    cases: [{ input: '1000000042', expected: { valid: true } }],
  }
  const { failures } = await runVectorFile('wrong.json', doc, new Schemes())
  assert.equal(failures.length, 1)
  assert.match(failures[0], /\.valid: expected true, got false/)
})

test('subsetMismatch compares as tests/lib.rs subset_mismatch', () => {
  assert.equal(subsetMismatch({ a: 1 }, { a: 1, b: 2 }), null)
  assert.equal(subsetMismatch({ a: { b: [1, 2] } }, { a: { b: [1, 2], c: 3 } }), null)
  assert.equal(subsetMismatch({ a: 1 }, { b: 1 }), '.a: expected 1, missing')
  assert.equal(subsetMismatch({ a: [1, 2] }, { a: [1] }), '.a: expected [1,2], got [1]')
  assert.equal(subsetMismatch({ a: [{ x: 1 }] }, { a: [{ x: 2 }] }), '.a[0].x: expected 1, got 2')
  assert.equal(subsetMismatch(null, { a: 1 }), ': expected null, got {"a":1}')
  assert.equal(subsetMismatch({ a: null }, { a: null }), null)
  assert.notEqual(subsetMismatch({ a: null }, { a: 'x' }), null)
})
