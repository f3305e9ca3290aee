import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { Action1Sim } from '../../sim/action1/action1-sim';
import { SlackApiSim } from '../../sim/slack-api';
import { RedisStore } from '../../src/store/redis-store';
import { AuditTrail } from '../../src/core/audit';
import {
  AUDIT_KEY,
  BOT_TOKEN,
  IDS,
  postToSlack,
  slackClickBody,
  slashCommandBody,
  TEST_CONFIG,
} from '../helpers/harness';
import {
  alertingBotEnv,
  expectedAlertCount,
  postIdsIn,
  startBotProcess,
  until,
} from '../helpers/bot-process';
import { REDIS_URL } from '../helpers/redis';

/**
 * Three bot processes behind one (imaginary) load balancer, on one Redis: each schedule fires
 * once per period, each alert is posted once, the per-channel rate holds across them, and two
 * approvers answering on two instances at once give one decision.
 */
const withRedis = process.env.REDIS_AVAILABLE === '1' ? describe : describe.skip;

withRedis('three instances on one Redis', () => {
  const slack = new SlackApiSim(BOT_TOKEN);
  const action1 = new Action1Sim({
    clientId: 'api-c@action1.example',
    clientSecret: 's',
    orgs: [
      { id: 'acme-org', name: 'Acme Corp', prefix: 'ACME', endpoints: 12 },
      { id: 'globex-org', name: 'Globex Ltd', prefix: 'GLOBEX', endpoints: 8 },
      { id: 'initech-org', name: 'Initech', prefix: 'INITECH', endpoints: 8 },
    ],
  });
  const prefix = `msp-test-${randomBytes(4).toString('hex')}:`;
  const ports: number[] = [];
  const bots: ChildProcess[] = [];

  beforeAll(async () => {
    await Promise.all([slack.start(), action1.start()]);
    const yaml =
      TEST_CONFIG.replace(
        'msp: { name: Test MSP }',
        'msp: { name: Test MSP, defaultChannel: { channel: slack, id: C0MSPOPS } }',
      )
        .replace(
          `approvers: ['${IDS.acmeApprover}']`,
          `approvers: ['${IDS.acmeApprover}', 'oid-second-approver']`,
        )
        .replace(
          '\ncustomers:',
          `\n  U0APPROVE1: '${IDS.acmeApprover}'\n  U0APPROVE2: 'oid-second-approver'\ncustomers:`,
        ) +
      'alerts: { pollMinutes: 1, stormThreshold: 1000, perChannelPerSecond: 1, pollOnStart: true }\n';
    for (let i = 0; i < 3; i++) {
      const env = await alertingBotEnv(
        slack,
        action1,
        { REDIS_URL, REDIS_KEY_PREFIX: prefix },
        yaml,
      );
      ports.push(Number(env.PORT));
      bots.push(startBotProcess(env));
    }
    for (const port of ports) {
      for (let t = 0; t < 200; t++) {
        const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) break;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }, 60_000);

  afterAll(async () => {
    for (const b of bots) b.kill('SIGKILL');
    await Promise.all([slack.stop(), action1.stop()]);
  });

  test('every alert is posted once, and no channel gets more than one post a second', async () => {
    const expected = expectedAlertCount(action1);
    await until('every alert', () => postIdsIn(slack, 'C0MSPOPS').length >= expected, 90_000);
    await new Promise((r) => setTimeout(r, 1500));
    const ids = postIdsIn(slack, 'C0MSPOPS');
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(expected);
    // The per-channel limit (1 a second) is shared through Redis: three instances posting on
    // their own would reach about three a second. A post claimed at the end of one second can
    // land just after the next ones (more so on a busy machine), so a single second may show a
    // few; the rate over the whole run can't exceed the limit.
    const times = slack.calls('chat.postMessage').map((r) => r.at);
    const perSecond = new Map<number, number>();
    for (const at of times)
      perSecond.set(Math.floor(at / 1000), (perSecond.get(Math.floor(at / 1000)) ?? 0) + 1);
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(3);
    // N posts at one a second span at least N - 1 seconds between the first and last claim; the
    // landing times may each be off by a moment, so two seconds of slack. Three instances not
    // sharing the limit would fit N posts into about N / 3 seconds.
    const seconds = (Math.max(...times) - Math.min(...times)) / 1000;
    expect(seconds).toBeGreaterThanOrEqual(times.length - 1 - 2);
  }, 120_000);

  test('the poll schedule fires once per minute across the three', async () => {
    // Wait for the next minute boundary and a little more: three instances, one poll.
    const nextMinute = Math.ceil(Date.now() / 60_000) * 60_000;
    const firstPage = (since: number, until: number) =>
      action1.server.requests.filter(
        (r) =>
          r.at >= since &&
          r.at < until &&
          /\/endpoints\/managed\/acme-org\?/.test(r.path) &&
          /from=0/.test(r.path),
      ).length;
    await new Promise((r) => setTimeout(r, nextMinute - Date.now() + 20_000));
    expect(firstPage(nextMinute - 500, nextMinute + 20_000)).toBe(1);
  }, 90_000);

  test('two approvers answering on two instances at once: one decision', async () => {
    const ask = slashCommandBody(
      slack,
      `remote ${action1.endpointsOf('acme-org').find((e) => e.online)?.name} printer`,
      IDS.slackTech,
    );
    await postToSlack(`http://127.0.0.1:${ports[0]}`, { body: ask.body });
    const asked = JSON.stringify((await slack.waitForResponse(ask.id, 10_000)).body);
    const id = /\b(ra-[0-9a-f]{12})\b/.exec(asked)?.[1] ?? '';
    expect(id).not.toBe('');
    const deny = (user: string, port: number | undefined) => {
      const responseUrl = slack.responseUrl(`deny-${user}`);
      return postToSlack(`http://127.0.0.1:${port}`, {
        body: slackClickBody({
          actionId: 'access.deny:1:5',
          value: { id },
          responseUrl,
          user,
          channel: 'C0ACMEAPPR',
        }),
      }).then(async () =>
        JSON.stringify(
          (await slack.server.waitFor((r) => responseUrl.endsWith(r.path), 10_000)).body,
        ),
      );
    };
    const answers = await Promise.all([deny('U0APPROVE1', ports[1]), deny('U0APPROVE2', ports[2])]);
    expect(answers.filter((a) => a.includes('Denied by')).length).toBe(1);
    expect(answers.filter((a) => a.includes('already denied')).length).toBe(1);
    const store = await RedisStore.connect(REDIS_URL, prefix);
    try {
      const trail = new AuditTrail(store, AUDIT_KEY);
      const entries = await trail.read(1, 10_000);
      expect(
        entries.filter((e) => e.act === 'access:denied' && JSON.stringify(e.args).includes(id)),
      ).toHaveLength(1);
      expect(await trail.verify()).toEqual(expect.objectContaining({ ok: true }));
    } finally {
      await store.close();
    }
  }, 60_000);
});
