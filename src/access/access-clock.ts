import type { Place } from '../core/invocation';
import { textReply } from '../core/reply';
import { auditChore, cardsTo, noticesTo, withChores } from './access-chores';
import { localTime, nameOf } from '../core/wording';
import { dueNow, type Due } from './access-timeline';
import { move, type AccessRequest, type Chore } from './access-request';
import type { KeeperDeps } from './access-ports';

const who = (r: AccessRequest) => nameOf(r.requester);
const what = (r: AccessRequest) =>
  r.kind === 'break-glass'
    ? `break-glass access to ${r.customer}`
    : `a remote session to ${r.device?.name ?? '?'}`;

/**
 * Applies what the clock says is due to one request, once: the places to tell are looked up
 * first, then the change is made by compare-and-set only if it is still due (another instance
 * may have done it meanwhile).
 */
export async function clockChange(
  keeper: KeeperDeps,
  r: AccessRequest,
  due: Due,
  now: Date,
): Promise<void> {
  const plan = await planFor(keeper, r, due);
  const hasSecondary = keeper.records.hasSecondary(r.customer);
  await keeper.records.book.change(r.id, (latest) => {
    const still = dueNow(latest, now, keeper.records.settings, hasSecondary);
    if (!still || JSON.stringify(still) !== JSON.stringify(due)) return undefined;
    return plan(latest, now);
  });
}

type Plan = (r: AccessRequest, now: Date) => AccessRequest;

async function planFor(keeper: KeeperDeps, r: AccessRequest, due: Due): Promise<Plan> {
  const a = keeper.audiences;
  const zone = keeper.records.shownAs(r.customer).timezone;
  const clockNow = keeper.clock?.() ?? new Date();
  const asked = localTime(r.requestedAt, zone, clockNow);
  const requester = (await a.privately(r.requester)) ?? r.askedIn;
  const event = (x: AccessRequest, name: string, now: Date, extra: Chore[], detail?: string) =>
    withChores(x, [auditChore(x, name, now, undefined, detail), ...extra]);
  switch (due.kind) {
    case 'remind': {
      const places = await a.approvers(r.customer);
      const text = `Reminder: ${who(r)} is waiting for your answer on ${what(r)} (asked ${asked}, reason: “${r.reason}”). Approve or deny on the card.`;
      return (x, now) =>
        event(
          { ...x, remindedAt: now.toISOString() },
          'reminded',
          now,
          noticesTo(places, textReply(text)),
        );
    }
    case 'escalate': {
      const places =
        due.to === 'secondary' ? await a.secondaryApprovers(r.customer) : await a.adminChannel();
      const detail =
        due.to === 'secondary' ? 'to the secondary approvers' : "to the MSP admins' channel";
      return (x, now) =>
        event(
          { ...x, escalations: x.escalations + 1, redraw: true },
          'escalated',
          now,
          cardsTo(places),
          detail,
        );
    }
    case 'expire': {
      const text = `Nobody answered your request for ${what(r)} in time, so it expired and nothing was opened. Ask again, or call the customer.`;
      return (x, now) =>
        event(
          { ...move(x, 'expired'), endedAt: now.toISOString() },
          'expired',
          now,
          noticesTo([requester], textReply(text)),
        );
    }
    case 'end':
      return await endPlan(keeper, r, requester);
    case 'review-remind': {
      const text = `Break-glass by ${who(r)} at ${r.customer} (${asked}, reason: “${r.reason}”) still needs a review by another MSP admin.`;
      const places = await a.adminChannel();
      return (x, now) =>
        event(
          { ...x, review: x.review && { ...x.review, remindedAt: now.toISOString() } },
          'review-reminded',
          now,
          noticesTo(places, textReply(text)),
        );
    }
    case 'review-escalate': {
      const text = `OVERDUE: break-glass by ${who(r)} at ${r.customer} on ${asked} has waited ${keeper.records.settings.reviewEscalationDays} days for a review. Please review it now.`;
      const places = [...(await a.adminChannel()), ...(await a.adminsPrivately(r.requester))];
      return (x, now) =>
        event(
          {
            ...x,
            review: x.review && {
              ...x.review,
              remindedAt: now.toISOString(),
              escalatedAt: now.toISOString(),
            },
          },
          'review-escalated',
          now,
          noticesTo(places, textReply(text)),
        );
    }
  }
}

/** The window is over: the session's link stops working and everyone who saw it begin is told. */
async function endPlan(keeper: KeeperDeps, r: AccessRequest, requester: Place): Promise<Plan> {
  const a = keeper.audiences;
  const text =
    r.kind === 'break-glass'
      ? `Break-glass access by ${who(r)} to ${r.customer} has ended (${r.minutes} minutes).`
      : `The remote session by ${who(r)} to ${r.device?.name ?? '?'} has ended; its link no longer works.`;
  const channels =
    r.kind === 'break-glass'
      ? [...(await a.adminChannel()), ...(await a.customerChannels(r.customer))]
      : r.copies.map((c) => c.place).filter((p) => p.kind !== 'personal');
  return (x, now) =>
    withChores({ ...move(x, 'ended'), endedAt: now.toISOString() }, [
      auditChore(x, 'ended', now),
      ...(x.session ? [{ kind: 'end-session' as const }] : []),
      ...noticesTo([...channels, ...(r.kind === 'remote' ? [requester] : [])], textReply(text)),
    ]);
}
