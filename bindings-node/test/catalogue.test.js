// The catalogue of error codes: `listErrorCodes()` is the Rust catalogue (`destinations errors
// --json`), every code this package throws is in it, and codes.d.ts lists the same codes.
//
// The command is the binary named by DESTINATIONS_BIN (scripts/test-all.sh passes the one
// `cargo test` built), or else `cargo run` builds it.
'use strict'

const test = require('node:test')
const assert = require('node:assert/strict')
const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const ld = require('..')

const ROOT = path.join(__dirname, '..', '..')

/** What `destinations <command> --json` prints, parsed. */
function rustCatalogue(command) {
  const bin = process.env.DESTINATIONS_BIN
  const [file, args] = bin
    ? [bin, [command, '--json']]
    : ['cargo', ['run', '--quiet', '-p', 'learner-destinations-cli', '--', command, '--json']]
  return JSON.parse(execFileSync(file, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 }))
}

test('listErrorCodes equals destinations errors --json', () => {
  const kinds = ld.listErrorCodes()
  assert.deepEqual(kinds, rustCatalogue('errors'))
  const byCode = new Map(kinds.map((k) => [k.code, k]))
  assert.equal(byCode.size, kinds.length, 'codes are unique')
  for (const k of kinds) {
    assert.deepEqual(Object.keys(k).sort(), ['category', 'code', 'summary'])
    assert.match(k.code, /^[a-z0-9_]+$/)
  }
  assert.equal(byCode.get('missing_columns').category, 'input')
  assert.equal(byCode.get('option_invalid').category, 'option')
  assert.equal(byCode.get('uln_checksum').category, 'argument')
  for (const invented of ['InvalidArg', 'GenericFailure', 'argument_invalid']) {
    assert.ok(!byCode.has(invented), invented)
  }
  // The argument codes are the finding codes, in the same order.
  assert.deepEqual(
    kinds.filter((k) => k.category === 'argument').map((k) => k.code),
    ld.listFindingCodes().map((k) => k.code),
  )
})

test('errors thrown for unusable values carry catalogued codes', () => {
  const codes = new Set(ld.listErrorCodes().map((k) => k.code))
  const thrown = []
  for (const call of [
    () => ld.templateCsv('survey'),
    () => ld.decideContact({ pmc: [300] }),
    () => ld.addMonths('2025-01-31', -1),
    () => ld.validateDestinationsSync({}),
    () => ld.parseUln('9276308687'),
  ]) {
    assert.throws(call, (e) => {
      thrown.push(e.code)
      return true
    })
  }
  assert.deepEqual(thrown, ['option_invalid', 'option_invalid', 'option_invalid', 'option_invalid', 'uln_checksum'])
  for (const code of thrown) assert.ok(codes.has(code), code)
})

test('codes.d.ts lists the catalogue and index.d.ts re-exports it', () => {
  const dts = fs.readFileSync(path.join(__dirname, '..', 'codes.d.ts'), 'utf8')
  const union = (name) => {
    const body = dts.split(`export type ${name} =`)[1].split('\n\n')[0]
    return [...body.matchAll(/\| '([a-z0-9_]+)'/g)].map((m) => m[1])
  }
  assert.deepEqual(union('FindingCode'), ld.listFindingCodes().map((k) => k.code))
  assert.deepEqual(
    union('ErrorCode'),
    ld.listErrorCodes().filter((k) => k.category !== 'argument').map((k) => k.code),
  )
  assert.match(dts, /export type ErrorCode =[^]*\| FindingCode\n/)
  const index = fs.readFileSync(path.join(__dirname, '..', 'index.d.ts'), 'utf8')
  assert.match(index, /export type \{ ErrorCategory, ErrorCode, FindingCode \} from '\.\/codes'/)
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'))
  assert.ok(pkg.files.includes('codes.d.ts'))
})
