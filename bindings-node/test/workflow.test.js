// The upload workflow as the core and the host layer run it, seen from Node: outputs that would
// destroy the upload or share a file are refused before anything is read (the upload left
// byte-identical), a failed or interrupted run leaves no file behind, the credentials file is
// the one writer's (0600, BOM, CRLF, neutralised), options are the core's (an unknown key is
// refused, never ignored), and wrong arguments reject the promise with a catalogued code.
'use strict'

const test = require('node:test')
const assert = require('node:assert/strict')
const childProcess = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const ld = require('..')
const { throwsCode, rejectsCode, tempDir } = require('./helpers.js')

const HEADER = 'UKPRN,Unique Learner Number,Learner Reference Number,Learning Aim Reference,Learning Aim Title,Destination Code'
const CSV = [HEADER, '10012345,9276308686,LRN1,20000008,ICT for Users,emp 1', '10012345,9276308687,LRN2,20000008,ICT for Users,EMP1', ''].join('\r\n')
const LEARNERS = [
  'UKPRN,Learner year group,First name,Last name,Postcode,Dob,ULN',
  "10012345,Year 12,=cmd|' /C calc'!A0,Lee,B33 8TH,2009-05-17,",
  '10012345,Year 11,Zoë,Ó Súilleabháin,B1 1AA,2010-02-03,',
  '',
].join('\r\n')
const OPTIONS = { asOf: '2025-09-01' }

/** The three upload pairs, each with a valid upload and options. */
const PAIRS = [
  ['validateDestinations', CSV, OPTIONS],
  ['validateLearners', LEARNERS, OPTIONS],
  [
    'validateQualifications',
    'UCAS Account ID,Forename,Surname,Qualification Type 1,Qualification Subject 1,Qualification Completion Date 1,Qualification Predicted Grade 1,Qualification Actual Grade 1\r\n1001,Paul,Marmoshon,GCSE (9-1),Mathematics,2026-06,7,\r\n',
    {},
  ],
]

/** Both halves of `name`: the Sync result (or thrown error), then the awaited async one. */
async function both(name, source, options) {
  const settle = async (fn) => {
    try {
      return { value: await fn() }
    } catch (error) {
      return { error }
    }
  }
  return [await settle(() => ld[`${name}Sync`](source, options)), await settle(() => ld[name](source, options))]
}

/** Asserts both halves of `name` refuse with `code` and a message matching `message`. */
async function bothRefuse(name, source, options, code, message = /./) {
  for (const [i, outcome] of (await both(name, source, options)).entries()) {
    const half = i === 0 ? `${name}Sync` : name
    assert.ok(outcome.error, `${half} should refuse`)
    assert.ok(outcome.error instanceof Error, `${half}: an Error`)
    assert.equal(outcome.error.code, code, `${half}: ${outcome.error.message}`)
    assert.match(outcome.error.message, message)
  }
}

test('an output path that is the upload is refused before reading; the upload is byte-identical', async (t) => {
  const dir = tempDir(t)
  for (const [name, text, options] of PAIRS) {
    const input = path.join(dir, `${name}.csv`)
    fs.writeFileSync(input, text)
    const before = fs.readFileSync(input)
    const link = path.join(dir, `${name}.link.csv`)
    fs.linkSync(input, link)
    const spellings = [input, path.join(dir, '.', '..', path.basename(dir), `${name}.csv`), link]
    for (const option of ['errorsCsv', 'acceptedCsv']) {
      for (const spelled of spellings) {
        await bothRefuse(name, input, { ...options, [option]: spelled }, 'output_is_input', /input file/)
        assert.deepEqual(fs.readFileSync(input), before, `${name} ${option}=${spelled}: the upload is unchanged`)
      }
      await bothRefuse(name, { path: input }, { ...options, [option]: input }, 'output_is_input')
    }
    assert.deepEqual(fs.readFileSync(input), before)
    fs.rmSync(link)
  }
  assert.deepEqual(fs.readdirSync(dir).sort(), PAIRS.map(([name]) => `${name}.csv`).sort(), 'no other file')
})

