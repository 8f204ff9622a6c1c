// The Node API of each core area beyond identifiers and codes: what each function returns, what
// it throws (an Error with a string `code`), findings as plain objects, and the options.
'use strict'

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const ld = require('..')
const { throwsCode, rejectsCode, assertFindingShape, tempDir, xlsx, exampleAwaiting } = require('./helpers.js')

test('UK mobiles, UPNs, postcodes, telephone numbers and email addresses', () => {
  assert.deepEqual(ld.parseUkMobile('+44 (0)7700 900123'), {
    national: '07700900123',
    international: '+447700900123',
  })
  throwsCode(() => ld.parseUkMobile('0121 496 0000'), 'mobile_not_uk', /not a UK mobile/)
  assert.equal(ld.checkUkMobile('07624 123456'), null)
  assertFindingShape(ld.checkUkMobile('07000 123456'), 'mobile_not_uk')

  assert.deepEqual(ld.parseUpn(' b801200005001 '), { value: 'B801200005001', temporary: false })
  throwsCode(() => ld.parseUpn('A801200005001'), 'upn_check_letter', /should be B/)
  throwsCode(() => ld.parseUpn('B80120000500'), 'upn_format', /12 characters/)
  assert.equal(ld.checkUpn('B801200005001'), null)
  assertFindingShape(ld.checkUpn('x'), 'upn_format')

  const p = ld.parsePostcode('ec1a1bb')
  assert.equal(p.value, 'EC1A 1BB')
  assert.equal(p.normalised, true)
  assert.equal(p.placeholder, false)
  assert.deepEqual(p.warnings.map((w) => w.code), ['postcode_normalised'])
  assertFindingShape(p.warnings[0], 'postcode_normalised')
  assert.equal(p.warnings[0].severity, 'warning')
  const unknown = ld.parsePostcode('ZZ99 9ZZ')
  assert.equal(unknown.placeholder, true)
  assert.deepEqual(unknown.warnings.map((w) => w.code), ['postcode_placeholder'])
  assert.deepEqual(ld.parsePostcode('B1 1AA').warnings, [])
  throwsCode(() => ld.parsePostcode('B1'), 'postcode_format', /only the first half/)
  assert.equal(ld.checkPostcode('ec1a1bb'), null, 'warnings are not refusals')
  assertFindingShape(ld.checkPostcode('B1'), 'postcode_format')

  assert.equal(ld.parseUkTelephone(' 01214960000 '), '01214960000')
  throwsCode(() => ld.parseUkTelephone('+44 7700 900123'), 'telephone_format', /07700900123/)
  assert.equal(ld.checkUkTelephone('07700900123'), null)
  assertFindingShape(ld.checkUkTelephone('12345'), 'telephone_format')

  assert.equal(ld.parseEmail(' sam@example.ac.uk '), 'sam@example.ac.uk')
  throwsCode(() => ld.parseEmail('sam@localhost'), 'email_format')
  assert.equal(ld.checkEmail('sam@example.com'), null)
  assertFindingShape(ld.checkEmail('@example.com'), 'email_format')
})

test('dates: calendar months clamp, teaching years, numbers refused rather than truncated', () => {
  assert.equal(ld.addMonths('2025-01-31', 1), '2025-02-28')
  assert.equal(ld.addMonths('2024-12-31', 2), '2025-02-28')
  assert.equal(ld.subMonths('2025-03-31', 1), '2025-02-28')
  throwsCode(() => ld.addMonths('2025-02-30', 1), 'date_impossible')
  throwsCode(() => ld.addMonths('2025-01-31', -1), 'option_invalid', /months/)
  throwsCode(() => ld.addMonths('2025-01-31', 1.5), 'option_invalid', /months/)

  const y = ld.parseTeachingYear('2526')
  assert.deepEqual(y, { name: '2025-26', startYear: 2025, start: '2025-08-01', end: '2026-07-31' })
  assert.deepEqual(ld.parseTeachingYear('2025/26'), y)
  throwsCode(() => ld.parseTeachingYear('2025-27'), 'teaching_year_format', /consecutive/)
  assert.equal(ld.teachingYearContaining('2025-07-31').name, '2024-25')
  assert.equal(ld.teachingYearContaining('2025-08-01').name, '2025-26')
})

