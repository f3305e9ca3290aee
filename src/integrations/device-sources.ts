import type {
  DeploymentResult,
  DeploymentTarget,
  DeviceSource,
  Endpoint,
  EndpointGroup,
  Fleet,
  MissingUpdate,
  SourceCompliance,
} from '../core/fleet';
import { isAction1Org, isRmmDevice } from '../core/fleet';
import type { IntuneClient, ManagedDevice } from './intune/intune-client';
import type { FleetDmClient, FleetHost, OsVersion } from './fleetdm/fleetdm-client';

/** Where one customer's devices are: its Action1 organization, Intune tenant, FleetDM team. */
export interface CustomerDevices {
  name: string;
  action1Org?: string;
  intuneTenant?: string;
  fleetTeam?: number;
}

/** An Intune device counts as online while it synced within this long (Intune syncs every ~8 h). */
const INTUNE_ONLINE_HOURS = 24;

const INTUNE_STATES: Record<string, SourceCompliance['state']> = {
  compliant: 'compliant',
  noncompliant: 'noncompliant',
  conflict: 'noncompliant',
  error: 'noncompliant',
  inGracePeriod: 'noncompliant',
};

export function fromIntune(d: ManagedDevice, now: Date): Endpoint {
  const synced = d.lastSyncDateTime ? new Date(d.lastSyncDateTime) : undefined;
  const seen = synced && Number.isFinite(synced.getTime()) ? synced : undefined;
  const state = d.complianceState ?? 'unknown';
  return {
    id: `intune:${d.id}`,
    name: d.deviceName || d.id,
    os: [d.operatingSystem, d.osVersion].filter(Boolean).join(' ') || 'unknown OS',
    online: !!seen && now.getTime() - seen.getTime() < INTUNE_ONLINE_HOURS * 3_600_000,
    lastSeen: seen,
    rebootRequired: false,
    missingCritical: 0,
    missingOther: 0,
    user: d.userPrincipalName ?? undefined,
    sources: ['intune'],
    serial: d.serialNumber ?? undefined,
    updatesUnknown: true,
    compliance: { state: INTUNE_STATES[state] ?? 'unknown', by: 'intune', detail: state },
  };
}

/** FleetDM has OS vulnerability data for these platforms only (its REST API document). */
const OS_VULNERABILITY_PLATFORMS = new Set(['darwin', 'windows']);

/** The OS update state FleetDM gives: its OS version's known vulnerabilities, where it has them. */
function osUpdateOf(h: FleetHost, versions: ReadonlyMap<string, OsVersion>): Endpoint['osUpdate'] {
  const version = versions.get(h.os_version);
  if (!version || !OS_VULNERABILITY_PLATFORMS.has(h.platform))
    return {
      state: 'unknown',
      detail: `${h.os_version || h.platform}: OS update state not known`,
      by: 'fleetdm',
    };
  const cves = version.vulnerabilities?.length ?? 0;
  return cves > 0
    ? {
        state: 'behind',
        detail: `${version.name}: ${cves} known vulnerabilit${cves === 1 ? 'y' : 'ies'}, OS update due`,
        by: 'fleetdm',
      }
    : { state: 'current', detail: `${version.name}: no known vulnerabilities`, by: 'fleetdm' };
}

export function fromFleetDm(
  h: FleetHost,
  versions: ReadonlyMap<string, OsVersion> = new Map(),
): Endpoint {
  const seen = h.seen_time ? new Date(h.seen_time) : undefined;
  const failing = h.issues?.failing_policies_count;
  return {
    id: `fleetdm:${h.id}`,
    name: h.display_name || h.computer_name || h.hostname || `host ${h.id}`,
    os: h.os_version || h.platform || 'unknown OS',
    online: h.status === 'online',
    lastSeen: seen && Number.isFinite(seen.getTime()) ? seen : undefined,
    rebootRequired: false,
    missingCritical: 0,
    missingOther: 0,
    sources: ['fleetdm'],
    serial: h.hardware_serial || undefined,
    updatesUnknown: true,
    osUpdate: osUpdateOf(h, versions),
    ...(failing !== undefined && {
      compliance: {
        state: failing > 0 ? 'noncompliant' : 'compliant',
        by: 'fleetdm',
        detail: `${failing} failing polic${failing === 1 ? 'y' : 'ies'}`,
      },
    }),
  };
}

/** Serial numbers that are no serial (virtual machines, unset firmware). */
const NO_SERIAL = /^(0+|none|n\/a|default string|to be filled by o\.e\.m\.|system serial number)$/i;
const serialKey = (s?: string) => {
  const v = s?.trim().toUpperCase();
  return v && !NO_SERIAL.test(v) ? `serial:${v}` : undefined;
};
/** A host name without its domain, in lower case: "WS-01.acme.local" is "ws-01". */
const nameKey = (n: string) => `name:${n.trim().toLowerCase().split('.')[0]}`;

/** Both sources' word: non-compliant if either says so, compliant if one does and none objects. */
function bothSay(a?: SourceCompliance, b?: SourceCompliance): SourceCompliance | undefined {
  if (!a || !b) return a ?? b;
  const worst = a.state === 'noncompliant' ? a : b.state === 'noncompliant' ? b : undefined;
  if (worst) return worst;
  return a.state === 'compliant' ? a : b;
}

/**
 * One list of a customer's devices from every source: a device two sources know (the same serial
 * number, or else the same host name) is one device, with every source named. The RMM's record
 * leads (it knows the updates); a device only Intune or FleetDM knows has its updates unknown.
 */
