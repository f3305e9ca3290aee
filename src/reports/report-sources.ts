import type { Endpoint, MissingUpdate } from '../core/fleet';
import type { InstalledApp, TicketFact } from './report-data';
import type { AccessFact, AlertFact, ConsoleFact } from '../core/record-lines';
import type { Period } from './report-period';

/** What reports read from the RMM and the PSA; integrations implement it. */
export interface ReportSources {
  endpoints(orgId: string): Promise<Endpoint[]>;
  missingUpdates(orgId: string): Promise<MissingUpdate[]>;
  /** `endpointIds` is only awaited where software must be asked device by device. */
  software(orgId: string, endpointIds: Promise<readonly string[]>): Promise<InstalledApp[]>;
  /** Absent when HaloPSA is not set up. */
  tickets?(clientId: number, period: Period): Promise<TicketFact[]>;
}

/**
 * What the bot itself recorded about a customer: its open alerts and who asked for access to
 * its devices. The alerts and access features keep these; construction hands their readers in.
 */
export interface BotRecords {
  openAlerts(customerId: string): Promise<AlertFact[]>;
  /** Newest first, at most `limit`. */
  accessHistory(customerId: string, limit: number): Promise<AccessFact[]>;
  /** What people did in the RMM's console for this customer, oldest first (where kept). */
  consoleActs?(customerId: string): Promise<ConsoleFact[]>;
}
