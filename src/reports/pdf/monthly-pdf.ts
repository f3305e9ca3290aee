import type { Content } from 'pdfmake/interfaces';
import { ago, complianceStanding, exposureStanding } from '../../core/patch-summary';
import { count, percent } from '../../core/wording';
import { shareBar } from './charts';
import type { MonthlyReport } from '../report-data';
import type { AccessFact } from '../../core/record-lines';
import { figures, h2, note, table } from './frame';
import { securitySection } from './security-pdf';

const day = (iso: string) => iso.slice(0, 16).replace('T', ' ');
const accessRows = (facts: readonly AccessFact[]) =>
  facts.map((a) => [day(a.when), a.who, a.device ?? '-', a.outcome, a.answeredBy ?? '-', a.reason]);

/** The monthly hygiene report's pages (runbook section 6). */
export function monthlyBody(r: MonthlyReport): Content[] {
  const p = r.patch;
  const software = r.software.filter((s) => s.outdated > 0);
  return [
    figures([
      { label: 'patch compliance', value: percent(p.compliancePct) },
      { label: 'managed devices', value: String(p.devices) },
      { label: 'critical updates missing', value: String(p.criticalMissing) },
      { label: 'other updates missing', value: String(p.otherMissing) },
      { label: 'open alerts', value: String(r.openAlerts.length) },
    ]),
    shareBar({
      title: 'Patch compliance',
      part: p.compliant,
      whole: p.devices,
      figure: `${percent(p.compliancePct)} (${p.compliant} of ${count(p.devices, 'device')})`,
      standing: complianceStanding(p.compliancePct),
    }),
    shareBar({
      title: 'Critical exposure',
      part: p.devicesWithCritical,
      whole: p.devices,
      figure: `${count(p.devicesWithCritical, 'device')} missing critical updates`,
      standing: exposureStanding(p.devicesWithCritical, true),
    }),
    note(
      `Patch compliance: ${r.complianceDefinition}. ${p.compliant} of ${count(p.devices, 'device')} are compliant. Device state as of ${day(r.generatedAt.toISOString())} UTC; events are for ${r.period.label}.`,
    ),
    h2('Patching'),
    table(
      ['Devices', 'Compliant', 'With critical missing', 'Reboot pending', 'Offline'],
      [[p.devices, p.compliant, p.devicesWithCritical, p.rebootPending, p.offline]],
    ),
    // Action1 lists every missing update's version as "Latest" (its contract says so): the KB
    // number tells a technician more.
    h2(`Missing critical updates (${r.criticalUpdates.length})`),
    table(
      ['Update', 'KB', 'Severity'],
      r.criticalUpdates.map((u) => [u.name, u.kb ?? '-', u.severity]),
      ['*', 90, 70],
    ),
    h2(`Devices missing critical updates (${r.devicesAtRisk.length})`),
    table(
      ['Device', 'OS', 'Critical', 'Other', 'Last seen'],
      r.devicesAtRisk.map((e) => [
        e.name,
        e.os,
        e.missingCritical,
        e.missingOther,
        e.online ? 'online' : ago(e.lastSeen, r.generatedAt),
      ]),
      ['*', '*', 45, 40, 70],
    ),
    h2(`Other missing updates (${r.otherUpdates.length})`),
    table(
      ['Update', 'KB', 'Severity'],
      r.otherUpdates.map((u) => [u.name, u.kb ?? '-', u.severity]),
      ['*', 90, 70],
    ),
    h2('Software inventory'),
    note(
      `${r.software.length} applications; ${software.length} with outdated installs (${software.reduce((n, s) => n + s.outdated, 0)} installs to update).`,
    ),
    table(
      ['Application', 'Vendor', 'Installs', 'Outdated'],
      r.software.map((s) => [s.name, s.vendor, s.installs, s.outdated]),
      ['*', '*', 50, 50],
    ),
    h2('Antivirus / Microsoft Defender'),
    { text: r.antivirus.note, margin: [0, 0, 0, 6] },
    h2(`Open alerts (${r.openAlerts.length})`),
    table(
      ['Device', 'Condition', 'Since', 'State'],
      r.openAlerts.map((a) => [
        a.device,
        a.condition,
        day(a.since),
        a.escalated ? `${a.state}, escalated` : a.state,
      ]),
      ['*', '*', 90, 80],
    ),
    ...(r.security ? securitySection(r.security, r.period.label) : []),
    h2(`Remote sessions in ${r.period.label} (${r.sessions.length})`),
    table(
      ['When (UTC)', 'Technician', 'Device', 'Outcome', 'Answered by', 'Reason'],
      accessRows(r.sessions),
      [70, '*', 70, 60, '*', '*'],
    ),
    h2(`Break-glass (emergency access) in ${r.period.label} (${r.breakGlass.length})`),
    table(
      ['When (UTC)', 'Technician', 'Device', 'Outcome', 'Reviewed by', 'Reason'],
      accessRows(r.breakGlass),
      [70, '*', 40, 70, '*', '*'],
    ),
    h2(`In the Action1 console in ${r.period.label} (${r.consoleActs.length})`),
    note("From Action1's own audit trail: what people did in its console, beside the bot."),
    table(
      ['When (UTC)', 'Who', 'Event', 'What'],
      r.consoleActs.map((c) => [day(c.when), c.who, c.event, c.description]),
      [70, '*', 80, '*'],
    ),
  ];
}
