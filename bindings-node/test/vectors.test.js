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
const os = require('node:os')
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
  // Without `processed_at`, each half's summary carries the time it ran (the host's clock).
  const clockFree = (actual) =>
    typeof c.processed_at === 'string' || !actual.summary ? actual : { ...actual, summary: { ...actual.summary, processed_at: null } }
  if (!isDeepStrictEqual(clockFree(sync), clockFree(promised))) {
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
    accepted_rows: report.accepted === null ? null : report.accepted.toArray(),
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
      // answers_text: the document as JSON text (a key given twice cannot be an object).
      const answers = typeof c.answers_text === 'string' ? c.answers_text : c.answers
      const out = ld.deriveSurvey(answers === undefined ? '' : answers, options)
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
      .flatMap((r) =>
        r.outcomes.map((start) => ({ ukprn: 10000001, learnerRef: r.learner_ref, code: 'EMP1', start, collection: start })),
      )
    const learner = ld.awaitingDestinations(enrolments, destinations, i.file_preparation_date).learners[0]
    if (learner === undefined) return { r107: false, r108: false }
    return { r107: learner.rules.includes('R107'), r108: learner.rules.includes('R108'), latest_end: learner.latestEnd }
  },

  // An ILR file (inline XML, as a Buffer) read for one use, through both halves of its pair.
  async ilr_file(c) {
    const i = input(c)
    const name = { awaiting: 'ilrAwaiting', contacts: 'ilrContacts', records: 'ilrRecords' }[i.use]
    if (name === undefined) return { error: `unknown use '${i.use}'` }
    const options = {}
    if (i.as_of !== undefined) options.asOf = i.as_of
    if (i.sof !== undefined) options.sof = i.sof
    if (i.policy !== undefined) options.policy = i.policy
    const xml = Buffer.from(i.xml, 'utf8')
    let sync
    try {
      sync = snake(ld[`${name}Sync`](xml, options))
    } catch (e) {
      sync = refusal(e)
    }
    let promised
    try {
      promised = snake(await ld[name](xml, options))
    } catch (e) {
      promised = refusal(e)
    }
    assert.deepEqual(promised, sync, `${name}: the Promise gave another result than the Sync call`)
    return sync
  },

  // Uploads go through both halves of their pair: the Promise must give what the Sync call
  // gives.
  destinations_upload: (c) => bothHalves('validateDestinations', c, destinationsOptions),
  learners_upload: (c) => bothHalves('validateLearners', c, learnersOptions),
  qualifications_upload: (c) => bothHalves('validateQualifications', c, qualificationsOptions),

  // The core's workflow as this package reaches it: options through `uploadOptions` and the
  // upload functions (camelCase only: see `workflowExpected`), whole runs through the Sync
  // upload functions, and each decision through the function that applies it.
  workflow: (c) => workflowCase(c),

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

// --- kind `workflow` -------------------------------------------------------------------------

/** The core's camelCase for a snake_case key (`KeyStyle::Camel.key`): `max_findings` -> `maxFindings`. */
const camelKey = (k) => k.replace(/_(.)/g, (_, c) => c.toUpperCase())

/**
 * Options this package takes besides the core's (class instances and sources it converts
 * itself); an unknown key's `accepted` lists them too, after the core's, and they are left out
 * here to compare with the core's list.
 */
const NODE_OPTIONS = new Set(['schemes', 'lists', 'export', 'exported', 'reference', 'signal', 'onProgress'])

/** A thrown option error as the Rust runner's `workflow_error`: code, message and fields. */
function workflowError(e) {
  const out = refusal(e)
  // Functions other than the uploads' carry the option in their message only.
  const named = /^option '([^']+)': /.exec(e.message)
  if (e.option !== undefined) out.option = e.option
  else if (named) out.option = named[1]
  if (e.accepted !== undefined) out.accepted = e.accepted.filter((k) => !NODE_OPTIONS.has(k))
  if (e.options !== undefined) out.options = e.options
  return out
}

/**
 * What a workflow case expects of a camelCase caller: `expected.camel` when the case gives it,
 * else `expected` with option names (job keys, `option`, `accepted`, `options`) in camelCase.
 * This package has no snake_case interface, so the snake_case expectations are the Rust and
 * Python runners' to check.
 */
function workflowExpected(c) {
  const expected = c.expected ?? null
  if (!isPlainObject(expected)) return expected
  if (c.call === 'options' && isPlainObject(expected.camel)) return expected.camel
  const out = { ...expected }
  delete out.camel
  // The status read is the Rust runner's to compare; here, that it is taken.
  if (c.call === 'completion_status' && out.code !== undefined) return { taken: true }
  // A decision's option is the Rust runner's argument name, kept; the runner here maps the
  // names this package gives it (`group.n`, `asOf`...) to those.
  if (c.call !== 'options' && c.call !== 'run') return out
  if (isPlainObject(out.job)) out.job = Object.fromEntries(Object.entries(out.job).map(([k, v]) => [camelKey(k), v]))
  if (typeof out.option === 'string') out.option = camelKey(out.option)
  for (const key of ['accepted', 'options']) if (Array.isArray(out[key])) out[key] = out[key].map(camelKey)
  return out
}

/** The case's options for a camelCase caller: `camel_options`, else `options` with camelCase keys. */
function workflowOptions(c) {
  if (c.camel_options !== undefined) return c.camel_options
  return isPlainObject(c.options) ? Object.fromEntries(Object.entries(c.options).map(([k, v]) => [camelKey(k), v])) : c.options
}

