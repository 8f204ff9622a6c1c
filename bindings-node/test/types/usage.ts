// Type-checked with `tsc --noEmit -p test/types` (never run): the declarations in index.d.ts
// must accept what the README shows and refuse what they should. Every `@ts-expect-error`
// line fails the check if the declarations were loosened (e.g. to `any`).
import {
  Scheme,
  Schemes,
  checkUln,
  listFindingCodes,
  loadSchemeFile,
  loadSchemeFileSync,
  parseDate,
  parseUkprn,
  parseUln,
  type DestinationCode,
  type Finding,
  type FindingKind,
  type SchemeFileOptions,
  type Severity,
  type Uln,
} from '../../index.js'

const uln: Uln = parseUln('9276308686')
const digits: string = uln.value
const unknown: boolean = uln.unknown

const finding: Finding | null = checkUln('1000000042')
if (finding !== null) {
  const row: number | null = finding.row
  const column: string | null = finding.column
  const value: string | null = finding.value
  const code: string = finding.code
  const severity: Severity = finding.severity
  const message: string = finding.message
  // @ts-expect-error a severity is 'error' or 'warning'
  const fatal: 'fatal' = finding.severity
  // @ts-expect-error row may be null
  const rowNumber: number = finding.row
  void [row, column, value, code, severity, message, fatal, rowNumber]
}

const ukprn: number = parseUkprn(10000001) + parseUkprn('10000001')
// @ts-expect-error a UKPRN is a number or a string
parseUkprn(true)

const date: string = parseDate('2025-08-01')

const schemes = new Schemes()
const emp1: DestinationCode = schemes.parse('EMP 1')
const validTo: string | null = emp1.validTo
const mapped: DestinationCode = schemes.toScheme('EMP1', 'wmca', ['increase in hours'])
const maybe: DestinationCode | null = schemes.get('EMP9')
const valid: boolean = schemes.isValidOn('EMP3', '2015-08-01')
const notValid: Finding | null = schemes.checkValidOn('EMP3', '2025-09-01', 'the outcome start date')
const names: string[] = schemes.names
// @ts-expect-error qualifiers are an array of strings
schemes.toScheme('EMP1', 'wmca', 'increase in hours')
// @ts-expect-error get may return null
const sure: DestinationCode = schemes.get('EMP1')

const scheme: Scheme = Scheme.fromCsv('code,title\nX1,Thing', 'x', 'tests')
schemes.add(scheme)
const fromJson: Scheme = Scheme.fromJson('{}', 'inline')
const only: Schemes = Schemes.fromSchemes([scheme, fromJson])

const options: SchemeFileOptions = { format: 'csv', name: 'wmca', source: 'WMCA' }
// @ts-expect-error the format is 'json' or 'csv'
const badOptions: SchemeFileOptions = { format: 'xml' }
const loaded: Scheme = loadSchemeFileSync('wmca.csv', options)
const pending: Promise<Scheme> = loadSchemeFile('wmca.csv')
async function addFile(path: string): Promise<DestinationCode[]> {
  const s = await loadSchemeFile(path, { format: 'json' })
  schemes.add(s)
  return s.codes
}
// @ts-expect-error the async form returns a Promise, not a Scheme
const notAwaited: Scheme = loadSchemeFile('wmca.csv')

const kinds: FindingKind[] = listFindingCodes()
const mirrors: string | null = kinds[0]?.mirrors ?? null

try {
  parseUln('1000000042')
} catch (e) {
  if (e instanceof Error && 'code' in e && typeof e.code === 'string') {
    const refused: string = e.code
    void refused
  }
}

void [digits, unknown, ukprn, date, validTo, mapped, maybe, valid, notValid, names, sure, only]
void [badOptions, loaded, pending, addFile, notAwaited, mirrors]
