import { ConfigError, loadStoreSettings } from '../config';
import { AuditTrail } from '../core/audit';
import { openStore } from '../store/open-store';

/**
 * `npm run audit:verify`: walks the hash chain of the audit trail in the configured store
 * (REDIS_URL, else SQLite under DATA_DIR). Exit 0 when intact; 1 naming the first broken entry.
 */
async function main(): Promise<number> {
  const settings = loadStoreSettings(process.env);
  const store = await openStore(settings);
  try {
    const where = settings.REDIS_URL
      ? `Redis ${new URL(settings.REDIS_URL).host}`
      : `SQLite under ${settings.DATA_DIR}`;
    const result = await new AuditTrail(store).verify();
    if (result.ok) {
      process.stdout.write(`Audit trail intact: ${result.entries} entries verified (${where}).\n`);
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

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(
      `${err instanceof ConfigError ? err.message : `audit:verify failed: ${String(err)}`}\n`,
    );
    process.exit(2);
  },
);
