#!/usr/bin/env node
// Lytt's browser tests: the real lytt-server on a free loopback port, Debian's
// chromium driven by playwright-core, axe-core for WCAG 2.1 A and AA. The
// carer's journey on a phone, with and without JavaScript, by keyboard only,
// with a missing answer, withdrawing, in Nynorsk and English, with large text
// and at 200 % zoom; every request must go to the server itself.
//
// usage: node tests/browser/run.mjs LYTT_SERVER SURVEY_DIR
//
// Needs `npm ci` in tests/browser (scripts/setup.sh runs it), chromium
// (LYTT_CHROMIUM, default /usr/bin/chromium) and the sqlite3 command. Without a
// browser it prints SKIP and exits 0, unless CI is set: then it fails.
// Screenshots go to tests/browser/out/. Last line: "browser: N passed, M failed".
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.join(HERE, 'out');
const [SERVER, SURVEY_DIR, ADMIN] = process.argv.slice(2);
const CHROMIUM = process.env.LYTT_CHROMIUM || '/usr/bin/chromium';
const CI = !!process.env.CI && !/^(0|false|no)$/i.test(process.env.CI);
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const PHONE = { width: 360, height: 740 };
const SMALL = { width: 320, height: 640 };
const t0 = Date.now();

let passed = 0;
let failed = 0;
let current = '';

function finish(code) {
  console.log(`browser: ${passed} passed, ${failed} failed`);
  process.exit(code);
}

function check(cond, what) {
  if (cond) passed++;
  else {
    failed++;
    console.error(`FAIL [${current}]: ${what}`);
  }
  return cond;
}

/* No browser here: visible SKIP locally, a failure under CI. */
function unavailable(why) {
  if (CI) {
    console.error(`FAIL: browser tests cannot run (CI is set): ${why}`);
    failed++;
    finish(1);
  }
  console.log(`SKIP: browser tests not run: ${why}`);
  finish(0);
}

if (!SERVER || !SURVEY_DIR) {
  console.error('usage: node tests/browser/run.mjs LYTT_SERVER SURVEY_DIR');
  process.exit(2);
}
if (!fs.existsSync(CHROMIUM)) unavailable(`no browser at ${CHROMIUM} (apt-get install chromium)`);
let chromium, AXE_SRC;
try {
  ({ chromium } = await import('playwright-core'));
  AXE_SRC = fs.readFileSync(path.join(HERE, 'node_modules/axe-core/axe.min.js'), 'utf8');
} catch (e) {
  unavailable(`playwright-core or axe-core missing (run npm ci in ${HERE}): ${e.message}`);
}

/* The whole suite stops itself. */
setTimeout(() => {
  console.error('FAIL: the browser suite took more than 150 s');
  failed++;
  finish(1);
}, 150_000).unref();

// ---- the server -------------------------------------------------------------

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lytt-browser-'));
const DB = path.join(tmp, 'lytt.db');

function startServer() {
  return new Promise((resolve, reject) => {
    const proc = spawn(SERVER, ['--port', '0', '--db', DB, '--surveys', SURVEY_DIR], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 20_000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, port: Number(m[1]), logs: () => out + err });
      }
    });
    proc.stderr.on('data', (d) => (err += d));
    proc.on('exit', (code) => reject(new Error(`server exited (${code}): ${err}`)));
  });
}

function stopServer(srv) {
  return new Promise((resolve) => {
    if (srv.proc.exitCode !== null) return resolve(srv.proc.exitCode);
    srv.proc.removeAllListeners('exit');
    srv.proc.on('exit', (code) => resolve(code));
    srv.proc.kill('SIGTERM');
  });
}

function q(s) {
  return `'${String(s).replaceAll("'", "''")}'`;
}

/* Rows of a query, read with the sqlite3 command (a second process, like lytt-analyze). */
function sql(query) {
  const out = execFileSync('sqlite3', ['-json', '-cmd', '.timeout 5000', DB, query], {
    encoding: 'utf8',
  });
  return out.trim() ? JSON.parse(out) : [];
}

function responseCount() {
  return sql('SELECT count(*) AS n FROM responses')[0].n;
}

/* The stored response whose free text is tag: its row and answers {item: [values]}. */
function storedByText(tag) {
  const rows = sql(
    // Ids are 63-bit integers: read them as text, JSON numbers would lose digits.
    'SELECT CAST(r.id AS TEXT) AS id, r.unit_id, r.lang FROM responses r JOIN answers a ON a.response_id = r.id ' +
      `WHERE a.item_id = 'important_to_you' AND a.value = ${q(tag)}`
  );
  if (rows.length !== 1) return null;
  const answers = {};
  for (const a of sql(`SELECT item_id, value FROM answers WHERE response_id = CAST(${q(rows[0].id)} AS INTEGER)`))
    (answers[a.item_id] ||= []).push(a.value);
  return { ...rows[0], answers };
}

