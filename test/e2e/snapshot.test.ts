import { fleetTruth } from '../helpers/fleet-truth';
import { blockButtons, slackAsk, slackPress } from '../helpers/slack-cards';
import { movableClock } from '../helpers/access-e2e';
import {
  IDS,
  postActivity,
  startHarness,
  teamsInvoke,
  teamsMessage,
  type Harness,
} from '../helpers/harness';

const time = movableClock();
let h: Harness;
beforeAll(async () => {
  h = await startHarness({}, { clock: time.clock });
});
afterAll(() => h.stop());

/** Requests that reached Action1's API (its token endpoint aside). */
const action1Calls = () =>
  h.action1.server.requests.filter((r) => !r.path.includes('oauth2')).length;
const slack = (text: string) => slackAsk(h, text, IDS.slackTech);

async function teams(text: string): Promise<string> {
  const activity = teamsMessage(h.connector.url, text);
  await postActivity(h.baseUrl, activity);
  const sent = await h.connector.waitForActivity((a) => a.activityId === activity.id);
  return JSON.stringify(sent.activity);
}

describe('fleet answers from the poll’s snapshot', () => {
  test('after a poll, patch-status answers without asking Action1 and says how old it is', async () => {
    const report = await h.bot.poller.cycle();
    expect(report.failed).toEqual([]);
    const before = action1Calls();
    const { answer, all } = await slack('patch-status acme');
    expect(action1Calls()).toBe(before);
    const truth = fleetTruth(h.action1, 'acme-org');
    expect(answer.text).toContain(`${truth.devices} devices`);
    expect(answer.text).toMatch(/As of \d\d:\d\d \S+ \(just now\), from the last poll$/);
    expect(all).toContain('Refresh');
    // Teams, the overview and the device list too: still no call.
    expect(await teams('patch-status')).toContain('from the last poll');
    expect(await teams('devices acme --offline')).toContain('from the last poll');
    expect(action1Calls()).toBe(before);
  });

  test('a change in Action1 is not shown as fresh: the card says its age, and Refresh reads it', async () => {
    const device = h.action1.endpointsOf('acme-org').find((e) => e.online);
    const offlineBefore = fleetTruth(h.action1, 'acme-org').offline;
    h.action1.setOnline(device?.name ?? '', false);
    time.advance(2);
    const old = await slack('patch-status acme');
    expect(old.answer.text).toContain(`${offlineBefore} offline`);
    expect(old.answer.text).toContain('(2 min ago), from the last poll');
    const refresh = blockButtons(old.answer).find((b) => b.text.text === 'Refresh');
    expect(refresh).toBeDefined();
    const before = action1Calls();
    await slackPress(
      h,
      refresh?.action_id ?? '',
      JSON.parse(refresh?.value ?? '{}'),
      'refresh-1',
      IDS.slackTech,
    );
    const fresh = (await h.slack.waitForResponse('refresh-1', 10_000)).body as { text: string };
    expect(fresh.text).toContain(`${offlineBefore + 1} offline`);
    expect(fresh.text).toContain('(just now), read from Action1');
    expect(action1Calls()).toBe(before + 1);
    // The Refresh left a fresh snapshot: the next person's answer shows the change, no call.
    expect(await teams('patch-status acme')).toContain(`${offlineBefore + 1} offline`);
    expect(action1Calls()).toBe(before + 1);
    h.action1.setOnline(device?.name ?? '', true);
  });

  test('a device that checked in since the poll is found by name, and then counted', async () => {
    await h.bot.poller.cycle();
    const before = fleetTruth(h.action1, 'acme-org').devices;
    h.action1.checkIn('acme-org', 'ACME-NEW-777');
    const card = await slack('patch-status acme ACME-NEW-777');
    expect(card.all).toContain('ACME-NEW-777 (Acme Corp)');
    // That look-up read Action1 and left the snapshot current: the next answer counts it.
    expect((await slack('patch-status acme')).answer.text).toContain(`${before + 1} devices`);
  });

  test('a device read live (its card; a finished patch-now reads its device the same way) updates the snapshot', async () => {
    await h.bot.poller.cycle();
    const device = h.action1
      .endpointsOf('acme-org')
      .find((e) => e.online && e.name !== 'ACME-NEW-777');
    const offlineBefore = fleetTruth(h.action1, 'acme-org').offline;
    h.action1.setOnline(device?.name ?? '', false);
    // The snapshot still shows the poll's figure: the change happened after it.
    expect((await slack('patch-status acme')).answer.text).toContain(`${offlineBefore} offline`);
    await slack(`patch-status acme ${device?.name}`);
    const listings = () =>
      h.action1.server.requests.filter((r) => r.path.includes('/endpoints/managed/acme-org?'))
        .length;
    const before = listings();
    // No listing: the device card wrote the device it read into the snapshot.
    const after = await slack('patch-status acme');
    expect(after.answer.text).toContain(`${offlineBefore + 1} offline`);
    expect(after.answer.text).toContain('from the last poll');
    expect(listings()).toBe(before);
    h.action1.setOnline(device?.name ?? '', true);
  });

  test('Refresh in Teams reads Action1; an old snapshot is never shown, it is read live', async () => {
    const before = action1Calls();
    const res = await postActivity(
      h.baseUrl,
      teamsInvoke(h.connector.url, 'patch-status.customer', { customer: 'globex', refresh: true }),
    );
    const card = JSON.stringify(await res.json());
    expect(card).toContain('read from Action1');
    expect(action1Calls()).toBe(before + 1);
    // Past the poll interval (5 min), the snapshot is too old: the answer reads Action1.
    time.advance(6);
    const { answer } = await slack('patch-status initech');
    expect(answer.text).toContain('(just now), read from Action1');
    expect(action1Calls()).toBe(before + 2);
  });
});
