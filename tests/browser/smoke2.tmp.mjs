import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
const srv = spawn('/work/main/build/src/server/lytt-server', ['--port','0','--db','/tmp/lytt-b/y.db','--surveys','/work/main/survey']);
const port = await new Promise(r => srv.stdout.on('data', d => { const m = /127\.0\.0\.1:(\d+)/.exec(String(d)); if (m) r(m[1]); }));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox','--disable-gpu'] });
const ctx = await browser.newContext({viewport:{width:360,height:740}, javaScriptEnabled:false});
const page = await ctx.newPage();
await page.goto(`http://127.0.0.1:${port}/s/parorende/demensteam`);
try { console.log('eval', await page.evaluate(() => document.querySelectorAll('.q').length)); } catch (e) { console.log('eval failed', e.message.split('\n')[0]); }
try { console.log('$$eval', await page.$$eval('.q', e => e.length)); } catch (e) { console.log('$$eval failed', e.message.split('\n')[0]); }
console.log('hidden child q visible?', await page.locator('#q-child_info').isVisible());
// error page autofocus, fragment focus (JS on)
const c2 = await browser.newContext({viewport:{width:360,height:740}});
const p2 = await c2.newPage();
await p2.goto(`http://127.0.0.1:${port}/s/parorende/demensteam`);
await p2.fill('#f-hours_per_week', 'tjue');
const [resp] = await Promise.all([p2.waitForNavigation(), p2.click('button.send')]);
console.log('status', resp.status(), await p2.evaluate(() => document.activeElement.id + ' ' + document.activeElement.className));
await p2.keyboard.press('Tab');
console.log('after tab', await p2.evaluate(() => document.activeElement.outerHTML.slice(0,80)));
await p2.keyboard.press('Enter');
await p2.waitForTimeout(200);
console.log('after enter', await p2.evaluate(() => document.activeElement.outerHTML.slice(0,80) + ' url ' + location.hash));
await p2.keyboard.press('Tab');
console.log('after tab2', await p2.evaluate(() => document.activeElement.outerHTML.slice(0,80)));
await browser.close(); srv.kill();
