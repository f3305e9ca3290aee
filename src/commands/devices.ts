import { complianceOf, sourcesOf, updatesOf } from '../core/device-words';
import { z } from 'zod';
import { defineCardAction, defineCommand, type CommandContext } from './services';
import type { Endpoint } from '../core/fleet';
import { offlineFor } from '../core/wording';
import { pageOf } from './paging';
import { asOfLine, readFleet } from './fleet-view';
import { longestSilentFirst } from '../core/patch-summary';
import { cardReply, textReply, type Reply } from '../core/reply';
import { FLEET_READERS, FLEET_READERS_BUTTON, findCustomer } from './customer-lookup';

/** Ten rows, each with its Open button, keep the card short enough to act on. */
const PAGE_SIZE = 10;

interface DeviceQuery {
  customer?: string;
  offline?: boolean;
  critical?: boolean;
  page?: number;
  /** Read Action1 now instead of the poll's snapshot. */
  refresh?: boolean;
}

/** The view about offline devices shows the longest silent first; the others, the most exposed. */
const mostCriticalFirst = (a: Endpoint, b: Endpoint) =>
  b.missingCritical - a.missingCritical || a.name.localeCompare(b.name);

function describe(e: Endpoint, timeZone: string, now: Date): string {
  const state = e.online ? 'online' : offlineFor(e.lastSeen, timeZone, now);
  const reboot = e.rebootRequired ? ' · reboot pending' : '';
  const compliance = complianceOf(e);
  return `${state} · ${e.os} · ${updatesOf(e)}${compliance && ` · ${compliance}`}${reboot} · ${sourcesOf(e)}`;
}

async function deviceList(ctx: CommandContext, q: DeviceQuery): Promise<Reply> {
  const found = findCustomer(ctx, q.customer);
  if (!found.ok) return found.reply;
  const customer = found.value;
  const view = await readFleet(ctx, customer, q.refresh === true);
  const all = view.endpoints;
  const asOf = asOfLine([view], customer.timezone, ctx.now);
  const chosen = all
    .filter((e) => (!q.offline || !e.online) && (!q.critical || e.missingCritical > 0))
    .sort(q.offline ? longestSilentFirst : mostCriticalFirst);
  const filter =
    [q.offline && 'offline', q.critical && 'missing critical updates'].filter(Boolean).join(', ') ||
    'all';
  if (chosen.length === 0)
    return textReply(`${customer.name}: no devices match (${filter}).`, { private: true });
  const { shown, page, pages, position } = pageOf(chosen, q.page ?? 1, PAGE_SIZE, 'device');
  const here = { offline: !!q.offline, critical: !!q.critical, page };
  const data = {
    title: `${customer.name}: devices (${filter})`,
    customer: customer.id,
    customerName: customer.name,
    devices: shown.map((e) => ({
      title: e.name,
      value: describe(e, customer.timezone, ctx.now),
      // The device by its Action1 id: a name may be anything a device reports.
      open: { customer: customer.id, device: e.id, back: here },
    })),
    footer: `${position} (page ${page} of ${pages}) · ${asOf}`,
    refresh: { customer: customer.id, ...here, refresh: true },
    more: page < pages,
    next: { customer: customer.id, ...here, page: page + 1 },
    back: page > 1,
    previous: { customer: customer.id, ...here, page: page - 1 },
  };
  const lines = shown
    .map((e) => `${e.name}: ${describe(e, customer.timezone, ctx.now)}`)
    .join('\n');
  return cardReply('devices', data, `${data.title}\n${lines}\n${data.footer}`, { private: true });
}

export const devices = defineCommand({
  name: 'devices',
  summary: "a customer's devices, with what each is missing",
  usage: 'devices <customer> [--offline] [--critical] [--page N]',
  examples: ['devices acme --offline', 'devices acme --critical'],
  args: {
    positional: ['customer?'],
    schema: z
      .object({
        customer: z.string().toLowerCase().optional(),
        offline: z.literal(true).optional(),
        critical: z.literal(true).optional(),
        page: z.coerce.number().int().min(1).max(10_000).optional(),
      })
      .strict(),
  },
  access: FLEET_READERS,
  run: (ctx, args) => deviceList(ctx, args),
});

export const devicesPageButton = defineCardAction({
  verb: 'devices.page',
  data: z.object({
    customer: z.string().min(1).max(40),
    offline: z.boolean(),
    critical: z.boolean(),
    page: z.number().int().min(1).max(10_000),
    refresh: z.boolean().optional(),
  }),
  access: FLEET_READERS_BUTTON,
  run: (ctx, data) => deviceList(ctx, data),
});