function sameAnswers(a, b) {
  const norm = (m) =>
    JSON.stringify(
      Object.keys(m)
        .sort()
        .map((k) => [k, [...m[k]].sort()])
    );
  return norm(a) === norm(b);
}

function diffAnswers(want, got) {
  const keys = [...new Set([...Object.keys(want), ...Object.keys(got || {})])].sort();
  return keys
    .filter((k) => JSON.stringify(want[k]) !== JSON.stringify((got || {})[k]))
    .map((k) => `${k}: want ${JSON.stringify(want[k])} got ${JSON.stringify((got || {})[k])}`)
    .join('; ');
}

// ---- the browser --------------------------------------------------------------

let browser;
let BASE;
const requests = []; // every URL any page asked for
const axeResults = []; // [page, violations, ms]

async function newContext(opts = {}) {
  const ctx = await browser.newContext({
    viewport: PHONE,
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
    locale: 'nb-NO',
    ...opts,
  });
  ctx.on('request', (r) => requests.push(r.url()));
  ctx.setDefaultTimeout(10_000);
  ctx.setDefaultNavigationTimeout(15_000);
  return ctx;
}

async function newPage(opts) {
  const ctx = await newContext(opts);
  return ctx.newPage();
}

const spent = { axe: 0, shots: 0 }; // ms

/* axe-core with the WCAG 2.1 A and AA rules; zero violations wanted. */
async function axe(page, name) {
  const began = Date.now();
  const has = await page.evaluate(() => typeof window.axe === 'object');
  if (!has) await page.evaluate(AXE_SRC);
  let timer;
  const r = await Promise.race([
    page.evaluate(
      (tags) =>
        window.axe.run(document, {
          runOnly: { type: 'tag', values: tags },
          resultTypes: ['violations'],
        }),
      WCAG
    ),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`axe on ${name} hangs`)), 20_000);
    }),
  ]).finally(() => clearTimeout(timer));
  axeResults.push([name, r.violations.length, Date.now() - began]);
  spent.axe += Date.now() - began;
  const detail = r.violations
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
    .join('; ');
  check(r.violations.length === 0, `axe on ${name}: ${r.violations.length} violations: ${detail}`);
}

async function noHorizontalScroll(page, what) {
  const s = await page.evaluate(() => {
    const e = document.scrollingElement;
    return { sw: e.scrollWidth, cw: e.clientWidth };
  });
  check(s.sw <= s.cw, `${what}: no horizontal scrolling (scrollWidth ${s.sw} > ${s.cw})`);
}

function status(resp) {
  return resp ? resp.status() : 0;
}

/* Clicks a submit button and waits for the page it leads to; returns its response. */
async function submit(page, selector) {
  const [resp] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
  return resp;
}

async function shot(page, name, full) {
  const began = Date.now();
  fs.mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: path.join(OUT, `${name}.png`) });
  if (full) await page.screenshot({ path: path.join(OUT, `${name}-full.png`), fullPage: true });
  spent.shots += Date.now() - began;
}

/* What the form holds now, question by question: {name: [values]} of the visible questions. */
function formState(page) {
  return page.evaluate(() => {
    const state = {};
    for (const el of document.querySelectorAll('#survey input[name], #survey textarea[name]')) {
      if (el.name.startsWith('_') || el.closest('[hidden]')) continue;
      const on = el.type === 'radio' || el.type === 'checkbox' ? el.checked : el.value !== '';
      if (on) (state[el.name] ||= []).push(el.value);
    }
    return state;
  });
}

/* The drafts draft.js keeps in this page's storage: {key: parsed value}. */
function storedDrafts(page) {
  return page.evaluate(() => {
    const out = {};
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (k.startsWith('lytt-draft:')) out[k] = JSON.parse(localStorage.getItem(k));
    }
    return out;
  });
}

const DAY_MS = 24 * 60 * 60 * 1000;

/* A stored draft expires within a day and holds no control field but the unit. */
function draftProblems(d) {
  const problems = [];
  if (!d || typeof d.expires !== 'number') problems.push('no expiry');
  else if (d.expires <= Date.now() || d.expires > Date.now() + DAY_MS + 60_000)
    problems.push(`expiry not within a day (${new Date(d.expires).toISOString()})`);
  const names = Object.keys((d && d.fields) || {});
  if (!names.length) problems.push('no answers');
  for (const n of names) if (n.startsWith('_') && n !== '_unit') problems.push(`holds ${n}`);
  return problems;
}