test('an output over the exported file or the reference file is refused too; both stay as they were', async (t) => {
  const dir = tempDir(t)
  const exported = path.join(dir, 'export.csv')
  fs.writeFileSync(exported, 'UCAS Account ID,Forename,Surname,Date of Birth,Current Provider,Current Area\r\n1001,Paul,Marmoshon,2008-01-02,School,Birmingham\r\n')
  const reference = path.join(dir, 'lists.json')
  fs.writeFileSync(reference, JSON.stringify({ source: 'mine', types: [{ type: 'GCSE (9-1)', subjects: ['Mathematics'], grades: ['7'] }] }))
  const before = [fs.readFileSync(exported), fs.readFileSync(reference)]
  const upload = { text: PAIRS[2][1] }
  await bothRefuse('validateQualifications', upload, { export: exported, errorsCsv: exported }, 'output_is_input', /errorsCsv/)
  await bothRefuse('validateQualifications', upload, { reference, acceptedCsv: reference }, 'output_is_input', /acceptedCsv/)
  assert.deepEqual([fs.readFileSync(exported), fs.readFileSync(reference)], before)
  assert.deepEqual(fs.readdirSync(dir).sort(), ['export.csv', 'lists.json'])
})

test('two outputs on one path are refused before reading; nothing is written there', async (t) => {
  const dir = tempDir(t)
  for (const [name, text, options] of PAIRS) {
    const input = path.join(dir, 'upload.csv')
    fs.writeFileSync(input, text)
    const shared = path.join(dir, 'out.csv')
    await bothRefuse(
      name,
      input,
      { ...options, errorsCsv: shared, acceptedCsv: shared },
      'outputs_share_file',
      /out\.csv/,
    )
    assert.deepEqual(fs.readdirSync(dir), ['upload.csv'])
    assert.equal(fs.readFileSync(input, 'utf8'), text)
  }
})

test('a failed run leaves no output and no temporary file', async (t) => {
  const dir = tempDir(t)
  const input = path.join(dir, 'upload.csv')
  fs.writeFileSync(input, `${HEADER}\r\n`)
  const outputs = { errorsCsv: path.join(dir, 'errors.csv'), acceptedCsv: path.join(dir, 'accepted.csv') }
  await bothRefuse('validateDestinations', input, { ...OPTIONS, ...outputs }, 'no_data')
  await bothRefuse('validateDestinations', Buffer.from('Name\r\nx\r\n'), { ...OPTIONS, ...outputs }, 'missing_columns')
  assert.deepEqual(fs.readdirSync(dir), ['upload.csv'])
  // A missing folder is refused before reading, naming the option.
  await bothRefuse(
    'validateDestinations',
    input,
    { ...OPTIONS, errorsCsv: path.join(dir, 'no', 'such', 'errors.csv') },
    'output_unwritable',
    /errorsCsv/,
  )
  assert.deepEqual(fs.readdirSync(dir), ['upload.csv'])
})

test('a symlink at an output path is replaced, never written through', { skip: process.platform === 'win32' }, (t) => {
  const dir = tempDir(t)
  const victim = path.join(dir, 'victim.txt')
  fs.writeFileSync(victim, 'keep me')
  const out = path.join(dir, 'errors.csv')
  fs.symlinkSync(victim, out)
  const report = ld.validateDestinationsSync({ text: CSV }, { ...OPTIONS, errorsCsv: out })
  assert.equal(report.errorsCsv, null, 'written to the file instead')
  assert.equal(fs.readFileSync(victim, 'utf8'), 'keep me')
  assert.equal(fs.lstatSync(out).isSymbolicLink(), false)
  assert.equal(fs.readFileSync(out, 'utf8'), ld.validateDestinationsSync({ text: CSV }, OPTIONS).errorsCsv)
})

