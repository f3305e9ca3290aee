import type { App } from '@slack/bolt';
import type { Actor } from '../../core/invocation';

/** A Slack account's e-mail address (users.info), for matching it to an Entra sign-in. */
export const slackEmailOf =
  (app: App | undefined) =>
  async (actor: Actor): Promise<string | undefined> => {
    if (actor.channel !== 'slack' || !app) return undefined;
    const res = await app.client.users.info({ user: actor.userId });
    return res.user?.profile?.email;
  };
