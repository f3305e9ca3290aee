import type { Reply } from '../../core/reply';
import type { CardTemplates } from '../../cards/card-templates';
import { toBlockKit, type Block } from './block-kit';
import { slackText } from './slack-text';

export interface SlackMessageBody {
  text: string;
  blocks?: Block[];
}

/** A channel-neutral reply as a Slack message body (text fallback + Block Kit). */
export function renderForSlack(reply: Reply, cards: CardTemplates): SlackMessageBody {
  if (reply.kind === 'text') return { text: slackText(reply.text) };
  const { text, blocks } = toBlockKit(cards.render(reply), reply.summary);
  return { text, blocks };
}
