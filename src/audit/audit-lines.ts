import type { ChainedAuditRecord } from '../core/audit';
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
};

export const actWords = (act: string) => ACTS[act] ?? act;
const who = (e: ChainedAuditRecord) => e.actor.displayName ?? e.actor.userId;

/** One entry as a row of the audit card. */
export function auditRow(e: ChainedAuditRecord, timeZone: string, now: Date) {
  const refused = e.outcome === 'ok' ? '' : ` (${e.outcome})`;
  return {
    heading: `${localTime(e.at, timeZone, now)} · ${who(e)}`,
    what: `${actWords(e.act)}${refused}${e.customer ? ` · ${e.customer}` : ''} · #${e.seq}`,
    color: e.outcome === 'ok' ? 'Default' : 'Warning',
  };
}

const HEADER = [
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

/**
 * A cell as a spreadsheet should read it: quoted, and never a formula (a name typed into a chat
 * that starts with `=`, `+`, `-` or `@` would otherwise run when the file is opened).
 */
function cell(value: unknown): string {
  const text = value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** The entries as CSV (RFC 4180, CRLF), oldest first, as an auditor files them. */
export function auditCsv(entries: readonly ChainedAuditRecord[]): string {
  const rows = [...entries]
    .sort((a, b) => a.seq - b.seq)
    .map((e) =>
      [
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
      ]
        .map(cell)
        .join(','),
    );
  return `${[HEADER.map(cell).join(','), ...rows].join('\r\n')}\r\n`;
}
