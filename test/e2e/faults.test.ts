import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { AUDIT_LOG } from '../../src/core/audit';
import {
  freePort,
  IDS,
  postToSlack,
  slashCommandBody,
  startHarness,
  tempDir,
  TEST_CONFIG,
  type Harness,
} from '../helpers/harness';
import { eventually } from '../helpers/access-e2e';
import { expectedAlertCount } from '../helpers/bot-process';
import { AlertBook } from '../../src/alerts/alert-book';

/**
 * Faults: a Redis that restarts mid-run (with its append-only file, as production runs it),
 * and outside systems answering 429, 5xx and late. The bot keeps answering, recovers by
 * itself, and loses no audit entry; the chain verifies afterwards.
 */
const redisAvailable = process.env.REDIS_AVAILABLE === '1';
const suite = redisAvailable ? describe : describe.skip;

function redisServer(port: number, dir: string): ChildProcess {
  return spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--appendfsync',
      'always',
      '--save',
      '',
    ],
    { stdio: 'ignore' },
  );
}
async function answers(port: number): Promise<boolean> {
  const { createConnection } = await import('node:net');
  return new Promise((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

suite('faults', () => {
  let h: Harness;
  let redis: ChildProcess;
  let port = 0;
  const dir = tempDir();

  beforeAll(async () => {
    port = await freePort();
    redis = redisServer(port, dir);
    await eventually(async () => ((await answers(port)) ? true : undefined));
    // Snapshots off: Action1's faults must reach the person, and a poll that ran during the file
    // (every five minutes) would let patch-status answer from its snapshot instead.
    h = await startHarness(
      {
        REDIS_URL: `redis://127.0.0.1:${port}`,
        REDIS_KEY_PREFIX: `faults-${randomBytes(3).toString('hex')}:`,
      },
      { yaml: `${TEST_CONFIG}capacity: { snapshotMaxAgeMinutes: 0 }\n` },
    );
  }, 30_000);
  afterAll(async () => {
    await h.stop();
    redis.kill('SIGKILL');
  });

  const send = async (text: string) => {
    const { id, body } = slashCommandBody(h.slack, text, IDS.slackTech);
    const res = await postToSlack(h.baseUrl, { body });
    return { id, status: res.status };
  };

  test('Redis killed and restarted mid-run: every command is acked and answered, every audit entry kept', async () => {
    const before = await send('whoami');
    await h.slack.waitForResponse(before.id, 10_000);
    redis.kill('SIGKILL');
    await new Promise((r) => redis.once('exit', r));
    // While Redis is away: acked at once all the same.
    const during = await Promise.all([send('help'), send('whoami'), send('help patch-status')]);
    expect(during.map((d) => d.status)).toEqual([200, 200, 200]);
    await new Promise((r) => setTimeout(r, 1500));
    redis = redisServer(port, dir);
    // Back: the queued work goes through by itself.
    for (const d of during) await h.slack.waitForResponse(d.id, 20_000);
    const after = await send('whoami');
    await h.slack.waitForResponse(after.id, 10_000);
    const acts = (await h.bot.audit.read(1, await h.bot.store.logLength(AUDIT_LOG))).map(
      (e) => e.act,
    );
    expect(acts.filter((a) => a === 'whoami')).toHaveLength(3);
    expect(acts.filter((a) => a === 'help')).toHaveLength(2);
    expect(await h.bot.audit.verify()).toEqual(expect.objectContaining({ ok: true }));
  }, 60_000);

  test("Slack's response_url failing twice: the answer still arrives", async () => {
    h.slack.failResponses = 2;
    const { id } = await send('whoami');
    // Two failures, then the answer (the simulator records every attempt).
    await eventually(() => (h.slack.responses(id).length >= 3 ? true : undefined), 15_000);
    expect(h.slack.responses(id)).toHaveLength(3);
    expect(JSON.stringify(h.slack.responses(id)[2]?.body)).toContain('Name: dana');
  }, 30_000);

  test('Action1 answering 429, then 5xx, then late: clear answers, then normal service by itself', async () => {
    h.action1.throttle(50, 1);
    const throttled = await send('patch-status acme');
    const first = JSON.stringify((await h.slack.waitForResponse(throttled.id, 30_000)).body);
    expect(first).not.toMatch(/\bat .+\.(ts|js):\d+/);
    h.action1.server.misbehave.failNext = { count: 50, status: 502 };
    const broken = await send('patch-status acme');
    const second = JSON.stringify((await h.slack.waitForResponse(broken.id, 30_000)).body);
    expect(second).toMatch(/Action1/);
    expect(second).not.toMatch(/\bat .+\.(ts|js):\d+/);
    h.action1.server.misbehave.failNext = undefined;
    h.action1.server.misbehave.delayMs = 1500;
    const slow = await send('patch-status acme');
    expect(slow.status).toBe(200); // acked at once, answered when Action1 is
    const third = JSON.stringify((await h.slack.waitForResponse(slow.id, 30_000)).body);
    expect(third).toContain('Acme Corp');
    h.action1.server.misbehave.delayMs = 0;
    expect(await h.bot.audit.verify()).toEqual(expect.objectContaining({ ok: true }));
  }, 120_000);

  test('Redis killed and restarted while a poll is under way: the poll finishes, every alert recorded once', async () => {
    h.action1.server.misbehave.delayMs = 150;
    const seen = h.action1.server.requests.length;
    // Counted as the poll will see the fleet (offline-for-an-hour depends on the moment).
    const expected = expectedAlertCount(h.action1);
    const cycle = h.bot.poller.cycle();
    await eventually(() => (h.action1.server.requests.length > seen ? true : undefined));
    redis.kill('SIGKILL');
    await new Promise((r) => redis.once('exit', r));
    await new Promise((r) => setTimeout(r, 1000));
    redis = redisServer(port, dir);
    await cycle;
    h.action1.server.misbehave.delayMs = 0;
    const book = new AlertBook(h.bot.store);
    const count = async () =>
      (await Promise.all(['acme', 'globex', 'initech'].map((c) => book.load(c)))).reduce(
        (n, page) => n + page.alerts.size,
        0,
      );
    const after = await count();
    expect(after).toBe(expected);
    await h.bot.poller.cycle(); // a second poll finds the same: nothing doubled
    expect(await count()).toBe(after);
  }, 60_000);
});
