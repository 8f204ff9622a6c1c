// learner-destinations-wasm: the Rust core compiled to WebAssembly, for browsers, web workers,
// Deno and Node. This module wraps the generated glue (learner_destinations_wasm.js, built by
// build.sh with `wasm-bindgen --target web`): it re-exports the core's functions and adds the
// upload functions, which read a File, Blob, Uint8Array, ReadableStream or text in chunks, and
// the ILR file's uses (ilrAwaiting, ilrContacts, ilrRecords, ilrTemplate), read the same way.
//
// Before any call: `await init()` (browsers and workers: fetches the .wasm file next to this
// module) or `initSync({ module: bytes })` (Node, Deno: the .wasm file's bytes).

import init, {
  initSync,
  runUpload,
  runIlr,
  listFindingCodes,
  findingKind,
  listErrorCodes,
  parseUln,
  checkUln,
  parseUkprn,
  parseUkMobile,
  addMonths,
  Schemes,
  decideContact,
  checkContactPreferences,
  trackSurvey,
  checkDestinationRecords,
  awaitingDestinations,
  templateCsv,
  templateXlsx as rawTemplateXlsx,
  jobOptions,
} from './learner_destinations_wasm.js'

export {
  init,
  initSync,
  listFindingCodes,
  findingKind,
  listErrorCodes,
  parseUln,
  checkUln,
  parseUkprn,
  parseUkMobile,
  addMonths,
  Schemes,
  decideContact,
  checkContactPreferences,
  trackSurvey,
  checkDestinationRecords,
  awaitingDestinations,
  templateCsv,
  jobOptions,
}

/** The empty template `kind` as an .xlsx workbook's bytes. */
export function templateXlsx(kind) {
  return guarded(() => rawTemplateXlsx(kind))
}

// A panic in wasm32-unknown-unknown is a trap (std aborts; it cannot unwind). The core is
// written not to panic; should one happen, the instance's state cannot be trusted again: every
// later call is refused with the same code, and the caller starts a fresh instance (the page
// starts a new worker).
let broken = null

function hostFailure(message) {
  const e = new Error(message)
  e.code = 'host_failure'
  return e
}

function guarded(fn) {
  if (broken !== null) throw hostFailure(`the WebAssembly instance stopped earlier (${broken}); load the module again`)
  try {
    return fn()
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError) {
      broken = e.message
      throw hostFailure(`the WebAssembly instance stopped: ${e.message}; load the module again`)
    }
    throw e
  }
}

function optionError(option, message) {
  const e = new Error(`${option}: ${message}`)
  e.code = 'option_invalid'
  e.option = option
  return e
}

/** Today's date where the code runs (local time), `YYYY-MM-DD`: the default `asOf`. */
export function localToday(now = new Date()) {
  const pad = (n) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}

const isBlob = (v) => typeof Blob !== 'undefined' && v instanceof Blob
const isStream = (v) => typeof ReadableStream !== 'undefined' && v instanceof ReadableStream

/**
 * A chunk reader over `source`: `{ read(max) → Uint8Array | null, size, name }`.
 *
 * - `Uint8Array` / `ArrayBuffer`: read in views of the caller's bytes (each chunk copied into
 *   wasm memory, one at a time).
 * - `File` / `Blob`: in a worker, read slice by slice with `FileReaderSync` (the file is never
 *   whole in memory); elsewhere (the main thread, Node, Deno: no synchronous Blob read) its
 *   bytes are fetched once into JavaScript memory and read in views as above.
 * - `ReadableStream`: collected into a `Blob` first (the browser may keep it on disk), then as
 *   a `Blob`.
 * - a string or `{ text }`: CSV text.
 */
