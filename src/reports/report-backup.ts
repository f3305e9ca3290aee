import { readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import type { BackupPart } from '../core/backup-part';
import { inSet, readLines, writeLines } from '../core/backup-part';
import type { ReportFiles } from './report-files';

interface IndexLine {
  id: string;
  customer: string;
  fileName: string;
  title: string;
  expires: number;
}

/**
 * The reports the bot made whose links still work: each PDF as a file a person can open, an
 * index of what each is, and the link key (restic encrypts the backup; the key lets a restored
 * bot honour the links already sent to customers).
 */
export function reportBackupPart(
  files: ReportFiles,
  clock: () => Date = () => new Date(),
): BackupPart {
  return {
    name: 'reports',
    async save(dir) {
      const kept = await files.kept(clock());
      for (const k of kept) await writeFile(inSet(dir, `${k.report.id}.pdf`), k.report.pdf);
      const index: IndexLine[] = kept.map(({ report: { pdf: _pdf, ...r }, expires }) => ({
        ...r,
        expires,
      }));
      await writeLines(inSet(dir, 'index.jsonl'), index);
      await writeFile(inSet(dir, 'link-key'), await files.linkKey(), { mode: 0o600 });
      return kept.length;
    },
    async load(dir) {
      const key = inSet(dir, 'link-key');
      if (existsSync(key)) await files.restoreLinkKey((await readFile(key, 'utf8')).trim());
      let n = 0;
      for (const line of await readLines(inSet(dir, 'index.jsonl'))) {
        const { expires, ...report } = JSON.parse(line) as IndexLine;
        const pdf = await readFile(inSet(dir, `${report.id}.pdf`));
        if (await files.restore({ report: { ...report, pdf }, expires }, clock())) n++;
      }
      return n;
    },
  };
}
