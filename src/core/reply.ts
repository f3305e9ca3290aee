/**
 * A channel-neutral answer. Bots render it: Teams sends the Adaptive Card as is, Slack gets Block
 * Kit converted from the same card. Commands never build channel payloads themselves.
 */
export type Reply = TextReply | CardReply;

interface ReplyBase {
  /** Only the asker should see it (Slack ephemeral; Teams answers in the same turn). */
  private?: boolean;
  /** A handler turning the request down records it so in the audit trail (default: ok). */
  refused?: 'denied' | 'invalid';
  /**
   * The card is a form that sends its inputs to `submitVerb`: Slack shows it as a modal (its own
   * submit button), Teams as the card with its Action.Execute button.
   */
  form?: { title: string; submitVerb: string; submitLabel: string };
  /** Per-input messages for a form sent back with mistakes (Slack shows them on the modal). */
  fieldErrors?: Record<string, string>;
  /** Demo mode: the persona the asker is acting as, named on the answer. */
  actingAs?: string;
}

export interface TextReply extends ReplyBase {
  kind: 'text';
  text: string;
}

export interface CardReply extends ReplyBase {
  kind: 'card';
  /** File name under cards/ without `.json`. */
  template: string;
  data: Record<string, unknown>;
  /** Shown in notifications and wherever cards can't be drawn. */
  summary: string;
}

export const textReply = (text: string, options: ReplyBase = {}): TextReply => ({
  kind: 'text',
  text,
  ...options,
});

export const cardReply = (
  template: string,
  data: Record<string, unknown>,
  summary: string,
  options: ReplyBase = {},
): CardReply => ({ kind: 'card', template, data, summary, ...options });
