import { AlertBook, type AlertPage, type PendingDigest } from './alert-book';
import { alertCard } from './alert-card';
import type { Alert, PendingPost } from './alert-rules';
import type { Place } from './invocation';
import { PostFailure, type ChannelPoster, type Log } from './ports';
import type { Reply } from './reply';
import { textReply } from './reply';
import type { Store } from './store';

export interface DeliveryOptions {
  customers: readonly { id: string; name: string }[];
  store: Store;
  poster: ChannelPoster;
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

const placeKey = (p: Place) => `${p.channel}:${p.conversationId}`;
const samePlace = (a: Place, b: Place) => placeKey(a) === placeKey(b);
const backoffMs = (attempts: number) => Math.min(2 ** attempts * 1000, 5 * 60_000);

/**
 * Delivers what the poller queued: each pending post of each alert, each digest, and every
 * redraw. Rate-limited per channel through the store (shared by all instances), retried with
 * backoff, honouring Retry-After; a channel that refuses for good sends its posts to the MSP's
 * default channel with a note. Before re-sending a post that was on its way when the process
 * died, it asks the channel whether it arrived (Slack message metadata), so nothing is doubled.
 */
export class AlertDelivery {
  private readonly book: AlertBook;
  private running?: Promise<void>;
  private again = false;
  /** The earliest deferred post of this round: the drain waits for it if it is near. */
  private nextDue?: number;

  constructor(private readonly o: DeliveryOptions) {
    this.book = new AlertBook(o.store);
  }

  private get leaseMs(): number {
    return this.o.sendLeaseMs ?? 60_000;
  }

  private now(): Date {
    return this.o.clock?.() ?? new Date();
  }

