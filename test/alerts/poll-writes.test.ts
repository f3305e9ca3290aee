import { join } from 'node:path';
import { Action1Sim } from '../../sim/action1/action1-sim';
import { AlertPoller, type PollCustomer } from '../../src/alerts/alert-poller';
import { FleetSnapshots } from '../../src/core/fleet-snapshot';
import { AlertBook } from '../../src/alerts/alert-book';
import { Action1Client } from '../../src/integrations/action1/action1-client';
import { Action1Fleet } from '../../src/integrations/action1/action1-fleet';
import { SqliteStore } from '../../src/store/sqlite-store';
import { countingStore } from '../helpers/counting-store';
import { memoryLog, tempDir } from '../helpers/harness';

const CUSTOMERS: PollCustomer[] = [
  { id: 'acme', name: 'Acme Corp', timezone: 'Europe/Berlin', fleetId: 'acme-org' },
  { id: 'globex', name: 'Globex Ltd', timezone: 'America/New_York', fleetId: 'globex-org' },
  { id: 'initech', name: 'Initech', timezone: 'UTC', fleetId: 'initech-org' },
];

/** The Action1 simulator, a real SQLite store that counts its writes, and the fleet over both. */
async function pollWorld() {
  const creds = { clientId: 'api-poll@action1.example', clientSecret: 's' };
  const sim = new Action1Sim(creds);
  await sim.start();
  const store = countingStore(new SqliteStore(join(tempDir(), 'store.sqlite')));
  const fleet = new Action1Fleet(new Action1Client({ baseUrl: sim.baseUrl, ...creds }));
  return { sim, store, fleet };
}

test('a poll costs the store what changed: nothing but its mark when nothing did, O(k) for k devices', async () => {
  const { sim, store, fleet } = await pollWorld();
  try {
    const poller = new AlertPoller({
      customers: CUSTOMERS,
      fleet,
      store,
      snapshots: new FleetSnapshots(store),
      policy: { offlineAlertMinutes: 30, offlineRetryHours: 72, criticalPatchWithinHours: 72 },
      stormThreshold: 5,
      log: memoryLog().log,
    });
    const devices = CUSTOMERS.reduce((n, c) => n + sim.endpointsOf(c.fleetId).length, 0);
    expect(devices).toBeGreaterThan(100);

    await poller.cycle();
    // The first poll writes every device once (and the alert pages it opened).
    expect(store.writes.fields).toBeGreaterThanOrEqual(devices);

    // The second poll escalates what the first opened (devices offline for days): a change.
    expect((await poller.cycle()).escalated).toBeGreaterThan(0);
    const beforeUnchanged = { ...store.writes, byMethod: { ...store.writes.byMethod } };
    await poller.cycle();
    // Unchanged fleet: one write, the poll's mark that vouches for every unchanged snapshot.
    expect(store.writes.calls - beforeUnchanged.calls).toBe(1);
    expect(store.writes.byMethod.set! - beforeUnchanged.byMethod.set!).toBe(1);

    // Three of Acme's devices stop reporting (two hours ago): three fields, the snapshot's
    // header, Acme's alert page with three new alerts, its work index, and the mark.
    const online = sim
      .endpointsOf('acme-org')
      .filter((e) => e.online)
      .slice(0, 3);
    for (const e of online) sim.setOnline(e.name, false, new Date(Date.now() - 2 * 3600_000));
    const beforeChange = store.writes.fields;
    const report = await poller.cycle();
    expect(report.opened).toBe(3);
    const written = store.writes.fields - beforeChange;
    expect(written).toBeGreaterThanOrEqual(3 + 1 + 1 + 1);
    expect(written).toBeLessThanOrEqual(3 + 5);
  } finally {
    await store.close();
    await sim.stop();
  }
});

test('an unchanged fleet skips the evaluation, yet every rule that falls due on time still fires', async () => {
  const { sim, store, fleet } = await pollWorld();
  let now = new Date();
  try {
    const policy = { offlineAlertMinutes: 60, offlineRetryHours: 72, criticalPatchWithinHours: 72 };
    const poller = new AlertPoller({
      customers: CUSTOMERS.slice(0, 1),
      fleet,
      store,
      snapshots: new FleetSnapshots(store),
      policy,
      stormThreshold: 100,
      clock: () => now,
      log: memoryLog().log,
    });
    const book = new AlertBook(store);
    // A device that stopped reporting ten minutes ago: not an alert yet.
    const device = sim.endpointsOf('acme-org').find((e) => e.online && e.missing.length === 0)!;
    sim.setOnline(device.name, false, new Date(now.getTime() - 10 * 60_000));
    await poller.cycle();
    await poller.cycle();
    const key = `acme:${device.id}:offline`;
    expect((await book.load('acme')).alerts.get(key)).toBeUndefined();
    // 40 minutes on, nothing changed in Action1 and nothing is due: still no alert.
    now = new Date(now.getTime() + 40 * 60_000);
    expect((await poller.cycle()).opened).toBe(0);
    // Past the hour the device has been silent: the very next poll raises it.
    now = new Date(now.getTime() + 15 * 60_000);
    expect((await poller.cycle()).opened).toBe(1);
    expect((await book.load('acme')).alerts.get(key)?.state).toBe('open');
    // Someone snoozes it for an hour (a click changes the page); it comes back on time.
    await book.change('acme', key, (a) => ({
      ...a,
      state: 'snoozed',
      snoozedUntil: new Date(now.getTime() + 3_600_000).toISOString(),
    }));
    now = new Date(now.getTime() + 30 * 60_000);
    expect((await poller.cycle()).escalated).toBe(0);
    now = new Date(now.getTime() + 31 * 60_000);
    expect((await poller.cycle()).escalated).toBe(1);
    expect((await book.load('acme')).alerts.get(key)?.state).toBe('open');
    // Past the 72 h retry window: escalated, with nothing else changing.
    now = new Date(now.getTime() + 72 * 3_600_000);
    await poller.cycle();
    expect((await book.load('acme')).alerts.get(key)?.escalated).toBe(true);
  } finally {
    await store.close();
    await sim.stop();
  }
});

test('an escalation asks for a HaloPSA ticket only where there is HaloPSA to open it; otherwise the page has no work left', async () => {
  const { sim, store, fleet } = await pollWorld();
  try {
    // Acme is a HaloPSA client; Globex is not (no client id: the bot opens no tickets for it).
    const customers = CUSTOMERS.slice(0, 2).map((c) => ({ ...c, tickets: c.id === 'acme' }));
    const poller = new AlertPoller({
      customers,
      fleet,
      store,
      policy: { offlineAlertMinutes: 30, offlineRetryHours: 72, criticalPatchWithinHours: 72 },
      stormThreshold: 1000,
      log: memoryLog().log,
    });
    // The first poll opens; the second escalates what has been offline for days (the seeded
    // fleet's long-offline devices).
    await poller.cycle();
    expect((await poller.cycle()).escalated).toBeGreaterThan(0);
    const book = new AlertBook(store);
    const escalated = async (customer: string) =>
      [...(await book.load(customer)).alerts.values()].filter((a) => a.escalated);
    const acme = await escalated('acme');
    const globex = await escalated('globex');
    expect(acme.length).toBeGreaterThan(0);
    expect(globex.length).toBeGreaterThan(0);
    for (const a of acme) expect(a.ticket?.state).toBe('pending');
    for (const a of globex) expect(a.ticket).toBeUndefined();
  } finally {
    await store.close();
    await sim.stop();
  }
});
