import { SIM_CLOSED_STATUS } from '../../sim/halopsa/halopsa-sim';
import { loadConfig } from '../../src/config/config';
import { createBot } from '../../src/app/create-bot';
import { createLogger } from '../../src/app/logger';
import {
  IDS,
  postActivity,
  teamsInvoke,
  postToSlack,
  slackClickBody,
  slashCommand,
  startHarness,
  TEST_CONFIG,
  type Harness,
} from '../helpers/harness';
import { eventually, movableClock } from '../helpers/access-e2e';
import { haloEnv, testHalo } from '../helpers/halo';

const time = movableClock();
const halo = testHalo();
let h: Harness;
const YAML = TEST_CONFIG.replace(
  `viewers: ['${IDS.acmeViewer}']`,
  `viewers: ['${IDS.acmeViewer}']\n    maintenanceWindow: { day: wednesday, start: '02:00', hours: 3 }`,
);

beforeAll(async () => {
  await halo.start();
  h = await startHarness(haloEnv(halo), { yaml: YAML, clock: time.clock });
});
afterAll(async () => {
  await h.stop();
  await halo.stop();
});

const say = (text: string) => slashCommand(h, text, IDS.slackTech);

async function press(
  verb: string,
  value: unknown,
  typed?: Record<string, string>,
): Promise<string> {
  const responseUrl = h.slack.responseUrl(`ob-${verb}-${Date.now()}-${Math.random()}`);
  await postToSlack(h.baseUrl, {
    body: slackClickBody({ actionId: `${verb}:0:0`, value, responseUrl, typed }),
  });
  return JSON.stringify(
    (await h.slack.server.waitFor((r) => responseUrl.endsWith(r.path), 10_000)).body,
  );
}

const sheet = (hostname: string) => ({
  customer: 'acme',
  hostname,
  user: 'jane.doe',
  os: 'Windows 11',
  location: 'Berlin office',
});
/** The newest progress card for this device, as last drawn (posted or updated). */
const cardFor = (hostname: string) =>
  [...h.slack.calls('chat.postMessage'), ...h.slack.calls('chat.update')]
    .filter((r) => JSON.stringify(r.body).includes(`Onboarding ${hostname}`))
    .sort((a, b) => a.at - b.at)
    .at(-1);
const cardText = (hostname: string) => JSON.stringify(cardFor(hostname)?.body ?? '');
const idIn = (text: string) => /\b(ob-[0-9a-f]{12})\b/.exec(text)?.[1] ?? '';
/** A device appearing in Action1, as when its agent checks in. */
function checkIn(hostname: string): void {
  h.action1.checkIn('acme-org', hostname);
}

