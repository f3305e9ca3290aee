import type { Harness } from './harness';
import { IDS, postActivity, slashCommand, teamsMessage, TEST_CONFIG } from './harness';

/** A slash command from this user in this Slack channel (an admin in C0ALERTS by default). */
export const slack = (h: Harness, text: string, user = IDS.slackAdmin, channel = 'C0ALERTS') =>
  slashCommand(h, text, user, channel);

export const posts = (h: Harness, channel: string) =>
  h.slack
    .calls('chat.postMessage')
    .filter((r) => (r.body as { channel: string }).channel === channel);
export const updates = (h: Harness, ts: string) =>
  h.slack.calls('chat.update').filter((r) => (r.body as { ts: string }).ts === ts);
export const expectedAlerts = (h: Harness, org: string) => {
  const eps = h.action1.endpointsOf(org);
  const critical = (i: number) => h.action1.fleet.updates[i]?.severity === 'Critical';
  const offline = eps.filter((e) => !e.online && Date.now() - e.lastSeen.getTime() > 60 * 60_000);
  return { offline, critical: eps.filter((e) => e.missing.some(critical)) };
};

/** The ts Slack gave the card whose text mentions this. */
export function tsOf(h: Harness, text: string): string {
  const post = h.slack.posted.find((p) => p.channel === 'C0ALERTS' && p.text.includes(text));
  if (!post) throw new Error(`no card mentioning ${text}`);
  return post.ts;
}

/**
 * The test config for alert tests: every alert its own card (no digests) and no waiting on the
 * per-channel rate; optionally the MSP default channel C0MSPOPS and more `alerts` settings.
 */
export function alertsConfig(options: { defaultChannel?: boolean; alerts?: string } = {}): string {
  const base = options.defaultChannel
    ? TEST_CONFIG.replace(
        'msp: { name: Test MSP }',
        'msp: { name: Test MSP, defaultChannel: { channel: slack, id: C0MSPOPS } }',
      )
    : TEST_CONFIG;
  return `${base}alerts: { stormThreshold: 1000, perChannelPerSecond: 100${options.alerts ? `, ${options.alerts}` : ''} }\n`;
}

/** An MSP admin subscribes a Teams channel (by typing in it); its answer, and the channel. */
export async function subscribeTeamsChannel(h: Harness, channelId: string, text: string) {
  const channel = { id: channelId, conversationType: 'channel', tenantId: 'tenant-msp' };
  const sub = teamsMessage(h.connector.url, text, IDS.admin, { conversation: channel });
  await postActivity(h.baseUrl, sub);
  const answer = await h.connector.waitForActivity((a) => a.activityId === sub.id);
  return { channel, answer: JSON.stringify(answer.activity) };
}
