import { IDS, startHarness, TEST_CONFIG } from '../helpers/harness';
import { startEntra, type EntraProcess } from '../helpers/entra';
import { signInWithoutBrowser } from '../helpers/browserless';

/** The portal's session cookie where the bot is published at an HTTPS address, as MSPs run it. */
const CLIENT = { clientId: 'msp-bot', clientSecret: 'msp-bot-secret' };
/** A bot behind a proxy that terminates TLS. */
const PUBLIC = 'https://portal.msp.example';

let entra: EntraProcess;
beforeAll(async () => {
  entra = await startEntra({
    ...CLIENT,
    redirectUris: [`${PUBLIC}/portal/callback`],
    accounts: [
      {
        login: 'vera',
        oid: IDS.acmeViewer,
        tid: 'tenant-acme',
        upn: 'vera@example.com',
        name: 'Vera Viewer',
        amr: ['pwd', 'mfa'],
      },
    ],
  });
}, 30_000);
afterAll(() => entra?.stop());

test('published over HTTPS, the session cookie is Secure, HttpOnly and SameSite=Lax', async () => {
  const published = await startHarness(
    {
      ENTRA_CLIENT_ID: CLIENT.clientId,
      ENTRA_CLIENT_SECRET: CLIENT.clientSecret,
      ENTRA_AUTHORITY: entra.issuer,
      ENTRA_CA_CERT: entra.caFile,
      PUBLIC_URL: PUBLIC,
    },
    { yaml: TEST_CONFIG },
  );
  try {
    // The provider sends the browser back to the public address; the proxy hands it to the bot.
    const back = await signInWithoutBrowser(
      `${published.baseUrl}/portal/login`,
      'vera',
      entra.ca,
      entra.issuer,
    );
    expect(back.startsWith(`${PUBLIC}/portal/callback?`)).toBe(true);
    const res = await fetch(`${published.baseUrl}${back.slice(PUBLIC.length)}`, {
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('msp_portal='));
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
  } finally {
    await published.stop();
  }
}, 60_000);
