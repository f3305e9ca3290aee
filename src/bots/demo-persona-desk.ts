import type { Actor } from '../core/invocation';
import type { Store } from '../core/store';
import type { DemoPersonaDesk, Persona } from '../config/demo-personas';
import { teamsPersonalKey } from './teams/teams-render';

const choiceKey = (actor: Pick<Actor, 'channel' | 'userId'>) =>
  `demo-persona:${actor.channel}:${actor.userId}`;

/**
 * Demo mode's personas, kept per chat user in the store. Acting as a persona makes the person
 * that persona for the bot (its id, so its roles, and a different person from the others: nobody
 * approves their own request by switching). What the bot says privately to the persona reaches
 * the real person's personal chat, so a newcomer alone in the Playground sees it all.
 */
export class StoredDemoPersonas implements DemoPersonaDesk {
  constructor(
    private readonly store: Store,
    private readonly list: readonly Persona[],
  ) {}

  personas(): readonly Persona[] {
    return this.list;
  }

  async actAs(actor: Actor, key: string | undefined): Promise<boolean> {
    const real = { channel: actor.channel, userId: actor.persona?.realUserId ?? actor.userId };
    if (key === undefined) {
      await this.store.delete(choiceKey(real));
      return true;
    }
    const persona = this.list.find((p) => p.key === key);
    if (!persona) return false;
    await this.store.set(choiceKey(real), persona.key);
    // The persona's private messages go to the person's own personal chat with the bot.
    const personal = await this.store.get(teamsPersonalKey(real.userId));
    if (personal) await this.store.set(teamsPersonalKey(persona.oid), personal.value);
    return true;
  }

  /** The actor as the bot should see them: the chosen persona, else the person as verified. */
  async actorFor(actor: Actor): Promise<Actor> {
    const chosen = await this.store.get(choiceKey(actor));
    const persona = chosen && this.list.find((p) => p.key === chosen.value);
    if (!persona) return actor;
    return {
      channel: actor.channel,
      userId: persona.oid,
      displayName: persona.label,
      tenantId: actor.tenantId,
      persona: { key: persona.key, label: persona.label, realUserId: actor.userId },
    };
  }
}
