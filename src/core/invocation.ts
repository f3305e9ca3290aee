import type { Reply } from './reply';

/**
 * What reaches core from either chat channel, after the edge has verified and normalised it.
 * Nothing in here is trusted because a chat payload said so: the edge fills `actor` from the
 * verified request (Teams JWT / Slack signature), never from card data.
 */
export type ChatChannel = 'teams' | 'slack';

export interface Actor {
  channel: ChatChannel;
  /** Teams: the Entra object id (aadObjectId). Slack: the Slack user id. */
  userId: string;
  displayName?: string;
  /** Teams: the Entra tenant the activity came from. Slack: the Slack workspace (team) id. */
  tenantId?: string;
  /**
   * Demo mode only: this person is trying the bot as one of the config's role holders. The
   * actor is then that persona (its id, its roles); `realUserId` is who typed.
   */
  persona?: { key: string; label: string; realUserId: string };
}

/** Where the conversation happens: enough to answer there and to bind it to a customer. */
export interface Place {
  channel: ChatChannel;
  conversationId: string;
  /** personal chat vs. a shared channel: private replies need this. */
  kind: 'personal' | 'channel' | 'group';
}

/** One key per conversation, whatever the channel: for sets, maps and comparisons. */
export const placeKey = (p: Place) => `${p.channel}:${p.conversationId}`;
export const samePlace = (a: Place, b: Place) => placeKey(a) === placeKey(b);

/**
 * The customer a conversation is about, when it is about one: a channel bound to a customer, or
 * a customer's own Entra tenant. Commands use it as the default customer; it never widens access.
 */
export interface CustomerScope {
  customer?: string;
  from: 'channel' | 'tenant' | 'none';
}

/** How the edge posts a later answer into the same conversation (Slack response_url, Teams proactive). */
export type ReplyLater = (reply: Reply) => Promise<void>;

/** How the edge lets a later answer reach the asker: as a new message, or drawn over the first. */
export interface AnswerLater {
  replyLater?: ReplyLater;
  /**
   * Redraws the answer the edge sent for this request (Slack: response_url with
   * replace_original; Teams: updateActivity on the sent card), so "working on it" becomes the
   * result in place. Absent where the edge can't (an act resumed after sign-in).
   */
  updateAnswer?: ReplyLater;
}

export interface Invocation extends AnswerLater {
  actor: Actor;
  place: Place;
  scope: CustomerScope;
  /** The first word, lower-cased ("help" when nothing was typed). */
  command: string;
  /** Everything after the command word, as typed. */
  args: string;
  correlationId: string;
  receivedAt: Date;
}

/** A button click on one of our cards. `data` is untrusted input from the client. */
export interface CardAction extends AnswerLater {
  actor: Actor;
  place: Place;
  scope: CustomerScope;
  verb: string;
  data: Record<string, unknown>;
  correlationId: string;
  receivedAt: Date;
}
