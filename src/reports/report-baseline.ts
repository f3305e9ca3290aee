import { count } from '../core/wording';
import { summarise, type PatchSummary } from '../core/patch-summary';
import type { CustomerLine, FleetFacts, SoftwareLine } from './report-data';
import type { Endpoint } from '../core/fleet';
import { HEALTH_ATTRIBUTES } from '../core/health-attributes';
import { softwareLines } from './report-data';
import { healthAreas, type BaselineArea } from './report-health';
import type { Period } from './report-period';
import { withEdr } from './report-security';

export interface BaselineReport {
  kind: 'baseline';
  customer: CustomerLine;
  period: Period;
  generatedAt: Date;
  patch: PatchSummary;
  areas: BaselineArea[];
  software: SoftwareLine[];
}

/**
 * Runbook section 7: each area with a status and a note. Areas Action1 can't answer are marked
 * "unknown" and say so: a baseline that guesses is worse than one that admits a gap.
 */
export function baselineReport(
  customer: CustomerLine,
  period: Period,
  now: Date,
  facts: FleetFacts,
  /** The customer's devices in MeshCentral; undefined where it is not set up. */
  meshEnrolled: MeshDevices | 'unreachable' | undefined,
): BaselineReport {
  const patch = summarise(facts.endpoints);
  const software = softwareLines(facts.software);
  const os = facts.missing.filter((u) => u.source === 'os' && u.kind !== 'Definition Updates');
  const osCritical = os.filter((u) => u.critical).length;
  const outdated = software.filter((s) => s.outdated > 0);
  const offline = patch.offline;
  const areas: BaselineArea[] = [
    {
      area: 'Windows Update',
      status: osCritical > 0 ? 'problem' : os.length > 0 ? 'attention' : 'ok',
      finding:
        os.length === 0
          ? 'Up to date'
          : `${os.length} OS update${os.length === 1 ? '' : 's'} missing (${osCritical} critical)`,
      note:
        os.length === 0 ? '-' : 'Deployed in the next maintenance window (critical: within 24 h)',
    },
    {
      area: '3rd-Party Apps',
      status: outdated.length > 0 ? 'attention' : 'ok',
      finding:
        outdated.length === 0
          ? 'Up to date'
          : `${outdated
              .slice(0, 3)
              .map((s) => s.name)
              .join(
                ', ',
              )}${outdated.length > 3 ? ` and ${outdated.length - 3} more` : ''} outdated`,
      note: outdated.length === 0 ? '-' : 'Auto-update scheduled daily (02:30 UTC)',
    },
    ...healthAreas(
      withWazuhFirewall(withMeshSecurity(facts.endpoints, meshEnrolled), facts.firewalls),
      facts.missing,
    ).map((a) => (a.area === 'AV / EDR' ? withEdr(a, facts.endpoints, facts.security) : a)),
    remoteAccess(facts, patch.devices, offline, meshEnrolled),
  ];
  return { kind: 'baseline', customer, period, generatedAt: now, patch, areas, software };
}

/**
 * A MeshCentral device by lower-case name, with what its agent's Windows Security Center report
 * says (MeshCentral's `wsc`: "OK" or a problem), where it has one.
 */
export type MeshDevices = ReadonlyMap<string, { antivirus?: string; firewall?: string }>;

/**
 * Devices that have not reported antivirus or firewall to Action1 take MeshCentral's word for it
 * where its agent reports them (OK is on; anything else, as MeshCentral itself shows, is not).
 */
function withMeshSecurity(
  endpoints: readonly Endpoint[],
  mesh: MeshDevices | 'unreachable' | undefined,
): Endpoint[] {
  if (!mesh || mesh === 'unreachable') return [...endpoints];
  const word = (v: string) => (v === 'OK' ? 'on' : 'off');
  return endpoints.map((e) => {
    const wsc = mesh.get(e.name.toLowerCase());
    if (!wsc) return e;
    const attributes = { ...e.attributes };
    if (wsc.antivirus && !attributes[HEALTH_ATTRIBUTES.antivirus])
      attributes[HEALTH_ATTRIBUTES.antivirus] = word(wsc.antivirus);
    if (wsc.firewall && !attributes[HEALTH_ATTRIBUTES.firewall])
      attributes[HEALTH_ATTRIBUTES.firewall] = word(wsc.firewall);
    return { ...e, attributes };
  });
}

/** Devices that have not reported their firewall take Wazuh's SCA scans' word for it. */
function withWazuhFirewall(
  endpoints: Endpoint[],
  firewalls: ReadonlyMap<string, 'on' | 'off'> | undefined,
): Endpoint[] {
  if (!firewalls || firewalls.size === 0) return endpoints;
  return endpoints.map((e) => {
    const state = firewalls.get(e.name.toLowerCase());
    if (!state || e.attributes?.[HEALTH_ATTRIBUTES.firewall]) return e;
    return { ...e, attributes: { ...e.attributes, [HEALTH_ATTRIBUTES.firewall]: state } };
  });
}

/** Remote access, judged per device: Action1's agent online, and enrolled in MeshCentral or not. */
function remoteAccess(
  facts: FleetFacts,
  devices: number,
  offline: number,
  enrolled: MeshDevices | 'unreachable' | undefined,
): BaselineArea {
  const online = `Action1 agent on ${devices - offline} of ${count(devices, 'device')} online`;
  if (enrolled === 'unreachable')
    return {
      area: 'Remote Access',
      status: 'unknown',
      finding: online,
      note: 'MeshCentral is configured but did not answer: which devices it covers is not known',
    };
  if (!enrolled)
    return {
      area: 'Remote Access',
      status: 'attention',
      finding: online,
      note: 'No MeshCentral fallback configured',
    };
  const missing = facts.endpoints.filter((e) => !enrolled.has(e.name.toLowerCase())).length;
  const notes = [
    ...(offline > 0 ? [`${offline} offline: not reachable through Action1 until back online`] : []),
    ...(missing > 0 ? [`${missing} not enrolled in MeshCentral: no fallback for those`] : []),
  ];
  return {
    area: 'Remote Access',
    status: offline + missing > 0 ? 'attention' : 'ok',
    finding: `${online}; MeshCentral fallback on ${devices - missing} of ${devices}`,
    note: notes.join('; ') || '-',
  };
}
