import { WazuhSim, type SimAgent, type SimAlert } from '../../sim/wazuh';
import { startHarness, TEST_CONFIG, type Harness } from './harness';

export const WAZUH_SECRET = 'wazuh-integrator-secret-0123456789';
export const DASHBOARD = 'https://wazuh.msp.example';

/** The MSP's Wazuh agents: each customer's in its groups, one in none, one in two customers'. */
export const AGENTS = {
  acmeWorkstation: { id: '001', name: 'WS-ACME-01', group: ['default', 'acme-workstations'] },
  acmeServer: { id: '002', name: 'SRV-ACME-DC', group: ['acme-servers'] },
  globexLaptop: { id: '003', name: 'GLOBEX-LAP-7', group: ['globex'] },
  initechPc: { id: '004', name: 'INITECH-PC-2', group: ['initech'] },
  stray: { id: '005', name: 'LAB-TEST-1', group: ['lab'] },
  shared: { id: '006', name: 'SHARED-KIOSK', group: ['acme-servers', 'globex'] },
} satisfies Record<string, SimAgent>;

export async function startWazuh(): Promise<WazuhSim> {
  const sim = new WazuhSim();
  sim.agents.push(
    ...Object.values(AGENTS).map((a) => ({
      ...a,
      status: 'active',
      lastKeepAlive: new Date().toISOString(),
    })),
  );
  await sim.start();
  return sim;
}

export const wazuhEnv = (sim: WazuhSim, extra: Record<string, string> = {}) => ({
  WAZUH_API_URL: sim.url,
  WAZUH_API_USER: sim.api.user,
  WAZUH_API_PASSWORD: sim.api.password,
  WAZUH_SHARED_SECRET: WAZUH_SECRET,
  WAZUH_INDEXER_URL: sim.url,
  WAZUH_INDEXER_USER: sim.indexer.user,
  WAZUH_INDEXER_PASSWORD: sim.indexer.password,
  WAZUH_DASHBOARD_URL: DASHBOARD,
  ...extra,
});

/**
 * The test customers with their Wazuh groups (Acme at the default level 10, Globex from 5) and
 * Initech in a maintenance window that is open now; every alert its own card unless `storm`.
 */
export function securityConfig(options: { storm?: number } = {}): string {
  const opened = new Date(Date.now() - 3_600_000);
  const day = opened.toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' });
  const start = opened.toISOString().slice(11, 16);
  return `${TEST_CONFIG.replace(
    '    action1: { orgId: acme-org }\n',
    '    action1: { orgId: acme-org }\n    wazuh: { groups: [acme-workstations, acme-servers] }\n',
  )
    .replace(
      '    action1: { orgId: globex-org }\n',
      '    action1: { orgId: globex-org }\n    wazuh: { groups: [globex], minLevel: 5 }\n',
    )
    .replace(
      '    action1: { orgId: initech-org }\n',
      `    action1: { orgId: initech-org }\n    wazuh: { groups: [initech] }\n    maintenanceWindow: { day: ${day.toLowerCase()}, start: "${start}", hours: 3 }\n`,
    )}alerts: { stormThreshold: ${options.storm ?? 1000}, perChannelPerSecond: 100 }\n`;
}

/** POSTs to the bot's Wazuh door as the integrator's script does. */
export function postWazuh(
  h: Pick<Harness, 'baseUrl'>,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${h.baseUrl}/wazuh/alerts`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${WAZUH_SECRET}`,
      'content-type': 'application/json',
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export const rule = (
  level: number,
  id = '60122',
  description = 'Logon failure: unknown user or bad password',
) =>
  ({
    id,
    level,
    description,
    groups: ['windows', 'authentication_failed'],
  }) satisfies SimAlert['rule'];

/**
 * The bot with Wazuh's simulator, started before the tests of a `describe` and stopped after;
 * `ready` gets both once they are up (to keep them, and to subscribe channels).
 */
export function withWazuhBot(
  ready: (world: { h: Harness; wazuh: WazuhSim }) => Promise<unknown>,
  options: { storm?: number } = {},
) {
  let world: { h: Harness; wazuh: WazuhSim } | undefined;
  beforeAll(async () => {
    const wazuh = await startWazuh();
    world = { wazuh, h: await startHarness(wazuhEnv(wazuh), { yaml: securityConfig(options) }) };
    await ready(world);
  });
  afterAll(async () => {
    await world?.h.stop();
    await world?.wazuh.stop();
  });
}
