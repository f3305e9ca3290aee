import type { Store } from './store';

/**
 * The ids of the records that still need attention, kept as one list in the store (changed by
 * compare-and-set), so a worker's round reads one key instead of every record. Writers settle a
 * record's place in it after each change that opens or closes the record.
 */
export class OpenIndex {
  constructor(
    private readonly store: Store,
    private readonly key: string,
  ) {}

  async ids(): Promise<string[]> {
    const stored = await this.store.get(this.key);
    return stored ? (JSON.parse(stored.value) as string[]) : [];
  }

  async add(id: string): Promise<void> {
    await this.edit((ids) => (ids.includes(id) ? ids : [...ids, id]));
  }

  /**
   * Puts the record in or takes it out by what the store holds now (`isOpen` reads it). A change
   * that reopened it between our read and our write puts it back.
   */
  async settle(id: string, isOpen: () => Promise<boolean>): Promise<void> {
    const open = await isOpen();
    await this.edit((ids) => {
      if (ids.includes(id) === open) return ids;
      return open ? [...ids, id] : ids.filter((x) => x !== id);
    });
    if (!open && (await isOpen())) await this.add(id);
  }

  private async edit(change: (ids: string[]) => string[]): Promise<void> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const stored = await this.store.get(this.key);
      const ids = stored ? (JSON.parse(stored.value) as string[]) : [];
      const next = change(ids);
      if (stored && next === ids) return; // nothing to change
      const value = JSON.stringify(next);
      const saved = stored
        ? await this.store.compareAndSet(this.key, stored.version, value)
        : await this.store.setIfAbsent(this.key, value);
      if (saved) return;
    }
    throw new Error(`${this.key}: too much contention`);
  }
}
