// validateQualifications / validateQualificationsSync: the qualification upload's report, the
// exported file, the reference lists from every place they can come from, and errors.
'use strict'

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const ld = require('..')
const { throwsCode, rejectsCode, assertFindingShape, tempDir, xlsx, declaredKeys } = require('./helpers.js')

const EXAMPLES = path.join(__dirname, '..', '..', 'examples')
const UPLOAD = path.join(EXAMPLES, 'learner-qualifications.csv')
const EXPORT = path.join(EXAMPLES, 'learner-qualifications-export.csv')

const IDENTITY = ['UCAS Account ID', 'UPN', 'ULN', 'Forename', 'Surname', 'Date of Birth', 'Current Provider', 'Current Area']
const GROUP_1 = ['Qualification Type 1', 'Qualification Subject 1', 'Qualification Completion Date 1', 'Qualification Predicted Grade 1', 'Qualification Actual Grade 1']
const LEARNER = ['1001', '', '', 'Paul', 'Marmoshon', '2008-01-02', 'School', 'Birmingham']

/** The exported workbook: reference sheets (long layout) and the learners. */
function exportedWorkbook(learnerRows) {
  return xlsx({
    'Qualification type': [['Qualification Type'], ['Cambridge National'], ['GCSE (9-1)']],
    'Qualification Subject': [
      ['Qualification Type', 'Qualification Subject'],
      ['Cambridge National', 'IT'],
      ['GCSE (9-1)', 'Mathematics'],
    ],
    'Qualification Grading': [
      ['Qualification Type', 'Qualification Grade'],
      ['Cambridge National', 'Merit'],
      ['Cambridge National', 'Pass'],
      ['GCSE (9-1)', 9],
      ['GCSE (9-1)', 7],
    ],
    'Learner Qualifications': [[...IDENTITY, ...GROUP_1], ...learnerRows],
  })
}

