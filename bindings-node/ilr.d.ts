/**
 * The reports of the ILR file's uses (`ilrAwaiting`, `ilrContacts`, `ilrRecords`,
 * `ilrTemplate`): the core's reports, as `destinations ilr ... --json` prints them, with their
 * keys in camelCase. Dates are `YYYY-MM-DD` strings, UKPRNs numbers, ULNs strings.
 */
import type { FindingCode } from './codes'

/** Where something is in the file: 1-based line and column (in characters). */
export interface IlrPosition {
  line: number
  column: number
}

/** The file's header. */
export interface IlrHeader {
  /** The root element's namespace, e.g. `ESFA/ILR/2023-24`. */
  namespace: string
  /** The collection year the namespace names, e.g. `2023-24`. */
  year: string
  /** `CollectionDetails/Year` as given (`2324`). */
  yearCode: string | null
  filePreparationDate: string | null
  /** `Source/UKPRN`. */
  ukprn: number | null
  /** `LearningProvider/UKPRN`. */
  providerUkprn: number | null
}

/** A finding in the file: `row` is the line, `column` the element's path. */
export interface IlrFinding {
  row: number | null
  column: string | null
  value: string
  code: FindingCode
  severity: 'error' | 'warning'
  message: string
  at: IlrPosition
  learnerRef: string | null
}

/** An enrolment awaiting a destination (the portal's view). */
export interface IlrAwaitingEnrolment {
  enrolment: number
  ukprn: number
  uln: string
  learnerRef: string
  aimRef: string
  learningEnd: string
  due: string
  overdue: boolean
}

/** A learner awaiting a destination per R107 and R108 (`rules`). */
export interface IlrAwaitingLearner {
  ukprn: number
  uln: string
  learnerRef: string
  latestEnd: string
  due: string
  overdue: boolean
  enrolments: number[]
  rules: Array<'R107' | 'R108'>
}

/** `ilrAwaiting`'s report. */
export interface IlrAwaiting {
  header: IlrHeader
  asOf: string
  enrolments: IlrAwaitingEnrolment[]
  learners: IlrAwaitingLearner[]
  findings: IlrFinding[]
  learnersRead: number
  learnersLeftOut: number
}

/** A ContPrefType_01-07 finding on a learner's preferences. */
export interface IlrContactFinding {
  row: number | null
  column: string | null
  value: string
  code: FindingCode
  severity: 'error' | 'warning'
  message: string
}

/** One finished learner: may a survey go by email, by SMS, to which address. */
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
  /** The automatic OTH3 record, when the learner may not be contacted. */
  record: { code: string; start: string; end: string | null; collection: string } | null
  findings: IlrContactFinding[]
}

/** `ilrContacts`'s report. */
export interface IlrContacts {
  header: IlrHeader
  asOf: string
  policy: 'seed' | 'ilr'
  contacts: IlrContact[]
  findings: IlrFinding[]
  learnersRead: number
  learnersLeftOut: number
}

/** A D&P rule broken by a record's outcomes (`records` index its DPOutcomes). */
export interface IlrRecordFinding {
  row: number | null
  column: string | null
  value: string
  code: FindingCode
  severity: 'error' | 'warning'
  message: string
  mirrors: string
  records: number[]
}

/** `ilrRecords`'s report. */
export interface IlrRecords {
  header: IlrHeader
  year: string
  filePreparationDate: string
  destinations: Array<{
    learnerRef: string | null
    uln: string | null
    at: IlrPosition
    findings: IlrRecordFinding[]
  }>
  findings: IlrFinding[]
  recordsRead: number
}

/** `ilrTemplate`'s result: rows written, the report they are, the CSV's text without `output`. */
export interface IlrTemplate {
  rows: number
  awaiting: IlrAwaiting
  csv: string | null
}
