import { newId } from '../core/ids';
import { placeKey, type Place } from '../core/invocation';
import type { Reply } from '../core/reply';
import type { AccessRequest, Chore, PendingChore } from './access-request';
import { botActor, type Person } from '../core/person';
import { nameOf } from '../core/wording';

const pending = (chore: Chore): PendingChore => ({ id: newId('c'), chore, attempts: 0 });

/** Adds side effects to a record (a copy; records are never edited in place). */
export function withChores(r: AccessRequest, chores: Chore[]): AccessRequest {
  return { ...r, chores: [...r.chores, ...chores.map(pending)] };
}

/** A side effect that waits until `at` before it is first tried. */
export function withChoreAt(r: AccessRequest, chore: Chore, at: Date): AccessRequest {
  return { ...r, chores: [...r.chores, { ...pending(chore), notBefore: at.toISOString() }] };
}

export const cardsTo = (places: readonly Place[]): Chore[] =>
  dedupe(places).map((place) => ({ kind: 'card', place }));

export const noticesTo = (places: readonly Place[], reply: Reply): Chore[] =>
  dedupe(places).map((place) => ({ kind: 'notice', place, reply }));

const BOT = botActor('clock');

/**
 * An audit entry for a change of an access request, kept as a chore so it is written even if the
 * process dies right after the change. Customer and device are in every entry, so a customer's
 * people can later read who touched their devices.
 */
export function auditChore(
  r: AccessRequest,
  event: string,
  at: Date,
  by?: Person,
  detail?: string,
): Chore {
  const actor = by ?? { ...BOT, channel: r.askedIn.channel };
  return {
    kind: 'audit',
    entry: {
      at: at.toISOString(),
      actor: { channel: actor.channel, userId: actor.userId, displayName: actor.displayName },
      conversationId: r.askedIn.conversationId,
      customer: r.customer,
      act: `access:${event}`,
      args: {
        id: r.id,
        kind: r.kind,
        device: r.device?.name,
        requester: nameOf(r.requester),
        reason: r.reason,
        minutes: r.minutes,
      },
      outcome: 'ok',
      detail,
      correlationId: r.id,
    },
  };
}

function dedupe(places: readonly Place[]): Place[] {
  const seen = new Set<string>();
  return places.filter((p) => {
    const key = placeKey(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
