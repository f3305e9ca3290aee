import { z } from 'zod';
import { defineCardAction, defineCommand } from './services';
import { cardReply, textReply } from '../core/reply';
import { count, localTime, nameOf as who } from '../core/wording';
import type { AccessRequest } from '../access/access-request';
import {
  CUSTOMER_ONLY,
  FLEET_READERS,
  FLEET_READERS_BUTTON,
  findCustomer,
} from './customer-lookup';
import { accessCard } from '../access/access-card';
import { deskOf } from './remote';

const SHOWN = 15;

/**
 * One request as a row of the list: a heading that says where it stands (coloured where someone
 * has to act: waiting for an answer, a break-glass waiting for its review), and the details.
 */
function entry(r: AccessRequest, zone: string, now: Date) {
  const at = (iso: string) => localTime(iso, zone, now);
  const what =
    r.kind === 'break-glass' ? '🚨 break-glass' : `remote session to ${r.device?.name ?? '?'}`;
  const by = r.decision ? ` by ${who(r.decision.by)}` : '';
  const answered =
    r.preApproved || r.kind === 'break-glass'
      ? `granted at once (${r.preApproved ?? 'emergency'})`
      : r.state === 'ended'
        ? `approved${by}`
        : r.state === 'expired'
          ? 'expired unanswered'
          : r.state === 'requested'
            ? 'waiting for an answer'
            : `${r.state}${by}`;
  const outcome = r.state === 'ended' ? `${answered}, ended` : answered;
  const window = r.window ? `, ${at(r.window.from)} to ${at(r.endedAt ?? r.window.until)}` : '';
  const reviewPending = !!r.review && r.review.state !== 'reviewed';
  const review =
    r.review?.state === 'reviewed'
      ? `; reviewed: ${r.review.verdict}`
      : reviewPending
        ? '; review pending'
        : '';
  const waiting = r.state === 'requested';
  return {
    id: r.id,
    heading: `${at(r.requestedAt)} · ${who(r.requester)}, ${what}`,
    color: waiting || reviewPending ? 'Warning' : 'Default',
    what: `${r.minutes} min: ${outcome}${window}${review}. Reason: “${r.reason}”`,
  };
}

/** Who touched a customer's devices: their own viewers and approvers may ask, as may MSP staff. */
export const accessHistory = defineCommand({
  name: 'sessions',
  summary: 'who asked for remote access to a customer, who answered, and when',
  usage: 'sessions [customer]',
  examples: ['sessions acme'],
  args: CUSTOMER_ONLY,
  access: FLEET_READERS,
  async run(ctx, args) {
    const found = findCustomer(ctx, args.customer);
    if (!found.ok) return found.reply;
    const list = await deskOf(ctx).book.history(found.value.id, SHOWN);
    if (list.length === 0)
      return textReply(`Nobody has asked for remote access to ${found.value.name} yet.`, {
        private: true,
      });
    const entries = list.map((r) => entry(r, found.value.timezone, ctx.now));
    const title = `Remote access to ${found.value.name}, newest first`;
    return cardReply(
      'sessions',
      {
        title,
        note: `The last ${count(list.length, 'request')}; every step is also in the audit trail.`,
        entries,
      },
      `${title}:\n${entries.map((e) => `• ${e.heading}: ${e.what}`).join('\n')}`,
      { private: true },
    );
  },
});

/**
 * "Open" on the list: the request's own card, with the buttons its state offers. Who may open it
 * is decided by the stored request's customer and the clicker's grants; what a button on it
 * then does is decided again by the desk when it is pressed.
 */
export const accessOpenButton = defineCardAction({
  verb: 'access.open',
  data: z.object({ id: z.string().regex(/^(ra|bg)-[0-9a-f]{12}$/, 'not an access request id') }),
  access: FLEET_READERS_BUTTON,
  async run(ctx, data) {
    const desk = deskOf(ctx);
    const r = await desk.book.get(data.id);
    if (!r)
      return textReply('That request is not known here. Nothing changed.', {
        private: true,
        refused: 'invalid',
      });
    const found = findCustomer(ctx, r.customer);
    if (!found.ok) return found.reply;
    return accessCard(r, desk.shownAs(r.customer), ctx.now);
  },
});
