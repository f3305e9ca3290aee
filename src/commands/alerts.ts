import { z } from 'zod';
import { defineCardAction, defineCommand, type CommandContext } from './services';
import { AlertBook } from '../alerts/alert-book';
import { alertCard } from '../alerts/alert-card';
import type { Alert } from '../alerts/alert-rules';
import { cardReply, textReply, type Reply } from '../core/reply';
import {
  customersHere,
  FLEET_READERS,
  FLEET_READERS_BUTTON,
  findCustomer,
} from './customer-lookup';

const techs = { who: 'msp', minimum: 'tech' } as const;
const SHOWN = 25;

async function openAlerts(ctx: CommandContext, typed: string | undefined): Promise<Reply> {
  let customers = customersHere(ctx);
  if (typed || ctx.scope.customer) {
    const found = findCustomer(ctx, typed);
    if (!found.ok) return found.reply;
    customers = [found.value];
  }
  const book = new AlertBook(ctx.store);
  const rows: { title: string; value: string }[] = [];
  for (const c of customers) {
    for (const a of (await book.load(c.id)).alerts.values()) {
      rows.push({
        title: `${c.name}: ${a.device}`,
        value: `${a.detail}${a.escalated ? ' (escalated)' : ''} · ${a.state}`,
      });
    }
  }
  if (rows.length === 0) return textReply('No open alerts.', { private: true });
  const data = {
    title: `Open alerts (${rows.length})`,
    rows: rows.slice(0, SHOWN),
    more: rows.length > SHOWN ? `…and ${rows.length - SHOWN} more` : '',
  };
  return cardReply('alerts-list', data, rows.map((r) => `${r.title}: ${r.value}`).join('\n'), {
    private: true,
  });
}

export const alerts = defineCommand({
  name: 'alerts',
  summary: 'open alerts, for all your customers or one',
  usage: 'alerts [customer]',
  examples: ['alerts', 'alerts acme'],
  args: {
    positional: ['customer?'],
    schema: z.object({ customer: z.string().toLowerCase().optional() }).strict(),
  },
  access: FLEET_READERS,
  run: (ctx, args) => openAlerts(ctx, args.customer),
});

export const alertsListButton = defineCardAction({
  verb: 'alerts.list',
  data: z.object({ customer: z.string().min(1).max(40) }),
  access: FLEET_READERS_BUTTON,
  run: (ctx, data) => openAlerts(ctx, data.customer),
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
  data: z.object({ key: z.string().min(3).max(300) }),
  access: techs,
  run: (ctx, d) =>
    changeAlert(ctx, d.key, (a, by) =>
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
  data: z.object({
    key: z.string().min(3).max(300),
    hours: z.union([z.literal(1), z.literal(24), z.literal(168)]),
  }),
  access: techs,
  run: (ctx, d) => {
    const until = new Date(ctx.now.getTime() + d.hours * 3_600_000).toISOString();
    return changeAlert(ctx, d.key, (a, by) =>
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
  data: z.object({ key: z.string().min(3).max(300) }),
  access: techs,
  run: (ctx, d) => {
    const customer = ctx.customers.find((c) => c.id === d.key.split(':')[0]);
    if (customer && customer.haloClientId === undefined) {
      return Promise.resolve(
        textReply(`HaloPSA is not set up for ${customer.name}. Nothing changed.`, {
          refused: 'invalid',
        }),
      );
    }
    return changeAlert(ctx, d.key, (a, by) =>
      a.ticket
        ? undefined
        : { ...a, ticket: { state: 'pending', requestedBy: by }, changedAt: ctx.now.toISOString() },
    );
  },
});
