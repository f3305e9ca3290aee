const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

export interface MaintenanceWindow {
  day: string;
  /** "HH:MM" in the customer's time zone. */
  start: string;
  hours: number;
}

/** Is `now` inside the customer's weekly maintenance window, in the customer's own time zone? */
export function inMaintenanceWindow(
  now: Date,
  timeZone: string,
  window: MaintenanceWindow | undefined,
): boolean {
  if (!window) return false;
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
  // Minutes since the most recent start of the window (windows may run past midnight).
  let since = ((day - startDay + 7) % 7) * 1440 + minutes - (h * 60 + m);
  if (since < 0) since += 7 * 1440;
  return since < window.hours * 60;
}