const UPLOAD_FUNCTIONS = { destinations: 'validateDestinationsSync', learners: 'validateLearnersSync', qualifications: 'validateQualificationsSync' }

/**
 * A whole run through the Sync upload function: the outputs as the Rust runner keeps them (a
 * credentials file named in the options is written to a temporary folder and read back). The
 * run's date is the host's clock here, not the case's `today`: every case either gives `as_of`
 * or expects what today's date gives as well (after 2015).
 */
function workflowRun(c) {
  const options = workflowOptions(c) ?? {}
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'learner-destinations-vector-'))
  try {
    if (typeof options.credentialsCsv === 'string') options.credentialsCsv = path.join(dir, options.credentialsCsv)
    if (c.lists !== undefined) options.lists = ld.QualificationLists.fromJson(JSON.stringify(c.lists))
    if (typeof c.reference_text === 'string') options.reference = { text: c.reference_text }
    if (typeof c.export_text === 'string') options.export = { text: c.export_text }
    let report
    try {
      report = ld[UPLOAD_FUNCTIONS[c.template]](uploadSource(c), options)
    } catch (e) {
      return workflowError(e)
    }
    const credentialsFile = options.credentialsCsv
    return {
      ...uploadActual(report),
      finding_codes: report.findings.map((f) => f.code),
      credentials_issued: report.credentials === undefined || report.credentials === null ? null : report.credentials.length,
      credentials: (report.credentials === null || report.credentials === undefined ? [] : report.credentials.toArray()).map((x) => ({
        row: x.row,
        cells: [x.provider, x.firstName, x.lastName, x.postcode, x.uln, x.dob, x.username, x.password, x.createdOn],
      })),
      credentials_csv: typeof credentialsFile === 'string' && fs.existsSync(credentialsFile) ? fs.readFileSync(credentialsFile, 'utf8') : '',
      qualification_lists: report.lists ? snake(report.lists) : null,
      exported_learners: report.exportedLearners ?? null,
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** One case of kind `workflow`, by `call`. */
function workflowCase(c) {
  const input = c.input === undefined ? null : c.input
  const settle = (fn) => {
    try {
      return fn()
    } catch (e) {
      return workflowError(e)
    }
  }
  switch (c.call) {
    case 'options':
      return settle(() => ({ job: ld.uploadOptions(c.template, workflowOptions(c)) }))
    case 'run':
      return workflowRun(c)
    case 'completion_status': {
      // Through awaitingDestinations, which names the status by its place in the list; a status
      // it takes gives no status back, so a taken one is `{ taken: true }` (see
      // workflowExpected).
      const enrolment = { ukprn: 10012345, uln: '9276308686', learnerRef: 'L1', aimRef: '20000008', learningEnd: '2025-07-18', completionStatus: input }
      const out = settle(() => (ld.awaitingDestinations([enrolment], [], '2025-09-01'), { taken: true }))
      if (out.option === 'enrolments[0].completionStatus') out.option = 'completion_status'
      return out
    }
    case 'group_number': {
      // Through checkQualificationGroup, which names the number `group.n`.
      const out = settle(() => (ld.checkQualificationGroup({ n: input }), { n: input }))
      if (out.option === 'group.n') out.option = 'n'
      return out
    }
    case 'optional_date': {
      // As the `asOf` option of an upload.
      const out = settle(() => ({ date: ld.uploadOptions('destinations', { asOf: input }).asOf }))
      if (out.option === 'asOf') out.option = 'date'
      return out
    }
    case 'existing_usernames': {
      const out = settle(() => ({ usernames: ld.uploadOptions('learners', { credentials: true, existingUsernames: input }).existingUsernames }))
      if (out.option === 'existingUsernames') out.option = 'existing_usernames'
      return out
    }
    case 'teaching_year': {
      // The year a records check used, as its OutStartDate_01 message names it.
      const options = { filePreparationDate: c.file_date, ...(typeof c.year === 'string' ? { year: c.year } : {}) }
      const record = { code: 'EMP1', start: '1900-01-01', collection: c.file_date }
      const finding = ld.checkDestinationRecords([record], options).find((f) => f.code === 'destination_start_too_early')
      const year = finding ? /teaching year (\d{4}-\d{2}) began/.exec(finding.message) : null
      return { year: year ? year[1] : null }
    }
    default:
      return { error: `unknown workflow call '${c.call}'` }
  }
}

/** The expectation a case of `kind` is compared with (the camelCase one for `workflow`). */
const expectationOf = (kind, c) => (kind === 'workflow' ? workflowExpected(c) : (c.expected ?? null))

/**
 * Kinds this package does not run yet, each with the reason: the test of each file of such a
 * kind is reported as skipped with it (never silently passed), and the kind stays named here
 * until its runner lands.
 */
const NOT_YET = new Map([])

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
    const m = subsetMismatch(expectationOf(doc.kind, c), await run(c, schemes))
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
  const doc = JSON.parse(fs.readFileSync(path.join(VECTORS_DIR, file), 'utf8'))
  test(`vectors: ${file}`, { skip: NOT_YET.get(doc.kind) ?? false }, async () => {
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
  assert.deepEqual(kinds.filter((k) => !Object.hasOwn(runners, k) && !NOT_YET.has(k)), [])
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
