import { Client } from '@microsoft/microsoft-graph-client';
import type { ConfidentialClientApplication } from '@azure/msal-node';
import { IntegrationError } from '../integrations/http/integration-error';

export interface DirectoryEntry {
  enabled: boolean;
  /** Every group the person is in, directly or through other groups. */
  groups: string[];
}

/**
 * Entra ID through Microsoft Graph, app-only (client credentials): is the account enabled, and
 * which groups is it in (transitively). GRAPH_BASE_URL points it elsewhere (tests: sim/graph).
 */
export class Directory {
  private readonly graph: Client;

  constructor(msal: ConfidentialClientApplication, graphBaseUrl: string) {
    const base = new URL(graphBaseUrl);
    const scope = base.hostname.endsWith('graph.microsoft.com')
      ? 'https://graph.microsoft.com/.default'
      : `${base.origin}/.default`;
    this.graph = Client.initWithMiddleware({
      baseUrl: `${base.origin}/`,
      defaultVersion: base.pathname.replace(/^\/|\/$/g, '') || 'v1.0',
      customHosts: new Set([base.hostname]),
      authProvider: {
        getAccessToken: async () => {
          const token = await msal.acquireTokenByClientCredential({ scopes: [scope] });
          if (!token?.accessToken)
            throw new IntegrationError(
              'Microsoft Graph',
              'auth',
              'no app token from the identity provider',
            );
          return token.accessToken;
        },
      },
    });
  }

  async lookup(oid: string): Promise<DirectoryEntry | undefined> {
    try {
      const user = (await this.graph
        .api(`/users/${encodeURIComponent(oid)}`)
        .select('id,accountEnabled')
        .get()) as { accountEnabled?: boolean };
      const groups: string[] = [];
      let page = (await this.graph
        .api(`/users/${encodeURIComponent(oid)}/transitiveMemberOf`)
        .select('id')
        .top(100)
        .get()) as GraphPage;
      for (;;) {
        groups.push(
          ...page.value
            .filter((g) => g['@odata.type'] !== '#microsoft.graph.directoryRole')
            .map((g) => g.id),
        );
        if (!page['@odata.nextLink']) break;
        page = (await this.graph.api(page['@odata.nextLink']).get()) as GraphPage;
      }
      return { enabled: user.accountEnabled !== false, groups };
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) return undefined;
      throw new IntegrationError('Microsoft Graph', 'unavailable', (err as Error).message);
    }
  }
}

interface GraphPage {
  value: { id: string; '@odata.type'?: string }[];
  '@odata.nextLink'?: string;
}
