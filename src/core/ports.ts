/** Small ports core needs from the outside world; main.ts wires the real ones. */
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
  /** Returns the message id (Slack ts, Teams activity id) for later updates. */
  post(place: Place, reply: Reply): Promise<string>;
  update(place: Place, messageId: string, reply: Reply): Promise<void>;
}
