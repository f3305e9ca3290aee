import { z } from 'zod';
import { defineCommand } from './services';
import { cardReply, textReply } from '../core/reply';
import { periodFor, REPORT_KINDS } from '../reports/report-period';
import { TITLES } from '../reports/report-period';
import { FLEET_READERS, findCustomer } from './customer-lookup';

/**
 * `report monthly|baseline|quarterly|incidents [customer] [--month YYYY-MM]`: answers at once
 * with a progress card that turns into the finished report in place: a card saying it is ready,
 * with the PDF posted beside it (Slack) or a download link on it (Teams). A customer's viewers
 * may ask for their own customer's reports.
 */
export const report = defineCommand({
  name: 'report',
  summary:
    'a customer report as a PDF: monthly hygiene, baseline health, quarterly review, incidents',
  usage: 'report monthly|baseline|quarterly|incidents [customer] [--month YYYY-MM]',
  examples: [
    'report monthly acme',
    'report quarterly acme --month 2026-09',
    'report incidents acme',
  ],
  args: {
    positional: ['kind', 'customer?'],
    schema: z
      .object({
        kind: z.enum(REPORT_KINDS as [string, ...string[]], {
          message: `the report is one of ${REPORT_KINDS.join(', ')}`,
        }),
        customer: z.string().toLowerCase().optional(),
        month: z.string().optional(),
      })
      .strict(),
  },
  access: FLEET_READERS,
  async run(ctx, args) {
    const kind = args.kind as (typeof REPORT_KINDS)[number];
    const found = findCustomer(ctx, args.customer);
    if (!found.ok) return found.reply;
    const customer = found.value;
    const when = periodFor(kind, ctx.now, args.month);
    if (!when.ok) return textReply(`${when.problem}.`, { private: true, refused: 'invalid' });
    const reports = ctx.reports;
    if (!reports) return textReply('Reports are not set up on this bot.', { private: true });
    const place = ctx.place;
    const title = TITLES[kind];
    const card = (status: string, statusColor: string, message: string) =>
      cardReply(
        'report-progress',
        {
          title: `${title}: ${customer.name}`,
          status,
          statusColor,
          facts: [
            { title: 'Customer', value: customer.name },
            { title: 'Period', value: when.period.label },
          ],
          message,
        },
        `${status} ${title} for ${customer.name} (${when.period.label}). ${message}`,
        { private: false },
      );
    // The progress card becomes the report (or the reason it failed) in place.
    ctx.followUp(
      async () => {
        try {
          return await reports.deliver(kind, customer.id, when.period, place);
        } catch (err) {
          return card(
            'Failed',
            'Attention',
            `I could not make it: ${(err as Error).message}. Nothing was posted; try again in a few minutes. Reference: ${ctx.correlationId}`,
          );
        }
      },
      { inPlace: true },
    );
    return card(
      'Preparing…',
      'Accent',
      'Gathering the figures and drawing the PDF; this card turns into the report when it is ready.',
    );
  },
});
