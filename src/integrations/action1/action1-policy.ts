import type { ActualAutomation } from '../../policy/drift';
import type { DesiredAutomation } from '../../policy/desired';
import type { PolicyTarget } from '../../policy/policy-target';
import type { Action1Client } from './action1-client';

const body = (a: DesiredAutomation, groupId: string) => ({
  name: a.name,
  settings: a.settings,
  settings_timezone: a.settings_timezone,
  retry_minutes: a.retry_minutes,
  endpoints: [{ id: groupId, type: 'EndpointGroup' }],
  actions: a.actions,
});

/** Action1 automations (schedules) and endpoint groups as the policy's target. */
export class Action1PolicyTarget implements PolicyTarget {
  constructor(private readonly client: Action1Client) {}

  async automations(orgId: string): Promise<ActualAutomation[]> {
    return (await this.client.schedules(orgId)).map((s) => s as ActualAutomation);
  }
  async createAutomation(orgId: string, a: DesiredAutomation, groupId: string) {
    await this.client.createSchedule(orgId, body(a, groupId));
  }
  async updateAutomation(orgId: string, id: string, a: DesiredAutomation, groupId: string) {
    await this.client.updateSchedule(orgId, id, body(a, groupId));
  }
  async deleteAutomation(orgId: string, id: string) {
    await this.client.deleteSchedule(orgId, id);
  }
  async findGroup(orgId: string, name: string) {
    return (await this.client.groups(orgId)).find((g) => g.name === name)?.id;
  }
  async createGroup(orgId: string, name: string, description: string) {
    return (await this.client.createGroup(orgId, { name, description })).id;
  }
  async groupMembers(orgId: string, groupId: string) {
    return (await this.client.groupContents(orgId, groupId)).map((e) => e.id);
  }
  async endpointIds(orgId: string) {
    return (await this.client.endpoints(orgId)).map((e) => e.id);
  }
  async addToGroup(orgId: string, groupId: string, endpointIds: readonly string[]) {
    await this.client.addToGroup(orgId, groupId, endpointIds);
  }
}
