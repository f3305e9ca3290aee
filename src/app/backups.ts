import { join } from 'node:path';
import type { ScheduledTask } from 'node-cron';
import type { Config } from '../config/config';
import type { Customer } from '../config/customer';
import type { AuditTrail } from '../core/audit';
import type { BackupPart } from '../core/backup-part';
import type { Place } from '../core/invocation';
import type { ChannelPoster, Log } from '../core/ports';
import type { Store } from '../core/store';
import { textReply } from '../core/reply';
import { onOneInstanceEvery } from '../core/one-instance';
import { auditBackupPart } from '../core/audit-backup';
import { fileBackupPart, type KeptFile } from '../core/file-backup';
import { AccessBook } from '../access/access-book';
import { accessBackupPart } from '../access/access-backup';
import { ReportFiles } from '../reports/report-files';
import { reportBackupPart } from '../reports/report-backup';
import { ReportArchive } from '../reports/report-archive';
import { BackupKeeper, type BackupStatus } from '../backups/backup-keeper';
import { Restic } from '../backups/restic';

/**
 * What a backup holds, in order: the config file and the audit checkpoints as they are (`to`:
 * where a restore writes them), the audit trail, the session records and the reports.
 */
export function backupParts(parts: {
  store: Store;
  files: readonly KeptFile[];
  customers: readonly string[];
  reports: { publicUrl: string; linkDays: number; keepDays: number };
  clock?: () => Date;
}): BackupPart[] {
  const { store, reports } = parts;
  return [
    fileBackupPart('files', parts.files),
    auditBackupPart(store),
    accessBackupPart(new AccessBook(store), parts.customers),
    reportBackupPart(
      new ReportFiles(store, reports.publicUrl, reports.linkDays),
      new ReportArchive(store, reports.keepDays),
      parts.customers,
      parts.clock,
    ),
  ];
}

/**
 * The files a backup keeps as they are: the config and the audit checkpoints, from where the
 * bot reads them (backup) or to a restore's directory (restore).
 */
export function keptFiles(
  from: { config?: string; checkpoints?: string },
  toDir?: string,
): KeptFile[] {
  const file = (name: string, at?: string): KeptFile => ({
    name,
    ...(at && { from: at }),
    ...(toDir && { to: join(toDir, name) }),
  });
  return [file(CONFIG_FILE, from.config), file(CHECKPOINT_FILE, from.checkpoints)];
}

export const CONFIG_FILE = 'msp.config.yaml';
export const CHECKPOINT_FILE = 'audit-checkpoints.jsonl';

export const resticOf = (config: Readonly<Config>) =>
  config.backups ? new Restic(config.backups) : undefined;

export interface Backups {
  /** Undefined when BACKUP_REPOSITORY is not set. */
  keeper?: BackupKeeper;
  /** What `backup status` reads. */
  desk?: { status(): Promise<BackupStatus>; time: string };
  /** Daily at backups.time (UTC), on one instance. */
  schedule(): ScheduledTask | undefined;
}

/**
 * The keeper for this bot's settings: what goes in (backupParts), where it is staged, how long
 * restic keeps it. The schedule and `npm run backup` both use it; only how failures are told
 * and retried differs.
 */
export function backupKeeper(parts: {
  config: Readonly<Config>;
  restic: Restic;
  store: Store;
  customers: readonly Pick<Customer, 'id'>[];
  audit: Pick<AuditTrail, 'record'>;
  retryDelaysMs: readonly number[];
  tellAdmins(text: string): Promise<void>;
  log: Log;
  clock?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}): BackupKeeper {
  const { config, store } = parts;
  const reports = config.file.reports;
  return new BackupKeeper({
    ...parts,
    parts: backupParts({
      store,
      files: keptFiles({ config: config.configPath, checkpoints: config.audit.checkpointFile }),
      customers: parts.customers.map((c) => c.id),
      reports: {
        publicUrl: config.publicUrl,
        linkDays: reports.linkDays,
        keepDays: reports.keepDays,
      },
      clock: parts.clock,
    }),
    stagingDir: join(config.env.DATA_DIR, 'backup-staging'),
    keep: config.file.backups.keep,
  });
}

/** Backups of what the MSP cannot lose (runbook section 2), where a repository is set. */
export function buildBackups(parts: {
  config: Readonly<Config>;
  store: Store;
  customers: readonly Customer[];
  audit: AuditTrail;
  poster: ChannelPoster;
  adminChannel: () => Promise<Place[]>;
  log: Log;
  clock?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}): Backups {
  const { config, store } = parts;
  const restic = resticOf(config);
  if (!restic) return { schedule: () => undefined };
  const settings = config.file.backups;
  const keeper = backupKeeper({
    ...parts,
    restic,
    retryDelaysMs: settings.retryMinutes.map((m) => m * 60_000),
    tellAdmins: async (text) => {
      for (const place of await parts.adminChannel())
        await parts.poster.post(place, textReply(text));
    },
  });
  const [hour, minute] = settings.time.split(':').map(Number);
  return {
    keeper,
    desk: { status: () => keeper.status(), time: settings.time },
    schedule: () =>
      onOneInstanceEvery(store, `${minute} ${hour} * * *`, 'backup', () => keeper.run(), {
        // Retries wait up to the sum of the delays; another instance must not start meanwhile.
        leaseMs: (settings.retryMinutes.reduce((a, b) => a + b, 0) + 60) * 60_000,
        timezone: 'UTC',
      }),
  };
}
