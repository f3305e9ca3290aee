import type { Alert, PendingPost } from './alert-rules';
import type { AlertFact } from '../core/record-lines';
import type { Reply } from '../core/reply';
import type { Store } from '../core/store';
import { OpenIndex } from '../core/open-index';

const key = (customer: string) => `alerts:${customer}`;

/** A storm's digest card, waiting to be posted (it has no living copies to update later). */
export interface PendingDigest extends PendingPost {
  id: string;
  reply: Reply;
}

export interface AlertPage {
  alerts: Map<string, Alert>;
  digests: PendingDigest[];
  version: number;
  /** Whether the page had anything for delivery to do when it was loaded. */
  hadWork: boolean;
}

/** Something for delivery to do: a post or digest to send, a card to redraw, a ticket to open. */
function hasWork(page: Pick<AlertPage, 'alerts' | 'digests'>): boolean {
  if (page.digests.length > 0) return true;
  for (const a of page.alerts.values())
    if ((a.pending?.length ?? 0) > 0 || a.redraw || (a.ticket && a.ticket.state !== 'created'))
      return true;
  return false;
}

/**
 * The alerts of one customer and what is still to be posted for them, as one document changed
 * by compare-and-set: recording an alert and queueing its posts is one atomic write, so a crash
 * can neither lose an alert's post nor queue it twice.
 */
export class AlertBook {
  /** The customers whose page has work for delivery (see hasWork), so a round reads only those. */
  readonly withWork: OpenIndex;

  constructor(private readonly store: Store) {
    this.withWork = new OpenIndex(store, 'alert-delivery:customers-with-work');
  }

  /** The customer's alerts that are not resolved, as a report lists them. */
  async unresolved(customer: string): Promise<AlertFact[]> {
    const page = await this.load(customer);
    return [...page.alerts.values()]
      .filter((a) => a.state !== 'resolved')
      .map((a) => ({
        device: a.device,
        condition: a.condition,
        since: a.openedAt,
        state: a.state,
        escalated: a.escalated,
      }));
  }

  /** The page's version (0: none yet), without reading its alerts. */
  async version(customer: string): Promise<number> {
    return this.store.versionOf(key(customer));
  }

  async load(customer: string): Promise<AlertPage> {
    const stored = await this.store.get(key(customer));
    const doc = stored
      ? (JSON.parse(stored.value) as { alerts: Alert[]; digests?: PendingDigest[] })
      : { alerts: [] };
    const page = {
      alerts: new Map(doc.alerts.map((a) => [a.key, a])),
      digests: doc.digests ?? [],
      version: stored?.version ?? 0,
    };
    return { ...page, hadWork: hasWork(page) };
  }

  /** Saves if nobody else saved since the page was loaded; false means try again. */
  async save(customer: string, page: AlertPage): Promise<boolean> {
    const value = JSON.stringify({ alerts: [...page.alerts.values()], digests: page.digests });
    const saved =
      page.version === 0
        ? await this.store.setIfAbsent(key(customer), value)
        : await this.store.compareAndSet(key(customer), page.version, value);
    // A crash between the save and this leaves the page out of the index until delivery's
    // periodic full sweep finds it: late, never lost.
    // The page just saved says "work" without being read again; "no work" is read again, since
    // a page left out of the index by mistake would wait for the sweep.
    if (saved && hasWork(page) !== page.hadWork)
      await this.withWork.settle(
        customer,
        async () => hasWork(page) || hasWork(await this.load(customer)),
      );
    return saved;
  }

  /**
   * Load, edit, save, retrying on contention. The edit may run more than once. `changed` tells
   * from the edit's result whether there is anything to save: a poll that changed nothing
   * writes nothing.
   */
  async update<T>(
    customer: string,
    edit: (page: AlertPage) => T,
    changed: (result: T) => boolean = () => true,
  ): Promise<T> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const page = await this.load(customer);
      const result = edit(page);
      if (!changed(result) || (await this.save(customer, page))) return result;
    }
    throw new Error(`alerts of ${customer}: too much contention`);
  }

  /** Changes one alert exactly once, however many clicks race; undefined if it is gone. */
  async change(
    customer: string,
    alertKey: string,
    edit: (a: Alert) => Alert | undefined,
  ): Promise<{ before: Alert; after: Alert } | undefined> {
    return this.update(customer, (page) => {
      const before = page.alerts.get(alertKey);
      if (!before || before.state === 'resolved') return undefined;
      const after = edit(before) ?? before;
      if (after !== before) page.alerts.set(alertKey, { ...after, redraw: true });
      return { before, after };
    });
  }
}
