import { wallClockIn, zonedInstant } from '../core/maintenance-window';
export type ReportKind = 'monthly' | 'baseline' | 'quarterly' | 'incidents';

/** What each report is called on its cover, in chat and in file lists. */
export const TITLES: Record<ReportKind, string> = {
  monthly: 'Monthly Hygiene Report',
  baseline: 'Baseline Health Report',
  quarterly: 'Quarterly Review',
  incidents: 'Incident Summary',
};
export const REPORT_KINDS: readonly ReportKind[] = [
  'monthly',
  'baseline',
  'quarterly',
  'incidents',
];

/** What a report covers, as calendar months in UTC (a customer's month starts on the 1st). */
export interface Period {
  from: Date;
  /** Exclusive. */
  to: Date;
  label: string;
  /** The months in it, "YYYY-MM". */
  months: string[];
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export const monthKey = (d: Date) =>
  `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
const startOf = (year: number, month: number) => new Date(Date.UTC(year, month, 1));

export function monthPeriod(year: number, month: number): Period {
  const from = startOf(year, month);
  return {
    from,
    to: startOf(year, month + 1),
    label: `${MONTHS[from.getUTCMonth()]} ${from.getUTCFullYear()}`,
    months: [monthKey(from)],
  };
}

export function quarterPeriod(year: number, month: number): Period {
  const first = Math.floor(month / 3) * 3;
  const from = startOf(year, first);
  const months = [0, 1, 2].map((i) => monthKey(startOf(year, first + i)));
  return {
    from,
    to: startOf(year, first + 3),
    label: `Q${first / 3 + 1} ${from.getUTCFullYear()}`,
    months,
  };
}

/**
 * The period a report is about: `--month YYYY-MM` (any month of the quarter for a quarterly
 * review), or by default the last finished month (or quarter) before `now`. A baseline is
 * about the state today.
 */
export function periodFor(
  kind: ReportKind,
  now: Date,
  month?: string,
): { ok: true; period: Period } | { ok: false; problem: string } {
  let year = now.getUTCFullYear();
  let m = now.getUTCMonth();
  if (kind === 'baseline') {
    return {
      ok: true,
      period: { from: now, to: now, label: `as of ${now.toISOString().slice(0, 10)}`, months: [] },
    };
  }
  if (month) {
    const parsed = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
    if (!parsed) return { ok: false, problem: `--month must look like 2026-10, not "${month}"` };
    year = Number(parsed[1]);
    m = Number(parsed[2]) - 1;
    if (startOf(year, m) > now) return { ok: false, problem: `${month} has not started yet` };
  } else if (kind === 'quarterly') {
    m = Math.floor(m / 3) * 3 - 3; // the quarter before this one
  } else {
    m -= 1; // last month
  }
  const norm = startOf(year, m);
  return {
    ok: true,
    period:
      kind === 'quarterly'
        ? quarterPeriod(norm.getUTCFullYear(), norm.getUTCMonth())
        : monthPeriod(norm.getUTCFullYear(), norm.getUTCMonth()),
  };
}

export const inPeriod = (p: Period, iso: string | undefined | null) => {
  if (!iso) return false;
  const t = new Date(iso).getTime();
  return t >= p.from.getTime() && t < p.to.getTime();
};

/** Which subscription a scheduled report goes to: monthly to `reports`, reviews to `leadership`. */
export const reportTopic = (kind: 'monthly' | 'quarterly') =>
  kind === 'monthly' ? ('reports' as const) : ('leadership' as const);

/**
 * When the next scheduled monthly report and quarterly review go out for a customer: `hour` on
 * the 1st of the coming month (of the coming quarter) in the customer's zone.
 */
export function nextReportRuns(
  now: Date,
  timeZone: string,
  hour: number,
): { monthly: Date; quarterly: Date } {
  const local = wallClockIn(now, timeZone);
  const at = (year: number, month: number) =>
    zonedInstant(new Date(Date.UTC(year, month, 1, hour)), timeZone);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth();
  // This month's run if it is still to come, else next month's.
  const monthly = at(y, m) > now ? at(y, m) : at(y, m + 1);
  const quarterStarts = [0, 3, 6, 9, 12].map((q) => at(y, q));
  const quarterly = quarterStarts.find((d) => d > now) ?? at(y + 1, 0);
  return { monthly, quarterly };
}
