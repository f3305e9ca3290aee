import type { Action1Sim } from '../../sim/action1/action1-sim';

/**
 * A customer's patch figures straight from the fleet generator's data (what each simulated
 * device really misses), counted here by the runbook's definition, never by the code under test:
 * compliant = missing nothing; the share rounded down to one decimal.
 */
export function fleetTruth(sim: Action1Sim, orgId: string) {
  const devices = sim.endpointsOf(orgId);
  const critical = (missing: number[]) =>
    missing.filter((i) => sim.fleet.updates[i]?.severity === 'Critical').length;
  const compliant = devices.filter((e) => e.missing.length === 0).length;
  return {
    devices: devices.length,
    compliant,
    compliancePct: Math.floor((compliant / devices.length) * 1000) / 10,
    devicesWithCritical: devices.filter((e) => critical(e.missing) > 0).length,
    criticalMissing: devices.reduce((n, e) => n + critical(e.missing), 0),
    otherMissing: devices.reduce((n, e) => n + e.missing.length - critical(e.missing), 0),
    rebootPending: devices.filter((e) => e.rebootRequired).length,
    offline: devices.filter((e) => !e.online).length,
  };
}
