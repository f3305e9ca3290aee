import type { Endpoint } from '../core/fleet';
import type { Place } from '../core/invocation';

/** What the poll finds in the RMM (offline, critical-update), or a security event (Wazuh). */
export type AlertCondition = 'offline' | 'critical-update' | 'security';
export type PolledCondition = Exclude<AlertCondition, 'security'>;
export type AlertState = 'open' | 'acknowledged' | 'snoozed' | 'resolved';

/** One device and one condition: the record behind one living card. */
export interface Alert {
  key: string;
  customer: string;
  endpointId: string;
  device: string;
  condition: AlertCondition;
  state: AlertState;
  /** Offline past the retry window, or a critical update past its SLA. */
  escalated: boolean;
  openedAt: string;
  changedAt: string;
  detail: string;
  /** Offline alerts: when the device last reported, for "last seen Tue 14:05" on the card. */
  lastSeen?: string;
  acknowledged?: { by: string; at: string };
  snoozedUntil?: string;
  resolvedAt?: string;
  /** Every copy of the card that was posted, to update them all in place. */
  posts: { channel: 'slack' | 'teams'; conversationId: string; messageId: string }[];
  /** Copies still to post: the durable outbox of this alert (see alert-delivery.ts). */
  pending?: PendingPost[];
  /** The card changed since the copies were drawn: redraw them. */
  redraw?: boolean;
  /** A security alert: the rule that fired, how often, and where to see it. */
  security?: SecurityFacts;
  /** A HaloPSA ticket for it: asked for (escalation or the button), then created once. */
  ticket?: {
    state: 'pending' | 'opening' | 'created';
    id?: number;
    requestedBy?: string;
    since?: string;
    lastError?: string;
  };
}

export interface SecurityFacts {
  ruleId: string;
  level: number;
  /** At or above the MSP's critical level: never folded into a digest of lesser alerts. */
  critical: boolean;
  /** Times the rule fired on this device since the alert opened. */
  count: number;
  lastAt: string;
  /** The last events' ids (newest last): a redelivered event is not counted twice. */
  eventIds: string[];
  /** The event in the security console (Wazuh dashboard), where the MSP set its address. */
  link?: string;
}

/** Alerts that go to the critical channels and are never folded into a lesser digest. */
export const isCritical = (a: Pick<Alert, 'condition' | 'security'>): boolean =>
  a.condition === 'critical-update' || a.security?.critical === true;

/** The alerts the RMM poll raises and resolves (security alerts come and go by events). */
const polled = (a: Alert) => a.condition !== 'security';

export interface PendingPost {
  place: Place;
  attempts: number;
  /** Not before this time (rate limit, Retry-After, backoff). */
  notBefore?: string;
  /** Set while a post is on its way: after a crash, look before posting again. */
  sendingSince?: string;
  lastError?: string;
  /** Posted to the MSP's default channel because the subscribed one refused. */
  rerouted?: string;
}

export interface AlertPolicy {
  offlineAlertMinutes: number;
  offlineRetryHours: number;
  criticalPatchWithinHours: number;
}

export interface AlertChanges {
  opened: Alert[];
  escalated: Alert[];
  resolved: Alert[];
}

const alertKey = (customer: string, endpointId: string, condition: PolledCondition) =>
  `${customer}:${endpointId}:${condition}`;

const hoursBetween = (a: Date, b: Date) => (b.getTime() - a.getTime()) / 3_600_000;

/**
 * Compares what Action1 says now with the alerts already known, and works out which alerts to
 * raise, escalate or resolve. Pure: data in, changes out. Offline devices inside the customer's
 * maintenance window are expected reboot noise and held back; if still offline after the window
 * they are raised on the first poll after it.
 */
