/**
 * The one rule every durable worker (alert posts, access chores, onboarding runs, report jobs)
 * claims work by: a record taken less than `leaseMs` ago belongs to whoever took it; an older
 * claim is from an instance that went quiet, and the work may be taken over.
 */
export const leaseHeld = (takenAt: string | undefined, now: Date, leaseMs: number): boolean =>
  !!takenAt && now.getTime() - new Date(takenAt).getTime() < leaseMs;

/** Waits that double with each attempt, from `firstMs`, up to `capMs`. */
export const backoffMs = (attempts: number, firstMs: number, capMs: number) =>
  Math.min(firstMs * 2 ** attempts, capMs);
