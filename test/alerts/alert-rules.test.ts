import { evaluate, type Alert } from '../../src/alerts/alert-rules';
import type { Endpoint } from '../../src/core/fleet';
import { inMaintenanceWindow } from '../../src/core/maintenance-window';

const policy = { offlineAlertMinutes: 60, offlineRetryHours: 72, criticalPatchWithinHours: 24 };
const t0 = new Date('2026-11-25T10:00:00Z'); // a Wednesday
const at = (hours: number) => new Date(t0.getTime() + hours * 3_600_000);
const device = (over: Partial<Endpoint> = {}): Endpoint => ({
  id: 'ep-1',
  name: 'ACME-LT-001',
  os: 'Windows 11',
  online: true,
  lastSeen: t0,
  rebootRequired: false,
  missingCritical: 0,
  missingOther: 0,
  ...over,
});
const known = (...alerts: Alert[]) => new Map(alerts.map((a) => [a.key, a]));

describe('alert rules (fake clock)', () => {
  test('offline longer than the threshold raises one alert; shorter does not', () => {
    const offline = device({ online: false, lastSeen: t0 });
    expect(evaluate('acme', known(), [offline], policy, at(0.5), false).opened).toEqual([]);
    const { opened } = evaluate('acme', known(), [offline], policy, at(2), false);
    expect(opened.map((a) => [a.key, a.condition, a.state])).toEqual([
      ['acme:ep-1:offline', 'offline', 'open'],
    ]);
    // Known already: nothing new on the next cycle.
    expect(evaluate('acme', known(...opened), [offline], policy, at(3), false)).toEqual({
      opened: [],
      escalated: [],
      resolved: [],
    });
  });

  test('past the 72-hour retry window an offline alert escalates, once', () => {
    const offline = device({ online: false, lastSeen: t0 });
    const [alert] = evaluate('acme', known(), [offline], policy, at(2), false).opened;
    const { escalated } = evaluate('acme', known(alert as Alert), [offline], policy, at(73), false);
    expect(escalated.map((a) => a.escalated)).toEqual([true]);
    expect(
      evaluate('acme', known(...escalated), [offline], policy, at(80), false).escalated,
    ).toEqual([]);
  });

  test('a newly missing critical update alerts at once and breaches its SLA after 24 h', () => {
    const missing = device({ missingCritical: 2 });
    const [alert] = evaluate('acme', known(), [missing], policy, t0, false).opened;
    expect(alert?.detail).toBe('2 critical updates missing');
    expect(
      evaluate('acme', known(alert as Alert), [missing], policy, at(23), false).escalated,
    ).toEqual([]);
    expect(
      evaluate('acme', known(alert as Alert), [missing], policy, at(25), false).escalated,
    ).toHaveLength(1);
  });

  test('back online or updates installed: the alert resolves', () => {
    const [offline] = evaluate(
      'acme',
      known(),
      [device({ online: false })],
      policy,
      at(2),
      false,
    ).opened;
    const [critical] = evaluate(
      'acme',
      known(),
      [device({ missingCritical: 1 })],
      policy,
      at(2),
      false,
    ).opened;
    const { resolved } = evaluate(
      'acme',
      known(offline as Alert, critical as Alert),
      [device()],
      policy,
      at(3),
      false,
    );
    expect(resolved.map((a) => [a.condition, a.state])).toEqual([
      ['offline', 'resolved'],
      ['critical-update', 'resolved'],
    ]);
  });

  test('offline inside the maintenance window is held back, and raised if still offline after it', () => {
    const offline = device({ online: false, lastSeen: t0 });
    expect(evaluate('acme', known(), [offline], policy, at(2), true).opened).toEqual([]);
    expect(evaluate('acme', known(), [offline], policy, at(5), false).opened).toHaveLength(1);
    // Critical updates are never held back by a window.
    expect(
      evaluate('acme', known(), [device({ missingCritical: 1 })], policy, at(2), true).opened,
    ).toHaveLength(1);
  });
});

describe('maintenance windows in the customer’s time zone', () => {
  const window = { day: 'wednesday', start: '02:00', hours: 3 };
  test('Wednesday 02:00–05:00 Berlin time', () => {
    expect(inMaintenanceWindow(new Date('2026-11-25T01:30:00Z'), 'Europe/Berlin', window)).toBe(
      true,
    ); // 02:30 CET
    expect(inMaintenanceWindow(new Date('2026-11-25T04:30:00Z'), 'Europe/Berlin', window)).toBe(
      false,
    ); // 05:30 CET
    expect(inMaintenanceWindow(new Date('2026-11-25T01:30:00Z'), 'America/New_York', window)).toBe(
      false,
    ); // Tue 20:30
    expect(inMaintenanceWindow(new Date('2026-11-25T01:30:00Z'), 'Europe/Berlin', undefined)).toBe(
      false,
    );
  });

  test('a window that runs past midnight', () => {
    const late = { day: 'saturday', start: '22:00', hours: 4 };
    expect(inMaintenanceWindow(new Date('2026-11-29T00:30:00Z'), 'Europe/London', late)).toBe(true); // Sun 00:30
    expect(inMaintenanceWindow(new Date('2026-11-29T02:30:00Z'), 'Europe/London', late)).toBe(
      false,
    ); // Sun 02:30
  });
});
