import { IDS, slashCommand, startHarness, type Harness } from '../helpers/harness';
import { ConsoleAuditKeeper } from '../../src/audit/console-events';
import { Action1ConsoleAudit } from '../../src/integrations/action1/action1-console-audit';
import { Action1Client } from '../../src/integrations/action1/action1-client';
import { askInTeams } from '../helpers/teams-chat';
import { eventually } from '../helpers/access-e2e';
import { pdfText } from '../helpers/pdf';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

const slack = (text: string, user = IDS.slackAdmin) => slashCommand(h, text, user, 'C0CONSOLE');

const teams = (text: string, from: string, tenant = 'tenant-msp') =>
  askInTeams(h, text, from, tenant);

/** Ground truth: the simulator's own audit events of one organization. */
const eventsOf = (org: string) => h.action1.auditEvents.filter((e) => e.org_id === org);

describe("Action1's own audit events", () => {
  test('kept once per event, by organization, however many polls and instances read them', async () => {
    // A second instance on the same store, reading Action1 through its own client.
    const other = new ConsoleAuditKeeper({
      store: h.bot.store,
      source: new Action1ConsoleAudit(
        new Action1Client({
          baseUrl: h.action1.baseUrl,
          clientId: 'api-test-client@action1.example',
          clientSecret: 'test-secret',
        }),
      ),
      customerOf: (org) =>
        org === 'acme-org' ? 'acme' : org === 'globex-org' ? 'globex' : undefined,
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    const kept = await Promise.all([h.bot.consoleAudit.keeper.poll(), other.poll()]);
    expect(kept[0] + kept[1]).toBe(h.action1.auditEvents.length);
    expect(await h.bot.consoleAudit.keeper.poll()).toBe(0);
    const acme = await h.bot.consoleAudit.keeper.of('acme');
    expect(acme.map((e) => e.id).sort()).toEqual(
      eventsOf('acme-org')
        .map((e) => String(e.id))
        .sort(),
    );
    // A new act in the console: the next poll keeps that one only.
    h.action1.auditEvents.push({
      ...eventsOf('acme-org')[1]!,
      id: 5000,
      event: 'Remote Connect',
      at: new Date(),
    });
    expect(await h.bot.consoleAudit.keeper.poll()).toBe(1);
  });

  test('`audit` shows them, marked as Action1 console acts, only to whom the customer belongs', async () => {
    const answer = await slack('audit acme');
    const marked = answer.match(/in the Action1 console/g) ?? [];
    expect(marked.length).toBeGreaterThanOrEqual(Math.min(eventsOf('acme-org').length, 10));
    expect(answer).toContain('Remote Connect');
    const viewer = await teams('audit', IDS.acmeViewer, 'tenant-acme');
    expect(viewer).toContain('in the Action1 console');
    const globexIds = eventsOf('globex-org').map((e) => `Action1 #${e.id}`);
    for (const id of globexIds) expect(viewer).not.toContain(id);
  });

  test('the CSV export carries them as Action1 rows', async () => {
    await slashCommand(h, 'audit acme --export csv', IDS.slackAdmin, 'D0CONSOLEDM');
    const file = h.slack.files.find((f) => f.channel === 'D0CONSOLEDM' && f.bytes);
    const csv = file?.bytes?.toString('utf8') ?? '';
    for (const e of eventsOf('acme-org')) expect(csv).toContain(`"Action1","${e.id}"`);
  });

  test("the monthly report's access section lists them, marked as from Action1", async () => {
    const month = eventsOf('acme-org')[1]!.at.toISOString().slice(0, 7);
    await slashCommand(h, `report monthly acme --month ${month}`, IDS.slackTech, 'C0CONSOLEPDF');
    const file = await eventually(
      () => h.slack.files.find((f) => f.channel === 'C0CONSOLEPDF' && f.bytes),
      30_000,
    );
    const text = pdfText(file.bytes as Buffer).replace(/\s+/g, ' ');
    expect(text).toContain('In the Action1 console');
    expect(text).toContain("From Action1's own audit trail");
    expect(text).toContain('Pat Console');
    expect(text).toContain('Remote Connect');
  }, 40_000);
});
