import { AlertBook } from '../core/alert-book';
import { alertCard, digestCard } from '../core/alert-card';
import { evaluate, type Alert, type AlertPolicy } from '../core/alert-rules';
import type { Fleet } from '../core/fleet';
import type { Place } from '../core/invocation';
import { inMaintenanceWindow, type MaintenanceWindow } from '../core/maintenance-window';
import type { ChannelPoster, Log } from '../core/ports';
import type { Store } from '../core/store';
import { Subscriptions } from '../core/subscriptions';

export interface PollCustomer {
  id: string;
  name: string;
  fleetId: string;
  timezone: string;
  maintenanceWindow?: MaintenanceWindow;
}

export interface PollerOptions {
  customers: PollCustomer[];
  fleet: Fleet;
  store: Store;
  poster?: ChannelPoster;
  /** The MSP's own channel, for customers without an alerts channel. */
  fallback?: Place;
  policy: AlertPolicy;
  stormThreshold: number;
  clock?: () => Date;
  log: Log;
}

export interface CycleReport {
  customers: number;
  opened: number;
  escalated: number;
  resolved: number;
  posts: number;
  failed: string[];
}

const placeKey = (p: Place) => `${p.channel}:${p.conversationId}`;

/**
 * One poll: every customer's endpoints (one listing each, no call per device), compared with
 * the stored alerts; new alerts posted where they belong (a storm as one digest), changed ones
 * redrawn in place on every copy, resolved ones marked resolved and forgotten.
 */
export class AlertPoller {
  private readonly book: AlertBook;
  private readonly subscriptions: Subscriptions;

  constructor(private readonly o: PollerOptions) {
    this.book = new AlertBook(o.store);
    this.subscriptions = new Subscriptions(o.store);
  }

  async cycle(): Promise<CycleReport> {
    const report: CycleReport = {
      customers: 0,
      opened: 0,
      escalated: 0,
      resolved: 0,
      posts: 0,
      failed: [],
    };
    for (const customer of this.o.customers) {
      try {
        await this.customerCycle(customer, report);
        report.customers++;
      } catch (err) {
        report.failed.push(customer.id);
        this.o.log.error({ err, customer: customer.id }, 'alert poll failed for a customer');
      }
    }
    return report;
  }

  private async customerCycle(c: PollCustomer, report: CycleReport): Promise<void> {
    const now = this.o.clock?.() ?? new Date();
    const endpoints = await this.o.fleet.endpoints(c.fleetId);
    const { alerts, version } = await this.book.load(c.id);
    const changes = evaluate(
      c.id,
      alerts,
      endpoints,
      this.o.policy,
      now,
      inMaintenanceWindow(now, c.timezone, c.maintenanceWindow),
    );
    for (const a of alerts.values()) {
      if (a.state === 'snoozed' && a.snoozedUntil && new Date(a.snoozedUntil) <= now)
        changes.escalated.push({ ...a, state: 'open', changedAt: now.toISOString() });
    }
    const opened = await this.postNew(c, changes.opened, now, report);
    for (const a of [...changes.escalated, ...changes.resolved])
      await this.redraw(c, a, now, report);
    for (const a of opened) alerts.set(a.key, a);
    for (const a of changes.escalated) alerts.set(a.key, a);
    for (const a of changes.resolved) alerts.delete(a.key);
    if (!(await this.book.save(c.id, alerts, version)))
      this.o.log.warn(
        { customer: c.id },
        'alerts changed during the poll; the next poll reconciles',
      );
    report.opened += changes.opened.length;
    report.escalated += changes.escalated.length;
    report.resolved += changes.resolved.length;
  }

  /** Posts new alerts, one card each, or a digest per channel when a storm comes. */
  private async postNew(
    c: PollCustomer,
    opened: Alert[],
    now: Date,
    report: CycleReport,
  ): Promise<Alert[]> {
    if (!this.o.poster || opened.length === 0) return opened;
    const byPlace = new Map<string, { place: Place; alerts: Alert[] }>();
    for (const a of opened) {
      const subs = await this.subscriptions.forCustomer(
        c.id,
        a.condition === 'critical-update' ? 'critical' : 'alerts',
      );
      const places =
        subs.length > 0 ? subs.map((s) => s.place) : this.o.fallback ? [this.o.fallback] : [];
      for (const place of places) {
        const group = byPlace.get(placeKey(place)) ?? { place, alerts: [] };
        group.alerts.push(a);
        byPlace.set(placeKey(place), group);
      }
    }
    for (const { place, alerts } of byPlace.values()) {
      // Critical alerts are never folded into a non-critical digest.
      for (const critical of [true, false]) {
        const group = alerts.filter((a) => (a.condition === 'critical-update') === critical);
        if (group.length > this.o.stormThreshold) {
          await this.o.poster.post(place, digestCard(c.name, c.id, group, critical));
          report.posts++;
          continue;
        }
        for (const a of group) {
          const messageId = await this.o.poster.post(place, alertCard(a, c.name, now));
          a.posts.push({ channel: place.channel, conversationId: place.conversationId, messageId });
          report.posts++;
        }
      }
    }
    return opened;
  }

  private async redraw(c: PollCustomer, a: Alert, now: Date, report: CycleReport): Promise<void> {
    if (!this.o.poster) return;
    for (const p of a.posts) {
      await this.o.poster.update(
        { channel: p.channel, conversationId: p.conversationId, kind: 'channel' },
        p.messageId,
        alertCard(a, c.name, now),
      );
      report.posts++;
    }
  }
}
