import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Action1Sim } from '../../sim/action1/action1-sim';
import { Action1Client } from '../../src/integrations/action1/action1-client';
import { Action1Fleet } from '../../src/integrations/action1/action1-fleet';
import { FleetSnapshots } from '../../src/core/fleet-snapshot';
import { FleetReads } from '../../src/core/fleet-reads';
import type { Store } from '../../src/core/store';
import { SqliteStore } from '../../src/store/sqlite-store';
import { countingStore } from '../helpers/counting-store';
import { openTestRedis, redisAnswers, testPrefix } from '../helpers/redis';

const ORG = 'acme-org';
let sim: Action1Sim;
let fleet: Action1Fleet;
beforeAll(async () => {
  sim = new Action1Sim({ clientId: 'api-snap@action1.example', clientSecret: 's' });
  await sim.start();
  fleet = new Action1Fleet(
    new Action1Client({
      baseUrl: sim.baseUrl,
      clientId: 'api-snap@action1.example',
      clientSecret: 's',
    }),
  );
});
afterAll(() => sim.stop());

/** Listings of the organization Action1 answered (the token request aside). */
const listings = (org = ORG) =>
  sim.server.requests.filter(
    (r) => r.method === 'GET' && r.path.includes(`/endpoints/managed/${org}`),
  ).length;

const suites: [string, () => Promise<{ store: Store; done: () => Promise<void> }>][] = [
  [
    'SQLite',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'snapshot-'));
      const store = new SqliteStore(join(dir, 'bot.db'));
      return {
        store,
        done: async () => {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  ],
  [
    'Redis',
    async () => {
      const store = await openTestRedis(testPrefix());
      return { store, done: () => store.close() };
    },
  ],
];

