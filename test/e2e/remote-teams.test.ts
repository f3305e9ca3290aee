import { fetchOnce, signInWithoutBrowser } from '../helpers/browserless';
import { IDS, postActivity, teamsInvoke, teamsMessage } from '../helpers/harness';
import { linkIn, useSignInWorld } from '../helpers/sign-in-world';
import { accessYaml, eventually, movableClock, requestIdIn } from '../helpers/access-e2e';
import { MeshCentralSim } from '../../sim/meshcentral';
import { pressButtonIn } from '../helpers/slack-click';

const APPROVALS = '19:acme-approvals@thread.tacv2';
const ADMINS = '19:msp-admins@thread.tacv2';
const ACME_MESH = 'mesh//acme-devices';
const MESH_ACCOUNT = { user: 'msp-chatops', password: 'mesh-pass' };
// MeshCentral with session recording on: the fallback when Action1 can't reach a device.
const mesh = new MeshCentralSim(MESH_ACCOUNT);
mesh.recordSessions = true;
beforeAll(() => mesh.start());
afterAll(() => mesh.stop());

const time = movableClock();
const world = useSignInWorld({
  yaml: (base) =>
    accessYaml({ channel: 'teams', id: ADMINS })(base).replace(
      'unattended: { groups: [Servers] }',
      `unattended: { groups: [Servers] }\n    meshcentral: { groups: ['${ACME_MESH}'] }`,
    ),
  clock: time.clock,
  env: () => ({
    MESHCENTRAL_URL: mesh.url,
    MESHCENTRAL_USER: MESH_ACCOUNT.user,
    MESHCENTRAL_PASSWORD: MESH_ACCOUNT.password,
    MESHCENTRAL_RECORDINGS: 'true',
  }),
});
const personal = (aad: string) => `a:personal-${aad}`;
const tenantOf = (aad: string) =>
  aad === IDS.acmeApprover || aad === IDS.acmeViewer ? 'tenant-acme' : 'tenant-msp';

/** A message from this person, in their personal chat or a channel; the bot's answer as text. */
async function say(text: string, from: string, channel?: string): Promise<string> {
  const tenant = tenantOf(from);
  const activity = teamsMessage(world.h.connector.url, text, from, {
    conversation: channel
      ? { id: channel, conversationType: 'channel', tenantId: tenant }
      : { id: personal(from), conversationType: 'personal', tenantId: tenant },
    channelData: { tenant: { id: tenant } },
  });
  await postActivity(world.h.baseUrl, activity);
  const answer = await world.h.connector.waitForActivity(
    (a) => a.activityId === activity.id,
    10_000,
  );
  return JSON.stringify(answer.activity);
}

async function press(verb: string, data: Record<string, unknown>, from: string): Promise<string> {
  const tenant = tenantOf(from);
  const invoke = {
    ...teamsInvoke(world.h.connector.url, verb, data, from),
    channelData: { tenant: { id: tenant } },
  };
  const res = await postActivity(world.h.baseUrl, invoke);
  return JSON.stringify(await res.json());
}

/** Signs this Teams user in through the bot's link, as the named Entra account. */
async function teamsSignIn(aad: string, login: string): Promise<void> {
  const link = linkIn(await say('login', aad));
  const res = await fetchOnce(
    await signInWithoutBrowser(link, login, world.entra.ca, world.entra.issuer),
  );
  expect(res.status).toBe(200);
}

const sentTo = (conversation: string, needle: string) =>
  world.h.connector.activities.find(
    (a) =>
      a.kind === 'send' &&
      a.conversationId === conversation &&
      JSON.stringify(a.activity).includes(needle),
  );
const device = (n: number) =>
  world.h.action1.endpointsOf('acme-org').filter((e) => e.online)[n]?.name ?? 'none';

