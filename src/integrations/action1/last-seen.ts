/**
 * Action1's `last_seen` is UTC "yyyy-MM-dd_HH-mm-ss"; one third-party fixture shows
 * "yyyy-MM-dd HH:mm:ss". Both mean UTC. Anything else is "unknown", never a guess.
 */
export function parseLastSeen(text: string | undefined): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[_ T](\d{2})[-:](\d{2})[-:](\d{2})/.exec(text ?? '');
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return Number.isNaN(date.getTime()) ? undefined : date;
}
