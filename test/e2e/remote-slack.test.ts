import { AUDIT_LOG } from '../../src/core/audit';
import { slashCommand, IDS } from '../helpers/harness';
import {
  clickSlackButton,
  slackCardIn,
  slackCardTs,
  type SlackButton,
} from '../helpers/slack-cards';
import { useSignInWorld } from '../helpers/sign-in-world';
import {
  accessYaml,
  ADMINS,
  ANN,
  APPROVALS,
  eventually,
  movableClock,
  requestIdIn,
} from '../helpers/access-e2e';

const time = movableClock();
const world = useSignInWorld({
  yaml: accessYaml({ channel: 'slack', id: ADMINS }),
  clock: time.clock,
});

const say = (text: string, user: string, channel?: string) =>
  slashCommand(world.h, text, user, channel);
const cardIn = (channel: string, requestId: string) => slackCardIn(world.h, channel, requestId);
const click = (
  buttons: SlackButton[],
  verb: string,
  user: string,
  channel: string,
  typed?: Record<string, string>,
) => clickSlackButton(world.h, buttons, verb, user, channel, typed);
const tsOf = (channel: string, requestId: string) => slackCardTs(world.h, channel, requestId);

/** Acme's online workstations: servers are pre-approved for unattended access in this config. */
const device = () => {
  const online = world.h.action1
    .endpointsOf('acme-org')
    .filter((e) => e.online && !e.os.startsWith('Windows Server'));
  return (n: number) => online[n]?.name ?? 'none';
};
const server = () =>
  world.h.action1
    .endpointsOf('acme-org')
    .find((e) => e.online && e.os.startsWith('Windows Server'));
const dmsTo = (user: string) =>
  world.h.slack.posted
    .filter((p) => p.channel === world.h.slack.dm(user))
    .map((p) => JSON.stringify(p));
const request = async (id: string) => world.h.bot.access.desk.book.get(id);

