import { z } from 'zod';
import { defineCommand } from './services';
import { textReply } from '../core/reply';
import { closest } from '../core/typed-words';

/**
 * Demo mode: try the bot as each of its people. `demo as tech` asks for a remote session,
 * `demo as acme-approver` approves it, `demo as admin2` reviews a break-glass; `demo as me`
 * is you again (an MSP admin in the demo).
 */
export const demo = defineCommand({
  name: 'demo',
  summary: 'demo mode: try the bot as one of its people (tech, customer approver, second admin…)',
  usage: 'demo [as <persona>|as me]',
  examples: ['demo', 'demo as acme-approver', 'demo as me'],
  args: {
    positional: ['as?', 'persona?'],
    schema: z
      .object({ as: z.literal('as').optional(), persona: z.string().toLowerCase().optional() })
      .strict(),
  },
  access: { who: 'anyone' },
  run: async (ctx, args) => {
    // Registered only in demo mode, where the personas service always exists.
    const desk = ctx.personas;
    if (!desk) throw new Error('demo personas are not wired');
    const list = desk.personas();
    const you = ctx.actor.persona
      ? `You are trying the bot as ${ctx.actor.persona.label}.`
      : 'You are yourself (an MSP admin in the demo).';
    if (!args.as || !args.persona)
      return textReply(
        `${you} Try it as someone else with \`demo as\` and one of these:\n${list.map((p) => `• ${p.key}: ${p.label}`).join('\n')}\n\`demo as me\` makes you yourself again.`,
        { private: true },
      );
    if (args.persona === 'me') {
      await desk.actAs(ctx.actor, undefined);
      return textReply('You are yourself again (an MSP admin in the demo).', { private: true });
    }
    if (!(await desk.actAs(ctx.actor, args.persona))) {
      const hint = closest(
        args.persona,
        list.map((p) => p.key),
      );
      return textReply(
        `There is no persona \`${args.persona}\`.${hint ? ` Did you mean \`${hint}\`?` : ''} \`demo\` lists them.`,
        { private: true, refused: 'invalid' },
      );
    }
    const chosen = list.find((p) => p.key === args.persona);
    return textReply(
      `From now on you are ${chosen?.label ?? args.persona}: what you type and click counts as theirs, with their rights. \`demo as me\` makes you yourself again.`,
      { private: true },
    );
  },
});
