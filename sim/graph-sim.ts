import type { ServerResponse } from 'node:http';
import { sendJson, Simulator, type RecordedRequest } from './recording-server';

export interface GraphUser {
  accountEnabled: boolean;
  /** Groups the user is in, directly or through nested groups. */
  groups: string[];
}

const PAGE = 2;

/**
 * The Microsoft Graph calls the bot makes, app-only: a user's accountEnabled and transitive
 * group membership (paged with @odata.nextLink), with Graph's error envelope.
 */
export class GraphSim extends Simulator {
  readonly users = new Map<string, GraphUser>();

  protected serve(req: RecordedRequest, res: ServerResponse): void {
    const url = new URL(req.path, this.url);
    if (!/^Bearer \S+/.test(req.headers.authorization ?? '')) {
      return sendJson(res, 401, {
        error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.' },
      });
    }
    const m = /^\/v1\.0\/users\/([^/]+)(\/transitiveMemberOf)?$/.exec(url.pathname);
    const user = m ? this.users.get(decodeURIComponent(m[1] ?? '')) : undefined;
    if (!m || req.method !== 'GET')
      return sendJson(res, 400, {
        error: { code: 'BadRequest', message: `Unsupported ${req.method} ${url.pathname}` },
      });
    if (!user)
      return sendJson(res, 404, {
        error: { code: 'Request_ResourceNotFound', message: `Resource '${m[1]}' does not exist.` },
      });
    if (!m[2]) return sendJson(res, 200, { id: m[1], accountEnabled: user.accountEnabled });
    const skip = Number(url.searchParams.get('$skiptoken') ?? 0);
    const value = user.groups
      .slice(skip, skip + PAGE)
      .map((id) => ({ '@odata.type': '#microsoft.graph.group', id }));
    const next = new URL(url);
    next.searchParams.set('$skiptoken', String(skip + PAGE));
    sendJson(res, 200, {
      value,
      ...(skip + PAGE < user.groups.length && { '@odata.nextLink': next.toString() }),
    });
  }
}
