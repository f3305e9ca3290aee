import { ConfigError, loadConfig } from '../config/config';
import { AuditTrail } from '../core/audit';
import { openStore } from '../store/open-store';
import { createLogger, stdoutLog } from '../app/logger';
import { backupKeeper, resticOf } from '../app/backups';

/**
 * `npm run backup`: one backup now, with the bot's own settings (BACKUP_*, the config file's
 * `backups:`), as the daily schedule makes it, audited the same way. Exit 0 with restic's
 * snapshot id; 1 when it failed (why is printed); 2 when backups are not set up.
 */
async function main(): Promise<number> {
  const config = loadConfig(process.env);
  const restic = resticOf(config);
  if (!restic) {
    process.stderr.write('Backups are not set up: set BACKUP_REPOSITORY and BACKUP_PASSWORD.\n');
    return 2;
  }
  const store = await openStore(config.env);
  try {
    const keeper = backupKeeper({
      config,
      restic,
      store,
      customers: config.file.customers,
      audit: new AuditTrail(store, config.audit.key),
      // A person is waiting: one try, and the answer is theirs (no admin channel, no waits).
      retryDelaysMs: [],
      tellAdmins: async () => undefined,
      log: createLogger('warn', stdoutLog()),
    });
    const failure = await keeper.runOnce();
    if (failure) {
      process.stderr.write(`Backup failed: ${failure}\n`);
      return 1;
    }
    const good = (await keeper.status()).lastGood;
    process.stdout.write(
      `Backup made: snapshot ${good?.snapshot} (${good?.files} files, ${good?.bytes} bytes).\n`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(
      `${err instanceof ConfigError ? err.message : `backup failed: ${String(err)}`}\n`,
    );
    process.exit(2);
  },
);
