import { copyFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { ensureDir, inSet, type BackupPart } from './backup-part';

/** A file kept as it is: where the bot reads it, and where a restore puts it. */
export interface KeptFile {
  /** Its name in the backup set. */
  name: string;
  /** Where it is now (absent: nothing to keep, as an unset checkpoint file). */
  from?: string;
  /** Where a restore writes it. */
  to?: string;
}

/** Files the MSP keeps outside the store (the config, the audit checkpoints), copied as they are. */
export function fileBackupPart(name: string, files: readonly KeptFile[]): BackupPart {
  return {
    name,
    async save(dir) {
      let n = 0;
      for (const f of files)
        if (f.from && existsSync(f.from)) {
          await copyFile(f.from, inSet(dir, f.name));
          n++;
        }
      return n;
    },
    async load(dir) {
      let n = 0;
      for (const f of files) {
        const kept = inSet(dir, f.name);
        if (!f.to || !existsSync(kept)) continue;
        await ensureDir(dirname(f.to));
        await copyFile(kept, f.to);
        n++;
      }
      return n;
    },
  };
}
