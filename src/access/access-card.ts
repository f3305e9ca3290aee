import { cardReply, type CardReply } from '../core/reply';
import type { AccessRequest } from './access-request';
import { cardTime, nameOf as who } from '../core/wording';
import type { Customer } from '../config/customer';
import { reachOf } from '../config/support-schema';

/** "40 s", "12 min": how long a recorded session ran. */
const lengthOf = (seconds: number) =>
  seconds < 60 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;

/** Times on the card, in the customer's zone. */
type Clock = (iso: string) => string;

function status(r: AccessRequest, at: Clock): { text: string; color: string } {
  const by = r.decision ? ` by ${who(r.decision.by)} on ${at(r.decision.at)}` : '';
  const note = r.decision?.note ? `: “${r.decision.note}”` : '';
  const until = r.window ? ` until ${at(r.window.until)}` : '';
  switch (r.state) {
    case 'requested':
      return r.escalations > 0
        ? { text: 'Waiting for an answer (escalated)', color: 'Warning' }
        : { text: 'Waiting for the customer’s approval', color: 'Accent' };
    case 'approved':
      return { text: `✅ Approved${by}; access${until}`, color: 'Good' };
    case 'granted':
      return r.kind === 'break-glass'
        ? { text: `🚨 Emergency access${until}`, color: 'Attention' }
        : {
            text: `✅ Granted at once (${r.preApproved === 'break-glass' ? 'during a break-glass' : 'pre-approved unattended access'})${until}`,
            color: 'Good',
          };
    case 'denied':
      return { text: `⛔ Denied${by}${note}`, color: 'Attention' };
    case 'expired':
      return {
        text: `⌛ Expired unanswered on ${at(r.endedAt ?? r.requestedAt)}`,
        color: 'Warning',
      };
    case 'cancelled':
      return { text: `Cancelled${by}`, color: 'Default' };
    case 'ended':
      return { text: `Ended on ${at(r.endedAt ?? r.requestedAt)}`, color: 'Default' };
  }
}

function reviewLine(r: AccessRequest, at: Clock): string | undefined {
  const review = r.review;
  if (!review) return undefined;
  if (review.state === 'pending') return 'Review: waiting for an MSP admin (not the requester)';
  const verdict = review.verdict === 'justified' ? 'Justified' : 'NOT justified';
  const comment = review.comment ? `: “${review.comment}”` : '';
  return `Review: ${verdict} by ${review.by ? who(review.by) : '?'}${review.at ? ` on ${at(review.at)}` : ''}${comment}`;
}

/** The one living card of an access request, drawn from its current state. */
export function accessCard(
  r: AccessRequest,
  customer: Pick<Customer, 'name' | 'timezone'> & Partial<Pick<Customer, 'support'>>,
  now: Date,
): CardReply {
  const customerName = customer.name;
  const at: Clock = (iso) => cardTime(iso, customer.timezone, now);
  const s = status(r, at);
  const first = customer.support?.escalation[0];
  const escalation = first && `${first.name}, ${reachOf(first)} (${first.when})`;
  const title =
    r.kind === 'break-glass'
      ? `🚨 BREAK-GLASS: emergency access to ${customerName}`
      : `Remote session to ${r.device?.name ?? '?'} (${customerName})`;
  const facts = [
    { title: 'Customer', value: customerName },
    ...(r.device ? [{ title: 'Device', value: r.device.name }] : []),
    { title: 'Requested by', value: who(r.requester) },
    { title: 'Reason', value: r.reason },
    { title: 'For', value: `${r.minutes} minutes` },
    { title: 'Asked at', value: at(r.requestedAt) },
    // Whoever has to decide (or review) knows whom to call when something is off.
    ...(escalation ? [{ title: 'Escalation', value: escalation }] : []),
    ...(r.session
      ? [
          {
            title: 'Through',
            value: r.session.via === 'action1' ? 'Action1' : 'MeshCentral (consent prompt on)',
          },
        ]
      : []),
  ];
  const review = reviewLine(r, at);
  // Three at most: a guest who reconnected many times still leaves a card that fits.
  const recordings = (r.recordings ?? []).slice(0, 3).map((rec, i, all) => ({
    title: `${all.length > 1 ? `Recording ${i + 1}` : 'Recording'}${rec.seconds !== undefined ? ` (${lengthOf(rec.seconds)})` : ''}`,
    url: rec.url,
  }));
  const data = {
    id: r.id,
    title,
    status: s.text,
    statusColor: s.color,
    facts,
    review: review ?? '',
    asking: r.state === 'requested',
    reviewing: r.review?.state === 'pending',
    recorded: recordings.length > 0,
    recordings,
  };
  return cardReply('access', data, `${title}: ${s.text}`);
}
