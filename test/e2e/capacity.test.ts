import { AUDIT_LOG } from '../../src/core/audit';
import {
  postActivity,
  postToSlack,
  slashCommandBody,
  startHarness,
  teamsMessage,
  TEST_CONFIG,
  type Harness,
} from '../helpers/harness';

/**
 * One command worked at a time, none waiting: with Action1 slow, the second command arrives with
 * the bot at capacity. It must be told so at once, on both doors, with nothing done or recorded,
 * and the same request sent again once there is room must run normally.
 */
let h: Harness;
beforeAll(async () => {
  // Every answer waits on Action1 here (no snapshot), so the first command is still at work.
  h = await startHarness(
    { WORK_AT_ONCE: '1', WORK_WAITING_MAX: '0' },
    { yaml: `${TEST_CONFIG}capacity: { snapshotMaxAgeMinutes: 0 }\n` },
  );
  h.action1.server.misbehave.delayMs = 1200;
});
afterAll(() => h.stop());

const audited = () => h.bot.store.logLength(AUDIT_LOG);

test('Slack: a command at capacity is answered "busy" at once, runs nothing, and runs when sent again', async () => {
  const first = slashCommandBody(h.slack, 'patch-status acme');
  expect((await postToSlack(h.baseUrl, { body: first.body })).status).toBe(200);
  const before = await audited();

  const second = slashCommandBody(h.slack, 'patch-status acme');
  const busy = await postToSlack(h.baseUrl, { body: second.body });
  expect(busy.status).toBe(200);
  expect(await busy.json()).toEqual({
    response_type: 'ephemeral',
    text: expect.stringContaining('at capacity right now and did not start that'),
  });

  await h.slack.waitForResponse(first.id, 10_000);
  expect(h.slack.responses(second.id)).toHaveLength(0);
  // The first command's own entry, nothing for the refused one.
  expect(await audited()).toBe(before + 1);

  // Same trigger id: it was never taken, so it is not a redelivery to be dropped.
  expect((await postToSlack(h.baseUrl, { body: second.body })).status).toBe(200);
  const answer = await h.slack.waitForResponse(second.id, 10_000);
  expect(JSON.stringify(answer.body)).toContain('acme');
});

test('Teams: a message at capacity gets 503 with Retry-After, runs nothing, and runs when sent again', async () => {
  const first = teamsMessage(h.connector.url, 'patch-status acme');
  expect((await postActivity(h.baseUrl, first)).status).toBe(202);
  const before = await audited();

  const second = teamsMessage(h.connector.url, 'patch-status acme');
  const busy = await postActivity(h.baseUrl, second);
  expect(busy.status).toBe(503);
  expect(busy.headers.get('retry-after')).toBe('60');
  expect(await busy.json()).toEqual({ error: expect.stringContaining('nothing was done') });

  await h.connector.waitForActivity((a) => a.activityId === first.id, 10_000);
  expect(h.connector.activities.filter((a) => a.activityId === second.id)).toHaveLength(0);
  expect(await audited()).toBe(before + 1);

  expect((await postActivity(h.baseUrl, second)).status).toBe(202);
  const answer = await h.connector.waitForActivity((a) => a.activityId === second.id, 10_000);
  expect(JSON.stringify(answer.activity)).toContain('acme');
});

test('/metrics shows what was turned away, and what runs and waits now', async () => {
  const text = await (await fetch(`${h.baseUrl}/metrics`)).text();
  expect(text).toContain('msp_refused_at_capacity_total{channel="slack"} 1');
  expect(text).toContain('msp_refused_at_capacity_total{channel="teams"} 1');
  expect(text).toMatch(/^msp_work_active \d+$/m);
  expect(text).toMatch(/^msp_work_waiting 0$/m);
});