describe('remote sessions in Teams', () => {
  beforeAll(async () => {
    expect(await say('subscribe acme approvals', IDS.admin, APPROVALS)).toContain('approvals');
    await say('help', IDS.admin, ADMINS); // the bot now knows the admins' channel
    await teamsSignIn(IDS.acmeApprover, 'ann');
    await teamsSignIn(IDS.tech, 'dana');
  }, 30_000);

  test('Ann approves from her Teams: the link reaches the tech’s personal chat, the channel card shows it', async () => {
    const asked = await say(`remote ${device(0)} Outlook crashes at start`, IDS.tech);
    // The channel, Ann's Teams chat, and Ann's Slack DM (she is mapped in slackUsers too).
    expect(asked).toContain("I asked Acme Corp's approvers (3 places)");
    const id = requestIdIn(asked);
    await eventually(() => sentTo(APPROVALS, id));
    await eventually(() => sentTo(personal(IDS.acmeApprover), id));
    const answer = await press('access.approve', { id }, IDS.acmeApprover);
    expect(answer).toContain('Approved by ann@msp.example');
    await eventually(() => sentTo(personal(IDS.tech), 'https://app.action1.com/rs/'));
    await eventually(() =>
      world.h.connector.activities.find(
        (a) =>
          a.kind === 'update' &&
          a.conversationId === APPROVALS &&
          JSON.stringify(a.activity).includes('Approved by'),
      ),
    );
    // The link went to the tech only.
    expect(sentTo(APPROVALS, '/rs/')).toBeUndefined();
  });

  test('an approver who has not signed in with MFA gets a sign-in card; nothing is decided', async () => {
    const id = requestIdIn(await say(`remote ${device(1)} printer`, IDS.tech));
    expect(await press('access.approve', { id }, 'oid-tara')).toContain('needs a sign-in with MFA');
    expect((await world.h.bot.access.desk.book.get(id))?.state).toBe('requested');
    // A forged card naming another request id shape is turned away before anything runs.
    expect(await press('access.approve', { id: 'acme' }, IDS.acmeApprover)).toContain(
      'could not accept',
    );
  });

  test('Ann denies with a reason; Gil (Globex) and Tara (the requester) are refused', async () => {
    const id = requestIdIn(await say(`remote ${device(2)} reset the profile`, IDS.tech));
    expect(await press('access.approve', { id }, 'oid-gil')).toContain(
      "Only Acme Corp's approvers",
    );
    const denied = await press('access.deny', { id, note: 'User is presenting' }, IDS.acmeApprover);
    expect(denied).toContain('Denied by ann@msp.example');
    await eventually(() => sentTo(personal(IDS.tech), 'User is presenting'));
    const mine = requestIdIn(await say(`remote ${device(3)} slow`, 'oid-tara'));
    expect(await press('access.approve', { id: mine }, 'oid-tara')).toContain(
      'cannot answer it yourself',
    );
  });

  test('a waiting request opened from the sessions list is answered on its own card', async () => {
    const id = requestIdIn(await say(`remote ${device(5)} disk full`, IDS.tech));
    const list = await say('sessions acme', IDS.acmeApprover);
    expect(list).toContain(`"verb":"access.open","data":{"id":"${id}"}`);
    const card = await press('access.open', { id }, IDS.acmeApprover);
    expect(card).toContain('Waiting for the customer’s approval');
    expect(card).toContain('"verb":"access.approve"');
    expect(await press('access.approve', { id }, IDS.acmeApprover)).toContain(
      'Approved by ann@msp.example',
    );
    // Globex's approver can't open Acme's request, whatever id the card carries.
    expect(await press('access.open', { id }, 'oid-gil')).toContain(
      'no customer `acme` you can see',
    );
    expect(await press('access.open', { id: 'ra-000000000000' }, IDS.acmeApprover)).toContain(
      'not known',
    );
  });

  test('through MeshCentral: the session record links its recording, in Teams and in Slack', async () => {
    // A workstation no other test asked about (servers are pre-approved in this config).
    const name =
      world.h.action1
        .endpointsOf('acme-org')
        .filter((e) => e.online && !e.os.startsWith('Windows Server'))
        .at(-1)?.name ?? 'none';
    world.h.action1.setOnline(name, false);
    const node = mesh.addNode(name, true, ACME_MESH);
    const id = requestIdIn(await say(`remote ${name} printer driver --minutes 5`, IDS.tech));
    expect(await press('access.approve', { id }, IDS.acmeApprover)).toContain('Approved by');
    await eventually(() => sentTo(personal(IDS.tech), `${mesh.url}/sharing?c=`));
    // The guest connects a minute in and stays 3 minutes; MeshCentral records it.
    const file = mesh.recordSession(node._id, new Date(time.clock().getTime() + 60_000), 180);
    time.advance(6);
    await world.h.bot.access.keeper.run();
    expect(mesh.shares.size).toBe(0);
    time.advance(1);
    await world.h.bot.access.keeper.run();
    const link = `${mesh.url}/recordings.ashx?file=${encodeURIComponent(file)}`;
    const card = await press('access.open', { id }, IDS.acmeApprover);
    expect(card).toContain('Recording (3 min)');
    expect(card).toContain(link);
    await world.signIn(IDS.slackTech, 'dana');
    const inSlack = await pressButtonIn(
      world.h,
      await world.slack('sessions acme', IDS.slackTech),
      'access.open',
      IDS.slackTech,
    );
    expect(inSlack).toContain('Recording (3 min)');
    expect(inSlack).toContain(link);
  });

  test('break-glass from Teams, reviewed by an admin with a comment typed on the card', async () => {
    const done = await say('break-glass acme domain controller down, need it now', IDS.tech);
    expect(done).toContain('Break-glass for Acme Corp is on until');
    const id = requestIdIn(done);
    await eventually(() => sentTo(ADMINS, 'BREAK-GLASS'));
    await eventually(() => sentTo(APPROVALS, 'BREAK-GLASS'));
    const reviewed = await press(
      'access.review',
      { id, verdict: 'not-justified', comment: 'No ticket was opened first' },
      IDS.admin,
    );
    expect(reviewed).toContain('NOT justified by');
    expect(reviewed).toContain('No ticket was opened first');
    time.advance(61);
    await world.h.bot.access.keeper.run();
    await eventually(() => sentTo(ADMINS, 'has ended'));
  });

  test("Acme's viewer reads who touched Acme's devices, and nothing of Globex", async () => {
    const history = await say('sessions', IDS.acmeViewer);
    expect(history).toContain('Remote access to Acme Corp, newest first');
    expect(history).toContain('approved by ann@msp.example');
    expect(history).toContain('break-glass');
    expect(await say('sessions globex', IDS.acmeViewer)).toContain(
      'You are not allowed to run `sessions`',
    );
  });

  test('unanswered: reminded in the channel, escalated to the admins’ channel, then expired', async () => {
    const id = requestIdIn(await say(`remote ${device(4)} VPN`, IDS.tech));
    await eventually(() => sentTo(APPROVALS, id));
    time.advance(15);
    await world.h.bot.access.keeper.run();
    await eventually(() => sentTo(APPROVALS, 'Reminder:'));
    time.advance(15);
    await world.h.bot.access.keeper.run();
    await eventually(() => sentTo(ADMINS, id));
    time.advance(15);
    await world.h.bot.access.keeper.run();
    await eventually(() => sentTo(personal(IDS.tech), 'expired'));
    expect((await world.h.bot.access.desk.book.get(id))?.state).toBe('expired');
  });
});
