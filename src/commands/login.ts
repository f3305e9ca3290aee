import { z } from 'zod';
import { defineCommand } from './services';
import { cardReply, textReply } from '../core/reply';

const NOT_SET_UP =
  'Sign-in with Entra ID is not set up on this bot (ENTRA_CLIENT_ID, ENTRA_CLIENT_SECRET, ENTRA_TENANT_ID).';

export const login = defineCommand({
  name: 'login',
  summary: 'sign in with your Microsoft (Entra ID) account',
  usage: 'login',
  examples: ['login'],
  args: { schema: z.object({}).strict() },
  access: { who: 'anyone' },
  run: async (ctx) => {
    if (!ctx.identity) return textReply(NOT_SET_UP, { private: true });
    const url = await ctx.identity.signInLink(ctx.actor, ctx.place);
    return cardReply(
      'sign-in',
      { url, why: 'Sign in once to link this chat account to your Entra ID account.' },
      `Sign in: ${url}`,
      { private: true },
    );
  },
});

export const logout = defineCommand({
  name: 'logout',
  summary: 'forget the link between this chat account and your Entra ID account',
  usage: 'logout',
  examples: ['logout'],
  args: { schema: z.object({}).strict() },
  access: { who: 'anyone' },
  run: async (ctx) => {
    if (!ctx.identity) return textReply(NOT_SET_UP, { private: true });
    const had = await ctx.identity.signOut(ctx.actor);
    return textReply(
      had
        ? 'Signed out: this chat account is no longer linked to an Entra ID account.'
        : 'You were not signed in.',
      { private: true },
    );
  },
});
