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
    fleet: new Action1Fleet(action1),
    snapshots: new FleetSnapshots(store),
    halo: halo || undefined,
    tickets: halo ? haloTicketDesk(halo) : undefined,
    mesh: config.meshcentral ? new MeshCentralClient(config.meshcentral) : undefined,
    customers,
  };
}
