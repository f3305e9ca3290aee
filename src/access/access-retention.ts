import { botActor } from '../core/person';
import type { AuditTrail } from '../core/audit';
import type { AccessBook } from './access-book';
import { isOpen, type AccessRequest } from './access-request';

/** When a record's story ended: the session's end, else its window, else the request. */
const finishedAt = (r: AccessRequest) => r.endedAt ?? r.window?.until ?? r.requestedAt;

/**
 * Session and break-glass records older than the retention (default 90 days, runbook section 5)
 * are deleted: each customer's, once closed (a break-glass waiting for its review is kept however
 * old). The audit trail is never pruned, so it always outlives the records; each pruning is
 * itself an audit entry naming how many records went and up to when.
 */
export async function pruneAccessRecords(deps: {
  book: AccessBook;
  customers: readonly { id: string }[];
  keepDays: number;
  audit: AuditTrail;
  now: Date;
}): Promise<number> {
  const cutoff = new Date(deps.now.getTime() - deps.keepDays * 24 * 3600_000);
  let removed = 0;
  for (const c of deps.customers) {
    const old = (await deps.book.history(c.id, 1_000_000)).filter(
      (r) => !isOpen(r) && r.review?.state !== 'pending' && new Date(finishedAt(r)) < cutoff,
    );
    for (const r of old) await deps.book.remove(r.id);
    removed += old.length;
    if (old.length > 0)
      await deps.audit.record({
        at: deps.now.toISOString(),
        actor: botActor('retention'),
        conversationId: 'retention',
        customer: c.id,
        act: 'access:records-pruned',
        args: { removed: old.length, endedBefore: cutoff.toISOString(), keepDays: deps.keepDays },
        outcome: 'ok',
        correlationId: `retention-${deps.now.toISOString().slice(0, 10)}-${c.id}`.slice(0, 64),
      });
  }
  return removed;
}
