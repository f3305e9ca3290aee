/**
 * The alert poller at MSP scale. `npm run bench:poll`.
 *  1. Polls over 50,000 endpoints in 500 organizations: the first (everything new) and one of the
 *     unchanged fleet, with wall time, peak RSS, Action1 calls and store writes, next to the
 *     floor (fetching and parsing the same pages twice, nothing else); each side in its own
 *     process with the simulator in a third; on SQLite, and on Redis for the snapshots' memory.
 *  2. A storm: 5,000 devices going offline across 50 customers, each with its own Slack
 *     channel: messages per channel, time until everything is delivered, lost and doubled.
 */
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import {
  action1Token,
  child,
  dropRedisPrefix,
  fetchAllPages,
  header,
  row,
  sampleSince,
  startClock,
  profiled,
  type Sample,
} from './lib';
import { tmpdir } from 'node:os';
import { Action1Sim } from '../sim/action1/action1-sim';
import { SlackApiSim } from '../sim/slack-api';
import { Action1Client } from '../src/integrations/action1/action1-client';
import { Action1Fleet } from '../src/integrations/action1/action1-fleet';
import { AlertPoller } from '../src/alerts/alert-poller';
import { AlertDelivery } from '../src/alerts/alert-delivery';
import { Subscriptions } from '../src/core/subscriptions';
import { SqliteStore } from '../src/store/sqlite-store';
import { createLogger } from '../src/app/logger';
import { FleetSnapshots } from '../src/core/fleet-snapshot';
import { RedisStore } from '../src/store/redis-store';
import { countingStore } from '../test/helpers/counting-store';
import { slackPoster } from '../test/helpers/slack-poster';
import { REDIS_URL } from '../test/helpers/redis';

const ORGS = Number(process.env.BENCH_ORGS ?? 500);
const PER_ORG = Number(process.env.BENCH_PER_ORG ?? 100);
/** Organizations read at once, by the poll (its default) and by the floor alike. */
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const CREDS = { clientId: 'api-bench@action1.example', clientSecret: 'bench-secret' };
const policy = { offlineAlertMinutes: 60, offlineRetryHours: 72, criticalPatchWithinHours: 24 };
const orgs = (n: number, per: number) =>
  Array.from({ length: n }, (_, i) => ({
    id: `org-${i}`,
    name: `Customer ${i}`,
    prefix: `C${i}`,
    endpoints: per,
  }));
const store = () =>
  new SqliteStore(join(mkdtempSync(join(tmpdir(), 'bench-poll-')), 'store.sqlite'));
const log = createLogger('silent');

async function serveSim(): Promise<void> {
  const sim = new Action1Sim({ ...CREDS, orgs: orgs(ORGS, PER_ORG) });
  await sim.start();
  process.stdout.write(`${JSON.stringify({ baseUrl: sim.baseUrl })}\n`);
}

/**
 * Fetch and parse every organization's pages, nothing else, as many organizations at once as
 * the poll reads (alerts.pollConcurrency, 4); twice, as the poll is measured twice.
 */
