import type { Endpoint } from './fleet';
import { duration } from './wording';

/**
 * Patch compliance as the runbook means it. A device is compliant when it misses no update at
 * all (critical or other); the percentage is compliant devices over all managed devices. Cards
 * and reports state this definition next to the number. A device the RMM does not patch (a Mac
 * only Intune knows) is compliant only where its own source says its OS is current; none is
 * compliant that a policy source (Intune, FleetDM) finds non-compliant.
 */
export const COMPLIANCE_DEFINITION =
  'compliant = missing no updates (critical or other), as a share of all managed devices';

export interface PatchSummary {
  devices: number;
  compliant: number;
  compliancePct: number;
  /** Devices missing at least one critical update, and the number of such missing updates. */
  devicesWithCritical: number;
  criticalMissing: number;
  otherMissing: number;
  rebootPending: number;
  offline: number;
}

export function summarise(endpoints: readonly Endpoint[]): PatchSummary {
  const s: PatchSummary = {
    devices: endpoints.length,
    compliant: 0,
    compliancePct: 100,
    devicesWithCritical: 0,
    criticalMissing: 0,
    otherMissing: 0,
    rebootPending: 0,
    offline: 0,
  };
  for (const e of endpoints) {
    if (isCompliant(e)) s.compliant++;
    if (e.missingCritical > 0) s.devicesWithCritical++;
    s.criticalMissing += e.missingCritical;
    s.otherMissing += e.missingOther;
    if (e.rebootRequired) s.rebootPending++;
    if (!e.online) s.offline++;
  }
  s.compliancePct = compliancePctOf(s.compliant, s.devices);
  return s;
}

/** Missing no update, with updates known, and no policy source saying otherwise. */
export const isCompliant = (e: Endpoint): boolean =>
  e.missingCritical === 0 &&
  e.missingOther === 0 &&
  // Not patched by the RMM: compliant only where its own source says its OS is current.
  (!e.updatesUnknown || e.osUpdate?.state === 'current') &&
  e.compliance?.state !== 'noncompliant';

/** One decimal, rounded down: 99.96 % must not show as a reassuring 100 %. */
export const compliancePctOf = (compliant: number, devices: number) =>
  devices === 0 ? 100 : Math.floor((compliant / devices) * 1000) / 10;

/** Longest silent first (never seen before all), then by name. */
export const longestSilentFirst = (a: Endpoint, b: Endpoint) =>
  (a.lastSeen?.getTime() ?? 0) - (b.lastSeen?.getTime() ?? 0) || a.name.localeCompare(b.name);

/** Offline devices, longest silent first. */
export function offlineDevices(endpoints: readonly Endpoint[]): Endpoint[] {
  return endpoints.filter((e) => !e.online).sort(longestSilentFirst);
}

/** "3 h ago", "2 d ago": how long a device has been silent. */
export const ago = (when: Date | undefined, now: Date): string =>
  when ? `${duration(when, now)} ago` : 'never seen';

/** How a figure stands, as a word and the colour cards and PDFs give it (never colour alone). */
export interface Standing {
  word: 'Good' | 'Needs attention' | 'At risk';
  color: 'good' | 'warning' | 'attention';
}

/** Compliance bands: 95 % and up is good, 80 % and up needs attention, below is at risk. */
export function complianceStanding(pct: number): Standing {
  if (pct >= 95) return { word: 'Good', color: 'good' };
  if (pct >= 80) return { word: 'Needs attention', color: 'warning' };
  return { word: 'At risk', color: 'attention' };
}

/** A count of devices in trouble: none is good, any is at risk (critical) or needs attention. */
export function exposureStanding(devices: number, critical: boolean): Standing {
  if (devices === 0) return { word: 'Good', color: 'good' };
  return critical
    ? { word: 'At risk', color: 'attention' }
    : { word: 'Needs attention', color: 'warning' };
}
