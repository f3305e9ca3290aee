import type { FleetView } from '../core/fleet-reads';
import { clockTime, duration } from '../core/wording';
import type { CommandContext } from './services';
import type { FleetCustomer } from './customer-lookup';

/**
 * A customer's devices for an answer: the poll's snapshot while it is fresh, Action1 itself
 * when it is not or when the person pressed Refresh.
 */
export async function readFleet(
  ctx: CommandContext,
  customer: FleetCustomer,
  live = false,
): Promise<FleetView> {
  if (ctx.fleetReads) return ctx.fleetReads.endpoints(customer.fleetId, { live });
  return { endpoints: await ctx.fleet.endpoints(customer.fleetId), asOf: ctx.now, live: true };
}

/**
 * The zone an answer spanning several customers shows its times in: the first one's (the zone's
 * name is written beside each time, so none is mistaken).
 */
export const zoneOf = (customers: readonly { timezone: string }[]) =>
  customers[0]?.timezone ?? 'UTC';

/** "2 min ago", "just now": how old a figure is, as people say it. */
export function ageOf(at: Date, now: Date): string {
  const age = duration(at, now);
  return age === '0 min' ? 'just now' : `${age} ago`;
}

/**
 * "As of 14:05 CET (2 min ago), from the last poll": never a snapshot passed off as live. The
 * oldest of several views is the one named.
 */
export function asOfLine(views: readonly FleetView[], timeZone: string, now: Date): string {
  if (views.length === 0) return '';
  const oldest = views.reduce((a, b) => (b.asOf < a.asOf ? b : a));
  const source = views.every((v) => v.live) ? 'read from Action1' : 'from the last poll';
  return `As of ${clockTime(oldest.asOf, timeZone)} (${ageOf(oldest.asOf, now)}), ${source}`;
}
