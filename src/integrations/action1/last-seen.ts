/** The digit at `i`, or NaN. */
const digitAt = (t: string, i: number) => {
  const c = t.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
};
const number = (t: string, from: number, digits: number) => {
  let n = 0;
  for (let i = from; i < from + digits; i++) n = n * 10 + digitAt(t, i);
  return n;
};
const oneOf = (t: string, i: number, chars: string) => chars.includes(t.charAt(i) || '#');

/**
 * Action1's `last_seen` is UTC "yyyy-MM-dd_HH-mm-ss"; one third-party fixture shows
 * "yyyy-MM-dd HH:mm:ss". Both mean UTC. Anything else is "unknown", never a guess. Read by
 * character rather than by regular expression: the poll reads 50,000 of them.
 */
export function parseLastSeen(text: string | undefined): Date | undefined {
  if (
    text === undefined ||
    text.length < 19 ||
    text.charAt(4) !== '-' ||
    text.charAt(7) !== '-' ||
    !oneOf(text, 10, '_ T') ||
    !oneOf(text, 13, '-:') ||
    !oneOf(text, 16, '-:')
  )
    return undefined;
  const parts = [
    number(text, 0, 4),
    number(text, 5, 2) - 1,
    number(text, 8, 2),
    number(text, 11, 2),
    number(text, 14, 2),
    number(text, 17, 2),
  ] as const;
  if (parts.some(Number.isNaN)) return undefined;
  const date = new Date(Date.UTC(...parts));
  return Number.isNaN(date.getTime()) ? undefined : date;
}
