import type { Endpoint, Fleet } from './fleet';
import type { FleetSnapshots } from './fleet-snapshot';

/**
 * The fleet, with every single device read live also written into the snapshot: after a device
 * card, an onboarding scan or a finished deployment the next answer from the snapshot shows the
 * device as it was just read. Listings pass through; the poll records those itself.
 */
export function writeThrough(fleet: Fleet, snapshots: FleetSnapshots): Fleet {
  return {
    endpoints: (org) => fleet.endpoints(org),
    async endpoint(org, id): Promise<Endpoint> {
      const e = await fleet.endpoint(org, id);
      await snapshots.update(org, [e]);
      return e;
    },
    missingUpdates: (org, id) => fleet.missingUpdates(org, id),
    orgMissingUpdates: (org, critical) => fleet.orgMissingUpdates(org, critical),
    groups: (org) => fleet.groups(org),
    groupMembers: (org, group) => fleet.groupMembers(org, group),
    deployUpdates: (org, targets, updates, summary) =>
      fleet.deployUpdates(org, targets, updates, summary),
    deployment: (org, run) => fleet.deployment(org, run),
  };
}
