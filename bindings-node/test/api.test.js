// The Node API beyond the shared vectors: what each function returns, what it throws (an Error
// with a string `code`), findings as plain objects, scheme loading (sync and async).
'use strict'

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const ld = require('..')

const FINDING_KEYS = ['code', 'column', 'message', 'row', 'severity', 'value']

/** Asserts `fn` throws an Error whose `code` is `code` and whose message matches `message`. */
function throwsCode(fn, code, message = /./) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof Error, 'an Error instance')
    assert.equal(e.code, code)
    assert.match(e.message, message)
    return true
  })
}

/** Asserts `f` is a plain finding object about `value` with `code`. */
function assertFinding(f, code, value) {
  assert.notEqual(f, null, `expected a ${code} finding`)
  assert.deepEqual(Object.keys(f).sort(), FINDING_KEYS)
  assert.equal(Object.getPrototypeOf(f), Object.prototype)
  assert.equal(f.code, code)
  assert.equal(f.value, value)
  assert.equal(f.row, null)
  assert.equal(f.column, null)
  assert.ok(f.severity === 'error' || f.severity === 'warning')
  assert.ok(f.message.includes(value.trim()), `message echoes the value: ${f.message}`)
}

function tempDir(t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'learner-destinations-'))
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }))
  return dir
}

test('ULNs: parse returns the digits and unknown, check returns a finding or null', () => {
  assert.deepEqual(ld.parseUln(' 9276308686 '), { value: '9276308686', unknown: false })
  assert.deepEqual(ld.parseUln('9999999999'), { value: '9999999999', unknown: true })
  throwsCode(() => ld.parseUln('1000000042'), 'uln_checksum', /should be 3, not 2/)
  throwsCode(() => ld.parseUln('100000004'), 'uln_format', /9 digits/)
  assert.equal(ld.checkUln('1000000043'), null)
  assert.equal(ld.checkUln('9999999999'), null)
  const f = ld.checkUln('1000000063')
  assertFinding(f, 'uln_checksum', '1000000063')
  assert.equal(f.severity, 'error')
  assert.match(f.message, /remainder 0/)
})

test('UKPRNs: numbers or strings; fractions, negatives and NaN are refused, not truncated', () => {
  assert.equal(ld.parseUkprn(10000001), 10000001)
  assert.equal(ld.parseUkprn(' 99999999 '), 99999999)
  throwsCode(() => ld.parseUkprn(335), 'ukprn_format', /'335'/)
  throwsCode(() => ld.parseUkprn(10000001.5), 'ukprn_format', /'\.'/)
  throwsCode(() => ld.parseUkprn(-10000001), 'ukprn_format', /'-'/)
  throwsCode(() => ld.parseUkprn(Number.NaN), 'ukprn_format')
  throwsCode(() => ld.parseUkprn(1e20), 'ukprn_format')
  assert.equal(ld.checkUkprn('10000000'), null)
  assertFinding(ld.checkUkprn('0999999A'), 'ukprn_format', '0999999A')
})

test('learner and aim references', () => {
  assert.equal(ld.parseLearnRefNumber(' AB 12 '), 'AB 12')
  throwsCode(() => ld.parseLearnRefNumber('LRN-1'), 'learn_ref_format', /'-'/)
  throwsCode(() => ld.parseLearnRefNumber('1234567890123'), 'learn_ref_format', /13 characters/)
  assert.equal(ld.checkLearnRefNumber('000000997742'), null)
  assertFinding(ld.checkLearnRefNumber('LRN_1'), 'learn_ref_format', 'LRN_1')

  assert.equal(ld.parseLearnAimRef('zprog001'), 'ZPROG001')
  throwsCode(() => ld.parseLearnAimRef('123456789'), 'aim_ref_format', /9 characters/)
  assert.equal(ld.checkLearnAimRef('Z0002406'), null)
  assertFinding(ld.checkLearnAimRef('Z000 2406'), 'aim_ref_format', 'Z000 2406')
})

