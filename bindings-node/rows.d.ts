/**
 * Rows of an upload report (`report.accepted`, `report.credentials`), kept packed and made into
 * objects only when asked for, so that a report of a million rows costs no more on the event
 * loop than one of ten.
 *
 * - `for await (const row of rows)` makes them a batch at a time, with a turn of the event loop
 *   between batches (a server keeps serving);
 * - `rows.batches(size)` gives the batches themselves (arrays of at most `size` rows, default
 *   1024);
 * - `rows.at(i)`, `rows.slice(from, to)`, `rows.toArray()` and `for (const row of rows)` make
 *   the rows asked for at once, blocking while they are made (`toArray()` of a million rows
 *   takes seconds: prefer the batches in a server).
 */
export interface UploadRows<T> extends Iterable<T>, AsyncIterable<T> {
  /** How many rows there are. */
  readonly length: number
  /** The row at `index` (negative counts from the end), or `undefined`. */
  at(index: number): T | undefined
  /** The rows from `start` to before `end`, as `Array.prototype.slice` takes them. */
  slice(start?: number, end?: number): T[]
  /** Every row, as an array. */
  toArray(): T[]
  /** Every row (as `JSON.stringify` calls it). */
  toJSON(): T[]
  /** The rows in arrays of at most `size` (1 to 10,000,000; default 1024), a turn of the event loop between them. */
  batches(size?: number): AsyncGenerator<T[], void, undefined>
}

/** What `options.onProgress` is told during an asynchronous upload. */
export interface UploadProgress {
  /** Bytes of the upload read so far. */
  bytes: number
  /** Rows checked so far (accepted rows are counted while they are kept: `keepAccepted`). */
  rows: number
}

/**
 * A stream an output (`errorsCsv`, `errorsXlsx`, `acceptedCsv`, `credentialsCsv`) may be written
 * to instead of a path, by the asynchronous functions: a Node `Writable` (a file stream, an HTTP
 * response) or a web `WritableStream`. It is written only once the whole upload was checked
 * (nothing is written when the run fails or is cancelled), at the pace the stream takes
 * (backpressure), and ended after the last byte; a stream that fails rejects the run with
 * `output_unwritable`.
 */
export type OutputStream = NodeJS.WritableStream | WritableStream<Uint8Array>
