import { AUDIT_LOG } from './audit';
import type { Store } from './store';
import { inSet, readLines, writeLines, type BackupPart } from './backup-part';

const PAGE = 1000;

/**
 * The audit trail, entry by entry as stored (each with its MAC and its predecessor's), so a
 * restored trail verifies with the same AUDIT_KEY and checkpoints as the one backed up.
 */
export function auditBackupPart(store: Store): BackupPart {
  const file = (dir: string) => inSet(dir, 'trail.jsonl');
  return {
    name: 'audit',
    async save(dir) {
      const values: string[] = [];
      for (let seq = 1; ; seq += PAGE) {
        const page = await store.readLog(AUDIT_LOG, seq, PAGE);
        values.push(...page.map((e) => e.value));
        if (page.length < PAGE) break;
      }
      await writeLines(file(dir), values);
      return values.length;
    },
    async load(dir) {
      if ((await store.logLength(AUDIT_LOG)) > 0)
        throw new Error(
          'the store already has an audit trail: restore into a fresh data directory',
        );
      const values = await readLines(file(dir));
      for (const [i, value] of values.entries())
        if (!(await store.appendAt(AUDIT_LOG, i, value)))
          throw new Error(`audit entry #${i + 1} could not be restored in order`);
      return values.length;
    },
  };
}
