import type { App } from '@slack/bolt';
import type { ConversationReference } from '@microsoft/agents-activity';
import type { TurnContext } from '@microsoft/agents-hosting';
import type { Place } from '../core/invocation';
import type { Reply } from '../core/reply';
import type { Store } from '../core/store';
import type { ChannelPoster } from '../core/ports';
import type { CardTemplates } from '../cards/card-templates';
import { renderForSlack } from './slack/slack-render';
import { teamsActivity, teamsConversationKey } from './teams/teams-render';

export type TeamsProactive = (
  reference: ConversationReference,
  send: (context: TurnContext) => Promise<void>,
) => Promise<void>;

/**
 * Posts on the bot's own initiative and redraws what it posted: Slack through the Web API
 * (chat.postMessage / chat.update), Teams through the stored conversation reference (send /
 * update activity). The same card template in both.
 */
export class ChatPoster implements ChannelPoster {
  constructor(
    private readonly deps: {
      slack?: App;
      teams: TeamsProactive;
      cards: CardTemplates;
      store: Store;
    },
  ) {}

  async post(place: Place, reply: Reply): Promise<string> {
    if (place.channel === 'slack') {
      const res = await this.slack().chat.postMessage({
        channel: place.conversationId,
        ...renderForSlack(reply, this.deps.cards),
      });
      return String(res.ts);
    }
    let id = '';
    await this.deps.teams(await this.reference(place), async (context) => {
      id = (await context.sendActivity(teamsActivity(reply, this.deps.cards)))?.id ?? '';
    });
    return id;
  }

  async update(place: Place, messageId: string, reply: Reply): Promise<void> {
    if (place.channel === 'slack') {
      await this.slack().chat.update({
        channel: place.conversationId,
        ts: messageId,
        ...renderForSlack(reply, this.deps.cards),
      });
      return;
    }
    await this.deps.teams(await this.reference(place), async (context) => {
      const activity = teamsActivity(reply, this.deps.cards);
      activity.id = messageId;
      await context.updateActivity(activity);
    });
  }

  private slack() {
    if (!this.deps.slack) throw new Error('Slack is not configured: no Slack client to post with');
    return this.deps.slack.client;
  }

  private async reference(place: Place): Promise<ConversationReference> {
    const stored = await this.deps.store.get(teamsConversationKey(place.conversationId));
    if (!stored)
      throw new Error(
        `no Teams conversation reference for ${place.conversationId}: the bot must be installed there`,
      );
    return JSON.parse(stored.value) as ConversationReference;
  }
}