/* The visible questions with no answer. */
function unanswered(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('#survey .q')]
      .filter((qq) => !qq.closest('[hidden]') && qq.id !== 'q-_unit')
      .filter(
        (qq) =>
          ![...qq.querySelectorAll('input, textarea')].some((el) =>
            el.type === 'radio' || el.type === 'checkbox' ? el.checked : el.value !== ''
          )
      )
      .map((qq) => qq.id.slice(2))
  );
}

/*
 * Answers every visible question the way a person does, by tapping the labels and
 * typing. Radio answers vary (every point, "don't know" included); children_in_family
 * is "yes" so the conditional questions show and are answered too. skip: question
 * ids left out; typed: the text for number and text questions.
 */
async function answerAll(page, { text, skip = [], typed = {} }) {
  const questions = await page.$$eval('#survey .q', (qs) =>
    qs.map((x) => ({
      id: x.id.slice(2),
      kind: x.querySelector('textarea')
        ? 'text'
        : x.querySelector('input[type=radio], input[type=checkbox]')
          ? 'choice'
          : 'number',
      options: x.querySelectorAll('label.choice').length,
    }))
  );
  let n = 0;
  for (const { id, kind, options } of questions) {
    if (skip.includes(id)) continue;
    const box = page.locator(`[id="q-${id}"]`);
    if (!(await box.isVisible())) continue;
    if (kind === 'choice') {
      const k = id === 'children_in_family' || id === '_unit' ? 0 : n % options;
      await box.locator('label.choice').nth(k).click();
    } else {
      const field = box.locator('input, textarea');
      await field.fill(typed[id] ?? (kind === 'text' ? text : String(10 + (n % 30))));
    }
    n++;
  }
}

/* Answers only the required questions (the first choice of each). */
async function answerRequired(page) {
  const ids = await page.$$eval('#survey .q', (qs) =>
    qs
      .filter((x) => x.querySelector('.req') && x.id !== 'q-_unit' && x.id !== 'q-_code')
      .map((x) => x.id.slice(2))
  );
  for (const id of ids) await page.locator(`[id="q-${id}"] label.choice`).first().click();
  return ids;
}

/* Where keyboard focus is, and whether it can be seen. */
function focusInfo(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return { none: true };
    const cs = getComputedStyle(el);
    const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
    const shadow = !!cs.boxShadow && cs.boxShadow !== 'none';
    const r = el.getBoundingClientRect();
    return {
      tag: el.tagName.toLowerCase(),
      type: el.getAttribute('type') || '',
      name: el.getAttribute('name') || '',
      value: el.value || '',
      id: el.id,
      cls: typeof el.className === 'string' ? el.className : '',
      href: el.getAttribute('href') || '',
      visible: outline || shadow,
      onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight,
      label: `${el.tagName.toLowerCase()}${el.name ? `[name=${el.name}]` : ''}${el.id ? `#${el.id}` : ''}`,
    };
  });
}

// ---- the tests ----------------------------------------------------------------

const receipts = {};

async function firstPage() {
  const page = await newPage();
  const finished = [];
  page.on('requestfinished', (r) => finished.push(r));
  const resp = await page.goto(`${BASE}/s/parorende/demensteam`, { waitUntil: 'load' });
  check(status(resp) === 200, 'the form answers 200');
  await page.waitForLoadState('networkidle');
  let transferred = 0;
  let decoded = 0;
  const parts = [];
  for (const r of finished) {
    const s = await r.sizes();
    const body = await (await r.response()).body();
    transferred += s.responseBodySize + s.responseHeadersSize;
    decoded += body.length;
    parts.push(`${new URL(r.url()).pathname} ${s.responseBodySize} B`);
  }
  const kinds = finished.map((r) => r.resourceType()).sort();
  check(
    JSON.stringify(kinds) === JSON.stringify(['document', 'script', 'stylesheet']),
    `the first page is HTML, CSS and JS only (${kinds})`
  );
  check(transferred < 50_000, `the first page stays small (${transferred} bytes)`);
  console.log(
    `first page: ${finished.length} requests, ${transferred} bytes transferred with headers ` +
      `(${parts.join(', ')}; ${decoded} bytes decoded)`
  );
  await page.context().close();
}

