import type { CommandContext } from './services';
import type { Endpoint } from '../core/fleet';
import { textReply } from '../core/reply';
import { nearest } from '../core/typed-words';
import { customersHere, findCustomer, type FleetCustomer, type Found } from './customer-lookup';

export interface RemoteTarget {
  customer: FleetCustomer;
  device: Endpoint;
}

const list = (names: readonly string[]) => names.map((n) => `\`${n}\``).join(', ');

/**
 * The device a technician means, searched across every customer they may see (or the one named
 * with --customer). A name used by two customers is never guessed: the tech is asked which.
 */
export async function findRemoteTarget(
  ctx: CommandContext,
  typed: string,
  customer: string | undefined,
): Promise<Found<RemoteTarget>> {
  let candidates: FleetCustomer[];
  if (customer) {
    const found = findCustomer(ctx, customer);
    if (!found.ok) return found;
    candidates = [found.value];
  } else {
    candidates = customersHere(ctx).flatMap((c) =>
      c.fleetId ? [{ ...c, fleetId: c.fleetId }] : [],
    );
  }
  const fleets = await Promise.all(
    candidates.map(async (c) => ({ customer: c, endpoints: await ctx.fleet.endpoints(c.fleetId) })),
  );
  const wanted = typed.toLowerCase();
  const matches = fleets.flatMap(({ customer: c, endpoints }) =>
    endpoints
      .filter((e) => e.name.toLowerCase() === wanted || e.id === typed)
      .map((device) => ({ customer: c, device })),
  );
  const [only] = matches;
  if (only && matches.length === 1) return { ok: true, value: only };
  if (matches.length > 1) {
    const names = matches.map((m) => `${m.customer.name} (\`${m.customer.id}\`)`).join(' and ');
    const first = matches[0]?.customer.id ?? 'acme';
    const text = `\`${typed}\` is a device at ${names}. Say which: \`remote ${typed} --customer ${first}\`.`;
    return { ok: false, reply: textReply(text, { private: true }) };
  }
  const near = nearest(
    typed,
    fleets.flatMap((f) => f.endpoints.map((e) => e.name)),
  );
  const where = customer ? (candidates[0]?.name ?? customer) : 'any of your customers';
  const hint = near.length > 0 ? ` Closest: ${list(near)}.` : '';
  return {
    ok: false,
    reply: textReply(`There is no device \`${typed}\` at ${where}.${hint}`, { private: true }),
  };
}

/** Whether the customer pre-approved unattended access to this device, by name or group. */
export async function unattendedFor(
  ctx: CommandContext,
  target: RemoteTarget,
  allowed: { devices: readonly string[]; groups: readonly string[] },
): Promise<boolean> {
  const name = target.device.name.toLowerCase();
  if (allowed.devices.some((d) => d.toLowerCase() === name)) return true;
  if (allowed.groups.length === 0) return false;
  const wanted = allowed.groups.map((g) => g.toLowerCase());
  const groups = (await ctx.fleet.groups(target.customer.fleetId)).filter((g) =>
    wanted.includes(g.name.toLowerCase()),
  );
  for (const g of groups) {
    const members = await ctx.fleet.groupMembers(target.customer.fleetId, g.id);
    if (members.some((m) => m.id === target.device.id)) return true;
  }
  return false;
}
