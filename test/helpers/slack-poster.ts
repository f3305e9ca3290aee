import { App } from '@slack/bolt';
import type { SlackApiSim } from '../../sim/slack-api';
import { ChatPoster } from '../../src/bots/channel-poster';
import type { PaceLimit } from '../../src/bots/conversation-pace';
import { CardTemplates } from '../../src/cards/card-templates';
import type { Store } from '../../src/core/store';

/**
 * The bot's poster for proactive posts, on a real Bolt web client talking to the Slack
 * simulator (no Teams): what the alert benchmarks and the pacing tests post through.
 */
export function slackPoster(
  slack: SlackApiSim,
  token: string,
  store: Store,
  limits?: { slackUpdates?: readonly PaceLimit[] },
): ChatPoster {
  const app = new App({ token, signingSecret: 'x', clientOptions: { slackApiUrl: slack.apiUrl } });
  return new ChatPoster({
    slack: app,
    teams: async () => undefined,
    cards: new CardTemplates(),
    store,
    ...(limits && { limits }),
  });
}
