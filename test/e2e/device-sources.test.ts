import { IntuneSim } from '../../sim/intune';
import { FleetDmSim, simHost, type SimHost } from '../../sim/fleetdm';
import { posts, slack } from '../helpers/alerts';
import { fleetTruth } from '../helpers/fleet-truth';
import {
  IDS,
  postActivity,
  startHarness,
  teamsMessage,
  TEST_CONFIG,
  type Harness,
} from '../helpers/harness';

/**
 * Acme's devices come from Action1, Intune (its own tenant) and FleetDM (team 3); Umbrella has no
 * Action1 at all, only Intune. Every answer covers every source, a device two sources know is one
 * device, and a Mac or a Linux host is never compliant for want of Action1's word.
 */
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

const host = (id: number, fields: Partial<SimHost>) => simHost(id, fields);

function config(): string {
  return `${TEST_CONFIG.replace(
    '    action1: { orgId: acme-org }\n',
    '    action1: { orgId: acme-org }\n    intune: { tenantId: tenant-acme }\n    fleetdm: { teamId: 3 }\n',
  )}  - id: umbrella
    name: Umbrella Inc
    intune: { tenantId: tenant-umbrella }
alerts: { stormThreshold: 1000, perChannelPerSecond: 100 }
`;
}

describe('devices from Action1, Intune and FleetDM', () => {
  let h: Harness;
  // One device a page: the bot follows @odata.nextLink.
  const intune = new IntuneSim(undefined, 1);
  const fleetdm = new FleetDmSim();

  beforeAll(async () => {
    intune.devices.set('tenant-acme', [
      {
        id: 'i-1',
        deviceName: 'ACME-LT-001.acme.local',
        operatingSystem: 'Windows',
        osVersion: '10.0.22631',
        complianceState: 'noncompliant',
        lastSyncDateTime: hoursAgo(2),
        serialNumber: 'INTUNE-ONLY-SERIAL',
      },
      {
        id: 'i-2',
        deviceName: 'MAC-ACME-03',
        operatingSystem: 'macOS',
        osVersion: '14.5',
        complianceState: 'compliant',
        lastSyncDateTime: hoursAgo(3),
        serialNumber: 'C02MAC03',
        userPrincipalName: 'jo@acme.example',
      },
    ]);
    intune.devices.set('tenant-umbrella', [
      {
        id: 'u-1',
        deviceName: 'UMB-MAC-1',
        operatingSystem: 'macOS',
        osVersion: '15.1',
        complianceState: 'compliant',
        lastSyncDateTime: hoursAgo(1),
        serialNumber: 'C02UMB1',
      },
    ]);
    fleetdm.hosts.push(
      host(1, {
        hostname: 'mac-acme-03',
        platform: 'darwin',
        os_version: 'macOS 14.5',
        hardware_serial: 'C02MAC03',
      }),
      host(2, {
        hostname: 'acme-web-01',
        status: 'offline',
        seen_time: hoursAgo(3),
        issues: { failing_policies_count: 2, total_issues_count: 2 },
      }),
      host(3, { hostname: 'other-customers-host', team_id: 4 }),
    );
    // FleetDM knows two CVEs in the Mac's macOS, and has no OS vulnerability data for Linux.
    fleetdm.osVersions.set(3, [
      {
        os_version_id: 1,
        name: 'macOS 14.5',
        name_only: 'macOS',
        version: '14.5',
        platform: 'darwin',
        hosts_count: 1,
        vulnerabilities: ['CVE-2024-44133', 'CVE-2024-44243'].map((cve) => ({
          cve,
          details_link: `https://nvd.nist.gov/vuln/detail/${cve}`,
        })),
      },
    ]);
    await Promise.all([intune.start(), fleetdm.start()]);
    // Graph throttles the first listing: the bot waits its Retry-After and asks again.
    intune.server.misbehave.failNext = { count: 1, status: 429, retryAfterSeconds: 1 };
    h = await startHarness(
      {
        INTUNE_CLIENT_ID: intune.app.clientId,
        INTUNE_CLIENT_SECRET: intune.app.clientSecret,
        INTUNE_LOGIN_URL: intune.url,
        INTUNE_GRAPH_URL: `${intune.url}/v1.0`,
        FLEETDM_URL: fleetdm.url,
        FLEETDM_API_TOKEN: fleetdm.apiToken,
      },
      { yaml: config() },
    );
  });
  afterAll(async () => {
    await h.stop();
    await Promise.all([intune.stop(), fleetdm.stop()]);
  });

  const teams = async (text: string) => {
    const ask = teamsMessage(h.connector.url, text, IDS.tech);
    await postActivity(h.baseUrl, ask);
    const answer = await h.connector.waitForActivity((a) => a.activityId === ask.id);
    return JSON.stringify(answer.activity);
  };

  test('patch-status counts every source, one device once, and no Mac as compliant for want of Action1', async () => {
    const truth = fleetTruth(h.action1, 'acme-org');
    // Action1's devices, plus the Mac (Intune and FleetDM: one device) and the Linux web server.
    const devices = truth.devices + 2;
    // ACME-LT-001 is Action1's and Intune's: Intune finds it non-compliant.
    const lt001 = h.action1.endpointsOf('acme-org').find((e) => e.name === 'ACME-LT-001');
    const compliant = truth.compliant - (lt001 && lt001.missing.length === 0 ? 1 : 0);
    const pct = (Math.floor((compliant / devices) * 1000) / 10).toFixed(1);
    const answer = await slack(h, 'patch-status acme', IDS.slackTech);
    expect(answer).toContain(`${compliant} of ${devices}`);
    expect(answer).toContain(`${pct} %`);
    expect(intune.server.requests.filter((r) => r.refused === 429)).toHaveLength(1);
    expect(intune.server.requests.some((r) => r.path.includes('skiptoken=1'))).toBe(true);
  });

  test('the device card says where a device comes from and what its sources say', async () => {
    const mac = await teams('patch-status acme MAC-ACME-03');
    expect(mac).toContain('Intune + FleetDM');
    expect(mac).toContain('macOS 14.5: 2 known vulnerabilities, OS update due (FleetDM)');
    expect(mac).toContain('Intune: compliant');
    expect(mac).toContain('Update state not reported');
    const pc = await teams('patch-status acme ACME-LT-001');
    expect(pc).toContain('Action1 + Intune');
    expect(pc).toContain('Intune: noncompliant');
    const web = await slack(h, 'devices acme --offline', IDS.slackTech);
    expect(web).toContain('acme-web-01');
    expect(web).toContain('FleetDM: noncompliant (2 failing policies)');
    expect(web).toContain('Ubuntu 22.04.4 LTS: OS update state not known (FleetDM)');
    expect(web).not.toContain('other-customers-host');
  });

  test('a customer with Intune and no Action1 has its devices, and nothing is compliant unseen', async () => {
    const answer = await slack(h, 'patch-status umbrella', IDS.slackTech);
    expect(answer).toContain('0 of 1');
    const umb = await teams('patch-status umbrella UMB-MAC-1');
    expect(umb).toContain('Intune');
    // Intune (Graph v1.0) gives no OS update state: said so, never taken for current.
    expect(umb).toContain('updates not reported (not managed by Action1)');
    // What only the RMM can do is refused, saying why.
    expect(await slack(h, 'patch-now umbrella UMB-MAC-1', IDS.slackTech)).toContain(
      'UMB-MAC-1 is not managed by Action1, which is what patch-now deploys through',
    );
  });

  test('the offline alert covers FleetDM hosts; an Intune device synced in the last 24 h is not offline', async () => {
    await slack(h, 'subscribe acme alerts');
    await h.bot.poller.cycle();
    await h.slack.server.waitFor(
      (r) => r.path === '/api/chat.postMessage' && JSON.stringify(r.body).includes('acme-web-01'),
    );
    const cards = posts(h, 'C0ALERTS').map((p) => JSON.stringify(p.body));
    expect(cards.filter((c) => c.includes('acme-web-01 (Acme Corp): offline'))).toHaveLength(1);
    expect(cards.join()).not.toContain('MAC-ACME-03 (Acme Corp): offline');
  });
});
