import { alertsConfig, expectedAlerts, posts, slack, tsOf, updates } from '../helpers/alerts';
import {
  IDS,
  postActivity,
  postToSlack,
  slackClickBody,
  startHarness,
  teamsInvoke,
  teamsMessage,
  type Harness,
} from '../helpers/harness';

describe('alerts into subscribed channels, one living card each', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({}, { yaml: alertsConfig() });
  });
  afterAll(() => h.stop());

  test('subscribe, poll, post; back online resolves the card in place; a click acknowledges every copy once', async () => {
    const bound = await slack(h, 'subscribe acme alerts');
    expect(bound).toContain('This chat now belongs to Acme Corp and gets its alerts');
    expect(bound).toContain('`patch-status` shows Acme Corp');
    expect(bound).toContain('`unsubscribe acme` undoes this');
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
    ).toContain('gets its critical alerts');

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
