import { isAction1Org, isRmmDevice, type Fleet } from '../core/fleet';
import type { FleetReads } from '../core/fleet-reads';
import type { InstalledApp, TicketFact } from '../reports/report-data';
import { inPeriod, type Period } from '../reports/report-period';
import type { ReportSources } from '../reports/report-sources';
import type { Action1Client } from './action1/action1-client';
import type { HaloPsaClient } from './halopsa/halopsa-client';
import { IntegrationError } from './http/integration-error';

/** Where software must be asked device by device, this many devices are asked at once. */
const SOFTWARE_CONCURRENCY = 16;

const text = (v: unknown) =>
  typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);

/** Action1 and HaloPSA as report sources. */
export class IntegrationReportSources implements ReportSources {
  readonly tickets?: (clientId: number, period: Period) => Promise<TicketFact[]>;

  constructor(
    private readonly fleet: Fleet,
    private readonly action1: Action1Client,
    halo?: HaloPsaClient,
    /** The poll's snapshot, for the device figures while it is fresh. */
    private readonly reads?: FleetReads,
  ) {
    if (halo) this.tickets = (clientId, period) => haloTickets(halo, clientId, period);
  }

  async endpoints(orgId: string) {
    return this.reads ? (await this.reads.endpoints(orgId)).endpoints : this.fleet.endpoints(orgId);
  }

  missingUpdates(orgId: string) {
    return this.fleet.orgMissingUpdates(orgId, false);
  }

  /**
   * One org-wide listing where Action1 offers it; device by device (a few at a time) where it
   * does not. Either way every row is read the same.
   */
  async software(orgId: string, endpoints: Promise<readonly string[]>): Promise<InstalledApp[]> {
    // Software inventory comes from the RMM: a customer without one has none to show.
    if (!isAction1Org(orgId)) return [];
    try {
      // Summary rows: one per application and version, with how many devices have it.
      const rows = await this.action1.orgInstalledSoftware(orgId);
      return rows.flatMap((row) => appOf(row.fields, Number(text(row.fields.Endpoints)) || 0));
    } catch (err) {
      if (!(err instanceof IntegrationError && err.failure === 'not-found')) throw err;
    }
    const endpointIds = await endpoints;
    const out: InstalledApp[] = [];
    let next = 0;
    const worker = async () => {
      while (next < endpointIds.length) {
        const id = endpointIds[next++] as string;
        if (!isRmmDevice(id)) continue;
        for (const row of await this.action1.installedSoftware(orgId, id))
          out.push(...appOf(row.fields, 1));
      }
    };
    await Promise.all(Array.from({ length: SOFTWARE_CONCURRENCY }, worker));
    return out;
  }
}

/** A row of Action1's installed software (its contract's field names) as ours. */
function appOf(f: Record<string, unknown>, devices: number): InstalledApp[] {
  const name = text(f.Name);
  if (!name || devices <= 0) return [];
  return [
    {
      name,
      vendor: text(f.Vendor) || undefined,
      version: text(f.Version),
      devices,
      // "Update Available", "Current" or "None" (nothing in the repository to compare with).
      outdated: text(f['Update Status']) === 'Update Available',
    },
  ];
}

async function haloTickets(
  halo: HaloPsaClient,
  clientId: number,
  period: Period,
): Promise<TicketFact[]> {
  const rows = await halo.tickets({
    clientId,
    startDate: period.from.toISOString(),
    endDate: period.to.toISOString(),
  });
  return rows
    .map((t): TicketFact => {
      const opened = t.dateoccurred ?? t.datecreated ?? undefined;
      const closed = t.dateclosed ?? undefined;
      const measured =
        t.elapsed_resolution_hours ??
        (opened && closed
          ? (new Date(closed).getTime() - new Date(opened).getTime()) / 3600_000
          : undefined);
      return {
        id: t.id,
        summary: t.summary,
        status: t.status_name ?? (closed ? 'Closed' : 'Open'),
        opened,
        closed,
        resolutionHours:
          closed && measured !== undefined ? Math.round(measured * 10) / 10 : undefined,
      };
    })
    .filter((t) => inPeriod(period, t.opened));
}
