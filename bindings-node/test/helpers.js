// Helpers shared by the test files (this file defines no tests).
'use strict'

const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const zlib = require('node:zlib')

const FINDING_KEYS = ['code', 'column', 'message', 'row', 'severity', 'value']

/** Asserts `fn` throws an Error whose `code` is `code` and whose message matches `message`. */
function throwsCode(fn, code, message = /./) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof Error, 'an Error instance')
    assert.equal(e.code, code)
    assert.match(e.message, message)
    return true
  })
}

/** Asserts `promise` rejects with an Error whose `code` is `code`. */
async function rejectsCode(promise, code, message = /./) {
  await assert.rejects(promise, (e) => {
    assert.ok(e instanceof Error, 'an Error instance')
    assert.equal(e.code, code)
    assert.match(e.message, message)
    return true
  })
}

/** Asserts `f` is a plain finding object (exactly the six keys) with `code`. */
function assertFindingShape(f, code) {
  assert.notEqual(f, null, `expected a ${code} finding`)
  assert.equal(Object.getPrototypeOf(f), Object.prototype)
  assert.deepEqual(Object.keys(f).sort(), FINDING_KEYS)
  assert.equal(f.code, code)
  assert.ok(f.severity === 'error' || f.severity === 'warning')
  assert.ok(f.row === null || Number.isInteger(f.row))
  assert.equal(typeof f.message, 'string')
}

/** A temporary directory removed after the test. */
function tempDir(t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'learner-destinations-'))
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** A zip archive of `files` ({name: text}), stored without compression. */
function zip(files) {
  const locals = []
  const centrals = []
  let offset = 0
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text, 'utf8')
    const nameBytes = Buffer.from(name, 'utf8')
    const crc = zlib.crc32(data)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(data.length, 18)
    local.writeUInt32LE(data.length, 22)
    local.writeUInt16LE(nameBytes.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(data.length, 20)
    central.writeUInt32LE(data.length, 24)
    central.writeUInt16LE(nameBytes.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, nameBytes, data)
    centrals.push(central, nameBytes)
    offset += local.length + nameBytes.length + data.length
  }
  const centralDir = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(Object.keys(files).length, 8)
  end.writeUInt16LE(Object.keys(files).length, 10)
  end.writeUInt32LE(centralDir.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, centralDir, end])
}

const escapeXml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/**
 * A minimal .xlsx workbook: `sheets` is {name: rows}, each row an array of cells (a string, a
 * number, or null for an empty cell). Strings are inline, numbers plain.
 */
function xlsx(sheets) {
  const names = Object.keys(sheets)
  const col = (i) => String.fromCharCode(65 + i)
  const sheetXml = (rows) => {
    const body = rows
      .map((cells, r) => {
        const cs = cells
          .map((v, c) => {
            const ref = `${col(c)}${r + 1}`
            if (v === null) return ''
            if (typeof v === 'number') return `<c r="${ref}"><v>${v}</v></c>`
            return `<c r="${ref}" t="inlineStr"><is><t>${escapeXml(v)}</t></is></c>`
          })
          .join('')
        return `<row r="${r + 1}">${cs}</row>`
      })
      .join('')
    return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body}</sheetData></worksheet>`
  }
  const files = {
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      names
        .map(
          (_, i) =>
            `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
        )
        .join('') +
      '</Types>',
    '_rels/.rels':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    'xl/workbook.xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>' +
      names.map((n, i) => `<sheet name="${escapeXml(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
      '</sheets></workbook>',
    'xl/_rels/workbook.xml.rels':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      names
        .map(
          (_, i) =>
            `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
        )
        .join('') +
      '</Relationships>',
  }
  names.forEach((n, i) => {
    files[`xl/worksheets/sheet${i + 1}.xml`] = sheetXml(sheets[n])
  })
  return zip(files)
}

/**
 * The property names `index.d.ts` declares for `interface name`, in order (quoted names
 * unquoted; comments skipped).
 */
function declaredKeys(name) {
  const dts = fs.readFileSync(path.join(__dirname, '..', 'index.d.ts'), 'utf8')
  const start = dts.indexOf(`export interface ${name} {`)
  assert.ok(start >= 0, `index.d.ts declares ${name}`)
  const body = dts.slice(dts.indexOf('{', start) + 1, dts.indexOf('\n}', start))
  const code = body.replace(/\/\*[\s\S]*?\*\//g, '')
  return [...code.matchAll(/^\s*(?:'([^']+)'|(\w+))\??:/gm)].map((m) => m[1] ?? m[2])
}

/** examples/awaiting.json, its enrolments in the package's camelCase shape. */
function exampleAwaiting() {
  const example = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'awaiting.json'), 'utf8'))
  const enrolments = example.enrolments.map((e) => ({
    ukprn: e.ukprn,
    uln: e.uln,
    learnerRef: e.learner_ref,
    aimRef: e.aim_ref,
    learningEnd: e.learning_end,
    completionStatus: e.completion_status,
  }))
  return { example, enrolments }
}

module.exports = { FINDING_KEYS, throwsCode, rejectsCode, assertFindingShape, tempDir, xlsx, declaredKeys, exampleAwaiting }