test('decideContact: the seed and ILR policies, contact details, the OTH3 record', () => {
  const pmc2 = ld.decideContact({ pmc: [2] })
  assert.deepEqual(
    { email: pmc2.email, sms: pmc2.sms, contactable: pmc2.contactable, decidedBy: pmc2.decidedBy },
    { email: true, sms: false, contactable: true, decidedBy: ['PMC2'] },
  )
  assert.equal(pmc2.policy, 'seed')
  assert.equal(pmc2.record, null)
  assert.match(pmc2.reason, /email only/)

  assert.equal(ld.decideContact({ rui: [2] }).contactable, false)
  const ilr = ld.decideContact({ rui: [2] }, { policy: 'ilr' })
  assert.equal(ilr.contactable, true)
  assert.equal(ilr.policy, 'ilr')

  // Contact details: a value is checked, true means on record, false / null / '' none.
  const landline = ld.decideContact({ mobile: '0121 496 0000', email: 'sam@example.com' })
  assert.deepEqual([landline.email, landline.sms, landline.decidedBy], [true, false, ['mobile_not_uk']])
  const none = ld.decideContact({ mobile: false, email: null })
  assert.deepEqual(none.decidedBy, ['email_missing', 'mobile_missing'])
  assert.equal(ld.decideContact({ email: '' }).decidedBy[0], 'email_missing')
  assert.equal(ld.decideContact({ email: true, mobile: true }).contactable, true)

  const blocked = ld.decideContact({ rui: [4] }, { learningEnd: '2025-07-31', asOf: '2025-09-30' })
  assert.deepEqual(blocked.record, { code: 'OTH3', start: '2025-08-01', end: null, collection: '2025-09-30' })
  assert.equal(ld.decideContact({}, { learningEnd: '2025-07-31', asOf: '2025-09-30' }).record, null)

  throwsCode(() => ld.decideContact({ rui: [9] }), 'contact_preference_unknown', /RUI9/)
  throwsCode(() => ld.decideContact({ pmc: [300] }), 'option_invalid', /pmc\[0\] is 300/)
  throwsCode(() => ld.decideContact({ rui: [2.5] }), 'option_invalid')
  throwsCode(() => ld.decideContact({}, { policy: 'maytas' }), 'option_invalid', /policy: 'maytas'/)
  throwsCode(
    () => ld.decideContact({ rui: [4] }, { learningEnd: '2025-07-31', asOf: '2025-07-01' }),
    'date_order',
  )

  assert.deepEqual(ld.oth3Record('2025-07-31', '2025-09-30'), blocked.record)
  throwsCode(() => ld.oth3Record('2025-07-31', '2025-07-30'), 'date_order')
})

test('checkContactPreferences: ContPrefType findings in rule order; the code table', () => {
  const findings = ld.checkContactPreferences({ rui: [4], pmc: [2] }, '2019-09-01')
  assert.deepEqual(findings.map((f) => f.code), [
    'contact_preference_not_to_be_contacted',
    'contact_preference_not_valid',
  ])
  for (const f of findings) assertFindingShape(f, f.code)
  assert.equal(findings[0].column, 'pmc')
  assert.equal(findings[0].value, 'PMC2')
  assert.deepEqual(ld.checkContactPreferences({ rui: [6, 7], pmc: [4, 5, 6] }, '2021-09-01'), [])
  assert.equal(ld.checkContactPreferences({ rui: [8] })[0].code, 'contact_preference_unknown')
  throwsCode(() => ld.checkContactPreferences({}, '2019-9-1'), 'date_format')

  const table = ld.contactCodes()
  assert.equal(table.codes.length, 13)
  assert.ok(table.source.length > 0 && table.version.length > 0)
  const rui3 = table.codes.find((c) => c.name === 'RUI3')
  assert.deepEqual(
    { type: rui3.type, code: rui3.code, consent: rui3.consent, about: rui3.about, era: rui3.era },
    { type: 'RUI', code: 3, consent: 'refuses', about: 'any_contact', era: null },
  )
  assert.equal(table.codes.find((c) => c.name === 'PMC6').era, 'post')
})

