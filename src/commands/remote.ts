import { z } from 'zod';
import { defineCommand, type CommandContext } from './services';
import { textReply, type Reply } from '../core/reply';
import type { AccessDesk } from '../access/access-desk';
import type { Person } from '../core/person';
import { answerDeadline } from '../access/access-timeline';
import { localTime } from '../core/wording';
import { findRemoteTarget, unattendedFor } from './remote-target';
import { findCustomer } from './customer-lookup';

const techOnly = { who: 'msp', minimum: 'tech' } as const;
const minutes = z.coerce.number().int().min(5, 'at least 5 minutes').optional();

/** The person acting, as access records keep them: chat identity plus Entra id. */
export const personOf = (ctx: CommandContext): Person => ({
  channel: ctx.actor.channel,
  userId: ctx.actor.userId,
  // The signed-in account name where there is one: chat display names are the person's to pick.
  displayName: ctx.grants.identity.upn ?? ctx.actor.displayName,
  entraObjectId: ctx.grants.identity.entraObjectId,
});

export const deskOf = (ctx: CommandContext): AccessDesk => {
  if (!ctx.access) throw new Error('remote access is not wired');
  return ctx.access;
};

function tooLong(wanted: number, max: number): Reply | undefined {
  if (wanted <= max) return undefined;
  return textReply(`--minutes: at most ${max} minutes (remoteAccess.maxSessionMinutes).`, {
    private: true,
    refused: 'invalid',
  });
}

export const remote = defineCommand({
  name: 'remote',
  summary: "ask the customer's approvers for a remote session to a device",
  usage: 'remote <device> [reason…] [--minutes N] [--customer <customer>]',
  examples: ['remote ACME-LT-042 Outlook crashes at start --minutes 30'],
  args: {
    positional: ['device'],
    rest: 'reason',
    schema: z
      .object({
        device: z.string().min(1).max(100),
        reason: z.string().max(300).optional(),
        minutes,
        customer: z.string().toLowerCase().optional(),
      })
      .strict(),
  },
  access: techOnly,
  async run(ctx, args) {
    const desk = deskOf(ctx);
    const wanted = args.minutes ?? desk.settings.sessionMinutes;
    const refusal = tooLong(wanted, desk.settings.maxSessionMinutes);
    if (refusal) return refusal;
    const found = await findRemoteTarget(ctx, args.device, args.customer);
    if (!found.ok) return found.reply;
    const { customer, device } = found.value;
    const rules = desk.customer(customer.id);
    const me = personOf(ctx);
    const glass = await desk.activeBreakGlass(customer.id, ctx.now, me);
    const preApproved = glass
      ? ('break-glass' as const)
      : rules && (await unattendedFor(ctx, found.value, rules.unattended))
        ? ('unattended' as const)
        : undefined;
    const r = await desk.requestRemote({
      requester: me,
      askedIn: ctx.place,
      customer: customer.id,
      device: { id: device.id, name: device.name },
      reason: args.reason ?? 'no reason given',
      minutes: wanted,
      preApproved,
      now: ctx.now,
    });
    if (preApproved) {
      const why =
        preApproved === 'unattended'
          ? `${customer.name} pre-approved unattended access to it`
          : 'your break-glass for this customer is on';
      return textReply(
        `Granted at once for ${wanted} minutes: ${why}. I am opening the session and will send you the link privately. (${r.id})`,
        { private: true },
      );
    }
    const asked = r.chores.filter((c) => c.chore.kind === 'card').length;
    const deadline = answerDeadline(r, desk.settings, desk.hasSecondary(customer.id));
    const expires = `Unanswered, the request expires ${localTime(deadline, customer.timezone, ctx.now)}. (${r.id})`;
    if (asked === 0)
      return textReply(
        `${customer.name} has no approvers or approvals channel I can reach, so nobody there was asked; the MSP admins' channel gets the request in ${desk.settings.answerMinutes} minutes. (An admin can fix this with \`subscribe ${customer.id} approvals\` in the customer's channel.) ${expires}`,
        { private: true },
      );
    return textReply(
      `I asked ${customer.name}'s approvers (${asked} place${asked === 1 ? '' : 's'}) for ${wanted} minutes on ${device.name}. You will hear back when they answer. ${expires}`,
      { private: true },
    );
  },
});

export const breakGlass = defineCommand({
  name: 'break-glass',
  summary: 'emergency access to a customer at once: announced, time-bound, reviewed afterwards',
  usage: 'break-glass <customer> <reason…> [--minutes N]',
  examples: ['break-glass acme ransomware note on the file server --minutes 60'],
  args: {
    positional: ['customer'],
    rest: 'reason',
    schema: z
      .object({
        customer: z.string().toLowerCase(),
        reason: z.string().min(10, 'say why, in a few words (at least 10 characters)').max(300),
        minutes,
      })
      .strict(),
  },
  access: techOnly,
  privileged: () => true,
  async run(ctx, args) {
    const desk = deskOf(ctx);
    const wanted = args.minutes ?? desk.settings.breakGlassMinutes;
    const refusal = tooLong(wanted, desk.settings.maxSessionMinutes);
    if (refusal) return refusal;
    const found = findCustomer(ctx, args.customer);
    if (!found.ok) return found.reply;
    const me = personOf(ctx);
    const already = await desk.activeBreakGlass(found.value.id, ctx.now, me);
    if (already?.window)
      return textReply(
        `Your break-glass for ${found.value.name} is already on until ${localTime(already.window.until, found.value.timezone, ctx.now)} (${already.id}).`,
        { private: true },
      );
    const r = await desk.breakGlass({
      requester: me,
      askedIn: ctx.place,
      customer: found.value.id,
      reason: args.reason,
      minutes: wanted,
      now: ctx.now,
    });
    return textReply(
      `🚨 Break-glass for ${found.value.name} is on until ${localTime(r.window?.until ?? '', found.value.timezone, ctx.now)}. It is announced in the MSP admins' channel and ${found.value.name}'s channel, and another MSP admin will review it. Until then \`remote\` and any ${found.value.name} device opens at once for you. (${r.id})`,
      { private: true },
    );
  },
});
