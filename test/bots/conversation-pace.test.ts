import { join } from 'node:path';
import {
  ConversationPace,
  SLACK_UPDATES,
  TEAMS_PER_CONVERSATION,
  type PaceLimit,
} from '../../src/bots/conversation-pace';
import { SqliteStore } from '../../src/store/sqlite-store';
import { IDS, postActivity, startHarness, teamsMessage, tempDir } from '../helpers/harness';
import { SlackApiSim } from '../../sim/slack-api';
import { PostFailure } from '../../src/core/ports';
import { textReply } from '../../src/core/reply';
import { slackPoster } from '../helpers/slack-poster';

/** The most sends inside any window of this length ending at a send. */
function busiest(times: readonly number[], windowMs: number): number {
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while ((times[i] as number) - (times[j] as number) >= windowMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

/** As many sends as the pace allows, the clock moved on by each wait it asks for. */
async function sendAsFastAsAllowed(limits: readonly PaceLimit[], sends: number) {
  const store = new SqliteStore(join(tempDir(), 'pace.sqlite'));
  let now = Date.UTC(2026, 11, 5, 9, 59, 30);
  const pace = new ConversationPace(store, () => now);
  const times: number[] = [];
  while (times.length < sends) {
    const wait = await pace.take('teams:19:channel', limits);
    if (wait === 0) times.push(now);
    else now += wait;
  }
  await store.close();
  return times;
}

test("Teams' limits for one conversation hold in every window, the hourly one included", async () => {
  const times = await sendAsFastAsAllowed(TEAMS_PER_CONVERSATION, 1_900);
  for (const { sends, windowMs } of TEAMS_PER_CONVERSATION)
    expect(busiest(times, windowMs)).toBeLessThanOrEqual(sends);
  // As fast as allowed, not slower than needed: the first 60 go within about 30 seconds.
  expect((times[59] as number) - (times[0] as number)).toBeLessThan(31_000);
  // The 1,801st waits for the hour.
  expect((times[1_800] as number) - (times[0] as number)).toBeGreaterThanOrEqual(3_600_000);
}, 30_000);

test("Slack's chat.update tier: 50 a minute, the 51st waits", async () => {
  const times = await sendAsFastAsAllowed(SLACK_UPDATES, 60);
  expect(busiest(times, 60_000)).toBeLessThanOrEqual(50);
  expect((times[50] as number) - (times[0] as number)).toBeGreaterThanOrEqual(60_000);
});

test('Teams, for real: twelve questions in one chat at once, all answered, none over the limit', async () => {
  const h = await startHarness();
  try {
    const conversation = {
      id: 'a:personal-burst',
      conversationType: 'personal',
      tenantId: 'tenant-msp',
    };
    const asked = Array.from({ length: 12 }, () =>
      teamsMessage(h.connector.url, 'whoami', IDS.tech, {
        conversation,
        channelData: { tenant: { id: 'tenant-msp' } },
      }),
    );
    await Promise.all(asked.map((a) => postActivity(h.baseUrl, a)));
    for (const a of asked) await h.connector.waitForActivity((x) => x.activityId === a.id, 20_000);
    // The connector refuses with 429 what goes over Teams' limits: nothing was refused.
    expect(h.connector.throttled).toEqual([]);
    const times = h.connector.server.requests
      .filter(
        (r) =>
          r.path.includes(encodeURIComponent(conversation.id)) || r.path.includes(conversation.id),
      )
      .map((r) => r.at);
    expect(times.length).toBeGreaterThanOrEqual(12);
    expect(busiest(times, 1_000)).toBeLessThanOrEqual(7);
    expect(busiest(times, 2_000)).toBeLessThanOrEqual(8);
  } finally {
    await h.stop();
  }
}, 30_000);

test('proactive Slack updates past the tier go back to the outbox with a time to try again', async () => {
  const slack = new SlackApiSim('xoxb-pace');
  await slack.start();
  const store = new SqliteStore(join(tempDir(), 'poster.sqlite'));
  try {
    const poster = slackPoster(slack, 'xoxb-pace', store, {
      slackUpdates: [{ sends: 2, windowMs: 60_000 }],
    });
    const place = { channel: 'slack' as const, conversationId: 'C0PACE', kind: 'channel' as const };
    const ts = await poster.post(place, textReply('first'));
    await poster.update(place, ts, textReply('second'));
    await poster.update(place, ts, textReply('third'));
    const refused = await poster.update(place, ts, textReply('fourth')).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PostFailure);
    expect(refused).toMatchObject({ permanent: false });
    expect((refused as PostFailure).retryAfterSeconds).toBeGreaterThan(50);
    expect(slack.server.requests.filter((r) => r.path.endsWith('chat.update'))).toHaveLength(2);
  } finally {
    await store.close();
    await slack.stop();
  }
});
