/** Weekdays in JavaScript's order (getUTCDay: 0 is Sunday). */
export const WEEKDAYS = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
] as const;
const DAYS: readonly string[] = WEEKDAYS;

export interface MaintenanceWindow {
  day: string;
  /** "HH:MM" in the customer's time zone. */
  start: string;
  hours: number;
}

/** Minutes since the window last opened, in the customer's own time zone (windows may run past midnight). */
function minutesSinceOpened(now: Date, timeZone: string, window: MaintenanceWindow): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'long',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  const day = DAYS.indexOf(String(parts.weekday).toLowerCase());
  const minutes = Number(parts.hour) * 60 + Number(parts.minute);
  const [h, m] = window.start.split(':').map(Number) as [number, number];
  const startDay = DAYS.indexOf(window.day);
  let since = ((day - startDay + 7) % 7) * 1440 + minutes - (h * 60 + m);
  if (since < 0) since += 7 * 1440;
  return since;
}

/** Is `now` inside the customer's weekly maintenance window, in the customer's own time zone? */
export function inMaintenanceWindow(
  now: Date,
  timeZone: string,
  window: MaintenanceWindow | undefined,
): boolean {
  return !!window && minutesSinceOpened(now, timeZone, window) < window.hours * 60;
}

/** When the window `now` is in closes (to the minute); undefined outside a window. */
export function maintenanceEndsAt(
  now: Date,
  timeZone: string,
  window: MaintenanceWindow | undefined,
): Date | undefined {
  if (!window) return undefined;
  const left = window.hours * 60 - minutesSinceOpened(now, timeZone, window);
  if (left <= 0) return undefined;
  return new Date(Math.floor(now.getTime() / 60_000) * 60_000 + left * 60_000);
}

/** The zone's offset from UTC at `at`, in minutes (Berlin in summer: 120). */
function offsetMinutes(at: Date, timeZone: string): number {
  const p: Record<string, number> = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((x) => [x.type, Number(x.value)]),
  );
  const n = (k: string) => p[k] ?? 0;
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'));
  return Math.round((asUtc - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}

/** The zone's wall clock at `at`, carried in a Date's UTC fields (read with getUTC…). */
export const wallClockIn = (at: Date, timeZone: string): Date =>
  new Date(at.getTime() + offsetMinutes(at, timeZone) * 60_000);

/**
 * The moment a wall-clock time in a zone stands for: `wall` carries the zone's date and time in
 * its UTC fields ("1 Dec 08:00 in Berlin" as Date.UTC(2026, 11, 1, 8)). The wall time read as
 * UTC, less the zone's offset at that moment, asked twice: the first guess may sit on the other
 * side of a daylight-saving change.
 */
export function zonedInstant(wall: Date, timeZone: string): Date {
  const guess = wall.getTime() - offsetMinutes(wall, timeZone) * 60_000;
  return new Date(wall.getTime() - offsetMinutes(new Date(guess), timeZone) * 60_000);
}

/**
 * When the window next opens, in UTC: the weekday (0 = Sunday) and "HH:MM". Schedules that
 * run in UTC are placed with this; it follows the zone's offset on that date, so a window at
 * 02:00 Berlin opens at 01:00 UTC in winter and 00:00 UTC in summer.
 */
export function windowOpensUtc(
  window: MaintenanceWindow,
  timeZone: string,
  now: Date,
): { weekday: number; time: string } {
  const [h, m] = window.start.split(':').map(Number) as [number, number];
  const local = wallClockIn(now, timeZone);
  const ahead = (DAYS.indexOf(window.day) - local.getUTCDay() + 7) % 7;
  const wallClock = Date.UTC(
    local.getUTCFullYear(),
    local.getUTCMonth(),
    local.getUTCDate() + ahead,
    h,
    m,
  );
  const at = zonedInstant(new Date(wallClock), timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return { weekday: at.getUTCDay(), time: `${two(at.getUTCHours())}:${two(at.getUTCMinutes())}` };
}
