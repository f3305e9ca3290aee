import type { ArgumentShape } from './command';
import { splitWords } from './typed-words';

export type BoundArguments<A> = { ok: true; args: A } | { ok: false; problems: string[] };

/** Maps the typed words onto the command's named arguments, then lets zod have the last word. */
export function bindArguments<A>(shape: ArgumentShape<A>, text: string): BoundArguments<A> {
  const { words, flags } = splitWords(text);
  const named: Record<string, unknown> = { ...flags };
  const problems: string[] = [];
  const positional = shape.positional ?? [];
  let i = 0;
  for (const slot of positional) {
    const optional = slot.endsWith('?');
    const name = optional ? slot.slice(0, -1) : slot;
    const word = words[i];
    if (word !== undefined) {
      named[name] = word;
      i++;
    } else if (!optional) problems.push(`missing <${name}>`);
  }
  const remaining = words.slice(i);
  if (shape.rest) {
    if (remaining.length > 0) named[shape.rest] = remaining.join(' ');
  } else if (remaining.length > 0) {
    problems.push(`unexpected ${remaining.map((w) => `"${w}"`).join(', ')}`);
  }
  if (problems.length > 0) return { ok: false, problems };

  const parsed = shape.schema.safeParse(named);
  if (parsed.success) return { ok: true, args: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => {
      const where = issue.path.length > 0 ? issue.path.join('.') : 'arguments';
      if (issue.code === 'unrecognized_keys') {
        return `unknown option ${issue.keys.map((k) => `--${k}`).join(', ')}`;
      }
      return `${where}: ${issue.message}`;
    }),
  };
}