describe('remote sessions in Slack', () => {
  beforeAll(async () => {
    // With Entra set up, Slack users sign in: the admin without MFA, the tech with.
    await world.signIn(IDS.slackAdmin, 'nomfa');
    await world.signIn(IDS.slackTech, 'dana');
    expect(await say('subscribe acme approvals', IDS.slackAdmin, APPROVALS)).toContain('approvals');
  });

  test('Ann approves with MFA: the tech gets the link privately, every copy shows who approved', async () => {
    await world.signIn(ANN, 'ann');
    const asked = await say(
      `remote ${device()(0)} printer queue is stuck --minutes 30`,
      IDS.slackTech,
    );
    expect(asked).toContain("I asked Acme Corp's approvers (2 places)");
    const id = requestIdIn(asked);
    const buttons = await cardIn(APPROVALS, id);
    await cardIn(world.h.slack.dm(ANN), id); // and privately to Ann
    const answer = await click(buttons, 'access.approve', ANN, APPROVALS);
    expect(answer).toContain('Approved by ann@msp.example');
    await eventually(() =>
      dmsTo(IDS.slackTech).find((m) => m.includes('https://app.action1.com/rs/')),
    );
    await eventually(() =>
      world.h.slack
        .calls('chat.update')
        .find((u) => JSON.stringify(u.body).includes('Approved by ann@msp.example')),
    );
    expect((await request(id))?.state).toBe('approved');
    const acts = (
      await world.h.bot.audit.read(1, await world.h.bot.store.logLength(AUDIT_LOG))
    ).map((e) => `${e.act}:${e.outcome}`);
    expect(acts).toEqual(
      expect.arrayContaining([
        'remote:ok',
        'access:requested:ok',
        'card:access.approve:ok',
        'access:approved:ok',
      ]),
    );
    await eventually(async () =>
      (await world.h.bot.audit.read(1, 1000)).find((e) => e.act === 'access:session-started'),
    );
  });

  test('without MFA the approval waits for a sign-in with MFA, and nothing opens', async () => {
    const id = requestIdIn(await say(`remote ${device()(1)} disk full`, IDS.slackTech));
    const buttons = await cardIn(APPROVALS, id);
    const pwdOnly = world.newUser();
    await world.signIn(pwdOnly, 'annpwd');
    expect(await click(buttons, 'access.approve', pwdOnly, APPROVALS)).toContain(
      'needs a sign-in with MFA',
    );
    expect((await request(id))?.state).toBe('requested');
  });

  test("another customer's approver, the requester, and a tech are all refused", async () => {
    const gil = world.newUser();
    await world.signIn(gil, 'gil');
    const tara = world.newUser();
    await world.signIn(tara, 'tara'); // a tech who also approves for Acme
    const id = requestIdIn(await say(`remote ${device()(2)} slow logon`, tara));
    const buttons = await cardIn(APPROVALS, id);
    expect(await click(buttons, 'access.approve', gil, APPROVALS)).toContain(
      "Only Acme Corp's approvers",
    );
    expect(await click(buttons, 'access.approve', tara, APPROVALS)).toContain(
      'cannot answer it yourself',
    );
    expect(await click(buttons, 'access.approve', IDS.slackTech, APPROVALS)).toContain(
      'not allowed',
    );
    expect((await request(id))?.state).toBe('requested');
  });

  test('Ann denies with a reason: the tech is told why, every copy says denied', async () => {
    const id = requestIdIn(await say(`remote ${device()(3)} reinstall Office`, IDS.slackTech));
    const annDm = world.h.slack.dm(ANN);
    const buttons = await cardIn(annDm, id);
    const dmCopy = tsOf(annDm, id);
    const channelButtons = await cardIn(APPROVALS, id);
    const answer = await click(buttons, 'access.deny', ANN, annDm, {
      note: 'Board meeting until 3pm',
    });
    expect(answer).toContain('Denied by ann@msp.example');
    await eventually(() => dmsTo(IDS.slackTech).find((m) => m.includes('Board meeting until 3pm')));
    expect((await request(id))?.state).toBe('denied');
    // Ann's DM copy is redrawn under the D… channel Slack answered with: no live buttons left.
    const redrawn = await eventually(() =>
      world.h.slack.updates.find((u) => u.channel === annDm && u.ts === dmCopy),
    );
    expect(JSON.stringify(redrawn.blocks)).not.toContain('access.approve');
    expect(JSON.stringify(redrawn.blocks)).toContain('Denied');
    // A late approval on the channel copy (clicked before it was redrawn) changes nothing.
    expect(await click(channelButtons, 'access.approve', ANN, APPROVALS)).toContain(
      'already denied',
    );
  });

  test('a copy that can no longer be redrawn is given up with a note; the other copies are still redrawn', async () => {
    const id = requestIdIn(await say(`remote ${device()(4)} printer driver`, IDS.slackTech));
    const annDm = world.h.slack.dm(ANN);
    const buttons = await cardIn(annDm, id);
    await cardIn(APPROVALS, id);
    const dmCopy = tsOf(annDm, id);
    // The approvals channel is deleted in Slack before Ann answers.
    world.h.slack.missingChannels.add(APPROVALS);
    try {
      await click(buttons, 'access.deny', ANN, annDm, { note: 'Not today' });
      await eventually(() =>
        world.h.slack.updates.find((u) => u.channel === annDm && u.ts === dmCopy),
      );
      const record = await eventually(async () => {
        const r = await request(id);
        return r?.copies.some((c) => c.gaveUp) && !r.redraw ? r : undefined;
      });
      const gone = record.copies.find((c) => c.place.conversationId === APPROVALS);
      expect(gone?.gaveUp).toContain('channel_not_found');
      // Later rounds leave it alone instead of failing on it for ever.
      const tries = () =>
        world.h.slack
          .calls('chat.update')
          .filter((c) => (c.body as { channel?: string }).channel === APPROVALS).length;
      const before = tries();
      await world.h.bot.access.keeper.run();
      expect(tries()).toBe(before);
    } finally {
      world.h.slack.missingChannels.delete(APPROVALS);
    }
  });

  test('break-glass: needs MFA, is announced, opens remote at once, and another admin reviews it', async () => {
    // The admin signed in without MFA: held back until a sign-in with MFA.
    expect(
      await say('break-glass acme file server encrypted, need access', IDS.slackAdmin),
    ).toContain('needs a sign-in with MFA');
    // The tech signed in with MFA: at once.
    const done = await say(
      'break-glass acme file server encrypted, need access now',
      IDS.slackTech,
    );
    expect(done).toContain('Break-glass for Acme Corp is on until');
    const announced = await eventually(() =>
      world.h.slack.posted.find((p) => p.channel === ADMINS && p.text.includes('BREAK-GLASS')),
    );
    const id = requestIdIn(JSON.stringify(announced.blocks));
    await eventually(() =>
      world.h.slack.posted.find((p) => p.channel === APPROVALS && p.text.includes('BREAK-GLASS')),
    );
    expect(await say(`remote ${device()(4)} check the share`, IDS.slackTech)).toContain(
      'Granted at once',
    );

    const buttons = await cardIn(ADMINS, id);
    expect(await click(buttons, 'access.review', IDS.slackTech, ADMINS)).toContain('not allowed');
    expect(await click(buttons, 'access.review:1', IDS.slackAdmin, ADMINS)).toContain('Say why');
    const reviewed = await click(buttons, 'access.review:1', IDS.slackAdmin, ADMINS, {
      comment: 'Should have phoned Acme first',
    });
    expect(reviewed).toContain('NOT justified');
    time.advance(61);
    await world.h.bot.access.keeper.run();
    await eventually(() =>
      world.h.slack.posted.find((p) => p.channel === ADMINS && p.text.includes('has ended')),
    );
    expect((await request(id))?.state).toBe('ended');
  });

  test('a server in a pre-approved group opens at once; Acme’s channel is told', async () => {
    const name = server()?.name ?? 'none';
    const answer = await say(`remote ${name} check the backup job`, IDS.slackTech);
    expect(answer).toContain('Granted at once');
    expect(answer).toContain('pre-approved unattended access');
    await eventually(() =>
      world.h.slack.posted.find(
        (p) =>
          p.channel === APPROVALS && p.text.includes(name) && p.text.includes('Granted at once'),
      ),
    );
    await eventually(() =>
      dmsTo(IDS.slackTech).find((m) => m.includes(name) && m.includes('/rs/')),
    );
  });

  test('a name two customers use is not guessed; the wrong name gets the closest ones', async () => {
    const name = device()(6);
    const twin = world.h.action1.endpointsOf('acme-org').find((e) => e.name === name);
    if (!twin) throw new Error('no device');
    world.h.action1.fleet.endpoints.push({ ...twin, id: `${twin.id}-twin`, orgId: 'globex-org' });
    const ambiguous = await say(`remote ${name} printer`, IDS.slackTech);
    expect(ambiguous).toContain('is a device at Acme Corp (`acme`) and Globex Ltd (`globex`)');
    expect(ambiguous).toContain(`remote ${name} --customer acme`);
    expect(await say(`remote ${name} printer --customer globex`, IDS.slackTech)).toContain(
      'Globex Ltd has no approvers or approvals channel I can reach',
    );
    const typo = await say(`remote ${name.slice(0, -1)}X printer`, IDS.slackTech);
    expect(typo).toContain('There is no device');
    expect(typo).toContain('Closest:');
  });

  test('unanswered: reminded, escalated to the admins’ channel, expired, and the card says so', async () => {
    const name = device()(5);
    const id = requestIdIn(await say(`remote ${name} VPN broken`, IDS.slackTech));
    await cardIn(APPROVALS, id);
    time.advance(15);
    await world.h.bot.access.keeper.run();
    await eventually(() =>
      world.h.slack.posted.find((p) => p.channel === APPROVALS && p.text.startsWith('Reminder:')),
    );
    time.advance(15);
    await world.h.bot.access.keeper.run();
    await cardIn(ADMINS, id);
    time.advance(15);
    await world.h.bot.access.keeper.run();
    expect((await request(id))?.state).toBe('expired');
    await eventually(() => dmsTo(IDS.slackTech).find((m) => m.includes('expired')));
    await eventually(() =>
      world.h.slack
        .calls('chat.update')
        .find(
          (u) =>
            JSON.stringify(u.body).includes(name) &&
            JSON.stringify(u.body).includes('Expired unanswered'),
        ),
    );
  });
});
