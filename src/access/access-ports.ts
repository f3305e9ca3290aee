import type { Place } from '../core/invocation';
import type { AuditTrail } from '../core/audit';
import type { ChannelPoster, Log, TicketDesk } from '../core/ports';
import type { AccessRecords } from './access-records';
import type { RemoteSession, SessionRecording } from './access-request';
import type { Person } from '../core/person';

/**
 * Who hears about an access request, as places to post in. The chat side knows how to reach a
 * person privately (a Slack DM, a Teams personal chat the bot has seen); the access feature
 * only asks.
 */
export interface AccessAudiences {
  /** The customer's approvals channels and, privately, each of its approvers. */
  approvers(customer: string): Promise<Place[]>;
  /** Privately, the customer's secondary approvers (the first escalation). */
  secondaryApprovers(customer: string): Promise<Place[]>;
  /** The MSP admins' channel (or the MSP's default channel). */
  adminChannel(): Promise<Place[]>;
  /** Privately, each MSP admin but the one named (a reviewer must not be the requester). */
  adminsPrivately(except?: Person): Promise<Place[]>;
  /** The customer's own channels for access news (approvals, else alerts subscriptions). */
  customerChannels(customer: string): Promise<Place[]>;
  /** Where to tell this person something only they may see; undefined if nowhere is known. */
  privately(person: Person): Promise<Place | undefined>;
}

/** A device as the remote-access side needs it. */
export interface RemoteTarget {
  orgId: string;
  deviceId: string;
  deviceName: string;
  /** The customer's MeshCentral device groups; without any, the fallback is not used. */
  meshGroups: readonly string[];
}

/** Starts and ends remote sessions: Action1 first, MeshCentral as the fallback. */
export interface RemoteSessions {
  start(target: RemoteTarget, until: Date, guest: string): Promise<RemoteSession>;
  /** Makes the link stop working (removes a MeshCentral share); a no-op where there is none. */
  end(session: RemoteSession): Promise<void>;
  /**
   * The recordings the tool kept of this session between from and to; undefined where the tool
   * records nothing (Action1's API offers no recordings; MeshCentral only when recording is on).
   */
  recordings?(
    session: RemoteSession,
    from: Date,
    to: Date,
  ): Promise<SessionRecording[] | undefined>;
}

/** The session can't be opened and trying again won't help (device unknown, refused). */
export class SessionRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SessionRefused';
  }
}

/** What the keeper works with: the records, who hears what, the chat, sessions, audit, tickets. */
export interface KeeperDeps {
  records: AccessRecords;
  audiences: AccessAudiences;
  poster: ChannelPoster;
  sessions: RemoteSessions;
  audit: AuditTrail;
  tickets?: TicketDesk;
  log: Log;
  clock?: () => Date;
  /** A chore taken longer ago than this by an instance that went quiet is taken over. */
  leaseMs?: number;
}
