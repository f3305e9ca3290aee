/** What the Action1 benchmarks share: child processes, the fetch-and-parse floor, the result row. */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../src/config/config';
import { createBot } from '../src/app/create-bot';
import { createLogger } from '../src/app/logger';
import {
  BOT_TOKEN,
  LOCAL_TEST_ENV,
  SIGNING_SECRET,
  tempDir,
  TEST_CONFIG,
} from '../test/helpers/harness';

export interface Sample {
  ms: number;
  /** This process's CPU time (user + system) over the same span: past the wall time, it is busy. */
  cpuMs: number;
  rssMb: number;
  calls: number;
}

/** When a measured span began, on the wall clock and in this process's CPU time. */
export interface Clock {
  at: number;
  cpu: NodeJS.CpuUsage;
}

export const startClock = (): Clock => ({ at: performance.now(), cpu: process.cpuUsage() });

export const sampleSince = (started: Clock, calls: number): Sample => {
  const cpu = process.cpuUsage(started.cpu);
  return {
    ms: performance.now() - started.at,
    cpuMs: (cpu.user + cpu.system) / 1000,
    rssMb: process.resourceUsage().maxRSS / 1024,
    calls,
  };
};

/**
 * Another process's CPU time (user + system) so far, in ms, from Linux's /proc; undefined
 * elsewhere. A benchmark that shares the machine with a simulator says how much of it the
 * simulator took.
 */
export function processCpuMs(pid: number): number | undefined {
  try {
    // Fields after the command name, which sits in parentheses and may hold spaces.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime (fields 14 and 15 of the line) in clock ticks, 100 a second on Linux.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/**
 * The Node flags `npm start` gives the bot (package.json, "start"): a side that measures the bot
 * runs with them. V8 otherwise lets the heap grow to 4x what a full collection kept before the
 * next one: with the bot's 60 MB of code and state, a 50,000-device poll peaked near 380 MB
 * while keeping 62 MB; at 2x it peaks near 275 MB (docs/performance.md).
 */
export const BOT_NODE_FLAGS: readonly string[] = ['--heap-growing-percent=100'];

/**
 * Runs this same file in a fresh process in another mode, with `nodeFlags` given to Node; `sim`
 * resolves on its first line.
 */
export function child(
  file: string,
  args: string[],
  nodeFlags: readonly string[] = [],
): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', file, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (args[0] === 'sim' && out.includes('\n')) resolve(out.trim());
    });
    p.on('exit', (code) =>
      code === 0 ? resolve(out.trim()) : reject(new Error(`${args[0]} exited ${code}`)),
    );
    if (args[0] === 'sim') process.once('exit', () => p.kill());
  });
}

/** The floor's own client: a token, then every page fetched and JSON-parsed, nothing else. */
export async function action1Token(
  baseUrl: string,
  creds: { clientId: string; clientSecret: string },
): Promise<string> {
  const res = await fetch(`${baseUrl}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: creds.clientId, client_secret: creds.clientSecret }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

export async function fetchAllPages(
  first: string,
  token: string,
  /** Sees each page's items (a floor that also writes them). */
  onPage?: (items: unknown[]) => void,
): Promise<{ calls: number; items: number; bytes: number }> {
  let next: string | undefined = first;
  let calls = 0;
  let items = 0;
  let bytes = 0;
  while (next) {
    const text = await (
      await fetch(next, { headers: { authorization: `Bearer ${token}` } })
    ).text();
    const page = JSON.parse(text) as { items: unknown[]; next_page?: string };
    calls++;
    bytes += Buffer.byteLength(text);
    items += page.items.length;
    onPage?.(page.items);
    // Action1 writes page links under its API root ("/API/endpoints/…"), as the client reads them.
    const root = /^(.*?\/api\/3\.0)\//i.exec(first)?.[1] ?? '';
    next = page.next_page ? page.next_page.replace(/^\/API(?=\/)/i, root) : undefined;
  }
  return { calls, items, bytes };
}

export const median = (v: number[]) =>
  [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? NaN;

/** Runs side by side: the median of each figure. */
export const medianSample = (s: Sample[]): Sample => ({
  ms: median(s.map((x) => x.ms)),
  cpuMs: median(s.map((x) => x.cpuMs)),
  rssMb: median(s.map((x) => x.rssMb)),
  calls: median(s.map((x) => x.calls)),
});

/** Deletes what a benchmark left in Redis under its key prefix (Redis keeps it in memory). */
export async function dropRedisPrefix(prefix: string): Promise<void> {
  const { createClient } = await import('redis');
  const client = createClient({ url: 'redis://127.0.0.1:6379' });
  await client.connect();
  const keys: string[] = [];
  for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 }))
    keys.push(...batch);
  for (let i = 0; i < keys.length; i += 1000) await client.del(keys.slice(i, i + 1000));
  await client.close();
}

/** The p-th percentile of the values (nearest rank). */
export const percentile = (v: number[], p: number) => {
  const sorted = [...v].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

export function row(name: string, s: Sample): string {
  return `${name.padEnd(44)} ${s.ms.toFixed(0).padStart(8)} ${s.cpuMs.toFixed(0).padStart(8)} ${s.rssMb.toFixed(0).padStart(8)} ${String(s.calls).padStart(7)}`;
}

export const header = () =>
  `${'side'.padEnd(44)} ${'wall ms'.padStart(8)} ${'CPU ms'.padStart(8)} ${'peak MB'.padStart(8)} ${'calls'.padStart(7)}`;

/** `sim` serves, `floor`/`ours` measure once and print JSON, anything else runs the comparison. */
export function runModes(modes: {
  sim: () => Promise<void>;
  floor: (url: string) => Promise<Sample>;
  ours: (url: string) => Promise<Sample>;
  main: () => Promise<void>;
}): void {
  const [, , mode, url] = process.argv;
  const work =
    mode === 'sim'
      ? modes.sim()
      : (mode === 'floor' || mode === 'ours') && url
        ? modes[mode](url).then((s) => console.log(JSON.stringify(s)))
        : modes.main();
  work.catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}

/** Our bot, as the Slack benchmarks run it: the test config, a temp data folder, these settings. */
export async function startBenchBot(
  env: Record<string, string>,
  yaml = TEST_CONFIG,
): Promise<number> {
  const dir = tempDir();
  writeFileSync(join(dir, 'msp.config.yaml'), yaml);
  const config = loadConfig({
    NODE_ENV: 'development',
    DATA_DIR: join(dir, 'data'),
    MSP_CONFIG: join(dir, 'msp.config.yaml'),
    ACTION1_CLIENT_ID: 'api-bench@action1.example',
    ACTION1_CLIENT_SECRET: 'bench',
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    // The audit key, Teams opened to this machine and the simulators' host, as the tests run it.
    ...LOCAL_TEST_ENV,
    ...env,
  });
  return (await createBot(config, createLogger('silent'))).start(0, '127.0.0.1');
}

/**
 * Runs `work`, and with BENCH_PROFILE=<dir> leaves a CPU profile of it there (`<name>.cpuprofile`,
 * for Chrome's DevTools or any .cpuprofile reader): where a benchmark's time goes.
 */
export async function profiled<T>(name: string, work: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_PROFILE;
  if (!dir) return work();
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(join(dir, `${name}-${process.pid}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}