export async function openSource(source, what = 'source') {
  if (typeof source === 'string') source = { text: source }
  if (source !== null && typeof source === 'object' && !isBlob(source) && !isStream(source) &&
      !(source instanceof Uint8Array) && !(source instanceof ArrayBuffer)) {
    if (typeof source.text !== 'string') throw optionError(what, 'give a File, Blob, Uint8Array, ArrayBuffer, ReadableStream, CSV text or { text }')
    source = new TextEncoder().encode(source.text)
  }
  if (isStream(source)) source = await new Response(source).blob()
  if (source instanceof ArrayBuffer) source = new Uint8Array(source)
  if (isBlob(source)) {
    const name = typeof source.name === 'string' ? source.name : undefined
    if (typeof FileReaderSync !== 'undefined') {
      const blob = source
      const reader = new FileReaderSync()
      let pos = 0
      return {
        size: blob.size,
        name,
        rewind() { pos = 0 },
        read(max) {
          if (pos >= blob.size) return null
          const end = Math.min(blob.size, pos + max)
          const chunk = new Uint8Array(reader.readAsArrayBuffer(blob.slice(pos, end)))
          pos = end
          return chunk
        },
      }
    }
    const bytes = new Uint8Array(await source.arrayBuffer())
    return { ...bytesReader(bytes), name }
  }
  if (source instanceof Uint8Array) return bytesReader(source)
  throw optionError(what, 'give a File, Blob, Uint8Array, ArrayBuffer, ReadableStream, CSV text or { text }')
}

function bytesReader(bytes) {
  let pos = 0
  return {
    size: bytes.length,
    name: undefined,
    rewind() { pos = 0 },
    read(max) {
      if (pos >= bytes.length) return null
      const chunk = bytes.subarray(pos, Math.min(bytes.length, pos + max))
      pos += chunk.length
      return chunk
    },
  }
}

/** A whole small file (a reference or exported file) as bytes, with its name. */
async function wholeBytes(source, what) {
  const r = await openSource(source, what)
  const parts = []
  let n = 0
  for (let c = r.read(1 << 20); c !== null; c = r.read(1 << 20)) {
    parts.push(c.slice())
    n += c.length
  }
  return { bytes: concat(parts, n), name: r.name }
}

function concat(parts, total = parts.reduce((n, p) => n + p.length, 0)) {
  const out = new Uint8Array(total)
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

const OUTPUTS = [
  ['errorsCsv', 'onErrorsCsv'],
  ['errorsXlsx', 'onErrorsXlsx'],
  ['acceptedCsv', 'onAcceptedCsv'],
  ['credentialsCsv', 'onCredentialsCsv'],
]

async function validate(template, source, options = {}, hooks = {}) {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) throw optionError('options', 'give an object')
  if (hooks === null || typeof hooks !== 'object') throw optionError('hooks', 'give an object')
  const opts = { ...options }
  const h = { today: localToday(), now: new Date().toISOString(), ...hooks }
  if (template === 'qualifications') {
    // The reference lists and the exported file are files, not plain options: read whole.
    if (opts.lists !== undefined) {
      h.lists = typeof opts.lists === 'string' ? opts.lists : JSON.stringify(opts.lists)
      delete opts.lists
    }
    for (const key of ['reference', 'export']) {
      if (opts[key] !== undefined) {
        const { bytes, name } = await wholeBytes(opts[key], key)
        h[key] = bytes
        if (name !== undefined) h[`${key}Name`] = name
        delete opts[key]
      }
    }
  }
  const collected = {}
  for (const [option, hook] of OUTPUTS) {
    if (opts[option] != null && h[hook] === undefined) {
      const parts = []
      collected[option] = parts
      h[hook] = (chunk) => parts.push(chunk)
    }
  }
  const reader = await openSource(source)
  // A destinations upload with rows of one enrolment in conflict is checked twice (the second
  // pass knowing the conflicts): before it, the source is read again from its start and every
  // output's chunks so far are forgotten, here and by the caller's hooks (onRestart).
  const given = OUTPUTS.some(([option, hook]) => hooks[hook] !== undefined && opts[option] != null)
  h.restart = () => {
    if (given && typeof hooks.onRestart !== 'function') {
      const e = new Error('rows in conflict mean the upload is checked twice, and the output hooks were given the first check\'s chunks: give onRestart() to forget them')
      e.code = 'options_conflict'
      e.options = ['onRestart']
      throw e
    }
    reader.rewind()
    for (const parts of Object.values(collected)) parts.length = 0
    if (typeof hooks.onRestart === 'function') hooks.onRestart()
  }
  delete h.onRestart
  if (h.inputName === undefined && reader.name !== undefined) h.inputName = reader.name
  if (h.inputBytes === undefined) h.inputBytes = reader.size
  const report = guarded(() => runUpload(template, opts, (max) => reader.read(max), h))
  for (const [option, parts] of Object.entries(collected)) report[option] = concat(parts)
  return report
}

