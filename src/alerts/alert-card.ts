import type { Alert } from './alert-rules';
import { cardReply, type Reply } from '../core/reply';
import { cardTime } from '../core/wording';
import type { Customer } from '../config/customer';

/** What each alert condition is called, on its card and in lists. */
export const CONDITION_WORDS: Record<Alert['condition'], string> = {
  offline: 'offline',
  'critical-update': 'critical updates missing',
};

/** Times on an alert card: in the customer's zone, absolute (the card lives for days). */
type Clock = (iso: string) => string;

function stateText(a: Alert, now: Date, at: Clock): string {
  if (a.state === 'resolved') return `Resolved on ${at(a.resolvedAt ?? '')}`;
  if (a.state === 'acknowledged')
    return `Acknowledged by ${a.acknowledged?.by} on ${at(a.acknowledged?.at ?? '')}`;
  if (a.state === 'snoozed' && a.snoozedUntil && new Date(a.snoozedUntil) > now)
    return `Snoozed until ${at(a.snoozedUntil)} by ${a.acknowledged?.by ?? 'a tech'}`;
  return a.escalated
    ? a.condition === 'offline'
      ? 'ESCALATED: past the 72 h retry window'
      : 'ESCALATED: critical patch SLA (24 h) breached'
    : 'Open';
}

/** The living card of one alert: the same template in every channel, redrawn on every change. */
export function alertCard(
  a: Alert,
  customer: Pick<Customer, 'name' | 'timezone'>,
  now: Date,
  /** Opened from a list: where the list was, for a Back button (only on that answer). */
  back?: { customer: string; page: number },
): Reply {
  const customerName = customer.name;
  const at: Clock = (iso) => cardTime(iso, customer.timezone, now);
  const open = a.state !== 'resolved';
  const data = {
    title: `${a.escalated && open ? '🔴' : open ? '🟠' : '✅'} ${a.device}: ${CONDITION_WORDS[a.condition]}`,
    facts: [
      { title: 'Customer', value: customerName },
      { title: 'What', value: a.detail },
      ...(a.lastSeen && open ? [{ title: 'Last seen', value: at(a.lastSeen) }] : []),
      { title: 'Alert since', value: at(a.openedAt) },
      { title: 'State', value: stateText(a, now, at) },
      ...(a.ticket
        ? [
            {
              title: 'Ticket',
              value: a.ticket.id ? `HaloPSA #${a.ticket.id}` : 'being opened in HaloPSA',
            },
          ]
        : []),
    ],
    canTicket: open && !a.ticket,
    open,
    critical: open && a.condition === 'critical-update',
    key: a.key,
    customer: a.customer,
    device: a.device,
    back: back ?? '',
  };
  return cardReply(
    'alert',
    data,
    `${a.device} (${customerName}): ${CONDITION_WORDS[a.condition]}. ${stateText(a, now, at)}`,
  );
}

/** One card for a storm: counts by condition and the first devices, critical kept apart. */
export function digestCard(
  customerName: string,
  customer: string,
  alerts: Alert[],
  critical: boolean,
): Reply {
  const offline = alerts.filter((a) => a.condition === 'offline').length;
  const missing = alerts.length - offline;
  const data = {
    title: `${critical ? '🔴 Critical' : '🟠'} ${alerts.length} new alerts for ${customerName}`,
    facts: [
      ...(offline ? [{ title: 'Offline', value: String(offline) }] : []),
      ...(missing ? [{ title: 'Critical updates missing', value: String(missing) }] : []),
      {
        title: 'First devices',
        value: alerts
          .slice(0, 10)
          .map((a) => a.device)
          .join(', '),
      },
    ],
    customer,
  };
  return cardReply('alert-digest', data, `${alerts.length} new alerts for ${customerName}`);
}
