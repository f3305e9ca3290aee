/*
 * Walks the README's Playground steps in headless Chromium and says, step by step, what the
 * chat showed. Not part of the test run: it needs the bot (`npm start`, demo mode, fresh data)
 * and the Microsoft 365 Agents Playground already running:
 *
 *   npx @microsoft/m365agentsplayground -e http://localhost:3978/api/messages -c msteams --dt
 *   npx tsx scripts/playground-walk.ts [playground URL] [directory for screenshots]
 *
 * Exit code 1 when a step did not show what the README promises.
 */
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const PLAYGROUND = process.argv[2] ?? 'http://localhost:56150';
const SHOTS = process.argv[3] ?? 'test-artifacts/playground';
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
let failed = 0;
let shots = 0;

function check(step: string, ok: boolean, seen?: string) {
  if (!ok) failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${step}: ${String(seen ?? '').slice(0, 160)}`);
}

async function main() {
  mkdirSync(SHOTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
  page.on('pageerror', (e) => console.log(`page error: ${e.message}`));
  await page.goto(PLAYGROUND);
  await page.waitForTimeout(4000);

  const chat = () => page.locator('body').innerText();
  const lastCard = () => page.locator('.ac-adaptiveCard').last().innerText();
  const pause = (ms = 3000) => page.waitForTimeout(ms);
  const shot = (name: string) =>
    page.screenshot({ path: join(SHOTS, `${String(++shots).padStart(2, '0')}-${name}.png`) });
  async function say(text: string, wait = 3000) {
    const box = page.locator('[data-lexical-editor="true"]');
    await box.click();
    await box.type(text);
    await page.keyboard.press('Enter');
    await pause(wait);
  }
  async function press(name: string, { which = 'last' as 'last' | number, wait = 3000 } = {}) {
    const buttons = page.getByRole('button', { name, exact: true });
    const button = which === 'last' ? buttons.last() : buttons.nth(which);
    await button.scrollIntoViewIfNeeded();
    await button.click();
    await pause(wait);
  }
  async function until(test: () => Promise<boolean>, ms: number) {
    for (const end = Date.now() + ms; Date.now() < end; await pause(3000))
      if (await test()) return true;
    return false;
  }

  await say('patch-status');
  check(
    '1 overview',
    (await lastCard()).includes('Patch status, all customers'),
    'three customers',
  );
  await press('Acme Corp');
  check('2 Acme', (await lastCard()).includes('Patch status: Acme Corp'), 'Acme card');
  await press('Devices missing critical');
  await press('Open');
  const device = ((await lastCard()).match(/[A-Z]+-[A-Z]+-\d+/) ?? [''])[0];
  check('3 device card', (await lastCard()).includes('At risk'), device);
  await shot('device');
  await press('Deploy now');
  await press('Deploy now', { wait: 15000 });
  check('4 deployed', (await chat()).includes('Completed'), 'result posted');
  await say(`patch-status acme ${device}`);
  check(
    '4 afterwards',
    (await lastCard()).includes('Up to date'),
    (await lastCard()).split('\n')[3],
  );

  await say('subscribe acme alerts');
  const alerted = await until(
    async () => (await page.getByRole('button', { name: 'Acknowledge', exact: true }).count()) > 0,
    150000,
  );
  check('5 alert cards', alerted, 'within the demo poll');
  if (alerted) {
    await press('Acknowledge');
    check(
      '5 acknowledged',
      /Acknowledged by/.test(await chat()),
      (await chat()).match(/Acknowledged by[^\n]*/)?.[0],
    );
  }
  await shot('alerts');

  await say('demo');
  check('6 personas', (await chat()).includes('acme-approver'), 'listed');
  await say('subscribe acme approvals');
  await say('demo as tech');
  const other = device === 'ACME-LT-001' ? 'ACME-LT-002' : 'ACME-LT-001';
  await say(`remote ${other} printer`, 5000);
  check('6 asked', /I asked Acme Corp's approvers/.test(await chat()), other);
  await press('Approve');
  check('6 tech refused', /not allowed to press that button/.test(await chat()), 'as the tech');
  await say('demo as acme-approver');
  await press('Approve', { wait: 5000 });
  check(
    '6 approved',
    /remote session to [^\n]* is ready/.test(await chat()),
    (await chat()).match(/Your remote session[^\n]*/)?.[0],
  );
  await shot('approved');
  await say('demo as tech');
  await say('break-glass acme domain controller down', 5000);
  check('6 break-glass', /Break-glass for Acme Corp is on/.test(await chat()), 'emergency access');
  await say('demo as admin2');
  await press('Justified', { wait: 4000 });
  check(
    '6 reviewed',
    /Justified by MSP admin 2/.test(await chat()),
    (await chat()).match(/Review: [^\n]*/g)?.slice(-1)[0],
  );
  await shot('reviewed');
  await say('demo as me');

  await say('onboard acme', 4000);
  await page.getByLabel('Hostname').last().fill('ACME-LT-900');
  await page.getByLabel('Main user').last().fill('jane');
  await page.getByLabel('Location').last().fill('Berlin office');
  await press('Start onboarding', { wait: 4000 });
  check('7 install link', (await chat()).includes('Download the agent'), 'sent to you');
  const onboarded = await until(async () => (await chat()).includes('Onboarded'), 150000);
  check('7 onboarded', onboarded, 'every step');
  await shot('onboarded');

  await say('report monthly acme', 2000);
  const ready = await until(
    async () => /Monthly Hygiene Report: Acme Corp[^\n]*\n+Ready/.test(await chat()),
    60000,
  );
  check('8 report ready', ready, (await lastCard()).split('\n').slice(2, 5).join(' · '));
  await shot('report');
  await browser.close();
  console.log(failed ? `${failed} step(s) did not hold` : 'every step held');
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
