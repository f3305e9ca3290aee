import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Action1Sim } from '../../sim/action1/action1-sim';
import { SlackApiSim } from '../../sim/slack-api';
import { BOT_TOKEN, freePort, SIGNING_SECRET, tempDir, TEST_CONFIG } from '../helpers/harness';

const root = join(__dirname, '..', '..');

/** The bot as `npm start` runs it, in its own process, so it can be killed for real. */
function startBot(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join('src', 'main.ts')], {
    cwd: root,
    env: { PATH: process.env.PATH, ...env },
    stdio: 'ignore',
  });
}

const until = async (what: string, check: () => boolean, ms = 30_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

test('kill -9 during alert delivery, restart: every alert is posted exactly once', async () => {
  const slack = new SlackApiSim(BOT_TOKEN);
  const action1 = new Action1Sim({ clientId: 'c', clientSecret: 's' });
  await Promise.all([slack.start(), action1.start()]);
  // Slack answers each post slowly: the kill lands while posts are on their way.
  slack.postDelayMs = 150;
  const dir = tempDir();
  const yaml =
    TEST_CONFIG.replace(
      'msp: { name: Test MSP }',
      'msp: { name: Test MSP, defaultChannel: { channel: slack, id: C0MSPOPS } }',
    ) +
    'alerts: { pollOnStart: true, stormThreshold: 1000, perChannelPerSecond: 100, sendLeaseSeconds: 1 }\n';
  writeFileSync(join(dir, 'msp.config.yaml'), yaml);
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PORT: String(await freePort()),
    DATA_DIR: join(dir, 'data'),
    MSP_CONFIG: join(dir, 'msp.config.yaml'),
    ACTION1_BASE_URL: action1.baseUrl,
    ACTION1_CLIENT_ID: 'c',
    ACTION1_CLIENT_SECRET: 's',
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    ENTRA_TENANT_ID: 'tenant-msp',
  };
  const expected = ['acme-org', 'globex-org', 'initech-org'].reduce((n, org) => {
    const eps = action1.endpointsOf(org);
    const offline = eps.filter(
      (e) => !e.online && Date.now() - e.lastSeen.getTime() > 60 * 60_000,
    ).length;
    const critical = eps.filter((e) =>
      e.missing.some((i) => action1.fleet.updates[i]?.severity === 'Critical'),
    ).length;
    return n + offline + critical;
  }, 0);
  const postIds = () =>
    slack.posted
      .filter((p) => p.channel === 'C0MSPOPS')
      .map((p) => (p.metadata as { event_payload?: { post_id?: string } })?.event_payload?.post_id);

  const first = startBot(env);
  await until('the first posts', () => postIds().length >= 3);
  first.kill('SIGKILL');
  await new Promise((r) => first.once('exit', r));
  const beforeRestart = postIds().length;
  expect(beforeRestart).toBeLessThan(expected);

  const second = startBot(env);
  try {
    await until('every alert', () => postIds().length >= expected, 60_000);
    await new Promise((r) => setTimeout(r, 1500)); // anything doubled would show up by now
    const ids = postIds();
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length); // nothing twice
    expect(ids).toHaveLength(expected); // nothing lost
  } finally {
    second.kill('SIGKILL');
    await Promise.all([slack.stop(), action1.stop()]);
  }
}, 120_000);
