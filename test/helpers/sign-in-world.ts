import { GraphSim } from '../../sim/graph-sim';
import { fetchOnce, signInWithoutBrowser } from './browserless';
import { startEntra, type EntraProcess } from './entra';
import { freePort, IDS, slashCommand, startHarness, TEST_CONFIG, type Harness } from './harness';

/**
 * The world the sign-in tests run in: the bot on a known port (its callback URL must be known to
 * the identity provider), the Entra simulator in its own process, and the Graph simulator.
 */
export interface SignInWorld {
  h: Harness;
  entra: EntraProcess;
  graph: GraphSim;
  slack(text: string, user: string): Promise<string>;
  signIn(user: string, login: string): Promise<{ status: number; body: string; callback: string }>;
  newUser(): string;
  stop(): Promise<void>;
}

/** The sign-in link the bot gave, from a chat answer. */
export const linkIn = (answer: string) =>
  /(http:\/\/127\.0\.0\.1:\d+\/auth\/login\?ticket=[\w-]+)/.exec(answer)?.[1] ?? '';

export interface WorldOptions {
  /** Changes to the bot's config for this file's tests. */
  yaml?: (base: string) => string;
  clock?: () => Date;
  /** More settings, read when the world starts (a simulator's address known only by then). */
  env?: () => Record<string, string>;
}

export async function startSignInWorld(options: WorldOptions = {}): Promise<SignInWorld> {
  const CLIENT = { clientId: 'msp-bot', clientSecret: 'msp-bot-secret' };
  const account = (
    login: string,
    oid: string,
    extra: Partial<{ tid: string; amr: string[]; upn: string; groups: string[] }> = {},
  ) => ({
    login,
    oid,
    tid: extra.tid ?? 'tenant-msp',
    upn: extra.upn ?? `${login}@msp.example`,
    name: login,
    amr: extra.amr ?? ['pwd', 'mfa'],
    groups: extra.groups,
  });

  const graph = new GraphSim();
  let n = 0;

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const entra = await startEntra({
    ...CLIENT,
    redirectUris: [`${base}/auth/callback`],
    accounts: [
      account('dana', IDS.tech),
      account('nomfa', IDS.admin, { amr: ['pwd'] }),
      // The same person signing in again, this time with MFA.
      account('nomfa-mfa', IDS.admin, { upn: 'nomfa@msp.example' }),
      account('mallory', 'oid-mallory', { tid: 'tenant-evil' }),
      account('gina', 'oid-gina'),
      // Hugo's ID token says he is in the techs' group; Graph is where he is (or was) really.
      account('hugo', 'oid-hugo', { groups: ['grp-techs'] }),
      // Customer contacts sign in from their own tenant.
      account('ann', IDS.acmeApprover, { tid: 'tenant-acme' }),
      account('annpwd', IDS.acmeApprover, { tid: 'tenant-acme', amr: ['pwd'] }),
      account('gil', 'oid-gil'),
      account('tara', 'oid-tara'),
    ],
  });
  await graph.start();
  graph.users.set(IDS.tech, { accountEnabled: true, groups: [] });
  graph.users.set(IDS.admin, { accountEnabled: true, groups: [] });
  for (const oid of [IDS.acmeApprover, IDS.acmeViewer, 'oid-gil', 'oid-tara'])
    graph.users.set(oid, { accountEnabled: true, groups: [] });
  graph.users.set('oid-hugo', { accountEnabled: true, groups: ['grp-techs'] });
  // Gina is a tech through nested groups only: Graph's transitive membership finds it.
  graph.users.set('oid-gina', {
    accountEnabled: true,
    groups: ['grp-all-staff', 'grp-helpdesk', 'grp-techs'],
  });
  const config =
    TEST_CONFIG.replace(`tech: ['${IDS.tech}']`, `tech: ['${IDS.tech}', 'grp-techs']`) +
    'security: { stepUpMinutes: 15, roleCacheSeconds: 0 }\n';
  const yaml = options.yaml ? options.yaml(config) : config;
  const h = await startHarness(
    {
      ENTRA_CLIENT_ID: CLIENT.clientId,
      ENTRA_CLIENT_SECRET: CLIENT.clientSecret,
      ENTRA_AUTHORITY: entra.issuer,
      ENTRA_CA_CERT: entra.caFile,
      GRAPH_BASE_URL: `${graph.url}/v1.0`,
      PUBLIC_URL: base,
      ...options.env?.(),
    },
    { port, yaml, clock: options.clock },
  );

  const slack = (text: string, user: string) => slashCommand(h, text, user);

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

  return {
    h,
    entra,
    graph,
    slack,
    signIn,
    newUser,
    stop: async () => {
      await h.stop();
      await graph.stop();
      entra.stop();
    },
  };
}

/** Starts the world before this file's tests and stops it after; the result reads the live one. */
export function useSignInWorld(options: WorldOptions = {}): SignInWorld {
  let world: SignInWorld | undefined;
  beforeAll(async () => {
    world = await startSignInWorld(options);
  }, 40_000);
  afterAll(() => world?.stop());
  const live = () => {
    if (!world) throw new Error('the sign-in world has not started');
    return world;
  };
  return {
    get h() {
      return live().h;
    },
    get entra() {
      return live().entra;
    },
    get graph() {
      return live().graph;
    },
    slack: (text, user) => live().slack(text, user),
    signIn: (user, login) => live().signIn(user, login),
    newUser: () => live().newUser(),
    stop: () => live().stop(),
  };
}
