import type { WazuhSim } from '../../sim/wazuh';
import { eventually } from '../helpers/access-e2e';
import { IDS, postToSlack, slashCommandBody, startHarness, type Harness } from '../helpers/harness';
import { pdfText } from '../helpers/pdf';
import { AGENTS, postWazuh, rule, securityConfig, startWazuh, wazuhEnv } from '../helpers/wazuh';

/**
 * The monthly report's security section counts what Wazuh sent for the customer (ground truth:
 * the events this test posts), once each, and names the agents Wazuh last heard from too long ago.
 */
describe('the monthly report has a security section', () => {
  let h: Harness;
  let wazuh: WazuhSim;
  beforeAll(async () => {
    wazuh = await startWazuh();
    const server = wazuh.agents.find((a) => a.id === AGENTS.acmeServer.id);
    const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();
    if (server) server.lastKeepAlive = daysAgo(3);
    // Two of Acme's Action1 devices also run a Wazuh agent (Wazuh names agents by hostname).
    wazuh.agents.push(
      { id: '101', name: 'acme-lt-001', group: ['acme-workstations'], lastKeepAlive: daysAgo(0) },
      { id: '102', name: 'ACME-LT-009', group: ['acme-workstations'], lastKeepAlive: daysAgo(2) },
    );
    h = await startHarness(wazuhEnv(wazuh), { yaml: securityConfig() });
    // Two Acme devices that report no firewall to Action1 run Wazuh agents whose CIS scan has
    // the firewall-state checks: one all passed, one with a check failed.
    const silent = h.action1.endpointsOf('acme-org').filter((e) => !e.custom?.['MSP Firewall']);
    const [on, off] = silent;
    if (!on || !off) throw new Error('the seeded fleet has no two devices without firewall facts');
    const check = (id: number, profile: string, result: string) => ({
      id,
      title: `Ensure 'Windows Firewall: ${profile}: Firewall state' is set to 'On (recommended)'.`,
      result,
    });
    for (const [id, device, last] of [
      ['201', on, 'passed'],
      ['202', off, 'failed'],
    ] as const) {
      wazuh.agents.push({
        id,
        name: device.name,
        group: ['acme-workstations'],
        lastKeepAlive: daysAgo(0),
      });
      wazuh.sca.set(id, [
        {
          policy_id: 'cis_win11_enterprise_21H2',
          name: 'CIS Microsoft Windows 11 Enterprise Benchmark v1.0.0',
          checks: [
            check(26000, 'Domain', 'passed'),
            check(26001, 'Private', 'passed'),
            check(26002, 'Public', last),
            { id: 26100, title: 'Ensure audit of logon events is set.', result: 'failed' },
          ],
        },
      ]);
    }
  });
  afterAll(async () => {
    await h.stop();
    await wazuh.stop();
  });

  /** Asks for a report in a channel of its own; the PDF's text as pdftotext reads it. */
  async function reportText(command: string, channel: string): Promise<string> {
    const { body } = slashCommandBody(h.slack, command, IDS.slackTech, undefined, channel);
    await postToSlack(h.baseUrl, { body });
    const file = await eventually(
      () => h.slack.files.find((f) => f.channel === channel && f.bytes),
      30_000,
    );
    return pdfText(file.bytes as Buffer).replace(/\s+/g, ' ');
  }

  test('events by level, the rules that fired most, silent agents', async () => {
    const logon = () => wazuh.alert(AGENTS.acmeWorkstation, rule(10));
    const first = logon();
    const sent = [
      first,
      logon(),
      logon(),
      first, // delivered twice: one event
      wazuh.alert(AGENTS.acmeServer, rule(13, '92213', 'Mimikatz credential dumping detected')),
      wazuh.alert(AGENTS.acmeServer, rule(6, '5503')), // below Acme's level 10: not an alert
      wazuh.alert(AGENTS.globexLaptop, rule(12, '92300')), // Globex's
    ];
    for (const alert of sent) expect((await postWazuh(h, alert)).status).toBe(202);

    const text = await reportText(
      `report monthly acme --month ${new Date().toISOString().slice(0, 7)}`,
      'C0REPORTS',
    );
    const month = new Date().toLocaleDateString('en-GB', {
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    expect(text).toContain(`Security (Wazuh) in ${month}`);
    // The figures: their values, then their labels.
    expect(text).toContain(
      '4 1 2 2 of 6 security events at level 12 or above open security alerts agents silent over 24 h',
    );
    expect(text).toContain('13 1 10 3'); // the levels table, highest first
    expect(text).toContain('60122 10 Logon failure: unknown user or bad password 3');
    expect(text).toContain('92213 13 Mimikatz credential dumping detected 1');
    expect(text).not.toContain('92300');
    expect(text).toContain('SRV-ACME-DC');
    expect(text).toContain('ACME-LT-009');
  });

  test('the baseline: AV / EDR counts the devices Wazuh watches; Firewall takes its scans where Action1 has no word', async () => {
    const text = await reportText('report baseline acme', 'C0BASE');
    const devices = h.action1.endpointsOf('acme-org').length;
    // ACME-LT-001's agent and the two scanned ones were heard from today; ACME-LT-009's two days ago.
    expect(text).toContain(`EDR (Wazuh agent) active on 3 of ${devices} devices`);
    // Firewall: Action1's facts, and Wazuh's scans for the two devices that report none.
    const facts = h.action1
      .endpointsOf('acme-org')
      .map((e) => e.custom?.['MSP Firewall'])
      .filter((v) => v !== undefined);
    const off = facts.filter((v) => v !== 'on').length + 1;
    expect(text).toContain(
      `Off on ${off} device${off === 1 ? '' : 's'} of ${facts.length + 2} reporting`,
    );
  });
});