test('SIGINT to a process validating a large upload leaves no temporary file', { skip: process.platform === 'win32' }, async (t) => {
  const dir = tempDir(t)
  const input = path.join(dir, 'big.csv')
  const lines = [HEADER]
  for (let i = 0; i < 400_000; i++) {
    const uln = i % 10 === 0 ? '9276308687' : '9276308686'
    lines.push(`10012345,${uln},L${i},${20000000 + (i % 997)},Aim title ${i % 50},EMP1`)
  }
  fs.writeFileSync(input, lines.join('\n'))
  const script = `
    const ld = require(${JSON.stringify(path.join(__dirname, '..'))})
    const run = ld.validateDestinations(${JSON.stringify(input)}, {
      asOf: '2025-09-01', keepAccepted: false,
      errorsCsv: ${JSON.stringify(path.join(dir, 'errors.csv'))},
      acceptedCsv: ${JSON.stringify(path.join(dir, 'accepted.csv'))},
    })
    process.stdout.write('started\\n')
    run.then(() => process.stdout.write('done\\n'))
  `
  const child = childProcess.spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
  await new Promise((resolve) => {
    child.stdout.on('data', (chunk) => {
      out += chunk
      if (out.includes('started')) resolve()
    })
  })
  // Interrupt the run once it has its output files open (Linux shows them in /proc: unnamed
  // temporary files in the output folder), else after a moment.
  const outputsOpen = () => {
    try {
      const fds = fs.readdirSync(`/proc/${child.pid}/fd`)
      return fds.some((fd) => {
        try {
          const target = fs.readlinkSync(`/proc/${child.pid}/fd/${fd}`)
          return target.startsWith(dir) && !target.endsWith('big.csv')
        } catch {
          return false
        }
      })
    } catch {
      return false
    }
  }
  const waitStarted = Date.now()
  while (!outputsOpen() && Date.now() - waitStarted < 5000) await new Promise((resolve) => setTimeout(resolve, 10))
  if (fs.existsSync('/proc/self/fd')) assert.ok(outputsOpen(), 'the run had its output files open when interrupted')
  child.kill('SIGINT')
  const { signal } = await exited
  assert.equal(out.includes('done'), false, 'the run was interrupted before it finished')
  assert.equal(signal, 'SIGINT')
  assert.deepEqual(fs.readdirSync(dir), ['big.csv'], 'no output and no temporary file')
})

test('unknown option keys are refused, naming the key and the accepted ones', async () => {
  for (const [name, text, options] of PAIRS) {
    await bothRefuse(name, { text }, { ...options, ukrpn: 10012345 }, 'option_unknown', /unknown option 'ukrpn'; the options are: .*maxFindings/)
    await bothRefuse(name, { text }, { ...options, errors_csv: 'x.csv' }, 'option_unknown', /'errors_csv'.*errorsCsv/)
  }
  // A typo no longer turns the provider check off; the accepted options include the ones the
  // binding converts itself (class instances and sources).
  await bothRefuse('validateDestinations', { text: CSV }, { ...OPTIONS, ukrpn: 10099999 }, 'option_unknown', /: ukprn, asOf, .*, schemes, signal, onProgress$/)
  await bothRefuse('validateQualifications', { text: PAIRS[2][1] }, { exprot: 'x.csv' }, 'option_unknown', /export, exported, reference, lists, signal, onProgress$/)
  await bothRefuse('validateLearners', { text: LEARNERS }, { ...OPTIONS, ages: { minAge: 11 } }, 'option_unknown', /'ages'.*minAge, maxAge/)
})

