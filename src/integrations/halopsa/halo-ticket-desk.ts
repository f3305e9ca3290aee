import type { TicketDesk } from '../../core/ports';
import type { HaloPsaClient } from './halopsa-client';

/** Tickets for escalated alerts and break-glass, opened in HaloPSA for the customer's client. */
export const haloTicketDesk = (halo: HaloPsaClient): TicketDesk => ({
  openTicket: async (t) =>
    (await halo.createTicket({ summary: t.summary, details: t.details, client_id: t.clientId })).id,
});
