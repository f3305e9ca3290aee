import { z } from 'zod';
import { defineCardAction, defineCommand, type CommandContext } from './services';
import { AlertBook } from '../alerts/alert-book';
import { alertCard, CONDITION_WORDS } from '../alerts/alert-card';
import type { Alert } from '../alerts/alert-rules';
import { cardReply, textReply, type Reply } from '../core/reply';
import { pageOf } from './paging';
import { ageOf, zoneOf } from './fleet-view';
import { clockTime } from '../core/wording';
import {
  CUSTOMER_ONLY,
  customersHere,
  FLEET_READERS,
  FLEET_READERS_BUTTON,
  findCustomer,
} from './customer-lookup';

const techs = { who: 'msp', minimum: 'tech' } as const;
const PAGE_SIZE = 10;

/** Escalated first, then critical updates, then the oldest: what needs a person soonest. */
const urgency = (a: Alert, b: Alert) =>
  Number(b.escalated) - Number(a.escalated) ||
  Number(b.condition === 'critical-update') - Number(a.condition === 'critical-update') ||
  a.openedAt.localeCompare(b.openedAt);

/** Where a list was: to page from, and for the Back button of an alert opened from it. */
interface ListPlace {
  customer?: string;
  page: number;
  /** Security alerts only (the `security` command's list). */
  only?: 'security';
}

async function openAlerts(ctx: CommandContext, at: ListPlace): Promise<Reply> {
  let customers = customersHere(ctx);
  if (at.customer || ctx.scope.customer) {
    const found = findCustomer(ctx, at.customer);
    if (!found.ok) return found.reply;
    customers = [found.value];
  }
  const book = new AlertBook(ctx.store);
  const open: { alert: Alert; customer: string }[] = [];
  for (const c of customers)
    for (const alert of (await book.load(c.id)).alerts.values())
      if (alert.state !== 'resolved' && (!at.only || alert.condition === at.only))
        open.push({ alert, customer: c.name });
  const polled = await ctx.fleetReads?.lastPoll();
  const asOf = polled
    ? ` · as of the poll at ${clockTime(polled, zoneOf(customers))} (${ageOf(polled, ctx.now)})`
    : '';
  const what = at.only ? 'security alerts' : 'alerts';
  if (open.length === 0) return textReply(`No open ${what}${asOf}.`, { private: true });
  open.sort((x, y) => urgency(x.alert, y.alert));
  const { shown, page, pages, position } = pageOf(open, at.page, PAGE_SIZE, 'alert');
  const customer = at.customer ?? '';
  const only = at.only ?? '';
  const rows = shown.map(({ alert: a, customer: name }) => ({
    heading: `${a.escalated ? 'Escalated: ' : ''}${name}: ${a.device}, ${CONDITION_WORDS[a.condition]}`,
    detail: `${a.detail} · ${a.state}`,
    color: a.escalated ? 'attention' : a.state === 'open' ? 'warning' : 'default',
    key: a.key,
    back: { customer, page, only },
  }));
  const data = {
    title: `Open ${what}${customers.length === 1 ? `: ${customers[0]?.name}` : ''}`,
    position: `${position}, most urgent first${asOf}`,
    rows,
    previous: page > 1 ? { customer, page: page - 1, only } : '',
    next: page < pages ? { customer, page: page + 1, only } : '',
  };
  return cardReply('alerts-list', data, rows.map((r) => `${r.heading}: ${r.detail}`).join('\n'), {
    private: true,
  });
}

export const alerts = defineCommand({
  name: 'alerts',
  summary: 'open alerts, for all your customers or one',
  usage: 'alerts [customer]',
  examples: ['alerts', 'alerts acme'],
  args: CUSTOMER_ONLY,
  access: FLEET_READERS,
  run: (ctx, args) => openAlerts(ctx, { customer: args.customer, page: 1 }),
});

const listPlace = z.object({
  customer: z.string().max(40).optional(),
  page: z.coerce.number().int().min(1).max(1000).optional(),
  only: z.enum(['security', '']).optional(),
});

/**
 * Which alert a button is about. Cards name it `alert`; cards posted before this change carry it
 * as `key`, and still work. (The Microsoft 365 Agents Playground's renderer throws on a button
 * whose data has a `key`, so no click on such a card ever reached the bot there.)
 */
const alertNamed = {
  alert: z.string().min(3).max(300).optional(),
  key: z.string().min(3).max(300).optional(),
};
const namesAlert = [
  (d: { alert?: string; key?: string }) => !!(d.alert ?? d.key),
  { message: 'the button names no alert' },
] as const;
const alertOf = (d: { alert?: string; key?: string }) => d.alert ?? d.key ?? '';

