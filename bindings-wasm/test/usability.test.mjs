// The checker page with a person at it, in Debian's Chromium (playwright-core, web/ served on
// 127.0.0.1): a file with 60,000 findings stays usable (the table holds one page of them, and
// the pager walks to the last finding, by mouse and by keyboard); every control has a label
// (its accessible name); every control can be reached with Tab and used with the keyboard; and
// every piece of text is readable against its background (WCAG 2.1 contrast, 4.5:1; 3:1 for
// the focus ring). The test hooks of issue 20 are on the page.
import test from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { serve, launch, checkOnPage } from './page.mjs'

const FINDINGS = 60_000
const PAGE = 100

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ld-wasm-usability-'))

/** A destinations upload whose every row has one error: a ULN that fails its check digit. */
function manyFindings() {
  const file = path.join(tmp, 'sixty-thousand-findings.csv')
  const lines = ['UKPRN,Unique Learner Number,Learner Reference Number,Learning Aim Reference,Learning Aim Title,Destination Code']
  for (let i = 0; i < FINDINGS; i++) lines.push(`10012345,1000000042,LRN${i},20000008,ICT for Users,EMP1`)
  fs.writeFileSync(file, lines.join('\r\n') + '\r\n')
  return file
}

const HOOKS = ['template-select', 'ukprn-input', 'as-of-input', 'file-input', 'summary-rows', 'summary-accepted',
  'summary-rejected', 'findings-table', 'download-errors', 'download-export']

/** What the pager and the table show. */
const shown = (page) => page.evaluate(() => {
  const rows = [...document.querySelectorAll('#findings-body tr')]
  return {
    text: document.getElementById('page-text').textContent,
    rows: rows.length,
    firstRow: rows[0]?.cells[0].textContent,
    lastRow: rows.at(-1)?.cells[0].textContent,
  }
})

/** Every control a person uses, with its accessible name as the page gives it. */
const controls = (page) => page.evaluate(() => {
  const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden'
  const name = (el) => {
    const by = el.getAttribute('aria-labelledby')
    if (by) return by.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ').trim()
    if (el.getAttribute('aria-label')) return el.getAttribute('aria-label').trim()
    if (el.labels && el.labels.length > 0) return [...el.labels].map((l) => l.textContent).join(' ').trim()
    if (el.matches('button, a')) return el.textContent.trim()
    return ''
  }
  return [...document.querySelectorAll('input, select, textarea, button, a[href], progress')]
    .filter(visible)
    .map((el) => ({ id: el.id, tag: el.tagName.toLowerCase(), name: name(el), disabled: el.disabled === true,
      focusable: el.tagName !== 'PROGRESS' }))
})

/** The ids of the elements Tab reaches, in order, from the page's first control to its last. */
async function tabOrder(page) {
  await page.focus('[data-testid=template-select]')
  const order = ['template']
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab')
    const id = await page.evaluate(() => document.activeElement === document.body ? null : (document.activeElement?.id || document.activeElement?.tagName))
    // A date input takes a Tab for each of its fields (day, month, year): the same element.
    if (id === order.at(-1)) continue
    if (id === null || order.includes(id)) break
    order.push(id)
  }
  return order
}

/** WCAG 2.1 contrast of every visible piece of text (and of the focus ring) on the page. */
const contrasts = (page) => page.evaluate(() => {
  const rgb = (c) => (c.match(/[\d.]+/g) ?? []).map(Number)
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4 }
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b)
  }
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05) }
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor)
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3)
    }
    return [255, 255, 255]
  }
  const out = []
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement
    if (!n.textContent.trim() || !el || el.getClientRects().length === 0) continue
    const style = getComputedStyle(el)
    if (style.visibility === 'hidden') continue
    out.push({ what: `${el.tagName.toLowerCase()}#${el.id} "${n.textContent.trim().slice(0, 30)}"`,
      ratio: ratio(rgb(style.color).slice(0, 3), background(el)), least: 4.5 })
  }
  // The focus ring of the control focused by keyboard (non-text contrast, 3:1) against the page.
  const focused = document.activeElement
  const style = getComputedStyle(focused)
  out.push({ what: `the focus ring (${style.outlineStyle} ${style.outlineColor})`,
    ratio: style.outlineStyle === 'none' ? 0 : ratio(rgb(style.outlineColor).slice(0, 3), background(focused.parentElement)), least: 3 })
  return out
})

