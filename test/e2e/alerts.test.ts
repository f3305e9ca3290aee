import { until } from '../helpers/bot-process';
import { HaloPsaSim } from '../../sim/halopsa/halopsa-sim';
import {
  IDS,
  postActivity,
  postToSlack,
  slackClickBody,
  slashCommandBody,
  startHarness,
  teamsInvoke,
  teamsMessage,
  TEST_CONFIG,
  type Harness,
} from '../helpers/harness';

async function slack(h: Harness, text: string, user = IDS.slackAdmin, channel = 'C0ALERTS') {
  const { id, body } = slashCommandBody(h.slack, text, user);
  await postToSlack(h.baseUrl, {
    body: body.replace('channel_id=C0GENERAL', `channel_id=${channel}`),
  });
  return JSON.stringify((await h.slack.waitForResponse(id, 10_000)).body);
}

const posts = (h: Harness, channel: string) =>
  h.slack
    .calls('chat.postMessage')
    .filter((r) => (r.body as { channel: string }).channel === channel);
const updates = (h: Harness, ts: string) =>
  h.slack.calls('chat.update').filter((r) => (r.body as { ts: string }).ts === ts);
const expectedAlerts = (h: Harness, org: string) => {
  const eps = h.action1.endpointsOf(org);
  const critical = (i: number) => h.action1.fleet.updates[i]?.severity === 'Critical';
  const offline = eps.filter((e) => !e.online && Date.now() - e.lastSeen.getTime() > 60 * 60_000);
  return { offline, critical: eps.filter((e) => e.missing.some(critical)) };
};

describe('alerts into subscribed channels, one living card each', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(
      {},
      { yaml: `${TEST_CONFIG}alerts: { stormThreshold: 1000, perChannelPerSecond: 100 }\n` },
    );
  });
  afterAll(() => h.stop());

  test('subscribe, poll, post; back online resolves the card in place; a click acknowledges every copy once', async () => {
    expect(await slack(h, 'subscribe acme alerts')).toContain(
      'This channel now gets alerts for Acme Corp',
    );
    // A Teams channel takes Acme's critical alerts too: a second copy of those cards.
    const teamsChannel = {
      id: '19:ops@thread.tacv2',
      conversationType: 'channel',
      tenantId: 'tenant-msp',
    };
    const sub = teamsMessage(h.connector.url, 'subscribe acme critical', IDS.admin, {
      conversation: teamsChannel,
    });
    await postActivity(h.baseUrl, sub);
    expect(
      JSON.stringify((await h.connector.waitForActivity((a) => a.activityId === sub.id)).activity),
    ).toContain('now gets critical');

    const report = await h.bot.poller.cycle();
    const { offline, critical } = expectedAlerts(h, 'acme-org');
    expect(report.opened).toBeGreaterThanOrEqual(offline.length + critical.length);
    expect(posts(h, 'C0ALERTS')).toHaveLength(offline.length + critical.length);
    const teamsCards = h.connector.activities.filter(
      (a) =>
        a.conversationId === teamsChannel.id &&
        a.kind === 'send' &&
        JSON.stringify(a.activity).includes('critical updates missing'),
    );
    expect(teamsCards).toHaveLength(critical.length);

    // A second poll with nothing changed posts nothing.
    const before = h.slack.calls('chat.postMessage').length;
    expect((await h.bot.poller.cycle()).opened).toBe(0);
    expect(h.slack.calls('chat.postMessage').length).toBe(before);

    // The longest-silent device comes back: its card is redrawn as resolved, in place.
    const back = offline[0];
    if (!back) throw new Error('seeded Acme fleet has no offline device');
    h.action1.setOnline(back.name, true);
    const postedTs = tsOf(h, `${back.name} (Acme Corp): offline`);
    expect((await h.bot.poller.cycle()).resolved).toBe(1);
    const redrawn = updates(h, postedTs);
    expect(redrawn).toHaveLength(1);
    expect(JSON.stringify(redrawn[0]?.body)).toContain('Resolved');

    // Acknowledge a critical alert from Slack: both copies redrawn, the second click changes nothing.
    const target = critical[0];
    const key = `acme:${target?.id}:critical-update`;
    const criticalTs = tsOf(h, `${target?.name} (Acme Corp): critical`);
    const click = (id: string) =>
      postToSlack(h.baseUrl, {
        body: slackClickBody({
          actionId: 'alert.ack:0:2',
          value: { key },
          responseUrl: h.slack.responseUrl(id),
          channel: 'C0ALERTS',
        }),
      });
    await click('ack-1');
    expect(JSON.stringify((await h.slack.waitForResponse('ack-1')).body)).toContain(
      'Acknowledged by dana',
    );
    // The delivery worker redraws every copy: the Slack card and the Teams card.
    await h.slack.server.waitFor(
      (r) => r.path === '/api/chat.update' && (r.body as { ts: string }).ts === criticalTs,
    );
    await h.connector.waitForActivity(
      (a) => a.kind === 'update' && a.conversationId === teamsChannel.id,
    );
    expect(updates(h, criticalTs)).toHaveLength(1);
    const teamsUpdates = () =>
      h.connector.activities.filter(
        (a) => a.kind === 'update' && a.conversationId === teamsChannel.id,
      );
    expect(teamsUpdates()).toHaveLength(1);
    await click('ack-2');
    await h.slack.waitForResponse('ack-2');
    await new Promise((r) => setTimeout(r, 300));
    expect(updates(h, criticalTs)).toHaveLength(1);
    expect(teamsUpdates()).toHaveLength(1);

    expect(await slack(h, 'alerts acme', IDS.slackTech)).toContain('acknowledged');
  });

  test('a viewer may list alerts but not acknowledge them', async () => {
    const res = await postActivity(
      h.baseUrl,
      teamsInvoke(h.connector.url, 'alert.ack', { key: 'acme:x:offline' }, IDS.acmeViewer),
    );
    expect(((await res.json()) as { value: string }).value).toContain('not allowed');
  });
});

