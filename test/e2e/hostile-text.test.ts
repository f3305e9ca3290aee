import {
  IDS,
  postActivity,
  slashCommand,
  startHarness,
  teamsMessage,
  type Harness,
} from '../helpers/harness';

/**
 * Text from people and devices is text: a device renamed in Action1, or a command typed in chat,
 * reaches Slack and Teams escaped. No mention fires, no markdown becomes a link, no address is
 * clickable; only the links the bot builds (buttons) open anything.
 */
const EVIL =
  'ACME-EVIL <!channel> [Click me](https://evil.example/x) **URGENT** <https://evil.example|pay>';
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  const device = h.action1.endpointsOf('acme-org')[0];
  if (!device) throw new Error('no Acme devices in the seeded fleet');
  device.name = EVIL;
});
afterAll(() => h.stop());

const links = (text: string) => text.match(/https?:\/\/evil\.example/g) ?? [];

test('Slack: a device name from Action1 in a card carries no mention and no link', async () => {
  const answer = await slashCommand(h, 'devices acme', IDS.slackTech);
  expect(answer).toContain('ACME-EVIL');
  expect(answer).toContain('&lt;!channel&gt;');
  expect(answer).not.toContain('<!channel>');
  expect(answer).not.toContain('<https://evil.example');
  expect(links(answer)).toEqual([]);
});

test('Slack: what a person typed, echoed in a text reply, carries no mention and no link', async () => {
  const answer = await slashCommand(
    h,
    '<!here>-please <https://evil.example|login>',
    IDS.slackTech,
  );
  expect(answer).toContain('&lt;!here&gt;');
  expect(answer).not.toContain('<!here>');
  expect(links(answer)).toEqual([]);
});

test('Teams: the device name in a card is escaped markdown, and its addresses are not links', async () => {
  const ask = teamsMessage(h.connector.url, 'devices acme');
  await postActivity(h.baseUrl, ask);
  const sent = await h.connector.waitForActivity((a) => a.activityId === ask.id);
  const card = JSON.stringify(sent.activity);
  expect(card).toContain('ACME-EVIL');
  expect(card).toContain('\\\\[Click me\\\\]');
  expect(card).toContain('\\\\*\\\\*URGENT\\\\*\\\\*');
  expect(card).not.toContain('[Click me](https://');
  expect(links(card)).toEqual([]);
});

test('Teams: what a person typed, echoed in a text reply, stays literal in its code span or is escaped', async () => {
  const reply = async (typed: string) => {
    const ask = teamsMessage(h.connector.url, typed);
    await postActivity(h.baseUrl, ask);
    const sent = await h.connector.waitForActivity((a) => a.activityId === ask.id);
    return String((sent.activity as { text?: string }).text);
  };
  // In a code span markdown shows as written: nothing there is a link.
  expect(await reply('[open](https://evil.example/a)')).toContain(
    '`[open](https://evil.example/a)`',
  );
  // A backtick typed to break out of the span: then nothing is a code span, all is escaped.
  const broken = await reply('x`[open](https://evil.example/a)');
  expect(broken).toContain('\\[open\\]');
  expect(links(broken)).toEqual([]);
});
