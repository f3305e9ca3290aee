import { AUDIT_LOG } from '../../src/core/audit';
import { GraphSim } from '../../sim/graph-sim';
import { fetchOnce, signInWithoutBrowser } from '../helpers/browserless';
import { startEntra, type EntraProcess } from '../helpers/entra';
import {
  freePort,
  IDS,
  postActivity,
  postToSlack,
  slashCommandBody,
  startHarness,
  teamsMessage,
  TEST_CONFIG,
  type Harness,
} from '../helpers/harness';

const CLIENT = { clientId: 'msp-bot', clientSecret: 'msp-bot-secret' };
const account = (
  login: string,
  oid: string,
  extra: Partial<{ tid: string; amr: string[]; upn: string }> = {},
) => ({
  login,
  oid,
  tid: extra.tid ?? 'tenant-msp',
  upn: extra.upn ?? `${login}@msp.example`,
  name: login,
  amr: extra.amr ?? ['pwd', 'mfa'],
});

let h: Harness;
let entra: EntraProcess;
const graph = new GraphSim();
let n = 0;

beforeAll(async () => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  entra = await startEntra({
    ...CLIENT,
    redirectUris: [`${base}/auth/callback`],
    accounts: [
      account('dana', IDS.tech),
      account('nomfa', IDS.admin, { amr: ['pwd'] }),
      // The same person signing in again, this time with MFA.
      account('nomfa-mfa', IDS.admin, { upn: 'nomfa@msp.example' }),
      account('mallory', 'oid-mallory', { tid: 'tenant-evil' }),
      account('gina', 'oid-gina'),
    ],
  });
  await graph.start();
  graph.users.set(IDS.tech, { accountEnabled: true, groups: [] });
  graph.users.set(IDS.admin, { accountEnabled: true, groups: [] });
  // Gina is a tech through nested groups only: Graph's transitive membership finds it.
  graph.users.set('oid-gina', {
    accountEnabled: true,
    groups: ['grp-all-staff', 'grp-helpdesk', 'grp-techs'],
  });
  const yaml =
    TEST_CONFIG.replace(`tech: ['${IDS.tech}']`, `tech: ['${IDS.tech}', 'grp-techs']`) +
    'security: { stepUpMinutes: 15, roleCacheSeconds: 0 }\n';
  h = await startHarness(
    {
      ENTRA_CLIENT_ID: CLIENT.clientId,
      ENTRA_CLIENT_SECRET: CLIENT.clientSecret,
      ENTRA_AUTHORITY: entra.issuer,
      ENTRA_CA_CERT: entra.caFile,
      GRAPH_BASE_URL: `${graph.url}/v1.0`,
      PUBLIC_URL: base,
    },
    { port, yaml },
  );
}, 40_000);
afterAll(async () => {
  await h?.stop();
  await graph.stop();
  entra?.stop();
});

async function slack(text: string, user: string) {
  const { id, body } = slashCommandBody(h.slack, text, user);
  await postToSlack(h.baseUrl, { body });
  return JSON.stringify((await h.slack.waitForResponse(id, 10_000)).body);
}

/** The sign-in link the bot gave, from the Slack answer. */
const linkIn = (answer: string) =>
  /(http:\/\/127\.0\.0\.1:\d+\/auth\/login\?ticket=[\w-]+)/.exec(answer)?.[1] ?? '';

async function signIn(
  user: string,
  login: string,
): Promise<{ status: number; body: string; callback: string }> {
  // The Slack account belongs to the person who signs in (the bot checks the e-mail).
  h.slack.emails.set(user, `${login.replace(/-mfa$/, '')}@msp.example`);
  const callback = await signInWithoutBrowser(
    linkIn(await slack('login', user)),
    login,
    entra.ca,
    entra.issuer,
  );
  const res = await fetchOnce(callback);
  return { status: res.status, body: res.body, callback };
}

const newUser = () => `U0NEW${String(++n).padStart(5, '0')}`;

