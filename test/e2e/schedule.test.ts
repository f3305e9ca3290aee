import { IDS, slashCommand, startHarness, type Harness } from '../helpers/harness';
import { askInTeams } from '../helpers/teams-chat';
import { movableClock } from '../helpers/access-e2e';

// Friday 20 November 2026, 11:00 in Berlin: the dates below are worked out by hand from it.
const time = movableClock();
time.advance((Date.parse('2026-11-20T10:00:00Z') - Date.now()) / 60_000);
let h: Harness;
beforeAll(async () => {
  h = await startHarness({}, { clock: time.clock });
});
afterAll(() => h.stop());

const slack = (text: string, user = IDS.slackTech, channel = 'C0SCHEDULE') =>
  slashCommand(h, text, user, channel);

const teams = (text: string, from: string, tenant = 'tenant-msp') =>
  askInTeams(h, text, from, tenant);

describe('schedule', () => {
  test('reports, window and patch jobs in the customer’s zone, and where the reports go', async () => {
    expect(await slack('subscribe acme reports', IDS.slackAdmin, 'C0ACMEREPORTS')).toContain(
      'reports',
    );
    const answer = await slack('schedule acme');
    expect(answer).toContain('Schedule: Acme Corp');
    expect(answer).toContain('Times in Europe/Berlin');
    // The 1st of the coming month at 08:00 (reports.hour) in Berlin, to the subscribed channel.
    expect(answer).toContain('Tue 1 Dec 08:00 CET, to Slack channel C0ACMEREPORTS');
    // The next quarter starts in January; nobody subscribed to leadership.
    expect(answer).toContain('Fri 1 Jan 2027 08:00 CET, to no conversation subscribed');
    expect(answer).toContain('none set');
    // OS updates: Wednesdays 02:00 UTC by default, which is 03:00 in Berlin in winter.
    expect(answer).toContain('weekly, next Wed 25 Nov 03:00 CET');
    expect(answer).toContain('Third-party apps (daily)*\\ndaily, next Sat 21 Nov 03:30 CET');
    expect(answer).toContain('installed within 24 hours of release');
  });

  test("a customer's viewer sees their own schedule, and not another customer's", async () => {
    const own = await teams('schedule', IDS.acmeViewer, 'tenant-acme');
    expect(own).toContain('Schedule: Acme Corp');
    const other = await teams('schedule globex', IDS.acmeViewer, 'tenant-acme');
    expect(other).toContain('You are not allowed to run `schedule`');
    expect(other).not.toContain('Globex Ltd');
  });

  test('an unknown customer is named as unknown, with the closest', async () => {
    expect(await slack('schedule acm')).toContain('Did you mean `acme`?');
    expect(await slack('schedule acme extra')).toContain('Unexpected \\"extra\\"');
  });
});