test('the example upload against the exported file: identity columns, groups, the lists used', () => {
  const report = ld.validateQualificationsSync(UPLOAD, { export: EXPORT })
  assert.deepEqual(
    [report.summary.template, report.summary.rows, report.summary.accepted, report.summary.rejected, report.summary.errors],
    ['qualifications', 6, 1, 5, 8],
  )
  assert.equal(report.exportedLearners, 5)
  assert.equal(report.lists.isDefault, true, 'no reference sheets given: the defaults, which say so')
  assert.match(report.lists.source, /NOT UCAS Progress's own lists/)
  for (const f of report.findings) assertFindingShape(f, f.code)
  const changed = report.findings.find((f) => f.code === 'qualification_identity_changed')
  assert.deepEqual([changed.row, changed.column, changed.value], [4, 'Forename', 'Ravi'])
  assert.match(changed.message, /Ravinder/)
  const unknown = report.findings.find((f) => f.code === 'qualification_account_unknown')
  assert.deepEqual([unknown.row, unknown.column, unknown.value], [5, 'UCAS Account ID', '1009'])

  // 98 export columns, every one on every accepted row; the type declares exactly these keys.
  assert.equal(report.columns.length, 98)
  assert.deepEqual(['row', ...report.columns], declaredKeys('QualificationsExportRow'))
  const [paul] = report.accepted
  assert.deepEqual(Object.keys(paul), ['row', ...report.columns])
  assert.deepEqual(
    [paul.row, paul['Qualification Type 3'], paul['Qualification Subject 3'], paul['Qualification Actual Grade 3'], paul['Qualification Type 18']],
    [2, 'GCSE (9-1)', 'English Language', '6', ''],
  )

  // Without the export, identities are not compared.
  const alone = ld.validateQualificationsSync(UPLOAD)
  assert.equal(alone.exportedLearners, null)
  assert.ok(!alone.findings.some((f) => f.code.startsWith('qualification_identity') || f.code === 'qualification_account_unknown'))
})

test('the exported workbook is one upload with its own lists; its sheet is found by name', async (t) => {
  const book = exportedWorkbook([
    [...LEARNER, 'cambridge national', 'it', '2026-06', 'merit', ''],
    ['1002', '', '', 'Ann', 'Lee', '2008-03-04', 'School', 'Solihull', 'GCSE (9-1)', 'Physics', '', 7, ''],
  ])
  const report = ld.validateQualificationsSync(book, { fileName: 'export.xlsx' })
  assert.equal(report.summary.format, 'xlsx')
  assert.equal(report.lists.isDefault, false)
  assert.match(report.lists.source, /sheets of export\.xlsx$/)
  assert.deepEqual([report.summary.accepted, report.summary.rejected], [1, 1])
  assert.deepEqual(
    [report.accepted.at(0)['Qualification Type 1'], report.accepted.at(0)['Qualification Subject 1'], report.accepted.at(0)['Qualification Predicted Grade 1']],
    ['Cambridge National', 'IT', 'Merit'],
  )
  assert.equal(report.findings[0].code, 'qualification_subject_unknown')

  // The same workbook as the export of a CSV upload: identities compared, its lists used.
  const dir = tempDir(t)
  const file = path.join(dir, 'exported.xlsx')
  fs.writeFileSync(file, book)
  const csv = [
    [...IDENTITY, ...GROUP_1].join(','),
    [...LEARNER, 'Cambridge National', 'IT', '', 'Pass', ''].join(','),
    ['1002', '', '', 'Anne', 'Lee', '2008-03-04', 'School', 'Solihull', 'GCSE (9-1)', 'Mathematics', '', '9', ''].join(','),
  ].join('\n')
  const checked = await ld.validateQualifications({ text: csv }, { export: file })
  assert.deepEqual([checked.exportedLearners, checked.summary.accepted], [2, 1])
  assert.match(checked.lists.source, /sheets of exported\.xlsx$/)
  assert.deepEqual(checked.findings.map((f) => [f.row, f.code]), [[3, 'qualification_identity_changed']])

  // `exportSheet` and `sheet` name other sheets.
  throwsCode(() => ld.validateQualificationsSync({ text: csv }, { export: file, exportSheet: 'Nope' }), 'sheet_not_found', /no sheet 'Nope'/)
  throwsCode(() => ld.validateQualificationsSync(book, { sheet: 'Qualification Grading' }), 'missing_columns')
})

test('reference lists: `lists`, a `reference` workbook or JSON file, the downloaded template', (t) => {
  const csv = [[...IDENTITY.slice(0, 1), ...GROUP_1].join(','), '1001,Cambridge National,Sport,,Distinction*,'].join('\n')
  assert.equal(ld.validateQualificationsSync({ text: csv }).findings[0].code, 'qualification_type_unknown')

  const json = JSON.stringify({
    source: 'test lists',
    types: [{ type: 'Cambridge National', subjects: ['IT', 'Sport'], grades: ['Distinction*', 'Pass'] }],
  })
  const lists = ld.QualificationLists.fromJson(json)
  const withLists = ld.validateQualificationsSync({ text: csv }, { lists })
  assert.deepEqual([withLists.summary.accepted, withLists.lists.source, withLists.lists.isDefault], [1, 'test lists', false])

  const dir = tempDir(t)
  const jsonFile = path.join(dir, 'lists.json')
  fs.writeFileSync(jsonFile, `\uFEFF${json}`)
  assert.equal(ld.validateQualificationsSync({ text: csv }, { reference: jsonFile }).summary.accepted, 1)
  assert.equal(ld.validateQualificationsSync({ text: csv }, { reference: { text: json } }).summary.accepted, 1)

  // A downloaded qualifications template carries the lists it was made with.
  const template = ld.templateXlsx('qualifications', { qualifications: lists })
  const fromTemplate = ld.validateQualificationsSync({ text: csv }, { reference: template, fileName: 'up.csv' })
  assert.equal(fromTemplate.summary.accepted, 1)
  assert.equal(fromTemplate.lists.isDefault, false)

  // The reference lists come before those of the export.
  const book = exportedWorkbook([[...LEARNER, '', '', '', '', '']])
  const full = [[...IDENTITY, ...GROUP_1].join(','), [...LEARNER, 'Cambridge National', 'Sport', '', 'Distinction*', ''].join(',')].join('\n')
  const exportLists = ld.validateQualificationsSync({ text: full }, { export: book })
  assert.deepEqual([exportLists.exportedLearners, exportLists.summary.accepted], [1, 0])
  assert.equal(exportLists.findings[0].code, 'qualification_subject_unknown')
  const both = ld.validateQualificationsSync({ text: full }, { export: book, reference: template })
  assert.deepEqual([both.exportedLearners, both.summary.accepted, both.lists.isDefault], [1, 1, false])

  throwsCode(() => ld.validateQualificationsSync({ text: csv }, { reference: Buffer.from([0xff, 0xfe, 0x00]) }), 'reference_lists_invalid', /^the reference file is neither a workbook nor JSON/)
  throwsCode(() => ld.validateQualificationsSync({ text: csv }, { reference: { text: '{"types": 3}' } }), 'json_invalid', /^qualification lists: found integer `3` where a list \(\[\.\.\.\]\) is expected, at line 1, column 11/)
  throwsCode(() => ld.validateQualificationsSync({ text: csv }, { reference: jsonFile, lists }), 'options_conflict', /not both/)
})

test('exported learners held in memory: `exported`', () => {
  const exported = new ld.ExportedLearners()
  exported.insert('1001', { forename: 'Paul', surname: 'Marmoshon', dateOfBirth: '2008-01-02', currentProvider: 'School', currentArea: 'Birmingham' })
  const csv = [[...IDENTITY, ...GROUP_1].join(','), [...LEARNER, 'GCSE (9-1)', 'Mathematics', '', '7', ''].join(',')].join('\n')
  const report = ld.validateQualificationsSync({ text: csv }, { exported })
  assert.deepEqual([report.exportedLearners, report.summary.accepted], [1, 1])
  exported.insert('1001', { forename: 'Paula', surname: 'Marmoshon', dateOfBirth: '2008-01-02', currentProvider: 'School', currentArea: 'Birmingham' })
  assert.equal(ld.validateQualificationsSync({ text: csv }, { exported }).findings[0].code, 'qualification_identity_changed')
  throwsCode(() => ld.validateQualificationsSync({ text: csv }, { exported, export: EXPORT }), 'options_conflict', /not both/)
})

test('files that cannot be processed throw (or reject) with the core\'s code', async () => {
  const beyond = [...IDENTITY.slice(0, 1), 'Qualification Type 19', 'Qualification Subject 19'].join(',')
  const cases = [
    [{ text: `${beyond}\n1001,GCSE (9-1),Mathematics\n` }, {}, 'too_many_groups', /Qualification Type 19/],
    [{ text: `${GROUP_1.join(',')}\nx,y,,,\n` }, {}, 'missing_columns', /UCAS Account ID/],
    [{ text: `${[...IDENTITY, ...GROUP_1].join(',')}\n` }, {}, 'no_data', /no learner qualifications in file/],
    [{ text: 'UCAS Account ID\n' }, { export: { text: 'UCAS Account ID,Forename,Surname,Date of Birth,Current Provider,Current Area\n' } }, 'no_data', /no exported learners in file/],
    [UPLOAD, { export: '/no/such/export.csv' }, 'input_unreadable', /^export: .*export\.csv/],
    [UPLOAD, { exportSheet: 'Learners' }, 'options_conflict', /exportSheet names a sheet of the exported file/],
  ]
  for (const [source, options, code, message] of cases) {
    throwsCode(() => ld.validateQualificationsSync(source, options), code, message)
    await rejectsCode(ld.validateQualifications(source, options), code, message)
  }
  throwsCode(() => ld.validateQualificationsSync(UPLOAD, { export: { path: EXPORT, text: 'x' } }), 'option_invalid', /^option 'export': /)
})
