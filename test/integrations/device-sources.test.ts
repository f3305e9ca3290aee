import type { Endpoint } from '../../src/core/fleet';
import { FleetDmSim, simHost } from '../../sim/fleetdm';
import { FleetDmClient } from '../../src/integrations/fleetdm/fleetdm-client';
import { isCompliant, summarise } from '../../src/core/patch-summary';
import { fromFleetDm, fromIntune, mergeDevices } from '../../src/integrations/device-sources';

const now = new Date('2026-12-05T12:00:00Z');
const rmm = (name: string, serial?: string, missing = 0): Endpoint => ({
  id: `a1-${name}`,
  name,
  os: 'Windows 11',
  online: true,
  rebootRequired: false,
  missingCritical: 0,
  missingOther: missing,
  ...(serial && { serial }),
});
const intune = (name: string, serial: string, complianceState: string, os = 'macOS') =>
  fromIntune(
    {
      id: `i-${name}`,
      deviceName: name,
      operatingSystem: os,
      osVersion: '14.5',
      complianceState,
      lastSyncDateTime: '2026-12-05T08:00:00Z',
      serialNumber: serial,
    },
    now,
  );
const fleet = (name: string, serial: string, failing: number, status = 'online') =>
  fromFleetDm({
    id: name.length,
    hostname: name,
    platform: 'ubuntu',
    os_version: 'Ubuntu 22.04.4 LTS',
    status,
    seen_time: '2026-12-05T11:59:00Z',
    hardware_serial: serial,
    issues: { failing_policies_count: failing, total_issues_count: failing },
  });

describe('one device list from Action1, Intune and FleetDM', () => {
  test('the same serial, or else the same host name, is one device with every source named', () => {
    const merged = mergeDevices(
      [rmm('WS-01', 'CZC111'), rmm('WS-02')],
      [
        intune('MAC-07', 'C02XY', 'compliant'),
        intune('ws-02.acme.local', 'ZZZ', 'noncompliant', 'Windows'),
      ],
      [
        fleet('mac-07-renamed', 'C02XY', 0),
        fleet('web-01', 'VMW-1', 2),
        fleet('WS-01', 'CZC111', 0),
      ],
    );
    expect(merged.map((e) => [e.name, e.sources ?? ['action1']])).toEqual([
      ['WS-01', ['action1', 'fleetdm']],
      ['WS-02', ['action1', 'intune']],
      ['MAC-07', ['intune', 'fleetdm']],
      ['web-01', ['fleetdm']],
    ]);
    const ws02 = merged[1] as Endpoint;
    // The RMM's record leads: its updates are known; Intune says it is not compliant.
    expect(ws02.updatesUnknown).toBeUndefined();
    expect(ws02.compliance).toEqual({
      state: 'noncompliant',
      by: 'intune',
      detail: 'noncompliant',
    });
    expect(isCompliant(ws02)).toBe(false);
    // A Mac only Intune and FleetDM know: compliant by both, updates unknown, so not compliant.
    const mac = merged[2] as Endpoint;
    expect(mac.updatesUnknown).toBe(true);
    expect(mac.compliance?.state).toBe('compliant');
    expect(isCompliant(mac)).toBe(false);
    expect((merged[3] as Endpoint).compliance).toEqual({
      state: 'noncompliant',
      by: 'fleetdm',
      detail: '2 failing policies',
    });
    // Of four devices, only the Windows PC the RMM finds up to date and no source objects to.
    expect(summarise(merged)).toEqual(expect.objectContaining({ devices: 4, compliant: 1 }));
  });

  test('placeholder serials are no serial; an Intune device is online while it synced in 24 h', () => {
    const merged = mergeDevices(
      [rmm('VM-1', 'To Be Filled By O.E.M.')],
      [intune('VM-2', 'To Be Filled By O.E.M.', 'compliant', 'Windows')],
    );
    expect(merged).toHaveLength(2);
    const stale = fromIntune(
      { id: 'x', deviceName: 'OLD-MAC', lastSyncDateTime: '2026-12-03T08:00:00Z' },
      now,
    );
    expect(stale.online).toBe(false);
    expect(stale.lastSeen?.toISOString()).toBe('2026-12-03T08:00:00.000Z');
    expect(stale.compliance?.state).toBe('unknown');
  });
});

test("FleetDM's OS update state: a Mac with no known OS vulnerabilities can be compliant; Linux is not known", () => {
  const versions = new Map([
    ['macOS 15.1', { name: 'macOS 15.1', platform: 'darwin', hosts_count: 1, vulnerabilities: [] }],
    [
      'macOS 14.5',
      {
        name: 'macOS 14.5',
        platform: 'darwin',
        hosts_count: 1,
        vulnerabilities: [{ cve: 'CVE-2024-44133' }],
      },
    ],
    [
      'Ubuntu 22.04.4 LTS',
      { name: 'Ubuntu 22.04.4 LTS', platform: 'ubuntu', hosts_count: 1, vulnerabilities: [] },
    ],
  ]);
  const host = (id: number, platform: string, os_version: string) =>
    fromFleetDm(
      {
        id,
        hostname: `h${id}`,
        platform,
        os_version,
        status: 'online',
        issues: { failing_policies_count: 0, total_issues_count: 0 },
      },
      versions,
    );
  const current = host(1, 'darwin', 'macOS 15.1');
  const behind = host(2, 'darwin', 'macOS 14.5');
  const linux = host(3, 'ubuntu', 'Ubuntu 22.04.4 LTS');
  expect(current.osUpdate).toEqual({
    state: 'current',
    detail: 'macOS 15.1: no known vulnerabilities',
    by: 'fleetdm',
  });
  expect(behind.osUpdate?.state).toBe('behind');
  // An empty list for Linux means FleetDM has no data, not that it is current.
  expect(linux.osUpdate?.state).toBe('unknown');
  expect([current, behind, linux].map(isCompliant)).toEqual([true, false, false]);
});

test('FleetDM is read page by page until a page comes back short, for its team only', async () => {
  const sim = new FleetDmSim();
  for (let i = 1; i <= 5; i++)
    sim.hosts.push(
      simHost(i, { hostname: `h${i}`, hardware_serial: `S${i}`, team_id: i === 5 ? 9 : 3 }, now),
    );
  await sim.start();
  try {
    const client = new FleetDmClient({ url: sim.url, apiToken: sim.apiToken, pageSize: 2 });
    expect((await client.hosts(3)).map((h) => h.hostname)).toEqual(['h1', 'h2', 'h3', 'h4']);
    const pages = sim.server.requests.filter((r) => r.path.startsWith('/api/v1/fleet/hosts'));
    expect(pages.map((r) => new URL(r.path, sim.url).searchParams.get('page'))).toEqual([
      '0',
      '1',
      '2',
    ]);
    const wrong = new FleetDmClient({ url: sim.url, apiToken: 'not-the-token' });
    await expect(wrong.hosts(3)).rejects.toThrow(/Authentication required/);
  } finally {
    await sim.stop();
  }
});
