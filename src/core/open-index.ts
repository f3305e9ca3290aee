import type { Store } from './store';

/**
 * The ids of the records that still need attention, so a worker's round reads one key instead of
 * every record. Writers settle a record's place in it after each change that opens or closes the
 * record. Each id is a field of one map (its value: when it was added), so adding or removing one
 * is a single write that never collides with another writer's: a first poll that opens 500
 * customers' alerts at once makes 500 small writes, not a compare-and-set race over one growing
 * list.
 */
export class OpenIndex {
  /** Moves an index kept as one JSON list (before the map) into the map, once per instance. */
  private ready?: Promise<void>;

  constructor(
    private readonly store: Store,
    private readonly key: string,
  ) {}

  /** The ids, oldest first. */
  async ids(): Promise<string[]> {
    await this.upgraded();
    const fields = await this.store.getFields(this.key);
    return [...fields]
      .sort(([a, since], [b, since2]) => Number(since) - Number(since2) || (a < b ? -1 : 1))
      .map(([id]) => id);
  }

  async add(id: string): Promise<void> {
    await this.upgraded();
    if ((await this.store.getField(this.key, id)) === undefined) await this.put(id, true);
  }

  /**
   * Puts the record in or takes it out by what the store holds now (`isOpen` reads it). A change
   * that reopened it between our read and our write puts it back.
   */
  async settle(id: string, isOpen: () => Promise<boolean>): Promise<void> {
    await this.upgraded();
    const open = await isOpen();
    const listed = (await this.store.getField(this.key, id)) !== undefined;
    if (listed !== open) await this.put(id, open);
    if (!open && (await isOpen())) await this.add(id);
  }

  private put(id: string, open: boolean): Promise<void> {
    // Durable: an open access request missing from its index would wait for no worker.
    return this.store.setFields(this.key, new Map([[id, open ? String(Date.now()) : null]]), {
      durable: true,
    });
  }

  private upgraded(): Promise<void> {
    this.ready ??= (async () => {
      const legacy = await this.store.get(this.key);
      if (!legacy) return;
      const ids = JSON.parse(legacy.value) as string[];
      // Their order kept as the times they were added.
      const now = Date.now() - ids.length;
      await this.store.setFields(this.key, new Map(ids.map((id, i) => [id, String(now + i)])), {
        durable: true,
      });
      await this.store.delete(this.key);
    })().catch((err: unknown) => {
      this.ready = undefined;
      throw err;
    });
    return this.ready;
  }
}
