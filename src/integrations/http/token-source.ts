/**
 * A client-credentials access token, cached and renewed before it expires (and on demand after a
 * 401). Concurrent callers share one token request.
 */
export interface AccessToken {
  token: string;
  expiresInSeconds: number;
}

export class TokenSource {
  private current?: { token: string; renewAt: number };
  private pending?: Promise<string>;

  constructor(
    private readonly fetchToken: () => Promise<AccessToken>,
    private readonly renewMarginMs = 60_000,
    private readonly clock: () => number = Date.now,
  ) {}

  async get(): Promise<string> {
    if (this.current && this.clock() < this.current.renewAt) return this.current.token;
    this.pending ??= this.fetchToken()
      .then(({ token, expiresInSeconds }) => {
        const lifetime = expiresInSeconds * 1000;
        // Renew a margin before expiry, but never sooner than half the lifetime.
        this.current = {
          token,
          renewAt: this.clock() + Math.max(lifetime - this.renewMarginMs, lifetime / 2),
        };
        return token;
      })
      .finally(() => (this.pending = undefined));
    return this.pending;
  }

  /** The service said 401: forget the token so the next call mints a new one. */
  invalidate(token: string): void {
    if (this.current?.token === token) this.current = undefined;
  }
}