test('60,000 findings stay usable; labels, keyboard and contrast', async (t) => {
  const { server, origin } = await serve()
  const { browser, context, requests } = await launch()
  try {
    const page = await context.newPage()
    const file = manyFindings()
    const result = await checkOnPage(page, origin, { template: 'destinations', ukprn: '10012345', asOf: '2025-09-01', file, timeout: 600_000 })
    assert.equal(result.state, 'done', `the page said: ${result.error}`)
    assert.deepEqual([result.rows, result.accepted, result.rejected], [String(FINDINGS), '0', String(FINDINGS)])

    await t.test('the test hooks are on the page', async () => {
      for (const id of HOOKS) assert.equal(await page.locator(`[data-testid=${id}]`).count(), 1, id)
    })

    await t.test('the table holds one page; the pager walks to the last finding', async () => {
      const pages = FINDINGS / PAGE
      let s = await shown(page)
      assert.equal(s.text, `Page 1 of ${pages} (${FINDINGS} findings)`)
      assert.deepEqual([s.rows, s.firstRow, s.lastRow], [PAGE, '2', String(PAGE + 1)])
      await page.click('#next-page')
      s = await shown(page)
      assert.equal(s.text, `Page 2 of ${pages} (${FINDINGS} findings)`)
      assert.equal(s.firstRow, String(PAGE + 2))
      await page.click('#last-page')
      s = await shown(page)
      assert.equal(s.text, `Page ${pages} of ${pages} (${FINDINGS} findings)`)
      // Data rows are numbered from 2 (the header is row 1): the last finding is on row 60,001.
      assert.deepEqual([s.rows, s.lastRow], [PAGE, String(FINDINGS + 1)])
      assert.equal(await page.isDisabled('#next-page'), true)
      assert.equal(await page.isDisabled('#last-page'), true)
      // Scrolled to the end of the page, the last rows are on screen.
      await page.locator('#findings-body tr').last().scrollIntoViewIfNeeded()
      assert.equal(await page.locator('#findings-body tr').last().isVisible(), true)
    })

    await t.test('every control has a label', async () => {
      const list = await controls(page)
      assert.ok(list.length >= 9, `only ${list.length} controls`)
      for (const c of list) assert.ok(c.name.length > 0, `${c.tag}#${c.id} has no accessible name`)
    })

    await t.test('Tab reaches every control, and the keyboard pages the findings', async () => {
      await page.click('#first-page')
      const order = await tabOrder(page)
      const expected = (await controls(page)).filter((c) => c.focusable && !c.disabled).map((c) => c.id)
      for (const id of expected) assert.ok(order.includes(id), `Tab never reaches #${id} (order: ${order.join(', ')})`)
      // The pager by keyboard: focus Next with Tab, Enter pages on, Space too; then Last.
      await page.evaluate(() => document.getElementById('download-export').focus())
      await page.keyboard.press('Tab')
      assert.equal(await page.evaluate(() => document.activeElement.id), 'next-page')
      await page.keyboard.press('Enter')
      assert.match((await shown(page)).text, /^Page 2 of /)
      await page.keyboard.press('Space')
      assert.match((await shown(page)).text, /^Page 3 of /)
      await page.focus('#last-page')
      await page.keyboard.press('Enter')
      assert.equal((await shown(page)).lastRow, String(FINDINGS + 1))
    })

    await t.test('text is readable against its background', async () => {
      // A control focused from the keyboard, so that its focus ring shows.
      await page.focus('[data-testid=template-select]')
      await page.keyboard.press('Tab')
      assert.equal(await page.evaluate(() => document.activeElement.id), 'ukprn')
      const low = (await contrasts(page)).filter((c) => !(c.ratio >= c.least))
      assert.deepEqual(low.map((c) => `${c.what}: ${c.ratio.toFixed(2)} < ${c.least}`), [])
    })

    await t.test('the template is chosen from the keyboard', async () => {
      await page.focus('[data-testid=template-select]')
      await page.keyboard.press('ArrowDown')
      assert.equal(await page.inputValue('[data-testid=template-select]'), 'learners')
    })

    const foreign = requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('blob:') && !u.startsWith('data:'))
    assert.deepEqual(foreign, [], 'requests to another host')
  } finally {
    await browser.close()
    server.close()
  }
})
