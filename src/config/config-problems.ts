import { LineCounter, isMap, isScalar, type Document } from 'yaml';
import type { z } from 'zod';
import { closest } from '../core/typed-words';

/** Thrown at start when settings are wrong; the message names every setting to fix. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const pathText = (path: readonly PropertyKey[]) =>
  path.reduce<string>(
    (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
    '',
  );

/** The line of the deepest node along `path` that exists in the YAML (1-based). */
function lineOf(
  doc: Document,
  counter: LineCounter,
  path: readonly PropertyKey[],
  key?: string,
): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth) as unknown[], true) as
      { range?: [number, number, number] } | undefined;
    if (!node?.range) continue;
    if (key && depth === path.length && isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
      const keyRange = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
      if (keyRange) return counter.linePos(keyRange[0]).line;
    }
    return counter.linePos(node.range[0]).line;
  }
  return undefined;
}

/** Turns zod issues on the YAML file into "file:line: key: what is wrong" lines. */
export function describeFileIssues(
  issues: readonly z.core.$ZodIssue[],
  file: string,
  doc: Document,
  counter: LineCounter,
  knownKeys: readonly string[],
): string[] {
  return issues.flatMap((issue) => {
    const where = pathText(issue.path);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => {
        const line = lineOf(doc, counter, issue.path, key);
        const hint = closest(key, knownKeys);
        const at = where ? ` in ${where}` : '';
        return `${file}:${line ?? '?'}: unknown key "${key}"${at}${hint ? ` (did you mean "${hint}"?)` : ''}`;
      });
    }
    const line = lineOf(doc, counter, issue.path);
    const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
    const message = missing ? 'is required but missing' : issue.message;
    return [`${file}:${line ?? '?'}: ${where || '(top level)'}: ${message}`];
  });
}

/** Turns zod issues on the environment into "NAME: what is wrong" lines. */
export function describeEnvIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => `environment variable ${pathText(issue.path)}: ${issue.message}`);
}
