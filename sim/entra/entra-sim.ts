import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { selfSignedCertificate } from '../self-signed';

/** A person the simulated Entra ID knows, with the claims a real tenant would put in tokens. */
export interface EntraAccount {
  /** What is typed into the login form. */
  login: string;
  oid: string;
  tid: string;
  upn: string;
  name: string;
  groups?: string[];
  roles?: string[];
  /** Authentication methods: ["pwd"] or ["pwd","mfa"]. */
  amr: string[];
}

export interface EntraSimOptions {
  dir: string;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  accounts: EntraAccount[];
}

export interface RunningEntraSim {
  issuer: string;
  caFile: string;
  stop(): Promise<void>;
}

function readBody(req: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

/**
 * Entra ID for tests: a real OpenID provider (oidc-provider) over HTTPS, with authorization
 * code + PKCE, client credentials, and tokens carrying oid, tid, upn, groups, roles and amr.
 * Its login page accepts any password for a known login.
 */
export async function startEntraSim(options: EntraSimOptions): Promise<RunningEntraSim> {
  const { key, cert } = selfSignedCertificate(options.dir, 'entra');
  let handler: Parameters<typeof createServer>[1] = (_req, res) => res.end();
  const server: Server = createServer(
    { key: readFileSync(key), cert: readFileSync(cert) },
    (req, res) => handler?.(req, res),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // oidc-provider is ESM-only; Node 20.19+ loads it here (this runs in its own process).
  const { default: Provider } = await import('oidc-provider');
  const byLogin = new Map(options.accounts.map((a) => [a.login, a]));
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ['authorization_code', 'client_credentials'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
        scope: 'openid profile email offline_access https://graph.microsoft.com/.default',
      },
    ],
    async findAccount(_ctx, id) {
      const account = byLogin.get(id);
      if (!account) return undefined;
      return {
        accountId: id,
        claims: async () => ({
          sub: account.oid,
          oid: account.oid,
          tid: account.tid,
          upn: account.upn,
          preferred_username: account.upn,
          name: account.name,
          groups: account.groups ?? [],
          roles: account.roles ?? [],
          amr: account.amr,
        }),
      };
    },
    claims: {
      openid: ['sub', 'oid', 'tid', 'upn', 'preferred_username', 'name', 'groups', 'roles', 'amr'],
    },
    conformIdTokenClaims: false,
    scopes: [
      'openid',
      'profile',
      'email',
      'offline_access',
      'https://graph.microsoft.com/.default',
    ],
    features: { devInteractions: { enabled: false }, clientCredentials: { enabled: true } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    cookies: { keys: ['entra-sim-cookie-key'] },
  });
  const protocol = provider.callback();
  // Our own login page instead of devInteractions: it records how the person signed in (amr),
  // which is what step-up checks, and grants the requested scopes without a consent screen.
  handler = (req, res) => {
    const uid = /^\/interaction\/([\w-]+)(\/login)?$/.exec(req.url ?? '');
    if (!uid) {
      void protocol(req, res);
      return;
    }
    void (async () => {
      const details = await provider.interactionDetails(req, res);
      if (!uid[2]) {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(
          `<form method="post" action="/interaction/${details.uid}/login"><input name="login"><input name="password" type="password"><button>Sign in</button></form>`,
        );
        return;
      }
      const login = new URLSearchParams(await readBody(req)).get('login') ?? '';
      const account = byLogin.get(login);
      if (!account) {
        res.writeHead(403, { 'content-type': 'text/html' });
        res.end('<p>Unknown account</p>');
        return;
      }
      const grant = new provider.Grant({
        accountId: login,
        clientId: String(details.params.client_id),
      });
      grant.addOIDCScope(String(details.params.scope));
      const grantId = await grant.save();
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: login, amr: account.amr }, consent: { grantId } },
        { mergeWithLastSubmission: false },
      );
    })().catch((err: unknown) => {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(String(err));
    });
  };
  return {
    issuer,
    caFile: cert,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
