import { IDS, slashCommand, startHarness, type Harness } from '../helpers/harness';
import { askInTeams } from '../helpers/teams-chat';
import { eventually } from '../helpers/access-e2e';
import { AUDIT_LOG } from '../../src/core/audit';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

const slack = (text: string, user = IDS.slackAdmin, channel = 'C0AUDIT') =>
  slashCommand(h, text, user, channel);

const teams = (text: string, from: string, tenant = 'tenant-msp') =>
  askInTeams(h, text, from, tenant);

const trailLength = () => h.bot.store.logLength(AUDIT_LOG);
/** Ground truth: the trail as the store holds it. */
const allEntries = async () => h.bot.audit.read(1, await trailLength());

describe('audit', () => {
  beforeAll(async () => {
    // Known acts: two about Acme by the tech, one about Globex.
    await slack('patch-status acme', IDS.slackTech);
    await slack('devices acme --offline', IDS.slackTech);
    await slack('patch-status globex', IDS.slackTech);
  });

  test('an MSP admin reads one customer: its entries only, newest first, and the chain verifies', async () => {
    const entries = (await allEntries()).filter((e) => e.customer === 'acme');
    const answer = await slack('audit acme');
    expect(answer).toContain('Audit trail: Acme Corp');
    expect(answer).toContain('The chain verifies');
    expect(answer).toContain(`of ${entries.length} entries, newest first`);
    expect(answer).toContain('devices');
    expect(answer).not.toContain('· globex ·');
  });

  test("a customer's viewer reads their own customer, and nothing of another", async () => {
    const own = await teams('audit', IDS.acmeViewer, 'tenant-acme');
    expect(own).toContain('Audit trail: Acme Corp');
    expect(own).not.toContain('globex');
    const before = await trailLength();
    const other = await teams('audit globex', IDS.acmeViewer, 'tenant-acme');
    expect(other).toMatch(/not allowed|no customer `globex` you can see/);
    // Refused, and nothing but the refusal itself was written.
    expect((await trailLength()) - before).toBe(1);
  });

  test('a technician is not an auditor', async () => {
    expect(await slack('audit acme', IDS.slackTech)).toContain(
      'You are not allowed to run `audit`',
    );
  });

  test('bad input gets a clear message and reads nothing', async () => {
    expect(await slack('audit acme --since 2026-13-01')).toContain(
      '`2026-13-01` is not a date; write it as YYYY-MM-DD',
    );
    expect(await slack('audit acme --since 2026-11-10 --until 2026-11-01')).toContain(
      '--until 2026-11-01 is before --since 2026-11-10',
    );
    expect(await slack('audit acmee')).toContain('Did you mean `acme`?');
    expect(await slack('audit acme --export pdf')).toContain('the only export is `--export csv`');
  });

  test('--since and --who narrow the list', async () => {
    const future = await slack('audit acme --since 2099-01-01');
    expect(future).toContain('No audit entries for Acme Corp since 2099-01-01');
    const byDana = await slack('audit acme --who dana');
    expect(byDana).toContain('by “dana”');
    expect(await slack('audit acme --who nobody-like-this')).toContain('No audit entries');
  });

  test('Slack: --export csv uploads the file in a direct message, never into a channel', async () => {
    expect(await slack('audit acme --export csv', IDS.slackAdmin, 'C0SHARED')).toContain(
      'Ask for the export in a personal chat with me',
    );
    expect(h.slack.files.filter((f) => f.channel === 'C0SHARED')).toEqual([]);
    await slack('audit acme --export csv', IDS.slackAdmin, 'D0ADMINDM');
    const file = await eventually(() =>
      h.slack.files.find((f) => f.channel === 'D0ADMINDM' && f.bytes),
    );
    expect(file.filename).toMatch(/^audit-acme-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = file.bytes?.toString('utf8') ?? '';
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe(
      '"source","seq","at_utc","who","who_id","channel","customer","act","what","outcome","detail","arguments"',
    );
    const acme = (await allEntries()).filter((e) => e.customer === 'acme' && e.act !== 'audit');
    for (const e of acme) expect(csv).toContain(`"msp-chatops","${e.seq}","${e.at}"`);
    expect(csv).not.toContain('"globex"');
    const exported = (await allEntries()).filter(
      (e) => e.act === 'audit' && (e.args as { export?: string }).export === 'csv',
    );
    expect(exported.length).toBeGreaterThan(0);
  });

  test('Teams: --export csv gives a signed link to the CSV, and the download is audited', async () => {
    const answer = await teams('audit acme --export csv', IDS.admin);
    expect(answer).toContain('Download CSV');
    const url = /"url":"(http[^"]+\/reports\/[^"]+)"/.exec(answer)?.[1] ?? '';
    const res = await fetch(`${h.baseUrl}${new URL(url).pathname}${new URL(url).search}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(await res.text()).toContain('"seq","at_utc"');
    const downloads = (await allEntries()).filter((e) => e.act === 'report:download');
    expect(downloads.at(-1)).toMatchObject({ customer: 'acme', outcome: 'ok' });
  });
});
