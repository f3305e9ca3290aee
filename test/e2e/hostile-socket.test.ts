import { AUDIT_LOG } from '../../src/core/audit';
import { SlackSocketSim } from '../../sim/slack-socket';
import { IDS, startHarness, TEST_CONFIG, type Harness } from '../helpers/harness';
import { until } from '../helpers/bot-process';

/**
 * Slack over Socket Mode gets the same gate as the HTTP door: a malformed payload or a foreign
 * response_url runs nothing, a redelivery is dropped, and at capacity a command is told so.
 * One command is worked at a time and none may wait, with Action1 slow, to reach capacity.
 */
let h: Harness;
let socket: SlackSocketSim;
beforeAll(async () => {
  socket = new SlackSocketSim();
  // Snapshots off: a poll that ran during the file (every five minutes) would let patch-status
  // answer from its snapshot without waiting on the slow Action1, and nothing would be busy.
  h = await startHarness(
    { WORK_AT_ONCE: '1', WORK_WAITING_MAX: '0' },
    { socket, yaml: `${TEST_CONFIG}capacity: { snapshotMaxAgeMinutes: 0 }\n` },
  );
  await socket.connected();
}, 30_000);
afterAll(async () => {
  await h.stop();
  await socket.stop();
});

let n = 0;
function command(text: string, extra: Record<string, unknown> = {}) {
  const id = `sock-${++n}`;
  return {
    id,
    payload: {
      command: '/msp',
      text,
      user_id: IDS.slackTech,
      user_name: 'dana',
      team_id: 'T0SIMTEAM',
      channel_id: 'C0GENERAL',
      response_url: h.slack.responseUrl(id),
      trigger_id: `trigger-${id}`,
      ...extra,
    },
  };
}
const audited = () => h.bot.store.logLength(AUDIT_LOG);
const acked = (envelope: string) => until('the ack', () => socket.acks.has(envelope), 10_000);

test('a well-formed command over the socket is acked and answered through response_url', async () => {
  const c = command('whoami');
  const envelope = socket.send('slash_commands', c.payload);
  await acked(envelope);
  const answer = await h.slack.waitForResponse(c.id, 10_000);
  expect(JSON.stringify(answer.body)).toContain(IDS.tech);
});

test('a malformed command (no user) is acked so Slack stops sending it, and runs nothing', async () => {
  const before = await audited();
  const c = command('whoami', { user_id: undefined });
  const envelope = socket.send('slash_commands', c.payload);
  await acked(envelope);
  await new Promise((r) => setTimeout(r, 300));
  expect(h.slack.responses(c.id)).toHaveLength(0);
  expect(await audited()).toBe(before);
  expect(h.logLines.join('')).toContain('slack socket envelope refused: malformed');
});

test('a command whose response_url is not Slack’s runs nothing and posts nowhere', async () => {
  const before = await audited();
  const c = command('patch-status acme', { response_url: 'https://evil.example/collect' });
  const envelope = socket.send('slash_commands', c.payload);
  await acked(envelope);
  await new Promise((r) => setTimeout(r, 300));
  expect(await audited()).toBe(before);
  expect(h.logLines.join('')).toContain("response_url is not Slack's");
});

test('an envelope type we do not take, or a payload that is not an object, runs nothing', async () => {
  const before = await audited();
  const odd = socket.send('interactive', 'not an object');
  await acked(odd);
  expect(await audited()).toBe(before);
});

test('Slack redelivering a command (same trigger) answers it once', async () => {
  const c = command('whoami');
  await acked(socket.send('slash_commands', c.payload));
  await h.slack.waitForResponse(c.id, 10_000);
  await acked(socket.send('slash_commands', c.payload));
  await new Promise((r) => setTimeout(r, 500));
  expect(h.slack.responses(c.id)).toHaveLength(1);
});

test('at capacity a command is acked with "busy", runs nothing, and runs when sent again', async () => {
  h.action1.server.misbehave.delayMs = 1200;
  try {
    const first = command('patch-status acme');
    await acked(socket.send('slash_commands', first.payload));
    const before = await audited();
    const second = command('patch-status acme');
    const busy = socket.send('slash_commands', second.payload);
    await acked(busy);
    expect(socket.acks.get(busy)).toEqual({
      response_type: 'ephemeral',
      text: expect.stringContaining('at capacity right now and did not start that'),
    });
    await h.slack.waitForResponse(first.id, 10_000);
    expect(h.slack.responses(second.id)).toHaveLength(0);
    expect(await audited()).toBe(before + 1);
    await acked(socket.send('slash_commands', second.payload));
    await h.slack.waitForResponse(second.id, 10_000);
  } finally {
    h.action1.server.misbehave.delayMs = 0;
  }
});
