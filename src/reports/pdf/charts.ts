import type { CanvasElement, Content } from 'pdfmake/interfaces';

export interface ChartPoint {
  label: string;
  /** Undefined: no figure for that month (shown as such, never as zero). */
  value?: number;
}

interface ChartOptions {
  title: string;
  points: ChartPoint[];
  unit?: string;
  /** Top of the scale; by default the largest value. */
  max?: number;
  color?: string;
  kind?: 'bar' | 'line';
}

const WIDTH = 230;
const HEIGHT = 110;

const shown = (p: ChartPoint, unit: string) =>
  p.value === undefined ? 'no data' : `${Math.round(p.value * 10) / 10}${unit}`;

/**
 * A small chart drawn with vector strokes (pdfmake canvas): bars or a line over the months,
 * the value written above each and the month below, so the figures can be read and copied too.
 */
export function chart(o: ChartOptions): Content {
  const n = Math.max(o.points.length, 1);
  const slot = WIDTH / n;
  const values = o.points.flatMap((p) => (p.value === undefined ? [] : [p.value]));
  const top = o.max ?? Math.max(1, ...values);
  const y = (v: number) => HEIGHT - (Math.max(0, v) / top) * (HEIGHT - 8);
  const color = o.color ?? '#2b6cb0';
  const marks: CanvasElement[] = [
    {
      type: 'line',
      x1: 0,
      y1: HEIGHT,
      x2: WIDTH,
      y2: HEIGHT,
      lineWidth: 0.7,
      lineColor: '#5f6b7a',
    },
    { type: 'line', x1: 0, y1: 0, x2: 0, y2: HEIGHT, lineWidth: 0.7, lineColor: '#5f6b7a' },
  ];
  if (o.kind === 'line') {
    const pts = o.points.flatMap((p, i) =>
      p.value === undefined ? [] : [{ x: slot * i + slot / 2, y: y(p.value) }],
    );
    if (pts.length > 1)
      marks.push({ type: 'polyline', points: pts, lineWidth: 2, lineColor: color });
    for (const p of pts)
      marks.push({ type: 'rect', x: p.x - 2.5, y: p.y - 2.5, w: 5, h: 5, color });
  } else {
    o.points.forEach((p, i) => {
      if (p.value === undefined) return;
      const h = HEIGHT - y(p.value);
      marks.push({
        type: 'rect',
        x: slot * i + slot * 0.2,
        y: HEIGHT - h,
        w: slot * 0.6,
        h,
        color,
      });
    });
  }
  const row = (texts: string[], bold = false): Content => ({
    columns: texts.map((text) => ({ text, width: slot, alignment: 'center', fontSize: 8, bold })),
    columnGap: 0,
  });
  return {
    unbreakable: true,
    stack: [
      { text: o.title, bold: true, margin: [0, 0, 0, 4] },
      row(
        o.points.map((p) => shown(p, o.unit ?? '')),
        true,
      ),
      { canvas: marks, margin: [0, 2, 0, 2] },
      row(o.points.map((p) => p.label)),
    ],
    margin: [0, 0, 0, 12],
  };
}

/** The colours of a standing in the PDFs (bars, the baseline's marks): the bands of the cards. */
export const STANDING_COLOR = {
  good: '#2f855a',
  warning: '#b7791f',
  attention: '#c53030',
} as const;

/**
 * One share as a bar: the part in the standing's colour over the whole in grey, with the figure
 * and the standing's word beside it, so it reads without colour too.
 */
export function shareBar(o: {
  title: string;
  part: number;
  whole: number;
  figure: string;
  standing: { word: string; color: keyof typeof STANDING_COLOR };
}): Content {
  const width = 230;
  const share = o.whole === 0 ? 0 : Math.min(1, Math.max(0, o.part / o.whole));
  const color = STANDING_COLOR[o.standing.color];
  return {
    unbreakable: true,
    stack: [
      { text: o.title, bold: true, margin: [0, 0, 0, 4] },
      {
        columns: [
          {
            width,
            canvas: [
              { type: 'rect', x: 0, y: 0, w: width, h: 14, color: '#e2e8f0' },
              ...(share > 0
                ? [{ type: 'rect' as const, x: 0, y: 0, w: width * share, h: 14, color }]
                : []),
            ],
          },
          {
            width: '*',
            text: [
              { text: `${o.figure}  `, bold: true },
              { text: o.standing.word, bold: true, color },
            ],
            margin: [8, 1, 0, 0],
          },
        ],
      },
    ],
    margin: [0, 0, 0, 10],
  };
}
