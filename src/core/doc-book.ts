import type { Store } from './store';
import { OpenIndex } from './open-index';

/**
 * Records that live through many steps (an access request, an onboarding), one document each,
 * changed only by compare-and-set: when two people click at once, or two instances work at
 * once, exactly one change wins and the other sees it. An index of the records still needing
 * attention keeps the workers' rounds short.
 */
export class DocBook<T extends { id: string }> {
  private readonly index: OpenIndex;

  constructor(
    protected readonly store: Store,
    private readonly prefix: string,
    private readonly isOpen: (doc: T) => boolean,
  ) {
    this.index = new OpenIndex(store, `${prefix}:open`);
  }

  private key(id: string): string {
    return `${this.prefix}:${id}`;
  }

  async get(id: string): Promise<T | undefined> {
    const stored = await this.store.get(this.key(id));
    return stored && (JSON.parse(stored.value) as T);
  }

  /** Forgets a document for good (retention). Only closed ones: the open index is not touched. */
  async remove(id: string): Promise<void> {
    await this.store.delete(this.key(id));
  }

  async create(doc: T): Promise<void> {
    if (!(await this.store.setIfAbsent(this.key(doc.id), JSON.stringify(doc))))
      throw new Error(`${this.prefix} ${doc.id} exists already`);
    if (this.isOpen(doc)) await this.index.add(doc.id);
  }

  /**
   * Changes a record exactly once however many race for it. `edit` may run more than once (on
   * contention) and may throw to refuse; it returns the new record or undefined for "no change".
   */
  async change(
    id: string,
    edit: (doc: T) => T | undefined,
  ): Promise<{ before: T; after: T } | undefined> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const stored = await this.store.get(this.key(id));
      if (!stored) return undefined;
      const before = JSON.parse(stored.value) as T;
      const after = edit(before);
      if (!after) return { before, after: before };
      if (await this.store.compareAndSet(this.key(id), stored.version, JSON.stringify(after))) {
        if (this.isOpen(after) !== this.isOpen(before))
          await this.index.settle(id, async () => {
            const now = await this.get(id);
            return !!now && this.isOpen(now);
          });
        return { before, after };
      }
    }
    throw new Error(`${this.prefix} ${id}: too much contention`);
  }

  openIds(): Promise<string[]> {
    return this.index.ids();
  }

  async open(): Promise<T[]> {
    const out: T[] = [];
    for (const id of await this.openIds()) {
      const doc = await this.get(id);
      // The index is a shortcut: what the record itself says decides.
      if (doc && this.isOpen(doc)) out.push(doc);
    }
    return out;
  }
}
