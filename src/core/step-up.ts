import type { CommandContext } from './command';
import type { Grants } from './roles';
import type { AuditOutcome } from './audit';
import type { IdentityPort, PendingAct } from './identity-link';
import { cardReply, textReply, type Reply } from './reply';

export interface StepUpSettings {
  identity?: IdentityPort;
  stepUpMinutes?: number;
  demo?: boolean;
}

/**
 * Step-up: a privileged act needs a sign-in with MFA within the window. Without one the person
 * gets a sign-in card; the act is kept with the sign-in and finished once they are back.
 * Returns undefined when the act may go ahead.
 */
export async function holdForStepUp(
  settings: StepUpSettings,
  ctx: CommandContext,
  privileged: boolean,
  then: PendingAct,
): Promise<{ outcome: AuditOutcome; detail: string; reply: Reply } | undefined> {
  if (!privileged) return undefined;
  const windowMs = (settings.stepUpMinutes ?? 15) * 60_000;
  const signIn = ctx.grants.identity.signIn;
  if (signIn?.mfa && ctx.now.getTime() - signIn.at.getTime() <= windowMs) return undefined;
  if (!settings.identity) {
    if (settings.demo) return undefined;
    const text =
      'This needs a recent sign-in with MFA, and Entra ID sign-in is not set up on this bot. Ask an MSP admin.';
    return {
      outcome: 'denied',
      detail: 'step-up needed but sign-in is not set up',
      reply: textReply(text, { private: true }),
    };
  }
  const url = await settings.identity.signInLink(ctx.actor, ctx.place, then);
  const why = `This needs a sign-in with MFA in the last ${windowMs / 60_000} minutes. Sign in and I will finish it for you; no need to ask again.`;
  const detail = signIn
    ? signIn.mfa
      ? 'sign-in too old'
      : 'sign-in without MFA'
    : 'not signed in';
  return {
    outcome: 'step-up',
    detail,
    reply: cardReply('sign-in', { url, why }, `${why} ${url}`, { private: true }),
  };
}

/**
 * Someone the bot cannot place yet (a Slack account never signed in, or signed out): rather than
 * only "not allowed", a sign-in card, with what they asked for kept and run for them once they
 * are back, under the roles their sign-in brings (checked again then).
 */
export async function signInFirst(
  identity: IdentityPort,
  ctx: Pick<CommandContext, 'actor' | 'place'>,
  grants: Grants,
  what: string,
  then: PendingAct,
): Promise<{ outcome: AuditOutcome; detail: string; reply: Reply }> {
  const url = await identity.signInLink(ctx.actor, ctx.place, then);
  const state =
    grants.identity.needsSignIn === 'expired'
      ? 'Your sign-in has expired'
      : 'You have not signed in yet';
  const why = `${state}, so I don't know your roles and can't ${what} for you. Sign in with Microsoft and I will do it straight after, no need to ask again (\`/msp login\` signs you in any time).`;
  return {
    outcome: 'denied',
    detail: grants.identity.needsSignIn === 'expired' ? 'sign-in expired' : 'not signed in',
    reply: cardReply('sign-in', { url, why }, `${why} ${url}`, { private: true }),
  };
}
