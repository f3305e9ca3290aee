import type { Policy } from '../config/config-schema';
import { effectivePolicy, type Customer } from '../config/customer';
import { desiredAutomations, POLICY_GROUP, type DesiredAutomation } from './desired';
import { driftOf, type Drift } from './drift';
import type { PolicyTarget } from './policy-target';

/** A customer as the policy needs it: its Action1 organization, exceptions and window. */
export type PolicyCustomer = Pick<
  Customer,
  'id' | 'name' | 'fleetId' | 'policyOverrides' | 'timezone' | 'maintenanceWindow'
>;

/**
 * Policy as code (runbook section 4): what Action1 should hold for a customer, how far it is
 * from that, and making it so. Applying twice changes nothing the second time.
 */
export class PolicyDesk {
  constructor(
    private readonly base: Policy,
    private readonly target: PolicyTarget,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  policyFor(c: PolicyCustomer): Policy {
    return effectivePolicy(this.base, c.policyOverrides);
  }

  /** The automations Action1 should hold for this customer, as of now. */
  desired(c: PolicyCustomer): DesiredAutomation[] {
    const w = c.maintenanceWindow;
    return desiredAutomations(
      this.policyFor(c),
      w && {
        window: w,
        timeZone: c.timezone,
        explicit: c.policyOverrides ?? {},
        now: this.clock(),
      },
    );
  }

  private org(c: PolicyCustomer): string {
    if (!c.fleetId) throw new Error(`${c.name} has no Action1 organization`);
    return c.fleetId;
  }

  async drift(c: PolicyCustomer): Promise<Drift> {
    const org = this.org(c);
    const [have, groupId, devices] = await Promise.all([
      this.target.automations(org),
      this.target.findGroup(org, POLICY_GROUP),
      this.target.endpointIds(org),
    ]);
    const members = groupId ? new Set(await this.target.groupMembers(org, groupId)) : new Set();
    const outside = devices.filter((id) => !members.has(id)).length;
    return driftOf(this.desired(c), have, { id: groupId, outside });
  }

  /**
   * Where the customer's maintenance window sits in Action1 (the policy's schedules), in words;
   * undefined when no window is configured. Throws, naming the difference, when Action1's
   * schedules are not in the window.
   */
  async windowInAction1(c: PolicyCustomer): Promise<string | undefined> {
    const w = c.maintenanceWindow;
    if (!w) return undefined;
    const d = await this.drift(c);
    const off = [...d.missing.map((m) => m.name), ...d.changed.map((x) => x.want.name)];
    if (off.length > 0)
      throw new Error(`Action1's schedules are not in the window yet: ${off.join(', ')}`);
    const [os] = this.desired(c);
    return `window ${w.day} ${w.start} for ${w.hours} h (${c.timezone}): OS updates ${os?.settings.replace('ENABLED ', '')} UTC in Action1`;
  }

  /** Brings Action1 in line; returns what it did, in words. */
  async apply(c: PolicyCustomer): Promise<string[]> {
    const org = this.org(c);
    const done: string[] = [];
    let groupId = await this.target.findGroup(org, POLICY_GROUP);
    if (!groupId) {
      groupId = await this.target.createGroup(
        org,
        POLICY_GROUP,
        `Every managed device of ${c.name}: the standard patch policy's automations target it.`,
      );
      done.push(`Created group "${POLICY_GROUP}"`);
    }
    const members = new Set(await this.target.groupMembers(org, groupId));
    const outside = (await this.target.endpointIds(org)).filter((id) => !members.has(id));
    if (outside.length > 0) {
      await this.target.addToGroup(org, groupId, outside);
      done.push(`Added ${outside.length} device(s) to "${POLICY_GROUP}"`);
    }
    const d = driftOf(this.desired(c), await this.target.automations(org), {
      id: groupId,
      outside: 0,
    });
    for (const m of d.missing) {
      await this.target.createAutomation(org, m, groupId);
      done.push(`Created ${m.name}`);
    }
    for (const ch of d.changed) {
      await this.target.updateAutomation(org, ch.have.id, ch.want, groupId);
      done.push(`Updated ${ch.want.name} (${ch.fields.join(', ')})`);
    }
    for (const e of d.extra) {
      await this.target.deleteAutomation(org, e.id);
      done.push(`Removed ${e.name} (not in the policy)`);
    }
    return done;
  }
}

/** Onboarding's policy steps, by customer id: put the policy in place, check the window. */
export function policyOnboardingTools(desk: PolicyDesk, customers: readonly PolicyCustomer[]) {
  const customer = (id: string) => {
    const c = customers.find((x) => x.id === id);
    if (!c) throw new Error(`unknown customer ${id}`);
    return c;
  };
  return {
    applyPolicy: (id: string) => desk.apply(customer(id)),
    windowInAction1: async (id: string) => {
      const c = customers.find((x) => x.id === id);
      return c && desk.windowInAction1(c);
    },
  };
}
