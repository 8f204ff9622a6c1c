// The checker page: the form, the worker that checks the file, the summary, the findings
// (paged: 100 a page, so 60,000 findings cost the page 100 rows of table) and the downloads.
// The file is read by the worker only; nothing is sent anywhere.

const PAGE = 100
const $ = (id) => document.getElementById(id)

const form = {
  template: $('template'),
  ukprn: $('ukprn'),
  asOf: $('as-of'),
  file: $('file'),
}
const pad = (n) => String(n).padStart(2, '0')
const now = new Date()
form.asOf.value = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`

let worker = null
let current = null // the file last chosen
let findings = []
let page = 0
let urls = []

function startWorker() {
  worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' })
  worker.onmessage = (e) => onMessage(e.data)
  worker.onerror = (e) => {
    e.preventDefault()
    showError('host_failure', `The checker stopped: ${e.message || 'unknown error'}. Choose the file again.`)
    worker.terminate()
    worker = null
  }
}

function showError(code, message) {
  $('progress-box').hidden = true
  $('status-text').textContent = 'The file could not be checked.'
  const el = $('error')
  el.textContent = `${message} (${code})`
  el.hidden = false
}

function reset() {
  for (const u of urls) URL.revokeObjectURL(u)
  urls = []
  findings = []
  $('error').hidden = true
  $('summary').hidden = true
  $('downloads').hidden = true
  $('findings-section').hidden = true
  document.body.removeAttribute('data-state')
}

let lastKey = null // what the last check was of: a change event that changes nothing is no new check

function check() {
  if (current === null) return
  const key = [current.name, current.size, current.lastModified, form.template.value, form.ukprn.value.trim(), form.asOf.value].join('\u0000')
  if (key === lastKey && document.body.dataset.state !== 'stopped' && document.body.dataset.state !== 'error') return
  lastKey = key
  reset()
  if (worker === null) startWorker()
  const template = form.template.value
  $('progress').value = 0
  $('progress-text').textContent = ''
  $('progress-box').hidden = false
  $('status-text').textContent = `Checking ${current.name}…`
  document.body.setAttribute('data-state', 'checking')
  worker.postMessage({
    type: 'check',
    file: current,
    template,
    ukprn: form.ukprn.value.trim(),
    asOf: form.asOf.value,
    processedAt: document.body.dataset.processedAt, // fixed by tests; else the worker's clock
  })
}

function onMessage(m) {
  if (m.type === 'progress') {
    const p = $('progress')
    p.max = Math.max(1, m.size)
    p.value = m.bytes
    $('progress-text').textContent = `${m.rows.toLocaleString()} rows, ${Math.round((100 * m.bytes) / Math.max(1, m.size))}%`
  } else if (m.type === 'error') {
    showError(m.code, m.message)
    document.body.setAttribute('data-state', 'error')
  } else if (m.type === 'done') {
    done(m)
  }
}

function done(m) {
  $('progress-box').hidden = true
  const s = m.summary
  $('summary-rows').textContent = String(s.rows)
  $('summary-accepted').textContent = String(s.accepted)
  $('summary-rejected').textContent = String(s.rejected)
  $('summary').hidden = false
  const truncated = m.truncated ? ' (some findings left out)' : ''
  $('status-text').textContent =
    `Checked ${current.name}: ${s.rows} rows, ${s.accepted} accepted, ${s.rejected} rejected, ` +
    `${s.errors} errors and ${s.warnings} warnings${truncated}.`
  const base = current.name.replace(/\.[^.]*$/, '')
  const link = (id, blob, name) => {
    const a = $(id)
    const u = URL.createObjectURL(blob)
    urls.push(u)
    a.href = u
    a.download = name
  }
  link('download-errors', m.errorsCsv, `${base}.errors.csv`)
  link('download-export', m.acceptedCsv, `${base}.accepted.csv`)
  $('downloads').hidden = false
  findings = m.findings
  page = 0
  $('findings-section').hidden = findings.length === 0
  render()
  document.body.dataset.elapsedMs = String(m.elapsedMs)
  document.body.setAttribute('data-state', 'done')
}

function render() {
  const pages = Math.max(1, Math.ceil(findings.length / PAGE))
  page = Math.min(Math.max(0, page), pages - 1)
  const body = $('findings-body')
  const rows = document.createDocumentFragment()
  for (const f of findings.slice(page * PAGE, (page + 1) * PAGE)) {
    const tr = document.createElement('tr')
    for (const [text, cls] of [
      [f.row ?? '', ''],
      [f.column ?? '', ''],
      [f.value ?? '', ''],
      [f.severity, `sev-${f.severity}`],
      [f.code, ''],
      [f.message, ''],
    ]) {
      const td = document.createElement('td')
      td.textContent = String(text)
      if (cls) td.className = cls
      tr.append(td)
    }
    rows.append(tr)
  }
  body.replaceChildren(rows)
  $('page-text').textContent = `Page ${page + 1} of ${pages} (${findings.length} findings)`
  $('first-page').disabled = $('prev-page').disabled = page === 0
  $('last-page').disabled = $('next-page').disabled = page >= pages - 1
}

$('first-page').onclick = () => { page = 0; render() }
$('prev-page').onclick = () => { page -= 1; render() }
$('next-page').onclick = () => { page += 1; render() }
$('last-page').onclick = () => { page = Number.MAX_SAFE_INTEGER; render() }
$('cancel').onclick = () => {
  if (worker !== null) worker.terminate()
  worker = null
  $('progress-box').hidden = true
  $('status-text').textContent = 'Stopped.'
  document.body.setAttribute('data-state', 'stopped')
}

function applies() {
  const q = form.template.value === 'qualifications'
  form.ukprn.disabled = q
  form.asOf.disabled = q
  $('not-applicable').hidden = !q
}
form.template.addEventListener('change', () => { applies(); check() })
form.ukprn.addEventListener('change', check)
form.asOf.addEventListener('change', check)
form.file.addEventListener('change', () => {
  current = form.file.files[0] ?? null
  lastKey = null
  check()
})
applies()

const zone = $('drop-zone')
zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over') })
zone.addEventListener('dragleave', () => zone.classList.remove('over'))
zone.addEventListener('drop', (e) => {
  e.preventDefault()
  zone.classList.remove('over')
  const f = e.dataTransfer?.files?.[0]
  if (f) {
    current = f
    lastKey = null
    check()
  }
})
