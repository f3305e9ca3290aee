import type { Config } from '../config/config';
import { customersOf } from '../config/customer';
import { openStore } from '../store/open-store';
import { Action1Client } from '../integrations/action1/action1-client';
import { Action1Fleet } from '../integrations/action1/action1-fleet';
import { HALOPSA_LIMIT, RequestBudget } from '../integrations/http/request-budget';
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
  const action1 = new Action1Client(action1Settings);
  const haloSettings = demo?.halopsa ?? config.halopsa;
  const store = await openStore(config.env);
  // HaloPSA's published limit, shared by every instance on this store.
  const halo =
    haloSettings &&
    new HaloPsaClient({
      ...haloSettings,
      http: { budget: new RequestBudget(store, 'halopsa', HALOPSA_LIMIT) },
    });
  const customers = customersOf(config.file, { halopsa: !!halo });
  demo?.liven(store, customers);
  return {
    demo,
    store,
    action1,
    fleet: new Action1Fleet(action1),
    halo: halo || undefined,
    tickets: halo ? haloTicketDesk(halo) : undefined,
    mesh: config.meshcentral ? new MeshCentralClient(config.meshcentral) : undefined,
    customers,
  };
}
