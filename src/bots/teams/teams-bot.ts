import {
  ActivityHandler,
  MessageFactory,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type TurnContext,
} from '@microsoft/agents-hosting';
import type { Activity, ConversationReference } from '@microsoft/agents-activity';
import type { Dispatch } from '../../core/dispatcher';
import type { Store } from '../../core/store';
import type { Reply } from '../../core/reply';
import type { Log } from '../../core/ports';
import { asRecord, type Inbound } from '../../core/inbound';
import type { CardTemplates } from '../../cards/card-templates';
import { actorOf, commandText, placeOf } from './teams-inbound';
import {
  asNewMessages,
  conversationAddress,
  teamsActivity,
  teamsCard,
  teamsConversationKey,
  teamsPersonalKey,
} from './teams-render';
import { teamsText } from './teams-text';
import { answerPatiently } from '../answer-patiently';

const CARD = 'application/vnd.microsoft.card.adaptive';
const MESSAGE = 'application/vnd.microsoft.activity.message';
const ANSWERED_PERSONALLY = 'That answer is for you only: I sent it to our personal chat.';
const NO_PERSONAL_CHAT =
  'That answer is for you only, and I know no personal chat with you yet. Open a personal chat with me (Apps, then this bot, then Chat), say hi, and ask there.';

/** Teams through the Agents SDK: messages to the bot and Action.Execute clicks on our cards. */
export class TeamsBot extends ActivityHandler {
  constructor(
    /** Posts into a conversation outside the turn (follow-ups after a deployment finishes). */
    private readonly proactive: (
      reference: ConversationReference,
      send: (context: TurnContext) => Promise<void>,
    ) => Promise<void>,
    private readonly inbound: Inbound,
    private readonly dispatcher: Dispatch,
    private readonly cards: CardTemplates,
    private readonly store: Store,
    private readonly log: Log,
  ) {
    super();
    this.onMessage(async (context, next) => {
      await this.rememberConversation(context, false);
      await this.answerMessage(context);
      await next();
    });
    // Installing the app in a team or chat gives us the address for proactive posts later.
    // The SDK routes installs to the Add handlers only, not to plain onInstallationUpdate.
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.rememberConversation(context, true);
      await next();
    });
    this.onConversationUpdate(async (context, next) => {
      await this.rememberConversation(context, true);
      await next();
    });
  }

  private async answerMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    if (!activity.text && activity.value) {
      await context.sendActivity(
        'That button uses an old card format. Please run the command again.',
      );
      return;
    }
    const invocation = await this.inbound.command(
      actorOf(activity),
      placeOf(activity),
      commandText(activity),
    );
    invocation.replyLater = this.replyLater(context);
    let answered: (id: string | undefined) => void = () => undefined;
    const answerId = new Promise<string | undefined>((resolve) => (answered = resolve));
    invocation.updateAnswer = this.updateAnswer(context, answerId);
    const reply = await this.dispatcher.invoke(invocation);
    let sent: string | undefined;
    try {
      sent = await this.answer(context.activity, reply, (a) => context.sendActivity(a));
    } finally {
      answered(sent);
    }
  }

  /**
   * Answers where the person asked, except a private reply asked for in a channel or group chat:
   * that goes to the person's personal chat with the bot, with a pointer where they asked, and is
   * never shown to the channel. Without a personal chat we know, the pointer says how to get one.
   * Returns the id of the answer when it went where the person asked.
   */
  private async answer(
    activity: TurnContext['activity'],
    reply: Reply,
    here: (a: Activity) => Promise<{ id?: string } | undefined | void>,
  ): Promise<string | undefined> {
    if (reply.private !== true || placeOf(activity).kind === 'personal') {
      const sent = await answerPatiently(() => here(teamsActivity(reply, this.cards)));
      return sent?.id || undefined;
    }
    const personal = await this.personalChat(activity.from?.aadObjectId);
    if (!personal) {
      await answerPatiently(() => here(MessageFactory.text(NO_PERSONAL_CHAT)));
      return;
    }
    await this.proactive(
      personal,
      async (later) =>
        void (await answerPatiently(() =>
          asNewMessages(later).sendActivity(teamsActivity(reply, this.cards)),
        )),
    );
    await answerPatiently(() => here(MessageFactory.text(ANSWERED_PERSONALLY)));
    return undefined;
  }

  private async personalChat(aadObjectId: string | undefined) {
    if (!aadObjectId) return undefined;
    const chat = await this.store.get(teamsPersonalKey(aadObjectId));
    const reference = chat && (await this.store.get(teamsConversationKey(chat.value)));
    return reference ? (JSON.parse(reference.value) as ConversationReference) : undefined;
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    value: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const { activity } = context;
    const verb = String(value.action?.verb ?? '');
    const data = asRecord(value.action?.data);
    const click = await this.inbound.action(actorOf(activity), placeOf(activity), verb, data);
    click.replyLater = this.replyLater(context);
    const reply = await this.dispatcher.act(click);
    // The invoke answer replaces the card for the person who clicked (Universal Actions).
    if (reply.kind === 'card')
      return { statusCode: 200, type: CARD, value: teamsCard(reply, this.cards) };
    return {
      statusCode: 200,
      type: MESSAGE,
      value: teamsText(reply.text) as unknown as Record<string, unknown>,
    };
  }

  private replyLater(context: TurnContext) {
    const { activity } = context;
    const reference = activity.getConversationReference();
    return async (reply: Reply) =>
      void (await this.answer(activity, reply, (a) =>
        this.proactive(reference, async (later) => void (await later.sendActivity(a))),
      ));
  }

  /**
   * Draws a later answer over the one sent for this message. It throws when there is nothing to
   * draw over (the answer went to a personal chat instead) or Teams refuses, and the dispatcher
   * then posts it as a new message.
   */
  private updateAnswer(context: TurnContext, answerId: Promise<string | undefined>) {
    const reference = context.activity.getConversationReference();
    return async (reply: Reply) => {
      const id = await answerId;
      if (!id) throw new Error('the first answer was not posted here');
      let failure: unknown;
      // Errors inside a proactive turn go to the adapter's error handler: catch them here.
      await this.proactive(reference, async (later) => {
        try {
          await later.updateActivity({ ...teamsActivity(reply, this.cards), id } as Activity);
        } catch (err) {
          failure = err;
        }
      });
      if (failure !== undefined) throw failure;
    };
  }

  private async rememberConversation(context: TurnContext, overwrite: boolean): Promise<void> {
    const reference = conversationAddress(context.activity.getConversationReference());
    const key = teamsConversationKey(reference.conversation?.id ?? 'unknown');
    const value = JSON.stringify(reference);
    // Installs overwrite what we knew; messages only fill in what we didn't know yet.
    const write = (k: string, v: string) =>
      overwrite ? this.store.set(k, v) : this.store.setIfAbsent(k, v);
    try {
      await write(key, value);
      // A personal chat is where this person can be told things only they may see.
      const who = context.activity.from?.aadObjectId;
      if (placeOf(context.activity).kind === 'personal' && who && reference.conversation?.id)
        await write(teamsPersonalKey(who), reference.conversation.id);
    } catch (err) {
      this.log.warn({ err }, 'could not store the Teams conversation reference');
    }
  }
}
