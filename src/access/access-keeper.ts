import { PostFailure } from '../core/ports';
import type { AccessBook } from './access-book';
import type { KeeperDeps } from './access-ports';
import type { AccessRequest, CardCopy, PendingChore } from './access-request';
import { accessCard } from './access-card';
import { dueNow } from './access-timeline';
import { clockChange } from './access-clock';
import { performChore } from './access-chore-runner';
import { auditChore, withChores } from './access-chores';
import { samePlace } from '../core/invocation';
import { backoffMs, leaseHeld } from '../core/lease';
import { Rounds } from '../core/rounds';

/**
 * Keeps every open access request moving: applies what the clock says (remind, escalate, expire,
 * end, review reminders), does each pending chore once (posts, sessions, audit entries,
 * tickets), and redraws the card copies after a change. Any instance may run it at any time:
 * each step is claimed and recorded with compare-and-set, so nothing happens twice and a crash
 * leaves the chore for the next round.
 */
export class AccessKeeper {
  constructor(private readonly deps: KeeperDeps) {}

  private get book(): AccessBook {
    return this.deps.records.book;
  }

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }

  private readonly rounds = new Rounds(async () => {
    for (const r of await this.book.open())
      await this.keep(r).catch((err: unknown) =>
        this.deps.log.error({ err, request: r.id }, 'access keeping failed'),
      );
  });

  /** Run a round soon; calls during a round make it go round once more. */
  run(): Promise<void> {
    return this.rounds.run();
  }

  private async keep(first: AccessRequest): Promise<void> {
    const now = this.now();
    const due = dueNow(
      first,
      now,
      this.deps.records.settings,
      this.deps.records.hasSecondary(first.customer),
    );
    if (due) await clockChange(this.deps, first, due, now);
    // Chores lead to chores (a session started → the link to send, an audit entry; a refused
    // post → rerouted): go round while some were done, a few times at most.
    const tried = new Set<string>();
    for (let round = 0; round < 4; round++) {
      const r = await this.book.get(first.id);
      const fresh = (r?.chores ?? []).filter((c) => !tried.has(`${c.id}:${c.attempts}`));
      if (fresh.length === 0) break;
      for (const chore of fresh) {
        tried.add(`${chore.id}:${chore.attempts}`);
        await this.chore(first.id, chore);
      }
    }
    await this.redraw(first.id);
  }

  private async chore(id: string, chore: PendingChore): Promise<void> {
    const now = this.now();
    if (chore.notBefore && new Date(chore.notBefore) > now) return;
    const lease = this.deps.leaseMs ?? 60_000;
    // Who had it before us: a chore taken by an instance that died may have half happened.
    let takenBefore: string | undefined;
    const taken = await this.book
      .change(id, (r) => {
        const c = r.chores.find((x) => x.id === chore.id);
        if (!c || leaseHeld(c.takenAt, now, lease)) throw new Error('not ours');
        takenBefore = c.takenAt;
        const mine = { ...c, takenAt: now.toISOString() };
        return { ...r, chores: r.chores.map((x) => (x === c ? mine : x)) };
      })
      .catch(() => undefined);
    if (!taken) return;
    try {
      const done = await performChore(this.deps, taken.after, chore, takenBefore);
      await this.book.change(id, (r) =>
        done({ ...r, chores: r.chores.filter((x) => x.id !== chore.id) }),
      );
    } catch (err) {
      await this.failed(id, chore, err);
    }
  }

  /** Retry later with backoff; a channel that refuses for good sends it to the admins' channel. */
  private async failed(id: string, chore: PendingChore, err: unknown): Promise<void> {
    const failure = err instanceof PostFailure ? err : undefined;
    const reason = String((err as Error).message ?? err).slice(0, 300);
    const fallback = failure?.permanent ? (await this.deps.audiences.adminChannel())[0] : undefined;
    const wait = failure?.retryAfterSeconds
      ? failure.retryAfterSeconds * 1000
      : backoffMs(chore.attempts + 1, 1000, 10 * 60_000);
    this.deps.log.warn({ reason, request: id, chore: chore.chore.kind }, 'access chore failed');
    const c = chore.chore;
    if (
      failure?.permanent &&
      (c.kind === 'card' || c.kind === 'notice') &&
      c.place.kind === 'personal'
    ) {
      // A private message (it may carry a session link) never goes to a shared channel instead:
      // it is given up, and the audit trail says so.
      await this.book.change(id, (r) =>
        withChores({ ...r, chores: r.chores.filter((x) => x.id !== chore.id) }, [
          auditChore(r, 'private-message-undeliverable', this.now(), undefined, reason),
        ]),
      );
      return;
    }
    await this.book.change(id, (r) => ({
      ...r,
      chores: r.chores.map((x): PendingChore => {
        if (x.id !== chore.id) return x;
        const c = x.chore;
        if (fallback && (c.kind === 'card' || c.kind === 'notice') && !samePlace(c.place, fallback))
          return {
            ...x,
            chore: { ...c, place: fallback },
            attempts: x.attempts + 1,
            takenAt: undefined,
            lastError: reason,
          };
        return {
          ...x,
          takenAt: undefined,
          attempts: x.attempts + 1,
          lastError: reason,
          notBefore: new Date(this.now().getTime() + wait).toISOString(),
        };
      }),
    }));
  }

  /**
   * Redraws every copy once no card is still on its way; clears the mark if nothing changed
   * meanwhile. One copy failing does not keep the others old: a copy that can never be redrawn
   * (the message or channel is gone) is given up with a note, one that failed for now is tried
   * again next round.
   */
  private async redraw(id: string): Promise<void> {
    const r = await this.book.get(id);
    if (!r?.redraw || r.chores.some((c) => c.chore.kind === 'card')) return;
    const drawnAt = this.now();
    const card = accessCard(r, this.deps.records.shownAs(r.customer), drawnAt);
    const gone: CardCopy[] = [];
    let retry = false;
    for (const copy of r.copies.filter((c) => !c.gaveUp)) {
      try {
        await this.deps.poster.update(copy.place, copy.messageId, card);
      } catch (err) {
        const permanent = err instanceof PostFailure && err.permanent;
        this.deps.log.warn(
          { err, request: id, conversation: copy.place.conversationId },
          permanent
            ? 'a card copy can no longer be redrawn; given up'
            : 'redraw failed; the next round tries again',
        );
        if (permanent) gone.push({ ...copy, gaveUp: String((err as Error).message) });
        else retry = true;
      }
    }
    if (gone.length > 0)
      await this.book.change(id, (now) => ({
        ...now,
        copies: now.copies.map(
          (c) => gone.find((g) => g.messageId === c.messageId && samePlace(g.place, c.place)) ?? c,
        ),
      }));
    if (retry) return;
    const drawn = JSON.stringify(card);
    await this.book.change(id, (now) => {
      const latest = accessCard(now, this.deps.records.shownAs(now.customer), drawnAt);
      return JSON.stringify(latest) === drawn ? { ...now, redraw: false } : undefined;
    });
  }
}
