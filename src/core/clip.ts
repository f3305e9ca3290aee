/**
 * Whatever a stranger typed or a forged card carried, kept to a size an auditor can read and a
 * store can hold: strings cut, long lists and wide objects shortened, deep nesting flattened.
 * Used for requests that were refused or unknown, whose arguments nothing has checked.
 */
const MAX_TEXT = 500;
const MAX_ITEMS = 20;
const MAX_DEPTH = 4;

export function clipText(text: string, max = MAX_TEXT): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text;
}

export function clipUntrusted(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return clipText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[nested too deep]';
  if (Array.isArray(value)) {
    const kept = value.slice(0, MAX_ITEMS).map((v) => clipUntrusted(v, depth + 1));
    return value.length > MAX_ITEMS ? [...kept, `… ${value.length - MAX_ITEMS} more`] : kept;
  }
  const entries = Object.entries(value);
  const kept = entries
    .slice(0, MAX_ITEMS)
    .map(([k, v]) => [clipText(k, 64), clipUntrusted(v, depth + 1)] as const);
  if (entries.length > MAX_ITEMS) kept.push(['…', `${entries.length - MAX_ITEMS} more keys`]);
  return Object.fromEntries(kept);
}
