/**
 * Load: signed Slack slash commands and Teams activities at 50 concurrent connections for 30 s
 * (BENCH_SECONDS, BENCH_CONNECTIONS), with Action1 answering every call in 1.5 s. Time to ack,
 * p50 and p99, errors and timeouts, next to the floor: a bare Bolt app that only acks, in the
 * same run; first at a steady rate the work keeps up with (BENCH_RATE, 20/s; every command must
 * be answered), then as a flood. Simulators, our bot and the bare app each run in their own
 * process; this one runs autocannon (the load generator). `npm run bench:load`.
 * BENCH_STEADY_ONLY=1 stops after the steady rows; BENCH_PROFILE=<dir> writes a CPU profile of
 * our bot; BENCH_STORE=sqlite measures the embedded store instead of Redis.
 */
import { randomUUID } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { App } from '@slack/bolt';
import { SlackApiSim } from '../sim/slack-api';
import { BotConnectorSim } from '../sim/bot-connector';
import { Action1Sim } from '../sim/action1/action1-sim';
import { BOT_TOKEN, SIGNING_SECRET } from '../test/helpers/harness';
import { slackRequest, teamsRequest, type LoadRequest } from './load-requests';
import { dropRedisPrefix, startBenchBot } from './lib';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ACTION1_DELAY_MS = 1500;
const STEADY_RATE = Number(process.env.BENCH_RATE ?? 20);

type Urls = { slack: string; connector: string; action1: string };
/** Our bot's keys in Redis, dropped when the run is over. */
const LOAD_PREFIX = process.env.BENCH_PREFIX ?? `bench-load-${randomUUID()}:`;

