import type { AlertBook, AlertPage, PendingDigest } from './alert-book';
import type { Alert, PendingPost } from './alert-rules';
import { placeKey, samePlace, type Place } from '../core/invocation';
import { backoffMs, leaseHeld } from '../core/lease';
import { PostFailure, type Log } from '../core/ports';

/**
 * The states of one pending post inside its alert document (or a digest): claimed while on its
 * way, waiting for a retry, rerouted, or done with the message id recorded. Every change is one
 * compare-and-set on the document.
 */
export class PendingPosts {
  constructor(
    private readonly book: AlertBook,
    private readonly leaseMs: () => number,
    private readonly now: () => Date,
    private readonly fallback: Place | undefined,
    private readonly log: Log,
  ) {}

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

  claim(
    customer: string,
    item: PendingPost,
    alertKey: string | undefined,
    postId: string,
  ): Promise<boolean> {
    const since = this.now().toISOString();
    return this.edit(customer, alertKey, postId, item.place, (p) => {
      if (leaseHeld(p.sendingSince, this.now(), this.leaseMs()))
        throw new Error('claimed elsewhere');
      p.sendingSince = since;
    }).catch(() => false);
  }

  retry(
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

  done(
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

  /** Records a failure: retry later, or reroute for good. Returns when to try again. */
  async failed(
    customer: string,
    item: PendingPost,
    alertKey: string | undefined,
    postId: string,
    err: unknown,
  ): Promise<Date> {
    let retryAt = this.now();
    const failure =
      err instanceof PostFailure
        ? err
        : new PostFailure(String((err as Error).message ?? err), false);
    this.log.warn(
      { reason: failure.message, place: item.place, attempts: item.attempts + 1 },
      'post failed',
    );
    const fallback = this.fallback;
    await this.edit(customer, alertKey, postId, item.place, (p) => {
      p.sendingSince = undefined;
      p.lastError = failure.message;
      if (failure.permanent && fallback && !samePlace(p.place, fallback)) {
        p.rerouted = `${p.place.channel} ${p.place.conversationId}: ${failure.message}`;
        p.place = fallback;
        p.attempts = 0;
        return; // to the default channel straight away
      }
      p.attempts++;
      // Nothing is dropped: past the first tries it keeps trying every few minutes.
      const wait = failure.retryAfterSeconds
        ? failure.retryAfterSeconds * 1000
        : backoffMs(p.attempts, 1000, 5 * 60_000);
      retryAt = new Date(this.now().getTime() + wait);
      p.notBefore = retryAt.toISOString();
    });
    return retryAt;
  }
}
