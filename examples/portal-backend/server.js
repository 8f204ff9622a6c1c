// A sample portal backend on plain node:http and better-sqlite3: providers upload their WMCA
// destinations file, the upload is checked as the portal would check it (learner-destinations),
// the accepted rows are stored in SQLite and the answer is the summary with the errors file.
//
//   node server.js [PORT] [DATABASE]      # defaults: 8080 on 127.0.0.1, portal.db
//
// Routes:
//   POST /uploads?asOf=YYYY-MM-DD&ukprn=N&file=NAME   the file as the request body (CSV or a
//        workbook, any size: the body is streamed into the check, never held whole); answers
//        201 { upload, summary, errorsCsv }, or 400/422 { code, category, message } when the
//        file cannot be processed at all (a DestinationsError)
//   GET  /uploads                 the upload history: id, file, when, rows, accepted, rejected
//   GET  /uploads/:id/errors.csv  the errors file of an upload, ready for Excel
//   GET  /uploads/:id/rows        the accepted rows stored for an upload (JSON)
//   GET  /health                  200 "ok" (answers while uploads are checked)
'use strict'

const http = require('node:http')
const { PassThrough } = require('node:stream')
const Database = require('better-sqlite3')
const { validateDestinations, DestinationsError } = require('learner-destinations')

const SCHEMA = `
CREATE TABLE IF NOT EXISTS uploads (
  id INTEGER PRIMARY KEY,
  file TEXT,
  created TEXT NOT NULL,
  rows INTEGER NOT NULL,
  accepted INTEGER NOT NULL,
  rejected INTEGER NOT NULL,
  errors_csv TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS destinations (
  upload INTEGER NOT NULL REFERENCES uploads(id),
  row INTEGER NOT NULL,
  ukprn TEXT NOT NULL,
  uln TEXT NOT NULL,
  learner_ref TEXT NOT NULL,
  aim_ref TEXT NOT NULL,
  code TEXT NOT NULL,
  ilr_code TEXT NOT NULL,
  wmca_code TEXT NOT NULL,
  PRIMARY KEY (upload, row)
);
`

// Accepted rows are stored a batch at a time, one transaction a batch, with a turn of the
// event loop between batches (`report.accepted.batches`), so a large upload does not hold the
// server while it is stored.
const BATCH = 2000

function createServer(databasePath) {
  const db = new Database(databasePath)
  db.pragma('journal_mode = WAL')
  db.exec(SCHEMA)
  const addUpload = db.prepare(
    'INSERT INTO uploads (file, created, rows, accepted, rejected, errors_csv) VALUES (?, ?, ?, ?, ?, ?)',
  )
  const addRow = db.prepare(
    'INSERT INTO destinations (upload, row, ukprn, uln, learner_ref, aim_ref, code, ilr_code, wmca_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  )
  const addRows = db.transaction((upload, rows) => {
    for (const r of rows) {
      addRow.run(upload, r.row, r.UKPRN, r['Unique Learner Number'], r['Learner Reference Number'], r['Learning Aim Reference'], r['Destination Code'], r['ILR Code'], r['WMCA Code'])
    }
  })

  async function upload(req, res, query) {
    const options = { asOf: query.get('asOf') ?? undefined, fileName: query.get('file') ?? undefined }
    if (query.has('ukprn')) options.ukprn = query.get('ukprn')
    // The request body is the source, read a chunk at a time off the event loop, through a
    // PassThrough: a run that fails destroys its source stream, and the request itself must
    // live on to carry the answer (its unread rest is drained).
    const body = new PassThrough()
    req.pipe(body)
    let report
    try {
      report = await validateDestinations(body, options)
    } catch (e) {
      req.unpipe(body)
      req.resume()
      throw e
    }
    const { summary } = report
    const errorsCsv = report.errorsCsv
    const id = Number(addUpload.run(summary.file, new Date().toISOString(), summary.rows, summary.accepted, summary.rejected, errorsCsv).lastInsertRowid)
    for await (const rows of report.accepted.batches(BATCH)) addRows(id, rows)
    send(res, 201, { upload: id, summary, errorsCsv })
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost')
    const route = `${req.method} ${url.pathname}`
    let m
    const done = (e) => {
      if (e instanceof DestinationsError) {
        // A file that cannot be processed, or an option refused: the caller's to fix.
        const status = e.category === 'host' || e.category === 'io' ? 500 : e.category === 'input' ? 422 : 400
        send(res, status, { code: e.code, category: e.category, message: e.message })
      } else {
        send(res, 500, { code: 'internal', message: String(e && e.message) })
      }
    }
    try {
      if (route === 'GET /health') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok')
      } else if (route === 'POST /uploads') {
        upload(req, res, url.searchParams).catch(done)
      } else if (route === 'GET /uploads') {
        send(res, 200, db.prepare('SELECT id, file, created, rows, accepted, rejected FROM uploads ORDER BY id').all())
      } else if (req.method === 'GET' && (m = /^\/uploads\/(\d+)\/errors\.csv$/.exec(url.pathname))) {
        const row = db.prepare('SELECT errors_csv FROM uploads WHERE id = ?').get(Number(m[1]))
        if (row === undefined) send(res, 404, { code: 'not_found' })
        else res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="errors-${m[1]}.csv"` }).end(row.errors_csv)
      } else if (req.method === 'GET' && (m = /^\/uploads\/(\d+)\/rows$/.exec(url.pathname))) {
        send(res, 200, db.prepare('SELECT * FROM destinations WHERE upload = ? ORDER BY row').all(Number(m[1])))
      } else {
        send(res, 404, { code: 'not_found' })
      }
    } catch (e) {
      done(e)
    }
  })
  server.on('close', () => db.close())
  return server
}

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body))
}

module.exports = { createServer }

if (require.main === module) {
  const port = Number(process.argv[2] ?? 8080)
  const server = createServer(process.argv[3] ?? 'portal.db')
  server.listen(port, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}`))
}
