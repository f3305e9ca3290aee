import type { MspFile } from '../config/config';
import type { Actor } from '../core/invocation';
import type { Store } from '../core/store';
import { identityKey, MFA_METHODS, type IdentityLink } from '../core/identity-link';
import { nobody, type Grants, type RoleResolver } from '../core/roles';
import type { Directory, DirectoryEntry } from './directory';

export interface RoleResolverOptions {
  file: MspFile;
  store: Store;
  /** Graph lookups; without it, roles come from the ids in the config and the sign-in token. */
  directory?: Directory;
  /** With Entra sign-in set up, Slack people must sign in; the config's slackUsers map is ignored. */
  signInRequired: boolean;
  demo?: boolean;
  clock?: () => number;
}

/**
 * Who may do what, from Entra ID: the person's object id, their groups (transitively, through
 * Graph) and app-role claims, matched against the config. Deny by default; a disabled account
 * gets nothing once the short cache has run out.
 */
export class EntraRoleResolver implements RoleResolver {
  private readonly cache = new Map<string, { at: number; entry: DirectoryEntry | undefined }>();
  private readonly clock: () => number;

  constructor(private readonly deps: RoleResolverOptions) {
    this.clock = deps.clock ?? Date.now;
  }

  async grantsFor(actor: Actor): Promise<Grants> {
    // Demo mode: everyone is an MSP admin, unless trying the bot as a persona (`demo as …`),
    // whose roles are the config's like anyone's.
    if (this.deps.demo && !actor.persona)
      return { ...nobody('demo mode: everyone is an MSP admin on simulated data'), mspAdmin: true };
    // A store outage must not lock everyone out: Teams people still have their verified id.
    const stored = await this.deps.store.get(identityKey(actor)).catch(() => undefined);
    const saved = stored ? (JSON.parse(stored.value) as IdentityLink) : undefined;
    // A saved sign-in lasts signInDays (the store's expiry may not have run yet).
    const maxAge = this.deps.file.security.signInDays * 24 * 3600_000;
    const link = saved && this.clock() - Date.parse(saved.signedInAt) <= maxAge ? saved : undefined;
    if (saved && !link && actor.channel === 'slack')
      return nobody('sign-in expired: type “login” to sign in again', 'expired');
    const oid =
      actor.channel === 'teams' || actor.persona
        ? actor.userId
        : (link?.oid ??
          (this.deps.signInRequired ? undefined : this.deps.file.slackUsers[actor.userId]));
    if (!oid)
      return actor.channel === 'slack' && this.deps.signInRequired
        ? nobody('not signed in: type “login”', 'never-signed-in')
        : nobody(actor.channel === 'slack' ? 'not signed in: type “login”' : 'no Entra identity');
    // A Teams sign-in only counts when it was the same Entra account the activity comes from.
    const ownLink = link && link.oid === oid ? link : undefined;
    return this.grantsOf(oid, ownLink, sourceOf(actor, link, this.deps.directory !== undefined));
  }

  /**
   * The grants of someone who has just signed in on the web (the portal): the sign-in is theirs,
   * so its claims count where Graph does not answer for the directory.
   */
  grantsForSignIn(link: IdentityLink): Promise<Grants> {
    return this.grantsOf(link.oid, link, `signed in on the web as ${link.upn}`);
  }

  private async grantsOf(
    oid: string,
    ownLink: IdentityLink | undefined,
    source: string,
  ): Promise<Grants> {
    const entry = await this.lookup(oid);
    if (this.deps.directory && !entry) return nobody('account not found in Entra ID (deleted?)');
    if (entry && !entry.enabled) return nobody('account disabled in Entra ID');
    // With Graph, the directory as it is now is the only source: what an ID token said at
    // sign-in (its groups and app roles) may have been taken away since. Without Graph (an
    // OpenID issuer such as Keycloak), the token's claims are all there is.
    const claimed = this.deps.directory ? undefined : ownLink;
    const ids = new Set([oid, ...(entry?.groups ?? []), ...(claimed?.groups ?? [])]);
    const fromApp = new Set(
      (claimed?.roles ?? []).map((r) => this.deps.file.appRoles[r]).filter((r): r is string => !!r),
    );
    const holds = (list: readonly string[], role: string) =>
      fromApp.has(role) || list.some((id) => ids.has(id));
    const customers = this.deps.file.customers;
    return {
      mspAdmin: holds(this.deps.file.roles['msp-admin'], 'msp-admin'),
      tech: holds(this.deps.file.roles.tech, 'tech'),
      approverOf: customers
        .filter((c) =>
          holds([...c.approvers, ...c.secondaryApprovers], `customer-approver:${c.id}`),
        )
        .map((c) => c.id),
      viewerOf: customers
        .filter((c) => holds(c.viewers, `customer-viewer:${c.id}`))
        .map((c) => c.id),
      identity: {
        entraObjectId: oid,
        upn: ownLink?.upn,
        source,
        // MFA is as recent as the authentication itself, not as the callback that reported it.
        signIn: ownLink && {
          at: new Date(ownLink.authTime ?? 0),
          mfa: ownLink.amr.some((m) => MFA_METHODS.includes(m)),
        },
      },
    };
  }

  private async lookup(oid: string): Promise<DirectoryEntry | undefined> {
    if (!this.deps.directory) return undefined;
    const cached = this.cache.get(oid);
    const ttl = this.deps.file.security.roleCacheSeconds * 1000;
    if (cached && this.clock() - cached.at < ttl) return cached.entry;
    const entry = await this.deps.directory.lookup(oid);
    this.cache.set(oid, { at: this.clock(), entry });
    return entry;
  }
}

function sourceOf(actor: Actor, link: IdentityLink | undefined, graph: boolean): string {
  const how =
    actor.channel === 'teams'
      ? 'Teams (Entra object id)'
      : link
        ? `signed in as ${link.upn}`
        : 'msp.config.yaml slackUsers';
  return graph ? `${how}; groups from Entra ID` : how;
}
