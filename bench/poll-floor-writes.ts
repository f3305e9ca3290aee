import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/**
 * The least a first poll must also do beyond fetching and parsing: keep every device durably.
 * One SQLite file (WAL, synchronous FULL, as the bot's store), each organization's devices
 * written in one transaction as (organization, id, the device's JSON). No alert rules, no
 * digest, no checks: the floor for "fetch, parse and keep", beside the plain fetch-and-parse.
 */
export function deviceKeeper(): { keep(org: string, items: unknown[]): void; close(): void } {
  const db = new Database(join(mkdtempSync(join(tmpdir(), 'bench-floor-')), 'floor.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(
    'CREATE TABLE devices (org TEXT NOT NULL, id TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (org, id)) WITHOUT ROWID',
  );
  const put = db.prepare('INSERT OR REPLACE INTO devices (org, id, value) VALUES (?, ?, ?)');
  const keepAll = db.transaction((org: string, items: unknown[]) => {
    for (const item of items)
      put.run(org, String((item as { id?: unknown }).id), JSON.stringify(item));
  });
  return { keep: (org, items) => keepAll(org, items), close: () => db.close() };
}