test('dates are YYYY-MM-DD strings, refused with reasons', () => {
  assert.equal(ld.parseDate(' 2024-02-29 '), '2024-02-29')
  throwsCode(() => ld.parseDate('2025-02-29'), 'date_impossible', /February 2025 has 28 days/)
  throwsCode(() => ld.parseDate('01/08/2025'), 'date_format')
  assert.equal(ld.checkDate('2025-08-01'), null)
  assertFinding(ld.checkDate('2025-13-01'), 'date_impossible', '2025-13-01')
})

test('arguments of the wrong type are refused by napi, never crash', () => {
  assert.throws(() => ld.parseUln(9276308686), (e) => e instanceof Error && typeof e.code === 'string')
  assert.throws(() => ld.parseUkprn({}), Error)
  assert.throws(() => new ld.Schemes().toScheme('EMP1', 'wmca', 'increase in hours'), Error)
})

test('Schemes: parse, get, codes and scheme', () => {
  const schemes = new ld.Schemes()
  assert.deepEqual(schemes.names, ['ilr', 'wmca'])
  const emp1 = schemes.parse('emp 1')
  assert.deepEqual(emp1, {
    scheme: 'ilr',
    code: 'EMP1',
    title: 'In paid employment for 16 hours or more per week',
    codeType: 'EMP',
    number: '1',
    ilrEquivalent: null,
    ilrType: 'EMP',
    qualifier: null,
    validFrom: null,
    validTo: null,
    displayName: 'In paid employment for 16 hours or more per week (EMP1)',
  })
  const w = schemes.parse('WMCA 1.1')
  assert.equal(w.ilrEquivalent, 'EMP1')
  assert.equal(w.ilrType, 'EMP')
  assert.equal(w.qualifier, 'increase in hours')
  assert.equal(w.number, '1.1')
  assert.equal(schemes.parse('EMP3').validTo, '2015-07-31')

  throwsCode(() => schemes.parse('XYZ1'), 'destination_type_unknown', /XYZ/)
  throwsCode(() => schemes.parse('EMP9'), 'destination_code_unknown', /EMP9/)
  throwsCode(() => schemes.parse('EMP1X'), 'destination_code_format')
  assert.equal(schemes.get('oth-3').code, 'OTH3')
  assert.equal(schemes.get('EMP9'), null)

  const all = schemes.codes()
  const wmca = schemes.codes('WMCA')
  assert.ok(wmca.length > 0 && wmca.every((c) => c.scheme === 'wmca'))
  assert.equal(all.length, schemes.codes('ilr').length + wmca.length)
  throwsCode(() => schemes.codes('lsc'), 'scheme_unknown', /ilr, wmca/)

  const ilr = schemes.scheme('ILR')
  assert.ok(ilr instanceof ld.Scheme)
  assert.equal(ilr.name, 'ilr')
  assert.ok(ilr.source.length > 0)
  assert.deepEqual(ilr.unassigned, ['EDU7', 'EDU8'])
  assert.deepEqual(ilr.types.find((t) => t.type === 'EMP'), { type: 'EMP', title: 'In Paid Employment' })
  assert.equal(ilr.codes.length, schemes.codes('ilr').length)
  throwsCode(() => schemes.scheme('nope'), 'scheme_unknown')
})

