import type { Content } from 'pdfmake/interfaces';
import type { Support } from '../../config/support-schema';
import { h2, note, table } from './frame';

/** The customer's support contacts and escalation path, as the report's last section. */
export function supportSection(s: Support): Content[] {
  return [
    h2('Support and escalation'),
    table(
      ['Contact', 'Role', 'Phone', 'E-mail', 'Hours'],
      s.contacts.map((c) => [c.name, c.role ?? '', c.phone ?? '', c.email ?? '', c.hours ?? '']),
      ['*', '*', 'auto', '*', '*'],
      'No contacts set.',
    ),
    table(
      ['Level', 'Who', 'When', 'Phone', 'E-mail'],
      s.escalation.map((l, i) => [i + 1, l.name, l.when, l.phone ?? '', l.email ?? '']),
      ['auto', '*', '*', 'auto', '*'],
      'No escalation path set.',
    ),
    note('Go one level up when the level before does not answer or cannot help.'),
  ];
}
