/**
 * The Store port: everything that must survive a restart or be shared between instances.
 * Two implementations (src/store/sqlite-store.ts, src/store/redis-store.ts) pass one contract
 * suite (test/store/contract.ts). Values are strings; callers own their encoding.
 */
export interface StoredValue {
  value: string;
  /** Increases by one on every write; the handle for compare-and-set. */
  version: number;
}

export interface LogEntry {
  /** 1-based position in the log. */
  seq: number;
  value: string;
}

export interface WriteOptions {
  /** Forget the value after this many milliseconds. */
  ttlMs?: number;
}

export interface Store {
  readonly kind: 'sqlite' | 'redis';
  get(key: string): Promise<StoredValue | undefined>;
  /** The version of what is stored under `key` (0: nothing), without reading the value. */
  versionOf(key: string): Promise<number>;
  set(key: string, value: string, options?: WriteOptions): Promise<void>;
  /** Writes only when nothing is stored under `key`; true if this call wrote it. */
  setIfAbsent(key: string, value: string, options?: WriteOptions): Promise<boolean>;
  /** Writes only when the stored version still is `expectedVersion`; true if this call wrote it. */
  compareAndSet(
    key: string,
    expectedVersion: number,
    value: string,
    options?: WriteOptions,
  ): Promise<boolean>;
  delete(key: string): Promise<void>;

  /** Appends to an append-only log and returns the entry's sequence number. */
  append(log: string, value: string): Promise<number>;
  /**
   * Appends only if the log still holds exactly `expectedLength` entries: the building block
   * for chains whose next entry depends on the last (the audit trail).
   */
  appendAt(log: string, expectedLength: number, value: string): Promise<boolean>;
  /** Entries with seq >= fromSeq, oldest first, at most `limit`. */
  readLog(log: string, fromSeq: number, limit: number): Promise<LogEntry[]>;
  logLength(log: string): Promise<number>;

  /** Takes or renews a time-limited lease; true if `holder` holds it now. */
  acquireLease(name: string, holder: string, ttlMs: number): Promise<boolean>;
  releaseLease(name: string, holder: string): Promise<void>;

  /** Adds to a counter, creating it with the TTL when new (rate-limit windows). */
  increment(key: string, by: number, ttlMs: number): Promise<number>;

  /**
   * Changes fields of a map stored under `key` (a null value removes the field), all at once:
   * changing k fields of a large map costs O(k), not a rewrite of the whole (fleet snapshots).
   * Maps hold what can be read again: a store may keep them less durably than values and logs
   * (SQLite does not wait for the disk; a power cut may lose the last changes, never half),
   * unless `durable` asks for the same durability as a value.
   */
  setFields(
    key: string,
    fields: ReadonlyMap<string, string | null>,
    options?: { durable?: boolean },
  ): Promise<void>;
  /** Every field of the map under `key`; empty when there is none. */
  getFields(key: string): Promise<Map<string, string>>;
  /** One field of the map under `key`. */
  getField(key: string, field: string): Promise<string | undefined>;

  /** Throws when the store can't be reached (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
