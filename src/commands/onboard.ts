import { z } from 'zod';
import { defineCardAction, defineCommand, type CommandContext } from './services';
import { cardReply, textReply, type Reply } from '../core/reply';
import { visibleTo } from '../core/roles';
import { checkSheet } from '../onboarding/onboarding';
import { onboardingForm } from '../onboarding/onboarding-card';
import type { Changed, OnboardingDesk } from '../onboarding/onboarding-desk';
import { personOf } from './remote';
import { CUSTOMER_ONLY } from './customer-lookup';

const techOnly = { who: 'msp', minimum: 'tech' } as const;

const desk = (ctx: CommandContext): OnboardingDesk => {
  if (!ctx.onboarding) throw new Error('onboarding is not wired');
  return ctx.onboarding;
};
const fleetCustomers = (ctx: CommandContext) =>
  visibleTo(ctx.grants, ctx.customers).filter((c) => c.fleetId);

/** `onboard [customer]`: the form. Starting happens when it is sent back complete and sane. */
export const onboard = defineCommand({
  name: 'onboard',
  summary: 'onboard a new device: a form, then the eight runbook steps on one card',
  usage: 'onboard [customer]',
  examples: ['onboard acme'],
  args: CUSTOMER_ONLY,
  access: techOnly,
  run: (ctx, args) =>
    Promise.resolve(
      onboardingForm(fleetCustomers(ctx), { customer: args.customer ?? ctx.scope.customer }),
    ),
});

const text = z.string().trim().max(200).optional();

export const onboardStartButton = defineCardAction({
  verb: 'onboard.start',
  data: z.object({ customer: text, hostname: text, user: text, os: text, location: text }),
  access: techOnly,
  async run(ctx, data) {
    const customers = fleetCustomers(ctx);
    const errors = checkSheet(
      data,
      customers.map((c) => c.id),
    );
    // Errors go back on the form itself, with what was typed kept.
    if (Object.keys(errors).length > 0)
      return { ...onboardingForm(customers, data, errors), refused: 'invalid' };
    const customer = customers.find((c) => c.id === data.customer);
    const { onboarding: o, already } = await desk(ctx).start(
      data.customer ?? '',
      {
        hostname: (data.hostname ?? '').toUpperCase(),
        user: data.user ?? '',
        os: data.os ?? '',
        location: data.location ?? '',
      },
      personOf(ctx),
      ctx.place,
      ctx.now,
    );
    const name = customer?.name ?? o.customer;
    // A card, so that in Teams it takes the form's place: the form cannot be sent twice.
    return cardReply(
      'onboard-started',
      {
        title: already
          ? `Onboarding ${o.sheet.hostname} for ${name} is already under way`
          : `Onboarding ${o.sheet.hostname} for ${name} has started`,
        facts: [
          { title: 'Device', value: `${o.sheet.hostname}, ${o.sheet.os}` },
          { title: 'Main user', value: o.sheet.user },
          { title: 'Location', value: o.sheet.location },
          { title: 'Reference', value: o.id },
        ],
        note: 'Its progress card follows in this conversation; the install link comes to you privately.',
      },
      `Onboarding ${o.sheet.hostname} for ${name} ${already ? 'is already under way' : 'has started'} (${o.id}); its progress card follows in this conversation.`,
    );
  },
});

const idData = z.object({ id: z.string().regex(/^ob-[0-9a-f]{12}$/, 'not an onboarding id') });
const answer = (r: Changed, done: string): Reply =>
  r.ok ? textReply(done) : textReply(r.message, { private: true, refused: 'invalid' });

export const onboardRetryButton = defineCardAction({
  verb: 'onboard.retry',
  data: idData,
  access: techOnly,
  run: async (ctx, data) => answer(await desk(ctx).retry(data.id), 'Retrying the failed step.'),
});

export const onboardConfirmRemoteButton = defineCardAction({
  verb: 'onboard.confirm-remote',
  data: idData,
  access: techOnly,
  run: async (ctx, data) =>
    answer(
      await desk(ctx).confirmRemote(data.id, personOf(ctx), ctx.now),
      'Remote control confirmed; carrying on.',
    ),
});

export const onboardCancelButton = defineCardAction({
  verb: 'onboard.cancel',
  data: idData,
  access: techOnly,
  run: async (ctx, data) =>
    answer(await desk(ctx).cancel(data.id), 'Onboarding cancelled; nothing more will be done.'),
});
