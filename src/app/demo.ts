import type { Config } from '../config/config';
import { Action1Sim } from '../../sim/action1/action1-sim';
import { DEMO_ORGS } from '../../sim/action1/fleet-generator';
import { HaloPsaSim } from '../../sim/halopsa/halopsa-sim';
import { DemoWorld } from '../../sim/demo-world';
import { DemoSecurity } from '../../sim/demo-security';
import { WazuhSim } from '../../sim/wazuh';
import { IntuneSim } from '../../sim/intune';
import { FleetDmSim } from '../../sim/fleetdm';
import { populateDemoDevices } from '../../sim/demo-devices';
import type { DeviceSourceSettings, WazuhSettings } from '../config/outside-settings';
import type { Store } from '../core/store';
import type { Customer } from '../config/customer';

export interface DemoBackends {
  action1: NonNullable<Config['action1']>;
  halopsa: NonNullable<Config['halopsa']>;
  /** Wazuh's server API and indexer, for the customers whose config names Wazuh groups. */
  wazuh: WazuhSettings;
  /** Intune (Graph) and FleetDM, for the customers whose config names a tenant or a team. */
  devices: DeviceSourceSettings;
  /** Sets the demo fleet moving (devices drop off and return, new critical updates, check-ins). */
  liven(store: Store, customers: readonly Customer[]): void;
  stop(): Promise<void>;
}

/**
 * Demo mode's outside world: the Action1, HaloPSA, Wazuh, Intune and FleetDM simulators, in
 * this process, on loopback, with a seeded fleet of three customers (about 150 devices)
 * matching msp.config.example.yaml.
 */
export async function startDemoBackends(): Promise<DemoBackends> {
  const action1 = new Action1Sim({
    orgs: DEMO_ORGS,
    clientId: 'api-demo-client@action1.example',
    clientSecret: 'demo-secret',
    runDurationMs: 4000,
  });
  const halo = new HaloPsaSim({
    tenant: 'demo',
    clientId: 'demo-halo',
    clientSecret: 'demo-halo-secret',
  });
  const wazuh = new WazuhSim(
    { user: 'demo-wazuh', password: 'demo-wazuh-secret' },
    { user: 'demo-indexer', password: 'demo-indexer-secret' },
  );
  const intune = new IntuneSim({ clientId: 'demo-intune-app', clientSecret: 'demo-intune-secret' });
  const fleetdm = new FleetDmSim('demo-fleet-api-token');
  populateDemoDevices(intune, fleetdm);
  await Promise.all([
    action1.start(),
    halo.start(),
    wazuh.start(),
    intune.start(),
    fleetdm.start(),
  ]);
  let world: DemoWorld | undefined;
  let security: DemoSecurity | undefined;
  return {
    action1: {
      baseUrl: action1.baseUrl,
      clientId: 'api-demo-client@action1.example',
      clientSecret: 'demo-secret',
    },
    halopsa: {
      baseUrl: halo.url,
      clientId: 'demo-halo',
      clientSecret: 'demo-halo-secret',
      tenant: 'demo',
    },
    wazuh: {
      api: { url: wazuh.url, ...wazuh.api },
      indexer: { url: wazuh.url, ...wazuh.indexer },
    },
    devices: {
      intune: { loginUrl: intune.url, graphUrl: `${intune.url}/v1.0`, ...intune.app },
      fleetdm: { url: fleetdm.url, apiToken: fleetdm.apiToken },
    },
    liven(store, customers) {
      world = new DemoWorld(action1, store, { ...DEMO_WORLD, customers });
      world.start();
      security = new DemoSecurity(wazuh, action1, { tickMs: DEMO_WORLD.tickMs, customers });
      security.start();
    },
    stop: async () => {
      world?.stop();
      security?.stop();
      await Promise.all([action1.stop(), halo.stop(), wazuh.stop(), intune.stop(), fleetdm.stop()]);
    },
  };
}

/** A few changes per customer each minute: an alert or two per poll, seldom a digest. */
const DEMO_WORLD = {
  tickMs: 30_000,
  offlineForMinutes: 65,
  checkInAfterMs: 20_000,
  maxOfflinePerOrg: 3,
};
