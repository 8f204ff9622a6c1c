// Runs the JavaScript examples of README.md, so the documentation cannot drift from the API.
'use strict'

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')

const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8')
const blocks = [...readme.matchAll(/^```js\n([\s\S]*?)^```$/gm)].map((m) => m[1])

test('README has JavaScript examples', () => {
  assert.ok(blocks.length > 0)
})

blocks.forEach((code, i) => {
  test(`README JavaScript example ${i + 1} runs`, async () => {
    const requireFromReadme = (name) => require(name === 'learner-destinations' ? '..' : name)
    const AsyncFunction = (async () => {}).constructor
    await new AsyncFunction('require', code)(requireFromReadme)
  })
})
