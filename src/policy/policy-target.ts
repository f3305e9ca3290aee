import type { ActualAutomation } from './drift';
import type { DesiredAutomation } from './desired';

/** Where the policy is put into practice: Action1's automations and groups. */
export interface PolicyTarget {
  automations(orgId: string): Promise<ActualAutomation[]>;
  createAutomation(orgId: string, a: DesiredAutomation, groupId: string): Promise<void>;
  updateAutomation(orgId: string, id: string, a: DesiredAutomation, groupId: string): Promise<void>;
  deleteAutomation(orgId: string, id: string): Promise<void>;
  findGroup(orgId: string, name: string): Promise<string | undefined>;
  createGroup(orgId: string, name: string, description: string): Promise<string>;
  groupMembers(orgId: string, groupId: string): Promise<string[]>;
  endpointIds(orgId: string): Promise<string[]>;
  addToGroup(orgId: string, groupId: string, endpointIds: readonly string[]): Promise<void>;
}
