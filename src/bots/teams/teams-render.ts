import { CardFactory, MessageFactory } from '@microsoft/agents-hosting';
import type { Reply } from '../../core/reply';
import type { CardTemplates } from '../../cards/card-templates';

/** A channel-neutral reply as a Teams message activity: text, or the Adaptive Card as is. */
export function teamsActivity(reply: Reply, cards: CardTemplates) {
  if (reply.kind === 'text') return MessageFactory.text(reply.text);
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(cards.render(reply)));
  activity.summary = reply.summary.slice(0, 200);
  return activity;
}

/** The personal chat the bot has with this Entra user, when it has seen one. */
export const teamsPersonalKey = (aadObjectId: string) => `teams-personal:${aadObjectId}`;
export const teamsConversationKey = (conversationId: string) =>
  `teams:conversation:${conversationId}`;
