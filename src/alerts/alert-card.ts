import type { Alert } from './alert-rules';
import { cardReply, type Reply } from '../core/reply';
import { cardTime, count } from '../core/wording';
import type { Customer } from '../config/customer';

/** What each alert condition is called, on its card and in lists. */
export const CONDITION_WORDS: Record<Alert['condition'], string> = {
  offline: 'offline',
  'critical-update': 'critical updates missing',
  security: 'security alert',
};

/** Times on an alert card: in the customer's zone, absolute (the card lives for days). */
type Clock = (iso: string) => string;

/** Where the alert stands, in words, and the colour that goes with the words. */
function standing(a: Alert, now: Date, at: Clock): { text: string; color: string } {
  if (a.state === 'resolved')
    return { text: `Resolved on ${at(a.resolvedAt ?? '')}`, color: 'Good' };
  if (a.state === 'acknowledged')
    return {
      text: `Acknowledged by ${a.acknowledged?.by} on ${at(a.acknowledged?.at ?? '')}`,
      color: 'Accent',
    };
  if (a.state === 'snoozed' && a.snoozedUntil && new Date(a.snoozedUntil) > now)
    return {
      text: `Snoozed until ${at(a.snoozedUntil)} by ${a.acknowledged?.by ?? 'a tech'}`,
      color: 'Accent',
    };
  if (a.security?.critical)
    return { text: `Critical: level ${a.security.level} security alert`, color: 'Attention' };
  if (!a.escalated) return { text: 'Open', color: 'Warning' };
  return {
    text:
      a.condition === 'offline'
        ? 'Escalated: past the 72 h retry window'
        : 'Escalated: critical patch SLA (24 h) breached',
    color: 'Attention',
  };
}

/**
 * The living card of one alert: the same template in every channel, redrawn on every change.
 * Its actions fit one row: a critical update is not snoozed for a week (its SLA is 24 h), so
 * Deploy now takes that place.
 */
export function alertCard(
  a: Alert,
  customer: Pick<Customer, 'name' | 'timezone'>,
  now: Date,
  /** Opened from a list: where the list was, for a Back button (only on that answer). */
  back?: { customer: string; page: number; only?: string },
): Reply {
  const customerName = customer.name;
  const at: Clock = (iso) => cardTime(iso, customer.timezone, now);
  const open = a.state !== 'resolved';
  const state = standing(a, now, at);
  const sec = a.security;
  const data = {
    title: `${a.device}: ${sec ? a.detail : CONDITION_WORDS[a.condition]}`,
    status: state.text,
    statusColor: state.color,
    facts: [
      { title: 'Customer', value: customerName },
      sec
        ? { title: 'Rule', value: `Wazuh rule ${sec.ruleId}, level ${sec.level}` }
        : { title: 'What', value: a.detail },
      ...(sec
        ? [{ title: 'Seen', value: `${count(sec.count, 'time')}, last on ${at(sec.lastAt)}` }]
        : []),
      ...(a.lastSeen && open ? [{ title: 'Last seen', value: at(a.lastSeen) }] : []),
      { title: 'Alert since', value: at(a.openedAt) },
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
    // Security alerts are snoozed for a day at most: the next event would reopen them anyway.
    longSnooze: open && a.condition === 'offline',
    link: sec?.link ?? '',
    key: a.key,
    customer: a.customer,
    device: a.device,
    back: back ?? '',
  };
  return cardReply(
    'alert',
    data,
    `${a.device} (${customerName}): ${sec ? a.detail : CONDITION_WORDS[a.condition]}. ${state.text}`,
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
  const security = alerts.filter((a) => a.condition === 'security').length;
  const missing = alerts.length - offline - security;
  const first = alerts.slice(0, 10).map((a) => a.device);
  const rest = alerts.length - first.length;
  const data = {
    title: `New alerts: ${customerName}`,
    status: `${critical ? 'Critical' : 'Needs attention'}: ${count(alerts.length, 'new alert')}`,
    statusColor: critical ? 'Attention' : 'Warning',
    counts: [
      ...(offline ? [{ label: 'Offline', value: String(offline) }] : []),
      ...(missing ? [{ label: 'Critical updates missing', value: String(missing) }] : []),
      ...(security ? [{ label: 'Security alerts', value: String(security) }] : []),
    ],
    devices: `${first.join(', ')}${rest > 0 ? `, and ${count(rest, 'more device')}` : ''}`,
    customer,
  };
  return cardReply(
    'alert-digest',
    data,
    `${count(alerts.length, 'new alert')} for ${customerName}`,
  );
}
