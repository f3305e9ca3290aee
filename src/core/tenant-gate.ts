import type { Actor } from './invocation';

/**
 * Teams users arrive from an Entra tenant: the MSP's own, or a customer's listed in the config.
 * Anyone from another tenant (a guest's home tenant, a stranger's bot install) is refused before
 * any command runs. With no MSP tenant configured the gate is open (local use), and says so.
 */
export class TenantGate {
  private readonly allowed: Set<string>;

  constructor(
    private readonly mspTenants: readonly string[],
    customerTenants: readonly string[],
  ) {
    this.allowed = new Set([...mspTenants, ...customerTenants].map((t) => t.toLowerCase()));
  }

  get enforced(): boolean {
    return this.mspTenants.length > 0;
  }

  /** What to warn about at start: an open gate lets Teams users of any tenant in. */
  get warning(): string | undefined {
    return this.enforced
      ? undefined
      : 'no MSP tenant set (ENTRA_TENANT_ID or TEAMS_TENANT_ID): Teams users from any tenant are let in';
  }

  /** May people of this tenant link their chat account (sign-in)? */
  allows(tenantId: string): boolean {
    return !this.enforced || this.allowed.has(tenantId.toLowerCase());
  }

  refusal(actor: Actor): string | undefined {
    if (actor.channel !== 'teams' || !this.enforced) return undefined;
    if (actor.tenantId && this.allowed.has(actor.tenantId.toLowerCase())) return undefined;
    return `Your organization (tenant ${actor.tenantId ?? 'unknown'}) is not one this MSP works with, so I can't act for you. Ask your IT provider to add it.`;
  }
}
