import { AUDIT_LOG } from '../../src/core/audit';
import { fetchOnce, signInWithoutBrowser } from '../helpers/browserless';
import { IDS, postActivity, pressButtonIn, teamsMessage } from '../helpers/harness';
import { linkIn, useSignInWorld } from '../helpers/sign-in-world';

const world = useSignInWorld();
const { slack, signIn, newUser } = world;

describe('a forwarded sign-in link', () => {
  test('someone else signing in with it links nothing', async () => {
    const user = newUser();
    world.h.slack.emails.set(user, 'gina@msp.example'); // the Slack account is Gina's
    const callback = await signInWithoutBrowser(
      linkIn(await slack('login', user)),
      'dana',
      world.entra.ca,
      world.entra.issuer,
    );
    const res = await fetchOnce(callback);
    expect(res.status).toBe(403);
    expect(res.body).toContain('but your Slack account is gina@msp.example');
    expect(await slack('whoami', user)).toContain('not signed in');
  });
});

describe('Teams sign-in (for step-up)', () => {
  test('signing in with another account than the Teams one links nothing; the same account links', async () => {
    const ask = teamsMessage(world.h.connector.url, 'login', IDS.tech);
    await postActivity(world.h.baseUrl, ask);
    const card = JSON.stringify(
      (await world.h.connector.waitForActivity((a) => a.activityId === ask.id)).activity,
    );
    const link = /(http:\/\/127\.0\.0\.1:\d+\/auth\/login\?ticket=[\w-]+)/.exec(card)?.[1] ?? '';
    const wrong = await fetchOnce(
      await signInWithoutBrowser(link, 'gina', world.entra.ca, world.entra.issuer),
    );
    expect(wrong.status).toBe(403);
    expect(wrong.body).toContain('different account than the one you use in Teams');

    const again = teamsMessage(world.h.connector.url, 'login', IDS.tech);
    await postActivity(world.h.baseUrl, again);
    const card2 = JSON.stringify(
      (await world.h.connector.waitForActivity((a) => a.activityId === again.id)).activity,
    );
    const link2 = /(http:\/\/127\.0\.0\.1:\d+\/auth\/login\?ticket=[\w-]+)/.exec(card2)?.[1] ?? '';
    expect(
      (
        await fetchOnce(
          await signInWithoutBrowser(link2, 'dana', world.entra.ca, world.entra.issuer),
        )
      ).status,
    ).toBe(200);
  });
});

describe('step-up for privileged acts', () => {
  test('without MFA a multi-device deployment waits for a sign-in with MFA, then finishes by itself', async () => {
    const user = newUser();
    await signIn(user, 'nomfa'); // an MSP admin, but signed in with a password only
    const ask = await slack('patch-now acme Laptops', user);
    const runsBefore = world.h.action1.server.requests.filter(
      (r) => r.method === 'POST' && r.path.includes('/automations/instances/'),
    ).length;
    const held = await pressButtonIn(world.h, ask, 'patch-now.confirm', user);
    expect(held).toContain('needs a sign-in with MFA');
    const [audited] = await world.h.bot.audit.read(await world.h.bot.store.logLength(AUDIT_LOG), 1);
    expect(audited).toEqual(
      expect.objectContaining({
        act: 'card:patch-now.confirm',
        outcome: 'step-up',
        detail: 'sign-in without MFA',
      }),
    );
    const runsHeld = world.h.action1.server.requests.filter(
      (r) => r.method === 'POST' && r.path.includes('/automations/instances/'),
    ).length;
    expect(runsHeld).toBe(runsBefore);

    // Sign in again through the step-up link, with MFA this time: the deployment starts.
    const stepUpLink =
      /(http:\/\/127\.0\.0\.1:\d+\/auth\/login\?ticket=[\w-]+)/.exec(held)?.[1] ?? '';
    const callback = await signInWithoutBrowser(
      stepUpLink,
      'nomfa-mfa',
      world.entra.ca,
      world.entra.issuer,
    );
    expect((await fetchOnce(callback)).status).toBe(200);
    await world.h.slack.server.waitFor(
      (r) => r.path === '/api/chat.postMessage' && JSON.stringify(r.body).includes('Started by'),
      10_000,
    );
  });

  test('a group of one when asked, grown when confirmed: the confirmation is counted again and asks for MFA', async () => {
    const user = newUser();
    await signIn(user, 'nomfa'); // an MSP admin, signed in with a password only
    const acme = world.h.action1.endpointsOf('acme-org');
    const [first, second, third] = acme;
    if (!first || !second || !third) throw new Error('the seeded fleet has no devices');
    const group = {
      id: 'grp-grows',
      name: 'FrontDesk',
      description: '',
      members: new Set([first.id]),
    };
    world.h.action1.madeGroups.set('acme-org', [
      ...(world.h.action1.madeGroups.get('acme-org') ?? []),
      group,
    ]);
    const ask = await slack('patch-now acme FrontDesk', user);
    expect(ask).toContain('FrontDesk: 1 device"');
    group.members.add(second.id).add(third.id); // someone adds two PCs before the click
    const runsBefore = world.h.action1.server.requests.filter(
      (r) => r.method === 'POST' && r.path.includes('/automations/instances/'),
    ).length;
    const held = await pressButtonIn(world.h, ask, 'patch-now.confirm', user);
    expect(held).toContain('needs a sign-in with MFA');
    const runs = world.h.action1.server.requests.filter(
      (r) => r.method === 'POST' && r.path.includes('/automations/instances/'),
    ).length;
    expect(runs).toBe(runsBefore);
  });
});
