import type { Store } from '../store';
import { isOpen, type AccessRequest } from './access-request';

const key = (id: string) => `access:${id}`;
const OPEN = 'access:open';
export const historyLog = (customer: string) => `access-history:${customer}`;

/**
 * Access requests in the store, one document each, changed only by compare-and-set: when two
 * approvers click at once, or two instances tick at once, exactly one change wins and the other
 * sees the new state. An index of the requests still needing attention keeps the keeper's
 * rounds short; a per-customer log lets a customer's people list who asked for their devices.
 */
export class AccessBook {
  constructor(private readonly store: Store) {}

  async get(id: string): Promise<AccessRequest | undefined> {
    const stored = await this.store.get(key(id));
    return stored && (JSON.parse(stored.value) as AccessRequest);
  }

  async create(r: AccessRequest): Promise<void> {
    if (!(await this.store.setIfAbsent(key(r.id), JSON.stringify(r))))
      throw new Error(`access request ${r.id} exists already`);
    await this.editIndex((ids) => (ids.includes(r.id) ? ids : [...ids, r.id]));
    await this.store.append(historyLog(r.customer), r.id);
  }

  /**
   * Changes a request exactly once however many race for it. `edit` may run more than once
   * (on contention) and may throw to refuse; it returns the new record or undefined for "no
   * change". Returns the record before and after.
   */
  async change(
    id: string,
    edit: (r: AccessRequest) => AccessRequest | undefined,
  ): Promise<{ before: AccessRequest; after: AccessRequest } | undefined> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const stored = await this.store.get(key(id));
      if (!stored) return undefined;
      const before = JSON.parse(stored.value) as AccessRequest;
      const after = edit(before);
      if (!after) return { before, after: before };
      if (await this.store.compareAndSet(key(id), stored.version, JSON.stringify(after))) {
        if (isOpen(after) !== isOpen(before)) await this.reindex(id);
        return { before, after };
      }
    }
    throw new Error(`access request ${id}: too much contention`);
  }

  async openIds(): Promise<string[]> {
    const stored = await this.store.get(OPEN);
    return stored ? (JSON.parse(stored.value) as string[]) : [];
  }

  async open(): Promise<AccessRequest[]> {
    const all = await Promise.all((await this.openIds()).map((id) => this.get(id)));
    return all.filter((r): r is AccessRequest => !!r);
  }

  /** The customer's most recent requests, newest first. */
  async history(customer: string, limit: number): Promise<AccessRequest[]> {
    const length = await this.store.logLength(historyLog(customer));
    const from = Math.max(1, length - limit + 1);
    const entries = await this.store.readLog(historyLog(customer), from, limit);
    const all = await Promise.all(entries.map((e) => this.get(e.value)));
    return all.filter((r): r is AccessRequest => !!r).reverse();
  }

  /** Puts the request in the index or takes it out, by what the store holds now. */
  private async reindex(id: string): Promise<void> {
    const r = await this.get(id);
    const open = !!r && isOpen(r);
    await this.editIndex((ids) =>
      open ? (ids.includes(id) ? ids : [...ids, id]) : ids.filter((x) => x !== id),
    );
    // A change that reopened it between our read and our write puts it back.
    const again = await this.get(id);
    if (!open && again && isOpen(again)) await this.editIndex((ids) => [...ids, id]);
  }

  private async editIndex(edit: (ids: string[]) => string[]): Promise<void> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const stored = await this.store.get(OPEN);
      const ids = stored ? (JSON.parse(stored.value) as string[]) : [];
      const next = JSON.stringify(edit(ids));
      const saved = stored
        ? await this.store.compareAndSet(OPEN, stored.version, next)
        : await this.store.setIfAbsent(OPEN, next);
      if (saved) return;
    }
    throw new Error('access index: too much contention');
  }
}