describe('Slack sign-in with Entra ID, over HTTP, no browser', () => {
  test('link → provider → callback → linked → a tech command works', async () => {
    const user = newUser();
    expect(await slack('patch-status acme', user)).toContain('not allowed');
    const { status, body } = await signIn(user, 'dana');
    expect(status).toBe(200);
    expect(body).toContain('Signed in as dana@msp.example');
    const dm = await h.slack.server.waitFor(
      (r) =>
        r.path === '/api/chat.postMessage' && (r.body as { channel?: string }).channel === user,
    );
    expect((dm.body as { text: string }).text).toBe('Signed in as dana@msp.example with MFA.');
    const after = await slack('patch-status acme', user);
    expect(after).toContain('Acme Corp:');
    expect(await slack('whoami', user)).toContain('signed in as dana@msp.example');
    expect(await slack('logout', user)).toContain('Signed out');
    expect(await slack('patch-status acme', user)).toContain('not allowed');
  });

  test('roles through nested Entra groups (Graph), and a disabled account loses them', async () => {
    const user = newUser();
    await signIn(user, 'gina');
    const first = await slack('patch-status acme', user);
    expect(first).toContain('Acme Corp:');
    (graph.users.get('oid-gina') as { accountEnabled: boolean }).accountEnabled = false;
    expect(await slack('patch-status acme', user)).toContain('not allowed');
    (graph.users.get('oid-gina') as { accountEnabled: boolean }).accountEnabled = true;
  });

  test('a replayed or tampered state is refused and links nobody', async () => {
    const user = newUser();
    const { callback } = await signIn(user, 'dana');
    const replay = await fetchOnce(callback);
    expect(replay.status).toBe(400);
    const tampered = new URL(callback);
    tampered.searchParams.set('state', 'not-a-state-we-issued');
    expect((await fetchOnce(tampered.toString())).status).toBe(400);
  });

  test('a sign-in from another tenant is refused', async () => {
    const user = newUser();
    const { status, body } = await signIn(user, 'mallory');
    expect(status).toBe(403);
    expect(body).toContain('tenant-evil');
    expect(await slack('whoami', user)).toContain('not signed in');
  });

  /** Starts a sign-in and lets a test change what the bot stored for it, as an attacker might. */
  async function tamperedSignIn(
    change: (attempt: Record<string, unknown>) => Record<string, unknown>,
    ttlMs?: number,
  ) {
    const user = newUser();
    h.slack.emails.set(user, 'dana@msp.example');
    const start = await fetchOnce(linkIn(await slack('login', user)));
    const state = new URL(start.location ?? '').searchParams.get('state') ?? '';
    const key = `signin:state:${state}`;
    const stored = await h.bot.store.get(key);
    await h.bot.store.set(
      key,
      JSON.stringify(change(JSON.parse(stored?.value ?? '{}'))),
      ttlMs ? { ttlMs } : undefined,
    );
    if (ttlMs) await new Promise((r) => setTimeout(r, ttlMs + 20));
    const callback = await signInWithoutBrowser(
      start.location ?? '',
      'dana',
      entra.ca,
      entra.issuer,
    );
    const res = await fetchOnce(callback);
    return { res, user };
  }

  test('PKCE verifier mismatch, wrong nonce and an expired state are all refused', async () => {
    for (const [change, ttl] of [
      [(a: Record<string, unknown>) => ({ ...a, verifier: 'x'.repeat(43) }), undefined],
      [(a: Record<string, unknown>) => ({ ...a, nonce: 'another-nonce' }), undefined],
      [(a: Record<string, unknown>) => a, 30],
    ] as const) {
      const { res, user } = await tamperedSignIn(change, ttl);
      expect(res.status).toBe(400);
      expect(await slack('patch-status acme', user)).toContain('not allowed');
    }
  });
});

describe('a forwarded sign-in link', () => {
  test('someone else signing in with it links nothing', async () => {
    const user = newUser();
    h.slack.emails.set(user, 'gina@msp.example'); // the Slack account is Gina's
    const callback = await signInWithoutBrowser(
      linkIn(await slack('login', user)),
      'dana',
      entra.ca,
      entra.issuer,
    );
    const res = await fetchOnce(callback);
    expect(res.status).toBe(403);
    expect(res.body).toContain('but your Slack account is gina@msp.example');
    expect(await slack('whoami', user)).toContain('not signed in');
  });
});

