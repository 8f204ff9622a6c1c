// Runs every language-neutral vector file under tests/vectors/ through the Node API.
//
// Each `kind` has one function turning a case into the "actual" object, shaped as the Rust
// runner (tests/run_vectors.rs) shapes it; every key of `expected` must be in it with the same
// value (`subsetMismatch`, the same comparison as tests/lib.rs `subset_mismatch`). A file whose
// `kind` this runner does not know fails, so no vector goes unrun.
'use strict'

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { isDeepStrictEqual } = require('node:util')
const { Schemes, parseUln } = require('..')

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
}

/** Runs one vector document; returns the failures and the number of cases. */
function runVectorFile(name, doc, schemes) {
  const run = Object.hasOwn(runners, doc.kind) ? runners[doc.kind] : undefined
  if (run === undefined) {
    return { failures: [`${name}: unknown vector kind '${doc.kind}'`], count: 0 }
  }
  const cases = Array.isArray(doc.cases) ? doc.cases : []
  if (cases.length === 0) return { failures: [`${name}: no cases`], count: 0 }
  const failures = []
  cases.forEach((c, i) => {
    const m = subsetMismatch(c.expected ?? null, run(c, schemes))
    if (m !== null) failures.push(`${name} case ${i} (${JSON.stringify(c.name ?? c.input)}): ${m}`)
  })
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
  test(`vectors: ${file}`, () => {
    const doc = JSON.parse(fs.readFileSync(path.join(VECTORS_DIR, file), 'utf8'))
    const { failures, count } = runVectorFile(file, doc, new Schemes())
    assert.deepEqual(failures, [], `${failures.length} of ${count} cases failed`)
    assert.ok(count > 0)
  })
}

test('a vector file of an unknown kind fails the run', () => {
  const doc = { kind: 'no_such_kind', cases: [{ input: 'x', expected: {} }] }
  const { failures } = runVectorFile('made-up.json', doc, new Schemes())
  assert.deepEqual(failures, ["made-up.json: unknown vector kind 'no_such_kind'"])
  // Names of Object.prototype are not kinds either.
  assert.equal(runVectorFile('x.json', { kind: 'toString', cases: [{}] }, new Schemes()).failures.length, 1)
})

test('a case whose expectation differs fails the run', () => {
  const doc = {
    kind: 'uln',
    cases: [{ input: '1000000042', expected: { valid: true } }],
  }
  const { failures } = runVectorFile('wrong.json', doc, new Schemes())
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
