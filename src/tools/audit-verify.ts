import { readFileSync } from 'node:fs';
import { ConfigError, loadStoreSettings } from '../config/config';
import { AuditTrail } from '../core/audit';
import { readCheckpoints } from '../core/audit-checkpoints';
import { openStore } from '../store/open-store';

/**
 * `npm run audit:verify [-- --checkpoints FILE…]`: walks the MAC chain of the audit trail in the
 * configured store (REDIS_URL, else SQLite under DATA_DIR) with AUDIT_KEY, and holds it against
 * the checkpoints kept outside the store (AUDIT_CHECKPOINT_FILE, and any checkpoint file or saved
 * log stream named). Exit 0 when intact; 1 naming the problem; 2 when it could not check.
 */
async function main(): Promise<number> {
  const settings = loadStoreSettings(process.env);
  const key = process.env.AUDIT_KEY;
  if (!key) throw new ConfigError(['AUDIT_KEY is missing: the trail cannot be checked without it']);
  const files = [process.env.AUDIT_CHECKPOINT_FILE, ...checkpointArgs(process.argv.slice(2))];
  const checkpoints = files
    .filter((f): f is string => !!f)
    .flatMap((f) => readCheckpoints(readFileSync(f, 'utf8')));
  const store = await openStore(settings);
  try {
    const where = settings.REDIS_URL
      ? `Redis ${new URL(settings.REDIS_URL).host}`
      : `SQLite under ${settings.DATA_DIR}`;
    const result = await new AuditTrail(store, key).verify(checkpoints);
    if (result.ok) {
      process.stdout.write(
        `Audit trail intact: ${result.entries} entries verified, ${result.checkpoints} checkpoints held (${where}).\n`,
      );
      if (checkpoints.length === 0)
        process.stdout.write(
          'No checkpoints were given: a trail cut off at the end cannot be told from a short one (set AUDIT_CHECKPOINT_FILE or pass --checkpoints).\n',
        );
      return 0;
    }
    process.stdout.write(
      `Audit trail BROKEN at entry #${result.firstBroken}: ${result.reason}.\n` +
        `Entries #1 to #${result.entries} verify; from #${result.firstBroken} on the trail can't be trusted (${where}).\n`,
    );
    return 1;
  } finally {
    await store.close();
  }
}

function checkpointArgs(args: string[]): string[] {
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--checkpoints' && args[i + 1]) files.push(args[++i] as string);
    else throw new ConfigError([`unknown argument ${args[i]} (usage: --checkpoints FILE)`]);
  }
  return files;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(
      `${err instanceof ConfigError ? err.message : `audit:verify failed: ${String(err)}`}\n`,
    );
    process.exit(2);
  },
);
