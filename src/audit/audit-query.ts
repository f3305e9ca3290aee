import type { AuditTrail, ChainCheck, ChainedAuditRecord } from '../core/audit';
import type { ConsoleEvent } from './console-events';
import { zonedInstant } from '../core/maintenance-window';

/** What `audit` was asked for: one customer (or all), a time span, one person. */
export interface AuditQuery {
  /** Only this customer's entries; absent: every entry (MSP admins only). */
  customer?: string;
  since?: Date;
  until?: Date;
  /** A part of the person's name or id, any case. */
  who?: string;
}

export type DayRead = { ok: true; at: Date } | { ok: false; problem: string };

/**
 * "2026-11-03" as the start of that day in the zone, or why it is not a date. A person means
 * the customer's day, not UTC's; `--until` names the last day included.
 */
export function dayIn(typed: string, timeZone: string, end: boolean): DayRead {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(typed);
  const [y, mo, d] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  const wall = new Date(Date.UTC(y, mo - 1, d + (end ? 1 : 0)));
  const real = m && mo >= 1 && mo <= 12 && new Date(Date.UTC(y, mo - 1, d)).getUTCDate() === d;
  if (!real) return { ok: false, problem: `\`${typed}\` is not a date; write it as YYYY-MM-DD` };
  return { ok: true, at: zonedInstant(wall, timeZone) };
}

const PAGE = 500;

function matches(e: ChainedAuditRecord, q: AuditQuery): boolean {
  if (q.customer && e.customer !== q.customer) return false;
  const at = Date.parse(e.at);
  if (q.since && at < q.since.getTime()) return false;
  if (q.until && at >= q.until.getTime()) return false;
  if (q.who) {
    const wanted = q.who.toLowerCase();
    const person = `${e.actor.displayName ?? ''} ${e.actor.userId}`.toLowerCase();
    if (!person.includes(wanted)) return false;
  }
  return true;
}

/**
 * The entries that match, newest first, and whether the chain holds: one walk of the trail,
 * which verifying needs anyway. A broken chain stops that walk at the break; the list is then
 * read on its own (backwards, a page at a time) so it still shows every matching entry.
 */
export async function auditEntries(
  trail: AuditTrail,
  q: AuditQuery,
): Promise<{ entries: ChainedAuditRecord[]; check: ChainCheck }> {
  const found: ChainedAuditRecord[] = [];
  const check = await trail.verify([], (e) => {
    if (matches(e, q)) found.push(e);
  });
  if (check.ok) return { entries: found.reverse(), check };
  return { entries: await readBackwards(trail, q), check };
}

/**
 * The entries that match, newest first, read backwards a page at a time without walking the
 * chain: for a list shown often (the portal's access log), where verifying is `audit`'s job.
 */
export async function readBackwards(
  trail: AuditTrail,
  q: AuditQuery,
): Promise<ChainedAuditRecord[]> {
  const found: ChainedAuditRecord[] = [];
  for (let end = await trail.length(); end >= 1; end -= PAGE) {
    const from = Math.max(1, end - PAGE + 1);
    const page = await trail.read(from, end - from + 1);
    for (let i = page.length - 1; i >= 0; i--) {
      const e = page[i];
      if (e && matches(e, q)) found.push(e);
    }
    // Entries are appended in time order: once a page starts before `since`, none older match.
    const first = page[0];
    if (q.since && first && Date.parse(first.at) < q.since.getTime()) break;
  }
  return found;
}

/** A console event within the same query (its customer is already chosen by whose log it is). */
export function consoleMatches(e: ConsoleEvent, q: AuditQuery): boolean {
  const at = Date.parse(e.at);
  if (q.since && at < q.since.getTime()) return false;
  if (q.until && at >= q.until.getTime()) return false;
  return !q.who || e.who.toLowerCase().includes(q.who.toLowerCase());
}
