import type { ClosedTicket, ClosedTickets } from '../../reports/incident-on-close';
import type { HaloPsaClient } from './halopsa-client';

/** HaloPSA's tickets closed since a time (closed_only, datesearch "datecleared"). */
export class HaloClosedTickets implements ClosedTickets {
  constructor(private readonly halo: HaloPsaClient) {}

  async closedSince(clientId: number, since: Date): Promise<ClosedTicket[]> {
    const rows = await this.halo.tickets({
      clientId,
      closedOnly: true,
      startDate: since.toISOString(),
    });
    return rows
      .filter((t) => t.dateclosed)
      .map((t) => ({
        id: t.id,
        priority: t.priority_id ?? undefined,
        closedAt: String(t.dateclosed),
        summary: t.summary,
      }));
  }
}
