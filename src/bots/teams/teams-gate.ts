import type { Log } from '../../core/ports';
import type { IncomingMessage } from 'node:http';
import { OutboundHostValidator } from '@microsoft/agents-hosting';
import type { TeamsDoorMode } from '../../config/config';

/** What an unauthenticated local Teams (a Playground on this machine) may be answered at. */
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/**
 * Where the bot may send Teams traffic (replies, proactive posts, card updates). Authenticated, the
 * Bot Framework's own hosts plus any the MSP names for a sovereign cloud; in local mode only this
 * machine, so an unauthenticated caller can't make the bot post somewhere else.
 */
export function teamsServiceHosts(mode: TeamsDoorMode, extra: string[]): OutboundHostValidator {
  return new OutboundHostValidator({
    enabled: true,
    includeDefaultMicrosoftHosts: mode === 'authenticated',
    hosts: mode === 'authenticated' ? extra : [...LOOPBACK_HOSTS, ...extra],
  });
}

/**
 * A request from this machine that no proxy forwarded. A reverse proxy on the same host makes
 * every caller look local, so a forwarding header is taken as "not from here".
 */
export function isFromThisMachine(req: IncomingMessage): boolean {
  const forwarded = req.headers['x-forwarded-for'] ?? req.headers.forwarded;
  if (forwarded) return false;
  const address = req.socket.remoteAddress ?? '';
  return /^(127\.|::1$|::ffff:127\.)/.test(address);
}

/** The token's serviceurl claim names the host the activity says to answer at. */
export function serviceUrlMatchesToken(claims: unknown, serviceUrl: string): boolean {
  const claim = (claims as { serviceurl?: unknown } | undefined)?.serviceurl;
  if (typeof claim !== 'string') return false;
  try {
    return new URL(claim).hostname.toLowerCase() === new URL(serviceUrl).hostname.toLowerCase();
  } catch {
    return false;
  }
}

/** Says at start which Teams door this bot has: a warning unless it is the authenticated one. */
export function logTeamsDoor(mode: TeamsDoorMode, log: Log): void {
  (mode === 'authenticated' ? log.info : log.warn).call(
    log,
    { teamsDoor: mode },
    describeTeamsDoor(mode),
  );
}

/** The startup log line: which Teams door this bot has. */
function describeTeamsDoor(mode: TeamsDoorMode): string {
  switch (mode) {
    case 'authenticated':
      return 'Teams: every activity must carry a Bot Framework token whose serviceurl matches';
    case 'loopback':
      return 'Teams: UNAUTHENTICATED local mode, served only to requests from this machine (demo or TEAMS_UNAUTHENTICATED_LOCAL=1)';
    case 'closed':
      return 'Teams: closed. TEAMS_APP_ID is not set, so /api/messages refuses every request';
  }
}
