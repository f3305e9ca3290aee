import { CardFactory, MessageFactory, type TurnContext } from '@microsoft/agents-hosting';
import type { ConversationReference } from '@microsoft/agents-activity';
import type { CardReply, Reply } from '../../core/reply';
import type { CardTemplates } from '../../cards/card-templates';
import { escapeCardText, teamsText } from './teams-text';

/** A channel-neutral reply as a Teams message activity: text, or the Adaptive Card as is. */
export function teamsActivity(reply: Reply, cards: CardTemplates) {
  if (reply.kind === 'text') return MessageFactory.text(teamsText(reply.text));
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(teamsCard(reply, cards)));
  // The summary shows in notifications and previews; it carries device names too: escaped.
  activity.summary = teamsText(reply.summary.slice(0, 200));
  return activity;
}

/** A card as Teams gets it: expanded, with person- and device-supplied text escaped. */
export const teamsCard = (reply: CardReply, cards: CardTemplates) =>
  escapeCardText(cards.render(reply));

/** The personal chat the bot has with this Entra user, when it has seen one. */
export const teamsPersonalKey = (aadObjectId: string) => `teams-personal:${aadObjectId}`;
export const teamsConversationKey = (conversationId: string) =>
  `teams:conversation:${conversationId}`;

/**
 * A conversation's address for posts of our own: the reference without the id of the message
 * it was taken from, which is not worth keeping (see `asNewMessages`).
 */
export function conversationAddress(reference: ConversationReference): ConversationReference {
  const address = { ...reference };
  delete address.activityId;
  return address;
}

/**
 * Makes what is sent in this (proactive) turn new messages rather than replies. The SDK marks
 * every proactive send as a reply to the turn's activity id, which is the remembered message's
 * id (in a personal chat: whatever the person first said to the bot) or a made-up one.
 */
export function asNewMessages(context: TurnContext): TurnContext {
  return context.onSendActivities(async (_context, activities, next) => {
    for (const activity of activities) delete activity.replyToId;
    return next();
  });
}
