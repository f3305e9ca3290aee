import { until } from '../helpers/bot-process';
import {
  alertsConfig,
  expectedAlerts,
  slack,
  subscribeTeamsChannel,
  tsOf,
  updates,
} from '../helpers/alerts';
import { IDS, postToSlack, slackClickBody, startHarness } from '../helpers/harness';
import { haloEnv, testHalo } from '../helpers/halo';

describe('a channel that refuses for good', () => {
  test('its posts go to the MSP default channel, saying where they were meant to go', async () => {
    const yaml = alertsConfig({ defaultChannel: true });
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

describe('Slack and Teams failing for a while', () => {
  test('Slack 503s and Teams 429s: every alert still arrives, once, when they recover', async () => {
    const h = await startHarness({}, { yaml: alertsConfig() });
    try {
      await slack(h, 'subscribe acme alerts', IDS.slackAdmin, 'C0ACME');
      const { channel } = await subscribeTeamsChannel(
        h,
        '19:globex@thread.tacv2',
        'subscribe globex alerts',
      );
      h.slack.server.misbehave = { failNext: { count: 8, status: 503 } };
      h.connector.server.misbehave = { failNext: { count: 4, status: 429, retryAfterSeconds: 1 } };
      await h.bot.poller.cycle();
      const acme = expectedAlerts(h, 'acme-org');
      const globex = expectedAlerts(h, 'globex-org');
      const slackPosts = () => h.slack.posted.filter((p) => p.channel === 'C0ACME');
      const teamsPosts = () =>
        h.connector.activities.filter(
          (a) => a.kind === 'send' && a.conversationId === channel.id && !!a.activity.attachments,
        );
      const want = {
        slack: acme.offline.length + acme.critical.length,
        teams: globex.offline.length + globex.critical.length,
      };
      await until(
        'every alert despite the failures',
        () => slackPosts().length >= want.slack && teamsPosts().length >= want.teams,
        60_000,
      );
      await new Promise((r) => setTimeout(r, 1000)); // a double would show up by now
      expect(slackPosts()).toHaveLength(want.slack);
      expect(teamsPosts()).toHaveLength(want.teams);
    } finally {
      await h.stop();
    }
  }, 90_000);
});

describe('a Teams channel the bot was removed from', () => {
  test('403 from the connector: the posts go to the MSP default channel instead', async () => {
    const yaml = alertsConfig({ defaultChannel: true });
    const h = await startHarness({}, { yaml });
    try {
      await subscribeTeamsChannel(h, '19:removed@thread.tacv2', 'subscribe initech critical');
      h.connector.server.misbehave = { failNext: { count: 1000, status: 403 } };
      await h.bot.poller.cycle();
      const critical = expectedAlerts(h, 'initech-org').critical;
      const meant = () =>
        h.slack.posted.filter(
          (p) =>
            p.channel === 'C0MSPOPS' &&
            p.text.includes('(meant for teams 19:removed@thread.tacv2: Teams refused (403))'),
        );
      await until('the rerouted Teams posts', () => meant().length >= critical.length);
      expect(meant()).toHaveLength(critical.length);
    } finally {
      await h.stop();
    }
  });
});

describe('Slack throttling the bot', () => {
  test('429 with Retry-After: the posts wait and then all arrive, once each', async () => {
    const h = await startHarness({}, { yaml: alertsConfig() });
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
    const halo = testHalo();
    await halo.start();
    const yaml = alertsConfig();
    const h = await startHarness(haloEnv(halo), { yaml });
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