/** The ts Slack gave the card whose text mentions this. */
function tsOf(h: Harness, text: string): string {
  const post = h.slack.posted.find((p) => p.channel === 'C0ALERTS' && p.text.includes(text));
  if (!post) throw new Error(`no card mentioning ${text}`);
  return post.ts;
}

describe('a channel that refuses for good', () => {
  test('its posts go to the MSP default channel, saying where they were meant to go', async () => {
    const yaml = `${TEST_CONFIG.replace('msp: { name: Test MSP }', 'msp: { name: Test MSP, defaultChannel: { channel: slack, id: C0MSPOPS } }')}alerts: { stormThreshold: 1000, perChannelPerSecond: 100 }\n`;
    const h = await startHarness({}, { yaml });
    try {
      h.slack.missingChannels.add('C0GONE');
      await slack(h, 'subscribe initech alerts', IDS.slackAdmin, 'C0GONE');
      await h.bot.poller.cycle();
      const { offline, critical } = expectedAlerts(h, 'initech-org');
      // Acme and Globex have no channel of their own: theirs go to C0MSPOPS anyway, without a note.
      const meant = () =>
        h.slack.posted.filter(
          (p) =>
            p.channel === 'C0MSPOPS' &&
            p.text.includes('(meant for slack C0GONE: Slack: channel_not_found)'),
        );
      await until('the rerouted posts', () => meant().length >= offline.length + critical.length);
      expect(meant()).toHaveLength(offline.length + critical.length);
      expect(meant().every((p) => p.text.includes('(Initech)'))).toBe(true);
      expect(h.slack.posted.filter((p) => p.channel === 'C0GONE')).toHaveLength(0);
    } finally {
      await h.stop();
    }
  });
});