test('trackSurvey: states, the OTH3 record, settings and refusals', () => {
  const survey = { learningEnd: '2025-07-31', sent: '2025-08-01' }
  const pending = ld.trackSurvey(survey, '2025-08-01')
  assert.deepEqual(pending, {
    state: 'pending',
    flaggedForReview: false,
    record: null,
    reason: 'no answer yet; next reminder on 2025-08-31; non-response from 2025-09-30',
    nextReminder: '2025-08-31',
    nonResponseFrom: '2025-09-30',
  })
  assert.equal(ld.trackSurvey(survey, '2025-08-31').state, 'reminder_due')
  const late = ld.trackSurvey({ ...survey, reminders: 1 }, '2025-09-30')
  assert.equal(late.state, 'non_response')
  assert.equal(late.flaggedForReview, true)
  assert.equal(late.record.code, 'OTH3')
  assert.equal(ld.trackSurvey({ ...survey, answered: '2025-08-10', unsubscribed: null }, '2025-09-30').state, 'answered')
  assert.equal(ld.trackSurvey({ ...survey, unsubscribed: '2025-08-05' }, '2025-08-06').state, 'unsubscribed')

  const weekly = { reminderIntervalDays: 7, nonResponseAfterDays: 28 }
  assert.equal(ld.trackSurvey(survey, '2025-08-08', weekly).state, 'reminder_due')
  assert.deepEqual(ld.defaultTrackingSettings(), {
    reminderIntervalDays: 30,
    nonResponseAfterDays: 60,
    stopContactAfterDays: 365,
  })
  throwsCode(() => ld.trackSurvey(survey, '2025-08-08', { reminderIntervalDays: 0 }), 'tracking_setting_invalid')
  throwsCode(() => ld.trackSurvey(survey, '2025-08-08', { reminderIntervalDays: -1 }), 'option_invalid')
  throwsCode(() => ld.trackSurvey({ ...survey, sent: '2025-07-01' }, '2025-08-08'), 'date_order')
  throwsCode(() => ld.trackSurvey({ ...survey, answered: '10/08/2025' }, '2025-08-08'), 'date_format', /survey\.answered/)
})

test('checkDestinationRecords: record findings with the rule and the records; user schemes', () => {
  const records = [
    { code: 'EMP1', start: '2025-09-01', collection: '2025-09-15' },
    { code: 'NPE1', start: '2025-09-01', end: null, collection: '2025-09-15' },
  ]
  const [f] = ld.checkDestinationRecords(records, { filePreparationDate: '2025-10-01', year: '2025-26' })
  assert.deepEqual(Object.keys(f).sort(), ['code', 'column', 'message', 'mirrors', 'records', 'row', 'severity', 'value'])
  assert.equal(f.code, 'destination_emp_and_npe')
  assert.equal(f.mirrors, 'OutType_04')
  assert.deepEqual(f.records, [0, 1])
  assert.deepEqual(ld.checkDestinationRecords([{ ...records[0], end: '' }], { filePreparationDate: '2025-10-01' }), [])

  // A scheme of the user's is read the same way.
  const lcr = ld.Scheme.fromCsv('code,title,ilr_equivalent\nLCR1,Employed,EMP1', 'lcr', 'test')
  const schemes = new ld.Schemes()
  schemes.add(lcr)
  const withLcr = [{ code: 'LCR1', start: '2025-09-01', collection: '2025-09-15' }, records[1]]
  assert.equal(ld.checkDestinationRecords(withLcr, { filePreparationDate: '2025-10-01' })[0].code, 'destination_type_unknown')
  assert.equal(
    ld.checkDestinationRecords(withLcr, { filePreparationDate: '2025-10-01', schemes })[0].code,
    'destination_emp_and_npe',
  )
  throwsCode(
    () => ld.checkDestinationRecords([records[0], { ...records[1], start: '1/9/2025' }]),
    'date_format',
    /^records\[1\]\.start: /,
  )
  throwsCode(() => ld.checkDestinationRecords(records, { year: '2025' }), 'teaching_year_format', /^year: /)
})

