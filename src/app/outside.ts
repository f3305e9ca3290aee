import type { Config } from '../config/config';
import { customersOf } from '../config/customer';
import { openStore } from '../store/open-store';
import { Action1Client } from '../integrations/action1/action1-client';
import { Action1Fleet } from '../integrations/action1/action1-fleet';
import { RequestBudget } from '../integrations/http/request-budget';
import { FleetSnapshots } from '../core/fleet-snapshot';
import { HaloPsaClient } from '../integrations/halopsa/halopsa-client';
import { haloTicketDesk } from '../integrations/halopsa/halo-ticket-desk';
import { MeshCentralClient } from '../integrations/meshcentral/meshcentral-client';
import { startDemoBackends } from './demo';
import type { Customer } from '../config/customer';
import { isAction1Org, type Fleet } from '../core/fleet';
import { MultiSourceFleet } from '../integrations/device-sources';
import { IntuneClient } from '../integrations/intune/intune-client';
import { FleetDmClient } from '../integrations/fleetdm/fleetdm-client';

/**
 * The first things built: the outside systems (demo mode's in-process simulators instead), the
 * store, and the customers, read once from the config.
 */
export async function buildOutsideSystems(config: Readonly<Config>) {
  const demo = config.mode === 'demo' ? await startDemoBackends() : undefined;
  const action1Settings = demo?.action1 ?? config.action1;
  if (!action1Settings)
    throw new Error('Action1 settings missing outside demo mode (config should have refused)');
  const haloSettings = demo?.halopsa ?? config.halopsa;
  const store = await openStore(config.env);
  // Request budgets shared by every instance on this store (HaloPSA's is its published limit).
  const { budgets } = config.file.capacity;
  const budgetOf = (name: string, b: { requests: number; perSeconds: number }) =>
    new RequestBudget(store, name, { requests: b.requests, windowMs: b.perSeconds * 1000 });
  const action1 = new Action1Client({
    ...action1Settings,
    http: { budget: budgetOf('action1', budgets.action1) },
  });
  const halo =
    haloSettings &&
    new HaloPsaClient({
      ...haloSettings,
      http: { budget: budgetOf('halopsa', budgets.halopsa) },
    });
  const customers = customersOf(config.file, { halopsa: !!halo });
  demo?.liven(store, customers);
  return {
    demo,
    store,
    action1,
    fleet: deviceFleet(demo?.devices ?? config.devices, customers, new Action1Fleet(action1)),
    snapshots: new FleetSnapshots(store),
    halo: halo || undefined,
    tickets: halo ? haloTicketDesk(halo) : undefined,
    mesh: config.meshcentral ? new MeshCentralClient(config.meshcentral) : undefined,
    /** Where Wazuh answers: the config's, or demo mode's simulator. */
    wazuh: demo?.wazuh ?? config.wazuh,
    customers,
  };
}

/** Action1's fleet, with Intune's and FleetDM's devices merged in where customers have them. */
function deviceFleet(
  devices: Readonly<Config['devices']>,
  customers: readonly Customer[],
  action1: Fleet,
): Fleet {
  const { intune, fleetdm } = devices;
  const others = customers.filter(
    (c) => (c.intuneTenant && intune) || (c.fleetTeam !== undefined && fleetdm),
  );
  if (others.length === 0) return action1;
  const byFleetId = new Map(
    others.flatMap((c) =>
      c.fleetId
        ? [
            [
              c.fleetId,
              {
                name: c.name,
                action1Org: isAction1Org(c.fleetId) ? c.fleetId : undefined,
                intuneTenant: intune ? c.intuneTenant : undefined,
                fleetTeam: fleetdm ? c.fleetTeam : undefined,
              },
            ] as const,
          ]
        : [],
    ),
  );
  return new MultiSourceFleet(
    action1,
    byFleetId,
    intune && new IntuneClient(intune),
    fleetdm && new FleetDmClient(fleetdm),
  );
}
