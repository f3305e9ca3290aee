import { Action1Sim } from '../../sim/action1/action1-sim';
import { contractOf } from '../../sim/contract/contract';
import { Action1Client } from '../../src/integrations/action1/action1-client';
import { Action1PolicyTarget } from '../../src/integrations/action1/action1-policy';
import { PolicyDesk, type PolicyCustomer } from '../../src/policy/policy-desk';
import { driftLines, inLine } from '../../src/policy/drift';
import { desiredAutomations, POLICY_GROUP } from '../../src/policy/desired';
import { fileSchema } from '../../src/config/config-schema';

const sim = new Action1Sim({ clientId: 'api-c@action1.example', clientSecret: 's' });
let client: Action1Client;
let desk: PolicyDesk;
let now = new Date('2026-12-01T12:00:00Z');
const policy = fileSchema.parse({ msp: { name: 'T' } }).policy;
const acme: PolicyCustomer = {
  id: 'acme',
  name: 'Acme Corp',
  fleetId: 'acme-org',
  timezone: 'Europe/Berlin',
};
const EVERY_DAY = 'WEEKLY:Sun,Mon,Tue,Wed,Thu,Fri,Sat';
const schedulePath = { method: 'POST', path: '/automations/schedules/acme-org' };

beforeAll(async () => {
  await sim.start();
  client = new Action1Client({
    baseUrl: sim.baseUrl,
    clientId: 'api-c@action1.example',
    clientSecret: 's',
  });
  desk = new PolicyDesk(policy, new Action1PolicyTarget(client), () => now);
});
afterAll(() => sim.stop());

const automationNamed = async (name: string) =>
  (await client.schedules('acme-org')).find((x) => x.name === name);

