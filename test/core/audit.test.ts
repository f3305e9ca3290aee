import { execFile } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { createClient } from 'redis';
import {
  AUDIT_LOG,
  AuditTrail,
  type AuditCheckpoint,
  type AuditRecord,
} from '../../src/core/audit';
import { SqliteStore } from '../../src/store/sqlite-store';
import { AUDIT_KEY, memoryLog, tempDir } from '../helpers/harness';
import { AuditCheckpoints, readCheckpoints } from '../../src/core/audit-checkpoints';
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
    const audit = new AuditTrail(store, AUDIT_KEY);
    const written = await Promise.all([1, 2, 3, 4, 5].map((i) => audit.record(entry(i))));
    expect(written.map((w) => w.seq).sort()).toEqual([1, 2, 3, 4, 5]);
    const stored = await audit.read(1, 10);
    for (let i = 1; i < stored.length; i++) expect(stored[i]?.prevHash).toBe(stored[i - 1]?.hash);
    expect(await audit.verify()).toEqual({ ok: true, entries: 5, checkpoints: 0 });
    await store.close();
  });

  test('secrets in arguments are redacted before they are stored', async () => {
    const store = new SqliteStore(':memory:');
    const audit = new AuditTrail(store, AUDIT_KEY);
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
    const audit = new AuditTrail(store, AUDIT_KEY);
    for (let i = 1; i <= 4; i++) await audit.record(entry(i));
    await store.close();

    const cli = () =>
      run('npx', ['tsx', 'src/tools/audit-verify.ts'], {
        env: { ...process.env, DATA_DIR: dir, REDIS_URL: '', AUDIT_KEY },
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
    expect(await new AuditTrail(reopened, AUDIT_KEY).verify()).toEqual({
      ok: false,
      entries: 2,
      firstBroken: 3,
      reason: 'content does not match its MAC (entry was edited, or sealed without this AUDIT_KEY)',
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
      const one = new AuditTrail(shared, AUDIT_KEY);
      const two = new AuditTrail(other, AUDIT_KEY);
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? one : two).record(entry(i + 1))),
      );
      expect(await one.verify()).toEqual({ ok: true, entries: 20, checkpoints: 0 });

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

  describe('an attacker with the store but not AUDIT_KEY', () => {
    const canonical = (v: unknown): string =>
      Array.isArray(v)
        ? `[${v.map(canonical).join(',')}]`
        : v && typeof v === 'object'
          ? `{${Object.entries(v)
              .filter(([, x]) => x !== undefined)
              .sort(([a], [b]) => (a < b ? -1 : 1))
              .map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`)
              .join(',')}}`
          : JSON.stringify(v);

    /** Rewrites entry `from` and re-seals every entry after it, as an attacker would. */
    function reseal(file: string, from: number, seal: (body: string) => string) {
      const db = new Database(file);
      const rows = db
        .prepare<[], { seq: number; value: string }>(
          "SELECT seq, value FROM log_entries WHERE log = 'audit' ORDER BY seq",
        )
        .all();
      let prev = '0'.repeat(64);
      for (const row of rows) {
        const entry = JSON.parse(row.value);
        if (row.seq >= from) {
          if (row.seq === from) entry.actor = { channel: 'slack', userId: 'U0SOMEONEELSE' };
          entry.prevHash = prev;
          const body = Object.fromEntries(Object.entries(entry).filter(([k]) => k !== 'hash'));
          entry.hash = seal(canonical(body));
          db.prepare("UPDATE log_entries SET value = ? WHERE log = 'audit' AND seq = ?").run(
            JSON.stringify(entry),
            row.seq,
          );
        }
        prev = entry.hash;
      }
      db.close();
    }

    async function trailOf(n: number) {
      const dir = tempDir();
      const file = join(dir, 'msp-chatops.sqlite');
      const store = new SqliteStore(file);
      const audit = new AuditTrail(store, AUDIT_KEY);
      for (let i = 1; i <= n; i++) await audit.record(entry(i));
      const checkpoint = await audit.checkpoint(new Date('2026-11-27T12:00:00Z'));
      await store.close();
      return { dir, file, checkpoint };
    }

    const verifyFile = async (file: string, checkpoints: AuditCheckpoint[] = []) => {
      const store = new SqliteStore(file);
      try {
        return await new AuditTrail(store, AUDIT_KEY).verify(checkpoints);
      } finally {
        await store.close();
      }
    };

    test('an entry rewritten and the rest re-hashed (plain SHA-256, as the chain used to be) is caught', async () => {
      const { file } = await trailOf(6);
      reseal(file, 3, (body) => createHash('sha256').update(body).digest('hex'));
      expect(await verifyFile(file)).toEqual(
        expect.objectContaining({ ok: false, firstBroken: 3, entries: 2 }),
      );
    });

    test('the whole trail re-sealed with a key of the attacker’s own is caught at the first entry', async () => {
      const { file } = await trailOf(4);
      reseal(file, 1, (body) => createHmac('sha256', 'a-key-of-my-own').update(body).digest('hex'));
      expect(await verifyFile(file)).toEqual(
        expect.objectContaining({ ok: false, firstBroken: 1 }),
      );
    });

    test('the newest entries cut off after a checkpoint: caught by the API and by audit:verify with the checkpoint file', async () => {
      const { dir, file, checkpoint } = await trailOf(5);
      if (!checkpoint) throw new Error('no checkpoint');
      const checkpointFile = join(dir, 'checkpoints.jsonl');
      // As the bot's log stream carries it: one JSON log line among others.
      writeFileSync(
        checkpointFile,
        `${JSON.stringify({ level: 30, msg: 'started' })}\n${JSON.stringify({ level: 30, auditCheckpoint: checkpoint })}\n`,
      );
      expect(await verifyFile(file, [checkpoint])).toEqual({
        ok: true,
        entries: 5,
        checkpoints: 1,
      });
      const db = new Database(file);
      db.prepare("DELETE FROM log_entries WHERE log = 'audit' AND seq > 3").run();
      db.close();
      // Without the checkpoint the shorter chain is whole; with it, the cut shows.
      expect(await verifyFile(file)).toEqual(expect.objectContaining({ ok: true, entries: 3 }));
      expect(await verifyFile(file, [checkpoint])).toEqual({
        ok: false,
        entries: 3,
        firstBroken: 4,
        reason:
          'the trail ends at #3, but the checkpoint of 2026-11-27T12:00:00.000Z saw #5: entries were cut off the end',
      });
      const cli = await run(
        'npx',
        ['tsx', 'src/tools/audit-verify.ts', '--checkpoints', checkpointFile],
        { env: { ...process.env, DATA_DIR: dir, REDIS_URL: '', AUDIT_KEY } },
      ).catch((e: { code: number; stdout: string }) => e);
      expect(cli).toEqual(expect.objectContaining({ code: 1 }));
      expect(cli.stdout).toContain('entries were cut off the end');
    }, 60_000);

    test('a checkpoint edited to match a cut trail is refused as not sealed with the key', async () => {
      const { file, checkpoint } = await trailOf(3);
      if (!checkpoint) throw new Error('no checkpoint');
      expect(await verifyFile(file, [{ ...checkpoint, seq: 2 }])).toEqual(
        expect.objectContaining({ ok: false, reason: expect.stringContaining('not sealed') }),
      );
    });

    test('a rewritten entry that is re-sealed the same length is caught by the checkpoint of its place', async () => {
      // Even if the attacker knew the key, a checkpoint fixes what entry #n was.
      const { file, checkpoint } = await trailOf(4);
      if (!checkpoint) throw new Error('no checkpoint');
      reseal(file, 2, (body) => createHmac('sha256', AUDIT_KEY).update(body).digest('hex'));
      expect(await verifyFile(file, [checkpoint])).toEqual(
        expect.objectContaining({
          ok: false,
          firstBroken: 4,
          reason: expect.stringContaining('rewritten from there and sealed again'),
        }),
      );
    });
  });

  test('checkpoints go to the log stream and the checkpoint file, once per new head, and verify from either', async () => {
    const dir = tempDir();
    const file = join(dir, 'audit-checkpoints.jsonl');
    const store = new SqliteStore(':memory:');
    const audit = new AuditTrail(store, AUDIT_KEY);
    const { log, lines } = memoryLog();
    const keeper = new AuditCheckpoints(audit, log, file);
    expect(await keeper.keep()).toBeUndefined(); // an empty trail has no head to keep
    for (let i = 1; i <= 3; i++) await audit.record(entry(i));
    expect((await keeper.keep())?.seq).toBe(3);
    expect(await keeper.keep()).toBeUndefined(); // nothing new since
    await audit.record(entry(4));
    expect((await keeper.keep())?.seq).toBe(4);
    const fromFile = readCheckpoints(readFileSync(file, 'utf8'));
    const fromLog = readCheckpoints(lines.join(''));
    expect(fromFile.map((c) => c.seq)).toEqual([3, 4]);
    expect(fromLog).toEqual(fromFile);
    expect(await audit.verify(fromLog)).toEqual({ ok: true, entries: 4, checkpoints: 2 });
    await store.close();
  });
});