/** Child sides: `sims` serves the outside world; `ours` and `bare` serve the bot or the floor. */
async function serve(kind: string, urls?: Urls): Promise<void> {
  if (kind === 'sims') {
    const slack = new SlackApiSim(BOT_TOKEN);
    const connector = new BotConnectorSim();
    const action1 = new Action1Sim({
      clientId: 'api-bench@action1.example',
      clientSecret: 'bench',
    });
    await Promise.all([slack.start(), connector.start(), action1.start()]);
    action1.server.misbehave.delayMs = ACTION1_DELAY_MS;
    // Which commands were answered: Slack's response_url ids, and the Teams activities replied to.
    const answered = { slack: new Set<string>(), teams: new Set<string>() };
    const note = () => {
      for (const r of slack.server.requests)
        if (r.path.startsWith('/response/')) answered.slack.add(r.path);
      for (const a of connector.activities)
        if (a.kind === 'send' && a.activityId) answered.teams.add(a.activityId);
    };
    process.on('message', () => {
      note();
      process.send?.({ slack: answered.slack.size, teams: answered.teams.size });
    });
    // Keep memory flat over a long run: only the answered ids are kept. And each second the next
    // two Slack answers fail (500) and the next two Teams sends are throttled (429): answers
    // must still all arrive.
    setInterval(() => {
      slack.failResponses = 2;
      connector.server.misbehave.failNext = { count: 2, status: 429, retryAfterSeconds: 1 };
      note();
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
        : { REDIS_URL: 'redis://127.0.0.1:6379', REDIS_KEY_PREFIX: LOAD_PREFIX }),
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
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  process.once('SIGTERM', () => {
    const ms = (n: number) => (n / 1e6).toFixed(1);
    process.stderr.write(
      `${kind}: event-loop delay p50 ${ms(loop.percentile(50))} p99 ${ms(loop.percentile(99))} max ${ms(loop.max)} ms\n`,
    );
    process.exit(0); // lets --cpu-prof write its profile
  });
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
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    },
  );
  return new Promise((resolve, reject) => {
    proc.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code}`)));
    proc.stdout?.once('data', (d: Buffer) => resolve({ out: JSON.parse(d.toString()) as T, proc }));
  });
}

/** Answers that say "at capacity, nothing done" (Slack: an ephemeral text; Teams: 503). */
const isBusy = (status: number, body: string) => status === 503 || body.includes('at capacity');

async function load(
  url: string,
  make: () => LoadRequest,
  /** Requests per second from all connections together; unset: as fast as they can. */
  rate?: number,
  seconds = SECONDS,
) {
  let busy = 0;
  let refused = 0; // busy answers sent as 503 (Teams), which autocannon counts as non-2xx
  const r = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    ...(rate ? { overallRate: rate } : {}),
    timeout: 3, // Slack gives up after 3 s: anything slower is a timeout here too
    requests: [
      {
        setupRequest: (req) => ({ ...req, ...make() }),
        onResponse: (status, body) => {
          if (!isBusy(status, body)) return;
          busy++;
          if (status === 503) refused++;
        },
      },
    ],
  });
  return {
    requests: r.requests.total,
    busy,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx - refused,
  };
}

type Result = Awaited<ReturnType<typeof load>>;

/** Distinct commands answered so far (asked of the simulators' process). */
function answered(sims: ChildProcess): Promise<{ slack: number; teams: number }> {
  return new Promise((resolve) => {
    sims.once('message', (m) => resolve(m as { slack: number; teams: number }));
    sims.send('answers');
  });
}

/** Waits (up to `ms`) for the answers to reach `want`; returns how many arrived. */
async function answersReach(
  sims: ChildProcess,
  side: 'slack' | 'teams',
  want: number,
  ms: number,
): Promise<number> {
  const until = Date.now() + ms;
  for (;;) {
    const got = (await answered(sims))[side];
    if (got >= want || Date.now() > until) return got;
    await new Promise((r) => setTimeout(r, 250));
  }
}

function table(title: string, rows: [string, Result, string?][]): void {
  console.log(`\n${title}`);
  const head = ['requests', 'busy', 'p50', 'p99', 'max', 'errors', 'timeouts', 'non-2xx'];
  console.log(`${'side'.padEnd(46)}${head.map((h) => h.padStart(9)).join('')}  answered`);
  for (const [name, r, answers] of rows)
    console.log(
      `${name.padEnd(46)}${[r.requests, r.busy, r.p50, r.p99, r.max, r.errors, r.timeouts, r.non2xx].map((v) => String(v).padStart(9)).join('')}  ${answers ?? ''}`,
    );
}

async function main(): Promise<void> {
  process.env.BENCH_PREFIX = LOAD_PREFIX; // the children inherit it: ours uses it
  const sims = await child<Urls>(['sims']);
  const ours = await child<{ port: number }>(['ours', JSON.stringify(sims.out)]);
  const bare = await child<{ port: number }>(['bare', JSON.stringify(sims.out)]);
  const base = (p: { port: number }) => `http://127.0.0.1:${p.port}`;
  const responseBase = sims.out.slack.replace(/api\/$/, '');
  const slackAt = (rate?: number, seconds?: number) =>
    load(base(ours.out), () => slackRequest(responseBase), rate, seconds);
  const teamsAt = (rate?: number, seconds?: number) =>
    load(base(ours.out), () => teamsRequest(sims.out.connector), rate, seconds);
  const floorAt = (rate?: number, seconds?: number) =>
    load(base(bare.out), () => slackRequest(responseBase), rate, seconds);
  const stopAll = () => {
    for (const p of [sims.proc, ours.proc, bare.proc]) {
      p.removeAllListeners('exit');
      p.kill('SIGTERM');
    }
  };
  // Warm both sides up first (module loading, JIT, Bolt's first auth.test): the figures are for a
  // running bot, not its first seconds.
  await floorAt(STEADY_RATE, 5);
  await slackAt(STEADY_RATE, 5);
  await teamsAt(STEADY_RATE, 5);
  const warmed = await answered(sims.proc);

  // Steady first (it must start with nothing waiting): a rate the work keeps up with, where
  // every command must be accepted and answered, though Slack and Teams refuse some answers at
  // first. Action1's 1.5 s bounds the work, not the ack.
  const steadyFloor = await floorAt(STEADY_RATE);
  const steadySlack = await slackAt(STEADY_RATE);
  const slackAnswered =
    (await answersReach(sims.proc, 'slack', warmed.slack + steadySlack.requests, 20_000)) -
    warmed.slack;
  const steadyTeams = await teamsAt(STEADY_RATE);
  const teamsAnswered =
    (await answersReach(sims.proc, 'teams', warmed.teams + steadyTeams.requests, 20_000)) -
    warmed.teams;
  if (process.env.BENCH_STEADY_ONLY) {
    stopAll();
    await dropRedisPrefix(LOAD_PREFIX);
    console.log({ steadyFloor, steadySlack, slackAnswered, steadyTeams, teamsAnswered });
    process.exit(0);
  }
  // Then a flood: each connection sends again as soon as it is answered. Past 5,000 waiting, a
  // command is answered "busy" at once on both doors; the backlog Slack's run leaves is still
  // draining during Teams' run.
  const floor = await floorAt();
  const slack = await slackAt();
  const teams = await teamsAt();
  stopAll();
  await dropRedisPrefix(LOAD_PREFIX);
  console.log(
    `${CONNECTIONS} connections, ${SECONDS} s each, Action1 answering in ${ACTION1_DELAY_MS} ms; time to ack in ms`,
  );
  table(
    `Steady: ${STEADY_RATE} requests/s; each second 2 Slack answers fail (500), 2 Teams sends get 429`,
    [
      ['floor: bare Bolt app that only acks (Slack)', steadyFloor],
      ['ours: /msp patch-status acme (Slack)', steadySlack, `${slackAnswered}`],
      ['ours: patch-status acme (Teams activity)', steadyTeams, `${teamsAnswered}`],
    ],
  );
  table('Flood: as fast as the connections go', [
    ['floor: bare Bolt app that only acks (Slack)', floor],
    ['ours: /msp patch-status acme (Slack)', slack],
    ['ours: patch-status acme (Teams activity)', teams],
  ]);
  const ratios = [
    ['steady Slack', steadySlack.p99 / Math.max(steadyFloor.p99, 1)],
    ['steady Teams', steadyTeams.p99 / Math.max(steadyFloor.p99, 1)],
    ['flood Slack', slack.p99 / Math.max(floor.p99, 1)],
    ['flood Teams', teams.p99 / Math.max(floor.p99, 1)],
  ] as const;
  const show = (rs: readonly (readonly [string, number])[]) =>
    rs.map(([n, r]) => `${n} ${r.toFixed(2)}x`).join(', ');
  const clean = (r: Result) => r.timeouts + r.errors + r.non2xx === 0 && r.p99 < 1000;
  // The goal is for the flood: 50 connections as fast as they go.
  const floodMet = ratios.slice(2).every(([, r]) => r <= 1.5) && clean(slack) && clean(teams);
  const steadyMet =
    clean(steadySlack) &&
    clean(steadyTeams) &&
    slackAnswered >= steadySlack.requests &&
    teamsAnswered >= steadyTeams.requests &&
    steadySlack.busy + steadyTeams.busy === 0;
  console.log(
    `\nflood p99 against the floor: ${show(ratios.slice(2))} (goal <= 1.5x), 0 errors and timeouts, far from 3 s: ${floodMet ? 'MET' : 'NOT MET'}`,
  );
  console.log(
    `steady: every command answered, 0 errors and timeouts: ${steadyMet ? 'yes' : 'NO'}; p99 against the floor ${show(ratios.slice(0, 2))} (the tail is ~1% of ${STEADY_RATE * SECONDS} requests: noisy)`,
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
