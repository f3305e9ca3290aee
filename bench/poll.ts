/**
 * The alert poller at MSP scale. `npm run bench:poll`.
 *  1. Polls over 50,000 endpoints in 500 organizations (and 10,000 Intune and FleetDM devices in
 *     100 of them): the first (everything new) and three of the unchanged fleet (the fastest
 *     kept), with wall and CPU time, peak RSS, calls and store writes, next to the floor
 *     (fetching and parsing the same pages, nothing else, as many times); each side in its own
 *     process with the simulators in a third; on SQLite, and on Redis for the snapshots' memory.
 *  2. A storm: 5,000 devices going offline across 50 customers, each with its own Slack
 *     channel: messages per channel, time until everything is delivered, lost and doubled.
 */
import { CREDS, freshStore, orgs, POLICY } from './poll-world';
import { deviceKeeper } from './poll-floor-writes';
import {
  action1Token,
  BOT_NODE_FLAGS,
  child,
  dropRedisPrefix,
  fetchAllPages,
  header,
  processCpuMs,
  row,
  sampleSince,
  startClock,
  profiled,
  type Sample,
} from './lib';
import { Action1Sim } from '../sim/action1/action1-sim';
import { Action1Client } from '../src/integrations/action1/action1-client';
import { Action1Fleet } from '../src/integrations/action1/action1-fleet';
import { MultiSourceFleet } from '../src/integrations/device-sources';
import { IntuneClient } from '../src/integrations/intune/intune-client';
import { FleetDmClient } from '../src/integrations/fleetdm/fleetdm-client';
import { storm } from './poll-storm';
import {
  FLEET_TOKEN,
  INTUNE_APP,
  OTHER_ORGS,
  OTHER_PER_SOURCE,
  otherSourcePages,
  otherSourceSims,
  type SimUrls,
} from './poll-sources';
import { AlertPoller } from '../src/alerts/alert-poller';
import { createLogger } from '../src/app/logger';
import { FleetSnapshots } from '../src/core/fleet-snapshot';
import { RedisStore } from '../src/store/redis-store';
import { countingStore } from '../test/helpers/counting-store';
import { REDIS_URL } from '../test/helpers/redis';

const ORGS = Number(process.env.BENCH_ORGS ?? 500);
const PER_ORG = Number(process.env.BENCH_PER_ORG ?? 100);
/** Organizations read at once, by the poll (its default) and by the floor alike. */
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const store = () => freshStore('poll');
/**
 * The unchanged poll is short and the machine noisy (single runs move by a third): each side's
 * process makes it this many times and keeps its fastest, the floor's second fetch alike.
 */
const UNCHANGED_POLLS = 3;

async function repeat<T>(n: number, work: () => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(await work());
  return out;
}

/** The fastest of several samples, with the highest peak memory among them. */
const fastestOf = (samples: Sample[]): Sample => ({
  ...samples.reduce((a, b) => (a.ms <= b.ms ? a : b)),
  rssMb: Math.max(...samples.map((s) => s.rssMb)),
});
const log = createLogger('silent');

async function serveSim(): Promise<void> {
  const sim = new Action1Sim({ ...CREDS, orgs: orgs(ORGS, PER_ORG) });
  const { intune, fleet } = otherSourceSims();
  await Promise.all([sim.start(), intune.start(), fleet.start()]);
  const urls: SimUrls = { baseUrl: sim.baseUrl, intuneUrl: intune.url, fleetUrl: fleet.url };
  // Its pid too: the benchmark reads how much CPU the simulators took.
  process.stdout.write(`${JSON.stringify({ ...urls, pid: process.pid })}\n`);
}

/**
 * Fetch and parse every organization's pages, nothing else, as many organizations at once as
 * the poll reads (alerts.pollConcurrency, 4); twice, as the poll is measured twice.
 */
