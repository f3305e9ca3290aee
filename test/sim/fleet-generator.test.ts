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

  test('plausible: each device misses only updates for its own system, and months are months', () => {
    const { endpoints, updates } = generateFleet(DEMO_ORGS, 42);
    for (const e of endpoints) {
      for (const i of e.missing) {
        const u = updates[i];
        if (!u) throw new Error(`no update ${i}`);
        if (/Windows 11/.test(u.name)) expect(e.os).toMatch(/^Windows 11/);
        if (/Windows 10/.test(u.name)) expect(e.os).toMatch(/^Windows 10/);
        if (/server operating system/.test(u.name)) expect(e.os).toMatch(/^Windows Server/);
        if (u.source === 'Windows') expect(e.os).toMatch(/^Windows/);
      }
    }
    const months = updates.flatMap((u) => /^(\d{4})-(\d{2}) /.exec(u.name)?.[2] ?? []);
    expect(months.length).toBeGreaterThanOrEqual(4); // the monthly Windows and .NET updates
    for (const month of months) {
      expect(Number(month)).toBeGreaterThanOrEqual(1);
      expect(Number(month)).toBeLessThanOrEqual(12);
    }
    // The Windows 10 PCs still miss things: their own cumulative update among them.
    expect(
      endpoints.some(
        (e) =>
          e.os.startsWith('Windows 10') &&
          e.missing.some((i) => /Windows 10/.test(updates[i]?.name ?? '')),
      ),
    ).toBe(true);
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