export function evaluate(
  customer: string,
  known: ReadonlyMap<string, Alert>,
  endpoints: readonly Endpoint[],
  policy: AlertPolicy,
  now: Date,
  inMaintenance: boolean,
): AlertChanges {
  const changes: AlertChanges = { opened: [], escalated: [], resolved: [] };
  const at = now.toISOString();
  const seen = new Set<string>();
  for (const e of endpoints) {
    const silentMinutes = e.lastSeen ? (now.getTime() - e.lastSeen.getTime()) / 60_000 : Infinity;
    const conditions: [PolledCondition, boolean, string][] = [
      [
        'offline',
        !e.online && silentMinutes > policy.offlineAlertMinutes,
        e.lastSeen ? 'not reporting to Action1' : 'never seen by Action1',
      ],
      [
        'critical-update',
        e.missingCritical > 0,
        `${e.missingCritical} critical update${e.missingCritical === 1 ? '' : 's'} missing`,
      ],
    ];
    for (const [condition, holds, detail] of conditions) {
      const key = alertKey(customer, e.id, condition);
      seen.add(key);
      // A resolved alert waiting for its last redraw counts as gone: the condition may recur.
      const stored = known.get(key);
      const alert = stored?.state === 'resolved' ? undefined : stored;
      if (holds && !alert) {
        if (condition === 'offline' && inMaintenance) continue;
        changes.opened.push({
          key,
          customer,
          endpointId: e.id,
          device: e.name,
          condition,
          state: 'open',
          escalated: false,
          openedAt: at,
          changedAt: at,
          detail,
          ...(condition === 'offline' && e.lastSeen && { lastSeen: e.lastSeen.toISOString() }),
          posts: [],
        });
      } else if (holds && alert && !alert.escalated) {
        const overdue =
          condition === 'offline'
            ? e.lastSeen !== undefined && hoursBetween(e.lastSeen, now) > policy.offlineRetryHours
            : hoursBetween(new Date(alert.openedAt), now) > policy.criticalPatchWithinHours;
        if (overdue) changes.escalated.push({ ...alert, escalated: true, changedAt: at, detail });
      } else if (!holds && alert) {
        changes.resolved.push({ ...alert, state: 'resolved', resolvedAt: at, changedAt: at });
      }
    }
  }
  // A device that disappeared from Action1 (removed, moved) takes its alerts with it.
  for (const [key, alert] of known)
    if (!seen.has(key) && polled(alert))
      changes.resolved.push({ ...alert, state: 'resolved', resolvedAt: at, changedAt: at });
  return changes;
}

/**
 * The earliest time the rules could change these alerts while the devices stay as they are: an
 * offline device reaching the alert threshold or the retry window, a critical alert reaching its
 * SLA, a snooze ending. Until then a poll that finds the same devices has nothing to evaluate.
 * Anything the rules would change right now (a device with no alert yet for a condition that
 * holds, one whose condition ended) gives -Infinity: evaluate.
 */
export function nextChangeAt(
  customer: string,
  known: ReadonlyMap<string, Alert>,
  endpoints: readonly Endpoint[],
  policy: AlertPolicy,
): number {
  let next = Infinity;
  const seen = new Set<string>();
  for (const e of endpoints) {
    const offlineKey = alertKey(customer, e.id, 'offline');
    const criticalKey = alertKey(customer, e.id, 'critical-update');
    seen.add(offlineKey).add(criticalKey);
    const offline = known.get(offlineKey);
    const critical = known.get(criticalKey);
    const seenAt = e.lastSeen?.getTime();
    if (!e.online) {
      if (!offline || offline.state === 'resolved')
        next = Math.min(
          next,
          seenAt === undefined ? -Infinity : seenAt + policy.offlineAlertMinutes * 60_000,
        );
      else if (!offline.escalated && seenAt !== undefined)
        next = Math.min(next, seenAt + policy.offlineRetryHours * 3_600_000);
    } else if (offline && offline.state !== 'resolved') return -Infinity;
    if (e.missingCritical > 0) {
      if (!critical || critical.state === 'resolved') return -Infinity;
      if (!critical.escalated)
        next = Math.min(
          next,
          new Date(critical.openedAt).getTime() + policy.criticalPatchWithinHours * 3_600_000,
        );
    } else if (critical && critical.state !== 'resolved') return -Infinity;
  }
  for (const [key, a] of known) {
    if (!seen.has(key) && polled(a) && a.state !== 'resolved') return -Infinity;
    if (a.state === 'snoozed' && a.snoozedUntil)
      next = Math.min(next, new Date(a.snoozedUntil).getTime());
  }
  return next;
}
