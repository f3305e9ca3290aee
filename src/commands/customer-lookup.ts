import { z } from 'zod';
import type { CommandContext } from './services';
import type { Customer } from '../config/customer';
import type { Endpoint } from '../core/fleet';
import { textReply, type Reply } from '../core/reply';
import { visibleTo } from '../core/roles';
import { closest, nearest } from '../core/typed-words';

/** Who may read a customer's fleet: MSP techs, and that customer's own viewers and approvers. */
export const FLEET_READERS = {
  who: 'msp',
  minimum: 'tech',
  customerViewers: true,
  customerApprovers: true,
  customerArg: 'customer',
} as const;
/** The same for buttons: the customer is checked in the handler, against the clicker. */
export const FLEET_READERS_BUTTON = {
  who: 'msp',
  minimum: 'tech',
  customerViewers: true,
  customerApprovers: true,
} as const;

/** The arguments of a command about one customer, named or taken from the conversation. */
export const CUSTOMER_ONLY = {
  positional: ['customer?'],
  schema: z.object({ customer: z.string().toLowerCase().optional() }).strict(),
};

export type Found<T> = { ok: true; value: T } | { ok: false; reply: Reply };
export type FleetCustomer = Customer & { fleetId: string };

const list = (names: readonly string[]) => names.map((n) => `\`${n}\``).join(', ');

/**
 * The customers this conversation may show: those the asker can see, or, in a channel bound to
 * a customer (subscribe), that customer only. The customer's own people may be in that channel:
 * a tech asking about another customer there would show it to them.
 */
export function customersHere(ctx: CommandContext): Customer[] {
  const visible = visibleTo(ctx.grants, ctx.customers);
  const bound = boundCustomer(ctx);
  return bound ? visible.filter((c) => c.id === bound) : visible;
}

/** The customer a channel was bound to with `subscribe`, if this is such a channel. */
const boundCustomer = (ctx: CommandContext) =>
  ctx.scope.from === 'channel' ? ctx.scope.customer : undefined;

/**
 * The customer a command is about: typed, or the one this conversation belongs to. Only
 * customers the asker may see are found; the message for a miss names the closest ones.
 */
export function findCustomer(ctx: CommandContext, typed: string | undefined): Found<FleetCustomer> {
  const visible = visibleTo(ctx.grants, ctx.customers);
  const wanted = typed?.toLowerCase() ?? ctx.scope.customer;
  const bound = boundCustomer(ctx);
  const other =
    bound &&
    visible.find((c) => (c.id === wanted || c.name.toLowerCase() === wanted) && c.id !== bound);
  if (other) {
    const here = ctx.customers.find((c) => c.id === bound)?.name ?? bound;
    const text = `This channel belongs to ${here}, so I don't show ${other.name} here. Ask in a personal chat with me, or in ${other.name}'s own channel.`;
    return { ok: false, reply: textReply(text, { private: true, refused: 'denied' }) };
  }
  if (!wanted) {
    return {
      ok: false,
      reply: textReply(`Which customer? You can see ${list(visible.map((c) => c.id)) || 'none'}.`, {
        private: true,
      }),
    };
  }
  const customer = visible.find((c) => c.id === wanted || c.name.toLowerCase() === wanted);
  if (!customer) {
    const hint = closest(
      wanted,
      visible.map((c) => c.id),
    );
    const text = `There is no customer \`${wanted}\` you can see.${hint ? ` Did you mean \`${hint}\`?` : ''} Your customers: ${list(visible.map((c) => c.id)) || 'none'}.`;
    return { ok: false, reply: textReply(text, { private: true, refused: 'denied' }) };
  }
  if (!customer.fleetId) {
    const text = `${customer.name} has no Action1 organization yet: set customers[].action1.orgId for \`${customer.id}\` in the config.`;
    return { ok: false, reply: textReply(text, { private: true }) };
  }
  return { ok: true, value: { ...customer, fleetId: customer.fleetId } };
}

/** A device by its name (any case) or id, or a message with the closest names. */
export function findEndpoint(
  endpoints: readonly Endpoint[],
  typed: string,
  customer: Customer,
): Found<Endpoint> {
  const wanted = typed.toLowerCase();
  const endpoint = endpoints.find((e) => e.name.toLowerCase() === wanted || e.id === typed);
  if (endpoint) return { ok: true, value: endpoint };
  const near = nearest(
    typed,
    endpoints.map((e) => e.name),
  );
  const hint = near.length > 0 ? ` Closest: ${list(near)}.` : '';
  return {
    ok: false,
    reply: textReply(`${customer.name} has no device \`${typed}\`.${hint}`, { private: true }),
  };
}