/* From the index to the thank-you page on a 360 px phone, with the draft kept in between. */
async function phoneJourney() {
  const ctx = await newContext();
  const page = await ctx.newPage();
  let resp = await page.goto(`${BASE}/`);
  check(status(resp) === 200, 'the index answers 200');
  check((await page.getAttribute('html', 'lang')) === 'nb', 'a Norwegian phone gets Bokmål');
  await axe(page, 'index (nb)');
  await Promise.all([page.waitForNavigation(), page.click('a[href^="/s/parorende/demensteam"]')]);
  check(new URL(page.url()).pathname === '/s/parorende/demensteam', 'the unit link opens its form');
  check((await page.textContent('h1')).includes('Pårørendeundersøkelse'), 'the form title');
  await axe(page, 'form (nb, 360 px)');
  await noHorizontalScroll(page, 'form at 360 px');
  await shot(page, 'phone-form', true);

  const text = 'Telefon 360 – å bli sett, takk';
  await answerAll(page, { text });
  const want = await formState(page);
  check((await unanswered(page)).length === 0, `every question answered (${await unanswered(page)})`);
  check(Object.keys(want).length >= 45, `answers to all items (${Object.keys(want).length})`);
  check(!!want.child_info, 'the conditional questions showed after "yes"');

  const kept = await storedDrafts(page);
  const draftKey = Object.keys(kept)[0];
  check(Object.keys(kept).length === 1, `one draft in the phone's storage (${Object.keys(kept)})`);
  const problems = draftProblems(kept[draftKey]);
  check(problems.length === 0, `the draft expires within a day, no control fields (${problems})`);

  // A second tab finds the draft in the phone's storage, and sends it.
  const again = await ctx.newPage();
  await again.goto(`${BASE}/s/parorende/demensteam`);
  check(sameAnswers(await formState(again), want), 'a new tab gets the draft back');
  await page.close();

  // A day later the draft is gone: it is not restored, and every page load drops the
  // expired drafts of every survey (here one of another survey too) but no fresh one.
  const old = { ...kept[draftKey], expires: Date.now() - 1000 };
  await again.evaluate(
    ([k, v, day]) => {
      const other = 'lytt-draft:/s/unge-parorende/';
      localStorage.setItem(k, JSON.stringify(v));
      localStorage.setItem(other + 'x', JSON.stringify(v));
      localStorage.setItem(other + 'y', JSON.stringify({ ...v, expires: Date.now() + 3 * day }));
      localStorage.setItem(other + 'z', JSON.stringify({ ...v, expires: Date.now() + day / 2 }));
    },
    [draftKey, old, DAY_MS]
  );
  const third = await ctx.newPage();
  await third.goto(`${BASE}/s/parorende/demensteam`);
  check(Object.keys(await formState(third)).length === 0, 'a draft over a day old is not restored');
  const left = Object.keys(await storedDrafts(third)).sort();
  check(JSON.stringify(left) === JSON.stringify(['lytt-draft:/s/unge-parorende/z']),
    `expired drafts (and one dated past a day ahead) are dropped on load (${left})`);
  await third.evaluate(() => localStorage.removeItem('lytt-draft:/s/unge-parorende/z'));
  await third.close();
  resp = await submit(again, 'button.send');
  check(status(resp) === 200 && /\/s\/parorende\/thanks\?/.test(again.url()), 'sent: thank-you page');
  const code = (await again.textContent('#receipt')).trim();
  check(/^[2-9A-Z]{5}-[2-9A-Z]{5}$/.test(code), `a receipt code (${code})`);
  check((await again.textContent('main')).includes('800 33 850'), 'where to find carer support');
  const drafts = await again.evaluate(() => Object.keys(localStorage).length);
  check(drafts === 0, 'the draft is gone from the phone after sending');
  await axe(again, 'thank-you (nb)');
  await noHorizontalScroll(again, 'thank-you at 360 px');
  await shot(again, 'phone-thanks', true);
  const got = storedByText(text);
  check(got && sameAnswers(got.answers, want), `stored as given: ${diffAnswers(want, got?.answers)}`);
  check(got && got.unit_id === 'demensteam' && got.lang === 'nb', 'unit and language stored');
  receipts.phone = { code, text };
  await ctx.close();
}

