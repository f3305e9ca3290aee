import type { Endpoint, MissingUpdate } from '../core/fleet';
import { COMPLIANCE_DEFINITION, summarise, type PatchSummary } from '../core/patch-summary';
import type { Period } from './report-period';
import type { AccessFact, AlertFact, ConsoleFact } from '../core/record-lines';
import type { Customer } from '../config/customer';
import { antivirusArea } from './report-health';
import type { SecurityFacts } from './report-security';

/** One application at one version, and on how many devices, as the RMM reports it. */
export interface InstalledApp {
  name: string;
  vendor?: string;
  version: string;
  devices: number;
  outdated: boolean;
}

export interface TicketFact {
  id: number;
  summary: string;
  status: string;
  opened?: string;
  closed?: string;
  /** Hours from opening to resolution, when resolved. */
  resolutionHours?: number;
}

/** A remote session or a break-glass, as a customer reads it. */
/** The figures kept each month, so a quarterly review can show trends. */
export interface Snapshot {
  month: string;
  at: string;
  devices: number;
  compliancePct: number;
  criticalMissing: number;
  devicesWithCritical: number;
  offline: number;
  openAlerts: number;
  outdatedApps: number;
}

export interface SoftwareLine {
  name: string;
  vendor: string;
  installs: number;
  outdated: number;
}

export type CustomerLine = Pick<Customer, 'id' | 'name'>;

/** What a report needs from the outside, already fetched. */
export interface FleetFacts {
  endpoints: Endpoint[];
  missing: MissingUpdate[];
  software: InstalledApp[];
  alerts: AlertFact[];
  access: AccessFact[];
  console: ConsoleFact[];
  /** Where the customer is watched by Wazuh. */
  security?: SecurityFacts;
  /** Wazuh's word on each device's firewall (baseline only), by lower-case name. */
  firewalls?: ReadonlyMap<string, 'on' | 'off'>;
}

export interface MonthlyReport {
  kind: 'monthly';
  customer: CustomerLine;
  period: Period;
  generatedAt: Date;
  patch: PatchSummary;
  complianceDefinition: string;
  criticalUpdates: MissingUpdate[];
  otherUpdates: MissingUpdate[];
  /** Devices missing critical updates, most first. */
  devicesAtRisk: Endpoint[];
  software: SoftwareLine[];
  /** From the devices' health facts; where none reports it, said to be unknown, never guessed. */
  antivirus: { available: boolean; note: string };
  openAlerts: AlertFact[];
  sessions: AccessFact[];
  /** Acts in the Action1 console within the period, from Action1's own audit trail. */
  consoleActs: ConsoleFact[];
  breakGlass: AccessFact[];
  /** Where the customer is watched by Wazuh. */
  security?: SecurityFacts;
  snapshot: Snapshot;
}

/** Installs and outdated copies per application, most outdated first. */
export function softwareLines(apps: readonly InstalledApp[]): SoftwareLine[] {
  const by = new Map<string, SoftwareLine>();
  for (const a of apps) {
    const line = by.get(a.name) ?? {
      name: a.name,
      vendor: a.vendor ?? '',
      installs: 0,
      outdated: 0,
    };
    line.installs += a.devices;
    if (a.outdated) line.outdated += a.devices;
    by.set(a.name, line);
  }
  return [...by.values()].sort((x, y) => y.outdated - x.outdated || x.name.localeCompare(y.name));
}

export function snapshotOf(
  month: string,
  at: Date,
  patch: PatchSummary,
  openAlerts: number,
  software: readonly SoftwareLine[],
): Snapshot {
  return {
    month,
    at: at.toISOString(),
    devices: patch.devices,
    compliancePct: patch.compliancePct,
    criticalMissing: patch.criticalMissing,
    devicesWithCritical: patch.devicesWithCritical,
    offline: patch.offline,
    openAlerts,
    outdatedApps: software.reduce((n, s) => n + s.outdated, 0),
  };
}

export function monthlyReport(
  customer: CustomerLine,
  period: Period,
  now: Date,
  facts: FleetFacts,
): MonthlyReport {
  const patch = summarise(facts.endpoints);
  const software = softwareLines(facts.software);
  const within = facts.access.filter(
    (a) => new Date(a.when) >= period.from && new Date(a.when) < period.to,
  );
  return {
    kind: 'monthly',
    customer,
    period,
    generatedAt: now,
    patch,
    complianceDefinition: COMPLIANCE_DEFINITION,
    criticalUpdates: facts.missing.filter((u) => u.critical),
    otherUpdates: facts.missing.filter((u) => !u.critical),
    devicesAtRisk: facts.endpoints
      .filter((e) => e.missingCritical > 0)
      .sort((a, b) => b.missingCritical - a.missingCritical || a.name.localeCompare(b.name)),
    software,
    antivirus: antivirusLine(facts),
    openAlerts: facts.alerts,
    sessions: within.filter((a) => a.kind === 'remote'),
    consoleActs: facts.console.filter(
      (c) => new Date(c.when) >= period.from && new Date(c.when) < period.to,
    ),
    breakGlass: within.filter((a) => a.kind === 'break-glass'),
    security: facts.security,
    snapshot: snapshotOf(period.months[0] ?? '', now, patch, facts.alerts.length, software),
  };
}

/** The monthly report's antivirus line: the baseline's AV area, in one sentence. */
function antivirusLine(facts: FleetFacts): MonthlyReport['antivirus'] {
  const av = antivirusArea(facts.endpoints, facts.missing);
  if (av.status === 'unknown') return { available: false, note: av.note };
  const silent = av.note === '-' ? '' : ` (${av.note})`;
  return { available: true, note: `${av.finding}${silent}.` };
}
