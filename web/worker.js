// Checks the chosen file off the page's thread: reads it slice by slice (FileReaderSync, in
// learner-destinations-wasm's openSource), gathers the errors file and the export as Blobs
// (outside wasm memory), and posts progress and the result.
import { init, validateDestinations, validateLearners, validateQualifications } from './pkg/index.js'

const ready = init()
const run = { destinations: validateDestinations, learners: validateLearners, qualifications: validateQualifications }

self.onmessage = async (e) => {
  const m = e.data
  if (m.type !== 'check') return
  try {
    await ready
    const options = { keepAccepted: false, errorsCsv: 'errors.csv', acceptedCsv: 'export.csv', fileName: m.file.name }
    if (m.processedAt) options.processedAt = m.processedAt
    if (m.template === 'destinations') {
      if (m.ukprn) options.ukprn = m.ukprn
      if (m.asOf) options.asOf = m.asOf
    } else if (m.template === 'learners') {
      if (m.ukprn) options.ukprns = [m.ukprn]
      if (m.asOf) options.asOf = m.asOf
    }
    const errors = []
    const accepted = []
    const size = m.file.size
    const started = performance.now()
    const report = await run[m.template](m.file, options, {
      onErrorsCsv: (c) => errors.push(c),
      onAcceptedCsv: (c) => accepted.push(c),
      // Rows in conflict: the file is checked again, and the first check's chunks are void.
      onRestart: () => { errors.length = 0; accepted.length = 0 },
      onProgress: (bytes, rows) => self.postMessage({ type: 'progress', bytes, rows, size }),
    })
    const elapsedMs = performance.now() - started
    self.postMessage({
      type: 'done',
      summary: report.summary,
      findings: report.findings,
      truncated: report.truncated,
      errorsCsv: new Blob(errors, { type: 'text/csv' }),
      acceptedCsv: new Blob(accepted, { type: 'text/csv' }),
      elapsedMs,
    })
  } catch (err) {
    self.postMessage({ type: 'error', code: err?.code ?? 'host_failure', message: err?.message ?? String(err) })
  }
}
