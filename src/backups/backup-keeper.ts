import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { AuditRecord } from '../core/audit';
import type { BackupPart } from '../core/backup-part';
import { ensureDir } from '../core/backup-part';
import { botActor } from '../core/person';
import type { Log } from '../core/ports';
import type { Store } from '../core/store';
import { saveSet } from './backup-set';
import type { Restic, Retention } from './restic';

/** The last backup that worked and the last that did not, as `backup status` shows them. */
export interface BackupStatus {
  lastGood?: { snapshot: string; at: string; files: number; bytes: number };
  lastFailure?: { at: string; why: string; attempts: number };
}

export interface BackupKeeperDeps {
  store: Store;
  restic: Pick<Restic, 'ensureRepository' | 'backup' | 'forget'>;
  parts: readonly BackupPart[];
  /** Where a set is put together before restic reads it (removed afterwards). */
  stagingDir: string;
  keep: Retention;
  /** Waits before each retry of a failed run (e.g. 5, 15, 60 minutes): then the admins are told. */
  retryDelaysMs: readonly number[];
  audit: { record(entry: AuditRecord): Promise<unknown> };
  /** Tells the MSP admins (their channel) that backups keep failing. */
  tellAdmins(text: string): Promise<void>;
  log: Log;
  clock?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

const STATUS_KEY = 'backup:status';

/**
 * Backs up what the MSP cannot lose: each part written as a set of files, handed to restic,
 * then old snapshots forgotten by the retention. A failed run is tried again after each of the
 * retry delays; when the last try fails too the admins are told. Every run is audited, a good
 * one with restic's snapshot id.
 */
export class BackupKeeper {
  constructor(private readonly deps: BackupKeeperDeps) {}

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }

  async status(): Promise<BackupStatus> {
    const stored = await this.deps.store.get(STATUS_KEY);
    return stored ? (JSON.parse(stored.value) as BackupStatus) : {};
  }

  /** The scheduled run: tries, waits and tries again; true when a snapshot was made. */
  async run(): Promise<boolean> {
    // A wait between tries does not hold a stopping process open.
    const sleep = this.deps.sleep ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms).unref()));
    const tries = this.deps.retryDelaysMs.length + 1;
    for (let attempt = 1; ; attempt++) {
      const failure = await this.runOnce(attempt);
      if (!failure) return true;
      const wait = this.deps.retryDelaysMs[attempt - 1];
      if (wait === undefined) {
        await this.deps
          .tellAdmins(
            `⚠️ Backup failed ${tries} times in a row; the last good backup is ${await this.lastGoodWords()}. Last error: ${failure}`,
          )
          .catch((err: unknown) =>
            this.deps.log.error({ err }, 'could not tell the admins that backups fail'),
          );
        return false;
      }
      this.deps.log.warn({ attempt, retryInMs: wait, why: failure }, 'backup failed; trying again');
      await sleep(wait);
    }
  }

  /** One try; undefined when it worked, else why not (recorded, audited). */
  async runOnce(attempt = 1): Promise<string | undefined> {
    const at = this.now();
    const stage = await mkdtemp(join(await ensureDir(this.deps.stagingDir), 'set-'));
    try {
      const manifest = await saveSet(this.deps.parts, stage, at);
      await this.deps.restic.ensureRepository();
      const made = await this.deps.restic.backup(stage);
      // The snapshot is made: a retention that could not be applied is tried again next time.
      const forgetFailed = await this.deps.restic.forget(this.deps.keep).then(
        () => undefined,
        (err: unknown) => (err instanceof Error ? err.message : String(err)),
      );
      if (forgetFailed) this.deps.log.warn({ why: forgetFailed }, 'old snapshots not forgotten');
      const lastGood = {
        snapshot: made.snapshot,
        at: at.toISOString(),
        files: made.files,
        bytes: made.bytes,
      };
      await this.save({ ...(await this.status()), lastGood });
      await this.audit(at, 'ok', {
        snapshot: made.snapshot,
        parts: manifest.parts,
        ...(forgetFailed && { forgetFailed }),
      });
      this.deps.log.info({ snapshot: made.snapshot, parts: manifest.parts }, 'backup made');
      return undefined;
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      await this.save({
        ...(await this.status()),
        lastFailure: { at: at.toISOString(), why, attempts: attempt },
      });
      await this.audit(at, 'error', { attempt }, why);
      return why;
    } finally {
      await rm(stage, { recursive: true, force: true });
    }
  }

  private async lastGoodWords(): Promise<string> {
    const good = (await this.status()).lastGood;
    return good ? `${good.snapshot} of ${good.at}` : 'none yet';
  }

  private async save(status: BackupStatus): Promise<void> {
    await this.deps.store.set(STATUS_KEY, JSON.stringify(status));
  }

  private async audit(at: Date, outcome: 'ok' | 'error', args: unknown, detail?: string) {
    await this.deps.audit.record({
      at: at.toISOString(),
      actor: botActor('backup'),
      conversationId: 'backup',
      act: 'backup',
      args,
      outcome,
      ...(detail && { detail }),
      correlationId: randomUUID(),
    });
  }
}
