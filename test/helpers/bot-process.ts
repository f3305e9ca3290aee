import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Action1Sim } from '../../sim/action1/action1-sim';
import type { SlackApiSim } from '../../sim/slack-api';
import { alertsConfig } from './alerts';
import { BOT_TOKEN, freePort, LOCAL_TEST_ENV, SIGNING_SECRET, tempDir } from './harness';

const root = join(__dirname, '..', '..');

/** The bot as `npm start` runs it, in its own process, so it can be killed for real. */
export function startBotProcess(
  env: Record<string, string>,
  /** 'pipe' to read (or cut off) its stdout. */
  stdout: 'ignore' | 'pipe' = 'ignore',
): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join('src', 'main.ts')], {
    cwd: root,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', stdout, 'ignore'],
  });
}

export async function until(what: string, check: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Settings for a bot that polls at start and posts every alert to C0MSPOPS (or another config). */
export async function alertingBotEnv(
  slack: SlackApiSim,
  action1: Action1Sim,
  extra: Record<string, string> = {},
  yaml = alertsConfig({
    defaultChannel: true,
    alerts: 'pollOnStart: true, sendLeaseSeconds: 1',
  }),
): Promise<Record<string, string>> {
  const dir = tempDir();
  writeFileSync(join(dir, 'msp.config.yaml'), yaml);
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PORT: String(await freePort()),
    DATA_DIR: join(dir, 'data'),
    MSP_CONFIG: join(dir, 'msp.config.yaml'),
    ACTION1_BASE_URL: action1.baseUrl,
    ACTION1_CLIENT_ID: 'api-c@action1.example',
    ACTION1_CLIENT_SECRET: 's',
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    ENTRA_TENANT_ID: 'tenant-msp',
    ...LOCAL_TEST_ENV,
    ...extra,
  };
}

/** How many alerts the seeded fleet should raise: offline over an hour, or missing critical. */
export function expectedAlertCount(action1: Action1Sim): number {
  return ['acme-org', 'globex-org', 'initech-org'].reduce((n, org) => {
    const eps = action1.endpointsOf(org);
    const offline = eps.filter(
      (e) => !e.online && Date.now() - e.lastSeen.getTime() > 60 * 60_000,
    ).length;
    const critical = eps.filter((e) =>
      e.missing.some((i) => action1.fleet.updates[i]?.severity === 'Critical'),
    ).length;
    return n + offline + critical;
  }, 0);
}

export const postIdsIn = (slack: SlackApiSim, channel: string) =>
  slack.posted
    .filter((p) => p.channel === channel)
    .map(
      (p) =>
        (p.metadata as { event_payload?: { post_id?: string } } | undefined)?.event_payload
          ?.post_id,
    );