describe('onboarding a device', () => {
  test('Slack: the form opens as a modal; mistakes are shown on it and nothing starts', async () => {
    expect(await say('onboard acme')).toContain('I opened the form');
    const opened = h.slack.calls('views.open').at(-1)?.body as { view: string };
    const view = JSON.parse(opened.view) as {
      callback_id: string;
      private_metadata: string;
      blocks: { type: string; block_id?: string }[];
    };
    expect(view.callback_id).toBe('form:onboard.start');
    expect(view.blocks.filter((b) => b.type === 'input').map((b) => b.block_id)).toEqual([
      'customer',
      'hostname',
      'user',
      'os',
      'location',
    ]);
    // Prefilled as the card is (the customer typed after onboard, the default OS), every field
    // required, so Slack itself asks for a missing one.
    const inputs = view.blocks.filter((b) => b.type === 'input') as unknown as {
      block_id: string;
      optional: boolean;
      element: { initial_option?: { value: string } };
    }[];
    expect(inputs.every((b) => b.optional === false)).toBe(true);
    expect(inputs.find((b) => b.block_id === 'customer')?.element.initial_option?.value).toBe(
      'acme',
    );
    expect(inputs.find((b) => b.block_id === 'os')?.element.initial_option?.value).toBe(
      'Windows 11',
    );
    const submit = (values: Record<string, string>) =>
      postToSlack(h.baseUrl, {
        body: `payload=${encodeURIComponent(
          JSON.stringify({
            type: 'view_submission',
            team: { id: 'T0SIMTEAM' },
            user: { id: IDS.slackTech, name: 'dana', team_id: 'T0SIMTEAM' },
            view: {
              id: 'V1',
              callback_id: view.callback_id,
              private_metadata: view.private_metadata,
              state: {
                values: Object.fromEntries(
                  Object.entries(values).map(([k, v]) => [
                    k,
                    { [k]: { type: 'plain_text_input', value: v } },
                  ]),
                ),
              },
            },
          }),
        )}`,
      });
    const wrong = await submit({ ...sheet('-BAD HOST-'), user: '' });
    expect(wrong.status).toBe(200);
    const errors = (await wrong.json()) as {
      response_action: string;
      errors: Record<string, string>;
    };
    expect(errors.response_action).toBe('errors');
    expect(Object.keys(errors.errors).sort()).toEqual(['hostname', 'user']);
    const right = await submit(sheet('ACME-MODAL-01'));
    expect(right.status).toBe(200);
    expect(await right.text()).toBe('');
    await eventually(() =>
      cardText('ACME-MODAL-01').includes('Onboarding ACME-MODAL-01') ? true : undefined,
    );
  });

  test('the card form (Teams, or Slack when no modal opens) shows problems on the form itself', async () => {
    const wrong = await press('onboard.start', {}, { ...sheet('-BAD HOST-'), user: '' });
    expect(wrong).toContain('Some values need fixing; nothing was started.');
    expect(wrong).toContain('A Windows hostname');
    expect(wrong).toContain("The device's main user");
    expect(wrong).not.toContain('Pick one of your customers');
  });

  test('Teams: the Adaptive Card form sends its inputs with the click; errors come back on the card', async () => {
    const invoke = async (data: Record<string, string>) =>
      JSON.stringify(
        await (
          await postActivity(h.baseUrl, teamsInvoke(h.connector.url, 'onboard.start', data))
        ).json(),
      );
    const wrong = await invoke({ ...sheet('ACME NEW'), customer: 'globex-typo' });
    expect(wrong).toContain('application/vnd.microsoft.card.adaptive');
    expect(wrong).toContain('Pick one of your customers');
    expect(wrong).toContain('A Windows hostname');
    expect(await invoke(sheet('ACME-TEAMS-01'))).toContain(
      'Onboarding ACME-TEAMS-01 for Acme Corp has started',
    );
  });

  test('all steps on one card: link privately, check-in, remote, scan, policy, window, report, HaloPSA', async () => {
    const started = await press('onboard.start', {}, sheet('ACME-NEW-001'));
    expect(started).toContain('Onboarding ACME-NEW-001 for Acme Corp has started');
    await eventually(() =>
      h.slack.posted.find(
        (p) =>
          p.channel === h.slack.dm(IDS.slackTech) &&
          // On a button: links in text are never clickable.
          JSON.stringify(p.blocks).includes('app.action1.com/agent') &&
          !p.text.includes('app.action1.com/agent'),
      ),
    );
    await eventually(() => (cardText('ACME-NEW-001').includes('waiting since') ? true : undefined));
    checkIn('ACME-NEW-001');
    await h.bot.onboarding.runner.run();
    const card = cardText('ACME-NEW-001');
    expect(card).toContain('Onboarded');
    for (const step of [
      'checked in as ACME-NEW-001',
      'remote control works (Action1 session',
      'critical and',
      'Created group',
      'window wednesday 02:00 for 3 h',
      'baseline health PDF posted',
      'closed with the summary',
    ])
      expect(card).toContain(step);
    // Step 6: the window (Wednesday 02:00 Berlin) is where Action1 runs the OS updates: 01:00
    // UTC in winter, 00:00 UTC in summer.
    expect(card).toMatch(/OS updates WEEKLY:Wed AT:0[01]-00-00 UTC in Action1/);
    // Step 5 asked Action1 to rescan before reading the results.
    expect(
      h.action1.server.requests.some(
        (r) => r.method === 'POST' && r.path.includes('/installed-software/acme-org/requery/'),
      ),
    ).toBe(true);
    expect(
      h.slack.files.some((f) => f.channel === 'C0GENERAL' && f.filename.includes('baseline')),
    ).toBe(true);
    const assets = halo.data.asset.filter((a) => a.inventory_number === 'ACME-NEW-001');
    const tickets = halo.data.tickets.filter((t) =>
      String(t.summary).startsWith('Onboarded ACME-NEW-001'),
    );
    expect(assets).toHaveLength(1);
    expect(tickets).toEqual([
      expect.objectContaining({ status_id: SIM_CLOSED_STATUS, client_id: 12 }),
    ]);
  }, 60_000);

  test('onboarding the same device again doubles nothing: asset reused, policy already in line', async () => {
    const groupsBefore = h.action1.madeGroups.get('acme-org')?.length;
    await press('onboard.start', {}, sheet('ACME-NEW-001'));
    await eventually(async () => {
      await h.bot.onboarding.runner.run();
      const card = cardText('ACME-NEW-001');
      return card.includes('already in line') && card.includes('Onboarded') ? true : undefined;
    }, 30_000);
    expect(halo.data.asset.filter((a) => a.inventory_number === 'ACME-NEW-001')).toHaveLength(1);
    expect(h.action1.madeGroups.get('acme-org')?.length).toBe(groupsBefore);
  }, 60_000);

  test('a failing step shows why with a Retry button, and succeeds on retry', async () => {
    h.action1.server.misbehave.failNext = { count: 1000, status: 503 };
    const started = await press('onboard.start', {}, sheet('ACME-NEW-002'));
    const id = idIn(started);
    await eventually(
      () => (cardText('ACME-NEW-002').includes('onboard.retry') ? true : undefined),
      30_000,
    );
    expect(cardText('ACME-NEW-002')).toContain('Action1: is not answering properly');
    h.action1.server.misbehave.failNext = undefined;
    expect(await press('onboard.retry', { id })).toContain('Retrying the failed step');
    await eventually(() =>
      h.slack.posted.find(
        (p) => p.channel === h.slack.dm(IDS.slackTech) && p.text.includes('ACME-NEW-002'),
      ),
    );
  }, 60_000);

  test('a device that never checks in: the tech is reminded, and can cancel', async () => {
    const id = idIn(await press('onboard.start', {}, sheet('ACME-GHOST-01')));
    await eventually(() =>
      cardText('ACME-GHOST-01').includes('waiting since') ? true : undefined,
    );
    time.advance(31);
    await h.bot.onboarding.runner.run();
    await eventually(() =>
      h.slack.posted.find(
        (p) =>
          p.channel === h.slack.dm(IDS.slackTech) &&
          p.text.includes('ACME-GHOST-01 has not checked in after 30 minutes'),
      ),
    );
    expect(await press('onboard.cancel', { id })).toContain('Onboarding cancelled');
    await h.bot.onboarding.runner.run();
    expect(cardText('ACME-GHOST-01')).toContain('Cancelled');
    expect(await press('onboard.cancel', { id })).toContain('cancelled already');
  }, 60_000);

  test('a restart in the middle: another bot on the same store carries on where the record says', async () => {
    const id = idIn(await press('onboard.start', {}, sheet('ACME-NEW-003')));
    await eventually(() => (cardText('ACME-NEW-003').includes('waiting since') ? true : undefined));
    // The running bot stops taking turns; a fresh one on the same SQLite file finishes the job.
    const second = await createBot(loadConfig(h.env), createLogger('silent'), {
      clock: time.clock,
    });
    try {
      checkIn('ACME-NEW-003');
      await second.onboarding.runner.run();
      expect((await second.onboarding.runner.book.get(id))?.state).toBe('done');
    } finally {
      await second.stop();
    }
  }, 60_000);
});
