import { csvOf } from '../core/csv';
import type { ChainedAuditRecord } from '../core/audit';
import type { ConsoleEvent } from './console-events';
import { localTime } from '../core/wording';

/** Acts as people say them; anything else is shown by its name. */
const ACTS: Record<string, string> = {
  remote: 'asked for a remote session',
  'break-glass': 'opened break-glass (emergency access)',
  'card:access.approve': 'approved a remote session',
  'card:access.deny': 'denied a remote session',
  'card:access.cancel': 'withdrew an access request',
  'card:access.review': 'reviewed a break-glass',
  'patch-now': 'asked to deploy updates',
  'card:patch-now.confirm': 'deployed updates',
  policy: 'checked the patch policy',
  'card:policy.apply': 'applied the patch policy',
  report: 'asked for a report',
  'report:download': 'downloaded a report',
  'report:scheduled-monthly': 'monthly report sent',
  'report:scheduled-quarterly': 'quarterly review sent',
  onboard: 'started onboarding',
  'card:onboard.start': 'started onboarding a device',
  audit: 'read the audit trail',
  'access:requested': 'a remote session was asked for',
  'portal:report-download': 'downloaded a report from the portal',
  'portal:access-export': 'exported the access log from the portal',
  backup: 'backed up the bot',
};

export const actWords = (act: string) => ACTS[act] ?? act;
const who = (e: ChainedAuditRecord) => e.actor.displayName ?? e.actor.userId;

/** An entry of the trail to show: ours, or one Action1 kept of its console (marked so). */
export type AuditLine =
  | { from: 'bot'; at: string; entry: ChainedAuditRecord }
  | { from: 'action1'; at: string; event: ConsoleEvent };

export const botLine = (entry: ChainedAuditRecord): AuditLine => ({
  from: 'bot',
  at: entry.at,
  entry,
});
export const consoleLine = (event: ConsoleEvent): AuditLine => ({
  from: 'action1',
  at: event.at,
  event,
});

/** Oldest first: by time, and ours by their place in the chain where the time is the same. */
export const oldestFirst = (a: AuditLine, b: AuditLine) =>
  a.at.localeCompare(b.at) ||
  (a.from === 'bot' && b.from === 'bot' ? a.entry.seq - b.entry.seq : 0);

/** One entry as a row of the audit card. */
export function auditRow(line: AuditLine, timeZone: string, now: Date) {
  const when = localTime(line.at, timeZone, now);
  if (line.from === 'action1') {
    const e = line.event;
    const failed = e.status && e.status !== 'OK' ? ` (${e.status})` : '';
    return {
      heading: `${when} · ${e.who} · in the Action1 console`,
      what: `${e.event}${e.description ? `: ${e.description}` : ''}${failed} · Action1 #${e.id}`,
      color: 'Accent',
    };
  }
  const e = line.entry;
  const refused = e.outcome === 'ok' ? '' : ` (${e.outcome})`;
  return {
    heading: `${when} · ${who(e)}`,
    what: `${actWords(e.act)}${refused}${e.customer ? ` · ${e.customer}` : ''} · #${e.seq}`,
    color: e.outcome === 'ok' ? 'Default' : 'Warning',
  };
}

const HEADER = [
  'source',
  'seq',
  'at_utc',
  'who',
  'who_id',
  'channel',
  'customer',
  'act',
  'what',
  'outcome',
  'detail',
  'arguments',
];

function csvRow(line: AuditLine, customer: string | undefined): unknown[] {
  if (line.from === 'action1') {
    const e = line.event;
    return [
      'Action1',
      e.id,
      e.at,
      e.who,
      '',
      'action1',
      customer,
      e.event,
      e.description,
      e.status,
      undefined,
      undefined,
    ];
  }
  const e = line.entry;
  return [
    'msp-chatops',
    e.seq,
    e.at,
    who(e),
    e.actor.userId,
    e.actor.channel,
    e.customer,
    e.act,
    actWords(e.act),
    e.outcome,
    e.detail,
    e.args,
  ];
}

/** The lines as CSV (RFC 4180, CRLF), oldest first, as an auditor files them. */
export function auditCsv(lines: readonly AuditLine[], customer?: string): string {
  return csvOf([HEADER, ...[...lines].sort(oldestFirst).map((l) => csvRow(l, customer))]);
}