test('awaitingDestinations: both views, findings, refusals naming the element', () => {
  const { example, enrolments } = exampleAwaiting()
  const destinations = example.destinations.map((d) => ({
    ukprn: Number(d.ukprn),
    learnerRef: d.learner_ref,
    uln: d.uln,
    aimRef: d.aim_ref,
    code: d.code,
    start: d.start,
    end: d.end,
    collection: d.collection,
  }))
  const report = ld.awaitingDestinations(enrolments, destinations, '2025-09-23')
  assert.deepEqual(report.enrolments.map((e) => [e.enrolment, e.due, e.overdue]), [
    [0, '2025-09-23', true],
    [2, '2025-09-30', false],
  ])
  assert.deepEqual(report.enrolments[0].ukprn, 10000001)
  const [learner] = report.learners
  assert.equal(learner.learnerRef, 'L001')
  assert.deepEqual(learner.enrolments, [0, 1])
  assertFindingShape(learner.finding, 'destination_overdue')
  assert.equal(learner.finding.column, 'learner_ref')

  assert.deepEqual(ld.awaitingDestinations([], undefined, '2025-09-23'), { enrolments: [], learners: [] })
  throwsCode(
    () => ld.awaitingDestinations([{ ...enrolments[0], uln: '9276308687' }], [], '2025-09-23'),
    'uln_checksum',
    /^enrolments\[0\]\.uln: /,
  )
  throwsCode(
    () => ld.awaitingDestinations([{ ...enrolments[0], completionStatus: 5 }]),
    'option_invalid',
    /^option 'enrolments\[0\]\.completionStatus': 5 is not an ILR CompStatus/,
  )
  throwsCode(
    () => ld.awaitingDestinations(enrolments, [{ ...destinations[0], start: 'soon' }]),
    'date_format',
    /^destinations\[0\]\.start: /,
  )
})

