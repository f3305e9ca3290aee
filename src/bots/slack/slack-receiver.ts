import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App, Receiver } from '@slack/bolt';
import type { Store } from '../../core/store';
import type { Log } from '../../core/ports';
import type { InFlight } from '../../http/in-flight';
import { BUSY, firstTimeHere, parseHttpBody } from './slack-gate';
import type { WorkQueue } from '../../http/work-queue';
import { readBody, sendEmpty, sendJson, sendText, type Door } from '../../http/door';

/**
 * Our own Bolt receiver on /slack/events: verifies the signature and the 5-minute timestamp
 * window, rejects malformed bodies with 400 before anything runs, drops Slack retries of work we
 * already took, then hands the request to Bolt. Bolt's listeners ack first and work after.
 */
export class SlackReceiver implements Receiver, Door {
  readonly path = '/slack/events';
  private app?: App;

  constructor(
    private readonly signingSecret: string,
    private readonly store: Store,
    private readonly inFlight: InFlight,
    private readonly log: Log,
    private readonly queue: WorkQueue,
    /** Hosts a response_url may name besides hooks.slack.com. */
    private readonly responseHosts: readonly string[],
  ) {}

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // The raw bytes: the signature covers exactly what Slack sent.
    const raw = (await readBody(req, 1024 * 1024)).toString('utf8');
    const problem = this.verify(raw, req);
    if (problem) {
      this.log.warn({ problem, ip: req.socket.remoteAddress }, 'slack request refused');
      sendJson(res, 401, { error: problem });
      return;
    }
    const parsed = parseHttpBody(raw, req.headers['content-type'], this.responseHosts);
    if ('problem' in parsed) {
      this.log.warn({ problem: parsed.problem }, 'slack request refused: malformed');
      sendJson(res, 400, { error: parsed.problem });
      return;
    }
    if ('challenge' in parsed) {
      sendJson(res, 200, { challenge: parsed.challenge });
      return;
    }
    // Slash commands and button clicks are answered through response_url, so their ack carries
    // nothing: send it before any store work, well inside Slack's 3 seconds.
    const earlyAck = parsed.body.command !== undefined || parsed.body.type === 'block_actions';
    if (parsed.body.command !== undefined && this.queue.full) {
      // Flooded: say so at once rather than accept work we'd finish too late to matter.
      this.log.warn({}, 'slack command refused: the bot is at capacity');
      this.queue.refused('slack');
      sendJson(res, 200, { response_type: 'ephemeral', text: BUSY });
      return;
    }
    if (earlyAck) sendEmpty(res, 200);
    await this.inFlight.track(
      earlyAck
        ? this.queue.run(() => this.serveOnce(parsed, req, res, earlyAck))
        : this.serveOnce(parsed, req, res, earlyAck),
    );
  }

  private async serveOnce(
    parsed: { body: Record<string, unknown>; deliveryKey?: string },
    req: IncomingMessage,
    res: ServerResponse,
    earlyAck: boolean,
  ) {
    if (!(await firstTimeHere(this.store, this.log, parsed.deliveryKey))) {
      if (!earlyAck) sendEmpty(res, 200);
      return;
    }
    await this.dispatch(parsed.body, req, res, earlyAck);
  }

  /**
   * Slack's v0 signature: HMAC-SHA256 of `v0:<timestamp>:<body>` under the signing secret. Ours,
   * not Bolt's verifySlackRequest: that one only refuses old timestamps, and its comparison
   * (tsscmp) draws random bytes for every request, the largest single cost of an ack under load.
   */
  private verify(raw: string, req: IncomingMessage): string | undefined {
    const signature = req.headers['x-slack-signature'];
    const stamp = req.headers['x-slack-request-timestamp'];
    const timestamp = Number(stamp);
    if (typeof signature !== 'string' || typeof stamp !== 'string' || !Number.isFinite(timestamp))
      return 'missing Slack signature headers';
    // A request "from the future" is a forgery or a clock far off, and either way it could be
    // replayed later: refuse both directions.
    if (Math.abs(Date.now() / 1000 - timestamp) > 5 * 60)
      return 'request timestamp is more than 5 minutes away from now';
    const expected = Buffer.from(
      `v0=${createHmac('sha256', this.signingSecret).update(`v0:${stamp}:${raw}`).digest('hex')}`,
    );
    const given = Buffer.from(signature);
    const matches = given.length === expected.length && timingSafeEqual(given, expected);
    return matches ? undefined : 'signature does not match';
  }

  private async dispatch(
    body: Record<string, unknown>,
    req: IncomingMessage,
    res: ServerResponse,
    alreadyAcked: boolean,
  ): Promise<void> {
    if (!this.app) throw new Error('SlackReceiver used before Bolt initialised it');
    let acked = alreadyAcked;
    const ack = async (response?: unknown) => {
      if (acked) return;
      acked = true;
      if (response === undefined || response === '') sendEmpty(res, 200);
      else if (typeof response === 'string') sendText(res, 200, response);
      else sendJson(res, 200, response);
    };
    const retry = Number(req.headers['x-slack-retry-num']);
    const work = this.app.processEvent({
      body,
      ack,
      retryNum: Number.isFinite(retry) ? retry : undefined,
      retryReason:
        typeof req.headers['x-slack-retry-reason'] === 'string'
          ? req.headers['x-slack-retry-reason']
          : undefined,
    });
    try {
      await work;
    } catch (err) {
      this.log.error({ err }, 'slack listener failed');
    } finally {
      if (!acked) await ack(); // nothing listened (an event we don't handle): still a valid request
    }
  }
}
