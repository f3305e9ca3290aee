import { percent } from '../core/wording';
import type { CustomerLine, Snapshot, TicketFact } from './report-data';
import type { Period } from './report-period';

/** One month of a quarter: its snapshot if one was kept, and its tickets' resolution. */
export interface MonthTrend {
  month: string;
  snapshot?: Snapshot;
  tickets: number;
  /** Mean hours to resolve the month's resolved tickets; undefined when none were resolved. */
  meanResolutionHours?: number;
}

export interface QuarterlyReport {
  kind: 'quarterly';
  customer: CustomerLine;
  period: Period;
  generatedAt: Date;
  trends: MonthTrend[];
  recommendations: string[];
  roadmap: string[];
}

export interface IncidentReport {
  kind: 'incidents';
  customer: CustomerLine;
  period: Period;
  generatedAt: Date;
  tickets: TicketFact[];
  resolved: number;
  open: number;
  meanResolutionHours?: number;
  medianResolutionHours?: number;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const mean = (xs: number[]) =>
  xs.length === 0 ? undefined : round1(xs.reduce((a, b) => a + b, 0) / xs.length);
function median(xs: number[]): number | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return round1(s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2);
}
const resolutionHours = (ts: readonly TicketFact[]) =>
  ts.flatMap((t) => (t.resolutionHours === undefined ? [] : [t.resolutionHours]));

export function incidentReport(
  customer: CustomerLine,
  period: Period,
  now: Date,
  tickets: readonly TicketFact[],
): IncidentReport {
  const hours = resolutionHours(tickets);
  return {
    kind: 'incidents',
    customer,
    period,
    generatedAt: now,
    tickets: [...tickets].sort((a, b) => (a.opened ?? '').localeCompare(b.opened ?? '')),
    resolved: hours.length,
    open: tickets.length - hours.length,
    meanResolutionHours: mean(hours),
    medianResolutionHours: median(hours),
  };
}

/** Recommendations that follow from the quarter's figures; each says which figure led to it. */
export function recommendations(trends: readonly MonthTrend[]): string[] {
  const kept = trends.flatMap((t) => (t.snapshot ? [t.snapshot] : []));
  const last = kept.at(-1);
  const first = kept[0];
  const out: string[] = [];
  if (!last) return ['Keep the monthly hygiene reports running: this quarter has no figures yet.'];
  if (last.compliancePct < 95)
    out.push(
      `Raise patch compliance from ${percent(last.compliancePct)} towards 95 %: approve the standard patch policy's weekly window for all device groups.`,
    );
  if (first && last !== first && last.criticalMissing > first.criticalMissing)
    out.push(
      `Critical exposure grew from ${first.criticalMissing} to ${last.criticalMissing} missing critical updates: allow reboots in the maintenance window so critical patches complete within 24 h.`,
    );
  if (last.offline > 0)
    out.push(
      `${last.offline} device${last.offline === 1 ? ' is' : 's are'} offline: reconnect or retire ${last.offline === 1 ? 'it' : 'them'} so patching and monitoring cover the whole fleet.`,
    );
  if (last.outdatedApps > 0)
    out.push(
      `${last.outdatedApps} outdated third-party app installs: keep daily third-party updating on and remove software nobody uses.`,
    );
  const slow = trends.filter((t) => (t.meanResolutionHours ?? 0) > 24);
  if (slow.length > 0)
    out.push(
      `Tickets took more than a day on average in ${slow.map((t) => t.month).join(', ')}: review the escalation path and support hours.`,
    );
  if (out.length === 0) out.push('Hygiene held all quarter: keep the current policy and windows.');
  return out;
}

export function quarterlyReport(
  customer: CustomerLine,
  period: Period,
  now: Date,
  snapshots: readonly Snapshot[],
  tickets: readonly TicketFact[],
  roadmap: readonly string[],
): QuarterlyReport {
  const trends = period.months.map((month): MonthTrend => {
    const ofMonth = tickets.filter((t) => t.opened?.startsWith(month));
    return {
      month,
      snapshot: snapshots.find((s) => s.month === month),
      tickets: ofMonth.length,
      meanResolutionHours: mean(resolutionHours(ofMonth)),
    };
  });
  return {
    kind: 'quarterly',
    customer,
    period,
    generatedAt: now,
    trends,
    recommendations: recommendations(trends),
    roadmap: [...roadmap],
  };
}
