import type { AuditOutcome } from './audit';
import type { CardAction, Invocation } from './invocation';
import { textReply, type Reply } from './reply';

/** What one request came to: the answer, and what the audit trail records of it. */
export interface Outcome {
  reply: Reply;
  outcome: AuditOutcome;
  act: string;
  args: unknown;
  detail?: string;
}

/** The dispatcher's own answers: an unknown command, a refusal, a persona named. */
export function unknownCommand(
  name: string,
  suggestion: string | undefined,
  args: string,
): Outcome {
  const hint = suggestion ? ` Did you mean \`${suggestion}\`?` : '';
  const reply = textReply(
    `I don't know the command \`${name}\`.${hint} Type \`help\` to see what you can do.`,
    {
      private: true,
    },
  );
  return { act: name, args, outcome: 'unknown', reply };
}

export function denied(what: string, who: string): Pick<Outcome, 'outcome' | 'reply' | 'detail'> {
  const reply = textReply(`You are not allowed to ${what}: it is for ${who}.`, { private: true });
  return { outcome: 'denied', detail: `requires ${who}`, reply };
}

/** Demo mode: an answer to someone trying the bot as a persona says whom they are being. */
export function actingAs(source: Invocation | CardAction, reply: Reply): Reply {
  const persona = source.actor.persona;
  if (!persona) return reply;
  return reply.kind === 'card'
    ? { ...reply, actingAs: persona.label }
    : { ...reply, text: `As ${persona.label}: ${reply.text}` };
}