async function floor(baseUrl: string): Promise<PollRun> {
  const token = await action1Token(baseUrl, CREDS);
  const once = async () => {
    const started = startClock();
    let calls = 0;
    let bytes = 0;
    let next = 0;
    const worker = async () => {
      while (next < ORGS) {
        const got = await fetchAllPages(
          `${baseUrl}/endpoints/managed/org-${next++}?fields=*&from=0&limit=100`,
          token,
        );
        calls += got.calls;
        bytes += got.bytes;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    return { ...sampleSince(started, calls), bytes };
  };
  const first = await profiled('floor-first', once);
  return { first, second: await profiled('floor-second', once), writes: 0, bytes: first.bytes };
}

interface PollRun {
  first: Sample;
  second: Sample;
  /** Store writes (calls) the second poll of the unchanged fleet made. */
  writes: number;
  /** The fleet's raw JSON as Action1 sent it (floor), or Redis memory for the snapshots (ours). */
  bytes: number;
}

/**
 * The poll as the bot runs it: Action1 client with zod checks, the alert rules, the alert pages
 * and the fleet snapshots in the store (SQLite, or Redis with `redis`), twice: the second poll
 * finds the fleet unchanged.
 */
async function ours(baseUrl: string, kind: string): Promise<PollRun> {
  const client = new Action1Client({ baseUrl, ...CREDS, pageSize: 100 });
  const prefix = `bench-poll-${Date.now()}:`;
  const redis = kind === 'redis' ? await RedisStore.connect(REDIS_URL, prefix) : undefined;
  const used = async () => Number(/used_memory:(\d+)/.exec(await redisInfo())?.[1] ?? 0);
  const memoryBefore = redis ? await used() : 0;
  const db = countingStore(redis ?? store());
  const poller = new AlertPoller({
    customers: orgs(ORGS, PER_ORG).map((o) => ({
      id: o.id,
      name: o.name,
      fleetId: o.id,
      timezone: 'UTC',
    })),
    fleet: new Action1Fleet(client),
    store: db,
    snapshots: new FleetSnapshots(db),
    concurrency: CONCURRENCY,
    policy,
    stormThreshold: 5,
    log,
  });
  const poll = async (name: string) => {
    const started = startClock();
    const calls = client.http.calls;
    const report = await profiled(`poll-${kind}-${name}`, () => poller.cycle());
    if (report.customers !== ORGS) throw new Error(`polled ${report.customers} customers`);
    return sampleSince(started, client.http.calls - calls);
  };
  const first = await poll('first');
  // The first poll opens every alert; the second escalates those offline past 72 h. From the
  // third on the fleet and its alerts are unchanged: that is the poll measured as "second".
  await poller.cycle();
  const writesBefore = db.writes.calls;
  const second = await poll('unchanged');
  const writes = db.writes.calls - writesBefore;
  const bytes = redis ? (await used()) - memoryBefore : 0;
  await db.close();
  if (redis) await dropRedisPrefix(prefix);
  return { first, second, writes, bytes };
}

/** Redis's own account of its memory (INFO memory), through a short connection of its own. */
async function redisInfo(): Promise<string> {
  const { createClient } = await import('redis');
  const c = createClient({ url: REDIS_URL });
  await c.connect();
  const info = await c.info('memory');
  await c.close();
  return info;
}

/** 5,000 devices go offline at once across 50 customers, each with a channel of its own. */
async function storm(): Promise<string[]> {
  const customers = orgs(50, 100);
  const action1 = new Action1Sim({ ...CREDS, orgs: customers });
  const slack = new SlackApiSim('xoxb-bench');
  await Promise.all([action1.start(), slack.start()]);
  const lastHour = new Date(Date.now() - 2 * 3_600_000);
  for (const e of action1.fleet.endpoints)
    Object.assign(e, { online: false, lastSeen: lastHour, missing: [] });
  const db = store();
  const subscriptions = new Subscriptions(db);
  for (const c of customers)
    await subscriptions.subscribe({
      customer: c.id,
      place: { channel: 'slack', conversationId: `C-${c.id}`, kind: 'channel' },
      topics: ['alerts'],
      by: 'bench',
      at: new Date().toISOString(),
    });
  const poster = slackPoster(slack, 'xoxb-bench', db);
  const delivery = new AlertDelivery({
    customers: customers.map((c) => ({ id: c.id, name: c.name, timezone: 'UTC' })),
    store: db,
    poster,
    log,
  });
  const poller = new AlertPoller({
    customers: customers.map((o) => ({ id: o.id, name: o.name, fleetId: o.id, timezone: 'UTC' })),
    fleet: new Action1Fleet(new Action1Client({ baseUrl: action1.baseUrl, ...CREDS })),
    store: db,
    policy,
    stormThreshold: 5,
    delivered: () => delivery.kick(),
    log,
  });
  const started = performance.now();
  const report = await poller.cycle();
  await delivery.kick();
  const ms = performance.now() - started;
  const perChannel = new Map<string, number>();
  for (const p of slack.posted) perChannel.set(p.channel, (perChannel.get(p.channel) ?? 0) + 1);
  const ids = slack.posted.map(
    (p) => (p.metadata as { event_payload?: { post_id?: string } })?.event_payload?.post_id,
  );
  const counts = [...perChannel.values()];
  await Promise.all([action1.stop(), slack.stop()]);
  return [
    `storm: ${report.opened} devices offline across ${customers.length} customers/channels`,
    `  messages per channel: min ${Math.min(...counts)}, max ${Math.max(...counts)} (one digest each instead of ${PER_ORG} cards)`,
    `  channels reached: ${perChannel.size} of ${customers.length}; time from poll to all delivered: ${ms.toFixed(0)} ms`,
    `  lost: ${customers.length - perChannel.size}; doubled: ${ids.length - new Set(ids).size}`,
  ];
}

/** The faster of each figure over runs of one side; the highest peak memory. */
function fastest(runs: PollRun[]): PollRun {
  const best = (pick: (r: PollRun) => Sample) =>
    runs.map(pick).reduce((a, b) => (a.ms <= b.ms ? a : b));
  const peak = Math.max(...runs.map((r) => r.second.rssMb));
  return {
    ...(runs[0] as PollRun),
    first: best((r) => r.first),
    second: { ...best((r) => r.second), rssMb: peak },
    writes: Math.max(...runs.map((r) => r.writes)),
  };
}

async function main(): Promise<void> {
  const { baseUrl } = JSON.parse(await child(__filename, ['sim'])) as { baseUrl: string };
  // The simulator answers faster once warm (its JIT): warm it first. Each side then runs twice,
  // spread over the run (floor, ours, Redis, floor, ours), and each figure is the side's faster
  // run: neither side is flattered by a cold simulator or by a noisy moment on the machine.
  await child(__filename, ['floor', baseUrl]);
  const run = async (...args: string[]) =>
    JSON.parse(
      await child(__filename, [...args.slice(0, 1), baseUrl, ...args.slice(1)]),
    ) as PollRun;
  const floors = [await run('floor')];
  const oursRuns = [await run('ours')];
  const onRedis = await run('ours', 'redis');
  floors.push(await run('floor'));
  oursRuns.push(await run('ours'));
  const floorRun = fastest(floors);
  const oursRun = fastest(oursRuns);
  console.log(
    `alert poll: ${ORGS * PER_ORG} endpoints in ${ORGS} organizations, each side in a fresh process`,
  );
  console.log(header());
  console.log(row('ours, first poll (SQLite)', oursRun.first));
  console.log(row('floor: fetch + JSON.parse, first time', floorRun.first));
  console.log(row('ours, poll of the unchanged fleet (SQLite)', oursRun.second));
  console.log(row('floor: fetch + JSON.parse, second time', floorRun.second));
  console.log(row('ours, first poll (Redis)', onRedis.first));
  console.log(row('ours, poll of the unchanged fleet (Redis)', onRedis.second));
  const x = (a: Sample, b: Sample) => (a.ms / b.ms).toFixed(2);
  console.log(
    `first poll vs floor: ${x(oursRun.first, floorRun.first)}x (goal <= 1.25x); unchanged fleet vs floor: ${x(oursRun.second, floorRun.second)}x (goal <= 1.1x), store writes ${oursRun.writes} (SQLite), ${onRedis.writes} (Redis): the poll's one mark`,
  );
  console.log(
    `peak RSS ${Math.max(oursRun.second.rssMb, onRedis.second.rssMb).toFixed(0)} MB (goal <= 300); snapshots in Redis: ${(onRedis.bytes / 1048576).toFixed(1)} MB (alerts included) for a fleet whose raw JSON is ${(floorRun.bytes / 1048576).toFixed(1)} MB`,
  );
  for (const line of await storm()) console.log(line);
  process.exit(0);
}

async function measure(
  mode: string | undefined,
  url: string | undefined,
  kind: string | undefined,
) {
  if (mode === 'sim') return serveSim();
  if (mode === 'floor' && url) return console.log(JSON.stringify(await floor(url)));
  if (mode === 'ours' && url) return console.log(JSON.stringify(await ours(url, kind ?? 'sqlite')));
  return main();
}

measure(process.argv[2], process.argv[3], process.argv[4]).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
