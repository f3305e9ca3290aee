import {
  action1Token,
  child,
  fetchAllPages,
  header,
  median,
  medianSample,
  row,
  runModes,
  sampleSince,
  startClock,
  type Sample,
} from './lib';
/**
 * `patch-status <customer>` for a 10,000-device customer: wall time, peak RSS and Action1 calls,
 * next to the floor — fetching and JSON-parsing the same pages with nothing else around them.
 * The simulator and each side run in their own processes; each side runs RUNS times and the
 * median is reported. `npm run bench:patch-status` (BENCH_DEVICES, BENCH_RUNS to change).
 */
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { mkdtempSync } from 'node:fs';
import { Action1Sim } from '../sim/action1/action1-sim';
import { Action1Client } from '../src/integrations/action1/action1-client';
import { Action1Fleet } from '../src/integrations/action1/action1-fleet';
import { AuditTrail } from '../src/core/audit';

/** The bench's own trail key; nothing here is kept. */
const AUDIT_KEY = 'bench-audit-key-0123456789abcdef0123456789';
import { Dispatcher } from '../src/core/dispatcher';
import { splitCommand } from '../src/core/inbound';
import { buildRegistry } from '../src/commands';
import { EntraRoleResolver } from '../src/identity/role-resolver';
import { SqliteStore } from '../src/store/sqlite-store';
import { CardTemplates } from '../src/cards/card-templates';
import { createLogger } from '../src/app/logger';
import type { MspFile } from '../src/config/config';

const DEVICES = Number(process.env.BENCH_DEVICES ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PAGE = 100;
const CREDS = { clientId: 'api-bench@action1.example', clientSecret: 'bench-secret' };

async function serveSim(): Promise<void> {
  const sim = new Action1Sim({
    ...CREDS,
    orgs: [{ id: 'big-org', name: 'Big Co', prefix: 'BIG', endpoints: DEVICES }],
  });
  await sim.start();
  process.stdout.write(`${JSON.stringify({ baseUrl: sim.baseUrl })}\n`);
}

/** The floor: a token, then every page fetched and parsed, nothing more. */
async function floor(baseUrl: string): Promise<Sample> {
  const started = startClock();
  const token = await action1Token(baseUrl, CREDS);
  const { calls, items } = await fetchAllPages(
    `${baseUrl}/endpoints/managed/big-org?fields=*&from=0&limit=${PAGE}`,
    token,
  );
  if (items !== DEVICES) throw new Error(`floor saw ${items} devices`);
  return sampleSince(started, calls);
}

/** The bot's whole path for the command: dispatcher, roles, Action1 client, summary, audit, card. */
async function ours(baseUrl: string): Promise<Sample> {
  const client = new Action1Client({ baseUrl, ...CREDS, pageSize: PAGE });
  const store = new SqliteStore(join(mkdtempSync(join(tmpdir(), 'bench-')), 'store.sqlite'));
  const file = {
    msp: { name: 'Bench' },
    roles: { 'msp-admin': [], tech: [] },
    slackUsers: {},
    customers: [],
    policy: {},
  } as unknown as MspFile;
  const dispatcher = new Dispatcher({
    registry: buildRegistry(),
    roles: new EntraRoleResolver({ file, store, signInRequired: false, demo: true }),
    audit: new AuditTrail(store, AUDIT_KEY),
    services: {
      customers: [
        {
          id: 'big',
          name: 'Big Co',
          fleetId: 'big-org',
          timezone: 'UTC',
          entraTenantIds: [],
          approvers: [],
          secondaryApprovers: [],
          viewers: [],
          unattended: { devices: [], groups: [] },
          meshGroups: [],
        },
      ],
      fleet: new Action1Fleet(client),
    },
    store,
    log: createLogger('silent'),
    telemetry: { observe: () => undefined },
  });
  const cards = new CardTemplates();
  const started = startClock();
  const reply = await dispatcher.invoke({
    actor: { channel: 'slack', userId: 'U1' },
    place: { channel: 'slack', conversationId: 'C1', kind: 'channel' },
    scope: { from: 'none' },
    ...splitCommand('patch-status big'),
    correlationId: 'bench',
    receivedAt: new Date(),
  });
  if (reply.kind !== 'card' || !reply.summary.includes(`${DEVICES} devices`))
    throw new Error(`unexpected reply: ${JSON.stringify(reply).slice(0, 200)}`);
  cards.render(reply);
  const ms = performance.now() - started.at;
  await store.close();
  // Resource calls only: the token request goes through the client's separate token policy.
  return { ...sampleSince(started, client.http.calls), ms };
}

async function main(): Promise<void> {
  const { baseUrl } = JSON.parse(await child(__filename, ['sim'])) as { baseUrl: string };
  const runs: Record<'floor' | 'ours', Sample[]> = { floor: [], ours: [] };
  for (let i = 0; i < RUNS; i++) {
    for (const side of ['floor', 'ours'] as const)
      runs[side].push(JSON.parse(await child(__filename, [side, baseUrl])) as Sample);
  }
  const pages = Math.ceil(DEVICES / PAGE);
  const mid = medianSample;
  console.log(
    `patch-status for one customer with ${DEVICES} devices (${pages} pages of ${PAGE}); median of ${RUNS} runs, each in a fresh process`,
  );
  console.log(header());
  console.log(row('msp-chatops patch-status', mid(runs.ours)));
  console.log(row('floor: fetch + JSON.parse the same pages', mid(runs.floor)));
  console.log(
    `wall time vs floor: ${(median(runs.ours.map((x) => x.ms)) / median(runs.floor.map((x) => x.ms))).toFixed(2)}x (goal <= 1.5x); Action1 calls: ${median(runs.ours.map((x) => x.calls))} for ${pages} pages (plus one token request)`,
  );
  process.exit(0);
}

runModes({ sim: serveSim, floor, ours, main });
