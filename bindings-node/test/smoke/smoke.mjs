// Run by scripts/test-all.sh in a fresh project where the packed package is installed: the
// package as published, through both entry points, with a few calls.
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { Readable } from 'node:stream'
import ld, { parseUln, validateDestinations, listErrorCodes } from 'learner-destinations'

const require = createRequire(`${process.cwd()}/`)
const cjs = require('learner-destinations')
assert.equal(cjs.parseUln, parseUln, 'import and require give the same module')
assert.equal(ld.validateDestinations, validateDestinations)
assert.equal(parseUln('9276308686').value, '9276308686')
assert.ok(listErrorCodes().some((k) => k.code === 'cancelled'))
const csv = [
  'UKPRN,Unique Learner Number,Learner Reference Number,Learning Aim Reference,Learning Aim Title,Destination Code',
  '10012345,9276308686,LRN1,20000008,ICT for Users,emp 1',
  '10012345,9276308687,LRN2,20000008,ICT for Users,EMP1',
].join('\n')
const report = await validateDestinations(Readable.from([Buffer.from(csv)]), { asOf: '2025-09-01' })
assert.deepEqual([report.summary.accepted, report.summary.rejected], [1, 1])
assert.equal(report.accepted.at(0)['WMCA Code'], 'WMCA1.0')
assert.equal(report.findings[0].code, 'uln_checksum')
const pkg = require('learner-destinations/package.json')
// Every error thrown is a DestinationsError, through both entry points.
try {
  parseUln('1000000042')
  assert.fail('not refused')
} catch (e) {
  assert.ok(e instanceof ld.DestinationsError && e instanceof cjs.DestinationsError)
  assert.deepEqual([e.code, e.category], ['uln_checksum', 'argument'])
}
for (const f of ['index.js', 'index.mjs', 'index.d.ts', 'codes.d.ts', 'rows.d.ts', 'errors.d.ts', 'LICENSE']) {
  assert.ok(require('node:fs').existsSync(require.resolve('learner-destinations/package.json').replace('package.json', f)), f)
}
console.log(`smoke: ${pkg.name} ${pkg.version} from the packed tarball: ok`)
