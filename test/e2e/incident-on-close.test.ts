import { AUDIT_LOG } from '../../src/core/audit';
import {
  IDS,
  postActivity,
  slashCommand,
  startHarness,
  teamsMessage,
  TEST_CONFIG,
  type Harness,
} from '../helpers/harness';
import { eventually } from '../helpers/access-e2e';
import { pdfText } from '../helpers/pdf';
import { haloEnv, testHalo } from '../helpers/halo';

// Acme's P1 (HaloPSA priority id 1) closings get the incident summary posted.
const yaml = TEST_CONFIG.replace(
  '    halopsa: { clientId: 12 }',
  '    halopsa: { clientId: 12, summaryOnClosePriorities: [1] }',
);
const halo = testHalo();
let h: Harness;
beforeAll(async () => {
  await halo.start();
  h = await startHarness(haloEnv(halo), { yaml });
});
afterAll(async () => {
  await h.stop();
  await halo.stop();
});

const ticket = (id: number, priority: number, closedHoursAgo: number, summary = `Outage ${id}`) => {
  const closed = new Date(Date.now() - closedHoursAgo * 3600_000);
  halo.data.tickets.push({
    id,
    summary,
    client_id: 12,
    client_name: 'Acme Corp',
    status_id: 9,
    status_name: 'Closed',
    priority_id: priority,
    dateoccurred: new Date(closed.getTime() - 2 * 3600_000).toISOString(),
    dateclosed: closed.toISOString(),
    elapsed_resolution_hours: 2,
  });
};

describe('incident summary when a ticket of a chosen priority closes', () => {
  test('posted once per ticket across instances, only for the chosen priority', async () => {
    expect(
      await slashCommand(h, 'subscribe acme reports', IDS.slackAdmin, 'C0INCIDENTS'),
    ).toContain('reports');
    // P1 closed an hour ago: posted. Its summary was typed by a person into HaloPSA.
    ticket(9001, 1, 1, 'Outage 9001 <!channel> <https://evil.example|pay>');
    ticket(9002, 3, 1); // P3: not chosen
    ticket(9003, 1, 72); // P1 closed three days ago: before the watch looks
    // Three rounds, two of them at once as two instances would.
    const rounds = await Promise.all([h.bot.reports.onClose.run(), h.bot.reports.onClose.run()]);
    expect(rounds[0] + rounds[1]).toBe(1);
    expect(await h.bot.reports.onClose.run()).toBe(0);
    const files = h.slack.files.filter((f) => f.channel === 'C0INCIDENTS');
    expect(files).toHaveLength(1);
    const file = await eventually(() => (files[0]?.bytes ? files[0] : undefined));
    expect(file.comment).toContain('ticket #9001 closed: Outage 9001 &lt;!channel&gt;');
    expect(file.comment).not.toContain('<!channel>');
    expect(file.comment).not.toContain('<https://evil.example');
    expect(pdfText(file.bytes as Buffer)).toContain('Incident Summary');
    const audited = (await h.bot.audit.read(1, await h.bot.store.logLength(AUDIT_LOG))).filter(
      (e) => e.act === 'report:incident-on-close',
    );
    expect(audited).toEqual([
      expect.objectContaining({
        customer: 'acme',
        outcome: 'ok',
        args: expect.objectContaining({ ticket: 9001 }),
      }),
    ]);
  }, 40_000);

  test('in Teams: the summary reaches the subscribed channel as a card with a signed PDF link', async () => {
    const CHANNEL = '19:acme-incidents@thread.tacv2';
    const subscribe = teamsMessage(h.connector.url, 'subscribe acme reports', IDS.admin, {
      conversation: { id: CHANNEL, conversationType: 'channel', tenantId: 'tenant-msp' },
      channelData: { tenant: { id: 'tenant-msp' } },
    });
    await postActivity(h.baseUrl, subscribe);
    const answer = await h.connector.waitForActivity((a) => a.activityId === subscribe.id, 10_000);
    expect(JSON.stringify(answer.activity)).toContain('reports');
    ticket(9004, 1, 0.5, 'Mail down <at>everyone</at>');
    expect(await h.bot.reports.onClose.run()).toBe(1);
    expect(await h.bot.reports.onClose.run()).toBe(0);
    const card = await eventually(
      () =>
        h.connector.activities.find(
          (a) =>
            a.conversationId === CHANNEL &&
            JSON.stringify(a.activity).includes('Download PDF') &&
            JSON.stringify(a.activity).includes('9004'),
        ),
      30_000,
    );
    const shown = JSON.stringify(card.activity);
    // The summary a person typed into HaloPSA is on the card, its mention markup escaped.
    expect(shown).toContain('ticket #9004 closed: Mail down');
    expect(shown).not.toContain('<at>everyone</at>');
    const url = /"url":"(http[^"]+\/reports\/[^"]+)"/.exec(shown)?.[1] ?? '';
    const res = await fetch(`${h.baseUrl}${new URL(url).pathname}${new URL(url).search}`);
    expect(res.status).toBe(200);
    expect(pdfText(Buffer.from(await res.arrayBuffer()))).toContain('Incident Summary');
    // One post for the ticket in this channel, however often the watch runs.
    expect(
      h.connector.activities.filter(
        (a) => a.conversationId === CHANNEL && JSON.stringify(a.activity).includes('9004'),
      ),
    ).toHaveLength(1);
  }, 40_000);
});
