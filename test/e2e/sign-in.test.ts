import { fetchOnce, signInWithoutBrowser } from '../helpers/browserless';
import { linkIn, useSignInWorld } from '../helpers/sign-in-world';

const world = useSignInWorld();
const { slack, signIn, newUser } = world;

describe('Slack sign-in with Entra ID, over HTTP, no browser', () => {
  test('link → provider → callback → linked → a tech command works', async () => {
    const user = newUser();
    expect(await slack('patch-status acme', user)).toContain('not allowed');
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
    expect(await slack('patch-status acme', user)).toContain('not allowed');
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
      expect(await slack('patch-status acme', user)).toContain('not allowed');
    }
  });
});
