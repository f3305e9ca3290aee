import type { AccessFact } from '../core/record-lines';
import { csvOf } from '../core/csv';
import { dayIn } from '../audit/audit-query';
import type { AccessLogLine, DayRange } from './portal-ports';

/** What the access log is narrowed to: days in the customer's zone (both included), a kind. */
export interface AccessFilter {
  since?: string;
  until?: string;
  kind?: 'remote' | 'break-glass' | 'audit';
}

/**
 * Sessions, break-glass and the customer's audit entries as one list, newest first, within the
 * filter. Times stay ISO (the CSV keeps them so); the page shows them in the customer's zone.
 */
export function accessLines(
  sessions: readonly AccessFact[],
  audits: readonly AccessLogLine[],
  filter: AccessFilter,
  timeZone: string,
): AccessLogLine[] {
  const { since, until } = rangeOf(filter, timeZone);
  const inRange = (when: string) => {
    const at = Date.parse(when);
    return (!since || at >= since.getTime()) && (!until || at < until.getTime());
  };
  const fromSessions = sessions
    .filter((s) => !filter.kind || filter.kind === s.kind)
    .map((s) => ({
      when: s.when,
      kind: s.kind === 'remote' ? 'remote session' : 'break-glass',
      who: s.who,
      what: [s.device, s.reason].filter(Boolean).join(': '),
      outcome: outcomeOf(s),
    }));
  const fromAudit = sourcesFor(filter).audit ? audits : [];
  return [...fromSessions, ...fromAudit]
    .filter((l) => inRange(l.when))
    .sort((a, b) => Date.parse(b.when) - Date.parse(a.when));
}

/** The filter's days as instants in the customer's zone (the last day included). */
export function rangeOf(filter: AccessFilter, timeZone: string): DayRange {
  const from = filter.since ? dayIn(filter.since, timeZone, false) : undefined;
  const to = filter.until ? dayIn(filter.until, timeZone, true) : undefined;
  return { ...(from?.ok && { since: from.at }), ...(to?.ok && { until: to.at }) };
}

/** Which of the two sources the filter's kind needs. */
export const sourcesFor = (filter: AccessFilter) => ({
  sessions: filter.kind !== 'audit',
  audit: !filter.kind || filter.kind === 'audit',
});

/** How it ended and who answered; for a break-glass, its review (who reviewed, the verdict). */
function outcomeOf(s: AccessFact): string {
  if (s.kind === 'break-glass' && s.review)
    return s.review === 'pending'
      ? `${s.outcome}; review pending`
      : `${s.outcome}; reviewed: ${s.review}${s.answeredBy ? ` (${s.answeredBy})` : ''}`;
  return s.answeredBy ? `${s.outcome} (${s.answeredBy})` : s.outcome;
}

/** The list as a spreadsheet reads it (no cell runs as a formula). */
export function accessCsv(lines: readonly AccessLogLine[]): string {
  return csvOf([
    ['when', 'kind', 'who', 'what', 'outcome'],
    ...lines.map((l) => [l.when, l.kind, l.who, l.what, l.outcome]),
  ]);
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const KINDS = ['remote', 'break-glass', 'audit'] as const;

/** The access log's filters from the query; anything not well formed is left out. */
export function filterOf(query: Record<string, unknown>): AccessFilter {
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const since = text(query.since);
  const until = text(query.until);
  const kind = text(query.kind);
  return {
    ...(since && DAY.test(since) && { since }),
    ...(until && DAY.test(until) && { until }),
    ...(kind &&
      (KINDS as readonly string[]).includes(kind) && { kind: kind as AccessFilter['kind'] }),
  };
}
