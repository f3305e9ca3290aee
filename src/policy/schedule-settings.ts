/**
 * An automation schedule's `settings` in Action1's grammar (its API description, schedule
 * settings): `ENABLED WEEKLY:Wed AT:02-00-00`. The grammar has no daily form; a daily run is
 * WEEKLY on all seven days.
 */
export const ACTION1_DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
export type Action1Day = (typeof ACTION1_DAYS)[number];

/** Weekly on the given days at "HH:MM" (in the schedule's settings_timezone). */
export function weeklySettings(days: readonly Action1Day[], hhmm: string): string {
  const ordered = ACTION1_DAYS.filter((d) => days.includes(d));
  return `ENABLED WEEKLY:${ordered.join(',')} AT:${hhmm.replace(':', '-')}-00`;
}

export const dailySettings = (hhmm: string) => weeklySettings(ACTION1_DAYS, hhmm);

/**
 * The parts of a settings string that decide when it runs, in one spelling: Action1 may hand a
 * schedule back written its own way (days reordered, AT with colons, a DATE it keeps for
 * weekly runs and ignores), and none of that is a change.
 */
export function normalSettings(settings: string | undefined): string {
  const words = (settings ?? '').trim().split(/\s+/);
  const state = (words[0] ?? '').toUpperCase();
  let repeat = '';
  let at = '';
  let date = '';
  for (const w of words.slice(1)) {
    const [key = '', ...rest] = w.split(':');
    const value = rest.join(':');
    const k = key.toUpperCase();
    if (k === 'AT') at = value.replace(/:/g, '-');
    else if (k === 'DATE') date = value;
    else if (k === 'WEEKLY') {
      const days = value
        .split(',')
        .map((d) => d.slice(0, 1).toUpperCase() + d.slice(1, 3).toLowerCase());
      repeat = `WEEKLY:${ACTION1_DAYS.filter((d) => days.includes(d)).join(',')}`;
    } else repeat = w.toUpperCase();
  }
  // DATE counts only where the grammar reads it (ONCE and EVERY).
  const dated = /^(ONCE|EVERY)/.test(repeat) ? ` DATE:${date}` : '';
  return `${state} ${repeat} AT:${at}${dated}`;
}

export const sameSchedule = (a: string | undefined, b: string | undefined) =>
  normalSettings(a) === normalSettings(b);
