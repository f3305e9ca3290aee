import {
  IDS,
  openPersonalChat,
  postActivity,
  slashCommand,
  startHarness,
  teamsInvoke,
  teamsMessage,
  type Harness,
} from '../helpers/harness';
import { until } from '../helpers/bot-process';

/**
 * Private stays private: an install link never reaches a shared channel, and a channel bound to
 * a customer (its people may be in it) shows no other customer's data.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

const ACME_CHANNEL = 'C0ACMESHARED';

describe('a channel bound to a customer', () => {
  beforeAll(async () => {
    expect(await slashCommand(h, 'subscribe acme alerts', IDS.slackAdmin, ACME_CHANNEL)).toContain(
      'Acme Corp',
    );
  });

  test.each(['patch-status globex', 'devices globex', 'alerts globex', 'report monthly globex'])(
    '"%s" there is refused, naming why',
    async (command) => {
      const answer = await slashCommand(h, command, IDS.slackTech, ACME_CHANNEL);
      expect(answer).toContain(
        "This channel belongs to Acme Corp, so I don't show Globex Ltd here",
      );
    },
  );

  test('a device of another customer is not found there', async () => {
    const globexDevice = h.action1.endpointsOf('globex-org')[0]?.name ?? '';
    const answer = await slashCommand(h, `remote ${globexDevice} fix`, IDS.slackTech, ACME_CHANNEL);
    expect(answer).not.toContain('Globex Ltd');
    expect(answer).not.toContain('approver');
  });

  test('the bound customer is still served there, and the other one in a channel of its own', async () => {
    expect(await slashCommand(h, 'patch-status', IDS.slackTech, ACME_CHANNEL)).toContain(
      'Acme Corp',
    );
    expect(await slashCommand(h, 'patch-status globex', IDS.slackTech, 'C0ELSEWHERE')).toContain(
      'Globex Ltd',
    );
  });

  test('unsubscribe undoes the binding: the channel says so, and Globex is shown there again', async () => {
    const BOUND = 'C0BOUNDTHENFREE';
    await slashCommand(h, 'subscribe acme alerts', IDS.slackAdmin, BOUND);
    expect(await slashCommand(h, 'patch-status globex', IDS.slackTech, BOUND)).toContain(
      'This channel belongs to Acme Corp',
    );
    expect(await slashCommand(h, 'unsubscribe acme', IDS.slackAdmin, BOUND)).toContain(
      'It belongs to no customer any more',
    );
    const after = await slashCommand(h, 'patch-status globex', IDS.slackTech, BOUND);
    expect(after).not.toContain('This channel belongs to');
    expect(after).toContain('Globex Ltd');
    expect(await slashCommand(h, 'unsubscribe acme', IDS.slackAdmin, BOUND)).toContain(
      'nothing changed',
    );
  });
});

describe('the onboarding install link', () => {
  const TECH = IDS.tech;
  const CHANNEL = '19:msp-techs@thread.tacv2';
  const sheet = {
    customer: 'acme',
    hostname: 'ACME-PRIV-01',
    user: 'jane.doe',
    os: 'Windows 11',
    location: 'Berlin office',
  };
  const inChannel = () => h.connector.activities.filter((a) => a.conversationId === CHANNEL);

  test('started in a Teams channel with no personal chat known: the link waits, the channel never sees it, the card says how', async () => {
    // The bot was added to the team: Teams told it the channel's address.
    const channel = { id: CHANNEL, conversationType: 'channel', tenantId: 'tenant-msp' };
    const installed = await postActivity(h.baseUrl, {
      ...teamsMessage(h.connector.url, '', IDS.admin),
      type: 'conversationUpdate',
      text: undefined,
      conversation: channel,
    });
    expect(installed.status).toBeLessThan(300);
    const click = teamsInvoke(h.connector.url, 'onboard.start', sheet, TECH);
    const started = await postActivity(h.baseUrl, {
      ...click,
      conversation: channel,
    });
    expect(JSON.stringify(await started.json())).toContain('Onboarding ACME-PRIV-01');
    await h.bot.onboarding.runner.run();
    await until('the progress card', () =>
      inChannel().some((a) => JSON.stringify(a.activity).includes('Onboarding ACME-PRIV-01')),
    );
    await until('the card saying how to get the link', () =>
      inChannel().some((a) =>
        JSON.stringify(a.activity).includes('I know no personal chat with you yet'),
      ),
    );
    expect(JSON.stringify(inChannel())).not.toContain('/agent');
  });

  test('once the technician opens a personal chat, the link goes there, and still not to the channel', async () => {
    const personal = await openPersonalChat(h, TECH);
    await h.bot.onboarding.runner.run();
    await until('the link in the personal chat', () =>
      h.connector.activities.some(
        (a) =>
          a.conversationId === personal &&
          JSON.stringify(a.activity).includes('Download the agent'),
      ),
    );
    expect(JSON.stringify(inChannel())).not.toContain('Download the agent');
    const link = h.connector.activities.find(
      (a) =>
        a.conversationId === personal && JSON.stringify(a.activity).includes('Download the agent'),
    );
    expect(JSON.stringify(link?.activity)).toContain('"value":"Acme Corp"'); // the name, not the id
  });
});
