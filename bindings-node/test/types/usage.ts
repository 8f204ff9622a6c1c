// Type-checked with `tsc --noEmit -p test/types` (never run): the declarations in index.d.ts
// must accept what the README shows and refuse what they should. Every `@ts-expect-error`
// line fails the check if the declarations were loosened (e.g. to `any`).
import {
  type UploadRows,
  type IlrAwaiting,
  type IlrContacts,
  ilrAwaiting,
  ilrAwaitingSync,
  ilrContactsSync,
  ilrRecords,
  ilrTemplateSync,
  type OutputStream,
  DestinationsError,
  type Derivation,
  awaitingDestinationsAsync,
  deriveSurveysAsync,
  trackSurveysAsync,
  checkDestinationRecordsAsync,

  ExportedLearners,
  LearnerLists,
  QualificationLists,
  Scheme,
  Schemes,
  SurveyDefinition,
  UsernameGenerator,
  Workbook,
  addMonths,
  awaitingDestinations,
  checkDestinationRecords,
  checkPassword,
  checkUsername,
  decideContact,
  deriveSurvey,
  generatePassword,
  parsePostcode,
  parseUkMobile,
  readSheet,
  templateCsv,
  templateXlsx,
  trackSurvey,
  validateDestinations,
  validateDestinationsSync,
  validateLearners,
  validateLearnersSync,
  validateQualifications,
  validateQualificationsSync,
  uploadOptions as effectiveOptions,
  type AccountKind,
  type Awaiting,
  type ContactDecision,
  type ContactPolicy,
  type DerivedRecord,
  type DestinationRecord,
  type DestinationsExportRow,
  type DestinationsOptions,
  type DestinationsReport,
  type IssuedCredentials,
  type LearnersExportRow,
  type LearnersOptions,
  type LearnersReport,
  type ListsUsed,
  type QualificationsExportRow,
  type QualificationsOptions,
  type QualificationsReport,
  type RecordFinding,
  type RejectedRow,
  type Sheet,
  type SurveyState,
  type TemplateKind,
  type Tracking,
  type UploadSource,
  type UploadSummary,
  checkUln,
  listErrorCodes,
  listFindingCodes,
  loadSchemeFile,
  loadSchemeFileSync,
  parseDate,
  parseUkprn,
  parseUln,
  type DestinationCode,
  type Finding,
  type ErrorCategory,
  type ErrorCode,
  type ErrorKind,
  type FindingCode,
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

const errorKinds: ErrorKind[] = listErrorCodes()
const firstCode: ErrorCode | undefined = errorKinds[0]?.code
const firstCategory: ErrorCategory | undefined = errorKinds[0]?.category
const aFinding: FindingCode = 'uln_checksum'
const alsoAnErrorCode: ErrorCode = aFinding
// @ts-expect-error a code the catalogue does not have
const invented: ErrorCode = 'argument_invalid'

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
void [firstCode, firstCategory, alsoAnErrorCode, invented]

// --- contact, tracking, records, awaiting ---------------------------------------------------
const policy: ContactPolicy = 'ilr'
const decision: ContactDecision = decideContact({ rui: [2], pmc: [3], email: 'sam@example.com', mobile: true }, { policy })
const sms: boolean = decision.sms
const decidedBy: string[] = decision.decidedBy
const oth3: DestinationRecord | null = decideContact({ rui: [4] }, { learningEnd: '2025-07-31', asOf: '2025-09-01' }).record
// @ts-expect-error the policy is 'seed' or 'ilr'
decideContact({}, { policy: 'maytas' })
// @ts-expect-error codes are numbers
decideContact({ rui: ['RUI2'] })

const tracked: Tracking = trackSurvey({ learningEnd: '2025-07-31', sent: '2025-08-01', answered: null }, '2025-09-01', { reminderIntervalDays: 7 })
const state: SurveyState = tracked.state
// @ts-expect-error a state is one of the five
const lost: 'lost' = tracked.state
const nextReminder: string | null = tracked.nextReminder

const recordFindings: RecordFinding[] = checkDestinationRecords(
  [{ code: 'EMP1', start: '2025-09-01', collection: '2025-09-15' }, { code: 'NPE1', start: '2025-09-01', end: null, collection: '2025-09-15' }],
  { filePreparationDate: '2025-10-01', year: '2025-26', schemes: new Schemes() },
)
const involved: number[] = recordFindings[0]?.records ?? []
const mirrorsRule: string | undefined = recordFindings[0]?.mirrors
// @ts-expect-error a record needs its collection date
checkDestinationRecords([{ code: 'EMP1', start: '2025-09-01' }])

const waiting: Awaiting = awaitingDestinations(
  [{ ukprn: 10000001, uln: '9276308686', learnerRef: 'L001', aimRef: '60012345', learningEnd: '2025-07-23', completionStatus: 2 }],
  [{ ukprn: '10000001', learnerRef: 'L001', code: 'EMP1', start: '2025-08-01', collection: '2025-09-01' }],
  '2025-09-30',
)
const overdue: boolean | undefined = waiting.learners[0]?.overdue
const learnerFinding: Finding | undefined = waiting.learners[0]?.finding

// --- identifiers, dates, learners ------------------------------------------------------------
const international: string = parseUkMobile('07700 900123').international
const postcodeWarnings: Finding[] = parsePostcode('ec1a1bb').warnings
const monthLater: string = addMonths('2025-01-31', 1)
const lists = new LearnerLists()
const yearGroup: string = lists.yearGroup('year 10')
const kind: AccountKind = 'staff'
const usernameProblem: Finding | null = checkUsername('pm', kind)
// @ts-expect-error an account kind is 'learner' or 'staff'
checkUsername('pm', 'admin')
const passwordProblem: Finding | null = checkPassword('76L6K6B9')
const password: string = generatePassword()
// @ts-expect-error no seed can be given
generatePassword(42)
const username: string = new UsernameGenerator(['pmarmoshon']).generate('Paul', 'Marmoshon')

// --- survey, qualifications, workbooks -------------------------------------------------------
const definition = new SurveyDefinition()
const derived: DerivedRecord[] = deriveSurvey(
  { answers: { activities: ['paid_employment'], hours: '37.5', completed_on: '2025-10-01' }, learning_end: '2025-07-18' },
  { asOf: '2025-10-02', definition },
).records
const wmca: string | null = derived[0]?.wmcaCode ?? null
const fromText = deriveSurvey('{"answers": {}}', { asOf: '2025-10-02' })
// @ts-expect-error the answers document needs its answers
deriveSurvey({ learning_end: '2025-07-18' })
checkDestinationRecords(derived, { filePreparationDate: '2025-10-02' })

const qualifications = new QualificationLists()
const groupFindings: Finding[] = qualifications.checkGroup({ n: 1, type: 'GCSE (9-1)', subject: 'Mathematics', predictedGrade: '7' })
const exported = new ExportedLearners()
exported.insert('A1', { forename: 'Sam', surname: 'Lee', dateOfBirth: '2008-02-03', currentProvider: 'P', currentArea: 'W' })
const sheetPromise: Promise<Sheet> = readSheet('export.xlsx', 'Qualification type')
const names2: string[] = Workbook.fromBytes(new Uint8Array()).sheetNames

// --- templates ---------------------------------------------------------------------------
const sources: UploadSource[] = ['upload.csv', new Uint8Array([120]), new Uint8Array(), { path: 'upload.csv' }, { text: 'UKPRN,...' }]
const uploadOptions: DestinationsOptions = {
  ukprn: 10012345,
  asOf: '2025-09-01',
  maxFindings: 1000,
  fileName: 'upload.csv',
  processedAt: '2025-09-01T10:00:00Z',
  keepAccepted: false,
  errorsCsv: 'errors.csv',
  acceptedCsv: 'accepted.csv',
  schemes: new Schemes(),
}
// @ts-expect-error the output options are paths
const badOutput: DestinationsOptions = { errorsCsv: true }
// @ts-expect-error a UKPRN is a number or a string
const badUpload: DestinationsOptions = { ukprn: true }
const report: DestinationsReport = validateDestinationsSync({ text: 'UKPRN,...' }, { ukprn: '10012345' })
const summary: UploadSummary = report.summary
const rows: number = summary.rows + summary.accepted + summary.rejected + summary.blankRowsSkipped
const acceptedRows: DestinationsExportRow[] | null = report.accepted?.toArray() ?? null
const firstIlr: string | undefined = report.accepted?.at(0)?.['ILR Code']
const keptRows: UploadRows<DestinationsExportRow> | null = report.accepted
async function walk(): Promise<number> {
  let n = 0
  if (keptRows) for await (const batch of keptRows.batches(1000)) n += batch.length
  // @ts-expect-error rows are made on demand: no index access
  if (keptRows) n += keptRows[0].row
  return n
}
void walk
const controller = new AbortController()
void validateDestinations('u.csv', { signal: controller.signal, onProgress: (p) => console.log(p) })
const rejectedRows: RejectedRow[] = report.rejected
const errorsCsv: string | null = report.errorsCsv
// @ts-expect-error accepted rows may not have been kept
const surelyRows: DestinationsExportRow[] = report.accepted
async function portal(upload: Uint8Array): Promise<number> {
  const r = await validateDestinations(upload, { asOf: '2025-09-01' })
  return r.summary.rejected
}
// @ts-expect-error the async form returns a Promise
const notAwaitedReport: DestinationsReport = validateDestinations('upload.csv')
// @ts-expect-error a source is a path, bytes, { path } or { text }
validateDestinationsSync(42)

// A workbook upload names its sheet.
const june: Promise<DestinationsReport> = validateDestinations('june.xlsx', { sheet: 'June', asOf: '2025-09-01' })

const learnersOptions: LearnersOptions = {
  ukprns: [10012345, '10012346'],
  asOf: '2025-09-01',
  minAge: 14,
  maxAge: 19,
  lists,
  sheet: 'Learners',
  credentials: true,
  existingUsernames: ['pmarmoshon'],
  seed: 42,
  credentialsCsv: 'credentials.csv',
  maxFindings: 100,
  keepAccepted: false,
}
const usernamesFile: LearnersOptions = { credentials: true, existingUsernames: 'pmarmoshon\nzosuilleabhain\n', seed: '18446744073709551615' }
// @ts-expect-error the managed providers are a list
const oneUkprn: LearnersOptions = { ukprns: 10012345 }
const learnersReport: LearnersReport = validateLearnersSync('learners.csv', learnersOptions)
const issued: IssuedCredentials[] | null = learnersReport.credentials?.toArray() ?? null
const firstLogin: string | undefined = issued?.[0]?.username
const learnerRows: LearnersExportRow[] | null = learnersReport.accepted?.toArray() ?? null
const postcode: string | undefined = learnerRows?.[0]?.Postcode
// @ts-expect-error credentials are null unless asked for
const surelyIssued: IssuedCredentials[] = learnersReport.credentials
const learnersLater: Promise<LearnersReport> = validateLearners(new Uint8Array(), { asOf: '2025-09-01' })

const qualificationsOptions: QualificationsOptions = {
  export: 'export.xlsx',
  exportSheet: 'Learner Qualifications',
  reference: { path: 'lists.json' },
  sheet: 'Learner Qualifications',
  maxFindings: 100,
}
const heldInMemory: QualificationsOptions = { exported, lists: qualifications }
// @ts-expect-error the export is a source, not a list of IDs
const badExport: QualificationsOptions = { export: ['1001'] }
const qualificationsReport: QualificationsReport = validateQualificationsSync({ text: 'UCAS Account ID,...' }, heldInMemory)
const listsUsed: ListsUsed = qualificationsReport.lists
const defaults: boolean = listsUsed.isDefault
const exportedCount: number | null = qualificationsReport.exportedLearners
const qualificationRows: QualificationsExportRow[] | null = qualificationsReport.accepted?.toArray() ?? null
const grade: string | undefined = qualificationRows?.[0]?.['Qualification Actual Grade 18']
// @ts-expect-error there are 18 groups
const group19: string | undefined = qualificationRows?.[0]?.['Qualification Type 19']
const qualificationsLater: Promise<QualificationsReport> = validateQualifications('upload.xlsx', qualificationsOptions)

const effective = effectiveOptions('learners', { minAge: 14 })
const minAge = effective.minAge
const templateKind: TemplateKind = 'qualifications'
const header: string = templateCsv('learners')
const workbook: Buffer = templateXlsx(templateKind, { qualifications })
// @ts-expect-error the templates are destinations, learners and qualifications
templateCsv('survey')

void [sms, decidedBy, oth3, state, lost, nextReminder, involved, mirrorsRule, overdue, learnerFinding]
void [international, postcodeWarnings, monthLater, yearGroup, usernameProblem, passwordProblem, password, username]
void [wmca, fromText, groupFindings, sheetPromise, names2, sources, uploadOptions, badUpload, badOutput, rows, usernamesFile]
void [acceptedRows, firstIlr, rejectedRows, errorsCsv, surelyRows, portal, notAwaitedReport]
void [june, oneUkprn, firstLogin, postcode, surelyIssued, learnersLater, badExport, defaults, exportedCount]
void [grade, group19, qualificationsLater, header, workbook, minAge]

// The ILR file's uses: typed reports, camelCase keys.
const ilrLater: Promise<IlrAwaiting> = ilrAwaiting('ILR.xml', { asOf: '2024-03-20', sof: ['112'] })
const ilrNow: IlrAwaiting = ilrAwaitingSync(Buffer.from('<Message/>'), { sof: 112 })
const ilrRules: ('R107' | 'R108')[] = ilrNow.learners[0]?.rules ?? []
const ilrYear: string = ilrNow.header.year
const contactsReport: IlrContacts = ilrContactsSync({ path: 'ILR.xml' }, { policy: 'ilr', csv: 'mailing.csv' })
const mailTo: string | null | undefined = contactsReport.contacts[0]?.emailAddress
// @ts-expect-error the policies are seed and ilr
ilrContactsSync('ILR.xml', { policy: 'maytas' })
const recordsLater = ilrRecords('ILR.xml', { schemes: new Schemes() })
const templateText: string | null = ilrTemplateSync('ILR.xml', { output: 'upload.csv' }).csv
// @ts-expect-error asOf is camelCase
ilrAwaitingSync('ILR.xml', { as_of: '2024-03-20' })
void [ilrLater, ilrRules, ilrYear, mailTo, recordsLater, templateText]
// Outputs to streams, and the error class.
import { createWriteStream } from 'node:fs'
const toFile: OutputStream = createWriteStream('/tmp/errors.csv')
const toWeb: OutputStream = new WritableStream<Uint8Array>()
const streamed: Promise<DestinationsReport> = validateDestinations('upload.csv', { errorsCsv: toFile, acceptedCsv: toWeb, errorsXlsx: 'errors.xlsx' })
// @ts-expect-error an output is a path or a stream
validateDestinations('upload.csv', { errorsCsv: 42 })
function handle(e: unknown): ErrorCode | null {
  if (e instanceof DestinationsError) {
    const option: string | undefined = e.option
    const path: string | undefined = e.path
    void [option, path, e.category]
    return e.code
  }
  return null
}
const made = new DestinationsError('no rows', 'no_data', { what: 'destinations' })
// @ts-expect-error codes are the catalogue's
const unknownCode = new DestinationsError('x', 'not_a_code')
void [streamed, handle, made, unknownCode]
const awaitingLater: Promise<Awaiting> = awaitingDestinationsAsync([], [], '2025-09-23')
const derivedLater: Promise<Derivation[]> = deriveSurveysAsync(['{"answers": {}}'], { asOf: '2025-10-02' })
const trackedLater: Promise<Tracking[]> = trackSurveysAsync([{ learningEnd: '2025-07-31', sent: '2025-08-01' }], '2025-09-30')
const recordsCheckedLater: Promise<RecordFinding[]> = checkDestinationRecordsAsync([])
void [awaitingLater, derivedLater, trackedLater, recordsCheckedLater]
