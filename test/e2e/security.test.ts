import type { WazuhSim } from '../../sim/wazuh';
import { posts, slack, subscribeTeamsChannel, updates } from '../helpers/alerts';
import {
  IDS,
  postActivity,
  postToSlack,
  slackClickBody,
  startHarness,
  teamsInvoke,
  teamsMessage,
  type Harness,
} from '../helpers/harness';
import { haloEnv, testHalo } from '../helpers/halo';
import { until } from '../helpers/bot-process';
import type { HaloPsaSim } from '../../sim/halopsa/halopsa-sim';
import {
  AGENTS,
  DASHBOARD,
  postWazuh,
  rule,
  securityConfig,
  startWazuh,
  wazuhEnv,
} from '../helpers/wazuh';

/**
 * Wazuh security alerts, end to end: the integrator posting to the bot's door, the indexer read
 * on a schedule, cards in the customer's Slack and Teams channels through the same outbox as
 * patch alerts, the buttons, and `security`.
 */
describe('Wazuh security alerts in Slack and Teams', () => {
  let h: Harness;
  let wazuh: WazuhSim;
  let halo: HaloPsaSim;
  const teamsChannel = '19:acme-critical@thread.tacv2';
  const cardsIn = (channel: string) => posts(h, channel).map((r) => JSON.stringify(r.body));

  beforeAll(async () => {
    wazuh = await startWazuh();
    halo = testHalo();
    await halo.start();
    h = await startHarness({ ...wazuhEnv(wazuh), ...haloEnv(halo) }, { yaml: securityConfig() });
    await slack(h, 'subscribe acme alerts');
    await slack(h, 'subscribe globex alerts', IDS.slackAdmin, 'C0GLOBEX');
    await slack(h, 'subscribe initech alerts', IDS.slackAdmin, 'C0INITECH');
    await subscribeTeamsChannel(h, teamsChannel, 'subscribe acme critical');
  });
  afterAll(async () => {
    await h.stop();
    await Promise.all([wazuh.stop(), halo.stop()]);
  });

  test('the integrator posts an alert: one living card in the customer channel, critical ones in Teams too', async () => {
    const failure = wazuh.alert(AGENTS.acmeWorkstation, rule(10));
    const res = await postWazuh(h, failure);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual(
      expect.objectContaining({ opened: 1, duplicates: 0, unassigned: 0 }),
    );
    await h.slack.server.waitFor((r) => r.path === '/api/chat.postMessage');
    const [card] = cardsIn('C0ALERTS');
    expect(card).toContain('WS-ACME-01 (Acme Corp): Logon failure: unknown user or bad password');
    expect(card).toContain('Wazuh rule 60122, level 10');
    expect(card).toContain(`${DASHBOARD}/app/threat-hunting#/overview/?agentId=001`);
    // Level 10 is not critical (12 and up): the Teams channel for critical alerts gets nothing.
    const teamsCards = () =>
      h.connector.activities.filter(
        (a) =>
          a.conversationId === teamsChannel &&
          a.kind === 'send' &&
          JSON.stringify(a.activity).includes('Wazuh rule'),
      );
    expect(teamsCards()).toHaveLength(0);

    // The same alert again (the integrator retried): nothing new.
    const again = await postWazuh(h, failure);
    expect(await again.json()).toEqual(expect.objectContaining({ opened: 0, duplicates: 1 }));
    // The rule fires again on the device: the card counts it, redrawn in place.
    const ts = h.slack.posted.find((p) => p.text.includes('WS-ACME-01'))?.ts ?? '';
    const repeat = await postWazuh(h, wazuh.alert(AGENTS.acmeWorkstation, rule(10)));
    expect(await repeat.json()).toEqual(expect.objectContaining({ repeated: 1 }));
    await h.slack.server.waitFor(
      (r) => r.path === '/api/chat.update' && (r.body as { ts: string }).ts === ts,
    );
    expect(JSON.stringify(updates(h, ts).at(-1)?.body)).toContain('2 times');
    expect(cardsIn('C0ALERTS')).toHaveLength(1);

    // A critical level on the domain controller: Slack and the Teams channel both get it.
    const critical = await postWazuh(
      h,
      wazuh.alert(AGENTS.acmeServer, rule(13, '92213', 'Mimikatz credential dumping detected')),
    );
    expect(await critical.json()).toEqual(expect.objectContaining({ opened: 1 }));
    await h.connector.waitForActivity(
      (a) =>
        a.conversationId === teamsChannel &&
        a.kind === 'send' &&
        JSON.stringify(a.activity).includes('Wazuh rule'),
    );
    const teamsCard = JSON.stringify(teamsCards()[0]?.activity);
    expect(teamsCard).toContain('Mimikatz credential dumping detected');
    expect(teamsCard).toContain('Critical: level 13 security alert');
    expect(teamsCard).toContain('Open in Wazuh');
  });

  test('a tech acknowledges from Slack; the next event opens the card again', async () => {
    const key = 'acme:wazuh-001:security-60122';
    const click = (id: string, user = IDS.slackTech) =>
      postToSlack(h.baseUrl, {
        body: slackClickBody({
          actionId: 'alert.ack:0:0',
          value: { alert: key },
          responseUrl: h.slack.responseUrl(id),
          channel: 'C0ALERTS',
          user,
        }),
      });
    await click('sec-ack');
    expect(JSON.stringify((await h.slack.waitForResponse('sec-ack')).body)).toContain(
      'Acknowledged by',
    );
    const ts = h.slack.posted.find((p) => p.text.includes('WS-ACME-01'))?.ts ?? '';
    const drawn = (r: { path: string; body: unknown }, text: string) =>
      r.path === '/api/chat.update' &&
      (r.body as { ts: string }).ts === ts &&
      JSON.stringify(r.body).includes(text);
    // Every copy is redrawn as acknowledged, then the next event opens it again.
    await h.slack.server.waitFor((r) => drawn(r, 'Acknowledged by'));
    await postWazuh(h, wazuh.alert(AGENTS.acmeWorkstation, rule(10)));
    const reopened = await h.slack.server.waitFor((r) => drawn(r, '3 times'));
    expect(JSON.stringify(reopened.body)).not.toContain('Acknowledged by');
    expect(JSON.stringify(reopened.body)).toContain('Open');
  });

  test('from Teams: Create ticket opens one HaloPSA ticket with the rule on it; Snooze 24 h', async () => {
    const key = 'acme:wazuh-002:security-92213';
    const before = halo.data.tickets.length;
    const click = async (verb: string, data: object) => {
      const res = await postActivity(
        h.baseUrl,
        teamsInvoke(h.connector.url, verb, { alert: key, ...data }, IDS.tech),
      );
      return JSON.stringify(await res.json());
    };
    await Promise.all([click('alert.ticket', {}), click('alert.ticket', {})]);
    await until('the ticket', () => halo.data.tickets.length > before);
    await new Promise((r) => setTimeout(r, 200));
    const opened = halo.data.tickets.slice(before);
    expect(opened).toHaveLength(1);
    expect(opened[0]).toEqual(
      expect.objectContaining({ client_id: 12, summary: 'SRV-ACME-DC: security alert' }),
    );
    expect(String(opened[0]?.details)).toContain('Wazuh rule 92213, level 13');
    expect(await click('alert.snooze', { hours: 24 })).toContain('Snoozed until');
  });

  test('`security` lists the open security alerts', async () => {
    const list = await slack(h, 'security acme', IDS.slackTech);
    expect(list).toContain('Open security alerts: Acme Corp');
    expect(list).toContain('SRV-ACME-DC');
    expect(list).toContain('WS-ACME-01');
  });

  test('below the customer level nothing is raised; Globex listens from level 5; a viewer sees only their own', async () => {
    const low = await postWazuh(h, wazuh.alert(AGENTS.acmeWorkstation, rule(6, '5503')));
    expect(await low.json()).toEqual(expect.objectContaining({ opened: 0, belowLevel: 1 }));
    const globex = await postWazuh(h, wazuh.alert(AGENTS.globexLaptop, rule(6, '5503')));
    expect(await globex.json()).toEqual(expect.objectContaining({ opened: 1 }));
    await h.slack.server.waitFor(
      (r) =>
        r.path === '/api/chat.postMessage' &&
        (r.body as { channel: string }).channel === 'C0GLOBEX',
    );
    // Acme's viewer, in Teams: Acme's security alerts, never Globex's.
    const viewerSees = async (text: string) => {
      const ask = teamsMessage(h.connector.url, text, IDS.acmeViewer);
      await postActivity(h.baseUrl, ask);
      const answer = await h.connector.waitForActivity((a) => a.activityId === ask.id);
      return JSON.stringify(answer.activity);
    };
    const own = await viewerSees('security');
    expect(own).toContain('WS-ACME-01');
    expect(own).not.toContain('GLOBEX-LAP-7');
    expect(await viewerSees('security globex')).not.toContain('GLOBEX-LAP-7');
    expect(await slack(h, 'security globex', IDS.slackTech, 'C0GLOBEX')).toContain('GLOBEX-LAP-7');
  });

  test('in a maintenance window a lesser alert waits for its end; a critical one does not', async () => {
    const lesser = await postWazuh(h, wazuh.alert(AGENTS.initechPc, rule(10)));
    expect(await lesser.json()).toEqual(expect.objectContaining({ opened: 1 }));
    const critical = await postWazuh(
      h,
      wazuh.alert(AGENTS.initechPc, rule(14, '87105', 'Ransomware behaviour detected')),
    );
    expect(await critical.json()).toEqual(expect.objectContaining({ opened: 1 }));
    await h.slack.server.waitFor(
      (r) =>
        r.path === '/api/chat.postMessage' &&
        (r.body as { channel: string }).channel === 'C0INITECH',
    );
    await new Promise((r) => setTimeout(r, 300));
    const cards = cardsIn('C0INITECH');
    expect(cards).toHaveLength(1);
    expect(cards[0]).toContain('Ransomware behaviour detected');
    // The held one is on the customer's page, with its post due at the window's end.
    const list = await slack(h, 'security initech', IDS.slackTech, 'C0INITECH');
    expect(list).toContain('Logon failure');
  });

  test("an agent in no customer group, or in two customers' groups, is not guessed", async () => {
    for (const agent of [AGENTS.stray, AGENTS.shared]) {
      const res = await postWazuh(h, wazuh.alert(agent, rule(12)));
      expect(await res.json()).toEqual(expect.objectContaining({ opened: 0, unassigned: 1 }));
    }
    expect(JSON.stringify(h.slack.posted)).not.toContain('LAB-TEST-1');
    expect(JSON.stringify(h.slack.posted)).not.toContain('SHARED-KIOSK');
  });
});