  /** Start delivering soon; calls while a drain runs make it go round once more. */
  kick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        this.nextDue = undefined;
        for (const c of this.o.customers)
          await this.customer(c).catch((err: unknown) =>
            this.o.log.error({ err, customer: c.id }, 'alert delivery failed'),
          );
        // Rate-limited posts are due again within a second or two: keep going instead of
        // leaving them to the next tick.
        const wait = this.nextDue === undefined ? undefined : this.nextDue - this.now().getTime();
        if (wait !== undefined && wait <= 2000) {
          await new Promise((resolve) => setTimeout(resolve, Math.max(wait, 10)));
          this.again = true;
        }
      } while (this.again);
    })().finally(() => (this.running = undefined));
    return this.running;
  }

  private async customer(c: { id: string; name: string }): Promise<void> {
    const page = await this.book.load(c.id);
    for (const alert of page.alerts.values()) {
      for (const p of alert.pending ?? [])
        await this.deliver(c, p, `${alert.key}@${alert.openedAt}@${placeKey(p.place)}`, alert.key);
      if (alert.redraw && (alert.pending?.length ?? 0) === 0) await this.redraw(c, alert);
    }
    for (const d of page.digests) await this.deliver(c, d, d.id);
  }

  /** One pending post: claim, rate-check, post, record; or schedule the retry. */
  private async deliver(
    c: { id: string; name: string },
    item: PendingPost,
    postId: string,
    alertKey?: string,
  ): Promise<void> {
    const now = this.now();
    if (item.notBefore && new Date(item.notBefore) > now) return this.due(new Date(item.notBefore));
    if (item.sendingSince && now.getTime() - new Date(item.sendingSince).getTime() < this.leaseMs)
      return; // someone is on it
    const recovered = item.sendingSince
      ? await this.o.poster.find?.(item.place, postId, new Date(item.sendingSince))
      : undefined;
    if (!recovered) {
      if (!(await this.claim(c.id, item, alertKey, postId))) return;
      if (!(await this.allowed(item.place, now))) {
        const next = new Date((Math.floor(now.getTime() / 1000) + 1) * 1000);
        this.due(next);
        await this.retry(c.id, item, alertKey, postId, next);
        return;
      }
    }
    try {
      const messageId =
        recovered ??
        (await this.o.poster.post(
          item.place,
          await this.current(c, alertKey, postId, item),
          postId,
        ));
      await this.done(c.id, item, alertKey, postId, messageId);
    } catch (err) {
      await this.failed(c.id, item, alertKey, postId, err);
    }
  }

  private due(at: Date): void {
    this.nextDue = Math.min(this.nextDue ?? Infinity, at.getTime());
  }

  private async current(
    c: { id: string; name: string },
    alertKey: string | undefined,
    postId: string,
    item: PendingPost,
  ): Promise<Reply> {
    const page = await this.book.load(c.id);
    const reply = alertKey
      ? (() => {
          const a = page.alerts.get(alertKey);
          return a && alertCard(a, c.name, this.now());
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
    const count = await this.o.store.increment(
      `rate:${placeKey(place)}:${Math.floor(now.getTime() / 1000)}`,
      1,
      5000,
    );
    return count <= (this.o.perChannelPerSecond ?? 1);
  }

  /** Edits the pending item (found by postId) inside the alert document, atomically. */
  private edit(
    customer: string,
    alertKey: string | undefined,
    postId: string,
    place: Place,
    change: (item: PendingPost, page: AlertPage, alert?: Alert) => void,
  ): Promise<boolean> {
    return this.book.update(customer, (page) => {
      if (!alertKey) {
        const d = page.digests.find((x) => x.id === postId);
        if (!d) return false;
        change(d, page);
        return true;
      }
      const alert = page.alerts.get(alertKey);
      const item = alert?.pending?.find(
        (p) =>
          samePlace(p.place, place) &&
          `${alert.key}@${alert.openedAt}@${placeKey(p.place)}` === postId,
      );
      if (!alert || !item) return false;
      change(item, page, alert);
      return true;
    });
  }

  private claim(
    customer: string,
    item: PendingPost,
    alertKey: string | undefined,
    postId: string,
  ): Promise<boolean> {
    const since = this.now().toISOString();
    return this.edit(customer, alertKey, postId, item.place, (p) => {
      if (
        p.sendingSince &&
        this.now().getTime() - new Date(p.sendingSince).getTime() < this.leaseMs
      )
        throw new Error('claimed elsewhere');
      p.sendingSince = since;
    }).catch(() => false);
  }

  private retry(
    customer: string,
    item: PendingPost,
    alertKey: string | undefined,
    postId: string,
    notBefore: Date,
  ): Promise<boolean> {
    return this.edit(customer, alertKey, postId, item.place, (p) => {
      p.sendingSince = undefined;
      p.notBefore = notBefore.toISOString();
    });
  }

  private done(
    customer: string,
    item: PendingPost,
    alertKey: string | undefined,
    postId: string,
    messageId: string,
  ): Promise<boolean> {
    return this.edit(customer, alertKey, postId, item.place, (p, page, alert) => {
      if (!alert)
        return void (page.digests = page.digests.filter((d: PendingDigest) => d.id !== postId));
      alert.pending = alert.pending?.filter((x) => x !== p);
      alert.posts.push({
        channel: p.place.channel,
        conversationId: p.place.conversationId,
        messageId,
      });
    });
  }

  private async failed(
    customer: string,
    item: PendingPost,
    alertKey: string | undefined,
    postId: string,
    err: unknown,
  ): Promise<void> {
    const failure =
      err instanceof PostFailure
        ? err
        : new PostFailure(String((err as Error).message ?? err), false);
    this.o.log.warn(
      { reason: failure.message, place: item.place, attempts: item.attempts + 1 },
      'post failed',
    );
    const fallback = this.o.fallback;
    await this.edit(customer, alertKey, postId, item.place, (p) => {
      p.sendingSince = undefined;
      p.lastError = failure.message;
      if (failure.permanent && fallback && !samePlace(p.place, fallback)) {
        p.rerouted = `${p.place.channel} ${p.place.conversationId}: ${failure.message}`;
        p.place = fallback;
        p.attempts = 0;
        this.due(this.now()); // straight on to the default channel, this round
        return;
      }
      p.attempts++;
      // Nothing is dropped: past the first tries it keeps trying every few minutes.
      const wait = failure.retryAfterSeconds
        ? failure.retryAfterSeconds * 1000
        : backoffMs(p.attempts);
      p.notBefore = new Date(this.now().getTime() + wait).toISOString();
    });
  }

  private async redraw(c: { id: string; name: string }, alert: Alert): Promise<void> {
    const card = alertCard(alert, c.name, this.now());
    try {
      for (const p of alert.posts)
        await this.o.poster.update(
          { channel: p.channel, conversationId: p.conversationId, kind: 'channel' },
          p.messageId,
          card,
        );
    } catch (err) {
      this.o.log.warn(
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