test('learner fields: lists, date of birth, text, CCIS', () => {
  const lists = new ld.LearnerLists()
  assert.ok(lists.source.includes('UCAS Progress'))
  assert.deepEqual(lists.yearGroups.slice(0, 2), ['Year 7', 'Year 8'])
  assert.equal(lists.yearGroup('year  10'), 'Year 10')
  assert.equal(lists.gender('female'), 'Female')
  throwsCode(() => lists.ethnicity('nope'), 'value_not_in_list', /not in the list/)
  assert.equal(lists.checkGender('Male'), null)
  assertFindingShape(lists.checkYearGroup('Year 3'), 'value_not_in_list')
  assertFindingShape(lists.checkEthnicity('x'), 'value_not_in_list')
  const own = ld.LearnerLists.fromJson(
    JSON.stringify({ source: 'ours', version: '1', year_groups: ['Y12'], genders: ['F'], ethnicities: ['E'] }),
  )
  assert.equal(own.yearGroup('y12'), 'Y12')
  throwsCode(() => ld.LearnerLists.fromJson('{'), 'json_invalid', /line 1/)

  assert.deepEqual(ld.parseDateOfBirth('2008-02-03', '2025-09-01'), { date: '2008-02-03', age: 17, warning: null })
  const old = ld.parseDateOfBirth('1990-02-03', '2025-09-01')
  assertFindingShape(old.warning, 'age_out_of_range')
  assert.equal(old.warning.severity, 'warning')
  assert.equal(ld.parseDateOfBirth('1990-02-03', '2025-09-01', { maxAge: 40 }).warning, null)
  throwsCode(() => ld.parseDateOfBirth('03/02/2008', '2025-09-01'), 'dob_excel_format', /2008-02-03/)
  throwsCode(() => ld.parseDateOfBirth('2026-01-01', '2025-09-01'), 'dob_invalid')
  throwsCode(() => ld.parseDateOfBirth('2008-02-03', 'today'), 'date_format')
  assert.equal(ld.checkDateOfBirth('2008-02-03', '2025-09-01'), null)
  assert.equal(ld.checkDateOfBirth('1990-02-03', '2025-09-01').code, 'age_out_of_range')
  assert.equal(ld.checkDateOfBirth('39481', '2025-09-01').code, 'dob_excel_format')
  assert.equal(ld.ageOn('2008-02-29', '2025-02-28'), 17)

  assert.equal(ld.parseTextField('Street', ' 1 High St '), '1 High St')
  throwsCode(() => ld.parseTextField('Street', 'a\u0001b'), 'text_field_invalid', /Street/)
  assertFindingShape(ld.checkTextField('Town', 'x'.repeat(101)), 'text_field_invalid')
  assert.equal(ld.parseCcis(' AB12 '), 'AB12')
  throwsCode(() => ld.parseCcis('AB-12'), 'ccis_format')
  assert.equal(ld.checkCcis('AB12'), null)
})

test('credentials: username and password policies; generated passwords and usernames', () => {
  assert.equal(ld.checkUsername('PMarmoshon'), null)
  assertFindingShape(ld.checkUsername('pm'), 'username_length')
  assertFindingShape(ld.checkUsername('p marmoshon', 'staff'), 'username_characters')
  assert.equal(ld.checkUsername('a'.repeat(200), 'staff'), null)
  assert.equal(ld.checkUsername('a'.repeat(200), 'learner').code, 'username_length')
  throwsCode(() => ld.checkUsername('PMarmoshon', 'admin'), 'option_invalid', /'learner' or 'staff'/)

  assert.equal(ld.checkPassword('76L6K6B9'), null)
  const weak = ld.checkPassword('secret word')
  assertFindingShape(weak, 'password_composition')
  assert.ok(!weak.message.includes('secret') && !weak.value.includes('secret'), 'the password is never echoed')
  assert.equal(ld.checkPassword('a1').code, 'password_length')

  const passwords = Array.from({ length: 200 }, () => ld.generatePassword())
  for (const p of passwords) {
    assert.match(p, /^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{8}$/)
    assert.match(p, /[A-Z]/)
    assert.match(p, /[0-9]/)
    assert.equal(ld.checkPassword(p), null)
  }
  assert.ok(new Set(passwords).size > 190, 'passwords come from a random generator')
  assert.equal(ld.generatePassword.length, 0, 'no seed can be given')

  const names = new ld.UsernameGenerator(['pmarmoshon'])
  assert.deepEqual(
    [names.generate('Paul', 'Marmoshon'), names.generate('Paula', 'Marmoshon'), names.generate('Zoë', 'Ørsted')],
    ['PMarmoshon2', 'PMarmoshon3', 'ZOrsted'],
  )
  assert.equal(new ld.UsernameGenerator().generate('', ''), 'learner')
  assert.equal(ld.checkUsername(new ld.UsernameGenerator().generate('Al', 'Li')), null)
  assert.equal(ld.transliterateName('Łukasz Søren'), 'LukaszSoren')
})

const ANSWERS = {
  answers: {
    activities: ['paid_employment'],
    hours: '37.5',
    employed_before: true,
    change_since: ['more_hours'],
    completed_on: '2025-10-01',
  },
}

