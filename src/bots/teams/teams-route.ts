import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  authorizeJWT,
  CloudAdapter,
  getAuthConfigWithDefaults,
  type OutboundHostValidator,
  type AuthConfiguration,
  type TurnContext,
  type WebResponse,
} from '@microsoft/agents-hosting';
import type { Store } from '../../core/store';
import type { Log } from '../../core/ports';
import { isFirstDelivery } from '../../core/redelivery';
import { newCorrelationId } from '../../core/ids';
import type { InFlight } from '../../http/in-flight';
import type { TeamsBot } from './teams-bot';
import { inboundActivity } from './teams-inbound';
import type { WorkQueue } from '../../http/work-queue';
import { readBody, sendEmpty, sendJson, sendText, type Door } from '../../http/door';
import type { TeamsDoorMode } from '../../config/config';
import { isFromThisMachine, serviceUrlMatchesToken } from './teams-gate';

export interface TeamsSettings {
  appId?: string;
  password?: string;
  tenantId?: string;
  authority: string;
}

/**
 * With an app id, every activity must carry a Bot Framework JWT whose signature, audience and
 * issuer check out (issuer validation is off in the SDK by default; we turn it on). Without one the
 * door is closed or loopback-only (teamsDoorMode); the SDK's own anonymous mode is never used.
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

export function createTeamsAdapter(
  auth: AuthConfiguration,
  log: Log,
  /** Every outbound call (reply, proactive post, update) is checked against it by the SDK. */
  serviceHosts: OutboundHostValidator,
): CloudAdapter {
  const adapter = new CloudAdapter(
    auth,
    undefined,
    undefined,
    { validateServiceUrl: true },
    serviceHosts,
  );
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

const BUSY_SECONDS = 60;

/**
 * /api/messages, served as a door (before express). Every activity is authenticated before its
 * body is read; messages are accepted at once and worked through a bounded number at a time
 * (WorkQueue). Flooded past that, a message is refused with 503 and Retry-After before anything
 * is recorded, so a redelivery or the same message sent again later runs normally. There is no
 * cheap way to tell the person in chat (that would be a connector call per refused message, the
 * very load we are shedding); how Teams shows a refused message is not confirmed on a live tenant.
 */
export function teamsDoor(deps: {
  mode: TeamsDoorMode;
  serviceHosts: OutboundHostValidator;
  auth: AuthConfiguration;
  adapter: CloudAdapter;
  bot: TeamsBot;
  store: Store;
  inFlight: InFlight;
  log: Log;
  queue: WorkQueue;
}): Door {
  const { queue } = deps;
  const authorize = authorizeJWT(deps.auth);
  return { path: '/api/messages', serve };

  /** Whether this caller may be served, decided before the body is read; false once refused. */
  async function caller(
    req: IncomingMessage,
    res: ServerResponse,
    request: SdkRequest,
  ): Promise<boolean> {
    const refuse = (status: number, error: string) => {
      req.resume();
      sendJson(res, status, { error });
      return false;
    };
    if (deps.mode === 'closed')
      return refuse(
        503,
        'Teams is not set up on this bot: TEAMS_APP_ID is not set, so Teams requests cannot be authenticated',
      );
    if (deps.mode === 'loopback') {
      if (!isFromThisMachine(req))
        return refuse(
          403,
          'Teams runs unauthenticated here (local mode), so only requests from this machine are served',
        );
      if (req.headers.authorization)
        return refuse(401, 'local mode cannot check a token: set TEAMS_APP_ID to use tokens');
      request.user = { name: 'anonymous' };
      return true;
    }
    let authenticated = false;
    // The JWT check leaves the caller's claims on the request; the adapter reads them from there.
    await authorize(request, webResponse(res), () => (authenticated = true));
    if (!authenticated) req.resume();
    return authenticated;
  }

  async function serve(req: IncomingMessage, res: ServerResponse) {
    const request: SdkRequest = { headers: req.headers, method: req.method };
    const web = webResponse(res);
    // Authenticate before reading the body: an unauthenticated caller learns nothing from it.
    if (!(await caller(req, res, request))) return;
    const body = await readJson(req);
    if (body === undefined) {
      sendJson(res, 400, { error: 'body is not valid JSON' });
      return;
    }
    const activity = inboundActivity.safeParse(body);
    if (!activity.success) {
      const where = activity.error.issues[0];
      sendJson(res, 400, {
        error:
          `not a Bot Framework activity: ${where?.path.join('.') || 'body'} ${where?.message ?? ''}`.trim(),
      });
      return;
    }
    const { serviceUrl } = activity.data;
    // Checked here as well as in the SDK: a message is accepted (202) before the SDK sees it.
    if (!deps.serviceHosts.isAllowed(serviceUrl)) {
      deps.log.warn(
        { serviceUrl },
        'teams activity refused: serviceUrl is not a Bot Framework host',
      );
      sendJson(res, 400, { error: 'serviceUrl is not a host this bot answers Teams at' });
      return;
    }
    if (deps.mode === 'authenticated' && !serviceUrlMatchesToken(request.user, serviceUrl)) {
      deps.log.warn({ serviceUrl }, 'teams activity refused: serviceUrl differs from the token');
      sendJson(res, 403, {
        error: 'serviceUrl does not match the serviceurl the token was issued for',
      });
      return;
    }
    const isMessage = activity.data.type === 'message';
    if (isMessage && queue.full) {
      deps.log.warn({}, 'teams message refused: the bot is at capacity');
      queue.refused('teams');
      res.setHeader('Retry-After', String(BUSY_SECONDS));
      sendJson(res, 503, { error: 'at capacity: nothing was done, try again in a minute' });
      return;
    }
    const { id, conversation } = activity.data;
    if (id && !(await isFirstDelivery(deps.store, 'teams', `${conversation.id}:${id}`))) {
      deps.log.info({ activityId: id }, 'teams redelivery ignored');
      sendJson(res, 200, activity.data.type === 'invoke' ? alreadyHandled : {});
      return;
    }
    request.body = body as Record<string, unknown>;
    const turn = (context: TurnContext) => deps.bot.run(context);
    if (isMessage) {
      // Messages are answered through the connector, not in this HTTP response: accept at once
      // so a slow Action1 never makes Teams time out and redeliver.
      sendEmpty(res, 202);
      await deps.inFlight.track(
        queue.run(() => deps.adapter.process(request, detachedResponse(), turn)),
      );
      return;
    }
    await deps.inFlight.track(deps.adapter.process(request, web, turn));
  }
}

type SdkRequest = Parameters<CloudAdapter['process']>[0];

/** A JSON body as express.json read it: only when it says it is JSON; undefined when it isn't valid. */
async function readJson(req: IncomingMessage): Promise<unknown> {
  const raw = await readBody(req, 1024 * 1024);
  if (raw.length === 0 || !/\bjson\b/i.test(req.headers['content-type'] ?? '')) return {};
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** The SDK's response interface over Node's own response. */
function webResponse(res: ServerResponse): WebResponse {
  const web: WebResponse = {
    get headersSent() {
      return res.headersSent;
    },
    get writableEnded() {
      return res.writableEnded;
    },
    status(code) {
      res.statusCode = code;
      return web;
    },
    setHeader(name, value) {
      res.setHeader(name, value);
      return web;
    },
    // The SDK's JWT check sends without ending; the adapter sends and then ends: send finishes.
    send(body) {
      if (res.writableEnded) return web;
      if (typeof body === 'string' || Buffer.isBuffer(body))
        sendText(res, res.statusCode, String(body));
      else sendJson(res, res.statusCode, body);
      return web;
    },
    end() {
      if (!res.writableEnded) sendEmpty(res, res.statusCode);
      return web;
    },
  };
  return web;
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
