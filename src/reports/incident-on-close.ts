import { botActor } from '../core/person';
import type { AuditTrail } from '../core/audit';
import type { Place } from '../core/invocation';
import type { Log } from '../core/ports';
import type { Store } from '../core/store';
import type { Customer } from '../config/customer';
import type { ReportDesk } from './report-desk';
import { periodFor } from './report-period';

/** A ticket the PSA closed, as far as this watch needs it. */
export interface ClosedTicket {
  id: number;
  priority?: number;
  closedAt: string;
  summary: string;
}

/** Where closed tickets come from (the HaloPSA adapter implements it). */
export interface ClosedTickets {
  closedSince(clientId: number, since: Date): Promise<ClosedTicket[]>;
}

const postedKey = (ticket: number) => `incident-on-close:${ticket}`;
const LOOK_BACK_MS = 24 * 3600_000;
const TAKE_OVER_MS = 10 * 60_000;

export type WatchedCustomer = Pick<
  Customer,
  'id' | 'name' | 'haloClientId' | 'summaryOnClosePriorities'
>;

/**
 * The incident summary "as needed" (runbook deliverable): when a HaloPSA ticket of a priority the
 * MSP chose closes for a customer, that month's incident summary is posted where the customer's
 * reports go, once per ticket across instances. A mark claims the ticket; a claim left by a
 * crash is taken over after ten minutes, so a post is never lost (and rarely doubled).
 */
export class IncidentOnClose {
  constructor(
    private readonly deps: {
      store: Store;
      tickets: ClosedTickets;
      desk: ReportDesk;
      customers: readonly WatchedCustomer[];
      places(customer: string): Promise<Place[]>;
      audit: AuditTrail;
      log: Log;
      clock?: () => Date;
    },
  ) {}

  /** Looks at the last day's closings; returns how many summaries were posted. */
  async run(): Promise<number> {
    const now = this.deps.clock?.() ?? new Date();
    let posted = 0;
    for (const c of this.deps.customers) {
      const wanted = c.summaryOnClosePriorities ?? [];
      if (c.haloClientId === undefined || wanted.length === 0) continue;
      const closed = await this.deps.tickets.closedSince(
        c.haloClientId,
        new Date(now.getTime() - LOOK_BACK_MS),
      );
      for (const t of closed.filter((x) => x.priority !== undefined && wanted.includes(x.priority)))
        if (await this.claim(t.id, now)) {
          await this.post(c, t, now);
          posted++;
        }
    }
    return posted;
  }

  private async claim(ticket: number, now: Date): Promise<boolean> {
    const store = this.deps.store;
    if (await store.setIfAbsent(postedKey(ticket), `posting:${now.getTime()}`)) return true;
    const held = (await store.get(postedKey(ticket)))?.value ?? 'posted';
    const since = Number(held.split(':')[1]);
    return held !== 'posted' && now.getTime() - since > TAKE_OVER_MS;
  }

  private async post(c: WatchedCustomer, t: ClosedTicket, now: Date): Promise<void> {
    const when = periodFor('incidents', now, t.closedAt.slice(0, 7));
    if (!when.ok) throw new Error(when.problem);
    const made = await this.deps.desk.maker.make(
      'incidents',
      this.deps.desk.customer(c.id),
      when.period,
    );
    const places = await this.deps.places(c.id);
    for (const place of places)
      await this.deps.desk.publisher.publish(place, made, `ticket #${t.id} closed: ${t.summary}`);
    await this.deps.store.set(postedKey(t.id), 'posted');
    await this.deps.audit.record({
      at: now.toISOString(),
      actor: botActor('ticket closed'),
      conversationId: 'incident-on-close',
      customer: c.id,
      act: 'report:incident-on-close',
      args: { ticket: t.id, priority: t.priority, places: places.length },
      outcome: places.length > 0 ? 'ok' : 'error',
      detail:
        places.length > 0
          ? undefined
          : 'nowhere to post it: no conversation subscribed and no default channel',
      correlationId: `incident-close-${t.id}`.slice(0, 64),
    });
  }
}
