// Types of learner-destinations-wasm (pkg/index.js). Names and shapes follow the Node package
// `learner-destinations` where they fit; dates are `YYYY-MM-DD` strings in and out.

/** Loads the module: fetches the .wasm file next to index.js (browsers, workers), or `input`. */
export function init(input?: { module_or_path?: RequestInfo | URL | Response | BufferSource | WebAssembly.Module }): Promise<unknown>
/** Loads the module synchronously from the .wasm file's bytes (Node, Deno). */
export function initSync(input: { module: BufferSource | WebAssembly.Module }): unknown

/** A thrown failure: `code` is a catalogued error code (`listErrorCodes()`). */
export interface LearnerDestinationsError extends Error {
  code: string
  /** The option named by `option_unknown` / `option_invalid`. */
  option?: string
  /** The options named by `options_conflict`. */
  options?: string[]
  /** The accepted keys, for `option_unknown`. */
  accepted?: string[]
}

export type Severity = 'error' | 'warning'

export interface Finding {
  row: number | null
  column: string | null
  value: string | null
  code: string
  severity: Severity
  message: string
}

export interface FindingKind {
  code: string
  severity: Severity
  summary: string
  source: string
  mirrors: string | null
}

export interface ErrorKind {
  code: string
  category: string
  summary: string
}

export function listFindingCodes(): FindingKind[]
export function findingKind(code: string): FindingKind | null
export function listErrorCodes(): ErrorKind[]

export function parseUln(s: string): { value: string; unknown: boolean }
export function checkUln(s: string): (Finding & { severity: Severity }) | null
export function parseUkprn(n: number | string): number
export function parseUkMobile(s: string): { national: string; international: string }
export function addMonths(date: string, months: number): string

export interface DestinationCode {
  scheme: string
  code: string
  title: string
  [key: string]: unknown
}

export class Schemes {
  constructor()
  parse(input: string): DestinationCode
  toScheme(code: string, scheme: string, qualifiers?: string[]): DestinationCode
  isValidOn(code: string, date: string): boolean
  equivalents(code: string): DestinationCode[]
  free(): void
}

export function decideContact(
  preferences: { rui?: number[]; pmc?: number[]; email?: unknown; mobile?: unknown },
  options?: { policy?: string; learningEnd?: string; asOf?: string },
): Record<string, unknown>
export function checkContactPreferences(preferences: { rui?: number[]; pmc?: number[] }, firstStart?: string): Finding[]
export function trackSurvey(survey: Record<string, unknown>, asOf: string, settings?: Record<string, unknown>): Record<string, unknown>
export function checkDestinationRecords(
  records: Record<string, unknown>[],
  options: { year: unknown; filePreparationDate: string },
): (Finding & { mirrors?: string | null; records?: number[] })[]
export function awaitingDestinations(
  enrolments: Record<string, unknown>[],
  destinations: Record<string, unknown>[] | undefined,
  asOf: string,
): Record<string, unknown>

export type TemplateKind = 'destinations' | 'learners' | 'qualifications'
/** The empty template as CSV text (with a byte-order mark). */
export function templateCsv(kind: TemplateKind): string
/** The empty template as an .xlsx workbook. */
export function templateXlsx(kind: TemplateKind): Uint8Array

/** An upload: read in chunks (see README). */
export type Source = Blob | File | Uint8Array | ArrayBuffer | ReadableStream<Uint8Array> | string | { text: string }

interface CommonOptions {
  sheet?: string
  maxFindings?: number
  fileName?: string
  processedAt?: string
  /** Keep the accepted and rejected rows on the report (default true). */
  keepAccepted?: boolean
  /** Produce the errors file under this name (on the report, or through `onErrorsCsv`). */
  errorsCsv?: string
  /** Produce the errors file as a workbook (every column formatted as Text) under this name. */
  errorsXlsx?: string
  /** Produce the export under this name. */
  acceptedCsv?: string
}

export interface DestinationsOptions extends CommonOptions {
  ukprn?: number | string
  asOf?: string
}

export interface LearnersOptions extends CommonOptions {
  ukprns?: (number | string)[]
  asOf?: string
  minAge?: number
  maxAge?: number
  credentials?: boolean
  existingUsernames?: string[] | string
  /** Reproducible passwords, for tests only. */
  seed?: number | string
  credentialsCsv?: string
}

export interface QualificationsOptions extends CommonOptions {
  exportSheet?: string
  /** The reference lists (an object or JSON text). */
  lists?: unknown
  /** The reference lists as a file (a workbook with the three sheets, or JSON). */
  reference?: Source
  /** The file UCAS Progress exported. */
  export?: Source
}

export interface UploadHooks {
  /** Called every few thousand rows and at the end. */
  onProgress?(bytes: number, rows: number): void
  /** Asked every few thousand rows; true stops the run (`cancelled`). */
  cancel?(): boolean
  onErrorsCsv?(chunk: Uint8Array): void
  onErrorsXlsx?(chunk: Uint8Array): void
  onAcceptedCsv?(chunk: Uint8Array): void
  /**
   * A destinations upload with rows of one enrolment in conflict is checked twice, the second
   * time knowing the conflicts: called before the second check, the output hooks' chunks so far
   * are void (start the outputs again). Required with any output hook (else such an upload
   * throws `options_conflict`).
   */
  onRestart?(): void
  onCredentialsCsv?(chunk: Uint8Array): void
  /** Today (default: the local date). */
  today?: string
  /** The processing time (default: now, ISO 8601). */
  now?: string
  inputName?: string
  inputBytes?: number
}

