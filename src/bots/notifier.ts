import type { Actor, Place } from '../core/invocation';
import type { Reply } from '../core/reply';
import type { Log } from '../core/ports';
import type { ChatPoster } from './channel-poster';

/**
 * Tells one person something outside a request: after they signed in, or when a held-back act
 * has run. Slack: a direct message from the bot. Teams: the conversation they asked in.
 */
export class Notifier {
  constructor(
    private readonly poster: ChatPoster,
    private readonly log: Log,
  ) {}

  async tell(actor: Actor, place: Place, reply: Reply): Promise<void> {
    const where: Place =
      actor.channel === 'slack'
        ? { channel: 'slack', conversationId: actor.userId, kind: 'personal' }
        : place;
    try {
      await this.poster.post(where, reply);
    } catch (err) {
      this.log.warn({ err, actor: actor.userId }, 'could not notify');
    }
  }
}
