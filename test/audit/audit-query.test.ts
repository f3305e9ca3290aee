import { join } from 'node:path';
import Database from 'better-sqlite3';
import { AuditTrail, type AuditRecord } from '../../src/core/audit';
import { SqliteStore } from '../../src/store/sqlite-store';
import { auditEntries } from '../../src/audit/audit-query';
import { AUDIT_KEY, tempDir } from '../helpers/harness';

const entry = (i: number, customer: string): AuditRecord => ({
  at: new Date(Date.UTC(2026, 10, 27, 10, 0, i)).toISOString(),
  actor: { channel: 'slack', userId: `U${i}`, displayName: i % 2 ? 'Dana Tech' : 'Sam Admin' },
  conversationId: 'C1',
  customer,
  act: 'patch-status',
  args: {},
  outcome: 'ok',
  correlationId: `c${i}`,
});

describe('reading the trail for `audit`', () => {
  test('one walk gives the matches, newest first, and the verdict; a broken chain still lists them all', async () => {
    const file = join(tempDir(), 'audit.sqlite');
    const store = new SqliteStore(file);
    const trail = new AuditTrail(store, AUDIT_KEY);
    for (let i = 1; i <= 6; i++) await trail.record(entry(i, i <= 4 ? 'acme' : 'globex'));

    const clean = await auditEntries(trail, { customer: 'acme', who: 'dana' });
    expect(clean.check).toEqual({ ok: true, entries: 6, checkpoints: 0 });
    expect(clean.entries.map((e) => e.seq)).toEqual([3, 1]);

    // Someone edits entry 2 in the file: the verdict names it, and the list still has entry 3.
    const db = new Database(file);
    const row = db
      .prepare<[], { value: string }>(
        "SELECT value FROM log_entries WHERE log = 'audit' AND seq = 2",
      )
      .get();
    db.prepare("UPDATE log_entries SET value = ? WHERE log = 'audit' AND seq = 2").run(
      JSON.stringify({ ...JSON.parse(row?.value ?? '{}'), outcome: 'denied' }),
    );
    db.close();
    const broken = await auditEntries(trail, { customer: 'acme', who: 'dana' });
    expect(broken.check).toMatchObject({ ok: false, firstBroken: 2 });
    expect(broken.entries.map((e) => e.seq)).toEqual([3, 1]);
    const since = await auditEntries(trail, {
      customer: 'acme',
      since: new Date(Date.UTC(2026, 10, 27, 10, 0, 3)),
    });
    expect(since.entries.map((e) => e.seq)).toEqual([4, 3]);
    await store.close();
  });
});
