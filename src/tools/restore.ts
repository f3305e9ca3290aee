import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError, loadBackupTarget } from '../config/config';
import { openStore } from '../store/open-store';
import { backupParts, CHECKPOINT_FILE, CONFIG_FILE, keptFiles } from '../app/backups';
import { loadSet } from '../backups/backup-set';
import { Restic } from '../backups/restic';

/**
 * `npm run restore -- --to DIR [--snapshot ID]`: a backup (default: the latest) made into a
 * fresh bot's files: DIR/msp.config.yaml, DIR/audit-checkpoints.jsonl and a new SQLite store
 * under DIR/data holding the audit trail, the session records and the reports. Needs the
 * BACKUP_* settings the backup was made with. Exit 0 when restored; 1 when it could not be.
 */
async function main(): Promise<number> {
  const { to, snapshot } = argsOf(process.argv.slice(2));
  const target = loadBackupTarget(process.env);
  const dir = resolve(to);
  const data = join(dir, 'data');
  if (existsSync(join(data, 'msp-chatops.sqlite')))
    throw new ConfigError([`${data} already holds a store: restore into a fresh directory`]);
  const restic = new Restic(target);
  const unpacked = await mkdtemp(join(tmpdir(), 'msp-chatops-restore-'));
  try {
    await restic.restore(unpacked, snapshot);
    const set = await findSet(unpacked);
    if (!set) throw new Error('the snapshot holds no backup set (no manifest.json)');
    const store = await openStore({ DATA_DIR: data });
    try {
      const parts = backupParts({
        store,
        files: keptFiles({}, dir),
        customers: [],
        reports: { publicUrl: '', linkDays: 1, keepDays: 1 },
      });
      const { manifest, loaded } = await loadSet(parts, set);
      process.stdout.write(
        `Restored the backup of ${manifest.madeAt} into ${dir}: ${Object.entries(loaded)
          .map(([part, n]) => `${part} ${n}`)
          .join(', ')}.\n` +
          `Check it: DATA_DIR=${data} MSP_CONFIG=${join(dir, CONFIG_FILE)} AUDIT_CHECKPOINT_FILE=${join(dir, CHECKPOINT_FILE)} AUDIT_KEY=… npm run audit:verify\n`,
      );
      return 0;
    } finally {
      await store.close();
    }
  } finally {
    await rm(unpacked, { recursive: true, force: true });
  }
}

/** restic restores the set under the path it was made at: find its manifest. */
async function findSet(dir: string): Promise<string | undefined> {
  if (existsSync(join(dir, 'manifest.json'))) return dir;
  for (const entry of await readdir(dir, { withFileTypes: true }))
    if (entry.isDirectory()) {
      const found = await findSet(join(dir, entry.name));
      if (found) return found;
    }
  return undefined;
}

function argsOf(args: string[]): { to: string; snapshot?: string } {
  let to: string | undefined;
  let snapshot: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--to' && args[i + 1]) to = args[++i];
    else if (args[i] === '--snapshot' && args[i + 1]) snapshot = args[++i];
    else throw new ConfigError([`unknown argument ${args[i]} (usage: --to DIR [--snapshot ID])`]);
  }
  if (!to) throw new ConfigError(['--to DIR is missing: where the restored bot files go']);
  return { to, snapshot };
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(
      `${err instanceof ConfigError ? err.message : `restore failed: ${err instanceof Error ? err.message : String(err)}`}\n`,
    );
    process.exit(1);
  },
);
