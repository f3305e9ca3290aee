import { SocketModeReceiver, type App, type Receiver, type ReceiverEvent } from '@slack/bolt';
import type { Store } from '../../core/store';
import type { Log } from '../../core/ports';
import type { InFlight } from '../../http/in-flight';
import type { WorkQueue } from '../../http/work-queue';
import { BUSY, firstTimeHere, parseSocketPayload } from './slack-gate';

export interface SocketGateDeps {
  appToken: string;
  apiUrl?: string;
  store: Store;
  inFlight: InFlight;
  log: Log;
  queue: WorkQueue;
  responseHosts: readonly string[];
}

/**
 * Socket Mode with the same gate as the HTTP door: Bolt's SocketModeReceiver dials Slack and
 * acks envelopes, but what it hands on goes through our checks first (payload shape and
 * response_url, Slack's redeliveries, the work queue's capacity) before Bolt's listeners see it.
 * Slack authenticated the socket with the app token, so there is no signature to check.
 */
export class GatedSocketReceiver implements Receiver {
  private readonly inner: SocketModeReceiver;

  constructor(private readonly deps: SocketGateDeps) {
    this.inner = new SocketModeReceiver({
      appToken: deps.appToken,
      installerOptions: {
        clientOptions: deps.apiUrl ? { slackApiUrl: withSlash(deps.apiUrl) } : {},
      },
      // The envelope type says what the payload is meant to be; Bolt would drop it.
      customPropertiesExtractor: (args) => ({ envelopeType: args.type }),
    });
  }

  init(app: App): void {
    // The inner receiver hands every envelope to this stand-in, which gates it, then to the App.
    const gate = { processEvent: (event: ReceiverEvent) => this.admit(app, event) };
    this.inner.init(gate as unknown as App);
  }

  start(): Promise<unknown> {
    return this.inner.start();
  }

  stop(): Promise<unknown> {
    return this.inner.stop();
  }

  private async admit(app: App, event: ReceiverEvent): Promise<void> {
    const { log, queue } = this.deps;
    const type = (event.customProperties as { envelopeType?: string } | undefined)?.envelopeType;
    const parsed = parseSocketPayload(type, event.body, this.deps.responseHosts);
    if ('problem' in parsed) {
      // Acked so Slack does not send it again; nothing of it runs.
      log.warn({ problem: parsed.problem }, 'slack socket envelope refused: malformed');
      await event.ack();
      return;
    }
    if (!('body' in parsed)) return;
    const isCommand = parsed.body.command !== undefined;
    if (isCommand && queue.full) {
      log.warn({}, 'slack command refused: the bot is at capacity');
      queue.refused('slack');
      await event.ack({ response_type: 'ephemeral', text: BUSY });
      return;
    }
    const earlyAck = isCommand || parsed.body.type === 'block_actions';
    if (earlyAck) await event.ack();
    const work = async () => {
      if (!(await firstTimeHere(this.deps.store, log, parsed.deliveryKey))) {
        if (!earlyAck) await event.ack();
        return;
      }
      await app
        .processEvent({
          ...event,
          body: parsed.body,
          ack: earlyAck ? async () => undefined : event.ack,
          customProperties: {},
        })
        .catch((err: unknown) => log.error({ err }, 'slack listener failed'));
    };
    await this.deps.inFlight.track(earlyAck ? queue.run(work) : work());
  }
}

const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);
