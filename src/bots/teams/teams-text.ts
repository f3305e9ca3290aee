import { codeSpans, unlinked } from '../../core/untrusted-text';

/**
 * Teams markdown (in Adaptive Card TextBlocks and message text) for text that may carry what a
 * person or device typed: link brackets, emphasis, HTML and list markers are backslash-escaped
 * (CommonMark), addresses are not linked, and code spans are left alone (they show as written).
 */
export function teamsText(text: string): string {
  return codeSpans(text)
    .map((part) => (part.code ? `\`${part.text}\`` : escapeMarkdown(unlinked(part.text))))
    .join('');
}

function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\*_[\]~<>]/g, (c) => `\\${c}`)
    .replace(
      /^(\s*)([-+]|\d+\.)(\s)/gm,
      (_, indent: string, marker: string, space: string) =>
        `${indent}${marker.replace(/^([-+])$/, '\\$1').replace(/\.$/, '\\.')}${space}`,
    );
}

type Node = Record<string, unknown>;

/**
 * Escapes the parts of an expanded card that Teams reads as markdown: TextBlock text and facts.
 * Everything else (button data, URLs of buttons, ids, input values) is left as it is, so a
 * device name with an underscore still reaches the click as typed.
 */
export function escapeCardText<T>(card: T): T {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== 'object') return node;
    const el = node as Node;
    const out: Node = {};
    for (const [key, value] of Object.entries(el)) {
      if (el.type === 'TextBlock' && key === 'text' && typeof value === 'string')
        out[key] = teamsText(value);
      else if (el.type === 'FactSet' && key === 'facts' && Array.isArray(value))
        out[key] = value.map((f: Node) => ({
          ...f,
          title: teamsText(String(f.title ?? '')),
          value: teamsText(String(f.value ?? '')),
        }));
      else if (key === 'data' || key === 'url') out[key] = value;
      else out[key] = walk(value);
    }
    return out;
  };
  return walk(card) as T;
}
