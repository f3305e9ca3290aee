import type { WazuhSim } from '../../sim/wazuh';
import { loadConfig } from '../../src/config/config';
import { createBot } from '../../src/app/create-bot';
import { posts, slack, subscribeTeamsChannel } from '../helpers/alerts';

const TEAMS_CHANNEL = '19:acme-alerts@thread.tacv2';
import { IDS, memoryLog, startHarness, type Harness } from '../helpers/harness';
import { until } from '../helpers/bot-process';
import {
  withWazuhBot,
  AGENTS,
  postWazuh,
  rule,
  securityConfig,
  startWazuh,
  WAZUH_SECRET,
  wazuhEnv,
} from '../helpers/wazuh';

/**
 * The Wazuh door takes nothing it cannot verify or read, and records nothing from a delivery it
 * refuses; the indexer is read without gaps or doubles, also by two instances at once.
 */
describe('the Wazuh door refuses what it cannot trust, and records nothing', () => {
  let h: Harness;
  let wazuh: WazuhSim;
  withWazuhBot(async (world) => {
    ({ h, wazuh } = world);
    await slack(h, 'subscribe acme alerts');
    await subscribeTeamsChannel(h, TEAMS_CHANNEL, 'subscribe acme alerts');
  });

  const good = () => wazuh.alert(AGENTS.acmeWorkstation, rule(11));
  const refused = async (res: Response, status: number, says: string) => {
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: string }).error).toContain(says);
  };

  test('no secret, a wrong one, or the right one the wrong way: 401', async () => {
    const wrong = [
      {},
      { authorization: 'Bearer not-the-secret-at-all-0123456789' },
      { authorization: `Bearer ${WAZUH_SECRET}x` },
      { authorization: `Basic ${Buffer.from(`wazuh:${WAZUH_SECRET}`).toString('base64')}` },
      { authorization: WAZUH_SECRET },
    ];
    for (const headers of wrong) {
      const res = await fetch(`${h.baseUrl}/wazuh/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers } as Record<string, string>,
        body: JSON.stringify(good()),
      });
      await refused(res, 401, 'shared secret');
    }
  });

  test('a body that is not a Wazuh alert says what is wrong', async () => {
    const alert = good();
    const cases: [unknown, number, string][] = [
      ['{"id": ', 400, 'not valid JSON'],
      [{}, 400, 'id'],
      [{ ...alert, rule: { ...alert.rule, level: 99 } }, 400, 'rule.level'],
      [{ ...alert, agent: { id: '1; DROP', name: 'x' } }, 400, 'agent.id: is not a Wazuh agent id'],
      [{ ...alert, timestamp: 'yesterday' }, 400, 'timestamp: is not a Wazuh timestamp'],
      [{ alerts: [good(), { ...good(), rule: null }] }, 400, 'alert 2: rule'],
      [{ alerts: Array.from({ length: 501 }, good) }, 400, 'alerts'],
      [{ alerts: [], extra: 1 }, 400, ''],
    ];
    for (const [body, status, says] of cases) await refused(await postWazuh(h, body), status, says);
    const text = await postWazuh(h, JSON.stringify(alert), { 'content-type': 'text/plain' });
    await refused(text, 415, 'application/json');
    const huge = await postWazuh(h, { ...alert, full_log: 'x'.repeat(3 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    expect((await fetch(`${h.baseUrl}/wazuh/alerts`)).status).toBe(404);
    // None of it was recorded: the refused batch's good first alert neither.
    expect(await slack(h, 'security acme', IDS.slackTech)).toContain('No open security alerts');
    expect(posts(h, 'C0ALERTS')).toHaveLength(0);
  });

  test('what a device or a rule says is escaped on the card', async () => {
    const hostile =
      '<!channel> *urgent* <https://evil.example|click here> [Click me](https://evil.example/x) <at>Everyone</at>';
    const res = await postWazuh(
      h,
      wazuh.alert({ ...AGENTS.acmeWorkstation, name: 'WS-<!here>' }, rule(11, '100200', hostile)),
    );
    expect(res.status).toBe(202);
    await h.slack.server.waitFor((r) => r.path === '/api/chat.postMessage');
    const body = posts(h, 'C0ALERTS')[0]?.body as { text: string; blocks: string };
    type Block = { type: string; text?: { type: string; text: string } };
    const blocks = JSON.parse(body.blocks) as Block[];
    // Slack reads mentions and links only in mrkdwn and the fallback text: there it is escaped.
    const read = [body.text, ...JSON.stringify(blocks).match(/"mrkdwn","text":"[^"]*"/g)!];
    expect(body.text).toContain('&lt;!channel&gt;');
    for (const text of read) {
      expect(text).not.toContain('<!channel>');
      expect(text).not.toContain('<!here>');
      expect(text).not.toContain('<https://evil.example');
    }
    // The header is plain_text, which Slack shows as it is, mentions and links included.
    const header = blocks.find((b) => b.type === 'header')?.text;
    expect(header?.type).toBe('plain_text');
    // In Teams the card's markdown is escaped: no link is made of it.
    const sent = await h.connector.waitForActivity(
      (a) => a.conversationId === TEAMS_CHANNEL && JSON.stringify(a.activity).includes('100200'),
    );
    const card = JSON.stringify(sent.activity);
    expect(card).toContain('Click me');
    expect(card).not.toContain('[Click me](https://');
  });

  test('without WAZUH_SHARED_SECRET there is no door', async () => {
    const other = await startHarness(wazuhEnv(wazuh, { WAZUH_SHARED_SECRET: '' }), {
      yaml: securityConfig(),
    });
    try {
      const res = await postWazuh(other, good());
      expect(res.status).toBe(404);
    } finally {
      await other.stop();
    }
  });
});

describe('a storm of security alerts', () => {
  let h: Harness;
  let wazuh: WazuhSim;
  withWazuhBot(
    async (world) => {
      ({ h, wazuh } = world);
      await slack(h, 'subscribe acme alerts');
    },
    { storm: 2 },
  );

  test('becomes digests, and the critical ones are never folded into the lesser one', async () => {
    const lesser = ['5710', '5712', '5716'].map((id) =>
      wazuh.alert(AGENTS.acmeWorkstation, rule(10, id, `Lesser ${id}`)),
    );
    const critical = ['92200', '92201', '92202'].map((id) =>
      wazuh.alert(AGENTS.acmeServer, rule(13, id, `Critical ${id}`)),
    );
    const res = await postWazuh(h, { alerts: [...lesser, ...critical] });
    expect(await res.json()).toEqual(expect.objectContaining({ opened: 6 }));
    await until('two digests', () => posts(h, 'C0ALERTS').length === 2);
    const digests = posts(h, 'C0ALERTS').map((p) => JSON.stringify(p.body));
    const criticalDigest = digests.find((d) => d.includes('Critical: 3 new alerts'));
    const lesserDigest = digests.find((d) => d.includes('Needs attention: 3 new alerts'));
    expect(criticalDigest).toContain('Security alerts');
    expect(criticalDigest).toContain('SRV-ACME-DC');
    expect(criticalDigest).not.toContain('WS-ACME-01');
    expect(lesserDigest).toContain('WS-ACME-01');
    expect(lesserDigest).not.toContain('SRV-ACME-DC');
  });
});

describe('reading the Wazuh indexer', () => {
  test('new alerts once each, a late one after it arrives, and two instances make one card', async () => {
    const wazuh = await startWazuh();
    const h = await startHarness(wazuhEnv(wazuh, { WAZUH_SHARED_SECRET: '' }), {
      yaml: securityConfig(),
    });
    const second = await createBot(loadConfig(h.env), memoryLog().log);
    try {
      await slack(h, 'subscribe acme alerts');
      await slack(h, 'subscribe globex alerts', IDS.slackAdmin, 'C0GLOBEX');
      const poll = h.bot.security.poll;
      if (!poll) throw new Error('the indexer reader is not set up');
      const minute = (m: number) => new Date(Date.now() - m * 60_000);
      wazuh.index(wazuh.alert(AGENTS.acmeWorkstation, rule(10), minute(3)));
      wazuh.index(
        wazuh.alert(AGENTS.acmeServer, rule(12, '92000', 'Admin group changed'), minute(2)),
      );
      wazuh.index(wazuh.alert(AGENTS.globexLaptop, rule(7, '5402'), minute(2)));
      wazuh.index(wazuh.alert(AGENTS.acmeWorkstation, rule(3, '530'), minute(1))); // below every level
      expect(await poll.cycle()).toEqual(expect.objectContaining({ read: 3, opened: 3 }));
      // The next read looks back over the same minutes: the same alerts, known, nothing new.
      expect(await poll.cycle()).toEqual(expect.objectContaining({ opened: 0, duplicates: 3 }));

      // An alert the shipper delivered late (older than the newest seen) is still picked up.
      wazuh.index(
        wazuh.alert(AGENTS.acmeServer, rule(10, '18152', 'Multiple logon failures'), minute(3)),
        {
          late: true,
        },
      );
      expect((await poll.cycle()).opened).toBe(0);
      wazuh.release();
      expect((await poll.cycle()).opened).toBe(1);

      // Two instances read at once: each alert is one card.
      for (let i = 0; i < 6; i++)
        wazuh.index(wazuh.alert(AGENTS.acmeWorkstation, rule(11, String(61000 + i))));
      const [a, b] = await Promise.all([poll.cycle(), second.security.poll?.cycle()]);
      expect((a?.opened ?? 0) + (b?.opened ?? 0)).toBe(6);
      await until('every card posted', () => posts(h, 'C0ALERTS').length === 3 + 6);
      expect(posts(h, 'C0GLOBEX')).toHaveLength(1);
      const ids = posts(h, 'C0ALERTS').map(
        (p) =>
          (
            JSON.parse((p.body as { metadata: string }).metadata) as {
              event_payload: { post_id: string };
            }
          ).event_payload.post_id,
      );
      expect(new Set(ids).size).toBe(ids.length);
    } finally {
      await second.stop();
      await h.stop();
      await wazuh.stop();
    }
  });
});