export const alertsListButton = defineCardAction({
  verb: 'alerts.list',
  data: listPlace,
  access: FLEET_READERS_BUTTON,
  run: (ctx, data) =>
    openAlerts(ctx, {
      customer: data.customer || undefined,
      page: data.page ?? 1,
      only: data.only || undefined,
    }),
});

export const security = defineCommand({
  name: 'security',
  summary: 'open security alerts (Wazuh), for all your customers or one',
  usage: 'security [customer]',
  examples: ['security', 'security acme'],
  args: CUSTOMER_ONLY,
  access: FLEET_READERS,
  run: (ctx, args) => openAlerts(ctx, { customer: args.customer, page: 1, only: 'security' }),
});

/** One alert from the list, with its actions and a way back to where the list was. */
export const alertOpenButton = defineCardAction({
  verb: 'alert.open',
  data: z.object({ ...alertNamed, back: listPlace.optional() }).refine(...namesAlert),
  access: FLEET_READERS_BUTTON,
  run: async (ctx, data) => {
    // The customer comes from the stored alert's key and is checked against the clicker.
    const customer = customersHere(ctx).find((c) => c.id === alertOf(data).split(':')[0]);
    const alert =
      customer && (await new AlertBook(ctx.store).load(customer.id)).alerts.get(alertOf(data));
    if (!customer || !alert)
      return textReply('That alert is gone, or not one you can see. Nothing changed.', {
        private: true,
        refused: 'invalid',
      });
    const back = {
      customer: data.back?.customer ?? '',
      page: data.back?.page ?? 1,
      only: data.back?.only ?? '',
    };
    return alertCard(alert, customer, ctx.now, back);
  },
});

/** Acknowledge or snooze: the alert is found by its key in the store; the card says nothing more. */
async function changeAlert(
  ctx: CommandContext,
  key: string,
  edit: (a: Alert, by: string) => Alert | undefined,
): Promise<Reply> {
  const customer = ctx.customers.find((c) => c.id === key.split(':')[0]);
  if (!customer) return textReply('That alert is gone. Nothing changed.', { refused: 'invalid' });
  const by = ctx.actor.displayName ?? ctx.actor.userId;
  const changed = await new AlertBook(ctx.store).change(customer.id, key, (a) => edit(a, by));
  if (!changed)
    return textReply('That alert has been resolved already. Nothing changed.', {
      refused: 'invalid',
    });
  // Every copy in every channel is redrawn by the delivery worker, once, whatever the clicks.
  if (changed.after !== changed.before) ctx.alertsChanged?.();
  return alertCard(changed.after, customer, ctx.now);
}

export const alertAckButton = defineCardAction({
  verb: 'alert.ack',
  data: z.object(alertNamed).refine(...namesAlert),
  access: techs,
  run: (ctx, d) =>
    changeAlert(ctx, alertOf(d), (a, by) =>
      a.state === 'acknowledged'
        ? undefined
        : {
            ...a,
            state: 'acknowledged',
            acknowledged: { by, at: ctx.now.toISOString() },
            changedAt: ctx.now.toISOString(),
          },
    ),
});

export const alertSnoozeButton = defineCardAction({
  verb: 'alert.snooze',
  data: z
    .object({ ...alertNamed, hours: z.union([z.literal(1), z.literal(24), z.literal(168)]) })
    .refine(...namesAlert),
  access: techs,
  run: (ctx, d) => {
    const until = new Date(ctx.now.getTime() + d.hours * 3_600_000).toISOString();
    return changeAlert(ctx, alertOf(d), (a, by) =>
      a.state === 'snoozed' && a.snoozedUntil === until
        ? undefined
        : {
            ...a,
            state: 'snoozed',
            snoozedUntil: until,
            acknowledged: { by, at: ctx.now.toISOString() },
            changedAt: ctx.now.toISOString(),
          },
    );
  },
});

export const alertTicketButton = defineCardAction({
  verb: 'alert.ticket',
  data: z.object(alertNamed).refine(...namesAlert),
  access: techs,
  run: (ctx, d) => {
    const customer = ctx.customers.find((c) => c.id === alertOf(d).split(':')[0]);
    if (customer && customer.haloClientId === undefined) {
      return Promise.resolve(
        textReply(`HaloPSA is not set up for ${customer.name}. Nothing changed.`, {
          refused: 'invalid',
        }),
      );
    }
    return changeAlert(ctx, alertOf(d), (a, by) =>
      a.ticket
        ? undefined
        : { ...a, ticket: { state: 'pending', requestedBy: by }, changedAt: ctx.now.toISOString() },
    );
  },
});
