import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * Slack's Socket Mode end: the WebSocket apps.connections.open points a bot at. Greets with
 * `hello`, sends envelopes ({envelope_id, type, payload, accepts_response_payload}) and records
 * the bot's acks ({envelope_id, payload}), as Slack's Socket Mode documentation describes.
 */
export class SlackSocketSim {
  private readonly server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  private socket?: WebSocket;
  private waiting: (() => void)[] = [];
  /** envelope id → the payload the bot acked it with ({} for a bare ack). */
  readonly acks = new Map<string, Record<string, unknown>>();

  constructor() {
    this.server.on('connection', (socket) => {
      this.socket = socket;
      socket.on('message', (data) => {
        const ack = JSON.parse(String(data)) as {
          envelope_id?: string;
          payload?: Record<string, unknown>;
        };
        if (ack.envelope_id) this.acks.set(ack.envelope_id, ack.payload ?? {});
      });
      socket.send(
        JSON.stringify({
          type: 'hello',
          num_connections: 1,
          debug_info: { host: 'slack-socket-sim' },
          connection_info: { app_id: 'A0SIMAPP' },
        }),
      );
      for (const resolve of this.waiting.splice(0)) resolve();
    });
  }

  async start(): Promise<string> {
    if (!this.server.address())
      await new Promise<void>((resolve) => this.server.once('listening', () => resolve()));
    return this.url;
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/link`;
  }

  connected(): Promise<void> {
    if (this.socket) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Sends one envelope; returns its id, under which the bot's ack is recorded. */
  send(type: 'slash_commands' | 'interactive' | 'events_api', payload: unknown): string {
    if (!this.socket) throw new Error('no bot connected to the Socket Mode simulator');
    const id = randomUUID();
    this.socket.send(
      JSON.stringify({
        envelope_id: id,
        type,
        payload,
        accepts_response_payload: type !== 'events_api',
        retry_attempt: 0,
        retry_reason: '',
      }),
    );
    return id;
  }

  /** Gives a bot that is disconnecting a moment to finish its close handshake, then closes. */
  async stop(): Promise<void> {
    await Promise.all(
      [...this.server.clients].map(
        (client) =>
          new Promise<void>((resolve) => {
            if (client.readyState === client.CLOSED) return resolve();
            const timer = setTimeout(() => {
              client.terminate();
              resolve();
            }, 1500);
            client.once('close', () => {
              clearTimeout(timer);
              resolve();
            });
          }),
      ),
    );
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
