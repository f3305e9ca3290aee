import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { loadConfig } from '../../src/config/config';
import { customersOf } from '../../src/config/customer';
import { startDemoBackends, type DemoBackends } from '../../src/app/demo';
import { buildOutsideSystems } from '../../src/app/outside';
import { SqliteStore } from '../../src/store/sqlite-store';
import { WazuhApi, WazuhIndexer } from '../../src/integrations/wazuh/wazuh-client';
import { WazuhAgents } from '../../src/integrations/wazuh/wazuh-agents';
import { Action1Sim } from '../../sim/action1/action1-sim';
import { WazuhSim } from '../../sim/wazuh';
import { DemoSecurity } from '../../sim/demo-security';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const dir = mkdtempSync(join(tmpdir(), 'demo-security-'));

describe("demo mode's Wazuh", () => {
  // The demo as npm start builds it: the example config, its simulators, read by our clients.
  const config = loadConfig({ MSP_CONFIG: './msp.config.yaml', DATA_DIR: join(dir, 'data') });
  const customers = customersOf(config.file, { halopsa: true });
  const store = new SqliteStore(join(dir, 'store.sqlite'));
  let demo: DemoBackends;
  beforeAll(async () => {
    demo = await startDemoBackends();
    demo.liven(store, customers);
  });
  afterAll(async () => {
    await demo.stop();
    await store.close();
  });

  test('every device of a customer with Wazuh groups has an agent there; the others none', async () => {
    expect(config.mode).toBe('demo');
    const api = new WazuhApi({
      apiUrl: demo.wazuh.api.url,
      user: demo.wazuh.api.user,
      password: demo.wazuh.api.password,
    });
    const groups = new Map(
      customers.flatMap((c) => (c.wazuh?.groups ?? []).map((g) => [g, c.id] as const)),
    );
    const agents = new WazuhAgents(api, groups, quiet);
    // The example config: Acme (64 devices) and Globex (52) name Wazuh groups, Initech does not.
    expect(await agents.ofCustomer('acme')).toHaveLength(64);
    expect(await agents.ofCustomer('globex')).toHaveLength(52);
    expect(await agents.ofCustomer('initech')).toHaveLength(0);
    const [first] = await agents.ofCustomer('acme');
    expect(await agents.customerOf(first?.id ?? '')).toBe('acme');
  });
});

describe("demo mode's devices beside Action1", () => {
  test('Globex has its Macs from Intune and its Linux servers from FleetDM, the Mac in both once', async () => {
    const dir2 = mkdtempSync(join(tmpdir(), 'demo-devices-'));
    const config = loadConfig({ MSP_CONFIG: './msp.config.yaml', DATA_DIR: join(dir2, 'data') });
    const outside = await buildOutsideSystems(config);
    try {
      const endpoints = await outside.fleet.endpoints('globex-org');
      const fromAction1 = endpoints.filter((e) => !e.sources || e.sources.includes('action1'));
      const others = endpoints.filter((e) => e.sources && !e.sources.includes('action1'));
      // The demo fleet's own size, from the generator (DEMO_ORGS): Globex has 52 in Action1.
      expect(fromAction1).toHaveLength(52);
      expect(others.map((e) => e.name).sort()).toEqual([
        'GLOBEX-MAC-01',
        'GLOBEX-MAC-02',
        'globex-backup-01',
        'globex-db-01',
        'globex-web-01',
      ]);
      const mac = others.find((e) => e.name === 'GLOBEX-MAC-02');
      expect(mac?.sources?.sort()).toEqual(['fleetdm', 'intune']);
      expect(mac?.compliance).toBeDefined();
    } finally {
      await outside.demo?.stop();
      await outside.store.close();
    }
  });
});

describe('the demo security world', () => {
  const action1 = new Action1Sim({ clientId: 'api-d@action1.example', clientSecret: 's' });
  const wazuh = new WazuhSim();
  beforeAll(() => Promise.all([action1.start(), wazuh.start()]));
  afterAll(() => Promise.all([action1.stop(), wazuh.stop()]));

  test("agents trip Wazuh's rules now and then, and the indexer holds the alerts for the bot", async () => {
    const world = new DemoSecurity(wazuh, action1, {
      tickMs: 60_000,
      customers: [{ id: 'acme', fleetId: 'acme-org', wazuh: { groups: ['acme'] } }],
    });
    const start = new Date('2026-12-01T09:00:00Z');
    for (let i = 0; i < 20; i++) world.tick(new Date(start.getTime() + i * 30_000));
    const indexer = new WazuhIndexer({
      url: wazuh.url,
      user: wazuh.indexer.user,
      password: wazuh.indexer.password,
    });
    const all = await indexer.alerts(start, 0, undefined);
    const alerts = all.alerts as { agent: { name: string }; rule: { level: number } }[];
    // Seeded: about every other step, so some but not twenty.
    expect(alerts.length).toBeGreaterThan(3);
    expect(alerts.length).toBeLessThan(20);
    const acme = new Set(action1.endpointsOf('acme-org').map((e) => e.name));
    for (const a of alerts) expect(acme.has(a.agent.name)).toBe(true);
    // Some reach the default alert level (10), and the indexer's level filter leaves the rest.
    const alerting = await indexer.alerts(start, 10, undefined);
    expect(alerting.alerts.length).toBe(alerts.filter((a) => a.rule.level >= 10).length);
    expect(alerting.alerts.length).toBeGreaterThan(0);
  });
});
