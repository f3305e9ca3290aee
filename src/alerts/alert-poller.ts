import { AlertBook } from './alert-book';
import { alertTargets, queueNew } from './alert-queue';
import { evaluate, nextChangeAt, type AlertChanges, type AlertPolicy } from './alert-rules';
import type { Fleet } from '../core/fleet';
import { readFleet, type FleetSnapshots } from '../core/fleet-snapshot';
import type { Place } from '../core/invocation';
import { inMaintenanceWindow } from '../core/maintenance-window';
import { effectivePolicy, type Customer } from '../config/customer';
import type { Policy } from '../config/config-schema';
import type { Log } from '../core/ports';
import type { Store } from '../core/store';
import { Subscriptions, type Subscription } from '../core/subscriptions';

/** A customer as the poll needs it: its Action1 organization, zone, window and thresholds. */
export interface PollCustomer extends Pick<
  Customer,
  'id' | 'name' | 'timezone' | 'maintenanceWindow'
> {
  fleetId: string;
  /** This customer's thresholds, where its policy differs from the MSP's. */
  policy?: AlertPolicy;
  /** HaloPSA is set up and this customer is a HaloPSA client: an escalation opens a ticket. */
  tickets?: boolean;
}

/** The customers with an Action1 organization, each with its own thresholds. */
export const pollCustomers = (customers: readonly Customer[], base: Policy): PollCustomer[] =>
  customers.flatMap(({ fleetId, policyOverrides, ...c }) =>
    fleetId
      ? [
          {
            id: c.id,
            name: c.name,
            timezone: c.timezone,
            maintenanceWindow: c.maintenanceWindow,
            fleetId,
            policy: effectivePolicy(base, policyOverrides),
            // A customer has a HaloPSA client id only where the bot talks to HaloPSA.
            tickets: c.haloClientId !== undefined,
          },
        ]
      : [],
  );

export interface PollerOptions {
  customers: PollCustomer[];
  fleet: Fleet;
  store: Store;
  /** Where each poll leaves what it read, for fleet commands to answer from. */
  snapshots?: FleetSnapshots;
  /** Customers read at once (default 4). */
  concurrency?: number;
  /** The MSP's own channel, for customers without an alerts channel. */
  fallback?: Place;
  policy: AlertPolicy;
  stormThreshold: number;
  /** Called after a cycle queued posts: the delivery worker takes it from there. */
  delivered?: () => Promise<unknown>;
  clock?: () => Date;
  log: Log;
}

export interface CycleReport {
  customers: number;
  opened: number;
  escalated: number;
  resolved: number;
  failed: string[];
}

interface Settled {
  digest: string;
  /** The alert page's version after the evaluation. */
  version: number;
  nextChangeAt: number;
}

/** Whether a customer's poll changed its alerts (else its page is not written). */
const changedAnything = (c: AlertChanges) =>
  c.opened.length + c.escalated.length + c.resolved.length > 0;

/**
 * One poll: every customer's endpoints (one listing each, no call per device) against the stored
 * alerts. New alerts and the posts they need are written in one go; a storm for one channel
 * becomes a digest; changed alerts are marked for redrawing. Posting is the delivery worker's job.
 */
export class AlertPoller {
  private readonly book: AlertBook;
  private readonly subscriptions: Subscriptions;
  /** Per customer, what the last evaluation saw and when the rules could next change anything. */
  private readonly settled = new Map<string, Settled>();

  constructor(private readonly deps: PollerOptions) {
    this.book = new AlertBook(deps.store);
    this.subscriptions = new Subscriptions(deps.store);
  }

  async cycle(): Promise<CycleReport> {
    const report: CycleReport = { customers: 0, opened: 0, escalated: 0, resolved: 0, failed: [] };
    const startedAt = this.now();
    // One read of the subscriptions per poll, not two per customer.
    const subscriptions = await this.subscriptions.all();
    const unread: string[] = [];
    const one = async (customer: PollCustomer) => {
      try {
        const changes = await this.customerCycle(customer, subscriptions, startedAt);
        report.customers++;
        report.opened += changes.opened.length;
        report.escalated += changes.escalated.length;
        report.resolved += changes.resolved.length;
      } catch (err) {
        report.failed.push(customer.id);
        unread.push(customer.fleetId);
        this.deps.log.error({ err, customer: customer.id }, 'alert poll failed for a customer');
      }
    };
    // A few customers at a time: Action1's answer time, not our work, sets the poll's length,
    // and the shared request budget still decides how fast calls go out.
    let next = 0;
    const worker = async () => {
      while (next < this.deps.customers.length)
        await one(this.deps.customers[next++] as PollCustomer);
    };
    await Promise.all(Array.from({ length: this.deps.concurrency ?? 4 }, worker));
    await this.deps.snapshots?.markPoll(startedAt, unread);
    await this.deps.delivered?.();
    return report;
  }

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }

  private async customerCycle(
    c: PollCustomer,
    subscriptions: Subscription[],
    startedAt: Date,
  ): Promise<AlertChanges> {
    const endpoints = await this.deps.fleet.endpoints(c.fleetId);
    const reading = readFleet(endpoints);
    const { digest } = reading;
    const last = this.settled.get(c.id);
    // Asked together: with Redis the two reads share one round trip.
    const [, version] = await Promise.all([
      this.deps.snapshots?.record(c.fleetId, reading, startedAt),
      last ? this.book.version(c.id) : undefined,
    ]);
    const policy = c.policy ?? this.deps.policy;
    const now = this.now();
    const inWindow = inMaintenanceWindow(now, c.timezone, c.maintenanceWindow);
    // The same devices, the same alerts (no click changed the page), and no rule due yet: the
    // poll has nothing to evaluate for this customer, and reads nothing more.
    if (
      last &&
      !inWindow &&
      last.digest === digest &&
      now.getTime() < last.nextChangeAt &&
      version === last.version
    )
      return { opened: [], escalated: [], resolved: [] };
    const targets = alertTargets(subscriptions, c.id, this.deps.fallback);
    let settled: Settled | undefined;
    const result = await this.book.update(
      c.id,
      (page) => {
        const changes = evaluate(c.id, page.alerts, endpoints, policy, now, inWindow);
        for (const a of page.alerts.values()) {
          if (a.state === 'snoozed' && a.snoozedUntil && new Date(a.snoozedUntil) <= now)
            changes.escalated.push({ ...a, state: 'open', changedAt: now.toISOString() });
        }
        queueNew(page, c.name, c.id, changes.opened, targets, this.deps.stormThreshold);
        // Escalation opens a HaloPSA ticket (runbook: past the 72 h retry window, SLA breaches),
        // where there is one to open: a ticket no one can open would keep the customer's page
        // "with work" for delivery for ever.
        for (const a of changes.escalated)
          page.alerts.set(a.key, {
            ...a,
            redraw: true,
            ticket: a.ticket ?? (a.escalated && c.tickets ? { state: 'pending' } : undefined),
          });
        for (const a of changes.resolved) {
          if (a.posts.length > 0 || (a.pending?.length ?? 0) > 0)
            page.alerts.set(a.key, { ...a, redraw: true });
          else page.alerts.delete(a.key);
        }
        settled = {
          digest,
          version: changedAnything(changes) ? page.version + 1 : page.version,
          nextChangeAt: nextChangeAt(c.id, page.alerts, endpoints, policy),
        };
        return changes;
      },
      changedAnything,
    );
    if (settled) this.settled.set(c.id, settled);
    return result;
  }
}
