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
