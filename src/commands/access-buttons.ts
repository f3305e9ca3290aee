import { z } from 'zod';
import { defineCardAction, type CommandContext } from './services';
import { textReply, type Reply } from '../core/reply';
import { accessCard } from '../access/access-card';
import type { Decided } from '../access/access-desk';
import { samePerson } from '../core/person';
import { deskOf, personOf } from './remote';

const id = z.string().regex(/^(ra|bg)-[0-9a-f]{12}$/, 'not an access request id');
// Text typed into the card: optional, trimmed, bounded.
const note = z
  .string()
  .trim()
  .max(500)
  .optional()
  .transform((v) => v || undefined);

/**
 * Approve and Deny pass a coarse gate (approvers of some customer, and MSP admins so they hear
 * why not); the desk checks the clicker against the stored request's customer, never the card.
 */
const approversGate = {
  who: 'msp',
  minimum: 'msp-admin',
  customerApprovers: true,
} as const;

function answer(ctx: CommandContext, result: Decided): Reply {
  if (!result.ok) return textReply(result.message, { private: true, refused: 'denied' });
  const desk = deskOf(ctx);
  const r = result.request;
  return accessCard(r, desk.shownAs(r.customer), ctx.now);
}

/** Approve and Deny: the clicker's answer, checked by the desk against the stored request. */
const decision =
  (verdict: 'approve' | 'deny') =>
  async (ctx: CommandContext, data: { id: string; note?: string }): Promise<Reply> =>
    answer(
      ctx,
      await deskOf(ctx).decide(data.id, personOf(ctx), ctx.grants, verdict, data.note, ctx.now),
    );

export const accessApproveButton = defineCardAction({
  verb: 'access.approve',
  data: z.object({ id, note }),
  access: approversGate,
  // MFA is asked only of someone whose approval would count: an approver of that customer who
  // did not ask for the session themselves.
  // While it can still be approved, that is: everyone else is told why not straight away.
  async privileged(ctx, data) {
    const desk = deskOf(ctx);
    const r = await desk.book.get(data.id);
    return (
      !!r &&
      desk.awaitingAnswer(r, ctx.now) &&
      ctx.grants.approverOf.includes(r.customer) &&
      !samePerson(r.requester, personOf(ctx))
    );
  },
  run: decision('approve'),
});

export const accessDenyButton = defineCardAction({
  verb: 'access.deny',
  data: z.object({ id, note }),
  access: approversGate,
  run: decision('deny'),
});

export const accessCancelButton = defineCardAction({
  verb: 'access.cancel',
  data: z.object({ id, note }),
  access: { who: 'msp', minimum: 'tech' },
  run: async (ctx, data) =>
    answer(ctx, await deskOf(ctx).cancel(data.id, personOf(ctx), ctx.grants, ctx.now)),
});

export const accessReviewButton = defineCardAction({
  verb: 'access.review',
  data: z.object({ id, verdict: z.enum(['justified', 'not-justified']), comment: note }),
  access: { who: 'msp', minimum: 'msp-admin' },
  run: async (ctx, data) =>
    answer(
      ctx,
      await deskOf(ctx).review(
        data.id,
        personOf(ctx),
        ctx.grants,
        data.verdict,
        data.comment,
        ctx.now,
      ),
    ),
});
