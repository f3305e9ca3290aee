/**
 * Splitting what people type. Quotes group words ("Acme Corp"), smart quotes count too because
 * Teams and Slack clients replace them, and `--flag value` / `--flag=value` become flags.
 */
export interface Words {
  words: string[];
  flags: Record<string, string | true>;
}

export function splitWords(text: string): Words {
  const tokens: string[] = [];
  const pattern = /"([^"]*)"|“([^”]*)”|'([^']*)'|(\S+)/g;
  for (const m of text.matchAll(pattern)) tokens.push(m[1] ?? m[2] ?? m[3] ?? m[4] ?? '');
  const words: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    const flag = /^(?:--|—)([a-z][\w-]*)(?:=(.*))?$/i.exec(token);
    if (!flag) {
      words.push(token);
      continue;
    }
    const name = (flag[1] ?? '').toLowerCase();
    const next = tokens[i + 1];
    if (flag[2] !== undefined) flags[name] = flag[2];
    else if (next !== undefined && !next.startsWith('--')) flags[name] = tokens[++i] ?? '';
    else flags[name] = true;
  }
  return { words, flags };
}

/** Levenshtein distance, for "did you mean" on commands and config keys. */
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] ?? 0;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}

/** The closest candidate within a distance that still reads as a typo, if any. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const distance = editDistance(word.toLowerCase(), name.toLowerCase());
    if (!best || distance < best.distance) best = { name, distance };
  }
  const tolerance = Math.max(2, Math.floor(word.length / 3));
  return best && best.distance <= tolerance ? best.name : undefined;
}

/** Up to `n` candidates that look most like what was typed (substring matches first). */
export function nearest(word: string, candidates: readonly string[], n = 3): string[] {
  const w = word.toLowerCase();
  return candidates
    .map((name) => {
      const c = name.toLowerCase();
      const score = c.includes(w) || w.includes(c) ? 0 : editDistance(w, c);
      return { name, score };
    })
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, n)
    .map((x) => x.name);
}
