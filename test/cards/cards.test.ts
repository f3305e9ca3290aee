import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CardTemplates, cardsDir, type AdaptiveCard } from '../../src/cards/card-templates';
import { escapeCardText } from '../../src/bots/teams/teams-text';
import {
  SLACK_LIMITS,
  toBlockKit,
  toMrkdwn,
  readButton,
  type Block,
} from '../../src/bots/slack/block-kit';

// The package's main entry is extensionless ESM that Node 20 can't load; its UMD bundle works
// (teams-slack.md, "Validators"). The types still come from the package itself.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
const AC = require('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');

const samples = JSON.parse(readFileSync(join(cardsDir(), 'sample-data.json'), 'utf8')) as Record<
  string,
  Record<string, unknown>
>;
const templates = new CardTemplates();

/** The adaptivecards parser as a lint: parse and validation events are errors for us. */
function lint(card: AdaptiveCard): string[] {
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  parsed.parse(card, context);
  const events: string[] = [];
  for (let i = 0; i < context.eventCount; i++) events.push(context.getEventAt(i).message);
  for (const e of parsed.validateProperties().validationEvents) events.push(e.message);
  return events;
}

function withinSlackLimits(blocks: Block[]) {
  expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  for (const block of blocks) {
    const text = (block.text as { text?: string } | undefined)?.text ?? '';
    expect(text.length).toBeLessThanOrEqual(
      block.type === 'header' ? SLACK_LIMITS.headerText : SLACK_LIMITS.sectionText,
    );
    const fields = (block.fields ?? []) as { text: string }[];
    expect(fields.length).toBeLessThanOrEqual(SLACK_LIMITS.fields);
    for (const f of fields) expect(f.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
    for (const el of (block.elements ?? []) as {
      type: string;
      value?: string;
      action_id?: string;
      text?: { text: string };
    }[]) {
      if (el.type !== 'button') continue;
      expect(el.text?.text.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonText);
      expect((el.value ?? '').length).toBeLessThanOrEqual(SLACK_LIMITS.buttonValue);
      expect((el.action_id ?? '').length).toBeLessThanOrEqual(SLACK_LIMITS.actionId);
    }
  }
}

describe('every card template', () => {
  test('has sample data', () => {
    expect(templates.names().sort()).toEqual(Object.keys(samples).sort());
  });

  test.each(templates.names())(
    '%s expands, lints clean, and converts to Block Kit within limits',
    (name) => {
      const card = templates.expand(name, samples[name] ?? {});
      expect(JSON.stringify(card)).not.toContain('${');
      expect(lint(card)).toEqual([]);
      const slack = toBlockKit(card, `summary of ${name}`);
      expect(slack.unsupported).toEqual([]);
      expect(slack.blocks.length).toBeGreaterThan(0);
      withinSlackLimits(slack.blocks);
      // Every Action.Execute survives the trip: its verb and data come back from the button.
      for (const block of slack.blocks.filter((b) => b.type === 'actions')) {
        for (const button of (
          block.elements as { action_id: string; value: string; url?: string }[]
        ).filter((b) => !b.url)) {
          const { verb, data } = readButton(button.action_id, button.value);
          expect(JSON.stringify(card)).toContain(`"verb":"${verb}"`);
          expect(typeof data).toBe('object');
        }
      }
    },
  );

  test('a template reused for many cards draws each from its own data only', () => {
    const first = JSON.stringify(
      templates.expand('access', { ...samples.access, title: 'First card', asking: true }),
    );
    const second = JSON.stringify(
      templates.expand('access', { ...samples.access, title: 'Second card', asking: false }),
    );
    const again = JSON.stringify(
      templates.expand('access', { ...samples.access, title: 'First card', asking: true }),
    );
    expect(first).toContain('First card');
    expect(second).toContain('Second card');
    expect(second).not.toContain('First card');
    expect(second).not.toContain('access.approve');
    expect(again).toBe(first);
  });

  test('the lint does catch a broken card', () => {
    expect(
      lint({
        type: 'AdaptiveCard',
        version: '1.5',
        body: [{ type: 'TextBlok', text: 'x' }],
      } as AdaptiveCard),
    ).not.toEqual([]);
  });
});

describe('Block Kit converter', () => {
  test('keeps to 50 blocks, 10 fields a section and 3000 characters a text', () => {
    const card: AdaptiveCard = {
      type: 'AdaptiveCard',
      body: [
        { type: 'TextBlock', text: 'x'.repeat(5000) },
        {
          type: 'FactSet',
          facts: Array.from({ length: 23 }, (_, i) => ({
            title: `t${i}`,
            value: 'v'.repeat(2500),
          })),
        },
        ...Array.from({ length: 60 }, (_, i) => ({ type: 'TextBlock', text: `line ${i}` })),
      ],
    };
    const { blocks } = toBlockKit(card, 'long');
    withinSlackLimits(blocks);
    expect(blocks).toHaveLength(50);
    expect(blocks.filter((b) => b.fields).map((b) => (b.fields as unknown[]).length)).toEqual([
      10, 10, 3,
    ]);
    expect(JSON.stringify(blocks[49])).toContain('shortened to fit Slack');
  });

  test('refuses a button whose data would not fit, instead of losing it', () => {
    const card: AdaptiveCard = {
      type: 'AdaptiveCard',
      actions: [
        { type: 'Action.Execute', title: 'Go', verb: 'x', data: { blob: 'y'.repeat(2100) } },
      ],
    };
    expect(() => toBlockKit(card, 'x')).toThrow(/2000/);
  });

  test('card text is text in Slack: escaped, no markdown turned into links, no address linked', () => {
    expect(toMrkdwn('**Acme** <b> & [portal](https://acme.example/p) <!here>')).toBe(
      '**Acme** &lt;b&gt; &amp; [portal](https:/\u200B/acme.example/p) &lt;!here&gt;',
    );
  });

  test('Teams: shown text is escaped, while what a button carries stays exactly as typed', () => {
    const name = 'PC_01 *[x](https://e.example)';
    const card = escapeCardText({
      type: 'AdaptiveCard',
      body: [
        { type: 'TextBlock', text: name },
        { type: 'FactSet', facts: [{ title: name, value: name }] },
        { type: 'Input.Text', id: 'reason', value: name },
      ],
      actions: [
        { type: 'Action.Execute', verb: 'x', data: { target: name } },
        { type: 'Action.OpenUrl', url: 'https://bot.example/r?a_b=1' },
      ],
    });
    const escaped = 'PC\\_01 \\*\\[x\\](https:/\u200B/e.example)';
    expect(card.body[0]).toEqual({ type: 'TextBlock', text: escaped });
    expect(card.body[1]).toEqual({ type: 'FactSet', facts: [{ title: escaped, value: escaped }] });
    expect(card.body[2]).toEqual({ type: 'Input.Text', id: 'reason', value: name });
    expect(card.actions).toEqual([
      { type: 'Action.Execute', verb: 'x', data: { target: name } },
      { type: 'Action.OpenUrl', url: 'https://bot.example/r?a_b=1' },
    ]);
  });

  test('no template writes markdown of its own (emphasis is a TextBlock weight), so all text can be escaped', () => {
    for (const file of readdirSync(cardsDir()).filter((f) => f.endsWith('.json'))) {
      const text = readFileSync(join(cardsDir(), file), 'utf8');
      expect(`${file}: ${/\*\*|\]\(|`/.test(text)}`).toBe(`${file}: false`);
    }
  });

  test('a status in colour keeps its word and gets a mark in Slack, which has no coloured text', () => {
    const status = (color: string, text: string) =>
      toBlockKit(
        { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text, weight: 'Bolder', color }] },
        'x',
      ).blocks.map((b) => (b.text as { text: string }).text);
    expect(status('Attention', 'Escalated: past the 72 h retry window')).toEqual([
      '🔴 *Escalated: past the 72 h retry window*',
    ]);
    expect(status('warning', 'Open')).toEqual(['🟠 *Open*']);
    expect(status('Good', 'Completed')).toEqual(['🟢 *Completed*']);
    expect(status('Accent', 'In progress')).toEqual(['*In progress*']);
    expect(status('Good', '✅ Onboarded')).toEqual(['*✅ Onboarded*']); // its own mark stays alone
  });

  test('reports elements it cannot show', () => {
    const card: AdaptiveCard = { type: 'AdaptiveCard', body: [{ type: 'Media', sources: [] }] };
    expect(toBlockKit(card, 'x').unsupported).toEqual(['Media']);
  });
});
