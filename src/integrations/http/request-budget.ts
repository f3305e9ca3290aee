import type { Store } from '../../core/store';

/** A vendor's published request limit: so many requests per window. */
export interface BudgetLimit {
  requests: number;
  windowMs: number;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A request budget shared by every instance through the store: each request takes one from the
 * current window's counter, and a burst beyond the limit waits for the next window instead of
 * collecting 429s. Fixed windows (one counter per window, expiring with it) keep it to one
 * store call per request.
 */
export class RequestBudget {
  constructor(
    private readonly store: Store,
    private readonly name: string,
    private readonly limit: BudgetLimit,
  ) {}

  private get holdKey(): string {
    return `budget:${this.name}:hold`;
  }

  /** The vendor said "wait": no instance sends until then. */
  async hold(ms: number): Promise<void> {
    const until = Date.now() + ms;
    await this.store.set(this.holdKey, String(until), { ttlMs: ms });
  }

  /** Resolves when this instance may send one request, with the window it was counted in. */
  async take(): Promise<number> {
    const held = Number((await this.store.get(this.holdKey))?.value ?? 0);
    if (held > Date.now()) await pause(held - Date.now());
    for (;;) {
      const at = Date.now();
      const window = Math.floor(at / this.limit.windowMs);
      const used = await this.store.increment(
        `budget:${this.name}:${window}`,
        1,
        this.limit.windowMs * 2,
      );
      if (used <= this.limit.requests) return window;
      await pause((window + 1) * this.limit.windowMs - at + 5);
    }
  }
}
