/**
 * Time from request to ack for a signed Slack `/msp whoami`, against the floor: a bare Bolt app
 * that only acks, measured in the same run. Each server runs in its own process, as it would in
 * production; this process plays Slack (signs requests, serves the Web API and response_url).
 * `npm run bench` (BENCH_REQUESTS=200 by default).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { App } from '@slack/bolt';
import { SlackApiSim } from '../sim/slack-api';
import { BOT_TOKEN, postToSlack, SIGNING_SECRET, slashCommandBody } from '../test/helpers/harness';
import { startBenchBot } from './lib';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const WARMUP = 20;

/** Child side: start one server, print its port, run until killed. */
async function serve(kind: string, apiUrl: string): Promise<void> {
  let port: number;
  if (kind === 'ours') {
    port = await startBenchBot({ SLACK_API_URL: apiUrl });
  } else {
    const app = new App({
      token: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      clientOptions: { slackApiUrl: apiUrl },
    });
    app.command('/msp', async ({ ack }) => {
      await ack();
    });
    port = 30_000 + Math.floor(Math.random() * 20_000);
    await app.start(port);
  }
  process.stdout.write(`${JSON.stringify({ port })}\n`);
}

function startChild(kind: string, apiUrl: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', __filename, 'serve', kind, apiUrl], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
    child.stdout?.once('data', (d: Buffer) =>
      resolve({
        url: `http://127.0.0.1:${(JSON.parse(d.toString()) as { port: number }).port}`,
        child,
      }),
    );
  });
}

/** One signed command; with `settle`, also wait for its answer so the next one meets an idle bot. */
async function timeOne(url: string, slack: SlackApiSim, settle = false): Promise<number> {
  const { id, body } = slashCommandBody(slack, 'whoami');
  const started = process.hrtime.bigint();
  const res = await postToSlack(url, { body });
  await res.arrayBuffer();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (res.status !== 200) throw new Error(`ack was ${res.status}`);
  if (settle) await slack.waitForResponse(id);
  return ms;
}

const sortedCopy = (v: number[]) => [...v].sort((a, b) => a - b);
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

function row(name: string, values: number[]): string {
  const s = sortedCopy(values);
  const cells = [quantile(s, 0.5), quantile(s, 0.95), s.at(-1) ?? NaN].map((v) =>
    v.toFixed(2).padStart(8),
  );
  return `${name.padEnd(40)} ${cells.join(' ')}`;
}

async function measure(): Promise<void> {
  const slack = new SlackApiSim(BOT_TOKEN);
  await slack.start();
  const ours = await startChild('ours', slack.apiUrl);
  const bare = await startChild('bare', slack.apiUrl);
  const samples = { ours: [] as number[], oursSettled: [] as number[], bare: [] as number[] };
  for (let i = 0; i < WARMUP; i++)
    await Promise.all([timeOne(ours.url, slack, true), timeOne(bare.url, slack)]);
  // Interleaved, so drift in the machine's load hits both sides alike.
  for (let i = 0; i < REQUESTS; i++) {
    samples.ours.push(await timeOne(ours.url, slack));
    samples.bare.push(await timeOne(bare.url, slack));
  }
  for (let i = 0; i < REQUESTS; i++) samples.oursSettled.push(await timeOne(ours.url, slack, true));
  for (const c of [ours.child, bare.child]) c.kill('SIGTERM');
  await slack.stop();

  console.log(`Slack slash command, request -> ack (ms), ${REQUESTS} signed requests per row`);
  console.log(
    `${'server'.padEnd(40)} ${['median', 'p95', 'max'].map((h) => h.padStart(8)).join(' ')}`,
  );
  console.log(row('msp-chatops /msp whoami (back to back)', samples.ours));
  console.log(row('msp-chatops, previous answer delivered', samples.oursSettled));
  console.log(row('floor: bare Bolt app that only acks', samples.bare));
  const ratio = quantile(sortedCopy(samples.ours), 0.5) / quantile(sortedCopy(samples.bare), 0.5);
  console.log(`median vs floor: ${ratio.toFixed(2)}x; Slack allows 3000 ms`);
}

const [, , mode, kind, apiUrl] = process.argv;
(mode === 'serve' && kind && apiUrl ? serve(kind, apiUrl) : measure()).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
