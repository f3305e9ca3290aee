import { randomBytes } from 'node:crypto';
import type { AlertPage } from './alert-book';
import { digestCard } from './alert-card';
import { isCritical, type Alert } from './alert-rules';
import { placeKey, type Place } from '../core/invocation';
import { placesFor, type Subscription } from '../core/subscriptions';

/** Where a customer's new alerts go: its alerts channels, and the ones for critical alerts. */
export type AlertTargets = Record<'alerts' | 'critical', Place[]>;

/** A customer's places for new alerts, from one read of the subscriptions. */
export function alertTargets(
  subscriptions: readonly Subscription[],
  customer: string,
  fallback: Place | undefined,
): AlertTargets {
  const places = (topic: 'alerts' | 'critical') =>
    placesFor(subscriptions, customer, topic, fallback);
  return { alerts: places('alerts'), critical: places('critical') };
}

/**
 * Records new alerts on their customer's page, each with a pending post per channel, unless that
 * channel gets more than `stormThreshold` at once: then one digest card instead. Critical alerts
 * (critical updates, security events at the critical level) are never folded into a digest of
 * lesser ones. `notBefore` holds the posts back (a maintenance window).
 */
export function queueNew(
  page: AlertPage,
  customerName: string,
  customer: string,
  opened: Alert[],
  targets: AlertTargets,
  stormThreshold: number,
  notBefore?: Date,
): void {
  const byPlace = new Map<string, { place: Place; alerts: Alert[] }>();
  const held = notBefore && { notBefore: notBefore.toISOString() };
  for (const a of opened) {
    a.pending = [];
    page.alerts.set(a.key, a);
    for (const place of targets[isCritical(a) ? 'critical' : 'alerts']) {
      const group = byPlace.get(placeKey(place)) ?? { place, alerts: [] };
      group.alerts.push(a);
      byPlace.set(placeKey(place), group);
    }
  }
  for (const { place, alerts } of byPlace.values()) {
    for (const critical of [true, false]) {
      const group = alerts.filter((a) => isCritical(a) === critical);
      if (group.length > stormThreshold) {
        page.digests.push({
          id: randomBytes(6).toString('hex'),
          place,
          reply: digestCard(customerName, customer, group, critical),
          attempts: 0,
          ...held,
        });
      } else {
        for (const a of group) a.pending?.push({ place, attempts: 0, ...held });
      }
    }
  }
}
