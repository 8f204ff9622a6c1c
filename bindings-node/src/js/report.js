(function (report, parts, csvs, sliced, DestinationsError) {
  'use strict'
  // Sequential strings of a units-mode section (findings, rejected rows): `texts` chunks (UTF-8
  // Buffers, each decoded when first read), `starts` where each chunk starts and `ends` where
  // each string ends, in UTF-16 units of the decoded text.
  function unitStrings(texts, starts, ends) {
    const decode = (c) => texts[c].toString('utf8')
    let c = 0
    let base = 0
    // The first chunk too is decoded when first read, in a slice of building, not while the
    // report is handed over.
    let text
    let limit = starts.length > 1 ? starts[1] : Infinity
    let s = 0
    let pos = 0
    return function str() {
      if (text === undefined) text = texts.length > 0 ? decode(0) : ''
      const end = ends[s++]
      if (end > limit) {
        c++
        base = starts[c]
        text = decode(c)
        limit = c + 1 < starts.length ? starts[c + 1] : Infinity
        pos = base
      }
      const out = text.slice(pos - base, end - base)
      pos = end
      return out
    }
  }
  // A list built in order, a slice of time at a time: findings (kind 0) or rejected rows (2).
  function sequence(kind, table, texts, starts, ends, meta, nums, count) {
    const str = unitStrings(texts, starts, ends)
    let m = 0
    let n = 0
    let i = 0
    const out = new Array(count)
    function finding() {
      const code = meta[m++]
      const column = meta[m++]
      const flags = meta[m++]
      const row = nums[n++]
      return {
        row: row === row ? row : null,
        column: column === 0xffffffff ? null : table[column],
        value: (flags & 1) === 1 ? str() : null,
        code: table[code],
        severity: (flags & 2) === 2 ? 'error' : 'warning',
        message: str(),
      }
    }
    return {
      out,
      // Builds until done (true) or until `deadline` (performance.now()) has passed (false).
      step(deadline) {
        while (i < count) {
          if ((i & 127) === 0 && deadline !== undefined && performance.now() > deadline) return false
          if (kind === 0) {
            out[i] = finding()
          } else {
            const row = nums[n++]
            const cells = new Array(nums[n++])
            const findings = new Array(nums[n++])
            for (let j = 0; j < cells.length; j++) cells[j] = str()
            for (let j = 0; j < findings.length; j++) findings[j] = finding()
            out[i] = { row, cells, findings }
          }
          i++
        }
        return true
      },
    }
  }
  const BATCH = 4096
  // Rows made between two turns of the event loop when iterated with `for await`.
  const ASYNC_BATCH = 1024
  const pause = () => new Promise((resolve) => setImmediate(resolve))
  // Rows made on demand (accepted rows, issued credentials): `packed` (a __Packed, in the
  // binding's memory) holds the UTF-8 of every string, where each ends (in bytes) and each
  // row's number; a batch of rows copies out only its own range. `width` strings a row.
  class UploadRows {
    #make
    #packed
    #width
    #count
    constructor(make, packed, width, count) {
      this.#make = make
      this.#packed = packed
      this.#width = width
      this.#count = count
    }
    get length() {
      return this.#count
    }
    get [Symbol.toStringTag]() {
      return 'UploadRows'
    }
    #rows(from, to) {
      const packed = this.#packed
      const w = this.#width
      const first = from * w
      const last = to * w
      // The ends of the strings before and of the batch: ends[k] is where string k ends.
      const ends = packed.ends(first === 0 ? 0 : first - 1, last)
      const shift = first === 0 ? 0 : 1
      const b0 = first === 0 ? 0 : ends[0]
      const b1 = last === first ? b0 : ends[ends.length - 1]
      const nums = packed.nums(from, to)
      const text = packed.text(b0, b1)
      let s = shift
      let pos = b0
      let bytes
      // ASCII text (one byte a unit) is sliced; other text decoded string by string.
      const str =
        text.length === b1 - b0
          ? () => {
              const end = ends[s++]
              const out = text.slice(pos - b0, end - b0)
              pos = end
              return out
            }
          : () => {
              if (bytes === undefined) bytes = packed.bytes(b0, b1)
              const end = ends[s++]
              const out = bytes.toString('utf8', pos - b0, end - b0)
              pos = end
              return out
            }
      const out = new Array(to - from)
      for (let i = from; i < to; i++) out[i - from] = this.#make(nums[i - from], str)
      return out
    }
    #index(i, fallback) {
      if (i === undefined) return fallback
      const n = Math.trunc(Number(i)) || 0
      return n < 0 ? Math.max(0, this.#count + n) : Math.min(n, this.#count)
    }
    at(i) {
      let n = Math.trunc(Number(i)) || 0
      if (n < 0) n += this.#count
      return n >= 0 && n < this.#count ? this.#rows(n, n + 1)[0] : undefined
    }
    slice(start, end) {
      const from = this.#index(start, 0)
      const to = this.#index(end, this.#count)
      return to > from ? this.#rows(from, to) : []
    }
    toArray() {
      return this.#rows(0, this.#count)
    }
    toJSON() {
      return this.toArray()
    }
    *[Symbol.iterator]() {
      for (let i = 0; i < this.#count; i += BATCH) yield* this.#rows(i, Math.min(i + BATCH, this.#count))
    }
    async *batches(size) {
      const step = size === undefined ? ASYNC_BATCH : Math.trunc(Number(size))
      if (!(step >= 1 && step <= 1e7)) {
        throw new DestinationsError(`batches(size): size must be a whole number from 1 to 10000000, not ${String(size).slice(0, 40)}`, 'option_invalid', { option: 'size' })
      }
      for (let i = 0; i < this.#count; i += step) {
        if (i > 0) await pause()
        yield this.#rows(i, Math.min(i + step, this.#count))
      }
    }
    async *[Symbol.asyncIterator]() {
      for await (const batch of this.batches()) yield* batch
    }
  }
  for (const [name, file] of csvs) {
    // Small files (Buffers) are decoded now; a large one (a __Packed: an export of a million
    // rows is about 100 MB) when first read, so that settling the report does not hold the
    // event loop.
    if (file === null || Buffer.isBuffer(file)) {
      report[name] = file === null ? null : file.toString('utf8')
      continue
    }
    let value
    Object.defineProperty(report, name, {
      enumerable: true,
      configurable: true,
      get() {
        if (value === undefined) value = file.text(0, file.byteLength)
        return value
      },
      set(v) {
        Object.defineProperty(report, name, { value: v, enumerable: true, configurable: true, writable: true })
      },
    })
  }
  const built = []
  for (const p of parts) {
    const [name, kind, table, makeRow, texts, starts, ends, meta, nums, count] = p
    if (kind === 1) {
      report[name] = new UploadRows(makeRow, texts, table.length, count)
    } else {
      built.push([name, sequence(kind, table, texts, starts, ends, meta, nums, count)])
    }
  }
  if (!sliced) {
    for (const [name, b] of built) {
      b.step(undefined)
      report[name] = b.out
    }
    return report
  }
  // Off the event loop's critical path: a few milliseconds of building at a time, the first
  // slice too in a later turn of the loop (a timer's), so that handing the report over and
  // building never share one turn.
  return new Promise((resolve, reject) => {
    let k = 0
    function run() {
      try {
        const deadline = performance.now() + 6
        while (k < built.length) {
          const [name, b] = built[k]
          if (!b.step(deadline)) {
            setImmediate(run)
            return
          }
          report[name] = b.out
          k++
        }
        resolve(report)
      } catch (e) {
        reject(e)
      }
    }
    setTimeout(run, 0)
  })
})
