/** Small ports core needs from the outside world; main.ts wires the real ones. */
import type { ChatChannel } from './invocation';

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
