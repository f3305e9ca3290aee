import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { createClient } from 'redis';
import { AUDIT_LOG, AuditTrail, type AuditRecord } from '../../src/core/audit';
import { SqliteStore } from '../../src/store/sqlite-store';
import { tempDir } from '../helpers/harness';
import { openTestRedis, REDIS_URL, testPrefix } from '../helpers/redis';

const run = promisify(execFile);

const entry = (i: number, args: unknown = { n: i }): AuditRecord => ({
  at: new Date(Date.UTC(2026, 10, 27, 10, 0, i)).toISOString(),
  actor: { channel: 'slack', userId: `U${i}` },
  conversationId: 'C1',
  act: 'whoami',
  args,
  outcome: 'ok',
  correlationId: `c${i}`,
});

describe('audit trail', () => {
  test('entries chain by hash and verify', async () => {
    const store = new SqliteStore(':memory:');
    const audit = new AuditTrail(store);
    const written = await Promise.all([1, 2, 3, 4, 5].map((i) => audit.record(entry(i))));
    expect(written.map((w) => w.seq).sort()).toEqual([1, 2, 3, 4, 5]);
    const stored = await audit.read(1, 10);
    for (let i = 1; i < stored.length; i++) expect(stored[i]?.prevHash).toBe(stored[i - 1]?.hash);
    expect(await audit.verify()).toEqual({ ok: true, entries: 5 });
    await store.close();
  });

  test('secrets in arguments are redacted before they are stored', async () => {
    const store = new SqliteStore(':memory:');
    const audit = new AuditTrail(store);
    await audit.record(
      entry(1, {
        clientSecret: 'abc',
        note: 'token xoxb-1234-abcd and Bearer eyJhbGciOi.eyJzdWIiOi.sig',
      }),
    );
    const raw = (await store.readLog(AUDIT_LOG, 1, 1))[0]?.value ?? '';
    expect(raw).not.toContain('abc"');
    expect(raw).not.toContain('xoxb-1234');
    expect(raw).not.toContain('eyJhbGciOi');
    expect(JSON.parse(raw).args).toEqual({
      clientSecret: '[redacted]',
      note: 'token [redacted] and [redacted]',
    });
    await store.close();
  });

  test('an entry edited in the SQLite file is caught, by the API and by npm run audit:verify', async () => {
    const dir = tempDir();
    const file = join(dir, 'msp-chatops.sqlite');
    const store = new SqliteStore(file);
    const audit = new AuditTrail(store);
    for (let i = 1; i <= 4; i++) await audit.record(entry(i));
    await store.close();

    const cli = () =>
      run('npx', ['tsx', 'src/tools/audit-verify.ts'], {
        env: { ...process.env, DATA_DIR: dir, REDIS_URL: '' },
      });
    const clean = await cli();
    expect(clean.stdout).toContain('intact: 4 entries');

    const db = new Database(file);
    const row = db
      .prepare<[], { value: string }>(
        "SELECT value FROM log_entries WHERE log = 'audit' AND seq = 3",
      )
      .get();
    const edited = { ...JSON.parse(row?.value ?? '{}'), outcome: 'denied' };
    db.prepare("UPDATE log_entries SET value = ? WHERE log = 'audit' AND seq = 3").run(
      JSON.stringify(edited),
    );
    db.close();

    const reopened = new SqliteStore(file);
    expect(await new AuditTrail(reopened).verify()).toEqual({
      ok: false,
      entries: 2,
      firstBroken: 3,
      reason: 'content does not match its hash (entry was edited)',
    });
    await reopened.close();
    const broken = await cli().catch((e: { code: number; stdout: string }) => e);
    expect(broken).toEqual(expect.objectContaining({ code: 1 }));
    expect(broken.stdout).toContain('BROKEN at entry #3');
  }, 60_000);

  const redisTest = process.env.REDIS_AVAILABLE === '1' ? test : test.skip;
  redisTest(
    'an entry edited in Redis is caught, and concurrent writers keep one chain',
    async () => {
      // Two "instances" on one Redis: their appends interleave but must never fork the chain.
      const prefix = testPrefix();
      const [shared, other] = await Promise.all([openTestRedis(prefix), openTestRedis(prefix)]);
      const one = new AuditTrail(shared);
      const two = new AuditTrail(other);
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? one : two).record(entry(i + 1))),
      );
      expect(await one.verify()).toEqual({ ok: true, entries: 20 });

      const client = createClient({ url: REDIS_URL });
      await client.connect();
      const key = `${prefix}log:${AUDIT_LOG}`;
      const seventh = JSON.parse((await client.lIndex(key, 6)) ?? '{}');
      await client.lSet(
        key,
        6,
        JSON.stringify({ ...seventh, actor: { channel: 'slack', userId: 'someone-else' } }),
      );
      await client.close();
      expect(await one.verify()).toEqual(expect.objectContaining({ ok: false, firstBroken: 7 }));
      await Promise.all([shared.close(), other.close()]);
    },
  );
});
