import { IDS, postToSlack, slashCommandBody, type Harness } from './harness';

/** A click on one of our buttons, as Slack posts it to /slack/events (block_actions). */
export function slackClickBody(click: {
  actionId: string;
  value: unknown;
  responseUrl: string;
  user?: string;
  channel?: string;
  /** What was typed into the card's inputs, by input id. */
  typed?: Record<string, string>;
}): string {
  const id = `${Date.now()}-${Math.random().toString(16).slice(2)}`;
  const payload = {
    type: 'block_actions',
    user: { id: click.user ?? IDS.slackTech, name: 'dana', team_id: 'T0SIMTEAM' },
    team: { id: 'T0SIMTEAM' },
    channel: { id: click.channel ?? 'C0GENERAL' },
    response_url: click.responseUrl,
    trigger_id: `trigger-${id}`,
    state: {
      values: Object.fromEntries(
        Object.entries(click.typed ?? {}).map(([input, value], i) => [
          `block-${i}`,
          { [input]: { type: 'plain_text_input', value } },
        ]),
      ),
    },
    actions: [
      {
        action_id: click.actionId,
        value: JSON.stringify(click.value),
        type: 'button',
        action_ts: id,
      },
    ],
  };
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** A signed `/msp <text>` from this user in this channel; the bot's answer as JSON text. */
export async function slashCommand(
  h: Pick<Harness, 'slack' | 'baseUrl'>,
  text: string,
  user: string,
  channel = 'C0GENERAL',
): Promise<string> {
  const { id, body } = slashCommandBody(h.slack, text, user, undefined, channel);
  await postToSlack(h.baseUrl, { body });
  return JSON.stringify((await h.slack.waitForResponse(id, 10_000)).body);
}

/**
 * Presses, as `user`, the first button of a Slack answer (JSON text) whose action id starts
 * with `verb`; returns what the bot answers at that click's response_url (JSON text).
 */
export async function pressButtonIn(
  h: Pick<Harness, 'slack' | 'baseUrl'>,
  answer: string,
  verb: string,
  user: string,
): Promise<string> {
  const button = (
    JSON.parse(answer) as { blocks: { elements?: { action_id: string; value: string }[] }[] }
  ).blocks
    .flatMap((b) => b.elements ?? [])
    .find((e) => e.action_id?.startsWith(verb));
  if (!button) throw new Error(`no ${verb} button in the answer`);
  const id = `press-${verb}-${user}-${Date.now()}-${Math.random().toString(16).slice(2)}`;
  await postToSlack(h.baseUrl, {
    body: slackClickBody({
      actionId: button.action_id,
      value: JSON.parse(button.value) as unknown,
      responseUrl: h.slack.responseUrl(id),
      user,
    }),
  });
  return JSON.stringify((await h.slack.waitForResponse(id)).body);
}
