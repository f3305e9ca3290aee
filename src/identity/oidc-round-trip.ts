import { randomBytes } from 'node:crypto';
import { CryptoProvider, type ConfidentialClientApplication } from '@azure/msal-node';
import type { Store } from '../core/store';
import { takeOnce } from '../core/take-once';
import type { IdentityLink } from '../core/identity-link';

const TEN_MINUTES = 10 * 60_000;
const SCOPES = ['openid', 'profile'];

interface Attempt<T> {
  carried: T;
  verifier: string;
  nonce: string;
}

export type RoundTripEnd<T> =
  { ok: true; link: IdentityLink; carried: T } | { ok: false; message: string };

/**
 * One sign-in with the identity provider (authorization code + PKCE, confidential client): the
 * state and nonce bind the answer to this attempt and expire in 10 minutes; a replayed or
 * altered state finds nothing. `carried` is what the caller needs back afterwards (the chat
 * ticket, the portal page asked for). The chat sign-in and the portal share it.
 */
export class OidcRoundTrip<T> {
  private readonly crypto = new CryptoProvider();

  constructor(
    private readonly deps: {
      store: Store;
      msal: ConfidentialClientApplication;
      /** Keeps each caller's attempts apart in the store. */
      prefix: string;
      redirectUri: string;
    },
  ) {}

  /** The provider's sign-in URL for this attempt. */
  async begin(carried: T, options: { maxAgeSeconds?: number } = {}): Promise<string> {
    const { verifier, challenge } = await this.crypto.generatePkceCodes();
    const state = randomBytes(24).toString('base64url');
    const nonce = randomBytes(24).toString('base64url');
    await this.deps.store.set(
      this.key(state),
      JSON.stringify({ carried, verifier, nonce } satisfies Attempt<T>),
      { ttlMs: TEN_MINUTES },
    );
    return this.deps.msal.getAuthCodeUrl({
      scopes: SCOPES,
      redirectUri: this.deps.redirectUri,
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
      state,
      nonce,
      prompt: 'login',
      // MSAL no longer sends or checks max_age itself: it is sent here and auth_time read back.
      ...(options.maxAgeSeconds !== undefined && {
        extraQueryParameters: { max_age: String(options.maxAgeSeconds) },
      }),
    });
  }

  /** The provider's answer (the callback's query): who signed in, or why it does not count. */
  async end(query: Record<string, unknown>): Promise<RoundTripEnd<T>> {
    const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
    const code = text(query.code);
    const state = text(query.state);
    // One use only: a replayed state finds nothing.
    const taken = state ? await takeOnce(this.deps.store, this.key(state)) : undefined;
    const attempt = taken === undefined ? undefined : (JSON.parse(taken) as Attempt<T>);
    if (!attempt)
      return {
        ok: false,
        message: 'This sign-in is not valid any more (expired, used already, or altered).',
      };
    const error = text(query.error);
    if (error || !code)
      return { ok: false, message: `Sign-in did not finish: ${error ?? 'no code'}.` };
    const result = await this.deps.msal.acquireTokenByCode(
      {
        code,
        scopes: SCOPES,
        redirectUri: this.deps.redirectUri,
        codeVerifier: attempt.verifier,
        nonce: attempt.nonce,
        state,
      },
      { code, state },
    );
    const claims = (result.idTokenClaims ?? {}) as Record<string, unknown>;
    if (claims.nonce !== attempt.nonce)
      return { ok: false, message: 'Sign-in refused: the answer was not for this sign-in.' };
    return { ok: true, link: linkOf(claims), carried: attempt.carried };
  }

  private key(state: string): string {
    return `${this.deps.prefix}:state:${state}`;
  }
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/** The ID token's claims as the bot keeps a sign-in. */
function linkOf(claims: Record<string, unknown>): IdentityLink {
  return {
    tid: String(claims.tid ?? ''),
    oid: String(claims.oid ?? claims.sub ?? ''),
    upn: String(claims.upn ?? claims.preferred_username ?? ''),
    name: typeof claims.name === 'string' ? claims.name : undefined,
    amr: strings(claims.amr),
    roles: strings(claims.roles),
    groups: strings(claims.groups),
    signedInAt: new Date().toISOString(),
    authTime:
      typeof claims.auth_time === 'number'
        ? new Date(claims.auth_time * 1000).toISOString()
        : undefined,
  };
}
