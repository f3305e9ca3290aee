/** bench:poll's other device sources: Intune and FleetDM beside Action1, simulated and read. */
import { IntuneSim } from '../sim/intune';
import { FleetDmSim } from '../sim/fleetdm';

/**
 * Organizations that also have an Intune tenant and a FleetDM team, and the devices each of
 * those holds: 100 × (50 + 50) = 10,000 devices beside Action1's 50,000.
 */
export const OTHER_ORGS = Number(process.env.BENCH_OTHER_ORGS ?? 100);
export const OTHER_PER_SOURCE = Number(process.env.BENCH_OTHER_PER_SOURCE ?? 50);
export const INTUNE_APP = { clientId: 'intune-bench', clientSecret: 'intune-bench-secret' };
export const FLEET_TOKEN = 'fleet-bench-token-0123456789';
export interface SimUrls {
  baseUrl: string;
  intuneUrl: string;
  fleetUrl: string;
}

/** Each of the first OTHER_ORGS organizations' Intune tenant and FleetDM team, filled. */
export function otherSourceSims(): { intune: IntuneSim; fleet: FleetDmSim } {
  const intune = new IntuneSim(INTUNE_APP);
  const fleet = new FleetDmSim(FLEET_TOKEN);
  const seen = new Date().toISOString();
  for (let o = 0; o < OTHER_ORGS; o++) {
    intune.devices.set(
      `tenant-${o}`,
      Array.from({ length: OTHER_PER_SOURCE }, (_, i) => ({
        id: `i-${o}-${i}`,
        deviceName: `C${o}-MAC-${i}`,
        operatingSystem: 'macOS',
        osVersion: '14.5',
        complianceState: i % 7 === 0 ? 'noncompliant' : 'compliant',
        lastSyncDateTime: seen,
        serialNumber: `C02-${o}-${i}`,
      })),
    );
    for (let i = 0; i < OTHER_PER_SOURCE; i++)
      fleet.hosts.push({
        id: o * 1000 + i,
        hostname: `c${o}-linux-${i}`,
        display_name: '',
        computer_name: '',
        platform: 'ubuntu',
        os_version: 'Ubuntu 22.04.4 LTS',
        status: i % 11 === 0 ? 'offline' : 'online',
        seen_time: seen,
        hardware_serial: `VM-${o}-${i}`,
        team_id: o,
        issues: { failing_policies_count: i % 5 === 0 ? 1 : 0, total_issues_count: 0 },
      });
  }
  return { intune, fleet };
}

/** The floor's reads of the other sources: a token per tenant, then every page, parsed. */
export async function otherSourcePages(
  urls: SimUrls,
  o: number,
): Promise<{ calls: number; bytes: number }> {
  const tokenRes = await fetch(`${urls.intuneUrl}/tenant-${o}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: INTUNE_APP.clientId,
      client_secret: INTUNE_APP.clientSecret,
      scope: `${urls.intuneUrl}/.default`,
      grant_type: 'client_credentials',
    }).toString(),
  });
  const token = ((await tokenRes.json()) as { access_token: string }).access_token;
  let calls = 0; // the token, like Action1's, is not counted
  let bytes = 0;
  let next: string | undefined = `${urls.intuneUrl}/v1.0/deviceManagement/managedDevices`;
  while (next) {
    const text = await (
      await fetch(next, { headers: { authorization: `Bearer ${token}` } })
    ).text();
    const page = JSON.parse(text) as { '@odata.nextLink'?: string };
    calls++;
    bytes += Buffer.byteLength(text);
    next = page['@odata.nextLink'];
  }
  for (let p = 0; ; p++) {
    const text = await (
      await fetch(`${urls.fleetUrl}/api/v1/fleet/hosts?team_id=${o}&page=${p}&per_page=500`, {
        headers: { authorization: `Bearer ${FLEET_TOKEN}` },
      })
    ).text();
    calls++;
    bytes += Buffer.byteLength(text);
    if ((JSON.parse(text) as { hosts: unknown[] }).hosts.length < 500) break;
  }
  const versions = await (
    await fetch(`${urls.fleetUrl}/api/v1/fleet/os_versions?team_id=${o}&page=0&per_page=500`, {
      headers: { authorization: `Bearer ${FLEET_TOKEN}` },
    })
  ).text();
  JSON.parse(versions);
  return { calls: calls + 1, bytes: bytes + Buffer.byteLength(versions) };
}
