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
}

/** Where the conversation happens: enough to answer there and to bind it to a customer. */
export interface Place {
  channel: ChatChannel;
  conversationId: string;
  /** personal chat vs. a shared channel: private replies need this. */
  kind: 'personal' | 'channel' | 'group';
}

export interface Invocation {
  actor: Actor;
  place: Place;
  /** The text after `/msp` (or the bot mention), as typed. */
  text: string;
  correlationId: string;
  receivedAt: Date;
}

/** A button click on one of our cards. `data` is untrusted input from the client. */
export interface CardAction {
  actor: Actor;
  place: Place;
  verb: string;
  data: Record<string, unknown>;
  correlationId: string;
  receivedAt: Date;
}
