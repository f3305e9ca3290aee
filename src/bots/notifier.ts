import type { App } from '@slack/bolt';
import type { ConversationReference } from '@microsoft/agents-activity';
import type { TurnContext } from '@microsoft/agents-hosting';
import type { Actor, Place } from '../core/invocation';
import type { Reply } from '../core/reply';
import type { Store } from '../core/store';
import type { Log } from '../core/ports';
import type { CardTemplates } from '../cards/card-templates';
import { renderForSlack } from './slack/slack-render';
import { teamsActivity, teamsConversationKey } from './teams/teams-render';

export interface NotifierDeps {
  slack?: App;
  teams: (
    reference: ConversationReference,
    send: (context: TurnContext) => Promise<void>,
  ) => Promise<void>;
  cards: CardTemplates;
  store: Store;
  log: Log;
}

/**
 * Tells one person something outside a request: after they signed in, or when a held-back act
 * has run. Slack: a direct message from the bot. Teams: the conversation they asked in.
 */
export class Notifier {
  constructor(private readonly deps: NotifierDeps) {}

  async tell(actor: Actor, place: Place, reply: Reply): Promise<void> {
    if (actor.channel === 'slack') {
      if (!this.deps.slack)
        return this.deps.log.warn({ actor: actor.userId }, 'no Slack client to notify');
      await this.deps.slack.client.chat.postMessage({
        channel: actor.userId,
        ...renderForSlack(reply, this.deps.cards),
      });
      return;
    }
    const stored = await this.deps.store.get(teamsConversationKey(place.conversationId));
    if (!stored)
      return this.deps.log.warn(
        { conversation: place.conversationId },
        'no Teams conversation to notify',
      );
    const reference = JSON.parse(stored.value) as ConversationReference;
    await this.deps.teams(
      reference,
      async (context) => void (await context.sendActivity(teamsActivity(reply, this.deps.cards))),
    );
  }
}