test('Schemes: mapping, equivalents, validity and contradictions', () => {
  const schemes = new ld.Schemes()
  assert.equal(schemes.toScheme('EMP1', 'wmca').code, 'WMCA1.0')
  assert.equal(schemes.toScheme('EMP1', 'wmca', ['Increase-in-hours']).code, 'WMCA1.1')
  assert.equal(schemes.toScheme('wmca1.1', 'ilr').code, 'EMP1')
  throwsCode(() => schemes.toScheme('NPE1', 'wmca'), 'destination_no_equivalent', /NPE1/)
  throwsCode(() => schemes.toScheme('EMP1', 'lsc'), 'scheme_unknown')
  assert.deepEqual(schemes.equivalents('EMP1').map((c) => c.code), ['WMCA1.0', 'WMCA1.1'])
  throwsCode(() => schemes.equivalents('EMP9'), 'destination_code_unknown')

  assert.equal(schemes.isValidOn('EMP3', '2015-07-31'), true)
  assert.equal(schemes.isValidOn('EMP3', '2015-08-01'), false)
  throwsCode(() => schemes.isValidOn('EMP3', '2015-02-30'), 'date_impossible')
  assert.equal(schemes.checkValidOn('EMP1', '2025-09-01'), null)
  const f = schemes.checkValidOn('EMP3', '2025-09-01', 'the outcome start date')
  assertFinding(f, 'destination_code_not_valid', 'EMP3')
  assert.match(f.message, /ended on 2015-07-31 and is not valid on the outcome start date 2025-09-01/)
  throwsCode(() => schemes.checkValidOn('EMP3', '1/9/2025'), 'date_format')

  assert.equal(schemes.contradicts('EMP1', 'NPE1'), true)
  assert.equal(schemes.contradicts('WMCA1.0', 'NPE2'), true)
  assert.equal(schemes.contradicts('EMP1', 'EDU2'), false)
  throwsCode(() => schemes.contradicts('EMP1', 'ZZZ1'), 'destination_type_unknown')
})

const WMCA_CSV = [
  'code,title,ilr_equivalent,qualifier,valid_from,valid_to',
  'WMCA1.0,In paid employment,EMP1,,,',
  'WMCA1.1,In paid employment - increase in hours,EMP1,increase in hours,,',
  'WMCA2.0,Apprenticeship,EDU2,,2024-08-01,',
].join('\n')

test('a user scheme from CSV or JSON text replaces the built-in one of its name', () => {
  const scheme = ld.Scheme.fromCsv(WMCA_CSV, 'wmca', 'WMCA full list, 2025')
  assert.equal(scheme.name, 'wmca')
  assert.equal(scheme.source, 'WMCA full list, 2025')
  assert.equal(scheme.codes[2].validFrom, '2024-08-01')

  const schemes = new ld.Schemes()
  schemes.add(scheme)
  assert.deepEqual(schemes.equivalents('EDU2').map((c) => c.code), ['WMCA2.0'])
  assert.equal(schemes.isValidOn('WMCA2.0', '2024-07-31'), false)
  assert.equal(new ld.Schemes().get('WMCA2.0'), null, 'other Schemes objects are unchanged')

  const json = JSON.stringify({
    scheme: 'lsc',
    source: 'test',
    codes: [{ code: 'LSC1', title: 'Employed', ilr_equivalent: 'EMP1' }],
  })
  schemes.add(ld.Scheme.fromJson(json))
  assert.deepEqual(schemes.names, ['ilr', 'wmca', 'lsc'])
  assert.equal(schemes.toScheme('LSC1', 'ilr').code, 'EMP1')

  const only = ld.Schemes.fromSchemes([schemes.scheme('ilr'), ld.Scheme.fromJson(json)])
  assert.deepEqual(only.names, ['ilr', 'lsc'])
  assert.equal(only.get('WMCA1.0'), null)
})

test('invalid schemes throw scheme_invalid naming the place; add leaves Schemes unchanged', () => {
  throwsCode(() => ld.Scheme.fromJson('{"scheme": "x",', 'mine.json'), 'scheme_invalid', /mine\.json.*line 1/)
  throwsCode(
    () => ld.Scheme.fromCsv('code,title\nEMP1,Employed\nEMP1,Again', 'dup', 'test'),
    'scheme_invalid',
    /appears twice/,
  )
  throwsCode(() => ld.Scheme.fromCsv('code\nX1', 'x', 'test'), 'scheme_invalid', /'code' and 'title'/)
  const schemes = new ld.Schemes()
  const clash = ld.Scheme.fromCsv('code,title\nEMP1,Clash', 'other', 'test')
  throwsCode(() => schemes.add(clash), 'scheme_invalid', /EMP1/)
  assert.deepEqual(schemes.names, ['ilr', 'wmca'])
})

