import type { MiddlewareHandler, TurnContext } from '@microsoft/agents-hosting';
import type { Store } from '../../core/store';
import { PostFailure } from '../../core/ports';
import { ConversationPace, TEAMS_PER_CONVERSATION } from '../conversation-pace';

/** Set on a turn's state when its sends may go back to the outbox instead of waiting long. */
export const OUTBOX_TURN = 'msp-chatops.outbox-turn';

/** A post from the outbox waits out this much here; longer, it goes back with its retry time. */
const OUTBOX_WAIT_MS = 1_500;
/**
 * An answer to a person waits out the short windows (up to the 30-second one's); past that (the
 * hourly limit) it goes anyway, and Teams' 429 is retried by answerPatiently.
 */
const ANSWER_WAIT_MS = 30_000;

/**
 * Every message and card update the bot sends in Teams, in a turn or proactively, keeps to the
 * per-conversation limits (ConversationPace, shared by every instance): one adapter middleware,
 * so no send path can forget it. Invoke responses are HTTP answers, not sends, and pass.
 */
export function teamsPacing(store: Store): MiddlewareHandler {
  const pace = new ConversationPace(store);
  const turn = async (context: TurnContext) => {
    const outbox = context.turnState.get(OUTBOX_TURN) === true;
    const wait = await pace.awaitTurn(
      `teams:${context.activity.conversation?.id ?? 'unknown'}`,
      TEAMS_PER_CONVERSATION,
      outbox ? OUTBOX_WAIT_MS : ANSWER_WAIT_MS,
    );
    if (wait > 0 && outbox)
      throw new PostFailure(
        "at Teams' rate limit for this conversation",
        false,
        Math.ceil(wait / 1000),
      );
  };
  return async (context, next) => {
    context.onSendActivities(async (ctx, activities, send) => {
      for (const a of activities) if (a.type !== 'invokeResponse') await turn(ctx);
      return send();
    });
    context.onUpdateActivity(async (ctx, _activity, update) => {
      await turn(ctx);
      return update();
    });
    await next();
  };
}
