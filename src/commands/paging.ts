import { count } from '../core/wording';

/** One page of a list, and where it sits in the whole: "11–20 of 37 alerts". */
export interface Page<T> {
  shown: T[];
  page: number;
  pages: number;
  /** "11–20 of 37 alerts" */
  position: string;
}

/** The asked-for page of `items`, clamped to the pages there are (past the end: the last). */
export function pageOf<T>(
  items: readonly T[],
  asked: number,
  size: number,
  noun: string,
  plural = `${noun}s`,
): Page<T> {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const page = Math.min(Math.max(1, asked), pages);
  const first = (page - 1) * size;
  const shown = items.slice(first, first + size);
  return {
    shown,
    page,
    pages,
    position: `${first + 1}–${first + shown.length} of ${count(items.length, noun, plural)}`,
  };
}
