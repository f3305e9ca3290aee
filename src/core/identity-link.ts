import type { Actor, Place } from './invocation';

/** A chat user bound to an Entra identity by signing in (the Slack link; Teams step-up). */
export interface IdentityLink {
  tid: string;
  oid: string;
  upn: string;
  name?: string;
  /** How they signed in: ["pwd","mfa"] means with MFA. */
  amr: string[];
  roles: string[];
  groups: string[];
  signedInAt: string;
  /**
   * When the person last authenticated at the identity provider (the token's auth_time), which
   * MFA freshness is measured from: a sign-in page answered from an old SSO session is not a new
   * MFA. Unset when the provider did not say (then no MFA counts as recent).
   */
  authTime?: string;
}

export const identityKey = (actor: Pick<Actor, 'channel' | 'userId'>) =>
  `identity:${actor.channel}:${actor.userId}`;

/** What the identity side offers commands (login, logout, step-up); absent when not set up. */
export interface IdentityPort {
  /** A one-time sign-in link for this person; `then` is run for them once they are back. */
  signInLink(actor: Actor, place: Place, then?: PendingAct): Promise<string>;
  signOut(actor: Actor): Promise<boolean>;
}

/** A privileged act held back until its requester has signed in with MFA. */
export type PendingAct =
  | { kind: 'command'; text: string; place: import('./invocation').Place }
  | {
      kind: 'action';
      verb: string;
      data: Record<string, unknown>;
      place: import('./invocation').Place;
    };

export const MFA_METHODS = ['mfa'];

/** Called after a person signs in: say so, then finish what was held back for the sign-in. */
export type AfterSignIn = (
  actor: Actor,
  place: Place,
  link: IdentityLink,
  then?: PendingAct,
) => Promise<void>;