describe('Slack throttling the bot', () => {
  test('429 with Retry-After: the posts wait and then all arrive, once each', async () => {
    const h = await startHarness(
      {},
      { yaml: `${TEST_CONFIG}alerts: { stormThreshold: 1000, perChannelPerSecond: 100 }\n` },
    );
    try {
      await slack(h, 'subscribe initech alerts');
      h.slack.rateLimited.set('chat.postMessage', 1);
      const cycle = h.bot.poller.cycle();
      await h.slack.server.waitFor((r) => r.path === '/api/chat.postMessage');
      h.slack.rateLimited.delete('chat.postMessage');
      await cycle;
      const { offline, critical } = expectedAlerts(h, 'initech-org');
      await until(
        'every Initech alert',
        () =>
          h.slack.posted.filter((p) => p.channel === 'C0ALERTS').length >=
          offline.length + critical.length,
      );
      const ids = h.slack.posted
        .filter((p) => p.channel === 'C0ALERTS')
        .map((p) => JSON.stringify(p.metadata));
      expect(new Set(ids).size).toBe(offline.length + critical.length);
      expect(h.slack.calls('chat.postMessage').length).toBeGreaterThan(ids.length); // the refused tries
    } finally {
      await h.stop();
    }
  });
});

describe('HaloPSA tickets for alerts', () => {
  test('Create ticket opens one ticket, however often it is clicked, and the card shows its number', async () => {
    const halo = new HaloPsaSim({ tenant: 'msp', clientId: 'halo', clientSecret: 'halo-secret' });
    await halo.start();
    const yaml = `${TEST_CONFIG}alerts: { stormThreshold: 1000, perChannelPerSecond: 100 }\n`;
    const h = await startHarness(
      {
        HALOPSA_BASE_URL: halo.url,
        HALOPSA_CLIENT_ID: 'halo',
        HALOPSA_CLIENT_SECRET: 'halo-secret',
        HALOPSA_TENANT: 'msp',
      },
      { yaml },
    );
    try {
      await slack(h, 'subscribe acme alerts');
      await h.bot.poller.cycle();
      const { offline } = expectedAlerts(h, 'acme-org');
      const device = offline[0];
      const key = `acme:${device?.id}:offline`;
      const ts = tsOf(h, `${device?.name} (Acme Corp): offline`);
      const before = halo.data.tickets.length;
      const press = (id: string) =>
        postToSlack(h.baseUrl, {
          body: slackClickBody({
            actionId: 'alert.ticket:0:4',
            value: { key },
            responseUrl: h.slack.responseUrl(id),
            channel: 'C0ALERTS',
          }),
        });
      await Promise.all([press('ticket-1'), press('ticket-2')]);
      await until('the ticket on the card', () =>
        updates(h, ts).some((u) => JSON.stringify(u.body).includes('HaloPSA #')),
      );
      const opened = halo.data.tickets.slice(before);
      expect(opened).toHaveLength(1);
      expect(opened[0]).toEqual(
        expect.objectContaining({ client_id: 12, summary: `${device?.name}: offline` }),
      );
      expect(JSON.stringify(updates(h, ts).at(-1)?.body)).toContain(`HaloPSA #${opened[0]?.id}`);
    } finally {
      await h.stop();
      await halo.stop();
    }
  });
});

describe('storms', () => {
  test('more new alerts than the threshold for one channel become digests, critical kept apart', async () => {
    const h = await startHarness();
    try {
      await slack(h, 'subscribe globex alerts');
      await h.bot.poller.cycle();
      const sent = posts(h, 'C0ALERTS').map((r) => (r.body as { text: string }).text);
      const { offline, critical } = expectedAlerts(h, 'globex-org');
      expect(offline.length).toBeGreaterThan(5);
      expect(critical.length).toBeGreaterThan(5);
      expect(sent).toEqual([
        `${critical.length} new alerts for Globex Ltd`,
        `${offline.length} new alerts for Globex Ltd`,
      ]);
    } finally {
      await h.stop();
    }
  });
});
