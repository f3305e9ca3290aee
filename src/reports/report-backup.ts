import { readdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import type { BackupPart } from '../core/backup-part';
import { ensureDir, inSet, readLines, writeLines } from '../core/backup-part';
import type { ReportFiles } from './report-files';
import type { ArchivedReport, ReportArchive } from './report-archive';

interface IndexLine {
  id: string;
  customer: string;
  fileName: string;
  title: string;
  expires: number;
}

/**
 * The reports: every one the archive keeps (per customer, each PDF a file a person can open,
 * with what it is), and the Teams download links still working with their link key (restic
 * encrypts the backup; the key lets a restored bot honour the links already sent).
 */
export function reportBackupPart(
  files: ReportFiles,
  archive: ReportArchive,
  customers: readonly string[],
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
      const shelf = await ensureDir(inSet(dir, 'archive'));
      let archived = 0;
      for (const customer of customers) {
        const list = await archive.list(customer, clock());
        const held: ArchivedReport[] = [];
        for (const r of list) {
          const file = await archive.file(customer, r.id);
          if (!file) continue;
          await writeFile(inSet(shelf, `${r.id}.pdf`), file.pdf);
          held.push(r);
        }
        // Oldest first: a restore lists them again in the order they were made.
        await writeLines(inSet(shelf, `${customer}.jsonl`), held.reverse());
        archived += held.length;
      }
      return kept.length + archived;
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
      const shelf = inSet(dir, 'archive');
      const lists = existsSync(shelf) ? await readdir(shelf) : [];
      for (const list of lists.filter((f) => f.endsWith('.jsonl')))
        for (const line of await readLines(inSet(shelf, list))) {
          const r = JSON.parse(line) as ArchivedReport;
          const pdf = await readFile(inSet(shelf, `${r.id}.pdf`));
          if (await archive.restore(r, pdf, clock())) n++;
        }
      return n;
    },
  };
}
