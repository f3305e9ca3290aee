import type { Config } from '../config/config';
import type { Actor } from '../core/invocation';
import type { Log } from '../core/ports';
import type { Store } from '../core/store';
import type { TenantGate } from '../core/tenant-gate';
import type { AfterSignIn } from '../core/identity-link';
import type { ConfidentialClientApplication } from '@azure/msal-node';
import { Directory } from '../identity/directory';
import { createMsal } from '../identity/msal';
import { EntraRoleResolver } from '../identity/role-resolver';
import { SignIn } from '../identity/sign-in';

export interface Identity {
  roles: EntraRoleResolver;
  /** The identity provider's client, where sign-in is set up (the portal signs in with it too). */
  msal?: ConfidentialClientApplication;
  signIn?: SignIn;
  /**
   * The listener for finished sign-ins. Registered last, with the other listeners: what it does
   * (resume the held act through the dispatcher) needs the dispatcher, which needs the roles.
   */
  onSignedIn(handler: AfterSignIn): void;
}

/** Entra sign-in, Graph and the role resolver, or config-only roles when Entra is not set up. */
export function buildIdentity(parts: {
  config: Readonly<Config>;
  store: Store;
  tenants: TenantGate;
  /** A chat account's e-mail address, where the chat tells it (Slack's users.info). */
  chatEmail: (actor: Actor) => Promise<string | undefined>;
  log: Log;
}): Identity {
  const { config, store, log } = parts;
  const listeners: AfterSignIn[] = [];
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
      tenantAllowed: (tid) => parts.tenants.allows(tid),
      chatEmail: parts.chatEmail,
      onSignedIn: async (actor, place, link, then) => {
        for (const listener of listeners) await listener(actor, place, link, then);
      },
      stepUpMinutes: config.file.security.stepUpMinutes,
      signInDays: config.file.security.signInDays,
      log,
    });
  return {
    roles,
    msal: msal || undefined,
    signIn: signIn || undefined,
    onSignedIn: (handler) => void listeners.push(handler),
  };
}
