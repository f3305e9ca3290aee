import type { Place } from '../core/invocation';
import type { Reply } from '../core/reply';
import type { AuditRecord } from '../core/audit';
import type { Person } from '../core/person';
import { nameOf as who, utc as at } from '../core/wording';

/**
 * Runbook section 5 as data: a technician's access to a customer's devices, asked for and
 * answered (a remote session) or taken in an emergency (break-glass) and reviewed afterwards.
 *
 *   remote:       requested → approved | denied | expired | cancelled;  approved → ended
 *   pre-approved: granted → ended            (unattended access, or during a break-glass)
 *   break-glass:  granted → ended;           review: pending → reviewed
 */
export type AccessState =
  'requested' | 'approved' | 'denied' | 'expired' | 'cancelled' | 'granted' | 'ended';

const NEXT: Record<AccessState, readonly AccessState[]> = {
  requested: ['approved', 'denied', 'expired', 'cancelled'],
  approved: ['ended'],
  granted: ['ended'],
  denied: [],
  expired: [],
  cancelled: [],
  ended: [],
};

export interface RemoteSession {
  via: 'action1' | 'meshcentral';
  /** Action1 session id, or MeshCentral share public id. */
  ref: string;
  /** The MeshCentral node the share is on (needed to remove it). */
  nodeId?: string;
  url: string;
}

/** A recording the remote tool kept of a session (MeshCentral, when its recording is on). */
export interface SessionRecording {
  file: string;
  startedAt?: string;
  seconds?: number;
  /** Opens for someone signed in to the tool with the right to see recordings. */
  url: string;
}

/** One copy of the living card, to redraw when the state changes. */
export interface CardCopy {
  place: Place;
  messageId: string;
  /** Why this copy is no longer redrawn (its message or channel is gone), when it isn't. */
  gaveUp?: string;
}

/** Side effects waiting to happen, kept in the record so a crash loses none of them. */
export type Chore =
  | { kind: 'card'; place: Place }
  | { kind: 'notice'; place: Place; reply: Reply }
  | { kind: 'audit'; entry: AuditRecord }
  | { kind: 'start-session' }
  | { kind: 'end-session' }
  | { kind: 'recordings' }
  | { kind: 'ticket' };

export interface PendingChore {
  id: string;
  chore: Chore;
  attempts: number;
  notBefore?: string;
  /** Taken by an instance at this time; others leave it alone for the lease. */
  takenAt?: string;
  lastError?: string;
}

export interface Review {
  state: 'pending' | 'reviewed';
  verdict?: 'justified' | 'not-justified';
  comment?: string;
  by?: Person;
  at?: string;
  remindedAt?: string;
  escalatedAt?: string;
  ticketId?: number;
}

export interface AccessRequest {
  id: string;
  kind: 'remote' | 'break-glass';
  customer: string;
  device?: { id: string; name: string };
  reason: string;
  minutes: number;
  requester: Person;
  /** Where it was asked: the technician hears back there when no private place is known. */
  askedIn: Place;
  state: AccessState;
  /** Why it needed no approval. */
  preApproved?: 'unattended' | 'break-glass';
  requestedAt: string;
  /** Escalation steps already taken: 0 none, then secondary approvers, then MSP admins. */
  escalations: number;
  remindedAt?: string;
  decision?: { by: Person; at: string; note?: string };
  /** When access began and when it ends (approved or granted). */
  window?: { from: string; until: string };
  session?: RemoteSession;
  endedAt?: string;
  /** What the remote tool recorded of the session, once looked up after it ended. */
  recordings?: SessionRecording[];
  review?: Review;
  copies: CardCopy[];
  chores: PendingChore[];
  /** The card copies show an older state. */
  redraw: boolean;
}

/** A transition that can't happen, with the words to tell the person why. */
export class AccessRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AccessRefusal';
  }
}

/** Why a request in this state can't move any more, in words for the person who clicked. */
export function settled(r: AccessRequest): string {
  const by = r.decision ? ` by ${who(r.decision.by)} at ${at(r.decision.at)}` : '';
  switch (r.state) {
    case 'approved':
    case 'granted':
      return `It was already approved${by}.`;
    case 'denied':
      return `It was already denied${by}.`;
    case 'expired':
      return `It expired unanswered at ${at(r.endedAt ?? r.requestedAt)}; nothing was approved. The technician can ask again.`;
    case 'cancelled':
      return `It was cancelled${by}.`;
    case 'ended':
      return `The session already ended at ${at(r.endedAt ?? r.requestedAt)}.`;
    default:
      return 'It is still waiting for an answer.';
  }
}

/** The one way a request changes state: allowed moves only, else an AccessRefusal. */
export function move(r: AccessRequest, to: AccessState): AccessRequest {
  if (!NEXT[r.state].includes(to)) throw new AccessRefusal(settled(r));
  return { ...r, state: to, redraw: true };
}

export const isOpen = (r: AccessRequest) =>
  r.state === 'requested' ||
  r.state === 'approved' ||
  r.state === 'granted' ||
  r.chores.length > 0 ||
  r.redraw ||
  r.review?.state === 'pending';
