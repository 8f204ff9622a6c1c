// Runs the language-neutral vector files under tests/vectors/ through the WebAssembly package
// in Node, as bindings-node/test/vectors.test.js does through the addon: each `kind` has one
// function turning a case into the "actual" object shaped as the Rust runner
// (tests/run_vectors.rs) shapes it; every key of `expected` must be in it with the same value.
//
// Kinds this package does not cover are listed in SKIPPED with the reason; a kind that is
// neither run nor skipped fails, so no vector goes unrun unnoticed.
import test from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { isDeepStrictEqual } from 'node:util'
import * as ld from '../pkg/index.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const VECTORS_DIR = path.join(here, '..', '..', 'tests', 'vectors')
ld.initSync({ module: fs.readFileSync(path.join(here, '..', 'pkg', 'learner_destinations_wasm_bg.wasm')) })

/** Kinds of tests/vectors/ this package does not run, and why. */
export const SKIPPED = {
  learner_field:
    'the learner field parsers (postcode, UPN, date of birth, year group, ...) are not exported by the wasm package yet',
  survey: 'deriveSurvey (survey answers to destination records) is not exported by the wasm package yet',
}

function subsetMismatch(expected, actual, at = '') {
  const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v)
  if (isObject(expected) && isObject(actual)) {
    for (const [key, value] of Object.entries(expected)) {
      if (!Object.hasOwn(actual, key)) return `${at}.${key}: expected ${JSON.stringify(value)}, missing`
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

function refusal(e) {
  if (!(e instanceof Error) || typeof e.code !== 'string') throw e
  return { error: e.code, message: e.message }
}
function orRefusal(fn, extra = {}) {
  try {
    return fn()
  } catch (e) {
    return { ...refusal(e), ...extra }
  }
}
async function orRefusalAsync(fn) {
  try {
    return await fn()
  } catch (e) {
    return refusal(e)
  }
}

const str = (c, key) => (typeof c[key] === 'string' ? c[key] : '')
const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v)
function renameKeys(value, rename) {
  if (Array.isArray(value)) return value.map((v) => renameKeys(v, rename))
  if (!isPlainObject(value)) return value
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [rename(k), renameKeys(v, rename)]))
}
const camelKey = (k) => k.replace(/_([a-z])/g, (_, c) => c.toUpperCase())
const camel = (value) => renameKeys(value, camelKey)
const snake = (value) => renameKeys(value, (k) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`))
const input = (c) => (isPlainObject(c.input) ? c.input : {})
const MIRRORS = new Map(ld.listFindingCodes().map((k) => [k.code, k.mirrors]))

function uploadSource(c) {
  if (typeof c.input_text === 'string') return { text: c.input_text }
  if (typeof c.input_base64 === 'string') return new Uint8Array(Buffer.from(c.input_base64, 'base64'))
  // A file as a Blob: the chunked Blob path (outside a worker: read once, then in views).
  return new Blob([fs.readFileSync(path.join(VECTORS_DIR, str(c, 'input_file')))])
}

function commonOptions(c) {
  const options = { errorsCsv: 'errors.csv', acceptedCsv: 'accepted.csv' }
  if (typeof c.max_findings === 'number') options.maxFindings = c.max_findings
  if (typeof c.file_name === 'string') options.fileName = c.file_name
  if (typeof c.processed_at === 'string') options.processedAt = c.processed_at
  return options
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
    errors_csv: ld.utf8Text(report.errorsCsv),
    accepted_csv: ld.utf8Text(report.acceptedCsv),
  }
}

const uploadCase = (validate, options) => (c) =>
  orRefusalAsync(async () => uploadActual(await validate(uploadSource(c), options(c))))

const runners = {
  uln(c) {
    try {
      const uln = ld.parseUln(str(c, 'input'))
      return { valid: true, unknown: uln.unknown }
    } catch (e) {
      return { ...refusal(e), valid: false, unknown: false }
    }
  },
  destination_code(c, schemes) {
    return orRefusal(() => {
      const code = schemes.parse(str(c, 'input'))
      return { scheme: code.scheme, code: code.code, title: code.title }
    })
  },
  code_mapping(c, schemes) {
    return orRefusal(() => {
      const entry = schemes.parse(str(c, 'input'))
      if (typeof c.target === 'string') {
        const qualifiers = Array.isArray(c.qualifiers) ? c.qualifiers.filter((q) => typeof q === 'string') : []
        const mapped = schemes.toScheme(entry.code, c.target, qualifiers)
        return { mapped: mapped.code, scheme: mapped.scheme }
      }
      return {
        code: entry.code,
        scheme: entry.scheme,
        valid: schemes.isValidOn(entry.code, str(c, 'as_of')),
        equivalents: schemes.equivalents(entry.code).map((e) => e.code),
      }
    })
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
    return orRefusal(() => snake(ld.decideContact(prefs, options)))
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
    return { findings: ld.checkDestinationRecords(i.records, { year: i.year, filePreparationDate: i.file_preparation_date }) }
  },
  awaiting(c) {
    const i = input(c)
    return snake(ld.awaitingDestinations(camel(i.enrolments), camel(i.destinations), i.as_of))
  },
  add_months(c) {
    const i = input(c)
    return { date: ld.addMonths(i.date, i.months) }
  },
  // One learner through the learners' view with the ILR funding fields (a CompStatus the
  // enrolment cannot name, 4, 5 or 7, is carried in the funding).
  ilr_esfa_rules(c) {
    const i = input(c)
    const enrolments = i.deliveries.map((d) => ({
      ukprn: 10000001,
      uln: '9999999999',
      learnerRef: i.learner_ref,
      aimRef: 'ZPROG001',
      learningEnd: d.learning_end,
      completionStatus: [1, 2, 3, 6].includes(d.comp_status) ? d.comp_status : 2,
      funding: { fundModel: d.fund_model, progType: d.prog_type, compStatus: d.comp_status },
    }))
    const destinations = i.dp
      .filter((r) => typeof r.learner_ref === 'string')
      .flatMap((r) => r.outcomes.map((start) => ({ ukprn: 10000001, learnerRef: r.learner_ref, code: 'EMP1', start, collection: start })))
    const learner = ld.awaitingDestinations(enrolments, destinations, i.file_preparation_date).learners[0]
    if (learner === undefined) return { r107: false, r108: false }
    return { r107: learner.rules.includes('R107'), r108: learner.rules.includes('R108'), latest_end: learner.latestEnd }
  },
  // An ILR file (inline XML, as a Uint8Array) read for one use.
  async ilr_file(c) {
    const i = input(c)
    const use = { awaiting: ld.ilrAwaiting, contacts: ld.ilrContacts, records: ld.ilrRecords }[i.use]
    if (use === undefined) return { error: `unknown use '${i.use}'` }
    const options = {}
    if (i.as_of !== undefined) options.asOf = i.as_of
    if (i.sof !== undefined) options.sof = i.sof
    if (i.policy !== undefined) options.policy = i.policy
    try {
      return snake(await use(new TextEncoder().encode(i.xml), options))
    } catch (e) {
      return refusal(e)
    }
  },
  destinations_upload: uploadCase(ld.validateDestinations, (c) => {
    const options = { ...commonOptions(c), asOf: str(c, 'as_of') }
    if (typeof c.ukprn === 'string') options.ukprn = c.ukprn
    return options
  }),
  learners_upload: uploadCase(ld.validateLearners, (c) => {
    const options = { ...commonOptions(c), asOf: str(c, 'as_of') }
    if (Array.isArray(c.ukprns)) options.ukprns = c.ukprns
    return options
  }),
  qualifications_upload: uploadCase(ld.validateQualifications, (c) => {
    const options = commonOptions(c)
    if (c.lists !== undefined) options.lists = c.lists
    if (typeof c.export_text === 'string') options.export = { text: c.export_text }
    return options
  }),
  template_csv(c) {
    const name = str(c, 'template')
    try {
      return { csv: ld.templateCsv(name) }
    } catch (e) {
      if (e.code === 'option_invalid') return { error: `unknown template '${name}'` }
      throw e
    }
  },
  workflow: workflowCase,
}

function optionError(e) {
  const r = refusal(e)
  if (e.option !== undefined) r.option = e.option
  if (e.accepted !== undefined) r.accepted = e.accepted
  if (e.options !== undefined) r.options = e.options
  return r
}

/** kind `workflow`: `options` (the camelCase half: this package's key style) and `run`. */
async function workflowCase(c) {
  const call = str(c, 'call')
  if (call === 'options') {
    const options = c.camel_options ?? Object.fromEntries(Object.entries(c.options ?? {}).map(([k, v]) => [camelKey(k), v]))
    let camelActual
    try {
      camelActual = { job: ld.jobOptions(str(c, 'template'), options) }
    } catch (e) {
      camelActual = optionError(e)
    }
    // The snake_case half is the Rust, Python and CLI style: compare only the camelCase half.
    const { camel: expectedCamel } = c.expected ?? {}
    if (expectedCamel === undefined) return { __skip: 'a snake_case-only expectation (the Rust, Python and CLI key style)' }
    return { __compare: { camel: expectedCamel }, camel: camelActual }
  }
  if (call === 'run') {
    const template = str(c, 'template')
    const options = Object.fromEntries(Object.entries(c.options ?? {}).map(([k, v]) => [camelKey(k), v]))
    if (template === 'qualifications') {
      if (c.lists !== undefined) options.lists = c.lists
      if (typeof c.reference_text === 'string') options.reference = { text: c.reference_text }
      if (typeof c.export_text === 'string') options.export = { text: c.export_text }
    }
    if (template === 'learners' && options.credentialsCsv === undefined) delete options.credentialsCsv
    options.errorsCsv ??= 'errors.csv'
    options.acceptedCsv ??= 'accepted.csv'
    const validate = { destinations: ld.validateDestinations, learners: ld.validateLearners, qualifications: ld.validateQualifications }[template]
    try {
      const r = await validate(uploadSource(c), options, { today: str(c, 'today') })
      const actual = snake({ ...r, errorsCsv: undefined, acceptedCsv: undefined, credentialsCsv: undefined, accepted: undefined, rejected: undefined, credentials: undefined })
      actual.errors_csv = ld.utf8Text(r.errorsCsv)
      actual.accepted_csv = ld.utf8Text(r.acceptedCsv)
      actual.credentials_csv = r.credentialsCsv === undefined ? '' : ld.utf8Text(r.credentialsCsv)
      actual.rejected_rows = (r.rejected ?? []).map((x) => ({ row: x.row, codes: x.findings.filter((f) => f.severity === 'error').map((f) => f.code) }))
      const order = ['provider', 'firstName', 'lastName', 'postcode', 'uln', 'dob', 'username', 'password', 'createdOn']
      actual.credentials = (r.credentials ?? []).map((x) => ({ row: x.row, cells: order.map((k) => x[k]) }))
      actual.finding_codes = r.findings.map((f) => f.code)
      return actual
    } catch (e) {
      // The Rust runner reads these options in snake_case: name them so.
      const r = optionError(e)
      const snakeKey = (k) => k.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`)
      if (r.option !== undefined) r.option = snakeKey(r.option)
      if (r.options !== undefined) r.options = r.options.map(snakeKey)
      return r
    }
  }
  return { __skip: `workflow call '${call}': a decision the options and runs above exercise; not exported on its own` }
}

