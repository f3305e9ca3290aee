import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import {
  freePort,
  IDS,
  openPersonalChat,
  postActivity,
  startHarness,
  teamsMessage,
  TEST_CONFIG,
  type Harness,
} from '../helpers/harness';
import { startEntra, type EntraProcess } from '../helpers/entra';
import { teamsReport } from '../helpers/teams-report';
import { POLICY_DEFAULTS } from '../../src/config/patch-policy-schema';

/**
 * The customer portal in a real browser (Debian's Chromium through playwright-core): a viewer
 * of Acme signs in through the Entra simulator, sees Acme's overview, reports and access log,
 * cannot reach Globex by editing the URL, downloads a PDF and exports the access log as CSV.
 * Pictures go to test-artifacts/portal/; UPDATE_SCREENS=1 also writes docs/screens/.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROOT = join(__dirname, '..', '..');
const ARTIFACTS = join(ROOT, 'test-artifacts', 'portal');
const CLIENT = { clientId: 'msp-bot', clientSecret: 'msp-bot-secret' };
/** Typed by the technician as the reason: it must reach the page as text, never as markup. */
const REASON = 'printer <b>jam</b> & toner';

let entra: EntraProcess;
let h: Harness;
let browser: Browser;
let device = '';
let reportPeriod = '';

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (.ci/run does)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const account = (login: string, oid: string, tid: string) => ({
    login,
    oid,
    tid,
    upn: `${login}@example.com`,
    name: login === 'vera' ? 'Vera Viewer' : login,
    amr: ['pwd', 'mfa'],
  });
  entra = await startEntra({
    ...CLIENT,
    redirectUris: [`${base}/auth/callback`, `${base}/portal/callback`],
    accounts: [
      account('vera', IDS.acmeViewer, 'tenant-acme'),
      account('nobody', 'oid-nobody', 'tenant-acme'),
      account('dana', IDS.tech, 'tenant-msp'),
    ],
  });
  h = await startHarness(
    {
      ENTRA_CLIENT_ID: CLIENT.clientId,
      ENTRA_CLIENT_SECRET: CLIENT.clientSecret,
      ENTRA_AUTHORITY: entra.issuer,
      ENTRA_CA_CERT: entra.caFile,
      PUBLIC_URL: base,
    },
    { port, yaml: TEST_CONFIG },
  );
  // Work for the portal to show: a remote-support request and a monthly report, made in chat.
  device = h.action1.endpointsOf('acme-org')[0]?.name ?? '';
  await openPersonalChat(h, IDS.tech);
  const ask = teamsMessage(h.connector.url, `remote ${device} ${REASON}`, IDS.tech);
  await postActivity(h.baseUrl, ask);
  await h.connector.waitForActivity((a) => a.activityId === ask.id, 10_000);
  const card = await teamsReport(h, IDS.tech, 'acme');
  // The period the chat's card named ("November 2026"): the portal lists the same report.
  reportPeriod =
    /Monthly Hygiene Report: Acme Corp, (\w+ \d{4})/.exec(card)?.[1] ?? 'no period in the card';
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await h?.stop();
  entra?.stop();
});

/** A fresh browser (no cookies), trusting the Entra simulator's self-signed certificate. */
async function visitor(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, acceptDownloads: true });
  return { context, page: await context.newPage() };
}