test('deriveSurvey: records with the answers behind them; the document as object or JSON', () => {
  const options = { asOf: '2025-10-02', learningEnd: '2025-07-18' }
  const out = ld.deriveSurvey(ANSWERS, options)
  assert.equal(out.hasErrors, false)
  assert.deepEqual(out.findings, [])
  const [r] = out.records
  assert.deepEqual(
    [r.activity, r.code, r.wmcaCode, r.start, r.end, r.collection, r.main],
    ['paid_employment', 'EMP1', 'WMCA1.1', '2025-07-19', null, '2025-10-01', true],
  )
  assert.ok(r.because.some((b) => b.question === 'change_since' && b.answer === 'more_hours'))
  assert.deepEqual(ld.deriveSurvey(JSON.stringify(ANSWERS), options), out)
  // The document's own learning_end, overridden by the option.
  const withEnd = { ...ANSWERS, learning_end: '2025-06-30' }
  assert.equal(ld.deriveSurvey(withEnd, { asOf: '2025-10-02' }).records[0].start, '2025-07-01')
  assert.equal(ld.deriveSurvey(withEnd, options).records[0].start, '2025-07-19')

  // Derived records go to the record rules as they are.
  assert.deepEqual(ld.checkDestinationRecords(out.records, { filePreparationDate: '2025-10-02' }), [])

  // Answers that cannot be used are findings, never thrown.
  const bad = ld.deriveSurvey({ answers: { activities: ['flying'] } }, { asOf: '2025-10-02' })
  assert.equal(bad.hasErrors, true)
  assert.deepEqual(bad.records, [])
  for (const f of bad.findings) assertFindingShape(f, f.code)
  assert.ok(bad.findings.some((f) => f.code === 'survey_unknown_option' && f.value === 'flying'))

  // A document that is not one is refused as the core refuses a file: camelCase keys too.
  throwsCode(() => ld.deriveSurvey('{', options), 'json_invalid', /survey answers/)
  throwsCode(() => ld.deriveSurvey({ answers: {}, learningEnd: '2025-07-18' }), 'json_invalid', /unknown field `learningEnd`/)
  throwsCode(() => ld.deriveSurvey({ answers: {} }, { asOf: '2025-13-01' }), 'date_impossible', /^asOf: /)
})

test('SurveyDefinition: the default survey, its JSON, a user definition', () => {
  const def = new ld.SurveyDefinition()
  assert.equal(def.id, 'leaver-default')
  assert.equal(def.rules.hoursThreshold, '16')
  const kinds = def.questions.map((q) => q.kind)
  assert.ok(kinds.includes('activities') && kinds.includes('completed_on'))
  const paid = def.questions[0].options.find((o) => o.id === 'paid_employment')
  assert.deepEqual(paid.outcome, { code: null, byHours: { atLeast: 'EMP1', below: 'EMP2' } })

  const copy = ld.SurveyDefinition.fromJson(def.toJson())
  assert.deepEqual(copy.questions, def.questions)
  throwsCode(() => ld.SurveyDefinition.fromJson('{"id": 1}'), 'json_invalid')
  throwsCode(
    () => ld.SurveyDefinition.fromJson(def.toJson().replace('"EMP1"', '"EMP9"')),
    'survey_definition_invalid',
    /EMP9/,
  )

  // A user definition: paid employment always EMP1, whatever the hours.
  const doc = JSON.parse(def.toJson())
  doc.id = 'ours'
  doc.questions[0].options.find((o) => o.id === 'paid_employment').outcome = { code: 'EMP1' }
  const ours = ld.SurveyDefinition.fromJson(JSON.stringify(doc))
  const part = { answers: { ...ANSWERS.answers, hours: '10' } }
  const options = { asOf: '2025-10-02', learningEnd: '2025-07-18' }
  assert.equal(ld.deriveSurvey(part, options).records[0].code, 'EMP2')
  assert.equal(ld.deriveSurvey(part, { ...options, definition: ours }).records[0].code, 'EMP1')
})

