import type { AdaptiveCard } from '../../cards/card-templates';
import { slackText } from './slack-text';

/** Slack's published limits for messages and blocks. */
export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  actionsPerBlock: 25,
  selectOptions: 100,
  fallbackText: 3000,
} as const;

export type Block = Record<string, unknown> & { type: string };
export interface SlackMessage {
  text: string;
  blocks: Block[];
  /** Card elements Slack can't show; our own templates must leave this empty (a test checks). */
  unsupported: string[];
}

type Element = Record<string, unknown> & { type?: string };

const clip = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);
const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined ? '' : String(v));
const plain = (text: string, max: number) => ({
  type: 'plain_text',
  text: clip(text, max),
  emoji: true,
});

/**
 * Card text → Slack mrkdwn. Our templates write no markdown of their own (emphasis is the
 * TextBlock's weight), so all of a text is escaped as text: nothing in it becomes a link.
 */
export const toMrkdwn = slackText;

/** One converter for the subset of Adaptive Cards our templates use (DESIGN.md "Cards are data"). */
export function toBlockKit(card: AdaptiveCard, summary: string): SlackMessage {
  const out: SlackMessage = {
    text: clip(slackText(summary), SLACK_LIMITS.fallbackText),
    blocks: [],
    unsupported: [],
  };
  for (const el of (card.body ?? []) as Element[]) convertElement(el, out);
  addActions((card.actions ?? []) as Element[], out);
  if (out.blocks.length > SLACK_LIMITS.blocks) {
    const dropped = out.blocks.length - (SLACK_LIMITS.blocks - 1);
    out.blocks = out.blocks.slice(0, SLACK_LIMITS.blocks - 1);
    out.blocks.push(context(`…and ${dropped} more parts, shortened to fit Slack.`));
  }
  return out;
}

function context(text: string): Block {
  return {
    type: 'context',
    elements: [{ type: 'mrkdwn', text: clip(toMrkdwn(text), SLACK_LIMITS.sectionText) }],
  };
}

function convertElement(el: Element, out: SlackMessage): void {
  switch (el.type) {
    case 'TextBlock':
      return (out.blocks.push(textBlock(el)), undefined);
    case 'FactSet':
      return factSet(el, out);
    case 'Container':
      for (const item of (el.items ?? []) as Element[]) convertElement(item, out);
      return;
    case 'ColumnSet':
      for (const column of (el.columns ?? []) as Element[]) {
        for (const item of (column.items ?? []) as Element[]) convertElement(item, out);
      }
      return;
    case 'Image':
      out.blocks.push({
        type: 'image',
        image_url: str(el.url),
        alt_text: clip(str(el.altText) || 'image', 2000),
      });
      return;
    case 'ActionSet':
      return addActions((el.actions ?? []) as Element[], out);
    case 'Input.Text':
    case 'Input.ChoiceSet':
      out.blocks.push(input(el));
      return;
    default:
      out.unsupported.push(str(el.type) || '(element without type)');
  }
}

function textBlock(el: Element): Block {
  const text = str(el.text);
  if (el.size === 'Large' || el.size === 'ExtraLarge') {
    return { type: 'header', text: plain(text, SLACK_LIMITS.headerText) };
  }
  if (el.isSubtle === true) return context(text);
  const mrkdwn = toMrkdwn(text);
  const bold = el.weight === 'Bolder' && mrkdwn.trim() !== '' ? `*${mrkdwn.trim()}*` : mrkdwn;
  return {
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: clip(`${colourMark(el.color, text)}${bold}`, SLACK_LIMITS.sectionText),
    },
  };
}

/**
 * Slack draws no coloured text, so a status in good / warning / attention colour gets the mark
 * Teams readers see as colour; the word stays the carrier. Text with a mark of its own keeps it.
 */