/* A 320 px phone without JavaScript, from the Nynorsk link. */
async function noScriptNynorsk() {
  const page = await newPage({ viewport: SMALL, javaScriptEnabled: false, locale: 'en-GB' });
  await page.goto(`${BASE}/?lang=nn`);
  check((await page.getAttribute('html', 'lang')) === 'nn', 'the index in Nynorsk from ?lang=nn');
  await Promise.all([
    page.waitForNavigation(),
    page.click('a[href^="/s/parorende/heimetenester-nord"]'),
  ]);
  check((await page.getAttribute('html', 'lang')) === 'nn', 'the unit link keeps Nynorsk');
  check((await page.textContent('h1')).includes('Pårørandeundersøking'), 'the Nynorsk title');
  check(await page.locator('#q-child_info').isVisible(), 'without JavaScript every question shows');
  await noHorizontalScroll(page, 'form at 320 px without JavaScript');
  const text = 'Utan skript – 320 px, nynorsk';
  await answerAll(page, { text });
  const want = await formState(page);
  check((await unanswered(page)).length === 0, 'every question answered without JavaScript');
  const before = responseCount();
  const resp = await submit(page, 'button.send');
  check(status(resp) === 200 && /\/thanks\?lang=nn&receipt=/.test(page.url()), 'sent in Nynorsk');
  check((await page.textContent('h1')).includes('Takk for svara dine'), 'thank-you in Nynorsk');
  check(/^[2-9A-Z]{5}-[2-9A-Z]{5}$/.test((await page.textContent('#receipt')).trim()), 'receipt');
  await noHorizontalScroll(page, 'thank-you at 320 px');
  check(responseCount() === before + 1, 'one response more in the database');
  const got = storedByText(text);
  check(got && sameAnswers(got.answers, want), `stored as given: ${diffAnswers(want, got?.answers)}`);
  check(got && got.unit_id === 'heimetenester-nord' && got.lang === 'nn', 'unit and nn stored');
  await page.context().close();
}

/* The English link, and the language button that keeps what was answered. */
async function english() {
  const page = await newPage({ locale: 'nb-NO' });
  await page.goto(`${BASE}/?lang=en`);
  check((await page.getAttribute('html', 'lang')) === 'en', 'the index in English from ?lang=en');
  await axe(page, 'index (en)');
  await page.goto(`${BASE}/s/parorende/sjukeheim-fjordly`);
  check((await page.getAttribute('html', 'lang')) === 'nb', 'no link language: Bokmål');
  const text = 'Switched to English – keeps answers';
  await answerAll(page, { text });
  const want = await formState(page);
  let resp = await submit(page, 'button[name=_lang][value=en]');
  check(status(resp) === 200 && (await page.getAttribute('html', 'lang')) === 'en', 'English');
  check((await page.textContent('h1')).includes('Carer survey'), 'the English title');
  check(sameAnswers(await formState(page), want), 'the language button keeps every answer');
  check(
    (await page.getAttribute('button[name=_lang][value=en]', 'aria-pressed')) === 'true',
    'the English button is pressed'
  );
  await axe(page, 'form (en, after the language button)');
  resp = await submit(page, 'button.send');
  check(/\/thanks\?lang=en&receipt=/.test(page.url()), 'sent in English');
  check((await page.textContent('h1')).includes('Thank you'), 'thank-you in English');
  await axe(page, 'thank-you (en)');
  const got = storedByText(text);
  check(got && sameAnswers(got.answers, want) && got.lang === 'en', 'stored in English as given');
  await page.context().close();
}

/* Tab, Shift+Tab, Space and Enter only; focus always visible; then withdraw by keyboard. */
async function keyboardOnly() {
  const page = await newPage({ isMobile: false, hasTouch: false });
  await page.goto(`${BASE}/s/parorende/demensteam`);
  const text = 'Berre tastatur';
  const unseen = [];
  let stops = 0;
  let prev = null;
  let sent = false;
  for (let i = 0; i < 250 && !sent; i++) {
    await page.keyboard.press('Tab');
    const f = await focusInfo(page);
    if (f.none) {
      unseen.push(`step ${i}: focus on the page itself`);
      continue;
    }
    stops++;
    if (!f.visible || !f.onScreen) unseen.push(`${f.label} (visible ${f.visible}, on screen ${f.onScreen})`);
    if (f.type === 'radio' || f.type === 'checkbox') {
      const checked = await page.evaluate(() => document.activeElement.checked);
      if (!checked) await page.keyboard.press('Space');
    } else if (f.tag === 'input' && f.type === 'text') {
      await page.keyboard.type('7');
    } else if (f.tag === 'textarea') {
      await page.keyboard.type(text);
      await page.keyboard.press('Shift+Tab');
      const back = await focusInfo(page);
      check(back.name === prev.name && back.visible, `Shift+Tab goes back to ${prev.label} (${back.label})`);
      await page.keyboard.press('Tab');
      check((await focusInfo(page)).tag === 'textarea', 'Tab comes forward again');
    } else if (f.tag === 'button' && f.cls.includes('send')) {
      check((await unanswered(page)).length === 0, `every question reached (${await unanswered(page)})`);
      const want = await formState(page);
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      sent = true;
      check(/\/thanks\?/.test(page.url()), 'Enter on the send button sends');
      const got = storedByText(text);
      check(got && sameAnswers(got.answers, want), `stored as given: ${diffAnswers(want, got?.answers)}`);
    }
    prev = f;
  }
  check(sent, 'the send button was reached by Tab');
  check(unseen.length === 0, `focus visible at every stop (${stops} stops): ${unseen.join(', ')}`);

  // The thank-you page: Tab to the withdraw link, Enter, type the code, Enter.
  const code = (await page.textContent('#receipt')).trim();
  let link = null;
  for (let i = 0; i < 10 && !link; i++) {
    await page.keyboard.press('Tab');
    const f = await focusInfo(page);
    check(f.visible, `focus visible on the thank-you page (${f.label})`);
    if (f.href.includes('/withdraw')) link = f;
  }
  check(!!link, 'Tab reaches the withdraw link');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  await page.keyboard.press('Tab');
  let f = await focusInfo(page);
  check(f.id === 'f-code' && f.visible, `the first Tab reaches the code box (${f.label})`);
  await page.keyboard.type(code.toLowerCase());
  await page.keyboard.press('Tab');
  f = await focusInfo(page);
  check(f.tag === 'button' && f.visible, `then the withdraw button (${f.label})`);
  const before = responseCount();
  const [resp] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  check(status(resp) === 200 && (await page.locator('.done').isVisible()), 'withdrawn by keyboard');
  check(responseCount() === before - 1 && storedByText(text) === null, 'the response is gone');
  await page.context().close();
}

