import type { Store } from '../core/store';
import type { Log } from '../core/ports';

/** One act someone did in the RMM's own console or API (Action1's audit trail), as we keep it. */
export interface ConsoleEvent {
  /** The RMM's own id for the event: no event is kept twice. */
  id: string;
  at: string;
  /** What happened: "Remote Connect", "Login", "POST"… */
  event: string;
  description: string;
  who: string;
  /** The RMM organization it happened in, when it names one. */
  orgId?: string;
  status?: string;
}

/** Where console events come from (the Action1 adapter implements it). */
export interface ConsoleAuditSource {
  /** Events from this id on (all of them without one), oldest first. */
  eventsFrom(fromId: string | undefined): Promise<ConsoleEvent[]>;
}

const CURSOR = 'console-audit:cursor';
const seenKey = (id: string) => `console-audit:seen:${id}`;
/** The log of a customer's console events ('msp' for events of no customer's organization). */
export const consoleLog = (customer: string) => `console-audit:${customer}`;

/** Sequential ids compare as numbers when they are numbers, else as text. */
const later = (a: string, b: string) =>
  /^\d+$/.test(a) && /^\d+$/.test(b) ? BigInt(a) > BigInt(b) : a > b;

/**
 * Keeps the RMM's audit events beside ours, per customer (attributed by organization): read on a
 * schedule from where the last read stopped, each event kept once by its own id, whichever
 * instance reads it and however often the same page comes back.
 */
export class ConsoleAuditKeeper {
  constructor(
    private readonly deps: {
      store: Store;
      source: ConsoleAuditSource;
      /** The customer an organization belongs to. */
      customerOf(orgId: string | undefined): string | undefined;
      log: Log;
    },
  ) {}

  /** Reads what is new; returns how many events were kept. */
  async poll(): Promise<number> {
    const cursor = (await this.deps.store.get(CURSOR))?.value;
    const events = await this.deps.source.eventsFrom(cursor);
    let kept = 0;
    let highest = cursor;
    for (const e of events) {
      if (!highest || later(e.id, highest)) highest = e.id;
      if (await this.keep(e)) kept++;
    }
    // The cursor moves only once every event up to it is kept: a crash reads them again.
    if (highest && highest !== cursor) await this.deps.store.set(CURSOR, highest);
    if (kept > 0) this.deps.log.info({ kept }, 'Action1 audit events kept');
    return kept;
  }

  /**
   * Set-if-absent decides, across instances, who keeps an event. The mark says "being kept"
   * until the event is in the log; a mark left that way by a crash is taken over after a minute
   * (the rare event then kept twice is read once: `of` goes by id).
   */
  private async keep(e: ConsoleEvent): Promise<boolean> {
    const store = this.deps.store;
    const mark = `keeping:${Date.now()}`;
    if (!(await store.setIfAbsent(seenKey(e.id), mark))) {
      const held = (await store.get(seenKey(e.id)))?.value ?? 'kept';
      const since = Number(held.split(':')[1] ?? Date.now());
      if (held === 'kept' || Date.now() - since < 60_000) return false;
    }
    await store.append(consoleLog(this.deps.customerOf(e.orgId) ?? 'msp'), JSON.stringify(e));
    await store.set(seenKey(e.id), 'kept');
    return true;
  }

  /** A customer's console events ('msp': those of no customer), oldest first, each once. */
  of(customer: string): Promise<ConsoleEvent[]> {
    return consoleEventsOf(this.deps.store, customer);
  }
}

/** A customer's kept console events, oldest first, each once (a crash may have kept one twice). */
export async function consoleEventsOf(store: Store, customer: string): Promise<ConsoleEvent[]> {
  const length = await store.logLength(consoleLog(customer));
  const entries = await store.readLog(consoleLog(customer), 1, length);
  const byId = new Map<string, ConsoleEvent>();
  for (const entry of entries) {
    const e = JSON.parse(entry.value) as ConsoleEvent;
    byId.set(e.id, e);
  }
  return [...byId.values()];
}
