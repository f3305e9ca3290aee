import {
  action1Token,
  child,
  fetchAllPages,
  header,
  row,
  runModes,
  sampleSince,
  type Sample,
} from './lib';
/**
 * The alert poller at MSP scale. `npm run bench:poll`.
 *  1. One poll over 50,000 endpoints in 500 organizations: wall time, peak RSS and Action1 calls,
 *     next to the floor (fetching and parsing the same pages, nothing else), each side in its
 *     own process with the simulator in a third.
 *  2. A storm: 5,000 devices going offline across 50 customers, each with its own Slack
 *     channel: messages per channel, time until everything is delivered, lost and doubled.
 */
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { App } from '@slack/bolt';
import { Action1Sim } from '../sim/action1/action1-sim';
import { SlackApiSim } from '../sim/slack-api';
import { Action1Client } from '../src/integrations/action1/action1-client';
import { Action1Fleet } from '../src/integrations/action1/action1-fleet';
import { AlertPoller } from '../src/alerts/alert-poller';
import { AlertDelivery } from '../src/alerts/alert-delivery';
import { Subscriptions } from '../src/core/subscriptions';
import { SqliteStore } from '../src/store/sqlite-store';
import { CardTemplates } from '../src/cards/card-templates';
import { ChatPoster } from '../src/bots/channel-poster';
import { createLogger } from '../src/app/logger';

const ORGS = Number(process.env.BENCH_ORGS ?? 500);
const PER_ORG = Number(process.env.BENCH_PER_ORG ?? 100);
const CREDS = { clientId: 'api-bench@action1.example', clientSecret: 'bench-secret' };
const policy = { offlineAlertMinutes: 60, offlineRetryHours: 72, criticalPatchWithinHours: 24 };
const orgs = (n: number, per: number) =>
  Array.from({ length: n }, (_, i) => ({
    id: `org-${i}`,
    name: `Customer ${i}`,
    prefix: `C${i}`,
    endpoints: per,
  }));
const store = () =>
  new SqliteStore(join(mkdtempSync(join(tmpdir(), 'bench-poll-')), 'store.sqlite'));
const log = createLogger('silent');

async function serveSim(): Promise<void> {
  const sim = new Action1Sim({ ...CREDS, orgs: orgs(ORGS, PER_ORG) });
  await sim.start();
  process.stdout.write(`${JSON.stringify({ baseUrl: sim.baseUrl })}\n`);
}

async function floor(baseUrl: string): Promise<Sample> {
  const started = performance.now();
  const token = await action1Token(baseUrl, CREDS);
  let calls = 0;
  for (let i = 0; i < ORGS; i++)
    calls += (
      await fetchAllPages(`${baseUrl}/endpoints/managed/org-${i}?fields=*&from=0&limit=100`, token)
    ).calls;
  return sampleSince(started, calls);
}

async function ours(baseUrl: string): Promise<Sample> {
  const client = new Action1Client({ baseUrl, ...CREDS, pageSize: 100 });
  const poller = new AlertPoller({
    customers: orgs(ORGS, PER_ORG).map((o) => ({
      id: o.id,
      name: o.name,
      fleetId: o.id,
      timezone: 'UTC',
    })),
    fleet: new Action1Fleet(client),
    store: store(),
    policy,
    stormThreshold: 5,
    log,
  });
  const started = performance.now();
  const report = await poller.cycle();
  if (report.customers !== ORGS) throw new Error(`polled ${report.customers} customers`);
  return sampleSince(started, client.http.calls);
}

/** 5,000 devices go offline at once across 50 customers, each with a channel of its own. */
async function storm(): Promise<string[]> {
  const customers = orgs(50, 100);
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
  const app = new App({
    token: 'xoxb-bench',
    signingSecret: 'x',
    clientOptions: { slackApiUrl: slack.apiUrl },
  });
  const poster = new ChatPoster({
    slack: app,
    teams: async () => undefined,
    cards: new CardTemplates(),
    store: db,
  });
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
    policy,
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

async function main(): Promise<void> {
  const { baseUrl } = JSON.parse(await child(__filename, ['sim'])) as { baseUrl: string };
  const floorRun = JSON.parse(await child(__filename, ['floor', baseUrl])) as Sample;
  const oursRun = JSON.parse(await child(__filename, ['ours', baseUrl])) as Sample;
  console.log(
    `one alert poll: ${ORGS * PER_ORG} endpoints in ${ORGS} organizations, each side in a fresh process`,
  );
  console.log(header());
  console.log(row('msp-chatops alert poll (rules + store)', oursRun));
  console.log(row('floor: fetch + JSON.parse the same pages', floorRun));
  console.log(
    `wall time vs floor: ${(oursRun.ms / floorRun.ms).toFixed(2)}x (goal <= 2x); peak RSS ${oursRun.rssMb.toFixed(0)} MB (goal <= 300)`,
  );
  for (const line of await storm()) console.log(line);
  process.exit(0);
}

runModes({ sim: serveSim, floor, ours, main });