/* A missing required answer and a wrong number: everything kept, the way to the first problem. */
async function missingAnswer() {
  const page = await newPage();
  await page.goto(`${BASE}/s/parorende/heimetenester-sor`);
  const text = 'Manglar eitt svar';
  await answerAll(page, { text, skip: ['involve_important'], typed: { hours_per_week: 'tjue' } });
  const want = await formState(page);
  const before = responseCount();
  let resp = await submit(page, 'button.send');
  check(status(resp) === 422, `a missing required answer gives 422 (${status(resp)})`);
  check((await page.title()).startsWith('Feil: '), 'the title says there is an error');
  check(responseCount() === before, 'nothing is stored');
  check(sameAnswers(await formState(page), want), 'the error page keeps every answer');
  const f = await focusInfo(page);
  check(f.id === 'problems', `focus starts on the error summary (${f.label})`);
  const links = await page.$$eval('#problems a', (as) => as.map((a) => a.getAttribute('href')));
  check(
    JSON.stringify(links) === JSON.stringify(['#f-hours_per_week', '#f-involve_important']),
    `the summary lists both problems in form order (${links})`
  );
  check(await page.locator('#e-involve_important').isVisible(), 'the message beside the question');
  check(
    (await page.getAttribute('#f-hours_per_week', 'aria-invalid')) === 'true',
    'the wrong number is marked invalid'
  );
  await axe(page, 'error page (nb, 422)');
  await noHorizontalScroll(page, 'error page at 360 px');
  await shot(page, 'phone-error', true);
  // Tab, Enter: the first link leads to the first problem.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => location.hash === '#f-hours_per_week');
  const g = await focusInfo(page);
  check(g.id === 'f-hours_per_week' && g.visible, `focus on the first problem (${g.label})`);
  await page.keyboard.press('Control+A');
  await page.keyboard.type('20');
  await page.locator('[id="q-involve_important"] label.choice').nth(3).click();
  resp = await submit(page, 'button.send');
  check(status(resp) === 200 && /\/thanks\?/.test(page.url()), 'fixed and sent');
  want.hours_per_week = ['20'];
  want.involve_important = ['4'];
  const got = storedByText(text);
  check(got && sameAnswers(got.answers, want), `stored as fixed: ${diffAnswers(want, got?.answers)}`);
  await page.context().close();
}

/* Withdraw the phone journey's answers with its receipt code. */
async function withdraw() {
  const page = await newPage();
  await page.goto(`${BASE}/s/parorende/withdraw`);
  await axe(page, 'withdraw (nb)');
  await page.fill('#f-code', 'ZZZZZ-ZZZZZ');
  let resp = await submit(page, 'button.send');
  check(status(resp) === 422, 'an unknown code: 422');
  check((await page.inputValue('#f-code')) === 'ZZZZZ-ZZZZZ', 'the typed code is kept');
  check((await focusInfo(page)).cls.includes('summary'), 'focus on the problem');
  await axe(page, 'withdraw error (nb, 422)');
  const { code, text } = receipts.phone || {};
  check(!!code && storedByText(text) !== null, 'the phone journey stored a response');
  await page.fill('#f-code', code || '');
  resp = await submit(page, 'button.send');
  check(status(resp) === 200 && (await page.locator('.done').isVisible()), 'withdrawn with the code');
  check(storedByText(text) === null, 'the response and its answers are gone');
  await axe(page, 'withdraw done (nb)');
  await noHorizontalScroll(page, 'withdraw at 360 px');
  await page.context().close();
}

