import type { MspFile, Policy } from './config-schema';
import type { MaintenanceWindow } from '../core/maintenance-window';
import type { Support } from './support-schema';
import { otherSourcesId } from '../core/fleet';

/**
 * A customer of the MSP, read once from the config file. Every part of the bot takes the fields
 * it needs (`Pick<Customer, …>`) from this one shape; nothing keeps a copy of its own.
 */
export interface Customer {
  /** The short name people type ("acme"). */
  id: string;
  name: string;
  /** IANA zone: reports run and maintenance windows are read in it. */
  timezone: string;
  /** The Action1 organization; without one the customer has no fleet to show. */
  fleetId?: string;
  /** The HaloPSA client, only when HaloPSA is set up for the bot. */
  haloClientId?: number;
  /** HaloPSA priority ids whose closing tickets get the incident summary posted. */
  summaryOnClosePriorities?: readonly number[];
  /** The customer's own Entra tenants: a conversation from one is about this customer. */
  entraTenantIds: readonly string[];
  approvers: readonly string[];
  /** Asked when the approvers have not answered a remote-session request in time. */
  secondaryApprovers: readonly string[];
  viewers: readonly string[];
  /** Devices (names) and Action1 groups pre-approved for unattended access. */
  unattended: { devices: readonly string[]; groups: readonly string[] };
  /** MeshCentral device groups that hold this customer's devices (the fallback's scope). */
  meshGroups: readonly string[];
  maintenanceWindow?: MaintenanceWindow;
  /** Device sources besides Action1: the customer's Intune tenant and FleetDM team. */
  intuneTenant?: string;
  fleetTeam?: number;
  /** The customer's Wazuh agent groups and the least rule level that is an alert for it. */
  wazuh?: { groups: readonly string[]; minLevel: number };
  /** The customer's exceptions to the MSP's patch policy. */
  policyOverrides?: Partial<Policy>;
  /** Support contacts and the escalation path, where the MSP set them. */
  support?: Support;
}

/** The customers of the config file; HaloPSA ids only where the bot talks to HaloPSA. */
export function customersOf(
  file: Pick<MspFile, 'customers'>,
  with_: { halopsa: boolean },
): Customer[] {
  return file.customers.map((c) => ({
    id: c.id,
    name: c.name,
    timezone: c.timezone,
    // Without Action1, a customer with Intune or FleetDM still has a fleet: theirs.
    fleetId: c.action1?.orgId ?? (c.intune || c.fleetdm ? otherSourcesId(c.id) : undefined),
    intuneTenant: c.intune?.tenantId,
    fleetTeam: c.fleetdm?.teamId,
    haloClientId: with_.halopsa ? c.halopsa?.clientId : undefined,
    summaryOnClosePriorities: with_.halopsa ? (c.halopsa?.summaryOnClosePriorities ?? []) : [],
    entraTenantIds: c.entraTenantIds,
    approvers: c.approvers,
    secondaryApprovers: c.secondaryApprovers,
    viewers: c.viewers,
    unattended: c.unattended,
    meshGroups: c.meshcentral?.groups ?? [],
    maintenanceWindow: c.maintenanceWindow,
    wazuh: c.wazuh,
    policyOverrides: c.policy,
    support: c.support,
  }));
}

/** The MSP's patch policy with one customer's exceptions laid over it. */
export const effectivePolicy = (base: Policy, overrides: Partial<Policy> = {}): Policy => ({
  ...base,
  ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)),
});
