import { readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { ensureDir, inSet, type BackupPart } from '../core/backup-part';

/** What a backup set says about itself (manifest.json at its top). */
export interface Manifest {
  format: 1;
  madeAt: string;
  /** Records per part, as written. */
  parts: Record<string, number>;
}

/** Writes every part into its folder under `dir`, and the manifest last (a set without one is incomplete). */
export async function saveSet(
  parts: readonly BackupPart[],
  dir: string,
  at: Date,
): Promise<Manifest> {
  const counts: Record<string, number> = {};
  for (const part of parts)
    counts[part.name] = await part.save(await ensureDir(inSet(dir, part.name)));
  const manifest: Manifest = { format: 1, madeAt: at.toISOString(), parts: counts };
  await writeFile(inSet(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** Reads a set written by saveSet back through the same parts. */
export async function loadSet(
  parts: readonly BackupPart[],
  dir: string,
): Promise<{ manifest: Manifest; loaded: Record<string, number> }> {
  const file = inSet(dir, 'manifest.json');
  if (!existsSync(file))
    throw new Error(`${dir} holds no backup set (no manifest.json): is it the right snapshot?`);
  const manifest = JSON.parse(await readFile(file, 'utf8')) as Manifest;
  if (manifest.format !== 1)
    throw new Error(`backup set format ${String(manifest.format)} is not one this bot reads`);
  const loaded: Record<string, number> = {};
  for (const part of parts) loaded[part.name] = await part.load(inSet(dir, part.name));
  return { manifest, loaded };
}