/* The large-text button, and 200 % zoom of a 320 px phone (160 CSS px), no side-scrolling. */
async function largeAndZoom() {
  let page = await newPage({ viewport: SMALL });
  await page.goto(`${BASE}/s/parorende/demensteam?lang=nn`);
  await page.locator('[id="q-relation"] label.choice').nth(1).click();
  await page.fill('#f-hours_per_week', '12');
  const want = await formState(page);
  await submit(page, 'button[name=_size]');
  check(await page.locator('html.large').count() === 1, 'the larger-text button makes text larger');
  check(sameAnswers(await formState(page), want), 'the larger-text button keeps the answers');
  const size = await page.evaluate(() => getComputedStyle(document.body).fontSize);
  check(parseFloat(size) >= 21, `large text is at least 21 px (${size})`);
  await noHorizontalScroll(page, 'large text at 320 px');
  await axe(page, 'form (nn, large text, 320 px)');
  await page.context().close();

  // 200 %: a 320 px wide screen zoomed to twice the size lays out 160 CSS px.
  page = await newPage({ viewport: { width: 160, height: 320 }, deviceScaleFactor: 2 });
  const pages = [
    ['index', '/'],
    ['form', '/s/parorende/demensteam'],
    ['form, large text', '/s/parorende/demensteam?size=large'],
    ['unit choice form', '/s/parorende?lang=en&size=large'],
    ['young carers form', '/s/unge-parorende?lang=nn'],
    ['withdraw', '/s/parorende/withdraw?size=large'],
    ['404', '/nope?size=large'],
  ];
  for (const [name, p] of pages) {
    await page.goto(BASE + p);
    await noHorizontalScroll(page, `${name} at 200 % zoom of 320 px`);
  }
  await page.goto(`${BASE}/s/parorende/demensteam?size=large`);
  await page.fill('#f-hours_per_week', 'mange');
  await submit(page, 'button.send');
  await noHorizontalScroll(page, 'error page, large text, at 200 % zoom of 320 px');
  await answerRequired(page);
  await page.fill('#f-hours_per_week', '3');
  await submit(page, 'button.send');
  check(/\/thanks\?/.test(page.url()), 'sent at 200 % zoom with large text');
  await noHorizontalScroll(page, 'thank-you, large text, at 200 % zoom of 320 px');
  await shot(page, 'zoom200-thanks', false);
  await page.context().close();
}

/* axe on the remaining pages: the other languages, the unit question, young carers, 404. */
async function otherPages() {
  const page = await newPage();
  for (const [name, p, want] of [
    ['index (nn)', '/?lang=nn', 200],
    ['form with the unit question (nb)', '/s/parorende', 200],
    ['young carers form (nb)', '/s/unge-parorende', 200],
    ['withdraw (en)', '/s/parorende/withdraw?lang=en', 200],
    ['404 (nb)', '/nope', 404],
    ['404 unknown unit (en)', '/s/parorende/nope?lang=en', 404],
  ]) {
    const resp = await page.goto(BASE + p);
    check(status(resp) === want, `${p} answers ${want} (${status(resp)})`);
    await axe(page, name);
  }
  // The unit question is required on /s/<survey>: its error page.
  await page.goto(`${BASE}/s/parorende?lang=en`);
  const resp = await submit(page, 'button.send');
  check(status(resp) === 422 && (await focusInfo(page)).id === 'problems', 'unit missing: 422');
  await axe(page, 'error page, unit question (en, 422)');
  await page.context().close();

  // The form as it is without the script (every conditional question and its hint
  // showing): axe needs script, so here only draft.js is kept away.
  const bare = await newContext({ viewport: SMALL });
  await bare.route('**/static/draft.js*', (r) => r.abort());
  const p2 = await bare.newPage();
  await p2.goto(`${BASE}/s/parorende/demensteam?lang=nn`);
  check(await p2.locator('#q-child_info .cond').isVisible(), 'without draft.js the hints show');
  await axe(p2, 'form without draft.js (nn, 320 px)');
  await bare.close();
}

/* Every request of every test went to the server on loopback. */
function onlyTheServer() {
  const others = requests.filter((u) => new URL(u).origin !== BASE);
  check(requests.length > 50, `requests were recorded (${requests.length})`);
  check(others.length === 0, `requests only to ${BASE}: ${[...new Set(others)].join(', ')}`);
  console.log(`requests: ${requests.length}, all to ${BASE}: ${others.length === 0}`);
}

/* A round by invitation: lytt-admin makes the letters' codes; the carer opens a letter's
 * link on a phone, the code is filled in, and the answers are stored once. */
