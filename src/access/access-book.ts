import type { Store } from '../core/store';
import { DocBook } from '../core/doc-book';
import { isOpen, type AccessRequest } from './access-request';
import { nameOf as who } from '../core/wording';
import type { AccessFact } from '../core/record-lines';

/** An access request as a line of history: who, what, how it ended, who answered. */
export function accessFactOf(r: AccessRequest): AccessFact {
  const outcome = r.preApproved ? `granted (${r.preApproved})` : r.state;
  return {
    when: r.requestedAt,
    kind: r.kind,
    who: who(r.requester),
    device: r.device?.name,
    outcome,
    reason: r.reason,
    answeredBy:
      r.kind === 'break-glass'
        ? r.review?.by && who(r.review.by)
        : r.decision && who(r.decision.by),
    ...(r.review && {
      review:
        r.review.state === 'pending'
          ? 'pending'
          : r.review.verdict === 'not-justified'
            ? 'not justified'
            : 'justified',
    }),
  };
}

const historyLog = (customer: string) => `access-history:${customer}`;

/**
 * Access requests in the store (a DocBook: compare-and-set, an index of open ones), plus a
 * per-customer log so a customer's people can list who asked for their devices.
 */
export class AccessBook extends DocBook<AccessRequest> {
  constructor(store: Store) {
    super(store, 'access', isOpen);
  }

  override async create(r: AccessRequest): Promise<void> {
    await super.create(r);
    await this.store.append(historyLog(r.customer), r.id);
  }

  /** The customer's most recent requests, newest first. */
  async history(customer: string, limit: number): Promise<AccessRequest[]> {
    const length = await this.store.logLength(historyLog(customer));
    const from = Math.max(1, length - limit + 1);
    const entries = await this.store.readLog(historyLog(customer), from, limit);
    const all = await Promise.all(entries.map((e) => this.get(e.value)));
    return all.filter((r): r is AccessRequest => !!r).reverse();
  }

  /** Every request of the customer still kept, oldest first (for backups). */
  async everything(customer: string): Promise<AccessRequest[]> {
    const length = await this.store.logLength(historyLog(customer));
    const ids = await this.store.readLog(historyLog(customer), 1, length);
    const all = await Promise.all(ids.map((e) => this.get(e.value)));
    return all.filter((r): r is AccessRequest => !!r);
  }

  /** The customer's most recent requests as a report lists them, newest first. */
  async summaries(customer: string, limit: number): Promise<AccessFact[]> {
    return (await this.history(customer, limit)).map(accessFactOf);
  }
}
