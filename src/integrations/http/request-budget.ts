import type { Store } from '../../core/store';

/** A vendor's published request limit: so many requests per window. */
export interface BudgetLimit {
  requests: number;
  windowMs: number;
}

/** HaloPSA's published limit: 450 requests per 5 minutes, per tenant. */
export const HALOPSA_LIMIT: BudgetLimit = { requests: 450, windowMs: 5 * 60_000 };

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

  /** Resolves when this instance may send one request. */
  async take(): Promise<void> {
    for (;;) {
      const at = Date.now();
      const window = Math.floor(at / this.limit.windowMs);
      const used = await this.store.increment(
        `budget:${this.name}:${window}`,
        1,
        this.limit.windowMs * 2,
      );
      if (used <= this.limit.requests) return;
      await new Promise((r) => setTimeout(r, (window + 1) * this.limit.windowMs - at + 5));
    }
  }
}
