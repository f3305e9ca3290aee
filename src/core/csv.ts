/**
 * A CSV cell as a spreadsheet should read it: quoted, and never a formula (a name typed into a
 * chat that starts with `=`, `+`, `-` or `@` would otherwise run when the file is opened).
 */
export function csvCell(value: unknown): string {
  const text = value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** Rows as CSV (RFC 4180, CRLF line ends). */
export const csvOf = (rows: readonly (readonly unknown[])[]): string =>
  `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