async function runVectorFile(name, doc, schemes) {
  if (Object.hasOwn(SKIPPED, doc.kind)) return { failures: [], count: 0, skipped: doc.cases?.length ?? 0 }
  const run = Object.hasOwn(runners, doc.kind) ? runners[doc.kind] : undefined
  if (run === undefined) return { failures: [`${name}: unknown vector kind '${doc.kind}'`], count: 0, skipped: 0 }
  const cases = Array.isArray(doc.cases) ? doc.cases : []
  if (cases.length === 0) return { failures: [`${name}: no cases`], count: 0, skipped: 0 }
  const failures = []
  let count = 0
  let skipped = 0
  for (const [i, c] of cases.entries()) {
    let actual = await run(c, schemes)
    let expected = c.expected ?? null
    if (isPlainObject(actual) && typeof actual.__skip === 'string') {
      skipped += 1
      continue
    }
    if (isPlainObject(actual) && Object.hasOwn(actual, '__compare')) {
      expected = actual.__compare
      const { __compare, ...rest } = actual
      actual = rest
    }
    count += 1
    const m = subsetMismatch(expected, actual)
    if (m !== null) failures.push(`${name} case ${i} (${JSON.stringify(c.name ?? c.input)}): ${m}`)
  }
  return { failures, count, skipped }
}

