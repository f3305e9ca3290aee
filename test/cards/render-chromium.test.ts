import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CardTemplates, cardsDir } from '../../src/cards/card-templates';
import { escapeCardText } from '../../src/bots/teams/teams-text';
import { toBlockKit, SLACK_LIMITS } from '../../src/bots/slack/block-kit';
import { TEAMS_HOST_CONFIG } from '../helpers/teams-host-config';

/**
 * Every card template, drawn by the official adaptivecards renderer inside headless Chromium with
 * a Teams-like host config, as a person would see it. Pictures go to test-artifacts/cards/.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts', 'cards');
const samples = JSON.parse(readFileSync(join(cardsDir(), 'sample-data.json'), 'utf8')) as Record<
  string,
  Record<string, unknown>
>;
const templates = new CardTemplates(undefined, 'DEMO DATA: a simulated fleet, not a real customer');

let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (.ci/run does)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  page = await browser.newPage({ viewport: { width: 520, height: 800 } });
  await page.setContent('<html><body style="margin:0;background:#F5F5F5"></body></html>');
  // Teams renders card text as markdown; with markdown-it on the page the official renderer
  // does too (its documented fallback), so escapes show as the characters they stand for.
  await page.addScriptTag({ path: require.resolve('markdown-it/dist/markdown-it.min.js') });
  await page.addScriptTag({ path: require.resolve('adaptivecards/dist/adaptivecards.js') });
}, 30_000);

afterAll(async () => {
  await browser?.close();
});

/** Draws the card in the page; returns what the renderer said and what a person can read. */
async function draw(card: unknown) {
  return page.evaluate(
    ({ card, hostConfig }) => {
      const AC = (globalThis as unknown as { AdaptiveCards: typeof import('adaptivecards') })
        .AdaptiveCards;
      document.body.innerHTML =
        '<div id="card" style="width:480px;margin:16px;background:#fff;border-radius:4px"></div>';
      const adaptive = new AC.AdaptiveCard();
      adaptive.hostConfig = new AC.HostConfig(hostConfig);
      const context = new AC.SerializationContext(AC.Versions.v1_5);
      adaptive.parse(card as never, context);
      const problems: string[] = [];
      for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
      for (const e of adaptive.validateProperties().validationEvents) problems.push(e.message);
      const el = adaptive.render();
      if (el) document.getElementById('card')?.appendChild(el);
      const box = document.getElementById('card')?.getBoundingClientRect();
      return {
        problems,
        text: (document.getElementById('card') as HTMLElement).innerText,
        height: box?.height ?? 0,
        buttons: [...document.querySelectorAll('#card button')].map(
          (b) => (b as HTMLElement).innerText,
        ),
        // Buttons that run past the card's edge: Teams would cut them off.
        clipped: [...document.querySelectorAll('#card button')]
          .filter((b) => b.getBoundingClientRect().right > (box?.right ?? 0) + 0.5)
          .map((b) => (b as HTMLElement).innerText),
      };
    },
    { card, hostConfig: TEAMS_HOST_CONFIG },
  );
}

describe('cards in Chromium, as Teams would draw them', () => {
  test.each(templates.names().filter((n) => samples[n]))('%s', async (name) => {
    const reply = {
      kind: 'card' as const,
      template: name,
      data: samples[name] ?? {},
      summary: name,
    };
    const card = escapeCardText(templates.render(reply));
    const drawn = await draw(card);
    expect(drawn.problems).toEqual([]);
    expect(drawn.height).toBeGreaterThan(60);
    expect(drawn.text).toContain('DEMO DATA');
    expect(drawn.clipped).toEqual([]);
    // Escaped text shows as its characters: no stray backslashes before brackets or stars.
    expect(drawn.text).not.toMatch(/\\[[\]<>*_]/);
    await page.locator('#card').screenshot({ path: join(ARTIFACTS, `${name}.png`) });
    // The same reply in Slack stays within Slack's limits and loses nothing it cannot show.
    const slack = toBlockKit(templates.render(reply), reply.summary);
    expect(slack.unsupported).toEqual([]);
    // The converter cuts at Slack's 50 blocks and says so in a last block: nothing may be cut.
    expect(slack.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    expect(JSON.stringify(slack.blocks)).not.toContain('shortened to fit Slack');
    writeFileSync(join(ARTIFACTS, `${name}.slack.json`), JSON.stringify(slack.blocks, null, 2));
  });
});
