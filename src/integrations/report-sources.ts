import type { Fleet } from '../core/fleet';
import type { InstalledApp, TicketFact } from '../reports/report-data';
import { inPeriod, type Period } from '../reports/report-period';
import type { ReportSources } from '../reports/report-sources';
import type { Action1Client } from './action1/action1-client';
import type { HaloPsaClient } from './halopsa/halopsa-client';
import { IntegrationError } from './http/integration-error';

/** Installed software is per device in Action1; this many devices are asked at once. */
const SOFTWARE_CONCURRENCY = 16;

const text = (v: unknown) =>
  typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);

/** Action1 and HaloPSA as report sources. Field names of installed-software rows are [U]: read loosely. */
export class IntegrationReportSources implements ReportSources {
  readonly tickets?: (clientId: number, period: Period) => Promise<TicketFact[]>;

  constructor(
    private readonly fleet: Fleet,
    private readonly action1: Action1Client,
    halo?: HaloPsaClient,
  ) {
    if (halo) this.tickets = (clientId, period) => haloTickets(halo, clientId, period);
  }

  endpoints(orgId: string) {
    return this.fleet.endpoints(orgId);
  }

  missingUpdates(orgId: string) {
    return this.fleet.orgMissingUpdates(orgId, false);
  }

  /**
   * One org-wide listing where Action1 offers it; device by device (a few at a time) where it
   * does not. Either way every row is read the same.
   */
  async software(orgId: string, endpoints: Promise<readonly string[]>): Promise<InstalledApp[]> {
    try {
      const rows = await this.action1.orgInstalledSoftware(orgId);
      return rows.flatMap((row) => {
        const id = text((row as { endpoint_id?: unknown }).endpoint_id);
        return id ? appOf(id, row.fields) : [];
      });
    } catch (err) {
      if (!(err instanceof IntegrationError && err.failure === 'not-found')) throw err;
    }
    const endpointIds = await endpoints;
    const out: InstalledApp[] = [];
    let next = 0;
    const worker = async () => {
      while (next < endpointIds.length) {
        const id = endpointIds[next++] as string;
        for (const row of await this.action1.installedSoftware(orgId, id))
          out.push(...appOf(id, row.fields));
      }
    };
    await Promise.all(Array.from({ length: SOFTWARE_CONCURRENCY }, worker));
    return out;
  }
}

function appOf(endpointId: string, f: Record<string, unknown>): InstalledApp[] {
  const name = text(f.Name ?? f['Application Name'] ?? f.name);
  if (!name) return [];
  return [
    {
      endpointId,
      name,
      vendor: text(f.Vendor ?? f.Publisher) || undefined,
      version: text(f.Version ?? f.version),
      outdated: /update available|outdated/i.test(text(f['Update Status'] ?? f.update_status)),
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
