import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './harness';

/** Where tests leave files for a person to look at (page images of the reports). */
export const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');

function saved(pdf: Buffer): string {
  const file = join(tempDir(), 'report.pdf');
  writeFileSync(file, pdf);
  return file;
}

/** The text of a PDF as poppler's pdftotext reads it, in reading order. */
export function pdfText(pdf: Buffer): string {
  return execFileSync('pdftotext', [saved(pdf), '-'], { encoding: 'utf8' });
}

export function pdfPages(pdf: Buffer): number {
  const info = execFileSync('pdfinfo', [saved(pdf)], { encoding: 'utf8' });
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0);
}

/** Raster images inside the PDF (charts must be vector: none expected without a logo). */
export function pdfImages(pdf: Buffer): number {
  const list = execFileSync('pdfimages', ['-list', saved(pdf)], { encoding: 'utf8' });
  return list.trim().split('\n').length - 2;
}

/** Page 1 as a PNG under test-artifacts/, for a person to look at. */
export function firstPagePng(pdf: Buffer, name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  const prefix = join(ARTIFACTS, name);
  execFileSync('pdftoppm', [
    '-png',
    '-r',
    '70',
    '-f',
    '1',
    '-l',
    '1',
    '-singlefile',
    saved(pdf),
    prefix,
  ]);
  return `${prefix}.png`;
}
