import type { ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { contractOf } from './contract/contract';
import { sendJson, Simulator, type RecordedRequest } from './recording-server';

/**
 * Intune as the bot meets it, from Microsoft's documents: the identity platform's client
 * credentials grant (`POST /{tenant}/oauth2/v2.0/token`, form-encoded, `scope` ending in
 * `/.default`; errors `{error, error_description}`), and Graph v1.0
 * `GET /v1.0/deviceManagement/managedDevices` (`$select`, `@odata.nextLink` paging, Graph's
 * error envelope `{error: {code, message}}`). One simulator serves both; each tenant has its own
 * devices and only its own token reads them. Graph calls are held in tests to contracts/graph.json
 * (derived from Graph's v1.0 metadata: managedDevice's properties, types and enumerations).
 */
export interface SimManagedDevice {
  id: string;
  deviceName: string;
  operatingSystem: string;
  osVersion: string;
  complianceState: string;
  lastSyncDateTime: string;
  serialNumber: string;
  userPrincipalName?: string;
}

export class IntuneSim extends Simulator {
  readonly devices = new Map<string, SimManagedDevice[]>();
  private readonly tokens = new Map<string, string>();

  constructor(
    readonly app = { clientId: 'intune-app', clientSecret: 'intune-secret' },
    /** Devices per page (Graph decides its own; tests make it small to exercise nextLink). */
    private readonly pageSize = 100,
  ) {
    super();
    this.contract = {
      contract: () => contractOf('graph'),
      call: (req) =>
        req.path.startsWith('/v1.0/')
          ? { method: req.method, path: req.path.slice('/v1.0'.length), body: req.body }
          : undefined,
      refusal: (problems) => ({ error: { code: 'BadRequest', message: problems.join('; ') } }),
    };
  }

  protected serve(req: RecordedRequest, res: ServerResponse): void {
    const url = new URL(req.path, this.url);
    const login = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (req.method === 'POST' && login) return this.token(login[1] ?? '', req, res);
    if (req.method === 'GET' && url.pathname === '/v1.0/deviceManagement/managedDevices')
      return this.list(req, url, res);
    sendJson(res, 400, {
      error: {
        code: 'BadRequest',
        message: `Resource not found for the segment '${url.pathname}'.`,
      },
    });
  }

  private token(tenant: string, req: RecordedRequest, res: ServerResponse): void {
    const form = req.body as Record<string, string>;
    if (form.grant_type !== 'client_credentials' || !form.scope?.endsWith('/.default'))
      return sendJson(res, 400, {
        error: 'invalid_request',
        error_description:
          'AADSTS900144: The request body must contain client_credentials and a .default scope.',
      });
    if (form.client_id !== this.app.clientId || form.client_secret !== this.app.clientSecret)
      return sendJson(res, 401, {
        error: 'invalid_client',
        error_description: 'AADSTS7000215: Invalid client secret provided.',
      });
    if (!this.devices.has(tenant))
      return sendJson(res, 400, {
        error: 'invalid_request',
        error_description: `AADSTS90002: Tenant '${tenant}' not found.`,
      });
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, tenant);
    sendJson(res, 200, { token_type: 'Bearer', expires_in: 3599, access_token: token });
  }

  private list(req: RecordedRequest, url: URL, res: ServerResponse): void {
    const tenant = this.tokens.get(
      /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '',
    );
    if (!tenant)
      return sendJson(res, 401, {
        error: { code: 'InvalidAuthenticationToken', message: 'Access token validation failure.' },
      });
    const skip = Number(url.searchParams.get('$skiptoken') ?? 0);
    const all = this.devices.get(tenant) ?? [];
    const select = url.searchParams.get('$select')?.split(',');
    const value = all
      .slice(skip, skip + this.pageSize)
      .map((d) =>
        select ? Object.fromEntries(Object.entries(d).filter(([k]) => select.includes(k))) : d,
      );
    const next = new URL(url);
    next.searchParams.set('$skiptoken', String(skip + this.pageSize));
    sendJson(res, 200, {
      '@odata.context': `${this.url}/v1.0/$metadata#deviceManagement/managedDevices`,
      value,
      ...(skip + this.pageSize < all.length && { '@odata.nextLink': next.toString() }),
    });
  }
}
