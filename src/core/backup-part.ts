import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * One kind of record the MSP cannot lose, as files in a backup set and back into a store: each
 * feature that owns such records says how (the backups feature knows none of them).
 */
export interface BackupPart {
  /** Its folder in the backup set. */
  name: string;
  /** Writes the records as files under `dir` (which exists); how many it wrote. */
  save(dir: string): Promise<number>;
  /** Reads them from `dir` into a store that has none yet; how many it read. */
  load(dir: string): Promise<number>;
}

/** One JSON value per line: a set a person can read, diff and grep. */
export async function writeLines(file: string, values: readonly unknown[]): Promise<void> {
  const text = values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('\n');
  await writeFile(file, values.length > 0 ? `${text}\n` : '', { mode: 0o600 });
}

/** The lines of a file written by writeLines; none when the file is absent. */
export async function readLines(file: string): Promise<string[]> {
  if (!existsSync(file)) return [];
  return (await readFile(file, 'utf8')).split('\n').filter((line) => line.length > 0);
}

export async function ensureDir(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  return dir;
}

export const inSet = (dir: string, ...names: string[]) => join(dir, ...names);
