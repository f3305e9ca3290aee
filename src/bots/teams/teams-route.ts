import express, { type Request, type Response, type Router } from 'express';
import {
  authorizeJWT,
  CloudAdapter,
  getAuthConfigWithDefaults,
  type AuthConfiguration,
  type TurnContext,
  type WebResponse,
} from '@microsoft/agents-hosting';
import type { Store } from '../../core/store';
import type { Log } from '../../core/ports';
import { isFirstDelivery } from '../../core/redelivery';
import { newCorrelationId } from '../../core/ids';
import type { InFlight } from '../../in-flight';
import type { TeamsBot } from './teams-bot';
import { inboundActivity } from './teams-inbound';
import { WorkQueue } from '../../work-queue';

export interface TeamsSettings {
  appId?: string;
  password?: string;
  tenantId?: string;
  authority: string;
}

/**
 * With an app id, every activity must carry a Bot Framework JWT whose signature, audience and
 * issuer check out (issuer validation is off in the SDK by default; we turn it on). Without one,
 * the SDK's anonymous local mode applies, which config refuses in production.
 */
export function teamsAuthConfig(settings: TeamsSettings): AuthConfiguration {
  if (!settings.appId) return {};
  // The SDK fills in issuers and the connection map; the adapter and the JWT check share the result.
  return getAuthConfigWithDefaults({
    clientId: settings.appId,
    clientSecret: settings.password,
    tenantId: settings.tenantId,
    authority: settings.authority,
    validateIssuer: true,
  });
}

export function createTeamsAdapter(auth: AuthConfiguration, log: Log): CloudAdapter {
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    const reference = newCorrelationId();
    log.error({ err: error, correlationId: reference }, 'teams turn failed');
    if (context.activity.type !== 'message') return;
    try {
      await context.sendActivity(`Something went wrong on our side. Reference: ${reference}`);
    } catch (sendError) {
      log.warn(
        { err: sendError, correlationId: reference },
        'could not tell the Teams user about the failure',
      );
    }
  };
  return adapter;
}

export function teamsRouter(deps: {
  auth: AuthConfiguration;
  adapter: CloudAdapter;
  bot: TeamsBot;
  store: Store;
  inFlight: InFlight;
  log: Log;
}): Router {
  const router = express.Router();
  // Messages are accepted at once and worked through a bounded number at a time (see WorkQueue).
  const queue = new WorkQueue(64, Number.MAX_SAFE_INTEGER);
  router.post(
    '/api/messages',
    // Authenticate before reading the body: an unauthenticated caller learns nothing from it.
    authorizeJWT(deps.auth) as unknown as express.RequestHandler,
    express.json({ limit: '1mb' }),
    (req: Request, res: Response) => {
      handle(req, res).catch((err: unknown) => {
        const correlationId = newCorrelationId();
        deps.log.error({ err, correlationId }, 'teams request failed');
        if (!res.headersSent) res.status(500).json({ error: 'internal error', correlationId });
      });
    },
  );
  return router;

  async function handle(req: Request, res: Response) {
    const activity = inboundActivity.safeParse(req.body);
    if (!activity.success) {
      const where = activity.error.issues[0];
      res.status(400).json({
        error:
          `not a Bot Framework activity: ${where?.path.join('.') || 'body'} ${where?.message ?? ''}`.trim(),
      });
      return;
    }
    const { id, conversation } = activity.data;
    if (id && !(await isFirstDelivery(deps.store, 'teams', `${conversation.id}:${id}`))) {
      deps.log.info({ activityId: id }, 'teams redelivery ignored');
      res.status(200).json(activity.data.type === 'invoke' ? alreadyHandled : {});
      return;
    }
    const turn = (context: TurnContext) => deps.bot.run(context);
    if (activity.data.type === 'message') {
      // Messages are answered through the connector, not in this HTTP response: accept at once
      // so a slow Action1 never makes Teams time out and redeliver.
      res.status(202).end();
      await deps.inFlight.track(
        queue.run(() => deps.adapter.process(req, detachedResponse(), turn)),
      );
      return;
    }
    await deps.inFlight.track(deps.adapter.process(req, res, turn));
  }
}

/** Where the SDK writes a message turn's (empty) HTTP answer once we have already sent ours. */
function detachedResponse(): WebResponse {
  const response: WebResponse = {
    headersSent: true,
    writableEnded: true,
    status: () => response,
    setHeader: () => response,
    send: () => response,
    end: () => response,
  };
  return response;
}

const alreadyHandled = {
  statusCode: 200,
  type: 'application/vnd.microsoft.activity.message',
  value: 'Already done: this click was delivered twice.',
};
