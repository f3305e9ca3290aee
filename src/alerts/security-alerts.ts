import { AlertBook, type AlertPage } from './alert-book';
import { SecurityLedger, type CountedEvent } from './security-ledger';
import { alertTargets, queueNew, type AlertTargets } from './alert-queue';
import type { Alert } from './alert-rules';
import type { Customer } from '../config/customer';
import type { Place } from '../core/invocation';
import { maintenanceEndsAt } from '../core/maintenance-window';
import type { Log } from '../core/ports';
import type { Store } from '../core/store';
import { Subscriptions } from '../core/subscriptions';

/** A security event as an intake hands it over, already placed with its customer. */
export interface SecurityEvent {
  /** The source's id for the event (Wazuh's alert id): the same id twice is one event. */
  id: string;
  customer: string;
  /** When it happened (ISO). */
  at: string;
  /** The device as the security tool knows it ("001"), and its name. */
  agentId: string;
  device: string;
  ruleId: string;
  level: number;
  description: string;
  link?: string;
}

export interface SecurityCustomer extends Pick<
  Customer,
  'id' | 'name' | 'timezone' | 'maintenanceWindow'
> {
  /** Events below this rule level are not alerts for this customer. */
  minLevel: number;
}

/** What one delivery of events did, for the intake's answer and its log line. */
export interface SecurityTally {
  opened: number;
  /** Events of an alert already open (its count and card move on). */
  repeated: number;
  /** Events seen before (a redelivery, a poll overlapping the last). */
  duplicates: number;
  belowLevel: number;
}

export interface SecurityAlertsOptions {
  customers: readonly SecurityCustomer[];
  store: Store;
  /** The MSP's own channel, for customers without an alerts channel. */
  fallback?: Place;
  /** Rule levels at or above this are critical: critical channels, never in a lesser digest. */
  criticalLevel: number;
  stormThreshold: number;
  /** Called after events queued posts or redraws: the delivery worker takes it from there. */
  delivered?: () => Promise<unknown>;
  clock?: () => Date;
  log: Log;
}

/** The last event ids an alert keeps, to know a redelivered event (newest last). */
const KEEP_IDS = 200;

const keyOf = (e: SecurityEvent) => `${e.customer}:wazuh-${e.agentId}:security-${e.ruleId}`;

/**
 * Security events become alerts in the same book, outbox and digests as the poll's: one living
 * card per device and rule, counting its events. A new event on an acknowledged alert opens it
 * again; a redelivered event changes nothing. Critical levels post at once, even in a
 * maintenance window; lesser ones raised in a window wait for its end.
 */
export class SecurityAlerts {
  private readonly book: AlertBook;
  private readonly subscriptions: Subscriptions;
  readonly ledger: SecurityLedger;

  constructor(private readonly deps: SecurityAlertsOptions) {
    this.book = new AlertBook(deps.store);
    this.subscriptions = new Subscriptions(deps.store);
    this.ledger = new SecurityLedger(deps.store);
  }

  private customer(id: string): SecurityCustomer | undefined {
    return this.deps.customers.find((c) => c.id === id);
  }

  async record(events: readonly SecurityEvent[]): Promise<SecurityTally> {
    const tally: SecurityTally = { opened: 0, repeated: 0, duplicates: 0, belowLevel: 0 };
    const byCustomer = new Map<string, SecurityEvent[]>();
    for (const e of events) {
      const list = byCustomer.get(e.customer) ?? [];
      list.push(e);
      byCustomer.set(e.customer, list);
    }
    const subscriptions = byCustomer.size > 0 ? await this.subscriptions.all() : [];
    let changed = false;
    for (const [id, list] of byCustomer) {
      const c = this.customer(id);
      if (!c) throw new Error(`security events for an unknown customer "${id}"`);
      const sorted = [...list].sort((a, b) => a.at.localeCompare(b.at));
      const targets = alertTargets(subscriptions, c.id, this.deps.fallback);
      const counted: CountedEvent[] = [];
      const result = await this.book.update(
        c.id,
        (page) => {
          counted.length = 0; // the edit runs again when another instance saved first
          return this.apply(page, c, sorted, targets, counted);
        },
        (r) => r.opened + r.repeated > 0,
      );
      // After the page: a crash in between loses these from the month's counts, never an alert.
      await this.ledger.add(c.id, counted);
      tally.opened += result.opened;
      tally.repeated += result.repeated;
      tally.duplicates += result.duplicates;
      tally.belowLevel += result.belowLevel;
      changed ||= result.opened + result.repeated > 0;
    }
    if (changed) await this.deps.delivered?.();
    return tally;
  }

  private apply(
    page: AlertPage,
    c: SecurityCustomer,
    events: readonly SecurityEvent[],
    targets: AlertTargets,
    counted: CountedEvent[],
  ): SecurityTally {
    const tally: SecurityTally = { opened: 0, repeated: 0, duplicates: 0, belowLevel: 0 };
    const now = this.now().toISOString();
    const opened = new Map<string, Alert>();
    for (const e of events) {
      if (e.level < c.minLevel) {
        tally.belowLevel++;
        continue;
      }
      const key = keyOf(e);
      const known = opened.get(key) ?? page.alerts.get(key);
      if (known?.security?.eventIds.includes(e.id)) {
        tally.duplicates++;
        continue;
      }
      if (known?.security) {
        const reopen = known.state === 'acknowledged' || known.state === 'resolved';
        const next: Alert = {
          ...known,
          ...(reopen && { state: 'open', acknowledged: undefined, resolvedAt: undefined }),
          changedAt: now,
          security: {
            ...known.security,
            count: known.security.count + 1,
            lastAt: e.at > known.security.lastAt ? e.at : known.security.lastAt,
            eventIds: [...known.security.eventIds, e.id].slice(-KEEP_IDS),
          },
        };
        if (opened.has(key)) opened.set(key, next);
        else page.alerts.set(key, { ...next, redraw: true });
        tally.repeated++;
        counted.push(e);
        continue;
      }
      opened.set(key, {
        key,
        customer: c.id,
        endpointId: `wazuh-${e.agentId}`,
        device: e.device,
        condition: 'security',
        state: 'open',
        escalated: false,
        openedAt: now,
        changedAt: now,
        detail: e.description || `Wazuh rule ${e.ruleId}`,
        security: {
          ruleId: e.ruleId,
          level: e.level,
          critical: e.level >= this.deps.criticalLevel,
          count: 1,
          lastAt: e.at,
          eventIds: [e.id],
          link: e.link,
        },
        posts: [],
      });
      tally.opened++;
      counted.push(e);
    }
    const fresh = [...opened.values()];
    const heldUntil = maintenanceEndsAt(this.now(), c.timezone, c.maintenanceWindow);
    const critical = fresh.filter((a) => a.security?.critical);
    const lesser = fresh.filter((a) => !a.security?.critical);
    const { stormThreshold } = this.deps;
    queueNew(page, c.name, c.id, critical, targets, stormThreshold);
    queueNew(page, c.name, c.id, lesser, targets, stormThreshold, heldUntil);
    return tally;
  }

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }
}
