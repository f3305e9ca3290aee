import { request } from 'node:https';
import { request as plainRequest } from 'node:http';

/**
 * Walks an OpenID sign-in the way a browser would, without one: follows redirects, keeps
 * cookies per host, fills the provider's login form and consent. Stops at the first redirect
 * that leaves the provider (our /auth/callback) and returns that URL.
 */
export interface Hop {
  status: number;
  location?: string;
  body: string;
  cookies: string[];
}

export function fetchOnce(
  url: string,
  options: { method?: string; body?: string; cookies?: string[]; ca?: Buffer } = {},
): Promise<Hop> {
  const u = new URL(url);
  const send = u.protocol === 'https:' ? request : plainRequest;
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (options.cookies?.length) headers.cookie = options.cookies.join('; ');
    if (options.body) headers['content-type'] = 'application/x-www-form-urlencoded';
    const req = send(url, { method: options.method ?? 'GET', headers, ca: options.ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const location = res.headers.location
          ? new URL(res.headers.location, url).toString()
          : undefined;
        const cookies = (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0] ?? '');
        resolve({
          status: res.statusCode ?? 0,
          location,
          body: Buffer.concat(chunks).toString('utf8'),
          cookies,
        });
      });
    });
    req.on('error', reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

export async function signInWithoutBrowser(
  startUrl: string,
  login: string,
  ca: Buffer,
  providerOrigin: string,
): Promise<string> {
  const jar = new Map<string, string>();
  const remember = (cookies: string[]) => cookies.forEach((c) => jar.set(c.split('=')[0] ?? '', c));
  let url = startUrl;
  for (let hop = 0; hop < 20; hop++) {
    const onProvider = url.startsWith(providerOrigin);
    const res = await fetchOnce(url, { cookies: onProvider ? [...jar.values()] : [], ca });
    if (onProvider) remember(res.cookies);
    if (res.location) {
      if (!res.location.startsWith(providerOrigin) && onProvider) return res.location;
      url = res.location;
      continue;
    }
    // A provider page: the login form, then the consent form (devInteractions).
    const action = /<form[^>]*action="([^"]+)"/.exec(res.body)?.[1];
    if (!action)
      throw new Error(`no form and no redirect at ${url}: ${res.status} ${res.body.slice(0, 200)}`);
    const form = /name="login"/.test(res.body)
      ? new URLSearchParams({ prompt: 'login', login, password: 'any' })
      : new URLSearchParams({ prompt: 'consent' });
    const posted = await fetchOnce(new URL(action, url).toString(), {
      method: 'POST',
      body: form.toString(),
      cookies: [...jar.values()],
      ca,
    });
    remember(posted.cookies);
    if (!posted.location)
      throw new Error(
        `form post at ${action} did not redirect: ${posted.status} ${posted.body.slice(0, 200)}`,
      );
    url = posted.location;
  }
  throw new Error('sign-in did not finish within 20 hops');
}
