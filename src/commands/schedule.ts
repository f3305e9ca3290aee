import { defineCommand, type CommandContext } from './services';
import { cardReply, textReply, type Reply } from '../core/reply';
import { capitalise, cardTime, count } from '../core/wording';
import { Subscriptions, subscribedTo } from '../core/subscriptions';
import type { Place } from '../core/invocation';
import { CUSTOMER_ONLY, FLEET_READERS, findCustomer, type FleetCustomer } from './customer-lookup';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/**
 * The next time an Action1 schedule fires ("ENABLED WEEKLY:Wed AT:02-00-00"; a daily job lists
 * all seven days), and whether it runs every day. The times are UTC.
 */
export function nextFiring(settings: string, now: Date): { at: Date; daily: boolean } | undefined {
  const m = /^(?:ENABLED )?(?:WEEKLY:([A-Za-z,]+)|DAILY) AT:(\d{2})-(\d{2})-\d{2}$/.exec(
    settings.trim(),
  );
  if (!m) return undefined;
  const days = m[1] ? m[1].split(',').map((d) => DAYS.indexOf(capitalise(d.toLowerCase()))) : [];
  for (let ahead = 0; ahead <= 7; ahead++) {
    const at = new Date(
      Date.UTC(
        now.getUTCFullYear(),
        now.getUTCMonth(),
        now.getUTCDate() + ahead,
        Number(m[2]),
        Number(m[3]),
      ),
    );
    if (at > now && (days.length === 0 || days.includes(at.getUTCDay())))
      return { at, daily: days.length === 0 || days.length === 7 };
  }
  return undefined;
}

const where = (places: readonly Place[]) =>
  places.length === 0
    ? "no conversation subscribed: the MSP's default channel, where one is set"
    : places
        .map((p) => `${p.channel === 'slack' ? 'Slack' : 'Teams'} ${p.kind} ${p.conversationId}`)
        .join(', ');

async function scheduleOf(ctx: CommandContext, c: FleetCustomer): Promise<Reply> {
  const at = (d: Date) => cardTime(d, c.timezone, ctx.now);
  const subs = await new Subscriptions(ctx.store).all();
  const sections = [];
  if (ctx.reports) {
    const next = ctx.reports.nextRuns(c.timezone, ctx.now);
    sections.push({
      heading: 'Reports',
      facts: [
        {
          title: 'Monthly hygiene report',
          value: `${at(next.monthly)}, to ${where(subscribedTo(subs, c.id, 'reports').map((s) => s.place))}`,
        },
        {
          title: 'Quarterly review',
          value: `${at(next.quarterly)}, to ${where(subscribedTo(subs, c.id, 'leadership').map((s) => s.place))}`,
        },
      ],
    });
  }
  const w = c.maintenanceWindow;
  sections.push({
    heading: 'Maintenance window',
    facts: [
      {
        title: 'Weekly',
        value: w
          ? `${capitalise(w.day)}s from ${w.start} for ${count(w.hours, 'hour')} (${c.timezone})`
          : 'none set: the patch policy times below apply as they are',
      },
    ],
  });
  if (ctx.policy) {
    const jobs = ctx.policy.desired(c).map((a) => {
      const next = nextFiring(a.settings, ctx.now);
      const cadence = next?.daily ? 'daily' : 'weekly';
      return { title: a.name, value: next ? `${cadence}, next ${at(next.at)}` : a.settings };
    });
    const p = ctx.policy.policyFor(c);
    jobs.push({
      title: 'Critical patches',
      value: `installed within ${count(p.criticalPatchWithinHours, 'hour')} of release`,
    });
    sections.push({ heading: 'Patch schedule (the standard policy)', facts: jobs });
  }
  const title = `Schedule: ${c.name}`;
  const lines = sections.flatMap((s) => [
    s.heading,
    ...s.facts.map((f) => `${f.title}: ${f.value}`),
  ]);
  return cardReply(
    'schedule',
    { title, zone: `Times in ${c.timezone}`, sections },
    `${title}\n${lines.join('\n')}`,
    { private: true },
  );
}

/** When things happen for a customer: reports, the maintenance window, the patch jobs. */
export const schedule = defineCommand({
  name: 'schedule',
  summary: "when a customer's reports go out, its maintenance window and patch schedule",
  usage: 'schedule [customer]',
  examples: ['schedule acme'],
  args: CUSTOMER_ONLY,
  access: FLEET_READERS,
  async run(ctx, args) {
    const found = findCustomer(ctx, args.customer);
    if (!found.ok) return found.reply;
    if (!ctx.reports && !ctx.policy)
      return textReply('No schedules are set up on this bot.', { private: true });
    return scheduleOf(ctx, found.value);
  },
});
