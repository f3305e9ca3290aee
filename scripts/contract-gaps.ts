/**
 * `npx tsx scripts/contract-gaps.ts REPORT`: turns a survey (the suite run with
 * CONTRACT_REPORT=REPORT) into contracts/known-gaps.json, the problems tolerated until fixed.
 * Use it to shrink the list after a fix, never to grow it for new code.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { problemKey, type Violation } from '../sim/contract/violations';

const report = process.argv[2];
if (!report) throw new Error('usage: tsx scripts/contract-gaps.ts REPORT');
const keys = new Set<string>();
for (const line of readFileSync(report, 'utf8').split('\n').filter(Boolean)) {
  const v = JSON.parse(line) as Violation;
  for (const p of v.problems) keys.add(problemKey(v.vendor, v.side, p));
}
const sorted = [...keys].sort();
writeFileSync(
  join(__dirname, '..', 'contracts', 'known-gaps.json'),
  `${JSON.stringify(sorted, null, 1)}\n`,
);
process.stdout.write(`${sorted.length} known gaps\n`);