/**
 * Checks a destinations upload (the WMCA portal's template; CSV or a workbook). `options`
 * as the core's destinations job in camelCase (`ukprn`, `asOf`, `sheet`, `maxFindings`,
 * `fileName`, `processedAt`, `keepAccepted`, `errorsCsv`, `errorsXlsx`, `acceptedCsv`): unknown keys throw
 * `option_unknown`. `hooks`: `onProgress(bytes, rows)`, `cancel() → boolean`,
 * `onErrorsCsv(chunk)`, `onErrorsXlsx(chunk)`, `onAcceptedCsv(chunk)` (else the named outputs are returned as
 * `Uint8Array`s on the report), `today`, `now`.
 */
export function validateDestinations(source, options, hooks) {
  return validate('destinations', source, options, hooks)
}

/** Checks a learner import (UCAS Progress); as `validateDestinations`, with the learner job's options. */
export function validateLearners(source, options, hooks) {
  return validate('learners', source, options, hooks)
}

/**
 * Checks a learner qualifications upload (UCAS Progress); as `validateDestinations`, plus
 * `lists` (an object or JSON text), `reference` and `export` (files, read whole).
 */
export function validateQualifications(source, options, hooks) {
  return validate('qualifications', source, options, hooks)
}

/** `bytes` (a Uint8Array of UTF-8, with its byte-order mark kept) as text. */
export function utf8Text(bytes) {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)
}

// --- The ILR XML file's uses -------------------------------------------------------------------

/**
 * One use of an ILR file (`source` as the uploads take it: a File, Blob, Uint8Array,
 * ArrayBuffer, ReadableStream, or the XML as a string or `{ text }`), read in chunks; the
 * options are the core's (camelCase; an unknown one is refused with `option_unknown`).
 */
async function ilr(use, source, options = {}, mailingList = false) {
  if (options === null || options === undefined) options = {}
  if (typeof options !== 'object' || Array.isArray(options)) throw optionError('options', 'give an object')
  const reader = await openSource(source)
  return guarded(() => runIlr(use, options, reader.read, mailingList))
}

/** Enrolments and learners awaiting a destination (R107/R108 with the file's funding). */
export function ilrAwaiting(source, options) {
  return ilr('awaiting', source, options)
}

/**
 * Who may be surveyed by which channel. `options.csv: true` also returns the survey's mailing
 * list as CSV text in `csv` (the other options are the core's).
 */
export function ilrContacts(source, options = {}) {
  if (options !== null && typeof options === 'object' && !Array.isArray(options) && 'csv' in options) {
    const { csv, ...rest } = options
    if (typeof csv !== 'boolean') return Promise.reject(optionError('csv', 'give true or false'))
    return ilr('contacts', source, rest, csv)
  }
  return ilr('contacts', source, options)
}

/** The D&P record checks (OutType_01-05 ... R69, R71, R85) with the header's year. */
export function ilrRecords(source, options) {
  return ilr('records', source, options)
}

/** The WMCA destinations upload pre-filled with the enrolments awaiting a destination. */
export function ilrTemplate(source, options) {
  return ilr('template', source, options)
}
