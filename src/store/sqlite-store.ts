import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { LogEntry, Store, StoredValue, WriteOptions } from '../core/store';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS kv (
    key TEXT PRIMARY KEY, value TEXT NOT NULL, version INTEGER NOT NULL, expires_at INTEGER
  );
  CREATE TABLE IF NOT EXISTS log_entries (
    log TEXT NOT NULL, seq INTEGER NOT NULL, value TEXT NOT NULL, PRIMARY KEY (log, seq)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS fields (
    key TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (key, field)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at INTEGER NOT NULL);
`;

/** Field rows written per statement (SQLite allows 32,766 parameters: 3 per row). */
const FIELD_ROWS = 200;

const unexpired = (row: { expires_at: number | null }) =>
  row.expires_at === null || row.expires_at > Date.now();

interface KvRow {
  value: string;
  version: number;
  expires_at: number | null;
}

/**
 * The embedded default store: one SQLite file, for a single bot instance. WAL with full sync,
 * because an audit entry or an approval that was acknowledged must survive a crash.
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly q;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.q = {
      get: this.db.prepare<[string], KvRow>(
        'SELECT value, version, expires_at FROM kv WHERE key = ?',
      ),
      version: this.db.prepare<[string], { version: number; expires_at: number | null }>(
        'SELECT version, expires_at FROM kv WHERE key = ?',
      ),
      put: this.db.prepare(
        'INSERT OR REPLACE INTO kv (key, value, version, expires_at) VALUES (?, ?, ?, ?)',
      ),
      del: this.db.prepare('DELETE FROM kv WHERE key = ?'),
      logLength: this.db.prepare<[string], { n: number }>(
        'SELECT COALESCE(MAX(seq), 0) AS n FROM log_entries WHERE log = ?',
      ),
      logInsert: this.db.prepare('INSERT INTO log_entries (log, seq, value) VALUES (?, ?, ?)'),
      logRead: this.db.prepare<[string, number, number], LogEntry>(
        'SELECT seq, value FROM log_entries WHERE log = ? AND seq >= ? ORDER BY seq LIMIT ?',
      ),
      lease: this.db.prepare<[string], { holder: string; expires_at: number }>(
        'SELECT holder, expires_at FROM leases WHERE name = ?',
      ),
      leasePut: this.db.prepare(
        'INSERT OR REPLACE INTO leases (name, holder, expires_at) VALUES (?, ?, ?)',
      ),
      leaseDel: this.db.prepare('DELETE FROM leases WHERE name = ? AND holder = ?'),
      fieldDel: this.db.prepare('DELETE FROM fields WHERE key = ? AND field = ?'),
      fieldsOf: this.db.prepare<[string], { field: string; value: string }>(
        'SELECT field, value FROM fields WHERE key = ?',
      ),
      fieldOf: this.db.prepare<[string, string], { value: string }>(
        'SELECT value FROM fields WHERE key = ? AND field = ?',
      ),
    };
  }

  /** Writes waiting for the next commit, in the order they were asked for. */
  private pending: {
    work: () => unknown;
    done: (r: { value?: unknown; err?: unknown }) => void;
    /** What can be read again (field maps): not worth a sync of its own. */
    relaxed?: boolean;
  }[] = [];

  /**
   * Group commit: the writes asked for in one turn of the event loop run in one transaction, each
   * in a savepoint of its own (a failing one is undone alone), and the disk is synced once for
   * all of them. Each promise settles after that sync, so a write that resolved is on disk: the
   * same durability as a transaction per write, at a fraction of the fsyncs when writes are many.
   */
  private commit<T>(work: () => T, relaxed = false): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.pending.length === 0) setImmediate(() => this.flush());
      this.pending.push({
        work,
        relaxed,
        done: (r) => ('err' in r ? reject(r.err) : resolve(r.value as T)),
      });
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    const results: { value?: unknown; err?: unknown }[] = [];
    // A batch of nothing but field maps (snapshots the next poll rewrites) is committed without
    // waiting for the disk: WAL keeps the file consistent, a power cut may lose the last ones.
    const relaxed = batch.every((op) => op.relaxed);
    if (relaxed) this.db.pragma('synchronous = NORMAL');
    try {
      this.db
        .transaction(() => {
          for (const op of batch) {
            try {
              results.push({ value: this.db.transaction(op.work)() });
            } catch (err) {
              results.push({ err });
            }
          }
        })
        .immediate();
    } catch (err) {
      // The commit itself failed: none of the batch happened.
      for (const op of batch) op.done({ err });
      return;
    } finally {
      if (relaxed && this.db.open) this.db.pragma('synchronous = FULL');
    }
    batch.forEach((op, i) => op.done(results[i] ?? { err: new Error('no result') }));
  }

  private live(key: string): KvRow | undefined {
    const row = this.q.get.get(key);
    return row && unexpired(row) ? row : undefined;
  }

  private write(key: string, value: string, version: number, options?: WriteOptions) {
    const expires = options?.ttlMs ? Date.now() + options.ttlMs : null;
    this.q.put.run(key, value, version, expires);
  }

  async get(key: string): Promise<StoredValue | undefined> {
    const row = this.live(key);
    return row && { value: row.value, version: row.version };
  }

  async versionOf(key: string): Promise<number> {
    const row = this.q.version.get(key);
    return row && unexpired(row) ? row.version : 0;
  }

  async set(key: string, value: string, options?: WriteOptions): Promise<void> {
    await this.commit(() => this.write(key, value, (this.live(key)?.version ?? 0) + 1, options));
  }

  async setIfAbsent(key: string, value: string, options?: WriteOptions): Promise<boolean> {
    return this.commit(() => {
      if (this.live(key)) return false;
      this.write(key, value, 1, options);
      return true;
    });
  }

  async compareAndSet(
    key: string,
    expected: number,
    value: string,
    options?: WriteOptions,
  ): Promise<boolean> {
    return this.commit(() => {
      if (this.live(key)?.version !== expected) return false;
      this.write(key, value, expected + 1, options);
      return true;
    });
  }

  async delete(key: string): Promise<void> {
    await this.commit(() => this.q.del.run(key));
  }

  async append(log: string, value: string): Promise<number> {
    return this.commit(() => {
      const seq = (this.q.logLength.get(log)?.n ?? 0) + 1;
      this.q.logInsert.run(log, seq, value);
      return seq;
    });
  }

  async appendAt(log: string, expectedLength: number, value: string): Promise<boolean> {
    return this.commit(() => {
      if ((this.q.logLength.get(log)?.n ?? 0) !== expectedLength) return false;
      this.q.logInsert.run(log, expectedLength + 1, value);
      return true;
    });
  }

  async readLog(log: string, fromSeq: number, limit: number): Promise<LogEntry[]> {
    return this.q.logRead.all(log, Math.max(1, fromSeq), limit);
  }

  async logLength(log: string): Promise<number> {
    return this.q.logLength.get(log)?.n ?? 0;
  }

  async acquireLease(name: string, holder: string, ttlMs: number): Promise<boolean> {
    return this.commit(() => {
      const now = Date.now();
      const lease = this.q.lease.get(name);
      if (lease && lease.holder !== holder && lease.expires_at > now) return false;
      this.q.leasePut.run(name, holder, now + ttlMs);
      return true;
    });
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    await this.commit(() => this.q.leaseDel.run(name, holder));
  }

  async increment(key: string, by: number, ttlMs: number): Promise<number> {
    return this.commit(() => {
      const row = this.live(key);
      if (!row) {
        this.write(key, String(by), 1, { ttlMs });
        return by;
      }
      const next = Number(row.value) + by;
      this.q.put.run(key, String(next), row.version + 1, row.expires_at);
      return next;
    });
  }

  async setFields(
    key: string,
    fields: ReadonlyMap<string, string | null>,
    options?: { durable?: boolean },
  ): Promise<void> {
    if (fields.size === 0) return;
    await this.commit(() => {
      const rows: string[] = [];
      for (const [field, value] of fields)
        if (value === null) this.q.fieldDel.run(key, field);
        else rows.push(key, field, value);
      // Many rows per statement: a 50,000-device first poll is 500 statements, not 50,000.
      for (let i = 0; i < rows.length; i += FIELD_ROWS * 3) {
        const chunk = rows.slice(i, i + FIELD_ROWS * 3);
        this.fieldsPut(chunk.length / 3).run(...chunk);
      }
    }, !options?.durable);
  }

  private readonly putStatements = new Map<number, Database.Statement<string[]>>();

  /** INSERT … ON CONFLICT for `n` rows at once, prepared once per size. */
  private fieldsPut(n: number): Database.Statement<string[]> {
    let statement = this.putStatements.get(n);
    if (!statement) {
      statement = this.db.prepare<string[]>(
        `INSERT INTO fields (key, field, value) VALUES ${Array(n).fill('(?, ?, ?)').join(', ')} ON CONFLICT (key, field) DO UPDATE SET value = excluded.value`,
      );
      this.putStatements.set(n, statement);
    }
    return statement;
  }

  async getFields(key: string): Promise<Map<string, string>> {
    return new Map(this.q.fieldsOf.all(key).map((r) => [r.field, r.value]));
  }

  async getField(key: string, field: string): Promise<string | undefined> {
    return this.q.fieldOf.get(key, field)?.value;
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    // Writes asked for just before closing still happen.
    if (this.pending.length > 0 && this.db.open) this.flush();
    if (this.db.open) this.db.close();
  }
}
