import type { Config } from '../config/config';
import type { Actor, Place } from '../core/invocation';
import type { Log } from '../core/ports';
import type { Store } from '../core/store';
import type { TenantGate } from '../core/tenant-gate';
import type { IdentityLink, PendingAct } from '../core/identity-link';
import type { RoleResolver } from '../core/roles';
import { Directory } from '../identity/directory';
import { createMsal } from '../identity/msal';
import { EntraRoleResolver } from '../identity/role-resolver';
import { SignIn } from '../identity/sign-in';

export type AfterSignIn = (
  actor: Actor,
  place: Place,
  link: IdentityLink,
  then?: PendingAct,
) => Promise<void>;

export interface Identity {
  roles: RoleResolver;
  signIn?: SignIn;
  /** Set once the dispatcher and notifier exist (they need the identity side first). */
  onSignedIn(handler: AfterSignIn): void;
  /** Set once the Slack client exists: reads a Slack account's e-mail address. */
  chatEmails(lookup: (actor: Actor) => Promise<string | undefined>): void;
}

/** Entra sign-in, Graph and the role resolver, or config-only roles when Entra is not set up. */
export function wireIdentity(
  config: Readonly<Config>,
  store: Store,
  tenants: TenantGate,
  log: Log,
): Identity {
  let emailOf: (actor: Actor) => Promise<string | undefined> = async () => undefined;
  let after: AfterSignIn = async () => undefined;
  const msal = config.entra && createMsal(config.entra);
  const roles = new EntraRoleResolver({
    file: config.file,
    store,
    directory:
      msal && config.entra?.graphBaseUrl
        ? new Directory(msal, config.entra.graphBaseUrl)
        : undefined,
    signInRequired: !!config.entra,
    demo: config.mode === 'demo',
  });
  const signIn =
    msal &&
    new SignIn({
      store,
      msal,
      publicUrl: config.publicUrl,
      tenantAllowed: (tid) => tenants.allows(tid),
      chatEmail: (actor) => emailOf(actor),
      onSignedIn: (actor, place, link, then) => after(actor, place, link, then),
      stepUpMinutes: config.file.security.stepUpMinutes,
      signInDays: config.file.security.signInDays,
      log,
    });
  return {
    roles,
    signIn: signIn || undefined,
    onSignedIn: (handler) => (after = handler),
    chatEmails: (lookup) => (emailOf = lookup),
  };
}
