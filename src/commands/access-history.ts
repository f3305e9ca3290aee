import { z } from 'zod';
import { defineCommand } from './services';
import { cardReply, textReply } from '../core/reply';
import { count, localTime, nameOf as who } from '../core/wording';
import type { AccessRequest } from '../access/access-request';
import { FLEET_READERS, findCustomer } from './customer-lookup';
import { deskOf } from './remote';

const SHOWN = 15;

/** One request as a line of the list: when, and who did what with what outcome. */
function entry(r: AccessRequest, zone: string, now: Date): { when: string; what: string } {
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
          : `${r.state}${by}`;
  const outcome = r.state === 'ended' ? `${answered}, ended` : answered;
  const window = r.window ? `, ${at(r.window.from)} to ${at(r.endedAt ?? r.window.until)}` : '';
  const review =
    r.review?.state === 'reviewed'
      ? `; reviewed: ${r.review.verdict}`
      : r.review
        ? '; review pending'
        : '';
  return {
    when: at(r.requestedAt),
    what: `${who(r.requester)}, ${what} for ${r.minutes} min: ${outcome}${window}${review}. Reason: “${r.reason}”`,
  };
}

/** Who touched a customer's devices: their own viewers and approvers may ask, as may MSP staff. */
export const accessHistory = defineCommand({
  name: 'sessions',
  summary: 'who asked for remote access to a customer, who answered, and when',
  usage: 'sessions [customer]',
  examples: ['sessions acme'],
  args: {
    positional: ['customer?'],
    schema: z.object({ customer: z.string().toLowerCase().optional() }).strict(),
  },
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
      `${title}:\n${entries.map((e) => `• ${e.when}: ${e.what}`).join('\n')}`,
      { private: true },
    );
  },
});