async function signIn(page: Page, login: string): Promise<void> {
  await page.goto(`${h.baseUrl}/portal`);
  await page.getByRole('link', { name: 'Sign in with your work account' }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await Promise.all([
    page.waitForURL(/\/portal/),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
}

test('a viewer of Acme sees Acme, downloads its report and access log, and cannot reach Globex', async () => {
  const { context, page } = await visitor();
  await signIn(page, 'vera');
  // One customer: straight to its overview.
  await page.waitForURL(`${h.baseUrl}/portal/c/acme`);
  await expectHeading(page, 'Acme Corp: overview');
  const devices = h.action1.endpointsOf('acme-org').length;
  expect(await page.locator('main').innerText()).toContain(`of ${devices} devices`);
  await page.screenshot({ path: join(ARTIFACTS, 'overview.png'), fullPage: true });
  if (process.env.UPDATE_SCREENS)
    await page.screenshot({
      path: join(ROOT, 'docs', 'screens', 'portal-overview.png'),
      fullPage: true,
    });

  // The session cookie is not readable by scripts and stays on this site.
  const cookie = (await context.cookies()).find((c) => c.name === 'msp_portal');
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/portal' });

  // Reports: the one made in chat, then one made here, each downloadable as a real PDF.
  await page.getByRole('link', { name: 'Reports' }).click();
  await expectHeading(page, 'Acme Corp: reports');
  expect(await page.locator('tbody tr').first().innerText()).toContain(
    `Monthly Hygiene Report\t${reportPeriod}`,
  );
  expect(await page.locator('tbody tr').count()).toBe(1);
  await page.getByLabel('Report').selectOption('baseline');
  await page.getByRole('button', { name: 'Make it now' }).click();
  await expectHeading(page, 'Acme Corp: reports');
  expect(await page.locator('tbody tr').count()).toBe(2);
  expect(await page.locator('tbody tr').first().innerText()).toContain('Baseline Health Report');
  const [pdf] = await Promise.all([
    page.waitForEvent('download'),
    page
      .getByRole('link', { name: /\.pdf$/ })
      .first()
      .click(),
  ]);
  const pdfBytes = readFileSync((await pdf.path()) ?? '');
  expect(pdfBytes.subarray(0, 5).toString()).toBe('%PDF-');
  await page.screenshot({ path: join(ARTIFACTS, 'reports.png'), fullPage: true });

  // Access log: the technician's request, the reason as text; then the CSV of the same lines.
  await page.getByRole('link', { name: 'Access log' }).click();
  await expectHeading(page, 'Acme Corp: access log');
  const log = await page.locator('main').innerText();
  expect(log).toContain(`${device}: ${REASON}`);
  expect(await page.locator('main b').count()).toBe(0);
  await page.getByLabel('Kind').selectOption('remote');
  await page.getByRole('button', { name: 'Show' }).click();
  expect(await page.locator('tbody tr').count()).toBe(1);
  await page.screenshot({ path: join(ARTIFACTS, 'access-log.png'), fullPage: true });
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Export CSV' }).click(),
  ]);
  const csvText = readFileSync((await csv.path()) ?? '', 'utf8');
  expect(csvText.split('\r\n')[0]).toBe('"when","kind","who","what","outcome"');
  expect(csvText).toContain(`"remote session"`);
  expect(csvText).toContain(`"${device}: ${REASON}"`);

  // Support and schedules: no contacts in this config, and the standard policy's schedule.
  await page.getByRole('link', { name: 'Support and schedules' }).click();
  const support = await page.locator('main').innerText();
  expect(support).toContain('No contacts are set yet.');
  expect(support).toContain(
    `Operating-system updates: ${POLICY_DEFAULTS.osUpdates.day} at ${POLICY_DEFAULTS.osUpdates.time} UTC, with a restart`,
  );
  expect(support).toContain('No maintenance window is set.');

  // Globex by editing the URL: refused, and told the same as for a customer that does not exist.
  for (const other of ['globex', 'globex/reports', 'no-such-customer']) {
    const res = await page.goto(`${h.baseUrl}/portal/c/${other}`);
    expect(res?.status()).toBe(403);
    expect(await page.locator('main').innerText()).toContain('You may not see this customer');
  }
  await page.screenshot({ path: join(ARTIFACTS, 'refused.png'), fullPage: true });

  // The download and the export are in the audit trail, as Vera, for Acme.
  const trail = await h.bot.audit.read(1, await h.bot.audit.length());
  const portal = trail.filter((e) => e.actor.channel === 'web');
  expect(portal.map((e) => e.act).sort()).toEqual([
    'portal:access-export',
    'portal:report-download',
    'portal:report-generate',
  ]);
  for (const e of portal)
    expect(e).toMatchObject({ customer: 'acme', actor: { userId: IDS.acmeViewer } });

  // Signing out ends the session: the customer's pages send the browser back to sign in.
  await page.goto(`${h.baseUrl}/portal/c/acme`);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.goto(`${h.baseUrl}/portal/c/acme`);
  await page.waitForURL(`${h.baseUrl}/portal`);
  await expectHeading(page, 'Sign in');
  await context.close();
}, 90_000);

test('a technician picks any customer', async () => {
  const { context, page } = await visitor();
  await signIn(page, 'dana');
  await expectHeading(page, 'Customers');
  await page.getByRole('link', { name: 'Globex Ltd' }).click();
  await expectHeading(page, 'Globex Ltd: overview');
  const devices = h.action1.endpointsOf('globex-org').length;
  expect(await page.locator('main').innerText()).toContain(`of ${devices} devices`);
  await page.screenshot({ path: join(ARTIFACTS, 'pick.png'), fullPage: true });
  await context.close();
}, 60_000);

test('every page passes axe-core’s accessibility rules (WCAG 2.1 A and AA)', async () => {
  // axe runs as a script in the page: this context alone lets it past the portal's policy.
  const context = await browser.newContext({ ignoreHTTPSErrors: true, bypassCSP: true });
  const page = await context.newPage();
  await signIn(page, 'vera');
  for (const path of ['', '/reports', '/access', '/support']) {
    await page.goto(`${h.baseUrl}/portal/c/acme${path}`);
    await page.addScriptTag({ path: require.resolve('axe-core') });
    const violations = await page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: { run(o: object): Promise<{ violations: { id: string; nodes: unknown[] }[] }> };
        }
      ).axe;
      const result = await axe.run({
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      });
      return result.violations.map((v) => `${v.id} (${v.nodes.length})`);
    });
    expect({ path, violations }).toEqual({ path, violations: [] });
  }
  await context.close();
}, 60_000);

