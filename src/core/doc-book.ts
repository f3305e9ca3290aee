import type { Store } from './store';

/**
 * Records that live through many steps (an access request, an onboarding), one document each,
 * changed only by compare-and-set: when two people click at once, or two instances work at
 * once, exactly one change wins and the other sees it. An index of the records still needing
 * attention keeps the workers' rounds short.
 */
export class DocBook<T extends { id: string }> {
  private readonly index: string;

  constructor(
    protected readonly store: Store,
    private readonly prefix: string,
    private readonly isOpen: (doc: T) => boolean,
  ) {
    this.index = `${prefix}:open`;
  }

  private key(id: string): string {
    return `${this.prefix}:${id}`;
  }

  async get(id: string): Promise<T | undefined> {
    const stored = await this.store.get(this.key(id));
    return stored && (JSON.parse(stored.value) as T);
  }

  async create(doc: T): Promise<void> {
    if (!(await this.store.setIfAbsent(this.key(doc.id), JSON.stringify(doc))))
      throw new Error(`${this.prefix} ${doc.id} exists already`);
    if (this.isOpen(doc))
      await this.editIndex((ids) => (ids.includes(doc.id) ? ids : [...ids, doc.id]));
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
        if (this.isOpen(after) !== this.isOpen(before)) await this.reindex(id);
        return { before, after };
      }
    }
    throw new Error(`${this.prefix} ${id}: too much contention`);
  }

  async openIds(): Promise<string[]> {
    const stored = await this.store.get(this.index);
    return stored ? (JSON.parse(stored.value) as string[]) : [];
  }

  async open(): Promise<T[]> {
    const out: T[] = [];
    for (const id of await this.openIds()) {
      const doc = await this.get(id);
      if (doc) out.push(doc);
    }
    return out;
  }

  /** Puts the record in the index or takes it out, by what the store holds now. */
  private async reindex(id: string): Promise<void> {
    const doc = await this.get(id);
    const open = !!doc && this.isOpen(doc);
    await this.editIndex((ids) =>
      open ? (ids.includes(id) ? ids : [...ids, id]) : ids.filter((x) => x !== id),
    );
    // A change that reopened it between our read and our write puts it back.
    const again = await this.get(id);
    if (!open && again && this.isOpen(again)) await this.editIndex((ids) => [...ids, id]);
  }

  private async editIndex(edit: (ids: string[]) => string[]): Promise<void> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const stored = await this.store.get(this.index);
      const ids = stored ? (JSON.parse(stored.value) as string[]) : [];
      const next = JSON.stringify(edit(ids));
      const saved = stored
        ? await this.store.compareAndSet(this.index, stored.version, next)
        : await this.store.setIfAbsent(this.index, next);
      if (saved) return;
    }
    throw new Error(`${this.prefix} index: too much contention`);
  }
}
