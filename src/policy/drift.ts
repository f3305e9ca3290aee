import { sameSchedule } from './schedule-settings';
import { AUTOMATION_PREFIX, type DesiredAutomation } from './desired';

/** An automation as Action1 lists it (only the fields the policy sets are compared). */
export interface ActualAutomation {
  id: string;
  name: string;
  settings?: string;
  settings_timezone?: string;
  retry_minutes?: string;
  actions?: unknown;
  endpoints?: { id?: string; type?: string }[];
}

export interface Drift {
  groupMissing: boolean;
  /** Devices of the organization not yet in the policy group. */
  devicesOutsideGroup: number;
  missing: DesiredAutomation[];
  extra: ActualAutomation[];
  changed: { want: DesiredAutomation; have: ActualAutomation; fields: string[] }[];
}

export const inLine = (d: Drift) =>
  !d.groupMissing &&
  d.devicesOutsideGroup === 0 &&
  d.missing.length + d.extra.length + d.changed.length === 0;

/**
 * Does Action1's value hold everything the policy asks for? Only what we set is compared:
 * Action1 adds fields of its own (an id on every action, defaults), and those are no change.
 * Arrays match item by item, in order (filters, packages).
 */
export function covers(want: unknown, have: unknown): boolean {
  if (Array.isArray(want))
    return (
      Array.isArray(have) && have.length === want.length && want.every((w, i) => covers(w, have[i]))
    );
  if (want && typeof want === 'object') {
    if (!have || typeof have !== 'object') return false;
    return Object.entries(want).every(([k, v]) => covers(v, (have as Record<string, unknown>)[k]));
  }
  return String(want) === String(have ?? '');
}

/** Compares Action1 with the policy: what is missing, what is extra (ours only), what changed. */
export function driftOf(
  want: readonly DesiredAutomation[],
  have: readonly ActualAutomation[],
  group: { id?: string; outside: number },
): Drift {
  const ours = have.filter((a) => a.name.startsWith(AUTOMATION_PREFIX));
  const changed: Drift['changed'] = [];
  const missing: DesiredAutomation[] = [];
  for (const w of want) {
    const h = ours.find((a) => a.name === w.name);
    if (!h) {
      missing.push(w);
      continue;
    }
    const fields: string[] = [];
    // Action1 may write a schedule back its own way; compare when it runs, not the spelling.
    if (
      !sameSchedule(h.settings, w.settings) ||
      (h.settings_timezone ?? 'UTC') !== w.settings_timezone
    )
      fields.push('schedule');
    if (String(h.retry_minutes ?? '') !== w.retry_minutes) fields.push('retry window');
    if (!covers(w.actions, h.actions)) fields.push('actions');
    const target = h.endpoints ?? [];
    if (!group.id || target.length !== 1 || target[0]?.id !== group.id) fields.push('targets');
    if (fields.length > 0) changed.push({ want: w, have: h, fields });
  }
  return {
    groupMissing: !group.id,
    devicesOutsideGroup: group.outside,
    missing,
    extra: ours.filter((a) => !want.some((w) => w.name === a.name)),
    changed,
  };
}

/** The differences in words, one line each, for cards and the drift report. */
export function driftLines(d: Drift, groupName: string): string[] {
  return [
    ...(d.groupMissing ? [`Group "${groupName}" is missing`] : []),
    ...(d.devicesOutsideGroup > 0
      ? [`${d.devicesOutsideGroup} device(s) are not in "${groupName}"`]
      : []),
    ...d.missing.map((m) => `Missing: ${m.name}`),
    ...d.changed.map((c) => `Changed: ${c.want.name} (${c.fields.join(', ')})`),
    ...d.extra.map((e) => `Extra: ${e.name} (not in the policy)`),
  ];
}
