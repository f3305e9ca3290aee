import { randomBytes } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import type { ConfidentialClientApplication } from '@azure/msal-node';
import type { Actor, Place } from '../core/invocation';
import type { Log } from '../core/ports';
import type { Store } from '../core/store';
import {
  identityKey,
  type IdentityLink,
  type IdentityPort,
  type PendingAct,
} from '../core/identity-link';
import { takeOnce } from '../core/take-once';
import { OidcRoundTrip } from './oidc-round-trip';

const TEN_MINUTES = 10 * 60_000;

interface Ticket {
  actor: Actor;
  place: Place;
  then?: PendingAct;
}

export interface SignInDeps {
  store: Store;
  msal: ConfidentialClientApplication;
  publicUrl: string;
  /** Tenants whose people may link: the MSP's and the customers'. */
  tenantAllowed(tid: string): boolean;
  /**
   * The chat account's own e-mail address (Slack: users.info), to check that whoever signed in
   * is the person the link was made for, not someone a link was forwarded to.
   */
  chatEmail(actor: Actor): Promise<string | undefined>;
  /** Told when someone has linked, with what they asked for before signing in. */
  onSignedIn(actor: Actor, place: Place, link: IdentityLink, then?: PendingAct): Promise<void>;
  /** Sent as max_age, so the provider asks again (or says when it last did, in auth_time). */
  stepUpMinutes: number;
  /** How long a link lasts in the store. */
  signInDays: number;
  log: Log;
}

/**
 * Sign-in with Entra ID (authorization code + PKCE, confidential client). The chat link carries
 * a one-time ticket; state and nonce bind the round trip to that chat user and expire in 10
 * minutes; a replayed or tampered state finds nothing and changes nothing.
 */
export class SignIn implements IdentityPort {
  private readonly trip: OidcRoundTrip<Ticket>;

  constructor(private readonly deps: SignInDeps) {
    this.trip = new OidcRoundTrip<Ticket>({
      store: deps.store,
      msal: deps.msal,
      prefix: 'signin',
      redirectUri: `${deps.publicUrl}/auth/callback`,
    });
  }

  async signInLink(actor: Actor, place: Place, then?: PendingAct): Promise<string> {
    const ticket = randomBytes(18).toString('base64url');
    await this.deps.store.set(
      `signin:ticket:${ticket}`,
      JSON.stringify({ actor, place, then } satisfies Ticket),
      { ttlMs: TEN_MINUTES },
    );
    return `${this.deps.publicUrl}/auth/login?ticket=${ticket}`;
  }

  async signOut(actor: Actor): Promise<boolean> {
    const had = await this.deps.store.get(identityKey(actor));
    await this.deps.store.delete(identityKey(actor));
    return !!had;
  }

  router(): Router {
    const router = express.Router();
    router.get(
      '/auth/login',
      (req, res) => void this.login(req, res).catch((err: unknown) => this.fail(res, err)),
    );
    router.get(
      '/auth/callback',
      (req, res) => void this.callback(req, res).catch((err: unknown) => this.fail(res, err)),
    );
    return router;
  }

  private async login(req: Request, res: Response): Promise<void> {
    // One use only: a forwarded or replayed link finds nothing.
    const taken =
      typeof req.query.ticket === 'string'
        ? await takeOnce(this.deps.store, `signin:ticket:${req.query.ticket}`)
        : undefined;
    const ticket = taken === undefined ? undefined : (JSON.parse(taken) as Ticket);
    if (!ticket)
      return page(
        res,
        400,
        'This sign-in link has expired or was already used. Type “login” in chat for a new one.',
      );
    const url = await this.trip.begin(ticket, { maxAgeSeconds: this.deps.stepUpMinutes * 60 });
    res.redirect(302, url);
  }

  private async callback(req: Request, res: Response): Promise<void> {
    const end = await this.trip.end(req.query);
    if (!end.ok) return page(res, 400, `${end.message} Type “login” in chat to start again.`);
    const { link, carried: attempt } = end;
    const tid = link.tid;
    if (!this.deps.tenantAllowed(tid)) {
      this.deps.log.warn(
        { tid, actor: attempt.actor },
        'sign-in from a tenant that is not allowed',
      );
      return page(
        res,
        403,
        `Your organization (tenant ${tid || 'unknown'}) is not one this MSP works with.`,
      );
    }
    const mismatch = await this.sameperson(attempt.actor, link);
    if (mismatch) {
      this.deps.log.warn(
        { actor: attempt.actor, upn: link.upn },
        'sign-in by another person than the chat account',
      );
      return page(res, 403, mismatch);
    }
    await this.deps.store.set(identityKey(attempt.actor), JSON.stringify(link), {
      ttlMs: this.deps.signInDays * 24 * 3600_000,
    });
    await this.deps.onSignedIn(attempt.actor, attempt.place, link, attempt.then);
    page(res, 200, `Signed in as ${link.upn}. You can close this tab and go back to chat.`);
  }

  /**
   * A forwarded sign-in link must not tie someone else's Entra account to this chat account.
   * Teams: the Entra object id must be the one Teams vouched for. Slack: the Slack account's
   * e-mail must be the signed-in account's UPN or e-mail. Returns why not, or undefined.
   */
  private async sameperson(actor: Actor, link: IdentityLink): Promise<string | undefined> {
    if (actor.channel === 'teams') {
      return link.oid === actor.userId
        ? undefined
        : 'You signed in with a different account than the one you use in Teams. Nothing was linked.';
    }
    const email = (await this.deps.chatEmail(actor).catch(() => undefined))?.toLowerCase();
    if (!email)
      return 'I could not read your Slack e-mail address to check who is signing in (the Slack app needs the users:read.email scope). Nothing was linked.';
    return email === link.upn.toLowerCase()
      ? undefined
      : `You signed in as ${link.upn}, but your Slack account is ${email}. Nothing was linked.`;
  }

  private fail(res: Response, err: unknown): void {
    this.deps.log.warn({ err }, 'sign-in failed');
    if (!res.headersSent) page(res, 400, 'Sign-in failed. Type “login” in chat to try again.');
  }
}

function page(res: Response, status: number, message: string): void {
  const safe = message.replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c,
  );
  res
    .status(status)
    .type('html')
    .send(`<!doctype html><meta charset="utf-8"><title>MSP Ops sign-in</title><p>${safe}</p>`);
}