export function mergeDevices(...lists: readonly (readonly Endpoint[])[]): Endpoint[] {
  const merged: Endpoint[] = [];
  const index = new Map<string, number>();
  for (const list of lists)
    for (const device of list) {
      const keys = [serialKey(device.serial), nameKey(device.name)].filter(
        (k): k is string => k !== undefined,
      );
      const at = keys.map((k) => index.get(k)).find((i) => i !== undefined);
      if (at === undefined) {
        merged.push(device);
        for (const k of keys) index.set(k, merged.length - 1);
        continue;
      }
      const known = merged[at] as Endpoint;
      const sources: DeviceSource[] = [
        ...new Set([...(known.sources ?? ['action1']), ...(device.sources ?? ['action1'])]),
      ];
      const rest = { ...known };
      delete rest.updatesUnknown;
      const compliance = bothSay(known.compliance, device.compliance);
      const serial = known.serial ?? device.serial;
      merged[at] = {
        ...rest,
        sources,
        ...(serial && { serial }),
        // Updates are known when any of the two knows them (the RMM's record leads).
        ...(known.updatesUnknown && device.updatesUnknown && { updatesUnknown: true }),
        ...(compliance && { compliance }),
        ...((known.osUpdate ?? device.osUpdate) && { osUpdate: known.osUpdate ?? device.osUpdate }),
      };
      for (const k of keys) if (!index.has(k)) index.set(k, at);
    }
  return merged;
}

/**
 * The Fleet port over every device source: listings merge Action1, Intune and FleetDM per
 * customer; what only an RMM can do (updates, deployments, groups) goes to Action1, and a
 * customer without an Action1 organization is told so.
 */
export class MultiSourceFleet implements Fleet {
  constructor(
    private readonly action1: Fleet,
    private readonly customers: ReadonlyMap<string, CustomerDevices>,
    private readonly intune?: Pick<IntuneClient, 'devices'>,
    private readonly fleetdm?: Pick<FleetDmClient, 'hosts' | 'osVersions'>,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async endpoints(fleetId: string): Promise<Endpoint[]> {
    const c = this.customers.get(fleetId);
    if (!c || (!c.intuneTenant && c.fleetTeam === undefined))
      return this.action1.endpoints(fleetId);
    const { intune, fleetdm } = this;
    const [rmm, mdm, fleet] = await Promise.all([
      c.action1Org ? this.action1.endpoints(c.action1Org) : [],
      c.intuneTenant && intune
        ? intune.devices(c.intuneTenant).then((l) => l.map((d) => fromIntune(d, this.clock())))
        : [],
      c.fleetTeam !== undefined && fleetdm ? this.fleetHosts(fleetdm, c.fleetTeam) : [],
    ]);
    return mergeDevices(rmm, mdm, fleet);
  }

  private async fleetHosts(fleetdm: Pick<FleetDmClient, 'hosts' | 'osVersions'>, team: number) {
    const [hosts, versions] = await Promise.all([fleetdm.hosts(team), fleetdm.osVersions(team)]);
    const byName = new Map(versions.map((v) => [v.name, v]));
    return hosts.map((h) => fromFleetDm(h, byName));
  }

  async endpoint(fleetId: string, endpointId: string): Promise<Endpoint> {
    const c = this.customers.get(fleetId);
    if (!c || (!c.intuneTenant && c.fleetTeam === undefined))
      return this.action1.endpoint(fleetId, endpointId);
    const found = (await this.endpoints(fleetId)).find((e) => e.id === endpointId);
    if (!found) throw new Error(`no device ${endpointId} for ${c.name}`);
    return found;
  }

  missingUpdates(fleetId: string, endpointId: string): Promise<MissingUpdate[]> {
    if (!isAction1Org(fleetId) || !isRmmDevice(endpointId)) return Promise.resolve([]);
    return this.action1.missingUpdates(fleetId, endpointId);
  }

  orgMissingUpdates(fleetId: string, criticalOnly: boolean): Promise<MissingUpdate[]> {
    if (!isAction1Org(fleetId)) return Promise.resolve([]);
    return this.action1.orgMissingUpdates(fleetId, criticalOnly);
  }

  groups(fleetId: string): Promise<EndpointGroup[]> {
    return this.rmm(fleetId, () => this.action1.groups(fleetId));
  }

  groupMembers(fleetId: string, groupId: string): Promise<Endpoint[]> {
    return this.rmm(fleetId, () => this.action1.groupMembers(fleetId, groupId));
  }

  deployUpdates(
    fleetId: string,
    targets: DeploymentTarget[],
    updates: MissingUpdate[] | 'all',
    summary: string,
  ): Promise<string> {
    const other = targets.find((t) => !isRmmDevice(t.id));
    if (other)
      return Promise.reject(
        new Error(`${other.name} is not managed by Action1: its updates come from its own source`),
      );
    return this.rmm(fleetId, () => this.action1.deployUpdates(fleetId, targets, updates, summary));
  }

  deployment(fleetId: string, runId: string): Promise<DeploymentResult> {
    return this.rmm(fleetId, () => this.action1.deployment(fleetId, runId));
  }

  private rmm<T>(fleetId: string, work: () => Promise<T>): Promise<T> {
    if (isAction1Org(fleetId)) return work();
    const name = this.customers.get(fleetId)?.name ?? fleetId;
    return Promise.reject(new Error(`${name} has no Action1 organization: that needs the RMM`));
  }
}
