import { z } from 'zod';
import { defineCommand, type CommandContext } from './services';
import { textReply } from '../core/reply';
import { Subscriptions, TOPICS, type Topic } from '../core/subscriptions';
import { closest } from '../core/typed-words';
import { count } from '../core/wording';
import { CUSTOMER_ONLY } from './customer-lookup';

const admins = { who: 'msp', minimum: 'msp-admin' } as const;

/** What each topic brings into the chat, in the words the confirmation uses. */
const TOPIC_WORDS: Record<Topic, string> = {
  alerts: 'alerts (devices offline or missing critical updates)',
  critical: 'critical alerts (devices missing critical updates, critical security alerts)',
  approvals: 'approvals (remote-session requests to answer)',
  reports: 'reports (the monthly hygiene report)',
  leadership: 'leadership summaries (quarterly reviews)',
};

function customerOf(ctx: CommandContext, typed: string) {
  const customer = ctx.customers.find((c) => c.id === typed);
  if (customer) return customer;
  const hint = closest(
    typed,
    ctx.customers.map((c) => c.id),
  );
  return textReply(
    `There is no customer \`${typed}\`.${hint ? ` Did you mean \`${hint}\`?` : ''}`,
    { private: true, refused: 'invalid' },
  );
}

export const subscribe = defineCommand({
  name: 'subscribe',
  summary: "bind this channel to a customer's alerts, approvals, reports or leadership summaries",
  usage: `subscribe <customer> <${TOPICS.join('|')}…>`,
  examples: ['subscribe acme alerts approvals', 'subscribe acme critical'],
  args: {
    positional: ['customer'],
    rest: 'topics',
    schema: z
      .object({ customer: z.string().toLowerCase(), topics: z.string().default('alerts') })
      .strict(),
  },
  access: admins,
  run: async (ctx, args) => {
    const customer = customerOf(ctx, args.customer);
    if ('kind' in customer) return customer;
    const words = args.topics
      .toLowerCase()
      .split(/[\s,]+/)
      .filter(Boolean);
    const unknown = words.filter((w) => !(TOPICS as readonly string[]).includes(w));
    if (unknown.length > 0)
      return textReply(
        `Unknown topic ${unknown.map((u) => `\`${u}\``).join(', ')}. Topics: ${TOPICS.join(', ')}.`,
        { private: true, refused: 'invalid' },
      );
    const topics = [...new Set(words)] as Topic[];
    await new Subscriptions(ctx.store).subscribe({
      customer: customer.id,
      place: ctx.place,
      topics,
      by: ctx.actor.displayName ?? ctx.actor.userId,
      at: ctx.now.toISOString(),
    });
    const what = topics.map((t) => TOPIC_WORDS[t]).join(', ');
    return textReply(
      `This chat now belongs to ${customer.name} and gets its ${what}. Commands here are about ${customer.name}: \`patch-status\` shows ${customer.name}, and no other customer's data is shown here (${customer.name}'s people may read along). \`unsubscribe ${customer.id}\` undoes this.`,
    );
  },
});

export const unsubscribe = defineCommand({
  name: 'unsubscribe',
  summary: 'stop posting a customer’s news (or every customer’s) in this channel',
  usage: 'unsubscribe [customer]',
  examples: ['unsubscribe acme', 'unsubscribe'],
  args: CUSTOMER_ONLY,
  access: admins,
  run: async (ctx, args) => {
    const { removed, remaining } = await new Subscriptions(ctx.store).unsubscribe(
      ctx.place,
      args.customer,
    );
    if (removed === 0) return textReply('This chat had no such subscription: nothing changed.');
    const left =
      remaining.length > 0
        ? `It still gets news of ${remaining.map((s) => s.customer).join(', ')}.`
        : 'It belongs to no customer any more: commands here ask which customer again.';
    return textReply(`Removed ${count(removed, 'subscription')} from this chat. ${left}`);
  },
});

export const subscriptions = defineCommand({
  name: 'subscriptions',
  summary: 'which channels get what, for every customer',
  usage: 'subscriptions',
  examples: ['subscriptions'],
  args: { schema: z.object({}).strict() },
  access: admins,
  run: async (ctx) => {
    const all = await new Subscriptions(ctx.store).all();
    if (all.length === 0)
      return textReply(
        'No channel is subscribed yet. In a channel, type `subscribe <customer> alerts`.',
        { private: true },
      );
    const lines = all.map(
      (s) =>
        `${s.customer}: ${s.topics.join(', ')} in ${s.place.channel} ${s.place.conversationId} (by ${s.by})`,
    );
    return textReply(lines.join('\n'), { private: true });
  },
});
