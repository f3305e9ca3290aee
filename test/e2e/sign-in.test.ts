import { fetchOnce, signInWithoutBrowser } from '../helpers/browserless';
import { linkIn, useSignInWorld } from '../helpers/sign-in-world';
import { identityKey, type IdentityLink } from '../../src/core/identity-link';
import { IDS, pressButtonIn } from '../helpers/harness';

const world = useSignInWorld();
const { slack, signIn, newUser } = world;

describe('Slack sign-in with Entra ID, over HTTP, no browser', () => {
  test('link → provider → callback → linked → a tech command works', async () => {
    const user = newUser();
    expect(await slack('patch-status acme', user)).toContain('You have not signed in yet');
    const { status, body } = await signIn(user, 'dana');
    expect(status).toBe(200);
    expect(body).toContain('Signed in as dana@msp.example');
    const dm = await world.h.slack.server.waitFor(
      (r) =>
        r.path === '/api/chat.postMessage' && (r.body as { channel?: string }).channel === user,
    );
    expect((dm.body as { text: string }).text).toBe('Signed in as dana@msp.example with MFA.');
    const after = await slack('patch-status acme', user);
    expect(after).toContain('Acme Corp:');
    expect(await slack('whoami', user)).toContain('signed in as dana@msp.example');
    expect(await slack('logout', user)).toContain('Signed out');
    expect(await slack('patch-status acme', user)).toContain('You have not signed in yet');
  });

  test('not signed in yet: told to sign in, with the link, and the command runs right after signing in there', async () => {
    const user = newUser();
    const asked = await slack('patch-status acme', user);
    expect(asked).toContain("You have not signed in yet, so I don't know your roles");
    expect(asked).toContain('`/msp login`');
    expect(asked).toContain('"text":"Sign in"');
    expect(asked).not.toContain('Acme Corp:');
    world.h.slack.emails.set(user, 'dana@msp.example');
    const callback = await signInWithoutBrowser(
      linkIn(asked),
      'dana',
      world.entra.ca,
      world.entra.issuer,
    );
    expect((await fetchOnce(callback)).status).toBe(200);
    const answered = await world.h.slack.server.waitFor(
      (r) =>
        r.path === '/api/chat.postMessage' &&
        (r.body as { channel?: string }).channel === user &&
        JSON.stringify(r.body).includes('Acme Corp:'),
    );
    expect(JSON.stringify(answered.body)).toContain('Acme Corp:');
  });

  test('roles through nested Entra groups (Graph), and a disabled account loses them', async () => {
    const user = newUser();
    await signIn(user, 'gina');
    const first = await slack('patch-status acme', user);
    expect(first).toContain('Acme Corp:');
    (world.graph.users.get('oid-gina') as { accountEnabled: boolean }).accountEnabled = false;
    expect(await slack('patch-status acme', user)).toContain('not allowed');
    (world.graph.users.get('oid-gina') as { accountEnabled: boolean }).accountEnabled = true;
  });

  test('removed from the group in Entra: the role goes, though the saved ID token still lists the group', async () => {
    const user = newUser();
    await signIn(user, 'hugo');
    expect(await slack('patch-status acme', user)).toContain('Acme Corp:');
    const hugo = world.graph.users.get('oid-hugo') as { groups: string[] };
    hugo.groups = [];
    try {
      expect(await slack('patch-status acme', user)).toContain('not allowed');
    } finally {
      hugo.groups = ['grp-techs'];
    }
  });

  test('a user Graph answers 404 for (deleted) has no role, even one listed by id in the config', async () => {
    const user = newUser();
    await signIn(user, 'dana');
    expect(await slack('patch-status acme', user)).toContain('Acme Corp:');
    const dana = world.graph.users.get(IDS.tech);
    world.graph.users.delete(IDS.tech);
    try {
      const answer = await slack('patch-status acme', user);
      expect(answer).toContain('not allowed');
      expect(await slack('whoami', user)).toContain('account not found in Entra ID');
    } finally {
      if (dana) world.graph.users.set(IDS.tech, dana);
    }
  });

  test('a saved sign-in expires after security.signInDays (30)', async () => {
    const user = newUser();
    await signIn(user, 'dana');
    expect(await slack('patch-status acme', user)).toContain('Acme Corp:');
    const key = identityKey({ channel: 'slack', userId: user });
    const link = JSON.parse((await world.h.bot.store.get(key))?.value ?? '{}') as IdentityLink;
    const old = new Date(Date.now() - 31 * 24 * 3600_000).toISOString();
    await world.h.bot.store.set(key, JSON.stringify({ ...link, signedInAt: old }));
    expect(await slack('patch-status acme', user)).toContain('Your sign-in has expired');
    expect(await slack('whoami', user)).toContain('sign-in expired');
  });

  test('MFA freshness comes from the token’s auth_time, and the sign-in asks for it with max_age', async () => {
    const user = newUser();
    // The provider is asked to re-authenticate past the step-up window (15 min in this world).
    const start = await fetchOnce(linkIn(await slack('login', user)));
    expect(new URL(start.location ?? '').searchParams.get('max_age')).toBe('900');
    await signIn(user, 'dana');
    const key = identityKey({ channel: 'slack', userId: user });
    const link = JSON.parse((await world.h.bot.store.get(key))?.value ?? '{}') as IdentityLink;
    expect(Date.now() - Date.parse(link.authTime ?? '')).toBeLessThan(60_000);
    // The callback just ran, but the person last authenticated 20 minutes ago (an SSO session):
    // that MFA is not recent.
    const twentyAgo = new Date(Date.now() - 20 * 60_000).toISOString();
    await world.h.bot.store.set(key, JSON.stringify({ ...link, authTime: twentyAgo }));
    const ask = await slack('patch-now acme Laptops', user);
    const held = await pressButtonIn(world.h, ask, 'patch-now.confirm', user);
    expect(held).toContain('needs a sign-in with MFA in the last 15 minutes');
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
    world.h.slack.emails.set(user, 'dana@msp.example');
    const start = await fetchOnce(linkIn(await slack('login', user)));
    const state = new URL(start.location ?? '').searchParams.get('state') ?? '';
    const key = `signin:state:${state}`;
    const stored = await world.h.bot.store.get(key);
    await world.h.bot.store.set(
      key,
      JSON.stringify(change(JSON.parse(stored?.value ?? '{}'))),
      ttlMs ? { ttlMs } : undefined,
    );
    if (ttlMs) await new Promise((r) => setTimeout(r, ttlMs + 20));
    const callback = await signInWithoutBrowser(
      start.location ?? '',
      'dana',
      world.entra.ca,
      world.entra.issuer,
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
      expect(await slack('patch-status acme', user)).toContain('You have not signed in yet');
    }
  });
});
