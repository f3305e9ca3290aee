/**
 * The fleet as commands see it, whatever RMM is behind it (Action1 today). Integrations
 * implement the Fleet port; core and commands never see an RMM's wire format.
 */
/** Where a device is known from: the RMM (Action1), Intune, FleetDM. */
export type DeviceSource = 'action1' | 'intune' | 'fleetdm';

/** Policy compliance as the source that checks it says (Intune's state, FleetDM's policies). */
export interface SourceCompliance {
  state: 'compliant' | 'noncompliant' | 'unknown';
  by: DeviceSource;
  detail?: string;
}

/** The fleet id of a customer without an Action1 organization: its devices come from elsewhere. */
export const otherSourcesId = (customer: string) => `devices:${customer}`;
/** Whether a fleet id is an Action1 organization (what only the RMM can do needs one). */
export const isAction1Org = (fleetId: string) => !fleetId.startsWith('devices:');
/**
 * Whether a device id is the RMM's: a device only another source knows has its source in its id
 * ("intune:…", "fleetdm:…"), and Action1 cannot list its updates or deploy to it.
 */
export const isRmmDevice = (endpointId: string) => !endpointId.includes(':');

export interface Endpoint {
  id: string;
  name: string;
  os: string;
  online: boolean;
  lastSeen?: Date;
  rebootRequired: boolean;
  missingCritical: number;
  missingOther: number;
  user?: string;
  /** Facts the RMM keeps for the device beyond its own (custom attributes), by name. */
  attributes?: Record<string, string>;
  /** Where the device is known from; absent: the RMM alone. */
  sources?: DeviceSource[];
  /** The hardware serial number, where a source gives it: one device in two sources is one. */
  serial?: string;
  /**
   * The RMM does not patch this device (a Mac in Intune, a Linux host in FleetDM): its missing
   * updates are not known, and it is never counted as compliant for want of them.
   */
  updatesUnknown?: boolean;
  /** Where a source checks the device against policies: what it says. */
  compliance?: SourceCompliance;
  /**
   * The operating system's update state as the device's own source knows it (FleetDM: the OS
   * version's known vulnerabilities), for a device the RMM does not patch.
   */
  osUpdate?: { state: 'current' | 'behind' | 'unknown'; detail: string; by: DeviceSource };
}

export interface MissingUpdate {
  id: string;
  name: string;
  version: string;
  severity: string;
  critical: boolean;
  /** An operating-system update (Windows, macOS) or an application's. */
  source: 'os' | 'app';
  /** The RMM's kind of update, e.g. "Security Updates", "Definition Updates". */
  kind?: string;
  /** The Windows knowledge-base number, e.g. "KB5044284". */
  kb?: string;
}

export interface EndpointGroup {
  id: string;
  name: string;
}

export type DeploymentTarget = { kind: 'endpoint' | 'group'; id: string; name: string };

export interface DeploymentResult {
  id: string;
  finished: boolean;
  status: string;
  endpoints: { name: string; status: string; detail?: string }[];
}

export interface Fleet {
  endpoints(orgId: string): Promise<Endpoint[]>;
  endpoint(orgId: string, endpointId: string): Promise<Endpoint>;
  missingUpdates(orgId: string, endpointId: string): Promise<MissingUpdate[]>;
  /** Every missing update in the organization (one listing, not one call per device). */
  orgMissingUpdates(orgId: string, criticalOnly: boolean): Promise<MissingUpdate[]>;
  groups(orgId: string): Promise<EndpointGroup[]>;
  groupMembers(orgId: string, groupId: string): Promise<Endpoint[]>;
  /** Starts an update deployment now; returns the run's id. */
  deployUpdates(
    orgId: string,
    targets: DeploymentTarget[],
    updates: MissingUpdate[] | 'all',
    summary: string,
  ): Promise<string>;
  deployment(orgId: string, runId: string): Promise<DeploymentResult>;
}
