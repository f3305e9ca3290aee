/**
 * Answers at the speed of a read. `npm run bench:answer`.
 *
 * 50 connections (BENCH_CONNECTIONS), each a technician who asks and waits for the answer before
 * asking again: signed Slack `/msp patch-status <customer>` (half of them) and Teams messages
 * (the other half, each in a personal chat of its own among 1,000), over 20 customers, for 30 s
 * (BENCH_SECONDS), with Action1 answering every call in 1.5 s. Timed from sending the request to
 * the answer arriving at Slack's response_url or the Bot Connector. Twice, each with a fresh
 * bot: with fleet snapshots (after the poll at start) and with snapshots off
 * (capacity.snapshotMaxAgeMinutes: 0, every answer reads Action1: how it was before), which is
 * the comparison. Action1 in its own process, our bot in another (Redis store), the load and the
 * Slack and Teams simulators in this one.
 */
import { randomUUID } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { Action1Sim } from '../sim/action1/action1-sim';
import { BOT_TOKEN, IDS } from '../test/helpers/harness';
import { dropRedisPrefix, percentile, startBenchBot } from './lib';
import {
  arrivals,
  slackAsk,
  teamsAsk,
  TimedConnector,
  TimedSlack,
  watched,
  type Ask,
} from './answer-asks';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const CUSTOMERS = 20;
const PER_ORG = 100;
const ACTION1_DELAY_MS = 1500;
const CREDS = { clientId: 'api-bench@action1.example', clientSecret: 'bench' };
/** The figure bench:load measured before snapshots: commands finished per second, flooded. */
const BEFORE_PER_SECOND = 43;

const orgs = Array.from({ length: CUSTOMERS }, (_, i) => ({
  id: `org-${i}`,
  name: `Customer ${i}`,
  prefix: `C${i}`,
  endpoints: PER_ORG,
}));

function configYaml(snapshots: boolean): string {
  const customers = orgs
    .map((o, i) => `  - id: c${i}\n    name: ${o.name}\n    action1: { orgId: ${o.id} }`)
    .join('\n');
  return `msp: { name: Bench MSP }
roles:
  msp-admin: ['${IDS.admin}']
  tech: ['${IDS.tech}']
slackUsers:
  ${IDS.slackTech}: '${IDS.tech}'
customers:
${customers}
alerts: { pollOnStart: true }
capacity: { snapshotMaxAgeMinutes: ${snapshots ? 5 : 0} }
`;
}

/** Child processes: Action1 (`action1`), or our bot (`ours <urls> <snapshots>`). */
async function serve(kind: string, args: string[]): Promise<void> {
  if (kind === 'action1') {
    const action1 = new Action1Sim({ ...CREDS, orgs });
    await action1.start();
    action1.server.misbehave.delayMs = ACTION1_DELAY_MS;
    let listings = 0;
    // Count the organizations' device listings, and keep memory flat.
    setInterval(() => {
      listings += action1.server.requests.filter((r) =>
        /\/endpoints\/managed\/org-\d+\?/.test(r.path),
      ).length;
      action1.server.requests.length = 0;
    }, 200).unref();
    process.on('message', () => process.send?.({ listings }));
    process.stdout.write(`${JSON.stringify({ url: action1.baseUrl })}\n`);
    return;
  }
  const [action1, slackApi, snapshots, prefix] = args as [string, string, string, string];
  const port = await startBenchBot(
    {
      ACTION1_BASE_URL: action1,
      SLACK_API_URL: slackApi,
      SHUTDOWN_GRACE_MS: '0',
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_KEY_PREFIX: prefix,
    },
    configYaml(snapshots === 'on'),
  );
  process.stdout.write(`${JSON.stringify({ port })}\n`);
}

function child<T>(args: string[]): Promise<{ out: T; proc: ChildProcess }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', __filename, 'serve', ...args], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    proc.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code}`)));
    proc.stdout?.once('data', (d: Buffer) => resolve({ out: JSON.parse(d.toString()) as T, proc }));
  });
}

interface Run {
  slack: number[];
  teams: number[];
  lost: number;
  busy: number;
  seconds: number;
  listings: number;
}

async function listingsSoFar(action1: ChildProcess): Promise<number> {
  await new Promise((r) => setTimeout(r, 300));
  return new Promise((resolve) => {
    action1.once('message', (m) => resolve((m as { listings: number }).listings));
    action1.send('count');
  });
}

/** One technician: ask, wait for the answer (10 s at most), ask again, until the time is up. */
async function technician(
  n: number,
  bot: string,
  make: (customer: string) => Ask,
  until: number,
  run: Run,
  door: 'slack' | 'teams',
): Promise<void> {
  let i = n;
  while (Date.now() < until) {
    const ask = make(`c${i++ % CUSTOMERS}`);
    const answer = new Promise<number | undefined>((resolve) => {
      const timer = setTimeout(() => {
        arrivals.delete(ask.id);
        resolve(undefined);
      }, 10_000);
      arrivals.set(ask.id, (at) => {
        clearTimeout(timer);
        resolve(at);
      });
    });
    const sent = Date.now();
    const res = await fetch(`${bot}${ask.path}`, {
      method: 'POST',
      headers: ask.headers,
      body: ask.body,
    });
    const text = await res.text();
    if (res.status === 503 || text.includes('at capacity')) {
      arrivals.delete(ask.id);
      run.busy++;
      continue;
    }
    const at = await answer;
    if (at === undefined) run.lost++;
    else run[door].push(at - sent);
  }
}

