import { spawn } from 'node:child_process';
import { join } from 'node:path';
import {
  postActivity,
  postToSlack,
  slashCommandBody,
  startHarness,
  teamsInvoke,
  teamsMessage,
  tempDir,
} from '../helpers/harness';

describe('operations endpoints', () => {
  test('healthz, readyz, metrics per channel and command, and a JSON 404', async () => {
    const h = await startHarness();
    try {
      expect(await (await fetch(`${h.baseUrl}/healthz`)).json()).toEqual({ status: 'ok' });
      expect(await (await fetch(`${h.baseUrl}/readyz`)).json()).toEqual({
        status: 'ready',
        checks: { store: 'ok', action1: 'ok' },
      });

      const slack = slashCommandBody(h.slack, 'whoami');
      await postToSlack(h.baseUrl, { body: slack.body });
      await h.slack.waitForResponse(slack.id);
      const activity = teamsMessage(h.connector.url, 'help');
      await postActivity(h.baseUrl, activity);
      await h.connector.waitForActivity((a) => a.activityId === activity.id);

      const metrics = await (await fetch(`${h.baseUrl}/metrics`)).text();
      expect(metrics).toMatch(
        /msp_commands_total\{channel="slack",command="whoami",outcome="ok"\} 1/,
      );
      expect(metrics).toMatch(
        /msp_commands_total\{channel="teams",command="help",outcome="ok"\} 1/,
      );
      expect(metrics).toMatch(
        /msp_command_duration_seconds_count\{channel="teams",command="help"\} 1/,
      );
      expect(metrics).toMatch(/msp_http_requests_total\{channel="slack",status="200"\} 1/);
      expect(metrics).toMatch(
        /msp_http_request_duration_seconds_bucket\{le="[\d.]+",channel="teams"\}/,
      );

      const missing = await fetch(`${h.baseUrl}/nope`);
      expect(missing.status).toBe(404);
      expect(await missing.json()).toEqual({ error: 'not found' });
    } finally {
      await h.stop();
    }
  });

  test('shutdown finishes acknowledged work, refuses new requests, and closes the store', async () => {
    const h = await startHarness();
    // Slack's response_url is slow: the command is acked but its answer is still on the way.
    h.slack.server.misbehave = { delayMs: 600 };
    const { id, body } = slashCommandBody(h.slack, 'whoami');
    expect((await postToSlack(h.baseUrl, { body })).status).toBe(200);
    await h.slack.server.waitFor(
      (r) => r.path.startsWith('/response/') || r.path === '/api/auth.test',
    );
    expect(h.bot.inFlight.size).toBeGreaterThan(0);

    const stopping = h.bot.stop();
    const refused = await fetch(`${h.baseUrl}/readyz`).catch(() => undefined);
    expect(refused === undefined || refused.status === 503).toBe(true);
    await stopping;
    expect(h.slack.responses(id)).toHaveLength(1); // the answer went out before the process let go
    await expect(h.bot.store.ping()).rejects.toThrow();
    await expect(fetch(`${h.baseUrl}/healthz`)).rejects.toThrow();
    await h.stop();
  });
});

describe('npm start', () => {
  test('boots in demo mode with no credentials, warns once, and stops cleanly on SIGTERM', async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, ['--import', 'tsx', join('src', 'main.ts')], {
      cwd: join(__dirname, '..', '..'),
      env: {
        PATH: process.env.PATH,
        PORT: '0',
        DATA_DIR: join(dir, 'data'),
        MSP_CONFIG: './msp.config.yaml',
        NODE_ENV: 'development',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const listening = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start within 20 s:\n${out}`)), 20_000);
      child.stdout.on('data', () => {
        const line = out.split('\n').find((l) => l.includes('listening'));
        if (!line) return;
        clearTimeout(timer);
        resolve(line);
      });
    });
    const { port, mode } = JSON.parse(listening) as { port: number; mode: string };
    expect(mode).toBe('demo');
    // The first line is for people: where, demo or not, and how to open the Playground.
    const first = (JSON.parse(out.split('\n')[0] ?? '{}') as { msg?: string }).msg ?? '';
    expect(first).toContain('in demo mode');
    expect(first).toContain(
      'npx @microsoft/m365agentsplayground -e http://localhost:0/api/messages',
    );
    const help = await postActivity(
      `http://127.0.0.1:${port}`,
      teamsInvoke('http://127.0.0.1:9', 'help.all', {}),
    );
    const card = (await help.json()) as { value: { body: { items?: { text: string }[] }[] } };
    expect(JSON.stringify(card.value.body[0])).toContain('DEMO DATA');
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    // The demo fleet is there: the in-process Action1 simulator behind patch-status.
    const acme = await postActivity(
      `http://127.0.0.1:${port}`,
      teamsInvoke('http://127.0.0.1:9', 'patch-status.customer', { customer: 'acme' }),
    );
    const acmeCard = JSON.stringify(await acme.json());
    expect(acmeCard).toContain('Patch status: Acme Corp');
    expect(acmeCard).toContain('64 devices fully patched');
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);

    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('stopped cleanly');
    expect(
      out.match(/Teams: UNAUTHENTICATED local mode, served only to requests from this machine/g),
    ).toHaveLength(1);
  }, 40_000);

  test('refuses to start with a clear message when settings are wrong', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join('src', 'main.ts')], {
      cwd: join(__dirname, '..', '..'),
      env: {
        PATH: process.env.PATH,
        SLACK_BOT_TOKEN: 'xoxb-1',
        SLACK_SIGNING_SECRET: 's',
        PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(err).toContain('msp-chatops cannot start');
    expect(err).toContain('ACTION1_CLIENT_ID is missing');
    expect(err).not.toContain('    at ');
  }, 40_000);
});
