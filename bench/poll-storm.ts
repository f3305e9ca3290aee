/** bench:poll's storm: 5,000 devices offline at once, one digest per channel, none lost. */
import { CREDS, freshStore, orgs, POLICY } from './poll-world';
import { Action1Sim } from '../sim/action1/action1-sim';
import { SlackApiSim } from '../sim/slack-api';
import { Action1Client } from '../src/integrations/action1/action1-client';
import { Action1Fleet } from '../src/integrations/action1/action1-fleet';
import { AlertPoller } from '../src/alerts/alert-poller';
import { AlertDelivery } from '../src/alerts/alert-delivery';
import { Subscriptions } from '../src/core/subscriptions';
import { createLogger } from '../src/app/logger';
import { slackPoster } from '../test/helpers/slack-poster';

const PER_ORG = 100;
const log = createLogger('silent');
const store = () => freshStore('storm');

/** 5,000 devices go offline at once across 50 customers, each with a channel of its own. */
export async function storm(): Promise<string[]> {
  const customers = orgs(50, PER_ORG);
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
    policy: POLICY,
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
