import {
  Client,
  HTTPMessageHandler,
  RetryHandler,
  type Context,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import type { ConfidentialClientApplication } from '@azure/msal-node';
import { IntegrationError } from '../integrations/http/integration-error';

export interface DirectoryEntry {
  enabled: boolean;
  /** Every group the person is in, directly or through other groups. */
  groups: string[];
}

interface GraphPage {
  value: { id: string; '@odata.type'?: string }[];
  '@odata.nextLink'?: string;
}

// Graph's app permissions, whatever host stands in for it (sovereign clouds, the simulator).
const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

/**
 * Puts the app token on calls to our Graph host only. The SDK's own handler does the same for
 * https Graph hosts and strips the header elsewhere, which would also strip it for a stand-in.
 */
class AppToken implements Middleware {
  private next?: Middleware;

  constructor(
    private readonly origin: string,
    private readonly token: () => Promise<string>,
  ) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    if (new URL(url).origin === this.origin) {
      const headers = new Headers(
        context.options?.headers as ConstructorParameters<typeof Headers>[0],
      );
      headers.set('Authorization', `Bearer ${await this.token()}`);
      context.options = { ...context.options, headers };
    }
    await this.next?.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

/**
 * Entra ID through Microsoft Graph, app-only (client credentials): is the account enabled, and
 * which groups is it in (transitively). GRAPH_BASE_URL points it elsewhere (tests: sim/graph).
 */
export class Directory {
  private readonly graph: Client;
  private readonly base: string;

  constructor(
    private readonly msal: ConfidentialClientApplication,
    graphBaseUrl: string,
  ) {
    const base = new URL(graphBaseUrl);
    this.base = graphBaseUrl.replace(/\/$/, '');
    this.graph = Client.initWithMiddleware({
      baseUrl: `${base.origin}/`,
      defaultVersion: base.pathname.replace(/^\/|\/$/g, '') || 'v1.0',
      middleware: [
        new AppToken(base.origin, () => this.token()),
        new RetryHandler(),
        new HTTPMessageHandler(),
      ],
    });
  }

  /** MSAL caches the app token and renews it before it expires. */
  private async token(): Promise<string> {
    const token = await this.msal.acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] });
    if (!token?.accessToken)
      throw new IntegrationError(
        'Microsoft Graph',
        'auth',
        'no app token from the identity provider',
      );
    return token.accessToken;
  }

  private async get(path: string, select?: string): Promise<unknown> {
    const request = this.graph.api(path);
    return (await (select ? request.select(select) : request).get()) as unknown;
  }

  async lookup(oid: string): Promise<DirectoryEntry | undefined> {
    const id = encodeURIComponent(oid);
    try {
      const user = (await this.get(`/users/${id}`, 'id,accountEnabled')) as {
        accountEnabled?: boolean;
      };
      const groups: string[] = [];
      let page = (await this.get(`/users/${id}/transitiveMemberOf`, 'id')) as GraphPage;
      for (;;) {
        groups.push(
          ...page.value
            .filter((g) => g['@odata.type'] !== '#microsoft.graph.directoryRole')
            .map((g) => g.id),
        );
        const next = page['@odata.nextLink'];
        if (!next) break;
        // Follow our own host only; the SDK wants the path after the version.
        if (!next.startsWith(this.base))
          throw new Error(`nextLink to another host: ${new URL(next).host}`);
        page = (await this.get(next.slice(this.base.length))) as GraphPage;
      }
      return { enabled: user.accountEnabled !== false, groups };
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) return undefined;
      throw new IntegrationError('Microsoft Graph', 'unavailable', (err as Error).message);
    }
  }
}
