import { z } from 'zod';
import { defineCardAction, defineCommand, type CommandContext } from './services';
import { roleNames } from '../core/roles';
import { cardReply, type Reply } from '../core/reply';

function signInText(ctx: CommandContext): string {
  const signIn = ctx.grants.identity.signIn;
  if (!signIn) return 'no (type “login” when you need to)';
  return `${ctx.grants.identity.upn ?? 'yes'}, ${signIn.at.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${signIn.mfa ? 'with MFA' : 'without MFA'}`;
}

function scopeText(ctx: CommandContext): string {
  const { customer, from } = ctx.scope;
  if (!customer) return 'none (an MSP conversation)';
  const name = ctx.customers.find((c) => c.id === customer)?.name ?? customer;
  return `${name} (${from === 'channel' ? 'this channel is bound to it' : 'your tenant is theirs'})`;
}

function identityCard(ctx: CommandContext): Reply {
  const roles = roleNames(ctx.grants);
  const channel = ctx.actor.channel === 'teams' ? 'Microsoft Teams' : 'Slack';
  const facts = [
    { title: 'Name', value: ctx.actor.displayName ?? '(not given)' },
    { title: 'Channel', value: channel },
    {
      title: ctx.actor.channel === 'teams' ? 'Entra tenant' : 'Slack workspace',
      value: ctx.actor.tenantId ?? '(unknown)',
    },
    {
      title: ctx.actor.channel === 'teams' ? 'Entra object id' : 'Slack user',
      value: ctx.actor.userId,
    },
    { title: 'Entra identity', value: ctx.grants.identity.entraObjectId ?? 'not linked' },
    { title: 'Roles', value: roles.length > 0 ? roles.join(', ') : 'none (ask an MSP admin)' },
    { title: 'Identity from', value: ctx.grants.identity.source },
    { title: 'Signed in', value: signInText(ctx) },
    { title: 'Customer here', value: scopeText(ctx) },
  ];
  const summary = facts.map((f) => `${f.title}: ${f.value}`).join('\n');
  return cardReply('whoami', { facts, checkedAt: ctx.now.toISOString() }, summary, {
    private: true,
  });
}

export const whoami = defineCommand({
  name: 'whoami',
  summary: 'who I think you are, and what you may do',
  usage: 'whoami',
  examples: ['whoami'],
  args: { schema: z.object({}).strict() },
  access: { who: 'anyone' },
  run: async (ctx) => identityCard(ctx),
});

export const whoamiRefreshButton = defineCardAction({
  verb: 'whoami.refresh',
  data: z.object({}),
  access: { who: 'anyone' },
  run: async (ctx) => identityCard(ctx),
});
