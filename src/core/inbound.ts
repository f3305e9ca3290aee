import type { Actor, CardAction, CustomerScope, Invocation, Place } from './invocation';
import type { Store } from './store';
import { newCorrelationId } from './ids';

/** Where `subscribe` records that a channel belongs to a customer. */
export const channelCustomerKey = (place: Place) =>
  `channel-customer:${place.channel}:${place.conversationId}`;

/**
 * A customer's own Entra tenants, the one thing the kernel reads of a customer (a conversation
 * from one is about that customer). Structural, so config's Customer fits without core importing it.
 */
export interface CustomerTenants {
  id: string;
  entraTenantIds: readonly string[];
}

/** Card data is untrusted: anything but an object is wrapped so the verb's schema refuses it. */
export const asRecord = (data: unknown): Record<string, unknown> =>
  data && typeof data === 'object' && !Array.isArray(data)
    ? (data as Record<string, unknown>)
    : { value: data };

/** "  Patch-Status acme " → command "patch-status", args "acme". */
export function splitCommand(text: string): { command: string; args: string } {
  const trimmed = text.trim();
  const [first = 'help'] = trimmed.split(/\s+/, 1);
  return { command: (first || 'help').toLowerCase(), args: trimmed.slice(first.length).trim() };
}

/**
 * The edge's last step for both channels: verified actor and place in, Invocation or CardAction
 * out, with the customer scope of the conversation resolved from the store and config.
 */
export class Inbound {
  constructor(
    private readonly store: Store,
    private readonly customers: readonly CustomerTenants[],
    private readonly clock: () => Date = () => new Date(),
    /** Demo mode: who a person is acting as (a persona), else the person as verified. */
    private readonly actingAs: (actor: Actor) => Promise<Actor> = async (actor) => actor,
  ) {}

  async command(verified: Actor, place: Place, text: string): Promise<Invocation> {
    const actor = await this.actingAs(verified);
    const scope = await this.scopeOf(actor, place);
    return {
      actor,
      place,
      scope,
      ...splitCommand(text),
      correlationId: newCorrelationId(),
      receivedAt: this.clock(),
    };
  }

  async action(
    verified: Actor,
    place: Place,
    verb: string,
    data: Record<string, unknown>,
  ): Promise<CardAction> {
    const actor = await this.actingAs(verified);
    const scope = await this.scopeOf(actor, place);
    return {
      actor,
      place,
      scope,
      verb,
      data,
      correlationId: newCorrelationId(),
      receivedAt: this.clock(),
    };
  }

  private async scopeOf(actor: Actor, place: Place): Promise<CustomerScope> {
    const bound = await this.store.get(channelCustomerKey(place));
    if (bound) return { customer: bound.value, from: 'channel' };
    // A customer's own tenant only counts in Teams, where the tenant comes from the verified token.
    const tenant = actor.channel === 'teams' ? actor.tenantId : undefined;
    const byTenant = tenant
      ? this.customers.find((c) => c.entraTenantIds.includes(tenant))
      : undefined;
    return byTenant ? { customer: byTenant.id, from: 'tenant' } : { from: 'none' };
  }
}