const COLOUR_MARKS: Record<string, string> = { good: '🟢 ', warning: '🟠 ', attention: '🔴 ' };
function colourMark(color: unknown, text: string): string {
  const mark = COLOUR_MARKS[str(color).toLowerCase()];
  return mark && !/^\p{Extended_Pictographic}/u.test(text.trim()) ? mark : '';
}

function factSet(el: Element, out: SlackMessage): void {
  const facts = (el.facts ?? []) as Element[];
  for (let i = 0; i < facts.length; i += SLACK_LIMITS.fields) {
    const fields = facts.slice(i, i + SLACK_LIMITS.fields).map((f) => ({
      type: 'mrkdwn',
      text: clip(`*${toMrkdwn(str(f.title))}*\n${toMrkdwn(str(f.value))}`, SLACK_LIMITS.fieldText),
    }));
    out.blocks.push({ type: 'section', fields });
  }
}

function input(el: Element): Block {
  const id = str(el.id);
  // The input's id is its block id too: a modal's errors are addressed to blocks.
  const label = plain(str(el.label) || id, 2000);
  const value = str(el.value);
  const options = ((el.choices ?? []) as Element[])
    .slice(0, SLACK_LIMITS.selectOptions)
    .map((c) => ({ text: plain(str(c.title), 75), value: clip(str(c.value), 150) }));
  // What the card fills in (a customer from `onboard acme`, the default OS) is filled in here too.
  const chosen = options.find((o) => o.value === value);
  const element =
    el.type === 'Input.Text'
      ? {
          type: 'plain_text_input',
          action_id: id,
          multiline: el.isMultiline === true,
          ...(value && { initial_value: clip(value, 3000) }),
        }
      : {
          type: 'static_select',
          action_id: id,
          options,
          ...(chosen && { initial_option: chosen }),
        };
  return { type: 'input', block_id: id, label, element, optional: el.isRequired !== true };
}

function addActions(actions: Element[], out: SlackMessage): void {
  const buttons = actions
    .map((a, i) => button(a, i, out))
    .filter((b): b is Block => b !== undefined);
  for (let i = 0; i < buttons.length; i += SLACK_LIMITS.actionsPerBlock) {
    out.blocks.push({
      type: 'actions',
      elements: buttons.slice(i, i + SLACK_LIMITS.actionsPerBlock),
    });
  }
}

function button(action: Element, index: number, out: SlackMessage): Block | undefined {
  const text = plain(str(action.title), SLACK_LIMITS.buttonText);
  const style =
    action.style === 'positive' ? 'primary' : action.style === 'destructive' ? 'danger' : undefined;
  if (action.type === 'Action.OpenUrl') {
    return {
      type: 'button',
      text,
      url: str(action.url),
      action_id: `open-url:${index}`,
      ...(style && { style }),
    };
  }
  if (action.type !== 'Action.Execute' && action.type !== 'Action.Submit') {
    out.unsupported.push(str(action.type));
    return undefined;
  }
  const value = JSON.stringify(action.data ?? {});
  // A button whose data doesn't fit would silently lose it: that is a template bug, say so.
  if (value.length > SLACK_LIMITS.buttonValue) {
    throw new Error(
      `button "${text.text}" carries ${value.length} chars; Slack allows ${SLACK_LIMITS.buttonValue}`,
    );
  }
  // The index keeps action_ids unique within a message; the verb before ':' routes the click.
  const action_id = clip(
    `${str(action.verb)}:${index}:${out.blocks.length}`,
    SLACK_LIMITS.actionId,
  );
  return { type: 'button', text, action_id, value, ...(style && { style }) };
}

/** Reads a clicked button back into a verb and its (untrusted) data. */
export function readButton(
  actionId: string,
  value: string | undefined,
): { verb: string; data: unknown } {
  const verb = actionId.split(':')[0] ?? '';
  if (value === undefined || value === '') return { verb, data: {} };
  try {
    return { verb, data: JSON.parse(value) as unknown };
  } catch {
    return { verb, data: undefined };
  }
}