test('someone with no role at any customer is told so, and sees no customer', async () => {
  const { context, page } = await visitor();
  await signIn(page, 'nobody');
  await expectHeading(page, 'No customer');
  const res = await page.goto(`${h.baseUrl}/portal/c/acme`);
  expect(res?.status()).toBe(403);
  await context.close();
}, 60_000);

test('the pages carry a strict policy; a report or a sign-out asked for from another site is refused', async () => {
  const res = await fetch(`${h.baseUrl}/portal`);
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain('script-src');
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(await res.text()).not.toContain('<script');
  // Signed in, but the form's token missing: nothing changes.
  const { context, page } = await visitor();
  await signIn(page, 'vera');
  const cookie = (await context.cookies()).find((c) => c.name === 'msp_portal');
  // Making a report without the form's token: refused, and nothing made.
  const asVera = { cookie: `msp_portal=${cookie?.value}` };
  const form = { ...asVera, 'content-type': 'application/x-www-form-urlencoded' };
  const rows = async () =>
    (await (await fetch(`${h.baseUrl}/portal/c/acme/reports`, { headers: asVera })).text()).split(
      '<tr>',
    ).length;
  const before = await rows();
  const made = await fetch(`${h.baseUrl}/portal/c/acme/reports`, {
    method: 'POST',
    headers: form,
    body: 'kind=baseline&csrf=guessed',
    redirect: 'manual',
  });
  expect(made.status).toBe(403);
  expect(await rows()).toBe(before);
  const forged = await fetch(`${h.baseUrl}/portal/logout`, {
    method: 'POST',
    headers: form,
    body: 'csrf=guessed',
    redirect: 'manual',
  });
  expect(forged.status).toBe(403);
  const still = await fetch(`${h.baseUrl}/portal/c/acme`, { headers: asVera, redirect: 'manual' });
  expect(still.status).toBe(200);
  await context.close();
}, 60_000);

async function expectHeading(page: Page, text: string): Promise<void> {
  expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(text);
}