async function measure(
  snapshots: boolean,
  urls: { action1: string; slackApi: string; responseBase: string; connector: string },
  action1: ChildProcess,
): Promise<Run> {
  const prefix = `bench-answer-${randomUUID()}:`;
  const ours = await child<{ port: number }>([
    'ours',
    urls.action1,
    urls.slackApi,
    snapshots ? 'on' : 'off',
    prefix,
  ]);
  const bot = `http://127.0.0.1:${ours.out.port}`;
  const run: Run = { slack: [], teams: [], lost: 0, busy: 0, seconds: 0, listings: 0 };
  try {
    // Warm up (module loading, JIT), and with snapshots wait until the poll at start has read
    // every customer: then every answer says "from the last poll".
    const warm: Run = { ...run, slack: [], teams: [] };
    for (let c = 0; c < CUSTOMERS; c++)
      while (!(await answeredFromSnapshot(bot, urls.responseBase, c)) && snapshots)
        await new Promise((r) => setTimeout(r, 500));
    await technician(
      0,
      bot,
      (c) => slackAsk(urls.responseBase, c),
      Date.now() + 2000,
      warm,
      'slack',
    );
    const before = await listingsSoFar(action1);
    const started = Date.now();
    const until = started + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, (_, n) =>
        n % 2 === 0
          ? technician(n, bot, (c) => slackAsk(urls.responseBase, c), until, run, 'slack')
          : technician(
              n,
              bot,
              // Each question in one of 1,000 personal chats: Teams' limits are per chat.
              (c) => teamsAsk(urls.connector, c, Math.floor(Math.random() * 1000)),
              until,
              run,
              'teams',
            ),
      ),
    );
    run.seconds = (Date.now() - started) / 1000;
    run.listings = (await listingsSoFar(action1)) - before;
  } finally {
    ours.proc.removeAllListeners('exit');
    ours.proc.kill('SIGTERM');
    await dropRedisPrefix(prefix);
  }
  return run;
}

/** Asks about one customer and says whether the answer came from the snapshot. */
async function answeredFromSnapshot(
  bot: string,
  responseBase: string,
  customer: number,
): Promise<boolean> {
  const ask = slackAsk(responseBase, `c${customer}`);
  watched.set(ask.id, '');
  const got = new Promise<void>((resolve) => arrivals.set(ask.id, () => resolve()));
  await fetch(`${bot}${ask.path}`, { method: 'POST', headers: ask.headers, body: ask.body });
  await got;
  const text = watched.get(ask.id) ?? '';
  watched.delete(ask.id);
  return text.includes('from the last poll');
}

async function main(): Promise<void> {
  const action1 = await child<{ url: string }>(['action1']);
  const slack = new TimedSlack(BOT_TOKEN);
  const connector = new TimedConnector();
  await Promise.all([slack.start(), connector.start()]);
  // Keep the simulators' memory flat: the answers are caught as they arrive.
  const sweep = setInterval(() => {
    slack.server.requests.length = 0;
    connector.server.requests.length = 0;
  }, 50);
  const urls = {
    action1: action1.out.url,
    slackApi: slack.apiUrl,
    responseBase: slack.url,
    connector: connector.url,
  };
  const withSnapshots = await measure(true, urls, action1.proc);
  const live = await measure(false, urls, action1.proc);
  clearInterval(sweep);
  action1.proc.removeAllListeners('exit');
  action1.proc.kill('SIGTERM');

  console.log(
    `${CONNECTIONS} technicians (half Slack, half Teams), ${CUSTOMERS} customers of ${PER_ORG} devices, ${SECONDS} s, Action1 answering in ${ACTION1_DELAY_MS} ms; request to answer in ms`,
  );
  const head = ['answered', 'per s', 'p50', 'p99', 'max', 'lost', 'busy', 'Action1'];
  console.log(`${'side'.padEnd(36)}${head.map((h) => h.padStart(9)).join('')}`);
  const line = (name: string, r: Run, door?: 'slack' | 'teams') => {
    const v = door ? r[door] : [...r.slack, ...r.teams];
    const cells = [
      v.length,
      (v.length / r.seconds).toFixed(0),
      percentile(v, 50),
      percentile(v, 99),
      Math.max(...v),
      door ? '' : r.lost,
      door ? '' : r.busy,
      door ? '' : r.listings,
    ];
    console.log(`${name.padEnd(36)}${cells.map((c) => String(c).padStart(9)).join('')}`);
  };
  line('snapshots: all', withSnapshots);
  line('snapshots: Slack', withSnapshots, 'slack');
  line('snapshots: Teams', withSnapshots, 'teams');
  line('comparison, snapshots off: all', live);
  line('comparison, snapshots off: Slack', live, 'slack');
  line('comparison, snapshots off: Teams', live, 'teams');
  const all = [...withSnapshots.slack, ...withSnapshots.teams];
  const rate = all.length / withSnapshots.seconds;
  const liveRate = (live.slack.length + live.teams.length) / live.seconds;
  console.log(
    `p99 request to answer with snapshots: ${percentile(all, 99)} ms (goal <= 250); answered per second: ${rate.toFixed(0)} = ${(rate / BEFORE_PER_SECOND).toFixed(1)}x the ${BEFORE_PER_SECOND}/s measured before (goal >= 10x), ${(rate / liveRate).toFixed(1)}x this run without snapshots; Action1 listings during the run: ${withSnapshots.listings} (goal <= ${CUSTOMERS}, one per customer per snapshot period); lost answers: ${withSnapshots.lost + live.lost} (goal 0)`,
  );
  process.exit(0);
}

const [, , mode, kind, ...rest] = process.argv;
(mode === 'serve' && kind ? serve(kind, rest) : main()).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
