import { request } from 'node:https';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

/**
 * MSAL's HTTP client, trusting one extra certificate authority (ENTRA_CA_CERT): for an on-prem
 * OpenID provider (Keycloak) with a private CA, and for the test issuer, without touching the
 * whole process's trust store.
 */
export class TrustingNetwork implements INetworkModule {
  constructor(private readonly ca: Buffer) {}

  sendGetRequestAsync<T>(
    url: string,
    options?: NetworkRequestOptions,
    timeout?: number,
  ): Promise<NetworkResponse<T>> {
    return this.send<T>('GET', url, options, timeout);
  }

  sendPostRequestAsync<T>(
    url: string,
    options?: NetworkRequestOptions,
  ): Promise<NetworkResponse<T>> {
    return this.send<T>('POST', url, options);
  }

  private send<T>(
    method: string,
    url: string,
    options?: NetworkRequestOptions,
    timeout = 10_000,
  ): Promise<NetworkResponse<T>> {
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        { method, headers: options?.headers, ca: this.ca, timeout },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let body: unknown = {};
            try {
              body = text ? JSON.parse(text) : {};
            } catch {
              body = { error: 'invalid_response', error_description: text.slice(0, 200) };
            }
            const headers = Object.fromEntries(
              Object.entries(res.headers).map(([k, v]) => [k.toLowerCase(), String(v)]),
            );
            resolve({ headers, body: body as T, status: res.statusCode ?? 0 });
          });
        },
      );
      req.on('timeout', () =>
        req.destroy(new Error(`no answer from ${new URL(url).host} within ${timeout} ms`)),
      );
      req.on('error', reject);
      if (options?.body) req.write(options.body);
      req.end();
    });
  }
}
