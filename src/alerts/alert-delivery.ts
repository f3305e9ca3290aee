import { AlertBook } from './alert-book';
import type { Customer } from '../config/customer';
import { PendingPosts } from './pending-posts';
import { alertCard } from './alert-card';
import { openAlertTicket } from './alert-tickets';
import type { Alert, PendingPost } from './alert-rules';
import { placeKey, type Place } from '../core/invocation';
import { PostFailure, type ChannelPoster, type Log, type TicketDesk } from '../core/ports';
import type { Reply } from '../core/reply';
import { textReply } from '../core/reply';
import { Rounds } from '../core/rounds';
import type { Store } from '../core/store';

const SWEEP_MS = 60_000;

/** A customer as delivery draws its cards: the name, the zone its times are in, HaloPSA. */
type DeliveryCustomer = Pick<Customer, 'id' | 'name' | 'haloClientId' | 'timezone'>;

export interface DeliveryOptions {
  customers: readonly DeliveryCustomer[];
  store: Store;
  poster: ChannelPoster;
  /** HaloPSA, when configured: escalated alerts and the Create ticket button open tickets. */
  tickets?: TicketDesk;
  /** Where posts go when their channel refuses them for good. */
  fallback?: Place;
  /** Slack asks for about one message per second per channel; Teams is similar per conversation. */
  perChannelPerSecond?: number;
  /**
   * How long a post on its way belongs to the instance sending it. After that another instance
   * (or this one after a restart) checks whether it arrived and finishes the job.
   */
  sendLeaseMs?: number;
  clock?: () => Date;
  log: Log;
}

/**
 * Delivers what the poller queued: each pending post of each alert, each digest, and every
 * redraw. Rate-limited per channel through the store (shared by all instances), retried with
 * backoff, honouring Retry-After; a channel that refuses for good sends its posts to the MSP's
 * default channel with a note. Before re-sending a post that was on its way when the process
 * died, it asks the channel whether it arrived (Slack message metadata), so nothing is doubled.
 */
export class AlertDelivery {
  private readonly book: AlertBook;
  private readonly posts: PendingPosts;
  /** The earliest deferred post of this round: the drain waits for it if it is near. */
  private nextDue?: number;

  constructor(private readonly deps: DeliveryOptions) {
    this.book = new AlertBook(deps.store);
    this.posts = new PendingPosts(
      this.book,
      () => this.leaseMs,
      () => this.now(),
      deps.fallback,
      deps.log,
    );
  }

