import { DEMO_ORGS, generateFleet } from '../../sim/action1/fleet-generator';

describe('seeded fleet generator', () => {
  test('the same seed gives the same fleet; another seed a different one', () => {
    const now = new Date('2026-11-27T12:00:00Z');
    const a = generateFleet(DEMO_ORGS, 42, now);
    const b = generateFleet(DEMO_ORGS, 42, now);
    const c = generateFleet(DEMO_ORGS, 43, now);
    expect(JSON.stringify(a.endpoints)).toBe(JSON.stringify(b.endpoints));
    expect(JSON.stringify(a.endpoints)).not.toBe(JSON.stringify(c.endpoints));
    expect(a.endpoints).toHaveLength(152);
  });

  test('a realistic mix: OS spread, offline, reboot pending, critical and other updates', () => {
    const { endpoints, updates } = generateFleet(DEMO_ORGS, 42);
    const share = (pred: (e: (typeof endpoints)[number]) => boolean) =>
      endpoints.filter(pred).length / endpoints.length;
    expect(share((e) => !e.online)).toBeGreaterThan(0.03);
    expect(share((e) => e.rebootRequired)).toBeGreaterThan(0.03);
    expect(
      share((e) => e.missing.some((i) => updates[i]?.severity === 'Critical')),
    ).toBeGreaterThan(0.05);
    expect(share((e) => e.missing.length === 0)).toBeGreaterThan(0.2);
    expect(new Set(endpoints.map((e) => e.os)).size).toBeGreaterThanOrEqual(4);
    expect(endpoints.every((e) => e.software.length >= 0)).toBe(true);
  });

  test('scales to 50,000 endpoints with unique names and ids', () => {
    const { endpoints } = generateFleet(
      [{ id: 'big', name: 'Big', prefix: 'BIG', endpoints: 50_000 }],
      1,
    );
    expect(endpoints).toHaveLength(50_000);
    expect(new Set(endpoints.map((e) => e.name)).size).toBe(50_000);
    expect(new Set(endpoints.map((e) => e.id)).size).toBe(50_000);
    expect(endpoints.every((e) => /^BIG-(LT|PC|SRV)-\d{5}$/.test(e.name))).toBe(true);
  });
});
