/** How cards, notices and reports write times and people: one way everywhere. */

/** "2026-11-27 10:02 UTC" from an ISO time: for logs, tickets and files, never for cards. */
export const utc = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** "Wednesday" from "wednesday": the first letter up. */
export const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A person by the name we have, else their chat id. */
export const nameOf = (p: { displayName?: string; userId: string }) => p.displayName ?? p.userId;

const DAY_MS = 24 * 3600_000;

/** A stored ISO time or a Date as a Date; undefined for one that is not a time. */
function momentOf(when: Date | string): Date | undefined {
  const at = typeof when === 'string' ? new Date(when) : when;
  return Number.isNaN(at.getTime()) ? undefined : at;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * Intl formatters are slow to build and a list card asks for several per row: each is built
 * once per locale, zone and options (a handful per customer zone) and kept.
 */
function format(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let made = formatters.get(key);
  if (!made) formatters.set(key, (made = new Intl.DateTimeFormat(locale, options)));
  return made;
}

/** The calendar day of a moment in a zone, as a number of days since 1970 (for "yesterday"). */
function dayNumber(when: Date, timeZone: string): number {
  const [y, m, d] = format('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  })
    .format(when)
    .split('-')
    .map(Number);
  return Math.round(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1) / DAY_MS);
}

const yearOf = (at: Date, timeZone: string) =>
  format('en-GB', { timeZone, year: 'numeric' }).format(at);

/** The zone's short name as people there say it: CET, EST, GMT; "GMT+3" where none is common. */
function zoneName(at: Date, timeZone: string): string {
  const names = ['en-GB', 'en-US'].map(
    (locale) =>
      format(locale, { timeZone, timeZoneName: 'short' })
        .formatToParts(at)
        .find((p) => p.type === 'timeZoneName')?.value ?? timeZone,
  );
  return names.find((n) => !/^(GMT|UTC)[+-]/.test(n)) ?? names[0] ?? timeZone;
}

/**
 * A moment as people read it, in the customer's zone, with the zone's short name: "today
 * 14:05 CET", "yesterday 09:12 CET", "Tue 14:05 CET" within the week, "27 Nov 14:05 CET" before
 * that, and with the year when it is not this year's.
 */
export function localTime(when: Date | string, timeZone: string, now: Date): string {
  const at = momentOf(when);
  if (!at) return 'unknown';
  const clock = clockTime(at, timeZone);
  const days = dayNumber(now, timeZone) - dayNumber(at, timeZone);
  if (days === 0) return `today ${clock}`;
  if (days === 1) return `yesterday ${clock}`;
  if (days === -1) return `tomorrow ${clock}`;
  if (days > 1 && days < 7) {
    const weekday = format('en-GB', { timeZone, weekday: 'short' }).format(at);
    return `${weekday} ${clock}`;
  }
  const sameYear = yearOf(at, timeZone) === yearOf(now, timeZone);
  const date = format('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    ...(sameYear ? {} : { year: 'numeric' }),
  }).format(at);
  return `${date} ${clock}`;
}

/**
 * A moment on a card that lives for days (an alert, an access request): absolute, in the
 * customer's zone, so it stays true when the card is read tomorrow: "Tue 1 Dec 14:05 CET",
 * with the year when it is not `now`'s.
 */
export function cardTime(when: Date | string, timeZone: string, now: Date): string {
  const at = momentOf(when);
  if (!at) return 'unknown';
  const date = format('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    ...(yearOf(at, timeZone) === yearOf(now, timeZone) ? {} : { year: 'numeric' }),
  })
    .format(at)
    .replace(',', '');
  return `${date} ${clockTime(at, timeZone)}`;
}

/** "14:05 CET": the time of day in a zone, for steps of something that takes minutes. */
export function clockTime(when: Date | string, timeZone: string): string {
  const at = momentOf(when);
  if (!at) return 'unknown';
  const clock = format('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
  return `${clock} ${zoneName(at, timeZone)}`;
}

/** "3 h", "2 d", "40 min": how long from then to now, for "offline 3 h". */
export function duration(from: Date | string, now: Date): string {
  const at = typeof from === 'string' ? new Date(from) : from;
  const minutes = Math.max(0, Math.round((now.getTime() - at.getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h`;
  return `${Math.round(minutes / 1440)} d`;
}

/**
 * A share as every card and report writes it: one decimal always ("44.0 %", never "44 %" on one
 * card and "45.3 %" on the next). Rounding (down, for compliance) is the figure's own business.
 */
export const percent = (pct: number) => `${pct.toFixed(1)} %`;

/** "1 device", "3 devices": a count with its noun, the plural only where it belongs. */
export const count = (n: number, noun: string, plural = `${noun}s`) =>
  `${n} ${n === 1 ? noun : plural}`;

/** A device that stopped reporting, as people say it: "offline 3 h, last seen today 14:05 CET". */
export const offlineFor = (lastSeen: Date | undefined, timeZone: string, now: Date): string =>
  lastSeen
    ? `offline ${duration(lastSeen, now)}, last seen ${localTime(lastSeen, timeZone, now)}`
    : 'offline, never seen';
