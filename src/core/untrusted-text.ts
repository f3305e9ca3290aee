/**
 * Text that came from a person or a device (a device name from Action1, a reason, a note) is
 * shown as text: the renderers of each channel escape it (bots/slack, bots/teams, HaloPSA's
 * client). What they share is here: no address in such text may become a link a person can
 * click, so "://" gets a zero-width space that stops Slack and Teams from linking it, while it
 * still reads the same. The bot's own links never sit in text: they are buttons (Action.OpenUrl).
 */
export function unlinked(text: string): string {
  return text.replace(/:\/\//g, ':/\u200B/');
}

/**
 * Splits text into code spans (`…`, which Slack and Teams show literally) and the rest, so a
 * renderer escapes only what would be read as markup. Backticks that do not pair cleanly (an odd
 * count, or runs of two or more) give no code spans at all: everything is escaped.
 */
export function codeSpans(text: string): { code: boolean; text: string }[] {
  const ticks = text.match(/`+/g) ?? [];
  if (ticks.length % 2 === 1 || ticks.some((t) => t.length > 1)) return [{ code: false, text }];
  return text.split('`').map((part, i) => ({ code: i % 2 === 1, text: part }));
}
