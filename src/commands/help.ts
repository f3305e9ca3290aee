import { z } from 'zod';
import { defineCardAction, defineCommand, type CommandContext } from './services';
import { describeAccess, mayEverUse } from '../core/roles';
import { cardReply, textReply, type Reply } from '../core/reply';

// Teams renders no code spans in cards (backticks would show as they are): examples in quotes.
const code = (text: string) => `“${text}”`;

/** Only what this person may run: a viewer is not shown the buttons that open machines. */
function overview(ctx: CommandContext): Reply {
  const commands = ctx.registry
    .allCommands()
    .filter((c) => mayEverUse(c.access, ctx.grants))
    .map((c) => ({ name: c.name, summary: c.summary, example: code(c.examples[0] ?? c.usage) }));
  const lines = commands.map((c) => `${c.name}: ${c.summary}`).join('\n');
  return cardReply(
    'help',
    { commands, intro: 'Type /msp and a command in Slack, or write the command to me in Teams.' },
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
