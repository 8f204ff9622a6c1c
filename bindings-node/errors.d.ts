import type { ErrorCategory, ErrorCode } from './codes'

/**
 * Every error this package throws, or rejects a promise with, is a `DestinationsError` (and so
 * an `Error`): work that could not be done, a value a `parse*` function refuses, an option or an
 * argument no function takes. Rule breaches in data are never thrown: they are findings.
 *
 * `code` is one of the core's catalogue (`listErrorCodes()`, `destinations errors --json`),
 * `category` its category; the other properties are the error's fields, set when the error has
 * them.
 */
export declare class DestinationsError extends Error {
  constructor(message: string, code: ErrorCode, fields?: DestinationsErrorFields)
  readonly name: 'DestinationsError'
  /** The stable code, e.g. `'missing_columns'`, `'uln_checksum'`, `'option_unknown'`. */
  code: ErrorCode
  /** What the error is about: `'input'`, `'argument'`, `'option'`, `'output'`, `'io'` or `'host'`. */
  category: ErrorCategory
  /** The option refused (`option_unknown`, `option_invalid`) or the output that failed (`output_is_input`, `output_unwritable`), as the caller spells it. */
  option?: string
  /** For `option_unknown`: the options that are taken. */
  accepted?: string[]
  /** The options involved (`options_conflict`, `outputs_share_file`). */
  options?: string[]
  /** The file (`input_unreadable`, `output_is_input`, `output_unwritable`, `outputs_share_file`; `'a stream'` for a stream output). */
  path?: string
  /** What was being read (`'upload'`, `'scheme file'`, `'survey answers'`...). */
  what?: string
  /** The value refused, for a refusal (a finding code as `code`), cut to 200 characters. */
  value?: string
  /** Where in an array argument the refused value was, e.g. `'enrolments[2].uln'`. */
  at?: string
  /** For `json_invalid`, `ilr_invalid`: the 1-based line (0: the document as a whole). */
  line?: number
  /** For `json_invalid`, `ilr_invalid`: the 1-based column; for `duplicate_column`, `too_many_groups`: the column's name. */
  column?: number | string
  /** For `input_too_large`: the limit in bytes; for `workbook_too_large`: the limit reached. */
  limit?: number | string
  /** For `sheet_not_found`: the sheet asked for, and the sheets there are. */
  sheet?: string
  sheets?: string[]
  /** For `missing_columns`: the columns missing and the header found. */
  missing?: string[]
  found?: string[] | number
  /** For an argument napi itself refused (a string where a number was wanted): napi's code, e.g. `'StringExpected'`; `code` is then `'option_invalid'`. */
  napiCode?: string
  /** For `host_failure` from something else that failed (a caller's getter that threw): what was thrown. */
  cause?: unknown
}

/** The fields a `DestinationsError` can be built with. */
export type DestinationsErrorFields = Partial<Omit<DestinationsError, 'name' | 'message' | 'code' | 'category' | 'stack'>>
