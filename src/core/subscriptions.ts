import { samePlace, type Place } from './invocation';
import type { Store } from './store';
import { channelCustomerKey } from './inbound';

export const TOPICS = ['alerts', 'critical', 'approvals', 'reports', 'leadership'] as const;
export type Topic = (typeof TOPICS)[number];

/** A chat channel bound to a customer for some topics. */
export interface Subscription {
  customer: string;
  place: Place;
  topics: Topic[];
  by: string;
  at: string;
}

const KEY = 'subscriptions';

/** Which channels hear what about which customer. One small document, changed by compare-and-set. */
export class Subscriptions {
  constructor(private readonly store: Store) {}

  async all(): Promise<Subscription[]> {
    const stored = await this.store.get(KEY);
    return stored ? (JSON.parse(stored.value) as Subscription[]) : [];
  }

  async subscribe(sub: Subscription): Promise<void> {
    await this.change((list) => [
      ...list.filter((s) => !(samePlace(s.place, sub.place) && s.customer === sub.customer)),
      sub,
    ]);
    await this.store.set(channelCustomerKey(sub.place), sub.customer);
  }

  /**
   * Removes this channel's subscriptions (for one customer, or all): how many went, and what the
   * channel still has. A channel left with none belongs to no customer any more.
   */
  async unsubscribe(
    place: Place,
    customer?: string,
  ): Promise<{ removed: number; remaining: Subscription[] }> {
    let removed = 0;
    let remaining: Subscription[] = [];
    await this.change((list) => {
      const kept = list.filter(
        (s) => !(samePlace(s.place, place) && (!customer || s.customer === customer)),
      );
      removed = list.length - kept.length;
      remaining = kept.filter((s) => samePlace(s.place, place));
      return kept;
    });
    if (removed > 0 && remaining.length === 0) await this.store.delete(channelCustomerKey(place));
    return { removed, remaining };
  }

  private async change(edit: (list: Subscription[]) => Subscription[]): Promise<void> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const stored = await this.store.get(KEY);
      const next = JSON.stringify(edit(stored ? (JSON.parse(stored.value) as Subscription[]) : []));
      const written = stored
        ? await this.store.compareAndSet(KEY, stored.version, next)
        : await this.store.setIfAbsent(KEY, next);
      if (written) return;
    }
    throw new Error('subscriptions: too much contention');
  }
}

/** Channels in `list` for this customer and topic ("alerts" also hears "critical"). */
export function subscribedTo(
  list: readonly Subscription[],
  customer: string,
  topic: Topic,
): Subscription[] {
  const wanted = (s: Subscription) =>
    s.topics.includes(topic) || (topic === 'critical' && s.topics.includes('alerts'));
  return list.filter((s) => s.customer === customer && wanted(s));
}

/**
 * Where a customer's posts on a topic go: every subscribed place, or the MSP's fallback channel
 * when nobody subscribed (so nothing is lost for want of a subscription).
 */
export function placesFor(
  list: readonly Subscription[],
  customer: string,
  topic: Topic,
  fallback: Place | undefined,
): Place[] {
  const subs = subscribedTo(list, customer, topic);
  return subs.length > 0 ? subs.map((s) => s.place) : fallback ? [fallback] : [];
}