test('qualification rules: lists, groups, identity columns, headers', () => {
  const lists = new ld.QualificationLists()
  assert.equal(lists.isDefault, true)
  assert.match(lists.source, /NOT UCAS Progress's own lists/)
  const gcse = lists.qualificationType('gcse  (9-1)')
  assert.equal(gcse.type, 'GCSE (9-1)')
  assert.ok(gcse.grades.includes('9'))
  throwsCode(() => lists.qualificationType('nope'), 'qualification_type_unknown', /default list/)

  const good = { n: 3, type: 'GCSE (9-1)', subject: 'Mathematics', completionDate: '2026-06', predictedGrade: '7' }
  assert.deepEqual(lists.checkGroup(good), [])
  assert.deepEqual(ld.checkQualificationGroup({ n: 5 }), [], 'an empty group has nothing to check')
  const half = lists.checkGroup({ n: 3, subject: 'Mathematics', completionDate: '2026-6-01', actualGrade: null })
  assert.deepEqual(half.map((f) => [f.code, f.column]), [
    ['qualification_group_incomplete', 'Qualification Type 3'],
    ['qualification_completion_date', 'Qualification Completion Date 3'],
    ['qualification_grade_missing', 'Qualification Predicted Grade 3'],
  ])
  for (const f of half) assertFindingShape(f, f.code)
  throwsCode(() => lists.checkGroup({ n: 0, type: 'x' }), 'option_invalid', /numbered 1 to 18/)
  // Group 19 does not exist (the core's range, for every host).
  throwsCode(() => lists.checkGroup({ n: 19, type: 'x' }), 'option_invalid', /group 19 does not exist/)
  throwsCode(() => ld.checkQualificationGroup({ n: 2.5 }), 'option_invalid', /group\.n/)
  throwsCode(() => ld.qualificationColumnName('type', 19), 'option_invalid', /group 19 does not exist/)

  const portal = ld.QualificationLists.fromRows(['BTEC'], [['BTEC', 'Art'], ['A level', 'Maths']], [['BTEC', 'Pass']], 'export.xlsx')
  assert.equal(portal.isDefault, false)
  assert.deepEqual(portal.types.map((t) => t.type), ['BTEC', 'A level'])
  assert.deepEqual(portal.checkGroup({ n: 1, type: 'btec', subject: 'art', actualGrade: 'pass' }), [])
  assert.equal(portal.checkGroup({ n: 1, type: 'BTEC', subject: 'Art', actualGrade: 'A*' })[0].code, 'qualification_grade_unknown')
  throwsCode(() => ld.QualificationLists.fromRows([], [['x']], [], 's'), 'option_invalid', /subjects\[0\]/)
  const fromJson = ld.QualificationLists.fromJson(JSON.stringify({ source: 's', types: [{ type: 'T', subjects: ['S'], grades: ['G'] }] }))
  assert.deepEqual(fromJson.types, [{ type: 'T', subjects: ['S'], grades: ['G'] }])
  throwsCode(() => ld.QualificationLists.fromJson('[]'), 'json_invalid')

  const exported = new ld.ExportedLearners()
  const sam = { forename: 'Sam', surname: 'Lee', dateOfBirth: '2008-02-03', currentProvider: 'P', currentArea: 'W' }
  exported.insert('A1', sam)
  assert.equal(exported.size, 1)
  assert.deepEqual(exported.check(' A1 ', { ...sam, forename: ' Sam ' }), [])
  const changed = exported.check('A1', { ...sam, surname: 'Leigh' })
  assert.deepEqual(changed.map((f) => [f.code, f.column, f.value]), [['qualification_identity_changed', 'Surname', 'Leigh']])
  assert.equal(exported.check('B2', sam)[0].column, 'UCAS Account ID')

  assert.deepEqual(ld.parseQualificationHeader('qualification  type 12*'), { field: 'type', n: 12 })
  assert.equal(ld.parseQualificationHeader('Forename'), null)
  assert.equal(ld.qualificationColumnName('completionDate', 3), 'Qualification Completion Date 3')
  throwsCode(() => ld.qualificationColumnName('grade', 3), 'option_invalid')
  assert.deepEqual(ld.qualificationLayout(), {
    maxGroups: 18,
    groupFields: ['type', 'subject', 'completionDate', 'predictedGrade', 'actualGrade'],
    identityColumns: ['Forename', 'Surname', 'Date of Birth', 'Current Provider', 'Current Area'],
  })
})

test('workbooks: sheets as text with Excel row numbers, from bytes or a file, sync or async', async (t) => {
  const bytes = xlsx({
    Destinations: [
      ['UKPRN', 'Unique Learner Number'],
      [10012345, 9276308686],
      [null, 'x', 15.5],
    ],
    'Qualification type': [['GCSE (9-1)']],
  })
  const wb = ld.Workbook.fromBytes(bytes)
  assert.deepEqual(wb.sheetNames, ['Destinations', 'Qualification type'])
  assert.deepEqual(wb.sheet(), {
    name: 'Destinations',
    rows: [
      { row: 1, cells: ['UKPRN', 'Unique Learner Number'] },
      { row: 2, cells: ['10012345', '9276308686'] },
      { row: 3, cells: ['', 'x', '15.5'] },
    ],
  })
  assert.equal(wb.sheet('QUALIFICATION TYPE').rows[0].cells[0], 'GCSE (9-1)')
  throwsCode(() => wb.sheet('Grades'), 'sheet_not_found', /Destinations, Qualification type/)
  throwsCode(() => ld.Workbook.fromBytes(Buffer.from('UKPRN,ULN\n')), 'workbook_unreadable', /not an Excel workbook/)

  const dir = tempDir(t)
  const file = path.join(dir, 'export.xlsx')
  fs.writeFileSync(file, bytes)
  assert.deepEqual(ld.readWorkbookSync(file).sheetNames, wb.sheetNames)
  assert.deepEqual((await ld.readWorkbook(file)).sheetNames, wb.sheetNames)
  assert.deepEqual(ld.readSheetSync(file, 'qualification type'), wb.sheet('Qualification type'))
  assert.deepEqual(await ld.readSheet(new Uint8Array(bytes)), wb.sheet())
  throwsCode(() => ld.readWorkbookSync(path.join(dir, 'missing.xlsx')), 'input_unreadable', /workbook.*missing\.xlsx/)
  await rejectsCode(ld.readSheet(file, 'Grades'), 'sheet_not_found')
  // A password-protected workbook is an OLE2 file holding an EncryptedPackage stream.
  const ole = Buffer.concat([
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
    Buffer.from('EncryptedPackage', 'utf16le'),
  ])
  throwsCode(() => ld.Workbook.fromBytes(ole), 'workbook_protected', /password/)
})

test('readWorkbook reads a file within the host\'s stated limit for a workbook', async (t) => {
  const dir = tempDir(t)
  const huge = path.join(dir, 'huge.xlsx')
  // A sparse file: its size is known before a byte is read.
  fs.writeFileSync(huge, '')
  fs.truncateSync(huge, 257 * 1024 * 1024)
  throwsCode(() => ld.readWorkbookSync(huge), 'input_too_large', /workbook '.*huge\.xlsx' is larger than 268435456 bytes/)
  await rejectsCode(ld.readSheet(huge), 'input_too_large')
})

test('contact details: a blank one means none, as the core reads it', () => {
  const none = ld.decideContact({ rui: [], pmc: [], email: '   ', mobile: '' })
  const missing = ld.decideContact({ rui: [], pmc: [], email: null, mobile: false })
  assert.deepEqual(none, missing)
  assert.deepEqual([none.email, none.sms], [false, false])
})
