import { readdir } from 'node:fs/promises';
import type { BackupPart } from '../core/backup-part';
import { inSet, readLines, writeLines } from '../core/backup-part';
import type { AccessRequest } from './access-request';
import type { AccessBook } from './access-book';

/**
 * The session records: every remote-support request and break-glass of each customer, with
 * its answers, reviews and timeline, oldest first (a restore keeps each customer's order).
 */
export function accessBackupPart(book: AccessBook, customers: readonly string[]): BackupPart {
  const file = (dir: string, customer: string) => inSet(dir, `${customer}.jsonl`);
  return {
    name: 'access',
    async save(dir) {
      let n = 0;
      for (const customer of customers) {
        const records = await book.everything(customer);
        await writeLines(file(dir, customer), records);
        n += records.length;
      }
      return n;
    },
    async load(dir) {
      let n = 0;
      // Every customer the backup holds, whether or not today's config still names it.
      const held = (await readdir(dir)).filter((f) => f.endsWith('.jsonl'));
      for (const name of held)
        for (const line of await readLines(inSet(dir, name))) {
          await book.create(JSON.parse(line) as AccessRequest);
          n++;
        }
      return n;
    },
  };
}
