// Opens copylint's HTML report in headless Chromium and checks what a person would see:
// the totals and chart counts match `copylint check --format json` on the same tree, a
// click on a chart bar or a filter narrows the table, pages turn, nothing is fetched,
// and hostile document text neither breaks the page nor runs. Saves screenshots.
// Run by run.sh, which passes the files (see there).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(path.resolve(process.env.PLAYWRIGHT_DIR, 'package.json'));
const { chromium } = require('playwright-core');

const opts = {};
for (let i = 2; i < process.argv.length; i += 2) {
  opts[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
}

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let failures = 0;
async function check(name, body) {
  try {
    await body();
    console.log(`ok   ${name}`);
  } catch (err) {
    failures += 1;
    console.log(`FAIL ${name}\n     ${String(err.stack || err).split('\n').join('\n     ')}`);
  }
}

/** Counts of `expected` diagnostics by a key. */
function countBy(diagnostics, key) {
  const counts = new Map();
  for (const d of diagnostics) { counts.set(key(d), (counts.get(key(d)) || 0) + 1); }
  return counts;
}

/** The top-level folder of a diagnostic's path below the corpus folder. */
function folderOf(corpus) {
  const root = corpus.replace(/\/+$/, '') + '/';
  return (d) => {
    const rest = d.path.startsWith(root) ? d.path.slice(root.length) : d.path;
    return rest.includes('/') ? rest.split('/')[0] : '(top level)';
  };
}

/** Opens `file` in a fresh page; fails the test on any script error, dialog or fetch. */
async function open(context, file, label) {
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') { problems.push(`console error: ${m.text()}`); } });
  page.on('dialog', async (d) => { problems.push(`dialog: ${d.message()}`); await d.dismiss(); });
  page.on('request', (r) => {
    if (!/^(file|data|about):/.test(r.url())) { problems.push(`fetched ${r.url()}`); }
  });
  const started = Date.now();
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
  const wall = Date.now() - started;
  const timing = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const drawn = performance.getEntriesByName('copylint-table-drawn')[0];
    return { domContentLoaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd,
      tableDrawn: drawn ? drawn.startTime : null };
  });
  const size = fs.statSync(file).size;
  console.log(`     ${label}: ${(size / 1024).toFixed(0)} KiB; table drawn ${timing.tableDrawn?.toFixed(0)} ms ` +
    `after navigation start, load event ${timing.load.toFixed(0)} ms, ${wall} ms wall clock`);
  return { page, problems, timing, size };
}

async function shownCount(page) {
  return Number(await page.getAttribute('#findings-count', 'data-shown'));
}

/** Waits until the table shows `n` findings. */
async function waitShown(page, n) {
  await page.waitForFunction((want) =>
    document.getElementById('findings-count').dataset.shown === String(want), n, { timeout: 10000 });
}