export interface UploadSummary {
  template: string
  file: string | null
  processedAt: string | null
  format: string
  encoding: string | null
  delimiter: string | null
  rows: number
  accepted: number
  rejected: number
  warnings: number
  errors: number
  blankRowsSkipped: number
  /** Rows left out of the errors file because their only finding was a duplicate. */
  duplicateRows: number
}

export interface UploadReport {
  summary: UploadSummary
  findings: Finding[]
  truncated: boolean
  /** `row` and one key per export column; null with `keepAccepted: false`. */
  accepted: ({ row: number } & Record<string, string | number>)[] | null
  rejected: { row: number; cells: string[]; findings: Finding[] }[] | null
  /** The outputs asked for and not taken by a hook. */
  errorsCsv?: Uint8Array
  errorsXlsx?: Uint8Array
  acceptedCsv?: Uint8Array
  credentialsCsv?: Uint8Array
  credentials?: Record<string, string | number>[]
  credentialsIssued?: number
  qualificationLists?: { source: string; isDefault: boolean; version: string }
  exportedLearners?: number
}

export function validateDestinations(source: Source, options?: DestinationsOptions, hooks?: UploadHooks): Promise<UploadReport>
export function validateLearners(source: Source, options?: LearnersOptions, hooks?: UploadHooks): Promise<UploadReport>
export function validateQualifications(source: Source, options?: QualificationsOptions, hooks?: UploadHooks): Promise<UploadReport>

/** A chunk reader over a source (what the upload functions use). */
export function openSource(source: Source, what?: string): Promise<{ read(max: number): Uint8Array | null; size: number; name?: string }>
/** UTF-8 bytes as text, the byte-order mark kept. */
export function utf8Text(bytes: Uint8Array): string
/** The local date, `YYYY-MM-DD`. */
export function localToday(now?: Date): string

// --- The ILR XML file's uses (keys in camelCase; dates `YYYY-MM-DD`) -------------------------

export interface IlrAwaitingOptions {
  /** Default: the file preparation date (what R108 compares). */
  asOf?: string
  /** Keep the enrolments funded by these sources (`['112']`: the West Midlands CA). */
  sof?: (string | number)[] | string | number
}
export interface IlrContactsOptions {
  /** Default: 'seed'. */
  policy?: 'seed' | 'ilr'
  /** The OTH3 records' collection date (default: the file preparation date). */
  asOf?: string
  /** Also return the survey's mailing list as CSV text in `csv`. */
  csv?: boolean
}
export interface IlrTemplateOptions {
  sof?: (string | number)[] | string | number
  asOf?: string
}
export interface IlrPosition { line: number; column: number }
export interface IlrHeader {
  namespace: string
  year: string
  yearCode: string | null
  filePreparationDate: string | null
  ukprn: number | null
  providerUkprn: number | null
}
export interface IlrFinding extends Finding { at: IlrPosition; learnerRef: string | null }
export interface IlrAwaiting {
  header: IlrHeader
  asOf: string
  enrolments: { enrolment: number; ukprn: number; uln: string; learnerRef: string; aimRef: string; learningEnd: string; due: string; overdue: boolean }[]
  learners: { ukprn: number; uln: string; learnerRef: string; latestEnd: string; due: string; overdue: boolean; enrolments: number[]; rules: ('R107' | 'R108')[] }[]
  findings: IlrFinding[]
  learnersRead: number
  learnersLeftOut: number
}
export interface IlrContact {
  learnerRef: string
  uln: string
  learningEnd: string
  email: boolean
  sms: boolean
  contactable: boolean
  reason: string
  decidedBy: string[]
  policy: 'seed' | 'ilr'
  emailAddress: string | null
  mobile: string | null
  record: { code: string; start: string; end: string | null; collection: string } | null
  findings: Finding[]
}
export interface IlrContacts {
  header: IlrHeader
  asOf: string
  policy: 'seed' | 'ilr'
  contacts: IlrContact[]
  findings: IlrFinding[]
  learnersRead: number
  learnersLeftOut: number
  /** The mailing list (with `csv: true`). */
  csv?: string
}
export interface IlrRecords {
  header: IlrHeader
  year: string
  filePreparationDate: string
  destinations: { learnerRef: string | null; uln: string | null; at: IlrPosition; findings: (Finding & { mirrors: string; records: number[] })[] }[]
  findings: IlrFinding[]
  recordsRead: number
}
export interface IlrTemplate { rows: number; awaiting: IlrAwaiting; csv: string }

/** Enrolments and learners awaiting a destination (R107/R108 with the file's funding). */
export function ilrAwaiting(source: Source, options?: IlrAwaitingOptions): Promise<IlrAwaiting>
/** Who may be surveyed by which channel (and the mailing list with `csv: true`). */
export function ilrContacts(source: Source, options?: IlrContactsOptions): Promise<IlrContacts>
/** The D&P record checks with the header's teaching year and file preparation date. */
export function ilrRecords(source: Source, options?: Record<string, never>): Promise<IlrRecords>
/** The WMCA destinations upload pre-filled with the enrolments awaiting a destination. */
export function ilrTemplate(source: Source, options?: IlrTemplateOptions): Promise<IlrTemplate>
