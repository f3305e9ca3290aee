import type { Endpoint, MissingUpdate } from '../core/fleet';
import type { InstalledApp, TicketFact } from './report-data';
import type { Period } from './report-period';

/** What reports read from the RMM and the PSA; integrations implement it. */
export interface ReportSources {
  endpoints(orgId: string): Promise<Endpoint[]>;
  missingUpdates(orgId: string): Promise<MissingUpdate[]>;
  software(orgId: string, endpointIds: readonly string[]): Promise<InstalledApp[]>;
  /** Absent when HaloPSA is not set up. */
  tickets?(clientId: number, period: Period): Promise<TicketFact[]>;
}
