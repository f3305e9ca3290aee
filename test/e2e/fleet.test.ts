import { AUDIT_LOG } from '../../src/core/audit';
import type { Action1Sim } from '../../sim/action1/action1-sim';
import { fleetTruth } from '../helpers/fleet-truth';
import { blockButtons as buttons, slackAsk, slackPress } from '../helpers/slack-cards';
import {
  IDS,
  postActivity,
  startHarness,
  teamsInvoke,
  teamsMessage,
  type Harness,
} from '../helpers/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

/** The figures from the generator's data, with the share as cards write it. */
function expected(sim: Action1Sim, orgId: string) {
  const t = fleetTruth(sim, orgId);
  return { ...t, pct: t.compliancePct.toFixed(1) };
}

const slack = (text: string, user = IDS.slackTech) => slackAsk(h, text, user);
const click = (actionId: string, value: unknown, responseId: string, user = IDS.slackTech) =>
  slackPress(h, actionId, value, responseId, user);

describe('patch-status', () => {
  test('a customer: the numbers on the card are the simulator fleet', async () => {
    const e = expected(h.action1, 'acme-org');
    const { all, answer } = await slack('patch-status acme');
    // No poll has run: read from Action1 for this answer, and it says so.
    expect(answer.text).toMatch(
      new RegExp(
        `^Acme Corp: ${e.pct.replace('.', '\\.')} % compliant · ${e.devices} devices · ${e.devicesWithCritical} missing critical · ${e.rebootPending} reboot pending · ${e.offline} offline\nAs of \\d\\d:\\d\\d \\S+ \\(just now\\), read from Action1$`,
      ),
    );
    expect(all).toContain(`${e.pct} % (${e.compliant} of ${e.devices} devices fully patched)`);
    expect(all).toContain(`${e.criticalMissing} updates on ${e.devicesWithCritical} devices`);
    expect(all).toContain(`*Other missing*\\n${e.otherMissing}`);
    const longestOffline = [...h.action1.endpointsOf('acme-org')]
      .filter((x) => !x.online)
      .sort((a, b) => a.lastSeen.getTime() - b.lastSeen.getTime())[0];
    expect(all).toContain(longestOffline?.name);
  });

  test('the fleet overview in Teams lists every customer with its own numbers', async () => {
    const activity = teamsMessage(h.connector.url, 'patch-status');
    expect((await postActivity(h.baseUrl, activity)).status).toBe(202);
    const sent = await h.connector.waitForActivity((a) => a.activityId === activity.id);
    const card = JSON.stringify(sent.activity.attachments);
    for (const [org, name] of [
      ['acme-org', 'Acme Corp'],
      ['globex-org', 'Globex Ltd'],
      ['initech-org', 'Initech'],
    ]) {
      const e = expected(h.action1, org as string);
      expect(card).toContain(
        `"title":"${name}","value":"${e.pct} % compliant · ${e.devices} devices`,
      );
    }
  });

  test('one device: its missing updates by name', async () => {
    const device = h.action1.endpointsOf('acme-org').find((x) => x.missing.length > 1);
    const { all } = await slack(`patch-status acme ${device?.name.toLowerCase()}`);
    for (const i of device?.missing ?? []) expect(all).toContain(h.action1.fleet.updates[i]?.name);
    expect(all).toContain('patch-now.request');
  });

  test('unknown customer or device: the closest names, nothing else', async () => {
    expect((await slack('patch-status acmee')).answer.text).toContain('Did you mean `acme`?');
    const { answer } = await slack('patch-status acme ACME-LT-99');
    expect(answer.text).toMatch(/^Acme Corp has no device `ACME-LT-99`\. Closest: `ACME-LT-/);
  });

  test('a customer viewer sees only their own customer and cannot deploy', async () => {
    const mine = teamsMessage(h.connector.url, 'patch-status', IDS.acmeViewer);
    await postActivity(h.baseUrl, mine);
    const overview = JSON.stringify(
      (await h.connector.waitForActivity((a) => a.activityId === mine.id)).activity,
    );
    expect(overview).toContain('Acme Corp');
    expect(overview).not.toContain('Globex');
    const other = teamsMessage(h.connector.url, 'patch-status globex', IDS.acmeViewer);
    await postActivity(h.baseUrl, other);
    expect(
      JSON.stringify(
        (await h.connector.waitForActivity((a) => a.activityId === other.id)).activity,
      ),
    ).toContain('not allowed');
    // A button for another customer's data, clicked by Acme's viewer: refused, audited as such.
    const peek = await postActivity(
      h.baseUrl,
      teamsInvoke(
        h.connector.url,
        'devices.page',
        { customer: 'globex', offline: false, critical: false, page: 1 },
        IDS.acmeViewer,
      ),
    );
    expect(((await peek.json()) as { value: string }).value).toContain(
      'There is no customer `globex` you can see',
    );
    const [audited] = await h.bot.audit.read(await h.bot.store.logLength(AUDIT_LOG), 1);
    expect(audited).toEqual(
      expect.objectContaining({ act: 'card:devices.page', outcome: 'denied', customer: 'globex' }),
    );
    const deploy = teamsMessage(h.connector.url, 'patch-now acme ACME-LT-001', IDS.acmeViewer);
    await postActivity(h.baseUrl, deploy);
    expect(
      JSON.stringify(
        (await h.connector.waitForActivity((a) => a.activityId === deploy.id)).activity,
      ),
    ).toContain('not allowed to run `patch-now`');
  });

  test('a slow Action1: the ack is immediate and the answer follows', async () => {
    h.action1.server.misbehave = { delayMs: 1500 };
    try {
      const { ackMs, answer } = await slack('patch-status globex');
      expect(ackMs).toBeLessThan(1000);
      expect(answer.text).toContain('Globex Ltd:');
      const activity = teamsMessage(h.connector.url, 'patch-status initech');
      const started = Date.now();
      expect((await postActivity(h.baseUrl, activity)).status).toBe(202);
      expect(Date.now() - started).toBeLessThan(1000);
      await h.connector.waitForActivity((a) => a.activityId === activity.id, 10_000);
    } finally {
      h.action1.server.misbehave = {};
    }
  });
});

describe('patch-now', () => {
  test('confirm once: Action1 runs the deployment, the result follows, a double click changes nothing', async () => {
    const device = h.action1
      .endpointsOf('globex-org')
      .find((x) => x.online && x.missing.length > 0);
    if (!device)
      throw new Error('no online Globex device with missing updates in the seeded fleet');
    const ask = await slack(`patch-now globex ${device.name}`);
    const n = device.missing.length;
    expect(ask.answer.text).toContain(`Deploy ${n} update${n === 1 ? '' : 's'} to ${device.name}?`);
    expect(ask.all).toContain(`${device.name}: 1 device`); // one device, said as one
    const confirm = buttons(ask.answer).find((b) => b.action_id.startsWith('patch-now.confirm'));
    const value = JSON.parse(confirm?.value ?? '{}') as { request: string };
    expect(Object.keys(value)).toEqual(['request']); // the card carries a reference, not the target

    const runsBefore = h.action1.server.requests.filter(
      (r) => r.method === 'POST' && r.path.includes('/automations/instances/'),
    ).length;
    await click(confirm?.action_id ?? '', value, 'confirm-1');
    const started = (await h.slack.waitForResponse('confirm-1')).body as { text: string };
    expect(started.text).toContain('Started by dana');
    await click(confirm?.action_id ?? '', value, 'confirm-2');
    const again = (await h.slack.waitForResponse('confirm-2')).body as { text: string };
    expect(again.text).toMatch(/Started by dana|Finished/);

    await h.slack.server.waitFor(
      (r) => r.path === '/response/confirm-1' && JSON.stringify(r.body).includes('Deployment to'),
      15_000,
    );
    const result = h.slack
      .responses('confirm-1')
      .map((r) => JSON.stringify(r.body))
      .find((b) => b.includes('Deployment to'));
    expect(result).toContain('1 success');
    expect(result).toContain('Completed'); // Action1's "Success", in words
    expect(device.missing).toEqual([]);
    const runsAfter = h.action1.server.requests.filter(
      (r) => r.method === 'POST' && r.path.includes('/automations/instances/'),
    ).length;
    expect(runsAfter - runsBefore).toBe(1);
  });

  test('someone else clicking the confirmation, or a forged request id, deploys nothing', async () => {
    const device = h.action1.endpointsOf('initech-org').find((x) => x.missing.length > 0);
    const ask = await slack(`patch-now initech ${device?.name}`);
    const confirm = buttons(ask.answer).find((b) => b.action_id.startsWith('patch-now.confirm'));
    const audited = await h.bot.store.logLength(AUDIT_LOG);
    await click(
      confirm?.action_id ?? '',
      JSON.parse(confirm?.value ?? '{}'),
      'stranger',
      IDS.slackStranger,
    );
    expect(((await h.slack.waitForResponse('stranger')).body as { text: string }).text).toContain(
      'not allowed',
    );
    // Another technician (here in Teams) may not decide a deployment someone else asked for.
    const otherTech = teamsInvoke(
      h.connector.url,
      'patch-now.confirm',
      JSON.parse(confirm?.value ?? '{}'),
    );
    const answer = (await (await postActivity(h.baseUrl, otherTech)).json()) as { value: string };
    expect(answer.value).toBe(
      'Only dana or an MSP admin can decide this deployment. Nothing changed.',
    );
    await click('patch-now.confirm:0:0', { request: 'ffffffffffffffff' }, 'forged');
    expect(((await h.slack.waitForResponse('forged')).body as { text: string }).text).toContain(
      'expired or never existed',
    );
    expect(await h.bot.store.logLength(AUDIT_LOG)).toBe(audited + 3);
    expect(device?.missing.length).toBeGreaterThan(0);
  });

  test('nothing to deploy and unknown targets are said plainly', async () => {
    const clean = h.action1.endpointsOf('acme-org').find((x) => x.missing.length === 0);
    expect((await slack(`patch-now acme ${clean?.name}`)).answer.text).toBe(
      `Nothing to deploy: ${clean?.name} misses no updates.`,
    );
    expect((await slack('patch-now acme Laptopz')).answer.text).toContain('Closest: `Laptops`');
  });
});