async function corpusChecks(context, reportFile, expectedFile, corpus, label, screenshots) {
  const expected = JSON.parse(fs.readFileSync(expectedFile, 'utf8'));
  const diagnostics = expected.diagnostics;
  const { page, problems, timing } = await open(context, reportFile, label);

  await check(`${label}: totals match copylint check --format json`, async () => {
    const total = async (name) => Number(await page.textContent(`[data-total="${name}"]`));
    assert.equal(await total('files checked'), expected.summary.files);
    assert.equal(await total('errors'), expected.summary.errors);
    assert.equal(await total('warnings'), expected.summary.warnings);
    assert.equal(await total('notes'), expected.summary.notes);
    assert.equal(await total('baselined'), expected.summary.baselined);
    assert.equal(await total('waived'), expected.summary.waived);
    assert.equal(await shownCount(page), diagnostics.length);
    assert.ok(diagnostics.length > 0, 'the corpus has findings');
  });

  await check(`${label}: chart bars count the findings by rule and by folder`, async () => {
    const bars = async (key) => page.$$eval(`.chart .bar[data-key="${key}"]`, (els) =>
      els.map((e) => [e.dataset.value, Number(e.dataset.count)]));
    const byRule = countBy(diagnostics, (d) => d.rule);
    assert.deepEqual(new Map(await bars('rule')), byRule);
    const byFolder = countBy(diagnostics, folderOf(corpus));
    const shown = await bars('folder');
    for (const [folder, count] of shown) { assert.equal(count, byFolder.get(folder), folder); }
    assert.equal(shown.length, Math.min(byFolder.size, 20));
  });

  await check(`${label}: the first page of the table is drawn, not every finding`, async () => {
    const rows = await page.$$eval('#findings-body tr', (els) => els.length);
    assert.equal(rows, Math.min(50, diagnostics.length));
  });

  await check(`${label}: clicking a chart bar filters the table by rule`, async () => {
    const byRule = countBy(diagnostics, (d) => d.rule);
    // The rule with the fewest findings: a real narrowing.
    const [rule, count] = [...byRule].sort((a, b) => a[1] - b[1])[0];
    assert.ok(count < diagnostics.length);
    await page.click(`.chart .bar[data-key="rule"][data-value="${rule}"]`);
    await waitShown(page, count);
    assert.equal(await page.inputValue('#f-rule'), rule);
    const rules = await page.$$eval('#findings-body tr', (els) => els.map((e) => e.dataset.rule));
    assert.equal(rules.length, Math.min(50, count));
    assert.ok(rules.every((r) => r === rule), rules.join(', '));
    if (screenshots) { await page.screenshot({ path: path.join(opts.out, 'report-filtered.png') }); }
  });

  await check(`${label}: rule and folder filters combine, and clear`, async () => {
    const folder = folderOf(corpus);
    const [rule] = [...countBy(diagnostics, (d) => d.rule)].sort((a, b) => b[1] - a[1])[0];
    await page.selectOption('#f-rule', rule);
    await waitShown(page, diagnostics.filter((d) => d.rule === rule).length);
    const folders = [...countBy(diagnostics.filter((d) => d.rule === rule), folder)];
    const [name, count] = folders.sort((a, b) => a[1] - b[1])[0];
    await page.selectOption('#f-folder', name);
    await waitShown(page, count);
    const rows = await page.$$eval('#findings-body tr', (els) => els.map((e) => [e.dataset.rule, e.dataset.folder]));
    assert.ok(rows.every(([r, f]) => r === rule && f === name));
    await page.click('#f-reset');
    await waitShown(page, diagnostics.length);
  });

  await check(`${label}: text search narrows the table`, async () => {
    const needle = 'sagemaker';
    const want = diagnostics.filter((d) => (d.path + ' ' + d.sentence).toLowerCase().includes(needle)).length;
    await page.fill('#f-q', needle);
    await waitShown(page, want);
    await page.click('#f-reset');
    await waitShown(page, diagnostics.length);
  });

  await check(`${label}: pages turn`, async () => {
    if (diagnostics.length <= 50) { return; }
    const first = await page.textContent('#findings-body tr:first-child');
    await page.click('#p-next');
    await page.waitForFunction(() => document.getElementById('findings-count').dataset.page === '2');
    assert.notEqual(await page.textContent('#findings-body tr:first-child'), first);
    assert.match(await page.textContent('#findings-count'), /^Showing 51–/);
    await page.click('#p-first');
    await page.waitForFunction(() => document.getElementById('findings-count').dataset.page === '1');
  });

  await check(`${label}: highlighted sentences and rewrites are shown`, async () => {
    const marks = await page.$$eval('#findings-body mark', (els) => els.map((e) => e.textContent));
    assert.ok(marks.length > 0);
    const matched = new Set(diagnostics.map((d) => d.matched.replace(/\s+/g, ' ')));
    assert.ok(marks.every((m) => matched.has(m)), marks.find((m) => !matched.has(m)));
  });

  await check(`${label}: nothing fetched, no script error`, async () => {
    assert.deepEqual(problems, []);
  });

  if (screenshots) {
    await page.screenshot({ path: path.join(opts.out, 'report.png'), fullPage: true });
    console.log(`     screenshots: ${path.join(opts.out, 'report.png')}, report-filtered.png`);
  }
  await page.close();
  return timing;
}

const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'copylint-chromium-'));
const context = await chromium.launchPersistentContext(userData, {
  executablePath: process.env.CHROMIUM, headless: true, args: ARGS,
  viewport: { width: 1300, height: 900 },
});
try {
  await corpusChecks(context, opts.report, opts.expected, opts.corpus, 'corpus report', true);

  const hostile = await open(context, opts.hostile, 'hostile report');
  await check('hostile report: document text is shown as text, never run or parsed', async () => {
    const page = hostile.page;
    assert.equal(await page.$$eval('img', (els) => els.length), 0);
    assert.equal(await page.$$eval('script', (els) => els.length), 2);
    assert.equal(await page.$$eval('b, [onmouseover], [onerror]', (els) => els.length), 0);
    const sentences = await page.$$eval('#findings-body td.sentence', (els) => els.map((e) => e.textContent));
    assert.ok(sentences.some((s) => s.includes('</script><script>alert(1)</script> <img src=x onerror=alert(2)>')), sentences.join('\n'));
    const folders = await page.$$eval('#f-folder option', (els) => els.map((e) => e.textContent));
    assert.ok(folders.some((f) => f.startsWith('<b onmouseover=alert(4)>bold')), folders.join(', '));
    const links = await page.$$eval('#findings-body a', (els) => els.map((e) => e.getAttribute('href')));
    assert.ok(links.some((l) => l.includes('%3Cimg%20src%3Dy%20onerror%3Dalert(3)%3E.md')), links.join(', '));
    assert.deepEqual(hostile.problems, []);
    await page.screenshot({ path: path.join(opts.out, 'report-hostile.png'), fullPage: true });
  });
  await hostile.page.close();

  if (opts['big-report']) {
    await corpusChecks(context, opts['big-report'], opts['big-expected'], opts['big-corpus'], 'big report', false);
  }
} finally {
  await context.close();
  fs.rmSync(userData, { recursive: true, force: true });
}
if (failures > 0) {
  console.log(`${failures} browser check(s) failed`);
  process.exit(1);
}
console.log('browser test passed');