test('loadSchemeFileSync reads JSON and CSV files; failures throw io or scheme_invalid', (t) => {
  const dir = tempDir(t)
  const csv = path.join(dir, 'wmca.csv')
  fs.writeFileSync(csv, WMCA_CSV)
  const fromCsv = ld.loadSchemeFileSync(csv)
  assert.equal(fromCsv.name, 'wmca')
  assert.equal(fromCsv.source, `loaded from ${csv}`)
  assert.equal(fromCsv.codes.length, 3)

  const named = ld.loadSchemeFileSync(csv, { name: 'wmca-2025', source: 'WMCA' })
  assert.equal(named.name, 'wmca-2025')
  assert.equal(named.source, 'WMCA')

  const json = path.join(dir, 'list.txt')
  fs.writeFileSync(json, fs.readFileSync(path.join(__dirname, '..', '..', 'core', 'data', 'wmca-destinations.json')))
  assert.equal(ld.loadSchemeFileSync(json).name, 'wmca', 'JSON recognised by its first character')
  throwsCode(() => ld.loadSchemeFileSync(json, { format: 'csv' }), 'scheme_invalid')
  // Excel's "CSV UTF-8" byte-order mark is not part of the file's content, JSON or CSV.
  const withBom = path.join(dir, 'bom.txt')
  fs.writeFileSync(withBom, Buffer.concat([Buffer.from('\uFEFF'), fs.readFileSync(json)]))
  assert.equal(ld.loadSchemeFileSync(withBom).name, 'wmca')
  const csvBom = path.join(dir, 'wmca-bom.csv')
  fs.writeFileSync(csvBom, '\uFEFF' + WMCA_CSV)
  assert.equal(ld.loadSchemeFileSync(csvBom, { name: 'named' }).codes.length, 3)

  throwsCode(() => ld.loadSchemeFileSync(path.join(dir, 'missing.csv')), 'input_unreadable', /missing\.csv/)
  const bad = path.join(dir, 'bad.csv')
  fs.writeFileSync(bad, 'code,title,valid_from\nX1,Thing,2025-02-30\n')
  throwsCode(() => ld.loadSchemeFileSync(bad), 'scheme_invalid', /line 2: valid_from/)
})

test('loadSchemeFile returns a Promise of the same Scheme, rejecting with the same Error', async (t) => {
  const dir = tempDir(t)
  const csv = path.join(dir, 'wmca.csv')
  fs.writeFileSync(csv, WMCA_CSV)
  const pending = ld.loadSchemeFile(csv)
  assert.ok(pending instanceof Promise)
  const scheme = await pending
  assert.ok(scheme instanceof ld.Scheme)
  assert.deepEqual(scheme.codes, ld.loadSchemeFileSync(csv).codes)

  await assert.rejects(ld.loadSchemeFile(path.join(dir, 'missing.json')), (e) => {
    assert.ok(e instanceof Error)
    assert.equal(e.code, 'input_unreadable')
    assert.match(e.message, /missing\.json/)
    return true
  })
  const bad = path.join(dir, 'bad.json')
  fs.writeFileSync(bad, '{"scheme": "x", "source": "s", "codes": []}')
  await assert.rejects(ld.loadSchemeFile(bad), { code: 'scheme_invalid', message: /no codes/ })
})

