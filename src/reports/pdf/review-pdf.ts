import { percent } from '../../core/wording';
import type { CanvasElement, Content } from 'pdfmake/interfaces';
import type { BaselineReport } from '../report-baseline';
import type { AreaStatus } from '../report-health';
import type { IncidentReport, QuarterlyReport } from '../report-review';
import { chart, STANDING_COLOR } from './charts';
import { figures, h2, note, table } from './frame';

const WORD: Record<AreaStatus, string> = {
  ok: 'OK',
  attention: 'Attention',
  problem: 'Problem',
  unknown: 'Not available',
};

/** The runbook's ✅ / ⚠️ / ❌ as vector marks (the PDF fonts have no emoji), plus a word. */
function mark(status: AreaStatus): CanvasElement[] {
  switch (status) {
    case 'ok':
      return [{ type: 'ellipse', x: 5, y: 5, r1: 4.5, r2: 4.5, color: STANDING_COLOR.good }];
    case 'attention':
      return [
        {
          type: 'polyline',
          closePath: true,
          points: [
            { x: 5, y: 0 },
            { x: 10, y: 10 },
            { x: 0, y: 10 },
          ],
          color: STANDING_COLOR.warning,
        },
      ];
    case 'problem':
      return [{ type: 'rect', x: 0.5, y: 0.5, w: 9, h: 9, color: STANDING_COLOR.attention }];
    case 'unknown':
      return [{ type: 'line', x1: 0, y1: 5, x2: 10, y2: 5, lineWidth: 2, lineColor: '#8a94a3' }];
  }
}

export function baselineBody(r: BaselineReport): Content[] {
  return [
    figures([
      { label: 'managed devices', value: String(r.patch.devices) },
      { label: 'patch compliance', value: percent(r.patch.compliancePct) },
      { label: 'critical updates missing', value: String(r.patch.criticalMissing) },
    ]),
    h2('Health by area'),
    {
      table: {
        headerRows: 1,
        dontBreakRows: true,
        widths: [110, 95, '*', '*'],
        body: [
          ['Area', 'Status', 'Finding', 'Notes'].map((text) => ({ text, style: 'th' })),
          ...r.areas.map((a) => [
            { text: a.area, bold: true },
            { columns: [{ canvas: mark(a.status), width: 14 }, { text: WORD[a.status] }] },
            { text: a.finding },
            { text: a.note },
          ]),
        ],
      },
      layout: 'lightHorizontalLines',
    },
    note(
      'Areas marked "Not available" are reported by no source we have yet (the note says which would); nothing is assumed about them.',
    ),
    h2('Software found'),
    table(
      ['Application', 'Vendor', 'Installs', 'Outdated'],
      r.software.map((s) => [s.name, s.vendor, s.installs, s.outdated]),
      ['*', '*', 50, 50],
    ),
  ];
}

export function quarterlyBody(r: QuarterlyReport): Content[] {
  const at = (pick: (t: QuarterlyReport['trends'][number]) => number | undefined) =>
    r.trends.map((t) => ({ label: t.month, value: pick(t) }));
  return [
    h2('Trends'),
    note(
      'Figures are as recorded by each monthly hygiene report; "no data" means no report was kept for that month.',
    ),
    {
      columns: [
        chart({
          title: 'Patch compliance',
          points: at((t) => t.snapshot?.compliancePct),
          unit: ' %',
          max: 100,
          kind: 'line',
        }),
        chart({
          title: 'Critical updates missing',
          points: at((t) => t.snapshot?.criticalMissing),
          color: '#c53030',
        }),
      ],
    },
    {
      columns: [
        chart({
          title: 'Managed devices',
          points: at((t) => t.snapshot?.devices),
          color: '#4a5568',
        }),
        chart({
          title: 'Open alerts',
          points: at((t) => t.snapshot?.openAlerts),
          color: STANDING_COLOR.warning,
        }),
      ],
    },
    {
      columns: [
        chart({
          title: 'Mean ticket resolution',
          points: at((t) => t.meanResolutionHours),
          unit: ' h',
          color: '#2f855a',
        }),
        chart({ title: 'Tickets opened', points: at((t) => t.tickets), color: '#805ad5' }),
      ],
    },
    h2('Recommendations'),
    { ul: r.recommendations, margin: [0, 0, 0, 6] },
    h2('Roadmap'),
    { ol: r.roadmap.length > 0 ? r.roadmap : ['No roadmap set in the configuration.'] },
  ];
}

export function incidentsBody(r: IncidentReport): Content[] {
  const hours = (h?: number) => (h === undefined ? '-' : `${h} h`);
  return [
    figures([
      { label: 'tickets', value: String(r.tickets.length) },
      { label: 'resolved', value: String(r.resolved) },
      { label: 'still open', value: String(r.open) },
      { label: 'mean resolution', value: hours(r.meanResolutionHours) },
      { label: 'median resolution', value: hours(r.medianResolutionHours) },
    ]),
    h2('Tickets'),
    table(
      ['#', 'Summary', 'Opened (UTC)', 'Closed (UTC)', 'Resolution'],
      r.tickets.map((t) => [
        t.id,
        t.summary,
        t.opened?.slice(0, 16).replace('T', ' ') ?? '-',
        t.closed?.slice(0, 16).replace('T', ' ') ?? 'open',
        hours(t.resolutionHours),
      ]),
      [35, '*', 75, 75, 55],
      'No tickets in this period.',
    ),
  ];
}