describe('the standard patch policy as code, against the Action1 simulator', () => {
  test('the runbook defaults in Action1’s schedule grammar, with one customer’s exception laid over them', () => {
    expect(policy.osUpdates).toEqual({ day: 'wednesday', time: '02:00', reboot: true });
    expect(policy.thirdPartyUpdatesDaily).toBe('02:30');
    const settings = desiredAutomations(policy).map((a) => a.settings);
    // Runbook §4: OS weekly Wednesday 02:00 UTC, apps daily 02:30, Defender daily 01:00,
    // housekeeping weekly Sunday 03:00; the grammar has no daily form, so daily is every weekday.
    expect(settings).toEqual([
      'ENABLED WEEKLY:Wed AT:02-00-00',
      `ENABLED ${EVERY_DAY} AT:02-30-00`,
      `ENABLED ${EVERY_DAY} AT:00-00-00`,
      `ENABLED ${EVERY_DAY} AT:01-00-00`,
      `ENABLED ${EVERY_DAY} AT:01-30-00`,
      'ENABLED WEEKLY:Sun AT:03-00-00',
    ]);
    const friday = desk.policyFor({
      ...acme,
      policyOverrides: { osUpdates: { day: 'friday', time: '22:00', reboot: false } },
    });
    expect(friday.thirdPartyUpdatesDaily).toBe('02:30');
    expect(desiredAutomations(friday)[0]?.settings).toBe('ENABLED WEEKLY:Fri AT:22-00-00');
  });

  test('every automation the policy makes is a body Action1’s contract accepts', () => {
    const action1 = contractOf('action1');
    for (const a of desiredAutomations(policy)) {
      const body = { ...a, endpoints: [{ id: 'group-1', type: 'EndpointGroup' }] };
      expect(action1.checkRequest({ ...schedulePath, body })).toEqual([]);
    }
    const [os, apps, critical, defender] = desiredAutomations(policy);
    // Severity and sources through MatchingFilters, approval by the contract's names.
    expect(critical?.actions[0]?.params).toMatchObject({
      scope: 'MatchingFilters',
      filters: [{ name: 'update_security_severities', operator: 'include', values: ['Critical'] }],
      automatic_approve_updates: 'yes',
      require_update_approval: 'no',
    });
    expect(os?.actions[0]?.params.filters).toEqual([
      { name: 'update_sources', operator: 'include', values: ['Windows - Mandatory'] },
    ]);
    expect(apps?.actions[0]?.params.filters).toEqual([
      { name: 'update_sources', operator: 'include', values: ['Applications'] },
      { name: 'update_names', operator: 'include', values: policy.thirdPartyApps },
    ]);
    expect(defender?.actions[0]?.params).toMatchObject({
      run_script_params: [],
      run_script_text: 'Update-MpSignature',
    });
    // The old spellings are refused by the contract: a day list after AT, and DAILY.
    for (const settings of ['ENABLED WEEKLY AT:02-00-00 DAYS:WED', 'ENABLED DAILY AT:02-00-00'])
      expect(action1.checkRequest({ ...schedulePath, body: { ...os, settings } }).join()).toContain(
        '/settings must match pattern',
      );
  });

  test('apply builds the group and the automations; a second apply changes nothing though Action1 re-spells them', async () => {
    const before = await desk.drift(acme);
    expect(before.groupMissing).toBe(true);
    expect(before.missing).toHaveLength(6);
    const done = await desk.apply(acme);
    expect(done[0]).toBe(`Created group "${POLICY_GROUP}"`);
    expect(done).toContain(
      `Added ${sim.endpointsOf('acme-org').length} device(s) to "${POLICY_GROUP}"`,
    );
    expect(done.filter((d) => d.startsWith('Created MSP: '))).toHaveLength(6);
    // Action1 keeps them its own way: an id on every action, AT with colons, a saved date.
    const os = await automationNamed('MSP: OS updates (weekly)');
    expect(os?.settings).toMatch(/^ENABLED WEEKLY:Wed AT:02:00:00 DATE:\d{4}-\d\d-\d\d$/);
    expect((os?.actions as { id?: string }[])[0]?.id).toBeTruthy();
    expect(inLine(await desk.drift(acme))).toBe(true);
    expect(await desk.apply(acme)).toEqual([]);
  });

  test('someone edits an automation in Action1 and adds one of ours: drift names both, apply puts it back', async () => {
    const [wanted, , , defender] = desiredAutomations(policy);
    const os = await automationNamed('MSP: OS updates (weekly)');
    // A whole schedule, as the contract's PATCH takes it: moved to Thursday in the console.
    await client.updateSchedule('acme-org', os?.id ?? '', {
      ...wanted,
      settings: 'ENABLED WEEKLY:Thu AT:02-00-00',
    });
    await client.createSchedule('acme-org', { ...defender, name: 'MSP: Old reboot job' });
    await client.createSchedule('acme-org', { ...defender, name: 'Customer backup check' });
    const drift = await desk.drift(acme);
    expect(driftLines(drift, POLICY_GROUP)).toEqual([
      'Changed: MSP: OS updates (weekly) (schedule, targets)',
      'Extra: MSP: Old reboot job (not in the policy)',
    ]);
    const done = await desk.apply(acme);
    expect(done).toEqual([
      'Updated MSP: OS updates (weekly) (schedule, targets)',
      'Removed MSP: Old reboot job (not in the policy)',
    ]);
    expect(inLine(await desk.drift(acme))).toBe(true);
    // The customer's own automation is none of the policy's business.
    expect((await client.schedules('acme-org')).map((x) => x.name)).toContain(
      'Customer backup check',
    );
  });
});