describe.each(suites)('fleet snapshots on %s', (name, open) => {
  let store: Store;
  let done: () => Promise<void>;
  beforeAll(async () => {
    if (name === 'Redis' && !(await redisAnswers())) {
      if (process.env.REQUIRE_REDIS)
        throw new Error('Redis is required (REQUIRE_REDIS) but not answering');
      return;
    }
    ({ store, done } = await open());
  });
  afterAll(() => done?.());
  const skip = () => !store;

  test('a poll writes what changed: all at first, nothing when unchanged, k fields for k devices', async () => {
    if (skip()) return;
    const counted = countingStore(store);
    const snapshots = new FleetSnapshots(counted);
    const devices = await fleet.endpoints(ORG);
    const t0 = new Date('2026-12-05T10:00:00Z');
    expect(await snapshots.record(ORG, devices, t0)).toBe(devices.length + 1);
    expect(counted.writes.fields).toBe(devices.length + 1);
    // The same fleet again: not one write.
    const before = counted.writes.calls;
    expect(
      await snapshots.record(ORG, await fleet.endpoints(ORG), new Date(t0.getTime() + 300_000)),
    ).toBe(0);
    expect(counted.writes.calls).toBe(before);
    // Two devices drop off and one is removed: three fields and the header.
    const [a, b, c] = devices;
    sim.setOnline(a?.name ?? '', false);
    sim.setOnline(b?.name ?? '', false);
    const later = (await fleet.endpoints(ORG)).filter((e) => e.id !== c?.id);
    const fieldsBefore = counted.writes.fields;
    expect(await snapshots.record(ORG, later, new Date(t0.getTime() + 600_000))).toBe(4);
    expect(counted.writes.fields - fieldsBefore).toBe(4);
    // Read back as the commands see it, by another instance (no cache), equal to what was read.
    const read = await new FleetSnapshots(store).read(ORG);
    const byId = (xs: { id: string }[]) => [...xs].sort((x, y) => x.id.localeCompare(y.id));
    // Online devices come back without their last check-in (it moves on every poll), and a device
    // only the RMM knows without its serial (it only matters for merging sources, done before).
    const kept = later.map(({ lastSeen, serial: _serial, ...e }) =>
      e.online ? e : { ...e, lastSeen },
    );
    expect(byId(read?.endpoints ?? [])).toEqual(byId(kept));
    expect(read?.asOf).toEqual(new Date(t0.getTime() + 600_000));
    sim.setOnline(a?.name ?? '', true);
    sim.setOnline(b?.name ?? '', true);
  });

  test('an online device checking in again is not a change: nothing is written', async () => {
    if (skip()) return;
    const snapshots = new FleetSnapshots(store);
    const devices = await fleet.endpoints(ORG);
    await snapshots.record('org-checkins', devices, new Date('2026-12-05T12:00:00Z'));
    const later = devices.map((e) =>
      e.online ? { ...e, lastSeen: new Date('2026-12-05T12:04:00Z') } : e,
    );
    expect(await snapshots.record('org-checkins', later, new Date('2026-12-05T12:05:00Z'))).toBe(0);
  });

  test("a later poll vouches for an unchanged snapshot, but not for an organization it couldn't read", async () => {
    if (skip()) return;
    const snapshots = new FleetSnapshots(store);
    const t0 = new Date('2026-12-05T11:00:00Z');
    await snapshots.record('org-a', (await fleet.endpoints(ORG)).slice(0, 3), t0);
    await snapshots.record('org-b', (await fleet.endpoints(ORG)).slice(3, 6), t0);
    const t1 = new Date(t0.getTime() + 300_000);
    await snapshots.markPoll(t1, ['org-b']);
    expect((await snapshots.read('org-a'))?.asOf).toEqual(t1);
    expect((await snapshots.read('org-b'))?.asOf).toEqual(t0);
    expect(await snapshots.read('org-never-polled')).toBeUndefined();
  });

  test('commands read the snapshot while fresh; stale or Refresh reads Action1, fifty askers one listing', async () => {
    if (skip()) return;
    let now = new Date();
    const snapshots = new FleetSnapshots(store);
    const reads = new FleetReads(fleet, snapshots, store, {
      maxAgeMs: 5 * 60_000,
      clock: () => now,
    });
    await snapshots.record(ORG, await fleet.endpoints(ORG), now);
    const start = listings();
    const fresh = await reads.endpoints(ORG);
    expect(fresh.live).toBe(false);
    expect(listings()).toBe(start);
    // Six minutes later the snapshot is too old to show: fifty askers at once, one listing.
    now = new Date(now.getTime() + 6 * 60_000);
    sim.server.misbehave.delayMs = 300;
    const views = await Promise.all(Array.from({ length: 50 }, () => reads.endpoints(ORG)));
    sim.server.misbehave.delayMs = 0;
    expect(views.every((v) => v.live && v.asOf.getTime() === now.getTime())).toBe(true);
    expect(listings()).toBe(start + 1);
    // Just read live: a Refresh right after shows that read instead of asking again.
    expect((await reads.endpoints(ORG, { live: true })).asOf).toEqual(now);
    expect(listings()).toBe(start + 1);
  });

  test('two instances, a storm of Refresh clicks: one listing, both answered with it', async () => {
    if (skip()) return;
    const STORM_ORG = name === 'Redis' ? 'globex-org' : 'initech-org';
    const t = () => new Date();
    const snapshots = new FleetSnapshots(store);
    await snapshots.record(
      STORM_ORG,
      await fleet.endpoints(STORM_ORG),
      new Date(Date.now() - 60_000),
    );
    const one = new FleetReads(fleet, new FleetSnapshots(store), store, {
      maxAgeMs: 300_000,
      clock: t,
    });
    const two = new FleetReads(fleet, new FleetSnapshots(store), store, {
      maxAgeMs: 300_000,
      clock: t,
    });
    const start = listings(STORM_ORG);
    sim.server.misbehave.delayMs = 400;
    const views = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? one : two).endpoints(STORM_ORG, { live: true }),
      ),
    );
    sim.server.misbehave.delayMs = 0;
    expect(listings(STORM_ORG)).toBe(start + 1);
    expect(new Set(views.map((v) => v.asOf.getTime())).size).toBe(1);
    expect(views.every((v) => v.endpoints.length === sim.endpointsOf(STORM_ORG).length)).toBe(true);
  });
});
