import type { AccessRequest } from './access-request';

export interface AccessTiming {
  answerMinutes: number;
  reviewReminderHours: number;
  reviewEscalationDays: number;
}

/** What the clock says should happen to a request now, if anything. */
export type Due =
  | { kind: 'remind' }
  | { kind: 'escalate'; to: 'secondary' | 'admins' }
  | { kind: 'expire' }
  | { kind: 'end' }
  | { kind: 'review-remind' }
  | { kind: 'review-escalate' };

const MINUTE = 60_000;
const ms = (iso: string) => new Date(iso).getTime();

/**
 * The escalation ladder of an unanswered request: the approvers have `answerMinutes` (reminded
 * half-way); then each step (the secondary approvers if the customer has any, then the MSP
 * admins' channel) gets half as long again; then it expires.
 */
export function ladder(hasSecondary: boolean): ('secondary' | 'admins')[] {
  return hasSecondary ? ['secondary', 'admins'] : ['admins'];
}

/** When an unanswered request expires. */
export function answerDeadline(r: AccessRequest, t: AccessTiming, hasSecondary: boolean): Date {
  const steps = ladder(hasSecondary).length;
  return new Date(ms(r.requestedAt) + t.answerMinutes * MINUTE * (1 + steps / 2));
}

export function dueNow(
  r: AccessRequest,
  now: Date,
  t: AccessTiming,
  hasSecondary: boolean,
): Due | undefined {
  const clock = now.getTime();
  if (r.state === 'requested') {
    const answer = t.answerMinutes * MINUTE;
    const since = clock - ms(r.requestedAt);
    if (clock >= answerDeadline(r, t, hasSecondary).getTime()) return { kind: 'expire' };
    const steps = ladder(hasSecondary);
    const step = steps[r.escalations];
    if (step && since >= answer * (1 + r.escalations / 2)) return { kind: 'escalate', to: step };
    if (!r.remindedAt && since >= answer / 2) return { kind: 'remind' };
    return undefined;
  }
  if ((r.state === 'approved' || r.state === 'granted') && r.window) {
    if (clock >= ms(r.window.until)) return { kind: 'end' };
  }
  const review = r.review;
  if (review?.state === 'pending' && r.window) {
    const started = ms(r.window.from);
    if (!review.escalatedAt && clock - started >= t.reviewEscalationDays * 24 * 60 * MINUTE)
      return { kind: 'review-escalate' };
    const last = review.remindedAt ? ms(review.remindedAt) : started;
    if (clock - last >= t.reviewReminderHours * 60 * MINUTE) return { kind: 'review-remind' };
  }
  return undefined;
}
