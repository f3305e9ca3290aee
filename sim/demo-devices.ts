import { simHost, type FleetDmSim, type SimHost } from './fleetdm';
import type { IntuneSim } from './intune';

/** Globex's Entra tenant and FleetDM team in the demo (msp.config.example.yaml names them). */
export const DEMO_GLOBEX_TENANT = 'globex-demo-tenant';
export const DEMO_GLOBEX_TEAM = 2;

const hoursAgo = (now: Date, h: number) => new Date(now.getTime() - h * 3_600_000).toISOString();

/**
 * Demo mode's devices beside Action1: Globex's Macs in Intune (one also in FleetDM: the same
 * serial, so one device), and its Linux servers in FleetDM, one with failing policies and one
 * offline, so `patch-status globex` and `devices globex` show every source, compliance from
 * the source that checks it, and update states Action1 does not know.
 */
export function populateDemoDevices(
  intune: IntuneSim,
  fleetdm: FleetDmSim,
  now = new Date(),
): void {
  intune.devices.set(DEMO_GLOBEX_TENANT, [
    {
      id: 'globex-mac-1',
      deviceName: 'GLOBEX-MAC-01',
      operatingSystem: 'macOS',
      osVersion: '15.1',
      complianceState: 'compliant',
      lastSyncDateTime: hoursAgo(now, 2),
      serialNumber: 'C02GLXMAC01',
      userPrincipalName: 'hank@globex.example',
    },
    {
      id: 'globex-mac-2',
      deviceName: 'GLOBEX-MAC-02',
      operatingSystem: 'macOS',
      osVersion: '14.4',
      complianceState: 'noncompliant',
      lastSyncDateTime: hoursAgo(now, 5),
      serialNumber: 'C02GLXMAC02',
      userPrincipalName: 'lin@globex.example',
    },
  ]);
  const host = (id: number, fields: Partial<SimHost>) =>
    simHost(id, { hardware_serial: `GLX-SRV-${id}`, team_id: DEMO_GLOBEX_TEAM, ...fields }, now);
  fleetdm.hosts.push(
    host(1, { hostname: 'globex-web-01' }),
    host(2, {
      hostname: 'globex-db-01',
      issues: { failing_policies_count: 2, total_issues_count: 2 },
    }),
    host(3, { hostname: 'globex-backup-01', status: 'offline', seen_time: hoursAgo(now, 30) }),
    host(4, {
      hostname: 'GLOBEX-MAC-02',
      platform: 'darwin',
      os_version: 'macOS 14.4',
      hardware_serial: 'C02GLXMAC02',
    }),
  );
  // Fleet's own word on the Mac's macOS: one known vulnerability, so an update is due.
  fleetdm.osVersions.set(DEMO_GLOBEX_TEAM, [
    {
      os_version_id: 1,
      name: 'macOS 14.4',
      name_only: 'macOS',
      version: '14.4',
      platform: 'darwin',
      hosts_count: 1,
      vulnerabilities: [
        { cve: 'CVE-2024-27834', details_link: 'https://nvd.nist.gov/vuln/detail/CVE-2024-27834' },
      ],
    },
  ]);
}
