import { randomBytes } from 'node:crypto';
import { sameText } from '../core/same-text';
import type { Request } from 'express';
import type { Store } from '../core/store';
import type { IdentityLink } from '../core/identity-link';

/** A signed-in portal visitor: who (as the sign-in said) and the form token of this session. */
export interface PortalSession {
  link: IdentityLink;
  /** Every form carries it back; a form from another site cannot know it. */
  csrf: string;
}

const key = (id: string) => `portal:session:${id}`;

/**
 * Portal sessions in the store (every instance knows them), behind a random id in an HttpOnly
 * cookie; they end after `hours` or at sign-out. Nothing in the cookie says who someone is.
 */
export class PortalSessions {
  constructor(
    private readonly store: Store,
    private readonly hours: number,
  ) {}

  async start(link: IdentityLink): Promise<string> {
    const id = randomBytes(32).toString('base64url');
    const session: PortalSession = { link, csrf: randomBytes(24).toString('base64url') };
    await this.store.set(key(id), JSON.stringify(session), { ttlMs: this.hours * 3600_000 });
    return id;
  }

  async get(id: string | undefined): Promise<PortalSession | undefined> {
    if (!id || !/^[\w-]{43}$/.test(id)) return undefined;
    const stored = await this.store.get(key(id));
    return stored ? (JSON.parse(stored.value) as PortalSession) : undefined;
  }

  async end(id: string): Promise<void> {
    await this.store.delete(key(id));
  }
}

/** A cookie's value from the request's Cookie header. */
export function cookieOf(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

/** The form token sent back is this session's (compared in constant time). */
export const sameToken = (given: unknown, expected: string): boolean =>
  typeof given === 'string' && sameText(given, expected);
