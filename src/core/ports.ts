/** Small ports the kernel and features need from the outside world; app/ builds the real ones. */
import type { ChatChannel, Place } from './invocation';
import type { Reply } from './reply';

export interface Log {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface Telemetry {
  observe(sample: {
    channel: ChatChannel;
    command: string;
    outcome: string;
    seconds: number;
  }): void;
}

/** Posts into a channel on the bot's own initiative, and redraws what it posted. */
export interface ChannelPoster {
  /**
   * Returns the message id (Slack ts, Teams activity id) for later updates. `postId` marks the
   * message so that, after a crash, `find` can tell whether it went out.
   */
  post(place: Place, reply: Reply, postId?: string): Promise<string>;
  update(place: Place, messageId: string, reply: Reply): Promise<void>;
  /** The id of a message posted with this postId since then, where the channel can tell. */
  find?(place: Place, postId: string, since: Date): Promise<string | undefined>;
}

/** Why a post failed, as far as delivery needs to know. */
export class PostFailure extends Error {
  constructor(
    message: string,
    /** Not worth retrying in this channel (removed, archived, no access). */
    readonly permanent: boolean,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'PostFailure';
  }
}

/** Where work is recorded (HaloPSA): enough to open a ticket for an alert. */
export interface TicketDesk {
  openTicket(ticket: { clientId: number; summary: string; details: string }): Promise<number>;
}
