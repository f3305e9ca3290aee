import { z } from 'zod';
import { defineCardAction, defineCommand, type CommandContext } from './services';
import { describeAccess, mayEverUse } from '../core/roles';
import { cardReply, textReply, type Reply } from '../core/reply';

// Teams renders no code spans in cards (backticks would show as they are): examples in quotes.
const code = (text: string) => `“${text}”`;

/** The help's groups, by what people come to do; a command not named here is listed last. */
const GROUPS: readonly { title: string; commands: readonly string[] }[] = [
  { title: 'Fleet', commands: ['patch-status', 'devices', 'alerts', 'patch-now', 'policy'] },
  { title: 'Access', commands: ['remote', 'break-glass', 'sessions'] },
  { title: 'Reports and records', commands: ['report', 'schedule', 'support', 'audit'] },
  {
    title: 'Setup',
    commands: ['onboard', 'subscribe', 'unsubscribe', 'subscriptions', 'login', 'logout'],
  },
  { title: 'About you', commands: ['whoami', 'help', 'demo'] },
];

/**
 * Only what this person may run (a viewer is not shown the commands that open machines), one
 * line each with its usage, grouped by what people do; examples and who may use a command are
 * one `help <command>` away. A few blocks in Slack, however many commands there are.
 */
function overview(ctx: CommandContext): Reply {
  const mine = ctx.registry.allCommands().filter((c) => mayEverUse(c.access, ctx.grants));
  const commands = mine.map((c) => ({
    name: c.name,
    usage: c.usage,
    summary: c.summary,
    example: code(c.examples[0] ?? c.usage),
  }));
  const named = new Set(GROUPS.flatMap((g) => g.commands));
  const groups = [
    ...GROUPS.map((g) => ({ title: g.title, names: g.commands })),
    { title: 'More', names: mine.map((c) => c.name).filter((n) => !named.has(n)) },
  ]
    .map((g) => ({
      title: g.title,
      commands: g.names.flatMap((n) => commands.filter((c) => c.name === n)),
    }))
    .filter((g) => g.commands.length > 0);
  const lines = groups
    .map((g) => `${g.title}\n${g.commands.map((c) => `${c.usage}: ${c.summary}`).join('\n')}`)
    .join('\n\n');
  return cardReply(
    'help',
    {
      commands,
      groups,
      intro: 'Type /msp and a command in Slack, or write the command to me in Teams.',
      more: 'For examples and who may use a command: help <command>, e.g. “help remote”.',
    },
    `Commands you can use:\n${lines}`,
    { private: true },
  );
}

function details(ctx: CommandContext, name: string): Reply {
  const spec = ctx.registry.command(name);
  if (!spec || !mayEverUse(spec.access, ctx.grants)) {
    const hint = ctx.registry.closestCommand(name);
    const more = hint && hint !== name ? ` Did you mean \`${hint}\`?` : '';
    return textReply(`There is no command \`${name}\` you can use.${more}`, { private: true });
  }
  return cardReply(
    'help-command',
    {
      name: spec.name,
      summary: spec.summary,
      usage: spec.usage,
      who: describeAccess(spec.access),
      examples: spec.examples.map((example) => ({ example: code(example) })),
    },
    `${spec.name}: ${spec.summary}. Usage: ${spec.usage}`,
    { private: true },
  );
}

export const help = defineCommand({
  name: 'help',
  summary: 'the commands you can use, with examples',
  usage: 'help [command]',
  examples: ['help', 'help whoami'],
  args: {
    positional: ['command?'],
    schema: z.object({ command: z.string().toLowerCase().optional() }).strict(),
  },
  access: { who: 'anyone' },
  run: async (ctx, args) => (args.command ? details(ctx, args.command) : overview(ctx)),
});

export const helpCommandButton = defineCardAction({
  verb: 'help.command',
  data: z.object({ command: z.string().min(1).max(40) }),
  access: { who: 'anyone' },
  run: async (ctx, data) => details(ctx, data.command.toLowerCase()),
});

export const helpOverviewButton = defineCardAction({
  verb: 'help.all',
  data: z.object({}),
  access: { who: 'anyone' },
  run: async (ctx) => overview(ctx),
});
