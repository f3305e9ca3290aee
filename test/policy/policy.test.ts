import { Action1Sim } from '../../sim/action1/action1-sim';
import { Action1Client } from '../../src/integrations/action1/action1-client';
import { Action1PolicyTarget } from '../../src/integrations/action1/action1-policy';
import { PolicyDesk } from '../../src/policy/policy-desk';
import { driftLines, inLine } from '../../src/policy/drift';
import { desiredAutomations, POLICY_GROUP } from '../../src/policy/desired';
import { fileSchema } from '../../src/config-schema';

const sim = new Action1Sim({ clientId: 'c', clientSecret: 's' });
let client: Action1Client;
let desk: PolicyDesk;
const policy = fileSchema.parse({ msp: { name: 'T' } }).policy;
const acme = { id: 'acme', name: 'Acme Corp', fleetId: 'acme-org' };

beforeAll(async () => {
  await sim.start();
  client = new Action1Client({ baseUrl: sim.baseUrl, clientId: 'c', clientSecret: 's' });
  desk = new PolicyDesk(policy, new Action1PolicyTarget(client));
});
afterAll(() => sim.stop());

describe('the standard patch policy as code, against the Action1 simulator', () => {
  test('the runbook defaults, with one customer’s exception laid over them', () => {
    expect(policy.osUpdates).toEqual({ day: 'wednesday', time: '02:00', reboot: true });
    expect(policy.thirdPartyUpdatesDaily).toBe('02:30');
    expect(policy.criticalPatchWithinHours).toBe(24);
    expect(policy.offlineRetryHours).toBe(72);
    const friday = desk.policyFor({
      ...acme,
      overrides: { osUpdates: { day: 'friday', time: '22:00', reboot: false } },
    });
    expect(friday.osUpdates.day).toBe('friday');
    expect(friday.thirdPartyUpdatesDaily).toBe('02:30');
    expect(desiredAutomations(friday)[0]?.settings).toBe('ENABLED WEEKLY AT:22-00-00 DAYS:FRI');
  });

  test('apply builds the group and the automations; a second apply changes nothing', async () => {
    const before = await desk.drift(acme);
    expect(before.groupMissing).toBe(true);
    expect(before.missing).toHaveLength(5);
    const done = await desk.apply(acme);
    expect(done[0]).toBe(`Created group "${POLICY_GROUP}"`);
    expect(done).toContain(
      `Added ${sim.endpointsOf('acme-org').length} device(s) to "${POLICY_GROUP}"`,
    );
    expect(done.filter((d) => d.startsWith('Created MSP: '))).toHaveLength(5);
    expect(inLine(await desk.drift(acme))).toBe(true);
    expect(await desk.apply(acme)).toEqual([]);
  });

  test('someone edits an automation in Action1 and adds one of ours: drift names both, apply puts it back', async () => {
    const os = (await client.schedules('acme-org')).find(
      (x) => x.name === 'MSP: OS updates (weekly)',
    );
    await client.updateSchedule('acme-org', os?.id ?? '', { settings: 'DISABLED' });
    await client.createSchedule('acme-org', {
      name: 'MSP: Old reboot job',
      actions: [],
      settings: 'ENABLED',
    });
    await client.createSchedule('acme-org', {
      name: 'Customer backup check',
      actions: [],
      settings: 'ENABLED',
    });
    const drift = await desk.drift(acme);
    expect(driftLines(drift, POLICY_GROUP)).toEqual([
      'Changed: MSP: OS updates (weekly) (schedule)',
      'Extra: MSP: Old reboot job (not in the policy)',
    ]);
    const done = await desk.apply(acme);
    expect(done).toEqual([
      'Updated MSP: OS updates (weekly) (schedule)',
      'Removed MSP: Old reboot job (not in the policy)',
    ]);
    expect(inLine(await desk.drift(acme))).toBe(true);
    // The customer's own automation is none of the policy's business.
    expect((await client.schedules('acme-org')).map((x) => x.name)).toContain(
      'Customer backup check',
    );
  });
});
