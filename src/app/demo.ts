import type { Config } from '../config/config';
import { Action1Sim } from '../../sim/action1/action1-sim';
import { DEMO_ORGS } from '../../sim/action1/fleet-generator';
import { HaloPsaSim } from '../../sim/halopsa/halopsa-sim';
import { DemoWorld } from '../../sim/demo-world';
import type { Store } from '../core/store';
import type { Customer } from '../config/customer';

export interface DemoBackends {
  action1: NonNullable<Config['action1']>;
  halopsa: NonNullable<Config['halopsa']>;
  /** Sets the demo fleet moving (devices drop off and return, new critical updates, check-ins). */
  liven(store: Store, customers: readonly Customer[]): void;
  stop(): Promise<void>;
}

/**
 * Demo mode's outside world: the Action1 and HaloPSA simulators, in this process, on loopback,
 * with a seeded fleet of three customers (about 150 devices) matching msp.config.example.yaml.
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
  await Promise.all([action1.start(), halo.start()]);
  let world: DemoWorld | undefined;
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
    liven(store, customers) {
      world = new DemoWorld(action1, store, { ...DEMO_WORLD, customers });
      world.start();
    },
    stop: async () => {
      world?.stop();
      await Promise.all([action1.stop(), halo.stop()]);
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
