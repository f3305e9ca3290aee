import { alertsConfig, expectedAlerts } from '../helpers/alerts';
import { IDS, postActivity, startHarness, teamsInvoke, type Harness } from '../helpers/harness';

/** The alerts list as a tech pages through it in Teams: n of m, both ways, open one, go back. */
describe('the alerts list you can act on', () => {
  let h: Harness;
  let total = 0;
  beforeAll(async () => {
    h = await startHarness({}, { yaml: alertsConfig() });
    await h.bot.poller.cycle();
    // Ground truth from the simulator: one alert per offline device and per device missing a
    // critical update.
    const { offline, critical } = expectedAlerts(h, 'acme-org');
    total = offline.length + critical.length;
  });
  afterAll(() => h.stop());

  const click = async (verb: string, data: unknown) =>
    JSON.stringify(
      await (
        await postActivity(h.baseUrl, teamsInvoke(h.connector.url, verb, data, IDS.tech))
      ).json(),
    );

  test('pages of ten, most urgent first, with n of m and More / Previous', async () => {
    expect(total).toBeGreaterThan(10);
    const first = await click('alerts.list', { customer: 'acme', page: 1 });
    expect(first).toContain(`1–10 of ${total} alerts, most urgent first`);
    expect(first).toContain('"title":"More"');
    expect(first).not.toContain('"title":"Previous"');
    const second = await click('alerts.list', { customer: 'acme', page: 2 });
    expect(second).toContain(`11–${Math.min(20, total)} of ${total} alerts`);
    expect(second).toContain('"title":"Previous"');
    // A page past the end shows the last one rather than nothing.
    const last = Math.ceil(total / 10);
    expect(await click('alerts.list', { customer: 'acme', page: 999 })).toContain(
      `${(last - 1) * 10 + 1}–${total} of ${total} alerts`,
    );
  });

  test('Open shows the alert with its actions and a Back to the page it came from', async () => {
    const page = await click('alerts.list', { customer: 'acme', page: 2 });
    // The button names the alert as `alert` (the Agents Playground can't send a `key`).
    const alert = /"verb":"alert\.open","data":\{"alert":"([^"]+)"/.exec(page)?.[1];
    if (!alert) throw new Error(`no Open button in ${page.slice(0, 500)}`);
    const opened = await click('alert.open', { alert, back: { customer: 'acme', page: 2 } });
    expect(opened).toContain('"title":"Acknowledge"');
    expect(opened).toContain('"title":"Back to the alerts"');
    const back = /"title":"Back to the alerts","verb":"alerts\.list","data":(\{[^}]+\})/.exec(
      opened,
    )?.[1];
    expect(JSON.parse(back ?? '{}')).toEqual({ customer: 'acme', page: 2, only: '' });
    expect(await click('alerts.list', JSON.parse(back ?? '{}'))).toContain(`11–`);
  });

  test("Open on another customer's alert, or one that does not exist, shows nothing", async () => {
    const viewer = async (data: unknown) =>
      JSON.stringify(
        await (
          await postActivity(
            h.baseUrl,
            teamsInvoke(h.connector.url, 'alert.open', data, IDS.acmeViewer),
          )
        ).json(),
      );
    expect(await viewer({ alert: 'globex:whatever:offline' })).toContain('not one you can see');
    // Cards posted before the rename carry `key`: read the same way, checked the same way.
    expect(await viewer({ key: 'globex:whatever:offline' })).toContain('not one you can see');
    expect(await viewer({})).toContain('could not accept');
    expect(await viewer({ key: 'acme:no-such-device:offline' })).toContain('not one you can see');
  });
});