test('loadSchemeFile runs off the main thread: timers keep firing while it works', async (t) => {
  const dir = tempDir(t)
  const big = path.join(dir, 'big.csv')
  const rows = ['code,title']
  for (let i = 0; i < 200_000; i++) rows.push(`BIG${i},Destination number ${i}`)
  fs.writeFileSync(big, rows.join('\n'))

  let ticks = 0
  const timer = setInterval(() => ticks++, 1)
  const started = process.hrtime.bigint()
  const scheme = await ld.loadSchemeFile(big)
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6
  clearInterval(timer)
  assert.equal(scheme.name, 'big')
  // The timer could fire about once per millisecond; require a good part of that.
  assert.ok(elapsedMs > 20, `the load should take a while (${elapsedMs} ms)`)
  assert.ok(ticks >= Math.min(5, elapsedMs / 10), `${ticks} timer ticks in ${elapsedMs} ms`)

  // The Sync twin blocks: no timer can fire while it runs.
  ticks = 0
  const timer2 = setInterval(() => ticks++, 1)
  ld.loadSchemeFileSync(big)
  const ticksDuringSync = ticks
  clearInterval(timer2)
  assert.equal(ticksDuringSync, 0)
})

test('listFindingCodes: the catalogue, unique snake_case codes with severities', () => {
  const kinds = ld.listFindingCodes()
  const codes = kinds.map((k) => k.code)
  assert.equal(new Set(codes).size, codes.length, 'codes are unique')
  for (const k of kinds) {
    assert.deepEqual(Object.keys(k).sort(), ['code', 'mirrors', 'severity', 'source', 'summary'])
    assert.match(k.code, /^[a-z0-9_]+$/)
    assert.ok(k.severity === 'error' || k.severity === 'warning')
    assert.ok(k.summary.length > 0 && k.source.length > 0)
    assert.ok(k.mirrors === null || typeof k.mirrors === 'string')
  }
  const uln = kinds.find((k) => k.code === 'uln_checksum')
  assert.equal(uln.mirrors, 'ULN_04')
  assert.equal(kinds.find((k) => k.code === 'uln_unknown').severity, 'warning')

  // Every code a vector expects is in the catalogue, or is one of the core's error codes
  // (work that could not be done: thrown, never a finding).
  const errorCodes = ld.listErrorCodes().map((k) => k.code)
  const dir = path.join(__dirname, '..', '..', 'tests', 'vectors')
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const doc = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))
    for (const c of doc.cases) {
      const expected = c.expected ?? {}
      // (template_csv's runner reports an unknown template name as a message, not a code.)
      if (typeof expected.error === 'string' && doc.kind !== 'template_csv') {
        const known = codes.includes(expected.error) || errorCodes.includes(expected.error)
        assert.ok(known, `${file}: ${expected.error} is not listed`)
      }
      for (const f of Array.isArray(expected.findings) ? expected.findings : []) {
        assert.ok(codes.includes(f.code), `${file}: finding ${f.code} is not listed`)
      }
    }
  }
  assert.equal(ld.findingKind('uln_checksum').mirrors, 'ULN_04')
  assert.equal(ld.findingKind('no_such_code'), null)
})

test('index.d.ts declares every export precisely (no any)', () => {
  const dts = fs.readFileSync(path.join(__dirname, '..', 'index.d.ts'), 'utf8')
  const code = dts.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '')
  assert.doesNotMatch(code, /\bany\b/)
  assert.doesNotMatch(code, /Promise<unknown>/)
  // Rust glue names (`Binding*`) appear only in napi's aliases of classes, never in a signature
  // (a module that uses another's glue type must be declared after it in src/lib.rs).
  const withoutAliases = code.replace(/^export type (Binding\w+) = \w+$/gm, '')
  assert.doesNotMatch(withoutAliases, /\bBinding\w*/)
  const runtime = Object.keys(ld).filter((k) => typeof ld[k] === 'function')
  for (const name of runtime) {
    assert.match(code, new RegExp(`export declare (function|class) ${name}\\b|export \\{ ${name} \\} from '\\./\\w+'`), `${name} is declared`)
  }
})
