import { IDS, startHarness, type Harness } from '../helpers/harness';
import { blockButtons as buttons, slackAsk, slackPress } from '../helpers/slack-cards';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

const slack = (text: string, user = IDS.slackTech) => slackAsk(h, text, user);
const click = (actionId: string, value: unknown, responseId: string, user = IDS.slackTech) =>
  slackPress(h, actionId, value, responseId, user);

describe('devices', () => {
  test('offline devices, paged, with More and Previous, and n–m of N', async () => {
    const offline = h.action1.endpointsOf('acme-org').filter((x) => !x.online);
    const { answer } = await slack('devices acme --offline');
    expect(answer.text).toContain(`${offline.length} devices`);
    const all = h.action1.endpointsOf('acme-org');
    const first = await slack('devices acme');
    expect(first.answer.text).toContain(
      `1–10 of ${all.length} devices (page 1 of ${Math.ceil(all.length / 10)})`,
    );
    expect(buttons(first.answer).map((b) => b.text.text)).not.toContain('Previous');
    const more = buttons(first.answer).find((b) => b.action_id.startsWith('devices.page'));
    expect(more).toBeDefined();
    await click(more?.action_id ?? '', JSON.parse(more?.value ?? '{}'), 'devices-more');
    const page2 = (await h.slack.waitForResponse('devices-more')).body as {
      text: string;
      replace_original: boolean;
    };
    expect(page2.replace_original).toBe(true);
    expect(page2.text).toContain(
      `11–20 of ${all.length} devices (page 2 of ${Math.ceil(all.length / 10)})`,
    );
    const previous = buttons(page2 as { blocks?: unknown[] }).find(
      (b) => b.text.text === 'Previous',
    );
    expect(JSON.parse(previous?.value ?? '{}')).toMatchObject({ customer: 'acme', page: 1 });
  });

  test('each device opens its card, whose Back returns to the page it came from', async () => {
    const list = await slack('devices acme --critical');
    const open = buttons(list.answer).find((b) => b.action_id.startsWith('patch-status.device'));
    const opened = JSON.parse(open?.value ?? '{}') as { device: string };
    const truth = h.action1.endpointsOf('acme-org').find((x) => x.id === opened.device);
    const isCritical = (i: number) => h.action1.fleet.updates[i]?.severity === 'Critical';
    const critical = truth?.missing.filter(isCritical).length ?? 0;
    expect(critical).toBeGreaterThan(0); // the list is about critical updates
    await click(open?.action_id ?? '', opened, 'device-open');
    const card = (await h.slack.waitForResponse('device-open')).body as {
      text: string;
      blocks?: unknown[];
      replace_original: boolean;
    };
    expect(card.replace_original).toBe(true);
    expect(JSON.stringify(card)).toContain(
      `At risk: ${critical} critical update${critical === 1 ? '' : 's'} missing`,
    );
    const back = buttons(card).find((b) => b.text.text === 'Back to the list');
    expect(JSON.parse(back?.value ?? '{}')).toEqual({
      customer: 'acme',
      offline: false,
      critical: true,
      page: 1,
    });
    await click(back?.action_id ?? '', JSON.parse(back?.value ?? '{}'), 'device-back');
    const again = (await h.slack.waitForResponse('device-back')).body as { text: string };
    expect(again.text).toContain('Acme Corp: devices (missing critical updates)');
  });
});