describe('the maintenance window lives in Action1', () => {
  // Acme's window: Wednesday 02:00 Berlin for 3 h. Berlin is UTC+1 in December, UTC+2 in July.
  const windowed: PolicyCustomer = {
    ...acme,
    maintenanceWindow: { day: 'wednesday', start: '02:00', hours: 3 },
  };
  const settingsOf = (c: PolicyCustomer) => desk.desired(c).map((a) => a.settings);

  test('OS updates open the window, housekeeping an hour in, critical patches daily at its hour, in UTC', () => {
    now = new Date('2026-12-01T12:00:00Z');
    expect(settingsOf(windowed)).toEqual([
      'ENABLED WEEKLY:Wed AT:01-00-00',
      `ENABLED ${EVERY_DAY} AT:02-30-00`,
      `ENABLED ${EVERY_DAY} AT:01-00-00`,
      `ENABLED ${EVERY_DAY} AT:01-00-00`,
      `ENABLED ${EVERY_DAY} AT:01-30-00`,
      'ENABLED WEEKLY:Wed AT:02-00-00',
    ]);
    now = new Date('2026-07-01T12:00:00Z');
    expect(settingsOf(windowed)[0]).toBe('ENABLED WEEKLY:Wed AT:00-00-00');
    // Monday 00:30 Berlin in winter is Sunday 23:30 UTC; New York's Saturday 22:00 (UTC-5 in
    // December) is Sunday 03:00 UTC.
    now = new Date('2026-12-01T12:00:00Z');
    expect(
      settingsOf({ ...acme, maintenanceWindow: { day: 'monday', start: '00:30', hours: 1 } })[0],
    ).toBe('ENABLED WEEKLY:Sun AT:23-30-00');
    expect(
      settingsOf({
        ...acme,
        timezone: 'America/New_York',
        maintenanceWindow: { day: 'saturday', start: '22:00', hours: 4 },
      })[0],
    ).toBe('ENABLED WEEKLY:Sun AT:03-00-00');
  });

  test('a time the customer set explicitly stays where they put it', () => {
    now = new Date('2026-12-01T12:00:00Z');
    const own = {
      ...windowed,
      policyOverrides: { osUpdates: { day: 'friday' as const, time: '22:00', reboot: true } },
    };
    expect(settingsOf(own)[0]).toBe('ENABLED WEEKLY:Fri AT:22-00-00');
  });

  test('apply sets the window in Action1; a window changed in Action1 or in the config is drift', async () => {
    now = new Date('2026-12-01T12:00:00Z');
    expect(driftLines(await desk.drift(windowed), POLICY_GROUP)).toEqual([
      'Changed: MSP: OS updates (weekly) (schedule)',
      `Changed: MSP: Critical patches (within ${policy.criticalPatchWithinHours} h) (schedule)`,
      'Changed: MSP: Disk cleanup, temp purge, event-log trim (weekly) (schedule)',
    ]);
    await desk.apply(windowed);
    expect((await automationNamed('MSP: OS updates (weekly)'))?.settings).toMatch(
      /^ENABLED WEEKLY:Wed AT:01:00:00/,
    );
    expect(inLine(await desk.drift(windowed))).toBe(true);
    // Someone moves the OS updates out of the window in the console.
    const [os] = desk.desired(windowed);
    const id = (await automationNamed('MSP: OS updates (weekly)'))?.id ?? '';
    const groupId = (await client.groups('acme-org')).find((g) => g.name === POLICY_GROUP)?.id;
    await client.updateSchedule('acme-org', id, {
      ...os,
      settings: 'ENABLED WEEKLY:Wed AT:11-00-00',
      endpoints: [{ id: groupId, type: 'EndpointGroup' }],
    });
    expect(driftLines(await desk.drift(windowed), POLICY_GROUP)).toEqual([
      'Changed: MSP: OS updates (weekly) (schedule)',
    ]);
    await desk.apply(windowed);
    // The MSP moves the window to Saturday 22:00 Berlin (21:00 UTC).
    const moved = {
      ...windowed,
      maintenanceWindow: { day: 'saturday' as const, start: '22:00', hours: 4 },
    };
    expect(driftLines(await desk.drift(moved), POLICY_GROUP)).toEqual([
      'Changed: MSP: OS updates (weekly) (schedule)',
      `Changed: MSP: Critical patches (within ${policy.criticalPatchWithinHours} h) (schedule)`,
      'Changed: MSP: Disk cleanup, temp purge, event-log trim (weekly) (schedule)',
    ]);
    expect(desk.desired(moved)[0]?.settings).toBe('ENABLED WEEKLY:Sat AT:21-00-00');
  });
});
