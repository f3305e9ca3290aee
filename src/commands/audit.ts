import { z } from 'zod';
import { defineCardAction, defineCommand, type CommandContext } from './services';
import { cardReply, textReply, type Reply } from '../core/reply';
import { count } from '../core/wording';
import type { ChainCheck } from '../core/audit';
import { visibleTo } from '../core/roles';
import type { Customer } from '../config/customer';
import { auditEntries, consoleMatches, dayIn, type AuditQuery } from '../audit/audit-query';
import {
  auditCsv,
  auditRow,
  botLine,
  consoleLine,
  oldestFirst,
  type AuditLine,
} from '../audit/audit-lines';
import { pageOf } from './paging';
import { findCustomer } from './customer-lookup';

const PAGE_SIZE = 10;

/** What `audit` reads, typed or carried by More / Previous. */
interface AuditAsk {
  customer?: string;
  since?: string;
  until?: string;
  who?: string;
  page?: number;
  export?: 'csv';
}

const asking = {
  customer: z.string().toLowerCase().max(40).optional(),
  since: z.string().max(20).optional(),
  until: z.string().max(20).optional(),
  who: z.string().trim().min(1).max(100).optional(),
  page: z.coerce.number().int().min(1).max(100_000).optional(),
};

/**
 * MSP admins read everything (or one customer); a customer's viewers and approvers read their
 * own customer's entries: who touched their devices. Nobody else reads the trail.
 */
const AUDIT_READERS = {
  who: 'msp',
  minimum: 'msp-admin',
  customerViewers: true,
  customerApprovers: true,
} as const;

type Scope = { ok: true; customer?: Customer } | { ok: false; reply: Reply };

/** One customer, or (MSP admins, nothing named, no customer's channel) the whole trail. */
function scopeOf(ctx: CommandContext, typed: string | undefined): Scope {
  if (!typed && !ctx.scope.customer && ctx.grants.mspAdmin) return { ok: true };
  const own = visibleTo(ctx.grants, ctx.customers);
  const only = !ctx.grants.mspAdmin && own.length === 1 ? own[0]?.id : undefined;
  const found = findCustomer(ctx, typed ?? ctx.scope.customer ?? only);
  return found.ok ? { ok: true, customer: found.value } : found;
}

function chainWords(check: ChainCheck): { text: string; color: string } {
  return check.ok
    ? {
        text: `🔒 The chain verifies: ${count(check.entries, 'entry', 'entries')}, none edited or removed`,
        color: 'Good',
      }
    : {
        text: `⚠️ The chain is broken at entry #${check.firstBroken}: ${check.reason}`,
        color: 'Attention',
      };
}

/** What people did in the Action1 console for this customer (or, for all, for everyone). */
async function consoleEvents(
  ctx: CommandContext,
  customer: Customer | undefined,
  q: AuditQuery,
): Promise<AuditLine[]> {
  const keeper = ctx.consoleAudit;
  if (!keeper) return [];
  const logs = customer ? [customer.id] : [...ctx.customers.map((c) => c.id), 'msp'];
  const events = (await Promise.all(logs.map((id) => keeper.of(id)))).flat();
  return events.filter((e) => consoleMatches(e, q)).map(consoleLine);
}

