/**
 * Load: signed Slack slash commands and Teams activities at 50 concurrent connections for 30 s
 * (BENCH_SECONDS, BENCH_CONNECTIONS), with Action1 answering every call in 1.5 s. Time to ack,
 * p50 and p99, errors and timeouts, next to the floor: a bare Bolt app that only acks, in the
 * same run. Simulators, our bot and the bare app each run in their own process; this one runs
 * autocannon (the load generator). `npm run bench:load`.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import { App } from '@slack/bolt';
import { SlackApiSim } from '../sim/slack-api';
import { BotConnectorSim } from '../sim/bot-connector';
import { Action1Sim } from '../sim/action1/action1-sim';
import { BOT_TOKEN, IDS, SIGNING_SECRET } from '../test/helpers/harness';
import { startBenchBot } from './lib';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ACTION1_DELAY_MS = 1500;

type Urls = { slack: string; connector: string; action1: string };

/** Child sides: `sims` serves the outside world; `ours` and `bare` serve the bot or the floor. */
async function serve(kind: string, urls?: Urls): Promise<void> {
  if (kind === 'sims') {
    const slack = new SlackApiSim(BOT_TOKEN);
    const connector = new BotConnectorSim();
    const action1 = new Action1Sim({ clientId: 'bench', clientSecret: 'bench' });
    await Promise.all([slack.start(), connector.start(), action1.start()]);
    action1.server.misbehave.delayMs = ACTION1_DELAY_MS;
    // Keep memory flat over a long run: nothing here needs the recordings.
    setInterval(() => {
      for (const s of [slack, connector, action1]) s.server.requests.length = 0;
      slack.posted.length = 0;
    }, 1000).unref();
    const out: Urls = { slack: slack.apiUrl, connector: connector.url, action1: action1.baseUrl };
    process.stdout.write(`${JSON.stringify(out)}\n`);
    return;
  }
  if (!urls) throw new Error('no simulator urls');
  let port: number;
  if (kind === 'ours') {
    port = await startBenchBot({
      ACTION1_BASE_URL: urls.action1,
      SLACK_API_URL: urls.slack,
      SHUTDOWN_GRACE_MS: '0',
      // BENCH_STORE=sqlite measures the embedded store instead of Redis.
      ...(process.env.BENCH_STORE === 'sqlite'
        ? {}
        : { REDIS_URL: 'redis://127.0.0.1:6379', REDIS_KEY_PREFIX: `bench-load-${randomUUID()}:` }),
    });
  } else {
    const app = new App({
      token: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      clientOptions: { slackApiUrl: urls.slack },
    });
    app.command('/msp', async ({ ack }) => {
      await ack();
    });
    port = 30_000 + Math.floor(Math.random() * 20_000);
    await app.start(port);
  }
  process.stdout.write(`${JSON.stringify({ port })}\n`);
  process.once('SIGTERM', () => process.exit(0)); // lets --cpu-prof write its profile
}

