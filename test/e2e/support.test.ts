import { IDS, slashCommand, startHarness, TEST_CONFIG, type Harness } from '../helpers/harness';
import { askInTeams } from '../helpers/teams-chat';
import { eventually, requestIdIn } from '../helpers/access-e2e';
import { pressButtonIn } from '../helpers/slack-click';
import { pdfText } from '../helpers/pdf';

// Acme's support contacts and escalation path, as an MSP writes them in the config.
const SUPPORT = `    support:
      contacts:
        - { name: MSP Service Desk, role: first line, phone: '+49 30 1234567', email: help@msp.example, hours: Mon-Fri 08-18 }
      escalation:
        - { name: Service Desk, when: no answer within 30 minutes, phone: '+49 30 1234567' }
        - { name: Sam on call, when: an outage, phone: '+49 170 5550101', email: sam@msp.example }
`;
const yaml = TEST_CONFIG.replace(
  `    viewers: ['${IDS.acmeViewer}']\n`,
  `    viewers: ['${IDS.acmeViewer}']\n${SUPPORT}`,
);

let h: Harness;
beforeAll(async () => {
  expect(yaml).toContain('Sam on call');
  h = await startHarness({}, { yaml });
});
afterAll(() => h.stop());

const slack = (text: string, user = IDS.slackTech, channel = 'C0SUPPORT') =>
  slashCommand(h, text, user, channel);

const teams = (text: string, from: string, tenant = 'tenant-msp') =>
  askInTeams(h, text, from, tenant);

describe('support contacts and escalation path', () => {
  test('`support` shows them to the MSP in Slack, in the order of the path', async () => {
    const answer = await slack('support acme');
    expect(answer).toContain('Support for Acme Corp');
    expect(answer).toContain('MSP Service Desk, first line');
    expect(answer).toContain('+49 30 1234567 · help@msp.example · Mon-Fri 08-18');
    expect(answer.indexOf('Level 1: Service Desk')).toBeLessThan(
      answer.indexOf('Level 2: Sam on call'),
    );
    expect(await slack('support globex')).toContain('No support contacts are set for Globex Ltd');
    expect(await slack('support acmee')).toContain('Did you mean `acme`?');
  });

  test("the customer's own people see theirs in Teams, and nobody else's", async () => {
    expect(await teams('support', IDS.acmeViewer, 'tenant-acme')).toContain('Level 2: Sam on call');
    expect(await teams('support globex', IDS.acmeViewer, 'tenant-acme')).toContain(
      'You are not allowed to run `support`',
    );
  });

  test('the approval card names the escalation contact', async () => {
    const device = h.action1.endpointsOf('acme-org').find((e) => e.online)?.name ?? '';
    const id = requestIdIn(await slack(`remote ${device} printer`));
    expect(id).not.toBe('');
    const card = await pressButtonIn(h, await slack('sessions acme'), 'access.open', IDS.slackTech);
    expect(card).toContain(id.slice(3)); // the request's own card
    expect(card).toContain('Service Desk, +49 30 1234567 (no answer within 30 minutes)');
  });

  test('the monthly report ends with the contacts and the path', async () => {
    await slack('report monthly acme', IDS.slackTech, 'C0SUPPORTREPORT');
    const file = await eventually(
      () => h.slack.files.find((f) => f.channel === 'C0SUPPORTREPORT' && f.bytes),
      30_000,
    );
    const text = pdfText(file.bytes as Buffer).replace(/\s+/g, ' ');
    expect(text).toContain('Support and escalation');
    expect(text).toContain('MSP Service Desk');
    expect(text).toContain('Sam on call');
  }, 40_000);
});