async function auditAnswer(ctx: CommandContext, ask: AuditAsk): Promise<Reply> {
  const trail = ctx.auditTrail;
  if (!trail) return textReply('The audit trail is not readable on this bot.', { private: true });
  const scope = scopeOf(ctx, ask.customer);
  if (!scope.ok) return scope.reply;
  const customer = scope.customer;
  const zone = customer?.timezone ?? 'UTC';
  const invalid = (text: string) =>
    textReply(`${text}. Nothing was read.`, { private: true, refused: 'invalid' });
  const since = ask.since ? dayIn(ask.since, zone, false) : undefined;
  if (since && !since.ok) return invalid(`--since: ${since.problem}`);
  const until = ask.until ? dayIn(ask.until, zone, true) : undefined;
  if (until && !until.ok) return invalid(`--until: ${until.problem}`);
  if (since?.ok && until?.ok && until.at <= since.at)
    return invalid(`--until ${ask.until} is before --since ${ask.since}`);
  const query: AuditQuery = {
    customer: customer?.id,
    since: since?.ok ? since.at : undefined,
    until: until?.ok ? until.at : undefined,
    who: ask.who,
  };
  const [{ entries: ours, check }, theirs] = await Promise.all([
    auditEntries(trail, query),
    consoleEvents(ctx, customer, query),
  ]);
  // Newest first, ours and Action1's together (Action1's are marked as such on each row).
  const entries = [...ours.map(botLine), ...theirs].sort((a, b) => oldestFirst(b, a));
  const name = customer?.name ?? 'all customers';
  const chain = chainWords(check);
  const span = [
    ask.since && `since ${ask.since}`,
    ask.until && `until ${ask.until}`,
    ask.who && `by “${ask.who}”`,
  ]
    .filter(Boolean)
    .join(', ');
  if (ask.export === 'csv') {
    // A file handed over lands in the conversation for everyone in it: the trail is not theirs.
    if (ctx.place.kind !== 'personal')
      return textReply(
        'Ask for the export in a personal chat with me: a file posted here would be seen by everyone in this conversation. Nothing was exported.',
        { private: true, refused: 'denied' },
      );
    if (!ctx.reports)
      return textReply('Files cannot be handed out on this bot.', { private: true });
    return ctx.reports.handOverFile(ctx.place, {
      customer: customer?.id ?? '',
      fileName: `audit-${customer?.id ?? 'all'}-${ctx.now.toISOString().slice(0, 10)}.csv`,
      title: `Audit export: ${name}`,
      bytes: Buffer.from(auditCsv(entries, customer?.id), 'utf8'),
      summary: `${count(entries.length, 'entry', 'entries')}${span ? ` (${span})` : ''}; ${chain.text.replace(/^\W+/, '')}`,
    });
  }
  if (entries.length === 0)
    return textReply(`No audit entries for ${name}${span ? ` ${span}` : ''}. ${chain.text}.`, {
      private: true,
    });
  const { shown, page, pages, position } = pageOf(
    entries,
    ask.page ?? 1,
    PAGE_SIZE,
    'entry',
    'entries',
  );
  const here = { customer: customer?.id, since: ask.since, until: ask.until, who: ask.who };
  const rows = shown.map((e) => auditRow(e, zone, ctx.now));
  return cardReply(
    'audit',
    {
      title: `Audit trail: ${name}`,
      chain: chain.text,
      chainColor: chain.color,
      position: `${position}, newest first${span ? ` (${span})` : ''}`,
      rows,
      previous: page > 1 ? { ...here, page: page - 1 } : '',
      next: page < pages ? { ...here, page: page + 1 } : '',
    },
    `Audit trail: ${name}. ${chain.text}.\n${rows.map((r) => `${r.heading}: ${r.what}`).join('\n')}`,
    { private: true },
  );
}

export const audit = defineCommand({
  name: 'audit',
  summary: 'who did what, when: the audit trail, for one customer or all, and whether it verifies',
  usage: 'audit [customer] [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--who PERSON] [--export csv]',
  examples: ['audit acme --since 2026-11-01', 'audit acme --who dana', 'audit acme --export csv'],
  args: {
    positional: ['customer?'],
    schema: z
      .object({
        ...asking,
        export: z.literal('csv', { message: 'the only export is `--export csv`' }).optional(),
      })
      .strict(),
  },
  access: { ...AUDIT_READERS, customerArg: 'customer' },
  run: (ctx, args) => auditAnswer(ctx, args),
});

/** More / Previous: the clicker's own grants decide again what they may read. */
export const auditPageButton = defineCardAction({
  verb: 'audit.page',
  data: z.object(asking),
  access: AUDIT_READERS,
  run: (ctx, data) => auditAnswer(ctx, data),
});
