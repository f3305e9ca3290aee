import type { Content, ContentTable, TDocumentDefinitions } from 'pdfmake/interfaces';

/** Who the report is from and about: on every page. */
export interface ReportHeading {
  mspName: string;
  /** A data: URL (PNG or JPEG); pdfmake fetches nothing itself. */
  logo?: string;
  title: string;
  customerName: string;
  periodLabel: string;
  generatedAt: Date;
}

const GREY = '#5f6b7a';

/**
 * The page every report shares: MSP name and logo, report title, customer and period in the
 * header; "page n of m" in the footer; readable type; tables repeat their header row on each
 * page and never split a row.
 */
export function reportDocument(h: ReportHeading, body: Content[]): TDocumentDefinitions {
  return {
    pageSize: 'A4',
    pageMargins: [40, 72, 40, 50],
    info: { title: `${h.title}: ${h.customerName}, ${h.periodLabel}`, author: h.mspName },
    header: () => ({
      margin: [40, 24, 40, 0],
      columns: [
        ...(h.logo ? [{ image: h.logo, fit: [90, 32] as [number, number], width: 100 }] : []),
        {
          stack: [
            { text: h.mspName, bold: true, fontSize: 11 },
            { text: `${h.title} · ${h.customerName} · ${h.periodLabel}`, color: GREY, fontSize: 9 },
          ],
        },
      ],
    }),
    footer: (page: number, pages: number) => ({
      margin: [40, 16, 40, 0],
      columns: [
        {
          text: `Generated ${h.generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC by ${h.mspName}`,
          color: GREY,
          fontSize: 8,
        },
        { text: `Page ${page} of ${pages}`, alignment: 'right', color: GREY, fontSize: 8 },
      ],
    }),
    content: [
      { text: h.title, style: 'title' },
      { text: `${h.customerName} · ${h.periodLabel}`, style: 'subtitle' },
      ...body,
    ],
    // A heading never sits alone at the bottom of a page: in the last 90 pt it moves over with
    // what it heads (A4 is 842 pt tall, the footer margin 50).
    pageBreakBefore: (node) => node.headlineLevel === 2 && (node.startPosition.top ?? 0) > 700,
    styles: {
      title: { fontSize: 20, bold: true, margin: [0, 0, 0, 2] },
      subtitle: { fontSize: 12, color: GREY, margin: [0, 0, 0, 14] },
      h2: { fontSize: 13, bold: true, margin: [0, 14, 0, 6] },
      note: { fontSize: 8, color: GREY, margin: [0, 2, 0, 6] },
      th: { bold: true, fillColor: '#eef1f5' },
    },
    defaultStyle: { font: 'Roboto', fontSize: 9, lineHeight: 1.15 },
  };
}

export const h2 = (text: string): Content => ({ text, style: 'h2', headlineLevel: 2 });
export const note = (text: string): Content => ({ text, style: 'note' });

/** A table that reads across pages: header row repeated, rows kept whole. */
export function table(
  headers: string[],
  rows: (string | number)[][],
  widths: (number | string)[] = headers.map(() => '*'),
  empty = 'None.',
): Content {
  if (rows.length === 0) return { text: empty, italics: true, margin: [0, 0, 0, 6] };
  const t: ContentTable = {
    table: {
      headerRows: 1,
      dontBreakRows: true,
      widths,
      body: [
        headers.map((text) => ({ text, style: 'th' })),
        ...rows.map((r) => r.map((c) => ({ text: String(c) }))),
      ],
    },
    layout: 'lightHorizontalLines',
    margin: [0, 0, 0, 8],
  };
  return t;
}

/** Key figures as a row of boxes. */
export function figures(items: { label: string; value: string }[]): Content {
  return {
    columns: items.map((i) => ({
      stack: [
        { text: i.value, fontSize: 16, bold: true },
        { text: i.label, color: GREY, fontSize: 8 },
      ],
    })),
    columnGap: 10,
    margin: [0, 0, 0, 8],
  };
}
