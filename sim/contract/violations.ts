import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/core/project-root';

/**
 * What the simulators saw that a vendor's contract does not allow, in this process: requests our
 * clients sent and answers the simulators gave. The test setup fails the test during which one
 * was seen (test/contract-guard.ts).
 */
export interface Violation {
  vendor: string;
  /** "request" (our client sent it) or "response" (the simulator answered it). */
  side: 'request' | 'response';
  call: string;
  problems: string[];
}

const seen: Violation[] = [];
let holding = false;

/**
 * Simulators hold calls to their vendor's contract only once this is called (the test setup
 * does): the demo's in-process simulators don't pay for it, nor keep what they saw.
 */
export function holdSimulatorsToContracts(): void {
  holding = true;
}

export const holdingToContracts = () => holding;

/**
 * contracts/known-gaps.json: the problems found when the contracts arrived and not fixed yet
 * (issue 15). They are let through, so the rest can't get worse; the list only shrinks.
 */
let known: Set<string> | undefined;

/** The problems that are not known gaps (the list is read on first use, never at start-up). */
export function unknownGaps(vendor: string, side: Violation['side'], problems: string[]): string[] {
  known ??= new Set(
    JSON.parse(
      readFileSync(join(projectRoot(), 'contracts', 'known-gaps.json'), 'utf8'),
    ) as string[],
  );
  const gaps = known;
  return problems.filter((p) => !gaps.has(problemKey(vendor, side, p)));
}

export function recordViolation(v: Violation): void {
  seen.push(v);
}

/** Everything seen since the last call, and forgets it. */
export function takeViolations(): Violation[] {
  return seen.splice(0);
}

/**
 * A problem without what varies from call to call (list positions, typed values, ids in paths
 * outside templates), so one known gap covers every call it happens on.
 */
export function problemKey(vendor: string, side: Violation['side'], problem: string): string {
  const general = problem
    .replace(/\/\d+(?=\/|\s|$)/g, '/N')
    .replace(/\/[0-9a-f]{12,}(?=[/\s:]|$)/gi, '/{id}')
    .replace(/(query [\w.-]+)=[^:]*:/g, '$1=…:')
    .replace(/allowed values \[[^\]]*\]/g, 'allowed values […]');
  return `${vendor} ${side}: ${general}`;
}