function child<T>(args: string[]): Promise<{ out: T; proc: ChildProcess }> {
  const profile =
    process.env.BENCH_PROFILE && args[0] === 'ours'
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
      : [];
  const proc = spawn(
    process.execPath,
    [...profile, '--import', 'tsx', __filename, 'serve', ...args],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    proc.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code}`)));
    proc.stdout?.once('data', (d: Buffer) => resolve({ out: JSON.parse(d.toString()) as T, proc }));
  });
}

/** A freshly signed `/msp patch-status acme` (a new trigger id each time: no redelivery). */
function slackRequest(responseBase: string) {
  const id = randomUUID();
  const body = new URLSearchParams({
    command: '/msp',
    text: 'patch-status acme',
    user_id: IDS.slackTech,
    team_id: 'T0SIMTEAM',
    channel_id: 'C0GENERAL',
    response_url: `${responseBase}response/${id}`,
    trigger_id: `load-${id}`,
  }).toString();
  const ts = Math.floor(Date.now() / 1000);
  const sig = createHmac('sha256', SIGNING_SECRET).update(`v0:${ts}:${body}`).digest('hex');
  return {
    method: 'POST' as const,
    path: '/slack/events',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': `v0=${sig}`,
    },
    body,
  };
}

function teamsRequest(serviceUrl: string): ReturnType<typeof slackRequest> {
  const id = randomUUID();
  return {
    method: 'POST' as const,
    path: '/api/messages',
    headers: {
      'content-type': 'application/json',
      'x-slack-request-timestamp': '',
      'x-slack-signature': '',
    },
    body: JSON.stringify({
      type: 'message',
      id,
      timestamp: new Date().toISOString(),
      serviceUrl,
      channelId: 'msteams',
      from: { id: `29:${IDS.tech}`, name: 'Dana', aadObjectId: IDS.tech },
      conversation: {
        id: `a:personal-${IDS.tech}`,
        conversationType: 'personal',
        tenantId: 'tenant-msp',
      },
      recipient: { id: '28:bot', name: 'MSP Bot' },
      channelData: { tenant: { id: 'tenant-msp' } },
      text: 'patch-status acme',
    }),
  };
}

async function load(url: string, make: () => ReturnType<typeof slackRequest>) {
  const r = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    timeout: 3, // Slack gives up after 3 s: anything slower is a timeout here too
    requests: [{ setupRequest: (req) => ({ ...req, ...make() }) }],
  });
  return {
    requests: r.requests.total,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
  };
}

async function main(): Promise<void> {
  const sims = await child<Urls>(['sims']);
  const ours = await child<{ port: number }>(['ours', JSON.stringify(sims.out)]);
  const bare = await child<{ port: number }>(['bare', JSON.stringify(sims.out)]);
  const base = (p: { port: number }) => `http://127.0.0.1:${p.port}`;
  const responseBase = sims.out.slack.replace(/api\/$/, '');
  const floor = await load(base(bare.out), () => slackRequest(responseBase));
  // Slack first: its backlog is bounded (past 5,000 waiting a command is told "busy"); Teams
  // messages are all kept, so a Teams flood leaves work behind that would weigh on what follows.
  const slack = await load(base(ours.out), () => slackRequest(responseBase));
  const teams = await load(base(ours.out), () => teamsRequest(sims.out.connector));
  for (const p of [sims.proc, ours.proc, bare.proc]) {
    p.removeAllListeners('exit');
    p.kill('SIGTERM');
  }
  console.log(
    `${CONNECTIONS} connections, ${SECONDS} s each, Action1 answering in ${ACTION1_DELAY_MS} ms; time to ack in ms`,
  );
  const head = ['requests', 'p50', 'p99', 'max', 'errors', 'timeouts', 'non-2xx'];
  console.log(`${'side'.padEnd(46)}${head.map((h) => h.padStart(9)).join('')}`);
  for (const [name, r] of [
    ['floor: bare Bolt app that only acks (Slack)', floor],
    ['ours: /msp patch-status acme (Slack)', slack],
    ['ours: patch-status acme (Teams activity)', teams],
  ] as const)
    console.log(
      `${name.padEnd(46)}${[r.requests, r.p50, r.p99, r.max, r.errors, r.timeouts, r.non2xx].map((v) => String(v).padStart(9)).join('')}`,
    );
  const ratio = slack.p99 / Math.max(floor.p99, 1);
  const met =
    ratio <= 1.5 && slack.timeouts + teams.timeouts === 0 && Math.max(slack.p99, teams.p99) < 1000;
  console.log(
    `Slack p99 ${ratio.toFixed(2)}x the floor (goal <= 1.5x), 0 timeouts, far from 3 s: ${met ? 'MET' : 'NOT MET'}`,
  );
  process.exit(0);
}

const [, , mode, kind, urls] = process.argv;
(mode === 'serve' && kind
  ? serve(kind, urls ? (JSON.parse(urls) as Urls) : undefined)
  : main()
).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
