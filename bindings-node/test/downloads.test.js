// templateCsv / templateXlsx: empty templates to download, as the portals' buttons give them.
'use strict'

const test = require('node:test')
const assert = require('node:assert/strict')
const ld = require('..')
const { throwsCode } = require('./helpers.js')

const KINDS = ['destinations', 'learners', 'qualifications']

test('templateCsv: the header row with a byte-order mark; read back, a file with no data', () => {
  assert.equal(
    ld.templateCsv('destinations'),
    '\uFEFFUKPRN,Unique Learner Number,Learner Reference Number,Learning Aim Reference,Learning Aim Title,Destination Code\r\n',
  )
  assert.ok(ld.templateCsv('learners').startsWith('\uFEFFUKPRN,Learner year group,First name,'))
  const qualifications = ld.templateCsv('qualifications')
  assert.equal(qualifications.trimEnd().split(',').length, 98)
  assert.ok(qualifications.includes('Qualification Actual Grade 18\r\n'))

  const validate = {
    destinations: ld.validateDestinationsSync,
    learners: ld.validateLearnersSync,
    qualifications: ld.validateQualificationsSync,
  }
  for (const kind of KINDS) {
    throwsCode(() => validate[kind]({ text: ld.templateCsv(kind) }), 'no_data')
  }
})

test('templateXlsx: a workbook with the template sheet and the reference lists', () => {
  const sheets = {
    destinations: ['Destinations'],
    learners: ['Learners', 'Lists'],
    qualifications: ['Qualification type', 'Qualification Subject', 'Qualification Grading', 'Learner Qualifications'],
  }
  for (const kind of KINDS) {
    const bytes = ld.templateXlsx(kind)
    assert.ok(Buffer.isBuffer(bytes))
    assert.equal(bytes.subarray(0, 2).toString(), 'PK')
    const book = ld.readWorkbookSync(bytes)
    assert.deepEqual([...book.sheetNames].sort(), [...sheets[kind]].sort())
    const template = { destinations: 'Destinations', learners: 'Learners', qualifications: 'Learner Qualifications' }[kind]
    const header = book.sheet(template).rows[0].cells
    assert.equal(`\uFEFF${header.join(',')}\r\n`, ld.templateCsv(kind))
  }

  // Your own lists go into the workbook.
  const learners = ld.LearnerLists.fromJson(JSON.stringify({
    source: 'ours', version: '1', year_groups: ['Year 12', 'Year 13'], genders: ['Female', 'Male'], ethnicities: ['Other'],
  }))
  const lists = ld.readWorkbookSync(ld.templateXlsx('learners', { learners })).sheet('Lists')
  const cells = lists.rows.flatMap((r) => r.cells)
  assert.ok(cells.includes('Year 13') && !cells.includes('Year 7'))
  const qualifications = ld.QualificationLists.fromRows(['Cambridge National'], [['Cambridge National', 'IT']], [['Cambridge National', 'Pass']], 'ours')
  const types = ld.readWorkbookSync(ld.templateXlsx('qualifications', { qualifications })).sheet('Qualification type')
  assert.deepEqual(types.rows.slice(1).map((r) => r.cells[0]), ['Cambridge National'])

  // A downloaded template read back through the engine is a header with no data.
  throwsCode(() => ld.validateLearnersSync(ld.templateXlsx('learners')), 'no_data')
  throwsCode(() => ld.validateQualificationsSync(ld.templateXlsx('qualifications')), 'no_data')
})

test('an unknown template is refused', () => {
  throwsCode(() => ld.templateCsv('survey'), 'option_invalid', /'survey' is not one; use 'destinations', 'learners' or 'qualifications'/)
  throwsCode(() => ld.templateXlsx('Learner'), 'option_invalid', /not one/)
  assert.equal(ld.templateCsv(' Learners '), ld.templateCsv('learners'), 'names are matched as the CLI matches them')
})
