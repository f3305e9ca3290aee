import { readFileSync } from 'node:fs';
import { ConfidentialClientApplication, ProtocolMode } from '@azure/msal-node';
import { TrustingNetwork } from './trusting-network';
import { isEntraAuthority } from '../config/vendor-hosts';

export interface EntraSettings {
  /** https://login.microsoftonline.com/<tenant> for Entra; any OpenID issuer otherwise. */
  authority: string;
  clientId: string;
  clientSecret: string;
  /** PEM file of an extra CA to trust for the authority (private CA, tests). */
  caFile?: string;
}

/**
 * One confidential client for sign-in and for app-only Graph calls. Entra keeps MSAL's default
 * (AAD) protocol mode; any other issuer (Keycloak, the test provider) runs in OIDC mode, which
 * reads {authority}/.well-known/openid-configuration.
 */
export function createMsal(settings: EntraSettings): ConfidentialClientApplication {
  const entra = isEntraAuthority(settings.authority);
  return new ConfidentialClientApplication({
    auth: {
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
      authority: settings.authority,
      ...(entra ? {} : { knownAuthorities: [new URL(settings.authority).host] }),
    },
    system: {
      ...(entra ? {} : { protocolMode: ProtocolMode.OIDC }),
      ...(settings.caFile
        ? { networkClient: new TrustingNetwork(readFileSync(settings.caFile)) }
        : {}),
    },
  });
}
