import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { defineCardAction, defineCommand, type CommandContext } from './services';
import { cardReply, textReply, type Reply } from '../core/reply';
import { driftLines, inLine } from '../policy/drift';
import { POLICY_GROUP } from '../policy/desired';
import type { PolicyDesk, PolicyCustomer } from '../policy/policy-desk';
import { findCustomer } from './customer-lookup';

const PLAN_TTL_MS = 15 * 60_000;
const planKey = (id: string) => `policy-plan:${id}`;

export const policyDesk = (ctx: CommandContext): PolicyDesk => {
  if (!ctx.policy) throw new Error('policy is not wired');
  return ctx.policy;
};
const customerOf = (ctx: CommandContext, id: string): PolicyCustomer => {
  const c = ctx.customers.find((x) => x.id === id);
  if (!c) throw new Error(`unknown customer ${id}`);
  return c;
};

function showPolicy(ctx: CommandContext, c: PolicyCustomer): Reply {
  const p = policyDesk(ctx).policyFor(c);
  const own = (key: string) =>
    c.policyOverrides && key in c.policyOverrides ? ' (customer exception)' : '';
  const facts = [
    {
      title: 'OS updates',
      value: `weekly, ${p.osUpdates.day} ${p.osUpdates.time} UTC${p.osUpdates.reboot ? ', reboot if required' : ', no reboot'}${own('osUpdates')}`,
    },
    {
      title: 'Third-party apps',
      value: `daily ${p.thirdPartyUpdatesDaily} UTC: ${p.thirdPartyApps.join(', ')}${own('thirdPartyApps')}`,
    },
    {
      title: 'Critical patches',
      value: `within ${p.criticalPatchWithinHours} h${own('criticalPatchWithinHours')}`,
    },
    {
      title: 'Defender signatures',
      value: `daily ${p.defenderSignaturesDaily} UTC${own('defenderSignaturesDaily')}`,
    },
    {
      title: 'Disk cleanup, temp purge, event-log trim',
      value: `weekly, ${p.housekeeping.day} ${p.housekeeping.time} UTC${own('housekeeping')}`,
    },
    {
      title: 'Offline devices',
      value: `retried for ${p.offlineRetryHours} h; alert after ${p.offlineAlertMinutes} min${own('offlineRetryHours')}`,
    },
    { title: 'Targets', value: `Action1 group "${POLICY_GROUP}" (every managed device)` },
  ];
  return cardReply(
    'policy',
    { title: `Standard patch policy: ${c.name}`, facts, lines: [], pending: false, plan: '' },
    `Standard patch policy for ${c.name}`,
  );
}

export const policy = defineCommand({
  name: 'policy',
  summary: 'the standard patch policy: show it, compare Action1 with it, or apply it',
  usage: 'policy show|drift|apply <customer>',
  examples: ['policy show acme', 'policy drift acme', 'policy apply acme'],
  args: {
    positional: ['action', 'customer'],
    schema: z
      .object({
        action: z.enum(['show', 'drift', 'apply'], { message: 'say show, drift or apply' }),
        customer: z.string().toLowerCase(),
      })
      .strict(),
  },
  access: { who: 'msp', minimum: 'tech' },
  async run(ctx, args) {
    const found = findCustomer(ctx, args.customer);
    if (!found.ok) return found.reply;
    const c = customerOf(ctx, found.value.id);
    if (args.action === 'show') return showPolicy(ctx, c);
    if (args.action === 'apply' && !ctx.grants.mspAdmin)
      return textReply(
        'Only MSP admins apply the policy; techs can `policy show` and `policy drift`.',
        {
          private: true,
          refused: 'denied',
        },
      );
    const drift = await policyDesk(ctx).drift(c);
    const lines = driftLines(drift, POLICY_GROUP);
    if (inLine(drift))
      return textReply(
        `Action1 is in line with the standard patch policy for ${c.name}. Nothing to change.`,
        {
          private: true,
        },
      );
    if (args.action === 'drift')
      return cardReply(
        'policy',
        { title: `Policy drift: ${c.name}`, facts: [], lines, pending: false, plan: '' },
        `${c.name}: ${lines.length} difference(s) from the policy`,
      );
    const plan = randomBytes(9).toString('base64url');
    await ctx.store.set(planKey(plan), JSON.stringify({ customer: c.id, by: ctx.actor.userId }), {
      ttlMs: PLAN_TTL_MS,
    });
    return cardReply(
      'policy',
      {
        title: `Apply the standard patch policy to ${c.name}?`,
        facts: [],
        lines,
        pending: true,
        plan,
      },
      `Apply the policy to ${c.name}: ${lines.length} change(s)`,
      { private: true },
    );
  },
});

const planData = z.object({ plan: z.string().regex(/^[\w-]{12}$/, 'not a policy plan') });
const adminOnly = { who: 'msp', minimum: 'msp-admin' } as const;

export const policyApplyButton = defineCardAction({
  verb: 'policy.apply',
  data: planData,
  access: adminOnly,
  privileged: () => true,
  async run(ctx, data) {
    const stored = await ctx.store.get(planKey(data.plan));
    // Taking the plan away first makes a double click apply once.
    const taken =
      !!stored &&
      stored.value !== 'used' &&
      (await ctx.store.compareAndSet(planKey(data.plan), stored.version, 'used', {
        ttlMs: PLAN_TTL_MS,
      }));
    if (!stored || !taken)
      return textReply(
        'This confirmation has expired or was used already. Run `policy apply` again.',
        { private: true },
      );
    const { customer } = JSON.parse(stored.value) as { customer: string };
    const c = customerOf(ctx, customer);
    const done = await policyDesk(ctx).apply(c);
    // The customer's devices read again now, so answers after the change are current.
    if (c.fleetId && done.length > 0)
      await ctx.fleetReads?.endpoints(c.fleetId, { live: true }).catch(() => undefined);
    return cardReply(
      'policy',
      {
        title: `Standard patch policy applied to ${c.name}`,
        facts: [],
        lines: done.length > 0 ? done : ['Nothing needed changing.'],
        pending: false,
        plan: '',
      },
      `Policy applied to ${c.name}: ${done.length} change(s)`,
    );
  },
});

export const policyCancelButton = defineCardAction({
  verb: 'policy.cancel',
  data: planData,
  access: adminOnly,
  async run(ctx, data) {
    await ctx.store.delete(planKey(data.plan));
    return textReply('Cancelled: nothing was changed in Action1.', { private: true });
  },
});