test('wrong argument types reject the promise (never a synchronous throw) with a catalogued code', async () => {
  for (const [name, text] of PAIRS) {
    for (const [source, options] of [
      [42, {}],
      [{ text }, 'not options'],
      [{ text }, { asOf: 20250901 }],
      [{ text }, { maxFindings: -1 }],
      [{ text }, { maxFindings: Number.NaN }],
      [{ text }, { keepAccepted: () => true }],
      [{ path: 'a.csv', text }, {}],
      [{}, {}],
      [{ text, other: 1 }, {}],
      [new Float64Array(4), {}],
    ]) {
      let promise
      assert.doesNotThrow(() => {
        promise = ld[name](source, options)
      }, `${name} returns a promise`)
      assert.ok(promise instanceof Promise)
      await assert.rejects(promise, (e) => {
        assert.ok(e instanceof Error)
        assert.match(e.code, /^(option_unknown|option_invalid|options_conflict|date_format)$/, `${name}: ${e.code} ${e.message}`)
        return true
      })
      throwsCode(() => ld[`${name}Sync`](source, options), (await promise.catch((e) => e)).code)
    }
  }
})

test('messages echo at most a few hundred characters of what was given', async () => {
  const long = 'x'.repeat(100_000)
  for (const options of [{ ukprn: long }, { asOf: long }, { [long]: 1 }, { sheet: 1, [`${long}y`]: 2 }]) {
    for (const outcome of await both('validateDestinations', { text: CSV }, options)) {
      assert.ok(outcome.error, 'refused')
      assert.ok(outcome.error.message.length < 1000, `${outcome.error.code}: ${outcome.error.message.length} characters`)
    }
  }
  const longPath = `/no/such/${long}.csv`
  for (const outcome of await both('validateDestinations', longPath, OPTIONS)) {
    assert.ok(outcome.error.message.length < 1000, `${outcome.error.code}: ${outcome.error.message.length} characters`)
  }
})

