import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Action1Sim } from '../../sim/action1/action1-sim';
import { DemoWorld } from '../../sim/demo-world';
import { updateAppliesTo } from '../../sim/action1/fleet-generator';
import { SqliteStore } from '../../src/store/sqlite-store';
import { DocBook } from '../../src/core/doc-book';
import { isOpen, STEPS, type Onboarding } from '../../src/onboarding/onboarding';
import { Action1Client } from '../../src/integrations/action1/action1-client';
import { Action1Fleet } from '../../src/integrations/action1/action1-fleet';
import { AlertPoller, pollCustomers } from '../../src/alerts/alert-poller';
import { AlertBook } from '../../src/alerts/alert-book';
import { customersOf } from '../../src/config/customer';
import { POLICY_DEFAULTS } from '../../src/config/patch-policy-schema';

const CUSTOMERS = customersOf(
  {
    customers: ['acme', 'globex', 'initech'].map((id) => ({
      id,
      name: id,
      timezone: 'UTC',
      action1: { orgId: `${id}-org` },
      entraTenantIds: [],
      approvers: [],
      viewers: [],
      secondaryApprovers: [],
      unattended: { devices: [], groups: [] },
    })),
  },
  { halopsa: false },
);
const OPTIONS = {
  tickMs: 60_000,
  offlineForMinutes: 65,
  checkInAfterMs: 20_000,
  maxOfflinePerOrg: 3,
  customers: CUSTOMERS,
};
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('the demo world: a fleet that lives', () => {
  const sim = new Action1Sim({ clientId: 'api-demo@action1.example', clientSecret: 'demo-secret' });
  const store = new SqliteStore(join(mkdtempSync(join(tmpdir(), 'demo-world-')), 's.sqlite'));
  beforeAll(() => sim.start());
  afterAll(async () => {
    await sim.stop();
    await store.close();
  });

  test('devices drop off past the alert threshold and come back; new critical updates fit the device', async () => {
    const world = new DemoWorld(sim, store, OPTIONS);
    const before = new Map(
      sim.fleet.endpoints.map((e) => [e.name, { ...e, missing: [...e.missing] }]),
    );
    const now = new Date();
    for (let i = 0; i < 6; i++) await world.tick(now);
    const changed = sim.fleet.endpoints.filter((e) => {
      const was = before.get(e.name);
      return was && (was.online !== e.online || was.missing.length !== e.missing.length);
    });
    expect(changed.length).toBeGreaterThanOrEqual(3 * 3);
    for (const e of changed) {
      const was = before.get(e.name);
      if (was?.online && !e.online)
        expect(now.getTime() - e.lastSeen.getTime()).toBeGreaterThanOrEqual(65 * 60_000);
      for (const i of e.missing.filter((i) => !was?.missing.includes(i))) {
        const u = sim.fleet.updates[i];
        expect(u?.severity).toBe('Critical');
        expect(u && updateAppliesTo(u, e.os)).toBe(true);
      }
    }
    // At most three devices per customer are off because of the world: the fleet does not drain.
    for (const org of sim.fleet.orgs) {
      const newlyOff = sim
        .endpointsOf(org.id)
        .filter((e) => before.get(e.name)?.online && !e.online);
      expect(newlyOff.length).toBeLessThanOrEqual(3);
    }
  });

  test('a poll after the world moved opens a handful of new alerts, fewer than a storm per customer', async () => {
    const client = new Action1Client({
      baseUrl: sim.baseUrl,
      clientId: 'api-demo@action1.example',
      clientSecret: 'demo-secret',
    });
    const poller = new AlertPoller({
      customers: pollCustomers(CUSTOMERS, POLICY_DEFAULTS),
      fleet: new Action1Fleet(client),
      store,
      policy: POLICY_DEFAULTS,
      stormThreshold: 5,
      log: quiet,
    });
    // The first poll learns the fleet as it is. On a busy machine one customer's listing may
    // time out; it is polled again, so what follows counts only what the world changed.
    for (let attempt = 0; ; attempt++) {
      const baseline = await poller.cycle();
      if (baseline.failed.length === 0) break;
      if (attempt === 3) throw new Error(`the first poll kept failing: ${baseline.failed.join()}`);
    }
    const world = new DemoWorld(sim, store, { ...OPTIONS, seed: 11 });
    await world.tick();
    await world.tick();
    // A few milliseconds on: the baseline's last alerts must not share the second poll's instant.
    await new Promise((r) => setTimeout(r, 5));
    const second = new Date().toISOString();
    const report = await poller.cycle();
    expect(report.failed).toEqual([]);
    expect(report.opened).toBeGreaterThanOrEqual(3);
    // Each customer's new alerts, read back from the store: at most the storm threshold, so
    // each would be posted as its own card, not folded into a digest.
    const book = new AlertBook(store);
    let opened = 0;
    for (const c of CUSTOMERS) {
      const fresh = [...(await book.load(c.id)).alerts.values()].filter(
        (a) => a.openedAt >= second,
      ).length;
      expect(fresh).toBeLessThanOrEqual(5);
      opened += fresh;
    }
    expect(opened).toBe(report.opened);
  });

  test('an onboarding waiting for its device: the agent checks in after the install link went out', async () => {
    const onboardings = new DocBook<Onboarding>(store, 'onboarding', isOpen);
    const sent = new Date(Date.now() - 30_000).toISOString();
    await onboardings.create({
      id: 'ob-demo',
      customer: 'acme',
      sheet: { hostname: 'ACME-NEW-01', user: 'jdoe', os: 'Windows 11', location: 'HQ' },
      tech: { channel: 'teams', userId: 'tech' },
      place: { channel: 'teams', conversationId: 'c', kind: 'personal' },
      steps: STEPS.map((name, i) => ({
        name,
        state: i < 2 ? 'done' : i === 2 ? 'waiting' : 'pending',
        at: i <= 2 ? sent : undefined,
      })),
      startedAt: sent,
      waitingSince: sent,
      state: 'running',
      redraw: false,
    });
    const world = new DemoWorld(sim, store, OPTIONS);
    expect(sim.endpointByName('ACME-NEW-01')).toBeUndefined();
    await world.tick();
    const device = sim.endpointByName('ACME-NEW-01');
    expect(device?.orgId).toBe('acme-org');
    expect(device?.os).toBe('Windows 11 (24H2)');
  });
});
