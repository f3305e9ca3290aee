import type { Dispatch } from '../core/dispatcher';
import type { Inbound } from '../core/inbound';
import { textReply } from '../core/reply';
import { MFA_METHODS, type AfterSignIn } from '../core/identity-link';
import type { Notifier } from './notifier';

/**
 * After a sign-in: say so in chat, then finish what was held back for it (step-up), with the
 * same checks as ever: the act goes through the dispatcher again, as the signed-in person.
 */
export function resumeAfterSignIn(deps: {
  inbound: Inbound;
  dispatcher: Dispatch;
  notifier: Notifier;
}): AfterSignIn {
  return async (actor, place, link, then) => {
    const mfa = link.amr.some((m) => MFA_METHODS.includes(m)) ? ' with MFA' : ' (without MFA)';
    await deps.notifier.tell(
      actor,
      place,
      textReply(`Signed in as ${link.upn}${mfa}.`, { private: true }),
    );
    if (!then) return;
    const tell = (reply: Parameters<typeof deps.notifier.tell>[2]) =>
      deps.notifier.tell(actor, then.place, reply);
    if (then.kind === 'command') {
      const invocation = await deps.inbound.command(actor, then.place, then.text);
      invocation.replyLater = tell;
      await tell(await deps.dispatcher.invoke(invocation));
    } else {
      const click = await deps.inbound.action(actor, then.place, then.verb, then.data);
      click.replyLater = tell;
      await tell(await deps.dispatcher.act(click));
    }
  };
}
