import type { AccessFact } from '../core/record-lines';

/** From the start of one day to the end of another, as instants (either may be open). */
export interface DayRange {
  since?: Date;
  until?: Date;
}

/** One customer's overview, as the portal's first page shows it. */
export interface PortalOverview {
  devices: number;
  compliancePct: number;
  devicesWithCritical: number;
  offline: number;
  openAlerts: number;
  /** When the devices were read from the RMM. */
  asOf: Date;
}

/** A line of the access log: a remote session or break-glass, or an act in the audit trail. */
export interface AccessLogLine {
  when: string;
  kind: string;
  who: string;
  what: string;
  outcome: string;
}

export interface PortalReport {
  id: string;
  title: string;
  periodLabel: string;
  fileName: string;
  madeAt: Date;
}

/** The reports a visitor may make from the portal. */
export const PORTAL_REPORT_KINDS = ['monthly', 'baseline', 'quarterly', 'incidents'] as const;
export type PortalReportKind = (typeof PORTAL_REPORT_KINDS)[number];

/** What the portal reads, through the features that own it (wired in app/portal.ts). */
export interface PortalData {
  overview(customer: string): Promise<PortalOverview>;
  /** Sessions and break-glass of the customer, newest first. */
  sessions(customer: string): Promise<AccessFact[]>;
  /** The customer's entries in the audit trail within the range, newest first. */
  auditLines(customer: string, range: DayRange): Promise<AccessLogLine[]>;
  /** Every report the bot made for the customer and still keeps, newest first. */
  reports(customer: string): Promise<PortalReport[]>;
  report(customer: string, id: string): Promise<{ fileName: string; pdf: Buffer } | undefined>;
  /** Makes a report now (for the last finished period); it joins the list. */
  generate(customer: string, kind: PortalReportKind): Promise<void>;
}