test('options that contain themselves or nest too deep are refused, not followed', async () => {
  const cyclic = { minAge: 11 }
  cyclic.self = cyclic
  await bothRefuse('validateLearners', { text: LEARNERS }, { ...OPTIONS, minAge: cyclic }, 'input_too_deep', /minAge\.self' contains itself/)
  let deep = {}
  for (let i = 0; i < 300; i++) deep = { deep } // past the core's limits::MAX_DEPTH (200)
  await bothRefuse('validateLearners', { text: LEARNERS }, { ...OPTIONS, maxAge: deep }, 'input_too_deep', /levels deep/)
  const list = ['a']
  list.push(list)
  await bothRefuse('validateLearners', { text: LEARNERS }, { ...OPTIONS, credentials: true, existingUsernames: list }, 'input_too_deep')
})

test('the option conflicts are the core\'s: existing usernames without credentials, lists with a reference file', async () => {
  await bothRefuse('validateLearners', { text: LEARNERS }, { ...OPTIONS, existingUsernames: ['x'] }, 'options_conflict', /credentials/)
  await bothRefuse(
    'validateQualifications',
    { text: PAIRS[2][1] },
    { lists: new ld.QualificationLists(), reference: { text: '{}' } },
    'options_conflict',
    /reference/,
  )
})

test('no upload error carries napi\'s InvalidArg or GenericFailure', async () => {
  const attempts = [
    ['validateDestinations', 7, undefined],
    ['validateDestinations', { text: CSV }, { schemes: {} }],
    ['validateLearners', { text: LEARNERS }, { lists: 'builtin' }],
    ['validateQualifications', { text: PAIRS[2][1] }, { exported: [] }],
    ['validateQualifications', { text: PAIRS[2][1] }, { export: 5 }],
  ]
  for (const [name, source, options] of attempts) {
    for (const outcome of await both(name, source, options)) {
      assert.ok(outcome.error, `${name} refuses ${JSON.stringify(options)}`)
      assert.ok(!['InvalidArg', 'GenericFailure'].includes(outcome.error.code), `${name}: ${outcome.error.code}`)
      assert.match(outcome.error.code, /^[a-z]+(_[a-z]+)*$/)
    }
  }
})

test('the credentials file: 0600 from the start, BOM, CRLF, cells neutralised, the same bytes for one seed', { skip: process.platform === 'win32' }, async (t) => {
  const dir = tempDir(t)
  const input = path.join(dir, 'learners.csv')
  fs.writeFileSync(input, LEARNERS)
  const first = path.join(dir, 'first.csv')
  const second = path.join(dir, 'second.csv')
  const options = { ...OPTIONS, credentials: true, seed: 42 }
  const report = ld.validateLearnersSync(input, { ...options, credentialsCsv: first })
  await ld.validateLearners(input, { ...options, credentialsCsv: second })
  assert.equal(fs.statSync(first).mode & 0o777, 0o600, 'readable by its owner only')
  assert.equal(fs.statSync(second).mode & 0o777, 0o600)
  const bytes = fs.readFileSync(first)
  assert.deepEqual(fs.readFileSync(second), bytes, 'one seed, the same bytes')
  const text = bytes.toString('utf8')
  assert.ok(text.startsWith('\uFEFFProvider,First name,Last name,Postcode,ULN,DOB,Username,Password,Created on\r\n'))
  assert.ok(text.endsWith('\r\n'))
  assert.equal(text.replace(/\r\n/g, '').includes('\n'), false, 'CRLF line ends only')
  const lines = text.slice(1).split('\r\n').slice(1, -1)
  assert.equal(lines.length, report.credentials.length)
  assert.equal(report.credentials.length, 2)
  const [cmd, zoe] = report.credentials
  assert.equal(cmd.firstName, "=cmd|' /C calc'!A0", 'the report holds the value as given')
  assert.equal(lines[0], `10012345,'=cmd|' /C calc'!A0,Lee,B33 8TH,,2009-05-17,${cmd.username},${cmd.password},2025-09-01`)
  assert.equal(lines[1], `10012345,Zoë,Ó Súilleabháin,B1 1AA,,2010-02-03,${zoe.username},${zoe.password},2025-09-01`)
  for (const c of report.credentials) assert.equal(ld.checkPassword(c.password), null)
  // Without the seed, passwords come from the system's generator and differ.
  const secure = ld.validateLearnersSync(input, { ...OPTIONS, credentials: true })
  assert.notDeepEqual(secure.credentials.toArray().map((c) => c.password), report.credentials.toArray().map((c) => c.password))

  // The command line writes the same bytes for the same input and seed (its hidden --seed).
  const cli = path.join(__dirname, '..', '..', 'target', process.env.CARGO_BUILD_TARGET || 'x86_64-unknown-linux-gnu', 'debug', 'destinations')
  if (!fs.existsSync(cli)) {
    t.diagnostic(`${cli} is not built (cargo build -p learner-destinations-cli): the CLI comparison is left out`)
    return
  }
  const fromCli = path.join(dir, 'cli.csv')
  const run = childProcess.spawnSync(cli, ['learners', input, '--as-of', '2025-09-01', '--seed', '42', '--credentials-csv', fromCli], { encoding: 'utf8' })
  assert.ok(run.status === 0 || run.status === 1, run.stderr)
  assert.deepEqual(fs.readFileSync(fromCli), bytes)
})

test('credentials options are the core\'s: a seed or a credentials file without credentials: false', async (t) => {
  const dir = tempDir(t)
  await bothRefuse('validateLearners', { text: LEARNERS }, { ...OPTIONS, seed: 1 }, 'options_conflict', /seed/)
  await bothRefuse(
    'validateLearners',
    { text: LEARNERS },
    { ...OPTIONS, credentials: false, credentialsCsv: path.join(dir, 'c.csv') },
    'options_conflict',
    /credentialsCsv/,
  )
  // A credentials file asks for credentials.
  const report = ld.validateLearnersSync({ text: LEARNERS }, { ...OPTIONS, credentialsCsv: path.join(dir, 'c.csv') })
  assert.equal(report.credentials.length, 2)
  assert.deepEqual(fs.readdirSync(dir), ['c.csv'])
  // Existing usernames are trimmed by the core: a file's text is taken as well as a list.
  const avoided = ld.validateLearnersSync({ text: LEARNERS }, { ...OPTIONS, credentials: true, existingUsernames: '\uFEFF  zosuilleabhain \r\n\r\n' })
  assert.equal(avoided.credentials.at(1).username, 'ZOSuilleabhain2')
})

test('uploadOptions: the options a run uses, every default the core\'s; option errors carry their fields', async () => {
  assert.deepEqual(ld.uploadOptions('learners', {}), {
    ukprns: [], asOf: null, minAge: 11, maxAge: 25, credentials: false, existingUsernames: [], seed: null,
    credentialsCsv: null, sheet: null, maxFindings: null, fileName: null, processedAt: null, keepAccepted: true,
    errorsCsv: null, errorsXlsx: null, acceptedCsv: null,
  })
  assert.deepEqual(ld.uploadOptions('destinations', { ukprn: 10012345, asOf: ' ' }).ukprn, '10012345')
  assert.equal(ld.uploadOptions('destinations', { asOf: ' ' }).asOf, null, 'a blank date is no date')
  assert.equal(ld.uploadOptions('qualifications', { lists: new ld.QualificationLists() }).lists, undefined)
  assert.equal(ld.uploadOptions('learners', { credentialsCsv: 'c.csv' }).credentials, true)
  throwsCode(() => ld.uploadOptions('survey', {}), 'option_invalid', /not one/)

  // The fields of an option error, thrown or rejected alike.
  const unknown = (() => {
    try {
      ld.uploadOptions('destinations', { ukrpn: 1 })
    } catch (e) {
      return e
    }
  })()
  assert.equal(unknown.code, 'option_unknown')
  assert.equal(unknown.option, 'ukrpn')
  assert.deepEqual(unknown.accepted.slice(0, 2), ['ukprn', 'asOf'])
  assert.ok(unknown.accepted.includes('schemes'))
  await assert.rejects(ld.validateLearners({ text: LEARNERS }, { existingUsernames: ['x'] }), (e) => {
    assert.deepEqual([e.code, e.options], ['options_conflict', ['existingUsernames', 'credentials']])
    return true
  })
  assert.throws(() => ld.validateLearnersSync({ text: LEARNERS }, { ukprns: [10012345, 'x'] }), (e) => {
    assert.deepEqual([e.code, e.option], ['option_invalid', 'ukprns[1]'])
    return true
  })
  assert.throws(() => ld.validateLearnersSync({ text: LEARNERS }, { errorsCsv: 'o.csv', credentialsCsv: 'o.csv' }), (e) => {
    assert.deepEqual([e.code, e.options], ['outputs_share_file', ['errorsCsv', 'credentialsCsv']])
    return true
  })
})

test('the declared options types name exactly the core\'s options, and this package\'s own', () => {
  const { declaredKeys } = require('./helpers.js')
  const run = ['signal', 'onProgress']
  const own = { destinations: ['schemes', ...run], learners: ['lists', ...run], qualifications: ['export', 'exported', 'reference', 'lists', ...run] }
  for (const [kind, type] of [['destinations', 'DestinationsOptions'], ['learners', 'LearnersOptions'], ['qualifications', 'QualificationsOptions']]) {
    const core = Object.keys(ld.uploadOptions(kind))
    assert.deepEqual([...declaredKeys(type)].sort(), [...core, ...own[kind]].sort(), `${type} in index.d.ts`)
  }
})

test('the other asynchronous functions reject, rather than throw, for a wrong argument', async () => {
  for (const call of [
    () => ld.loadSchemeFile(42),
    () => ld.loadSchemeFile('x.json', 'json'),
    () => ld.readWorkbook(42),
    () => ld.readSheet(new Uint8Array(), 5),
  ]) {
    let promise
    assert.doesNotThrow(() => {
      promise = call()
    })
    await rejectsCode(promise, 'option_invalid', /^option '(path|options|source|sheetName)': takes /)
  }
})
