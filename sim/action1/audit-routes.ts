import type { Action1Sim, Route } from './action1-sim';
import { action1Error, resultPage } from './wire';

/** An audit event as Action1's contract gives it (AuditEvent): timestamp "YYYY-MM-DD_HH-MM-SS". */
export interface SimAuditEvent {
  id: number;
  event: string;
  description: string;
  object_name: string;
  user_name: string;
  user_id: string;
  at: Date;
  org_id: string;
  org_name: string;
  status_message: string;
}

const stamp = (d: Date) => d.toISOString().slice(0, 19).replace('T', '_').replace(/:/g, '-');

const json = (e: SimAuditEvent, sim: Action1Sim) => ({
  id: String(e.id),
  type: 'AuditEvent',
  self: `${sim.baseUrl}/audit/events/${e.id}`,
  event: e.event,
  description: e.description,
  details: {},
  object_name: e.object_name,
  object_url: '',
  user_name: e.user_name,
  user_id: e.user_id,
  timestamp: stamp(e.at),
  org_id: e.org_id,
  org_name: e.org_name,
  status_message: e.status_message,
});

/**
 * A few console acts per organization, as a technician working in the Action1 console leaves
 * them: a login, a remote connect and disconnect on one device.
 */
export function seedAuditEvents(sim: Action1Sim, now = new Date()): SimAuditEvent[] {
  const events: SimAuditEvent[] = [];
  const add = (e: Omit<SimAuditEvent, 'id'>) => events.push({ id: 1000 + events.length, ...e });
  for (const org of sim.fleet.orgs) {
    const device = sim.endpointsOf(org.id)[0]?.name ?? 'PC-1';
    const base = {
      user_name: 'Pat Console',
      user_id: 'u-pat',
      org_id: org.id,
      org_name: org.name,
      status_message: 'OK',
    };
    const ago = (h: number) => new Date(now.getTime() - h * 3600_000);
    add({ ...base, event: 'Login', description: 'Console login', object_name: '', at: ago(26) });
    add({
      ...base,
      event: 'Remote Connect',
      description: 'Remote session started',
      object_name: device,
      at: ago(25),
    });
    add({
      ...base,
      event: 'Remote Disconnect',
      description: 'Remote session ended',
      object_name: device,
      at: ago(24.5),
    });
  }
  return events;
}

/** GET /audit/events (from_id: the first id returned, ascending) and /audit/events/{id}. */
export function auditRoutes(sim: Action1Sim): Route[] {
  return [
    [
      'GET',
      /^\/audit\/events$/,
      (_m, url) => {
        const fromId = Number(url.searchParams.get('from_id') ?? '0') || 0;
        const items = sim.auditEvents.filter((e) => e.id >= fromId).sort((a, b) => a.id - b.id);
        return [200, resultPage(items, url, sim.page, (e) => json(e, sim))];
      },
    ],
    [
      'GET',
      /^\/audit\/events\/([^/]+)$/,
      ([id]) => {
        const e = sim.auditEvents.find((x) => String(x.id) === id);
        return e ? [200, json(e, sim)] : [404, action1Error(404, 'Not found')];
      },
    ],
  ];
}