async function floor(urls: SimUrls): Promise<PollRun> {
  const { baseUrl } = urls;
  const token = await action1Token(baseUrl, CREDS);
  const once = async (keeper?: ReturnType<typeof deviceKeeper>) => {
    const started = startClock();
    let calls = 0;
    let bytes = 0;
    let next = 0;
    const worker = async () => {
      while (next < ORGS) {
        const o = next++;
        const got = await fetchAllPages(
          `${baseUrl}/endpoints/managed/org-${o}?fields=*&from=0&limit=100`,
          token,
          keeper && ((items) => keeper.keep(`org-${o}`, items)),
        );
        calls += got.calls;
        bytes += got.bytes;
        if (o < OTHER_ORGS) {
          const other = await otherSourcePages(urls, o);
          calls += other.calls;
          bytes += other.bytes;
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    return { ...sampleSince(started, calls), bytes };
  };
  const first = await profiled('floor-first', () => once());
  const second = fastestOf(
    await repeat(UNCHANGED_POLLS, () => profiled('floor-second', () => once())),
  );
  const keeper = deviceKeeper();
  const withWrites = await once(keeper);
  keeper.close();
  return { first, second, withWrites, writes: 0, bytes: first.bytes };
}

interface PollRun {
  first: Sample;
  second: Sample;
  /** The floor only: fetch, parse and keep every Action1 device in SQLite (deviceKeeper). */
  withWrites?: Sample;
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
async function ours(urls: SimUrls, kind: string): Promise<PollRun> {
  const client = new Action1Client({ baseUrl: urls.baseUrl, ...CREDS, pageSize: 100 });
  const intune = new IntuneClient({
    loginUrl: urls.intuneUrl,
    graphUrl: `${urls.intuneUrl}/v1.0`,
    ...INTUNE_APP,
  });
  const fleetdm = new FleetDmClient({ url: urls.fleetUrl, apiToken: FLEET_TOKEN });
  const sources = new Map(
    Array.from({ length: OTHER_ORGS }, (_, o) => [
      `org-${o}`,
      { name: `Customer ${o}`, action1Org: `org-${o}`, intuneTenant: `tenant-${o}`, fleetTeam: o },
    ]),
  );
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
    fleet: new MultiSourceFleet(new Action1Fleet(client), sources, intune, fleetdm),
    store: db,
    snapshots: new FleetSnapshots(db),
    concurrency: CONCURRENCY,
    policy: POLICY,
    stormThreshold: 5,
    log,
  });
  const poll = async (name: string) => {
    const started = startClock();
    const callsNow = () => client.http.calls + intune.calls + fleetdm.http.calls;
    const calls = callsNow();
    const report = await profiled(`poll-${kind}-${name}`, () => poller.cycle());
    if (report.customers !== ORGS) throw new Error(`polled ${report.customers} customers`);
    return sampleSince(started, callsNow() - calls);
  };
  const first = await poll('first');
  // The first poll opens every alert; the second escalates those offline past 72 h. From the
  // third on the fleet and its alerts are unchanged: that is the poll measured as "second".
  await poller.cycle();
  const writesBefore = db.writes.calls;
  const second = fastestOf(await repeat(UNCHANGED_POLLS, () => poll('unchanged')));
  // Per poll: every one of them is a poll of the unchanged fleet.
  const writes = (db.writes.calls - writesBefore) / UNCHANGED_POLLS;
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
    ...(runs.every((r) => r.withWrites) && { withWrites: best((r) => r.withWrites as Sample) }),
  };
}

async function main(): Promise<void> {
  const urls = await child(__filename, ['sim']);
  const baseUrl = Buffer.from(urls).toString('base64url');
  // The simulator answers faster once warm (its JIT): warm it first. Each side then runs twice,
  // spread over the run (floor, ours, Redis, floor, ours), and each figure is the side's faster
  // run: neither side is flattered by a cold simulator or by a noisy moment on the machine.
  await child(__filename, ['floor', baseUrl]);
  const { pid } = JSON.parse(urls) as { pid: number };
  /** The simulators' CPU per poll while each side read (each run polls 2 + UNCHANGED_POLLS times). */
  const simCpu = { floor: [] as number[], ours: [] as number[] };
  // Ours runs as npm start runs the bot (its Node flags); the floor as plain Node.
  const run = async (...args: string[]) => {
    const before = processCpuMs(pid);
    const out = await child(
      __filename,
      [...args.slice(0, 1), baseUrl, ...args.slice(1)],
      args[0] === 'ours' ? BOT_NODE_FLAGS : [],
    );
    const after = processCpuMs(pid);
    if (before !== undefined && after !== undefined && args[1] === undefined)
      simCpu[args[0] as 'floor' | 'ours'].push((after - before) / (2 + UNCHANGED_POLLS));
    return JSON.parse(out) as PollRun;
  };
  const floors = [await run('floor')];
  const oursRuns = [await run('ours')];
  const onRedis = await run('ours', 'redis');
  floors.push(await run('floor'));
  oursRuns.push(await run('ours'));
  const floorRun = fastest(floors);
  const oursRun = fastest(oursRuns);
  console.log(
    `alert poll: ${ORGS * PER_ORG} Action1 endpoints in ${ORGS} organizations, and ${OTHER_ORGS * OTHER_PER_SOURCE * 2} Intune and FleetDM devices in ${OTHER_ORGS} of them, each side in a fresh process`,
  );
  console.log(header());
  console.log(row('ours, first poll (SQLite)', oursRun.first));
  console.log(row('floor: fetch + JSON.parse, first time', floorRun.first));
  if (floorRun.withWrites)
    console.log(row('floor: fetch + JSON.parse + keep in SQLite', floorRun.withWrites));
  console.log(row('ours, poll of the unchanged fleet (SQLite)', oursRun.second));
  console.log(row('floor: fetch + JSON.parse, second time', floorRun.second));
  console.log(row('ours, first poll (Redis)', onRedis.first));
  console.log(row('ours, poll of the unchanged fleet (Redis)', onRedis.second));
  const x = (a: Sample, b: Sample) => (a.ms / b.ms).toFixed(2);
  console.log(
    `first poll vs floor: ${x(oursRun.first, floorRun.first)}x (goal <= 1.25x), vs the floor that also keeps the devices: ${floorRun.withWrites ? x(oursRun.first, floorRun.withWrites) : '?'}x; unchanged fleet vs floor: ${x(oursRun.second, floorRun.second)}x (goal <= 1.1x), store writes ${oursRun.writes} (SQLite), ${onRedis.writes} (Redis): the poll's one mark`,
  );
  console.log(
    `peak RSS ${Math.max(oursRun.second.rssMb, onRedis.second.rssMb).toFixed(0)} MB (goal <= 300); snapshots in Redis: ${(onRedis.bytes / 1048576).toFixed(1)} MB (alerts included) for a fleet whose raw JSON is ${(floorRun.bytes / 1048576).toFixed(1)} MB`,
  );
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  // The floor's wall time is about the simulators' CPU time: it waits on them. Ours is bound by
  // its own thread (its CPU time, above, is near or past its wall time).
  if (simCpu.floor.length > 0 && simCpu.ours.length > 0)
    console.log(
      `simulators' CPU per poll: ${mean(simCpu.floor).toFixed(0)} ms while the floor read, ${mean(simCpu.ours).toFixed(0)} ms while ours did`,
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
  // The simulators' addresses travel as one base64url argument.
  const urls = url && (JSON.parse(Buffer.from(url, 'base64url').toString()) as SimUrls);
  if (mode === 'floor' && urls) return console.log(JSON.stringify(await floor(urls)));
  if (mode === 'ours' && urls)
    return console.log(JSON.stringify(await ours(urls, kind ?? 'sqlite')));
  return main();
}

measure(process.argv[2], process.argv[3], process.argv[4]).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