async function invitationLetter() {
  if (!ADMIN) {
    console.log('  (no lytt-admin given: the invitation journey is not run)');
    return;
  }
  const admin = (...args) => execFileSync(ADMIN, args, { encoding: 'utf8' });
  const codesFile = path.join(tmp, 'codes.csv');
  admin('round', 'open', '--db', DB, '--id', 'browser-round', '--survey', 'parorende',
    '--wave', '2026-12', '--units', 'demensteam', '--mode', 'code', '--surveys', SURVEY_DIR);
  admin('invite', '--db', DB, '--round', 'browser-round', '--unit', 'demensteam', '--count',
    '2', '--out', codesFile, '--base-url', BASE, '--letters', path.join(tmp, 'letters.pdf'),
    '--surveys', SURVEY_DIR);
  const [code, link] = fs.readFileSync(codesFile, 'utf8').split(/\r?\n/)[1].split(',');
  await new Promise((r) => setTimeout(r, 2300)); // the server looks at rounds every 2 s
  const before = responseCount();
  const page = await newPage();
  let resp = await page.goto(link);
  check(status(resp) === 200, 'the letter\'s link opens the form');
  check((await page.inputValue('#f-_code')) === code, 'the code from the letter is filled in');
  await axe(page, 'form with invitation code (nb)');
  await answerRequired(page);
  const stored = await storedDrafts(page);
  const text = JSON.stringify(stored);
  check(Object.keys(stored).length === 1 && !text.includes(code) && !text.includes('_code'),
    `the draft never holds the invitation code (${text.slice(0, 120)})`);
  check(draftProblems(Object.values(stored)[0]).length === 0,
    `the draft with a code expires within a day (${draftProblems(Object.values(stored)[0])})`);
  resp = await submit(page, 'button.send');
  check(status(resp) === 200 && page.url().includes('/thanks'), 'sent with the code: thank-you page');
  check(responseCount() === before + 1, 'the response is stored');
  check(sql('SELECT count(*) AS n FROM invite_codes')[0].n === 1, 'the used code is forgotten');
  resp = await page.goto(link);
  await answerRequired(page);
  await page.fill('#f-important_to_you', 'Brukt kode – svaret skal stå att');
  resp = await submit(page, 'button.send');
  check(status(resp) === 422, 'the same code again: 422');
  check((await page.inputValue('#f-important_to_you')) === 'Brukt kode – svaret skal stå att',
    'the answers are kept');
  check(await page.locator('#e-_code').isVisible(), 'the code problem is shown beside the box');
  await axe(page, 'used invitation code (nb, 422)');
  await page.context().close();
}

const TESTS = [
  ['first page', firstPage],
  ['phone journey', phoneJourney],
  ['no JavaScript, Nynorsk, 320 px', noScriptNynorsk],
  ['English', english],
  ['keyboard only', keyboardOnly],
  ['missing answer', missingAnswer],
  ['withdraw', withdraw],
  ['large text and zoom', largeAndZoom],
  ['other pages', otherPages],
  ['invitation letter', invitationLetter],
  ['only the server', onlyTheServer],
];

let srv;
try {
  srv = await startServer();
  BASE = `http://127.0.0.1:${srv.port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
} catch (e) {
  if (!srv) {
    console.error(`FAIL: ${e.message}`);
    failed++;
    finish(1);
  }
  await stopServer(srv);
  unavailable(`chromium does not start: ${e.message.split('\n')[0]}`);
}

const ONLY = process.env.LYTT_BROWSER_ONLY; // a part of a test name, to run only that
for (const [name, fn] of TESTS) {
  if (ONLY && !name.includes(ONLY)) continue;
  current = name;
  const start = Date.now();
  try {
    await fn();
  } catch (e) {
    check(false, `${e.message.split('\n').slice(0, 3).join(' ')}`);
  }
  console.log(`  ${name}: ${((Date.now() - start) / 1000).toFixed(1)} s`);
}
current = 'end';
await browser.close();
const rc = await stopServer(srv);
check(rc === 0, `the server stops cleanly on SIGTERM (exit ${rc})`);
fs.rmSync(tmp, { recursive: true, force: true });
console.log('axe (WCAG 2.1 A and AA), violations per page:');
for (const [name, n, ms] of axeResults) console.log(`  ${String(n).padStart(3)}  ${name} (${ms} ms)`);
console.log(`time: axe ${spent.axe} ms, screenshots ${spent.shots} ms`);
console.log(`screenshots in ${OUT}; ${((Date.now() - t0) / 1000).toFixed(1)} s in all`);
finish(failed || !passed ? 1 : 0);