  private get leaseMs(): number {
    return this.deps.sendLeaseMs ?? 60_000;
  }

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }

  /** Start delivering soon; calls while a drain runs make it go round once more. */
  kick(): Promise<void> {
    return this.rounds.run();
  }

  /** When every customer's page was last read, index or not (performance.now() ms). */
  private lastSweep = -Infinity;

  /**
   * The customers to look at this round: those the index says have work; and every one once a
   * minute, for a page whose index entry a crash kept from being written.
   */
  private async customersWithWork() {
    if (performance.now() - this.lastSweep >= SWEEP_MS) {
      this.lastSweep = performance.now();
      return this.deps.customers;
    }
    const withWork = new Set(await this.book.withWork.ids());
    return this.deps.customers.filter((c) => withWork.has(c.id));
  }

  private readonly rounds = new Rounds(async () => {
    this.nextDue = undefined;
    for (const c of await this.customersWithWork())
      await this.customer(c).catch((err: unknown) =>
        this.deps.log.error({ err, customer: c.id }, 'alert delivery failed'),
      );
    // Rate-limited posts are due again within a second or two: keep going instead of leaving
    // them to the next tick.
    const wait = this.nextDue === undefined ? undefined : this.nextDue - this.now().getTime();
    if (wait === undefined || wait > 2000) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.max(wait, 10)));
    return true;
  });

  private async customer(c: DeliveryCustomer): Promise<void> {
    const page = await this.book.load(c.id);
    for (const alert of page.alerts.values()) {
      if (
        alert.ticket &&
        alert.ticket.state !== 'created' &&
        this.deps.tickets &&
        c.haloClientId !== undefined
      ) {
        const opened = await openAlertTicket(
          this.book,
          this.deps.tickets,
          { ...c, haloClientId: c.haloClientId },
          alert,
          this.leaseMs,
          this.now(),
          this.deps.log,
        );
        if (opened) this.due(this.now()); // draw the number this round, not at the next tick
      } else if (alert.ticket && alert.ticket.state !== 'created') {
        // Asked for where no ticket can be opened (before escalations checked for HaloPSA): let
        // it go, or the page would stay "with work" for ever.
        await this.book.update(c.id, (p) => {
          const a = p.alerts.get(alert.key);
          if (a?.ticket && a.ticket.state !== 'created')
            p.alerts.set(a.key, { ...a, ticket: undefined });
        });
      }
      for (const p of alert.pending ?? [])
        await this.deliver(c, p, `${alert.key}@${alert.openedAt}@${placeKey(p.place)}`, alert.key);
      if (alert.redraw && (alert.pending?.length ?? 0) === 0) await this.redraw(c, alert);
    }
    for (const d of page.digests) await this.deliver(c, d, d.id);
  }

  /** One pending post: claim, rate-check, post, record; or schedule the retry. */
  private async deliver(
    c: DeliveryCustomer,
    item: PendingPost,
    postId: string,
    alertKey?: string,
  ): Promise<void> {
    const now = this.now();
    if (item.notBefore && new Date(item.notBefore) > now) return this.due(new Date(item.notBefore));
    if (item.sendingSince && now.getTime() - new Date(item.sendingSince).getTime() < this.leaseMs)
      return; // someone is on it
    const recovered = item.sendingSince
      ? await this.deps.poster.find?.(item.place, postId, new Date(item.sendingSince))
      : undefined;
    if (!recovered) {
      if (!(await this.posts.claim(c.id, item, alertKey, postId))) return;
      if (!(await this.allowed(item.place, now))) {
        const next = new Date((Math.floor(now.getTime() / 1000) + 1) * 1000);
        this.due(next);
        await this.posts.retry(c.id, item, alertKey, postId, next);
        return;
      }
    }
    try {
      const messageId =
        recovered ??
        (await this.deps.poster.post(
          item.place,
          await this.current(c, alertKey, postId, item),
          postId,
        ));
      await this.posts.done(c.id, item, alertKey, postId, messageId);
    } catch (err) {
      // Rerouted posts go out this round; short waits (Retry-After) are waited out in the drain.
      this.due(await this.posts.failed(c.id, item, alertKey, postId, err));
    }
  }

  private due(at: Date): void {
    this.nextDue = Math.min(this.nextDue ?? Infinity, at.getTime());
  }

  private async current(
    c: DeliveryCustomer,
    alertKey: string | undefined,
    postId: string,
    item: PendingPost,
  ): Promise<Reply> {
    const page = await this.book.load(c.id);
    const reply = alertKey
      ? (() => {
          const a = page.alerts.get(alertKey);
          return a && alertCard(a, c, this.now());
        })()
      : page.digests.find((d) => d.id === postId)?.reply;
    if (!reply) throw new PostFailure('nothing to post any more', true);
    if (!item.rerouted) return reply;
    // A rerouted post says where it should have gone and why.
    return reply.kind === 'card'
      ? { ...reply, summary: `${reply.summary} (meant for ${item.rerouted})` }
      : textReply(`${reply.text} (meant for ${item.rerouted})`);
  }

  private async allowed(place: Place, now: Date): Promise<boolean> {
    const count = await this.deps.store.increment(
      `rate:${placeKey(place)}:${Math.floor(now.getTime() / 1000)}`,
      1,
      5000,
    );
    return count <= (this.deps.perChannelPerSecond ?? 1);
  }

  /** Edits the pending item (found by postId) inside the alert document, atomically. */
  private async redraw(c: DeliveryCustomer, alert: Alert): Promise<void> {
    const card = alertCard(alert, c, this.now());
    try {
      for (const p of alert.posts)
        await this.deps.poster.update(
          { channel: p.channel, conversationId: p.conversationId, kind: 'channel' },
          p.messageId,
          card,
        );
    } catch (err) {
      this.deps.log.warn(
        { err, alert: alert.key },
        'redraw failed; the next delivery round tries again',
      );
      return;
    }
    await this.book.update(c.id, (page) => {
      const latest = page.alerts.get(alert.key);
      // Only if nothing changed while we drew: otherwise the next round draws the newer state.
      if (!latest || latest.changedAt !== alert.changedAt || latest.state !== alert.state) return;
      if (latest.state === 'resolved') page.alerts.delete(alert.key);
      else page.alerts.set(alert.key, { ...latest, redraw: false });
    });
  }
}
