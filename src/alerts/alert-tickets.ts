import { CONDITION_WORDS } from './alert-card';
import type { AlertBook } from './alert-book';
import type { Alert } from './alert-rules';
import type { Log, TicketDesk } from '../core/ports';

/**
 * Opens the HaloPSA ticket an alert asked for (escalation, or the Create ticket button). The
 * alert document moves pending → opening → created by compare-and-set, so racing instances and
 * double clicks open one ticket; a failure goes back to pending and is tried again. Returns true
 * when a ticket was created now.
 */
export async function openAlertTicket(
  book: AlertBook,
  desk: TicketDesk,
  customer: { id: string; haloClientId: number },
  alert: Alert,
  leaseMs: number,
  now: Date,
  log: Log,
): Promise<boolean> {
  const claimed = await book.update(customer.id, (page) => {
    const a = page.alerts.get(alert.key);
    const stale =
      a?.ticket?.state === 'opening' &&
      now.getTime() - new Date(a.ticket.since ?? 0).getTime() > leaseMs;
    if (!a?.ticket || (a.ticket.state !== 'pending' && !stale)) return false;
    page.alerts.set(a.key, {
      ...a,
      ticket: { ...a.ticket, state: 'opening', since: now.toISOString() },
    });
    return true;
  });
  if (!claimed) return false;
  let id: number | undefined;
  let error: string | undefined;
  try {
    id = await desk.openTicket({
      clientId: customer.haloClientId,
      summary: `${alert.device}: ${CONDITION_WORDS[alert.condition]}${alert.escalated ? ' (escalated)' : ''}`,
      details: `${alert.detail}.${securityLine(alert)} Alert raised ${alert.openedAt} by msp-chatops${alert.ticket?.requestedBy ? `; ticket asked for by ${alert.ticket.requestedBy}` : ''}.`,
    });
  } catch (err) {
    error = (err as Error).message;
    log.warn({ err, alert: alert.key }, 'could not open a HaloPSA ticket; will retry');
  }
  await book.update(customer.id, (page) => {
    const a = page.alerts.get(alert.key);
    if (!a) return;
    const requestedBy = a.ticket?.requestedBy;
    if (id === undefined)
      return void page.alerts.set(a.key, {
        ...a,
        ticket: { state: 'pending', requestedBy, lastError: error },
      });
    // A new changedAt tells a redraw already under way that it drew an older state.
    page.alerts.set(a.key, {
      ...a,
      ticket: { state: 'created', id, requestedBy },
      redraw: true,
      changedAt: new Date().toISOString(),
    });
  });
  return id !== undefined;
}

/** What a security alert's ticket adds: the rule, its level, how often it fired. */
function securityLine({ security: s }: Alert): string {
  return s
    ? ` Wazuh rule ${s.ruleId}, level ${s.level}, seen ${s.count} time${s.count === 1 ? '' : 's'} (last ${s.lastAt}).`
    : '';
}