const files = fs.readdirSync(VECTORS_DIR).filter((f) => f.endsWith('.json')).sort()

for (const file of files) {
  test(`vectors: ${file}`, async (t) => {
    const doc = JSON.parse(fs.readFileSync(path.join(VECTORS_DIR, file), 'utf8'))
    const { failures, count, skipped } = await runVectorFile(file, doc, new ld.Schemes())
    if (Object.hasOwn(SKIPPED, doc.kind)) {
      t.skip(`kind '${doc.kind}' skipped: ${SKIPPED[doc.kind]}`)
      return
    }
    assert.deepEqual(failures, [], `${failures.length} of ${count} cases failed`)
    assert.ok(count > 0)
    if (skipped > 0) t.diagnostic(`${skipped} cases skipped`)
  })
}

test('a vector file of an unknown kind fails the run', async () => {
  const { failures } = await runVectorFile('made-up.json', { kind: 'no_such_kind', cases: [{}] }, new ld.Schemes())
  assert.deepEqual(failures, ["made-up.json: unknown vector kind 'no_such_kind'"])
})

test("every kind of the Rust runner is run here or skipped with a reason", () => {
  const rust = fs.readFileSync(path.join(VECTORS_DIR, '..', 'run_vectors.rs'), 'utf8')
  const start = rust.indexOf('match kind.as_str()')
  const dispatch = rust.slice(start, rust.indexOf('other =>', start))
  const kinds = [...dispatch.matchAll(/"([a-z_]+)" => /g)].map((m) => m[1])
  assert.ok(kinds.length >= 13, `kinds found in run_vectors.rs: ${kinds}`)
  assert.deepEqual(kinds.filter((k) => !Object.hasOwn(runners, k) && !Object.hasOwn(SKIPPED, k)), [])
})

test('a case whose expectation differs fails the run', async () => {
  const doc = { kind: 'uln', cases: [{ input: '1000000042', expected: { valid: true } }] }
  const { failures } = await runVectorFile('wrong.json', doc, new ld.Schemes())
  assert.equal(failures.length, 1)
  assert.match(failures[0], /\.valid: expected true, got false/)
})