describe('Teams sign-in (for step-up)', () => {
  test('signing in with another account than the Teams one links nothing; the same account links', async () => {
    const ask = teamsMessage(h.connector.url, 'login', IDS.tech);
    await postActivity(h.baseUrl, ask);
    const card = JSON.stringify(
      (await h.connector.waitForActivity((a) => a.activityId === ask.id)).activity,
    );
    const link = /(http:\/\/127\.0\.0\.1:\d+\/auth\/login\?ticket=[\w-]+)/.exec(card)?.[1] ?? '';
    const wrong = await fetchOnce(await signInWithoutBrowser(link, 'gina', entra.ca, entra.issuer));
    expect(wrong.status).toBe(403);
    expect(wrong.body).toContain('different account than the one you use in Teams');

    const again = teamsMessage(h.connector.url, 'login', IDS.tech);
    await postActivity(h.baseUrl, again);
    const card2 = JSON.stringify(
      (await h.connector.waitForActivity((a) => a.activityId === again.id)).activity,
    );
    const link2 = /(http:\/\/127\.0\.0\.1:\d+\/auth\/login\?ticket=[\w-]+)/.exec(card2)?.[1] ?? '';
    expect(
      (await fetchOnce(await signInWithoutBrowser(link2, 'dana', entra.ca, entra.issuer))).status,
    ).toBe(200);
  });
});

describe('step-up for privileged acts', () => {
  test('without MFA a multi-device deployment waits for a sign-in with MFA, then finishes by itself', async () => {
    const user = newUser();
    await signIn(user, 'nomfa'); // an MSP admin, but signed in with a password only
    const ask = await slack('patch-now acme Laptops', user);
    const buttons = (
      JSON.parse(ask) as { blocks: { elements?: { action_id: string; value: string }[] }[] }
    ).blocks.flatMap((bl) => bl.elements ?? []);
    const confirm = buttons.find((e) => e.action_id?.startsWith('patch-now.confirm'));
    expect(confirm).toBeDefined();
    const runsBefore = h.action1.server.requests.filter(
      (r) => r.method === 'POST' && r.path.includes('/automations/instances/'),
    ).length;
    const payload = {
      type: 'block_actions',
      user: { id: user, team_id: 'T0SIMTEAM' },
      team: { id: 'T0SIMTEAM' },
      channel: { id: 'C0GENERAL' },
      response_url: h.slack.responseUrl(`stepup-${user}`),
      trigger_id: `t-${user}`,
      actions: [{ action_id: confirm?.action_id, value: confirm?.value, type: 'button' }],
    };
    await postToSlack(h.baseUrl, {
      body: `payload=${encodeURIComponent(JSON.stringify(payload))}`,
    });
    const held = JSON.stringify((await h.slack.waitForResponse(`stepup-${user}`)).body);
    expect(held).toContain('needs a sign-in with MFA');
    const [audited] = await h.bot.audit.read(await h.bot.store.logLength(AUDIT_LOG), 1);
    expect(audited).toEqual(
      expect.objectContaining({
        act: 'card:patch-now.confirm',
        outcome: 'step-up',
        detail: 'sign-in without MFA',
      }),
    );
    const runsHeld = h.action1.server.requests.filter(
      (r) => r.method === 'POST' && r.path.includes('/automations/instances/'),
    ).length;
    expect(runsHeld).toBe(runsBefore);

    // Sign in again through the step-up link, with MFA this time: the deployment starts.
    const stepUpLink =
      /(http:\/\/127\.0\.0\.1:\d+\/auth\/login\?ticket=[\w-]+)/.exec(held)?.[1] ?? '';
    const callback = await signInWithoutBrowser(stepUpLink, 'nomfa-mfa', entra.ca, entra.issuer);
    expect((await fetchOnce(callback)).status).toBe(200);
    await h.slack.server.waitFor(
      (r) => r.path === '/api/chat.postMessage' && JSON.stringify(r.body).includes('Started by'),
      10_000,
    );
  });
});
