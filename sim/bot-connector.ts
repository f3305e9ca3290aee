import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { sendJson, Simulator, type RecordedRequest } from './recording-server';

export interface ConnectorActivity {
  /** 'send' (POST) or 'update' (PUT). */
  kind: 'send' | 'update';
  conversationId: string;
  /** The id in the URL: replyToId for a send, the updated activity for an update. */
  activityId?: string;
  activity: Record<string, unknown>;
  authorization?: string;
}

/**
 * The Bot Connector service a Teams bot answers through (the activity's serviceUrl). Accepts
 * both send forms (/activities and /activities/{replyToId}), updates (PUT), new conversations,
 * and member lookups, and records every activity.
 */
export class BotConnectorSim extends Simulator {
  readonly members = new Map<string, Record<string, unknown>>();
  /** Sends and updates refused with 429 for going over Teams' per-conversation limits. */
  readonly throttled: { conversationId: string; at: number }[] = [];
  /** When each conversation was sent to (or updated), for the limits. */
  private readonly sent = new Map<string, number[]>();

  /** The activities that arrived (sends and updates it refused on purpose are left out). */
  get activities(): ConnectorActivity[] {
    return this.server.requests
      .filter((r) => r.refused === undefined)
      .map(toActivity)
      .filter((a): a is ConnectorActivity => a !== undefined);
  }

  async waitForActivity(
    match: (a: ConnectorActivity) => boolean,
    timeoutMs?: number,
  ): Promise<ConnectorActivity> {
    const req = await this.server.waitFor((r) => {
      if (r.refused !== undefined) return false;
      const a = toActivity(r);
      return a !== undefined && match(a);
    }, timeoutMs);
    return toActivity(req) as ConnectorActivity;
  }

  /** Counts this send; true when it would go over a limit (then it is not counted). */
  private overLimit(conversationId: string, at: number): boolean {
    const times = (this.sent.get(conversationId) ?? []).filter((t) => t > at - 3_600_000);
    const over = TEAMS_LIMITS.some(
      ([sends, windowMs]) => times.filter((t) => t > at - windowMs).length >= sends,
    );
    if (!over) times.push(at);
    this.sent.set(conversationId, times);
    return over;
  }

  protected serve(req: RecordedRequest, res: ServerResponse): void {
    const path = req.path.split('?')[0] ?? '';
    if (req.method === 'POST' && path === '/v3/conversations') {
      return sendJson(res, 201, { id: `conv-${randomUUID()}`, activityId: randomUUID() });
    }
    const member = /^\/v3\/conversations\/([^/]+)\/members\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && member) {
      const found = this.members.get(decodeURIComponent(member[2] ?? ''));
      return found
        ? sendJson(res, 200, found)
        : sendJson(res, 404, { error: { code: 'MemberNotFound', message: 'member not found' } });
    }
    const activity = toActivity(req);
    if (!activity)
      return sendJson(res, 404, {
        error: { code: 'NotFound', message: `no route ${req.method} ${path}` },
      });
    if (typeof activity.activity.type !== 'string') {
      return sendJson(res, 400, {
        error: { code: 'BadArgument', message: 'activity.type is required' },
      });
    }
    if (this.overLimit(activity.conversationId, req.at)) {
      // Refused, not delivered: kept apart from the activities that arrived.
      this.throttled.push({ conversationId: activity.conversationId, at: req.at });
      this.server.requests.splice(this.server.requests.indexOf(req), 1);
      return sendJson(res, 429, { error: { code: 'Throttled', message: 'too many requests' } });
    }
    return sendJson(res, activity.kind === 'send' ? 201 : 200, {
      id: activity.activityId && activity.kind === 'update' ? activity.activityId : randomUUID(),
    });
  }
}

/**
 * Teams' documented limits for a bot in one conversation: 7/1 s, 8/2 s, 60/30 s, 1,800/h, past
 * which it answers 429 (Microsoft Learn, "Optimize your bot with rate limiting in Teams").
 */
const TEAMS_LIMITS = [
  [7, 1_000],
  [8, 2_000],
  [60, 30_000],
  [1_800, 3_600_000],
] as const;

function toActivity(req: RecordedRequest): ConnectorActivity | undefined {
  const path = req.path.split('?')[0] ?? '';
  const m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
  if (!m || (req.method !== 'POST' && req.method !== 'PUT')) return undefined;
  if (req.method === 'PUT' && !m[2]) return undefined;
  return {
    kind: req.method === 'PUT' ? 'update' : 'send',
    conversationId: decodeURIComponent(m[1] ?? ''),
    activityId: m[2] ? decodeURIComponent(m[2]) : undefined,
    activity: (req.body ?? {}) as Record<string, unknown>,
    authorization: req.headers.authorization,
  };
}
