import { z } from 'zod';
import { HttpPolicy, type HttpPolicyOptions } from '../http/http-policy';
import { TokenSource } from '../http/token-source';

/**
 * Intune's managed devices through Microsoft Graph v1.0, app-only: a client-credentials token
 * from the customer's own tenant (the MSP's app, consented there with
 * DeviceManagementManagedDevices.Read.All), then `deviceManagement/managedDevices` page by page
 * along `@odata.nextLink`. Graph's throttling (429 with Retry-After) is honoured by HttpPolicy.
 */
export interface IntuneSettings {
  /** https://login.microsoftonline.com (or a sovereign cloud's, or a simulator's). */
  loginUrl: string;
  /** https://graph.microsoft.com/v1.0 */
  graphUrl: string;
  clientId: string;
  clientSecret: string;
  http?: Partial<HttpPolicyOptions>;
}

const token = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().default(3599),
});

/** managedDevice as Graph v1.0 documents it: the fields the bot reads. */
export const managedDevice = z
  .object({
    id: z.string().min(1),
    deviceName: z.string().nullish(),
    /** "Windows", "macOS", "iOS", "Android", "Linux"… */
    operatingSystem: z.string().nullish(),
    osVersion: z.string().nullish(),
    /** unknown, compliant, noncompliant, conflict, error, inGracePeriod, configManager */
    complianceState: z.string().nullish(),
    lastSyncDateTime: z.string().nullish(),
    serialNumber: z.string().nullish(),
    userPrincipalName: z.string().nullish(),
  })
  .loose();
export type ManagedDevice = z.infer<typeof managedDevice>;

const page = z.object({
  value: z.array(managedDevice),
  '@odata.nextLink': z.string().optional(),
});

const SELECT =
  'id,deviceName,operatingSystem,osVersion,complianceState,lastSyncDateTime,serialNumber,userPrincipalName';

export class IntuneClient {
  private readonly tenants = new Map<string, HttpPolicy>();

  constructor(private readonly settings: IntuneSettings) {}

  /** Requests sent to Graph for every tenant (benchmarks count them). */
  get calls(): number {
    return [...this.tenants.values()].reduce((n, http) => n + http.calls, 0);
  }

  /** The policy for one customer tenant, with its own token. */
  http(tenantId: string): HttpPolicy {
    const known = this.tenants.get(tenantId);
    if (known) return known;
    const s = this.settings;
    const login = new HttpPolicy({ system: 'Microsoft Entra ID', baseUrl: s.loginUrl, ...s.http });
    const source = new TokenSource(async () => {
      const t = await login.request({
        method: 'POST',
        path: `${encodeURIComponent(tenantId)}/oauth2/v2.0/token`,
        form: true,
        body: {
          client_id: s.clientId,
          client_secret: s.clientSecret,
          scope: `${new URL(s.graphUrl).origin}/.default`,
          grant_type: 'client_credentials',
        },
        schema: token,
      });
      return { token: t.access_token, expiresInSeconds: t.expires_in };
    });
    const http = new HttpPolicy({
      system: 'Intune (Microsoft Graph)',
      baseUrl: `${s.graphUrl.replace(/\/$/, '')}/`,
      token: source,
      ...s.http,
    });
    this.tenants.set(tenantId, http);
    return http;
  }

  /** Every managed device of the tenant. */
  async devices(tenantId: string): Promise<ManagedDevice[]> {
    const http = this.http(tenantId);
    const all: ManagedDevice[] = [];
    let next: string | undefined;
    do {
      const answer = next
        ? await http.request({ path: next, schema: page })
        : await http.request({
            path: 'deviceManagement/managedDevices',
            params: { $select: SELECT },
            schema: page,
          });
      all.push(...answer.value);
      next = answer['@odata.nextLink'];
    } while (next);
    return all;
  }
}
